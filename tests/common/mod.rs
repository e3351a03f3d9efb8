//! Helpers shared by the search tests.
#![allow(dead_code)] // each test crate uses its own subset

use std::process::Command;
use std::time::{Duration, Instant};

pub fn hynas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hynas"))
}

/// `hynas args` fails within 20 s (before any work) with `expect` in its stderr.
pub fn fails(args: &[&str], expect: &str) {
    let t = Instant::now();
    let out = hynas().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(err.contains(expect), "{args:?}: {err}");
    assert!(t.elapsed() < Duration::from_secs(20), "{args:?} did work before failing");
}

/// A small search on the bundled sample: 4 candidates of one epoch on 64 images.
pub const TINY: &[&str] = &[
    "search",
    "--candidates",
    "4",
    "--population",
    "2",
    "--tournament",
    "2",
    "--proxy-epochs",
    "1",
    "--train-subset",
    "64",
    "--batch",
    "32",
    "--final-epochs",
    "1",
    "--max-params",
    "30000",
    "--seed",
    "5",
];

/// The records of `dir/history.jsonl` that parse.
pub fn history(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("history.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}
