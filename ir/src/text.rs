//! Text from input files in messages: cut and with control characters escaped, so a hostile
//! name can neither flood the terminal nor drive it.

/// Shows at most 80 characters of `s`, control characters escaped.
pub fn clip(s: &str) -> String {
    clip_n(s, 80)
}

/// [`clip`] to `n` characters.
pub fn clip_n(s: &str, n: usize) -> String {
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k == n {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
