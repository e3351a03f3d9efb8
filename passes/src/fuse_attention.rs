//! Attention fusion: `matmul(v, softmax(matmul(transpose(q), k)))`, with the transpose swapping
//! the last two axes and every intermediate value used only there, becomes one `attention(q, k,
//! v)` node. The transposed q and the [heads, N, N] scores were the largest activations of
//! token-heavy genomes; the fused kernel streams the scores a few rows at a time instead.

use crate::{sole_user, Pass};
use hynas_ir::{Graph, IrError, NodeId, Op};

pub struct FuseAttention;

/// The operand of `id` when `id` is the op `want` has and its value has `user` as sole user.
fn only_for(graph: &Graph, id: NodeId, user: NodeId, want: fn(&Op) -> bool) -> bool {
    graph.node(id).op().is_some_and(want) && sole_user(graph, id) == Some(user)
}

fn swaps_last_two(op: &Op) -> bool {
    let Op::Transpose(a) = op else { return false };
    let r = a.perm.len();
    r >= 2
        && (0..r).all(|i| {
            a.perm[i]
                == if i + 2 == r {
                    r - 1
                } else if i + 1 == r {
                    r - 2
                } else {
                    i
                }
        })
}

impl Pass for FuseAttention {
    fn name(&self) -> &'static str {
        "fuse_attention"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let mut changed = false;
        for ctx in graph.schedule()? {
            if !graph.contains(ctx) || !matches!(graph.node(ctx).op(), Some(Op::MatMul)) {
                continue;
            }
            let [v, attn] = graph.operands(ctx)[..] else { continue };
            if !only_for(graph, attn, ctx, |o| matches!(o, Op::Softmax)) {
                continue;
            }
            let scores = graph.operands(attn)[0];
            if !only_for(graph, scores, attn, |o| matches!(o, Op::MatMul)) {
                continue;
            }
            let [qt, k] = graph.operands(scores)[..] else { continue };
            if !only_for(graph, qt, scores, swaps_last_two) {
                continue;
            }
            let q = graph.operands(qt)[0];
            let name = graph.node(ctx).name.clone();
            let id = graph.add_op(&name, Op::Attention, &[q, k, v])?;
            graph.replace_all_uses(ctx, id);
            for n in [ctx, attn, scores, qt] {
                graph.remove_node(n);
            }
            changed = true;
        }
        Ok(changed)
    }
}
