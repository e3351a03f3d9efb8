//! Layout ops: Reshape (same element count, a view of the data) and Transpose (axis permutation).

use crate::{Shape, Tensor};

#[derive(Clone, Debug, PartialEq)]
pub struct ReshapeAttrs {
    pub shape: Vec<usize>,
}

impl ReshapeAttrs {
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let s = Shape(self.shape.clone());
        if s.numel() != ins[0].numel() {
            return Err(format!("cannot reshape {} to {}", ins[0], s));
        }
        Ok(s)
    }
    pub fn attrs_text(&self) -> String {
        format!("shape={:?}", self.shape).replace(' ', "")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TransposeAttrs {
    /// Output axis i is input axis `perm[i]`.
    pub perm: Vec<usize>,
}

impl TransposeAttrs {
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let d = ins[0].dims();
        let mut seen = vec![false; d.len()];
        if self.perm.len() != d.len()
            || self.perm.iter().any(|&p| p >= d.len() || std::mem::replace(&mut seen[p], true))
        {
            return Err(format!("perm {:?} is not a permutation of the axes of {}", self.perm, ins[0]));
        }
        Ok(Shape(self.perm.iter().map(|&p| d[p]).collect()))
    }

    pub fn eval(&self, x: &Tensor, out_shape: &Shape) -> Tensor {
        let mut out = Tensor::zeros(out_shape.dims());
        self.permute(&x.data, x.dims(), &mut out.data, out_shape.dims());
        out
    }

    /// Writes `x` (of dims `d`) permuted into `out` (of dims `od`); any element type.
    pub fn permute<T: Copy>(&self, x: &[T], d: &[usize], out: &mut [T], od: &[usize]) {
        let r = d.len();
        let mut in_strides = vec![1usize; r];
        for i in (0..r.saturating_sub(1)).rev() {
            in_strides[i] = in_strides[i + 1] * d[i + 1];
        }
        let mut idx = vec![0usize; r];
        for o in out.iter_mut() {
            let src: usize = (0..r).map(|i| idx[i] * in_strides[self.perm[i]]).sum();
            *o = x[src];
            for i in (0..r).rev() {
                idx[i] += 1;
                if idx[i] < od[i] {
                    break;
                }
                idx[i] = 0;
            }
        }
    }

    pub fn attrs_text(&self) -> String {
        format!("perm={:?}", self.perm).replace(' ', "")
    }
}
