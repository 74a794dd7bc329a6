//! What the aligner gives: beads, and the alignment they make, with the
//! invariants every alignment keeps (checked when one is read).

use std::ops::Range;

use crate::error::{Error, Result};

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
    /// A bead joining source sentences `src` to target sentences `tgt`, with
    /// its cost in the model and its confidence. [`Alignment::from_beads`]
    /// checks that beads make an alignment.
    ///
    /// ```
    /// let b = bitext::Bead::new(0..2, 0..1, 1.5, 0.9);
    /// assert_eq!((b.kind(), b.cost(), b.confidence()), ((2, 1), 1.5, 0.9));
    /// ```
    pub fn new(src: Range<usize>, tgt: Range<usize>, cost: f64, confidence: f64) -> Bead {
        Bead { src, tgt, cost, confidence }
    }

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
        let a = Alignment::from_beads(raw.beads, raw.src_len, raw.tgt_len).map_err(|e| e.to_string())?;
        Ok(Alignment { word_pairs: raw.word_pairs, ..a })
    }
}

impl Alignment {
    /// The alignment that `beads` make of `src_len` source and `tgt_len`
    /// target sentences, checked: beads in order, each sentence in exactly
    /// one bead, no bead empty on both sides, finite costs, confidences in
    /// [0, 1]. Reading an alignment (serde) checks the same.
    ///
    /// ```
    /// use bitext::{Alignment, Bead};
    /// let a = Alignment::from_beads(vec![Bead::new(0..1, 0..2, 0.0, 1.0), Bead::new(1..2, 2..2, 0.0, 1.0)], 2, 2)?;
    /// assert_eq!(a.beads().len(), 2);
    /// // a sentence left out
    /// assert!(Alignment::from_beads(vec![Bead::new(0..1, 0..1, 0.0, 1.0)], 2, 1).is_err());
    /// # Ok::<(), bitext::Error>(())
    /// ```
    ///
    /// # Errors
    /// When the beads break one of these rules; the message names the bead.
    pub fn from_beads(beads: Vec<Bead>, src_len: usize, tgt_len: usize) -> Result<Alignment> {
        let (mut i, mut j) = (0, 0);
        for (k, b) in beads.iter().enumerate() {
            if b.src.start != i || b.tgt.start != j || b.src.end < i || b.tgt.end < j {
                return Err(Error::invalid(format!(
                    "bead {k} covers source {:?} and target {:?} where source {i}.. and target {j}.. come next \
                     (beads must be in order and cover every sentence once)",
                    b.src, b.tgt
                )));
            }
            if b.src.is_empty() && b.tgt.is_empty() {
                return Err(Error::invalid(format!("bead {k} is empty on both sides")));
            }
            if !b.cost.is_finite() || !(0.0..=1.0).contains(&b.confidence) {
                return Err(Error::invalid(format!(
                    "bead {k}: cost {} must be finite, confidence {} in [0, 1]",
                    b.cost, b.confidence
                )));
            }
            (i, j) = (b.src.end, b.tgt.end);
        }
        if (i, j) != (src_len, tgt_len) {
            return Err(Error::invalid(format!(
                "the beads cover {i} source and {j} target sentences, not the {src_len} and {tgt_len} the alignment has"
            )));
        }
        Ok(Alignment { beads, src_len, tgt_len, word_pairs: Vec::new() })
    }

    /// Checks that `src` and `tgt` can be the documents this alignment was
    /// made of: as many sentences as it says, in that order.
    ///
    /// ```
    /// use bitext::{AlignConfig, Aligner, Document, ErrorKind, Lang};
    /// let ru = Document::segment("Где вы были? Дома.\n", Lang::Russian);
    /// let en = Document::segment("Where were you?\n", Lang::English);
    /// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
    /// assert!(a.check_documents(&ru, &en).is_ok());
    /// assert_eq!(a.check_documents(&en, &ru).unwrap_err().kind(), ErrorKind::MismatchedDocuments);
    /// # Ok::<(), bitext::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::MismatchedDocuments`](crate::ErrorKind::MismatchedDocuments)
    /// when a document's sentence count is not the alignment's.
    pub fn check_documents(&self, src: &crate::Document<'_>, tgt: &crate::Document<'_>) -> Result<()> {
        if src.len() != self.src_len {
            return Err(Error::mismatch("source", self.src_len, src.len()));
        }
        if tgt.len() != self.tgt_len {
            return Err(Error::mismatch("target", self.tgt_len, tgt.len()));
        }
        Ok(())
    }

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
