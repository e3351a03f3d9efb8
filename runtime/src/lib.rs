//! hynas-runtime: runs compiled models on the RISC-V simulator Spike and measures them.
//!
//! `run_on_spike` compiles the model with per-kernel counters, assembles the harness
//! (`harness.rs`), links both with `ld.lld-19`, runs Spike under a timeout, and parses what the
//! program reports: outputs, total and per-kernel instructions and cycles, and the stack
//! high-water mark. ROM = .text + .rodata of the model object; RAM = its .data + .bss (the arena
//! lives in .bss) + the measured stack.

pub mod cycles;
pub mod harness;
pub mod host;
pub mod rtl;
pub mod spike;

pub use host::{run_host, HostModel, HostRunner};

use hynas_codegen::{compile, CodegenError, Compiled, KernelInfo, Options, Schedules, Target};
use hynas_ir::Graph;
use hynas_passes::plan_memory::MemoryPlan;
use inkwell::context::Context;
use inkwell::targets::FileType;
use object::{Object, ObjectSection};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    #[error(transparent)]
    Ir(#[from] hynas_ir::IrError),
    #[error("Spike not found: {0}")]
    SpikeNotFound(String),
    #[error("Spike did not finish within {0:?} (killed)")]
    Timeout(Duration),
    #[error("{0}")]
    Spike(String),
    #[error("linker: {0}")]
    Link(String),
    #[error("the program's report is malformed: {0}")]
    Report(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("target {0} cannot run in Spike")]
    NotRiscv(&'static str),
    #[error("the RTL simulation: {0}")]
    Rtl(String),
}

/// Section sizes of an object file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    pub text: usize,
    pub rodata: usize,
    pub data: usize,
    pub bss: usize,
}

pub fn section_sizes(obj: &[u8]) -> Result<Sections, RuntimeError> {
    let f = object::File::parse(obj).map_err(|e| RuntimeError::Report(format!("object: {e}")))?;
    let mut s = Sections::default();
    for sec in f.sections() {
        let name = sec.name().unwrap_or("");
        let size = sec.size() as usize;
        let slot = if name.starts_with(".text") {
            &mut s.text
        } else if name.starts_with(".rodata") || name.starts_with(".srodata") {
            &mut s.rodata
        } else if name.starts_with(".data") || name.starts_with(".sdata") {
            &mut s.data
        } else if name.starts_with(".bss") || name.starts_with(".sbss") {
            &mut s.bss
        } else {
            continue;
        };
        *slot += size;
    }
    Ok(s)
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub target: Target,
    pub timeout: Duration,
    /// Keep the object, harness, script and ELF in this folder.
    pub keep_dir: Option<PathBuf>,
    /// Start minstret and mcycle at this value instead of where Spike starts them (tests of the
    /// 64-bit counter reads).
    pub counter_preset: Option<u64>,
    /// Add this many 2^32 to both counters after the runs (tests of counts above 2^32).
    pub counter_skip: u32,
    /// Kernel schedules (tuned, or the baseline).
    pub schedules: Schedules,
    /// Model the cycles of this core too (`cycles`): Spike runs with its PC histogram, and the
    /// model is built with its kernels as separate functions.
    pub core: Option<cycles::cores::Core>,
    /// Run the same object on this Verilator simulation of Ibex too (`scripts/rtl-sim.sh`):
    /// [`Profile::rtl`] holds its counts; its outputs must equal Spike's.
    pub rtl: Option<PathBuf>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            target: Target::Rv32imf,
            timeout: Duration::from_secs(60),
            keep_dir: None,
            counter_preset: None,
            counter_skip: 0,
            schedules: Schedules::Tuned,
            core: None,
            rtl: None,
        }
    }
}

/// Wall time of each stage of a Spike run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub compile: Duration,
    pub link: Duration,
    pub spike: Duration,
}

#[derive(Clone, Debug)]
pub struct Profile {
    /// The outputs of an f32 model (empty for an integer model).
    pub outputs: Vec<f32>,
    /// The outputs of an integer model (empty for an f32 model).
    pub int_outputs: Vec<i32>,
    pub instructions: u64,
    pub cycles: u64,
    /// Per kernel: info, instructions, cycles.
    pub kernels: Vec<(KernelInfo, u64, u64)>,
    pub stack_bytes: usize,
    pub sections: Sections,
    pub arena_bytes: usize,
    pub timings: Timings,
    /// The modelled cycles of [`RunOptions::core`].
    pub modelled: Option<cycles::ModelCycles>,
    /// The counts of the RTL run ([`RunOptions::rtl`]).
    pub rtl: Option<RtlCounts>,
}

/// What the RTL simulation measured (`mcycle`/`minstret` read by the harness).
#[derive(Clone, Debug)]
pub struct RtlCounts {
    pub instructions: u64,
    pub cycles: u64,
    /// Per kernel: instructions, cycles.
    pub kernels: Vec<(u64, u64)>,
    /// Wall time of the simulation.
    pub wall: Duration,
}

impl Profile {
    pub fn rom_bytes(&self) -> usize {
        self.sections.text + self.sections.rodata
    }
    pub fn ram_bytes(&self) -> usize {
        self.sections.data + self.sections.bss + self.stack_bytes
    }
}

const STACK_BYTES: usize = 64 * 1024;

fn linker() -> Result<PathBuf, RuntimeError> {
    for name in ["ld.lld-19", "ld.lld"] {
        if let Some(paths) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&paths) {
                let p = dir.join(name);
                if p.is_file() {
                    return Ok(p);
                }
            }
        }
    }
    Err(RuntimeError::Link("ld.lld-19 not found (apt-get install lld-19)".into()))
}

fn harness_object(target: Target, asm: &str) -> Result<Vec<u8>, RuntimeError> {
    let ctx = Context::create();
    let m = ctx.create_module("hynas_harness");
    let tm = target.machine()?;
    m.set_triple(&tm.get_triple());
    m.set_data_layout(&tm.get_target_data().get_data_layout());
    m.set_inline_assembly(asm);
    let buf = tm.write_to_memory_buffer(&m, FileType::Object).map_err(|e| CodegenError::Llvm(e.to_string()))?;
    Ok(buf.as_slice().to_vec())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), RuntimeError> {
    std::fs::write(path, bytes).map_err(|e| RuntimeError::Io(path.display().to_string(), e))
}

fn u32_at(b: &[u8], i: usize) -> Result<u32, RuntimeError> {
    b.get(i..i + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| RuntimeError::Report(format!("{} bytes, wanted {}", b.len(), i + 4)))
}

/// Compiles, links and runs `graph` in Spike on `input`.
pub fn run_on_spike(
    graph: &Graph,
    plan: &MemoryPlan,
    input: &[f32],
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    run_many_on_spike(graph, plan, input, 1, opts)
}

/// As [`run_on_spike`] for `n` inputs back to back in one Spike run (outputs concatenated;
/// instructions and cycles cover all `n` runs, per-kernel counts the last one).
pub fn run_many_on_spike(
    graph: &Graph,
    plan: &MemoryPlan,
    input: &[f32],
    n: usize,
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    if let Some(&i) = graph.inputs().first() {
        if graph.node(i).dtype.is_int() {
            return Err(RuntimeError::Report("an integer model takes integer inputs (run_int_on_spike)".into()));
        }
    }
    let bytes: Vec<u8> = input.iter().flat_map(|v| v.to_le_bytes()).collect();
    run_bytes_on_spike(graph, plan, &bytes, input.len(), n, opts)
}

/// An integer model in Spike on `n` i8 inputs back to back (values in the i8 range): the
/// outputs in `int_outputs`.
pub fn run_int_on_spike(
    graph: &Graph,
    plan: &MemoryPlan,
    input: &[i32],
    n: usize,
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    let bytes: Vec<u8> = input.iter().map(|&v| v as i8 as u8).collect();
    run_bytes_on_spike(graph, plan, &bytes, input.len(), n, opts)
}

/// The Spike run of both forms: `input` holds `values` input values as bytes.
fn run_bytes_on_spike(
    graph: &Graph,
    plan: &MemoryPlan,
    input: &[u8],
    values: usize,
    n: usize,
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    // Fail before compiling when there is no Spike to run the result.
    can_run(opts)?;
    let t0 = Instant::now();
    let copts = Options {
        target: opts.target,
        schedules: opts.schedules,
        prefix: "hynas_model".into(),
        profile: true,
        separate_kernels: opts.core.is_some(),
        arena_param: false,
    };
    let compiled = compile(graph, plan, &copts, false)?;
    if n == 0 || values != compiled.input_len * n {
        return Err(CodegenError::InputSize { got: values, want: compiled.input_len * n.max(1) }.into());
    }
    let int = graph.outputs().first().is_some_and(|&o| graph.node(o).dtype.is_int());
    run_compiled(&compiled, int, input, n, opts, t0.elapsed())
}

/// A RISC-V target and a Spike to run it.
fn can_run(opts: &RunOptions) -> Result<(), RuntimeError> {
    if !opts.target.is_riscv() {
        return Err(RuntimeError::NotRiscv(opts.target.name()));
    }
    spike::find_spike().map(|_| ())
}

/// Runs an object `compile` made for `opts.target` (the very bytes a user ships, with or without
/// per-kernel counters) in Spike on `n` inputs back to back (`input`: their bytes, f32 or i8 as
/// the model takes; `int`: the model's outputs are i8).
pub fn run_object_on_spike(
    compiled: &Compiled,
    int: bool,
    input: &[u8],
    n: usize,
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    can_run(opts)?;
    check_input_len(compiled, int, input, n)?;
    run_compiled(compiled, int, input, n, opts, Duration::ZERO)
}

/// `input` holds `n >= 1` inputs of `compiled` (i8 values when `int`, else f32).
fn check_input_len(compiled: &Compiled, int: bool, input: &[u8], n: usize) -> Result<(), RuntimeError> {
    let elem = if int { 1 } else { 4 };
    if n == 0 || input.len() != compiled.input_len * n * elem {
        return Err(CodegenError::InputSize { got: input.len() / elem, want: compiled.input_len * n.max(1) }.into());
    }
    Ok(())
}

/// What a harness run reported.
struct Report {
    outputs: Vec<f32>,
    int_outputs: Vec<i32>,
    instructions: u64,
    cycles: u64,
    stack_bytes: usize,
    kernels: Vec<(KernelInfo, u64, u64)>,
}

/// A linked program: the ELF, the RAM it was linked for, the kernels it counts and the model
/// object's section sizes.
struct Linked {
    elf: PathBuf,
    mem: usize,
    counted: usize,
    sections: Sections,
}

/// Assembles the harness for `platform` around `compiled` and links both into `dir/prog.elf`.
fn link_program(
    compiled: &Compiled,
    int: bool,
    input: &[u8],
    n: usize,
    opts: &RunOptions,
    platform: harness::Platform,
    dir: &Path,
) -> Result<Linked, RuntimeError> {
    let out_elem = if int { 1 } else { 4 };
    // Counters only from an object built with them.
    let counted = if compiled.profiled { compiled.kernels.len() } else { 0 };
    let asm = harness::assembly(
        platform,
        &compiled.prefix,
        input,
        n,
        (compiled.output_len, out_elem),
        counted,
        opts.counter_preset,
        opts.counter_skip,
    );
    let hobj = harness_object(opts.target, &asm)?;
    let sections = section_sizes(&compiled.object)?;
    std::fs::create_dir_all(dir).map_err(|e| RuntimeError::Io(dir.display().to_string(), e))?;
    let need = sections.text + sections.rodata + sections.data + sections.bss + input.len() + STACK_BYTES + (1 << 20);
    let mem = match platform.ram_limit() {
        Some(limit) => limit,
        None => need.next_power_of_two().max(16 << 20),
    };
    let (mo, ho, ld, elf) = (dir.join("model.o"), dir.join("harness.o"), dir.join("link.ld"), dir.join("prog.elf"));
    write(&mo, &compiled.object)?;
    write(&ho, &hobj)?;
    write(&ld, harness::linker_script(platform, mem, STACK_BYTES).as_bytes())?;
    let out = Command::new(linker()?)
        .arg("-T")
        .arg(&ld)
        .arg("-o")
        .arg(&elf)
        .arg(&ho)
        .arg(&mo)
        .output()
        .map_err(|e| RuntimeError::Link(e.to_string()))?;
    if !out.status.success() {
        return Err(RuntimeError::Link(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    Ok(Linked { elf, mem, counted, sections })
}

/// Parses the harness's report (see `harness.rs`) at the magic in `stdout`.
fn parse_report(
    stdout: &[u8],
    compiled: &Compiled,
    int: bool,
    n: usize,
    counted: usize,
) -> Result<Report, RuntimeError> {
    let out_elem = if int { 1 } else { 4 };
    let at = stdout
        .windows(4)
        .position(|w| w == harness::MAGIC)
        .ok_or_else(|| RuntimeError::Report(format!("no report in {} bytes of output", stdout.len())))?;
    let r = &stdout[at..];
    let n_out = u32_at(r, 4)? as usize;
    let u64_at =
        |i: usize| -> Result<u64, RuntimeError> { Ok(u64::from(u32_at(r, i)?) | u64::from(u32_at(r, i + 4)?) << 32) };
    let (instructions, cycles, stack) = (u64_at(8)?, u64_at(16)?, u32_at(r, 24)?);
    let n_k = u32_at(r, 28)? as usize;
    if n_out != compiled.output_len * n || n_k != counted {
        return Err(RuntimeError::Report(format!("header says {n_out} outputs and {n_k} kernels")));
    }
    let h = harness::HEADER_BYTES;
    let (outputs, int_outputs) = if int {
        let b = r
            .get(h..h + n_out)
            .ok_or_else(|| RuntimeError::Report(format!("{} bytes, wanted {}", r.len(), h + n_out)))?;
        (vec![], b.iter().map(|&v| v as i8 as i32).collect())
    } else {
        ((0..n_out).map(|i| u32_at(r, h + 4 * i).map(f32::from_bits)).collect::<Result<Vec<_>, _>>()?, vec![])
    };
    // The per-kernel counters follow the outputs directly (separate writes to stdout).
    let base = h + out_elem * n_out;
    let kernels = compiled
        .kernels
        .iter()
        .take(counted)
        .enumerate()
        .map(|(i, k)| Ok((k.clone(), u32_at(r, base + 8 * i)? as u64, u32_at(r, base + 8 * i + 4)? as u64)))
        .collect::<Result<Vec<_>, RuntimeError>>()?;
    Ok(Report { outputs, int_outputs, instructions, cycles, stack_bytes: stack as usize, kernels })
}

/// Links `compiled` with the harness and runs it.
fn run_compiled(
    compiled: &Compiled,
    int: bool,
    input: &[u8],
    n: usize,
    opts: &RunOptions,
    compile_time: Duration,
) -> Result<Profile, RuntimeError> {
    let t0 = Instant::now();
    let tmp = tempfile::tempdir().map_err(|e| RuntimeError::Io("temporary folder".into(), e))?;
    let dir = opts.keep_dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let Linked { elf, mem, counted, sections } =
        link_program(compiled, int, input, n, opts, harness::Platform::Spike, &dir)?;
    let t_link = t0.elapsed();

    let t2 = Instant::now();
    let (stdout, histogram) = spike::run(&elf, opts.target.spike_isa(), mem, opts.timeout, opts.core.is_some())?;
    let t_spike = t2.elapsed();
    let Report { outputs, int_outputs, instructions, cycles, stack_bytes, kernels } =
        parse_report(&stdout, compiled, int, n, counted)?;
    let modelled = match (opts.core, histogram) {
        (Some(core), Some(h)) => {
            let elf_bytes = std::fs::read(&elf).map_err(|e| RuntimeError::Io(elf.display().to_string(), e))?;
            let p =
                cycles::Program::from_elf(&elf_bytes, |n| n.starts_with("hynas_") || n.starts_with(&compiled.prefix))?;
            let counts = p.counts(&cycles::parse_histogram(&h)?);
            let names: Vec<&str> = compiled.kernels.iter().take(counted).map(|k| k.symbol.as_str()).collect();
            let measured: Vec<u64> = kernels.iter().map(|k| k.1).collect();
            Some(cycles::model_cycles(&core, &p, &counts, &names, &measured))
        }
        _ => None,
    };
    let rtl = match &opts.rtl {
        Some(sim) => {
            let r = rtl::run_on_ibex(compiled, int, input, n, sim, opts)?;
            if r.outputs != outputs || r.int_outputs != int_outputs {
                return Err(RuntimeError::Rtl("the RTL simulation's outputs differ from Spike's".into()));
            }
            Some(RtlCounts {
                instructions: r.instructions,
                cycles: r.cycles,
                kernels: r.kernels.iter().map(|(_, i, c)| (*i, *c)).collect(),
                wall: r.timings.spike,
            })
        }
        None => None,
    };
    Ok(Profile {
        outputs,
        int_outputs,
        instructions,
        cycles,
        kernels,
        stack_bytes,
        sections,
        arena_bytes: compiled.arena_bytes,
        timings: Timings { compile: compile_time, link: t_link, spike: t_spike },
        modelled,
        rtl,
    })
}
