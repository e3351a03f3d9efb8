//! The reference interpreter: evaluates a graph node by node with the plain-loop kernels of
//! `ops`, freeing each value after its last use. It is the oracle for every backend.

use crate::graph::{Graph, NodeId, NodeKind};
use crate::{IrError, Tensor};
use std::collections::HashMap;

/// Evaluates `graph` on `inputs` (one tensor per graph input, in order); returns the outputs.
pub fn interpret(graph: &Graph, inputs: &[Tensor]) -> Result<Vec<Tensor>, IrError> {
    if inputs.len() != graph.inputs().len() {
        return Err(IrError::Interp(format!("graph takes {} inputs, got {}", graph.inputs().len(), inputs.len())));
    }
    let order = graph.topo_order()?;
    let mut remaining: HashMap<NodeId, usize> = order.iter().map(|&n| (n, graph.users(n).len())).collect();
    for o in graph.outputs() {
        *remaining.entry(*o).or_default() += 1;
    }
    let mut values: HashMap<NodeId, Tensor> = HashMap::new();
    for (&id, t) in graph.inputs().iter().zip(inputs) {
        let n = graph.node(id);
        if t.shape != n.shape {
            return Err(IrError::Interp(format!("input \"{}\" expects {}, got {}", n.name, n.shape, t.shape)));
        }
        values.insert(id, t.clone());
    }
    if let Some(n) = order.iter().map(|&id| graph.node(id)).find(|n| n.dtype != crate::DType::F32) {
        return Err(IrError::Interp(format!(
            "this interpreter evaluates f32 graphs; \"{}\" is {} (integer graphs are not evaluated yet)",
            n.name,
            n.type_text()
        )));
    }
    for &id in &order {
        let n = graph.node(id);
        let op = match &n.kind {
            NodeKind::Op(op) => op,
            NodeKind::Const { data, .. } => {
                values.insert(id, data.clone());
                continue;
            }
            NodeKind::Input | NodeKind::IntConst { .. } => continue,
        };
        let operands = graph.operands(id);
        let out = {
            let ins = operands
                .iter()
                .map(|o| {
                    values.get(o).ok_or_else(|| IrError::Interp(format!("operand %{} of \"{}\" missing", o.0, n.name)))
                })
                .collect::<Result<Vec<&Tensor>, _>>()?;
            op.eval(&ins, &n.shape)?
        };
        values.insert(id, out);
        for o in operands {
            if let Some(r) = remaining.get_mut(&o) {
                *r = r.saturating_sub(1);
                if *r == 0 {
                    values.remove(&o);
                }
            }
        }
    }
    graph
        .outputs()
        .iter()
        .map(|o| values.get(o).cloned().ok_or_else(|| IrError::Interp(format!("output %{} not computed", o.0))))
        .collect()
}
