//! The cycle model on real code: the decoder against `llvm-objdump-19` on linked models (every
//! instruction's length, class and branch target), and the histogram estimate against the
//! exact replay of Spike's commit log of the same run, for every core.

use hynas_ir::{DType, IntTensor, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_passes::{run_pipeline, Options};
use hynas_runtime::cycles::cores::Core;
use hynas_runtime::cycles::decode::Class;
use hynas_runtime::cycles::{estimate, parse_histogram, replay, Program};
use hynas_runtime::{run_int_on_spike, run_on_spike, RunOptions};
use hynas_searcher::Genome;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Links `genome` (f32 for rv32imf, or int8 for rv32imc) into `dir/prog.elf` through a Spike run.
fn linked(genome: &Genome, int8: bool, dir: &Path) -> hynas_codegen::Target {
    let graph = genome.lower_with(1, true).unwrap();
    let mut opt = graph.clone();
    run_pipeline(&mut opt, Options::default()).unwrap();
    let dims = genome.input_dims();
    let n: usize = dims.iter().product();
    let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 200) as f32 / 100.0 - 1.0).collect();
    let keep = Some(dir.to_path_buf());
    if int8 {
        let calib = vec![Tensor::from_vec(&dims, x.clone()).unwrap()];
        // Quantised from the lowered graph (quantisation runs the passes it needs).
        let q = quantize_model(&graph, &calib, Calibration::MinMax, 1).unwrap();
        let p = plan(&q, Algorithm::Greedy).unwrap();
        let xi = IntTensor::from_vec(&dims, DType::I8, (0..n).map(|i| (i % 255) as i32 - 127).collect()).unwrap();
        let opts = RunOptions { target: hynas_codegen::Target::Rv32imc, keep_dir: keep, ..Default::default() };
        run_int_on_spike(&q, &p, &xi.data, 1, &opts).unwrap();
        opts.target
    } else {
        let p = plan(&opt, Algorithm::Greedy).unwrap();
        run_on_spike(&opt, &p, &x, &RunOptions { keep_dir: keep, ..Default::default() }).unwrap();
        hynas_codegen::Target::Rv32imf
    }
}

/// The class llvm-objdump's mnemonic names (compressed instructions are printed expanded).
fn class_of(m: &str) -> Option<Class> {
    Some(match m {
        "lb" | "lh" | "lw" | "lbu" | "lhu" => Class::Load,
        "sb" | "sh" | "sw" => Class::Store,
        "mul" => Class::Mul,
        "mulh" | "mulhsu" | "mulhu" => Class::MulH,
        "div" | "divu" | "rem" | "remu" => Class::Div,
        "beq" | "bne" | "blt" | "bge" | "bltu" | "bgeu" | "beqz" | "bnez" | "blez" | "bgez" | "bltz" | "bgtz"
        | "bgt" | "ble" | "bgtu" | "bleu" => Class::Branch,
        "jal" | "j" => Class::Jal,
        "jalr" | "jr" | "ret" => Class::Jalr,
        "flw" => Class::FpLoad,
        "fsw" => Class::FpStore,
        "fadd.s" | "fsub.s" | "fmul.s" | "fmadd.s" | "fmsub.s" | "fnmadd.s" | "fnmsub.s" => Class::FpArith,
        "fdiv.s" | "fsqrt.s" => Class::FpDiv,
        m if m.starts_with('f') => Class::FpOther,
        m if m.starts_with("csr") || matches!(m, "ecall" | "ebreak" | "wfi" | "mret" | "unimp") => Class::System,
        _ => Class::Alu,
    })
}

#[test]
fn the_decoder_agrees_with_llvm_objdump_on_linked_models() {
    let cases = [(Genome::Probe, false), (Genome::Probe, true), (Genome::Resnet8, true)];
    for (g, int8) in cases {
        let dir = tempfile::tempdir().unwrap();
        let target = linked(&g, int8, dir.path());
        let elf = dir.path().join("prog.elf");
        let p = Program::from_elf(&std::fs::read(&elf).unwrap(), |_| true).unwrap();
        let mattr = if int8 { "+m,+c" } else { "+m,+f" };
        let out = Command::new("llvm-objdump-19")
            .args(["-d", "--no-show-raw-insn", &format!("--mattr={mattr}")])
            .arg(&elf)
            .output()
            .expect("llvm-objdump-19 (apt install llvm-19)");
        let text = String::from_utf8_lossy(&out.stdout);
        let (mut checked, mut wrong) = (0, Vec::new());
        for line in text.lines() {
            // "80000200:      \taddi\tsp, sp, -0x40" (tab-separated after the address).
            let Some((addr, rest)) = line.trim().split_once(':') else { continue };
            let Ok(pc) = u32::from_str_radix(addr.trim(), 16) else { continue };
            let mut f = rest.split_whitespace();
            let Some(m) = f.next() else { continue };
            let Some(i) = p.insts.get(&pc) else { continue };
            let want = class_of(m).unwrap();
            // The branch target: objdump prints it as an address before `<symbol+offset>`.
            let target = rest.split('<').next().and_then(|s| s.split([',', ' ']).rfind(|w| w.starts_with("0x")));
            let target = target.and_then(|t| u32::from_str_radix(&t[2..], 16).ok());
            let target_ok = i.class != Class::Branch || target == i.target;
            if i.class != want || !target_ok {
                wrong.push(format!(
                    "{pc:x} {m}: decoded {:?} target {:x?}, objdump target {target:x?}",
                    i.class, i.target
                ));
            }
            checked += 1;
        }
        assert!(checked > 1000, "{g:?} {}: only {checked} instructions compared", target.name());
        assert!(
            wrong.is_empty(),
            "{g:?} int8 {int8}: {} of {checked} differ:\n{}",
            wrong.len(),
            wrong[..wrong.len().min(20)].join("\n")
        );
    }
}

/// Runs `elf` in Spike with `flag` (`-g` or `-l`) and returns its stderr.
fn spike_stderr(elf: &Path, isa: &str, flag: &str) -> String {
    let spike = hynas_runtime::spike::find_spike().unwrap();
    let out = Command::new(spike)
        .args([format!("--isa={isa}"), "-m0x80000000:0x4000000".into(), flag.into()])
        .arg(elf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "spike {flag}: {}",
        String::from_utf8_lossy(&out.stderr).chars().take(500).collect::<String>()
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The histogram estimate equals the exact replay of the commit log, for every core: the taken
/// counts solved from flow conservation are the trace's, on the whole compiled model.
#[test]
fn the_histogram_estimate_equals_the_trace_replay_on_compiled_models() {
    for (g, int8) in [(Genome::Probe, false), (Genome::Probe, true)] {
        let dir = tempfile::tempdir().unwrap();
        let target = linked(&g, int8, dir.path());
        let elf = dir.path().join("prog.elf");
        let p = Program::from_elf(&std::fs::read(&elf).unwrap(), |n| {
            n.starts_with("hynas_") && !n.starts_with("hynas_htif")
        })
        .unwrap();
        let hist = parse_histogram(&spike_stderr(&elf, target.spike_isa(), "-g")).unwrap();
        let hist = p.counts(&hist);
        let log = spike_stderr(&elf, target.spike_isa(), "-l");
        // "core   0: 0x80000200 (0x...) addi ..."
        let trace: Vec<u32> = log
            .lines()
            .filter_map(|l| {
                l.split_once(": 0x").and_then(|(_, r)| r.get(..8)).and_then(|h| u32::from_str_radix(h, 16).ok())
            })
            .collect();
        assert!(trace.len() > 100_000, "{} PCs in the log", trace.len());
        let mut from_trace: HashMap<u32, u64> = HashMap::new();
        for pc in trace.iter().filter(|pc| p.insts.contains_key(pc)) {
            *from_trace.entry(*pc).or_default() += 1;
        }
        let diff: Vec<_> = hist
            .iter()
            .filter(|(pc, n)| from_trace.get(pc) != Some(n))
            .map(|(pc, n)| (*pc, *n, from_trace.get(pc).copied()))
            .collect();
        assert!(diff.is_empty(), "histogram vs trace counts: {diff:x?}");
        for name in Core::names() {
            let core = Core::named(name, 1).unwrap();
            let (e, r) = (estimate(&core, &p, &hist), replay(&core, &p, &trace));
            println!("{g:?} int8 {int8} {name}: {e:?}");
            assert_eq!(e, r, "{g:?} int8 {int8} on {name}: histogram estimate vs trace replay");
        }
    }
}
