//! Dense f32 tensors in row-major (NCHW) order and their shapes.

use std::fmt;

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
    /// Bytes of an f32 tensor of this shape.
    pub fn bytes(&self) -> usize {
        self.numel() * 4
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "f32[")?;
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
