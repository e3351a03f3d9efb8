//! Pooling kernels with PyTorch semantics: max (padding ignored), average with
//! `count_include_pad=True` (divisor = window clipped to the padded input, a compile-time
//! computed per output position), their 0.5/0.5 combination, and global average pooling.

use crate::elementwise::epilogue;
use crate::kb::{Kb, R};
use hynas_ir::ops::{Epilogue, PoolKind};
use inkwell::values::PointerValue;

pub struct PoolSpec {
    pub kind: PoolKind,
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
}

pub fn global_avg<'ctx>(
    kb: &Kb<'_, 'ctx>,
    planes: usize,
    hw: usize,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    let acc = kb.slot()?;
    kb.for_range(0, planes as i64, |pl| {
        kb.set(acc, kb.f(0.0))?;
        let base = kb.mul(pl, hw as i64)?;
        kb.for_range(0, hw as i64, |i| {
            let v = kb.load(x, kb.add(base, i)?)?;
            kb.set(acc, kb.b.build_float_add(kb.get(acc)?, v, "")?)
        })?;
        let mean = kb.b.build_float_mul(kb.get(acc)?, kb.f(1.0 / hw as f32), "")?;
        let v = epilogue(kb, ep, extras, pl, mean)?;
        kb.store(out, pl, v)
    })
}

/// Output pixels per tile: enough to share input loads between neighbouring windows, few enough
/// that a tile's unrolled taps stay ~128 operations; one for the baseline schedule.
fn pool_px(sp: &PoolSpec, schedule: crate::conv::Schedule) -> usize {
    match schedule {
        crate::conv::Schedule::Tuned => (128 / (sp.k * sp.k)).clamp(1, 8).min(sp.ow),
        crate::conv::Schedule::Fixed => 1,
    }
}

/// Per plane and output row, tiles of PX output pixels with every tap
/// unrolled, so neighbouring windows share their input loads. Columns are static as in
/// `conv.rs` (an edge tile's pixels run only their valid taps); a row outside the input is
/// read from a constant pad row (zeros for the sum, -inf for the max; max+avg reads zeros and adds
/// a per-row penalty of 0 or -inf to each row's maximum). The average divides by PyTorch's
/// divisor: a per-row factor (runtime) times a per-column one (static).
pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &PoolSpec,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    (ep, extras): (&[Epilogue], &[PointerValue<'ctx>]),
    schedule: crate::conv::Schedule,
) -> R<String> {
    use inkwell::values::IntValue;
    let px = pool_px(sp, schedule);
    let (k, s, p) = (sp.k, sp.s, sp.p);
    let pad = crate::kb::const_row(kb, sp.w, if sp.kind == PoolKind::Max { f32::NEG_INFINITY } else { 0.0 });
    let valid_kx = |ox: usize| crate::conv::valid_taps(ox, sp.w, k, s, p);
    // PyTorch's divisor along one axis: the window clipped to [.., n + p).
    let span = |o: usize, n: usize| -> usize { ((o * s + k).min(n + 2 * p)).saturating_sub(o * s) };
    let (tiles, f, run) = crate::conv::row_tiles(sp.ow, px, |ox, n| {
        n == px && (ox..ox + n).all(|c| valid_kx(c) == (0..k) && span(c, sp.w) == k)
    });
    let hw = (sp.h * sp.w) as i64;
    type Rows<'c> = Vec<(PointerValue<'c>, inkwell::values::FloatValue<'c>)>;
    // Input rows of output row `oy` of plane `pl`: pointer (pad row outside) and the max penalty.
    let rows_of = |pl: IntValue<'ctx>, oy: IntValue<'ctx>| -> R<(Rows<'ctx>, inkwell::values::FloatValue<'ctx>)> {
        let iy0 = kb.affine(oy, s as i64, -(p as i64))?;
        let mut rows = Vec::with_capacity(k);
        for ky in 0..k {
            let iy = kb.add(iy0, kb.i(ky as i64))?;
            let valid = kb.b.build_int_compare(inkwell::IntPredicate::ULT, iy, kb.i(sp.h as i64), "")?;
            let iyc = kb.imin(kb.imax(iy, kb.i(0))?, kb.i(sp.h as i64 - 1))?;
            let ptr = kb.gep(x, kb.add(kb.mul(pl, hw)?, kb.mul(iyc, sp.w as i64)?)?)?;
            let rp = kb.b.build_select(valid, ptr, pad, "")?.into_pointer_value();
            let pen = kb.b.build_select(valid, kb.f(0.0), kb.f(f32::NEG_INFINITY), "")?.into_float_value();
            rows.push((rp, pen));
        }
        // 1 / (rows of the window inside the padded input).
        let end = kb.imin(kb.add(iy0, kb.i(k as i64))?, kb.i((sp.h + p) as i64))?;
        let dy = kb.b.build_int_nsw_sub(end, iy0, "")?;
        let dyf = kb.b.build_signed_int_to_float(dy, kb.f32t, "")?;
        let rdy = kb.b.build_float_div(kb.f(1.0), dyf, "")?;
        Ok((rows, rdy))
    };
    let tile = |pl: IntValue<'ctx>,
                oy: IntValue<'ctx>,
                rows: &Rows<'ctx>,
                rdy: inkwell::values::FloatValue<'ctx>,
                ox0: IntValue<'ctx>,
                cols: &[(std::ops::Range<usize>, usize)]|
     -> R<()> {
        let ix0 = kb.affine(ox0, s as i64, -(p as i64))?;
        let n = cols.len();
        let mut mx = vec![kb.f(f32::NEG_INFINITY); n];
        let mut sm = vec![kb.f(0.0); n];
        for &(rp, pen) in rows {
            let rp = kb.gep_wrapping(rp, ix0)?;
            let mut rowmax = vec![kb.f(f32::NEG_INFINITY); n];
            for (j, (kxs, _)) in cols.iter().enumerate() {
                for kx in kxs.clone() {
                    let v = kb.load_wrapping(rp, kb.i((j * s + kx) as i64))?;
                    match sp.kind {
                        PoolKind::Max => mx[j] = kb.fmax(mx[j], v)?,
                        PoolKind::Avg => sm[j] = kb.b.build_float_add(sm[j], v, "")?,
                        PoolKind::MaxAvg => {
                            rowmax[j] = kb.fmax(rowmax[j], v)?;
                            sm[j] = kb.b.build_float_add(sm[j], v, "")?;
                        }
                    }
                }
                if sp.kind == PoolKind::MaxAvg {
                    mx[j] = kb.fmax(mx[j], kb.b.build_float_add(rowmax[j], pen, "")?)?;
                }
            }
        }
        let obase = kb.add(kb.mul(pl, (sp.oh * sp.ow) as i64)?, kb.mul(oy, sp.ow as i64)?)?;
        for (j, (_, dx)) in cols.iter().enumerate() {
            let avg = || -> R<inkwell::values::FloatValue<'ctx>> {
                Ok(kb.b.build_float_mul(kb.b.build_float_mul(sm[j], rdy, "")?, kb.f(1.0 / *dx as f32), "")?)
            };
            let v = match sp.kind {
                PoolKind::Max => mx[j],
                PoolKind::Avg => avg()?,
                PoolKind::MaxAvg => {
                    let h = kb.b.build_float_mul(avg()?, kb.f(0.5), "")?;
                    kb.fmuladd(mx[j], kb.f(0.5), h)?
                }
            };
            let idx = kb.add(obase, kb.add(ox0, kb.i(j as i64))?)?;
            let v = epilogue(kb, ep, extras, idx, v)?;
            kb.store(out, idx, v)?;
        }
        Ok(())
    };
    let cols_of = |ox: usize, n: usize| -> Vec<(std::ops::Range<usize>, usize)> {
        (ox..ox + n).map(|c| (valid_kx(c), span(c, sp.w))).collect()
    };
    kb.for_range(0, sp.planes as i64, |pl| {
        kb.for_range(0, sp.oh as i64, |oy| {
            let (rows, rdy) = rows_of(pl, oy)?;
            for &(ox, n) in &tiles[..f] {
                tile(pl, oy, &rows, rdy, kb.i(ox as i64), &cols_of(ox, n))?;
            }
            if run > 0 {
                let ox_first = tiles[f].0;
                let all = vec![(0..k, k); px];
                kb.for_range(0, run as i64, |bi| {
                    tile(pl, oy, &rows, rdy, kb.affine(bi, px as i64, ox_first as i64)?, &all)
                })?;
            }
            for &(ox, n) in &tiles[f + run..] {
                tile(pl, oy, &rows, rdy, kb.i(ox as i64), &cols_of(ox, n))?;
            }
            Ok(())
        })
    })?;
    Ok(match schedule {
        crate::conv::Schedule::Tuned => format!("pool tile 1x{px}"),
        crate::conv::Schedule::Fixed => "baseline pool tile 1x1".into(),
    })
}
