//! Weights as safetensors: every constant, by name (f32, little-endian).

use crate::graph::{Graph, NodeKind};
use crate::{IrError, Tensor};
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
    let bytes: Vec<(String, Vec<u8>, Vec<usize>)> = consts
        .into_iter()
        .map(|(k, t)| (k, t.data.iter().flat_map(|v| v.to_le_bytes()).collect(), t.shape.0))
        .collect();
    let views = bytes
        .iter()
        .map(|(k, b, s)| TensorView::new(Dtype::F32, s.clone(), b).map(|v| (k.clone(), v)))
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
