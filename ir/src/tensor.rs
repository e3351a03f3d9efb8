//! Dense tensors in row-major (NCHW) order and their shapes: f32 values, and integer values
//! (i8/i16/i32, held as i32 on the host) of quantised graphs.

use crate::DType;
use std::fmt;

/// The most elements one value may hold (2^26: 256 MiB of f32, far beyond any microcontroller).
/// Every op result is checked when it is added to a graph, so later size arithmetic cannot
/// overflow; file readers check their inputs and constants against it too.
pub const MAX_ELEMENTS: usize = 1 << 26;

/// A tensor shape: dimension sizes, outermost first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Shape(pub Vec<usize>);

impl Shape {
    pub fn new(dims: &[usize]) -> Self {
        Shape(dims.to_vec())
    }
    pub fn dims(&self) -> &[usize] {
        &self.0
    }
    pub fn rank(&self) -> usize {
        self.0.len()
    }
    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.0.iter().product()
    }
    /// Number of elements, `None` when it overflows `usize`.
    pub fn checked_numel(&self) -> Option<usize> {
        self.0.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
    }
    /// `Err` naming the count and the limit when the shape holds more than [`MAX_ELEMENTS`].
    pub fn check_size(&self) -> Result<(), String> {
        match self.checked_numel() {
            Some(n) if n <= MAX_ELEMENTS => Ok(()),
            n => Err(format!(
                "{self} holds {} elements; hynas takes at most {MAX_ELEMENTS} (2^26) per value",
                n.map_or("more than 2^64".to_string(), |n| n.to_string())
            )),
        }
    }
    /// Bytes of a tensor of this shape with elements of `dtype`.
    pub fn bytes(&self, dtype: DType) -> usize {
        self.numel() * dtype.size()
    }
}

/// `[1,16,32,32]` (the element type is the node's, printed before it).
impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ",")?;
            }
            write!(f, "{d}")?;
        }
        write!(f, "]")
    }
}

/// A dense f32 tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Shape,
    pub data: Vec<f32>,
}

impl Tensor {
    /// Builds a tensor; `None` when the data length does not match the shape.
    pub fn from_vec(dims: &[usize], data: Vec<f32>) -> Option<Self> {
        let shape = Shape::new(dims);
        (shape.numel() == data.len()).then_some(Tensor { shape, data })
    }
    pub fn zeros(dims: &[usize]) -> Self {
        let shape = Shape::new(dims);
        let data = vec![0.0; shape.numel()];
        Tensor { shape, data }
    }
    pub fn full(dims: &[usize], v: f32) -> Self {
        let shape = Shape::new(dims);
        let data = vec![v; shape.numel()];
        Tensor { shape, data }
    }
    pub fn dims(&self) -> &[usize] {
        self.shape.dims()
    }
    /// Maximum absolute element (0 for an empty tensor).
    pub fn max_abs(&self) -> f32 {
        self.data.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    }
    /// Relative error against a reference: max |a - b| / max |b| (max |b| floored at 1e-12).
    pub fn rel_error(&self, reference: &Tensor) -> f32 {
        if self.shape != reference.shape {
            return f32::INFINITY;
        }
        let diff = self.data.iter().zip(&reference.data).fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
        let diff = if diff.is_nan() || self.data.iter().any(|v| v.is_nan()) { f32::INFINITY } else { diff };
        diff / reference.max_abs().max(1e-12)
    }
}

/// A dense integer tensor: i8, i16 or i32 values (held as i32), every value inside the type's
/// range.
#[derive(Clone, Debug, PartialEq)]
pub struct IntTensor {
    pub shape: Shape,
    pub dtype: DType,
    pub data: Vec<i32>,
}

impl IntTensor {
    /// Builds a tensor; `None` when `dtype` is not an integer type, the data length does not
    /// match the shape, or a value is outside the type's range.
    pub fn from_vec(dims: &[usize], dtype: DType, data: Vec<i32>) -> Option<Self> {
        let shape = Shape::new(dims);
        let (lo, hi) = dtype.int_range()?;
        (shape.numel() == data.len() && data.iter().all(|v| (lo..=hi).contains(v))).then_some(IntTensor {
            shape,
            dtype,
            data,
        })
    }
    pub fn dims(&self) -> &[usize] {
        self.shape.dims()
    }
}
