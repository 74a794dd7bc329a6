//! German.

use super::LangRules;

/// German abbreviations.
pub(crate) const RULES: LangRules = LangRules {
    non_final: &[
        "z. B", "z.B", "d. h", "d.h", "u. a", "u.a", "bzw", "ca", "vgl", "Nr", "Dr", "Prof", "Hr", "Fr", "St", "Str",
        "Jh", "evtl", "ggf", "inkl", "sog", "bzgl", "m. ü. M", "ü. M", "Abb", "Bd", "Kap",
    ],
    before_number: &["S", "Nr", "Bd", "Abs", "Art", "Kap", "Abb", "ca", "Jh", "Tel", "Nrn"],
    mid_sentence: &["usw", "bzw", "ca", "evtl", "ggf", "inkl", "zzgl", "Mio", "Mrd", "Tsd", "min", "max", "Std", "Min"],
    one_letter_words: &[],
    not_speakers: &["ja", "nein", "gut", "so", "also", "doch", "richtig", "genau", "danke"],
    sentence_starters: &[
        "der", "die", "das", "den", "dem", "ein", "eine", "es", "er", "sie", "wir", "ich", "man", "und", "aber",
        "doch", "in", "im", "am", "auf", "mit", "nach", "von", "vom", "zum", "zur", "bei", "dann", "dort", "hier",
        "da", "so", "auch", "wenn", "als", "wie", "was", "wer", "wo", "warum", "dieser", "diese", "dieses", "heute",
        "jetzt", "nun",
    ],
    question_semicolon: false,
};
