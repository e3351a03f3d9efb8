//! Attention `out = v @ softmax(q^T k)` per head (q, k, v, out: [d, N] per head), one kernel in
//! both numeric flavours ([`AttnFlavour`]: f32 here, int8 in `int8::softmax`), without the
//! [N, N] scores. Both products are register tiles of `dense::tile_product`; the flavour supplies
//! the loads (zero points subtracted), the multiply-add, the scratch's type, how a row of scores
//! becomes weights, and the store. Two loop orders:
//!
//! - [`Order::Rows`] (a flavour whose sums accumulate in its output, f32): per pass of IB query
//!   rows, (1) the scores s[r][j] = sum_c q[c][i0+r] k[c][j] in RB x JB tiles into an IB x N
//!   scratch, (2) each row turned into its weights in place (softmax), (3) `out[c][j] +=
//!   sum_r v[c][i0+r] s[r][j]` in CB x JB tiles held in registers over the IB rows, so the output
//!   is loaded and stored once per pass.
//! - [`Order::Columns`] (int8: its i32 sums cannot wait in its i8 output, and a [d, N] i32
//!   accumulator would cost 4 d N bytes of RAM): pass 1, per RB query rows, the scores (RB x JB
//!   tiles into an RB x N scratch) and each row's statistics (its maximum and its sum of
//!   weights); pass 2, per JB output columns, the scores of those columns for every row again
//!   (RB x JB tiles), turned into weights with their row's statistics into an N x JB scratch, then
//!   `out[c][cols] = sum_i v[c][i] P[i][cols]` in CB x JB tiles over all N rows, stored through
//!   the flavour (requantised). The scores are computed twice; the scratch is N x max(RB, JB) + 2N
//!   values.
//!
//! The baseline schedule is the same kernel with one-row (RB = 1), one-channel (CB = 1) tiles and
//! passes of at most 4 rows.

use crate::dense::{block_of, tile_product, Walk};
use crate::flavour::Reg;
use crate::kb::{Kb, R};
use crate::softmax::exp;
use crate::{CodegenError, Schedules};
use inkwell::values::{FloatValue, IntValue, PointerValue};

/// The loop order of the kernel (see the module note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Rows,
    Columns,
}

/// The attention's three operands.
#[derive(Clone, Copy, Debug)]
pub enum Qkv {
    Q,
    K,
    V,
}

/// The numeric steps of the attention kernel.
pub trait AttnFlavour<'ctx> {
    type V: Reg<'ctx>;
    /// The loop order this flavour runs.
    const ORDER: Order;
    /// The largest side of a register tile (4: 16 sums, 8 operands).
    fn max_tile(&self, _kb: &Kb<'_, 'ctx>) -> usize {
        4
    }
    /// Element `idx` of q, k or v, its zero point subtracted.
    fn load(&self, kb: &Kb<'_, 'ctx>, t: Qkv, idx: IntValue<'ctx>) -> R<Self::V>;
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V;
    /// `acc + a * b`.
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, a: Self::V, b: Self::V) -> R<Self::V>;
    /// A stack array of `n` values.
    fn scratch(&self, kb: &Kb<'_, 'ctx>, n: usize) -> R<PointerValue<'ctx>>;
    fn ld(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V>;
    fn st(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()>;
    /// Rows order: the output, where the sums accumulate (in the flavour's value type).
    fn accumulator(&self) -> R<PointerValue<'ctx>> {
        Err(order_error(Order::Rows))
    }
    /// Rows order: the `n` scores at `s[off..]` turned into their weights in place.
    fn normalise_row(&self, _kb: &Kb<'_, 'ctx>, _s: PointerValue<'ctx>, _off: IntValue<'ctx>, _n: usize) -> R<()> {
        Err(order_error(Order::Rows))
    }
    /// Columns order: the statistics of the `n` scores at `s[off..]` (the maximum and the sum of
    /// weights).
    fn row_stats(
        &self,
        _kb: &Kb<'_, 'ctx>,
        _s: PointerValue<'ctx>,
        _off: IntValue<'ctx>,
        _n: usize,
    ) -> R<(Self::V, Self::V)> {
        Err(order_error(Order::Columns))
    }
    /// Columns order: the weight of a score in a row of statistics `(max, sum)`.
    fn weight(&self, _kb: &Kb<'_, 'ctx>, _score: Self::V, _stats: (Self::V, Self::V)) -> R<Self::V> {
        Err(order_error(Order::Columns))
    }
    /// Columns order: stores a tile of finished sums, `sums[c * jb + j]` (of `cb` rows) to
    /// output element `at + c * stride + j`.
    fn store_tile(
        &self,
        _kb: &Kb<'_, 'ctx>,
        _sums: &[PointerValue<'ctx>],
        _cb: usize,
        _at: IntValue<'ctx>,
        _stride: i64,
    ) -> R<()> {
        Err(order_error(Order::Columns))
    }
}

fn order_error(o: Order) -> CodegenError {
    CodegenError::Llvm(format!("attention flavour without the {o:?} order"))
}

/// The tiles: IB score rows per pass, RB x JB score tiles, CB x JB output tiles.
#[derive(Clone, Copy, Debug)]
struct Tiles {
    ib: usize,
    rb: usize,
    jb: usize,
    cb: usize,
}

/// The tiles for `d` channels and `n` tokens, tile sides at most `max_tile`.
fn tiles(order: Order, [d, n]: [usize; 2], schedules: Schedules, max_tile: usize) -> Tiles {
    let side = |len: usize| block_of(len, &[4, 2, 1].map(|b: usize| b.min(max_tile)));
    let jb = side(n);
    let rows = |cands: &[usize]| cands.iter().copied().find(|&b| n.is_multiple_of(b) && b * n <= 2048).unwrap_or(1);
    match (order, schedules) {
        // The largest pass dividing `n` whose scratch stays within 8 KiB.
        (Order::Rows, Schedules::Tuned) => {
            let ib = rows(&[32, 16, 8, 4, 2, 1]);
            Tiles { ib, rb: block_of(ib, &[4, 2, 1].map(|b: usize| b.min(max_tile))), jb, cb: side(d) }
        }
        (Order::Rows, Schedules::Baseline) => Tiles { ib: rows(&[4, 2, 1]), rb: 1, jb, cb: 1 },
        (Order::Columns, Schedules::Tuned) => {
            let rb = side(n);
            Tiles { ib: rb, rb, jb, cb: side(d) }
        }
        (Order::Columns, Schedules::Baseline) => Tiles { ib: 1, rb: 1, jb, cb: 1 },
    }
}

/// Stack bytes of the kernel's scratch (4-byte values) for `d` channels and `n` tokens, tile
/// sides at most `max_tile` ([`AttnFlavour::max_tile`]).
pub fn scratch_bytes(order: Order, d: usize, n: usize, schedules: Schedules, max_tile: usize) -> usize {
    let t = tiles(order, [d, n], schedules, max_tile);
    4 * match order {
        Order::Rows => t.ib * n,
        Order::Columns => t.rb.max(t.jb) * n + 2 * n,
    }
}

/// `[heads, d, n]` of attention operands of dims `xd` (`[.., d, n]`).
pub fn head_dims(xd: &[usize]) -> [usize; 3] {
    let r = xd.len();
    [xd[..r.saturating_sub(2)].iter().product(), xd[r.saturating_sub(2)], xd[r.saturating_sub(1)]]
}

/// The attention of `batch` heads of `d` channels and `n` tokens in flavour `fl`; returns the
/// schedule's name.
pub fn emit<'ctx, F: AttnFlavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    fl: &F,
    [batch, d, n]: [usize; 3],
    schedules: Schedules,
) -> R<String> {
    let t = tiles(F::ORDER, [d, n], schedules, fl.max_tile(kb));
    let slots: Vec<PointerValue> = (0..t.rb.max(t.cb) * t.jb).map(|_| kb.slot_of(F::V::ty(kb))).collect::<R<_>>()?;
    let ni = n as i64;
    let (lq, lk) = (|i| fl.load(kb, Qkv::Q, i), |i| fl.load(kb, Qkv::K, i));
    let mac = |a, x, y| fl.mac(kb, a, x, y);
    // The RB x JB scores of rows i0.. and columns j0.. of head `base` into `sums`.
    let scores = |base: IntValue<'ctx>, i0: IntValue<'ctx>, j0: IntValue<'ctx>, sums: &[PointerValue<'ctx>]| {
        for s in sums {
            F::V::set(kb, *s, fl.zero(kb))?;
        }
        let wq = Walk { at: kb.add(base, i0)?, step: 1, depth: ni };
        let wk = Walk { at: kb.add(base, j0)?, step: 1, depth: ni };
        tile_product(kb, d, (wq, &lq), (wk, &lk), &mac, sums, t.rb)
    };
    kb.for_range(0, batch as i64, |bt| {
        let base = kb.mul(bt, (d * n) as i64)?;
        let h = Head { t, d, n, base, scores: &scores, slots: &slots };
        match F::ORDER {
            Order::Rows => rows(kb, fl, &h),
            Order::Columns => columns(kb, fl, &h),
        }
    })?;
    let name = match F::ORDER {
        Order::Rows => format!("attention {} rows, {}x{} scores, {}x{} out", t.ib, t.rb, t.jb, t.cb, t.jb),
        Order::Columns => format!("attention by columns, {}x{} scores, {}x{} out", t.rb, t.jb, t.cb, t.jb),
    };
    Ok(match schedules {
        Schedules::Tuned => name,
        Schedules::Baseline => format!("baseline {name}"),
    })
}

/// The scores of a tile: (head base, first row, first column, the tile's slots).
type Scores<'s, 'ctx> = dyn Fn(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>, &[PointerValue<'ctx>]) -> R<()> + 's;

/// One head's kernel: its tiles and sizes, the index of its first element, the score tiles and
/// the register slots of the tiles.
struct Head<'s, 'ctx> {
    t: Tiles,
    d: usize,
    n: usize,
    base: IntValue<'ctx>,
    scores: &'s Scores<'s, 'ctx>,
    slots: &'s [PointerValue<'ctx>],
}

/// Stores a tile's sums (`sums[r * jb + c]`, `rows` rows) to `s[at + r * stride + c]`.
fn spill<'ctx, F: AttnFlavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    fl: &F,
    s: PointerValue<'ctx>,
    sums: &[PointerValue<'ctx>],
    rows: usize,
    (at, stride): (IntValue<'ctx>, usize),
) -> R<()> {
    let jb = sums.len() / rows.max(1);
    for r in 0..rows {
        let row = kb.add(at, kb.i((r * stride) as i64))?;
        for c in 0..jb {
            fl.st(kb, s, kb.add(row, kb.i(c as i64))?, F::V::get(kb, sums[r * jb + c])?)?;
        }
    }
    Ok(())
}

/// One head in the rows order (module note).
fn rows<'ctx, F: AttnFlavour<'ctx>>(kb: &Kb<'_, 'ctx>, fl: &F, h: &Head<'_, 'ctx>) -> R<()> {
    let Head { t, d, n, base, scores, slots } = *h;
    let ni = n as i64;
    let (out, s) = (fl.accumulator()?, fl.scratch(kb, t.ib * n)?);
    let sc = &slots[..t.rb * t.jb];
    kb.for_range(0, (d * n) as i64, |e| fl.st(kb, out, kb.add(base, e)?, fl.zero(kb)))?;
    kb.for_range(0, (n / t.ib) as i64, |ii| {
        let i0 = kb.mul(ii, t.ib as i64)?;
        // (1) The scores of the pass's rows.
        kb.for_range(0, (t.ib / t.rb) as i64, |rr| {
            let r0 = kb.mul(rr, t.rb as i64)?;
            kb.for_range(0, (n / t.jb) as i64, |jj| {
                let j0 = kb.mul(jj, t.jb as i64)?;
                scores(base, kb.add(i0, r0)?, j0, sc)?;
                spill(kb, fl, s, sc, t.rb, (kb.add(kb.mul(r0, ni)?, j0)?, n))
            })
        })?;
        // (2) Each row's weights.
        kb.for_range(0, t.ib as i64, |r| fl.normalise_row(kb, s, kb.mul(r, ni)?, n))?;
        // (3) out[c][j] += sum_r v[c][i0+r] s[r][j].
        let acc = &slots[..t.cb * t.jb];
        kb.for_range(0, (d / t.cb) as i64, |cc| {
            let c0 = kb.mul(cc, t.cb as i64)?;
            kb.for_range(0, (n / t.jb) as i64, |jj| {
                let j0 = kb.mul(jj, t.jb as i64)?;
                let oidx = |c: usize, j: usize| -> R<IntValue<'ctx>> {
                    kb.add(kb.add(base, kb.mul(kb.add(c0, kb.i(c as i64))?, ni)?)?, kb.add(j0, kb.i(j as i64))?)
                };
                for c in 0..t.cb {
                    for j in 0..t.jb {
                        F::V::set(kb, acc[c * t.jb + j], fl.ld(kb, out, oidx(c, j)?)?)?;
                    }
                }
                let wv = Walk { at: kb.add(kb.add(base, kb.mul(c0, ni)?)?, i0)?, step: ni, depth: 1 };
                let ws = Walk { at: j0, step: 1, depth: ni };
                let (lv, ls) = (|i| fl.load(kb, Qkv::V, i), |i| fl.ld(kb, s, i));
                tile_product(kb, t.ib, (wv, &lv), (ws, &ls), &|a, x, y| fl.mac(kb, a, x, y), acc, t.cb)?;
                for c in 0..t.cb {
                    for j in 0..t.jb {
                        fl.st(kb, out, oidx(c, j)?, F::V::get(kb, acc[c * t.jb + j])?)?;
                    }
                }
                Ok(())
            })
        })
    })
}

/// One head in the columns order (module note).
fn columns<'ctx, F: AttnFlavour<'ctx>>(kb: &Kb<'_, 'ctx>, fl: &F, h: &Head<'_, 'ctx>) -> R<()> {
    let Head { t, d, n, base, scores, slots } = *h;
    let ni = n as i64;
    let (s, maxes, sums) = (fl.scratch(kb, t.rb.max(t.jb) * n)?, fl.scratch(kb, n)?, fl.scratch(kb, n)?);
    let sc = &slots[..t.rb * t.jb];
    // Pass 1: each row's statistics.
    kb.for_range(0, (n / t.rb) as i64, |rr| {
        let i0 = kb.mul(rr, t.rb as i64)?;
        kb.for_range(0, (n / t.jb) as i64, |jj| {
            let j0 = kb.mul(jj, t.jb as i64)?;
            scores(base, i0, j0, sc)?;
            spill(kb, fl, s, sc, t.rb, (j0, n))
        })?;
        for r in 0..t.rb {
            let (m, sum) = fl.row_stats(kb, s, kb.i((r * n) as i64), n)?;
            let i = kb.add(i0, kb.i(r as i64))?;
            fl.st(kb, maxes, i, m)?;
            fl.st(kb, sums, i, sum)?;
        }
        Ok(())
    })?;
    // Pass 2: per JB output columns, the weights P[i][j] of every row, then out = v P.
    kb.for_range(0, (n / t.jb) as i64, |jj| {
        let j0 = kb.mul(jj, t.jb as i64)?;
        kb.for_range(0, (n / t.rb) as i64, |rr| {
            let i0 = kb.mul(rr, t.rb as i64)?;
            scores(base, i0, j0, sc)?;
            spill(kb, fl, s, sc, t.rb, (kb.mul(i0, t.jb as i64)?, t.jb))
        })?;
        // The weights in place, a loop over the block (one copy of their code).
        kb.for_range(0, ni, |i| {
            let stats = (fl.ld(kb, maxes, i)?, fl.ld(kb, sums, i)?);
            kb.for_range(0, t.jb as i64, |c| {
                let idx = kb.add(kb.mul(i, t.jb as i64)?, c)?;
                fl.st(kb, s, idx, fl.weight(kb, fl.ld(kb, s, idx)?, stats)?)
            })
        })?;
        let acc = &slots[..t.cb * t.jb];
        kb.for_range(0, (d / t.cb) as i64, |cc| {
            let c0 = kb.mul(cc, t.cb as i64)?;
            for a in acc {
                F::V::set(kb, *a, fl.zero(kb))?;
            }
            let wv = Walk { at: kb.add(base, kb.mul(c0, ni)?)?, step: ni, depth: 1 };
            let wp = Walk { at: kb.i(0), step: 1, depth: t.jb as i64 };
            let (lv, lp) = (|i| fl.load(kb, Qkv::V, i), |i| fl.ld(kb, s, i));
            tile_product(kb, n, (wv, &lv), (wp, &lp), &|a, x, y| fl.mac(kb, a, x, y), acc, t.cb)?;
            fl.store_tile(kb, acc, t.cb, kb.add(kb.add(base, kb.mul(c0, ni)?)?, j0)?, ni)
        })
    })
}

/// The f32 flavour: fused multiply-adds, softmax by `exp`, sums in the output.
pub struct F32<'ctx> {
    pub qkv: [PointerValue<'ctx>; 3],
    pub out: PointerValue<'ctx>,
}

impl<'ctx> AttnFlavour<'ctx> for F32<'ctx> {
    type V = FloatValue<'ctx>;
    const ORDER: Order = Order::Rows;
    fn load(&self, kb: &Kb<'_, 'ctx>, t: Qkv, idx: IntValue<'ctx>) -> R<Self::V> {
        kb.load(self.qkv[t as usize], idx)
    }
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.f(0.0)
    }
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, a: Self::V, b: Self::V) -> R<Self::V> {
        kb.fmuladd(a, b, acc)
    }
    fn scratch(&self, kb: &Kb<'_, 'ctx>, n: usize) -> R<PointerValue<'ctx>> {
        kb.scratch(n)
    }
    fn ld(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        kb.load(p, idx)
    }
    fn st(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()> {
        kb.store(p, idx, v)
    }
    fn accumulator(&self) -> R<PointerValue<'ctx>> {
        Ok(self.out)
    }
    /// Softmax: the maximum, exp(s - max) stored with their sum, a scale by 1/sum.
    fn normalise_row(&self, kb: &Kb<'_, 'ctx>, s: PointerValue<'ctx>, off: IntValue<'ctx>, n: usize) -> R<()> {
        let ni = n as i64;
        let (mx, sum) = (kb.slot()?, kb.slot()?);
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
    }
}
