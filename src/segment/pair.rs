//! Two editions segmented together: their languages, and each edition's
//! speakers as evidence for the other's labels. What `bitext align`, `bitext
//! batch` and the Python package do before aligning.

use super::{Document, InputMode, Segmenter};
use crate::{Edition, Error, Lang};

/// The languages of two editions: the given ones, else detected from the
/// script of the text. A blank edition (empty, or only whitespace) takes
/// the other's language, since it has no words to analyse; two blank ones
/// are English.
///
/// ```
/// use bitext::{pair_langs, Edition, Lang};
/// assert_eq!(pair_langs("Суд идет.", "The Court.", (None, None)), Ok((Lang::Russian, Lang::English)));
/// assert_eq!(pair_langs("", "The Court.", (None, None)), Ok((Lang::English, Lang::English)));
/// assert_eq!(pair_langs("1937", "The Court.", (None, None)), Err(Edition::Source));
/// ```
///
/// # Errors
/// The edition whose language cannot be told (it has text but no
/// letters) and was not given, so that the caller can say how to give it.
pub fn pair_langs(src: &str, tgt: &str, given: (Option<Lang>, Option<Lang>)) -> Result<(Lang, Lang), Edition> {
    let pick = |given: Option<Lang>, text: &str, edition: Edition| match given {
        Some(lang) => Ok(Some(lang)),
        None if text.trim_start_matches('\u{feff}').trim().is_empty() => Ok(None),
        None => Lang::detect(text).map(Some).ok_or(edition),
    };
    let sl = pick(given.0, src, Edition::Source)?;
    let tl = pick(given.1, tgt, Edition::Target)?;
    Ok(match (sl, tl) {
        (Some(s), Some(t)) => (s, t),
        (Some(s), None) => (s, s),
        (None, Some(t)) => (t, t),
        (None, None) => (Lang::English, Lang::English),
    })
}

/// Segments two editions of one text, at the same time, in `langs` (see
/// [`pair_langs`]): each with a [`Segmenter`] in `input` mode with a cap
/// of `max_sentence_chars`, then again with the other's speakers as
/// evidence ([`Segmenter::with_speakers_of`]) when the other has any.
///
/// ```
/// use bitext::{segment_pair, InputMode, Lang, Segmenter};
/// let (ru, en) = segment_pair(
///     ("Суд идет. Прошу встать.\n", "The Court is coming. Please rise.\n"),
///     (Lang::Russian, Lang::English),
///     InputMode::Text,
///     Segmenter::DEFAULT_MAX_SENTENCE_CHARS,
/// )
/// .map_err(|(_, e)| e)?;
/// assert_eq!((ru.len(), en.len()), (2, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// The edition that failed and its error (a line over the cap with
/// [`InputMode::Lines`]).
pub fn segment_pair<'a>(
    (src, tgt): (&'a str, &'a str),
    (sl, tl): (Lang, Lang),
    input: InputMode,
    max_sentence_chars: usize,
) -> Result<(Document<'a>, Document<'a>), (Edition, Error)> {
    let segmenter = |lang| Segmenter::new(lang).input(input).max_sentence_chars(max_sentence_chars);
    let (s, t) = rayon::join(|| segmenter(sl).try_segment(src), || segmenter(tl).try_segment(tgt));
    let s = s.map_err(|e| (Edition::Source, e))?;
    let t = t.map_err(|e| (Edition::Target, e))?;
    // each edition's speakers are evidence for the other's labels heard
    // once: read again when the other has any
    let again = |lang, text, other: &Document<'_>| {
        other.has_speakers().then(|| segmenter(lang).with_speakers_of(other).try_segment(text))
    };
    let (s_again, t_again) = rayon::join(|| again(sl, src, &t), || again(tl, tgt, &s));
    let s = s_again.transpose().map_err(|e| (Edition::Source, e))?.unwrap_or(s);
    let t = t_again.transpose().map_err(|e| (Edition::Target, e))?.unwrap_or(t);
    Ok((s, t))
}
