//! Graph -> ONNX. Every IR node becomes one or a few standard ops in execution order; constants
//! become initializers under their IR names (`stem.conv.weight`), values keep their IR names, so a
//! model read back with [`crate::import`] has the same names, weights and interpreter outputs.
//!
//! | IR | ONNX |
//! |---|---|
//! | conv2d | Conv (pads, strides, group) |
//! | batch_norm | BatchNormalization |
//! | relu, add | Relu, Add |
//! | clip | Clip (bounds as scalar initializers, an infinite one left out) |
//! | mul (by a scalar) | Mul by a scalar initializer |
//! | max_pool2d, avg_pool2d | MaxPool, AveragePool (`count_include_pad = 1`) |
//! | max_avg_pool2d | MaxPool, AveragePool, Add, Mul by 0.5 |
//! | global_avg_pool | GlobalAveragePool |
//! | linear | Gemm (`transB = 1`) |
//! | matmul, softmax, transpose, reshape | MatMul, Softmax (last axis), Transpose, Reshape |
//! | linear_attention | HANNAH's formula: Pad (a row of ones under v), Transpose, MatMul, MatMul, Slice, Slice, Add (eps), Div |
//!
//! Fused kernels are not exported from f32 graphs: export the graph before `fuse_ops` (the CLI
//! exports the lowered graph, optionally after BN folding). Integer graphs go to `export_qdq`.

use crate::proto::{
    attr_type, data_type, AttributeProto, Dimension, GraphProto, ModelProto, NodeProto, OperatorSetIdProto,
    TensorProto, TensorShapeProto, TypeProto, TypeProtoTensor, ValueInfoProto,
};
use crate::{OnnxError, Result};
use hynas_ir::ops::PoolKind;
use hynas_ir::{Graph, NodeId, NodeKind, Op};
use prost::Message;
use std::collections::{HashMap, HashSet};

/// The opset hynas writes.
pub const OPSET: i64 = 17;
/// ONNX IR version 8 (the one opset 17 shipped with).
const IR_VERSION: i64 = 8;

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Write the batch axis as the symbolic dimension `batch` instead of the graph's size.
    pub dynamic_batch: bool,
    /// The model's name in the file (`graph.name`).
    pub name: String,
}

pub(crate) fn attr_int(name: &str, v: i64) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attr_type::INT), i: Some(v), ..Default::default() }
}
pub(crate) fn attr_ints(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attr_type::INTS), ints: v.to_vec(), ..Default::default() }
}
fn attr_float(name: &str, v: f32) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attr_type::FLOAT), f: Some(v), ..Default::default() }
}

pub(crate) fn f32_tensor(name: &str, dims: &[usize], data: &[f32]) -> TensorProto {
    TensorProto {
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: Some(data_type::FLOAT),
        name: Some(name.into()),
        raw_data: Some(data.iter().flat_map(|v| v.to_le_bytes()).collect()),
        ..Default::default()
    }
}
fn i64_tensor(name: &str, data: &[i64]) -> TensorProto {
    TensorProto {
        dims: vec![data.len() as i64],
        data_type: Some(data_type::INT64),
        name: Some(name.into()),
        raw_data: Some(data.iter().flat_map(|v| v.to_le_bytes()).collect()),
        ..Default::default()
    }
}

pub(crate) fn value_info(name: &str, dims: &[usize], batch: bool) -> ValueInfoProto {
    let dim = dims
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if batch && i == 0 {
                Dimension { dim_param: Some("batch".into()), dim_value: None }
            } else {
                Dimension { dim_value: Some(d as i64), dim_param: None }
            }
        })
        .collect();
    ValueInfoProto {
        name: Some(name.into()),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeProtoTensor {
                elem_type: Some(data_type::FLOAT),
                shape: Some(TensorShapeProto { dim }),
            }),
        }),
        doc_string: None,
    }
}

/// Unique value names: the IR's, with `_1`, `_2` ... appended on a clash.
pub(crate) fn unique_names(graph: &Graph) -> HashMap<NodeId, String> {
    let mut seen = HashSet::new();
    let mut names = HashMap::new();
    for id in graph.node_ids() {
        let base = match graph.node(id).name.as_str() {
            "" => format!("v{}", id.0),
            n => n.to_string(),
        };
        let mut name = base.clone();
        let mut k = 1;
        while !seen.insert(name.clone()) {
            name = format!("{base}_{k}");
            k += 1;
        }
        names.insert(id, name);
    }
    names
}

pub(crate) struct Writer {
    pub nodes: Vec<NodeProto>,
    pub inits: Vec<TensorProto>,
}

impl Writer {
    pub fn node(&mut self, op_type: &str, name: &str, ins: &[&str], out: &str, attrs: Vec<AttributeProto>) {
        self.nodes.push(NodeProto {
            input: ins.iter().map(|s| s.to_string()).collect(),
            output: vec![out.to_string()],
            name: Some(name.to_string()),
            op_type: Some(op_type.to_string()),
            domain: None,
            attribute: attrs,
            doc_string: None,
        });
    }
}

/// The ONNX model of an f32 graph, serialised.
pub fn export(graph: &Graph, opts: &ExportOptions) -> Result<Vec<u8>> {
    Ok(to_proto(graph, opts)?.encode_to_vec())
}

/// The ONNX model of a graph: float32, or QDQ for an int8 graph (see `export_qdq`).
pub fn to_proto(graph: &Graph, opts: &ExportOptions) -> Result<ModelProto> {
    if graph.inputs().iter().any(|&i| graph.node(i).dtype.is_int()) {
        return crate::export_qdq::to_proto_qdq(graph, opts);
    }
    hynas_ir::verify(graph)?;
    let names = unique_names(graph);
    let mut w = Writer { nodes: Vec::new(), inits: Vec::new() };
    let batch = graph.inputs().first().map(|&i| graph.node(i).shape.dims().first().copied().unwrap_or(1));
    for id in graph.topo_order()? {
        let n = graph.node(id);
        let name = &names[&id];
        match &n.kind {
            NodeKind::Input => {}
            NodeKind::Const { data, .. } => w.inits.push(f32_tensor(name, data.dims(), &data.data)),
            NodeKind::IntConst { .. } => {
                return Err(OnnxError::Export(format!(
                    "\"{}\" is an integer constant in a graph with a float input",
                    n.name
                )))
            }
            NodeKind::Op(op) => {
                let ins: Vec<String> = graph.operands(id).iter().map(|o| names[o].clone()).collect();
                let ins: Vec<&str> = ins.iter().map(String::as_str).collect();
                let in_dims = |i: usize| graph.node(graph.operands(id)[i]).shape.dims().to_vec();
                write_op(&mut w, op, name, &ins, &in_dims(0), opts.dynamic_batch.then_some(batch))?;
            }
        }
    }
    let inputs = graph.inputs().iter().map(|i| value_info(&names[i], graph.node(*i).shape.dims(), opts.dynamic_batch));
    let outputs =
        graph.outputs().iter().map(|o| value_info(&names[o], graph.node(*o).shape.dims(), opts.dynamic_batch));
    let g = GraphProto {
        node: w.nodes,
        name: Some(if opts.name.is_empty() { "hynas".into() } else { opts.name.clone() }),
        initializer: w.inits,
        input: inputs.collect(),
        output: outputs.collect(),
        ..Default::default()
    };
    Ok(model(g))
}

/// A model of `graph` with hynas's IR version, opset and producer.
pub(crate) fn model(graph: GraphProto) -> ModelProto {
    ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import: vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(OPSET) }],
        producer_name: Some("hynas".into()),
        producer_version: Some(env!("CARGO_PKG_VERSION").into()),
        graph: Some(graph),
        ..Default::default()
    }
}

fn window_attrs(k: usize, s: usize, p: usize) -> Vec<AttributeProto> {
    let (k, s, p) = (k as i64, s as i64, p as i64);
    vec![attr_ints("kernel_shape", &[k, k]), attr_ints("strides", &[s, s]), attr_ints("pads", &[p, p, p, p])]
}

/// Writes one IR op; `batch` is the graph's batch size when it is exported as symbolic.
pub(crate) fn write_op(
    w: &mut Writer,
    op: &Op,
    name: &str,
    ins: &[&str],
    in0: &[usize],
    batch: Option<Option<usize>>,
) -> Result<()> {
    match op {
        Op::Conv2d(a) => {
            let mut at = window_attrs(a.kernel, a.stride, a.padding);
            at.push(attr_ints("dilations", &[1, 1]));
            at.push(attr_int("group", a.groups as i64));
            w.node("Conv", name, ins, name, at);
        }
        Op::BatchNorm(a) => w.node("BatchNormalization", name, ins, name, vec![attr_float("epsilon", a.eps)]),
        Op::Relu => w.node("Relu", name, ins, name, vec![]),
        Op::Clip(c) => {
            // An infinite bound is an absent optional input.
            let mut args = vec![ins[0].to_string()];
            for (suffix, v, open) in [("min", c.min, f32::NEG_INFINITY), ("max", c.max, f32::INFINITY)] {
                if v == open {
                    args.push(String::new());
                } else {
                    let t = format!("{name}.{suffix}");
                    w.inits.push(f32_tensor(&t, &[], &[v]));
                    args.push(t);
                }
            }
            while args.last().is_some_and(String::is_empty) {
                args.pop();
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            w.node("Clip", name, &args, name, vec![]);
        }
        Op::Add => w.node("Add", name, ins, name, vec![]),
        Op::MulScalar(s) => {
            let c = format!("{name}.value");
            w.inits.push(f32_tensor(&c, &[], &[*s]));
            w.node("Mul", name, &[ins[0], &c], name, vec![]);
        }
        Op::Pool2d(a) => {
            let max = |w: &mut Writer, out: &str| {
                let mut at = window_attrs(a.kernel, a.stride, a.padding);
                at.push(attr_int("ceil_mode", 0));
                w.node("MaxPool", out, &ins[..1], out, at);
            };
            let avg = |w: &mut Writer, out: &str| {
                let mut at = window_attrs(a.kernel, a.stride, a.padding);
                at.push(attr_int("ceil_mode", 0));
                at.push(attr_int("count_include_pad", 1));
                w.node("AveragePool", out, &ins[..1], out, at);
            };
            match a.kind {
                PoolKind::Max => max(w, name),
                PoolKind::Avg => avg(w, name),
                PoolKind::MaxAvg => {
                    let (m, v, s, h) =
                        (format!("{name}.max"), format!("{name}.avg"), format!("{name}.sum"), format!("{name}.half"));
                    max(w, &m);
                    avg(w, &v);
                    w.node("Add", &s, &[&m, &v], &s, vec![]);
                    w.inits.push(f32_tensor(&h, &[], &[0.5]));
                    w.node("Mul", name, &[&s, &h], name, vec![]);
                }
            }
        }
        Op::GlobalAvgPool => w.node("GlobalAveragePool", name, ins, name, vec![]),
        Op::Linear(_) => w.node("Gemm", name, ins, name, vec![attr_int("transB", 1)]),
        Op::MatMul => w.node("MatMul", name, ins, name, vec![]),
        Op::Softmax => w.node("Softmax", name, ins, name, vec![attr_int("axis", -1)]),
        Op::Reshape(a) => {
            let mut shape: Vec<i64> = a.shape.iter().map(|&d| d as i64).collect();
            if let Some(b) = batch {
                // A symbolic batch: the leading axis is copied from the input (Reshape's `0`).
                if in0.first() != a.shape.first() || b != a.shape.first().copied() {
                    return Err(OnnxError::Export(format!(
                        "reshape \"{name}\" changes the leading axis ({in0:?} -> {:?}): no symbolic batch",
                        a.shape
                    )));
                }
                shape[0] = 0;
            }
            let c = format!("{name}.shape");
            w.inits.push(i64_tensor(&c, &shape));
            w.node("Reshape", name, &[ins[0], &c], name, vec![]);
        }
        Op::Transpose(a) => {
            if batch.is_some() && a.perm.first() != Some(&0) {
                return Err(OnnxError::Export(format!("transpose \"{name}\" moves the batch axis: no symbolic batch")));
            }
            let perm: Vec<i64> = a.perm.iter().map(|&p| p as i64).collect();
            w.node("Transpose", name, ins, name, vec![attr_ints("perm", &perm)]);
        }
        Op::LinearAttention(a) => {
            let r = in0.len();
            let d = in0.get(r.wrapping_sub(2)).copied().unwrap_or(0) as i64;
            let mut pads = vec![0i64; 2 * r];
            pads[2 * r - 2] = 1;
            let mut perm: Vec<i64> = (0..r as i64).collect();
            perm.swap(r - 2, r - 1);
            let part = |s: &str| format!("{name}.{s}");
            let (vp, kt, kv, o, num, den, deps) =
                (part("v_ones"), part("k_t"), part("kv"), part("out"), part("num"), part("den"), part("den_eps"));
            w.inits.push(i64_tensor(&part("pads"), &pads));
            w.inits.push(i64_tensor(&part("rows"), &[r as i64 - 2]));
            w.inits.push(f32_tensor(&part("one"), &[], &[1.0]));
            w.inits.push(f32_tensor(&part("eps"), &[], &[a.eps]));
            let (nr, dr) = (part("num_range"), part("den_range"));
            w.node("Pad", &vp, &[ins[2], &part("pads"), &part("one")], &vp, vec![]);
            w.node("Transpose", &kt, &[ins[1]], &kt, vec![attr_ints("perm", &perm)]);
            w.node("MatMul", &kv, &[&vp, &kt], &kv, vec![]);
            w.node("MatMul", &o, &[&kv, ins[0]], &o, vec![]);
            let slice = |w: &mut Writer, out: &str, range: &str| {
                w.node(
                    "Slice",
                    out,
                    &[&o, &format!("{range}.start"), &format!("{range}.end"), &part("rows")],
                    out,
                    vec![],
                )
            };
            for (range, v) in [(&nr, [0, d]), (&dr, [d, d + 1])] {
                w.inits.push(i64_tensor(&format!("{range}.start"), &v[..1]));
                w.inits.push(i64_tensor(&format!("{range}.end"), &v[1..]));
            }
            slice(w, &num, &nr);
            slice(w, &den, &dr);
            w.node("Add", &deps, &[&den, &part("eps")], &deps, vec![]);
            w.node("Div", name, &[&num, &deps], name, vec![]);
        }
        Op::Fused(_) | Op::Attention => {
            return Err(OnnxError::Export(format!(
                "\"{name}\" is a fused kernel ({}): export the graph before fusion",
                op.name()
            )))
        }
    }
    Ok(())
}
