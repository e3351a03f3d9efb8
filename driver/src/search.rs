//! `hynas search`: latency-aware evolutionary search.
//!
//! Every candidate is evaluated by [`crate::evaluate`] (symbolic constraints, then compile and
//! Spike, then proxy training within the measured limits) on an [`Executor`]: worker threads
//! (`local`, each training on cores / `--parallel` threads: two one-thread trainings side by side
//! beat one two-thread training on a 2-core machine, see `hynas bench --train`) or one Slurm job
//! per task (`slurm`). New candidates and, with a fidelity ladder, promotions to higher rungs form
//! one task sequence ([`crate::schedule`]); task t sees exactly the results of tasks 0..t+1-par
//! (par = tasks in flight), a fixed view whatever the timing, so a fast task does not wait for
//! its slow twin, the search is reproducible, and both executors run the same tasks. With
//! `--predictor`, candidates come in rounds whose children are ranked by a Gaussian process fitted
//! on the round's view (`predicted`).
//!
//! Every result (or the error that stopped it) is appended to `history.jsonl` (in completion
//! order, each record naming its candidate and rung) and fsynced before the next one starts.
//! `--resume` rebuilds everything from that file: proposals are a pure function of (seed, index,
//! earlier results), so nothing is evaluated twice; cluster jobs still in flight are adopted and
//! results that finished while no driver watched are appended first; candidates missing below the
//! last recorded one are evaluated next, and the resumed search proposes what the interrupted one
//! would have. Then the best candidate (and with `--retrain-front` the rest of the Pareto front)
//! is retrained as tasks on the same executor, and [`crate::report`] writes the report.

use crate::executor::local::Local;
use crate::executor::slurm::{Cli, Slurm, SlurmOptions};
use crate::executor::{Executor, Key, Task};
use crate::record::{self, Record, SearchConfig, Status};
use crate::schedule::{Next, Plan};
use crate::{invalid, io, Cancel, Result};
use hynas_searcher::strategy::{self, Scored, Strategy};
use hynas_searcher::Genome;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::options::{ExecutorChoice, Objective, PredictorConfig, SearchOptions};
pub use crate::util::{clip, clip_n};
use crate::util::{opt, pct};

/// The output folder's lock, held for the whole run (an exclusive flock on `<out>/.lock`, which
/// also names the holder's pid); released when dropped or when the process dies.
pub struct FolderLock {
    _file: std::fs::File,
}

/// Takes the output folder's lock or fails at once, naming the search that holds it.
pub fn lock_folder(dir: &Path) -> Result<FolderLock> {
    let p = dir.join(".lock");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&p)
        .map_err(|e| io(&p, e))?;
    match f.try_lock() {
        Ok(()) => {
            f.set_len(0).map_err(|e| io(&p, e))?;
            write!(f, "{}", std::process::id()).map_err(|e| io(&p, e))?;
            Ok(FolderLock { _file: f })
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&p).unwrap_or_default();
            Err(invalid(format!(
                "{} is in use by another hynas search (pid {}); wait for it, or use another --out",
                dir.display(),
                clip_n(pid.trim(), 20)
            )))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io(&p, e)),
    }
}

fn executor_name(o: &SearchOptions) -> &'static str {
    match o.executor {
        ExecutorChoice::Local => "local",
        ExecutorChoice::Slurm(_) => "slurm",
    }
}

/// `search.json` for these options.
fn config(o: &SearchOptions, run_id: &str) -> SearchConfig {
    let e = &o.eval;
    SearchConfig {
        format_version: record::FORMAT_VERSION,
        space: o.space.name().into(),
        strategy: format!("{:?}", o.strategy).to_lowercase(),
        seed: e.seed,
        run_id: Some(run_id.into()),
        executor: Some(executor_name(o).into()),
        max_params: Some(e.max_params),
        max_ram: e.max_ram,
        max_rom: e.max_rom,
        max_instructions: e.max_instructions,
        objectives: o.objectives.iter().map(|x| x.name().to_string()).collect(),
        bounds: o.bounds.clone(),
        population: Some(o.evolution.population),
        tournament: Some(o.evolution.tournament),
        proxy_epochs: Some(e.proxy.epochs),
        proxy_subset: e.proxy.train_subset,
        proxy_batch: Some(e.proxy.batch),
        backend: Some(e.proxy.backend.name().into()),
        device: Some(e.proxy.device.to_string()),
        threads: e.proxy.threads,
        evaluation: Some(e.clone()),
        schedule: Some(o.schedule()),
    }
}

/// A new search's name for its cluster jobs: time and pid, in hex.
fn new_run_id() -> String {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{:x}", (t as u64 ^ (u64::from(std::process::id()) << 40)) & 0xffff_ffff)
}

/// The fidelity ladder fits the data: no rung asks for more training images than the split has.
fn check_ladder(o: &SearchOptions) -> Result<()> {
    if o.eval.ladder.len() > 1 && o.eta < 2 {
        return Err(invalid(format!("--eta {}: promote the best 1/eta of a rung with eta >= 2", o.eta)));
    }
    let wanted = o.eval.ladder.iter().filter_map(|r| r.images.map(|n| (r, n))).max_by_key(|(_, n)| *n);
    let Some((rung, n)) = wanted else { return Ok(()) };
    let have = hynas_train::data::train_split_len(&o.eval.data)?;
    if n > have {
        return Err(invalid(format!(
            "rung {rung} asks for {n} training images, but {} has {have} in its training split (90% of its training images); use at most {have}, or `all`",
            o.eval.data.display()
        )));
    }
    Ok(())
}

/// Settings that would fail every candidate or the final training, refused before any work: a
/// recipe that cannot train (a learning rate that is not finite, no images), a target without an
/// FPU for f32 candidates.
fn check_settings(e: &record::Evaluation) -> Result<()> {
    for (what, cfg) in [("proxy", &e.proxy), ("final", &e.final_train)] {
        hynas_train::check_config(cfg).map_err(|err| invalid(format!("the {what} training: {err}")))?;
    }
    let target = e.target;
    if !target.has_fpu() && e.quantize.is_none() {
        return Err(invalid(format!(
            "--target {} has no FPU: the candidates must be quantised (--quantize int8)",
            target.name()
        )));
    }
    Ok(())
}

/// The settings of two evaluations that change what a search records, as (name, old, new):
/// limits, data, target, Spike's limit aside, the proxy and final recipes (threads and layout
/// aside, which change only the speed), the ladder, quantisation and teacher.
fn evaluation_differences(was: &record::Evaluation, is: &record::Evaluation) -> Vec<(String, String, String)> {
    let flat = |e: &record::Evaluation| -> std::collections::BTreeMap<String, String> {
        let Ok(serde_json::Value::Object(m)) = serde_json::to_value(e) else { return Default::default() };
        let mut out = std::collections::BTreeMap::new();
        for (k, v) in m {
            match (k.as_str(), v) {
                // The seed and quantisation are compared on their own; Spike's limit changes no record.
                ("seed" | "spike_timeout_s" | "quantize", _) => {}
                (k @ ("proxy" | "final_train"), serde_json::Value::Object(t)) => {
                    for (tk, tv) in t {
                        if !matches!(tk.as_str(), "threads" | "channels_last") {
                            out.insert(format!("{k}.{tk}"), tv.to_string());
                        }
                    }
                }
                (k, v) => {
                    out.insert(k.to_string(), v.to_string());
                }
            }
        }
        out
    };
    let (a, b) = (flat(was), flat(is));
    let get = |m: &std::collections::BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or("none".into());
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (get(&a, k), get(&b, k));
            (x != y).then(|| (k.clone(), x, y))
        })
        .collect()
}

/// Checks the options and the output folder before any work; locks the folder; writes
/// `search.json`. Returns the lock, the run id and the history so far.
fn setup(o: &SearchOptions) -> Result<(FolderLock, String, Vec<Record>)> {
    if o.objectives.is_empty()
        || o.objectives.len() != o.bounds.len()
        || o.bounds.iter().any(|b| b.is_nan() || *b <= 0.0)
    {
        return Err(invalid("give one positive bound per objective"));
    }
    // Jobs run elsewhere: paths in search.json must not depend on this working folder.
    if !o.eval.data.is_dir() {
        return Err(crate::DriverError::Train(hynas_train::TrainError::Data {
            path: o.eval.data.display().to_string(),
            msg: "no such folder (--data)".into(),
        }));
    }
    check_ladder(o)?;
    check_settings(&o.eval)?;
    if let Some(q) = &o.eval.quantize {
        q.method()?;
        if q.images == 0 {
            return Err(invalid("--calibration-images must be at least 1"));
        }
    }
    std::fs::create_dir_all(&o.out).map_err(|e| io(&o.out, e))?;
    let lock = lock_folder(&o.out)?;
    let cfg_path = o.out.join("search.json");
    let hist = o.out.join("history.jsonl");
    let run_id = if o.resume {
        let old = SearchConfig::read(&cfg_path)?;
        let now = config(o, "");
        let sched = |c: &SearchConfig| format!("\"{}\"", c.schedule.as_deref().unwrap_or(""));
        let mut same = vec![
            ("space".to_string(), format!("\"{}\"", old.space), format!("\"{}\"", now.space)),
            ("strategy".to_string(), format!("\"{}\"", old.strategy), format!("\"{}\"", now.strategy)),
            ("seed".to_string(), old.seed.to_string(), now.seed.to_string()),
        ];
        // Searches written before the schedule was recorded resume under any.
        if old.schedule.is_some() {
            same.push(("schedule".to_string(), sched(&old), sched(&now)));
        }
        // The form candidates are scored in (f32, or int8 with its calibration).
        let form = |c: &SearchConfig| match c.evaluation.as_ref().and_then(|e| e.quantize.as_ref()) {
            Some(q) => format!("int8 ({} on {} images)", q.calibration, q.images),
            None => "f32".to_string(),
        };
        same.push(("quantisation".to_string(), form(&old), form(&now)));
        if let (Some(was), Some(is)) = (&old.evaluation, &now.evaluation) {
            same.extend(evaluation_differences(was, is));
        }
        let diffs: Vec<String> = same
            .into_iter()
            .filter(|(_, was, is)| was != is)
            .map(|(key, was, is)| format!("{key} {} (now {})", clip(&was), clip(&is)))
            .collect();
        if !diffs.is_empty() {
            return Err(invalid(format!(
                "the search in {} was made with other settings; resume it with the same ones: {}",
                o.out.display(),
                diffs.join(", ")
            )));
        }
        if let Some(dropped) = record::repair_history(&hist)? {
            tracing::warn!("{}: dropped {dropped}", hist.display());
        }
        old.run_id.unwrap_or_else(new_run_id)
    } else {
        if hist.exists() {
            return Err(invalid(format!("{} already holds a search; pass --resume or another --out", o.out.display())));
        }
        new_run_id()
    };
    let text = serde_json::to_string_pretty(&config(o, &run_id)).unwrap_or_default();
    record::write_atomic(&cfg_path, text.as_bytes())?;
    Ok((lock, run_id, record::read_history(&hist)?))
}

fn scored<'a>(o: &SearchOptions, history: impl IntoIterator<Item = &'a Record>) -> Vec<Scored> {
    history
        .into_iter()
        .filter(|e| e.status == Status::Ok)
        .map(|e| Scored { genome: e.genome.clone(), objectives: o.objectives.iter().map(|x| x.value(e)).collect() })
        .collect()
}

/// Where a search stands, after each recorded candidate (for a progress bar).
#[derive(Clone, Debug)]
pub struct Progress {
    /// Candidates counted against the budget (rejected ones are not).
    pub done: usize,
    pub total: usize,
    /// Best proxy validation accuracy so far.
    pub best: f64,
    pub eta: Duration,
}

pub struct SearchSummary {
    pub evaluated: usize,
    pub finished: bool,
    pub report: Option<PathBuf>,
}

/// Runs (or resumes) a search on the executor `o.executor`; then retrains the best candidate
/// and writes the report. Candidate lines and stages are logged with `tracing`; `on_progress` is
/// called after each recorded candidate; `cancel` stops (first request: no new work, the work in
/// flight is recorded; second: abandon it, cancelling cluster jobs).
pub fn search(o: &SearchOptions, cancel: &Cancel, on_progress: impl FnMut(&Progress)) -> Result<SearchSummary> {
    // The cluster accepts the options, or nothing starts.
    if let ExecutorChoice::Slurm(so) = &o.executor {
        Slurm::check(so, &o.out)?;
    }
    let (_lock, run_id, history) = setup(o)?;
    // Impossible constraints fail here, before any data is read or job submitted.
    strategy::propose(Strategy::Random, &o.evolution, o.space, o.seed(), usize::MAX, &[], &o.bounds, &|g| {
        crate::evaluate::symbolic_ok(&o.eval, g)
    })?;
    let mut exec: Box<dyn Executor> = match &o.executor {
        ExecutorChoice::Local => {
            let cifar = Arc::new(crate::jobs::load_data(&o.eval.data, o.seed())?);
            crate::jobs::log_data(&cifar);
            Box::new(Local::new(o.eval.clone(), cifar, o.out.clone(), o.parallel))
        }
        ExecutorChoice::Slurm(so) => {
            let exe = std::env::current_exe().map_err(|e| io(Path::new("the hynas executable"), e))?;
            let so = SlurmOptions { parallel: o.parallel, ..so.clone() };
            Box::new(Slurm::new(so, &o.out, &run_id, exe, Cli)?)
        }
    };
    run(o, exec.as_mut(), history, cancel, on_progress)
}

/// The history key of a record: `Candidate(i)` or `Rung(i, r)`; `None` for the baseline.
fn key_of(r: &Record) -> Option<Key> {
    let i = usize::try_from(r.i).ok()?;
    Some(if r.rung == 0 { Key::Candidate(i) } else { Key::Rung(i, r.rung) })
}

/// The records of a history by task, the first of each kept (the file is in completion order; a
/// kill can leave gaps), and how many were left out because their failure blames the settings
/// or the machine (those tasks run again).
fn recorded(history: Vec<Record>) -> (BTreeMap<Key, Record>, usize) {
    let mut done = BTreeMap::new();
    let mut again = 0;
    for e in history {
        if e.blames_settings() {
            again += 1;
        } else if let Some(k) = key_of(&e) {
            done.entry(k).or_insert(e);
        }
    }
    (done, again)
}

/// A promoted candidate's record completed with its rung-0 measurements (a rung task only
/// trains).
fn with_measurements(mut r: Record, base: Option<&Record>) -> Record {
    if let Some(b) = base {
        r.instructions = b.instructions;
        r.cycles = b.cycles;
        r.ram_bytes = b.ram_bytes;
        r.rom_bytes = b.rom_bytes;
        r.arena_bytes = b.arena_bytes;
        r.params = b.params.or(r.params);
        r.macs = b.macs.or(r.macs);
    }
    r
}

/// Candidate `i`'s record copied from candidate `j`'s (the same genome): not trained again.
fn reused(from: &Record, i: usize) -> Record {
    let mut r = from.clone();
    r.i = i as i64;
    r.reused_from = Some(from.i);
    r.timings = Default::default();
    r.job = None;
    r
}

/// The search loop on a given executor (see the module note and [`crate::schedule`]).
pub fn run(
    o: &SearchOptions,
    exec: &mut dyn Executor,
    history: Vec<Record>,
    cancel: &Cancel,
    mut on_progress: impl FnMut(&Progress),
) -> Result<SearchSummary> {
    let hist_path = o.out.join("history.jsonl");
    let base_path = o.out.join("baseline.json");
    let counted = |h: &BTreeMap<Key, Record>| {
        h.iter().filter(|(k, e)| matches!(k, Key::Candidate(_)) && e.status != Status::Rejected).count()
    };
    // Records by task (the file is in completion order; a kill can leave gaps).
    let (mut done, again) = recorded(history);
    if again > 0 {
        tracing::warn!(
            "{again} evaluations failed earlier for the settings or the machine, not the candidate: run again"
        );
    }
    // Work left in flight by an earlier driver: adopted, and results that came in meanwhile.
    let mut in_flight: BTreeMap<Key, Genome> = exec.adopt()?.into_iter().map(|t| (t.key, t.genome)).collect();
    for (key, r) in finished_meanwhile(&o.out, &done, &in_flight)? {
        if let Key::Candidate(_) | Key::Rung(..) = key {
            tracing::info!("{key}: result of a job that finished while no search was watching");
            let r = with_measurements(r, done.get(&Key::Candidate(key.index() as usize)).filter(|_| key.rung() > 0));
            record::append(&hist_path, &r)?;
            done.insert(key, r);
        }
    }
    let mut baseline = match record::read_record(&base_path) {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!("{e}; evaluating the baseline again");
            None
        }
    };
    // A baseline job that finished while no driver watched.
    if baseline.is_none() && !in_flight.contains_key(&Key::Baseline) {
        if let Ok(Some(b)) = record::read_record(&crate::layout::result_path(&o.out, Key::Baseline)) {
            record::write_atomic(&base_path, format!("{}\n", b.to_line()).as_bytes())?;
            baseline = Some(b);
        }
    }
    match &baseline {
        Some(b) if b.status == Status::Failed => {
            tracing::warn!(
                "the ResNet-8 baseline failed earlier ({}); evaluating it again",
                b.reason.as_deref().unwrap_or("no reason")
            );
            baseline = None;
        }
        Some(b) if b.status == Status::Rejected => tracing::info!(
            "the ResNet-8 baseline was rejected earlier ({}): not trained, kept out of the front",
            b.reason.as_deref().unwrap_or("over a limit")
        ),
        _ => {}
    }
    let par = exec.slots();
    let (loop_start, done_at_start) = (Instant::now(), counted(&done));
    let at_start: BTreeSet<Key> = done.keys().copied().collect();
    let mut plan = Plan::new(par, o.eta, o.eval.rungs(), o.candidates, o.objectives.clone());
    let mut genome_of: BTreeMap<usize, Genome> = BTreeMap::new();
    // Per new candidate, the length of its view (a prefix of the task sequence); per predictor
    // round, its ranked children.
    let mut view_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut rounds: BTreeMap<usize, Vec<(Genome, Option<f64>)>> = BTreeMap::new();
    let mut predicted_acc: BTreeMap<usize, f64> = BTreeMap::new();
    // Candidates whose genome repeats an earlier candidate's still in flight: recorded with it.
    let mut waiting_for: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    // A proposal error stops new starts; the candidates in flight are still recorded.
    let mut stop_err: Option<crate::DriverError> = None;
    let mut finished = false;
    loop {
        if cancel.aborting() {
            exec.abort();
            in_flight.clear();
            break;
        }
        let may_start = !cancel.stopping() && stop_err.is_none();
        if baseline.is_none() && !in_flight.contains_key(&Key::Baseline) && may_start {
            tracing::info!("baseline: resnet8 under the proxy recipe");
            exec.submit(Task { key: Key::Baseline, genome: Genome::Resnet8 })?;
            in_flight.insert(Key::Baseline, Genome::Resnet8);
        }
        // Decide tasks in sequence (replaying the ones recorded before a resume) while a slot is
        // free; each decision sees a fixed view of the results (see `schedule`).
        while may_start && stop_err.is_none() {
            let key = match plan.next(&done) {
                Next::New(i) => {
                    view_of.entry(i).or_insert(plan.view().len());
                    Key::Candidate(i)
                }
                Next::Promote(k) => k,
                Next::Wait => break,
                Next::Finished => {
                    finished = true;
                    break;
                }
            };
            let i = key.index() as usize;
            let pending = waiting_for.values().any(|v| v.contains(&i)) && key.rung() == 0;
            let to_run = !done.contains_key(&key) && !in_flight.contains_key(&key) && !pending;
            if to_run && exec.in_flight() >= par {
                break;
            }
            let genome = if let Some(g) = done.get(&key).map(|r| &r.genome).or(in_flight.get(&key)) {
                g.clone()
            } else if key.rung() > 0 {
                // A promotion comes from a recorded rung-0 result: the genome is known.
                match genome_of.get(&i) {
                    Some(g) => g.clone(),
                    None => return Err(invalid(format!("{key}: promoted but its genome is unknown"))),
                }
            } else {
                let proposed = match predicted(o, &mut rounds, &view_of, i, plan.seq(), &done) {
                    Some((g, acc)) => {
                        if let Some(a) = acc {
                            predicted_acc.insert(i, a);
                        }
                        Ok(g)
                    }
                    None => {
                        let view = scored(o, crate::schedule::latest(plan.view(), &done));
                        strategy::propose(o.strategy, &o.evolution, o.space, o.seed(), i, &view, &o.bounds, &|g| {
                            crate::evaluate::symbolic_ok(&o.eval, g)
                        })
                        .map_err(crate::DriverError::from)
                    }
                };
                match proposed {
                    Ok(g) => g,
                    Err(e) => {
                        stop_err = Some(e);
                        break;
                    }
                }
            };
            plan.push(key);
            if key.rung() == 0 {
                genome_of.insert(i, genome.clone());
            }
            if !to_run {
                continue;
            }
            // The same genome as an earlier candidate: its result, not a second training.
            let twin = (key.rung() == 0)
                .then(|| genome_of.iter().find(|(&j, g)| j < i && **g == genome).map(|(&j, _)| j))
                .flatten();
            match twin {
                Some(j) => match done.get(&Key::Candidate(j)) {
                    Some(from) => {
                        let r = reused(from, i);
                        tracing::info!("candidate {i}: the genome of candidate {j}; its result reused, not trained");
                        record::append(&hist_path, &r)?;
                        done.insert(key, r);
                    }
                    None => waiting_for.entry(j).or_default().push(i),
                },
                None => {
                    if let Some(rung) = o.eval.ladder.get(key.rung()).filter(|_| key.rung() > 0) {
                        tracing::info!("{key}: promoted, training {rung} (epochs x images)");
                    }
                    exec.submit(Task { key, genome: genome.clone() })?;
                    in_flight.insert(key, genome);
                }
            }
        }
        if in_flight.is_empty() {
            if !finished && may_start {
                return Err(invalid("the search schedule stalled with nothing in flight (a bug; resume the search)"));
            }
            break;
        }
        for (key, r) in exec.collect(Duration::from_secs(1))? {
            in_flight.remove(&key);
            // Every later candidate would fail the same way: stop starting work.
            if r.blames_settings() && stop_err.is_none() {
                stop_err = Some(invalid(format!(
                    "{key} failed for the settings or the machine, not the candidate ({}); fix that and \
                     --resume: what failed so runs again",
                    r.reason.as_deref().unwrap_or("no reason")
                )));
            }
            match key {
                Key::Baseline => {
                    record::write_atomic(&base_path, format!("{}\n", r.to_line()).as_bytes())?;
                    tracing::info!(
                        "baseline resnet8: {} val {} instr {} RAM {}",
                        r.status.name(),
                        pct(r.val_accuracy),
                        opt(r.instructions),
                        opt(r.ram_bytes)
                    );
                    baseline = Some(r);
                }
                Key::Candidate(_) | Key::Rung(..) => {
                    if done.contains_key(&key) {
                        continue;
                    }
                    let i = key.index() as usize;
                    let mut r = with_measurements(r, done.get(&Key::Candidate(i)).filter(|_| key.rung() > 0));
                    if key.rung() == 0 {
                        r.predicted_val_accuracy = predicted_acc.get(&i).copied();
                    }
                    let mut new = vec![(key, r)];
                    for twin in waiting_for.remove(&i).unwrap_or_default() {
                        new.push((Key::Candidate(twin), reused(&new[0].1, twin)));
                    }
                    for (key, r) in new {
                        record::append(&hist_path, &r)?;
                        let n = counted(&done) + usize::from(key.rung() == 0 && r.status != Status::Rejected);
                        let line = candidate_line(&r, n, o.candidates);
                        if r.status == Status::Failed {
                            tracing::warn!("{line}");
                        } else {
                            tracing::info!("{line}");
                        }
                        done.insert(key, r);
                        let best = done
                            .values()
                            .filter(|e| e.status == Status::Ok)
                            .filter_map(|e| e.val_accuracy)
                            .fold(0.0, f64::max);
                        let per = loop_start.elapsed().as_secs_f64() / (n - done_at_start.min(n)).max(1) as f64;
                        let eta = Duration::from_secs_f64(per * o.candidates.saturating_sub(n) as f64);
                        on_progress(&Progress { done: n, total: o.candidates, best, eta });
                    }
                }
                Key::Best(_) | Key::Front(_) | Key::Reference => {}
            }
        }
    }
    if let Some(e) = stop_err {
        return Err(e);
    }
    // Slot utilisation of this run: evaluation seconds over (wall seconds x slots).
    let wall = loop_start.elapsed().as_secs_f64();
    let busy: f64 = done.iter().filter(|(k, _)| !at_start.contains(k)).map(|(_, e)| e.timings.total).sum();
    let any_new = done.keys().any(|k| !at_start.contains(k));
    let utilisation = any_new.then(|| busy / (wall * par as f64));
    if let Some(u) = utilisation {
        tracing::info!("search loop: {wall:.1} s wall, {} slots busy {:.1}% of it", exec.name(), 100.0 * u);
    }
    let history: Vec<Record> = crate::schedule::latest(plan.seq(), &done).into_iter().cloned().collect();
    let evaluated = history.iter().filter(|e| e.status != Status::Rejected).count();
    if cancel.stopping() {
        return Ok(SearchSummary { evaluated, finished: false, report: None });
    }
    let baseline = baseline.ok_or_else(|| invalid("the ResNet-8 baseline was not evaluated"))?;
    let all: Vec<Record> = done.into_values().collect();
    let report = match crate::retrain::retrain(o, exec, &history, &baseline, cancel)? {
        Some(r) => Some(crate::report::write(o, exec.name(), &history, &all, &baseline, &r, utilisation)?),
        None => None,
    };
    Ok(SearchSummary { evaluated, finished: report.is_some(), report })
}

/// Candidate `i`'s genome under `--predictor` (`None`: propose as usual: before the first
/// round, or when the round has too little to fit on or too few distinct children).
fn predicted(
    o: &SearchOptions,
    rounds: &mut BTreeMap<usize, Vec<(Genome, Option<f64>)>>,
    view_of: &BTreeMap<usize, usize>,
    i: usize,
    seq: &[Key],
    done: &BTreeMap<Key, Record>,
) -> Option<(Genome, Option<f64>)> {
    let pc = o.predictor?;
    let first = o.evolution.population;
    let round = i.checked_sub(first)? / pc.train.max(1);
    let i0 = first + round * pc.train.max(1);
    if let std::collections::btree_map::Entry::Vacant(slot) = rounds.entry(round) {
        let view = &seq[..view_of.get(&i0).copied()?.min(seq.len())];
        let ranked = rank_children(o, pc, i0, view, done);
        tracing::info!(
            "predictor round {round} (candidates {i0}..{}): {} children sampled, the best {} predicted are trained",
            i0 + pc.train,
            pc.sample,
            ranked.len()
        );
        slot.insert(ranked);
    }
    rounds.get(&round)?.get(i - i0).cloned()
}

/// A round's children, best predicted first (at most `pc.train`), each with its predicted
/// validation accuracy; empty when the view holds fewer than 3 ok results.
fn rank_children(
    o: &SearchOptions,
    pc: PredictorConfig,
    i0: usize,
    view: &[Key],
    done: &BTreeMap<Key, Record>,
) -> Vec<(Genome, Option<f64>)> {
    use hynas_searcher::predictor::Gp;
    // Fitted on rung-0 results: one fidelity for all (instructions and RAM do not depend on it).
    let fit: Vec<&Record> = view
        .iter()
        .filter(|k| matches!(k, Key::Candidate(_)))
        .filter_map(|k| done.get(k))
        .filter(|r| r.status == Status::Ok && r.reused_from.is_none())
        .collect();
    let fit = &fit[fit.len().saturating_sub(300)..];
    if fit.len() < 3 {
        return vec![];
    }
    let x: Vec<Vec<f64>> = fit.iter().map(|r| r.genome.encode()).collect();
    let target = |obj: Objective, r: &Record| match obj {
        Objective::ValError => obj.value(r),
        _ => obj.value(r).max(1.0).ln(),
    };
    let models: Vec<Option<Gp>> =
        o.objectives.iter().map(|&obj| Gp::fit(&x, &fit.iter().map(|r| target(obj, r)).collect::<Vec<_>>())).collect();
    if models.iter().any(Option::is_none) {
        return vec![];
    }
    let parents = scored(o, crate::schedule::latest(view, done));
    let known: Vec<&Genome> = view.iter().filter_map(|k| done.get(k)).map(|r| &r.genome).collect();
    let mut children: Vec<Genome> = Vec::new();
    for j in 0..pc.sample * 20 {
        if children.len() >= pc.sample {
            break;
        }
        // Child j of the round has its own RNG stream: (seed, i0, j).
        let mut rng = strategy::rng_for(o.seed() ^ (j as u64 + 1).wrapping_mul(0xA076_1D64_78BD_642F), i0);
        let Ok(g) = strategy::propose_with(o.strategy, &o.evolution, o.space, &mut rng, &parents, &o.bounds, &|g| {
            crate::evaluate::symbolic_ok(&o.eval, g)
        }) else {
            break;
        };
        if !children.contains(&g) && !known.contains(&&g) {
            children.push(g);
        }
    }
    let preds: Vec<Vec<f64>> = children
        .iter()
        .map(|g| {
            let e = g.encode();
            models.iter().flatten().map(|m| m.predict(&e)).collect()
        })
        .collect();
    let val = o.objectives.iter().position(|x| *x == Objective::ValError);
    let order = strategy::preference_order(&preds, val, |k| k);
    order.into_iter().take(pc.train).map(|k| (children[k].clone(), val.map(|v| 1.0 - preds[k][v]))).collect()
}

/// Results in `results/` of tasks neither recorded nor in flight: jobs that finished while the
/// driver was down.
fn finished_meanwhile(
    out: &Path,
    done: &BTreeMap<Key, Record>,
    in_flight: &BTreeMap<Key, Genome>,
) -> Result<Vec<(Key, Record)>> {
    let dir = out.join("results");
    let Ok(rd) = std::fs::read_dir(&dir) else { return Ok(vec![]) };
    let mut found = Vec::new();
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(key) = name.strip_suffix(".json").and_then(Key::parse) else { continue };
        if !matches!(key, Key::Candidate(_) | Key::Rung(..)) || done.contains_key(&key) || in_flight.contains_key(&key)
        {
            continue;
        }
        match record::read_record(&entry.path()) {
            Ok(Some(r)) if r.i == key.index() && r.rung == key.rung() => found.push((key, r)),
            Ok(_) => {}
            Err(e) => tracing::warn!("{e}; {key} is evaluated again"),
        }
    }
    // Rung-0 results first: a promotion's record takes its measurements from them.
    found.sort_by_key(|(k, _)| (k.rung(), *k));
    Ok(found)
}

fn candidate_line(r: &Record, n: usize, total: usize) -> String {
    let rung = if r.rung > 0 { format!(" rung {}", r.rung) } else { String::new() };
    format!(
        "[{n}/{total}] candidate {:>3}{rung} {:<8} val {:>6} instr {:>11} RAM {:>8} params {:>6}{}{}",
        r.i,
        r.status.name(),
        pct(r.val_accuracy),
        opt(r.instructions),
        opt(r.ram_bytes),
        opt(r.params),
        r.reason.as_ref().map_or(String::new(), |s| format!("  ({})", clip_n(s, 300))),
        r.timings.queue_wait.map_or(String::new(), |q| format!("  queued {q:.1} s")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Blame;

    #[test]
    fn failures_of_the_settings_are_run_again_and_the_first_record_of_a_task_wins() {
        let g = Genome::Resnet8;
        let ok = |i: i64, acc: f64| Record { val_accuracy: Some(acc), ..Record::new(i, g.clone(), Status::Ok) };
        let mut settings = Record::failed(0, g.clone(), "profile: Spike not found: not on PATH");
        settings.blame = Some(Blame::Settings);
        let mut candidate = Record::failed(1, g.clone(), "profile: spike exited with code 139");
        candidate.blame = Some(Blame::Candidate);
        // Written before blames were kept: the candidate's.
        let old = Record::failed(2, g.clone(), "training at rung 0: training: loss is NaN");
        let rung = Record { rung: 1, ..ok(3, 0.5) };
        let history = vec![settings, ok(0, 0.4), candidate, old, ok(1, 0.9), rung, ok(3, 0.3), ok(3, 0.2)];
        let (done, again) = recorded(history);
        assert_eq!(again, 1);
        assert_eq!(
            done.keys().copied().collect::<Vec<_>>(),
            [Key::Candidate(0), Key::Candidate(1), Key::Candidate(2), Key::Candidate(3), Key::Rung(3, 1)]
        );
        assert_eq!(done[&Key::Candidate(0)].val_accuracy, Some(0.4), "the run after the settings failure");
        assert_eq!(done[&Key::Candidate(1)].status, Status::Failed, "a candidate's failure stays");
        assert_eq!(done[&Key::Candidate(2)].status, Status::Failed);
        assert_eq!(done[&Key::Candidate(3)].val_accuracy, Some(0.3), "the first record of a task wins");
    }

    #[test]
    fn errors_of_options_data_target_spike_and_disk_blame_the_settings() {
        use hynas_runtime::RuntimeError as R;
        use hynas_train::TrainError as T;
        let io = || std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        for e in [
            invalid("--train-subset must be at least 1"),
            crate::DriverError::Io("out/history.jsonl".into(), io()),
            T::Data { path: "data".into(), msg: "no such folder".into() }.into(),
            T::Backend("built without torch".into()).into(),
            hynas_codegen::CodegenError::UnknownTarget("rv64".into()).into(),
            R::SpikeNotFound("not on PATH".into()).into(),
        ] {
            assert_eq!(e.blame(), Blame::Settings, "{e}");
        }
        for e in [
            crate::DriverError::Mismatch(1e-2),
            T::Train("loss is NaN".into()).into(),
            R::Spike("spike exited with code 139".into()).into(),
            R::Timeout(Duration::from_secs(5)).into(),
        ] {
            assert_eq!(e.blame(), Blame::Candidate, "{e}");
        }
    }
}
