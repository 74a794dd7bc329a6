//! Per-language segmentation rules, one file a language.
//!
//! A language's rules are plain data (a [`LangRules`] constant): the
//! abbreviations after which a period never ends a sentence, the short
//! words that can open a paragraph without being a speaker's name, and the
//! stop words of the language. [`rules_for`] is the registry; a language
//! without a file of its own falls back to [`generic`], which knows only
//! what all Latin and Cyrillic scripts share (initials, numbers).
//!
//! To add a language, copy `template.rs` to `xx.rs`, fill it in, add it to
//! the registry below and to the `per_language_suite!` list in the tests.

use crate::Lang;

pub(crate) mod de;
pub(crate) mod en;
pub(crate) mod fr;
pub(crate) mod generic;
pub(crate) mod ru;
#[cfg(test)]
pub(crate) mod template;

/// What segmentation needs to know about one language.
#[derive(Debug)]
pub(crate) struct LangRules {
    /// Abbreviations, as written before their final period (`"Mr"`,
    /// `"т. е"`), after which a period does not end a sentence even when a
    /// capitalised word follows. Matched case-sensitively at a word start.
    pub non_final: &'static [&'static str],
    /// Abbreviations after which a period does not end a sentence when a
    /// number follows (`p. 118`, `No. 5`, `т. 5, л. 118`). A single letter
    /// before a number always counts as such an abbreviation.
    pub before_number: &'static [&'static str],
    /// Single capital letters that are words of their own (English `I`,
    /// Russian `Я`): a period after them is not taken for an initial unless
    /// another initial stands next to it.
    pub one_letter_words: &'static [&'static str],
    /// Words that open a paragraph followed by a period (`Да. ...`) but are
    /// never a speaker's name, in lower case.
    pub not_speakers: &'static [&'static str],
}

/// The rules for `lang`, or the generic ones.
pub(crate) fn rules_for(lang: Lang) -> &'static LangRules {
    match lang {
        Lang::Russian => &ru::RULES,
        Lang::English => &en::RULES,
        Lang::German => &de::RULES,
        Lang::French => &fr::RULES,
        _ => &generic::RULES,
    }
}
