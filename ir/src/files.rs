//! Reading the files a user names: only regular files (a FIFO or a device named as a model or
//! weights would block or never end).

use std::path::Path;

/// The bytes of `path`, refusing anything but a regular file (symbolic links followed).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let m = std::fs::metadata(path)?;
    if !m.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", if m.is_dir() { "a folder" } else { "a pipe, socket or device" }),
        ));
    }
    std::fs::read(path)
}

/// `Err` when `path` exists and is not a regular file (an output that would block or be lost).
pub fn check_output(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} exists and is not a regular file", path.display()),
        )),
        _ => Ok(()),
    }
}
