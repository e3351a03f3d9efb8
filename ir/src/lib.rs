//! hynas-ir: the typed graph IR every hynas component shares, its verifier, text printer,
//! weight (de)serialisation, activation statistics and the reference interpreter.

pub mod dtype;
pub mod files;
mod graph;
mod interp;
pub mod ops;
mod printer;
pub mod stats;
mod tensor;
pub mod text;
mod verify;
pub mod weights;

pub use dtype::{DType, Quant};
pub use graph::{Graph, Node, NodeId, NodeKind};
pub use interp::{interpret, interpret_int, interpret_observed};
pub use ops::{FusionPattern, Op};
pub use printer::print;
pub use tensor::{IntTensor, Shape, Tensor, MAX_ELEMENTS};
pub use verify::verify;

#[derive(Debug, thiserror::Error)]
pub enum IrError {
    #[error("shape error at \"{node}\" ({op}): {msg}")]
    Shape { node: String, op: &'static str, msg: String },
    #[error("no node %{0}")]
    NoSuchNode(u32),
    #[error("verifier: {0}")]
    Verify(String),
    #[error("interpreter: {0}")]
    Interp(String),
    #[error("weights: {0}")]
    Weights(String),
}

impl Graph {
    /// Activation bytes per buffer (the input, then every op output in schedule order) and the
    /// naive peak over that schedule.
    pub fn activation_stats(&self) -> Result<stats::ActivationStats, IrError> {
        let mut step_of = std::collections::HashMap::new();
        let mut bytes = Vec::new();
        let mut reads = Vec::new();
        for &i in self.inputs() {
            step_of.insert(i, bytes.len());
            bytes.push(self.node(i).bytes());
            reads.push(vec![]);
        }
        for id in self.schedule()? {
            let r = self.operands(id).iter().filter_map(|o| step_of.get(o).copied()).collect();
            step_of.insert(id, bytes.len());
            bytes.push(self.node(id).bytes());
            reads.push(r);
        }
        let outs: Vec<usize> = self.outputs().iter().filter_map(|o| step_of.get(o).copied()).collect();
        let peak = stats::peak_bytes(&stats::lifetimes(&bytes, &reads, &outs));
        Ok(stats::ActivationStats { bytes, peak })
    }
}
