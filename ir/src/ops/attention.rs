//! Fused attention, exactly as HANNAH's conv_vit computes it: per head, with q, k, v of shape
//! [..., d, N] (d channels per head, N tokens), out = v @ softmax(q^T k), softmax over the last
//! axis. The fusion pass builds it from transpose + matmul + softmax + matmul so the [N, N]
//! scores never live in memory; this reference evaluation computes them plainly.
//!
//! The integer form (q, k, v, result i8 per tensor) keeps the scores in i32 and needs no float
//! on the device: `acc = sum (q - zq)(k - zk)`; per row, `t = max - acc` is rescaled to table
//! steps of 1/64 (`q scale x k scale x 64`; beyond the 1024-entry table, 16 nats below the
//! maximum, the weight is 0); `e = round(exp(-step / 64) 2^14)` from a fixed table; the row's
//! weights `P = round(2^14 e / sum e)`; the result `sum_i (v - zv) P`, rescaled by
//! v scale / (2^14 x result scale).

use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::ops::softmax::softmax;
use crate::{IntTensor, IrError, Shape, Tensor};

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

/// Entries of the integer attention's exp table (steps of 1/64 nat: 16 nats).
pub const TABLE_LEN: usize = 1024;
/// Table steps per nat.
pub const STEPS_PER_NAT: f64 = 64.0;
/// Fractional bits of the table and of the attention weights.
pub const WEIGHT_BITS: u32 = 14;

/// `round(exp(-i / 64) 2^14)` for i in 0..1024.
pub fn exp_table() -> Vec<i32> {
    (0..TABLE_LEN)
        .map(|i| ((-(i as f64) / STEPS_PER_NAT).exp() * (1u32 << WEIGHT_BITS) as f64).round() as i32)
        .collect()
}

/// The integer attention's constants for q, k, v scales and the result scale: the rescaling of
/// score differences to table steps, the largest difference that stays inside the table (a
/// larger one weighs 0, and is not rescaled, so it cannot overflow), and the result rescaling.
pub fn int_constants(sq: f32, sk: f32, sv: f32, so: f64) -> (Requant, i32, Requant) {
    let m = sq as f64 * sk as f64 * STEPS_PER_NAT;
    let t_max = ((TABLE_LEN as f64 / m).ceil() as i64).min(i32::MAX as i64) as i32;
    (Requant::new(m), t_max, Requant::new(sv as f64 / ((1u32 << WEIGHT_BITS) as f64 * so)))
}

/// The integer attention (see the module note).
pub fn eval_int(ins: &[QValue], out: &QOut) -> IntTensor {
    let (q, k, v) = (ins[0], ins[1], ins[2]);
    let (batch, d, n) = dims(&q.t.shape);
    let (zq, zk, zv) = (q.q.zero_point, k.q.zero_point, v.q.zero_point);
    let (to_step, t_max, rq) = int_constants(q.q.scale_at(0), k.q.scale_at(0), v.q.scale_at(0), out.scale());
    let table = exp_table();
    let mut y = out.zeros();
    let mut acc = vec![0i32; d * n];
    let mut row = vec![0i32; n];
    for b in 0..batch {
        let o = b * d * n;
        acc.iter_mut().for_each(|a| *a = 0);
        for i in 0..n {
            for (j, r) in row.iter_mut().enumerate() {
                *r = (0..d).map(|c| (q.t.data[o + c * n + i] - zq) * (k.t.data[o + c * n + j] - zk)).sum();
            }
            let m = row.iter().copied().max().unwrap_or(0);
            for r in row.iter_mut() {
                let t = m.wrapping_sub(*r);
                *r = if t >= t_max { 0 } else { table.get(to_step.apply(t) as usize).copied().unwrap_or(0) };
            }
            // The maximum's own entry is 2^14, so sum > 0.
            let sum: i32 = row.iter().sum();
            row.iter_mut().for_each(|e| *e = ((*e << WEIGHT_BITS) + sum / 2) / sum);
            for c in 0..d {
                let vi = v.t.data[o + c * n + i] - zv;
                for (j, &p) in row.iter().enumerate() {
                    acc[c * n + j] = acc[c * n + j].wrapping_add(vi * p);
                }
            }
        }
        for (dst, &a) in y.data[o..o + d * n].iter_mut().zip(&acc) {
            *dst = rq.output(a, out.q.zero_point, out.range());
        }
    }
    y
}
