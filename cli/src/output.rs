//! Files the command writes: checked before the work, written whole or not
//! at all.
//!
//! An output is first checked ([`Output::check`]): a folder, a folder that
//! does not exist or cannot be written, and a path that leads (symbolic
//! links followed) to one of the command's inputs are refused before any
//! work. The output is then written to a temporary file beside it (in the
//! same folder, hence on the same file system), named `.NAME.bitext-PID.tmp`,
//! which is synced and renamed over NAME only when everything is written.
//! So a run that fails removes its temporary file and leaves an older NAME
//! as it was; a run killed by a signal (SIGINT, SIGTERM, SIGKILL) also
//! leaves NAME as it was, but may leave the temporary file behind (it is
//! created only once the alignment is done, when the writing starts).
//!
//! A device or a pipe (`/dev/stdout`, a FIFO) cannot be renamed over: it is
//! written in place.
//!
//! The temporary file is made here rather than with the `tempfile` crate:
//! the file must get the permissions that `File::create` would have given
//! (0666 less the umask) or those of the file it replaces, where `tempfile`
//! makes it private (0600); and the rest (a unique name, removal on error,
//! a rename) is a few lines.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output path, checked.
#[derive(Debug)]
pub struct Output {
    /// As the user gave it, for messages.
    given: PathBuf,
    /// The file it leads to (symbolic links followed), or the device.
    target: PathBuf,
    /// A device or a pipe, written in place.
    in_place: bool,
}

/// The deepest chain of symbolic links followed for a path that does not
/// exist yet (as Linux's `ELOOP` limit).
const MAX_LINKS: usize = 40;

impl Output {
    /// Checks `path` as an output of a command that reads `inputs` (each
    /// with what it is, such as `"the source edition"`).
    ///
    /// # Errors
    /// A message naming the path and what is wrong: a folder, a folder that
    /// does not exist or cannot be written, or one of the inputs (named).
    pub fn check(path: &Path, inputs: &[(&str, &Path)]) -> Result<Output, String> {
        let cannot = |e: &dyn std::fmt::Display, hint: &str| format!("cannot write {}: {e}{hint}", path.display());
        let (target, in_place) = match fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(cannot(&"it is a folder", "; give a file name")),
            Ok(m) if m.is_file() => (fs::canonicalize(path).map_err(|e| cannot(&e, ""))?, false),
            Ok(_) => (path.to_path_buf(), true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (resolve_new(path, &cannot)?, false),
            Err(e) => return Err(cannot(&e, "")),
        };
        if !in_place {
            for (what, input) in inputs {
                if same_file(&target, input) {
                    return Err(format!(
                        "refusing to write {}: it is {what} {}, which the output would replace; \
                         name another output file",
                        path.display(),
                        input.display()
                    ));
                }
            }
        }
        let out = Output { given: path.to_path_buf(), target, in_place };
        if !out.in_place {
            // a folder that cannot be written fails now, not after the work
            let (_, tmp) = out.create_temp()?;
            let _ = fs::remove_file(tmp);
        }
        Ok(out)
    }

    /// Writes the output with `write`: to a temporary file renamed over the
    /// target once `write` succeeds (or in place, for a device).
    ///
    /// # Errors
    /// A message naming the path; the temporary file is removed and an
    /// older file at the path is left as it was.
    pub fn write<F>(&self, write: F) -> Result<(), String>
    where
        F: FnOnce(&mut BufWriter<Written>) -> io::Result<()>,
    {
        let cannot = |e: io::Error| format!("cannot write {}: {e}", self.given.display());
        if self.in_place {
            let file = OpenOptions::new().write(true).open(&self.target).map_err(cannot)?;
            let mut out = BufWriter::new(Written::in_place(file));
            return write(&mut out).and_then(|()| out.flush()).map_err(cannot);
        }
        let (file, tmp) = self.create_temp()?;
        let guard = RemoveOnDrop(Some(tmp));
        if let Ok(m) = fs::metadata(&self.target) {
            // a replaced file keeps its permissions
            let _ = fs::set_permissions(guard.path(), m.permissions());
        }
        let mut out = BufWriter::new(Written::to_sync(file));
        write(&mut out).and_then(|()| out.flush()).map_err(cannot)?;
        let file = out.into_inner().map_err(|e| cannot(e.into_error()))?.file;
        file.sync_all().map_err(cannot)?;
        drop(file);
        fs::rename(guard.path(), &self.target).map_err(cannot)?;
        guard.keep();
        Ok(())
    }

    /// A new file `.NAME.bitext-PID[-K].tmp` beside the target.
    fn create_temp(&self) -> Result<(File, PathBuf), String> {
        let dir = self.target.parent().unwrap_or(Path::new("."));
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let pid = std::process::id();
        for k in 0..100u32 {
            let suffix = if k == 0 { String::new() } else { format!("-{k}") };
            let tmp = dir.join(format!(".{name}.bitext-{pid}{suffix}.tmp"));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => return Ok((f, tmp)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    let hint = match e.kind() {
                        io::ErrorKind::NotFound => "; the folder does not exist",
                        io::ErrorKind::PermissionDenied => "; check the folder's permissions",
                        _ => "",
                    };
                    return Err(format!(
                        "cannot write {} (a temporary file in {} first): {e}{hint}",
                        self.given.display(),
                        dir.display()
                    ));
                }
            }
        }
        Err(format!("cannot write {}: no free temporary name in {}", self.given.display(), dir.display()))
    }
}

/// The bytes between two requests to the kernel to start writing a file
/// out to disk (see [`Written`]).
const WRITE_BACK: u64 = 8 << 20;

/// The file an output is written to. A temporary file that will be synced
/// asks the kernel, every [`WRITE_BACK`] bytes, to start writing what came
/// since to disk (Linux's `sync_file_range`, which does not wait): the disk
/// works while the rest is formatted, and the sync at the end waits for
/// the last stretch only, not for the whole file (25 ms of a 63 MB JSON
/// alignment on this machine's disk were spent waiting in that sync).
pub struct Written {
    file: File,
    /// Bytes written so far, and the first not yet sent to disk.
    written: u64,
    sent: u64,
    write_back: bool,
}

impl Written {
    fn to_sync(file: File) -> Written {
        Written { file, written: 0, sent: 0, write_back: true }
    }

    fn in_place(file: File) -> Written {
        Written { file, written: 0, sent: 0, write_back: false }
    }
}

impl Write for Written {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.write_back && self.written - self.sent >= WRITE_BACK {
            start_write_back(&self.file, self.sent, self.written - self.sent);
            self.sent = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Asks the kernel to start writing `len` bytes of `file` from `offset` to
/// disk, without waiting. Only a hint: a kernel or file system that cannot
/// do it changes nothing, since the file is synced at the end anyway.
fn start_write_back(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::{c_int, c_uint};
        use std::os::fd::AsRawFd;
        /// `sync_file_range`'s flag: start writing the dirty pages out.
        const SYNC_FILE_RANGE_WRITE: c_uint = 2;
        unsafe extern "C" {
            fn sync_file_range(fd: c_int, offset: i64, nbytes: i64, flags: c_uint) -> c_int;
        }
        let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else { return };
        // SAFETY: an open file descriptor that `file` owns for the whole
        // call, and plain integers; an error only means no early write-back
        unsafe { sync_file_range(file.as_raw_fd(), offset, len, SYNC_FILE_RANGE_WRITE) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// Where a path that does not exist would be created: symbolic links
/// followed, and the folder made absolute and canonical.
fn resolve_new(path: &Path, cannot: &dyn Fn(&dyn std::fmt::Display, &str) -> String) -> Result<PathBuf, String> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&path).map_err(|e| cannot(&e, ""))?;
                path = match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => {
                let name = path.file_name().ok_or_else(|| cannot(&"not a file name", ""))?.to_owned();
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let dir = fs::canonicalize(dir).map_err(|e| {
                    let hint = if e.kind() == io::ErrorKind::NotFound { "; the folder does not exist" } else { "" };
                    cannot(&e, hint)
                })?;
                return Ok(dir.join(name));
            }
        }
    }
    Err(cannot(&"too many levels of symbolic links", ""))
}

/// True when `target` (canonical) is the file `input`: the same path once
/// links are followed, or (on Unix) the same device and inode.
fn same_file(target: &Path, input: &Path) -> bool {
    if fs::canonicalize(input).is_ok_and(|p| p == target) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(target), fs::metadata(input)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}

/// Removes a temporary file when dropped, unless kept.
struct RemoveOnDrop(Option<PathBuf>);

impl RemoveOnDrop {
    fn path(&self) -> &Path {
        self.0.as_deref().expect("a path until kept")
    }

    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_output_is_written_whole_across_the_write_back_requests() {
        let dir = std::env::temp_dir().join(format!("bitext-output-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("long.txt");
        fs::write(&path, b"older").expect("an older file");
        // two and a half stretches of write-back, in uneven writes
        let len = (WRITE_BACK * 5 / 2) as usize;
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        let out = Output::check(&path, &[]).expect("a file may be written");
        let mut sent = 0;
        out.write(|w| {
            for chunk in bytes.chunks(1_000_003) {
                w.write_all(chunk)?;
            }
            w.flush()?;
            sent = w.get_ref().sent;
            Ok(())
        })
        .expect("written");
        // asked at the first write that completes a stretch: all but the
        // last, partial one were sent
        assert!(sent >= WRITE_BACK * 2 && (len as u64) - sent < WRITE_BACK, "{sent} of {len} bytes sent");
        assert!(fs::read(&path).expect("the new file") == bytes, "the file holds every byte, in order");
        let left: Vec<_> = fs::read_dir(&dir).expect("the folder").filter_map(|e| e.ok()).collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
