//! Integer softmax and attention by exp tables (`hynas_ir::ops::softmax`, `attention`).
//!
//! Softmax: per row the maximum, the sum of `table[max - x]` (256 entries in Q16 built from the
//! input scale), each output `(256 e + sum / 2) / sum + zero point`, clamped.
//!
//! Attention: the int8 flavour of the attention kernel (`crate::attention`, its columns order:
//! the [N, N] scores never stored, no [d, N] accumulator). A row's weights are the table entries
//! of its scores below the row's maximum, normalised to `P = ((e << 14) + sum / 2) / sum`; each
//! output is `sum_i (v[c][i] - zv) P[i][j]` requantised. Wrapping i32 sums in any order give the
//! interpreter's values exactly.

use super::{mbqm, out_args, rescale_run, Io, Operands, OutQ};
use crate::attention::{AttnFlavour, Order, Qkv};
use crate::kb::{const_i16, const_i32, Kb, R};
use crate::{CodegenError, Schedules};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::attention::{exp_table as attention_table, int_constants, WEIGHT_BITS};
use hynas_ir::ops::softmax::exp_table;
use hynas_ir::Quant;
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

/// The maximum of `n` values `at(j)`.
fn row_max<'ctx>(kb: &Kb<'_, 'ctx>, n: usize, at: impl Fn(IntValue<'ctx>) -> R<IntValue<'ctx>>) -> R<IntValue<'ctx>> {
    let mx = kb.slot_i32()?;
    kb.b.build_store(mx, kb.i(i32::MIN as i64))?;
    kb.for_range(0, n as i64, |j| {
        kb.b.build_store(mx, kb.imax(kb.geti(mx)?, at(j)?)?)?;
        Ok(())
    })?;
    kb.geti(mx)
}

pub fn softmax<'ctx>(kb: &Kb<'_, 'ctx>, io: &Io<'_, 'ctx>) -> R<()> {
    let Io { xd, qx, x, out, outq, .. } = *io;
    let n = *xd.last().unwrap_or(&1);
    let rows = xd.iter().product::<usize>() / n.max(1);
    let table = const_i32(kb.ctx, kb.module, "exp_q16", &exp_table(qx.scale_at(0))).as_pointer_value();
    let sum = kb.slot_i32()?;
    kb.for_range(0, rows as i64, |r| {
        let base = kb.mul(r, n as i64)?;
        let m = row_max(kb, n, |j| kb.ld8(x, kb.add(base, j)?))?;
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

/// The loop order of the int8 attention.
pub const ATTENTION_ORDER: Order = Order::Columns;

/// The int8 attention's largest tile side: 2 on RISC-V, where int8 code is built for ROM (4 x 4
/// tiles cost 2.6-3.6% of the bench hybrids' ROM for 8-11% fewer instructions than 2 x 2), 4 on
/// the host.
pub fn attention_max_tile(riscv: bool) -> usize {
    if riscv {
        2
    } else {
        4
    }
}

/// The int8 flavour of the attention kernel (`crate::attention`, columns order): scores
/// `sum_c (q - zq)(k - zk)` in i32, a row's statistics its maximum and its sum of table weights,
/// a weight `P = ((e << 14) + sum / 2) / sum`, outputs `sum_i (v - zv) P` requantised.
struct I8Attn<'ctx> {
    qkv: [PointerValue<'ctx>; 3],
    zero_points: [i32; 3],
    out: PointerValue<'ctx>,
    /// The rescaling of score differences to table steps, the largest difference inside it.
    to_step: Requant,
    t_max: i32,
    table: PointerValue<'ctx>,
    len: i64,
    rq: Requant,
    outq: OutQ,
}

impl<'ctx> I8Attn<'ctx> {
    /// The table weight of a score `s` below the row maximum `m` (0 beyond the table).
    fn table_weight(&self, kb: &Kb<'_, 'ctx>, m: IntValue<'ctx>, s: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let t = kb.b.build_int_sub(m, s, "")?;
        let inside = kb.b.build_int_compare(IntPredicate::SLT, t, kb.i(self.t_max as i64), "")?;
        // Only rescaled inside the bound (no overflow); clamped into the table.
        let t = kb.b.build_select(inside, t, kb.i(0), "")?.into_int_value();
        let step = mbqm(kb, t, kb.i(self.to_step.multiplier as i64), kb.i(self.to_step.shift as i64))?;
        let in_table = kb.b.build_int_compare(IntPredicate::SLT, step, kb.i(self.len), "")?;
        let idx = kb.imin(kb.imax(step, kb.i(0))?, kb.i(self.len - 1))?;
        let e = kb.ld16(self.table, idx)?;
        let keep = kb.b.build_and(inside, in_table, "")?;
        Ok(kb.b.build_select(keep, e, kb.i(0), "")?.into_int_value())
    }
}

impl<'ctx> AttnFlavour<'ctx> for I8Attn<'ctx> {
    type V = IntValue<'ctx>;
    const ORDER: Order = ATTENTION_ORDER;
    fn max_tile(&self, kb: &Kb<'_, 'ctx>) -> usize {
        attention_max_tile(kb.riscv())
    }
    fn load(&self, kb: &Kb<'_, 'ctx>, t: Qkv, idx: IntValue<'ctx>) -> R<Self::V> {
        let z = self.zero_points[t as usize];
        Ok(kb.b.build_int_sub(kb.ld8(self.qkv[t as usize], idx)?, kb.i(z as i64), "")?)
    }
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.i(0)
    }
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, a: Self::V, b: Self::V) -> R<Self::V> {
        Ok(kb.b.build_int_add(acc, kb.b.build_int_mul(a, b, "")?, "")?)
    }
    fn scratch(&self, kb: &Kb<'_, 'ctx>, n: usize) -> R<PointerValue<'ctx>> {
        kb.scratch_i32(n)
    }
    fn ld(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        kb.ld32(p, idx)
    }
    fn st(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()> {
        kb.st32(p, idx, v)
    }
    fn row_stats(
        &self,
        kb: &Kb<'_, 'ctx>,
        s: PointerValue<'ctx>,
        off: IntValue<'ctx>,
        n: usize,
    ) -> R<(Self::V, Self::V)> {
        let sum = kb.slot_i32()?;
        let m = row_max(kb, n, |j| kb.ld32(s, kb.add(off, j)?))?;
        kb.b.build_store(sum, kb.i(0))?;
        kb.for_range(0, n as i64, |j| {
            let e = self.table_weight(kb, m, kb.ld32(s, kb.add(off, j)?)?)?;
            kb.b.build_store(sum, kb.b.build_int_add(kb.geti(sum)?, e, "")?)?;
            Ok(())
        })?;
        Ok((m, kb.geti(sum)?))
    }
    fn weight(&self, kb: &Kb<'_, 'ctx>, score: Self::V, (m, sum): (Self::V, Self::V)) -> R<Self::V> {
        // The maximum's own entry is 2^14, so sum > 0.
        let e = self.table_weight(kb, m, score)?;
        let half = kb.b.build_right_shift(sum, kb.i(1), false, "")?;
        let num = kb.b.build_int_add(kb.b.build_left_shift(e, kb.i(WEIGHT_BITS as i64), "")?, half, "")?;
        Ok(kb.b.build_int_signed_div(num, sum, "")?)
    }
    /// Spilled, rescaled in one run (the shared helper), stored by a loop.
    fn store_tile(
        &self,
        kb: &Kb<'_, 'ctx>,
        sums: &[PointerValue<'ctx>],
        cb: usize,
        at: IntValue<'ctx>,
        stride: i64,
    ) -> R<()> {
        let jb = sums.len() / cb.max(1);
        let tile = kb.scratch_i32(sums.len())?;
        for (i, s) in sums.iter().enumerate() {
            kb.st32(tile, kb.i(i as i64), kb.geti(*s)?)?;
        }
        let (m, sh) = (kb.i(self.rq.multiplier as i64), kb.i(self.rq.shift as i64));
        rescale_run(kb, tile, kb.i(sums.len() as i64), m, sh, out_args(kb, self.outq))?;
        kb.for_range(0, cb as i64, |c| {
            let row = kb.add(at, kb.mul(c, stride)?)?;
            kb.for_range(0, jb as i64, |j| {
                kb.st8(self.out, kb.add(row, j)?, kb.ld32(tile, kb.add(kb.mul(c, jb as i64)?, j)?)?)
            })
        })
    }
}

/// The integer attention: the attention kernel in its int8 flavour.
pub fn attention<'ctx>(
    kb: &Kb<'_, 'ctx>,
    xd: &[usize],
    [qq, qk, qv]: [&Quant; 3],
    ops: &Operands<'_, 'ctx>,
    s_out: f64,
    outq: OutQ,
    schedules: Schedules,
) -> R<String> {
    let (to_step, t_max, rq) = int_constants(qq.scale_at(0), qk.scale_at(0), qv.scale_at(0), s_out);
    let table = attention_table();
    // Q14 values (at most 2^14): stored as i16, half the bytes.
    if table.iter().any(|&v| i16::try_from(v).is_err()) {
        return Err(CodegenError::Llvm("the attention table does not fit i16".into()));
    }
    let len = table.len() as i64;
    let fl = I8Attn {
        qkv: [ops.act(0)?, ops.act(1)?, ops.act(2)?],
        zero_points: [qq.zero_point, qk.zero_point, qv.zero_point],
        out: kb.param(0),
        to_step,
        t_max,
        table: const_i16(kb.ctx, kb.module, "attn_exp_q14", &table).as_pointer_value(),
        len,
        rq,
        outq,
    };
    crate::attention::emit(kb, &fl, crate::attention::head_dims(xd), schedules).map(|n| format!("int8 {n}"))
}
