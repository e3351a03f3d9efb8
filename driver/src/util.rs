//! Small helpers every module may use (and that use no other module of the crate).

/// Echoed input in error messages: cut (80 characters) and control characters escaped.
pub use hynas_searcher::strict_json::{clip, clip_n};

/// A fraction as a percentage with two decimals, `-` for none.
pub fn pct(a: Option<f64>) -> String {
    a.map_or("-".into(), |a| format!("{:.2}%", 100.0 * a))
}

/// A value, `-` for none.
pub fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or("-".into(), |x| x.to_string())
}

/// Unix seconds now (job start and submission times).
pub fn unix_now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}
