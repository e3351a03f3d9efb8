//! The `hynas` binary: sample and inspect, including bad input.

use std::process::Command;

fn hynas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hynas")).args(args).output().unwrap()
}

#[test]
fn inspect_resnet8_reports_mlperf_counts() {
    let out = hynas(&["inspect", "resnet8"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("params: 78186"), "{text}");
    assert!(text.contains("MACs: 12501632"), "{text}");
    assert!(text.contains("= conv2d(%0, %w1, %w2) {k=3,s=1,p=1,g=1} : f32[1,16,32,32]"), "{text}");
    let out = hynas(&["inspect", "resnet8", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["params"], 78186);
}

#[test]
fn sampled_lines_inspect_back() {
    let dir = tempfile::tempdir().unwrap();
    for space in ["conv_vit", "resnet"] {
        let out = hynas(&["sample", "--space", space, "--seed", "9", "--count", "5", "--max-params", "50000"]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 5);
        for (i, line) in text.lines().enumerate() {
            let path = dir.path().join(format!("{space}{i}.json"));
            std::fs::write(&path, line).unwrap();
            let out = hynas(&["inspect", path.to_str().unwrap(), "--json"]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(v["params"].as_u64().unwrap() <= 50_000);
        }
        // Same seed, same genomes.
        let again = hynas(&["sample", "--space", space, "--seed", "9", "--count", "5", "--max-params", "50000"]);
        assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
    }
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format_version":1,"space":"resnet","stem":{"kernel":4,"stride":1,"channels":16},"blocks":[]}"#,
    )
    .unwrap();
    for (args, expect) in [
        (vec!["inspect", bad.to_str().unwrap()], "stem.kernel`: 4 is not one of 3, 5"),
        (vec!["inspect", "/nonexistent/genome.json"], "cannot read /nonexistent/genome.json"),
        (vec!["sample", "--space", "mobilenet"], "unknown space \"mobilenet\""),
        (vec!["sample", "--max-params", "100"], "no valid conv_vit genome within 100 parameters"),
        // The library describes the problem; the CLI names the flag.
        (vec!["sample", "--max-params", "100"], "(raise --max-params)"),
    ] {
        let out = hynas(&args);
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Options that used to panic: a clear error, or (a closed pipe) a quiet exit.
#[test]
fn bad_numbers_and_closed_pipes_do_not_panic() {
    for (args, expect) in [
        (&["search", "--population", "0"][..], "--population"),
        (&["search", "--tournament", "0"][..], "--tournament"),
        (&["profile", "resnet8", "--timeout", "inf"][..], "inf is not a time limit in seconds"),
        (&["profile", "resnet8", "--timeout", "1e300"][..], "is not a time limit in seconds"),
        (&["profile", "resnet8", "--timeout=-3"][..], "is not a time limit in seconds"),
        (&["search", "--slurm-time", "0"][..], "is not a Slurm time limit above 0"),
        (&["search", "--slurm-final-time", "0-0:0"][..], "is not a Slurm time limit above 0"),
    ] {
        let out = hynas(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // `hynas sample ... | head -c 16`: the reader goes away long before the ~30 MB are written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hynas"))
        .args(["sample", "--space", "conv_vit", "--count", "100000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
}

/// Issue 27, item 7: a standard output that cannot be written (`> /dev/full`) ends every command
/// with a message naming it and a non-zero status: no panic, no silent success.
#[test]
fn a_full_standard_output_is_an_error_not_a_panic_or_a_silent_success() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    for args in [
        &["inspect", "resnet8"][..],
        &["inspect", "resnet8", "--json"],
        &["inspect", "resnet8", "--training-program"],
        &["sample", "--space", "conv_vit", "--count", "5"],
        &["profile", "probe", "--json"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_hynas")).args(args).stdout(full()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded writing into /dev/full: {err}");
        assert!(err.contains("writing to standard output") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

/// Issue 27, item 8: a FIFO named as a model, weights or output is refused at once (reading or
/// writing it would block forever); a device (`-o /dev/null`) is written, never renamed over.
#[test]
fn pipes_and_devices_are_refused_where_files_belong() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let f = fifo.to_str().unwrap();
    let out = tmp.path().join("m.o");
    for (args, expect) in [
        (vec!["inspect", f], "not a regular file"),
        (
            vec!["train", "resnet8", "--teacher", "resnet8", "--teacher-weights", f, "--out", "/tmp/x"],
            "not a regular file",
        ),
        (vec!["export", "resnet8", "-o", f], "is not a regular file"),
        (vec!["compile", "probe", "-o", out.to_str().unwrap(), "--header", f], "is not a regular file"),
        (
            vec!["search", "--executor", "slurm", "--slurm-setup", f, "--out", out.to_str().unwrap()],
            "not a regular file",
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hynas"))
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > std::time::Duration::from_secs(60) {
                child.kill().unwrap();
                panic!("{args:?} blocked");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains(expect), "{args:?}: {err}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_hynas")).args(["compile", "probe", "-o", "/dev/null"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata("/dev/null").map(|m| !m.is_file()).unwrap_or(false), "/dev/null was replaced");
}
