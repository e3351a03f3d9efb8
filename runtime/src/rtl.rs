//! Runs a compiled model on the Verilator simulation of lowRISC Ibex's simple system (built by
//! `scripts/rtl-sim.sh`): the ground truth of the cycle model. The harness of `harness.rs` is
//! linked for [`Platform::IbexSimple`]; the simulator runs in a folder of its own (it writes
//! `ibex_simple_system.log` there, where the harness's report arrives as one line of hex) under a
//! timeout and a cycle limit. `mcycle` read by the harness around the model and around each
//! kernel are the RTL's cycles.

use crate::harness::Platform;
use crate::{link_program, parse_report, Profile, RunOptions, RuntimeError, Timings};
use hynas_codegen::Compiled;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The simulator stops itself after this many cycles (a program that never halts).
const MAX_CYCLES: u64 = 2_000_000_000;

/// Decodes the hex report line the Ibex harness prints (two lowercase digits per byte).
pub fn decode_hex_report(log: &str) -> Result<Vec<u8>, RuntimeError> {
    // "HYNS" as hex: the report's magic.
    let magic = "48594e53";
    let at = log.find(magic).ok_or_else(|| {
        let tail: String = log.chars().rev().take(300).collect::<Vec<_>>().into_iter().rev().collect();
        RuntimeError::Rtl(format!("no report in the simulator's log (it ends: {tail:?})"))
    })?;
    let line = log[at..].lines().next().unwrap_or("");
    if !line.len().is_multiple_of(2) {
        return Err(RuntimeError::Rtl(format!("the report has an odd number of hex digits ({})", line.len())));
    }
    (0..line.len() / 2)
        .map(|i| {
            u8::from_str_radix(&line[2 * i..2 * i + 2], 16).map_err(|_| {
                RuntimeError::Rtl(format!("not hex at {} of the report: {:?}", 2 * i, &line[2 * i..2 * i + 2]))
            })
        })
        .collect()
}

/// Runs `elf` on the simulator `sim` in `dir` under `timeout`; returns the simulated program's
/// output (`ibex_simple_system.log`).
pub fn simulate(sim: &Path, elf: &Path, dir: &Path, timeout: Duration) -> Result<String, RuntimeError> {
    use std::os::unix::process::CommandExt;
    if !sim.is_file() {
        return Err(RuntimeError::Rtl(format!(
            "{} is not a file (build the simulation with scripts/rtl-sim.sh)",
            sim.display()
        )));
    }
    let t = Instant::now();
    let out = std::fs::File::create(dir.join("sim.out")).map_err(|e| RuntimeError::Io("sim.out".into(), e))?;
    let err = out.try_clone().map_err(|e| RuntimeError::Io("sim.out".into(), e))?;
    let mut child = Command::new(sim)
        .arg(format!("--meminit=ram,{}", elf.display()))
        .arg("+ibex_tracer_enable=0")
        .arg(format!("--term-after-cycles={MAX_CYCLES}"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(|e| RuntimeError::Rtl(format!("cannot start {}: {e}", sim.display())))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if t.elapsed() > timeout => {
                crate::spike::kill_group(child.id());
                let _ = child.wait();
                return Err(RuntimeError::Timeout(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(RuntimeError::Rtl(e.to_string())),
        }
    };
    let sim_out = std::fs::read_to_string(dir.join("sim.out")).unwrap_or_default();
    if !status.success() {
        let tail: String = sim_out.lines().rev().take(10).collect::<Vec<_>>().join(" | ");
        return Err(RuntimeError::Rtl(format!("the simulator exited with {status}: {tail}")));
    }
    let log_path = dir.join("ibex_simple_system.log");
    std::fs::read_to_string(&log_path).map_err(|e| RuntimeError::Io(log_path.display().to_string(), e))
}

/// The `Total ticks` CoreMark reports (its timed region, in `mcycle`) when `elf` runs on `sim`.
pub fn coremark_ticks(sim: &Path, elf: &Path) -> Result<u64, RuntimeError> {
    let dir = tempfile::tempdir().map_err(|e| RuntimeError::Io("temporary folder".into(), e))?;
    let log = simulate(sim, elf, dir.path(), Duration::from_secs(1800))?;
    if !log.contains("Correct operation validated") {
        return Err(RuntimeError::Rtl(format!("CoreMark did not validate its results on {}", elf.display())));
    }
    log.lines()
        .find_map(|l| l.strip_prefix("Total ticks")?.trim().trim_start_matches(':').trim().parse().ok())
        .ok_or_else(|| RuntimeError::Rtl(format!("no \"Total ticks\" line from CoreMark ({})", elf.display())))
}

/// Runs `compiled` (an rv32imc or rv32imc-compatible object) on the Ibex simulation `sim` on `n`
/// inputs; `cycles` and the per-kernel cycles of the result are the RTL's `mcycle`.
pub fn run_on_ibex(
    compiled: &Compiled,
    int: bool,
    input: &[u8],
    n: usize,
    sim: &Path,
    opts: &RunOptions,
) -> Result<Profile, RuntimeError> {
    crate::check_input_len(compiled, int, input, n)?;
    let t0 = Instant::now();
    let tmp = tempfile::tempdir().map_err(|e| RuntimeError::Io("temporary folder".into(), e))?;
    let dir = opts.keep_dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let linked = link_program(compiled, int, input, n, opts, Platform::IbexSimple, &dir)?;
    let t_link = t0.elapsed();
    let t1 = Instant::now();
    let log = simulate(sim, &linked.elf, &dir, opts.timeout)?;
    if let Some(at) = log.find("TRAP ") {
        return Err(RuntimeError::Rtl(format!("the program trapped: {}", log[at..].lines().next().unwrap_or(""))));
    }
    let bytes = decode_hex_report(&log)?;
    let r = parse_report(&bytes, compiled, int, n, linked.counted)?;
    Ok(Profile {
        outputs: r.outputs,
        int_outputs: r.int_outputs,
        instructions: r.instructions,
        cycles: r.cycles,
        kernels: r.kernels,
        stack_bytes: r.stack_bytes,
        sections: linked.sections,
        arena_bytes: compiled.arena_bytes,
        timings: Timings { compile: Duration::ZERO, link: t_link, spike: t1.elapsed() },
        modelled: None,
        rtl: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_report_decodes_from_the_magic_to_the_end_of_its_line() {
        let log = "boot text\nxx48594e530a0bff\nafter\n";
        assert_eq!(decode_hex_report(log).unwrap(), vec![0x48, 0x59, 0x4e, 0x53, 0x0a, 0x0b, 0xff]);
        assert!(decode_hex_report("nothing here").is_err());
        assert!(decode_hex_report("48594e53z1").is_err());
        assert!(decode_hex_report("48594e530").is_err());
    }
}
