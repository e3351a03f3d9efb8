//! A fused kernel: an anchor op (conv, linear, matmul, pooling) and a chain of elementwise
//! epilogues applied to its output before it is stored. Operands: the anchor's operands, then one
//! extra operand per `Add` epilogue, in chain order.

use super::Op;
use crate::{IrError, Shape, Tensor};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Epilogue {
    Relu,
    /// Adds the next extra operand (same shape as the anchor's output).
    Add,
    Mul(f32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FusedAttrs {
    pub anchor: Box<Op>,
    pub epilogue: Vec<Epilogue>,
}

impl FusedAttrs {
    pub fn extra_operands(&self) -> usize {
        self.epilogue.iter().filter(|e| matches!(e, Epilogue::Add)).count()
    }

    pub fn num_operands(&self) -> usize {
        self.anchor.num_operands() + self.extra_operands()
    }

    pub fn infer_shape(&self, ins: &[&Shape]) -> Result<Shape, String> {
        if matches!(*self.anchor, Op::Fused(_)) {
            return Err("a fused kernel cannot anchor another".into());
        }
        let k = self.anchor.num_operands();
        let out = self.anchor.infer_shape(&ins[..k])?;
        for s in &ins[k..] {
            if **s != out {
                return Err(format!("epilogue operand {s} does not match the anchor's output {out}"));
            }
        }
        Ok(out)
    }

    pub fn eval(&self, ins: &[&Tensor], out: &Shape) -> Result<Tensor, IrError> {
        let k = self.anchor.num_operands();
        let mut y = self.anchor.eval(&ins[..k], out)?;
        let mut extra = ins[k..].iter();
        for e in &self.epilogue {
            match e {
                Epilogue::Relu => y.data.iter_mut().for_each(|v| *v = v.max(0.0)),
                Epilogue::Mul(s) => y.data.iter_mut().for_each(|v| *v *= s),
                Epilogue::Add => {
                    let o = extra.next().ok_or_else(|| IrError::Interp("fused add lacks its operand".into()))?;
                    y.data.iter_mut().zip(&o.data).for_each(|(v, a)| *v += a);
                }
            }
        }
        Ok(y)
    }

    pub fn attrs_text(&self) -> String {
        let mut s = self.anchor.name().to_string();
        let a = self.anchor.attrs_text();
        if !a.is_empty() {
            s += &format!("{{{a}}}");
        }
        for e in &self.epilogue {
            s += match e {
                Epilogue::Relu => "+relu".to_string(),
                Epilogue::Add => "+add".to_string(),
                Epilogue::Mul(v) => format!("+mul({v:e})"),
            }
            .as_str();
        }
        s
    }
}
