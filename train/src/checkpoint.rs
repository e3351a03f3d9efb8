//! Per-epoch checkpoints of a training, so that a long training survives a stop and continues
//! exactly where it was.
//!
//! A checkpoint folder holds `checkpoint.json` ([`Record`]: format version, the recipe, where the
//! training stands) and one folder per saved epoch, `epoch-NNNN/`, with `weights.safetensors` (the
//! IR's constants: trained parameters and BN statistics) and `optimizer.bin` (the backend's
//! optimiser state). A new epoch's folder is written completely before `checkpoint.json` is
//! replaced (written to a temporary name and renamed), and older epoch folders are removed only
//! after that, so a stop at any moment leaves a loadable checkpoint. The order of the data and
//! each image's augmentation depend only on (seed, epoch), so resuming at an epoch boundary
//! repeats nothing and skips nothing.

use crate::{Progress, Session, TrainConfig, TrainError};
use hynas_ir::Graph;
use std::path::{Path, PathBuf};

pub const FORMAT_VERSION: u32 = 1;
const RECORD: &str = "checkpoint.json";

/// What `checkpoint.json` holds.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub format_version: u32,
    pub config: TrainConfig,
    pub progress: Progress,
    /// The epoch folder (relative to the checkpoint folder).
    pub folder: String,
}

fn io(path: &Path, e: std::io::Error) -> TrainError {
    TrainError::Train(format!("checkpoint {}: {e}", path.display()))
}

/// The settings that change what a training computes (progress display and threads do not).
fn comparable(cfg: &TrainConfig) -> serde_json::Value {
    let c = TrainConfig { progress: false, threads: None, ..cfg.clone() };
    serde_json::to_value(c).unwrap_or_default()
}

/// The settings that differ between two recipes, named.
fn differences(a: &TrainConfig, b: &TrainConfig) -> Vec<String> {
    let (a, b) = (comparable(a), comparable(b));
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { return vec!["the recipe".into()] };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let show = |v: Option<&serde_json::Value>| v.map_or("(none)".to_string(), |v| v.to_string());
            format!("{k}: {} in the checkpoint, {} now", show(a.get(k)), show(b.get(k)))
        })
        .collect()
}

/// Reads the checkpoint in `dir`, if there is one: checks that it was made with `cfg`, loads its
/// weights into `graph` and returns where the training stands and the optimiser state's file.
pub fn load(dir: &Path, cfg: &TrainConfig, graph: &mut Graph) -> Result<Option<(Progress, PathBuf)>, TrainError> {
    let path = dir.join(RECORD);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path, e)),
    };
    let rec: Record = serde_json::from_str(&text)
        .map_err(|e| TrainError::Train(format!("checkpoint {}: cannot read it ({e})", path.display())))?;
    if rec.format_version != FORMAT_VERSION {
        return Err(TrainError::Train(format!(
            "checkpoint {}: format version {} (this hynas reads {FORMAT_VERSION})",
            path.display(),
            rec.format_version
        )));
    }
    let diff = differences(&rec.config, cfg);
    if !diff.is_empty() {
        return Err(TrainError::Train(format!(
            "checkpoint {} was made with another recipe ({}); continue with the same settings, or use another folder",
            path.display(),
            diff.join("; ")
        )));
    }
    if rec.folder.contains('/') || rec.folder.contains("..") {
        return Err(TrainError::Train(format!("checkpoint {}: bad folder name {:?}", path.display(), rec.folder)));
    }
    let folder = dir.join(&rec.folder);
    let wpath = folder.join("weights.safetensors");
    let bytes = std::fs::read(&wpath).map_err(|e| io(&wpath, e))?;
    hynas_ir::weights::load_safetensors(graph, &bytes)
        .map_err(|e| TrainError::Train(format!("checkpoint {}: {e}", wpath.display())))?;
    Ok(Some((rec.progress, folder.join("optimizer.bin"))))
}

/// Saves a checkpoint after `progress.epochs_done` epochs: `graph` holds the weights so far.
pub fn save(
    dir: &Path,
    cfg: &TrainConfig,
    progress: &Progress,
    graph: &Graph,
    sess: &dyn Session,
) -> Result<(), TrainError> {
    let name = format!("epoch-{:04}", progress.epochs_done);
    let folder = dir.join(&name);
    std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
    let bytes = hynas_ir::weights::to_safetensors(graph)?;
    let wpath = folder.join("weights.safetensors");
    std::fs::write(&wpath, bytes).map_err(|e| io(&wpath, e))?;
    sess.save_optimizer(&folder.join("optimizer.bin"))?;
    let rec = Record { format_version: FORMAT_VERSION, config: cfg.clone(), progress: progress.clone(), folder: name };
    let json = serde_json::to_string_pretty(&rec).map_err(|e| TrainError::Train(format!("checkpoint record: {e}")))?;
    let tmp = dir.join(format!("{RECORD}.tmp"));
    std::fs::write(&tmp, json).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, dir.join(RECORD)).map_err(|e| io(&tmp, e))?;
    // Older epochs are not needed once the record points at the new one.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with("epoch-") && n != rec.folder {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok(())
}

/// Whether `dir` holds a checkpoint.
pub fn exists(dir: &Path) -> bool {
    dir.join(RECORD).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_setting_and_ignore_threads() {
        let a = TrainConfig::default();
        let b = TrainConfig { threads: Some(3), progress: true, ..a.clone() };
        assert!(differences(&a, &b).is_empty());
        let c = TrainConfig { max_lr: 0.5, epochs: 7, ..a.clone() };
        let d = differences(&a, &c);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("epochs: 2 in the checkpoint, 7 now"), "{d:?}");
        assert!(d[1].starts_with("max_lr"), "{d:?}");
    }
}
