//! The verifier: checks the invariants every pass must keep.
//! - the graph is acyclic and every output exists;
//! - each op has exactly its operand count, in consecutive slots 0..n;
//! - every stored shape equals the shape re-inferred from the operands;
//! - constant data matches its shape; constant names are unique.

use crate::graph::{Graph, NodeKind};
use crate::IrError;
use std::collections::HashSet;

pub fn verify(graph: &Graph) -> Result<(), IrError> {
    graph.topo_order()?;
    let mut const_names = HashSet::new();
    for id in graph.node_ids() {
        let n = graph.node(id);
        let err = |msg: String| IrError::Verify(format!("node \"{}\" (%{}): {msg}", n.name, id.0));
        match &n.kind {
            NodeKind::Input => {}
            NodeKind::Const { data, .. } => {
                if data.shape != n.shape || data.data.len() != n.shape.numel() {
                    return Err(err(format!("constant data {} does not match {}", data.shape, n.shape)));
                }
                if !const_names.insert(n.name.clone()) {
                    return Err(err("duplicate constant name".into()));
                }
            }
            NodeKind::Op(op) => {
                let ops = graph.operands(id);
                if ops.len() != op.num_operands() {
                    return Err(err(format!(
                        "{} has {} operands, expected {}",
                        op.name(),
                        ops.len(),
                        op.num_operands()
                    )));
                }
                let shapes: Vec<_> = ops.iter().map(|&o| &graph.node(o).shape).collect();
                let s = op.infer_shape(&shapes).map_err(err)?;
                if s != n.shape {
                    return Err(err(format!("stored shape {} but operands give {s}", n.shape)));
                }
            }
        }
    }
    for &o in graph.outputs() {
        if !graph.contains(o) {
            return Err(IrError::Verify(format!("output %{} does not exist", o.0)));
        }
    }
    if graph.outputs().is_empty() {
        return Err(IrError::Verify("graph has no outputs".into()));
    }
    Ok(())
}
