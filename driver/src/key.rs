//! [`Key`]: what a task of a search is, and its file name in the search folder.

use serde::{Deserialize, Serialize};

/// What a task is, and its file name in the search folder (`tasks/<stem>.json`,
/// `results/<stem>.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    /// ResNet-8 under the proxy recipe.
    Baseline,
    /// Candidate i: constraints, compile, Spike, proxy training (the ladder's first rung).
    Candidate(usize),
    /// Candidate i promoted to rung r >= 1 of the fidelity ladder: trained again, from scratch,
    /// with that rung's epochs and images (its measurements are rung 0's).
    Rung(usize, usize),
    /// Final retraining of the best candidate i into `best/` (weights, model.o, model.h, profile).
    Best(usize),
    /// Final retraining of Pareto-front candidate i into `front/<i>/`.
    Front(usize),
    /// ResNet-8 retrained with the final recipe into `reference/` (the report compares the best
    /// with it; its result is cached across searches per recipe and data).
    Reference,
}

impl Key {
    /// `baseline`, `7`, `7-r1`, `best-7`, `front-7`.
    pub fn stem(self) -> String {
        match self {
            Key::Baseline => "baseline".into(),
            Key::Candidate(i) => i.to_string(),
            Key::Rung(i, r) => format!("{i}-r{r}"),
            Key::Best(i) => format!("best-{i}"),
            Key::Front(i) => format!("front-{i}"),
            Key::Reference => "reference".into(),
        }
    }

    /// The inverse of [`Key::stem`].
    pub fn parse(s: &str) -> Option<Key> {
        let num = |t: &str| t.parse::<usize>().ok().filter(|_| t.bytes().all(|b| b.is_ascii_digit()));
        if s == "baseline" {
            Some(Key::Baseline)
        } else if s == "reference" {
            Some(Key::Reference)
        } else if let Some(t) = s.strip_prefix("best-") {
            num(t).map(Key::Best)
        } else if let Some(t) = s.strip_prefix("front-") {
            num(t).map(Key::Front)
        } else if let Some((i, r)) = s.split_once("-r") {
            Some(Key::Rung(num(i)?, num(r).filter(|&r| r >= 1)?))
        } else {
            num(s).map(Key::Candidate)
        }
    }

    /// The record's `i`: the candidate's index, -1 for the baseline.
    pub fn index(self) -> i64 {
        match self {
            Key::Baseline | Key::Reference => -1,
            Key::Candidate(i) | Key::Rung(i, _) | Key::Best(i) | Key::Front(i) => i as i64,
        }
    }

    /// The fidelity rung this task trains at (0 for a new candidate and the baseline).
    pub fn rung(self) -> usize {
        match self {
            Key::Rung(_, r) => r,
            _ => 0,
        }
    }

    /// A final retraining (longer; another time limit on a cluster).
    pub fn is_retraining(self) -> bool {
        matches!(self, Key::Best(_) | Key::Front(_) | Key::Reference)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Baseline => f.write_str("baseline"),
            Key::Candidate(i) => write!(f, "candidate {i}"),
            Key::Rung(i, r) => write!(f, "candidate {i} at rung {r}"),
            Key::Best(i) => write!(f, "retraining of candidate {i}"),
            Key::Front(i) => write!(f, "retraining of front candidate {i}"),
            Key::Reference => f.write_str("retraining of the ResNet-8 reference"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn stems_round_trip_and_reject_junk() {
        for k in [
            Key::Baseline,
            Key::Candidate(0),
            Key::Candidate(17),
            Key::Rung(4, 1),
            Key::Rung(4, 12),
            Key::Best(3),
            Key::Front(12),
            Key::Reference,
        ] {
            assert_eq!(Key::parse(&k.stem()), Some(k));
        }
        for s in ["", "-1", "+3", "best-", "front-x", "1e3", "baseline2", "7 ", "7-r0", "7-r", "-r1", "7-r1-r2"] {
            assert_eq!(Key::parse(s), None, "{s}");
        }
    }
}
