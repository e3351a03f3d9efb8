//! Convolution (any groups; depthwise has its own family in `depthwise.rs`).
//!
//! Output-stationary and register-blocked: a tile computes OCB output channels (4, 2 or 1,
//! dividing the group's outputs) for PX = 4 neighbouring output pixels of a row, keeping the
//! OCB x PX sums in registers while it walks the input channels; the kxk taps are unrolled, so
//! every load has a constant offset. Weights are re-laid out at compile time as
//! [O/OCB][C/g][k][k][OCB] so a tile's weights for one tap are contiguous.
//!
//! Padding never reaches the inner loop: rows and columns whose window lies inside the input
//! run unchecked; a border tile (one pixel) clips its window to the input once, at run time, and
//! loops over the valid taps only (padding taps cost nothing, which matters for 7x7 and 9x9
//! kernels on small images, where most pixels are border pixels).

use crate::elementwise::epilogue;
use crate::kb::{const_data, Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::values::{IntValue, PointerValue};

#[derive(Clone, Copy)]
pub struct ConvSpec<'w> {
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub o: usize,
    pub oh: usize,
    pub ow: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
    pub groups: usize,
    pub weight: &'w [f32],
    pub bias: Option<&'w [f32]>,
}

const PX: usize = 4;

/// Index range [lo, hi) of outputs whose window lies inside an input of size `n`.
pub fn interior(n: usize, out: usize, k: usize, s: usize, p: usize) -> (usize, usize) {
    let lo = p.div_ceil(s).min(out);
    // Largest o with o*s - p + k - 1 <= n - 1.
    let hi = if n + p + 1 > k { ((n + p - k) / s + 1).min(out) } else { 0 };
    (lo, hi.max(lo))
}

/// The weights re-laid out as [O/OCB][C/g][k][k][OCB] (a tile's weights for one tap contiguous)
/// and the bias, as module constants.
pub(crate) fn packed_weights<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &ConvSpec,
    ocb: usize,
) -> (PointerValue<'ctx>, Option<PointerValue<'ctx>>) {
    let (cg, kk) = (sp.c / sp.groups, sp.k * sp.k);
    let mut wr = vec![0f32; sp.weight.len()];
    for oc in 0..sp.o {
        let (ob, q) = (oc / ocb, oc % ocb);
        for icg in 0..cg {
            for t in 0..kk {
                wr[((ob * cg + icg) * kk + t) * ocb + q] = sp.weight[(oc * cg + icg) * kk + t];
            }
        }
    }
    let wg = const_data(kb.ctx, kb.module, "conv_w", &wr).as_pointer_value();
    (wg, sp.bias.map(|b| const_data(kb.ctx, kb.module, "conv_b", b).as_pointer_value()))
}

/// Valid taps of output position `o` of a window op along an axis of size `n`: the `t` with
/// `0 <= o*s - p + t < n`.
pub(crate) fn valid_taps(o: usize, n: usize, k: usize, s: usize, p: usize) -> std::ops::Range<usize> {
    let i0 = (o * s) as i64 - p as i64;
    let lo = (-i0).clamp(0, k as i64) as usize;
    let hi = (n as i64 - i0).clamp(0, k as i64) as usize;
    lo..hi.max(lo)
}

/// The tiles of an output row of `ow` pixels, `px` wide (the last one narrower), as (first
/// column, pixels); and the run of tiles for which `full` holds (the interior tiles, contiguous
/// since valid columns are): its first index (the tile count when there is none) and length.
pub(crate) fn row_tiles(
    ow: usize,
    px: usize,
    full: impl Fn(usize, usize) -> bool,
) -> (Vec<(usize, usize)>, usize, usize) {
    let tiles: Vec<(usize, usize)> = (0..ow).step_by(px.max(1)).map(|ox| (ox, px.min(ow - ox))).collect();
    let first = tiles.iter().position(|&(ox, n)| full(ox, n)).unwrap_or(tiles.len());
    let run = tiles[first..].iter().take_while(|&&(ox, n)| full(ox, n)).count();
    (tiles, first, run)
}

pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &ConvSpec,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    let cg = sp.c / sp.groups;
    let og = sp.o / sp.groups;
    let ocb = [4, 2, 1].into_iter().find(|&b| og.is_multiple_of(b)).unwrap_or(1);
    let kk = sp.k * sp.k;
    let (wg, bg) = packed_weights(kb, sp, ocb);
    let acc: Vec<PointerValue> = (0..ocb * PX).map(|_| kb.slot()).collect::<R<_>>()?;
    let (oy_lo, oy_hi) = interior(sp.h, sp.oh, sp.k, sp.s, sp.p);
    let (ox_lo, ox_hi) = interior(sp.w, sp.ow, sp.k, sp.s, sp.p);
    let nblk = (ox_hi - ox_lo) / PX;
    // Bias into the accumulators of `npx` pixels; the first input channel of the block's group.
    let start = |ob: IntValue<'ctx>, npx: usize| -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let oc0 = kb.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            let init = match bg {
                Some(b) => kb.load(b, kb.add(oc0, kb.i(q as i64))?)?,
                None => kb.f(0.0),
            };
            for j in 0..npx {
                kb.set(acc[q * PX + j], init)?;
            }
        }
        let ic0 = if sp.groups == 1 {
            kb.i(0)
        } else {
            kb.mul(kb.b.build_int_signed_div(oc0, kb.i(og as i64), "")?, cg as i64)?
        };
        Ok((oc0, ic0))
    };
    // Epilogue and store of `npx` pixels.
    let finish = |oc0: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize| -> R<()> {
        for q in 0..ocb {
            let oc = kb.add(oc0, kb.i(q as i64))?;
            let base = kb.add(kb.mul(oc, (sp.oh * sp.ow) as i64)?, kb.mul(oy, sp.ow as i64)?)?;
            for j in 0..npx {
                let idx = kb.add(base, kb.add(ox0, kb.i(j as i64))?)?;
                let v = epilogue(kb, ep, extras, idx, kb.get(acc[q * PX + j])?)?;
                kb.store(out, idx, v)?;
            }
        }
        Ok(())
    };
    // Interior tile: npx pixels of a row whose windows lie inside the input; taps unrolled.
    let tile = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize| -> R<()> {
        let (oc0, ic0) = start(ob, npx)?;
        let iy0 = kb.affine(oy, sp.s as i64, -(sp.p as i64))?;
        let ix0 = kb.affine(ox0, sp.s as i64, -(sp.p as i64))?;
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        kb.for_range(0, cg as i64, |icg| {
            let ic = kb.add(ic0, icg)?;
            let xbase = kb.mul(ic, (sp.h * sp.w) as i64)?;
            let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
            let mut sums: Vec<_> = acc.iter().map(|&a| kb.get(a)).collect::<R<_>>()?;
            for ky in 0..sp.k {
                let iy = kb.add(iy0, kb.i(ky as i64))?;
                let row = kb.add(xbase, kb.mul(iy, sp.w as i64)?)?;
                for kx in 0..sp.k {
                    let t = ky * sp.k + kx;
                    let ws: Vec<_> =
                        (0..ocb).map(|q| kb.load(wg, kb.add(wbase, kb.i((t * ocb + q) as i64))?)).collect::<R<_>>()?;
                    for j in 0..npx {
                        let ix = kb.add(ix0, kb.i((j * sp.s + kx) as i64))?;
                        let xv = kb.load(x, kb.add(row, ix)?)?;
                        for q in 0..ocb {
                            let a = &mut sums[q * PX + j];
                            *a = kb.fmuladd(xv, ws[q], *a)?;
                        }
                    }
                }
            }
            for (a, s) in acc.iter().zip(sums) {
                kb.set(*a, s)?;
            }
            Ok(())
        })?;
        finish(oc0, oy, ox0, npx)
    };
    // Border tile: one pixel; the window is clipped to the input and only valid taps run.
    let border = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox: IntValue<'ctx>| -> R<()> {
        let (oc0, ic0) = start(ob, 1)?;
        let iy0 = kb.affine(oy, sp.s as i64, -(sp.p as i64))?;
        let ix0 = kb.affine(ox, sp.s as i64, -(sp.p as i64))?;
        let neg = |v: IntValue<'ctx>| kb.b.build_int_nsw_sub(kb.i(0), v, "");
        let ky_lo = kb.imax(kb.i(0), neg(iy0)?)?;
        let ky_hi = kb.imin(kb.i(sp.k as i64), kb.b.build_int_nsw_sub(kb.i(sp.h as i64), iy0, "")?)?;
        let kx_lo = kb.imax(kb.i(0), neg(ix0)?)?;
        let kx_hi = kb.imin(kb.i(sp.k as i64), kb.b.build_int_nsw_sub(kb.i(sp.w as i64), ix0, "")?)?;
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        kb.for_range(0, cg as i64, |icg| {
            let ic = kb.add(ic0, icg)?;
            let xbase = kb.mul(ic, (sp.h * sp.w) as i64)?;
            let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
            kb.for_dyn(ky_lo, ky_hi, |ky| {
                let row = kb.add(xbase, kb.add(kb.mul(kb.add(iy0, ky)?, sp.w as i64)?, ix0)?)?;
                let wrow = kb.add(wbase, kb.mul(ky, (sp.k * ocb) as i64)?)?;
                kb.for_dyn(kx_lo, kx_hi, |kx| {
                    let xv = kb.load(x, kb.add(row, kx)?)?;
                    let wt = kb.add(wrow, kb.mul(kx, ocb as i64)?)?;
                    for q in 0..ocb {
                        let w = kb.load(wg, kb.add(wt, kb.i(q as i64))?)?;
                        let a = acc[q * PX];
                        kb.set(a, kb.fmuladd(xv, w, kb.get(a)?)?)?;
                    }
                    Ok(())
                })
            })
        })?;
        finish(oc0, oy, ox, 1)
    };
    kb.for_range(0, (sp.o / ocb) as i64, |ob| {
        let border_row = |oy: IntValue<'ctx>| kb.for_range(0, sp.ow as i64, |ox| border(ob, oy, ox));
        kb.for_range(0, oy_lo as i64, border_row)?;
        kb.for_range(oy_lo as i64, oy_hi as i64, |oy| {
            kb.for_range(0, ox_lo as i64, |ox| border(ob, oy, ox))?;
            kb.for_range(0, nblk as i64, |bi| tile(ob, oy, kb.affine(bi, PX as i64, ox_lo as i64)?, PX))?;
            kb.for_range((ox_lo + nblk * PX) as i64, ox_hi as i64, |ox| tile(ob, oy, ox, 1))?;
            kb.for_range(ox_hi as i64, sp.ow as i64, |ox| border(ob, oy, ox))
        })?;
        kb.for_range(oy_hi as i64, sp.oh as i64, border_row)
    })
}
