//! hynas-passes (work in progress: see issue 3).
