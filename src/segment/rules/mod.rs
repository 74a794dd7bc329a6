//! Per-language segmentation rules, one file a language.
//!
//! A language's rules are plain data (a [`LangRules`] constant): the
//! abbreviations after which a period does not end a sentence, the words
//! that start sentences after them all the same, and the short words that
//! can open a paragraph without being a speaker's name. [`rules_for`] is the registry; a language
//! without a file of its own falls back to [`generic`], which knows only
//! what all scripts share (the Unicode sentence boundaries of UAX #29,
//! initials, numbers): every language without a file, whatever its script.
//!
//! To add a language, copy `template.rs` to `xx.rs`, fill it in, add it to
//! the registry below and to the `per_language_suite!` list in the tests.

use crate::Lang;

pub(crate) mod de;
pub(crate) mod el;
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
    /// capitalised word follows, unless that word starts sentences (one of
    /// [`sentence_starters`](Self::sentence_starters), or a word that the
    /// document writes in lower case elsewhere: `Baker St. The house`).
    /// Matched case-sensitively at a word start.
    pub non_final: &'static [&'static str],
    /// Abbreviations after which a period does not end a sentence when a
    /// number follows (`p. 118`, `No. 5`, `т. 5, л. 118`). A single letter
    /// before a number always counts as such an abbreviation.
    pub before_number: &'static [&'static str],
    /// Abbreviations that stand inside a sentence before a lower-case word
    /// (`тыс. рублей`, `sq. m`), as written before their period. In text
    /// that starts its sentences in lower case (user reviews), a period
    /// after them still ends no sentence, and it is no evidence of that
    /// habit. Matched case-sensitively as a whole word.
    pub mid_sentence: &'static [&'static str],
    /// Single capital letters that are words of their own (English `I`,
    /// Russian `Я`): a period after them is not taken for an initial unless
    /// another initial stands next to it.
    pub one_letter_words: &'static [&'static str],
    /// Words that open a paragraph followed by a period (`Да. ...`) but are
    /// never a speaker's name, in lower case.
    pub not_speakers: &'static [&'static str],
    /// Function words that often start a sentence and are never a name
    /// (articles, pronouns, conjunctions, prepositions, sentence adverbs),
    /// in lower case. Capitalised after a period that may be an
    /// abbreviation's (`p.m.`, `St.`, an initial), they start a new
    /// sentence even when the document has no other evidence of them (a
    /// short review that writes `We` only at sentence starts).
    pub sentence_starters: &'static [&'static str],
    /// True when `;` asks a question, as in Greek: followed by whitespace
    /// and a capital or a digit, it ends a sentence.
    pub question_semicolon: bool,
}

/// The rules for `lang`, or the generic ones.
pub(crate) fn rules_for(lang: Lang) -> &'static LangRules {
    match lang {
        Lang::Russian => &ru::RULES,
        Lang::English => &en::RULES,
        Lang::German => &de::RULES,
        Lang::French => &fr::RULES,
        Lang::Greek => &el::RULES,
        _ => &generic::RULES,
    }
}

#[cfg(test)]
mod tests {
    use super::LangRules;
    use crate::{Lang, Segmenter};

    /// The sentences of `text` as written, segmented with `rules`.
    fn sentences(text: &str, lang: Lang, rules: &'static LangRules) -> Vec<String> {
        let doc = Segmenter::new(lang).with_rules(rules).segment(text);
        (0..doc.len()).map(|i| doc.sentence_text(i).to_string()).collect()
    }

    /// The same suite for every language with a rules file: expected
    /// sentences for a text full of the language's traps, and the template's
    /// lists are valid (no trailing period, no empty entries).
    macro_rules! per_language_suite {
        ($($name:ident: $lang:expr, $rules:expr, $text:expr => [$($want:expr),* $(,)?];)*) => {$(
            mod $name {
                use super::*;

                #[test]
                fn splits_as_expected() {
                    let want: Vec<&str> = vec![$($want),*];
                    assert_eq!(sentences($text, $lang, $rules), want);
                }

                #[test]
                fn lists_are_well_formed() {
                    let r: &LangRules = $rules;
                    for w in r.non_final.iter().chain(r.before_number).chain(r.mid_sentence).chain(r.not_speakers).chain(r.sentence_starters) {
                        assert!(!w.is_empty() && !w.ends_with('.') && w.trim() == *w, "bad entry {w:?}");
                    }
                    for w in r.not_speakers.iter().chain(r.sentence_starters) {
                        assert_eq!(w.to_lowercase(), *w, "not_speakers and sentence_starters must be lower case");
                    }
                }
            }
        )*};
    }

    per_language_suite! {
        russian: Lang::Russian, &crate::segment::rules::ru::RULES,
            "В 1937 г. тов. Рыков, т. е. обвиняемый, встречался с И. В. Сталиным. См. т. 5, л. 118. \
             Это было… Затем — Кто там? — спросил он. Цена 3.5 рубля и т. д. Пётр I. Вот «Да.» Конец!"
            => ["В 1937 г. тов. Рыков, т. е. обвиняемый, встречался с И. В. Сталиным.",
                "См. т. 5, л. 118.", "Это было…", "Затем — Кто там? — спросил он.",
                "Цена 3.5 рубля и т. д.", "Пётр I.", "Вот «Да.»", "Конец!"];
        english: Lang::English, &crate::segment::rules::en::RULES,
            "Mr. Rykov met Dr. Smith, i.e. the witness, on p. 5 (see No. 12). A. I. Rykov was there. \
             It was I. Then St. Petersburg... Yes! He paid 3.5 roubles. 46 ships came."
            => ["Mr. Rykov met Dr. Smith, i.e. the witness, on p. 5 (see No. 12).", "A. I. Rykov was there.",
                "It was I.", "Then St. Petersburg...", "Yes!", "He paid 3.5 roubles.", "46 ships came."];
        german: Lang::German, &crate::segment::rules::de::RULES,
            "Die Hütte liegt z. B. auf 3000 m. ü. M. hoch, vgl. S. 12. Der Weg ist steil. Nr. 5 folgt."
            => ["Die Hütte liegt z. B. auf 3000 m. ü. M. hoch, vgl. S. 12.", "Der Weg ist steil.", "Nr. 5 folgt."];
        french: Lang::French, &crate::segment::rules::fr::RULES,
            "Mme Dupont et M. Martin, c.-à-d. les guides, partent. Voir p. 12. Le sommet est loin… Il neige."
            => ["Mme Dupont et M. Martin, c.-à-d. les guides, partent.", "Voir p. 12.", "Le sommet est loin…",
                "Il neige."];
        template: Lang::Italian, &crate::segment::rules::template::RULES,
            "Il sentiero è lungo. Arriviamo alle 5. Bene!"
            => ["Il sentiero è lungo.", "Arriviamo alle 5.", "Bene!"];
        greek: Lang::Greek, &crate::segment::rules::el::RULES,
            "Πού είναι το σπίτι σου; Το βρήκαμε το πρωί. Ήρθε ο κ. Παπαδόπουλος, βλ. σελ. 12; ναι. Τέλος!"
            => ["Πού είναι το σπίτι σου;", "Το βρήκαμε το πρωί.", "Ήρθε ο κ. Παπαδόπουλος, βλ. σελ. 12; ναι.",
                "Τέλος!"];
        generic: Lang::Spanish, &crate::segment::rules::generic::RULES,
            "El camino es largo. ¿Llegamos? Sí."
            => ["El camino es largo.", "¿Llegamos?", "Sí."];
    }
}
