//! Register-tiled products and the batched matmul built on them.
//!
//! [`tile_product`]: an RB x NB tile of sums, `sums[r][t] += sum_l A(r, l) B(l, t)`, one load of
//! each operand element per RB x NB multiply-adds, operands anywhere in memory (a [`Walk`] each)
//! and in any numeric type (the loads and the multiply-add are the caller's). The matmul here and
//! both products of attention (`attention.rs`: q^T k and v P) are made of it.
//!
//! Batched matmul: out[b][m][n] = sum_k A[b][m][k] * B[b][k][n], 1 x NB tiles over the columns
//! of B (contiguous loads, one A load per k), in any numeric flavour (`crate::flavour`): A is read
//! as the flavour's inputs, B as its weights, a tile stored as a tile of one channel. (A linear
//! layer is the convolution of `conv.rs` over 1 x 1 images.)

use crate::flavour::{Flavour, Reg, TileAt};
use crate::kb::{Kb, R};
use inkwell::values::{IntValue, PointerValue};

/// Where a tile's operand lies: element (i, l) at index `at + i * step + l * depth`, `i` the
/// tile's row (of A) or column (of B), `l` the summed index.
#[derive(Clone, Copy)]
pub struct Walk<'ctx> {
    pub at: IntValue<'ctx>,
    pub step: i64,
    pub depth: i64,
}

/// A tile operand: its walk and the load of its element at an index.
pub type Operand<'a, 'ctx, V> = (Walk<'ctx>, &'a dyn Fn(IntValue<'ctx>) -> R<V>);

/// `sums[r * nb + t] = mac(sums[r * nb + t], A(r, l), B(l, t))` for every `l < depth`, r < `rb`,
/// t < nb (`sums.len() / rb`): the sums stay in their slots (registers after SROA), the rb values
/// of A and the nb of B are loaded once per `l`.
pub fn tile_product<'ctx, V: Reg<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    depth: usize,
    (a, load_a): Operand<'_, 'ctx, V>,
    (b, load_b): Operand<'_, 'ctx, V>,
    mac: &dyn Fn(V, V, V) -> R<V>,
    sums: &[PointerValue<'ctx>],
    rb: usize,
) -> R<()> {
    let nb = sums.len() / rb.max(1);
    kb.for_range(0, depth as i64, |l| {
        let (ra, rbv) = (kb.add(a.at, kb.mul(l, a.depth)?)?, kb.add(b.at, kb.mul(l, b.depth)?)?);
        let av: Vec<V> = (0..rb).map(|r| load_a(kb.add(ra, kb.i(r as i64 * a.step))?)).collect::<R<_>>()?;
        let bv: Vec<V> = (0..nb).map(|t| load_b(kb.add(rbv, kb.i(t as i64 * b.step))?)).collect::<R<_>>()?;
        for (r, x) in av.iter().enumerate() {
            for (t, y) in bv.iter().enumerate() {
                let s = sums[r * nb + t];
                V::set(kb, s, mac(V::get(kb, s)?, *x, *y)?)?;
            }
        }
        Ok(())
    })
}

pub(crate) fn block_of(n: usize, choices: &[usize]) -> usize {
    choices.iter().copied().find(|&b| n.is_multiple_of(b)).unwrap_or(1)
}

/// The matmul of `a` ([batch][m][k]) and `b` ([batch][k][n]) in flavour `fl` (its sums start
/// at its start for channel 0).
pub fn matmul<'ctx, F: Flavour<'ctx, V: Reg<'ctx>>>(
    kb: &Kb<'_, 'ctx>,
    fl: &F,
    [batch, m, k, n]: [usize; 4],
    a: PointerValue<'ctx>,
    b: PointerValue<'ctx>,
) -> R<()> {
    let nb = block_of(n, &[8, 4, 2, 1]);
    fl.begin(kb, 1, nb)?;
    let acc: Vec<PointerValue> = (0..nb).map(|_| fl.slot(kb)).collect::<R<_>>()?;
    kb.for_range(0, batch as i64, |bt| {
        let (ao, bo, oo) = (kb.mul(bt, (m * k) as i64)?, kb.mul(bt, (k * n) as i64)?, kb.mul(bt, (m * n) as i64)?);
        kb.for_range(0, m as i64, |i| {
            let arow = kb.add(ao, kb.mul(i, k as i64)?)?;
            let orow = kb.add(oo, kb.mul(i, n as i64)?)?;
            kb.for_range(0, (n / nb) as i64, |jb| {
                let j0 = kb.mul(jb, nb as i64)?;
                for s in &acc {
                    fl.set(kb, *s, fl.start(kb, kb.i(0), false)?)?;
                }
                let wa = Walk { at: arow, step: 0, depth: 1 };
                let wb = Walk { at: kb.add(bo, j0)?, step: 1, depth: n as i64 };
                let (la, lb) = (|i| fl.load_x(kb, a, i, false), |i| fl.load_w(kb, b, i));
                tile_product(kb, k, (wa, &la), (wb, &lb), &|s, x, w| fl.mac(kb, s, x, w), &acc, 1)?;
                let at = kb.add(orow, j0)?;
                fl.store(kb, &acc, &TileAt { ocb: 1, px: nb, npx: nb, oc0: kb.i(0), plane: kb.i(0), at })
            })
        })
    })
}

/// The dims `[batch, m, k, n]` of a matmul of A (dims `ad`) and B (dims `bd`).
pub fn matmul_dims(ad: &[usize], bd: &[usize]) -> [usize; 4] {
    let r = ad.len();
    [ad[..r - 2].iter().product(), ad[r - 2], ad[r - 1], bd[r - 1]]
}
