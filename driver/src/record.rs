//! The files of a search folder, as typed serde structs with a format version:
//!
//! - `search.json` ([`SearchConfig`]): what was searched, and everything a cluster job needs to
//!   evaluate one candidate on its own ([`Evaluation`]).
//! - `history.jsonl`: one [`Record`] per evaluated candidate, in completion order, appended with
//!   one write and fsynced ([`append`]); a torn last line is cut off on resume ([`repair_history`]).
//! - `tasks/<key>.json` ([`TaskFile`]): the genome a job evaluates; `results/<key>.json`: the
//!   [`Record`] it produced, written atomically ([`write_atomic`]).
//!
//! Records of earlier hynas versions (no `format_version`) are read as version 1: the fields are
//! the same. A record of a newer version is an error naming the file and line.

use crate::{io, DriverError, Result, TrainConfig};
use hynas_searcher::Genome;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The version written into every record and `search.json`.
pub const FORMAT_VERSION: u32 = 1;

fn v1() -> u32 {
    1
}

/// How a candidate's evaluation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Measured and trained.
    Ok,
    /// Compiled and run in Spike, over a measured limit: not trained.
    Rejected,
    /// An error stopped it (the reason says which).
    Failed,
}

/// What a failure is owed to. A failure owed to the settings or the machine (a missing data
/// folder, an unknown target, Spike not installed, a full disk) says nothing about the candidate:
/// the search stops at it, and a resumed search evaluates the candidate again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blame {
    Candidate,
    Settings,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Rejected => "rejected",
            Status::Failed => "failed",
        }
    }
}

/// Seconds spent per stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timings {
    #[serde(default)]
    pub constraints: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spike: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train: Option<f64>,
    /// The evaluation itself, from start to record.
    #[serde(default)]
    pub total: f64,
    /// Cluster jobs: from submission to the job's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_wait: Option<f64>,
}

/// Where and how a record was produced by a cluster job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobInfo {
    /// `slurm`.
    pub executor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 1 for the first submission.
    pub attempt: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<f64>,
    /// The job's own seconds, start to result (reading the search folder and the data included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// The data a retraining used (for the report, which then needs no data of its own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataInfo {
    pub format: String,
    pub train: usize,
    pub val: usize,
    pub test: usize,
    /// Channels, height, width of the images (absent in records before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<[usize; 3]>,
    /// The class names in label order (absent in records before they were kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
}

impl DataInfo {
    /// What `cifar` holds.
    pub fn of(cifar: &hynas_train::data::Cifar) -> Self {
        DataInfo {
            format: cifar.format.to_string(),
            train: cifar.train.len(),
            val: cifar.val.len(),
            test: cifar.test.len(),
            shape: Some(cifar.test.shape),
            classes: cifar.test.classes.clone(),
        }
    }

    /// "format, CxHxW, N classes: a, b, ..." (the first 12 names).
    pub fn text(&self) -> String {
        let mut t = self.format.clone();
        if let Some([c, h, w]) = self.shape {
            t += &format!(", {c}x{h}x{w}");
        }
        if !self.classes.is_empty() {
            let shown: Vec<&str> = self.classes.iter().take(12).map(String::as_str).collect();
            let more = if self.classes.len() > shown.len() { ", ..." } else { "" };
            t += &format!(", {} classes: {}{more}", self.classes.len(), shown.join(", "));
        }
        t
    }
}

/// One evaluated candidate (a line of `history.jsonl`), the baseline (`i` = -1,
/// `baseline.json`) or a retraining (`results/retrain-<i>.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[serde(default = "v1")]
    pub format_version: u32,
    /// The candidate's index; -1 for the ResNet-8 baseline.
    pub i: i64,
    #[serde(with = "genome_json")]
    pub genome: Genome,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A failure's cause (absent: the candidate, as in records written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blame: Option<Blame>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ram_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rom_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arena_bytes: Option<u64>,
    /// Proxy training's last validation accuracy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub val_accuracy: Option<f64>,
    /// Retraining: test accuracy under `recipe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_accuracy: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipe: Option<TrainConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataInfo>,
    #[serde(default)]
    pub timings: Timings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobInfo>,
    /// The fidelity rung of this result (absent: 0, the first).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rung: usize,
    /// Not trained: the same genome was evaluated by this earlier candidate, whose result this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reused_from: Option<i64>,
    /// `--predictor`: the validation accuracy the surrogate predicted before training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_val_accuracy: Option<f64>,
    /// With `--quantize int8`, `val_accuracy` and `test_accuracy` are the int8 form's; these are
    /// the f32 model's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub val_accuracy_f32: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_accuracy_f32: Option<f64>,
}

fn is_zero(x: &usize) -> bool {
    *x == 0
}

impl Record {
    /// A record with only the index, genome and status filled in.
    pub fn new(i: i64, genome: Genome, status: Status) -> Record {
        Record {
            format_version: FORMAT_VERSION,
            i,
            genome,
            status,
            reason: None,
            blame: None,
            params: None,
            macs: None,
            instructions: None,
            cycles: None,
            ram_bytes: None,
            rom_bytes: None,
            arena_bytes: None,
            val_accuracy: None,
            test_accuracy: None,
            recipe: None,
            data: None,
            timings: Timings::default(),
            job: None,
            rung: 0,
            reused_from: None,
            predicted_val_accuracy: None,
            val_accuracy_f32: None,
            test_accuracy_f32: None,
        }
    }

    pub fn failed(i: i64, genome: Genome, reason: impl Into<String>) -> Record {
        Record { reason: Some(reason.into()), ..Record::new(i, genome, Status::Failed) }
    }

    /// Marks the record failed at `stage` by `err`, with the error's blame.
    pub fn fail(&mut self, stage: &str, err: &crate::DriverError) {
        self.status = Status::Failed;
        self.reason = Some(format!("{stage}: {err}"));
        self.blame = Some(err.blame());
    }

    /// A failure owed to the settings or the machine, not to the candidate.
    pub fn blames_settings(&self) -> bool {
        self.status == Status::Failed && self.blame == Some(Blame::Settings)
    }

    /// The record without what differs between two runs of the same evaluation (timings, job).
    pub fn without_run_details(&self) -> Record {
        Record { timings: Timings::default(), job: None, ..self.clone() }
    }

    /// Parses one record; `place` names it in errors (file and line).
    pub fn parse(text: &str, place: &str) -> Result<Record> {
        let r: Record = serde_json::from_str(text).map_err(|e| format_err(place, e.to_string()))?;
        if r.format_version > FORMAT_VERSION {
            return Err(format_err(
                place,
                format!(
                    "record format version {} is newer than this hynas reads ({FORMAT_VERSION}); use a newer hynas",
                    r.format_version
                ),
            ));
        }
        Ok(r)
    }

    pub fn to_line(&self) -> String {
        // Serialising plain data (numbers, strings, a genome's JSON) cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn format_err(place: &str, msg: String) -> DriverError {
    let msg: String = crate::util::clip(&msg);
    DriverError::Format { path: place.to_string(), msg }
}

/// A genome as its JSON (what `hynas` reads and writes everywhere).
mod genome_json {
    use hynas_searcher::Genome;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(g: &Genome, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&g.to_json(), s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Genome, D::Error> {
        // Repeated keys inside a genome are refused, as in genome files.
        let hynas_searcher::strict_json::Strict(v) = hynas_searcher::strict_json::Strict::deserialize(d)?;
        Genome::from_json(&v).map_err(serde::de::Error::custom)
    }
}

mod target_name {
    use hynas_codegen::Target;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Target, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Target, D::Error> {
        let name = String::deserialize(d)?;
        Target::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// What evaluating one candidate needs; written into `search.json` so that a cluster job
/// (`hynas evaluate-candidate`) evaluates exactly as the local workers do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub seed: u64,
    pub max_params: u64,
    pub max_ram: Option<usize>,
    pub max_rom: Option<usize>,
    pub max_instructions: Option<u64>,
    /// The data set (absolute, so that jobs find it from any working folder).
    pub data: PathBuf,
    /// Code generation target (written as its name: `rv32imf`, ...).
    #[serde(with = "target_name")]
    pub target: hynas_codegen::Target,
    pub spike_timeout_s: f64,
    /// The proxy recipe; with a ladder, its epochs and images are rung 0's.
    pub proxy: TrainConfig,
    /// The final retraining (best candidate, Pareto front).
    pub final_train: TrainConfig,
    /// The fidelity ladder of a multi-fidelity search (empty: one rung, `proxy` as it is).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ladder: Vec<Rung>,
    /// `--quantize int8`: candidates are measured and scored in their int8 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantize: Option<Quantization>,
    /// The distillation teacher of the final retrainings (with `final_train.distill`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher: Option<Teacher>,
    /// `--core`: candidates' `cycles` are this core's modelled cycles (the latency objective
    /// `cycles`, `--max-cycles`, the pick's budget); absent: Spike's (one per instruction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core: Option<CoreChoice>,
    /// At most this many cycles (of `core`) per inference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cycles: Option<u64>,
}

/// The core whose cycles a search models, and the clock its report turns them into time with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreChoice {
    /// A timing table of `hynas_runtime::cycles::cores` (`ibex-small`, `cv32e40p`, ...).
    pub name: String,
    /// FP add/mul/fma latency of a core with an FPU.
    #[serde(default)]
    pub fpu_latency: u32,
    pub clock_mhz: f64,
}

impl CoreChoice {
    pub fn core(&self) -> crate::Result<hynas_runtime::cycles::cores::Core> {
        hynas_runtime::cycles::cores::Core::named(&self.name, self.fpu_latency).ok_or_else(|| {
            crate::invalid(format!(
                "no timing table for core \"{}\" (known: {})",
                self.name,
                hynas_runtime::cycles::cores::Core::names().join(", ")
            ))
        })
    }

    /// Milliseconds of `cycles` at the clock.
    pub fn ms(&self, cycles: u64) -> f64 {
        cycles as f64 / (self.clock_mhz * 1e3)
    }
}

/// A distillation teacher: a genome file, `resnet8` or an ONNX model, and its trained weights
/// (absolute paths, so that jobs find them from any folder).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Teacher {
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<PathBuf>,
}

/// Post-training int8 quantisation of every candidate: calibrated on the first `images` training
/// images of `data` (absent: the search's data set) with the range estimator `calibration`
/// (`minmax`, `percentile:P`, `mse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantization {
    pub images: usize,
    pub calibration: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
}

impl Quantization {
    /// The range estimator (checked when the search starts).
    pub fn method(&self) -> crate::Result<hynas_passes::quantize::Calibration> {
        hynas_passes::quantize::Calibration::parse(&self.calibration)
            .ok_or_else(|| crate::invalid(format!("unknown calibration \"{}\"", self.calibration)))
    }
}

impl Evaluation {
    /// The training recipe of rung `r`: the proxy recipe with the rung's epochs and images.
    pub fn recipe(&self, r: usize) -> TrainConfig {
        match self.ladder.get(r) {
            Some(rung) => TrainConfig { epochs: rung.epochs, train_subset: rung.images, ..self.proxy.clone() },
            None => self.proxy.clone(),
        }
    }

    /// The latency measure in words: `instructions`, or `<core> cycles` with a core.
    pub fn latency_unit(&self) -> String {
        self.core.as_ref().map_or("instructions".into(), |c| format!("{} cycles", c.name))
    }

    /// Rungs in the ladder (at least 1).
    pub fn rungs(&self) -> usize {
        self.ladder.len().max(1)
    }
}

/// A rung of the fidelity ladder: `epochs` over `images` training images (`None`: the whole
/// training split), written `2x30000` (or `2xall`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    pub epochs: usize,
    pub images: Option<usize>,
}

impl Rung {
    /// `EPOCHSxIMAGES` (`IMAGES` a count or `all`).
    pub fn parse(s: &str) -> std::result::Result<Rung, String> {
        let bad = || format!("rung \"{}\" is not EPOCHSxIMAGES (e.g. 1x10000, 2xall)", crate::util::clip(s));
        let (e, n) = s.split_once('x').ok_or_else(bad)?;
        let epochs = e.parse::<usize>().ok().filter(|&e| e >= 1).ok_or_else(bad)?;
        let images = match n {
            "all" => None,
            n => Some(n.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(bad)?),
        };
        Ok(Rung { epochs, images })
    }

    /// A comma-separated ladder, cheapest first; each rung must cost more (epochs x images) than
    /// the one before.
    pub fn parse_ladder(s: &str) -> std::result::Result<Vec<Rung>, String> {
        let rungs: Vec<Rung> = s
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| Rung::parse(t.trim()))
            .collect::<std::result::Result<_, _>>()?;
        if rungs.is_empty() {
            return Err("the fidelity ladder is empty; give rungs as EPOCHSxIMAGES, e.g. 1x10000,2x30000".into());
        }
        for w in rungs.windows(2) {
            if w[1].cost(usize::MAX) <= w[0].cost(usize::MAX) {
                return Err(format!(
                    "rung {} does not cost more than rung {} before it; order the ladder cheapest first",
                    w[1], w[0]
                ));
            }
        }
        Ok(rungs)
    }

    /// Training images seen (epochs x images, the split's `n` for `all`).
    pub fn cost(&self, n: usize) -> u128 {
        self.epochs as u128 * self.images.unwrap_or(n).min(n) as u128
    }
}

impl std::fmt::Display for Rung {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.images {
            Some(n) => write!(f, "{}x{n}", self.epochs),
            None => write!(f, "{}xall", self.epochs),
        }
    }
}

/// `search.json`. The flat fields are what earlier versions wrote and what a reader wants to
/// see at a glance; `evaluation` is what jobs read. Only `space`, `strategy` and `seed` must
/// match on resume; the rest is rewritten with the resuming run's options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchConfig {
    #[serde(default = "v1")]
    pub format_version: u32,
    pub space: String,
    pub strategy: String,
    pub seed: u64,
    /// Names this search's cluster jobs (`hynas-<run_id>-<key>-a<attempt>`), so a resumed driver
    /// adopts its own jobs and nobody else's.
    #[serde(default)]
    pub run_id: Option<String>,
    #[serde(default)]
    pub executor: Option<String>,
    #[serde(default)]
    pub max_params: Option<u64>,
    #[serde(default)]
    pub max_ram: Option<usize>,
    #[serde(default)]
    pub max_rom: Option<usize>,
    #[serde(default)]
    pub max_instructions: Option<u64>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub bounds: Vec<f64>,
    #[serde(default)]
    pub population: Option<usize>,
    #[serde(default)]
    pub tournament: Option<usize>,
    #[serde(default)]
    pub proxy_epochs: Option<usize>,
    #[serde(default)]
    pub proxy_subset: Option<usize>,
    #[serde(default)]
    pub proxy_batch: Option<usize>,
    #[serde(default)]
    pub backend: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub threads: Option<usize>,
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
    /// What decides which genomes are trained at which rung (ladder, promotion, predictor,
    /// mutation); must match on resume.
    #[serde(default)]
    pub schedule: Option<String>,
}

impl SearchConfig {
    pub fn read(path: &Path) -> Result<SearchConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
        let c: SearchConfig =
            serde_json::from_str(&text).map_err(|e| format_err(&path.display().to_string(), e.to_string()))?;
        if c.format_version > FORMAT_VERSION {
            return Err(format_err(
                &path.display().to_string(),
                format!("format version {} is newer than this hynas reads ({FORMAT_VERSION})", c.format_version),
            ));
        }
        Ok(c)
    }
}

/// A job's work order (`tasks/<key>.json`): what to evaluate or retrain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFile {
    #[serde(default = "v1")]
    pub format_version: u32,
    pub key: crate::key::Key,
    #[serde(with = "genome_json")]
    pub genome: Genome,
    /// The submission this file was written for (1 = first).
    #[serde(default = "v1")]
    pub attempt: u32,
    /// Unix seconds at submission (a job's queue wait is its start minus this).
    #[serde(default)]
    pub submitted_at: Option<f64>,
}

/// Appends one record and makes it durable before returning. The record is serialised first
/// and written with one call, so a kill or a full disk leaves at most one torn last line, which
/// [`repair_history`] cuts off on resume.
pub fn append(path: &Path, r: &Record) -> Result<()> {
    let line = format!("{}\n", r.to_line());
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
    let tail = crate::util::clip(&String::from_utf8_lossy(&bytes[keep..]));
    Ok(Some(format!("a torn last record of {} bytes ({tail}...)", bytes.len() - keep)))
}

/// Reads a history; a torn last line (a kill during the write) is dropped, any other bad line is
/// an error naming the file and line.
pub fn read_history(path: &Path) -> Result<Vec<Record>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io(path, e)),
    };
    let complete = text.ends_with('\n');
    let lines: Vec<(usize, &str)> = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).collect();
    let mut out = Vec::new();
    for (k, &(n, l)) in lines.iter().enumerate() {
        match Record::parse(l, &format!("{} line {}", path.display(), n + 1)) {
            Ok(r) => out.push(r),
            Err(_) if k + 1 == lines.len() && !complete => break,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a part:
/// a temporary file in the same folder, fsync, rename, fsync of the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io(dir, e))
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// Reads a record file (`baseline.json`, `results/<key>.json`); `None` when it does not exist.
pub fn read_record(path: &Path) -> Result<Option<Record>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Record::parse(t.trim(), &path.display().to_string()).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"{"i":0,"genome":{"format_version":1,"space":"conv_vit","stem":{"kernel":7,"stride":2,"channels":24,"cnn":{"type":"bottleneck","ratio":2},"pool":{"type":"max_avg","kernel":9}},"blocks":[{"stride":2,"patterns":[{"type":"pool_vit","pool":"max_avg","channels":28,"kernel":3,"heads":4,"head_dim":16}]}]},"status":"ok","params":15342,"macs":1109400,"instructions":2617117,"cycles":2617117,"ram_bytes":41560,"rom_bytes":101040,"arena_bytes":39936,"val_accuracy":0.24,"timings":{"constraints":8.656e-6,"compile":0.6226359910000001,"spike":0.173945005,"train":0.995025218,"total":1.794310393}}"#;

    #[test]
    fn records_of_earlier_versions_read_and_round_trip() {
        let r = Record::parse(OLD, "old").unwrap();
        assert_eq!(r.format_version, 1);
        assert_eq!(r.status, Status::Ok);
        assert_eq!(r.instructions, Some(2617117));
        let again = Record::parse(&r.to_line(), "again").unwrap();
        assert_eq!(again, r);
        // A panicked evaluation of an earlier version had no timings.
        let g = r.genome.to_json();
        let p =
            Record::parse(&format!(r#"{{"i":3,"genome":{g},"status":"failed","reason":"evaluation panicked"}}"#), "p")
                .unwrap();
        assert_eq!(p.status, Status::Failed);
    }

    #[test]
    fn numbers_round_trip_exactly() {
        let mut r = Record::parse(OLD, "old").unwrap();
        let mut x = 0.1f64;
        for k in 0..2000 {
            x = (x * 1.618_033_988_749_895 + 0.001 * k as f64).fract();
            r.val_accuracy = Some(x);
            r.timings.total = x * 1e3;
            let back = Record::parse(&r.to_line(), "r").unwrap();
            assert_eq!(back.val_accuracy.map(f64::to_bits), Some(x.to_bits()), "{x:e}");
            assert_eq!(back.timings.total.to_bits(), (x * 1e3).to_bits());
        }
    }

    #[test]
    fn bad_records_name_the_problem() {
        let dup = OLD.replacen("\"i\":0,", "\"i\":0,\"i\":1,", 1);
        let e = Record::parse(&dup, "h line 3").unwrap_err().to_string();
        assert!(e.contains("h line 3") && e.contains("duplicate field `i`"), "{e}");
        let newer = OLD.replacen("{\"i\":0,", "{\"format_version\":9,\"i\":0,", 1);
        let e = Record::parse(&newer, "h").unwrap_err().to_string();
        assert!(e.contains("newer"), "{e}");
        let status = OLD.replace("\"status\":\"ok\"", "\"status\":\"great\"");
        let e = Record::parse(&status, "h").unwrap_err().to_string();
        assert!(e.contains("unknown variant `great`"), "{e}");
    }

    #[test]
    fn atomic_writes_leave_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let e = write_atomic(&tmp.path().join("missing/r.json"), b"x").unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_a_bad_middle_line_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("history.jsonl");
        std::fs::write(&p, format!("{OLD}\n{OLD}\n{{\"i\":2,\"gen")).unwrap();
        assert_eq!(read_history(&p).unwrap().len(), 2);
        assert!(repair_history(&p).unwrap().unwrap().contains("torn last record"));
        assert!(repair_history(&p).unwrap().is_none());
        std::fs::write(&p, format!("{OLD}\n{{\"i\":2}}\n{OLD}\n")).unwrap();
        let e = read_history(&p).unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
    }
}
