//! Memory planning: schedule -> buffers with lifetimes -> offsets in one arena.
//!
//! 1. Buffers. Every op output is a value. A `reshape` is a view of its operand (same buffer).
//!    An elementwise op or softmax whose operand dies at that op runs in place (an integer add
//!    with its ReLU folded in included); so does a fused kernel in the buffer of an `add`
//!    epilogue operand that dies there (the kernel reads that operand at the same index it
//!    writes). Which operand may be overwritten is the op's to say (`Op::in_place_operand`).
//!    The graph input and output live outside the arena.
//! 2. Lifetimes: a buffer is live from the step that first writes it to the last step that reads
//!    any of its values.
//! 3. Placement, fed only sizes and lifetimes:
//!    - `Greedy`: TFLite Micro's planner: largest first, each at the lowest offset that fits into
//!      a gap between already placed buffers whose lifetimes overlap it;
//!    - `HillClimb`: starts from the greedy order and tries random swaps of the placement order
//!      (seeded), keeping any order whose first-fit arena is no larger.
//! 4. [`check`] verifies a plan: no two buffers that are live at the same step share a byte,
//!    every offset is aligned, everything fits in the arena.
//!
//! The lower bound is the maximum, over steps, of the bytes live at that step; no placement can
//! beat it.

use crate::PassError;
use hynas_ir::ops::InPlace;
use hynas_ir::stats::{peak_bytes, Lifetime};
use hynas_ir::{Graph, NodeId, Op};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::fmt::Write;

pub const ALIGN: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Greedy,
    HillClimb { iterations: usize, seed: u64 },
}

/// A buffer to place: its bytes and the inclusive range of schedule steps it is live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buffer {
    pub size: usize,
    pub first: usize,
    pub last: usize,
}

impl Buffer {
    fn overlaps_in_time(&self, o: &Buffer) -> bool {
        self.first <= o.last && o.first <= self.last
    }
}

/// Where a value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// Graph input number i (outside the arena).
    Input(usize),
    /// Graph output number i (outside the arena).
    Output(usize),
    /// Byte offset in the arena.
    Arena(usize),
}

#[derive(Clone, Debug)]
pub struct MemoryPlan {
    /// Op nodes in execution order.
    pub schedule: Vec<NodeId>,
    pub buffers: Vec<Buffer>,
    pub offsets: Vec<usize>,
    /// The arena buffer of every value that lives in the arena.
    pub buffer_of: HashMap<NodeId, usize>,
    pub location: HashMap<NodeId, Location>,
    pub arena_bytes: usize,
    pub lower_bound: usize,
}

fn align(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

/// Union-find over values, to merge views and in-place results into one buffer.
struct Groups(Vec<usize>);
impl Groups {
    fn find(&self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.0[rb] = ra;
    }
}

/// Plans the arena of `graph` (op outputs only; inputs and outputs are external).
pub fn plan(graph: &Graph, algo: Algorithm) -> Result<MemoryPlan, PassError> {
    let ir = |e| PassError::Plan(format!("{e}"));
    let schedule = graph.schedule().map_err(ir)?;
    let step: HashMap<NodeId, usize> = schedule.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let n = schedule.len();
    // Last step reading each value (graph outputs: the end).
    let mut last_read: HashMap<NodeId, usize> = HashMap::new();
    for (i, &id) in schedule.iter().enumerate() {
        for o in graph.operands(id) {
            last_read.insert(o, i);
        }
    }
    let mut location = HashMap::new();
    for (i, &inp) in graph.inputs().iter().enumerate() {
        location.insert(inp, Location::Input(i));
    }
    for (i, &out) in graph.outputs().iter().enumerate() {
        if !step.contains_key(&out) {
            return Err(PassError::Plan("a graph output is not computed by an op".into()));
        }
        location.insert(out, Location::Output(i));
    }
    let mut groups = Groups((0..n).collect());
    // Values that must not share storage with anything else (external or views of external).
    let external = |id: &NodeId, loc: &HashMap<NodeId, Location>| loc.contains_key(id);
    for (i, &id) in schedule.iter().enumerate() {
        let op = graph.node(id).op().cloned();
        let ops = graph.operands(id);
        // `o`'s whole buffer (every value sharing it) is read for the last time at step i.
        let dies_here = |o: NodeId| -> bool {
            let Some(&so) = step.get(&o) else { return false };
            let root = groups.find(so);
            (0..i).filter(|&m| groups.find(m) == root).all(|m| {
                let v = schedule[m];
                last_read.get(&v).copied().unwrap_or(m) <= i && !graph.outputs().contains(&v)
            })
        };
        let candidate = match op.as_ref().map(Op::in_place_operand) {
            Some(InPlace::View) => Some(ops[0]),
            Some(InPlace::Operands(slots)) => {
                // Operands read at other indices (a fused kernel's anchor inputs) must not share
                // the buffer written.
                let root = |o: &NodeId| step.get(o).map(|&s| groups.find(s));
                let others: Vec<Option<usize>> =
                    (0..ops.len()).filter(|s| !slots.contains(s)).map(|s| root(&ops[s])).collect();
                slots.iter().map(|&s| ops[s]).find(|o| {
                    let r = root(o);
                    (others.is_empty() || (r.is_some() && !others.contains(&r))) && dies_here(*o)
                })
            }
            _ => None,
        };
        let Some(src) = candidate else { continue };
        if external(&id, &location) || external(&src, &location) {
            if matches!(op, Some(Op::Reshape(_))) {
                return Err(PassError::Plan("a reshape of a graph input or output is not supported".into()));
            }
            continue;
        }
        if let Some(&s) = step.get(&src) {
            groups.union(s, i);
        }
    }
    let mut gbuf: HashMap<usize, usize> = HashMap::new();
    let mut buffers: Vec<Buffer> = Vec::new();
    let mut buffer_of = HashMap::new();
    for (i, &id) in schedule.iter().enumerate() {
        if external(&id, &location) {
            continue;
        }
        let g = groups.find(i);
        let bytes = align(graph.node(id).bytes());
        let last = last_read.get(&id).copied().unwrap_or(i).max(i);
        let b = *gbuf.entry(g).or_insert_with(|| {
            buffers.push(Buffer { size: 0, first: i, last: i });
            buffers.len() - 1
        });
        let buf = &mut buffers[b];
        buf.size = buf.size.max(bytes);
        buf.first = buf.first.min(i);
        buf.last = buf.last.max(last);
        buffer_of.insert(id, b);
    }
    let offsets = place(&buffers, algo);
    let arena_bytes = arena_of(&buffers, &offsets);
    for (&id, &b) in &buffer_of {
        location.insert(id, Location::Arena(offsets[b]));
    }
    let plan =
        MemoryPlan { schedule, lower_bound: lower_bound(&buffers), buffers, offsets, buffer_of, location, arena_bytes };
    check(&plan.buffers, &plan.offsets, plan.arena_bytes)?;
    Ok(plan)
}

/// The maximum, over steps, of the bytes of buffers live at that step.
pub fn lower_bound(buffers: &[Buffer]) -> usize {
    let lives: Vec<Lifetime> =
        buffers.iter().map(|b| Lifetime { bytes: b.size, first: b.first, last: b.last }).collect();
    peak_bytes(&lives)
}

fn arena_of(buffers: &[Buffer], offsets: &[usize]) -> usize {
    buffers.iter().zip(offsets).map(|(b, o)| o + b.size).max().unwrap_or(0)
}

/// First-fit placement of `buffers` in the given order: each goes to the lowest aligned offset
/// where it overlaps no already placed buffer that is live at the same time.
fn first_fit(buffers: &[Buffer], order: &[usize]) -> Vec<usize> {
    let mut offsets = vec![0usize; buffers.len()];
    let mut placed: Vec<usize> = Vec::with_capacity(buffers.len());
    let mut busy: Vec<(usize, usize)> = Vec::new();
    for &i in order {
        let b = &buffers[i];
        busy.clear();
        busy.extend(
            placed
                .iter()
                .filter(|&&j| buffers[j].overlaps_in_time(b))
                .map(|&j| (offsets[j], offsets[j] + buffers[j].size)),
        );
        busy.sort_unstable();
        let mut at = 0usize;
        for &(s, e) in &busy {
            if at + b.size <= s {
                break;
            }
            at = at.max(align(e));
        }
        offsets[i] = at;
        placed.push(i);
    }
    offsets
}

/// TFLite Micro's order: largest first, earlier first on ties.
fn greedy_order(buffers: &[Buffer]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..buffers.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(buffers[i].size), buffers[i].first, i));
    order
}

/// Offsets for `buffers` with the given algorithm (deterministic for a seed).
pub fn place(buffers: &[Buffer], algo: Algorithm) -> Vec<usize> {
    let mut order = greedy_order(buffers);
    let mut best = first_fit(buffers, &order);
    if let Algorithm::HillClimb { iterations, seed } = algo {
        let bound = lower_bound(buffers);
        let mut best_arena = arena_of(buffers, &best);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = buffers.len();
        for _ in 0..iterations {
            if n < 2 || best_arena <= bound {
                break;
            }
            let (a, b) = (rng.gen_range(0..n), rng.gen_range(0..n));
            order.swap(a, b);
            let offs = first_fit(buffers, &order);
            let arena = arena_of(buffers, &offs);
            if arena <= best_arena {
                best_arena = arena;
                best = offs;
            } else {
                order.swap(a, b);
            }
        }
    }
    best
}

/// Checks a placement: alignment, fit, and no byte shared by buffers live at the same time.
pub fn check(buffers: &[Buffer], offsets: &[usize], arena: usize) -> Result<(), PassError> {
    for (i, (b, &o)) in buffers.iter().zip(offsets).enumerate() {
        if o % ALIGN != 0 {
            return Err(PassError::Plan(format!("buffer {i} at {o} is not {ALIGN}-byte aligned")));
        }
        if o + b.size > arena {
            return Err(PassError::Plan(format!("buffer {i} ends at {} beyond the arena {arena}", o + b.size)));
        }
        for (j, (c, &p)) in buffers.iter().zip(offsets).enumerate().skip(i + 1) {
            if b.overlaps_in_time(c) && o < p + c.size && p < o + b.size && b.size > 0 && c.size > 0 {
                return Err(PassError::Plan(format!(
                    "buffers {i} [{o}, {}) and {j} [{p}, {}) are live together and overlap",
                    o + b.size,
                    p + c.size
                )));
            }
        }
    }
    Ok(())
}

impl MemoryPlan {
    /// An ASCII picture of the plan: one row per schedule step, one column per arena slice;
    /// each buffer is drawn with its own letter.
    pub fn ascii(&self, width: usize) -> String {
        let mut s = String::new();
        let scale = self.arena_bytes.max(1) as f64 / width as f64;
        let steps = self.buffers.iter().map(|b| b.last + 1).max().unwrap_or(0);
        let _ = writeln!(
            s,
            "arena {} B, lower bound {} B, {} buffers",
            self.arena_bytes,
            self.lower_bound,
            self.buffers.len()
        );
        for t in 0..steps {
            let mut row = vec![b'.'; width];
            for (i, (b, &o)) in self.buffers.iter().zip(&self.offsets).enumerate() {
                if b.first <= t && t <= b.last {
                    let (x0, x1) =
                        ((o as f64 / scale) as usize, (((o + b.size) as f64 / scale).ceil() as usize).min(width));
                    let ch = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[i % 62];
                    row[x0.min(width.saturating_sub(1))..x1.max(x0 + 1).min(width)].fill(ch);
                }
            }
            let _ = writeln!(s, "{t:4} {}", String::from_utf8_lossy(&row));
        }
        s
    }
}
