//! Every pass preserves semantics (seeded random genomes, interpreter before vs after), and the
//! memory planner's plans are valid.

use hynas_ir::{interpret, Op, Tensor};
use hynas_passes::plan_memory::{self, Algorithm, Buffer};
use hynas_passes::{run_pipeline, Options};
use hynas_searcher::{Genome, Space, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn input(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

fn genomes() -> Vec<Genome> {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let mut v = vec![Genome::Resnet8];
    for space in Space::ALL {
        for _ in 0..15 {
            v.push(space.sample_valid(&mut rng, 100_000).unwrap().0);
        }
    }
    v
}

#[test]
fn pipeline_preserves_semantics_on_random_genomes() {
    for (i, g) in genomes().into_iter().enumerate() {
        let before = g.lower_with(i as u64, true).unwrap();
        let mut after = before.clone();
        let mut dumped = String::new();
        let mut dump = |s: &str| dumped.push_str(s);
        run_pipeline(&mut after, Options { dump_after: Some(("fuse_ops", &mut dump)), disable: &[] }).unwrap();
        assert!(dumped.contains("fused("), "{dumped}");
        for id in after.node_ids() {
            let op = after.node(id).op();
            assert!(
                !matches!(op, Some(Op::BatchNorm(_) | Op::MulScalar(_) | Op::Relu | Op::Softmax | Op::Transpose(_))),
                "left over: {:?}",
                op
            );
        }
        assert!(after.node_count() < before.node_count());
        let x = input(i as u64);
        let r = interpret(&before, std::slice::from_ref(&x)).unwrap().remove(0);
        let o = interpret(&after, &[x]).unwrap().remove(0);
        let err = o.rel_error(&r);
        assert!(err < 1e-4, "genome {i} ({}): rel error {err}", g.to_json());
    }
}

#[test]
fn unknown_dump_after_pass_is_an_error() {
    let mut g = Genome::Resnet8.lower(0).unwrap();
    let mut sink = |_: &str| {};
    let e =
        run_pipeline(&mut g, Options { dump_after: Some(("fold_everything", &mut sink)), disable: &[] }).unwrap_err();
    assert!(e.to_string().contains("fold_batch_norm"), "{e}");
}

fn random_buffers(rng: &mut ChaCha8Rng) -> Vec<Buffer> {
    let n = rng.gen_range(1..60);
    (0..n)
        .map(|_| {
            let first = rng.gen_range(0..40);
            let len = rng.gen_range(0..10);
            Buffer { size: rng.gen_range(1..5000usize).div_ceil(16) * 16, first, last: first + len }
        })
        .collect()
}

#[test]
fn planner_property_on_random_buffer_sets() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for _ in 0..300 {
        let bufs = random_buffers(&mut rng);
        let lb = plan_memory::lower_bound(&bufs);
        let greedy = plan_memory::place(&bufs, Algorithm::Greedy);
        let hill = plan_memory::place(&bufs, Algorithm::HillClimb { iterations: 300, seed: 9 });
        for offs in [&greedy, &hill] {
            let arena = bufs.iter().zip(offs.iter()).map(|(b, o)| o + b.size).max().unwrap();
            plan_memory::check(&bufs, offs, arena).unwrap();
            assert!(arena >= lb);
        }
        let ga = bufs.iter().zip(&greedy).map(|(b, o)| o + b.size).max().unwrap();
        let ha = bufs.iter().zip(&hill).map(|(b, o)| o + b.size).max().unwrap();
        assert!(ha <= ga);
        assert_eq!(hill, plan_memory::place(&bufs, Algorithm::HillClimb { iterations: 300, seed: 9 }));
    }
}

#[test]
fn checker_rejects_overlap_and_misalignment() {
    let bufs = [Buffer { size: 64, first: 0, last: 2 }, Buffer { size: 64, first: 1, last: 3 }];
    assert!(plan_memory::check(&bufs, &[0, 32], 96).is_err());
    assert!(plan_memory::check(&bufs, &[0, 72], 136).is_err());
    assert!(plan_memory::check(&bufs, &[0, 64], 96).is_err());
    plan_memory::check(&bufs, &[0, 64], 128).unwrap();
}

fn committed() -> Vec<(String, Genome)> {
    let mut v = vec![("resnet8".to_string(), Genome::Resnet8)];
    for n in ["a", "b", "c"] {
        let p = format!("{}/../examples/genomes/conv_vit_{n}.json", env!("CARGO_MANIFEST_DIR"));
        v.push((p.clone(), Genome::load(&p).unwrap()));
    }
    v
}

#[test]
fn arena_within_ten_percent_of_the_lower_bound() {
    for (name, g) in committed() {
        let mut graph = g.lower(0).unwrap();
        run_pipeline(&mut graph, Options { dump_after: None, disable: &[] }).unwrap();
        let greedy = plan_memory::plan(&graph, Algorithm::Greedy).unwrap();
        let hill = plan_memory::plan(&graph, Algorithm::HillClimb { iterations: 2000, seed: 0 }).unwrap();
        assert_eq!(greedy.lower_bound, hill.lower_bound);
        assert!(hill.arena_bytes <= greedy.arena_bytes);
        let ratio = hill.arena_bytes as f64 / hill.lower_bound as f64;
        println!(
            "{name}: greedy {} hill {} bound {} ratio {ratio:.3}",
            greedy.arena_bytes, hill.arena_bytes, hill.lower_bound
        );
        assert!(ratio <= 1.10, "{name}: arena {} vs bound {}\n{}", hill.arena_bytes, hill.lower_bound, hill.ascii(64));
    }
}
