//! ReLU linear attention (`hynas_ir::ops::linear_attention`), f32 and int8 on one schedule.
//!
//! Per head (q, k, v, out: [d, N]): (1) `ks[c] = sum_t k[c][t]`, the ones row of [v; 1] k^T;
//! (2) per token the denominator `sum_c ks[c] q[c][j]` (f32: its reciprocal with eps; int8: its
//! shift and 15-bit mantissa); then per block of RB rows of v: (3) the RB x d rows of v k^T,
//! register-tiled RB x CB over the tokens, and (4) the RB output rows, register-tiled RB x JB
//! over d, divided by their tokens' denominators. The state is never more than RB rows of
//! v k^T: scratch `d + 2 N + RB d` words whatever N, no [N, N] and no (d + 1) x d matrix.
//! MACs as counted by the IR, 2 N d (d + 1); the int8 numerators accumulate in i64 (the products
//! of v k^T rows and q exceed 31 bits), two i32 divisions per result.

use crate::dense::block_of;
use crate::int8::{requant, OutQ};
use crate::kb::{Kb, R};
use hynas_ir::ops::linear_attention::{int_requant, DEN_BITS, RATIO_BITS};
use hynas_ir::Quant;
use inkwell::values::{FloatValue, IntValue, PointerValue};
use inkwell::IntPredicate;

/// Rows of v per block, channels of k per tile, tokens per tile.
fn blocks(d: usize, n: usize) -> (usize, usize, usize) {
    (block_of(d, &[4, 2, 1]), block_of(d, &[4, 2, 1]), block_of(n, &[4, 2, 1]))
}

/// Stack bytes of the scratch for `d` channels per head and `n` tokens (both element types).
pub fn scratch_bytes(d: usize, n: usize) -> usize {
    let (rb, _, _) = blocks(d, n);
    (d + 2 * n + rb * d) * 4
}

/// The register tile of step (3), the same for both element types.
struct Tile<'a, 'ctx> {
    rb: usize,
    cb: usize,
    d: usize,
    n: usize,
    acc: &'a [PointerValue<'ctx>],
}

/// The element type's steps of step (3): `zero` and `mac` work on an accumulator slot, `v_at` /
/// `k_at` load (row, token), `store` writes a slot to `kvb[idx]`.
struct Steps<'s, 'ctx, V> {
    zero: &'s dyn Fn(PointerValue<'ctx>) -> R<()>,
    v_at: &'s dyn Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<V>,
    k_at: &'s dyn Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<V>,
    mac: &'s dyn Fn(PointerValue<'ctx>, V, V) -> R<()>,
    store: &'s dyn Fn(IntValue<'ctx>, PointerValue<'ctx>) -> R<()>,
}

impl<'ctx> Tile<'_, 'ctx> {
    /// For each block of RB rows of v (first row `r0`): step (3) into kvb, then `then(r0)` (step
    /// (4), the element type's own).
    fn blocks<V: Copy>(
        &self,
        kb: &Kb<'_, 'ctx>,
        steps: &Steps<'_, 'ctx, V>,
        mut then: impl FnMut(IntValue<'ctx>) -> R<()>,
    ) -> R<()> {
        kb.for_range(0, (self.d / self.rb) as i64, |rr| {
            let r0 = kb.mul(rr, self.rb as i64)?;
            self.state_rows(kb, r0, steps)?;
            then(r0)
        })
    }

    /// `kvb[r][c] = sum_t v[r0 + r][t] k[c][t]` for the block's RB rows, RB x CB accumulators over
    /// the tokens.
    fn state_rows<V: Copy>(&self, kb: &Kb<'_, 'ctx>, r0: IntValue<'ctx>, steps: &Steps<'_, 'ctx, V>) -> R<()> {
        let Steps { zero, v_at, k_at, mac, store } = *steps;
        let Tile { rb, cb, d, n, acc } = *self;
        kb.for_range(0, (d / cb) as i64, |cc| {
            let c0 = kb.mul(cc, cb as i64)?;
            for s in &acc[..rb * cb] {
                zero(*s)?;
            }
            kb.for_range(0, n as i64, |t| {
                let vs: Vec<V> = (0..rb).map(|r| v_at(kb.add(r0, kb.i(r as i64))?, t)).collect::<R<_>>()?;
                let ks: Vec<V> = (0..cb).map(|c| k_at(kb.add(c0, kb.i(c as i64))?, t)).collect::<R<_>>()?;
                for (r, a) in vs.iter().enumerate() {
                    for (c, b) in ks.iter().enumerate() {
                        mac(acc[r * cb + c], *a, *b)?;
                    }
                }
                Ok(())
            })?;
            for r in 0..rb {
                for c in 0..cb {
                    store(kb.add(c0, kb.i((r * d + c) as i64))?, acc[r * cb + c])?;
                }
            }
            Ok(())
        })
    }
}

/// The pointers and sizes of one kernel.
pub struct Args<'ctx> {
    pub batch: usize,
    pub d: usize,
    pub n: usize,
    pub q: PointerValue<'ctx>,
    pub k: PointerValue<'ctx>,
    pub v: PointerValue<'ctx>,
    pub out: PointerValue<'ctx>,
}

pub fn emit<'ctx>(kb: &Kb<'_, 'ctx>, a: &Args<'ctx>, eps: f32) -> R<String> {
    let Args { batch, d, n, q, k, v, out } = *a;
    let (rb, cb, jb) = blocks(d, n);
    let ni = n as i64;
    let (ks, inv, kvb) = (kb.scratch(d)?, kb.scratch(n)?, kb.scratch(rb * d)?);
    let acc: Vec<PointerValue> = (0..rb * cb.max(jb)).map(|_| kb.slot()).collect::<R<_>>()?;
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, (d * n) as i64)?;
        let at =
            |c: IntValue<'ctx>, t: IntValue<'ctx>| -> R<IntValue<'ctx>> { kb.add(base, kb.add(kb.mul(c, ni)?, t)?) };
        // (1) ks[c] = sum_t k[c][t].
        kb.for_range(0, d as i64, |c| {
            kb.set(acc[0], kb.f(0.0))?;
            kb.for_range(0, ni, |t| {
                kb.set(acc[0], kb.b.build_float_add(kb.get(acc[0])?, kb.load(k, at(c, t)?)?, "")?)
            })?;
            kb.store(ks, c, kb.get(acc[0])?)
        })?;
        // (2) inv[j] = 1 / (sum_c ks[c] q[c][j] + eps), JB tokens at a time.
        kb.for_range(0, ni / jb as i64, |jj| {
            let j0 = kb.mul(jj, jb as i64)?;
            for s in &acc[..jb] {
                kb.set(*s, kb.f(0.0))?;
            }
            kb.for_range(0, d as i64, |c| {
                let w = kb.load(ks, c)?;
                for (t, s) in acc[..jb].iter().enumerate() {
                    let qv = kb.load(q, at(c, kb.add(j0, kb.i(t as i64))?)?)?;
                    kb.set(*s, kb.fmuladd(w, qv, kb.get(*s)?)?)?;
                }
                Ok(())
            })?;
            for (t, s) in acc[..jb].iter().enumerate() {
                let den = kb.b.build_float_add(kb.get(*s)?, kb.f(eps), "")?;
                kb.store(inv, kb.add(j0, kb.i(t as i64))?, kb.b.build_float_div(kb.f(1.0), den, "")?)?;
            }
            Ok(())
        })?;
        // (3) kvb[r][c] = sum_t v[r0 + r][t] k[c][t], RB x CB tiles, per block of RB rows.
        let steps = Steps {
            zero: &|s| kb.set(s, kb.f(0.0)),
            v_at: &|row, t| kb.load(v, at(row, t)?),
            k_at: &|c, t| kb.load(k, at(c, t)?),
            mac: &|s, a, b| kb.set(s, kb.fmuladd(a, b, kb.get(s)?)?),
            store: &|idx, s| kb.store(kvb, idx, kb.get(s)?),
        };
        Tile { rb, cb, d, n, acc: &acc }.blocks(kb, &steps, |r0| {
            // (4) out[r0 + r][j] = inv[j] sum_c kvb[r][c] q[c][j], RB x JB tiles.
            kb.for_range(0, ni / jb as i64, |jj| {
                let j0 = kb.mul(jj, jb as i64)?;
                for s in &acc[..rb * jb] {
                    kb.set(*s, kb.f(0.0))?;
                }
                kb.for_range(0, d as i64, |c| {
                    let ws: Vec<FloatValue> =
                        (0..rb).map(|r| kb.load(kvb, kb.add(c, kb.i((r * d) as i64))?)).collect::<R<_>>()?;
                    let qs: Vec<FloatValue> =
                        (0..jb).map(|t| kb.load(q, at(c, kb.add(j0, kb.i(t as i64))?)?)).collect::<R<_>>()?;
                    for (r, w) in ws.iter().enumerate() {
                        for (t, qv) in qs.iter().enumerate() {
                            let s = acc[r * jb + t];
                            kb.set(s, kb.fmuladd(*w, *qv, kb.get(s)?)?)?;
                        }
                    }
                    Ok(())
                })?;
                for t in 0..jb {
                    let j = kb.add(j0, kb.i(t as i64))?;
                    let iv = kb.load(inv, j)?;
                    for r in 0..rb {
                        let o = kb.b.build_float_mul(kb.get(acc[r * jb + t])?, iv, "")?;
                        kb.store(out, at(kb.add(r0, kb.i(r as i64))?, j)?, o)?;
                    }
                }
                Ok(())
            })
        })
    })?;
    Ok(format!("linear attention {rb}x{cb} state, {rb}x{jb} out"))
}

/// The integer kernel: the interpreter's arithmetic (`hynas_ir::ops::linear_attention`) in the
/// order of [`emit`]; integer sums in any order give the same values.
pub fn emit_int<'ctx>(
    kb: &Kb<'_, 'ctx>,
    a: &Args<'ctx>,
    [qq, qk, qv]: [&Quant; 3],
    s_out: f64,
    outq: OutQ,
) -> R<String> {
    let Args { batch, d, n, q, k, v, out } = *a;
    let (rb, cb, _) = blocks(d, n);
    let ni = n as i64;
    let b = &kb.b;
    let i64t = kb.ctx.i64_type();
    let wide = |x: IntValue<'ctx>| -> R<IntValue<'ctx>> { Ok(b.build_int_s_extend(x, i64t, "")?) };
    let (zq, zk, zv) = (kb.i(qq.zero_point as i64), kb.i(qk.zero_point as i64), kb.i(qv.zero_point as i64));
    let rq = int_requant(qv.scale_at(0), s_out);
    let (ks, shifts, dens, kvb) = (kb.scratch_i32(d)?, kb.scratch_i32(n)?, kb.scratch_i32(n)?, kb.scratch_i32(rb * d)?);
    let acc: Vec<PointerValue> = (0..rb * cb).map(|_| kb.slot_i32()).collect::<R<_>>()?;
    let wacc = kb.slot_i64()?;
    let ctlz = inkwell::intrinsics::Intrinsic::find("llvm.ctlz")
        .and_then(|f| f.get_declaration(kb.module, &[i64t.into()]))
        .ok_or_else(|| crate::CodegenError::Llvm("llvm.ctlz.i64".into()))?;
    let c64 = |x: i64| i64t.const_int(x as u64, true);
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, (d * n) as i64)?;
        let at =
            |c: IntValue<'ctx>, t: IntValue<'ctx>| -> R<IntValue<'ctx>> { kb.add(base, kb.add(kb.mul(c, ni)?, t)?) };
        let centred = |p: PointerValue<'ctx>, z: IntValue<'ctx>, c, t| -> R<IntValue<'ctx>> {
            Ok(b.build_int_sub(kb.ld8(p, at(c, t)?)?, z, "")?)
        };
        // sum_c row[c] (q[c][j] - zq) in i64.
        let dot = |row: &dyn Fn(IntValue<'ctx>) -> R<IntValue<'ctx>>, j: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            b.build_store(wacc, c64(0))?;
            kb.for_range(0, d as i64, |c| {
                let p = b.build_int_mul(wide(row(c)?)?, wide(centred(q, zq, c, j)?)?, "")?;
                let s = b.build_load(i64t, wacc, "")?.into_int_value();
                b.build_store(wacc, b.build_int_add(s, p, "")?)?;
                Ok(())
            })?;
            Ok(b.build_load(i64t, wacc, "")?.into_int_value())
        };
        // (1) ks[c] = sum_t (k[c][t] - zk).
        kb.for_range(0, d as i64, |c| {
            b.build_store(acc[0], kb.i(0))?;
            kb.for_range(0, ni, |t| {
                b.build_store(acc[0], b.build_int_add(kb.geti(acc[0])?, centred(k, zk, c, t)?, "")?)?;
                Ok(())
            })?;
            kb.st32(ks, c, kb.geti(acc[0])?)
        })?;
        // (2) Per token: the denominator's shift t and D = den >> t (0 when den <= 0).
        kb.for_range(0, ni, |j| {
            let den = dot(&|c| kb.ld32(ks, c), j)?;
            let lz = b.build_call(ctlz, &[den.into(), kb.ctx.bool_type().const_zero().into()], "")?;
            let lz = lz.try_as_basic_value().basic().map(|v| v.into_int_value());
            let lz = b.build_int_truncate(lz.ok_or_else(|| crate::CodegenError::Llvm("ctlz".into()))?, kb.i32t, "")?;
            let bits = b.build_int_sub(kb.i(64), lz, "")?;
            let t = kb.imax(b.build_int_sub(bits, kb.i(DEN_BITS as i64), "")?, kb.i(0))?;
            let dd = b.build_int_truncate(
                b.build_right_shift(den, b.build_int_z_extend(t, i64t, "")?, true, "")?,
                kb.i32t,
                "",
            )?;
            let pos = b.build_int_compare(IntPredicate::SGT, den, c64(0), "")?;
            kb.st32(shifts, j, t)?;
            kb.st32(dens, j, b.build_select(pos, dd, kb.i(0), "")?.into_int_value())
        })?;
        // (3) kvb[r][c] = sum_t (v[r0 + r][t] - zv)(k[c][t] - zk), RB x CB tiles, per block.
        let steps = Steps {
            zero: &|s| b.build_store(s, kb.i(0)).map(|_| ()).map_err(Into::into),
            v_at: &|row, t| centred(v, zv, row, t),
            k_at: &|c, t| centred(k, zk, c, t),
            mac: &|s, x, y| {
                b.build_store(s, b.build_int_add(kb.geti(s)?, b.build_int_mul(x, y, "")?, "")?)?;
                Ok(())
            },
            store: &|idx, s| kb.st32(kvb, idx, kb.geti(s)?),
        };
        Tile { rb, cb, d, n, acc: &acc }.blocks(kb, &steps, |r0| {
            // (4) Each output: num / den with RATIO_BITS fractional bits, rescaled.
            kb.for_range(0, ni, |j| {
                let (t, dd) = (kb.ld32(shifts, j)?, kb.ld32(dens, j)?);
                let none = b.build_int_compare(IntPredicate::EQ, dd, kb.i(0), "")?;
                let dsafe = b.build_select(none, kb.i(1), dd, "")?.into_int_value();
                for r in 0..rb {
                    let row = kb.i((r * d) as i64);
                    let num = dot(&|c| kb.ld32(kvb, kb.add(row, c)?), j)?;
                    let num = b.build_right_shift(num, b.build_int_z_extend(t, i64t, "")?, true, "")?;
                    let lim = 1i64 << 30;
                    let lo = b.build_int_compare(IntPredicate::SLT, num, c64(-lim), "")?;
                    let num = b.build_select(lo, c64(-lim), num, "")?.into_int_value();
                    let hi = b.build_int_compare(IntPredicate::SGT, num, c64(lim), "")?;
                    let num = b.build_select(hi, c64(lim), num, "")?.into_int_value();
                    let m = b.build_int_truncate(num, kb.i32t, "")?;
                    let qi = b.build_int_signed_div(m, dsafe, "")?;
                    let rem = b.build_int_sub(m, b.build_int_mul(qi, dsafe, "")?, "")?;
                    let qlim = 1i64 << (30 - RATIO_BITS);
                    let qi = kb.imin(kb.imax(qi, kb.i(-qlim))?, kb.i(qlim))?;
                    let f = b.build_int_signed_div(b.build_left_shift(rem, kb.i(RATIO_BITS as i64), "")?, dsafe, "")?;
                    let ratio = b.build_int_add(b.build_left_shift(qi, kb.i(RATIO_BITS as i64), "")?, f, "")?;
                    let ratio = b.build_select(none, kb.i(0), ratio, "")?.into_int_value();
                    kb.st8(out, at(kb.add(r0, kb.i(r as i64))?, j)?, requant(kb, ratio, rq, outq)?)?;
                }
                Ok(())
            })
        })
    })?;
    Ok(format!("int8 linear attention {rb}x{cb} state, i64 numerators"))
}
