//! `hynas`: the command line. Thin by design: every job lives in a library crate.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use hynas::executor::slurm::SlurmOptions;
use hynas::executor::Key;
use hynas::record::{Evaluation, Rung};
use hynas::search::ExecutorChoice;
use hynas::{
    bench_models, compile_model, eval_job, prepare, prepare_model, profile, train_job, Backend, DeviceKind, EvalOn,
    Model, Optimizer, TrainConfig,
};
use hynas_codegen::{Options as CgOptions, Schedules, Target};
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
    fn search_spec(&self) -> Result<Option<hynas::record::Quantization>> {
        if self.method()?.is_none() {
            return Ok(None);
        }
        let data = match &self.calibration_data {
            Some(d) => Some(std::fs::canonicalize(d).with_context(|| format!("--calibration-data {}", d.display()))?),
            None => None,
        };
        Ok(Some(hynas::record::Quantization {
            images: self.calibration_images,
            calibration: self.calibration.clone(),
            data,
        }))
    }

    /// The quantisation to apply, or `None` for f32; bad combinations are errors.
    fn spec(&self) -> Result<Option<hynas::jobs::QuantizeSpec>> {
        let Some(method) = self.method()? else { return Ok(None) };
        let Some(data) = self.calibration_data.clone() else {
            bail!("--quantize int8 needs --calibration-data DIR (a CIFAR-10 folder whose training images calibrate the ranges)")
        };
        Ok(Some(hynas::jobs::QuantizeSpec { data, images: self.calibration_images, method }))
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
    #[arg(long, default_value = "rv32imf")]
    target: String,
    /// Print the IR after this pass (fold_batch_norm, fold_scale, eliminate_dead, fuse_attention, fuse_ops).
    #[arg(long)]
    dump_after: Option<String>,
    /// Skip a pass (repeatable), e.g. to measure what it buys.
    #[arg(long = "disable-pass")]
    disable_pass: Vec<String>,
    /// Kernel schedules: tuned (per-layer tiles) or baseline (the schedules before them).
    #[arg(long, default_value = "tuned")]
    schedules: String,
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
        Ok(Some((d, hynas::jobs::load_teacher(t, self.teacher_weights.as_deref(), 10)?)))
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
        format!("`{}`: expected a candidate index, baseline, best-<i> or front-<i>", hynas::search::clip(s))
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
        hynas_ir::files::Output::File => hynas::record::write_atomic(path, bytes).map_err(anyhow::Error::from),
        hynas_ir::files::Output::Device => std::fs::write(path, bytes).map_err(anyhow::Error::from),
    }
    .with_context(|| format!("writing {}", path.display()))
}

fn seconds(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 7.0 * 86_400.0 => Ok(v),
        Ok(v) => Err(format!("{v} is not a time limit in seconds (0 < t <= 604800)")),
        Err(e) => Err(format!("`{s}`: {e}")),
    }
}

/// `hynas search --preset`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Preset {
    Quick,
    Cpu,
    HannahItem,
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
    fn prepare(&self) -> Result<hynas::jobs::Prepared> {
        let spec = self.quant.spec()?;
        let m = Model::load(&self.model).with_context(|| format!("loading {}", self.model))?;
        let mut p =
            prepare_model(&m, self.weights.as_deref(), self.seed, self.dump_after.as_deref(), &self.disabled())?;
        if let Some(spec) = spec {
            hynas::jobs::quantize_in_place(&mut p, &spec)?;
        }
        Ok(p)
    }
}

// Parsed once per process: the size of the largest variant (search options) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Cmd {
    /// Print valid genomes of a search space within a parameter budget, one JSON per line.
    Sample {
        /// Search space: conv_vit, conv_vit_lin (ReLU linear attention, HANNAH's use_lin_attn) or resnet.
        #[arg(long, default_value = "conv_vit")]
        space: String,
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
        #[arg(long)]
        optimizer: Option<String>,
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
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
        /// Also write the predictions, one per line, to this file.
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
    Search {
        /// conv_vit, conv_vit_lin or resnet.
        #[arg(long, default_value = "conv_vit")]
        space: String,
        /// evolution (aging evolution), random, or pareto (NSGA-II selection).
        #[arg(long, default_value = "evolution")]
        strategy: String,
        /// Candidates to evaluate.
        #[arg(long)]
        candidates: Option<usize>,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, default_value_t = 100_000)]
        max_params: u64,
        #[arg(long)]
        max_ram: Option<usize>,
        #[arg(long)]
        max_rom: Option<usize>,
        #[arg(long)]
        max_instructions: Option<u64>,
        /// Comma-separated: val_error, instructions, ram.
        #[arg(long, default_value = "val_error,instructions,ram")]
        objectives: String,
        /// One bound per objective, comma-separated.
        #[arg(long, default_value = "1.0,50000000,262144")]
        bounds: String,
        #[arg(long)]
        #[arg(value_parser = clap::value_parser!(u32).range(1..=100_000))]
        population: Option<u32>,
        #[arg(long)]
        #[arg(value_parser = clap::value_parser!(u32).range(1..=100_000))]
        tournament: Option<u32>,
        #[arg(long, default_value = "data/cifar10-sample")]
        data: PathBuf,
        #[arg(long, default_value = "out/search")]
        out: PathBuf,
        #[arg(long)]
        resume: bool,
        /// Proxy training epochs per candidate.
        #[arg(long)]
        proxy_epochs: Option<usize>,
        /// Proxy training on the first N training images.
        #[arg(long)]
        train_subset: Option<usize>,
        /// Multi-fidelity search: a ladder of proxy trainings, cheapest first, comma-separated
        /// EPOCHSxIMAGES (e.g. 1x10000,2x30000; IMAGES may be `all`). Every candidate is trained
        /// at the first rung; the best 1/--eta of each rung are trained again at the next
        /// (successive halving); the front and the best come from the highest rung reached.
        /// Replaces --proxy-epochs and --train-subset.
        #[arg(long, conflicts_with_all = ["proxy_epochs", "train_subset"])]
        fidelity: Option<String>,
        /// Promotion rate of --fidelity: the best 1/eta of each rung go up.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(2..=100))]
        eta: u32,
        #[arg(long, default_value_t = 128)]
        batch: usize,
        /// Epochs of the final training of the best candidate (with augmentation).
        #[arg(long)]
        final_epochs: Option<usize>,
        /// Optimiser of the final training: sgd (Nesterov) or adamw [default: sgd, or the recipe's].
        #[arg(long)]
        final_optimizer: Option<String>,
        /// The recipe of the final trainings (best, --retrain-front, the ResNet-8 reference):
        /// sgd (the default; SGD Nesterov, crop + flip) or hannah (HANNAH's final training:
        /// batch 256, AdamW one-cycle max_lr 0.01, flip/affine/crop/erasing, 100 epochs unless
        /// --final-epochs). The --final-* options override single settings.
        #[arg(long, value_parser = Recipe::parse)]
        recipe: Option<Recipe>,
        /// Distil the final trainings from a teacher.
        #[command(flatten)]
        distill: DistillArgs,
        /// Which candidate the report names best and retrains: baseline (the most accurate with at
        /// most ResNet-8's instructions and RAM; the default), max-accuracy, under:INSTRUCTIONS or
        /// knee (of the accuracy-instructions front).
        #[arg(long, default_value = "baseline", value_parser = hynas::pick::Pick::parse)]
        pick: hynas::pick::Pick,
        /// Retrain this many candidates with the final recipe: the pick into best/, then the next
        /// most accurate within the pick's budget into front/<candidate>/.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        retrain_top: u32,
        /// Skip the reference retraining of ResNet-8 with the final recipe (cached across searches
        /// per recipe and data in ~/.cache/hynas/reference or $HYNAS_CACHE_DIR/reference).
        #[arg(long)]
        no_reference: bool,
        /// Peak learning rate of the final training [default: 0.1 for sgd, 0.001 for adamw].
        #[arg(long)]
        final_lr: Option<f64>,
        /// Weight decay of the final training [default: 5e-4 for sgd, 1e-5 for adamw].
        #[arg(long)]
        final_weight_decay: Option<f64>,
        /// Candidates evaluated side by side, one training thread each.
        #[arg(long, default_value_t = 2)]
        parallel: usize,
        /// Also retrain every other Pareto-front candidate with the final recipe (into
        /// front/<candidate>/) and list their test accuracies in the report.
        #[arg(long)]
        retrain_front: bool,
        #[arg(long, default_value = "rv32imf")]
        target: String,
        /// Small preset for the bundled sample: 8 candidates, population 4, 4 proxy epochs of
        /// batch 32, at most 20M instructions, 8 final epochs; about 2 minutes on 2 cores.
        /// The same as --preset quick.
        #[arg(long)]
        quick: bool,
        /// Settings in one word (options given explicitly win). cpu (the default, for one CPU
        /// machine, chosen by `hynas bench --proxy`: of the proxies measured, 2 epochs on 30k
        /// images ranks best, tau 0.76 against HANNAH's 10 epochs on 45k; cheaper ones misrank
        /// the larger models): 40 candidates at 2 epochs on 30,000 images (capped at the data's
        /// training split), predictor gp 50/20, one-parameter mutation, 30 final epochs.
        /// hannah-item (HANNAH at its ITEM commit, for a cluster or GPU): 500 candidates,
        /// population 20, sample 10, eps 0.1, mutation fraction:0.1, predictor gp 50/20, 10
        /// epochs on 45000 images (AdamW one-cycle), 100 final epochs. quick: see --quick.
        #[arg(long, value_enum)]
        preset: Option<Preset>,
        /// Predictor-guided proposals: none, or gp (a Gaussian process on the genome, params and
        /// MACs, fitted on the results so far): each round samples --predictor-sample children and
        /// trains the --predictor-train best predicted.
        #[arg(long, value_enum)]
        predictor: Option<PredictorKind>,
        /// Children sampled per predictor round [preset: 50].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        predictor_sample: Option<u32>,
        /// Children trained per predictor round, the best predicted [preset: 20].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        predictor_train: Option<u32>,
        /// How a parent becomes a child: one (one active parameter) or fraction:F (a fraction F
        /// of all parameter slots, active or not; HANNAH-ITEM: fraction:0.1) [preset: one].
        #[arg(long)]
        mutation: Option<String>,
        #[command(flatten)]
        trainer: TrainerArgs,
        #[command(flatten)]
        slurm: SlurmArgs,
        #[command(flatten)]
        quant: QuantArgs,
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
        #[arg(long, default_value = "rv32imf")]
        target: String,
        /// The schedules of the baseline column (f32): baseline (the kernels before per-layer
        /// tiles) or tuned (to compare a run with itself).
        #[arg(long, default_value = "baseline")]
        baseline: String,
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
        #[arg(long, default_value = "conv_vit")]
        space: String,
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
        #[arg(long, default_value = "adamw")]
        optimizer: String,
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

// In `hynas-torch` this file is a module and `run` is called instead.
#[allow(dead_code)]
fn main() -> Result<()> {
    run()?;
    use std::io::Write as _;
    std::io::stdout().flush().context("writing to standard output")
}

impl Cmd {
    /// The training backend options of the commands that train.
    fn trainer(&self) -> Option<&TrainerArgs> {
        match self {
            Cmd::Train { trainer, .. }
            | Cmd::Search { trainer, .. }
            | Cmd::BenchTrainWorker { trainer, .. }
            | Cmd::Bench { proxy: true, trainer, .. } => Some(trainer),
            _ => None,
        }
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
        let torch = hynas::record::SearchConfig::read(&out.join("search.json"))
            .ok()
            .and_then(|c| c.evaluation)
            .is_some_and(|e| e.proxy.backend == Backend::Torch || e.final_train.backend == Backend::Torch);
        if torch && !hynas_train::torch_loaded() {
            return hand_over_to_torch();
        }
    }
    init_logging(match &cli.cmd {
        Cmd::Search { out, .. } => Some(out.join("search.log")),
        _ => None,
    });
    match cli.cmd {
        Cmd::Sample { space, seed, count, max_params } => {
            let space = Space::parse(&space)?;
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
                outln!("{}", serde_json::to_string_pretty(&hynas::program_json(g)?)?);
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
            let (bytes, nodes) = hynas::jobs::export_onnx(&m, weights.as_deref(), seed, fold_bn, spec.as_ref(), &opts)?;
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
            let target = Target::parse(&m.target)?;
            let want_text = emit.is_some();
            let p = m.prepare()?;
            let schedules = Schedules::parse(&m.schedules)?;
            let c = compile_model(&p, &CgOptions { target, schedules, prefix, profile: false }, want_text)?;
            // Nothing is written that disagrees with the interpreter.
            if !no_check {
                let err = hynas::jobs::check_compiled(&p, &c, target, Duration::from_secs_f64(timeout), m.seed)
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
        Cmd::Profile { m, json, timeout } => {
            let target = Target::parse(&m.target)?;
            let p = m.prepare()?;
            let schedules = Schedules::parse(&m.schedules)?;
            let opts =
                RunOptions { target, timeout: Duration::from_secs_f64(timeout), schedules, ..Default::default() };
            let r = hynas::jobs::profile_with(&m.model, &p, &opts, m.seed)?;
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
            let optimizer = match optimizer {
                Some(o) => match Optimizer::parse(&o) {
                    Some(o) => Some(o),
                    None => bail!("--optimizer {o}: choose adamw or sgd"),
                },
                None => None,
            };
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
            let with = hynas::jobs::TrainWith { teacher: with_teacher, checkpoint: true };
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
            let q = spec.as_ref().map(|s| hynas::jobs::quantize_prepared(&p, s)).transpose()?;
            let r = eval_job(&p, &data, on, limit, timeout.map(Duration::from_secs_f64), q.as_ref().map(|q| &q.graph))?;
            if let Some(path) = predictions {
                let text: String = r.predictions.iter().map(|p| format!("{p}\n")).collect();
                write_output(&path, text.as_bytes())?;
            }
            if json {
                let v = serde_json::json!({"accuracy": r.accuracy, "images": r.images, "seconds": r.seconds, "predictions": r.predictions});
                outln!("{v}");
            } else {
                outln!("test accuracy {:.2}% on {} images ({:.1} s)", 100.0 * r.accuracy, r.images, r.seconds);
            }
        }
        Cmd::Search {
            space,
            strategy,
            candidates,
            seed,
            max_params,
            max_ram,
            max_rom,
            max_instructions,
            objectives,
            bounds,
            population,
            tournament,
            data,
            out,
            resume,
            proxy_epochs,
            train_subset,
            fidelity,
            eta,
            batch,
            final_epochs,
            final_optimizer,
            recipe,
            distill,
            pick: pick_rule,
            retrain_top,
            no_reference,
            final_lr,
            final_weight_decay,
            parallel,
            retrain_front,
            target,
            quick,
            preset,
            predictor,
            predictor_sample,
            predictor_train,
            mutation,
            trainer,
            slurm,
            quant,
        } => {
            use hynas::search::{search, Objective, PredictorConfig, SearchOptions};
            use hynas_searcher::strategy::{EvolutionConfig, MutationKind, Strategy};
            let objectives =
                objectives.split(',').map(|s| Objective::parse(s.trim())).collect::<Result<Vec<_>, _>>()?;
            let bounds = bounds
                .split(',')
                .map(|s| s.trim().parse::<f64>().with_context(|| format!("--bounds: \"{s}\" is not a number")))
                .collect::<Result<Vec<_>>>()?;
            let preset = match (quick, preset) {
                (true, Some(p)) if p != Preset::Quick => {
                    let name =
                        clap::ValueEnum::to_possible_value(&p).map(|v| v.get_name().to_string()).unwrap_or_default();
                    bail!("--quick is --preset quick; it cannot go with --preset {name}")
                }
                (true, _) => Preset::Quick,
                (false, p) => p.unwrap_or(Preset::Cpu),
            };
            let quick = preset == Preset::Quick;
            // (quick, cpu, hannah-item)
            let pick = |v: Option<usize>, q: usize, cpu: usize, hannah: usize| {
                v.unwrap_or(match preset {
                    Preset::Quick => q,
                    Preset::Cpu => cpu,
                    Preset::HannahItem => hannah,
                })
            };
            let mutation = match &mutation {
                Some(m) => MutationKind::parse(m)?,
                None if preset == Preset::HannahItem => MutationKind::Fraction(0.1),
                None => MutationKind::One,
            };
            let evolution = EvolutionConfig {
                population: pick(population.map(|p| p as usize), 4, 20, 20),
                tournament: pick(tournament.map(|t| t as usize), 2, 10, 10),
                random_prob: 0.1,
                mutation,
            };
            let predictor = match predictor {
                Some(PredictorKind::None) => None,
                Some(PredictorKind::Gp) => Some(()),
                None => (preset != Preset::Quick).then_some(()),
            }
            .map(|()| PredictorConfig {
                sample: pick(predictor_sample.map(|v| v as usize), 50, 50, 50),
                train: pick(predictor_train.map(|v| v as usize), 20, 20, 20),
            });
            if let Some(p) = predictor {
                if p.train > p.sample {
                    bail!(
                        "--predictor-train {} > --predictor-sample {}: a round cannot train more children than it samples",
                        p.train,
                        p.sample
                    );
                }
            } else if predictor_sample.is_some() || predictor_train.is_some() {
                bail!("--predictor-sample and --predictor-train need --predictor gp");
            }
            let final_opt = match &final_optimizer {
                Some(o) => match Optimizer::parse(o) {
                    Some(o) => Some(o),
                    None => bail!("--final-optimizer {o}: choose sgd or adamw"),
                },
                None => None,
            };
            let ladder = match &fidelity {
                Some(f) => Rung::parse_ladder(f).map_err(|e| anyhow::anyhow!("--fidelity: {e}"))?,
                // An explicit single-rung proxy replaces the preset's ladder.
                None if proxy_epochs.is_some() || train_subset.is_some() => vec![],
                None => match preset {
                    Preset::Quick => vec![],
                    Preset::HannahItem => vec![Rung { epochs: 10, images: Some(45_000) }],
                    // Capped at the training split, so the default runs on any data set.
                    Preset::Cpu => {
                        let n = hynas_train::data::train_split_len(&data)?;
                        vec![Rung { epochs: 2, images: Some(30_000.min(n)) }]
                    }
                },
            };
            let mut proxy = TrainConfig {
                epochs: ladder.first().map_or(pick(proxy_epochs, 4, 2, 10), |r| r.epochs),
                batch: if quick { 32 } else { batch },
                train_subset: ladder.first().map_or(train_subset, |r| r.images),
                seed,
                ..Default::default()
            };
            // Each worker trains on its share of the cores (measured: two one-thread trainings
            // side by side beat one two-thread training, for flex and for torch).
            // On a cluster, each job trains on the CPUs it asked for.
            let executor = slurm.executor(parallel.max(1));
            let per_task = match &executor {
                ExecutorChoice::Slurm(so) => so.cpus as usize,
                ExecutorChoice::Local => (cores() / parallel.max(1)).max(1),
            };
            trainer.apply(&mut proxy, Some(per_task))?;
            // The final recipe: sgd unless --recipe, the preset's epochs unless the recipe has
            // its own (hannah: 100), the --final-* options over single settings.
            let base = TrainConfig {
                train_subset: None,
                progress: true,
                // The final training runs alone: all cores unless told otherwise.
                threads: trainer.threads.map(usize::from),
                ..proxy.clone()
            };
            let mut final_train = recipe.unwrap_or(Recipe::Sgd).apply(base.clone());
            if recipe.is_none() {
                // The default of earlier versions: the SGD recipe at the proxy's batch.
                (final_train.batch, final_train.recipe) = (base.batch, None);
            }
            if recipe != Some(Recipe::Hannah) || quick {
                final_train.epochs = pick(None, 8, 30, 100);
            }
            final_train = final_train.with(Overrides {
                optimizer: final_opt,
                epochs: final_epochs,
                max_lr: final_lr,
                weight_decay: final_weight_decay,
                ..Default::default()
            });
            let teacher = match distill.load()? {
                Some((d, _)) => {
                    final_train.distill = Some(d);
                    let t = distill.teacher.clone().unwrap_or_default();
                    // Jobs run from other folders: files by their absolute paths.
                    let model = if std::path::Path::new(&t).exists() {
                        std::path::absolute(&t)?.display().to_string()
                    } else {
                        t
                    };
                    let weights = distill.teacher_weights.as_ref().map(std::path::absolute).transpose()?;
                    Some(hynas::record::Teacher { model, weights })
                }
                None => None,
            };
            hynas_train::check_config(&final_train).context("the final recipe")?;
            if proxy.epochs == 0 || final_train.epochs == 0 || proxy.batch == 0 {
                bail!("--proxy-epochs, --final-epochs and --batch must be at least 1");
            }
            // Jobs run from other folders: the data set by its absolute path.
            let data = std::path::absolute(&data).with_context(|| format!("--data {}", data.display()))?;
            let o = SearchOptions {
                space: Space::parse(&space)?,
                strategy: Strategy::parse(&strategy)?,
                evolution,
                candidates: pick(candidates, 8, 40, 500),
                objectives,
                bounds,
                // The quick demo picks up where an earlier run in the same folder stopped.
                resume: resume || (quick && out.join("search.json").exists()),
                out,
                eval: Evaluation {
                    seed,
                    max_params,
                    max_ram,
                    max_rom,
                    max_instructions: max_instructions.or(if quick { Some(20_000_000) } else { None }),
                    data,
                    target: Target::parse(&target)?,
                    spike_timeout_s: 300.0,
                    proxy,
                    final_train,
                    ladder,
                    quantize: quant.search_spec()?,
                    teacher,
                },
                parallel: parallel.max(1),
                retrain_front,
                eta: eta as usize,
                predictor,
                executor,
                pick: pick_rule,
                retrain_top: retrain_top as usize,
                reference: !no_reference,
            };
            let cancel = hynas::Cancel::new();
            let on_signal = cancel.clone();
            let _ = ctrlc::set_handler(move || match on_signal.request() {
                1 => eprintln!("\nstopping after the candidates in flight are recorded (Ctrl-C again to abort them)"),
                2 => eprintln!("\naborting the candidates in flight (cluster jobs are cancelled)"),
                _ => std::process::exit(130),
            });
            let bar = indicatif::ProgressBar::new(o.candidates as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("candidates [{bar:30}] {pos}/{len}  {msg}  elapsed {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_secs(1));
            if let Ok(mut b) = BAR.lock() {
                *b = Some(bar.clone());
            }
            let r = search(&o, &cancel, |p| {
                bar.set_position(p.done as u64);
                let eta = p.eta.as_secs();
                bar.set_message(format!(
                    "best {:.2}%  ETA {}h{:02}m{:02}s",
                    100.0 * p.best,
                    eta / 3600,
                    eta / 60 % 60,
                    eta % 60
                ));
                if p.done >= p.total {
                    // The final retraining shows its own bar.
                    bar.finish_and_clear();
                }
            });
            bar.finish_and_clear();
            if let Ok(mut b) = BAR.lock() {
                *b = None;
            }
            let r = r?;
            match r.report {
                Some(p) => outln!("{} candidates evaluated; report: {}", r.evaluated, p.display()),
                None => {
                    outln!("stopped after {} candidates; continue with the same command plus --resume", r.evaluated)
                }
            }
        }
        Cmd::EvaluateCandidate { out, index, attempt } => {
            // Fault injection for the cluster tests: a job of this task dies before its result.
            if std::env::var("HYNAS_FAULT_FAIL_TASK").is_ok_and(|t| t == index.stem()) {
                bail!("HYNAS_FAULT_FAIL_TASK={}: failing on purpose", index.stem());
            }
            let r = hynas::evaluate::evaluate_job(&out, index, attempt)?;
            outln!("{}", r.to_line());
        }
        Cmd::BenchTrainWorker { model, steps, data, batch, optimizer, nchw, trainer } => {
            let (steps, batch) = (steps as usize, batch as usize);
            let g = Genome::load(&model).with_context(|| format!("loading {model}"))?;
            let Some(optimizer) = Optimizer::parse(&optimizer) else { bail!("--optimizer {optimizer}: adamw or sgd") };
            let mut cfg = TrainConfig { optimizer, channels_last: !nchw, ..Default::default() };
            trainer.apply(&mut cfg, Some(1))?;
            outln!("{}", hynas::train_throughput(&g, &data, steps, batch, &cfg)?);
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
            use hynas::proxy_bench::{Fidelity, ProxyBenchOptions};
            let space = Space::parse(&space)?;
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
            let cancel = hynas::Cancel::new();
            let on_signal = cancel.clone();
            let _ = ctrlc::set_handler(move || {
                if on_signal.request() == 1 {
                    eprintln!("\nstopping after the trainings in flight (they are kept; run again to continue)");
                } else {
                    std::process::exit(130);
                }
            });
            let md = hynas::proxy_bench::run(&o, &cancel, |l| tracing::info!("{l}"))?;
            outln!("{md}");
        }
        Cmd::Bench { train: true, steps, repeat, data, json, .. } => bench_train(steps, repeat, &data, json)?,
        Cmd::Bench { json, target, quant, data, .. } if quant.quantize == Form::Int8 => {
            // Calibrated on --calibration-data, else on --data (the bundled sample by default).
            let with_data = QuantArgs { calibration_data: quant.calibration_data.clone().or(Some(data)), ..quant };
            let spec = with_data.spec()?.context("int8 without calibration")?;
            bench_int8(Target::parse(&target)?, &spec, json)?;
        }
        Cmd::Bench { json, target, baseline, .. } => {
            let target = Target::parse(&target)?;
            let base = Schedules::parse(&baseline)?;
            let mut rows = Vec::new();
            for (name, g) in bench_models()? {
                let p = prepare(&g, None, 0, None, &[])?;
                let run = |schedules| RunOptions {
                    target,
                    timeout: Duration::from_secs(300),
                    schedules,
                    ..Default::default()
                };
                let tuned = hynas::jobs::profile_with(&name, &p, &run(Schedules::Tuned), 0)?;
                let before = hynas::jobs::profile_with(&name, &p, &run(base), 0)?;
                rows.push((tuned, before));
            }
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(r, b)| {
                        let mut v = r.to_json();
                        v["baseline"] = b.to_json();
                        v
                    })
                    .collect();
                outln!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                outln!(
                    "tuned kernel schedules against the {} ones (same run; ratio = tuned / {})",
                    base.name(),
                    base.name()
                );
                outln!(
                    "{:<11} {:>7} {:>10} {:>11} {:>9} {:>9} {:>6} {:>8} {:>6} {:>8} {:>8} {:>6} {:>6}",
                    "model",
                    "params",
                    "MACs",
                    "instr",
                    "instr/MAC",
                    "baseline",
                    "ratio",
                    "ROM",
                    "ratio",
                    "RAM",
                    "arena",
                    "a/lb",
                    "wall s"
                );
                for (r, b) in &rows {
                    let pr = &r.profile;
                    outln!(
                        "{:<11} {:>7} {:>10} {:>11} {:>9.3} {:>9.3} {:>6.3} {:>8} {:>6.3} {:>8} {:>8} {:>6.3} {:>6.2}",
                        r.name,
                        r.counts.params,
                        r.counts.macs,
                        pr.instructions,
                        r.instructions_per_mac(),
                        b.instructions_per_mac(),
                        pr.instructions as f64 / b.profile.instructions.max(1) as f64,
                        pr.rom_bytes(),
                        pr.rom_bytes() as f64 / b.profile.rom_bytes().max(1) as f64,
                        pr.ram_bytes(),
                        pr.arena_bytes,
                        pr.arena_bytes as f64 / r.lower_bound.max(1) as f64,
                        r.wall.as_secs_f64()
                    );
                }
            }
        }
    }
    Ok(())
}

/// `hynas bench --quantize int8`: each bench model's int8 form on `target` against its f32 form on
/// rv32imf in the same run: instructions per MAC, and ROM and arena as ratios of the f32 build.
fn bench_int8(target: Target, spec: &hynas::jobs::QuantizeSpec, json: bool) -> Result<()> {
    let mut rows = Vec::new();
    let images = hynas::jobs::calibration_set(spec)?;
    for (name, g) in bench_models()? {
        let p = prepare(&g, None, 0, None, &[])?;
        let f = profile(&name, &p, Target::Rv32imf, Duration::from_secs(300), 0)?;
        let mut q = p.clone();
        let t = std::time::Instant::now();
        let qg = if g.input_dims() == hynas_searcher::INPUT {
            hynas::jobs::quantize_graph(&q.graph, &images, spec.images, spec.method)?
        } else {
            // A model that does not take images (the probe): seeded random inputs calibrate it.
            let calib: Vec<_> =
                (0..spec.images.min(16) as u64).map(|k| hynas::test_input(&g.input_dims(), k)).collect();
            hynas_passes::quantize::quantize_model_parts(&q.graph, &calib, spec.method)?
        };
        hynas::jobs::set_int8(&mut q, qg, t)?;
        let i = profile(&name, &q, target, Duration::from_secs(600), 0)?;
        rows.push((name, f, i));
    }
    if json {
        let v: Vec<_> =
            rows.iter().map(|(_, f, i)| serde_json::json!({"f32": f.to_json(), "int8": i.to_json()})).collect();
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    outln!(
        "int8 on {} (calibration {} on {} images) against f32 on rv32imf, same run",
        target.name(),
        spec.method,
        spec.images
    );
    outln!(
        "{:<11} {:>10} {:>10} {:>10} {:>9} {:>9} {:>6} {:>8} {:>8} {:>6}",
        "model",
        "MACs",
        "f32 i/MAC",
        "int8 i/MAC",
        "f32 ROM",
        "int8 ROM",
        "ratio",
        "f32 ar.",
        "int8 ar.",
        "ratio"
    );
    for (name, f, i) in &rows {
        let (fp, ip) = (&f.profile, &i.profile);
        outln!(
            "{:<11} {:>10} {:>10.3} {:>10.3} {:>9} {:>9} {:>6.3} {:>8} {:>8} {:>6.3}",
            name,
            f.counts.macs,
            f.instructions_per_mac(),
            i.instructions_per_mac(),
            fp.rom_bytes(),
            ip.rom_bytes(),
            ip.rom_bytes() as f64 / fp.rom_bytes().max(1) as f64,
            fp.arena_bytes,
            ip.arena_bytes,
            ip.arena_bytes as f64 / fp.arena_bytes.max(1) as f64
        );
    }
    Ok(())
}

/// The Python of the torch setup (`scripts/setup.sh --torch` links its venv as `.torch/venv`), for the
/// PyTorch eager baseline; `HYNAS_TORCH_PYTHON` overrides it.
fn torch_python() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("HYNAS_TORCH_PYTHON")
        .map(PathBuf::from)
        .or_else(|| Some(root.join(".torch/venv/bin/python")))
        .filter(|p| {
            std::process::Command::new(p)
                .args(["-c", "import torch"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// One training-throughput measurement: `procs` processes side by side, `threads` each;
/// returns their summed images/s. `who` is a backend name, `torch-nchw` or `pytorch`.
fn bench_one(who: &str, model: &str, threads: usize, procs: usize, steps: u32, data: &std::path::Path) -> Result<f64> {
    let exe = std::env::current_exe().context("locating the hynas binary")?;
    let optimizer = if model == "resnet8" { "sgd" } else { "adamw" };
    let mut children = Vec::new();
    for _ in 0..procs {
        let mut cmd = if who == "pytorch" {
            let py = torch_python().context("no PyTorch")?;
            let prog = std::env::temp_dir().join(format!("hynas-bench-{}-program.json", std::process::id()));
            let g = Genome::load(model).with_context(|| format!("loading {model}"))?;
            std::fs::write(&prog, serde_json::to_string(&hynas::program_json(&g)?)?)
                .with_context(|| format!("writing {}", prog.display()))?;
            let mut c = std::process::Command::new(py);
            c.arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/bench_pytorch.py"))
                .arg("--program")
                .arg(&prog)
                .args(["--threads", &threads.to_string(), "--steps", &steps.to_string(), "--optimizer", optimizer]);
            c
        } else {
            let mut c = std::process::Command::new(&exe);
            let backend = who.trim_end_matches("-nchw");
            c.args(["bench-train-worker", "--model", model, "--backend", backend, "--threads", &threads.to_string()])
                .args(["--steps", &steps.to_string(), "--optimizer", optimizer, "--data"])
                .arg(data)
                .env("RAYON_NUM_THREADS", threads.to_string());
            if who.ends_with("-nchw") {
                c.arg("--nchw");
            }
            c
        };
        cmd.env("OMP_NUM_THREADS", threads.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        children.push(cmd.spawn().with_context(|| format!("starting the {who} training worker"))?);
    }
    let mut total = 0.0;
    let _clean = TempFile(std::env::temp_dir().join(format!("hynas-bench-{}-program.json", std::process::id())));
    for c in children {
        let o = c.wait_with_output().with_context(|| format!("waiting for the {who} training worker"))?;
        if !o.status.success() {
            bail!("{who} training worker failed: {}", String::from_utf8_lossy(&o.stderr).trim());
        }
        let out = String::from_utf8_lossy(&o.stdout);
        total += out.trim().parse::<f64>().with_context(|| format!("{who} worker printed `{}`", out.trim()))?;
    }
    Ok(total)
}

/// `hynas bench --train`: images/s of every backend of this build and of PyTorch eager (when a
/// PyTorch is installed), measured in one run, interleaved, with ratios to PyTorch.
fn bench_train(steps: u32, repeat: u32, data: &std::path::Path, json: bool) -> Result<()> {
    let mut who: Vec<String> = hynas_train::Backend::available().iter().map(|b| b.name().to_string()).collect();
    // The torch backend trains channels-last on the CPU; its NCHW figures show what that buys.
    if who.iter().any(|w| w == "torch") {
        who.push("torch-nchw".into());
    }
    if torch_python().is_some() {
        who.push("pytorch".into());
    } else {
        eprintln!("PyTorch eager: not measured (no Python with torch; `bash scripts/setup.sh --torch` installs one)");
    }
    // (model, threads per training, trainings side by side)
    let setups = [("resnet8", 1, 1), ("resnet8", 2, 1), ("resnet8", 1, 2), ("conv_vit_b", 1, 1), ("conv_vit_b", 2, 1)];
    // Every round measures every cell once, so slow phases of a shared machine hit all alike.
    let mut samples: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); who.len()]; setups.len()];
    for _ in 0..repeat {
        for (k, (model, threads, procs)) in setups.iter().enumerate() {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("examples/genomes/{model}.json"));
            let spec = if *model == "resnet8" { model.to_string() } else { path.display().to_string() };
            for (j, w) in who.iter().enumerate() {
                samples[k][j].push(bench_one(w, &spec, *threads, *procs, steps, data)?);
            }
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut rows = Vec::new();
    for ((model, threads, procs), cells) in setups.iter().zip(&samples) {
        let mut row = serde_json::Map::new();
        for (w, v) in who.iter().zip(cells) {
            row.insert(w.clone(), serde_json::json!(median(v)));
            row.insert(format!("{w}_all"), serde_json::json!(v));
        }
        rows.push((*model, *threads, *procs, row));
    }
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|(m, t, p, r)| serde_json::json!({"model": m, "threads": t, "trainings": p, "images_per_second": r}))
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    outln!(
        "Training throughput (images/s, median of {repeat}; batch 128, {steps} steps after 2 warm-up steps; ResNet-8 with SGD, conv_vit_b with AdamW):"
    );
    let mut head = format!("{:<11} {:>7} {:>9}", "model", "threads", "trainings");
    for w in &who {
        head += &format!(" {w:>width$}", width = w.len().max(9));
    }
    let has_pt = who.iter().any(|w| w == "pytorch");
    if has_pt {
        for w in who.iter().filter(|w| *w != "pytorch") {
            head += &format!(" {w}/pytorch");
        }
    }
    outln!("{head}");
    for (m, t, p, r) in &rows {
        let mut line = format!("{m:<11} {t:>7} {p:>9}");
        for w in &who {
            line += &format!(" {:>width$.0}", r[w.as_str()].as_f64().unwrap_or(0.0), width = w.len().max(9));
        }
        if has_pt {
            let pt = r["pytorch"].as_f64().unwrap_or(f64::NAN);
            for w in who.iter().filter(|w| *w != "pytorch") {
                let ratio = format!("{:.2}x", r[w.as_str()].as_f64().unwrap_or(0.0) / pt);
                line += &format!(" {ratio:>width$}", width = w.len() + "/pytorch".len());
            }
        }
        outln!("{line}");
    }
    Ok(())
}

/// Removes a file when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
