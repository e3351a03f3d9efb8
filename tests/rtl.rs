//! The cycle model against RTL (issue 26): the same int8 objects run in Spike (modelled cycles
//! from its PC histogram) and on the Verilator simulation of lowRISC Ibex ("small") that
//! `scripts/rtl-sim.sh` builds (its path in `HYNAS_IBEX_SIM`; `scripts/test.sh` builds it and
//! sets `HYNAS_REQUIRE_RTL=1`, so that a missing simulator fails instead of skipping). The full
//! table (every bench model, the kernel sweep, CoreMark) is `scripts/validate-cycles.sh`.

mod common;

use hynas_codegen::Target;
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_runtime::cycles::cores::Core;
use hynas_runtime::{run_int_on_spike, RunOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;
use std::time::Duration;

/// The simulator, or `None` (the test skips) when it is not built and not required.
fn simulator() -> Option<PathBuf> {
    match std::env::var_os("HYNAS_IBEX_SIM").map(PathBuf::from) {
        Some(p) if p.is_file() => Some(p),
        other => {
            assert!(
                std::env::var_os("HYNAS_REQUIRE_RTL").is_none(),
                "HYNAS_REQUIRE_RTL is set but HYNAS_IBEX_SIM ({other:?}) is not a simulator: run scripts/rtl-sim.sh"
            );
            eprintln!("skipped: no Ibex simulation (set HYNAS_IBEX_SIM to what scripts/rtl-sim.sh prints)");
            None
        }
    }
}

/// A committed hybrid's int8 build through the CLI: modelled within 5% of the RTL's mcycle in
/// total (the bound for models); the RTL's outputs equal Spike's (checked by the runtime)
/// and it runs well above one cycle per instruction, as Ibex does.
#[test]
fn a_hybrid_costs_on_the_rtl_what_the_model_says() {
    let Some(sim) = simulator() else { return };
    let out = common::hynas()
        .args(["profile", "examples/genomes/conv_vit_c.json", "--quantize", "int8", "--target", "rv32imc"])
        .args(["--calibration-data", "data/cifar10-sample", "--core", "ibex-small", "--json", "--rtl"])
        .arg(&sim)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (model, rtl) = (j["modelled"]["cycles"].as_f64().unwrap(), j["rtl"]["cycles"].as_f64().unwrap());
    assert_eq!(j["rtl"]["instructions"], j["instructions"], "the RTL ran another program: {j}");
    assert!(rtl > 1.5 * j["instructions"].as_f64().unwrap(), "{j}");
    assert!((model / rtl - 1.0).abs() < 0.05, "modelled {model} against RTL {rtl}");
    assert!((j["rtl"]["model_error"].as_f64().unwrap() - (model / rtl - 1.0)).abs() < 1e-9, "{j}");
}

/// Kernels of the sweep (a strided convolution, a depthwise one, a pooling, an attention): each
/// modelled within 10% of the RTL (the bound for kernels).
#[test]
fn kernels_cost_on_the_rtl_what_the_model_says() {
    let Some(sim) = simulator() else { return };
    let core = Core::named("ibex-small", 0).unwrap();
    let cases = hynas_driver::bench_cycles::kernel_sweep();
    let pick = ["conv c16 16x16 -> 32 k3 s2 p1", "g32", "Max pool", "attention heads 6"];
    let mut checked = 0;
    for (i, (name, g)) in cases.iter().enumerate().filter(|(_, (n, _))| pick.iter().any(|p| n.contains(p))) {
        let dims = g.node(g.inputs()[0]).shape.dims().to_vec();
        let n: usize = dims.iter().product();
        let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
        let calib: Vec<_> = (0..2)
            .map(|_| hynas_ir::Tensor::from_vec(&dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap())
            .collect();
        let q = quantize_model(g, &calib, Calibration::MinMax, 2).unwrap();
        let x: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
        let opts = RunOptions {
            target: Target::Rv32imc,
            timeout: Duration::from_secs(600),
            core: Some(core),
            rtl: Some(sim.clone()),
            ..Default::default()
        };
        let prof = run_int_on_spike(&q, &plan(&q, Algorithm::Greedy).unwrap(), &x, 1, &opts).unwrap();
        let (model, rtl) = (prof.modelled.unwrap().total.cycles as f64, prof.rtl.unwrap().cycles as f64);
        assert!((model / rtl - 1.0).abs() < 0.10, "{name}: modelled {model} against RTL {rtl}");
        checked += 1;
    }
    assert_eq!(checked, 4, "the sweep's cases changed: {:?}", cases.iter().map(|c| &c.0).collect::<Vec<_>>());
}

/// A missing or broken simulator is an error naming it, not a hang or a panic.
#[test]
fn a_missing_simulator_is_named() {
    common::fails(
        &[
            "profile",
            "examples/genomes/conv_vit_c.json",
            "--quantize",
            "int8",
            "--target",
            "rv32imc",
            "--calibration-data",
            "data/cifar10-sample",
            "--core",
            "ibex-small",
            "--rtl",
            "/nonexistent/Vibex_simple_system",
        ],
        "build the simulation with scripts/rtl-sim.sh",
    );
    common::fails(&["profile", "resnet8", "--rtl", "/x"], "--core");
}
