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
