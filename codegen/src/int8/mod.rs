//! Integer kernels of quantised graphs (TFLite's int8 scheme, `hynas_ir::dtype`): the same
//! arithmetic as the integer reference interpreter, bit for bit, with no floating point.
//!
//! Activations are i8 buffers in the byte-addressed arena; weights i8 and biases, rescaling
//! multipliers and shifts i32 in .rodata. Every accumulator is i32; rescaling is TFLite's
//! `MultiplyByQuantizedMultiplier` (a 64-bit product, rounded, and a rounding shift), then the
//! output zero point (saturating) and the clamp (the type's range, raised to the zero point when
//! a ReLU is folded in).
//!
//! Families: `conv` (convolution of any groups, linear, matmul), `pool` (max, average, max+avg,
//! global average), `softmax` (softmax and attention, by exp tables), and here the elementwise
//! and layout kernels (add, multiply by a constant, ReLU, copy, transpose).

pub mod conv;
pub mod pool;
pub mod softmax;

use crate::kb::{const_i32, Kb, R};
use crate::CodegenError;
use hynas_ir::dtype::Requant;
use hynas_ir::ops::elementwise::{add_requants, ADD_LEFT_SHIFT};
use hynas_ir::ops::{Epilogue, Op};
use hynas_ir::{Graph, IntTensor, NodeId, Quant};
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

/// A one-input kernel's operands: input dims, parameters and buffer, output buffer, scale and
/// clamp.
pub struct Io<'a, 'ctx> {
    pub xd: &'a [usize],
    pub qx: &'a Quant,
    pub x: PointerValue<'ctx>,
    pub out: PointerValue<'ctx>,
    pub s_out: f64,
    pub outq: OutQ,
}

/// An output's zero point and clamp.
#[derive(Clone, Copy, Debug)]
pub struct OutQ {
    pub zp: i32,
    pub lo: i32,
    pub hi: i32,
}

/// `MultiplyByQuantizedMultiplier(x, mult, shift)` as the interpreter computes it.
pub fn mbqm<'ctx>(
    kb: &Kb<'_, 'ctx>,
    x: IntValue<'ctx>,
    mult: IntValue<'ctx>,
    shift: IntValue<'ctx>,
) -> R<IntValue<'ctx>> {
    let b = &kb.b;
    let i64t = kb.ctx.i64_type();
    let zero = kb.i(0);
    let left = kb.imax(shift, zero)?;
    let right = kb.imax(b.build_int_sub(zero, shift, "")?, zero)?;
    let x = b.build_left_shift(x, left, "")?;
    // Saturating rounding doubling high multiply (the multiplier is never i32::MIN).
    let ab = b.build_int_mul(b.build_int_s_extend(x, i64t, "")?, b.build_int_s_extend(mult, i64t, "")?, "")?;
    let nonneg = b.build_int_compare(IntPredicate::SGE, ab, i64t.const_zero(), "")?;
    let nudge =
        b.build_select(nonneg, i64t.const_int(1 << 30, true), i64t.const_int((1i64 - (1 << 30)) as u64, true), "")?;
    let sum = b.build_int_add(ab, nudge.into_int_value(), "")?;
    let q = b.build_int_signed_div(sum, i64t.const_int(1 << 31, false), "")?;
    let h = b.build_int_truncate(q, kb.i32t, "")?;
    // Rounding divide by 2^right.
    let one = kb.i(1);
    let mask = b.build_int_sub(b.build_left_shift(one, right, "")?, one, "")?;
    let rem = b.build_and(h, mask, "")?;
    let neg = b.build_int_compare(IntPredicate::SLT, h, zero, "")?;
    let thr =
        b.build_int_add(b.build_right_shift(mask, one, true, "")?, b.build_int_z_extend(neg, kb.i32t, "")?, "")?;
    let up = b.build_int_compare(IntPredicate::SGT, rem, thr, "")?;
    let sh = b.build_right_shift(h, right, true, "")?;
    Ok(b.build_int_add(sh, b.build_int_z_extend(up, kb.i32t, "")?, "")?)
}

/// `clamp(zp +sat v, lo, hi)`.
pub fn finish<'ctx>(kb: &Kb<'_, 'ctx>, v: IntValue<'ctx>, q: OutQ) -> R<IntValue<'ctx>> {
    let s = sadd_sat(kb, kb.i(q.zp as i64), v)?;
    kb.imin(kb.imax(s, kb.i(q.lo as i64))?, kb.i(q.hi as i64))
}

/// `finish(mbqm(acc, r))` with a constant rescaling.
pub fn requant<'ctx>(kb: &Kb<'_, 'ctx>, acc: IntValue<'ctx>, r: Requant, q: OutQ) -> R<IntValue<'ctx>> {
    rescale(kb, acc, kb.i(r.multiplier as i64), kb.i(r.shift as i64), q)
}

/// `finish(mbqm(acc, mult, shift))` through one never-inlined function per module: rescaling
/// runs once per output value (a few percent of the instructions) but is ~30 instructions of
/// code, which unrolled tiles would otherwise copy many times.
pub fn rescale<'ctx>(
    kb: &Kb<'_, 'ctx>,
    acc: IntValue<'ctx>,
    mult: IntValue<'ctx>,
    shift: IntValue<'ctx>,
    q: OutQ,
) -> R<IntValue<'ctx>> {
    const NAME: &str = "hynas_rescale_i8";
    let f = match kb.module.get_function(NAME) {
        Some(f) => f,
        None => {
            let i = kb.i32t;
            let ft = i.fn_type(&[i.into(), i.into(), i.into(), i.into(), i.into(), i.into()], false);
            let h = Kb::helper(kb.ctx, kb.module, NAME, ft);
            let arg = |n: u32| -> R<IntValue<'ctx>> {
                h.func
                    .get_nth_param(n)
                    .map(|v| v.into_int_value())
                    .ok_or_else(|| CodegenError::Llvm("rescale param".into()))
            };
            let v = mbqm(&h, arg(0)?, arg(1)?, arg(2)?)?;
            let sat = sadd_sat(&h, arg(3)?, v)?;
            let r = h.imin(h.imax(sat, arg(4)?)?, arg(5)?)?;
            h.b.build_return(Some(&r))?;
            h.func
        }
    };
    let args = [
        acc.into(),
        mult.into(),
        shift.into(),
        kb.i(q.zp as i64).into(),
        kb.i(q.lo as i64).into(),
        kb.i(q.hi as i64).into(),
    ];
    let r = kb.b.build_call(f, &args, "")?;
    r.try_as_basic_value().basic().map(|v| v.into_int_value()).ok_or_else(|| CodegenError::Llvm("rescale".into()))
}

fn sadd_sat<'ctx>(kb: &Kb<'_, 'ctx>, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
    let f = inkwell::intrinsics::Intrinsic::find("llvm.sadd.sat")
        .and_then(|i| i.get_declaration(kb.module, &[kb.i32t.into()]))
        .ok_or_else(|| CodegenError::Llvm("llvm.sadd.sat missing".into()))?;
    let s = kb.b.build_call(f, &[a.into(), b.into()], "")?;
    s.try_as_basic_value().basic().map(|v| v.into_int_value()).ok_or_else(|| CodegenError::Llvm("sadd.sat".into()))
}

/// Per-channel rescalings as two constant i32 tables (multipliers, shifts).
pub fn requant_tables<'ctx>(kb: &Kb<'_, 'ctx>, rq: &[Requant]) -> (PointerValue<'ctx>, PointerValue<'ctx>) {
    let m: Vec<i32> = rq.iter().map(|r| r.multiplier).collect();
    let s: Vec<i32> = rq.iter().map(|r| r.shift).collect();
    (
        const_i32(kb.ctx, kb.module, "rq_mult", &m).as_pointer_value(),
        const_i32(kb.ctx, kb.module, "rq_shift", &s).as_pointer_value(),
    )
}

/// What an integer kernel reads: operand values (activation pointers or constant tensors).
pub struct Operands<'g, 'ctx> {
    pub ids: Vec<NodeId>,
    pub consts: Vec<Option<&'g IntTensor>>,
    pub quants: Vec<Option<&'g Quant>>,
    pub acts: Vec<PointerValue<'ctx>>,
}

impl<'g, 'ctx> Operands<'g, 'ctx> {
    /// The quantisation parameters of operand `i`.
    pub fn quant(&self, i: usize) -> R<&'g Quant> {
        self.quants
            .get(i)
            .copied()
            .flatten()
            .ok_or_else(|| CodegenError::Unsupported(format!("operand {i} has no quantisation")))
    }
    /// The activation pointer of operand `i`.
    pub fn act(&self, i: usize) -> R<PointerValue<'ctx>> {
        let rank = self.consts[..i].iter().filter(|c| c.is_none()).count();
        match self.consts.get(i) {
            Some(None) => self.acts.get(rank).copied().ok_or_else(|| CodegenError::Llvm("missing operand".into())),
            _ => Err(CodegenError::Unsupported(format!("operand {i} must be an activation"))),
        }
    }
    /// The constant tensor of operand `i`.
    pub fn konst(&self, i: usize) -> R<&'g IntTensor> {
        self.consts
            .get(i)
            .copied()
            .flatten()
            .ok_or_else(|| CodegenError::Unsupported(format!("operand {i} must be a constant")))
    }
}

/// Generates the integer kernel of node `id` into `kb` (params: out, then activation operands).
pub fn emit<'ctx>(kb: &Kb<'_, 'ctx>, graph: &Graph, id: NodeId, ops: &Operands<'_, 'ctx>) -> R<()> {
    let node = graph.node(id);
    let out = kb.param(0);
    let oq = node.quant.as_ref().ok_or_else(|| CodegenError::Unsupported(format!("{}: no quantisation", node.name)))?;
    let (lo, hi) = node.dtype.int_range().unwrap_or((i32::MIN, i32::MAX));
    let op = node.op().ok_or_else(|| CodegenError::Unsupported(format!("{} is not an op", node.name)))?;
    let (anchor, relu) = match op {
        Op::Fused(f) if f.epilogue.iter().all(|e| *e == Epilogue::Relu) => (&*f.anchor, !f.epilogue.is_empty()),
        Op::Fused(_) => {
            return Err(CodegenError::Unsupported(format!("{}: integer fused epilogue other than ReLU", node.name)))
        }
        o => (o, false),
    };
    let outq = OutQ { zp: oq.zero_point, lo: if relu { lo.max(oq.zero_point) } else { lo }, hi };
    let q = |i: usize| ops.quant(i);
    let dims = |i: usize| graph.node(ops.ids[i]).shape.dims().to_vec();
    let n = node.shape.numel();
    let s_out = oq.scale_at(0) as f64;
    let xd0 = ops.ids.first().map(|&i| graph.node(i).shape.dims().to_vec()).unwrap_or_default();
    let io = |x| -> R<Io> { Ok(Io { xd: &xd0, qx: q(0)?, x, out, s_out, outq }) };
    match anchor {
        Op::Conv2d(a) => conv::conv(kb, a, &dims(0), node.shape.dims(), q(0)?, ops, oq, outq),
        Op::Linear(_) => conv::linear(kb, &dims(0), node.shape.dims(), q(0)?, ops, oq, outq),
        Op::MatMul => conv::matmul(kb, &dims(0), &dims(1), q(0)?, q(1)?, ops, s_out, outq),
        Op::Pool2d(a) => pool::pool(kb, a, node.shape.dims(), &io(ops.act(0)?)?),
        Op::GlobalAvgPool => pool::global_avg(kb, &io(ops.act(0)?)?),
        Op::Softmax => softmax::softmax(kb, &io(ops.act(0)?)?),
        Op::Attention => softmax::attention(kb, &dims(0), [q(0)?, q(1)?, q(2)?], ops, s_out, outq),
        Op::Add => {
            let (qa, qb) = (q(0)?, q(1)?);
            let [ra, rb, ro] = add_requants(qa.scale_at(0), qb.scale_at(0), oq.scale_at(0));
            let (a, b) = (ops.act(0)?, ops.act(1)?);
            kb.for_range(0, n as i64, |i| {
                let side = |p: PointerValue<'ctx>, zp: i32, r: Requant| -> R<IntValue<'ctx>> {
                    let v = kb.b.build_int_sub(kb.ld8(p, i)?, kb.i(zp as i64), "")?;
                    let v = kb.b.build_left_shift(v, kb.i(ADD_LEFT_SHIFT as i64), "")?;
                    mbqm(kb, v, kb.i(r.multiplier as i64), kb.i(r.shift as i64))
                };
                let s = kb.b.build_int_add(side(a, qa.zero_point, ra)?, side(b, qb.zero_point, rb)?, "")?;
                kb.st8(out, i, requant(kb, s, ro, outq)?)
            })
        }
        Op::MulScalar(v) => {
            let qx = q(0)?;
            let r = Requant::new(qx.scale_at(0) as f64 * *v as f64 / s_out);
            let x = ops.act(0)?;
            kb.for_range(0, n as i64, |i| {
                let d = kb.b.build_int_sub(kb.ld8(x, i)?, kb.i(qx.zero_point as i64), "")?;
                kb.st8(out, i, requant(kb, d, r, outq)?)
            })
        }
        Op::Relu => {
            let x = ops.act(0)?;
            let clamp = OutQ { lo: lo.max(oq.zero_point), ..outq };
            kb.for_range(0, n as i64, |i| {
                let v = kb.ld8(x, i)?;
                kb.st8(out, i, kb.imin(kb.imax(v, kb.i(clamp.lo as i64))?, kb.i(clamp.hi as i64))?)
            })
        }
        Op::Reshape(_) => {
            let x = ops.act(0)?;
            kb.for_range(0, n as i64, |i| kb.st8(out, i, kb.ld8(x, i)?))
        }
        Op::Transpose(a) => {
            let x = ops.act(0)?;
            crate::elementwise::permute(kb, &dims(0), &a.perm, &|src, dst| kb.st8(out, dst, kb.ld8(x, src)?))
        }
        Op::BatchNorm(_) | Op::Fused(_) => {
            Err(CodegenError::Unsupported(format!("{}: {} has no integer kernel", node.name, anchor.name())))
        }
    }
}
