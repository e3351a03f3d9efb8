//! Pooling: max, average (PyTorch `count_include_pad=True`, `ceil_mode=False`), the combined
//! 0.5*max + 0.5*avg of HANNAH's `MaxAvgPooling`, and global average pooling.
//!
//! Max pooling ignores padding (padded cells act as -inf); average pooling divides by the
//! window clipped to the padded input, as PyTorch does, so padded zeros count.

use super::conv::{dims4, out_dim};
use crate::{IrError, Shape, Tensor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    Max,
    Avg,
    MaxAvg,
}

impl PoolKind {
    pub fn name(self) -> &'static str {
        match self {
            PoolKind::Max => "max_pool2d",
            PoolKind::Avg => "avg_pool2d",
            PoolKind::MaxAvg => "max_avg_pool2d",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pool2dAttrs {
    pub kind: PoolKind,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
}

impl Pool2dAttrs {
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let x = ins[0].dims();
        if x.len() != 4 {
            return Err(format!("{} needs a 4-d input, got {}", self.kind.name(), ins[0]));
        }
        if 2 * self.padding > self.kernel {
            return Err(format!("padding {} exceeds half the kernel {}", self.padding, self.kernel));
        }
        match (
            out_dim(x[2], self.kernel, self.stride, self.padding),
            out_dim(x[3], self.kernel, self.stride, self.padding),
        ) {
            (Some(oh), Some(ow)) => Ok(Shape::new(&[x[0], x[1], oh, ow])),
            _ => Err(format!("kernel {} larger than padded input {}", self.kernel, ins[0])),
        }
    }

    pub fn eval(&self, x: &Tensor, out_shape: &Shape) -> Result<Tensor, IrError> {
        let [n, c, h, w] = dims4(x.dims());
        let [_, _, oh, ow] = dims4(out_shape.dims());
        let (k, s, p) = (self.kernel as isize, self.stride as isize, self.padding as isize);
        let mut out = Tensor::zeros(out_shape.dims());
        for plane in 0..n * c {
            let src = &x.data[plane * h * w..(plane + 1) * h * w];
            for oy in 0..oh {
                for ox in 0..ow {
                    let y0 = oy as isize * s - p;
                    let x0 = ox as isize * s - p;
                    // PyTorch's divisor: window clipped to the padded input.
                    let y1p = (y0 + k).min(h as isize + p);
                    let x1p = (x0 + k).min(w as isize + p);
                    let divisor = ((y1p - y0) * (x1p - x0)) as f32;
                    let mut mx = f32::NEG_INFINITY;
                    let mut sum = 0.0f32;
                    for iy in y0.max(0)..(y0 + k).min(h as isize) {
                        for ix in x0.max(0)..(x0 + k).min(w as isize) {
                            let v = src[iy as usize * w + ix as usize];
                            mx = mx.max(v);
                            sum += v;
                        }
                    }
                    let avg = sum / divisor;
                    out.data[(plane * oh + oy) * ow + ox] = match self.kind {
                        PoolKind::Max => mx,
                        PoolKind::Avg => avg,
                        PoolKind::MaxAvg => 0.5 * mx + 0.5 * avg,
                    };
                }
            }
        }
        Ok(out)
    }

    pub fn attrs_text(&self) -> String {
        format!("k={},s={},p={}", self.kernel, self.stride, self.padding)
    }
}

pub fn global_avg_pool_shape(ins: &[&Shape]) -> Result<Shape, String> {
    let x = ins[0].dims();
    if x.len() != 4 {
        return Err(format!("global_avg_pool needs a 4-d input, got {}", ins[0]));
    }
    Ok(Shape::new(&[x[0], x[1], 1, 1]))
}

pub fn global_avg_pool(x: &Tensor) -> Tensor {
    let [n, c, h, w] = dims4(x.dims());
    let hw = h * w;
    let data = (0..n * c).map(|pl| x.data[pl * hw..(pl + 1) * hw].iter().sum::<f32>() / hw as f32).collect();
    Tensor { shape: Shape::new(&[n, c, 1, 1]), data }
}
