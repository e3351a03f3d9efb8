//! hynas-runtime (work in progress: see issue 3).
