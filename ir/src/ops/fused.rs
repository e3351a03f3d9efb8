//! A fused kernel: an anchor op (conv, linear, matmul, pooling; an add in integer graphs) and a
//! chain of elementwise epilogues applied to its output before it is stored. Operands: the
//! anchor's operands, then one extra operand per `Add` epilogue, in chain order.
//!
//! What may anchor is typed ([`Anchor`]) and said in one place, [`Op::fusion_anchor`]; which
//! combinations codegen compiles is [`FusedAttrs::check`], which the verifier runs on every fused
//! node: an f32 kernel takes any anchor but `Add` and any chain; an integer kernel takes
//! `[relu] [add [relu]]`, the add only after a convolution.
//!
//! Integer form: ReLU epilogues are the output clamp; one residual `add` is allowed
//! (`[relu] add [relu]`): the anchor's accumulators are first requantised to `anchor_quant`
//! (clamped at its zero point when a ReLU precedes the add), exactly what the unfused anchor
//! would have stored, then added to the extra operand as the integer `add` does. The fused kernel
//! is therefore bit-identical to the two kernels it replaces, and needs no buffer for the
//! anchor's result.

use super::{elementwise, Conv2dAttrs, LinearAttrs, Op, Pool2dAttrs, QOut, QValue};
use crate::{DType, IntTensor, IrError, Quant, Shape, Tensor};

/// An op that can anchor a fused kernel (see [`Op::fusion_anchor`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Anchor {
    Conv2d(Conv2dAttrs),
    Linear(LinearAttrs),
    MatMul,
    Pool2d(Pool2dAttrs),
    GlobalAvgPool,
    /// Integer graphs only: an add whose ReLU is its output clamp.
    Add,
}

impl Anchor {
    /// The op this anchor computes.
    pub fn op(&self) -> Op {
        match self {
            Anchor::Conv2d(a) => Op::Conv2d(a.clone()),
            Anchor::Linear(a) => Op::Linear(a.clone()),
            Anchor::MatMul => Op::MatMul,
            Anchor::Pool2d(a) => Op::Pool2d(a.clone()),
            Anchor::GlobalAvgPool => Op::GlobalAvgPool,
            Anchor::Add => Op::Add,
        }
    }

    pub fn num_operands(&self) -> usize {
        self.op().num_operands()
    }
}

impl Op {
    /// The anchor this op makes for a fused kernel whose values are integers (`int`) or f32;
    /// `None` when it anchors none. The one place that says what may anchor: `fuse_ops`,
    /// `quantize` and the verifier (through [`FusedAttrs::check`]) read only this.
    pub fn fusion_anchor(&self, int: bool) -> Option<Anchor> {
        Some(match self {
            Op::Conv2d(a) => Anchor::Conv2d(a.clone()),
            Op::Linear(a) => Anchor::Linear(a.clone()),
            Op::MatMul => Anchor::MatMul,
            Op::Pool2d(a) => Anchor::Pool2d(a.clone()),
            Op::GlobalAvgPool => Anchor::GlobalAvgPool,
            // The f32 add is an epilogue itself; only the integer add folds a ReLU.
            Op::Add if int => Anchor::Add,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Epilogue {
    Relu,
    /// Adds the next extra operand (same shape as the anchor's output).
    Add,
    Mul(f32),
    Clip(super::ClipAttrs),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FusedAttrs {
    pub anchor: Anchor,
    pub epilogue: Vec<Epilogue>,
    /// Integer kernels with an `add` epilogue: the quantisation of the anchor's own result
    /// (i8 per tensor), which the add reads. `None` for f32 and ReLU-only kernels.
    pub anchor_quant: Option<Quant>,
}

/// The integer epilogue `[relu] [add [relu]]` as flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntEpilogue {
    /// A ReLU before the add (on the anchor's requantised result), or the only ReLU.
    pub relu_first: bool,
    pub add: bool,
    /// A ReLU after the add.
    pub relu_last: bool,
}

impl FusedAttrs {
    /// Whether codegen can compile this kernel with values of element type integer (`int`) or
    /// f32; otherwise what it cannot. The verifier runs it on every fused node.
    pub fn check(&self, int: bool) -> Result<(), String> {
        if self.anchor.op().fusion_anchor(int).is_none() {
            return Err(format!(
                "{} cannot anchor a fused {} kernel",
                self.anchor.op().name(),
                ["f32", "integer"][usize::from(int)]
            ));
        }
        if !int {
            if self.anchor_quant.is_some() {
                return Err("an f32 fused kernel carries anchor_quant (integer kernels only)".into());
            }
            return Ok(());
        }
        let e = self.int_epilogue()?;
        if e.add && !matches!(self.anchor, Anchor::Conv2d(_)) {
            return Err(format!(
                "an integer fused add after {} has no kernel (only after conv2d)",
                self.anchor.op().name()
            ));
        }
        if self.anchor_quant.is_some() && !e.add {
            return Err("anchor_quant is for a fused add only".into());
        }
        Ok(())
    }

    /// The integer epilogue, or what keeps this chain from having one.
    pub fn int_epilogue(&self) -> Result<IntEpilogue, String> {
        let mut e = IntEpilogue { relu_first: false, add: false, relu_last: false };
        for ep in &self.epilogue {
            match (ep, e.add) {
                (Epilogue::Relu, false) => e.relu_first = true,
                (Epilogue::Relu, true) => e.relu_last = true,
                (Epilogue::Add, false) => e.add = true,
                (Epilogue::Add, true) => return Err("an integer fused kernel takes one add epilogue".into()),
                (Epilogue::Mul(v), _) => return Err(format!("a fused mul({v}) epilogue has no integer form")),
                (Epilogue::Clip(_), _) => return Err("a fused clip epilogue has no integer form".into()),
            }
        }
        if e.add && self.anchor_quant.is_none() {
            return Err("an integer fused add needs the anchor's quantisation (anchor_quant)".into());
        }
        Ok(e)
    }

    /// The integer form (see the module note).
    pub fn eval_int(&self, ins: &[QValue], out: &QOut) -> Result<IntTensor, IrError> {
        let e = self.int_epilogue().map_err(IrError::Interp)?;
        let anchor = self.anchor.op();
        let k = anchor.num_operands();
        match (e.add, &self.anchor_quant) {
            (true, Some(aq)) => {
                let first = QOut { shape: out.shape, dtype: DType::I8, q: aq, relu: e.relu_first };
                let y = anchor.eval_int(&ins[..k], &first)?;
                let other = ins.get(k).ok_or_else(|| IrError::Interp("fused add lacks its operand".into()))?;
                Ok(elementwise::add_int(
                    QValue { t: &y, q: aq },
                    *other,
                    &QOut { relu: out.relu || e.relu_last, ..out.clone() },
                ))
            }
            _ => anchor.eval_int(&ins[..k], &QOut { relu: out.relu || e.relu_first, ..out.clone() }),
        }
    }

    pub fn extra_operands(&self) -> usize {
        self.epilogue.iter().filter(|e| matches!(e, Epilogue::Add)).count()
    }

    pub fn num_operands(&self) -> usize {
        self.anchor.num_operands() + self.extra_operands()
    }

    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        let anchor = self.anchor.op();
        let k = anchor.num_operands();
        if ins.len() < k {
            return Err(format!("{} takes {k} operands, got {}", anchor.name(), ins.len()));
        }
        let out = anchor.infer_shape(&ins[..k])?;
        for s in &ins[k..] {
            if **s != out {
                return Err(format!("epilogue operand {s} does not match the anchor's output {out}"));
            }
        }
        Ok(out)
    }

    pub fn eval(&self, ins: &[&Tensor], out: &Shape) -> Result<Tensor, IrError> {
        let anchor = self.anchor.op();
        let k = anchor.num_operands();
        let mut y = anchor.eval(&ins[..k], out)?;
        let mut extra = ins[k..].iter();
        for e in &self.epilogue {
            match e {
                Epilogue::Relu => y.data.iter_mut().for_each(|v| *v = v.max(0.0)),
                Epilogue::Mul(s) => y.data.iter_mut().for_each(|v| *v *= s),
                Epilogue::Clip(c) => y.data.iter_mut().for_each(|v| *v = c.apply(*v)),
                Epilogue::Add => {
                    let o = extra.next().ok_or_else(|| IrError::Interp("fused add lacks its operand".into()))?;
                    y.data.iter_mut().zip(&o.data).for_each(|(v, a)| *v += a);
                }
            }
        }
        Ok(y)
    }

    pub fn attrs_text(&self) -> String {
        let anchor = self.anchor.op();
        let mut s = anchor.name().to_string();
        let a = anchor.attrs_text();
        if !a.is_empty() {
            s += &format!("{{{a}}}");
        }
        for e in &self.epilogue {
            s += match e {
                Epilogue::Relu => "+relu".to_string(),
                Epilogue::Add => "+add".to_string(),
                Epilogue::Mul(v) => format!("+mul({v:e})"),
                Epilogue::Clip(c) => format!("+clip({:e},{:e})", c.min, c.max),
            }
            .as_str();
        }
        s
    }
}
