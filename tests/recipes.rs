//! Training recipes: a resumed training equals the uninterrupted one bit for bit (flex, and torch
//! in a `--features torch` build); distillation with alpha 0 equals plain training bit for bit;
//! bad distillation settings and teachers are named errors before any training; in a torch build,
//! the augmentation equals torchvision's on the same parameters, the distillation loss's gradient
//! equals PyTorch's, and the torch backend's optimisers step as `torch.optim`'s
//! (`scripts/train_reference.py`, run with the venv of `scripts/setup.sh --torch`).

use hynas::data;
use hynas_ir::Graph;
use hynas_searcher::Genome;
use hynas_train::{checkpoint, Augmentation, Backend, Distill, RunWith, TrainConfig, TrainError};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cifar10-sample")
}

fn small(backend: Backend) -> TrainConfig {
    TrainConfig {
        epochs: 3,
        batch: 32,
        train_subset: Some(96),
        augment: Augmentation::Hannah,
        max_lr: 0.01,
        seed: 5,
        backend,
        threads: Some(1),
        ..Default::default()
    }
}

fn consts(g: &Graph) -> Vec<(String, Vec<u32>)> {
    hynas_ir::weights::constants(g)
        .into_iter()
        .map(|(k, t)| (k, t.data.iter().map(|v| v.to_bits()).collect()))
        .collect()
}

fn resume_equals_uninterrupted(backend: Backend) {
    let cifar = data::load(&sample(), 0).unwrap();
    let genome = Genome::Resnet8;
    let cfg = small(backend);
    let mut whole = genome.lower(1).unwrap();
    let (r_whole, _) = hynas_train::train_keep(&mut whole, &cifar, &cfg).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let ck = dir.path().join("ck");
    let mut parts = genome.lower(1).unwrap();
    for done in 1..=2 {
        let with = RunWith { checkpoint: Some(&ck), stop_after: Some(1), ..Default::default() };
        match hynas_train::train_with(&mut genome.lower(1).unwrap(), &cifar, &cfg, with) {
            Err(TrainError::Stopped { epochs_done, epochs: 3 }) => assert_eq!(epochs_done, done),
            other => panic!("expected a stop after epoch {done}: {:?}", other.map(|r| r.0.test_accuracy)),
        }
        assert!(checkpoint::exists(&ck));
    }
    // A changed recipe is refused, naming the setting.
    let other = TrainConfig { max_lr: 0.02, ..cfg.clone() };
    let with = RunWith { checkpoint: Some(&ck), ..Default::default() };
    let e = hynas_train::train_with(&mut genome.lower(1).unwrap(), &cifar, &other, with).err().unwrap().to_string();
    assert!(e.contains("max_lr: 0.01 in the checkpoint, 0.02 now"), "{e}");
    let with = RunWith { checkpoint: Some(&ck), ..Default::default() };
    let (r_parts, _) = hynas_train::train_with(&mut parts, &cifar, &cfg, with).unwrap();
    assert_eq!(consts(&whole), consts(&parts), "{backend}: resumed weights differ from the uninterrupted training");
    assert_eq!(r_whole.test_accuracy, r_parts.test_accuracy);
    assert_eq!(r_parts.epochs.len(), 3);
    for (a, b) in r_whole.epochs.iter().zip(&r_parts.epochs) {
        assert_eq!((a.epoch, a.train_loss, a.val_accuracy), (b.epoch, b.train_loss, b.val_accuracy));
    }
}

#[test]
fn flex_resume_equals_uninterrupted() {
    resume_equals_uninterrupted(Backend::Flex);
}

#[cfg(feature = "torch")]
#[test]
fn torch_resume_equals_uninterrupted() {
    hynas_train_torch::enable();
    resume_equals_uninterrupted(Backend::Torch);
}

fn alpha_zero_is_plain_training(backend: Backend) {
    let cifar = data::load(&sample(), 0).unwrap();
    let cfg = TrainConfig { epochs: 1, ..small(backend) };
    let mut plain = Genome::Resnet8.lower(2).unwrap();
    hynas_train::train(&mut plain, &cifar, &cfg).unwrap();
    let teacher_graph = Genome::Resnet8.lower(9).unwrap();
    let kd = TrainConfig {
        distill: Some(Distill { teacher: "resnet8".into(), alpha: 0.0, temperature: 4.0 }),
        ..cfg.clone()
    };
    let teacher = hynas_train::teacher(&teacher_graph, &kd, 10).unwrap();
    let mut distilled = Genome::Resnet8.lower(2).unwrap();
    let with = RunWith { teacher: Some(teacher), ..Default::default() };
    hynas_train::train_with(&mut distilled, &cifar, &kd, with).unwrap();
    assert_eq!(consts(&plain), consts(&distilled), "{backend}: alpha 0 changed the training");
    // And alpha > 0 does change it.
    let kd = TrainConfig {
        distill: Some(Distill { teacher: "resnet8".into(), alpha: 0.5, temperature: 4.0 }),
        ..cfg.clone()
    };
    let teacher = hynas_train::teacher(&teacher_graph, &kd, 10).unwrap();
    let mut half = Genome::Resnet8.lower(2).unwrap();
    hynas_train::train_with(&mut half, &cifar, &kd, RunWith { teacher: Some(teacher), ..Default::default() }).unwrap();
    assert_ne!(consts(&plain), consts(&half));
}

#[test]
fn flex_distillation_with_alpha_zero_is_plain_training() {
    alpha_zero_is_plain_training(Backend::Flex);
}

#[cfg(feature = "torch")]
#[test]
fn torch_distillation_with_alpha_zero_is_plain_training() {
    hynas_train_torch::enable();
    alpha_zero_is_plain_training(Backend::Torch);
}

fn hynas(args: &[&str]) -> (bool, String) {
    let o =
        Command::new(env!("CARGO_BIN_EXE_hynas")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn bad_distillation_settings_are_named_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("x");
    let o = o.to_str().unwrap();
    // A teacher with 20 outputs: an ONNX file is not needed, a genome with another head is not
    // expressible, so the check is exercised through the library too (below).
    let w = dir.path().join("r8.safetensors");
    std::fs::write(&w, hynas_ir::weights::to_safetensors(&Genome::Resnet8.lower(0).unwrap()).unwrap()).unwrap();
    let w = w.to_str().unwrap();
    for (args, expect) in [
        (vec!["--teacher", "resnet8", "--teacher-weights", "/nonexistent.safetensors"], "/nonexistent.safetensors"),
        (vec!["--teacher", "resnet8"], "a teacher needs trained weights"),
        (vec!["--teacher", "resnet8", "--teacher-weights", w, "--kd-alpha", "1.5"], "alpha 1.5 is outside [0, 1]"),
        (vec!["--teacher", "resnet8", "--teacher-weights", w, "--kd-alpha=-0.1"], "outside [0, 1]"),
        (vec!["--teacher", "resnet8", "--teacher-weights", w, "--kd-temperature", "0"], "temperature 0 must be"),
        (vec!["--teacher", "resnet8", "--teacher-weights", w, "--kd-temperature", "nan"], "temperature NaN must be"),
        (vec!["--teacher", "/nonexistent-genome.json", "--teacher-weights", w], "/nonexistent-genome.json"),
        (vec!["--recipe", "imagenet"], "unknown recipe `imagenet`: expected proxy, sgd or hannah"),
        (vec!["--augment", "mixup"], "unknown augmentation `mixup`"),
        (vec!["--kd-alpha", "0.5"], "--teacher"),
    ] {
        let mut a = vec!["train", "resnet8", "--epochs", "1", "--out", o];
        a.extend(args.iter().copied());
        let (ok, err) = hynas(&a);
        assert!(!ok && err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("epoch 1"), "{args:?} trained before failing: {err}");
    }
    // The library refuses a teacher whose output is not the student's classes.
    let g = Genome::Resnet8.lower(0).unwrap();
    let e = hynas_train::teacher(&g, &TrainConfig::default(), 20).err().unwrap().to_string();
    assert!(e.contains("[1, 10]") && e.contains("20 classes"), "{e}");
}

#[test]
fn train_cli_runs_the_hannah_recipe_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = out.to_str().unwrap();
    let args = ["train", "resnet8", "--recipe", "hannah", "--epochs", "2", "--train-subset", "64", "--out", o];
    let (ok, err) = hynas(&args);
    assert!(ok, "{err}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    let c = &m["config"];
    assert_eq!(
        (c["recipe"].as_str(), c["augment"].as_str(), c["batch"].as_u64()),
        (Some("hannah"), Some("hannah"), Some(256))
    );
    assert_eq!((c["max_lr"].as_f64(), c["optimizer"].as_str()), (Some(0.01), Some("AdamW")));
    assert!(!out.join("checkpoint").exists(), "a finished training leaves no checkpoint");
}

#[cfg(feature = "torch")]
mod pytorch {
    //! Against PyTorch itself (the venv of `scripts/setup.sh --torch`, with torchvision).
    use super::*;
    use hynas_train::augment::{Affine, Params};
    use hynas_train::flex::FlexSession;
    use hynas_train::program::Program;
    use hynas_train::{OptimizerKind, Soft};
    use hynas_train_torch::TorchSession;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::{json, Value};

    fn python() -> PathBuf {
        let p = std::env::var_os("HYNAS_TORCH_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".torch/venv/bin/python"));
        assert!(p.exists(), "{} missing: run `bash scripts/setup.sh --torch`", p.display());
        p
    }

    fn run_python(code_or_script: &[&str], input: &Value) -> Value {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("case.json");
        std::fs::write(&f, input.to_string()).unwrap();
        let mut args: Vec<String> = code_or_script.iter().map(|s| s.to_string()).collect();
        args.push(f.display().to_string());
        let o = Command::new(python()).args(&args).output().unwrap();
        assert!(o.status.success(), "python failed: {}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    }

    const TORCHVISION: &str = r#"
import json, sys, torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode
case = json.load(open(sys.argv[1]))
out = []
for p in case["params"]:
    x = torch.tensor(case["image"], dtype=torch.float32).reshape(3, 32, 32) / 255.0
    if p["flip"]:
        x = F.hflip(x)
    if p["affine"] is not None:
        a = p["affine"]
        x = F.affine(x, angle=a["angle"], translate=[int(a["tx"]), int(a["ty"])], scale=a["scale"],
                     shear=[a["shear_x"], 0.0], interpolation=InterpolationMode.BILINEAR, fill=0.0)
    dy, dx = p["crop"]
    x = F.crop(F.pad(x, [4, 4, 4, 4], fill=0.0), 4 + dy, 4 + dx, 32, 32)
    if p["erase"] is not None:
        i, j, h, w = p["erase"]
        x = F.erase(x, i, j, h, w, torch.tensor(0.0))
    out.append(x.reshape(-1).tolist())
json.dump(out, sys.stdout)
"#;

    #[test]
    fn augmentation_equals_torchvision() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let image: Vec<u8> = (0..3072).map(|_| rng.gen()).collect();
        let mut params = vec![];
        for i in 0..40 {
            let mut p = hynas_train::augment::Policy::Hannah.sample(&mut hynas_train::augment::image_rng(7, 0, i), 32);
            if i % 4 == 0 {
                // Larger transforms than the policy draws, and every part at once.
                p.affine = Some(Affine {
                    angle: rng.gen_range(-170.0..170.0),
                    tx: rng.gen_range(-8i32..=8) as f64,
                    ty: rng.gen_range(-8i32..=8) as f64,
                    scale: rng.gen_range(0.5..1.6),
                    shear_x: rng.gen_range(-30.0..30.0),
                });
            }
            params.push(p);
        }
        params.push(Params::default());
        let as_json: Vec<Value> = params
            .iter()
            .map(|p| {
                json!({"flip": p.flip,
                       "affine": p.affine.map(|a| json!({"angle": a.angle, "tx": a.tx, "ty": a.ty, "scale": a.scale, "shear_x": a.shear_x})),
                       "crop": p.crop.map_or([0, 0], |(y, x)| [y, x]),
                       "erase": p.erase.map(|(i, j, h, w)| [i, j, h, w])})
            })
            .collect();
        let reference = run_python(&["-c", TORCHVISION], &json!({"image": image, "params": as_json}));
        let (mut affines, mut worst) = (0, 0.0f64);
        for (k, p) in params.iter().enumerate() {
            let mut ours = vec![];
            p.apply(&image, 3, 32, &[0.0; 3], &[1.0; 3], &mut ours);
            let theirs: Vec<f64> = reference[k].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
            let d = ours.iter().zip(&theirs).map(|(a, b)| (*a as f64 - b).abs()).fold(0.0, f64::max);
            assert!(d < 1e-5, "parameters {p:?}: ours and torchvision's differ by {d}");
            worst = f64::max(worst, d);
            affines += p.affine.is_some() as usize;
        }
        assert!(affines >= 15, "only {affines} affine cases");
        eprintln!("augmentation vs torchvision: {} cases, worst difference {worst:e}", params.len());
    }

    fn case(graph: &Graph, x: &[f32], y: &[i64], n: usize) -> Value {
        let prog = Program::build(graph).unwrap();
        let values: Vec<Vec<Vec<f32>>> = (0..prog.layers.len())
            .map(|l| prog.layer_values(graph, l).unwrap().into_iter().map(|(v, _)| v.to_vec()).collect())
            .collect();
        json!({"program": prog.to_json(graph).unwrap(), "values": values, "x": x, "y": y, "n": n})
    }

    fn floats(v: &Value) -> Vec<Vec<Vec<f32>>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| {
                l.as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect())
                    .collect()
            })
            .collect()
    }

    fn norm(v: &[f32]) -> f32 {
        v.iter().map(|x| x * x).sum::<f32>().sqrt()
    }

    /// Largest per-tensor relative difference (norms below 1e-3 of the largest tensor's measured
    /// against that floor, as in tests/backends.rs).
    fn worst(a: &[Vec<Vec<f32>>], b: &[Vec<Vec<f32>>]) -> f32 {
        assert_eq!(a.len(), b.len());
        let total = b.iter().flatten().map(|v| norm(v)).fold(0.0f32, f32::max);
        let mut w = 0.0f32;
        for (la, lb) in a.iter().zip(b) {
            assert_eq!(la.len(), lb.len());
            for (ta, tb) in la.iter().zip(lb) {
                assert_eq!(ta.len(), tb.len());
                let d = norm(&ta.iter().zip(tb).map(|(p, q)| p - q).collect::<Vec<_>>());
                w = w.max(d / norm(tb).max(1e-3 * total).max(f32::MIN_POSITIVE));
            }
        }
        w
    }

    fn genomes() -> Vec<Genome> {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let mut v = vec![Genome::Resnet8];
        use hynas_searcher::Space::{ConvVit, ConvVitLin, Resnet};
        // conv_vit_lin: the step runs HANNAH's relu_linear_attention as written (scripts/bench_pytorch.py).
        for space in [ConvVit, ConvVit, Resnet, ConvVitLin, ConvVitLin] {
            v.push(space.sample_valid(&mut rng, 100_000).unwrap().0);
        }
        v
    }

    #[test]
    fn distillation_gradients_equal_pytorch() {
        hynas_train_torch::enable();
        let cifar = data::load(&sample(), 0).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/train_reference.py");
        for (i, g) in genomes().into_iter().enumerate() {
            let graph = g.lower(40 + i as u64).unwrap();
            let n = 8;
            let idx: Vec<usize> = (0..n).map(|k| k * 11 + i).collect();
            let (x, y) = cifar.train.batch(&idx, None);
            let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
            let teacher: Vec<f32> = (0..n * 10).map(|_| rng.gen_range(-6.0..6.0)).collect();
            let soft = Soft { logits: &teacher, alpha: 0.7, temperature: 3.0 };
            let mut c = case(&graph, &x, &y, n);
            c["teacher"] = json!(teacher);
            c["alpha"] = json!(0.7);
            c["temperature"] = json!(3.0);
            let reference = run_python(&[script.to_str().unwrap()], &c);
            let want = floats(&reference["grads"]);
            let cfg =
                TrainConfig { threads: Some(1), backend: Backend::Torch, channels_last: false, ..Default::default() };
            let mut torch = TorchSession::new(&graph, Program::build(&graph).unwrap(), &cfg).unwrap();
            let tg = torch.gradients(&x, &y, n, Some(soft)).unwrap();
            let w = worst(&tg, &want);
            assert!(w < 1e-4, "torch vs PyTorch distillation gradients differ by {w} for {}", g.to_json());
            let fcfg = TrainConfig { backend: Backend::Flex, ..cfg.clone() };
            let flex = FlexSession::new(&graph, Program::build(&graph).unwrap(), &fcfg).unwrap();
            let fg = flex.gradients(&x, &y, n, Some(soft)).unwrap();
            let w = worst(&fg, &want);
            assert!(w < 1e-3, "flex vs PyTorch distillation gradients differ by {w} for {}", g.to_json());
        }
    }

    const OPTIM: &str = r#"
import json, sys, torch
case = json.load(open(sys.argv[1]))
params = [torch.tensor(p, dtype=torch.float32).reshape(s).requires_grad_(True)
          for p, s in zip(case["params"], case["shapes"])]
if case["kind"] == "adamw":
    o = torch.optim.AdamW(params, lr=1.0, betas=(0.9, 0.999), eps=1e-8, weight_decay=case["wd"], foreach=False)
else:
    o = torch.optim.SGD(params, lr=1.0, momentum=0.9, nesterov=True, weight_decay=case["wd"], foreach=False)
out = []
for lr, grads in zip(case["lrs"], case["grads"]):
    for g in o.param_groups:
        g["lr"] = lr
    for p, g, s in zip(params, grads, case["shapes"]):
        p.grad = torch.tensor(g, dtype=torch.float32).reshape(s)
    o.step()
    out.append([p.detach().reshape(-1).tolist() for p in params])
json.dump(out, sys.stdout)
"#;

    /// The update rules on their own: the same parameters and gradient sequence (3 steps, a new
    /// rate each) through hynas's torch optimiser and torch.optim. (Whole trainings cannot be
    /// compared this way after the first step: Adam's first update is lr x sign(gradient), so an
    /// element whose gradient is float noise flips with the summation order.)
    #[test]
    fn torch_optimizers_step_as_torch_optim() {
        use hynas_train_torch::tch::{self, Tensor as T};
        let shapes: Vec<Vec<i64>> = vec![vec![4, 3, 3, 3], vec![16], vec![10, 7]];
        let mut rng = ChaCha8Rng::seed_from_u64(77);
        let mut r = |n: i64, s: f32| -> Vec<f32> { (0..n).map(|_| rng.gen_range(-s..s)).collect() };
        let init: Vec<Vec<f32>> = shapes.iter().map(|s| r(s.iter().product(), 1.0)).collect();
        let grads: Vec<Vec<Vec<f32>>> =
            (0..3).map(|k| shapes.iter().map(|s| r(s.iter().product(), 0.1 * (k + 1) as f32)).collect()).collect();
        let lrs = [0.01, 0.03, 0.002];
        for (kind, name, wd) in [(OptimizerKind::AdamW, "adamw", 0.05), (OptimizerKind::SgdNesterov, "sgd", 5e-4)] {
            let params: Vec<T> =
                init.iter().zip(&shapes).map(|(v, s)| T::from_slice(v).reshape(s).set_requires_grad(true)).collect();
            let mut o = hynas_train_torch::Optim::new(kind, wd, params.len());
            let reference = run_python(
                &["-c", OPTIM],
                &json!({"kind": name, "wd": wd, "params": init, "shapes": shapes, "grads": grads, "lrs": lrs}),
            );
            for (step, (lr, g)) in lrs.iter().zip(&grads).enumerate() {
                // The gradient g: d/dp of sum(p * g).
                for p in &params {
                    let mut gr = p.grad();
                    if gr.defined() {
                        let _ = gr.zero_();
                    }
                }
                let loss = params
                    .iter()
                    .zip(g)
                    .zip(&shapes)
                    .map(|((p, g), s)| (p * T::from_slice(g).reshape(s)).sum(tch::Kind::Float))
                    .fold(T::from(0.0f32), |a, b| a + b);
                loss.backward();
                o.step(&params, *lr).unwrap();
                for (k, p) in params.iter().enumerate() {
                    let ours = Vec::<f32>::try_from(&p.detach().reshape([-1])).unwrap();
                    let theirs: Vec<f32> =
                        reference[step][k].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
                    let d = ours.iter().zip(&theirs).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
                    assert!(d < 1e-6, "{name}, step {}, tensor {k}: differs from torch.optim by {d}", step + 1);
                }
            }
        }
    }
}
