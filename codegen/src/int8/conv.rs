//! Integer multiply-accumulate kernels: convolution (any groups, depthwise included; a linear
//! layer is a convolution of 1 x 1 images) and matmul. `acc = bias + sum (x - x_zero_point) * w`
//! in i32, rescaled per output channel.
//!
//! The convolution is the tiled kernel of `crate::conv` in the int8 flavour [`I8`]: i8 inputs
//! and weights sign-extended into i32 sums (the sums, one tap's weights, the inputs of a kernel
//! row and the row pointers share RV32's integer registers), `mul` + `add` per tap. Padding is
//! the input's zero point (the pad row holds it), so a tile whose every tap lies inside the
//! input or on padding rows sums raw `x * w` from a bias with `zx * sum(w)` folded in (the same
//! integer); a tile with clipped columns sums `(x - zx) * w` over its valid taps from the bias.
//! Each tile's sums are then rescaled (and, for a fused residual add, added to the other
//! operand) by a loop over the tile, through shared never-inlined helpers.
//!
//! Host code on a SIMD unit uses [`I8Lanes`], the same kernel with vectors over output channels
//! (where the lanes divide a group's outputs; depthwise layers stay scalar).

use super::pointwise::{self, PwDims, PwPtrs};
use super::{finish_dyn, mbqm, out_args, rescale_run, AddQ, Operands, OutQ, RqTables};
use crate::conv::{ConvSpec, Schedule};
use crate::flavour::{Flavour, TileAt};
use crate::kb::{const_i32, const_i8, const_once, Kb, R};
use crate::CodegenError;
use hynas_ir::dtype::Requant;
use hynas_ir::Quant;
use inkwell::types::{BasicTypeEnum, IntType};
use inkwell::values::{IntValue, PointerValue, VectorValue};

/// Per-output-channel rescalings: input scale x weight scale / output scale.
fn channel_requants(qx: &Quant, qw: &Quant, outs: usize, s_out: f64) -> Vec<Requant> {
    (0..outs).map(|c| Requant::new(qx.scale_at(0) as f64 * qw.scale_at(c) as f64 / s_out)).collect()
}

/// The bias table (zeros without a bias).
fn bias_table(ops: &Operands, outs: usize) -> R<Vec<i32>> {
    Ok(if ops.ids.len() > 2 { ops.konst(2)?.data.clone() } else { vec![0; outs] })
}

/// A residual add fused after the convolution: the other operand (read at the index written,
/// so the result may overwrite it) and the add's parameters.
pub struct Residual<'ctx> {
    pub other: PointerValue<'ctx>,
    pub add: AddQ<'ctx>,
    /// A run-time condition for the add (the shared pointwise function: `other` is not null).
    pub when: Option<IntValue<'ctx>>,
}

/// Integer registers a tile's sums, weights and inputs may take: RV32 has 27 to allocate (x0,
/// sp, gp, tp excluded); the row pointers, the weight pointer and the channel count are live
/// beside them (fitted on the bench models: a product or an input may wait in a spill).
const INT_REGS: usize = 27;

/// The int8 flavour of the tiled kernels.
pub struct I8<'a, 'ctx> {
    /// Weights in the [O][C/g][k][k] layout (empty where the kernel receives them packed).
    pub weight: &'a [i32],
    /// Bias tables: as given, and with `zx * sum(w)` subtracted (for raw sums).
    pub bias: PointerValue<'ctx>,
    pub folded: PointerValue<'ctx>,
    /// The input's zero point (also the padding value).
    pub zx: i32,
    /// The weights' zero point (0 but for a matmul's second activation).
    pub zw: i32,
    pub rq: RqTables<'ctx>,
    pub out: PointerValue<'ctx>,
    /// The output's zero point and clamp ([`out_args`], or run-time values).
    pub outq: [IntValue<'ctx>; 3],
    pub residual: Option<Residual<'ctx>>,
    /// The tile's sums spilled for rescaling, made by `begin`.
    tacc: std::cell::Cell<Option<PointerValue<'ctx>>>,
}

impl<'a, 'ctx> I8<'a, 'ctx> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        weight: &'a [i32],
        (bias, folded): (PointerValue<'ctx>, PointerValue<'ctx>),
        zx: i32,
        rq: RqTables<'ctx>,
        out: PointerValue<'ctx>,
        outq: [IntValue<'ctx>; 3],
        residual: Option<Residual<'ctx>>,
    ) -> Self {
        I8 { weight, bias, folded, zx, zw: 0, rq, out, outq, residual, tacc: Default::default() }
    }
}

impl<'ctx> Flavour<'ctx> for I8<'_, 'ctx> {
    type V = IntValue<'ctx>;
    fn vty(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.i32t.into()
    }
    fn regs(&self, rows: usize) -> usize {
        INT_REGS.saturating_sub(rows + 2)
    }
    fn mac_cost(&self) -> f64 {
        2.0
    }
    fn load_cost(&self, raw: bool) -> f64 {
        // A load, and the zero point subtracted unless the sums are raw.
        if raw {
            1.0
        } else {
            2.0
        }
    }
    fn store_cost(&self, ocb: usize, px: usize) -> f64 {
        // Spill, rescale loop and store per value; a rescaling call per channel.
        (30 * ocb * px + 15 * ocb) as f64
    }
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.ctx.i8_type().into()
    }
    fn begin(&self, kb: &Kb<'_, 'ctx>, ocb: usize, px: usize) -> R<()> {
        self.tacc.set(Some(kb.scratch_i32(ocb * px)?));
        Ok(())
    }
    fn weights(&self, kb: &Kb<'_, 'ctx>, order: &[usize]) -> R<PointerValue<'ctx>> {
        let w: Vec<i32> =
            order.iter().map(|&i| self.weight.get(i).copied()).collect::<Option<_>>().ok_or_else(|| {
                CodegenError::Llvm(format!("int8 weights: {} of {} values", self.weight.len(), order.len()))
            })?;
        Ok(const_i8(kb.ctx, kb.module, "w8", &w).as_pointer_value())
    }
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, n: usize) -> PointerValue<'ctx> {
        let name = format!("hynas_pad_row_i8_{n}_{}", self.zx as u8);
        const_once(kb, &name, || const_i8(kb.ctx, kb.module, &name, &vec![self.zx; n]))
    }
    fn raw_ok(&self) -> bool {
        true
    }
    fn start(&self, kb: &Kb<'_, 'ctx>, oc: IntValue<'ctx>, raw: bool) -> R<Self::V> {
        kb.ld32(if raw { self.folded } else { self.bias }, oc)
    }
    fn load_x(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, raw: bool) -> R<Self::V> {
        let i8t = kb.ctx.i8_type();
        // SAFETY: a plain GEP is defined for any index; the element read is inside the buffer.
        let at = unsafe { kb.b.build_gep(i8t, p, &[idx], "")? };
        let v = kb.b.build_load(i8t, at, "")?.into_int_value();
        let v = kb.b.build_int_s_extend(v, kb.i32t, "")?;
        Ok(if raw { v } else { kb.b.build_int_sub(v, kb.i(self.zx as i64), "")? })
    }
    fn load_w(&self, kb: &Kb<'_, 'ctx>, w: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        let v = kb.ld8(w, idx)?;
        Ok(if self.zw == 0 { v } else { kb.b.build_int_sub(v, kb.i(self.zw as i64), "")? })
    }
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, x: Self::V, w: Self::V) -> R<Self::V> {
        Ok(kb.b.build_int_add(acc, kb.b.build_int_mul(x, w, "")?, "")?)
    }
    fn store(&self, kb: &Kb<'_, 'ctx>, sums: &[PointerValue<'ctx>], t: &TileAt<'ctx>) -> R<()> {
        let TileAt { ocb, px, npx, oc0, plane, at } = *t;
        let tacc = self.tacc()?;
        for q in 0..ocb {
            for j in 0..npx {
                kb.st32(tacc, kb.i((q * px + j) as i64), kb.geti(sums[q * px + j])?)?;
            }
        }
        kb.for_range(0, ocb as i64, |q| {
            let oc = kb.add(oc0, q)?;
            let (m, sh) = self.rq.at(kb, oc)?;
            let base = kb.add(kb.b.build_int_nsw_mul(oc, plane, "")?, at)?;
            let tq = kb.mul(q, px as i64)?;
            rescale_run(kb, kb.gep_i32(tacc, tq)?, kb.i(npx as i64), m, sh, self.outq)?;
            kb.for_range(0, npx as i64, |j| {
                let idx = kb.add(base, j)?;
                let v = kb.ld32(tacc, kb.add(tq, j)?)?;
                match &self.residual {
                    None => kb.st8(self.out, idx, v),
                    Some(r) => {
                        let added = || kb.st8(self.out, idx, r.add.apply(kb, v, kb.ld8(r.other, idx)?)?);
                        match r.when {
                            None => added(),
                            Some(c) => kb.if_else(c, added, || kb.st8(self.out, idx, v)),
                        }
                    }
                }
            })
        })
    }
}

impl<'ctx> I8<'_, 'ctx> {
    /// The tile's sums spilled for rescaling (made by `begin`).
    fn tacc(&self) -> R<PointerValue<'ctx>> {
        self.tacc.get().ok_or_else(|| CodegenError::Llvm("int8 tile stored before begin".into()))
    }
}

/// The int8 flavour over `lanes` output channels per value, for a host with a SIMD unit: the
/// sums of a tile's pixel are i32 vectors, a tap's weights for `lanes` channels one sign-extended
/// vector load (the packed layout keeps them contiguous), an input broadcast to every lane; the
/// same integers as [`I8`], rescaled (and a residual added) a vector at a time by the same
/// arithmetic ([`mbqm`], [`finish_dyn`], [`AddQ`], generic over scalars and vectors), then
/// stored lane by lane (the lanes are channels, a plane apart).
pub struct I8Lanes<'a, 'ctx> {
    pub scalar: I8<'a, 'ctx>,
    pub lanes: u32,
    /// Vector registers a tile may fill.
    pub regs: usize,
}

impl<'ctx> I8Lanes<'_, 'ctx> {
    /// `lanes` values of type `elem` from `p[idx]` (unaligned).
    fn load_vec(
        &self,
        kb: &Kb<'_, 'ctx>,
        elem: IntType<'ctx>,
        p: PointerValue<'ctx>,
        idx: IntValue<'ctx>,
    ) -> R<VectorValue<'ctx>> {
        // SAFETY: as in `Kb::ld32`: the packed weights and bias tables hold every lane read.
        let at = unsafe { kb.b.build_in_bounds_gep(elem, p, &[idx], "")? };
        let v = kb.b.build_load(elem.vec_type(self.lanes), at, "")?.into_vector_value();
        if let Some(i) = v.as_instruction() {
            i.set_alignment(1).map_err(|e| CodegenError::Llvm(e.to_string()))?;
        }
        Ok(v)
    }

    /// `v` in every lane.
    fn splat(&self, kb: &Kb<'_, 'ctx>, v: IntValue<'ctx>) -> R<VectorValue<'ctx>> {
        let vt = kb.i32t.vec_type(self.lanes);
        let one = kb.b.build_insert_element(vt.get_poison(), v, kb.i(0), "")?;
        Ok(kb.b.build_shuffle_vector(one, vt.get_poison(), vt.const_zero(), "")?)
    }
}

impl<'ctx> Flavour<'ctx> for I8Lanes<'_, 'ctx> {
    type V = VectorValue<'ctx>;
    fn lanes(&self) -> usize {
        self.lanes as usize
    }
    fn vty(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.i32t.vec_type(self.lanes).into()
    }
    fn regs(&self, _rows: usize) -> usize {
        // The row pointers live in integer registers.
        self.regs
    }
    fn mac_cost(&self) -> f64 {
        2.0
    }
    fn load_cost(&self, raw: bool) -> f64 {
        // A load and a broadcast, and the zero point subtracted unless the sums are raw.
        self.scalar.load_cost(raw) + 1.0
    }
    fn store_cost(&self, ocb: usize, px: usize) -> f64 {
        // A vector spilled and rescaled per value (~30 instructions), each lane extracted and
        // stored.
        (30 * ocb / self.lanes as usize * px + 2 * ocb * px) as f64
    }
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        self.scalar.elem(kb)
    }
    fn begin(&self, kb: &Kb<'_, 'ctx>, ocb: usize, px: usize) -> R<()> {
        self.scalar.begin(kb, ocb, px)
    }
    fn weights(&self, kb: &Kb<'_, 'ctx>, order: &[usize]) -> R<PointerValue<'ctx>> {
        self.scalar.weights(kb, order)
    }
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, n: usize) -> PointerValue<'ctx> {
        self.scalar.pad_row(kb, n)
    }
    fn raw_ok(&self) -> bool {
        self.scalar.raw_ok()
    }
    fn start(&self, kb: &Kb<'_, 'ctx>, oc: IntValue<'ctx>, raw: bool) -> R<Self::V> {
        let s = &self.scalar;
        self.load_vec(kb, kb.i32t, if raw { s.folded } else { s.bias }, oc)
    }
    fn load_x(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>, raw: bool) -> R<Self::V> {
        self.splat(kb, self.scalar.load_x(kb, p, idx, raw)?)
    }
    fn load_w(&self, kb: &Kb<'_, 'ctx>, w: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        let v = self.load_vec(kb, kb.ctx.i8_type(), w, idx)?;
        let v = kb.b.build_int_s_extend(v, kb.i32t.vec_type(self.lanes), "")?;
        Ok(match self.scalar.zw {
            0 => v,
            zw => kb.b.build_int_sub(v, self.splat(kb, kb.i(zw as i64))?, "")?,
        })
    }
    fn mac(&self, kb: &Kb<'_, 'ctx>, acc: Self::V, x: Self::V, w: Self::V) -> R<Self::V> {
        Ok(kb.b.build_int_add(acc, kb.b.build_int_mul(x, w, "")?, "")?)
    }
    fn store(&self, kb: &Kb<'_, 'ctx>, sums: &[PointerValue<'ctx>], t: &TileAt<'ctx>) -> R<()> {
        let (lanes, &TileAt { ocb, px, npx, oc0, plane, at }) = (self.lanes as usize, t);
        let (s, b) = (&self.scalar, &kb.b);
        let tacc = s.tacc()?;
        // The tile's sums as [value][pixel] vectors, rescaled and stored by a shared helper.
        for v in 0..ocb / lanes {
            for j in 0..npx {
                let at = kb.gep_i32(tacc, kb.i(((v * px + j) * lanes) as i64))?;
                let st = b.build_store(at, self.get(kb, sums[v * px + j])?)?;
                st.set_alignment(4).map_err(|e| CodegenError::Llvm(e.to_string()))?;
            }
        }
        let null = kb.ptr.const_null();
        let (other, addq) = s.residual.as_ref().map_or((null, null), |r| (r.other, r.add.record()));
        for v in 0..ocb / lanes {
            let oc = kb.add(oc0, kb.i((v * lanes) as i64))?;
            // SAFETY: the shift table has an entry per output channel, `oc` among them.
            let shift = unsafe { b.build_in_bounds_gep(kb.ctx.i8_type(), s.rq.shift, &[oc], "")? };
            let ptrs = [
                kb.gep_i32(tacc, kb.i((v * px * lanes) as i64))?,
                kb.gep_i32(s.rq.mult, oc)?,
                shift,
                s.out,
                other,
                addq,
            ];
            let base = kb.add(b.build_int_nsw_mul(oc, plane, "")?, at)?;
            let [zp, lo, hi] = s.outq;
            self.rescale(kb, ptrs, [kb.i(npx as i64), base, plane, zp, lo, hi])?;
        }
        Ok(())
    }
}

impl<'ctx> I8Lanes<'_, 'ctx> {
    /// Rescales `n` sum vectors and stores them, through one never-inlined helper per module and
    /// lane count (its ~100 instructions would otherwise be copied into every tile variant):
    /// pointers (sums, the channels' multipliers and shifts, output, residual operand or null,
    /// residual add record or null) and values (n, output index of lane 0 of the first vector,
    /// the plane between lanes, output zero point and clamp). Vector `j`, lane `l` goes to
    /// output index `base + j + l * plane`.
    fn rescale(&self, kb: &Kb<'_, 'ctx>, ptrs: [PointerValue<'ctx>; 6], vals: [IntValue<'ctx>; 6]) -> R<()> {
        let name = format!("hynas_rescale_lanes{}_i8", self.lanes);
        let f = match kb.module.get_function(&name) {
            Some(f) => f,
            None => {
                let mut params: Vec<inkwell::types::BasicMetadataTypeEnum> = vec![kb.ptr.into(); 6];
                params.extend([inkwell::types::BasicMetadataTypeEnum::from(kb.i32t); 6]);
                let h = Kb::helper(kb.ctx, kb.module, &name, kb.ctx.void_type().fn_type(&params, false));
                self.rescale_body(&h)?;
                h.b.build_return(None)?;
                h.func
            }
        };
        let args: Vec<inkwell::values::BasicMetadataValueEnum> =
            ptrs.iter().map(|&p| p.into()).chain(vals.iter().map(|&v| v.into())).collect();
        kb.b.build_call(f, &args, "")?;
        Ok(())
    }

    /// The body of [`I8Lanes::rescale`]'s helper, built in `h`.
    fn rescale_body(&self, h: &Kb<'_, 'ctx>) -> R<()> {
        let (lanes, b) = (self.lanes as usize, &h.b);
        let p = |k: u32| h.func.get_nth_param(k).ok_or_else(|| CodegenError::Llvm("rescale_lanes param".into()));
        let ptr = |k: u32| p(k).map(|v| v.into_pointer_value());
        let val = |k: u32| p(k).map(|v| v.into_int_value());
        let (sums, mult, shift, out, other, addq) = (ptr(0)?, ptr(1)?, ptr(2)?, ptr(3)?, ptr(4)?, ptr(5)?);
        let (n, base, plane) = (val(6)?, val(7)?, val(8)?);
        let (zp, lo, hi) = (self.splat(h, val(9)?)?, self.splat(h, val(10)?)?, self.splat(h, val(11)?)?);
        let mult = self.load_vec(h, h.i32t, mult, h.i(0))?;
        let shift =
            b.build_int_s_extend(self.load_vec(h, h.ctx.i8_type(), shift, h.i(0))?, h.i32t.vec_type(self.lanes), "")?;
        let has_other = b.build_is_not_null(other, "")?;
        let add = super::AddQ::from_record(addq);
        h.for_dyn(h.i(0), n, |j| {
            let sum = self.load_vec(h, h.i32t, sums, h.mul(j, lanes as i64)?)?;
            let y = finish_dyn(h, mbqm(h, sum, mult, shift)?, zp, lo, hi)?;
            let at = h.add(base, j)?;
            let idx = |l: usize| h.add(at, b.build_int_nsw_mul(h.i(l as i64), plane, "")?);
            let put = |y: VectorValue<'ctx>| -> R<()> {
                for l in 0..lanes {
                    h.st8(out, idx(l)?, b.build_extract_element(y, h.i(l as i64), "")?.into_int_value())?;
                }
                Ok(())
            };
            let added = || {
                let mut o = h.i32t.vec_type(self.lanes).get_poison();
                for l in 0..lanes {
                    o = b.build_insert_element(o, h.ld8(other, idx(l)?)?, h.i(l as i64), "")?;
                }
                put(add.apply_lanes(h, y, o, &|c| self.splat(h, c))?)
            };
            h.if_else(has_other, added, || put(y))
        })
    }
}

/// A convolution or linear layer (`sp`) in the int8 flavour: input parameters `qx`, output `oq`
/// and `outq` (of the convolution itself when a residual add follows).
#[allow(clippy::too_many_arguments)]
pub fn conv<'ctx>(
    kb: &Kb<'_, 'ctx>,
    sp: ConvSpec,
    qx: &Quant,
    ops: &Operands<'_, 'ctx>,
    oq: &Quant,
    outq: OutQ,
    residual: Option<Residual<'ctx>>,
    schedule: Schedule,
) -> R<String> {
    let (o, cgkk) = (sp.o, sp.c / sp.groups * sp.k * sp.k);
    let wdata = &ops.konst(1)?.data;
    // Raw sums from `bias - zx * sum(w)` (the same integer as the sum of (x - zx) * w).
    let zx = qx.zero_point;
    let bias = bias_table(ops, o)?;
    let folded: Vec<i32> = (0..o)
        .map(|oc| {
            let sw: i32 = wdata[oc * cgkk..(oc + 1) * cgkk].iter().sum();
            bias[oc].wrapping_sub(zx.wrapping_mul(sw))
        })
        .collect();
    let folded_g = const_i32(kb.ctx, kb.module, "b32z", &folded).as_pointer_value();
    let bias_g = const_i32(kb.ctx, kb.module, "b32", &bias).as_pointer_value();
    let rqt = RqTables::new(kb, &channel_requants(qx, ops.quant(1)?, o, oq.scale_at(0) as f64));
    let x = ops.act(0)?;
    let out = kb.param(0);
    // One shared function for every pointwise layer on RISC-V (code size); host code keeps a
    // kernel per layer (speed).
    if kb.riscv() && schedule == Schedule::Tuned && sp.is_pointwise() && sp.groups == 1 {
        let null = kb.ptr.const_null();
        let (other, addq) = residual.map_or((null, null), |r| (r.other, r.add.record()));
        let (ocb, px) = pointwise::tile(o);
        let fl = I8::new(wdata, (bias_g, folded_g), zx, rqt, out, out_args(kb, outq), None);
        let wt = fl.weights(kb, &crate::conv::packing(&sp, ocb))?;
        let ptrs = PwPtrs { x, w: wt, bias: folded_g, rq: rqt, out, other, addq };
        let dims = PwDims { cg: sp.c, npix: sp.oh * sp.ow, tiles: o / ocb, out: [outq.zp, outq.lo, outq.hi] };
        pointwise::call(kb, (ocb, px), &ptrs, &dims)?;
        return Ok(format!("int8 tile {ocb}x{px}, shared pointwise function"));
    }
    let fl = I8::new(wdata, (bias_g, folded_g), zx, rqt, out, out_args(kb, outq), residual);
    // Host code with a SIMD unit: vectors over the output channels where they divide a group's.
    let (lanes, regs) = crate::host_simd();
    let og = sp.o / sp.groups;
    let lanes = [lanes, lanes / 2, lanes / 4].into_iter().find(|&l| l >= 4 && og.is_multiple_of(l));
    match lanes {
        Some(l) if !kb.riscv() && schedule == Schedule::Tuned => {
            let fl = I8Lanes { scalar: fl, lanes: l as u32, regs };
            crate::conv::emit(kb, &sp, &fl, x, schedule).map(|n| format!("int8 {l} lanes, {n}"))
        }
        _ => crate::conv::emit(kb, &sp, &fl, x, schedule).map(|n| format!("int8 {n}")),
    }
}

/// A matmul of activations A (parameters `qa`) and B (`qb`; an activation or a constant) in the
/// int8 flavour: `sum (a - za) * (b - zb)`, rescaled once.
#[allow(clippy::too_many_arguments)]
pub fn matmul<'ctx>(
    kb: &Kb<'_, 'ctx>,
    ad: &[usize],
    bd: &[usize],
    qa: &Quant,
    qb: &Quant,
    ops: &Operands<'_, 'ctx>,
    s_out: f64,
    outq: OutQ,
) -> R<()> {
    let b = match ops.consts.get(1).copied().flatten() {
        Some(t) => const_i8(kb.ctx, kb.module, "mm8", &t.data).as_pointer_value(),
        None => ops.act(1)?,
    };
    let rq = RqTables::new(kb, &[Requant::new(qa.scale_at(0) as f64 * qb.scale_at(0) as f64 / s_out)]);
    let zero = const_i32(kb.ctx, kb.module, "b32", &[0]).as_pointer_value();
    let mut fl = I8::new(&[], (zero, zero), qa.zero_point, rq, kb.param(0), out_args(kb, outq), None);
    fl.zw = qb.zero_point;
    crate::dense::matmul(kb, &fl, crate::dense::matmul_dims(ad, bd), ops.act(0)?, b)
}
