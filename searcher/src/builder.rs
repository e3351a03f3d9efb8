//! One description of every network, two builders.
//!
//! Each architecture is written once, generically over [`NetBuilder`]. [`crate::lower::IrBuilder`]
//! turns it into an IR graph with seeded weights; [`crate::count::CountBuilder`] only tracks
//! shapes and adds up parameters, MACs and activation bytes with closed formulas, which makes
//! counting thousands of genomes cheap and gives an independent check of the IR's own counts.

use crate::SearchError;
use hynas_ir::ops::PoolKind;

pub type R<T> = Result<T, SearchError>;

/// An op's name, rendered only by builders that keep names (counting never allocates one).
pub type Name<'a> = &'a dyn std::fmt::Display;

/// The primitive ops a network description may use.
pub trait NetBuilder {
    type V: Copy;
    fn input(&mut self, dims: &[usize]) -> Self::V;
    fn dims(&self, v: Self::V) -> Vec<usize>;
    #[allow(clippy::too_many_arguments)]
    fn conv(
        &mut self,
        name: Name,
        x: Self::V,
        c_out: usize,
        k: usize,
        s: usize,
        p: usize,
        groups: usize,
        bias: bool,
    ) -> R<Self::V>;
    fn batch_norm(&mut self, name: Name, x: Self::V) -> R<Self::V>;
    fn relu(&mut self, name: Name, x: Self::V) -> R<Self::V>;
    fn add(&mut self, name: Name, a: Self::V, b: Self::V) -> R<Self::V>;
    fn mul_scalar(&mut self, name: Name, x: Self::V, s: f32) -> R<Self::V>;
    fn pool(&mut self, name: Name, x: Self::V, kind: PoolKind, k: usize, s: usize, p: usize) -> R<Self::V>;
    fn global_avg_pool(&mut self, name: Name, x: Self::V) -> R<Self::V>;
    fn reshape(&mut self, name: Name, x: Self::V, dims: &[usize]) -> R<Self::V>;
    fn transpose(&mut self, name: Name, x: Self::V, perm: &[usize]) -> R<Self::V>;
    fn matmul(&mut self, name: Name, a: Self::V, b: Self::V) -> R<Self::V>;
    fn softmax(&mut self, name: Name, x: Self::V) -> R<Self::V>;
    /// ReLU linear attention of q, k, v [..., d, N] (`hynas_ir::ops::linear_attention`).
    fn linear_attention(&mut self, name: Name, q: Self::V, k: Self::V, v: Self::V) -> R<Self::V>;
    fn linear(&mut self, name: Name, x: Self::V, out: usize, bias: bool) -> R<Self::V>;
    fn output(&mut self, v: Self::V);
}

/// HANNAH's `padding_expression` for dilation 1: ceil((k - s) / 2), never negative.
pub fn same_padding(k: usize, s: usize) -> usize {
    k.saturating_sub(s).div_ceil(2)
}

/// Bias-free conv with HANNAH's padding, then BatchNorm, then ReLU.
pub fn conv_bn_relu<B: NetBuilder>(
    b: &mut B,
    name: Name,
    x: B::V,
    c_out: usize,
    k: usize,
    s: usize,
    groups: usize,
) -> R<B::V> {
    let y = b.conv(&format_args!("{name}.conv"), x, c_out, k, s, same_padding(k, s), groups, false)?;
    let y = b.batch_norm(&format_args!("{name}.bn"), y)?;
    b.relu(&format_args!("{name}.relu"), y)
}

/// HANNAH's `residual`: 1x1 conv (stride ceil(H_in / H_out), no padding) + BN + ReLU from `x` to
/// the shape of `main`, added to `main`.
pub fn add_shortcut<B: NetBuilder>(b: &mut B, name: Name, x: B::V, main: B::V) -> R<B::V> {
    let (xd, md) = (b.dims(x), b.dims(main));
    let stride = xd[2].div_ceil(md[2].max(1));
    let r = b.conv(&format_args!("{name}.shortcut.conv"), x, md[1], 1, stride, 0, 1, false)?;
    let r = b.batch_norm(&format_args!("{name}.shortcut.bn"), r)?;
    let r = b.relu(&format_args!("{name}.shortcut.relu"), r)?;
    b.add(&format_args!("{name}.add"), main, r)
}

/// The bias-free 1x1 Q, K, V projections of HANNAH's attention layers to h*d channels, q and k
/// through ReLUs when `relu_qk` (applied right after the projections, where the fusion pass folds
/// them into the convolutions; ReLU commutes with the split into heads), each split into heads
/// [B, h, d, H*W].
fn heads<B: NetBuilder>(b: &mut B, name: Name, x: B::V, heads: usize, d: usize, relu_qk: bool) -> R<[B::V; 3]> {
    let xd = b.dims(x);
    let split = [xd[0], heads, d, xd[2] * xd[3]];
    let parts = ["q", "k", "v"];
    let mut p = Vec::with_capacity(3);
    for part in parts {
        p.push(b.conv(&format_args!("{name}.{part}"), x, heads * d, 1, 1, 0, 1, false)?);
    }
    if relu_qk {
        for i in 0..2 {
            p[i] = b.relu(&format_args!("{name}.{}_relu", parts[i]), p[i])?;
        }
    }
    for (i, part) in parts.into_iter().enumerate() {
        p[i] = b.reshape(&format_args!("{name}.{part}_heads"), p[i], &split)?;
    }
    Ok([p[0], p[1], p[2]])
}

/// HANNAH's `attention2d` + `SelfAttention2d`: every spatial position is a token;
/// scores = (scale * Q)^T K per head, softmax over the last axis, out = V * A (exactly as HANNAH
/// computes `v @ attn`), reshaped to [B, h*d, H, W].
pub fn attention<B: NetBuilder>(b: &mut B, name: Name, x: B::V, h: usize, d: usize) -> R<B::V> {
    let xd = b.dims(x);
    let [q, k, v] = heads(b, name, x, h, d, false)?;
    let q = b.mul_scalar(&format_args!("{name}.scale"), q, (d as f32).powf(-0.5))?;
    let qt = b.transpose(&format_args!("{name}.q_t"), q, &[0, 1, 3, 2])?;
    let scores = b.matmul(&format_args!("{name}.scores"), qt, k)?;
    let attn = b.softmax(&format_args!("{name}.softmax"), scores)?;
    let o = b.matmul(&format_args!("{name}.context"), v, attn)?;
    b.reshape(&format_args!("{name}.merge"), o, &[xd[0], h * d, xd[2], xd[3]])
}

/// HANNAH's `relu_lin_attention` (`use_lin_attn`): the same projections, q and k through ReLUs,
/// then ReLU linear attention per head (no scale, no softmax), reshaped to [B, h*d, H, W].
pub fn linear_attention<B: NetBuilder>(b: &mut B, name: Name, x: B::V, h: usize, d: usize) -> R<B::V> {
    let xd = b.dims(x);
    let [q, k, v] = heads(b, name, x, h, d, true)?;
    let o = b.linear_attention(&format_args!("{name}.linear"), q, k, v)?;
    b.reshape(&format_args!("{name}.merge"), o, &[xd[0], h * d, xd[2], xd[3]])
}

/// Global average pool, flatten, Linear(C -> classes) with bias.
pub fn classifier_head<B: NetBuilder>(b: &mut B, x: B::V, classes: usize) -> R<B::V> {
    let y = b.global_avg_pool(&"head.pool", x)?;
    let d = b.dims(y);
    let y = b.reshape(&"head.flatten", y, &[d[0], d[1]])?;
    b.linear(&"head.fc", y, classes, true)
}
