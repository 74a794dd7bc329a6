//! Bilingual dictionaries: word pairs that tell the aligner which words of
//! one edition translate which words of the other. See [`Dictionary`].

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::lang::Lang;

use super::dict_cache;
use super::dict_store::Core;
use super::stems::StemTables;

/// Most target words taken from one dictd entry (from one homonym, `_I`,
/// `_II`, in Mueller).
const MAX_PER_ENTRY: usize = 10;
/// Most target words taken from one part of speech (`1. _n.`) in Mueller.
const MAX_PER_BLOCK: usize = 5;
/// Most words in a translation that is still split into pairs.
const MAX_PHRASE_WORDS: usize = 3;
/// Most words in a headword that is kept.
const MAX_HEADWORD_WORDS: usize = 2;
/// Largest decompressed dictd data accepted (1 GiB): a guard against a
/// corrupt or hostile `.dict.dz`.
const MAX_DICT_BYTES: u64 = 1 << 30;

/// A bilingual word list oriented from a source language to a target
/// language: a sorted, deduplicated list of lower-cased
/// `(source word, target word)` pairs. Words are single words, except that a
/// two-word headword of a dictd dictionary is kept whole (`"bering sea"`), and
/// TSV files may hold what their author wrote.
///
/// It comes from
/// * your own pairs ([`Dictionary::from_pairs`]),
/// * a plain TSV file, `source<TAB>target` a line ([`Dictionary::read_tsv`]),
/// * an installed dictd dictionary such as Debian's `mueller7-dict` or the
///   `dict-freedict-*` packages ([`Dictionary::read_dictd`],
///   [`Dictionary::find_installed`], [`Dictionary::auto`]), whose free-text
///   definitions are mined for translation words.
///
/// ```
/// use bitext::{Dictionary, Lang};
///
/// let en_ru = Dictionary::from_pairs(
///     Lang::English,
///     Lang::Russian,
///     [("House", "дом"), ("court", "суд"), ("court", "двор"), ("house", "дом")]
///         .map(|(a, b)| (a.to_string(), b.to_string())),
/// );
/// assert_eq!(en_ru.len(), 3); // lower-cased and deduplicated
/// assert_eq!(en_ru.translations("court").collect::<Vec<_>>(), ["двор", "суд"]);
///
/// // The aligner often wants the other direction.
/// let ru_en = en_ru.reversed();
/// assert_eq!(ru_en.src_lang(), Lang::Russian);
/// assert!(ru_en.contains("дом", "house"));
/// ```
///
/// A TSV file:
/// ```
/// use bitext::{Dictionary, Lang};
/// let tsv = "# de → fr\nHaus\tmaison\nGericht\ttribunal\n";
/// let d = Dictionary::read_tsv(tsv, "de-fr.tsv", Lang::German, Lang::French)?;
/// assert_eq!(d.pairs().collect::<Vec<_>>(), [("gericht", "tribunal"), ("haus", "maison")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reading dictd dictionaries
/// A dictd dictionary is a `NAME.index` file, one
/// `headword<TAB>offset<TAB>length` line per entry (numbers in dictd's base64,
/// see [`Dictionary::dictd_number`]), and the entries' text in `NAME.dict.dz`
/// (dictzip, a gzip file) or a plain `NAME.dict`. Entries are free text; two
/// families are recognised:
/// * **Mueller** (`mueller7`, `mueller7accent`, `mueller24`): a headword line,
///   then senses numbered `1.` (part of speech), `1)` and `а)`, homonyms
///   `_I`, `_II`, labels such as `_n.` or `_разг.`, transcriptions in `[...]`,
///   and examples in the source language followed by their translation.
/// * **FreeDict** (every other name): a `headword /pron/ <pos>` line, then
///   either one line of translations or senses `1. ...`, `2. ...`, each
///   possibly followed by a gloss in the source language.
///
/// From each sense the translations are taken: the text is split on `;` and
/// `,`; parenthesised and bracketed parts, `_labels` and abbreviations
/// (words ending in `.`, such as `тж.`, `кого-л.`) are dropped. In Mueller a
/// segment holding a word of the source script starts the examples
/// (`to keep house вести хозяйство`): the rest of the sense and its lettered
/// sub-senses are skipped; an entry with no translation of its own that
/// refers to another (`= soda 2`) gets that headword's translations.
/// FreeDict glosses (the source-language lines after each sense) are skipped.
///
/// A translation of up to three words gives one pair per word, with function
/// words (`в`, `от`, `de`, `the`, ...) dropped from multi-word translations;
/// a longer one is a description and is skipped. Every word must be made of
/// letters of the language's script (Cyrillic for Russian, Latin for German,
/// French, English, ...), with inner hyphens and apostrophes; French elided
/// articles are removed (`d'argent` gives `argent`). At most ten target
/// words are taken per entry (per homonym `_I`, `_II` in Mueller, and five
/// per part of speech), from the first senses, which hold the common
/// meanings. A headword of more than two words is skipped; a two-word
/// headword stays one source "word" with a single space (`bona fide`).
///
/// `ё` is kept as it is; callers that fold it to `е` should fold both the
/// dictionary and the text.
#[derive(Clone)]
pub struct Dictionary {
    /// The pairs in the direction they were read in, shared by clones and
    /// reversals.
    core: Arc<Core>,
    /// True when this dictionary reads the core target → source.
    turned: bool,
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Dictionary) -> bool {
        (self.src_lang(), self.tgt_lang()) == (other.src_lang(), other.tgt_lang()) && self.pairs().eq(other.pairs())
    }
}

impl Eq for Dictionary {}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("src", &self.src_lang())
            .field("tgt", &self.tgt_lang())
            .field("len", &self.len())
            .field("first", &self.pairs().take(3).collect::<Vec<_>>())
            .finish()
    }
}

impl Dictionary {
    /// Where [`auto`](Dictionary::auto) looks for installed dictionaries.
    pub const DICTD_DIR: &'static str = "/usr/share/dictd";

    /// Builds a dictionary from `(source, target)` pairs.
    ///
    /// Each side is read as text is matched ([`Normalized`](crate::Normalized):
    /// NFC, stress accents U+0301 and U+0300 on Cyrillic vowels, soft
    /// hyphens and zero-width characters removed), trimmed, lower-cased,
    /// its inner whitespace collapsed to single spaces, typographic hyphens
    /// (`‐`, U+2010/2011) and apostrophes (`’`) replaced by ASCII ones. Pairs with an empty side are dropped, duplicates merged.
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let d = Dictionary::from_pairs(
    ///     Lang::Russian,
    ///     Lang::English,
    ///     [("  Дом ", "HOUSE"), ("кто‐то", "somebody"), ("", "x")],
    /// );
    /// assert_eq!(d.pairs().collect::<Vec<_>>(), [("дом", "house"), ("кто-то", "somebody")]);
    /// ```
    pub fn from_pairs<S: AsRef<str>, T: AsRef<str>>(
        src: Lang,
        tgt: Lang,
        pairs: impl IntoIterator<Item = (S, T)>,
    ) -> Dictionary {
        let pairs = pairs
            .into_iter()
            .filter_map(|(s, t)| {
                let norm = |w: &str| if is_plain(w) { w.to_string() } else { normalize(w) };
                let (s, t) = (norm(s.as_ref()), norm(t.as_ref()));
                (!s.is_empty() && !t.is_empty()).then(|| (s.into(), t.into()))
            })
            .collect();
        Dictionary::from_normalized(src, tgt, pairs)
    }

    /// Sorts and deduplicates pairs that are already normalised.
    fn from_normalized(src: Lang, tgt: Lang, pairs: Vec<(Box<str>, Box<str>)>) -> Dictionary {
        Dictionary::from_core(Arc::new(Core::new(src, tgt, &pairs)))
    }

    /// The dictionary of `core`, in its own direction.
    pub(crate) fn from_core(core: Arc<Core>) -> Dictionary {
        Dictionary { core, turned: false }
    }

    /// The core and whether this dictionary reads it reversed.
    pub(crate) fn core(&self) -> (&Arc<Core>, bool) {
        (&self.core, self.turned)
    }

    /// The stem maps of this dictionary's direction, made once for it and
    /// its clones.
    pub(crate) fn stem_tables(&self) -> Arc<StemTables> {
        self.core.stem_tables(self.turned)
    }

    /// True when every word is [plain](is_plain): what
    /// [`from_pairs`](Dictionary::from_pairs) would make of the pairs is
    /// the dictionary itself.
    fn all_plain(&self) -> bool {
        let words = &self.core.words;
        (0..words.len() as u32).all(|id| is_plain(words.get(id)))
    }

    /// The pairs as word ids, in this dictionary's order.
    fn ids(&self) -> &[(u32, u32)] {
        self.core.ordered(self.turned)
    }

    /// Parses a plain TSV dictionary: `source<TAB>target` a line.
    ///
    /// Blank lines and lines whose first non-blank character is `#` are
    /// skipped; a leading byte-order mark is ignored. Sides are normalised as
    /// in [`from_pairs`](Dictionary::from_pairs) but not checked for script:
    /// the file says what its author meant.
    ///
    /// # Errors
    /// A line without exactly one tab, or with an empty side, is a parse
    /// error naming `path_for_errors` and the line number (from 1).
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let err = Dictionary::read_tsv("дом\thouse\nсуд court\n", "ru-en.tsv", Lang::Russian, Lang::English)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("ru-en.tsv:2: "));
    /// ```
    pub fn read_tsv(text: &str, path_for_errors: &str, src: Lang, tgt: Lang) -> Result<Dictionary> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut pairs = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(s), Some(t), None) = (fields.next(), fields.next(), fields.next()) else {
                let tabs = line.matches('\t').count();
                let msg = if tabs == 0 {
                    "expected `source<TAB>target`, found no tab".to_string()
                } else {
                    format!("expected `source<TAB>target` with exactly one tab, found {tabs} tabs")
                };
                return Err(Error::parse(path_for_errors, line_no, msg));
            };
            let (s, t) = (normalize(s), normalize(t));
            if s.is_empty() || t.is_empty() {
                let side = if s.is_empty() { "source" } else { "target" };
                return Err(Error::parse(
                    path_for_errors,
                    line_no,
                    format!("empty {side} word in `source<TAB>target`"),
                ));
            }
            pairs.push((s.into(), t.into()));
        }
        Ok(Dictionary::from_normalized(src, tgt, pairs))
    }

    /// Reads a dictd dictionary: `index_path` (`NAME.index`) and the data
    /// beside it, `NAME.dict.dz` (dictzip, read as gzip) or `NAME.dict`.
    ///
    /// `dict_src` and `dict_tgt` are the dictionary's own direction (Mueller
    /// is English → Russian). The translation words are extracted from the
    /// entries as [the type's documentation](Dictionary#reading-dictd-dictionaries)
    /// describes; the family
    /// (Mueller or FreeDict) is told by the file name (`mueller*`) or by the
    /// `00-database-short` entry. dictd's own `00-database-*` entries are
    /// skipped, and so are words that are not in the right script.
    ///
    /// # Errors
    /// * An I/O error naming the file when the index or the data cannot be
    ///   read or decompressed.
    /// * A parse error naming the index file and line for a line that is not
    ///   UTF-8, has not three (or four) tab-separated fields, holds an invalid
    ///   base64 number, or points past the end of the data.
    ///
    /// An entry whose text is not valid UTF-8 is not an error: it is decoded
    /// lossily, and the words holding a replacement character are dropped.
    ///
    /// # Cache
    /// A dictionary of 256 KiB or more (index and data together) is kept,
    /// once parsed and stemmed, in the user's cache folder, and read from
    /// there while its files keep their paths, sizes and modification
    /// times: `$BITEXT_CACHE_DIR` if set (`off` turns the cache off), else
    /// `$XDG_CACHE_HOME/bitext`, else `~/.cache/bitext`. A damaged cache
    /// file is made again; a folder that cannot be written is no error (the
    /// dictionary is then parsed every time). Deleting the folder is safe.
    /// [`read_dictd_cached`](Dictionary::read_dictd_cached) names the folder
    /// itself.
    pub fn read_dictd(index_path: &Path, dict_src: Lang, dict_tgt: Lang) -> Result<Dictionary> {
        let dir = worth_caching(index_path).then(dict_cache::default_dir).flatten();
        Ok(Dictionary::read_dictd_in(index_path, dict_src, dict_tgt, dir.as_deref())?.0)
    }

    /// [`read_dictd`](Dictionary::read_dictd) with the cache folder given:
    /// `Some(dir)` keeps the parsed dictionary in `dir` (made when missing;
    /// whatever its size), `None` parses the files every time.
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let dir = std::env::temp_dir().join(format!("bitext-doc-cache-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("de-fr.dict"), "Haus\nmaison\n")?;
    /// std::fs::write(dir.join("de-fr.index"), "haus\tA\tM\n")?;
    /// let index = dir.join("de-fr.index");
    /// let cache = dir.join("cache");
    /// let first = Dictionary::read_dictd_cached(&index, Lang::German, Lang::French, Some(&cache))?;
    /// let again = Dictionary::read_dictd_cached(&index, Lang::German, Lang::French, Some(&cache))?;
    /// assert_eq!(first, again);
    /// assert_eq!(again.translations("haus").collect::<Vec<_>>(), ["maison"]);
    /// assert_eq!(std::fs::read_dir(&cache)?.count(), 1);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`read_dictd`](Dictionary::read_dictd); problems with the
    /// cache are none.
    pub fn read_dictd_cached(
        index_path: &Path,
        dict_src: Lang,
        dict_tgt: Lang,
        cache_dir: Option<&Path>,
    ) -> Result<Dictionary> {
        Ok(Dictionary::read_dictd_in(index_path, dict_src, dict_tgt, cache_dir)?.0)
    }

    /// The folder where [`read_dictd`](Dictionary::read_dictd) keeps parsed
    /// dictionaries, as the environment says (`None` when the cache is off
    /// or no folder is known). It is made on first use.
    pub fn cache_dir() -> Option<PathBuf> {
        dict_cache::default_dir()
    }

    /// Reads a dictd dictionary through the cache folder `dir`, if any.
    pub(crate) fn read_dictd_in(
        index_path: &Path,
        dict_src: Lang,
        dict_tgt: Lang,
        dir: Option<&Path>,
    ) -> Result<(Dictionary, dict_cache::Outcome)> {
        let parse = || Dictionary::parse_dictd(index_path, dict_src, dict_tgt);
        let data = dictd_data_path(index_path);
        match (dir, data) {
            (Some(dir), Ok(data)) => dict_cache::read(dir, index_path, &data, dict_src, dict_tgt, parse),
            _ => Ok((parse()?, dict_cache::Outcome::Parsed)),
        }
    }

    /// Parses a dictd dictionary (no cache).
    fn parse_dictd(index_path: &Path, dict_src: Lang, dict_tgt: Lang) -> Result<Dictionary> {
        let index = std::fs::read(index_path).map_err(|e| Error::io(index_path, e))?;
        let (data_path, data) = read_dict_data(index_path)?;
        let shown = index_path.display().to_string();
        let entries = parse_index(&index, &shown, &data_path, data.len() as u64)?;

        let name = index_path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let mut family = if name.starts_with("mueller") { Family::Mueller } else { Family::FreeDict };
        if family == Family::FreeDict {
            let short = entries.iter().find(|e| e.headword == "00-database-short" || e.headword == "00databaseshort");
            if let Some(e) = short {
                if String::from_utf8_lossy(&data[e.range.clone()]).contains("Mueller") {
                    family = Family::Mueller;
                }
            }
        }

        let mut pairs: Vec<(Box<str>, Box<str>)> = Vec::new();
        let mut references: Vec<(Box<str>, String)> = Vec::new();
        let mut words = Vec::new();
        for e in &entries {
            if e.headword.starts_with("00-database") || e.headword.starts_with("00database") {
                continue;
            }
            let text = String::from_utf8_lossy(&data[e.range.clone()]);
            let Some(head) = headword(&text, dict_src) else {
                continue;
            };
            let head: Box<str> = head.into();
            words.clear();
            match family {
                Family::Mueller => {
                    if let Some(to) = extract_mueller(&text, dict_src, dict_tgt, &mut words) {
                        references.push((head.clone(), to));
                    }
                }
                Family::FreeDict => extract_freedict(&text, dict_tgt, &mut words),
            }
            for w in words.drain(..) {
                pairs.push((head.clone(), w.into_boxed_str()));
            }
        }
        resolve_references(&mut pairs, &references);
        Ok(Dictionary::from_normalized(dict_src, dict_tgt, pairs))
    }

    /// Loads a dictionary file by its form: a `*.index` file, or a path with
    /// a sibling `.index` (`mueller7`, `mueller7.dict.dz`, `mueller7.dict`),
    /// is read as dictd ([`read_dictd`](Dictionary::read_dictd)); anything
    /// else as TSV ([`read_tsv`](Dictionary::read_tsv)). `file_src` and
    /// `file_tgt` are the file's own direction.
    ///
    /// # Errors
    /// Those of the reader chosen; a TSV file that is not UTF-8 is a parse
    /// error naming the line of the first bad byte.
    pub fn load(path: &Path, file_src: Lang, file_tgt: Lang) -> Result<Dictionary> {
        if let Some(index) = dictd_index_for(path) {
            return Dictionary::read_dictd(&index, file_src, file_tgt);
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let shown = path.display().to_string();
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::parse(&shown, line, format!("not valid UTF-8 (byte offset {offset}); convert the file to UTF-8"))
        })?;
        Dictionary::read_tsv(text, &shown, file_src, file_tgt)
    }

    /// One dictionary `src` → `tgt` from one or more files, as `--dict
    /// FILE` reads them: a Debian dictionary (found beside the file by
    /// [`find_installed`](Dictionary::find_installed), such as
    /// `mueller7.index`) is read in the direction its name says and turned
    /// when needed; any other file is read as `src` → `tgt`. The pairs of
    /// all files are merged.
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let path = std::env::temp_dir().join(format!("bitext-doc-files-{}.tsv", std::process::id()));
    /// std::fs::write(&path, "суд\tcourt\n")?;
    /// let d = Dictionary::from_files(&[&path], Lang::Russian, Lang::English)?;
    /// assert_eq!(d.pairs().next(), Some(("суд", "court")));
    /// std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`load`](Dictionary::load), for the first file that fails.
    pub fn from_files(paths: &[impl AsRef<Path>], src: Lang, tgt: Lang) -> Result<Dictionary> {
        let mut pairs = Vec::new();
        for path in paths {
            let path = path.as_ref();
            // a Debian dictionary says its direction by its name
            let (fs, ft) = path
                .parent()
                .and_then(|dir| Dictionary::find_installed(dir, src, tgt).filter(|(p, _, _)| same_dictd(p, path)))
                .map_or((src, tgt), |(_, a, b)| (a, b));
            let d = Dictionary::load(path, fs, ft)?;
            let d = if (fs, ft) == (src, tgt) { d } else { d.reversed() };
            // one file whose words normalise to themselves is its own merge
            if paths.len() == 1 && d.all_plain() {
                return Ok(d);
            }
            pairs.extend(d.pairs().map(|(a, b)| (a.to_string(), b.to_string())));
        }
        Ok(Dictionary::from_pairs(src, tgt, pairs))
    }

    /// The same pairs with source and target swapped.
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let en_ru = Dictionary::from_pairs(Lang::English, Lang::Russian, [("court", "суд")]);
    /// let ru_en = en_ru.reversed();
    /// assert_eq!((ru_en.src_lang(), ru_en.tgt_lang()), (Lang::Russian, Lang::English));
    /// assert_eq!(ru_en.pairs().next(), Some(("суд", "court")));
    /// ```
    pub fn reversed(&self) -> Dictionary {
        Dictionary { core: Arc::clone(&self.core), turned: !self.turned }
    }

    /// The language of the source words.
    pub fn src_lang(&self) -> Lang {
        if self.turned {
            self.core.tgt
        } else {
            self.core.src
        }
    }

    /// The language of the target words.
    pub fn tgt_lang(&self) -> Lang {
        if self.turned {
            self.core.src
        } else {
            self.core.tgt
        }
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.core.by_src.len()
    }

    /// True when there is no pair.
    pub fn is_empty(&self) -> bool {
        self.core.by_src.is_empty()
    }

    /// The pairs, sorted by source word, then target word.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let core = &*self.core;
        self.ids().iter().map(move |&(s, t)| (core.word(s), core.word(t)))
    }

    /// The number of distinct source words.
    pub fn source_words(&self) -> usize {
        let ids = self.ids();
        ids.iter().enumerate().filter(|&(i, (s, _))| i == 0 || ids[i - 1].0 != *s).count()
    }

    /// The target words paired with the source word `word`, sorted. `word` is
    /// matched exactly: pass it lower-cased.
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let d = Dictionary::from_pairs(Lang::English, Lang::French, [("house", "maison")]);
    /// assert_eq!(d.translations("house").collect::<Vec<_>>(), ["maison"]);
    /// assert_eq!(d.translations("House").count(), 0);
    /// ```
    pub fn translations<'a>(&'a self, word: &str) -> impl Iterator<Item = &'a str> + 'a {
        let ids = self.ids();
        let range = match self.core.words.find(word) {
            Some(id) => {
                let start = ids.partition_point(|&(s, _)| s < id);
                start..start + ids[start..].partition_point(|&(s, _)| s == id)
            }
            None => 0..0,
        };
        let core = &*self.core;
        ids[range].iter().map(move |&(_, t)| core.word(t))
    }

    /// True when the pair `(src_word, tgt_word)` is in the dictionary
    /// (matched exactly: pass lower-cased words).
    pub fn contains(&self, src_word: &str, tgt_word: &str) -> bool {
        let words = &self.core.words;
        match (words.find(src_word), words.find(tgt_word)) {
            (Some(s), Some(t)) => self.ids().binary_search(&(s, t)).is_ok(),
            _ => false,
        }
    }

    /// Decodes a number of a dictd index: base64 digits `A-Za-z0-9+/`
    /// (values 0 to 63), most significant first. `None` for an empty string,
    /// a character outside the alphabet, or a value above `u64::MAX`.
    ///
    /// ```
    /// use bitext::Dictionary;
    /// assert_eq!(Dictionary::dictd_number("A"), Some(0));
    /// assert_eq!(Dictionary::dictd_number("/"), Some(63));
    /// assert_eq!(Dictionary::dictd_number("BA"), Some(64));
    /// assert_eq!(Dictionary::dictd_number("B=="), None);
    /// ```
    pub fn dictd_number(digits: &str) -> Option<u64> {
        if digits.is_empty() {
            return None;
        }
        digits.bytes().try_fold(0u64, |acc, b| {
            let d = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            };
            acc.checked_mul(64)?.checked_add(u64::from(d))
        })
    }

    /// Finds an installed dictd dictionary for the languages `a` and `b`, in
    /// either direction, in `dir` (normally [`Dictionary::DICTD_DIR`]).
    ///
    /// Returns the path of its `.index` file and the file's own direction
    /// (source, target). A dictionary counts when its `NAME.index` and its
    /// `NAME.dict.dz` or `NAME.dict` are both there. The names tried, in
    /// order: for English and Russian `mueller7`, `mueller7accent`,
    /// `mueller24` (English → Russian); then, for every pair,
    /// `freedict-AAA-BBB` (the direction `a` → `b` first) with ISO 639-3
    /// codes (`eng`, `rus`, `deu`, `fra`, `spa`, `ita`, `por`, `nld`, `swe`,
    /// `dan`, `nor`, `fin`, `hun`, `ron`, `tur`, `ell`, `ara`, `tam`).
    ///
    /// ```
    /// use bitext::{Dictionary, Lang};
    /// let dir = std::env::temp_dir().join(format!("bitext-doc-find-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("freedict-deu-fra.index"), "")?;
    /// std::fs::write(dir.join("freedict-deu-fra.dict"), "")?;
    /// let (path, src, tgt) = Dictionary::find_installed(&dir, Lang::French, Lang::German).unwrap();
    /// assert_eq!(path, dir.join("freedict-deu-fra.index"));
    /// assert_eq!((src, tgt), (Lang::German, Lang::French));
    /// assert!(Dictionary::find_installed(&dir, Lang::French, Lang::Russian).is_none());
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_installed(dir: &Path, a: Lang, b: Lang) -> Option<(PathBuf, Lang, Lang)> {
        if a == b {
            return None;
        }
        let mut candidates: Vec<(String, Lang, Lang)> = Vec::new();
        let en_ru = [Lang::English, Lang::Russian];
        if en_ru.contains(&a) && en_ru.contains(&b) {
            for name in ["mueller7", "mueller7accent", "mueller24"] {
                candidates.push((name.to_string(), Lang::English, Lang::Russian));
            }
        }
        if let (Some(a3), Some(b3)) = (iso639_3(a), iso639_3(b)) {
            candidates.push((format!("freedict-{a3}-{b3}"), a, b));
            candidates.push((format!("freedict-{b3}-{a3}"), b, a));
        }
        candidates.into_iter().find_map(|(name, s, t)| {
            let index = dir.join(format!("{name}.index"));
            let has_data = dir.join(format!("{name}.dict.dz")).is_file() || dir.join(format!("{name}.dict")).is_file();
            (index.is_file() && has_data).then_some((index, s, t))
        })
    }

    /// Finds an installed dictionary for `a` and `b` in [`DICTD_DIR`](Dictionary::DICTD_DIR)
    /// (`/usr/share/dictd`, see [`find_installed`](Dictionary::find_installed)),
    /// loads it and orients it `a` → `b`. Returns the dictionary and the
    /// path of the index it came from; `None` when no dictionary is
    /// installed for the pair.
    ///
    /// ```no_run
    /// use bitext::{Dictionary, Lang};
    /// if let Some((ru_en, path)) = Dictionary::auto(Lang::Russian, Lang::English)? {
    ///     println!("{} pairs from {}", ru_en.len(), path.display());
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When a dictionary is installed for the pair but cannot be read.
    pub fn auto(a: Lang, b: Lang) -> Result<Option<(Dictionary, PathBuf)>> {
        let Some((path, s, t)) = Dictionary::find_installed(Path::new(Dictionary::DICTD_DIR), a, b) else {
            return Ok(None);
        };
        let d = Dictionary::read_dictd(&path, s, t)?;
        let d = if d.src_lang() == a { d } else { d.reversed() };
        Ok(Some((d, path)))
    }
}

/// The ISO 639-3 code that FreeDict uses in its file names.
fn iso639_3(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::English => "eng",
        Lang::Russian => "rus",
        Lang::German => "deu",
        Lang::French => "fra",
        Lang::Spanish => "spa",
        Lang::Italian => "ita",
        Lang::Portuguese => "por",
        Lang::Dutch => "nld",
        Lang::Swedish => "swe",
        Lang::Danish => "dan",
        Lang::Norwegian => "nor",
        Lang::Finnish => "fin",
        Lang::Hungarian => "hun",
        Lang::Romanian => "ron",
        Lang::Turkish => "tur",
        Lang::Greek => "ell",
        Lang::Arabic => "ara",
        Lang::Tamil => "tam",
        Lang::Other(_) => return None,
    })
}

/// The `.index` of a dictd dictionary that `path` names, if it names one.
/// True when two paths name the same dictd dictionary (`x.index`, `x.dict.dz`, `x`).
fn same_dictd(a: &Path, b: &Path) -> bool {
    let stem = |p: &Path| -> String {
        let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        n.trim_end_matches(".dz").trim_end_matches(".dict").trim_end_matches(".index").to_string()
    };
    stem(a) == stem(b)
}

fn dictd_index_for(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".index") {
        return Some(path.to_path_buf());
    }
    let stem = name.strip_suffix(".dict.dz").or_else(|| name.strip_suffix(".dict")).unwrap_or(name);
    let index = path.with_file_name(format!("{stem}.index"));
    index.is_file().then_some(index)
}

/// Reads and, when it is gzip (dictzip), decompresses the data beside
/// `index_path`. Returns the data file's path and its bytes.
/// True when the dictd dictionary `index_path` is big enough for the cache
/// to pay ([`dict_cache::MIN_CACHED_BYTES`], index and data together): a
/// small one parses in milliseconds.
fn worth_caching(index_path: &Path) -> bool {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    let data = dictd_data_path(index_path).ok();
    match (size(index_path), data.as_deref().and_then(size)) {
        (Some(i), Some(d)) => i.saturating_add(d) >= dict_cache::MIN_CACHED_BYTES,
        _ => false,
    }
}

/// The data file beside `index_path`: `NAME.dict.dz`, else `NAME.dict`.
fn dictd_data_path(index_path: &Path) -> Result<PathBuf> {
    let name = index_path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.strip_suffix(".index").unwrap_or(name);
    let dz = index_path.with_file_name(format!("{stem}.dict.dz"));
    let plain = index_path.with_file_name(format!("{stem}.dict"));
    if dz.is_file() {
        Ok(dz)
    } else if plain.is_file() {
        Ok(plain)
    } else {
        let e = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no {stem}.dict.dz or {stem}.dict beside {name}"),
        );
        Err(Error::io(dz, e))
    }
}

fn read_dict_data(index_path: &Path) -> Result<(PathBuf, Vec<u8>)> {
    let path = dictd_data_path(index_path)?;
    let raw = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok((path, raw));
    }
    let mut data = Vec::with_capacity(raw.len().saturating_mul(4).min(MAX_DICT_BYTES as usize));
    flate2::read::MultiGzDecoder::new(&raw[..])
        .take(MAX_DICT_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| Error::io(&path, e))?;
    if data.len() as u64 > MAX_DICT_BYTES {
        return Err(Error::invalid(format!(
            "{}: decompresses to more than {MAX_DICT_BYTES} bytes; not a dictionary",
            path.display()
        )));
    }
    Ok((path, data))
}

/// One line of a dictd index.
struct IndexEntry {
    headword: String,
    range: std::ops::Range<usize>,
}

/// Parses a dictd index whose entries point into `data_len` bytes of data.
fn parse_index(index: &[u8], shown: &str, data_path: &Path, data_len: u64) -> Result<Vec<IndexEntry>> {
    let mut entries = Vec::new();
    for (i, raw) in index.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line =
            std::str::from_utf8(raw).map_err(|_| Error::parse(shown, line_no, "index line is not valid UTF-8"))?;
        let fields: Vec<&str> = line.split('\t').collect();
        if !(3..=4).contains(&fields.len()) {
            return Err(Error::parse(
                shown,
                line_no,
                format!("expected `headword<TAB>offset<TAB>length`, found {} field(s)", fields.len()),
            ));
        }
        let number = |what: &str, s: &str| {
            Dictionary::dictd_number(s)
                .ok_or_else(|| Error::parse(shown, line_no, format!("invalid base64 {what} `{s}`")))
        };
        let offset = number("offset", fields[1])?;
        let length = number("length", fields[2])?;
        let end = offset.checked_add(length).filter(|&e| e <= data_len);
        let Some(end) = end else {
            return Err(Error::parse(
                shown,
                line_no,
                format!(
                    "entry at offset {offset}, length {length} ends past the end of {} ({data_len} bytes)",
                    data_path.display()
                ),
            ));
        };
        // Both fit in usize: they are at most data_len, the length of a Vec.
        entries.push(IndexEntry { headword: fields[0].to_string(), range: offset as usize..end as usize });
    }
    Ok(entries)
}

/// The families of dictd entry layouts that we extract from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Mueller,
    FreeDict,
}

/// The headword of a dictd entry: its first line without `/pron/`,
/// `<pos>` and `[transcription]`, normalised; `None` unless it is one or two
/// clean words of `lang`.
fn headword(entry: &str, lang: Lang) -> Option<String> {
    let first = entry.lines().next()?;
    let mut text = String::with_capacity(first.len());
    let mut close = None;
    for c in first.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '/' => close = Some('/'),
                '<' => close = Some('>'),
                '[' => close = Some(']'),
                _ => text.push(c),
            },
        }
    }
    let text = text.trim().trim_end_matches(['?', '!']);
    let mut out = String::new();
    let mut n = 0;
    for token in text.split_whitespace() {
        n += 1;
        if n > MAX_HEADWORD_WORDS {
            return None;
        }
        let w = clean_word(token, lang)?;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    (n > 0).then_some(out)
}

/// A sense marker at the start of a Mueller line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// `_I`, `_II`: a homonym, a new block.
    Homonym,
    /// `1.`: a part of speech, a new block.
    Pos,
    /// `1)`: a numbered sense.
    Numbered,
    /// `а)`: a lettered sub-sense.
    Lettered,
}

/// Splits the sense markers off the start of a (trimmed) Mueller line.
fn strip_markers(mut line: &str) -> (Vec<Marker>, &str) {
    let mut markers = Vec::new();
    loop {
        line = line.trim_start();
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits <= 3 {
            let after = &line[digits..];
            let mut chars = after.chars();
            match (chars.next(), chars.next()) {
                (Some(')' | '>'), _) => {
                    markers.push(Marker::Numbered);
                    line = &after[1..];
                    continue;
                }
                (Some('.'), next) if !next.is_some_and(|c| c.is_ascii_digit()) => {
                    markers.push(Marker::Pos);
                    line = &after[1..];
                    continue;
                }
                _ => {}
            }
        }
        let mut chars = line.chars();
        if let (Some(c), Some(')')) = (chars.next(), chars.next()) {
            if c.is_alphabetic() && c.is_lowercase() {
                markers.push(Marker::Lettered);
                line = &line[c.len_utf8() + 1..];
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix('_') {
            let roman = rest.bytes().take_while(|b| b"IVX".contains(b)).count();
            let next = rest[roman..].chars().next();
            if roman > 0 && !next.is_some_and(char::is_alphanumeric) {
                markers.push(Marker::Homonym);
                line = &rest[roman..];
                continue;
            }
        }
        return (markers, line);
    }
}

/// Collects the target words of one entry, up to the caps: at most
/// `group_cap` per entry (per homonym in Mueller) and `block_cap` per block
/// (part of speech in Mueller).
struct Collector<'a> {
    out: &'a mut Vec<String>,
    in_group: usize,
    group_cap: usize,
    in_block: usize,
    block_cap: usize,
}

impl<'a> Collector<'a> {
    fn new(out: &'a mut Vec<String>, group_cap: usize, block_cap: usize) -> Collector<'a> {
        Collector { out, in_group: 0, group_cap, in_block: 0, block_cap }
    }

    fn full(&self) -> bool {
        self.in_group >= self.group_cap || self.in_block >= self.block_cap
    }

    /// Adds the words of one translation `phrase` (see [`phrase_words`]).
    fn phrase(&mut self, phrase: &str, lang: Lang) {
        let Some(words) = phrase_words(phrase, lang) else {
            return;
        };
        for w in words {
            if self.full() {
                break;
            }
            if !self.out.contains(&w) {
                self.out.push(w);
                self.in_group += 1;
                self.in_block += 1;
            }
        }
    }
}

/// Extracts the translations of a Mueller entry into `out`. When it has
/// none but refers to another headword (`= soda 2`), returns that headword.
fn extract_mueller(entry: &str, src: Lang, tgt: Lang, out: &mut Vec<String>) -> Option<String> {
    // Group the lines after the headword into senses.
    let mut senses: Vec<(Vec<Marker>, String)> = Vec::new();
    for line in entry.lines().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (markers, rest) = strip_markers(line);
        match senses.last_mut() {
            Some((_, text)) if markers.is_empty() => {
                text.push(' ');
                text.push_str(rest);
            }
            _ => senses.push((markers, rest.to_string())),
        }
    }
    let mut c = Collector::new(out, MAX_PER_ENTRY, MAX_PER_BLOCK);
    let mut in_example = false;
    let mut reference = None;
    for (markers, text) in &senses {
        if markers.contains(&Marker::Homonym) {
            c.in_group = 0;
        }
        if markers.contains(&Marker::Homonym) || markers.contains(&Marker::Pos) {
            c.in_block = 0;
        }
        if markers.iter().any(|&m| m != Marker::Lettered) {
            in_example = false;
        }
        if in_example || c.full() {
            continue;
        }
        let text = drop_brackets(text);
        for segment in text.split(';') {
            if has_foreign_word(segment, src, tgt) {
                if reference.is_none() {
                    reference = cross_reference(segment, src);
                }
                // An example (source phrase, then its translation): the rest
                // of the sense and its lettered sub-senses are examples too.
                in_example = true;
                break;
            }
            for phrase in segment.split(',') {
                c.phrase(phrase, tgt);
            }
        }
    }
    if c.out.is_empty() {
        reference
    } else {
        None
    }
}

/// The headword that a Mueller cross-reference `= soda 2`, `= calf I, 3`
/// points to: the words of `lang` after `=` (labels skipped), up to a
/// homonym or sense number.
fn cross_reference(segment: &str, lang: Lang) -> Option<String> {
    let mut tokens = segment.split_whitespace().filter(|t| !t.starts_with('_'));
    let first = tokens.next()?.strip_prefix('=')?;
    let mut words: Vec<String> = Vec::new();
    for token in std::iter::once(first).chain(tokens) {
        if token.is_empty() {
            continue;
        }
        let is_number = token.trim_end_matches([',', '.']).bytes().all(|b| b.is_ascii_digit() || b"IVX".contains(&b));
        if is_number || words.len() == MAX_HEADWORD_WORDS {
            break;
        }
        let bare = token.trim_end_matches([',', '.']);
        words.push(clean_word(bare, lang)?);
        if bare.len() != token.len() {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Gives each headword of `references` that has no pairs of its own the
/// first [`MAX_PER_ENTRY`] target words of the headword it refers to (one
/// level: a reference to a reference gives nothing).
fn resolve_references(pairs: &mut Vec<(Box<str>, Box<str>)>, references: &[(Box<str>, String)]) {
    use std::collections::HashMap;
    let wanted: std::collections::HashSet<&str> = references.iter().map(|(_, to)| to.as_str()).collect();
    let mut found: HashMap<&str, Vec<Box<str>>> = HashMap::new();
    for (s, t) in pairs.iter() {
        if wanted.contains(&**s) {
            let v = found.entry(&**s).or_default();
            if v.len() < MAX_PER_ENTRY && !v.contains(t) {
                v.push(t.clone());
            }
        }
    }
    let mut extra = Vec::new();
    for (from, to) in references {
        for t in found.get(to.as_str()).into_iter().flatten() {
            extra.push((from.clone(), t.clone()));
        }
    }
    pairs.extend(extra);
}

/// Extracts the translations of a FreeDict entry into `out`.
fn extract_freedict(entry: &str, tgt: Lang, out: &mut Vec<String>) {
    let mut lines = entry.lines().skip(1).filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return;
    };
    let mut c = Collector::new(out, MAX_PER_ENTRY, MAX_PER_ENTRY);
    let take = |line: &str, c: &mut Collector| {
        // `1. soir 2.`: a sub-sense marker whose gloss follows on the next lines.
        let mut line = line.trim_end();
        while let Some((head, last)) = line.rsplit_once(char::is_whitespace) {
            let is_marker =
                last.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !is_marker {
                break;
            }
            line = head.trim_end();
        }
        let line = drop_brackets(line);
        for phrase in line.split([';', ',']) {
            c.phrase(phrase, tgt);
        }
    };
    match numbered(first) {
        // Senses `1. ...`, `2. ...` at the start of a line, each followed by
        // glosses in the source language; a number out of sequence is a gloss.
        Some((1, rest)) => {
            take(rest, &mut c);
            let mut expected = 2;
            for line in lines {
                if let Some((n, rest)) = numbered(line) {
                    if n == expected {
                        expected += 1;
                        take(rest, &mut c);
                    }
                }
            }
        }
        Some(_) => {}
        None => take(first, &mut c),
    }
}

/// `N. text` at the very start of a line: `(N, text)`.
fn numbered(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix(". ")?;
    Some((line[..digits].parse().ok()?, rest))
}

/// Removes `(...)`, `[...]` and `{...}` (nested); an unclosed bracket
/// removes the rest of the text.
fn drop_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                // A closer without an opener (`а)` inside a text) is dropped.
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// True when `segment` holds a word with a letter of the source script that
/// is not a letter of the target script (labels `_n.` aside): in Mueller that
/// is an English example.
fn has_foreign_word(segment: &str, src: Lang, tgt: Lang) -> bool {
    if src.script() == tgt.script() {
        return false;
    }
    segment
        .split_whitespace()
        .filter(|t| !t.starts_with('_'))
        .any(|t| t.chars().any(|c| c.is_alphabetic() && src.writes(c) && !tgt.writes(c)))
}

/// The words of one translation: `None` unless it is 1 to
/// [`MAX_PHRASE_WORDS`] clean words of `lang` (after dropping `_labels` and
/// abbreviations); function words are dropped from multi-word translations.
fn phrase_words(phrase: &str, lang: Lang) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for token in phrase.split_whitespace() {
        if token.starts_with('_') || token.ends_with('.') {
            continue; // a label or an abbreviation: `_разг.`, `тж.`, `кого-л.`
        }
        let token =
            token.trim_matches(|c: char| matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '!' | '?' | ':' | '*' | '…'));
        if token.is_empty() {
            continue;
        }
        if words.len() == MAX_PHRASE_WORDS {
            return None;
        }
        words.push(clean_word(token, lang)?);
    }
    if words.len() > 1 {
        if words.iter().any(|w| is_negation(w, lang)) {
            return None; // `не любить` is no translation of `love`
        }
        words.retain(|w| !is_function_word(w, lang));
    }
    Some(words)
}

/// `token` lower-cased and normalised, if it is a word of `lang`: letters of
/// its script, with inner hyphens and apostrophes. French elided articles
/// (`l'`, `d'`, ...) are removed.
fn clean_word(token: &str, lang: Lang) -> Option<String> {
    let w = normalize(token);
    if w.is_empty() || w.starts_with('-') || w.ends_with('-') || w.contains("--") {
        return None;
    }
    let mut letters = false;
    for c in w.chars() {
        match c {
            '-' | '\'' => {}
            _ if lang.writes(c) => letters = true,
            _ => return None,
        }
    }
    if !letters {
        return None;
    }
    if lang == Lang::French {
        for elided in ["qu'", "l'", "d'", "j'", "n'", "s'", "c'", "m'", "t'"] {
            if let Some(rest) = w.strip_prefix(elided) {
                if rest.chars().next().is_some_and(char::is_alphabetic) {
                    return Some(rest.to_string());
                }
            }
        }
    }
    Some(w)
}

/// True when `s` is sure to be its own [`normalize`]d form, seen without
/// computing it: not empty, no space at either end nor two together, and
/// made of ASCII, Latin-1 and Cyrillic lower-case letters (which are in NFC
/// and lower case, and hold no footnote mark), `œ`, hyphens, apostrophes
/// and spaces. Most words of a dictionary are.
fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| matches!(c, 'a'..='z' | '-' | '\'' | ' ' | 'ß'..='ö' | 'ø'..='ÿ' | 'а'..='я' | 'ё' | 'œ'))
}

/// Reads `s` in the view text is matched in (NFC, without stress marks,
/// soft hyphens and zero-width characters; see [`crate::Normalized`]), then
/// lower-cases, trims, collapses whitespace and replaces typographic
/// hyphens and apostrophes by ASCII ones.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in crate::text::normalized(s).trim().chars() {
        let c = match c {
            '\u{2010}' | '\u{2011}' => '-',
            '\u{2019}' | '\u{02BC}' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Negations: a multi-word translation holding one is skipped whole, since
/// its content words mean the opposite.
fn is_negation(w: &str, lang: Lang) -> bool {
    let list: &[&str] = match lang {
        Lang::Russian => &["не", "ни", "нет", "без"],
        Lang::English => &["not", "no", "never", "without", "non"],
        Lang::German => &["nicht", "kein", "keine", "keinen", "keinem", "keiner", "ohne", "nie"],
        Lang::French => &["ne", "pas", "non", "sans", "jamais", "aucun", "aucune"],
        _ => &[],
    };
    list.contains(&w)
}

/// Function words dropped from multi-word translations (`отказываться от`,
/// `palais de justice`), so that only content words are paired.
fn is_function_word(w: &str, lang: Lang) -> bool {
    let list: &[&str] = match lang {
        Lang::Russian => &[
            "а", "бы", "быть", "в", "во", "для", "до", "же", "за", "и", "из", "или", "к", "как", "ко", "ли", "на",
            "над", "о", "об", "обо", "от", "по", "под", "при", "про", "с", "себя", "со", "то", "у", "что", "чем",
        ],
        Lang::English => &[
            "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of", "on", "one's",
            "oneself", "or", "the", "to", "with",
        ],
        Lang::German => &[
            "am", "an", "auf", "aus", "bei", "das", "dem", "den", "der", "des", "die", "ein", "eine", "einem", "einen",
            "einer", "eines", "für", "im", "in", "mit", "oder", "sich", "sein", "und", "von", "zu", "zum", "zur",
        ],
        Lang::French => &[
            "à", "au", "aux", "avoir", "de", "des", "du", "en", "et", "être", "la", "le", "les", "ou", "par", "pour",
            "se", "sur", "un", "une",
        ],
        _ => &[],
    };
    list.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_plain_string_is_its_own_normal_form(s in "[a-zß-öø-ÿа-яёœ' -]{1,12}") {
            if is_plain(&s) {
                prop_assert_eq!(normalize(&s), s);
            }
        }

        #[test]
        fn from_pairs_is_the_same_with_plain_words_skipped(
            pairs in proptest::collection::vec(("[a-zа-яё' -]{0,6}|.{0,4}", "[a-zß-ÿ -]{0,6}|.{0,4}"), 0..12),
        ) {
            let d = Dictionary::from_pairs(Lang::English, Lang::Russian, pairs.iter().map(|(a, b)| (a, b)));
            let mut slow: Vec<(String, String)> = pairs
                .iter()
                .map(|(a, b)| (normalize(a), normalize(b)))
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                .collect();
            slow.sort();
            slow.dedup();
            let fast: Vec<(String, String)> = d.pairs().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn only_big_dictionaries_are_worth_caching() {
        let dir = std::env::temp_dir().join(format!("bitext-dict-worth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let index = dir.join("x.index");
        std::fs::write(&index, "haus\tA\tM\n").expect("write");
        assert!(!worth_caching(&index), "no data file");
        std::fs::write(dir.join("x.dict"), "Haus\nmaison\n").expect("write");
        assert!(!worth_caching(&index), "small");
        let big = dict_cache::MIN_CACHED_BYTES as usize - 12;
        std::fs::write(dir.join("x.dict"), "Haus\nmaison\n".repeat(big / 12 + 1)).expect("write");
        assert!(worth_caching(&index), "big");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Every plain word of the installed dictionaries (when there are any)
    /// is its own normal form.
    #[test]
    fn the_plain_words_of_installed_dictionaries_are_their_own_normal_form() {
        let dir = Path::new(Dictionary::DICTD_DIR);
        let mut checked = 0;
        for (a, b) in [(Lang::English, Lang::Russian), (Lang::German, Lang::French)] {
            let Some((index, s, t)) = Dictionary::find_installed(dir, a, b) else {
                continue;
            };
            let d = Dictionary::read_dictd_cached(&index, s, t, None).expect("reads");
            for (s, t) in d.pairs() {
                for w in [s, t] {
                    if is_plain(w) {
                        assert_eq!(normalize(w), w);
                        checked += 1;
                    }
                }
            }
        }
        if checked == 0 {
            eprintln!("skipped: no dictionary installed in {}", Dictionary::DICTD_DIR);
        }
    }
}
