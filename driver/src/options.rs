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
    Ram,
}

impl Objective {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "val_error" => Ok(Objective::ValError),
            "instructions" => Ok(Objective::Instructions),
            "ram" => Ok(Objective::Ram),
            o => Err(invalid(format!("unknown objective \"{}\"; choose val_error, instructions, ram", clip(o)))),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Objective::ValError => "val_error",
            Objective::Instructions => "instructions",
            Objective::Ram => "ram",
        }
    }
    pub fn value(self, e: &Record) -> f64 {
        match self {
            Objective::ValError => 1.0 - e.val_accuracy.unwrap_or(0.0),
            Objective::Instructions => e.instructions.map_or(f64::MAX, |x| x as f64),
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
