//! What a search is asked to do: [`SearchOptions`] and their parts.

use crate::executor::slurm::SlurmOptions;
use crate::record::{Evaluation, Record};
use crate::util::clip;
use crate::{invalid, Result};
use hynas_searcher::strategy::{EvolutionConfig, MutationKind, Strategy};
use hynas_searcher::Space;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    ValError,
    Instructions,
    /// Modelled cycles of the search's `--core` (Spike's, one per instruction, without one).
    Cycles,
    Ram,
}

impl Objective {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "val_error" => Ok(Objective::ValError),
            "instructions" => Ok(Objective::Instructions),
            "cycles" => Ok(Objective::Cycles),
            "ram" => Ok(Objective::Ram),
            o => {
                Err(invalid(format!("unknown objective \"{}\"; choose val_error, instructions, cycles, ram", clip(o))))
            }
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Objective::ValError => "val_error",
            Objective::Instructions => "instructions",
            Objective::Cycles => "cycles",
            Objective::Ram => "ram",
        }
    }
    pub fn value(self, e: &Record) -> f64 {
        match self {
            Objective::ValError => 1.0 - e.val_accuracy.unwrap_or(0.0),
            Objective::Instructions => e.instructions.map_or(f64::MAX, |x| x as f64),
            Objective::Cycles => e.cycles.or(e.instructions).map_or(f64::MAX, |x| x as f64),
            Objective::Ram => e.ram_bytes.map_or(f64::MAX, |x| x as f64),
        }
    }
}

/// Where candidates are evaluated.
#[derive(Clone, Debug)]
pub enum ExecutorChoice {
    /// Worker threads of this process (`--parallel` of them).
    Local,
    /// One Slurm job per task.
    Slurm(SlurmOptions),
}

#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub space: Space,
    pub strategy: Strategy,
    pub evolution: EvolutionConfig,
    /// Candidates to evaluate (compiled and trained), rejected ones not counted.
    pub candidates: usize,
    pub objectives: Vec<Objective>,
    pub bounds: Vec<f64>,
    pub out: PathBuf,
    pub resume: bool,
    /// How one candidate is evaluated (seed, limits, data, target, proxy and final recipes).
    pub eval: Evaluation,
    /// Tasks in flight at once (worker threads, or cluster jobs).
    pub parallel: usize,
    /// Also retrain the other Pareto-front candidates with the final recipe (into `front/<i>/`).
    pub retrain_front: bool,
    /// Successive halving over `eval.ladder`: the best 1/eta of each rung is promoted.
    pub eta: usize,
    /// Predictor-guided proposals (`None`: every proposal is trained).
    pub predictor: Option<PredictorConfig>,
    pub executor: ExecutorChoice,
    /// Which candidate the report names best and retrains.
    pub pick: crate::pick::Pick,
    /// Retrain this many candidates (the pick, then the next most accurate within its budget).
    pub retrain_top: usize,
    /// Also retrain ResNet-8 with the final recipe (`reference/`, cached across searches per
    /// recipe and data) and compare the best with it.
    pub reference: bool,
}

/// Predictor-guided proposals (HANNAH's): after the first `population` candidates, the search
/// goes in rounds of `train` candidates; each round samples `sample` distinct children with the
/// strategy (from the view of the round's first candidate), predicts their objectives with a
/// Gaussian process fitted on the rung-0 results so far ([`hynas_searcher::predictor`]) and
/// evaluates the `train` best predicted (lowest non-domination rank, then predicted validation
/// error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PredictorConfig {
    pub sample: usize,
    pub train: usize,
}

impl SearchOptions {
    pub fn seed(&self) -> u64 {
        self.eval.seed
    }

    /// What decides the tasks (see [`SearchConfig::schedule`]).
    pub fn schedule(&self) -> String {
        let ladder: Vec<String> = self.eval.ladder.iter().map(|r| r.to_string()).collect();
        // Which promotion runs when depends on the tasks in flight: a ladder fixes --parallel.
        let mut s = if ladder.len() > 1 {
            format!("fidelity {} eta {} parallel {}", ladder.join(","), self.eta, self.parallel)
        } else {
            "fidelity one rung".into()
        };
        if let Some(p) = self.predictor {
            s += &format!(", predictor gp {}/{}", p.sample, p.train);
        }
        if self.evolution.mutation != MutationKind::One {
            s += &format!(", mutation {}", self.evolution.mutation.name());
        }
        s
    }
}

/// A search preset: the value of every option the user leaves out (`hynas search --preset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The bundled sample in about a minute: 8 candidates, population 4, 4 proxy epochs of batch
    /// 32, no predictor, at most 20M instructions, 8 final epochs; resumes by itself.
    Quick,
    /// This machine: 40 candidates, population 20, a 2-epoch proxy on 30,000 images, the GP
    /// predictor, 30 final epochs.
    Cpu,
    /// HANNAH's search item: 500 candidates, population 20, 10 epochs on 45,000 images, mutation
    /// of a tenth of the parameter slots, the predictor, 100 final epochs.
    HannahItem,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Quick, Preset::Cpu, Preset::HannahItem];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Quick => "quick",
            Preset::Cpu => "cpu",
            Preset::HannahItem => "hannah-item",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Preset::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| invalid(format!("unknown preset \"{}\"; choose quick, cpu or hannah-item", clip(s))))
    }

    /// (quick, cpu, hannah-item)
    fn pick<T>(self, quick: T, cpu: T, hannah: T) -> T {
        match self {
            Preset::Quick => quick,
            Preset::Cpu => cpu,
            Preset::HannahItem => hannah,
        }
    }

    pub fn candidates(self) -> usize {
        self.pick(8, 40, 500)
    }
    pub fn population(self) -> usize {
        self.pick(4, 20, 20)
    }
    pub fn tournament(self) -> usize {
        self.pick(2, 10, 10)
    }
    pub fn mutation(self) -> MutationKind {
        self.pick(MutationKind::One, MutationKind::One, MutationKind::Fraction(0.1))
    }
    /// The predictor rounds (none for the quick demo).
    pub fn predictor(self) -> Option<PredictorConfig> {
        (self != Preset::Quick).then_some(PredictorConfig { sample: 50, train: 20 })
    }
    /// The proxy's epochs when it is a single rung without a ladder.
    pub fn proxy_epochs(self) -> usize {
        self.pick(4, 2, 10)
    }
    /// The proxy's batch: `batch` as asked, 32 for the quick demo.
    pub fn proxy_batch(self, batch: usize) -> usize {
        self.pick(32, batch, batch)
    }
    /// The fidelity ladder; `train_split` is the data set's training-split size (the cpu preset's
    /// 30,000 images are capped at it, so the default runs on any data set).
    pub fn ladder(self, train_split: usize) -> Vec<crate::record::Rung> {
        use crate::record::Rung;
        self.pick(
            vec![],
            vec![Rung { epochs: 2, images: Some(30_000.min(train_split)) }],
            vec![Rung { epochs: 10, images: Some(45_000) }],
        )
    }
    /// The final training's epochs, unless the recipe has its own.
    pub fn final_epochs(self) -> usize {
        self.pick(8, 30, 100)
    }
    /// The instruction budget when none is given.
    pub fn max_instructions(self) -> Option<u64> {
        self.pick(Some(20_000_000), None, None)
    }
    /// Whether a search folder of an earlier run is continued without `--resume`.
    pub fn resumes_by_itself(self) -> bool {
        self == Preset::Quick
    }
}
