//! BatchNorm folding: `batch_norm(conv(x, w, b?))` with the conv's output used only by the BN
//! becomes `conv(x, w', b')` with w'[o] = w[o] * s[o] and b'[o] = b[o] * s[o] + t[o], where
//! s = gamma / sqrt(var + eps) and t = beta - mean * s. The old constants die (see
//! `eliminate_dead`).

use crate::{sole_user, Pass};
use hynas_ir::ops::Conv2dAttrs;
use hynas_ir::{Graph, IrError, Op, Tensor};

pub struct FoldBatchNorm;

impl Pass for FoldBatchNorm {
    fn name(&self) -> &'static str {
        "fold_batch_norm"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let mut changed = false;
        for bn in graph.schedule()? {
            if !graph.contains(bn) {
                continue;
            }
            let Some(Op::BatchNorm(bna)) = graph.node(bn).op().cloned() else { continue };
            let ops = graph.operands(bn);
            let conv = ops[0];
            let Some(Op::Conv2d(ca)) = graph.node(conv).op().cloned() else { continue };
            if sole_user(graph, conv) != Some(bn) {
                continue;
            }
            let consts: Option<Vec<&Tensor>> = ops[1..].iter().map(|&o| graph.node(o).const_data()).collect();
            let Some(p) = consts else { continue };
            let (scale, shift) = bna.scale_shift(&p[0].data, &p[1].data, &p[2].data, &p[3].data);
            let cops = graph.operands(conv);
            let Some(w) = graph.node(cops[1]).const_data() else { continue };
            let per_oc = w.data.len() / scale.len();
            let mut w2 = w.clone();
            for (i, v) in w2.data.iter_mut().enumerate() {
                *v *= scale[i / per_oc];
            }
            let b0: Vec<f32> = if ca.has_bias {
                match graph.node(cops[2]).const_data() {
                    Some(b) => b.data.clone(),
                    None => continue,
                }
            } else {
                vec![0.0; scale.len()]
            };
            let b2: Vec<f32> = b0.iter().zip(&scale).zip(&shift).map(|((b, s), t)| b * s + t).collect();
            let name = graph.node(bn).name.clone();
            let wn = graph.add_const(&format!("{name}.folded_weight"), w2, true);
            let bias = Tensor::from_vec(&[scale.len()], b2).ok_or_else(|| IrError::Verify("bias length".into()))?;
            let bnode = graph.add_const(&format!("{name}.folded_bias"), bias, true);
            graph.rewrite_op(conv, Op::Conv2d(Conv2dAttrs { has_bias: true, ..ca }), &[cops[0], wn, bnode])?;
            graph.replace_all_uses(bn, conv);
            graph.remove_node(bn);
            changed = true;
        }
        Ok(changed)
    }
}
