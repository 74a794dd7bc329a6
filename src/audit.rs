//! Where two aligned editions diverge, in reading order: passages present
//! in one edition only, beads the aligner is unsure of, speakers that do
//! not correspond, and numbers that differ between a sentence and its
//! counterpart.
//!
//! ```
//! use bitext::{audit, AlignConfig, Aligner, AuditOptions, Document, Issue, Lang};
//!
//! let ru = Document::segment(
//!     "Вышинский. Когда это было?\n\nБухарин. Летом 1932 г.\n\nВышинский. Где?\n\nБухарин. В Москве.\n",
//!     Lang::Russian,
//! );
//! let en = Document::segment(
//!     "VYSHINSKY: When was that?\n\nBUKHARIN: In the summer of 1933.\n\nVYSHINSKY: Where?\n\nBUKHARIN: In Moscow.\n",
//!     Lang::English,
//! );
//! let alignment = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//! let report = audit(&alignment, &ru, &en, &AuditOptions::default())?;
//! assert_eq!(report.summary.number_mismatches, 1);
//! let Issue::NumberMismatch { src_only, tgt_only } = &report.findings[0].issue else { panic!() };
//! assert_eq!((src_only[0].value.as_str(), tgt_only[0].value.as_str()), ("1932", "1933"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is flagged
//! * **One edition only**: a run of consecutive beads that have sentences
//!   in one edition and none in the other (1:0 or 0:1), with its size in
//!   sentences, characters and speaker turns. A run that has both 1:0 and
//!   0:1 beads gives one finding per edition.
//! * **Low confidence**: a bead with both sides whose confidence is below
//!   [`AuditOptions::min_confidence`] (default 0.5). Passages in one
//!   edition only carry their lowest confidence instead.
//! * **Speaker mismatch**: a bead whose speakers do not correspond. The
//!   correspondence is learned from the alignment itself: every speaker's
//!   counterpart is the speaker it is most often paired with in 1:1 beads
//!   (at least twice, and in at least half of its 1:1 beads with a
//!   speaker on both sides). A bead is flagged when one of its speakers has
//!   a counterpart and no speaker of the other side is that counterpart
//!   nor has the first speaker as its own.
//! * **Number mismatch**: a bead with both sides where a number occurs on
//!   one side and not on the other. Numbers are compared by value
//!   (`250 000` = `250,000`, `3,5` = `3.5`; see [`crate::query`]), so a
//!   translation that writes numbers its own way is not flagged, but a year
//!   1932 against 1933 is. A number written in words on one side (`two`,
//!   `1930-е` against `thirties`) is flagged too: a careful reader checks it.

use std::collections::{BTreeMap, HashMap};

use std::ops::Range;

use crate::query::{self, pair_at, Edition, PairSide};
use crate::{Alignment, Bead, Document, Result};

/// What [`audit`] checks.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AuditOptions {
    /// Beads (with both sides) below this confidence are flagged. Default 0.5.
    pub min_confidence: f64,
    /// Flag speaker mismatches. Default on.
    pub speakers: bool,
    /// Flag numbers that differ. Default on.
    pub numbers: bool,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions { min_confidence: 0.5, speakers: true, numbers: true }
    }
}

impl AuditOptions {
    /// Sets [`min_confidence`](Self::min_confidence).
    pub fn min_confidence(mut self, threshold: f64) -> Self {
        self.min_confidence = threshold;
        self
    }
    /// Sets [`speakers`](Self::speakers).
    pub fn speakers(mut self, yes: bool) -> Self {
        self.speakers = yes;
        self
    }
    /// Sets [`numbers`](Self::numbers).
    pub fn numbers(mut self, yes: bool) -> Self {
        self.numbers = yes;
        self
    }
}

/// A number as written in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Number {
    /// Byte span in the edition's text.
    pub span: Range<usize>,
    /// As written (`250 000`).
    pub text: String,
    /// Normalised value (`250000`, `3.5`).
    pub value: String,
}

/// What is wrong at a place.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Issue {
    /// A passage present in one edition only.
    OneEditionOnly {
        /// The edition that has it.
        edition: Edition,
        /// Its sentences (blank lines of `InputMode::Lines` not counted; a
        /// run of blank lines alone is no finding).
        sentences: usize,
        /// Its characters (sentences' own text, not labels).
        chars: usize,
        /// The speaker turns it touches (stage directions, headings and
        /// prose paragraphs are not turns).
        turns: usize,
    },
    /// A bead the aligner is unsure of.
    LowConfidence,
    /// Speakers that do not correspond.
    SpeakerMismatch {
        /// The source side's speaker.
        src_speaker: String,
        /// The target side's speaker.
        tgt_speaker: String,
        /// The source speaker's usual counterpart, if it has one.
        expected_tgt: Option<String>,
        /// The target speaker's usual counterpart, if it has one.
        expected_src: Option<String>,
    },
    /// Numbers on one side that the other side lacks.
    NumberMismatch {
        /// In the source side only.
        src_only: Vec<Number>,
        /// In the target side only.
        tgt_only: Vec<Number>,
    },
}

impl Issue {
    /// `one_edition_only`, `low_confidence`, `speaker_mismatch` or `number_mismatch`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Issue::OneEditionOnly { .. } => "one_edition_only",
            Issue::LowConfidence => "low_confidence",
            Issue::SpeakerMismatch { .. } => "speaker_mismatch",
            Issue::NumberMismatch { .. } => "number_mismatch",
        }
    }
}

/// One place where the editions diverge.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Finding {
    /// The beads concerned (several for a passage in one edition only).
    pub beads: Range<usize>,
    /// The source side of those beads.
    pub src: PairSide,
    /// The target side.
    pub tgt: PairSide,
    /// The lowest confidence among the beads.
    pub confidence: f64,
    /// What is wrong.
    pub issue: Issue,
}

/// The size of what one edition has alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Extent {
    /// Passages (runs of beads).
    pub passages: usize,
    /// Sentences.
    pub sentences: usize,
    /// Characters.
    pub chars: usize,
}

/// Counts over the whole alignment.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Summary {
    /// Beads.
    pub beads: usize,
    /// Sentences of the source edition.
    pub src_sentences: usize,
    /// Sentences of the target edition.
    pub tgt_sentences: usize,
    /// Mean confidence of the beads.
    pub mean_confidence: f64,
    /// What the source edition has alone.
    pub src_only: Extent,
    /// What the target edition has alone.
    pub tgt_only: Extent,
    /// Beads below the confidence threshold.
    pub low_confidence: usize,
    /// The threshold used.
    pub min_confidence: f64,
    /// Beads whose speakers do not correspond.
    pub speaker_mismatches: usize,
    /// Beads whose numbers differ.
    pub number_mismatches: usize,
}

/// Two speakers found to correspond, with the number of 1:1 beads that
/// pair them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SpeakerPair {
    /// The source edition's name.
    pub src: String,
    /// The target edition's name.
    pub tgt: String,
    /// 1:1 beads that pair them.
    pub beads: usize,
}

/// The result of [`audit`]: a summary, the speaker correspondence, and
/// the findings in reading order.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Audit {
    /// Counts.
    pub summary: Summary,
    /// Speakers that correspond, most frequent first.
    pub speakers: Vec<SpeakerPair>,
    /// The findings, in reading order (by bead; at one bead, in the order
    /// of [`Issue`]'s variants).
    pub findings: Vec<Finding>,
}

impl Audit {
    /// The findings at bead `bead` (passages that include it too).
    pub fn at(&self, bead: usize) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.beads.contains(&bead))
    }
}

/// Audits an alignment of `src` and `tgt` (the documents that were
/// aligned): see [the module docs](mod@crate::audit) for what is flagged.
///
/// # Errors
/// [`ErrorKind::MismatchedDocuments`](crate::ErrorKind::MismatchedDocuments)
/// when the documents are not the ones aligned.
pub fn audit(alignment: &Alignment, src: &Document<'_>, tgt: &Document<'_>, options: &AuditOptions) -> Result<Audit> {
    alignment.check_documents(src, tgt)?;
    let beads = alignment.beads();
    let mut summary = Summary {
        beads: beads.len(),
        src_sentences: src.len(),
        tgt_sentences: tgt.len(),
        min_confidence: options.min_confidence,
        ..Summary::default()
    };
    if !beads.is_empty() {
        summary.mean_confidence = beads.iter().map(|b| b.confidence()).sum::<f64>() / beads.len() as f64;
    }
    let mut findings = one_edition_passages(beads, src, tgt, &mut summary);
    let map = if options.speakers { speaker_map(alignment, src, tgt) } else { SpeakerMap::default() };
    findings.extend(bead_findings(alignment, src, tgt, options, &map, &mut summary));
    findings.sort_by_key(|f| (f.beads.start, rank(&f.issue)));
    Ok(Audit { summary, speakers: map.pairs, findings })
}

/// The passages in one edition only: runs of omissions of the same
/// edition, each counted in `summary`.
fn one_edition_passages(beads: &[Bead], src: &Document<'_>, tgt: &Document<'_>, summary: &mut Summary) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut k = 0;
    while k < beads.len() {
        let side = match beads[k].kind() {
            (_, 0) => Edition::Source,
            (0, _) => Edition::Target,
            _ => {
                k += 1;
                continue;
            }
        };
        let start = k;
        while k < beads.len()
            && beads[k].is_omission()
            && side.pick(beads[k].tgt().is_empty(), beads[k].src().is_empty())
        {
            k += 1;
        }
        let run = start..k;
        let src_r = beads[start].src().start..beads[k - 1].src().end;
        let tgt_r = beads[start].tgt().start..beads[k - 1].tgt().end;
        let doc = side.pick(src, tgt);
        let sentences = side.pick(src_r.clone(), tgt_r.clone());
        let chars = sentences.clone().map(|i| doc.sentences()[i].chars()).sum();
        // blank lines (`InputMode::Lines`) have no counterpart to miss
        if chars == 0 {
            continue;
        }
        let texts = sentences.clone().filter(|&i| !doc.is_blank(i)).count();
        let mut utterances: Vec<usize> = sentences
            .clone()
            .map(|i| doc.sentences()[i].utterance())
            .filter(|&u| doc.utterances()[u].kind() == crate::UtteranceKind::Turn)
            .collect();
        utterances.dedup();
        let extent = side.pick(&mut summary.src_only, &mut summary.tgt_only);
        extent.passages += 1;
        extent.sentences += texts;
        extent.chars += chars;
        findings.push(Finding {
            beads: run.clone(),
            src: side_of(src, src_r),
            tgt: side_of(tgt, tgt_r),
            confidence: beads[run].iter().map(|b| b.confidence()).fold(1.0, f64::min),
            issue: Issue::OneEditionOnly { edition: side, sentences: texts, chars, turns: utterances.len() },
        });
    }
    findings
}

/// The findings on beads with both sides: low confidence, speakers that do
/// not match, numbers in one side only; each counted in `summary`.
fn bead_findings(
    alignment: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    options: &AuditOptions,
    map: &SpeakerMap,
    summary: &mut Summary,
) -> Vec<Finding> {
    let (src_tokens, tgt_tokens) = if options.numbers {
        (query::document_tokens(src), query::document_tokens(tgt))
    } else {
        (Vec::new(), Vec::new())
    };
    let mut findings = Vec::new();
    for (k, b) in alignment.beads().iter().enumerate() {
        if b.is_omission() {
            continue;
        }
        let mut issues = Vec::new();
        if b.confidence() < options.min_confidence {
            summary.low_confidence += 1;
            issues.push(Issue::LowConfidence);
        }
        if options.speakers {
            if let Some(issue) = map.check(src, b.src(), tgt, b.tgt()) {
                summary.speaker_mismatches += 1;
                issues.push(issue);
            }
        }
        if options.numbers {
            let (so, to) = number_difference(src, &src_tokens, b.src(), tgt, &tgt_tokens, b.tgt());
            if !so.is_empty() || !to.is_empty() {
                summary.number_mismatches += 1;
                issues.push(Issue::NumberMismatch { src_only: so, tgt_only: to });
            }
        }
        for issue in issues {
            let p = pair_at(alignment, src, tgt, k);
            findings.push(Finding { beads: k..k + 1, src: p.src, tgt: p.tgt, confidence: p.confidence, issue });
        }
    }
    findings
}

fn rank(issue: &Issue) -> u8 {
    match issue {
        Issue::OneEditionOnly { .. } => 0,
        Issue::LowConfidence => 1,
        Issue::SpeakerMismatch { .. } => 2,
        Issue::NumberMismatch { .. } => 3,
    }
}

fn side_of(doc: &Document<'_>, sentences: Range<usize>) -> PairSide {
    PairSide::of(doc, sentences)
}

/// The learned correspondence of speaker names.
#[derive(Debug, Default)]
struct SpeakerMap {
    src_to_tgt: HashMap<String, String>,
    tgt_to_src: HashMap<String, String>,
    pairs: Vec<SpeakerPair>,
    /// Each edition's speakers, one spelling a speaker (see [`spellings`]).
    src_names: HashMap<String, String>,
    tgt_names: HashMap<String, String>,
}

/// The speakers of an edition, one spelling each: an edition that writes
/// `VYSHINSKY:` and `Vyshinsky:` has one speaker, named as first written.
/// Maps each name as written to that spelling.
fn spellings(doc: &Document<'_>) -> HashMap<String, String> {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut out = HashMap::new();
    for u in doc.utterances() {
        if let Some(name) = u.speaker() {
            let spelling = first.entry(name.to_lowercase()).or_insert_with(|| name.to_string()).clone();
            out.insert(name.to_string(), spelling);
        }
    }
    out
}

/// The speaker of sentence `i`, in its edition's one spelling.
fn speaker_of<'m>(doc: &Document<'_>, names: &'m HashMap<String, String>, i: usize) -> Option<&'m str> {
    doc.speaker(i).and_then(|s| names.get(s)).map(String::as_str)
}

/// Learns which speakers correspond from the 1:1 beads with a speaker on
/// both sides.
fn speaker_map(alignment: &Alignment, src: &Document<'_>, tgt: &Document<'_>) -> SpeakerMap {
    let (src_names, tgt_names) = (spellings(src), spellings(tgt));
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut per_src: HashMap<&str, usize> = HashMap::new();
    let mut per_tgt: HashMap<&str, usize> = HashMap::new();
    for b in alignment.beads().iter().filter(|b| b.kind() == (1, 1)) {
        let (s, t) = (speaker_of(src, &src_names, b.src().start), speaker_of(tgt, &tgt_names, b.tgt().start));
        if let (Some(s), Some(t)) = (s, t) {
            *counts.entry((s, t)).or_default() += 1;
            *per_src.entry(s).or_default() += 1;
            *per_tgt.entry(t).or_default() += 1;
        }
    }
    let s2t = best_partners(&counts, &per_src, false);
    let t2s = best_partners(&counts, &per_tgt, true);
    let mut pairs: Vec<SpeakerPair> = s2t
        .iter()
        .filter(|(s, (t, _))| t2s.get(t).is_some_and(|(back, _)| back == *s))
        .map(|(s, (t, n))| SpeakerPair { src: s.clone(), tgt: t.clone(), beads: *n })
        .collect();
    pairs.sort_by(|a, b| b.beads.cmp(&a.beads).then_with(|| a.src.cmp(&b.src)));
    SpeakerMap {
        src_to_tgt: s2t.into_iter().map(|(s, (t, _))| (s, t)).collect(),
        tgt_to_src: t2s.into_iter().map(|(t, (s, _))| (t, s)).collect(),
        pairs,
        src_names,
        tgt_names,
    }
}

/// For every speaker of one side (the target side when `reversed`), its
/// most frequent partner, kept when they pair at least twice and in at
/// least half of the speaker's 1:1 beads.
fn best_partners(
    counts: &BTreeMap<(&str, &str), usize>,
    totals: &HashMap<&str, usize>,
    reversed: bool,
) -> HashMap<String, (String, usize)> {
    let mut out: HashMap<String, (String, usize)> = HashMap::new();
    for (&(s, t), &n) in counts {
        let (me, other) = if reversed { (t, s) } else { (s, t) };
        if n >= 2 && 2 * n >= totals[me] && out.get(me).is_none_or(|(_, m)| n > *m) {
            out.insert(me.to_string(), (other.to_string(), n));
        }
    }
    out
}

impl SpeakerMap {
    /// A speaker mismatch between the sentences `s` of `src` and `t` of `tgt`, if any.
    fn check(&self, src: &Document<'_>, s: Range<usize>, tgt: &Document<'_>, t: Range<usize>) -> Option<Issue> {
        let names = |d: &Document<'_>, spelt: &HashMap<String, String>, r: Range<usize>| -> Vec<String> {
            let mut v: Vec<String> = r.filter_map(|i| speaker_of(d, spelt, i).map(str::to_string)).collect();
            v.dedup();
            v
        };
        let (ss, ts) = (names(src, &self.src_names, s), names(tgt, &self.tgt_names, t));
        if ss.is_empty() || ts.is_empty() {
            return None;
        }
        let agree = |a: &String, b: &String| -> bool {
            let (fa, fb) = (self.src_to_tgt.get(a), self.tgt_to_src.get(b));
            fa == Some(b) || fb == Some(a) || (fa.is_none() && fb.is_none())
        };
        if ss.iter().any(|a| ts.iter().any(|b| agree(a, b))) {
            return None;
        }
        let (a, b) = (&ss[0], &ts[0]);
        Some(Issue::SpeakerMismatch {
            src_speaker: a.clone(),
            tgt_speaker: b.clone(),
            expected_tgt: self.src_to_tgt.get(a).cloned(),
            expected_src: self.tgt_to_src.get(b).cloned(),
        })
    }
}

/// The numbers of sentences `s` of `src` missing from sentences `t` of
/// `tgt`, and the other way round (as sets of values).
fn number_difference(
    src: &Document<'_>,
    src_tokens: &[Vec<query::Token>],
    s: Range<usize>,
    tgt: &Document<'_>,
    tgt_tokens: &[Vec<query::Token>],
    t: Range<usize>,
) -> (Vec<Number>, Vec<Number>) {
    let nums = |d: &Document<'_>, toks: &[Vec<query::Token>], r: Range<usize>| -> Vec<Number> {
        r.flat_map(|i| toks[i].iter())
            .filter(|t| t.number)
            .map(|t| Number { span: t.span.clone(), text: d.text()[t.span.clone()].to_string(), value: t.key.clone() })
            .collect()
    };
    let (a, b) = (nums(src, src_tokens, s), nums(tgt, tgt_tokens, t));
    let only = |x: &[Number], y: &[Number]| -> Vec<Number> {
        x.iter().filter(|n| !y.iter().any(|m| m.value == n.value)).cloned().collect()
    };
    (only(&a, &b), only(&b, &a))
}
