//! Numeric flavours of the shared tiled kernels: what a kernel's numbers are, apart from how it
//! walks them. A tiled kernel (the convolution of `conv.rs`) decides the tile shape, the weight
//! packing, the valid taps and where tiles go; its flavour supplies the element type in memory,
//! the accumulator's start, the multiply-accumulate and the epilogue that stores a tile, plus the
//! two numbers the cost model needs (registers and instructions per multiply-accumulate).
//!
//! `F32` (here) accumulates in FP registers with `fmuladd` and runs the fused epilogue per value;
//! the int8 flavour (`int8::conv::I8`) accumulates `x * w` in i32 from a bias with the input's zero
//! point folded in, and requantises a tile at a time. A vector flavour (`int8::conv::I8Lanes`, on
//! hosts with a SIMD unit) supplies vectors over `lanes` output channels and the same steps: a
//! tile of OCB channels keeps OCB / lanes values per pixel.

use crate::elementwise::epilogue;
use crate::kb::{const_data, const_row, Kb, R};
use hynas_ir::ops::Epilogue;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{IntValue, PointerValue, VectorValue};

/// A value kept in registers (a scalar or a vector): the conversion from a loaded value.
pub trait Value<'ctx>: Copy + inkwell::values::BasicValue<'ctx> {
    fn from_basic(v: inkwell::values::BasicValueEnum<'ctx>) -> Self;
}

/// A scalar value type kept in registers: its LLVM type, loads and stores of it.
pub trait Reg<'ctx>: Value<'ctx> {
    fn ty(kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx>;
    /// The value in `slot` (a slot of [`Reg::ty`]).
    fn get(kb: &Kb<'_, 'ctx>, slot: PointerValue<'ctx>) -> R<Self> {
        Ok(Self::from_basic(kb.b.build_load(Self::ty(kb), slot, "")?))
    }
    fn set(kb: &Kb<'_, 'ctx>, slot: PointerValue<'ctx>, v: Self) -> R<()> {
        kb.b.build_store(slot, v)?;
        Ok(())
    }
}

impl<'ctx> Value<'ctx> for inkwell::values::FloatValue<'ctx> {
    fn from_basic(v: inkwell::values::BasicValueEnum<'ctx>) -> Self {
        v.into_float_value()
    }
}

impl<'ctx> Reg<'ctx> for inkwell::values::FloatValue<'ctx> {
    fn ty(kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.f32t.into()
    }
}

impl<'ctx> Value<'ctx> for IntValue<'ctx> {
    fn from_basic(v: inkwell::values::BasicValueEnum<'ctx>) -> Self {
        v.into_int_value()
    }
}

impl<'ctx> Reg<'ctx> for IntValue<'ctx> {
    fn ty(kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.i32t.into()
    }
}

impl<'ctx> Value<'ctx> for VectorValue<'ctx> {
    fn from_basic(v: inkwell::values::BasicValueEnum<'ctx>) -> Self {
        v.into_vector_value()
    }
}

/// Where a tile's sums go: the sums of channel `oc0 + q`, pixel `j` are in `sums[q * px + j]`
/// (q < ocb, j < npx) and go to output index `(oc0 + q) * plane + at + j`. For a flavour of
/// `L` lanes, `sums[v * px + j]` holds the sums of channels `oc0 + v * L ..` (v < ocb / L).
pub struct TileAt<'ctx> {
    pub ocb: usize,
    pub px: usize,
    pub npx: usize,
    pub oc0: IntValue<'ctx>,
    pub plane: IntValue<'ctx>,
    pub at: IntValue<'ctx>,
}

/// The numeric steps of a tiled multiply-accumulate kernel.
pub trait Flavour<'ctx> {
    /// A value in registers (a sum, a weight, an input).
    type V: Value<'ctx>;
    /// Output channels one value holds (1 for a scalar flavour): a tile of OCB channels keeps
    /// OCB / lanes values per pixel, a tap's weights load as that many values, an input is
    /// broadcast to every lane.
    fn lanes(&self) -> usize {
        1
    }
    /// The type of [`Flavour::V`].
    fn vty(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx>;
    /// Registers a tile may fill with its sums, one tap's weights and the input columns of a
    /// kernel row while `rows` row pointers are live (the rest hold pointers and counters).
    fn regs(&self, rows: usize) -> usize;
    /// Instructions of one multiply-accumulate (of a whole value).
    fn mac_cost(&self) -> f64;
    /// Instructions of one input load (`raw`: for a tile that sums raw inputs).
    fn load_cost(&self, raw: bool) -> f64;
    /// Instructions to store a tile of `ocb` channels x `px` pixels.
    fn store_cost(&self, ocb: usize, px: usize) -> f64;
    /// The type of inputs in memory.
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx>;
    /// Called once per kernel with the chosen tile, before any other step.
    fn begin(&self, kb: &Kb<'_, 'ctx>, ocb: usize, px: usize) -> R<()>;
    /// The weights as a module constant, element `i` being weight `order[i]` of the original
    /// [O][C/g][k][k] layout.
    fn weights(&self, kb: &Kb<'_, 'ctx>, order: &[usize]) -> R<PointerValue<'ctx>>;
    /// A constant row of `n` inputs holding the padding value.
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, n: usize) -> PointerValue<'ctx>;
    /// Whether a tile whose every tap lies inside the input (or on padding rows) may sum raw
    /// inputs from [`Flavour::start`] with `raw` (the int8 flavour: the zero point folded into
    /// the bias).
    fn raw_ok(&self) -> bool;
    /// A sum's slot (promoted to a register).
    fn slot(&self, kb: &Kb<'_, 'ctx>) -> R<PointerValue<'ctx>> {
        kb.slot_of(self.vty(kb))
    }
    fn get(&self, kb: &Kb<'_, 'ctx>, slot: PointerValue<'ctx>) -> R<Self::V> {
        Ok(Self::V::from_basic(kb.b.build_load(self.vty(kb), slot, "")?))
    }
    fn set(&self, kb: &Kb<'_, 'ctx>, slot: PointerValue<'ctx>, v: Self::V) -> R<()> {
        kb.b.build_store(slot, v)?;
        Ok(())
    }
    /// The sums' start for output channel `oc` (its bias); `raw`: the tile sums raw inputs.
    fn start(&self, kb: &Kb<'_, 'ctx>, oc: IntValue<'ctx>, raw: bool) -> R<Self::V>;
    /// The input at `p[idx]` (`p` may point outside its buffer; the element read is inside).
    fn load_x(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, raw: bool) -> R<Self::V>;
    /// The packed weight at `w[idx]`.
    fn load_w(&self, kb: &Kb<'_, 'ctx>, w: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V>;
    /// `acc + x * w`.
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, x: Self::V, w: Self::V) -> R<Self::V>;
    /// Stores a tile (see [`TileAt`]) from its sums' slots.
    fn store(&self, kb: &Kb<'_, 'ctx>, sums: &[PointerValue<'ctx>], t: &TileAt<'ctx>) -> R<()>;
}

/// f32: FP registers, `fmuladd`, the fused epilogue per value.
pub struct F32<'a, 'ctx> {
    pub weight: &'a [f32],
    pub bias: Option<&'a [f32]>,
    pub out: PointerValue<'ctx>,
    pub ep: &'a [Epilogue],
    pub extras: &'a [PointerValue<'ctx>],
    /// The bias as a module constant, made on first use.
    bias_g: std::cell::Cell<Option<PointerValue<'ctx>>>,
}

impl<'a, 'ctx> F32<'a, 'ctx> {
    pub fn new(
        weight: &'a [f32],
        bias: Option<&'a [f32]>,
        out: PointerValue<'ctx>,
        ep: &'a [Epilogue],
        extras: &'a [PointerValue<'ctx>],
    ) -> Self {
        F32 { weight, bias, out, ep, extras, bias_g: Default::default() }
    }
}

/// FP registers a tile may use (of 32; one or two stay free for the scheduler).
const FP_REGS: usize = 30;

impl<'ctx> Flavour<'ctx> for F32<'_, 'ctx> {
    type V = inkwell::values::FloatValue<'ctx>;
    fn vty(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.f32t.into()
    }
    fn regs(&self, _rows: usize) -> usize {
        FP_REGS
    }
    fn mac_cost(&self) -> f64 {
        1.0
    }
    fn load_cost(&self, _raw: bool) -> f64 {
        1.0
    }
    fn store_cost(&self, ocb: usize, px: usize) -> f64 {
        (3 * ocb * px) as f64
    }
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.f32t.into()
    }
    fn begin(&self, kb: &Kb<'_, 'ctx>, _ocb: usize, _px: usize) -> R<()> {
        let b = self.bias.map(|b| const_data(kb.ctx, kb.module, "conv_b", b).as_pointer_value());
        self.bias_g.set(b);
        Ok(())
    }
    fn weights(&self, kb: &Kb<'_, 'ctx>, order: &[usize]) -> R<PointerValue<'ctx>> {
        let w: Vec<f32> = order.iter().map(|&i| self.weight[i]).collect();
        Ok(const_data(kb.ctx, kb.module, "conv_w", &w).as_pointer_value())
    }
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, n: usize) -> PointerValue<'ctx> {
        const_row(kb, n, 0.0)
    }
    fn raw_ok(&self) -> bool {
        false
    }
    fn start(&self, kb: &Kb<'_, 'ctx>, oc: IntValue<'ctx>, _raw: bool) -> R<Self::V> {
        match self.bias_g.get() {
            Some(b) => kb.load(b, oc),
            None => Ok(kb.f(0.0)),
        }
    }
    fn load_x(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, _raw: bool) -> R<Self::V> {
        kb.load_wrapping(p, idx)
    }
    fn load_w(&self, kb: &Kb<'_, 'ctx>, w: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        kb.load(w, idx)
    }
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, x: Self::V, w: Self::V) -> R<Self::V> {
        kb.fmuladd(x, w, acc)
    }
    fn store(&self, kb: &Kb<'_, 'ctx>, sums: &[PointerValue<'ctx>], t: &TileAt<'ctx>) -> R<()> {
        let TileAt { ocb, px, npx, oc0, plane, at } = *t;
        for q in 0..ocb {
            let oc = kb.add(oc0, kb.i(q as i64))?;
            let base = kb.add(kb.b.build_int_nsw_mul(oc, plane, "")?, at)?;
            for j in 0..npx {
                let idx = kb.add(base, kb.i(j as i64))?;
                let v = epilogue(kb, self.ep, self.extras, idx, kb.get(sums[q * px + j])?)?;
                kb.store(self.out, idx, v)?;
            }
        }
        Ok(())
    }
}
