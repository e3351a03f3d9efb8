//! Where things are in a search folder: tasks, results, retrainings.

use crate::key::Key;
use std::path::{Path, PathBuf};

/// Where a retraining writes its files: `best/` or `front/<i>/`.
pub fn retrain_dir(out: &Path, key: Key) -> PathBuf {
    match key {
        Key::Front(i) => out.join("front").join(i.to_string()),
        Key::Reference => out.join("reference"),
        _ => out.join("best"),
    }
}

/// `results/<key>.json` of a search folder.
pub fn result_path(out: &Path, key: Key) -> PathBuf {
    out.join("results").join(format!("{}.json", key.stem()))
}

/// `tasks/<key>.json` of a search folder.
pub fn task_path(out: &Path, key: Key) -> PathBuf {
    out.join("tasks").join(format!("{}.json", key.stem()))
}
