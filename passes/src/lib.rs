//! hynas-passes: graph rewrites and memory planning.
//!
//! The pipeline is listed in one place, [`PIPELINE`]; [`run_pipeline`] runs it to a fixpoint with
//! the IR verifier after every pass, in every build. Its cost is in [`PipelineStats`]: 0.04-0.16 ms
//! per bench model (its whole pipeline), against ~1 s of LLVM for the same model: well under 1%
//! of a compile (`passes/tests/verify_release.rs` prints it).

pub mod eliminate_dead;
pub mod fold_batch_norm;
pub mod fold_scale;
pub mod fuse_attention;
pub mod fuse_ops;
pub mod plan_memory;
pub mod quantize;

use hynas_ir::{Graph, IrError};

#[derive(Debug, thiserror::Error)]
pub enum PassError {
    #[error("pass {pass}: {source}")]
    Ir { pass: &'static str, source: IrError },
    /// The graph a pass left behind breaks an invariant of the IR (a bug in that pass).
    #[error("the graph after pass {pass} is invalid ({source})")]
    Verify { pass: &'static str, source: IrError },
    #[error("unknown pass \"{0}\"; passes: {1}")]
    UnknownPass(String, String),
    #[error("memory plan: {0}")]
    Plan(String),
    #[error("quantise: {0}")]
    Quantize(String),
}

/// A graph rewrite. Returns whether it changed the graph.
pub trait Pass {
    fn name(&self) -> &'static str;
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError>;
}

/// The optimisation pipeline, in order.
pub const PIPELINE: &[&dyn Pass] = &[
    &fold_batch_norm::FoldBatchNorm,
    &fold_scale::FoldScale,
    &eliminate_dead::EliminateDead,
    &fuse_attention::FuseAttention,
    &fuse_ops::FuseOps,
];

pub fn pass_names() -> Vec<&'static str> {
    PIPELINE.iter().map(|p| p.name()).collect()
}

/// A pass name and the callback that receives the IR text after it runs.
pub type DumpAfter<'a> = (&'a str, &'a mut dyn FnMut(&str));

#[derive(Default)]
pub struct Options<'a> {
    /// Called with the IR text after the named pass runs.
    pub dump_after: Option<DumpAfter<'a>>,
    /// Passes to skip (ablations: what does one pass buy?).
    pub disable: &'a [&'a str],
}

/// What a pipeline run cost: the passes, the verifier after each, the rounds to the fixpoint.
#[derive(Clone, Copy, Debug, Default)]
pub struct PipelineStats {
    pub passes: std::time::Duration,
    pub verify: std::time::Duration,
    pub rounds: usize,
}

/// Runs [`PIPELINE`] until no pass changes the graph, verifying the graph after every pass.
pub fn run_pipeline(graph: &mut Graph, opts: Options) -> Result<PipelineStats, PassError> {
    run_passes(graph, PIPELINE, opts)
}

/// As [`run_pipeline`] with other passes (tests, experiments): the same fixpoint, the same
/// verifier after each.
pub fn run_passes(graph: &mut Graph, passes: &[&dyn Pass], mut opts: Options) -> Result<PipelineStats, PassError> {
    let known: Vec<&str> = passes.iter().map(|p| p.name()).collect();
    let names = opts.dump_after.iter().map(|(n, _)| *n).chain(opts.disable.iter().copied());
    for name in names {
        if !known.contains(&name) {
            return Err(PassError::UnknownPass(name.to_string(), known.join(", ")));
        }
    }
    let mut stats = PipelineStats::default();
    for round in 0..8 {
        stats.rounds = round + 1;
        let mut changed = false;
        for pass in passes.iter().filter(|p| !opts.disable.contains(&p.name())) {
            let t = std::time::Instant::now();
            let ch = pass.run(graph).map_err(|source| PassError::Ir { pass: pass.name(), source })?;
            let t_verify = std::time::Instant::now();
            stats.passes += t_verify - t;
            hynas_ir::verify(graph).map_err(|source| PassError::Verify { pass: pass.name(), source })?;
            stats.verify += t_verify.elapsed();
            if let Some((name, f)) = &mut opts.dump_after {
                if *name == pass.name() && (ch || round == 0) {
                    f(&hynas_ir::print(graph));
                }
            }
            changed |= ch;
        }
        if !changed {
            break;
        }
    }
    Ok(stats)
}

/// The optimised graph and its memory plan: the pipeline, then hill-climbing placement.
pub fn optimize(graph: &Graph, opts: Options) -> Result<(Graph, plan_memory::MemoryPlan), PassError> {
    let mut g = graph.clone();
    run_pipeline(&mut g, opts)?;
    let plan = plan_memory::plan(&g, plan_memory::Algorithm::HillClimb { iterations: 2000, seed: 0 })?;
    Ok((g, plan))
}

/// The single user of `id`, when it has exactly one and is not a graph output.
pub(crate) fn sole_user(graph: &Graph, id: hynas_ir::NodeId) -> Option<hynas_ir::NodeId> {
    let users = graph.users(id);
    if users.len() != 1 || graph.outputs().contains(&id) {
        return None;
    }
    // The user must read `id` through one slot only.
    let u = users[0];
    (graph.operands(u).iter().filter(|&&o| o == id).count() == 1).then_some(u)
}
