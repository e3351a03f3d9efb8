//! The int8 flavour of the tiled pooling kernel (`crate::pool`), bit for bit the integer
//! interpreter's (`hynas_ir::ops::pool`): max keeps the input's parameters; average (same
//! parameters) divides the window's sum of `x - zero_point` by PyTorch's divisor, rounding half
//! away from zero; max+avg rescales `(max - zp) * divisor + sum` by a per-divisor constant from a
//! table; global average rescales the plane's sum once.
//!
//! Sums are of raw inputs in i32: the pad row holds the zero point, so `sum - zp * taps` is the
//! sum of `x - zp` over the window's inputs. The max's pad row holds i8's lowest value, which
//! wins no window (every window has an input); max+avg reads the zero-point row and penalises pad
//! rows by 2^24 below any input.

use super::{requant, rescale, OutQ, RqTables};
use crate::kb::{const_i8, const_once, Kb, R};
use crate::pool::{PoolFlavour, Window};
use hynas_ir::dtype::Requant;
use hynas_ir::ops::PoolKind;
use hynas_ir::Quant;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

/// Below any i8 input, and a penalty that keeps a pad row's maximum below any input without
/// overflowing i32 from [`I8Pool::lowest`].
const LOW: i64 = -(1 << 24);

pub struct I8Pool<'ctx> {
    /// The input's zero point and scale.
    pub zx: i32,
    pub sx: f64,
    pub s_out: f64,
    pub outq: OutQ,
    pub out: PointerValue<'ctx>,
    /// max+avg: one rescaling per divisor `0..=k*k`.
    rq: Option<RqTables<'ctx>>,
}

impl<'ctx> I8Pool<'ctx> {
    /// A kernel of `kind` with window `k` x `k` from input parameters `qx` to an output of scale
    /// `s_out`, zero point and clamp `outq`.
    pub fn new(
        kb: &Kb<'_, 'ctx>,
        kind: Option<PoolKind>,
        k: usize,
        qx: &Quant,
        s_out: f64,
        outq: OutQ,
        out: PointerValue<'ctx>,
    ) -> Self {
        let sx = qx.scale_at(0) as f64;
        let rq = (kind == Some(PoolKind::MaxAvg)).then(|| {
            let t: Vec<Requant> = (0..=k * k).map(|d| Requant::new(sx / (2.0 * d.max(1) as f64 * s_out))).collect();
            RqTables::new(kb, &t)
        });
        I8Pool { zx: qx.zero_point, sx, s_out, outq, out, rq }
    }

    fn clamp(&self, kb: &Kb<'_, 'ctx>, v: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        kb.imin(kb.imax(v, kb.i(self.outq.lo as i64))?, kb.i(self.outq.hi as i64))
    }

    /// `sum - zp * taps`: the sum of `x - zp`.
    fn centred(&self, kb: &Kb<'_, 'ctx>, sum: IntValue<'ctx>, taps: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        Ok(kb.b.build_int_sub(sum, kb.b.build_int_mul(taps, kb.i(self.zx as i64), "")?, "")?)
    }
}

impl<'ctx> PoolFlavour<'ctx> for I8Pool<'ctx> {
    type V = IntValue<'ctx>;
    type Row = IntValue<'ctx>;
    fn elem(&self, kb: &Kb<'_, 'ctx>) -> BasicTypeEnum<'ctx> {
        kb.ctx.i8_type().into()
    }
    fn compact(&self, kb: &Kb<'_, 'ctx>) -> bool {
        // RISC-V int8 code is built for small ROM (as the shared pointwise function is).
        kb.riscv()
    }
    fn pad_row(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, n: usize) -> PointerValue<'ctx> {
        let v = if kind == PoolKind::Max { i8::MIN as i32 } else { self.zx };
        let name = format!("hynas_pad_row_i8_{n}_{}", v as u8);
        const_once(kb, &name, || const_i8(kb.ctx, kb.module, &name, &vec![v; n]))
    }
    fn load(&self, kb: &Kb<'_, 'ctx>, p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<Self::V> {
        let i8t = kb.ctx.i8_type();
        // SAFETY: a plain GEP is defined for any index; the element read is inside the buffer.
        let at = unsafe { kb.b.build_gep(i8t, p, &[idx], "")? };
        let v = kb.b.build_load(i8t, at, "")?.into_int_value();
        Ok(kb.b.build_int_s_extend(v, kb.i32t, "")?)
    }
    fn lowest(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.i(LOW)
    }
    fn zero(&self, kb: &Kb<'_, 'ctx>) -> Self::V {
        kb.i(0)
    }
    fn max(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V> {
        kb.imax(a, b)
    }
    fn add(&self, kb: &Kb<'_, 'ctx>, a: Self::V, b: Self::V) -> R<Self::V> {
        Ok(kb.b.build_int_add(a, b, "")?)
    }
    fn row(&self, _kb: &Kb<'_, 'ctx>, dy: IntValue<'ctx>) -> R<Self::Row> {
        Ok(dy)
    }
    fn finish(&self, kb: &Kb<'_, 'ctx>, kind: PoolKind, w: Window<'ctx, Self::V, Self::Row>) -> R<Self::V> {
        let div = || -> R<IntValue<'ctx>> { Ok(kb.b.build_int_mul(w.row, w.dx, "")?) };
        match kind {
            PoolKind::Max => self.clamp(kb, w.max),
            PoolKind::Avg => {
                let q = div_round(kb, self.centred(kb, w.sum, w.taps)?, div()?)?;
                self.clamp(kb, kb.b.build_int_add(q, kb.i(self.zx as i64), "")?)
            }
            PoolKind::MaxAvg => {
                let div = div()?;
                let m = kb.b.build_int_sub(w.max, kb.i(self.zx as i64), "")?;
                let t = kb.b.build_int_add(kb.b.build_int_mul(m, div, "")?, self.centred(kb, w.sum, w.taps)?, "")?;
                let rq =
                    self.rq.ok_or_else(|| crate::CodegenError::Llvm("max+avg pooling without its table".into()))?;
                let (m, sh) = rq.at(kb, div)?;
                rescale(kb, t, m, sh, self.outq)
            }
        }
    }
    fn mean(&self, kb: &Kb<'_, 'ctx>, sum: Self::V, n: usize) -> R<Self::V> {
        let r = Requant::new(self.sx / (n as f64 * self.s_out));
        requant(kb, self.centred(kb, sum, kb.i(n as i64))?, r, self.outq)
    }
    fn store(&self, kb: &Kb<'_, 'ctx>, idx: IntValue<'ctx>, v: Self::V) -> R<()> {
        kb.st8(self.out, idx, v)
    }
}

/// `round(a / d)` for d > 0, halves away from zero (`hynas_ir::ops::pool::div_round`).
fn div_round<'ctx>(kb: &Kb<'_, 'ctx>, a: IntValue<'ctx>, d: IntValue<'ctx>) -> R<IntValue<'ctx>> {
    let half = kb.b.build_int_signed_div(d, kb.i(2), "")?;
    let nonneg = kb.b.build_int_compare(IntPredicate::SGE, a, kb.i(0), "")?;
    let up = kb.b.build_int_signed_div(kb.b.build_int_add(a, half, "")?, d, "")?;
    let down = kb.b.build_int_signed_div(kb.b.build_int_sub(a, half, "")?, d, "")?;
    Ok(kb.b.build_select(nonneg, up, down, "")?.into_int_value())
}
