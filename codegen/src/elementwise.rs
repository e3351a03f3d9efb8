//! Elementwise f32 kernels (ReLU, clip, scalar multiply, per-channel affine for an unfolded
//! BatchNorm), layout kernels of any element type (transpose; a reshape is a copy, the transpose
//! of one axis) and the f32 epilogue shared by every fused kernel.

use crate::kb::{Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{FloatValue, IntValue, PointerValue};

/// Applies a fused kernel's epilogue to `v`, the value for flat output index `idx`.
/// `Add` epilogues read their operand at the same index the kernel writes (so in-place is safe).
pub fn epilogue<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
    idx: IntValue<'ctx>,
    mut v: FloatValue<'ctx>,
) -> R<FloatValue<'ctx>> {
    let mut e = extras.iter();
    for op in ep {
        v = match op {
            Epilogue::Relu => kb.fmax(v, kb.f(0.0))?,
            Epilogue::Mul(s) => kb.b.build_float_mul(v, kb.f(*s), "")?,
            Epilogue::Clip(c) => kb.fclamp(v, c.min, c.max)?,
            Epilogue::Add => match e.next() {
                Some(&p) => {
                    let a = kb.load(p, idx)?;
                    kb.b.build_float_add(v, a, "")?
                }
                None => return Err(crate::CodegenError::Unsupported("add epilogue without operand".into())),
            },
            // The verifier refuses it in f32 kernels (`FusedAttrs::check`).
            Epilogue::Requant(_) => {
                return Err(crate::CodegenError::Unsupported("a requant epilogue in an f32 kernel".into()))
            }
        };
    }
    Ok(v)
}

pub enum Unary {
    Relu,
    Clip(f32, f32),
    Mul(f32),
    /// y = x * scale[c] + shift[c] over `plane`-sized channel planes.
    Affine {
        scale: Vec<f32>,
        shift: Vec<f32>,
        plane: usize,
    },
}

/// out[i] = f(x[i]) over `n` elements.
pub fn unary<'ctx>(kb: &Kb<'_, 'ctx>, op: &Unary, x: PointerValue<'ctx>, out: PointerValue<'ctx>, n: usize) -> R<()> {
    match op {
        Unary::Affine { scale, shift, plane } => kb.for_range(0, scale.len() as i64, |c| {
            let sc = crate::kb::const_data(kb.ctx, kb.module, "bn_scale", scale).as_pointer_value();
            let sh = crate::kb::const_data(kb.ctx, kb.module, "bn_shift", shift).as_pointer_value();
            let (a, b) = (kb.load(sc, c)?, kb.load(sh, c)?);
            let base = kb.mul(c, *plane as i64)?;
            kb.for_range(0, *plane as i64, |i| {
                let idx = kb.add(base, i)?;
                let v = kb.load(x, idx)?;
                kb.store(out, idx, kb.fmuladd(v, a, b)?)
            })
        }),
        _ => kb.for_range(0, n as i64, |i| {
            let v = kb.load(x, i)?;
            let y = match op {
                Unary::Relu => kb.fmax(v, kb.f(0.0))?,
                Unary::Clip(lo, hi) => kb.fclamp(v, *lo, *hi)?,
                Unary::Mul(s) => kb.b.build_float_mul(v, kb.f(*s), "")?,
                Unary::Affine { .. } => v,
            };
            kb.store(out, i, y)
        }),
    }
}

/// out = x (elements of type `ty`) with axes permuted (`perm[i]` is the input axis of output
/// axis i).
pub fn transpose<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ty: BasicTypeEnum<'ctx>,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    dims: &[usize],
    perm: &[usize],
) -> R<()> {
    permute(kb, dims, perm, &|src, dst| mv(kb, ty, (x, src), (out, dst)))
}

/// `to[j] = from[i]` for elements of type `ty`.
fn mv<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ty: BasicTypeEnum<'ctx>,
    (from, i): (PointerValue<'ctx>, IntValue<'ctx>),
    (to, j): (PointerValue<'ctx>, IntValue<'ctx>),
) -> R<()> {
    // SAFETY: indices are computed from compile-time shapes and stay inside the buffers.
    let (src, dst) =
        unsafe { (kb.b.build_in_bounds_gep(ty, from, &[i], "")?, kb.b.build_in_bounds_gep(ty, to, &[j], "")?) };
    kb.b.build_store(dst, kb.b.build_load(ty, src, "")?)?;
    Ok(())
}

/// Nested loops over the output of a transpose of `dims` by `perm`, calling `mv(src, dst)` with
/// the flat source and destination index of every element (any element type).
pub fn permute<'ctx>(
    kb: &Kb<'_, 'ctx>,
    dims: &[usize],
    perm: &[usize],
    mv: &dyn Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<()>,
) -> R<()> {
    let r = dims.len();
    let mut in_strides = vec![1i64; r];
    for i in (0..r.saturating_sub(1)).rev() {
        in_strides[i] = in_strides[i + 1] * dims[i + 1] as i64;
    }
    let od: Vec<usize> = perm.iter().map(|&p| dims[p]).collect();
    let ostr: Vec<i64> = (0..r).map(|i| od[i + 1..].iter().product::<usize>() as i64).collect();
    let istr: Vec<i64> = perm.iter().map(|&p| in_strides[p]).collect();
    fn rec<'ctx>(
        kb: &Kb<'_, 'ctx>,
        d: usize,
        strides: (&[usize], &[i64], &[i64]),
        src: IntValue<'ctx>,
        dst: IntValue<'ctx>,
        mv: &dyn Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<()>,
    ) -> R<()> {
        let (od, ostr, istr) = strides;
        if d == od.len() {
            return mv(src, dst);
        }
        kb.for_range(0, od[d] as i64, |i| {
            let s = kb.add(src, kb.mul(i, istr[d])?)?;
            let t = kb.add(dst, kb.mul(i, ostr[d])?)?;
            rec(kb, d + 1, strides, s, t, mv)
        })
    }
    rec(kb, 0, (&od, &ostr, &istr), kb.i(0), kb.i(0), mv)
}
