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

/// What an output path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// A regular file or nothing yet: write a temporary file and rename it over.
    File,
    /// A character or block device (`/dev/null`, `/dev/stdout`): write to it directly, never
    /// rename over it.
    Device,
}

/// What `path` is as an output; `Err` for a FIFO, socket or folder (writing would block or fail).
pub fn check_output(path: &Path) -> std::io::Result<Output> {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::metadata(path) {
        Ok(m) if m.file_type().is_char_device() || m.file_type().is_block_device() => Ok(Output::Device),
        Ok(m) if !m.is_file() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} exists and is not a regular file (a pipe, socket or folder)", path.display()),
        )),
        _ => Ok(Output::File),
    }
}
