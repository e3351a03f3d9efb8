//! hynas-codegen: one LLVM module per model, through inkwell on LLVM 19.
//!
//! Each scheduled node becomes one internal kernel function, chosen by one dispatch (`emit`) from
//! its op and element type: the family's kernel (`conv` and `dense` with their numeric
//! `flavour`s, `pool`, `attention`, `linear_attention`, `softmax`, `elementwise`; the int8
//! flavours and integer arithmetic in `int8`) with every shape a compile-time constant and the
//! weights as private constant data. The entry
//! `<prefix>_run(const float *in, float *out)` calls the kernels in schedule order on a static,
//! 16-byte-aligned arena laid out by the memory plan. With `profile`, it also reads `minstret`
//! and `mcycle` around every kernel (RISC-V targets only) into `<prefix>_prof`.
//!
//! Targets: rv32imf (default, ilp32f), rv32imfc, rv32imafdc (ilp32d), rv32im and rv32imc (ilp32,
//! no FPU: integer models only), and the host (object, or a module that `hynas_runtime::HostModel`
//! runs in-process). Integer (quantised) graphs get an `int8_t` entry point.

pub mod attention;
pub mod conv;
pub mod dense;
pub mod elementwise;
mod emit;
pub mod flavour;
pub mod int8;
pub mod kb;
pub mod linear_attention;
pub mod pool;
pub mod softmax;

use hynas_ir::ops::Op;
use hynas_ir::{Graph, NodeId, NodeKind};
use hynas_passes::plan_memory::{Location, MemoryPlan};
use inkwell::context::Context;
use inkwell::module::{FlagBehavior, Linkage, Module};
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target as LlvmTarget, TargetMachine, TargetTriple,
};
use inkwell::values::PointerValue;
use inkwell::{AddressSpace, OptimizationLevel};
use kb::R;

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("unknown target \"{0}\"; targets: rv32imf, rv32imfc, rv32imafdc, rv32im, rv32imc (int8 only), host")]
    UnknownTarget(String),
    #[error("LLVM: {0}")]
    Llvm(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// An f32 value in a model built for a target without floating point.
    #[error("target {target} has no FPU, but \"{node}\" is {ty}: quantise the model to int8")]
    NeedsFpu { target: &'static str, node: String, ty: String },
    #[error("input has {got} values, the model takes {want}")]
    InputSize { got: usize, want: usize },
    #[error("prefix \"{0}\" is not a C identifier (letters, digits and _, not starting with a digit, at most 64 characters)")]
    BadPrefix(String),
}

/// Checks that `p` can start C symbol names (`<p>_run` in the header): ASCII letters, digits and
/// underscores, not starting with a digit, 1 to 64 characters.
pub fn check_prefix(p: &str) -> Result<(), CodegenError> {
    let ok = !p.is_empty()
        && p.len() <= 64
        && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !p.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(())
    } else {
        let shown: String = p.chars().take(64).flat_map(char::escape_default).collect();
        Err(CodegenError::BadPrefix(shown))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Rv32imf,
    Rv32imfc,
    Rv32imafdc,
    /// No FPU (ilp32): int8 models only.
    Rv32im,
    /// No FPU, compressed instructions (ilp32): int8 models only.
    Rv32imc,
    Host,
}

impl Target {
    pub fn parse(s: &str) -> Result<Self, CodegenError> {
        match s {
            "rv32imf" => Ok(Target::Rv32imf),
            "rv32imfc" => Ok(Target::Rv32imfc),
            "rv32imafdc" => Ok(Target::Rv32imafdc),
            "rv32im" => Ok(Target::Rv32im),
            "rv32imc" => Ok(Target::Rv32imc),
            "host" => Ok(Target::Host),
            other => Err(CodegenError::UnknownTarget(other.to_string())),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Target::Rv32imf => "rv32imf",
            Target::Rv32imfc => "rv32imfc",
            Target::Rv32imafdc => "rv32imafdc",
            Target::Rv32im => "rv32im",
            Target::Rv32imc => "rv32imc",
            Target::Host => "host",
        }
    }
    pub fn is_riscv(self) -> bool {
        self != Target::Host
    }
    /// Whether the target has floating point (f32 models need it).
    pub fn has_fpu(self) -> bool {
        !matches!(self, Target::Rv32im | Target::Rv32imc)
    }
    fn features(self) -> &'static str {
        match self {
            Target::Rv32imf => "+m,+f",
            Target::Rv32imfc => "+m,+f,+c",
            Target::Rv32imafdc => "+m,+a,+f,+d,+c",
            Target::Rv32im => "+m",
            Target::Rv32imc => "+m,+c",
            Target::Host => "",
        }
    }
    fn abi(self) -> &'static str {
        match self {
            Target::Rv32imafdc => "ilp32d",
            Target::Rv32im | Target::Rv32imc => "ilp32",
            _ => "ilp32f",
        }
    }
    /// Spike's `--isa` string for programs built for this target.
    pub fn spike_isa(self) -> &'static str {
        match self {
            Target::Rv32imf => "rv32imf_zicntr",
            Target::Rv32imfc => "rv32imfc_zicntr",
            Target::Rv32imafdc => "rv32imafdc_zicntr",
            Target::Rv32im => "rv32im_zicntr",
            Target::Rv32imc => "rv32imc_zicntr",
            Target::Host => "",
        }
    }

    pub fn machine(self) -> R<TargetMachine> {
        llvm_options();
        let (triple, cpu, feats) = if self.is_riscv() {
            LlvmTarget::initialize_riscv(&InitializationConfig::default());
            (TargetTriple::create("riscv32-unknown-elf"), "generic-rv32".to_string(), self.features().to_string())
        } else {
            LlvmTarget::initialize_native(&InitializationConfig::default()).map_err(CodegenError::Llvm)?;
            (
                TargetMachine::get_default_triple(),
                TargetMachine::get_host_cpu_name().to_string(),
                TargetMachine::get_host_cpu_features().to_string(),
            )
        };
        let t = LlvmTarget::from_triple(&triple).map_err(|e| CodegenError::Llvm(e.to_string()))?;
        t.create_target_machine(
            &triple,
            &cpu,
            &feats,
            OptimizationLevel::Aggressive,
            RelocMode::Static,
            CodeModel::Small,
        )
        .ok_or_else(|| CodegenError::Llvm(format!("no target machine for {}", self.name())))
    }
}

/// The host's SIMD unit for the host flavours of the tiled kernels: its width in i32 lanes and
/// the vector registers a tile may fill (one or two stay free); 1 lane where none is known.
/// AVX-512 hosts use 256-bit vectors in its 32 registers: measured on the int8 ResNet-8
/// (`hynas eval`), 16 lanes ran no faster than 8 and took longer to compile.
pub fn host_simd() -> (usize, usize) {
    static SIMD: std::sync::OnceLock<(usize, usize)> = std::sync::OnceLock::new();
    *SIMD.get_or_init(|| {
        let features = TargetMachine::get_host_cpu_features().to_string();
        let has = |f: &str| features.split(',').any(|x| x == f);
        if has("+avx512f") && has("+avx512vl") {
            (8, 30)
        } else if has("+avx2") {
            (8, 14)
        } else if has("+neon") {
            (4, 30)
        } else if has("+sse4.1") {
            (4, 14)
        } else {
            (1, 0)
        }
    })
}

/// LLVM options, set once per process (LLVM's command-line options are global):
///
/// - The RISC-V machine combiner is off. It reassociates integer add chains into trees to
///   shorten dependences for superscalar cores, which in a register-tiled multiply-accumulate
///   loop keeps more partial sums alive than RV32 has registers: measured on the int8 ResNet-8,
///   the 4x3-tile inner loop went from 309 instructions (38 of them spills) to 271 per 108 MACs.
///   Spike and in-order microcontroller cores gain nothing from the shorter dependence chains.
/// - The SLP vectorizer is off. On x86-64 (host code: the search's scoring, `hynas eval`) LLVM
///   19's SLP vectorizer turns some tiled convolutions into wrong code (bisected with
///   `-opt-bisect-limit` to `SLPVectorizerPass`: 3 of 69 swept int8 convolutions, and before
///   the 7x7 depthwise and attention cases that kept the host on the baseline schedules); the
///   RISC-V targets have no vector unit, so it never runs there.
fn llvm_options() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        extern "C" {
            // LLVM's C API (libLLVM is linked through inkwell).
            fn LLVMParseCommandLineOptions(
                argc: std::ffi::c_int,
                argv: *const *const std::ffi::c_char,
                overview: *const std::ffi::c_char,
            );
        }
        let args: [&std::ffi::CStr; 3] = [c"hynas", c"-riscv-enable-machine-combiner=false", c"-vectorize-slp=false"];
        let argv: Vec<*const std::ffi::c_char> = args.iter().map(|a| a.as_ptr()).collect();
        // SAFETY: argv holds valid NUL-terminated strings that outlive the call; the options
        // exist in LLVM 19 (an unknown option would make LLVM print an error and exit); they are
        // parsed once per process, before any code is generated.
        unsafe { LLVMParseCommandLineOptions(argv.len() as std::ffi::c_int, argv.as_ptr(), c"".as_ptr()) };
    });
}

#[derive(Clone, Debug)]
pub struct Options {
    pub target: Target,
    /// Kernel schedules: the tuned ones, or fixed tiles (the baseline of `hynas bench`).
    pub schedules: Schedules,
    /// Symbol prefix: `<prefix>_run`, `<prefix>_arena`, `<prefix>_prof`.
    pub prefix: String,
    /// Read minstret/mcycle around each kernel (RISC-V only).
    pub profile: bool,
    /// Keep each kernel a function of its own (`<prefix>_k<i>`, never inlined into the entry),
    /// so that per-PC counts can be attributed to kernels (the cycle model).
    pub separate_kernels: bool,
    /// The arena is the entry's third parameter (`<prefix>_run(in, out, arena)`, `arena_bytes`
    /// bytes, 16-byte aligned) rather than a static array in the object: one compiled model
    /// then runs on several threads at once, each with its own arena (the host JIT).
    pub arena_param: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Rv32imf,
            schedules: Schedules::Tuned,
            prefix: "hynas_model".into(),
            profile: false,
            separate_kernels: false,
            arena_param: false,
        }
    }
}

/// Which kernel schedules code generation uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Schedules {
    /// Per-layer register tiles, static border handling (the default).
    #[default]
    Tuned,
    /// The same kernels with fixed tiles (convolution 4 pixels, pooling 1 pixel, attention
    /// passes of at most 4 rows), to measure every change against in the same run.
    Baseline,
}

impl Schedules {
    pub fn parse(s: &str) -> R<Self> {
        match s {
            "tuned" => Ok(Schedules::Tuned),
            "baseline" => Ok(Schedules::Baseline),
            o => Err(CodegenError::Unsupported(format!("schedules \"{o}\": choose tuned or baseline"))),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Schedules::Tuned => "tuned",
            Schedules::Baseline => "baseline",
        }
    }
}

/// One kernel of the compiled model.
#[derive(Clone, Debug)]
pub struct KernelInfo {
    pub name: String,
    pub op: String,
    pub macs: u64,
    /// The schedule its code follows (`conv tile 4x5`, ...).
    pub schedule: String,
    /// Its function (`<prefix>_k<i>`, a symbol of the object when built with separate kernels).
    pub symbol: String,
}

pub struct Compiled {
    pub object: Vec<u8>,
    pub llvm_ir: String,
    pub asm: String,
    pub header: String,
    pub kernels: Vec<KernelInfo>,
    pub arena_bytes: usize,
    pub input_len: usize,
    pub output_len: usize,
    /// The entry point is `<prefix>_run`.
    pub prefix: String,
    /// Built with per-kernel counters (`Options::profile` on a RISC-V target).
    pub profiled: bool,
}

/// Reads a RISC-V counter CSR (low 32 bits).
fn read_csr<'ctx>(
    ctx: &'ctx Context,
    b: &inkwell::builder::Builder<'ctx>,
    csr: &str,
) -> R<inkwell::values::IntValue<'ctx>> {
    let ft = ctx.i32_type().fn_type(&[], false);
    let asm = ctx.create_inline_asm(ft, format!("csrr $0, {csr}"), "=r".into(), true, false, None, false);
    let v = b.build_indirect_call(ft, asm, &[], csr)?;
    v.try_as_basic_value().basic().map(|v| v.into_int_value()).ok_or_else(|| CodegenError::Llvm("csrr".into()))
}

/// Builds the model's LLVM module.
pub fn build_module<'ctx>(
    ctx: &'ctx Context,
    graph: &Graph,
    plan: &MemoryPlan,
    opts: &Options,
) -> R<(Module<'ctx>, Vec<KernelInfo>)> {
    check_prefix(&opts.prefix)?;
    if !opts.target.has_fpu() {
        if let Some(n) = graph.node_ids().into_iter().map(|i| graph.node(i)).find(|n| !n.dtype.is_int()) {
            return Err(CodegenError::NeedsFpu { target: opts.target.name(), node: n.name.clone(), ty: n.type_text() });
        }
    }
    let module = ctx.create_module(&opts.prefix);
    let tm = opts.target.machine()?;
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    if opts.target.is_riscv() {
        module.add_metadata_flag(
            "target-abi",
            FlagBehavior::Error,
            ctx.metadata_node(&[ctx.metadata_string(opts.target.abi()).into()]),
        );
    }
    let f32t = ctx.f32_type();
    let i32t = ctx.i32_type();
    let ptr = ctx.ptr_type(AddressSpace::default());
    let n = plan.schedule.len();
    let prof = if opts.profile && opts.target.is_riscv() {
        let t = i32t.array_type((2 * n).max(1) as u32);
        let g = module.add_global(t, Some(AddressSpace::default()), &format!("{}_prof", opts.prefix));
        g.set_initializer(&t.const_zero());
        g.set_alignment(16);
        Some(g)
    } else {
        None
    };
    let params = if opts.arena_param { 3 } else { 2 };
    let entry_t = ctx.void_type().fn_type(&vec![ptr.into(); params], false);
    let entry = module.add_function(&format!("{}_run", opts.prefix), entry_t, Some(Linkage::External));
    kb::no_builtins(ctx, entry);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(entry, "entry"));
    let param = |i: u32| -> R<PointerValue<'ctx>> {
        entry.get_nth_param(i).map(|p| p.into_pointer_value()).ok_or_else(|| CodegenError::Llvm("entry param".into()))
    };
    let arena = if opts.arena_param {
        param(2)?
    } else {
        let arena_t = f32t.array_type((plan.arena_bytes / 4).max(1) as u32);
        let arena = module.add_global(arena_t, Some(AddressSpace::default()), &format!("{}_arena", opts.prefix));
        arena.set_initializer(&arena_t.const_zero());
        arena.set_alignment(16);
        arena.set_linkage(Linkage::Internal);
        arena.as_pointer_value()
    };
    let loc_ptr = |id: NodeId| -> R<PointerValue<'ctx>> {
        match plan.location.get(&id) {
            Some(Location::Input(0)) => param(0),
            Some(Location::Output(0)) => param(1),
            Some(Location::Arena(off)) => {
                // SAFETY: the offset comes from the memory plan and lies inside the arena.
                Ok(unsafe { b.build_in_bounds_gep(f32t, arena, &[i32t.const_int((off / 4) as u64, false)], "")? })
            }
            _ => Err(CodegenError::Unsupported(format!("value {} has no location", graph.node(id).name))),
        }
    };
    let mut kernels = Vec::new();
    for (i, &id) in plan.schedule.iter().enumerate() {
        let node = graph.node(id);
        let ops = graph.operands(id);
        let acts: Vec<NodeId> = ops
            .iter()
            .copied()
            .filter(|&o| !matches!(graph.node(o).kind, NodeKind::Const { .. } | NodeKind::IntConst { .. }))
            .collect();
        let name = format!("{}_k{i}", opts.prefix);
        // Same buffer (in place or view)? Then no noalias on those parameters.
        let mut all = vec![id];
        all.extend(&acts);
        let locs: Vec<_> = all.iter().map(|a| plan.location.get(a).copied()).collect();
        let noalias: Vec<bool> =
            (0..all.len()).map(|j| locs.iter().enumerate().all(|(k, l)| k == j || *l != locs[j])).collect();
        if let Some(Op::Reshape(_)) = node.op() {
            if plan.location.get(&id) == plan.location.get(&ops[0]) {
                continue; // a view: nothing to run
            }
        }
        let schedule = emit::emit_kernel(ctx, &module, graph, id, &name, &noalias, opts.schedules)?;
        let f = module.get_function(&name).ok_or_else(|| CodegenError::Llvm("kernel vanished".into()))?;
        if opts.separate_kernels {
            let ni = inkwell::attributes::Attribute::get_named_enum_kind_id("noinline");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, ctx.create_enum_attribute(ni, 0));
        }
        let mut args = vec![loc_ptr(id)?.into()];
        for a in &acts {
            args.push(loc_ptr(*a)?.into());
        }
        let before = match prof {
            Some(_) => Some((read_csr(ctx, &b, "minstret")?, read_csr(ctx, &b, "mcycle")?)),
            None => None,
        };
        b.build_call(f, &args, "")?;
        if let (Some(g), Some((i0, c0))) = (prof, before) {
            let (i1, c1) = (read_csr(ctx, &b, "minstret")?, read_csr(ctx, &b, "mcycle")?);
            let k = kernels.len() as u64;
            for (slot, (a0, a1)) in [(2 * k, (i0, i1)), (2 * k + 1, (c0, c1))] {
                let d = b.build_int_sub(a1, a0, "")?;
                // SAFETY: slot < 2 * number of kernels, the array's length.
                let p =
                    unsafe { b.build_in_bounds_gep(i32t, g.as_pointer_value(), &[i32t.const_int(slot, false)], "")? };
                b.build_store(p, d)?;
            }
        }
        let op = node.op().map(|o| match o {
            Op::Fused(f) => format!("fused({})", f.attrs_text()),
            o => o.name().to_string(),
        });
        let ins: Vec<&hynas_ir::Shape> = ops.iter().map(|&o| &graph.node(o).shape).collect();
        let macs = node.op().map_or(0, |o| o.macs(&ins, &node.shape));
        kernels.push(KernelInfo { name: node.name.clone(), op: op.unwrap_or_default(), macs, schedule, symbol: name });
    }
    b.build_return(None)?;
    module.verify().map_err(|e| CodegenError::Llvm(e.to_string()))?;
    module
        .run_passes("default<O3>", &tm, PassBuilderOptions::create())
        .map_err(|e| CodegenError::Llvm(e.to_string()))?;
    Ok((module, kernels))
}

/// The largest stack array a kernel of `graph` allocates (the attention's score rows), in bytes;
/// register spills and frames come on top.
pub fn stack_scratch_bytes(graph: &Graph, schedules: Schedules, target: Target) -> usize {
    graph
        .node_ids()
        .into_iter()
        .filter_map(|id| {
            let d = graph.node(id).shape.dims();
            let n = *d.last().unwrap_or(&1);
            let c = d[d.len().saturating_sub(2)];
            match (graph.node(id).op(), graph.node(id).dtype.is_int()) {
                (Some(Op::Attention), int) => {
                    use attention::AttnFlavour;
                    let (order, max_tile) = match int {
                        true => (int8::softmax::ATTENTION_ORDER, int8::softmax::attention_max_tile(target.is_riscv())),
                        false => (attention::F32::ORDER, 4),
                    };
                    Some(attention::scratch_bytes(order, c, n, schedules, max_tile))
                }
                (Some(Op::LinearAttention(_)), _) => Some(linear_attention::scratch_bytes(c, n)),
                _ => None,
            }
        })
        .max()
        .unwrap_or(0)
}

/// The C header describing the entry point.
pub fn header(graph: &Graph, plan: &MemoryPlan, opts: &Options, kernels: usize) -> String {
    let p = &opts.prefix;
    let up = p.to_uppercase();
    let shape = |ids: &[NodeId]| ids.first().map(|&i| graph.node(i).shape.clone());
    let (ins, outs) = (shape(graph.inputs()), shape(graph.outputs()));
    let dims = |s: &Option<hynas_ir::Shape>| s.as_ref().map_or(String::new(), |s| format!("{:?}", s.0));
    let len = |s: &Option<hynas_ir::Shape>| s.as_ref().map_or(0, |s| s.numel());
    let scratch = stack_scratch_bytes(graph, opts.schedules, opts.target);
    let (ctype, io) = match (graph.inputs().first(), graph.outputs().first()) {
        (Some(&i), Some(&o)) if graph.node(i).dtype.is_int() => {
            let q = |id: NodeId| graph.node(id).quant.as_ref().map_or((1.0, 0), |q| (q.scale_at(0), q.zero_point));
            let ((si, zi), (so, zo)) = (q(i), q(o));
            (
                "int8_t",
                format!(
                    "/* int8, TFLite's scheme: real = scale * (q - zero_point). Quantise the input as */\n\
                     /* q = clamp(round(x / {up}_INPUT_SCALE) + {up}_INPUT_ZERO_POINT, -128, 127). */\n\
                     #define {up}_INPUT_SCALE {si:e}f\n#define {up}_INPUT_ZERO_POINT {zi}\n\
                     #define {up}_OUTPUT_SCALE {so:e}f\n#define {up}_OUTPUT_ZERO_POINT {zo}\n"
                ),
            )
        }
        _ => ("float", String::new()),
    };
    let elem = if ctype == "float" { "f32" } else { "i8" };
    let values = if ctype == "float" { "floats" } else { "int8 values" };
    let prof = if opts.profile && opts.target.is_riscv() {
        format!("/* Per kernel: instructions, cycles (low 32 bits), filled by each run. */\nextern unsigned int {p}_prof[{}];\n", 2 * kernels)
    } else {
        String::new()
    };
    format!(
        "/* Generated by hynas for target {target}. */\n#ifndef {up}_H\n#define {up}_H\n\n{inc}\
         /* Input {elem}{ind} (NCHW), output {elem}{outd}. */\n#define {up}_INPUT_LEN {il}\n#define {up}_OUTPUT_LEN {ol}\n{io}\
         /* {arena_where} (bytes). */\n#define {up}_ARENA_BYTES {arena}\n\
         /* Largest stack array of a kernel in bytes (register spills and frames come on top; */\n\
         /* `hynas profile` measures the whole stack). */\n#define {up}_STACK_SCRATCH_BYTES {scratch}\n\
         #define {up}_KERNELS {kernels}\n\n\
         #ifdef __cplusplus\nextern \"C\" {{\n#endif\n\n\
         /* Runs the model: reads {il} {values} from `in`, writes {ol} {values} (logits) to `out`. */\n\
         void {p}_run(const {ctype} *in, {ctype} *out{arena_arg});\n{prof}\n\
         #ifdef __cplusplus\n}}\n#endif\n\n#endif\n",
        target = opts.target.name(),
        inc = if ctype == "float" { "" } else { "#include <stdint.h>\n\n" },
        ind = dims(&ins),
        outd = dims(&outs),
        il = len(&ins),
        ol = len(&outs),
        arena = plan.arena_bytes,
        arena_where = match opts.arena_param {
            true => "Arena passed to each run, 16-byte aligned, one per concurrent run",
            false => "Static arena inside the object",
        },
        arena_arg = if opts.arena_param { ", void *arena" } else { "" },
    )
}

/// Compiles to an ELF relocatable object, with IR, assembly and the C header.
pub fn compile(graph: &Graph, plan: &MemoryPlan, opts: &Options, want_text: bool) -> R<Compiled> {
    let ctx = Context::create();
    let (module, kernels) = build_module(&ctx, graph, plan, opts)?;
    let tm = opts.target.machine()?;
    let object = tm
        .write_to_memory_buffer(&module, FileType::Object)
        .map_err(|e| CodegenError::Llvm(e.to_string()))?
        .as_slice()
        .to_vec();
    let (llvm_ir, asm) = if want_text {
        let asm =
            tm.write_to_memory_buffer(&module, FileType::Assembly).map_err(|e| CodegenError::Llvm(e.to_string()))?;
        (module.print_to_string().to_string(), String::from_utf8_lossy(asm.as_slice()).into_owned())
    } else {
        (String::new(), String::new())
    };
    let numel = |ids: &[NodeId]| ids.first().map_or(0, |&i| graph.node(i).shape.numel());
    Ok(Compiled {
        object,
        llvm_ir,
        asm,
        header: header(graph, plan, opts, kernels.len()),
        arena_bytes: plan.arena_bytes,
        input_len: numel(graph.inputs()),
        output_len: numel(graph.outputs()),
        kernels,
        prefix: opts.prefix.clone(),
        profiled: opts.profile && opts.target.is_riscv(),
    })
}
