//! `hynas train` and `hynas eval` on the bundled sample: files written, host and Spike agree.

use std::process::Command;

fn hynas(args: &[&str]) -> (bool, String, String) {
    let o =
        Command::new(env!("CARGO_BIN_EXE_hynas")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn train_then_eval_on_host_and_spike() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r8");
    let o = out.to_str().unwrap();
    let (ok, _, err) =
        hynas(&["train", "resnet8", "--epochs", "1", "--train-subset", "64", "--batch", "32", "--out", o]);
    assert!(ok, "{err}");
    assert!(err.contains("epoch 1: loss"), "plain epoch line when not a terminal: {err}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["data"]["format"], "image-folders");
    assert_eq!(m["train_images"], 64);
    assert!(m["test_accuracy"].as_f64().unwrap() >= 0.0);
    let w = out.join("weights.safetensors");
    let w = w.to_str().unwrap();
    let (ok, host, err) = hynas(&["eval", "resnet8", "--weights", w, "--on", "host", "--limit", "12", "--json"]);
    assert!(ok, "{err}");
    let (ok, spike, err) = hynas(&["eval", "resnet8", "--weights", w, "--on", "spike", "--limit", "12", "--json"]);
    assert!(ok, "{err}");
    let (h, s): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&host).unwrap(), serde_json::from_str(&spike).unwrap());
    assert_eq!(h["images"], 12);
    assert_eq!(h["predictions"], s["predictions"], "host and Spike predict the same classes");
    // --limit takes a class-balanced subset: the sample's test split is 20 images per class in
    // folder order, so image i is of class i / 20; 12 images cover 10 classes (not the first 12,
    // all airplanes).
    assert_eq!(h["image_indices"], s["image_indices"]);
    let mut classes: Vec<u64> =
        h["image_indices"].as_array().unwrap().iter().map(|i| i.as_u64().unwrap() / 20).collect();
    classes.sort();
    classes.dedup();
    assert_eq!(classes.len(), 10, "{}", h["image_indices"]);
    // eval in Spike is bounded by --timeout (per Spike run).
    let (ok, _, err) =
        hynas(&["eval", "resnet8", "--weights", w, "--on", "spike", "--limit", "12", "--timeout", "0.05"]);
    assert!(!ok && err.contains("Spike did not finish within 50ms (killed)"), "{err}");
    // Trained weights compile and profile (the profile checks Spike against the interpreter).
    let (ok, _, err) = hynas(&["profile", "resnet8", "--weights", w]);
    assert!(ok, "{err}");
}

#[test]
fn bad_training_options_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("x");
    let o = o.to_str().unwrap();
    for (args, expect) in [
        // Parsed by clap through the library's parser: the flag, the value and the choices.
        (vec!["train", "resnet8", "--optimizer", "adam", "--out", o], "'adam' for '--optimizer"),
        (vec!["train", "resnet8", "--optimizer", "adam", "--out", o], "choose sgd or adamw"),
        (vec!["train", "resnet8", "--data", "/nonexistent/cifar", "--out", o], "/nonexistent/cifar: no such folder"),
        (vec!["train", "resnet8", "--batch", "0", "--out", o], "--batch and --epochs must be at least 1"),
        (vec!["train", "resnet8", "--lr", "nan", "--out", o], "learning rate NaN and weight decay"),
        (vec!["train", "resnet8", "--weight-decay=-1", "--out", o], "must be finite, the rate > 0 and the decay >= 0"),
        (vec!["bench-train-worker", "--steps", "2", "--batch", "0", "--data", "x"], "--batch"),
        (vec!["eval", "resnet8", "--weights", "/nonexistent.safetensors", "--on", "host"], "/nonexistent.safetensors"),
    ] {
        let (ok, _, err) = hynas(&args);
        assert!(!ok && err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (ok, _, err) = hynas(&["eval", "resnet8", "--weights", "x", "--on", "gpu"]);
    assert!(!ok && err.contains("invalid value 'gpu' for '--on <ON>'"), "{err}");
    assert!(err.contains("[possible values: host, spike]"), "{err}");
}

#[test]
fn backend_and_device_options_name_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("x");
    let o = o.to_str().unwrap();
    let base = ["train", "resnet8", "--epochs", "1", "--train-subset", "32", "--batch", "16", "--out", o];
    let run = |extra: &[&str]| hynas(&[&base[..], extra].concat());
    for (extra, expect) in [
        (vec!["--backend", "tf"], "unknown backend `tf`: expected flex or torch"),
        (vec!["--device", "tpu"], "unknown device `tpu`: expected cpu, cuda or cuda:N"),
        (vec!["--device", "cuda"], "the flex backend runs on the CPU only; use --backend torch for CUDA"),
        (vec!["--threads", "0"], "--threads"),
    ] {
        let (ok, _, err) = run(&extra);
        assert!(!ok && err.contains(expect), "{extra:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (ok, _, err) = run(&["--backend", "torch"]);
    if cfg!(feature = "torch") {
        assert!(ok, "{err}");
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("x/metrics.json")).unwrap()).unwrap();
        assert_eq!(m["config"]["backend"], "torch");
        // A libtorch that cannot be loaded (moved venv): `hynas` says which file and how to fix it.
        let empty = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_hynas"))
            .args([&base[..], &["--backend", "torch"]].concat())
            .env("HYNAS_LIBTORCH_LIB", empty.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "trained without libtorch: {err}");
        assert!(err.contains("libtorch 2.13 cannot be loaded") && err.contains("libtorch_cpu.so is missing"), "{err}");
        assert!(err.contains("setup.sh --torch"), "{err}");
        // No GPU here: a clear error; with one, a training.
        let (ok, _, err) = run(&["--backend", "torch", "--device", "cuda:0"]);
        if !ok {
            assert!(err.contains("no CUDA device is visible"), "{err}");
            eprintln!("SKIPPED: CUDA training (no GPU visible): {err}");
        }
    } else {
        assert!(!ok && err.contains("built without the torch backend") && err.contains("setup.sh --torch"), "{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

/// The README's main command on the torch backend (a `--features torch` build).
#[cfg(feature = "torch")]
#[test]
fn quick_search_on_torch() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q");
    let (ok, stdout, err) = hynas(&["search", "--quick", "--backend", "torch", "--out", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(stdout.contains("report:"), "{stdout}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("training with torch on cpu"), "{report}");
    assert!(out.join("best/model.o").is_file() && out.join("best/model.h").is_file());
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search.json")).unwrap()).unwrap();
    assert_eq!(cfg["backend"], "torch");
    // A cluster job of this search (`hynas evaluate-candidate`, run as plain `hynas`) trains with
    // torch too: it hands over to hynas-torch because search.json says so, and reproduces the
    // record of candidate 0.
    let h: Vec<serde_json::Value> = std::fs::read_to_string(out.join("history.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let c0 = h.iter().find(|e| e["i"] == 0).unwrap();
    std::fs::create_dir_all(out.join("tasks")).unwrap();
    let task = serde_json::json!({"format_version": 1, "key": {"candidate": 0}, "genome": c0["genome"], "attempt": 1});
    std::fs::write(out.join("tasks/0.json"), task.to_string()).unwrap();
    let (ok, line, err) = hynas(&["evaluate-candidate", "--out", out.to_str().unwrap(), "--index", "0"]);
    assert!(ok, "{err}");
    let mut r: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let mut want = c0.clone();
    for v in [&mut r, &mut want] {
        v.as_object_mut().unwrap().remove("timings");
        v.as_object_mut().unwrap().remove("job");
    }
    assert_eq!(r, want);
    assert!(out.join("results/0.json").is_file());
}

/// `bench --proxy` on the sample: a table of tau/rho per proxy; a second run trains nothing (the
/// trainings are kept on disk); bad fidelities and a fidelity larger than the data fail first.
#[test]
fn proxy_benchmark_ranks_resumes_and_refuses_bad_fidelities() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pb");
    let o = out.to_str().unwrap();
    let args = [
        "bench",
        "--proxy",
        "--genomes",
        "3",
        "--reference",
        "1x64",
        "--fidelities",
        "1x32",
        "--max-macs",
        "3000000",
        "--out",
        o,
    ];
    let (ok, table, err) = hynas(&args);
    assert!(ok, "{err}");
    assert!(table.contains("| 1 epochs x 32 images, val accuracy | 3 |"), "{table}");
    assert!(table.contains("| 1 epochs x 64 images, val accuracy | 3 | 1.000 | 1.000 |"), "{table}");
    assert_eq!(std::fs::read_dir(out.join("runs")).unwrap().count(), 6);
    let (ok, again, err) = hynas(&args);
    assert!(ok, "{err}");
    assert!(!err.contains("genome  0 at"), "trained again: {err}");
    assert_eq!(again, table);
    // --report-only on a folder with a training missing: the table marks it, nothing is trained.
    std::fs::remove_file(out.join("runs/1-1x32.json")).unwrap();
    let mut only = args.to_vec();
    only.push("--report-only");
    let (ok, partial, err) = hynas(&only);
    assert!(ok, "{err}");
    assert!(partial.contains("| 1 epochs x 32 images, val accuracy | 2 |"), "{partial}");
    assert!(!out.join("runs/1-1x32.json").exists());
    for (bad, expect) in [("2x", "EPOCHSxIMAGES"), ("1x2000000", "asks for 2000000 training images")] {
        let (ok, _, err) =
            hynas(&["bench", "--proxy", "--genomes", "3", "--max-macs", "3000000", "--fidelities", bad, "--out", o]);
        assert!(!ok && err.contains(expect), "{bad}: {err}");
    }
    let (ok, _, err) = hynas(&["bench", "--proxy", "--genomes", "4", "--reference", "1x64", "--out", o]);
    assert!(!ok && err.contains("holds another genome set"), "{err}");
}

/// Example data sets: `make-data` writes them; one that fits the models (2 classes, 3x32x32)
/// trains and evaluates with its class names recorded; one that does not (20 classes, 48x48)
/// is refused by name, not mis-read.
#[test]
fn example_data_sets_are_made_and_used_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let va = dir.path().join("va");
    let v = va.to_str().unwrap();
    let (ok, out, err) = hynas(&["make-data", "vehicles-animals", "--data", "data/cifar10-sample", "--out", v]);
    assert!(ok, "{err}");
    assert!(out.contains("1000 training and 200 test images, 2 classes (animal, vehicle)"), "{out}");
    let r8 = dir.path().join("r8");
    let o = r8.to_str().unwrap();
    let (ok, _, err) =
        hynas(&["train", "resnet8", "--data", v, "--epochs", "1", "--train-subset", "64", "--batch", "32", "--out", o]);
    assert!(ok, "{err}");
    assert!(err.contains("data: image-folders, 3x32x32, 2 classes (animal, vehicle)"), "{err}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(r8.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["data"]["classes"], serde_json::json!(["animal", "vehicle"]));
    assert_eq!(m["data"]["shape"], serde_json::json!([3, 32, 32]));
    let w = r8.join("weights.safetensors");
    let (ok, res, err) = hynas(&["eval", "resnet8", "--weights", w.to_str().unwrap(), "--data", v, "--json"]);
    assert!(ok, "{err}");
    let res: serde_json::Value = serde_json::from_str(&res).unwrap();
    assert_eq!(res["images"], 200);
    let syn = dir.path().join("syn");
    let s = syn.to_str().unwrap();
    let (ok, out, err) = hynas(&["make-data", "synthetic", "--per-class", "8", "--out", s]);
    assert!(ok, "{err}");
    assert!(out.contains("160 training and 40 test images, 20 classes (cross-checker,"), "{out}");
    let (ok, _, err) = hynas(&["eval", "resnet8", "--weights", w.to_str().unwrap(), "--data", s]);
    assert!(!ok && err.contains("the data set is 3x48x48 with 20 classes; the model is built for 3x32x32"), "{err}");
    let (ok, _, err) = hynas(&["train", "resnet8", "--data", s, "--epochs", "1", "--out", o]);
    assert!(!ok && err.contains("3x48x48 with 20 classes"), "{err}");
    // The derived sets need the CIFAR-10 copy; an existing folder is not overwritten.
    let (ok, _, err) = hynas(&["make-data", "gray", "--out", dir.path().join("g").to_str().unwrap()]);
    assert!(!ok && err.contains("made from a CIFAR-10 copy (--data)"), "{err}");
    let (ok, _, err) = hynas(&["make-data", "synthetic", "--out", s]);
    assert!(!ok && err.contains("exists already"), "{err}");
}
