//! The training executor: trains the IR graph of any genome on CIFAR-10 with burn (flex
//! backend on the CPU by default), then writes the weights back into the graph.
//!
//! Recipe (HANNAH's proxy training, every part configurable): AdamW (lr 1e-3, weight decay 1e-5,
//! PyTorch's betas and eps), one-cycle schedule (pct_start 0.3, div 25, final div 1e4, cosine),
//! batch 128, cross-entropy. Augmentation (random crop with padding 4 + flip) on request.

pub mod data;
pub mod net;

use crate::RuntimeError;
use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamWConfig, GradientsParams, SgdConfig};
use burn::tensor::{Device, Int, Tensor, TensorData};
use data::{Cifar, Dataset};
use hynas_ir::Graph;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    /// HANNAH's proxy recipe.
    AdamW,
    /// SGD with Nesterov momentum 0.9 (the stronger final recipe of the training anchors).
    SgdNesterov,
}

impl Optimizer {
    /// `adamw` or `sgd`.
    pub fn parse(s: &str) -> Option<Optimizer> {
        match s {
            "adamw" => Some(Optimizer::AdamW),
            "sgd" => Some(Optimizer::SgdNesterov),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Optimizer::AdamW => "adamw",
            Optimizer::SgdNesterov => "sgd",
        }
    }

    /// The recipe's default peak learning rate and weight decay: HANNAH's proxy recipe for
    /// AdamW, the training anchors' 81%-in-30-epochs recipe for SGD.
    pub fn defaults(self) -> (f64, f64) {
        match self {
            Optimizer::AdamW => (1e-3, 1e-5),
            Optimizer::SgdNesterov => (0.1, 5e-4),
        }
    }
}

#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch: usize,
    pub max_lr: f64,
    pub weight_decay: f64,
    pub optimizer: Optimizer,
    pub train_subset: Option<usize>,
    pub augment: bool,
    pub seed: u64,
    /// Stop after this many optimiser steps (tests); `None` for whole epochs.
    pub max_steps: Option<usize>,
    pub progress: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 2,
            batch: 128,
            max_lr: 1e-3,
            weight_decay: 1e-5,
            optimizer: Optimizer::AdamW,
            train_subset: None,
            augment: false,
            seed: 0,
            max_steps: None,
            progress: false,
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

fn images(batch: &[f32], n: usize, dev: &Device) -> Tensor<4> {
    Tensor::from_data(TensorData::new(batch.to_vec(), [n, 3, 32, 32]), dev)
}

/// Accuracy of the eval-mode network on a data set (batches of 256).
pub fn accuracy(net: &net::Net, prog: &net::Program, ds: &Dataset, dev: &Device) -> Result<f64, RuntimeError> {
    if ds.is_empty() {
        return Ok(0.0);
    }
    let mut correct = 0usize;
    let idx: Vec<usize> = (0..ds.len()).collect();
    for ch in idx.chunks(256) {
        let (x, y) = ds.batch(ch, None);
        let logits = net.forward(prog, images(&x, ch.len(), dev))?;
        let pred =
            logits.argmax(1).into_data().try_to_vec_as::<i64>().map_err(|e| RuntimeError::Train(format!("{e:?}")))?;
        correct += pred.iter().zip(&y).filter(|(p, t)| p == t).count();
    }
    Ok(correct as f64 / ds.len() as f64)
}

/// The trained network in eval mode (BN uses its running statistics).
pub struct Trained {
    net: net::Net,
    prog: net::Program,
}

impl Trained {
    /// Eval-mode logits for `n` normalised images.
    pub fn logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, RuntimeError> {
        let out = self.net.forward(&self.prog, images(x, n, &Device::flex()))?;
        out.into_data().try_to_vec::<f32>().map_err(|e| RuntimeError::Train(format!("{e:?}")))
    }
}

/// Trains `graph` in place (its constants receive the trained weights and BN statistics).
pub fn train(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<TrainReport, RuntimeError> {
    train_keep(graph, data, cfg).map(|(r, _)| r)
}

/// As [`train`], also returning the trained network.
pub fn train_keep(graph: &mut Graph, data: &Cifar, cfg: &TrainConfig) -> Result<(TrainReport, Trained), RuntimeError> {
    let start = Instant::now();
    let dev = Device::flex().autodiff();
    let (mut net, prog) = net::build(graph, &dev)?;
    let n_train = cfg.train_subset.map_or(data.train.len(), |s| s.min(data.train.len()));
    if n_train == 0 {
        return Err(RuntimeError::Train("no training images".into()));
    }
    let steps_per_epoch = n_train.div_ceil(cfg.batch);
    let total = cfg.max_steps.unwrap_or(steps_per_epoch * cfg.epochs).max(1);
    let mut optim = match cfg.optimizer {
        Optimizer::AdamW => AdamWConfig::new()
            .with_beta_1(0.9)
            .with_beta_2(0.999)
            .with_epsilon(1e-8)
            .with_weight_decay(cfg.weight_decay as f32)
            .init(),
        Optimizer::SgdNesterov => SgdConfig::new()
            .with_weight_decay(Some(burn::optim::decay::WeightDecayConfig::new(cfg.weight_decay as f32)))
            .with_momentum(Some(MomentumConfig::new().with_momentum(0.9).with_dampening(0.0).with_nesterov(true)))
            .init(),
    };
    let loss_fn = CrossEntropyLossConfig::new().init(&dev);
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
    let (mut images_stepped, mut step_seconds) = (0usize, 0.0f64);
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
            let targets = Tensor::<1, Int>::from_data(TensorData::new(y, [ch.len()]), &dev);
            let logits = net.forward(&prog, images(&x, ch.len(), &dev))?;
            let loss = loss_fn.forward(logits, targets);
            let lv = loss.clone().into_scalar::<f32>() as f64;
            if !lv.is_finite() {
                return Err(RuntimeError::Train(format!("loss diverged ({lv}) at step {step}")));
            }
            let grads = GradientsParams::from_grads(loss.backward(), &net);
            net = optim.step(one_cycle(step, total, cfg.max_lr), net, grads);
            loss_sum += lv * ch.len() as f64;
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
        let val = accuracy(&net.valid(), &prog, &data.val, &Device::flex())?;
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
    let eval = net.valid();
    let test_accuracy = accuracy(&eval, &prog, &data.test, &Device::flex())?;
    net::export(&eval, &prog, graph)?;
    let report = TrainReport {
        epochs,
        test_accuracy,
        train_images: n_train,
        wall: start.elapsed(),
        images_stepped,
        step_seconds,
    };
    Ok((report, Trained { net: eval, prog }))
}
