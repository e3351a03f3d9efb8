//! Integer multiply-accumulate kernels: convolution (any groups, depthwise included), linear and
//! matmul. `acc = bias + sum (x - x_zero_point) * w` in i32, rescaled per output channel.
//!
//! Convolution: output-stationary, register-blocked tiles of OCB output channels (4, 2 or 1) x
//! PX pixels of a row (16 accumulators at most, so that they, one tap row's weights and inputs
//! stay in RV32's registers), weights re-laid out at compile time as [O/OCB][C/g][k][k][OCB].
//! Per input channel a tile loops over the kernel rows with the row's taps unrolled. Windows are
//! clipped without a separate border kernel: kernel rows by bounds computed per tile, kernel
//! columns statically (the output columns whose window leaves the input get tiles of their own
//! with only the valid taps). Padding is the real 0, so clipped windows sum `(x - zx) * w` over
//! their valid taps from the bias; windows inside the input sum raw `x * w` from a bias with
//! `zx * sum(w)` folded in (the same integer). Each tile's accumulators are then rescaled (and,
//! for a fused residual add, added to the other operand) by a loop over the tile, through shared
//! never-inlined helpers.

use super::pointwise::{self, PwDims, PwPtrs};
use super::{out_args, requant, rescale, rescale_run, AddQ, Operands, OutQ, RqTables};
use crate::kb::{const_i32, const_i8, Kb, R};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::Conv2dAttrs;
use hynas_ir::Quant;
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

/// Per-output-channel rescalings: input scale x weight scale / output scale.
fn channel_requants(qx: &Quant, qw: &Quant, outs: usize, s_out: f64) -> Vec<Requant> {
    (0..outs).map(|c| Requant::new(qx.scale_at(0) as f64 * qw.scale_at(c) as f64 / s_out)).collect()
}

/// The bias table (zeros without a bias).
fn bias_table(ops: &Operands, outs: usize) -> R<Vec<i32>> {
    Ok(if ops.ids.len() > 2 { ops.konst(2)?.data.clone() } else { vec![0; outs] })
}

/// A residual add fused after the convolution: the other operand (read at the index written,
/// so the result may overwrite it) and the add's parameters.
pub struct Residual<'ctx> {
    pub other: PointerValue<'ctx>,
    pub add: AddQ<'ctx>,
}

/// Tile shape: output channels per tile (dividing the group's outputs) and pixels per tile.
fn tile_shape(og: usize) -> (usize, usize) {
    match [4, 2, 1].into_iter().find(|&b| og.is_multiple_of(b)).unwrap_or(1) {
        4 => (4, 3),
        2 => (2, 6),
        _ => (1, 8),
    }
}

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
    residual: Option<&Residual<'ctx>>,
) -> R<()> {
    let (c, h, w) = (xd[1], xd[2], xd[3]);
    let (o, oh, ow) = (od[1], od[2], od[3]);
    let (kz, sz, pz) = (a.kernel, a.stride, a.padding);
    let (k, s, p) = (kz as i64, sz as i64, pz as i64);
    let (cg, og) = (c / a.groups, o / a.groups);
    let kk = kz * kz;
    let (ocb, px) = tile_shape(og);
    let wdata = &ops.konst(1)?.data;
    // Weights re-laid out as [O/OCB][C/g][k][k][OCB]: a tile's weights for one tap are adjacent.
    let mut wr = vec![0i32; wdata.len()];
    for oc in 0..o {
        for t in 0..cg * kk {
            wr[((oc / ocb) * cg * kk + t) * ocb + oc % ocb] = wdata[oc * cg * kk + t];
        }
    }
    // Interior windows sum raw x * w from `bias - zx * sum(w)` (the same integer as the sum of
    // (x - zx) * w); clipped windows (x - zx) * w over their valid taps from the bias.
    let zxv = qx.zero_point;
    let bias = bias_table(ops, o)?;
    let folded: Vec<i32> = (0..o)
        .map(|oc| {
            let sw: i32 = wdata[oc * cg * kk..(oc + 1) * cg * kk].iter().sum();
            bias[oc].wrapping_sub(zxv.wrapping_mul(sw))
        })
        .collect();
    let x = ops.act(0)?;
    let wt = const_i8(kb.ctx, kb.module, "w8", &wr).as_pointer_value();
    let folded_g = const_i32(kb.ctx, kb.module, "b32z", &folded).as_pointer_value();
    let (oy_lo, oy_hi) = crate::conv::interior(h, oh, kz, sz, pz);
    let (ox_lo, ox_hi) = crate::conv::interior(w, ow, kz, sz, pz);
    // Host code (the search's int8 scoring) avoids two forms that LLVM 19's x86 backend got wrong
    // in 4 of 67 swept convolution shapes (wrong sums in one channel of a remainder tile narrower
    // than the accumulator array; never on RISC-V, where every shape matches the interpreter):
    // it sums (x - zx) * w everywhere and takes remainders one pixel at a time.
    let fold_ok = kb.module.get_triple().as_str().to_string_lossy().starts_with("riscv");
    // Clipped windows exist only with padding (or windows larger than the input).
    let clipped = oy_lo > 0 || oy_hi < oh || ox_lo > 0 || ox_hi < ow;
    let bias_g = match clipped || !fold_ok {
        true => const_i32(kb.ctx, kb.module, "b32", &bias).as_pointer_value(),
        false => folded_g,
    };
    let rq = channel_requants(qx, ops.quant(1)?, o, oq.scale_at(0) as f64);
    let rqt = RqTables::new(kb, &rq);
    let out = kb.param(0);
    if fold_ok && kz == 1 && sz == 1 && pz == 0 && a.groups == 1 {
        let null = kb.ptr.const_null();
        let (other, addq) = residual.map_or((null, null), |r| (r.other, r.add.record()));
        let ptrs = PwPtrs { x, w: wt, bias: folded_g, rq: rqt, out, other, addq };
        return pointwise::call(
            kb,
            (ocb, px),
            &ptrs,
            &PwDims { cg, npix: oh * ow, tiles: o / ocb, out: [outq.zp, outq.lo, outq.hi] },
        );
    }
    let acc: Vec<_> = (0..ocb * px).map(|_| kb.slot_i32()).collect::<R<_>>()?;
    let tacc = kb.scratch_i32(ocb * px)?;
    let zx = kb.i(zxv as i64);
    let nblk = (ox_hi - ox_lo) / px;
    let rest = (ox_hi - ox_lo) % px;
    // First input channel of the tile's group.
    let first_ic = |oc0: IntValue<'ctx>| -> R<IntValue<'ctx>> {
        if a.groups == 1 {
            return Ok(kb.i(0));
        }
        kb.mul(kb.b.build_int_unsigned_div(oc0, kb.i(og as i64), "")?, cg as i64)
    };
    // Rescale (and add the residual) over the tile, from its accumulators spilled to `tacc`.
    let store = |oc0: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize| -> R<()> {
        for q in 0..ocb {
            for j in 0..npx {
                kb.st32(tacc, kb.i((q * px + j) as i64), kb.geti(acc[q * px + j])?)?;
            }
        }
        kb.for_range(0, ocb as i64, |q| {
            let oc = kb.add(oc0, q)?;
            let (m, sh) = rqt.at(kb, oc)?;
            let base = kb.add(kb.add(kb.mul(oc, (oh * ow) as i64)?, kb.mul(oy, ow as i64)?)?, ox0)?;
            let tq = kb.mul(q, px as i64)?;
            rescale_run(kb, kb.gep_i32(tacc, tq)?, kb.i(npx as i64), m, sh, out_args(kb, outq))?;
            kb.for_range(0, npx as i64, |j| {
                let idx = kb.add(base, j)?;
                let v = kb.ld32(tacc, kb.add(tq, j)?)?;
                let v = match residual {
                    Some(r) => r.add.apply(kb, v, kb.ld8(r.other, idx)?)?,
                    None => v,
                };
                kb.st8(out, idx, v)
            })
        })
    };
    // A tile: OCB channels x npx pixels from column ox0 of output row oy, kernel columns
    // kx_lo..kx_hi; `fold`: windows inside the input (raw x, folded bias, every kernel row),
    // otherwise kernel rows clipped at run time and x - zx.
    let tile =
        |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, npx: usize, kxr: (usize, usize), fold: bool| {
            let oc0 = kb.mul(ob, ocb as i64)?;
            for q in 0..ocb {
                let init = kb.ld32(if fold { folded_g } else { bias_g }, kb.add(oc0, kb.i(q as i64))?)?;
                for j in 0..npx {
                    kb.b.build_store(acc[q * px + j], init)?;
                }
            }
            let ic0 = first_ic(oc0)?;
            let iy0 = kb.affine(oy, s, -p)?;
            let ix0 = kb.affine(ox0, s, -p)?;
            let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
            kb.for_range(0, cg as i64, |icg| {
                let xbase = kb.mul(kb.add(ic0, icg)?, (h * w) as i64)?;
                let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
                let body = |ky: IntValue<'ctx>| -> R<()> {
                    let row = kb.add(kb.add(xbase, kb.mul(kb.add(iy0, ky)?, w as i64)?)?, ix0)?;
                    let wrow = kb.add(wbase, kb.mul(ky, k * ocb as i64)?)?;
                    let mut sums: Vec<_> = acc.iter().map(|&a| kb.geti(a)).collect::<R<_>>()?;
                    for kx in kxr.0..kxr.1 {
                        let ws: Vec<_> = (0..ocb)
                            .map(|q| kb.ld8(wt, kb.add(wrow, kb.i((kx * ocb + q) as i64))?))
                            .collect::<R<_>>()?;
                        for j in 0..npx {
                            let xv = kb.ld8(x, kb.add(row, kb.i((j * sz + kx) as i64))?)?;
                            let xv = if fold { xv } else { kb.b.build_int_sub(xv, zx, "")? };
                            for q in 0..ocb {
                                let a = &mut sums[q * px + j];
                                *a = kb.b.build_int_add(*a, kb.b.build_int_mul(xv, ws[q], "")?, "")?;
                            }
                        }
                    }
                    // Only the tile's own slots (q * px + j for j < npx) are written back.
                    for (i, (&slot, v)) in acc.iter().zip(sums).enumerate() {
                        if i % px < npx {
                            kb.b.build_store(slot, v)?;
                        }
                    }
                    Ok(())
                };
                if fold {
                    kb.for_range(0, k, body)
                } else {
                    // Kernel rows inside the input.
                    let ky0 = kb.imax(kb.b.build_int_sub(kb.i(0), iy0, "")?, kb.i(0))?;
                    let ky1 = kb.imin(kb.b.build_int_sub(kb.i(h as i64), iy0, "")?, kb.i(k))?;
                    kb.for_dyn(ky0, ky1, body)
                }
            })?;
            store(oc0, oy, ox0, npx)
        };
    // Kernel columns inside the input for output column ox (a column outside the interior).
    let kx_range = |ox: usize| -> (usize, usize) {
        let x0 = (ox * sz) as i64 - p;
        ((-x0).clamp(0, k) as usize, (w as i64 - x0).clamp(0, k) as usize)
    };
    // The interior columns of row oy: `fold` for an interior row.
    let middle = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, fold: bool| -> R<()> {
        kb.for_range(0, nblk as i64, |bi| tile(ob, oy, kb.affine(bi, px as i64, ox_lo as i64)?, px, (0, kz), fold))?;
        let ox0 = ox_lo + nblk * px;
        match (rest, fold_ok) {
            (0, _) => {}
            (_, true) => tile(ob, oy, kb.i(ox0 as i64), rest, (0, kz), fold)?,
            // Host code: single-pixel remainder tiles (see `fold_ok`).
            (_, false) => kb.for_range(ox0 as i64, (ox0 + rest) as i64, |ox| tile(ob, oy, ox, 1, (0, kz), fold))?,
        }
        Ok(())
    };
    kb.for_range(0, (o / ocb) as i64, |ob| {
        kb.for_range(0, oh as i64, |oy| {
            for ox in 0..ox_lo {
                tile(ob, oy, kb.i(ox as i64), 1, kx_range(ox), false)?;
            }
            if oy_lo == 0 && oy_hi == oh {
                middle(ob, oy, fold_ok)?;
            } else {
                let inside = kb.b.build_and(
                    kb.b.build_int_compare(IntPredicate::SGE, oy, kb.i(oy_lo as i64), "")?,
                    kb.b.build_int_compare(IntPredicate::SLT, oy, kb.i(oy_hi as i64), "")?,
                    "",
                )?;
                kb.if_else(inside, || middle(ob, oy, fold_ok), || middle(ob, oy, false))?;
            }
            for ox in ox_hi..ow {
                tile(ob, oy, kb.i(ox as i64), 1, kx_range(ox), false)?;
            }
            Ok(())
        })
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
    let rqt = RqTables::new(kb, &rq);
    let out = kb.param(0);
    let acc = kb.slot_i32()?;
    let zx = kb.i(qx.zero_point as i64);
    kb.for_range(0, o as i64, |j| {
        let (m, sh) = rqt.at(kb, j)?;
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
