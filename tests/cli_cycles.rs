//! `hynas profile --core`: modelled cycles per kernel and in total, from Spike's per-PC counts.

mod common;

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn profile(args: &[&str]) -> (serde_json::Value, String) {
    let q = ["--quantize", "int8", "--target", "rv32imc", "--calibration-data", "data/cifar10-sample"];
    let run = |extra: &[&str]| {
        let out = common::hynas()
            .args(["profile", "resnet8"])
            .args(q)
            .args(args)
            .args(extra)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    (serde_json::from_str(&run(&["--json"])).unwrap(), run(&[]))
}

/// The command: per-kernel and total cycles, cycles per MAC and milliseconds; the kernels'
/// cycles add up to the total; on the `spike` table the model counts what Spike counted.
#[test]
fn profile_models_the_cycles_of_a_core() {
    let (j, text) = profile(&["--core", "ibex-small", "--clock-mhz", "100"]);
    let m = &j["modelled"];
    assert_eq!(m["core"], "ibex-small");
    let (cycles, instr) = (m["cycles"].as_f64().unwrap(), j["instructions"].as_f64().unwrap());
    // Ibex stalls every load and store a cycle and multiplies in 3: well above one per instruction.
    assert!(cycles > 1.5 * instr && cycles < 3.0 * instr, "{cycles} cycles for {instr} instructions");
    let per_kernel: f64 = m["kernel_cycles"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).sum();
    assert!((per_kernel / cycles - 1.0).abs() < 1e-3, "kernels {per_kernel} of {cycles}");
    assert!((m["milliseconds"].as_f64().unwrap() - cycles / 1e5).abs() < 1e-6);
    assert!(text.contains("modelled cycles") && text.contains("ms at 100 MHz") && text.contains("cyc/MAC"), "{text}");
    // One cycle per instruction: the histogram's count of the model's code is the harness's
    // minstret count of the run, but for the harness's own instructions inside its counter
    // reads (the call and the 64-bit reads: 24 on this build).
    let (j, _) = profile(&["--core", "spike"]);
    let spike = j["modelled"]["cycles"].as_f64().unwrap();
    assert!((spike - j["instructions"].as_f64().unwrap()).abs() <= 64.0, "{spike} vs {}", j["instructions"]);
}

#[test]
fn cores_and_clocks_are_checked() {
    common::fails(&["profile", "resnet8", "--core", "ibex-small"], "--quantize int8 --target rv32imc");
    common::fails(&["profile", "resnet8", "--core", "arm"], "invalid value 'arm'");
    common::fails(&["profile", "resnet8", "--core", "cv32e40p", "--clock-mhz", "0"], "not a clock in MHz");
    common::fails(&["profile", "resnet8", "--core", "cv32e40p", "--fpu-latency", "99"], "--fpu-latency");
}
