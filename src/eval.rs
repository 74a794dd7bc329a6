//! Scoring alignments against gold alignments made by people.
//!
//! Two kinds of gold are read (see `../shared/data/README.md`):
//!
//! * **Ladders**, one bead a line as Vecalign and the Text+Berg gold write
//!   them (`[0, 1]:[2]`): scored with strict and lax precision, recall and
//!   F1 ([`score_ladder`]), as Sennrich & Volk (2011) defined them and
//!   Vecalign's `score.py` computes them.
//! * **Blocks**, byte ranges on both sides that people aligned (a news
//!   segment, a verse, a paragraph), coarser than sentences: scored by block
//!   consistency ([`score_blocks`]; [`judge_blocks`] gives the verdict on
//!   each bead too).
//!
//! [`Calibration`] says how well bead confidences match how often beads
//! are right. Counts add up over documents ([`LadderCounts`],
//! [`BlockScores::add`], [`Calibration::merge`]), so a corpus is scored as
//! one. Running an aligner over a whole data folder, with a table and
//! floors, is the command's job: `bitext eval`.
//!
//! ```
//! use bitext::eval::{read_ladder, score_ladder};
//!
//! let gold = read_ladder("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n", "gold")?;
//! let pred = read_ladder("[0]:[0]\n[1]:[1]\n[2]:[2]\n", "pred")?;
//! let s = score_ladder(&pred, &gold);
//! assert_eq!(s.strict.precision, 1.0 / 3.0);
//! assert_eq!(s.lax.precision, 2.0 / 3.0);
//! # Ok::<(), bitext::Error>(())
//! ```

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use crate::align::{Alignment, Bead};
use crate::error::{Error, Result};
use crate::Document;

/// A ladder: one bead a rung, as (source sentence indices, target sentence
/// indices), 0-based. `(vec![0, 1], vec![2])` is the line `[0, 1]:[2]`.
pub type Ladder = Vec<(Vec<usize>, Vec<usize>)>;

// ---------------------------------------------------------------------------
// Ladders
// ---------------------------------------------------------------------------

/// Reads a ladder in the Vecalign / Text+Berg format: one bead a line,
/// `[0, 1]:[2]` (source lines 0 and 1 translate target line 2), `[]:[5]`
/// (target line 5 has no counterpart). A trailing score, as Vecalign writes
/// it (`[3]:[4]:0.871`), is accepted and ignored; blank lines are skipped.
///
/// # Errors
/// A parse error naming `path_for_errors` and the 1-based line number for
/// a line that is not of that shape.
///
/// ```
/// use bitext::eval::read_ladder;
///
/// let ladder = read_ladder("[0, 1]:[2]\n[]:[3]:0.25\n", "dev.defr")?;
/// assert_eq!(ladder, vec![(vec![0, 1], vec![2]), (vec![], vec![3])]);
///
/// let err = read_ladder("[0]:[0]\n[1]-[1]\n", "dev.defr").unwrap_err();
/// assert!(err.to_string().starts_with("dev.defr:2:"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn read_ladder(text: &str, path_for_errors: &str) -> Result<Ladder> {
    let mut out = Vec::new();
    // the line that holds each sentence, per side: a sentence in two beads
    // would be scored twice
    let mut seen: [HashMap<usize, usize>; 2] = Default::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| Error::parse(path_for_errors, n + 1, msg);
        let bead = parse_rung(line).map_err(|msg| err(format!("{msg} in `{line}`")))?;
        for (side, (ids, name)) in [(&bead.0, "source"), (&bead.1, "target")].into_iter().enumerate() {
            for &id in ids {
                if let Some(first) = seen[side].insert(id, n + 1) {
                    let where_ =
                        if first == n + 1 { "earlier in this line".to_string() } else { format!("on line {first}") };
                    return Err(err(format!(
                        "{name} sentence {id} in `{line}` is already in a bead {where_}; \
                         each sentence belongs to one bead"
                    )));
                }
            }
        }
        out.push(bead);
    }
    Ok(out)
}

/// Parses `[a, b]:[c]` with an optional `:score`.
fn parse_rung(line: &str) -> std::result::Result<(Vec<usize>, Vec<usize>), String> {
    let (src, rest) = parse_list(line)?;
    let rest = rest.trim_start().strip_prefix(':').ok_or("expected `:` after the source list")?;
    let (tgt, rest) = parse_list(rest)?;
    let rest = rest.trim();
    if !rest.is_empty() {
        let score = rest.strip_prefix(':').ok_or("unexpected text after the target list")?.trim();
        score.parse::<f64>().map_err(|_| format!("the score `{score}` is not a number"))?;
    }
    Ok((src, tgt))
}

/// Parses a leading `[1, 2]`; returns the numbers and the rest of `s`.
fn parse_list(s: &str) -> std::result::Result<(Vec<usize>, &str), String> {
    let s = s.trim_start().strip_prefix('[').ok_or("expected `[`")?;
    let close = s.find(']').ok_or("expected `]`")?;
    let inner = s[..close].trim();
    let mut ids = Vec::new();
    if !inner.is_empty() {
        for item in inner.split(',') {
            let item = item.trim();
            ids.push(item.parse::<usize>().map_err(|_| format!("`{item}` is not a sentence index"))?);
        }
    }
    Ok((ids, &s[close + 1..]))
}

/// Writes `ladder` in the format [`read_ladder`] reads, one bead a line.
///
/// ```
/// use bitext::eval::format_ladder;
/// assert_eq!(format_ladder(&[(vec![0, 1], vec![2]), (vec![], vec![3])]), "[0, 1]:[2]\n[]:[3]\n");
/// ```
pub fn format_ladder(ladder: &[(Vec<usize>, Vec<usize>)]) -> String {
    let mut out = String::new();
    for (src, tgt) in ladder {
        let _ = writeln!(out, "{}", format_rung(src, tgt));
    }
    out
}

/// One rung as [`format_ladder`] writes it, without the line break.
///
/// ```
/// assert_eq!(bitext::eval::format_rung(&[3, 4], &[5]), "[3, 4]:[5]");
/// ```
pub fn format_rung(src: &[usize], tgt: &[usize]) -> String {
    let join = |ids: &[usize]| ids.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    format!("[{}]:[{}]", join(src), join(tgt))
}

/// The ladder of an alignment: each bead's [`src`](Bead::src) and
/// [`tgt`](Bead::tgt) ranges as index lists.
///
/// ```
/// use bitext::eval::{alignment_from_ladder, ladder_from_alignment};
///
/// let ladder = vec![(vec![0, 1], vec![0]), (vec![], vec![1])];
/// let alignment = alignment_from_ladder(&ladder, 2, 2)?;
/// assert_eq!(ladder_from_alignment(&alignment), ladder);
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn ladder_from_alignment(a: &Alignment) -> Ladder {
    a.beads().iter().map(|b| (b.src().collect(), b.tgt().collect())).collect()
}

/// Builds an [`Alignment`] from a ladder over `src_len` source and
/// `tgt_len` target sentences (every bead with cost 0 and confidence 1).
/// Rungs empty on both sides (`[]:[]`) are dropped.
///
/// # Errors
/// When the ladder is not monotone, a bead's indices are not consecutive,
/// or the beads do not cover every sentence of both sides exactly once.
///
/// ```
/// use bitext::eval::alignment_from_ladder;
///
/// let a = alignment_from_ladder(&[(vec![0], vec![0, 1]), (vec![1], vec![])], 2, 2)?;
/// assert_eq!(a.beads()[0].kind(), (1, 2));
/// assert!(alignment_from_ladder(&[(vec![1], vec![0]), (vec![0], vec![1])], 2, 2).is_err());
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn alignment_from_ladder(ladder: &[(Vec<usize>, Vec<usize>)], src_len: usize, tgt_len: usize) -> Result<Alignment> {
    let (mut i, mut j) = (0, 0);
    let mut beads = Vec::with_capacity(ladder.len());
    for (k, (src, tgt)) in ladder.iter().enumerate() {
        if src.is_empty() && tgt.is_empty() {
            continue;
        }
        let src_range = consecutive(src, i, "source", k)?;
        let tgt_range = consecutive(tgt, j, "target", k)?;
        i = src_range.end;
        j = tgt_range.end;
        beads.push(Bead::new(src_range, tgt_range, 0.0, 1.0));
    }
    if i != src_len || j != tgt_len {
        return Err(Error::invalid(format!(
            "the ladder covers {i} of {src_len} source and {j} of {tgt_len} target sentences; \
             it must cover all of them"
        )));
    }
    Alignment::from_beads(beads, src_len, tgt_len)
}

/// Checks that `ids` are `from, from + 1, ...` and returns their range.
fn consecutive(ids: &[usize], from: usize, side: &str, bead: usize) -> Result<Range<usize>> {
    for (n, &id) in ids.iter().enumerate() {
        if id != from + n {
            return Err(Error::invalid(format!(
                "bead {} of the ladder: {side} sentence {id} where {} was expected \
                 (beads must be monotone and cover every sentence exactly once)",
                bead + 1,
                from + n
            )));
        }
    }
    Ok(from..from + ids.len())
}

// ---------------------------------------------------------------------------
// Strict and lax precision / recall
// ---------------------------------------------------------------------------

/// Precision, recall and their harmonic mean F1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PrfScores {
    /// Hits among the predicted units / predicted units.
    pub precision: f64,
    /// Hits among the gold units / gold units.
    pub recall: f64,
    /// 2PR / (P + R); 0 when P + R = 0.
    pub f1: f64,
}

impl PrfScores {
    /// The scores with `precision` and `recall`, F1 computed.
    ///
    /// ```
    /// let s = bitext::eval::PrfScores::new(0.5, 1.0);
    /// assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn new(precision: f64, recall: f64) -> PrfScores {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        PrfScores { precision, recall, f1 }
    }

    fn from_counts(p_hits: usize, p_all: usize, r_hits: usize, r_all: usize) -> PrfScores {
        PrfScores::new(ratio(p_hits, p_all), ratio(r_hits, r_all))
    }
}

/// `a / b`, or 0 when `b` is 0 (as in `score.py`).
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Strict and lax scores of a predicted ladder against a gold ladder.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LadderScores {
    /// A bead is a hit only when it equals a bead of the other ladder.
    pub strict: PrfScores,
    /// A bead is a hit when it overlaps a bead of the other ladder on both
    /// sides.
    pub lax: PrfScores,
    /// The predicted beads the precision runs over (distinct beads not
    /// empty on both sides).
    pub predicted: usize,
    /// The gold beads the recall runs over (distinct beads with both sides).
    pub gold: usize,
}

/// Hit counts of one ladder against another, which add up over documents
/// as `score.py` pools them: the scores of a corpus are
/// [`LadderCounts::scores`] of the documents' counts summed with
/// [`LadderCounts::add`].
///
/// ```
/// use bitext::eval::{score_ladder, LadderCounts};
///
/// let gold = vec![(vec![0], vec![0]), (vec![1], vec![1])];
/// let mut total = LadderCounts::new(&gold, &gold);
/// total.add(&LadderCounts::new(&[(vec![0, 1], vec![0, 1])], &gold));
/// let s = total.scores();
/// assert_eq!((s.predicted, s.gold), (3, 4));
/// assert_eq!(s.strict.precision, 2.0 / 3.0);
/// assert_eq!(score_ladder(&gold, &gold).strict.f1, 1.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LadderCounts {
    p_strict: usize,
    p_lax: usize,
    p_all: usize,
    r_strict: usize,
    r_lax: usize,
    r_all: usize,
}

impl LadderCounts {
    /// The counts of `pred` against `gold` (one document).
    pub fn new(pred: &[(Vec<usize>, Vec<usize>)], gold: &[(Vec<usize>, Vec<usize>)]) -> LadderCounts {
        let any_side = |(s, t): &&(Vec<usize>, Vec<usize>)| !s.is_empty() || !t.is_empty();
        let both_sides = |(s, t): &&(Vec<usize>, Vec<usize>)| !s.is_empty() && !t.is_empty();
        let (p_strict, p_lax, p_all) =
            hits(pred.iter().filter(any_side).collect(), gold.iter().filter(any_side).collect());
        let (r_strict, r_lax, r_all) =
            hits(gold.iter().filter(both_sides).collect(), pred.iter().filter(both_sides).collect());
        LadderCounts { p_strict, p_lax, p_all, r_strict, r_lax, r_all }
    }

    /// Adds the counts of `o` (another document).
    pub fn add(&mut self, o: &LadderCounts) {
        self.p_strict += o.p_strict;
        self.p_lax += o.p_lax;
        self.p_all += o.p_all;
        self.r_strict += o.r_strict;
        self.r_lax += o.r_lax;
        self.r_all += o.r_all;
    }

    /// The strict and lax scores of these counts.
    pub fn scores(&self) -> LadderScores {
        LadderScores {
            strict: PrfScores::from_counts(self.p_strict, self.p_all, self.r_strict, self.r_all),
            lax: PrfScores::from_counts(self.p_lax, self.p_all, self.r_lax, self.r_all),
            predicted: self.p_all,
            gold: self.r_all,
        }
    }
}

/// Counts (strict hits, lax hits, distinct beads) of `test` against `reference`.
fn hits(
    test: BTreeSet<&(Vec<usize>, Vec<usize>)>,
    reference: BTreeSet<&(Vec<usize>, Vec<usize>)>,
) -> (usize, usize, usize) {
    // source sentence -> the target sentences of the reference beads that hold it
    let mut tgt_of_src: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (src, tgt) in &reference {
        for &s in src {
            tgt_of_src.entry(s).or_default().extend(tgt.iter().copied());
        }
    }
    let (mut strict, mut lax) = (0, 0);
    for bead in &test {
        if reference.contains(bead) {
            strict += 1;
            lax += 1;
        } else {
            let (src, tgt) = bead;
            let overlaps = src.iter().any(|s| tgt_of_src.get(s).is_some_and(|ts| tgt.iter().any(|t| ts.contains(t))));
            if overlaps {
                lax += 1;
            }
        }
    }
    (strict, lax, test.len())
}

/// Strict and lax precision, recall and F1 of `pred` against `gold`, as
/// Sennrich & Volk (2011) defined them and Vecalign's `score.py` computes
/// them:
///
/// * **Precision** runs over the predicted beads that are not empty on
///   both sides: omissions (1:0, 0:1) count. A bead is a strict hit when
///   it equals a gold bead (gold omissions included), a lax hit when it is
///   a strict hit or some sentence on its source side belongs to a gold
///   bead that also holds one of its target sentences. A predicted
///   omission is therefore a lax hit only when it is also a strict hit.
/// * **Recall** is the same computation with the roles swapped, but both
///   ladders keep only the beads with both sides: gold omissions are not
///   part of the recall at all, and predicted omissions do not help it.
/// * F1 = 2PR / (P + R). A ratio with a zero denominator is 0.
///
/// As in `score.py`, each ladder is taken as a set (a bead listed twice
/// counts once) and beads are compared as written (index lists in order).
/// The data README and `score.py` agree on all of this.
///
/// ```
/// use bitext::eval::score_ladder;
///
/// let gold = vec![(vec![0], vec![0]), (vec![1], vec![]), (vec![2], vec![1])];
/// let pred = vec![(vec![0], vec![0]), (vec![1, 2], vec![1])];
/// let s = score_ladder(&pred, &gold);
/// assert_eq!((s.strict.precision, s.strict.recall), (0.5, 0.5));
/// assert_eq!((s.lax.precision, s.lax.recall), (1.0, 1.0));
/// ```
pub fn score_ladder(pred: &[(Vec<usize>, Vec<usize>)], gold: &[(Vec<usize>, Vec<usize>)]) -> LadderScores {
    LadderCounts::new(pred, gold).scores()
}

// ---------------------------------------------------------------------------
// Block consistency
// ---------------------------------------------------------------------------

/// A gold block: a unit that people aligned, as half-open byte ranges into
/// the source and target texts. A side may be empty: text with no
/// counterpart.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Block {
    /// Byte range in the source text.
    pub src: Range<usize>,
    /// Byte range in the target text.
    pub tgt: Range<usize>,
}

/// Reads a block gold file: one block a line, `src_start src_end tgt_start
/// tgt_end` (byte offsets, half-open, separated by tabs or spaces). Lines
/// starting with `#` and blank lines are skipped.
///
/// # Errors
/// A parse error naming `path` and the 1-based line for a line without
/// four numbers or with a start after its end.
///
/// ```
/// use bitext::eval::read_blocks;
///
/// let blocks = read_blocks("# ru_start\tru_end\ten_start\ten_end\n0\t38\t0\t23\n40\t40\t25\t30\n", "a.gold.tsv")?;
/// assert_eq!(blocks.len(), 2);
/// assert_eq!((blocks[1].src.clone(), blocks[1].tgt.clone()), (40..40, 25..30));
/// assert!(read_blocks("0 38 0\n", "a.gold.tsv").unwrap_err().to_string().starts_with("a.gold.tsv:1:"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn read_blocks(text: &str, path: &str) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |msg: String| Error::parse(path, n + 1, msg);
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != 4 {
            return Err(err(format!(
                "expected 4 numbers (src_start src_end tgt_start tgt_end), found {} fields",
                fields.len()
            )));
        }
        let mut v = [0usize; 4];
        for (slot, f) in v.iter_mut().zip(&fields) {
            *slot = f.parse().map_err(|_| err(format!("`{f}` is not a byte offset")))?;
        }
        if v[0] > v[1] || v[2] > v[3] {
            return Err(err("a range starts after its end".to_string()));
        }
        out.push(Block { src: v[0]..v[1], tgt: v[2]..v[3] });
        lines.push(n + 1);
    }
    check_disjoint(&out, &lines, path)?;
    Ok(out)
}

/// Checks that no two blocks are the same line twice or share text on
/// either side: a block counted twice would inflate recall.
fn check_disjoint(blocks: &[Block], lines: &[usize], path: &str) -> Result<()> {
    let mut seen: HashMap<(usize, usize, usize, usize), usize> = HashMap::default();
    for (b, &line) in blocks.iter().zip(lines) {
        if let Some(first) = seen.insert((b.src.start, b.src.end, b.tgt.start, b.tgt.end), line) {
            return Err(Error::parse(path, line, format!("the same block as line {first}; each block is given once")));
        }
    }
    for (side, name) in [(0, "source"), (1, "target")] {
        let range = |k: usize| if side == 0 { &blocks[k].src } else { &blocks[k].tgt };
        let mut order: Vec<usize> = (0..blocks.len()).filter(|&k| !range(k).is_empty()).collect();
        order.sort_by_key(|&k| (range(k).start, range(k).end));
        for pair in order.windows(2) {
            let (a, b) = (range(pair[0]), range(pair[1]));
            if b.start < a.end {
                let (first, second) = (lines[pair[0]].min(lines[pair[1]]), lines[pair[0]].max(lines[pair[1]]));
                let (r1, r2) = if lines[pair[0]] < lines[pair[1]] { (a, b) } else { (b, a) };
                return Err(Error::parse(
                    path,
                    second,
                    format!(
                        "its {name} bytes {}..{} overlap those of line {first} ({}..{}); blocks do not share text",
                        r2.start, r2.end, r1.start, r1.end
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The block-consistency scores of one alignment (or, summed over
/// documents with [`BlockScores::add`], of a corpus).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlockScores {
    /// `correct_beads / beads`.
    pub precision: f64,
    /// `correct_blocks / blocks`.
    pub recall: f64,
    /// 2PR / (P + R); 0 when P + R = 0.
    pub f1: f64,
    /// Gold blocks that a sentence joined with another block.
    pub joined: usize,
    /// Blocks scored: merged blocks that hold at least one sentence.
    pub blocks: usize,
    /// Blocks all of whose sentences sit in correct beads.
    pub correct_blocks: usize,
    /// Predicted beads (with at least one sentence).
    pub beads: usize,
    /// Correct predicted beads.
    pub correct_beads: usize,
    /// Sentences that overlap no block (outside all gold text).
    pub outside: usize,
}

impl BlockScores {
    fn finish(mut self) -> BlockScores {
        let s = PrfScores::from_counts(self.correct_beads, self.beads, self.correct_blocks, self.blocks);
        self.precision = s.precision;
        self.recall = s.recall;
        self.f1 = s.f1;
        self
    }

    /// Adds the counts of `o` (another document) to these and scores the
    /// sum: micro-averaged precision, recall and F1.
    ///
    /// ```
    /// use bitext::eval::BlockScores;
    ///
    /// let doc = |beads, correct_beads, blocks, correct_blocks| BlockScores {
    ///     beads, correct_beads, blocks, correct_blocks, ..BlockScores::default()
    /// };
    /// let mut total = BlockScores::default();
    /// total.add(&doc(4, 4, 4, 4));
    /// total.add(&doc(6, 3, 4, 2));
    /// assert_eq!((total.precision, total.recall), (0.7, 0.75));
    /// ```
    pub fn add(&mut self, o: &BlockScores) {
        self.joined += o.joined;
        self.blocks += o.blocks;
        self.correct_blocks += o.correct_blocks;
        self.beads += o.beads;
        self.correct_beads += o.correct_beads;
        self.outside += o.outside;
        *self = self.finish();
    }
}

/// Whitespace for block overlap; a byte-order mark counts as nothing too.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// True when `text[lo..hi]` (clamped to the text) holds a non-blank character.
fn has_text(text: &str, lo: usize, hi: usize) -> bool {
    let hi = hi.min(text.len());
    if lo >= hi {
        return false;
    }
    match text.get(lo..hi) {
        Some(s) => s.chars().any(|c| !is_blank(c)),
        // offsets inside a character: the gold is off, judge by bytes
        None => text.as_bytes()[lo..hi].iter().any(|b| !b.is_ascii_whitespace()),
    }
}

/// The non-empty block ranges of one side, sorted by start, for finding the
/// blocks a span overlaps (blocks may overlap one another).
struct SideIndex {
    /// (start, end, block index), sorted.
    spans: Vec<(usize, usize, usize)>,
    /// `max_end[k]` = the largest end among `spans[..=k]`.
    max_end: Vec<usize>,
}

impl SideIndex {
    fn new(ranges: impl Iterator<Item = Range<usize>>) -> SideIndex {
        let mut spans: Vec<(usize, usize, usize)> =
            ranges.enumerate().filter(|(_, r)| r.start < r.end).map(|(i, r)| (r.start, r.end, i)).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for &(_, e, _) in &spans {
            m = m.max(e);
            max_end.push(m);
        }
        SideIndex { spans, max_end }
    }

    /// The blocks whose range shares a non-blank character with `lo..hi`,
    /// in ascending order of block index.
    fn overlapping(&self, text: &str, lo: usize, hi: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = self.spans.partition_point(|&(s, _, _)| s < hi);
        while k > 0 && self.max_end[k - 1] > lo {
            k -= 1;
            let (s, e, b) = self.spans[k];
            if e > lo && has_text(text, s.max(lo), e.min(hi)) {
                out.push(b);
            }
        }
        out.sort_unstable();
        out
    }
}

/// Union-find over block indices.
struct Merge {
    parent: Vec<usize>,
}

impl Merge {
    fn find(&mut self, mut x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // the smaller index stays the root: deterministic
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// Block consistency of `alignment` (of `src` with `tgt`) against the gold
/// `blocks`, as `../shared/data/README.md` (section 2) defines it:
///
/// 1. Every sentence is mapped to the blocks whose range on its side shares
///    a non-whitespace character with the sentence's span
///    ([`Sentence::start`](crate::Sentence::start)..[`end`](crate::Sentence::end),
///    label included). Blocks that one sentence overlaps are merged into
///    one (transitively, across both sides); `joined` counts the blocks
///    that were merged with another.
/// 2. A bead is correct when all its sentences, on both sides, map to the
///    same merged block and, for a 1:0 or 0:1 bead, that merged block has
///    no non-whitespace text on the other side.
/// 3. Precision = correct beads / beads; recall = merged blocks all of whose
///    sentences sit in correct beads / merged blocks; F1 as usual. A ratio
///    with a zero denominator is 0.
///
/// Choices the README leaves open:
/// * A merged block to which no sentence maps (its ranges hold only
///   whitespace, or are empty on both sides) is not counted in the recall:
///   there is nothing to align.
/// * A sentence that overlaps no block (text outside all gold ranges;
///   counted in `outside`) makes its bead incorrect, unless the bead is an
///   omission (1:0 or 0:1) made only of such sentences: text the gold does
///   not pair with anything, left unpaired. The gold files in
///   `../shared/data` cover all non-whitespace text, so this does not
///   arise there.
/// * A bead index past the end of a document counts as a sentence outside
///   every block (an [`Alignment`] made by the crate never has one).
///
/// ```
/// use bitext::eval::{alignment_from_ladder, read_blocks, score_blocks};
/// use bitext::{Document, Lang};
///
/// let ru = "Он пришёл. Он ушёл.\n\nНовый абзац.\n";
/// let en = "He came. He left.\n\nA new paragraph.\n";
/// let src = Document::segment(ru, Lang::Russian);
/// let tgt = Document::segment(en, Lang::English);
/// // block 1: the first paragraphs; block 2: the second ones
/// let p1 = ru.find("\n\n").unwrap();
/// let q1 = en.find("\n\n").unwrap();
/// let gold = format!("0 {p1} 0 {q1}\n{} {} {} {}\n", p1 + 2, ru.len(), q1 + 2, en.len());
/// let blocks = read_blocks(&gold, "gold")?;
///
/// // 1:1, 1:1, 1:1: all correct
/// let good = alignment_from_ladder(&[(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])], 3, 3)?;
/// let s = score_blocks(&src, &tgt, &good, &blocks);
/// assert_eq!((s.precision, s.recall, s.joined), (1.0, 1.0, 0));
///
/// // the 2:1 bead crosses the paragraph boundary; the first 1:1 is fine
/// let bad = alignment_from_ladder(&[(vec![0], vec![0, 1]), (vec![1, 2], vec![2])], 3, 3)?;
/// let s = score_blocks(&src, &tgt, &bad, &blocks);
/// assert_eq!((s.correct_beads, s.beads, s.correct_blocks, s.blocks), (1, 2, 0, 2));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn score_blocks(src: &Document<'_>, tgt: &Document<'_>, alignment: &Alignment, blocks: &[Block]) -> BlockScores {
    judge_blocks(src, tgt, alignment, blocks).scores
}

/// The verdicts behind [`score_blocks`]: the same scores, plus whether each
/// bead is correct and which gold blocks each sentence overlaps.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlockJudgement {
    /// The scores, as [`score_blocks`] returns them.
    pub scores: BlockScores,
    /// One verdict per bead of the alignment, in order: true when the bead
    /// is correct by block consistency. A bead empty on both sides (an
    /// [`Alignment`] never has one) is false and not counted in `scores`.
    pub correct: Vec<bool>,
    /// For each source sentence, the gold blocks (indices into the `blocks`
    /// slice) whose source range shares a non-whitespace character with
    /// the sentence's span, ascending; empty for a sentence outside every
    /// block.
    pub src_blocks: Vec<Vec<usize>>,
    /// Likewise for each target sentence.
    pub tgt_blocks: Vec<Vec<usize>>,
}

/// Block consistency of `alignment` against `blocks`, bead by bead: the
/// rules of [`score_blocks`], which returns only the `scores` of this.
///
/// ```
/// use bitext::eval::{alignment_from_ladder, judge_blocks, read_blocks};
/// use bitext::{Document, Lang};
///
/// let ru = "Он пришёл.\n\nОн ушёл.\n";
/// let en = "He came.\n\nHe left.\n";
/// let (src, tgt) = (Document::segment(ru, Lang::Russian), Document::segment(en, Lang::English));
/// let p = ru.find("\n\n").unwrap();
/// let q = en.find("\n\n").unwrap();
/// let blocks = read_blocks(&format!("0 {p} 0 {q}\n{p} {} {q} {}\n", ru.len(), en.len()), "gold")?;
/// // the first sentence left out, the second glued across the boundary
/// let a = alignment_from_ladder(&[(vec![0], vec![]), (vec![1], vec![0, 1])], 2, 2)?;
/// let j = judge_blocks(&src, &tgt, &a, &blocks);
/// assert_eq!(j.correct, [false, false]);
/// assert_eq!(j.tgt_blocks, [vec![0], vec![1]]);
/// assert_eq!(j.scores.correct_beads, 0);
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn judge_blocks(src: &Document<'_>, tgt: &Document<'_>, alignment: &Alignment, blocks: &[Block]) -> BlockJudgement {
    let map = BlockMap::new(src, tgt, blocks);
    let verdicts = map.judge_beads(alignment);
    let (blocks_scored, correct_blocks) = map.blocks_right(alignment, &verdicts);
    let beads = verdicts.iter().filter(|v| v.is_some()).count();
    let correct_beads = verdicts.iter().filter(|&&v| v == Some(true)).count();
    let scores = BlockScores {
        joined: map.joined,
        blocks: blocks_scored,
        correct_blocks,
        beads,
        correct_beads,
        outside: map.block_of.iter().flatten().filter(|b| b.is_none()).count(),
        ..BlockScores::default()
    }
    .finish();
    let [src_blocks, tgt_blocks] = map.hits;
    BlockJudgement { scores, correct: verdicts.iter().map(|&v| v == Some(true)).collect(), src_blocks, tgt_blocks }
}

/// Step 1 of [`judge_blocks`]: the sentences of both sides mapped to the
/// gold blocks, the blocks one sentence overlaps merged into one.
struct BlockMap {
    /// `hits[side][i]`: the blocks sentence `i` of that side overlaps.
    hits: [Vec<Vec<usize>>; 2],
    /// `block_of[side][i]`: the merged block (its root) of sentence `i`,
    /// `None` outside every block.
    block_of: [Vec<Option<usize>>; 2],
    /// `has[side][root]`: the merged block has text on that side.
    has: [Vec<bool>; 2],
    /// The merged blocks (by root).
    roots: usize,
    /// Blocks merged with another.
    joined: usize,
}

impl BlockMap {
    fn new(src: &Document<'_>, tgt: &Document<'_>, blocks: &[Block]) -> BlockMap {
        let docs = [src, tgt];
        let index = [
            SideIndex::new(blocks.iter().map(|b| b.src.clone())),
            SideIndex::new(blocks.iter().map(|b| b.tgt.clone())),
        ];
        let mut merge = Merge { parent: (0..blocks.len()).collect() };
        let hits: [Vec<Vec<usize>>; 2] = [0, 1].map(|side| {
            let doc = docs[side];
            doc.sentences()
                .iter()
                .map(|s| {
                    let hit = index[side].overlapping(doc.text(), s.start(), s.end());
                    for w in hit.windows(2) {
                        merge.union(w[0], w[1]);
                    }
                    hit
                })
                .collect()
        });
        let roots: Vec<usize> = (0..blocks.len()).map(|b| merge.find(b)).collect();
        let mut size = vec![0usize; blocks.len()];
        let mut has = [vec![false; blocks.len()], vec![false; blocks.len()]];
        for (b, block) in blocks.iter().enumerate() {
            size[roots[b]] += 1;
            has[0][roots[b]] |= has_text(src.text(), block.src.start, block.src.end);
            has[1][roots[b]] |= has_text(tgt.text(), block.tgt.start, block.tgt.end);
        }
        let joined = roots.iter().filter(|&&r| size[r] > 1).count();
        let block_of = [0, 1].map(|side| hits[side].iter().map(|h| h.first().map(|&b| roots[b])).collect());
        BlockMap { hits, block_of, has, roots: blocks.len(), joined }
    }

    /// Step 2: each bead's verdict, `None` for a bead empty on both sides
    /// (not counted).
    fn judge_beads(&self, alignment: &Alignment) -> Vec<Option<bool>> {
        alignment
            .beads()
            .iter()
            .map(|bead| {
                let ranges = [bead.src(), bead.tgt()];
                if ranges.iter().all(|r| r.is_empty()) {
                    return None;
                }
                let mut mapped = (0..2).flat_map(|side| {
                    let block_of = &self.block_of[side];
                    ranges[side].clone().map(move |i| block_of.get(i).copied().flatten())
                });
                let first = mapped.next().flatten();
                let same = mapped.all(|m| m == first);
                Some(match first {
                    Some(r) if same => {
                        // a 1:0 or 0:1 bead is right when its block has
                        // nothing on the other side
                        (!ranges[0].is_empty() || !self.has[0][r]) && (!ranges[1].is_empty() || !self.has[1][r])
                    }
                    None => bead.is_omission() && same,
                    Some(_) => false,
                })
            })
            .collect()
    }

    /// Step 3: (merged blocks scored, those all of whose sentences sit in
    /// correct beads).
    fn blocks_right(&self, alignment: &Alignment, verdicts: &[Option<bool>]) -> (usize, usize) {
        let mut ok = [vec![false; self.block_of[0].len()], vec![false; self.block_of[1].len()]];
        for (bead, _) in alignment.beads().iter().zip(verdicts).filter(|(_, &v)| v == Some(true)) {
            for (side, range) in [(0, bead.src()), (1, bead.tgt())] {
                for i in range {
                    if let Some(slot) = ok[side].get_mut(i) {
                        *slot = true;
                    }
                }
            }
        }
        let mut seen = vec![false; self.roots];
        let mut all_ok = vec![true; self.roots];
        for (block_of, ok) in self.block_of.iter().zip(&ok) {
            for (b, ok) in block_of.iter().zip(ok) {
                if let Some(r) = *b {
                    seen[r] = true;
                    all_ok[r] &= ok;
                }
            }
        }
        let scored = seen.iter().filter(|&&s| s).count();
        (scored, seen.iter().zip(&all_ok).filter(|(s, o)| **s && **o).count())
    }
}

// ---------------------------------------------------------------------------
// Calibration of bead confidences
// ---------------------------------------------------------------------------

/// How well bead confidences ([`Bead::confidence`]) match how often beads
/// are correct: counts in ten equal-width confidence bins, bin `k` holding
/// the confidences `c` with `k/10 <= c < (k+1)/10` (the last bin also
/// holds 1). Counts add up over documents ([`Calibration::merge`]).
///
/// ```
/// use bitext::eval::Calibration;
///
/// let mut c = Calibration::default();
/// for (confidence, correct) in [(0.95, true), (0.95, false), (0.15, false), (0.15, false)] {
///     c.add(confidence, correct);
/// }
/// // bin 9: mean confidence 0.95, accuracy 0.5; bin 1: 0.15 and 0
/// assert!((c.ece() - (0.5 * 0.45 + 0.5 * 0.15)).abs() < 1e-12);
/// assert_eq!((c.confident(), c.confident_accuracy()), (2, Some(0.5)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Calibration {
    /// Beads in each bin.
    pub count: [usize; Calibration::BINS],
    /// Correct beads in each bin.
    pub correct: [usize; Calibration::BINS],
    /// The sum of the confidences in each bin.
    pub confidence: [f64; Calibration::BINS],
}

impl Calibration {
    /// The number of bins.
    pub const BINS: usize = 10;

    /// The bin of `confidence`: the largest `k` with `confidence >= k/10`
    /// (0 below 0.1 and for NaN, 9 from 0.9 up).
    ///
    /// ```
    /// use bitext::eval::Calibration;
    /// assert_eq!([0.0, 0.1, 0.3, 0.8999, 0.9, 1.0].map(Calibration::bin), [0, 1, 3, 8, 9, 9]);
    /// ```
    pub fn bin(confidence: f64) -> usize {
        (1..Calibration::BINS).take_while(|&k| confidence >= k as f64 / Calibration::BINS as f64).count()
    }

    /// Counts one bead with its confidence and whether it is correct.
    pub fn add(&mut self, confidence: f64, correct: bool) {
        let k = Calibration::bin(confidence);
        self.count[k] += 1;
        self.correct[k] += usize::from(correct);
        self.confidence[k] += confidence;
    }

    /// Adds the counts of `other` (another document) to these.
    pub fn merge(&mut self, other: &Calibration) {
        for k in 0..Calibration::BINS {
            self.count[k] += other.count[k];
            self.correct[k] += other.correct[k];
            self.confidence[k] += other.confidence[k];
        }
    }

    /// The beads counted.
    pub fn beads(&self) -> usize {
        self.count.iter().sum()
    }

    /// Expected calibration error: the sum over bins of (beads in the bin /
    /// all beads) × |mean confidence − accuracy| in the bin; 0 when no bead
    /// was counted.
    pub fn ece(&self) -> f64 {
        let all = self.beads();
        if all == 0 {
            return 0.0;
        }
        // (n_k / N) |sum_k / n_k - correct_k / n_k| = |sum_k - correct_k| / N
        let gap: f64 = (0..Calibration::BINS).map(|k| (self.confidence[k] - self.correct[k] as f64).abs()).sum();
        gap / all as f64
    }

    /// The beads with confidence 0.9 or more (the last bin).
    pub fn confident(&self) -> usize {
        self.count[Calibration::BINS - 1]
    }

    /// The share of correct beads among those with confidence 0.9 or more;
    /// `None` when there are none.
    pub fn confident_accuracy(&self) -> Option<f64> {
        let k = Calibration::BINS - 1;
        (self.count[k] > 0).then(|| ratio(self.correct[k], self.count[k]))
    }
}
