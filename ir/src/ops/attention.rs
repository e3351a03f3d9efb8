//! Fused attention, exactly as HANNAH's conv_vit computes it: per head, with q, k, v of shape
//! [..., d, N] (d channels per head, N tokens), out = v @ softmax(q^T k), softmax over the last
//! axis. The fusion pass builds it from transpose + matmul + softmax + matmul so the [N, N]
//! scores never live in memory; this reference evaluation computes them plainly.

use crate::ops::softmax::softmax;
use crate::{IrError, Shape, Tensor};

pub fn infer_shape(ins: &[&Shape]) -> Result<Shape, String> {
    let q = ins[0];
    if q.rank() < 2 || ins[1] != q || ins[2] != q {
        return Err(format!("attention needs q, k, v of one shape [..., d, N], got {}, {}, {}", q, ins[1], ins[2]));
    }
    Ok(q.clone())
}

/// (batch x heads, d, N) of a [..., d, N] operand.
fn dims(q: &Shape) -> (usize, usize, usize) {
    let r = q.rank();
    let d = q.dims();
    (d[..r - 2].iter().product(), d[r - 2], d[r - 1])
}

/// q^T k and v @ scores: 2 d N^2 per head.
pub fn macs(q: &Shape) -> u64 {
    let (b, d, n) = dims(q);
    (2 * b * d * n * n) as u64
}

pub fn eval(ins: &[&Tensor], out_shape: &Shape) -> Result<Tensor, IrError> {
    let (q, k, v) = (ins[0], ins[1], ins[2]);
    let (batch, d, n) = dims(&q.shape);
    let mut out = Tensor::zeros(out_shape.dims());
    for b in 0..batch {
        let o = b * d * n;
        let mut scores = Tensor::zeros(&[n, n]);
        for i in 0..n {
            for j in 0..n {
                scores.data[i * n + j] = (0..d).map(|c| q.data[o + c * n + i] * k.data[o + c * n + j]).sum();
            }
        }
        let a = softmax(&scores);
        for c in 0..d {
            for j in 0..n {
                out.data[o + c * n + j] = (0..n).map(|i| v.data[o + c * n + i] * a.data[i * n + j]).sum();
            }
        }
    }
    Ok(out)
}
