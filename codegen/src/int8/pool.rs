//! Integer pooling: max (the input's parameters kept), average (same parameters; the window's
//! sum of `x - zero_point` divided by PyTorch's divisor, rounding half away from zero), max+avg
//! (`(max - zp) * divisor + sum` rescaled by a per-divisor constant from a table), and global
//! average (the plane's sum rescaled once).

use super::{requant, rescale, Io, RqTables};
use crate::kb::{Kb, R};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::{Pool2dAttrs, PoolKind};
use inkwell::values::IntValue;
use inkwell::IntPredicate;

pub fn pool<'ctx>(kb: &Kb<'_, 'ctx>, a: &Pool2dAttrs, od: &[usize], io: &Io<'_, 'ctx>) -> R<()> {
    let Io { xd, qx, x, out, s_out, outq } = *io;
    let (planes, h, w) = (xd[0] * xd[1], xd[2], xd[3]);
    let (oh, ow) = (od[2], od[3]);
    let (k, s, p) = (a.kernel as i64, a.stride as i64, a.padding as i64);
    let z = qx.zero_point as i64;
    // max+avg: one rescaling per divisor 1..=k*k.
    let rq: Vec<Requant> =
        (0..=k * k).map(|d| Requant::new(qx.scale_at(0) as f64 / (2.0 * d.max(1) as f64 * s_out))).collect();
    let rqt = RqTables::new(kb, &rq);
    let (mx, sum) = (kb.slot_i32()?, kb.slot_i32()?);
    // Window [start, start + k) clipped to the input, and PyTorch's divisor extent (clipped to
    // the padded input).
    let clip = |start: IntValue<'ctx>, n: usize| -> R<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> {
        let end = kb.add(start, kb.i(k))?;
        let lo = kb.imax(start, kb.i(0))?;
        let hi = kb.imin(end, kb.i(n as i64))?;
        let ext = kb.b.build_int_sub(kb.imin(end, kb.i(n as i64 + p))?, start, "")?;
        Ok((lo, hi, ext))
    };
    kb.for_range(0, planes as i64, |pl| {
        let xb = kb.mul(pl, (h * w) as i64)?;
        let ob = kb.mul(pl, (oh * ow) as i64)?;
        kb.for_range(0, oh as i64, |oy| {
            let (y0, y1, dy) = clip(kb.affine(oy, s, -p)?, h)?;
            kb.for_range(0, ow as i64, |ox| {
                let (x0, x1, dx) = clip(kb.affine(ox, s, -p)?, w)?;
                kb.b.build_store(mx, kb.i(i32::MIN as i64))?;
                kb.b.build_store(sum, kb.i(0))?;
                kb.for_dyn(y0, y1, |iy| {
                    let row = kb.add(xb, kb.mul(iy, w as i64)?)?;
                    kb.for_dyn(x0, x1, |ix| {
                        let v = kb.ld8(x, kb.add(row, ix)?)?;
                        kb.b.build_store(mx, kb.imax(kb.geti(mx)?, v)?)?;
                        let d = kb.b.build_int_sub(v, kb.i(z), "")?;
                        kb.b.build_store(sum, kb.b.build_int_add(kb.geti(sum)?, d, "")?)?;
                        Ok(())
                    })
                })?;
                let div = kb.b.build_int_mul(dy, dx, "")?;
                let (m, sm) = (kb.geti(mx)?, kb.geti(sum)?);
                let v = match a.kind {
                    PoolKind::Max => kb.imin(kb.imax(m, kb.i(outq.lo as i64))?, kb.i(outq.hi as i64))?,
                    PoolKind::Avg => {
                        let q = div_round(kb, sm, div)?;
                        let v = kb.b.build_int_add(q, kb.i(z), "")?;
                        kb.imin(kb.imax(v, kb.i(outq.lo as i64))?, kb.i(outq.hi as i64))?
                    }
                    PoolKind::MaxAvg => {
                        let t = kb.b.build_int_add(
                            kb.b.build_int_mul(kb.b.build_int_sub(m, kb.i(z), "")?, div, "")?,
                            sm,
                            "",
                        )?;
                        {
                            let (m, sh) = rqt.at(kb, div)?;
                            rescale(kb, t, m, sh, outq)?
                        }
                    }
                };
                kb.st8(out, kb.add(ob, kb.add(kb.mul(oy, ow as i64)?, ox)?)?, v)
            })
        })
    })
}

/// `round(a / d)` for d > 0, halves away from zero (`hynas_ir::ops::pool::div_round`).
fn div_round<'ctx>(kb: &Kb<'_, 'ctx>, a: IntValue<'ctx>, d: IntValue<'ctx>) -> R<IntValue<'ctx>> {
    let half = kb.b.build_int_signed_div(d, kb.i(2), "")?;
    let nonneg = kb.b.build_int_compare(IntPredicate::SGE, a, kb.i(0), "")?;
    let up = kb.b.build_int_signed_div(kb.b.build_int_add(a, half, "")?, d, "")?;
    let down = kb.b.build_int_signed_div(kb.b.build_int_sub(a, half, "")?, d, "")?;
    Ok(kb.b.build_select(nonneg, up, down, "")?.into_int_value())
}

pub fn global_avg<'ctx>(kb: &Kb<'_, 'ctx>, io: &Io<'_, 'ctx>) -> R<()> {
    let Io { xd, qx, x, out, s_out, outq } = *io;
    let (planes, hw) = (xd[0] * xd[1], xd[2] * xd[3]);
    let r = Requant::new(qx.scale_at(0) as f64 / (hw as f64 * s_out));
    let sum = kb.slot_i32()?;
    kb.for_range(0, planes as i64, |pl| {
        let base = kb.mul(pl, hw as i64)?;
        kb.b.build_store(sum, kb.i(0))?;
        kb.for_range(0, hw as i64, |i| {
            let d = kb.b.build_int_sub(kb.ld8(x, kb.add(base, i)?)?, kb.i(qx.zero_point as i64), "")?;
            kb.b.build_store(sum, kb.b.build_int_add(kb.geti(sum)?, d, "")?)?;
            Ok(())
        })?;
        kb.st8(out, pl, requant(kb, kb.geti(sum)?, r, outq)?)
    })
}
