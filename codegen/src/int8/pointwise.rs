//! The int8 pointwise convolution (1x1, stride 1, no padding, one group) as one never-inlined
//! function per module and tile shape, shared by every such layer: the hybrid models have dozens
//! of them (query, key and value projections, shortcuts, feed-forward layers) and a kernel each
//! made their code as large as their int8 weights. Shapes, tables and the output's parameters
//! are arguments; the pixels of a channel are one flat run (stride 1, no padding), tiled by OCB
//! channels x PX pixels as in `conv.rs`, the remainder one pixel at a time; the zero point is
//! folded into the bias (no window is clipped). A residual add runs when `other` is not null.
//!
//! Used for RISC-V targets only (code size); host code keeps a kernel per layer (speed).

use super::conv::{Residual, I8};
use super::{AddQ, RqTables};
use crate::flavour::{Flavour, TileAt};
use crate::kb::{Kb, R};
use crate::CodegenError;
use inkwell::values::{FunctionValue, IntValue, PointerValue};

/// Pointer arguments of the shared function, in order.
pub struct PwPtrs<'ctx> {
    pub x: PointerValue<'ctx>,
    pub w: PointerValue<'ctx>,
    pub bias: PointerValue<'ctx>,
    pub rq: RqTables<'ctx>,
    pub out: PointerValue<'ctx>,
    /// The residual add's other operand and parameter record, or null pointers.
    pub other: PointerValue<'ctx>,
    pub addq: PointerValue<'ctx>,
}

/// Integer arguments: input channels, pixels, channel tiles, and the output's zero point and clamp.
pub struct PwDims {
    pub cg: usize,
    pub npix: usize,
    pub tiles: usize,
    pub out: [i32; 3],
}

const NPTR: u32 = 8;

/// The tile shape of `o` output channels: 4 x 3, 2 x 6 or 1 x 8 (few shapes, few functions).
pub fn tile(o: usize) -> (usize, usize) {
    match [4, 2, 1].into_iter().find(|&b| o.is_multiple_of(b)).unwrap_or(1) {
        4 => (4, 3),
        2 => (2, 6),
        _ => (1, 8),
    }
}

/// Calls the shared pointwise function for tile shape (ocb, px), creating it on first use.
pub fn call<'ctx>(kb: &Kb<'_, 'ctx>, (ocb, px): (usize, usize), p: &PwPtrs<'ctx>, d: &PwDims) -> R<()> {
    let f = function(kb, ocb, px)?;
    let mut args: Vec<inkwell::values::BasicMetadataValueEnum> =
        [p.x, p.w, p.bias, p.rq.mult, p.rq.shift, p.out, p.other, p.addq].into_iter().map(Into::into).collect();
    let ints = [d.cg as i64, d.npix as i64, d.tiles as i64, d.out[0] as i64, d.out[1] as i64, d.out[2] as i64];
    args.extend(ints.into_iter().map(|v| inkwell::values::BasicMetadataValueEnum::from(kb.i(v))));
    kb.b.build_call(f, &args, "")?;
    Ok(())
}

/// The function: the int8 flavour's steps (`I8`) over a pointwise tile loop whose sizes are
/// run-time values.
fn function<'ctx>(kb: &Kb<'_, 'ctx>, ocb: usize, px: usize) -> R<FunctionValue<'ctx>> {
    let name = format!("hynas_pointwise_i8_{ocb}x{px}");
    if let Some(f) = kb.module.get_function(&name) {
        return Ok(f);
    }
    let i = kb.i32t;
    let mut params: Vec<inkwell::types::BasicMetadataTypeEnum> = (0..NPTR).map(|_| kb.ptr.into()).collect();
    params.extend((0..6).map(|_| inkwell::types::BasicMetadataTypeEnum::from(i)));
    let h = Kb::helper(kb.ctx, kb.module, &name, kb.ctx.void_type().fn_type(&params, false));
    let param = |k: u32| h.func.get_nth_param(k).ok_or_else(|| CodegenError::Llvm("pointwise param".into()));
    let ptr = |k: u32| param(k).map(|v| v.into_pointer_value());
    let int = |k: u32| param(NPTR + k).map(|v| v.into_int_value());
    let (x, w, bias, mult, shift, out, other, addq) =
        (ptr(0)?, ptr(1)?, ptr(2)?, ptr(3)?, ptr(4)?, ptr(5)?, ptr(6)?, ptr(7)?);
    let (cg, npix, tiles) = (int(0)?, int(1)?, int(2)?);
    let residual = Residual { other, add: AddQ::from_record(addq), when: Some(h.b.build_is_not_null(other, "")?) };
    // Raw sums everywhere (no window is clipped); `bias` is the folded table.
    let fl = I8::new(&[], (bias, bias), 0, RqTables { mult, shift }, out, [int(3)?, int(4)?, int(5)?], Some(residual));
    fl.begin(&h, ocb, px)?;
    let acc: Vec<_> = (0..ocb * px).map(|_| fl.slot(&h)).collect::<R<_>>()?;
    // One tile: channels oc0.. x npx pixels from p0.
    let tile = |ob: IntValue<'ctx>, p0: IntValue<'ctx>, npx: usize| -> R<()> {
        let oc0 = h.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            let init = fl.start(&h, h.add(oc0, h.i(q as i64))?, true)?;
            for j in 0..npx {
                fl.set(&h, acc[q * px + j], init)?;
            }
        }
        let wb = h.b.build_int_mul(ob, h.b.build_int_mul(cg, h.i(ocb as i64), "")?, "")?;
        h.for_dyn(h.i(0), cg, |ic| {
            let xrow = h.add(h.b.build_int_mul(ic, npix, "")?, p0)?;
            let wrow = h.add(wb, h.mul(ic, ocb as i64)?)?;
            let ws: Vec<_> = (0..ocb).map(|q| fl.load_w(&h, w, h.add(wrow, h.i(q as i64))?)).collect::<R<_>>()?;
            for j in 0..npx {
                let xv = fl.load_x(&h, x, h.add(xrow, h.i(j as i64))?, true)?;
                for q in 0..ocb {
                    let a = fl.get(&h, acc[q * px + j])?;
                    fl.set(&h, acc[q * px + j], fl.mac(&h, a, xv, ws[q])?)?;
                }
            }
            Ok(())
        })?;
        fl.store(&h, &acc, &TileAt { ocb, px, npx, oc0, plane: npix, at: p0 })
    };
    let blocks = h.b.build_int_unsigned_div(npix, h.i(px as i64), "")?;
    let done = h.mul(blocks, px as i64)?;
    h.for_dyn(h.i(0), tiles, |ob| {
        h.for_dyn(h.i(0), blocks, |bi| tile(ob, h.mul(bi, px as i64)?, px))?;
        h.for_dyn(done, npix, |p| tile(ob, p, 1))
    })?;
    h.b.build_return(None)?;
    Ok(h.func)
}
