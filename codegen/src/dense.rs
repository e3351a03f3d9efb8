//! Batched matmul: out[b][m][n] = sum_k A[b][m][k] * B[b][k][n], blocked over NB columns of B
//! (contiguous loads, one A load per k), in any numeric flavour (`crate::flavour`): A is read as
//! the flavour's inputs, B as its weights, a block stored as a tile of one channel. (A linear
//! layer is the convolution of `conv.rs` over 1 x 1 images.)

use crate::flavour::{Flavour, TileAt};
use crate::kb::{Kb, R};
use inkwell::values::PointerValue;

pub(crate) fn block_of(n: usize, choices: &[usize]) -> usize {
    choices.iter().copied().find(|&b| n.is_multiple_of(b)).unwrap_or(1)
}

/// The matmul of `a` ([batch][m][k]) and `b` ([batch][k][n]) in flavour `fl` (its sums start
/// at its start for channel 0).
pub fn matmul<'ctx, F: Flavour<'ctx>>(
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
                kb.for_range(0, k as i64, |l| {
                    let av = fl.load_x(kb, a, kb.add(arow, l)?, false)?;
                    let brow = kb.add(kb.add(bo, kb.mul(l, n as i64)?)?, j0)?;
                    for (q, s) in acc.iter().enumerate() {
                        let bv = fl.load_w(kb, b, kb.add(brow, kb.i(q as i64))?)?;
                        fl.set(kb, *s, fl.mac(kb, fl.get(kb, *s)?, av, bv)?)?;
                    }
                    Ok(())
                })?;
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
