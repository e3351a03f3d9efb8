//! Spike runs: compiled models agree with the interpreter; bad situations give clear errors.

use hynas_ir::{interpret, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::{run_pipeline, Options};
use hynas_runtime::{run_on_spike, RunOptions};
use hynas_searcher::{Genome, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn input(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

#[test]
fn resnet8_in_spike_matches_the_interpreter() {
    let graph = Genome::Resnet8.lower_with(1, true).unwrap();
    let x = input(1);
    let r = interpret(&graph, std::slice::from_ref(&x)).unwrap().remove(0);
    let mut opt = graph.clone();
    run_pipeline(&mut opt, Options::default()).unwrap();
    let p = plan(&opt, Algorithm::HillClimb { iterations: 500, seed: 0 }).unwrap();
    let prof =
        run_on_spike(&opt, &p, &x.data, &RunOptions { keep_dir: Some("/tmp/hynas_r8".into()), ..Default::default() })
            .unwrap();
    let out = Tensor::from_vec(r.dims(), prof.outputs.clone()).unwrap();
    println!(
        "instr {} cycles {} stack {} rom {} ram {} {:?}",
        prof.instructions,
        prof.cycles,
        prof.stack_bytes,
        prof.rom_bytes(),
        prof.ram_bytes(),
        prof.timings
    );
    assert!(out.rel_error(&r) < 1e-4, "{:?} vs {:?}", out.data, r.data);
}
