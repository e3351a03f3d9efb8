//! Integer multiply-accumulate kernels: convolution (any groups, depthwise included), linear and
//! matmul. `acc = bias + sum (x - x_zero_point) * w` in i32, rescaled per output channel.
//!
//! Convolution walks output channels, rows and columns; each output clips its window to the
//! input once (padding taps are skipped: the padded value is the real 0, adding nothing) and
//! loops over the valid taps.

use super::{finish, mbqm, requant, requant_tables, Operands, OutQ};
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
    let (k, s, p) = (a.kernel as i64, a.stride as i64, a.padding as i64);
    let (cg, og) = (c / a.groups, o / a.groups);
    let x = ops.act(0)?;
    let wt = const_i8(kb.ctx, kb.module, "w8", &ops.konst(1)?.data).as_pointer_value();
    let bias = const_i32(kb.ctx, kb.module, "b32", &bias_table(ops, o)?).as_pointer_value();
    let rq = channel_requants(qx, ops.quant(1)?, o, oq.scale_at(0) as f64);
    let (mult, shift) = requant_tables(kb, &rq);
    let out = kb.param(0);
    let acc = kb.slot_i32()?;
    let zx = kb.i(qx.zero_point as i64);
    let clip = |start: IntValue<'ctx>, n: usize| -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        // Valid taps t of a window starting at `start`: 0 <= start + t < n.
        let lo = kb.imax(kb.b.build_int_sub(kb.i(0), start, "")?, kb.i(0))?;
        let hi = kb.imin(kb.b.build_int_sub(kb.i(n as i64), start, "")?, kb.i(k))?;
        Ok((lo, hi))
    };
    kb.for_range(0, o as i64, |oc| {
        let g = kb.b.build_int_unsigned_div(oc, kb.i(og as i64), "")?;
        let ic0 = kb.mul(g, cg as i64)?;
        let b0 = kb.ld32(bias, oc)?;
        let (m, sh) = (kb.ld32(mult, oc)?, kb.ld32(shift, oc)?);
        let wbase = kb.mul(oc, (cg * a.kernel * a.kernel) as i64)?;
        kb.for_range(0, oh as i64, |oy| {
            let y0 = kb.affine(oy, s, -p)?;
            let (ky0, ky1) = clip(y0, h)?;
            kb.for_range(0, ow as i64, |ox| {
                let x0 = kb.affine(ox, s, -p)?;
                let (kx0, kx1) = clip(x0, w)?;
                kb.b.build_store(acc, b0)?;
                kb.for_range(0, cg as i64, |icg| {
                    let ic = kb.add(ic0, icg)?;
                    let xrow0 = kb.mul(ic, (h * w) as i64)?;
                    let wrow0 = kb.add(wbase, kb.mul(icg, k * k)?)?;
                    kb.for_dyn(ky0, ky1, |ky| {
                        let iy = kb.add(y0, ky)?;
                        let xrow = kb.add(xrow0, kb.mul(iy, w as i64)?)?;
                        let wrow = kb.add(wrow0, kb.mul(ky, k)?)?;
                        kb.for_dyn(kx0, kx1, |kx| {
                            let xv = kb.ld8(x, kb.add(xrow, kb.add(x0, kx)?)?)?;
                            let wv = kb.ld8(wt, kb.add(wrow, kx)?)?;
                            let prod = kb.b.build_int_mul(kb.b.build_int_sub(xv, zx, "")?, wv, "")?;
                            let sum = kb.b.build_int_add(kb.geti(acc)?, prod, "")?;
                            kb.b.build_store(acc, sum)?;
                            Ok(())
                        })
                    })
                })?;
                let idx = kb.add(kb.mul(oc, (oh * ow) as i64)?, kb.add(kb.mul(oy, ow as i64)?, ox)?)?;
                let v = finish(kb, mbqm(kb, kb.geti(acc)?, m, sh)?, outq)?;
                kb.st8(out, idx, v)
            })
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
            let v = finish(kb, mbqm(kb, kb.geti(acc)?, m, sh)?, outq)?;
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
