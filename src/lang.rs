//! Languages: our own enum, so that the stemmer crate's type does not leak
//! into the public API, plus detection from the script and function words.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A language.
///
/// Every language that the Snowball stemmers cover has a variant of its
/// own, and words are stemmed in it; Russian and English have full
/// transcript rules (speaker labels, abbreviations), German and French
/// abbreviation rules, Greek reads `;` as the question mark it is. Any
/// other ISO 639-1 language is [`Lang::Other`]: it is segmented by the
/// generic rules (Unicode sentence and word boundaries, UAX #29), and its
/// words are matched as written, without stemming.
///
/// ```
/// use bitext::Lang;
/// let ru: Lang = "ru".parse()?;
/// assert_eq!(ru, Lang::Russian);
/// assert_eq!(ru.code(), "ru");
/// let he: Lang = "he".parse()?;
/// assert_eq!((he.code(), he.name(), he.has_stemmer()), ("he", "Hebrew", false));
/// assert_eq!("Japanese".parse::<Lang>()?.code(), "ja");
/// let err = "klingon".parse::<Lang>().unwrap_err().to_string();
/// assert!(err.contains("any ISO 639-1 code"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(into = "&'static str", try_from = "String"))]
#[non_exhaustive]
pub enum Lang {
    /// Arabic (`ar`), with its Snowball stemmer.
    Arabic,
    /// Danish (`da`), with its Snowball stemmer.
    Danish,
    /// Dutch (`nl`), with its Snowball stemmer.
    Dutch,
    /// English (`en`), with its Snowball stemmer.
    English,
    /// Finnish (`fi`), with its Snowball stemmer.
    Finnish,
    /// French (`fr`), with its Snowball stemmer.
    French,
    /// German (`de`), with its Snowball stemmer.
    German,
    /// Greek (`el`), with its Snowball stemmer.
    Greek,
    /// Hungarian (`hu`), with its Snowball stemmer.
    Hungarian,
    /// Italian (`it`), with its Snowball stemmer.
    Italian,
    /// Norwegian (`no`), with its Snowball stemmer.
    Norwegian,
    /// Portuguese (`pt`), with its Snowball stemmer.
    Portuguese,
    /// Romanian (`ro`), with its Snowball stemmer.
    Romanian,
    /// Russian (`ru`), with its Snowball stemmer.
    Russian,
    /// Spanish (`es`), with its Snowball stemmer.
    Spanish,
    /// Swedish (`sv`), with its Snowball stemmer.
    Swedish,
    /// Tamil (`ta`), with its Snowball stemmer.
    Tamil,
    /// Turkish (`tr`), with its Snowball stemmer.
    Turkish,
    /// Any other language, by its ISO 639-1 code (or `und`, undetermined:
    /// letters of a script that [`Lang::detect`] cannot tie to a language).
    Other(OtherLang),
}

/// A language without a variant of its own in [`Lang`]: an ISO 639-1 code
/// from the standard's list, or `und`. Made by parsing a [`Lang`] or by
/// [`Lang::detect`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OtherLang(u8);

impl OtherLang {
    /// The code (`he`, `zh`, `und`).
    pub fn code(self) -> &'static str {
        ISO_639_1[usize::from(self.0)].0
    }
    /// The English name (`Hebrew`, `Chinese`, `Undetermined`).
    pub fn name(self) -> &'static str {
        ISO_639_1[usize::from(self.0)].1
    }
    /// The entry of `code` (`he`) or of English `name` (`hebrew`), in lower case.
    fn find(lower: &str) -> Option<OtherLang> {
        let k = ISO_639_1.iter().position(|&(c, n)| c == lower || n.eq_ignore_ascii_case(lower))?;
        Some(OtherLang(k as u8))
    }
}

impl fmt::Debug for OtherLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Every ISO 639-1 code with its English name, and `und` (undetermined) last.
const ISO_639_1: [(&str, &str); 184] = [
    ("aa", "Afar"),
    ("ab", "Abkhazian"),
    ("ae", "Avestan"),
    ("af", "Afrikaans"),
    ("ak", "Akan"),
    ("am", "Amharic"),
    ("an", "Aragonese"),
    ("ar", "Arabic"),
    ("as", "Assamese"),
    ("av", "Avaric"),
    ("ay", "Aymara"),
    ("az", "Azerbaijani"),
    ("ba", "Bashkir"),
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("bi", "Bislama"),
    ("bm", "Bambara"),
    ("bn", "Bengali"),
    ("bo", "Tibetan"),
    ("br", "Breton"),
    ("bs", "Bosnian"),
    ("ca", "Catalan"),
    ("ce", "Chechen"),
    ("ch", "Chamorro"),
    ("co", "Corsican"),
    ("cr", "Cree"),
    ("cs", "Czech"),
    ("cu", "Church Slavonic"),
    ("cv", "Chuvash"),
    ("cy", "Welsh"),
    ("da", "Danish"),
    ("de", "German"),
    ("dv", "Divehi"),
    ("dz", "Dzongkha"),
    ("ee", "Ewe"),
    ("el", "Greek"),
    ("en", "English"),
    ("eo", "Esperanto"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("eu", "Basque"),
    ("fa", "Persian"),
    ("ff", "Fulah"),
    ("fi", "Finnish"),
    ("fj", "Fijian"),
    ("fo", "Faroese"),
    ("fr", "French"),
    ("fy", "Western Frisian"),
    ("ga", "Irish"),
    ("gd", "Scottish Gaelic"),
    ("gl", "Galician"),
    ("gn", "Guarani"),
    ("gu", "Gujarati"),
    ("gv", "Manx"),
    ("ha", "Hausa"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("ho", "Hiri Motu"),
    ("hr", "Croatian"),
    ("ht", "Haitian"),
    ("hu", "Hungarian"),
    ("hy", "Armenian"),
    ("hz", "Herero"),
    ("ia", "Interlingua"),
    ("id", "Indonesian"),
    ("ie", "Interlingue"),
    ("ig", "Igbo"),
    ("ii", "Sichuan Yi"),
    ("ik", "Inupiaq"),
    ("io", "Ido"),
    ("is", "Icelandic"),
    ("it", "Italian"),
    ("iu", "Inuktitut"),
    ("ja", "Japanese"),
    ("jv", "Javanese"),
    ("ka", "Georgian"),
    ("kg", "Kongo"),
    ("ki", "Kikuyu"),
    ("kj", "Kuanyama"),
    ("kk", "Kazakh"),
    ("kl", "Kalaallisut"),
    ("km", "Khmer"),
    ("kn", "Kannada"),
    ("ko", "Korean"),
    ("kr", "Kanuri"),
    ("ks", "Kashmiri"),
    ("ku", "Kurdish"),
    ("kv", "Komi"),
    ("kw", "Cornish"),
    ("ky", "Kyrgyz"),
    ("la", "Latin"),
    ("lb", "Luxembourgish"),
    ("lg", "Ganda"),
    ("li", "Limburgish"),
    ("ln", "Lingala"),
    ("lo", "Lao"),
    ("lt", "Lithuanian"),
    ("lu", "Luba-Katanga"),
    ("lv", "Latvian"),
    ("mg", "Malagasy"),
    ("mh", "Marshallese"),
    ("mi", "Maori"),
    ("mk", "Macedonian"),
    ("ml", "Malayalam"),
    ("mn", "Mongolian"),
    ("mr", "Marathi"),
    ("ms", "Malay"),
    ("mt", "Maltese"),
    ("my", "Burmese"),
    ("na", "Nauru"),
    ("nb", "Norwegian Bokmål"),
    ("nd", "North Ndebele"),
    ("ne", "Nepali"),
    ("ng", "Ndonga"),
    ("nl", "Dutch"),
    ("nn", "Norwegian Nynorsk"),
    ("no", "Norwegian"),
    ("nr", "South Ndebele"),
    ("nv", "Navajo"),
    ("ny", "Chichewa"),
    ("oc", "Occitan"),
    ("oj", "Ojibwa"),
    ("om", "Oromo"),
    ("or", "Oriya"),
    ("os", "Ossetian"),
    ("pa", "Punjabi"),
    ("pi", "Pali"),
    ("pl", "Polish"),
    ("ps", "Pashto"),
    ("pt", "Portuguese"),
    ("qu", "Quechua"),
    ("rm", "Romansh"),
    ("rn", "Rundi"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("rw", "Kinyarwanda"),
    ("sa", "Sanskrit"),
    ("sc", "Sardinian"),
    ("sd", "Sindhi"),
    ("se", "Northern Sami"),
    ("sg", "Sango"),
    ("si", "Sinhala"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sm", "Samoan"),
    ("sn", "Shona"),
    ("so", "Somali"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("ss", "Swati"),
    ("st", "Southern Sotho"),
    ("su", "Sundanese"),
    ("sv", "Swedish"),
    ("sw", "Swahili"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("tg", "Tajik"),
    ("th", "Thai"),
    ("ti", "Tigrinya"),
    ("tk", "Turkmen"),
    ("tl", "Tagalog"),
    ("tn", "Tswana"),
    ("to", "Tonga"),
    ("tr", "Turkish"),
    ("ts", "Tsonga"),
    ("tt", "Tatar"),
    ("tw", "Twi"),
    ("ty", "Tahitian"),
    ("ug", "Uyghur"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("ve", "Venda"),
    ("vi", "Vietnamese"),
    ("vo", "Volapük"),
    ("wa", "Walloon"),
    ("wo", "Wolof"),
    ("xh", "Xhosa"),
    ("yi", "Yiddish"),
    ("yo", "Yoruba"),
    ("za", "Zhuang"),
    ("zh", "Chinese"),
    ("zu", "Zulu"),
    ("und", "Undetermined"),
];

/// The language of a code that is surely in [`ISO_639_1`].
fn other(code: &str) -> Lang {
    Lang::Other(OtherLang::find(code).expect("a code of the table"))
}

/// A word stemmer: Snowball's for a language that has one, else words are
/// kept as they are.
pub(crate) struct WordStemmer(Option<rust_stemmers::Stemmer>);

impl WordStemmer {
    /// The stem of `word` (lower case).
    pub(crate) fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.0 {
            Some(s) => s.stem(word),
            None => std::borrow::Cow::Borrowed(word),
        }
    }
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
    /// Every language with a variant of its own (a stemmer), in
    /// alphabetical order of the English name.
    pub fn all() -> impl Iterator<Item = Lang> {
        ALL.iter().map(|&(l, _)| l)
    }

    /// The ISO 639-1 code (`und` for an undetermined language).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Other(o) => o.code(),
            _ => ALL.iter().find(|&&(l, _)| l == self).map_or("und", |&(_, c)| c),
        }
    }

    /// The English name (`Russian`, `Hebrew`).
    pub fn name(self) -> &'static str {
        match self {
            Lang::Other(o) => o.name(),
            _ => OtherLang::find(self.code()).map_or("Undetermined", OtherLang::name),
        }
    }

    /// True when words of the language are stemmed (Snowball); the words of
    /// the others are matched as written.
    pub fn has_stemmer(self) -> bool {
        self.stemmer_algorithm().is_some()
    }

    /// The writing system of the language, as a number: 0 for Latin script,
    /// else one more than the index of its script in [`SCRIPTS`] (Japanese
    /// counts as Han), `u8::MAX` for an undetermined language. Two languages
    /// with the same number are written alike.
    pub(crate) fn script(self) -> u8 {
        // the languages with a variant, without reading their codes (this
        // is asked for every character of a dictionary)
        const RU: u8 = script_number("ru");
        const EL: u8 = script_number("el");
        const AR: u8 = script_number("ar");
        const TA: u8 = script_number("ta");
        match self {
            Lang::Russian => return RU,
            Lang::Greek => return EL,
            Lang::Arabic => return AR,
            Lang::Tamil => return TA,
            Lang::Other(_) => {}
            _ => return 0,
        }
        script_of_code(self.code())
    }

    /// True when `c` is a letter of the language's script (or, outside the
    /// Latin script, a mark of its Unicode blocks: Arabic vowel signs, Tamil
    /// vowel signs).
    pub(crate) fn writes(self, c: char) -> bool {
        let script = self.script();
        if script == 0 {
            return is_latin_letter(c);
        }
        let u = c as u32;
        SCRIPTS.get(script as usize - 1).is_some_and(|(ranges, _)| ranges.iter().any(|r| r.contains(&u)))
            && (c.is_alphabetic() || !c.is_ascii() && !c.is_whitespace() && !c.is_numeric())
    }

    /// The stemmer of the language's words.
    pub(crate) fn stemmer(self) -> WordStemmer {
        WordStemmer(self.stemmer_algorithm().map(rust_stemmers::Stemmer::create))
    }

    /// The Snowball stemmer for this language, if there is one.
    fn stemmer_algorithm(self) -> Option<rust_stemmers::Algorithm> {
        use rust_stemmers::Algorithm as A;
        Some(match self {
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
            Lang::Other(_) => return None,
        })
    }

    /// Guesses the language of `text` from its script and, for Latin script,
    /// from frequent function words. Returns `None` when the text has no
    /// letters at all. Cyrillic gives Russian; Latin text that matches no
    /// other language's function words gives English; Han characters give
    /// Chinese, or Japanese with kana among them; every other script gives
    /// the language most written in it (Hebrew, Arabic, Greek, Korean,
    /// Hindi, Thai, ...), and letters of a script not in that list give
    /// `und` (undetermined), whose text is segmented by the generic rules.
    ///
    /// ```
    /// use bitext::Lang;
    /// assert_eq!(Lang::detect("Вышинский. Садитесь."), Some(Lang::Russian));
    /// assert_eq!(Lang::detect("VYSHINSKY: Sit down."), Some(Lang::English));
    /// assert_eq!(Lang::detect("Die Hütte liegt auf dem Grat und der Weg ist steil."), Some(Lang::German));
    /// assert_eq!(Lang::detect("שלום עולם.").map(Lang::code), Some("he"));
    /// assert_eq!(Lang::detect("我们走了一整夜。").map(Lang::code), Some("zh"));
    /// assert_eq!(Lang::detect("私たちは歩いた。").map(Lang::code), Some("ja"));
    /// assert_eq!(Lang::detect("1938 — 42"), None);
    /// ```
    pub fn detect(text: &str) -> Option<Lang> {
        // Look at a bounded prefix: detection must stay cheap on huge inputs.
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = &text[..end];
        let mut counts = script_counts(sample);
        let (latin, kana, unknown) = (SCRIPTS.len(), SCRIPTS.len() + 1, SCRIPTS.len() + 2);
        let han = SCRIPTS.iter().position(|&(_, code)| code == "zh").expect("Han is listed");
        // Japanese writes Han and kana: the two count together
        let japanese = counts[kana] > 0 && counts[kana] * 10 >= counts[han] + counts[kana];
        if japanese {
            counts[kana] += counts[han];
            counts[han] = 0;
        } else {
            counts[han] += counts[kana];
            counts[kana] = 0;
        }
        let best = (0..counts.len()).max_by_key(|&k| (counts[k], std::cmp::Reverse(k)))?;
        if counts[best] == 0 {
            return None;
        }
        Some(match best {
            k if k == latin => detect_latin(sample),
            k if k == kana => other("ja"),
            k if k == unknown => other("und"),
            k => match SCRIPTS[k].1 {
                "ru" => Lang::Russian,
                "el" => Lang::Greek,
                "ar" => Lang::Arabic,
                "ta" => Lang::Tamil,
                code => other(code),
            },
        })
    }
}

/// The script number of a language code (see [`Lang::script`]).
fn script_of_code(code: &str) -> u8 {
    let code = match code {
        "ja" => "zh",
        "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "tg" | "mn" | "ba" | "cv" | "ce" | "os" | "tt" | "kv"
        | "av" | "ab" | "cu" => "ru",
        "fa" | "ur" | "ps" | "sd" | "ug" | "ks" => "ar",
        "yi" => "he",
        "mr" | "ne" | "sa" => "hi",
        "as" => "bn",
        "dz" => "bo",
        "ti" => "am",
        "und" => return u8::MAX,
        code => code,
    };
    SCRIPTS.iter().position(|&(_, c)| c == code).map_or(0, |k| k as u8 + 1)
}

/// One more than the index of `code`'s script in [`SCRIPTS`], 0 when it is
/// not listed (Latin); at compile time.
const fn script_number(code: &str) -> u8 {
    let mut k = 0;
    while k < SCRIPTS.len() {
        let c = SCRIPTS[k].1.as_bytes();
        let want = code.as_bytes();
        if c.len() == want.len() {
            let mut i = 0;
            while i < c.len() && c[i] == want[i] {
                i += 1;
            }
            if i == c.len() {
                return k as u8 + 1;
            }
        }
        k += 1;
    }
    0
}

/// True for a letter of the Latin script (Basic Latin, Latin-1, the Latin
/// Extended blocks A and B, Latin Extended Additional).
fn is_latin_letter(c: char) -> bool {
    let u = c as u32;
    c.is_alphabetic() && (c.is_ascii_alphabetic() || (0xC0..=0x24F).contains(&u) || (0x1E00..=0x1EFF).contains(&u))
}

/// Scripts other than Latin (checked first) and kana, by their Unicode
/// blocks, each with the language most written in it. The order breaks ties.
const SCRIPTS: &[(&[std::ops::RangeInclusive<u32>], &str)] = &[
    (&[0x0400..=0x052F, 0x1C80..=0x1C8F, 0x2DE0..=0x2DFF, 0xA640..=0xA69F], "ru"),
    (&[0x0370..=0x03FF, 0x1F00..=0x1FFF], "el"),
    (&[0x0600..=0x06FF, 0x0750..=0x077F, 0x08A0..=0x08FF, 0xFB50..=0xFDFF, 0xFE70..=0xFEFF], "ar"),
    (&[0x0590..=0x05FF, 0xFB1D..=0xFB4F], "he"),
    (&[0x0B80..=0x0BFF], "ta"),
    (&[0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF, 0x20000..=0x3134F], "zh"),
    (&[0x1100..=0x11FF, 0x3130..=0x318F, 0xA960..=0xA97F, 0xAC00..=0xD7AF, 0xD7B0..=0xD7FF], "ko"),
    (&[0x0530..=0x058F], "hy"),
    (&[0x10A0..=0x10FF, 0x1C90..=0x1CBF], "ka"),
    (&[0x0900..=0x097F], "hi"),
    (&[0x0980..=0x09FF], "bn"),
    (&[0x0A00..=0x0A7F], "pa"),
    (&[0x0A80..=0x0AFF], "gu"),
    (&[0x0B00..=0x0B7F], "or"),
    (&[0x0C00..=0x0C7F], "te"),
    (&[0x0C80..=0x0CFF], "kn"),
    (&[0x0D00..=0x0D7F], "ml"),
    (&[0x0D80..=0x0DFF], "si"),
    (&[0x0E00..=0x0E7F], "th"),
    (&[0x0E80..=0x0EFF], "lo"),
    (&[0x0F00..=0x0FFF], "bo"),
    (&[0x1000..=0x109F], "my"),
    (&[0x1200..=0x139F], "am"),
    (&[0x1780..=0x17FF], "km"),
    (&[0x0780..=0x07BF], "dv"),
];

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

/// The longest function word, in characters.
const LONGEST_FUNCTION_WORD: usize = 6;

/// Each function word with the languages whose lists hold it, a bit for
/// each (by its place in [`FUNCTION_WORDS`]): one look-up a word instead of
/// a search of every list.
fn function_words() -> &'static rustc_hash::FxHashMap<&'static str, u32> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for (i, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            for w in *list {
                *map.entry(*w).or_insert(0) |= 1 << i;
            }
        }
        map
    })
}

/// The letters of `sample` by script: one count for each of [`SCRIPTS`],
/// then Latin, kana and letters of no listed script.
fn script_counts(sample: &str) -> [usize; SCRIPTS.len() + 3] {
    let mut counts = [0usize; SCRIPTS.len() + 3];
    let (latin, kana, unknown) = (SCRIPTS.len(), SCRIPTS.len() + 1, SCRIPTS.len() + 2);
    let bytes = sample.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // a run of ASCII, a byte at a time: its letters are Latin
        let run = bytes[i..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - i);
        counts[latin] += bytes[i..i + run].iter().filter(|b| b.is_ascii_alphabetic()).count();
        i += run;
        let Some(c) = sample[i..].chars().next() else { break };
        i += c.len_utf8();
        // is_letter: is_alphabetic without a table search for Cyrillic
        if !crate::anchor::is_letter(c) {
            continue;
        }
        let u = c as u32;
        // `is_latin_letter` of a character past ASCII, its blocks
        // tested before its table
        let k = if ((0xC0..=0x24F).contains(&u) || (0x1E00..=0x1EFF).contains(&u)) && c.is_alphabetic() {
            latin
        } else if (0x3040..=0x30FF).contains(&u) || (0x31F0..=0x31FF).contains(&u) || (0xFF66..=0xFF9F).contains(&u) {
            kana
        } else {
            SCRIPTS.iter().position(|(ranges, _)| ranges.iter().any(|r| r.contains(&u))).unwrap_or(unknown)
        };
        counts[k] += 1;
    }
    counts
}

/// The runs of alphabetic characters of `s`, as
/// `s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty())` gives
/// them, with ASCII read a byte at a time rather than decoded.
fn alphabetic_words(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    // whether the character at `i` is alphabetic, and its length
    let at = move |i: usize| -> (bool, usize) {
        if b[i] < 0x80 {
            (b[i].is_ascii_alphabetic(), 1)
        } else {
            let c = s[i..].chars().next().expect("a character starts here");
            (c.is_alphabetic(), c.len_utf8())
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= b.len() {
                return None;
            }
            let (letter, k) = at(i);
            if letter {
                break;
            }
            i += k;
        }
        let start = i;
        while i < b.len() {
            let (letter, k) = at(i);
            if !letter {
                break;
            }
            i += k;
        }
        Some(&s[start..i])
    })
}

fn detect_latin(sample: &str) -> Lang {
    let mut scores = [0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    let table = function_words();
    // the lower case of an ASCII word, without allocating
    let mut buf = [0u8; LONGEST_FUNCTION_WORD];
    for w in alphabetic_words(sample) {
        words += 1;
        if words > 5000 {
            break;
        }
        // lower case never makes a word shorter in characters: a longer
        // word is no function word
        if w.len() > LONGEST_FUNCTION_WORD && w.chars().count() > LONGEST_FUNCTION_WORD {
            continue;
        }
        let owned;
        let lw = if w.is_ascii() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).expect("ASCII")
        } else {
            owned = w.to_lowercase();
            owned.as_str()
        };
        if let Some(&langs) = table.get(lw) {
            for (i, score) in scores.iter_mut().enumerate() {
                *score += (langs >> i & 1) as usize;
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

    /// Parses an ISO 639-1 code (`ru`, `he`) or an English name
    /// (`russian`, `hebrew`), in any case; `und` is the undetermined
    /// language.
    ///
    /// # Errors
    /// For anything else, with a message that says what is accepted.
    fn from_str(s: &str) -> Result<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        for &(lang, code) in ALL.iter() {
            if lower == code || lower == format!("{lang:?}").to_ascii_lowercase() {
                return Ok(lang);
            }
        }
        if let Some(o) = OtherLang::find(&lower) {
            return Ok(Lang::Other(o));
        }
        Err(Error::unknown("language", s, &[&accepted()]))
    }
}

/// What [`Lang`]'s `FromStr` accepts, for messages and help.
pub(crate) fn accepted() -> String {
    let stemmed: Vec<&str> = ALL.iter().map(|&(_, c)| c).collect();
    format!(
        "any ISO 639-1 code (two letters, such as ru, en, de, fr, he, ar, el, zh, ja, ko, hi) or English \
         language name; words are stemmed in {}, and Russian, English, German, French and Greek have \
         rules of their own; every other language is segmented by the generic Unicode rules",
        stemmed.join(", ")
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_languages_have_the_script_of_their_codes() {
        for lang in Lang::all() {
            assert_eq!(lang.script(), script_of_code(lang.code()), "{}", lang.code());
        }
        assert_eq!(Lang::Russian.script(), "uk".parse::<Lang>().expect("uk").script());
        assert_ne!(Lang::Greek.script(), Lang::English.script());
    }

    #[test]
    fn scripts_counted_as_every_character_decoded() {
        // the count as first written, a character at a time
        let by_chars = |sample: &str| {
            let mut counts = [0usize; SCRIPTS.len() + 3];
            let (latin, kana, unknown) = (SCRIPTS.len(), SCRIPTS.len() + 1, SCRIPTS.len() + 2);
            for c in sample.chars().filter(|&c| crate::anchor::is_letter(c)) {
                let u = c as u32;
                let k = if is_latin_letter(c) {
                    latin
                } else if (0x3040..=0x30FF).contains(&u)
                    || (0x31F0..=0x31FF).contains(&u)
                    || (0xFF66..=0xFF9F).contains(&u)
                {
                    kana
                } else {
                    SCRIPTS.iter().position(|(ranges, _)| ranges.iter().any(|r| r.contains(&u))).unwrap_or(unknown)
                };
                counts[k] += 1;
            }
            counts
        };
        let text = "Die Hütte ß ẞ Ø ǅ ɐ ḁ ỹ Ω ω Ж ѐ ҈ א ب 我们 私たち ｱ ㇰ 한국 ᚠ 1937 — «» \u{301}\u{10400}\u{1d400}";
        for k in 0..=text.len() {
            if let Some(s) = text.get(k..) {
                assert_eq!(script_counts(s), by_chars(s), "{s}");
            }
        }
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(script_counts(&s), by_chars(&s), "{c:?}");
        }
    }

    #[test]
    fn function_words_fit_the_table() {
        assert!(FUNCTION_WORDS.len() <= 32);
        for (_, list) in FUNCTION_WORDS {
            for w in *list {
                assert!(w.chars().count() <= LONGEST_FUNCTION_WORD, "{w}");
                assert_eq!(w.to_lowercase(), *w);
            }
        }
    }

    #[test]
    fn latin_languages_read_as_every_list_searched_for_every_word() {
        // the detection as first written: each word lower-cased and looked
        // for in every list
        let by_search = |sample: &str| {
            let mut scores = [0usize; FUNCTION_WORDS.len()];
            for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(5000) {
                let lw = w.to_lowercase();
                for (i, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
                    scores[i] += usize::from(list.contains(&lw.as_str()));
                }
            }
            let mut best = 0;
            for i in 1..scores.len() {
                if scores[i] > scores[best] {
                    best = i;
                }
            }
            FUNCTION_WORDS[best].0
        };
        let samples = [
            "The man and the dog",
            "Der Hund und die Katze SIND NICHT auf dem Dach",
            "Le chien ET la chatte dans LES rues",
            "Och att det som ÄR inte för PÅ med jag; og ikke det er til",
            "Ja on ei ETTÄ oli; és a az hogy; ȘI ÎN nu cu; VE BIR için ÇOK",
            "İÇİN İçin OLARAK ΣΑΣ Straße STRASSE NÃO É é",
            "",
            "x",
        ];
        for s in samples {
            assert_eq!(detect_latin(s), by_search(s), "{s}");
        }
        for s in samples {
            let split: Vec<&str> = s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
            assert_eq!(alphabetic_words(s).collect::<Vec<_>>(), split);
        }
        let mixed = "a1b\u{301}c·d–e ж\u{2028}ẞ 42 ΣΑΣ-x_y\u{10400}z ";
        for k in 0..mixed.len() {
            if let Some(s) = mixed.get(k..) {
                let split: Vec<&str> = s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
                assert_eq!(alphabetic_words(s).collect::<Vec<_>>(), split, "{s}");
            }
        }
        // past the first 5,000 words
        let long = format!("{}{}", "the and ".repeat(2_600), "der die und das ".repeat(3_000));
        assert_eq!(detect_latin(&long), by_search(&long));
        assert_eq!(detect_latin(&long), Lang::English);
    }
}
