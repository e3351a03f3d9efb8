//! hynas-train: trains the IR graph of any genome on CIFAR-10, then writes the weights back into
//! the graph's constants, so what trains is what the compiler compiles.
//!
//! The network is described once ([`program::Program`], a walk of the IR graph) and run by a
//! backend through the [`program::Ops`] seam: `flex` (burn's pure-Rust CPU backend, the default,
//! nothing to install) or `torch` (libtorch 2.13 through tch, CPU or CUDA; crate
//! hynas-train-torch, registered at run time, see [`register_torch`]).
//! The loop around it (data order, augmentation, schedule, metrics, validation) is shared.
//!
//! Recipe (HANNAH's proxy training, every part configurable): AdamW (lr 1e-3, weight decay 1e-5,
//! PyTorch's betas and eps), one-cycle schedule (pct_start 0.3, div 25, final div 1e4, cosine),
//! batch 128, cross-entropy. Augmentation (random crop with padding 4 + flip) on request.

pub mod data;
pub mod flex;
pub mod program;

use data::{Cifar, Dataset};
use hynas_ir::Graph;
use program::Program;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::fmt;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Ir(#[from] hynas_ir::IrError),
    #[error("data {path}: {msg}")]
    Data { path: String, msg: String },
    #[error("training: {0}")]
    Train(String),
    /// A backend or device that this build or machine cannot provide.
    #[error("{0}")]
    Backend(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OptimizerKind {
    /// HANNAH's proxy recipe.
    AdamW,
    /// SGD with Nesterov momentum 0.9 (the stronger final recipe of the training anchors).
    SgdNesterov,
}

/// The older name, kept for callers.
pub type Optimizer = OptimizerKind;

impl OptimizerKind {
    /// `adamw` or `sgd`.
    pub fn parse(s: &str) -> Option<OptimizerKind> {
        match s {
            "adamw" => Some(OptimizerKind::AdamW),
            "sgd" => Some(OptimizerKind::SgdNesterov),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::AdamW => "adamw",
            OptimizerKind::SgdNesterov => "sgd",
        }
    }

    /// The recipe's default peak learning rate and weight decay: HANNAH's proxy recipe for
    /// AdamW, the training anchors' 81%-in-30-epochs recipe for SGD.
    pub fn defaults(self) -> (f64, f64) {
        match self {
            OptimizerKind::AdamW => (1e-3, 1e-5),
            OptimizerKind::SgdNesterov => (0.1, 5e-4),
        }
    }
}

/// Which implementation of the tensor ops trains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Backend {
    /// burn 0.22 flex: pure Rust, CPU.
    #[default]
    Flex,
    /// libtorch 2.13 through tch (feature `torch`): CPU or CUDA.
    Torch,
}

impl Backend {
    pub fn parse(s: &str) -> Result<Backend, String> {
        match s {
            "flex" => Ok(Backend::Flex),
            "torch" => Ok(Backend::Torch),
            _ => Err(format!("unknown backend `{s}`: expected flex or torch")),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Backend::Flex => "flex",
            Backend::Torch => "torch",
        }
    }
    /// Whether this build contains the backend.
    pub fn compiled_in(self) -> bool {
        match self {
            Backend::Flex => true,
            Backend::Torch => cfg!(feature = "torch"),
        }
    }
    /// The backends this build contains.
    pub fn available() -> Vec<Backend> {
        [Backend::Flex, Backend::Torch].into_iter().filter(|b| b.compiled_in()).collect()
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where training runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DeviceKind {
    #[default]
    Cpu,
    /// A CUDA device by index (torch backend only).
    Cuda(usize),
}

impl DeviceKind {
    /// `cpu`, `cuda` (= `cuda:0`) or `cuda:N`.
    pub fn parse(s: &str) -> Result<DeviceKind, String> {
        match s {
            "cpu" => Ok(DeviceKind::Cpu),
            "cuda" => Ok(DeviceKind::Cuda(0)),
            _ => match s.strip_prefix("cuda:").map(str::parse::<usize>) {
                Some(Ok(i)) if i < 64 => Ok(DeviceKind::Cuda(i)),
                _ => Err(format!("unknown device `{s}`: expected cpu, cuda or cuda:N (N in 0..64)")),
            },
        }
    }
}

impl fmt::Display for DeviceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceKind::Cpu => f.write_str("cpu"),
            DeviceKind::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}

// Recipes travel in search folders (search.json) as their command-line spellings.
impl TryFrom<String> for OptimizerKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        OptimizerKind::parse(&s).ok_or_else(|| format!("unknown optimizer `{s}`: expected adamw or sgd"))
    }
}
impl From<OptimizerKind> for String {
    fn from(o: OptimizerKind) -> String {
        o.name().to_string()
    }
}
impl TryFrom<String> for Backend {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Backend::parse(&s)
    }
}
impl From<Backend> for String {
    fn from(b: Backend) -> String {
        b.name().to_string()
    }
}
impl TryFrom<String> for DeviceKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        DeviceKind::parse(&s)
    }
}
impl From<DeviceKind> for String {
    fn from(d: DeviceKind) -> String {
        d.to_string()
    }
}

/// The torch backend's entry points, registered by `hynas_train_torch::enable()` in the
/// processes that load libtorch (crate hynas-train-torch). Programs that do not link that crate
/// (the `hynas` binary) start without libtorch; `hynas --backend torch` hands over to
/// `hynas-torch`.
pub type SessionFactory = fn(&Graph, Program, &TrainConfig) -> Result<Box<dyn Session>, TrainError>;

pub struct TorchHooks {
    pub session: SessionFactory,
    /// Checks that a device exists.
    pub device: fn(DeviceKind) -> Result<(), TrainError>,
}
static TORCH: std::sync::OnceLock<TorchHooks> = std::sync::OnceLock::new();

/// Registers the torch backend (called by `hynas_train_torch::enable()`; later calls are no-ops).
pub fn register_torch(hooks: TorchHooks) {
    let _ = TORCH.set(hooks);
}

/// Whether this process has the torch backend loaded (`hynas_train_torch::enable()` was called).
pub fn torch_loaded() -> bool {
    TORCH.get().is_some()
}

/// Checks that this build and machine can train with `backend` on `device`; the error names
/// what is missing and how to get it.
pub fn check_backend(backend: Backend, device: DeviceKind) -> Result<(), TrainError> {
    match (backend, device) {
        (Backend::Torch, _) if !Backend::Torch.compiled_in() => Err(TrainError::Backend(
            "--backend torch: this hynas was built without the torch backend; install libtorch with \
             `bash scripts/setup.sh --torch` and build with `cargo build --release --features torch`"
                .into(),
        )),
        (Backend::Torch, _) if !torch_loaded() => Err(TrainError::Backend(
            "--backend torch: libtorch is not loaded in this process (run `hynas-torch`, or call \
             hynas_train_torch::enable() first)"
                .into(),
        )),
        (Backend::Flex, DeviceKind::Cuda(_)) => Err(TrainError::Backend(format!(
            "--device {device}: the flex backend runs on the CPU only; use --backend torch for CUDA"
        ))),
        (Backend::Torch, d) => TORCH.get().map_or(Ok(()), |h| (h.device)(d)),
        _ => Ok(()),
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch: usize,
    pub max_lr: f64,
    pub weight_decay: f64,
    pub optimizer: OptimizerKind,
    pub train_subset: Option<usize>,
    pub augment: bool,
    pub seed: u64,
    /// Stop after this many optimiser steps (tests); `None` for whole epochs.
    pub max_steps: Option<usize>,
    pub progress: bool,
    pub backend: Backend,
    pub device: DeviceKind,
    /// Compute threads of this training (flex: its own rayon pool; torch: libtorch's intra-op
    /// threads, which are per process); `None` for the library's default (all cores).
    pub threads: Option<usize>,
    /// torch on the CPU: channels-last images and conv weights (faster; measured).
    pub channels_last: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 2,
            batch: 128,
            max_lr: 1e-3,
            weight_decay: 1e-5,
            optimizer: OptimizerKind::AdamW,
            train_subset: None,
            augment: false,
            seed: 0,
            max_steps: None,
            progress: false,
            backend: Backend::Flex,
            device: DeviceKind::Cpu,
            threads: None,
            channels_last: true,
        }
    }
}

#[derive(Clone, Debug)]
pub struct EpochMetrics {
    pub epoch: usize,
    pub train_loss: f64,
    pub val_accuracy: f64,
    pub seconds: f64,
    pub images_per_second: f64,
}

#[derive(Clone, Debug)]
pub struct TrainReport {
    pub epochs: Vec<EpochMetrics>,
    pub test_accuracy: f64,
    pub train_images: usize,
    pub wall: Duration,
    /// Images through optimiser steps and the seconds those steps took (a partial last epoch,
    /// cut by `max_steps`, included; validation and test excluded): training throughput.
    pub images_stepped: usize,
    pub step_seconds: f64,
    /// Sum over all optimiser steps of the batch loss times the batch size, over images stepped.
    pub mean_train_loss: f64,
    pub backend: Backend,
    pub device: DeviceKind,
}

/// PyTorch's OneCycleLR (cosine, pct_start, div_factor, final_div_factor) at `step` of `total`.
pub fn one_cycle(step: usize, total: usize, max_lr: f64) -> f64 {
    let (pct_start, div, final_div) = (0.3, 25.0, 1e4);
    let initial = max_lr / div;
    let min = initial / final_div;
    let up_end = (pct_start * total as f64 - 1.0).max(1.0);
    let cos = |from: f64, to: f64, pct: f64| to + (from - to) / 2.0 * (1.0 + (std::f64::consts::PI * pct).cos());
    let s = step as f64;
    if s <= up_end {
        cos(initial, max_lr, s / up_end)
    } else {
        let down = (total as f64 - 1.0 - up_end).max(1.0);
        cos(max_lr, min, ((s - up_end) / down).min(1.0))
    }
}

/// A backend's training state: one optimiser step at a time.
pub trait Session: Send {
    /// Forward (training mode), cross-entropy, backward and one optimiser step at `lr`;
    /// returns the batch's mean loss.
    fn step(&mut self, x: &[f32], y: &[i64], n: usize, lr: f64) -> Result<f64, TrainError>;
    /// The network in eval mode, sharing or copying the current weights.
    fn eval(&self) -> Result<Box<dyn Eval>, TrainError>;
}

/// An eval-mode network (BN uses its running statistics).
pub trait Eval: Send {
    /// Logits [n, classes] for `n` normalised images [n, 3, 32, 32].
    fn logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError>;
    /// Each layer's values in the IR's operand order and layout ([`program::write_back`]).
    fn export(&self) -> Result<Vec<Vec<Vec<f32>>>, TrainError>;
}

/// A new training session of `cfg.backend` on `graph`'s current constants.
pub fn session(graph: &Graph, cfg: &TrainConfig) -> Result<Box<dyn Session>, TrainError> {
    check_backend(cfg.backend, cfg.device)?;
    let prog = Program::build(graph)?;
    match cfg.backend {
        Backend::Flex => Ok(Box::new(flex::FlexSession::new(graph, prog, cfg)?)),
        Backend::Torch => match TORCH.get() {
            Some(h) => (h.session)(graph, prog, cfg),
            None => Err(TrainError::Backend("the torch backend is not loaded".into())),
        },
    }
}

/// A type's lowest value: where [`argmax`] starts.
pub trait Lowest: PartialOrd + Copy {
    const LOWEST: Self;
}
impl Lowest for f32 {
    const LOWEST: f32 = f32::NEG_INFINITY;
}
impl Lowest for i8 {
    const LOWEST: i8 = i8::MIN;
}
impl Lowest for i32 {
    const LOWEST: i32 = i32::MIN;
}

/// Index of the largest value (the predicted class, from f32 logits or integer outputs); the
/// first on ties.
pub fn argmax<T: Lowest>(v: &[T]) -> usize {
    v.iter().enumerate().fold((0, T::LOWEST), |b, (i, &x)| if x > b.1 { (i, x) } else { b }).0
}

/// Accuracy of an eval-mode network on a data set (batches of 256).
pub fn accuracy(net: &dyn Eval, ds: &Dataset) -> Result<f64, TrainError> {
    if ds.is_empty() {
        return Ok(0.0);
    }
    let mut correct = 0usize;
    let idx: Vec<usize> = (0..ds.len()).collect();
    for ch in idx.chunks(256) {
        let (x, y) = ds.batch(ch, None);
        let logits = net.logits(&x, ch.len())?;
        let k = logits.len() / ch.len().max(1);
        correct += logits.chunks(k.max(1)).zip(&y).filter(|(l, &t)| argmax(l) as i64 == t).count();
    }
    Ok(correct as f64 / ds.len() as f64)
}

/// The trained network in eval mode.
pub struct Trained {
    eval: Box<dyn Eval>,
}

impl Trained {
    /// Eval-mode logits for `n` normalised images.
    pub fn logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError> {
        self.eval.logits(x, n)
    }
}

/// Trains `graph` in place (its constants receive the trained weights and BN statistics).
pub fn train(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<TrainReport, TrainError> {
    train_keep(graph, data, cfg).map(|(r, _)| r)
}

/// As [`train`], also returning the trained network.
pub fn train_keep(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<(TrainReport, Trained), TrainError> {
    if cfg.batch == 0 {
        return Err(TrainError::Train("batch size 0".into()));
    }
    let ok_lr = cfg.max_lr.is_finite() && cfg.max_lr > 0.0;
    if !(ok_lr && cfg.weight_decay.is_finite() && cfg.weight_decay >= 0.0) {
        return Err(TrainError::Train(format!(
            "learning rate {} and weight decay {} must be finite, the rate > 0 and the decay >= 0",
            cfg.max_lr, cfg.weight_decay
        )));
    }
    match (cfg.backend, cfg.threads) {
        (Backend::Flex, Some(n)) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| TrainError::Train(format!("a pool of {n} threads: {e}")))?;
            pool.install(|| run(graph, data, cfg))
        }
        _ => run(graph, data, cfg),
    }
}

fn run(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<(TrainReport, Trained), TrainError> {
    let start = Instant::now();
    let n_train = cfg.train_subset.map_or(data.train.len(), |s| s.min(data.train.len()));
    if n_train == 0 {
        return Err(TrainError::Train("no training images".into()));
    }
    let mut sess = session(graph, cfg)?;
    let steps_per_epoch = n_train.div_ceil(cfg.batch);
    let total = cfg.max_steps.unwrap_or(steps_per_epoch * cfg.epochs).max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let bar = if cfg.progress {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} steps  {msg}  ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let mut epochs = Vec::new();
    let mut step = 0usize;
    let (mut images_stepped, mut step_seconds, mut loss_total) = (0usize, 0.0f64, 0.0f64);
    'outer: for epoch in 0..cfg.epochs.max(1) {
        let t = Instant::now();
        // The subset is a fixed prefix of the (already shuffled) training split; each epoch
        // visits it in a new seeded order.
        let mut order: Vec<usize> = (0..n_train).collect();
        order.shuffle(&mut rng);
        let (mut loss_sum, mut seen) = (0.0f64, 0usize);
        for ch in order.chunks(cfg.batch) {
            if step >= total {
                step_seconds += t.elapsed().as_secs_f64();
                break 'outer;
            }
            let (x, y) = data.train.batch(ch, if cfg.augment { Some(&mut rng) } else { None });
            let lv = sess.step(&x, &y, ch.len(), one_cycle(step, total, cfg.max_lr))?;
            if !lv.is_finite() {
                return Err(TrainError::Train(format!("loss diverged ({lv}) at epoch {}, step {step}", epoch + 1)));
            }
            loss_sum += lv * ch.len() as f64;
            loss_total += lv * ch.len() as f64;
            seen += ch.len();
            images_stepped += ch.len();
            step += 1;
            if let Some(b) = &bar {
                b.set_prefix(format!("{}/{}", epoch + 1, cfg.epochs));
                b.set_message(format!(
                    "loss {:.3}  {:.0} img/s",
                    loss_sum / seen as f64,
                    seen as f64 / t.elapsed().as_secs_f64()
                ));
                b.inc(1);
            }
        }
        let secs = t.elapsed().as_secs_f64();
        step_seconds += secs;
        let val = accuracy(sess.eval()?.as_ref(), &data.val)?;
        epochs.push(EpochMetrics {
            epoch: epoch + 1,
            train_loss: loss_sum / seen.max(1) as f64,
            val_accuracy: val,
            seconds: secs,
            images_per_second: seen as f64 / secs.max(1e-9),
        });
        let line = format!(
            "epoch {}: loss {:.4}, val accuracy {:.2}%, {:.0} img/s",
            epoch + 1,
            loss_sum / seen.max(1) as f64,
            100.0 * val,
            seen as f64 / secs
        );
        match &bar {
            // The bar (and its println) is hidden when stderr is not a terminal: log then.
            Some(b) if !b.is_hidden() => b.println(line),
            Some(_) => tracing::info!("{line}"),
            // Inside a search: per-epoch detail only at debug level.
            None => tracing::debug!("{line}"),
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let eval = sess.eval()?;
    let test_accuracy = accuracy(eval.as_ref(), &data.test)?;
    program::write_back(&Program::build(graph)?, eval.export()?, graph)?;
    let report = TrainReport {
        epochs,
        test_accuracy,
        train_images: n_train,
        wall: start.elapsed(),
        images_stepped,
        step_seconds,
        mean_train_loss: loss_total / images_stepped.max(1) as f64,
        backend: cfg.backend,
        device: cfg.device,
    };
    Ok((report, Trained { eval }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_backends_parse() {
        assert_eq!(DeviceKind::parse("cpu"), Ok(DeviceKind::Cpu));
        assert_eq!(DeviceKind::parse("cuda"), Ok(DeviceKind::Cuda(0)));
        assert_eq!(DeviceKind::parse("cuda:3"), Ok(DeviceKind::Cuda(3)));
        for bad in ["gpu", "cuda:", "cuda:-1", "cuda:x", "cuda:64", "CPU"] {
            assert!(DeviceKind::parse(bad).unwrap_err().contains(bad), "{bad}");
        }
        assert_eq!(DeviceKind::Cuda(2).to_string(), "cuda:2");
        assert_eq!(Backend::parse("torch"), Ok(Backend::Torch));
        assert!(Backend::parse("tch").is_err());
        assert_eq!(Backend::available().contains(&Backend::Torch), cfg!(feature = "torch"));
    }

    #[test]
    fn flex_on_cuda_and_missing_torch_are_errors() {
        let e = check_backend(Backend::Flex, DeviceKind::Cuda(0)).unwrap_err().to_string();
        assert!(e.contains("flex backend runs on the CPU only"), "{e}");
        if !cfg!(feature = "torch") {
            let e = check_backend(Backend::Torch, DeviceKind::Cpu).unwrap_err().to_string();
            assert!(e.contains("--features torch") && e.contains("setup.sh --torch"), "{e}");
        }
    }

    #[test]
    fn one_cycle_matches_pytorch_shape() {
        let (total, max) = (100, 0.1);
        assert!((one_cycle(0, total, max) - max / 25.0).abs() < 1e-12);
        let peak = (0..total).map(|s| one_cycle(s, total, max)).fold(0.0, f64::max);
        assert!((peak - max).abs() < 1e-12);
        assert!(one_cycle(total - 1, total, max) < max / 25.0 / 1e3);
    }
}
