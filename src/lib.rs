#![deny(missing_docs)]
//! `bitext` lines up two editions of the same text in different languages,
//! sentence by sentence and speaker turn by speaker turn, so that a reader
//! can check a translation against its original.
//!
//! # The pipeline
//! * **segment** ([`Document::segment`], [`Segmenter`]): an edition becomes
//!   a [`Document`] of utterances (speaker turns, headings, stage
//!   directions) and sentences, as byte spans into the original text.
//! * **anchor**: numbers, names and cognates through transliteration, a
//!   [`Dictionary`] and a lexicon learned from the pair become shared
//!   evidence between sentences.
//! * **align** ([`Aligner`], [`AlignConfig`]): length-and-anchor dynamic
//!   programming in linear memory, in parallel, into an [`Alignment`] of
//!   [`Bead`]s with costs and confidences; transcripts align turns first.
//! * **use it**: [`pairs`] to walk the aligned pairs, [`find`] a quote with
//!   its counterpart and word highlights, [`audit()`] where two editions
//!   diverge, [`plot_svg`] to see it ([`PlotGrid`] for the matrix behind
//!   the picture), [`export`] to JSON, JSONL, TSV, TMX, HTML or a Vecalign
//!   ladder, and [`eval`] against gold alignments.
//!
//! # API themes
//! * One immutable, `Send + Sync` [`Aligner`] serves many threads; results
//!   do not depend on the number of threads.
//! * Spans, not copies: documents borrow the text; every offset is a byte
//!   offset into the input as given.
//! * One error type, [`Error`], whose message says what, where and what to
//!   do; limits ([`AlignConfig::max_cells`], the sentence length cap of
//!   one-sentence-a-line input) fail with an error that names them, never by
//!   truncating (in running text an over-long sentence is cut into pieces,
//!   losing nothing: see [`Segmenter`]).
//! * Custom costs plug in through [`ExtraCost`].
//!
//! # Features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `serde` | yes | `Serialize`/`Deserialize` for the public types |
//!
//! # Aligning two editions
//! ```
//! use bitext::{pairs, Aligner, Document, Lang};
//!
//! let ru = Document::segment("Где вы были в 1928 году? В Москве. Я работал там до 1930 г.\n", Lang::Russian);
//! let en = Document::segment("Where were you in 1928? In Moscow. I worked there until 1930.\n", Lang::English);
//! let alignment = Aligner::default().align(&ru, &en)?;
//! // walk the aligned pairs: both sides' texts, speakers and the confidence
//! let walked: Vec<(String, String)> = pairs(&alignment, &ru, &en)?.map(|p| (p.src.text, p.tgt.text)).collect();
//! assert_eq!(walked[0], ("Где вы были в 1928 году?".to_string(), "Where were you in 1928?".to_string()));
//! assert_eq!(walked.len(), 3);
//! for p in pairs(&alignment, &ru, &en)? {
//!     assert_eq!(p.kind(), (1, 1));
//!     println!("{:.2}  {}  |  {}", p.confidence, p.src.text, p.tgt.text);
//! }
//! # Ok::<(), bitext::Error>(())
//! ```
//!
//! # Segmenting
//! ```
//! use bitext::{Document, Lang};
//!
//! let text = "Вышинский. Садитесь. Т. е. вы отказываетесь?\n\n\
//!             Бухарин. Нет.\n\n\
//!             Вышинский (к Рыкову). А вы, подсудимый Рыков?\n\n\
//!             Рыков. Я подтверждаю показания, данные 5 июня 1937 г. тов. И. В. Сталину.\n\n\
//!             Бухарин. Я тоже.\n\n\
//!             Рыков. Да.\n";
//! // Labels are told from ordinary sentences by evidence across the
//! // document: these speakers recur at paragraph starts.
//! let ru = Document::segment(text, Lang::Russian);
//! assert_eq!(ru.len(), 7);
//! assert_eq!(ru.speaker(2), Some("Бухарин"));
//! assert_eq!(ru.sentence_text(1), "Т. е. вы отказываетесь?");
//! assert_eq!(ru.speaker(4), Some("Рыков"));
//! ```

pub mod align;
mod anchor;
pub mod audit;
pub mod batch;
mod error;
pub mod eval;
pub mod export;
mod furniture;
mod lang;
mod plot;
pub mod query;
pub mod segment;
mod text;

pub use align::{AlignConfig, Aligner, Alignment, Bead, ExtraCost, Priors};
pub use anchor::dict::Dictionary;
pub use audit::{audit, Audit, AuditOptions, Finding, Issue};
pub use error::{Error, ErrorKind, Result};
pub use furniture::{Mark, MarkKind};
pub use lang::{Lang, OtherLang};
pub use plot::{plot_svg, PlotGrid, PlotOptions, MAX_MARKERS, MAX_RESOLUTION};
pub use query::{
    find, pairs, Edition, FindOptions, Finder, Highlight, Hit, Pair, PairSide, Pairs, Route, Via, MATCH_THRESHOLD,
};
pub use segment::{
    check_text, join_sentences, pair_langs, segment_pair, Document, InputMode, Segmenter, Sentence, SentenceKind,
    SentenceTextIndices, SentenceTexts, Utterance, UtteranceKind,
};
pub use text::Normalized;

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
