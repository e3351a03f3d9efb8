//! A fused kernel: an anchor op (conv, linear, matmul, pooling; an add in integer graphs) and a
//! chain of elementwise epilogues applied to its output before it is stored. Operands: the
//! anchor's operands, then one extra operand per `Add` epilogue, in chain order.
//!
//! What may anchor is typed ([`Anchor`]) and said in one place, [`Op::fusion_anchor`]; which
//! combinations codegen compiles is [`FusedAttrs::check`], which the verifier runs on every fused
//! node: an f32 kernel takes any anchor but `Add` and any chain without `requant`; an integer
//! kernel takes `[relu]` or `requant [relu] add [relu]`, the add only after a convolution.
//!
//! Integer form: a kernel's value is requantised to the node's parameters at the end of the
//! chain, and a ReLU clamps the value it follows at its zero point. A residual add needs the
//! anchor's own result first: `requant(q)` requantises the accumulators to `q` (what the unfused
//! anchor would have stored, clamped by a ReLU after it), and `add` adds the extra operand as the
//! integer `add` does. The fused kernel is therefore bit-identical to the two kernels it
//! replaces, and needs no buffer for the anchor's result. [`FusedAttrs::int_form`] reads the
//! chain for the integer kernels.

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

#[derive(Clone, Debug, PartialEq)]
pub enum Epilogue {
    /// f32: max(v, 0); integer: the clamp of the value so far at its zero point.
    Relu,
    /// Adds the next extra operand (same shape as the anchor's output).
    Add,
    Mul(f32),
    Clip(super::ClipAttrs),
    /// Integer kernels: the value so far requantised to these parameters (i8 per tensor), what
    /// the unfused anchor would store; the operand of a following `add`.
    Requant(Quant),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FusedAttrs {
    pub anchor: Anchor,
    pub epilogue: Vec<Epilogue>,
}

/// How an integer kernel's chain reads (see [`FusedAttrs::int_form`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntForm<'a> {
    /// A residual add: the parameters the anchor's result is requantised to before it, and
    /// whether a ReLU clamps that result.
    pub residual: Option<(&'a Quant, bool)>,
    /// A ReLU clamps the kernel's result (after the add, if any).
    pub relu: bool,
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
            if self.epilogue.iter().any(|e| matches!(e, Epilogue::Requant(_))) {
                return Err("an f32 fused kernel has a requant epilogue (integer kernels only)".into());
            }
            return Ok(());
        }
        let f = self.int_form()?;
        if f.residual.is_some() && !matches!(self.anchor, Anchor::Conv2d(_)) {
            return Err(format!(
                "an integer fused add after {} has no kernel (only after conv2d)",
                self.anchor.op().name()
            ));
        }
        Ok(())
    }

    /// The integer chain, `[relu]` or `requant [relu] add [relu]`, or what keeps this chain from
    /// being one.
    pub fn int_form(&self) -> Result<IntForm<'_>, String> {
        let mut steps = self.epilogue.iter().peekable();
        let relu =
            |s: &mut std::iter::Peekable<std::slice::Iter<'_, Epilogue>>| s.next_if_eq(&&Epilogue::Relu).is_some();
        let residual = match steps.next_if(|e| matches!(e, Epilogue::Requant(_))) {
            Some(Epilogue::Requant(q)) => {
                let mid_relu = relu(&mut steps);
                if steps.next() != Some(&Epilogue::Add) {
                    return Err("an integer requant epilogue is for a fused add only (requant [relu] add)".into());
                }
                Some((q, mid_relu))
            }
            _ => None,
        };
        let form = IntForm { residual, relu: relu(&mut steps) };
        match steps.next() {
            None => Ok(form),
            Some(Epilogue::Add) if residual.is_none() => {
                Err("an integer fused add needs the anchor's parameters first (requant [relu] add)".into())
            }
            Some(Epilogue::Add) => Err("an integer fused kernel takes one add epilogue".into()),
            Some(Epilogue::Mul(v)) => Err(format!("a fused mul({v}) epilogue has no integer form")),
            Some(Epilogue::Clip(_)) => Err("a fused clip epilogue has no integer form".into()),
            Some(e) => {
                Err(format!("an integer fused chain has {e:?} out of place ([relu] or requant [relu] add [relu])"))
            }
        }
    }

    /// The integer form (see the module note).
    pub fn eval_int(&self, ins: &[QValue], out: &QOut) -> Result<IntTensor, IrError> {
        let f = self.int_form().map_err(IrError::Interp)?;
        let anchor = self.anchor.op();
        let k = anchor.num_operands();
        match f.residual {
            Some((aq, mid_relu)) => {
                let first = QOut { shape: out.shape, dtype: DType::I8, q: aq, relu: mid_relu };
                let y = anchor.eval_int(&ins[..k], &first)?;
                let other = ins.get(k).ok_or_else(|| IrError::Interp("fused add lacks its operand".into()))?;
                Ok(elementwise::add_int(
                    QValue { t: &y, q: aq },
                    *other,
                    &QOut { relu: out.relu || f.relu, ..out.clone() },
                ))
            }
            None => anchor.eval_int(&ins[..k], &QOut { relu: out.relu || f.relu, ..out.clone() }),
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
                Epilogue::Requant(_) => {
                    return Err(IrError::Interp("a requant epilogue in an f32 kernel".into()));
                }
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
                Epilogue::Requant(q) => format!("+requant({:e},{})", q.scale_at(0), q.zero_point),
            }
            .as_str();
        }
        s
    }
}
