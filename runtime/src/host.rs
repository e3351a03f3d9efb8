//! Models compiled for the host and run in-process (MCJIT): the search scores candidates and
//! `hynas eval` runs test sets with them; the same kernels as the RISC-V builds, for the host CPU.

use crate::RuntimeError;
use hynas_codegen::{build_module, CodegenError, Options, Schedules, Target};
use hynas_ir::{Graph, NodeId};
use hynas_passes::plan_memory::MemoryPlan;
use inkwell::context::Context;
use inkwell::OptimizationLevel;

/// A model JIT-compiled for the host (MCJIT), callable many times.
pub struct HostModel {
    // Field order matters: the engine must drop before the module's context.
    engine: inkwell::execution_engine::ExecutionEngine<'static>,
    _ctx: Box<Context>,
    input_len: usize,
    output_len: usize,
}

impl HostModel {
    pub fn new(graph: &Graph, plan: &MemoryPlan) -> Result<Self, RuntimeError> {
        Self::with_schedules(graph, plan, Schedules::Tuned)
    }

    /// As [`HostModel::new`] with the given kernel schedules.
    pub fn with_schedules(graph: &Graph, plan: &MemoryPlan, schedules: Schedules) -> Result<Self, RuntimeError> {
        let opts = Options { target: Target::Host, schedules, prefix: "hynas_host".into(), ..Default::default() };
        let ctx = Box::new(Context::create());
        // SAFETY: the context is boxed (stable address) and owned by `HostModel`, which drops
        // the execution engine (and with it the module) before the context (field order).
        let ctx_ref: &'static Context = unsafe { &*(ctx.as_ref() as *const Context) };
        let (module, _) = build_module(ctx_ref, graph, plan, &opts)?;
        let engine = module
            .create_jit_execution_engine(OptimizationLevel::Aggressive)
            .map_err(|e| RuntimeError::from(CodegenError::Llvm(e.to_string())))?;
        let numel = |ids: &[NodeId]| ids.first().map_or(0, |&i| graph.node(i).shape.numel());
        Ok(HostModel { engine, _ctx: ctx, input_len: numel(graph.inputs()), output_len: numel(graph.outputs()) })
    }

    /// Runs an f32 model.
    pub fn run(&self, input: &[f32]) -> Result<Vec<f32>, RuntimeError> {
        self.call(input)
    }

    /// Runs an integer model (i8 input and output).
    pub fn run_int(&self, input: &[i8]) -> Result<Vec<i8>, RuntimeError> {
        self.call(input)
    }

    /// Calls the entry on `input`, of the element type the model was built for (f32 or i8:
    /// `run` and `run_int` are the only callers).
    fn call<T: Copy + Default>(&self, input: &[T]) -> Result<Vec<T>, RuntimeError> {
        if input.len() != self.input_len {
            return Err(CodegenError::InputSize { got: input.len(), want: self.input_len }.into());
        }
        let mut out = vec![T::default(); self.output_len];
        type Entry<T> = unsafe extern "C" fn(*const T, *mut T);
        // SAFETY: `hynas_host_run` takes (const T *in, T *out) with T the model's element type
        // (see `build_module`); `input` and `out` have the lengths the model reads and writes
        // (checked above).
        unsafe {
            let f = self
                .engine
                .get_function::<Entry<T>>("hynas_host_run")
                .map_err(|e| RuntimeError::from(CodegenError::Llvm(e.to_string())))?;
            f.call(input.as_ptr(), out.as_mut_ptr());
        }
        Ok(out)
    }
}

/// Compiles for the host and runs the model once through MCJIT (for differential tests).
pub fn run_host(graph: &Graph, plan: &MemoryPlan, input: &[f32]) -> Result<Vec<f32>, RuntimeError> {
    HostModel::new(graph, plan)?.run(input)
}
