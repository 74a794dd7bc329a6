//! The word segments of UAX #29 (Unicode Text Segmentation, "Word Boundary
//! Rules" WB1..WB999) that `unicode-segmentation` yields from
//! `unicode_word_indices`, found without its table search for text in the
//! scripts the aligner mostly reads.
//!
//! For text without extending characters (`Extend`, `Format`, `ZWJ`),
//! regional indicators, Katakana and Hebrew letters, the rules come down to
//! this:
//!
//! * letters (`ALetter`), digits (`Numeric`) and connectors
//!   (`ExtendNumLet`, `_`) never break between each other (WB5, WB8, WB9,
//!   WB10, WB13a, WB13b): a run of them is one segment;
//! * one `MidLetter` (`:` `·`) or `MidNumLet` (`.` `'` `’`) between two
//!   letters joins them (WB6, WB7), and one `MidNum` (`,` `;`) or
//!   `MidNumLet` between two digits joins them (WB11, WB12);
//! * every other character is a segment of its own (WB999), or a run of
//!   spaces (WB3d), or a line break (WB3..WB3b).
//!
//! `unicode_word_indices` keeps the segments that hold an alphanumeric
//! character, so a run counts when it holds a letter or a digit, and any
//! other character when it is alphanumeric itself (`²`, `½`).
//!
//! The `Word_Break` values come from [`INFO`], computed from the properties
//! Rust's `char` knows (`Alphabetic`, `Alphanumeric`) and the short lists of
//! characters UAX #29 names for the punctuation values, for U+0000..U+02AF
//! (Latin), U+0400..U+04FF (Cyrillic) and U+2000..U+20CF (general
//! punctuation, currency signs), and for `№` and `−`. Any other character,
//! and the extending characters of these blocks (combining accents such as
//! the Russian stress mark U+0301, the soft hyphen U+00AD, the joiners),
//! stops the segmenter with [`Unknown`], and the caller hands the text to
//! the crate. (The emoji of these blocks, `©` `®` `‼` `⁉`, are Other here:
//! they join nothing but after a ZWJ, which goes to the crate.) The tests
//! check every character of the table against the crate (a toolchain or a
//! crate of another Unicode version that disagrees fails them), and random
//! text too.

use std::sync::LazyLock;

/// What the segmenter needs of a character, in one byte: its class (the
/// low four bits) and three flags.
type Info = u8;

/// The classes: the `Word_Break` values the rules above tell apart.
const OTHER: u8 = 0;
const LETTER: u8 = 1;
const NUMERIC: u8 = 2;
const EXTEND_NUM_LET: u8 = 3;
const MID_LETTER: u8 = 4;
const MID_NUM: u8 = 5;
/// `MidNumLet` and `Single_Quote` (alike without Hebrew letters).
const MID_NUM_LET: u8 = 6;
/// Not in the table, or an extending character: the crate decides.
const UNKNOWN: u8 = 7;
/// The end of the text.
const END: u8 = 8;
const CLASS: u8 = 15;
/// The character is a letter ([`super::is_letter`]).
const IS_LETTER: u8 = 16;
/// The character is alphanumeric (`char::is_alphanumeric`).
const IS_ALNUM: u8 = 32;
/// The character is upper case ([`super::is_upper`]).
const IS_UPPER: u8 = 64;
/// The character is one of the marks [`super::punctuation`] counts.
const IS_MARK: u8 = 128;

/// The [`Info`] of the letters of U+0400..U+047F inside a word, where the
/// upper-case flag does not matter (only a word's first character, read
/// through the table, tells whether it is a name).
const CYRILLIC: Info = LETTER | IS_LETTER | IS_ALNUM;

/// A character the table does not know: the text goes to the crate.
#[derive(Debug)]
pub(super) struct Unknown;

/// The class of `c` within the blocks of [`INFO`]: the characters the
/// standard lists by name first, then the letters.
fn class(c: char) -> u8 {
    match c {
        // the modifier letters (some are ALetter without being letters),
        // the combining marks (Extend) and Greek: left to the crate
        '\u{2B0}'..='\u{3FF}' => UNKNOWN,
        // Extend: the Cyrillic combining marks, ZWNJ; ZWJ; Format
        '\u{483}'..='\u{489}' | '\u{200C}' | '\u{200D}' => UNKNOWN,
        '\u{AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' => UNKNOWN,
        '0'..='9' => NUMERIC,
        // LOW LINE, NARROW NO-BREAK SPACE, UNDERTIE, CHARACTER TIE, INVERTED UNDERTIE
        '_' | '\u{202F}' | '\u{203F}' | '\u{2040}' | '\u{2054}' => EXTEND_NUM_LET,
        // COLON, MIDDLE DOT, HYPHENATION POINT
        ':' | '\u{B7}' | '\u{2027}' => MID_LETTER,
        // COMMA, SEMICOLON, FRACTION SLASH
        ',' | ';' | '\u{2044}' => MID_NUM,
        // FULL STOP, APOSTROPHE (Single_Quote), ‘ ’, ONE DOT LEADER
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{2024}' => MID_NUM_LET,
        // CEDILLA: ALetter, though no letter (UCD 17)
        '\u{B8}' => LETTER,
        _ if c.is_alphabetic() => LETTER,
        _ => OTHER,
    }
}

/// The [`Info`] of `c` within the blocks of [`INFO`].
fn info_of(c: char) -> Info {
    if class(c) == UNKNOWN {
        return UNKNOWN;
    }
    let letter = if super::is_letter(c) { IS_LETTER } else { 0 };
    let alnum = if c.is_alphanumeric() { IS_ALNUM } else { 0 };
    let upper = if super::is_upper(c) { IS_UPPER } else { 0 };
    let mark =
        if matches!(c, '?' | '!' | '"' | '(' | ')' | ':' | '«' | '»' | '“' | '”' | '„') { IS_MARK } else { 0 };
    class(c) | letter | alnum | upper | mark
}

/// Where the table's blocks start in it: U+0000..U+04FF, then
/// U+2000..U+20CF.
const LOW: usize = 0x500;
const PUNCT: usize = 0x2000;
const PUNCT_LEN: usize = 0xD0;

/// The [`Info`] of U+0000..U+04FF, then of U+2000..U+20CF.
static INFO: LazyLock<[Info; LOW + PUNCT_LEN]> = LazyLock::new(|| {
    let mut info = [UNKNOWN; LOW + PUNCT_LEN];
    let code = (0..LOW).chain(PUNCT..PUNCT + PUNCT_LEN);
    for (slot, u) in info.iter_mut().zip(code) {
        *slot = char::from_u32(u as u32).map_or(UNKNOWN, info_of);
    }
    info
});

/// The [`Info`] of `c`, through `table` (the [`INFO`] table).
fn lookup(table: &[Info; LOW + PUNCT_LEN], c: u32) -> Info {
    let u = c as usize;
    if u < LOW {
        table[u]
    } else if (PUNCT..PUNCT + PUNCT_LEN).contains(&u) {
        table[u - PUNCT + LOW]
    } else if c == 0x2116 || c == 0x2212 {
        // NUMERO SIGN, MINUS SIGN: frequent in Russian text, Other
        OTHER
    } else {
        UNKNOWN
    }
}

/// A word segment that holds a letter: its byte span, and whether it is
/// written like a name (its first character is upper case, and a segment
/// with an alphanumeric character came before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Segment {
    /// The byte offset of the segment's first character.
    pub start: usize,
    /// The byte offset after its last character.
    pub end: usize,
    /// Written like a name.
    pub name: bool,
}

/// The segments of a text that hold a letter, one at a time.
pub(super) struct Segmenter<'t> {
    text: &'t [u8],
    table: &'static [Info; LOW + PUNCT_LEN],
    /// Where reading goes on.
    pos: usize,
    /// A segment with an alphanumeric character was read.
    alnum_seen: bool,
    /// The marks read so far, counted as [`super::punctuation`] counts
    /// them: the segmenter reads every character anyway.
    marks: [u8; 5],
}

impl<'t> Segmenter<'t> {
    /// A segmenter at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Segmenter { text: text.as_bytes(), table: &INFO, pos: 0, alnum_seen: false, marks: [0; 5] }
    }

    /// The counts of question marks, exclamation marks, quotation marks,
    /// parentheses and colons of the text read so far (all of it once
    /// [`Segmenter::next_segment`] has given `None`).
    pub fn marks(&self) -> [u8; 5] {
        self.marks
    }

    /// Counts the mark (a character of [`IS_MARK`]) at byte `i`: the
    /// ASCII ones by their byte, the others (« » “ ” „) are quotation marks.
    #[inline]
    fn mark(&mut self, i: usize) {
        let k = match self.text[i] {
            b'?' => 0,
            b'!' => 1,
            b'(' | b')' => 3,
            b':' => 4,
            _ => 2,
        };
        self.marks[k] = self.marks[k].saturating_add(1);
    }

    /// The [`Info`] of the character at byte `i` ([`END`] at the end of
    /// the text) and its length in bytes. Only the lead bytes of the
    /// table's blocks are decoded: C2..D3 (U+0080..U+04FF) and E2
    /// (U+2000..U+2FFF); a character the table does not know is
    /// [`UNKNOWN`].
    #[inline(always)]
    fn at(&self, i: usize) -> (Info, usize) {
        let b = self.text;
        let Some(&lead) = b.get(i) else {
            return (END, 0);
        };
        if lead < 0x80 {
            return (self.table[lead as usize], 1);
        }
        // a continuation byte's six bits (the text is UTF-8: they are there)
        let cont = |k: usize| b.get(i + k).map_or(0, |&x| u32::from(x & 0x3F));
        match lead {
            0xC2..=0xD3 => (lookup(self.table, (u32::from(lead & 0x1F) << 6) | cont(1)), 2),
            0xE2 => (lookup(self.table, 0x2000 | (cont(1) << 6) | cont(2)), 3),
            _ => (UNKNOWN, 0),
        }
    }

    /// The next segment that holds a letter, `None` at the end of the
    /// text; [`Unknown`] when a character the table does not know stands
    /// where the answer depends on it. The segments returned before are
    /// then the crate's.
    #[inline]
    pub fn next_segment(&mut self) -> Result<Option<Segment>, Unknown> {
        loop {
            let (info, width) = self.at(self.pos);
            match info & CLASS {
                LETTER | NUMERIC | EXTEND_NUM_LET => {
                    let start = self.pos;
                    let (end, flags) = self.run(info, start + width)?;
                    let name = self.alnum_seen && info & IS_UPPER != 0;
                    let segment = Segment { start, end, name };
                    self.alnum_seen |= flags & IS_ALNUM != 0;
                    self.pos = end;
                    if flags & IS_LETTER != 0 {
                        return Ok(Some(segment));
                    }
                }
                END => return Ok(None),
                UNKNOWN => return Err(Unknown),
                _ => {
                    // a segment of its own, or one with the spaces or the
                    // line break around it: none of them holds a letter
                    self.alnum_seen |= info & IS_ALNUM != 0;
                    if info & IS_MARK != 0 {
                        self.mark(self.pos);
                    }
                    self.pos += width;
                }
            }
        }
    }

    /// The end of the run of letters, digits and connectors whose first
    /// character (of [`Info`] `first`) ends at `next`, with the flags of
    /// its characters or-ed together.
    #[inline(always)]
    fn run(&mut self, first: Info, mut next: usize) -> Result<(usize, Info), Unknown> {
        let (mut last, mut flags) = (first & CLASS, first);
        loop {
            // ASCII letters and digits, and the letters of basic Cyrillic
            // (U+0400..U+047F, lead bytes D0 and D1), in a tight loop
            match self.text.get(next) {
                Some(&x) if x < 0x80 && self.table[x as usize] & CLASS == LETTER => {
                    (last, flags, next) = (LETTER, flags | self.table[x as usize], next + 1);
                    continue;
                }
                Some(0xD0 | 0xD1) => {
                    (last, flags, next) = (LETTER, flags | CYRILLIC, next + 2);
                    continue;
                }
                _ => {}
            }
            let (info, width) = self.at(next);
            let class = info & CLASS;
            match class {
                LETTER | NUMERIC | EXTEND_NUM_LET => {}
                // WB6, WB7: letter (MidLetter | MidNumLet) letter;
                // WB11, WB12: digit (MidNum | MidNumLet) digit
                MID_LETTER | MID_NUM | MID_NUM_LET => {
                    let wanted = match (last, class) {
                        (LETTER, MID_LETTER | MID_NUM_LET) => LETTER,
                        (NUMERIC, MID_NUM | MID_NUM_LET) => NUMERIC,
                        _ => return Ok((next, flags)),
                    };
                    match self.at(next + width).0 & CLASS {
                        UNKNOWN => return Err(Unknown),
                        c if c != wanted => return Ok((next, flags)),
                        _ => {}
                    }
                    // a colon between letters is inside the word, and
                    // still counted
                    if info & IS_MARK != 0 {
                        self.mark(next);
                    }
                }
                UNKNOWN => return Err(Unknown),
                _ => return Ok((next, flags)),
            }
            (last, flags, next) = (class, flags | info, next + width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// The segments through the table, or `None` when it does not know a
    /// character it needed.
    fn table_segments(s: &str) -> Option<Vec<Segment>> {
        let mut segmenter = Segmenter::new(s);
        let mut out = Vec::new();
        loop {
            match segmenter.next_segment() {
                Ok(Some(segment)) => out.push(segment),
                Ok(None) => return Some(out),
                Err(Unknown) => return None,
            }
        }
    }

    /// The crate's segments that hold a letter.
    fn crate_segments(s: &str) -> Vec<Segment> {
        let mut k = 0;
        let mut out = Vec::new();
        for (at, w) in s.unicode_word_indices() {
            k += 1;
            if w.chars().any(super::super::is_letter) {
                let name = k > 1 && w.chars().next().is_some_and(super::super::is_upper);
                out.push(Segment { start: at, end: at + w.len(), name });
            }
        }
        out
    }

    /// Texts around one character `c` that the crate segments differently
    /// for each class and flag the table holds: a letter alone is a word,
    /// an alphanumeric character makes the next word come after one, an
    /// upper-case letter after a number starts a name, and
    /// the joiners join different neighbours (`a:b` but not `1:2`, `1,2`
    /// but not `a,b`, `a__b` but not `a..b`).
    const PROBES: &[&str] = &[
        "{}",
        "{} A",
        "1 {}",
        "1 {}b",
        "a{}b",
        "x1{}2",
        "a{}{}b",
        "{}a",
        "a{}",
        "1{}a",
        "_{}_",
        "a{}1",
        "1{}",
        " {} ",
        "a{}\nb",
        "A.{}B",
        "Ab{}Cd ef",
        "{}{}",
        "1{}2{}3 X",
    ];

    /// The characters of the table, and the two outside it.
    fn table_chars() -> impl Iterator<Item = char> {
        let blocks = (0..LOW as u32).chain(PUNCT as u32..(PUNCT + PUNCT_LEN) as u32).chain([0x2116, 0x2212]);
        blocks.filter_map(char::from_u32)
    }

    #[test]
    fn the_table_is_the_crates() {
        let mut bad = Vec::new();
        for c in table_chars() {
            let known = lookup(&INFO, c as u32) != UNKNOWN;
            for probe in PROBES {
                let s = probe.replace("{}", &c.to_string());
                let got = table_segments(&s);
                if got.is_some() != known || got.is_some_and(|g| g != crate_segments(&s)) {
                    bad.push(format!("U+{:04X} {probe}", c as u32));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn other_characters_stop_the_table() {
        // beyond the table's blocks (the lead bytes D4.., E3.., F0..), and
        // the extending characters inside them
        let others = (0x500..0x2000).chain(0x20D0..0x3100).chain([0x1F600, 0x1F1E6, 0xFEFF]);
        for c in others.filter_map(char::from_u32).filter(|&c| c != '\u{2116}' && c != '\u{2212}') {
            assert_eq!(table_segments(&format!("a {c} b")), None, "{c:?}");
        }
        for c in ['\u{301}', '\u{AD}', '\u{200D}', '\u{200C}', '\u{2060}', '\u{483}', '\u{2B0}', 'α'] {
            assert_eq!(table_segments(&format!("a {c} b")), None, "{c:?}");
        }
    }

    /// Cases made by hand from the rules: the spans of the words.
    #[test]
    fn the_rules_by_hand() {
        let cases: &[(&str, &[(usize, usize)])] = &[
            // WB6, WB7: one MidLetter or MidNumLet between letters
            ("don't can’t", &[(0, 5), (6, 13)]),
            ("a:b a.b a..b a:", &[(0, 3), (4, 7), (8, 9), (11, 12), (13, 14)]),
            ("e.g. U.S.A.", &[(0, 3), (5, 10)]),
            // WB11, WB12: MidNum or MidNumLet between digits, not MidLetter
            ("a1,5 b3:4 c2.5", &[(0, 4), (5, 7), (10, 14)]),
            ("a,b", &[(0, 1), (2, 3)]),
            // WB9, WB10, WB13a, WB13b: letters, digits and connectors run on
            ("x_1y __ab 1_", &[(0, 4), (5, 9)]),
            ("a_.b", &[(0, 2), (3, 4)]),
            ("Жёлтый, «дом»— ok", &[(0, 12), (16, 22), (28, 30)]),
        ];
        for &(s, want) in cases {
            let got: Vec<(usize, usize)> = crate_segments(s).iter().map(|g| (g.start, g.end)).collect();
            assert_eq!(got, want, "{s:?} (the crate)");
            let table = table_segments(s).map(|v| v.iter().map(|g| (g.start, g.end)).collect::<Vec<_>>());
            assert_eq!(table.as_deref(), Some(want), "{s:?}");
        }
    }
}
