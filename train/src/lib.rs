//! hynas-train: trains the IR graph of any genome on CIFAR-10, then writes the weights back into
//! the graph's constants, so what trains is what the compiler compiles.
//!
//! The network is described once ([`program::Program`], a walk of the IR graph) and run by a
//! backend through the [`program::Ops`] seam: `flex` (burn's pure-Rust CPU backend, the default,
//! nothing to install) or `torch` (libtorch 2.13 through tch, CPU or CUDA; crate
//! hynas-train-torch, registered at run time, see [`register_torch`]).
//! The loop around it (data order, augmentation, schedule, metrics, validation) is shared.
//!
//! Recipes ([`Recipe`]): `proxy` (HANNAH's proxy training: AdamW lr 1e-3, weight decay 1e-5,
//! PyTorch's betas and eps, batch 128, no augmentation), `sgd` (SGD Nesterov 0.1, weight decay 5e-4,
//! crop + flip: the training anchors' 81%-in-30-epochs recipe) and `hannah` (HANNAH's final
//! training: 100 epochs, batch 256, AdamW with one-cycle max_lr 0.01, weight decay 1e-5, its
//! augmentation, see [`augment`]); all with the one-cycle schedule (pct_start 0.3, div 25, final
//! div 1e4, cosine) and cross-entropy, optionally distilled from a teacher ([`Distill`]).
//!
//! Batches are made by a loader thread one step ahead of the optimiser; an image's augmentation
//! and an epoch's order depend only on (seed, epoch), so a training resumed from a checkpoint
//! ([`checkpoint`]) continues exactly as the uninterrupted one would.

pub mod augment;
pub mod checkpoint;
pub mod data;
pub mod examples;
pub mod flex;
pub mod program;

pub use augment::Policy as Augmentation;

use data::{Cifar, Dataset};
use hynas_ir::Graph;
use program::Program;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Ir(#[from] hynas_ir::IrError),
    #[error("data {path}: {msg}")]
    Data { path: String, msg: String },
    /// A data set that does not fit the model it is used with.
    #[error("data: {0}")]
    DataMismatch(String),
    #[error("training: {0}")]
    Train(String),
    /// A backend or device that this build or machine cannot provide.
    #[error("{0}")]
    Backend(String),
    /// The training stopped on request after `epochs_done` epochs, its checkpoint saved.
    #[error("training stopped after epoch {epochs_done} of {epochs} (checkpointed; resume to continue)")]
    Stopped { epochs_done: usize, epochs: usize },
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
    /// Augmentation policy (`false`/`true` in older records: none / crop-flip).
    pub augment: Augmentation,
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
    /// Knowledge distillation from a teacher (the teacher itself is given to [`train_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distill: Option<Distill>,
    /// The named recipe these settings started from (informational; explicit options may have
    /// changed single settings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipe: Option<Recipe>,
}

/// Distillation: loss (1 - alpha) CE(student, y) + alpha T^2 KL(softmax(teacher / T) ||
/// softmax(student / T)) (batch mean), the teacher in eval mode on the same augmented batch.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distill {
    /// What the teacher is (its model and weights file), for the records.
    pub teacher: String,
    pub alpha: f64,
    pub temperature: f64,
}

impl Distill {
    /// Checks alpha in [0, 1] and T > 0 (finite).
    pub fn check(&self) -> Result<(), TrainError> {
        if !(self.alpha.is_finite() && (0.0..=1.0).contains(&self.alpha)) {
            return Err(TrainError::Train(format!("distillation alpha {} is outside [0, 1]", self.alpha)));
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0) {
            return Err(TrainError::Train(format!(
                "distillation temperature {} must be a finite number > 0",
                self.temperature
            )));
        }
        Ok(())
    }
}

/// A batch's soft targets: the teacher's logits [n, classes] and the distillation weights.
#[derive(Clone, Copy, Debug)]
pub struct Soft<'a> {
    pub logits: &'a [f32],
    pub alpha: f64,
    pub temperature: f64,
}

/// Named training recipes (module docs); explicit options override single settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Recipe {
    Proxy,
    Sgd,
    Hannah,
}

impl Recipe {
    pub const NAMES: &'static str = "proxy, sgd or hannah";

    pub fn parse(s: &str) -> Result<Recipe, String> {
        match s {
            "proxy" => Ok(Recipe::Proxy),
            "sgd" => Ok(Recipe::Sgd),
            "hannah" => Ok(Recipe::Hannah),
            _ => Err(format!("unknown recipe `{s}`: expected {}", Recipe::NAMES)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Recipe::Proxy => "proxy",
            Recipe::Sgd => "sgd",
            Recipe::Hannah => "hannah",
        }
    }

    /// The recipe's settings on top of `base` (which keeps seed, backend, device, threads, ...).
    pub fn apply(self, base: TrainConfig) -> TrainConfig {
        let (epochs, batch, optimizer, max_lr, weight_decay, augment) = match self {
            Recipe::Proxy => (10, 128, OptimizerKind::AdamW, 1e-3, 1e-5, Augmentation::None),
            Recipe::Sgd => (30, 128, OptimizerKind::SgdNesterov, 0.1, 5e-4, Augmentation::CropFlip),
            Recipe::Hannah => (100, 256, OptimizerKind::AdamW, 0.01, 1e-5, Augmentation::Hannah),
        };
        TrainConfig { epochs, batch, optimizer, max_lr, weight_decay, augment, recipe: Some(self), ..base }
    }
}

/// Single settings given on top of a recipe (`None`: the recipe's).
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    /// Another optimiser also brings its default rate and decay (unless given too).
    pub optimizer: Option<OptimizerKind>,
    pub epochs: Option<usize>,
    pub batch: Option<usize>,
    pub max_lr: Option<f64>,
    pub weight_decay: Option<f64>,
    pub augment: Option<Augmentation>,
}

impl TrainConfig {
    /// These settings with `o`'s given ones in place.
    pub fn with(self, o: Overrides) -> TrainConfig {
        let mut c = self;
        if let Some(opt) = o.optimizer {
            (c.max_lr, c.weight_decay) = opt.defaults();
            c.optimizer = opt;
        }
        TrainConfig {
            epochs: o.epochs.unwrap_or(c.epochs),
            batch: o.batch.unwrap_or(c.batch),
            max_lr: o.max_lr.unwrap_or(c.max_lr),
            weight_decay: o.weight_decay.unwrap_or(c.weight_decay),
            augment: o.augment.unwrap_or(c.augment),
            ..c
        }
    }
}

impl TryFrom<String> for Recipe {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Recipe::parse(&s)
    }
}
impl From<Recipe> for String {
    fn from(r: Recipe) -> String {
        r.name().to_string()
    }
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
            augment: Augmentation::None,
            seed: 0,
            max_steps: None,
            progress: false,
            backend: Backend::Flex,
            device: DeviceKind::Cpu,
            threads: None,
            channels_last: true,
            distill: None,
            recipe: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Forward (training mode), the loss (cross-entropy, or the distillation loss with `soft`),
    /// backward and one optimiser step at `lr`; returns the batch's mean loss.
    fn step(&mut self, x: &[f32], y: &[i64], n: usize, lr: f64, soft: Option<Soft>) -> Result<f64, TrainError>;
    /// The network in eval mode, sharing or copying the current weights.
    fn eval(&self) -> Result<Box<dyn Eval>, TrainError>;
    /// Writes the optimiser's state (moments, momentum buffers, step count) to `path`; the
    /// weights travel in the graph ([`checkpoint`]).
    fn save_optimizer(&self, path: &std::path::Path) -> Result<(), TrainError>;
    /// Restores what [`Session::save_optimizer`] wrote, into a session built on the same graph.
    fn load_optimizer(&mut self, path: &std::path::Path) -> Result<(), TrainError>;
}

/// An eval-mode network (BN uses its running statistics).
pub trait Eval: Send {
    /// Logits [n, classes] for `n` normalised images [n, C, H, W] (the model's input shape).
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

/// What a training gets besides its recipe: parameters, not globals.
#[derive(Default)]
pub struct RunWith<'a> {
    /// The distillation teacher in eval mode (needed when `cfg.distill` is set).
    pub teacher: Option<Box<dyn Eval>>,
    /// A folder for a checkpoint after every epoch; a training finding one there resumes from it
    /// (its recipe must be the same).
    pub checkpoint: Option<&'a Path>,
    /// Stop (with [`TrainError::Stopped`]) once this many epochs have run in this call, after
    /// their checkpoint: a long training split over sessions of bounded time. Needs `checkpoint`.
    pub stop_after: Option<usize>,
}

/// Trains `graph` in place (its constants receive the trained weights and BN statistics).
pub fn train(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<TrainReport, TrainError> {
    train_keep(graph, data, cfg).map(|(r, _)| r)
}

/// As [`train`], also returning the trained network.
pub fn train_keep(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<(TrainReport, Trained), TrainError> {
    train_with(graph, data, cfg, RunWith::default())
}

/// The recipe's numbers checked before any work.
pub fn check_config(cfg: &TrainConfig) -> Result<(), TrainError> {
    if cfg.batch == 0 {
        return Err(TrainError::Train("batch size 0".into()));
    }
    if cfg.train_subset == Some(0) || cfg.epochs == 0 {
        return Err(TrainError::Train(format!(
            "{} epochs on {} training images: train at least one epoch on at least one image",
            cfg.epochs,
            cfg.train_subset.map_or("all".to_string(), |n| n.to_string())
        )));
    }
    let ok_lr = cfg.max_lr.is_finite() && cfg.max_lr > 0.0;
    if !(ok_lr && cfg.weight_decay.is_finite() && cfg.weight_decay >= 0.0) {
        return Err(TrainError::Train(format!(
            "learning rate {} and weight decay {} must be finite, the rate > 0 and the decay >= 0",
            cfg.max_lr, cfg.weight_decay
        )));
    }
    if let Some(d) = &cfg.distill {
        d.check()?;
    }
    Ok(())
}

/// A teacher for distillation: `graph` (with its trained weights) in eval mode on `cfg`'s backend
/// and device; its output must have as many classes as `classes`.
pub fn teacher(graph: &Graph, cfg: &TrainConfig, classes: usize) -> Result<Box<dyn Eval>, TrainError> {
    teacher_fits(graph, classes).map_err(TrainError::Train)?;
    let plain = TrainConfig { distill: None, ..cfg.clone() };
    session(graph, &plain)?.eval()
}

/// Whether a teacher's output is one logit per class of the student; the message says what it is.
pub fn teacher_fits(graph: &Graph, classes: usize) -> Result<(), String> {
    let out = graph.outputs().first().map(|&o| graph.node(o).shape.dims().to_vec()).unwrap_or_default();
    match out.last() == Some(&classes) && out.iter().product::<usize>() == classes {
        true => Ok(()),
        false => Err(format!("the teacher's output has shape {out:?}; the student has {classes} classes")),
    }
}

/// As [`train_keep`], with a teacher and/or a checkpoint folder.
pub fn train_with(
    graph: &mut Graph,
    data: &Cifar,
    cfg: &TrainConfig,
    with: RunWith,
) -> Result<(TrainReport, Trained), TrainError> {
    check_config(cfg)?;
    if with.stop_after.is_some() && with.checkpoint.is_none() {
        return Err(TrainError::Train("stopping after some epochs needs a checkpoint folder".into()));
    }
    if cfg.distill.is_some() != with.teacher.is_some() {
        return Err(TrainError::Train(if cfg.distill.is_some() {
            "distillation needs a teacher".into()
        } else {
            "a teacher was given without distillation settings".into()
        }));
    }
    match (cfg.backend, cfg.threads) {
        (Backend::Flex, Some(n)) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| TrainError::Train(format!("a pool of {n} threads: {e}")))?;
            pool.install(move || run(graph, data, cfg, &with))
        }
        _ => run(graph, data, cfg, &with),
    }
}

/// The order in which epoch `epoch` visits the first `n` training images.
pub fn epoch_order(seed: u64, epoch: usize, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(augment::mix(seed, epoch as u64)));
    order
}

/// One batch from the loader thread.
struct Batch {
    x: Vec<f32>,
    y: Vec<i64>,
    n: usize,
}

/// Where a training stands: what a checkpoint keeps besides the weights and optimiser.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub epochs_done: usize,
    pub step: usize,
    pub epochs: Vec<EpochMetrics>,
    pub images_stepped: usize,
    pub step_seconds: f64,
    pub loss_total: f64,
    /// Wall seconds of the sessions before this one.
    pub wall_seconds: f64,
}

fn run(
    graph: &mut Graph,
    data: &Cifar,
    cfg: &TrainConfig,
    with: &RunWith,
) -> Result<(TrainReport, Trained), TrainError> {
    let start = Instant::now();
    let n_train = cfg.train_subset.map_or(data.train.len(), |s| s.min(data.train.len()));
    if n_train == 0 {
        return Err(TrainError::Train("no training images".into()));
    }
    // Resume: the checkpoint's weights go into the graph before the session is built from it.
    let resumed = match with.checkpoint {
        Some(dir) => checkpoint::load(dir, cfg, graph)?,
        None => None,
    };
    let mut sess = session(graph, cfg)?;
    let mut prog_state = Progress::default();
    if let Some((p, optim)) = resumed {
        sess.load_optimizer(&optim)?;
        prog_state = p;
    }
    let steps_per_epoch = n_train.div_ceil(cfg.batch);
    let total = cfg.max_steps.unwrap_or(steps_per_epoch * cfg.epochs).max(1);
    let epochs_total = cfg.epochs.max(1);
    let bar = if cfg.progress {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} steps  {msg}  ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.set_position(prog_state.step as u64);
        Some(b)
    } else {
        None
    };
    if prog_state.epochs_done > 0 {
        tracing::info!(
            "resuming after epoch {} of {} (step {})",
            prog_state.epochs_done,
            epochs_total,
            prog_state.step
        );
    }
    let first_epoch = prog_state.epochs_done;
    let first_step = prog_state.step;
    let train_set = &data.train;
    let (policy, seed, batch) = (cfg.augment, cfg.seed, cfg.batch);
    let classes = graph.outputs().first().map(|&o| graph.node(o).shape.numel()).unwrap_or(0);
    let result: Result<(), TrainError> = std::thread::scope(|scope| {
        // The loader makes (and augments) the next batches while the optimiser steps.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(2);
        scope.spawn(move || {
            let mut step = first_step;
            for epoch in first_epoch..epochs_total {
                for ch in epoch_order(seed, epoch, n_train).chunks(batch) {
                    if step >= total {
                        return;
                    }
                    let aug = (!policy.is_none()).then_some(data::Aug { policy, seed, epoch });
                    let (x, y) = train_set.batch(ch, aug);
                    if tx.send(Batch { x, y, n: ch.len() }).is_err() {
                        return;
                    }
                    step += 1;
                }
            }
        });
        let st = &mut prog_state;
        for epoch in first_epoch..epochs_total {
            if st.step >= total {
                break;
            }
            let t = Instant::now();
            let (mut loss_sum, mut seen) = (0.0f64, 0usize);
            let in_epoch = steps_per_epoch.min(total - st.step);
            for _ in 0..in_epoch {
                let b = rx.recv().map_err(|_| TrainError::Train("the batch loader stopped".into()))?;
                let teacher_logits = match (&with.teacher, &cfg.distill) {
                    (Some(t), Some(d)) if d.alpha > 0.0 => {
                        let l = t.logits(&b.x, b.n)?;
                        if l.len() != b.n * classes {
                            return Err(TrainError::Train(format!(
                                "the teacher gave {} logits for {} images of {classes} classes",
                                l.len(),
                                b.n
                            )));
                        }
                        Some((l, d.alpha, d.temperature))
                    }
                    _ => None,
                };
                let soft = teacher_logits.as_ref().map(|(l, alpha, temperature)| Soft {
                    logits: l,
                    alpha: *alpha,
                    temperature: *temperature,
                });
                let lv = sess.step(&b.x, &b.y, b.n, one_cycle(st.step, total, cfg.max_lr), soft)?;
                if !lv.is_finite() {
                    return Err(TrainError::Train(format!(
                        "loss diverged ({lv}) at epoch {}, step {}",
                        epoch + 1,
                        st.step
                    )));
                }
                loss_sum += lv * b.n as f64;
                st.loss_total += lv * b.n as f64;
                seen += b.n;
                st.images_stepped += b.n;
                st.step += 1;
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
            st.step_seconds += secs;
            let val = accuracy(sess.eval()?.as_ref(), &data.val)?;
            st.epochs.push(EpochMetrics {
                epoch: epoch + 1,
                train_loss: loss_sum / seen.max(1) as f64,
                val_accuracy: val,
                seconds: secs,
                images_per_second: seen as f64 / secs.max(1e-9),
            });
            st.epochs_done = epoch + 1;
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
            if let Some(dir) = with.checkpoint {
                let mut snapshot = graph.clone();
                program::write_back(&Program::build(graph)?, sess.eval()?.export()?, &mut snapshot)?;
                let mut saved = st.clone();
                saved.wall_seconds += start.elapsed().as_secs_f64();
                checkpoint::save(dir, cfg, &saved, &snapshot, sess.as_ref())?;
            }
            if with.stop_after.is_some_and(|n| epoch + 1 - first_epoch >= n) && epoch + 1 < epochs_total {
                return Err(TrainError::Stopped { epochs_done: epoch + 1, epochs: epochs_total });
            }
        }
        Ok(())
    });
    result?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let eval = sess.eval()?;
    let test_accuracy = accuracy(eval.as_ref(), &data.test)?;
    program::write_back(&Program::build(graph)?, eval.export()?, graph)?;
    let p = prog_state;
    let report = TrainReport {
        epochs: p.epochs,
        test_accuracy,
        train_images: n_train,
        wall: start.elapsed() + Duration::from_secs_f64(p.wall_seconds),
        images_stepped: p.images_stepped,
        step_seconds: p.step_seconds,
        mean_train_loss: p.loss_total / p.images_stepped.max(1) as f64,
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
