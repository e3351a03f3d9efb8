//! Pooling kernels with PyTorch semantics: max (padding ignored), average with
//! `count_include_pad=True` (divisor = window clipped to the padded input, a compile-time
//! computed per output position), their 0.5/0.5 combination, and global average pooling.

use crate::elementwise::epilogue;
use crate::kb::{Kb, R};
use hynas_ir::ops::{Epilogue, PoolKind};
use inkwell::values::PointerValue;

pub struct PoolSpec {
    pub kind: PoolKind,
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
}

pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &PoolSpec,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    use inkwell::IntPredicate::{SLT, ULT};
    let (mx, sum) = (kb.slot()?, kb.slot()?);
    kb.for_range(0, sp.planes as i64, |pl| {
        let xb = kb.mul(pl, (sp.h * sp.w) as i64)?;
        let ob = kb.mul(pl, (sp.oh * sp.ow) as i64)?;
        kb.for_range(0, sp.oh as i64, |oy| {
            let y0 = kb.affine(oy, sp.s as i64, -(sp.p as i64))?;
            // PyTorch's divisor: the window clipped to [.., n + p).
            let clip = |start: inkwell::values::IntValue<'ctx>, n: usize| -> R<inkwell::values::IntValue<'ctx>> {
                let end = kb.add(start, kb.i(sp.k as i64))?;
                let lim = kb.i((n + sp.p) as i64);
                let c = kb.b.build_int_compare(SLT, end, lim, "")?;
                let e = kb.b.build_select(c, end, lim, "")?.into_int_value();
                Ok(kb.b.build_int_nsw_sub(e, start, "")?)
            };
            let dy = clip(y0, sp.h)?;
            kb.for_range(0, sp.ow as i64, |ox| {
                let x0 = kb.affine(ox, sp.s as i64, -(sp.p as i64))?;
                kb.set(mx, kb.f(f32::NEG_INFINITY))?;
                kb.set(sum, kb.f(0.0))?;
                let (mut m, mut s) = (kb.get(mx)?, kb.get(sum)?);
                for ky in 0..sp.k {
                    let iy = kb.add(y0, kb.i(ky as i64))?;
                    let oky = kb.b.build_int_compare(ULT, iy, kb.i(sp.h as i64), "")?;
                    for kx in 0..sp.k {
                        let ix = kb.add(x0, kb.i(kx as i64))?;
                        let okx = kb.b.build_int_compare(ULT, ix, kb.i(sp.w as i64), "")?;
                        let ok = kb.b.build_and(oky, okx, "")?;
                        let idx = kb.add(xb, kb.add(kb.mul(iy, sp.w as i64)?, ix)?)?;
                        let idx = kb.b.build_select(ok, idx, xb, "")?.into_int_value();
                        let v = kb.load(x, idx)?;
                        let vm = kb.b.build_select(ok, v, kb.f(f32::NEG_INFINITY), "")?.into_float_value();
                        let vs = kb.b.build_select(ok, v, kb.f(0.0), "")?.into_float_value();
                        m = kb.fmax(m, vm)?;
                        s = kb.b.build_float_add(s, vs, "")?;
                    }
                }
                let area = kb.b.build_int_nsw_mul(dy, clip(x0, sp.w)?, "")?;
                let area = kb.b.build_signed_int_to_float(area, kb.f32t, "")?;
                let avg = kb.b.build_float_div(s, area, "")?;
                let v = match sp.kind {
                    PoolKind::Max => m,
                    PoolKind::Avg => avg,
                    PoolKind::MaxAvg => {
                        let h = kb.b.build_float_mul(avg, kb.f(0.5), "")?;
                        kb.fmuladd(m, kb.f(0.5), h)?
                    }
                };
                let idx = kb.add(ob, kb.add(kb.mul(oy, sp.ow as i64)?, ox)?)?;
                let v = epilogue(kb, ep, extras, idx, v)?;
                kb.store(out, idx, v)
            })
        })
    })
}

pub fn global_avg<'ctx>(
    kb: &Kb<'_, 'ctx>,
    planes: usize,
    hw: usize,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    let acc = kb.slot()?;
    kb.for_range(0, planes as i64, |pl| {
        kb.set(acc, kb.f(0.0))?;
        let base = kb.mul(pl, hw as i64)?;
        kb.for_range(0, hw as i64, |i| {
            let v = kb.load(x, kb.add(base, i)?)?;
            kb.set(acc, kb.b.build_float_add(kb.get(acc)?, v, "")?)
        })?;
        let mean = kb.b.build_float_mul(kb.get(acc)?, kb.f(1.0 / hw as f32), "")?;
        let v = epilogue(kb, ep, extras, pl, mean)?;
        kb.store(out, pl, v)
    })
}
