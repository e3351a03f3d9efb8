//! Fused attention `out = v @ softmax(q^T k)` per head (q, k, v, out: [d, N] per head), without
//! the [N, N] scores: IB query rows at a time (dividing N), a stack scratch of IB x N scores; see
//! [`emit`].

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

/// Rows of scores per pass of the tiled schedule: the largest of 32, 16, 8, 4, 2, 1 dividing `n`
/// whose scratch stays within 8 KiB (the baseline's budget).
fn tiled_rows(n: usize) -> usize {
    [32, 16, 8, 4, 2, 1].into_iter().find(|&b| n.is_multiple_of(b) && b * n <= 2048).unwrap_or(1)
}

/// Per pass of IB score rows, (1) the scores as a register-tiled product (RB rows x JB columns
/// of sums, one load of q and k each per RB x JB multiply-adds), (2) the softmax of each row
/// normalised in place, (3) `out += v[:, rows] @ P` as a register-tiled product (CB channels x JB
/// columns of `out` held in registers over the IB rows). The output is loaded and stored once per
/// pass, not once per row. The baseline schedule is the same kernel with passes of at most 4
/// rows and one-row (RB = 1), one-channel (CB = 1) tiles.
#[allow(clippy::too_many_arguments)]
pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    batch: usize,
    d: usize,
    n: usize,
    (q, k, v): (PointerValue<'ctx>, PointerValue<'ctx>, PointerValue<'ctx>),
    out: PointerValue<'ctx>,
    schedules: crate::Schedules,
) -> R<String> {
    let jb = block_of(n, &[4, 2, 1]);
    let (ib, rb, cb) = match schedules {
        crate::Schedules::Tuned => {
            let ib = tiled_rows(n);
            (ib, block_of(ib, &[4, 2, 1]), block_of(d, &[4, 2, 1]))
        }
        crate::Schedules::Baseline => (rows_per_pass(n), 1, 1),
    };
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
    let name = format!("attention {ib} rows, {rb}x{jb} scores, {cb}x{jb} out");
    Ok(match schedules {
        crate::Schedules::Tuned => name,
        crate::Schedules::Baseline => format!("baseline {name}"),
    })
}
