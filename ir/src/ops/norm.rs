//! BatchNorm (inference form): y = gamma * (x - mean) / sqrt(var + eps) + beta, per channel.
//! Operands: x, gamma, beta, running_mean, running_var.

use super::conv::dims4;
use crate::{IrError, Shape, Tensor};

#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormAttrs {
    pub eps: f32,
}

impl BatchNormAttrs {
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let x = ins[0].dims();
        if x.len() != 4 {
            return Err(format!("batch_norm needs a 4-d input, got {}", ins[0]));
        }
        for (i, p) in ins[1..].iter().enumerate() {
            if p.dims() != [x[1]] {
                return Err(format!("batch_norm parameter {} is {}, expected [{}]", i + 1, p, x[1]));
            }
        }
        Ok(ins[0].clone())
    }

    /// Per-channel (scale, shift) so that y = scale * x + shift.
    pub fn scale_shift(&self, gamma: &[f32], beta: &[f32], mean: &[f32], var: &[f32]) -> (Vec<f32>, Vec<f32>) {
        let scale: Vec<f32> = gamma.iter().zip(var).map(|(g, v)| g / (v + self.eps).sqrt()).collect();
        let shift = beta.iter().zip(mean).zip(&scale).map(|((b, m), s)| b - m * s).collect();
        (scale, shift)
    }

    pub fn eval(&self, ins: &[&Tensor]) -> Result<Tensor, IrError> {
        let x = ins[0];
        let [n, c, h, w] = dims4(x.dims());
        let mut out = x.clone();
        for b in 0..n {
            for ch in 0..c {
                let inv = 1.0 / (ins[4].data[ch] + self.eps).sqrt();
                let (g, be, m) = (ins[1].data[ch], ins[2].data[ch], ins[3].data[ch]);
                for v in &mut out.data[(b * c + ch) * h * w..(b * c + ch + 1) * h * w] {
                    *v = (*v - m) * inv * g + be;
                }
            }
        }
        Ok(out)
    }

    pub fn attrs_text(&self) -> String {
        format!("eps={:e}", self.eps)
    }
}
