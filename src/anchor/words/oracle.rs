//! The tokenizer as it was before the fast path (`unicode-segmentation`
//! for every text, the spelling folds as separate passes): the tests'
//! oracle for [`super::words`] and [`super::scan`].

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

use crate::Lang;

use super::{is_letter, is_upper, push_lower, Word};

pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, inner: text.unicode_word_indices(), k: 0, ahead: None }
}

pub(crate) struct Words<'t> {
    text: &'t str,
    inner: UnicodeWordIndices<'t>,
    k: usize,
    ahead: Option<(usize, usize, usize)>,
}

impl Words<'_> {
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

pub(crate) fn lower_into(buf: &mut String, word: &str, joined: bool, lang: Lang) {
    buf.clear();
    if joined {
        let letters: String = word.chars().filter(|&c| c != '-' && !c.is_whitespace()).collect();
        buf.push_str(&letters.to_lowercase());
    } else if word.contains('Σ') {
        buf.push_str(&word.to_lowercase());
    } else {
        for c in word.chars() {
            push_lower(buf, c);
        }
    }
    fold_in_place(buf, lang);
}

pub(crate) fn scan(text: &str, lang: Lang, buf: &mut String, mut word: impl FnMut(&str, bool)) -> [u8; 5] {
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

fn fold_in_place(lower: &mut String, lang: Lang) {
    if lang == Lang::Russian && lower.contains('ё') {
        *lower = lower.replace('ё', "е");
    }
    if lower.contains('’') {
        *lower = lower.replace('’', "'");
    }
}
