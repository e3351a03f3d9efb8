//! Integer multiply-accumulate kernels: convolution (any groups, depthwise included), linear and
//! matmul. `acc = bias + sum (x - x_zero_point) * w` in i32, rescaled per output channel.
//!
//! Convolution as the f32 kernel (`crate::conv`): output-stationary, register-blocked tiles of
//! OCB output channels (4, 2 or 1) x 4 pixels of a row, weights re-laid out at compile time as
//! [O/OCB][C/g][k][k][OCB], the kxk taps unrolled for windows inside the input; those tiles sum
//! raw `x * w` from a bias with `zx * sum(w)` folded in, so the zero point costs nothing in the
//! inner loop. Border pixels clip their window once and sum `(x - zx) * w` over the valid taps
//! (padding is the real 0, adding nothing).

use super::{requant, requant_tables, rescale, Operands, OutQ};
use crate::kb::{const_i32, const_i8, Kb, R};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::Conv2dAttrs;
use hynas_ir::Quant;
use inkwell::values::IntValue;

/// Per-output-channel rescalings: input scale x weight scale / output scale.
fn channel_requants(qx: &Quant, qw: &Quant, outs: usize, s_out: f64) -> Vec<Requant> {
    (0..outs).map(|c| Requant::new(qx.scale_at(0) as f64 * qw.scale_at(c) as f64 / s_out)).collect()
}

/// The bias table (zeros without a bias).
fn bias_table(ops: &Operands, outs: usize) -> R<Vec<i32>> {
    Ok(if ops.ids.len() > 2 { ops.konst(2)?.data.clone() } else { vec![0; outs] })
}

/// Output pixels of an interior tile.
const PX: usize = 4;

#[allow(clippy::too_many_arguments)]
pub fn conv<'ctx>(
    kb: &Kb<'_, 'ctx>,
    a: &Conv2dAttrs,
    xd: &[usize],
    od: &[usize],
    qx: &Quant,
    ops: &Operands<'_, 'ctx>,
    oq: &Quant,
    outq: OutQ,
) -> R<()> {
    let (c, h, w) = (xd[1], xd[2], xd[3]);
    let (o, oh, ow) = (od[1], od[2], od[3]);
    let (kz, sz, pz) = (a.kernel, a.stride, a.padding);
    let (k, s, p) = (kz as i64, sz as i64, pz as i64);
    let (cg, og) = (c / a.groups, o / a.groups);
    let kk = kz * kz;
    // Output channels per tile: 4, 2 or 1, dividing the group's outputs.
    let ocb = [4, 2, 1].into_iter().find(|&b| og.is_multiple_of(b)).unwrap_or(1);
    let wdata = &ops.konst(1)?.data;
    // Weights re-laid out as [O/OCB][C/g][k][k][OCB]: a tile's weights for one tap are adjacent.
    let mut wr = vec![0i32; wdata.len()];
    for oc in 0..o {
        for t in 0..cg * kk {
            wr[((oc / ocb) * cg * kk + t) * ocb + oc % ocb] = wdata[oc * cg * kk + t];
        }
    }
    let bias = bias_table(ops, o)?;
    // Interior tiles sum raw x * w from `bias - zx * sum(w)` (the same integer as the sum of
    // (x - zx) * w over every tap); border pixels sum (x - zx) * w over their valid taps.
    let zxv = qx.zero_point;
    let folded: Vec<i32> = (0..o)
        .map(|oc| {
            let sw: i32 = wdata[oc * cg * kk..(oc + 1) * cg * kk].iter().sum();
            bias[oc].wrapping_sub(zxv.wrapping_mul(sw))
        })
        .collect();
    let x = ops.act(0)?;
    let wt = const_i8(kb.ctx, kb.module, "w8", &wr).as_pointer_value();
    let bias_g = const_i32(kb.ctx, kb.module, "b32", &bias).as_pointer_value();
    let folded_g = const_i32(kb.ctx, kb.module, "b32z", &folded).as_pointer_value();
    let rq = channel_requants(qx, ops.quant(1)?, o, oq.scale_at(0) as f64);
    let (mult, shift) = requant_tables(kb, &rq);
    let out = kb.param(0);
    let acc: Vec<_> = (0..ocb * PX).map(|_| kb.slot_i32()).collect::<R<_>>()?;
    let zx = kb.i(zxv as i64);
    let (oy_lo, oy_hi) = crate::conv::interior(h, oh, kz, sz, pz);
    let (ox_lo, ox_hi) = crate::conv::interior(w, ow, kz, sz, pz);
    let nblk = (ox_hi - ox_lo) / PX;
    // First input channel of the tile's group.
    let first_ic = |oc0: IntValue<'ctx>| -> R<IntValue<'ctx>> {
        if a.groups == 1 {
            return Ok(kb.i(0));
        }
        kb.mul(kb.b.build_int_unsigned_div(oc0, kb.i(og as i64), "")?, cg as i64)
    };
    let store = |oc0: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize| -> R<()> {
        for q in 0..ocb {
            let oc = kb.add(oc0, kb.i(q as i64))?;
            let (m, sh) = (kb.ld32(mult, oc)?, kb.ld32(shift, oc)?);
            let base = kb.add(kb.mul(oc, (oh * ow) as i64)?, kb.mul(oy, ow as i64)?)?;
            for j in 0..npx {
                let idx = kb.add(base, kb.add(ox0, kb.i(j as i64))?)?;
                let v = rescale(kb, kb.geti(acc[q * PX + j])?, m, sh, outq)?;
                kb.st8(out, idx, v)?;
            }
        }
        Ok(())
    };
    // Interior tile: OCB channels x npx pixels of a row; taps unrolled, constant offsets.
    let tile = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize| -> R<()> {
        let oc0 = kb.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            let init = kb.ld32(folded_g, kb.add(oc0, kb.i(q as i64))?)?;
            for j in 0..npx {
                kb.b.build_store(acc[q * PX + j], init)?;
            }
        }
        let ic0 = first_ic(oc0)?;
        let iy0 = kb.affine(oy, s, -p)?;
        let ix0 = kb.affine(ox0, s, -p)?;
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        kb.for_range(0, cg as i64, |icg| {
            let xbase = kb.mul(kb.add(ic0, icg)?, (h * w) as i64)?;
            let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
            let mut sums: Vec<_> = acc.iter().map(|&a| kb.geti(a)).collect::<R<_>>()?;
            for ky in 0..kz {
                let row = kb.add(xbase, kb.mul(kb.add(iy0, kb.i(ky as i64))?, w as i64)?)?;
                for kx in 0..kz {
                    let t = ky * kz + kx;
                    let ws: Vec<_> =
                        (0..ocb).map(|q| kb.ld8(wt, kb.add(wbase, kb.i((t * ocb + q) as i64))?)).collect::<R<_>>()?;
                    for j in 0..npx {
                        let xv = kb.ld8(x, kb.add(row, kb.add(ix0, kb.i((j * sz + kx) as i64))?)?)?;
                        for q in 0..ocb {
                            let a = &mut sums[q * PX + j];
                            *a = kb.b.build_int_add(*a, kb.b.build_int_mul(xv, ws[q], "")?, "")?;
                        }
                    }
                }
            }
            for (a, v) in acc.iter().zip(sums) {
                kb.b.build_store(*a, v)?;
            }
            Ok(())
        })?;
        store(oc0, oy, ox0, npx)
    };
    // Border pixel: the window clipped to the input, (x - zx) * w over the valid taps.
    let clip = |start: IntValue<'ctx>, n: usize| -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let lo = kb.imax(kb.b.build_int_sub(kb.i(0), start, "")?, kb.i(0))?;
        let hi = kb.imin(kb.b.build_int_sub(kb.i(n as i64), start, "")?, kb.i(k))?;
        Ok((lo, hi))
    };
    let border = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox: IntValue<'ctx>| -> R<()> {
        let oc0 = kb.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            kb.b.build_store(acc[q * PX], kb.ld32(bias_g, kb.add(oc0, kb.i(q as i64))?)?)?;
        }
        let ic0 = first_ic(oc0)?;
        let y0 = kb.affine(oy, s, -p)?;
        let x0 = kb.affine(ox, s, -p)?;
        let (ky0, ky1) = clip(y0, h)?;
        let (kx0, kx1) = clip(x0, w)?;
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        kb.for_range(0, cg as i64, |icg| {
            let xbase = kb.mul(kb.add(ic0, icg)?, (h * w) as i64)?;
            let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
            kb.for_dyn(ky0, ky1, |ky| {
                let row = kb.add(xbase, kb.add(kb.mul(kb.add(y0, ky)?, w as i64)?, x0)?)?;
                let wrow = kb.add(wbase, kb.mul(ky, k * ocb as i64)?)?;
                kb.for_dyn(kx0, kx1, |kx| {
                    let xv = kb.b.build_int_sub(kb.ld8(x, kb.add(row, kx)?)?, zx, "")?;
                    let wtap = kb.add(wrow, kb.mul(kx, ocb as i64)?)?;
                    for q in 0..ocb {
                        let wv = kb.ld8(wt, kb.add(wtap, kb.i(q as i64))?)?;
                        let sum = kb.b.build_int_add(kb.geti(acc[q * PX])?, kb.b.build_int_mul(xv, wv, "")?, "")?;
                        kb.b.build_store(acc[q * PX], sum)?;
                    }
                    Ok(())
                })
            })
        })?;
        store(oc0, oy, ox, 1)
    };
    kb.for_range(0, (o / ocb) as i64, |ob| {
        let border_row = |oy: IntValue<'ctx>| kb.for_range(0, ow as i64, |ox| border(ob, oy, ox));
        kb.for_range(0, oy_lo as i64, border_row)?;
        kb.for_range(oy_lo as i64, oy_hi as i64, |oy| {
            kb.for_range(0, ox_lo as i64, |ox| border(ob, oy, ox))?;
            kb.for_range(0, nblk as i64, |bi| tile(ob, oy, kb.affine(bi, PX as i64, ox_lo as i64)?, PX))?;
            kb.for_range((ox_lo + nblk * PX) as i64, ox_hi as i64, |ox| tile(ob, oy, ox, 1))?;
            kb.for_range(ox_hi as i64, ow as i64, |ox| border(ob, oy, ox))
        })?;
        kb.for_range(oy_hi as i64, oh as i64, border_row)
    })
}

pub fn linear<'ctx>(
    kb: &Kb<'_, 'ctx>,
    xd: &[usize],
    od: &[usize],
    qx: &Quant,
    ops: &Operands<'_, 'ctx>,
    outq_params: &Quant,
    outq: OutQ,
) -> R<()> {
    let (n, k, o) = (xd[0], xd[1], od[1]);
    let x = ops.act(0)?;
    let wt = const_i8(kb.ctx, kb.module, "w8", &ops.konst(1)?.data).as_pointer_value();
    let bias = const_i32(kb.ctx, kb.module, "b32", &bias_table(ops, o)?).as_pointer_value();
    let rq = channel_requants(qx, ops.quant(1)?, o, outq_params.scale_at(0) as f64);
    let (mult, shift) = requant_tables(kb, &rq);
    let out = kb.param(0);
    let acc = kb.slot_i32()?;
    let zx = kb.i(qx.zero_point as i64);
    kb.for_range(0, o as i64, |j| {
        let (m, sh) = (kb.ld32(mult, j)?, kb.ld32(shift, j)?);
        let b0 = kb.ld32(bias, j)?;
        let wrow = kb.mul(j, k as i64)?;
        kb.for_range(0, n as i64, |b| {
            let xrow = kb.mul(b, k as i64)?;
            kb.b.build_store(acc, b0)?;
            kb.for_range(0, k as i64, |i| {
                let xv = kb.b.build_int_sub(kb.ld8(x, kb.add(xrow, i)?)?, zx, "")?;
                let wv = kb.ld8(wt, kb.add(wrow, i)?)?;
                let sum = kb.b.build_int_add(kb.geti(acc)?, kb.b.build_int_mul(xv, wv, "")?, "")?;
                kb.b.build_store(acc, sum)?;
                Ok(())
            })?;
            let v = rescale(kb, kb.geti(acc)?, m, sh, outq)?;
            kb.st8(out, kb.add(kb.mul(b, o as i64)?, j)?, v)
        })
    })
}

#[allow(clippy::too_many_arguments)]
pub fn matmul<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ad: &[usize],
    bd: &[usize],
    qa: &Quant,
    qb: &Quant,
    ops: &Operands<'_, 'ctx>,
    s_out: f64,
    outq: OutQ,
) -> R<()> {
    let r = ad.len();
    let (m, k, n) = (ad[r - 2], ad[r - 1], bd[r - 1]);
    let batch: usize = ad[..r - 2].iter().product();
    let a = ops.act(0)?;
    let bconst = ops.consts.get(1).copied().flatten();
    let b = match bconst {
        Some(t) => const_i8(kb.ctx, kb.module, "mm8", &t.data).as_pointer_value(),
        None => ops.act(1)?,
    };
    let rq = Requant::new(qa.scale_at(0) as f64 * qb.scale_at(0) as f64 / s_out);
    let out = kb.param(0);
    let acc = kb.slot_i32()?;
    let (za, zb) = (kb.i(qa.zero_point as i64), kb.i(qb.zero_point as i64));
    kb.for_range(0, batch as i64, |bt| {
        let (ao, bo, oo) = (kb.mul(bt, (m * k) as i64)?, kb.mul(bt, (k * n) as i64)?, kb.mul(bt, (m * n) as i64)?);
        kb.for_range(0, m as i64, |i| {
            kb.for_range(0, n as i64, |j| {
                kb.b.build_store(acc, kb.i(0))?;
                kb.for_range(0, k as i64, |l| {
                    let ai = kb.add(kb.add(ao, kb.mul(i, k as i64)?)?, l)?;
                    let bi = kb.add(kb.add(bo, kb.mul(l, n as i64)?)?, j)?;
                    let av = kb.b.build_int_sub(kb.ld8(a, ai)?, za, "")?;
                    let bv = kb.b.build_int_sub(kb.ld8(b, bi)?, zb, "")?;
                    let sum = kb.b.build_int_add(kb.geti(acc)?, kb.b.build_int_mul(av, bv, "")?, "")?;
                    kb.b.build_store(acc, sum)?;
                    Ok(())
                })?;
                let idx = kb.add(kb.add(oo, kb.mul(i, n as i64)?)?, j)?;
                kb.st8(out, idx, requant(kb, kb.geti(acc)?, rq, outq)?)
            })
        })
    })
}
