//! The sentence boundaries of UAX #29 (Unicode Text Segmentation, "Sentence
//! Boundary Rules" SB1..SB11), the same as `unicode-segmentation` finds
//! with `split_sentence_bound_indices`, found faster.
//!
//! Under the rules a sentence ends in only two places:
//!
//! * after a paragraph separator (`ParaSep`: `CR`, `LF`, `Sep`; `CR LF` is
//!   one), SB3 and SB4;
//! * after a terminator's *tail*, `SATerm Close* Sp* ParaSep?` (SB11),
//!   unless what follows the tail keeps the sentence going (SB6, SB7, SB8,
//!   SB8a). SB9 and SB10 say that no sentence ends inside the tail.
//!
//! So [`fast_ends`] looks only for terminators and separators (16 bytes at
//! a time, [`find_byte`]), reads each terminator's tail forward
//! ([`read_tail`]) and decides whether a sentence ends after it
//! ([`Tail::ends_here`]). Extending characters (`Extend`, `Format`) belong
//! to the character before them (SB5) and are read as part of it.
//!
//! The `Sentence_Break` values come from [`CATS`], computed from the
//! properties Rust's `char` knows (`White_Space`, `Lowercase`, `Uppercase`,
//! `Alphabetic`) and the short lists of characters UAX #29 and the UCD name
//! for the other values, for U+0000..U+053F (Latin, Greek, Cyrillic) and
//! U+2000..U+207F (general punctuation) only: the UCD's values for the
//! Unicode version of Rust's `char` (17.0 with Rust 1.95). A text with any
//! other character is handed to `unicode-segmentation`. The tests check
//! every character of the table against that crate (a toolchain or a crate
//! of another Unicode version that disagrees fails them), and random text
//! too.

use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// The `Sentence_Break` property value of a character (UAX #29).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cat {
    Any,
    CR,
    LF,
    Sep,
    Sp,
    Lower,
    Upper,
    OLetter,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
}

impl Cat {
    /// `ParaSep` of the rules.
    fn is_para_sep(self) -> bool {
        matches!(self, Cat::CR | Cat::LF | Cat::Sep)
    }

    /// `SATerm` of the rules.
    fn is_terminator(self) -> bool {
        matches!(self, Cat::ATerm | Cat::STerm)
    }

    /// Extending characters, which SB5 reads as part of the one before.
    fn is_extending(self) -> bool {
        matches!(self, Cat::Extend | Cat::Format)
    }
}

/// The `Sentence_Break` value of `c` within the two blocks of [`CATS`]: the
/// characters the standard lists by name (or by a property `char` does
/// not know: `General_Category`, `Line_Break`, `Grapheme_Extend`) first,
/// then the letters and spaces by the properties `char` knows.
fn category(c: char) -> Cat {
    match c {
        '\r' => Cat::CR,
        '\n' => Cat::LF,
        // NEXT LINE, LINE SEPARATOR, PARAGRAPH SEPARATOR
        '\u{85}' | '\u{2028}' | '\u{2029}' => Cat::Sep,
        // FULL STOP, ONE DOT LEADER
        '.' | '\u{2024}' => Cat::ATerm,
        // Sentence_Terminal: ! ? ‼ ‽ ⁇ ⁈ ⁉
        '!' | '?' | '\u{203C}' | '\u{203D}' | '\u{2047}'..='\u{2049}' => Cat::STerm,
        // , - : ; GREEK QUESTION MARK, EN DASH, EM DASH
        ',' | '-' | ':' | ';' | '\u{37E}' | '\u{2013}' | '\u{2014}' => Cat::SContinue,
        // Grapheme_Extend (the combining marks, ZWNJ) and ZWJ
        '\u{300}'..='\u{36F}' | '\u{483}'..='\u{489}' | '\u{200C}' | '\u{200D}' => Cat::Extend,
        // General_Category Cf but ZWNJ, ZWJ
        '\u{AD}' | '\u{200B}' | '\u{200E}' | '\u{200F}' => Cat::Format,
        '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' => Cat::Format,
        // Open, close, initial and final punctuation and quotation marks
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' => Cat::Close,
        '\u{2018}'..='\u{201F}' | '\u{2039}' | '\u{203A}' => Cat::Close,
        '\u{2045}' | '\u{2046}' | '\u{207D}' | '\u{207E}' => Cat::Close,
        // Line_Break Numeric: the decimal digits
        '0'..='9' => Cat::Numeric,
        // the titlecase letters: Dž Lj Nj Dz
        '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' => Cat::Upper,
        // White_Space (the separators are above), Lowercase (U+0345 is
        // Extend above), Uppercase, the other Alphabetic characters
        _ if c.is_whitespace() => Cat::Sp,
        _ if c.is_lowercase() => Cat::Lower,
        _ if c.is_uppercase() => Cat::Upper,
        _ if c.is_alphabetic() => Cat::OLetter,
        _ => Cat::Any,
    }
}

/// Where the table's second block starts.
const PUNCT: usize = 0x2000;

/// The values of U+0000..U+053F, then of U+2000..U+207F.
static CATS: LazyLock<[Cat; 0x540 + 0x80]> = LazyLock::new(|| {
    let mut cats = [Cat::Any; 0x540 + 0x80];
    let code = (0..0x540).chain(PUNCT..PUNCT + 0x80);
    for (slot, u) in cats.iter_mut().zip(code) {
        *slot = char::from_u32(u as u32).map_or(Cat::Any, category);
    }
    cats
});

/// The value of `c`, when it is in the table.
fn cat(c: char) -> Option<Cat> {
    let u = c as usize;
    if u < 0x540 {
        Some(CATS[u])
    } else if (PUNCT..PUNCT + 0x80).contains(&u) {
        Some(CATS[u - PUNCT + 0x540])
    } else {
        None
    }
}

/// A character the table does not know: the text goes to the crate.
#[derive(Debug)]
struct Unknown;

/// The character at byte `i` of `s` (none at the end), its value and the
/// offset after it.
fn read(s: &str, i: usize) -> Result<Option<(Cat, usize)>, Unknown> {
    match s[i..].chars().next() {
        None => Ok(None),
        Some(c) => Ok(Some((cat(c).ok_or(Unknown)?, i + c.len_utf8()))),
    }
}

/// The offset after the extending characters (SB5) from byte `i` on.
fn skip_extending(s: &str, mut i: usize) -> Result<usize, Unknown> {
    while let Some((c, next)) = read(s, i)? {
        if !c.is_extending() {
            break;
        }
        i = next;
    }
    Ok(i)
}

/// The offset after a paragraph separator of value `c` that ends at `next`:
/// `CR LF` is one (SB3).
fn after_para_sep(s: &str, c: Cat, next: usize) -> usize {
    if c == Cat::CR && s.as_bytes().get(next) == Some(&b'\n') {
        next + 1
    } else {
        next
    }
}

/// A terminator and what follows it up to where a sentence may end:
/// `SATerm Close* Sp*` with their extending characters (SB5).
struct Tail {
    /// `ATerm` or `STerm`.
    term: Cat,
    /// Only extending characters follow the terminator, no `Close`, no
    /// `Sp` (the left side of SB6 and SB7).
    bare: bool,
    /// The offset after the tail, where the character in question stands.
    end: usize,
}

/// Reads the tail of the terminator of value `term` at byte `at` (SB9 and
/// SB10: nothing inside it ends a sentence).
fn read_tail(s: &str, at: usize, term: Cat) -> Result<Tail, Unknown> {
    let first = s[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let mut end = skip_extending(s, first)?;
    let start = end;
    for run in [Cat::Close, Cat::Sp] {
        while let Some((c, next)) = read(s, end)? {
            if c != run {
                break;
            }
            end = skip_extending(s, next)?;
        }
    }
    Ok(Tail { term, bare: end == start, end })
}

impl Tail {
    /// Where the sentence of this tail ends, the terminator at byte `at`: at
    /// the tail's end (SB11) unless the character there keeps it going (SB6,
    /// SB7, SB8, SB8a). `None` when it goes on, at the end of the text, and
    /// before a paragraph separator, after which the sentence ends anyway.
    fn ends_here(&self, s: &str, at: usize) -> Result<Option<usize>, Unknown> {
        let Some((next, _)) = read(s, self.end)? else {
            return Ok(None);
        };
        let aterm = self.term == Cat::ATerm;
        let goes_on = match next {
            // SB10, SB11: the separator ends the sentence, as every one does (SB4)
            c if c.is_para_sep() => return Ok(None),
            // SB6: ATerm × Numeric
            Cat::Numeric if aterm && self.bare => true,
            // SB7: (Upper | Lower) ATerm × Upper
            Cat::Upper if aterm && self.bare && letter_before(s, at)? => true,
            // SB8a: SATerm Close* Sp* × (SContinue | SATerm)
            Cat::SContinue | Cat::ATerm | Cat::STerm => true,
            // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
            _ => aterm && lower_ahead(s, self.end)?,
        };
        Ok((!goes_on).then_some(self.end))
    }
}

/// True when the character before byte `at`, extending characters aside
/// (SB5), is `Upper` or `Lower` (the left side of SB7).
fn letter_before(s: &str, at: usize) -> Result<bool, Unknown> {
    for c in s[..at].chars().rev() {
        match cat(c).ok_or(Unknown)? {
            c if c.is_extending() => {}
            c => return Ok(matches!(c, Cat::Upper | Cat::Lower)),
        }
    }
    Ok(false)
}

/// The right side of SB8: from byte `from`, characters that are none of
/// `OLetter`, `Upper`, `Lower`, `ParaSep`, `SATerm`, then a `Lower`.
fn lower_ahead(s: &str, from: usize) -> Result<bool, Unknown> {
    for c in s[from..].chars() {
        match cat(c).ok_or(Unknown)? {
            Cat::Lower => return Ok(true),
            Cat::OLetter | Cat::Upper => return Ok(false),
            c if c.is_para_sep() || c.is_terminator() => return Ok(false),
            _ => {}
        }
    }
    Ok(false)
}

/// The first offset from `from` on where `hit` holds for the byte of `b`:
/// 16 bytes are tested at a time (`hit` should be a few comparisons joined
/// with `|`, which the compiler runs on all 16 at once) before the byte is
/// looked for in them.
pub(super) fn find_byte(b: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    const W: usize = 16;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + W) {
        if chunk.iter().fold(false, |acc, &x| acc | hit(x)) {
            break;
        }
        i += W;
    }
    (i..b.len()).find(|&k| hit(b[k]))
}

/// The byte offset of the next terminator or separator in `s` from `from`
/// (`s.len()` when there is none): `.`, `!`, `?`, `\n`, `\r`, U+0085
/// (lead byte 0xC2), or one of U+2000..U+207F (lead byte 0xE2; the rest of
/// 0xE2.. is not in the table, nor are 0xD5..0xDF).
fn next_special(s: &str, from: usize) -> Result<usize, Unknown> {
    let b = s.as_bytes();
    let hit = |x: u8| (x == b'.') | (x == b'!') | (x == b'?') | (x == b'\n') | (x == b'\r') | (x == 0xC2) | (x >= 0xD5);
    let mut i = from;
    while let Some(k) = find_byte(b, i, hit) {
        match b[k] {
            0xC2 if b[k + 1] != 0x85 => {}
            0xE2 if matches!(b[k + 1], 0x80 | 0x81) => {
                let c = s[k..].chars().next().ok_or(Unknown)?;
                if matches!(cat(c), Some(Cat::ATerm | Cat::STerm | Cat::Sep)) {
                    return Ok(k);
                }
            }
            0xD5.. => return Err(Unknown),
            _ => return Ok(k),
        }
        i = k + 1;
    }
    Ok(b.len())
}

/// The ends of the sentences UAX #29 finds in `s` (the ends of
/// `s.split_sentence_bound_indices()`, the last one `s.len()`), through
/// the table when it knows every character of `s`.
pub(crate) fn sentence_ends(s: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    if fast_ends(s, &mut ends).is_err() {
        ends.clear();
        ends.extend(s.split_sentence_bound_indices().map(|(off, seg)| off + seg.len()));
    }
    ends
}

/// [`sentence_ends`] through the table. Between terminators and separators
/// no sentence ends (SB998), so only they are looked at; SB1 and SB2 are
/// the start of the text, where no end is, and its end, which always is.
fn fast_ends(s: &str, ends: &mut Vec<usize>) -> Result<(), Unknown> {
    let mut pos = 0;
    loop {
        let at = next_special(s, pos)?;
        let Some((c, next)) = read(s, at)? else {
            break;
        };
        let end = if c.is_para_sep() {
            // SB4 (and SB3)
            pos = after_para_sep(s, c, next);
            Some(pos).filter(|&e| e < s.len())
        } else {
            let tail = read_tail(s, at, c)?;
            pos = tail.end;
            tail.ends_here(s, at)?
        };
        ends.extend(end);
    }
    if !s.is_empty() {
        ends.push(s.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The crate's sentence ends.
    fn crate_ends(s: &str) -> Vec<usize> {
        s.split_sentence_bound_indices().map(|(off, seg)| off + seg.len()).collect()
    }

    /// The ends through the tables, or `None` when they do not know a character.
    fn table_ends(s: &str) -> Option<Vec<usize>> {
        let mut ends = Vec::new();
        fast_ends(s, &mut ends).ok().map(|()| ends)
    }

    /// Texts around one character `c` that the crate splits differently
    /// for each category: between them they tell every category from
    /// every other (Extend from Format excepted: the rules treat them alike).
    const PROBES: &[&str] = &[
        "a. {}b",
        "a.{})B",
        "a.{} B",
        "x.{}B",
        "A.{}",
        "a. {}",
        "A{}1",
        "x{} A",
        "a.{}1",
        "{}\n",
        "\r{}",
        "a{}\nb",
        "Ab. {} c. D",
        "{}",
        "a? {} b",
    ];

    #[test]
    fn the_tables_are_the_crates() {
        let chars = (0..0x540u32).chain(0x2000..0x2080).filter_map(char::from_u32);
        for c in chars {
            for probe in PROBES {
                let s = probe.replace("{}", &c.to_string());
                assert_eq!(table_ends(&s).as_deref(), Some(&crate_ends(&s)[..]), "{c:?} (U+{:04X}) in {s:?}", c as u32);
            }
        }
    }

    #[test]
    fn other_characters_go_to_the_crate() {
        for s in ["a. 中文. B", "ok 👍 Fine. Yes", "x\u{2116}5. Y", "a\u{3002}b"] {
            assert!(table_ends(s).is_none(), "{s:?}");
            assert_eq!(sentence_ends(s), crate_ends(s), "{s:?}");
        }
        assert_eq!(sentence_ends(""), Vec::<usize>::new());
    }

    /// Cases made by hand from the rules, the ends written out.
    #[test]
    fn the_rules_by_hand() {
        let cases: &[(&str, &[usize])] = &[
            // SB8: a lower-case word after a full stop goes on
            ("etc. the end.", &[13]),
            ("Go. ) now", &[9]),
            ("Go. )Now", &[4, 8]),
            ("Wait... what", &[12]),
            ("Wait... What", &[8, 12]),
            // SB7: an upper-case letter right after letter and full stop
            ("U.S. Army", &[5, 9]),
            ("A.\u{301}B", &[5]),
            // SB6: a digit right after a full stop
            ("3.5 and 4.", &[10]),
            ("1.\u{301}5", &[5]),
            ("1. 5", &[3, 4]),
            // SB8a: punctuation that continues, and more terminators
            ("Hi!! Ok", &[5, 7]),
            ("Hi! - ok", &[8]),
            ("Yes, sir! Go", &[10, 12]),
            // SB9, SB10, SB11: closing punctuation, then spaces, then the end
            ("He said \"Stop.\" Then", &[16, 20]),
            ("Go.)] Now", &[6, 9]),
            ("Go.) ) Now", &[5, 10]),
            ("No!  \u{AB}Yes", &[5, 10]),
            // SB5: extending characters belong to the terminator
            ("Ok.\u{301} Then", &[6, 10]),
            ("a.\u{AD}b", &[5]),
            ("Ok!\u{200D}\u{2060}) Then", &[11, 15]),
            // SB3, SB4: separators, and separators after a tail
            ("a.\r\nB", &[4, 5]),
            ("a. \rB", &[4, 5]),
            ("a\r\nb", &[3, 4]),
            ("a\n\nb", &[2, 3, 4]),
            ("x.\u{2028}y", &[5, 6]),
            ("No.\n\u{301}x", &[4, 7]),
            ("\r\n", &[2]),
            ("a.", &[2]),
            (".", &[1]),
        ];
        for &(s, want) in cases {
            assert_eq!(sentence_ends(s), want, "{s:?}");
            assert_eq!(crate_ends(s), want, "{s:?} (the crate)");
        }
    }

    /// Text made of the characters the rules care about.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "B", "я", "Д", "1", ".", "!", "?", "…", " ", "  ", "\n", "\r", "\r\n", ")", "»", "\"", "«", "(", ",",
            ";", ":", "-", "—", "\u{301}", "\u{AD}", "\u{200B}", "\u{85}", "\u{2028}", "\u{2024}", "\u{203C}",
            "\u{2047}", "\u{A0}", "ß", "Ω", "ω", "\t", "'", "’", "_", "%", "\u{483}", "\u{2060}", "\u{207F}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn the_ends_are_the_crates(s in text()) {
            prop_assert_eq!(table_ends(&s), Some(crate_ends(&s)));
        }

        #[test]
        fn find_byte_finds_the_first(b in prop::collection::vec(prop::sample::select(vec![b'a', b'.', 0xC2, 0xE2]), 0..80), from in 0usize..80) {
            let from = from.min(b.len());
            let hit = |x: u8| (x == b'.') | (x == 0xE2);
            prop_assert_eq!(find_byte(&b, from, hit), (from..b.len()).find(|&k| hit(b[k])));
        }

        #[test]
        fn the_ends_are_the_crates_for_any_text(s in any::<String>()) {
            prop_assert_eq!(sentence_ends(&s), crate_ends(&s));
        }
    }
}
