//! Conv2d: NCHW input, OIHW weight, optional bias; PyTorch semantics (zero padding, groups).

use crate::{IrError, Shape, Tensor};

#[derive(Clone, Debug, PartialEq)]
pub struct Conv2dAttrs {
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    pub groups: usize,
    pub has_bias: bool,
}

/// Output size of a window op along one spatial axis (PyTorch's floor rule).
/// `None` when the window does not fit even once.
pub fn out_dim(input: usize, kernel: usize, stride: usize, padding: usize) -> Option<usize> {
    let padded = input + 2 * padding;
    if stride == 0 || padded < kernel {
        return None;
    }
    Some((padded - kernel) / stride + 1)
}

impl Conv2dAttrs {
    pub fn num_operands(&self) -> usize {
        if self.has_bias {
            3
        } else {
            2
        }
    }

    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let x = ins[0].dims();
        let w = ins[1].dims();
        if x.len() != 4 || w.len() != 4 {
            return Err(format!("conv2d needs a 4-d input and weight, got {} and {}", ins[0], ins[1]));
        }
        let (n, c, h, wd) = (x[0], x[1], x[2], x[3]);
        let (o, ig, kh, kw) = (w[0], w[1], w[2], w[3]);
        if self.groups == 0 || c % self.groups != 0 || o % self.groups != 0 {
            return Err(format!("groups={} must divide in ({c}) and out ({o}) channels", self.groups));
        }
        if ig != c / self.groups || kh != self.kernel || kw != self.kernel {
            return Err(format!(
                "weight {} does not fit input {} with k={} g={}",
                ins[1], ins[0], self.kernel, self.groups
            ));
        }
        if self.has_bias && ins[2].dims() != [o] {
            return Err(format!("bias {} must be [{o}]", ins[2]));
        }
        let oh = out_dim(h, self.kernel, self.stride, self.padding);
        let ow = out_dim(wd, self.kernel, self.stride, self.padding);
        match (oh, ow) {
            (Some(oh), Some(ow)) => Ok(Shape::new(&[n, o, oh, ow])),
            _ => Err(format!("kernel {} larger than padded input {}", self.kernel, ins[0])),
        }
    }

    /// Multiply-accumulates: one per weight tap per output element.
    pub fn macs(&self, out: &Shape, weight: &Shape) -> u64 {
        let w = weight.dims();
        (out.numel() * w[1] * w[2] * w[3]) as u64
    }

    pub fn eval(&self, ins: &[&Tensor], out_shape: &Shape) -> Result<Tensor, IrError> {
        let x = ins[0];
        let w = ins[1];
        let bias = if self.has_bias { Some(&ins[2].data) } else { None };
        let [n, c, h, wd] = dims4(x.dims());
        let [_, o, oh, ow] = dims4(out_shape.dims());
        let k = self.kernel;
        let cg = c / self.groups;
        let og = o / self.groups;
        let mut out = Tensor::zeros(out_shape.dims());
        for b in 0..n {
            for oc in 0..o {
                let g = oc / og;
                let init = bias.map_or(0.0, |bv| bv[oc]);
                for oy in 0..oh {
                    for ox in 0..ow {
                        let mut acc = init;
                        for icg in 0..cg {
                            let ic = g * cg + icg;
                            for ky in 0..k {
                                let iy = (oy * self.stride + ky) as isize - self.padding as isize;
                                if iy < 0 || iy >= h as isize {
                                    continue;
                                }
                                for kx in 0..k {
                                    let ix = (ox * self.stride + kx) as isize - self.padding as isize;
                                    if ix < 0 || ix >= wd as isize {
                                        continue;
                                    }
                                    let xv = x.data[((b * c + ic) * h + iy as usize) * wd + ix as usize];
                                    let wv = w.data[((oc * cg + icg) * k + ky) * k + kx];
                                    acc += xv * wv;
                                }
                            }
                        }
                        out.data[((b * o + oc) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        Ok(out)
    }

    pub fn attrs_text(&self) -> String {
        format!("k={},s={},p={},g={}", self.kernel, self.stride, self.padding, self.groups)
    }
}

/// Splits a rank-4 shape; callers have checked the rank during shape inference.
pub(crate) fn dims4(d: &[usize]) -> [usize; 4] {
    [d[0], d[1], d[2], d[3]]
}
