//! The hybrid CNN-ViT space of HANNAH's `hannah/models/conv_vit` (the paper's own code).
//!
//! stem: conv(k, s, C) + BN + ReLU, a CNN block reusing k, s and C (expand ratio 1..4), a
//! pooling block (max / avg / max_avg, kernel 3..9, stride 2); then 1..5 blocks of 1..3
//! patterns (CNN-ViT or Pool-ViT), the block's stride applied by its first pattern, and a 1x1
//! shortcut around each block; head: global average pool + Linear(10). Convs are bias-free and
//! padded with ceil((k - s) / 2).
//!
//! Two spaces share this genome: `conv_vit` (softmax attention) and `conv_vit_lin` (HANNAH's
//! `use_lin_attn`: ReLU linear attention in every ViT pattern), told apart by the genome's
//! `space` field.

use crate::builder::{
    add_shortcut, attention, classifier_head, conv_bn_relu, linear_attention, same_padding, Name, NetBuilder, R,
};
use crate::domain::{Domain, Obj};
use crate::SearchError;
use hynas_ir::ops::PoolKind;
use rand::Rng;
use serde_json::{json, Value};

pub const KERNELS: Domain = Domain::Values(&[3, 5, 7, 9]);
pub const STRIDES: Domain = Domain::Values(&[1, 2]);
pub const STEM_CHANNELS: Domain = Domain::Range { min: 16, max: 32, step: 4 };
pub const STEM_RATIOS: Domain = Domain::Range { min: 1, max: 4, step: 1 };
pub const CHANNELS: Domain = Domain::Range { min: 16, max: 64, step: 4 };
pub const RATIOS: Domain = Domain::Range { min: 1, max: 2, step: 1 };
pub const HEADS: Domain = Domain::Range { min: 2, max: 8, step: 2 };
pub const HEAD_DIMS: Domain = Domain::Range { min: 16, max: 64, step: 16 };
pub const NUM_BLOCKS: Domain = Domain::Range { min: 1, max: 5, step: 1 };
pub const DEPTHS: Domain = Domain::Range { min: 1, max: 3, step: 1 };
pub const CNN_TYPES: Domain = Domain::Names(&["plain", "residual", "bottleneck", "inverted_bottleneck"]);
pub const POOL_TYPES: Domain = Domain::Names(&["max", "avg", "max_avg"]);
pub const PATTERN_TYPES: Domain = Domain::Names(&["cnn_vit", "pool_vit"]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CnnType {
    Plain,
    Residual,
    Bottleneck,
    InvertedBottleneck,
}

const CNN_ALL: [CnnType; 4] = [CnnType::Plain, CnnType::Residual, CnnType::Bottleneck, CnnType::InvertedBottleneck];
const POOL_ALL: [PoolKind; 3] = [PoolKind::Max, PoolKind::Avg, PoolKind::MaxAvg];

impl CnnType {
    fn index(self) -> usize {
        CNN_ALL.iter().position(|&c| c == self).unwrap_or(0)
    }
    /// Whether the channel ratio takes part (only the two bottlenecks use it).
    pub fn uses_ratio(self) -> bool {
        matches!(self, CnnType::Bottleneck | CnnType::InvertedBottleneck)
    }
}

fn pool_index(p: PoolKind) -> usize {
    POOL_ALL.iter().position(|&c| c == p).unwrap_or(0)
}

/// A CNN block; `ratio` is 1 and ignored unless the type is a bottleneck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CnnBlock {
    pub ty: CnnType,
    pub ratio: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    CnnVit(CnnBlock),
    PoolVit(PoolKind),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub channels: usize,
    pub kernel: usize,
    pub heads: usize,
    pub head_dim: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub stride: usize,
    pub patterns: Vec<Pattern>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stem {
    pub kernel: usize,
    pub stride: usize,
    pub channels: usize,
    pub cnn: CnnBlock,
    pub pool: PoolKind,
    pub pool_kernel: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvVitGenome {
    pub stem: Stem,
    pub blocks: Vec<Block>,
    /// ReLU linear attention instead of softmax attention (the `conv_vit_lin` space).
    pub linear: bool,
}

// ---------------------------------------------------------------- lowering

fn cnn_block<B: NetBuilder>(
    b: &mut B,
    name: Name,
    x: B::V,
    cnn: CnnBlock,
    c_out: usize,
    k: usize,
    s: usize,
) -> R<B::V> {
    let c_in = b.dims(x)[1];
    match cnn.ty {
        CnnType::Plain | CnnType::Residual => {
            let y = conv_bn_relu(b, &format_args!("{name}.conv0"), x, c_out, k, s, 1)?;
            let y = conv_bn_relu(b, &format_args!("{name}.conv1"), y, c_out, 1, 1, 1)?;
            if cnn.ty == CnnType::Residual {
                add_shortcut(b, name, x, y)
            } else {
                Ok(y)
            }
        }
        CnnType::Bottleneck | CnnType::InvertedBottleneck => {
            let mid = if cnn.ty == CnnType::Bottleneck { c_in / cnn.ratio } else { cnn.ratio * c_in };
            let y = conv_bn_relu(b, &format_args!("{name}.reduce"), x, mid, 1, 1, 1)?;
            let y = conv_bn_relu(b, &format_args!("{name}.depthwise"), y, mid, k, s, mid)?;
            let y = conv_bn_relu(b, &format_args!("{name}.project"), y, c_out, 1, 1, 1)?;
            add_shortcut(b, name, x, y)
        }
    }
}

fn pooling<B: NetBuilder>(b: &mut B, name: Name, x: B::V, kind: PoolKind, k: usize, s: usize) -> R<B::V> {
    b.pool(name, x, kind, k, s, same_padding(k, s))
}

/// Attention layer (attention, 1x1 conv to C_out, BN, ReLU, + shortcut) then feed-forward
/// (1x1 conv, BN, ReLU, + shortcut).
fn vit<B: NetBuilder>(b: &mut B, name: Name, x: B::V, c_out: usize, p: &Pattern, linear: bool) -> R<B::V> {
    let a = match linear {
        true => linear_attention(b, &format_args!("{name}.attn"), x, p.heads, p.head_dim)?,
        false => attention(b, &format_args!("{name}.attn"), x, p.heads, p.head_dim)?,
    };
    let a = conv_bn_relu(b, &format_args!("{name}.attn.out"), a, c_out, 1, 1, 1)?;
    let a = add_shortcut(b, &format_args!("{name}.attn"), x, a)?;
    let f = conv_bn_relu(b, &format_args!("{name}.ff"), a, c_out, 1, 1, 1)?;
    add_shortcut(b, &format_args!("{name}.ff"), a, f)
}

impl ConvVitGenome {
    pub fn build<B: NetBuilder>(&self, b: &mut B, input: &[usize], classes: usize) -> R<B::V> {
        let st = &self.stem;
        let x = b.input(input);
        let x = conv_bn_relu(b, &"stem.conv", x, st.channels, st.kernel, st.stride, 1)?;
        let x = cnn_block(b, &"stem.cnn", x, st.cnn, st.channels, st.kernel, st.stride)?;
        let mut x = pooling(b, &"stem.pool", x, st.pool, st.pool_kernel, 2)?;
        for (bi, blk) in self.blocks.iter().enumerate() {
            let block_in = x;
            for (pi, p) in blk.patterns.iter().enumerate() {
                let name = format!("blocks.{bi}.patterns.{pi}");
                let s = if pi == 0 { blk.stride } else { 1 };
                x = match p.kind {
                    PatternKind::CnnVit(cnn) => {
                        cnn_block(b, &format_args!("{name}.cnn"), x, cnn, p.channels, p.kernel, s)?
                    }
                    PatternKind::PoolVit(kind) => pooling(b, &format_args!("{name}.pool"), x, kind, p.kernel, s)?,
                };
                x = vit(b, &format_args!("{name}.vit"), x, p.channels, p, self.linear)?;
            }
            x = add_shortcut(b, &format_args!("blocks.{bi}"), block_in, x)?;
        }
        let y = classifier_head(b, x, classes)?;
        b.output(y);
        Ok(x)
    }

    // ------------------------------------------------------------ JSON

    pub fn to_json(&self) -> Value {
        let cnn = |c: CnnBlock| {
            let name = CNN_TYPES_NAMES[c.ty.index()];
            if c.ty.uses_ratio() {
                json!({"type": name, "ratio": c.ratio})
            } else {
                json!({"type": name})
            }
        };
        let st = &self.stem;
        let blocks: Vec<Value> = self
            .blocks
            .iter()
            .map(|b| {
                let pats: Vec<Value> = b
                    .patterns
                    .iter()
                    .map(|p| {
                        let mut v = match p.kind {
                            PatternKind::CnnVit(c) => json!({"type": "cnn_vit", "cnn": cnn(c)}),
                            PatternKind::PoolVit(k) => json!({"type": "pool_vit", "pool": POOL_NAMES[pool_index(k)]}),
                        };
                        for (key, val) in [
                            ("channels", p.channels),
                            ("kernel", p.kernel),
                            ("heads", p.heads),
                            ("head_dim", p.head_dim),
                        ] {
                            v[key] = json!(val);
                        }
                        v
                    })
                    .collect();
                json!({"stride": b.stride, "patterns": pats})
            })
            .collect();
        json!({
            "stem": {
                "kernel": st.kernel, "stride": st.stride, "channels": st.channels,
                "cnn": cnn(st.cnn),
                "pool": {"type": POOL_NAMES[pool_index(st.pool)], "kernel": st.pool_kernel},
            },
            "blocks": blocks,
        })
    }

    /// The genome's body (`stem`, `blocks`); `linear` comes from its space.
    pub fn from_json(root: &Obj, linear: bool) -> Result<Self, SearchError> {
        let read_cnn = |o: &Obj, ratios: Domain| -> Result<CnnBlock, SearchError> {
            let ty = CNN_ALL[o.read("type", CNN_TYPES)?];
            if ty.uses_ratio() {
                o.only(&["type", "ratio"])?;
                Ok(CnnBlock { ty, ratio: o.read("ratio", ratios)? })
            } else {
                o.only(&["type"])?;
                Ok(CnnBlock { ty, ratio: 1 })
            }
        };
        let s = root.obj("stem")?;
        s.only(&["kernel", "stride", "channels", "cnn", "pool"])?;
        let pool = s.obj("pool")?;
        pool.only(&["type", "kernel"])?;
        let stem = Stem {
            kernel: s.read("kernel", KERNELS)?,
            stride: s.read("stride", STRIDES)?,
            channels: s.read("channels", STEM_CHANNELS)?,
            cnn: read_cnn(&s.obj("cnn")?, STEM_RATIOS)?,
            pool: POOL_ALL[pool.read("type", POOL_TYPES)?],
            pool_kernel: pool.read("kernel", KERNELS)?,
        };
        let mut blocks = Vec::new();
        for b in root.array("blocks", 1, 5)? {
            b.only(&["stride", "patterns"])?;
            let mut patterns = Vec::new();
            for p in b.array("patterns", 1, 3)? {
                let kind = match p.read("type", PATTERN_TYPES)? {
                    0 => {
                        p.only(&["type", "cnn", "channels", "kernel", "heads", "head_dim"])?;
                        PatternKind::CnnVit(read_cnn(&p.obj("cnn")?, RATIOS)?)
                    }
                    _ => {
                        p.only(&["type", "pool", "channels", "kernel", "heads", "head_dim"])?;
                        PatternKind::PoolVit(POOL_ALL[p.read("pool", POOL_TYPES)?])
                    }
                };
                patterns.push(Pattern {
                    kind,
                    channels: p.read("channels", CHANNELS)?,
                    kernel: p.read("kernel", KERNELS)?,
                    heads: p.read("heads", HEADS)?,
                    head_dim: p.read("head_dim", HEAD_DIMS)?,
                });
            }
            blocks.push(Block { stride: b.read("stride", STRIDES)?, patterns });
        }
        Ok(ConvVitGenome { stem, blocks, linear })
    }

    // ------------------------------------------------------------ sampling and mutation

    pub fn sample<G: Rng>(rng: &mut G, linear: bool) -> Self {
        let stem = Stem {
            kernel: KERNELS.sample(rng),
            stride: STRIDES.sample(rng),
            channels: STEM_CHANNELS.sample(rng),
            cnn: sample_cnn(rng, STEM_RATIOS),
            pool: POOL_ALL[POOL_TYPES.sample(rng)],
            pool_kernel: KERNELS.sample(rng),
        };
        let n = NUM_BLOCKS.sample(rng);
        ConvVitGenome { stem, blocks: (0..n).map(|_| sample_block(rng)).collect(), linear }
    }

    /// Every active parameter with its domain and current value.
    pub fn params(&self) -> Vec<(Param, Domain, usize)> {
        use Param::*;
        let st = &self.stem;
        let mut v = vec![
            (StemKernel, KERNELS, st.kernel),
            (StemStride, STRIDES, st.stride),
            (StemChannels, STEM_CHANNELS, st.channels),
            (StemCnnType, CNN_TYPES, st.cnn.ty.index()),
            (PoolType, POOL_TYPES, pool_index(st.pool)),
            (PoolKernel, KERNELS, st.pool_kernel),
            (NumBlocks, NUM_BLOCKS, self.blocks.len()),
        ];
        if st.cnn.ty.uses_ratio() {
            v.push((StemRatio, STEM_RATIOS, st.cnn.ratio));
        }
        for (b, blk) in self.blocks.iter().enumerate() {
            v.push((BlockStride(b), STRIDES, blk.stride));
            v.push((Depth(b), DEPTHS, blk.patterns.len()));
            for (p, pat) in blk.patterns.iter().enumerate() {
                match pat.kind {
                    PatternKind::CnnVit(c) => {
                        v.push((Kind(b, p), PATTERN_TYPES, 0));
                        v.push((CnnKind(b, p), CNN_TYPES, c.ty.index()));
                        if c.ty.uses_ratio() {
                            v.push((Ratio(b, p), RATIOS, c.ratio));
                        }
                    }
                    PatternKind::PoolVit(k) => {
                        v.push((Kind(b, p), PATTERN_TYPES, 1));
                        v.push((PatPool(b, p), POOL_TYPES, pool_index(k)));
                    }
                }
                v.push((Channels(b, p), CHANNELS, pat.channels));
                v.push((Kernel(b, p), KERNELS, pat.kernel));
                v.push((Heads(b, p), HEADS, pat.heads));
                v.push((HeadDim(b, p), HEAD_DIMS, pat.head_dim));
            }
        }
        v
    }

    /// Sets one parameter; parts that become active (new blocks or patterns, a ratio) are
    /// sampled from `rng`.
    pub fn set<G: Rng>(&mut self, p: Param, v: usize, rng: &mut G) {
        use Param::*;
        let st = &mut self.stem;
        match p {
            StemKernel => st.kernel = v,
            StemStride => st.stride = v,
            StemChannels => st.channels = v,
            StemCnnType => st.cnn = retype(st.cnn, CNN_ALL[v], STEM_RATIOS, rng),
            StemRatio => st.cnn.ratio = v,
            PoolType => st.pool = POOL_ALL[v],
            PoolKernel => st.pool_kernel = v,
            NumBlocks => {
                self.blocks.truncate(v);
                while self.blocks.len() < v {
                    self.blocks.push(sample_block(rng));
                }
            }
            BlockStride(b) => self.blocks[b].stride = v,
            Depth(b) => {
                let pats = &mut self.blocks[b].patterns;
                pats.truncate(v);
                while pats.len() < v {
                    pats.push(sample_pattern(rng));
                }
            }
            Kind(b, i) => {
                let pat = &mut self.blocks[b].patterns[i];
                pat.kind = if v == 0 {
                    PatternKind::CnnVit(sample_cnn(rng, RATIOS))
                } else {
                    PatternKind::PoolVit(POOL_ALL[POOL_TYPES.sample(rng)])
                };
            }
            CnnKind(b, i) | Ratio(b, i) | PatPool(b, i) => {
                let pat = &mut self.blocks[b].patterns[i];
                pat.kind = match (p, pat.kind) {
                    (CnnKind(..), PatternKind::CnnVit(c)) => PatternKind::CnnVit(retype(c, CNN_ALL[v], RATIOS, rng)),
                    (Ratio(..), PatternKind::CnnVit(c)) => PatternKind::CnnVit(CnnBlock { ratio: v, ..c }),
                    (PatPool(..), PatternKind::PoolVit(_)) => PatternKind::PoolVit(POOL_ALL[v]),
                    (_, k) => k,
                };
            }
            Channels(b, i) => self.blocks[b].patterns[i].channels = v,
            Kernel(b, i) => self.blocks[b].patterns[i].kernel = v,
            Heads(b, i) => self.blocks[b].patterns[i].heads = v,
            HeadDim(b, i) => self.blocks[b].patterns[i].head_dim = v,
        }
    }
}

const CNN_TYPES_NAMES: [&str; 4] = ["plain", "residual", "bottleneck", "inverted_bottleneck"];
const POOL_NAMES: [&str; 3] = ["max", "avg", "max_avg"];

/// A parameter of a conv_vit genome: stem fields, or (block, pattern) fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    StemKernel,
    StemStride,
    StemChannels,
    StemCnnType,
    StemRatio,
    PoolType,
    PoolKernel,
    NumBlocks,
    BlockStride(usize),
    Depth(usize),
    Kind(usize, usize),
    CnnKind(usize, usize),
    Ratio(usize, usize),
    PatPool(usize, usize),
    Channels(usize, usize),
    Kernel(usize, usize),
    Heads(usize, usize),
    HeadDim(usize, usize),
}

/// Parameter slots of the space, active or not (HANNAH keeps a value in each): the stem's 8,
/// then per block (up to 5) stride, depth and per pattern (up to 3) its type, CNN type, ratio,
/// pool type, channels, kernel, heads and head dimension.
pub const SLOTS: usize = 8 + 5 * (2 + 3 * 8);

impl Param {
    /// This parameter's place among the space's [`SLOTS`].
    pub fn slot(self) -> usize {
        use Param::*;
        let pat = |b: usize, p: usize, k: usize| 8 + b * 26 + 2 + p * 8 + k;
        match self {
            StemKernel => 0,
            StemStride => 1,
            StemChannels => 2,
            StemCnnType => 3,
            StemRatio => 4,
            PoolType => 5,
            PoolKernel => 6,
            NumBlocks => 7,
            BlockStride(b) => 8 + b * 26,
            Depth(b) => 8 + b * 26 + 1,
            Kind(b, p) => pat(b, p, 0),
            CnnKind(b, p) => pat(b, p, 1),
            Ratio(b, p) => pat(b, p, 2),
            PatPool(b, p) => pat(b, p, 3),
            Channels(b, p) => pat(b, p, 4),
            Kernel(b, p) => pat(b, p, 5),
            Heads(b, p) => pat(b, p, 6),
            HeadDim(b, p) => pat(b, p, 7),
        }
    }
}

fn retype<G: Rng>(c: CnnBlock, ty: CnnType, ratios: Domain, rng: &mut G) -> CnnBlock {
    let ratio = match (c.ty.uses_ratio(), ty.uses_ratio()) {
        (_, false) => 1,
        (true, true) => c.ratio,
        (false, true) => ratios.sample(rng),
    };
    CnnBlock { ty, ratio }
}

fn sample_cnn<G: Rng>(rng: &mut G, ratios: Domain) -> CnnBlock {
    let ty = CNN_ALL[CNN_TYPES.sample(rng)];
    let ratio = ratios.sample(rng);
    CnnBlock { ty, ratio: if ty.uses_ratio() { ratio } else { 1 } }
}

fn sample_pattern<G: Rng>(rng: &mut G) -> Pattern {
    let kind = if PATTERN_TYPES.sample(rng) == 0 {
        PatternKind::CnnVit(sample_cnn(rng, RATIOS))
    } else {
        PatternKind::PoolVit(POOL_ALL[POOL_TYPES.sample(rng)])
    };
    Pattern {
        kind,
        channels: CHANNELS.sample(rng),
        kernel: KERNELS.sample(rng),
        heads: HEADS.sample(rng),
        head_dim: HEAD_DIMS.sample(rng),
    }
}

fn sample_block<G: Rng>(rng: &mut G) -> Block {
    let stride = STRIDES.sample(rng);
    let n = DEPTHS.sample(rng);
    Block { stride, patterns: (0..n).map(|_| sample_pattern(rng)).collect() }
}
