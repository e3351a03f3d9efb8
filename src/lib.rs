//! The `hynas` library: everything lives in the hynas-driver crate (jobs, the search driver,
//! executors, records), re-exported here so that `hynas::...` keeps working.

pub use hynas_driver::*;
