//! The trainable network, described once by walking the IR graph: every Conv2d, BatchNorm and
//! Linear node becomes a *layer* (parameters initialised from the node's constants); every other
//! op becomes a functional step. [`forward`] runs this program on any backend through the small
//! [`Ops`] trait, so the backends differ only in tensor ops, never in the architecture. After
//! training, [`write_back`] puts each layer's learned values (and the BN running statistics) back
//! into the same IR constants, so the graph the compiler folds and compiles is the graph that was
//! trained. There is no second description of any architecture.

use crate::TrainError;
use hynas_ir::ops::{Op, PoolKind};
use hynas_ir::{Graph, NodeId, NodeKind};
use std::collections::HashMap;

/// A layer with parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerKind {
    /// Weight [out, in/groups, k, k] and an optional bias [out].
    Conv { stride: usize, padding: usize, groups: usize, kernel: usize, has_bias: bool },
    /// gamma, beta (trained), running mean and variance (statistics).
    BatchNorm { eps: f32 },
    /// Weight [out, in] (PyTorch's layout) and an optional bias [out].
    Linear { has_bias: bool },
}

/// One layer: its kind and the IR constants holding its values, in the IR's operand order
/// (conv/linear: weight, bias?; BN: gamma, beta, mean, var).
#[derive(Clone, Debug)]
pub struct LayerSpec {
    pub kind: LayerKind,
    pub consts: Vec<NodeId>,
}

/// A constant's values and shape.
pub type Values<'g> = (&'g [f32], Vec<usize>);

/// What to do at one step of the forward pass.
#[derive(Clone, Debug)]
pub enum Step {
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
    /// Swap of two axes.
    Swap(usize, usize),
    /// ReLU linear attention of q, k, v with eps.
    LinearAttention(f32),
}

/// The forward program: steps with operand value indices (the input is value 0, step i
/// produces value i + 1) and the layers.
#[derive(Clone, Debug)]
pub struct Program {
    /// One input image's channels, height and width.
    pub input: [usize; 3],
    pub steps: Vec<(Step, Vec<usize>)>,
    pub output: usize,
    pub layers: Vec<LayerSpec>,
    /// For each value: the step after which it is dead (the output lives on).
    last_use: Vec<usize>,
}

/// Tensor operations a backend provides. Values are images [B, C, H, W] or matrices [B, F];
/// `layer` applies layer `l` with the backend's own parameters.
pub trait Ops {
    type T;
    fn layer(&self, l: usize, x: &Self::T) -> Result<Self::T, TrainError>;
    fn relu(&self, x: &Self::T) -> Self::T;
    fn add(&self, a: &Self::T, b: &Self::T) -> Result<Self::T, TrainError>;
    fn scale(&self, x: &Self::T, s: f32) -> Self::T;
    fn max_pool(&self, x: &Self::T, k: usize, s: usize, p: usize) -> Result<Self::T, TrainError>;
    /// Average pooling counting padded positions (PyTorch's default).
    fn avg_pool(&self, x: &Self::T, k: usize, s: usize, p: usize) -> Result<Self::T, TrainError>;
    /// [B, C, H, W] -> [B, C, 1, 1].
    fn global_avg_pool(&self, x: &Self::T) -> Result<Self::T, TrainError>;
    /// Batched matrix product over the last two axes.
    fn matmul(&self, a: &Self::T, b: &Self::T) -> Result<Self::T, TrainError>;
    /// Softmax over the last axis.
    fn softmax(&self, x: &Self::T) -> Result<Self::T, TrainError>;
    /// Reshape to [batch, dims...] (dims of rank 1 or 3).
    fn reshape(&self, x: &Self::T, batch: usize, dims: &[usize]) -> Result<Self::T, TrainError>;
    fn swap(&self, x: &Self::T, a: usize, b: usize) -> Result<Self::T, TrainError>;
    /// ReLU linear attention of q, k, v [B, h, d, N] (`hynas_ir::ops::linear_attention`):
    /// `[v; 1] k^T q`, the first d rows divided by the last plus eps.
    fn linear_attention(&self, q: &Self::T, k: &Self::T, v: &Self::T, eps: f32) -> Result<Self::T, TrainError>;
}

pub(crate) fn unsupported(what: &str) -> TrainError {
    TrainError::Train(format!("cannot train a graph with {what}"))
}

impl Program {
    /// The program of an (unoptimised) IR graph.
    pub fn build(graph: &Graph) -> Result<Program, TrainError> {
        let mut slot: HashMap<NodeId, usize> = HashMap::new();
        let input = *graph.inputs().first().ok_or_else(|| unsupported("no input"))?;
        slot.insert(input, 0);
        let image = match graph.node(input).shape.dims() {
            &[_, c, h, w] => [c, h, w],
            d => return Err(unsupported(&format!("an input of dims {d:?} (images [N, C, H, W] are trained)"))),
        };
        let mut layers = Vec::new();
        let mut steps = Vec::new();
        for id in graph.schedule()? {
            let node = graph.node(id);
            let Some(op) = node.op() else { continue };
            let ops = graph.operands(id);
            let acts: Vec<usize> = ops.iter().filter_map(|o| slot.get(o).copied()).collect();
            let consts: Vec<NodeId> =
                ops.iter().copied().filter(|&o| matches!(graph.node(o).kind, NodeKind::Const { .. })).collect();
            let mut layer = |kind: LayerKind, want: usize| -> Result<Step, TrainError> {
                if consts.len() != want {
                    return Err(unsupported(&format!("a {kind:?} with {} constants", consts.len())));
                }
                layers.push(LayerSpec { kind, consts: consts.clone() });
                Ok(Step::Layer(layers.len() - 1))
            };
            let step = match op {
                Op::Conv2d(a) => layer(
                    LayerKind::Conv {
                        stride: a.stride,
                        padding: a.padding,
                        groups: a.groups,
                        kernel: a.kernel,
                        has_bias: a.has_bias,
                    },
                    1 + a.has_bias as usize,
                )?,
                Op::BatchNorm(a) => layer(LayerKind::BatchNorm { eps: a.eps }, 4)?,
                Op::Linear(a) => layer(LayerKind::Linear { has_bias: a.has_bias }, 1 + a.has_bias as usize)?,
                Op::Relu => Step::Relu,
                // Only imported ONNX models have clips, and they come trained.
                Op::Clip(_) => return Err(unsupported("clip (ReLU6) layers")),
                Op::Add => Step::Add,
                Op::MulScalar(s) => Step::Mul(*s),
                Op::Pool2d(a) => Step::Pool(a.kind, a.kernel, a.stride, a.padding),
                Op::GlobalAvgPool => Step::GlobalAvgPool,
                Op::MatMul => Step::MatMul,
                Op::Softmax => Step::Softmax,
                Op::Reshape(a) => Step::Reshape(a.shape[1..].to_vec()),
                Op::Transpose(a) => {
                    // Only swaps of two axes occur (the attention's last two).
                    let p = &a.perm;
                    let moved: Vec<usize> = (0..p.len()).filter(|&i| p[i] != i).collect();
                    match moved.as_slice() {
                        [x, y] if p[*x] == *y => Step::Swap(*x, *y),
                        _ => return Err(unsupported(&format!("transpose {p:?}"))),
                    }
                }
                Op::LinearAttention(a) => Step::LinearAttention(a.eps),
                Op::Fused(_) | Op::Attention => return Err(unsupported("fused kernels (train the unoptimised graph)")),
            };
            if acts.is_empty() {
                return Err(unsupported("an op without activation operands"));
            }
            steps.push((step, acts));
            slot.insert(id, steps.len());
        }
        let out = *graph.outputs().first().ok_or_else(|| unsupported("no output"))?;
        let output = *slot.get(&out).ok_or_else(|| unsupported("an output that is not computed"))?;
        let mut last_use = vec![0usize; steps.len() + 1];
        for (i, (_, args)) in steps.iter().enumerate() {
            for &a in args {
                last_use[a] = i + 1;
            }
        }
        last_use[output] = usize::MAX;
        Ok(Program { input: image, steps, output, layers, last_use })
    }

    /// The current values and shapes of layer `l`'s constants, in the IR's operand order.
    pub fn layer_values<'g>(&self, graph: &'g Graph, l: usize) -> Result<Vec<Values<'g>>, TrainError> {
        self.layers[l]
            .consts
            .iter()
            .map(|&id| {
                let n = graph.node(id);
                n.const_data()
                    .map(|t| (t.data.as_slice(), n.shape.0.clone()))
                    .ok_or_else(|| unsupported("non-constant weights"))
            })
            .collect()
    }
}

/// Runs the program on images `x` (batch `batch`); returns the logits [B, classes].
pub fn forward<O: Ops>(o: &O, prog: &Program, x: O::T, batch: usize) -> Result<O::T, TrainError> {
    let mut vals: Vec<Option<O::T>> = Vec::with_capacity(prog.steps.len() + 1);
    vals.push(Some(x));
    for (i, (step, args)) in prog.steps.iter().enumerate() {
        let get = |k: usize| -> Result<&O::T, TrainError> {
            args.get(k)
                .and_then(|&a| vals.get(a))
                .and_then(Option::as_ref)
                .ok_or_else(|| TrainError::Train(format!("step {i}: operand {k} missing")))
        };
        let v = match step {
            Step::Layer(l) => o.layer(*l, get(0)?)?,
            Step::Relu => o.relu(get(0)?),
            Step::Add => o.add(get(0)?, get(1)?)?,
            Step::Mul(s) => o.scale(get(0)?, *s),
            Step::Pool(kind, k, s, p) => match kind {
                PoolKind::Max => o.max_pool(get(0)?, *k, *s, *p)?,
                PoolKind::Avg => o.avg_pool(get(0)?, *k, *s, *p)?,
                PoolKind::MaxAvg => {
                    let m = o.scale(&o.max_pool(get(0)?, *k, *s, *p)?, 0.5);
                    o.add(&m, &o.scale(&o.avg_pool(get(0)?, *k, *s, *p)?, 0.5))?
                }
            },
            Step::GlobalAvgPool => o.global_avg_pool(get(0)?)?,
            Step::MatMul => o.matmul(get(0)?, get(1)?)?,
            Step::Softmax => o.softmax(get(0)?)?,
            Step::Reshape(d) => o.reshape(get(0)?, batch, d)?,
            Step::Swap(a, b) => o.swap(get(0)?, *a, *b)?,
            Step::LinearAttention(eps) => o.linear_attention(get(0)?, get(1)?, get(2)?, *eps)?,
        };
        vals.push(Some(v));
        // Free each value after its last use.
        for &a in args {
            if prog.last_use[a] == i + 1 {
                vals[a] = None;
            }
        }
    }
    vals.get_mut(prog.output).and_then(Option::take).ok_or_else(|| TrainError::Train("the output was freed".into()))
}

/// Writes each layer's values (IR operand order, IR layouts) into the graph's constants.
pub fn write_back(prog: &Program, values: Vec<Vec<Vec<f32>>>, graph: &mut Graph) -> Result<(), TrainError> {
    if values.len() != prog.layers.len() {
        return Err(TrainError::Train(format!("exported {} layers for {}", values.len(), prog.layers.len())));
    }
    for (spec, vals) in prog.layers.iter().zip(values) {
        for (&id, v) in spec.consts.iter().zip(vals) {
            if let Some(NodeKind::Const { data, .. }) = graph.node_mut(id).map(|n| &mut n.kind) {
                if data.data.len() != v.len() {
                    return Err(TrainError::Train(format!(
                        "exported {} values into a constant of {}",
                        v.len(),
                        data.data.len()
                    )));
                }
                if let Some(bad) = v.iter().position(|x| !x.is_finite()) {
                    return Err(TrainError::Train(format!(
                        "the trained {:?} has a non-finite value ({}) at {bad}",
                        spec.kind, v[bad]
                    )));
                }
                data.data = v;
            }
        }
    }
    Ok(())
}

impl Program {
    /// The program as JSON for other frameworks (the PyTorch eager baseline of `hynas bench
    /// --train`): `layers` (kind, attributes, parameter shapes), `steps` (op, attributes,
    /// operand value indices; the input is value 0) and `output`.
    pub fn to_json(&self, graph: &Graph) -> Result<serde_json::Value, TrainError> {
        use serde_json::json;
        let mut layers = Vec::new();
        for (l, spec) in self.layers.iter().enumerate() {
            let shapes: Vec<Vec<usize>> = self.layer_values(graph, l)?.into_iter().map(|(_, s)| s).collect();
            layers.push(match &spec.kind {
                LayerKind::Conv { stride, padding, groups, kernel, has_bias } => json!({"kind": "conv",
                    "stride": stride, "padding": padding, "groups": groups, "kernel": kernel, "bias": has_bias,
                    "shapes": shapes}),
                LayerKind::BatchNorm { eps } => json!({"kind": "batch_norm", "eps": eps, "shapes": shapes}),
                LayerKind::Linear { has_bias } => json!({"kind": "linear", "bias": has_bias, "shapes": shapes}),
            });
        }
        let steps: Vec<serde_json::Value> = self
            .steps
            .iter()
            .map(|(step, args)| {
                let (op, attrs) = match step {
                    Step::Layer(l) => ("layer", json!({"layer": l})),
                    Step::Relu => ("relu", json!({})),
                    Step::Add => ("add", json!({})),
                    Step::Mul(s) => ("mul", json!({"scalar": s})),
                    Step::Pool(kind, k, s, p) => (
                        "pool",
                        json!({"pool": format!("{kind:?}").to_lowercase(), "kernel": k, "stride": s, "padding": p}),
                    ),
                    Step::GlobalAvgPool => ("global_avg_pool", json!({})),
                    Step::MatMul => ("matmul", json!({})),
                    Step::Softmax => ("softmax", json!({})),
                    Step::Reshape(d) => ("reshape", json!({"dims": d})),
                    Step::Swap(a, b) => ("swap", json!({"a": a, "b": b})),
                    Step::LinearAttention(eps) => ("linear_attention", json!({"eps": eps})),
                };
                json!({"op": op, "attrs": attrs, "args": args})
            })
            .collect();
        Ok(json!({"format_version": 1, "layers": layers, "steps": steps, "output": self.output}))
    }
}
