//! Operator fusion (TVM's rule for out-elementwise-fusable anchors): each anchor (conv, linear,
//! matmul, pooling, global pooling) absorbs the chain of elementwise ops that follows it, as long
//! as every intermediate value has exactly one user and is not a graph output. `add` brings its
//! other operand along as an extra operand of the fused kernel. The chain's last node is replaced
//! by one `fused` node; the absorbed nodes are removed. Integer anchors are left alone (their
//! ReLU is folded by `quantize`; other epilogues have no integer form).

use crate::{sole_user, Pass};
use hynas_ir::ops::{Epilogue, FusedAttrs};
use hynas_ir::{FusionPattern, Graph, IrError, Op};

pub struct FuseOps;

fn is_anchor(op: &Op) -> bool {
    op.fusion_pattern() == FusionPattern::OutElementwiseFusable || matches!(op, Op::Pool2d(_) | Op::GlobalAvgPool)
}

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
            // Integer kernels take a ReLU epilogue only, folded in by `quantize`.
            if !is_anchor(&op) || graph.node(anchor).dtype.is_int() {
                continue;
            }
            let mut operands = graph.operands(anchor);
            let mut epilogue = Vec::new();
            let mut chain = vec![anchor];
            let mut cur = anchor;
            while let Some(u) = sole_user(graph, cur) {
                let ep = match graph.node(u).op() {
                    Some(Op::Relu) => Epilogue::Relu,
                    Some(&Op::MulScalar(s)) => Epilogue::Mul(s),
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
            let fused = Op::Fused(FusedAttrs { anchor: Box::new(op), epilogue });
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
