//! Parameter domains, JSON field readers that name the field and the allowed values, and the
//! one-parameter mutation moves shared by every search space.

use crate::SearchError;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{Map, Value};

/// The values a parameter may take. Values are `usize`; for `Names` the value is the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Values(&'static [usize]),
    Range { min: usize, max: usize, step: usize },
    Names(&'static [&'static str]),
}

impl Domain {
    pub fn contains(&self, v: usize) -> bool {
        match *self {
            Domain::Values(vs) => vs.contains(&v),
            Domain::Range { min, max, step } => v >= min && v <= max && (v - min).is_multiple_of(step),
            Domain::Names(ns) => v < ns.len(),
        }
    }

    /// All values in order.
    pub fn values(&self) -> Vec<usize> {
        match *self {
            Domain::Values(vs) => vs.to_vec(),
            Domain::Range { min, max, step } => (min..=max).step_by(step).collect(),
            Domain::Names(ns) => (0..ns.len()).collect(),
        }
    }

    pub fn is_categorical(&self) -> bool {
        !matches!(self, Domain::Range { .. })
    }

    pub fn describe(&self) -> String {
        match *self {
            Domain::Values(vs) => vs.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "),
            Domain::Range { min, max, step } => format!("{min}..={max} in steps of {step}"),
            Domain::Names(ns) => ns.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "),
        }
    }

    pub fn sample<G: Rng>(&self, rng: &mut G) -> usize {
        let vs = self.values();
        vs[rng.gen_range(0..vs.len())]
    }

    /// A different value: categorical parameters move to a random other value, the next or the
    /// previous one; integer parameters to a random other value or one step up or down (a step
    /// off the end goes the other way). `None` when the domain has a single value.
    pub fn mutate<G: Rng>(&self, v: usize, rng: &mut G) -> Option<usize> {
        let vs = self.values();
        if vs.len() < 2 {
            return None;
        }
        let i = vs.iter().position(|&x| x == v).unwrap_or(0);
        let up = |i: usize| if i + 1 < vs.len() { i + 1 } else { i - 1 };
        let down = |i: usize| if i > 0 { i - 1 } else { i + 1 };
        let j = match rng.gen_range(0..3) {
            0 => {
                let others: Vec<usize> = (0..vs.len()).filter(|&j| j != i).collect();
                *others.choose(rng)?
            }
            1 => up(i),
            _ => down(i),
        };
        Some(vs[j])
    }
}

/// A JSON object being read, with its path for error messages.
pub struct Obj<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    pub fn root(v: &'a Value) -> Result<Self, SearchError> {
        match v {
            Value::Object(map) => Ok(Obj { path: String::new(), map }),
            other => Err(SearchError::genome("(top level)", format!("expected an object, got {}", kind(other)))),
        }
    }

    pub fn path(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    pub fn err(&self, field: &str, msg: impl Into<String>) -> SearchError {
        SearchError::genome(&self.path(field), msg)
    }

    pub fn get(&self, field: &str) -> Result<&'a Value, SearchError> {
        self.map.get(field).ok_or_else(|| self.err(field, "missing field"))
    }

    /// Rejects fields outside `allowed` (catches typos that would otherwise be ignored).
    pub fn only(&self, allowed: &[&str]) -> Result<(), SearchError> {
        let mut keys: Vec<&String> = self.map.keys().collect();
        keys.sort();
        match keys.into_iter().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(self.err(k, format!("unknown field; allowed here: {}", allowed.join(", ")))),
            None => Ok(()),
        }
    }

    /// A field whose value must lie in `dom` (an integer, or for `Names` one of the strings).
    pub fn read(&self, field: &str, dom: Domain) -> Result<usize, SearchError> {
        let v = self.get(field)?;
        let allowed = dom.describe();
        match dom {
            Domain::Names(ns) => {
                let s =
                    v.as_str().ok_or_else(|| self.err(field, format!("expected one of {allowed}, got {}", kind(v))))?;
                ns.iter()
                    .position(|n| *n == s)
                    .ok_or_else(|| self.err(field, format!("\"{s}\" is not one of {allowed}")))
            }
            _ => {
                let n = v
                    .as_u64()
                    .map(|n| n as usize)
                    .filter(|&n| dom.contains(n))
                    .ok_or_else(|| self.err(field, format!("{v} is not one of {allowed}")))?;
                Ok(n)
            }
        }
    }

    pub fn obj(&self, field: &str) -> Result<Obj<'a>, SearchError> {
        match self.get(field)? {
            Value::Object(map) => Ok(Obj { path: self.path(field), map }),
            other => Err(self.err(field, format!("expected an object, got {}", kind(other)))),
        }
    }

    /// An array of objects with a length in `min..=max`.
    pub fn array(&self, field: &str, min: usize, max: usize) -> Result<Vec<Obj<'a>>, SearchError> {
        let Value::Array(items) = self.get(field)? else {
            return Err(self.err(field, "expected an array"));
        };
        if items.len() < min || items.len() > max {
            return Err(self.err(field, format!("has {} entries, allowed {min}..={max}", items.len())));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Object(map) => Ok(Obj { path: format!("{}[{i}]", self.path(field)), map }),
                other => Err(SearchError::genome(
                    &format!("{}[{i}]", self.path(field)),
                    format!("expected an object, got {}", kind(other)),
                )),
            })
            .collect()
    }
}
