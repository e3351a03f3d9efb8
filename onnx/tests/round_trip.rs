//! Export then import gives the same graph: the same weights under the same names, the same
//! parameter and MAC counts, and the same interpreter outputs (within 1e-5) on ResNet-8, the
//! probe and 32 seeded random genomes of each space (BN statistics randomised, so BN is not an
//! identity), with BatchNorm kept and folded.

use hynas_ir::{interpret, weights::constants, Graph, Tensor};
use hynas_onnx::{export, import, ExportOptions};
use hynas_passes::Pass;
use hynas_searcher::{Genome, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn input(dims: &[usize], seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = dims.iter().product();
    Tensor::from_vec(dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

/// max |a - b| / max(1, max |a|).
fn diff(a: &Tensor, b: &Tensor) -> f32 {
    assert_eq!(a.shape, b.shape);
    let scale = a.data.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    a.data.iter().zip(&b.data).fold(0.0f32, |m, (x, y)| m.max((x - y).abs())) / scale
}

fn fold_bn(g: &Graph) -> Graph {
    let mut g = g.clone();
    hynas_passes::fold_batch_norm::FoldBatchNorm.run(&mut g).unwrap();
    hynas_passes::eliminate_dead::EliminateDead.run(&mut g).unwrap();
    g
}

fn round_trip(label: &str, g: &Graph, seed: u64) {
    let bytes = export(g, &ExportOptions::default()).unwrap_or_else(|e| panic!("{label}: export: {e}"));
    let back = import(&bytes).unwrap_or_else(|e| panic!("{label}: import: {e}"));
    assert_eq!(back.param_count(), g.param_count(), "{label}: parameters");
    assert_eq!(back.macs(), g.macs(), "{label}: MACs");
    assert_eq!(constants(&back), constants(g), "{label}: the weights by name");
    let x = input(g.node(g.inputs()[0]).shape.dims(), seed);
    let want = interpret(g, std::slice::from_ref(&x)).unwrap().remove(0);
    let got = interpret(&back, std::slice::from_ref(&x)).unwrap().remove(0);
    let d = diff(&want, &got);
    assert!(d <= 1e-5, "{label}: outputs differ by {d:e}");
    assert!(want.data.iter().any(|v| *v != 0.0), "{label}: the test output is all zeros");
}

#[test]
fn resnet8_and_the_probe_round_trip() {
    for g in [Genome::Resnet8, Genome::Probe] {
        let graph = g.lower_with(3, true).unwrap();
        round_trip(g.space_name(), &graph, 1);
        round_trip(&format!("{} (BN folded)", g.space_name()), &fold_bn(&graph), 1);
    }
}

#[test]
fn random_genomes_of_each_space_round_trip() {
    for space in Space::ALL {
        let mut rng = ChaCha8Rng::seed_from_u64(0x0aa + space as u64);
        for i in 0..32 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            let graph = g.lower_with(i, true).unwrap();
            let label = format!("{} #{i}: {}", space.name(), g.to_json());
            round_trip(&label, &graph, i);
            if i % 4 == 0 {
                round_trip(&format!("{label} (BN folded)"), &fold_bn(&graph), i);
            }
        }
    }
}

#[test]
fn imported_pytorch_models_round_trip() {
    // Files hynas did not write (ReLU6 and hardtanh as clips, shape arithmetic, unfolded BN).
    for name in ["resnet8", "hybrid_a", "hybrid_b", "genome_a", "genome_b"] {
        let path = format!("{}/../tests/fixtures/onnx/{name}.onnx", env!("CARGO_MANIFEST_DIR"));
        let g = import(&std::fs::read(&path).unwrap()).unwrap();
        round_trip(name, &g, 2);
    }
    let g =
        import(&std::fs::read(format!("{}/../tests/fixtures/onnx/hybrid_b.onnx", env!("CARGO_MANIFEST_DIR"))).unwrap())
            .unwrap();
    let clips: Vec<String> = g
        .node_ids()
        .into_iter()
        .filter_map(|i| g.node(i).op().filter(|o| o.name() == "clip").map(|o| o.attrs_text()))
        .collect();
    assert_eq!(clips.len(), 2, "{clips:?}");
}

#[test]
fn max_avg_pooling_comes_back_as_one_op() {
    // conv_vit_b pools with HANNAH's max+avg: exported as four ops, read back as one.
    let text = include_str!("../../examples/genomes/conv_vit_b.json");
    let g = Genome::from_json_str(text).unwrap().lower(0).unwrap();
    let ops = |g: &Graph| -> Vec<String> {
        g.schedule().unwrap().into_iter().map(|i| g.node(i).op().unwrap().name().to_string()).collect()
    };
    assert!(ops(&g).iter().any(|o| o == "max_avg_pool2d"));
    let back = import(&export(&g, &ExportOptions::default()).unwrap()).unwrap();
    assert_eq!(ops(&back), ops(&g));
}

#[test]
fn names_and_metadata_are_set() {
    let g = Genome::Resnet8.lower(0).unwrap();
    let m = hynas_onnx::to_proto(&g, &ExportOptions { name: "resnet8".into(), ..Default::default() }).unwrap();
    assert_eq!(m.producer_name.as_deref(), Some("hynas"));
    assert_eq!(m.producer_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(m.opset_import[0].version, Some(17));
    let graph = m.graph.unwrap();
    assert_eq!(graph.name.as_deref(), Some("resnet8"));
    let inits: Vec<&str> = graph.initializer.iter().filter_map(|t| t.name.as_deref()).collect();
    assert!(inits.contains(&"stem.conv.weight"), "{inits:?}");
    let dims: Vec<i64> = graph.input[0]
        .r#type
        .as_ref()
        .and_then(|t| t.tensor_type.as_ref())
        .and_then(|t| t.shape.as_ref())
        .map(|s| s.dim.iter().map(|d| d.dim_value.unwrap()).collect())
        .unwrap();
    assert_eq!(dims, [1, 3, 32, 32]);
    let ops: Vec<&str> = graph.node.iter().filter_map(|n| n.op_type.as_deref()).collect();
    assert!(ops.contains(&"BatchNormalization") && ops.contains(&"Gemm"), "{ops:?}");
}
