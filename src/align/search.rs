//! The search for the best beads: the table cut into rectangles (aligned
//! turns, chunks between confident anchors), each aligned in parallel in a
//! band around its diagonal (or a coarse alignment's path) that is widened
//! until the best path keeps clear of its edges.

use std::ops::Range;

use rayon::prelude::*;

use super::cost::{BeadCosts, Problem, Sums};
use super::dp::{self, Band, Rect};
use super::{chunk, Aligner, Bead};
use crate::error::{Error, Repr, Result};

/// What a search is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pass {
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

pub(super) type ExtraFn<'a> = dyn Fn(usize, usize, usize, usize) -> f64 + Sync + 'a;

impl Aligner {
    /// Finds the best beads of `problem`. The table is split into
    /// rectangles that the path must cross corner to corner: the problem's
    /// groups (aligned turns) if it has some, cut further at confident
    /// anchor points when they are long ([`chunk`]). Each rectangle is
    /// aligned on its own, in parallel, in a band around its diagonal that
    /// is widened until the best path keeps clear of its edges (except in a
    /// [`Pass::Draft`]). In a [`Pass::Scored`], beads also get their
    /// posterior probability. The beads of each piece come apart (see
    /// [`join_pieces`]), so that a caller may let go of the problem before
    /// joining them.
    pub(super) fn search(
        &self,
        problem: &Problem,
        ratio: f64,
        variance: f64,
        extra: Option<&ExtraFn<'_>>,
        pass: Pass,
    ) -> Result<Vec<Vec<Bead>>> {
        let (n, m) = (problem.n(), problem.m());
        let whole = Rect { i0: 0, i1: n, j0: 0, j1: m };
        let groups = problem.groups.clone().unwrap_or_else(|| vec![whole]);
        // each piece with the anchor pairs its band follows
        let mut rects: Vec<(Rect, Vec<(usize, usize)>)> = Vec::with_capacity(groups.len());
        for g in groups {
            let mut from = (g.i0, g.j0);
            if !self.config.full_dp && g.rows() > self.config.chunk_rows.saturating_mul(2) {
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
        super::trace_memory(&format!("search: {} pieces planned", rects.len()));
        let sums = Sums::new(problem, &self.config);
        // the tables' memory, handed from try to try and piece to piece
        let scratch = dp::Scratch::default();
        // long pieces with few anchors follow the path of a coarse alignment
        // instead, in a band as narrow as one that follows anchors (a wider
        // one was measured no more accurate on the New Testament as one
        // document, ×1, ×2 and ×19; the final pass widens it where needed)
        rects.par_iter_mut().try_for_each(|(r, anchors)| -> Result<()> {
            if !self.config.full_dp && r.rows() > 2 * COARSE_BLOCK * 25 && anchors.len() < r.rows() / 50 {
                *anchors = self.coarse_path(problem, *r, ratio, variance, &scratch)?;
            }
            Ok(())
        })?;
        super::trace_memory("search: coarse paths found");
        let half = self.config.band_min / 4;
        let shared = Rects { problem, sums: &sums, ratio, variance, extra, pass, scratch: &scratch };
        // progress by tenths of the pieces, when there are many
        let done = std::sync::Mutex::new(0usize);
        let parts: Vec<Result<Vec<Bead>>> = rects
            .par_iter()
            .map(|(r, c)| {
                let beads = self.search_rect(&shared, *r, c, (c.len() >= 2).then_some(half));
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
        super::trace_memory("search: pieces aligned");
        parts.into_iter().collect()
    }

    /// The path of a coarse alignment of rectangle `r`: blocks of
    /// [`COARSE_BLOCK`] sentences aligned as units (lengths and anchors
    /// pooled), their corners mapped back to sentences. The fine band then
    /// follows it (downsampling as Vecalign does).
    fn coarse_path(
        &self,
        problem: &Problem,
        r: Rect,
        ratio: f64,
        variance: f64,
        scratch: &dp::Scratch,
    ) -> Result<Vec<(usize, usize)>> {
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
        let coarse = Problem::units(
            (sum(&problem.src_chars, &sb), sum(&problem.tgt_chars, &tb)),
            (punct(&problem.src_punct, &sb), punct(&problem.tgt_punct, &tb)),
            problem.concepts.grouped(&sb, &tb),
        );
        let whole = Rect { i0: 0, i1: sb.len(), j0: 0, j1: tb.len() };
        let sums = Sums::new(&coarse, &self.config);
        // blocks of sentences need no long beads: a block's sentences
        // already pool what long beads would join
        let blocks = self.without_long_beads();
        let shared = Rects { problem: &coarse, sums: &sums, ratio, variance, extra: None, pass: Pass::Exact, scratch };
        // the band of blocks starts as wide as a fraction of their count,
        // not as the difference of the two counts: an exact search widens
        // it where the path comes near its edge, and a band as wide as
        // that difference would price millions of cells of eight
        // sentences by eight (one edition with 18 % more sentences, 23,400
        // of them: 3 million cells, 90 % of the run)
        let first = ((sb.len().max(tb.len()) as f64 * self.config.band_fraction) as usize)
            .clamp(self.config.band_min, self.config.band_max.max(self.config.band_min));
        let beads = blocks.search_rect(&shared, whole, &[], Some(first))?;
        Ok(beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| (sb[b.src.start].start, tb[b.tgt.start].start))
            .collect())
    }

    /// Aligns one rectangle `r` (see [`search`](Self::search)), in a band
    /// that follows `anchors` when there are at least two, else the
    /// diagonal, of half width `first` at first (else one that allows for
    /// drift, see [`initial_half`](Self::initial_half)).
    fn search_rect(
        &self,
        s: &Rects<'_>,
        r: Rect,
        anchors: &[(usize, usize)],
        first: Option<usize>,
    ) -> Result<Vec<Bead>> {
        let Rects { extra, pass, scratch, .. } = *s;
        if r.rows() == 0 && r.cols() == 0 {
            return Ok(Vec::new());
        }
        let kinds = dp::bead_kinds(self.config.max_bead);
        let mut half = first.map_or_else(|| self.initial_half(r), |h| h.max(1));
        // the last try: its costs, tables and the path that touched its edge
        let mut last: Option<Attempt<'_>> = None;
        // memory that cannot be had is reported with the cell limit
        let limit = |e: Error| e.with_cell_limit(self.config.max_cells);
        loop {
            let band = self.band_of_try(r, anchors, half, last.as_ref())?;
            let earlier = last.take();
            let (costs, long, table) = self.price(s, band, earlier.as_ref(), &kinds)?;
            let discount = self.config.omission_run_discount;
            // the DP's rows before the first that changed are the last try's
            let kept = earlier.map(|a| {
                let from = costs.band().unchanged_since(a.costs.band()).first_changed();
                // what the retry does not take over
                a.costs.keep_in(scratch);
                scratch.floats.keep(a.table);
                (a.done, from)
            });
            let (path, done) =
                dp::run_from(costs.band(), &kinds, &table, &long, discount, kept, scratch).map_err(limit)?;
            let settled = costs.band().is_full();
            match path {
                Some(p) if settled || pass == Pass::Draft || !costs.band().touches_edge(&p.cells, EDGE_MARGIN) => {
                    let tables = Tables { costs: &costs, kinds: &kinds, table: &table, long: &long };
                    let beads = self.beads_of(&p, &tables, extra, pass, scratch).map_err(limit);
                    costs.keep_in(scratch);
                    scratch.floats.keep(table);
                    done.keep_in(scratch);
                    return beads;
                }
                _ if settled => return Err(Error::invalid("no alignment path found")),
                Some(p) => {
                    last = Some(Attempt { costs, table, long, done, path: p.cells });
                    half = half.saturating_mul(2);
                }
                None => half = half.saturating_mul(2),
            }
        }
    }

    /// The band of one try of [`search_rect`](Self::search_rect) at half
    /// width `half`: the whole rectangle when a band would hold as many
    /// cells (or the full DP is asked for); after a try whose path touched
    /// its edge, that try's band widened there; else a band along `anchors`
    /// (two or more) or along the diagonal. Refused past the cell limit.
    fn band_of_try(
        &self,
        r: Rect,
        anchors: &[(usize, usize)],
        half: usize,
        last: Option<&Attempt<'_>>,
    ) -> Result<Band> {
        let all = (r.rows() + 1).saturating_mul(r.cols() + 1);
        let full = self.config.full_dp || Band::diagonal_cells(r, half) >= all;
        let needed = if full { all } else { Band::diagonal_cells(r, half) };
        self.check_cells(needed)?;
        Ok(match (full, anchors.len() >= 2, last) {
            (true, _, _) => Band::full(r),
            // widened where the last path touched its edge
            (false, _, Some(a)) => a.costs.band().widened(&a.path, EDGE_MARGIN, half / 2, WIDEN_RADIUS),
            (false, true, None) => Band::along(r, anchors, half),
            (false, false, None) => Band::diagonal(r, half),
        })
    }

    /// Prices the beads of `band` for one try: its bead costs, its long
    /// beads and its table of bead costs. What the try `earlier` computed
    /// for the rows whose columns did not change still holds, and so does
    /// most of what it computed for the widened rows: only the overlaps
    /// and bead costs of the added columns and those that read them are
    /// computed again, and the long beads of the widened rows and of
    /// those that reach into them.
    fn price<'p>(
        &self,
        s: &Rects<'p>,
        band: Band,
        earlier: Option<&Attempt<'p>>,
        kinds: &[(usize, usize)],
    ) -> Result<(BeadCosts<'p>, dp::LongBeads, Vec<f64>)> {
        let Rects { problem, sums, ratio, variance, extra, pass, scratch } = *s;
        // memory that cannot be had is reported with the cell limit
        let limit = |e: Error| e.with_cell_limit(self.config.max_cells);
        let unchanged = earlier.map(|a| band.unchanged_since(a.costs.band()));
        let reuse = earlier.zip(unchanged.as_ref());
        let costs =
            BeadCosts::new(problem, sums, band, ratio, variance, &self.config, earlier.map(|a| &a.costs), scratch)
                .map_err(limit)?;
        let long_from = self.config.max_bead + 1;
        let long_to = if pass == Pass::Draft { long_from } else { self.config.max_long_bead.min(dp::MAX_LONG) };
        let long =
            dp::LongBeads::again(costs.band(), earlier.map(|a| (a.costs.band(), &a.long)), |i, out| match reuse {
                // a long bead reaches long_to rows up: copied
                Some((_, u)) if u.rows(i, long_to) => Ok(false),
                _ => costs.long_row(i, long_from..=long_to, extra, out).map(|()| true),
            })
            .map_err(limit)?;
        let table = dp::cost_table(
            costs.band(),
            kinds,
            |i, out| {
                if let Some((a, _)) = reuse.filter(|(_, u)| u.rows(i, self.config.max_bead)) {
                    let band = a.costs.band();
                    let start = band.index(i, band.cols(i).start).expect("an unchanged row") * kinds.len();
                    out.copy_from_slice(&a.table[start..start + out.len()]);
                    return;
                }
                // the other rows: in a retry, only the cells that may have
                // changed
                costs.table_row(i, kinds, out, extra, earlier.map(|a| (&a.costs, &a.table[..])));
            },
            scratch,
        )
        .map_err(limit)?;
        Ok((costs, long, table))
    }

    /// The first half width of the band of rectangle `r` when it follows
    /// the bare diagonal: wide enough for drift (a band that follows anchor
    /// pairs may be narrow).
    fn initial_half(&self, r: Rect) -> usize {
        let (rows, cols) = (r.rows(), r.cols());
        ((rows.max(cols) as f64 * self.config.band_fraction) as usize)
            .min(self.config.band_max)
            .max(self.config.band_min)
            .max(rows.abs_diff(cols).saturating_add(10))
    }

    /// Refuses a table of `needed` cells past the cell limit, before
    /// anything is allocated.
    fn check_cells(&self, needed: usize) -> Result<()> {
        if needed <= self.config.max_cells {
            return Ok(());
        }
        Err(Error::new(Repr::Limit {
            what: "DP cell",
            limit: self.config.max_cells,
            needed,
            hint: "raise AlignConfig::max_cells (--max-cells) or narrow AlignConfig::band_fraction",
            at: None,
        }))
    }

    /// The beads of the best path `p` through `t`, with their posterior
    /// confidences in a [`Pass::Scored`] (0 otherwise).
    fn beads_of(
        &self,
        p: &dp::Path,
        t: &Tables<'_, '_>,
        extra: Option<&ExtraFn<'_>>,
        pass: Pass,
        scratch: &dp::Scratch,
    ) -> Result<Vec<Bead>> {
        let discount = self.config.omission_run_discount;
        // re-scoring the path gives the DP's own increments (debug builds:
        // the tests and the fuzzers)
        #[cfg(debug_assertions)]
        for ((c, tot), &continued) in p.cells.windows(2).zip(p.total.windows(2)).zip(&p.continued) {
            let (i0, i1, j0, j1) = (c[0].0, c[1].0, c[0].1, c[1].1);
            let price = t.costs.cost(i0, i1, j0, j1) + extra.map_or(0.0, |f| f(i0, i1, j0, j1));
            let again = price - if continued { discount } else { 0.0 };
            let tolerance = 1e-9 * (1.0 + tot[0].abs() + tot[1].abs());
            assert!((tot[1] - tot[0] - again).abs() <= tolerance, "bead {c:?} costs {again}, DP says {tot:?}");
        }
        #[cfg(not(debug_assertions))]
        let _ = extra;
        let post = if pass == Pass::Scored {
            let temperature = self.config.temperature;
            dp::posteriors(t.costs.band(), t.kinds, t.table, t.long, &p.cells, temperature, discount, scratch)?
        } else {
            vec![0.0; p.cells.len().saturating_sub(1)]
        };
        Ok(p.cells
            .windows(2)
            .zip(p.total.windows(2))
            .zip(post)
            .map(|((c, tot), confidence)| Bead {
                src: c[0].0..c[1].0,
                tgt: c[0].1..c[1].1,
                cost: tot[1] - tot[0],
                confidence,
            })
            .collect())
    }
}

/// The beads of the pieces of a search, in order, in one vector.
pub(super) fn join_pieces(pieces: Vec<Vec<Bead>>) -> Vec<Bead> {
    let mut beads = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for p in pieces {
        beads.extend(p);
    }
    beads
}

/// The tables of one try: bead costs, the cost of every short bead kind
/// in every cell, and the long beads.
struct Tables<'c, 'p> {
    costs: &'c BeadCosts<'p>,
    kinds: &'c [(usize, usize)],
    table: &'c [f64],
    long: &'c dp::LongBeads,
}

/// What the rectangles of one search share: the problem and its sums, the
/// length model, a cost of one's own, and what the search is for.
#[derive(Clone, Copy)]
struct Rects<'a> {
    problem: &'a Problem,
    sums: &'a Sums,
    ratio: f64,
    variance: f64,
    extra: Option<&'a ExtraFn<'a>>,
    pass: Pass,
    /// Where the tries' tables leave their memory for the next.
    scratch: &'a dp::Scratch,
}

/// One try of [`Aligner::search_rect`] whose path touched the band's edge:
/// what the retry in a widened band reuses (its costs, long beads and DP
/// tables in the rows that kept their columns).
struct Attempt<'p> {
    costs: BeadCosts<'p>,
    table: Vec<f64>,
    long: dp::LongBeads,
    /// The DP's tables.
    done: dp::Done,
    path: Vec<(usize, usize)>,
}
