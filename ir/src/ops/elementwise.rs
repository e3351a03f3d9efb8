//! Elementwise ops: ReLU, Add (same shapes), multiplication by a scalar constant.

use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::{IntTensor, IrError, Shape, Tensor};

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

/// The integer ReLU: the input's parameters kept, values below the zero point raised to it.
pub fn relu_int(x: QValue, out: &QOut) -> IntTensor {
    let (lo, hi) = QOut { relu: true, ..out.clone() }.range();
    IntTensor {
        shape: out.shape.clone(),
        dtype: out.dtype,
        data: x.t.data.iter().map(|v| (*v).clamp(lo, hi)).collect(),
    }
}

/// Left shift of TFLite's int8 add: both inputs are brought to twice the larger input scale with
/// 20 fractional bits before they are summed.
pub const ADD_LEFT_SHIFT: i32 = 20;

/// The rescaling factors of the integer add (TFLite's): inputs a and b, and the output.
pub fn add_requants(sa: f32, sb: f32, so: f32) -> [Requant; 3] {
    let twice_max = 2.0 * (sa as f64).max(sb as f64);
    [
        Requant::new(sa as f64 / twice_max),
        Requant::new(sb as f64 / twice_max),
        Requant::new(twice_max / ((1i64 << ADD_LEFT_SHIFT) as f64 * so as f64)),
    ]
}

/// The integer add (TFLite's `AddElementwise`).
pub fn add_int(a: QValue, b: QValue, out: &QOut) -> IntTensor {
    let [ra, rb, ro] = add_requants(a.q.scale_at(0), b.q.scale_at(0), out.q.scale_at(0));
    let (za, zb) = (a.q.zero_point, b.q.zero_point);
    let data =
        a.t.data
            .iter()
            .zip(&b.t.data)
            .map(|(&x, &y)| {
                let sa = ra.apply((x - za) << ADD_LEFT_SHIFT);
                let sb = rb.apply((y - zb) << ADD_LEFT_SHIFT);
                ro.output(sa.wrapping_add(sb), out.q.zero_point, out.range())
            })
            .collect();
    IntTensor { shape: out.shape.clone(), dtype: out.dtype, data }
}

/// The integer multiplication by a positive constant: a rescaling by input scale x v / output
/// scale.
pub fn mul_scalar_int(x: QValue, v: f32, out: &QOut) -> IntTensor {
    let rq = Requant::new(x.q.scale_at(0) as f64 * v as f64 / out.scale());
    let z = x.q.zero_point;
    let data = x.t.data.iter().map(|&q| rq.output(q - z, out.q.zero_point, out.range())).collect();
    IntTensor { shape: out.shape.clone(), dtype: out.dtype, data }
}
