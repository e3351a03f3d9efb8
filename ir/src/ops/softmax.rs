//! Softmax over the last axis, computed stably (the row maximum is subtracted first).

use crate::{Shape, Tensor};

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
