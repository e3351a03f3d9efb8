//! One Slurm job per task, through the command-line tools (`sbatch`, `squeue`, `scancel`).
//!
//! A task is written to `tasks/<key>.json` with a job script `tasks/<key>.sh` (the user's setup
//! lines, `RAYON_NUM_THREADS` from the job's CPUs, then `hynas evaluate-candidate`), submitted with
//! `sbatch --parsable --no-requeue` under the name `hynas-<run id>-<key>-a<attempt>`, and is done
//! when `results/<key>.json` appears. Every `poll` the executor also lists this user's jobs once
//! (`squeue --me -t all`) and maps each job's state to an [`Action`] ([`action`], unit-tested
//! against a fake scheduler):
//!
//! | job state (no result file) | action |
//! |---|---|
//! | pending, running, completing, suspended | wait |
//! | pending with a reason that never clears (PartitionConfig, InvalidAccount, a limit) | stop the search |
//! | TIMEOUT | failed record "slurm time limit", no retry |
//! | OUT_OF_MEMORY | failed record "slurm memory limit", no retry |
//! | FAILED, NODE_FAIL, PREEMPTED, CANCELLED, BOOT_FAIL, ... | resubmit (at most 3 attempts), then a failed record |
//! | COMPLETED, or gone from the queue, still without a result after 3 polls | as FAILED |
//!
//! Jobs of 3 different tasks ending without a result in a row (no result in between) stop the
//! search, naming the last job's log: something is wrong with every job, not with one candidate.
//! On resume, [`Executor::adopt`] finds this search's jobs still pending or running by name.

use super::{Executor, Key, Task};
use crate::layout::{result_path, task_path};
use crate::record::{self, JobInfo, Record, TaskFile};
use crate::util::unix_now;
use crate::{io, DriverError, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How jobs are submitted (`hynas search --slurm-*`).
#[derive(Clone, Debug)]
pub struct SlurmOptions {
    pub partition: Option<String>,
    /// `--time` of a candidate's job (Slurm's formats: minutes, `H:MM:SS`, `D-HH:MM:SS`).
    pub time: String,
    /// `--time` of a final retraining's job.
    pub final_time: String,
    /// `--cpus-per-task`; the job trains on this many threads.
    pub cpus: u32,
    pub mem: Option<String>,
    /// More `sbatch` arguments (account, QOS, ...), passed as given.
    pub args: Vec<String>,
    /// Shell lines run at the start of each job (module load, PATH for Spike).
    pub setup: Option<PathBuf>,
    /// Jobs in flight.
    pub parallel: usize,
    /// How often the queue is listed.
    pub poll: Duration,
    /// Submissions per task before it is recorded as failed.
    pub max_attempts: u32,
}

impl Default for SlurmOptions {
    fn default() -> Self {
        SlurmOptions {
            partition: None,
            time: "30:00".into(),
            final_time: "4:00:00".into(),
            cpus: 1,
            mem: None,
            args: vec![],
            setup: None,
            parallel: 2,
            poll: Duration::from_secs(3),
            max_attempts: 3,
        }
    }
}

/// A job as `squeue` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: String,
    pub name: String,
    pub state: String,
    pub reason: String,
}

/// The cluster, as the executor uses it; [`Cli`] runs the real tools, tests use a fake.
pub trait Scheduler {
    /// `sbatch --parsable <args>`; returns the job id or sbatch's message.
    fn submit(&mut self, args: &[String]) -> std::result::Result<String, String>;
    /// This user's jobs, finished ones included (`squeue --me -t all`).
    fn queue(&mut self) -> std::result::Result<Vec<QueueEntry>, String>;
    fn cancel(&mut self, ids: &[String]);
}

/// The Slurm command-line tools on PATH.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cli;

fn run_tool(cmd: &mut Command, what: &str) -> std::result::Result<String, String> {
    let out = cmd.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{what} is not on PATH (is this a Slurm login node?)"),
        _ => format!("{what}: {e}"),
    })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim();
        Err(format!("{what} failed ({}): {}", out.status, crate::util::clip_n(err, 400)))
    }
}

impl Scheduler for Cli {
    fn submit(&mut self, args: &[String]) -> std::result::Result<String, String> {
        let out = run_tool(Command::new("sbatch").arg("--parsable").args(args), "sbatch")?;
        // --parsable prints "id" or "id;cluster".
        let id = out.trim().split(';').next().unwrap_or("").to_string();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return Err(format!("sbatch printed no job id: {}", crate::util::clip(out.trim())));
        }
        Ok(id)
    }
    fn queue(&mut self) -> std::result::Result<Vec<QueueEntry>, String> {
        let out = run_tool(Command::new("squeue").args(["--me", "-h", "-t", "all", "-o", "%i|%j|%T|%r"]), "squeue")?;
        Ok(out
            .lines()
            .filter_map(|l| {
                let mut f = l.splitn(4, '|');
                Some(QueueEntry {
                    id: f.next()?.trim().to_string(),
                    name: f.next()?.trim().to_string(),
                    state: f.next()?.trim().to_string(),
                    reason: f.next().unwrap_or("").trim().to_string(),
                })
            })
            .collect())
    }
    fn cancel(&mut self, ids: &[String]) {
        if !ids.is_empty() {
            let _ = Command::new("scancel").args(ids).output();
        }
    }
}

/// What to do about a job that has not written its result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Wait,
    /// Submit again (or record a failure when the attempts are used up).
    Retry(String),
    /// Record the task as failed, no retry.
    Fail(String),
    /// The job can never run: stop the search with this reason.
    Fatal(String),
}

/// Pending reasons that never clear by waiting.
const NEVER_STARTS: &[&str] = &[
    "PartitionConfig",
    "PartitionNodeLimit",
    "PartitionTimeLimit",
    "PartitionDown",
    "PartitionInactive",
    "InvalidAccount",
    "InvalidQOS",
    "QOSMaxWallDurationPerJobLimit",
    "QOSMaxCpuPerJobLimit",
    "QOSMaxMemoryPerJob",
    "QOSMaxNodePerJobLimit",
    "AccountNotAllowed",
    "QOSNotAllowed",
    "BadConstraints",
    "MaxCpuPerAccount",
    "AssocMaxWallDurationPerJobLimit",
    "AssocMaxCpuPerJobLimit",
    "AssocMaxNodesPerJobLimit",
    "JobHeldAdmin",
    "DependencyNeverSatisfied",
];

/// Polls a job may be missing from the queue, or completed without a result, before it counts as
/// lost (a result file can lag behind on a shared filesystem).
pub const GRACE_POLLS: u32 = 3;

/// The state-to-action table of the module note. `entry` is the job's (state, reason), `None`
/// when the queue does not list it; `unseen` counts the polls (this one included) in which it was
/// missing or completed without a result.
pub fn action(entry: Option<(&str, &str)>, unseen: u32) -> Action {
    let lost = |why: &str| if unseen >= GRACE_POLLS { Action::Retry(why.into()) } else { Action::Wait };
    let Some((state, reason)) = entry else { return lost("the job left the queue without writing a result") };
    match state {
        "PENDING" if NEVER_STARTS.contains(&reason) => {
            Action::Fatal(format!("the job is pending with reason {reason} and can never start"))
        }
        "PENDING" | "RUNNING" | "CONFIGURING" | "COMPLETING" | "SUSPENDED" | "REQUEUED" | "REQUEUE_HOLD"
        | "REQUEUE_FED" | "RESIZING" | "SIGNALING" | "STAGE_OUT" | "RESV_DEL_HOLD" | "SPECIAL_EXIT" => Action::Wait,
        "COMPLETED" => lost("the job completed without writing a result"),
        "TIMEOUT" => Action::Fail("slurm time limit".into()),
        "OUT_OF_MEMORY" => Action::Fail("slurm memory limit".into()),
        "DEADLINE" => Action::Fail("slurm deadline".into()),
        other => Action::Retry(format!(
            "the job ended {other}{}",
            if reason.is_empty() || reason == "None" { String::new() } else { format!(" ({reason})") }
        )),
    }
}

struct Job {
    task: Task,
    id: String,
    attempt: u32,
    unseen: u32,
}

pub struct Slurm<S: Scheduler = Cli> {
    opts: SlurmOptions,
    out: PathBuf,
    run_id: String,
    exe: PathBuf,
    sched: S,
    jobs: BTreeMap<Key, Job>,
    /// Tasks whose last job ended without a result since the last result came in.
    failing: BTreeSet<Key>,
    last_poll: Option<Instant>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// What a job log says went wrong, for error messages: hynas's last `Error:` line and its
/// causes (not the backtrace after them), else the log's last lines.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = match lines.iter().rposition(|l| l.starts_with("Error: ")) {
        Some(k) => lines[k..].iter().take_while(|l| !l.starts_with("Stack backtrace")).take(4).copied().collect(),
        None => lines[lines.len().saturating_sub(3)..].to_vec(),
    }
    .join(" | ");
    if tail.is_empty() {
        "(empty)".into()
    } else {
        crate::util::clip_n(&tail, 300)
    }
}

/// The text of `--slurm-setup` (a regular file of UTF-8 text: a FIFO would block the driver).
fn read_setup(path: &Path) -> Result<String> {
    let bytes = hynas_ir::files::read_regular(path).map_err(|e| io(path, e))?;
    String::from_utf8(bytes)
        .map_err(|_| io(path, std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text")))
}

impl Slurm<Cli> {
    /// Checks, before any submission, that the tools are there and that Slurm accepts the options
    /// (`sbatch --test-only`: an unknown partition or account fails here, with sbatch's message).
    pub fn check(opts: &SlurmOptions, out: &Path) -> Result<()> {
        if let Some(s) = &opts.setup {
            read_setup(s)?;
        }
        for tool in ["sbatch", "squeue", "scancel"] {
            if let Err(e) = Command::new(tool).arg("--version").output() {
                return Err(DriverError::Slurm(match e.kind() {
                    std::io::ErrorKind::NotFound => {
                        format!("--executor slurm needs {tool} on PATH (is this a Slurm login node?)")
                    }
                    _ => format!("{tool}: {e}"),
                }));
            }
        }
        for time in [&opts.time, &opts.final_time] {
            let mut args = vec!["--test-only".to_string()];
            args.extend(common_args(opts, time));
            args.extend(["-o".into(), out.join("tasks").join("test-only.log").display().to_string()]);
            args.extend(["--wrap".into(), "true".into()]);
            run_tool(Command::new("sbatch").args(&args), "sbatch --test-only").map_err(DriverError::Slurm)?;
        }
        Ok(())
    }
}

fn common_args(opts: &SlurmOptions, time: &str) -> Vec<String> {
    let mut a = vec!["--no-requeue".into(), "-c".into(), opts.cpus.to_string(), "--time".into(), time.into()];
    if let Some(p) = &opts.partition {
        a.extend(["-p".into(), p.clone()]);
    }
    if let Some(m) = &opts.mem {
        a.extend(["--mem".into(), m.clone()]);
    }
    a.extend(opts.args.iter().cloned());
    a
}

impl<S: Scheduler> Slurm<S> {
    /// Jobs of the search in `out` (named after `run_id`), each running `exe evaluate-candidate`.
    pub fn new(opts: SlurmOptions, out: &Path, run_id: &str, exe: PathBuf, sched: S) -> Result<Self> {
        for d in ["tasks", "results"] {
            let p = out.join(d);
            std::fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
        }
        Ok(Slurm {
            opts,
            out: out.to_path_buf(),
            run_id: run_id.to_string(),
            exe,
            sched,
            jobs: BTreeMap::new(),
            failing: BTreeSet::new(),
            last_poll: None,
        })
    }

    fn prefix(&self) -> String {
        format!("hynas-{}-", self.run_id)
    }

    fn log_path(&self, key: Key, attempt: u32) -> PathBuf {
        self.out.join("tasks").join(format!("{}.a{attempt}.log", key.stem()))
    }

    /// Writes the task and its script and submits attempt `attempt`.
    fn launch(&mut self, task: Task, attempt: u32) -> Result<()> {
        let key = task.key;
        let rp = result_path(&self.out, key);
        match std::fs::remove_file(&rp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&rp, e)),
            _ => {}
        }
        let tf = TaskFile {
            format_version: record::FORMAT_VERSION,
            key,
            genome: task.genome.clone(),
            attempt,
            submitted_at: Some(unix_now()),
        };
        let text = serde_json::to_string_pretty(&tf).unwrap_or_default();
        record::write_atomic(&task_path(&self.out, key), text.as_bytes())?;
        let setup = match &self.opts.setup {
            Some(p) => read_setup(p)?,
            None => String::new(),
        };
        let script = format!(
            "#!/bin/bash\n# hynas: {key}, attempt {attempt} (written by hynas search --executor slurm)\n{setup}\n\
             export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-{}}}\"\n\
             exec {} evaluate-candidate --out {} --index {} --attempt {attempt}\n",
            self.opts.cpus,
            quote(&self.exe.display().to_string()),
            quote(&self.out.display().to_string()),
            key.stem()
        );
        let sp = self.out.join("tasks").join(format!("{}.sh", key.stem()));
        record::write_atomic(&sp, script.as_bytes())?;
        let time = if key.is_retraining() { &self.opts.final_time } else { &self.opts.time };
        let mut args = vec!["-J".to_string(), format!("{}{}-a{attempt}", self.prefix(), key.stem())];
        args.extend(["-o".into(), self.log_path(key, attempt).display().to_string()]);
        args.extend(common_args(&self.opts, time));
        args.push(sp.display().to_string());
        // A busy controller can refuse a submission for a moment (socket timeouts): try again
        // twice before giving up. Options it can never accept were caught by `check`.
        let mut tries = 0;
        let id = loop {
            match self.sched.submit(&args) {
                Ok(id) => break id,
                Err(e) if tries < 2 => {
                    tries += 1;
                    tracing::warn!("{key}: {e}; trying again");
                    std::thread::sleep(self.opts.poll.max(Duration::from_millis(100)));
                }
                Err(e) => return Err(DriverError::Slurm(e)),
            }
        };
        tracing::debug!("{key}: job {id} (attempt {attempt})");
        self.jobs.insert(key, Job { task, id, attempt, unseen: 0 });
        Ok(())
    }

    fn failed_record(&self, job: &Job, why: &str) -> Record {
        let mut r = Record::failed(
            job.task.key.index(),
            job.task.genome.clone(),
            format!(
                "{why} (job {}, attempt {}; log {})",
                job.id,
                job.attempt,
                self.log_path(job.task.key, job.attempt).display()
            ),
        );
        r.job = Some(JobInfo {
            executor: "slurm".into(),
            id: Some(job.id.clone()),
            attempt: job.attempt,
            node: None,
            started_at: None,
            seconds: None,
        });
        r
    }

    /// Records that appeared in `results/`.
    fn harvest(&mut self) -> Result<Vec<(Key, Record)>> {
        let mut got = Vec::new();
        let keys: Vec<Key> = self.jobs.keys().copied().collect();
        for key in keys {
            let rp = result_path(&self.out, key);
            let r = match record::read_record(&rp) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                // A result file that does not parse is the job's failure, not the search's.
                Err(e) => {
                    let job = &self.jobs[&key];
                    self.failed_record(job, &format!("unreadable result: {e}"))
                }
            };
            self.jobs.remove(&key);
            got.push((key, r));
        }
        if !got.is_empty() {
            self.failing.clear();
        }
        Ok(got)
    }

    /// Lists the queue once and acts on every job without a result.
    fn poll(&mut self) -> Result<Vec<(Key, Record)>> {
        self.last_poll = Some(Instant::now());
        let queue = self.sched.queue().map_err(DriverError::Slurm)?;
        let mut done = Vec::new();
        let keys: Vec<Key> = self.jobs.keys().copied().collect();
        for key in keys {
            let Some(job) = self.jobs.get_mut(&key) else { continue };
            let entry = queue.iter().find(|q| q.id == job.id);
            if entry.is_none_or(|q| q.state == "COMPLETED") {
                job.unseen += 1;
            }
            let act = action(entry.map(|q| (q.state.as_str(), q.reason.as_str())), job.unseen);
            match act {
                Action::Wait => {}
                Action::Fatal(why) => {
                    let id = job.id.clone();
                    self.sched.cancel(std::slice::from_ref(&id));
                    return Err(DriverError::Slurm(format!(
                        "{key}: job {id} {why}; check --slurm-partition, --slurm-cpus, --slurm-mem, --slurm-time and --slurm-arg"
                    )));
                }
                Action::Fail(why) => {
                    tracing::warn!("{key}: job {} ended: {why}", job.id);
                    let Some(job) = self.jobs.remove(&key) else { continue };
                    done.push((key, self.failed_record(&job, &why)));
                }
                Action::Retry(why) => {
                    let Some(job) = self.jobs.remove(&key) else { continue };
                    let log = self.log_path(key, job.attempt);
                    self.failing.insert(key);
                    if self.failing.len() >= 3 {
                        return Err(DriverError::Slurm(format!(
                            "jobs of {} tasks in a row ended without a result (last: {key}, job {}: {why}); its log {}: {}",
                            self.failing.len(),
                            job.id,
                            log.display(),
                            log_tail(&log)
                        )));
                    }
                    if job.attempt < self.opts.max_attempts {
                        tracing::warn!("{key}: job {} attempt {}: {why}; submitting again", job.id, job.attempt);
                        self.launch(job.task, job.attempt + 1)?;
                    } else {
                        let why =
                            format!("{why}; gave up after {} attempts; last log: {}", job.attempt, log_tail(&log));
                        tracing::warn!("{key}: {why}");
                        done.push((key, self.failed_record(&job, &why)));
                    }
                }
            }
        }
        Ok(done)
    }
}

impl<S: Scheduler> Executor for Slurm<S> {
    fn name(&self) -> &'static str {
        "slurm"
    }
    fn slots(&self) -> usize {
        self.opts.parallel.max(1)
    }
    fn in_flight(&self) -> usize {
        self.jobs.len()
    }
    fn adopt(&mut self) -> Result<Vec<Task>> {
        let queue = self.sched.queue().map_err(DriverError::Slurm)?;
        let prefix = self.prefix();
        let mut adopted = Vec::new();
        for q in queue {
            if !matches!(q.state.as_str(), "PENDING" | "RUNNING" | "CONFIGURING" | "COMPLETING" | "SUSPENDED") {
                continue;
            }
            let Some(rest) = q.name.strip_prefix(&prefix) else { continue };
            let Some((stem, attempt)) = rest.rsplit_once("-a") else { continue };
            let (Some(key), Ok(attempt)) = (Key::parse(stem), attempt.parse::<u32>()) else { continue };
            if self.jobs.get(&key).is_some_and(|j| j.attempt >= attempt) {
                continue;
            }
            let tp = task_path(&self.out, key);
            let Ok(text) = std::fs::read_to_string(&tp) else { continue };
            let Ok(tf) = serde_json::from_str::<TaskFile>(&text) else { continue };
            let task = Task { key, genome: tf.genome };
            tracing::info!("{key}: adopted job {} (attempt {attempt}, {})", q.id, q.state.to_lowercase());
            self.jobs.insert(key, Job { task, id: q.id, attempt, unseen: 0 });
        }
        for j in self.jobs.values() {
            adopted.push(j.task.clone());
        }
        Ok(adopted)
    }
    fn submit(&mut self, task: Task) -> Result<()> {
        self.launch(task, 1)
    }
    fn collect(&mut self, wait: Duration) -> Result<Vec<(Key, Record)>> {
        let start = Instant::now();
        loop {
            let got = self.harvest()?;
            if !got.is_empty() || self.jobs.is_empty() {
                return Ok(got);
            }
            if self.last_poll.is_none_or(|t| t.elapsed() >= self.opts.poll) {
                let got = self.poll()?;
                if !got.is_empty() {
                    return Ok(got);
                }
            }
            let left = wait.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Ok(vec![]);
            }
            std::thread::sleep(left.min(Duration::from_millis(200)));
        }
    }
    fn abort(&mut self) {
        let ids: Vec<String> = self.jobs.values().map(|j| j.id.clone()).collect();
        tracing::warn!("cancelling {} job(s): {}", ids.len(), ids.join(" "));
        self.sched.cancel(&ids);
        self.jobs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hynas_searcher::Genome;
    use std::sync::{Arc, Mutex};

    #[test]
    fn the_state_to_action_table() {
        let a = |s: &str, r: &str, unseen: u32| action(Some((s, r)), unseen);
        assert_eq!(a("PENDING", "Resources", 0), Action::Wait);
        assert_eq!(a("PENDING", "Priority", 0), Action::Wait);
        assert!(matches!(a("PENDING", "PartitionConfig", 0), Action::Fatal(m) if m.contains("PartitionConfig")));
        assert!(matches!(a("PENDING", "InvalidAccount", 0), Action::Fatal(_)));
        assert!(matches!(a("PENDING", "QOSMaxWallDurationPerJobLimit", 0), Action::Fatal(_)));
        assert_eq!(a("RUNNING", "None", 0), Action::Wait);
        assert_eq!(a("COMPLETING", "None", 0), Action::Wait);
        assert_eq!(a("TIMEOUT", "TimeLimit", 0), Action::Fail("slurm time limit".into()));
        assert_eq!(a("OUT_OF_MEMORY", "OutOfMemory", 0), Action::Fail("slurm memory limit".into()));
        for s in ["FAILED", "NODE_FAIL", "PREEMPTED", "CANCELLED", "BOOT_FAIL"] {
            assert!(matches!(a(s, "None", 0), Action::Retry(m) if m.contains(s)), "{s}");
        }
        // Completed or gone without a result: a few polls of grace (shared filesystems lag).
        assert_eq!(a("COMPLETED", "None", 1), Action::Wait);
        assert!(matches!(a("COMPLETED", "None", GRACE_POLLS), Action::Retry(_)));
        assert_eq!(action(None, 1), Action::Wait);
        assert!(matches!(action(None, GRACE_POLLS), Action::Retry(m) if m.contains("left the queue")));
    }

    /// A scheduler in memory: jobs get the states the test gives them.
    #[derive(Clone, Default)]
    struct Fake(Arc<Mutex<FakeState>>);

    #[derive(Default)]
    struct FakeState {
        next: u32,
        /// (id, name, state, reason)
        jobs: Vec<QueueEntry>,
        submitted: Vec<Vec<String>>,
        cancelled: Vec<String>,
        refuse: Option<String>,
    }

    impl Scheduler for Fake {
        fn submit(&mut self, args: &[String]) -> std::result::Result<String, String> {
            let mut s = self.0.lock().unwrap();
            if let Some(m) = &s.refuse {
                return Err(m.clone());
            }
            s.next += 1;
            let id = s.next.to_string();
            let name = args[args.iter().position(|a| a == "-J").unwrap() + 1].clone();
            s.jobs.push(QueueEntry { id: id.clone(), name, state: "PENDING".into(), reason: "None".into() });
            s.submitted.push(args.to_vec());
            Ok(id)
        }
        fn queue(&mut self) -> std::result::Result<Vec<QueueEntry>, String> {
            Ok(self.0.lock().unwrap().jobs.clone())
        }
        fn cancel(&mut self, ids: &[String]) {
            let mut s = self.0.lock().unwrap();
            s.cancelled.extend(ids.iter().cloned());
            for j in s.jobs.iter_mut().filter(|j| ids.contains(&j.id)) {
                j.state = "CANCELLED".into();
            }
        }
    }

    impl Fake {
        fn set(&self, id: &str, state: &str, reason: &str) {
            let mut s = self.0.lock().unwrap();
            let j = s.jobs.iter_mut().find(|j| j.id == id).unwrap();
            j.state = state.into();
            j.reason = reason.into();
        }
        fn last_id(&self) -> String {
            self.0.lock().unwrap().next.to_string()
        }
        fn submissions(&self) -> usize {
            self.0.lock().unwrap().submitted.len()
        }
    }

    fn setup() -> (tempfile::TempDir, Fake, Slurm<Fake>) {
        let tmp = tempfile::tempdir().unwrap();
        let fake = Fake::default();
        let opts = SlurmOptions { poll: Duration::ZERO, ..Default::default() };
        let s = Slurm::new(opts, tmp.path(), "r1", PathBuf::from("/bin/hynas"), fake.clone()).unwrap();
        (tmp, fake, s)
    }

    fn task(i: usize) -> Task {
        Task { key: Key::Candidate(i), genome: Genome::Resnet8 }
    }

    fn write_result(out: &Path, key: Key) {
        let r = Record::new(key.index(), Genome::Resnet8, crate::record::Status::Ok);
        record::write_atomic(&result_path(out, key), r.to_line().as_bytes()).unwrap();
    }

    #[test]
    fn a_result_file_finishes_a_task_and_the_script_runs_evaluate_candidate() {
        let (tmp, fake, mut s) = setup();
        s.submit(task(0)).unwrap();
        let script = std::fs::read_to_string(tmp.path().join("tasks/0.sh")).unwrap();
        assert!(script.contains("evaluate-candidate --out") && script.contains("--index 0 --attempt 1"), "{script}");
        assert!(script.contains("RAYON_NUM_THREADS"), "{script}");
        let args = &fake.0.lock().unwrap().submitted[0].clone();
        assert!(args.contains(&"--no-requeue".to_string()) && args.contains(&"hynas-r1-0-a1".to_string()), "{args:?}");
        assert!(s.collect(Duration::ZERO).unwrap().is_empty());
        fake.set("1", "RUNNING", "None");
        write_result(tmp.path(), Key::Candidate(0));
        let got = s.collect(Duration::ZERO).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(s.in_flight(), 0);
    }

    #[test]
    fn a_lost_job_is_resubmitted_then_recorded_failed_after_three_attempts() {
        let (_tmp, fake, mut s) = setup();
        s.submit(task(4)).unwrap();
        for attempt in 1..=3 {
            fake.set(&fake.last_id(), "NODE_FAIL", "None");
            let got = s.collect(Duration::ZERO).unwrap();
            if attempt < 3 {
                assert!(got.is_empty());
                assert_eq!(fake.submissions(), attempt as usize + 1, "attempt {attempt} resubmitted");
            } else {
                assert_eq!(got.len(), 1);
                let r = &got[0].1;
                assert_eq!(r.status, crate::record::Status::Failed);
                assert!(r.reason.as_deref().unwrap().contains("gave up after 3 attempts"), "{r:?}");
                assert_eq!(r.job.as_ref().unwrap().attempt, 3);
            }
        }
        assert_eq!(fake.submissions(), 3);
    }

    #[test]
    fn timeout_fails_without_retry_and_a_job_that_never_starts_stops_the_search() {
        let (_tmp, fake, mut s) = setup();
        s.submit(task(0)).unwrap();
        fake.set("1", "TIMEOUT", "TimeLimit");
        let got = s.collect(Duration::ZERO).unwrap();
        assert!(got[0].1.reason.as_deref().unwrap().starts_with("slurm time limit"));
        assert_eq!(fake.submissions(), 1);
        s.submit(task(1)).unwrap();
        fake.set("2", "PENDING", "PartitionConfig");
        let e = s.collect(Duration::ZERO).unwrap_err().to_string();
        assert!(e.contains("PartitionConfig") && e.contains("candidate 1"), "{e}");
        assert_eq!(fake.0.lock().unwrap().cancelled, ["2"]);
    }

    #[test]
    fn three_tasks_failing_in_a_row_stop_the_search_but_one_bad_task_does_not() {
        let (tmp, fake, mut s) = setup();
        for i in 0..3 {
            s.submit(task(i)).unwrap();
        }
        // Candidate 0 fails; candidate 1 finishes: the run of failures is broken.
        fake.set("1", "FAILED", "NonZeroExitCode");
        assert!(s.collect(Duration::ZERO).unwrap().is_empty());
        write_result(tmp.path(), Key::Candidate(1));
        assert_eq!(s.collect(Duration::ZERO).unwrap().len(), 1);
        // Now 0 (again), 2 and a new 3 fail with nothing in between: stop.
        s.submit(task(3)).unwrap();
        let ids: Vec<String> = fake.0.lock().unwrap().jobs.iter().map(|j| j.id.clone()).collect();
        for id in ids {
            fake.set(&id, "FAILED", "NonZeroExitCode");
        }
        let e = s.collect(Duration::ZERO).unwrap_err().to_string();
        assert!(e.contains("3 tasks in a row") && e.contains(".log"), "{e}");
    }

    #[test]
    fn adopt_takes_over_running_jobs_of_this_search_only() {
        let (tmp, fake, mut s) = setup();
        s.submit(task(0)).unwrap();
        s.submit(task(1)).unwrap();
        fake.set("1", "RUNNING", "None");
        fake.set("2", "COMPLETED", "None");
        // Another search's job of the same user.
        fake.0.lock().unwrap().jobs.push(QueueEntry {
            id: "99".into(),
            name: "hynas-other-0-a1".into(),
            state: "RUNNING".into(),
            reason: "None".into(),
        });
        // A new driver on the same folder.
        let opts = SlurmOptions { poll: Duration::ZERO, ..Default::default() };
        let mut again = Slurm::new(opts, tmp.path(), "r1", PathBuf::from("/bin/hynas"), fake.clone()).unwrap();
        let adopted = again.adopt().unwrap();
        assert_eq!(adopted, vec![task(0)]);
        assert_eq!(fake.submissions(), 2, "nothing resubmitted");
        write_result(tmp.path(), Key::Candidate(0));
        assert_eq!(again.collect(Duration::ZERO).unwrap()[0].0, Key::Candidate(0));
    }

    #[test]
    fn a_refused_submission_is_an_error_with_sbatch_message() {
        let (_tmp, fake, mut s) = setup();
        fake.0.lock().unwrap().refuse = Some("sbatch: error: invalid partition specified: nope".into());
        let e = s.submit(task(0)).unwrap_err().to_string();
        assert!(e.contains("invalid partition"), "{e}");
        assert_eq!(s.in_flight(), 0);
    }
}
