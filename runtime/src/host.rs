//! Models compiled for the host and run in-process (MCJIT): the search scores candidates and
//! `hynas eval` runs test sets with them; the same kernels as the RISC-V builds, for the host CPU.

use crate::RuntimeError;
use hynas_codegen::{build_module, CodegenError, Options, Schedules, Target};
use hynas_ir::{Graph, NodeId};
use hynas_passes::plan_memory::MemoryPlan;
use inkwell::context::Context;
use inkwell::OptimizationLevel;

/// A model JIT-compiled for the host (MCJIT), callable many times, from several threads at once
/// through [`HostModel::runner`] (the arena is a parameter of the entry, one per call).
pub struct HostModel {
    // Field order matters: the engine must drop before the module's context.
    _engine: inkwell::execution_engine::ExecutionEngine<'static>,
    _ctx: Box<Context>,
    entry: Entry,
    lens: Lens,
}

/// The compiled entry: `hynas_host_run(in, out, arena)`, element types per the model.
type Entry = unsafe extern "C" fn(*const u8, *mut u8, *mut u8);

/// Input and output elements and arena bytes of a compiled model.
#[derive(Clone, Copy)]
struct Lens {
    input: usize,
    output: usize,
    arena: usize,
}

/// The entry of a [`HostModel`], callable from any thread while the model lives (each call
/// with an arena of its own).
#[derive(Clone, Copy)]
pub struct HostRunner<'m> {
    entry: Entry,
    lens: Lens,
    _model: std::marker::PhantomData<&'m ()>,
}

impl HostModel {
    pub fn new(graph: &Graph, plan: &MemoryPlan) -> Result<Self, RuntimeError> {
        Self::with_schedules(graph, plan, Schedules::Tuned)
    }

    /// As [`HostModel::new`] with the given kernel schedules.
    pub fn with_schedules(graph: &Graph, plan: &MemoryPlan, schedules: Schedules) -> Result<Self, RuntimeError> {
        let opts = Options {
            target: Target::Host,
            schedules,
            prefix: "hynas_host".into(),
            arena_param: true,
            ..Default::default()
        };
        let ctx = Box::new(Context::create());
        // SAFETY: the context is boxed (stable address) and owned by `HostModel`, which drops
        // the execution engine (and with it the module) before the context (field order).
        let ctx_ref: &'static Context = unsafe { &*(ctx.as_ref() as *const Context) };
        let (module, _) = build_module(ctx_ref, graph, plan, &opts)?;
        let engine = module
            .create_jit_execution_engine(OptimizationLevel::Aggressive)
            .map_err(|e| RuntimeError::from(CodegenError::Llvm(e.to_string())))?;
        // SAFETY: `hynas_host_run` takes three pointers (in, out, arena; see `build_module` with
        // `arena_param`); the address stays valid while the engine lives, which `HostRunner`'s
        // lifetime and `HostModel`'s field order ensure.
        let entry = unsafe {
            engine
                .get_function_address("hynas_host_run")
                .map(|a| std::mem::transmute::<usize, Entry>(a))
                .map_err(|e| RuntimeError::from(CodegenError::Llvm(e.to_string())))?
        };
        let numel = |ids: &[NodeId]| ids.first().map_or(0, |&i| graph.node(i).shape.numel());
        let lens = Lens { input: numel(graph.inputs()), output: numel(graph.outputs()), arena: plan.arena_bytes };
        Ok(HostModel { _engine: engine, _ctx: ctx, entry, lens })
    }

    /// The entry, to run the model from several threads.
    pub fn runner(&self) -> HostRunner<'_> {
        HostRunner { entry: self.entry, lens: self.lens, _model: std::marker::PhantomData }
    }

    /// Runs an f32 model.
    pub fn run(&self, input: &[f32]) -> Result<Vec<f32>, RuntimeError> {
        self.runner().run(input)
    }

    /// Runs an integer model (i8 input and output).
    pub fn run_int(&self, input: &[i8]) -> Result<Vec<i8>, RuntimeError> {
        self.runner().run_int(input)
    }
}

impl HostRunner<'_> {
    /// Runs an f32 model.
    pub fn run(&self, input: &[f32]) -> Result<Vec<f32>, RuntimeError> {
        self.call(input)
    }

    /// Runs an integer model (i8 input and output).
    pub fn run_int(&self, input: &[i8]) -> Result<Vec<i8>, RuntimeError> {
        self.call(input)
    }

    /// Calls the entry on `input`, of the element type the model was built for (f32 or i8:
    /// `run` and `run_int` are the only callers), with a fresh arena.
    fn call<T: Copy + Default>(&self, input: &[T]) -> Result<Vec<T>, RuntimeError> {
        if input.len() != self.lens.input {
            return Err(CodegenError::InputSize { got: input.len(), want: self.lens.input }.into());
        }
        let mut out = vec![T::default(); self.lens.output];
        // 16-byte aligned, as the kernels assume.
        let mut arena = vec![0u128; self.lens.arena.div_ceil(16).max(1)];
        // SAFETY: the entry reads `input` and writes `out` as T (the model's element type) with
        // the lengths checked above, and uses `arena_bytes` bytes of `arena` (16-byte aligned);
        // it touches no other mutable memory, so concurrent calls are independent.
        unsafe { (self.entry)(input.as_ptr().cast(), out.as_mut_ptr().cast(), arena.as_mut_ptr().cast()) };
        Ok(out)
    }
}

/// Compiles for the host and runs the model once through MCJIT (for differential tests).
pub fn run_host(graph: &Graph, plan: &MemoryPlan, input: &[f32]) -> Result<Vec<f32>, RuntimeError> {
    HostModel::new(graph, plan)?.run(input)
}
