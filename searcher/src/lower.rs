//! Lowering to the IR with seeded weights in PyTorch's default initialisation: conv and linear
//! weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5));
//! BatchNorm gamma = 1, beta = 0, running mean = 0, running var = 1, eps = 1e-5.

use crate::builder::{Name, NetBuilder, R};
use hynas_ir::ops::{
    BatchNormAttrs, Conv2dAttrs, LinearAttentionAttrs, LinearAttrs, Pool2dAttrs, PoolKind, ReshapeAttrs, TransposeAttrs,
};
use hynas_ir::{Graph, NodeId, Op, Tensor};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub const BN_EPS: f32 = 1e-5;

pub struct IrBuilder<'r> {
    pub graph: Graph,
    rng: &'r mut ChaCha8Rng,
    /// Draw BN statistics and affine parameters at random instead of PyTorch's identity init
    /// (tests use it so that BN folding has something to fold).
    random_batch_norm: bool,
}

impl<'r> IrBuilder<'r> {
    pub fn new(rng: &'r mut ChaCha8Rng, random_batch_norm: bool) -> Self {
        IrBuilder { graph: Graph::new(), rng, random_batch_norm }
    }

    fn uniform(&mut self, name: &str, dims: &[usize], bound: f32) -> NodeId {
        let n: usize = dims.iter().product();
        let data = (0..n).map(|_| self.rng.gen_range(-bound..=bound)).collect();
        // Invariant: `data` has exactly `n` elements.
        let t = Tensor::from_vec(dims, data).expect("length matches");
        self.graph.add_const(name, t, true)
    }

    fn op(&mut self, name: Name, op: Op, operands: &[NodeId]) -> R<NodeId> {
        Ok(self.graph.add_op(&name.to_string(), op, operands)?)
    }
}

impl NetBuilder for IrBuilder<'_> {
    type V = NodeId;

    fn input(&mut self, dims: &[usize]) -> NodeId {
        self.graph.add_input("input", dims)
    }
    fn dims(&self, v: NodeId) -> Vec<usize> {
        self.graph.node(v).shape.0.clone()
    }
    fn conv(
        &mut self,
        name: Name,
        x: NodeId,
        c_out: usize,
        k: usize,
        s: usize,
        p: usize,
        groups: usize,
        bias: bool,
    ) -> R<NodeId> {
        let c_in = self.dims(x)[1];
        let fan_in = (c_in / groups.max(1) * k * k).max(1);
        let bound = 1.0 / (fan_in as f32).sqrt();
        let w = self.uniform(&format!("{name}.weight"), &[c_out, c_in / groups.max(1), k, k], bound);
        let mut operands = vec![x, w];
        if bias {
            operands.push(self.uniform(&format!("{name}.bias"), &[c_out], bound));
        }
        let attrs = Conv2dAttrs { kernel: k, stride: s, padding: p, groups, has_bias: bias };
        self.op(name, Op::Conv2d(attrs), &operands)
    }
    fn batch_norm(&mut self, name: Name, x: NodeId) -> R<NodeId> {
        let c = self.dims(x)[1];
        let mut vals = |lo: f32, hi: f32, fixed: f32| -> Vec<f32> {
            (0..c).map(|_| if self.random_batch_norm { self.rng.gen_range(lo..hi) } else { fixed }).collect()
        };
        let (g, b, m, v) = (vals(0.5, 1.5, 1.0), vals(-0.5, 0.5, 0.0), vals(-0.5, 0.5, 0.0), vals(0.5, 2.0, 1.0));
        let mut c_ = |suffix: &str, data: Vec<f32>, trainable: bool| {
            // Invariant: each vector has `c` elements.
            let t = Tensor::from_vec(&[c], data).expect("length matches");
            self.graph.add_const(&format!("{name}.{suffix}"), t, trainable)
        };
        let ops =
            [c_("weight", g, true), c_("bias", b, true), c_("running_mean", m, false), c_("running_var", v, false)];
        self.op(name, Op::BatchNorm(BatchNormAttrs { eps: BN_EPS }), &[x, ops[0], ops[1], ops[2], ops[3]])
    }
    fn relu(&mut self, name: Name, x: NodeId) -> R<NodeId> {
        self.op(name, Op::Relu, &[x])
    }
    fn add(&mut self, name: Name, a: NodeId, b: NodeId) -> R<NodeId> {
        self.op(name, Op::Add, &[a, b])
    }
    fn mul_scalar(&mut self, name: Name, x: NodeId, s: f32) -> R<NodeId> {
        self.op(name, Op::MulScalar(s), &[x])
    }
    fn pool(&mut self, name: Name, x: NodeId, kind: PoolKind, k: usize, s: usize, p: usize) -> R<NodeId> {
        self.op(name, Op::Pool2d(Pool2dAttrs { kind, kernel: k, stride: s, padding: p }), &[x])
    }
    fn global_avg_pool(&mut self, name: Name, x: NodeId) -> R<NodeId> {
        self.op(name, Op::GlobalAvgPool, &[x])
    }
    fn reshape(&mut self, name: Name, x: NodeId, dims: &[usize]) -> R<NodeId> {
        self.op(name, Op::Reshape(ReshapeAttrs { shape: dims.to_vec() }), &[x])
    }
    fn transpose(&mut self, name: Name, x: NodeId, perm: &[usize]) -> R<NodeId> {
        self.op(name, Op::Transpose(TransposeAttrs { perm: perm.to_vec() }), &[x])
    }
    fn matmul(&mut self, name: Name, a: NodeId, b: NodeId) -> R<NodeId> {
        self.op(name, Op::MatMul, &[a, b])
    }
    fn softmax(&mut self, name: Name, x: NodeId) -> R<NodeId> {
        self.op(name, Op::Softmax, &[x])
    }
    fn linear_attention(&mut self, name: Name, q: NodeId, k: NodeId, v: NodeId) -> R<NodeId> {
        self.op(name, Op::LinearAttention(LinearAttentionAttrs::default()), &[q, k, v])
    }
    fn linear(&mut self, name: Name, x: NodeId, out: usize, bias: bool) -> R<NodeId> {
        let fin = self.dims(x)[1];
        let bound = 1.0 / (fin.max(1) as f32).sqrt();
        let w = self.uniform(&format!("{name}.weight"), &[out, fin], bound);
        let mut operands = vec![x, w];
        if bias {
            operands.push(self.uniform(&format!("{name}.bias"), &[out], bound));
        }
        self.op(name, Op::Linear(LinearAttrs { has_bias: bias }), &operands)
    }
    fn output(&mut self, v: NodeId) {
        self.graph.set_outputs(&[v]);
    }
}
