//! The jobs users run: prepare a model (lower, load weights, optimise, plan), compile it,
//! profile it in Spike against the reference interpreter, train it, evaluate it, and benchmark a
//! fixed list of models.

use crate::{DriverError as HynasError, Model, Result};
use hynas_codegen::{compile, Compiled, Options as CgOptions, Target};
use hynas_ir::{interpret, Graph, Tensor};
use hynas_passes::plan_memory::MemoryPlan;
use hynas_passes::quantize::Quantized;
use hynas_runtime::{run_on_spike, Profile, RunOptions};
use hynas_searcher::{Counts, Genome};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// A model ready to compile: the lowered graph (the oracle), the optimised graph and its plan.
#[derive(Clone)]
pub struct Prepared {
    pub model: Model,
    pub counts: Counts,
    pub graph: Graph,
    pub optimized: Graph,
    pub plan: MemoryPlan,
    pub prepare_time: Duration,
    /// An int8 model: its integer graph before the passes (the oracle of its compiled form).
    pub int_reference: Option<Graph>,
}

impl Prepared {
    /// Whether the optimised graph is the int8 form.
    pub fn is_int8(&self) -> bool {
        self.optimized.inputs().first().is_some_and(|&i| self.optimized.node(i).dtype.is_int())
    }
}

/// Lowers `genome` (weights from `weights`, else seeded PyTorch-style init), optimises with the
/// pass pipeline minus the passes in `disable`, plans memory.
pub fn prepare(
    genome: &Genome,
    weights: Option<&Path>,
    seed: u64,
    dump_after: Option<&str>,
    disable: &[&str],
) -> Result<Prepared> {
    prepare_model(&Model::Genome(genome.clone()), weights, seed, dump_after, disable)
}

/// As [`prepare`], for a genome or an imported ONNX model (whose weights come with it unless
/// `weights` replaces them by name).
pub fn prepare_model(
    model: &Model,
    weights: Option<&Path>,
    seed: u64,
    dump_after: Option<&str>,
    disable: &[&str],
) -> Result<Prepared> {
    let t = Instant::now();
    let counts = model.counts()?;
    let mut graph = model.graph(seed)?;
    if let Some(w) = weights {
        let bytes = hynas_ir::files::read_regular(w).map_err(|e| HynasError::Io(w.display().to_string(), e))?;
        hynas_ir::weights::load_safetensors(&mut graph, &bytes)?;
    }
    let mut dump = |s: &str| print!("{s}");
    let opts =
        hynas_passes::Options { dump_after: dump_after.map(|p| (p, &mut dump as &mut dyn FnMut(&str))), disable };
    let (optimized, plan) = hynas_passes::optimize(&graph, opts)?;
    Ok(Prepared {
        model: model.clone(),
        counts,
        graph,
        optimized,
        plan,
        prepare_time: t.elapsed(),
        int_reference: None,
    })
}

/// The ONNX form of a model (its lowered graph, weights from `weights` if given, BatchNorm folded
/// into the convolutions with `fold_bn`; with `quant`, its calibrated int8 form in QDQ) and its
/// node count.
pub fn export_onnx(
    model: &Model,
    weights: Option<&Path>,
    seed: u64,
    fold_bn: bool,
    quant: Option<&QuantizeSpec>,
    opts: &hynas_onnx::ExportOptions,
) -> Result<(Vec<u8>, usize)> {
    use hynas_passes::Pass;
    let mut graph = model.graph(seed)?;
    if let Some(w) = weights {
        let bytes = hynas_ir::files::read_regular(w).map_err(|e| HynasError::Io(w.display().to_string(), e))?;
        hynas_ir::weights::load_safetensors(&mut graph, &bytes)?;
    }
    if let Some(spec) = quant {
        graph = quantize_graph(&graph, &calibration_set(spec)?, spec.images, spec.method, spec.threads)?.graph;
    } else if fold_bn {
        for pass in
            [&hynas_passes::fold_batch_norm::FoldBatchNorm as &dyn Pass, &hynas_passes::eliminate_dead::EliminateDead]
        {
            pass.run(&mut graph).map_err(|source| hynas_passes::PassError::Ir { pass: pass.name(), source })?;
        }
    }
    let proto = hynas_onnx::to_proto(&graph, opts)?;
    let nodes = proto.graph.as_ref().map_or(0, |g| g.node.len());
    Ok((hynas_onnx::encode(&proto), nodes))
}

/// A deterministic test input in [-1, 1).
pub fn test_input(dims: &[usize], seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let n: usize = dims.iter().product();
    Tensor { shape: hynas_ir::Shape::new(dims), data: (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect() }
}

pub fn compile_model(p: &Prepared, opts: &CgOptions, want_text: bool) -> Result<Compiled> {
    Ok(compile(&p.optimized, &p.plan, opts, want_text)?)
}

/// What `hynas profile` reports.
pub struct ProfileReport {
    pub name: String,
    pub target: Target,
    pub counts: Counts,
    pub profile: Profile,
    pub rel_error: f32,
    pub lower_bound: usize,
    pub naive_peak: usize,
    pub prepare_time: Duration,
    pub wall: Duration,
    /// The int8 form ran (checked bit for bit against the integer interpreter).
    pub int8: bool,
    /// The clock at which modelled cycles are turned into milliseconds.
    pub clock_mhz: f64,
}

/// Profiles a prepared model in Spike; the outputs must match the interpreter to 1e-4 (an int8
/// model: the integer interpreter bit for bit).
pub fn profile(name: &str, p: &Prepared, target: Target, timeout: Duration, seed: u64) -> Result<ProfileReport> {
    profile_with(name, p, &RunOptions { target, timeout, ..Default::default() }, seed)
}

/// As [`profile`] with every run option (kernel schedules included).
pub fn profile_with(name: &str, p: &Prepared, opts: &RunOptions, seed: u64) -> Result<ProfileReport> {
    let (opts, target) = (opts.clone(), opts.target);
    if let Some(core) = &opts.core {
        // A core without an FPU runs integer code for an integer target only.
        if !core.fpu && (!p.is_int8() || target.has_fpu()) {
            return Err(crate::invalid(format!(
                "core {} has no FPU: it runs int8 models built for rv32imc (--quantize int8 --target rv32imc)",
                core.name
            )));
        }
    }
    let t = Instant::now();
    let (x, xi) = check_input(p, seed)?;
    let prof = if p.is_int8() {
        hynas_runtime::run_int_on_spike(&p.optimized, &p.plan, &xi, 1, &opts)?
    } else {
        run_on_spike(&p.optimized, &p.plan, &x.data, &opts)?
    };
    let rel_error = agrees(p, &x, &xi, &prof.outputs, &prof.int_outputs)?;
    Ok(ProfileReport {
        name: name.to_string(),
        target,
        counts: p.counts.clone(),
        rel_error,
        lower_bound: p.plan.lower_bound,
        // The unplanned peak of the form that runs (the int8 graph sizes its values in bytes).
        naive_peak: if p.is_int8() { p.optimized.activation_stats()?.peak } else { p.graph.activation_stats()?.peak },
        profile: prof,
        prepare_time: p.prepare_time,
        wall: t.elapsed() + p.prepare_time,
        int8: p.is_int8(),
        clock_mhz: 100.0,
    })
}

/// The seeded input a compiled `p` is checked on, and for an int8 model its quantised form
/// (empty for f32).
fn check_input(p: &Prepared, seed: u64) -> Result<(Tensor, Vec<i32>)> {
    let x = test_input(&p.model.input_dims(), seed);
    let xi = if p.is_int8() { quantize_input(&p.optimized, &x.data)? } else { vec![] };
    Ok((x, xi))
}

/// The outputs a compiled `p` gave on `x` (f32; `xi` quantised, for an int8 model) against the
/// reference interpreter: f32 within 1e-4 relative error (returned), int8 bit for bit.
fn agrees(p: &Prepared, x: &Tensor, xi: &[i32], outputs: &[f32], int_outputs: &[i32]) -> Result<f32> {
    if p.is_int8() {
        let inp = p.optimized.node(p.optimized.inputs()[0]);
        let xt = hynas_ir::IntTensor::from_vec(inp.shape.dims(), inp.dtype, xi.to_vec())
            .ok_or_else(|| crate::invalid("the test input does not fit the model"))?;
        let want = hynas_ir::interpret_int(p.int_reference.as_ref().unwrap_or(&p.optimized), &[xt])?.remove(0);
        if want.data != int_outputs {
            let differ = want.data.iter().zip(int_outputs).filter(|(a, b)| a != b).count();
            return Err(crate::invalid(format!(
                "the int8 program disagrees with the integer reference interpreter in {differ} of {} outputs",
                want.data.len()
            )));
        }
        return Ok(0.0);
    }
    let reference = interpret(&p.graph, std::slice::from_ref(x))?.remove(0);
    let got = Tensor { shape: reference.shape.clone(), data: outputs.to_vec() };
    let rel_error = got.rel_error(&reference);
    if rel_error.is_nan() || rel_error > 1e-4 {
        return Err(HynasError::Mismatch(rel_error));
    }
    Ok(rel_error)
}

/// Runs what `compile` made for `target` on one seeded input and checks it against the reference
/// interpreter (see [`agrees`]); returns the relative error. A RISC-V object runs in Spike as it
/// is (the bytes written out, no counters added); the host object is the same code JIT-compiled.
pub fn check_compiled(p: &Prepared, c: &Compiled, target: Target, timeout: Duration, seed: u64) -> Result<f32> {
    let (x, xi) = check_input(p, seed)?;
    let int = p.is_int8();
    let (outputs, int_outputs) = if target.is_riscv() {
        let bytes: Vec<u8> = match int {
            true => xi.iter().map(|&v| v as i8 as u8).collect(),
            false => x.data.iter().flat_map(|v| v.to_le_bytes()).collect(),
        };
        let opts = RunOptions { target, timeout, ..Default::default() };
        let prof = hynas_runtime::run_object_on_spike(c, int, &bytes, 1, &opts)?;
        (prof.outputs, prof.int_outputs)
    } else {
        let host = hynas_runtime::HostModel::new(&p.optimized, &p.plan)?;
        match int {
            true => {
                let x8: Vec<i8> = xi.iter().map(|&v| v as i8).collect();
                (vec![], host.run_int(&x8)?.into_iter().map(i32::from).collect())
            }
            false => (host.run(&x.data)?, vec![]),
        }
    };
    agrees(p, &x, &xi, &outputs, &int_outputs)
}

impl ProfileReport {
    pub fn instructions_per_mac(&self) -> f64 {
        self.profile.instructions as f64 / self.counts.macs.max(1) as f64
    }

    pub fn to_json(&self) -> Value {
        let pr = &self.profile;
        let kernels: Vec<Value> = pr
            .kernels
            .iter()
            .map(|(k, i, c)| {
                json!({"name": k.name, "op": k.op, "schedule": k.schedule, "macs": k.macs, "instructions": i, "cycles": c})
            })
            .collect();
        json!({
            "model": self.name,
            "target": self.target.name(),
            "form": if self.int8 { "int8" } else { "f32" },
            "params": self.counts.params,
            "macs": self.counts.macs,
            "instructions": pr.instructions,
            "cycles": pr.cycles,
            "instructions_per_mac": self.instructions_per_mac(),
            "rom_bytes": pr.rom_bytes(),
            "ram_bytes": pr.ram_bytes(),
            "text_bytes": pr.sections.text,
            "rodata_bytes": pr.sections.rodata,
            "data_bss_bytes": pr.sections.data + pr.sections.bss,
            "stack_bytes": pr.stack_bytes,
            "arena_bytes": pr.arena_bytes,
            "arena_lower_bound": self.lower_bound,
            "unplanned_peak_bytes": self.naive_peak,
            "max_rel_error_vs_interpreter": self.rel_error,
            "wall_seconds": {
                "prepare": self.prepare_time.as_secs_f64(),
                "compile": pr.timings.compile.as_secs_f64(),
                "link": pr.timings.link.as_secs_f64(),
                "spike": pr.timings.spike.as_secs_f64(),
                "total": self.wall.as_secs_f64(),
            },
            "kernels": kernels,
            "modelled": pr.modelled.as_ref().map(|m| json!({
                "core": m.core.name,
                "cycles": m.total.cycles,
                "cycles_per_mac": m.total.cycles as f64 / self.counts.macs.max(1) as f64,
                "clock_mhz": self.clock_mhz,
                "milliseconds": m.total.cycles as f64 / (self.clock_mhz * 1e3),
                "taken_branches": m.total.taken,
                "stall_cycles": m.total.stalls,
                "kernel_cycles": m.kernels,
            })),
            "rtl": pr.rtl.as_ref().map(|r| json!({
                "instructions": r.instructions,
                "cycles": r.cycles,
                "kernel_cycles": r.kernels.iter().map(|k| k.1).collect::<Vec<_>>(),
                "model_error": pr.modelled.as_ref().map(|m| rel(m.total.cycles, r.cycles)),
                "wall_seconds": r.wall.as_secs_f64(),
            })),
        })
    }

    pub fn text(&self) -> String {
        let pr = &self.profile;
        let mut s = format!(
            "model {} on {}{}\n\
             params            {}\n\
             MACs              {}\n\
             instructions      {} ({:.3} per MAC)\n\
             cycles            {}\n\
             ROM               {} B (.text {} + .rodata {})\n\
             RAM               {} B (.data+.bss {} incl. arena, stack {})\n\
             arena             {} B (lower bound {}, {:.3}x; unplanned peak {})\n\
             check             {}\n\
             wall time         {:.2} s (prepare {:.2}, compile {:.2}, link {:.2}, spike {:.2})\n\n",
            self.name,
            self.target.name(),
            if self.int8 { ", int8" } else { "" },
            self.counts.params,
            self.counts.macs,
            pr.instructions,
            self.instructions_per_mac(),
            pr.cycles,
            pr.rom_bytes(),
            pr.sections.text,
            pr.sections.rodata,
            pr.ram_bytes(),
            pr.sections.data + pr.sections.bss,
            pr.stack_bytes,
            pr.arena_bytes,
            self.lower_bound,
            pr.arena_bytes as f64 / self.lower_bound.max(1) as f64,
            self.naive_peak,
            if self.int8 {
                "int8 outputs equal the integer reference interpreter's bit for bit".to_string()
            } else {
                format!("max |spike - interpreter| / max |interpreter| = {:.2e}", self.rel_error)
            },
            self.wall.as_secs_f64(),
            self.prepare_time.as_secs_f64(),
            pr.timings.compile.as_secs_f64(),
            pr.timings.link.as_secs_f64(),
            pr.timings.spike.as_secs_f64(),
        );
        let m = pr.modelled.as_ref();
        if let Some(m) = m {
            let t = &m.total;
            s.insert_str(
                s.trim_end().len(),
                &format!(
                    "\nmodelled cycles   {} on {} (CPI {:.3}, {:.3} per MAC; {:.3} ms at {} MHz; {} taken branches, {} stall cycles)",
                    t.cycles,
                    m.core.name,
                    t.cycles as f64 / t.instructions.max(1) as f64,
                    t.cycles as f64 / self.counts.macs.max(1) as f64,
                    t.cycles as f64 / (self.clock_mhz * 1e3),
                    self.clock_mhz,
                    t.taken,
                    t.stalls
                ),
            );
        }
        if let Some(r) = &pr.rtl {
            let err = m.map_or(String::new(), |m| format!(", model {:+.2}%", 100.0 * rel(m.total.cycles, r.cycles)));
            s.insert_str(
                s.trim_end().len(),
                &format!(
                    "\nRTL cycles        {} ({} instructions, CPI {:.3}{err}; simulated in {:.1} s)",
                    r.cycles,
                    r.instructions,
                    r.cycles as f64 / r.instructions.max(1) as f64,
                    r.wall.as_secs_f64()
                ),
            );
        }
        // Largest cost first (# is the execution order), so the next change targets the top row.
        let mut cyc_head = m.map_or(String::new(), |m| {
            format!(" {:>12} {:>7}", format!("{} cyc", m.core.name.split('-').next().unwrap_or("")), "cyc/MAC")
        });
        if pr.rtl.is_some() {
            cyc_head += &format!(" {:>12} {:>7}", "RTL cyc", "model");
        }
        s += &format!(
            "{:>4} {:>12} {:>6} {:>10} {:>8}{cyc_head}  {:<40} {:<30} {}\n",
            "#", "instructions", "share", "MACs", "instr/MAC", "op", "schedule", "node"
        );
        let mut order: Vec<usize> = (0..pr.kernels.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(pr.kernels[i].1), i));
        for i in order {
            let (k, ins, _) = &pr.kernels[i];
            let per = if k.macs > 0 { format!("{:.2}", *ins as f64 / k.macs as f64) } else { "-".into() };
            let share = 100.0 * *ins as f64 / pr.instructions.max(1) as f64;
            let op: String = k.op.chars().take(40).collect();
            let sched: String = k.schedule.chars().take(30).collect();
            let cyc = m.map_or(String::new(), |m| {
                let c = m.kernels.get(i).copied().unwrap_or(0);
                let per = if k.macs > 0 { format!("{:.2}", c as f64 / k.macs as f64) } else { "-".into() };
                format!(" {c:>12} {per:>7}")
            });
            let cyc = match (&pr.rtl, m) {
                (Some(r), Some(m)) => {
                    let (c, rc) = (m.kernels.get(i).copied().unwrap_or(0), r.kernels.get(i).map_or(0, |k| k.1));
                    format!("{cyc} {rc:>12} {:>+6.1}%", 100.0 * rel(c, rc))
                }
                _ => cyc,
            };
            s += &format!(
                "{i:>4} {ins:>12} {share:>5.1}% {:>10} {per:>8}{cyc}  {op:<40} {sched:<30} {}\n",
                k.macs, k.name
            );
        }
        s
    }
}

/// `(model - truth) / truth`.
fn rel(model: u64, truth: u64) -> f64 {
    (model as f64 - truth as f64) / truth.max(1) as f64
}

/// The committed conv_vit genomes (embedded, so `hynas bench` runs from anywhere).
pub const BENCH_GENOMES: [(&str, &str); 3] = [
    ("conv_vit_a", include_str!("../../examples/genomes/conv_vit_a.json")),
    ("conv_vit_b", include_str!("../../examples/genomes/conv_vit_b.json")),
    ("conv_vit_c", include_str!("../../examples/genomes/conv_vit_c.json")),
];

/// The models `hynas bench` measures: resnet8, the committed conv_vit genomes, and probe.
pub fn bench_models() -> Result<Vec<(String, Genome)>> {
    let mut v = vec![("resnet8".to_string(), Genome::Resnet8)];
    for (name, text) in BENCH_GENOMES {
        v.push((name.to_string(), Genome::from_json_str(text)?));
    }
    v.push(("probe".to_string(), Genome::Probe));
    Ok(v)
}

// ---------------------------------------------------------------- training and evaluation

pub use hynas_train::{data, Backend, DeviceKind, Optimizer, TrainConfig, TrainReport};

/// Loads the data set in `dir` split with `seed` ([`data::load`]), checked to fit the spaces'
/// models (their input shape and outputs).
pub fn load_data(dir: &Path, seed: u64) -> Result<data::Cifar> {
    let cifar = data::load(dir, seed)?;
    let [_, c, h, w] = hynas_searcher::INPUT;
    cifar.test.check_fits([c, h, w], hynas_searcher::CLASSES)?;
    Ok(cifar)
}

/// Logs what a data set holds ([`data::Cifar::summary`]) and warns of imbalanced classes.
pub fn log_data(cifar: &data::Cifar) {
    tracing::info!("{}", cifar.summary());
    if let Some(w) = cifar.imbalance() {
        tracing::warn!("{w}");
    }
}

/// Trains `genome` on CIFAR-10 from `data_dir`; writes `genome.json`, `weights.safetensors`
/// (the IR's constant names) and `metrics.json` into `out`.
pub fn train_job(
    genome: &Genome,
    data_dir: &Path,
    out: &Path,
    cfg: &TrainConfig,
    with: &TrainWith,
) -> Result<TrainReport> {
    let t = Instant::now();
    let cifar = load_data(data_dir, cfg.seed)?;
    log_data(&cifar);
    train_on(genome, &cifar, data_dir, t.elapsed(), out, cfg, with)
}

/// What a training job gets besides its recipe.
#[derive(Clone, Debug, Default)]
pub struct TrainWith {
    /// The distillation teacher: a graph with trained weights ([`load_teacher`]).
    pub teacher: Option<Graph>,
    /// Checkpoint after every epoch into `out/checkpoint/` and resume from one found there
    /// (removed when the training has finished).
    pub checkpoint: bool,
}

/// A distillation teacher: a genome, `resnet8` or an ONNX model (`model`), with trained weights
/// (`weights`; an ONNX file brings its own unless `weights` replaces them). Checked before any
/// training: the file exists, the weights fit, the output has `classes` classes.
pub fn load_teacher(model: &str, weights: Option<&Path>, classes: usize) -> Result<Graph> {
    let m = Model::load(model).map_err(|e| crate::invalid(format!("--teacher {model}: {e}")))?;
    let mut graph = m.graph(0)?;
    match (weights, &m) {
        (Some(w), _) => {
            let bytes = hynas_ir::files::read_regular(w)
                .map_err(|e| crate::invalid(format!("--teacher-weights {}: cannot read it ({e})", w.display())))?;
            hynas_ir::weights::load_safetensors(&mut graph, &bytes)
                .map_err(|e| crate::invalid(format!("--teacher-weights {}: {e}", w.display())))?;
        }
        (None, Model::Genome(_)) => {
            return Err(crate::invalid(format!(
                "--teacher {model}: a teacher needs trained weights (--teacher-weights W, e.g. from `hynas train`)"
            )))
        }
        (None, Model::Onnx { .. }) => {}
    }
    hynas_train::teacher_fits(&graph, classes).map_err(|e| crate::invalid(format!("--teacher {model}: {e}")))?;
    hynas_train::program::Program::build(&graph)
        .map_err(|e| crate::invalid(format!("--teacher {model}: cannot run it as a teacher ({e})")))?;
    Ok(graph)
}

/// The training recipe as written into `metrics.json` (also how a finished training is recognised).
pub fn config_json(cfg: &TrainConfig) -> Value {
    let mut v = json!({"epochs": cfg.epochs, "batch": cfg.batch, "max_lr": cfg.max_lr, "weight_decay": cfg.weight_decay,
           "optimizer": format!("{:?}", cfg.optimizer), "train_subset": cfg.train_subset,
           "augment": cfg.augment, "seed": cfg.seed,
           "backend": cfg.backend.name(), "device": cfg.device.to_string()});
    if let Some(d) = &cfg.distill {
        v["distill"] = json!(d);
    }
    if let Some(r) = cfg.recipe {
        v["recipe"] = json!(r.name());
    }
    v
}

/// As [`train_job`] on data already loaded from `data_dir` (in `load_time`).
pub fn train_on(
    genome: &Genome,
    cifar: &data::Cifar,
    data_dir: &Path,
    load_time: Duration,
    out: &Path,
    cfg: &TrainConfig,
    with: &TrainWith,
) -> Result<TrainReport> {
    std::fs::create_dir_all(out).map_err(|e| HynasError::Io(out.display().to_string(), e))?;
    // Fail before hours of training, not after: the folder must take files.
    let probe = out.join(".hynas-write-test");
    std::fs::write(&probe, b"").map_err(|e| HynasError::Io(format!("{} (output folder)", out.display()), e))?;
    let _ = std::fs::remove_file(&probe);
    let mut graph = genome.lower(cfg.seed)?;
    let classes = graph.outputs().first().map(|&o| graph.node(o).shape.numel()).unwrap_or(0);
    let teacher = match &with.teacher {
        Some(t) => Some(hynas_train::teacher(t, cfg, classes)?),
        None => None,
    };
    let ckpt = out.join("checkpoint");
    let run = hynas_train::RunWith { teacher, checkpoint: with.checkpoint.then_some(&*ckpt), stop_after: None };
    let report = hynas_train::train_with(&mut graph, cifar, cfg, run)?.0;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let p = out.join(name);
        std::fs::write(&p, bytes).map_err(|e| HynasError::Io(p.display().to_string(), e))
    };
    write("weights.safetensors", &hynas_ir::weights::to_safetensors(&graph)?)?;
    write("genome.json", serde_json::to_string_pretty(&genome.to_json()).unwrap_or_default().as_bytes())?;
    let epochs: Vec<Value> = report
        .epochs
        .iter()
        .map(|e| {
            json!({"epoch": e.epoch, "train_loss": e.train_loss, "val_accuracy": e.val_accuracy,
                   "seconds": e.seconds, "images_per_second": e.images_per_second})
        })
        .collect();
    let metrics = json!({
        "space": genome.space_name(),
        "data": {"dir": data_dir.display().to_string(), "format": cifar.format,
                 "shape": cifar.test.shape, "classes": cifar.test.classes,
                 "train": cifar.train.len(), "val": cifar.val.len(), "test": cifar.test.len(),
                 "load_seconds": load_time.as_secs_f64()},
        "config": config_json(cfg),
        "threads": cfg.threads,
        "train_images": report.train_images,
        "mean_train_loss": report.mean_train_loss,
        "epochs": epochs,
        "test_accuracy": report.test_accuracy,
        "wall_seconds": report.wall.as_secs_f64(),
    });
    write("metrics.json", serde_json::to_string_pretty(&metrics).unwrap_or_default().as_bytes())?;
    if with.checkpoint {
        // The training is complete and its results written: the checkpoint is spent.
        let _ = std::fs::remove_dir_all(&ckpt);
    }
    Ok(report)
}

/// How `hynas eval` (and the rest of the CLI) quantises a model: calibration images from the
/// training split of `data`, the first `images` of them, ranges by `method`.
#[derive(Clone, Debug)]
pub struct QuantizeSpec {
    pub data: std::path::PathBuf,
    pub images: usize,
    pub method: hynas_passes::quantize::Calibration,
    /// Threads that interpret the calibration images.
    pub threads: usize,
}

/// The calibration images of `spec`: the training split of its data folder (not empty).
pub fn calibration_set(spec: &QuantizeSpec) -> Result<data::Dataset> {
    // Only the images calibration reads are decoded (the first of the training split).
    let train = data::load_train_head(&spec.data, 0, spec.images)?;
    if train.is_empty() {
        return Err(crate::invalid(format!("{}: no training images to calibrate on", spec.data.display())));
    }
    Ok(train)
}

/// The int8 form of a prepared model (its lowered graph with weights), calibrated per `spec`.
pub fn quantize_prepared(p: &Prepared, spec: &QuantizeSpec) -> Result<Quantized> {
    quantize_graph(&p.graph, &calibration_set(spec)?, spec.images, spec.method, spec.threads)
}

/// The int8 form of the lowered f32 model `graph`, calibrated on the first `images` of `split`
/// (interpreted on `threads` threads).
pub fn quantize_graph(
    graph: &Graph,
    split: &data::Dataset,
    images: usize,
    method: hynas_passes::quantize::Calibration,
    threads: usize,
) -> Result<Quantized> {
    if images == 0 {
        return Err(crate::invalid("--calibration-images must be at least 1"));
    }
    let n = images.min(split.len());
    let dims = graph.node(graph.inputs()[0]).shape.dims().to_vec();
    let images = (0..n)
        .map(|i| Tensor::from_vec(&dims, split.normalized(i)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| crate::invalid(format!("calibration images do not fit the model's input {dims:?}")))?;
    // Images without any variation (all the same, each channel one value: e.g. all black)
    // calibrate every range from one point: the int8 model would be wrong for every real image.
    let plane = dims.get(2..).map_or(1, |d| d.iter().product::<usize>()).max(1);
    let first = images.first().map_or(&[][..], |t| t.data.as_slice());
    let flat_planes = first.chunks(plane).all(|p| p.iter().all(|&v| v == p[0]));
    if flat_planes && images.iter().all(|t| t.data == first) {
        return Err(crate::invalid(format!(
            "the {n} calibration images hold one value everywhere (per channel): calibrate on real \
             images (--calibration-data)"
        )));
    }
    Ok(hynas_passes::quantize::quantize_model_parts(graph, &images, method, threads)?)
}

/// Accuracy of the integer graph `q` on the first `limit` images of `split`, host-compiled
/// (bit for bit the integer interpreter's results), images split over `threads` threads.
pub fn int8_accuracy(q: &Graph, split: &data::Dataset, limit: Option<usize>, threads: usize) -> Result<f64> {
    let n = limit.map_or(split.len(), |l| l.min(split.len()));
    let predictions = int8_predictions(q, split, n, threads)?;
    let correct = predictions.iter().zip(&split.labels).filter(|(p, l)| **p == **l as usize).count();
    Ok(correct as f64 / n.max(1) as f64)
}

/// The predictions of the integer graph `q` for the first `n` images of `split`: its int8 kernels
/// compiled for the host (bit for bit the integer interpreter's results, which the differential
/// tests check) once, images split over `threads` threads.
pub fn int8_predictions(q: &Graph, split: &data::Dataset, n: usize, threads: usize) -> Result<Vec<usize>> {
    let plan = hynas_passes::plan_memory::plan(q, hynas_passes::plan_memory::Algorithm::Greedy)?;
    let m = hynas_runtime::HostModel::new(q, &plan)?;
    host_predictions(m.runner(), split, n, threads, |r, i| {
        let x: Vec<i8> = quantize_input(q, &split.normalized(i))?.into_iter().map(|v| v as i8).collect();
        Ok(argmax(&r.run_int(&x)?))
    })
}

/// `predict(runner, i)` for the first `n` images of `split`, split over `threads` threads that
/// share one compiled model.
fn host_predictions(
    r: hynas_runtime::HostRunner<'_>,
    split: &data::Dataset,
    n: usize,
    threads: usize,
    predict: impl Fn(&hynas_runtime::HostRunner<'_>, usize) -> Result<usize> + Sync,
) -> Result<Vec<usize>> {
    let parts =
        over_chunks(n.min(split.len()), threads, |range| range.map(|i| predict(&r, i)).collect::<Result<Vec<_>>>())?;
    Ok(parts.into_iter().flatten().collect())
}

/// Runs `f` on `0..n` split into contiguous chunks, one thread each (at most `threads`); the
/// results in order, or the first error.
fn over_chunks<T: Send>(
    n: usize,
    threads: usize,
    f: impl Fn(std::ops::Range<usize>) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let chunk = n.div_ceil(threads.clamp(1, n.max(1))).max(1);
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> =
            (0..n).step_by(chunk).map(|start| s.spawn(move || f(start..(start + chunk).min(n)))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(crate::invalid("an evaluation thread panicked"))))
            .collect()
    })
}

/// Replaces the prepared model's optimised graph and memory plan by its int8 form (calibrated per
/// `spec`); `graph` stays the f32 model it came from.
pub fn quantize_in_place(p: &mut Prepared, spec: &QuantizeSpec) -> Result<()> {
    let t = Instant::now();
    let q = quantize_prepared(p, spec)?;
    set_int8(p, q, t)
}

/// Makes `q` (the int8 form of `p.graph`) the prepared model's optimised graph, with its plan.
pub fn set_int8(p: &mut Prepared, q: Quantized, t: Instant) -> Result<()> {
    let plan = hynas_passes::plan_memory::plan(
        &q.graph,
        hynas_passes::plan_memory::Algorithm::HillClimb { iterations: 2000, seed: 0 },
    )?;
    p.optimized = q.graph;
    p.int_reference = Some(q.unoptimized);
    p.plan = plan;
    p.prepare_time += t.elapsed();
    Ok(())
}

/// A float input quantised by the integer graph's input parameters.
pub fn quantize_input(q: &Graph, x: &[f32]) -> Result<Vec<i32>> {
    let inp = q.node(q.inputs()[0]);
    let Some(qi) = inp.quant.as_ref() else {
        return Err(crate::invalid("the quantised model's input has no quantisation parameters"));
    };
    Ok(x.iter().map(|&v| qi.quantize(v, 0, inp.dtype)).collect())
}

/// Where `hynas eval` runs the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalOn {
    Host,
    Spike,
}

pub struct EvalReport {
    pub accuracy: f64,
    pub images: usize,
    /// The test images evaluated (indices into the test split, in the order of `predictions`).
    pub indices: Vec<usize>,
    pub predictions: Vec<usize>,
    pub seconds: f64,
}

use hynas_train::argmax;

/// Images per Spike run of [`eval_job`] (they travel in the program's .rodata).
pub const EVAL_BATCH: usize = 250;

/// The default time limit of one Spike run of [`eval_job`], from the instruction budget: a
/// minute plus 4 instructions per MAC for [`EVAL_BATCH`] images at a slow 10M instructions/s.
pub fn eval_timeout(counts: &Counts) -> Duration {
    Duration::from_secs_f64(60.0 + (EVAL_BATCH as f64 * counts.macs as f64 * 4.0 / 1e7).min(7.0 * 86_400.0))
}

/// Test accuracy of the compiled model, on the host (JIT) or in Spike (each run of up to
/// [`EVAL_BATCH`] images bounded by `timeout`, default [`eval_timeout`]), on the test split or,
/// with `limit`, a seeded class-balanced subset of `limit` of its images
/// ([`data::Dataset::balanced_subset`]); with `int8`, of that integer graph.
pub fn eval_job(
    p: &Prepared,
    data_dir: &Path,
    on: EvalOn,
    limit: Option<usize>,
    timeout: Option<Duration>,
    int8: Option<&Graph>,
) -> Result<EvalReport> {
    let t = Instant::now();
    // The test split alone: the training images are not read.
    let test = data::load_test(data_dir)?;
    // The model's input (N, C, H, W) and logits.
    let (dims, outputs) =
        (p.model.input_dims(), p.graph.outputs().first().map_or(0, |&o| p.graph.node(o).shape.numel()));
    if let [_, c, h, w] = dims[..] {
        test.check_fits([c, h, w], outputs)?;
    }
    let (test, indices) = test.balanced_subset(limit.unwrap_or(usize::MAX), 0);
    let n = test.len();
    let mut predictions = Vec::with_capacity(n);
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    match (on, int8) {
        (EvalOn::Host, Some(q)) => predictions = int8_predictions(q, &test, n, threads)?,
        (EvalOn::Host, None) => {
            let m = hynas_runtime::HostModel::new(&p.optimized, &p.plan)?;
            predictions =
                host_predictions(m.runner(), &test, n, threads, |r, i| Ok(argmax(&r.run(&test.normalized(i))?)))?;
        }
        (EvalOn::Spike, _) => {
            let timeout = timeout.unwrap_or_else(|| eval_timeout(&p.counts));
            let int8_plan;
            let (graph, plan) = match int8 {
                Some(q) => {
                    int8_plan = hynas_passes::plan_memory::plan(q, hynas_passes::plan_memory::Algorithm::Greedy)?;
                    (q, &int8_plan)
                }
                None => (&p.optimized, &p.plan),
            };
            for start in (0..n).step_by(EVAL_BATCH) {
                let end = (start + EVAL_BATCH).min(n);
                let opts = RunOptions { timeout, ..Default::default() };
                let outputs: Vec<f32> = match int8 {
                    Some(q) => {
                        let mut x = Vec::new();
                        for i in start..end {
                            x.extend(quantize_input(q, &test.normalized(i))?);
                        }
                        let opts = RunOptions { target: Target::Rv32imc, ..opts };
                        let prof = hynas_runtime::run_int_on_spike(graph, plan, &x, end - start, &opts)?;
                        prof.int_outputs.iter().map(|&v| v as f32).collect()
                    }
                    None => {
                        let x: Vec<f32> = (start..end).flat_map(|i| test.normalized(i)).collect();
                        hynas_runtime::run_many_on_spike(graph, plan, &x, end - start, &opts)?.outputs
                    }
                };
                let k = outputs.len() / (end - start);
                predictions.extend(outputs.chunks(k).map(argmax));
            }
        }
    }
    let correct = predictions.iter().zip(&test.labels).filter(|(p, l)| **p == **l as usize).count();
    Ok(EvalReport {
        accuracy: correct as f64 / n.max(1) as f64,
        images: n,
        indices,
        predictions,
        seconds: t.elapsed().as_secs_f64(),
    })
}

/// Training throughput (images/s) of `genome` over `steps` optimiser steps of `batch` images on
/// the data in `data_dir`, after two warm-up steps, with `cfg`'s backend, device and threads.
pub fn train_throughput(
    genome: &Genome,
    data_dir: &Path,
    steps: usize,
    batch: usize,
    cfg: &TrainConfig,
) -> Result<f64> {
    let cifar = load_data(data_dir, 0)?;
    let mut graph = genome.lower(0)?;
    let warm = TrainConfig { epochs: 1, max_steps: Some(2), batch, ..cfg.clone() };
    hynas_train::train(&mut graph, &cifar, &warm)?;
    // Enough epochs for `steps` steps; stop exactly there.
    let per_epoch = cifar.train.len().div_ceil(batch);
    let cfg = TrainConfig { epochs: steps.div_ceil(per_epoch).max(1), max_steps: Some(steps), batch, ..cfg.clone() };
    let r = hynas_train::train(&mut graph, &cifar, &cfg)?;
    Ok(r.images_stepped as f64 / r.step_seconds.max(1e-9))
}

/// The training program of `genome` as JSON (layers with shapes, steps with operands), for the
/// PyTorch eager baseline of `hynas bench --train` (`scripts/bench_pytorch.py`), which builds
/// the same network from it.
pub fn program_json(genome: &Genome) -> Result<Value> {
    let graph = genome.lower(0)?;
    Ok(hynas_train::program::Program::build(&graph)?.to_json(&graph)?)
}
