//! The reference interpreters: evaluate a graph node by node with the plain-loop kernels of
//! `ops`, freeing each value after its last use. `interpret` evaluates f32 graphs,
//! `interpret_int` integer (quantised) graphs, bit for bit as the integer kernels must; they are
//! the oracles of every backend.

use crate::graph::{Graph, NodeId, NodeKind};
use crate::ops::{Op, QOut, QValue};
use crate::{IntTensor, IrError, Node, Tensor};
use std::collections::HashMap;

/// Evaluates the f32 graph `graph` on `inputs` (one tensor per graph input, in order).
pub fn interpret(graph: &Graph, inputs: &[Tensor]) -> Result<Vec<Tensor>, IrError> {
    interpret_observed(graph, inputs, &mut |_, _| {})
}

/// [`interpret`], showing every input and op value to `observe` as it is computed (calibration).
pub fn interpret_observed(
    graph: &Graph,
    inputs: &[Tensor],
    observe: &mut dyn FnMut(NodeId, &Tensor),
) -> Result<Vec<Tensor>, IrError> {
    if let Some(n) = graph.node_ids().into_iter().map(|id| graph.node(id)).find(|n| n.dtype.is_int()) {
        return Err(IrError::Interp(format!(
            "this interpreter evaluates f32 graphs; \"{}\" is {} (use the integer interpreter)",
            n.name,
            n.type_text()
        )));
    }
    let shape_ok = |n: &Node, t: &Tensor| (t.shape == n.shape).then_some(()).ok_or_else(|| t.shape.to_string());
    let eval = |op: &Op, ins: &[(&Tensor, NodeId)], n: &Node| {
        op.eval(&ins.iter().map(|(t, _)| *t).collect::<Vec<_>>(), &n.shape)
    };
    run(graph, inputs, shape_ok, |n| n.const_data().cloned(), eval, observe)
}

/// Evaluates the integer graph `graph` on `inputs` (one integer tensor per graph input, of the
/// input's type).
pub fn interpret_int(graph: &Graph, inputs: &[IntTensor]) -> Result<Vec<IntTensor>, IrError> {
    if let Some(n) = graph.node_ids().into_iter().map(|id| graph.node(id)).find(|n| !n.dtype.is_int()) {
        return Err(IrError::Interp(format!(
            "the integer interpreter evaluates quantised graphs; \"{}\" is {}",
            n.name,
            n.type_text()
        )));
    }
    let type_ok = |n: &Node, t: &IntTensor| {
        (t.shape == n.shape && t.dtype == n.dtype).then_some(()).ok_or_else(|| format!("{}{}", t.dtype, t.shape))
    };
    let eval = |op: &Op, ins: &[(&IntTensor, NodeId)], n: &Node| {
        let missing = |what: &str| IrError::Interp(format!("\"{}\": {what} has no quantisation parameters", n.name));
        let qs = ins
            .iter()
            .map(|&(t, id)| graph.node(id).quant.as_ref().map(|q| QValue { t, q }).ok_or_else(|| missing("an operand")))
            .collect::<Result<Vec<_>, _>>()?;
        let q = n.quant.as_ref().ok_or_else(|| missing("the result"))?;
        op.eval_int(&qs, &QOut { shape: &n.shape, dtype: n.dtype, q, relu: false })
    };
    run(graph, inputs, type_ok, |n| n.int_data().cloned(), eval, &mut |_, _| {})
}

/// The evaluation loop of both interpreters: `check` an input against its node (the message
/// gives what was passed), `constant` a constant node's value, `eval` an op on its operands
/// (value and node); every input and op value is shown to `observe`.
fn run<V: Clone>(
    graph: &Graph,
    inputs: &[V],
    check: impl Fn(&Node, &V) -> Result<(), String>,
    constant: impl Fn(&Node) -> Option<V>,
    eval: impl Fn(&Op, &[(&V, NodeId)], &Node) -> Result<V, IrError>,
    observe: &mut dyn FnMut(NodeId, &V),
) -> Result<Vec<V>, IrError> {
    if inputs.len() != graph.inputs().len() {
        return Err(IrError::Interp(format!("graph takes {} inputs, got {}", graph.inputs().len(), inputs.len())));
    }
    let order = graph.topo_order()?;
    let mut remaining: HashMap<NodeId, usize> = order.iter().map(|&n| (n, graph.users(n).len())).collect();
    for o in graph.outputs() {
        *remaining.entry(*o).or_default() += 1;
    }
    let mut values: HashMap<NodeId, V> = HashMap::new();
    for (&id, t) in graph.inputs().iter().zip(inputs) {
        let n = graph.node(id);
        check(n, t)
            .map_err(|got| IrError::Interp(format!("input \"{}\" expects {}, got {got}", n.name, n.type_text())))?;
        observe(id, t);
        values.insert(id, t.clone());
    }
    for &id in &order {
        let n = graph.node(id);
        let op = match &n.kind {
            NodeKind::Op(op) => op,
            NodeKind::Const { .. } | NodeKind::IntConst { .. } => {
                let v = constant(n).ok_or_else(|| {
                    IrError::Interp(format!(
                        "constant \"{}\" ({}) does not fit this interpreter",
                        n.name,
                        n.type_text()
                    ))
                })?;
                values.insert(id, v);
                continue;
            }
            NodeKind::Input => continue,
        };
        let operands = graph.operands(id);
        let out = {
            let ins = operands
                .iter()
                .map(|o| {
                    values
                        .get(o)
                        .map(|v| (v, *o))
                        .ok_or_else(|| IrError::Interp(format!("operand %{} of \"{}\" missing", o.0, n.name)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            eval(op, &ins, n)?
        };
        observe(id, &out);
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
