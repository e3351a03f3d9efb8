//! Search strategies. Each proposal is a pure function of the seed, the candidate's index and
//! the results so far, so a resumed search proposes exactly what the interrupted one would have:
//! the RNG of candidate i is ChaCha8 seeded from (seed, i), and the population is rebuilt from the
//! history.
//!
//! - `Evolution`: HANNAH's aging evolution: the first `population` candidates are random; then
//!   with probability `random_prob` a fresh random genome, otherwise the best of `tournament`
//!   members drawn with replacement from the `population` youngest results, mutated in one
//!   active parameter (or, HANNAH-ITEM's way, in a fraction of all parameter slots). Fitness is HANNAH's randomly scalarised distance
//!   sqrt(sum_i (lambda_i * v_i / b_i)^2), lambda_i ~ U(0, 1) drawn at each selection.
//! - `Random`: random sampling (the baseline).
//! - `Pareto`: NSGA-II selection: parents by binary tournament on (non-domination rank,
//!   crowding distance) over every result so far, then one mutation.

use crate::{Genome, SearchError, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Evolution,
    Random,
    Pareto,
}

impl Strategy {
    pub fn parse(s: &str) -> Result<Self, SearchError> {
        match s {
            "evolution" => Ok(Strategy::Evolution),
            "random" => Ok(Strategy::Random),
            "pareto" => Ok(Strategy::Pareto),
            o => Err(SearchError::Invalid(format!("unknown strategy \"{o}\"; choose evolution, random or pareto"))),
        }
    }
}

/// How a parent becomes a child.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MutationKind {
    /// One active parameter (hynas's default).
    One,
    /// A fraction of all parameter slots, active or not (HANNAH-ITEM: 0.1); see
    /// [`Genome::mutate_fraction`].
    Fraction(f64),
}

impl MutationKind {
    /// `one` or `fraction:F` (0 < F <= 1).
    pub fn parse(s: &str) -> Result<Self, SearchError> {
        let bad = || {
            SearchError::Invalid(format!(
                "unknown mutation \"{}\"; choose one or fraction:F with 0 < F <= 1 (e.g. fraction:0.1)",
                crate::strict_json::clip(s)
            ))
        };
        match s.split_once(':') {
            None if s == "one" => Ok(MutationKind::One),
            Some(("fraction", f)) => {
                f.parse::<f64>().ok().filter(|f| *f > 0.0 && *f <= 1.0).map(MutationKind::Fraction).ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }

    pub fn name(self) -> String {
        match self {
            MutationKind::One => "one".into(),
            MutationKind::Fraction(f) => format!("fraction:{f}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct EvolutionConfig {
    pub population: usize,
    pub tournament: usize,
    pub random_prob: f64,
    pub mutation: MutationKind,
}

impl Default for EvolutionConfig {
    fn default() -> Self {
        EvolutionConfig { population: 20, tournament: 10, random_prob: 0.1, mutation: MutationKind::One }
    }
}

/// An evaluated candidate as the strategies see it: its genome and objective values (all to be
/// minimised), in history order.
#[derive(Clone, Debug)]
pub struct Scored {
    pub genome: Genome,
    pub objectives: Vec<f64>,
}

/// Candidate i's own RNG.
pub fn rng_for(seed: u64, i: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64).wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03),
    )
}

/// HANNAH's randomly scalarised distance (lower is better).
pub fn scalarized(v: &[f64], bounds: &[f64], lambdas: &[f64]) -> f64 {
    v.iter().zip(bounds).zip(lambdas).map(|((v, b), l)| (l * v / b).powi(2)).sum::<f64>().sqrt()
}

/// `a` dominates `b` (minimisation).
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

/// Non-dominated sorting: the rank (0 = Pareto front) of each point.
pub fn pareto_ranks(points: &[Vec<f64>]) -> Vec<usize> {
    let n = points.len();
    let mut rank = vec![usize::MAX; n];
    let mut r = 0;
    let mut left: Vec<usize> = (0..n).collect();
    while !left.is_empty() {
        let front: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&i| !left.iter().any(|&j| j != i && dominates(&points[j], &points[i])))
            .collect();
        for &i in &front {
            rank[i] = r;
        }
        left.retain(|i| !front.contains(i));
        r += 1;
    }
    rank
}

/// The order in which candidates are preferred: non-domination rank first, then objective `by`
/// (lower is better; none: no second criterion), then `tie(k)` (a stable index). Used to promote
/// up a fidelity ladder and to pick which predicted children to train.
pub fn preference_order(points: &[Vec<f64>], by: Option<usize>, tie: impl Fn(usize) -> usize) -> Vec<usize> {
    let ranks = pareto_ranks(points);
    let value = |k: usize| by.map_or(0.0, |v| points[k][v]);
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| ranks[a].cmp(&ranks[b]).then(value(a).total_cmp(&value(b))).then(tie(a).cmp(&tie(b))));
    order
}

/// NSGA-II crowding distance of each point within its rank.
#[allow(clippy::needless_range_loop)] // `k` indexes the objective inside each point
pub fn crowding(points: &[Vec<f64>], rank: &[usize]) -> Vec<f64> {
    let n = points.len();
    let mut d = vec![0.0; n];
    let m = points.first().map_or(0, |p| p.len());
    for r in 0..=rank.iter().copied().filter(|&x| x != usize::MAX).max().unwrap_or(0) {
        let idx: Vec<usize> = (0..n).filter(|&i| rank[i] == r).collect();
        for k in 0..m {
            let mut s = idx.clone();
            s.sort_by(|&a, &b| points[a][k].total_cmp(&points[b][k]));
            if let (Some(&lo), Some(&hi)) = (s.first(), s.last()) {
                d[lo] = f64::INFINITY;
                d[hi] = f64::INFINITY;
                let span = (points[hi][k] - points[lo][k]).max(1e-12);
                for w in s.windows(3) {
                    d[w[1]] += (points[w[2]][k] - points[w[0]][k]) / span;
                }
            }
        }
    }
    d
}

/// A valid child of `parent` within the budget (up to 1000 mutation attempts, else random).
fn child(
    space: Space,
    mutation: MutationKind,
    parent: &Genome,
    rng: &mut ChaCha8Rng,
    accept: &dyn Fn(&Genome) -> bool,
) -> Result<Genome, SearchError> {
    for _ in 0..1000 {
        let c = match mutation {
            MutationKind::One => parent.mutate(rng).map(|(c, _)| c),
            MutationKind::Fraction(f) => parent.mutate_fraction(f, rng).map(|(c, _)| c),
        };
        if let Some(c) = c {
            if accept(&c) {
                return Ok(c);
            }
        }
    }
    random(space, rng, accept)
}

fn random(space: Space, rng: &mut ChaCha8Rng, accept: &dyn Fn(&Genome) -> bool) -> Result<Genome, SearchError> {
    for _ in 0..100_000 {
        let g = space.sample(rng);
        if accept(&g) {
            return Ok(g);
        }
    }
    Err(SearchError::Budget(format!("no {} genome satisfies the constraints in 100000 samples", space.name())))
}

/// Proposes candidate number `i` given the results so far (in history order).
#[allow(clippy::too_many_arguments)]
pub fn propose(
    strategy: Strategy,
    cfg: &EvolutionConfig,
    space: Space,
    seed: u64,
    i: usize,
    results: &[Scored],
    bounds: &[f64],
    accept: &dyn Fn(&Genome) -> bool,
) -> Result<Genome, SearchError> {
    propose_with(strategy, cfg, space, &mut rng_for(seed, i), results, bounds, accept)
}

/// [`propose`] drawing from `rng`.
pub fn propose_with(
    strategy: Strategy,
    cfg: &EvolutionConfig,
    space: Space,
    rng: &mut ChaCha8Rng,
    results: &[Scored],
    bounds: &[f64],
    accept: &dyn Fn(&Genome) -> bool,
) -> Result<Genome, SearchError> {
    let rng = &mut *rng;
    match strategy {
        Strategy::Random => random(space, rng, accept),
        Strategy::Evolution => {
            if results.len() < cfg.population || rng.gen_bool(cfg.random_prob) {
                return random(space, rng, accept);
            }
            let pop = &results[results.len() - cfg.population..];
            let lambdas: Vec<f64> = bounds.iter().map(|_| rng.gen_range(0.0..1.0)).collect();
            let mut best: Option<(&Scored, f64)> = None;
            for _ in 0..cfg.tournament.max(1) {
                let s = &pop[rng.gen_range(0..pop.len())];
                let f = scalarized(&s.objectives, bounds, &lambdas);
                if best.is_none_or(|(_, bf)| f < bf) {
                    best = Some((s, f));
                }
            }
            match best {
                Some((p, _)) => child(space, cfg.mutation, &p.genome, rng, accept),
                None => random(space, rng, accept),
            }
        }
        Strategy::Pareto => {
            if results.len() < cfg.population.clamp(2, 4) {
                return random(space, rng, accept);
            }
            let pts: Vec<Vec<f64>> = results.iter().map(|s| s.objectives.clone()).collect();
            let rank = pareto_ranks(&pts);
            let crowd = crowding(&pts, &rank);
            let better = |a: usize, b: usize| rank[a] < rank[b] || (rank[a] == rank[b] && crowd[a] > crowd[b]);
            let (a, b) = (rng.gen_range(0..results.len()), rng.gen_range(0..results.len()));
            let p = if better(b, a) { b } else { a };
            child(space, cfg.mutation, &results[p].genome, rng, accept)
        }
    }
}
