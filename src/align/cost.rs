//! The cost of a bead: length, prior, shared anchors, punctuation.

use crate::anchor::{Concepts, Overlap};

use super::dp::{Band, LongBead, Rect, Scratch};
use super::AlignConfig;
use crate::error::Result;

use std::ops::Range;

/// What the aligner aligns: two sequences of units (sentences, or turns)
/// with their lengths and anchors, and optional speaker and grouping
/// constraints.
#[derive(Debug)]
pub(crate) struct Problem {
    pub src_chars: Vec<usize>,
    pub tgt_chars: Vec<usize>,
    pub src_punct: Vec<[u8; 5]>,
    pub tgt_punct: Vec<[u8; 5]>,
    pub concepts: Concepts,
    pub speakers: Option<Speakers>,
    /// Rectangles that the alignment must pass through corner to corner
    /// (aligned groups of turns): beads never cross them.
    pub groups: Option<Vec<Rect>>,
    /// Whether each unit ends a paragraph, and how much a bead pays when it
    /// ends a paragraph on one side only (0 when paragraphs do not
    /// correspond; estimated from a first pass).
    pub src_para_end: Vec<bool>,
    pub tgt_para_end: Vec<bool>,
    pub para_weight: f64,
}

impl Problem {
    /// Units with these lengths and punctuation counts, and the anchor
    /// concepts between them; no speakers, groups or paragraphs.
    pub fn units(chars: (Vec<usize>, Vec<usize>), punct: (Vec<[u8; 5]>, Vec<[u8; 5]>), concepts: Concepts) -> Problem {
        let (n, m) = (chars.0.len(), chars.1.len());
        Problem {
            src_chars: chars.0,
            tgt_chars: chars.1,
            src_punct: punct.0,
            tgt_punct: punct.1,
            concepts,
            speakers: None,
            groups: None,
            src_para_end: vec![false; n],
            tgt_para_end: vec![false; m],
            para_weight: 0.0,
        }
    }

    pub fn n(&self) -> usize {
        self.src_chars.len()
    }
    pub fn m(&self) -> usize {
        self.tgt_chars.len()
    }
}

/// Who speaks each unit, and which speakers correspond.
#[derive(Debug)]
pub(crate) struct Speakers {
    /// Speaker id of each source unit (`u32::MAX`: none).
    pub src: Vec<u32>,
    pub tgt: Vec<u32>,
    /// Kind of each unit (turn, heading, ...), as a small number.
    pub src_kind: Vec<u8>,
    pub tgt_kind: Vec<u8>,
    /// `relation[s][t]`: +1 the speakers correspond, -1 they do not, 0 unknown.
    pub relation: Vec<Vec<i8>>,
}

/// Prefix sums of a problem, computed once and shared by the bead costs
/// of all its rectangles.
#[derive(Debug)]
pub(crate) struct Sums {
    src_chars: Vec<f64>,
    tgt_chars: Vec<f64>,
    src_punct: Vec<[u32; 5]>,
    tgt_punct: Vec<[u32; 5]>,
    /// Each unit's anchor weight and the factor of its lexical cost (see
    /// [`BeadCosts::side`]).
    src_weight: Vec<Weight>,
    tgt_weight: Vec<Weight>,
}

/// A unit's anchor weight `mass`, and `lex_weight / 2 / (mass + lex_shrink)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Weight {
    mass: f64,
    factor: f64,
}

impl Sums {
    pub fn new(problem: &Problem, config: &AlignConfig) -> Sums {
        let weights = |masses: &[f32]| -> Vec<Weight> {
            masses
                .iter()
                .map(|&m| {
                    let mass = f64::from(m);
                    Weight { mass, factor: config.lex_weight / 2.0 / (mass + config.lex_shrink) }
                })
                .collect()
        };
        Sums {
            src_weight: weights(&problem.concepts.src_mass),
            tgt_weight: weights(&problem.concepts.tgt_mass),
            src_chars: prefix(problem.src_chars.iter().map(|&c| c as f64)),
            tgt_chars: prefix(problem.tgt_chars.iter().map(|&c| c as f64)),
            src_punct: prefix_punct(&problem.src_punct),
            tgt_punct: prefix_punct(&problem.tgt_punct),
        }
    }
}

/// Everything needed to price any bead of one problem inside a band.
#[derive(Debug)]
pub struct BeadCosts<'p> {
    problem: &'p Problem,
    sums: &'p Sums,
    /// Concept overlap of source unit `p` and target unit `q`, stored at
    /// band cell `(p + 1, q + 1)`.
    overlap: Vec<Overlap>,
    band: Band,
    pub(crate) ratio: f64,
    pub(crate) variance: f64,
    priors: [[f64; 4]; 4],
    lex_weight: f64,
    baseline: f64,
    skip: f64,
    punct_weight: f64,
    speaker_weight: f64,
    /// The table of the normal tail.
    tail: &'static Tail,
    /// The coverage that `k` unrelated sentences would give a sentence by
    /// chance, `c = 1 - (1 - baseline)^k`, at index `k`, as `lex_weight / 2
    /// * c` and `lex_shrink * c`.
    chance: [(f64, f64); MAX_OTHERS + 1],
    /// The log of the prior factor of each sentence past the third on one
    /// side, found once rather than for every long bead.
    ln_decay: f64,
}

/// The length difference, in standard deviations of the length model,
/// past which a long bead is not priced at all (a two-sided tail of
/// 0.0027: a length cost of 5.9, on top of a prior cost of 7.6 or more).
/// Measured: the dev sets align the same with 3.0, 3.5 and 4.42.
const LONG_Z_LIMIT: f64 = 3.0;

/// The columns of a row whose length costs [`BeadCosts::row`] computes
/// together.
const LENGTH_PIECE: usize = 64;

/// The most sentences on the other side of a bead that the chance
/// coverage distinguishes (more count as this many).
const MAX_OTHERS: usize = 16;

/// The long beads of one row being priced (see [`BeadCosts::long_row`]):
/// 1:k and k:1 beads, `k` in `kmin..=kmax`, that end in row `i`.
struct LongRow<'a> {
    costs: &'a BeadCosts<'a>,
    i: usize,
    kmin: usize,
    kmax: usize,
    extra: Option<&'a (dyn Fn(usize, usize, usize, usize) -> f64 + Sync)>,
    /// The length tests solved for the target length once per row, so
    /// that most cells are passed over with one comparison: a 1:k bead
    /// from source `i - 1` is hopeless past `most_targets` characters of
    /// target, a k:1 bead of the `kmin` sources before `i` below
    /// `least_target` (both a hair looser than the tests, which still
    /// decide near the limits).
    most_targets: f64,
    least_target: f64,
    /// The caller's beads, this row's after them; `first` is where this
    /// row's begin.
    out: Vec<(usize, LongBead)>,
    first: usize,
    /// The row grows as a vector does, but memory that cannot be had
    /// stops it and makes [`finish`](Self::finish) an error.
    failed: bool,
}

impl<'a> LongRow<'a> {
    /// An empty row `i` of `costs`' band, with its length limits, whose
    /// beads follow those already in `out`.
    fn new(
        costs: &'a BeadCosts<'a>,
        i: usize,
        (kmin, kmax): (usize, usize),
        extra: Option<&'a (dyn Fn(usize, usize, usize, usize) -> f64 + Sync)>,
        out: Vec<(usize, LongBead)>,
    ) -> Self {
        let (r, sums) = (costs.band.rect(), costs.sums);
        let margin = |x: f64| x.abs() * 1e-9 + 1e-9;
        let (most_targets, least_target) = {
            let c = LONG_Z_LIMIT * LONG_Z_LIMIT * costs.variance;
            // the excess x past a = ls * ratio (or the shortfall below
            // it) where x^2 = c (2a -/+ x) / 2
            let root = |a: f64| (c * c / 4.0 + 4.0 * c * a).sqrt();
            let one = if i > r.i0 { (sums.src_chars[i] - sums.src_chars[i - 1]) * costs.ratio } else { 0.0 };
            let many =
                if i >= r.i0 + kmin { (sums.src_chars[i] - sums.src_chars[i - kmin]) * costs.ratio } else { 0.0 };
            let most = one + (c / 2.0 + root(one)) / 2.0;
            let least = many - (root(many) - c / 2.0) / 2.0;
            (most + margin(most), least - margin(least))
        };
        let first = out.len();
        LongRow { costs, i, kmin, kmax, extra, most_targets, least_target, out, first, failed: false }
    }

    /// Whether lengths `ls` and `lt` differ by more than [`LONG_Z_LIMIT`]
    /// standard deviations (compared in squares).
    #[inline]
    fn beyond(&self, ls: f64, lt: f64) -> bool {
        let d = ls * self.costs.ratio - lt;
        d * d > LONG_Z_LIMIT * LONG_Z_LIMIT * (ls * self.costs.ratio + lt) / 2.0 * self.costs.variance
    }

    /// [`beyond`](Self::beyond), with the side of several sentences the
    /// longer: more sentences only make it longer still.
    #[inline]
    fn hopeless(&self, ls: f64, lt: f64, many_on_target: bool) -> bool {
        let longer = if many_on_target { lt > ls * self.costs.ratio } else { ls * self.costs.ratio > lt };
        longer && self.beyond(ls, lt)
    }

    /// Whether the shortest long bead over these sentences may be priced.
    #[inline]
    fn worth(&self, src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, many_on_target: bool) -> bool {
        let sums = self.costs.sums;
        let ls = sums.src_chars[src.end] - sums.src_chars[src.start];
        let lt = sums.tgt_chars[tgt.end] - sums.tgt_chars[tgt.start];
        let quick = if many_on_target { lt <= self.most_targets } else { lt >= self.least_target };
        debug_assert!(quick || self.hopeless(ls, lt, many_on_target), "the row's limits agree with the test");
        quick && !self.hopeless(ls, lt, many_on_target)
    }

    /// Prices the `a`:`b` bead ending in cell `(i, j)` of lexical cost
    /// `lex` and keeps it if it is allowed.
    #[inline]
    fn push(&mut self, j: usize, a: usize, b: usize, lex: f64) {
        let (i, costs) = (self.i, self.costs);
        let (i0, j0) = (i - a, j - b);
        let mut c = costs.pair(costs.prior(a, b), i0, i, j0, j, lex);
        if let Some(f) = self.extra {
            c += f(i0, i, j0, j);
        }
        if c.is_finite() && !self.failed {
            let out = &mut self.out;
            if out.len() == out.capacity() && out.try_reserve(out.len().max(4)).is_err() {
                self.failed = true;
                return;
            }
            out.push((j, LongBead { a: a as u8, b: b as u8, cost: c }));
        }
    }

    /// The 1:k beads ending in column `j`: the targets `j - k..j` against
    /// source `i - 1`.
    #[inline]
    fn one_to_many(&mut self, j: usize) {
        let (i, kmin, costs) = (self.i, self.kmin, self.costs);
        let (band, sums) = (&costs.band, costs.sums);
        let r = band.rect();
        if !(i > r.i0 && j >= r.j0 + kmin && self.worth(i - 1..i, j - kmin..j, true)) {
            return;
        }
        let (ms, mt) = (&sums.src_weight, &sums.tgt_weight);
        let p = i - 1;
        let ls = sums.src_chars[i] - sums.src_chars[p];
        // the overlaps of source p are row i of the band; a bead
        // starts in row p
        let (row, starts) = (band.cols(i), band.cols(p));
        // past k = j - starts.start a bead would start left of row p
        // (which holds every column from its start): none is kept
        let Some(most) = j.checked_sub(starts.start).map(|k| k.min(self.kmax)).filter(|&k| k >= kmin) else {
            return;
        };
        let stored = &costs.overlap[band.index(i, row.start).expect("row start")..];
        let (mut found, mut tgt_lex) = (0.0, 0.0);
        let mut last = Overlap::default();
        for k in 1..=most {
            let q = j - k;
            let o = if row.contains(&(q + 1)) { stored[q + 1 - row.start] } else { Overlap::default() };
            found += f64::from(o.src);
            if k > 1 {
                // what q and q + 1 both explain, stored with q + 1
                found -= f64::from(last.src_both);
            }
            last = o;
            tgt_lex += costs.side(f64::from(o.tgt), mt[q], 1);
            let lt = sums.tgt_chars[j] - sums.tgt_chars[q];
            if k >= kmin && starts.contains(&q) {
                if !self.beyond(ls, lt) {
                    self.push(j, 1, k, costs.side(found, ms[p], k) + tgt_lex);
                } else if self.hopeless(ls, lt, true) {
                    break;
                }
            }
        }
    }

    /// The k:1 beads ending in column `j`: the sources `i - k..i` against
    /// target `j - 1`.
    #[inline]
    fn many_to_one(&mut self, j: usize) {
        let (i, kmin, costs) = (self.i, self.kmin, self.costs);
        let (band, sums) = (&costs.band, costs.sums);
        let r = band.rect();
        if !(j > r.j0 && i >= r.i0 + kmin && self.worth(i - kmin..i, j - 1..j, false)) {
            return;
        }
        let (ms, mt) = (&sums.src_weight, &sums.tgt_weight);
        let q = j - 1;
        let lt = sums.tgt_chars[j] - sums.tgt_chars[q];
        let (mut found, mut src_lex) = (0.0, 0.0);
        let mut last = Overlap::default();
        for k in 1..=self.kmax.min(i - r.i0) {
            let p = i - k;
            let o = costs.cell(p, q);
            found += f64::from(o.tgt);
            if k > 1 {
                // what p and p + 1 both explain, stored with p + 1
                found -= f64::from(last.tgt_both);
            }
            last = o;
            src_lex += costs.side(f64::from(o.src), ms[p], 1);
            let ls = sums.src_chars[i] - sums.src_chars[p];
            if k >= kmin && band.index(p, q).is_some() {
                if !self.beyond(ls, lt) {
                    self.push(j, k, 1, src_lex + costs.side(found, mt[q], k));
                } else if self.hopeless(ls, lt, false) {
                    break;
                }
            }
        }
    }

    /// The caller's beads and the row's after them, by column.
    ///
    /// # Errors
    /// When the memory for them could not be had.
    fn finish(self) -> Result<Vec<(usize, LongBead)>> {
        if self.failed {
            let cells = self.costs.band.cols(self.i).len();
            return Err(crate::Error::out_of_memory::<(usize, LongBead)>(
                "the long beads of a row",
                (self.out.len() - self.first) * 2,
                cells,
            ));
        }
        Ok(self.out)
    }
}

/// The overlaps stored in one row of the band, from column `start` (0
/// outside it).
#[derive(Clone, Copy)]
struct Stored<'a> {
    start: usize,
    cells: &'a [Overlap],
}

impl Stored<'_> {
    const EMPTY: Stored<'static> = Stored { start: 0, cells: &[] };

    /// The overlap at column `q` (0 outside the row).
    #[inline]
    fn at(&self, q: usize) -> Overlap {
        match q.checked_sub(self.start) {
            Some(k) if k < self.cells.len() => self.cells[k],
            _ => Overlap::default(),
        }
    }

    /// The overlap at column `q`, inside the row.
    #[inline]
    fn inside(&self, q: usize) -> Overlap {
        self.cells[q - self.start]
    }
}

/// The rows of overlaps that the beads ending in one row read: the row's
/// own and the one above (empty in the first row).
struct Rows<'a> {
    here: Stored<'a>,
    above: Stored<'a>,
}

/// The columns of row `i` of `band` whose overlaps [`BeadCosts::new`]
/// copies from those of `earlier`, a band of the same rectangle, when the
/// row holds all of that band's row (else `None`): all of them but the
/// first when the row grew to the left, whose `src_both` read no column
/// before it then and reads one now. The others are computed again.
fn copied(band: &Band, earlier: &Band, i: usize) -> Option<Range<usize>> {
    let old = band.grown_from(earlier, i)?;
    Some(old.start + usize::from(band.cols(i).start < old.start)..old.end)
}

fn prefix(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut out = vec![0.0];
    let mut acc = 0.0;
    for x in v {
        acc += x;
        out.push(acc);
    }
    out
}

fn prefix_punct(v: &[[u8; 5]]) -> Vec<[u32; 5]> {
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut acc = [0u32; 5];
    out.push(acc);
    for p in v {
        for k in 0..5 {
            acc[k] += u32::from(p[k]);
        }
        out.push(acc);
    }
    out
}

impl<'p> BeadCosts<'p> {
    /// Prices beads of `problem` inside `band`. `ratio` and `variance` are
    /// the length model's parameters. The overlaps that an `earlier` band
    /// of the same problem and rectangle already holds are copied from it
    /// (see [`copied`]): a retry in a widened band computes only those of
    /// the columns it added.
    ///
    /// The table of shared anchors is made in memory that `scratch` kept
    /// (see [`keep_in`](Self::keep_in)).
    ///
    /// # Errors
    /// When the memory for the table of shared anchors cannot be had.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        problem: &'p Problem,
        sums: &'p Sums,
        band: Band,
        ratio: f64,
        variance: f64,
        config: &AlignConfig,
        earlier: Option<&BeadCosts<'_>>,
        scratch: &Scratch,
    ) -> Result<Self> {
        let concepts = &problem.concepts;
        let r = band.rect();
        let mut overlap =
            scratch.overlaps.table_of(band.cells(), 1, Overlap::default(), "the table of shared anchors")?;
        /// The rows whose target sentences the kernel reads at once: enough
        /// that each sentence is read once for the twenty-odd rows of a
        /// band that read it, few enough that a thread's copy stays small.
        const STRETCH: usize = 64;
        /// A thread's kernel scratch, the target sentences of its last
        /// stretch of rows, those rows, and each row's source sentence and
        /// the target sentences it reads.
        type Stretch = (crate::anchor::Scratch, crate::anchor::Columns, Range<usize>, Vec<(usize, Range<usize>)>);
        // the kernel reads the target sentences of a stretch of rows at a
        // time, each left with only the concepts those rows may mark (see
        // Concepts::columns): each thread holds its last stretch's
        // (the rows from `i` to `last`, at most STRETCH of them)
        let stretch = |(scratch, columns, held, rows): &mut Stretch, i: usize, last: usize| {
            if !held.contains(&i) || !held.contains(&last) {
                *held = i..(i + STRETCH).min(r.i1 + 1);
                rows.clear();
                rows.extend(held.clone().map(|k| {
                    let c = band.cols(k);
                    (k - 1, c.start.max(r.j0 + 1) - 1..c.end - 1)
                }));
                concepts.columns(rows, scratch, columns);
            }
        };
        // the kernel's source sentence and target sentences for the cells
        // of columns `js` of row i, and where in the row they go (the
        // first cell of column r.j0, which stands for no sentence, stays 0)
        let kernel = |i: usize, js: &Range<usize>| {
            let lead = usize::from(js.start == r.j0);
            (i - 1, js.start.max(r.j0 + 1) - 1..js.end - 1, js.start - band.cols(i).start + lead)
        };
        let row = |state: &mut Stretch, i: usize, all: &mut [Overlap]| {
            // row r.i0 stands for no sentence: it stays 0
            if i == r.i0 {
                return;
            }
            let row_cols = band.cols(i);
            // the cells of columns `js` of row i, from one call of the
            // kernel (whose first cell's src_both is 0: it reads no column
            // before it)
            let mut compute = |js: Range<usize>, state: &mut Stretch| {
                stretch(state, i, i);
                let (s, cols, at) = kernel(i, &js);
                let end = js.end - row_cols.start;
                concepts.overlap_in(s, cols, &state.1, &mut state.0, &mut all[at..end]);
            };
            let Some((before, keep)) = earlier.and_then(|e| Some((e, copied(&band, &e.band, i)?))) else {
                compute(row_cols.clone(), state);
                return;
            };
            // the columns added on the right from the last one kept, so
            // that the first added one reads the one before it; that one
            // is then copied over (or computed again on the left)
            if row_cols.end > keep.end {
                compute(keep.end - 1..row_cols.end, state);
            }
            if row_cols.start < keep.start {
                compute(row_cols.start..keep.start, state);
            }
            if !keep.is_empty() {
                let from = before.band.index(i, keep.start).expect("a kept cell");
                all[keep.start - row_cols.start..keep.end - row_cols.start]
                    .copy_from_slice(&before.overlap[from..from + keep.len()]);
            }
        };
        if earlier.is_some() {
            band.fill_rows(&mut overlap, 1, Stretch::default, row);
        } else {
            // a first try computes every cell: two rows at a time, which
            // read the same target sentences, and a stretch of rows to a
            // task, whose target sentences are then read once
            band.fill_row_pairs(&mut overlap, 1, STRETCH / 2, Stretch::default, |state, i, all, below| match below {
                Some(below) if i > r.i0 => {
                    stretch(state, i, i + 1);
                    let (s, cols, at) = kernel(i, &band.cols(i));
                    let (_, cols_below, at_below) = kernel(i + 1, &band.cols(i + 1));
                    let out = (&mut all[at..], &mut below[at_below..]);
                    concepts.overlap_in_two(s, (cols, cols_below), &state.1, &mut state.0, out);
                }
                _ => {
                    row(state, i, all);
                    if let Some(below) = below {
                        row(state, i + 1, below);
                    }
                }
            });
        }
        let mut priors = [[0.0; 4]; 4];
        for (a, row) in priors.iter_mut().enumerate() {
            for (b, p) in row.iter_mut().enumerate() {
                *p = -config.prior(a, b).max(1e-12).ln();
            }
        }
        Ok(BeadCosts {
            problem,
            sums,
            overlap,
            band,
            ratio,
            variance,
            priors,
            lex_weight: config.lex_weight,
            baseline: config.lex_baseline,
            skip: config.skip_cost,
            punct_weight: config.punct_weight,
            speaker_weight: config.speaker_weight,
            tail: tail_table(),
            ln_decay: config.long_bead_decay.max(1e-12).ln(),
            chance: std::array::from_fn(|k| {
                let c = 1.0 - (1.0 - config.lex_baseline).powi(k as i32);
                (config.lex_weight / 2.0 * c, config.lex_shrink * c)
            }),
        })
    }

    /// Gives the memory of the table of shared anchors to `scratch`, for
    /// the costs of another band.
    pub(crate) fn keep_in(self, scratch: &Scratch) {
        scratch.overlaps.keep(self.overlap);
    }

    /// The band the costs were computed for.
    pub(crate) fn band(&self) -> &Band {
        &self.band
    }

    /// The overlap of source unit `p` and target unit `q` (0 outside the band).
    fn cell(&self, p: usize, q: usize) -> Overlap {
        self.band.index(p + 1, q + 1).map_or(Overlap::default(), |k| self.overlap[k])
    }

    /// The lexical cost of joining `src[i0..i1]` with `tgt[j0..j1]`: each
    /// sentence pays by how much of its anchor weight the other side of
    /// the bead explains (see [`side`](Self::side)). Every sentence is
    /// priced once, so merging a well-supported pair with an unsupported
    /// one never hides the unsupported one.
    fn lexical(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (ws, wt) = (&self.sums.src_weight, &self.sums.tgt_weight);
        let mut lex = 0.0;
        // each sum in the order `row` adds it
        for (p, &w) in (i0..i1).zip(&ws[i0..i1]) {
            let mut found = 0.0;
            for q in j0..j1 {
                let o = self.cell(p, q);
                found += f64::from(o.src) - if q > j0 { f64::from(o.src_both) } else { 0.0 };
            }
            lex += self.side(found, w, j1 - j0);
        }
        for (q, &w) in (j0..j1).zip(&wt[j0..j1]) {
            let mut found = 0.0;
            for p in i0..i1 {
                let o = self.cell(p, q);
                found += f64::from(o.tgt) - if p > i0 { f64::from(o.tgt_both) } else { 0.0 };
            }
            lex += self.side(found, w, i1 - i0);
        }
        lex
    }

    /// The lexical cost of one sentence of anchor weight `mass` of which
    /// `found` is found on the other side of its bead: half the lexical
    /// weight times how far its coverage, shrunk towards the baseline when
    /// the sentence has little weight, falls short of the baseline. Words
    /// found in several sentences of the other side count once (`found` is
    /// capped at `mass`).
    #[inline]
    fn side(&self, found: f64, w: Weight, others: usize) -> f64 {
        // lex_weight / 2 * (chance - (found + shrink * chance) / (mass + shrink))
        let (half_chance, shrunk_chance) = self.chance[others.min(MAX_OTHERS)];
        half_chance - (capped(found, w.mass) + shrunk_chance) * w.factor
    }

    /// The long beads (1:k and k:1, `k` in `ks`) that end in row `i`, by
    /// column, each priced as [`cost`](Self::cost) prices it (plus
    /// `extra`), pushed onto `out` (which the rows of a block of rows
    /// share, so that few of them allocate); beads whose lengths disagree
    /// so much that their length cost alone passes [`LONG_Z_LIMIT`]
    /// standard deviations are left out (a bead's other terms never make
    /// up for that much).
    ///
    /// # Errors
    /// When the memory for the row's beads cannot be had.
    pub(crate) fn long_row(
        &self,
        i: usize,
        ks: std::ops::RangeInclusive<usize>,
        extra: Option<&(dyn Fn(usize, usize, usize, usize) -> f64 + Sync)>,
        out: &mut Vec<(usize, LongBead)>,
    ) -> Result<()> {
        let (kmin, kmax) = (*ks.start(), *ks.end());
        if kmin > kmax {
            return Ok(());
        }
        let mut row = LongRow::new(self, i, (kmin, kmax), extra, std::mem::take(out));
        for j in self.band.cols(i) {
            row.one_to_many(j);
            row.many_to_one(j);
        }
        *out = row.finish()?;
        Ok(())
    }

    /// The prior cost of an `a`:`b` bead.
    fn prior(&self, a: usize, b: usize) -> f64 {
        if a <= 3 && b <= 3 {
            self.priors[a][b]
        } else {
            // each sentence past the third costs the decay again
            let extra = (a.max(b) - 3) as f64;
            self.priors[a.min(3)][b.min(3)] - extra * self.ln_decay
        }
    }

    /// The cost of a bead without a counterpart: `count` sentences of one side.
    fn omission(&self, prior: f64, count: usize) -> f64 {
        // priced like half of a pair that shares nothing
        prior + self.skip + self.lex_weight * self.baseline * count as f64 / 2.0
    }

    /// The cost of joining `src[i0..i1]` with `tgt[j0..j1]`.
    pub fn cost(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (a, b) = (i1 - i0, j1 - j0);
        let prior = self.prior(a, b);
        if a == 0 || b == 0 {
            return self.omission(prior, a + b);
        }
        self.pair(prior, i0, i1, j0, j1, self.lexical(i0, i1, j0, j1))
    }

    /// The costs of every bead kind that ends in row `i` of the band, `kinds.len()`
    /// values per cell, cell after cell, into `out`; infinite for a bead
    /// that would start outside the band. The same values as
    /// [`cost`](Self::cost), computed a kind at a time across the row: what
    /// depends only on the row and the kind (the source side's punctuation
    /// and paragraphs, where beads may start) is found once, and each
    /// kind's loop is short and free of the branches of the others. The
    /// cells of kind `kinds[y]` in the columns `kept[y]` (inside the row,
    /// where the beads start inside the band) are left as they are, for
    /// the caller to fill (none past the end of `kept`).
    fn row(&self, i: usize, kinds: &[(usize, usize)], kept: &[Range<usize>], out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, the feature that `row_wide` is
            // compiled for.
            unsafe { self.row_wide(i, kinds, kept, out) };
            return;
        }
        self.row_in(i, kinds, kept, out);
    }

    /// [`row_in`](Self::row_in) compiled for AVX2: four lanes at a time
    /// where the loops vectorise (the divisions and roots of the length
    /// costs bound them), the same operations in the same order (no fused
    /// multiply-adds), and so the same values.
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn row_wide(&self, i: usize, kinds: &[(usize, usize)], kept: &[Range<usize>], out: &mut [f64]) {
        self.row_in(i, kinds, kept, out);
    }

    /// The body of [`row`](Self::row), inlined into each of its versions
    /// with all it calls.
    #[inline(always)]
    fn row_in(&self, i: usize, kinds: &[(usize, usize)], kept: &[Range<usize>], out: &mut [f64]) {
        let band = &self.band;
        let r = band.rect();
        let cols = band.cols(i);
        let nk = kinds.len();
        let rows = Rows { here: self.stored(i), above: if i > r.i0 { self.stored(i - 1) } else { Stored::EMPTY } };
        for (y, &(a, b)) in kinds.iter().enumerate() {
            // the columns where a bead of this kind starts inside the band
            let (from, to) = if i < r.i0 + a {
                (cols.start, cols.start)
            } else {
                let c = band.cols(i - a);
                let from = (c.start.max(r.j0) + b).clamp(cols.start, cols.end);
                (from, (c.end + b).clamp(from, cols.end))
            };
            let (x0, x1) = (from - cols.start, to - cols.start);
            for x in (0..x0).chain(x1..cols.len()) {
                out[x * nk + y] = f64::INFINITY;
            }
            // the columns priced: those before the kept ones and after them
            let keep = kept.get(y).filter(|k| !k.is_empty()).map_or(to..to, Range::clone);
            debug_assert!(from <= keep.start && keep.end <= to, "kept cells {keep:?} start inside the band");
            for js in [from..keep.start, keep.end..to] {
                if !js.is_empty() {
                    self.kind_row(i, (a, b), js.clone(), &mut out[(js.start - cols.start) * nk + y..], nk, &rows);
                }
            }
        }
    }

    /// The costs of the `a`:`b` beads that end in row `i`, columns `js`
    /// (where they start inside the band), into every `stride`-th slot of
    /// `slots` (see [`row`](Self::row)); `rows` the overlaps they read.
    #[inline(always)]
    fn kind_row(
        &self,
        i: usize,
        (a, b): (usize, usize),
        js: Range<usize>,
        slots: &mut [f64],
        stride: usize,
        rows: &Rows<'_>,
    ) {
        match (a, b) {
            (0, _) | (_, 0) => {
                let c = self.omission(self.priors[a.min(3)][b.min(3)], a + b);
                slots.iter_mut().step_by(stride).take(js.len()).for_each(|s| *s = c);
            }
            (1, 1) | (1, 2) | (2, 1) | (2, 2) => {
                // the length costs of a piece of the row at a time, side
                // by side so that their divisions and roots overlap, on
                // the stack
                let (mut lengths, to) = ([0.0; LENGTH_PIECE], js.end);
                for (js, slots) in js.step_by(LENGTH_PIECE).zip(slots.chunks_mut(LENGTH_PIECE * stride)) {
                    let js = js..(js + LENGTH_PIECE).min(to);
                    let lengths = &mut lengths[..js.len()];
                    self.length_row(i, (a, b), js.clone(), lengths);
                    self.dense(i, (a, b), js, (lengths, slots, stride), rows);
                }
            }
            _ => {
                for (j, s) in js.zip(slots.iter_mut().step_by(stride)) {
                    *s = self.cost(i - a, i, j - b, j);
                }
            }
        }
    }

    /// Row `i` of the table of bead costs (see [`cost_table`]): the costs
    /// of [`row`](Self::row), each finite one plus `extra`. With `earlier`,
    /// the costs of an earlier band of the same problem and their table
    /// (`extra` included), the cells whose cost cannot have changed (see
    /// [`kept`](Self::kept)) are copied from that table instead.
    ///
    /// [`cost_table`]: super::dp::cost_table
    pub(crate) fn table_row(
        &self,
        i: usize,
        kinds: &[(usize, usize)],
        out: &mut [f64],
        extra: Option<&(dyn Fn(usize, usize, usize, usize) -> f64 + Sync)>,
        earlier: Option<(&BeadCosts<'_>, &[f64])>,
    ) {
        let kept = earlier.map_or_else(Vec::new, |(e, _)| self.kept(&e.band, i, kinds));
        self.row(i, kinds, &kept, out);
        let (cols, nk) = (self.band.cols(i), kinds.len());
        if let Some(f) = extra {
            for (j, cell) in cols.clone().zip(out.chunks_exact_mut(nk)) {
                for (y, (&(a, b), c)) in kinds.iter().zip(cell).enumerate() {
                    if c.is_finite() && !kept.get(y).is_some_and(|k| k.contains(&j)) {
                        *c += f(i - a, i, j - b, j);
                    }
                }
            }
        }
        let Some((e, table)) = earlier else { return };
        for (y, keep) in kept.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
            let from = e.band.index(i, keep.start).expect("a kept cell");
            let (old, new) = (&table[from * nk + y..], &mut out[(keep.start - cols.start) * nk + y..]);
            for (n, &o) in new.iter_mut().step_by(nk).zip(old.iter().step_by(nk)).take(keep.len()) {
                *n = o;
            }
        }
    }

    /// The columns of row `i` where the cost of the beads of each kind is
    /// the same in this band as in `earlier`, a band of the same problem
    /// and rectangle (a retry's, widened in places, against the one it
    /// widens): the cells of `earlier`'s row whose bead starts inside
    /// `earlier` and reads only overlaps that [`BeadCosts::new`] copied
    /// (see [`copied`]), or none of either band. A bead of kind `(a, b)`
    /// ending in `(i, j)` reads the overlaps of rows `i - a + 1..=i`,
    /// columns `j - b + 1..=j`: a row that grew to the left changed its
    /// columns before the first kept one, one that grew to the right
    /// those from its last kept one on.
    fn kept(&self, earlier: &Band, i: usize, kinds: &[(usize, usize)]) -> Vec<Range<usize>> {
        let (band, r) = (&self.band, self.band.rect());
        let kept_of = |(a, b): (usize, usize)| -> Option<Range<usize>> {
            // the bead's end and start were in the earlier band, and are
            // in this one
            if i < r.i0 + a {
                return None;
            }
            let ends = band.grown_from(earlier, i)?;
            let starts = band.grown_from(earlier, i - a)?;
            let (mut from, mut to) = (ends.start.max(starts.start + b), ends.end.min(starts.end + b));
            for p in (i + 1 - a..=i).filter(|_| b > 0) {
                let keep = copied(band, earlier, p)?;
                let now = band.cols(p);
                if now.start < keep.start {
                    from = from.max(keep.start + b - 1);
                }
                if now.end > keep.end {
                    to = to.min(keep.end);
                }
            }
            (from < to).then_some(from..to)
        };
        kinds.iter().map(|&k| kept_of(k).unwrap_or(0..0)).collect()
    }

    /// The overlaps stored in row `p` of the band.
    fn stored(&self, p: usize) -> Stored<'_> {
        let c = self.band.cols(p);
        let start = self.band.index(p, c.start).expect("row start");
        Stored { start: c.start, cells: &self.overlap[start..start + c.len()] }
    }

    /// The costs of the `a`:`b` beads (1 or 2 sentences a side) that end
    /// in row `i`, columns `js`, of length costs `lengths`, into every
    /// `stride`-th slot of `slots`: the lexical cost in the order of
    /// [`lexical`](Self::lexical) (sources, then targets, each summed in
    /// order) over the overlaps of `rows`, then [`priced`](Self::priced).
    ///
    /// Each kind's loop is written out here rather than passed down as a
    /// closure: a closure is compiled apart from the AVX2 copy of
    /// [`row`](Self::row) that inlines this, and was called once a cell.
    #[inline(always)]
    fn dense(
        &self,
        i: usize,
        (a, b): (usize, usize),
        js: Range<usize>,
        (lengths, slots, stride): (&mut [f64], &mut [f64], usize),
        rows: &Rows<'_>,
    ) {
        let f = f64::from;
        let (ms, mt) = (&self.sums.src_weight, &self.sums.tgt_weight);
        let (here, above) = (&rows.here, &rows.above);
        let prior = self.priors[a][b];
        // the sum starts as `priced`'s: the prior, the length, the lexical
        // cost
        let sum = &mut *lengths;
        let cells = js.clone().zip(sum.iter_mut());
        match (a, b) {
            (1, 1) => {
                let w = ms[i - 1];
                for (j, s) in cells {
                    let h = here.inside(j);
                    let lex = self.side(0.0 + f(h.src), w, 1) + self.side(0.0 + f(h.tgt), mt[j - 1], 1);
                    *s = prior + *s + lex;
                }
            }
            (1, 2) => {
                let w = ms[i - 1];
                for (j, s) in cells {
                    let (h1, h2) = (here.at(j - 1), here.inside(j));
                    let lex = self.side(0.0 + f(h1.src) + (f(h2.src) - f(h2.src_both)), w, 2)
                        + self.side(0.0 + f(h1.tgt), mt[j - 2], 1)
                        + self.side(0.0 + f(h2.tgt), mt[j - 1], 1);
                    *s = prior + *s + lex;
                }
            }
            (2, 1) => {
                let (w2, w1) = (ms[i - 2], ms[i - 1]);
                for (j, s) in cells {
                    let (a, h) = (above.at(j), here.inside(j));
                    let lex = self.side(0.0 + f(a.src), w2, 1)
                        + self.side(0.0 + f(h.src), w1, 1)
                        + self.side(0.0 + f(a.tgt) + (f(h.tgt) - f(h.tgt_both)), mt[j - 1], 2);
                    *s = prior + *s + lex;
                }
            }
            _ => {
                let (w2, w1) = (ms[i - 2], ms[i - 1]);
                for (j, s) in cells {
                    let (a1, a2, h1, h2) = (above.at(j - 1), above.at(j), here.at(j - 1), here.inside(j));
                    let lex = self.side(0.0 + f(a1.src) + (f(a2.src) - f(a2.src_both)), w2, 2)
                        + self.side(0.0 + f(h1.src) + (f(h2.src) - f(h2.src_both)), w1, 2)
                        + self.side(0.0 + f(a1.tgt) + (f(h1.tgt) - f(h1.tgt_both)), mt[j - 2], 2)
                        + self.side(0.0 + f(a2.tgt) + (f(h2.tgt) - f(h2.tgt_both)), mt[j - 1], 2);
                    *s = prior + *s + lex;
                }
            }
        }
        self.dense_kind(i, (a, b), js, (lengths, slots, stride));
    }

    /// The rest of [`priced`](Self::priced) for the `a`:`b` beads (both
    /// not 0) that end in row `i`, columns `js`, whose sums of prior,
    /// length and lexical cost are in `sums`, into every `stride`-th slot
    /// of `slots`; the source side's punctuation and paragraph counts
    /// found once for the row. The sums grow a term at a time: each loop
    /// is short, and those of the terms that are the same in every cell
    /// vectorise.
    #[inline(always)]
    fn dense_kind(
        &self,
        i: usize,
        (a, b): (usize, usize),
        js: Range<usize>,
        (sums_in, slots, stride): (&mut [f64], &mut [f64], usize),
    ) {
        let (sums, p) = (self.sums, self.problem);
        let (x0, x1) = (&sums.src_punct[i - a], &sums.src_punct[i]);
        let src_punct: [u32; 5] = std::array::from_fn(|k| x1[k] - x0[k]);
        let inner = |ends: &[bool]| ends[..ends.len() - 1].iter().filter(|&&e| e).count();
        let (src_inner, src_end) = (inner(&p.src_para_end[i - a..i]), p.src_para_end[i - 1]);
        // the terms one at a time, each added to all the cells before the
        // next (the same sums, in the same order, as `priced`'s)
        let sum = sums_in;
        let pw = self.punct_weight;
        if pw > 0.0 {
            for (j, s) in js.clone().zip(sum.iter_mut()) {
                let (y0, y1) = (&sums.tgt_punct[j - b], &sums.tgt_punct[j]);
                // small whole numbers: exact in any order
                let n: u32 = (0..5).map(|k| src_punct[k].abs_diff(y1[k] - y0[k]).min(2)).sum();
                *s += pw * f64::from(n);
            }
        } else {
            sum.iter_mut().for_each(|s| *s += pw * 0.0);
        }
        if let Some(sp) = &p.speakers {
            for (j, s) in js.clone().zip(sum.iter_mut()) {
                *s += self.speaker_weight * speaker_cost(sp, i - a, i, j - b, j);
            }
        } else {
            sum.iter_mut().for_each(|s| *s += 0.0);
        }
        if p.para_weight > 0.0 {
            for (j, s) in js.zip(sum.iter_mut()) {
                let ti = inner(&p.tgt_para_end[j - b..j]);
                let end_differs = src_end != p.tgt_para_end[j - 1];
                *s += p.para_weight * (f64::from(u8::from(end_differs)) + src_inner.abs_diff(ti) as f64);
            }
        } else {
            sum.iter_mut().for_each(|s| *s += 0.0);
        }
        for (s, &c) in slots.iter_mut().step_by(stride).zip(sum.iter()) {
            *s = c;
        }
    }

    /// The length costs of the `a`:`b` beads (both not 0) that end in row
    /// `i`, columns `cols`, into `out`: [`length_cost`] in two loops, the
    /// first without a branch or a table.
    #[inline(always)]
    fn length_row(&self, i: usize, (a, b): (usize, usize), cols: Range<usize>, out: &mut [f64]) {
        let sums = self.sums;
        let ls = sums.src_chars[i] - sums.src_chars[i - a];
        let (ratio, variance) = (self.ratio, self.variance);
        let (ends, starts) = (&sums.tgt_chars[cols.clone()], &sums.tgt_chars[cols.start - b..cols.end - b]);
        z_lanes(ls, (ends, starts), (ratio, variance), out);
        for o in out.iter_mut() {
            *o = if *o < 0.0 { 0.0 } else { tail_cost_in(self.tail, *o) };
        }
    }

    /// The cost of joining `src[i0..i1]` with `tgt[j0..j1]` (both not
    /// empty), whose lexical cost is `lex`.
    #[inline]
    fn pair(&self, prior: f64, i0: usize, i1: usize, j0: usize, j1: usize, lex: f64) -> f64 {
        let sums = self.sums;
        let ls = sums.src_chars[i1] - sums.src_chars[i0];
        let lt = sums.tgt_chars[j1] - sums.tgt_chars[j0];
        let length = length_cost(self.tail, ls, lt, self.ratio, self.variance);
        self.priced(prior, length, (i0, i1, j0, j1), lex)
    }

    /// [`pair`](Self::pair) of the bead `src[i0..i1]`, `tgt[j0..j1]`
    /// whose length cost is `length`.
    #[inline]
    fn priced(&self, prior: f64, length: f64, (i0, i1, j0, j1): (usize, usize, usize, usize), lex: f64) -> f64 {
        let sums = self.sums;
        let mut punct = 0.0;
        if self.punct_weight > 0.0 {
            let (x0, x1, y0, y1) = (&sums.src_punct[i0], &sums.src_punct[i1], &sums.tgt_punct[j0], &sums.tgt_punct[j1]);
            for k in 0..5 {
                let (x, y) = (x1[k] - x0[k], y1[k] - y0[k]);
                punct += f64::from(x.abs_diff(y).min(2));
            }
        }
        let speaker = match &self.problem.speakers {
            Some(sp) => self.speaker_weight * speaker_cost(sp, i0, i1, j0, j1),
            None => 0.0,
        };
        let p = self.problem;
        // paragraph breaks: a bead should end a paragraph on both sides or
        // on neither, and hold as many breaks inside on each side
        let para = if p.para_weight > 0.0 {
            let inner = |ends: &[bool]| ends[..ends.len() - 1].iter().filter(|&&e| e).count();
            let (si, ti) = (inner(&p.src_para_end[i0..i1]), inner(&p.tgt_para_end[j0..j1]));
            let end_differs = p.src_para_end[i1 - 1] != p.tgt_para_end[j1 - 1];
            p.para_weight * (f64::from(u8::from(end_differs)) + si.abs_diff(ti) as f64)
        } else {
            0.0
        };
        prior + length + lex + self.punct_weight * punct + speaker + para
    }
}

/// `found.clamp(0.0, mass)` without its check that 0 <= mass (a mass is
/// a sum of weights), which was a branch in the loops of the dense kinds:
/// clamp's own two comparisons, in its order, so the same value.
#[inline(always)]
fn capped(found: f64, mass: f64) -> f64 {
    let found = if found < 0.0 { 0.0 } else { found };
    if found > mass {
        mass
    } else {
        found
    }
}

/// The speaker term of a bead in [-1, 1]: minus the mean relation of the
/// speakers it pairs, plus one for every pair of units of different kinds.
fn speaker_cost(sp: &Speakers, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
    let mut rel = 0.0;
    let mut pairs = 0.0;
    for i in i0..i1 {
        for j in j0..j1 {
            pairs += 1.0;
            if sp.src_kind[i] != sp.tgt_kind[j] {
                rel -= 1.0;
                continue;
            }
            let (s, t) = (sp.src[i], sp.tgt[j]);
            if s != u32::MAX && t != u32::MAX {
                rel += f64::from(sp.relation[s as usize][t as usize]);
            }
        }
    }
    -rel / pairs
}

/// [`z_of`] of the length `ls` against each of `ends - starts`, into
/// `out`.
#[inline(always)]
fn z_lanes(ls: f64, (ends, starts): (&[f64], &[f64]), (ratio, variance): (f64, f64), out: &mut [f64]) {
    for ((o, &end), &start) in out.iter_mut().zip(ends).zip(starts) {
        *o = z_of(ls, end - start, ratio, variance);
    }
}

/// Gale & Church's length cost, -log P(|delta|) for a two-sided normal,
/// with `delta = (ls c - lt) / sqrt(mean s2)` and `mean` the average of
/// the two lengths measured in source characters.
/// `table` is [`tail_table`].
#[inline]
fn length_cost(table: &Tail, ls: f64, lt: f64, ratio: f64, variance: f64) -> f64 {
    let z = z_of(ls, lt, ratio, variance);
    if z < 0.0 {
        return 0.0;
    }
    tail_cost_in(table, z)
}

/// The `z` of [`length_cost`], and -1 when both lengths are 0.
#[inline]
fn z_of(ls: f64, lt: f64, ratio: f64, variance: f64) -> f64 {
    let mean = (ls + lt / ratio) / 2.0;
    let z = (ls * ratio - lt).abs() / (mean * ratio * variance).sqrt();
    if mean <= 0.0 {
        -1.0
    } else {
        z
    }
}

/// Steps of the table of [`tail_table`] per unit of z.
const TAIL_STEPS: f64 = 64.0;
/// The table covers z in [0, TAIL_MAX).
const TAIL_MAX: f64 = 12.0;
/// The values in the table of [`tail_table`]: one per step in [0,
/// TAIL_MAX], and one more.
const TAIL_LEN: usize = 12 * 64 + 2;

/// The table of [`tail_table`]: of fixed length, so that the look-ups
/// of [`tail_cost_in`], whose index is below `TAIL_MAX * TAIL_STEPS`,
/// need no bounds check.
type Tail = [f64; TAIL_LEN];

/// The table of `-ln(2 (1 - Phi(z)))` for z in [0, TAIL_MAX), TAIL_STEPS
/// values per unit, made once.
fn tail_table() -> &'static Tail {
    static TABLE: std::sync::OnceLock<Tail> = std::sync::OnceLock::new();
    debug_assert_eq!(TAIL_LEN, (TAIL_MAX * TAIL_STEPS) as usize + 2);
    TABLE.get_or_init(|| {
        std::array::from_fn(|k| {
            let z = k as f64 / TAIL_STEPS;
            -(2.0 * (1.0 - norm_cdf(z))).max(1e-300).ln()
        })
    })
}

/// `-ln(2 (1 - Phi(z)))` for z >= 0, from the table of [`tail_table`] with
/// linear interpolation (the DP asks for it millions of times); past the
/// table, the asymptotic form of the normal tail.
#[inline]
fn tail_cost_in(table: &Tail, z: f64) -> f64 {
    let x = z * TAIL_STEPS;
    if x < TAIL_MAX * TAIL_STEPS {
        // x is in [0, 768): its whole part as an i32 and back is what a
        // usize would be, in one conversion each way (a usize takes
        // several); held below the table's end (which changes nothing),
        // it needs no bounds check
        let k = x as i32;
        let f = x - f64::from(k);
        let k = (k as usize).min(TAIL_LEN - 2);
        table[k] * (1.0 - f) + table[k + 1] * f
    } else {
        // 2 (1 - Phi(z)) ~ 2 phi(z) / z
        z * z / 2.0 + z.ln() + 0.5 * (std::f64::consts::PI / 2.0).ln()
    }
}

/// The standard normal distribution function (Abramowitz & Stegun 26.2.17).
fn norm_cdf(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * z.abs());
    let d = 0.398_942_280_4 * (-z * z / 2.0).exp();
    let p =
        d * t * (0.319_381_53 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    if z >= 0.0 {
        1.0 - p
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::dp::{bead_kinds, Rect, MAX_LONG};
    use crate::anchor::{Lexicon, Shared, Side};
    use crate::{Document, Lang};
    use proptest::prelude::*;

    /// A text of `n` sentences drawn from a small vocabulary with numbers,
    /// names and punctuation, in paragraphs, from the generator `seed`.
    fn text(n: usize, seed: &mut u64) -> String {
        let words = ["Haus", "Anna", "Berlin", "Ja", "Wort", "Tal", "Paris", "Zug", "Licht", "Ruhe"];
        let marks = [".", "!", "?", ";", ":", ","];
        let mut next = |k: usize| {
            *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (*seed >> 33) as usize % k
        };
        let mut out = String::new();
        for _ in 0..n {
            for _ in 0..1 + next(12) {
                match next(8) {
                    0 => out.push_str(&format!("{} ", 10 + next(40))),
                    1 => out.push_str(&format!("({}) ", words[next(10)])),
                    _ => out.push_str(&format!("{} ", words[next(10)])),
                }
            }
            out.push_str(&format!("{}{}", words[next(10)], marks[next(3)]));
            out.push_str(if next(4) == 0 { "\n\n" } else { " " });
        }
        out
    }

    /// A problem of random sentences with anchors, punctuation,
    /// paragraphs and (when `speakers`) speakers.
    fn problem(seed: u64, speakers: bool) -> Problem {
        let mut seed = seed;
        let (s, t) = (text(40, &mut seed), text(44, &mut seed));
        let (src, tgt) = (Document::segment(&s, Lang::German), Document::segment(&t, Lang::French));
        let mut shared = Shared::default();
        let (ss, ts) = Side::analyse_pair(&src, &tgt, &mut shared);
        let lengths = |d: &Document<'_>| d.sentences().iter().map(|s| s.chars()).collect();
        let concepts = Concepts::build(&ss, &ts, &shared, &Lexicon::empty(0));
        let mut p = Problem::units((lengths(&src), lengths(&tgt)), (ss.punct.clone(), ts.punct.clone()), concepts);
        (p.src_para_end, p.tgt_para_end) =
            (super::super::estimate::paragraph_ends(&src), super::super::estimate::paragraph_ends(&tgt));
        p.para_weight = 0.7;
        let (n, m) = (p.n(), p.m());
        if speakers {
            p.speakers = Some(Speakers {
                src: (0..n).map(|i| if i % 5 == 0 { u32::MAX } else { (i % 3) as u32 }).collect(),
                tgt: (0..m).map(|j| (j % 3) as u32).collect(),
                src_kind: (0..n).map(|i| u8::from(i % 7 == 0)).collect(),
                tgt_kind: (0..m).map(|j| u8::from(j % 6 == 0)).collect(),
                relation: vec![vec![1, -1, 0], vec![0, 1, -1], vec![-1, 0, 1]],
            });
        }
        p
    }

    /// `row` gives exactly what `cost` gives, for every cell and bead kind
    /// (with and without speakers, punctuation and paragraphs) of bands of
    /// several shapes (whole, diagonal, along anchors, inside
    /// a rectangle that does not start at 0), and infinity where a bead
    /// would start outside the band.
    #[test]
    fn rows_price_every_bead_as_cost_does() {
        // the third without the punctuation and paragraph terms, the
        // fourth without the paragraph term
        for (seed, speakers) in [(1, false), (2, true), (3, false), (4, false)] {
            let mut p = problem(seed, speakers);
            let mut config = AlignConfig::default();
            if seed == 3 {
                (config.punct_weight, p.para_weight) = (0.0, 0.0);
            }
            if seed == 4 {
                p.para_weight = 0.0;
            }
            let (n, m) = (p.n(), p.m());
            assert!(n > 20 && m > 20, "{n} {m}");
            let some = |v: &[bool]| v[..v.len() - 1].iter().any(|&e| e);
            assert!(some(&p.src_para_end) && some(&p.tgt_para_end), "paragraphs");
            assert!(p.src_punct.iter().chain(&p.tgt_punct).any(|x| x.iter().any(|&c| c > 0)), "punctuation");
            let sums = Sums::new(&p, &config);
            let inner = Rect { i0: 3, i1: n - 2, j0: 5, j1: m - 1 };
            let whole = Rect { i0: 0, i1: n, j0: 0, j1: m };
            let bands = [
                Band::full(whole),
                Band::diagonal(whole, 3),
                Band::diagonal(inner, 2),
                Band::along(whole, &[(0, 0), (10, 4), (12, 20), (n, m)], 2),
            ];
            for band in bands {
                let costs =
                    BeadCosts::new(&p, &sums, band, 1.1, 6.8, &config, None, &Scratch::default()).expect("memory");
                assert!(costs.overlap.iter().any(|o| o.src > 0.0 && o.tgt > 0.0), "anchors");
                let band = costs.band();
                let r = band.rect();
                for kinds in [bead_kinds(2), bead_kinds(3)] {
                    for i in r.i0..=r.i1 {
                        let mut out = vec![f64::NAN; band.cols(i).len() * kinds.len()];
                        costs.row(i, &kinds, &[], &mut out);
                        // the version for any CPU prices as the one the
                        // CPU runs (AVX2 where it has it)
                        let mut plain = vec![f64::NAN; out.len()];
                        costs.row_in(i, &kinds, &[], &mut plain);
                        let bits = |v: &[f64]| v.iter().map(|c| c.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&out), bits(&plain), "row {i}");
                        for (j, cell) in band.cols(i).zip(out.chunks_exact(kinds.len())) {
                            for (&(a, b), &c) in kinds.iter().zip(cell) {
                                let inside = i >= r.i0 + a && j >= r.j0 + b && band.index(i - a, j - b).is_some();
                                let want = if inside { costs.cost(i - a, i, j - b, j) } else { f64::INFINITY };
                                assert_eq!(c.to_bits(), want.to_bits(), "cell ({i}, {j}) kind ({a}, {b}): {c} {want}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// The long beads of row `i` the plain way: every 1:k and k:1 bead
    /// (`k` in `ks`) that starts inside the band and whose lengths stay
    /// within [`LONG_Z_LIMIT`] standard deviations, its lexical cost summed
    /// sentence after sentence as [`LongRow`] sums it, with no test that
    /// passes cells or lengths over early.
    fn plain_long_row(
        costs: &BeadCosts<'_>,
        i: usize,
        (kmin, kmax): (usize, usize),
        extra: Option<&(dyn Fn(usize, usize, usize, usize) -> f64 + Sync)>,
    ) -> Vec<(usize, LongBead)> {
        let (band, sums) = (&costs.band, costs.sums);
        let r = band.rect();
        let (ms, mt) = (&sums.src_weight, &sums.tgt_weight);
        let within = |ls: f64, lt: f64| {
            let d = ls * costs.ratio - lt;
            d * d <= LONG_Z_LIMIT * LONG_Z_LIMIT * (ls * costs.ratio + lt) / 2.0 * costs.variance
        };
        let mut out = Vec::new();
        let mut keep = |j: usize, (a, b): (usize, usize), lex: f64| {
            let (i0, j0) = (i - a, j - b);
            let ls = sums.src_chars[i] - sums.src_chars[i0];
            let lt = sums.tgt_chars[j] - sums.tgt_chars[j0];
            if band.index(i0, j0).is_none() || !within(ls, lt) {
                return;
            }
            let c = costs.pair(costs.prior(a, b), i0, i, j0, j, lex) + extra.map_or(0.0, |f| f(i0, i, j0, j));
            if c.is_finite() {
                out.push((j, LongBead { a: a as u8, b: b as u8, cost: c }));
            }
        };
        for j in band.cols(i) {
            if i > r.i0 {
                let p = i - 1;
                let (mut found, mut tgt_lex, mut last) = (0.0, 0.0, Overlap::default());
                for k in 1..=kmax.min(j - r.j0) {
                    let q = j - k;
                    let o = costs.cell(p, q);
                    found += f64::from(o.src) - if k > 1 { f64::from(last.src_both) } else { 0.0 };
                    last = o;
                    tgt_lex += costs.side(f64::from(o.tgt), mt[q], 1);
                    if k >= kmin {
                        keep(j, (1, k), costs.side(found, ms[p], k) + tgt_lex);
                    }
                }
            }
            if j > r.j0 {
                let q = j - 1;
                let (mut found, mut src_lex, mut last) = (0.0, 0.0, Overlap::default());
                for k in 1..=kmax.min(i - r.i0) {
                    let p = i - k;
                    let o = costs.cell(p, q);
                    found += f64::from(o.tgt) - if k > 1 { f64::from(last.tgt_both) } else { 0.0 };
                    last = o;
                    src_lex += costs.side(f64::from(o.src), ms[p], 1);
                    if k >= kmin {
                        keep(j, (k, 1), src_lex + costs.side(found, mt[q], k));
                    }
                }
            }
        }
        out
    }

    proptest! {
        /// `capped` gives what `clamp` gives, bit for bit, for any value
        /// (infinities, NaN and both zeros included) and any bound that
        /// `clamp` accepts.
        #[test]
        fn capped_is_clamp(found in proptest::num::f64::ANY, mass in proptest::num::f64::POSITIVE | proptest::num::f64::ZERO) {
            prop_assert_eq!(capped(found, mass).to_bits(), found.clamp(0.0, mass).to_bits());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// `long_row`, with its limits that pass cells over and its loops
        /// cut short, prices the same beads, bit for bit, as the plain
        /// way does, appended to what its vector held: on problems with
        /// and without speakers, lengths that agree little or much (few
        /// beads or many), bands of several shapes, widened, in a
        /// rectangle that may not start at 0, with and without a cost of
        /// one's own.
        #[test]
        fn long_rows_keep_what_the_plain_way_keeps(
            seed in 0u64..1000,
            speakers: bool,
            agree: bool,
            half in 0usize..12,
            shape in 0usize..3,
            inner: bool,
            (kmin, kmax) in (3usize..6).prop_flat_map(|a| (Just(a), a..=MAX_LONG)),
            with_extra: bool,
        ) {
            let mut p = problem(seed, speakers);
            let variance = if agree {
                p.src_chars.iter_mut().enumerate().for_each(|(i, c)| *c = 10 + i % 3);
                p.tgt_chars.iter_mut().enumerate().for_each(|(j, c)| *c = 9 + j % 4);
                80.0
            } else {
                6.8
            };
            let config = AlignConfig::default();
            let sums = Sums::new(&p, &config);
            let (n, m) = (p.n(), p.m());
            let r = if inner { Rect { i0: 3, i1: n - 2, j0: 5, j1: m - 1 } } else { Rect { i0: 0, i1: n, j0: 0, j1: m } };
            let band = match shape {
                0 => Band::diagonal(r, half),
                1 => Band::along(r, &[(r.i0 + 8, r.j0 + 3), (r.i0 + 20, r.j0 + 24)], half),
                _ => {
                    let narrow = Band::diagonal(r, half);
                    let row = r.i0 + r.rows() / 2;
                    narrow.widened(&[(row, narrow.cols(row).start)], 1, 4, 3)
                }
            };
            let extra = |i0: usize, i1: usize, j0: usize, j1: usize| {
                let h = (i0 * 7 + i1 * 3 + j0 * 5 + j1) % 11;
                if h == 0 { f64::INFINITY } else { h as f64 / 8.0 }
            };
            let extra: Option<&(dyn Fn(usize, usize, usize, usize) -> f64 + Sync)> =
                if with_extra { Some(&extra) } else { None };
            let costs = BeadCosts::new(&p, &sums, band, 1.1, variance, &config, None, &Scratch::default()).expect("memory");
            let before = (0, LongBead { a: 1, b: 1, cost: 0.5 });
            let mut beads = 0;
            for i in r.i0..=r.i1 {
                let mut out = vec![before];
                costs.long_row(i, kmin..=kmax, extra, &mut out).expect("memory");
                let want = plain_long_row(&costs, i, (kmin, kmax), extra);
                let bits = |v: &[(usize, LongBead)]| -> Vec<(usize, u8, u8, u64)> {
                    v.iter().map(|(j, b)| (*j, b.a, b.b, b.cost.to_bits())).collect()
                };
                prop_assert_eq!(bits(&out[..1]), bits(&[before]));
                prop_assert_eq!(bits(&out[1..]), bits(&want), "row {}", i);
                beads += want.len();
            }
            // lengths that agree keep many beads in a band wide enough
            prop_assert!(!agree || half < 4 || beads > 20, "{}", beads);
        }
    }

    /// A retry's costs in a widened band, with what the earlier band's
    /// costs and table already hold copied, equal fresh ones bit for bit:
    /// the overlaps (among them the `src_both` of a row's old first column
    /// when the row grew to the left) and every cell of the table of bead
    /// costs, with a cost of one's own added. Bands of one column a row and
    /// wider ones, widened on either side, to the rectangle's edges, in a
    /// rectangle that does not start at 0, and along paths of several
    /// slopes; the third problem with lengths and a variance for which
    /// most beads agree in length.
    #[test]
    fn a_retry_prices_as_a_fresh_band_does() {
        let mut reused = [0; 2];
        for (seed, speakers, variance) in [(4, false, 6.8), (5, true, 6.8), (6, false, 80.0)] {
            let mut p = problem(seed, speakers);
            if variance > 10.0 {
                p.src_chars.iter_mut().enumerate().for_each(|(i, c)| *c = 10 + i % 3);
                p.tgt_chars.iter_mut().enumerate().for_each(|(j, c)| *c = 9 + j % 4);
            }
            let (n, m) = (p.n(), p.m());
            let inner = Rect { i0: 3, i1: n - 2, j0: 5, j1: m - 1 };
            let whole = Rect { i0: 0, i1: n, j0: 0, j1: m };
            for (narrow, add, radius) in [
                (Band::diagonal(whole, 2), 3, 4),
                (Band::diagonal(inner, 0), 2, 6),
                (Band::diagonal(whole, 1), 30, 2),
                (Band::diagonal(inner, 8), 5, 3),
                // flat, then steep
                (Band::along(whole, &[(10, 3), (30, 8)], 3), 4, 5),
                (Band::along(whole, &[(6, 6), (16, 9), (30, 12)], 2), 3, 3),
                (Band::along(whole, &[(8, 12), (30, 16)], 3), 4, 3),
            ] {
                let r = narrow.rect();
                // near the left edge in one row, the right one in another,
                // and both near the first row
                let rows = [r.i0 + 1, r.i0 + r.rows() / 2, r.i0 + r.rows() * 3 / 4];
                let path: Vec<_> = [(rows[0], false), (rows[1], false), (rows[2], true), (rows[0], true)]
                    .iter()
                    .map(|&(i, high)| (i, if high { narrow.cols(i).end - 1 } else { narrow.cols(i).start }))
                    .collect();
                let wide = narrow.widened(&path, 1, add, radius);
                let counts = retry_prices_as_fresh(&p, variance, &narrow, &wide);
                reused.iter_mut().zip(counts).for_each(|(r, c)| *r += c);
            }
        }
        // the retries copied table cells, in rows that changed too
        assert!(reused[0] > 1000 && reused[1] > 50, "{reused:?}");
    }

    /// The checks of [`a_retry_prices_as_a_fresh_band_does`] for the band
    /// `narrow` of `p` widened into `wide`; the table cells copied, and
    /// the rows that changed and copied some.
    fn retry_prices_as_fresh(p: &Problem, variance: f64, narrow: &Band, wide: &Band) -> [usize; 2] {
        let extra = |i0: usize, i1: usize, j0: usize, j1: usize| ((i0 * 7 + i1 * 3 + j0 * 5 + j1) % 11) as f64 / 8.0;
        let config = AlignConfig::default();
        let sums = Sums::new(p, &config);
        let r = narrow.rect();
        let mut reused = [0; 2];
        let before = BeadCosts::new(p, &sums, narrow.clone(), 1.1, variance, &config, None, &Scratch::default())
            .expect("memory");
        let fresh =
            BeadCosts::new(p, &sums, wide.clone(), 1.1, variance, &config, None, &Scratch::default()).expect("memory");
        let again = BeadCosts::new(p, &sums, wide.clone(), 1.1, variance, &config, Some(&before), &Scratch::default())
            .expect("memory");
        assert_eq!(fresh.overlap, again.overlap, "overlaps, band {r:?}");
        assert!(fresh.overlap.iter().any(|o| o.src_both > 0.0), "words found in two targets");
        for kinds in [bead_kinds(2), bead_kinds(3)] {
            let table = |costs: &BeadCosts<'_>, earlier: Option<(&BeadCosts<'_>, &[f64])>| {
                let row = |i, out: &mut [f64]| costs.table_row(i, &kinds, out, Some(&extra), earlier);
                crate::align::dp::cost_table(costs.band(), &kinds, row, &Scratch::default()).expect("memory")
            };
            let old = table(&before, None);
            assert_eq!(table(&fresh, None), table(&again, Some((&before, &old))), "bead costs, band {r:?}");
            for i in r.i0..=r.i1 {
                let kept = again.kept(narrow, i, &kinds);
                reused[0] += kept.iter().map(ExactSizeIterator::len).sum::<usize>();
                reused[1] += usize::from(wide.cols(i) != narrow.cols(i) && kept.iter().any(|k| !k.is_empty()));
            }
        }
        reused
    }
}
