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
//! A bead joins `a` source sentences to `b` target sentences (1:1, 1:0,
//! 0:1, 2:1, 1:2, 2:2, optionally up to 3). The alignment is the monotone
//! sequence of beads of least total cost, found by dynamic programming:
//!
//! ```text
//! D(0, 0) = 0
//! D(i, j) = min over beads (a, b) of  D(i - a, j - b) + cost(src[i-a..i], tgt[j-b..j])
//! ```
//!
//! The cost of a bead adds the Gale & Church (1993) length cost, the
//! bead's prior, and a lexical cost from shared anchors (numbers, names and
//! cognates through transliteration, dictionary and learned word pairs).

mod cost;
mod dp;

use std::ops::Range;

use crate::error::Result;
use crate::Document;

pub use cost::BeadCosts;

/// Settings of an [`Aligner`]. The defaults are the tuned values; each
/// field documents what it does.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AlignConfig {
    /// The largest number of sentences on one side of a bead: 2 (beads up
    /// to 2:2) or 3 (also 3:1, 1:3, 3:2, 2:3). Default 2.
    pub max_bead: usize,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig { max_bead: 2 }
    }
}

/// Aligns documents. Immutable and `Send + Sync`: one aligner can serve
/// many threads.
#[derive(Clone, Debug)]
pub struct Aligner {
    config: AlignConfig,
}

impl Aligner {
    /// An aligner with `config`.
    pub fn new(config: AlignConfig) -> Aligner {
        Aligner { config }
    }

    /// The settings.
    pub fn config(&self) -> &AlignConfig {
        &self.config
    }

    /// Aligns the sentences of `src` with those of `tgt`.
    ///
    /// # Errors
    /// When a configured limit would be exceeded.
    pub fn align(&self, src: &Document<'_>, tgt: &Document<'_>) -> Result<Alignment> {
        let costs = BeadCosts::new(src, tgt, &self.config);
        let beads = dp::align_full(src.len(), tgt.len(), &costs, self.config.max_bead);
        Ok(Alignment { beads, src_len: src.len(), tgt_len: tgt.len() })
    }
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
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Alignment {
    pub(crate) beads: Vec<Bead>,
    pub(crate) src_len: usize,
    pub(crate) tgt_len: usize,
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
    /// The total cost of the beads.
    pub fn total_cost(&self) -> f64 {
        self.beads.iter().map(|b| b.cost).sum()
    }
}
