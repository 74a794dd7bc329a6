//! French.

use super::LangRules;

/// French abbreviations.
pub(crate) const RULES: LangRules = LangRules {
    non_final: &[
        "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "St", "Ste", "vol", "cf", "env", "c.-à-d", "c-à-d", "J.-C", "art",
        "chap", "fig",
    ],
    before_number: &["p", "n", "no", "nos", "vol", "art", "chap", "fig", "env", "t", "tél"],
    mid_sentence: &["env", "etc", "cf", "min", "max", "hab", "apr", "av"],
    one_letter_words: &["A", "Y"],
    not_speakers: &["oui", "non", "bien", "alors", "donc", "merci", "exactement", "voilà"],
    sentence_starters: &[
        "le", "la", "les", "un", "une", "des", "il", "elle", "ils", "elles", "nous", "vous", "je", "on", "ce", "cette",
        "ces", "et", "mais", "dans", "en", "au", "aux", "sur", "avec", "pour", "par", "puis", "alors", "donc",
        "ensuite", "quand", "si", "comme", "ici", "là",
    ],
    question_semicolon: false,
};
