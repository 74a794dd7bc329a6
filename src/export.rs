//! Writing alignments: JSON, JSON Lines, TSV, the Vecalign ladder, TMX
//! and a self-contained HTML page; and the JSON forms of [`find`](crate::find)
//! hits and [`audit`](crate::audit()) reports. Every writer takes any
//! [`io::Write`]; [`Format`] names them all and [`write()`] picks one.
//!
//! ```
//! use bitext::{export, Aligner, AlignConfig, Document, Lang};
//! let ru = Document::segment("Суд идет. Прошу встать.\n", Lang::Russian);
//! let en = Document::segment("The Court is coming. Please rise.\n", Lang::English);
//! let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//! let mut out = Vec::new();
//! export::write_vecalign(&a, &mut out)?;
//! assert!(String::from_utf8(out)?.starts_with("[0]:[0]:"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::ops::Range;
use std::str::FromStr;

use serde_json::json;

mod report;

pub use report::{write_hits, write_report, write_summary, Marks};

use crate::audit::{audit, Audit, AuditOptions, Finding, Issue, Number};
use crate::query::{pairs, Edition, Hit, Pair};
use crate::{Alignment, Document, Error, Lang};

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Writes the alignment as pretty JSON, `{"src": ..., "tgt": ..., "pairs":
/// [...]}`: each side its language and sentences (`start`/`end` are byte
/// offsets into the input as given), every bead in order (`src` and `tgt`
/// of a pair list sentence indices, empty for an omission; `score` is the
/// bead's confidence). The field names are a contract, kept byte for byte
/// (`tests/fixtures/trial.align.json`). Streamed: sentences and beads are
/// formatted in pieces, in parallel, and each piece written as soon as it
/// and those before it are done, so memory stays that of the documents and
/// the alignment (and a few megabytes), whatever the size of the output.
///
/// # Errors
/// When writing fails.
pub fn write_json(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    a.check_documents(src, tgt).map_err(invalid_input)?;
    // what `serde_json::to_writer_pretty` writes for `stream::AlignmentJson`,
    // byte for byte, with the sentences and beads formatted in parallel
    fn sentences<'a>(doc: &'a Document<'_>) -> impl Fn(usize, &mut Vec<u8>, &[u8]) -> io::Result<()> + Sync + 'a {
        move |i, buf, indent| {
            stream::with_sentence(doc, i, |f| f.write_pretty(buf, indent));
            Ok(())
        }
    }
    let (src_sentences, tgt_sentences) = (sentences(src), sentences(tgt));
    let beads = a.beads();
    let bead = |i: usize, buf: &mut Vec<u8>, indent: &[u8]| -> io::Result<()> {
        stream::with_bead(&beads[i], |f| f.write_pretty(buf, indent));
        Ok(())
    };
    let lang = |doc: &Document<'_>| serde_json::to_string(doc.lang().code());
    use pretty::Part::{List, Text};
    pretty::write_parts(
        out,
        &[
            Text(format!("{{\n  \"src\": {{\n    \"lang\": {},\n    \"sentences\": ", lang(src)?)),
            List { len: src.len(), depth: 2, element: &src_sentences },
            Text(format!("\n  }},\n  \"tgt\": {{\n    \"lang\": {},\n    \"sentences\": ", lang(tgt)?)),
            List { len: tgt.len(), depth: 2, element: &tgt_sentences },
            Text("\n  },\n  \"pairs\": ".to_string()),
            List { len: beads.len(), depth: 1, element: &bead },
            Text("\n}\n".to_string()),
        ],
    )
}

/// Pretty JSON as `serde_json::to_writer_pretty` writes it (two spaces an
/// indent), with the elements of long lists formatted in parallel, in
/// pieces written in order.
mod pretty {
    use std::io::{self, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, PoisonError};

    /// Elements formatted by one task.
    const PIECE: usize = 1024;
    /// Pieces formatted and not yet written, at most: bounds the memory of
    /// the formatted text (about 1.5 MB a piece of sentences) whatever the
    /// length of the lists.
    const AHEAD: usize = 16;

    /// One part of a JSON document written by [`write_parts`].
    pub(super) enum Part<'a> {
        /// Text written as it is.
        Text(String),
        /// A list of `len` elements that stands at depth `depth` (its
        /// elements one deeper), `element(i, buf, indent)` appending
        /// element `i` to `buf` as pretty JSON at depth 0 with `indent`
        /// after each of its line breaks (a string of JSON never holds a
        /// raw line break, so every line break is the formatter's).
        List { len: usize, depth: usize, element: &'a Element<'a> },
    }

    /// How a [`Part::List`] formats one element.
    pub(super) type Element<'a> = dyn Fn(usize, &mut Vec<u8>, &[u8]) -> io::Result<()> + Sync + 'a;

    /// Writes one list (see [`Part::List`]), `element(i, buf)` appending
    /// element `i` unindented (it is indented here).
    #[cfg(test)]
    pub(super) fn seq<F>(out: &mut dyn Write, len: usize, depth: usize, element: F) -> io::Result<()>
    where
        F: Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
    {
        let indented = |i: usize, text: &mut Vec<u8>, indent: &[u8]| -> io::Result<()> {
            let mut one = Vec::new();
            element(i, &mut one)?;
            // line breaks found by memchr, not byte by byte: an element
            // is mostly the text of a sentence
            let mut at = 0;
            for nl in memchr::memchr_iter(b'\n', &one) {
                text.extend_from_slice(&one[at..=nl]);
                text.extend_from_slice(indent);
                at = nl + 1;
            }
            text.extend_from_slice(&one[at..]);
            Ok(())
        };
        write_parts(out, &[Part::List { len, depth, element: &indented }])
    }

    /// Writes `parts` one after the other, the elements of their lists
    /// formatted in parallel in pieces of [`PIECE`] (see [`in_order`]).
    /// The pieces of all the lists make one stream: the formatting does not
    /// wait at the end of a list for its last piece to be written, nor the
    /// writing at the start of the next for its first piece.
    pub(super) fn write_parts(out: &mut dyn Write, parts: &[Part<'_>]) -> io::Result<()> {
        // the pieces in order: (part, its first element), one for a text
        // or an empty list
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (p, part) in parts.iter().enumerate() {
            let n = match part {
                Part::Text(_) => 1,
                Part::List { len, .. } => len.div_ceil(PIECE).max(1),
            };
            pieces.extend((0..n).map(|k| (p, k * PIECE)));
        }
        let indents: Vec<String> = parts
            .iter()
            .map(|part| match part {
                Part::Text(_) => String::new(),
                Part::List { depth, .. } => "  ".repeat(depth + 1),
            })
            .collect();
        in_order(out, pieces.len(), |k, text| {
            let (p, first) = pieces[k];
            let (len, element) = match &parts[p] {
                Part::Text(t) => {
                    text.extend_from_slice(t.as_bytes());
                    return Ok(());
                }
                Part::List { len: 0, .. } => {
                    text.extend_from_slice(b"[]");
                    return Ok(());
                }
                Part::List { len, element, .. } => (*len, element),
            };
            let indent = indents[p].as_bytes();
            if first == 0 {
                text.push(b'[');
            }
            let end = (first + PIECE).min(len);
            for i in first..end {
                text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                text.extend_from_slice(indent);
                element(i, text, indent)?;
            }
            if end == len {
                text.push(b'\n');
                text.extend_from_slice(&indent[2..]);
                text.push(b']');
            }
            Ok(())
        })
    }

    /// Writes pieces `0..count` to `out`, in order, from this thread, while
    /// the pool's other threads format them (`format(k, buf)` appends
    /// piece `k` to `buf`): each claims the next piece not yet claimed, so
    /// pieces are ready about in order, and no more than [`AHEAD`] are
    /// formatted and not yet written. This thread formats too, whenever the
    /// piece it must write next is not ready. The first error, formatting
    /// or writing, stops the rest and is returned.
    ///
    /// So the work takes as many threads as the pool has, this one counted
    /// (a pool of one thread formats and writes on this thread alone), and
    /// waits for no other thread: the pool's threads may all be busy
    /// elsewhere. `format` must not use the pool (a formatter waiting for
    /// the writer must never be the writer itself, deeper in its stack).
    fn in_order<F>(out: &mut dyn Write, count: usize, format: F) -> io::Result<()>
    where
        F: Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
    {
        let queue = Queue {
            next: AtomicUsize::new(0),
            state: Mutex::new(State { ready: (0..AHEAD).map(|_| None).collect(), written: 0, stopped: false }),
            changed: Condvar::new(),
        };
        let formatters = (rayon::current_num_threads() - 1).min(count);
        rayon::in_place_scope(|s| {
            for _ in 0..formatters {
                s.spawn(|_| queue.format_claimed(count, &format));
            }
            // when the writer is done, fails or panics, the formatters
            // waiting for room stop (the scope waits for them)
            let _stop = Stop(&queue);
            queue.write_all(out, count, &format)
        })
    }

    /// Stops the formatters of a [`Queue`] when dropped.
    struct Stop<'a>(&'a Queue);

    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.lock().stopped = true;
            self.0.changed.notify_all();
        }
    }

    /// The pieces between the formatters and the writer of [`in_order`].
    struct Queue {
        /// The next piece no formatter has claimed.
        next: AtomicUsize,
        state: Mutex<State>,
        /// Signalled when a piece is ready, one is written, or the writer
        /// stops.
        changed: Condvar,
    }

    struct State {
        /// Piece `k`, formatted and not yet written, at `k % AHEAD`.
        ready: Vec<Option<io::Result<Vec<u8>>>>,
        /// The pieces written so far.
        written: usize,
        /// The writer is done or failed: formatters stop.
        stopped: bool,
    }

    /// Marks a claimed piece failed if its formatter panics, so that the
    /// writer, waiting for it, stops rather than waits forever (the panic
    /// itself reaches the caller through the scope).
    struct Claim<'a> {
        queue: &'a Queue,
        piece: Option<usize>,
    }

    impl Drop for Claim<'_> {
        fn drop(&mut self) {
            if let Some(k) = self.piece {
                self.queue.put(k, Err(io::Error::other("formatting a piece of the output failed")));
            }
        }
    }

    impl Queue {
        fn lock(&self) -> std::sync::MutexGuard<'_, State> {
            self.state.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn wait<'a>(&self, state: std::sync::MutexGuard<'a, State>) -> std::sync::MutexGuard<'a, State> {
            self.changed.wait(state).unwrap_or_else(PoisonError::into_inner)
        }

        /// A formatter: claims pieces in turn and formats each once there
        /// is room for it, until none is left or the writer stops.
        fn format_claimed<F>(&self, count: usize, format: &F)
        where
            F: Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
        {
            loop {
                let k = self.next.fetch_add(1, Ordering::Relaxed);
                if k >= count {
                    return;
                }
                let mut state = self.lock();
                while k >= state.written + AHEAD && !state.stopped {
                    state = self.wait(state);
                }
                if state.stopped {
                    return;
                }
                drop(state);
                self.format_one(k, format);
            }
        }

        /// Formats piece `k`, claimed, and puts it where the writer finds
        /// it.
        fn format_one<F>(&self, k: usize, format: &F)
        where
            F: Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
        {
            let mut claim = Claim { queue: self, piece: Some(k) };
            let mut text = Vec::new();
            let formatted = format(k, &mut text).map(|()| text);
            claim.piece = None;
            self.put(k, formatted);
        }

        fn put(&self, k: usize, piece: io::Result<Vec<u8>>) {
            self.lock().ready[k % AHEAD] = Some(piece);
            self.changed.notify_all();
        }

        /// The writer: writes the pieces in order as they come, and formats
        /// the next unclaimed piece itself rather than wait, when there is
        /// room for it.
        fn write_all<F>(&self, out: &mut dyn Write, count: usize, format: &F) -> io::Result<()>
        where
            F: Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
        {
            for k in 0..count {
                let piece = loop {
                    let mut state = self.lock();
                    if let Some(piece) = state.ready[k % AHEAD].take() {
                        break piece;
                    }
                    let room = k + AHEAD;
                    let next = |j: usize| (j < count && j < room).then_some(j + 1);
                    if let Ok(j) = self.next.fetch_update(Ordering::Relaxed, Ordering::Relaxed, next) {
                        drop(state);
                        self.format_one(j, format);
                        continue;
                    }
                    drop(self.wait(state));
                };
                out.write_all(&piece?)?;
                self.lock().written = k + 1;
                self.changed.notify_all();
            }
            Ok(())
        }
    }
    #[cfg(test)]
    mod tests {
        use serde_json::json;

        /// Runs `f` on this thread (outside any pool: the global pool's
        /// threads format beside it), then on a thread of a pool of one (it
        /// formats every piece itself) and of three threads.
        fn on_every_thread(f: impl Fn(&str) + Sync) {
            f("outside the pool");
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
                pool.install(|| f(&format!("in a pool of {threads}")));
            }
        }

        #[test]
        fn lists_in_parallel_pieces_read_as_serde_json_writes_them() {
            // more elements than the pieces formatted ahead, objects holding
            // lists, strings with escaped line breaks; and the empty list
            on_every_thread(|on| {
                for len in [0, 1, 3, super::PIECE, super::PIECE * super::AHEAD * 2 + 7] {
                    let items: Vec<serde_json::Value> = (0..len)
                        .map(|i| json!({"i": i, "text": format!("line\nbreak {i}"), "list": [i, i + 1], "none": []}))
                        .collect();
                    for depth in 0..3 {
                        // the list as the value of `depth` nested objects
                        let mut value = serde_json::Value::Array(items.clone());
                        for _ in 0..depth {
                            value = json!({ "key": value });
                        }
                        let mut out = Vec::new();
                        for k in 0..depth {
                            out.extend_from_slice(format!("{{\n{}\"key\": ", "  ".repeat(k + 1)).as_bytes());
                        }
                        super::seq(&mut out, len, depth, |i, buf| Ok(serde_json::to_writer_pretty(buf, &items[i])?))
                            .expect("written");
                        for k in (0..depth).rev() {
                            out.extend_from_slice(format!("\n{}}}", "  ".repeat(k)).as_bytes());
                        }
                        let expected = serde_json::to_string_pretty(&value).expect("json");
                        let got = String::from_utf8(out).expect("utf-8");
                        assert_eq!(got, expected, "{len} elements at depth {depth}, {on}");
                    }
                }
            });
        }

        #[test]
        fn parts_are_written_one_after_the_other() {
            // texts between lists of several pieces, one piece and none
            let long = |i: usize, buf: &mut Vec<u8>, _: &[u8]| -> std::io::Result<()> {
                buf.extend_from_slice(i.to_string().as_bytes());
                Ok(())
            };
            let lens = [super::PIECE * 3 + 1, 2, 0];
            on_every_thread(|on| {
                use super::Part::{List, Text};
                let mut out = Vec::new();
                let parts = [
                    Text("{\"a\": ".into()),
                    List { len: lens[0], depth: 0, element: &long },
                    Text(", \"b\": ".into()),
                    List { len: lens[1], depth: 0, element: &long },
                    Text(", \"c\": ".into()),
                    List { len: lens[2], depth: 0, element: &long },
                    Text("}".into()),
                ];
                super::write_parts(&mut out, &parts).expect("written");
                let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
                for (key, len) in ["a", "b", "c"].into_iter().zip(lens) {
                    assert_eq!(v[key], json!((0..len).collect::<Vec<_>>()), "list {key}, {on}");
                }
            });
        }

        /// A writer that fails once it has taken `limit` bytes.
        struct Full {
            taken: usize,
            limit: usize,
        }

        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.taken + buf.len() > self.limit {
                    return Err(std::io::Error::other("disk full"));
                }
                self.taken += buf.len();
                Ok(buf.len())
            }

            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        #[test]
        fn the_first_error_stops_the_writing_and_is_returned() {
            let len = super::PIECE * super::AHEAD * 3;
            on_every_thread(|on| {
                // an element that cannot be formatted, far into the list
                let bad = super::PIECE * 20 + 5;
                let element = |i: usize, buf: &mut Vec<u8>| -> std::io::Result<()> {
                    if i == bad {
                        return Err(std::io::Error::other("element 20485"));
                    }
                    buf.push(b'1');
                    Ok(())
                };
                let mut out = Vec::new();
                let e = super::seq(&mut out, len, 0, element).expect_err("an element failed");
                assert_eq!(e.to_string(), "element 20485", "{on}");
                // everything before that element's piece was written, nothing after
                assert_eq!(out.iter().filter(|&&b| b == b'1').count(), super::PIECE * 20, "{on}");
                // a writer that fails
                let mut out = Full { taken: 0, limit: 10_000 };
                let one = |_: usize, buf: &mut Vec<u8>| -> std::io::Result<()> {
                    buf.push(b'1');
                    Ok(())
                };
                let e = super::seq(&mut out, len, 0, one).expect_err("the writer failed");
                assert_eq!(e.to_string(), "disk full", "{on}");
            });
        }

        #[test]
        fn a_formatter_that_panics_does_not_leave_the_writer_waiting() {
            let len = super::PIECE * super::AHEAD * 2;
            on_every_thread(|on| {
                let panicked = std::panic::catch_unwind(|| {
                    let mut out = Vec::new();
                    let _ = super::seq(&mut out, len, 0, |i, buf| {
                        assert!(i != super::PIECE * 3, "element {i}");
                        buf.push(b'1');
                        Ok(())
                    });
                });
                assert!(panicked.is_err(), "{on}");
            });
        }
    }
}

/// Writes one segmented document as pretty JSON, streamed as
/// [`write_json`] is: `{"lang", "sentences": [...], "utterances": [...],
/// "marks": [...]}`, the sentences as in [`write_json`], each utterance with
/// `start`, `end` (byte offsets), `kind` (`turn`, `prose`,
/// `stagedirection`, `heading`, `separator`), `speaker` and `aside`
/// (`null` when none), and `sentences` and `paragraphs` (half-open index
/// ranges, `[first, end]`), and each piece of page furniture
/// ([`Document::marks`](crate::Document::marks)) with `start`, `end`,
/// `kind` (`page`, `footnote`) and `text`.
/// This is what `bitext segment --format json` prints; field names are a
/// contract.
///
/// ```
/// use bitext::{export, Document, Lang};
/// let text = "VYSHINSKY: So you were spies? Answer.\n\nBUKHARIN: No.\n\nVYSHINSKY: Sit down.\n";
/// let doc = Document::segment(text, Lang::English);
/// let mut out = Vec::new();
/// export::write_document_json(&doc, &mut out)?;
/// let v: serde_json::Value = serde_json::from_slice(&out)?;
/// assert_eq!(v["sentences"][1]["text"], "Answer.");
/// assert_eq!(v["utterances"][0]["speaker"], "VYSHINSKY");
/// assert_eq!(v["utterances"][0]["sentences"], serde_json::json!([0, 2]));
/// assert_eq!(v["utterances"][1]["speaker"], "BUKHARIN");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When writing fails.
pub fn write_document_json(doc: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &stream::DocumentJson(doc))?;
    writeln!(out)
}

/// Writes one alignment as one line of compact JSON: the `leading` fields
/// first (a document's `id` and the fields passed through), then `src`,
/// `tgt` and `pairs` exactly as [`write_json`] writes them, then a line
/// break. This is a line of `bitext batch`'s output.
pub(crate) fn write_json_line(
    leading: &[(&str, &serde_json::Value)],
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &stream::Record { leading, inner: stream::AlignmentJson { a, src, tgt } })?;
    writeln!(out)
}

/// The JSON values of this module as `Serialize` types over borrowed
/// data: a writer streams them, element after element.
mod stream {
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

    use super::round;
    use crate::{Alignment, Bead, Document};

    /// A document's language and sentences.
    pub(super) struct Side<'a, 'd>(pub &'a Document<'d>);

    impl Serialize for Side<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry("lang", self.0.lang().code())?;
            m.serialize_entry("sentences", &Sentences(self.0))?;
            m.end()
        }
    }

    /// A document's language, sentences and utterances.
    pub(super) struct DocumentJson<'a, 'd>(pub &'a Document<'d>);

    impl Serialize for DocumentJson<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(4))?;
            m.serialize_entry("lang", self.0.lang().code())?;
            m.serialize_entry("sentences", &Sentences(self.0))?;
            m.serialize_entry("utterances", &Utterances(self.0))?;
            m.serialize_entry("marks", &Marks(self.0))?;
            m.end()
        }
    }

    struct Sentences<'a, 'd>(&'a Document<'d>);

    impl Serialize for Sentences<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let doc = self.0;
            let mut seq = s.serialize_seq(Some(doc.len()))?;
            for i in 0..doc.len() {
                with_sentence(doc, i, |f| seq.serialize_element(f))?;
            }
            seq.end()
        }
    }

    /// Calls `f` with the fields of sentence `i` of `doc`.
    pub(super) fn with_sentence<R>(doc: &Document<'_>, i: usize, f: impl FnOnce(&Fields<'_>) -> R) -> R {
        let x = &doc.sentences()[i];
        f(&Fields(&[
            ("start", Field::Int(x.start())),
            ("end", Field::Int(x.end())),
            ("body_start", Field::Int(x.body_start())),
            ("chars", Field::Int(x.chars())),
            ("speaker", Field::Text(doc.speaker(i))),
            ("kind", Field::Text(Some(x.kind().as_str()))),
            ("utterance", Field::Int(x.utterance())),
            ("paragraph", Field::Int(x.paragraph())),
            ("text", Field::Text(Some(doc.sentence_text(i)))),
        ]))
    }

    struct Utterances<'a, 'd>(&'a Document<'d>);

    impl Serialize for Utterances<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let doc = self.0;
            let mut seq = s.serialize_seq(Some(doc.utterances().len()))?;
            for u in doc.utterances() {
                let kind = format!("{:?}", u.kind()).to_lowercase();
                let (sentences, paragraphs) = (u.sentences(), u.paragraphs());
                seq.serialize_element(&Fields(&[
                    ("start", Field::Int(u.start())),
                    ("end", Field::Int(u.end())),
                    ("kind", Field::Text(Some(&kind))),
                    ("speaker", Field::Text(u.speaker())),
                    ("aside", Field::Text(u.aside().map(|r| &doc.text()[r]))),
                    ("sentences", Field::Pair(sentences.start, sentences.end)),
                    ("paragraphs", Field::Pair(paragraphs.start, paragraphs.end)),
                ]))?;
            }
            seq.end()
        }
    }

    /// A document's page furniture (page numbers, footnote marks).
    struct Marks<'a, 'd>(&'a Document<'d>);

    impl Serialize for Marks<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let doc = self.0;
            let mut seq = s.serialize_seq(Some(doc.marks().len()))?;
            for m in doc.marks() {
                let span = m.span();
                seq.serialize_element(&Fields(&[
                    ("start", Field::Int(span.start)),
                    ("end", Field::Int(span.end)),
                    ("kind", Field::Text(Some(m.kind().as_str()))),
                    ("text", Field::Text(Some(&doc.text()[span]))),
                ]))?;
            }
            seq.end()
        }
    }

    /// An alignment with both documents.
    pub(super) struct AlignmentJson<'a, 'd> {
        pub a: &'a Alignment,
        pub src: &'a Document<'d>,
        pub tgt: &'a Document<'d>,
    }

    impl Serialize for AlignmentJson<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("src", &Side(self.src))?;
            m.serialize_entry("tgt", &Side(self.tgt))?;
            m.serialize_entry("pairs", &Beads(self.a))?;
            m.end()
        }
    }

    /// Some fields, then those of an alignment, in one object.
    pub(super) struct Record<'a, 'd> {
        pub leading: &'a [(&'a str, &'a serde_json::Value)],
        pub inner: AlignmentJson<'a, 'd>,
    }

    impl Serialize for Record<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.leading.len() + 3))?;
            for (key, value) in self.leading {
                m.serialize_entry(key, value)?;
            }
            m.serialize_entry("src", &Side(self.inner.src))?;
            m.serialize_entry("tgt", &Side(self.inner.tgt))?;
            m.serialize_entry("pairs", &Beads(self.inner.a))?;
            m.end()
        }
    }

    struct Beads<'a>(&'a Alignment);

    impl Serialize for Beads<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let beads = self.0.beads();
            let mut seq = s.serialize_seq(Some(beads.len()))?;
            for b in beads {
                with_bead(b, |f| seq.serialize_element(f))?;
            }
            seq.end()
        }
    }

    /// Calls `f` with the fields of bead `b`.
    pub(super) fn with_bead<R>(b: &Bead, f: impl FnOnce(&Fields<'_>) -> R) -> R {
        let kind = format!("{}:{}", b.src().len(), b.tgt().len());
        f(&Fields(&[
            ("src", Field::Indices(b.src())),
            ("tgt", Field::Indices(b.tgt())),
            ("score", Field::Float(round(b.confidence()))),
            ("cost", Field::Float(round(b.cost()))),
            ("kind", Field::Text(Some(&kind))),
        ]))
    }

    /// A JSON object written field by field, in this order.
    pub(super) struct Fields<'a>(&'a [(&'static str, Field<'a>)]);

    /// The value of one field.
    enum Field<'a> {
        Int(usize),
        /// A number that is written `null` when it is not finite, as
        /// `serde_json::Value` does.
        Float(f64),
        /// A string, or `null`.
        Text(Option<&'a str>),
        /// `[a, b]`.
        Pair(usize, usize),
        /// The indices of a range, as a list.
        Indices(std::ops::Range<usize>),
    }

    impl Fields<'_> {
        /// Appends the object to `buf` as `serde_json::to_writer_pretty`
        /// writes it, byte for byte, with `indent` after each line break
        /// (the object at that depth), without going through serde: for the
        /// thousands of sentences and beads of [`write_json`](super::write_json)
        /// serde's pretty printer costs more than the text it prints.
        pub(super) fn write_pretty(&self, buf: &mut Vec<u8>, indent: &[u8]) {
            if self.0.is_empty() {
                buf.extend_from_slice(b"{}");
                return;
            }
            // a line break, `indent` and `more` spaces
            let line = |buf: &mut Vec<u8>, more: &[u8]| {
                buf.push(b'\n');
                buf.extend_from_slice(indent);
                buf.extend_from_slice(more);
            };
            buf.push(b'{');
            for (k, (key, value)) in self.0.iter().enumerate() {
                if k > 0 {
                    buf.push(b',');
                }
                line(buf, b"  ");
                push_json_str(buf, key);
                buf.extend_from_slice(b": ");
                // a list of numbers, `[]` when empty
                let list = |buf: &mut Vec<u8>, items: &mut dyn ExactSizeIterator<Item = usize>| {
                    if items.len() == 0 {
                        buf.extend_from_slice(b"[]");
                        return;
                    }
                    buf.push(b'[');
                    for (j, x) in items.enumerate() {
                        if j > 0 {
                            buf.push(b',');
                        }
                        line(buf, b"    ");
                        super::push_decimal(buf, x);
                    }
                    line(buf, b"  ]");
                };
                match value {
                    Field::Int(x) => super::push_decimal(buf, *x),
                    // serde_json's own formatting: its shortest round trip
                    Field::Float(x) if x.is_finite() => {
                        serde_json::to_writer(&mut *buf, x).expect("a Vec takes any number");
                    }
                    Field::Float(_) | Field::Text(None) => buf.extend_from_slice(b"null"),
                    Field::Text(Some(t)) => push_json_str(buf, t),
                    Field::Pair(a, b) => list(buf, &mut [*a, *b].into_iter()),
                    Field::Indices(r) => list(buf, &mut r.clone()),
                }
            }
            line(buf, b"}");
        }
    }

    /// Appends `s` as a JSON string, escaped as `serde_json` escapes it:
    /// `"` and `\\` with a backslash, the control characters below U+0020
    /// as `\b \t \n \f \r` or `\u00XX`, everything else as it is.
    pub(super) fn push_json_str(buf: &mut Vec<u8>, s: &str) {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        buf.push(b'"');
        let bytes = s.as_bytes();
        // most texts have nothing to escape: chunks are tested whole (a
        // test the compiler runs on many bytes at once) and copied in one
        // piece with those before them
        const CHUNK: usize = 32;
        let mut at = 0;
        for (k, chunk) in bytes.chunks(CHUNK).enumerate() {
            if !chunk.iter().fold(false, |acc, &b| acc | needs(b)) {
                continue;
            }
            for (j, &b) in chunk.iter().enumerate() {
                if !needs(b) {
                    continue;
                }
                let i = k * CHUNK + j;
                buf.extend_from_slice(&bytes[at..i]);
                match b {
                    b'"' => buf.extend_from_slice(b"\\\""),
                    b'\\' => buf.extend_from_slice(b"\\\\"),
                    0x08 => buf.extend_from_slice(b"\\b"),
                    b'\t' => buf.extend_from_slice(b"\\t"),
                    b'\n' => buf.extend_from_slice(b"\\n"),
                    0x0c => buf.extend_from_slice(b"\\f"),
                    b'\r' => buf.extend_from_slice(b"\\r"),
                    _ => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        buf.extend_from_slice(b"\\u00");
                        buf.push(HEX[usize::from(b >> 4)]);
                        buf.push(HEX[usize::from(b & 0xf)]);
                    }
                }
                at = i + 1;
            }
        }
        buf.extend_from_slice(&bytes[at..]);
        buf.push(b'"');
    }

    impl Serialize for Fields<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (key, value) in self.0 {
                m.serialize_entry(key, value)?;
            }
            m.end()
        }
    }

    impl Serialize for Field<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Field::Int(x) => s.serialize_u64(*x as u64),
                Field::Float(x) if x.is_finite() => s.serialize_f64(*x),
                Field::Float(_) => s.serialize_unit(),
                Field::Text(Some(t)) => s.serialize_str(t),
                Field::Text(None) => s.serialize_unit(),
                Field::Pair(a, b) => s.collect_seq([*a as u64, *b as u64]),
                Field::Indices(r) => s.collect_seq(r.clone().map(|i| i as u64)),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::{push_json_str, Field, Fields};

        fn same_as_serde(fields: &[(&'static str, Field<'_>)]) {
            let f = Fields(fields);
            let serde = String::from_utf8(serde_json::to_vec_pretty(&f).expect("json")).expect("utf-8");
            // at depth 0, and deeper: a string never holds a raw line break
            for indent in ["", "  ", "      "] {
                let mut mine = Vec::new();
                f.write_pretty(&mut mine, indent.as_bytes());
                let expected = serde.replace('\n', &format!("\n{indent}"));
                assert_eq!(String::from_utf8(mine).expect("utf-8"), expected);
            }
        }

        #[test]
        fn objects_read_as_serde_json_writes_them() {
            let every_byte: String = (0u8..0x80).map(char::from).collect();
            let texts = [
                "",
                "plain",
                "«Иисуса» — \"quoted\" \\ back\tslash\r\n",
                &every_byte,
                "\u{7f}\u{80}\u{2028}\u{feff}😀",
            ];
            for t in texts {
                same_as_serde(&[("text", Field::Text(Some(t))), ("none", Field::Text(None))]);
            }
            for x in [0.0, -0.0, 1.0, 0.871234, 1e-7, 1e-6, 123456.789, 1e300, f64::NAN, f64::INFINITY, -1.5] {
                same_as_serde(&[("score", Field::Float(super::super::round(x))), ("raw", Field::Float(x))]);
            }
            same_as_serde(&[]);
            same_as_serde(&[
                ("start", Field::Int(0)),
                ("end", Field::Int(usize::MAX)),
                ("src", Field::Indices(3..3)),
                ("tgt", Field::Indices(7..10)),
                ("one", Field::Indices(12..13)),
                ("pair", Field::Pair(4, 5)),
            ]);
        }

        #[test]
        fn strings_read_as_serde_json_escapes_them() {
            for c in (0u32..0x100).filter_map(char::from_u32) {
                let s = format!("a{c}b{c}");
                // the character at every place of a chunk and across chunks
                for k in [0, 1, 31, 32, 33, 63, 64, 100] {
                    let s = format!("{}{c}{}\"{c}", "ж".repeat(k / 2), "x".repeat(k));
                    let mut mine = Vec::new();
                    push_json_str(&mut mine, &s);
                    assert_eq!(mine, serde_json::to_vec(&s).expect("json"), "{c:?} {k}");
                }
                let mut mine = Vec::new();
                push_json_str(&mut mine, &s);
                assert_eq!(mine, serde_json::to_vec(&s).expect("json"), "{c:?}");
            }
        }
    }
}

/// Writes one bead a line: source text, target text, confidence, separated
/// by tabs (tabs and line breaks inside the texts become spaces).
///
/// # Errors
/// When writing fails.
pub fn write_tsv(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    a.check_documents(src, tgt).map_err(invalid_input)?;
    write_tsv_rows(a, src, tgt, None, out)
}

/// The rows of [`write_tsv`], each after a first column `document` when
/// one is given (its tabs and line breaks turned into spaces).
pub(crate) fn write_tsv_rows(
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    document: Option<&str>,
    out: &mut impl Write,
) -> io::Result<()> {
    let document = document.map(|d| d.replace(['\t', '\n', '\r'], " "));
    for b in a.beads() {
        let s = joined(src, b.src());
        let t = joined(tgt, b.tgt());
        if let Some(d) = &document {
            write!(out, "{d}\t")?;
        }
        writeln!(out, "{s}\t{t}\t{:.4}", b.confidence())?;
    }
    Ok(())
}

fn joined(doc: &Document<'_>, r: std::ops::Range<usize>) -> String {
    let parts: Vec<String> = r.map(|i| doc.sentence_clean_text(i).replace('\t', " ")).collect();
    parts.join(" ")
}

/// Writes the Vecalign ladder: one bead a line, `[0, 1]:[2]:0.871234`,
/// 0-based sentence indices and the bead's confidence.
///
/// # Errors
/// When writing fails.
pub fn write_vecalign(a: &Alignment, out: &mut impl Write) -> io::Result<()> {
    // the indices are written by hand into one line buffer: a String for
    // each index and a joined String for each side, formatted through
    // `fmt`, cost more than the rest of the line; the confidence still goes
    // through `fmt`, whose rounding is the format's
    let mut line = Vec::with_capacity(64);
    for b in a.beads() {
        line.clear();
        line.push(b'[');
        push_indices(&mut line, b.src());
        line.extend_from_slice(b"]:[");
        push_indices(&mut line, b.tgt());
        line.extend_from_slice(b"]:");
        out.write_all(&line)?;
        writeln!(out, "{:.6}", b.confidence())?;
    }
    Ok(())
}

/// Appends the indices `r`, `", "` between two, in decimal.
fn push_indices(line: &mut Vec<u8>, r: std::ops::Range<usize>) {
    for i in r.clone() {
        if i > r.start {
            line.extend_from_slice(b", ");
        }
        push_decimal(line, i);
    }
}

/// Appends `n` in decimal, as `n.to_string()` writes it.
fn push_decimal(line: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[k..]);
}

/// An export format of `bitext align --format`.
///
/// ```
/// use bitext::export::Format;
/// let f: Format = "tmx".parse()?;
/// assert_eq!(f, Format::Tmx);
/// assert_eq!(f.extension(), "tmx");
/// let err = "xlsx".parse::<Format>().unwrap_err();
/// assert!(err.to_string().contains("json, jsonl, tsv, vecalign, tmx, html"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Format {
    /// Both sides' sentences and every bead ([`write_json`]).
    Json,
    /// One bead a line with its texts ([`write_jsonl`]).
    Jsonl,
    /// Source text, target text, confidence ([`write_tsv`]).
    Tsv,
    /// The Vecalign ladder ([`write_vecalign`]).
    Vecalign,
    /// TMX 1.4b ([`write_tmx`]).
    Tmx,
    /// One self-contained page ([`write_html`]).
    Html,
}

impl Format {
    /// Every format, in the order of the `--format` help.
    pub const ALL: [Format; 6] =
        [Format::Json, Format::Jsonl, Format::Tsv, Format::Vecalign, Format::Tmx, Format::Html];

    /// The name on the command line (`json`, `jsonl`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Tsv => "tsv",
            Format::Vecalign => "vecalign",
            Format::Tmx => "tmx",
            Format::Html => "html",
        }
    }

    /// The usual file name extension (`vecalign` gives `txt`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Vecalign => "txt",
            f => f.as_str(),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> crate::Result<Format> {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| Error::unknown("format", s, &names))
    }
}

/// Writes the alignment in `format` (HTML with the default
/// [`HtmlOptions`]).
///
/// # Errors
/// When writing fails.
pub fn write(
    format: Format,
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(a, src, tgt, out),
        Format::Jsonl => write_jsonl(a, src, tgt, out),
        Format::Tsv => write_tsv(a, src, tgt, out),
        Format::Vecalign => write_vecalign(a, out),
        Format::Tmx => write_tmx(a, src, tgt, out),
        Format::Html => write_html(a, src, tgt, out),
    }
}

fn span_json(r: &Option<Range<usize>>) -> (serde_json::Value, serde_json::Value) {
    match r {
        Some(r) => (json!(r.start), json!(r.end)),
        None => (serde_json::Value::Null, serde_json::Value::Null),
    }
}

/// See the public writer that uses it for the fields.
pub(crate) fn pair_json(p: &Pair) -> serde_json::Value {
    let (ss, se) = span_json(&p.src.span);
    let (ts, te) = span_json(&p.tgt.span);
    json!({
        "bead": p.bead,
        "src": p.src.sentences.clone().collect::<Vec<_>>(),
        "tgt": p.tgt.sentences.clone().collect::<Vec<_>>(),
        "score": round(p.confidence),
        "cost": round(p.cost),
        "kind": format!("{}:{}", p.src.sentences.len(), p.tgt.sentences.len()),
        "src_text": p.src.text,
        "tgt_text": p.tgt.text,
        "src_speaker": p.src.speaker,
        "tgt_speaker": p.tgt.speaker,
        "src_start": ss,
        "src_end": se,
        "tgt_start": ts,
        "tgt_end": te,
    })
}

/// Writes JSON Lines: one bead a line, in order.
/// The JSON form of a [`Pair`]: the fields of a pair of
/// [`write_json`] (`src`, `tgt`, `score`, `cost`, `kind`) plus `bead`,
/// the texts (`src_text`, `tgt_text`), speakers (`src_speaker`,
/// `tgt_speaker`, `null` when none) and byte spans (`src_start`,
/// `src_end`, `tgt_start`, `tgt_end`: from the first sentence's own text to
/// the end of the last; `null` for an empty side).
///
/// ```
/// use bitext::{export, Aligner, AlignConfig, Document, Lang};
/// let ru = Document::segment("Суд идет. Прошу встать.\n", Lang::Russian);
/// let en = Document::segment("The Court is coming. Please rise.\n", Lang::English);
/// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
/// let mut out = Vec::new();
/// export::write_jsonl(&a, &ru, &en, &mut out)?;
/// let first: serde_json::Value = serde_json::from_str(String::from_utf8(out)?.lines().next().unwrap())?;
/// assert_eq!(first["src_text"], "Суд идет.");
/// assert_eq!(first["tgt_text"], "The Court is coming.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When writing fails.
pub fn write_jsonl(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    for p in pairs(a, src, tgt).map_err(invalid_input)? {
        serde_json::to_writer(&mut *out, &pair_json(&p))?;
        writeln!(out)?;
    }
    Ok(())
}

/// The short label of a finding on the HTML page and in the plot's
/// tooltips (`only in en (3 sent.)`, `low confidence 0.42`, ...), with the
/// page's CSS class of its kind; `sl` and `tl` are the languages' codes.
pub(crate) fn finding_label(f: &Finding, sl: &str, tl: &str) -> (String, &'static str) {
    match &f.issue {
        Issue::OneEditionOnly { edition, sentences, .. } => {
            let lang = edition.pick(sl, tl);
            (format!("only in {lang} ({sentences} sent.)"), "f-only")
        }
        Issue::LowConfidence => (format!("low confidence {:.2}", f.confidence), "f-low"),
        Issue::SpeakerMismatch { src_speaker, tgt_speaker, .. } => {
            (format!("speakers: {src_speaker} ~ {tgt_speaker}"), "f-speaker")
        }
        Issue::NumberMismatch { src_only, tgt_only } => {
            let list = |v: &[Number]| v.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join(", ");
            (format!("numbers: {sl} {} / {tl} {}", list(src_only), list(tgt_only)), "f-number")
        }
    }
}

/// Escapes text for XML and HTML (`&`, `<`, `>`, `"`, `'`) and drops the
/// characters XML 1.0 does not allow (control characters other than tab
/// and line breaks, U+FFFE, U+FFFF).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes TMX 1.4b: one `<tu>` per bead, in order, `tuid` the bead's index
/// (as in the JSON `pairs`), with one `<tuv xml:lang="..">` per edition
/// that has text in the bead (the languages' ISO 639-1 codes, `srclang` the
/// source's). Properties: `x-confidence` and `x-kind` on every unit,
/// `x-speaker` and `x-sentences` (indices, `3` or `3-4`) on each variant.
///
/// **Omissions**: a bead present in one edition only (1:0 or 0:1) is kept,
/// so that units and beads correspond one to one, as a `<tu>` with a single
/// `<tuv>` and the property `x-missing` naming the language that lacks it.
/// TMX allows a unit with one variant; a tool that wants pairs only can
/// drop the units with `x-missing`. Texts are the sentences' own texts
/// (speaker labels live in `x-speaker`), line breaks turned into spaces.
/// No DOCTYPE is written, so that XML readers that refuse DTDs read it.
///
/// # Errors
/// When writing fails.
pub fn write_tmx(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    write_tmx_header(src.lang().code(), out)?;
    write_tmx_units(a, src, tgt, None, out)?;
    write_tmx_footer(out)
}

/// The start of a TMX file, up to `<body>`, with `srclang` in its header
/// (`*all*` when the units have several source languages).
pub(crate) fn write_tmx_header(srclang: &str, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="bitext" creationtoolversion="{}" datatype="plaintext" segtype="sentence" adminlang="en" srclang="{}" o-tmf="bitext"/>"#,
        env!("CARGO_PKG_VERSION"),
        escape(srclang)
    )?;
    writeln!(out, "  <body>")
}

/// The end of a TMX file.
pub(crate) fn write_tmx_footer(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")
}

/// The `<tu>` units of one alignment (see [`write_tmx`]); with `document`,
/// each unit's `tuid` is `DOCUMENT:BEAD` and it has the property
/// `x-document`.
pub(crate) fn write_tmx_units(
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    document: Option<&str>,
    out: &mut impl Write,
) -> io::Result<()> {
    let (sl, tl) = (src.lang().code(), tgt.lang().code());
    for p in pairs(a, src, tgt).map_err(invalid_input)? {
        match document {
            Some(d) => {
                writeln!(out, r#"    <tu tuid="{}:{}">"#, escape(d), p.bead)?;
                writeln!(out, r#"      <prop type="x-document">{}</prop>"#, escape(d))?;
            }
            None => writeln!(out, r#"    <tu tuid="{}">"#, p.bead)?,
        }
        writeln!(out, r#"      <prop type="x-confidence">{:.4}</prop>"#, p.confidence)?;
        let (k1, k2) = p.kind();
        writeln!(out, r#"      <prop type="x-kind">{k1}:{k2}</prop>"#)?;
        if p.src.is_empty() || p.tgt.is_empty() {
            writeln!(out, r#"      <prop type="x-missing">{}</prop>"#, if p.src.is_empty() { sl } else { tl })?;
        }
        for (side, lang) in [(&p.src, sl), (&p.tgt, tl)] {
            if side.is_empty() {
                continue;
            }
            writeln!(out, r#"      <tuv xml:lang="{lang}">"#)?;
            if let Some(s) = &side.speaker {
                writeln!(out, r#"        <prop type="x-speaker">{}</prop>"#, escape(s))?;
            }
            let r = &side.sentences;
            let ids = if r.len() == 1 { r.start.to_string() } else { format!("{}-{}", r.start, r.end - 1) };
            writeln!(out, r#"        <prop type="x-sentences">{ids}</prop>"#)?;
            writeln!(out, "        <seg>{}</seg>", escape(&side.text))?;
            writeln!(out, "      </tuv>")?;
        }
        writeln!(out, "    </tu>")?;
    }
    Ok(())
}

fn numbers_json(v: &[Number]) -> serde_json::Value {
    v.iter().map(|n| json!({"start": n.span.start, "end": n.span.end, "text": n.text, "value": n.value})).collect()
}

/// See the public writer that uses it for the fields.
pub(crate) fn audit_json(report: &Audit, src: &Document<'_>, tgt: &Document<'_>) -> serde_json::Value {
    let s = &report.summary;
    let extent = |e: &crate::audit::Extent| json!({"passages": e.passages, "sentences": e.sentences, "chars": e.chars});
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let mut v = json!({
                "kind": f.issue.as_str(),
                "beads": f.beads.clone().collect::<Vec<_>>(),
                "src": f.src.sentences.clone().collect::<Vec<_>>(),
                "tgt": f.tgt.sentences.clone().collect::<Vec<_>>(),
                "src_text": f.src.text,
                "tgt_text": f.tgt.text,
                "src_speaker": f.src.speaker,
                "tgt_speaker": f.tgt.speaker,
                "confidence": round(f.confidence),
            });
            let extra = match &f.issue {
                Issue::OneEditionOnly { edition, sentences, chars, turns } => json!({
                    "edition": edition.as_str(),
                    "lang": edition.pick(src, tgt).lang().code(),
                    "sentences": sentences,
                    "chars": chars,
                    "turns": turns,
                }),
                Issue::LowConfidence => json!({}),
                Issue::SpeakerMismatch { expected_tgt, expected_src, .. } => {
                    json!({"expected_tgt": expected_tgt, "expected_src": expected_src})
                }
                Issue::NumberMismatch { src_only, tgt_only } => {
                    json!({"src_only": numbers_json(src_only), "tgt_only": numbers_json(tgt_only)})
                }
            };
            if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
                obj.extend(more);
            }
            v
        })
        .collect();
    json!({
        "src_lang": src.lang().code(),
        "tgt_lang": tgt.lang().code(),
        "summary": {
            "beads": s.beads,
            "src_sentences": s.src_sentences,
            "tgt_sentences": s.tgt_sentences,
            "mean_confidence": round(s.mean_confidence),
            "src_only": extent(&s.src_only),
            "tgt_only": extent(&s.tgt_only),
            "low_confidence": s.low_confidence,
            "min_confidence": s.min_confidence,
            "speaker_mismatches": s.speaker_mismatches,
            "number_mismatches": s.number_mismatches,
        },
        "speakers": report.speakers.iter().map(|p| json!({"src": p.src, "tgt": p.tgt, "beads": p.beads})).collect::<Vec<_>>(),
        "findings": findings,
    })
}

/// See the public writer that uses it for the fields.
pub(crate) fn hits_json(query: &str, hits: &[Hit], src: &Document<'_>, tgt: &Document<'_>) -> serde_json::Value {
    let hits: Vec<_> = hits
        .iter()
        .map(|h| {
            let doc = h.edition.pick(src, tgt);
            let other = h.edition.other().pick(src, tgt);
            json!({
                "edition": h.edition.as_str(),
                "route": h.route.as_str(),
                "lang": doc.lang().code(),
                "sentence": h.sentence,
                "sentences": [h.sentences.start, h.sentences.end],
                "beads": [h.beads.start, h.beads.end],
                "exact": h.exact,
                "score": h.score,
                "match": h.is_match,
                "found_words": h.found_words,
                "missing_words": h.missing_words,
                "extra_words": h.extra_words,
                "sentence_text": doc.sentence_clean_text(h.sentence),
                "matched": h.matched.iter().map(|r| json!({"start": r.start, "end": r.end, "text": &doc.text()[r.clone()]})).collect::<Vec<_>>(),
                "pair": pair_json(&h.pair),
                "highlights": h.highlights.iter().map(|m| json!({
                    "start": m.span.start,
                    "end": m.span.end,
                    "text": &other.text()[m.span.clone()],
                    "query_word": m.query_word,
                    "via": m.via.as_str(),
                })).collect::<Vec<_>>(),
                "before": h.before.iter().map(pair_json).collect::<Vec<_>>(),
                "after": h.after.iter().map(pair_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "query": query, "src_lang": src.lang().code(), "tgt_lang": tgt.lang().code(), "hits": hits })
}

/// The words of the page's rows for its ranked search: each word written
/// as a span with the id of its key (the stem, or a number's value), and
/// what the script needs to read a query: word forms and keys to ids, the
/// lexicon's pairs, and the names spelled alike in the two scripts.
#[derive(Default)]
struct PageWords {
    /// Key -> id.
    keys: HashMap<String, u32>,
    /// Lower-cased word form -> its key's id.
    forms: HashMap<String, u32>,
    stemmers: HashMap<Lang, crate::lang::WordStemmer>,
}

impl PageWords {
    /// Writes `text` (a row side's text, in `lang`) with its words as
    /// `<span data-k="ID">`, the rest escaped.
    fn write(&mut self, text: &str, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        let stemmer = self.stemmers.entry(lang).or_insert_with(|| lang.stemmer());
        let tokens = crate::query::tokens(text, 0, lang, stemmer);
        let mut pos = 0;
        for t in tokens {
            let next = self.keys.len() as u32;
            let id = *self.keys.entry(t.key).or_insert(next);
            self.forms.entry(t.lower).or_insert(id);
            write!(
                out,
                "{}<span data-k=\"{id}\">{}</span>",
                escape(&text[pos..t.span.start]),
                escape(&text[t.span.clone()])
            )?;
            pos = t.span.end;
        }
        write!(out, "{}", escape(&text[pos..]))
    }

    /// What the page's script reads: `keys` (by id), `forms` (word form ->
    /// id), `pairs` (the alignment's lexicon, as id pairs), `names` (ids
    /// of keys that spell the same name, as groups).
    fn data(&self, a: &Alignment) -> serde_json::Value {
        let mut keys = vec![""; self.keys.len()];
        for (k, &id) in &self.keys {
            keys[id as usize] = k;
        }
        let pairs: Vec<[u32; 2]> = a
            .word_pairs()
            .iter()
            .filter_map(|(s, t)| Some([*self.keys.get(s.as_str())?, *self.keys.get(t.as_str())?]))
            .collect();
        let mut names: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, k) in keys.iter().enumerate() {
            if let Some(name) = crate::query::name_key(k) {
                names.entry(name).or_default().push(id as u32);
            }
        }
        let mut names: Vec<Vec<u32>> = names.into_values().filter(|g| g.len() > 1).collect();
        names.sort();
        let mut forms: Vec<(&String, &u32)> = self.forms.iter().collect();
        forms.sort();
        json!({
            "keys": keys,
            "forms": forms.into_iter().map(|(f, id)| (f.clone(), json!(id))).collect::<serde_json::Map<_, _>>(),
            "pairs": pairs,
            "names": names,
        })
    }
}

/// A library error as the `io::Error` of a writer (documents that are not
/// the ones aligned): kind `InvalidInput`, the library's message.
fn invalid_input(e: Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, e)
}

/// The JSON form of an audit: `{"summary": {...}, "speakers": [{"src",
/// "tgt", "beads"}], "findings": [...]}`. Every finding has `kind`
/// (`one_edition_only`, `low_confidence`, `speaker_mismatch`,
/// `number_mismatch`), `beads` (indices), `src` and `tgt` (sentence
/// indices), `src_text`, `tgt_text`, `src_speaker`, `tgt_speaker`,
/// `confidence` (the lowest of its beads), and by kind: `edition` (`src` or
/// `tgt`), `lang`, `sentences`, `chars`, `turns`; `expected_tgt`,
/// `expected_src` (the speakers' usual counterparts); `src_only` and
/// `tgt_only` (numbers: `start`, `end` byte offsets into the file, `text`
/// as written, `value` normalised).
/// Written pretty (as `bitext audit --format json` prints it), ending in a
/// line break.
///
/// # Errors
/// When writing fails.
pub fn write_audit_json(
    report: &Audit,
    src: &Document<'_>,
    tgt: &Document<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &audit_json(report, src, tgt))?;
    writeln!(out)
}

/// The JSON form of [`find`](crate::find) hits: `{"query", "src_lang",
/// "tgt_lang", "hits": [...]}`. A hit has `edition` (`src` or `tgt`: where
/// the query matched), `route` (`direct`: the query's own words;
/// `translated`: their translations, in the edition in the other
/// language), `lang`, `sentence` (the passage's first sentence),
/// `sentences` and `beads` (`[start, end)` of the passage's sentences and
/// beads), `exact`, `score`, `match` (false only for the closest passage
/// given when nothing matches), `found_words`, `missing_words` (the
/// query's words, as written) and `extra_words` (the passage's words not in
/// the query; through translation, the counterpart's), `sentence_text`
/// (of the first sentence),
/// `matched` (the matching words: `start`, `end` byte offsets into that
/// edition's file, `text`), `pair` (the bead, as a line of [`write_jsonl`]),
/// `highlights` (words of the counterpart that likely translate the
/// query: `start`, `end` byte offsets into the counterpart's file, `text`,
/// `query_word`, `via`: `dictionary`, `lexicon`, `name`, `number` or
/// `same`), and
/// `before` / `after` (the context pairs, as lines of [`write_jsonl`]).
/// Written pretty (as `bitext find --format json` prints it), ending in a
/// line break.
///
/// # Errors
/// When writing fails.
pub fn write_hits_json(
    query: &str,
    hits: &[Hit],
    src: &Document<'_>,
    tgt: &Document<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &hits_json(query, hits, src, tgt))?;
    writeln!(out)
}

/// Settings of the HTML page.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct HtmlOptions {
    /// The page title (default: the two languages, `ru ~ en`).
    pub title: Option<String>,
    /// What the audit flags on the page.
    pub audit: AuditOptions,
}

impl HtmlOptions {
    /// Sets the title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
    /// Sets the audit options.
    pub fn audit(mut self, audit: AuditOptions) -> Self {
        self.audit = audit;
        self
    }
}

/// Writes one self-contained HTML page (inline CSS and JavaScript, nothing
/// fetched from the network) with the default [`HtmlOptions`]; see
/// [`write_html_with`].
///
/// # Errors
/// When writing fails.
pub fn write_html(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    write_html_with(a, src, tgt, &HtmlOptions::default(), out)
}

const HTML_STYLE: &str = include_str!("export/page.css");
const HTML_SCRIPT: &str = include_str!("export/page.js");

/// Writes one self-contained HTML page: the audit summary, the picture of
/// the alignment ([`plot_svg`](crate::plot_svg), its findings and regions
/// links to the rows), a search box, and one row per bead (`<div class="row" data-bead="N">`, in order) with
/// the two editions side by side (stacked on a narrow screen), their
/// speakers, the bead's confidence (rows below 0.9 shaded yellow, below
/// 0.5 red) and the audit's flags.
///
/// The search box keeps the rows that hold every word typed, as a part of
/// a word, on either side or in a speaker's name; it ignores case, `ё`/`е`,
/// quotation marks and dashes. "Flagged only" keeps the rows with a flag.
/// The address may carry the search (`page.html#q=pious%20face`), and the
/// search box keeps it there, so a search can be shared as a link.
///
/// # Errors
/// When writing fails.
pub fn write_html_with(
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    options: &HtmlOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let report = audit(a, src, tgt, &options.audit).map_err(invalid_input)?;
    let (sl, tl) = (src.lang().code(), tgt.lang().code());
    let title = options.title.clone().unwrap_or_else(|| format!("{sl} ~ {tl}"));
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<meta name=\"generator\" content=\"bitext {}\">", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "<title>{}</title>\n<style>\n{HTML_STYLE}</style>\n</head>\n<body>", escape(&title))?;
    writeln!(out, "<header>\n<h1>{}</h1>", escape(&title))?;
    writeln!(out, "<p class=\"summary\">{}</p>\n</header>", html_summary(&report.summary, sl, tl))?;
    let plot = crate::plot::PlotOptions::default().audit(options.audit.clone()).links("");
    let svg = crate::plot::svg_with_audit(a, src, tgt, &report, &plot).map_err(invalid_input)?;
    // SVG inside HTML needs no namespace: the page names no address at all
    let svg = svg.replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1);
    writeln!(out, "<figure class=\"plot\">\n{svg}<figcaption>Source sentences across, target sentences up; click a region or a finding to go to its rows.</figcaption>\n</figure>")?;
    writeln!(out, "<div class=\"tools\">")?;
    writeln!(
        out,
        "<input id=\"q\" type=\"search\" placeholder=\"Search both editions\" aria-label=\"Search both editions\" autocomplete=\"off\">"
    )?;
    writeln!(out, "<label><input id=\"flagged\" type=\"checkbox\"> flagged only</label>")?;
    writeln!(out, "<span id=\"count\" aria-live=\"polite\">{} rows</span>\n</div>", report.summary.beads)?;
    writeln!(out, "<main id=\"rows\">")?;
    writeln!(out, "<div class=\"head\"><div>#</div><div lang=\"{sl}\">{sl}</div><div lang=\"{tl}\">{tl}</div></div>")?;
    // flags by bead
    let mut flags: Vec<Vec<(String, &'static str)>> = vec![Vec::new(); a.beads().len()];
    for f in &report.findings {
        let (label, class) = finding_label(f, sl, tl);
        for b in f.beads.clone() {
            flags[b].push((label.clone(), class));
        }
    }
    // every word a span with its key's id, for the page's ranked search
    let mut words = PageWords::default();
    for p in pairs(a, src, tgt).map_err(invalid_input)? {
        write_html_row(&p, &flags[p.bead], (src.lang(), tgt.lang()), &mut words, &mut *out)?;
    }
    writeln!(out, "</main>")?;
    writeln!(out, "<p id=\"none\" hidden>No row matches.</p>")?;
    // "</" never closes the script early: JSON may write it "<\/"
    let data = serde_json::to_string(&words.data(a)).map_err(io::Error::other)?.replace("</", "<\\/");
    writeln!(out, "<script type=\"application/json\" id=\"words\">{data}</script>")?;
    writeln!(out, "<script>\n{HTML_SCRIPT}</script>\n</body>\n</html>")
}

/// The audit's summary in one line of the page's header.
fn html_summary(s: &crate::audit::Summary, sl: &str, tl: &str) -> String {
    let mut summary = vec![
        format!("{} beads", s.beads),
        format!("{sl} {} sentences, {tl} {} sentences", s.src_sentences, s.tgt_sentences),
        format!("mean confidence {:.2}", s.mean_confidence),
    ];
    for (lang, e) in [(sl, &s.src_only), (tl, &s.tgt_only)] {
        summary.push(format!("only in {lang}: {} passages, {} sentences", e.passages, e.sentences));
    }
    summary.push(format!("low confidence (&lt; {:.2}): {}", s.min_confidence, s.low_confidence));
    summary.push(format!("speaker mismatches: {}", s.speaker_mismatches));
    summary.push(format!("number mismatches: {}", s.number_mismatches));
    summary.join(" · ")
}

/// One row of the page: the bead's number and confidence, both sides (the
/// speaker, the words as spans for the search), the audit's flags.
fn write_html_row(
    p: &Pair,
    flags: &[(String, &'static str)],
    langs: (Lang, Lang),
    words: &mut PageWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shade = match p.confidence {
        c if c < 0.5 => "c0",
        c if c < 0.9 => "c1",
        _ => "c2",
    };
    let kinds: Vec<&str> = flags.iter().map(|(_, c)| *c).collect();
    write!(
        out,
        "<div class=\"row {shade}\" id=\"b{0}\" data-bead=\"{0}\" data-flags=\"{1}\">",
        p.bead,
        kinds.join(" ")
    )?;
    write!(
        out,
        "<div class=\"n\"><a href=\"#b{0}\">{0}</a> <span class=\"cf\" title=\"confidence\">{1:.2}</span></div>",
        p.bead, p.confidence
    )?;
    for e in [Edition::Source, Edition::Target] {
        let (side, class, lang) = (p.side(e), e.pick("s", "t"), e.pick(langs.0, langs.1));
        let code = lang.code();
        if side.is_empty() {
            write!(out, "<div class=\"{class} empty\" lang=\"{code}\" data-lang=\"{code}\">—</div>")?;
            continue;
        }
        write!(out, "<div class=\"{class}\" lang=\"{code}\" data-lang=\"{code}\">")?;
        if let Some(who) = &side.speaker {
            write!(out, "<b class=\"who\">{}</b> ", escape(who))?;
        }
        words.write(&side.text, lang, &mut *out)?;
        write!(out, "</div>")?;
    }
    if !flags.is_empty() {
        write!(out, "<div class=\"fl\">")?;
        for (label, class) in flags {
            write!(out, "<span class=\"flag {class}\">{}</span>", escape(label))?;
        }
        write!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

#[cfg(test)]
mod tests {
    #[test]
    fn indices_read_as_to_string_and_join_write_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 1 << 40, usize::MAX] {
            let mut line = Vec::new();
            super::push_decimal(&mut line, n);
            assert_eq!(line, n.to_string().into_bytes());
        }
        for r in [0..0, 5..6, 9..12, 99..101, usize::MAX - 2..usize::MAX] {
            let mut line = Vec::new();
            super::push_indices(&mut line, r.clone());
            let expected: Vec<String> = r.map(|i| i.to_string()).collect();
            assert_eq!(String::from_utf8(line).expect("ascii"), expected.join(", "));
        }
    }
}
