//! Host-compiled code (MCJIT) against the unoptimised graph on the reference interpreter.

use hynas_codegen::run_host;
use hynas_ir::{interpret, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::{run_pipeline, Options};
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
    run_pipeline(&mut opt, Options { verify: true, dump_after: None, disable: &[] }).unwrap();
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
    for (i, space) in [Space::ConvVit, Space::Resnet].into_iter().cycle().take(30).enumerate() {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        check(&g, i as u64 + 1);
    }
}
