//! Integer softmax and attention by exp tables (`hynas_ir::ops::softmax`, `attention`).
//!
//! Softmax: per row the maximum, the sum of `table[max - x]` (256 entries in Q16 built from the
//! input scale), each output `(256 e + sum / 2) / sum + zero point`, clamped.
//!
//! Attention (the [N, N] scores never stored): a first pass computes each query row's scores
//! into an N-element scratch, keeping the row's maximum and its sum of table weights; a second
//! pass, per output column j, recomputes score (i, j) for every row i, turns it into the row's
//! normalised weight `P = ((e << 14) + sum / 2) / sum` and accumulates `(v[c][i] - zv) P` into d
//! accumulators. Integer sums in any order give the interpreter's values exactly.

use super::{mbqm, requant, Io, Operands, OutQ};
use crate::kb::{const_i16, const_i32, Kb, R};
use crate::CodegenError;
use hynas_ir::ops::attention::{exp_table as attention_table, int_constants, WEIGHT_BITS};
use hynas_ir::ops::softmax::exp_table;
use hynas_ir::Quant;
use inkwell::values::IntValue;
use inkwell::IntPredicate;

pub fn softmax<'ctx>(kb: &Kb<'_, 'ctx>, io: &Io<'_, 'ctx>) -> R<()> {
    let Io { xd, qx, x, out, outq, .. } = *io;
    let n = *xd.last().unwrap_or(&1);
    let rows = xd.iter().product::<usize>() / n.max(1);
    let table = const_i32(kb.ctx, kb.module, "exp_q16", &exp_table(qx.scale_at(0))).as_pointer_value();
    let (mx, sum) = (kb.slot_i32()?, kb.slot_i32()?);
    kb.for_range(0, rows as i64, |r| {
        let base = kb.mul(r, n as i64)?;
        kb.b.build_store(mx, kb.i(i32::MIN as i64))?;
        kb.for_range(0, n as i64, |j| {
            kb.b.build_store(mx, kb.imax(kb.geti(mx)?, kb.ld8(x, kb.add(base, j)?)?)?)?;
            Ok(())
        })?;
        let m = kb.geti(mx)?;
        let e = |j: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            let d = kb.b.build_int_sub(m, kb.ld8(x, kb.add(base, j)?)?, "")?;
            kb.ld32(table, d)
        };
        kb.b.build_store(sum, kb.i(0))?;
        kb.for_range(0, n as i64, |j| {
            kb.b.build_store(sum, kb.b.build_int_add(kb.geti(sum)?, e(j)?, "")?)?;
            Ok(())
        })?;
        let sm = kb.geti(sum)?;
        let half = kb.b.build_int_signed_div(sm, kb.i(2), "")?;
        kb.for_range(0, n as i64, |j| {
            let num = kb.b.build_int_add(kb.b.build_int_mul(e(j)?, kb.i(256), "")?, half, "")?;
            let q = kb.b.build_int_signed_div(num, sm, "")?;
            let v = kb.b.build_int_add(q, kb.i(outq.zp as i64), "")?;
            kb.st8(out, kb.add(base, j)?, kb.imin(kb.imax(v, kb.i(outq.lo as i64))?, kb.i(outq.hi as i64))?)
        })
    })
}

/// Stack bytes of the integer attention's scratch for `n` tokens and `d` channels per head.
pub fn scratch_bytes(d: usize, n: usize) -> usize {
    (3 * n + d) * 4
}

pub fn attention<'ctx>(
    kb: &Kb<'_, 'ctx>,
    xd: &[usize],
    [qq, qk, qv]: [&Quant; 3],
    ops: &Operands<'_, 'ctx>,
    s_out: f64,
    outq: OutQ,
) -> R<()> {
    let r = xd.len();
    let (d, n) = (xd[r - 2], xd[r - 1]);
    let batch: usize = xd[..r - 2].iter().product();
    let (q, k, v) = (ops.act(0)?, ops.act(1)?, ops.act(2)?);
    let out = kb.param(0);
    let (to_step, t_max, rq) = int_constants(qq.scale_at(0), qk.scale_at(0), qv.scale_at(0), s_out);
    let table = attention_table();
    let len = table.len() as i64;
    // Q14 values (at most 2^14): stored as i16, half the bytes.
    if table.iter().any(|&v| i16::try_from(v).is_err()) {
        return Err(CodegenError::Llvm("the attention table does not fit i16".into()));
    }
    let table = const_i16(kb.ctx, kb.module, "attn_exp_q14", &table).as_pointer_value();
    let (row, maxes, sums, acc) = (kb.scratch_i32(n)?, kb.scratch_i32(n)?, kb.scratch_i32(n)?, kb.scratch_i32(d)?);
    let (mx, sum, score) = (kb.slot_i32()?, kb.slot_i32()?, kb.slot_i32()?);
    let (zq, zk, zv) = (kb.i(qq.zero_point as i64), kb.i(qk.zero_point as i64), kb.i(qv.zero_point as i64));
    let (ni, di) = (n as i64, d as i64);
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, di * ni)?;
        // score(i, j) = sum_c (q[c][i] - zq) (k[c][j] - zk)
        let score_of = |i: IntValue<'ctx>, j: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            kb.b.build_store(score, kb.i(0))?;
            kb.for_range(0, di, |c| {
                let rowc = kb.add(base, kb.mul(c, ni)?)?;
                let a = kb.b.build_int_sub(kb.ld8(q, kb.add(rowc, i)?)?, zq, "")?;
                let b = kb.b.build_int_sub(kb.ld8(k, kb.add(rowc, j)?)?, zk, "")?;
                kb.b.build_store(score, kb.b.build_int_add(kb.geti(score)?, kb.b.build_int_mul(a, b, "")?, "")?)?;
                Ok(())
            })?;
            kb.geti(score)
        };
        // The table weight of a score t below the row maximum (0 beyond the table).
        let weight = |m: IntValue<'ctx>, s: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            let t = kb.b.build_int_sub(m, s, "")?;
            let inside = kb.b.build_int_compare(IntPredicate::SLT, t, kb.i(t_max as i64), "")?;
            // Only rescaled inside the bound (no overflow); clamped into the table.
            let t = kb.b.build_select(inside, t, kb.i(0), "")?.into_int_value();
            let step = mbqm(kb, t, kb.i(to_step.multiplier as i64), kb.i(to_step.shift as i64))?;
            let in_table = kb.b.build_int_compare(IntPredicate::SLT, step, kb.i(len), "")?;
            let idx = kb.imin(kb.imax(step, kb.i(0))?, kb.i(len - 1))?;
            let e = kb.ld16(table, idx)?;
            let keep = kb.b.build_and(inside, in_table, "")?;
            Ok(kb.b.build_select(keep, e, kb.i(0), "")?.into_int_value())
        };
        // Pass 1: per row, the maximum and the sum of weights.
        kb.for_range(0, ni, |i| {
            kb.b.build_store(mx, kb.i(i32::MIN as i64))?;
            kb.for_range(0, ni, |j| {
                let s = score_of(i, j)?;
                kb.st32(row, j, s)?;
                kb.b.build_store(mx, kb.imax(kb.geti(mx)?, s)?)?;
                Ok(())
            })?;
            let m = kb.geti(mx)?;
            kb.b.build_store(sum, kb.i(0))?;
            kb.for_range(0, ni, |j| {
                let e = weight(m, kb.ld32(row, j)?)?;
                kb.b.build_store(sum, kb.b.build_int_add(kb.geti(sum)?, e, "")?)?;
                Ok(())
            })?;
            kb.st32(maxes, i, m)?;
            kb.st32(sums, i, kb.geti(sum)?)
        })?;
        // Pass 2: per output column, the weighted sum of v over the rows.
        kb.for_range(0, ni, |j| {
            kb.for_range(0, di, |c| kb.st32(acc, c, kb.i(0)))?;
            kb.for_range(0, ni, |i| {
                let sm = kb.ld32(sums, i)?;
                let e = weight(kb.ld32(maxes, i)?, score_of(i, j)?)?;
                let num = kb.b.build_int_add(
                    kb.b.build_left_shift(e, kb.i(WEIGHT_BITS as i64), "")?,
                    kb.b.build_int_signed_div(sm, kb.i(2), "")?,
                    "",
                )?;
                let p = kb.b.build_int_signed_div(num, sm, "")?;
                kb.for_range(0, di, |c| {
                    let vi = kb.b.build_int_sub(kb.ld8(v, kb.add(base, kb.add(kb.mul(c, ni)?, i)?)?)?, zv, "")?;
                    let a = kb.b.build_int_add(kb.ld32(acc, c)?, kb.b.build_int_mul(vi, p, "")?, "")?;
                    kb.st32(acc, c, a)
                })
            })?;
            kb.for_range(0, di, |c| {
                let idx = kb.add(base, kb.add(kb.mul(c, ni)?, j)?)?;
                kb.st8(out, idx, requant(kb, kb.ld32(acc, c)?, rq, outq)?)
            })
        })
    })
}
