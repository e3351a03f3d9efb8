//! The ResNet-8 reference of a search: ResNet-8 retrained with the search's final recipe, so the
//! report compares the best candidate with a baseline trained exactly as it was.
//!
//! Its result is cached across searches under `$HYNAS_CACHE_DIR/reference/<key>/` (default
//! `~/.cache/hynas`), the key a hash of what decides the result: the final recipe (threads and
//! progress display left out), the data folder (canonical path and its number of training images),
//! the seed, the target, the quantisation and the teacher. A search whose reference is cached
//! copies it into `reference/` and `results/reference.json` instead of training; a finished
//! reference retraining is copied into the cache (written to a temporary folder and renamed, so
//! searches finishing at the same time cannot leave a half-written entry).

use crate::key::Key;
use crate::layout::{result_path, retrain_dir};
use crate::options::SearchOptions;
use crate::record::{self, Record, Status};
use crate::{io, Result};
use std::path::{Path, PathBuf};

const FILES: [&str; 4] = ["weights.safetensors", "model.o", "model.h", "metrics.json"];

/// FNV-1a over the bytes: a stable name for a cache entry.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The cache folder of `o`'s reference, `None` when there is no home or cache folder.
pub fn cache_entry(o: &SearchOptions) -> Option<PathBuf> {
    let base = match std::env::var_os("HYNAS_CACHE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/hynas"),
    };
    let e = &o.eval;
    let recipe = hynas_train::TrainConfig { threads: None, progress: false, ..e.final_train.clone() };
    let data = std::fs::canonicalize(&e.data).unwrap_or_else(|_| e.data.clone());
    let n = hynas_train::data::train_split_len(&data).unwrap_or(0);
    let what = serde_json::json!({
        "version": 1, "recipe": recipe, "data": data, "train_images": n, "seed": e.seed,
        "target": e.target.name(), "quantize": e.quantize, "teacher": e.teacher,
    });
    Some(base.join("reference").join(format!("{:016x}", fnv1a(what.to_string().as_bytes()))))
}

fn copy_files(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| io(to, e))?;
    for f in FILES {
        let src = from.join(f);
        if src.exists() {
            std::fs::copy(&src, to.join(f)).map_err(|e| io(&src, e))?;
        }
    }
    Ok(())
}

/// Before the final retrainings: a cached reference (if any, and none in the search folder yet)
/// is copied into the search folder, so it is not trained again.
pub fn restore(o: &SearchOptions) -> Result<()> {
    let rp = result_path(&o.out, Key::Reference);
    if rp.exists() {
        return Ok(());
    }
    let Some(entry) = cache_entry(o) else { return Ok(()) };
    let Ok(Some(mut r)) = record::read_record(&entry.join("record.json")) else { return Ok(()) };
    if r.status != Status::Ok || !FILES[..3].iter().all(|f| entry.join(f).exists()) {
        return Ok(());
    }
    copy_files(&entry, &retrain_dir(&o.out, Key::Reference))?;
    // The same recipe up to threads and progress display (the cache key): this search's.
    r.recipe = Some(o.eval.final_train.clone());
    tracing::info!("reference: ResNet-8 with this recipe from the cache ({})", entry.display());
    if let Some(parent) = rp.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    record::write_atomic(&rp, format!("{}\n", r.to_line()).as_bytes())
}

/// After the final retrainings: a finished reference goes into the cache (errors only logged: the
/// search's own results are complete without it).
pub fn keep(o: &SearchOptions, r: &Record) {
    let Some(entry) = cache_entry(o) else { return };
    if r.status != Status::Ok || entry.join("record.json").exists() {
        return;
    }
    let tmp = entry.with_extension(format!("tmp{}", std::process::id()));
    let run = || -> Result<()> {
        copy_files(&retrain_dir(&o.out, Key::Reference), &tmp)?;
        record::write_atomic(&tmp.join("record.json"), format!("{}\n", r.to_line()).as_bytes())?;
        std::fs::rename(&tmp, &entry).map_err(|e| io(&entry, e))
    };
    if let Err(e) = run() {
        let _ = std::fs::remove_dir_all(&tmp);
        tracing::warn!("could not cache the ResNet-8 reference in {}: {e}", entry.display());
    }
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
