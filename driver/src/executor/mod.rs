//! Where evaluations run. The search loop hands [`Task`]s to an [`Executor`] and collects the
//! [`Record`]s they produce; it never knows whether a worker thread or a cluster job did the work.
//!
//! - [`local::Local`]: worker threads in this process, data loaded once.
//! - [`slurm::Slurm`]: one `sbatch` job per task running `hynas evaluate-candidate`, which reads
//!   the task from the search folder and writes its record to `results/<key>.json`.

pub mod local;
pub mod slurm;

pub use crate::key::Key;
use crate::record::Record;
use crate::Result;
use hynas_searcher::Genome;
use std::time::Duration;

/// One unit of work.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub key: Key,
    pub genome: Genome,
}

/// Runs tasks somewhere and hands back their records.
pub trait Executor {
    /// `local` or `slurm` (for logs and the report).
    fn name(&self) -> &'static str;
    /// Tasks that may be in flight at once.
    fn slots(&self) -> usize;
    /// Tasks in flight.
    fn in_flight(&self) -> usize;
    /// On resume: tasks an earlier driver left in flight that are still running, now watched by
    /// this executor (not to be submitted again).
    fn adopt(&mut self) -> Result<Vec<Task>>;
    fn submit(&mut self, task: Task) -> Result<()>;
    /// Waits up to `wait` for tasks to finish and returns their records (possibly none). An
    /// evaluation that fails is a record; an error here means the executor cannot go on.
    fn collect(&mut self, wait: Duration) -> Result<Vec<(Key, Record)>>;
    /// Abandons the tasks in flight (cancels cluster jobs).
    fn abort(&mut self);
}
