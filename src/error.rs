//! The one error type of the crate.

use std::fmt;
use std::path::PathBuf;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `bitext`.
///
/// The error carries a private kind; use the accessors to inspect it and
/// [`Display`](fmt::Display) for a message meant for people: it says what
/// went wrong, where, and what to do about it.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Debug)]
#[allow(dead_code)] // some kinds are only built by the aligner's readers
pub(crate) enum ErrorKind {
    /// The input is not UTF-8; `offset` is the byte offset of the first bad byte.
    InvalidUtf8 { offset: usize },
    /// The input holds a NUL byte, which text never does.
    Binary { offset: usize },
    /// The input looks like UTF-16 text (a UTF-16 byte-order mark, or NUL
    /// bytes at every other position); `offset` is the first telling byte.
    Utf16 { offset: usize },
    /// A file could not be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// A name (language, format, ...) that `bitext` does not know.
    Unknown { what: &'static str, given: String, valid: String },
    /// A configured limit would be exceeded; `at` says where, when it helps
    /// (`line 3`).
    Limit { what: &'static str, limit: usize, needed: usize, hint: &'static str, at: Option<String> },
    /// The memory for a table of the alignment could not be had: `bytes`
    /// for `what`, a table of `cells` DP cells; `limit` is the DP-cell
    /// limit in force, when known.
    Memory { what: &'static str, bytes: usize, cells: usize, limit: Option<usize> },
    /// A parse error in a file the user gave (gold alignment, dictionary, ...).
    Parse { path: String, line: usize, message: String },
    /// Anything else with a message of its own.
    Invalid(String),
}

#[allow(dead_code)]
impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invalid(msg.into()))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { path: path.into(), source })
    }

    pub(crate) fn unknown(what: &'static str, given: &str, valid: &[&str]) -> Error {
        Error::new(ErrorKind::Unknown { what, given: given.to_string(), valid: valid.join(", ") })
    }

    pub(crate) fn parse(path: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse { path: path.into(), line, message: message.into() })
    }

    /// The error for an allocation of `count` values of `T` for `what` (a
    /// table of `cells` DP cells) that failed.
    pub(crate) fn out_of_memory<T>(what: &'static str, count: usize, cells: usize) -> Error {
        let bytes = count.saturating_mul(std::mem::size_of::<T>());
        Error::new(ErrorKind::Memory { what, bytes, cells, limit: None })
    }

    /// The same error, saying that the DP-cell limit in force is `limit`
    /// when it is about memory.
    pub(crate) fn with_cell_limit(mut self, max_cells: usize) -> Error {
        if let ErrorKind::Memory { limit, .. } = &mut self.kind {
            *limit = Some(max_cells);
        }
        self
    }

    /// True when the memory for a table could not be had (the run stopped
    /// with this error instead of aborting).
    pub fn is_out_of_memory(&self) -> bool {
        matches!(self.kind, ErrorKind::Memory { .. })
    }

    /// The byte offset in the input that the error is about, if any
    /// (the first invalid UTF-8 byte, the first NUL byte).
    pub fn byte_offset(&self) -> Option<usize> {
        match self.kind {
            ErrorKind::InvalidUtf8 { offset } | ErrorKind::Binary { offset } | ErrorKind::Utf16 { offset } => {
                Some(offset)
            }
            _ => None,
        }
    }

    /// True when the error is about the input not being UTF-8 text.
    pub fn is_encoding(&self) -> bool {
        matches!(self.kind, ErrorKind::InvalidUtf8 { .. } | ErrorKind::Binary { .. } | ErrorKind::Utf16 { .. })
    }

    /// True when the error comes from a configured limit.
    pub fn is_limit(&self) -> bool {
        matches!(self.kind, ErrorKind::Limit { .. })
    }

    /// True when the error is a failed read or write.
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidUtf8 { offset } => write!(
                f,
                "input is not valid UTF-8 at byte offset {offset}; convert it first \
                 (for example `iconv -f cp1251 -t utf-8`)"
            ),
            ErrorKind::Binary { offset } => write!(
                f,
                "input looks binary (NUL byte at byte offset {offset}); bitext reads plain UTF-8 text: \
                 convert the file to text first (for example `pdftotext` for a PDF)"
            ),
            ErrorKind::Utf16 { offset } => write!(
                f,
                "input looks like UTF-16 text (byte offset {offset}), not UTF-8; convert it first \
                 (for example `iconv -f utf-16 -t utf-8`)"
            ),
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Unknown { what, given, valid } => {
                write!(f, "unknown {what} `{given}`; valid values: {valid}")
            }
            ErrorKind::Limit { what, limit, needed, hint, at } => {
                if let Some(at) = at {
                    write!(f, "{at}: ")?;
                }
                write!(f, "{what} limit exceeded: needs {needed}, limit is {limit}; {hint}")
            }
            ErrorKind::Memory { what, bytes, cells, limit } => {
                write!(
                    f,
                    "out of memory: {what} of {cells} DP cells needs {:.1} MB, which this machine cannot give; \
                     the DP-cell limit (--max-cells, AlignConfig::max_cells",
                    *bytes as f64 / 1e6
                )?;
                if let Some(limit) = limit {
                    write!(f, ", now {limit}")?;
                }
                write!(
                    f,
                    ") allowed a table this large: free memory, align the editions in smaller pieces \
                     (cut both at a place they share), or lower --max-cells to have such inputs refused \
                     before any work"
                )
            }
            ErrorKind::Parse { path, line, message } => write!(f, "{path}:{line}: {message}"),
            ErrorKind::Invalid(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
