//! Pooling kernels with PyTorch semantics: max (padding ignored), average with
//! `count_include_pad=True` (divisor = window clipped to the padded input, a compile-time
//! computed per output position), their 0.5/0.5 combination, and global average pooling.
//!
//! One tiled kernel for every element type: per plane and output row, tiles of PX output pixels
//! with every tap unrolled, so neighbouring windows share their input loads. Columns are static as
//! in `conv.rs` (an edge tile's pixels run only their valid taps); a row outside the input is read
//! from a constant pad row that changes no result (the flavour's: -inf or i8's lowest for the
//! max, zero or the zero point for the sum; max+avg reads the sum's pad row and adds a per-row
//! penalty that loses every max). The flavour ([`PoolFlavour`]) supplies the element type, the
//! max and sum steps and the finish: `F32` (here) divides by PyTorch's divisor as a per-row factor
//! (run time) times a per-column one (static) and runs the fused epilogue; the int8 flavour
//! (`int8::pool::I8Pool`) divides or rescales integer sums as the integer interpreter does.

use crate::elementwise::epilogue;
use crate::flavour::{Reg, Value};
use crate::kb::{const_row, Kb, R};
use hynas_ir::ops::{Epilogue, Pool2dAttrs, PoolKind};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, FloatValue, IntValue, PointerValue};

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

impl PoolSpec {
    /// The geometry of pooling `a` from input dims `xd` to output dims `od` (NCHW).
    pub fn new(a: &Pool2dAttrs, xd: &[usize], od: &[usize]) -> Self {
        PoolSpec {
            kind: a.kind,
            planes: xd[0] * xd[1],
            h: xd[2],
            w: xd[3],
            oh: od[2],
            ow: od[3],
            k: a.kernel,
            s: a.stride,
            p: a.padding,
        }
    }
}

/// What a window's value is made of: its max, its sum (of raw inputs, pad rows included), the
/// number of inputs summed (`taps`) and PyTorch's divisor, a run-time row extent (as
/// [`PoolFlavour::row`] made it) times a column extent `dx` (constants in tiles).
pub struct Window<'ctx, V, Row> {
    pub max: V,
    pub sum: V,
    pub taps: IntValue<'ctx>,
    pub row: Row,
    pub dx: IntValue<'ctx>,
}

/// The numeric steps of the tiled pooling kernel.
pub trait PoolFlavour<'ctx> {
    /// A value in registers.
    type V: Reg<'ctx> + BasicValue<'ctx>;
    /// What the divisor's row extent becomes once per output row.
    type Row: Copy;
    /// The type of inputs in memory.
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx>;
    /// Whether the kernel runs a pixel at a time with its window's rows and columns looped at run
    /// time (the code of one window for the whole kernel, for targets where code size counts)
    /// rather than in tiles of unrolled taps.
    fn compact(&self, kb: &Kb<'_, 'ctx>) -> bool;
    /// A constant row of `n` inputs that changes no result of `kind` (max+avg: no sum).
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, n: usize) -> PointerValue<'ctx>;
    /// The input at `p[idx]` (`p` may point outside its buffer; the element read is inside).
    fn load(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V>;
    /// A start for maxima, below every input.
    fn lowest(&self, kb: &Kb<'_, 'ctx>) -> Self::V;
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V;
    fn max(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V>;
    fn add(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V>;
    /// Added to a row's maximum under max+avg: zero for a row inside the input (`valid`), and
    /// [`PoolFlavour::lowest`] for a pad row (which must stay below every input when added to
    /// one).
    fn penalty(&self, kb: &Kb<'_, 'ctx>, valid: IntValue<'ctx>) -> R<Self::V> {
        Ok(Self::V::from_basic(kb.b.build_select(valid, self.zero(kb), self.lowest(kb), "")?))
    }
    /// The row extent `dy` of PyTorch's divisor, once per output row.
    fn row(&self, kb: &Kb<'_, 'ctx>, dy: IntValue<'ctx>) -> R<Self::Row>;
    /// The output value of a window of `kind`.
    fn finish(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, w: Window<'ctx, Self::V, Self::Row>) -> R<Self::V>;
    /// The mean of `n` inputs whose raw sum is `sum` (global average pooling).
    fn mean(&self, kb: &Kb<'_, 'ctx>, sum: Self::V, n: usize) -> R<Self::V>;
    /// Stores output `idx`.
    fn store(&self, kb: &Kb<'_, 'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()>;
}

/// A pointer `idx` elements of type `ty` from `p` (which may lie outside its buffer).
fn offset<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ty: BasicTypeEnum<'ctx>,
    p: PointerValue<'ctx>,
    idx: IntValue<'ctx>,
) -> R<PointerValue<'ctx>> {
    // SAFETY: a plain GEP is defined for any index; loads through it stay inside the buffer.
    Ok(unsafe { kb.b.build_gep(ty, p, &[idx], "")? })
}

/// f32: FP values, the fused epilogue per value.
pub struct F32<'a, 'ctx> {
    pub out: PointerValue<'ctx>,
    pub ep: &'a [Epilogue],
    pub extras: &'a [PointerValue<'ctx>],
}

impl<'ctx> PoolFlavour<'ctx> for F32<'_, 'ctx> {
    type V = FloatValue<'ctx>;
    type Row = FloatValue<'ctx>;
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.f32t.into()
    }
    fn compact(&self, _kb: &Kb<'_, 'ctx>) -> bool {
        false
    }
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, n: usize) -> PointerValue<'ctx> {
        const_row(kb, n, if kind == PoolKind::Max { f32::NEG_INFINITY } else { 0.0 })
    }
    fn load(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        kb.load_wrapping(p, idx)
    }
    fn lowest(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.f(f32::NEG_INFINITY)
    }
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.f(0.0)
    }
    fn max(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V> {
        kb.fmax(a, b)
    }
    fn add(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V> {
        Ok(kb.b.build_float_add(a, b, "")?)
    }
    fn row(&self, kb: &Kb<'_, 'ctx>, dy: IntValue<'ctx>) -> R<Self::Row> {
        let dyf = kb.b.build_signed_int_to_float(dy, kb.f32t, "")?;
        Ok(kb.b.build_float_div(kb.f(1.0), dyf, "")?)
    }
    fn finish(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, w: Window<'ctx, Self::V, Self::Row>) -> R<Self::V> {
        let avg = || -> R<FloatValue<'ctx>> {
            // 1 / dx: a constant (folded) in tiles.
            let rdx = kb.b.build_float_div(kb.f(1.0), kb.b.build_signed_int_to_float(w.dx, kb.f32t, "")?, "")?;
            Ok(kb.b.build_float_mul(kb.b.build_float_mul(w.sum, w.row, "")?, rdx, "")?)
        };
        match kind {
            PoolKind::Max => Ok(w.max),
            PoolKind::Avg => avg(),
            PoolKind::MaxAvg => {
                let h = kb.b.build_float_mul(avg()?, kb.f(0.5), "")?;
                kb.fmuladd(w.max, kb.f(0.5), h)
            }
        }
    }
    fn mean(&self, kb: &Kb<'_, 'ctx>, sum: Self::V, n: usize) -> R<Self::V> {
        Ok(kb.b.build_float_mul(sum, kb.f(1.0 / n as f32), "")?)
    }
    fn store(&self, kb: &Kb<'_, 'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()> {
        kb.store(self.out, idx, epilogue(kb, self.ep, self.extras, idx, v)?)
    }
}

/// Global average pooling of `planes` planes of `hw` inputs.
pub fn global_avg<'ctx, F: PoolFlavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    fl: &F,
    planes: usize,
    hw: usize,
    x: PointerValue<'ctx>,
) -> R<()> {
    let acc = kb.slot_of(F::V::ty(kb))?;
    let ty = fl.elem(kb);
    kb.for_range(0, planes as i64, |pl| {
        kb.b.build_store(acc, fl.zero(kb))?;
        let base = offset(kb, ty, x, kb.mul(pl, hw as i64)?)?;
        kb.for_range(0, hw as i64, |i| {
            let sum = F::V::from_basic(kb.b.build_load(F::V::ty(kb), acc, "")?);
            kb.b.build_store(acc, fl.add(kb, sum, fl.load(kb, base, i)?)?)?;
            Ok(())
        })?;
        let sum = F::V::from_basic(kb.b.build_load(F::V::ty(kb), acc, "")?);
        fl.store(kb, pl, fl.mean(kb, sum, hw)?)
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

/// The tiled pooling kernel (see the module note) in flavour `fl`; returns the schedule's name.
pub fn emit<'ctx, F: PoolFlavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    sp: &PoolSpec,
    fl: &F,
    x: PointerValue<'ctx>,
    schedule: crate::conv::Schedule,
) -> R<String> {
    let px = pool_px(sp, schedule);
    let compact = fl.compact(kb);
    let (k, s, p) = (sp.k, sp.s, sp.p);
    let ty = fl.elem(kb);
    let pad = fl.pad_row(kb, sp.kind, sp.w);
    let valid_kx = |ox: usize| crate::conv::valid_taps(ox, sp.w, k, s, p);
    // PyTorch's divisor along one axis: the window clipped to [.., n + p).
    let span = |o: usize, n: usize| -> usize { ((o * s + k).min(n + 2 * p)).saturating_sub(o * s) };
    let (tiles, f, run) = crate::conv::row_tiles(sp.ow, px, |ox, n| {
        n == px && (ox..ox + n).all(|c| valid_kx(c) == (0..k) && span(c, sp.w) == k)
    });
    let hw = (sp.h * sp.w) as i64;
    // Input row `iy` of plane `pl`: its pointer (the pad row outside the input) and the max
    // penalty.
    let row_at = |pl: IntValue<'ctx>, iy: IntValue<'ctx>| -> R<(PointerValue<'ctx>, F::V)> {
        let valid = kb.b.build_int_compare(inkwell::IntPredicate::ULT, iy, kb.i(sp.h as i64), "")?;
        let iyc = kb.imin(kb.imax(iy, kb.i(0))?, kb.i(sp.h as i64 - 1))?;
        let ptr = offset(kb, ty, x, kb.add(kb.mul(pl, hw)?, kb.mul(iyc, sp.w as i64)?)?)?;
        Ok((kb.b.build_select(valid, ptr, pad, "")?.into_pointer_value(), fl.penalty(kb, valid)?))
    };
    // Per output row `oy`: its first input row, its input rows (in tiles), and the divisor's row
    // factor.
    type Rows<'c, V, Row> = (IntValue<'c>, Vec<(PointerValue<'c>, V)>, Row);
    let rows_of = |pl: IntValue<'ctx>, oy: IntValue<'ctx>| -> R<Rows<'ctx, F::V, F::Row>> {
        let iy0 = kb.affine(oy, s as i64, -(p as i64))?;
        let rows = match compact {
            true => Vec::new(),
            false => (0..k).map(|ky| row_at(pl, kb.add(iy0, kb.i(ky as i64))?)).collect::<R<_>>()?,
        };
        // Rows of the window inside the padded input.
        let end = kb.imin(kb.add(iy0, kb.i(k as i64))?, kb.i((sp.h + p) as i64))?;
        Ok((iy0, rows, fl.row(kb, kb.b.build_int_nsw_sub(end, iy0, "")?)?))
    };
    let tile = |pl: IntValue<'ctx>,
                oy: IntValue<'ctx>,
                (_, rows, row): &Rows<'ctx, F::V, F::Row>,
                ox0: IntValue<'ctx>,
                cols: &[(std::ops::Range<usize>, usize)]|
     -> R<()> {
        let ix0 = kb.affine(ox0, s as i64, -(p as i64))?;
        let n = cols.len();
        // One input row's taps into the window's max and sum.
        let add_row = |(rp, pen): (PointerValue<'ctx>, F::V), mx: &mut [F::V], sm: &mut [F::V]| -> R<()> {
            let rp = offset(kb, ty, rp, ix0)?;
            for (j, (kxs, _)) in cols.iter().enumerate() {
                let mut rowmax = fl.lowest(kb);
                for kx in kxs.clone() {
                    let v = fl.load(kb, rp, kb.i((j * s + kx) as i64))?;
                    match sp.kind {
                        PoolKind::Max => mx[j] = fl.max(kb, mx[j], v)?,
                        PoolKind::Avg => sm[j] = fl.add(kb, sm[j], v)?,
                        PoolKind::MaxAvg => {
                            rowmax = fl.max(kb, rowmax, v)?;
                            sm[j] = fl.add(kb, sm[j], v)?;
                        }
                    }
                }
                if sp.kind == PoolKind::MaxAvg {
                    mx[j] = fl.max(kb, mx[j], fl.add(kb, rowmax, pen)?)?;
                }
            }
            Ok(())
        };
        let (mut mx, mut sm) = (vec![fl.lowest(kb); n], vec![fl.zero(kb); n]);
        for &r in rows {
            add_row(r, &mut mx, &mut sm)?;
        }
        let obase = kb.add(kb.mul(pl, (sp.oh * sp.ow) as i64)?, kb.mul(oy, sp.ow as i64)?)?;
        for (j, (kxs, dx)) in cols.iter().enumerate() {
            let w =
                Window { max: mx[j], sum: sm[j], taps: kb.i((k * kxs.len()) as i64), row: *row, dx: kb.i(*dx as i64) };
            let v = fl.finish(kb, sp.kind, w)?;
            fl.store(kb, kb.add(obase, kb.add(ox0, kb.i(j as i64))?)?, v)?;
        }
        Ok(())
    };
    if compact {
        return emit_compact(kb, sp, fl, rows_of, row_at);
    }
    let cols_of = |ox: usize, n: usize| -> Vec<(std::ops::Range<usize>, usize)> {
        (ox..ox + n).map(|c| (valid_kx(c), span(c, sp.w))).collect()
    };
    kb.for_range(0, sp.planes as i64, |pl| {
        kb.for_range(0, sp.oh as i64, |oy| {
            let rows = rows_of(pl, oy)?;
            for &(ox, n) in &tiles[..f] {
                tile(pl, oy, &rows, kb.i(ox as i64), &cols_of(ox, n))?;
            }
            if run > 0 {
                let ox_first = tiles[f].0;
                let all = vec![(0..k, k); px];
                kb.for_range(0, run as i64, |bi| {
                    tile(pl, oy, &rows, kb.affine(bi, px as i64, ox_first as i64)?, &all)
                })?;
            }
            for &(ox, n) in &tiles[f + run..] {
                tile(pl, oy, &rows, kb.i(ox as i64), &cols_of(ox, n))?;
            }
            Ok(())
        })
    })?;
    Ok(match schedule {
        crate::conv::Schedule::Tuned => format!("pool tile 1x{px}"),
        crate::conv::Schedule::Fixed => "baseline pool tile 1x1".into(),
    })
}

/// The compact form: per output pixel, the window's rows and its columns inside the input looped
/// at run time, the divisor's column extent computed.
fn emit_compact<'ctx, F: PoolFlavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    sp: &PoolSpec,
    fl: &F,
    rows_of: impl Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<(IntValue<'ctx>, Vec<(PointerValue<'ctx>, F::V)>, F::Row)>,
    row_at: impl Fn(IntValue<'ctx>, IntValue<'ctx>) -> R<(PointerValue<'ctx>, F::V)>,
) -> R<String> {
    let (k, s, p) = (sp.k as i64, sp.s as i64, sp.p as i64);
    let (ty, vty) = (fl.elem(kb), F::V::ty(kb));
    let [mx, sm, rowmax] = [kb.slot_of(vty)?, kb.slot_of(vty)?, kb.slot_of(vty)?];
    let get = |slot| -> R<F::V> { Ok(F::V::from_basic(kb.b.build_load(vty, slot, "")?)) };
    let put = |slot, v: F::V| -> R<()> {
        kb.b.build_store(slot, v)?;
        Ok(())
    };
    kb.for_range(0, sp.planes as i64, |pl| {
        kb.for_range(0, sp.oh as i64, |oy| {
            let (iy0, _, row) = rows_of(pl, oy)?;
            kb.for_range(0, sp.ow as i64, |ox| {
                let ix0 = kb.affine(ox, s, -p)?;
                // Valid columns [kx0, kx1) of the window, and its extent in the padded input.
                let kx0 = kb.imax(kb.b.build_int_nsw_sub(kb.i(0), ix0, "")?, kb.i(0))?;
                let kx1 = kb.imin(kb.b.build_int_nsw_sub(kb.i(sp.w as i64), ix0, "")?, kb.i(k))?;
                let end = kb.imin(kb.add(ix0, kb.i(k))?, kb.i(sp.w as i64 + p))?;
                let dx = kb.b.build_int_nsw_sub(end, ix0, "")?;
                put(mx, fl.lowest(kb))?;
                put(sm, fl.zero(kb))?;
                kb.for_range(0, k, |ky| {
                    let (rp, pen) = row_at(pl, kb.add(iy0, ky)?)?;
                    let rp = offset(kb, ty, rp, ix0)?;
                    put(rowmax, fl.lowest(kb))?;
                    kb.for_dyn(kx0, kx1, |kx| {
                        let v = fl.load(kb, rp, kx)?;
                        match sp.kind {
                            PoolKind::Max => put(mx, fl.max(kb, get(mx)?, v)?),
                            PoolKind::Avg => put(sm, fl.add(kb, get(sm)?, v)?),
                            PoolKind::MaxAvg => {
                                put(rowmax, fl.max(kb, get(rowmax)?, v)?)?;
                                put(sm, fl.add(kb, get(sm)?, v)?)
                            }
                        }
                    })?;
                    match sp.kind {
                        PoolKind::MaxAvg => put(mx, fl.max(kb, get(mx)?, fl.add(kb, get(rowmax)?, pen)?)?),
                        _ => Ok(()),
                    }
                })?;
                let taps = kb.mul(kb.b.build_int_nsw_sub(kx1, kx0, "")?, k)?;
                let w = Window { max: get(mx)?, sum: get(sm)?, taps, row, dx };
                let v = fl.finish(kb, sp.kind, w)?;
                let idx = kb.add(kb.add(kb.mul(pl, (sp.oh * sp.ow) as i64)?, kb.mul(oy, sp.ow as i64)?)?, ox)?;
                fl.store(kb, idx, v)
            })
        })
    })?;
    Ok("pool, compact".into())
}
