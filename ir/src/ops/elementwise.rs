//! Elementwise ops: ReLU, Clip (ReLU6 and other bounded activations), Add (same shapes),
//! multiplication by a scalar constant.

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

/// `min(max(x, min), max)`; either bound may be infinite. ReLU6 is `Clip { min: 0, max: 6 }`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipAttrs {
    pub min: f32,
    pub max: f32,
}

impl ClipAttrs {
    pub fn eval(&self, x: &Tensor) -> Tensor {
        Tensor { shape: x.shape.clone(), data: x.data.iter().map(|&v| self.apply(v)).collect() }
    }
    /// One value (NaN stays NaN, as in the kernels' max/min).
    pub fn apply(&self, v: f32) -> f32 {
        v.max(self.min).min(self.max)
    }
    /// The bounds in the integer domain of `out` (the input's parameters): rounding is monotonic,
    /// so clamping the quantised value equals quantising the clamped one.
    pub fn int_range(&self, out: &QOut) -> (i32, i32) {
        let (lo, hi) = out.range();
        let q =
            |v: f32| ((v as f64 / out.scale()).round() + out.q.zero_point as f64).clamp(lo as f64, hi as f64) as i32;
        (if self.min.is_finite() { q(self.min) } else { lo }, if self.max.is_finite() { q(self.max) } else { hi })
    }
    pub fn eval_int(&self, x: QValue, out: &QOut) -> IntTensor {
        let (lo, hi) = self.int_range(out);
        IntTensor {
            shape: out.shape.clone(),
            dtype: out.dtype,
            data: x.t.data.iter().map(|v| (*v).clamp(lo, hi)).collect(),
        }
    }
    pub fn attrs_text(&self) -> String {
        format!("min={:e},max={:e}", self.min, self.max)
    }
    /// Bounds a kernel can use: ordered and not NaN.
    pub fn check(&self) -> Result<(), String> {
        if self.min.is_nan() || self.max.is_nan() || self.min > self.max {
            return Err(format!("clip bounds [{}, {}] are not an interval", self.min, self.max));
        }
        Ok(())
    }
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
