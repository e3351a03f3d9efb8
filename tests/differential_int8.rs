//! int8 differential tests: seeded random genomes of every space within 100k parameters, plus
//! ResNet-8, quantised (random BN statistics, calibrated on random images): the RISC-V program
//! in Spike (rv32imc and rv32im, no FPU: Spike with that ISA traps on any float instruction) and
//! the host-compiled code give the integer reference interpreter's outputs bit for bit; the
//! objects hold no floating-point instruction; an f32 model for a target without FPU is refused.

use hynas::test_input;
use hynas_codegen::{compile, Options as CgOptions, Schedules, Target};
use hynas_ir::{interpret_int, DType, Graph, IntTensor};
use hynas_passes::plan_memory::{plan, Algorithm, MemoryPlan};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_runtime::HostModel;
use hynas_runtime::{run_int_on_spike, RunOptions};
use hynas_searcher::{Genome, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

fn quantised(g: &Genome, seed: u64) -> (Graph, MemoryPlan) {
    let graph = g.lower_with(seed, true).unwrap();
    let calib: Vec<_> = (0..2).map(|k| test_input(&g.input_dims(), seed * 7 + k)).collect();
    let q = quantize_model(&graph, &calib, Calibration::MinMax, 2).unwrap();
    let p = plan(&q, Algorithm::HillClimb { iterations: 500, seed: 0 }).unwrap();
    (q, p)
}

fn check(g: &Genome, seed: u64, target: Target) {
    let (q, p) = quantised(g, seed);
    let dims = g.input_dims();
    let n: usize = dims.iter().product();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let x: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
    let want = interpret_int(&q, &[IntTensor::from_vec(&dims, DType::I8, x.clone()).unwrap()]).unwrap().remove(0);
    let what = g.to_json().to_string();
    let host = HostModel::new(&q, &p).unwrap().run_int(&x.iter().map(|&v| v as i8).collect::<Vec<_>>()).unwrap();
    assert_eq!(host.into_iter().map(i32::from).collect::<Vec<_>>(), want.data, "host: {what}");
    let opts = RunOptions { target, timeout: Duration::from_secs(120), ..Default::default() };
    let prof = run_int_on_spike(&q, &p, &x, 1, &opts).unwrap();
    assert_eq!(prof.int_outputs, want.data, "spike {}: {what}", target.name());
    assert!(prof.instructions > 0 && prof.stack_bytes > 0);
}

/// Float mnemonics of the F and D extensions (loads, stores, arithmetic, moves, conversions).
fn float_instructions(asm: &str) -> Vec<&str> {
    asm.lines()
        .map(str::trim)
        .filter(|l| {
            let m = l.split_whitespace().next().unwrap_or("");
            [
                "flw", "fsw", "fld", "fsd", "fmv", "fcvt", "fadd", "fsub", "fmul", "fdiv", "fmadd", "fmsub", "fnm",
                "fmin", "fmax", "fsqrt", "fsgnj", "feq", "flt", "fle", "fclass",
            ]
            .iter()
            .any(|f| m.starts_with(f))
        })
        .collect()
}

fn space(space: Space, seed: u64, n: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in 0..n {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        check(&g, seed * 1000 + i as u64, Target::Rv32imc);
    }
}

#[test]
fn int8_conv_vit_genomes_agree_bit_for_bit() {
    space(Space::ConvVit, 41, 32);
}

#[test]
fn int8_conv_vit_lin_genomes_agree_bit_for_bit() {
    space(Space::ConvVitLin, 44, 16);
}

#[test]
fn int8_resnet_genomes_agree_bit_for_bit() {
    space(Space::Resnet, 42, 32);
}

#[test]
fn int8_resnet8_on_every_integer_target_without_float() {
    for t in [Target::Rv32imc, Target::Rv32im] {
        check(&Genome::Resnet8, 1, t);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(43);
    let (g, _) = Space::ConvVit.sample_valid(&mut rng, 100_000).unwrap();
    check(&g, 5, Target::Rv32im);
    // No float instruction in the object, even on a target that has an FPU.
    let (q, p) = quantised(&g, 5);
    for t in [Target::Rv32imc, Target::Rv32imf] {
        let c = compile(&q, &p, &CgOptions { target: t, ..Default::default() }, true).unwrap();
        assert!(c.asm.contains("hynas_model_run"), "no assembly text");
        let f = float_instructions(&c.asm);
        assert!(f.is_empty(), "{}: float instructions in an int8 object: {:?}", t.name(), &f[..f.len().min(5)]);
        assert!(c.header.contains("void hynas_model_run(const int8_t *in, int8_t *out);"), "{}", c.header);
        assert!(c.header.contains("HYNAS_MODEL_INPUT_ZERO_POINT"), "{}", c.header);
    }
    // And the check can fail: the f32 model on rv32imf is full of them.
    let f32_graph = hynas_passes::optimize(&g.lower(5).unwrap(), Default::default()).unwrap();
    let c = compile(&f32_graph.0, &f32_graph.1, &CgOptions::default(), true).unwrap();
    assert!(!float_instructions(&c.asm).is_empty());
    // An f32 model for a target without FPU is refused, naming the way out.
    let e = compile(&f32_graph.0, &f32_graph.1, &CgOptions { target: Target::Rv32imc, ..Default::default() }, false);
    let e = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("target rv32imc has no FPU") && e.contains("quantise the model to int8"), "{e}");
}

/// One quantised convolution (optionally grouped, optionally followed by a residual add that
/// `fuse_ops` folds into it) on the host, and in Spike when `spike`, against the integer
/// interpreter; `Err` names the first differing output.
#[allow(clippy::too_many_arguments)]
fn conv_case(
    c: usize,
    hw: usize,
    o: usize,
    k: usize,
    s: usize,
    p: usize,
    groups: usize,
    residual: bool,
    seed: u64,
    spike: bool,
) -> Result<(), String> {
    use hynas_ir::ops::Conv2dAttrs;
    use hynas_ir::{Op, Tensor};
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = Graph::new();
    let dims = vec![1, c, hw, hw];
    let x = g.add_input("x", &dims);
    let cg = c / groups;
    let bound = 1.0 / ((cg * k * k) as f32).sqrt();
    let mut konst = |g: &mut Graph, name: &str, shape: &[usize]| {
        let n: usize = shape.iter().product();
        let t = Tensor::from_vec(shape, (0..n).map(|_| rng.gen_range(-bound..bound)).collect()).unwrap();
        g.add_const(name, t, true)
    };
    let w = konst(&mut g, "w", &[o, cg, k, k]);
    let b = konst(&mut g, "b", &[o]);
    let attrs = Conv2dAttrs { kernel: k, stride: s, padding: p, groups, has_bias: true };
    let mut y = g.add_op("conv", Op::Conv2d(attrs.clone()), &[x, w, b]).unwrap();
    if residual {
        // The other operand: a second convolution of the input (an activation of the same shape).
        let (w2, b2) = (konst(&mut g, "w2", &[o, cg, k, k]), konst(&mut g, "b2", &[o]));
        let skip = g.add_op("skip", Op::Conv2d(attrs.clone()), &[x, w2, b2]).unwrap();
        y = g.add_op("add", Op::Add, &[y, skip]).unwrap();
        y = g.add_op("relu", Op::Relu, &[y]).unwrap();
    }
    g.set_outputs(&[y]);
    agree(&g, seed, spike)
}

/// Quantises the f32 graph `g` (calibrated on two seeded images) and compares the host-compiled
/// kernels (tuned and baseline schedules; and in Spike, when `spike`) with the integer
/// interpreter on one seeded input.
fn agree(g: &Graph, seed: u64, spike: bool) -> Result<(), String> {
    use hynas_ir::Tensor;
    let dims = g.node(g.inputs()[0]).shape.dims().to_vec();
    let n: usize = dims.iter().product();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let calib: Vec<Tensor> =
        (0..2).map(|_| Tensor::from_vec(&dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()).collect();
    let q = quantize_model(g, &calib, Calibration::MinMax, 2).unwrap();
    let pl = plan(&q, Algorithm::Greedy).unwrap();
    let xi: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
    let want = interpret_int(&q, &[IntTensor::from_vec(&dims, DType::I8, xi.clone()).unwrap()]).unwrap().remove(0);
    let x8: Vec<i8> = xi.iter().map(|&v| v as i8).collect();
    let mut runs = vec![];
    for (what, sch) in [("host", Schedules::Tuned), ("host baseline", Schedules::Baseline)] {
        let m = HostModel::with_schedules(&q, &pl, sch).unwrap();
        runs.push((what, m.run_int(&x8).unwrap().into_iter().map(i32::from).collect::<Vec<_>>()));
    }
    if spike {
        let opts = RunOptions { target: Target::Rv32imc, timeout: Duration::from_secs(120), ..Default::default() };
        runs.push(("spike", run_int_on_spike(&q, &pl, &xi, 1, &opts).unwrap().int_outputs));
    }
    let mut errs = vec![];
    for (what, got) in runs {
        if let Some(i) = got.iter().zip(&want.data).position(|(a, b)| a != b) {
            errs.push(format!("{what} output {i}: {} != {}", got[i], want.data[i]));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// [`agree`] on every case (host and Spike), one failure listing every differing case.
fn agree_all(cases: &[(String, Graph)]) {
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, (what, g))| agree(g, i as u64, true).err().map(|e| format!("{what}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The int8 pooling kernels (the tiled kernel in the int8 flavour) swept over kinds, windows 1-7,
/// strides 1-3, padding 0 to k/2, sizes 1-32, with and without a fused ReLU, global average
/// pooling, and the int8 matmul of two activations (tiles of 8, 4, 2 and 1 columns) and of an
/// activation by a constant: the host (tiles) and Spike (RISC-V builds pool in the compact form)
/// against the interpreter.
#[test]
fn int8_pooling_and_matmul_sweep_matches_the_interpreter() {
    use hynas_ir::ops::{Pool2dAttrs, PoolKind, TransposeAttrs};
    use hynas_ir::{Op, Tensor};
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    let mut cases: Vec<(String, Graph)> = Vec::new();
    for i in 0..40 {
        let kind = [PoolKind::Max, PoolKind::Avg, PoolKind::MaxAvg][i % 3];
        let k = rng.gen_range(1..=7usize);
        let p = rng.gen_range(0..=k / 2);
        let hw = rng.gen_range(1..=32usize).max(k.saturating_sub(2 * p));
        let (s, c) = (rng.gen_range(1..=3), rng.gen_range(1..=6));
        let relu = rng.gen_bool(0.3);
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        let mut y = g.add_op("pool", Op::Pool2d(Pool2dAttrs { kind, kernel: k, stride: s, padding: p }), &[x]).unwrap();
        if relu {
            y = g.add_op("relu", Op::Relu, &[y]).unwrap();
        }
        g.set_outputs(&[y]);
        cases.push((format!("{kind:?} c{c} {hw}x{hw} k{k} s{s} p{p} relu {relu}"), g));
    }
    for (c, hw) in [(16, 8), (3, 1), (5, 7)] {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        let y = g.add_op("gap", Op::GlobalAvgPool, &[x]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("global average c{c} {hw}x{hw}"), g));
    }
    for i in 0..10 {
        let (b, m, k) = (rng.gen_range(1..=3), rng.gen_range(1..=20), rng.gen_range(1..=20));
        let mut g = Graph::new();
        let x = g.add_input("x", &[b, m, k]);
        let other = if i % 2 == 0 {
            g.add_op("t", Op::Transpose(TransposeAttrs { perm: vec![0, 2, 1] }), &[x]).unwrap()
        } else {
            let n = [8, 4, 6, 3][i / 2 % 4];
            let t = Tensor::from_vec(&[b, k, n], (0..b * k * n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap();
            g.add_const("b", t, true)
        };
        let y = g.add_op("mm", Op::MatMul, &[x, other]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("matmul {b}x{m}x{k} by {}", ["its transpose", "a constant"][i % 2]), g));
    }
    agree_all(&cases);
}

/// The int8 attention (the attention kernel's int8 flavour, its columns order) swept over heads
/// 1-4, d 1-64 and tokens 1-100 (the bench models' shapes first; odd and prime sizes for
/// remainder tiles), with q, k and v of different scales and zero points (1 x 1 convolutions of
/// the input mixing its heads): the host (4 x 4 tiles, and the baseline's 1 x 1) and Spike (the
/// RISC-V build's 2 x 2 tiles) against the interpreter, bit for bit.
#[test]
fn int8_attention_sweep_matches_the_interpreter() {
    use hynas_ir::ops::Conv2dAttrs;
    use hynas_ir::{Op, Tensor};
    let mut rng = ChaCha8Rng::seed_from_u64(718);
    let mut shapes =
        vec![(2, 16, 64), (6, 48, 64), (6, 32, 4), (1, 8, 256), (3, 5, 7), (1, 1, 1), (2, 64, 16), (1, 8, 3)];
    while shapes.len() < 20 {
        shapes.push((rng.gen_range(1..=4), rng.gen_range(1..=64), rng.gen_range(1..=100)));
    }
    let mut cases: Vec<(String, Graph)> = Vec::new();
    for (h, d, n) in shapes {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, h, d, n]);
        let mut mix = |g: &mut Graph, name: &str, gain: f32| {
            let w: Vec<f32> = (0..h * h).map(|_| rng.gen_range(-gain..gain)).collect();
            let b: Vec<f32> = (0..h).map(|_| rng.gen_range(-0.5..0.5)).collect();
            let w = g.add_const(&format!("{name}.w"), Tensor::from_vec(&[h, h, 1, 1], w).unwrap(), true);
            let b = g.add_const(&format!("{name}.b"), Tensor::from_vec(&[h], b).unwrap(), true);
            let attrs = Conv2dAttrs { kernel: 1, stride: 1, padding: 0, groups: 1, has_bias: true };
            g.add_op(name, Op::Conv2d(attrs), &[x, w, b]).unwrap()
        };
        let (k, v) = (mix(&mut g, "k", 3.0), mix(&mut g, "v", 1.0));
        let y = g.add_op("attention", Op::Attention, &[x, k, v]).unwrap();
        g.set_outputs(&[y]);
        cases.push((format!("heads {h} d {d} tokens {n}"), g));
    }
    agree_all(&cases);
}

/// The int8 convolution kernel swept over shapes: channels 1-64, sizes 1-32, kernels 1-9,
/// strides 1-2, padding 0 to k/2, dense, grouped and depthwise, with and without a fused residual
/// add: every tile form (interior, clipped rows, clipped columns, remainder tiles, tiles of 4, 2
/// and 1 channels, the shared pointwise function) against the interpreter on the host, and every
/// fourth case in Spike too.
#[test]
fn int8_conv_kernel_sweep_matches_the_interpreter() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let mut cases = vec![
        (3, 32, 16, 5, 2, 2, 1, false),
        (3, 8, 4, 5, 2, 2, 1, false),
        (16, 32, 16, 3, 1, 1, 1, true),
        (64, 8, 64, 3, 1, 1, 1, true),
        // Pointwise layers (one shared function on RISC-V) at indices 4 and 8, in Spike: a
        // residual; remainder pixels with 2-channel tiles.
        (24, 8, 12, 1, 1, 0, 1, true),
        (8, 8, 8, 3, 1, 1, 8, false),
        (16, 16, 32, 1, 2, 0, 1, true),
        (4, 4, 6, 9, 1, 4, 1, false),
        (5, 7, 6, 1, 1, 0, 1, false),
        (2, 1, 3, 1, 1, 0, 1, false),
        (6, 7, 6, 7, 2, 3, 3, false),
    ];
    for _ in 0..60 {
        let k = [1, 3, 5, 7, 9][rng.gen_range(0..5)];
        let hw = rng.gen_range(1..=32usize).max(k / 2 + 1);
        let p = rng.gen_range(0..=k / 2);
        if hw + 2 * p < k {
            continue;
        }
        let groups = [1, 1, 2, 4][rng.gen_range(0..4)];
        let c = groups * rng.gen_range(1..=16usize);
        let o = groups * [1, 2, 3, 4, 6, 8][rng.gen_range(0..6)];
        let (o, c) = if rng.gen_bool(0.2) { (c, c) } else { (o, c) };
        let groups = if o == c && rng.gen_bool(0.3) { c } else { groups };
        cases.push((c, hw, o, k, rng.gen_range(1..=2), p, groups, rng.gen_bool(0.3)));
    }
    let mut failures = Vec::new();
    for (i, &(c, hw, o, k, s, p, g, res)) in cases.iter().enumerate() {
        if let Err(e) = conv_case(c, hw, o, k, s, p, g, res, i as u64, i % 4 == 0) {
            failures.push(format!("c{c} {hw}x{hw} -> o{o} k{k} s{s} p{p} g{g} residual {res}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
