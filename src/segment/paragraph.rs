//! Lines and paragraphs: blank lines separate paragraphs; single line
//! breaks inside a paragraph are soft (hard-wrapped text).

/// One line of the input, without its line terminator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    /// Byte offset of the first non-whitespace character.
    pub start: usize,
    /// Byte offset just past the last non-whitespace character.
    pub end: usize,
    /// True when the line holds nothing but whitespace.
    pub blank: bool,
}

/// Splits `text[from..]` into lines (on `\n`; a `\r` before it is
/// whitespace), trimming whitespace from both ends of each line.
pub(crate) fn lines(text: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = from;
    while pos < bytes.len() {
        let line_end = memchr_newline(bytes, pos).unwrap_or(bytes.len());
        let raw = &text[pos..line_end];
        let trimmed_start = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            out.push(Line { start: pos, end: pos, blank: true });
        } else {
            let start = pos + trimmed_start;
            out.push(Line { start, end: start + trimmed.len(), blank: false });
        }
        pos = line_end + 1;
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..].iter().position(|&b| b == b'\n').map(|p| p + from)
}

/// Groups non-blank lines into paragraphs: runs of non-blank lines
/// separated by blank ones. Returns index ranges into `lines`.
pub(crate) fn paragraphs(lines: &[Line]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].blank {
            i += 1;
        }
        out.push(start..i);
    }
    out
}
