//! HANNAH's ResNet space (`hannah/models/resnet`), the paper's baseline family: a stem
//! conv-BN-ReLU (k in {3,5}, 16..32 channels, stride 1 or 2 as in HANNAH), then 1..7 blocks of
//! 1..3 conv-BN-ReLU layers (the block's stride on its first layer) with a 1x1 conv-BN-ReLU
//! shortcut added at the end; global average pool + Linear(10).

use crate::builder::{add_shortcut, classifier_head, conv_bn_relu, Name, NetBuilder, R};
use crate::domain::{Domain, Obj};
use crate::SearchError;
use rand::Rng;
use serde_json::{json, Value};

pub const STEM_KERNELS: Domain = Domain::Values(&[3, 5]);
pub const STEM_CHANNELS: Domain = Domain::Range { min: 16, max: 32, step: 4 };
pub const STRIDES: Domain = Domain::Values(&[1, 2]);
pub const NUM_BLOCKS: Domain = Domain::Range { min: 1, max: 7, step: 1 };
pub const DEPTHS: Domain = Domain::Range { min: 1, max: 3, step: 1 };
pub const CHANNELS: Domain = Domain::Range { min: 16, max: 64, step: 4 };
pub const KERNELS: Domain = Domain::Values(&[3, 5, 7, 9]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    pub channels: usize,
    pub kernel: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResBlock {
    pub stride: usize,
    pub layers: Vec<Layer>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResnetGenome {
    pub stem_kernel: usize,
    pub stem_stride: usize,
    pub stem_channels: usize,
    pub blocks: Vec<ResBlock>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    StemKernel,
    StemStride,
    StemChannels,
    NumBlocks,
    BlockStride(usize),
    Depth(usize),
    Channels(usize, usize),
    Kernel(usize, usize),
}

/// Parameter slots of the space, active or not: the stem's 4, then per block (up to 7) stride,
/// depth and per layer (up to 3) channels and kernel.
pub const SLOTS: usize = 4 + 7 * (2 + 3 * 2);

impl Param {
    /// This parameter's place among the space's [`SLOTS`].
    pub fn slot(self) -> usize {
        use Param::*;
        match self {
            StemKernel => 0,
            StemStride => 1,
            StemChannels => 2,
            NumBlocks => 3,
            BlockStride(b) => 4 + b * 8,
            Depth(b) => 4 + b * 8 + 1,
            Channels(b, l) => 4 + b * 8 + 2 + l * 2,
            Kernel(b, l) => 4 + b * 8 + 2 + l * 2 + 1,
        }
    }
}

fn sample_layer<G: Rng>(rng: &mut G) -> Layer {
    Layer { channels: CHANNELS.sample(rng), kernel: KERNELS.sample(rng) }
}

fn sample_block<G: Rng>(rng: &mut G) -> ResBlock {
    let stride = STRIDES.sample(rng);
    let n = DEPTHS.sample(rng);
    ResBlock { stride, layers: (0..n).map(|_| sample_layer(rng)).collect() }
}

impl ResnetGenome {
    pub fn build<B: NetBuilder>(&self, b: &mut B, input: &[usize], classes: usize) -> R<B::V> {
        let x = b.input(input);
        let mut x = conv_bn_relu(b, &"stem", x, self.stem_channels, self.stem_kernel, self.stem_stride, 1)?;
        for (bi, blk) in self.blocks.iter().enumerate() {
            let block_in = x;
            for (li, l) in blk.layers.iter().enumerate() {
                let s = if li == 0 { blk.stride } else { 1 };
                x = conv_bn_relu(b, &format_args!("blocks.{bi}.layers.{li}"), x, l.channels, l.kernel, s, 1)?;
            }
            x = add_shortcut(b, &format_args!("blocks.{bi}"), block_in, x)?;
        }
        let y = classifier_head(b, x, classes)?;
        b.output(y);
        Ok(x)
    }

    pub fn to_json(&self) -> Value {
        let blocks: Vec<Value> = self
            .blocks
            .iter()
            .map(|b| {
                let layers: Vec<Value> =
                    b.layers.iter().map(|l| json!({"channels": l.channels, "kernel": l.kernel})).collect();
                json!({"stride": b.stride, "layers": layers})
            })
            .collect();
        json!({
            "stem": {"kernel": self.stem_kernel, "stride": self.stem_stride, "channels": self.stem_channels},
            "blocks": blocks,
        })
    }

    pub fn from_json(root: &Obj) -> Result<Self, SearchError> {
        let s = root.obj("stem")?;
        s.only(&["kernel", "stride", "channels"])?;
        let (stem_kernel, stem_stride, stem_channels) =
            (s.read("kernel", STEM_KERNELS)?, s.read("stride", STRIDES)?, s.read("channels", STEM_CHANNELS)?);
        let mut blocks = Vec::new();
        for b in root.array("blocks", 1, 7)? {
            b.only(&["stride", "layers"])?;
            let mut layers = Vec::new();
            for l in b.array("layers", 1, 3)? {
                l.only(&["channels", "kernel"])?;
                layers.push(Layer { channels: l.read("channels", CHANNELS)?, kernel: l.read("kernel", KERNELS)? });
            }
            blocks.push(ResBlock { stride: b.read("stride", STRIDES)?, layers });
        }
        Ok(ResnetGenome { stem_kernel, stem_stride, stem_channels, blocks })
    }

    pub fn sample<G: Rng>(rng: &mut G) -> Self {
        let stem_kernel = STEM_KERNELS.sample(rng);
        let stem_stride = STRIDES.sample(rng);
        let stem_channels = STEM_CHANNELS.sample(rng);
        let n = NUM_BLOCKS.sample(rng);
        ResnetGenome { stem_kernel, stem_stride, stem_channels, blocks: (0..n).map(|_| sample_block(rng)).collect() }
    }

    pub fn params(&self) -> Vec<(Param, Domain, usize)> {
        use Param::*;
        let mut v = vec![
            (StemKernel, STEM_KERNELS, self.stem_kernel),
            (StemStride, STRIDES, self.stem_stride),
            (StemChannels, STEM_CHANNELS, self.stem_channels),
            (NumBlocks, NUM_BLOCKS, self.blocks.len()),
        ];
        for (b, blk) in self.blocks.iter().enumerate() {
            v.push((BlockStride(b), STRIDES, blk.stride));
            v.push((Depth(b), DEPTHS, blk.layers.len()));
            for (l, layer) in blk.layers.iter().enumerate() {
                v.push((Channels(b, l), CHANNELS, layer.channels));
                v.push((Kernel(b, l), KERNELS, layer.kernel));
            }
        }
        v
    }

    pub fn set<G: Rng>(&mut self, p: Param, v: usize, rng: &mut G) {
        use Param::*;
        match p {
            StemKernel => self.stem_kernel = v,
            StemStride => self.stem_stride = v,
            StemChannels => self.stem_channels = v,
            NumBlocks => {
                self.blocks.truncate(v);
                while self.blocks.len() < v {
                    self.blocks.push(sample_block(rng));
                }
            }
            BlockStride(b) => self.blocks[b].stride = v,
            Depth(b) => {
                let layers = &mut self.blocks[b].layers;
                layers.truncate(v);
                while layers.len() < v {
                    layers.push(sample_layer(rng));
                }
            }
            Channels(b, l) => self.blocks[b].layers[l].channels = v,
            Kernel(b, l) => self.blocks[b].layers[l].kernel = v,
        }
    }
}

/// The fixed MLPerf Tiny image-classification ResNet-8 (mlcommons/tiny; every conv has a bias as
/// in the Keras reference): conv3x3(16)+BN+ReLU; three stacks (16/32/64 channels, strides
/// 1/2/2) of conv3x3+BN+ReLU, conv3x3+BN, + shortcut (identity, then 1x1 conv with the stack's
/// stride), ReLU; global average pool; Linear(64 -> 10). 78,186 parameters.
pub fn build_resnet8<B: NetBuilder>(b: &mut B, input: &[usize], classes: usize) -> R<B::V> {
    let conv_bn = |b: &mut B, name: Name, x: B::V, c: usize, s: usize| -> R<B::V> {
        let y = b.conv(&format_args!("{name}.conv"), x, c, 3, s, 1, 1, true)?;
        b.batch_norm(&format_args!("{name}.bn"), y)
    };
    let x = b.input(input);
    let y = conv_bn(b, &"stem", x, 16, 1)?;
    let mut x = b.relu(&"stem.relu", y)?;
    for (i, (c, s)) in [(16, 1), (32, 2), (64, 2)].into_iter().enumerate() {
        let name = format!("stack{}", i + 1);
        let y = conv_bn(b, &format_args!("{name}.0"), x, c, s)?;
        let y = b.relu(&format_args!("{name}.0.relu"), y)?;
        let y = conv_bn(b, &format_args!("{name}.1"), y, c, 1)?;
        let short = if i == 0 { x } else { b.conv(&format_args!("{name}.shortcut"), x, c, 1, s, 0, 1, true)? };
        let y = b.add(&format_args!("{name}.add"), y, short)?;
        x = b.relu(&format_args!("{name}.relu"), y)?;
    }
    let y = classifier_head(b, x, classes)?;
    b.output(y);
    Ok(x)
}
