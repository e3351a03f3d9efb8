//! int8 graph -> ONNX in QDQ form (what onnxruntime, TensorRT and the TFLite converters read as a
//! quantised model): every integer value of hynas's int8 graph becomes its float op followed by
//! `QuantizeLinear` + `DequantizeLinear` with the value's scale and zero point; int8 weights and
//! int32 biases are stored as integers with a per-output-channel `DequantizeLinear` (axis 0); the
//! input is quantised by the graph's input parameters and the outputs are dequantised logits.
//!
//! Fused kernels are written as their parts: `conv [+relu] [+add [+relu]]` requantises the
//! convolution's result by its own parameters before the add, exactly where the integer kernel
//! does; attention is `Transpose -> MatMul -> Softmax -> MatMul` with only its result quantised
//! (the integer kernel keeps scores and weights in 32-bit fixed point). A runtime that executes
//! QDQ in float computes what the integer interpreter computes up to rounding of the rescales.

use crate::export::{f32_tensor, unique_names, value_info, write_op, Writer};
use crate::proto::{data_type, AttributeProto, GraphProto, ModelProto, TensorProto};
use crate::{ExportOptions, OnnxError, Result};
use hynas_ir::ops::Epilogue;
use hynas_ir::{DType, Graph, NodeId, NodeKind, Op, Quant};
use std::collections::HashMap;

fn int_tensor(name: &str, dims: &[usize], dtype: DType, data: &[i32]) -> Result<TensorProto> {
    let (ty, raw): (i32, Vec<u8>) = match dtype {
        DType::I8 => (data_type::INT8, data.iter().map(|&v| v as i8 as u8).collect()),
        DType::I32 => (data_type::INT32, data.iter().flat_map(|v| v.to_le_bytes()).collect()),
        other => return Err(OnnxError::Export(format!("\"{name}\" is {other}: QDQ export writes int8 and int32"))),
    };
    Ok(TensorProto {
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: Some(ty),
        name: Some(name.into()),
        raw_data: Some(raw),
        ..Default::default()
    })
}

/// Scale and zero-point initializers of `q` for values of `dtype`, named after `name`.
fn params(w: &mut Writer, name: &str, q: &Quant, dtype: DType) -> Result<(String, String)> {
    let (s, z) = (format!("{name}.scale"), format!("{name}.zero_point"));
    let n = q.scale.len();
    let dims: Vec<usize> = if q.axis.is_some() { vec![n] } else { vec![] };
    w.inits.push(f32_tensor(&s, &dims, &q.scale));
    w.inits.push(int_tensor(&z, &dims, dtype, &vec![q.zero_point; n])?);
    Ok((s, z))
}

fn axis_attr(q: &Quant) -> Vec<AttributeProto> {
    q.axis.map(|a| vec![crate::export::attr_int("axis", a as i64)]).unwrap_or_default()
}

/// `x` (float) -> QuantizeLinear -> DequantizeLinear, the result named `out`.
fn qdq(w: &mut Writer, x: &str, out: &str, q: &Quant, dtype: DType) -> Result<()> {
    let (s, z) = params(w, out, q, dtype)?;
    let qn = format!("{out}.q");
    w.node("QuantizeLinear", &qn, &[x, &s, &z], &qn, axis_attr(q));
    w.node("DequantizeLinear", out, &[&qn, &s, &z], out, axis_attr(q));
    Ok(())
}

fn quant_of(graph: &Graph, id: NodeId) -> Result<(&Quant, DType)> {
    let n = graph.node(id);
    n.quant
        .as_ref()
        .map(|q| (q, n.dtype))
        .ok_or_else(|| OnnxError::Export(format!("\"{}\" has no quantisation parameters", n.name)))
}

/// The QDQ model of an integer graph (its input integer, every op value quantised).
pub(crate) fn to_proto_qdq(graph: &Graph, opts: &ExportOptions) -> Result<ModelProto> {
    hynas_ir::verify(graph)?;
    if opts.dynamic_batch {
        return Err(OnnxError::Export("a symbolic batch is not written for int8 models".into()));
    }
    let names = unique_names(graph);
    let mut w = Writer { nodes: Vec::new(), inits: Vec::new() };
    // What consumers read for each IR value: the dequantised tensor.
    let mut val: HashMap<NodeId, String> = HashMap::new();
    let mut inputs = Vec::new();
    for id in graph.topo_order()? {
        let n = graph.node(id);
        let name = names[&id].clone();
        match &n.kind {
            NodeKind::Input => {
                let (q, dt) = quant_of(graph, id)?;
                inputs.push(value_info(&name, n.shape.dims(), false));
                let out = format!("{name}.dq");
                qdq(&mut w, &name, &out, q, dt)?;
                val.insert(id, out);
            }
            NodeKind::Const { data, .. } => {
                w.inits.push(f32_tensor(&name, data.dims(), &data.data));
                val.insert(id, name);
            }
            NodeKind::IntConst { data, .. } => {
                let (q, dt) = quant_of(graph, id)?;
                w.inits.push(int_tensor(&name, n.shape.dims(), dt, &data.data)?);
                let (s, z) = params(&mut w, &name, q, dt)?;
                let out = format!("{name}.dq");
                w.node("DequantizeLinear", &out, &[&name, &s, &z], &out, axis_attr(q));
                val.insert(id, out);
            }
            NodeKind::Op(op) => {
                let ops = graph.operands(id);
                let ins: Vec<String> = ops
                    .iter()
                    .map(|o| {
                        val.get(o).cloned().ok_or_else(|| OnnxError::Export(format!("operand of \"{name}\" unwritten")))
                    })
                    .collect::<Result<_>>()?;
                let in0 = graph.node(ops[0]).shape.dims().to_vec();
                let (q, dt) = quant_of(graph, id)?;
                let f = float_op(&mut w, op, &name, &ins, &in0)?;
                qdq(&mut w, &f, &name, q, dt)?;
                val.insert(id, name);
            }
        }
    }
    let outputs = graph.outputs().iter().map(|o| value_info(&val[o], graph.node(*o).shape.dims(), false)).collect();
    let g = GraphProto {
        node: w.nodes,
        name: Some(if opts.name.is_empty() { "hynas".into() } else { opts.name.clone() }),
        initializer: w.inits,
        input: inputs,
        output: outputs,
        ..Default::default()
    };
    Ok(crate::export::model(g))
}

/// Writes the float computation of an integer op; returns the name of its (unquantised) result.
fn float_op(w: &mut Writer, op: &Op, name: &str, ins: &[String], in0: &[usize]) -> Result<String> {
    let refs: Vec<&str> = ins.iter().map(String::as_str).collect();
    let out = format!("{name}.float");
    match op {
        Op::Fused(f) => {
            f.int_form().map_err(|m| OnnxError::Export(format!("\"{name}\": {m}")))?;
            let k = f.anchor.num_operands();
            let anchor = format!("{name}.anchor");
            write_op(w, &f.anchor.op(), &anchor, &refs[..k], in0, None)?;
            // The chain step by step (checked above: `[relu]` or `requant [relu] add [relu]`).
            let mut cur = anchor;
            let mut extras = refs[k..].iter();
            for (i, step) in f.epilogue.iter().enumerate() {
                let at = format!("{name}.step{i}");
                match step {
                    Epilogue::Relu => w.node("Relu", &at, &[&cur], &at, vec![]),
                    Epilogue::Requant(q) => qdq(w, &cur, &at, q, DType::I8)?,
                    Epilogue::Add => {
                        let other = extras
                            .next()
                            .ok_or_else(|| OnnxError::Export(format!("\"{name}\": add without operand")))?;
                        w.node("Add", &at, &[&cur, other], &at, vec![]);
                    }
                    Epilogue::Mul(_) | Epilogue::Clip(_) => {
                        return Err(OnnxError::Export(format!(
                            "\"{name}\": an integer kernel with a mul or clip epilogue"
                        )))
                    }
                }
                cur = at;
            }
            Ok(cur)
        }
        Op::Attention => {
            let r = in0.len();
            let mut perm: Vec<i64> = (0..r as i64).collect();
            perm.swap(r - 2, r - 1);
            let (qt, s, a) = (format!("{name}.q_t"), format!("{name}.scores"), format!("{name}.weights"));
            w.node("Transpose", &qt, &refs[..1], &qt, vec![crate::export::attr_ints("perm", &perm)]);
            w.node("MatMul", &s, &[&qt, refs[1]], &s, vec![]);
            w.node("Softmax", &a, &[&s], &a, vec![crate::export::attr_int("axis", -1)]);
            w.node("MatMul", &out, &[refs[2], &a], &out, vec![]);
            Ok(out)
        }
        _ => {
            write_op(w, op, &out, &refs, in0, None)?;
            Ok(out)
        }
    }
}
