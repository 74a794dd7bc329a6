//! The words of a text as the aligner and `find` both read them (the one
//! tokenizer of the crate): where words are, lower-casing with spelling
//! folds, and what a distinct word contributes (stem, cognate key).

use std::ops::Range;

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

use crate::Lang;

use super::translit;
use fast::Segment;

mod fast;
#[cfg(test)]
mod oracle;

/// Minimum length in letters of a word that gets a cognate key; names
/// (capitalised words not at the start of a sentence) get one from 3 letters.
pub(super) const COGNATE_MIN: usize = 5;
/// Letters of the skeleton kept in a cognate key.
pub(super) const COGNATE_PREFIX: usize = 4;

/// `char::is_alphabetic`, answered without a table search for the
/// letters of English and Russian (the Cyrillic block U+0400..U+045F holds
/// letters only).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{400}'..='\u{45f}').contains(&c) || (!c.is_ascii() && c.is_alphabetic())
}

/// `char::is_uppercase`, without a table search for ASCII and basic
/// Cyrillic (U+0400..U+042F upper case, U+0430..U+045F lower case).
#[inline]
pub(super) fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{400}'..='\u{42f}' => true,
        _ if c.is_ascii() => false,
        '\u{430}'..='\u{45f}' => false,
        _ => c.is_uppercase(),
    }
}

/// `c` lower-cased (as `char::to_lowercase`) when that is one character
/// found without a table search: ASCII, Latin-1, Latin Extended-A (the
/// letters of German, French and the other Latin-script languages of
/// Europe, which would otherwise each cost a binary search of the case
/// table) and basic Cyrillic. A test checks it against `char::to_lowercase`.
#[inline]
pub(super) fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        _ if c.is_ascii() => Some(c),
        // À..Þ to à..þ, but the multiplication sign; the rest of Latin-1
        // (ß..ÿ, the signs) is lower case already or has no case
        '\u{c0}'..='\u{de}' if c != '×' => char::from_u32(u + 0x20),
        '\u{80}'..='\u{ff}' => Some(c),
        // Latin Extended-A: upper case at the even code point, lower case
        // at the odd one after it (İ lower-cases to two characters: left
        // to the table; ı is its own lower case)
        '\u{100}'..='\u{12f}' | '\u{131}'..='\u{137}' | '\u{14a}'..='\u{177}' => char::from_u32(u | 1),
        // and upper case at the odd code point, lower case at the even one
        '\u{139}'..='\u{148}' | '\u{179}'..='\u{17e}' => char::from_u32(u + (u & 1)),
        'ĸ' | 'ŉ' | 'ſ' => Some(c),
        'Ÿ' => Some('ÿ'),
        // А..Я to а..я, Ѐ..Џ to ѐ..џ
        '\u{410}'..='\u{42f}' => char::from_u32(c as u32 + 0x20),
        '\u{400}'..='\u{40f}' => char::from_u32(c as u32 + 0x50),
        '\u{430}'..='\u{45f}' => Some(c),
        _ => None,
    }
}

/// Appends `c` lower-cased (as `char::to_lowercase`), without a table
/// search for ASCII and basic Cyrillic: what [`lower_into`] does to each
/// character, kept for the tests.
#[cfg(test)]
pub(super) fn push_lower(buf: &mut String, c: char) {
    match lower_fast(c) {
        Some(l) => buf.push(l),
        None => buf.extend(c.to_lowercase()),
    }
}

/// One word of a text: see [`words`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// Byte span in the text, from the first letter of the word to its
    /// last (a word joined across a line break spans the break).
    pub span: Range<usize>,
    /// Written like a name: capitalised, and not the text's first word.
    pub name: bool,
    /// Hyphenated across a line break and joined: the span holds the
    /// hyphen and the break, which [`lower_into`] leaves out.
    pub joined: bool,
}

/// The words of `text` that hold a letter, in order: words by the Unicode
/// word boundaries (UAX #29), and a word hyphenated across a line break
/// (`органи-\nзация`, the second part in lower case) read as one word.
///
/// The boundaries are the ones `unicode-segmentation` finds; the [`fast`]
/// segmenter finds them for the text of most European languages, and the
/// crate takes over when the text has a character it does not know.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, source: Source::Fast(fast::Segmenter::new(text)), read_to: 0, ahead: None }
}

/// Where the word segments of [`Words`] come from.
enum Source<'t> {
    /// The fast segmenter, while it knows every character it has read.
    Fast(fast::Segmenter<'t>),
    /// The crate, from the start of the text; `k` counts its segments
    /// (those with an alphanumeric character).
    Crate { inner: UnicodeWordIndices<'t>, k: usize },
}

/// The iterator of [`words`].
pub(crate) struct Words<'t> {
    text: &'t str,
    source: Source<'t>,
    /// The end of the last segment read: when the crate takes over, its
    /// segments before this are the ones already read.
    read_to: usize,
    /// A word with letters read ahead.
    ahead: Option<Segment>,
}

impl Words<'_> {
    /// The counts of [`punctuation`] for the whole text, once every word has
    /// been read, when the fast segmenter read them all (it counts the
    /// marks as it goes); `None` when the crate took over.
    fn marks(&self) -> Option<[u8; 5]> {
        match &self.source {
            Source::Fast(fast) => Some(fast.marks()),
            Source::Crate { .. } => None,
        }
    }

    /// The next word segment that holds a letter.
    #[inline]
    fn next_with_letters(&mut self) -> Option<Segment> {
        if let Some(a) = self.ahead.take() {
            return Some(a);
        }
        let segment = self.next_segment();
        if let Some(s) = segment {
            self.read_to = s.end;
        }
        segment
    }

    /// The next segment that holds a letter, from the fast segmenter until
    /// it meets a character it does not know, then from the crate. The
    /// segments the fast one found are the crate's (they end before that
    /// character and do not depend on it), so the crate's are skipped up
    /// to where they end.
    #[inline]
    fn next_segment(&mut self) -> Option<Segment> {
        loop {
            match &mut self.source {
                Source::Fast(fast) => match fast.next_segment() {
                    Ok(segment) => return segment,
                    Err(fast::Unknown) => {
                        self.source = Source::Crate { inner: self.text.unicode_word_indices(), k: 0 };
                    }
                },
                Source::Crate { inner, k } => {
                    for (at, w) in inner.by_ref() {
                        *k += 1;
                        if at >= self.read_to && w.chars().any(is_letter) {
                            let name = *k > 1 && w.chars().next().is_some_and(is_upper);
                            return Some(Segment { start: at, end: at + w.len(), name });
                        }
                    }
                    return None;
                }
            }
        }
    }
}

impl Iterator for Words<'_> {
    type Item = Word;

    /// A word, joined with the next ones while a hyphen and a line break
    /// stand between them; a word not followed by a hyphen is given
    /// without reading the next one.
    #[inline]
    fn next(&mut self) -> Option<Word> {
        let Segment { start, mut end, name } = self.next_with_letters()?;
        let mut joined = false;
        while self.text.as_bytes().get(end) == Some(&b'-') {
            let Some(next) = self.next_with_letters() else {
                break;
            };
            let gap = &self.text[end..next.start];
            // the next segment may start at the hyphen (`-` and an
            // extending character after it are one segment)
            let across_a_break = gap.starts_with('-')
                && gap[1..].contains(['\n', '\r'])
                && gap[1..].trim().is_empty()
                && self.text[next.start..].chars().next().is_some_and(char::is_lowercase);
            if !across_a_break {
                self.ahead = Some(next);
                break;
            }
            (end, joined) = (next.end, true);
        }
        Some(Word { span: start..end, name, joined })
    }
}

/// Puts `word` (the text of a [`Word`]'s span) in `buf`, lower-cased and
/// with its spellings folded (see [`fold`]); a joined word loses its hyphen
/// and line break.
pub(crate) fn lower_into(buf: &mut String, word: &str, joined: bool, lang: Lang) {
    buf.clear();
    if joined {
        let letters: String = word.chars().filter(|&c| c != '-' && !c.is_whitespace()).collect();
        buf.push_str(&letters.to_lowercase());
        fold_in_place(buf, lang);
    } else if word.is_ascii() {
        // no fold applies to ASCII
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        lower_folded_into(buf, word, lang);
    }
}

/// [`lower_into`] of a word that is not joined: the stretches that
/// lower-casing and folding leave alone (lower-case ASCII and Cyrillic
/// letters, digits) are copied as they are, the other characters one by
/// one, lower-cased then folded (folding replaces characters one for one,
/// so the order does not matter). A capital sigma lower-cases by its
/// position in the word: such a word is lower-cased whole, then folded.
fn lower_folded_into(buf: &mut String, word: &str, lang: Lang) {
    let russian = lang == Lang::Russian;
    let push = |buf: &mut String, l: char| {
        buf.push(match l {
            'ё' if russian => 'е',
            '’' => '\'',
            _ => l,
        })
    };
    // the start of the stretch not yet copied
    let mut from = 0;
    for (i, c) in word.char_indices() {
        if unchanged(c, russian) {
            continue;
        }
        buf.push_str(&word[from..i]);
        from = i + c.len_utf8();
        match lower_fast(c) {
            Some(l) => push(buf, l),
            None if c == 'Σ' => {
                buf.clear();
                buf.push_str(&word.to_lowercase());
                fold_in_place(buf, lang);
                return;
            }
            None => c.to_lowercase().for_each(|l| push(buf, l)),
        }
    }
    buf.push_str(&word[from..]);
}

/// True when lower-casing and folding leave `c` as it is (see
/// [`lower_folded_into`]): lower-case ASCII and digits, the lower-case
/// letters of Latin-1 (ß..ÿ) and its signs, lower-case basic Cyrillic
/// (`ё` but in Russian, which folds it).
#[inline]
pub(super) fn unchanged(c: char, russian: bool) -> bool {
    match c {
        'ё' => !russian,
        'а'..='я' | 'ѐ'..='џ' => true,
        '\u{80}'..='\u{bf}' | 'ß'..='ÿ' => true,
        _ => c.is_ascii() && !c.is_ascii_uppercase(),
    }
}

/// Calls `word` with each of the [`words`] of `text`, lower-cased and
/// folded into a reused buffer (see [`lower_into`]), and whether it is
/// written like a name; returns the counts of question marks, exclamation
/// marks, quotation marks, parentheses and colons.
#[cfg(test)]
pub(super) fn scan(text: &str, lang: Lang, buf: &mut String, mut word: impl FnMut(&str, bool)) -> [u8; 5] {
    scan_spans(text, |w, joined, name| {
        lower_into(buf, w, joined, lang);
        word(buf, name);
    })
}

/// [`scan`] without the lower-casing: calls `word` with the text of each
/// word's span as written, whether it is joined across a line break, and
/// whether it is written like a name. The caller lower-cases only the
/// spellings it has not met before (most words of a text are repeats).
#[inline]
pub(super) fn scan_spans(text: &str, mut word: impl FnMut(&str, bool, bool)) -> [u8; 5] {
    let mut words = words(text);
    for w in words.by_ref() {
        word(&text[w.span.clone()], w.joined, w.name);
    }
    // counted while the words were read, unless the crate read them
    words.marks().unwrap_or_else(|| punctuation(text))
}

/// The counts of [`scan`], read from the bytes: the ASCII marks are bytes
/// of their own, and « » (C2 AB, C2 BB) and “ ” „ (E2 80 9C..9E) are told
/// by their lead byte and the bytes after it. Stretches of 16 bytes
/// without any of these bytes are passed over at once.
fn punctuation(text: &str) -> [u8; 5] {
    let b = text.as_bytes();
    let hit =
        |x: u8| (x == b'?') | (x == b'!') | (x == b'"') | (x | 1 == b')') | (x == b':') | (x == 0xC2) | (x == 0xE2);
    let mut punct = [0u8; 5];
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 16) {
            if !chunk.iter().fold(false, |acc, &x| acc | hit(x)) {
                i += 16;
                continue;
            }
        }
        let k = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'?', ..) => 0,
            (b'!', ..) => 1,
            (b'"', ..) | (0xC2, Some(0xAB | 0xBB), _) | (0xE2, Some(0x80), Some(0x9C..=0x9E)) => 2,
            (b'(' | b')', ..) => 3,
            (b':', ..) => 4,
            _ => 5,
        };
        if let Some(count) = punct.get_mut(k) {
            *count = count.saturating_add(1);
        }
        i += 1;
    }
    punct
}

/// What a distinct word contributes: its stem, and its cognate key with
/// the number of letters it needs to count (names count from 3 letters,
/// other words from [`COGNATE_MIN`]).
/// `roman` is a buffer to reuse.
pub(super) fn analyse_word(
    lower: &str,
    stemmer: &crate::lang::WordStemmer,
    roman: &mut String,
) -> (String, Option<String>, usize) {
    let letters = lower.chars().filter(|&c| is_letter(c)).count();
    let cognate = (letters >= 3)
        .then(|| {
            // the key written after its prefix: one string, not two
            let mut key = String::with_capacity(2 + 4 * COGNATE_PREFIX);
            key.push_str("c:");
            translit::push_skeleton_prefix(lower, COGNATE_PREFIX, roman, &mut key);
            key
        })
        .filter(|key| key[2..].chars().count() >= 3);
    (stemmer.stem(lower).into_owned(), cognate, letters)
}

/// Folds spellings that texts use interchangeably: Russian ё is written е
/// in most printed texts, and the typographic apostrophe (’) stands for
/// the straight one.
pub(crate) fn fold(lower: &str, lang: Lang) -> String {
    let mut out = lower.to_string();
    fold_in_place(&mut out, lang);
    out
}

/// [`fold`] in place: the one place where spellings are folded.
fn fold_in_place(lower: &mut String, lang: Lang) {
    if lang == Lang::Russian && lower.contains('ё') {
        *lower = lower.replace('ё', "е");
    }
    if lower.contains('’') {
        *lower = lower.replace('’', "'");
    }
}

#[cfg(test)]
mod tests;
