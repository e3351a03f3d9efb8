//! The `hynas` library: the jobs, the search driver, executors and records live in the
//! hynas-driver crate, re-exported here so that `hynas::...` keeps working; [`cli`] is the
//! command line both binaries (`hynas`, `hynas-torch`) run.

pub mod cli;

pub use hynas_driver::*;
