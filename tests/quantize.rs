//! Post-training int8 quantisation of trained models (ResNet-8 of docs/runs/train-resnet8-30 and
//! the conv_vit best of docs/runs/search2-conv_vit) on the bundled CIFAR-10 sample: calibrated on
//! training images, the integer interpreter's predictions on the 200 test images agree with the
//! f32 interpreter's, for every calibration method.

use hynas_ir::{interpret, interpret_int, weights, DType, Graph, IntTensor, Tensor};
use hynas_passes::quantize::{quantize, Calibration};
use hynas_passes::{run_pipeline, Options};
use hynas_searcher::{Genome, INPUT};
use hynas_train::argmax;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The trained model of `dir` (genome.json + weights.safetensors) as the f32 graph quantisation
/// starts from: lowered, weights loaded, the pipeline without `fuse_ops`.
fn trained(dir: &str) -> Graph {
    let d = root().join(dir);
    let g = Genome::load(d.join("genome.json").to_str().unwrap()).unwrap();
    let mut graph = g.lower(0).unwrap();
    weights::load_safetensors(&mut graph, &std::fs::read(d.join("weights.safetensors")).unwrap()).unwrap();
    run_pipeline(&mut graph, Options { dump_after: None, disable: &["fuse_ops"] }).unwrap();
    graph
}

fn predict_int(q: &Graph, x: &Tensor) -> usize {
    let qi = q.node(q.inputs()[0]).quant.clone().unwrap();
    let xi = IntTensor::from_vec(x.dims(), DType::I8, x.data.iter().map(|&v| qi.quantize(v, 0, DType::I8)).collect())
        .unwrap();
    let y = interpret_int(q, &[xi]).unwrap().remove(0);
    // Dequantisation is monotonic: the largest integer is the largest logit.
    y.data.iter().enumerate().fold((0, i32::MIN), |b, (i, &v)| if v > b.1 { (i, v) } else { b }).0
}

#[test]
fn int8_predictions_follow_f32_on_trained_models() {
    let cifar = hynas_train::data::load(&root().join("data/cifar10-sample"), 0).unwrap();
    let img = |d: &hynas_train::data::Dataset, i: usize| Tensor::from_vec(&INPUT, d.normalized(i)).unwrap();
    let calib: Vec<Tensor> = (0..64).map(|i| img(&cifar.train, i)).collect();
    let n = cifar.test.len();
    for dir in ["docs/runs/train-resnet8-30", "docs/runs/search2-conv_vit/best"] {
        let f = trained(dir);
        let float: Vec<usize> =
            (0..n).map(|i| argmax(&interpret(&f, &[img(&cifar.test, i)]).unwrap()[0].data)).collect();
        let acc = |p: &[usize]| p.iter().zip(&cifar.test.labels).filter(|(a, b)| **a == **b as usize).count();
        for cal in [Calibration::MinMax, Calibration::Percentile(99.99), Calibration::Mse] {
            let q = quantize(&f, &calib, cal, 2).unwrap();
            let int: Vec<usize> = (0..n).map(|i| predict_int(&q, &img(&cifar.test, i))).collect();
            let agree = int.iter().zip(&float).filter(|(a, b)| a == b).count();
            eprintln!(
                "{dir} {cal}: f32 {}/{n} correct, int8 {}/{n}, same prediction {agree}/{n}",
                acc(&float),
                acc(&int)
            );
            assert!(agree * 100 >= n * 90, "{dir} {cal}: only {agree}/{n} predictions agree");
            assert!(acc(&int) + n * 3 / 100 >= acc(&float), "{dir} {cal}: int8 {} vs f32 {}", acc(&int), acc(&float));
        }
    }
}

mod common;

/// `hynas eval --quantize int8` on the sample: the integer model's accuracy is the f32 model's
/// within 3 points; bad quantisation options fail before any work, naming the option.
#[test]
fn eval_int8_from_the_cli() {
    let (g, w) = ("docs/runs/train-resnet8-30/genome.json", "docs/runs/train-resnet8-30/weights.safetensors");
    let json = |extra: &[&str]| {
        let out = common::hynas()
            .args(["eval", g, "--weights", w, "--json"])
            .args(extra)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let run = |extra: &[&str]| json(extra)["accuracy"].as_f64().unwrap();
    let f32_acc = run(&[]);
    let int8 = ["--quantize", "int8", "--calibration-data", "data/cifar10-sample", "--calibration-images", "64"];
    let int8_acc = run(&int8);
    assert!((int8_acc - f32_acc).abs() <= 0.03, "int8 {int8_acc} vs f32 {f32_acc}");
    // The int8 kernels on the host and in Spike (rv32imc) predict what the integer interpreter
    // does, image for image.
    let limit = ["--limit", "60"];
    let host_json = json(&[&int8[..], &limit[..]].concat());
    let host = host_json["predictions"].clone();
    let spike = json(&[&int8[..], &limit[..], &["--on", "spike"]].concat())["predictions"].clone();
    assert_eq!(host, spike);
    // --limit: a class-balanced subset of the test split, by index.
    let indices: Vec<usize> =
        host_json["image_indices"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    assert_eq!(indices.len(), 60);
    let cifar = hynas_train::data::load(&root().join("data/cifar10-sample"), 0).unwrap();
    let img = |d: &hynas_train::data::Dataset, i: usize| Tensor::from_vec(&INPUT, d.normalized(i)).unwrap();
    let calib: Vec<Tensor> = (0..64).map(|i| img(&cifar.train, i)).collect();
    let q = quantize(&trained("docs/runs/train-resnet8-30"), &calib, Calibration::MinMax, 2).unwrap();
    let oracle: Vec<usize> = indices.iter().map(|&i| predict_int(&q, &img(&cifar.test, i))).collect();
    assert_eq!(host, serde_json::json!(oracle), "host int8 kernels vs the integer interpreter");
    let base = ["eval", g, "--weights", w];
    let fails = |extra: &[&str], expect: &str| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let root = root().to_str().unwrap().to_string();
        let args: Vec<String> =
            args.iter().map(|a| if a.starts_with("docs/") { format!("{root}/{a}") } else { a.to_string() }).collect();
        common::fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), expect);
    };
    fails(&["--quantize", "int8"], "--quantize int8 needs --calibration-data DIR");
    fails(&["--quantize", "int4"], "invalid value 'int4'");
    fails(&["--quantize", "int8", "--calibration-data", "/nonexistent"], "/nonexistent: no such folder");
    fails(&["--quantize", "int8", "--calibration-data", "x", "--calibration", "p99"], "--calibration p99");
    fails(
        &["--quantize", "int8", "--calibration-data", "x", "--calibration-images", "0"],
        "--calibration-images must be",
    );
    fails(&["--calibration-data", "x"], "--calibration-data is for --quantize int8");
}

/// `hynas profile` and `hynas compile` of the int8 form on a target without FPU: Spike equals the
/// integer interpreter (the profile checks), ROM and arena shrink against the f32 build, the
/// header is int8; the f32 model is refused on that target.
#[test]
fn profile_and_compile_int8_from_the_cli() {
    let q = ["--quantize", "int8", "--calibration-data", "data/cifar10-sample", "--calibration-images", "16"];
    let profile = |extra: &[&str]| -> serde_json::Value {
        let out =
            common::hynas().args(["profile", "resnet8", "--json"]).args(extra).current_dir(root()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let f = profile(&[]);
    let i = profile(&[&["--target", "rv32imc"][..], &q].concat());
    assert_eq!((f["form"].as_str(), i["form"].as_str()), (Some("f32"), Some("int8")));
    assert_eq!(i["target"], "rv32imc");
    let ratio = |k: &str| i[k].as_f64().unwrap() / f[k].as_f64().unwrap();
    assert!(ratio("rom_bytes") < 0.35, "ROM {}", ratio("rom_bytes"));
    assert!(ratio("arena_bytes") < 0.5, "arena {}", ratio("arena_bytes"));
    let dir = tempfile::tempdir().unwrap();
    let (o, h) = (dir.path().join("m.o"), dir.path().join("m.h"));
    let out = common::hynas()
        .args(["compile", "resnet8", "--target", "rv32imc", "-o", o.to_str().unwrap(), "--header", h.to_str().unwrap()])
        .args(q)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let header = std::fs::read_to_string(&h).unwrap();
    assert!(header.contains("void hynas_model_run(const int8_t *in, int8_t *out);"), "{header}");
    assert!(
        header.contains("#define HYNAS_MODEL_INPUT_SCALE") && header.contains("#define HYNAS_MODEL_OUTPUT_ZERO_POINT")
    );
    common::fails(&["profile", "resnet8", "--target", "rv32imc"], "target rv32imc has no FPU");
    // The CLI names the flag that fixes it (the library describes the problem).
    common::fails(&["profile", "resnet8", "--target", "rv32imc"], "(use --quantize int8)");
}

/// An int8 search on the bundled sample: candidates measured and scored as int8 (both
/// accuracies recorded), the report and the retrained model.h int8; resuming under another
/// quantisation is refused; bad quantisation options fail before any work.
#[test]
fn int8_search_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let q = ["--quantize", "int8", "--calibration-images", "32"];
    let o = common::hynas().args(common::TINY).args(q).arg("--out").arg(&out).current_dir(root()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("in their deployed form, **int8**"), "{report}");
    assert!(report.contains("(int8; the f32 model: "), "{report}");
    let header = std::fs::read_to_string(out.join("best/model.h")).unwrap();
    assert!(header.contains("void hynas_model_run(const int8_t *in, int8_t *out);"), "{header}");
    let h = common::history(&out);
    let ok: Vec<_> = h.iter().filter(|r| r["status"] == "ok" && r["i"].as_i64() >= Some(0)).collect();
    assert!(!ok.is_empty());
    for r in &ok {
        assert!(r["val_accuracy"].is_f64() && r["val_accuracy_f32"].is_f64() && r["instructions"].is_u64(), "{r}");
    }
    let o =
        common::hynas().args(common::TINY).arg("--out").arg(&out).arg("--resume").current_dir(root()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("quantisation int8 (minmax on 32 images) (now f32)"), "{err}");
    let bad = |extra: &[&str], expect: &str| {
        let args: Vec<&str> = ["search", "--out", "/tmp/never-written"].iter().chain(extra).copied().collect();
        common::fails(&args, expect);
    };
    bad(&["--quantize", "int8", "--calibration", "mse2"], "--calibration mse2");
    bad(&["--quantize", "int8", "--calibration-images", "0"], "--calibration-images must be at least 1");
    bad(&["--calibration-data", "data"], "--calibration-data is for --quantize int8");
    bad(&["--quantize", "int8", "--calibration-data", "/nonexistent"], "--calibration-data /nonexistent");
}

/// `hynas bench --quantize int8`: every bench model's int8 form on rv32imc next to its f32 form
/// on rv32imf from the same run; the int8 build is smaller in ROM and arena.
#[test]
fn bench_int8_rows() {
    let out = common::hynas()
        .args(["bench", "--quantize", "int8", "--target", "rv32imc", "--calibration-images", "4", "--json"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for r in rows {
        let (f, i) = (&r["f32"], &r["int8"]);
        assert_eq!(
            (f["form"].as_str(), i["form"].as_str(), i["target"].as_str()),
            (Some("f32"), Some("int8"), Some("rv32imc"))
        );
        let ratio = |k: &str| i[k].as_f64().unwrap() / f[k].as_f64().unwrap();
        assert!(ratio("rom_bytes") < 0.5 && ratio("arena_bytes") < 0.5, "{}: {r}", i["model"]);
    }
}

/// Issue 27, item 8: calibration images that hold one value everywhere (all black) are refused:
/// every range would come from one point (int8 accuracy 32% -> 11.5% before).
#[test]
fn calibration_images_without_variation_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let classes: Vec<String> = std::fs::read_dir(root().join("data/cifar10-sample/train"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for split in ["train", "test"] {
        for c in &classes {
            let dir = tmp.path().join(split).join(c);
            std::fs::create_dir_all(&dir).unwrap();
            for k in 0..2 {
                image::RgbImage::new(32, 32).save(dir.join(format!("{k}.png"))).unwrap();
            }
        }
    }
    let d = tmp.path().to_str().unwrap();
    common::fails(
        &["profile", "resnet8", "--quantize", "int8", "--target", "rv32imc", "--calibration-data", d],
        "calibration images hold one value everywhere",
    );
}
