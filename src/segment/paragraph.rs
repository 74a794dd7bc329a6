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

/// Splits `text[from..]` into lines (see [`line_end`]), trimming whitespace
/// from both ends of each line.
pub(crate) fn lines(text: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = from;
    while pos < bytes.len() {
        let line_end = line_end(bytes, pos).unwrap_or(bytes.len());
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

/// The offset of the one-byte terminator of the line that starts at
/// `from`: a `\n` (any `\r` right before it is whitespace of the line, as
/// Windows writes `\r\n`), or else a lone `\r` (old Mac files).
pub(crate) fn line_end(bytes: &[u8], from: usize) -> Option<usize> {
    let at = from + memchr::memchr2(b'\n', b'\r', &bytes[from..])?;
    if bytes[at] == b'\r' {
        let crs = bytes[at..].iter().take_while(|&&b| b == b'\r').count();
        if bytes.get(at + crs) == Some(&b'\n') {
            return Some(at + crs);
        }
    }
    Some(at)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `text`, as strings.
    fn line_texts(text: &str) -> Vec<&str> {
        lines(text, 0).iter().map(|l| &text[l.start..l.end]).collect()
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(line_texts("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        // blank lines in each convention
        for text in ["a\n\nb", "a\r\n\r\nb", "a\r\rb"] {
            let ls = lines(text, 0);
            assert_eq!(paragraphs(&ls).len(), 2, "{text:?}");
        }
        // a doubled CR before LF is still one line break
        assert_eq!(line_texts("a\r\r\nb"), ["a", "b"]);
    }
}
