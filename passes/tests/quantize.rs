//! Post-training quantisation: every op's integer form within a few output steps of its f32
//! form; seeded random genomes of both spaces and ResNet-8 quantise deterministically to integer
//! graphs that verify and run; bad input fails naming what is wrong. (Accuracy of trained models:
//! tests/quantize.rs at the root.)

use hynas_ir::{interpret, interpret_int, DType, Graph, IntTensor, NodeId, Op, Tensor};
use hynas_passes::quantize::{quantize, Calibration};
use hynas_passes::{run_pipeline, Options};
use hynas_searcher::{Genome, Space, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn image(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

/// The f32 graph quantisation starts from: lowered, the pipeline without `fuse_ops`.
fn float_graph(g: &Genome, seed: u64) -> Graph {
    let mut graph = g.lower_with(seed, true).unwrap();
    run_pipeline(&mut graph, Options { dump_after: None, disable: &["fuse_ops"] }).unwrap();
    graph
}

/// Runs the integer graph on a float image: quantise the input, evaluate, dequantise.
fn run_int(q: &Graph, x: &Tensor) -> Tensor {
    let inp = q.node(q.inputs()[0]);
    let qi = inp.quant.as_ref().unwrap();
    let xi = IntTensor::from_vec(x.dims(), DType::I8, x.data.iter().map(|&v| qi.quantize(v, 0, DType::I8)).collect())
        .unwrap();
    let y = interpret_int(q, &[xi]).unwrap().remove(0);
    let out = q.node(q.outputs()[0]);
    let qo = out.quant.as_ref().unwrap();
    Tensor::from_vec(y.dims(), y.data.iter().map(|&v| qo.dequantize(v, 0)).collect()).unwrap()
}

/// Every op's integer form against its f32 form, in output quantisation steps: a single-op
/// graph on a random input (weights random too), calibrated on that input and three others.
#[test]
fn each_int8_op_is_within_a_few_output_steps_of_f32() {
    use hynas_ir::ops::{ClipAttrs, Conv2dAttrs, LinearAttrs, Pool2dAttrs, PoolKind, ReshapeAttrs, TransposeAttrs};
    let conv =
        |kernel, stride, padding, groups| Op::Conv2d(Conv2dAttrs { kernel, stride, padding, groups, has_bias: true });
    let pool = |kind, kernel, stride, padding| Op::Pool2d(Pool2dAttrs { kind, kernel, stride, padding });
    // (name, input dims, build: graph + input -> result, steps allowed)
    type Build = Box<dyn Fn(&mut Graph, NodeId, &mut ChaCha8Rng) -> NodeId>;
    let with_consts = |op: Op, shapes: Vec<Vec<usize>>, relu: bool| -> Build {
        Box::new(move |g: &mut Graph, x: NodeId, rng: &mut ChaCha8Rng| {
            let mut ops = vec![x];
            for (k, s) in shapes.iter().enumerate() {
                let fan: usize = s[1..].iter().product::<usize>().max(1);
                let n: usize = s.iter().product();
                let bound = 1.0 / (fan as f32).sqrt();
                let data = (0..n).map(|_| rng.gen_range(-bound..bound)).collect();
                ops.push(g.add_const(&format!("c{k}"), Tensor::from_vec(s, data).unwrap(), true));
            }
            let y = g.add_op("op", op.clone(), &ops).unwrap();
            if relu {
                g.add_op("relu", Op::Relu, &[y]).unwrap()
            } else {
                y
            }
        })
    };
    let unary = |op: Op| -> Build {
        Box::new(move |g: &mut Graph, x: NodeId, _: &mut ChaCha8Rng| g.add_op("op", op.clone(), &[x]).unwrap())
    };
    let cases: Vec<(&str, Vec<usize>, Build, f64)> = vec![
        ("conv 3x3", vec![1, 8, 10, 10], with_consts(conv(3, 1, 1, 1), vec![vec![12, 8, 3, 3], vec![12]], false), 2.0),
        (
            "conv 3x3 s2 + relu",
            vec![1, 8, 9, 9],
            with_consts(conv(3, 2, 1, 1), vec![vec![6, 8, 3, 3], vec![6]], true),
            2.0,
        ),
        ("conv 1x1", vec![1, 16, 5, 5], with_consts(conv(1, 1, 0, 1), vec![vec![24, 16, 1, 1], vec![24]], false), 2.0),
        ("conv 5x5 p2", vec![1, 3, 8, 8], with_consts(conv(5, 1, 2, 1), vec![vec![4, 3, 5, 5], vec![4]], false), 2.0),
        ("depthwise 3x3", vec![1, 8, 8, 8], with_consts(conv(3, 1, 1, 8), vec![vec![8, 1, 3, 3], vec![8]], false), 2.0),
        ("grouped 3x3", vec![1, 8, 6, 6], with_consts(conv(3, 1, 1, 2), vec![vec![4, 4, 3, 3], vec![4]], true), 2.0),
        (
            "linear",
            vec![2, 32],
            with_consts(Op::Linear(LinearAttrs { has_bias: true }), vec![vec![10, 32], vec![10]], false),
            1.5,
        ),
        ("matmul", vec![2, 4, 6], with_consts(Op::MatMul, vec![vec![2, 6, 5]], false), 1.5),
        ("add", vec![1, 4, 5, 5], with_consts(Op::Add, vec![vec![1, 4, 5, 5]], false), 1.5),
        ("add + relu", vec![1, 4, 5, 5], with_consts(Op::Add, vec![vec![1, 4, 5, 5]], true), 1.5),
        ("max pool", vec![1, 3, 7, 7], unary(pool(PoolKind::Max, 3, 2, 1)), 0.51),
        ("avg pool", vec![1, 3, 7, 7], unary(pool(PoolKind::Avg, 3, 2, 1)), 1.0),
        ("max+avg pool", vec![1, 3, 8, 8], unary(pool(PoolKind::MaxAvg, 2, 2, 0)), 1.0),
        ("global avg pool", vec![1, 5, 6, 6], unary(Op::GlobalAvgPool), 1.0),
        ("softmax", vec![3, 10], unary(Op::Softmax), 1.0),
        ("mul", vec![1, 20], unary(Op::MulScalar(0.37)), 1.0),
        ("clip (relu6-like)", vec![1, 40], unary(Op::Clip(ClipAttrs { min: -0.3, max: 0.45 })), 0.51),
        ("clip (one bound)", vec![1, 40], unary(Op::Clip(ClipAttrs { min: f32::NEG_INFINITY, max: 0.2 })), 0.51),
        ("transpose", vec![2, 3, 4], unary(Op::Transpose(TransposeAttrs { perm: vec![0, 2, 1] })), 0.51),
        ("reshape", vec![2, 3, 4], unary(Op::Reshape(ReshapeAttrs { shape: vec![6, 4] })), 0.51),
        (
            "attention",
            vec![1, 2, 4, 9],
            Box::new(|g: &mut Graph, x: NodeId, _: &mut ChaCha8Rng| {
                let k = g.add_op("k", Op::MulScalar(1.7), &[x]).unwrap();
                let v = g.add_op("v", Op::MulScalar(0.6), &[x]).unwrap();
                g.add_op("op", Op::Attention, &[x, k, v]).unwrap()
            }),
            1.5,
        ),
        (
            "linear attention",
            vec![1, 2, 8, 16],
            Box::new(|g: &mut Graph, x: NodeId, _: &mut ChaCha8Rng| {
                // q and k through ReLUs, as every graph hynas builds has them.
                let q = g.add_op("q", Op::Relu, &[x]).unwrap();
                let k = g.add_op("k0", Op::MulScalar(1.7), &[x]).unwrap();
                let k = g.add_op("k", Op::Relu, &[k]).unwrap();
                let v = g.add_op("v", Op::MulScalar(0.6), &[x]).unwrap();
                g.add_op("op", Op::LinearAttention(Default::default()), &[q, k, v]).unwrap()
            }),
            1.5,
        ),
    ];
    for (name, dims, build, allowed) in cases {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut g = Graph::new();
        let x = g.add_input("x", &dims);
        let y = build(&mut g, x, &mut rng);
        g.set_outputs(&[y]);
        hynas_ir::verify(&g).unwrap();
        let n: usize = dims.iter().product();
        let inputs: Vec<Tensor> = (0..4)
            .map(|_| Tensor::from_vec(&dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap())
            .collect();
        let q = quantize(&g, &inputs, Calibration::MinMax, 2).unwrap();
        let out = q.node(q.outputs()[0]);
        let step = out.quant.as_ref().unwrap().scale_at(0) as f64;
        let r = interpret(&g, &inputs[..1]).unwrap().remove(0);
        let o = run_int(&q, &inputs[0]);
        let worst = o.data.iter().zip(&r.data).map(|(a, b)| (*a as f64 - *b as f64).abs()).fold(0.0, f64::max);
        eprintln!("{name}: max error {:.2} output steps (step {step:.3e}) {}", worst / step, out.type_text());
        assert!(worst <= allowed * step, "{name}: int8 is {:.2} output steps off (allowed {allowed})", worst / step);
    }
}

/// On seeded random genomes of both spaces and ResNet-8, with every calibration method: the
/// result is an integer graph that verifies (the pass checks), every value integer, the same for
/// the same input (deterministic), and the integer interpreter runs it.
#[test]
fn quantises_random_genomes_deterministically() {
    let mut rng = ChaCha8Rng::seed_from_u64(33);
    let mut genomes = vec![Genome::Resnet8];
    for space in Space::ALL {
        for _ in 0..6 {
            genomes.push(space.sample_valid(&mut rng, 100_000).unwrap().0);
        }
    }
    let calib: Vec<Tensor> = (0..4).map(|k| image(1000 + k)).collect();
    for (i, g) in genomes.iter().enumerate() {
        let f = float_graph(g, i as u64);
        for cal in [Calibration::MinMax, Calibration::Percentile(99.99), Calibration::Mse] {
            let q = quantize(&f, &calib, cal, 1).unwrap();
            assert!(q.node_ids().iter().all(|&id| q.node(id).dtype.is_int()), "genome {i}: f32 value left");
            // The same ranges on any number of threads.
            assert_eq!(
                hynas_ir::print(&q),
                hynas_ir::print(&quantize(&f, &calib, cal, 3).unwrap()),
                "genome {i} {cal}"
            );
            let o = run_int(&q, &image(2000));
            assert_eq!(o.dims(), [1, 10], "genome {i}");
        }
    }
}

#[test]
fn bad_input_is_named() {
    let f = float_graph(&Genome::Resnet8, 0);
    let e = quantize(&f, &[], Calibration::MinMax, 2).unwrap_err().to_string();
    assert!(e.contains("no calibration images"), "{e}");
    let e = quantize(&f, &[Tensor::zeros(&[1, 3, 16, 16])], Calibration::MinMax, 2).unwrap_err().to_string();
    assert!(e.contains("calibration image 0") && e.contains("[1,3,16,16]"), "{e}");
    let mut nan = f.clone();
    let w = nan.node_ids().into_iter().find(|&id| nan.node(id).const_data().is_some()).unwrap();
    let name = nan.node(w).name.clone();
    if let Some(hynas_ir::NodeKind::Const { data, .. }) = nan.node_mut(w).map(|n| &mut n.kind) {
        data.data[3] = f32::NAN;
    }
    let e = quantize(&nan, &[image(1)], Calibration::MinMax, 2).unwrap_err().to_string();
    assert!(e.contains(&name) && e.contains("non-finite weight NaN at element 3"), "{e}");
    // Batch norms must be folded first.
    let raw = Genome::Resnet8.lower(0).unwrap();
    let e = quantize(&raw, &[image(1)], Calibration::MinMax, 2).unwrap_err().to_string();
    assert!(e.contains("batch_norm has no integer form"), "{e}");
    // After fuse_ops (fused adds) it is too late.
    let mut fused = Genome::Resnet8.lower(0).unwrap();
    run_pipeline(&mut fused, Options::default()).unwrap();
    let e = quantize(&fused, &[image(1)], Calibration::MinMax, 2).unwrap_err().to_string();
    assert!(e.contains("quantise before fuse_ops"), "{e}");
    for (s, ok) in
        [("minmax", true), ("mse", true), ("percentile:99.9", true), ("percentile:40", false), ("max", false)]
    {
        assert_eq!(Calibration::parse(s).is_some(), ok, "{s}");
    }
}

/// `fuse_ops` on an integer graph folds a convolution into the residual add that follows it
/// (`conv [+relu] +add [+relu]`): the fused graph's integer outputs equal the unfused graph's
/// bit for bit, on ResNet-8 and seeded random ResNet genomes, and the fused kernels exist.
#[test]
fn fusing_the_int8_residual_add_changes_no_bit() {
    let mut rng = ChaCha8Rng::seed_from_u64(61);
    let mut genomes = vec![Genome::Resnet8];
    genomes.extend((0..6).map(|_| Space::Resnet.sample_valid(&mut rng, 100_000).unwrap().0));
    for (i, g) in genomes.iter().enumerate() {
        let mut graph = g.lower_with(i as u64, true).unwrap();
        run_pipeline(&mut graph, Options { disable: &["fuse_ops"], ..Default::default() }).unwrap();
        let n: usize = INPUT.iter().product();
        let calib: Vec<Tensor> = (0..2)
            .map(|_| Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap())
            .collect();
        let unfused = quantize(&graph, &calib, Calibration::MinMax, 2).unwrap();
        let mut fused = unfused.clone();
        run_pipeline(&mut fused, Options::default()).unwrap();
        let residuals = fused
            .node_ids()
            .into_iter()
            .filter(|&id| matches!(fused.node(id).op(), Some(Op::Fused(f)) if f.epilogue.iter().any(|e| matches!(e, hynas_ir::ops::Epilogue::Requant(_)))))
            .count();
        assert!(residuals > 0, "{}: no residual add was fused", g.to_json());
        for _ in 0..2 {
            let x: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
            let run = |q: &Graph| {
                interpret_int(q, &[IntTensor::from_vec(&INPUT, DType::I8, x.clone()).unwrap()]).unwrap().remove(0).data
            };
            assert_eq!(run(&fused), run(&unfused), "{}", g.to_json());
        }
    }
}
