//! Text shown on a terminal: control characters in the editions (an escape
//! sequence can set the window title, write the clipboard or clear the
//! screen) are shown as U+FFFD instead of being obeyed.
//!
//! "A terminal" is standard output as [`std::io::IsTerminal`] sees it. A
//! pipe or a file is not one: `bitext segment x.txt | less` passes the text
//! as it is, and the program reading it decides (`less` shows an escape as
//! `ESC` unless told `-r`). `BITEXT_TERMINAL=1` filters a pipe too,
//! `BITEXT_TERMINAL=0` never filters.

use std::io::{self, IsTerminal, Write};

/// True when what goes to standard output should be filtered.
pub fn stdout_is_terminal() -> bool {
    match std::env::var("BITEXT_TERMINAL").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => io::stdout().is_terminal(),
    }
}

/// True when `text` holds a character that [`Visible`] replaces (a lone
/// carriage return aside).
pub fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The placeholder of a control character.
const PLACEHOLDER: &str = "\u{fffd}";

/// A writer that passes text on with every control character, C0 (but tab
/// and line feed; a carriage return only before a line feed), DEL and C1,
/// replaced by U+FFFD.
pub struct Visible<W: Write> {
    inner: W,
    /// A byte whose meaning depends on the next one: `\r`, or 0xC2 (the
    /// first byte of the C1 controls in UTF-8).
    pending: Option<u8>,
    buf: Vec<u8>,
}

impl<W: Write> Visible<W> {
    /// Filters what is written to `inner`.
    pub fn new(inner: W) -> Self {
        Visible { inner, pending: None, buf: Vec::new() }
    }

    fn pending_out(&mut self) {
        match self.pending.take() {
            Some(b'\r') => self.buf.extend_from_slice(PLACEHOLDER.as_bytes()),
            Some(b) => self.buf.push(b),
            None => {}
        }
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.clear();
        for &b in bytes {
            match (self.pending, b) {
                (Some(0xc2), 0x80..=0x9f) => {
                    self.pending = None;
                    self.buf.extend_from_slice(PLACEHOLDER.as_bytes());
                    continue;
                }
                (Some(b'\r'), b'\n') => {
                    self.pending = None;
                    self.buf.extend_from_slice(b"\r\n");
                    continue;
                }
                _ => self.pending_out(),
            }
            match b {
                b'\t' | b'\n' => self.buf.push(b),
                b'\r' | 0xc2 => self.pending = Some(b),
                0x00..=0x1f | 0x7f => self.buf.extend_from_slice(PLACEHOLDER.as_bytes()),
                _ => self.buf.push(b),
            }
        }
        self.inner.write_all(&self.buf)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.buf.clear();
        self.pending_out();
        self.inner.write_all(&self.buf)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(chunks: &[&[u8]]) -> String {
        let mut v = Visible::new(Vec::new());
        for c in chunks {
            v.write_all(c).expect("write");
        }
        v.flush().expect("flush");
        String::from_utf8(v.inner).expect("utf-8")
    }

    #[test]
    fn controls_are_replaced_and_text_kept() {
        assert_eq!(visible(&[b"a\x1b]0;title\x07b\tc\n"]), "a\u{fffd}]0;title\u{fffd}b\tc\n");
        assert_eq!(visible(&[b"x\r\ny\rz\x7f"]), "x\r\ny\u{fffd}z\u{fffd}");
        // C1 (U+009B, a one-character CSI), also when cut between two writes
        let csi = "\u{9b}".as_bytes();
        assert_eq!(visible(&["a\u{9b}2Jé".as_bytes(), &csi[..1], &csi[1..]]), "a\u{fffd}2Jé\u{fffd}");
        assert_eq!(visible(&["Жё ¢ \r".as_bytes()]), "Жё ¢ \u{fffd}");
        assert!(has_controls("a\x1b[2J") && !has_controls("a\tb\r\n"));
    }
}
