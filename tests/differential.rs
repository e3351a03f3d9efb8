//! Differential tests: for seeded random genomes of every space within 100k parameters, plus
//! resnet8 and probe, (a) the optimised graph on the interpreter, (b) host-compiled code and
//! (c) the RISC-V program in Spike all agree with the unoptimised graph on the interpreter to
//! 1e-4 (max abs error / max |reference|). BN statistics are random so folding is exercised.

use hynas::test_input;
use hynas_codegen::Target;
use hynas_ir::{interpret, Tensor};
use hynas_passes::{optimize, Options};
use hynas_runtime::run_host;
use hynas_runtime::{run_on_spike, RunOptions};
use hynas_searcher::{Genome, Space};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

fn check(g: &Genome, seed: u64, target: Target) {
    let graph = g.lower_with(seed, true).unwrap();
    let x = test_input(&g.input_dims(), seed);
    let reference = interpret(&graph, std::slice::from_ref(&x)).unwrap().remove(0);
    let (opt, plan) = optimize(&graph, Options { dump_after: None, disable: &[] }).unwrap();
    let what = g.to_json().to_string();
    let a = interpret(&opt, std::slice::from_ref(&x)).unwrap().remove(0);
    assert!(a.rel_error(&reference) < 1e-4, "optimised interpreter: {what}");
    let b = Tensor::from_vec(reference.dims(), run_host(&opt, &plan, &x.data).unwrap()).unwrap();
    assert!(b.rel_error(&reference) < 1e-4, "host: {} for {what}", b.rel_error(&reference));
    let opts = RunOptions { target, timeout: Duration::from_secs(120), ..Default::default() };
    let prof = run_on_spike(&opt, &plan, &x.data, &opts).unwrap();
    let c = Tensor::from_vec(reference.dims(), prof.outputs).unwrap();
    assert!(c.rel_error(&reference) < 1e-4, "spike: {} for {what}", c.rel_error(&reference));
    assert!(prof.instructions > 0 && prof.stack_bytes > 0);
}

fn space(space: Space, seed: u64, n: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in 0..n {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        check(&g, seed * 1000 + i as u64, Target::Rv32imf);
    }
}

#[test]
fn conv_vit_genomes_agree_everywhere() {
    space(Space::ConvVit, 31, 16);
}

#[test]
fn conv_vit_lin_genomes_agree_everywhere() {
    space(Space::ConvVitLin, 34, 12);
}

#[test]
fn resnet_genomes_agree_everywhere() {
    space(Space::Resnet, 32, 16);
}

#[test]
fn fixed_models_agree_everywhere_on_every_target() {
    check(&Genome::Resnet8, 1, Target::Rv32imf);
    check(&Genome::Probe, 2, Target::Rv32imf);
    let mut rng = ChaCha8Rng::seed_from_u64(33);
    let (g, _) = Space::ConvVit.sample_valid(&mut rng, 100_000).unwrap();
    for t in [Target::Rv32imfc, Target::Rv32imafdc] {
        check(&g, 3, t);
        check(&Genome::Resnet8, 4, t);
    }
}
