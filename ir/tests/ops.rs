//! Each op on the reference interpreter against hand-computed values.

use hynas_ir::ops::{BatchNormAttrs, Conv2dAttrs, LinearAttrs, Pool2dAttrs, PoolKind, ReshapeAttrs, TransposeAttrs};
use hynas_ir::{interpret, print, verify, Graph, NodeId, Op, Tensor};

fn t(dims: &[usize], data: &[f32]) -> Tensor {
    Tensor::from_vec(dims, data.to_vec()).unwrap()
}

fn seq(dims: &[usize]) -> Tensor {
    let n: usize = dims.iter().product();
    t(dims, &(1..=n).map(|v| v as f32).collect::<Vec<_>>())
}

/// Runs one op whose first operand is the graph input and the rest constants.
fn run(op: Op, x: Tensor, consts: &[Tensor]) -> Tensor {
    let mut g = Graph::new();
    let i = g.add_input("x", x.dims());
    let mut ops = vec![i];
    for (k, c) in consts.iter().enumerate() {
        ops.push(g.add_const(&format!("c{k}"), c.clone(), true));
    }
    let y = g.add_op("y", op, &ops).unwrap();
    g.set_outputs(&[y]);
    verify(&g).unwrap();
    interpret(&g, &[x]).unwrap().remove(0)
}

fn close(a: &Tensor, b: &[f32]) {
    assert_eq!(a.data.len(), b.len(), "{:?} vs {b:?}", a.data);
    for (x, y) in a.data.iter().zip(b) {
        assert!((x - y).abs() < 1e-5, "{:?} vs {b:?}", a.data);
    }
}

fn conv(k: usize, s: usize, p: usize, g: usize, bias: bool) -> Op {
    Op::Conv2d(Conv2dAttrs { kernel: k, stride: s, padding: p, groups: g, has_bias: bias })
}

#[test]
fn conv_valid_and_padded_strided() {
    let y = run(conv(2, 1, 0, 1, false), seq(&[1, 1, 3, 3]), &[Tensor::full(&[1, 1, 2, 2], 1.0)]);
    assert_eq!(y.dims(), [1, 1, 2, 2]);
    close(&y, &[12.0, 16.0, 24.0, 28.0]);
    // k=3, s=2, p=1 over 1..9: each window sees the 2x2 corner around its centre.
    let y = run(conv(3, 2, 1, 1, true), seq(&[1, 1, 3, 3]), &[Tensor::full(&[1, 1, 3, 3], 1.0), t(&[1], &[1.0])]);
    close(&y, &[13.0, 17.0, 25.0, 29.0]);
}

#[test]
fn conv_multi_channel_and_groups() {
    // Two input channels, one output: weights 1 and 10 on a 1x1 kernel.
    let x = t(&[1, 2, 1, 2], &[1.0, 2.0, 3.0, 4.0]);
    let y = run(conv(1, 1, 0, 1, false), x.clone(), &[t(&[1, 2, 1, 1], &[1.0, 10.0])]);
    close(&y, &[31.0, 42.0]);
    // Depthwise (groups = 2): channel 0 times 2, channel 1 times -1.
    let y = run(conv(1, 1, 0, 2, false), x, &[t(&[2, 1, 1, 1], &[2.0, -1.0])]);
    close(&y, &[2.0, 4.0, -3.0, -4.0]);
}

#[test]
fn batch_norm_inference() {
    // (x - 1) / sqrt(4) * 2 + 1 with eps 0.
    let y = run(
        Op::BatchNorm(BatchNormAttrs { eps: 0.0 }),
        t(&[1, 1, 1, 3], &[1.0, 3.0, 5.0]),
        &[t(&[1], &[2.0]), t(&[1], &[1.0]), t(&[1], &[1.0]), t(&[1], &[4.0])],
    );
    close(&y, &[1.0, 3.0, 5.0]);
    let y = run(
        Op::BatchNorm(BatchNormAttrs { eps: 0.0 }),
        t(&[1, 1, 1, 2], &[3.0, -1.0]),
        &[t(&[1], &[1.0]), t(&[1], &[0.5]), t(&[1], &[1.0]), t(&[1], &[4.0])],
    );
    close(&y, &[1.5, -0.5]);
}

#[test]
fn elementwise() {
    close(&run(Op::Relu, t(&[1, 1, 1, 3], &[-1.0, 0.0, 2.0]), &[]), &[0.0, 0.0, 2.0]);
    close(&run(Op::Add, t(&[1, 3], &[1.0, 2.0, 3.0]), &[t(&[1, 3], &[10.0, 20.0, 30.0])]), &[11.0, 22.0, 33.0]);
    close(&run(Op::MulScalar(0.5), t(&[3], &[1.0, -2.0, 4.0]), &[]), &[0.5, -1.0, 2.0]);
}

fn pool(kind: PoolKind, k: usize, s: usize, p: usize) -> Op {
    Op::Pool2d(Pool2dAttrs { kind, kernel: k, stride: s, padding: p })
}

#[test]
fn max_pool_ignores_padding() {
    let y = run(pool(PoolKind::Max, 3, 2, 1), seq(&[1, 1, 4, 4]), &[]);
    close(&y, &[6.0, 8.0, 14.0, 16.0]);
    // All-negative input: padding must not contribute a 0.
    let x = Tensor { data: seq(&[1, 1, 4, 4]).data.iter().map(|v| -v).collect(), ..seq(&[1, 1, 4, 4]) };
    close(&run(pool(PoolKind::Max, 3, 2, 1), x, &[]), &[-1.0, -2.0, -5.0, -6.0]);
}

#[test]
fn avg_pool_counts_padding() {
    // count_include_pad=True: always divided by 9 here.
    let y = run(pool(PoolKind::Avg, 3, 2, 1), seq(&[1, 1, 4, 4]), &[]);
    close(&y, &[14.0 / 9.0, 30.0 / 9.0, 57.0 / 9.0, 11.0]);
    // k=2, s=2, p=1 on 3x3: the corner window holds one real value and three padded zeros.
    let y = run(pool(PoolKind::Avg, 2, 2, 1), seq(&[1, 1, 3, 3]), &[]);
    close(&y, &[0.25, 5.0 / 4.0, 11.0 / 4.0, 7.0]);
}

#[test]
fn max_avg_pool_is_the_mean_of_both() {
    let y = run(pool(PoolKind::MaxAvg, 3, 2, 1), seq(&[1, 1, 4, 4]), &[]);
    close(
        &y,
        &[
            0.5 * 6.0 + 0.5 * 14.0 / 9.0,
            0.5 * 8.0 + 0.5 * 30.0 / 9.0,
            0.5 * 14.0 + 0.5 * 57.0 / 9.0,
            0.5 * 16.0 + 0.5 * 11.0,
        ],
    );
}

#[test]
fn global_avg_pool() {
    let y = run(Op::GlobalAvgPool, seq(&[1, 2, 2, 2]), &[]);
    assert_eq!(y.dims(), [1, 2, 1, 1]);
    close(&y, &[2.5, 6.5]);
}

#[test]
fn linear_and_matmul() {
    let y = run(
        Op::Linear(LinearAttrs { has_bias: true }),
        t(&[1, 2], &[1.0, 2.0]),
        &[t(&[3, 2], &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]), t(&[3], &[0.0, 0.0, 1.0])],
    );
    close(&y, &[1.0, 2.0, 4.0]);
    // Two batches: [1 2] x [3;4] = 11, [5 6] x [7;8] = 83.
    let y = run(Op::MatMul, t(&[2, 1, 2], &[1.0, 2.0, 5.0, 6.0]), &[t(&[2, 2, 1], &[3.0, 4.0, 7.0, 8.0])]);
    assert_eq!(y.dims(), [2, 1, 1]);
    close(&y, &[11.0, 83.0]);
}

#[test]
fn softmax_last_axis() {
    let y = run(Op::Softmax, t(&[2, 2], &[0.0, 3f32.ln(), 1000.0, 1000.0]), &[]);
    close(&y, &[0.25, 0.75, 0.5, 0.5]);
}

#[test]
fn reshape_and_transpose() {
    let y = run(Op::Reshape(ReshapeAttrs { shape: vec![3, 2] }), seq(&[2, 3]), &[]);
    assert_eq!(y.dims(), [3, 2]);
    close(&y, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let y = run(Op::Transpose(TransposeAttrs { perm: vec![1, 0] }), seq(&[2, 3]), &[]);
    assert_eq!(y.dims(), [3, 2]);
    close(&y, &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    let y = run(Op::Transpose(TransposeAttrs { perm: vec![0, 2, 1] }), seq(&[1, 2, 2]), &[]);
    close(&y, &[1.0, 3.0, 2.0, 4.0]);
}

#[test]
fn shape_errors_name_the_node() {
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 1, 2, 2]);
    let w = g.add_const("w", Tensor::zeros(&[1, 1, 5, 5]), true);
    let e = g.add_op("big", conv(5, 1, 0, 1, false), &[x, w]).unwrap_err().to_string();
    assert!(e.contains("big") && e.contains("conv2d"), "{e}");
    let y = g.add_input("y", &[1, 2]);
    let e = g.add_op("sum", Op::Add, &[x, y]).unwrap_err().to_string();
    assert!(e.contains("same shape"), "{e}");
    let e = g.add_op("bad", Op::Transpose(TransposeAttrs { perm: vec![0, 0] }), &[y]).unwrap_err().to_string();
    assert!(e.contains("permutation"), "{e}");
}

fn small_graph() -> (Graph, NodeId) {
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 1, 4, 4]);
    let w = g.add_const("conv.weight", Tensor::full(&[2, 1, 3, 3], 0.5), true);
    let c = g.add_op("conv", conv(3, 2, 1, 1, false), &[x, w]).unwrap();
    let r = g.add_op("relu", Op::Relu, &[c]).unwrap();
    g.set_outputs(&[r]);
    (g, c)
}

#[test]
fn printer_is_deterministic_and_readable() {
    let (g, _) = small_graph();
    let text = print(&g);
    let expected = "%0 = input \"x\" : f32[1,1,4,4]\n\
                    %w1 = const \"conv.weight\" : f32[2,1,3,3]\n\
                    %2 = conv2d(%0, %w1) {k=3,s=2,p=1,g=1} : f32[1,2,2,2]  # conv\n\
                    %3 = relu(%2) : f32[1,2,2,2]  # relu\n\
                    return %3\n";
    assert_eq!(text, expected);
    assert_eq!(print(&g.clone()), text);
}

#[test]
fn verifier_catches_a_wrong_shape() {
    let (mut g, c) = small_graph();
    verify(&g).unwrap();
    g.node_mut(c).unwrap().shape = hynas_ir::Shape::new(&[1, 2, 4, 4]);
    let e = verify(&g).unwrap_err().to_string();
    assert!(e.contains("conv") && e.contains("stored shape"), "{e}");
}

#[test]
fn weights_round_trip_through_safetensors() {
    let (g, _) = small_graph();
    let bytes = hynas_ir::weights::to_safetensors(&g).unwrap();
    let (mut g2, _) = small_graph();
    for id in g2.node_ids() {
        if let Some(hynas_ir::NodeKind::Const { data, .. }) = g2.node_mut(id).map(|n| &mut n.kind) {
            data.data.iter_mut().for_each(|v| *v = 0.0);
        }
    }
    hynas_ir::weights::load_safetensors(&mut g2, &bytes).unwrap();
    assert_eq!(hynas_ir::weights::constants(&g), hynas_ir::weights::constants(&g2));
    // A file from another graph is rejected, naming the tensor.
    let mut other = Graph::new();
    let x = other.add_input("x", &[1, 1, 4, 4]);
    let w = other.add_const("other.weight", Tensor::zeros(&[1, 1, 1, 1]), true);
    let y = other.add_op("c", conv(1, 1, 0, 1, false), &[x, w]).unwrap();
    other.set_outputs(&[y]);
    let e = hynas_ir::weights::load_safetensors(&mut other, &bytes).unwrap_err().to_string();
    assert!(e.contains("other.weight"), "{e}");
}

#[test]
fn activation_peak_over_the_schedule() {
    let (g, _) = small_graph();
    let s = g.activation_stats().unwrap();
    // input 64 B, conv out 32 B, relu out 32 B; peak when conv and relu outputs are live.
    assert_eq!(s.bytes, vec![64, 32, 32]);
    assert_eq!(s.peak, 96);
    assert_eq!(g.param_count(), 18);
    assert_eq!(g.macs(), 2 * 2 * 2 * 9);
}
