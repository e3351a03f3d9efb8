//! The trainable network, built by walking the IR graph: every Conv2d, BatchNorm and Linear
//! node becomes a burn module initialised from the node's constants; every other op is applied
//! functionally. After training, [`export`] writes the learned weights and the BN running
//! statistics back into the same IR constants, so the graph the compiler folds and compiles is
//! the graph that was trained. There is no second description of any architecture.

use crate::RuntimeError;
use burn::module::{Module, Param, RunningState};
use burn::nn::conv::Conv2d;
use burn::nn::{BatchNorm, Linear, PaddingConfig2d};
use burn::tensor::activation::{relu, softmax};
use burn::tensor::module::{avg_pool2d, max_pool2d};
use burn::tensor::ops::{AvgPoolOptions, MaxPoolOptions};
use burn::tensor::{Device, Tensor, TensorData};
use hynas_ir::ops::{Op, PoolKind};
use hynas_ir::{Graph, NodeId, NodeKind};
use std::collections::HashMap;

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

/// What to do at one step of the forward pass; values are indexed by step (input = 0).
#[derive(Clone, Debug)]
enum Step {
    Layer(usize),
    Relu,
    Add,
    Mul(f32),
    Pool(PoolKind, usize, usize, usize),
    GlobalAvgPool,
    MatMul,
    Softmax,
    /// Target dims without the batch axis.
    Reshape(Vec<usize>),
    Transpose(Vec<usize>),
}

/// The forward program: steps with operand value indices, and where each layer's constants live.
#[derive(Clone, Debug)]
pub struct Program {
    steps: Vec<(Step, Vec<usize>)>,
    output: usize,
    /// For each layer: the IR const nodes (conv: w, b?; bn: gamma, beta, mean, var; fc: w, b?).
    layer_consts: Vec<Vec<NodeId>>,
}

enum Value {
    T2(Tensor<2>),
    T4(Tensor<4>),
}

fn t1(data: &[f32], dev: &Device) -> Tensor<1> {
    Tensor::from_data(TensorData::new(data.to_vec(), [data.len()]), dev)
}

fn to_vec<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, RuntimeError> {
    t.into_data().try_to_vec::<f32>().map_err(|e| RuntimeError::Train(format!("reading a tensor: {e:?}")))
}

fn unsupported(what: &str) -> RuntimeError {
    RuntimeError::Train(format!("cannot train a graph with {what}"))
}

/// Builds the burn network and its forward program from an (unoptimised) IR graph.
pub fn build(graph: &Graph, dev: &Device) -> Result<(Net, Program), RuntimeError> {
    let mut slot: HashMap<NodeId, usize> = HashMap::new();
    let input = *graph.inputs().first().ok_or_else(|| unsupported("no input"))?;
    slot.insert(input, 0);
    let mut layers = Vec::new();
    let mut layer_consts = Vec::new();
    let mut steps = Vec::new();
    let data = |id: NodeId| -> Result<&[f32], RuntimeError> {
        graph.node(id).const_data().map(|t| t.data.as_slice()).ok_or_else(|| unsupported("non-constant weights"))
    };
    for id in graph.schedule()? {
        let node = graph.node(id);
        let Some(op) = node.op() else { continue };
        let ops = graph.operands(id);
        let acts: Vec<usize> = ops.iter().filter_map(|o| slot.get(o).copied()).collect();
        let consts: Vec<NodeId> =
            ops.iter().copied().filter(|&o| matches!(graph.node(o).kind, NodeKind::Const { .. })).collect();
        let step = match op {
            Op::Conv2d(a) => {
                let w = &graph.node(consts[0]).shape.0;
                let weight =
                    Tensor::from_data(TensorData::new(data(consts[0])?.to_vec(), [w[0], w[1], w[2], w[3]]), dev);
                let bias = if a.has_bias { Some(Param::from_tensor(t1(data(consts[1])?, dev))) } else { None };
                let p = a.padding;
                layers.push(Layer::Conv(Conv2d {
                    weight: Param::from_tensor(weight),
                    bias,
                    stride: [a.stride, a.stride],
                    kernel_size: [a.kernel, a.kernel],
                    dilation: [1, 1],
                    groups: a.groups,
                    padding: PaddingConfig2d::Explicit(p, p, p, p),
                }));
                Step::Layer(layers.len() - 1)
            }
            Op::BatchNorm(a) => {
                layers.push(Layer::Bn(BatchNorm {
                    gamma: Param::from_tensor(t1(data(consts[0])?, dev)),
                    beta: Param::from_tensor(t1(data(consts[1])?, dev)),
                    training: Param::from_bool(true),
                    running_mean: RunningState::new(t1(data(consts[2])?, dev)),
                    running_var: RunningState::new(t1(data(consts[3])?, dev)),
                    momentum: 0.1,
                    epsilon: a.eps as f64,
                }));
                Step::Layer(layers.len() - 1)
            }
            Op::Linear(a) => {
                let w = &graph.node(consts[0]).shape.0;
                // IR (PyTorch) layout [out, in]; burn's Linear is [in, out].
                let wt =
                    Tensor::<2>::from_data(TensorData::new(data(consts[0])?.to_vec(), [w[0], w[1]]), dev).transpose();
                let bias = if a.has_bias { Some(Param::from_tensor(t1(data(consts[1])?, dev))) } else { None };
                layers.push(Layer::Fc(Linear { weight: Param::from_tensor(wt), bias }));
                Step::Layer(layers.len() - 1)
            }
            Op::Relu => Step::Relu,
            Op::Add => Step::Add,
            Op::MulScalar(s) => Step::Mul(*s),
            Op::Pool2d(a) => Step::Pool(a.kind, a.kernel, a.stride, a.padding),
            Op::GlobalAvgPool => Step::GlobalAvgPool,
            Op::MatMul => Step::MatMul,
            Op::Softmax => Step::Softmax,
            Op::Reshape(a) => Step::Reshape(a.shape[1..].to_vec()),
            Op::Transpose(a) => Step::Transpose(a.perm.clone()),
            Op::Fused(_) | Op::Attention => return Err(unsupported("fused kernels (train the unoptimised graph)")),
        };
        if matches!(step, Step::Layer(_)) {
            layer_consts.push(consts);
        }
        steps.push((step, acts));
        slot.insert(id, steps.len());
    }
    let out = *graph.outputs().first().ok_or_else(|| unsupported("no output"))?;
    let output = *slot.get(&out).ok_or_else(|| unsupported("an output that is not computed"))?;
    Ok((Net { layers }, Program { steps, output, layer_consts }))
}

fn t4(v: &Value) -> Result<Tensor<4>, RuntimeError> {
    match v {
        Value::T4(t) => Ok(t.clone()),
        Value::T2(_) => Err(RuntimeError::Train("expected a 4-d value".into())),
    }
}

impl Net {
    /// Logits [B, classes] for images [B, C, H, W].
    pub fn forward(&self, prog: &Program, x: Tensor<4>) -> Result<Tensor<2>, RuntimeError> {
        let batch = x.dims()[0];
        let mut vals: Vec<Option<Value>> = vec![Some(Value::T4(x))];
        // Free each value after its last use.
        let mut last = vec![0usize; prog.steps.len() + 1];
        for (i, (_, args)) in prog.steps.iter().enumerate() {
            for &a in args {
                last[a] = i + 1;
            }
        }
        last[prog.output] = usize::MAX;
        for (i, (step, args)) in prog.steps.iter().enumerate() {
            let get =
                |k: usize| vals[args[k]].as_ref().ok_or_else(|| RuntimeError::Train("value freed too early".into()));
            let v = match step {
                Step::Layer(l) => match (&self.layers[*l], get(0)?) {
                    (Layer::Conv(c), v) => Value::T4(c.forward(t4(v)?)),
                    (Layer::Bn(b), v) => Value::T4(b.forward(t4(v)?)),
                    (Layer::Fc(f), Value::T2(t)) => Value::T2(f.forward(t.clone())),
                    (Layer::Fc(_), _) => return Err(RuntimeError::Train("linear on a 4-d value".into())),
                },
                Step::Relu => match get(0)? {
                    Value::T4(t) => Value::T4(relu(t.clone())),
                    Value::T2(t) => Value::T2(relu(t.clone())),
                },
                Step::Add => Value::T4(t4(get(0)?)?.add(t4(get(1)?)?)),
                Step::Mul(s) => Value::T4(t4(get(0)?)?.mul_scalar(*s)),
                Step::Pool(kind, k, s, p) => {
                    let x = t4(get(0)?)?;
                    let mx = || {
                        max_pool2d(
                            x.clone(),
                            MaxPoolOptions {
                                kernel_size: [*k, *k],
                                stride: [*s, *s],
                                padding: [(*p, *p), (*p, *p)],
                                dilation: [1, 1],
                                ceil_mode: false,
                            },
                        )
                    };
                    let av = || {
                        avg_pool2d(
                            x.clone(),
                            AvgPoolOptions {
                                kernel_size: [*k, *k],
                                stride: [*s, *s],
                                padding: [(*p, *p), (*p, *p)],
                                count_include_pad: true,
                                ceil_mode: false,
                            },
                        )
                    };
                    Value::T4(match kind {
                        PoolKind::Max => mx(),
                        PoolKind::Avg => av(),
                        PoolKind::MaxAvg => mx().mul_scalar(0.5).add(av().mul_scalar(0.5)),
                    })
                }
                Step::GlobalAvgPool => Value::T4(t4(get(0)?)?.mean_dim(3).mean_dim(2)),
                Step::MatMul => Value::T4(t4(get(0)?)?.matmul(t4(get(1)?)?)),
                Step::Softmax => Value::T4(softmax(t4(get(0)?)?, 3)),
                Step::Reshape(d) => {
                    let x = match get(0)? {
                        Value::T4(t) => t.clone(),
                        Value::T2(_) => return Err(RuntimeError::Train("reshape of a 2-d value".into())),
                    };
                    match d.len() {
                        1 => Value::T2(x.reshape([batch, d[0]])),
                        3 => Value::T4(x.reshape([batch, d[0], d[1], d[2]])),
                        n => return Err(RuntimeError::Train(format!("reshape to rank {}", n + 1))),
                    }
                }
                Step::Transpose(p) => {
                    // Only swaps of two axes occur (the attention's last two).
                    let moved: Vec<usize> = (0..p.len()).filter(|&i| p[i] != i).collect();
                    match moved.as_slice() {
                        [a, b] if p[*a] == *b => Value::T4(t4(get(0)?)?.swap_dims(*a, *b)),
                        _ => return Err(RuntimeError::Train(format!("transpose {p:?}"))),
                    }
                }
            };
            vals.push(Some(v));
            for &a in args {
                if last[a] == i + 1 {
                    vals[a] = None;
                }
            }
        }
        match vals.get_mut(prog.output).and_then(Option::take) {
            Some(Value::T2(t)) => Ok(t),
            _ => Err(RuntimeError::Train("the output is not a [B, classes] value".into())),
        }
    }
}

/// Writes the network's weights and BN statistics into the graph's constants.
pub fn export(net: &Net, prog: &Program, graph: &mut Graph) -> Result<(), RuntimeError> {
    for (layer, consts) in net.layers.iter().zip(&prog.layer_consts) {
        // A weight and its optional bias, in the IR's operand order.
        let with_bias = |w: Tensor<4>, b: &Option<Param<Tensor<1>>>| -> Result<Vec<Vec<f32>>, RuntimeError> {
            let mut v = vec![to_vec(w)?];
            if let Some(b) = b {
                v.push(to_vec(b.val())?);
            }
            Ok(v)
        };
        let vals: Vec<Vec<f32>> = match layer {
            Layer::Conv(c) => with_bias(c.weight.val(), &c.bias)?,
            Layer::Bn(b) => vec![
                to_vec(b.gamma.val())?,
                to_vec(b.beta.val())?,
                to_vec(b.running_mean.value_sync())?,
                to_vec(b.running_var.value_sync())?,
            ],
            // burn's [in, out] back to the IR's [out, in] (as a 4-d view for the helper).
            Layer::Fc(f) => {
                let w = f.weight.val().transpose();
                let [o, i] = w.dims();
                with_bias(w.reshape([o, i, 1, 1]), &f.bias)?
            }
        };
        for (&id, v) in consts.iter().zip(vals) {
            if let Some(NodeKind::Const { data, .. }) = graph.node_mut(id).map(|n| &mut n.kind) {
                if data.data.len() != v.len() {
                    return Err(RuntimeError::Train(format!(
                        "exported {} values into a constant of {}",
                        v.len(),
                        data.data.len()
                    )));
                }
                data.data = v;
            }
        }
    }
    Ok(())
}
