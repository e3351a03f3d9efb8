//! The verifier: checks the invariants every pass must keep.
//! - the graph is acyclic and every output exists;
//! - each op has exactly its operand count, in consecutive slots 0..n;
//! - every stored shape equals the shape re-inferred from the operands;
//! - constant data matches its shape; constant names are unique;
//! - element types: an f32 value has no quantisation parameters, an integer value has valid ones
//!   (an integer constant's match its data's type), and every op's operand and result types
//!   follow its rules (`ops::typing`).

use crate::graph::{Graph, NodeKind};
use crate::{DType, IrError, Op};
use std::collections::HashSet;

pub fn verify(graph: &Graph) -> Result<(), IrError> {
    graph.topo_order()?;
    let mut const_names = HashSet::new();
    for id in graph.node_ids() {
        let n = graph.node(id);
        let err = |msg: String| IrError::Verify(format!("node \"{}\" (%{}): {msg}", n.name, id.0));
        match (&n.quant, n.dtype.is_int()) {
            (Some(q), true) => q.check(n.dtype, &n.shape).map_err(err)?,
            (None, true) => return Err(err(format!("{} value without quantisation parameters", n.dtype))),
            (Some(_), false) => return Err(err("an f32 value carries quantisation parameters".into())),
            (None, false) => {}
        }
        match &n.kind {
            NodeKind::Input => {}
            NodeKind::Const { data, .. } => {
                if data.shape != n.shape || data.data.len() != n.shape.numel() {
                    return Err(err(format!("constant data {} does not match {}", data.shape, n.shape)));
                }
                if n.dtype != DType::F32 {
                    return Err(err(format!("f32 constant data in a {} value", n.dtype)));
                }
                if !const_names.insert(n.name.clone()) {
                    return Err(err("duplicate constant name".into()));
                }
            }
            NodeKind::IntConst { data, .. } => {
                if data.shape != n.shape || data.data.len() != n.shape.numel() {
                    return Err(err(format!("constant data {} does not match {}", data.shape, n.shape)));
                }
                if data.dtype != n.dtype {
                    return Err(err(format!("{} constant data in a {} value", data.dtype, n.dtype)));
                }
                let (lo, hi) = n.dtype.int_range().unwrap_or((i32::MIN, i32::MAX));
                if let Some(v) = data.data.iter().find(|v| !(lo..=hi).contains(*v)) {
                    return Err(err(format!("constant value {v} is outside {}'s range", n.dtype)));
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
                // A fused kernel codegen cannot compile (an f32 add anchor, an integer chain
                // without an integer kernel) is refused here, not by the compiler.
                if let Op::Fused(f) = op {
                    f.check(n.dtype.is_int()).map_err(err)?;
                }
                let tys: Vec<_> = ops.iter().map(|&o| graph.node(o)).map(|m| (m.dtype, m.quant.as_ref())).collect();
                op.check_types(&tys, (n.dtype, n.quant.as_ref())).map_err(err)?;
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
