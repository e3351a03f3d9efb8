//! The int8 pointwise convolution (1x1, stride 1, no padding, one group) as one never-inlined
//! function per module and tile shape, shared by every such layer: the hybrid models have dozens
//! of them (query, key and value projections, shortcuts, feed-forward layers) and a kernel each
//! made their code as large as their int8 weights. Shapes, tables and the output's parameters
//! are arguments; the pixels of a channel are one flat run (stride 1, no padding), tiled by OCB
//! channels x PX pixels as in `conv.rs`, the remainder one pixel at a time; the zero point is
//! folded into the bias (no window is clipped). A residual add runs when `other` is not null.
//!
//! Used for RISC-V targets only; host code keeps a kernel per layer (see `conv.rs`'s `fold_ok`).

use super::{rescale_run, AddQ, RqTables};
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
    let outq = [int(3)?, int(4)?, int(5)?];
    let acc: Vec<_> = (0..ocb * px).map(|_| h.slot_i32()).collect::<R<_>>()?;
    let tacc = h.scratch_i32(ocb * px)?;
    let has_other = h.b.build_is_not_null(other, "")?;
    let add = AddQ::from_record(addq);
    // One tile: channels oc0.. x npx pixels from p0.
    let tile = |ob: IntValue<'ctx>, p0: IntValue<'ctx>, npx: usize| -> R<()> {
        let oc0 = h.mul(ob, ocb as i64)?;
        for q in 0..ocb {
            let init = h.ld32(bias, h.add(oc0, h.i(q as i64))?)?;
            for j in 0..npx {
                h.b.build_store(acc[q * px + j], init)?;
            }
        }
        let wb = h.b.build_int_mul(ob, h.b.build_int_mul(cg, h.i(ocb as i64), "")?, "")?;
        h.for_dyn(h.i(0), cg, |ic| {
            let xrow = h.add(h.b.build_int_mul(ic, npix, "")?, p0)?;
            let wrow = h.add(wb, h.mul(ic, ocb as i64)?)?;
            let ws: Vec<_> = (0..ocb).map(|q| h.ld8(w, h.add(wrow, h.i(q as i64))?)).collect::<R<_>>()?;
            for j in 0..npx {
                let xv = h.ld8(x, h.add(xrow, h.i(j as i64))?)?;
                for q in 0..ocb {
                    let a = h.geti(acc[q * px + j])?;
                    h.b.build_store(acc[q * px + j], h.b.build_int_add(a, h.b.build_int_mul(xv, ws[q], "")?, "")?)?;
                }
            }
            Ok(())
        })?;
        for q in 0..ocb {
            for j in 0..npx {
                h.st32(tacc, h.i((q * px + j) as i64), h.geti(acc[q * px + j])?)?;
            }
        }
        h.for_range(0, ocb as i64, |q| {
            let oc = h.add(oc0, q)?;
            let tq = h.mul(q, px as i64)?;
            let (m, sh) = RqTables { mult, shift }.at(&h, oc)?;
            rescale_run(&h, h.gep_i32(tacc, tq)?, h.i(npx as i64), m, sh, outq)?;
            let base = h.add(h.b.build_int_mul(oc, npix, "")?, p0)?;
            h.for_range(0, npx as i64, |j| {
                let idx = h.add(base, j)?;
                let v = h.ld32(tacc, h.add(tq, j)?)?;
                h.if_else(has_other, || h.st8(out, idx, add.apply(&h, v, h.ld8(other, idx)?)?), || h.st8(out, idx, v))
            })
        })
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
