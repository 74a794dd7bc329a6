//! Languages: our own enum, so that the stemmer crate's type does not leak
//! into the public API, plus detection from the script and function words.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A language `bitext` knows.
///
/// Every language that the Snowball stemmers cover is here. Russian and
/// English have full transcript rules (speaker labels, abbreviations);
/// German and French have abbreviation rules; the others segment as plain
/// text with the generic rules.
///
/// ```
/// use bitext::Lang;
/// let ru: Lang = "ru".parse()?;
/// assert_eq!(ru, Lang::Russian);
/// assert_eq!(ru.code(), "ru");
/// assert!("klingon".parse::<Lang>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(into = "&'static str", try_from = "String"))]
pub enum Lang {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

const ALL: [(Lang, &str); 18] = [
    (Lang::Arabic, "ar"),
    (Lang::Danish, "da"),
    (Lang::Dutch, "nl"),
    (Lang::English, "en"),
    (Lang::Finnish, "fi"),
    (Lang::French, "fr"),
    (Lang::German, "de"),
    (Lang::Greek, "el"),
    (Lang::Hungarian, "hu"),
    (Lang::Italian, "it"),
    (Lang::Norwegian, "no"),
    (Lang::Portuguese, "pt"),
    (Lang::Romanian, "ro"),
    (Lang::Russian, "ru"),
    (Lang::Spanish, "es"),
    (Lang::Swedish, "sv"),
    (Lang::Tamil, "ta"),
    (Lang::Turkish, "tr"),
];

impl Lang {
    /// Every language, in alphabetical order of the English name.
    pub fn all() -> impl Iterator<Item = Lang> {
        ALL.iter().map(|&(l, _)| l)
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        ALL.iter().find(|&&(l, _)| l == self).map(|&(_, c)| c).unwrap_or("und")
    }

    /// The Snowball stemmer for this language.
    #[allow(dead_code)] // used by the lexicon
    pub(crate) fn stemmer_algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Lang::Arabic => A::Arabic,
            Lang::Danish => A::Danish,
            Lang::Dutch => A::Dutch,
            Lang::English => A::English,
            Lang::Finnish => A::Finnish,
            Lang::French => A::French,
            Lang::German => A::German,
            Lang::Greek => A::Greek,
            Lang::Hungarian => A::Hungarian,
            Lang::Italian => A::Italian,
            Lang::Norwegian => A::Norwegian,
            Lang::Portuguese => A::Portuguese,
            Lang::Romanian => A::Romanian,
            Lang::Russian => A::Russian,
            Lang::Spanish => A::Spanish,
            Lang::Swedish => A::Swedish,
            Lang::Tamil => A::Tamil,
            Lang::Turkish => A::Turkish,
        }
    }

    /// Guesses the language of `text` from its script and, for Latin script,
    /// from frequent function words. Returns `None` when the text has no
    /// letters at all. Cyrillic gives Russian; Latin text that matches no
    /// other language's function words gives English.
    ///
    /// ```
    /// use bitext::Lang;
    /// assert_eq!(Lang::detect("Вышинский. Садитесь."), Some(Lang::Russian));
    /// assert_eq!(Lang::detect("VYSHINSKY: Sit down."), Some(Lang::English));
    /// assert_eq!(Lang::detect("Die Hütte liegt auf dem Grat und der Weg ist steil."), Some(Lang::German));
    /// assert_eq!(Lang::detect("1938 — 42"), None);
    /// ```
    pub fn detect(text: &str) -> Option<Lang> {
        // Look at a bounded prefix: detection must stay cheap on huge inputs.
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = &text[..end];
        let (mut cyr, mut lat, mut greek, mut arabic, mut tamil) = (0usize, 0usize, 0, 0, 0);
        for c in sample.chars().filter(|c| c.is_alphabetic()) {
            match c as u32 {
                0x0400..=0x052F => cyr += 1,
                0x0370..=0x03FF | 0x1F00..=0x1FFF => greek += 1,
                0x0600..=0x06FF | 0x0750..=0x077F => arabic += 1,
                0x0B80..=0x0BFF => tamil += 1,
                _ if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) => lat += 1,
                _ => {}
            }
        }
        let best = [cyr, lat, greek, arabic, tamil].into_iter().max().unwrap_or(0);
        if best == 0 {
            return None;
        }
        if best == cyr {
            return Some(Lang::Russian);
        }
        if best == greek {
            return Some(Lang::Greek);
        }
        if best == arabic {
            return Some(Lang::Arabic);
        }
        if best == tamil {
            return Some(Lang::Tamil);
        }
        Some(detect_latin(sample))
    }
}

/// A handful of very frequent words that are (nearly) unique to each Latin-script language.
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (Lang::English, &["the", "and", "of", "to", "is", "that", "was", "with", "you", "he"]),
    (Lang::German, &["der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auf"]),
    (Lang::French, &["le", "la", "les", "et", "des", "est", "une", "du", "que", "dans"]),
    (Lang::Spanish, &["el", "los", "las", "y", "que", "del", "por", "una", "con", "es"]),
    (Lang::Italian, &["il", "che", "di", "della", "non", "per", "gli", "sono", "una", "con"]),
    (Lang::Portuguese, &["os", "não", "uma", "com", "do", "da", "que", "em", "para", "é"]),
    (Lang::Dutch, &["het", "een", "en", "van", "niet", "dat", "zijn", "ook", "voor", "op"]),
    (Lang::Swedish, &["och", "att", "det", "som", "är", "inte", "för", "på", "med", "jag"]),
    (Lang::Danish, &["og", "at", "det", "ikke", "er", "til", "på", "med", "jeg", "af"]),
    (Lang::Norwegian, &["og", "ikke", "det", "er", "til", "på", "jeg", "av", "som", "med"]),
    (Lang::Finnish, &["ja", "on", "ei", "että", "oli", "se", "hän", "mutta", "kun", "niin"]),
    (Lang::Hungarian, &["és", "a", "az", "hogy", "nem", "egy", "is", "van", "meg", "volt"]),
    (Lang::Romanian, &["și", "în", "nu", "cu", "care", "pe", "la", "este", "un", "din"]),
    (Lang::Turkish, &["ve", "bir", "bu", "için", "da", "de", "ile", "çok", "ama", "olarak"]),
];

fn detect_latin(sample: &str) -> Lang {
    let mut scores = [0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if words > 5000 {
            break;
        }
        let lw = w.to_lowercase();
        for (i, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            if list.contains(&lw.as_str()) {
                scores[i] += 1;
            }
        }
    }
    let mut best = 0; // English unless another language clearly wins
    for i in 1..scores.len() {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    FUNCTION_WORDS[best].0
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    /// Parses an ISO 639-1 code (`ru`) or an English name (`russian`), in any case.
    fn from_str(s: &str) -> Result<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        for &(lang, code) in ALL.iter() {
            if lower == code || lower == format!("{lang:?}").to_ascii_lowercase() {
                return Ok(lang);
            }
        }
        let codes: Vec<&str> = ALL.iter().map(|&(_, c)| c).collect();
        Err(Error::unknown("language", s, &codes))
    }
}

impl From<Lang> for &'static str {
    fn from(l: Lang) -> &'static str {
        l.code()
    }
}

impl TryFrom<String> for Lang {
    type Error = Error;
    fn try_from(s: String) -> Result<Lang> {
        s.parse()
    }
}
