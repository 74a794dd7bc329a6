//! Greek.

use super::LangRules;

/// Greek: `;` is the question mark (the Greek question mark, U+037E, is
/// the same character once normalised), and a few abbreviations.
pub(crate) const RULES: LangRules = LangRules {
    non_final: &["κ", "κα", "Δρ", "π.χ", "δηλ", "βλ", "αρ"],
    before_number: &["σ", "σελ", "αρ", "κεφ", "τ"],
    mid_sentence: &["κλπ", "κ.λπ", "χλμ", "εκ", "χιλ"],
    one_letter_words: &["Ο", "Η"],
    not_speakers: &["ναι", "όχι", "καλά", "ευχαριστώ"],
    sentence_starters: &[
        "ο",
        "η",
        "το",
        "οι",
        "τα",
        "ένας",
        "μια",
        "ένα",
        "και",
        "αλλά",
        "στο",
        "στη",
        "στην",
        "με",
        "από",
        "για",
        "εγώ",
        "εμείς",
        "εσύ",
        "εσείς",
        "αυτός",
        "αυτή",
        "αυτό",
        "τότε",
        "όταν",
        "αν",
        "πού",
        "πώς",
        "τι",
    ],
    question_semicolon: true,
};
