//! Fused attention `out = v @ softmax(q^T k)` per head (q, k, v, out: [d, N] per head), without
//! the [N, N] scores: IB query rows at a time (IB = 4, 2 or 1, dividing N), a stack scratch of
//! IB x N scores. Per block of rows: scores s[r][j] = sum_c q[c][i0+r] * k[c][j] blocked over JB
//! columns (IB x JB accumulators in registers, one load of q and k each per IB x JB MACs); a
//! softmax of each row left unnormalised (exp(s - max), 1/sum kept); then
//! out[c][j] += sum_r (v[c][i0+r] / sum_r) * s[r][j], one load and store of out per IB MACs.

use crate::dense::block_of;
use crate::kb::{Kb, R};
use crate::softmax::exp;
use inkwell::values::{FloatValue, IntValue, PointerValue};

/// Score rows per pass: the largest of 4, 2, 1 dividing `n` whose scratch stays within 8 KiB.
fn rows_per_pass(n: usize) -> usize {
    [4, 2, 1].into_iter().find(|&b| n.is_multiple_of(b) && b * n <= 2048).unwrap_or(1)
}

/// Stack bytes of the scratch for `n` tokens (both schedules stay within 8 KiB).
pub fn scratch_bytes(n: usize, schedules: crate::Schedules) -> usize {
    match schedules {
        crate::Schedules::Tuned => tiled_rows(n) * n * 4,
        crate::Schedules::Baseline => rows_per_pass(n) * n * 4,
    }
}

#[allow(clippy::too_many_arguments)]
pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    batch: usize,
    d: usize,
    n: usize,
    q: PointerValue<'ctx>,
    k: PointerValue<'ctx>,
    v: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
) -> R<()> {
    let (ib, jb) = (rows_per_pass(n), block_of(n, &[4, 2, 1]));
    let (ni, nj) = (n as i64, jb as i64);
    let s = kb.scratch(ib * n)?;
    let acc: Vec<PointerValue> = (0..ib * jb).map(|_| kb.slot()).collect::<R<_>>()?;
    let inv: Vec<PointerValue> = (0..ib).map(|_| kb.slot()).collect::<R<_>>()?;
    let (mx, sum) = (kb.slot()?, kb.slot()?);
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, (d * n) as i64)?;
        kb.for_range(0, (d * n) as i64, |t| kb.store(out, kb.add(base, t)?, kb.f(0.0)))?;
        kb.for_range(0, (n / ib) as i64, |ii| {
            let i0 = kb.mul(ii, ib as i64)?;
            // Scores of rows i0..i0+IB.
            kb.for_range(0, ni / nj, |jj| {
                let j0 = kb.mul(jj, nj)?;
                for a in &acc {
                    kb.set(*a, kb.f(0.0))?;
                }
                kb.for_range(0, d as i64, |c| {
                    let row = kb.add(base, kb.mul(c, ni)?)?;
                    let qi = kb.add(row, i0)?;
                    let kj = kb.add(row, j0)?;
                    let qs: Vec<FloatValue> =
                        (0..ib).map(|r| kb.load(q, kb.add(qi, kb.i(r as i64))?)).collect::<R<_>>()?;
                    let ks: Vec<FloatValue> =
                        (0..jb).map(|t| kb.load(k, kb.add(kj, kb.i(t as i64))?)).collect::<R<_>>()?;
                    for (r, qv) in qs.iter().enumerate() {
                        for (t, kv) in ks.iter().enumerate() {
                            let a = acc[r * jb + t];
                            kb.set(a, kb.fmuladd(*qv, *kv, kb.get(a)?)?)?;
                        }
                    }
                    Ok(())
                })?;
                for r in 0..ib {
                    for t in 0..jb {
                        let idx = kb.add(j0, kb.i((r * n + t) as i64))?;
                        kb.store(s, idx, kb.get(acc[r * jb + t])?)?;
                    }
                }
                Ok(())
            })?;
            // Unnormalised softmax of each row; 1/sum kept for the accumulation.
            for (r, inv_r) in inv.iter().enumerate() {
                let off = (r * n) as i64;
                kb.set(mx, kb.f(f32::NEG_INFINITY))?;
                kb.for_range(off, off + ni, |j| kb.set(mx, kb.fmax(kb.get(mx)?, kb.load(s, j)?)?))?;
                let m = kb.get(mx)?;
                kb.set(sum, kb.f(0.0))?;
                kb.for_range(off, off + ni, |j| {
                    let e = exp(kb, kb.b.build_float_sub(kb.load(s, j)?, m, "")?)?;
                    kb.store(s, j, e)?;
                    kb.set(sum, kb.b.build_float_add(kb.get(sum)?, e, "")?)
                })?;
                kb.set(*inv_r, kb.b.build_float_div(kb.f(1.0), kb.get(sum)?, "")?)?;
            }
            // out[c][j] += sum_r v[c][i0+r] / sum_r * s[r][j].
            kb.for_range(0, d as i64, |c| {
                let row = kb.add(base, kb.mul(c, ni)?)?;
                let vi = kb.add(row, i0)?;
                let ws: Vec<FloatValue> = (0..ib)
                    .map(|r| {
                        let vv = kb.load(v, kb.add(vi, kb.i(r as i64))?)?;
                        Ok(kb.b.build_float_mul(vv, kb.get(inv[r])?, "")?)
                    })
                    .collect::<R<_>>()?;
                kb.for_range(0, ni, |j| {
                    let idx = kb.add(row, j)?;
                    let mut o = kb.load(out, idx)?;
                    for (r, w) in ws.iter().enumerate() {
                        o = kb.fmuladd(*w, kb.load(s, kb.add(j, kb.i(r as i64 * ni))?)?, o)?;
                    }
                    kb.store(out, idx, o)
                })
            })
        })
    })
}

/// Rows of scores per pass of the tiled schedule: the largest of 32, 16, 8, 4, 2, 1 dividing `n`
/// whose scratch stays within 8 KiB (the baseline's budget).
fn tiled_rows(n: usize) -> usize {
    [32, 16, 8, 4, 2, 1].into_iter().find(|&b| n.is_multiple_of(b) && b * n <= 2048).unwrap_or(1)
}

/// The tiled schedule: per pass of IB score rows, (1) the scores as a register-tiled product
/// (4 rows x JB columns of sums, one load of q and k each per 4 x JB multiply-adds), (2) the
/// softmax of each row normalised in place, (3) `out += v[:, rows] @ P` as a register-tiled
/// product (CB channels x JB columns of `out` held in registers over the IB rows). The output is
/// loaded and stored once per pass, not once per row.
#[allow(clippy::too_many_arguments)]
pub fn emit_tiled<'ctx>(
    kb: &Kb<'_, 'ctx>,
    batch: usize,
    d: usize,
    n: usize,
    q: PointerValue<'ctx>,
    k: PointerValue<'ctx>,
    v: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
) -> R<String> {
    let ib = tiled_rows(n);
    let rb = block_of(ib, &[4, 2, 1]);
    let jb = block_of(n, &[4, 2, 1]);
    let cb = block_of(d, &[4, 2, 1]);
    let ni = n as i64;
    let s = kb.scratch(ib * n)?;
    let acc: Vec<PointerValue> = (0..rb.max(cb) * jb).map(|_| kb.slot()).collect::<R<_>>()?;
    let (mx, sum) = (kb.slot()?, kb.slot()?);
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, (d * n) as i64)?;
        kb.for_range(0, (d * n) as i64, |t| kb.store(out, kb.add(base, t)?, kb.f(0.0)))?;
        kb.for_range(0, (n / ib) as i64, |ii| {
            let i0 = kb.mul(ii, ib as i64)?;
            // (1) Scores s[r][j] = sum_c q[c][i0+r] k[c][j], RB x JB tiles.
            kb.for_range(0, (ib / rb) as i64, |rr| {
                let r0 = kb.mul(rr, rb as i64)?;
                let qi = kb.add(base, kb.add(i0, r0)?)?;
                kb.for_range(0, (n / jb) as i64, |jj| {
                    let j0 = kb.mul(jj, jb as i64)?;
                    let kj = kb.add(base, j0)?;
                    let mut sums = vec![kb.f(0.0); rb * jb];
                    for a in &acc[..rb * jb] {
                        kb.set(*a, kb.f(0.0))?;
                    }
                    kb.for_range(0, d as i64, |c| {
                        let row = kb.mul(c, ni)?;
                        let qs: Vec<FloatValue> =
                            (0..rb).map(|r| kb.load(q, kb.add(kb.add(qi, row)?, kb.i(r as i64))?)).collect::<R<_>>()?;
                        let ks: Vec<FloatValue> =
                            (0..jb).map(|t| kb.load(k, kb.add(kb.add(kj, row)?, kb.i(t as i64))?)).collect::<R<_>>()?;
                        for (r, qv) in qs.iter().enumerate() {
                            for (t, kv) in ks.iter().enumerate() {
                                let a = acc[r * jb + t];
                                kb.set(a, kb.fmuladd(*qv, *kv, kb.get(a)?)?)?;
                            }
                        }
                        Ok(())
                    })?;
                    for (i, a) in acc[..rb * jb].iter().enumerate() {
                        sums[i] = kb.get(*a)?;
                    }
                    for r in 0..rb {
                        let srow = kb.mul(kb.add(r0, kb.i(r as i64))?, ni)?;
                        for t in 0..jb {
                            kb.store(s, kb.add(srow, kb.add(j0, kb.i(t as i64))?)?, sums[r * jb + t])?;
                        }
                    }
                    Ok(())
                })
            })?;
            // (2) Softmax of each row, normalised in place.
            kb.for_range(0, ib as i64, |r| {
                let off = kb.mul(r, ni)?;
                kb.set(mx, kb.f(f32::NEG_INFINITY))?;
                kb.for_range(0, ni, |j| kb.set(mx, kb.fmax(kb.get(mx)?, kb.load(s, kb.add(off, j)?)?)?))?;
                let m = kb.get(mx)?;
                kb.set(sum, kb.f(0.0))?;
                kb.for_range(0, ni, |j| {
                    let idx = kb.add(off, j)?;
                    let e = exp(kb, kb.b.build_float_sub(kb.load(s, idx)?, m, "")?)?;
                    kb.store(s, idx, e)?;
                    kb.set(sum, kb.b.build_float_add(kb.get(sum)?, e, "")?)
                })?;
                let inv = kb.b.build_float_div(kb.f(1.0), kb.get(sum)?, "")?;
                kb.for_range(0, ni, |j| {
                    let idx = kb.add(off, j)?;
                    kb.store(s, idx, kb.b.build_float_mul(kb.load(s, idx)?, inv, "")?)
                })
            })?;
            // (3) out[c][j] += sum_r v[c][i0+r] s[r][j], CB x JB tiles held over the IB rows.
            kb.for_range(0, (d / cb) as i64, |cc| {
                let c0 = kb.mul(cc, cb as i64)?;
                kb.for_range(0, (n / jb) as i64, |jj| {
                    let j0 = kb.mul(jj, jb as i64)?;
                    let oidx = |c: usize, t: usize| -> R<IntValue<'ctx>> {
                        kb.add(kb.add(base, kb.mul(kb.add(c0, kb.i(c as i64))?, ni)?)?, kb.add(j0, kb.i(t as i64))?)
                    };
                    for c in 0..cb {
                        for t in 0..jb {
                            kb.set(acc[c * jb + t], kb.load(out, oidx(c, t)?)?)?;
                        }
                    }
                    kb.for_range(0, ib as i64, |r| {
                        let vs: Vec<FloatValue> = (0..cb)
                            .map(|c| {
                                let vrow = kb.add(base, kb.mul(kb.add(c0, kb.i(c as i64))?, ni)?)?;
                                kb.load(v, kb.add(vrow, kb.add(i0, r)?)?)
                            })
                            .collect::<R<_>>()?;
                        let srow = kb.mul(r, ni)?;
                        let ps: Vec<FloatValue> = (0..jb)
                            .map(|t| kb.load(s, kb.add(srow, kb.add(j0, kb.i(t as i64))?)?))
                            .collect::<R<_>>()?;
                        for (c, vv) in vs.iter().enumerate() {
                            for (t, pv) in ps.iter().enumerate() {
                                let a = acc[c * jb + t];
                                kb.set(a, kb.fmuladd(*vv, *pv, kb.get(a)?)?)?;
                            }
                        }
                        Ok(())
                    })?;
                    for c in 0..cb {
                        for t in 0..jb {
                            kb.store(out, oidx(c, t)?, kb.get(acc[c * jb + t])?)?;
                        }
                    }
                    Ok(())
                })
            })
        })
    })?;
    Ok(format!("attention tiled {ib} rows, {rb}x{jb} scores, {cb}x{jb} out"))
}
