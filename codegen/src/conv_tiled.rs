//! Convolution, register-tiled per layer shape (the default schedule; `conv.rs` is the baseline).
//!
//! A tile computes OCB output channels x PX neighbouring output pixels of a row, keeping the
//! OCB x PX sums in registers while it walks the input channels of its group; all k x k taps are
//! unrolled, so every load has a constant offset from a row pointer. Weights are re-laid out at
//! compile time as [O/OCB][C/g][k][k][OCB], so a tile's weights for one tap are contiguous.
//!
//! Borders without a border kernel: columns are static. The tiles of a row are placed at
//! compile time; a tile whose windows leave the input on the left or right is its own variant in
//! which each pixel runs only its valid taps (nothing is checked at run time), the rest share one
//! interior variant in a loop. Rows are dynamic: a tile reads input row `iy` through a pointer
//! that is the row itself when `0 <= iy < H` and a row of zeros otherwise (its stride across
//! input channels is then 0), so a border row runs the same code and its padding taps add
//! exact zeros. Only the first and last `p` output rows pay for those taps.
//!
//! The tile shape is chosen per layer by a cost model (loads and multiply-adds per MAC, loop
//! and tile overheads, the 32 FP registers: OCB x PX sums, OCB weights and the input columns one
//! kernel row touches must fit), see [`choose`].

use crate::conv::{packed_weights, row_tiles, valid_taps, ConvSpec};
use crate::elementwise::epilogue;
use crate::kb::{const_row, Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::values::{IntValue, PointerValue};

/// A tile shape: output channels x pixels of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    pub ocb: usize,
    pub px: usize,
}

impl Tile {
    pub fn name(&self) -> String {
        format!("tile {}x{}", self.ocb, self.px)
    }
}

/// FP registers a tile may use (of 32; one or two stay free for the scheduler).
const REGS: usize = 30;

/// Estimated instructions of one layer with tile `t` (the model `choose` minimises).
fn cost(sp: &ConvSpec, t: Tile) -> f64 {
    let (cg, k, s) = (sp.c / sp.groups, sp.k, sp.s);
    let cols = (t.px - 1) * s + k;
    // Per input channel of one tile: k*k*ocb weight loads, k rows of `cols` input loads, the
    // multiply-adds, and the channel loop (k row pointers, the weight pointer, count, branch)
    // once per `unroll` channels.
    let unroll = unroll_of(cg, t.ocb * t.px * k * k) as f64;
    let per_ic = (k * k * t.ocb + k * cols + t.ocb * t.px * k * k) as f64 + (k + 3) as f64 / unroll;
    // Per tile: sums set from the bias, epilogue and stores, row pointers, tile loop.
    let per_tile = (3 * t.ocb * t.px + 4 * k + 8) as f64;
    let tiles_per_row = sp.ow.div_ceil(t.px) as f64;
    // Pixels a partial tile leaves idle still cost their loads; count whole tiles.
    (sp.o / t.ocb * sp.oh) as f64 * tiles_per_row * (cg as f64 * per_ic + per_tile)
}

/// The tile of least estimated cost that fits the registers and divides the group's outputs.
pub fn choose(sp: &ConvSpec) -> Tile {
    let og = sp.o / sp.groups;
    let mut best = Tile { ocb: 1, px: 1 };
    let mut best_cost = f64::INFINITY;
    for ocb in [8, 6, 5, 4, 3, 2, 1] {
        if !og.is_multiple_of(ocb) {
            continue;
        }
        for px in 1..=8usize.min(sp.ow) {
            let cols = (px - 1) * sp.s + sp.k;
            // A 1x1 tile streams its inputs (each is used by one tap): two live at a time.
            let inputs = if sp.k == 1 { 2 } else { cols.min(px + sp.k) };
            if ocb * px + ocb + inputs > REGS {
                continue;
            }
            let t = Tile { ocb, px };
            let c = cost(sp, t);
            if c < best_cost {
                best = t;
                best_cost = c;
            }
        }
    }
    best
}

/// Input channels per iteration of the channel loop: enough that a small tile (a 1x1
/// convolution's) runs ~64 multiply-adds per loop step, and a divisor of the group's channels.
fn unroll_of(cg: usize, macs_per_ic: usize) -> usize {
    let want = (64 / macs_per_ic.max(1)).clamp(1, 8);
    (1..=want).rev().find(|u| cg.is_multiple_of(*u)).unwrap_or(1)
}

/// Valid taps `kx` of output column `ox`: those with `0 <= ox*s - p + kx < w`.
fn valid_kx(sp: &ConvSpec, ox: usize) -> std::ops::Range<usize> {
    valid_taps(ox, sp.w, sp.k, sp.s, sp.p)
}

/// Emits the convolution; returns the schedule's name.
pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &ConvSpec,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<String> {
    // A pointwise layer (1x1, stride 1, no padding) is the same computation on one row of H*W
    // pixels: tiles run across row ends and only the plane's last tile is partial.
    if sp.k == 1 && sp.s == 1 && sp.p == 0 && sp.h > 1 {
        let flat = ConvSpec { h: 1, w: sp.h * sp.w, oh: 1, ow: sp.oh * sp.ow, ..*sp };
        return emit(kb, &flat, x, out, ep, extras).map(|n| format!("{n}, flat"));
    }
    let t = choose(sp);
    let (ocb, px) = (t.ocb, t.px);
    let cg = sp.c / sp.groups;
    let unroll = unroll_of(cg, t.ocb * t.px * sp.k * sp.k);
    let og = sp.o / sp.groups;
    let (k, s, kk) = (sp.k, sp.s, sp.k * sp.k);
    let hw = (sp.h * sp.w) as i64;
    let (wg, bg) = packed_weights(kb, sp, ocb);
    // No output row reads outside the input: row pointers need no zero-row select (nor the row).
    let all_rows_inside = sp.p == 0 && (sp.oh - 1) * s + k <= sp.h;
    let zero = if all_rows_inside { x } else { const_row(kb, sp.w, 0.0) };
    let acc: Vec<PointerValue> = (0..ocb * px).map(|_| kb.slot()).collect::<R<_>>()?;

    // Tiles of a row with static classes: one run of interior tiles, the rest edge tiles.
    let (tiles, f, run) = row_tiles(sp.ow, px, |ox, n| n == px && (ox..ox + n).all(|c| valid_kx(sp, c) == (0..k)));

    // One tile at output row `oy` (runtime), columns from `ox0` (runtime, for the interior run,
    // or static), pixel j's taps `kxs[j]`.
    let tile = |ob: IntValue<'ctx>, oy: IntValue<'ctx>, ox0: IntValue<'ctx>, kxs: &[std::ops::Range<usize>]| -> R<()> {
        let npx = kxs.len();
        let oc0 = kb.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            let init = match bg {
                Some(b) => kb.load(b, kb.add(oc0, kb.i(q as i64))?)?,
                None => kb.f(0.0),
            };
            for j in 0..npx {
                kb.set(acc[q * px + j], init)?;
            }
        }
        let ic0 = if sp.groups == 1 {
            kb.i(0)
        } else {
            kb.mul(kb.b.build_int_signed_div(oc0, kb.i(og as i64), "")?, (cg as i64) * hw)?
        };
        // Row pointers and their strides across input channels (0 for the zero row).
        let iy0 = kb.affine(oy, s as i64, -(sp.p as i64))?;
        let ix0 = kb.affine(ox0, s as i64, -(sp.p as i64))?;
        let mut rows = Vec::with_capacity(k);
        for ky in 0..k {
            let iy = kb.add(iy0, kb.i(ky as i64))?;
            if all_rows_inside {
                let p = kb.gep_wrapping(x, kb.add(kb.add(ic0, kb.mul(iy, sp.w as i64)?)?, ix0)?)?;
                rows.push((p, kb.i(hw)));
                continue;
            }
            let valid = kb.b.build_int_compare(inkwell::IntPredicate::ULT, iy, kb.i(sp.h as i64), "")?;
            let iyc = kb.imin(kb.imax(iy, kb.i(0))?, kb.i(sp.h as i64 - 1))?;
            // Both pointers are shifted by the tile's first input column (negative at a left
            // edge), so they may point before their buffer; only valid columns are read.
            let p = kb.gep_wrapping(x, kb.add(kb.add(ic0, kb.mul(iyc, sp.w as i64)?)?, ix0)?)?;
            let zp = kb.gep_wrapping(zero, ix0)?;
            let rp = kb.b.build_select(valid, p, zp, "")?.into_pointer_value();
            let stride = kb.b.build_select(valid, kb.i(hw), kb.i(0), "")?.into_int_value();
            rows.push((rp, stride));
        }
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        kb.for_range(0, (cg / unroll) as i64, |icu| {
            let mut sums: Vec<_> = acc.iter().map(|&a| kb.get(a)).collect::<R<_>>()?;
            for u in 0..unroll {
                let icg = kb.affine(icu, unroll as i64, u as i64)?;
                let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
                for (ky, &(rp, stride)) in rows.iter().enumerate() {
                    let rowi = kb.b.build_int_nsw_mul(icg, stride, "")?;
                    for kx in 0..k {
                        let tap = ky * k + kx;
                        let users: Vec<usize> = (0..npx).filter(|&j| kxs[j].contains(&kx)).collect();
                        if users.is_empty() {
                            continue;
                        }
                        let ws: Vec<_> = (0..ocb)
                            .map(|q| kb.load(wg, kb.add(wbase, kb.i((tap * ocb + q) as i64))?))
                            .collect::<R<_>>()?;
                        for j in users {
                            let xv = kb.load_wrapping(rp, kb.add(rowi, kb.i((j * s + kx) as i64))?)?;
                            for q in 0..ocb {
                                let a = &mut sums[q * px + j];
                                *a = kb.fmuladd(xv, ws[q], *a)?;
                            }
                        }
                    }
                }
            }
            for (a, v) in acc.iter().zip(sums) {
                kb.set(*a, v)?;
            }
            Ok(())
        })?;
        for q in 0..ocb {
            let oc = kb.add(oc0, kb.i(q as i64))?;
            let base = kb.add(kb.mul(oc, (sp.oh * sp.ow) as i64)?, kb.mul(oy, sp.ow as i64)?)?;
            for j in 0..npx {
                let idx = kb.add(base, kb.add(ox0, kb.i(j as i64))?)?;
                let v = epilogue(kb, ep, extras, idx, kb.get(acc[q * px + j])?)?;
                kb.store(out, idx, v)?;
            }
        }
        Ok(())
    };
    let kxs_of =
        |ox: usize, n: usize| -> Vec<std::ops::Range<usize>> { (ox..ox + n).map(|c| valid_kx(sp, c)).collect() };
    kb.for_range(0, (sp.o / ocb) as i64, |ob| {
        kb.for_range(0, sp.oh as i64, |oy| {
            for &(ox, n) in &tiles[..f] {
                tile(ob, oy, kb.i(ox as i64), &kxs_of(ox, n))?;
            }
            if run > 0 {
                let ox_first = tiles[f].0;
                let all = vec![0..k; px];
                kb.for_range(0, run as i64, |bi| tile(ob, oy, kb.affine(bi, px as i64, ox_first as i64)?, &all))?;
            }
            for &(ox, n) in &tiles[f + run..] {
                tile(ob, oy, kb.i(ox as i64), &kxs_of(ox, n))?;
            }
            Ok(())
        })
    })?;
    Ok(if unroll > 1 { format!("{}, {unroll} channels per step", t.name()) } else { t.name() })
}
