//! ONNX -> Graph. Nodes are read in file order (ONNX requires a topological order); a value is
//! either a constant (initializer, `Constant`, or anything folded from constants, see
//! [`crate::fold`]) or a graph value (the input and every op result). A constant becomes a graph
//! node only when an op reads it as a weight, under its ONNX name. The IR infers every shape as
//! nodes are added, so a shape that does not fit fails at the node that breaks it.
//!
//! Mapping: Conv, BatchNormalization, Relu, Clip (ReLU for [0, inf), else a clip: ReLU6), MaxPool, AveragePool,
//! GlobalAveragePool, ReduceMean over H and W, Gemm, MatMul (both computed: batched matmul; a constant right side: a
//! linear layer, rows reshaped around it), Softmax (last axis), Reshape, Flatten, Transpose,
//! Unsqueeze, Squeeze (as reshapes), Identity and Dropout (aliases), Add of two equal shapes;
//! Add, Sub, Mul, Div by a constant: a scalar multiply, or a per-channel affine on 4-d values (a
//! batch norm with unit variance, which `fold_batch_norm` folds into a preceding convolution).
//! ReLU linear attention as [`crate::export`] and HANNAH's PyTorch code write it: Pad (a row of
//! ones on the second-to-last axis), MatMul by the transposed k, MatMul by q, the two Slices of
//! the result's rows (0..d and d), Add of eps, Div: one `linear_attention` op (see
//! [`Lin`]); any other use of those intermediate values is refused. Nodes left without a use
//! (such a pattern's Transpose) are removed.

use crate::fold::{self, Const, FoldAttrs};
use crate::proto::{attr_type, data_type, AttributeProto, ModelProto, NodeProto, TensorShapeProto};
use crate::{OnnxError, Result};
use hynas_ir::ops::{
    BatchNormAttrs, ClipAttrs, Conv2dAttrs, LinearAttrs, Pool2dAttrs, PoolKind, ReshapeAttrs, TransposeAttrs,
};
use hynas_ir::{Graph, NodeId, Op, Tensor};
use prost::Message;
use std::collections::HashMap;

/// The op types [`import`] reads (folded on constants: also Cast, Concat, Gather, Neg, Shape,
/// Slice).
pub const SUPPORTED_OPS: &[&str] = &[
    "Add",
    "AveragePool",
    "BatchNormalization",
    "Cast",
    "Clip",
    "Concat",
    "Constant",
    "Conv",
    "Div",
    "Dropout",
    "Flatten",
    "Gather",
    "Gemm",
    "GlobalAveragePool",
    "Identity",
    "MatMul",
    "MaxPool",
    "Mul",
    "Neg",
    "Pad",
    "ReduceMean",
    "Relu",
    "Reshape",
    "Shape",
    "Slice",
    "Softmax",
    "Squeeze",
    "Sub",
    "Transpose",
    "Unsqueeze",
];

/// Opsets whose semantics of the supported ops hynas follows.
const OPSETS: std::ops::RangeInclusive<i64> = 11..=22;

#[derive(Clone, Debug)]
enum Val {
    /// A graph value.
    N(NodeId),
    /// A constant not (yet) in the graph.
    C(Const),
    /// Part of a ReLU linear attention being read.
    L(Lin),
}

/// The intermediate values of ReLU linear attention, `[v; 1] k^T q` with its first d rows
/// divided by its last (plus eps); q, k, v are graph values of one shape [..., d, N].
#[derive(Clone, Copy, Debug, PartialEq)]
enum Lin {
    /// v with a row of ones appended on the second-to-last axis.
    Padded { v: NodeId },
    /// [v; 1] k^T.
    Kv { v: NodeId, k: NodeId },
    /// [v; 1] k^T q.
    Out { v: NodeId, k: NodeId, q: NodeId },
    /// Its first d rows.
    Num { v: NodeId, k: NodeId, q: NodeId },
    /// Its last row, plus eps.
    Den { v: NodeId, k: NodeId, q: NodeId, eps: f32 },
}

type R<T> = std::result::Result<T, String>;

struct Attrs<'a>(&'a [AttributeProto]);

impl Attrs<'_> {
    fn get(&self, name: &str) -> Option<&AttributeProto> {
        self.0.iter().find(|a| a.name.as_deref() == Some(name))
    }
    fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|a| a.i)
    }
    fn ints(&self, name: &str) -> Option<Vec<i64>> {
        self.get(name).filter(|a| a.r#type == Some(attr_type::INTS) || !a.ints.is_empty()).map(|a| a.ints.clone())
    }
    fn float(&self, name: &str) -> Option<f32> {
        self.get(name).and_then(|a| a.f)
    }
    fn string(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|a| a.s.as_ref()).map(|s| String::from_utf8_lossy(s).into_owned())
    }
}

struct Importer {
    g: Graph,
    vals: HashMap<String, Val>,
    /// Constants already placed in the graph, by ONNX name.
    placed: HashMap<String, NodeId>,
    opset: i64,
    /// The ONNX input names of the node being read (constants placed in the graph keep them).
    names: Vec<String>,
}

/// The most bytes of weights an imported model may hold (256 MiB).
pub const MAX_WEIGHT_BYTES: u64 = 1 << 28;
/// The most bytes of activations (every value of one inference together; 256 MiB).
pub const MAX_ACTIVATION_BYTES: u64 = 1 << 28;
/// The most multiply-accumulates of one inference (2^40).
pub const MAX_MACS: u64 = 1 << 40;

/// Reads an ONNX model (float32, static shapes, one input) into an IR graph. Sizes are bounded
/// (each value [`hynas_ir::MAX_ELEMENTS`], and [`MAX_WEIGHT_BYTES`], [`MAX_ACTIVATION_BYTES`],
/// [`MAX_MACS`]), weights must be finite, and names from the file are cut and escaped in errors.
pub fn import(bytes: &[u8]) -> Result<Graph> {
    read(bytes).map_err(OnnxError::clipped)
}

fn read(bytes: &[u8]) -> Result<Graph> {
    let m = ModelProto::decode(bytes).map_err(|e| OnnxError::NotOnnx(format!("the protobuf does not decode ({e})")))?;
    if m.ir_version.is_none() {
        return Err(OnnxError::NotOnnx("no ir_version (a ModelProto always has one)".into()));
    }
    let graph = m.graph.as_ref().ok_or_else(|| OnnxError::NotOnnx("the model has no graph".into()))?;
    let default_domain =
        |o: &&crate::proto::OperatorSetIdProto| matches!(o.domain.as_deref(), None | Some("") | Some("ai.onnx"));
    if m.opset_import.iter().filter(default_domain).count() > 1 {
        return Err(OnnxError::Model("the model imports the default ONNX opset twice".into()));
    }
    let opset = m
        .opset_import
        .iter()
        .find(default_domain)
        .and_then(|o| o.version)
        .ok_or_else(|| OnnxError::Model("the model imports no version of the default ONNX opset".into()))?;
    if !OPSETS.contains(&opset) {
        return Err(OnnxError::Model(format!(
            "opset {opset}: hynas reads opsets {}-{} (convert with onnx.version_converter)",
            OPSETS.start(),
            OPSETS.end()
        )));
    }
    if !graph.sparse_initializer.is_empty() {
        return Err(OnnxError::Model("sparse initializers are not supported".into()));
    }
    let mut im = Importer { g: Graph::new(), vals: HashMap::new(), placed: HashMap::new(), opset, names: Vec::new() };
    for t in &graph.initializer {
        let name = t.name.clone().unwrap_or_default();
        if name.is_empty() {
            return Err(OnnxError::Model("an initializer has no name".into()));
        }
        let c = Const::from_proto(t, &name)?;
        if im.vals.insert(name.clone(), Val::C(c)).is_some() {
            return Err(OnnxError::Model(format!("two initializers are named \"{name}\"")));
        }
    }
    let inputs: Vec<_> =
        graph.input.iter().filter(|i| !im.vals.contains_key(i.name.as_deref().unwrap_or(""))).collect();
    if inputs.len() != 1 {
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_deref().unwrap_or("")).collect();
        return Err(OnnxError::Model(format!(
            "hynas models take one input image; this graph has {} ({names:?})",
            inputs.len()
        )));
    }
    let input = inputs[0];
    let name = input.name.clone().unwrap_or_default();
    let tt = input
        .r#type
        .as_ref()
        .and_then(|t| t.tensor_type.as_ref())
        .ok_or_else(|| OnnxError::Model(format!("input \"{name}\" has no tensor type (element type and shape)")))?;
    let elem = tt.elem_type.unwrap_or(0);
    if elem != data_type::FLOAT {
        return Err(OnnxError::DType { name, dtype: data_type::name(elem).into() });
    }
    let dims = static_dims(&name, tt.shape.as_ref())?;
    let id = im.g.add_input(&name, &dims);
    im.vals.insert(name, Val::N(id));
    for n in &graph.node {
        im.node(n)?;
    }
    let mut outs = Vec::new();
    for o in &graph.output {
        let name = o.name.clone().unwrap_or_default();
        match im.vals.get(&name) {
            Some(Val::N(id)) => outs.push(*id),
            Some(Val::C(_)) => return Err(OnnxError::Model(format!("output \"{name}\" is a constant"))),
            Some(Val::L(_)) => {
                return Err(OnnxError::Model(format!("output \"{name}\" is an unfinished ReLU linear attention")))
            }
            None => return Err(OnnxError::Missing { name, node: "(graph output)".into() }),
        }
    }
    if outs.is_empty() {
        return Err(OnnxError::Model("the graph has no outputs".into()));
    }
    im.g.set_outputs(&outs);
    hynas_passes::Pass::run(&hynas_passes::eliminate_dead::EliminateDead, &mut im.g)?;
    merge_max_avg(&mut im.g)?;
    hynas_ir::verify(&im.g)?;
    check_values(&im.g)?;
    Ok(im.g)
}

/// The model's sizes within the limits, its weights finite, its batch norms with a positive
/// variance, its scalar multiplies finite.
fn check_values(g: &Graph) -> Result<()> {
    let (mut weights, mut acts, mut macs) = (0u64, 0u64, 0u128);
    for id in g.node_ids() {
        let n = g.node(id);
        let bytes = n.shape.checked_numel().unwrap_or(usize::MAX) as u64 * 4;
        match &n.kind {
            hynas_ir::NodeKind::Const { data, .. } => {
                weights = weights.saturating_add(bytes);
                if let Some((i, v)) = data.data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                    return Err(OnnxError::Tensor {
                        name: n.name.clone(),
                        msg: format!("element {i} is {v}; weights must be finite"),
                    });
                }
            }
            _ => acts = acts.saturating_add(bytes),
        }
        let node_err = |msg: String| OnnxError::Node {
            node: n.name.clone(),
            op_type: n.op().map_or("", |o| o.name()).into(),
            msg,
        };
        match n.op() {
            Some(Op::MulScalar(s)) if !s.is_finite() => {
                return Err(node_err(format!("multiplies by {s} (a division by zero?)")))
            }
            Some(Op::BatchNorm(a)) => {
                let var = g.operands(id).get(4).and_then(|&v| g.node(v).const_data());
                if let Some((c, v)) =
                    var.and_then(|t| t.data.iter().enumerate().find(|(_, v)| not_positive(**v + a.eps)))
                {
                    return Err(node_err(format!(
                        "variance {v} of channel {c} plus epsilon {} is not positive",
                        a.eps
                    )));
                }
            }
            _ => {}
        }
        if let Some(op) = n.op() {
            let ins: Vec<&hynas_ir::Shape> = g.operands(id).iter().map(|&o| &g.node(o).shape).collect();
            macs += op.macs(&ins, &n.shape) as u128;
        }
    }
    let over = |what: &str, have: String, limit: u64| {
        OnnxError::Model(format!("the model has {have} {what}; hynas takes at most {limit}"))
    };
    if weights > MAX_WEIGHT_BYTES {
        return Err(over("bytes of weights", weights.to_string(), MAX_WEIGHT_BYTES));
    }
    if acts > MAX_ACTIVATION_BYTES {
        return Err(over("bytes of activations", acts.to_string(), MAX_ACTIVATION_BYTES));
    }
    if macs > MAX_MACS as u128 {
        return Err(over("multiply-accumulates", macs.to_string(), MAX_MACS));
    }
    Ok(())
}

/// `(max_pool(x) + avg_pool(x)) * 0.5` over equal windows, as [`crate::export`] writes HANNAH's
/// max+avg pooling, and `0.5 * max_pool(x) + 0.5 * avg_pool(x)`, as PyTorch code writes it,
/// become that one IR op again (the same value: halving is exact).
fn merge_max_avg(g: &mut Graph) -> Result<()> {
    let only_user = |g: &Graph, v: NodeId, u: NodeId| g.users(v) == [u] && !g.outputs().contains(&v);
    for id in g.node_ids() {
        // 0.5 * max + 0.5 * avg.
        if !g.contains(id) || g.node(id).op() != Some(&Op::Add) {
            continue;
        }
        let halves: Vec<NodeId> = g.operands(id);
        let pools: Vec<Option<(NodeId, Pool2dAttrs, NodeId)>> = halves
            .iter()
            .map(|&h| {
                if g.node(h).op() != Some(&Op::MulScalar(0.5)) || !only_user(g, h, id) {
                    return None;
                }
                let p = g.operands(h)[0];
                match g.node(p).op() {
                    Some(Op::Pool2d(a)) if only_user(g, p, h) => Some((p, a.clone(), g.operands(p)[0])),
                    _ => None,
                }
            })
            .collect();
        if let [Some((pa, a, xa)), Some((pb, b, xb))] = &pools[..] {
            let kinds = [a.kind, b.kind];
            if xa == xb
                && (a.kernel, a.stride, a.padding) == (b.kernel, b.stride, b.padding)
                && (kinds == [PoolKind::Max, PoolKind::Avg] || kinds == [PoolKind::Avg, PoolKind::Max])
            {
                g.rewrite_op(id, Op::Pool2d(Pool2dAttrs { kind: PoolKind::MaxAvg, ..a.clone() }), &[*xa])?;
                for n in [halves[0], halves[1], *pa, *pb] {
                    g.remove_node(n);
                }
            }
        }
    }
    for id in g.node_ids() {
        if g.node(id).op() != Some(&Op::MulScalar(0.5)) {
            continue;
        }
        let sum = g.operands(id)[0];
        if g.node(sum).op() != Some(&Op::Add) || !only_user(g, sum, id) {
            continue;
        }
        let (a, b) = match g.operands(sum)[..] {
            [a, b] => (a, b),
            _ => continue,
        };
        let pool = |n: NodeId| match g.node(n).op() {
            Some(Op::Pool2d(p)) => Some((p.clone(), g.operands(n)[0])),
            _ => None,
        };
        let (Some((pa, xa)), Some((pb, xb))) = (pool(a), pool(b)) else { continue };
        let kinds = [pa.kind, pb.kind];
        let same_window = (pa.kernel, pa.stride, pa.padding) == (pb.kernel, pb.stride, pb.padding);
        if xa != xb
            || !same_window
            || !(kinds == [PoolKind::Max, PoolKind::Avg] || kinds == [PoolKind::Avg, PoolKind::Max])
            || !only_user(g, a, sum)
            || !only_user(g, b, sum)
        {
            continue;
        }
        g.rewrite_op(id, Op::Pool2d(Pool2dAttrs { kind: PoolKind::MaxAvg, ..pa }), &[xa])?;
        for n in [sum, a, b] {
            g.remove_node(n);
        }
    }
    Ok(())
}

fn static_dims(input: &str, shape: Option<&TensorShapeProto>) -> Result<Vec<usize>> {
    let shape =
        shape.ok_or_else(|| OnnxError::DynamicDim { input: input.into(), dim: "(no shape)".into(), axis: 0 })?;
    let dims = shape
        .dim
        .iter()
        .enumerate()
        .map(|(axis, d)| match (d.dim_value, &d.dim_param) {
            (Some(v), _) if v > 0 => {
                usize::try_from(v).map_err(|_| OnnxError::Model(format!("input \"{input}\": dimension {v}")))
            }
            (_, Some(p)) => Err(OnnxError::DynamicDim { input: input.into(), dim: format!("\"{p}\""), axis }),
            (v, None) => Err(OnnxError::DynamicDim {
                input: input.into(),
                dim: v.map_or("(unset)".into(), |v| v.to_string()),
                axis,
            }),
        })
        .collect::<Result<Vec<_>>>()?;
    hynas_ir::Shape::new(&dims).check_size().map_err(|m| OnnxError::Model(format!("input \"{input}\": {m}")))?;
    Ok(dims)
}

impl Importer {
    fn node(&mut self, n: &NodeProto) -> Result<()> {
        let op = n.op_type.clone().unwrap_or_default();
        let out = n.output.first().cloned().unwrap_or_default();
        let label = match n.name.as_deref() {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => out.clone(),
        };
        if !matches!(n.domain.as_deref(), None | Some("") | Some("ai.onnx")) || !SUPPORTED_OPS.contains(&op.as_str()) {
            let op_type = match n.domain.as_deref() {
                None | Some("") | Some("ai.onnx") => op.clone(),
                Some(d) => format!("{d}.{op}"),
            };
            return Err(OnnxError::UnsupportedOp { op_type, node: label });
        }
        let nerr = |msg: String| OnnxError::Node { node: label.clone(), op_type: op.clone(), msg };
        if out.is_empty() {
            return Err(nerr("the node has no output".into()));
        }
        if n.attribute.iter().any(|a| a.g.is_some() || a.ref_attr_name.is_some()) {
            return Err(nerr("subgraph or function attributes are not supported".into()));
        }
        for (i, a) in n.attribute.iter().enumerate() {
            if n.attribute[..i].iter().any(|b| b.name == a.name) {
                return Err(nerr(format!("attribute \"{}\" is given twice", a.name.as_deref().unwrap_or(""))));
            }
        }
        // Inputs: "" is an absent optional input.
        let mut ins: Vec<Option<Val>> = Vec::with_capacity(n.input.len());
        for i in &n.input {
            if i.is_empty() {
                ins.push(None);
                continue;
            }
            let v =
                self.vals.get(i).cloned().ok_or_else(|| OnnxError::Missing { name: i.clone(), node: label.clone() })?;
            ins.push(Some(v));
        }
        let at = Attrs(&n.attribute);
        // Extra outputs (BatchNormalization's running stats, Dropout's mask, MaxPool's indices).
        if n.output.iter().skip(1).any(|o| !o.is_empty()) && !matches!(op.as_str(), "Dropout" | "BatchNormalization") {
            return Err(nerr(format!("hynas reads only the first of its outputs {:?}", n.output)));
        }
        if op == "Constant" {
            let c = self.constant(&at, &out)?;
            self.vals.insert(out, Val::C(c));
            return Ok(());
        }
        let all_const = ins.iter().all(|v| matches!(v, Some(Val::C(_)) | None));
        if op == "Shape" {
            let dims = match ins.first().cloned().flatten() {
                Some(Val::N(id)) => self.g.node(id).shape.dims().to_vec(),
                Some(Val::C(c)) => c.dims.clone(),
                Some(Val::L(_)) => return Err(nerr(Lin::ELSEWHERE.into())),
                None => return Err(nerr("input 0 is missing".into())),
            };
            let r = dims.len();
            let s = fold::axis(at.int("start").unwrap_or(0).clamp(-(r as i64), r as i64 - 1), r.max(1)).unwrap_or(0);
            let e = match at.int("end") {
                Some(e) if e < 0 => (e + r as i64).max(0) as usize,
                Some(e) => (e as usize).min(r),
                None => r,
            };
            let v: Vec<i64> = dims[s.min(e)..e].iter().map(|&d| d as i64).collect();
            self.vals.insert(out, Val::C(Const::i(vec![v.len()], v)));
            return Ok(());
        }
        if all_const {
            let cs: Vec<Option<&Const>> = ins
                .iter()
                .map(|v| match v {
                    Some(Val::C(c)) => Some(c),
                    _ => None,
                })
                .collect();
            let fa = FoldAttrs { int: &|k| at.int(k), ints: &|k| at.ints(k), opset: self.opset };
            if let Some(c) = fold::fold(&op, &cs, &fa).map_err(&nerr)? {
                self.vals.insert(out, Val::C(c));
                return Ok(());
            }
        }
        self.names = n.input.clone();
        let v = self.op(&op, &out, &ins, &at).map_err(nerr)?;
        if self.vals.insert(out.clone(), v).is_some() {
            return Err(OnnxError::Model(format!("\"{out}\" is made twice (by node \"{label}\" and before)")));
        }
        Ok(())
    }

    fn constant(&self, at: &Attrs, out: &str) -> Result<Const> {
        if let Some(t) = at.get("value").and_then(|a| a.t.as_ref()) {
            return Const::from_proto(t, out);
        }
        if let Some(f) = at.float("value_float") {
            return Ok(Const::f(vec![], vec![f]));
        }
        if let Some(i) = at.int("value_int") {
            return Ok(Const::i(vec![], vec![i]));
        }
        if let Some(v) = at.get("value_floats").filter(|a| a.r#type == Some(attr_type::FLOATS)) {
            return Ok(Const::f(vec![v.floats.len()], v.floats.clone()));
        }
        if let Some(v) = at.ints("value_ints") {
            return Ok(Const::i(vec![v.len()], v));
        }
        let _ = attr_type::STRING;
        Err(OnnxError::Node {
            node: out.into(),
            op_type: "Constant".into(),
            msg: "hynas reads Constant's value, value_float(s) and value_int(s)".into(),
        })
    }

    /// A graph value operand.
    fn act(&self, ins: &[Option<Val>], i: usize) -> R<NodeId> {
        match ins.get(i) {
            Some(Some(Val::N(id))) => Ok(*id),
            Some(Some(Val::C(_))) => Err(format!("input {i} is a constant; hynas needs a computed tensor there")),
            Some(Some(Val::L(_))) => Err(Lin::ELSEWHERE.into()),
            _ => Err(format!("input {i} is missing")),
        }
    }

    /// A constant operand.
    fn konst<'a>(&self, ins: &'a [Option<Val>], i: usize, what: &str) -> R<&'a Const> {
        match ins.get(i) {
            Some(Some(Val::C(c))) => Ok(c),
            Some(Some(Val::N(_) | Val::L(_))) => {
                Err(format!("the {what} (input {i}) is computed; hynas needs a constant"))
            }
            _ => Err(format!("the {what} (input {i}) is missing")),
        }
    }

    fn opt_konst<'a>(&self, ins: &'a [Option<Val>], i: usize, what: &str) -> R<Option<&'a Const>> {
        match ins.get(i) {
            None | Some(None) => Ok(None),
            _ => self.konst(ins, i, what).map(Some),
        }
    }

    fn dims(&self, id: NodeId) -> Vec<usize> {
        self.g.node(id).shape.dims().to_vec()
    }

    /// Places a float constant in the graph under `name`.
    fn place(&mut self, name: &str, c: &Const, dims: &[usize], trainable: bool) -> R<NodeId> {
        if let Some(&id) = self.placed.get(name) {
            if self.g.node(id).shape.dims() == dims {
                return Ok(id);
            }
        }
        let data = match &c.data {
            fold::Data::F(v) => v.clone(),
            fold::Data::I(_) => return Err(format!("\"{name}\" is an int64 tensor where float32 weights belong")),
        };
        let t = Tensor::from_vec(dims, data).ok_or_else(|| format!("\"{name}\" does not have the shape {dims:?}"))?;
        let id = self.g.add_const(name, t, trainable);
        self.placed.insert(name.to_string(), id);
        Ok(id)
    }

    fn add(&mut self, name: &str, op: Op, operands: &[NodeId]) -> R<Val> {
        self.g.add_op(name, op, operands).map(Val::N).map_err(|e| e.to_string())
    }

    fn op(&mut self, op: &str, out: &str, ins: &[Option<Val>], at: &Attrs) -> R<Val> {
        if let Some(v) = self.linear_attention(op, out, ins, at)? {
            return Ok(v);
        }
        match op {
            "Identity" | "Dropout" => Ok(Val::N(self.act(ins, 0)?)),
            "Relu" => {
                let x = self.act(ins, 0)?;
                self.add(out, Op::Relu, &[x])
            }
            "Clip" => {
                let x = self.act(ins, 0)?;
                let scalar = |c: Option<&Const>| -> R<Option<f32>> {
                    match c {
                        None => Ok(None),
                        Some(c) if c.len() == 1 => Ok(Some(c.floats()[0])),
                        Some(_) => Err("Clip's min and max must be scalars".into()),
                    }
                };
                let lo = scalar(self.opt_konst(ins, 1, "min")?)?;
                let hi = scalar(self.opt_konst(ins, 2, "max")?)?;
                let (min, max) = (lo.unwrap_or(f32::NEG_INFINITY), hi.unwrap_or(f32::INFINITY));
                if min == 0.0 && max == f32::INFINITY {
                    return self.add(out, Op::Relu, &[x]);
                }
                self.add(out, Op::Clip(ClipAttrs { min, max }), &[x])
            }
            "Conv" => self.conv(out, ins, at),
            "BatchNormalization" => {
                if at.int("training_mode").unwrap_or(0) != 0 {
                    return Err("training_mode=1 (export the model in eval mode)".into());
                }
                let x = self.act(ins, 0)?;
                let c = *self.dims(x).get(1).ok_or("a batch norm needs a 4-d input")?;
                let mut ops = vec![x];
                let eps = at.float("epsilon").unwrap_or(1e-5);
                for (i, what) in [(1, "scale"), (2, "bias"), (3, "mean"), (4, "var")] {
                    let k = self.konst(ins, i, what)?;
                    if let Some((ch, v)) =
                        k.floats().iter().enumerate().find(|(_, v)| i == 4 && not_positive(**v + eps))
                    {
                        return Err(format!("variance {v} of channel {ch} plus epsilon {eps} is not positive"));
                    }
                    let name = self.names[i].clone();
                    ops.push(self.place(&name, k, &[c], i <= 2)?);
                }
                self.add(out, Op::BatchNorm(BatchNormAttrs { eps }), &ops)
            }
            "Add" | "Sub" | "Mul" | "Div" => self.arith(op, out, ins),
            "MaxPool" | "AveragePool" => self.pool(op, out, ins, at),
            "GlobalAveragePool" => {
                let x = self.act(ins, 0)?;
                self.add(out, Op::GlobalAvgPool, &[x])
            }
            "ReduceMean" => {
                // The mean over H and W of a 4-d tensor (PyTorch's `x.mean((2, 3))`).
                let x = self.act(ins, 0)?;
                let d = self.dims(x);
                let axes = if self.opset >= 18 {
                    self.opt_konst(ins, 1, "axes")?.map(|c| c.ints()).transpose()?
                } else {
                    at.ints("axes")
                };
                let mut ax: Vec<usize> = match axes {
                    Some(a) => a.iter().map(|&v| fold::axis(v, d.len())).collect::<R<_>>()?,
                    None => (0..d.len()).collect(),
                };
                ax.sort_unstable();
                if d.len() != 4 || ax != [2, 3] {
                    return Err(format!("the mean over axes {ax:?} of {d:?}; hynas averages 4-d tensors over H and W"));
                }
                if at.int("keepdims").unwrap_or(1) != 0 {
                    return self.add(out, Op::GlobalAvgPool, &[x]);
                }
                let gap = self.add(&format!("{out}.mean"), Op::GlobalAvgPool, &[x])?;
                let Val::N(gap) = gap else { return Err("internal: mean made no value".into()) };
                self.add(out, Op::Reshape(ReshapeAttrs { shape: vec![d[0], d[1]] }), &[gap])
            }
            "Gemm" => {
                let x = self.act(ins, 0)?;
                if at.int("transA").unwrap_or(0) != 0 {
                    return Err("transA=1 is not supported".into());
                }
                let b = self.konst(ins, 1, "B")?;
                if b.dims.len() != 2 {
                    return Err(format!("B is {:?}; Gemm needs a matrix", b.dims));
                }
                let alpha = at.float("alpha").unwrap_or(1.0);
                let beta = at.float("beta").unwrap_or(1.0);
                let w = if at.int("transB").unwrap_or(0) != 0 { b.clone() } else { fold::transpose(b, &[1, 0])? };
                let (o, k) = (w.dims[0], w.dims[1]);
                let wv: Vec<f32> = w.floats().iter().map(|v| v * alpha).collect();
                let wname = self.names[1].clone();
                let wid = self.place(&wname, &Const::f(vec![o, k], wv), &[o, k], true)?;
                let mut ops = vec![x, wid];
                if let Some(c) = self.opt_konst(ins, 2, "C")? {
                    let cv = c.floats();
                    let bias: Vec<f32> = match cv.len() {
                        1 => vec![cv[0] * beta; o],
                        n if n == o && c.dims.iter().filter(|&&d| d != 1).count() <= 1 => {
                            cv.iter().map(|v| v * beta).collect()
                        }
                        _ => return Err(format!("C {:?} is not a per-output bias of {o}", c.dims)),
                    };
                    let cname = self.names[2].clone();
                    ops.push(self.place(&cname, &Const::f(vec![o], bias), &[o], true)?);
                }
                let has_bias = ops.len() == 3;
                self.add(out, Op::Linear(LinearAttrs { has_bias }), &ops)
            }
            "MatMul" => self.matmul(out, ins),
            "Softmax" => {
                let x = self.act(ins, 0)?;
                let r = self.dims(x).len();
                let default = if self.opset >= 13 { -1 } else { 1 };
                let a = fold::axis(at.int("axis").unwrap_or(default), r)?;
                if a + 1 != r {
                    return Err(format!(
                        "softmax over axis {a} of a rank-{r} tensor; hynas computes it over the last axis"
                    ));
                }
                self.add(out, Op::Softmax, &[x])
            }
            "Transpose" => {
                let x = self.act(ins, 0)?;
                let r = self.dims(x).len();
                let perm: Vec<usize> = match at.ints("perm") {
                    Some(p) => p.iter().map(|&v| fold::axis(v, r)).collect::<R<_>>()?,
                    None => (0..r).rev().collect(),
                };
                if perm.iter().enumerate().all(|(i, &p)| i == p) {
                    return Ok(Val::N(x));
                }
                self.add(out, Op::Transpose(TransposeAttrs { perm }), &[x])
            }
            "Reshape" | "Flatten" | "Unsqueeze" | "Squeeze" => {
                let x = self.act(ins, 0)?;
                let d = self.dims(x);
                let shape = match op {
                    "Reshape" => {
                        let t = self.konst(ins, 1, "shape")?.ints()?;
                        fold::reshape_dims(&d, &t, at.int("allowzero") == Some(1))?
                    }
                    "Flatten" => {
                        let a = fold::axis(at.int("axis").unwrap_or(1), d.len() + 1)?;
                        vec![d[..a].iter().product(), d[a..].iter().product()]
                    }
                    "Unsqueeze" => {
                        let axes = if self.opset >= 13 {
                            self.konst(ins, 1, "axes")?.ints()?
                        } else {
                            at.ints("axes").unwrap_or_default()
                        };
                        fold::unsqueeze_dims(&d, &axes)?
                    }
                    _ => {
                        let axes = if self.opset >= 13 {
                            self.opt_konst(ins, 1, "axes")?.map(|c| c.ints()).transpose()?
                        } else {
                            at.ints("axes")
                        };
                        fold::squeeze_dims(&d, axes.as_deref())?
                    }
                };
                if shape == d {
                    return Ok(Val::N(x));
                }
                self.add(out, Op::Reshape(ReshapeAttrs { shape }), &[x])
            }
            "Concat" => Err("concatenation of computed tensors: the IR has no concat op".into()),
            "Cast" => Err("Cast of a computed tensor (hynas computes in float32; it folds casts of constants)".into()),
            other => Err(format!("{other} of a computed tensor: hynas folds it only on constants")),
        }
    }

    fn conv(&mut self, out: &str, ins: &[Option<Val>], at: &Attrs) -> R<Val> {
        let x = self.act(ins, 0)?;
        let xd = self.dims(x);
        if xd.len() != 4 {
            return Err(format!("input {xd:?}: hynas convolves 4-d NCHW tensors"));
        }
        let w = self.konst(ins, 1, "weight")?;
        if w.dims.len() != 4 {
            return Err(format!("weight {:?}: expected 4-d OIHW", w.dims));
        }
        let (kh, kw) = (w.dims[2], w.dims[3]);
        if kh != kw {
            return Err(format!("a {kh}x{kw} kernel: hynas convolutions are square"));
        }
        if let Some(ks) = at.ints("kernel_shape") {
            if ks != [kh as i64, kw as i64] {
                return Err(format!("kernel_shape {ks:?} does not match the weight {:?}", w.dims));
            }
        }
        if at.ints("dilations").is_some_and(|d| d.iter().any(|&v| v != 1)) {
            return Err("dilated convolutions are not supported".into());
        }
        let stride = square("strides", at.ints("strides"))?;
        let padding = pads(at, &xd, kh, stride)?;
        let groups = at.int("group").unwrap_or(1);
        let groups = usize::try_from(groups).ok().filter(|&g| g > 0).ok_or(format!("group {groups}"))?;
        let wname = self.names[1].clone();
        let wd = w.dims.clone();
        let wid = self.place(&wname, w, &wd, true)?;
        let mut ops = vec![x, wid];
        if let Some(b) = self.opt_konst(ins, 2, "bias")? {
            let bname = self.names[2].clone();
            ops.push(self.place(&bname, b, &[wd[0]], true)?);
        }
        let has_bias = ops.len() == 3;
        self.add(out, Op::Conv2d(Conv2dAttrs { kernel: kh, stride, padding, groups, has_bias }), &ops)
    }

    fn pool(&mut self, op: &str, out: &str, ins: &[Option<Val>], at: &Attrs) -> R<Val> {
        let x = self.act(ins, 0)?;
        let xd = self.dims(x);
        if xd.len() != 4 {
            return Err(format!("input {xd:?}: hynas pools 4-d NCHW tensors"));
        }
        let kernel = square("kernel_shape", at.ints("kernel_shape").or(Some(vec![])))?;
        if at.ints("kernel_shape").is_none() {
            return Err("kernel_shape is missing".into());
        }
        if at.ints("dilations").is_some_and(|d| d.iter().any(|&v| v != 1)) {
            return Err("dilated pooling is not supported".into());
        }
        if at.int("storage_order").unwrap_or(0) != 0 {
            return Err("storage_order=1 is not supported".into());
        }
        let stride = square("strides", at.ints("strides"))?;
        let padding = pads(at, &xd, kernel, stride)?;
        if at.int("ceil_mode").unwrap_or(0) != 0
            && (0..2).any(|a| (xd[2 + a] + 2 * padding).saturating_sub(kernel) % stride != 0)
        {
            return Err("ceil_mode=1 where it changes the output size (hynas floors)".into());
        }
        let kind = if op == "MaxPool" {
            PoolKind::Max
        } else {
            if at.int("count_include_pad").unwrap_or(0) == 0 && padding > 0 {
                return Err(
                    "count_include_pad=0 with padding (hynas averages over the padded window, as PyTorch's default)"
                        .into(),
                );
            }
            PoolKind::Avg
        };
        self.add(out, Op::Pool2d(Pool2dAttrs { kind, kernel, stride, padding }), &[x])
    }

    fn matmul(&mut self, out: &str, ins: &[Option<Val>]) -> R<Val> {
        let a = self.act(ins, 0)?;
        let ad = self.dims(a);
        match &ins.get(1).cloned().flatten() {
            Some(Val::N(b)) => {
                let bd = self.dims(*b);
                if ad.len() < 2 || ad.len() != bd.len() || ad[..ad.len() - 2] != bd[..bd.len() - 2] {
                    return Err(format!("{ad:?} x {bd:?}: hynas multiplies equal-rank batches without broadcasting"));
                }
                self.add(out, Op::MatMul, &[a, *b])
            }
            Some(Val::C(b)) => {
                if b.dims.len() != 2 {
                    return Err(format!("a constant right side {:?}: hynas needs a matrix", b.dims));
                }
                let (k, o) = (b.dims[0], b.dims[1]);
                if ad.last() != Some(&k) {
                    return Err(format!("{ad:?} x {:?} do not fit", b.dims));
                }
                let w = fold::transpose(b, &[1, 0])?;
                let wname = format!("{}.T", self.names[1]);
                let wid = self.place(&wname, &w, &[o, k], true)?;
                if ad.len() == 2 {
                    return self.add(out, Op::Linear(LinearAttrs { has_bias: false }), &[a, wid]);
                }
                let rows: usize = ad[..ad.len() - 1].iter().product();
                let flat =
                    self.add(&format!("{out}.rows"), Op::Reshape(ReshapeAttrs { shape: vec![rows, k] }), &[a])?;
                let Val::N(flat) = flat else { return Err("internal: reshape made no value".into()) };
                let lin =
                    self.add(&format!("{out}.linear"), Op::Linear(LinearAttrs { has_bias: false }), &[flat, wid])?;
                let Val::N(lin) = lin else { return Err("internal: linear made no value".into()) };
                let mut shape = ad.clone();
                if let Some(l) = shape.last_mut() {
                    *l = o;
                }
                self.add(out, Op::Reshape(ReshapeAttrs { shape }), &[lin])
            }
            Some(Val::L(_)) => Err(Lin::ELSEWHERE.into()),
            None => Err("input 1 is missing".into()),
        }
    }

    /// Add/Sub/Mul/Div: of two computed tensors (Add only), or by a constant.
    fn arith(&mut self, op: &str, out: &str, ins: &[Option<Val>]) -> R<Val> {
        let (a, b) = (ins.first().cloned().flatten(), ins.get(1).cloned().flatten());
        let (x, c) = match (a, b) {
            (Some(Val::N(x)), Some(Val::N(y))) => {
                if op != "Add" {
                    return Err(format!("{op} of two computed tensors: hynas has Add only"));
                }
                if self.dims(x) != self.dims(y) {
                    return Err(format!(
                        "{:?} + {:?}: hynas adds equal shapes (no broadcasting)",
                        self.dims(x),
                        self.dims(y)
                    ));
                }
                return self.add(out, Op::Add, &[x, y]);
            }
            (Some(Val::N(x)), Some(Val::C(c))) => (x, c),
            (Some(Val::C(c)), Some(Val::N(x))) if matches!(op, "Add" | "Mul") => (x, c),
            (Some(Val::C(_)), Some(Val::N(_))) => {
                return Err(format!("constant {op} computed tensor is not supported"))
            }
            _ => return Err("an input is missing".into()),
        };
        let xd = self.dims(x);
        let cv = c.floats();
        if op == "Div" && cv.contains(&0.0) {
            return Err("division by a constant that holds 0".into());
        }
        if cv.len() == 1 {
            let s = cv[0];
            match op {
                "Mul" => return self.add(out, Op::MulScalar(s), &[x]),
                "Div" => return self.add(out, Op::MulScalar(1.0 / s), &[x]),
                _ if s == 0.0 => return Ok(Val::N(x)),
                _ => {}
            }
        }
        // A per-channel constant on a 4-d value: [C,1,1] or [1,C,1,1] (or a scalar for Add/Sub).
        let channels = xd.get(1).copied().filter(|_| xd.len() == 4).ok_or_else(|| {
            format!(
                "{op} of {xd:?} by a constant {:?}: hynas applies constants as scalars or per channel of 4-d tensors",
                c.dims
            )
        })?;
        let cd: Vec<usize> = c.dims.iter().copied().skip_while(|&d| d == 1).collect();
        let per_channel = match cv.len() {
            1 => vec![cv[0]; channels],
            n if n == channels && (cd == [channels, 1, 1] || cd == [channels] && c.dims.len() >= 3) => cv.clone(),
            _ => {
                return Err(format!(
                    "{op} of {xd:?} by a constant {:?}: hynas applies constants as scalars or per channel ([C,1,1])",
                    c.dims
                ))
            }
        };
        let ones = vec![1.0; channels];
        let zeros = vec![0.0; channels];
        let (gamma, beta) = match op {
            "Add" => (ones.clone(), per_channel),
            "Sub" => (ones.clone(), per_channel.iter().map(|v| -v).collect()),
            "Mul" => (per_channel, zeros.clone()),
            _ => (per_channel.iter().map(|v| 1.0 / v).collect(), zeros.clone()),
        };
        let mut ops = vec![x];
        for (suffix, v, trainable) in
            [("gamma", gamma, true), ("beta", beta, true), ("mean", zeros, false), ("var", ones, false)]
        {
            ops.push(self.place(
                &format!("{out}.{suffix}"),
                &Const::f(vec![channels], v.clone()),
                &[channels],
                trainable,
            )?);
        }
        self.add(out, Op::BatchNorm(BatchNormAttrs { eps: 0.0 }), &ops)
    }
}

/// A two-axis attribute with equal values (default 1).
fn square(what: &str, v: Option<Vec<i64>>) -> R<usize> {
    match v.as_deref() {
        None => Ok(1),
        Some([a, b]) if a == b && *a > 0 => Ok(*a as usize),
        Some(v) => Err(format!("{what} {v:?}: hynas needs two equal positive values")),
    }
}

/// The padding of a window op: equal on all four sides, explicit or from `auto_pad`.
fn pads(at: &Attrs, xd: &[usize], k: usize, s: usize) -> R<usize> {
    match at.string("auto_pad").as_deref().unwrap_or("NOTSET") {
        "NOTSET" => match at.ints("pads").as_deref() {
            None => Ok(0),
            Some([a, b, c, d]) if a == b && b == c && c == d && *a >= 0 => Ok(*a as usize),
            Some(p) => Err(format!("pads {p:?}: hynas pads all four sides equally")),
        },
        "VALID" => Ok(0),
        mode @ ("SAME_UPPER" | "SAME_LOWER") => {
            let total = |i: usize| ((xd[i].div_ceil(s) - 1) * s + k).saturating_sub(xd[i]);
            let (th, tw) = (total(2), total(3));
            if th != tw || th % 2 != 0 {
                return Err(format!("auto_pad {mode} pads unequally here ({th}, {tw} in total)"));
            }
            Ok(th / 2)
        }
        other => Err(format!("auto_pad {other}")),
    }
}

impl Lin {
    const ELSEWHERE: &'static str =
        "a value inside a ReLU linear attention (Pad of a row of ones, MatMul, Slice, Add, \
         Div) is read by another op; hynas reads that pattern only as a whole";
}

impl Importer {
    /// One step of ReLU linear attention (see [`Lin`]); `None` when the node is not part of one.
    fn linear_attention(&mut self, op: &str, out: &str, ins: &[Option<Val>], at: &Attrs) -> R<Option<Val>> {
        let part = |i: usize| match ins.get(i) {
            Some(Some(Val::L(l))) => Some(*l),
            _ => None,
        };
        let any = (0..ins.len()).any(|i| part(i).is_some());
        if !any && op != "Pad" {
            return Ok(None);
        }
        let l = |x: Lin| Ok(Some(Val::L(x)));
        match (op, part(0), part(1)) {
            ("Pad", None, None) => {
                let v = self.act(ins, 0)?;
                let d = self.dims(v);
                let r = d.len();
                let pads = match self.opset {
                    ..=10 => at.ints("pads").unwrap_or_default(),
                    _ => self.konst(ins, 1, "pads")?.ints()?,
                };
                let value = match self.opset {
                    ..=10 => at.float("value").unwrap_or(0.0),
                    _ => self
                        .opt_konst(ins, 2, "constant_value")?
                        .map_or(0.0, |c| c.floats().first().copied().unwrap_or(0.0)),
                };
                let mut want = vec![0i64; 2 * r];
                if r >= 2 {
                    want[r + r - 2] = 1;
                }
                let mode = at.string("mode").unwrap_or_else(|| "constant".into());
                if r < 2
                    || pads != want
                    || value != 1.0
                    || mode != "constant"
                    || ins.get(3).is_some_and(Option::is_some)
                {
                    return Err(format!(
                        "Pad of a computed tensor ({mode}, pads {pads:?}, value {value}): hynas reads only the row of \
                         ones that ReLU linear attention appends to v (pads {want:?}, value 1)"
                    ));
                }
                l(Lin::Padded { v })
            }
            ("MatMul", Some(Lin::Padded { v }), None) => {
                let kt = self.act(ins, 1)?;
                let r = self.dims(v).len();
                let k = match self.g.node(kt).op() {
                    Some(Op::Transpose(t)) if is_last_swap(&t.perm, r) => self.g.operands(kt)[0],
                    _ => return Err("[v; 1] times something other than a transposed k".into()),
                };
                if self.dims(k) != self.dims(v) {
                    return Err(format!("linear attention: k {:?} and v {:?} differ", self.dims(k), self.dims(v)));
                }
                l(Lin::Kv { v, k })
            }
            ("MatMul", Some(Lin::Kv { v, k }), None) => {
                let q = self.act(ins, 1)?;
                if self.dims(q) != self.dims(v) {
                    return Err(format!("linear attention: q {:?} and v {:?} differ", self.dims(q), self.dims(v)));
                }
                l(Lin::Out { v, k, q })
            }
            ("Slice", Some(Lin::Out { v, k, q }), None) => {
                let dims = self.dims(v);
                let r = dims.len();
                let d = dims[r - 2] as i64;
                let one = |i: usize, what: &str| -> R<Option<i64>> {
                    match self.opt_konst(ins, i, what)? {
                        None => Ok(None),
                        Some(c) => match c.ints()?.as_slice() {
                            [x] => Ok(Some(*x)),
                            _ => Err(format!("linear attention: a Slice over more than one axis ({what})")),
                        },
                    }
                };
                let (s, e) = (one(1, "starts")?.unwrap_or(0), one(2, "ends")?.unwrap_or(i64::MAX));
                let axis = one(3, "axes")?.unwrap_or(0);
                let axis = fold::axis(axis, r)?;
                if one(4, "steps")?.unwrap_or(1) != 1 || axis != r - 2 {
                    return Err("linear attention: a Slice other than rows of the second-to-last axis".into());
                }
                let clampi = |x: i64| if x < 0 { (x + d + 1).max(0) } else { x.min(d + 1) };
                match (clampi(s), clampi(e)) {
                    (0, e) if e == d => l(Lin::Num { v, k, q }),
                    (s, e) if s == d && e == d + 1 => l(Lin::Den { v, k, q, eps: 0.0 }),
                    (s, e) => Err(format!("linear attention: rows {s}..{e} of [v; 1] k^T q (want 0..{d} or {d}..)")),
                }
            }
            ("Add", Some(Lin::Den { v, k, q, eps: 0.0 }), None)
            | ("Add", None, Some(Lin::Den { v, k, q, eps: 0.0 })) => {
                let c = match (ins.first().cloned().flatten(), ins.get(1).cloned().flatten()) {
                    (Some(Val::C(c)), _) | (_, Some(Val::C(c))) => c,
                    _ => return Err("linear attention: the denominator plus something other than a constant".into()),
                };
                match c.floats().as_slice() {
                    [eps] if eps.is_finite() && *eps >= 0.0 => l(Lin::Den { v, k, q, eps: *eps }),
                    _ => Err(format!("linear attention: eps must be one finite value >= 0, got {:?}", c.dims)),
                }
            }
            ("Div", Some(Lin::Num { v, k, q }), Some(Lin::Den { v: v2, k: k2, q: q2, eps }))
                if (v, k, q) == (v2, k2, q2) =>
            {
                let a = hynas_ir::ops::LinearAttentionAttrs { eps };
                self.add(out, Op::LinearAttention(a), &[q, k, v]).map(Some)
            }
            _ => Err(Lin::ELSEWHERE.into()),
        }
    }
}

/// `x <= 0` or NaN.
fn not_positive(x: f32) -> bool {
    x.is_nan() || x <= 0.0
}

/// Whether `perm` swaps the last two of `r` axes and keeps the others.
fn is_last_swap(perm: &[usize], r: usize) -> bool {
    r >= 2
        && perm.len() == r
        && (0..r).all(|i| {
            perm[i]
                == if i + 2 == r {
                    r - 1
                } else if i + 1 == r {
                    r - 2
                } else {
                    i
                }
        })
}
