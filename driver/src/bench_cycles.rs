//! `hynas bench --core <ibex> --rtl <simulator>`: the cycle model against RTL simulation, in one
//! go. Every case runs twice on the same object: in Spike with its PC histogram (the model's
//! cycles, `hynas_runtime::cycles`) and on the Verilator simulation of Ibex (the harness reads
//! `mcycle`); the outputs of both must be equal. Cases:
//!
//! - the bench models' int8 forms (ResNet-8 and the committed conv_vit genomes);
//! - a kernel sweep of one-operator int8 graphs: dense, strided, grouped, depthwise and pointwise
//!   convolutions (with a fused residual add), pooling, global pooling, attention, dense and
//!   matmul layers (seeded weights, calibrated on seeded random images);
//! - CoreMark (optional): ELFs for Ibex's simple system built at two iteration counts
//!   (`scripts/validate-cycles.sh` builds them); the model's and the RTL's cycles of the
//!   difference are the cycles of the extra iterations, so start-up and reporting cancel.

use crate::jobs::{bench_models, calibration_set, prepare, quantize_graph, QuantizeSpec};
use crate::{invalid, io, Result};
use hynas_codegen::Target;
use hynas_ir::ops::{Conv2dAttrs, Pool2dAttrs, PoolKind, TransposeAttrs};
use hynas_ir::{Graph, Op, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_runtime::cycles::cores::Core;
use hynas_runtime::{run_int_on_spike, RunOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// One case: the model's and the RTL's cycles of the same program.
#[derive(Clone, Debug)]
pub struct CycleRow {
    /// `model`, `kernel` or `coremark`.
    pub group: &'static str,
    pub name: String,
    pub macs: u64,
    pub instructions: u64,
    pub modelled: u64,
    pub rtl: u64,
    /// CoreMark rows: iterations the cycles cover.
    pub iterations: u64,
}

impl CycleRow {
    /// `(modelled - rtl) / rtl`.
    pub fn error(&self) -> f64 {
        (self.modelled as f64 - self.rtl as f64) / self.rtl.max(1) as f64
    }
}

/// The kernel sweep: one-operator graphs with seeded weights (name, graph).
pub fn kernel_sweep() -> Vec<(String, Graph)> {
    let mut rng = ChaCha8Rng::seed_from_u64(26);
    let mut cases = Vec::new();
    // (in channels, size, out channels, kernel, stride, padding, groups, residual add)
    let convs = [
        (3, 32, 16, 3, 1, 1, 1, false),
        (16, 32, 16, 3, 1, 1, 1, true),
        (16, 16, 32, 3, 2, 1, 1, false),
        (32, 8, 64, 3, 2, 1, 1, false),
        (64, 8, 64, 3, 1, 1, 1, false),
        (3, 32, 16, 5, 2, 2, 1, false),
        (8, 8, 8, 3, 1, 1, 4, false),
        (16, 16, 16, 1, 1, 0, 1, false),
        (24, 8, 48, 1, 1, 0, 1, true),
        (32, 16, 64, 1, 2, 0, 1, false),
        (32, 16, 32, 3, 1, 1, 32, false),
        (20, 16, 20, 7, 2, 3, 20, false),
    ];
    for (c, hw, o, k, s, p, groups, residual) in convs {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        let cg = c / groups;
        let bound = 1.0 / ((cg * k * k) as f32).sqrt();
        let attrs = Conv2dAttrs { kernel: k, stride: s, padding: p, groups, has_bias: true };
        let mut conv = |g: &mut Graph, name: &str| {
            let w = konst(g, &mut rng, &format!("{name}.w"), &[o, cg, k, k], bound);
            let b = konst(g, &mut rng, &format!("{name}.b"), &[o], bound);
            g.add_op(name, Op::Conv2d(attrs.clone()), &[x, w, b])
        };
        let Ok(mut y) = conv(&mut g, "conv") else { continue };
        let mut what = format!("conv c{c} {hw}x{hw} -> {o} k{k} s{s} p{p}");
        if groups > 1 {
            what += &format!(" g{groups}");
        }
        if residual {
            // The other operand: a second convolution of the input (fused_ops folds the add).
            let Ok(skip) = conv(&mut g, "skip") else { continue };
            let Ok(a) = g.add_op("add", Op::Add, &[y, skip]) else { continue };
            let Ok(r) = g.add_op("relu", Op::Relu, &[a]) else { continue };
            y = r;
            what += " + residual (2 convs)";
        }
        g.set_outputs(&[y]);
        cases.push((what, g));
    }
    let pools = [
        (PoolKind::Max, 16, 32, 3, 2, 1),
        (PoolKind::Avg, 32, 16, 2, 2, 0),
        (PoolKind::MaxAvg, 16, 16, 3, 2, 1),
        (PoolKind::Avg, 24, 8, 3, 1, 1),
    ];
    for (kind, c, hw, k, s, p) in pools {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, c, hw, hw]);
        if let Ok(y) = g.add_op("pool", Op::Pool2d(Pool2dAttrs { kind, kernel: k, stride: s, padding: p }), &[x]) {
            g.set_outputs(&[y]);
            cases.push((format!("{kind:?} pool c{c} {hw}x{hw} k{k} s{s} p{p}"), g));
        }
    }
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 64, 8, 8]);
    if let Ok(y) = g.add_op("gap", Op::GlobalAvgPool, &[x]) {
        g.set_outputs(&[y]);
        cases.push(("global average pool c64 8x8".into(), g));
    }
    for (h, d, n) in [(2, 16, 64), (6, 32, 16), (1, 8, 256)] {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, h, d, n]);
        let mut mix = |g: &mut Graph, name: &str, gain: f32| {
            let w = konst(g, &mut rng, &format!("{name}.w"), &[h, h, 1, 1], gain);
            let b = konst(g, &mut rng, &format!("{name}.b"), &[h], 0.5);
            let attrs = Conv2dAttrs { kernel: 1, stride: 1, padding: 0, groups: 1, has_bias: true };
            g.add_op(name, Op::Conv2d(attrs), &[x, w, b])
        };
        let (Ok(k), Ok(v)) = (mix(&mut g, "k", 3.0), mix(&mut g, "v", 1.0)) else { continue };
        if let Ok(y) = g.add_op("attention", Op::Attention, &[x, k, v]) {
            g.set_outputs(&[y]);
            cases.push((format!("attention heads {h} d {d} tokens {n} (+ 2 pointwise)"), g));
        }
    }
    for (b, m, k, n) in [(1, 1, 64, 10), (1, 16, 64, 32)] {
        let mut g = Graph::new();
        let x = g.add_input("x", &[b, m, k]);
        let w = konst(&mut g, &mut rng, "w", &[b, k, n], 1.0 / (k as f32).sqrt());
        if let Ok(y) = g.add_op("mm", Op::MatMul, &[x, w]) {
            g.set_outputs(&[y]);
            cases.push((format!("dense {b}x{m}x{k} by {k}x{n}"), g));
        }
    }
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 16, 32]);
    if let Ok(t) = g.add_op("t", Op::Transpose(TransposeAttrs { perm: vec![0, 2, 1] }), &[x]) {
        if let Ok(y) = g.add_op("mm", Op::MatMul, &[x, t]) {
            g.set_outputs(&[y]);
            cases.push(("matmul 16x32 by its transpose".into(), g));
        }
    }
    cases
}

fn konst(g: &mut Graph, rng: &mut ChaCha8Rng, name: &str, shape: &[usize], bound: f32) -> hynas_ir::NodeId {
    let n: usize = shape.iter().product();
    let data = (0..n).map(|_| rng.gen_range(-bound..bound)).collect();
    // The shape's product is the data's length: from_vec cannot fail.
    let t = Tensor::from_vec(shape, data).unwrap_or_else(|| Tensor::zeros(shape));
    g.add_const(name, t, true)
}

/// Runs `q` (an int8 graph) in Spike with the model of `core` and on `sim`.
fn measure(q: &Graph, x: &[i32], core: Core, sim: &Path) -> Result<(u64, u64, u64)> {
    let pl = plan(q, Algorithm::Greedy)?;
    let opts = RunOptions {
        target: Target::Rv32imc,
        timeout: Duration::from_secs(1800),
        core: Some(core),
        rtl: Some(sim.to_path_buf()),
        ..Default::default()
    };
    let prof = run_int_on_spike(q, &pl, x, 1, &opts)?;
    let modelled = prof.modelled.map(|m| m.total.cycles).ok_or_else(|| invalid("no modelled cycles"))?;
    let rtl = prof.rtl.map(|r| r.cycles).ok_or_else(|| invalid("no RTL cycles"))?;
    Ok((prof.instructions, modelled, rtl))
}

/// The model against the RTL on every case (see the module note); `coremark`: a folder with
/// `<name>-<iterations>.elf` pairs for Ibex's simple system. `progress` is told each finished row.
pub fn cycles(
    core: Core,
    sim: &Path,
    spec: &QuantizeSpec,
    coremark: Option<&Path>,
    mut progress: impl FnMut(&CycleRow),
) -> Result<Vec<CycleRow>> {
    if core.fpu || !core.name.starts_with("ibex") {
        return Err(invalid(format!("the RTL simulation is of Ibex (ibex-small or ibex-maxperf), not {}", core.name)));
    }
    let mut rows = Vec::new();
    let mut push = |row: CycleRow, rows: &mut Vec<CycleRow>| {
        progress(&row);
        rows.push(row);
    };
    let images = calibration_set(spec)?;
    for (name, g) in bench_models()? {
        if g.input_dims() != hynas_searcher::INPUT {
            continue;
        }
        let p = prepare(&g, None, 0, None, &[])?;
        let q = quantize_graph(&p.graph, &images, spec.images, spec.method, spec.threads)?;
        let x = crate::jobs::quantize_input(&q.graph, &crate::test_input(&g.input_dims(), 0).data)?;
        let (instructions, modelled, rtl) = measure(&q.graph, &x, core, sim)?;
        let macs = p.counts.macs;
        push(CycleRow { group: "model", name, macs, instructions, modelled, rtl, iterations: 0 }, &mut rows);
    }
    for (i, (name, g)) in kernel_sweep().into_iter().enumerate() {
        let dims = g.node(g.inputs()[0]).shape.dims().to_vec();
        let n: usize = dims.iter().product();
        let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
        let calib: Vec<Tensor> = (0..2)
            .filter_map(|_| Tensor::from_vec(&dims, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()))
            .collect();
        let q = quantize_model(&g, &calib, Calibration::MinMax, 2)?;
        let x: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
        let macs = g.macs();
        let (instructions, modelled, rtl) = measure(&q, &x, core, sim)?;
        push(CycleRow { group: "kernel", name, macs, instructions, modelled, rtl, iterations: 0 }, &mut rows);
    }
    if let Some(dir) = coremark {
        for row in coremark_rows(core, sim, dir)? {
            push(row, &mut rows);
        }
    }
    Ok(rows)
}

/// The CoreMark pairs of `dir`: `<build>-<iterations>.elf`, two iteration counts per build.
fn coremark_rows(core: Core, sim: &Path, dir: &Path) -> Result<Vec<CycleRow>> {
    let mut builds: std::collections::BTreeMap<String, Vec<(u64, std::path::PathBuf)>> = Default::default();
    for e in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let path = e.map_err(|e| io(dir, e))?.path();
        let Some(stem) = path.file_name().and_then(|s| s.to_str()).and_then(|s| s.strip_suffix(".elf")) else {
            continue;
        };
        if let Some((build, its)) = stem.rsplit_once('-') {
            if let Ok(its) = its.parse::<u64>() {
                builds.entry(build.to_string()).or_default().push((its, path));
            }
        }
    }
    let mut rows = Vec::new();
    for (build, mut runs) in builds {
        runs.sort();
        let [(lo, lo_elf), (hi, hi_elf)] = &runs[..] else {
            return Err(invalid(format!(
                "{}: CoreMark build {build} needs exactly two iteration counts",
                dir.display()
            )));
        };
        let spike_mem = "0x10000:0x30000,0x100000:0x100000";
        let (m_lo, i_lo) = hynas_runtime::cycles::model_elf(&core, lo_elf, "rv32imc", spike_mem)?;
        let (m_hi, i_hi) = hynas_runtime::cycles::model_elf(&core, hi_elf, "rv32imc", spike_mem)?;
        let (r_lo, r_hi) =
            (hynas_runtime::rtl::coremark_ticks(sim, lo_elf)?, hynas_runtime::rtl::coremark_ticks(sim, hi_elf)?);
        rows.push(CycleRow {
            group: "coremark",
            name: build,
            macs: 0,
            instructions: i_hi.saturating_sub(i_lo),
            modelled: m_hi.saturating_sub(m_lo),
            rtl: r_hi.saturating_sub(r_lo),
            iterations: hi - lo,
        });
    }
    Ok(rows)
}

pub fn cycles_json(core: &Core, rows: &[CycleRow]) -> Value {
    let v: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({"group": r.group, "name": r.name, "macs": r.macs, "instructions": r.instructions,
                "modelled_cycles": r.modelled, "rtl_cycles": r.rtl, "error": r.error(), "iterations": r.iterations})
        })
        .collect();
    json!({"core": core.name, "rows": v})
}

/// A Markdown table (the README's validation table is this output).
pub fn cycles_table(core: &Core, rows: &[CycleRow]) -> String {
    let mut s = format!(
        "Modelled ({}) against RTL cycles (Verilator, lowRISC Ibex simple system), same programs\n\n",
        core.name
    );
    s += "| case | MACs | instructions | modelled | RTL | model error | RTL CPI |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|\n";
    for r in rows {
        let name = match r.group {
            "coremark" => format!(
                "CoreMark {} ({} iterations; {:.3} CoreMark/MHz modelled, {:.3} RTL)",
                r.name,
                r.iterations,
                r.iterations as f64 * 1e6 / r.modelled.max(1) as f64,
                r.iterations as f64 * 1e6 / r.rtl.max(1) as f64
            ),
            "model" => format!("{} int8", r.name),
            _ => r.name.clone(),
        };
        s += &format!(
            "| {name} | {} | {} | {} | {} | {:+.2}% | {:.3} |\n",
            r.macs,
            r.instructions,
            r.modelled,
            r.rtl,
            100.0 * r.error(),
            r.rtl as f64 / r.instructions.max(1) as f64
        );
    }
    let worst = |g: &str| rows.iter().filter(|r| r.group == g).map(|r| r.error().abs()).fold(0.0f64, f64::max);
    s += &format!(
        "\nlargest |error|: models {:.2}%, kernels {:.2}%, CoreMark {:.2}%\n",
        100.0 * worst("model"),
        100.0 * worst("kernel"),
        100.0 * worst("coremark")
    );
    s
}
