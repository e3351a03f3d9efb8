//! Operator fusion (TVM's rule for out-elementwise-fusable anchors): each anchor (conv, linear,
//! matmul, pooling, global pooling) absorbs the chain of elementwise ops that follows it, as long
//! as every intermediate value has exactly one user and is not a graph output. `add` brings its
//! other operand along as an extra operand of the fused kernel. The chain's last node is replaced
//! by one `fused` node; the absorbed nodes are removed.
//!
//! Integer graphs (ReLUs already folded by `quantize`): a convolution, with or without its ReLU,
//! whose only user is a residual `add` (with or without its ReLU) becomes one fused kernel
//! `conv [+relu] +add [+relu]` that keeps the convolution's output parameters as a `requant` step;
//! its integer form is bit-identical to the pair, and the memory planner can write the result
//! over the add's other operand, so the convolution's own result needs no buffer. Other integer
//! epilogues have no kernel.

use crate::{sole_user, Pass};
use hynas_ir::ops::{Anchor, Epilogue, FusedAttrs};
use hynas_ir::{Graph, IrError, NodeId, Op};

pub struct FuseOps;

impl Pass for FuseOps {
    fn name(&self) -> &'static str {
        "fuse_ops"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let mut changed = false;
        for anchor in graph.schedule()? {
            if !graph.contains(anchor) {
                continue;
            }
            let Some(op) = graph.node(anchor).op().cloned() else { continue };
            if graph.node(anchor).dtype.is_int() {
                changed |= fuse_int_residual(graph, anchor, &op)?;
                continue;
            }
            let Some(anchor_op) = op.fusion_anchor(false) else { continue };
            let mut operands = graph.operands(anchor);
            let mut epilogue = Vec::new();
            let mut chain = vec![anchor];
            let mut cur = anchor;
            while let Some(u) = sole_user(graph, cur) {
                let ep = match graph.node(u).op() {
                    Some(Op::Relu) => Epilogue::Relu,
                    Some(&Op::MulScalar(s)) => Epilogue::Mul(s),
                    // Integer kernels clamp through their output range; a clip stays its own op.
                    Some(Op::Clip(c)) if !graph.node(u).dtype.is_int() => Epilogue::Clip(*c),
                    Some(Op::Add) => Epilogue::Add,
                    _ => break,
                };
                if ep == Epilogue::Add {
                    let other = graph.operands(u).into_iter().find(|&o| o != cur);
                    match other {
                        Some(o) => operands.push(o),
                        None => break,
                    }
                }
                epilogue.push(ep);
                chain.push(u);
                cur = u;
            }
            if epilogue.is_empty() {
                continue;
            }
            let name = graph.node(cur).name.clone();
            let fused = Op::Fused(FusedAttrs { anchor: anchor_op, epilogue });
            let id = graph.add_op(&name, fused, &operands)?;
            graph.replace_all_uses(cur, id);
            for n in chain {
                graph.remove_node(n);
            }
            changed = true;
        }
        Ok(changed)
    }
}

/// `conv [+relu]` -> `add [+relu]` in an integer graph -> one fused kernel (module note).
fn fuse_int_residual(graph: &mut Graph, anchor: NodeId, op: &Op) -> Result<bool, IrError> {
    let (conv, relu_first) = match op {
        Op::Conv2d(a) => (Anchor::Conv2d(a.clone()), false),
        Op::Fused(f) if matches!(f.anchor, Anchor::Conv2d(_)) && f.epilogue == [Epilogue::Relu] => {
            (f.anchor.clone(), true)
        }
        _ => return Ok(false),
    };
    let Some(user) = sole_user(graph, anchor) else { return Ok(false) };
    let relu_last = match graph.node(user).op() {
        Some(Op::Add) => false,
        Some(Op::Fused(f)) if f.anchor == Anchor::Add && f.epilogue == [Epilogue::Relu] => true,
        _ => return Ok(false),
    };
    let Some(other) = graph.operands(user).into_iter().find(|&o| o != anchor) else { return Ok(false) };
    let (a, u) = (graph.node(anchor), graph.node(user));
    let (anchor_quant, dtype, quant) = (a.quant.clone(), u.dtype, u.quant.clone());
    if !u.dtype.is_int() {
        return Ok(false);
    }
    let Some(aq) = anchor_quant else { return Ok(false) };
    let steps = [
        (true, Epilogue::Requant(aq)),
        (relu_first, Epilogue::Relu),
        (true, Epilogue::Add),
        (relu_last, Epilogue::Relu),
    ];
    let epilogue: Vec<Epilogue> = steps.into_iter().filter_map(|(on, e)| on.then_some(e)).collect();
    let mut operands = graph.operands(anchor);
    operands.push(other);
    let name = u.name.clone();
    let fused = Op::Fused(FusedAttrs { anchor: conv, epilogue });
    let id = graph.add_op(&name, fused, &operands)?;
    graph.set_type(id, dtype, quant)?;
    graph.replace_all_uses(user, id);
    graph.remove_node(user);
    graph.remove_node(anchor);
    Ok(true)
}
