//! Batched matmul: out[b][m][n] = sum_k A[b][m][k] * B[b][k][n], blocked over NB columns of B
//! (contiguous loads, one A load per k). (A linear layer is the convolution of `conv.rs` over
//! 1 x 1 images.)

use crate::elementwise::epilogue;
use crate::kb::{Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::values::PointerValue;

pub(crate) fn block_of(n: usize, choices: &[usize]) -> usize {
    choices.iter().copied().find(|&b| n.is_multiple_of(b)).unwrap_or(1)
}

#[allow(clippy::too_many_arguments)]
pub fn matmul<'ctx>(
    kb: &Kb<'_, 'ctx>,
    batch: usize,
    m: usize,
    k: usize,
    n: usize,
    a: PointerValue<'ctx>,
    b: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    let nb = block_of(n, &[8, 4, 2, 1]);
    let acc: Vec<PointerValue> = (0..nb).map(|_| kb.slot()).collect::<R<_>>()?;
    kb.for_range(0, batch as i64, |bt| {
        let (ao, bo, oo) = (kb.mul(bt, (m * k) as i64)?, kb.mul(bt, (k * n) as i64)?, kb.mul(bt, (m * n) as i64)?);
        kb.for_range(0, m as i64, |i| {
            let arow = kb.add(ao, kb.mul(i, k as i64)?)?;
            let orow = kb.add(oo, kb.mul(i, n as i64)?)?;
            kb.for_range(0, (n / nb) as i64, |jb| {
                let j0 = kb.mul(jb, nb as i64)?;
                for s in &acc {
                    kb.set(*s, kb.f(0.0))?;
                }
                kb.for_range(0, k as i64, |l| {
                    let av = kb.load(a, kb.add(arow, l)?)?;
                    let brow = kb.add(kb.add(bo, kb.mul(l, n as i64)?)?, j0)?;
                    for (q, s) in acc.iter().enumerate() {
                        let bv = kb.load(b, kb.add(brow, kb.i(q as i64))?)?;
                        kb.set(*s, kb.fmuladd(av, bv, kb.get(*s)?)?)?;
                    }
                    Ok(())
                })?;
                for (q, s) in acc.iter().enumerate() {
                    let idx = kb.add(kb.add(orow, j0)?, kb.i(q as i64))?;
                    let v = epilogue(kb, ep, extras, idx, kb.get(*s)?)?;
                    kb.store(out, idx, v)?;
                }
                Ok(())
            })
        })
    })
}
