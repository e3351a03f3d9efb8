//! The `flex` backend: burn 0.22's pure-Rust CPU backend with autodiff. Nothing to install; the
//! default. Layers are burn modules (so burn's optimisers see them); everything else is burn's
//! functional tensor API behind [`Ops`].

use crate::program::{forward, LayerKind, Ops, Program};
use crate::{Eval, OptimizerKind, Session, Soft, TrainConfig, TrainError};
use burn::module::{Module, Param, ParamId, RunningState};
use burn::nn::conv::Conv2d;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::nn::{BatchNorm, Linear, PaddingConfig2d};
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamWConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::activation::{log_softmax, relu, softmax};
use burn::tensor::module::{avg_pool2d, max_pool2d};
use burn::tensor::ops::{AvgPoolOptions, MaxPoolOptions};
use burn::tensor::{Device, Int, Tensor, TensorData};
use hynas_ir::Graph;

#[derive(Module, Debug)]
pub enum Layer {
    Conv(Conv2d),
    Bn(BatchNorm),
    Fc(Linear),
}

#[derive(Module, Debug)]
pub struct Net {
    pub layers: Vec<Layer>,
}

/// A value of the forward pass: an image batch or a matrix batch.
#[derive(Clone, Debug)]
pub enum Value {
    T2(Tensor<2>),
    T4(Tensor<4>),
}

fn t4(v: &Value) -> Result<Tensor<4>, TrainError> {
    match v {
        Value::T4(t) => Ok(t.clone()),
        Value::T2(_) => Err(TrainError::Train("expected a 4-d value".into())),
    }
}

fn t1(data: &[f32], dev: &Device) -> Tensor<1> {
    Tensor::from_data(TensorData::new(data.to_vec(), [data.len()]), dev)
}

fn to_vec<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, TrainError> {
    t.into_data().try_to_vec::<f32>().map_err(|e| TrainError::Train(format!("reading a tensor: {e:?}")))
}

fn dims4(s: &[usize]) -> Result<[usize; 4], TrainError> {
    s.try_into().map_err(|_| TrainError::Train(format!("expected a 4-d weight, got {s:?}")))
}

/// Builds the burn network from the program's layers and the graph's current constants.
/// A trainable parameter with a fixed id (burn's `Param::from_tensor` with the id given).
fn param<const D: usize>(id: u64, value: Tensor<D>) -> Param<Tensor<D>> {
    Param::initialized(ParamId::from(id), value).set_require_grad(true)
}

/// Parameters get fixed ids (layer x 4 + operand), so a saved optimiser state finds its
/// parameters again in a network rebuilt from a checkpoint.
pub fn build(prog: &Program, graph: &Graph, dev: &Device) -> Result<Net, TrainError> {
    let mut layers = Vec::new();
    for (l, spec) in prog.layers.iter().enumerate() {
        let v = prog.layer_values(graph, l)?;
        let id = |k: usize| (l * 4 + k) as u64;
        let bias = |has: bool| if has { Some(param(id(1), t1(v[1].0, dev))) } else { None };
        layers.push(match &spec.kind {
            LayerKind::Conv { stride, padding: p, groups, kernel, has_bias } => Layer::Conv(Conv2d {
                weight: param(id(0), Tensor::from_data(TensorData::new(v[0].0.to_vec(), dims4(&v[0].1)?), dev)),
                bias: bias(*has_bias),
                stride: [*stride, *stride],
                kernel_size: [*kernel, *kernel],
                dilation: [1, 1],
                groups: *groups,
                padding: PaddingConfig2d::Explicit(*p, *p, *p, *p),
            }),
            LayerKind::BatchNorm { eps } => Layer::Bn(BatchNorm {
                gamma: param(id(0), t1(v[0].0, dev)),
                beta: param(id(1), t1(v[1].0, dev)),
                training: Param::from_bool(true),
                running_mean: RunningState::new(t1(v[2].0, dev)),
                running_var: RunningState::new(t1(v[3].0, dev)),
                momentum: 0.1,
                epsilon: *eps as f64,
            }),
            LayerKind::Linear { has_bias } => {
                let (o, i) = match v[0].1.as_slice() {
                    [o, i] => (*o, *i),
                    s => return Err(TrainError::Train(format!("expected a 2-d linear weight, got {s:?}"))),
                };
                // IR (PyTorch) layout [out, in]; burn's Linear is [in, out].
                let wt = Tensor::<2>::from_data(TensorData::new(v[0].0.to_vec(), [o, i]), dev).transpose();
                Layer::Fc(Linear { weight: param(id(0), wt), bias: bias(*has_bias) })
            }
        });
    }
    Ok(Net { layers })
}

impl Ops for Net {
    type T = Value;

    fn layer(&self, l: usize, x: &Value) -> Result<Value, TrainError> {
        Ok(match (&self.layers[l], x) {
            (Layer::Conv(c), v) => Value::T4(c.forward(t4(v)?)),
            (Layer::Bn(b), v) => Value::T4(b.forward(t4(v)?)),
            (Layer::Fc(f), Value::T2(t)) => Value::T2(f.forward(t.clone())),
            (Layer::Fc(_), _) => return Err(TrainError::Train("linear on a 4-d value".into())),
        })
    }
    fn relu(&self, x: &Value) -> Value {
        match x {
            Value::T4(t) => Value::T4(relu(t.clone())),
            Value::T2(t) => Value::T2(relu(t.clone())),
        }
    }
    fn add(&self, a: &Value, b: &Value) -> Result<Value, TrainError> {
        Ok(Value::T4(t4(a)?.add(t4(b)?)))
    }
    fn scale(&self, x: &Value, s: f32) -> Value {
        match x {
            Value::T4(t) => Value::T4(t.clone().mul_scalar(s)),
            Value::T2(t) => Value::T2(t.clone().mul_scalar(s)),
        }
    }
    fn max_pool(&self, x: &Value, k: usize, s: usize, p: usize) -> Result<Value, TrainError> {
        let o = MaxPoolOptions {
            kernel_size: [k, k],
            stride: [s, s],
            padding: [(p, p), (p, p)],
            dilation: [1, 1],
            ceil_mode: false,
        };
        Ok(Value::T4(max_pool2d(t4(x)?, o)))
    }
    fn avg_pool(&self, x: &Value, k: usize, s: usize, p: usize) -> Result<Value, TrainError> {
        let o = AvgPoolOptions {
            kernel_size: [k, k],
            stride: [s, s],
            padding: [(p, p), (p, p)],
            count_include_pad: true,
            ceil_mode: false,
        };
        Ok(Value::T4(avg_pool2d(t4(x)?, o)))
    }
    fn global_avg_pool(&self, x: &Value) -> Result<Value, TrainError> {
        Ok(Value::T4(t4(x)?.mean_dim(3).mean_dim(2)))
    }
    fn matmul(&self, a: &Value, b: &Value) -> Result<Value, TrainError> {
        Ok(Value::T4(t4(a)?.matmul(t4(b)?)))
    }
    fn softmax(&self, x: &Value) -> Result<Value, TrainError> {
        Ok(Value::T4(softmax(t4(x)?, 3)))
    }
    fn reshape(&self, x: &Value, batch: usize, d: &[usize]) -> Result<Value, TrainError> {
        let x = t4(x)?;
        match d {
            [f] => Ok(Value::T2(x.reshape([batch, *f]))),
            [c, h, w] => Ok(Value::T4(x.reshape([batch, *c, *h, *w]))),
            _ => Err(TrainError::Train(format!("reshape to rank {}", d.len() + 1))),
        }
    }
    fn swap(&self, x: &Value, a: usize, b: usize) -> Result<Value, TrainError> {
        Ok(Value::T4(t4(x)?.swap_dims(a, b)))
    }
    fn linear_attention(&self, q: &Value, k: &Value, v: &Value, eps: f32) -> Result<Value, TrainError> {
        let (q, k, v) = (t4(q)?, t4(k)?, t4(v)?);
        let [b, h, d, n] = q.dims();
        let ones = Tensor::<4>::ones([b, h, 1, n], &v.device());
        let o = Tensor::cat(vec![v, ones], 2).matmul(k.swap_dims(2, 3)).matmul(q);
        let num = o.clone().slice([0..b, 0..h, 0..d, 0..n]);
        let den = o.slice([0..b, 0..h, d..d + 1, 0..n]).add_scalar(eps).expand([b, h, d, n]);
        Ok(Value::T4(num.div(den)))
    }
}

fn images(batch: &[f32], n: usize, [c, h, w]: [usize; 3], dev: &Device) -> Tensor<4> {
    Tensor::from_data(TensorData::new(batch.to_vec(), [n, c, h, w]), dev)
}

fn logits(net: &Net, prog: &Program, x: &[f32], n: usize, dev: &Device) -> Result<Tensor<2>, TrainError> {
    if x.len() != n * prog.input.iter().product::<usize>() {
        return Err(TrainError::Train(format!("{} values are not {n} images of {:?}", x.len(), prog.input)));
    }
    match forward(net, prog, Value::T4(images(x, n, prog.input, dev)), n)? {
        Value::T2(t) => Ok(t),
        Value::T4(_) => Err(TrainError::Train("the output is not a [B, classes] value".into())),
    }
}

/// A training session: the network with autodiff, its optimiser and the program.
pub struct FlexSession {
    net: Option<Net>,
    optim: ModuleOptimizer,
    prog: Program,
    dev: Device,
}

impl FlexSession {
    pub fn new(graph: &Graph, prog: Program, cfg: &TrainConfig) -> Result<FlexSession, TrainError> {
        let dev = Device::flex().autodiff();
        let net = build(&prog, graph, &dev)?;
        let wd = cfg.weight_decay as f32;
        let optim = match cfg.optimizer {
            OptimizerKind::AdamW => {
                AdamWConfig::new().with_beta_1(0.9).with_beta_2(0.999).with_epsilon(1e-8).with_weight_decay(wd).init()
            }
            OptimizerKind::SgdNesterov => SgdConfig::new()
                .with_weight_decay(Some(burn::optim::decay::WeightDecayConfig::new(wd)))
                .with_momentum(Some(MomentumConfig::new().with_momentum(0.9).with_dampening(0.0).with_nesterov(true)))
                .init(),
        };
        Ok(FlexSession { net: Some(net), optim, prog, dev })
    }

    fn net(&self) -> Result<&Net, TrainError> {
        // Invariant: `net` is only None inside `step`, between taking and putting it back.
        self.net.as_ref().ok_or_else(|| TrainError::Train("network lost after a failed step".into()))
    }

    /// Gradients of every parameter after one forward/backward pass (training mode), per layer
    /// in the IR's operand order and layout (BN: gamma and beta only). Differential tests.
    pub fn gradients(
        &self,
        x: &[f32],
        y: &[i64],
        n: usize,
        soft: Option<Soft>,
    ) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        let net = self.net()?;
        let loss = self.loss(net, x, y, n, soft)?;
        let grads = loss.backward();
        let g = |p: &Param<Tensor<1>>| -> Result<Vec<f32>, TrainError> {
            p.grad(&grads).map(to_vec).unwrap_or_else(|| Ok(vec![]))
        };
        let mut out = Vec::new();
        for layer in &net.layers {
            out.push(match layer {
                Layer::Conv(c) => {
                    let mut v = vec![c.weight.grad(&grads).map(to_vec).unwrap_or_else(|| Ok(vec![]))?];
                    if let Some(b) = &c.bias {
                        v.push(g(b)?);
                    }
                    v
                }
                Layer::Bn(b) => vec![g(&b.gamma)?, g(&b.beta)?],
                Layer::Fc(f) => {
                    let mut v =
                        vec![f.weight.grad(&grads).map(|t| to_vec(t.transpose())).unwrap_or_else(|| Ok(vec![]))?];
                    if let Some(b) = &f.bias {
                        v.push(g(b)?);
                    }
                    v
                }
            });
        }
        Ok(out)
    }

    /// Cross-entropy, or with `soft` (1 - a) CE + a T^2 KL(teacher_T || student_T) (batch mean).
    fn loss(&self, net: &Net, x: &[f32], y: &[i64], n: usize, soft: Option<Soft>) -> Result<Tensor<1>, TrainError> {
        let targets = Tensor::<1, Int>::from_data(TensorData::new(y.to_vec(), [n]), &self.dev);
        let out = logits(net, &self.prog, x, n, &self.dev)?;
        let ce = CrossEntropyLossConfig::new().init(&self.dev).forward(out.clone(), targets);
        let Some(s) = soft else { return Ok(ce) };
        let classes = out.dims()[1];
        if s.logits.len() != n * classes {
            return Err(TrainError::Train(format!("{} teacher logits for {n} x {classes}", s.logits.len())));
        }
        let t = s.temperature as f32;
        let teacher = Tensor::<2>::from_data(TensorData::new(s.logits.to_vec(), [n, classes]), &self.dev);
        let lt = log_softmax(teacher.div_scalar(t), 1);
        let ls = log_softmax(out.div_scalar(t), 1);
        let kl = lt.clone().exp().mul(lt.sub(ls)).sum().div_scalar(n as f32);
        Ok(ce.mul_scalar((1.0 - s.alpha) as f32).add(kl.mul_scalar((s.alpha * s.temperature * s.temperature) as f32)))
    }

    /// Training-mode logits (batch statistics in BN; running statistics updated).
    pub fn train_logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError> {
        to_vec(logits(self.net()?, &self.prog, x, n, &self.dev)?)
    }
}

impl Session for FlexSession {
    fn step(&mut self, x: &[f32], y: &[i64], n: usize, lr: f64, soft: Option<Soft>) -> Result<f64, TrainError> {
        let net = self.net.take().ok_or_else(|| TrainError::Train("network lost after a failed step".into()))?;
        let loss = match self.loss(&net, x, y, n, soft) {
            Ok(l) => l,
            Err(e) => {
                self.net = Some(net);
                return Err(e);
            }
        };
        let lv = loss.clone().into_scalar::<f32>() as f64;
        let grads = GradientsParams::from_grads(loss.backward(), &net);
        self.net = Some(self.optim.step(lr, net, grads));
        Ok(lv)
    }

    fn eval(&self) -> Result<Box<dyn Eval>, TrainError> {
        Ok(Box::new(FlexEval { net: self.net()?.valid(), prog: self.prog.clone(), dev: Device::flex() }))
    }

    fn save_optimizer(&self, path: &std::path::Path) -> Result<(), TrainError> {
        self.optim
            .save(path)
            .map_err(|e| TrainError::Train(format!("saving the optimiser state to {}: {e:?}", path.display())))
    }

    fn load_optimizer(&mut self, path: &std::path::Path) -> Result<(), TrainError> {
        let optim = self.optim.clone();
        self.optim = optim
            .load(path)
            .map_err(|e| TrainError::Train(format!("loading the optimiser state from {}: {e:?}", path.display())))?;
        Ok(())
    }
}

/// The eval-mode network (BN uses its running statistics), without autodiff.
pub struct FlexEval {
    net: Net,
    prog: Program,
    dev: Device,
}

impl Eval for FlexEval {
    fn logits(&self, x: &[f32], n: usize) -> Result<Vec<f32>, TrainError> {
        to_vec(logits(&self.net, &self.prog, x, n, &self.dev)?)
    }

    fn export(&self) -> Result<Vec<Vec<Vec<f32>>>, TrainError> {
        let mut out = Vec::new();
        for layer in &self.net.layers {
            let opt = |b: &Option<Param<Tensor<1>>>| -> Result<Vec<Vec<f32>>, TrainError> {
                b.as_ref().map(|b| to_vec(b.val())).into_iter().collect()
            };
            out.push(match layer {
                Layer::Conv(c) => [vec![to_vec(c.weight.val())?], opt(&c.bias)?].concat(),
                Layer::Bn(b) => vec![
                    to_vec(b.gamma.val())?,
                    to_vec(b.beta.val())?,
                    to_vec(b.running_mean.value_sync())?,
                    to_vec(b.running_var.value_sync())?,
                ],
                // burn's [in, out] back to the IR's [out, in].
                Layer::Fc(f) => [vec![to_vec(f.weight.val().transpose())?], opt(&f.bias)?].concat(),
            });
        }
        Ok(out)
    }
}
