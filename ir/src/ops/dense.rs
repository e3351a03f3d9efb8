//! Dense ops: Linear (x [N, in] times weight [out, in] transposed, plus optional bias) and batched
//! MatMul ([..., M, K] x [..., K, N] with equal leading dimensions).

use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::{IntTensor, IrError, Shape, Tensor};

#[derive(Clone, Debug, PartialEq)]
pub struct LinearAttrs {
    pub has_bias: bool,
}

impl LinearAttrs {
    pub fn num_operands(&self) -> usize {
        if self.has_bias {
            3
        } else {
            2
        }
    }

    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let (x, w) = (ins[0].dims(), ins[1].dims());
        if x.len() != 2 || w.len() != 2 || x[1] != w[1] {
            return Err(format!("linear needs x [N, in] and weight [out, in], got {} and {}", ins[0], ins[1]));
        }
        if self.has_bias && ins[2].dims() != [w[0]] {
            return Err(format!("linear bias {} must be [{}]", ins[2], w[0]));
        }
        Ok(Shape::new(&[x[0], w[0]]))
    }

    pub fn macs(&self, weight: &Shape, out: &Shape) -> u64 {
        (out.dims()[0] * weight.numel()) as u64
    }

    pub fn eval(&self, ins: &[&Tensor]) -> Result<Tensor, IrError> {
        let (x, w) = (ins[0], ins[1]);
        let (n, k) = (x.dims()[0], x.dims()[1]);
        let o = w.dims()[0];
        let mut out = Tensor::zeros(&[n, o]);
        for b in 0..n {
            for j in 0..o {
                let mut acc = if self.has_bias { ins[2].data[j] } else { 0.0 };
                for i in 0..k {
                    acc += x.data[b * k + i] * w.data[j * k + i];
                }
                out.data[b * o + j] = acc;
            }
        }
        Ok(out)
    }
}

impl LinearAttrs {
    /// The integer form: `acc = bias + sum (x - x_zero_point) * w`, rescaled per output feature.
    pub fn eval_int(&self, ins: &[QValue], out: &QOut) -> IntTensor {
        let (x, w, zx) = (&ins[0].t.data, &ins[1].t.data, ins[0].q.zero_point);
        let (n, k) = (ins[0].t.dims()[0], ins[0].t.dims()[1]);
        let o = ins[1].t.dims()[0];
        let mut y = out.zeros();
        for j in 0..o {
            let rq = Requant::new(ins[0].q.scale_at(0) as f64 * ins[1].q.scale_at(j) as f64 / out.scale());
            for b in 0..n {
                let mut acc = ins.get(2).map_or(0, |bias| bias.t.data[j]);
                for i in 0..k {
                    acc = acc.wrapping_add((x[b * k + i] - zx) * w[j * k + i]);
                }
                y.data[b * o + j] = rq.output(acc, out.q.zero_point, out.range());
            }
        }
        y
    }
}

pub fn matmul_shape(ins: &[&Shape]) -> Result<Shape, String> {
    let (a, b) = (ins[0].dims(), ins[1].dims());
    let r = a.len();
    if r < 2 || b.len() != r || a[..r - 2] != b[..r - 2] || a[r - 1] != b[r - 2] {
        return Err(format!("matmul needs [..., M, K] x [..., K, N], got {} and {}", ins[0], ins[1]));
    }
    let mut out = a.to_vec();
    out[r - 1] = b[r - 1];
    Ok(Shape(out))
}

pub fn matmul_macs(a: &Shape, out: &Shape) -> u64 {
    (out.numel() * a.dims()[a.rank() - 1]) as u64
}

pub fn matmul(a: &Tensor, b: &Tensor, out_shape: &Shape) -> Result<Tensor, IrError> {
    let r = a.shape.rank();
    let (m, k) = (a.dims()[r - 2], a.dims()[r - 1]);
    let n = b.dims()[r - 1];
    let batch: usize = a.dims()[..r - 2].iter().product();
    let mut out = Tensor::zeros(out_shape.dims());
    for bt in 0..batch {
        let (ao, bo, oo) = (bt * m * k, bt * k * n, bt * m * n);
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0.0f32;
                for l in 0..k {
                    acc += a.data[ao + i * k + l] * b.data[bo + l * n + j];
                }
                out.data[oo + i * n + j] = acc;
            }
        }
    }
    Ok(out)
}

/// The integer matmul: `acc = sum (a - a_zero_point) (b - b_zero_point)`, rescaled by a scale x
/// b scale / output scale.
pub fn matmul_int(a: QValue, b: QValue, out: &QOut) -> IntTensor {
    let r = a.t.shape.rank();
    let (m, k) = (a.t.dims()[r - 2], a.t.dims()[r - 1]);
    let n = b.t.dims()[r - 1];
    let batch: usize = a.t.dims()[..r - 2].iter().product();
    let (za, zb) = (a.q.zero_point, b.q.zero_point);
    let rq = Requant::new(a.q.scale_at(0) as f64 * b.q.scale_at(0) as f64 / out.scale());
    let mut y = out.zeros();
    for bt in 0..batch {
        let (ao, bo, oo) = (bt * m * k, bt * k * n, bt * m * n);
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0i32;
                for l in 0..k {
                    acc = acc.wrapping_add((a.t.data[ao + i * k + l] - za) * (b.t.data[bo + l * n + j] - zb));
                }
                y.data[oo + i * n + j] = rq.output(acc, out.q.zero_point, out.range());
            }
        }
    }
    y
}
