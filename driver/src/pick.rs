//! Which candidate a search names "best" and retrains: `--pick`.
//!
//! - `baseline` (the default): the most accurate candidate whose instructions and RAM are at most
//!   the ResNet-8 baseline's (what a user deploying in place of ResNet-8 wants); when none is, the
//!   most accurate one, and the report says so.
//! - `max-accuracy`: the most accurate candidate, whatever it costs.
//! - `under:N`: the most accurate candidate with at most N instructions (else the cheapest).
//! - `knee`: on the Pareto front of (validation accuracy, log instructions), the point farthest
//!   from the straight line between the front's cheapest and its most accurate point, both axes
//!   scaled to [0, 1] (the usual knee of a trade-off curve).
//!
//! Ties go to fewer instructions, then the lower candidate index; candidates are those at the
//! highest rung reached (accuracies of different rungs are not comparable).
//!
//! "Instructions" is the search's latency measure: a record's `cycles`, which are Spike's (one
//! per instruction) or, in a search with `--core`, that core's modelled cycles.

use crate::record::{Record, Status};

/// The rule (module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pick {
    #[default]
    Baseline,
    MaxAccuracy,
    Under(u64),
    Knee,
}

impl Pick {
    pub const NAMES: &'static str = "baseline, max-accuracy, under:INSTRUCTIONS or knee";

    pub fn parse(s: &str) -> Result<Pick, String> {
        match s {
            "baseline" => Ok(Pick::Baseline),
            "max-accuracy" => Ok(Pick::MaxAccuracy),
            "knee" => Ok(Pick::Knee),
            _ => match s.strip_prefix("under:").map(|n| n.replace('_', "").parse::<u64>()) {
                Some(Ok(n)) if n > 0 => Ok(Pick::Under(n)),
                _ => Err(format!("unknown pick `{s}`: expected {}", Pick::NAMES)),
            },
        }
    }

    /// The rule in words; `unit` names the latency measure (`instructions`, or e.g.
    /// `ibex-small cycles`).
    pub fn describe(self, unit: &str) -> String {
        match self {
            Pick::Baseline => format!("the most accurate with at most the baseline's {unit} and RAM"),
            Pick::MaxAccuracy => "the most accurate".into(),
            Pick::Under(n) => format!("the most accurate with at most {n} {unit}"),
            Pick::Knee => format!("the knee of the accuracy-{unit} front"),
        }
    }
}

/// The choice and, when the rule found no candidate within its budget, why it fell back.
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub index: usize,
    pub fallback: Option<String>,
}

fn acc(e: &Record) -> f64 {
    e.val_accuracy.unwrap_or(0.0)
}

/// The latency measure (module docs).
fn instr(e: &Record) -> u64 {
    e.cycles.or(e.instructions).unwrap_or(u64::MAX)
}

/// The most accurate of `among` (indices into `history`); ties: fewer instructions, lower index.
fn most_accurate(history: &[Record], among: &[usize]) -> Option<usize> {
    among.iter().copied().max_by(|&a, &b| {
        let (x, y) = (&history[a], &history[b]);
        acc(x).partial_cmp(&acc(y)).unwrap_or(std::cmp::Ordering::Equal).then(instr(y).cmp(&instr(x))).then(b.cmp(&a))
    })
}

/// Picks among `candidates` (indices of ok records of `history` at one rung) by `rule`;
/// `baseline` is the ResNet-8 record (used by [`Pick::Baseline`]). `None` when there is none.
/// `unit` names the latency measure in the reasons (see [`Pick::describe`]).
pub fn pick(
    rule: Pick,
    history: &[Record],
    candidates: &[usize],
    baseline: Option<&Record>,
    unit: &str,
) -> Option<Picked> {
    let any = most_accurate(history, candidates)?;
    let within = |f: &dyn Fn(&Record) -> bool| -> Vec<usize> {
        candidates.iter().copied().filter(|&i| f(&history[i])).collect()
    };
    let fallback = |why: String| Some(Picked { index: any, fallback: Some(why) });
    match rule {
        Pick::MaxAccuracy => Some(Picked { index: any, fallback: None }),
        Pick::Baseline => {
            let Some(b) = baseline.filter(|b| b.status != Status::Failed && b.cycles.or(b.instructions).is_some())
            else {
                return fallback(format!("the baseline has no measured {unit} and RAM"));
            };
            let (bi, br) = (instr(b), b.ram_bytes.unwrap_or(0));
            let ok = within(&|e| instr(e) <= bi && e.ram_bytes.unwrap_or(u64::MAX) <= br);
            match most_accurate(history, &ok) {
                Some(i) => Some(Picked { index: i, fallback: None }),
                None => fallback(format!("no candidate has at most the baseline's {bi} {unit} and {br} B RAM")),
            }
        }
        Pick::Under(n) => {
            let ok = within(&|e| instr(e) <= n);
            match most_accurate(history, &ok) {
                Some(i) => Some(Picked { index: i, fallback: None }),
                None => fallback(format!("no candidate has at most {n} {unit}")),
            }
        }
        Pick::Knee => Some(Picked { index: knee(history, candidates).unwrap_or(any), fallback: None }),
    }
}

/// The `n` candidates a search retrains: the pick first, then the next most accurate that the
/// rule admits (its budget: instructions and RAM for `baseline`, instructions for `under:N`;
/// `max-accuracy` and `knee` admit all).
pub fn top(rule: Pick, history: &[Record], candidates: &[usize], baseline: Option<&Record>, n: usize) -> Vec<usize> {
    let Some(first) = pick(rule, history, candidates, baseline, "") else { return vec![] };
    let admits = |e: &Record| match rule {
        Pick::Baseline => baseline
            .is_some_and(|b| instr(e) <= instr(b) && e.ram_bytes.unwrap_or(u64::MAX) <= b.ram_bytes.unwrap_or(0)),
        Pick::Under(limit) => instr(e) <= limit,
        Pick::MaxAccuracy | Pick::Knee => true,
    };
    let mut rest: Vec<usize> =
        candidates.iter().copied().filter(|&i| i != first.index && admits(&history[i])).collect();
    let mut out = vec![first.index];
    while out.len() < n {
        let Some(next) = most_accurate(history, &rest) else { break };
        out.push(next);
        rest.retain(|&i| i != next);
    }
    out
}

/// The knee of the (accuracy, log instructions) front of `candidates` (module docs).
fn knee(history: &[Record], candidates: &[usize]) -> Option<usize> {
    let mut front: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| {
            !candidates.iter().any(|&j| {
                let (a, b) = (&history[j], &history[i]);
                acc(a) >= acc(b) && instr(a) <= instr(b) && (acc(a) > acc(b) || instr(a) < instr(b))
            })
        })
        .collect();
    front.sort_by_key(|&i| (instr(&history[i]), i));
    front.dedup_by_key(|i| instr(&history[*i]));
    if front.len() < 3 {
        return front.last().copied();
    }
    let x = |i: usize| (instr(&history[i]).max(1) as f64).ln();
    let (x0, x1) = (x(front[0]), x(front[front.len() - 1]));
    let (y0, y1) = (acc(&history[front[0]]), acc(&history[front[front.len() - 1]]));
    let sx = (x1 - x0).max(1e-12);
    let sy = (y1 - y0).abs().max(1e-12);
    // Distance from the chord in scaled coordinates (the chord runs from (0, 0) to (1, 1)).
    let dist = |i: usize| ((acc(&history[i]) - y0) / sy) - ((x(i) - x0) / sx);
    front.iter().copied().max_by(|&a, &b| dist(a).partial_cmp(&dist(b)).unwrap_or(std::cmp::Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hynas_searcher::Genome;

    fn rec(i: i64, acc: f64, instructions: u64, ram: u64) -> Record {
        let mut r = Record::new(i, Genome::Resnet8, Status::Ok);
        r.val_accuracy = Some(acc);
        r.instructions = Some(instructions);
        r.ram_bytes = Some(ram);
        r
    }

    /// A crafted history: the most accurate candidate is too slow, the best under the baseline
    /// is candidate 2, a cheap knee at candidate 1.
    fn history() -> Vec<Record> {
        vec![
            rec(0, 0.50, 1_000_000, 20_000),
            rec(1, 0.70, 2_000_000, 30_000),
            rec(2, 0.74, 15_000_000, 120_000),
            rec(3, 0.80, 30_000_000, 200_000),
            rec(4, 0.76, 16_000_000, 400_000),
            rec(5, 0.72, 12_000_000, 90_000),
        ]
    }

    #[test]
    fn picks_follow_their_rules() {
        let h = history();
        let all: Vec<usize> = (0..h.len()).collect();
        let base = rec(-1, 0.75, 17_283_010, 131_344);
        let p = |rule| pick(rule, &h, &all, Some(&base), "instructions").unwrap();
        assert_eq!(p(Pick::MaxAccuracy), Picked { index: 3, fallback: None });
        // 4 is faster than the baseline but needs more RAM.
        assert_eq!(p(Pick::Baseline), Picked { index: 2, fallback: None });
        assert_eq!(p(Pick::Under(13_000_000)), Picked { index: 5, fallback: None });
        assert_eq!(p(Pick::Under(1_500_000)).index, 0);
        let none = p(Pick::Under(10));
        assert_eq!(none.index, 3);
        assert!(none.fallback.unwrap().contains("at most 10 instructions"));
        assert_eq!(p(Pick::Knee).index, 1);
        let tiny = rec(-1, 0.75, 100, 100);
        let fb = pick(Pick::Baseline, &h, &all, Some(&tiny), "instructions").unwrap();
        assert_eq!(fb.index, 3);
        assert!(fb.fallback.unwrap().contains("baseline's 100 instructions and 100 B RAM"));
        assert_eq!(pick(Pick::MaxAccuracy, &h, &[], Some(&base), "instructions"), None);
        // The three best under the baseline's budget: 2, 5, 1 (4 needs more RAM, 3 more time).
        assert_eq!(top(Pick::Baseline, &h, &all, Some(&base), 3), vec![2, 5, 1]);
        assert_eq!(top(Pick::Under(13_000_000), &h, &all, Some(&base), 9), vec![5, 1, 0]);
        assert_eq!(top(Pick::MaxAccuracy, &h, &all, None, 2), vec![3, 4]);
        assert_eq!(top(Pick::Knee, &h, &all, None, 2), vec![1, 3]);
    }

    #[test]
    fn ties_go_to_fewer_instructions() {
        let h = vec![rec(0, 0.7, 5, 1), rec(1, 0.7, 3, 1), rec(2, 0.7, 3, 1)];
        assert_eq!(pick(Pick::MaxAccuracy, &h, &[0, 1, 2], None, "instructions").unwrap().index, 1);
    }

    #[test]
    fn rules_parse() {
        assert_eq!(Pick::parse("under:17_300_000"), Ok(Pick::Under(17_300_000)));
        assert_eq!(Pick::parse("knee"), Ok(Pick::Knee));
        for bad in ["under:", "under:0", "under:x", "fastest", ""] {
            assert!(Pick::parse(bad).unwrap_err().contains("max-accuracy"), "{bad}");
        }
    }
}
