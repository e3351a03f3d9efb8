//! hynas-driver: everything the `hynas` CLI runs, as a library.
//!
//! - [`jobs`]: prepare, compile, profile in Spike, train, evaluate and benchmark one model.
//! - [`record`]: the typed, versioned files of a search folder (`search.json`, `history.jsonl`,
//!   task and result files) and how they are written durably.
//! - [`evaluate`]: one candidate's evaluation (constraints -> compile -> Spike -> proxy
//!   training) and the final retraining, as [`record::Record`]s; what `hynas evaluate-candidate`
//!   runs inside a cluster job.
//! - [`executor`]: where evaluations run: [`executor::local::Local`] (worker threads) and
//!   [`executor::slurm::Slurm`] (one `sbatch` job per candidate).
//! - [`search`]: the proposal loop, history, resume; [`report`] and [`plot`]: the report.
//! - [`proxy_bench`]: how well cheap training proxies rank candidates ([`rank`] correlations).

pub mod bench;
pub mod bench_cycles;
pub mod evaluate;
pub mod executor;
pub mod jobs;
pub mod key;
pub mod layout;
pub mod model;
pub mod options;
pub mod pick;
pub mod plot;
pub mod proxy_bench;
pub mod rank;
pub mod record;
pub mod reference;
pub mod report;
pub mod retrain;
pub mod schedule;
pub mod search;
pub mod util;

pub use hynas_train::{data, Backend, DeviceKind, Optimizer, TrainConfig, TrainReport};
pub use jobs::*;
pub use model::Model;

#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    #[error(transparent)]
    Search(#[from] hynas_searcher::SearchError),
    #[error(transparent)]
    Ir(#[from] hynas_ir::IrError),
    #[error(transparent)]
    Pass(#[from] hynas_passes::PassError),
    #[error(transparent)]
    Codegen(#[from] hynas_codegen::CodegenError),
    #[error(transparent)]
    Runtime(#[from] hynas_runtime::RuntimeError),
    #[error(transparent)]
    Train(#[from] hynas_train::TrainError),
    #[error(transparent)]
    Onnx(#[from] hynas_onnx::OnnxError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("the compiled model disagrees with the reference interpreter: relative error {0:.3e} > 1e-4")]
    Mismatch(f32),
    /// A bad option or a search folder that does not fit the options.
    #[error("{0}")]
    Invalid(String),
    /// A file of a search folder that cannot be read as what it should be.
    #[error("{path}: {msg}")]
    Format { path: String, msg: String },
    /// The cluster refused work or keeps losing it.
    #[error("slurm: {0}")]
    Slurm(String),
}

pub type Result<T> = std::result::Result<T, DriverError>;

impl DriverError {
    /// Whether this error is owed to the settings or the machine rather than to the model being
    /// evaluated: a bad option, missing data, an unknown target, a backend this build lacks, a
    /// missing Spike, a file that cannot be written, a training stopped on request.
    pub fn blame(&self) -> record::Blame {
        use hynas_codegen::CodegenError as C;
        use hynas_runtime::RuntimeError as R;
        use hynas_train::TrainError as T;
        let settings = matches!(
            self,
            DriverError::Invalid(_)
                | DriverError::Io(..)
                | DriverError::Train(T::Data { .. } | T::Backend(_) | T::Stopped { .. })
                | DriverError::Codegen(C::UnknownTarget(_))
                | DriverError::Runtime(
                    R::SpikeNotFound(_) | R::NotRiscv(_) | R::Io(..) | R::Codegen(C::UnknownTarget(_))
                )
        );
        if settings {
            record::Blame::Settings
        } else {
            record::Blame::Candidate
        }
    }
}

/// The older name of [`DriverError`].
pub type HynasError = DriverError;

pub(crate) fn io(path: &std::path::Path, e: std::io::Error) -> DriverError {
    DriverError::Io(path.display().to_string(), e)
}

pub(crate) fn invalid(msg: impl Into<String>) -> DriverError {
    DriverError::Invalid(msg.into())
}

/// Cancellation, passed to the search by its caller (the CLI sets it from Ctrl-C): the first
/// request stops new work and waits for the work in flight; the second aborts that too.
#[derive(Clone, Debug, Default)]
pub struct Cancel(std::sync::Arc<std::sync::atomic::AtomicU8>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }
    /// Raises the level by one and returns the new level (1 = stop, 2 = abort).
    pub fn request(&self) -> u8 {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst).saturating_add(1)
    }
    /// No new work should start.
    pub fn stopping(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst) >= 1
    }
    /// Work in flight should be abandoned.
    pub fn aborting(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst) >= 2
    }
}
