//! Template for a new language. Copy this file to `xx.rs` (the ISO 639-1
//! code), fill in the lists, register it in `rules_for` in `mod.rs` and add
//! it to the per-language test suite. The file is compiled and tested as it
//! is, so the template cannot rot.

use super::LangRules;

/// The rules of the language.
pub(crate) const RULES: LangRules = LangRules {
    // Titles and other abbreviations after which a period never ends a
    // sentence, as written before the period ("Mr", "Dr", "z. B").
    non_final: &["Abbr", "e. g"],
    // Abbreviations before a number ("p. 5", "No. 12").
    before_number: &["p", "No"],
    // Abbreviations before a lower-case word ("sq. m", "etc. and").
    mid_sentence: &["etc"],
    // One-letter words written in capitals (English "I").
    one_letter_words: &[],
    // Short words that may open a paragraph followed by a period ("Yes.")
    // without naming a speaker, in lower case.
    not_speakers: &["yes", "no"],
    // Function words that often start a sentence and are never names
    // ("The", "We"), in lower case: after an abbreviation or an initial
    // they start a new sentence.
    sentence_starters: &["the", "we"],
    // True when `;` asks a question, as in Greek: it then ends a sentence
    // before a capital.
    question_semicolon: false,
};
