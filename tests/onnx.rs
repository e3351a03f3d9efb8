//! ONNX from the outside: files hynas did not write (PyTorch's exporter, see
//! scripts/onnx_fixtures.py) compile and run in Spike as onnxruntime computes them; files hynas
//! writes run in onnxruntime as hynas's interpreter computes them; the CLI reads ONNX wherever
//! it reads a genome and names what is wrong with a bad file.
//!
//! onnxruntime runs through `python3 scripts/onnx_run.py` (`scripts/setup.sh` installs it).

use hynas::{prepare_model, Model};
use hynas_ir::{interpret, Graph, Tensor};
use hynas_onnx::{export, ExportOptions};
use hynas_passes::Pass;
use hynas_runtime::{run_many_on_spike, RunOptions};
use hynas_searcher::{Genome, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// onnxruntime's first output for `x` of shape `dims`.
fn onnxruntime(model: &Path, x: &[f32], dims: &[usize]) -> Vec<f32> {
    let dir = tempfile::tempdir().unwrap();
    let (inp, out) = (dir.path().join("x.f32"), dir.path().join("y.f32"));
    std::fs::write(&inp, x.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    let dims: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    let o = Command::new(std::env::var("HYNAS_PYTHON").unwrap_or("python3".into()))
        .arg(Path::new(ROOT).join("scripts/onnx_run.py"))
        .args([model.as_os_str(), inp.as_os_str(), out.as_os_str()])
        .arg(dims.join(","))
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "onnxruntime on {}: {}", model.display(), String::from_utf8_lossy(&o.stderr));
    std::fs::read(&out).unwrap().chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// max |a - b| / max(1, max |a|).
fn diff(want: &[f32], got: &[f32]) -> f32 {
    assert_eq!(want.len(), got.len());
    let scale = want.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    want.iter().zip(got).fold(0.0f32, |m, (x, y)| m.max((x - y).abs())) / scale
}

fn input(dims: &[usize], seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = dims.iter().product();
    Tensor::from_vec(dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

fn floats(v: &serde_json::Value) -> Vec<f32> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

#[test]
fn pytorch_exported_models_compile_and_match_onnxruntime_in_spike() {
    for name in ["resnet8", "hybrid_a", "hybrid_b", "genome_a", "genome_b"] {
        let dir = Path::new(ROOT).join("tests/fixtures/onnx");
        let io = if name.starts_with("genome") { format!("{name}.io.json") } else { format!("{name}.json") };
        let fx: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(io)).unwrap()).unwrap();
        let m = Model::load(dir.join(format!("{name}.onnx")).to_str().unwrap()).unwrap();
        let p = prepare_model(&m, None, 0, None, &[]).unwrap();
        let inputs: Vec<Vec<f32>> = fx["inputs"].as_array().unwrap().iter().map(floats).collect();
        let want: Vec<Vec<f32>> = fx["outputs"].as_array().unwrap().iter().map(floats).collect();
        for (x, y) in inputs.iter().zip(&want) {
            let t = Tensor::from_vec(&[1, 3, 32, 32], x.clone()).unwrap();
            let got = interpret(&p.graph, &[t]).unwrap().remove(0);
            let d = diff(y, &got.data);
            assert!(d <= 1e-4, "{name}: interpreter vs onnxruntime {d:e}");
        }
        let prof = run_many_on_spike(&p.optimized, &p.plan, &inputs.concat(), inputs.len(), &RunOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let d = diff(&want.concat(), &prof.outputs);
        assert!(d <= 1e-4, "{name}: Spike vs onnxruntime {d:e}");
        assert!(prof.instructions > 0 && m.counts().unwrap().macs > 0);
        if name.starts_with("genome") {
            // The conv_vit genome as PyTorch wrote it: the genome's MACs (and, with BatchNorm
            // kept in the file, its parameters).
            let g = Genome::load(dir.join(format!("{name}.json")).to_str().unwrap()).unwrap();
            let (want, got) = (g.counts().unwrap(), m.counts().unwrap());
            assert_eq!(got.macs, want.macs, "{name}");
            if name == "genome_b" {
                assert_eq!(got.params, want.params, "{name}");
            }
        }
    }
}

fn check_export(label: &str, g: &Graph, opts: &ExportOptions, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.onnx");
    std::fs::write(&path, export(g, opts).unwrap()).unwrap();
    let dims = g.node(g.inputs()[0]).shape.dims().to_vec();
    let x = input(&dims, seed);
    let want = interpret(g, std::slice::from_ref(&x)).unwrap().remove(0);
    let got = onnxruntime(&path, &x.data, &dims);
    let d = diff(&want.data, &got);
    assert!(d <= 1e-5, "{label}: onnxruntime vs interpreter {d:e}");
}

#[test]
fn exported_models_run_in_onnxruntime_as_the_interpreter_computes_them() {
    let mut models: Vec<(String, Genome)> =
        hynas::bench_models().unwrap().into_iter().chain([("probe".to_string(), Genome::Probe)]).collect();
    for space in Space::ALL {
        let mut rng = ChaCha8Rng::seed_from_u64(77 + space as u64);
        for i in 0..4 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            models.push((format!("{} #{i}", space.name()), g));
        }
    }
    for (i, (label, g)) in models.iter().enumerate() {
        let graph = g.lower_with(i as u64, true).unwrap();
        check_export(label, &graph, &ExportOptions::default(), i as u64);
        if i % 3 == 0 {
            let mut folded = graph.clone();
            hynas_passes::fold_batch_norm::FoldBatchNorm.run(&mut folded).unwrap();
            hynas_passes::eliminate_dead::EliminateDead.run(&mut folded).unwrap();
            check_export(&format!("{label} (BN folded)"), &folded, &ExportOptions::default(), i as u64);
        }
    }
}

#[test]
fn a_symbolic_batch_runs_three_images_at_once() {
    for g in [Genome::Resnet8, Genome::from_json_str(include_str!("../examples/genomes/conv_vit_a.json")).unwrap()] {
        let graph = g.lower_with(5, true).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.onnx");
        std::fs::write(&path, export(&graph, &ExportOptions { dynamic_batch: true, ..Default::default() }).unwrap())
            .unwrap();
        let xs: Vec<Tensor> = (0..3).map(|s| input(&[1, 3, 32, 32], s)).collect();
        let batch: Vec<f32> = xs.iter().flat_map(|x| x.data.clone()).collect();
        let got = onnxruntime(&path, &batch, &[3, 3, 32, 32]);
        assert_eq!(got.len(), 30);
        for (k, x) in xs.iter().enumerate() {
            let want = interpret(&graph, std::slice::from_ref(x)).unwrap().remove(0);
            let d = diff(&want.data, &got[k * 10..(k + 1) * 10]);
            assert!(d <= 1e-5, "{} image {k}: {d:e}", g.space_name());
        }
    }
}

fn hynas(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hynas")).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn instructions_line(profile: &str) -> String {
    profile.lines().find(|l| l.starts_with("instructions")).unwrap_or_default().to_string()
}

#[test]
fn the_cli_exports_and_reads_onnx_where_it_reads_a_genome() {
    let dir = tempfile::tempdir().unwrap();
    let file = |n: &str| -> PathBuf { dir.path().join(n) };
    let b = "examples/genomes/conv_vit_b.json";
    let onnx = file("b.onnx");
    let (ok, out, err) = hynas(&["export", b, "-o", onnx.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("opset 17"), "{out}");
    // The same table as for the genome, with the same instruction count.
    let (ok, from_onnx, err) = hynas(&["profile", onnx.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, from_genome, err) = hynas(&["profile", b]);
    assert!(ok, "{err}");
    // The same model: the same parameters and MACs exactly. The instruction counts agree to 1e-5,
    // not always to the instruction: the import numbers the nodes differently, and `fuse_ops`
    // (anchors in id order) may fuse a residual add into the other operand's convolution (the same
    // work in another kernel order, which shifts the register allocation of the inlined entry by a
    // few instructions; 6 of 4.79M for conv_vit_b).
    for line in ["params", "MACs"] {
        let find = |t: &str| t.lines().find(|l| l.starts_with(line)).unwrap_or_default().to_string();
        assert_eq!(find(&from_onnx), find(&from_genome));
    }
    let count = |t: &str| -> f64 {
        instructions_line(t).split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
    };
    let (n_onnx, n_genome) = (count(&from_onnx), count(&from_genome));
    assert!(
        (n_onnx / n_genome - 1.0).abs() < 1e-5,
        "{} vs {}",
        instructions_line(&from_onnx),
        instructions_line(&from_genome)
    );
    for part in ["per MAC", "ROM", "arena", "check", "instr/MAC", "max_avg_pool2d"] {
        assert!(from_onnx.contains(part), "`{part}` not in {from_onnx}");
    }
    let (ok, out, err) = hynas(&["inspect", onnx.to_str().unwrap(), "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["space"], "onnx");
    assert_eq!(
        v["params"],
        Genome::from_json_str(&std::fs::read_to_string(b).unwrap()).unwrap().counts().unwrap().params
    );
    let obj = file("b.o");
    let (ok, _, err) = hynas(&["compile", onnx.to_str().unwrap(), "-o", obj.to_str().unwrap()]);
    assert!(ok && std::fs::metadata(&obj).unwrap().len() > 0, "{err}");
    // int8: a PyTorch file with ReLU6 and hardtanh clips, quantised, bit for bit in Spike.
    let fx = format!("{ROOT}/tests/fixtures/onnx/hybrid_b.onnx");
    let cal = format!("{ROOT}/data/cifar10-sample");
    let args = ["profile", &fx, "--quantize", "int8", "--calibration-data", &cal, "--target", "rv32imc"];
    let (ok, out, err) = hynas(&args);
    assert!(ok, "{err}");
    assert!(out.contains("bit for bit") && out.contains("clip"), "{out}");
    let qdq = file("q.onnx");
    let args = ["export", "resnet8", "--quantize", "int8", "--calibration-data", &cal, "-o", qdq.to_str().unwrap()];
    let (ok, out, err) = hynas(&args);
    assert!(ok && out.contains("int8 QDQ"), "{out}{err}");
    // Trained weights go into the file; eval reads them from it.
    let trained = file("r8.onnx");
    let w = "docs/runs/train-resnet8-30/weights.safetensors";
    let (ok, _, err) = hynas(&["export", "resnet8", "--weights", w, "--fold-bn", "-o", trained.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, from_onnx, err) = hynas(&["eval", trained.to_str().unwrap(), "--limit", "40", "--json"]);
    assert!(ok, "{err}");
    let (ok, from_genome, err) = hynas(&["eval", "resnet8", "--weights", w, "--limit", "40", "--json"]);
    assert!(ok, "{err}");
    let acc = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["predictions"].clone();
    assert_eq!(acc(&from_onnx), acc(&from_genome));
}

#[test]
fn the_cli_names_what_is_wrong_with_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = export(&Genome::Resnet8.lower(0).unwrap(), &ExportOptions::default()).unwrap();
    let cut = dir.path().join("cut.onnx");
    std::fs::write(&cut, &good[..good.len() / 3]).unwrap();
    let mut m = hynas_onnx::to_proto(&Genome::Probe.lower(0).unwrap(), &ExportOptions::default()).unwrap();
    m.graph.as_mut().unwrap().node[1].op_type = Some("Gelu".into());
    let gelu = dir.path().join("gelu.onnx");
    std::fs::write(&gelu, hynas_onnx::encode(&m)).unwrap();
    for (path, expect) in [(&cut, "not an ONNX model"), (&gelu, "unsupported op Gelu (node \"conv.relu\")")] {
        for cmd in ["profile", "compile", "inspect", "eval"] {
            let mut args = vec![cmd, path.to_str().unwrap()];
            if cmd == "compile" {
                args.extend(["-o", "/dev/null"]);
            }
            let (ok, _, err) = hynas(&args);
            assert!(!ok, "{args:?} succeeded");
            assert!(err.contains(expect) && !err.contains("panicked"), "{args:?}: {err}");
        }
    }
    let (ok, _, err) = hynas(&["eval", "resnet8"]);
    assert!(!ok && err.contains("--weights"), "{err}");
}

#[test]
fn int8_qdq_exports_run_in_onnxruntime_as_the_integer_interpreter_computes_them() {
    use hynas::jobs::{calibration_set, quantize_graph, quantize_input, QuantizeSpec};
    use hynas_passes::quantize::Calibration;
    let sample = Path::new(ROOT).join("data/cifar10-sample");
    let spec = QuantizeSpec { data: sample.clone(), images: 100, method: Calibration::MinMax, threads: 2 };
    let test = hynas::data::load(&sample, 0).unwrap().test;
    for dir in ["docs/runs/train-resnet8-30", "docs/runs/search2-conv_vit/best"] {
        let d = Path::new(ROOT).join(dir);
        let m = Model::load(d.join("genome.json").to_str().unwrap()).unwrap();
        let p = prepare_model(&m, Some(&d.join("weights.safetensors")), 0, None, &[]).unwrap();
        let q = quantize_graph(&p.graph, &calibration_set(&spec).unwrap(), spec.images, spec.method, spec.threads)
            .unwrap()
            .graph;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.onnx");
        std::fs::write(&path, export(&q, &ExportOptions::default()).unwrap()).unwrap();
        let n = test.len().min(100);
        let images: Vec<Vec<f32>> = (0..n).map(|i| test.normalized(i)).collect();
        let got = onnxruntime(&path, &images.concat(), &[n, 3, 32, 32]);
        let out = q.node(q.outputs()[0]);
        let oq = out.quant.clone().unwrap();
        let inp = q.node(q.inputs()[0]);
        let (mut agree, mut worst, mut total) = (0, 0.0f64, 0.0f64);
        for (i, x) in images.iter().enumerate() {
            let xi =
                hynas_ir::IntTensor::from_vec(inp.shape.dims(), inp.dtype, quantize_input(&q, x).unwrap()).unwrap();
            let yi = hynas_ir::interpret_int(&q, &[xi]).unwrap().remove(0);
            let want: Vec<f32> = yi.data.iter().map(|&v| (v - oq.zero_point) as f32 * oq.scale_at(0)).collect();
            let row = &got[i * 10..(i + 1) * 10];
            let argmax = |v: &[f32]| (0..v.len()).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap();
            agree += (argmax(&want) == argmax(row)) as usize;
            for (a, b) in want.iter().zip(row) {
                let steps = ((a - b).abs() / oq.scale_at(0)) as f64;
                worst = worst.max(steps);
                total += steps;
            }
        }
        let mean = total / (10 * n) as f64;
        eprintln!("{dir}: top-1 agrees on {agree}/{n}, output error mean {mean:.2} max {worst:.1} steps");
        assert!(agree * 100 >= 95 * n, "{dir}: top-1 agrees on only {agree}/{n}");
        assert!(mean <= 0.6 && worst <= 4.0, "{dir}: error mean {mean:.2}, max {worst:.1} output steps");
    }
}
