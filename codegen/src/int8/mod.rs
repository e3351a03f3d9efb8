//! Integer kernels of quantised graphs (TFLite's int8 scheme, `hynas_ir::dtype`): the same
//! arithmetic as the integer reference interpreter, bit for bit, with no floating point.
//!
//! Activations are i8 buffers in the byte-addressed arena; weights i8 and biases, rescaling
//! multipliers and shifts i32 in .rodata. Every accumulator is i32; rescaling is TFLite's
//! `MultiplyByQuantizedMultiplier` (a 64-bit product, rounded, and a rounding shift), then the
//! output zero point (saturating) and the clamp (the type's range, raised to the zero point when
//! a ReLU is folded in).
//!
//! Here: the int8 flavours of the shared kernels, `conv` (the multiply-accumulate flavour of the
//! tiled convolution, linear layers and matmul; the shared pointwise function of RISC-V code) and
//! `pool` (of the tiled pooling kernel); `softmax` (softmax and attention, by exp tables); and the
//! integer arithmetic every integer kernel shares (rescaling, the integer add). The dispatch
//! (`crate::emit`) writes the elementwise integer kernels from these.

pub mod conv;
pub mod pointwise;
pub mod pool;
pub mod softmax;

use crate::flavour::Value;
use crate::kb::{const_i32, const_i8, Kb, R};
use crate::CodegenError;
use hynas_ir::dtype::Requant;
use hynas_ir::ops::elementwise::{add_requants, ADD_LEFT_SHIFT};
use hynas_ir::{IntTensor, NodeId, Quant};
use inkwell::types::{IntMathType, IntType, VectorType};
use inkwell::values::{IntMathValue, IntValue, PointerValue, VectorValue};
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

impl OutQ {
    /// A value with parameters `q`, clamped to the type's range `(lo, hi)`, the low end raised to
    /// the zero point under a folded ReLU.
    pub fn new(q: &Quant, (lo, hi): (i32, i32), relu: bool) -> Self {
        OutQ { zp: q.zero_point, lo: if relu { lo.max(q.zero_point) } else { lo }, hi }
    }
}

/// i32 values: a scalar, or a vector whose lanes are computed alike (the host's vector flavour
/// of the convolution), so that the integer arithmetic below is written once for both.
pub trait Ints<'ctx>: Value<'ctx> + IntMathValue<'ctx, BaseType: IntMathType<'ctx, ValueType = Self>> {
    /// The i32 type (i64 when `wide`) in the shape of `self`.
    fn ty_of(self, kb: &Kb<'_, 'ctx>, wide: bool) -> Self::BaseType;
    /// The constant `v` of type [`Ints::ty_of`].
    fn konst(self, kb: &Kb<'_, 'ctx>, wide: bool, v: i64) -> Self;
}

impl<'ctx> Ints<'ctx> for IntValue<'ctx> {
    fn ty_of(self, kb: &Kb<'_, 'ctx>, wide: bool) -> IntType<'ctx> {
        if wide {
            kb.ctx.i64_type()
        } else {
            kb.i32t
        }
    }
    fn konst(self, kb: &Kb<'_, 'ctx>, wide: bool, v: i64) -> Self {
        self.ty_of(kb, wide).const_int(v as u64, true)
    }
}

impl<'ctx> Ints<'ctx> for VectorValue<'ctx> {
    fn ty_of(self, kb: &Kb<'_, 'ctx>, wide: bool) -> VectorType<'ctx> {
        kb.i(0).ty_of(kb, wide).vec_type(self.get_type().get_size())
    }
    fn konst(self, kb: &Kb<'_, 'ctx>, wide: bool, v: i64) -> Self {
        let c = kb.i(0).konst(kb, wide, v);
        VectorType::const_vector(&vec![c; self.get_type().get_size() as usize])
    }
}

/// The larger of `a` and `b` (signed), per lane.
fn smax<'ctx, T: Ints<'ctx>>(kb: &Kb<'_, 'ctx>, a: T, b: T) -> R<T> {
    let gt = kb.b.build_int_compare(IntPredicate::SGT, a, b, "")?;
    Ok(T::from_basic(kb.b.build_select(gt, a, b, "")?))
}

/// The smaller of `a` and `b` (signed), per lane.
fn smin<'ctx, T: Ints<'ctx>>(kb: &Kb<'_, 'ctx>, a: T, b: T) -> R<T> {
    let lt = kb.b.build_int_compare(IntPredicate::SLT, a, b, "")?;
    Ok(T::from_basic(kb.b.build_select(lt, a, b, "")?))
}

/// `MultiplyByQuantizedMultiplier(x, mult, shift)` as the interpreter computes it, in fewer
/// instructions: gemmlowp's `SaturatingRoundingDoublingHighMul` (a nudge of +-2^30, then a
/// division truncating toward zero) equals `(x * mult + 2^30) >> 31` with an arithmetic shift
/// (checked in `hynas_ir::dtype`'s tests; the one saturating case, both i32::MIN, cannot occur
/// as multipliers are below 2^31), and `RoundingDivideByPOT` compares the remainder unsigned
/// (both sides are non-negative). Per lane for vectors.
pub fn mbqm<'ctx, T: Ints<'ctx>>(kb: &Kb<'_, 'ctx>, x: T, mult: T, shift: T) -> R<T> {
    let b = &kb.b;
    let (zero, one) = (x.konst(kb, false, 0), x.konst(kb, false, 1));
    let left = smax(kb, shift, zero)?;
    let right = smax(kb, b.build_int_sub(zero, shift, "")?, zero)?;
    let x = b.build_left_shift(x, left, "")?;
    let (xw, mw) =
        (b.build_int_s_extend(x, x.ty_of(kb, true), "")?, b.build_int_s_extend(mult, x.ty_of(kb, true), "")?);
    let ab = b.build_int_mul(xw, mw, "")?;
    let sum = b.build_int_add(ab, x.konst(kb, true, 1 << 30), "")?;
    let h = b.build_int_truncate(b.build_right_shift(sum, x.konst(kb, true, 31), true, "")?, x.ty_of(kb, false), "")?;
    // Rounding divide by 2^right.
    let mask = b.build_int_sub(b.build_left_shift(one, right, "")?, one, "")?;
    let rem = b.build_and(h, mask, "")?;
    let neg = b.build_right_shift(h, x.konst(kb, false, 31), false, "")?;
    let thr = b.build_int_add(b.build_right_shift(mask, one, false, "")?, neg, "")?;
    let up = b.build_int_compare(IntPredicate::UGT, rem, thr, "")?;
    let sh = b.build_right_shift(h, right, true, "")?;
    Ok(b.build_int_add(sh, b.build_int_z_extend(up, x.ty_of(kb, false), "")?, "")?)
}

/// `clamp(zp +sat v, lo, hi)`, computed as `clamp(v, lo - zp, hi - zp) + zp` (the same value:
/// when `zp + v` would saturate, the clamp is reached either way).
pub fn finish<'ctx>(kb: &Kb<'_, 'ctx>, v: IntValue<'ctx>, q: OutQ) -> R<IntValue<'ctx>> {
    finish_dyn(kb, v, kb.i(q.zp as i64), kb.i(q.lo as i64), kb.i(q.hi as i64))
}

/// [`finish`] with run-time zero point and clamp; per lane for vectors.
pub fn finish_dyn<'ctx, T: Ints<'ctx>>(kb: &Kb<'_, 'ctx>, v: T, zp: T, lo: T, hi: T) -> R<T> {
    let (lo, hi) = (kb.b.build_int_sub(lo, zp, "")?, kb.b.build_int_sub(hi, zp, "")?);
    Ok(kb.b.build_int_add(smin(kb, smax(kb, v, lo)?, hi)?, zp, "")?)
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
    let args: Vec<_> = [acc, mult, shift].into_iter().chain(out_args(kb, q)).collect();
    call_helper(kb, "hynas_rescale_i8", &args, |h, a| finish_dyn(h, mbqm(h, a[0], a[1], a[2])?, a[3], a[4], a[5]))
}

/// Calls the never-inlined module helper `name` (i32 arguments, an i32 result) with `args`; its
/// body is made by `body` from its parameters on first use.
pub fn call_helper<'ctx>(
    kb: &Kb<'_, 'ctx>,
    name: &str,
    args: &[IntValue<'ctx>],
    body: impl FnOnce(&Kb<'_, 'ctx>, &[IntValue<'ctx>]) -> R<IntValue<'ctx>>,
) -> R<IntValue<'ctx>> {
    let f = match kb.module.get_function(name) {
        Some(f) => f,
        None => {
            let i = kb.i32t;
            let ft = i.fn_type(&vec![i.into(); args.len()], false);
            let h = Kb::helper(kb.ctx, kb.module, name, ft);
            let params: Vec<IntValue<'ctx>> = h.func.get_param_iter().map(|v| v.into_int_value()).collect();
            let r = body(&h, &params)?;
            h.b.build_return(Some(&r))?;
            h.func
        }
    };
    let args: Vec<_> = args.iter().map(|&a| a.into()).collect();
    let r = kb.b.build_call(f, &args, "")?;
    r.try_as_basic_value().basic().map(|v| v.into_int_value()).ok_or_else(|| CodegenError::Llvm(format!("{name} call")))
}

/// An output's zero point and clamp as helper arguments.
pub fn out_args<'ctx>(kb: &Kb<'_, 'ctx>, q: OutQ) -> [IntValue<'ctx>; 3] {
    [kb.i(q.zp as i64), kb.i(q.lo as i64), kb.i(q.hi as i64)]
}

/// `acc[i] = finish(mbqm(acc[i], mult, shift))` for `i < n`, in place, through one never-inlined
/// helper per module: a tile's outputs of one channel share the rescaling, so its setup (shift
/// split, rounding mask) runs once per call rather than once per value. `outq`: the output's
/// zero point and clamp ([`out_args`], or run-time values).
pub fn rescale_run<'ctx>(
    kb: &Kb<'_, 'ctx>,
    acc: PointerValue<'ctx>,
    n: IntValue<'ctx>,
    mult: IntValue<'ctx>,
    shift: IntValue<'ctx>,
    outq: [IntValue<'ctx>; 3],
) -> R<()> {
    const NAME: &str = "hynas_rescale_run_i8";
    let f = match kb.module.get_function(NAME) {
        Some(f) => f,
        None => {
            let i = kb.i32t;
            let ft = kb
                .ctx
                .void_type()
                .fn_type(&[kb.ptr.into(), i.into(), i.into(), i.into(), i.into(), i.into(), i.into()], false);
            let h = Kb::helper(kb.ctx, kb.module, NAME, ft);
            let p = |k: u32| h.func.get_nth_param(k).ok_or_else(|| CodegenError::Llvm("rescale_run param".into()));
            let a = p(0)?.into_pointer_value();
            let v: Vec<IntValue<'ctx>> = (1..7).map(|k| p(k).map(|v| v.into_int_value())).collect::<R<_>>()?;
            h.for_dyn(h.i(0), v[0], |j| {
                let r = mbqm(&h, h.ld32(a, j)?, v[1], v[2])?;
                h.st32(a, j, finish_dyn(&h, r, v[3], v[4], v[5])?)
            })?;
            h.b.build_return(None)?;
            h.func
        }
    };
    let mut args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![acc.into()];
    args.extend([n, mult, shift].into_iter().chain(outq).map(inkwell::values::BasicMetadataValueEnum::from));
    kb.b.build_call(f, &args, "")?;
    Ok(())
}

/// TFLite's integer add of two i8 values (`hynas_ir::ops::elementwise::add_int`): each side
/// `mbqm((v - zp) << 20)`, the sum rescaled to the output. One never-inlined helper per module
/// computes it from a constant parameter record per add (zero points, three rescalings, the
/// output's zero point and clamp), so the add kernel and the residual epilogue of a fused
/// convolution share its ~60 instructions of code.
pub struct AddQ<'ctx> {
    params: PointerValue<'ctx>,
}

impl<'ctx> AddQ<'ctx> {
    const HELPER: &'static str = "hynas_add_i8";

    /// `a` and `b`: the operands' parameters; `o`, `outq`: the result's.
    pub fn new(kb: &Kb<'_, 'ctx>, a: &Quant, b: &Quant, o: &Quant, outq: OutQ) -> Self {
        let [ra, rb, ro] = add_requants(a.scale_at(0), b.scale_at(0), o.scale_at(0));
        let rec = [
            a.zero_point,
            b.zero_point,
            ra.multiplier,
            ra.shift,
            rb.multiplier,
            rb.shift,
            ro.multiplier,
            ro.shift,
            outq.zp,
            outq.lo,
            outq.hi,
        ];
        AddQ { params: const_i32(kb.ctx, kb.module, "addq", &rec).as_pointer_value() }
    }

    /// An add whose parameter record is at `params` (a run-time pointer).
    pub fn from_record(params: PointerValue<'ctx>) -> Self {
        AddQ { params }
    }

    /// Where the parameter record is.
    pub fn record(&self) -> PointerValue<'ctx> {
        self.params
    }

    /// The add of `x` and `y` (i8 values as i32; per lane for vectors) with the parameter
    /// record's value `k` from `p(k)`.
    fn add<T: Ints<'ctx>>(kb: &Kb<'_, 'ctx>, x: T, y: T, p: &dyn Fn(i64) -> R<T>) -> R<T> {
        let side = |v: T, k: i64| -> R<T> {
            let d = kb.b.build_int_sub(v, p(k)?, "")?;
            let d = kb.b.build_left_shift(d, v.konst(kb, false, ADD_LEFT_SHIFT as i64), "")?;
            mbqm(kb, d, p(2 + 2 * k)?, p(3 + 2 * k)?)
        };
        let s = kb.b.build_int_add(side(x, 0)?, side(y, 1)?, "")?;
        let v = mbqm(kb, s, p(6)?, p(7)?)?;
        finish_dyn(kb, v, p(8)?, p(9)?, p(10)?)
    }

    /// The add of vectors `x` and `y` (i8 values as i32 lanes), inline.
    pub fn apply_lanes(
        &self,
        kb: &Kb<'_, 'ctx>,
        x: VectorValue<'ctx>,
        y: VectorValue<'ctx>,
        splat: &dyn Fn(IntValue<'ctx>) -> R<VectorValue<'ctx>>,
    ) -> R<VectorValue<'ctx>> {
        Self::add(kb, x, y, &|k| splat(kb.ld32(self.params, kb.i(k))?))
    }

    /// The i8 result (as i32) of adding `a` and `b` (i8 values as i32).
    pub fn apply(&self, kb: &Kb<'_, 'ctx>, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let f = match kb.module.get_function(Self::HELPER) {
            Some(f) => f,
            None => {
                let i = kb.i32t;
                let ft = i.fn_type(&[i.into(), i.into(), kb.ptr.into()], false);
                let h = Kb::helper(kb.ctx, kb.module, Self::HELPER, ft);
                let param = |n: u32| h.func.get_nth_param(n).ok_or_else(|| CodegenError::Llvm("add param".into()));
                let (x, y) = (param(0)?.into_int_value(), param(1)?.into_int_value());
                let rec = param(2)?.into_pointer_value();
                let r = Self::add(&h, x, y, &|k| h.ld32(rec, h.i(k)))?;
                h.b.build_return(Some(&r))?;
                h.func
            }
        };
        let r = kb.b.build_call(f, &[a.into(), b.into(), self.params.into()], "")?;
        r.try_as_basic_value().basic().map(|v| v.into_int_value()).ok_or_else(|| CodegenError::Llvm("add".into()))
    }
}

/// Per-channel rescalings as two constant tables: i32 multipliers, i8 shifts (within -31..=30).
#[derive(Clone, Copy)]
pub struct RqTables<'ctx> {
    pub mult: PointerValue<'ctx>,
    pub shift: PointerValue<'ctx>,
}

impl<'ctx> RqTables<'ctx> {
    pub fn new(kb: &Kb<'_, 'ctx>, rq: &[Requant]) -> Self {
        let m: Vec<i32> = rq.iter().map(|r| r.multiplier).collect();
        let s: Vec<i32> = rq.iter().map(|r| r.shift).collect();
        RqTables {
            mult: const_i32(kb.ctx, kb.module, "rq_mult", &m).as_pointer_value(),
            shift: const_i8(kb.ctx, kb.module, "rq_shift", &s).as_pointer_value(),
        }
    }

    /// Multiplier and shift of channel `i`.
    pub fn at(&self, kb: &Kb<'_, 'ctx>, i: IntValue<'ctx>) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        Ok((kb.ld32(self.mult, i)?, kb.ld8(self.shift, i)?))
    }
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
