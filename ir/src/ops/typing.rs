//! Element-type rules of each op: which operand and result types an op accepts.
//!
//! An f32 op takes and gives f32 values without quantisation parameters. The integer form of an
//! op is TFLite's int8 scheme (see `crate::dtype`): activations i8 per tensor; conv and linear
//! weights i8 per output channel (axis 0, zero point 0) with an optional i32 bias whose scales are
//! input scale x weight scale; ReLU is the output clamp (alone it keeps its input's parameters);
//! max and average pooling, reshape and transpose keep their input's parameters; softmax gives
//! TFLite's fixed output (scale 1/256, zero point -128). Every other integer result may take any
//! parameters (it is requantised). BatchNorm has no integer form (it is folded first); a fused
//! kernel's integer form allows ReLU epilogues and one residual add (`[relu] add [relu]`, the
//! anchor's result typed by its `requant` step).

use super::{Op, PoolKind};
use crate::{DType, Quant};

/// A value's element type and quantisation parameters.
pub type Ty<'a> = (DType, Option<&'a Quant>);

/// Softmax's integer output: scale 1/256, zero point -128 (the range [0, 1)).
pub fn softmax_out_quant() -> Quant {
    Quant::per_tensor(1.0 / 256.0, -128)
}

impl Op {
    /// Checks operand and result types; the message names what does not fit.
    pub fn check_types(&self, ins: &[Ty], out: Ty) -> Result<(), String> {
        if ins.iter().all(|t| t.0 == DType::F32) && out.0 == DType::F32 {
            return match ins.iter().chain([&out]).any(|t| t.1.is_some()) {
                true => Err("an f32 value carries quantisation parameters".into()),
                false => Ok(()),
            };
        }
        if ins.iter().chain([&out]).any(|t| t.0 == DType::F32) {
            let list: Vec<&str> = ins.iter().map(|t| t.0.name()).collect();
            return Err(format!("{} mixes f32 and integer values ({} -> {})", self.name(), list.join(", "), out.0));
        }
        self.check_int_types(ins, out)
    }

    fn check_int_types(&self, ins: &[Ty], out: Ty) -> Result<(), String> {
        let act = |t: Ty, what: &str| -> Result<f32, String> {
            match t {
                (DType::I8, Some(q)) if q.axis.is_none() => Ok(q.scale_at(0)),
                (d, q) => Err(format!(
                    "{what} of {} must be i8 per tensor, not {d}{}",
                    self.name(),
                    q.map_or(String::new(), |q| format!(" {q}"))
                )),
            }
        };
        let same = |a: Ty, b: Ty| -> Result<(), String> {
            match a == b {
                true => Ok(()),
                false => Err(format!("{} must keep its input's quantisation parameters", self.name())),
            }
        };
        match self {
            Op::Conv2d(_) | Op::Linear(_) => weighted(self.name(), ins, out, act),
            Op::MatMul | Op::Attention | Op::LinearAttention(_) | Op::Add => {
                for (k, &t) in ins.iter().enumerate() {
                    act(t, &format!("operand {k}"))?;
                }
                act(out, "the result").map(|_| ())
            }
            Op::Relu | Op::Clip(_) | Op::Reshape(_) | Op::Transpose(_) => {
                act(ins[0], "the input")?;
                same(ins[0], out)
            }
            Op::Pool2d(a) => {
                act(ins[0], "the input")?;
                match a.kind {
                    PoolKind::Max | PoolKind::Avg => same(ins[0], out),
                    PoolKind::MaxAvg => act(out, "the result").map(|_| ()),
                }
            }
            Op::GlobalAvgPool => act(ins[0], "the input").and(act(out, "the result")).map(|_| ()),
            Op::MulScalar(v) if *v > 0.0 => act(ins[0], "the input").and(act(out, "the result")).map(|_| ()),
            Op::MulScalar(v) => Err(format!("mul by {v} has no integer form (only positive factors requantise)")),
            Op::Softmax => {
                act(ins[0], "the input")?;
                match out == (DType::I8, Some(&softmax_out_quant())) {
                    true => Ok(()),
                    false => Err("the integer softmax gives i8 with scale 1/256 and zero point -128".into()),
                }
            }
            Op::BatchNorm(_) => Err("batch_norm has no integer form (fold it into the convolution first)".into()),
            // The verifier has run `FusedAttrs::check` on the node first.
            Op::Fused(f) => {
                let anchor = f.anchor.op();
                let k = anchor.num_operands();
                match f.int_form()?.residual {
                    Some((aq, _)) => {
                        let mid: Ty = (DType::I8, Some(aq));
                        anchor.check_int_types(&ins[..k], mid)?;
                        let other = ins.get(k).copied().ok_or("the fused add lacks its operand")?;
                        Op::Add.check_int_types(&[mid, other], out)
                    }
                    None => anchor.check_int_types(ins, out),
                }
            }
        }
    }
}

/// Conv and linear: i8 input, i8 weights per output channel, optional i32 bias at input scale x
/// weight scale, i8 result.
fn weighted(name: &str, ins: &[Ty], out: Ty, act: impl Fn(Ty, &str) -> Result<f32, String>) -> Result<(), String> {
    let s_in = act(ins[0], "the input")?;
    let w = match ins[1] {
        (DType::I8, Some(q)) if q.axis == Some(0) => q,
        (d, _) => return Err(format!("the weights of {name} must be i8 per output channel (axis 0), not {d}")),
    };
    if let Some(&b) = ins.get(2) {
        let (DType::I32, Some(bq)) = b else {
            return Err(format!("the bias of {name} must be i32, not {}", b.0));
        };
        if bq.axis != Some(0) || bq.scale.len() != w.scale.len() {
            return Err(format!("the bias of {name} needs one scale per output channel"));
        }
        for (c, (&sb, &sw)) in bq.scale.iter().zip(&w.scale).enumerate() {
            let want = s_in * sw;
            if (sb - want).abs() > want * 1e-5 {
                return Err(format!("bias scale {sb:e} of channel {c} is not input scale x weight scale ({want:e})"));
            }
        }
    }
    act(out, "the result").map(|_| ())
}
