//! The text as it is matched: a normalised view of a string, with a map
//! from every offset of the view back to an offset of the string as given
//! (see [`Normalized`] for what the view is).
//!
//! The original is cut into clusters: a character that starts a combining
//! sequence, its combining marks, and the removed characters attached to
//! it. Each cluster is normalised on its own (clusters that compose across,
//! as Hangul jamo do, are one cluster). A cluster whose view differs from
//! its bytes is an *edit*; between edits the view is the original shifted
//! by a constant. An offset inside an edit's view maps to the start of the
//! edit's cluster, so offsets map monotonically onto char boundaries, and a
//! span of whole characters of the view maps to whole clusters.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A string as it is matched, with the way back to the string as given.
///
/// Two copies of one book can look the same and differ in their bytes: a
/// PDF copy writes `й` as `и` + U+0306 (Unicode NFD), a learner's edition
/// marks stress (`Буха́рин`), a web page hides soft hyphens (`pi\u{AD}ous`)
/// and zero-width spaces in its words. Everything that *matches* text
/// (speaker labels, sentence rules, anchor words, `find` queries) reads
/// this view instead, and every span handed back to a caller is mapped to
/// a byte offset of the text as given.
///
/// The view is the text
///
/// * in Unicode NFC;
/// * without stress marks: U+0301 (acute) and U+0300 (grave) on a Cyrillic
///   vowel (`аеёиоуыэюяіїє`, either case), wherever they stand among the
///   vowel's combining marks. `ѝ`, which NFD writes `и` + U+0300, reads as
///   `и`. The same marks on a Latin letter are spelling (`é`) and stay,
///   composed;
/// * without soft hyphens (U+00AD) and zero-width characters (U+200B zero
///   width space, U+200C and U+200D joiners, U+2060 word joiner, U+FEFF
///   zero-width no-break space), when they touch a character that stays: a
///   removed character goes with the character before it, or, after
///   whitespace or at the start, with the one after it. One standing alone
///   between whitespace is kept, so that no visible span of the text is
///   lost to a sentence;
/// * without page furniture: footnote marks after a
///   word or a stop, and (but for one-sentence-a-line input) page numbers
///   on lines of their own, read from their neighbours; they are listed as
///   [`Document::marks`](crate::Document::marks).
///
/// `ё` stays `ё` (NFD `е` + U+0308 is composed back); folding it to `е` is
/// the matcher's business. Line breaks are left alone (the segmenter reads
/// a lone CR as one).
///
/// Text that is already clean (ASCII, or NFC without any of those
/// characters, as almost every input is) is borrowed, not copied, after
/// one pass over its characters.
///
/// ```
/// use bitext::Normalized;
/// let text = "Буха\u{301}рин. pi\u{AD}ous";
/// let view = Normalized::new(text);
/// assert_eq!(view.as_str(), "Бухарин. pious");
/// // `р` is at byte 8 of the view and byte 10 of the text
/// assert_eq!(view.original_offset(8), 10);
/// assert_eq!(view.original_offset(view.as_str().len()), text.len());
/// assert!(!Normalized::new("Бухарин. pious").is_changed());
/// ```
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    original_len: usize,
    edits: Vec<Edit>,
    /// The page furniture left out of the view.
    marks: Vec<crate::furniture::Mark>,
}

/// A cluster of the original whose view differs from its bytes: the view
/// `norm.0..norm.1` stands for the original `orig.0..orig.1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    norm: (usize, usize),
    orig: (usize, usize),
}

impl<'a> Normalized<'a> {
    /// The view of `text`: borrowed when `text` is already clean.
    pub fn new(text: &'a str) -> Normalized<'a> {
        Normalized::build(text, true)
    }

    /// The view of a text read one sentence a line: page numbers stay (a
    /// line is a unit, whatever it holds), footnote marks go.
    pub(crate) fn of_lines(text: &'a str) -> Normalized<'a> {
        Normalized::build(text, false)
    }

    fn build(text: &'a str, pages: bool) -> Normalized<'a> {
        let (view, edits) = if is_clean(text) {
            (Cow::Borrowed(text), Vec::new())
        } else {
            let (view, edits) = normalise(text);
            (Cow::Owned(view), edits)
        };
        let mut view = Normalized { text: view, original_len: text.len(), edits, marks: Vec::new() };
        // page furniture is read in the normalised view, footnote marks
        // first, then page numbers in the text without them, so that the
        // view of a view is itself
        let found = crate::furniture::footnotes(view.as_str());
        if !found.is_empty() {
            view = view.without(&found);
        }
        if pages {
            let found = crate::furniture::page_markers(view.as_str());
            if !found.is_empty() {
                view = view.without(&found);
            }
        }
        view
    }

    /// The view without the furniture `found` in it: each piece (widened to
    /// the edits it touches) becomes one edit.
    fn without(&self, found: &[crate::furniture::Found]) -> Normalized<'a> {
        use crate::furniture::ViewOf;
        let view = self.as_str();
        let mut out = String::with_capacity(view.len());
        let mut edits = Vec::with_capacity(self.edits.len() + found.len());
        let mut marks = self.marks.clone();
        // the edits of the first view not yet copied
        let mut next = 0;
        let mut at = 0;
        for f in found {
            // widened to whole edits (an offset inside one maps to its start)
            let widen = |n: usize, up: bool| {
                let k = self.edits.partition_point(|e| e.norm.0 < n);
                match k.checked_sub(1).map(|k| self.edits[k]) {
                    Some(e) if n < e.norm.1 => {
                        if up {
                            e.norm.1
                        } else {
                            e.norm.0
                        }
                    }
                    _ => n,
                }
            };
            let (a, b) = (widen(f.cluster.start, false), widen(f.cluster.end, true));
            if a < at {
                continue; // shares an edit with the piece before: kept as text
            }
            // the text before, with its edits
            while next < self.edits.len() && self.edits[next].norm.1 <= a {
                let e = self.edits[next];
                let shift = |n: usize| n - at + out.len();
                if e.norm.0 >= at {
                    edits.push(Edit { norm: (shift(e.norm.0), shift(e.norm.1)), orig: e.orig });
                }
                next += 1;
            }
            out.push_str(&view[at..a]);
            // the piece, as one edit
            let n0 = out.len();
            let keep = |r: std::ops::Range<usize>, out: &mut String| out.push_str(&view[r]);
            let cluster = &view[f.cluster.clone()];
            match f.view {
                ViewOf::FirstChar => {
                    let first = cluster.chars().next().map_or(0, char::len_utf8);
                    keep(a..f.cluster.start + first, &mut out);
                    keep(f.cluster.end..b, &mut out);
                }
                ViewOf::LastChar => {
                    let last = cluster.chars().next_back().map_or(0, char::len_utf8);
                    keep(a..f.cluster.start, &mut out);
                    keep(f.cluster.end - last..b, &mut out);
                }
                ViewOf::LineBreak | ViewOf::ParagraphBreak => {
                    keep(a..f.cluster.start, &mut out);
                    out.push_str(if f.view == ViewOf::LineBreak { "\n" } else { "\n\n" });
                    keep(f.cluster.end..b, &mut out);
                }
            }
            edits.push(Edit { norm: (n0, out.len()), orig: (self.original_offset(a), self.original_offset(b)) });
            while next < self.edits.len() && self.edits[next].norm.0 < b {
                next += 1;
            }
            for m in &f.marks {
                let span = self.original_offset(widen(m.start, false))..self.original_offset(widen(m.end, true));
                marks.push(crate::furniture::Mark { span, kind: f.kind });
            }
            at = b;
        }
        let tail = out.len();
        for e in &self.edits[next..] {
            let shift = |n: usize| n - at + tail;
            edits.push(Edit { norm: (shift(e.norm.0), shift(e.norm.1)), orig: e.orig });
        }
        out.push_str(&view[at..]);
        marks.sort_by_key(|m| m.span.start);
        Normalized { text: Cow::Owned(out), original_len: self.original_len, edits, marks }
    }

    /// The page furniture that the view leaves out (see
    /// [`Document::marks`](crate::Document::marks)), with spans into the
    /// text as given.
    pub(crate) fn marks(&self) -> &[crate::furniture::Mark] {
        &self.marks
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the view differs from the text as given.
    pub fn is_changed(&self) -> bool {
        !self.edits.is_empty()
    }

    /// The normalised text, borrowed when nothing changed.
    pub fn into_text(self) -> Cow<'a, str> {
        self.text
    }

    /// The byte offset of the text as given that byte offset `n` of the
    /// view stands for. Monotone; the start and end of the view map to the
    /// start and end of the text; a char boundary of the view maps to a char
    /// boundary of the text. Offsets past the end map to the end.
    pub fn original_offset(&self, n: usize) -> usize {
        if n >= self.text.len() {
            return self.original_len;
        }
        let k = self.edits.partition_point(|e| e.norm.0 <= n);
        let Some(e) = k.checked_sub(1).map(|k| self.edits[k]) else {
            return n;
        };
        if n < e.norm.1 {
            e.orig.0
        } else {
            e.orig.1 + (n - e.norm.1)
        }
    }
}

/// The view of `text` as a string (see [`Normalized`]).
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    Normalized::new(text).into_text()
}

/// True when `c` combines with nothing before it in the view: not a
/// combining mark, not a removed character (what may follow a footnote
/// mark that the view drops; see [`crate::furniture`]).
pub(crate) fn is_starter(c: char) -> bool {
    canonical_combining_class(c) == 0 && !is_removed(c) && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Soft hyphen and zero-width characters: invisible, dropped from the view.
fn is_removed(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// The combining acute and grave accents, read as stress marks on a
/// Cyrillic vowel.
fn is_stress_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}')
}

fn is_cyrillic_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'А'
            | 'Е'
            | 'Ё'
            | 'И'
            | 'О'
            | 'У'
            | 'Ы'
            | 'Э'
            | 'Ю'
            | 'Я'
            | 'І'
            | 'Ї'
            | 'Є'
    )
}

/// Characters that are NFC whatever stands around them and start no
/// combining sequence that could change (checked by a test against the
/// Unicode tables): Latin-1 and Latin Extended, Cyrillic without its
/// combining marks and the vowels with a grave accent, the common punctuation of U+2010..U+2027 but the
/// zero-width characters.
fn is_plain(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{AC}'
            | '\u{AE}'..='\u{2FF}'
            // Cyrillic but `Ѐ Ѝ ѐ ѝ`, a vowel and a grave accent in NFD
            | '\u{401}'..='\u{40C}'
            | '\u{40E}'..='\u{44F}'
            | '\u{451}'..='\u{45C}'
            | '\u{45E}'..='\u{482}'
            | '\u{48A}'..='\u{52F}'
            | '\u{2010}'..='\u{2027}'
    )
}

/// The length of the UTF-8 sequence at `b[i]` when it encodes a
/// character of [`is_plain`], else 0: the byte-level fast path of
/// [`is_clean`], for a string's bytes.
fn plain_len(b: &[u8], i: usize) -> usize {
    let x = b[i];
    if x < 0x80 {
        return 1;
    }
    // a lead byte of valid UTF-8 has its continuation bytes
    let y = b.get(i + 1).copied().unwrap_or(0);
    match x {
        0xC2 if y != 0xAD => 2,
        0xC3..=0xCB => 2,
        // Cyrillic but U+0400, U+040D, U+0450, U+045D and U+0483..U+0489
        0xD0 if !matches!(y, 0x80 | 0x8D) => 2,
        0xD1 if !matches!(y, 0x90 | 0x9D) => 2,
        0xD2 if !(0x83..=0x89).contains(&y) => 2,
        0xD3 => 2,
        0xD4 if y <= 0xAF => 2,
        // U+2010..U+2027
        0xE2 if y == 0x80 && b.get(i + 2).is_some_and(|z| (0x90..=0xA7).contains(z)) => 3,
        _ => 0,
    }
}

/// Bytes checked at a time by [`is_clean`].
const CHUNK: usize = 64;

/// True when every character that starts in `b[s..e]` is plain (see
/// [`is_plain`]), by tests on single bytes and pairs of bytes that the
/// compiler can run on many bytes at once; false also when a character
/// merely needs a closer look (three- and four-byte sequences).
fn chunk_is_plain(b: &[u8], s: usize, e: usize) -> bool {
    let single = b[s..e].iter().fold(false, |acc, &x| acc | not_plain_lead(x));
    // each byte and the one after it (the last byte of the text has none),
    // as two slices side by side, which vectorises where `windows` does not
    let pairs =
        b[s..e].iter().zip(&b[s + 1..(e + 1).min(b.len())]).fold(false, |acc, (&x, &y)| acc | not_plain_pair(x, y));
    !(single | pairs)
}

/// A lead byte of anything but Latin (U+0080..U+02FF) and Cyrillic: not a
/// plain character, or one that needs a closer look ([`chunk_is_plain`]).
#[inline(always)]
fn not_plain_lead(x: u8) -> bool {
    (x >= 0xCC) & !(0xD0..=0xD4).contains(&x)
}

/// Two bytes that start a two-byte character that is not plain (a soft
/// hyphen, Cyrillic letters with a grave accent, combining Cyrillic
/// marks, ...), without a branch ([`chunk_is_plain`]).
#[inline(always)]
fn not_plain_pair(x: u8, y: u8) -> bool {
    ((x == 0xC2) & (y == 0xAD))
        | ((x == 0xD0) & ((y == 0x80) | (y == 0x8D)))
        | ((x == 0xD1) & ((y == 0x90) | (y == 0x9D)))
        | ((x == 0xD2) & (y.wrapping_sub(0x83) < 7))
        | ((x == 0xD4) & (y > 0xAF))
}

/// The start of the character that byte `i` of `text` belongs to.
#[inline]
fn char_start(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// True when the view of `text` ([`normalized`]) is surely `text` itself,
/// told from its bytes alone: every character is plain (see [`is_plain`];
/// the text is then clean) and none is one that page furniture needs: a
/// line break (a page number stands on a line of its own), `[` or `*`
/// (footnote marks), a superscript digit (`¹²³` are plain, the others are
/// not). Cheaper than the view itself, which on a plain text still looks
/// for footnote marks and page numbers; a false answer only means the view
/// must be made.
pub(crate) fn is_plainly_unchanged(text: &str) -> bool {
    let b = text.as_bytes();
    // the tests of `chunk_is_plain` with the furniture's bytes and pairs
    // added, in one pass over each
    let single = |x: u8| not_plain_lead(x) | (x == b'\n') | (x == b'\r') | (x == b'[') | (x == b'*');
    let pair = |x: u8, y: u8| not_plain_pair(x, y) | ((x == 0xC2) & ((y == 0xB2) | (y == 0xB3) | (y == 0xB9)));
    let mut s = 0;
    while s < b.len() {
        let e = (s + CHUNK).min(b.len());
        let singles = b[s..e].iter().fold(false, |acc, &x| acc | single(x));
        // a pair across the chunk's end is seen here
        let pairs = b[s..e].iter().zip(&b[s + 1..(e + 1).min(b.len())]).fold(false, |acc, (&x, &y)| acc | pair(x, y));
        if !(singles | pairs) {
            s = e;
            continue;
        }
        // character by character, from the start of the one at `s`
        let mut i = char_start(text, s);
        while i < e {
            let n = plain_len(b, i);
            let superscript = b[i] == 0xC2 && matches!(b.get(i + 1), Some(0xB2 | 0xB3 | 0xB9));
            if n == 0 || matches!(b[i], b'\n' | b'\r' | b'[' | b'*') || superscript {
                return false;
            }
            i += n;
        }
        s = i;
    }
    true
}

/// True when the view of `text` is `text` itself: chunks of plain
/// characters are passed over a few bytes at a time, any other character
/// is looked up, and from the first combining mark on the check is full.
fn is_clean(text: &str) -> bool {
    let b = text.as_bytes();
    let mut s = 0;
    while s < b.len() {
        let e = (s + CHUNK).min(b.len());
        if chunk_is_plain(b, s, e) {
            s = e;
            continue;
        }
        // character by character, from the start of the one at `s`
        let mut i = char_start(text, s);
        while i < e {
            let n = plain_len(b, i);
            if n > 0 {
                i += n;
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            // `Ѐ Ѝ ѐ ѝ` are a vowel and a grave accent in NFD
            if is_removed(c) || matches!(c, 'Ѐ' | 'Ѝ' | 'ѐ' | 'ѝ') {
                return false;
            }
            if canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
                return rest_is_clean(text, i);
            }
            i += c.len_utf8();
        }
        s = i;
    }
    true
}

/// The check of [`is_clean`] from offset `i` on, where a combining mark or a
/// character that may compose stands, after starters that are NFC.
fn rest_is_clean(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    let mut cyrillic_vowel = text[..i].chars().next_back().is_some_and(is_cyrillic_vowel);
    for c in rest.chars() {
        let stressed = matches!(c, 'Ѐ' | 'Ѝ' | 'ѐ' | 'ѝ');
        if is_removed(c) || stressed || (cyrillic_vowel && is_stress_mark(c)) {
            return false;
        }
        if canonical_combining_class(c) == 0 {
            cyrillic_vowel = is_cyrillic_vowel(c);
        }
    }
    is_nfc_quick(rest.chars()) == IsNormalized::Yes
}

/// The view of a cluster, appended to `out`.
fn push_cluster(cluster: &str, out: &mut String) {
    if cluster.chars().all(is_removed) {
        // standing alone: kept (see the module docs)
        out.push_str(cluster);
        return;
    }
    let mut vowel = false;
    let kept = cluster.nfd().filter(|&c| {
        if is_removed(c) {
            return false;
        }
        if canonical_combining_class(c) == 0 {
            vowel = is_cyrillic_vowel(c);
            return true;
        }
        !(vowel && is_stress_mark(c))
    });
    out.extend(kept.nfc());
}

/// The first character of `c`'s canonical decomposition.
fn decomposition_head(c: char) -> char {
    let mut head = None;
    decompose_canonical(c, |d| {
        head.get_or_insert(d);
    });
    head.unwrap_or(c)
}

/// Normalises text that is not clean: the view and its edits.
fn normalise(text: &str) -> (String, Vec<Edit>) {
    let mut clusters = Clusters {
        text,
        out: String::with_capacity(text.len()),
        edits: Vec::new(),
        open: None,
        waiting: None,
        scratch: String::new(),
    };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_removed(c) {
            clusters.removed(i, end);
        } else if starts_with_mark(c) {
            clusters.mark(i, end);
        } else if !clusters.composes(c, end) {
            clusters.starter(i, c, end);
        }
    }
    clusters.finish()
}

/// True when `c` is a combining mark, or a character whose decomposition
/// starts with one (reordered among the marks before it).
fn starts_with_mark(c: char) -> bool {
    canonical_combining_class(c) != 0 || (!is_plain(c) && canonical_combining_class(decomposition_head(c)) != 0)
}

/// The clusters of a text, read a character at a time, and the view of
/// those that are closed (see [`normalise`]).
struct Clusters<'a> {
    text: &'a str,
    /// The view so far, and its edits.
    out: String,
    edits: Vec<Edit>,
    /// The open cluster, `text[start..end]`, and whether its base character
    /// (its first one that stays) is whitespace; `None` before the first.
    open: Option<(usize, usize, bool)>,
    /// Removed characters after whitespace or at the start, waiting for a
    /// character to attach to: from this offset to the current one.
    waiting: Option<usize>,
    scratch: String,
}

impl Clusters<'_> {
    /// Appends the view of the cluster `text[start..end]`, an edit when it
    /// differs from the cluster.
    fn close(&mut self, start: usize, end: usize) {
        let cluster = &self.text[start..end];
        let n0 = self.out.len();
        let plain_char = cluster.chars().nth(1).is_none() && cluster.chars().all(is_plain);
        if plain_char {
            self.out.push_str(cluster);
        } else {
            push_cluster(cluster, &mut self.out);
        }
        if self.out[n0..] != *cluster {
            // marks on whitespace (a line that starts with one) are an
            // edit of their own, the whitespace left out of it: a line
            // break in an edit would join two lines for what is read by
            // lines (page furniture), and a view of the view, which has
            // no such edit, would read them apart
            let ws = cluster.chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8);
            let keep =
                if ws > 0 && self.out[n0..].starts_with(&cluster[..ws]) && self.out.len() > n0 + ws { ws } else { 0 };
            self.edits.push(Edit { norm: (n0 + keep, self.out.len()), orig: (start + keep, end) });
        }
    }

    /// A removed character, `text[i..end]`: it goes with the open cluster
    /// when that is no whitespace and nothing waits, else it waits.
    fn removed(&mut self, i: usize, end: usize) {
        match self.open {
            Some((s, _, false)) if self.waiting.is_none() => self.open = Some((s, end, false)),
            _ => {
                self.waiting.get_or_insert(i);
            }
        }
    }

    /// A combining mark (see [`starts_with_mark`]), `text[i..end]`: it goes
    /// with the open cluster; after removed characters that wait, those
    /// stand alone and the mark opens a cluster of its own.
    fn mark(&mut self, i: usize, end: usize) {
        if let Some(w) = self.waiting.take() {
            // marks after a waiting run: the run stands alone
            if let Some((s, e, _)) = self.open.take() {
                self.close(s, e);
            }
            self.close(w, i);
            self.open = Some((i, end, false));
        } else if let Some((s, _, ws)) = self.open {
            self.open = Some((s, end, ws));
        } else {
            self.open = Some((i, end, false));
        }
    }

    /// True when the starter `c`, ending at `end`, composes with the open
    /// cluster (Hangul jamo, two-part vowel signs), which it then joins:
    /// only when nothing waits between them (a plain character composes
    /// with nothing before it).
    fn composes(&mut self, c: char, end: usize) -> bool {
        if let (Some((s, e, ws)), None, false) = (self.open, self.waiting, is_plain(c)) {
            self.scratch.clear();
            push_cluster(&self.text[s..e], &mut self.scratch);
            if self.scratch.chars().next_back().and_then(|last| compose(last, decomposition_head(c))).is_some() {
                self.open = Some((s, end, ws));
                return true;
            }
        }
        false
    }

    /// A starter that composes with nothing before it, `text[i..end]`: the
    /// open cluster closes and `c` opens the next, with the removed
    /// characters that wait before it (whitespace takes none: they stand
    /// alone).
    fn starter(&mut self, i: usize, c: char, end: usize) {
        if let Some((s, e, _)) = self.open.take() {
            self.close(s, e);
        }
        let start = match self.waiting.take() {
            Some(w) if c.is_whitespace() => {
                // nothing to attach to on either side
                self.close(w, i);
                i
            }
            Some(w) => w,
            None => i,
        };
        self.open = Some((start, end, c.is_whitespace()));
    }

    /// The view and its edits, once the last cluster and any removed
    /// characters waiting at the end are closed.
    fn finish(mut self) -> (String, Vec<Edit>) {
        if let Some((s, e, _)) = self.open.take() {
            self.close(s, e);
        }
        if let Some(w) = self.waiting {
            self.close(w, self.text.len());
        }
        (self.out, self.edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks the map of `text`'s view: ends map to ends, monotone, char
    /// boundaries to char boundaries, and each char of the view maps to a
    /// span of the text whose own view it is.
    fn check_map(text: &str) {
        let v = Normalized::new(text);
        let view = v.as_str();
        assert_eq!(v.original_offset(0), 0, "{text:?}");
        assert_eq!(v.original_offset(view.len()), text.len(), "{text:?}");
        let mut last = 0;
        for n in 0..=view.len() {
            let o = v.original_offset(n);
            assert!(o >= last && o <= text.len(), "{text:?}: {n} -> {o} after {last}");
            if view.is_char_boundary(n) {
                assert!(text.is_char_boundary(o), "{text:?}: {n} -> {o}");
            }
            last = o;
        }
        // every stretch between edits is the original, byte for byte (page
        // furniture is read from its neighbours: a piece of it alone is text)
        if !v.marks().is_empty() {
            return;
        }
        let bounds: Vec<usize> = (0..=view.len()).filter(|&n| view.is_char_boundary(n)).collect();
        let mut joined = String::new();
        for w in bounds.windows(2) {
            let (a, b) = (v.original_offset(w[0]), v.original_offset(w[1]));
            if a < b {
                joined.push_str(&normalized(&text[a..b]));
            }
        }
        assert_eq!(joined, view, "{text:?}");
    }

    /// A line that starts with a mark which NFC rewrites (U+0344) is an
    /// edit of its own, without the line break before it: both page
    /// numbers around it are read, and the view of the view is the view.
    #[test]
    fn marks_on_a_line_of_their_own_keep_the_lines_apart() {
        let text = "а\n— 5 —\n\u{344}\n\n— 5 —\n";
        let v = Normalized::new(text);
        assert_eq!(v.as_str(), "а\n\u{308}\u{301}");
        assert_eq!(v.marks().len(), 2);
        assert_eq!(Normalized::new(v.as_str()).as_str(), v.as_str());
        check_map(text);
    }

    #[test]
    fn clean_text_is_borrowed_and_maps_to_itself() {
        for text in ["", "plain ASCII.", "Вышинский. Подсудимый Бухарин, продолжайте — «да»…", "Ёлка и ёж.", "café"]
        {
            let v = Normalized::new(text);
            assert!(matches!(v.text, Cow::Borrowed(_)) && !v.is_changed(), "{text:?}");
            for n in 0..=text.len() {
                assert_eq!(v.original_offset(n), n);
            }
        }
    }

    #[test]
    fn decomposed_cyrillic_is_composed_and_stress_dropped() {
        // й in NFD is и + breve: NFC gives й back, not и
        assert_eq!(normalized("и\u{306}"), "й");
        assert_eq!(normalized("Хорошии\u{306}"), "Хороший");
        // ё in NFD stays ё
        assert_eq!(normalized("е\u{308}ж"), "ёж");
        // stress marks on vowels, acute and grave, either case, with ё
        assert_eq!(normalized("Буха\u{301}рин"), "Бухарин");
        assert_eq!(normalized("О\u{301}н ѝ е\u{308}\u{301}"), "Он и ё");
        assert_eq!(normalized("благочести\u{301}вое"), "благочестивое");
        // on a Latin letter an accent is spelling, composed
        assert_eq!(normalized("cafe\u{301}"), "café");
        // on a Cyrillic consonant, not a stress mark: kept
        assert_eq!(normalized("м\u{301}"), "м\u{301}");
    }

    #[test]
    fn invisible_characters_go_with_a_neighbour() {
        assert_eq!(normalized("pi\u{AD}ous"), "pious");
        assert_eq!(normalized("a\u{200B}b\u{200C}c\u{200D}d\u{2060}e\u{FEFF}f"), "abcdef");
        assert_eq!(normalized("\u{200B}Word \u{FEFF}next\u{AD}"), "Word next");
        // alone between whitespace (or alone): kept
        assert_eq!(normalized("a \u{200B} b"), "a \u{200B} b");
        assert_eq!(normalized("\u{AD}"), "\u{AD}");
        let text = "x \u{200B}Бу\u{AD}ха\u{301}рин";
        let v = Normalized::new(text);
        assert_eq!(v.as_str(), "x Бухарин");
        // the zero-width space after whitespace goes with `Б`
        assert_eq!(v.original_offset(2), 2);
        assert_eq!(v.original_offset(4), 2 + 3 + 2);
    }

    #[test]
    fn maps_are_monotone_and_land_on_char_boundaries() {
        for text in [
            "и\u{306}",
            "Буха\u{301}рин. Да.",
            "\u{200B}",
            " \u{200B}",
            "\u{200B} ",
            "\u{301}x",
            " \u{301}\u{AD}x",
            "a\u{AD}\u{301}b",
            "\u{1100}\u{1161}\u{11A8} 한",
            "\u{0B47}\u{0B3E}",
            "e\u{301}\u{308}\u{323}",
            "\u{344}\u{F73}\u{2126}",
            "ѝ\r\nпи\u{AD}\u{AD}ous \u{FEFF}",
        ] {
            check_map(text);
        }
    }

    #[test]
    fn hangul_jamo_compose_as_nfc_does() {
        for text in ["\u{1100}\u{1161}\u{11A8}", "\u{1100}\u{AD}\u{1161}", "\u{0B47}\u{0B3E}x", "\u{344}\u{F73}"] {
            let expected: String = text.chars().filter(|&c| !is_removed(c)).nfc().collect();
            assert_eq!(normalized(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_byte_fast_paths_agree_with_plain_characters() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let s = c.to_string();
            let n = plain_len(s.as_bytes(), 0);
            assert_eq!(n > 0, is_plain(c), "{c:?}");
            assert!(n == 0 || n == s.len(), "{c:?}");
            if c <= '\u{7FF}' {
                // two bytes: the chunk test is exact
                assert_eq!(chunk_is_plain(s.as_bytes(), 0, s.len()), is_plain(c), "{c:?}");
            } else {
                assert!(!chunk_is_plain(s.as_bytes(), 0, s.len()), "{c:?}");
            }
        }
        // a character across two chunks is seen by the first
        let mut text = "а".repeat(CHUNK / 2 - 1);
        text.push_str("xѝ");
        assert_eq!(text.len(), CHUNK + 1);
        assert!(!is_clean(&text));
        text.insert(0, 'y');
        assert!(!is_clean(&text));
    }

    #[test]
    fn plain_characters_are_nfc_starters() {
        for c in (0u32..0x3000).filter_map(char::from_u32).filter(|&c| is_plain(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert!(!is_removed(c) && !is_stress_mark(c), "{c:?}");
        }
    }

    fn unicode_soup() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "а",
            "и",
            "е",
            "Б",
            "x",
            " ",
            "\n",
            "\r",
            ".",
            "\u{301}",
            "\u{300}",
            "\u{306}",
            "\u{308}",
            "\u{AD}",
            "\u{200B}",
            "\u{200D}",
            "\u{2060}",
            "\u{FEFF}",
            "\u{1100}",
            "\u{1161}",
            "\u{344}",
            "é",
            "й",
            // page furniture
            "*",
            "[1]",
            "¹",
            "\n— 5 —\n",
            "\n7\n",
            "\n\n",
            ",",
            "e",
        ]);
        prop_oneof![prop::collection::vec(piece, 0..30).prop_map(|v| v.concat()), any::<String>()]
    }

    #[test]
    fn plain_sentences_are_plainly_unchanged() {
        for text in ["", "plain ASCII.", "Вышинский — «да»… Ёлка.", "café l’été, à 3 h", "20 °C"]
        {
            assert!(is_plainly_unchanged(text), "{text:?}");
        }
        for text in ["a\nb", "a*", "a[1]", "a¹", "a\u{2075}", "pi\u{AD}ous", "и\u{301}", "ѝ"] {
            assert!(!is_plainly_unchanged(text), "{text:?}");
        }
        // a superscript across the end of a chunk
        let text = format!("{}a¹", "x".repeat(CHUNK - 2));
        assert!(!is_plainly_unchanged(&text));
    }

    /// Mostly plain text (the fast test's case), with the characters that
    /// make a view differ now and then.
    fn mostly_plain() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "word ",
            "Ёлка ",
            "café ",
            "l’été",
            "«",
            "»",
            "—",
            "…",
            " ",
            ".",
            ",",
            "x",
            "а",
            "1",
            "²",
            "³",
            "¹",
            "⁵",
            "*",
            "[2]",
            "\n",
            "\r",
            "\u{AD}",
            "\u{301}",
            "и",
            "ѝ",
            "\u{200B}",
            "\n— 5 —\n",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn plainly_unchanged_text_is_its_own_view(text in prop_oneof![mostly_plain(), unicode_soup()]) {
            if is_plainly_unchanged(&text) {
                prop_assert!(matches!(normalized(&text), Cow::Borrowed(v) if v == text));
            }
        }

        #[test]
        fn any_string_maps_back_to_char_boundaries(text in unicode_soup()) {
            check_map(&text);
            // the view is its own view
            let v = normalized(&text);
            let again = normalized(&v).into_owned();
            prop_assert_eq!(again.as_str(), v.as_ref());
        }
    }
}
