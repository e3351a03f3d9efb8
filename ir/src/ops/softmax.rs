//! Softmax over the last axis, computed stably (the row maximum is subtracted first).
//!
//! The integer form (i8 in, i8 out with scale 1/256 and zero point -128) needs no float on the
//! device: `x - max` of an i8 row lies in [-255, 0], so `exp(scale * (x - max))` comes from a
//! 256-entry table in Q16 built from the input scale at compile time; each output is
//! `round(256 e / sum) - 128`, clamped to 127.

use super::{QOut, QValue};
use crate::{IntTensor, Shape, Tensor};

pub fn infer_shape(ins: &[&Shape]) -> Result<Shape, String> {
    if ins[0].rank() == 0 {
        return Err("softmax needs at least one axis".into());
    }
    Ok(ins[0].clone())
}

pub fn softmax(x: &Tensor) -> Tensor {
    let n = *x.dims().last().unwrap_or(&1);
    let mut out = x.clone();
    if n == 0 {
        return out;
    }
    for row in out.data.chunks_mut(n) {
        let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = (*v - m).exp();
            sum += *v;
        }
        for v in row.iter_mut() {
            *v /= sum;
        }
    }
    out
}

/// Fractional bits of the softmax exp table.
pub const EXP_BITS: u32 = 16;

/// `exp(-scale * d) * 2^16`, rounded, for d = 0..=255: the table of the integer softmax.
pub fn exp_table(scale: f32) -> Vec<i32> {
    (0..256).map(|d| ((-(scale as f64) * d as f64).exp() * (1u64 << EXP_BITS) as f64).round() as i32).collect()
}

/// The integer softmax over the last axis.
pub fn softmax_int(x: QValue, out: &QOut) -> IntTensor {
    let n = *x.t.dims().last().unwrap_or(&1);
    let table = exp_table(x.q.scale_at(0));
    let mut y = out.zeros();
    if n == 0 {
        return y;
    }
    let (lo, hi) = out.range();
    for (row, dst) in x.t.data.chunks(n).zip(y.data.chunks_mut(n)) {
        let m = row.iter().copied().max().unwrap_or(0);
        // Each entry <= 2^16: a row of up to 2^14 values sums without overflow.
        let sum: i32 = row.iter().map(|&v| table[(m - v) as usize]).sum();
        for (d, &v) in dst.iter_mut().zip(row) {
            let e = table[(m - v) as usize];
            // 256 e <= 2^24; sum >= 2^16 (the maximum's own entry).
            *d = ((e * 256 + sum / 2) / sum + out.q.zero_point).clamp(lo, hi);
        }
    }
    y
}
