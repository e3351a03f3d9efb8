//! hynas-train-torch, the `torch` training backend: PyTorch's C++ library (libtorch 2.13) through
//! `tch` 0.26, on the CPU or a CUDA device. The same program as every backend
//! (`hynas_train::program::forward`); layers are plain tensors with
//! `requires_grad`; the optimisers ([`Optim`]) are PyTorch's AdamW and SGD (Nesterov) update rules
//! written with libtorch tensor ops, so that their state can be saved in a checkpoint (tch's
//! wrapped libtorch optimisers do not expose it); a test checks steps against `torch.optim`. On the CPU, images and conv weights use the channels-last memory
//! format (NHWC strides behind NCHW shapes; conv outputs keep it), 1.3-1.4x faster for ResNet-8.
//! Everything is behind the crate's `torch` feature: without it the crate is empty and needs no
//! libtorch. [`enable`] registers the backend with hynas-train in the processes that want it.

#![cfg(feature = "torch")]

use hynas_ir::Graph;
use hynas_train::program::{forward, LayerKind, Ops, Program};
use hynas_train::{DeviceKind, Eval, OptimizerKind, Session, Soft, TrainConfig, TrainError};
/// The tch version this backend is built on (tests build tensors with it).
pub use tch;
use tch::{Device, Kind, Tensor};

fn terr(e: tch::TchError) -> TrainError {
    TrainError::Train(format!("libtorch: {e}"))
}

/// The tch device for a device kind, checking that it exists.
pub fn device(d: DeviceKind) -> Result<Device, TrainError> {
    match d {
        DeviceKind::Cpu => Ok(Device::Cpu),
        DeviceKind::Cuda(i) => {
            let n = tch::Cuda::device_count() as usize;
            if n == 0 {
                Err(TrainError::Backend(format!(
                    "--device cuda:{i}: no CUDA device is visible to libtorch (a CUDA build of PyTorch \
                     2.13 with an NVIDIA driver and GPU is needed; use --device cpu)"
                )))
            } else if i >= n {
                Err(TrainError::Backend(format!("--device cuda:{i}: only {n} CUDA device(s) visible (0..{n})")))
            } else {
                Ok(Device::Cuda(i))
            }
        }
    }
}

/// Loads the torch backend into this process: `hynas_train::session` can then create torch
/// sessions. Only programs that call this link libtorch.
pub fn enable() {
    hynas_train::register_torch(hynas_train::TorchHooks {
        session: |g, p, c| Ok(Box::new(TorchSession::new(g, p, c)?)),
        device: |d| device(d).map(|_| ()),
    });
}

/// Whether a CUDA device is visible (tests skip their CUDA part otherwise).
pub fn cuda_available() -> bool {
    tch::Cuda::is_available()
}

/// Intra-op threads for this process' libtorch (its thread pool is process-wide; a search's
/// workers all ask for the same number).
pub fn set_threads(n: usize) {
    tch::set_num_threads(i32::try_from(n.max(1)).unwrap_or(i32::MAX));
}

/// Same strides trick as `torch.channels_last`: an NCHW-shaped tensor with NHWC strides.
fn channels_last(t: &Tensor) -> Tensor {
    t.permute([0, 2, 3, 1]).contiguous().permute([0, 3, 1, 2])
}

fn vec_of(t: &Tensor) -> Result<Vec<f32>, TrainError> {
    let t = t.to_device(Device::Cpu).to_kind(Kind::Float).contiguous().view([-1]);
    Vec::<f32>::try_from(&t).map_err(terr)
}

fn tensor(data: &[f32], shape: &[usize], dev: Device) -> Tensor {
    let dims: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
    Tensor::from_slice(data).reshape(dims).to_device(dev)
}

/// One layer's tensors: trained parameters (IR order) and BN running statistics.
struct TLayer {
    kind: LayerKind,
    params: Vec<Tensor>,
    stats: Vec<Tensor>,
}

/// The network's tensors on one device; `train` selects BN's mode.
struct TNet {
    layers: Vec<TLayer>,
    train: bool,
    channels_last: bool,
}

impl TNet {
    fn build(prog: &Program, graph: &Graph, dev: Device, channels_last_: bool) -> Result<TNet, TrainError> {
        let mut layers = Vec::new();
        for (l, spec) in prog.layers.iter().enumerate() {
            let v = prog.layer_values(graph, l)?;
            let mut ts: Vec<Tensor> = v.iter().map(|(d, s)| tensor(d, s, dev)).collect();
            if channels_last_ && matches!(spec.kind, LayerKind::Conv { .. }) {
                ts[0] = channels_last(&ts[0]);
            }
            let stats = if matches!(spec.kind, LayerKind::BatchNorm { .. }) { ts.split_off(2) } else { vec![] };
            let params = ts.into_iter().map(|t| t.set_requires_grad(true)).collect();
            layers.push(TLayer { kind: spec.kind.clone(), params, stats });
        }
        Ok(TNet { layers, train: true, channels_last: channels_last_ })
    }

    /// A view of the same tensors in eval mode (no copies).
    fn eval_view(&self) -> TNet {
        let layers = self
            .layers
            .iter()
            .map(|l| TLayer {
                kind: l.kind.clone(),
                params: l.params.iter().map(Tensor::shallow_clone).collect(),
                stats: l.stats.iter().map(Tensor::shallow_clone).collect(),
            })
            .collect();
        TNet { layers, train: false, channels_last: self.channels_last }
    }

    fn images(&self, x: &[f32], n: usize, [c, h, w]: [usize; 3], dev: Device) -> Result<Tensor, TrainError> {
        if x.len() != n * c * h * w {
            return Err(TrainError::Train(format!("{} values are not {n} images of {c}x{h}x{w}", x.len())));
        }
        let t = tensor(x, &[n, c, h, w], dev);
        Ok(if self.channels_last { channels_last(&t) } else { t })
    }

    fn logits(&self, prog: &Program, x: &[f32], n: usize, dev: Device) -> Result<Tensor, TrainError> {
        let out = forward(self, prog, self.images(x, n, prog.input, dev)?, n)?;
        if out.dim() != 2 {
            return Err(TrainError::Train("the output is not a [B, classes] value".into()));
        }
        Ok(out)
    }

    fn export(&self) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        self.layers.iter().map(|l| l.params.iter().chain(&l.stats).map(vec_of).collect()).collect()
    }

    /// Every trained parameter (handles to the same tensors), layer by layer.
    fn params(&self) -> Vec<Tensor> {
        self.layers.iter().flat_map(|l| l.params.iter().map(Tensor::shallow_clone)).collect()
    }
}

impl Ops for TNet {
    type T = Tensor;

    fn layer(&self, l: usize, x: &Tensor) -> Result<Tensor, TrainError> {
        let layer = &self.layers[l];
        let p = &layer.params;
        match &layer.kind {
            LayerKind::Conv { stride, padding, groups, .. } => {
                x.f_conv2d(&p[0], p.get(1), [*stride as i64], [*padding as i64], [1i64], *groups as i64)
            }
            LayerKind::BatchNorm { eps } => x.f_batch_norm(
                Some(&p[0]),
                Some(&p[1]),
                Some(&layer.stats[0]),
                Some(&layer.stats[1]),
                self.train,
                0.1,
                *eps as f64,
                true,
            ),
            LayerKind::Linear { .. } => x.f_linear(&p[0], p.get(1)),
        }
        .map_err(terr)
    }
    fn relu(&self, x: &Tensor) -> Tensor {
        x.relu()
    }
    fn add(&self, a: &Tensor, b: &Tensor) -> Result<Tensor, TrainError> {
        a.f_add(b).map_err(terr)
    }
    fn scale(&self, x: &Tensor, s: f32) -> Tensor {
        x * (s as f64)
    }
    fn max_pool(&self, x: &Tensor, k: usize, s: usize, p: usize) -> Result<Tensor, TrainError> {
        let (k, s, p) = (k as i64, s as i64, p as i64);
        x.f_max_pool2d([k, k], [s, s], [p, p], [1, 1], false).map_err(terr)
    }
    fn avg_pool(&self, x: &Tensor, k: usize, s: usize, p: usize) -> Result<Tensor, TrainError> {
        let (k, s, p) = (k as i64, s as i64, p as i64);
        x.f_avg_pool2d([k, k], [s, s], [p, p], false, true, None::<i64>).map_err(terr)
    }
    fn global_avg_pool(&self, x: &Tensor) -> Result<Tensor, TrainError> {
        x.f_mean_dim([2i64, 3].as_slice(), true, None::<Kind>).map_err(terr)
    }
    fn matmul(&self, a: &Tensor, b: &Tensor) -> Result<Tensor, TrainError> {
        a.f_matmul(b).map_err(terr)
    }
    fn softmax(&self, x: &Tensor) -> Result<Tensor, TrainError> {
        x.f_softmax(-1, None::<Kind>).map_err(terr)
    }
    fn reshape(&self, x: &Tensor, batch: usize, d: &[usize]) -> Result<Tensor, TrainError> {
        let dims: Vec<i64> = std::iter::once(batch).chain(d.iter().copied()).map(|v| v as i64).collect();
        x.f_reshape(dims).map_err(terr)
    }
    fn swap(&self, x: &Tensor, a: usize, b: usize) -> Result<Tensor, TrainError> {
        x.f_transpose(a as i64, b as i64).map_err(terr)
    }
    fn linear_attention(&self, q: &Tensor, k: &Tensor, v: &Tensor, eps: f32) -> Result<Tensor, TrainError> {
        let d =
            v.size().get(2).copied().ok_or_else(|| TrainError::Train("linear attention on a non-4-d value".into()))?;
        let ones = v.f_narrow(2, 0, 1).and_then(|t| t.f_ones_like()).map_err(terr)?;
        let vp = Tensor::f_cat(&[v, &ones], 2).map_err(terr)?;
        let o = vp.f_matmul(&k.f_transpose(-1, -2).map_err(terr)?).and_then(|kv| kv.f_matmul(q)).map_err(terr)?;
        let num = o.f_narrow(2, 0, d).map_err(terr)?;
        let den = o.f_narrow(2, d, 1).map_err(terr)? + eps as f64;
        num.f_div(&den).map_err(terr)
    }
}

/// PyTorch's optimiser update rules (`torch.optim.AdamW`, `torch.optim.SGD` with Nesterov
/// momentum), over tensors whose state can be saved.
pub struct Optim {
    kind: OptimizerKind,
    weight_decay: f64,
    /// Steps taken (AdamW's bias correction).
    steps: i64,
    /// Per parameter: AdamW's first and second moments, or SGD's momentum buffer (first only).
    first: Vec<Option<Tensor>>,
    second: Vec<Option<Tensor>>,
}

const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const ADAM_EPS: f64 = 1e-8;
const MOMENTUM: f64 = 0.9;

impl Optim {
    pub fn new(kind: OptimizerKind, weight_decay: f64, params: usize) -> Optim {
        Optim {
            kind,
            weight_decay,
            steps: 0,
            first: (0..params).map(|_| None).collect(),
            second: (0..params).map(|_| None).collect(),
        }
    }

    /// One update of every parameter with a gradient, at learning rate `lr`.
    pub fn step(&mut self, params: &[Tensor], lr: f64) -> Result<(), TrainError> {
        self.steps += 1;
        let t = self.steps;
        tch::no_grad(|| -> Result<(), TrainError> {
            for (i, p) in params.iter().enumerate() {
                let g = p.grad();
                if !g.defined() {
                    continue;
                }
                let mut p = p.shallow_clone();
                match self.kind {
                    OptimizerKind::AdamW => {
                        // torch.optim.AdamW (single tensor): decoupled decay, then the moments.
                        let _ = p.f_mul_scalar_(1.0 - lr * self.weight_decay).map_err(terr)?;
                        let m = self.first[i].get_or_insert_with(|| g.zeros_like());
                        let _ = m.f_lerp_(&g, 1.0 - BETA1).map_err(terr)?;
                        let v = self.second[i].get_or_insert_with(|| g.zeros_like());
                        let _ = v.f_mul_scalar_(BETA2).map_err(terr)?;
                        let _ = v.f_add_(&(&g * &g * (1.0 - BETA2))).map_err(terr)?;
                        let bc1 = 1.0 - BETA1.powi(t as i32);
                        let bc2 = 1.0 - BETA2.powi(t as i32);
                        let denom = (v.sqrt() / bc2.sqrt()) + ADAM_EPS;
                        let _ = p.f_sub_(&(m.f_div(&denom).map_err(terr)? * (lr / bc1))).map_err(terr)?;
                    }
                    OptimizerKind::SgdNesterov => {
                        // torch.optim.SGD(momentum 0.9, dampening 0, nesterov): coupled decay.
                        let d = if self.weight_decay != 0.0 { &g + &p * self.weight_decay } else { g.shallow_clone() };
                        let buf = match &mut self.first[i] {
                            Some(b) => {
                                let _ = b.f_mul_scalar_(MOMENTUM).map_err(terr)?;
                                let _ = b.f_add_(&d).map_err(terr)?;
                                b.shallow_clone()
                            }
                            None => {
                                let b = d.copy();
                                self.first[i] = Some(b.shallow_clone());
                                b
                            }
                        };
                        let upd = &d + &buf * MOMENTUM;
                        let _ = p.f_sub_(&(upd * lr)).map_err(terr)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// The state as named tensors (`steps`, `first.<i>`, `second.<i>`).
    fn named(&self) -> Vec<(String, Tensor)> {
        let mut v = vec![("steps".to_string(), Tensor::from_slice(&[self.steps]))];
        for (name, list) in [("first", &self.first), ("second", &self.second)] {
            for (i, t) in list.iter().enumerate() {
                if let Some(t) = t {
                    v.push((format!("{name}.{i}"), t.to_device(Device::Cpu).contiguous()));
                }
            }
        }
        v
    }

    fn restore(&mut self, named: Vec<(String, Tensor)>, params: &[Tensor]) -> Result<(), TrainError> {
        for (name, t) in named {
            let bad = || TrainError::Train(format!("optimiser state: unexpected entry `{name}`"));
            if name == "steps" {
                self.steps = i64::try_from(&t).map_err(terr)?;
                continue;
            }
            let (list, i) = name.split_once('.').ok_or_else(bad)?;
            let i: usize = i.parse().map_err(|_| bad())?;
            let p = params.get(i).ok_or_else(bad)?;
            if t.size() != p.size() {
                return Err(TrainError::Train(format!(
                    "optimiser state `{name}` has shape {:?}, the parameter {:?}",
                    t.size(),
                    p.size()
                )));
            }
            // The state takes the parameter's device and memory format.
            let s = p.zeros_like();
            s.shallow_clone().f_copy_(&t).map_err(terr)?;
            match list {
                "first" => self.first[i] = Some(s),
                "second" => self.second[i] = Some(s),
                _ => return Err(bad()),
            }
        }
        Ok(())
    }
}

/// A training session on one libtorch device.
pub struct TorchSession {
    net: TNet,
    optim: Optim,
    prog: Program,
    dev: Device,
}

impl TorchSession {
    pub fn new(graph: &Graph, prog: Program, cfg: &TrainConfig) -> Result<TorchSession, TrainError> {
        let dev = device(cfg.device)?;
        if let Some(t) = cfg.threads {
            set_threads(t);
        }
        tch::manual_seed(cfg.seed as i64);
        // Channels-last pays on the CPU (measured: 1.3-1.4x for ResNet-8); CUDA keeps NCHW.
        let net = TNet::build(&prog, graph, dev, cfg.channels_last && dev == Device::Cpu)?;
        let optim = Optim::new(cfg.optimizer, cfg.weight_decay, net.params().len());
        Ok(TorchSession { net, optim, prog, dev })
    }

    /// Cross-entropy, or with `soft` (1 - a) CE + a T^2 KL(teacher_T || student_T) (batch mean).
    fn loss(&self, x: &[f32], y: &[i64], n: usize, soft: Option<Soft>) -> Result<Tensor, TrainError> {
        let logits = self.net.logits(&self.prog, x, n, self.dev)?;
        let targets = Tensor::from_slice(y).to_device(self.dev);
        let ce = logits
            .f_log_softmax(-1, Kind::Float)
            .and_then(|l| l.f_nll_loss(&targets, None::<Tensor>, tch::Reduction::Mean, -100))
            .map_err(terr)?;
        let Some(s) = soft else { return Ok(ce) };
        let classes = logits.size()[1];
        if s.logits.len() as i64 != n as i64 * classes {
            return Err(TrainError::Train(format!("{} teacher logits for {n} x {classes}", s.logits.len())));
        }
        let teacher = Tensor::from_slice(s.logits).reshape([n as i64, classes]).to_device(self.dev);
        let lt = (teacher / s.temperature).log_softmax(-1, Kind::Float);
        let ls = (&logits / s.temperature).log_softmax(-1, Kind::Float);
        let kl = (lt.exp() * (&lt - ls)).sum(Kind::Float) / n as f64;
        Ok(ce * (1.0 - s.alpha) + kl * (s.alpha * s.temperature * s.temperature))
    }

    fn zero_grad(&self) {
        for p in self.net.params() {
            let mut g = p.grad();
            if g.defined() {
                let _ = g.detach_().zero_();
            }
        }
    }

    /// Gradients of every parameter after one forward/backward pass (training mode), per layer
    /// in the IR's operand order and layout (BN: gamma and beta only). Differential tests.
    pub fn gradients(
        &mut self,
        x: &[f32],
        y: &[i64],
        n: usize,
        soft: Option<Soft>,
    ) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        self.zero_grad();
        self.loss(x, y, n, soft)?.f_backward().map_err(terr)?;
        self.net.layers.iter().map(|l| l.params.iter().map(|p| vec_of(&p.grad())).collect()).collect()
    }

    /// Training-mode logits (batch statistics in BN; running statistics updated).
    pub fn train_logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError> {
        tch::no_grad(|| vec_of(&self.net.logits(&self.prog, x, n, self.dev)?))
    }

    /// Every trained parameter and BN statistic, per layer in the IR's operand order (tests).
    pub fn values(&self) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        tch::no_grad(|| self.net.export())
    }
}

impl Session for TorchSession {
    fn step(&mut self, x: &[f32], y: &[i64], n: usize, lr: f64, soft: Option<Soft>) -> Result<f64, TrainError> {
        self.zero_grad();
        let loss = self.loss(x, y, n, soft)?;
        loss.f_backward().map_err(terr)?;
        self.optim.step(&self.net.params(), lr)?;
        f64::try_from(&loss).map_err(terr)
    }

    fn eval(&self) -> Result<Box<dyn Eval>, TrainError> {
        Ok(Box::new(TorchEval { net: self.net.eval_view(), prog: self.prog.clone(), dev: self.dev }))
    }

    fn save_optimizer(&self, path: &std::path::Path) -> Result<(), TrainError> {
        Tensor::save_multi(&self.optim.named(), path).map_err(terr)
    }

    fn load_optimizer(&mut self, path: &std::path::Path) -> Result<(), TrainError> {
        let named = Tensor::load_multi(path)
            .map_err(|e| TrainError::Train(format!("loading the optimiser state from {}: {e}", path.display())))?;
        let params = self.net.params();
        self.optim.restore(named, &params)
    }
}

/// The eval-mode network: BN uses its running statistics; no autograd.
pub struct TorchEval {
    net: TNet,
    prog: Program,
    dev: Device,
}

impl Eval for TorchEval {
    fn logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError> {
        tch::no_grad(|| vec_of(&self.net.logits(&self.prog, x, n, self.dev)?))
    }

    fn export(&self) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        tch::no_grad(|| self.net.export())
    }
}
