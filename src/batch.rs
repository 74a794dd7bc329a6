//! Many document pairs: a corpus aligned document by document, in
//! parallel, in input order, in bounded memory. `bitext batch` and the
//! Python package's `Aligner.batch` and `Aligner.align_many` are this
//! module.
//!
//! * [`Aligners`]: one [`Aligner`] a language pair, each with its
//!   dictionary, loaded once and shared by every thread.
//! * [`Batch`]: one line of JSON (`{"id", "src", "tgt", ...}`) in, that
//!   document's alignment (or its error) out, as `bitext batch` writes it.
//! * [`Ordered`]: documents handed to the thread pool as they are read, a
//!   bounded window of them in flight, results taken back in input order.
//! * [`Batch::run`]: all three over a reader and a writer.
//!
//! ```
//! use std::sync::Arc;
//! use bitext::batch::{Aligners, Batch, DictChoice, RunOptions};
//! use bitext::AlignConfig;
//!
//! let input = concat!(
//!     r#"{"id": "a", "src": "Суд идет. Прошу встать.", "tgt": "The Court is coming. Please rise."}"#, "\n",
//!     r#"{"id": "b", "src": 7}"#, "\n",
//! );
//! let batch = Arc::new(Batch::new(Aligners::new(AlignConfig::default(), DictChoice::None)));
//! let mut out = Vec::new();
//! let summary = batch.run(input.as_bytes(), &mut out, "input", &RunOptions::default(), |_| {})?;
//! assert_eq!((summary.documents, summary.errors), (2, 1));
//! let lines: Vec<serde_json::Value> =
//!     String::from_utf8(out)?.lines().map(serde_json::from_str).collect::<Result<_, _>>()?;
//! assert_eq!(lines[0]["id"], "a");
//! assert_eq!(lines[0]["pairs"].as_array().map(Vec::len), Some(2));
//! assert_eq!(lines[1]["error"], "`src` must be a string (the source edition's text), not a number");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{
    check_text, export, pair_langs, segment_pair, AlignConfig, Aligner, Alignment, Dictionary, Document, Edition,
    Error, InputMode, Lang, Result, Segmenter,
};

/// Which dictionary the aligners use: `--dict` of the command line,
/// `dict=` of the Python `Aligner`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictChoice {
    /// An installed Debian dictionary for each language pair, when there
    /// is one ([`Dictionary::auto`]).
    Auto,
    /// No dictionary.
    None,
    /// These files, merged ([`Dictionary::from_files`]).
    Files(Vec<PathBuf>),
}

impl DictChoice {
    /// Reads the values of `--dict`: `auto`, `none`, or one or more files.
    ///
    /// ```
    /// use bitext::batch::DictChoice;
    /// assert_eq!(DictChoice::from_values(&["none"])?, DictChoice::None);
    /// assert_eq!(DictChoice::from_values::<&str>(&[])?, DictChoice::Auto);
    /// assert!(DictChoice::from_values(&["auto", "x.tsv"]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When `auto` or `none` comes with other values.
    pub fn from_values<S: AsRef<str>>(values: &[S]) -> Result<DictChoice> {
        let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
        match values.as_slice() {
            [] | ["auto"] => Ok(DictChoice::Auto),
            ["none"] => Ok(DictChoice::None),
            _ => match values.iter().find(|v| **v == "auto" || **v == "none") {
                Some(v) => Err(Error::invalid(format!("--dict {v} cannot be combined with other --dict values"))),
                None => Ok(DictChoice::Files(values.iter().map(PathBuf::from).collect())),
            },
        }
    }
}

impl FromStr for DictChoice {
    type Err = Error;
    /// `auto`, `none` or one file.
    fn from_str(s: &str) -> Result<DictChoice> {
        DictChoice::from_values(&[s])
    }
}

/// The aligner for one language pair, with the dictionary it uses.
#[derive(Debug)]
pub struct PairAligner {
    aligner: Aligner,
    dictionary: Option<Arc<Dictionary>>,
    source: Option<String>,
}

impl PairAligner {
    /// The aligner.
    pub fn aligner(&self) -> &Aligner {
        &self.aligner
    }

    /// The dictionary, oriented source → target, if there is one.
    pub fn dictionary(&self) -> Option<&Arc<Dictionary>> {
        self.dictionary.as_ref()
    }

    /// Where the dictionary came from (a path, or the files given), if
    /// there is one.
    pub fn dictionary_source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

/// One [`Aligner`] a language pair, each built (and its dictionary loaded)
/// the first time a document pair of its languages comes, then shared by
/// every thread. `Send + Sync`.
///
/// ```
/// use bitext::batch::{Aligners, DictChoice};
/// use bitext::{AlignConfig, Lang};
/// let aligners = Aligners::new(AlignConfig::default(), DictChoice::None);
/// let a = aligners.get(Lang::Russian, Lang::English)?;
/// let b = aligners.get(Lang::Russian, Lang::English)?;
/// assert!(std::sync::Arc::ptr_eq(&a, &b));
/// assert!(a.dictionary().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Aligners {
    config: AlignConfig,
    dict: DictChoice,
    ready: Mutex<HashMap<(Lang, Lang), Arc<PairAligner>>>,
    /// Held while a dictionary loads, so that it loads once.
    loading: Mutex<()>,
}

impl Aligners {
    /// Aligners with `config` and the dictionaries `dict` names.
    pub fn new(config: AlignConfig, dict: DictChoice) -> Aligners {
        Aligners { config, dict, ready: Mutex::new(HashMap::new()), loading: Mutex::new(()) }
    }

    /// The settings of every aligner.
    pub fn config(&self) -> &AlignConfig {
        &self.config
    }

    /// The aligner for `src` → `tgt`, built on first use.
    ///
    /// # Errors
    /// When the dictionary cannot be read; the pair is tried again on its
    /// next use.
    pub fn get(&self, src: Lang, tgt: Lang) -> Result<Arc<PairAligner>> {
        let lock = |m: &Mutex<HashMap<_, _>>| m.lock().unwrap_or_else(|e| e.into_inner()).get(&(src, tgt)).cloned();
        if let Some(a) = lock(&self.ready) {
            return Ok(a);
        }
        let _loading = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = lock(&self.ready) {
            return Ok(a);
        }
        let (dictionary, source) = match &self.dict {
            DictChoice::None => (None, None),
            DictChoice::Auto => match Dictionary::auto(src, tgt)? {
                Some((d, path)) => (Some(d), Some(path.display().to_string())),
                None => (None, None),
            },
            DictChoice::Files(paths) => {
                let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                (Some(Dictionary::from_files(paths, src, tgt)?), Some(shown.join(", ")))
            }
        };
        let mut aligner = Aligner::new(self.config.clone());
        if let Some(d) = &dictionary {
            aligner = aligner.with_dictionary(d);
        }
        let made = Arc::new(PairAligner { aligner, dictionary: dictionary.map(Arc::new), source });
        self.ready.lock().unwrap_or_else(|e| e.into_inner()).insert((src, tgt), Arc::clone(&made));
        Ok(made)
    }

    /// The aligners built so far, by language pair, in no set order.
    pub fn built(&self) -> Vec<((Lang, Lang), Arc<PairAligner>)> {
        let ready = self.ready.lock().unwrap_or_else(|e| e.into_inner());
        ready.iter().map(|(k, v)| (*k, Arc::clone(v))).collect()
    }
}

/// What `bitext batch --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// One line of JSON a document: `id`, the fields passed through, then
    /// `src`, `tgt` and `pairs` as `bitext align --format json` writes
    /// them; `{"id", "line", "error"}` for a document that failed.
    #[default]
    Json,
    /// One line a bead of every document: id, source text, target text,
    /// confidence, tab-separated.
    Tsv,
    /// One TMX file with the units of every document, each with the
    /// document's id (`x-document`).
    Tmx,
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" | "jsonl" => Ok(Format::Json),
            "tsv" => Ok(Format::Tsv),
            "tmx" => Ok(Format::Tmx),
            _ => Err(Error::unknown("batch format", s, &["json", "tsv", "tmx"])),
        }
    }
}

/// Two editions of one document pair, with what to do with them.
#[derive(Clone, Debug, PartialEq)]
pub struct PairInput {
    /// The source edition's text.
    pub src: String,
    /// The target edition's text.
    pub tgt: String,
    /// The source's language, detected when `None`.
    pub src_lang: Option<Lang>,
    /// The target's language, detected when `None`.
    pub tgt_lang: Option<Lang>,
    /// Running text or one sentence a line; the [`Batch`]'s when `None`.
    pub input: Option<InputMode>,
}

/// One document pair segmented and aligned: the documents borrow the
/// texts of the [`PairInput`].
#[derive(Debug)]
pub struct Aligned<'i> {
    /// The source edition, segmented.
    pub src: Document<'i>,
    /// The target edition, segmented.
    pub tgt: Document<'i>,
    /// The alignment.
    pub alignment: Alignment,
    /// The aligner of the pair (and its dictionary).
    pub aligner: Arc<PairAligner>,
}

/// Document pairs in, alignments out, one at a time or a whole corpus at
/// once ([`run`](Batch::run)). `Send + Sync`: one `Batch` serves every
/// thread.
#[derive(Debug)]
pub struct Batch {
    aligners: Aligners,
    input: InputMode,
    max_sentence_chars: usize,
    format: Format,
}

/// A text field of a record, by its name.
fn edition_field(e: Edition) -> &'static str {
    match e {
        Edition::Source => "src",
        Edition::Target => "tgt",
    }
}

impl Batch {
    /// A batch with these aligners, running text, the default sentence
    /// cap, writing JSON.
    pub fn new(aligners: Aligners) -> Batch {
        Batch {
            aligners,
            input: InputMode::Text,
            max_sentence_chars: Segmenter::DEFAULT_MAX_SENTENCE_CHARS,
            format: Format::Json,
        }
    }

    /// How the texts are read when a record does not say (`input`).
    pub fn input(mut self, mode: InputMode) -> Batch {
        self.input = mode;
        self
    }

    /// The longest sentence, in characters (see [`Segmenter::max_sentence_chars`]).
    pub fn max_sentence_chars(mut self, max: usize) -> Batch {
        self.max_sentence_chars = max.max(1);
        self
    }

    /// What [`run`](Batch::run) and [`process`](Batch::process) write.
    pub fn format(mut self, format: Format) -> Batch {
        self.format = format;
        self
    }

    /// The aligners.
    pub fn aligners(&self) -> &Aligners {
        &self.aligners
    }

    /// Segments and aligns one document pair: what every line of
    /// [`process`](Batch::process) does, and the Python package's
    /// `Aligner.align`.
    ///
    /// # Errors
    /// A text that is not text (a NUL character), a language that cannot
    /// be told, a line over the sentence cap (one sentence a line), an
    /// alignment over the DP-cell limit, a dictionary that cannot be read;
    /// errors about one edition name it (`src: ...`).
    pub fn align<'i>(&self, input: &'i PairInput) -> Result<Aligned<'i>> {
        let named = |e: Edition, err: Error| Error::invalid(format!("{}: {err}", edition_field(e)));
        let src = check_text(input.src.as_bytes()).map_err(|e| named(Edition::Source, e))?;
        let tgt = check_text(input.tgt.as_bytes()).map_err(|e| named(Edition::Target, e))?;
        let langs = pair_langs(src, tgt, (input.src_lang, input.tgt_lang)).map_err(|e| {
            let field = edition_field(e);
            Error::invalid(format!("cannot tell the language of `{field}` (no letters); give it with `{field}_lang`"))
        })?;
        let mode = input.input.unwrap_or(self.input);
        let (src, tgt) =
            segment_pair((src, tgt), langs, mode, self.max_sentence_chars).map_err(|(e, err)| named(e, err))?;
        let aligner = self.aligners.get(langs.0, langs.1)?;
        let alignment = aligner.aligner().align(&src, &tgt)?;
        Ok(Aligned { src, tgt, alignment, aligner })
    }

    /// One line of input (its number `line`, from 1) aligned and written
    /// in the batch's format: never fails, a bad line or a document that
    /// fails gives an error in the output (JSON) or in
    /// [`Done::error`].
    pub fn process(&self, line: usize, bytes: &[u8]) -> Done {
        let mut done = Done { line, output: Vec::new(), sentences: 0, id: Value::Null, error: None };
        let record = match parse_record(bytes) {
            Ok(r) => r,
            Err((id, message)) => {
                done.id = id;
                done.fail(message, self.format);
                return done;
            }
        };
        done.id = record.id.clone();
        let written = self.align(&record.pair).map(|Aligned { src: s, tgt: t, alignment, .. }| {
            let (a, s, t) = (&alignment, &s, &t);
            let mut out = Vec::new();
            let result = match self.format {
                Format::Json => {
                    let mut leading = vec![("id", &record.id)];
                    leading.extend(record.extra.iter().map(|(k, v)| (k.as_str(), v)));
                    export::write_json_line(&leading, a, s, t, &mut out)
                }
                Format::Tsv => export::write_tsv_rows(a, s, t, Some(&id_text(&record.id)), &mut out),
                Format::Tmx => export::write_tmx_units(a, s, t, Some(&id_text(&record.id)), &mut out),
            };
            (result.map(|()| out), s.len() + t.len())
        });
        match written {
            Ok((Ok(out), sentences)) => {
                done.output = out;
                done.sentences = sentences;
            }
            Ok((Err(e), _)) => done.fail(format!("cannot write the output: {e}"), self.format),
            Err(e) => done.fail(e.to_string(), self.format),
        }
        done
    }

    /// Aligns every line of `input` (JSON Lines, see [`Batch::process`];
    /// blank lines are skipped) and writes the results to `out` in input
    /// order, `options.window` documents in flight on the thread pool at
    /// most; `progress` is called after each document written. `name`
    /// names the input in errors.
    ///
    /// # Errors
    /// Only when a line cannot be read at all (`name, line N: ...`) or the
    /// output cannot be written; documents that fail are output lines.
    pub fn run(
        self: &Arc<Self>,
        input: impl BufRead,
        out: &mut impl Write,
        name: &str,
        options: &RunOptions,
        mut progress: impl FnMut(&Summary),
    ) -> Result<Summary> {
        let start = Instant::now();
        let mut summary = Summary::default();
        let out_err = |e: io::Error| Error::io("the output", e);
        if self.format == Format::Tmx {
            export::write_tmx_header("*all*", out).map_err(out_err)?;
        }
        let this = Arc::clone(self);
        let max = options.max_line_bytes;
        let mut ordered = Ordered::new(options.window, move |(line, bytes): (usize, Option<Vec<u8>>)| match bytes {
            Some(bytes) => this.process(line, &bytes),
            None => {
                let mut done = Done { line, output: Vec::new(), sentences: 0, id: Value::Null, error: None };
                let message =
                    format!("the line is longer than {max} bytes (--max-input-mb); it was skipped without being read");
                done.fail(message, this.format);
                done
            }
        });
        if let Some(pool) = &options.pool {
            ordered = ordered.on(Arc::clone(pool));
        }
        let mut lines = Lines { input, number: 0, max };
        let mut finish = |done: std::result::Result<Done, String>, summary: &mut Summary| -> Result<()> {
            let done = done.unwrap_or_else(|panic| self.internal_error(&panic));
            summary.count(&done);
            out.write_all(&done.output).map_err(out_err)?;
            summary.elapsed = start.elapsed();
            progress(summary);
            Ok(())
        };
        loop {
            while !ordered.is_full() {
                match lines.next_line() {
                    Ok(Some((n, bytes))) => {
                        if bytes.as_ref().is_some_and(|b| b.iter().all(u8::is_ascii_whitespace)) {
                            continue;
                        }
                        ordered.push((n, bytes));
                    }
                    Ok(None) => break,
                    Err(e) => {
                        // what was read is written first, in order
                        while let Some(done) = ordered.pop() {
                            finish(done, &mut summary)?;
                        }
                        return Err(Error::io(format!("{name}, line {}", lines.number + 1), e));
                    }
                }
            }
            match ordered.pop() {
                Some(done) => finish(done, &mut summary)?,
                None => break,
            }
        }
        if self.format == Format::Tmx {
            export::write_tmx_footer(out).map_err(out_err)?;
        }
        out.flush().map_err(out_err)?;
        summary.elapsed = start.elapsed();
        Ok(summary)
    }

    /// The error line for a document whose alignment panicked: a bug.
    fn internal_error(&self, panic: &str) -> Done {
        let mut d = Done { line: 0, output: Vec::new(), sentences: 0, id: Value::Null, error: None };
        d.fail(format!("internal error, please report it: {panic}"), self.format);
        d
    }
}

/// An id as text: a string as it is, anything else as JSON.
fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// Reads lines of at most `max` bytes; a longer line is skipped to its end
/// without being kept.
struct Lines<R> {
    input: R,
    number: usize,
    max: usize,
}

impl<R: BufRead> Lines<R> {
    /// The next line's number and bytes (without its line break), `None`
    /// for the bytes of a line over the limit; `None` at the end.
    #[allow(clippy::type_complexity)]
    fn next_line(&mut self) -> io::Result<Option<(usize, Option<Vec<u8>>)>> {
        let mut line = Vec::new();
        let mut too_long = false;
        let mut any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i, true),
                None => (buf.len(), false),
            };
            if !too_long && line.len() + take <= self.max {
                line.extend_from_slice(&buf[..take]);
            } else {
                too_long = true;
                line = Vec::new();
            }
            self.input.consume(take + usize::from(end));
            if end {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some((self.number, (!too_long).then_some(line))))
    }
}

/// How [`Batch::run`] reads and schedules.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The most documents read and not yet written: memory is bounded by
    /// this many documents (their input, alignment and output), whatever
    /// the size of the corpus. Default: [`WINDOW_PER_THREAD`] per thread
    /// of the pool.
    pub window: usize,
    /// The longest line read, in bytes: a longer one is an error line,
    /// skipped without being kept. Default: 1 GiB.
    pub max_line_bytes: usize,
    /// The thread pool to align on; rayon's global pool when `None` (the
    /// default).
    pub pool: Option<Arc<rayon::ThreadPool>>,
}

/// Documents in flight per thread, by default. A window of 8 a thread
/// left a core idle a sixth of the time behind a long document at the head
/// of the line (20,016 news documents: 1.67x with 2 threads against 1);
/// 128 a thread gave 1.90x and 1.92x, with a 19.6 MB peak (measured with
/// `bitext batch --window`).
pub const WINDOW_PER_THREAD: usize = 128;

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            window: WINDOW_PER_THREAD * rayon::current_num_threads().max(1),
            max_line_bytes: 1 << 30,
            pool: None,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Documents written (errors included).
    pub documents: usize,
    /// Sentences of both editions of the documents aligned.
    pub sentences: usize,
    /// Documents that failed.
    pub errors: usize,
    /// The time from the start of the run.
    pub elapsed: Duration,
    /// The last ten errors: line, id, message.
    pub last_errors: VecDeque<(usize, String, String)>,
}

impl Summary {
    /// Counts one finished document, keeping the last ten errors.
    fn count(&mut self, done: &Done) {
        self.documents += 1;
        self.sentences += done.sentences;
        if let Some(e) = &done.error {
            self.errors += 1;
            self.last_errors.push_back((done.line, id_text(&done.id), e.clone()));
            if self.last_errors.len() > 10 {
                self.last_errors.pop_front();
            }
        }
    }

    /// Documents a second.
    pub fn documents_per_second(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} documents, {} sentences, {} errors in {:.1} s ({:.0} documents/s, {:.0} sentences/s)",
            self.documents,
            self.sentences,
            self.errors,
            self.elapsed.as_secs_f64(),
            self.documents_per_second(),
            self.sentences as f64 / self.elapsed.as_secs_f64().max(1e-9)
        )
    }
}

/// One document's result: its output (empty for an error in TSV or TMX),
/// its line, id, sentence count and error.
#[derive(Clone, Debug)]
pub struct Done {
    /// The input line, from 1.
    pub line: usize,
    /// What to write, line break included.
    pub output: Vec<u8>,
    /// Sentences of both editions.
    pub sentences: usize,
    /// The record's `id` (`null` when it had none or could not be read).
    pub id: Value,
    /// Why the document failed.
    pub error: Option<String>,
}

impl Done {
    fn fail(&mut self, message: String, format: Format) {
        self.output.clear();
        if format == Format::Json {
            let v = serde_json::json!({"id": self.id, "line": self.line, "error": message});
            self.output = v.to_string().into_bytes();
            self.output.push(b'\n');
        }
        self.error = Some(message);
    }
}

/// A record of the input, read.
struct Record {
    id: Value,
    pair: PairInput,
    extra: Vec<(String, Value)>,
}

/// The names a field passed through may not have: they are the output's.
const OUTPUT_FIELDS: [&str; 3] = ["pairs", "error", "line"];

/// Reads one line of input: `{"id", "src", "tgt"}`, optional `src_lang`,
/// `tgt_lang`, `input`, other fields kept in order.
fn parse_record(bytes: &[u8]) -> std::result::Result<Record, (Value, String)> {
    let map: serde_json::Map<String, Value> = match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => map,
        Ok(other) => return Err((Value::Null, format!("a line must be a JSON object, not {}", kind(&other)))),
        Err(e) => return Err((Value::Null, format!("not JSON: {e}"))),
    };
    let id = map.get("id").cloned().unwrap_or(Value::Null);
    let fail = |m: String| (id.clone(), m);
    let text = |key: &str, what: &str| match map.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(v) => Err(fail(format!("`{key}` must be a string ({what}), not {}", kind(v)))),
        None => Err(fail(format!("no `{key}` field ({what})"))),
    };
    let src = text("src", "the source edition's text")?;
    let tgt = text("tgt", "the target edition's text")?;
    let option = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(v) => Err(fail(format!("`{key}` must be a string, not {}", kind(v)))),
    };
    let lang = |key: &str| -> std::result::Result<Option<Lang>, (Value, String)> {
        option(key)?.map(|s| s.parse::<Lang>().map_err(|e| fail(format!("{key}: {e}")))).transpose()
    };
    let (src_lang, tgt_lang) = (lang("src_lang")?, lang("tgt_lang")?);
    let input =
        option("input")?.map(|s| s.parse::<InputMode>().map_err(|e| fail(format!("input: {e}")))).transpose()?;
    let mut extra = Vec::new();
    for (k, v) in &map {
        if ["id", "src", "tgt", "src_lang", "tgt_lang", "input"].contains(&k.as_str()) {
            continue;
        }
        if OUTPUT_FIELDS.contains(&k.as_str()) {
            return Err(fail(format!("the field `{k}` has the name of an output field; rename it")));
        }
        extra.push((k.clone(), v.clone()));
    }
    Ok(Record { id, pair: PairInput { src, tgt, src_lang, tgt_lang, input }, extra })
}

/// What a JSON value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Work handed to the thread pool as it comes, a bounded window of it in
/// flight, results taken back in the order the work came: the streaming
/// core of [`Batch::run`] and of the Python package's `align_many`.
///
/// ```
/// use bitext::batch::Ordered;
/// let mut work = Ordered::new(4, |x: u64| x * x);
/// let mut out = Vec::new();
/// for x in 0..100 {
///     if work.is_full() {
///         out.push(work.pop().unwrap().unwrap());
///     }
///     work.push(x);
/// }
/// while let Some(r) = work.pop() {
///     out.push(r.unwrap());
/// }
/// assert_eq!(out, (0..100).map(|x| x * x).collect::<Vec<_>>());
/// ```
pub struct Ordered<T, R> {
    work: Arc<dyn Fn(T) -> R + Send + Sync>,
    window: usize,
    pending: VecDeque<mpsc::Receiver<std::result::Result<R, String>>>,
    pool: Option<Arc<rayon::ThreadPool>>,
}

impl<T, R> fmt::Debug for Ordered<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ordered").field("window", &self.window).field("in_flight", &self.pending.len()).finish()
    }
}

impl<T: Send + 'static, R: Send + 'static> Ordered<T, R> {
    /// At most `window` items (at least 1) in flight, each given to `work`
    /// on rayon's thread pool.
    pub fn new(window: usize, work: impl Fn(T) -> R + Send + Sync + 'static) -> Ordered<T, R> {
        Ordered { work: Arc::new(work), window: window.max(1), pending: VecDeque::new(), pool: None }
    }

    /// The same on `pool` instead of rayon's global pool.
    pub fn on(mut self, pool: Arc<rayon::ThreadPool>) -> Ordered<T, R> {
        self.pool = Some(pool);
        self
    }

    /// True when as many items are in flight as the window allows: take
    /// one back with [`pop`](Ordered::pop) before the next
    /// [`push`](Ordered::push).
    pub fn is_full(&self) -> bool {
        self.pending.len() >= self.window
    }

    /// Items in flight.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// True when nothing is in flight.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Hands `item` to the pool (even when the window is full). Called
    /// from one of the pool's own threads, which would wait for work that
    /// it should do itself, the work is done at once instead.
    pub fn push(&mut self, item: T) {
        let (tx, rx) = mpsc::sync_channel(1);
        let work = Arc::clone(&self.work);
        let task = move || {
            let result = catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|panic| {
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a worker panicked".to_string())
            });
            // the receiver is gone only when the Ordered was dropped
            let _ = tx.send(result);
        };
        match &self.pool {
            Some(pool) if pool.current_thread_index().is_some() => task(),
            Some(pool) => pool.spawn(task),
            None if rayon::current_thread_index().is_some() => task(),
            None => rayon::spawn(task),
        }
        self.pending.push_back(rx);
    }

    /// The result of the oldest item in flight, waiting for it; `None`
    /// when nothing is in flight; `Err` with the message of a panic.
    pub fn pop(&mut self) -> Option<std::result::Result<R, String>> {
        let rx = self.pending.pop_front()?;
        Some(rx.recv().unwrap_or_else(|_| Err("a worker stopped without a result".to_string())))
    }
}
