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

/// The harness reads 64-bit counters: with both counters started just below 2^32, the run carries
/// into the high halves and must still report exactly the instructions and cycles of a plain run;
/// with the high halves advanced by k during the run, the counts are k x 2^32 more (before, 32-bit
/// reads lost everything above 2^32, e.g. 2.9G MACs reported as 1.02G instructions).
#[test]
fn counters_are_read_with_their_high_halves() {
    let graph = Genome::Probe.lower_with(1, true).unwrap();
    let mut opt = graph.clone();
    run_pipeline(&mut opt, Options::default()).unwrap();
    let p = plan(&opt, Algorithm::HillClimb { iterations: 50, seed: 0 }).unwrap();
    let n: usize = Genome::Probe.input_dims().iter().product();
    let x: Vec<f32> = (0..n).map(|i| (i % 7) as f32 * 0.1).collect();
    let plain = run_on_spike(&opt, &p, &x, &RunOptions::default()).unwrap();
    for preset in [(1u64 << 32) - 1000, (5u64 << 32) - 3] {
        let carried =
            run_on_spike(&opt, &p, &x, &RunOptions { counter_preset: Some(preset), ..Default::default() }).unwrap();
        assert_eq!(carried.instructions, plain.instructions, "preset {preset:#x}");
        assert_eq!(carried.cycles, plain.cycles, "preset {preset:#x}");
        assert_eq!(carried.outputs, plain.outputs);
    }
    let skipped = run_on_spike(&opt, &p, &x, &RunOptions { counter_skip: 3, ..Default::default() }).unwrap();
    // The skip itself costs a few instructions (7 in the harness) and cycles.
    let extra = skipped.instructions - (3u64 << 32);
    assert!(
        skipped.instructions > 3u64 << 32 && extra >= plain.instructions && extra < plain.instructions + 16,
        "{} vs {}",
        skipped.instructions,
        plain.instructions
    );
    assert!(skipped.cycles > 3u64 << 32);
    assert!(plain.instructions > 1_000_000);
}
