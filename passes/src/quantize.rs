//! Post-training quantisation to TFLite's int8 scheme (see `hynas_ir::dtype`).
//!
//! 1. ReLU folding: an op whose only user is a ReLU (conv, linear, matmul, add, pooling) becomes
//!    a fused kernel with a ReLU epilogue, so its output range is the rectified one and the ReLU
//!    is the output clamp.
//! 2. Calibration: the f32 interpreter runs the calibration images and every input and op value
//!    is observed: its minimum and maximum, and a seeded reservoir of up to 65,536 of its values
//!    for the estimators that need a distribution. Images are interpreted on `threads` threads,
//!    a round of a few images each at a time, and observed in image order: the ranges do not
//!    depend on the thread count.
//! 3. Ranges: min/max, a percentile of the reservoir (symmetric tails), or the clipping range
//!    with the least quantisation error on the reservoir (MSE). Each range is widened to contain
//!    0, then scale = (max - min) / 255 and zero point = round(-128 - min / scale).
//! 4. Types: activations i8 per tensor; ReLU, reshape, transpose, max and average pooling keep
//!    their input's parameters; softmax gives 1/256, -128; conv and linear weights i8 per output
//!    channel (max |w| / 127, values in [-127, 127]); their biases i32 at input scale x weight
//!    scale; any other constant i8 per tensor from its own range.
//!
//! The graph must be f32 with batch norms folded and no fused epilogue other than ReLU (run it
//! before `fuse_ops`); anything without an integer form is an error naming the node.

use crate::{sole_user, PassError};
use hynas_ir::ops::{Epilogue, FusedAttrs, PoolKind};
use hynas_ir::{DType, Graph, IntTensor, NodeId, NodeKind, Op, Quant, Tensor};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::fmt;

/// How an activation's range is estimated from the calibration values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Calibration {
    /// The observed minimum and maximum.
    MinMax,
    /// The given percentile of the values (e.g. 99.99) and its mirror (0.01) as the range.
    Percentile(f64),
    /// The clipping of the min/max range with the least mean squared quantisation error.
    Mse,
}

impl Calibration {
    /// `minmax`, `mse` or `percentile:P` with 50 < P <= 100.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "minmax" => Some(Calibration::MinMax),
            "mse" => Some(Calibration::Mse),
            _ => {
                let p: f64 = s.strip_prefix("percentile:")?.parse().ok()?;
                (p > 50.0 && p <= 100.0).then_some(Calibration::Percentile(p))
            }
        }
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Calibration::MinMax => write!(f, "minmax"),
            Calibration::Percentile(p) => write!(f, "percentile:{p}"),
            Calibration::Mse => write!(f, "mse"),
        }
    }
}

/// Values kept per observed tensor for the distribution-based estimators.
const RESERVOIR: usize = 1 << 16;

/// What calibration saw of one value.
struct Observed {
    min: f32,
    max: f32,
    seen: u64,
    sample: Vec<f32>,
    rng: rand_chacha::ChaCha8Rng,
}

impl Observed {
    fn new(id: NodeId) -> Self {
        let rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5EED ^ id.0 as u64);
        Observed { min: f32::INFINITY, max: f32::NEG_INFINITY, seen: 0, sample: Vec::new(), rng }
    }

    fn add(&mut self, t: &Tensor, keep_sample: bool) {
        for &v in &t.data {
            self.min = self.min.min(v);
            self.max = self.max.max(v);
            if keep_sample {
                // Reservoir sampling (Algorithm R), seeded per value: deterministic.
                if self.sample.len() < RESERVOIR {
                    self.sample.push(v);
                } else {
                    let j = self.rng.gen_range(0..=self.seen);
                    if (j as usize) < RESERVOIR {
                        self.sample[j as usize] = v;
                    }
                }
            }
            self.seen += 1;
        }
    }

    /// The range the estimator picks (before widening to contain 0).
    fn range(&mut self, cal: Calibration) -> (f32, f32) {
        match cal {
            Calibration::MinMax => (self.min, self.max),
            Calibration::Percentile(p) => {
                self.sample.sort_by(f32::total_cmp);
                let at = |q: f64| {
                    let k = ((q / 100.0) * (self.sample.len() - 1) as f64).round() as usize;
                    self.sample[k.min(self.sample.len() - 1)]
                };
                if self.sample.is_empty() {
                    (self.min, self.max)
                } else {
                    (at(100.0 - p), at(p))
                }
            }
            Calibration::Mse => {
                let (lo, hi) = (self.min.min(0.0), self.max.max(0.0));
                let mut best = (f64::INFINITY, lo, hi);
                // Shrink the range towards 0 in 1% steps down to 20%; keep the least error.
                for step in 0..=80 {
                    let f = 1.0 - step as f32 / 100.0;
                    let (a, b) = (lo * f, hi * f);
                    let q = range_quant(a, b);
                    let err: f64 = self
                        .sample
                        .iter()
                        .map(|&v| {
                            let d = q.dequantize(q.quantize(v, 0, DType::I8), 0) - v;
                            (d as f64) * (d as f64)
                        })
                        .sum();
                    if err < best.0 {
                        best = (err, a, b);
                    }
                }
                (best.1, best.2)
            }
        }
    }
}

/// Per-tensor asymmetric int8 parameters covering [min, max] widened to contain 0.
pub fn range_quant(min: f32, max: f32) -> Quant {
    let (lo, hi) = (min.min(0.0) as f64, max.max(0.0) as f64);
    let span = hi - lo;
    if span.is_nan() || span <= 1e-30 {
        return Quant::per_tensor(1.0, -128);
    }
    let scale = (span / 255.0) as f32;
    let zp = (-128.0 - lo / scale as f64).round().clamp(-128.0, 127.0) as i32;
    Quant::per_tensor(scale, zp)
}

fn err(node: &str, msg: impl fmt::Display) -> PassError {
    PassError::Quantize(format!("\"{node}\": {msg}"))
}

/// Step 1: `relu(anchor(...))` with the anchor's value used only by the ReLU -> fused.
fn fold_relus(graph: &mut Graph) -> Result<(), PassError> {
    let ir = |e| PassError::Ir { pass: "quantize", source: e };
    for id in graph.schedule().map_err(ir)? {
        if !graph.contains(id) {
            continue;
        }
        let Some(op) = graph.node(id).op().cloned() else { continue };
        let Some(relu) = sole_user(graph, id).filter(|&u| matches!(graph.node(u).op(), Some(Op::Relu))) else {
            continue;
        };
        // What anchors an integer kernel folds the ReLU into its output clamp.
        let Some(anchor) = op.fusion_anchor(true) else { continue };
        let name = graph.node(relu).name.clone();
        let fused = Op::Fused(FusedAttrs { anchor, epilogue: vec![Epilogue::Relu] });
        let operands = graph.operands(id);
        let f = graph.add_op(&name, fused, &operands).map_err(ir)?;
        graph.replace_all_uses(relu, f);
        graph.remove_node(relu);
        graph.remove_node(id);
    }
    Ok(())
}

/// Every value of `g` on each of `images` (input and op values, in interpretation order), image by
/// image in order; the images interpreted on `threads` threads, a round of up to four per thread
/// at a time (so that at most a round's values are held).
fn observe_all<'a>(
    g: &'a Graph,
    images: &'a [Tensor],
    threads: usize,
) -> Result<impl Iterator<Item = Result<Vec<(NodeId, Tensor)>, PassError>> + 'a, PassError> {
    let threads = threads.max(1);
    let one = |k: usize, img: &Tensor| -> Result<Vec<(NodeId, Tensor)>, PassError> {
        let mut obs = Vec::new();
        hynas_ir::interpret_observed(g, std::slice::from_ref(img), &mut |id, t| obs.push((id, t.clone())))
            .map_err(|e| PassError::Quantize(format!("calibration image {k}: {e}")))?;
        Ok(obs)
    };
    let round = 4 * threads;
    Ok(images.chunks(round).enumerate().flat_map(move |(r, chunk)| {
        let (one, per) = (&one, chunk.len().div_ceil(threads));
        let parts: Vec<Vec<Result<_, PassError>>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk
                .chunks(per)
                .enumerate()
                .map(|(t, part)| {
                    s.spawn(move || part.iter().enumerate().map(|(j, img)| one(r * round + t * per + j, img)).collect())
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| vec![Err(PassError::Quantize("a calibration thread panicked".into()))])
                })
                .collect()
        });
        parts.into_iter().flatten()
    }))
}

/// Whether the op's result keeps its first operand's parameters.
fn keeps_input_quant(op: &Op) -> bool {
    match &*op.anchor() {
        Op::Relu | Op::Clip(_) | Op::Reshape(_) | Op::Transpose(_) => true,
        Op::Pool2d(a) => matches!(a.kind, PoolKind::Max | PoolKind::Avg),
        _ => false,
    }
}

/// A lowered f32 model (weights loaded) to its integer form: the pipeline without `fuse_ops`, then
/// [`quantize`], then the pipeline again (it fuses nothing more into integer kernels).
pub fn quantize_model(graph: &Graph, images: &[Tensor], cal: Calibration, threads: usize) -> Result<Graph, PassError> {
    Ok(quantize_model_parts(graph, images, cal, threads)?.graph)
}

/// An integer model: the optimised graph that is compiled, and the integer graph as `quantize`
/// made it, before the passes (the oracle compiled int8 programs are checked against, so that
/// the passes on integer graphs are checked too).
#[derive(Clone, Debug)]
pub struct Quantized {
    pub graph: Graph,
    pub unoptimized: Graph,
}

/// As [`quantize_model`], keeping the integer graph before its passes.
pub fn quantize_model_parts(
    graph: &Graph,
    images: &[Tensor],
    cal: Calibration,
    threads: usize,
) -> Result<Quantized, PassError> {
    let mut g = graph.clone();
    crate::run_pipeline(&mut g, crate::Options { disable: &["fuse_ops"], ..Default::default() })?;
    let unoptimized = quantize(&g, images, cal, threads)?;
    hynas_ir::verify(&unoptimized).map_err(|source| PassError::Verify { pass: "quantize", source })?;
    let mut q = unoptimized.clone();
    crate::run_pipeline(&mut q, crate::Options::default())?;
    Ok(Quantized { graph: q, unoptimized })
}

/// Quantises `graph` (see the module note) with ranges calibrated on `images`, interpreted on
/// `threads` threads.
pub fn quantize(graph: &Graph, images: &[Tensor], cal: Calibration, threads: usize) -> Result<Graph, PassError> {
    if images.is_empty() {
        return Err(PassError::Quantize("no calibration images".into()));
    }
    for id in graph.node_ids() {
        let n = graph.node(id);
        if n.dtype.is_int() {
            return Err(err(&n.name, "is already an integer value"));
        }
        match n.op() {
            Some(Op::BatchNorm(_)) => return Err(err(&n.name, "batch_norm has no integer form (fold it first)")),
            Some(Op::MulScalar(v)) if *v <= 0.0 => return Err(err(&n.name, format!("mul by {v} has no integer form"))),
            Some(Op::Fused(f)) if f.epilogue.iter().any(|e| *e != Epilogue::Relu) => {
                return Err(err(
                    &n.name,
                    "fused epilogues other than ReLU have no integer form (quantise before fuse_ops)",
                ))
            }
            _ => {}
        }
        if let Some(d) = n.const_data() {
            if let Some(k) = d.data.iter().position(|v| !v.is_finite()) {
                return Err(err(&n.name, format!("non-finite weight {} at element {k}", d.data[k])));
            }
        }
    }
    let mut g = graph.clone();
    fold_relus(&mut g)?;
    // Step 2: calibration.
    let keep = cal != Calibration::MinMax;
    let mut seen: HashMap<NodeId, Observed> = HashMap::new();
    for (k, obs) in observe_all(&g, images, threads)?.enumerate() {
        for (id, t) in obs? {
            seen.entry(id).or_insert_with(|| Observed::new(id)).add(&t, keep);
        }
        if let Some((id, _)) = seen.iter().find(|(_, o)| !(o.min.is_finite() && o.max.is_finite())) {
            return Err(err(&g.node(*id).name, format!("calibration image {k} gives a non-finite value")));
        }
    }
    // Steps 3 and 4: activations in topological order (inputs first).
    let ir = |e| PassError::Ir { pass: "quantize", source: e };
    let order = g.topo_order().map_err(ir)?;
    let mut quant: HashMap<NodeId, Quant> = HashMap::new();
    for &id in &order {
        let n = g.node(id);
        let q = match (&n.kind, n.op()) {
            (NodeKind::Input, _) | (NodeKind::Op(_), _) => {
                let op = n.op();
                if op.is_some_and(keeps_input_quant) {
                    let src = g.operands(id)[0];
                    quant.get(&src).cloned().ok_or_else(|| err(&n.name, "operand without parameters"))?
                } else if op.is_some_and(|o| matches!(*o.anchor(), Op::Softmax)) {
                    hynas_ir::ops::softmax_out_quant()
                } else {
                    let o = seen.get_mut(&id).ok_or_else(|| err(&n.name, "not observed in calibration"))?;
                    let (lo, hi) = o.range(cal);
                    range_quant(lo, hi)
                }
            }
            _ => continue,
        };
        quant.insert(id, q);
    }
    for (&id, q) in &quant {
        g.set_type(id, DType::I8, Some(q.clone())).map_err(ir)?;
    }
    // Constants by their role (from their f32 data, kept aside: a bias needs its weights' scales).
    let floats: HashMap<NodeId, Tensor> =
        order.iter().filter_map(|&id| g.node(id).const_data().map(|d| (id, d.clone()))).collect();
    for id in order {
        let Some(data) = floats.get(&id) else { continue };
        let name = g.node(id).name.clone();
        let users = g.users(id);
        let role = users
            .iter()
            .map(|&u| {
                let slot = g.operands(u).iter().position(|&o| o == id).unwrap_or(0);
                match g.node(u).op().map(Op::anchor).as_deref() {
                    Some(Op::Conv2d(_) | Op::Linear(_)) if slot == 1 => Some(Role::Weight),
                    Some(Op::Conv2d(_) | Op::Linear(_)) if slot == 2 => {
                        let x = g.operands(u)[0];
                        let w = g.operands(u)[1];
                        Some(Role::Bias(x, w))
                    }
                    _ => None,
                }
            })
            .collect::<Vec<_>>();
        let role = match role.as_slice() {
            [] => continue,
            [r] => r.clone(),
            _ if role.iter().all(Option::is_none) => None,
            _ => return Err(err(&name, "a weight shared by several ops cannot be quantised per consumer")),
        };
        let (t, q) = match role {
            Some(Role::Weight) => weight_quant(data),
            Some(Role::Bias(x, w)) => {
                let sx = quant.get(&x).map(|q| q.scale_at(0)).ok_or_else(|| err(&name, "input without parameters"))?;
                let wd = floats.get(&w).ok_or_else(|| err(&name, "the weights are not a constant"))?;
                bias_quant(data, sx, &weight_scales(wd))
            }
            None => {
                let lo = data.data.iter().copied().fold(f32::INFINITY, f32::min);
                let q = range_quant(lo, data.data.iter().copied().fold(f32::NEG_INFINITY, f32::max));
                let vals = data.data.iter().map(|&v| q.quantize(v, 0, DType::I8)).collect();
                (IntTensor { shape: data.shape.clone(), dtype: DType::I8, data: vals }, q)
            }
        };
        if let Some(n) = g.node_mut(id) {
            let trainable = matches!(n.kind, NodeKind::Const { trainable: true, .. });
            n.dtype = t.dtype;
            n.quant = Some(q);
            n.kind = NodeKind::IntConst { data: t, trainable };
        }
    }
    hynas_ir::verify(&g).map_err(ir)?;
    Ok(g)
}

#[derive(Clone)]
enum Role {
    Weight,
    /// A bias of the op reading this input and these weights.
    Bias(NodeId, NodeId),
}

/// Per-output-channel symmetric int8: scale max |w| / 127 per channel, values in [-127, 127].
pub fn weight_quant(w: &Tensor) -> (IntTensor, Quant) {
    let per = w.data.len() / w.dims()[0].max(1);
    let q = weight_scales(w);
    let data =
        w.data.iter().enumerate().map(|(i, &v)| q.quantize(v, i / per.max(1), DType::I8).clamp(-127, 127)).collect();
    (IntTensor { shape: w.shape.clone(), dtype: DType::I8, data }, q)
}

/// The parameters of [`weight_quant`] alone (what a bias's scales derive from).
fn weight_scales(w: &Tensor) -> Quant {
    let o = w.dims()[0];
    let per = w.data.len() / o.max(1);
    let scale: Vec<f32> = (0..o)
        .map(|c| {
            let m = w.data[c * per..(c + 1) * per].iter().fold(0.0f32, |m, v| m.max(v.abs()));
            if m > 0.0 {
                m / 127.0
            } else {
                1.0
            }
        })
        .collect();
    Quant::per_channel(scale, 0)
}

/// An i32 bias at input scale x weight scale per channel.
pub fn bias_quant(b: &Tensor, input_scale: f32, w: &Quant) -> (IntTensor, Quant) {
    let q = Quant::per_channel(w.scale.iter().map(|&s| input_scale * s).collect(), 0);
    let data = b.data.iter().enumerate().map(|(c, &v)| q.quantize(v, c, DType::I32)).collect();
    (IntTensor { shape: b.shape.clone(), dtype: DType::I32, data }, q)
}
