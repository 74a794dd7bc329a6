//! The aligner's settings and the hook for a cost of one's own.

use std::ops::Range;

use super::dp;
use crate::error::{Error, Result};
use crate::Document;

/// Settings of an [`Aligner`](crate::Aligner). The defaults are the tuned values; each
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
#[non_exhaustive]
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
    pub priors: Priors,
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
            priors: Priors::GALE_CHURCH,
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

/// A setter for each field of [`AlignConfig`], named as the field.
macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        impl AlignConfig {
            $(
                #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").")]
                pub fn $field(mut self, value: $ty) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

setters! {
    max_bead: usize,
    max_long_bead: usize,
    long_bead_decay: f64,
    prior_strength: f64,
    priors: Priors,
    lex_weight: f64,
    lex_shrink: f64,
    lex_baseline: f64,
    skip_cost: f64,
    punct_weight: f64,
    learn_lexicon: bool,
    band_fraction: f64,
    band_min: usize,
    band_max: usize,
    chunk_rows: usize,
    full_dp: bool,
    max_cells: usize,
    temperature: f64,
    speaker_weight: f64,
    omission_run_discount: f64,
    turns_first: bool,
    paragraph_weight: f64,
}

/// Prior probabilities of the bead kinds, before normalisation (see
/// [`AlignConfig::priors`]). Read and written as an array of five numbers
/// in this order.
///
/// ```
/// use bitext::{AlignConfig, Priors};
/// let config = AlignConfig::default().priors(Priors { omission: 0.02, ..Priors::GALE_CHURCH });
/// assert_eq!(config.priors.to_array()[1], 0.02);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "[f64; 5]", into = "[f64; 5]"))]
pub struct Priors {
    /// 1:1.
    pub one_to_one: f64,
    /// 1:0 and 0:1 together.
    pub omission: f64,
    /// 2:1 and 1:2 together.
    pub two_to_one: f64,
    /// 2:2.
    pub two_to_two: f64,
    /// Each kind with 3 sentences on a side (and, decaying, longer ones).
    pub three: f64,
}

impl Priors {
    /// Gale & Church's (1993) estimates: 0.89, 0.0099, 0.089, 0.011, and
    /// 0.0005 for three sentences on a side.
    pub const GALE_CHURCH: Priors =
        Priors { one_to_one: 0.89, omission: 0.0099, two_to_one: 0.089, two_to_two: 0.011, three: 0.0005 };

    /// The five, in the order of the fields.
    pub fn to_array(self) -> [f64; 5] {
        [self.one_to_one, self.omission, self.two_to_one, self.two_to_two, self.three]
    }

    /// From five numbers, in the order of the fields.
    pub fn from_array(p: [f64; 5]) -> Priors {
        Priors { one_to_one: p[0], omission: p[1], two_to_one: p[2], two_to_two: p[3], three: p[4] }
    }
}

impl From<[f64; 5]> for Priors {
    fn from(p: [f64; 5]) -> Priors {
        Priors::from_array(p)
    }
}

impl From<Priors> for [f64; 5] {
    fn from(p: Priors) -> [f64; 5] {
        p.to_array()
    }
}

impl AlignConfig {
    /// Checks that the settings make sense: every number finite, weights
    /// and counts not negative, a positive temperature, priors that are
    /// probabilities, `max_bead` 2 or 3. [`Aligner::align`](crate::Aligner::align)
    /// checks them before it starts.
    ///
    /// ```
    /// use bitext::{AlignConfig, ErrorKind};
    /// assert!(AlignConfig::default().validate().is_ok());
    /// let bad = AlignConfig::default().temperature(0.0);
    /// let err = bad.validate().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Invalid);
    /// assert!(err.to_string().contains("temperature"), "{err}");
    /// ```
    ///
    /// # Errors
    /// An error naming the first setting out of its range.
    pub fn validate(&self) -> Result<()> {
        let bad = |name: &str, value: &dyn std::fmt::Display, rule: &str| {
            Err(Error::invalid(format!("AlignConfig::{name} is {value}; it must be {rule}")))
        };
        let weights = [
            ("long_bead_decay", self.long_bead_decay),
            ("prior_strength", self.prior_strength),
            ("lex_weight", self.lex_weight),
            ("lex_shrink", self.lex_shrink),
            ("lex_baseline", self.lex_baseline),
            ("punct_weight", self.punct_weight),
            ("band_fraction", self.band_fraction),
            ("speaker_weight", self.speaker_weight),
            ("omission_run_discount", self.omission_run_discount),
            ("paragraph_weight", self.paragraph_weight),
        ];
        for (name, v) in weights {
            if !(v.is_finite() && v >= 0.0) {
                return bad(name, &v, "a finite number, 0 or more");
            }
        }
        if !self.skip_cost.is_finite() {
            return bad("skip_cost", &self.skip_cost, "finite");
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0) {
            return bad("temperature", &self.temperature, "a finite number above 0");
        }
        if self.lex_baseline >= 1.0 {
            return bad("lex_baseline", &self.lex_baseline, "below 1");
        }
        let priors = self.priors.to_array();
        if priors.iter().any(|p| !(p.is_finite() && *p >= 0.0)) || priors.iter().sum::<f64>() <= 0.0 {
            return bad("priors", &format!("{priors:?}"), "finite, 0 or more, and not all 0");
        }
        if !(2..=3).contains(&self.max_bead) {
            return bad("max_bead", &self.max_bead, "2 or 3");
        }
        for (name, v) in [("chunk_rows", self.chunk_rows), ("max_cells", self.max_cells)] {
            if v == 0 {
                return bad(name, &v, "at least 1");
            }
        }
        Ok(())
    }

    /// The prior probability of an `a`:`b` bead.
    pub(crate) fn prior(&self, a: usize, b: usize) -> f64 {
        let p = &self.priors;
        match (a, b) {
            (1, 1) => p.one_to_one,
            (1, 0) | (0, 1) => p.omission / 2.0,
            (2, 1) | (1, 2) => p.two_to_one / 2.0,
            (2, 2) => p.two_to_two,
            (0, 0) => 0.0,
            _ => p.three,
        }
    }
}

/// A cost of one's own, added to the cost of every sentence bead the
/// aligner considers: `src_range` of `src` against `tgt_range` of `tgt`
/// (either may be empty for an omission). Lower is better; return 0 for
/// no opinion, `f64::INFINITY` to forbid the bead. NaN and minus infinity
/// make [`Aligner::align`](crate::Aligner::align) fail with an error that
/// names the bead, as does a cost that forbids every path. Closures with
/// the same signature implement it.
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
