//! Conv2d: NCHW input, OIHW weight, optional bias; PyTorch semantics (zero padding, groups).

use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::{IntTensor, IrError, Shape, Tensor};

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
    let padded = padding.checked_mul(2).and_then(|p| p.checked_add(input))?;
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
        let (x, w) = (&ins[0].data, &ins[1].data);
        let bias = if self.has_bias { Some(&ins[2].data) } else { None };
        let mut out = Tensor::zeros(out_shape.dims());
        self.loops(
            dims4(ins[0].dims()),
            out_shape.dims(),
            |oc| bias.map_or(0.0, |b| b[oc]),
            |acc, xi, wi| acc + x[xi] * w[wi],
            |oi, _, acc| out.data[oi] = acc,
        );
        Ok(out)
    }

    /// The integer form: `acc = bias + sum (x - x_zero_point) * w` per output element (a tap on
    /// padding adds nothing: padding is the real 0), rescaled by input scale x weight scale /
    /// output scale of its channel.
    pub fn eval_int(&self, ins: &[QValue], out: &QOut) -> Result<IntTensor, IrError> {
        let (x, w, zx) = (&ins[0].t.data, &ins[1].t.data, ins[0].q.zero_point);
        let bias = ins.get(2).map(|b| &b.t.data);
        let rq: Vec<Requant> = (0..out.shape.dims()[1])
            .map(|oc| Requant::new(ins[0].q.scale_at(0) as f64 * ins[1].q.scale_at(oc) as f64 / out.scale()))
            .collect();
        let mut y = out.zeros();
        self.loops(
            dims4(ins[0].t.dims()),
            out.shape.dims(),
            |oc| bias.map_or(0, |b| b[oc]),
            |acc: i32, xi, wi| acc.wrapping_add((x[xi] - zx) * w[wi]),
            |oi, oc, acc| y.data[oi] = rq[oc].output(acc, out.q.zero_point, out.range()),
        );
        Ok(y)
    }

    /// The loop nest of both forms: for every output element (channel `oc`), `init(oc)`, then
    /// `mac(acc, x index, w index)` over the taps inside the input in a fixed order, then
    /// `store(out index, oc, acc)`.
    fn loops<A: Copy>(
        &self,
        [n, c, h, wd]: [usize; 4],
        out: &[usize],
        init: impl Fn(usize) -> A,
        mac: impl Fn(A, usize, usize) -> A,
        mut store: impl FnMut(usize, usize, A),
    ) {
        let [_, o, oh, ow] = dims4(out);
        let k = self.kernel;
        let cg = c / self.groups;
        let og = o / self.groups;
        for b in 0..n {
            for oc in 0..o {
                let g = oc / og;
                for oy in 0..oh {
                    for ox in 0..ow {
                        let mut acc = init(oc);
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
                                    let xi = ((b * c + ic) * h + iy as usize) * wd + ix as usize;
                                    acc = mac(acc, xi, ((oc * cg + icg) * k + ky) * k + kx);
                                }
                            }
                        }
                        store(((b * o + oc) * oh + oy) * ow + ox, oc, acc);
                    }
                }
            }
        }
    }

    pub fn attrs_text(&self) -> String {
        format!("k={},s={},p={},g={}", self.kernel, self.stride, self.padding, self.groups)
    }
}

/// Splits a rank-4 shape; callers have checked the rank during shape inference.
pub(crate) fn dims4(d: &[usize]) -> [usize; 4] {
    [d[0], d[1], d[2], d[3]]
}
