//! hynas-passes: graph rewrites and memory planning.
//!
//! The pipeline is listed in one place, [`PIPELINE`]; [`run_pipeline`] runs it to a fixpoint and,
//! when asked (always in debug builds and tests), runs the IR verifier after every pass.

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
    /// Run the verifier after each pass (always on in debug builds).
    pub verify: bool,
    /// Called with the IR text after the named pass runs.
    pub dump_after: Option<DumpAfter<'a>>,
    /// Passes to skip (ablations: what does one pass buy?).
    pub disable: &'a [&'a str],
}

/// Runs [`PIPELINE`] until no pass changes the graph.
pub fn run_pipeline(graph: &mut Graph, mut opts: Options) -> Result<(), PassError> {
    let names = opts.dump_after.iter().map(|(n, _)| *n).chain(opts.disable.iter().copied());
    for name in names {
        if !pass_names().contains(&name) {
            return Err(PassError::UnknownPass(name.to_string(), pass_names().join(", ")));
        }
    }
    let verify = opts.verify || cfg!(debug_assertions);
    for _round in 0..8 {
        let mut changed = false;
        for pass in PIPELINE.iter().filter(|p| !opts.disable.contains(&p.name())) {
            let ch = pass.run(graph).map_err(|source| PassError::Ir { pass: pass.name(), source })?;
            if verify {
                hynas_ir::verify(graph).map_err(|source| PassError::Ir { pass: pass.name(), source })?;
            }
            if let Some((name, f)) = &mut opts.dump_after {
                if *name == pass.name() && (ch || _round == 0) {
                    f(&hynas_ir::print(graph));
                }
            }
            changed |= ch;
        }
        if !changed {
            break;
        }
    }
    Ok(())
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
