//! One task's work, the same wherever it runs (a local worker thread or a cluster job):
//!
//! - a candidate (or the baseline) goes through the cheapest check first: (i) symbolic
//!   constraints from the genome (parameters; lower bounds of RAM = planned arena bound, ROM =
//!   weight bytes, instructions = MACs), (ii) compile and profile in Spike (instructions, RAM,
//!   ROM; outputs checked against the interpreter), (iii) proxy training (validation accuracy),
//!   only within the measured limits. Errors become the record (status failed and the reason).
//! - a retraining trains with the final recipe into its folder (weights, genome, metrics), then
//!   compiles `model.o`/`model.h` from the trained weights and profiles them in Spike.
//!
//! [`evaluate_job`] is `hynas evaluate-candidate`: it reads the search folder's `search.json`
//! and `tasks/<key>.json`, runs the task and writes `results/<key>.json` atomically.

use crate::key::Key;
use crate::layout::{result_path, retrain_dir, task_path};
use crate::record::{self, DataInfo, Evaluation, JobInfo, Record, SearchConfig, Status, TaskFile};
use crate::util::unix_now;
use crate::{data, invalid, io, prepare, Result};
use hynas_codegen::Options as CgOptions;
use hynas_searcher::Genome;
use std::path::Path;
use std::time::{Duration, Instant};

/// Whether a genome passes the symbolic constraints (no compile, no training).
pub fn symbolic_ok(ev: &Evaluation, g: &Genome) -> bool {
    let Ok(c) = g.counts() else { return false };
    // Every multiply-accumulate takes at least one instruction and one cycle.
    if c.params > ev.max_params
        || ev.max_instructions.is_some_and(|m| c.macs > m)
        || ev.max_cycles.is_some_and(|m| c.macs > m)
    {
        return false;
    }
    // ROM holds at least the weights; RAM at least the planned arena's lower bound.
    if ev.max_rom.is_some_and(|m| (c.params as usize) * 4 > m) {
        return false;
    }
    if let Some(m) = ev.max_ram {
        let Ok(graph) = g.lower(0) else { return false };
        let Ok((_, plan)) = hynas_passes::optimize(&graph, Default::default()) else { return false };
        if plan.lower_bound > m {
            return false;
        }
    }
    true
}

/// Profiles `p` in Spike as the search measures: on its target, with its core's cycles modelled
/// when it has one.
fn profile_for(ev: &Evaluation, name: &str, p: &crate::Prepared) -> Result<crate::ProfileReport> {
    let core = ev.core.as_ref().map(|c| c.core()).transpose()?;
    let opts = hynas_runtime::RunOptions { target: ev.target, timeout: spike_timeout(ev), core, ..Default::default() };
    crate::jobs::profile_with(name, p, &opts, ev.seed)
}

/// A profile's cycles: the modelled ones of the search's core, else Spike's.
fn cycles_of(pr: &hynas_runtime::Profile) -> u64 {
    pr.modelled.as_ref().map_or(pr.cycles, |m| m.total.cycles)
}

fn spike_timeout(ev: &Evaluation) -> Duration {
    Duration::try_from_secs_f64(ev.spike_timeout_s).unwrap_or(Duration::from_secs(300))
}

/// Runs one task (see the module note); never fails: errors become the record.
pub fn run_task(ev: &Evaluation, cifar: &data::Cifar, out: &Path, key: Key, g: &Genome) -> Record {
    match key {
        Key::Baseline | Key::Candidate(_) => evaluate(ev, cifar, key.index(), g),
        Key::Rung(_, r) => train_rung(ev, cifar, key.index(), g, r),
        Key::Best(_) | Key::Front(_) | Key::Reference => retrain(ev, cifar, &retrain_dir(out, key), key.index(), g),
    }
}

/// Compiles, profiles and proxy-trains one genome; never fails (errors become the record).
pub fn evaluate(ev: &Evaluation, cifar: &data::Cifar, i: i64, g: &Genome) -> Record {
    let t0 = Instant::now();
    let counts = g.counts();
    let mut e = Record::new(i, g.clone(), Status::Ok);
    e.timings.constraints = t0.elapsed().as_secs_f64();
    if let Ok(c) = &counts {
        e.params = Some(c.params);
        e.macs = Some(c.macs);
    }
    // (ii) compile and profile first: a candidate over a measured limit is never trained. With
    // --quantize int8, the int8 form (of the initial weights: the measurements do not depend on
    // their values) is what is measured.
    let prof = prepare(g, None, ev.seed, None, &[])
        .and_then(|mut p| {
            if let Some(q) = &ev.quantize {
                let t = Instant::now();
                let qg = crate::jobs::quantize_graph(
                    &p.graph,
                    calibration_split(cifar, q)?.as_ref(),
                    q.images,
                    q.method()?,
                    ev.proxy.threads.unwrap_or(1),
                )?;
                crate::jobs::set_int8(&mut p, qg, t)?;
            }
            Ok(p)
        })
        .and_then(|p| profile_for(ev, g.space_name(), &p));
    match &prof {
        Ok(r) => {
            let pr = &r.profile;
            e.instructions = Some(pr.instructions);
            e.cycles = Some(cycles_of(pr));
            e.ram_bytes = Some(pr.ram_bytes() as u64);
            e.rom_bytes = Some(pr.rom_bytes() as u64);
            e.arena_bytes = Some(pr.arena_bytes as u64);
            e.timings.compile =
                Some(r.prepare_time.as_secs_f64() + pr.timings.compile.as_secs_f64() + pr.timings.link.as_secs_f64());
            e.timings.spike = Some(pr.timings.spike.as_secs_f64());
            let over = [
                ev.max_ram.filter(|&m| pr.ram_bytes() > m).map(|m| format!("RAM {} > {m}", pr.ram_bytes())),
                ev.max_rom.filter(|&m| pr.rom_bytes() > m).map(|m| format!("ROM {} > {m}", pr.rom_bytes())),
                ev.max_instructions
                    .filter(|&m| pr.instructions > m)
                    .map(|m| format!("instructions {} > {m}", pr.instructions)),
                ev.max_cycles.filter(|&m| cycles_of(pr) > m).map(|m| format!("cycles {} > {m}", cycles_of(pr))),
            ];
            if let Some(why) = over.into_iter().flatten().next() {
                e.status = Status::Rejected;
                e.reason = Some(why);
            }
        }
        Err(err) => e.fail("profile", err),
    }
    // (iii) proxy training (the first rung), on the backend, device and threads of `ev.proxy`.
    if e.status == Status::Ok {
        proxy_train(ev, cifar, g, 0, &mut e);
    }
    e.timings.total = t0.elapsed().as_secs_f64();
    e
}

/// Trains `g` from scratch with rung `rung`'s recipe into `e` (accuracy or the error).
fn proxy_train(ev: &Evaluation, cifar: &data::Cifar, g: &Genome, rung: usize, e: &mut Record) {
    let t = Instant::now();
    let train = || -> Result<(f64, Option<f64>)> {
        let mut graph = g.lower(ev.seed)?;
        let recipe = ev.recipe(rung);
        let r = hynas_train::train(&mut graph, cifar, &recipe)?;
        let acc = r.epochs.last().map_or(0.0, |e| e.val_accuracy);
        // With --quantize int8 the score is the int8 form's validation accuracy.
        let int8 = match &ev.quantize {
            Some(q) => {
                let threads = recipe.threads.unwrap_or(1);
                let split = calibration_split(cifar, q)?;
                let qg = crate::jobs::quantize_graph(&graph, split.as_ref(), q.images, q.method()?, threads)?;
                Some(crate::jobs::int8_accuracy(&qg.graph, &cifar.val, None, threads)?)
            }
            None => None,
        };
        Ok((acc, int8))
    };
    match train() {
        Ok((acc, int8)) => {
            match int8 {
                Some(q) => (e.val_accuracy, e.val_accuracy_f32) = (Some(q), Some(acc)),
                None => e.val_accuracy = Some(acc),
            }
            e.timings.train = Some(t.elapsed().as_secs_f64());
        }
        Err(err) => e.fail(&format!("training at rung {rung}"), &err),
    }
}

/// A promoted candidate: trained again, from scratch, at rung `rung` of the ladder (no compile
/// or Spike: the search copies rung 0's measurements into the record).
pub fn train_rung(ev: &Evaluation, cifar: &data::Cifar, i: i64, g: &Genome, rung: usize) -> Record {
    let t0 = Instant::now();
    let mut e = Record::new(i, g.clone(), Status::Ok);
    e.rung = rung;
    if let Ok(c) = g.counts() {
        e.params = Some(c.params);
        e.macs = Some(c.macs);
    }
    proxy_train(ev, cifar, g, rung, &mut e);
    e.timings.total = t0.elapsed().as_secs_f64();
    e
}

/// The final retraining of `g` into `dir`, then `model.o`/`model.h` and a Spike profile of the
/// trained model; never fails (errors become the record).
pub fn retrain(ev: &Evaluation, cifar: &data::Cifar, dir: &Path, i: i64, g: &Genome) -> Record {
    let t0 = Instant::now();
    let mut e = Record::new(i, g.clone(), Status::Ok);
    e.recipe = Some(ev.final_train.clone());
    e.data = Some(DataInfo::of(cifar));
    let run = |e: &mut Record| -> Result<()> {
        let target = ev.target;
        // A retraining checkpoints every epoch: a stopped search resumes it mid-way.
        let teacher = match &ev.teacher {
            Some(t) => Some(crate::jobs::load_teacher(&t.model, t.weights.as_deref(), 10)?),
            None => None,
        };
        let with = crate::jobs::TrainWith { teacher, checkpoint: true };
        let tr = crate::train_on(g, cifar, &ev.data, Duration::ZERO, dir, &ev.final_train, &with)?;
        e.test_accuracy = Some(tr.test_accuracy);
        e.timings.train = Some(tr.wall.as_secs_f64());
        let mut p = prepare(g, Some(&dir.join("weights.safetensors")), ev.seed, None, &[])?;
        if let Some(q) = &ev.quantize {
            // The deployed form: int8, its test accuracy the one reported.
            let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
            let split = calibration_split(cifar, q)?;
            let qg = crate::jobs::quantize_graph(&p.graph, split.as_ref(), q.images, q.method()?, threads)?;
            e.test_accuracy_f32 = e.test_accuracy;
            e.test_accuracy = Some(crate::jobs::int8_accuracy(&qg.graph, &cifar.test, None, threads)?);
            crate::jobs::set_int8(&mut p, qg, Instant::now())?;
        }
        let c = crate::compile_model(
            &p,
            &CgOptions { target, prefix: "hynas_model".into(), profile: false, ..Default::default() },
            false,
        )?;
        for (name, bytes) in [("model.o", &c.object[..]), ("model.h", c.header.as_bytes())] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|err| io(&path, err))?;
        }
        let prof = profile_for(ev, "best", &p)?;
        e.params = Some(p.counts.params);
        e.macs = Some(p.counts.macs);
        e.instructions = Some(prof.profile.instructions);
        e.cycles = Some(cycles_of(&prof.profile));
        e.ram_bytes = Some(prof.profile.ram_bytes() as u64);
        e.rom_bytes = Some(prof.profile.rom_bytes() as u64);
        e.arena_bytes = Some(prof.profile.arena_bytes as u64);
        Ok(())
    };
    if let Err(err) = run(&mut e) {
        e.fail("retraining", &err);
    }
    e.timings.total = t0.elapsed().as_secs_f64();
    e
}

/// The training split calibration images come from: the search's own, or `q.data`'s.
fn calibration_split<'a>(
    cifar: &'a data::Cifar,
    q: &crate::record::Quantization,
) -> Result<std::borrow::Cow<'a, data::Dataset>> {
    Ok(match &q.data {
        None => std::borrow::Cow::Borrowed(&cifar.train),
        Some(dir) => std::borrow::Cow::Owned(crate::jobs::load_data(dir, 0)?.train),
    })
}

/// `hynas evaluate-candidate`: runs the task `key` of the search in `out` (its genome in
/// `tasks/<key>.json`, the settings in `search.json`) and writes the record to
/// `results/<key>.json` atomically. An evaluation that fails is a record; only a search folder or
/// data set that cannot be read is an error. Inside a Slurm job the record names the job, node and
/// queue wait (from the task file's submission time).
pub fn evaluate_job(out: &Path, key: Key, attempt: u32) -> Result<Record> {
    let started = unix_now();
    let cfg = SearchConfig::read(&out.join("search.json"))?;
    let ev = cfg.evaluation.ok_or_else(|| {
        invalid(format!(
            "{}: no evaluation settings (written by an earlier hynas); resume the search once with this version",
            out.join("search.json").display()
        ))
    })?;
    let tp = task_path(out, key);
    let text = std::fs::read_to_string(&tp).map_err(|e| io(&tp, e))?;
    let task: TaskFile = serde_json::from_str(&text).map_err(|e| crate::DriverError::Format {
        path: tp.display().to_string(),
        msg: crate::util::clip(&e.to_string()),
    })?;
    if task.key != key {
        return Err(invalid(format!("{} holds {}, not {key}", tp.display(), task.key)));
    }
    let cifar = crate::jobs::load_data(&ev.data, ev.seed)?;
    let mut r = run_task(&ev, &cifar, out, key, &task.genome);
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let Some(id) = env("SLURM_JOB_ID") {
        r.job = Some(JobInfo {
            executor: "slurm".into(),
            id: Some(id),
            attempt,
            node: env("SLURMD_NODENAME"),
            started_at: Some(started),
            seconds: Some(unix_now() - started),
        });
        r.timings.queue_wait = task.submitted_at.map(|s| (started - s).max(0.0));
    }
    let dir = out.join("results");
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    record::write_atomic(&result_path(out, key), format!("{}\n", r.to_line()).as_bytes())?;
    Ok(r)
}
