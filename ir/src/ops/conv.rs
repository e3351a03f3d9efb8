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
            |acc, (xi, s), wi| {
                let wv = w[wi];
                if s == 1 {
                    let len = acc.len();
                    for (a, xv) in acc.iter_mut().zip(&x[xi..xi + len]) {
                        *a += xv * wv;
                    }
                } else {
                    for (a, xv) in acc.iter_mut().zip(x[xi..].iter().step_by(s)) {
                        *a += xv * wv;
                    }
                }
            },
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
            |acc: &mut [i32], (xi, s), wi| {
                let wv = w[wi];
                for (a, xv) in acc.iter_mut().zip(x[xi..].iter().step_by(s)) {
                    *a = a.wrapping_add((xv - zx) * wv);
                }
            },
            |oi, oc, acc| y.data[oi] = rq[oc].output(acc, out.q.zero_point, out.range()),
        );
        Ok(y)
    }

    /// The loop nest of both forms: for every output element (channel `oc`), `init(oc)`, then
    /// `acc += x * w` over the taps inside the input in a fixed order (input channel, kernel
    /// row, kernel column), then `store(out index, oc, acc)`. An output row's sums are kept side
    /// by side and each tap is applied across the row's pixels that see it, by
    /// `mac(sums, (index of the first pixel's input, stride), w index)` (every sum still gets its
    /// taps in that order, so f32 results are the same to the bit), reading the input row
    /// contiguously.
    fn loops<A: Copy>(
        &self,
        [n, c, h, wd]: [usize; 4],
        out: &[usize],
        init: impl Fn(usize) -> A,
        mac: impl Fn(&mut [A], (usize, usize), usize),
        mut store: impl FnMut(usize, usize, A),
    ) {
        let [_, o, oh, ow] = dims4(out);
        let (k, s, p) = (self.kernel, self.stride, self.padding);
        let cg = c / self.groups;
        let og = o / self.groups;
        // The output columns whose tap `kx` lies inside the input: ox * s + kx - p in [0, wd).
        let cols = |kx: usize| {
            let lo = p.saturating_sub(kx).div_ceil(s);
            let hi = if wd + p > kx { (wd + p - kx).div_ceil(s).min(ow) } else { 0 };
            lo..hi.max(lo)
        };
        // An output plane's sums ([oh][ow]); each tap (input channel, kernel row, kernel
        // column, in that order) is applied to every row and column that sees it.
        let mut acc: Vec<A> = Vec::with_capacity(oh * ow);
        for b in 0..n {
            for oc in 0..o {
                let g = oc / og;
                acc.clear();
                acc.resize(oh * ow, init(oc));
                for icg in 0..cg {
                    let plane = (b * c + g * cg + icg) * h;
                    for ky in 0..k {
                        for kx in 0..k {
                            let wi = ((oc * cg + icg) * k + ky) * k + kx;
                            let r = cols(kx);
                            if r.is_empty() {
                                continue;
                            }
                            for oy in 0..oh {
                                let iy = (oy * s + ky) as isize - p as isize;
                                if iy < 0 || iy >= h as isize {
                                    continue;
                                }
                                let xi = (plane + iy as usize) * wd + r.start * s + kx - p;
                                mac(&mut acc[oy * ow + r.start..oy * ow + r.end], (xi, s), wi);
                            }
                        }
                    }
                }
                for (i, &a) in acc.iter().enumerate() {
                    store((b * o + oc) * oh * ow + i, oc, a);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The convolution as a plain loop per output element (taps in input channel, kernel row,
    /// kernel column order), to check the row-wise interpreter against.
    fn naive(a: &Conv2dAttrs, x: &Tensor, w: &[f32], b: &[f32], out: &Shape) -> Vec<f32> {
        let [n, c, h, wd] = dims4(x.dims());
        let [_, o, oh, ow] = dims4(out.dims());
        let (k, s, p, cg, og) = (a.kernel, a.stride, a.padding, c / a.groups, o / a.groups);
        let mut y = vec![0.0; out.numel()];
        for bi in 0..n {
            for oc in 0..o {
                for oy in 0..oh {
                    for ox in 0..ow {
                        let mut acc = b[oc];
                        for icg in 0..cg {
                            for ky in 0..k {
                                for kx in 0..k {
                                    let (iy, ix) =
                                        ((oy * s + ky) as isize - p as isize, (ox * s + kx) as isize - p as isize);
                                    if iy < 0 || ix < 0 || iy >= h as isize || ix >= wd as isize {
                                        continue;
                                    }
                                    let xi = ((bi * c + oc / og * cg + icg) * h + iy as usize) * wd + ix as usize;
                                    acc += x.data[xi] * w[((oc * cg + icg) * k + ky) * k + kx];
                                }
                            }
                        }
                        y[((bi * o + oc) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        y
    }

    /// The interpreter's row-wise loops give the plain loop's sums to the bit, on seeded shapes
    /// of every kind (strides 1-3, padding up to the kernel, groups, depthwise, batches,
    /// windows wider than the input).
    #[test]
    fn row_wise_loops_equal_the_plain_loop_to_the_bit() {
        // A small LCG: the IR crate has no RNG dependency.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % m
        };
        for case in 0..200 {
            let groups = [1, 1, 2, 3][next(4)];
            let (cg, og) = (1 + next(4), 1 + next(4));
            let depthwise = case % 5 == 0;
            let (c, o) = if depthwise { (cg * 3, cg * 3) } else { (cg * groups, og * groups) };
            let groups = if depthwise { c } else { groups };
            let (k, s) = (1 + next(7), 1 + next(3));
            let p = next(k + 1);
            let (h, wd) = (1 + next(12), 1 + next(12));
            if h + 2 * p < k || wd + 2 * p < k {
                continue;
            }
            let a = Conv2dAttrs { kernel: k, stride: s, padding: p, groups, has_bias: true };
            let n = 1 + next(2);
            let mut val = || (next(2001) as f32 - 1000.0) / 333.0;
            let x = Tensor::from_vec(&[n, c, h, wd], (0..n * c * h * wd).map(|_| val()).collect()).unwrap();
            let w =
                Tensor::from_vec(&[o, c / groups, k, k], (0..o * c / groups * k * k).map(|_| val()).collect()).unwrap();
            let b = Tensor::from_vec(&[o], (0..o).map(|_| val()).collect()).unwrap();
            let shape = Shape(a.infer_shape(&[&x.shape, &w.shape, &b.shape]).unwrap().0);
            let got = a.eval(&[&x, &w, &b], &shape).unwrap();
            let want = naive(&a, &x, &w.data, &b.data, &shape);
            let same = got.data.iter().zip(&want).all(|(g, w)| g.to_bits() == w.to_bits());
            assert!(same, "case {case}: {a:?} on [{n}, {c}, {h}, {wd}] differs from the plain loop");
        }
    }
}
