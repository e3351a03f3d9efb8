//! hynas-codegen (work in progress: see issue 3).
