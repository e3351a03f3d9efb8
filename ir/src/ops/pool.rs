//! Pooling: max, average (PyTorch `count_include_pad=True`, `ceil_mode=False`), the combined
//! 0.5*max + 0.5*avg of HANNAH's `MaxAvgPooling`, and global average pooling.
//!
//! Max pooling ignores padding (padded cells act as -inf); average pooling divides by the
//! window clipped to the padded input, as PyTorch does, so padded zeros count.

use super::conv::{dims4, out_dim};
use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::{IntTensor, IrError, Shape, Tensor};

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
        let mut out = Tensor::zeros(out_shape.dims());
        for win in self.windows(x.dims(), out_shape.dims()) {
            let mut mx = f32::NEG_INFINITY;
            let mut sum = 0.0f32;
            for v in win.values(&x.data) {
                mx = mx.max(v);
                sum += v;
            }
            let avg = sum / win.divisor as f32;
            out.data[win.out] = match self.kind {
                PoolKind::Max => mx,
                PoolKind::Avg => avg,
                PoolKind::MaxAvg => 0.5 * mx + 0.5 * avg,
            };
        }
        Ok(out)
    }

    /// The integer form. Max keeps the input's parameters; average (same parameters) divides the
    /// window's sum of `x - zero_point` by PyTorch's divisor, rounding half away from zero
    /// (TFLite's); max+avg is `((max - zp) * divisor + sum) / (2 divisor)` rescaled to the output.
    pub fn eval_int(&self, x: QValue, out: &QOut) -> IntTensor {
        let z = x.q.zero_point;
        let mut y = out.zeros();
        let mut rq: Vec<Option<Requant>> = Vec::new();
        for win in self.windows(x.t.dims(), out.shape.dims()) {
            let (mut mx, mut sum) = (i32::MIN, 0i32);
            for v in win.values(&x.t.data) {
                mx = mx.max(v);
                sum += v - z;
            }
            y.data[win.out] = match self.kind {
                PoolKind::Max => mx.clamp(out.range().0, out.range().1),
                PoolKind::Avg => (z + div_round(sum, win.divisor as i32)).clamp(out.range().0, out.range().1),
                PoolKind::MaxAvg => {
                    // One rescaling factor per divisor (windows clipped at the border differ).
                    if rq.len() <= win.divisor {
                        rq.resize(win.divisor + 1, None);
                    }
                    let r = *rq[win.divisor].get_or_insert_with(|| {
                        Requant::new(x.q.scale_at(0) as f64 / (2.0 * win.divisor as f64 * out.scale()))
                    });
                    r.output((mx - z) * win.divisor as i32 + sum, out.q.zero_point, out.range())
                }
            };
        }
        y
    }

    /// Every output element's window: the part inside the input and PyTorch's divisor (the
    /// window clipped to the padded input).
    fn windows(&self, x: &[usize], out: &[usize]) -> impl Iterator<Item = Window> {
        let [n, c, h, w] = dims4(x);
        let [_, _, oh, ow] = dims4(out);
        let (k, s, p) = (self.kernel as isize, self.stride as isize, self.padding as isize);
        (0..n * c).flat_map(move |plane| {
            (0..oh * ow).map(move |o| {
                let (oy, ox) = (o / ow, o % ow);
                let y0 = oy as isize * s - p;
                let x0 = ox as isize * s - p;
                let y1p = (y0 + k).min(h as isize + p);
                let x1p = (x0 + k).min(w as isize + p);
                Window {
                    out: plane * oh * ow + o,
                    src: plane * h * w,
                    width: w,
                    ys: y0.max(0) as usize..(y0 + k).min(h as isize) as usize,
                    xs: x0.max(0) as usize..(x0 + k).min(w as isize) as usize,
                    divisor: ((y1p - y0) * (x1p - x0)) as usize,
                }
            })
        })
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

/// One pooling window: output index, the input rows and columns it covers (inside the input) of
/// the plane starting at `src`, and its divisor.
struct Window {
    out: usize,
    src: usize,
    width: usize,
    ys: std::ops::Range<usize>,
    xs: std::ops::Range<usize>,
    divisor: usize,
}

impl Window {
    fn values<'a, T: Copy>(&'a self, data: &'a [T]) -> impl Iterator<Item = T> + 'a {
        self.ys.clone().flat_map(move |y| self.xs.clone().map(move |x| data[self.src + y * self.width + x]))
    }
}

/// `round(a / d)` for d > 0, halves away from zero (TFLite's average pooling).
pub fn div_round(a: i32, d: i32) -> i32 {
    if a >= 0 {
        (a + d / 2) / d
    } else {
        (a - d / 2) / d
    }
}

/// The integer global average: `sum (x - zero_point)` over the plane, rescaled by input scale /
/// (pixels x output scale).
pub fn global_avg_pool_int(x: QValue, out: &QOut) -> IntTensor {
    let [n, c, h, w] = dims4(x.t.dims());
    let hw = h * w;
    let rq = Requant::new(x.q.scale_at(0) as f64 / (hw as f64 * out.scale()));
    let z = x.q.zero_point;
    let data = (0..n * c)
        .map(|pl| {
            let sum: i32 = x.t.data[pl * hw..(pl + 1) * hw].iter().map(|v| v - z).sum();
            rq.output(sum, out.q.zero_point, out.range())
        })
        .collect();
    IntTensor { shape: out.shape.clone(), dtype: out.dtype, data }
}
