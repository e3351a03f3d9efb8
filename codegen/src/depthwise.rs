//! Depthwise convolution (groups = in = out channels). It is the conv family's tile with one
//! channel per block: each tap's weight is loaded once and reused for PX = 4 neighbouring output
//! pixels; borders are checked, the interior is not (see `conv.rs`).

use crate::conv::{emit as emit_conv, ConvSpec};
use crate::kb::{Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::values::PointerValue;

pub fn emit<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: &ConvSpec,
    x: PointerValue<'ctx>,
    out: PointerValue<'ctx>,
    ep: &[Epilogue],
    extras: &[PointerValue<'ctx>],
) -> R<()> {
    debug_assert!(sp.groups == sp.c && sp.c == sp.o);
    emit_conv(kb, sp, x, out, ep, extras)
}
