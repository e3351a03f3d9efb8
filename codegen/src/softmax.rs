//! Softmax over the last axis: per row, the maximum, exp(x - max) with their sum, then a scale
//! by 1/sum. Bare metal has no libm, so exp is our own `hynas_expf` (defined once per module).

use crate::kb::{no_builtins, Kb, R};
use inkwell::module::Linkage;
use inkwell::values::{FloatValue, FunctionValue, PointerValue};

/// exp(x) for x <= 0 (softmax arguments after the max is subtracted): x = n ln2 + r with
/// |r| <= ln2/2, exp(r) by a degree-6 Taylor polynomial in fused multiply-adds (relative error
/// < 1.3e-7), times 2^n built in the exponent bits. Inputs below -87 give 2^-126 scale or less,
/// i.e. about 0. Always inlined: a call would cost its own instructions and the spills of every
/// caller-saved FP register live across it (about 16 instructions inline).
fn expf<'ctx>(kb: &Kb<'_, 'ctx>) -> R<FunctionValue<'ctx>> {
    if let Some(f) = kb.module.get_function("hynas_expf") {
        return Ok(f);
    }
    let ft = kb.f32t.fn_type(&[kb.f32t.into()], false);
    let f = kb.module.add_function("hynas_expf", ft, Some(Linkage::Internal));
    no_builtins(kb.ctx, f);
    let ai = inkwell::attributes::Attribute::get_named_enum_kind_id("alwaysinline");
    f.add_attribute(inkwell::attributes::AttributeLoc::Function, kb.ctx.create_enum_attribute(ai, 0));
    let b = kb.ctx.create_builder();
    b.position_at_end(kb.ctx.append_basic_block(f, "entry"));
    let c = |v: f64| kb.f32t.const_float(v);
    let x = f.get_nth_param(0).ok_or_else(|| crate::CodegenError::Llvm("expf param".into()))?.into_float_value();
    let fma = |a: FloatValue<'ctx>, m: FloatValue<'ctx>, add: FloatValue<'ctx>| -> R<FloatValue<'ctx>> {
        let i = inkwell::intrinsics::Intrinsic::find("llvm.fmuladd")
            .and_then(|i| i.get_declaration(kb.module, &[kb.f32t.into()]))
            .ok_or_else(|| crate::CodegenError::Llvm("llvm.fmuladd missing".into()))?;
        let v = b.build_call(i, &[a.into(), m.into(), add.into()], "")?;
        v.try_as_basic_value()
            .basic()
            .map(|v| v.into_float_value())
            .ok_or_else(|| crate::CodegenError::Llvm("fma".into()))
    };
    let maxnum = inkwell::intrinsics::Intrinsic::find("llvm.maxnum")
        .and_then(|i| i.get_declaration(kb.module, &[kb.f32t.into()]))
        .ok_or_else(|| crate::CodegenError::Llvm("llvm.maxnum missing".into()))?;
    let x = b
        .build_call(maxnum, &[x.into(), c(-87.0).into()], "")?
        .try_as_basic_value()
        .basic()
        .map(|v| v.into_float_value())
        .ok_or_else(|| crate::CodegenError::Llvm("maxnum".into()))?;
    // n = round(x / ln2) for x <= 0: truncate x/ln2 - 0.5 toward zero.
    let t = fma(x, c(std::f64::consts::LOG2_E), c(-0.5))?;
    let n = b.build_float_to_signed_int(t, kb.i32t, "")?;
    let nf = b.build_signed_int_to_float(n, kb.f32t, "")?;
    let r = fma(nf, c(-0.693_359_375), x)?;
    let r = fma(nf, c(2.121_944_4e-4), r)?;
    let mut p = c(1.0 / 720.0);
    for coef in [1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        p = fma(p, r, c(coef))?;
    }
    let e = b.build_int_nsw_add(n, kb.i32t.const_int(127, false), "")?;
    let bits = b.build_left_shift(e, kb.i32t.const_int(23, false), "")?;
    let scale = b.build_bit_cast(bits, kb.f32t, "")?.into_float_value();
    b.build_return(Some(&b.build_float_mul(p, scale, "")?))?;
    Ok(f)
}

/// exp(x) for x <= 0, through the module's `hynas_expf`.
pub(crate) fn exp<'ctx>(kb: &Kb<'_, 'ctx>, x: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
    let f = expf(kb)?;
    let e = kb.b.build_call(f, &[x.into()], "")?;
    e.try_as_basic_value().basic().map(|v| v.into_float_value()).ok_or_else(|| crate::CodegenError::Llvm("expf".into()))
}

pub fn emit<'ctx>(kb: &Kb<'_, 'ctx>, rows: usize, len: usize, x: PointerValue<'ctx>, out: PointerValue<'ctx>) -> R<()> {
    let (mx, sum) = (kb.slot()?, kb.slot()?);
    kb.for_range(0, rows as i64, |r| {
        let base = kb.mul(r, len as i64)?;
        kb.set(mx, kb.f(f32::NEG_INFINITY))?;
        kb.for_range(0, len as i64, |i| {
            let v = kb.load(x, kb.add(base, i)?)?;
            kb.set(mx, kb.fmax(kb.get(mx)?, v)?)
        })?;
        kb.set(sum, kb.f(0.0))?;
        let m = kb.get(mx)?;
        kb.for_range(0, len as i64, |i| {
            let idx = kb.add(base, i)?;
            let d = kb.b.build_float_sub(kb.load(x, idx)?, m, "")?;
            let e = exp(kb, d)?;
            kb.store(out, idx, e)?;
            kb.set(sum, kb.b.build_float_add(kb.get(sum)?, e, "")?)
        })?;
        let inv = kb.b.build_float_div(kb.f(1.0), kb.get(sum)?, "")?;
        kb.for_range(0, len as i64, |i| {
            let idx = kb.add(base, i)?;
            let v = kb.b.build_float_mul(kb.load(out, idx)?, inv, "")?;
            kb.store(out, idx, v)
        })
    })
}
