//! Elementwise ops: ReLU, Add (same shapes), multiplication by a scalar constant.

use crate::{IrError, Shape, Tensor};

pub fn same_shape(ins: &[&Shape]) -> Result<Shape, String> {
    if ins.iter().any(|s| *s != ins[0]) {
        let list: Vec<String> = ins.iter().map(|s| s.to_string()).collect();
        return Err(format!("operands must have the same shape, got {}", list.join(", ")));
    }
    Ok(ins[0].clone())
}

pub fn relu(x: &Tensor) -> Tensor {
    Tensor { shape: x.shape.clone(), data: x.data.iter().map(|v| v.max(0.0)).collect() }
}

pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor, IrError> {
    Ok(Tensor { shape: a.shape.clone(), data: a.data.iter().zip(&b.data).map(|(x, y)| x + y).collect() })
}

pub fn mul_scalar(x: &Tensor, s: f32) -> Tensor {
    Tensor { shape: x.shape.clone(), data: x.data.iter().map(|v| v * s).collect() }
}
