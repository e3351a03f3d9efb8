//! Convolution of any groups (dense, grouped, depthwise, pointwise), one tiled kernel for every
//! numeric flavour (`crate::flavour`: f32, and int8 in `int8::conv`).
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
//! that is the row itself when `0 <= iy < H` and a constant row of the padding value otherwise
//! (its stride across input channels is then 0), so a border row runs the same code and its
//! padding taps add nothing (f32: zeros; int8: the zero point, which the folded bias cancels).
//! Only the first and last `p` output rows pay for those taps.
//!
//! The tile shape is chosen per layer by a cost model (loads and multiply-accumulates per MAC,
//! loop and tile overheads, the flavour's registers: OCB x PX sums, OCB weights and the input
//! columns one kernel row touches must fit), see [`choose`]. The baseline schedule (the
//! reference of `hynas bench`) is this kernel with a fixed tile of 4 pixels, one input channel
//! per loop step and no flattening of pointwise layers.

use crate::flavour::{Flavour, TileAt};
use crate::kb::{Kb, R};
use inkwell::values::{IntValue, PointerValue};

/// A convolution's geometry: `n` images of C x H x W in, O x OH x OW out, kernel k, stride s,
/// padding p. A linear layer is `n` images of `in` channels of 1 x 1, kernel 1.
#[derive(Clone, Copy, Debug)]
pub struct ConvSpec {
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub o: usize,
    pub oh: usize,
    pub ow: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
    pub groups: usize,
}

impl ConvSpec {
    /// A pointwise layer (1x1, stride 1, no padding) of one image: one row of H*W pixels
    /// computes the same.
    pub fn is_pointwise(&self) -> bool {
        self.k == 1 && self.s == 1 && self.p == 0 && self.n == 1
    }

    /// Whether every tap of the `n` output columns from `ox` lies inside the input's columns.
    fn all_taps(&self, ox: usize, n: usize) -> bool {
        (ox..ox + n).all(|c| valid_taps(c, self.w, self.k, self.s, self.p) == (0..self.k))
    }

    /// The geometry of a convolution with attributes `a` from input dims `xd` to output dims
    /// `od` (NCHW).
    pub fn conv(a: &hynas_ir::ops::Conv2dAttrs, xd: &[usize], od: &[usize]) -> Self {
        ConvSpec {
            n: xd[0],
            c: xd[1],
            h: xd[2],
            w: xd[3],
            o: od[1],
            oh: od[2],
            ow: od[3],
            k: a.kernel,
            s: a.stride,
            p: a.padding,
            groups: a.groups,
        }
    }

    /// A linear layer (`fin` -> `fout` over `n` rows) as a convolution.
    pub fn linear(n: usize, fin: usize, fout: usize) -> Self {
        ConvSpec { n, c: fin, h: 1, w: 1, o: fout, oh: 1, ow: 1, k: 1, s: 1, p: 0, groups: 1 }
    }
}

/// A tile shape: output channels x pixels of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    pub ocb: usize,
    pub px: usize,
    /// Kernel rows as a loop around the channel loop (one row pointer live), not unrolled in it
    /// (k row pointers live): for flavours whose sums share registers with the pointers.
    pub rows_looped: bool,
}

impl Tile {
    pub fn name(&self) -> String {
        format!("tile {}x{}{}", self.ocb, self.px, if self.rows_looped { ", rows looped" } else { "" })
    }
}

/// How the tile is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// By the cost model, with channel unrolling and flat pointwise rows.
    Tuned,
    /// The baseline: OCB 4, 2 or 1 (dividing the group's outputs), 4 pixels, one channel a step.
    Fixed,
}

/// Estimated instructions of one layer with tile `t` (the model `choose` minimises).
fn cost<'ctx>(sp: &ConvSpec, t: Tile, fl: &impl Flavour<'ctx>) -> f64 {
    let (cg, k, s) = (sp.c / sp.groups, sp.k, sp.s);
    let unroll = unroll_of(cg, t.ocb * t.px * k * k) as f64;
    // One tile of `n` pixels: per input channel k*k*ocb weight loads, k rows of input loads, the
    // multiply-accumulates, and the channel loop (k row pointers, the weight pointer, count,
    // branch; one row pointer when rows are a loop) once per `unroll` channels; per tile the
    // sums set from the bias, the epilogue and stores, row pointers (and the row loop).
    let nv = t.ocb / fl.lanes();
    let tile = |n: usize, raw: bool| {
        let cols = (n - 1) * s + k;
        let macs = (nv * n * k * k) as f64 * fl.mac_cost();
        let (loop_ptrs, per_tile_rows) = if t.rows_looped { (4 * k, 14 * k) } else { (k + 3, 4 * k) };
        let loads = (k * k * nv) as f64 + (k * cols) as f64 * fl.load_cost(raw);
        let per_ic = loads + macs + loop_ptrs as f64 / unroll;
        cg as f64 * per_ic + fl.store_cost(t.ocb, n) + (per_tile_rows + 8) as f64
    };
    let (tiles, _, _) = row_tiles(sp.ow, t.px, |ox, n| n == t.px && sp.all_taps(ox, n));
    let row: f64 = tiles.iter().map(|&(ox, n)| tile(n, fl.raw_ok() && sp.all_taps(ox, n))).sum();
    (sp.o / t.ocb * sp.oh) as f64 * row
}

/// The tile of least estimated cost that fits the flavour's registers and divides the group's
/// outputs (in multiples of the flavour's lanes, which must divide them).
pub fn choose<'ctx>(sp: &ConvSpec, fl: &impl Flavour<'ctx>) -> Tile {
    let og = sp.o / sp.groups;
    let lanes = fl.lanes();
    let mut best = Tile { ocb: lanes, px: 1, rows_looped: false };
    let mut best_cost = f64::INFINITY;
    for rows_looped in [false, true] {
        let regs = fl.regs(if rows_looped { 1 } else { sp.k });
        for nv in [8, 6, 5, 4, 3, 2, 1] {
            let ocb = nv * lanes;
            if !og.is_multiple_of(ocb) {
                continue;
            }
            for px in 1..=8usize.min(sp.ow) {
                let cols = (px - 1) * sp.s + sp.k;
                // A 1x1 tile streams its inputs (each is used by one tap): two live at a time.
                let inputs = if sp.k == 1 { 2 } else { cols.min(px + sp.k) };
                if nv * px + nv + inputs > regs {
                    continue;
                }
                let t = Tile { ocb, px, rows_looped };
                let c = cost(sp, t, fl);
                if c < best_cost {
                    best = t;
                    best_cost = c;
                }
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

/// The packing of the weights for tiles of `ocb` channels: packed index -> index into the
/// [O][C/g][k][k] layout, the packed layout being [O/OCB][C/g][k][k][OCB].
pub fn packing(sp: &ConvSpec, ocb: usize) -> Vec<usize> {
    let per_oc = sp.c / sp.groups * sp.k * sp.k;
    let mut order = vec![0; sp.o * per_oc];
    for oc in 0..sp.o {
        for t in 0..per_oc {
            order[((oc / ocb) * per_oc + t) * ocb + oc % ocb] = oc * per_oc + t;
        }
    }
    order
}

/// Valid taps of output position `o` of a window op along an axis of size `n`: the `t` with
/// `0 <= o*s - p + t < n`.
pub(crate) fn valid_taps(o: usize, n: usize, k: usize, s: usize, p: usize) -> std::ops::Range<usize> {
    let i0 = (o * s) as i64 - p as i64;
    let lo = (-i0).clamp(0, k as i64) as usize;
    let hi = (n as i64 - i0).clamp(0, k as i64) as usize;
    lo..hi.max(lo)
}

/// The tiles of an output row of `ow` pixels, `px` wide (the last one narrower), as (first
/// column, pixels); and the run of tiles for which `full` holds (the interior tiles, contiguous
/// since valid columns are): its first index (the tile count when there is none) and length.
pub(crate) fn row_tiles(
    ow: usize,
    px: usize,
    full: impl Fn(usize, usize) -> bool,
) -> (Vec<(usize, usize)>, usize, usize) {
    let tiles: Vec<(usize, usize)> = (0..ow).step_by(px.max(1)).map(|ox| (ox, px.min(ow - ox))).collect();
    let first = tiles.iter().position(|&(ox, n)| full(ox, n)).unwrap_or(tiles.len());
    let run = tiles[first..].iter().take_while(|&&(ox, n)| full(ox, n)).count();
    (tiles, first, run)
}

/// Emits the convolution of input `x` (the flavour writes the output); returns the schedule's
/// name.
pub fn emit<'ctx, F: Flavour<'ctx>>(
    kb: &Kb<'_, 'ctx>,
    sp: &ConvSpec,
    fl: &F,
    x: PointerValue<'ctx>,
    schedule: Schedule,
) -> R<String> {
    // A pointwise layer is the same computation on one row of H*W pixels: tiles run across row
    // ends and only the plane's last tile is partial.
    if schedule == Schedule::Tuned && sp.is_pointwise() && sp.h > 1 {
        let flat = ConvSpec { h: 1, w: sp.h * sp.w, oh: 1, ow: sp.oh * sp.ow, ..*sp };
        return emit(kb, &flat, fl, x, schedule).map(|n| format!("{n}, flat"));
    }
    let cg = sp.c / sp.groups;
    let og = sp.o / sp.groups;
    let t = match schedule {
        Schedule::Tuned => choose(sp, fl),
        Schedule::Fixed => {
            let ocb = [4, 2, 1].into_iter().find(|&b| og.is_multiple_of(b)).unwrap_or(1);
            Tile { ocb, px: 4.min(sp.ow), rows_looped: false }
        }
    };
    let (ocb, px, lanes) = (t.ocb, t.px, fl.lanes());
    if !ocb.is_multiple_of(lanes) {
        return Err(crate::CodegenError::Llvm(format!("a tile of {ocb} channels for a flavour of {lanes} lanes")));
    }
    // Values per pixel of a tile.
    let nv = ocb / lanes;
    let unroll = match schedule {
        Schedule::Tuned => unroll_of(cg, nv * t.px * sp.k * sp.k),
        Schedule::Fixed => 1,
    };
    let (k, s, kk) = (sp.k, sp.s, sp.k * sp.k);
    let hw = (sp.h * sp.w) as i64;
    fl.begin(kb, ocb, px)?;
    let wg = fl.weights(kb, &packing(sp, ocb))?;
    let elem = fl.elem(kb);
    // No output row reads outside the input: row pointers need no pad-row select (nor the row).
    let all_rows_inside = sp.p == 0 && (sp.oh - 1) * s + k <= sp.h;
    let pad = if all_rows_inside { x } else { fl.pad_row(kb, sp.w) };
    let acc: Vec<PointerValue> = (0..nv * px).map(|_| fl.slot(kb)).collect::<R<_>>()?;
    let valid_kx = |ox: usize| valid_taps(ox, sp.w, k, s, sp.p);
    // Tiles of a row with static classes: one run of interior tiles, the rest edge tiles.
    let (tiles, f, run) = row_tiles(sp.ow, px, |ox, n| n == px && sp.all_taps(ox, n));
    // A wrapping `base + idx` in input elements.
    let offset = |base: PointerValue<'ctx>, idx: IntValue<'ctx>| -> R<PointerValue<'ctx>> {
        // SAFETY: a plain GEP is defined for any index; loads through it stay inside the buffer.
        Ok(unsafe { kb.b.build_gep(elem, base, &[idx], "")? })
    };

    // One tile at output row `oy` (runtime), columns from `ox0` (runtime, for the interior run,
    // or static), pixel j's taps `kxs[j]`.
    let tile = |(x, image): (PointerValue<'ctx>, IntValue<'ctx>),
                ob: IntValue<'ctx>,
                oy: IntValue<'ctx>,
                ox0: IntValue<'ctx>,
                kxs: &[std::ops::Range<usize>]|
     -> R<()> {
        let npx = kxs.len();
        // Every tap of every pixel inside the input or on a padding row: raw inputs may be summed.
        let raw = fl.raw_ok() && kxs.iter().all(|r| *r == (0..k));
        let oc0 = kb.mul(ob, ocb as i64)?;
        for q in 0..nv {
            let init = fl.start(kb, kb.add(oc0, kb.i((q * lanes) as i64))?, raw)?;
            for j in 0..px {
                fl.set(kb, acc[q * px + j], init)?;
            }
        }
        let ic0 = if sp.groups == 1 {
            kb.i(0)
        } else {
            kb.mul(kb.b.build_int_signed_div(oc0, kb.i(og as i64), "")?, (cg as i64) * hw)?
        };
        // Row pointers and their strides across input channels (0 for the pad row).
        let iy0 = kb.affine(oy, s as i64, -(sp.p as i64))?;
        let ix0 = kb.affine(ox0, s as i64, -(sp.p as i64))?;
        let row_of = |ky: IntValue<'ctx>| -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
            let iy = kb.add(iy0, ky)?;
            if all_rows_inside {
                return Ok((offset(x, kb.add(kb.add(ic0, kb.mul(iy, sp.w as i64)?)?, ix0)?)?, kb.i(hw)));
            }
            let valid = kb.b.build_int_compare(inkwell::IntPredicate::ULT, iy, kb.i(sp.h as i64), "")?;
            let iyc = kb.imin(kb.imax(iy, kb.i(0))?, kb.i(sp.h as i64 - 1))?;
            // Both pointers are shifted by the tile's first input column (negative at a left
            // edge), so they may point before their buffer; only valid columns are read.
            let p = offset(x, kb.add(kb.add(ic0, kb.mul(iyc, sp.w as i64)?)?, ix0)?)?;
            let zp = offset(pad, ix0)?;
            let rp = kb.b.build_select(valid, p, zp, "")?.into_pointer_value();
            let stride = kb.b.build_select(valid, kb.i(hw), kb.i(0), "")?.into_int_value();
            Ok((rp, stride))
        };
        // The taps of one kernel row of input channel `icg` (weights of the row from `wrow`).
        let row_taps = |sums: &mut [F::V], icg: IntValue<'ctx>, wrow: IntValue<'ctx>, (rp, stride)| -> R<()> {
            let rowi = kb.b.build_int_nsw_mul(icg, stride, "")?;
            for kx in 0..k {
                let users: Vec<usize> = (0..npx).filter(|&j| kxs[j].contains(&kx)).collect();
                if users.is_empty() {
                    continue;
                }
                let ws: Vec<_> = (0..nv)
                    .map(|q| fl.load_w(kb, wg, kb.add(wrow, kb.i((kx * ocb + q * lanes) as i64))?))
                    .collect::<R<_>>()?;
                for j in users {
                    let xv = fl.load_x(kb, rp, kb.add(rowi, kb.i((j * s + kx) as i64))?, raw)?;
                    for q in 0..nv {
                        let a = &mut sums[q * px + j];
                        *a = fl.mac(kb, *a, xv, ws[q])?;
                    }
                }
            }
            Ok(())
        };
        // The channel loop over the kernel rows `rows` (static index, pointer and stride).
        let wb = kb.mul(ob, (cg * kk * ocb) as i64)?;
        let channels = |rows: &[(IntValue<'ctx>, (PointerValue<'ctx>, IntValue<'ctx>))]| {
            kb.for_range(0, (cg / unroll) as i64, |icu| {
                let mut sums: Vec<_> = acc.iter().map(|&a| fl.get(kb, a)).collect::<R<_>>()?;
                for u in 0..unroll {
                    let icg = kb.affine(icu, unroll as i64, u as i64)?;
                    let wbase = kb.add(wb, kb.mul(icg, (kk * ocb) as i64)?)?;
                    for &(ky, row) in rows {
                        let wrow = kb.add(wbase, kb.b.build_int_nsw_mul(ky, kb.i((k * ocb) as i64), "")?)?;
                        row_taps(&mut sums, icg, wrow, row)?;
                    }
                }
                // Only the tile's own sums (q * px + j for j < npx) are written back.
                for (i, (&a, v)) in acc.iter().zip(sums).enumerate() {
                    if i % px < npx {
                        fl.set(kb, a, v)?;
                    }
                }
                Ok(())
            })
        };
        if t.rows_looped {
            kb.for_range(0, k as i64, |ky| channels(&[(ky, row_of(ky)?)]))?;
        } else {
            let rows: Vec<_> = (0..k).map(|ky| Ok((kb.i(ky as i64), row_of(kb.i(ky as i64))?))).collect::<R<_>>()?;
            channels(&rows)?;
        }
        let at = kb.add(image, kb.add(kb.mul(oy, sp.ow as i64)?, ox0)?)?;
        let plane = kb.i((sp.oh * sp.ow) as i64);
        fl.store(kb, &acc, &TileAt { ocb, px, npx, oc0, plane, at })
    };
    let kxs_of = |ox: usize, n: usize| -> Vec<std::ops::Range<usize>> { (ox..ox + n).map(valid_kx).collect() };
    kb.for_range(0, sp.n as i64, |img| {
        // The image's input, and its first output index.
        let im = (offset(x, kb.mul(img, (sp.c * sp.h * sp.w) as i64)?)?, kb.mul(img, (sp.o * sp.oh * sp.ow) as i64)?);
        kb.for_range(0, (sp.o / ocb) as i64, |ob| {
            kb.for_range(0, sp.oh as i64, |oy| {
                for &(ox, n) in &tiles[..f] {
                    tile(im, ob, oy, kb.i(ox as i64), &kxs_of(ox, n))?;
                }
                if run > 0 {
                    let ox_first = tiles[f].0;
                    let all = vec![0..k; px];
                    kb.for_range(0, run as i64, |bi| {
                        tile(im, ob, oy, kb.affine(bi, px as i64, ox_first as i64)?, &all)
                    })?;
                }
                for &(ox, n) in &tiles[f + run..] {
                    tile(im, ob, oy, kb.i(ox as i64), &kxs_of(ox, n))?;
                }
                Ok(())
            })
        })
    })?;
    let name = match schedule {
        Schedule::Fixed => format!("baseline {}", t.name()),
        Schedule::Tuned if unroll > 1 => format!("{}, {unroll} channels per step", t.name()),
        Schedule::Tuned => t.name(),
    };
    Ok(name)
}
