//! The one error type of the crate.

use std::fmt;
use std::path::PathBuf;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `bitext`.
///
/// [`Error::kind`] says which kind of thing went wrong, for a program to
/// match; [`Display`](fmt::Display) gives a message meant for people: what
/// went wrong, where, and what to do about it.
///
/// ```
/// use bitext::ErrorKind;
/// let err = bitext::check_text(b"caf\xe9").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Encoding);
/// assert_eq!(err.byte_offset(), Some(3));
/// assert!(err.to_string().starts_with("input is not valid UTF-8 at byte offset 3"));
/// ```
#[derive(Debug)]
pub struct Error {
    kind: Repr,
}

/// What kind of thing went wrong: [`Error::kind`]. More kinds may come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not UTF-8 text (invalid UTF-8, binary, UTF-16);
    /// [`Error::byte_offset`] says where.
    Encoding,
    /// A file could not be read or written; [`Error::path`] names it.
    Io,
    /// A name (language, format, input mode) that `bitext` does not know.
    Unknown,
    /// A configured limit would be exceeded (DP cells, sentence length,
    /// input size).
    Limit,
    /// The memory for a table of the alignment could not be had.
    Memory,
    /// A file the user gave (dictionary, gold alignment) does not parse;
    /// [`Error::path`] and [`Error::line`] say where.
    Parse,
    /// The documents given are not the ones aligned (their sentence counts
    /// differ from the alignment's).
    MismatchedDocuments,
    /// An argument or a value out of its range, or anything else with a
    /// message of its own.
    Invalid,
}

#[derive(Debug)]
pub(crate) enum Repr {
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
    /// Documents that are not the ones aligned: `what` was given for an
    /// alignment of `expected` sentences, with `given`.
    Mismatch { what: &'static str, expected: usize, given: usize },
    /// Anything else with a message of its own.
    Invalid(String),
}

impl Error {
    pub(crate) fn new(kind: Repr) -> Error {
        Error { kind }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Error {
        Error::new(Repr::Invalid(msg.into()))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::new(Repr::Io { path: path.into(), source })
    }

    pub(crate) fn unknown(what: &'static str, given: &str, valid: &[&str]) -> Error {
        Error::new(Repr::Unknown { what, given: given.to_string(), valid: valid.join(", ") })
    }

    pub(crate) fn parse(path: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error::new(Repr::Parse { path: path.into(), line, message: message.into() })
    }

    /// The error for an allocation of `count` values of `T` for `what` (a
    /// table of `cells` DP cells) that failed.
    pub(crate) fn out_of_memory<T>(what: &'static str, count: usize, cells: usize) -> Error {
        let bytes = count.saturating_mul(std::mem::size_of::<T>());
        Error::new(Repr::Memory { what, bytes, cells, limit: None })
    }

    /// The same error, saying that the DP-cell limit in force is `limit`
    /// when it is about memory.
    pub(crate) fn with_cell_limit(mut self, max_cells: usize) -> Error {
        if let Repr::Memory { limit, .. } = &mut self.kind {
            *limit = Some(max_cells);
        }
        self
    }

    /// The error for `what` (the source or target document) of `given`
    /// sentences, given with an alignment of `expected`.
    pub(crate) fn mismatch(what: &'static str, expected: usize, given: usize) -> Error {
        Error::new(Repr::Mismatch { what, expected, given })
    }

    /// What kind of thing went wrong.
    pub fn kind(&self) -> ErrorKind {
        match self.kind {
            Repr::InvalidUtf8 { .. } | Repr::Binary { .. } | Repr::Utf16 { .. } => ErrorKind::Encoding,
            Repr::Io { .. } => ErrorKind::Io,
            Repr::Unknown { .. } => ErrorKind::Unknown,
            Repr::Limit { .. } => ErrorKind::Limit,
            Repr::Memory { .. } => ErrorKind::Memory,
            Repr::Parse { .. } => ErrorKind::Parse,
            Repr::Mismatch { .. } => ErrorKind::MismatchedDocuments,
            Repr::Invalid(_) => ErrorKind::Invalid,
        }
    }

    /// The file the error is about: the one that could not be read or
    /// written, or the one that does not parse.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.kind {
            Repr::Io { path, .. } => Some(path),
            Repr::Parse { path, .. } => Some(std::path::Path::new(path)),
            _ => None,
        }
    }

    /// The line (from 1) of the file that does not parse.
    pub fn line(&self) -> Option<usize> {
        match self.kind {
            Repr::Parse { line, .. } => Some(line),
            _ => None,
        }
    }

    /// True when the memory for a table could not be had (the run stopped
    /// with this error instead of aborting).
    pub fn is_out_of_memory(&self) -> bool {
        matches!(self.kind, Repr::Memory { .. })
    }

    /// The byte offset in the input that the error is about, if any
    /// (the first invalid UTF-8 byte, the first NUL byte).
    pub fn byte_offset(&self) -> Option<usize> {
        match self.kind {
            Repr::InvalidUtf8 { offset } | Repr::Binary { offset } | Repr::Utf16 { offset } => Some(offset),
            _ => None,
        }
    }

    /// True when the error is about the input not being UTF-8 text.
    pub fn is_encoding(&self) -> bool {
        matches!(self.kind, Repr::InvalidUtf8 { .. } | Repr::Binary { .. } | Repr::Utf16 { .. })
    }

    /// True when the error comes from a configured limit.
    pub fn is_limit(&self) -> bool {
        matches!(self.kind, Repr::Limit { .. })
    }

    /// True when the error is a failed read or write.
    pub fn is_io(&self) -> bool {
        matches!(self.kind, Repr::Io { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Repr::InvalidUtf8 { offset } => write!(
                f,
                "input is not valid UTF-8 at byte offset {offset}; convert it first \
                 (for example `iconv -f cp1251 -t utf-8`)"
            ),
            Repr::Binary { offset } => write!(
                f,
                "input looks binary (NUL byte at byte offset {offset}); bitext reads plain UTF-8 text: \
                 convert the file to text first (for example `pdftotext` for a PDF)"
            ),
            Repr::Utf16 { offset } => write!(
                f,
                "input looks like UTF-16 text (byte offset {offset}), not UTF-8; convert it first \
                 (for example `iconv -f utf-16 -t utf-8`)"
            ),
            Repr::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Repr::Unknown { what, given, valid } => {
                write!(f, "unknown {what} `{given}`; valid values: {valid}")
            }
            Repr::Limit { what, limit, needed, hint, at } => {
                if let Some(at) = at {
                    write!(f, "{at}: ")?;
                }
                write!(f, "{what} limit exceeded: needs {needed}, limit is {limit}; {hint}")
            }
            Repr::Memory { what, bytes, cells, limit } => {
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
            Repr::Parse { path, line, message } => write!(f, "{path}:{line}: {message}"),
            Repr::Mismatch { what, expected, given } => write!(
                f,
                "the {what} document has {given} sentences, the alignment {expected}: \
                 give the documents that were aligned, in the order they were aligned"
            ),
            Repr::Invalid(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Repr::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
