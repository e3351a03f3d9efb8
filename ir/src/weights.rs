//! Weights as safetensors: every constant, by name (little-endian). An integer constant is
//! stored in its own type (I8, I16, I32) next to `NAME.scale` (F32, one per channel or one) and
//! `NAME.zero_point` (I32[1]); its quantisation axis is part of the graph.

use crate::graph::{Graph, NodeKind};
use crate::{DType, IrError, Tensor};
use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;
use std::collections::BTreeMap;

/// All constants of the graph, by name.
pub fn constants(graph: &Graph) -> BTreeMap<String, Tensor> {
    graph
        .node_ids()
        .into_iter()
        .filter_map(|i| {
            let n = graph.node(i);
            n.const_data().map(|d| (n.name.clone(), d.clone()))
        })
        .collect()
}

/// Serialises every constant of the graph into safetensors bytes.
pub fn to_safetensors(graph: &Graph) -> Result<Vec<u8>, IrError> {
    let consts = constants(graph);
    let mut bytes: Vec<(String, Dtype, Vec<u8>, Vec<usize>)> = consts
        .into_iter()
        .map(|(k, t)| (k, Dtype::F32, t.data.iter().flat_map(|v| v.to_le_bytes()).collect(), t.shape.0))
        .collect();
    for id in graph.node_ids() {
        let n = graph.node(id);
        let (Some(t), Some(q)) = (n.int_data(), &n.quant) else { continue };
        let data: Vec<u8> = match t.dtype {
            DType::I8 => t.data.iter().map(|&v| v as i8 as u8).collect(),
            DType::I16 => t.data.iter().flat_map(|&v| (v as i16).to_le_bytes()).collect(),
            DType::I32 | DType::F32 => t.data.iter().flat_map(|&v| v.to_le_bytes()).collect(),
        };
        bytes.push((n.name.clone(), st_dtype(t.dtype), data, t.shape.0.clone()));
        let scale = q.scale.iter().flat_map(|v| v.to_le_bytes()).collect();
        bytes.push((format!("{}.scale", n.name), Dtype::F32, scale, vec![q.scale.len()]));
        bytes.push((format!("{}.zero_point", n.name), Dtype::I32, q.zero_point.to_le_bytes().to_vec(), vec![1]));
    }
    let views = bytes
        .iter()
        .map(|(k, d, b, s)| TensorView::new(*d, s.clone(), b).map(|v| (k.clone(), v)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IrError::Weights(e.to_string()))?;
    safetensors::serialize(views, &None).map_err(|e| IrError::Weights(e.to_string()))
}

/// Loads constants from safetensors bytes into the graph; every constant of the graph must be
/// present with the same shape (extra tensors are an error too, so a mismatched file is caught).
pub fn load_safetensors(graph: &mut Graph, bytes: &[u8]) -> Result<(), IrError> {
    let st = SafeTensors::deserialize(bytes).map_err(|e| IrError::Weights(e.to_string()))?;
    let mut used = 0usize;
    for id in graph.node_ids() {
        let Some(node) = graph.node_mut(id) else { continue };
        if let NodeKind::IntConst { .. } = node.kind {
            load_int(node, &st)?;
            used += 3;
            continue;
        }
        let NodeKind::Const { data, .. } = &mut node.kind else { continue };
        let view = st.tensor(&node.name).map_err(|_| IrError::Weights(format!("tensor \"{}\" missing", node.name)))?;
        if view.dtype() != Dtype::F32 || view.shape() != data.shape.dims() {
            return Err(IrError::Weights(format!(
                "tensor \"{}\" is {:?}{:?}, expected F32{:?}",
                node.name,
                view.dtype(),
                view.shape(),
                data.shape.dims()
            )));
        }
        let values: Vec<f32> =
            view.data().chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        // A NaN or infinity would compile, run and "agree" with the interpreter: refuse it here.
        if let Some(k) = values.iter().position(|v| !v.is_finite()) {
            return Err(IrError::Weights(format!(
                "tensor \"{}\" holds a non-finite value ({}) at element {k}",
                node.name, values[k]
            )));
        }
        data.data = values;
        used += 1;
    }
    if used != st.len() {
        return Err(IrError::Weights(format!("file has {} tensors, the graph uses {used}", st.len())));
    }
    Ok(())
}

fn st_dtype(d: DType) -> Dtype {
    match d {
        DType::F32 => Dtype::F32,
        DType::I8 => Dtype::I8,
        DType::I16 => Dtype::I16,
        DType::I32 => Dtype::I32,
    }
}

/// Loads an integer constant, its scales and zero point (shape, type and ranges checked).
fn load_int(node: &mut crate::Node, st: &SafeTensors) -> Result<(), IrError> {
    let name = node.name.clone();
    let get = |k: &str, d: Dtype, shape: &[usize]| {
        let v = st.tensor(k).map_err(|_| IrError::Weights(format!("tensor \"{k}\" missing")))?;
        if v.dtype() != d || v.shape() != shape {
            return Err(IrError::Weights(format!(
                "tensor \"{k}\" is {:?}{:?}, expected {d:?}{shape:?}",
                v.dtype(),
                v.shape()
            )));
        }
        Ok(v)
    };
    let dtype = node.dtype;
    let values: Vec<i32> = {
        let v = get(&name, st_dtype(dtype), node.shape.dims())?;
        match dtype {
            DType::I8 => v.data().iter().map(|&b| b as i8 as i32).collect(),
            DType::I16 => v.data().chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as i32).collect(),
            DType::I32 | DType::F32 => {
                v.data().chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
            }
        }
    };
    let Some(quant) = node.quant.as_mut() else {
        return Err(IrError::Weights(format!("integer constant \"{name}\" has no quantisation parameters")));
    };
    let scale: Vec<f32> = get(&format!("{name}.scale"), Dtype::F32, &[quant.scale.len()])?
        .data()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let zp = get(&format!("{name}.zero_point"), Dtype::I32, &[1])?.data();
    let zero_point = i32::from_le_bytes([zp[0], zp[1], zp[2], zp[3]]);
    let mut q = quant.clone();
    q.scale = scale;
    q.zero_point = zero_point;
    q.check(dtype, &node.shape).map_err(|m| IrError::Weights(format!("tensor \"{name}\": {m}")))?;
    *quant = q;
    let NodeKind::IntConst { data, .. } = &mut node.kind else { return Ok(()) };
    data.data = values;
    Ok(())
}
