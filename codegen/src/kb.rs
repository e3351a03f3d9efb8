//! Kernel-building helpers over inkwell: counted loops, typed loads and stores with constant or
//! runtime indices, `fmuladd`, constant data, and the `no-builtins` attribute.
//!
//! Every kernel sees compile-time shapes, so loops have constant trip counts and LLVM is free to
//! unroll, and (later) tile and vectorise them.

use crate::CodegenError;
use inkwell::attributes::AttributeLoc;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicType, BasicTypeEnum, FloatType, IntType, PointerType};
use inkwell::values::{FloatValue, FunctionValue, GlobalValue, IntValue, PointerValue};
use inkwell::AddressSpace;

pub type R<T> = Result<T, CodegenError>;

impl From<inkwell::builder::BuilderError> for CodegenError {
    fn from(e: inkwell::builder::BuilderError) -> Self {
        CodegenError::Llvm(e.to_string())
    }
}

pub struct Kb<'a, 'ctx> {
    pub ctx: &'ctx Context,
    pub module: &'a Module<'ctx>,
    pub b: Builder<'ctx>,
    pub func: FunctionValue<'ctx>,
    pub f32t: FloatType<'ctx>,
    pub i32t: IntType<'ctx>,
    pub ptr: PointerType<'ctx>,
    /// Block for allocas (the function's first block).
    entry: inkwell::basic_block::BasicBlock<'ctx>,
}

/// Marks a function as bare-metal safe: LLVM must not turn loops into `memset`/`memcpy` calls.
pub fn no_builtins(ctx: &Context, f: FunctionValue) {
    f.add_attribute(AttributeLoc::Function, ctx.create_string_attribute("no-builtins", ""));
    f.add_attribute(AttributeLoc::Function, ctx.create_string_attribute("no-trapping-math", "true"));
}

impl<'a, 'ctx> Kb<'a, 'ctx> {
    /// A new internal function `name(ptr x n_ptrs) -> void` positioned at its entry.
    pub fn new(ctx: &'ctx Context, module: &'a Module<'ctx>, name: &str, n_ptrs: usize, noalias: &[bool]) -> Self {
        let ptr = ctx.ptr_type(AddressSpace::default());
        let params: Vec<_> = (0..n_ptrs).map(|_| ptr.into()).collect();
        let ft = ctx.void_type().fn_type(&params, false);
        let func = module.add_function(name, ft, Some(Linkage::Internal));
        no_builtins(ctx, func);
        let na = inkwell::attributes::Attribute::get_named_enum_kind_id("noalias");
        for (i, &n) in noalias.iter().enumerate() {
            if n {
                func.add_attribute(AttributeLoc::Param(i as u32), ctx.create_enum_attribute(na, 0));
            }
        }
        let entry = ctx.append_basic_block(func, "entry");
        let b = ctx.create_builder();
        b.position_at_end(entry);
        Kb { ctx, module, b, func, f32t: ctx.f32_type(), i32t: ctx.i32_type(), ptr, entry }
    }

    /// A new internal, never-inlined function of type `ft` positioned at its entry (a helper
    /// shared by kernels, to keep code size down).
    pub fn helper(
        ctx: &'ctx Context,
        module: &'a Module<'ctx>,
        name: &str,
        ft: inkwell::types::FunctionType<'ctx>,
    ) -> Self {
        let func = module.add_function(name, ft, Some(Linkage::Internal));
        no_builtins(ctx, func);
        let ni = inkwell::attributes::Attribute::get_named_enum_kind_id("noinline");
        func.add_attribute(AttributeLoc::Function, ctx.create_enum_attribute(ni, 0));
        let entry = ctx.append_basic_block(func, "entry");
        let b = ctx.create_builder();
        b.position_at_end(entry);
        let ptr = ctx.ptr_type(AddressSpace::default());
        Kb { ctx, module, b, func, f32t: ctx.f32_type(), i32t: ctx.i32_type(), ptr, entry }
    }

    pub fn param(&self, i: usize) -> PointerValue<'ctx> {
        // Invariant: kernels are created with as many pointer parameters as they read.
        self.func.get_nth_param(i as u32).expect("kernel parameter").into_pointer_value()
    }

    pub fn i(&self, v: i64) -> IntValue<'ctx> {
        self.i32t.const_int(v as u64, true)
    }

    pub fn f(&self, v: f32) -> FloatValue<'ctx> {
        self.f32t.const_float(v as f64)
    }

    pub fn add(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        Ok(self.b.build_int_nsw_add(a, b, "")?)
    }

    pub fn mul(&self, a: IntValue<'ctx>, c: i64) -> R<IntValue<'ctx>> {
        Ok(self.b.build_int_nsw_mul(a, self.i(c), "")?)
    }

    /// a * c + d for a runtime `a` and constants c, d.
    pub fn affine(&self, a: IntValue<'ctx>, c: i64, d: i64) -> R<IntValue<'ctx>> {
        let m = self.mul(a, c)?;
        self.add(m, self.i(d))
    }

    pub fn gep(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<PointerValue<'ctx>> {
        // SAFETY: indices are computed from compile-time shapes and stay inside the buffer.
        Ok(unsafe { self.b.build_in_bounds_gep(self.f32t, base, &[idx], "")? })
    }

    /// `base + idx` without the in-bounds promise (for pointers that may leave their buffer
    /// before they are offset back into it).
    pub fn gep_wrapping(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<PointerValue<'ctx>> {
        // SAFETY: a plain GEP is defined for any index; loads through it stay inside the buffer.
        Ok(unsafe { self.b.build_gep(self.f32t, base, &[idx], "")? })
    }

    /// A load through [`Self::gep_wrapping`] (from a pointer that may lie outside its buffer).
    pub fn load_wrapping(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<FloatValue<'ctx>> {
        let p = self.gep_wrapping(base, idx)?;
        Ok(self.b.build_load(self.f32t, p, "")?.into_float_value())
    }

    pub fn load(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<FloatValue<'ctx>> {
        let p = self.gep(base, idx)?;
        Ok(self.b.build_load(self.f32t, p, "")?.into_float_value())
    }

    pub fn store(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>, v: FloatValue<'ctx>) -> R<()> {
        let p = self.gep(base, idx)?;
        self.b.build_store(p, v)?;
        Ok(())
    }

    pub fn fmuladd(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>, c: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let f = inkwell::intrinsics::Intrinsic::find("llvm.fmuladd")
            .and_then(|i| i.get_declaration(self.module, &[self.f32t.into()]))
            .ok_or_else(|| CodegenError::Llvm("llvm.fmuladd missing".into()))?;
        let r = self.b.build_call(f, &[a.into(), b.into(), c.into()], "")?;
        r.try_as_basic_value().basic().map(|v| v.into_float_value()).ok_or_else(|| CodegenError::Llvm("fmuladd".into()))
    }

    /// `llvm.maxnum` (one `fmax.s`): the larger, the other operand when one is NaN (as
    /// `f32::max`, which the interpreter uses).
    pub fn fmax(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let f = inkwell::intrinsics::Intrinsic::find("llvm.maxnum")
            .and_then(|i| i.get_declaration(self.module, &[self.f32t.into()]))
            .ok_or_else(|| CodegenError::Llvm("llvm.maxnum missing".into()))?;
        let r = self.b.build_call(f, &[a.into(), b.into()], "")?;
        r.try_as_basic_value().basic().map(|v| v.into_float_value()).ok_or_else(|| CodegenError::Llvm("maxnum".into()))
    }

    /// `min(max(v, lo), hi)` as the interpreter's `f32::max`/`min` compute it (NaN becomes `lo`).
    pub fn fclamp(&self, v: FloatValue<'ctx>, lo: f32, hi: f32) -> R<FloatValue<'ctx>> {
        let t = self.fmax(v, self.f(lo))?;
        let lt = self.b.build_float_compare(inkwell::FloatPredicate::OLT, t, self.f(hi), "")?;
        Ok(self.b.build_select(lt, t, self.f(hi), "")?.into_float_value())
    }

    /// Builds an alloca at the top of the entry block, then returns to the current block.
    fn entry_alloca(&self, ty: impl BasicType<'ctx>, name: &str) -> R<PointerValue<'ctx>> {
        let here = self.b.get_insert_block();
        match self.entry.get_first_instruction() {
            Some(i) => self.b.position_before(&i),
            None => self.b.position_at_end(self.entry),
        }
        let a = self.b.build_alloca(ty, name);
        if let Some(h) = here {
            self.b.position_at_end(h);
        }
        Ok(a?)
    }

    /// A scalar slot of type `ty` in the entry block (promoted to a register by SROA).
    pub fn slot_of(&self, ty: BasicTypeEnum<'ctx>) -> R<PointerValue<'ctx>> {
        self.entry_alloca(ty, "acc")
    }

    /// A scalar f32 slot in the entry block (promoted to a register by SROA).
    pub fn slot(&self) -> R<PointerValue<'ctx>> {
        self.entry_alloca(self.f32t, "acc")
    }

    /// An f32 array of `n` elements on the stack (entry block, 16-byte aligned).
    pub fn scratch(&self, n: usize) -> R<PointerValue<'ctx>> {
        let a = self.entry_alloca(self.f32t.array_type(n as u32), "scratch")?;
        if let Some(inst) = a.as_instruction() {
            inst.set_alignment(16).map_err(|e| CodegenError::Llvm(e.to_string()))?;
        }
        Ok(a)
    }

    pub fn get(&self, slot: PointerValue<'ctx>) -> R<FloatValue<'ctx>> {
        Ok(self.b.build_load(self.f32t, slot, "")?.into_float_value())
    }

    pub fn set(&self, slot: PointerValue<'ctx>, v: FloatValue<'ctx>) -> R<()> {
        self.b.build_store(slot, v)?;
        Ok(())
    }

    /// `for iv in start..end` (step 1) with a constant trip count; nothing when empty.
    pub fn for_range(&self, start: i64, end: i64, mut body: impl FnMut(IntValue<'ctx>) -> R<()>) -> R<()> {
        if end <= start {
            return Ok(());
        }
        if end - start == 1 {
            return body(self.i(start));
        }
        self.counted_loop(self.i(start), self.i(end), false, body)
    }

    /// `for iv in start..end` with bounds known only at run time (no iteration when end <= start).
    pub fn for_dyn(
        &self,
        start: IntValue<'ctx>,
        end: IntValue<'ctx>,
        body: impl FnMut(IntValue<'ctx>) -> R<()>,
    ) -> R<()> {
        self.counted_loop(start, end, true, body)
    }

    /// The loop of [`Self::for_range`] and [`Self::for_dyn`]; `guard`: test `start < end` before
    /// the first iteration (bounds not known to be ordered at compile time).
    fn counted_loop(
        &self,
        start: IntValue<'ctx>,
        end: IntValue<'ctx>,
        guard: bool,
        mut body: impl FnMut(IntValue<'ctx>) -> R<()>,
    ) -> R<()> {
        let pre = self.b.get_insert_block().ok_or_else(|| CodegenError::Llvm("no block".into()))?;
        let head = self.ctx.append_basic_block(self.func, "loop");
        let exit = self.ctx.append_basic_block(self.func, "exit");
        if guard {
            let enter = self.b.build_int_compare(inkwell::IntPredicate::SLT, start, end, "")?;
            self.b.build_conditional_branch(enter, head, exit)?;
        } else {
            self.b.build_unconditional_branch(head)?;
        }
        self.b.position_at_end(head);
        let phi = self.b.build_phi(self.i32t, "i")?;
        phi.add_incoming(&[(&start, pre)]);
        let iv = phi.as_basic_value().into_int_value();
        body(iv)?;
        let next = self.add(iv, self.i(1))?;
        let latch = self.b.get_insert_block().ok_or_else(|| CodegenError::Llvm("no block".into()))?;
        phi.add_incoming(&[(&next, latch)]);
        let cond = self.b.build_int_compare(inkwell::IntPredicate::SLT, next, end, "")?;
        self.b.build_conditional_branch(cond, head, exit)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    /// `if cond { then() } else { other() }`, both arms continuing after.
    pub fn if_else(&self, cond: IntValue<'ctx>, then: impl FnOnce() -> R<()>, other: impl FnOnce() -> R<()>) -> R<()> {
        let (t, e, join) = (
            self.ctx.append_basic_block(self.func, "then"),
            self.ctx.append_basic_block(self.func, "else"),
            self.ctx.append_basic_block(self.func, "join"),
        );
        self.b.build_conditional_branch(cond, t, e)?;
        self.b.position_at_end(t);
        then()?;
        self.b.build_unconditional_branch(join)?;
        self.b.position_at_end(e);
        other()?;
        self.b.build_unconditional_branch(join)?;
        self.b.position_at_end(join);
        Ok(())
    }

    /// Signed max / min of two integers.
    pub fn imax(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let gt = self.b.build_int_compare(inkwell::IntPredicate::SGT, a, b, "")?;
        Ok(self.b.build_select(gt, a, b, "")?.into_int_value())
    }

    pub fn imin(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let lt = self.b.build_int_compare(inkwell::IntPredicate::SLT, a, b, "")?;
        Ok(self.b.build_select(lt, a, b, "")?.into_int_value())
    }

    /// A scalar i32 slot in the entry block (promoted to a register by SROA).
    pub fn slot_i32(&self) -> R<PointerValue<'ctx>> {
        self.entry_alloca(self.i32t, "iacc")
    }

    /// A scalar i64 slot in the entry block (promoted to a register pair by SROA).
    pub fn slot_i64(&self) -> R<PointerValue<'ctx>> {
        self.entry_alloca(self.ctx.i64_type(), "lacc")
    }

    /// An i32 array of `n` elements on the stack (entry block, 16-byte aligned).
    pub fn scratch_i32(&self, n: usize) -> R<PointerValue<'ctx>> {
        let a = self.entry_alloca(self.i32t.array_type(n.max(1) as u32), "iscratch")?;
        if let Some(inst) = a.as_instruction() {
            inst.set_alignment(16).map_err(|e| CodegenError::Llvm(e.to_string()))?;
        }
        Ok(a)
    }

    /// Loads the i8 at `base[idx]`, sign-extended to i32.
    pub fn ld8(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let i8t = self.ctx.i8_type();
        // SAFETY: indices are computed from compile-time shapes and stay inside the buffer.
        let p = unsafe { self.b.build_in_bounds_gep(i8t, base, &[idx], "")? };
        let v = self.b.build_load(i8t, p, "")?.into_int_value();
        Ok(self.b.build_int_s_extend(v, self.i32t, "")?)
    }

    /// Loads the i16 at `base[idx]`, sign-extended to i32.
    pub fn ld16(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let i16t = self.ctx.i16_type();
        // SAFETY: as in `ld8`.
        let p = unsafe { self.b.build_in_bounds_gep(i16t, base, &[idx], "")? };
        let v = self.b.build_load(i16t, p, "")?.into_int_value();
        Ok(self.b.build_int_s_extend(v, self.i32t, "")?)
    }

    /// Stores the low 8 bits of `v` at `base[idx]` (an i8 buffer).
    pub fn st8(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>, v: IntValue<'ctx>) -> R<()> {
        let i8t = self.ctx.i8_type();
        // SAFETY: as in `ld8`.
        let p = unsafe { self.b.build_in_bounds_gep(i8t, base, &[idx], "")? };
        self.b.build_store(p, self.b.build_int_truncate(v, i8t, "")?)?;
        Ok(())
    }

    /// The address of `base[idx]` in an i32 array.
    pub fn gep_i32(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<PointerValue<'ctx>> {
        // SAFETY: as in `ld8`.
        Ok(unsafe { self.b.build_in_bounds_gep(self.i32t, base, &[idx], "")? })
    }

    /// Loads the i32 at `base[idx]`.
    pub fn ld32(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        // SAFETY: as in `ld8`.
        let p = unsafe { self.b.build_in_bounds_gep(self.i32t, base, &[idx], "")? };
        Ok(self.b.build_load(self.i32t, p, "")?.into_int_value())
    }

    pub fn st32(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>, v: IntValue<'ctx>) -> R<()> {
        // SAFETY: as in `ld8`.
        let p = unsafe { self.b.build_in_bounds_gep(self.i32t, base, &[idx], "")? };
        self.b.build_store(p, v)?;
        Ok(())
    }

    pub fn geti(&self, slot: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        Ok(self.b.build_load(self.i32t, slot, "")?.into_int_value())
    }

    /// Whether the module is built for a RISC-V target (where int8 code is built for small ROM).
    pub fn riscv(&self) -> bool {
        self.module.get_triple().as_str().to_string_lossy().starts_with("riscv")
    }

    pub fn finish(&self) -> R<()> {
        self.b.build_return(None)?;
        Ok(())
    }
}

/// A private constant row of `n` copies of `v`, one per module, length and value (the rows
/// outside the input that tiled window kernels read instead of padding).
pub fn const_row<'ctx>(kb: &Kb<'_, 'ctx>, n: usize, v: f32) -> PointerValue<'ctx> {
    let name = format!("hynas_pad_row_{n}_{:08x}", v.to_bits());
    const_once(kb, &name, || const_data(kb.ctx, kb.module, &name, &vec![v; n]))
}

/// The module's global `name`, made by `make` the first time (constants shared by kernels).
pub fn const_once<'ctx>(kb: &Kb<'_, 'ctx>, name: &str, make: impl FnOnce() -> GlobalValue<'ctx>) -> PointerValue<'ctx> {
    kb.module.get_global(name).unwrap_or_else(make).as_pointer_value()
}

/// A private constant global holding `data` (16-byte aligned, in .rodata).
pub fn const_data<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, data: &[f32]) -> GlobalValue<'ctx> {
    const_bytes(ctx, module, name, &data.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>())
}

/// A private constant global of i8 values (each of `data` must fit an i8), in .rodata.
pub fn const_i8<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, data: &[i32]) -> GlobalValue<'ctx> {
    const_bytes(ctx, module, name, &data.iter().map(|&v| v as i8 as u8).collect::<Vec<_>>())
}

/// A private constant global of i16 values (each of `data` must fit an i16), in .rodata.
pub fn const_i16<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, data: &[i32]) -> GlobalValue<'ctx> {
    const_bytes(ctx, module, name, &data.iter().flat_map(|&v| (v as i16).to_le_bytes()).collect::<Vec<_>>())
}

/// A private constant global of i32 values, in .rodata.
pub fn const_i32<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, data: &[i32]) -> GlobalValue<'ctx> {
    const_bytes(ctx, module, name, &data.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>())
}

fn const_bytes<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, bytes: &[u8]) -> GlobalValue<'ctx> {
    let init = ctx.const_string(bytes, false);
    let g = module.add_global(init.get_type(), Some(AddressSpace::default()), name);
    g.set_initializer(&init);
    g.set_constant(true);
    g.set_linkage(Linkage::Private);
    g.set_alignment(16);
    g.set_unnamed_addr(true);
    g
}
