//! The compiled part of the Python package `bitext` (`bitext._bitext`):
//! thin wrappers over the library, in Python's idiom. What the wrappers
//! return owns its texts, so that Python can keep it as long as it likes;
//! the work (segmenting, aligning, writing) is the library's, done with the
//! GIL released.

// the expansion of pyo3's `#[pymethods]` converts `PyErr` into itself
#![allow(clippy::useless_conversion)]

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use bitext::batch::{Aligned, Aligners, Batch, DictChoice, Done, Ordered, PairInput};
use bitext::{export, AlignConfig, Document as Doc, InputMode, Lang, Segmenter};
use pyo3::exceptions::{PyFileNotFoundError, PyMemoryError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;

// the aligner allocates from many threads at once (align_many, batch):
// the same allocator as the command's
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyList, PyString, PyTuple};

/// A library error as the Python exception for it, with the same message:
/// `OSError` for files, `MemoryError` when a table could not be had,
/// `ValueError` for everything about the input.
fn py_err(e: bitext::Error) -> PyErr {
    if e.is_io() {
        PyOSError::new_err(e.to_string())
    } else if e.is_out_of_memory() {
        PyMemoryError::new_err(e.to_string())
    } else {
        PyValueError::new_err(e.to_string())
    }
}

/// `items[index]` as Python indexes a list (negative from the end), or an
/// `IndexError` naming (the item, its holder, the items).
fn item<T>(py: Python<'_>, items: &[Py<T>], index: isize, names: (&str, &str, &str)) -> PyResult<Py<T>> {
    let n = items.len() as isize;
    let i = if index < 0 { index + n } else { index };
    if !(0..n).contains(&i) {
        let (what, holder, plural) = names;
        return Err(pyo3::exceptions::PyIndexError::new_err(format!(
            "{what} index {index} out of range ({holder} has {n} {plural})"
        )));
    }
    Ok(items[i as usize].clone_ref(py))
}

/// Text given as `str` or as UTF-8 `bytes` (checked as the command checks
/// a file: not UTF-8, UTF-16 or NUL bytes are a `ValueError`).
fn text_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if let Ok(s) = obj.downcast::<PyString>() {
        let s = s.to_cow()?;
        bitext::check_text(s.as_bytes()).map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
        return Ok(s.to_string());
    }
    if let Ok(b) = obj.downcast::<PyBytes>() {
        let s = bitext::check_text(b.as_bytes()).map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
        return Ok(s.to_string());
    }
    Err(PyTypeError::new_err(format!("{name} must be str or bytes, not {}", obj.get_type().name()?)))
}

fn lang_arg(code: Option<&str>) -> PyResult<Option<Lang>> {
    code.map(|c| c.parse::<Lang>().map_err(py_err)).transpose()
}

fn input_arg(mode: Option<&str>) -> PyResult<Option<InputMode>> {
    mode.map(|m| m.parse::<InputMode>().map_err(py_err)).transpose()
}

/// Byte offsets of `text` turned into character offsets (Python's string
/// indices), in one pass over the text.
struct CharOffsets {
    /// `(byte, char)`, sorted by byte.
    table: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(text: &str, mut bytes: Vec<usize>) -> CharOffsets {
        bytes.sort_unstable();
        bytes.dedup();
        let mut table = Vec::with_capacity(bytes.len());
        let (mut at_byte, mut at_char) = (0, 0);
        for b in bytes {
            let b = b.min(text.len());
            at_char += text.get(at_byte..b).map_or(0, |s| s.chars().count());
            at_byte = b;
            table.push((b, at_char));
        }
        CharOffsets { table }
    }

    fn get(&self, byte: usize) -> usize {
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1,
            Err(_) => 0,
        }
    }
}

fn sentences_of(doc: &Doc<'_>) -> Vec<Sentence> {
    let spans: Vec<usize> = doc.sentences().iter().flat_map(|s| [s.start(), s.end()]).collect();
    let chars = CharOffsets::new(doc.text(), spans);
    doc.sentences()
        .iter()
        .enumerate()
        .map(|(i, s)| Sentence {
            index: i,
            start: chars.get(s.start()),
            end: chars.get(s.end()),
            byte_start: s.start(),
            byte_end: s.end(),
            text: doc.sentence_text(i).to_string(),
            speaker: doc.speaker(i).map(str::to_string),
            kind: s.kind().as_str().to_string(),
            paragraph: s.paragraph(),
            utterance: s.utterance(),
        })
        .collect()
}

self_cell::self_cell!(
    /// A segmented edition that owns its text.
    struct OwnedDoc {
        owner: String,
        #[covariant]
        dependent: Doc,
    }
);

/// An aligned pair's documents and alignment, owning the texts.
struct AlignedParts<'i> {
    aligned: Aligned<'i>,
}

self_cell::self_cell!(
    /// An aligned pair that owns its texts.
    struct OwnedAligned {
        owner: PairInput,
        #[covariant]
        dependent: AlignedParts,
    }
);

impl OwnedAligned {
    fn align(batch: &Batch, input: PairInput) -> Result<OwnedAligned, bitext::Error> {
        OwnedAligned::try_new(input, |input| batch.align(input).map(|aligned| AlignedParts { aligned }))
    }

    fn parts(&self) -> &Aligned<'_> {
        &self.borrow_dependent().aligned
    }
}

/// Where a Python `Document` finds its document: its own, or a side of an
/// alignment.
#[derive(Clone)]
enum DocRef {
    Own(Arc<OwnedDoc>),
    Src(Arc<OwnedAligned>),
    Tgt(Arc<OwnedAligned>),
}

impl DocRef {
    fn with<T>(&self, f: impl FnOnce(&Doc<'_>) -> T) -> T {
        match self {
            DocRef::Own(d) => f(d.borrow_dependent()),
            DocRef::Src(a) => f(&a.parts().src),
            DocRef::Tgt(a) => f(&a.parts().tgt),
        }
    }
}

/// A segmented edition: its language and sentences. Made by
/// :func:`bitext.segment`, or the ``src`` and ``tgt`` of an
/// :class:`Alignment`. A sequence of :class:`Sentence`.
#[pyclass(module = "bitext", frozen)]
struct Document {
    doc: DocRef,
    sentences: Vec<Py<Sentence>>,
}

impl Document {
    fn new(py: Python<'_>, doc: DocRef) -> PyResult<Document> {
        let sentences = doc.with(sentences_of);
        let sentences = sentences.into_iter().map(|s| Py::new(py, s)).collect::<PyResult<_>>()?;
        Ok(Document { doc, sentences })
    }
}

#[pymethods]
impl Document {
    /// The language, as an ISO 639-1 code (``"ru"``).
    #[getter]
    fn lang(&self) -> &'static str {
        self.doc.with(|d| d.lang().code())
    }

    /// The text the document was made from.
    #[getter]
    fn text(&self) -> String {
        self.doc.with(|d| d.text().to_string())
    }

    /// The sentences, in order.
    #[getter]
    fn sentences<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        PyList::new_bound(py, self.sentences.iter().map(|s| s.clone_ref(py)))
    }

    fn __len__(&self) -> usize {
        self.sentences.len()
    }

    fn __getitem__(&self, py: Python<'_>, index: isize) -> PyResult<Py<Sentence>> {
        item(py, &self.sentences, index, ("sentence", "the document", "sentences"))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.sentences(py).as_any().iter()
    }

    /// The document as JSON, exactly as ``bitext segment --format json``
    /// writes it: ``lang``, ``sentences``, ``utterances`` and ``marks``,
    /// offsets in bytes of the UTF-8 text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let doc = self.doc.clone();
        py.allow_threads(|| {
            let mut out = Vec::new();
            doc.with(|d| export::write_document_json(d, &mut out)).map_err(|e| PyOSError::new_err(e.to_string()))?;
            String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
        })
    }

    fn __repr__(&self) -> String {
        format!("<bitext.Document lang={:?} sentences={}>", self.lang(), self.sentences.len())
    }
}

/// One sentence of a :class:`Document`.
///
/// ``start`` and ``end`` are character offsets into the document's text
/// (``doc.text[s.start:s.end]`` is the sentence with its speaker label);
/// ``byte_start`` and ``byte_end`` are the byte offsets of its UTF-8
/// encoding, the ``start`` and ``end`` of the JSON. ``text`` is the
/// sentence without its speaker label; ``kind`` is ``speech``, ``text``,
/// ``stage_direction``, ``heading`` or ``separator``.
#[pyclass(module = "bitext", frozen, get_all)]
struct Sentence {
    index: usize,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: String,
    speaker: Option<String>,
    kind: String,
    paragraph: usize,
    utterance: usize,
}

#[pymethods]
impl Sentence {
    fn __repr__(&self) -> String {
        format!("<bitext.Sentence {} [{}:{}] {:?}>", self.index, self.start, self.end, self.text)
    }
}

/// One bead of an :class:`Alignment`: the source and target sentence
/// indices (``src``, ``tgt``; an empty list for text in one edition only),
/// their texts, the aligner's confidence ``score`` in [0, 1], the bead's
/// ``cost`` and ``kind`` (``"1:1"``, ``"2:1"``, ``"1:0"``, ...).
#[pyclass(module = "bitext", frozen, get_all)]
struct Pair {
    index: usize,
    src: Vec<usize>,
    tgt: Vec<usize>,
    src_text: String,
    tgt_text: String,
    src_speaker: Option<String>,
    tgt_speaker: Option<String>,
    score: f64,
    cost: f64,
    kind: String,
}

#[pymethods]
impl Pair {
    fn __repr__(&self) -> String {
        format!("<bitext.Pair {} {:?}:{:?} score={:.3}>", self.index, self.src, self.tgt, self.score)
    }
}

/// Two editions aligned: an iterable of :class:`Pair`, in order, with both
/// documents (``src``, ``tgt``) and the writers of the command line.
#[pyclass(module = "bitext", frozen)]
struct Alignment {
    inner: Arc<OwnedAligned>,
    pairs: Vec<Py<Pair>>,
    id: PyObject,
}

impl Alignment {
    fn new(py: Python<'_>, inner: OwnedAligned, id: PyObject) -> PyResult<Alignment> {
        let pairs: Vec<Pair> = {
            let a = inner.parts();
            bitext::pairs(&a.alignment, &a.src, &a.tgt)
                .map_err(py_err)?
                .map(|p| Pair {
                    index: p.bead,
                    src: p.src.sentences.clone().collect(),
                    tgt: p.tgt.sentences.clone().collect(),
                    src_text: p.src.text.clone(),
                    tgt_text: p.tgt.text.clone(),
                    src_speaker: p.src.speaker.clone(),
                    tgt_speaker: p.tgt.speaker.clone(),
                    score: p.confidence,
                    cost: p.cost,
                    kind: format!("{}:{}", p.src.sentences.len(), p.tgt.sentences.len()),
                })
                .collect()
        };
        let pairs = pairs.into_iter().map(|p| Py::new(py, p)).collect::<PyResult<_>>()?;
        Ok(Alignment { inner: Arc::new(inner), pairs, id })
    }

    /// Runs a writer of the library over the alignment, without the GIL.
    fn write(
        &self,
        py: Python<'_>,
        writer: impl FnOnce(&Aligned<'_>, &mut Vec<u8>) -> std::io::Result<()> + Send,
    ) -> PyResult<String> {
        let inner = Arc::clone(&self.inner);
        py.allow_threads(move || {
            let mut out = Vec::new();
            writer(inner.parts(), &mut out).map_err(|e| PyOSError::new_err(e.to_string()))?;
            String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
        })
    }
}

#[pymethods]
impl Alignment {
    /// The id given with the pair to :meth:`Aligner.align_many` (``None``
    /// otherwise).
    #[getter]
    fn id(&self, py: Python<'_>) -> PyObject {
        self.id.clone_ref(py)
    }

    /// The source document.
    #[getter]
    fn src(&self, py: Python<'_>) -> PyResult<Document> {
        Document::new(py, DocRef::Src(Arc::clone(&self.inner)))
    }

    /// The target document.
    #[getter]
    fn tgt(&self, py: Python<'_>) -> PyResult<Document> {
        Document::new(py, DocRef::Tgt(Arc::clone(&self.inner)))
    }

    /// The source's language (ISO 639-1 code).
    #[getter]
    fn src_lang(&self) -> &'static str {
        self.inner.parts().src.lang().code()
    }

    /// The target's language (ISO 639-1 code).
    #[getter]
    fn tgt_lang(&self) -> &'static str {
        self.inner.parts().tgt.lang().code()
    }

    /// The pairs, in order.
    #[getter]
    fn pairs<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        PyList::new_bound(py, self.pairs.iter().map(|p| p.clone_ref(py)))
    }

    fn __len__(&self) -> usize {
        self.pairs.len()
    }

    fn __getitem__(&self, py: Python<'_>, index: isize) -> PyResult<Py<Pair>> {
        item(py, &self.pairs, index, ("pair", "the alignment", "pairs"))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.pairs(py).as_any().iter()
    }

    /// The alignment as JSON, exactly as ``bitext align --format json``
    /// writes it (pretty, ending in a line break).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.write(py, |a, out| export::write_json(&a.alignment, &a.src, &a.tgt, out))
    }

    /// The alignment as TMX 1.4b, exactly as ``bitext align --format tmx``
    /// writes it.
    fn to_tmx(&self, py: Python<'_>) -> PyResult<String> {
        self.write(py, |a, out| export::write_tmx(&a.alignment, &a.src, &a.tgt, out))
    }

    /// The alignment as TSV (source text, target text, confidence),
    /// exactly as ``bitext align --format tsv`` writes it.
    fn to_tsv(&self, py: Python<'_>) -> PyResult<String> {
        self.write(py, |a, out| export::write_tsv(&a.alignment, &a.src, &a.tgt, out))
    }

    /// Finds a quote in either edition: see :func:`bitext.find`.
    #[pyo3(signature = (query, context=1, edition=None, consecutive=false, exact=false, limit=10, translate=true))]
    #[allow(clippy::too_many_arguments)]
    fn find(
        slf: &Bound<'_, Self>,
        query: &str,
        context: usize,
        edition: Option<&str>,
        consecutive: bool,
        exact: bool,
        limit: usize,
        translate: bool,
    ) -> PyResult<PyObject> {
        find(slf, query, context, edition, consecutive, exact, limit, translate)
    }

    /// Where the editions diverge: see :func:`bitext.audit`.
    #[pyo3(signature = (min_confidence=0.5))]
    fn audit(slf: &Bound<'_, Self>, min_confidence: f64) -> PyResult<PyObject> {
        audit(slf, min_confidence)
    }

    fn __repr__(&self) -> String {
        let a = self.inner.parts();
        format!(
            "<bitext.Alignment {}-{} pairs={} src_sentences={} tgt_sentences={}>",
            a.src.lang().code(),
            a.tgt.lang().code(),
            self.pairs.len(),
            a.src.len(),
            a.tgt.len()
        )
    }
}

/// JSON the library wrote, as Python objects (``json.loads``).
fn json_to_py(py: Python<'_>, json_text: &[u8]) -> PyResult<PyObject> {
    let text = std::str::from_utf8(json_text).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let json = py.import_bound("json")?;
    Ok(json.call_method1("loads", (text,))?.unbind())
}

/// Finds ``query`` in either edition of ``alignment`` and gives each hit
/// with its aligned counterpart, as ``bitext find --format json`` does: a
/// dict with ``query`` and ``hits`` (each with ``edition``, ``sentences``,
/// ``score``, ``exact``, ``matched``, ``pair``, ``highlights``, ``before``,
/// ``after``, ...; byte offsets into the edition's UTF-8 text).
/// ``edition`` is ``"src"``, ``"tgt"`` or ``None`` (the edition written in
/// the query's script, else both); with ``translate`` (the default) the
/// edition in the other language is also searched with the query's words
/// translated (``bitext find --no-translate`` turns it off).
#[pyfunction]
#[pyo3(signature = (alignment, query, context=1, edition=None, consecutive=false, exact=false, limit=10, translate=true))]
#[allow(clippy::too_many_arguments)]
fn find(
    alignment: &Bound<'_, Alignment>,
    query: &str,
    context: usize,
    edition: Option<&str>,
    consecutive: bool,
    exact: bool,
    limit: usize,
    translate: bool,
) -> PyResult<PyObject> {
    let py = alignment.py();
    if !query.chars().any(char::is_alphanumeric) {
        return Err(PyValueError::new_err(format!("the query {query:?} has no word or number to find")));
    }
    let edition = match edition {
        None => None,
        Some("src") => Some(bitext::Edition::Source),
        Some("tgt") => Some(bitext::Edition::Target),
        Some(other) => {
            return Err(PyValueError::new_err(format!("edition must be \"src\", \"tgt\" or None, not {other:?}")))
        }
    };
    let inner = Arc::clone(&alignment.get().inner);
    let value = py.allow_threads(|| {
        let a = inner.parts();
        let options = bitext::FindOptions::default()
            .context(context)
            .edition(edition)
            .consecutive(consecutive)
            .exact(exact)
            .limit(limit)
            .translate(translate)
            .dictionary(a.aligner.dictionary().map(|d| d.as_ref()));
        let hits = bitext::find(&a.alignment, &a.src, &a.tgt, query, &options).map_err(py_err)?;
        let mut out = Vec::new();
        export::write_hits_json(query, &hits, &a.src, &a.tgt, &mut out)
            .map_err(|e| PyOSError::new_err(e.to_string()))?;
        Ok::<_, PyErr>(out)
    });
    json_to_py(py, &value?)
}

/// Where the two editions of ``alignment`` diverge, as ``bitext audit
/// --format json`` reports it: a dict with ``summary``, ``speakers`` and
/// ``findings`` (passages in one edition only, beads below
/// ``min_confidence``, speaker and number mismatches).
#[pyfunction]
#[pyo3(signature = (alignment, min_confidence=0.5))]
fn audit(alignment: &Bound<'_, Alignment>, min_confidence: f64) -> PyResult<PyObject> {
    let py = alignment.py();
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(PyValueError::new_err(format!("min_confidence must lie in [0, 1], not {min_confidence}")));
    }
    let inner = Arc::clone(&alignment.get().inner);
    let value = py.allow_threads(|| {
        let a = inner.parts();
        let options = bitext::AuditOptions::default().min_confidence(min_confidence);
        let report = bitext::audit(&a.alignment, &a.src, &a.tgt, &options).map_err(py_err)?;
        let mut out = Vec::new();
        export::write_audit_json(&report, &a.src, &a.tgt, &mut out).map_err(|e| PyOSError::new_err(e.to_string()))?;
        Ok::<_, PyErr>(out)
    });
    json_to_py(py, &value?)
}

/// Splits one edition into sentences (and speaker turns): ``lang`` is an
/// ISO 639-1 code or English name, detected from the script when ``None``;
/// ``input`` is ``"text"`` (running text) or ``"lines"`` (one sentence a
/// line). ``text`` may be ``str`` or UTF-8 ``bytes``.
#[pyfunction]
#[pyo3(signature = (text, lang=None, input="text", max_sentence_chars=Segmenter::DEFAULT_MAX_SENTENCE_CHARS))]
fn segment(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    lang: Option<&str>,
    input: &str,
    max_sentence_chars: usize,
) -> PyResult<Document> {
    let text = text_arg(text, "text")?;
    let given = lang_arg(lang)?;
    let mode = input_arg(Some(input))?.unwrap_or(InputMode::Text);
    if max_sentence_chars == 0 {
        return Err(PyValueError::new_err("max_sentence_chars must be at least 1"));
    }
    // as the command does: given, else detected; a blank text is English
    let (lang, _) = bitext::pair_langs(&text, "", (given, None))
        .map_err(|_| PyValueError::new_err("cannot tell the language of the text (no letters); give it with lang="))?;
    let doc = py.allow_threads(|| {
        let segmenter = Segmenter::new(lang).input(mode).max_sentence_chars(max_sentence_chars);
        OwnedDoc::try_new(text, |t| segmenter.try_segment(t))
    });
    Document::new(py, DocRef::Own(Arc::new(doc.map_err(py_err)?)))
}

/// The dictionary choice of ``Aligner(dict=...)``: ``"auto"``, ``"none"``
/// or ``None``, a path, or a list of paths.
fn dict_arg(py: Python<'_>, dict: Option<&Bound<'_, PyAny>>) -> PyResult<DictChoice> {
    let Some(dict) = dict else { return Ok(DictChoice::None) };
    if let Ok(s) = dict.downcast::<PyString>() {
        match s.to_cow()?.as_ref() {
            "auto" => return Ok(DictChoice::Auto),
            "none" => return Ok(DictChoice::None),
            _ => {}
        }
    }
    let fspath = py.import_bound("os")?.getattr("fspath")?;
    let items: Vec<Bound<'_, PyAny>> = if dict.is_instance_of::<PyList>() || dict.is_instance_of::<PyTuple>() {
        dict.iter()?.collect::<PyResult<_>>()?
    } else {
        vec![dict.clone()]
    };
    let mut paths = Vec::new();
    for item in items {
        let path: PathBuf = fspath.call1((item,))?.extract()?;
        let dictd = path.with_extension("index").is_file();
        if !path.is_file() && !dictd {
            let shown = path.display();
            return Err(PyFileNotFoundError::new_err(format!(
                "dict {shown}: no such file; a dictionary file is a TSV of word pairs (`source<TAB>target` a \
                 line) or a dictd `.index` with its `.dict` or `.dict.dz` beside it; \"auto\" and \"none\" also work"
            )));
        }
        paths.push(path);
    }
    Ok(DictChoice::Files(paths))
}

/// `dict=` of `Aligner`: absent (the default, `"auto"`) or given.
enum DictParam<'py> {
    Auto,
    Given(Bound<'py, PyAny>),
}

impl<'py> FromPyObject<'py> for DictParam<'py> {
    fn extract_bound(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(DictParam::Given(obj.clone()))
    }
}

/// Aligns document pairs. ``dict`` is ``"auto"`` (an installed Debian
/// dictionary for each language pair, when there is one), ``"none"`` (or
/// ``None``), a path (a TSV of word pairs or a dictd ``.index``) or a list
/// of paths; each dictionary is loaded once, on first use for its language
/// pair, and shared by all threads. ``max_bead`` is the largest bead side
/// (2 or 3), ``max_cells`` the most DP cells one piece may fill, ``input``
/// how texts are read (``"text"`` or ``"lines"``), ``max_sentence_chars``
/// the sentence cap. The aligner is immutable: one can serve many Python
/// threads, which run in parallel (the GIL is released while aligning).
#[pyclass(module = "bitext", frozen)]
struct Aligner {
    batch: Arc<Batch>,
}

#[pymethods]
impl Aligner {
    #[new]
    #[pyo3(
        signature = (dict=DictParam::Auto, max_bead=2, max_cells=None, input="text", max_sentence_chars=Segmenter::DEFAULT_MAX_SENTENCE_CHARS),
        text_signature = "(dict='auto', max_bead=2, max_cells=None, input='text', max_sentence_chars=2000)"
    )]
    fn new(
        py: Python<'_>,
        dict: DictParam<'_>,
        max_bead: usize,
        max_cells: Option<usize>,
        input: &str,
        max_sentence_chars: usize,
    ) -> PyResult<Aligner> {
        if !(2..=3).contains(&max_bead) {
            return Err(PyValueError::new_err(format!("max_bead must be 2 or 3, not {max_bead}")));
        }
        if max_sentence_chars == 0 || max_cells == Some(0) {
            return Err(PyValueError::new_err("max_sentence_chars and max_cells must be at least 1"));
        }
        let dict = match dict {
            DictParam::Auto => DictChoice::Auto,
            DictParam::Given(d) if d.is_none() => DictChoice::None,
            DictParam::Given(d) => dict_arg(py, Some(&d))?,
        };
        let defaults = AlignConfig::default();
        let max_cells = max_cells.unwrap_or(defaults.max_cells);
        let config = defaults.max_bead(max_bead).max_cells(max_cells);
        let mode = input_arg(Some(input))?.unwrap_or(InputMode::Text);
        let batch = Batch::new(Aligners::new(config, dict)).input(mode).max_sentence_chars(max_sentence_chars);
        Ok(Aligner { batch: Arc::new(batch) })
    }

    /// Aligns two editions (``str`` or UTF-8 ``bytes``) sentence by
    /// sentence; languages are detected when not given. Raises
    /// ``ValueError`` for bad input, ``OSError`` when the dictionary
    /// cannot be read.
    #[pyo3(signature = (src, tgt, src_lang=None, tgt_lang=None, input=None))]
    fn align(
        &self,
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        tgt: &Bound<'_, PyAny>,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
        input: Option<&str>,
    ) -> PyResult<Alignment> {
        let pair = PairInput {
            src: text_arg(src, "src")?,
            tgt: text_arg(tgt, "tgt")?,
            src_lang: lang_arg(src_lang)?,
            tgt_lang: lang_arg(tgt_lang)?,
            input: input_arg(input)?,
        };
        let batch = Arc::clone(&self.batch);
        let aligned = py.allow_threads(move || OwnedAligned::align(&batch, pair)).map_err(py_err)?;
        Alignment::new(py, aligned, py.None())
    }

    /// Aligns many document pairs on all cores, yielding an
    /// :class:`Alignment` for each, in input order, with at most
    /// ``window`` pairs in flight (default: 128 a core). Each item is a
    /// tuple ``(src, tgt)`` or ``(src, tgt, src_lang, tgt_lang)``, or a
    /// dict with ``src``, ``tgt`` and optional ``id``, ``src_lang``,
    /// ``tgt_lang``, ``input``. A pair that fails raises its error (with
    /// ``errors="raise"``, the default; iteration can go on after it) or is
    /// yielded as the exception object (``errors="return"``).
    #[pyo3(signature = (pairs, window=None, errors="raise"))]
    fn align_many(&self, pairs: &Bound<'_, PyAny>, window: Option<usize>, errors: &str) -> PyResult<AlignMany> {
        let raise = match errors {
            "raise" => true,
            "return" => false,
            other => {
                return Err(PyValueError::new_err(format!("errors must be \"raise\" or \"return\", not {other:?}")))
            }
        };
        let batch = Arc::clone(&self.batch);
        let ordered = Ordered::new(window.unwrap_or_else(default_window), move |job: Job| match job {
            Job::Pair(pair) => OwnedAligned::align(&batch, pair).map_err(py_err),
            Job::Bad(e) => Err(e),
        });
        Ok(AlignMany { source: pairs.iter()?.unbind(), ordered, ids: VecDeque::new(), next: 0, done: false, raise })
    }

    /// Aligns a corpus given as JSON Lines, as ``bitext batch`` does: each
    /// item of ``lines`` (``str`` or ``bytes``) is one JSON object
    /// ``{"id", "src", "tgt"}`` (optional ``src_lang``, ``tgt_lang``,
    /// ``input``; other fields passed through), and each item yielded is
    /// the line ``bitext batch`` writes for it (without its line break):
    /// the alignment, or ``{"id", "line", "error"}``. In input order, on
    /// all cores, at most ``window`` lines in flight.
    ///
    /// ``first_line`` is the number of the first item, for the ``line`` of
    /// error objects (a Spark partition that starts further in a file).
    #[pyo3(signature = (lines, window=None, first_line=1))]
    fn batch(&self, lines: &Bound<'_, PyAny>, window: Option<usize>, first_line: usize) -> PyResult<BatchLines> {
        let batch = Arc::clone(&self.batch);
        let ordered = Ordered::new(window.unwrap_or_else(default_window), move |(n, bytes): (usize, Vec<u8>)| {
            batch.process(n, &bytes)
        });
        Ok(BatchLines { source: lines.iter()?.unbind(), ordered, line: first_line.saturating_sub(1), done: false })
    }

    fn __repr__(&self) -> String {
        let config = self.batch.aligners().config();
        format!("<bitext.Aligner max_bead={} max_cells={}>", config.max_bead, config.max_cells)
    }
}

fn default_window() -> usize {
    bitext::batch::WINDOW_PER_THREAD * std::thread::available_parallelism().map_or(1, usize::from)
}

/// What `align_many` hands to the thread pool.
enum Job {
    Pair(PairInput),
    /// An item that could not be read, failed in order.
    Bad(PyErr),
}

/// The iterator of :meth:`Aligner.align_many`.
#[pyclass(module = "bitext")]
struct AlignMany {
    source: Py<PyIterator>,
    ordered: Ordered<Job, PyResult<OwnedAligned>>,
    /// The ids of the pairs in flight, in order.
    ids: VecDeque<PyObject>,
    next: usize,
    done: bool,
    raise: bool,
}

/// One item of `align_many` read: its pair, and its id.
fn pair_item(item: &Bound<'_, PyAny>) -> PyResult<(PairInput, PyObject)> {
    let py = item.py();
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        let dict = item.downcast::<PyDict>()?;
        dict.get_item(key)
    };
    let opt_str = |v: Option<Bound<'_, PyAny>>| -> PyResult<Option<String>> {
        match v {
            Some(v) if !v.is_none() => Ok(Some(v.extract()?)),
            _ => Ok(None),
        }
    };
    if item.is_instance_of::<PyDict>() {
        let need = |key: &str| -> PyResult<String> {
            match get(key)? {
                Some(v) => text_arg(&v, key),
                None => Err(PyValueError::new_err(format!("no `{key}` key"))),
            }
        };
        let pair = PairInput {
            src: need("src")?,
            tgt: need("tgt")?,
            src_lang: lang_arg(opt_str(get("src_lang")?)?.as_deref())?,
            tgt_lang: lang_arg(opt_str(get("tgt_lang")?)?.as_deref())?,
            input: input_arg(opt_str(get("input")?)?.as_deref())?,
        };
        let id = get("id")?.map_or_else(|| py.None(), |v| v.unbind());
        return Ok((pair, id));
    }
    let items: Vec<Bound<'_, PyAny>> = item.iter()?.collect::<PyResult<_>>()?;
    let (src, tgt, sl, tl) = match items.as_slice() {
        [s, t] => (s, t, None, None),
        [s, t, sl, tl] => (s, t, Some(sl.clone()), Some(tl.clone())),
        _ => {
            return Err(PyValueError::new_err(format!(
                "a pair is (src, tgt), (src, tgt, src_lang, tgt_lang) or a dict, not {} items",
                items.len()
            )))
        }
    };
    let pair = PairInput {
        src: text_arg(src, "src")?,
        tgt: text_arg(tgt, "tgt")?,
        src_lang: lang_arg(opt_str(sl)?.as_deref())?,
        tgt_lang: lang_arg(opt_str(tl)?.as_deref())?,
        input: None,
    };
    Ok((pair, py.None()))
}

#[pymethods]
impl AlignMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>) -> PyResult<Option<PyObject>> {
        let py = slf.py();
        let this = &mut *slf;
        while !this.done && !this.ordered.is_full() {
            let mut source = this.source.bind(py).clone();
            match source.next() {
                None => this.done = true,
                Some(item) => {
                    let index = this.next;
                    this.next += 1;
                    let read = item.and_then(|item| pair_item(&item));
                    let (job, id) = match read {
                        Ok((pair, id)) => (Job::Pair(pair), id),
                        Err(e) => {
                            let message = format!("pair {index}: {}", e.value_bound(py));
                            let e = if e.is_instance_of::<PyTypeError>(py) {
                                PyTypeError::new_err(message)
                            } else {
                                PyValueError::new_err(message)
                            };
                            (Job::Bad(e), py.None())
                        }
                    };
                    this.ordered.push(job);
                    this.ids.push_back(id);
                }
            }
        }
        let ordered = &mut this.ordered;
        let Some(result) = py.allow_threads(|| ordered.pop()) else { return Ok(None) };
        let id = this.ids.pop_front().unwrap_or_else(|| py.None());
        let result =
            result.map_err(|panic| PyValueError::new_err(format!("internal error, please report it: {panic}")));
        match result.and_then(|r| r) {
            Ok(aligned) => Ok(Some(Alignment::new(py, aligned, id)?.into_py(py))),
            Err(e) if this.raise => Err(e),
            Err(e) => Ok(Some(e.into_value(py).into_py(py))),
        }
    }
}

/// The iterator of :meth:`Aligner.batch`.
#[pyclass(module = "bitext")]
struct BatchLines {
    source: Py<PyIterator>,
    ordered: Ordered<(usize, Vec<u8>), Done>,
    line: usize,
    done: bool,
}

#[pymethods]
impl BatchLines {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>) -> PyResult<Option<String>> {
        let py = slf.py();
        let this = &mut *slf;
        loop {
            while !this.done && !this.ordered.is_full() {
                let mut source = this.source.bind(py).clone();
                match source.next() {
                    None => this.done = true,
                    Some(item) => {
                        let item = item?;
                        this.line += 1;
                        let bytes = if let Ok(s) = item.downcast::<PyString>() {
                            s.to_cow()?.as_bytes().to_vec()
                        } else if let Ok(b) = item.downcast::<PyBytes>() {
                            b.as_bytes().to_vec()
                        } else {
                            return Err(PyTypeError::new_err(format!(
                                "line {}: a line must be str or bytes, not {}",
                                this.line,
                                item.get_type().name()?
                            )));
                        };
                        // blank lines are no documents, as in `bitext batch`
                        if bytes.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        this.ordered.push((this.line, bytes));
                    }
                }
            }
            let ordered = &mut this.ordered;
            let Some(done) = py.allow_threads(|| ordered.pop()) else { return Ok(None) };
            let done =
                done.map_err(|panic| PyValueError::new_err(format!("internal error, please report it: {panic}")))?;
            let mut text = String::from_utf8(done.output).map_err(|e| PyValueError::new_err(e.to_string()))?;
            if text.ends_with('\n') {
                text.pop();
            }
            if text.is_empty() {
                continue;
            }
            return Ok(Some(text));
        }
    }
}

/// The compiled part of the package; see `bitext/__init__.py`.
#[pymodule]
fn _bitext(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Document>()?;
    m.add_class::<Sentence>()?;
    m.add_class::<Pair>()?;
    m.add_class::<Alignment>()?;
    m.add_class::<Aligner>()?;
    m.add_class::<AlignMany>()?;
    m.add_class::<BatchLines>()?;
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    m.add_function(wrap_pyfunction!(find, m)?)?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
