//! One dispatch for every node: the kernel of the node's op (the anchor of a fused kernel), built
//! from the op family's kernel and the numeric flavour of the node's element type: f32 with its
//! fused epilogue, or int8 with its quantisation parameters (`int8`). Multiply-accumulate
//! kernels (convolution of any groups, linear, matmul) and pooling are one kernel in both
//! flavours (`conv.rs`, `dense.rs`, `pool.rs`), and so is attention (`attention.rs`, the flavours
//! differing in their softmax: f32 `exp` against the integer interpreter's exp tables); softmax
//! keeps one kernel per type.

use crate::conv::{ConvSpec, Schedule};
use crate::int8::{self, AddQ, Operands, OutQ};
use crate::kb::{Kb, R};
use crate::{attention, dense, elementwise, flavour, linear_attention, pool, softmax, CodegenError, Schedules};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::{Epilogue, Op};
use hynas_ir::{Graph, NodeId, Quant};
use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::values::PointerValue;

/// The numbers of one kernel.
enum Num<'a, 'g, 'ctx> {
    /// f32: constant operands' data, the fused epilogue and its extra operands.
    F32 { consts: Vec<Option<&'g [f32]>>, ep: &'a [Epilogue], extras: Vec<PointerValue<'ctx>> },
    /// int8: the operands' parameters, the output's, and a fused residual add (the anchor's
    /// parameters and whether a ReLU precedes the add).
    I8 {
        ops: Operands<'g, 'ctx>,
        oq: &'g Quant,
        outq: OutQ,
        s_out: f64,
        residual: Option<(&'g Quant, bool)>,
        /// The output type's range.
        range: (i32, i32),
    },
}

/// The convolution's schedule for `schedules`.
pub fn conv_schedule(schedules: Schedules) -> Schedule {
    match schedules {
        Schedules::Tuned => Schedule::Tuned,
        Schedules::Baseline => Schedule::Fixed,
    }
}

/// Generates the kernel of node `id` as function `name`; params: out, then the node's
/// non-constant operands. Returns the schedule's name.
pub fn emit_kernel<'a, 'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    graph: &'a Graph,
    id: NodeId,
    name: &str,
    noalias: &[bool],
    schedules: Schedules,
) -> R<String> {
    let node = graph.node(id);
    let unsupported = |m: String| CodegenError::Unsupported(format!("{}: {m}", node.name));
    let operands = graph.operands(id);
    let is_const: Vec<bool> =
        operands.iter().map(|&o| graph.node(o).const_data().is_some() || graph.node(o).int_data().is_some()).collect();
    let n_act = is_const.iter().filter(|&&c| !c).count();
    let kb = Kb::new(ctx, module, name, 1 + n_act, noalias);
    let out = kb.param(0);
    // Activation operand i (in operand order) is parameter 1 + its rank among activations.
    let mut acts: Vec<Option<PointerValue<'ctx>>> = Vec::new();
    let mut rank = 0;
    for &c in &is_const {
        acts.push((!c).then(|| kb.param(1 + rank)));
        rank += usize::from(!c);
    }
    let op = node.op().ok_or_else(|| unsupported("not an op".into()))?;
    let anchor = op.anchor();
    let anchor = anchor.as_ref();
    let n_anchor = anchor.num_operands();
    let act = |i: usize| -> R<PointerValue<'ctx>> {
        acts.get(i).copied().flatten().ok_or_else(|| unsupported(format!("operand {i} must be an activation")))
    };
    let fused = match op {
        // The verifier refuses what codegen cannot compile; a graph that skipped it is refused
        // here, never compiled with its epilogue dropped.
        Op::Fused(f) => f.check(node.dtype.is_int()).map(|()| Some(f)).map_err(&unsupported)?,
        _ => None,
    };
    let num = if node.dtype.is_int() {
        let oq = node.quant.as_ref().ok_or_else(|| unsupported("no quantisation".into()))?;
        let range = node.dtype.int_range().unwrap_or((i32::MIN, i32::MAX));
        let (relu, residual) = match fused {
            Some(f) => {
                let form = f.int_form().map_err(&unsupported)?;
                (form.relu, form.residual)
            }
            None => (false, None),
        };
        let ops = Operands {
            ids: operands.clone(),
            quants: operands.iter().map(|&o| graph.node(o).quant.as_ref()).collect(),
            consts: operands.iter().map(|&o| graph.node(o).int_data()).collect(),
            acts: acts.iter().flatten().copied().collect(),
        };
        Num::I8 { ops, oq, outq: OutQ::new(oq, range, relu), s_out: oq.scale_at(0) as f64, residual, range }
    } else {
        Num::F32 {
            consts: operands.iter().map(|&o| graph.node(o).const_data().map(|t| t.data.as_slice())).collect(),
            ep: fused.map_or(&[][..], |f| &f.epilogue),
            extras: acts[n_anchor.min(acts.len())..].iter().flatten().copied().collect(),
        }
    };
    let dims = |i: usize| graph.node(operands[i]).shape.dims().to_vec();
    let od = node.shape.dims().to_vec();
    let numel = node.shape.numel();
    let schedule = conv_schedule(schedules);
    let q = |ops: &Operands<'a, 'ctx>, i: usize| ops.quant(i);
    let name = match (anchor, &num) {
        (Op::Conv2d(_) | Op::Linear(_), _) => {
            let (sp, has_bias, prefix) = match anchor {
                Op::Conv2d(a) => (ConvSpec::conv(a, &dims(0), &od), a.has_bias, ""),
                Op::Linear(a) => (ConvSpec::linear(dims(0)[0], dims(0)[1], od[1]), a.has_bias, "linear "),
                _ => return Err(unsupported(format!("{} is no convolution", anchor.name()))),
            };
            match &num {
                Num::F32 { consts, ep, extras } => {
                    let fl = f32_mac(consts, has_bias, out, ep, extras)
                        .ok_or_else(|| unsupported("weights must be constants".into()))?;
                    format!("{prefix}{}", crate::conv::emit(&kb, &sp, &fl, act(0)?, schedule)?)
                }
                Num::I8 { ops, oq, outq, residual: None, .. } => {
                    int8::conv::conv(&kb, sp, q(ops, 0)?, ops, oq, *outq, None, schedule)?
                }
                Num::I8 { ops, oq, outq, residual: Some((aq, relu_first)), range, .. } => {
                    let mid = OutQ::new(aq, *range, *relu_first);
                    let add = AddQ::new(&kb, aq, q(ops, n_anchor)?, oq, *outq);
                    let res = int8::conv::Residual { other: ops.act(n_anchor)?, add, when: None };
                    let s = int8::conv::conv(&kb, sp, q(ops, 0)?, ops, aq, mid, Some(res), schedule)?;
                    format!("{s} +add")
                }
            }
        }
        (Op::MatMul, Num::F32 { ep, extras, .. }) => {
            let fl = flavour::F32::new(&[], None, out, ep, extras);
            dense::matmul(&kb, &fl, dense::matmul_dims(&dims(0), &dims(1)), act(0)?, act(1)?)?;
            "matmul".into()
        }
        (Op::MatMul, Num::I8 { ops, s_out, outq, .. }) => {
            int8::conv::matmul(&kb, &dims(0), &dims(1), q(ops, 0)?, q(ops, 1)?, ops, *s_out, *outq)?;
            "int8 matmul".into()
        }
        (Op::Pool2d(a), _) => {
            let sp = pool::PoolSpec::new(a, &dims(0), &od);
            match &num {
                Num::F32 { ep, extras, .. } => pool::emit(&kb, &sp, &pool::F32 { out, ep, extras }, act(0)?, schedule)?,
                Num::I8 { ops, s_out, outq, .. } => {
                    let fl = int8::pool::I8Pool::new(&kb, Some(a.kind), a.kernel, q(ops, 0)?, *s_out, *outq, out);
                    format!("int8 {}", pool::emit(&kb, &sp, &fl, act(0)?, schedule)?)
                }
            }
        }
        (Op::GlobalAvgPool, _) => {
            let x = dims(0);
            let (planes, hw) = (x[0] * x[1], x[2] * x[3]);
            match &num {
                Num::F32 { ep, extras, .. } => {
                    pool::global_avg(&kb, &pool::F32 { out, ep, extras }, planes, hw, act(0)?)?
                }
                Num::I8 { ops, s_out, outq, .. } => {
                    let fl = int8::pool::I8Pool::new(&kb, None, 0, q(ops, 0)?, *s_out, *outq, out);
                    pool::global_avg(&kb, &fl, planes, hw, act(0)?)?
                }
            }
            anchor.name().into()
        }
        (Op::Softmax, Num::F32 { .. }) => {
            let len = *od.last().unwrap_or(&1);
            softmax::emit(&kb, numel / len.max(1), len, act(0)?, out)?;
            "softmax".into()
        }
        (Op::Softmax, Num::I8 { ops, s_out, outq, .. }) => {
            let xd = dims(0);
            let io = int8::Io { xd: &xd, qx: q(ops, 0)?, x: act(0)?, out, s_out: *s_out, outq: *outq };
            int8::softmax::softmax(&kb, &io)?;
            "int8 softmax".into()
        }
        (Op::Attention, Num::F32 { .. }) => {
            let fl = attention::F32 { qkv: [act(0)?, act(1)?, act(2)?], out };
            attention::emit(&kb, &fl, attention::head_dims(&dims(0)), schedules)?
        }
        (Op::Attention, Num::I8 { ops, s_out, outq, .. }) => {
            let qs = [q(ops, 0)?, q(ops, 1)?, q(ops, 2)?];
            int8::softmax::attention(&kb, &dims(0), qs, ops, *s_out, *outq, schedules)?
        }
        (Op::LinearAttention(a), _) => {
            let x = dims(0);
            let r = x.len();
            let args = linear_attention::Args {
                batch: x[..r - 2].iter().product(),
                d: x[r - 2],
                n: x[r - 1],
                q: act(0)?,
                k: act(1)?,
                v: act(2)?,
                out,
            };
            match &num {
                Num::F32 { .. } => linear_attention::emit(&kb, &args, a.eps)?,
                Num::I8 { ops, s_out, outq, .. } => {
                    let max = hynas_ir::ops::linear_attention::MAX_INT_TOKENS;
                    if args.n > max {
                        return Err(unsupported(format!(
                            "int8 linear attention over {} tokens (at most {max})",
                            args.n
                        )));
                    }
                    let qs = [q(ops, 0)?, q(ops, 1)?, q(ops, 2)?];
                    linear_attention::emit_int(&kb, &args, qs, *s_out, *outq)?
                }
            }
        }
        (Op::Add, _) => {
            let (a, b) = (act(0)?, act(1)?);
            match &num {
                Num::F32 { .. } => kb.for_range(0, numel as i64, |i| {
                    kb.store(out, i, kb.b.build_float_add(kb.load(a, i)?, kb.load(b, i)?, "")?)
                })?,
                Num::I8 { ops, oq, outq, .. } => {
                    let add = AddQ::new(&kb, q(ops, 0)?, q(ops, 1)?, oq, *outq);
                    kb.for_range(0, numel as i64, |i| kb.st8(out, i, add.apply(&kb, kb.ld8(a, i)?, kb.ld8(b, i)?)?))?
                }
            }
            format!("{}add", prefix(&num))
        }
        (Op::MulScalar(v), Num::F32 { .. }) => {
            elementwise::unary(&kb, &elementwise::Unary::Mul(*v), act(0)?, out, numel)?;
            "mul".into()
        }
        (Op::MulScalar(v), Num::I8 { ops, s_out, outq, .. }) => {
            let qx = q(ops, 0)?;
            let r = Requant::new(qx.scale_at(0) as f64 * *v as f64 / s_out);
            let x = act(0)?;
            kb.for_range(0, numel as i64, |i| {
                let d = kb.b.build_int_sub(kb.ld8(x, i)?, kb.i(qx.zero_point as i64), "")?;
                kb.st8(out, i, int8::requant(&kb, d, r, *outq)?)
            })?;
            "int8 mul".into()
        }
        (Op::Relu, Num::F32 { .. }) => {
            elementwise::unary(&kb, &elementwise::Unary::Relu, act(0)?, out, numel)?;
            "relu".into()
        }
        (Op::Clip(c), Num::F32 { .. }) => {
            elementwise::unary(&kb, &elementwise::Unary::Clip(c.min, c.max), act(0)?, out, numel)?;
            "clip".into()
        }
        (Op::Relu | Op::Clip(_), Num::I8 { oq, range, .. }) => {
            // Both clamp to a range of the output's integers (ReLU: from the zero point up).
            let (lo, hi) = match anchor {
                Op::Clip(c) => {
                    c.int_range(&hynas_ir::ops::QOut { shape: &node.shape, dtype: node.dtype, q: oq, relu: false })
                }
                _ => {
                    let c = OutQ::new(oq, *range, true);
                    (c.lo, c.hi)
                }
            };
            let x = act(0)?;
            kb.for_range(0, numel as i64, |i| {
                kb.st8(out, i, kb.imin(kb.imax(kb.ld8(x, i)?, kb.i(lo as i64))?, kb.i(hi as i64))?)
            })?;
            format!("int8 {}", anchor.name())
        }
        (Op::BatchNorm(a), Num::F32 { consts, .. }) => {
            let w = |i: usize| {
                consts
                    .get(i)
                    .copied()
                    .flatten()
                    .ok_or_else(|| unsupported("batch norm parameters must be constants".into()))
            };
            let (scale, shift) = a.scale_shift(w(1)?, w(2)?, w(3)?, w(4)?);
            let u = elementwise::Unary::Affine { scale, shift, plane: dims(0)[2] * dims(0)[3] };
            elementwise::unary(&kb, &u, act(0)?, out, numel)?;
            "batch_norm".into()
        }
        (Op::Reshape(_), _) => {
            elementwise::transpose(&kb, elem(&kb, &num), act(0)?, out, &[numel], &[0])?;
            anchor.name().into()
        }
        (Op::Transpose(a), _) => {
            elementwise::transpose(&kb, elem(&kb, &num), act(0)?, out, &dims(0), &a.perm)?;
            anchor.name().into()
        }
        (Op::BatchNorm(_), Num::I8 { .. }) | (Op::Fused(_), _) => {
            return Err(unsupported(format!("{} has no {} kernel", anchor.name(), type_name(&num))))
        }
    };
    kb.finish()?;
    Ok(name)
}

/// The f32 flavour of a multiply-accumulate kernel: weights and bias are constant operands 1
/// and 2 (`None` if they are not constants).
fn f32_mac<'b, 'ctx>(
    consts: &[Option<&'b [f32]>],
    has_bias: bool,
    out: PointerValue<'ctx>,
    ep: &'b [Epilogue],
    extras: &'b [PointerValue<'ctx>],
) -> Option<flavour::F32<'b, 'ctx>> {
    let weight = |i: usize| consts.get(i).copied().flatten();
    let bias = if has_bias { Some(weight(2)?) } else { None };
    Some(flavour::F32::new(weight(1)?, bias, out, ep, extras))
}

/// The element type of a kernel's activations.
fn elem<'ctx>(kb: &Kb<'_, 'ctx>, num: &Num<'_, '_, 'ctx>) -> inkwell::types::BasicTypeEnum<'ctx> {
    match num {
        Num::F32 { .. } => kb.f32t.into(),
        Num::I8 { .. } => kb.ctx.i8_type().into(),
    }
}

/// The schedule name's prefix of a kernel's type.
fn prefix(num: &Num) -> &'static str {
    match num {
        Num::F32 { .. } => "",
        Num::I8 { .. } => "int8 ",
    }
}

fn type_name(num: &Num) -> &'static str {
    match num {
        Num::F32 { .. } => "f32",
        Num::I8 { .. } => "integer",
    }
}
