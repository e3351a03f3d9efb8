//! The measurement methods of `hynas bench`, each run in one go so that its ratios compare
//! figures of the same (shared, noisy) machine state:
//!
//! - [`kernels`]: every bench model profiled in Spike with the tuned kernel schedules and with the
//!   baseline ones;
//! - [`int8`]: every bench model's int8 form on an integer target against its f32 form on
//!   rv32imf (instructions per MAC, ROM and arena ratios);
//! - [`training`]: training throughput of every backend of this build and of PyTorch eager (when a
//!   Python with torch is found), interleaved rounds, medians.
//!
//! Each returns typed rows; `*_table` renders them for a terminal, `*_json` for files.

use crate::jobs::{
    bench_models, calibration_set, prepare, profile, profile_with, Prepared, ProfileReport, QuantizeSpec,
};
use crate::{invalid, io, DriverError, Result};
use hynas_codegen::{Schedules, Target};
use hynas_runtime::cycles::cores::Core;
use hynas_runtime::RunOptions;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One model with the tuned schedules and with the baseline ones.
pub struct KernelRow {
    pub tuned: ProfileReport,
    pub baseline: ProfileReport,
}

/// Profiles every bench model on `target` with the tuned schedules and with `baseline`; with
/// `core` (a core with an FPU), the tuned build's cycles on it are modelled too.
pub fn kernels(target: Target, baseline: Schedules, core: Option<(Core, f64)>) -> Result<Vec<KernelRow>> {
    let mut rows = Vec::new();
    for (name, g) in bench_models()? {
        let p = prepare(&g, None, 0, None, &[])?;
        let run = |schedules| RunOptions { target, timeout: Duration::from_secs(300), schedules, ..Default::default() };
        let tuned = with_core(&name, &p, run(Schedules::Tuned), core)?;
        let baseline = profile_with(&name, &p, &run(baseline), 0)?;
        rows.push(KernelRow { tuned, baseline });
    }
    Ok(rows)
}

/// Profiles `p` with `opts`, the cycles of `core` (at its clock in MHz) modelled when given.
fn with_core(name: &str, p: &Prepared, opts: RunOptions, core: Option<(Core, f64)>) -> Result<ProfileReport> {
    let mut r = profile_with(name, p, &RunOptions { core: core.map(|c| c.0), ..opts }, 0)?;
    if let Some((_, mhz)) = core {
        r.clock_mhz = mhz;
    }
    Ok(r)
}

/// The modelled-cycles columns of a bench table (empty without a core).
fn cycle_head(core: Option<(Core, f64)>) -> String {
    core.map_or(String::new(), |(c, mhz)| {
        format!(" {:>14} {:>8} {:>10}", format!("{} cyc", c.name), "cyc/MAC", format!("ms@{mhz}MHz"))
    })
}

fn cycle_cols(r: &ProfileReport) -> String {
    r.profile.modelled.as_ref().map_or(String::new(), |m| {
        let c = m.total.cycles;
        format!(" {c:>14} {:>8.3} {:>10.3}", c as f64 / r.counts.macs.max(1) as f64, c as f64 / (r.clock_mhz * 1e3))
    })
}

pub fn kernels_json(rows: &[KernelRow]) -> Value {
    let v: Vec<_> = rows
        .iter()
        .map(|r| {
            let mut v = r.tuned.to_json();
            v["baseline"] = r.baseline.to_json();
            v
        })
        .collect();
    Value::Array(v)
}

pub fn kernels_table(rows: &[KernelRow], baseline: Schedules, core: Option<(Core, f64)>) -> String {
    let b = baseline.name();
    let mut s = format!("tuned kernel schedules against the {b} ones (same run; ratio = tuned / {b})\n");
    s += &format!(
        "{:<11} {:>7} {:>10} {:>11} {:>9} {:>9} {:>6} {:>8} {:>6} {:>8} {:>8} {:>6} {:>6}{}\n",
        "model",
        "params",
        "MACs",
        "instr",
        "instr/MAC",
        "baseline",
        "ratio",
        "ROM",
        "ratio",
        "RAM",
        "arena",
        "a/lb",
        "wall s",
        cycle_head(core)
    );
    for KernelRow { tuned: r, baseline: b } in rows {
        let pr = &r.profile;
        s += &format!(
            "{:<11} {:>7} {:>10} {:>11} {:>9.3} {:>9.3} {:>6.3} {:>8} {:>6.3} {:>8} {:>8} {:>6.3} {:>6.2}{}\n",
            r.name,
            r.counts.params,
            r.counts.macs,
            pr.instructions,
            r.instructions_per_mac(),
            b.instructions_per_mac(),
            pr.instructions as f64 / b.profile.instructions.max(1) as f64,
            pr.rom_bytes(),
            pr.rom_bytes() as f64 / b.profile.rom_bytes().max(1) as f64,
            pr.ram_bytes(),
            pr.arena_bytes,
            pr.arena_bytes as f64 / r.lower_bound.max(1) as f64,
            r.wall.as_secs_f64(),
            cycle_cols(r)
        );
    }
    s
}

/// One model's f32 build on rv32imf and int8 build on the integer target.
pub struct Int8Row {
    pub name: String,
    pub f32: ProfileReport,
    pub int8: ProfileReport,
}

/// Every bench model's int8 form on `target` (calibrated as `spec` says) against its f32 form;
/// with `core`, the int8 build's cycles on it are modelled too.
pub fn int8(target: Target, spec: &QuantizeSpec, core: Option<(Core, f64)>) -> Result<Vec<Int8Row>> {
    let mut rows = Vec::new();
    let images = calibration_set(spec)?;
    for (name, g) in bench_models()? {
        let p = prepare(&g, None, 0, None, &[])?;
        let f = profile(&name, &p, Target::Rv32imf, Duration::from_secs(300), 0)?;
        let mut q = p.clone();
        let t = Instant::now();
        let qg = if g.input_dims() == hynas_searcher::INPUT {
            crate::jobs::quantize_graph(&q.graph, &images, spec.images, spec.method, spec.threads)?
        } else {
            // A model that does not take images (the probe): seeded random inputs calibrate it.
            let calib: Vec<_> =
                (0..spec.images.min(16) as u64).map(|k| crate::test_input(&g.input_dims(), k)).collect();
            hynas_passes::quantize::quantize_model_parts(&q.graph, &calib, spec.method, spec.threads)?
        };
        crate::jobs::set_int8(&mut q, qg, t)?;
        let i =
            with_core(&name, &q, RunOptions { target, timeout: Duration::from_secs(600), ..Default::default() }, core)?;
        rows.push(Int8Row { name, f32: f, int8: i });
    }
    Ok(rows)
}

pub fn int8_json(rows: &[Int8Row]) -> Value {
    Value::Array(rows.iter().map(|r| json!({"f32": r.f32.to_json(), "int8": r.int8.to_json()})).collect())
}

pub fn int8_table(rows: &[Int8Row], target: Target, spec: &QuantizeSpec, core: Option<(Core, f64)>) -> String {
    let mut s = format!(
        "int8 on {} (calibration {} on {} images) against f32 on rv32imf, same run\n",
        target.name(),
        spec.method,
        spec.images
    );
    s += &format!(
        "{:<11} {:>10} {:>10} {:>10} {:>9} {:>9} {:>6} {:>8} {:>8} {:>6}{}\n",
        "model",
        "MACs",
        "f32 i/MAC",
        "int8 i/MAC",
        "f32 ROM",
        "int8 ROM",
        "ratio",
        "f32 ar.",
        "int8 ar.",
        "ratio",
        cycle_head(core)
    );
    for Int8Row { name, f32: f, int8: i } in rows {
        let (fp, ip) = (&f.profile, &i.profile);
        s += &format!(
            "{:<11} {:>10} {:>10.3} {:>10.3} {:>9} {:>9} {:>6.3} {:>8} {:>8} {:>6.3}{}\n",
            name,
            f.counts.macs,
            f.instructions_per_mac(),
            i.instructions_per_mac(),
            fp.rom_bytes(),
            ip.rom_bytes(),
            ip.rom_bytes() as f64 / fp.rom_bytes().max(1) as f64,
            fp.arena_bytes,
            ip.arena_bytes,
            ip.arena_bytes as f64 / fp.arena_bytes.max(1) as f64,
            cycle_cols(i)
        );
    }
    s
}

/// The PyTorch eager trainer (`scripts/bench_pytorch.py`, embedded so the bench runs from
/// anywhere).
const BENCH_PYTORCH: &str = include_str!("../../scripts/bench_pytorch.py");

/// The Python with torch for the PyTorch eager baseline: `HYNAS_TORCH_PYTHON`, else the venv of
/// `scripts/setup.sh --torch` (`.torch/venv` in the working directory or next to the binary's
/// checkout); `None` when none imports torch.
pub fn torch_python() -> Option<PathBuf> {
    let candidates = std::env::var_os("HYNAS_TORCH_PYTHON").map(PathBuf::from).into_iter().chain(
        [
            std::env::current_dir().ok(),
            std::env::current_exe().ok().and_then(|e| Some(e.parent()?.parent()?.parent()?.to_path_buf())),
        ]
        .into_iter()
        .flatten()
        .map(|d| d.join(".torch/venv/bin/python")),
    );
    candidates.into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import torch"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Removes a file when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A trainer whose throughput is measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trainer {
    /// A backend of this build (the torch one channels-last).
    Backend(hynas_train::Backend),
    /// The torch backend in PyTorch's default NCHW layout.
    TorchNchw,
    /// PyTorch eager, from the same training program, run by this Python.
    PyTorch(PathBuf),
}

impl Trainer {
    pub fn name(&self) -> &'static str {
        match self {
            Trainer::Backend(b) => b.name(),
            Trainer::TorchNchw => "torch-nchw",
            Trainer::PyTorch(_) => "pytorch",
        }
    }
}

/// A bench model: ResNet-8 (trained with SGD) or conv_vit_b (AdamW).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BenchModel {
    Resnet8,
    ConvVitB,
}

impl BenchModel {
    fn name(self) -> &'static str {
        match self {
            BenchModel::Resnet8 => "resnet8",
            BenchModel::ConvVitB => "conv_vit_b",
        }
    }
}

/// One training-throughput measurement: `procs` processes side by side, `threads` each; returns
/// their summed images/s. `exe` is the hynas binary (its `bench-train-worker` command trains),
/// `model` the model's spec (a name or a genome file).
fn one(
    who: &Trainer,
    exe: &Path,
    (which, model): (BenchModel, &str),
    (threads, procs): (usize, usize),
    steps: u32,
    data: &Path,
) -> Result<f64> {
    let optimizer = if which == BenchModel::Resnet8 { "sgd" } else { "adamw" };
    let who_name = who.name();
    let tmp = |what: &str| std::env::temp_dir().join(format!("hynas-bench-{}-{what}", std::process::id()));
    let (prog, script) = (TempFile(tmp("program.json")), TempFile(tmp("bench_pytorch.py")));
    // PyTorch eager reads the model's training program and the embedded script (once for all
    // its processes).
    if matches!(who, Trainer::PyTorch(_)) {
        let m = crate::Model::load(model)?;
        let g = m.genome().ok_or_else(|| invalid(format!("{model} is not a genome")))?;
        let text = serde_json::to_string(&crate::program_json(g)?).map_err(|e| invalid(e.to_string()))?;
        std::fs::write(&prog.0, text).map_err(|e| io(&prog.0, e))?;
        std::fs::write(&script.0, BENCH_PYTORCH).map_err(|e| io(&script.0, e))?;
    }
    let mut children = Vec::new();
    for _ in 0..procs {
        let mut cmd = match who {
            Trainer::PyTorch(py) => {
                let mut c = std::process::Command::new(py);
                c.arg(&script.0).arg("--program").arg(&prog.0).args([
                    "--threads",
                    &threads.to_string(),
                    "--steps",
                    &steps.to_string(),
                    "--optimizer",
                    optimizer,
                ]);
                c
            }
            Trainer::Backend(_) | Trainer::TorchNchw => {
                let mut c = std::process::Command::new(exe);
                let backend = match who {
                    Trainer::Backend(b) => b.name(),
                    _ => hynas_train::Backend::Torch.name(),
                };
                c.args(["bench-train-worker", "--model", model, "--backend", backend])
                    .args(["--threads", &threads.to_string(), "--steps", &steps.to_string()])
                    .args(["--optimizer", optimizer, "--data"])
                    .arg(data)
                    .env("RAYON_NUM_THREADS", threads.to_string());
                if *who == Trainer::TorchNchw {
                    c.arg("--nchw");
                }
                c
            }
        };
        cmd.env("OMP_NUM_THREADS", threads.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = cmd.spawn().map_err(|e| DriverError::Io(format!("starting the {who_name} training worker"), e))?;
        children.push(child);
    }
    let mut total = 0.0;
    for c in children {
        let o = c
            .wait_with_output()
            .map_err(|e| DriverError::Io(format!("waiting for the {who_name} training worker"), e))?;
        if !o.status.success() {
            return Err(invalid(format!(
                "{who_name} training worker failed: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )));
        }
        let out = String::from_utf8_lossy(&o.stdout);
        total +=
            out.trim().parse::<f64>().map_err(|_| invalid(format!("{who_name} worker printed `{}`", out.trim())))?;
    }
    Ok(total)
}

/// Training throughput: the trainers measured (backends, `torch-nchw`, `pytorch`) and per setup
/// (model, threads per training, trainings side by side) every round's images/s per trainer.
pub struct TrainingBench {
    pub who: Vec<Trainer>,
    pub steps: u32,
    pub rounds: u32,
    pub rows: Vec<(&'static str, usize, usize, Vec<Vec<f64>>)>,
}

/// Measures training throughput: `rounds` interleaved rounds of `steps` steps (after 2 warm-up
/// steps) per cell, on `data`, through `exe`'s `bench-train-worker`.
pub fn training(exe: &Path, steps: u32, rounds: u32, data: &Path) -> Result<TrainingBench> {
    let backends = hynas_train::Backend::available();
    let mut who: Vec<Trainer> = backends.iter().map(|&b| Trainer::Backend(b)).collect();
    // The torch backend trains channels-last on the CPU; its NCHW figures show what that buys.
    if backends.contains(&hynas_train::Backend::Torch) {
        who.push(Trainer::TorchNchw);
    }
    if let Some(py) = torch_python() {
        who.push(Trainer::PyTorch(py));
    } else {
        tracing::warn!(
            "PyTorch eager: not measured (no Python with torch; `bash scripts/setup.sh --torch` installs one)"
        );
    }
    use BenchModel::{ConvVitB, Resnet8};
    let setups = [(Resnet8, 1, 1), (Resnet8, 2, 1), (Resnet8, 1, 2), (ConvVitB, 1, 1), (ConvVitB, 2, 1)];
    // conv_vit_b as a file (the workers load models by name or path).
    let conv_vit_b = TempFile(std::env::temp_dir().join(format!("hynas-bench-{}-conv_vit_b.json", std::process::id())));
    let text = crate::jobs::BENCH_GENOMES.iter().find(|(n, _)| *n == "conv_vit_b").map_or("", |(_, t)| t);
    std::fs::write(&conv_vit_b.0, text).map_err(|e| io(&conv_vit_b.0, e))?;
    let mut rows: Vec<_> = setups.iter().map(|&(m, t, p)| (m, t, p, vec![Vec::new(); who.len()])).collect();
    // Every round measures every cell once, so slow phases of a shared machine hit all alike.
    for _ in 0..rounds {
        for (model, threads, procs, cells) in rows.iter_mut() {
            let spec = match model {
                Resnet8 => model.name().to_string(),
                ConvVitB => conv_vit_b.0.display().to_string(),
            };
            for (w, cell) in who.iter().zip(cells.iter_mut()) {
                cell.push(one(w, exe, (*model, &spec), (*threads, *procs), steps, data)?);
            }
        }
    }
    let rows = rows.into_iter().map(|(m, t, p, cells)| (m.name(), t, p, cells)).collect();
    Ok(TrainingBench { who, steps, rounds, rows })
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

pub fn training_json(b: &TrainingBench) -> Value {
    let rows = b.rows.iter().map(|(m, t, p, cells)| {
        let mut row = serde_json::Map::new();
        for (w, v) in b.who.iter().zip(cells) {
            row.insert(w.name().to_string(), json!(median(v)));
            row.insert(format!("{}_all", w.name()), json!(v));
        }
        json!({"model": m, "threads": t, "trainings": p, "images_per_second": row})
    });
    Value::Array(rows.collect())
}

pub fn training_table(b: &TrainingBench) -> String {
    let mut s = format!(
        "Training throughput (images/s, median of {}; batch 128, {} steps after 2 warm-up steps; ResNet-8 with SGD, conv_vit_b with AdamW):\n",
        b.rounds, b.steps
    );
    let mut head = format!("{:<11} {:>7} {:>9}", "model", "threads", "trainings");
    for w in &b.who {
        head += &format!(" {:>width$}", w.name(), width = w.name().len().max(9));
    }
    let pt = b.who.iter().position(|w| matches!(w, Trainer::PyTorch(_)));
    if pt.is_some() {
        for w in b.who.iter().filter(|w| !matches!(w, Trainer::PyTorch(_))) {
            head += &format!(" {}/pytorch", w.name());
        }
    }
    s += &head;
    s.push('\n');
    for (m, t, p, cells) in &b.rows {
        let mut line = format!("{m:<11} {t:>7} {p:>9}");
        for (w, v) in b.who.iter().zip(cells) {
            line += &format!(" {:>width$.0}", median(v), width = w.name().len().max(9));
        }
        if let Some(k) = pt {
            let base = median(&cells[k]);
            for (w, v) in b.who.iter().zip(cells).filter(|(w, _)| !matches!(w, Trainer::PyTorch(_))) {
                let ratio = format!("{:.2}x", median(v) / base);
                line += &format!(" {ratio:>width$}", width = w.name().len() + "/pytorch".len());
            }
        }
        s += &line;
        s.push('\n');
    }
    s
}
