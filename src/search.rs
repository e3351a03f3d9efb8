//! `hynas search`: latency-aware evolutionary search.
//!
//! Every candidate goes through the cheapest check first: (i) symbolic constraints from the
//! genome (parameters; lower bounds of RAM = planned arena bound, ROM = weight bytes,
//! instructions = MACs) — failing candidates are never compiled or trained; (ii) compile and
//! profile in Spike (instructions, RAM, ROM; outputs checked against the interpreter); (iii)
//! proxy training (validation accuracy), only for candidates within the measured limits.
//! Two workers (`--parallel`) evaluate candidates from a queue, each training with the chosen
//! backend on cores / `--parallel` threads (two one-thread trainings side by side beat one
//! two-thread training on this 2-core machine for flex and for torch, see `hynas bench
//! --train`), so one candidate's compile and Spike run while the other trains. Candidate i is proposed from the results of candidates 0..i+1-par only, a
//! fixed view whatever the timing, so a fast candidate does not wait for its slow twin and the
//! search stays reproducible.
//!
//! Every evaluated candidate (or the error that stopped it) is appended to `history.jsonl` (in
//! completion order, each line naming its index) and fsynced before the next one starts.
//! `--resume` rebuilds everything from that file: proposals are a pure function of (seed, index,
//! earlier results), so nothing is evaluated twice, candidates missing below the last recorded
//! one are evaluated first, and the resumed search proposes what the interrupted one would have.

use crate::{data, prepare, profile, HynasError, Result, TrainConfig};
use hynas_codegen::{Options as CgOptions, Target};
use hynas_searcher::strategy::{self, EvolutionConfig, Scored, Strategy};
use hynas_searcher::{Genome, Space};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    ValError,
    Instructions,
    Ram,
}

impl Objective {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "val_error" => Ok(Objective::ValError),
            "instructions" => Ok(Objective::Instructions),
            "ram" => Ok(Objective::Ram),
            o => Err(invalid(format!("unknown objective \"{o}\"; choose val_error, instructions, ram"))),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Objective::ValError => "val_error",
            Objective::Instructions => "instructions",
            Objective::Ram => "ram",
        }
    }
    fn value(self, e: &Value) -> f64 {
        match self {
            Objective::ValError => 1.0 - e["val_accuracy"].as_f64().unwrap_or(0.0),
            Objective::Instructions => e["instructions"].as_f64().unwrap_or(f64::MAX),
            Objective::Ram => e["ram_bytes"].as_f64().unwrap_or(f64::MAX),
        }
    }
}

fn invalid(msg: String) -> HynasError {
    HynasError::Search(hynas_searcher::SearchError::Invalid(msg))
}

#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub space: Space,
    pub strategy: Strategy,
    pub evolution: EvolutionConfig,
    /// Candidates to evaluate (compiled and trained), rejected ones not counted.
    pub candidates: usize,
    pub seed: u64,
    pub max_params: u64,
    pub max_ram: Option<usize>,
    pub max_rom: Option<usize>,
    pub max_instructions: Option<u64>,
    pub objectives: Vec<Objective>,
    pub bounds: Vec<f64>,
    pub data: PathBuf,
    pub out: PathBuf,
    pub resume: bool,
    pub proxy: TrainConfig,
    /// The final retraining of the best candidate (whole training split, augmentation).
    pub final_train: TrainConfig,
    pub target: Target,
    pub spike_timeout: Duration,
    /// Candidates evaluated side by side (each training on one thread).
    pub parallel: usize,
    /// Also retrain the other Pareto-front candidates with the final recipe (into `front/<i>/`).
    pub retrain_front: bool,
}

/// Set by Ctrl-C: the search stops after the batch in flight is recorded.
pub static STOP: AtomicBool = AtomicBool::new(false);

fn io(path: &Path, e: std::io::Error) -> HynasError {
    HynasError::Io(path.display().to_string(), e)
}

/// Appends one JSON line and makes it durable before returning. The record is serialised first
/// and written with one call, so a kill or a full disk leaves at most one torn last line, which
/// [`repair_history`] cuts off on resume.
fn append(path: &Path, v: &Value) -> Result<()> {
    let line = format!("{v}\n");
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| io(path, e))?;
    f.write_all(line.as_bytes()).map_err(|e| io(path, e))?;
    f.sync_all().map_err(|e| io(path, e))
}

/// Cuts a torn last record (no final newline: a kill or a full disk during its write) off the
/// history, durably, so that new records start on a line of their own. Returns what was dropped.
pub fn repair_history(path: &Path) -> Result<Option<String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path, e)),
    };
    let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if keep == bytes.len() {
        return Ok(None);
    }
    let f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| io(path, e))?;
    f.set_len(keep as u64).map_err(|e| io(path, e))?;
    f.sync_all().map_err(|e| io(path, e))?;
    let tail: String = String::from_utf8_lossy(&bytes[keep..]).chars().take(80).collect();
    Ok(Some(format!("a torn last record of {} bytes ({tail}...)", bytes.len() - keep)))
}

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
                pid.trim().chars().take(20).collect::<String>()
            )))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io(&p, e)),
    }
}

/// Reads a history; a torn last line (a kill during the write) is dropped.
pub fn read_history(path: &Path) -> Result<Vec<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io(path, e)),
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        match serde_json::from_str::<Value>(l) {
            Ok(v) => out.push(v),
            Err(_) if k + 1 == lines.len() => break,
            Err(e) => return Err(invalid(format!("{} line {}: {e}", path.display(), k + 1))),
        }
    }
    Ok(out)
}

fn config_json(o: &SearchOptions) -> Value {
    json!({
        "space": o.space.name(), "strategy": format!("{:?}", o.strategy).to_lowercase(), "seed": o.seed,
        "max_params": o.max_params, "max_ram": o.max_ram, "max_rom": o.max_rom, "max_instructions": o.max_instructions,
        "objectives": o.objectives.iter().map(|x| x.name()).collect::<Vec<_>>(), "bounds": o.bounds,
        "population": o.evolution.population, "tournament": o.evolution.tournament,
        "proxy_epochs": o.proxy.epochs, "proxy_subset": o.proxy.train_subset, "proxy_batch": o.proxy.batch,
        "backend": o.proxy.backend.name(), "device": o.proxy.device.to_string(), "threads": o.proxy.threads,
    })
}

/// "training with torch on cpu, 1 thread each" (for the report).
fn training_setup(t: &TrainConfig) -> String {
    let threads = t.threads.map_or("all cores".to_string(), |n| format!("{n} thread{}", if n == 1 { "" } else { "s" }));
    format!("training with {} on {}, {threads} per training", t.backend, t.device)
}

/// Checks the options and the output folder before any work; locks the folder.
fn setup(o: &SearchOptions) -> Result<(FolderLock, Vec<Value>)> {
    if o.objectives.is_empty() || o.objectives.len() != o.bounds.len() || o.bounds.iter().any(|b| *b <= 0.0) {
        return Err(invalid("give one positive bound per objective".into()));
    }
    std::fs::create_dir_all(&o.out).map_err(|e| io(&o.out, e))?;
    let lock = lock_folder(&o.out)?;
    let cfg_path = o.out.join("search.json");
    let hist = o.out.join("history.jsonl");
    if o.resume {
        let text = std::fs::read_to_string(&cfg_path).map_err(|e| io(&cfg_path, e))?;
        let old: Value = serde_json::from_str(&text).map_err(|e| invalid(format!("{}: {e}", cfg_path.display())))?;
        for key in ["space", "strategy", "seed"] {
            let now = config_json(o)[key].clone();
            if old[key] != now {
                return Err(invalid(format!(
                    "the search in {} has {key} {}, not {now}; resume it with the same {key}",
                    o.out.display(),
                    old[key]
                )));
            }
        }
        if let Some(dropped) = repair_history(&hist)? {
            tracing::warn!("{}: dropped {dropped}", hist.display());
        }
    } else {
        if hist.exists() {
            return Err(invalid(format!("{} already holds a search; pass --resume or another --out", o.out.display())));
        }
        let text = serde_json::to_string_pretty(&config_json(o)).unwrap_or_default();
        std::fs::write(&cfg_path, text).map_err(|e| io(&cfg_path, e))?;
    }
    Ok((lock, read_history(&hist)?))
}

/// Whether a genome passes the symbolic constraints (no compile, no training).
fn symbolic_ok(o: &SearchOptions, g: &Genome) -> bool {
    let Ok(c) = g.counts() else { return false };
    if c.params > o.max_params || o.max_instructions.is_some_and(|m| c.macs > m) {
        return false;
    }
    // ROM holds at least the weights; RAM at least the planned arena's lower bound.
    if o.max_rom.is_some_and(|m| (c.params as usize) * 4 > m) {
        return false;
    }
    if let Some(m) = o.max_ram {
        let Ok(graph) = g.lower(0) else { return false };
        let Ok((_, plan)) = hynas_passes::optimize(&graph, Default::default()) else { return false };
        if plan.lower_bound > m {
            return false;
        }
    }
    true
}

/// Compiles, profiles and proxy-trains one genome; never fails (errors become the record).
fn evaluate(o: &SearchOptions, cifar: &data::Cifar, i: i64, g: &Genome) -> Value {
    let t0 = Instant::now();
    let counts = g.counts();
    let t_constraints = t0.elapsed().as_secs_f64();
    let mut e = json!({"i": i, "genome": g.to_json(), "status": "ok"});
    if let Ok(c) = &counts {
        e["params"] = json!(c.params);
        e["macs"] = json!(c.macs);
    }
    // (ii) compile and profile first: a candidate over a measured limit is never trained.
    let prof = prepare(g, None, o.seed, None, &[])
        .and_then(|p| profile(g.space_name(), &p, o.target, o.spike_timeout, o.seed));
    let within = |r: &crate::ProfileReport| {
        let pr = &r.profile;
        !(o.max_ram.is_some_and(|m| pr.ram_bytes() > m)
            || o.max_rom.is_some_and(|m| pr.rom_bytes() > m)
            || o.max_instructions.is_some_and(|m| pr.instructions > m))
    };
    // (iii) proxy training, on the backend, device and threads of `o.proxy`.
    let trained = match &prof {
        Ok(r) if within(r) => {
            let t = Instant::now();
            let train = || -> Result<f64> {
                let mut graph = g.lower(o.seed)?;
                let r = hynas_train::train(&mut graph, cifar, &o.proxy)?;
                Ok(r.epochs.last().map_or(0.0, |e| e.val_accuracy))
            };
            let acc = train();
            Some(acc.map(|a| (a, t.elapsed().as_secs_f64())))
        }
        _ => None,
    };
    let mut timings = json!({"constraints": t_constraints});
    match prof {
        Ok(r) => {
            let pr = &r.profile;
            e["instructions"] = json!(pr.instructions);
            e["cycles"] = json!(pr.cycles);
            e["ram_bytes"] = json!(pr.ram_bytes());
            e["rom_bytes"] = json!(pr.rom_bytes());
            e["arena_bytes"] = json!(pr.arena_bytes);
            timings["compile"] =
                json!(r.prepare_time.as_secs_f64() + pr.timings.compile.as_secs_f64() + pr.timings.link.as_secs_f64());
            timings["spike"] = json!(pr.timings.spike.as_secs_f64());
            let over = [
                o.max_ram.filter(|&m| pr.ram_bytes() > m).map(|m| format!("RAM {} > {m}", pr.ram_bytes())),
                o.max_rom.filter(|&m| pr.rom_bytes() > m).map(|m| format!("ROM {} > {m}", pr.rom_bytes())),
                o.max_instructions
                    .filter(|&m| pr.instructions > m)
                    .map(|m| format!("instructions {} > {m}", pr.instructions)),
            ];
            if let Some(why) = over.into_iter().flatten().next() {
                e["status"] = json!("rejected");
                e["reason"] = json!(why);
            }
        }
        Err(err) => {
            e["status"] = json!("failed");
            e["reason"] = json!(format!("profile: {err}"));
        }
    }
    match trained {
        Some(Ok((acc, t))) => {
            e["val_accuracy"] = json!(acc);
            timings["train"] = json!(t);
        }
        Some(Err(err)) => {
            e["status"] = json!("failed");
            e["reason"] = json!(format!("training: {err}"));
        }
        None => {}
    }
    timings["total"] = json!(t0.elapsed().as_secs_f64());
    e["timings"] = timings;
    e
}

fn scored<'a>(o: &SearchOptions, history: impl IntoIterator<Item = &'a Value>) -> Vec<Scored> {
    history
        .into_iter()
        .filter(|e| e["status"] == "ok")
        .filter_map(|e| {
            let g = Genome::from_json(&e["genome"]).ok()?;
            Some(Scored { genome: g, objectives: o.objectives.iter().map(|x| x.value(e)).collect() })
        })
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

/// Runs (or resumes) a search; then retrains the best candidate and writes the report.
/// Candidate lines and stages are logged with `tracing`; `on_progress` is called after each
/// recorded candidate.
pub fn search(o: &SearchOptions, mut on_progress: impl FnMut(&Progress)) -> Result<SearchSummary> {
    let (_lock, mut history) = setup(o)?;
    let hist_path = o.out.join("history.jsonl");
    // Impossible constraints fail here, before any data is read.
    strategy::propose(Strategy::Random, &o.evolution, o.space, o.seed, usize::MAX, &[], &o.bounds, &|g| {
        symbolic_ok(o, g)
    })?;
    let cifar = data::load(&o.data, o.seed)?;
    // The baseline: ResNet-8 under the same proxy, evaluated once (by a worker, next to the first
    // candidates) and kept in the output folder.
    let base_path = o.out.join("baseline.json");
    let mut baseline: Option<Value> =
        std::fs::read_to_string(&base_path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let mut base_in_flight = false;
    let counted = |h: &BTreeMap<usize, Value>| h.values().filter(|e| e["status"] != "rejected").count();
    let par = o.parallel.max(1);
    // Entries by candidate index (the file is in completion order; a kill can leave gaps).
    let mut done: BTreeMap<usize, Value> = BTreeMap::new();
    for e in history.drain(..) {
        if let Some(i) = e["i"].as_u64() {
            done.entry(i as usize).or_insert(e);
        }
    }
    let (loop_start, done_at_start) = (Instant::now(), counted(&done));
    let at_start: BTreeSet<usize> = done.keys().copied().collect();
    let mut in_flight: BTreeSet<usize> = BTreeSet::new();
    let cifar = &cifar;
    // Results by candidate index; the baseline comes back as `None`.
    let (tx, rx) = mpsc::channel::<(Option<usize>, Value)>();
    // A proposal error stops new starts; the candidates in flight are still recorded.
    let mut stop_err: Option<HynasError> = None;
    std::thread::scope(|s| -> Result<()> {
        // Evaluates `g` on a worker thread; a panic becomes a failed record. The receiver outlives
        // every worker (it is dropped after the scope).
        let spawn = |key: Option<usize>, g: Genome| {
            let tx = tx.clone();
            s.spawn(move || {
                let i = key.map_or(-1, |i| i as i64);
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evaluate(o, cifar, i, &g)))
                    .unwrap_or_else(
                        |_| json!({"i": i, "genome": g.to_json(), "status": "failed", "reason": "evaluation panicked"}),
                    );
                let _ = tx.send((key, r));
            });
        };
        loop {
            if baseline.is_none() && !base_in_flight && !STOP.load(Ordering::SeqCst) {
                tracing::info!("baseline: resnet8 under the proxy recipe");
                base_in_flight = true;
                spawn(None, Genome::Resnet8);
            }
            // Start candidates while a worker is free. Candidate i sees exactly the results of
            // candidates 0..i+1-par (fixed, whatever the timing): with two workers, a candidate
            // waits only for the one started two before it, never for its twin.
            while in_flight.len() + usize::from(base_in_flight) < par
                && counted(&done) + in_flight.len() < o.candidates
                && !STOP.load(Ordering::SeqCst)
                && stop_err.is_none()
            {
                let Some(i) = (0..).find(|i| !done.contains_key(i) && !in_flight.contains(i)) else { break };
                let cut = (i + 1).saturating_sub(par);
                if (0..cut).any(|j| !done.contains_key(&j)) {
                    break;
                }
                let view = scored(o, done.range(..cut).map(|(_, e)| e));
                let proposed =
                    strategy::propose(o.strategy, &o.evolution, o.space, o.seed, i, &view, &o.bounds, &|g| {
                        symbolic_ok(o, g)
                    });
                let g = match proposed {
                    Ok(g) => g,
                    Err(e) => {
                        stop_err = Some(e.into());
                        break;
                    }
                };
                in_flight.insert(i);
                spawn(Some(i), g);
            }
            if in_flight.is_empty() && !base_in_flight {
                return match stop_err.take() {
                    Some(e) => Err(e),
                    None => Ok(()),
                };
            }
            let Ok((key, r)) = rx.recv() else { return Ok(()) };
            let Some(i) = key else {
                base_in_flight = false;
                std::fs::write(&base_path, r.to_string()).map_err(|e| io(&base_path, e))?;
                tracing::info!(
                    "baseline resnet8: val {} instr {} RAM {}",
                    r["val_accuracy"].as_f64().map_or("-".into(), |a| format!("{:.2}%", 100.0 * a)),
                    r["instructions"],
                    r["ram_bytes"]
                );
                baseline = Some(r);
                continue;
            };
            in_flight.remove(&i);
            append(&hist_path, &r)?;
            done.insert(i, r);
            let r = &done[&i];
            let best = done
                .values()
                .filter(|e| e["status"] == "ok")
                .filter_map(|e| e["val_accuracy"].as_f64())
                .fold(0.0, f64::max);
            let n = counted(&done);
            let per = loop_start.elapsed().as_secs_f64() / (n - done_at_start).max(1) as f64;
            let eta = Duration::from_secs_f64(per * o.candidates.saturating_sub(n) as f64);
            let line = format!(
                "[{n}/{}] candidate {:>3} {:<8} val {:>6} instr {:>11} RAM {:>8} params {:>6}{}",
                o.candidates,
                r["i"],
                r["status"].as_str().unwrap_or(""),
                r["val_accuracy"].as_f64().map_or("-".into(), |a| format!("{:.2}%", 100.0 * a)),
                r["instructions"],
                r["ram_bytes"],
                r["params"],
                r["reason"].as_str().map_or(String::new(), |s| format!("  ({s})"))
            );
            if r["status"] == "failed" {
                tracing::warn!("{line}");
            } else {
                tracing::info!("{line}");
            }
            on_progress(&Progress { done: n, total: o.candidates, best, eta });
        }
    })?;
    let history: Vec<Value> = done.into_values().collect();
    // Worker utilisation of this run: evaluation seconds over (wall seconds x workers).
    let wall = loop_start.elapsed().as_secs_f64();
    let new: Vec<&Value> =
        history.iter().filter(|e| e["i"].as_u64().is_some_and(|i| !at_start.contains(&(i as usize)))).collect();
    let busy: f64 = new.iter().filter_map(|e| e["timings"]["total"].as_f64()).sum();
    let utilisation = (!new.is_empty()).then(|| busy / (wall * par as f64));
    if let Some(u) = utilisation {
        tracing::info!("search loop: {wall:.1} s wall, workers busy {:.1}% of it", 100.0 * u);
    }
    if STOP.load(Ordering::SeqCst) {
        return Ok(SearchSummary {
            evaluated: history.iter().filter(|e| e["status"] != "rejected").count(),
            finished: false,
            report: None,
        });
    }
    let baseline = baseline.ok_or_else(|| invalid("the ResNet-8 baseline was not evaluated".into()))?;
    let report = finish(o, cifar, &history, &baseline, utilisation)?;
    Ok(SearchSummary {
        evaluated: history.iter().filter(|e| e["status"] != "rejected").count(),
        finished: true,
        report: Some(report),
    })
}

/// Retrains every other genome of the front with the final recipe into `front/<i>/` and returns
/// the report's table of test accuracies (the best candidate's row from its own retraining). A
/// point whose `metrics.json` already holds a test accuracy from the same recipe is read instead
/// of retrained, so a finish interrupted here loses only the training in flight. A genome that
/// appears on the front twice is trained once.
fn front_section(
    o: &SearchOptions,
    cifar: &data::Cifar,
    history: &[Value],
    fr: &[usize],
    best: &Value,
    best_test: f64,
) -> Result<String> {
    let cfg = &o.final_train;
    let recipe = crate::config_json(cfg);
    let mut md = format!(
        "## Pareto front, retrained ({} epochs, the recipe below; instructions and RAM as profiled in the search)\n\n| candidate | proxy val accuracy | test accuracy | instructions | RAM B | params |\n|---|---|---|---|---|---|\n",
        cfg.epochs
    );
    let mut seen: Vec<&Value> = Vec::new();
    for (n, &i) in fr.iter().enumerate() {
        let e = &history[i];
        if seen.iter().any(|g| **g == e["genome"]) {
            continue;
        }
        seen.push(&e["genome"]);
        let test = if e["genome"] == best["genome"] {
            best_test
        } else {
            let dir = o.out.join("front").join(e["i"].to_string());
            let done = std::fs::read_to_string(dir.join("metrics.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .filter(|m| m["config"] == recipe && dir.join("weights.safetensors").exists())
                .and_then(|m| m["test_accuracy"].as_f64());
            match done {
                Some(t) => t,
                None => {
                    tracing::info!("retraining front candidate {} ({}/{})", e["i"], n + 1, fr.len());
                    let genome = Genome::from_json(&e["genome"])?;
                    crate::train_on(&genome, cifar, &o.data, Duration::ZERO, &dir, cfg)?.test_accuracy
                }
            }
        };
        md += &format!(
            "| {} | {:.2}% | {:.2}% | {} | {} | {} |\n",
            e["i"],
            100.0 * e["val_accuracy"].as_f64().unwrap_or(0.0),
            100.0 * test,
            e["instructions"],
            e["ram_bytes"],
            e["params"]
        );
    }
    Ok(md + "\nWeights of the other points: `front/<candidate>/weights.safetensors`.\n\n")
}

/// Indices of the ok entries on the Pareto front of (val_error, instructions, ram).
fn front(history: &[Value]) -> Vec<usize> {
    let ok: Vec<usize> = (0..history.len()).filter(|&i| history[i]["status"] == "ok").collect();
    let objs = [Objective::ValError, Objective::Instructions, Objective::Ram];
    let pts: Vec<Vec<f64>> = ok.iter().map(|&i| objs.iter().map(|x| x.value(&history[i])).collect()).collect();
    let ranks = strategy::pareto_ranks(&pts);
    ok.into_iter().zip(ranks).filter(|(_, r)| *r == 0).map(|(i, _)| i).collect()
}

fn finish(
    o: &SearchOptions,
    cifar: &data::Cifar,
    history: &[Value],
    baseline: &Value,
    utilisation: Option<f64>,
) -> Result<PathBuf> {
    let ok: Vec<&Value> = history.iter().filter(|e| e["status"] == "ok").collect();
    let best = ok
        .iter()
        .max_by(|a, b| {
            let key =
                |e: &Value| (e["val_accuracy"].as_f64().unwrap_or(0.0), -e["instructions"].as_f64().unwrap_or(0.0));
            key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
        })
        .ok_or_else(|| invalid("no candidate was evaluated successfully; see history.jsonl".into()))?;
    let genome = Genome::from_json(&best["genome"])?;
    let cfg = &o.final_train;
    tracing::info!(
        "retraining candidate {} for {} epochs ({}, lr {}, weight decay {})",
        best["i"],
        cfg.epochs,
        cfg.optimizer.name(),
        cfg.max_lr,
        cfg.weight_decay
    );
    let best_dir = o.out.join("best");
    let tr = crate::train_on(&genome, cifar, &o.data, Duration::ZERO, &best_dir, cfg)?;
    let p = prepare(&genome, Some(&best_dir.join("weights.safetensors")), o.seed, None, &[])?;
    let c =
        crate::compile_model(&p, &CgOptions { target: o.target, prefix: "hynas_model".into(), profile: false }, false)?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = best_dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))
    };
    write("model.o", &c.object)?;
    write("model.h", c.header.as_bytes())?;
    let prof = profile("best", &p, o.target, o.spike_timeout, o.seed)?;
    let fr = front(history);
    // Plots.
    let pts = |key: &str| -> Vec<(f64, f64, String, bool)> {
        ok.iter()
            .map(|e| {
                let on_front = fr.iter().any(|&i| history[i]["i"] == e["i"]);
                (
                    e[key].as_f64().unwrap_or(0.0),
                    100.0 * e["val_accuracy"].as_f64().unwrap_or(0.0),
                    e["i"].to_string(),
                    on_front,
                )
            })
            .collect()
    };
    let base =
        |key: &str| (baseline[key].as_f64().unwrap_or(0.0), 100.0 * baseline["val_accuracy"].as_f64().unwrap_or(0.0));
    let svg1 = crate::plot::scatter(
        "Accuracy vs instructions",
        "instructions per inference (Spike)",
        "proxy validation accuracy (%)",
        &pts("instructions"),
        Some(base("instructions")),
    );
    let svg2 = crate::plot::scatter(
        "Accuracy vs RAM",
        "RAM bytes (arena + data + stack)",
        "proxy validation accuracy (%)",
        &pts("ram_bytes"),
        Some(base("ram_bytes")),
    );
    std::fs::write(o.out.join("accuracy_vs_instructions.svg"), svg1).map_err(|e| io(&o.out, e))?;
    std::fs::write(o.out.join("accuracy_vs_ram.svg"), svg2).map_err(|e| io(&o.out, e))?;
    // Report.
    // Evolution may propose a genome again; the report names the earlier evaluation so two rows
    // of the front with the same numbers are not mistaken for two networks.
    let label = |e: &Value| match ok.iter().find(|x| x["genome"] == e["genome"] && x["i"] != e["i"]) {
        Some(first) if first["i"].as_u64() < e["i"].as_u64() => format!("{} (genome of {})", e["i"], first["i"]),
        _ => e["i"].to_string(),
    };
    let row = |e: &Value| {
        format!(
            "| {} | {:.2}% | {} | {} | {} | {} | {} |\n",
            label(e),
            100.0 * e["val_accuracy"].as_f64().unwrap_or(0.0),
            e["instructions"],
            e["ram_bytes"],
            e["rom_bytes"],
            e["params"],
            e["macs"]
        )
    };
    let mut md = format!("# hynas search report\n\nSpace `{}`, strategy `{:?}`, seed {}, {} candidates evaluated ({} ok, {} failed), {} more rejected after profiling (compiled and run in Spike, over a limit, not trained); proxy: {} epoch(s) on {} training images, data `{}` ({}).\n\n",
        o.space.name(), o.strategy, o.seed,
        history.iter().filter(|e| e["status"] != "rejected").count(), ok.len(),
        history.iter().filter(|e| e["status"] == "failed").count(), history.iter().filter(|e| e["status"] == "rejected").count(),
        o.proxy.epochs, o.proxy.train_subset.unwrap_or(cifar.train.len()).min(cifar.train.len()), o.data.display(), cifar.format);
    md += "## Pareto front (validation error, instructions, RAM)\n\n| candidate | val accuracy | instructions | RAM B | ROM B | params | MACs |\n|---|---|---|---|---|---|---|\n";
    for &i in &fr {
        md += &row(&history[i]);
    }
    md += &format!(
        "| resnet8 (baseline) | {:.2}% | {} | {} | {} | {} | {} |\n\n",
        100.0 * baseline["val_accuracy"].as_f64().unwrap_or(0.0),
        baseline["instructions"],
        baseline["ram_bytes"],
        baseline["rom_bytes"],
        baseline["params"],
        baseline["macs"]
    );
    if o.retrain_front {
        md += &front_section(o, cifar, history, &fr, best, tr.test_accuracy)?;
    }
    md += &format!(
        "## Best candidate ({}), retrained\n\n{} epochs with augmentation ({}, peak lr {}, weight decay {}, batch {}): test accuracy **{:.2}%** on {} test images; {} instructions ({:.3} per MAC), ROM {} B, RAM {} B. Files: `best/genome.json`, `best/weights.safetensors`, `best/model.o`, `best/model.h`.\n\n",
        best["i"], cfg.epochs, cfg.optimizer.name(), cfg.max_lr, cfg.weight_decay, cfg.batch, 100.0 * tr.test_accuracy, cifar.test.len(), prof.profile.instructions, prof.instructions_per_mac(), prof.profile.rom_bytes(), prof.profile.ram_bytes()
    );
    let mean = |k: &str| {
        let v: Vec<f64> = ok.iter().filter_map(|e| e["timings"][k].as_f64()).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    md += &format!(
        "## Seconds per candidate (mean over ok candidates)\n\nconstraint check {:.3} ms, compile {:.2} s, Spike {:.2} s, proxy training {:.2} s, in all {:.2} s ({}){}.\n\n",
        1e3 * mean("constraints"),
        mean("compile"),
        mean("spike"),
        mean("train"),
        mean("total"),
        match o.parallel.max(1) {
            1 => format!("one worker: compile, Spike and training one after the other; {}", training_setup(&o.proxy)),
            n => format!("{n} workers take candidates from a queue, so one compiles and runs in Spike while the others train; {}", training_setup(&o.proxy)),
        },
        utilisation.map_or(String::new(), |u| format!("; workers were busy {:.1}% of the last run's search loop", 100.0 * u))
    );
    md += "![accuracy vs instructions](accuracy_vs_instructions.svg)\n![accuracy vs RAM](accuracy_vs_ram.svg)\n";
    let rp = o.out.join("report.md");
    std::fs::write(&rp, md).map_err(|e| io(&rp, e))?;
    Ok(rp)
}
