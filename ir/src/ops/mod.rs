//! The op set: a small, fixed `enum` with per-op attribute structs, one file per op family.

pub mod attention;
pub mod conv;
pub mod dense;
pub mod elementwise;
pub mod fused;
pub mod layout;
pub mod linear_attention;
pub mod norm;
pub mod pool;
pub mod softmax;
pub mod typing;

pub use conv::Conv2dAttrs;
pub use dense::LinearAttrs;
pub use elementwise::ClipAttrs;
pub use fused::{Anchor, Epilogue, FusedAttrs};
pub use layout::{ReshapeAttrs, TransposeAttrs};
pub use linear_attention::LinearAttentionAttrs;
pub use norm::BatchNormAttrs;
pub use pool::{Pool2dAttrs, PoolKind};
pub use typing::{softmax_out_quant, Ty};

use crate::{DType, IntTensor, IrError, Quant, Shape, Tensor};

/// An integer operand of [`Op::eval_int`]: its values and quantisation parameters.
#[derive(Clone, Copy, Debug)]
pub struct QValue<'a> {
    pub t: &'a IntTensor,
    pub q: &'a Quant,
}

/// The integer result of [`Op::eval_int`]: shape, type, quantisation parameters, and the clamp
/// (the type's range, its low end raised to the zero point when a ReLU is folded in).
#[derive(Clone, Debug)]
pub struct QOut<'a> {
    pub shape: &'a Shape,
    pub dtype: DType,
    pub q: &'a Quant,
    pub relu: bool,
}

impl QOut<'_> {
    /// The output clamp.
    pub fn range(&self) -> (i32, i32) {
        let (lo, hi) = self.dtype.int_range().unwrap_or((i32::MIN, i32::MAX));
        if self.relu {
            (lo.max(self.q.zero_point), hi)
        } else {
            (lo, hi)
        }
    }
    /// The output scale (as f64, for rescaling factors).
    pub fn scale(&self) -> f64 {
        self.q.scale_at(0) as f64
    }
    pub fn zeros(&self) -> IntTensor {
        IntTensor { shape: self.shape.clone(), dtype: self.dtype, data: vec![0; self.shape.numel()] }
    }
}

/// How an op takes part in fusion (TVM's `OpPatternKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FusionPattern {
    /// One output element from the same input element(s): ReLU, Add, scalar Mul.
    Elementwise,
    /// Elementwise with broadcasting (per-channel affine such as BatchNorm).
    Broadcast,
    /// Moves data without arithmetic: Reshape, Transpose.
    Injective,
    /// Reduces over an axis: pooling, softmax.
    Reduce,
    /// A heavy op whose output can absorb elementwise epilogues: Conv2d, Linear, MatMul.
    OutElementwiseFusable,
    /// Cannot be fused.
    Opaque,
}

/// Where an op's result may be stored (see [`Op::in_place_operand`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InPlace {
    /// In a buffer of its own: the kernel reads its operands at other indices than it writes.
    Never,
    /// In operand 0's buffer, always: the result is that value reinterpreted (a reshape).
    View,
    /// In the buffer of one of these operand slots, if that operand dies here: each is read only
    /// at the index being written. Other operands must not share that buffer.
    Operands(Vec<usize>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Conv2d(Conv2dAttrs),
    BatchNorm(BatchNormAttrs),
    Relu,
    /// A clamp to [min, max] (ReLU6 from ONNX files).
    Clip(ClipAttrs),
    Add,
    MulScalar(f32),
    Pool2d(Pool2dAttrs),
    GlobalAvgPool,
    Linear(LinearAttrs),
    MatMul,
    Softmax,
    Reshape(ReshapeAttrs),
    Transpose(TransposeAttrs),
    /// An anchor with elementwise epilogues (made by the fusion pass).
    Fused(FusedAttrs),
    /// `v @ softmax(q^T k)` per head, scores never materialised (made by `fuse_attention`).
    Attention,
    /// ReLU linear attention per head: `[v; 1] k^T q`, the first d rows divided by the last
    /// (HANNAH's `use_lin_attn`; q and k arrive through ReLUs). Never an [N, N] matrix.
    LinearAttention(LinearAttentionAttrs),
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::Conv2d(_) => "conv2d",
            Op::BatchNorm(_) => "batch_norm",
            Op::Relu => "relu",
            Op::Clip(_) => "clip",
            Op::Add => "add",
            Op::MulScalar(_) => "mul",
            Op::Pool2d(a) => a.kind.name(),
            Op::GlobalAvgPool => "global_avg_pool",
            Op::Linear(_) => "linear",
            Op::MatMul => "matmul",
            Op::Softmax => "softmax",
            Op::Reshape(_) => "reshape",
            Op::Transpose(_) => "transpose",
            Op::Fused(_) => "fused",
            Op::Attention => "attention",
            Op::LinearAttention(_) => "linear_attention",
        }
    }

    pub fn num_operands(&self) -> usize {
        match self {
            Op::Conv2d(a) => a.num_operands(),
            Op::Linear(a) => a.num_operands(),
            Op::Fused(a) => a.num_operands(),
            Op::BatchNorm(_) => 5,
            Op::Attention | Op::LinearAttention(_) => 3,
            Op::Add | Op::MatMul => 2,
            _ => 1,
        }
    }

    pub fn fusion_pattern(&self) -> FusionPattern {
        match self {
            Op::Relu | Op::Clip(_) | Op::Add | Op::MulScalar(_) => FusionPattern::Elementwise,
            Op::BatchNorm(_) => FusionPattern::Broadcast,
            Op::Reshape(_) | Op::Transpose(_) => FusionPattern::Injective,
            Op::Pool2d(_) | Op::GlobalAvgPool | Op::Softmax => FusionPattern::Reduce,
            Op::Conv2d(_) | Op::Linear(_) | Op::MatMul => FusionPattern::OutElementwiseFusable,
            Op::Fused(_) | Op::Attention | Op::LinearAttention(_) => FusionPattern::Opaque,
        }
    }

    /// Output shape from operand shapes, or a message saying what does not fit.
    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        if ins.len() != self.num_operands() {
            return Err(format!("{} takes {} operands, got {}", self.name(), self.num_operands(), ins.len()));
        }
        match self {
            Op::Conv2d(a) => a.infer_shape(ins),
            Op::BatchNorm(a) => a.infer_shape(ins),
            Op::Relu | Op::MulScalar(_) | Op::Add => elementwise::same_shape(ins),
            Op::Clip(a) => a.check().and_then(|()| elementwise::same_shape(ins)),
            Op::Pool2d(a) => a.infer_shape(ins),
            Op::GlobalAvgPool => pool::global_avg_pool_shape(ins),
            Op::Linear(a) => a.infer_shape(ins),
            Op::MatMul => dense::matmul_shape(ins),
            Op::Softmax => softmax::infer_shape(ins),
            Op::Reshape(a) => a.infer_shape(ins),
            Op::Transpose(a) => a.infer_shape(ins),
            Op::Fused(a) => a.infer_shape(ins),
            Op::Attention => attention::infer_shape(ins),
            Op::LinearAttention(a) => a.infer_shape(ins),
        }
    }

    /// Multiply-accumulates of one evaluation (conv, linear, matmul; 0 for everything else).
    pub fn macs(&self, ins: &[&Shape], out: &Shape) -> u64 {
        match self {
            Op::Conv2d(a) => a.macs(out, ins[1]),
            Op::Linear(a) => a.macs(ins[1], out),
            Op::MatMul => dense::matmul_macs(ins[0], out),
            Op::Fused(a) => {
                let anchor = a.anchor.op();
                anchor.macs(&ins[..anchor.num_operands()], out)
            }
            Op::Attention => attention::macs(ins[0]),
            Op::LinearAttention(_) => LinearAttentionAttrs::macs(ins[0]),
            _ => 0,
        }
    }

    /// Reference evaluation (plain loops).
    pub fn eval(&self, ins: &[&Tensor], out: &Shape) -> Result<Tensor, IrError> {
        Ok(match self {
            Op::Conv2d(a) => a.eval(ins, out)?,
            Op::BatchNorm(a) => a.eval(ins)?,
            Op::Relu => elementwise::relu(ins[0]),
            Op::Clip(a) => a.eval(ins[0]),
            Op::Add => elementwise::add(ins[0], ins[1])?,
            Op::MulScalar(s) => elementwise::mul_scalar(ins[0], *s),
            Op::Pool2d(a) => a.eval(ins[0], out)?,
            Op::GlobalAvgPool => pool::global_avg_pool(ins[0]),
            Op::Linear(a) => a.eval(ins)?,
            Op::MatMul => dense::matmul(ins[0], ins[1], out)?,
            Op::Softmax => softmax::softmax(ins[0]),
            Op::Reshape(_) => Tensor { shape: out.clone(), data: ins[0].data.clone() },
            Op::Transpose(a) => a.eval(ins[0], out),
            Op::Fused(a) => a.eval(ins, out)?,
            Op::Attention => attention::eval(ins, out)?,
            Op::LinearAttention(a) => a.eval(ins, out)?,
        })
    }

    /// Integer evaluation (TFLite's int8 scheme, see `typing`): the bit-exact oracle of the
    /// integer kernels. The verifier has checked the types.
    pub fn eval_int(&self, ins: &[QValue], out: &QOut) -> Result<IntTensor, IrError> {
        let same = |t: &IntTensor| IntTensor { shape: out.shape.clone(), dtype: out.dtype, data: t.data.clone() };
        Ok(match self {
            Op::Conv2d(a) => a.eval_int(ins, out)?,
            Op::Linear(a) => a.eval_int(ins, out),
            Op::MatMul => dense::matmul_int(ins[0], ins[1], out),
            Op::Relu => elementwise::relu_int(ins[0], out),
            Op::Clip(a) => a.eval_int(ins[0], out),
            Op::Add => elementwise::add_int(ins[0], ins[1], out),
            Op::MulScalar(v) => elementwise::mul_scalar_int(ins[0], *v, out),
            Op::Pool2d(a) => a.eval_int(ins[0], out),
            Op::GlobalAvgPool => pool::global_avg_pool_int(ins[0], out),
            Op::Softmax => softmax::softmax_int(ins[0], out),
            Op::Reshape(_) => same(ins[0].t),
            Op::Transpose(a) => {
                let mut y = out.zeros();
                a.permute(&ins[0].t.data, ins[0].t.dims(), &mut y.data, out.shape.dims());
                y
            }
            Op::Attention => attention::eval_int(ins, out),
            Op::LinearAttention(_) => linear_attention::eval_int(ins, out),
            Op::Fused(f) => f.eval_int(ins, out)?,
            Op::BatchNorm(_) => return Err(IrError::Interp("batch_norm has no integer form".into())),
        })
    }

    /// Which operand this op's kernel may write its result over, when that operand dies here (the
    /// one place that says it; the memory planner reads only this).
    pub fn in_place_operand(&self) -> InPlace {
        match self {
            Op::Reshape(_) => InPlace::View,
            Op::Relu | Op::Clip(_) | Op::MulScalar(_) | Op::Softmax | Op::BatchNorm(_) => InPlace::Operands(vec![0]),
            Op::Add => InPlace::Operands(vec![0, 1]),
            // An integer add with its ReLU folded in.
            Op::Fused(f) if f.anchor == Anchor::Add => InPlace::Operands(vec![0, 1]),
            // The epilogue's operands are read at the index written; the anchor's are not.
            Op::Fused(f) => InPlace::Operands((f.anchor.num_operands()..self.num_operands()).collect()),
            _ => InPlace::Never,
        }
    }

    /// The op that decides this op's kind of computation: a fused kernel's anchor, else itself.
    pub fn anchor(&self) -> std::borrow::Cow<'_, Op> {
        match self {
            Op::Fused(f) => std::borrow::Cow::Owned(f.anchor.op()),
            o => std::borrow::Cow::Borrowed(o),
        }
    }

    /// Attributes for the text printer (empty when the op has none).
    pub fn attrs_text(&self) -> String {
        match self {
            Op::Conv2d(a) => a.attrs_text(),
            Op::BatchNorm(a) => a.attrs_text(),
            Op::MulScalar(s) => format!("value={s:e}"),
            Op::Clip(a) => a.attrs_text(),
            Op::Pool2d(a) => a.attrs_text(),
            Op::Reshape(a) => a.attrs_text(),
            Op::Transpose(a) => a.attrs_text(),
            Op::Fused(a) => a.attrs_text(),
            Op::LinearAttention(a) => a.attrs_text(),
            Op::Relu | Op::Add | Op::GlobalAvgPool | Op::Linear(_) | Op::MatMul | Op::Softmax | Op::Attention => {
                String::new()
            }
        }
    }
}
