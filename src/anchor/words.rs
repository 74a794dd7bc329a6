//! The words of a sentence as the aligner reads them: letters, case,
//! lower-casing with spelling folds, and what a distinct word contributes
//! (stem, cognate key).

use unicode_segmentation::UnicodeSegmentation;

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

/// Calls `word` with each word of `text` that holds a letter, lower-cased
/// and folded (see [`fold`]) into a reused buffer, and whether it is
/// written like a name (capitalised, not the first word); returns the
/// counts of question marks, exclamation marks, quotation marks,
/// parentheses and colons.
pub(super) fn scan(text: &str, lang: Lang, buf: &mut String, mut word: impl FnMut(&str, bool)) -> [u8; 5] {
    for (k, w) in text.unicode_words().enumerate() {
        if !w.chars().any(is_letter) {
            continue;
        }
        let name = k > 0 && w.chars().next().is_some_and(is_upper);
        buf.clear();
        if w.contains('Σ') {
            // a final sigma lower-cases by its position in the word
            buf.push_str(&w.to_lowercase());
        } else {
            for c in w.chars() {
                push_lower(buf, c);
            }
        }
        fold_in_place(buf, lang);
        word(buf, name);
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
/// in most printed texts.
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
}
