//! Every f32 kernel family swept over shapes against the reference interpreter: convolution
//! (channels 1-64, sizes 1-32, kernels 1-9, strides 1-2, padding 0 to k/2, dense, grouped,
//! depthwise, pointwise, with no epilogue, a ReLU, or a residual add and ReLU), pooling (max,
//! average, max+avg; kernels 1-9, strides 1-2, padding), attention and linear attention (heads,
//! head sizes 1-64, 1-256 tokens), dense (linear and batched matmul) and the elementwise and layout kernels. Each
//! case is one op (and its fused epilogue) optimised by the pass pipeline, run by the host JIT
//! with the tuned and the baseline schedules, and in Spike (every convolution and attention case;
//! every second pooling case; every fourth of the rest); a case fails when an output is more than 1e-4 of the reference's largest magnitude
//! away.

use hynas_codegen::Schedules;
use hynas_ir::ops::{ClipAttrs, Conv2dAttrs, LinearAttrs, Pool2dAttrs, PoolKind, TransposeAttrs};
use hynas_ir::{interpret, Graph, NodeId, Op, Tensor};
use hynas_runtime::HostModel;
use hynas_runtime::{run_on_spike, RunOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

fn konst(g: &mut Graph, rng: &mut ChaCha8Rng, name: &str, shape: &[usize], bound: f32) -> NodeId {
    let n: usize = shape.iter().product();
    g.add_const(name, Tensor::from_vec(shape, (0..n).map(|_| rng.gen_range(-bound..bound)).collect()).unwrap(), true)
}

/// Runs `g` (one input) on the host with both schedules and, when `spike`, in Spike; `Err` says
/// which run differs and by how much.
fn check(g: &Graph, seed: u64, spike: bool) -> Result<(), String> {
    hynas_ir::verify(g).map_err(|e| e.to_string())?;
    let (opt, plan) = hynas_passes::optimize(g, Default::default()).map_err(|e| e.to_string())?;
    let dims = g.node(g.inputs()[0]).shape.dims().to_vec();
    let x = hynas::test_input(&dims, seed);
    let want = interpret(g, std::slice::from_ref(&x)).map_err(|e| e.to_string())?.remove(0);
    let mut runs = Vec::new();
    for sch in [Schedules::Tuned, Schedules::Baseline] {
        let m = HostModel::with_schedules(&opt, &plan, sch).map_err(|e| e.to_string())?;
        runs.push((format!("host {}", sch.name()), m.run(&x.data).map_err(|e| e.to_string())?));
    }
    if spike {
        let opts = RunOptions { timeout: Duration::from_secs(120), ..Default::default() };
        runs.push(("spike".into(), run_on_spike(&opt, &plan, &x.data, &opts).map_err(|e| e.to_string())?.outputs));
    }
    let mut errs = Vec::new();
    for (what, got) in runs {
        let e = Tensor { shape: want.shape.clone(), data: got }.rel_error(&want);
        if e.is_nan() || e > 1e-4 {
            errs.push(format!("{what}: relative error {e:.2e}"));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// Checks every case on the host and every `spike_every`-th in Spike.
fn sweep(family: &str, cases: Vec<(String, Graph)>, spike_every: usize) {
    let mut failures = Vec::new();
    for (i, (label, g)) in cases.iter().enumerate() {
        if let Err(e) = check(g, i as u64, i % spike_every == 0) {
            failures.push(format!("{label}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{family}: {} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A convolution of `n` images. Epilogue: 0 none, 1 ReLU, 2 residual add + ReLU (a second
/// convolution of the input as the other operand).
#[allow(clippy::too_many_arguments)]
fn conv_graph(
    n: usize,
    c: usize,
    hw: usize,
    o: usize,
    k: usize,
    s: usize,
    p: usize,
    groups: usize,
    ep: u8,
    seed: u64,
) -> Graph {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = Graph::new();
    let x = g.add_input("x", &[n, c, hw, hw]);
    let cg = c / groups;
    let bound = 1.0 / ((cg * k * k) as f32).sqrt();
    let attrs = Conv2dAttrs { kernel: k, stride: s, padding: p, groups, has_bias: !seed.is_multiple_of(3) };
    let mut conv = |g: &mut Graph, name: &str| {
        let w = konst(g, &mut rng, &format!("{name}.w"), &[o, cg, k, k], bound);
        let mut ops = vec![x, w];
        if attrs.has_bias {
            ops.push(konst(g, &mut rng, &format!("{name}.b"), &[o], bound));
        }
        g.add_op(name, Op::Conv2d(attrs.clone()), &ops).unwrap()
    };
    let mut y = conv(&mut g, "conv");
    if ep == 2 {
        let skip = conv(&mut g, "skip");
        y = g.add_op("add", Op::Add, &[y, skip]).unwrap();
    }
    if ep >= 1 {
        y = g.add_op("relu", Op::Relu, &[y]).unwrap();
    }
    g.set_outputs(&[y]);
    g
}

#[test]
fn convolution_kernels_match_the_interpreter() {
    let mut rng = ChaCha8Rng::seed_from_u64(715);
    // Fixed cases first: ResNet-8's and the hybrids' layer shapes, edges of the tile choice.
    let mut shapes = vec![
        (16, 32, 16, 3, 1, 1, 1, 1),
        (16, 32, 32, 3, 2, 1, 1, 1),
        (64, 8, 64, 3, 1, 1, 1, 2),
        (32, 16, 64, 1, 2, 0, 1, 2),
        (3, 32, 28, 7, 1, 3, 1, 1),
        (28, 32, 28, 7, 1, 3, 28, 1),
        (28, 32, 28, 1, 1, 0, 1, 2),
        (48, 8, 288, 1, 1, 0, 1, 0),
        (3, 32, 16, 7, 2, 3, 1, 1),
        (4, 4, 6, 9, 1, 4, 1, 0),
        (6, 7, 6, 7, 2, 3, 3, 0),
        (2, 1, 3, 1, 1, 0, 1, 0),
        (64, 5, 64, 5, 1, 2, 64, 1),
    ];
    while shapes.len() < 72 {
        let k = [1, 3, 5, 7, 9][rng.gen_range(0..5)];
        let hw = rng.gen_range(1..=32usize);
        let p = rng.gen_range(0..=k / 2);
        if hw + 2 * p < k {
            continue;
        }
        let groups = [1, 1, 2, 4][rng.gen_range(0..4)];
        let c = groups * rng.gen_range(1..=16usize);
        let o = groups * [1, 2, 3, 4, 5, 6, 8, 16][rng.gen_range(0..8)];
        let (o, groups) = if rng.gen_bool(0.2) { (c, c) } else { (o, groups) };
        shapes.push((c, hw, o, k, rng.gen_range(1..=2), p, groups, rng.gen_range(0..3u8)));
    }
    let cases = shapes
        .iter()
        .enumerate()
        .map(|(i, &(c, hw, o, k, s, p, g, ep))| {
            (
                format!("c{c} {hw}x{hw} -> o{o} k{k} s{s} p{p} g{g} epilogue {ep}"),
                conv_graph(1, c, hw, o, k, s, p, g, ep, i as u64),
            )
        })
        .collect();
    // Spike runs every case (its code is what ships).
    sweep("conv", cases, 1);
}

/// Convolutions of a batch of images (dense, grouped, depthwise, pointwise; padded, strided;
/// with a residual add): the image loop around the tiled kernel.
#[test]
fn batched_convolutions_match_the_interpreter() {
    let shapes = [
        (2, 8, 9, 8, 3, 1, 1, 1, 2),
        (3, 6, 7, 6, 3, 2, 1, 6, 1),
        (2, 4, 5, 12, 1, 1, 0, 1, 0),
        (2, 6, 8, 4, 5, 2, 2, 2, 1),
    ];
    let cases = shapes
        .iter()
        .enumerate()
        .map(|(i, &(n, c, hw, o, k, s, p, g, ep))| {
            (
                format!("{n} x c{c} {hw}x{hw} -> o{o} k{k} s{s} p{p} g{g} epilogue {ep}"),
                conv_graph(n, c, hw, o, k, s, p, g, ep, 100 + i as u64),
            )
        })
        .collect();
    sweep("batched conv", cases, 1);
}

#[test]
fn pooling_kernels_match_the_interpreter() {
    let mut rng = ChaCha8Rng::seed_from_u64(716);
    let mut cases = Vec::new();
    let mut fixed = vec![
        (PoolKind::Avg, 28, 32, 5, 2, 2),
        (PoolKind::MaxAvg, 28, 16, 5, 2, 2),
        (PoolKind::Max, 20, 8, 7, 1, 3),
        (PoolKind::Avg, 48, 8, 7, 1, 3),
        (PoolKind::MaxAvg, 3, 9, 3, 2, 1),
        (PoolKind::Max, 2, 1, 1, 1, 0),
    ];
    while fixed.len() < 48 {
        let k = rng.gen_range(1..=9usize);
        let hw = rng.gen_range(1..=32usize);
        let p = rng.gen_range(0..=k / 2);
        if hw + 2 * p < k {
            continue;
        }
        let kind = [PoolKind::Max, PoolKind::Avg, PoolKind::MaxAvg][rng.gen_range(0..3)];
        fixed.push((kind, rng.gen_range(1..=16), hw, k, rng.gen_range(1..=2), p));
    }
    for (kind, c, hw, k, s, p) in fixed {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        let y = g.add_op("pool", Op::Pool2d(Pool2dAttrs { kind, kernel: k, stride: s, padding: p }), &[x]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("{} c{c} {hw}x{hw} k{k} s{s} p{p}", kind.name()), g));
    }
    sweep("pool", cases, 2);
}

/// Attention cases: the fixed (heads, d, tokens) shapes, then random ones up to 24 (heads 1-4,
/// d 1-64, tokens 1-100); `build` makes the op from the input [1, h, d, N].
fn attention_cases(
    seed: u64,
    fixed: &[(usize, usize, usize)],
    build: fn(&mut Graph, NodeId) -> NodeId,
) -> Vec<(String, Graph)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut shapes = fixed.to_vec();
    while shapes.len() < 24 {
        shapes.push((rng.gen_range(1..=4), rng.gen_range(1..=64), rng.gen_range(1..=100)));
    }
    shapes
        .into_iter()
        .map(|(h, d, n)| {
            let mut g = Graph::new();
            let x = g.add_input("x", &[1, h, d, n]);
            let y = build(&mut g, x);
            g.set_outputs(&[y]);
            (format!("heads {h} d {d} tokens {n}"), g)
        })
        .collect()
}

#[test]
fn attention_kernels_match_the_interpreter() {
    let fixed =
        [(2, 16, 64), (6, 48, 64), (6, 32, 64), (1, 8, 256), (3, 5, 7), (1, 1, 1), (2, 64, 16), (1, 8, 3), (2, 8, 9)];
    let cases = attention_cases(717, &fixed, |g, q| {
        // k and v from q by scalar multiplies (one graph input, as the harness runs).
        let k = g.add_op("k", Op::MulScalar(0.7), &[q]).unwrap();
        let v = g.add_op("v", Op::MulScalar(-1.3), &[q]).unwrap();
        g.add_op("attention", Op::Attention, &[q, k, v]).unwrap()
    });
    // Spike runs every case (its code is what ships).
    sweep("attention", cases, 1);
}

#[test]
fn linear_attention_kernels_match_the_interpreter() {
    let fixed =
        [(2, 16, 64), (6, 48, 64), (1, 64, 16), (1, 8, 256), (3, 5, 7), (1, 1, 1), (2, 64, 4), (1, 3, 2), (4, 16, 9)];
    let cases = attention_cases(719, &fixed, |g, x| {
        // q = ReLU(x), k = ReLU(0.7 x), v = -1.3 x: q and k come out of ReLUs in every graph
        // hynas builds.
        let q = g.add_op("q", Op::Relu, &[x]).unwrap();
        let k = g.add_op("k0", Op::MulScalar(0.7), &[x]).unwrap();
        let k = g.add_op("k", Op::Relu, &[k]).unwrap();
        let v = g.add_op("v", Op::MulScalar(-1.3), &[x]).unwrap();
        g.add_op("linear_attention", Op::LinearAttention(Default::default()), &[q, k, v]).unwrap()
    });
    sweep("linear attention", cases, 1);
}

#[test]
fn dense_elementwise_and_layout_kernels_match_the_interpreter() {
    let mut rng = ChaCha8Rng::seed_from_u64(718);
    let mut cases = Vec::new();
    for i in 0..12u64 {
        let (n, fin, fout) = (rng.gen_range(1..=3), rng.gen_range(1..=160), rng.gen_range(1..=40));
        let mut g = Graph::new();
        let x = g.add_input("x", &[n, fin]);
        let w = konst(&mut g, &mut rng, "w", &[fout, fin], 0.3);
        let b = konst(&mut g, &mut rng, "b", &[fout], 0.3);
        let has_bias = i % 2 == 0;
        let ops = if has_bias { vec![x, w, b] } else { vec![x, w] };
        let y = g.add_op("fc", Op::Linear(LinearAttrs { has_bias }), &ops).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("linear {n}x{fin} -> {fout}"), g));
    }
    for _ in 0..8 {
        let (b, m, k) = (rng.gen_range(1..=4), rng.gen_range(1..=20), rng.gen_range(1..=20));
        let mut g = Graph::new();
        let x = g.add_input("x", &[b, m, k]);
        let t = g.add_op("t", Op::Transpose(TransposeAttrs { perm: vec![0, 2, 1] }), &[x]).unwrap();
        let y = g.add_op("mm", Op::MatMul, &[x, t]).unwrap();
        let y = g.add_op("relu", Op::Relu, &[y]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("matmul {b}x{m}x{k} by its transpose"), g));
    }
    for (c, hw) in [(16, 8), (3, 1), (40, 5)] {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        let a = g.add_op("gap", Op::GlobalAvgPool, &[x]).unwrap();
        let b = g.add_op("clip", Op::Clip(ClipAttrs { min: -0.25, max: 0.5 }), &[x]).unwrap();
        let m = g.add_op("mul", Op::MulScalar(1.5), &[b]).unwrap();
        let s = g.add_op("add", Op::Add, &[m, x]).unwrap();
        let r = g.add_op("sm", Op::Softmax, &[s]).unwrap();
        let gap = g.add_op("gap2", Op::GlobalAvgPool, &[r]).unwrap();
        let y = g.add_op("sum", Op::Add, &[a, gap]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("gap, clip, mul, add, softmax on c{c} {hw}x{hw}"), g));
    }
    sweep("dense and elementwise", cases, 4);
}
