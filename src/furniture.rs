//! Page furniture: what a copy of a printed book carries besides its text.
//!
//! A record copied from a book site keeps the page numbers on lines of
//! their own (`— 191 —`, `[стр. 191]`, `Page 191`, or a bare `191` that
//! breaks a sentence) and the footnote marks after words (`сказано.¹`,
//! `word[2]`, `word*`). Neither is part of what was said: the normalised
//! view ([`crate::Normalized`]) leaves them out, so that a page number
//! never joins a sentence, never becomes a speaker turn or an anchor, and
//! a sentence or a turn broken by a page goes on after it; the segmenter
//! lists them ([`crate::Document::marks`]) with their byte spans.
//!
//! A page marker is read from its line and its neighbours:
//!
//! * inside a paragraph (text on the lines just before and after it), the
//!   marker and its line break go: the paragraph goes on;
//! * between blank lines, the paragraph before goes on after the marker
//!   when it was cut mid-sentence (it ends in a letter, a digit, a comma or
//!   a hyphen, and the text after starts in lower case, or it ends in a
//!   comma or a hyphen); otherwise the paragraph break stays;
//! * a bare number is a page only where it cuts a paragraph (the sentence
//!   before goes on, or the line after starts in lower case) or a sentence
//!   as above (a number between finished paragraphs may be a chapter's);
//! * at the start or the end of the text, a marker in a paragraph of its
//!   own goes with the blank lines that part it from the text.
//!
//! Footnote *texts* (the notes at the end) stay text: they are paragraphs
//! like any other. Running headers repeated on every page are not
//! recognised.

use std::ops::Range;

use crate::segment::paragraph::Line;

/// What a piece of page furniture is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MarkKind {
    /// A page number on a line of its own.
    Page,
    /// A footnote mark after a word or a punctuation mark.
    Footnote,
}

impl MarkKind {
    /// The name used in JSON and text output (`page`, `footnote`).
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Page => "page",
            MarkKind::Footnote => "footnote",
        }
    }
}

/// A piece of page furniture in a document: its byte span and kind (see
/// [`Document::marks`](crate::Document::marks)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub(crate) span: Range<usize>,
    pub(crate) kind: MarkKind,
}

impl Mark {
    /// The byte span of the mark (`— 191 —`, `¹`), without the line breaks
    /// around a page number.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
    /// What the mark is.
    pub fn kind(&self) -> MarkKind {
        self.kind
    }
}

/// One piece of furniture found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// The marks themselves (`— 191 —`, `¹`): one, or the page numbers
    /// read together between the same text lines.
    pub marks: Vec<Range<usize>>,
    pub kind: MarkKind,
    /// What the view replaces: the mark with the character before it (a
    /// footnote mark), or with the line breaks around it (a page).
    pub cluster: Range<usize>,
    /// What the view has instead of `cluster`.
    pub view: ViewOf,
}

/// What the view holds instead of a piece of furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ViewOf {
    /// The cluster's first character (a footnote mark's word or stop; at
    /// the end of the text, the last character of the text before).
    FirstChar,
    /// One line break: the paragraph goes on.
    LineBreak,
    /// A paragraph break.
    ParagraphBreak,
    /// The cluster's last character: at the start of the text, the piece
    /// runs to the first character of the text after it.
    LastChar,
}

/// The furniture of `text`, in order; page markers only when `pages` (a
/// text read one sentence a line has none: every line is a unit). The
/// view reads footnote marks first and page numbers in the text without
/// them; this reads both in `text` as it is.
#[cfg(test)]
pub(crate) fn find(text: &str, pages: bool) -> Vec<Found> {
    let mut out = footnotes(text);
    if pages {
        let p = page_markers(text);
        out.retain(|f| !p.iter().any(|g| g.cluster.start < f.cluster.end && f.cluster.start < g.cluster.end));
        out.extend(p);
        out.sort_by_key(|f| f.cluster.start);
    }
    out
}

/// True when a footnote mark may end with `c` (see [`find`]).
pub(crate) fn may_end_mark(c: char) -> bool {
    c == '*' || c == ']' || is_superscript_digit(c)
}

/// Superscript digits: `⁰¹²³⁴⁵⁶⁷⁸⁹`.
fn is_superscript_digit(c: char) -> bool {
    matches!(c, '\u{B9}' | '\u{B2}' | '\u{B3}' | '\u{2070}' | '\u{2074}'..='\u{2079}')
}

/// What a footnote mark may follow: a letter, or a closing mark.
fn carries_footnote(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»' | '”' | '"' | '’' | '…')
}

/// Footnote marks: one to three superscript digits, `[1]` to `[999]`, or
/// one to three asterisks, right after a letter or a closing mark and
/// before whitespace, punctuation or the end.
pub(crate) fn footnotes(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // candidate starts: `[`, `*`, and the lead bytes of the superscripts
    let mut at = 0;
    while let Some(k) = memchr::memchr3(b'[', b'*', 0xC2, &b[at..]).map(|k| k + at) {
        at = k + 1;
        if let Some(f) = footnote_at(text, k) {
            at = f.cluster.end;
            out.push(f);
        }
    }
    // U+2070..U+2079 all start with these two bytes
    for k in memchr::memmem::find_iter(b, b"\xE2\x81") {
        if out.iter().any(|f| f.cluster.contains(&k)) {
            continue;
        }
        if let Some(f) = footnote_at(text, k) {
            out.push(f);
        }
    }
    out.sort_by_key(|f| f.cluster.start);
    out.dedup_by(|a, b| a.cluster.start < b.cluster.end);
    out
}

/// The footnote mark that starts at byte `k` of `text` (a normalised
/// view), if one does: with the marks right after it, one mark.
fn footnote_at(text: &str, k: usize) -> Option<Found> {
    if !text.is_char_boundary(k) {
        return None;
    }
    let prev = text[..k].chars().next_back().filter(|&c| carries_footnote(c))?;
    let mut end = k;
    while let Some(len) = mark_len(&text[end..]) {
        end += len;
    }
    if end == k || end - k > 8 {
        return None;
    }
    // before whitespace, punctuation or the end: not inside a word, not
    // before a combining mark (which would then combine with the word)
    let next = text[end..].chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || !crate::text::is_starter(c)) {
        return None;
    }
    let start = k - prev.len_utf8();
    let marks = std::iter::once(k..end).collect();
    Some(Found { marks, kind: MarkKind::Footnote, cluster: start..end, view: ViewOf::FirstChar })
}

/// The length of one footnote mark at the start of `rest`: `[1]` to
/// `[999]`, one to three asterisks, one to three superscript digits.
fn mark_len(rest: &str) -> Option<usize> {
    if let Some(inner) = rest.strip_prefix('[') {
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        ((1..=3).contains(&digits) && inner[digits..].starts_with(']')).then_some(digits + 2)
    } else if rest.starts_with('*') {
        let stars = rest.bytes().take_while(|&x| x == b'*').count();
        (stars <= 3).then_some(stars)
    } else {
        let run: usize = rest.chars().take_while(|&c| is_superscript_digit(c)).map(char::len_utf8).sum();
        let count = rest[..run].chars().count();
        (1..=3).contains(&count).then_some(run)
    }
}

/// How a line reads as a page number: not at all, as a marked one
/// (`— 191 —`, `[стр. 191]`, `Page 191`), or as a bare number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PageLine {
    No,
    Marked,
    Bare,
}

/// Words that introduce a page number, lower-cased, without their stop.
const PAGE_WORDS: &[&str] = &["стр", "с", "страница", "p", "pp", "page", "s", "seite", "str"];

fn page_line(line: &str) -> PageLine {
    let s = line.trim();
    if s.is_empty() || s.len() > 40 {
        return PageLine::No;
    }
    let is_number = |x: &str| (1..=4).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit());
    if is_number(s) {
        return PageLine::Bare;
    }
    let dash = |c: char| matches!(c, '—' | '–' | '-' | '‒' | '―');
    // `— 191 —`
    if s.starts_with(dash) && s.ends_with(dash) && is_number(s.trim_matches(dash).trim()) {
        return PageLine::Marked;
    }
    // `[191]`, `[стр. 191]`
    let inner = s.strip_prefix('[').and_then(|x| x.strip_suffix(']')).map(str::trim);
    if let Some(inner) = inner {
        if is_number(inner) || prefixed_number(inner) {
            return PageLine::Marked;
        }
        return PageLine::No;
    }
    // `стр. 191`, `Page 191`
    if prefixed_number(s) {
        return PageLine::Marked;
    }
    PageLine::No
}

/// `стр. 191`, `Page 191`, `S. 12`: a page word, an optional stop, a number.
fn prefixed_number(s: &str) -> bool {
    let Some(split) = s.find(|c: char| c == '.' || c.is_whitespace()) else {
        return false;
    };
    let (word, rest) = s.split_at(split);
    let number = rest.trim_start_matches('.').trim();
    PAGE_WORDS.contains(&word.to_lowercase().as_str())
        && (1..=4).contains(&number.len())
        && number.bytes().all(|c| c.is_ascii_digit())
}

/// True when text that ends with `before` and goes on with `after` (across
/// a blank line) was cut in the middle of a sentence.
fn cut_mid_sentence(before: &str, after: &str) -> bool {
    let last = before.trim_end().chars().next_back();
    let first = after.trim_start().chars().next();
    match last {
        Some(',' | '-' | '‐') => true,
        Some(c) if c.is_alphanumeric() => first.is_some_and(char::is_lowercase),
        _ => false,
    }
}

/// Page markers on lines of their own (see the module docs). Marker lines
/// with only blank lines between them (a page number and the next page's)
/// are read together, between the text lines around them.
pub(crate) fn page_markers(text: &str) -> Vec<Found> {
    // a marker has a line before or after it: one line holds none
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return Vec::new();
    }
    // lines as the segmenter reads them (trimmed, blank ones flagged)
    let ls = crate::segment::paragraph::lines(text, 0);
    // the cheap test first: a short line that holds a digit
    let shape = |k: usize| {
        let line = &text[ls[k].start..ls[k].end];
        if line.len() > 48 || !line.bytes().any(|c| c.is_ascii_digit()) {
            PageLine::No
        } else {
            page_line(line)
        }
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < ls.len() {
        let first = shape(k);
        if first == PageLine::No {
            k += 1;
            continue;
        }
        let group = marker_run(&ls, k, first, shape);
        k = group[group.len() - 1].0 + 1;
        out.extend(page_found(text, &ls, &group));
    }
    out
}

/// The run of marker lines from line `k` (of shape `first`), blank lines
/// between them allowed: each line's index and shape.
fn marker_run(ls: &[Line], k: usize, first: PageLine, shape: impl Fn(usize) -> PageLine) -> Vec<(usize, PageLine)> {
    let mut group = vec![(k, first)];
    let mut q = k + 1;
    loop {
        while q < ls.len() && ls[q].blank {
            q += 1;
        }
        match (q < ls.len()).then(|| shape(q)) {
            Some(PageLine::No) | None => break,
            Some(sh) => {
                group.push((q, sh));
                q += 1;
            }
        }
    }
    group
}

/// The page that the marker lines `group` make, read from the text lines
/// around them, if they make one.
fn page_found(text: &str, ls: &[Line], group: &[(usize, PageLine)]) -> Option<Found> {
    let content = |k: usize| &text[ls[k].start..ls[k].end];
    let last = group[group.len() - 1].0;
    let marked = group.iter().any(|&(_, sh)| sh == PageLine::Marked);
    let prev = (0..group[0].0).rev().find(|&p| !ls[p].blank);
    let next = (last + 1..ls.len()).find(|&q| !ls[q].blank);
    let blank_between = prev.is_some_and(|p| p + 1 < group[0].0) || next.is_some_and(|q| q > last + 1);
    let (from, to, view) = match (prev, next) {
        (Some(p), Some(q)) => {
            let view = view_between(content(p), content(q), blank_between, marked)?;
            (ls[p].end, ls[q].start, view)
        }
        // a paragraph of its own at the start or the end (a piece of a
        // text that starts or ends inside a line is read the same way:
        // its first or last line is no paragraph of its own)
        // (each with a character of the text it parts from, so that the
        // view of the piece is never empty)
        // (the text's first character must start a cluster of its own:
        // nothing before it then changes how it reads)
        (None, Some(q))
            if marked && q > last + 1 && text[ls[q].start..].chars().next().is_some_and(crate::text::is_starter) =>
        {
            let c = text[ls[q].start..].chars().next().map_or(0, char::len_utf8);
            (0, ls[q].start + c, ViewOf::LastChar)
        }
        (Some(p), None) if marked && p + 1 < group[0].0 => {
            let c = text[..ls[p].end].chars().next_back().map_or(0, char::len_utf8);
            (ls[p].end - c, text.len(), ViewOf::FirstChar)
        }
        _ => return None,
    };
    let marks = group.iter().map(|&(g, _)| ls[g].start..ls[g].end).collect();
    Some(Found { marks, kind: MarkKind::Page, cluster: from..to, view })
}

/// What the view has instead of page marker lines between the text lines
/// `before` and `after` (with blank lines around the markers when
/// `blank_between`), or `None` when they make no page: a paragraph goes on
/// across a page, or across a blank line where it was cut mid-sentence;
/// else the paragraph break stays. A run of bare numbers (not `marked`) is
/// a page only where the paragraph goes on and the sentence before does
/// (or the text after starts in lower case: `1928 г.` / `60` /
/// `присутствовали`).
fn view_between(before: &str, after: &str, blank_between: bool, marked: bool) -> Option<ViewOf> {
    let view =
        if !blank_between || cut_mid_sentence(before, after) { ViewOf::LineBreak } else { ViewOf::ParagraphBreak };
    let goes_on = !ends_sentence(before) || after.trim_start().starts_with(char::is_lowercase);
    if !marked && (view == ViewOf::ParagraphBreak || !goes_on) {
        return None;
    }
    Some(view)
}

/// True when `line` ends a sentence (its last mark is `.`, `!`, `?` or
/// `…`, maybe inside closing quotes or brackets).
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(['"', '»', '”', '’', ')', ']']);
    t.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Vec<(&str, MarkKind)> {
        find(text, true).into_iter().flat_map(|f| f.marks.into_iter().map(move |m| (&text[m], f.kind))).collect()
    }

    #[test]
    fn footnote_marks_after_words_and_stops() {
        assert_eq!(marks("сказано.¹ Далее"), vec![("¹", MarkKind::Footnote)]);
        assert_eq!(marks("a word[12] and more*, then"), vec![("[12]", MarkKind::Footnote), ("*", MarkKind::Footnote)]);
        // not inside a word, not after a space, not a separator
        assert!(marks("x[1]y and [1] and * * * and 2*3").is_empty());
        assert!(marks("см[1234]").is_empty());
    }

    #[test]
    fn page_lines() {
        for s in ["— 191 —", "- 12 -", "[стр. 191]", "[191]", "Page 191", "стр. 5", "[p. 33]"] {
            assert_eq!(page_line(s), PageLine::Marked, "{s}");
        }
        assert_eq!(page_line(" 191 "), PageLine::Bare);
        for s in ["— Да —", "1938 год", "Глава 5", "[примечание]", "12345"] {
            assert_eq!(page_line(s), PageLine::No, "{s}");
        }
    }

    #[test]
    fn markers_by_their_neighbours() {
        // inside a paragraph
        let text = "что\n— 191 —\nэто";
        let f = find(text, true);
        assert_eq!(f.len(), 1);
        let (from, to) = (text.find('\n').unwrap_or(0), text.find("это").unwrap_or(0));
        assert_eq!((f[0].cluster.clone(), f[0].view), (from..to, ViewOf::LineBreak));
        assert_eq!(&text[f[0].marks[0].clone()], "— 191 —");
        // between paragraphs cut mid-sentence, and between whole ones
        assert_eq!(find("что\n\n— 191 —\n\nэто", true)[0].view, ViewOf::LineBreak);
        assert_eq!(find("так.\n\n— 191 —\n\nДалее", true)[0].view, ViewOf::ParagraphBreak);
        // a bare number only where it cuts
        assert_eq!(find("в\n191\nгоду", true).len(), 1);
        assert!(find("Конец.\n\n191\n\nНачало", true).is_empty());
        assert!(find("Конец.\n\n1844\n", true).is_empty());
        // not in a text read a sentence a line
        assert!(find("что\n— 191 —\nэто", false).is_empty());
    }
}
