//! `bitext` lines up two editions of the same text in different languages,
//! sentence by sentence and speaker turn by speaker turn, so that a reader
//! can check a translation against its original.
//!
//! # The pipeline
//! * [`segment`](Document::segment): an edition becomes a [`Document`] of
//!   utterances (speaker turns, headings, stage directions) and sentences,
//!   as byte spans into the original text.
//!
//! # Example
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

mod align;
mod anchor;
pub mod audit;
mod error;
pub mod eval;
pub mod export;
mod lang;
pub mod query;
mod segment;

pub use align::{AlignConfig, Aligner, Alignment, Bead, BeadCosts, ExtraCost};
pub use anchor::dict::Dictionary;
pub use audit::{audit, Audit, AuditOptions, Finding, Issue};
pub use error::{Error, Result};
pub use lang::Lang;
pub use query::{find, pairs, Edition, FindOptions, Highlight, Hit, Pair, PairSide, Pairs, Via};
pub use segment::{check_text, Document, InputMode, Segmenter, Sentence, SentenceKind, Utterance, UtteranceKind};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
