//! Rules every language shares; the fallback of the registry.

use super::LangRules;

/// Nothing language-specific: initials and numbers are handled by the
/// segmenter itself.
pub(crate) const RULES: LangRules = LangRules {
    non_final: &[],
    before_number: &[],
    mid_sentence: &[],
    one_letter_words: &[],
    not_speakers: &[],
    sentence_starters: &[],
    question_semicolon: false,
};
