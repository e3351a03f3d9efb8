//! The command line: argument parsing (`args`), the commands' glue, logging and output. Every
//! job, measurement method and preset lives in a library crate.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use hynas_codegen::{Options as CgOptions, Schedules, Target};
use hynas_driver::executor::slurm::SlurmOptions;
use hynas_driver::executor::Key;
use hynas_driver::search::ExecutorChoice;
use hynas_driver::{
    compile_model, eval_job, prepare_model, train_job, Backend, DeviceKind, EvalOn, Model, Optimizer, TrainConfig,
};
use hynas_runtime::RunOptions;
use hynas_searcher::{Genome, Space};
use hynas_train::{Augmentation, Overrides, Recipe};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "hynas", version, about = "Find and deploy tiny hybrid CNN-ViT image classifiers on RISC-V")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// The numeric form of a model (`--quantize`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    F32,
    Int8,
}

/// `--executor`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExecutorKind {
    Local,
    Slurm,
}

/// `hynas search --predictor`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PredictorKind {
    None,
    Gp,
}

/// `hynas compile --emit`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Emit {
    Llvm,
    Asm,
}

/// `--core`: the core whose cycles are modelled.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CoreArg {
    /// One cycle per instruction (Spike's own count).
    Spike,
    /// lowRISC Ibex, "small" configuration (rv32imc, fast multiplier).
    IbexSmall,
    /// lowRISC Ibex, "maxperf" (single-cycle multiplier, branch-target ALU).
    IbexMaxperf,
    /// OpenHW CV32E40P (rv32imfc; --fpu-latency is its FPU_ADDMUL_LAT).
    Cv32e40p,
}

/// Cycle-model options.
#[derive(clap::Args, Debug, Clone)]
struct CoreArgs {
    /// Model the cycles of this core from Spike's per-PC counts (runs Spike with -g).
    #[arg(long, value_enum)]
    core: Option<CoreArg>,
    /// Clock for milliseconds.
    #[arg(long, default_value_t = 100.0, value_parser = megahertz)]
    clock_mhz: f64,
    /// FP add/mul/fma latency of cores with an FPU (cv32e40p's FPU_ADDMUL_LAT).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=8))]
    fpu_latency: u32,
}

impl CoreArgs {
    /// The core's name as its timing table spells it.
    fn name(&self) -> Option<String> {
        use clap::ValueEnum;
        self.core.and_then(|c| c.to_possible_value()).map(|v| v.get_name().to_string())
    }

    /// A search's record of the core (`None` without `--core`).
    fn choice(&self) -> Option<hynas_driver::record::CoreChoice> {
        self.name().map(|name| hynas_driver::record::CoreChoice {
            name,
            fpu_latency: self.fpu_latency,
            clock_mhz: self.clock_mhz,
        })
    }

    fn core(&self) -> Result<Option<hynas_runtime::cycles::cores::Core>> {
        let Some(name) = self.name() else { return Ok(None) };
        hynas_runtime::cycles::cores::Core::named(&name, self.fpu_latency)
            .map(Some)
            .ok_or_else(|| anyhow::anyhow!("no timing table for core {name}"))
    }
}

/// `hynas eval --on`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum OnArg {
    Host,
    Spike,
}

/// Post-training quantisation options.
#[derive(clap::Args, Debug, Clone)]
struct QuantArgs {
    /// f32, or int8 (TFLite's scheme: per-channel int8 weights, int8 activations, int32 biases,
    /// integer softmax and attention).
    #[arg(long, value_enum, default_value_t = Form::F32)]
    quantize: Form,
    /// CIFAR-10 folder whose training images calibrate the int8 ranges (needed with int8).
    #[arg(long)]
    calibration_data: Option<PathBuf>,
    /// Calibration images (the first N of the training split).
    #[arg(long, default_value_t = 512)]
    calibration_images: usize,
    /// Range estimator: minmax, percentile:P (e.g. percentile:99.99) or mse.
    #[arg(long, default_value = "minmax")]
    calibration: String,
}

impl QuantArgs {
    /// The range estimator for int8, `None` for f32; the checks both builders share.
    fn method(&self) -> Result<Option<hynas_passes::quantize::Calibration>> {
        let method = hynas_passes::quantize::Calibration::parse(&self.calibration).ok_or_else(|| {
            anyhow::anyhow!("--calibration {}: choose minmax, mse or percentile:P with 50 < P <= 100", self.calibration)
        })?;
        if self.quantize == Form::F32 {
            if self.calibration_data.is_some() {
                bail!("--calibration-data is for --quantize int8");
            }
            return Ok(None);
        }
        if self.calibration_images == 0 {
            bail!("--calibration-images must be at least 1");
        }
        Ok(Some(method))
    }

    /// A search's quantisation: calibration on `--calibration-data`, else on the search's data.
    fn search_spec(&self) -> Result<Option<hynas_driver::record::Quantization>> {
        if self.method()?.is_none() {
            return Ok(None);
        }
        let data = match &self.calibration_data {
            Some(d) => Some(std::fs::canonicalize(d).with_context(|| format!("--calibration-data {}", d.display()))?),
            None => None,
        };
        Ok(Some(hynas_driver::record::Quantization {
            images: self.calibration_images,
            calibration: self.calibration.clone(),
            data,
        }))
    }

    /// The quantisation to apply, or `None` for f32; bad combinations are errors.
    fn spec(&self) -> Result<Option<hynas_driver::jobs::QuantizeSpec>> {
        let Some(method) = self.method()? else { return Ok(None) };
        let Some(data) = self.calibration_data.clone() else {
            bail!("--quantize int8 needs --calibration-data DIR (a CIFAR-10 folder whose training images calibrate the ranges)")
        };
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
        Ok(Some(hynas_driver::jobs::QuantizeSpec { data, images: self.calibration_images, method, threads }))
    }
}

#[derive(clap::Args)]
struct ModelArgs {
    /// A genome JSON file, `resnet8`, `probe`, or an ONNX model (float32, static shapes).
    model: String,
    /// Trained weights (safetensors); without them, seeded PyTorch-style initial weights.
    #[arg(long)]
    weights: Option<PathBuf>,
    /// Seed of the initial weights (and of the test input).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Target: rv32imf, rv32imfc, rv32imafdc, rv32im or rv32imc (no FPU: int8 only) or host.
    #[arg(long, default_value = "rv32imf", value_parser = parse::target)]
    target: Target,
    /// Print the IR after this pass (fold_batch_norm, fold_scale, eliminate_dead, fuse_attention, fuse_ops).
    #[arg(long)]
    dump_after: Option<String>,
    /// Skip a pass (repeatable), e.g. to measure what it buys.
    #[arg(long = "disable-pass")]
    disable_pass: Vec<String>,
    /// Kernel schedules: tuned (per-layer tiles) or baseline (the same kernels with fixed tiles).
    #[arg(long, default_value = "tuned", value_parser = parse::schedules)]
    schedules: Schedules,
    #[command(flatten)]
    quant: QuantArgs,
}

/// Knowledge distillation from a trained teacher.
#[derive(clap::Args, Clone, Debug)]
struct DistillArgs {
    /// Distil from this teacher: a genome JSON file, `resnet8`, or an ONNX model; it may exceed
    /// the parameter budget (e.g. a wider resnet-space genome).
    #[arg(long)]
    teacher: Option<String>,
    /// The teacher's trained weights (safetensors; an ONNX teacher brings its own).
    #[arg(long, requires = "teacher")]
    teacher_weights: Option<PathBuf>,
    /// Distillation temperature T (> 0).
    #[arg(long, default_value_t = 4.0, requires = "teacher")]
    kd_temperature: f64,
    /// Weight A of the distillation term: (1 - A) CE + A T^2 KL, in [0, 1].
    #[arg(long, default_value_t = 0.9, requires = "teacher")]
    kd_alpha: f64,
}

impl DistillArgs {
    /// The distillation settings, checked, and the teacher's graph (weights loaded); `None`
    /// without `--teacher`.
    fn load(&self) -> Result<Option<(hynas_train::Distill, hynas_ir::Graph)>> {
        let Some(t) = &self.teacher else { return Ok(None) };
        let d = hynas_train::Distill {
            teacher: format!(
                "{t}{}",
                self.teacher_weights.as_ref().map(|w| format!(" ({})", w.display())).unwrap_or_default()
            ),
            alpha: self.kd_alpha,
            temperature: self.kd_temperature,
        };
        d.check().map_err(|e| anyhow::anyhow!("--kd-alpha/--kd-temperature: {e}"))?;
        Ok(Some((d, hynas_driver::jobs::load_teacher(t, self.teacher_weights.as_deref(), 10)?)))
    }
}

/// Which training backend, device and threads.
#[derive(clap::Args, Clone, Debug)]
struct TrainerArgs {
    /// Training backend: flex (burn, pure Rust, the default) or torch (libtorch; a build with
    /// `--features torch` after `bash scripts/setup.sh --torch`).
    #[arg(long, default_value = "flex", value_parser = Backend::parse)]
    backend: Backend,
    /// cpu, cuda or cuda:N (CUDA with the torch backend only).
    #[arg(long, default_value = "cpu", value_parser = DeviceKind::parse)]
    device: DeviceKind,
    /// Compute threads per training [default: all cores; in a search, cores / --parallel].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
}

impl TrainerArgs {
    /// Applies the choice to a recipe after checking that this build and machine provide it.
    fn apply(&self, cfg: &mut TrainConfig, default_threads: Option<usize>) -> Result<()> {
        hynas_train::check_backend(self.backend, self.device)?;
        cfg.backend = self.backend;
        cfg.device = self.device;
        cfg.threads = self.threads.map(usize::from).or(default_threads);
        Ok(())
    }
}

/// Where `hynas search` evaluates candidates, and how cluster jobs are submitted.
#[derive(clap::Args, Clone, Debug)]
struct SlurmArgs {
    /// local (worker threads on this machine) or slurm (one sbatch job per candidate; see the
    /// README, "Running a search on a Slurm cluster").
    #[arg(long, value_enum, default_value_t = ExecutorKind::Local)]
    executor: ExecutorKind,
    /// Slurm partition [default: the cluster's default].
    #[arg(long)]
    slurm_partition: Option<String>,
    /// Time limit of a candidate's job (Slurm formats: minutes, H:MM:SS, D-HH:MM:SS).
    #[arg(long, default_value = "30:00", value_parser = slurm_time)]
    slurm_time: String,
    /// Time limit of a final retraining's job.
    #[arg(long, default_value = "4:00:00", value_parser = slurm_time)]
    slurm_final_time: String,
    /// CPUs per job; the job trains on this many threads.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1024))]
    slurm_cpus: u32,
    /// Memory per job (sbatch --mem, e.g. 4G) [default: the cluster's default].
    #[arg(long)]
    slurm_mem: Option<String>,
    /// Another sbatch argument, as given (repeatable), e.g. --slurm-arg=--account=ml.
    #[arg(long = "slurm-arg", allow_hyphen_values = true)]
    slurm_arg: Vec<String>,
    /// A file of shell lines run at the start of each job (module load, PATH for Spike).
    #[arg(long)]
    slurm_setup: Option<PathBuf>,
    /// Seconds between two looks at the queue.
    #[arg(long, default_value = "3", value_parser = seconds)]
    slurm_poll: f64,
}

impl SlurmArgs {
    fn executor(&self, parallel: usize) -> ExecutorChoice {
        if self.executor != ExecutorKind::Slurm {
            return ExecutorChoice::Local;
        }
        ExecutorChoice::Slurm(SlurmOptions {
            partition: self.slurm_partition.clone(),
            time: self.slurm_time.clone(),
            final_time: self.slurm_final_time.clone(),
            cpus: self.slurm_cpus,
            mem: self.slurm_mem.clone(),
            args: self.slurm_arg.clone(),
            setup: self.slurm_setup.clone(),
            parallel,
            poll: Duration::from_secs_f64(self.slurm_poll),
            ..Default::default()
        })
    }
}

fn parse_key(s: &str) -> std::result::Result<Key, String> {
    Key::parse(s).ok_or_else(|| {
        format!("`{}`: expected a candidate index, baseline, best-<i> or front-<i>", hynas_driver::search::clip(s))
    })
}

fn c_prefix(s: &str) -> std::result::Result<String, String> {
    hynas_codegen::check_prefix(s).map(|()| s.to_string()).map_err(|e| e.to_string())
}

/// A time limit in seconds: finite, above 0 and at most a week.
/// A Slurm time limit (minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or UNLIMITED) of more than 0
/// seconds: Slurm reads `0` as no limit at all in some configurations and as an instant kill in
/// others, and `sbatch --test-only` accepts it either way.
fn slurm_time(s: &str) -> std::result::Result<String, String> {
    let bad =
        || format!("`{}` is not a Slurm time limit above 0 (minutes, H:MM:SS or D-HH:MM:SS)", hynas_ir::text::clip(s));
    if matches!(s, "UNLIMITED" | "INFINITE" | "unlimited" | "infinite") {
        return Ok(s.to_string());
    }
    let (days, rest) = match s.split_once('-') {
        Some((d, r)) => (d.parse::<u64>().map_err(|_| bad())?, r),
        None => (0, s),
    };
    let parts: Vec<u64> = rest.split(':').map(|p| p.parse::<u64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    // Without days: M, M:S, H:M:S; with days: H, H:M, H:M:S.
    let secs = match (s.contains('-'), parts.as_slice()) {
        (false, [m]) => m * 60,
        (false, [m, sec]) => m * 60 + sec,
        (_, [h, m, sec]) => h * 3600 + m * 60 + sec,
        (true, [h]) => h * 3600,
        (true, [h, m]) => h * 3600 + m * 60,
        _ => return Err(bad()),
    } + days * 86_400;
    match secs {
        0 => Err(bad()),
        _ => Ok(s.to_string()),
    }
}

/// Writes an output file whole or not at all (a temporary file renamed; a full disk leaves no
/// truncated file); a device (`/dev/null`) is written directly; a FIFO, socket or folder refused.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    match hynas_ir::files::check_output(path)? {
        hynas_ir::files::Output::File => hynas_driver::record::write_atomic(path, bytes).map_err(anyhow::Error::from),
        hynas_ir::files::Output::Device => std::fs::write(path, bytes).map_err(anyhow::Error::from),
    }
    .with_context(|| format!("writing {}", path.display()))
}

fn megahertz(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 100_000.0 => Ok(v),
        Ok(v) => Err(format!("{v} is not a clock in MHz (0 < f <= 100000)")),
        Err(e) => Err(format!("`{s}`: {e}")),
    }
}

/// `--rtl`: a simulator binary, before any work.
fn check_simulator(sim: Option<&std::path::Path>) -> Result<()> {
    match sim {
        Some(s) if !s.is_file() => {
            bail!("--rtl {}: not a file (build the simulation with scripts/rtl-sim.sh small|maxperf)", s.display())
        }
        _ => Ok(()),
    }
}

/// A positive, finite number of milliseconds.
fn milliseconds(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a positive number of milliseconds")),
    }
}

fn seconds(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 7.0 * 86_400.0 => Ok(v),
        Ok(v) => Err(format!("{v} is not a time limit in seconds (0 < t <= 604800)")),
        Err(e) => Err(format!("`{s}`: {e}")),
    }
}

/// The machine's cores (for the default split of threads between search workers).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl ModelArgs {
    fn disabled(&self) -> Vec<&str> {
        self.disable_pass.iter().map(String::as_str).collect()
    }

    /// Loads, lowers and optimises the model; with `--quantize int8`, its calibrated int8 form.
    fn prepare(&self) -> Result<hynas_driver::jobs::Prepared> {
        let spec = self.quant.spec()?;
        let m = Model::load(&self.model).with_context(|| format!("loading {}", self.model))?;
        let mut p =
            prepare_model(&m, self.weights.as_deref(), self.seed, self.dump_after.as_deref(), &self.disabled())?;
        if let Some(spec) = spec {
            hynas_driver::jobs::quantize_in_place(&mut p, &spec)?;
        }
        Ok(p)
    }
}

/// The example data sets of `make-data`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ExampleArg {
    VehiclesAnimals,
    Gray,
    Big64,
    Synthetic,
}

impl From<ExampleArg> for hynas_train::examples::Example {
    fn from(e: ExampleArg) -> Self {
        use hynas_train::examples::Example;
        match e {
            ExampleArg::VehiclesAnimals => Example::VehiclesAnimals,
            ExampleArg::Gray => Example::Gray,
            ExampleArg::Big64 => Example::Big64,
            ExampleArg::Synthetic => Example::Synthetic,
        }
    }
}

// Parsed once per process: the size of the largest variant (search options) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Cmd {
    /// Print valid genomes of a search space within a parameter budget, one JSON per line.
    Sample {
        /// Search space: conv_vit, conv_vit_lin (ReLU linear attention, HANNAH's use_lin_attn) or resnet.
        #[arg(long, default_value = "conv_vit", value_parser = parse::space)]
        space: Space,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, default_value_t = 1)]
        count: usize,
        #[arg(long, default_value_t = 100_000)]
        max_params: u64,
    },
    /// Print parameters, MACs, peak activation bytes and the IR of a model.
    Inspect {
        /// A genome JSON file, `resnet8`, `probe`, or an ONNX model.
        model: String,
        #[arg(long)]
        json: bool,
        /// Seed of the (untrained) weights.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print the genome's training program instead (layers with shapes, steps with operands:
        /// the JSON `scripts/bench_pytorch.py` builds a PyTorch module from).
        #[arg(long)]
        training_program: bool,
    },
    /// Write a model as ONNX (opset 17, float32, NCHW input), for onnxruntime, TVM, TFLite
    /// converters and other deployment tools.
    Export {
        /// A genome JSON file, `resnet8`, `probe`, or an ONNX model.
        model: String,
        /// Trained weights (safetensors); without them, seeded PyTorch-style initial weights.
        #[arg(long)]
        weights: Option<PathBuf>,
        /// Seed of the initial weights.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(short, long)]
        output: PathBuf,
        /// Fold BatchNorm into the preceding convolutions (default: kept as BatchNormalization;
        /// always folded in an int8 export).
        #[arg(long)]
        fold_bn: bool,
        /// Write the batch axis as the symbolic dimension `batch` (default: the model's, 1).
        #[arg(long)]
        dynamic_batch: bool,
        /// With `--quantize int8`: the calibrated int8 model in QDQ form (int8 weights, int32
        /// biases, QuantizeLinear/DequantizeLinear around every value).
        #[command(flatten)]
        quant: QuantArgs,
    },
    /// Compile a model to an ELF object (and a C header).
    Compile {
        #[command(flatten)]
        m: ModelArgs,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        header: Option<PathBuf>,
        /// Also write LLVM IR (`llvm`, to OUTPUT.ll) or assembly (`asm`, to OUTPUT.s).
        #[arg(long, value_enum)]
        emit: Option<Emit>,
        /// Symbol prefix of the entry point `<prefix>_run` (a C identifier).
        #[arg(long, default_value = "hynas_model", value_parser = c_prefix)]
        prefix: String,
        /// Write the object without first running it (in Spike, or the host JIT for `host`) on
        /// one seeded input against the reference interpreter.
        #[arg(long)]
        no_check: bool,
        /// Spike time limit of that check, in seconds.
        #[arg(long, default_value_t = 120.0, value_parser = seconds)]
        timeout: f64,
    },
    /// Run a model in Spike: instructions, cycles, per-kernel counts, ROM, RAM, arena; the
    /// outputs are checked against the reference interpreter.
    Profile {
        #[command(flatten)]
        m: ModelArgs,
        #[command(flatten)]
        cores: CoreArgs,
        /// Run the same object on this Verilator simulation of Ibex too (the path
        /// `scripts/rtl-sim.sh small|maxperf` prints) and print its cycles beside the model's.
        #[arg(long, requires = "core", value_name = "SIMULATOR")]
        rtl: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Spike time limit in seconds.
        #[arg(long, default_value_t = 120.0)]
        #[arg(value_parser = seconds)]
        timeout: f64,
    },
    /// Train a model on CIFAR-10 (flex or torch backend); writes weights, genome and metrics into --out.
    Train {
        /// A genome JSON file or `resnet8`.
        model: String,
        /// CIFAR-10: binary batches or train/ and test/ image folders.
        #[arg(long, default_value = "data/cifar10-sample")]
        data: PathBuf,
        /// A named recipe: proxy (HANNAH's proxy training, 10 epochs), sgd (SGD Nesterov 0.1, crop +
        /// flip, 30 epochs) or hannah (HANNAH's final training: 100 epochs, batch 256, AdamW
        /// one-cycle max_lr 0.01, flip/affine/crop/erasing). The options below override single
        /// settings. Without a recipe: HANNAH's proxy recipe for 2 epochs.
        #[arg(long, value_parser = Recipe::parse)]
        recipe: Option<Recipe>,
        #[arg(long)]
        epochs: Option<usize>,
        /// Train on the first N images of the (shuffled) training split.
        #[arg(long)]
        train_subset: Option<usize>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        batch: Option<usize>,
        /// Peak learning rate of the one-cycle schedule.
        #[arg(long)]
        lr: Option<f64>,
        #[arg(long)]
        weight_decay: Option<f64>,
        /// adamw (HANNAH's) or sgd (Nesterov momentum 0.9).
        #[arg(long, value_parser = parse::optimizer)]
        optimizer: Option<Optimizer>,
        /// Augmentation: none, crop-flip (random crop with padding 4 + horizontal flip; what a bare
        /// --augment means) or hannah (flip, random affine, crop, random erasing).
        #[arg(long, num_args = 0..=1, default_missing_value = "crop-flip", value_parser = Augmentation::parse)]
        augment: Option<Augmentation>,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[command(flatten)]
        distill: DistillArgs,
        /// Continue the training checkpointed in OUT/checkpoint (after every epoch) with the
        /// same settings.
        #[arg(long)]
        resume: bool,
        #[command(flatten)]
        trainer: TrainerArgs,
    },
    /// Test accuracy of a compiled model on the host or in Spike.
    Eval {
        /// A genome JSON file, `resnet8`, or an ONNX model (which brings its weights).
        model: String,
        /// Trained weights (safetensors); needed for a genome.
        #[arg(long)]
        weights: Option<PathBuf>,
        #[arg(long, default_value = "data/cifar10-sample")]
        data: PathBuf,
        /// host (the compiled kernels, JIT-compiled for this machine) or spike (the RISC-V
        /// program; int8 models on rv32imc).
        #[arg(long, value_enum, default_value_t = OnArg::Host)]
        on: OnArg,
        /// Evaluate a seeded, class-balanced subset of this many test images (the same for
        /// every model and run; not the first N, which in folder order are one class).
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
        /// Also write the predictions to this file, one line per image: its index in the test
        /// split and the predicted class.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Seconds per Spike run of up to 250 images [default: from the model's MACs, 60 s plus
        /// 4 instructions per MAC at 10M instructions/s].
        #[arg(long, value_parser = seconds)]
        timeout: Option<f64>,
        #[command(flatten)]
        quant: QuantArgs,
    },
    /// Latency-aware evolutionary search: compile + Spike + proxy training per candidate.
    Search(search::SearchArgs),
    /// Make an example data set in the ImageFolder layout: vehicles-animals (2 classes, 32x32),
    /// gray (10 classes, one channel, 32x32) and big64 (5 classes, 64x64) from a CIFAR-10 copy;
    /// synthetic (20 classes of shapes and textures, 48x48, seeded) from nothing.
    MakeData {
        #[arg(value_enum)]
        example: ExampleArg,
        /// The folder to write (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// The CIFAR-10 copy the derived sets are made from.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Seed of the synthetic set.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Training images per class of the synthetic set (a quarter as many for testing).
        #[arg(long, default_value_t = 200)]
        per_class: usize,
    },
    /// (used by cluster jobs) Evaluate one task of a search folder: the genome the search wrote
    /// into tasks/<index>.json, with the settings of its search.json; writes results/<index>.json.
    EvaluateCandidate {
        /// The search folder.
        #[arg(long)]
        out: PathBuf,
        /// The candidate's index, or `baseline`, `best-<i>` (final retraining into best/) or
        /// `front-<i>` (into front/<i>/).
        #[arg(long, value_parser = parse_key)]
        index: Key,
        /// The submission this job is (1 = first); recorded with the result.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        attempt: u32,
    },
    /// Profile a fixed list of models (resnet8, three committed conv_vit genomes, probe).
    Bench {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = "rv32imf", value_parser = parse::target)]
        target: Target,
        /// The schedules of the baseline column (f32): baseline (the same kernels with fixed
        /// tiles) or tuned (to compare a run with itself).
        #[arg(long, default_value = "baseline", value_parser = parse::schedules)]
        baseline: Schedules,
        /// Measure training throughput instead: every backend of this build and PyTorch eager
        /// (when installed), ResNet-8 and a conv_vit genome, 1 and 2 threads, side by side.
        #[arg(long)]
        train: bool,
        /// Optimiser steps per training measurement.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        steps: u32,
        /// Rounds over all measurements (interleaved); the median of each is reported.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
        #[arg(long, default_value = "data/cifar10-sample")]
        data: PathBuf,
        /// Measure how well cheap training proxies rank genomes instead: a seeded set of
        /// --genomes genomes trained at the --reference fidelity and at each of --fidelities
        /// (Kendall tau, Spearman rho, core-seconds). Resumable: finished trainings are kept.
        #[arg(long)]
        proxy: bool,
        /// conv_vit, conv_vit_lin or resnet (--proxy).
        #[arg(long, default_value = "conv_vit", value_parser = parse::space)]
        space: Space,
        /// Genomes in the set (--proxy).
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(2..=1000))]
        genomes: u32,
        /// Reference fidelity, EPOCHSxIMAGES (--proxy; HANNAH's 10 epochs on the 45k split).
        #[arg(long, default_value = "10x45000")]
        reference: String,
        /// Cheap fidelities, comma-separated EPOCHSxIMAGES (--proxy).
        #[arg(long, default_value = "1x10000,1x45000,2x30000")]
        fidelities: String,
        #[arg(long, default_value_t = 100_000)]
        max_params: u64,
        /// Leave out genomes above this many MACs (--proxy; 15M MACs is about the 30M
        /// instructions the searches allow).
        #[arg(long, default_value_t = 15_000_000)]
        max_macs: u64,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Trainings side by side (--proxy).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
        parallel: u32,
        /// Where the trainings and report go [default: out/proxy-<space>] (--proxy).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only print the table from the trainings done so far; train nothing (--proxy).
        #[arg(long)]
        report_only: bool,
        #[command(flatten)]
        trainer: TrainerArgs,
        #[command(flatten)]
        quant: QuantArgs,
        /// Modelled cycles of --core beside the instructions; with --rtl, the cycle model's
        /// validation instead: the int8 bench models, a kernel sweep and (with --coremark)
        /// CoreMark, modelled against the Verilator simulation of Ibex (scripts/validate-cycles.sh).
        #[command(flatten)]
        cores: CoreArgs,
        /// The cycle model's validation (with --core ibex-small|ibex-maxperf --quantize int8
        /// --target rv32imc): this Verilator simulation of Ibex (`scripts/rtl-sim.sh`).
        #[arg(long, requires = "core", value_name = "SIMULATOR")]
        rtl: Option<PathBuf>,
        /// With --rtl: a folder of CoreMark builds for Ibex's simple system, `<build>-<iterations>.elf`,
        /// two iteration counts per build.
        #[arg(long, requires = "rtl")]
        coremark: Option<PathBuf>,
    },
    /// (internal) one training-throughput measurement; prints images/s.
    #[command(hide = true)]
    BenchTrainWorker {
        #[arg(long, default_value = "resnet8")]
        model: String,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        steps: u32,
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..=65_536))]
        batch: u32,
        #[arg(long, default_value = "adamw", value_parser = parse::optimizer)]
        optimizer: Optimizer,
        /// torch: PyTorch's default NCHW layout instead of channels-last.
        #[arg(long)]
        nchw: bool,
        #[command(flatten)]
        trainer: TrainerArgs,
    },
}

/// The progress bar on screen, if any: log lines are written around it.
static BAR: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

/// A log line for stderr, written when dropped (one event), around the progress bar.
struct BarLine(Vec<u8>);

impl Write for BarLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for BarLine {
    fn drop(&mut self) {
        let put = || {
            let _ = std::io::stderr().write_all(&self.0);
        };
        match BAR.lock().ok().and_then(|b| b.clone()) {
            Some(b) => b.suspend(put),
            None => put(),
        }
    }
}

/// Logs (`RUST_LOG`, default `info`) to stderr and, for a search, to `search.log` in its folder.
fn init_logging(log_file: Option<PathBuf>) {
    use tracing_subscriber::{fmt, prelude::*, EnvFilter};
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer()
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(|| BarLine(Vec::new()))
        .with_filter(filter());
    // A folder that cannot be written is reported by the search itself, before any work.
    let file = log_file
        .and_then(|p| {
            std::fs::create_dir_all(p.parent()?).ok()?;
            std::fs::OpenOptions::new().create(true).append(true).open(p).ok()
        })
        .map(|f| {
            fmt::layer().with_ansi(false).with_target(false).with_writer(std::sync::Mutex::new(f)).with_filter(filter())
        });
    tracing_subscriber::registry().with(stderr).with(file).init();
}

/// `println!` that returns an error naming standard output when the write fails (a full disk,
/// `> /dev/full`) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*).context("writing to standard output")?
    }};
}

/// `print!`, as [`outln`].
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($t)*).context("writing to standard output")?
    }};
}

mod search;

/// clap value parsers for the library's option types (names and errors from the library).
mod parse {
    use hynas_codegen::{Schedules, Target};
    use hynas_driver::Optimizer;
    use hynas_searcher::strategy::Strategy;
    use hynas_searcher::Space;

    pub fn target(s: &str) -> Result<Target, String> {
        Target::parse(s).map_err(|e| e.to_string())
    }
    pub fn schedules(s: &str) -> Result<Schedules, String> {
        Schedules::parse(s).map_err(|e| e.to_string())
    }
    pub fn space(s: &str) -> Result<Space, String> {
        Space::parse(s).map_err(|e| e.to_string())
    }
    pub fn strategy(s: &str) -> Result<Strategy, String> {
        Strategy::parse(s).map_err(|e| e.to_string())
    }
    pub fn optimizer(s: &str) -> Result<Optimizer, String> {
        Optimizer::parse(s).ok_or_else(|| format!("\"{s}\": choose sgd or adamw"))
    }
}

/// Output into a closed pipe (`hynas inspect resnet8 | head -1`) ends the process quietly, as
/// for other Unix tools, instead of a panic in `println!`: Rust ignores SIGPIPE by default.
fn restore_sigpipe() {
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    // SAFETY: called once at start-up, before any thread exists; sets the default disposition.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

/// Runs the command line of `std::env::args` (both binaries' `main`).
pub fn main() -> Result<()> {
    run().map_err(with_flag)?;
    use std::io::Write as _;
    std::io::stdout().flush().context("writing to standard output")
}

impl Cmd {
    /// The training backend options of the commands that train.
    fn trainer(&self) -> Option<&TrainerArgs> {
        match self {
            Cmd::Train { trainer, .. }
            | Cmd::Search(search::SearchArgs { trainer, .. })
            | Cmd::BenchTrainWorker { trainer, .. }
            | Cmd::Bench { proxy: true, trainer, .. } => Some(trainer),
            _ => None,
        }
    }
}

/// The libraries describe a problem without the CLI's words; this names the flag that fixes it.
fn with_flag(e: anyhow::Error) -> anyhow::Error {
    use hynas_codegen::CodegenError as C;
    use hynas_driver::DriverError as D;
    use hynas_runtime::RuntimeError as R;
    use hynas_searcher::SearchError as S;
    let flag = |c: &(dyn std::error::Error + 'static)| -> Option<&'static str> {
        let codegen = |c: &C| matches!(c, C::NeedsFpu { .. }).then_some("use --quantize int8");
        let search = |s: &S| matches!(s, S::ParamBudget { .. }).then_some("raise --max-params");
        match (c.downcast_ref::<D>(), c.downcast_ref::<C>(), c.downcast_ref::<S>()) {
            (Some(D::Codegen(c)), ..) | (Some(D::Runtime(R::Codegen(c))), ..) | (_, Some(c), _) => codegen(c),
            (Some(D::Search(s)), ..) | (_, _, Some(s)) => search(s),
            _ => None,
        }
    };
    match e.chain().find_map(flag) {
        Some(f) => anyhow::anyhow!("{e:#} ({f})"),
        None => e,
    }
}

/// `--backend torch` in a process without libtorch: checks that libtorch can be loaded, then
/// replaces this process by `hynas-torch` (next to this binary) with the same arguments.
fn hand_over_to_torch() -> Result<()> {
    if !Backend::Torch.compiled_in() {
        // The error says how to get a build with the backend.
        hynas_train::check_backend(Backend::Torch, DeviceKind::Cpu)?;
    }
    // HYNAS_LIBTORCH_LIB points at another libtorch 2.13 `lib` folder without a rebuild.
    let over = std::env::var_os("HYNAS_LIBTORCH_LIB").map(PathBuf::from);
    let Some(lib) = over.clone().or(option_env!("HYNAS_LIBTORCH_LIB").map(PathBuf::from)) else {
        bail!("--backend torch: this build does not know where libtorch is; rebuild with `--features torch`")
    };
    for f in ["libtorch_cpu.so", "libtorch.so", "libc10.so"] {
        if !lib.join(f).is_file() {
            bail!(
                "--backend torch: libtorch 2.13 cannot be loaded: {} is missing (the PyTorch venv of \
                 `bash scripts/setup.sh --torch` was moved or removed?); run `bash scripts/setup.sh --torch` \
                 again, or set HYNAS_LIBTORCH_LIB to the `lib` folder of a PyTorch 2.13",
                lib.join(f).display()
            );
        }
    }
    let exe = std::env::current_exe().context("locating the hynas binary")?.with_file_name("hynas-torch");
    if !exe.is_file() {
        bail!("--backend torch: {} is missing; build it with `cargo build --release --features torch`", exe.display());
    }
    let mut cmd = std::process::Command::new(&exe);
    cmd.args(std::env::args_os().skip(1));
    if let Some(l) = over {
        cmd.env("LD_LIBRARY_PATH", l);
    }
    let err = std::os::unix::process::CommandExt::exec(&mut cmd);
    Err(anyhow::anyhow!("starting {}: {err}", exe.display()))
}

/// The CLI (also of `hynas-torch`).
pub fn run() -> Result<()> {
    restore_sigpipe();
    let cli = Cli::parse();
    if cli.cmd.trainer().is_some_and(|t| t.backend == Backend::Torch) && !hynas_train::torch_loaded() {
        return hand_over_to_torch();
    }
    // A cluster job of a search that trains with torch: the backend comes from search.json.
    if let Cmd::EvaluateCandidate { out, .. } = &cli.cmd {
        let torch = hynas_driver::record::SearchConfig::read(&out.join("search.json"))
            .ok()
            .and_then(|c| c.evaluation)
            .is_some_and(|e| e.proxy.backend == Backend::Torch || e.final_train.backend == Backend::Torch);
        if torch && !hynas_train::torch_loaded() {
            return hand_over_to_torch();
        }
    }
    init_logging(match &cli.cmd {
        Cmd::Search(a) => Some(a.out.join("search.log")),
        _ => None,
    });
    match cli.cmd {
        Cmd::MakeData { example, out, data, seed, per_class } => {
            let ex = hynas_train::examples::Example::from(example);
            let made = hynas_train::examples::make(ex, data.as_deref(), &out, seed, per_class)?;
            println!(
                "{}: {} training and {} test images, {} classes ({}) in {}",
                ex.name(),
                made.train,
                made.test,
                made.classes.len(),
                made.classes.join(", "),
                out.display()
            );
        }
        Cmd::Sample { space, seed, count, max_params } => {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for _ in 0..count {
                let (g, _) = space.sample_valid(&mut rng, max_params)?;
                writeln!(out, "{}", serde_json::to_string(&g.to_json())?).context("writing to standard output")?;
            }
            // Dropping a BufWriter ignores a failed last write (a full disk): flush explicitly.
            out.flush().context("writing to standard output")?;
        }
        Cmd::Inspect { model, json, seed, training_program } => {
            let m = Model::load(&model).with_context(|| format!("loading {model}"))?;
            if training_program {
                let Some(g) = m.genome() else { bail!("--training-program: {model} is not a genome") };
                outln!("{}", serde_json::to_string_pretty(&hynas_driver::program_json(g)?)?);
                return Ok(());
            }
            let counts = m.counts()?;
            let graph = m.graph(seed)?;
            hynas_ir::verify(&graph)?;
            let ir = hynas_ir::print(&graph);
            if json {
                let v = serde_json::json!({
                    "space": m.kind(),
                    "params": counts.params,
                    "macs": counts.macs,
                    "peak_activation_bytes": counts.peak_activation_bytes,
                    "last_feature_map": counts.last_fmap,
                    "genome": m.genome().map(Genome::to_json),
                    "ir": ir,
                });
                outln!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                match m.genome() {
                    Some(g) => outln!("model: {model} (space {})", g.space_name()),
                    None => outln!("model: {model} (ONNX, input {:?})", m.input_dims()),
                }
                outln!("params: {}", counts.params);
                outln!("MACs: {}", counts.macs);
                outln!("peak activation bytes: {}", counts.peak_activation_bytes);
                outln!("last feature map: {0}x{0}", counts.last_fmap);
                outln!();
                out!("{ir}");
            }
        }
        Cmd::Export { model, weights, seed, output, fold_bn, dynamic_batch, quant } => {
            let spec = quant.spec()?;
            let m = Model::load(&model).with_context(|| format!("loading {model}"))?;
            let name = output.file_stem().map_or("hynas".into(), |s| s.to_string_lossy().into_owned());
            let opts = hynas_onnx::ExportOptions { dynamic_batch, name };
            let (bytes, nodes) =
                hynas_driver::jobs::export_onnx(&m, weights.as_deref(), seed, fold_bn, spec.as_ref(), &opts)?;
            write_output(&output, &bytes)?;
            outln!(
                "wrote {} ({} bytes, ONNX opset {}, {nodes} nodes{}{}{})",
                output.display(),
                bytes.len(),
                hynas_onnx::OPSET,
                if spec.is_some() { ", int8 QDQ" } else { "" },
                if fold_bn { ", BatchNorm folded" } else { "" },
                if dynamic_batch { ", symbolic batch" } else { "" }
            );
        }
        Cmd::Compile { m, output, header, emit, prefix, no_check, timeout } => {
            // Every output checked before the work, so a bad one leaves no partial set.
            for p in std::iter::once(&output).chain(header.as_ref()) {
                hynas_ir::files::check_output(p)?;
            }
            let target = m.target;
            let want_text = emit.is_some();
            let p = m.prepare()?;
            let schedules = m.schedules;
            let c = compile_model(&p, &CgOptions { target, schedules, prefix, ..Default::default() }, want_text)?;
            // Nothing is written that disagrees with the interpreter.
            if !no_check {
                let err = hynas_driver::jobs::check_compiled(&p, &c, target, Duration::from_secs_f64(timeout), m.seed)
                    .context("checking the compiled model (--no-check skips this)")?;
                let how = if p.is_int8() { "bit for bit".to_string() } else { format!("relative error {err:.1e}") };
                eprintln!("checked on one seeded input against the reference interpreter: {how}");
            }
            write_output(&output, &c.object)?;
            if let Some(h) = header {
                write_output(&h, c.header.as_bytes())?;
            }
            match emit {
                Some(Emit::Llvm) => write_output(&output.with_extension("ll"), c.llvm_ir.as_bytes())?,
                Some(Emit::Asm) => write_output(&output.with_extension("s"), c.asm.as_bytes())?,
                None => {}
            }
            let s = hynas_runtime::section_sizes(&c.object)?;
            eprintln!(
                "{}: {} kernels, .text {} B, .rodata {} B, arena {} B (lower bound {})",
                output.display(),
                c.kernels.len(),
                s.text,
                s.rodata,
                c.arena_bytes,
                p.plan.lower_bound
            );
        }
        Cmd::Profile { m, cores, rtl, json, timeout } => {
            check_simulator(rtl.as_deref())?;
            let target = m.target;
            let core = cores.core()?;
            let p = m.prepare()?;
            let schedules = m.schedules;
            let timeout = Duration::from_secs_f64(timeout);
            let opts = RunOptions { target, timeout, schedules, core, rtl, ..Default::default() };
            let mut r = hynas_driver::jobs::profile_with(&m.model, &p, &opts, m.seed)?;
            r.clock_mhz = cores.clock_mhz;
            if json {
                outln!("{}", serde_json::to_string_pretty(&r.to_json())?);
            } else {
                out!("{}", r.text());
            }
        }
        Cmd::Train {
            model,
            data,
            recipe,
            epochs,
            train_subset,
            out,
            batch,
            lr,
            weight_decay,
            optimizer,
            augment,
            seed,
            distill,
            resume,
            trainer,
        } => {
            let g = Genome::load(&model).with_context(|| format!("loading {model}"))?;
            let base = TrainConfig { epochs: 2, seed, progress: true, ..Default::default() };
            let mut cfg = match recipe {
                Some(r) => r.apply(base),
                None => base,
            }
            .with(Overrides { optimizer, epochs, batch, max_lr: lr, weight_decay, augment });
            cfg.train_subset = train_subset;
            if cfg.batch == 0 || cfg.epochs == 0 {
                bail!("--batch and --epochs must be at least 1");
            }
            let with_teacher = match distill.load()? {
                Some((d, g)) => {
                    cfg.distill = Some(d);
                    Some(g)
                }
                None => None,
            };
            hynas_train::check_config(&cfg)?;
            if !resume && hynas_train::checkpoint::exists(&out.join("checkpoint")) {
                bail!(
                    "{} holds a checkpoint of an unfinished training: add --resume to continue it, or choose another --out",
                    out.display()
                );
            }
            trainer.apply(&mut cfg, None)?;
            let with = hynas_driver::jobs::TrainWith { teacher: with_teacher, checkpoint: true };
            let r = train_job(&g, &data, &out, &cfg, &with)?;
            for e in &r.epochs {
                outln!(
                    "epoch {:>3}  loss {:.4}  val {:.2}%  {:.0} img/s  {:.1} s",
                    e.epoch,
                    e.train_loss,
                    100.0 * e.val_accuracy,
                    e.images_per_second,
                    e.seconds
                );
            }
            outln!(
                "test accuracy {:.2}%  ({:.1} s)  -> {}",
                100.0 * r.test_accuracy,
                r.wall.as_secs_f64(),
                out.display()
            );
        }
        Cmd::Eval { model, weights, data, on, limit, json, predictions, timeout, quant } => {
            let on = match on {
                OnArg::Host => EvalOn::Host,
                OnArg::Spike => EvalOn::Spike,
            };
            let spec = quant.spec()?;
            let m = Model::load(&model).with_context(|| format!("loading {model}"))?;
            if weights.is_none() && m.genome().is_some() {
                bail!("{model} is a genome: evaluating it needs trained weights (--weights W.safetensors)");
            }
            let p = prepare_model(&m, weights.as_deref(), 0, None, &[])?;
            let q = spec.as_ref().map(|s| hynas_driver::jobs::quantize_prepared(&p, s)).transpose()?;
            let r = eval_job(&p, &data, on, limit, timeout.map(Duration::from_secs_f64), q.as_ref().map(|q| &q.graph))?;
            if let Some(path) = predictions {
                let text: String = r.indices.iter().zip(&r.predictions).map(|(i, p)| format!("{i} {p}\n")).collect();
                write_output(&path, text.as_bytes())?;
            }
            if json {
                let v = serde_json::json!({"accuracy": r.accuracy, "images": r.images, "seconds": r.seconds, "image_indices": r.indices, "predictions": r.predictions});
                outln!("{v}");
            } else {
                outln!("test accuracy {:.2}% on {} images ({:.1} s)", 100.0 * r.accuracy, r.images, r.seconds);
            }
        }
        Cmd::Search(a) => search::run(a)?,
        Cmd::EvaluateCandidate { out, index, attempt } => {
            // Fault injection for the cluster tests: a job of this task dies before its result.
            if std::env::var("HYNAS_FAULT_FAIL_TASK").is_ok_and(|t| t == index.stem()) {
                bail!("HYNAS_FAULT_FAIL_TASK={}: failing on purpose", index.stem());
            }
            let r = hynas_driver::evaluate::evaluate_job(&out, index, attempt)?;
            outln!("{}", r.to_line());
        }
        Cmd::BenchTrainWorker { model, steps, data, batch, optimizer, nchw, trainer } => {
            let (steps, batch) = (steps as usize, batch as usize);
            let g = Genome::load(&model).with_context(|| format!("loading {model}"))?;
            let mut cfg = TrainConfig { optimizer, channels_last: !nchw, ..Default::default() };
            trainer.apply(&mut cfg, Some(1))?;
            outln!("{}", hynas_driver::train_throughput(&g, &data, steps, batch, &cfg)?);
        }
        Cmd::Bench {
            proxy: true,
            space,
            genomes,
            reference,
            fidelities,
            max_params,
            max_macs,
            seed,
            parallel,
            out,
            report_only,
            data,
            trainer,
            ..
        } => {
            use hynas_driver::proxy_bench::{Fidelity, ProxyBenchOptions};
            let mut recipe = TrainConfig { seed, ..Default::default() };
            trainer.apply(&mut recipe, Some((cores() / parallel as usize).max(1)))?;
            let o = ProxyBenchOptions {
                space,
                genomes: genomes as usize,
                max_params,
                max_macs,
                seed,
                data: data.clone(),
                out: out.unwrap_or_else(|| PathBuf::from(format!("out/proxy-{}", space.name()))),
                reference: Fidelity::parse(&reference).context("--reference")?,
                cheap: fidelities
                    .split(',')
                    .map(|f| Fidelity::parse(f.trim()))
                    .collect::<Result<Vec<_>, _>>()
                    .context("--fidelities")?,
                recipe,
                parallel: parallel as usize,
                report_only,
            };
            let cancel = hynas_driver::Cancel::new();
            let on_signal = cancel.clone();
            let _ = ctrlc::set_handler(move || {
                if on_signal.request() == 1 {
                    eprintln!("\nstopping after the trainings in flight (they are kept; run again to continue)");
                } else {
                    std::process::exit(130);
                }
            });
            let md = hynas_driver::proxy_bench::run(&o, &cancel, |l| tracing::info!("{l}"))?;
            outln!("{md}");
        }
        Cmd::Bench { train: true, steps, repeat, data, json, .. } => {
            let exe = std::env::current_exe().context("locating the hynas binary")?;
            let b = hynas_driver::bench::training(&exe, steps, repeat, &data)?;
            match json {
                true => outln!("{}", serde_json::to_string_pretty(&hynas_driver::bench::training_json(&b))?),
                false => out!("{}", hynas_driver::bench::training_table(&b)),
            }
        }
        Cmd::Bench { json, target, quant, data, cores, rtl: Some(sim), coremark, .. } => {
            check_simulator(Some(&sim))?;
            // The RTL is Ibex: int8 models on rv32imc.
            if quant.quantize != Form::Int8 || target != Target::Rv32imc {
                bail!("the RTL validation runs int8 models on Ibex: add --quantize int8 --target rv32imc");
            }
            let core = cores.core()?.context("--rtl needs --core ibex-small or ibex-maxperf")?;
            let with_data = QuantArgs { calibration_data: quant.calibration_data.clone().or(Some(data)), ..quant };
            let spec = with_data.spec()?.context("int8 without calibration")?;
            let rows = hynas_driver::bench_cycles::cycles(core, &sim, &spec, coremark.as_deref(), |r| {
                eprintln!(
                    "{:<9} {:<50} modelled {:>11} RTL {:>11} ({:+.2}%)",
                    r.group,
                    r.name,
                    r.modelled,
                    r.rtl,
                    100.0 * r.error()
                )
            })?;
            match json {
                true => {
                    outln!("{}", serde_json::to_string_pretty(&hynas_driver::bench_cycles::cycles_json(&core, &rows))?)
                }
                false => out!("{}", hynas_driver::bench_cycles::cycles_table(&core, &rows)),
            }
        }
        Cmd::Bench { json, target, quant, data, cores, .. } if quant.quantize == Form::Int8 => {
            // Calibrated on --calibration-data, else on --data (the bundled sample by default).
            let with_data = QuantArgs { calibration_data: quant.calibration_data.clone().or(Some(data)), ..quant };
            let spec = with_data.spec()?.context("int8 without calibration")?;
            let core = cores.core()?.map(|c| (c, cores.clock_mhz));
            let rows = hynas_driver::bench::int8(target, &spec, core)?;
            match json {
                true => outln!("{}", serde_json::to_string_pretty(&hynas_driver::bench::int8_json(&rows))?),
                false => out!("{}", hynas_driver::bench::int8_table(&rows, target, &spec, core)),
            }
        }
        Cmd::Bench { json, target, baseline, cores, .. } => {
            let core = cores.core()?.map(|c| (c, cores.clock_mhz));
            let rows = hynas_driver::bench::kernels(target, baseline, core)?;
            match json {
                true => outln!("{}", serde_json::to_string_pretty(&hynas_driver::bench::kernels_json(&rows))?),
                false => out!("{}", hynas_driver::bench::kernels_table(&rows, baseline, core)),
            }
        }
    }
    Ok(())
}
