//! int8 differential tests: seeded random genomes of both spaces within 100k parameters, plus
//! ResNet-8, quantised (random BN statistics, calibrated on random images): the RISC-V program
//! in Spike (rv32imc and rv32im, no FPU: Spike with that ISA traps on any float instruction) and
//! the host-compiled code give the integer reference interpreter's outputs bit for bit; the
//! objects hold no floating-point instruction; an f32 model for a target without FPU is refused.

use hynas::test_input;
use hynas_codegen::{compile, HostModel, Options as CgOptions, Target};
use hynas_ir::{interpret_int, DType, Graph, IntTensor};
use hynas_passes::plan_memory::{plan, Algorithm, MemoryPlan};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_runtime::{run_int_on_spike, RunOptions};
use hynas_searcher::{Genome, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

fn quantised(g: &Genome, seed: u64) -> (Graph, MemoryPlan) {
    let graph = g.lower_with(seed, true).unwrap();
    let calib: Vec<_> = (0..2).map(|k| test_input(&g.input_dims(), seed * 7 + k)).collect();
    let q = quantize_model(&graph, &calib, Calibration::MinMax).unwrap();
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
    assert!(e.contains("target rv32imc has no FPU") && e.contains("--quantize int8"), "{e}");
}
