//! Segmentation: one edition's text into utterances (speaker turns,
//! headings, stage directions) made of sentences, as byte spans into the
//! original input.
//!
//! ```
//! use bitext::{Document, Lang, SentenceKind};
//!
//! let text = "Morning Session, March 7\n\n\
//!             VYSHINSKY: So you were spies? Answer.\n\n\
//!             BUKHARIN: No.\n\n\
//!             (No reply.)\n\n\
//!             VYSHINSKY (to Bukharin): Mr. Rykov said otherwise.\n";
//! let doc = Document::segment(text, Lang::English);
//! let turns: Vec<_> = doc.utterances().iter().map(|u| u.speaker()).collect();
//! assert_eq!(turns, [None, Some("VYSHINSKY"), Some("BUKHARIN"), None, Some("VYSHINSKY")]);
//! assert_eq!(doc.sentence_text(1), "So you were spies?");
//! assert_eq!(doc.sentences()[0].kind(), SentenceKind::Heading);
//! assert_eq!(doc.sentences()[4].kind(), SentenceKind::StageDirection);
//! assert_eq!(doc.sentence_text(5), "Mr. Rykov said otherwise.");
//! ```
//!
//! The pipeline reads the text's normalised view (NFC, without stress
//! marks, soft hyphens and zero-width characters; [`crate::Normalized`]) and
//! maps every span back to the text as given: lines (ended by `\n`, `\r\n`
//! or a lone `\r`) → paragraphs (blank lines separate them; a single
//! line break is soft) → speaker labels, decided from evidence across the
//! document (`speaker`) → units (turns, continuation paragraphs,
//! headings, separators, stage directions) → sentences (`sentence`, with
//! the language's rules from `rules`; a document, or a paragraph, that
//! starts its sentences in lower case after its full stops, as user reviews
//! do, is split there too).

mod pair;
pub(crate) mod paragraph;
pub(crate) mod rules;
mod sentence;
mod speaker;
mod uax29;
mod utf8;

pub use pair::{pair_langs, segment_pair};

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::error::{Error, Repr, Result};
use crate::Lang;
use paragraph::Line;

/// How the input is split before sentences are found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum InputMode {
    /// Running text: paragraphs, speaker turns and sentences are found.
    #[default]
    Text,
    /// Pre-segmented text: every line is one sentence (blank lines too, so
    /// that sentence indices are line indices). A blank line is a sentence
    /// without text ([`Document::is_blank`]): the aligner leaves it out of
    /// its search and puts it back as a bead of its own (see
    /// [`Aligner::align`](crate::Aligner::align)), so blank lines cost
    /// nearly nothing however many there are.
    Lines,
}

impl FromStr for InputMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<InputMode> {
        match s {
            "text" => Ok(InputMode::Text),
            "lines" => Ok(InputMode::Lines),
            _ => Err(Error::unknown("input mode", s, &["text", "lines"])),
        }
    }
}

/// What a sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SentenceKind {
    /// Part of a speaker's turn.
    Speech,
    /// Running text outside any turn (books, news).
    Text,
    /// A remark in parentheses such as `(No reply.)`.
    StageDirection,
    /// A heading such as `Morning Session, March 7`.
    Heading,
    /// A separator such as `* * *`.
    Separator,
}

impl SentenceKind {
    /// The name used in JSON and text output (`speech`, `stage_direction`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SentenceKind::Speech => "speech",
            SentenceKind::Text => "text",
            SentenceKind::StageDirection => "stage_direction",
            SentenceKind::Heading => "heading",
            SentenceKind::Separator => "separator",
        }
    }
}

impl fmt::Display for SentenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an utterance is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UtteranceKind {
    /// A speaker's turn: a labelled paragraph and its continuations.
    Turn,
    /// A paragraph of running text.
    Prose,
    /// A paragraph that is only a stage direction.
    StageDirection,
    /// A heading.
    Heading,
    /// A separator.
    Separator,
}

/// One sentence: a byte span into the document's text.
///
/// The span covers the sentence as written; for the first sentence of a
/// turn it starts at the speaker label, and [`body_start`](Self::body_start)
/// tells where the sentence's own words begin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    start: usize,
    body_start: usize,
    end: usize,
    chars: usize,
    paragraph: usize,
    utterance: usize,
    kind: SentenceKind,
}

impl Sentence {
    /// Byte offset of the first byte (the label, for a turn's first sentence).
    pub fn start(&self) -> usize {
        self.start
    }
    /// Byte offset of the first byte of the sentence's own text.
    pub fn body_start(&self) -> usize {
        self.body_start
    }
    /// Byte offset just past the last byte.
    pub fn end(&self) -> usize {
        self.end
    }
    /// The byte span, label included.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
    /// The byte span of the sentence's own text, without a speaker label.
    pub fn body(&self) -> Range<usize> {
        self.body_start..self.end
    }
    /// Length of the sentence's own text in characters (not bytes), counted
    /// in the text's normalised view (see [`Segmenter::segment`]): a stress
    /// mark or a decomposed `й` adds no character. (A sentence cut by the
    /// length cap inside one character that normalises to several, such as
    /// a precomposed Hebrew letter with points, keeps the counts of the
    /// pieces of the view while the span, which cannot cut the character,
    /// goes to the second piece.)
    pub fn chars(&self) -> usize {
        self.chars
    }
    /// Index of the paragraph the sentence is in (0-based, in file order).
    pub fn paragraph(&self) -> usize {
        self.paragraph
    }
    /// Index of the utterance the sentence belongs to.
    pub fn utterance(&self) -> usize {
        self.utterance
    }
    /// What the sentence is.
    pub fn kind(&self) -> SentenceKind {
        self.kind
    }
}

/// One utterance: a speaker's turn, a paragraph of prose, a heading, a
/// separator or a stage direction standing alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utterance {
    start: usize,
    end: usize,
    kind: UtteranceKind,
    /// The speaker, label and aside of a turn, boxed: most utterances
    /// have none (a text read one sentence a line has an utterance a
    /// line), and each is then 64 bytes, not 136.
    turn: Option<Box<Speaking>>,
    sentences: Range<usize>,
    paragraphs: Range<usize>,
}

/// Who speaks an utterance, and where the label that says so is (a turn
/// that goes on after a stage direction keeps its speaker, without a label).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Speaking {
    speaker: String,
    label: Option<Range<usize>>,
    aside: Option<Range<usize>>,
}

impl Utterance {
    /// The prose utterance of span `span` that is sentence and paragraph
    /// `k` alone (a line of [`InputMode::Lines`], a sentence given by
    /// [`Document::from_sentences`]).
    fn one_line(span: Range<usize>, k: usize) -> Utterance {
        Utterance {
            start: span.start,
            end: span.end,
            kind: UtteranceKind::Prose,
            turn: None,
            sentences: k..k + 1,
            paragraphs: k..k + 1,
        }
    }

    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.start
    }
    /// Byte offset just past the last byte.
    pub fn end(&self) -> usize {
        self.end
    }
    /// What the utterance is.
    pub fn kind(&self) -> UtteranceKind {
        self.kind
    }
    /// The speaker's name as written in the label (`VYSHINSKY`,
    /// `Комендант суда`), without any aside, in the normalised view (`Бухарин`
    /// for a label written `Буха́рин`; see [`Segmenter::segment`]). A continuation after a stage
    /// direction keeps the speaker of the turn it continues.
    pub fn speaker(&self) -> Option<&str> {
        self.turn.as_deref().map(|t| t.speaker.as_str())
    }
    /// The byte span of the whole label, `VYSHINSKY (to Bukharin):` included.
    pub fn label(&self) -> Option<Range<usize>> {
        self.turn.as_ref().and_then(|t| t.label.clone())
    }
    /// The byte span of the aside inside the label (`to Bukharin`).
    pub fn aside(&self) -> Option<Range<usize>> {
        self.turn.as_ref().and_then(|t| t.aside.clone())
    }
    /// The indices of the utterance's sentences.
    pub fn sentences(&self) -> Range<usize> {
        self.sentences.clone()
    }
    /// The indices of the paragraphs the utterance spans.
    pub fn paragraphs(&self) -> Range<usize> {
        self.paragraphs.clone()
    }
}

/// A segmented edition: the text it was made from, its language, its
/// sentences and utterances. Spans, not copies: the document borrows the
/// text.
#[derive(Clone, Debug)]
pub struct Document<'t> {
    text: &'t str,
    lang: Lang,
    sentences: Vec<Sentence>,
    utterances: Vec<Utterance>,
    paragraphs: usize,
    /// Page furniture, in order (see [`Document::marks`]).
    marks: Vec<crate::Mark>,
    /// True when the text differs from its normalised view (see
    /// [`Segmenter::segment`]): its sentences must be normalised before
    /// they are matched.
    normalised: bool,
}

/// Builds [`Document`]s: a language, an input mode, the rules that go
/// with the language, and a cap on sentence length.
///
/// ```
/// use bitext::{InputMode, Lang, Segmenter};
/// let seg = Segmenter::new(Lang::German).input(InputMode::Lines);
/// let doc = seg.segment("Erste Zeile. Noch ein Satz.\nZweite Zeile\n");
/// assert_eq!(doc.len(), 2);
/// ```
///
/// # Sentence length
/// In running text no sentence is longer than
/// [`max_sentence_chars`](Segmenter::max_sentence_chars) characters
/// (default [`DEFAULT_MAX_SENTENCE_CHARS`](Segmenter::DEFAULT_MAX_SENTENCE_CHARS),
/// 2,000, counted in the sentence's own text, without a speaker label): a
/// longer one, such as a paragraph of an OCR dump without punctuation, is
/// cut at the last whitespace that keeps a piece within the cap, or, in a
/// run of that many characters without whitespace, at the last grapheme
/// boundary that fits (a letter keeps its combining marks, unless one
/// cluster alone is longer than the cap). Nothing is dropped: every
/// non-whitespace character is still in exactly one sentence, and
/// segmentation stays linear in the input.
///
/// ```
/// use bitext::{Lang, Segmenter};
/// let text = "word ".repeat(1_000); // 5,000 characters, no punctuation
/// let doc = Segmenter::new(Lang::English).max_sentence_chars(1_000).segment(&text);
/// assert_eq!(doc.len(), 5);
/// assert!(doc.sentences().iter().all(|s| s.chars() <= 1_000));
/// ```
///
/// With [`InputMode::Lines`] a line is never cut, since its index is its
/// sentence index: [`segment`](Segmenter::segment) keeps an over-long line
/// whole, and [`try_segment`](Segmenter::try_segment) and
/// [`segment_bytes`](Segmenter::segment_bytes) report it as an error that
/// names the line.
#[derive(Clone, Debug)]
pub struct Segmenter {
    lang: Lang,
    mode: InputMode,
    rules: &'static rules::LangRules,
    max_chars: usize,
    /// The name keys of the speakers of another edition of the same text
    /// (see [`Segmenter::with_speakers_of`]).
    heard_elsewhere: Option<std::sync::Arc<std::collections::HashSet<String>>>,
}

impl Segmenter {
    /// The default cap on the length of a sentence, in characters (see
    /// [`max_sentence_chars`](Segmenter::max_sentence_chars)).
    pub const DEFAULT_MAX_SENTENCE_CHARS: usize = 2_000;

    /// A segmenter for running text in `lang`.
    pub fn new(lang: Lang) -> Segmenter {
        Segmenter {
            lang,
            mode: InputMode::Text,
            rules: rules::rules_for(lang),
            max_chars: Segmenter::DEFAULT_MAX_SENTENCE_CHARS,
            heard_elsewhere: None,
        }
    }

    /// Takes the speakers of `other`, another edition of the same text
    /// (a translation), as evidence: a label-shaped opening heard once here
    /// (`Шарангович.`), which one edition alone leaves as a sentence, is a
    /// speaker's label when `other` has a speaker of that name
    /// (`SHARANGOVICH:`), matched through transliteration (the romanised
    /// skeletons of the names' words). `bitext align` and `bitext find`
    /// segment each edition again with the other's speakers; `bitext
    /// segment` reads one edition alone. A name that shares no letters
    /// with its translation (`Комендант суда` / `COMMANDANT OF THE COURT`
    /// does, `Председательствующий` / `THE PRESIDENT` does not) gets no
    /// evidence this way.
    ///
    /// ```
    /// use bitext::{Document, Lang, Segmenter};
    /// let ru = "Вышинский. Вы были там?\n\nШарангович. Был.\n";
    /// let en = Document::segment("VYSHINSKY: Were you there?\n\nSHARANGOVICH: I was.\n", Lang::English);
    /// // alone, two labels heard once are too little to call this a record
    /// assert!(!Document::segment(ru, Lang::Russian).has_speakers());
    /// let doc = Segmenter::new(Lang::Russian).with_speakers_of(&en).segment(ru);
    /// let speakers: Vec<_> = doc.utterances().iter().filter_map(|u| u.speaker()).collect();
    /// assert_eq!(speakers, ["Вышинский", "Шарангович"]);
    /// ```
    pub fn with_speakers_of(mut self, other: &Document<'_>) -> Segmenter {
        let keys = other.utterances().iter().filter_map(|u| u.speaker()).flat_map(crate::anchor::translit::name_keys);
        self.heard_elsewhere = Some(std::sync::Arc::new(keys.collect()));
        self
    }

    /// Sets the longest sentence, in characters of its own text (at least
    /// 1; 0 counts as 1; `usize::MAX` for no cap). In running text longer
    /// sentences are cut (see [Sentence length](Segmenter#sentence-length));
    /// with [`InputMode::Lines`] a longer line is an error of
    /// [`try_segment`](Segmenter::try_segment).
    pub fn max_sentence_chars(mut self, max: usize) -> Segmenter {
        self.max_chars = max.max(1);
        self
    }

    /// The longest sentence, in characters.
    pub fn sentence_chars_limit(&self) -> usize {
        self.max_chars
    }

    /// Uses `rules` instead of the language's own (tests of new rule files).
    #[cfg(test)]
    pub(crate) fn with_rules(mut self, rules: &'static rules::LangRules) -> Segmenter {
        self.rules = rules;
        self
    }

    /// Sets the input mode.
    pub fn input(mut self, mode: InputMode) -> Segmenter {
        self.mode = mode;
        self
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Segments `text`. Never fails: any string gives a document (an empty
    /// one for empty or blank input). A leading byte-order mark is skipped;
    /// offsets still count from the first byte of `text`.
    ///
    /// Labels, sentences and headings are found in the text's normalised
    /// view (NFC, without stress marks, soft hyphens and zero-width
    /// characters; see [`Normalized`](crate::Normalized)), so a decomposed
    /// or stress-marked copy segments as the plain one does; the spans are
    /// mapped back and index `text` as given.
    pub fn segment<'t>(&self, text: &'t str) -> Document<'t> {
        let from = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let view = match self.mode {
            InputMode::Lines => crate::text::Normalized::of_lines(&text[from..]),
            InputMode::Text => crate::text::Normalized::new(&text[from..]),
        };
        if !view.is_changed() {
            let (sentences, utterances, paragraphs) = self.build(text, from);
            let marks = Vec::new();
            return Document { text, lang: self.lang, sentences, utterances, paragraphs, marks, normalised: false };
        }
        let (mut sentences, mut utterances, paragraphs) = self.build(view.as_str(), 0);
        let at = |n: usize| from + view.original_offset(n);
        let span = |r: Range<usize>| at(r.start)..at(r.end);
        for s in &mut sentences {
            (s.start, s.body_start, s.end) = (at(s.start), at(s.body_start), at(s.end));
        }
        for u in &mut utterances {
            (u.start, u.end) = (at(u.start), at(u.end));
            if let Some(t) = &mut u.turn {
                t.label = t.label.take().map(span);
                t.aside = t.aside.take().map(span);
            }
        }
        let marks = view
            .marks()
            .iter()
            .map(|m| crate::Mark { span: from + m.span.start..from + m.span.end, kind: m.kind })
            .collect();
        Document { text, lang: self.lang, sentences, utterances, paragraphs, marks, normalised: true }
    }

    /// Segments `text[from..]`, with offsets into `text`.
    fn build(&self, text: &str, from: usize) -> (Vec<Sentence>, Vec<Utterance>, usize) {
        let mut b = Builder {
            text,
            rules: self.rules,
            max_chars: self.max_chars,
            lower_starts: false,
            doc: Vec::new(),
            utts: Vec::new(),
            paragraphs: 0,
            cuts: Vec::new(),
            orth: sentence::Orthography::new(&text[from..]),
            heard_elsewhere: self.heard_elsewhere.as_deref(),
        };
        match self.mode {
            InputMode::Lines => b.lines(from),
            InputMode::Text => b.running_text(from),
        }
        (b.doc, b.utts, b.paragraphs)
    }

    /// Segments `text` as [`segment`](Segmenter::segment) does, and checks
    /// the sentence length cap where it cannot cut: with
    /// [`InputMode::Lines`], a line longer than
    /// [`max_sentence_chars`](Segmenter::max_sentence_chars).
    ///
    /// # Errors
    /// A limit error naming the first over-long line (from 1), its length and
    /// how to raise the limit.
    ///
    /// ```
    /// use bitext::{InputMode, Lang, Segmenter};
    /// let seg = Segmenter::new(Lang::English).input(InputMode::Lines).max_sentence_chars(10);
    /// let err = seg.try_segment("Short.\nThis line is too long.\n").unwrap_err();
    /// assert!(err.is_limit());
    /// assert!(err.to_string().starts_with("line 2: "), "{err}");
    /// assert!(seg.max_sentence_chars(100).try_segment("Short.\nThis line is too long.\n").is_ok());
    /// ```
    pub fn try_segment<'t>(&self, text: &'t str) -> Result<Document<'t>> {
        let doc = self.segment(text);
        if self.mode == InputMode::Lines {
            if let Some((line, s)) = doc.sentences.iter().enumerate().find(|(_, s)| s.chars > self.max_chars) {
                return Err(Error::new(Repr::Limit {
                    what: "sentence length (characters)",
                    limit: self.max_chars,
                    needed: s.chars,
                    hint: "with `--input lines` every line is one sentence and is never cut: \
                           raise the limit (--max-sentence-chars, Segmenter::max_sentence_chars), \
                           or read the file as running text (--input text, InputMode::Text)",
                    at: Some(format!("line {}", line + 1)),
                }));
            }
        }
        Ok(doc)
    }

    /// Checks that `bytes` are UTF-8 text, then segments them as
    /// [`try_segment`](Segmenter::try_segment) does. A byte-order mark is
    /// skipped but offsets count from the first byte of `bytes`.
    ///
    /// # Errors
    /// When `bytes` hold a NUL byte (a binary file) or are not UTF-8; the
    /// error names the byte offset. With [`InputMode::Lines`], when a line
    /// is longer than the sentence length cap.
    pub fn segment_bytes<'t>(&self, bytes: &'t [u8]) -> Result<Document<'t>> {
        self.try_segment(check_text(bytes)?)
    }
}

/// Joins sentences into one text, a line break between two, with the span
/// of each: the input of [`Document::from_sentences`], which keeps every
/// sentence whole whatever it holds.
///
/// ```
/// let (text, spans) = bitext::join_sentences(["A.", "B\nC."]);
/// assert_eq!(text, "A.\nB\nC.");
/// assert_eq!(spans, [0..2, 3..7]);
/// ```
pub fn join_sentences<S: AsRef<str>>(sentences: impl IntoIterator<Item = S>) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (k, s) in sentences.into_iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(s.as_ref());
        spans.push(start..text.len());
    }
    (text, spans)
}

/// Checks that `bytes` are UTF-8 text without NUL bytes.
///
/// # Errors
/// Names the byte offset of the first NUL byte or invalid UTF-8 sequence.
///
/// ```
/// let err = bitext::check_text(b"ok \xff").unwrap_err();
/// assert_eq!(err.byte_offset(), Some(3));
/// assert!(err.to_string().contains("byte offset 3"));
/// ```
pub fn check_text(bytes: &[u8]) -> Result<&str> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Error::new(Repr::Utf16 { offset: 0 }));
    }
    let text = utf8::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let kind = match utf16_nul(bytes) {
            Some(nul) if nul <= offset => Repr::Utf16 { offset: nul },
            _ => Repr::InvalidUtf8 { offset },
        };
        Error::new(kind)
    })?;
    // memchr: a NUL is searched in the whole text, not only the start
    if let Some(offset) = memchr::memchr(0, bytes) {
        let kind = if utf16_nul(bytes) == Some(offset) { Repr::Utf16 { offset } } else { Repr::Binary { offset } };
        return Err(Error::new(kind));
    }
    Ok(text)
}

/// The offset of the first NUL byte when the start of `bytes` looks like
/// UTF-16 without a byte-order mark. In its first 200 code units, the high
/// byte of each unit takes few values (0 for ASCII spaces, digits and
/// punctuation, 0x04 for Cyrillic, 0x20 for dashes and quotation marks,
/// ...), and is NUL at least once in 20, while the low byte is seldom NUL;
/// and the units decode to text (no unpaired surrogates, no control
/// characters but line breaks and tabs).
fn utf16_nul(bytes: &[u8]) -> Option<usize> {
    let first = memchr::memchr(0, bytes)?;
    let units = bytes.len().min(400) / 2;
    if units < 4 {
        return None;
    }
    let sample = &bytes[..2 * units];
    let nuls = |k: usize| sample.iter().skip(k).step_by(2).filter(|&&b| b == 0).count();
    let distinct = |k: usize| {
        let mut seen = [false; 256];
        for &b in sample.iter().skip(k).step_by(2) {
            seen[usize::from(b)] = true;
        }
        seen.iter().filter(|&&x| x).count()
    };
    let decodes = |little_endian: bool| {
        let units = sample.chunks_exact(2).map(|p| {
            if little_endian {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        let (mut good, mut all) = (0usize, 0usize);
        for c in char::decode_utf16(units) {
            all += 1;
            good += usize::from(c.is_ok_and(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')));
        }
        // a pair cut at the end of the sample may not decode
        good + 1 >= all
    };
    // the high byte is the second of each unit in little-endian order
    (0..2)
        .any(|high| {
            distinct(high) <= 6 && nuls(high) * 20 >= units && nuls(1 - high) * 10 <= units && decodes(high == 1)
        })
        .then_some(first)
}

/// The iterator of [`Document::sentence_text_indices`]: `(byte offset,
/// own text)` of each sentence.
#[derive(Clone, Debug)]
pub struct SentenceTextIndices<'d, 't> {
    text: &'t str,
    sentences: std::slice::Iter<'d, Sentence>,
}

impl<'t> Iterator for SentenceTextIndices<'_, 't> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<(usize, &'t str)> {
        self.sentences.next().map(|s| (s.body_start(), &self.text[s.body()]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.sentences.size_hint()
    }
}

impl DoubleEndedIterator for SentenceTextIndices<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.sentences.next_back().map(|s| (s.body_start(), &self.text[s.body()]))
    }
}

impl ExactSizeIterator for SentenceTextIndices<'_, '_> {}

/// The iterator of [`Document::sentence_texts`]: the own text of each
/// sentence.
#[derive(Clone, Debug)]
pub struct SentenceTexts<'d, 't>(SentenceTextIndices<'d, 't>);

impl<'t> Iterator for SentenceTexts<'_, 't> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        self.0.next().map(|(_, s)| s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for SentenceTexts<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(_, s)| s)
    }
}

impl ExactSizeIterator for SentenceTexts<'_, '_> {}

impl<'t> Document<'t> {
    /// Segments running `text` in `lang` with the default rules; see
    /// [`Segmenter`] for the other input mode.
    pub fn segment(text: &'t str, lang: Lang) -> Document<'t> {
        Segmenter::new(lang).segment(text)
    }

    /// A document of sentences you already have: each span of `text` in
    /// `spans` is one sentence, never split again (a line break inside one
    /// stays inside it), each its own paragraph, none with a speaker label;
    /// whitespace at a span's ends is left out of the sentence, and a span
    /// of whitespace only is a blank sentence ([`Document::is_blank`]).
    /// [`join_sentences`] makes the text and the spans from a list.
    ///
    /// ```
    /// use bitext::{join_sentences, Document, Lang};
    /// let (text, spans) = join_sentences(["One sentence.", "Another,\nover two lines.", "", "A third."]);
    /// let doc = Document::from_sentences(&text, &spans, Lang::English)?;
    /// assert_eq!(doc.len(), 4);
    /// assert_eq!(doc.sentence_text(1), "Another,\nover two lines.");
    /// assert!(doc.is_blank(2));
    /// // spans must be in order, apart, on character boundaries
    /// assert!(Document::from_sentences(&text, &[5..9, 0..4], Lang::English).is_err());
    /// # Ok::<(), bitext::Error>(())
    /// ```
    ///
    /// # Errors
    /// When a span runs past the text, overlaps or precedes the one before
    /// it, or cuts a character.
    pub fn from_sentences(text: &'t str, spans: &[Range<usize>], lang: Lang) -> Result<Document<'t>> {
        let mut sentences = Vec::with_capacity(spans.len());
        let mut utterances = Vec::with_capacity(spans.len());
        let mut normalised = false;
        let mut after = 0;
        for (k, r) in spans.iter().enumerate() {
            if r.start < after || r.end < r.start || r.end > text.len() {
                return Err(Error::invalid(format!(
                    "sentence span {k} ({r:?}) must lie in the text ({} bytes), after the one before it (ending at {after})",
                    text.len()
                )));
            }
            if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
                return Err(Error::invalid(format!("sentence span {k} ({r:?}) cuts a character")));
            }
            after = r.end;
            let raw = &text[r.clone()];
            let start = r.start + (raw.len() - raw.trim_start().len());
            let end = (r.end - (raw.len() - raw.trim_end().len())).max(start);
            let view = crate::text::Normalized::new(&text[start..end]);
            normalised |= view.is_changed();
            let chars = view.as_str().chars().count();
            let kind = SentenceKind::Text;
            sentences.push(Sentence { start, body_start: start, end, chars, paragraph: k, utterance: k, kind });
            utterances.push(Utterance::one_line(start..end, k));
        }
        let paragraphs = spans.len();
        Ok(Document { text, lang, sentences, utterances, paragraphs, marks: Vec::new(), normalised })
    }

    /// The text the document was made from (offsets index into it).
    pub fn text(&self) -> &'t str {
        self.text
    }
    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }
    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }
    /// True when the document has no sentence.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
    /// The number of paragraphs.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs
    }
    /// All sentences, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }
    /// All utterances, in order.
    pub fn utterances(&self) -> &[Utterance] {
        &self.utterances
    }
    /// The own text of sentence `i` (without a speaker label), as written.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn sentence_text(&self, i: usize) -> &'t str {
        &self.text[self.sentences[i].body()]
    }
    /// The own text of every sentence, in order ([`sentence_text`] of each):
    /// a label or a gap between sentences is in none of them.
    ///
    /// ```
    /// use bitext::{Document, Lang};
    ///
    /// let doc = Document::segment("VYSHINSKY: Is that so?\n\nBUKHARIN: It is.\n", Lang::English);
    /// let texts: Vec<&str> = doc.sentence_texts().collect();
    /// assert_eq!(texts, ["Is that so?", "It is."]);
    /// ```
    ///
    /// [`sentence_text`]: Document::sentence_text
    pub fn sentence_texts(&self) -> SentenceTexts<'_, 't> {
        SentenceTexts(self.sentence_text_indices())
    }

    /// [`sentence_texts`](Document::sentence_texts) with the byte offset of
    /// each text in [`text`](Document::text).
    ///
    /// ```
    /// use bitext::{Document, Lang};
    ///
    /// let text = "Он пришёл. Он ушёл.";
    /// let doc = Document::segment(text, Lang::Russian);
    /// for (at, s) in doc.sentence_text_indices() {
    ///     assert_eq!(&text[at..at + s.len()], s);
    /// }
    /// assert_eq!(doc.sentence_text_indices().nth(1), Some((text.find("Он ушёл").unwrap(), "Он ушёл.")));
    /// ```
    pub fn sentence_text_indices(&self) -> SentenceTextIndices<'_, 't> {
        SentenceTextIndices { text: self.text, sentences: self.sentences.iter() }
    }

    /// The full text of sentence `i`, label included, as written.
    pub fn sentence_span_text(&self, i: usize) -> &'t str {
        &self.text[self.sentences[i].span()]
    }
    /// The text of sentence `i` made ready for matching: line breaks become
    /// spaces and a word hyphenated across a line break is joined
    /// (`органи-\nзация` → `организация`).
    pub fn sentence_clean_text(&self, i: usize) -> Cow<'t, str> {
        clean(self.sentence_text(i))
    }
    /// The text of sentence `i` as it is matched: [`sentence_clean_text`]
    /// in the normalised view (see [`Segmenter::segment`]).
    ///
    /// [`sentence_clean_text`]: Document::sentence_clean_text
    pub(crate) fn sentence_match_text(&self, i: usize) -> Cow<'t, str> {
        let text = self.sentence_text(i);
        // one footnote mark makes the whole document normalised: the
        // sentences that hold nothing the view changes (most of them) are
        // told by a pass over their bytes, not normalised again
        if !self.normalised || crate::text::is_plainly_unchanged(text) {
            return clean(text);
        }
        // normalised first: a page number on a line of its own inside the
        // sentence is read from its line breaks
        match crate::text::normalized(text) {
            Cow::Borrowed(s) => clean(s),
            Cow::Owned(s) => Cow::Owned(clean(&s).into_owned()),
        }
    }
    /// The page furniture of the text, in order: page numbers on lines of
    /// their own and footnote marks after words (see [`Mark`](crate::Mark)).
    /// They belong to no sentence's words: the aligner, the speaker labels
    /// and `find` never see them, a sentence or a turn broken by a page goes
    /// on after it, and a footnote mark ends no sentence. (A sentence's span
    /// still runs over a page number that breaks it.)
    ///
    /// ```
    /// use bitext::{Document, Lang, MarkKind};
    /// let text = "Я хочу сказать, что\n— 191 —\nэто было не так.¹ Далее.";
    /// let doc = Document::segment(text, Lang::Russian);
    /// // the sentence goes on across the page; the footnote mark ends none
    /// assert_eq!(doc.len(), 2);
    /// assert!(doc.sentence_text(0).ends_with("не так.¹"));
    /// let marks: Vec<_> = doc.marks().iter().map(|m| (&text[m.span()], m.kind())).collect();
    /// assert_eq!(marks, [("— 191 —", MarkKind::Page), ("¹", MarkKind::Footnote)]);
    /// ```
    pub fn marks(&self) -> &[crate::Mark] {
        &self.marks
    }
    /// True when the text differs from its normalised view.
    pub(crate) fn is_normalised(&self) -> bool {
        self.normalised
    }
    /// The speaker of sentence `i`'s utterance, if it has one.
    pub fn speaker(&self, i: usize) -> Option<&str> {
        self.utterances[self.sentences[i].utterance].speaker()
    }
    /// True when the document has speaker turns.
    pub fn has_speakers(&self) -> bool {
        self.utterances.iter().any(|u| u.kind == UtteranceKind::Turn)
    }

    /// True when sentence `i` holds no text: a blank line read with
    /// [`InputMode::Lines`] (running text never gives one).
    pub fn is_blank(&self, i: usize) -> bool {
        self.sentences[i].chars == 0
    }

    /// The document without its blank sentences (see
    /// [`is_blank`](Self::is_blank)), and for each sentence kept its index
    /// here; `None` when no sentence is blank. Spans still index the same
    /// text; utterances left without a sentence are dropped and paragraphs
    /// renumbered, so the result is a document as the segmenter makes them.
    pub(crate) fn without_blanks(&self) -> Option<(Document<'t>, Vec<usize>)> {
        if !self.sentences.iter().any(|s| s.chars == 0) {
            return None;
        }
        let keep: Vec<usize> = (0..self.sentences.len()).filter(|&i| self.sentences[i].chars > 0).collect();
        // new index of the first kept sentence at or after each old index
        let mut new_at = Vec::with_capacity(self.sentences.len() + 1);
        let mut kept = 0;
        for s in &self.sentences {
            new_at.push(kept);
            kept += usize::from(s.chars > 0);
        }
        new_at.push(kept);
        let mut utterances = Vec::new();
        let mut utterance_of = vec![usize::MAX; self.utterances.len()];
        for (k, u) in self.utterances.iter().enumerate() {
            let sentences = new_at[u.sentences.start]..new_at[u.sentences.end];
            if !sentences.is_empty() {
                utterance_of[k] = utterances.len();
                utterances.push(Utterance { sentences, ..u.clone() });
            }
        }
        let mut paragraph_of = vec![usize::MAX; self.paragraphs];
        let mut paragraphs = 0;
        let sentences: Vec<Sentence> = keep
            .iter()
            .map(|&i| {
                let s = self.sentences[i];
                if paragraph_of[s.paragraph] == usize::MAX {
                    paragraph_of[s.paragraph] = paragraphs;
                    paragraphs += 1;
                }
                Sentence { paragraph: paragraph_of[s.paragraph], utterance: utterance_of[s.utterance], ..s }
            })
            .collect();
        for u in &mut utterances {
            let (a, b) = (sentences[u.sentences.start].paragraph, sentences[u.sentences.end - 1].paragraph);
            u.paragraphs = a..b + 1;
        }
        let doc = Document {
            text: self.text,
            lang: self.lang,
            sentences,
            utterances,
            paragraphs,
            marks: self.marks.clone(),
            normalised: self.normalised,
        };
        Some((doc, keep))
    }
}

/// Joins words hyphenated across line breaks and turns each run of
/// whitespace that holds a line break into one space.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    // line breaks are ASCII bytes of their own: searched as bytes, which
    // is several times cheaper than a search for either of two chars
    let line_break = |t: &str| memchr::memchr2(b'\n', b'\r', t.as_bytes());
    if line_break(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = line_break(rest) {
        // the whitespace run around the line break
        let before = rest[..pos].trim_end();
        let after = rest[pos..].trim_start();
        let hyphenated =
            before.strip_suffix('-').is_some_and(|b| b.chars().next_back().is_some_and(char::is_alphabetic))
                && after.chars().next().is_some_and(char::is_lowercase);
        if hyphenated {
            out.push_str(&before[..before.len() - 1]);
        } else {
            out.push_str(before);
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Working state of one segmentation.
struct Builder<'t> {
    text: &'t str,
    rules: &'static rules::LangRules,
    /// The longest sentence in running text, in characters.
    max_chars: usize,
    /// True when the document starts its sentences in lower case (see
    /// [`sentence::Starts`]); a paragraph that does so counts on its own.
    lower_starts: bool,
    doc: Vec<Sentence>,
    utts: Vec<Utterance>,
    paragraphs: usize,
    /// Scratch for cutting over-long sentences.
    cuts: Vec<(usize, usize)>,
    /// How the document writes its words (see [`sentence::Orthography`]).
    orth: sentence::Orthography<'t>,
    /// The name keys of another edition's speakers.
    heard_elsewhere: Option<&'t std::collections::HashSet<String>>,
}

/// One paragraph after labels have been found: its byte span and label.
struct Para<'t> {
    start: usize,
    end: usize,
    label: Option<(speaker::Candidate, &'t str)>,
}

impl<'t> Builder<'t> {
    fn lines(&mut self, from: usize) {
        let text = self.text;
        let mut pos = from;
        let mut line = 0;
        // one sentence and one utterance a line: sized once, not grown
        // by doubling (a million lines would copy and fault in twice)
        let lines = memchr::memchr_iter(b'\n', &text.as_bytes()[from..]).count() + 1;
        self.doc.reserve_exact(lines);
        self.utts.reserve_exact(lines);
        while pos < text.len() {
            let end = paragraph::line_end(text.as_bytes(), pos).unwrap_or(text.len());
            let raw = &text[pos..end];
            let t = raw.trim_start();
            let start = pos + (raw.len() - t.len());
            let stop = start + t.trim_end().len();
            let chars = text[start..stop].chars().count();
            let kind = SentenceKind::Text;
            self.doc.push(Sentence {
                start,
                body_start: start,
                end: stop,
                chars,
                paragraph: line,
                utterance: line,
                kind,
            });
            self.utts.push(Utterance::one_line(start..stop, line));
            line += 1;
            pos = end + 1;
        }
        self.paragraphs = line;
    }

    fn running_text(&mut self, from: usize) {
        let text = self.text;
        self.lower_starts = sentence::Starts::lower_case_in(&text[from..], self.rules);
        let lines = paragraph::lines(text, from);
        let paras = paragraph::paragraphs(&lines);
        let label_at = self.labels(&lines, &paras);
        let units = units(&lines, &paras, label_at);
        self.paragraphs = units.len();
        let transcript = units.iter().any(|u| u.label.is_some());
        let mut speaker_now: Option<String> = None; // the turn a continuation belongs to
        let mut open_turn = false; // the last utterance is a turn that may continue
        let mut buf = Vec::new();
        for (pi, para) in units.into_iter().enumerate() {
            let ptext = &text[para.start..para.end];
            if let Some((c, name)) = &para.label {
                self.push_turn(&para, c, name, pi, &mut buf);
                speaker_now = Some(name.to_string());
                open_turn = true;
            } else if let Some((ukind, skind)) = standalone_kind(ptext) {
                self.push_standalone(&para, ukind, skind, pi, &mut buf);
                open_turn = false;
                if ukind != UtteranceKind::StageDirection {
                    speaker_now = None;
                }
            } else if transcript && open_turn {
                // a paragraph of speech without a label
                self.continue_turn(&para, pi, &mut buf);
            } else {
                self.push_paragraph(&para, speaker_now.clone(), pi, &mut buf);
                open_turn = transcript && speaker_now.is_some();
            }
        }
    }

    /// The accepted speaker labels, by the index of the line they open:
    /// the candidates at every line start, decided on the evidence of the
    /// whole document (see [`speaker::decide`]).
    fn labels(&self, lines: &[Line], paras: &[Range<usize>]) -> HashMap<usize, (speaker::Candidate, &'t str)> {
        let text = self.text;
        let (found, found_at) = label_candidates(text, lines, paras);
        // What each paragraph looks like, when there are labels to decide.
        let shapes = if found.is_empty() { Vec::new() } else { paragraph_shapes(text, lines, paras) };
        // a name the other edition gives a speaker is heard there
        let heard = |name: &str| {
            self.heard_elsewhere
                .is_some_and(|keys| crate::anchor::translit::name_keys(name).iter().any(|k| keys.contains(k)))
        };
        let mut accepted = speaker::decide(&found, &shapes, self.rules, |w| self.orth.common_word(w), heard);
        speech_after_lone_labels(text, lines, &found, &found_at, &mut accepted);
        let mut label_at = HashMap::new();
        for ((f, li), ok) in found.into_iter().zip(found_at).zip(accepted) {
            if ok {
                label_at.insert(li, (f.cand, f.name));
            }
        }
        label_at
    }

    /// Pushes a speaker's turn: paragraph `para`, opened by the label `c`
    /// of the speaker `name`.
    fn push_turn(
        &mut self,
        para: &Para<'t>,
        c: &speaker::Candidate,
        name: &str,
        pi: usize,
        buf: &mut Vec<(usize, usize)>,
    ) {
        let body = skip_ws(self.text, c.label_end, para.end);
        let first = self.doc.len();
        self.push_sentences(body, para.end, pi, SentenceKind::Speech, buf);
        if let Some(s) = self.doc.get_mut(first) {
            s.start = para.start;
        } else {
            // a label with nothing after it in its paragraph: the
            // label still belongs to a sentence, with an empty body
            let kind = SentenceKind::Speech;
            let (start, end) = (para.start, para.end);
            self.doc.push(Sentence { start, body_start: end, end, chars: 0, paragraph: pi, utterance: 0, kind });
        }
        self.push_utt(para.start, para.end, UtteranceKind::Turn, Some(name.to_string()), first, pi);
        let t = self.utts.last_mut().and_then(|u| u.turn.as_mut()).expect("a turn just pushed");
        t.label = Some(para.start..c.label_end);
        t.aside = c.aside.map(|(a, b)| a..b);
    }

    /// Pushes a separator, a stage direction or a heading standing alone.
    fn push_standalone(
        &mut self,
        para: &Para<'t>,
        ukind: UtteranceKind,
        skind: SentenceKind,
        pi: usize,
        buf: &mut Vec<(usize, usize)>,
    ) {
        let first = self.doc.len();
        if ukind == UtteranceKind::Heading {
            // a heading may hold two sentences ("Российский рекорд. Школьник сдал ЕГЭ")
            self.push_sentences(para.start, para.end, pi, skind, buf);
        } else {
            self.push_span(para.start, para.end, pi, skind);
        }
        self.push_utt(para.start, para.end, ukind, None, first, pi);
    }

    /// Adds paragraph `para` to the last utterance, a turn that goes on.
    fn continue_turn(&mut self, para: &Para<'t>, pi: usize, buf: &mut Vec<(usize, usize)>) {
        let u = self.utts.len() - 1;
        self.push_sentences(para.start, para.end, pi, SentenceKind::Speech, buf);
        for s in &mut self.doc[self.utts[u].sentences.end..] {
            s.utterance = u;
        }
        let n = self.doc.len();
        let utt = &mut self.utts[u];
        utt.end = para.end;
        utt.sentences.end = n;
        utt.paragraphs.end = pi + 1;
    }

    /// Pushes paragraph `para` as an utterance of its own: speech of
    /// `speaker` (a turn that a stage direction broke), or else prose,
    /// whose first sentence may be a headline run into it.
    fn push_paragraph(&mut self, para: &Para<'t>, speaker: Option<String>, pi: usize, buf: &mut Vec<(usize, usize)>) {
        let first = self.doc.len();
        let (ukind, skind) = match &speaker {
            Some(_) => (UtteranceKind::Turn, SentenceKind::Speech),
            None => (UtteranceKind::Prose, SentenceKind::Text),
        };
        let mut body = para.start;
        if skind == SentenceKind::Text {
            if let Some(h) = sentence::run_in_headline(&self.text[para.start..para.end]) {
                self.push_sentences(para.start, para.start + h, pi, SentenceKind::Heading, buf);
                body = skip_ws(self.text, para.start + h, para.end);
            }
        }
        self.push_sentences(body, para.end, pi, skind, buf);
        self.push_utt(para.start, para.end, ukind, speaker, first, pi);
    }

    /// Pushes an utterance over sentences `first..` and paragraph `pi`,
    /// and points those sentences at it.
    fn push_utt(
        &mut self,
        start: usize,
        end: usize,
        kind: UtteranceKind,
        speaker: Option<String>,
        first: usize,
        pi: usize,
    ) {
        let idx = self.utts.len();
        for s in &mut self.doc[first..] {
            s.utterance = idx;
        }
        self.utts.push(Utterance {
            start,
            end,
            kind,
            turn: speaker.map(|speaker| Box::new(Speaking { speaker, label: None, aside: None })),
            sentences: first..self.doc.len(),
            paragraphs: pi..pi + 1,
        });
    }

    /// Splits `text[start..end]` into sentences and pushes them.
    fn push_sentences(
        &mut self,
        start: usize,
        end: usize,
        pi: usize,
        kind: SentenceKind,
        buf: &mut Vec<(usize, usize)>,
    ) {
        if start >= end {
            return;
        }
        let raw = &self.text[start..end];
        // Soft line breaks become spaces (same byte length, so offsets hold).
        let mut breaks = memchr::memchr2_iter(b'\n', b'\r', raw.as_bytes()).peekable();
        let flat: Cow<'_, str> = if breaks.peek().is_some() {
            let mut flat = String::with_capacity(raw.len());
            let mut from = 0;
            for at in breaks {
                flat.push_str(&raw[from..at]);
                flat.push(' ');
                from = at + 1;
            }
            flat.push_str(&raw[from..]);
            Cow::Owned(flat)
        } else {
            Cow::Borrowed(raw)
        };
        buf.clear();
        let lower_starts = self.lower_starts || sentence::Starts::lower_case_in(&flat, self.rules);
        sentence::split(&flat, self.rules, lower_starts, &self.orth, buf);
        for &(a, b) in buf.iter() {
            let piece = &raw[a..b];
            let k = if kind == SentenceKind::Speech && is_stage_direction(piece) {
                SentenceKind::StageDirection
            } else {
                kind
            };
            self.push_span(start + a, start + b, pi, k);
        }
    }

    /// Pushes `text[start..end]` (trimmed, not empty) as one sentence, or,
    /// when it is longer than `max_chars`, as pieces cut at whitespace (see
    /// [`sentence::cut_long`]). The utterance is set by the caller.
    fn push_span(&mut self, start: usize, end: usize, pi: usize, kind: SentenceKind) {
        let text = self.text;
        let sentence = |start: usize, end: usize, chars: usize| Sentence {
            start,
            body_start: start,
            end,
            chars,
            paragraph: pi,
            utterance: usize::MAX,
            kind,
        };
        let chars = text[start..end].chars().count();
        if chars <= self.max_chars {
            self.doc.push(sentence(start, end, chars));
            return;
        }
        let mut cuts = std::mem::take(&mut self.cuts);
        cuts.clear();
        sentence::cut_long(&text[..end], start, self.max_chars, &mut cuts);
        for &(a, b) in &cuts {
            self.doc.push(sentence(a, b, text[a..b].chars().count()));
        }
        self.cuts = cuts;
    }
}

/// The speaker label candidates at every line start of the paragraphs
/// `paras`, with the index of the line each opens.
fn label_candidates<'t>(
    text: &'t str,
    lines: &[Line],
    paras: &[Range<usize>],
) -> (Vec<speaker::Found<'t>>, Vec<usize>) {
    let mut found: Vec<speaker::Found<'t>> = Vec::new();
    let mut found_at: Vec<usize> = Vec::new(); // line index of each candidate
    for (p, range) in paras.iter().enumerate() {
        let para_end = lines[range.end - 1].end;
        for li in range.clone() {
            let l = lines[li];
            if let Some(cand) = speaker::candidate(&text[l.start..para_end], l.start) {
                // only the first line of a paragraph, or any line that is
                // not a wrapped continuation (checked in `decide` by evidence)
                let name = &text[l.start..cand.name_end];
                found.push(speaker::Found { cand, name, para: p, opens_para: li == range.start });
                found_at.push(li);
            }
        }
    }
    (found, found_at)
}

/// What each paragraph looks like to the decision on labels.
fn paragraph_shapes(text: &str, lines: &[Line], paras: &[Range<usize>]) -> Vec<speaker::Shape> {
    paras
        .iter()
        .map(|range| {
            let ptext = &text[lines[range.start].start..lines[range.end - 1].end];
            let record_heading = || is_heading(ptext) && speaker::record_heading(ptext);
            if is_separator(ptext) || is_stage_direction(ptext) || record_heading() {
                speaker::Shape::Aside
            } else if is_heading(ptext) {
                speaker::Shape::Heading
            } else {
                speaker::Shape::Text
            }
        })
        .collect()
}

/// Takes back the labels on the line after a label standing alone on its
/// line: that line is the speaker's speech, even when it opens with a
/// name (`Чернов.` / `Рыков. Это было в 1930 г.`: the answer names Rykov).
fn speech_after_lone_labels(
    text: &str,
    lines: &[Line],
    found: &[speaker::Found<'_>],
    found_at: &[usize],
    accepted: &mut [bool],
) {
    for k in 1..found.len() {
        let (p, li) = (k - 1, found_at[k]);
        let alone = |p: usize| text[found[p].cand.label_end..lines[found_at[p]].end].trim().is_empty();
        if accepted[k] && accepted[p] && found_at[p] + 1 == li && alone(p) {
            accepted[k] = false;
        }
    }
}

/// The paragraphs, cut again before any accepted label inside them.
fn units<'t>(
    lines: &[Line],
    paras: &[Range<usize>],
    mut label_at: HashMap<usize, (speaker::Candidate, &'t str)>,
) -> Vec<Para<'t>> {
    let mut units: Vec<Para<'t>> = Vec::new();
    for range in paras {
        let para_end = lines[range.end - 1].end;
        let mut cur = Para { start: lines[range.start].start, end: para_end, label: label_at.remove(&range.start) };
        for li in range.start + 1..range.end {
            if let Some(lab) = label_at.remove(&li) {
                cur.end = lines[li - 1].end;
                units.push(cur);
                cur = Para { start: lines[li].start, end: para_end, label: Some(lab) };
            }
        }
        units.push(cur);
    }
    units
}

/// What a paragraph without a label is when it is not speech or prose: a
/// separator, a stage direction, a heading.
fn standalone_kind(ptext: &str) -> Option<(UtteranceKind, SentenceKind)> {
    if is_separator(ptext) {
        Some((UtteranceKind::Separator, SentenceKind::Separator))
    } else if is_stage_direction(ptext) {
        Some((UtteranceKind::StageDirection, SentenceKind::StageDirection))
    } else if is_heading(ptext) {
        Some((UtteranceKind::Heading, SentenceKind::Heading))
    } else {
        None
    }
}

/// `c.is_alphabetic()`, answered without the Unicode tables for ASCII and
/// the Russian alphabet (`А`..`я`, `Ё`, `ё`), the letters read most.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        matches!(c, 'А'..='я' | 'Ё' | 'ё') || c.is_alphabetic()
    }
}

/// `c.is_alphanumeric()`, with the fast answers of [`is_letter`].
pub(crate) fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        matches!(c, 'А'..='я' | 'Ё' | 'ё') || c.is_alphanumeric()
    }
}

fn skip_ws(text: &str, from: usize, end: usize) -> usize {
    let s = &text[from..end];
    from + (s.len() - s.trim_start().len())
}

/// `* * *`, `***`, `---`, `———`: no letters or digits, a few symbols.
fn is_separator(p: &str) -> bool {
    p.len() <= 40
        && p.chars().any(|c| !c.is_whitespace())
        && p.chars()
            .all(|c| c.is_whitespace() || matches!(c, '*' | '-' | '—' | '–' | '_' | '=' | '~' | '#' | '⁂' | '•' | '·'))
}

/// `(No reply.)`, `(Смех в зале.)`: one parenthesised remark.
fn is_stage_direction(p: &str) -> bool {
    let p = p.trim();
    if !(p.starts_with('(') && p.ends_with(')')) || p.len() > 400 {
        return false;
    }
    // The opening parenthesis must close only at the end.
    let mut depth = 0i32;
    for (i, c) in p.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i + 1 < p.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    p.chars().any(char::is_alphabetic)
}

/// A short single line without closing punctuation: `Morning Session,
/// March 7`, `Утреннее заседание 7 марта 1938 года`, a news headline.
fn is_heading(p: &str) -> bool {
    // (more than 600 bytes are more than 150 characters)
    if memchr::memchr2(b'\n', b'\r', p.as_bytes()).is_some() || p.len() > 600 || p.chars().count() > 150 {
        return false;
    }
    let last = p.trim_end_matches(['"', '»', '”', '\'', '’', ')']).chars().next_back();
    let words = p.split_whitespace().count();
    let first = p.chars().find(|c| c.is_alphanumeric());
    words <= 15
        && !matches!(last, Some('.' | '!' | '?' | '…' | ':' | ';' | ',' | '-' | '—'))
        && first.is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The match text of a sentence of a normalised document is its
        /// view made ready for matching, whether or not the sentence is
        /// found plainly unchanged first.
        #[test]
        fn the_match_text_is_the_normalised_clean_text(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "Wort ", "l’été ", "«Да» ", "x", ". ", "? ", "\n", "\n\n", "¹ ", "a* ", "[3] ", "²",
                "\u{AD}", "и\u{301}", "\n— 12 —\n", "Ende.¹ ", "органи-\nзация ",
            ]), 0..60),
            lines in any::<bool>(),
        ) {
            let text = pieces.concat();
            let mode = if lines { InputMode::Lines } else { InputMode::Text };
            let doc = Segmenter::new(Lang::German).input(mode).segment(&text);
            for i in 0..doc.len() {
                let old = if doc.normalised {
                    match crate::text::normalized(doc.sentence_text(i)) {
                        Cow::Borrowed(s) => clean(s).into_owned(),
                        Cow::Owned(s) => clean(&s).into_owned(),
                    }
                } else {
                    doc.sentence_clean_text(i).into_owned()
                };
                let new = doc.sentence_match_text(i);
                prop_assert_eq!(new.as_ref(), old.as_str());
            }
        }
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_utterance_without_a_speaker_is_small() {
        // one a line with `InputMode::Lines`: a million lines hold 64 MB of them
        assert_eq!(std::mem::size_of::<Utterance>(), 64);
    }

    #[test]
    fn the_fast_letter_tests_are_the_standard_ones() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
