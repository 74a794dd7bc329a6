//! The words of a text as the aligner and `find` both read them (the one
//! tokenizer of the crate): where words are, lower-casing with spelling
//! folds, and what a distinct word contributes (stem, cognate key).

use std::ops::Range;

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

use crate::Lang;

use super::translit;

/// Minimum length in letters of a word that gets a cognate key; names
/// (capitalised words not at the start of a sentence) get one from 3 letters.
pub(super) const COGNATE_MIN: usize = 5;
/// Letters of the skeleton kept in a cognate key.
pub(super) const COGNATE_PREFIX: usize = 4;

/// `char::is_alphabetic`, answered without a table search for the
/// letters of English and Russian (the Cyrillic block U+0400..U+045F holds
/// letters only).
#[inline]
pub(super) fn is_letter(c: char) -> bool {
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

/// Appends `c` lower-cased (as `char::to_lowercase`), without a table
/// search for ASCII and basic Cyrillic.
#[inline]
pub(super) fn push_lower(buf: &mut String, c: char) {
    let lower = match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        _ if c.is_ascii() => Some(c),
        // А..Я to а..я, Ѐ..Џ to ѐ..џ
        '\u{410}'..='\u{42f}' => char::from_u32(c as u32 + 0x20),
        '\u{400}'..='\u{40f}' => char::from_u32(c as u32 + 0x50),
        '\u{430}'..='\u{45f}' => Some(c),
        _ => None,
    };
    match lower {
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
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, inner: text.unicode_word_indices(), k: 0, ahead: None }
}

/// The iterator of [`words`].
pub(crate) struct Words<'t> {
    text: &'t str,
    inner: UnicodeWordIndices<'t>,
    /// Words (with or without letters) read so far.
    k: usize,
    /// A word with letters read ahead: (start, end, its position).
    ahead: Option<(usize, usize, usize)>,
}

impl Words<'_> {
    /// The next word that holds a letter: (start, end, its position among
    /// all words).
    fn next_with_letters(&mut self) -> Option<(usize, usize, usize)> {
        if let Some(a) = self.ahead.take() {
            return Some(a);
        }
        for (at, w) in self.inner.by_ref() {
            self.k += 1;
            if w.chars().any(is_letter) {
                return Some((at, at + w.len(), self.k - 1));
            }
        }
        None
    }
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let (start, mut end, k) = self.next_with_letters()?;
        let name = k > 0 && self.text[start..].chars().next().is_some_and(is_upper);
        let mut joined = false;
        while let Some((s, e, k)) = self.next_with_letters() {
            let gap = &self.text[end..s];
            let across_a_break = gap.starts_with('-')
                && gap[1..].contains(['\n', '\r'])
                && gap[1..].trim().is_empty()
                && self.text[s..].chars().next().is_some_and(char::is_lowercase);
            if !across_a_break {
                self.ahead = Some((s, e, k));
                break;
            }
            (end, joined) = (e, true);
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
    } else if word.contains('Σ') {
        // a final sigma lower-cases by its position in the word
        buf.push_str(&word.to_lowercase());
    } else {
        for c in word.chars() {
            push_lower(buf, c);
        }
    }
    fold_in_place(buf, lang);
}

/// Calls `word` with each of the [`words`] of `text`, lower-cased and
/// folded into a reused buffer (see [`lower_into`]), and whether it is
/// written like a name; returns the counts of question marks, exclamation
/// marks, quotation marks, parentheses and colons.
pub(super) fn scan(text: &str, lang: Lang, buf: &mut String, mut word: impl FnMut(&str, bool)) -> [u8; 5] {
    for w in words(text) {
        lower_into(buf, &text[w.span.clone()], w.joined, lang);
        word(buf, w.name);
    }
    let mut punct = [0u8; 5];
    for c in text.chars() {
        let k = match c {
            '?' => 0,
            '!' => 1,
            '"' | '«' | '»' | '“' | '”' | '„' => 2,
            '(' | ')' => 3,
            ':' => 4,
            _ => continue,
        };
        punct[k] = punct[k].saturating_add(1);
    }
    punct
}

/// What a distinct word contributes: its stem, and its cognate key with
/// the number of letters it needs to count (names count from 3 letters,
/// other words from [`COGNATE_MIN`]).
pub(super) fn analyse_word(lower: &str, stemmer: &crate::lang::WordStemmer) -> (String, Option<String>, usize) {
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    let key: String = translit::skeleton(lower).chars().take(COGNATE_PREFIX).collect();
    let cognate = (letters >= 3 && key.chars().count() >= 3).then(|| format!("c:{key}"));
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
mod tests {
    use super::*;

    fn read(text: &str, lang: Lang) -> Vec<(String, bool, &str)> {
        let mut buf = String::new();
        words(text)
            .map(|w| {
                lower_into(&mut buf, &text[w.span.clone()], w.joined, lang);
                (buf.clone(), w.name, &text[w.span])
            })
            .collect()
    }

    #[test]
    fn words_with_letters_names_and_folds() {
        let got = read("Её 3 Ёлки, 1938 — и «Мир»!", Lang::Russian);
        let lower: Vec<&str> = got.iter().map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(lower, ["ее", "елки", "и", "мир"]);
        // the first word is no name; a capital after a number is
        let names: Vec<bool> = got.iter().map(|(_, n, _)| *n).collect();
        assert_eq!(names, [false, true, false, true]);
        let got = read("God’s word and God's word", Lang::English);
        assert_eq!(got[0].0, got[3].0, "the typographic apostrophe folds to the straight one");
        assert_eq!(got[0].0, "god's");
        assert_eq!(read("ΟΔΟΣ", Lang::Greek)[0].0, "οδος");
    }

    #[test]
    fn a_word_hyphenated_across_a_line_break_is_one_word() {
        let text = "органи-\n  зация и органи- зация, Jean-\nPaul";
        let got = read(text, Lang::Russian);
        let lower: Vec<&str> = got.iter().map(|(l, _, _)| l.as_str()).collect();
        // joined only across a break, and only before a lower-case letter
        assert_eq!(lower, ["организация", "и", "органи", "зация", "jean", "paul"]);
        assert_eq!(got[0].2, "органи-\n  зация", "the span covers both parts");
        let w = words("a-\r\nb").collect::<Vec<_>>();
        assert_eq!((w.len(), w[0].joined, w[0].span.clone()), (1, true, 0..5));
    }
}
