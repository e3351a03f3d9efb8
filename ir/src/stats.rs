//! Activation memory statistics: the bytes of every activation and the peak over a schedule.
//!
//! The peak is the maximum, over schedule steps, of the bytes of all activations live at that
//! step (a buffer is live from the step that writes it to the last step that reads it; graph
//! inputs from the start, graph outputs to the end). Every op output counts as its own buffer
//! here; in-place execution and views are the memory planner's business, so this is the
//! naive peak a planner improves on.

/// One activation buffer: its bytes and the schedule steps that define and last use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub bytes: usize,
    pub first: usize,
    pub last: usize,
}

/// Maximum over steps of the summed bytes of live buffers.
pub fn peak_bytes(buffers: &[Lifetime]) -> usize {
    let steps = buffers.iter().map(|b| b.last + 1).max().unwrap_or(0);
    let mut delta = vec![0isize; steps + 1];
    for b in buffers {
        delta[b.first] += b.bytes as isize;
        delta[b.last + 1] -= b.bytes as isize;
    }
    let mut live = 0isize;
    let mut peak = 0isize;
    for d in delta {
        live += d;
        peak = peak.max(live);
    }
    peak as usize
}

/// Lifetimes of activations given, for each of `n_steps` schedule steps, its output bytes and the
/// steps whose outputs it reads. Step indices refer to earlier steps; input buffers are passed
/// as steps with no operands. `outputs` lists steps whose results must survive to the end.
pub fn lifetimes(out_bytes: &[usize], reads: &[Vec<usize>], outputs: &[usize]) -> Vec<Lifetime> {
    let n = out_bytes.len();
    let mut last: Vec<usize> = (0..n).collect();
    for (step, rs) in reads.iter().enumerate() {
        for &r in rs {
            last[r] = last[r].max(step);
        }
    }
    for &o in outputs {
        last[o] = n.saturating_sub(1);
    }
    (0..n).map(|i| Lifetime { bytes: out_bytes[i], first: i, last: last[i] }).collect()
}

/// Activation figures of a graph (input and every op output, in schedule order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivationStats {
    /// Bytes per activation in schedule order, the graph input first.
    pub bytes: Vec<usize>,
    pub peak: usize,
}
