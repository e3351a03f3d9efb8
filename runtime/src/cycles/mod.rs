//! Cycles of real cores from Spike's instruction counts: a per-core timing table (`cores`) applied
//! to the model's own decoded instructions (`decode`), either over an exact trace of executed
//! PCs ([`replay`], validation) or over Spike's per-PC histogram ([`estimate`], the fast path).
//!
//! From a histogram alone the order of execution is unknown, but our code's neighbours are: a
//! load's or an FP operation's next instruction is the one after it, so load-use and FP-latency
//! stalls follow from counts. What a histogram does not say is how often each conditional branch
//! was taken. That comes from flow conservation over the control-flow graph of the decoded code:
//! an instruction runs as often as control reaches it, from the instruction before it (all of its
//! count, or for a branch its count less its taken count, or none after a jump) and from the
//! branches and jumps that target it. Each instruction whose inflow has exactly one unknown
//! taken count fixes it; repeated to a fixpoint, this solves the branches of loops and ifs.
//! Function entries (entered from outside) give no equation; a branch left unsolved is taken
//! `count - count(next)` times (its fall-through has no other way in).

pub mod cores;
pub mod decode;

use crate::RuntimeError;
use cores::Core;
use decode::{decode, Class, Inst};
use std::collections::{BTreeMap, HashMap};

/// Decoded code: instructions by PC, and its functions (name, start, end).
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub insts: BTreeMap<u32, Inst>,
    pub entries: Vec<u32>,
    pub functions: Vec<(String, u32, u32)>,
}

impl Program {
    /// Decodes `code` (at address `base`) as the single function starting there.
    pub fn from_code(code: &[u8], base: u32) -> Result<Program, RuntimeError> {
        let mut p = Program { entries: vec![base], ..Default::default() };
        p.add(code, base)?;
        Ok(p)
    }

    /// Decodes the functions of an ELF executable whose names `keep` accepts.
    pub fn from_elf(elf: &[u8], keep: impl Fn(&str) -> bool) -> Result<Program, RuntimeError> {
        use object::{Object, ObjectSection, ObjectSymbol, SymbolKind};
        let bad = |e: String| RuntimeError::Report(format!("cycle model: {e}"));
        let file = object::File::parse(elf).map_err(|e| bad(e.to_string()))?;
        let mut p = Program::default();
        for s in file.symbols().filter(|s| s.kind() == SymbolKind::Text && s.size() > 0) {
            let name = s.name().map_err(|e| bad(e.to_string()))?;
            if !keep(name) {
                continue;
            }
            let sec = s
                .section_index()
                .and_then(|i| file.section_by_index(i).ok())
                .ok_or_else(|| bad(format!("{name} has no section")))?;
            let data = sec.data().map_err(|e| bad(e.to_string()))?;
            let start = (s.address() - sec.address()) as usize;
            let code = data
                .get(start..start + s.size() as usize)
                .ok_or_else(|| bad(format!("{name} lies outside its section")))?;
            p.entries.push(s.address() as u32);
            p.functions.push((name.to_string(), s.address() as u32, (s.address() + s.size()) as u32));
            p.add(code, s.address() as u32)?;
        }
        p.resolve_calls();
        Ok(p)
    }

    /// Gives `auipc r, hi; jalr rd, lo(r)` pairs (calls and tail calls without linker
    /// relaxation) the `jalr`'s target.
    fn resolve_calls(&mut self) {
        let pairs: Vec<(u32, u32)> = self
            .insts
            .iter()
            .filter(|(_, i)| i.class == Class::Jalr)
            .filter_map(|(&pc, i)| {
                let (_, pi) = self.prev(pc)?;
                let base = pi.target.filter(|_| pi.class == Class::Alu && pi.rd.is_some() && pi.rd == i.rs[0])?;
                Some((pc, base.wrapping_add(i.imm as u32)))
            })
            .collect();
        for (pc, t) in pairs {
            if let Some(i) = self.insts.get_mut(&pc) {
                i.target = Some(t);
            }
        }
    }

    fn add(&mut self, code: &[u8], base: u32) -> Result<(), RuntimeError> {
        let mut at = 0usize;
        while at + 2 <= code.len() {
            let pc = base + at as u32;
            // Padding (zeros) and data in text end the function's decodable code.
            let Some(i) = decode(&code[at..], pc) else {
                if code[at..].iter().all(|&b| b == 0) {
                    break;
                }
                let word = code[at..].iter().take(4).rev().fold(0u32, |w, &b| w << 8 | b as u32);
                return Err(RuntimeError::Report(format!(
                    "cycle model: no RV32IMFC instruction at 0x{pc:x} (0x{word:08x})"
                )));
            };
            self.insts.insert(pc, i);
            at += i.len as usize;
        }
        Ok(())
    }

    /// The per-PC counts of Spike's histogram `hist` for this program's instructions. Spike
    /// counts a read of a performance counter (`mcycle`, `minstret` and their high halves)
    /// twice: the read serialises and the instruction is fetched again; those counts are halved.
    pub fn counts(&self, hist: &HashMap<u32, u64>) -> HashMap<u32, u64> {
        let counter = |c: u16| matches!(c, 0xb00 | 0xb02 | 0xb80 | 0xb82 | 0xc00 | 0xc02 | 0xc80 | 0xc82);
        hist.iter()
            .filter_map(|(&pc, &n)| {
                let i = self.insts.get(&pc)?;
                Some((pc, if i.csr.is_some_and(counter) { n / 2 } else { n }))
            })
            .collect()
    }

    /// The instruction ending where `pc` starts.
    fn prev(&self, pc: u32) -> Option<(u32, &Inst)> {
        self.insts.range(..pc).next_back().filter(|(&p, i)| p + i.len == pc).map(|(&p, i)| (p, i))
    }
}

/// Modelled cycles, with their parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cycles {
    pub cycles: u64,
    pub instructions: u64,
    /// Taken conditional branches (solved from the histogram, or counted in a trace).
    pub taken: u64,
    /// Cycles lost to load-use, FP-latency and `jalr` dependences.
    pub stalls: u64,
}

impl std::ops::AddAssign for Cycles {
    fn add_assign(&mut self, o: Cycles) {
        self.cycles += o.cycles;
        self.instructions += o.instructions;
        self.taken += o.taken;
        self.stalls += o.stalls;
    }
}

/// Whether `next` reads register `r`.
fn reads(next: Option<&Inst>, r: Option<u8>) -> bool {
    match (next, r) {
        (Some(n), Some(r)) => n.rs.contains(&Some(r)),
        _ => false,
    }
}

/// The stall between `i` and the instruction executed after it (`next`).
fn pair_stall(core: &Core, i: &Inst, next: Option<&Inst>) -> u32 {
    match i.class {
        Class::Load | Class::FpLoad if reads(next, i.rd) => core.load_use,
        Class::FpArith if reads(next, i.rd) => core.fp_latency,
        _ => 0,
    }
}

/// A control transfer landing on `target`: the misaligned-fetch cycle if any.
fn landing(core: &Core, p: &Program, target: u32) -> u32 {
    match p.insts.get(&target) {
        Some(t) if t.len == 4 && !target.is_multiple_of(4) => core.misaligned,
        _ => 0,
    }
}

/// Cycles of an exact sequence of executed PCs (PCs outside `p` are skipped: the harness).
pub fn replay(core: &Core, p: &Program, trace: &[u32]) -> Cycles {
    let mut c = Cycles::default();
    for (k, pc) in trace.iter().enumerate() {
        let Some(i) = p.insts.get(pc) else { continue };
        let next_pc = trace.get(k + 1).copied();
        let next = next_pc.and_then(|n| p.insts.get(&n));
        let stall = pair_stall(core, i, next) as u64
            + match p.prev(*pc) {
                Some((pp, pi)) if i.class == Class::Jalr && k > 0 && trace[k - 1] == pp && reads(Some(i), pi.rd) => {
                    core.jalr_dep as u64
                }
                _ => 0,
            };
        let mut cyc = core.base(i.class) as u64 + stall;
        let jumped = next_pc.is_some_and(|n| n != pc + i.len);
        if i.class == Class::Branch && jumped {
            c.taken += 1;
            cyc += (core.taken - core.branch) as u64;
        }
        // (Indirect jumps land anywhere: their landings are not modelled, here or in `estimate`.)
        if jumped && matches!(i.class, Class::Branch | Class::Jal) {
            cyc += landing(core, p, next_pc.unwrap_or_default()) as u64;
        }
        c.cycles += cyc;
        c.stalls += stall;
        c.instructions += 1;
    }
    c
}

/// How often each conditional branch of `p` was taken, from the per-PC counts `hist` (module
/// note).
pub fn taken_counts(p: &Program, hist: &HashMap<u32, u64>) -> HashMap<u32, u64> {
    let count = |pc: u32| hist.get(&pc).copied().unwrap_or(0) as i128;
    // Control that reaches each instruction from a jump or a branch.
    let mut into: HashMap<u32, Vec<u32>> = HashMap::new();
    for (&pc, i) in &p.insts {
        if let (Class::Branch | Class::Jal | Class::Jalr, Some(t)) = (i.class, i.target) {
            into.entry(t).or_default().push(pc);
        }
    }
    let mut taken: HashMap<u32, i128> = HashMap::new();
    loop {
        let mut progress = false;
        for &pc in p.insts.keys() {
            if p.entries.contains(&pc) {
                continue;
            }
            // count(pc) = known + sum of sign * taken(unknown branch).
            let (mut known, mut unknown) = (0i128, Vec::new());
            if let Some((pp, pi)) = p.prev(pc) {
                match pi.class {
                    Class::Branch => match taken.get(&pp) {
                        Some(t) => known += count(pp) - t,
                        None => {
                            known += count(pp);
                            unknown.push((pp, -1));
                        }
                    },
                    // A call returns to the next instruction; a plain jump never falls through.
                    Class::Jal | Class::Jalr if pi.rd.is_none() => {}
                    _ => known += count(pp),
                }
            }
            for &src in into.get(&pc).into_iter().flatten() {
                let si = &p.insts[&src];
                match (si.class, taken.get(&src)) {
                    (Class::Branch, Some(t)) => known += t,
                    (Class::Branch, None) => unknown.push((src, 1)),
                    _ => known += count(src),
                }
            }
            unknown.sort();
            unknown.dedup_by(|a, b| {
                // A branch to its own next instruction: both terms cancel.
                if a.0 == b.0 {
                    b.1 += a.1;
                    true
                } else {
                    false
                }
            });
            unknown.retain(|u| u.1 != 0);
            if let [(b, sign)] = unknown[..] {
                let t = ((count(pc) - known) * sign as i128).clamp(0, count(b));
                taken.insert(b, t);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    let mut out = HashMap::new();
    for (&pc, i) in &p.insts {
        if i.class == Class::Branch {
            let t = taken.get(&pc).copied().unwrap_or_else(|| (count(pc) - count(pc + i.len)).clamp(0, count(pc)));
            out.insert(pc, t as u64);
        }
    }
    out
}

/// Cycles from per-PC counts (module note).
pub fn estimate(core: &Core, p: &Program, hist: &HashMap<u32, u64>) -> Cycles {
    let mut c = Cycles::default();
    for (_, k) in per_pc(core, p, hist) {
        c += k;
    }
    c
}

/// The cycles of each executed instruction of `p` (module note).
fn per_pc(core: &Core, p: &Program, hist: &HashMap<u32, u64>) -> Vec<(u32, Cycles)> {
    let taken = taken_counts(p, hist);
    let mut out = Vec::new();
    for (&pc, i) in &p.insts {
        let mut c = Cycles::default();
        let n = hist.get(&pc).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        // Loads and FP operations are never control transfers: their next is the next one.
        let mut stall = pair_stall(core, i, p.insts.get(&(pc + i.len))) as u64 * n;
        if i.class == Class::Jalr {
            if let Some((pp, pi)) = p.prev(pc) {
                if reads(Some(i), pi.rd) && !matches!(pi.class, Class::Branch | Class::Jal | Class::Jalr) {
                    stall += core.jalr_dep as u64 * n.min(hist.get(&pp).copied().unwrap_or(0));
                }
            }
        }
        let mut cyc = core.base(i.class) as u64 * n + stall;
        match i.class {
            Class::Branch => {
                let t = taken.get(&pc).copied().unwrap_or(0);
                c.taken += t;
                cyc +=
                    (core.taken - core.branch) as u64 * t + landing(core, p, i.target.unwrap_or_default()) as u64 * t;
            }
            Class::Jal => cyc += landing(core, p, i.target.unwrap_or_default()) as u64 * n,
            _ => {}
        }
        c.cycles += cyc;
        c.stalls += stall;
        c.instructions += n;
        out.push((pc, c));
    }
    out
}

/// Modelled cycles of a compiled model's run, in total and per kernel.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelCycles {
    pub core: Core,
    pub total: Cycles,
    /// Per kernel (in schedule order): the cycles of its own code and its share of the shared
    /// helpers it calls: the instructions it ran in them (its measured instructions less its
    /// own) at their average cycles per instruction; without measured counts, their average
    /// cycles per call times its calls.
    pub kernels: Vec<u64>,
}

/// The modelled cycles of a run of a model built with separate kernels (functions named
/// `kernels`): the functions of `p` are the model's, `hist` the run's per-PC counts
/// ([`Program::counts`]); `measured` the instructions each kernel ran (the harness's per-kernel
/// counters, inclusive of the helpers it called; empty when unknown).
pub fn model_cycles(
    core: &Core,
    p: &Program,
    hist: &HashMap<u32, u64>,
    kernels: &[&str],
    measured: &[u64],
) -> ModelCycles {
    let costs = per_pc(core, p, hist);
    let func_of = |pc: u32| p.functions.iter().position(|&(_, s, e)| (s..e).contains(&pc));
    let nf = p.functions.len();
    // Own cycles and instructions of each function, and calls between functions (caller,
    // callee, count).
    let (mut own, mut own_i) = (vec![0u64; nf], vec![0u64; nf]);
    let mut total = Cycles::default();
    for (pc, c) in &costs {
        if let Some(f) = func_of(*pc) {
            own[f] += c.cycles;
            own_i[f] += c.instructions;
        }
        total += *c;
    }
    let mut calls: Vec<(usize, usize, u64)> = Vec::new();
    for (&pc, i) in &p.insts {
        // A call, or a tail call (a jump to another function's entry).
        if let (Class::Jal | Class::Jalr, Some(t)) = (i.class, i.target) {
            let n = hist.get(&pc).copied().unwrap_or(0);
            if let (Some(from), Some(to)) = (func_of(pc), p.functions.iter().position(|f| f.1 == t)) {
                if n > 0 {
                    calls.push((from, to, n));
                }
            }
        }
    }
    let (incl, incl_i) = (inclusive(&own, &calls), inclusive(&own_i, &calls));
    let kernels = kernels
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let Some(f) = p.functions.iter().position(|f| f.0 == *name) else { return 0 };
            match measured.get(k) {
                // The helpers' share by the instructions this kernel ran in them.
                Some(&m) if m >= own_i[f] && incl_i[f] > own_i[f] => {
                    let cpi = (incl[f] - own[f]) as f64 / (incl_i[f] - own_i[f]) as f64;
                    own[f] + ((m - own_i[f]) as f64 * cpi).round() as u64
                }
                _ => incl[f],
            }
        })
        .collect();
    ModelCycles { core: *core, total, kernels }
}

/// Inclusive costs of each function from its own (`own`) and the calls (caller, callee, count):
/// a callee's inclusive cost is shared among its callers by their calls. Callees first; there is
/// no recursion in generated code, so a fixpoint of at most `own.len()` rounds.
fn inclusive(own: &[u64], calls: &[(usize, usize, u64)]) -> Vec<u64> {
    let mut incl = own.to_vec();
    for _ in 0..own.len() {
        let mut next = own.to_vec();
        for &(from, to, n) in calls {
            let into: u64 = calls.iter().filter(|c| c.1 == to).map(|c| c.2).sum();
            next[from] += (incl[to] as u128 * n as u128 / into.max(1) as u128) as u64;
        }
        if next == incl {
            break;
        }
        incl = next;
    }
    incl
}

/// The modelled cycles and the instructions of a whole program: `elf` (any bare-metal program
/// that ends through HTIF's `tohost`) run in Spike with `isa` and the memory map `memory`
/// (Spike's `-m`), every function of it decoded.
pub fn model_elf(core: &Core, elf: &std::path::Path, isa: &str, memory: &str) -> Result<(u64, u64), RuntimeError> {
    let (_, hist) = crate::spike::run_with_memory(elf, isa, memory, std::time::Duration::from_secs(120), true)?;
    let hist = parse_histogram(&hist.unwrap_or_default())?;
    let bytes = std::fs::read(elf).map_err(|e| RuntimeError::Io(elf.display().to_string(), e))?;
    let p = Program::from_elf(&bytes, |_| true)?;
    let c = estimate(core, &p, &p.counts(&hist));
    Ok((c.cycles, c.instructions))
}

/// Parses Spike's `-g` histogram (stderr: `PC Histogram size:N`, then `<pc> <count>` lines, PCs
/// in hex, rv32 PCs sign-extended to 64 bits).
pub fn parse_histogram(text: &str) -> Result<HashMap<u32, u64>, RuntimeError> {
    let bad = |l: &str| RuntimeError::Report(format!("spike histogram: cannot read \"{l}\""));
    let mut h = HashMap::new();
    let mut started = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("PC Histogram size:") {
            started = true;
            continue;
        }
        if !started || l.is_empty() {
            continue;
        }
        let mut parts = l.split_whitespace();
        let (Some(pc), Some(n)) = (parts.next(), parts.next()) else { return Err(bad(l)) };
        let pc = u64::from_str_radix(pc.trim_start_matches("0x"), 16).map_err(|_| bad(l))? as u32;
        let n: u64 = n.parse().map_err(|_| bad(l))?;
        *h.entry(pc).or_insert(0) += n;
    }
    if !started {
        return Err(RuntimeError::Report("spike printed no PC histogram".into()));
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `loop: lw a0,0(a1); add a2,a2,a0; mul a4,a2,a2; addi a1,a1,4; addi a3,a3,-1;
    /// bnez a3,loop; ret` (llvm-mc-19, rv32imc: compressed but for `mul`).
    const LOOP: [u8; 16] =
        [0x88, 0x41, 0x2a, 0x96, 0x33, 0x07, 0xc6, 0x02, 0x91, 0x05, 0xfd, 0x16, 0xf5, 0xfa, 0x82, 0x80];

    fn core(name: &str, lat: u32) -> Core {
        Core::named(name, lat).unwrap()
    }

    /// The loop run `n` times: its histogram and its exact trace.
    fn loop_run(n: u64) -> (HashMap<u32, u64>, Vec<u32>) {
        let hist: HashMap<u32, u64> = [(0, n), (2, n), (4, n), (8, n), (10, n), (12, n), (14, 1)].into();
        let mut trace: Vec<u32> = (0..n).flat_map(|_| [0, 2, 4, 8, 10, 12]).collect();
        trace.push(14);
        (hist, trace)
    }

    #[test]
    fn a_loop_costs_what_each_core_table_says() {
        let p = Program::from_code(&LOOP, 0).unwrap();
        let n = 100;
        let (hist, trace) = loop_run(n);
        assert_eq!(taken_counts(&p, &hist)[&12], n - 1);
        // Per iteration: ibex-small lw 2 + add 1 + mul 3 + addi 1 + addi 1 + bnez 1, taken branches
        // 2 more, ret 2; cv32e40p lw 1 + 1 load-use (add reads a0), 1 each for the rest, taken
        // 2 more, ret 2; Spike one per instruction.
        let want =
            [("ibex-small", 9 * n + 2 * (n - 1) + 2), ("cv32e40p", 7 * n + 2 * (n - 1) + 2), ("spike", 6 * n + 1)];
        for (name, cycles) in want {
            let c = core(name, 0);
            let e = estimate(&c, &p, &hist);
            assert_eq!(e.cycles, cycles, "{name}");
            assert_eq!(e.instructions, 6 * n + 1);
            assert_eq!(replay(&c, &p, &trace), e, "{name}: the trace and the histogram disagree");
        }
        // The single-cycle multiplier and branch-target ALU of ibex-maxperf.
        assert_eq!(estimate(&core("ibex-maxperf", 0), &p, &hist).cycles, 7 * n + (n - 1) + 2);
    }

    #[test]
    fn fp_latency_and_load_use_stall_dependent_neighbours() {
        // flw fa0,0(a1); fmadd.s fa1,fa0,fa0,fa1; fadd.s fa2,fa1,fa1; fsw fa2,4(a1); ret
        let code = [0x88, 0x61, 0xc3, 0x75, 0xa5, 0x58, 0x53, 0xf6, 0xb5, 0x00, 0xd0, 0xe1, 0x82, 0x80];
        let p = Program::from_code(&code, 0x100).unwrap();
        let hist: HashMap<u32, u64> = [0x100, 0x102, 0x106, 0x10a, 0x10c].into_iter().map(|pc| (pc, 1)).collect();
        // 5 instructions (ret 2) + 1 load-use, + 2 x FPU_ADDMUL_LAT (fadd waits for fmadd, fsw for fadd).
        for (lat, cycles) in [(0, 7), (2, 11)] {
            let e = estimate(&core("cv32e40p", lat), &p, &hist);
            assert_eq!((e.cycles, e.stalls), (cycles, 1 + 2 * lat as u64), "FPU_ADDMUL_LAT {lat}");
        }
    }

    #[test]
    fn forward_branches_are_solved_from_their_fall_through() {
        // g: beqz a0,skip; addi a1,a1,1; skip: addi a2,a2,1; ret  -- called 10 times, 3 taken.
        let code = [0x11, 0xc1, 0x85, 0x05, 0x05, 0x06, 0x82, 0x80];
        let p = Program::from_code(&code, 0).unwrap();
        let hist: HashMap<u32, u64> = [(0, 10), (2, 7), (4, 10), (6, 10)].into();
        assert_eq!(taken_counts(&p, &hist)[&0], 3);
        let trace: Vec<u32> = (0..10).flat_map(|i| if i < 3 { vec![0, 4, 6] } else { vec![0, 2, 4, 6] }).collect();
        let c = core("ibex-small", 0);
        // The trace's returns leave the program (its next PC is the caller's): a taken `ret` is
        // counted the same in both.
        assert_eq!(replay(&c, &p, &trace), estimate(&c, &p, &hist));
        assert_eq!(estimate(&c, &p, &hist).cycles, 37 + 3 * 2 + 10);
    }

    #[test]
    fn histograms_parse_and_bad_ones_are_refused() {
        let h = parse_histogram("PC Histogram size:2\nffffffff80000004 7\nffffffff80000000 2\n").unwrap();
        assert_eq!(h, [(0x8000_0004, 7), (0x8000_0000, 2)].into());
        assert!(parse_histogram("no histogram").is_err());
        assert!(parse_histogram("PC Histogram size:1\nzz 1\n").unwrap_err().to_string().contains("zz 1"));
        assert!(Program::from_code(&[0xff, 0xff, 0xff, 0xff], 0).is_err());
    }
}
