//! Element types and quantisation parameters (TFLite's int8 scheme), and the fixed-point
//! arithmetic that the integer reference interpreter and the integer kernels share bit for bit.
//!
//! A quantised value `q` stands for `scale * (q - zero_point)`. Activations are int8 per tensor
//! (asymmetric: any zero point); weights are int8 per output channel (symmetric: zero point 0,
//! one scale per index of `axis`); biases are int32 with scale `input scale * weight scale`.
//! Rescaling an int32 accumulator by a real factor `m` uses TFLite's fixed-point multiplier:
//! `m = multiplier * 2^(shift - 31)` with `multiplier` in [2^30, 2^31), applied by a rounding
//! doubling high multiply and a rounding right shift ([`multiply_by_quantized_multiplier`]).

use crate::Shape;
use std::fmt;

/// The element type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DType {
    #[default]
    F32,
    I8,
    I16,
    I32,
}

impl DType {
    pub const ALL: [DType; 4] = [DType::F32, DType::I8, DType::I16, DType::I32];

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            DType::F32 | DType::I32 => 4,
            DType::I8 => 1,
            DType::I16 => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "f32",
            DType::I8 => "i8",
            DType::I16 => "i16",
            DType::I32 => "i32",
        }
    }

    pub fn parse(s: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == s)
    }

    pub fn is_int(self) -> bool {
        self != DType::F32
    }

    /// The representable range of an integer type (`None` for f32).
    pub fn int_range(self) -> Option<(i32, i32)> {
        match self {
            DType::F32 => None,
            DType::I8 => Some((i8::MIN as i32, i8::MAX as i32)),
            DType::I16 => Some((i16::MIN as i32, i16::MAX as i32)),
            DType::I32 => Some((i32::MIN, i32::MAX)),
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Quantisation parameters: one scale for the tensor, or one per index of `axis` (then the zero
/// point is 0, as TFLite's per-channel weights).
#[derive(Clone, Debug, PartialEq)]
pub struct Quant {
    pub scale: Vec<f32>,
    pub zero_point: i32,
    pub axis: Option<usize>,
}

impl Quant {
    pub fn per_tensor(scale: f32, zero_point: i32) -> Self {
        Quant { scale: vec![scale], zero_point, axis: None }
    }

    pub fn per_channel(scale: Vec<f32>, axis: usize) -> Self {
        Quant { scale, zero_point: 0, axis: Some(axis) }
    }

    /// The scale of index `c` along the axis (the tensor's scale when per tensor).
    pub fn scale_at(&self, c: usize) -> f32 {
        match self.axis {
            Some(_) => self.scale.get(c).copied().unwrap_or(f32::NAN),
            None => self.scale.first().copied().unwrap_or(f32::NAN),
        }
    }

    /// Checks the parameters against the value's type and shape: finite positive scales, a zero
    /// point inside the type's range, one scale per index of the axis.
    pub fn check(&self, dtype: DType, shape: &Shape) -> Result<(), String> {
        let Some((lo, hi)) = dtype.int_range() else {
            return Err("an f32 value cannot carry quantisation parameters".into());
        };
        if let Some(s) = self.scale.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
            return Err(format!("quantisation scale {s} is not a finite positive number"));
        }
        if self.zero_point < lo || self.zero_point > hi {
            return Err(format!("zero point {} is outside {dtype}'s range", self.zero_point));
        }
        match self.axis {
            None if self.scale.len() != 1 => Err(format!("per-tensor quantisation with {} scales", self.scale.len())),
            Some(a) if a >= shape.rank() => Err(format!("quantisation axis {a} of a rank-{} value", shape.rank())),
            Some(a) if self.scale.len() != shape.dims()[a] => {
                Err(format!("{} scales for the {} indices of axis {a}", self.scale.len(), shape.dims()[a]))
            }
            Some(_) if self.zero_point != 0 => Err("per-channel quantisation must have zero point 0".into()),
            _ => Ok(()),
        }
    }

    /// `q = clamp(round(x / scale) + zero_point)` into `dtype`'s range, per tensor (index `c` of
    /// the axis when per channel). Rounds half away from zero, as TFLite.
    pub fn quantize(&self, x: f32, c: usize, dtype: DType) -> i32 {
        let (lo, hi) = dtype.int_range().unwrap_or((i32::MIN, i32::MAX));
        let q = (x as f64 / self.scale_at(c) as f64).round() + self.zero_point as f64;
        q.clamp(lo as f64, hi as f64) as i32
    }

    /// The real value of `q` (index `c` of the axis when per channel).
    pub fn dequantize(&self, q: i32, c: usize) -> f32 {
        ((q as i64 - self.zero_point as i64) as f64 * self.scale_at(c) as f64) as f32
    }
}

impl fmt::Display for Quant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.axis {
            None => write!(f, "q(s={:e},zp={})", self.scale_at(0), self.zero_point),
            Some(a) => {
                let (lo, hi) = self.scale.iter().fold((f32::MAX, 0.0f32), |(lo, hi), &s| (lo.min(s), hi.max(s)));
                write!(f, "q(axis={a},s={lo:e}..{hi:e})")
            }
        }
    }
}

/// TFLite's `QuantizeMultiplier`: a real factor `m >= 0` as `(multiplier, shift)` with
/// `m ~= multiplier * 2^(shift - 31)` and `multiplier` in [2^30, 2^31) (0 for 0 or a factor below
/// 2^-31, which rounds every accumulator to 0).
pub fn quantize_multiplier(m: f64) -> (i32, i32) {
    if m.is_nan() || m <= 0.0 {
        return (0, 0);
    }
    // frexp: m = q * 2^shift with q in [0.5, 1).
    let mut shift = m.log2().floor() as i32 + 1;
    let mut q = m / 2f64.powi(shift);
    while q >= 1.0 {
        q /= 2.0;
        shift += 1;
    }
    while q < 0.5 {
        q *= 2.0;
        shift -= 1;
    }
    let mut fixed = (q * (1u64 << 31) as f64).round() as i64;
    if fixed == 1i64 << 31 {
        fixed /= 2;
        shift += 1;
    }
    if shift < -31 {
        return (0, 0);
    }
    // `fixed` is in [2^30, 2^31) here, so it fits an i32; a shift above 30 would overflow any
    // accumulator anyway and is saturated by the caller's clamp.
    (fixed as i32, shift.min(30))
}

/// `round(a * b / 2^31)` with ties away from zero, saturating the one overflowing case
/// (`i32::MIN * i32::MIN`): gemmlowp's `SaturatingRoundingDoublingHighMul`.
pub fn saturating_rounding_doubling_high_mul(a: i32, b: i32) -> i32 {
    if a == i32::MIN && b == i32::MIN {
        return i32::MAX;
    }
    let ab = a as i64 * b as i64;
    let nudge: i64 = if ab >= 0 { 1 << 30 } else { 1 - (1 << 30) };
    // Division truncating toward zero, as C's.
    ((ab + nudge) / (1i64 << 31)) as i32
}

/// `x / 2^exponent` rounded to nearest, ties away from zero: gemmlowp's `RoundingDivideByPOT`.
pub fn rounding_divide_by_pot(x: i32, exponent: i32) -> i32 {
    let mask = ((1i64 << exponent) - 1) as i32;
    let remainder = x & mask;
    let threshold = (mask >> 1) + (x < 0) as i32;
    (x >> exponent) + (remainder > threshold) as i32
}

/// `x * multiplier * 2^(shift - 31)`, rounded: TFLite's `MultiplyByQuantizedMultiplier` (the
/// left shift wraps on overflow, as the 32-bit multiply of the device does).
pub fn multiply_by_quantized_multiplier(x: i32, multiplier: i32, shift: i32) -> i32 {
    let left = shift.max(0);
    let right = (-shift).max(0);
    rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x.wrapping_shl(left as u32), multiplier), right)
}

/// A real rescaling factor in fixed point, applied as TFLite applies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requant {
    pub multiplier: i32,
    pub shift: i32,
}

impl Requant {
    /// The fixed-point form of `real` (computed in f64 from the f32 scales, on the host, once:
    /// the interpreter and the kernels use the same pair).
    pub fn new(real: f64) -> Self {
        let (multiplier, shift) = quantize_multiplier(real);
        Requant { multiplier, shift }
    }

    pub fn apply(self, acc: i32) -> i32 {
        multiply_by_quantized_multiplier(acc, self.multiplier, self.shift)
    }

    /// `clamp(zero_point + apply(acc), lo, hi)`: an accumulator to an output value.
    pub fn output(self, acc: i32, zero_point: i32, (lo, hi): (i32, i32)) -> i32 {
        zero_point.saturating_add(self.apply(acc)).clamp(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplier_round_trips() {
        for m in [1e-9, 0.000_123, 0.0078125, 0.3, 0.5, 0.999_999_999_9, 1.0, 1.5, 3.0] {
            let (q, s) = quantize_multiplier(m);
            assert!((1 << 30..=i32::MAX).contains(&q), "{m}: {q}");
            let back = q as f64 * 2f64.powi(s - 31);
            assert!((back - m).abs() <= m * 1e-9, "{m}: {back}");
        }
        assert_eq!(quantize_multiplier(0.0), (0, 0));
        assert_eq!(quantize_multiplier(1e-12), (0, 0));
        assert_eq!(quantize_multiplier(0.5), (1 << 30, 0));
    }

    #[test]
    fn rescaling_rounds_like_tflite() {
        // The doubling high multiply rounds halves up (gemmlowp's nudge), the shift away from zero.
        let (q, s) = quantize_multiplier(0.5);
        assert_eq!(multiply_by_quantized_multiplier(3, q, s), 2);
        assert_eq!(multiply_by_quantized_multiplier(-3, q, s), -1);
        assert_eq!(multiply_by_quantized_multiplier(5, q, s), 3);
        assert_eq!(multiply_by_quantized_multiplier(-5, q, s), -2);
        let (q, s) = quantize_multiplier(0.25);
        assert_eq!((q, s), (1 << 30, -1));
        assert_eq!(multiply_by_quantized_multiplier(-6, q, s), -2);
        assert_eq!(multiply_by_quantized_multiplier(6, q, s), 2);
        assert_eq!(rounding_divide_by_pot(-4, 1), -2);
        assert_eq!(rounding_divide_by_pot(7, 2), 2);
        assert_eq!(rounding_divide_by_pot(-6, 2), -2);
        assert_eq!(saturating_rounding_doubling_high_mul(i32::MIN, i32::MIN), i32::MAX);
        // Against real arithmetic over a sweep of factors and accumulators: off by at most 1.
        for m in [0.001, 0.0123, 0.25, 0.7, 1.3, 2.9] {
            let (q, s) = quantize_multiplier(m);
            for x in [-1_000_000, -12_345, -7, -1, 0, 1, 2, 99, 40_000, 2_000_000] {
                let got = multiply_by_quantized_multiplier(x, q, s) as f64;
                assert!((got - x as f64 * m).abs() <= 1.0, "{x} * {m} = {got}");
            }
        }
    }

    #[test]
    fn shortcuts_of_the_kernels_are_exact() {
        // The int8 kernels compute the doubling high multiply as `(a * b + 2^30) >> 31` and the
        // rounding divide with an unsigned remainder compare; both must equal gemmlowp's forms.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as i32
        };
        let edges = [i32::MIN, i32::MIN + 1, -(1 << 30), -3, -2, -1, 0, 1, 2, 3, 1 << 30, i32::MAX];
        let mut pairs: Vec<(i32, i32)> = edges.iter().flat_map(|&a| edges.iter().map(move |&b| (a, b))).collect();
        pairs.extend((0..200_000).map(|_| (next(), next())));
        for (a, b) in pairs {
            if a == i32::MIN && b == i32::MIN {
                continue;
            }
            let fast = ((a as i64 * b as i64 + (1 << 30)) >> 31) as i32;
            assert_eq!(fast, saturating_rounding_doubling_high_mul(a, b), "{a} * {b}");
            let e = (b as u32 % 32) as i32;
            let mask = ((1i64 << e) - 1) as i32;
            let up = (a & mask) as u32 > ((mask as u32) >> 1) + (a as u32 >> 31);
            assert_eq!((a >> e) + up as i32, rounding_divide_by_pot(a, e), "{a} / 2^{e}");
        }
    }

    #[test]
    fn quant_checks_and_round_trips() {
        let s = Shape::new(&[4, 2]);
        assert!(Quant::per_tensor(0.1, -128).check(DType::I8, &s).is_ok());
        assert!(Quant::per_tensor(0.1, 200).check(DType::I8, &s).unwrap_err().contains("zero point 200"));
        assert!(Quant::per_tensor(0.0, 0).check(DType::I8, &s).unwrap_err().contains("scale 0"));
        assert!(Quant::per_tensor(f32::NAN, 0).check(DType::I8, &s).is_err());
        assert!(Quant::per_tensor(0.1, 0).check(DType::F32, &s).is_err());
        assert!(Quant::per_channel(vec![0.1; 4], 0).check(DType::I8, &s).is_ok());
        assert!(Quant::per_channel(vec![0.1; 3], 0).check(DType::I8, &s).unwrap_err().contains("3 scales"));
        assert!(Quant::per_channel(vec![0.1; 2], 2).check(DType::I8, &s).is_err());
        let q = Quant::per_tensor(0.05, 3);
        assert_eq!(q.quantize(1.0, 0, DType::I8), 23);
        assert_eq!(q.quantize(100.0, 0, DType::I8), 127);
        assert_eq!(q.quantize(-100.0, 0, DType::I8), -128);
        assert_eq!(q.quantize(0.025, 0, DType::I8), 4); // a half rounds away from zero
        assert!((q.dequantize(23, 0) - 1.0).abs() < 1e-6);
        for d in DType::ALL {
            assert_eq!(DType::parse(d.name()), Some(d));
        }
    }
}
