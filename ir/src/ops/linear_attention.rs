//! ReLU linear attention, as HANNAH's conv_vit computes it with `use_lin_attn`
//! (`relu_linear_attention`, adapted from EfficientViT). Per head, with q, k, v of shape [d, N]
//! (d channels per head, N tokens; q and k come out of ReLUs in the graph, which the fusion pass
//! folds into their projections): V' = [v; 1] ((d+1) x N), KV = V' k^T ((d+1) x d),
//! O = KV q ((d+1) x N), out = O[:d] / (O[d] + eps). No 1/sqrt(d) scale, no softmax, no [N, N]
//! matrix: 2 N d (d + 1) multiply-accumulates and a (d + 1) x d state per head.
//!
//! **eps.** HANNAH's 1e-15 is kept, so f32 computes exactly HANNAH's formula. It is a normal f32
//! (the smallest normal is 1.2e-38; it is f16 where 1e-15 flushes to 0 and 0/0 gives NaN), and
//! it matters only where the denominator is 0: with ReLU'd q and k that is a token whose q is 0
//! or a head whose k is 0, where the numerator is 0 too and the result 0. Elsewhere
//! num / den = sum_n v_n w_n / sum_n w_n with weights w_n = k_n . q >= 0, a convex combination
//! of v, bounded by v however small den is; a larger eps would only pull small denominators
//! toward 0.
//!
//! **Integer form** (q, k, v, result i8 per tensor). The scales of q and k cancel in the ratio:
//! - `ks[c] = sum_n (k - zk)`, `kv[c'][c] = sum_n (v - zv)(k - zk)`: i32, exact for
//!   N <= [`MAX_INT_TOKENS`];
//! - per token j: `den = sum_c ks[c] (q - zq)[c][j]`, `num[c'] = sum_c kv[c'][c] (q - zq)[c][j]`
//!   in i64; the real result is `v scale x num / den`;
//! - `den <= 0`: the result is the zero point (real 0, what f32 gives for zero q or k; eps is far
//!   below one integer step and has no integer form);
//! - else `t = max(0, bits(den) - 15)`, `D = den >> t` (at most 2^15), `M = clamp(num >> t,
//!   -2^30, 2^30)`; `qi = M / D` (truncating) clamped to +-2^14, `r = M - (M / D) D`,
//!   `f = (r << 16) / D`; the result `requant(qi 2^16 + f)` by v scale / (2^16 x result scale).
//!   Only i32 divisions (the M extension's `div`), two per result.

use super::{QOut, QValue};
use crate::dtype::Requant;
use crate::{IntTensor, IrError, Shape, Tensor};

/// HANNAH's eps.
pub const EPS: f32 = 1e-15;
/// The most tokens the integer form takes (`kv` stays exact in i32: N x 255 x 255 < 2^31).
pub const MAX_INT_TOKENS: usize = 33_025;
/// Fractional bits of the integer ratio.
pub const RATIO_BITS: u32 = 16;
/// Bits the denominator is shifted down to.
pub const DEN_BITS: u32 = 15;

#[derive(Clone, Debug, PartialEq)]
pub struct LinearAttentionAttrs {
    pub eps: f32,
}

impl Default for LinearAttentionAttrs {
    fn default() -> Self {
        LinearAttentionAttrs { eps: EPS }
    }
}

impl LinearAttentionAttrs {
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        if !(self.eps.is_finite() && self.eps >= 0.0) {
            return Err(format!("linear attention needs a finite eps >= 0, got {}", self.eps));
        }
        let q = ins[0];
        if q.rank() < 2 || ins[1] != q || ins[2] != q {
            return Err(format!(
                "linear attention needs q, k, v of one shape [..., d, N], got {}, {}, {}",
                q, ins[1], ins[2]
            ));
        }
        Ok(q.clone())
    }

    pub fn attrs_text(&self) -> String {
        format!("eps={:e}", self.eps)
    }

    /// (batch x heads, d, N).
    pub fn dims(q: &Shape) -> (usize, usize, usize) {
        let r = q.rank();
        let d = q.dims();
        (d[..r - 2].iter().product(), d[r - 2], d[r - 1])
    }

    /// V' k^T and KV q: 2 N d (d + 1) per head.
    pub fn macs(q: &Shape) -> u64 {
        let (b, d, n) = Self::dims(q);
        2 * (b * n * d * (d + 1)) as u64
    }

    pub fn eval(&self, ins: &[&Tensor], out_shape: &Shape) -> Result<Tensor, IrError> {
        let (q, k, v) = (ins[0], ins[1], ins[2]);
        let (batch, d, n) = Self::dims(&q.shape);
        let mut out = Tensor::zeros(out_shape.dims());
        let mut kv = vec![0f32; (d + 1) * d];
        for b in 0..batch {
            let o = b * d * n;
            let (q, k, v) = (&q.data[o..o + d * n], &k.data[o..o + d * n], &v.data[o..o + d * n]);
            for r in 0..=d {
                for c in 0..d {
                    kv[r * d + c] =
                        (0..n).map(|t| if r < d { v[r * n + t] * k[c * n + t] } else { k[c * n + t] }).sum();
                }
            }
            for j in 0..n {
                let den: f32 = (0..d).map(|c| kv[d * d + c] * q[c * n + j]).sum::<f32>() + self.eps;
                for r in 0..d {
                    let num: f32 = (0..d).map(|c| kv[r * d + c] * q[c * n + j]).sum();
                    out.data[o + r * n + j] = num / den;
                }
            }
        }
        Ok(out)
    }
}

/// The integer ratio's rescaling for v's and the result's scales.
pub fn int_requant(sv: f32, so: f64) -> Requant {
    Requant::new(sv as f64 / ((1u64 << RATIO_BITS) as f64 * so))
}

/// One result of the integer form from a token's numerator and denominator (see the module
/// note): the fixed-point ratio `num / den` with [`RATIO_BITS`] fractional bits, or `None` when
/// `den <= 0`.
pub fn int_ratio(num: i64, den: i64) -> Option<i32> {
    if den <= 0 {
        return None;
    }
    let t = (64 - den.leading_zeros()).saturating_sub(DEN_BITS);
    let dd = (den >> t) as i32;
    let m = (num >> t).clamp(-(1 << 30), 1 << 30) as i32;
    let qi = m / dd;
    let r = m - qi * dd;
    let lim = 1 << (30 - RATIO_BITS);
    Some(qi.clamp(-lim, lim) * (1 << RATIO_BITS) + (r << RATIO_BITS) / dd)
}

/// The integer linear attention (see the module note).
pub fn eval_int(ins: &[QValue], out: &QOut) -> IntTensor {
    let (q, k, v) = (ins[0], ins[1], ins[2]);
    let (batch, d, n) = LinearAttentionAttrs::dims(&q.t.shape);
    let (zq, zk, zv) = (q.q.zero_point, k.q.zero_point, v.q.zero_point);
    let rq = int_requant(v.q.scale_at(0), out.scale());
    let zo = out.q.zero_point;
    let mut y = out.zeros();
    let mut kv = vec![0i32; (d + 1) * d];
    for b in 0..batch {
        let o = b * d * n;
        let at = |t: &IntTensor, c: usize, j: usize| t.data[o + c * n + j];
        for r in 0..=d {
            for c in 0..d {
                kv[r * d + c] = (0..n)
                    .map(|t| {
                        let kk = at(k.t, c, t) - zk;
                        if r < d {
                            (at(v.t, r, t) - zv) * kk
                        } else {
                            kk
                        }
                    })
                    .fold(0i32, i32::wrapping_add);
            }
        }
        for j in 0..n {
            let dot = |r: usize| -> i64 { (0..d).map(|c| kv[r * d + c] as i64 * (at(q.t, c, j) - zq) as i64).sum() };
            let den = dot(d);
            for r in 0..d {
                y.data[o + r * n + j] = match int_ratio(dot(r), den) {
                    Some(ratio) => rq.output(ratio, zo, out.range()),
                    None => zo.clamp(out.range().0, out.range().1),
                };
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integer_ratio_divides_with_16_fractional_bits() {
        assert_eq!(int_ratio(3, 0), None);
        assert_eq!(int_ratio(3, -5), None);
        assert_eq!(int_ratio(3, 2), Some(3 << 15));
        assert_eq!(int_ratio(-3, 2), Some(-(3 << 15)));
        assert_eq!(int_ratio(1, 3), Some(21845));
        // Large operands are shifted to 15 bits of denominator first.
        let (num, den) = (123_456_789_012i64, 987_654_321i64);
        let got = int_ratio(num, den).unwrap() as f64 / 65536.0;
        assert!((got - num as f64 / den as f64).abs() < 1e-2, "{got}");
        // Ratios beyond 2^14 saturate.
        assert_eq!(int_ratio(1 << 40, 1), Some(1 << 30));
    }
}
