//! Scalar folding: `mul(conv(x))` or `mul(reshape(conv(x)))` by a constant s, each intermediate
//! used only once, becomes a conv with weights and bias scaled by s (the attention's d^-0.5).

use crate::{sole_user, Pass};
use hynas_ir::{Graph, IrError, Op};

pub struct FoldScale;

impl Pass for FoldScale {
    fn name(&self) -> &'static str {
        "fold_scale"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let mut changed = false;
        for mul in graph.schedule()? {
            if !graph.contains(mul) {
                continue;
            }
            let Some(&Op::MulScalar(s)) = graph.node(mul).op() else { continue };
            let src = graph.operands(mul)[0];
            let conv = match graph.node(src).op() {
                Some(Op::Reshape(_)) if sole_user(graph, src) == Some(mul) => graph.operands(src)[0],
                _ => src,
            };
            if !matches!(graph.node(conv).op(), Some(Op::Conv2d(_))) || sole_user(graph, conv).is_none() {
                continue;
            }
            // Scale every constant operand of the conv (weight and bias) in place: each constant
            // is read by this conv alone, as the lowering creates one per conv.
            let consts: Vec<_> = graph.operands(conv)[1..].to_vec();
            if consts.iter().any(|&c| graph.users(c).len() != 1) {
                continue;
            }
            for c in consts {
                if let Some(hynas_ir::NodeKind::Const { data, .. }) = graph.node_mut(c).map(|n| &mut n.kind) {
                    data.data.iter_mut().for_each(|v| *v *= s);
                }
            }
            graph.replace_all_uses(mul, src);
            graph.remove_node(mul);
            changed = true;
        }
        Ok(changed)
    }
}
