//! Host-compiled code (MCJIT) against the unoptimised graph on the reference interpreter.

use hynas_ir::{interpret, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::{run_pipeline, Options};
use hynas_runtime::run_host;
use hynas_searcher::{Genome, Space, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn input(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

fn check(g: &Genome, seed: u64) {
    let graph = g.lower_with(seed, true).unwrap();
    let x = input(seed);
    let reference = interpret(&graph, std::slice::from_ref(&x)).unwrap().remove(0);
    let mut opt = graph.clone();
    run_pipeline(&mut opt, Options { dump_after: None, disable: &[] }).unwrap();
    let p = plan(&opt, Algorithm::HillClimb { iterations: 500, seed: 0 }).unwrap();
    let out = run_host(&opt, &p, &x.data).unwrap();
    let out = Tensor::from_vec(reference.dims(), out).unwrap();
    let err = out.rel_error(&reference);
    assert!(err < 1e-4, "{}: rel error {err}\n{:?}\n{:?}", g.to_json(), out.data, reference.data);
}

#[test]
fn host_code_matches_the_interpreter() {
    check(&Genome::Resnet8, 0);
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    for (i, space) in Space::ALL.into_iter().cycle().take(30).enumerate() {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        check(&g, i as u64 + 1);
    }
}

/// The fused attention kernel on its own, for token counts that exercise every row / column
/// blocking (4, 2, 1) and the remainders; k and v differ from q so the scores are not symmetric.
#[test]
fn attention_kernel_matches_the_interpreter() {
    use hynas_ir::{Graph, Op};
    for (heads, d, n) in [
        (1, 1, 1),
        (2, 3, 2),
        (1, 8, 3),
        (1, 16, 3),
        (2, 4, 5),
        (1, 3, 6),
        (1, 8, 7),
        (2, 8, 9),
        (3, 2, 16),
        (1, 4, 49),
        (2, 8, 64),
    ] {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, heads, d, n]);
        let k = g.add_op("k", Op::Relu, &[x]).unwrap();
        let v = g.add_op("v", Op::MulScalar(-1.3), &[x]).unwrap();
        let a = g.add_op("attn", Op::Attention, &[x, k, v]).unwrap();
        g.set_outputs(&[a]);
        let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
        let xs = Tensor::from_vec(&[1, heads, d, n], (0..heads * d * n).map(|_| rng.gen_range(-2.0..2.0)).collect())
            .unwrap();
        let reference = interpret(&g, std::slice::from_ref(&xs)).unwrap().remove(0);
        let p = plan(&g, Algorithm::Greedy).unwrap();
        let out = Tensor::from_vec(reference.dims(), run_host(&g, &p, &xs.data).unwrap()).unwrap();
        let err = out.rel_error(&reference);
        assert!(err < 1e-5, "heads {heads} d {d} n {n}: rel error {err}");
    }
}
