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
//! let ru = Document::segment("Вышинский. Садитесь. Т. е. вы отказываетесь?\n\nБухарин. Нет.\n", Lang::Russian);
//! assert_eq!(ru.len(), 3);
//! assert_eq!(ru.speaker(2), Some("Бухарин"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod lang;
mod segment;

pub use error::{Error, Result};
pub use lang::Lang;
pub use segment::{
    check_text, Document, InputMode, Segmenter, Sentence, SentenceKind, Utterance, UtteranceKind,
};
