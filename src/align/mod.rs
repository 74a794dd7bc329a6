//! Alignment: which sentences of one edition translate which sentences of
//! the other.
//!
//! ```
//! use bitext::{Aligner, AlignConfig, Document, Lang};
//!
//! let ru = Document::segment("Где вы были в 1928 году? Отвечайте. Я был в Москве.\n", Lang::Russian);
//! let en = Document::segment("Where were you in 1928? Answer. I was in Moscow.\n", Lang::English);
//! let alignment = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//! let pairs: Vec<_> = alignment.beads().iter().map(|b| (b.src(), b.tgt())).collect();
//! assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The model
//! A bead joins `a` source sentences to `b` target sentences: 1:1, 1:0,
//! 0:1, 2:1, 1:2, 2:2 (optionally 3:1, 1:3, 3:2, 2:3:
//! [`AlignConfig::max_bead`]), and one sentence to up to 16 of the other
//! (1:k, k:1: [`AlignConfig::max_long_bead`]), the long ones priced only
//! where their lengths agree. The alignment is the monotone sequence of
//! beads of least total cost, found by dynamic programming:
//!
//! ```text
//! D(0, 0) = 0
//! D(i, j) = min over beads (a, b) of  D(i - a, j - b) + cost(src[i-a..i], tgt[j-b..j])
//! ```
//!
//! The cost of a bead adds the Gale & Church (1993) length cost, the
//! bead's prior, and a lexical cost in which each sentence of the bead
//! pays or earns by how much of its anchor weight (numbers, names and
//! cognates through transliteration, dictionary and learned word pairs)
//! the other side of the bead explains, against what as many unrelated
//! sentences would explain by chance: the evidence of a bead is the sum
//! of its sentences', so a merge never hides a sentence that nothing
//! supports. An omission (1:0 or 0:1) that continues a run of omissions on
//! its side costs [`AlignConfig::omission_run_discount`] less, so the DP
//! keeps, for each cell, the best path ending in each of the three bead
//! types.
//!
//! A first pass teaches the second: a lexicon (word pairs whose
//! co-occurrence chance cannot explain), the length model and the bead
//! priors, each estimate shrunk towards its starting value by the amount
//! of evidence behind it.

mod chunk;
mod cost;
mod dp;
mod turns;

use std::ops::Range;
use std::sync::Arc;

use crate::anchor::{Concepts, Lexicon, Shared, Side, StemDictionary};
use crate::error::{Error, ErrorKind, Result};
use crate::{Dictionary, Document};

use cost::{Problem, Sums};
use dp::{Band, Rect};
use rayon::prelude::*;

pub use cost::BeadCosts;

/// Settings of an [`Aligner`]. The defaults are the tuned values; each
/// field documents what it does. With the `serde` feature, a field missing
/// from what is read (a setting added after the settings were written)
/// takes its default.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let config: bitext::AlignConfig = serde_json::from_str(r#"{"lex_weight": 12.0}"#).unwrap();
/// assert_eq!(config.lex_weight, 12.0);
/// assert_eq!(config.max_bead, bitext::AlignConfig::default().max_bead);
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct AlignConfig {
    /// The largest number of sentences on one side of a bead with several
    /// sentences on both sides: 2 (beads up to 2:2) or 3 (also 3:2, 2:3
    /// and 3:1, 1:3). Default 2.
    pub max_bead: usize,
    /// The largest number of sentences a bead may join to one sentence of
    /// the other edition (1:k and k:1), for editions that cut the same
    /// text into sentences differently (one sentence ending in `;`
    /// against five, a long speech against several sentences). Beads past
    /// `max_bead` are priced only where their lengths agree. 0 or
    /// `max_bead` turns them off; at most 16. Default 16.
    pub max_long_bead: usize,
    /// The prior of a 1:k or k:1 bead falls by this factor for each
    /// sentence past the third.
    pub long_bead_decay: f64,
    /// How many beads' worth of evidence `priors` stand for: the second
    /// pass re-estimates the priors from the bead kinds of the first, as
    /// the posterior mean of a Dirichlet with this many pseudo-beads, so
    /// that a long document that often joins sentences is priced
    /// accordingly and a short one keeps the defaults.
    pub prior_strength: f64,
    /// Prior probabilities of the bead kinds, before normalisation:
    /// 1:1, 1:0 or 0:1 (both together), 2:1 or 1:2 (both together), 2:2,
    /// and each kind with 3 sentences on a side (past three, see
    /// `long_bead_decay`). The defaults are Gale & Church's (1993)
    /// estimates, 0.89, 0.0099, 0.089, 0.011, and 0.0005 for three; the
    /// second pass re-estimates them from the first (`prior_strength`).
    pub priors: [f64; 5],
    /// Weight of the lexical cost: how much shared anchors count against
    /// lengths. 0 gives pure Gale-Church.
    pub lex_weight: f64,
    /// Pseudo-weight that pulls the coverage of a sentence with few
    /// anchors towards what chance gives (`lex_baseline`).
    pub lex_shrink: f64,
    /// The share of a sentence's anchor weight that one unrelated
    /// sentence of the other edition explains by chance: a sentence whose
    /// counterpart explains just that much earns neither reward nor
    /// penalty. Against `k` sentences chance explains `1 - (1 -
    /// lex_baseline)^k`, so a bead that joins sentences gains nothing from
    /// what its extra sentences explain by chance.
    pub lex_baseline: f64,
    /// Extra cost of a 1:0 or 0:1 bead, on top of its prior and of half the
    /// lexical cost of a pair that shares nothing (`lex_weight *
    /// lex_baseline / 2`).
    pub skip_cost: f64,
    /// Cost per unit of difference in question marks, exclamation marks,
    /// quotation marks, parentheses and colons (each capped at 2).
    pub punct_weight: f64,
    /// Learn a lexicon from the document pair and realign (two passes).
    pub learn_lexicon: bool,
    /// Initial half width of the band around the diagonal of each chunk, as
    /// a fraction of the chunk's length (at least `band_min`); doubled
    /// until the best path keeps clear of the band's edges.
    pub band_fraction: f64,
    /// The smallest initial half width of a band around a chunk's diagonal,
    /// in sentences; a band that follows anchor pairs or a coarse
    /// alignment starts at a quarter of it.
    pub band_min: usize,
    /// The largest initial half width of a band, in sentences (the band is
    /// still widened beyond it when the path needs it).
    pub band_max: usize,
    /// Inputs longer than twice this many sentences are cut at confident
    /// anchor points into chunks of about this many sentences, aligned
    /// independently and in parallel.
    pub chunk_rows: usize,
    /// Search every cell of the table, without band or chunks (quadratic:
    /// for small inputs and for checking the banded search).
    pub full_dp: bool,
    /// Stop with an error instead of filling more than this many DP cells
    /// in one piece of the table, checked before anything is allocated. A
    /// cell takes about 120 bytes with `max_bead` 2 and 160 with 3, so the
    /// default, 50,000,000, bounds a piece at about 6 GB; real inputs stay far
    /// below it (a million sentences a side peak at under 2 GB in all).
    pub max_cells: usize,
    /// Temperature of the bead posteriors that give each bead its
    /// confidence: costs are divided by it before exponentiation. Higher
    /// values spread the probability over more alternative paths.
    pub temperature: f64,
    /// Weight of the speaker term: corresponding speakers earn this much,
    /// speakers known to differ pay it.
    pub speaker_weight: f64,
    /// How much less each omission after the first of a run costs (a run
    /// of sentences found in one edition only: a passage left out of the
    /// other), as gaps are priced in sequence alignment: opening a run
    /// costs the full price, extending it less. 0 prices every omission
    /// alike; the default, 2.5 (a third of an omission's price), was tuned
    /// on the dev sets and on Luke with a tenth of its English cut out
    /// (every Russian sentence of the cut passage then comes out
    /// unaligned, against 58 of 94 without the discount).
    pub omission_run_discount: f64,
    /// In transcripts (both documents with speaker turns), align the turns
    /// first and the sentences within aligned turns.
    pub turns_first: bool,
    /// Cost of a bead that ends a paragraph on one side only, when
    /// paragraphs agree perfectly; scaled down by how well the paragraphs
    /// of the pair agree in a first pass (not at all in a Bible whose
    /// paragraphs were made independently).
    pub paragraph_weight: f64,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig {
            max_bead: 2,
            max_long_bead: dp::MAX_LONG,
            long_bead_decay: 0.3,
            prior_strength: 200.0,
            priors: [0.89, 0.0099, 0.089, 0.011, 0.0005],
            lex_weight: 20.0,
            lex_shrink: 2.0,
            lex_baseline: 0.3,
            skip_cost: 0.0,
            punct_weight: 0.3,
            learn_lexicon: true,
            band_fraction: 0.1,
            band_min: 40,
            band_max: 60,
            chunk_rows: 250,
            full_dp: false,
            max_cells: 50_000_000,
            temperature: 1.0,
            speaker_weight: 3.0,
            omission_run_discount: 2.5,
            turns_first: true,
            paragraph_weight: 3.0,
        }
    }
}

impl AlignConfig {
    /// The prior probability of an `a`:`b` bead.
    pub(crate) fn prior(&self, a: usize, b: usize) -> f64 {
        let p = &self.priors;
        match (a, b) {
            (1, 1) => p[0],
            (1, 0) | (0, 1) => p[1] / 2.0,
            (2, 1) | (1, 2) => p[2] / 2.0,
            (2, 2) => p[3],
            (0, 0) => 0.0,
            _ => p[4],
        }
    }
}

/// A cost of one's own, added to the cost of every sentence bead the
/// aligner considers: `src_range` of `src` against `tgt_range` of `tgt`
/// (either may be empty for an omission). Lower is better; return 0 for
/// no opinion. Closures with the same signature implement it.
///
/// ```
/// use bitext::{AlignConfig, Aligner, Document, Lang};
/// // Penalise pairing sentences whose question marks disagree.
/// let questions = |src: &Document<'_>, s: std::ops::Range<usize>, tgt: &Document<'_>, t: std::ops::Range<usize>| {
///     let q = |d: &Document<'_>, r: std::ops::Range<usize>| r.filter(|&i| d.sentence_text(i).ends_with('?')).count();
///     if s.is_empty() || t.is_empty() { 0.0 } else { 2.0 * q(src, s).abs_diff(q(tgt, t)) as f64 }
/// };
/// let aligner = Aligner::new(AlignConfig::default()).with_extra_cost(questions);
/// let ru = Document::segment("Где вы были? Дома.\n", Lang::Russian);
/// let en = Document::segment("Where were you? At home.\n", Lang::English);
/// assert_eq!(aligner.align(&ru, &en)?.beads().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ExtraCost: Send + Sync {
    /// The extra cost of the bead.
    fn cost(&self, src: &Document<'_>, src_range: Range<usize>, tgt: &Document<'_>, tgt_range: Range<usize>) -> f64;
}

impl<F> ExtraCost for F
where
    F: Fn(&Document<'_>, Range<usize>, &Document<'_>, Range<usize>) -> f64 + Send + Sync,
{
    fn cost(&self, src: &Document<'_>, src_range: Range<usize>, tgt: &Document<'_>, tgt_range: Range<usize>) -> f64 {
        self(src, src_range, tgt, tgt_range)
    }
}

/// What a search is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    /// A first draft, read only for what it teaches (a lexicon, the length
    /// model, paragraph agreement): a band that the best path touches is
    /// not widened, and beads get no confidence.
    Draft,
    /// An alignment that is used as it is (the turns of a transcript):
    /// bands are widened until the best path keeps clear of their edges.
    Exact,
    /// The final alignment: widened bands, and bead confidences.
    Scored,
}

/// Most pairs of speaker names (source names times target names) for which
/// the turns of a transcript are aligned first.
const MAX_SPEAKER_PAIRS: usize = 1_000_000;

/// The fewest pieces for which a search reports its progress within the
/// stage.
const PROGRESS_PIECES: usize = 20;

/// Sentences a block of the coarse alignment that guides long bands.
const COARSE_BLOCK: usize = 8;

/// A path that comes within this many columns of a band's edge (not the
/// rectangle's) might be cut by it: the band is widened and searched again.
const EDGE_MARGIN: usize = 2;

/// A band is widened in the rows within this many rows of where the path
/// touched its edge.
const WIDEN_RADIUS: usize = 32;

type ExtraFn<'a> = dyn Fn(usize, usize, usize, usize) -> f64 + Sync + 'a;

/// Aligns documents. Immutable and `Send + Sync`: one aligner can serve
/// many threads.
#[derive(Clone)]
pub struct Aligner {
    config: AlignConfig,
    dictionary: Option<Arc<StemDictionary>>,
    extra: Option<Arc<dyn ExtraCost>>,
    progress: Option<Arc<ProgressFn>>,
}

/// A progress callback: called with the name of each stage as it starts.
type ProgressFn = dyn Fn(&str) + Send + Sync;

impl std::fmt::Debug for Aligner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("config", &self.config)
            .field("dictionary_size", &self.dictionary_size())
            .field("extra_cost", &self.extra.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Aligner {
    /// An aligner with `config` and no dictionary.
    pub fn new(config: AlignConfig) -> Aligner {
        Aligner { config, dictionary: None, extra: None, progress: None }
    }

    /// Calls `report` with the name of each stage of an alignment as it
    /// starts (analysing, aligning turns, first pass, learning the lexicon,
    /// second pass), for progress displays on long runs; a stage that
    /// aligns many pieces also reports each tenth of them done (`40 % of
    /// 362 pieces`). Reports may come from any thread; the alignment does
    /// not depend on them.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use bitext::{AlignConfig, Aligner, Document, Lang};
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let aligner = Aligner::new(AlignConfig::default())
    ///     .with_progress(move |stage| log.lock().unwrap().push(stage.to_string()));
    /// let ru = Document::segment("Где вы были? Дома.\n", Lang::Russian);
    /// let en = Document::segment("Where were you? At home.\n", Lang::English);
    /// aligner.align(&ru, &en)?;
    /// assert_eq!(seen.lock().unwrap()[0], "analysing words");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_progress(mut self, report: impl Fn(&str) + Send + Sync + 'static) -> Aligner {
        self.progress = Some(Arc::new(report));
        self
    }

    fn report(&self, stage: &str) {
        if let Some(p) = &self.progress {
            p(stage);
        }
    }

    /// Adds a cost of one's own to every sentence bead (see [`ExtraCost`]).
    pub fn with_extra_cost(mut self, cost: impl ExtraCost + 'static) -> Aligner {
        self.extra = Some(Arc::new(cost));
        self
    }

    /// Uses `dict` as a bilingual lexicon for document pairs in its
    /// languages (source to target as the dictionary is oriented; use
    /// [`Dictionary::reversed`] to turn it). Other language pairs ignore it.
    ///
    /// ```
    /// use bitext::{AlignConfig, Aligner, Dictionary, Lang};
    /// let dict = Dictionary::from_pairs(Lang::Russian, Lang::English, [("суд".into(), "court".into())]);
    /// let aligner = Aligner::new(AlignConfig::default()).with_dictionary(&dict);
    /// assert_eq!(aligner.dictionary_size(), 1);
    /// ```
    pub fn with_dictionary(mut self, dict: &Dictionary) -> Aligner {
        self.dictionary = Some(Arc::new(StemDictionary::new(dict)));
        self
    }

    /// The number of target stems the dictionary translates (0 without one).
    pub fn dictionary_size(&self) -> usize {
        self.dictionary.as_ref().map_or(0, |d| d.len())
    }

    /// The settings.
    pub fn config(&self) -> &AlignConfig {
        &self.config
    }

    /// The same aligner with long beads (1:k, k:1) turned off.
    fn without_long_beads(&self) -> Aligner {
        Aligner { config: AlignConfig { max_long_bead: 0, ..self.config.clone() }, ..self.clone() }
    }

    /// Aligns the sentences of `src` with those of `tgt`.
    ///
    /// When both documents have speaker turns (and `turns_first` is on),
    /// the turns are aligned first and sentences only within aligned turns.
    ///
    /// Blank sentences (the blank lines of [`InputMode::Lines`](crate::InputMode::Lines),
    /// see [`Document::is_blank`]) take no part in the search: the other
    /// sentences are aligned as if they were absent, and each blank one is
    /// then put back as a bead of its own, before the next bead that has a
    /// sentence on its side, paired 1:1 with a blank sentence of the other
    /// edition at the same place when there is one, else an omission (1:0
    /// or 0:1); a blank line between two sentences of one bead joins that
    /// bead. These beads cost 0 and have confidence 1. So thousands of blank
    /// lines cost no more than their count, and indices stay line indices.
    ///
    /// ```
    /// use bitext::{AlignConfig, Aligner, InputMode, Lang, Segmenter};
    /// let lines = |lang| Segmenter::new(lang).input(InputMode::Lines);
    /// let ru = lines(Lang::Russian).segment("Суд идет.\n\n\nПрошу встать.\n");
    /// let en = lines(Lang::English).segment("The Court is coming.\n\nPlease rise.\n");
    /// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
    /// let beads: Vec<_> = a.beads().iter().map(|b| (b.src(), b.tgt())).collect();
    /// assert_eq!(beads, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..3)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When the band would need more cells than `max_cells`, or when the
    /// memory for its tables cannot be had.
    pub fn align(&self, src: &Document<'_>, tgt: &Document<'_>) -> Result<Alignment> {
        let (sb, tb) = (src.without_blanks(), tgt.without_blanks());
        if sb.is_none() && tb.is_none() {
            return self.align_units(src, tgt, None);
        }
        let all = |d: &Document<'_>| (0..d.len()).collect::<Vec<usize>>();
        let (s, skeep) = sb.unwrap_or_else(|| (src.clone(), all(src)));
        let (t, tkeep) = tb.unwrap_or_else(|| (tgt.clone(), all(tgt)));
        let originals = Originals { src, tgt, src_keep: &skeep, tgt_keep: &tkeep };
        let inner = self.align_units(&s, &t, Some(&originals))?;
        let beads = restore_blanks(&inner.beads, (&skeep, &tkeep), (src.len(), tgt.len()));
        Ok(Alignment { beads, src_len: src.len(), tgt_len: tgt.len(), word_pairs: inner.word_pairs })
    }

    /// Aligns the sentences of `src` with those of `tgt`, all of them.
    /// When the two are `originals` without their blank sentences, a cost of
    /// one's own ([`ExtraCost`]) sees the original documents and indices.
    fn align_units(
        &self,
        src: &Document<'_>,
        tgt: &Document<'_>,
        originals: Option<&Originals<'_>>,
    ) -> Result<Alignment> {
        let (n, m) = (src.len(), tgt.len());
        let mut shared = Shared::default();
        self.report("analysing words");
        let (src_side, tgt_side) = Side::analyse_pair(src, tgt, &mut shared);
        self.report("building anchor concepts");
        let mut problem = Problem {
            src_chars: src.sentences().iter().map(|s| s.chars()).collect(),
            tgt_chars: tgt.sentences().iter().map(|s| s.chars()).collect(),
            src_punct: src_side.punct.clone(),
            tgt_punct: tgt_side.punct.clone(),
            concepts: Concepts::build(&src_side, &tgt_side, &shared, &Lexicon::empty(0)),
            speakers: None,
            groups: None,
            src_para_end: paragraph_ends(src),
            tgt_para_end: paragraph_ends(tgt),
            para_weight: 0.0,
        };
        let dict_lex = match &self.dictionary {
            Some(d) if d.src == Some(src.lang()) && d.tgt == Some(tgt.lang()) => Some(d.lexicon(&src_side, &tgt_side)),
            _ => None,
        };
        if let Some(lex) = &dict_lex {
            problem.concepts = Concepts::build(&src_side, &tgt_side, &shared, lex);
        }
        let (ls, lt): (usize, usize) = (problem.src_chars.iter().sum(), problem.tgt_chars.iter().sum());
        let mut ratio = if ls > 0 && lt > 0 { lt as f64 / ls as f64 } else { 1.0 };
        let mut variance = 6.8;
        // One edition with many more sentences than the other: the ratio of
        // the total lengths is wrong when the surplus is text present in one
        // edition only (one edition five times longer), and the ratio of the
        // mean sentence lengths is wrong when the same text is split into
        // more sentences. The one whose alignment costs less is kept.
        let per_sentence = if n > 0 && m > 0 { ratio * n as f64 / m as f64 } else { ratio };
        if (per_sentence / ratio).max(ratio / per_sentence) > 1.5 {
            self.report("estimating the length ratio");
            // without long beads, which would let the wrong ratio join the
            // surplus to the sentences it lengthens
            let short = self.without_long_beads();
            let cost = |r: f64| -> Result<f64> {
                Ok(short.search(&problem, r, variance, None, Pass::Draft)?.iter().map(|b| b.cost).sum())
            };
            if cost(per_sentence)? < cost(ratio)? {
                ratio = per_sentence;
            }
        }
        if self.config.turns_first && src.has_speakers() && tgt.has_speakers() {
            self.report("aligning speaker turns");
            problem.groups = Some(self.turn_groups(src, tgt, &problem.concepts, ratio)?);
        }
        let passes = if self.config.learn_lexicon { 2 } else { 1 };
        let mut beads = Vec::new();
        let mut used = dict_lex.clone().unwrap_or_default();
        // the second pass prices bead kinds by how often the first found them
        let mut tuned = self.clone();
        let extra = self.extra.as_ref().map(|e| {
            move |i0: usize, i1: usize, j0: usize, j1: usize| match originals {
                Some(o) => e.cost(o.src, o.src_range(i0..i1), o.tgt, o.tgt_range(j0..j1)),
                None => e.cost(src, i0..i1, tgt, j0..j1),
            }
        });
        let extra: Option<&(dyn Fn(usize, usize, usize, usize) -> f64 + Sync)> =
            extra.as_ref().map(|f| f as &(dyn Fn(usize, usize, usize, usize) -> f64 + Sync));
        for pass in 0..passes {
            self.report(if pass == 0 { "aligning sentences (first pass)" } else { "aligning sentences (second pass)" });
            let kind = if pass + 1 == passes { Pass::Scored } else { Pass::Draft };
            beads = tuned.search(&problem, ratio, variance, extra, kind)?;
            if pass + 1 < passes {
                tuned.config.priors = bead_priors(&beads, &self.config.priors, self.config.prior_strength);
                let ones: Vec<(usize, usize)> =
                    beads.iter().filter(|b| b.kind() == (1, 1)).map(|b| (b.src.start, b.tgt.start)).collect();
                self.report("learning a lexicon from the first pass");
                let mut lex = Lexicon::learn(&src_side, &tgt_side, &ones, 2, 0.3, 3);
                if let Some(d) = &dict_lex {
                    lex.merge(d);
                }
                (ratio, variance) = length_model(&beads, &problem.src_chars, &problem.tgt_chars, ratio, variance);
                problem.para_weight = self.config.paragraph_weight * paragraph_agreement(&beads, &problem);
                // the old concepts go before the new ones are built: a long
                // book must not hold both
                problem.concepts = Concepts::default();
                problem.concepts = Concepts::build(&src_side, &tgt_side, &shared, &lex);
                used = lex;
            }
        }
        let mut word_pairs: Vec<(String, String)> = used
            .tgt_to_src
            .iter()
            .enumerate()
            .flat_map(|(t, srcs)| {
                let (ss, ts) = (&src_side.stem_names, &tgt_side.stem_names);
                srcs.iter().map(move |&s| (ss[s as usize].clone(), ts[t].clone()))
            })
            .collect();
        word_pairs.sort();
        Ok(Alignment { beads, src_len: n, tgt_len: m, word_pairs })
    }

    /// Aligns the speaker turns (all utterances) of two transcripts and
    /// returns the sentence groups they make.
    fn turn_groups(
        &self,
        src: &Document<'_>,
        tgt: &Document<'_>,
        concepts: &Concepts,
        ratio: f64,
    ) -> Result<Vec<Rect>> {
        let units = |d: &Document<'_>| -> Vec<std::ops::Range<usize>> {
            d.utterances().iter().map(|u| u.sentences()).collect()
        };
        let (su, tu) = (units(src), units(tgt));
        let chars = |d: &Document<'_>, us: &[std::ops::Range<usize>]| -> Vec<usize> {
            us.iter().map(|r| d.sentences()[r.clone()].iter().map(|s| s.chars()).sum()).collect()
        };
        let punct = |d: &Document<'_>, us: &[std::ops::Range<usize>]| -> Vec<[u8; 5]> {
            let _ = d;
            vec![[0u8; 5]; us.len()]
        };
        let (sn, tn) = (turns::names(src), turns::names(tgt));
        // the speaker relation has a cell for each pair of names: with too
        // many names (a glossary in capitals reads like a transcript), the
        // sentences are aligned without turns
        if sn.names.len().saturating_mul(tn.names.len()) > MAX_SPEAKER_PAIRS {
            return Ok(vec![Rect { i0: 0, i1: src.len(), j0: 0, j1: tgt.len() }]);
        }
        let mut problem = Problem {
            src_chars: chars(src, &su),
            tgt_chars: chars(tgt, &tu),
            src_punct: punct(src, &su),
            tgt_punct: punct(tgt, &tu),
            concepts: concepts.grouped(&su, &tu),
            speakers: Some(turns::speakers(&sn, &tn, &[])),
            groups: None,
            src_para_end: vec![false; su.len()],
            tgt_para_end: vec![false; tu.len()],
            para_weight: 0.0,
        };
        let first = self.search(&problem, ratio, 6.8, None, Pass::Draft)?;
        let learned = turns::learn_map(&first, &sn, &tn);
        problem.speakers = Some(turns::speakers(&sn, &tn, &learned));
        let beads = self.search(&problem, ratio, 6.8, None, Pass::Exact)?;
        Ok(turns::groups(&beads, &su, &tu))
    }

    /// Finds the best beads of `problem`. The table is split into
    /// rectangles that the path must cross corner to corner: the problem's
    /// groups (aligned turns) if it has some, cut further at confident
    /// anchor points when they are long ([`chunk`]). Each rectangle is
    /// aligned on its own, in parallel, in a band around its diagonal that
    /// is widened until the best path keeps clear of its edges (except in a
    /// [`Pass::Draft`]). In a [`Pass::Scored`], beads also get their
    /// posterior probability.
    fn search(
        &self,
        problem: &Problem,
        ratio: f64,
        variance: f64,
        extra: Option<&ExtraFn<'_>>,
        pass: Pass,
    ) -> Result<Vec<Bead>> {
        let (n, m) = (problem.n(), problem.m());
        let whole = Rect { i0: 0, i1: n, j0: 0, j1: m };
        let groups = problem.groups.clone().unwrap_or_else(|| vec![whole]);
        // each piece with the anchor pairs its band follows
        let mut rects: Vec<(Rect, Vec<(usize, usize)>)> = Vec::with_capacity(groups.len());
        for g in groups {
            let mut from = (g.i0, g.j0);
            if !self.config.full_dp && g.rows() > 2 * self.config.chunk_rows {
                let plan = chunk::plan(problem, g, self.config.chunk_rows);
                let mut chain = plan.chain.into_iter().peekable();
                for (i, j) in plan.cuts.into_iter().chain(std::iter::once((g.i1, g.j1))) {
                    let mut inside = Vec::new();
                    while let Some(&(a, _)) = chain.peek() {
                        if a >= i {
                            break;
                        }
                        inside.push(chain.next().expect("peeked"));
                    }
                    rects.push((Rect { i0: from.0, i1: i, j0: from.1, j1: j }, inside));
                    from = (i, j);
                }
            } else {
                rects.push((g, Vec::new()));
            }
        }
        let sums = Sums::new(problem, &self.config);
        // long pieces with few anchors follow the path of a coarse alignment
        // instead, in a band as narrow as one that follows anchors (a wider
        // one was measured no more accurate on the New Testament as one
        // document, ×1, ×2 and ×19; the final pass widens it where needed)
        rects.par_iter_mut().try_for_each(|(r, anchors)| -> Result<()> {
            if !self.config.full_dp && r.rows() > 2 * COARSE_BLOCK * 25 && anchors.len() < r.rows() / 50 {
                *anchors = self.coarse_path(problem, *r, ratio, variance)?;
            }
            Ok(())
        })?;
        let half = self.config.band_min / 4;
        // progress by tenths of the pieces, when there are many
        let done = std::sync::Mutex::new(0usize);
        let parts: Vec<Result<Vec<Bead>>> = rects
            .par_iter()
            .map(|(r, c)| {
                let beads = self.search_rect(problem, &sums, *r, c, half, ratio, variance, extra, pass);
                if self.progress.is_some() && rects.len() >= PROGRESS_PIECES {
                    // counted and reported under one lock, so that reports
                    // come in order
                    let mut k = done.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    *k += 1;
                    let tenths = 10 * *k / rects.len();
                    if tenths > 10 * (*k - 1) / rects.len() && *k < rects.len() {
                        self.report(&format!("{} % of {} pieces", 10 * tenths, rects.len()));
                    }
                }
                beads
            })
            .collect();
        let mut beads = Vec::with_capacity(n.max(m));
        for p in parts {
            beads.extend(p?);
        }
        Ok(beads)
    }

    /// The path of a coarse alignment of rectangle `r`: blocks of
    /// [`COARSE_BLOCK`] sentences aligned as units (lengths and anchors
    /// pooled), their corners mapped back to sentences. The fine band then
    /// follows it (downsampling as Vecalign does).
    fn coarse_path(&self, problem: &Problem, r: Rect, ratio: f64, variance: f64) -> Result<Vec<(usize, usize)>> {
        let blocks = |a: usize, b: usize| -> Vec<Range<usize>> {
            (a..b).step_by(COARSE_BLOCK).map(|k| k..(k + COARSE_BLOCK).min(b)).collect()
        };
        let (sb, tb) = (blocks(r.i0, r.i1), blocks(r.j0, r.j1));
        let sum =
            |v: &[usize], bs: &[Range<usize>]| -> Vec<usize> { bs.iter().map(|b| v[b.clone()].iter().sum()).collect() };
        let punct = |v: &[[u8; 5]], bs: &[Range<usize>]| -> Vec<[u8; 5]> {
            bs.iter()
                .map(|b| {
                    let mut acc = [0u8; 5];
                    for p in &v[b.clone()] {
                        for k in 0..5 {
                            acc[k] = acc[k].saturating_add(p[k]);
                        }
                    }
                    acc
                })
                .collect()
        };
        let coarse = Problem {
            src_chars: sum(&problem.src_chars, &sb),
            tgt_chars: sum(&problem.tgt_chars, &tb),
            src_punct: punct(&problem.src_punct, &sb),
            tgt_punct: punct(&problem.tgt_punct, &tb),
            concepts: problem.concepts.grouped(&sb, &tb),
            speakers: None,
            groups: None,
            src_para_end: vec![false; sb.len()],
            tgt_para_end: vec![false; tb.len()],
            para_weight: 0.0,
        };
        let whole = Rect { i0: 0, i1: sb.len(), j0: 0, j1: tb.len() };
        let sums = Sums::new(&coarse, &self.config);
        // blocks of sentences need no long beads: a block's sentences
        // already pool what long beads would join
        let blocks = self.without_long_beads();
        let beads = blocks.search_rect(&coarse, &sums, whole, &[], 0, ratio, variance, None, Pass::Exact)?;
        Ok(beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| (sb[b.src.start].start, tb[b.tgt.start].start))
            .collect())
    }

    /// Aligns one rectangle (see [`search`](Self::search)).
    #[allow(clippy::too_many_arguments)]
    fn search_rect(
        &self,
        problem: &Problem,
        sums: &Sums,
        r: Rect,
        anchors: &[(usize, usize)],
        guided_half: usize,
        ratio: f64,
        variance: f64,
        extra: Option<&ExtraFn<'_>>,
        pass: Pass,
    ) -> Result<Vec<Bead>> {
        if r.rows() == 0 && r.cols() == 0 {
            return Ok(Vec::new());
        }
        let kinds = dp::bead_kinds(self.config.max_bead);
        let (rows, cols) = (r.rows(), r.cols());
        // a band that follows anchor pairs may be narrow; one that follows
        // the bare diagonal must allow for drift
        let mut half = if anchors.len() >= 2 {
            guided_half.max(1)
        } else {
            ((rows.max(cols) as f64 * self.config.band_fraction) as usize)
                .min(self.config.band_max)
                .max(self.config.band_min)
                .max(rows.abs_diff(cols) + 10)
        };
        // the last try: its costs, tables and the path that touched its edge
        let mut last: Option<Attempt<'_>> = None;
        // memory that cannot be had is reported with the cell limit
        let limit = |e: Error| e.with_cell_limit(self.config.max_cells);
        loop {
            let full = self.config.full_dp || Band::diagonal_cells(r, half) >= (rows + 1) * (cols + 1);
            let needed = if full { (rows + 1) * (cols + 1) } else { Band::diagonal_cells(r, half) };
            if needed > self.config.max_cells {
                return Err(Error::new(ErrorKind::Limit {
                    what: "DP cell",
                    limit: self.config.max_cells,
                    needed,
                    hint: "raise AlignConfig::max_cells (--max-cells) or narrow AlignConfig::band_fraction",
                    at: None,
                }));
            }
            let band = match (full, anchors.len() >= 2, &last) {
                (true, _, _) => Band::full(r),
                // widened where the last path touched its edge
                (false, _, Some(a)) => a.costs.band().widened(&a.path, EDGE_MARGIN, half / 2, WIDEN_RADIUS),
                (false, true, None) => Band::along(r, anchors, half),
                (false, false, None) => Band::diagonal(r, half),
            };
            // what the last try computed for the rows whose columns did not
            // change still holds: a retry prices only the widened rows and
            // those that reach into them
            let earlier = last.take();
            let unchanged = earlier.as_ref().map(|a| band.unchanged_since(a.costs.band()));
            let reuse = earlier.as_ref().zip(unchanged.as_ref());
            let costs =
                BeadCosts::new(problem, sums, band, ratio, variance, &self.config, reuse.map(|(a, u)| (&a.costs, u)))
                    .map_err(limit)?;
            #[cfg(debug_assertions)]
            let price = |i0: usize, i1: usize, j0: usize, j1: usize| {
                let c = costs.cost(i0, i1, j0, j1);
                match extra {
                    Some(f) => c + f(i0, i1, j0, j1),
                    None => c,
                }
            };
            let long_from = self.config.max_bead + 1;
            let long_to = if pass == Pass::Draft { long_from } else { self.config.max_long_bead.min(dp::MAX_LONG) };
            let long = dp::LongBeads::new(costs.band(), |i| match reuse {
                // a long bead reaches long_to rows up
                Some((a, u)) if u.rows(i, long_to) => Ok(a.long.in_row(a.costs.band(), i)),
                _ => costs.long_row(i, long_from..=long_to, extra),
            })
            .map_err(limit)?;
            let table = dp::cost_table(costs.band(), &kinds, |i, out| {
                if let Some((a, _)) = reuse.filter(|(_, u)| u.rows(i, self.config.max_bead)) {
                    let band = a.costs.band();
                    let start = band.index(i, band.cols(i).start).expect("an unchanged row") * kinds.len();
                    out.copy_from_slice(&a.table[start..start + out.len()]);
                    return;
                }
                costs.row(i, &kinds, out);
                if let Some(f) = extra {
                    for (j, cell) in costs.band().cols(i).zip(out.chunks_exact_mut(kinds.len())) {
                        for (&(a, b), c) in kinds.iter().zip(cell) {
                            if c.is_finite() {
                                *c += f(i - a, i, j - b, j);
                            }
                        }
                    }
                }
            })
            .map_err(limit)?;
            let discount = self.config.omission_run_discount;
            let path = dp::run(costs.band(), &kinds, &table, &long, discount).map_err(limit)?;
            let settled = costs.band().is_full();
            match path {
                Some(p) if settled || pass == Pass::Draft || !costs.band().touches_edge(&p.cells, EDGE_MARGIN) => {
                    // re-scoring the path gives the DP's own increments
                    // (debug builds: the tests and the fuzzers)
                    #[cfg(debug_assertions)]
                    for ((c, t), &continued) in p.cells.windows(2).zip(p.total.windows(2)).zip(&p.continued) {
                        let again = price(c[0].0, c[1].0, c[0].1, c[1].1) - if continued { discount } else { 0.0 };
                        let tolerance = 1e-9 * (1.0 + t[0].abs() + t[1].abs());
                        assert!((t[1] - t[0] - again).abs() <= tolerance, "bead {c:?} costs {again}, DP says {t:?}");
                    }
                    let post = if pass == Pass::Scored {
                        dp::posteriors(costs.band(), &kinds, &table, &long, &p.cells, self.config.temperature, discount)
                            .map_err(limit)?
                    } else {
                        vec![0.0; p.cells.len().saturating_sub(1)]
                    };
                    let beads = p
                        .cells
                        .windows(2)
                        .zip(p.total.windows(2))
                        .zip(post)
                        .map(|((c, t), confidence)| {
                            let cost = t[1] - t[0];
                            Bead { src: c[0].0..c[1].0, tgt: c[0].1..c[1].1, cost, confidence }
                        })
                        .collect();
                    return Ok(beads);
                }
                _ if settled => return Err(Error::invalid("no alignment path found")),
                Some(p) => {
                    drop(earlier);
                    last = Some(Attempt { costs, table, long, path: p.cells });
                    half *= 2;
                }
                None => half *= 2,
            }
        }
    }
}

/// One try of [`Aligner::search_rect`] whose path touched the band's edge:
/// what the retry in a widened band reuses.
struct Attempt<'p> {
    costs: BeadCosts<'p>,
    table: Vec<f64>,
    long: dp::LongBeads,
    path: Vec<(usize, usize)>,
}

/// Two documents whose blank sentences were left out of the alignment:
/// the originals, and the index there of each sentence kept.
struct Originals<'a> {
    src: &'a Document<'a>,
    tgt: &'a Document<'a>,
    src_keep: &'a [usize],
    tgt_keep: &'a [usize],
}

impl Originals<'_> {
    /// The original source indices of kept sentences `r`.
    fn src_range(&self, r: Range<usize>) -> Range<usize> {
        original_range(self.src_keep, self.src.len(), r)
    }
    /// The original target indices of kept sentences `r`.
    fn tgt_range(&self, r: Range<usize>) -> Range<usize> {
        original_range(self.tgt_keep, self.tgt.len(), r)
    }
}

/// The original indices of kept sentences `r` (`keep[k]` is the original
/// index of kept sentence `k`, of `len` in all): from the first to the last,
/// blank ones between included; an empty range stands before the next kept
/// sentence.
fn original_range(keep: &[usize], len: usize, r: Range<usize>) -> Range<usize> {
    if r.is_empty() {
        let at = keep.get(r.start).copied().unwrap_or(len);
        return at..at;
    }
    keep[r.start]..keep[r.end - 1] + 1
}

/// The beads of an alignment of documents without their blank sentences,
/// with the blank ones put back (see [`Aligner::align`]): `keep` holds the
/// original index of each sentence kept, `len` the original lengths.
fn restore_blanks(beads: &[Bead], keep: (&[usize], &[usize]), len: (usize, usize)) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len() + len.0 - keep.0.len() + len.1 - keep.1.len());
    // the blank sentences src[i..i1] and tgt[j..j1], as beads of their own
    let blanks = |out: &mut Vec<Bead>, (i, i1): (usize, usize), (j, j1): (usize, usize)| {
        let paired = (i1 - i).min(j1 - j);
        let bead = |src: Range<usize>, tgt: Range<usize>| Bead { src, tgt, cost: 0.0, confidence: 1.0 };
        out.extend((0..paired).map(|k| bead(i + k..i + k + 1, j + k..j + k + 1)));
        out.extend((i + paired..i1).map(|a| bead(a..a + 1, j1..j1)));
        out.extend((j + paired..j1).map(|b| bead(i1..i1, b..b + 1)));
    };
    let (mut i, mut j) = (0, 0);
    for b in beads {
        let s = if b.src.is_empty() { i..i } else { original_range(keep.0, len.0, b.src.clone()) };
        let t = if b.tgt.is_empty() { j..j } else { original_range(keep.1, len.1, b.tgt.clone()) };
        blanks(&mut out, (i, s.start), (j, t.start));
        (i, j) = (s.end, t.end);
        out.push(Bead { src: s, tgt: t, ..b.clone() });
    }
    blanks(&mut out, (i, len.0), (j, len.1));
    out
}

/// For each sentence, whether it is the last of its paragraph.
fn paragraph_ends(doc: &Document<'_>) -> Vec<bool> {
    let s = doc.sentences();
    (0..s.len()).map(|i| i + 1 == s.len() || s[i + 1].paragraph() != s[i].paragraph()).collect()
}

/// How well paragraph breaks agree in a first-pass alignment, in [0, 1]:
/// the share of bead ends at a source paragraph end that are also at a
/// target paragraph end, above what chance gives (the share of target
/// sentences that end a paragraph), rescaled so that chance is 0 and
/// perfect agreement 1. In a Bible whose paragraphs do not correspond
/// this is near 0; in news and stories paragraphed alike, near 1.
fn paragraph_agreement(beads: &[Bead], p: &Problem) -> f64 {
    let ends = |v: &[bool]| v.iter().filter(|&&e| e).count();
    let (se, te) = (ends(&p.src_para_end), ends(&p.tgt_para_end));
    if se < 2 || te < 2 || p.m() == 0 {
        return 0.0;
    }
    let chance = te as f64 / p.m() as f64;
    let (mut both, mut src_only) = (0usize, 0usize);
    for b in beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()) {
        if p.src_para_end[b.src.end - 1] {
            if p.tgt_para_end[b.tgt.end - 1] {
                both += 1;
            } else {
                src_only += 1;
            }
        }
    }
    let total = both + src_only;
    if total == 0 || chance >= 1.0 {
        return 0.0;
    }
    let rate = both as f64 / total as f64;
    ((rate - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// The bead-kind priors after a first pass: the Dirichlet posterior mean
/// of the share of each class of bead (1:1, omissions, 2:1 and 1:2, 2:2,
/// three or more sentences on a side), with `prior` as its mean and
/// `strength` pseudo-beads behind it. A short document moves the priors
/// little; a long one whose editions often join sentences (or never do)
/// gets priors that say so. The total mass of the priors is kept.
fn bead_priors(beads: &[Bead], prior: &[f64; 5], strength: f64) -> [f64; 5] {
    let class = |b: &Bead| match b.kind() {
        (1, 1) => 0,
        (0, _) | (_, 0) => 1,
        (2, 1) | (1, 2) => 2,
        (2, 2) => 3,
        _ => 4,
    };
    let mut counts = [0.0f64; 5];
    for b in beads {
        counts[class(b)] += 1.0;
    }
    // the last entry is the prior of one kind; the class holds two (3:1 and 1:3)
    let mass = [prior[0], prior[1], prior[2], prior[3], 2.0 * prior[4]];
    let total: f64 = mass.iter().sum();
    let n: f64 = counts.iter().sum();
    if total <= 0.0 || strength.is_nan() || strength <= 0.0 {
        return *prior;
    }
    let mut out = [0.0; 5];
    for c in 0..5 {
        let share = (strength * mass[c] / total + counts[c]) / (strength + n);
        out[c] = share * total;
    }
    out[4] /= 2.0;
    out
}

/// How many 1:1 beads' worth of evidence the length model's starting
/// values stand for: the ratio of the documents' total lengths, and Gale
/// & Church's variance (6.8, their estimate for English, French and
/// German).
const LENGTH_PRIOR_BEADS: f64 = 20.0;

/// Re-estimates the length ratio and variance from the 1:1 beads of a first
/// pass, shrunk towards the starting values by the amount of evidence: each
/// is the mean of the starting value (standing for
/// [`LENGTH_PRIOR_BEADS`] beads) and the estimate from the `n` beads
/// (standing for `n`), so that ten sentences move the model a little and a
/// book moves it all the way. The estimates: the ratio of the beads' total
/// lengths, and a robust variance (the median squared deviation over the
/// median of a chi-square with one degree of freedom, 0.455).
fn length_model(beads: &[Bead], src: &[usize], tgt: &[usize], ratio: f64, variance: f64) -> (f64, f64) {
    let ones: Vec<(f64, f64)> = beads
        .iter()
        .filter(|b| b.kind() == (1, 1))
        .map(|b| (src[b.src.start] as f64, tgt[b.tgt.start] as f64))
        .filter(|&(a, b)| a > 0.0 && b > 0.0)
        .collect();
    if ones.is_empty() {
        return (ratio, variance);
    }
    let (sa, sb) = ones.iter().fold((0.0, 0.0), |(x, y), &(a, b)| (x + a, y + b));
    let n = ones.len() as f64;
    let shrink = |prior: f64, estimate: f64| (LENGTH_PRIOR_BEADS * prior + n * estimate) / (LENGTH_PRIOR_BEADS + n);
    let c = shrink(ratio, sb / sa);
    let mut dev: Vec<f64> = ones
        .iter()
        .map(|&(a, b)| {
            let mean = (a + b / c) / 2.0;
            (a * c - b).powi(2) / (mean * c)
        })
        .collect();
    dev.sort_by(f64::total_cmp);
    let med = dev[dev.len() / 2];
    let var = shrink(variance, med / 0.455).clamp(1.0, 50.0);
    (c, var)
}

/// A group of source sentences aligned with a group of target sentences.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Bead {
    pub(crate) src: Range<usize>,
    pub(crate) tgt: Range<usize>,
    pub(crate) cost: f64,
    pub(crate) confidence: f64,
}

impl Bead {
    /// The source sentence indices (empty for a 0:1 bead).
    pub fn src(&self) -> Range<usize> {
        self.src.clone()
    }
    /// The target sentence indices (empty for a 1:0 bead).
    pub fn tgt(&self) -> Range<usize> {
        self.tgt.clone()
    }
    /// The bead's kind as (source count, target count): (1, 1), (2, 1), (0, 1), ...
    pub fn kind(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }
    /// The bead's cost in the model (lower is better).
    pub fn cost(&self) -> f64 {
        self.cost
    }
    /// How sure the aligner is of this bead, in [0, 1].
    pub fn confidence(&self) -> f64 {
        self.confidence
    }
    /// True for 1:0 and 0:1 beads (text present in one edition only).
    pub fn is_omission(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// The result of aligning two documents: a monotone sequence of beads that
/// covers every sentence of both documents exactly once.
///
/// With the `serde` feature it can be written and read back (as JSON, for
/// example); reading checks these invariants (beads in order, each sentence
/// in exactly one bead, no empty bead, finite costs, confidences in [0, 1])
/// and fails on a value that breaks them, so that a read alignment is as
/// safe to use as one the aligner made.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawAlignment"))]
pub struct Alignment {
    pub(crate) beads: Vec<Bead>,
    pub(crate) src_len: usize,
    pub(crate) tgt_len: usize,
    /// Stem pairs (source, target) of the lexicon the final pass used:
    /// dictionary pairs found in the documents and pairs learned from them.
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) word_pairs: Vec<(String, String)>,
}

/// An [`Alignment`] as read, before its invariants are checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawAlignment {
    beads: Vec<Bead>,
    src_len: usize,
    tgt_len: usize,
    #[serde(default)]
    word_pairs: Vec<(String, String)>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawAlignment> for Alignment {
    type Error = String;
    fn try_from(raw: RawAlignment) -> std::result::Result<Alignment, String> {
        let (mut i, mut j) = (0, 0);
        for (k, b) in raw.beads.iter().enumerate() {
            if b.src.start != i || b.tgt.start != j || b.src.end < i || b.tgt.end < j {
                return Err(format!(
                    "bead {k} covers source {:?} and target {:?} where source {i}.. and target {j}.. come next \
                     (beads must be in order and cover every sentence once)",
                    b.src, b.tgt
                ));
            }
            if b.src.is_empty() && b.tgt.is_empty() {
                return Err(format!("bead {k} is empty on both sides"));
            }
            if !b.cost.is_finite() || !(0.0..=1.0).contains(&b.confidence) {
                return Err(format!("bead {k}: cost {} must be finite, confidence {} in [0, 1]", b.cost, b.confidence));
            }
            (i, j) = (b.src.end, b.tgt.end);
        }
        if (i, j) != (raw.src_len, raw.tgt_len) {
            return Err(format!(
                "the beads cover {i} source and {j} target sentences, not the {} and {} the alignment has",
                raw.src_len, raw.tgt_len
            ));
        }
        Ok(Alignment { beads: raw.beads, src_len: raw.src_len, tgt_len: raw.tgt_len, word_pairs: raw.word_pairs })
    }
}

impl Alignment {
    /// The beads, in order.
    pub fn beads(&self) -> &[Bead] {
        &self.beads
    }
    /// The number of source sentences.
    pub fn src_len(&self) -> usize {
        self.src_len
    }
    /// The number of target sentences.
    pub fn tgt_len(&self) -> usize {
        self.tgt_len
    }
    /// The stem pairs (source stem, target stem) that the final pass of the
    /// aligner treated as translations: dictionary pairs present in the two
    /// documents and pairs learned from them, sorted. Stems are Snowball
    /// stems of lower-cased words (`благочестив`, `pious`).
    pub fn word_pairs(&self) -> &[(String, String)] {
        &self.word_pairs
    }

    /// The total cost of the beads.
    pub fn total_cost(&self) -> f64 {
        self.beads.iter().map(|b| b.cost).sum()
    }
}
