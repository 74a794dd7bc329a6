//! The dynamic program over a band of cells, and its traceback.
//!
//! Cell `(i, j)` stands for "the first `i` source and `j` target sentences
//! are aligned". A DP runs inside one rectangle of the table, from its
//! top-left corner `(row0, col0)` to its bottom-right corner `(row1,
//! col1)`, over a band: for every row `i`, the columns `lo..hi`. Only the
//! band is stored, so memory grows with rows × band width, never with the
//! square of the length. Each cell keeps three values, by the kind of the
//! path's last bead (a pair, a 1:0 or a 0:1), so that a run of omissions
//! can be priced as a run.
//!
//! The tables that grow with the band are allocated with [`table_of`]: an
//! input too large for the machine's memory gets an error, not an abort.

use crate::error::{Error, Result};

/// The most sentences on one side of any bead kind of the dense table.
const MAX_SIDE: usize = 3;

/// The most sentences on one side of a long bead (1:k or k:1).
pub(crate) const MAX_LONG: usize = 16;

/// `cells * per_cell` copies of `value` for `what`, a table of `cells`
/// cells: memory that cannot be had is an error ([`Error::out_of_memory`]),
/// never an abort.
pub(crate) fn table_of<T: Clone>(cells: usize, per_cell: usize, value: T, what: &'static str) -> Result<Vec<T>> {
    refill(Vec::new(), cells, per_cell, value, what)
}

/// [`table_of`] in the memory of `v`, emptied first (more is asked for
/// only when it holds too little).
fn refill<T: Clone>(mut v: Vec<T>, cells: usize, per_cell: usize, value: T, what: &'static str) -> Result<Vec<T>> {
    let failed = || Error::out_of_memory::<T>(what, cells.saturating_mul(per_cell), cells);
    let len = cells.checked_mul(per_cell).ok_or_else(failed)?;
    v.clear();
    v.try_reserve_exact(len).map_err(|_| failed())?;
    v.resize(len, value);
    Ok(v)
}

/// The memory of the tables that the tries of a search are done with,
/// kept for the next try and the next piece (on any thread), rather than
/// given back to the allocator, which hands out fresh pages often enough
/// that the kernel must map and clear them one by one (a fault each, some
/// 2 µs: Text+Berg ×20 on one thread faulted 6,400 pages, 380 fewer with
/// a shelf; ×40, 650 fewer). Only the memory is reused: a table is filled
/// with its first values as [`table_of`] fills it.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Bead costs, the DP's least costs, bead weights and the sums of the
    /// confidences.
    pub floats: Shelf<f64>,
    /// The DP's back pointers.
    pub backs: Shelf<(u8, u8)>,
    /// The shared words of the bead costs.
    pub overlaps: Shelf<crate::anchor::Overlap>,
}

/// Vectors of one type that a [`Scratch`] keeps for reuse.
#[derive(Debug)]
pub(crate) struct Shelf<T>(std::sync::Mutex<Vec<Vec<T>>>);

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Shelf(std::sync::Mutex::new(Vec::new()))
    }
}

/// The most vectors a [`Shelf`] keeps: as many tables as two tries of a
/// piece (the retry's and the one it widens) and their confidences hold
/// at once, for each thread of a small machine.
const SPARES: usize = 16;

impl<T: Clone> Shelf<T> {
    /// A table as [`table_of`] gives it, in the memory of the smallest
    /// kept vector that holds it (fresh memory when none does).
    pub fn table_of(&self, cells: usize, per_cell: usize, value: T, what: &'static str) -> Result<Vec<T>> {
        let len = cells.saturating_mul(per_cell);
        let spare = {
            let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let fit = (0..kept.len()).filter(|&k| kept[k].capacity() >= len).min_by_key(|&k| kept[k].capacity());
            match fit {
                Some(k) => Some(kept.swap_remove(k)),
                None => {
                    // none holds the table: the largest, which comes
                    // nearest, is let go of rather than kept idle beside
                    // the new one (the peak memory stays what it was
                    // without a shelf)
                    let largest = (0..kept.len()).max_by_key(|&k| kept[k].capacity());
                    drop(largest.map(|k| kept.swap_remove(k)));
                    None
                }
            }
        };
        let spare = spare.unwrap_or_else(|| {
            // a new vector gets room for a quarter more, which costs
            // nothing until it is written: the widened bands of retries,
            // and the next pieces, are a little larger
            let mut v = Vec::new();
            let _ = v.try_reserve_exact(len.saturating_add(len / 4));
            v
        });
        refill(spare, cells, per_cell, value, what)
    }

    /// Keeps the memory of `v`, a table done with; when the shelf is full,
    /// lets go of its smallest vector instead.
    pub fn keep(&self, v: Vec<T>) {
        if v.capacity() == 0 {
            return;
        }
        let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.push(v);
        if kept.len() > SPARES {
            let smallest = (0..kept.len()).min_by_key(|&k| kept[k].capacity()).expect("a vector");
            kept.swap_remove(smallest);
        }
    }
}

/// An empty vector with room for `len` values, for a table of `cells`
/// cells: memory that cannot be had is an error, as in [`table_of`].
fn reserved<T>(len: usize, cells: usize, what: &'static str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| Error::out_of_memory::<T>(what, len, cells))?;
    Ok(v)
}

/// A bead with many sentences on one side (1:k or k:1, k above the dense
/// kinds): few of them are worth pricing in each cell, so they are kept
/// as a list per cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LongBead {
    pub a: u8,
    pub b: u8,
    pub cost: f64,
}

/// The rows of a band whose columns did not change since an earlier band
/// (see [`Band::unchanged_since`]).
#[derive(Clone, Debug)]
pub(crate) struct Unchanged {
    i0: usize,
    /// How many of the rows before each row changed.
    changed_before: Vec<u32>,
}

impl Unchanged {
    /// True when row `i` and the `above` rows before it (those in the
    /// rectangle) kept their columns.
    pub fn rows(&self, i: usize, above: usize) -> bool {
        let (k, from) = (i - self.i0, i.saturating_sub(above).max(self.i0) - self.i0);
        self.changed_before[k + 1] == self.changed_before[from]
    }

    /// The first row whose columns changed (one past the rectangle's last
    /// row when none did): the rows before it, and every row they reach,
    /// are as they were.
    pub fn first_changed(&self) -> usize {
        self.i0 + self.changed_before.iter().skip(1).take_while(|&&c| c == 0).count()
    }
}

/// The long beads of a band, by the cell they end in and by the cell they
/// start in.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LongBeads {
    /// `beads[end_start[c]..end_start[c + 1]]` end in cell `c` (empty
    /// vectors: no long beads at all).
    end_start: Vec<u32>,
    beads: Vec<LongBead>,
    /// `starting[start_start[c]..start_start[c + 1]]`: (end cell, index
    /// in `beads`) of the beads that start in cell `c`.
    start_start: Vec<u32>,
    starting: Vec<(u32, u32)>,
}

impl LongBeads {
    /// [`again`](Self::again) without an earlier band, from a `row` that
    /// returns the beads of row `i`.
    ///
    /// # Errors
    /// When the memory for the index by cell cannot be had.
    #[cfg(test)]
    pub fn new<F>(band: &Band, row: F) -> Result<LongBeads>
    where
        F: Fn(usize) -> Result<Vec<(usize, LongBead)>> + Sync + Send,
    {
        LongBeads::again(band, None, |i, out| {
            out.extend(row(i)?);
            Ok(true)
        })
    }

    /// Collects the long beads of `band`: `row(i, out)` pushes those that
    /// end in row `i` onto `out`, as (column, bead), by column, and returns
    /// true, or returns false when they are those of `earlier`, the long
    /// beads of an earlier band of the same rectangle whose row `i` had
    /// the same columns (a retry's, in the rows that its widening did not
    /// reach), and are copied from it (none without it). Blocks of rows
    /// are priced in parallel, each into one vector.
    ///
    /// # Errors
    /// When the memory for the beads or the index by cell cannot be had.
    pub fn again<F>(band: &Band, earlier: Option<(&Band, &LongBeads)>, row: F) -> Result<LongBeads>
    where
        F: Fn(usize, &mut Vec<(usize, LongBead)>) -> Result<bool> + Sync + Send,
    {
        use rayon::prelude::*;
        /// The rows priced into one vector: a vector per row would
        /// allocate and grow for a handful of beads each time.
        const BLOCK: usize = 64;
        let r = band.rect();
        let cells = band.cells();
        /// A block's beads as (end cell, bead), and the cell each starts in
        /// (u32::MAX: before the band), found while its row is at hand.
        type Block = (Vec<(usize, LongBead)>, Vec<u32>);
        let block = |b: usize| -> Result<Block> {
            let (mut out, mut starts) = (Vec::new(), Vec::new());
            for i in r.i0 + b * BLOCK..(r.i0 + (b + 1) * BLOCK).min(r.i1 + 1) {
                let from = out.len();
                if !row(i, &mut out)? {
                    if let Some((old, long)) = earlier {
                        debug_assert_eq!(old.cols(i), band.cols(i), "a copied row keeps its columns");
                        let count = long.in_row(old, i);
                        out.try_reserve(count).map_err(|_| {
                            Error::out_of_memory::<(usize, LongBead)>("the long beads of a row", count, cells)
                        })?;
                        if let Some(first) = old.index(i, old.cols(i).start) {
                            for (j, c) in old.cols(i).zip(first..) {
                                out.extend(long.ending(c).iter().map(|&bead| (j, bead)));
                            }
                        }
                    }
                }
                let lo = band.cols(i).start;
                let first = band.index(i, lo).expect("row start");
                starts
                    .try_reserve(out.len() - from)
                    .map_err(|_| Error::out_of_memory::<u32>("the long beads' starts", out.len() - from, cells))?;
                for (j, bead) in &mut out[from..] {
                    // the forward sums take the rows above a cell as done
                    assert!(bead.a > 0, "a long bead ends in a later row than it starts");
                    let f = band.index(i - usize::from(bead.a), *j - usize::from(bead.b));
                    starts.push(f.map_or(u32::MAX, |f| f as u32));
                    // the columns of a row's cells are consecutive
                    *j = first + *j - lo;
                }
            }
            // rows in order, each by column: by end cell, as the index
            // takes them
            debug_assert!(out.windows(2).all(|w| w[0].0 <= w[1].0), "long beads by end cell");
            Ok((out, starts))
        };
        let blocks: Vec<Block> =
            (0..(r.i1 + 1 - r.i0).div_ceil(BLOCK)).into_par_iter().map(block).collect::<Result<_>>()?;
        let total: usize = blocks.iter().map(|b| b.0.len()).sum();
        if total == 0 {
            return Ok(LongBeads::default());
        }
        let what = "the long beads' index";
        let mut end_start = table_of(cells + 1, 1, 0u32, what)?;
        let mut beads = reserved(total, cells, "the long beads")?;
        // how many beads start in each cell, counted at the cell
        let mut start_start = table_of(cells + 1, 1, 0u32, what)?;
        for (ends, starts) in &blocks {
            for (&(c, bead), &f) in ends.iter().zip(starts) {
                end_start[c + 1] += 1;
                beads.push(bead);
                if f != u32::MAX {
                    start_start[f as usize] += 1;
                }
            }
        }
        // beads were pushed row by row, column by column: already by end
        // cell
        for c in 0..cells {
            end_start[c + 1] += end_start[c];
        }
        // the sums up to and with each cell: where its beads end; filled
        // from the last bead back, each cell's count is taken off again
        // and the cell's entry becomes where they begin
        for c in 1..cells {
            start_start[c] += start_start[c - 1];
        }
        let count = start_start[cells - 1];
        start_start[cells] = count;
        let mut starting = table_of(count as usize, 1, (0u32, 0u32), what)?;
        let mut k = total;
        for (ends, starts) in blocks.iter().rev() {
            for (&(c, _), &f) in ends.iter().zip(starts).rev() {
                k -= 1;
                if f != u32::MAX {
                    start_start[f as usize] -= 1;
                    starting[start_start[f as usize] as usize] = (c as u32, k as u32);
                }
            }
        }
        Ok(LongBeads { end_start, beads, start_start, starting })
    }

    /// The long beads that end in cell `c`.
    #[inline]
    pub fn ending(&self, c: usize) -> &[LongBead] {
        if self.end_start.is_empty() {
            return &[];
        }
        &self.beads[self.end_start[c] as usize..self.end_start[c + 1] as usize]
    }

    /// How many long beads end in row `i` of `band` (the band they were
    /// collected for).
    fn in_row(&self, band: &Band, i: usize) -> usize {
        if self.end_start.is_empty() {
            return 0;
        }
        let first = band.index(i, band.cols(i).start).expect("row start");
        (self.end_start[first + band.cols(i).len()] - self.end_start[first]) as usize
    }

    /// The long beads that start in cell `c`: the cell each ends in, and
    /// its index in `beads` (which also picks its weight in the
    /// confidences).
    #[inline]
    pub fn starting(&self, c: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let range = if self.start_start.is_empty() {
            0..0
        } else {
            self.start_start[c] as usize..self.start_start[c + 1] as usize
        };
        self.starting[range].iter().map(|&(end, k)| (end as usize, k as usize))
    }

    /// How many long beads there are.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.beads.len()
    }
}

/// The bead kinds allowed with beads of at most `max` sentences a side.
pub(crate) fn bead_kinds(max: usize) -> Vec<(usize, usize)> {
    let mut kinds = vec![(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
    if max >= 3 {
        kinds.extend([(3, 1), (1, 3), (3, 2), (2, 3)]);
    }
    kinds
}

/// A rectangle of the table: source sentences `i0..i1`, target `j0..j1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rect {
    pub i0: usize,
    pub i1: usize,
    pub j0: usize,
    pub j1: usize,
}

impl Rect {
    pub fn rows(&self) -> usize {
        self.i1 - self.i0
    }
    pub fn cols(&self) -> usize {
        self.j1 - self.j0
    }
}

/// The cells searched inside a rectangle: for each row, a range of columns.
#[derive(Clone, Debug)]
pub(crate) struct Band {
    rect: Rect,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

impl Band {
    /// Every cell of the rectangle.
    pub fn full(r: Rect) -> Band {
        let rows = r.rows() + 1;
        Band::from_ranges(r, vec![r.j0; rows], vec![r.j1 + 1; rows])
    }

    /// The cells within `half` columns of the rectangle's diagonal.
    pub fn diagonal(r: Rect, half: usize) -> Band {
        let (n, m) = (r.rows(), r.cols());
        let center = |k: usize| r.j0 + (k * m + n / 2).checked_div(n).unwrap_or(0);
        let lo = (0..=n).map(|k| center(k).saturating_sub(half).max(r.j0)).collect();
        let hi = (0..=n).map(|k| (center(k) + half + 1).min(r.j1 + 1)).collect();
        Band::from_ranges(r, lo, hi)
    }

    /// The cells within `half` columns of a path through `points` (anchor
    /// pairs inside the rectangle, increasing), interpolated linearly
    /// between them and the rectangle's corners.
    pub fn along(r: Rect, points: &[(usize, usize)], half: usize) -> Band {
        let mut knots = vec![(r.i0, r.j0)];
        knots.extend(points.iter().copied().filter(|&(i, j)| i > r.i0 && i < r.i1 && j > r.j0 && j < r.j1));
        knots.push((r.i1, r.j1));
        let mut lo = Vec::with_capacity(r.rows() + 1);
        let mut hi = Vec::with_capacity(r.rows() + 1);
        for w in knots.windows(2) {
            let ((a0, b0), (a1, b1)) = (w[0], w[1]);
            let start = if a0 == r.i0 { a0 } else { a0 + 1 };
            for i in start..=a1 {
                let c = b0 + ((i - a0) * (b1 - b0) + (a1 - a0) / 2).checked_div(a1 - a0).unwrap_or(0);
                lo.push(c.saturating_sub(half).max(r.j0));
                hi.push((c + half + 1).min(r.j1 + 1));
            }
        }
        Band::from_ranges(r, lo, hi)
    }

    fn from_ranges(r: Rect, mut lo: Vec<usize>, mut hi: Vec<usize>) -> Band {
        let last = lo.len() - 1;
        lo[0] = r.j0;
        hi[last] = r.j1 + 1;
        let mut offset = Vec::with_capacity(lo.len() + 1);
        let mut cells = 0;
        for k in 0..lo.len() {
            if hi[k] <= lo[k] {
                hi[k] = lo[k] + 1;
            }
            offset.push(cells);
            cells += hi[k] - lo[k];
        }
        offset.push(cells);
        Band { rect: r, lo, hi, offset, cells }
    }

    /// The number of cells that a band of half width `half` would hold,
    /// computed without building it.
    pub fn diagonal_cells(r: Rect, half: usize) -> usize {
        // saturating: a half width of usize::MAX is a full band, not an overflow
        (r.rows() + 1).saturating_mul(half.saturating_mul(2).saturating_add(1).min(r.cols() + 1))
    }

    pub fn rect(&self) -> Rect {
        self.rect
    }

    /// The number of cells.
    pub fn cells(&self) -> usize {
        self.cells
    }

    /// The columns of row `i`.
    pub fn cols(&self, i: usize) -> std::ops::Range<usize> {
        let k = i - self.rect.i0;
        self.lo[k]..self.hi[k]
    }

    /// Calls `f(state, i, row)` for every row `i` of the band, in parallel,
    /// with `row` the part of `out` that holds the row's cells, `per_cell`
    /// values per cell (`out` holds `cells() * per_cell` values). Each
    /// thread gets its own `state` from `init`.
    pub fn fill_rows<T, S, I, F>(&self, out: &mut [T], per_cell: usize, init: I, f: F)
    where
        T: Send,
        I: Fn() -> S + Sync + Send,
        F: Fn(&mut S, usize, &mut [T]) + Sync + Send,
    {
        use rayon::prelude::*;
        // pieces run in parallel already: rows go in runs long enough to
        // be worth a task
        self.rows_of(out, per_cell)
            .into_par_iter()
            .with_min_len(32)
            .for_each_init(init, |state, (i, row)| f(state, i, row));
    }

    /// [`fill_rows`](Self::fill_rows) two rows at a time: `f(state, i,
    /// row, below)` fills row `i` and the row below it, `i + 1`. The
    /// band's first row comes alone (`below` is `None`, as for the last row
    /// when the others are odd in number), then the pairs from the second
    /// row on, `block` pairs to a task, each block's in order: a block
    /// then starts `2 * block` rows after the second row, where a caller
    /// that reads the rows in stretches of that many starts a stretch.
    pub fn fill_row_pairs<T, S, I, F>(&self, out: &mut [T], per_cell: usize, block: usize, init: I, f: F)
    where
        T: Send,
        I: Fn() -> S + Sync + Send,
        F: Fn(&mut S, usize, &mut [T], Option<&mut [T]>) + Sync + Send,
    {
        use rayon::prelude::*;
        let mut rows = self.rows_of(out, per_cell).into_iter();
        if let Some((i, row)) = rows.next() {
            f(&mut init(), i, row, None);
        }
        let mut pairs = Vec::with_capacity(self.lo.len() / 2);
        while let Some((i, row)) = rows.next() {
            pairs.push((i, row, rows.next().map(|(_, below)| below)));
        }
        pairs.par_chunks_mut(block.max(1)).for_each_init(init, |state, pairs| {
            for (i, row, below) in pairs {
                f(state, *i, row, below.as_deref_mut());
            }
        });
    }

    /// The rows of `out`, a table of the band's cells (`per_cell` values
    /// each), each with its number.
    fn rows_of<'t, T>(&self, out: &'t mut [T], per_cell: usize) -> Vec<(usize, &'t mut [T])> {
        assert_eq!(out.len(), self.cells * per_cell, "one slot per cell and value");
        let mut rows: Vec<(usize, &mut [T])> = Vec::with_capacity(self.lo.len());
        let mut rest = out;
        for (k, i) in (self.rect.i0..=self.rect.i1).enumerate() {
            let (row, tail) = rest.split_at_mut((self.hi[k] - self.lo[k]) * per_cell);
            rows.push((i, row));
            rest = tail;
        }
        rows
    }

    /// Where the cells of each kind's bead ending in row `i` start: for
    /// kind `(a, b)`, the row `i - a`'s columns shifted by `b` (the ends
    /// whose start is in the band) and the index of that row's first
    /// cell, or `None` when row `i - a` is outside the rectangle. The DP
    /// loops find a bead's start with one comparison and one addition.
    pub fn starts(&self, i: usize, kinds: &[(usize, usize)]) -> Vec<Option<(std::ops::Range<usize>, usize)>> {
        kinds
            .iter()
            .map(|&(a, b)| {
                if i < self.rect.i0 + a {
                    return None;
                }
                let k = i - a - self.rect.i0;
                Some(((self.lo[k] + b)..(self.hi[k] + b), self.offset[k]))
            })
            .collect()
    }

    /// Where the cells of each kind's bead starting in row `i` end: for
    /// kind `(a, b)`, the columns of row `i + a` and the index of its
    /// first cell, or `None` when row `i + a` is outside the rectangle.
    pub fn ends(&self, i: usize, kinds: &[(usize, usize)]) -> Vec<Option<(std::ops::Range<usize>, usize)>> {
        kinds
            .iter()
            .map(|&(a, _)| {
                if i + a > self.rect.i1 {
                    return None;
                }
                let k = i + a - self.rect.i0;
                Some((self.lo[k]..self.hi[k], self.offset[k]))
            })
            .collect()
    }

    /// The index of cell `(i, j)`, if it is in the band.
    #[inline]
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i < self.rect.i0 || i > self.rect.i1 {
            return None;
        }
        let k = i - self.rect.i0;
        if j >= self.lo[k] && j < self.hi[k] {
            Some(self.offset[k] + j - self.lo[k])
        } else {
            None
        }
    }

    /// True when the band holds the whole rectangle.
    pub fn is_full(&self) -> bool {
        self.lo.iter().all(|&l| l == self.rect.j0) && self.hi.iter().all(|&h| h == self.rect.j1 + 1)
    }

    /// The band widened by `add` columns on each side in the rows within
    /// `radius` rows of a cell of `path` that passes within `margin`
    /// columns of an edge (see [`touches_edge`](Self::touches_edge)): a
    /// path that strays from the band's guide in one place costs a wider
    /// band there, not everywhere.
    pub fn widened(&self, path: &[(usize, usize)], margin: usize, add: usize, radius: usize) -> Band {
        let rows = self.lo.len();
        // +1 at the first row to widen, -1 after the last, then summed
        let mut marks = vec![0i64; rows + 1];
        for &(i, j) in path {
            let k = i - self.rect.i0;
            let low = self.lo[k] > self.rect.j0 && j < self.lo[k] + margin;
            let high = self.hi[k] < self.rect.j1 + 1 && j + margin >= self.hi[k];
            if low || high {
                marks[k.saturating_sub(radius)] += 1;
                marks[(k + radius + 1).min(rows)] -= 1;
            }
        }
        let (mut lo, mut hi) = (self.lo.clone(), self.hi.clone());
        let mut open = 0;
        for k in 0..rows {
            open += marks[k];
            if open > 0 {
                lo[k] = lo[k].saturating_sub(add).max(self.rect.j0);
                hi[k] = (hi[k] + add).min(self.rect.j1 + 1);
            }
        }
        Band::from_ranges(self.rect, lo, hi)
    }

    /// Which rows of `self` have the same columns in `earlier`, a band of
    /// the same rectangle (a retry's band, widened in places, against the
    /// band it widens): what was computed for those rows still holds.
    pub fn unchanged_since(&self, earlier: &Band) -> Unchanged {
        let mut changed_before = Vec::with_capacity(self.lo.len() + 1);
        let mut changed = 0u32;
        changed_before.push(0);
        for k in 0..self.lo.len() {
            let same = earlier.rect == self.rect && earlier.lo[k] == self.lo[k] && earlier.hi[k] == self.hi[k];
            changed += u32::from(!same);
            changed_before.push(changed);
        }
        Unchanged { i0: self.rect.i0, changed_before }
    }

    /// The columns of row `i` in `earlier`, a band of the same rectangle,
    /// when this band's row holds them all (the rows of a widened band
    /// do); `None` otherwise.
    pub fn grown_from(&self, earlier: &Band, i: usize) -> Option<std::ops::Range<usize>> {
        if earlier.rect != self.rect {
            return None;
        }
        let (now, then) = (self.cols(i), earlier.cols(i));
        (now.start <= then.start && then.end <= now.end).then_some(then)
    }

    /// True when the path passes within `margin` columns of an edge of the
    /// band that is not an edge of the rectangle: a wider band might find a
    /// better path.
    pub fn touches_edge(&self, path: &[(usize, usize)], margin: usize) -> bool {
        path.iter().any(|&(i, j)| {
            let k = i - self.rect.i0;
            (self.lo[k] > self.rect.j0 && j < self.lo[k] + margin)
                || (self.hi[k] < self.rect.j1 + 1 && j + margin >= self.hi[k])
        })
    }
}

/// The cost of every bead that ends inside the band: `table[cell * K + k]`
/// for the bead of kind `kinds[k]` that ends at `cell` (infinite when it
/// would start outside the band). `row(i, out)` fills the values of row
/// `i` (`K` per cell, cell after cell); rows are priced in parallel. The
/// DP, the forward-backward sums and the traceback then only read the
/// table.
///
/// # Errors
/// When the memory for the table cannot be had.
pub(crate) fn cost_table<F>(band: &Band, kinds: &[(usize, usize)], row: F, scratch: &Scratch) -> Result<Vec<f64>>
where
    F: Fn(usize, &mut [f64]) + Sync + Send,
{
    let mut table = scratch.floats.table_of(band.cells(), kinds.len(), f64::INFINITY, "the table of bead costs")?;
    band.fill_rows(&mut table, kinds.len(), || (), |_, i, out| row(i, out));
    Ok(table)
}

/// A row filler for [`cost_table`] from the cost of one bead,
/// `cost(i0, i1, j0, j1)`.
#[cfg(test)]
pub(crate) fn by_bead<'a>(
    band: &'a Band,
    kinds: &'a [(usize, usize)],
    cost: impl Fn(usize, usize, usize, usize) -> f64 + Sync + Send + 'a,
) -> impl Fn(usize, &mut [f64]) + Sync + Send + 'a {
    move |i, out| {
        let r = band.rect();
        for (j, cell) in band.cols(i).zip(out.chunks_exact_mut(kinds.len())) {
            for (&(a, b), c) in kinds.iter().zip(cell) {
                if i >= r.i0 + a && j >= r.j0 + b && band.index(i - a, j - b).is_some() {
                    *c = cost(i - a, i, j - b, j);
                }
            }
        }
    }
}

/// The best path: its cells, from the rectangle's top-left corner to its
/// bottom-right corner, the total cost at each, and for each bead whether
/// it continues a run of omissions on its side (and so paid the discounted
/// price).
pub(crate) struct Path {
    pub cells: Vec<(usize, usize)>,
    pub total: Vec<f64>,
    /// Read by the checks of debug builds.
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    pub continued: Vec<bool>,
}

/// What the last bead of a path was: the DP keeps the best path of each
/// kind into every cell, so that a run of omissions can be priced as a
/// run (affine costs, as gaps are in sequence alignment).
const PAIR: usize = 0;
/// The last bead left source sentences without a counterpart (1:0).
const SRC_GAP: usize = 1;
/// The last bead left target sentences without a counterpart (0:1).
const TGT_GAP: usize = 2;
const STATES: usize = 3;

/// The state a bead of kind `(a, b)` leads to.
fn state_of((a, b): (usize, usize)) -> usize {
    match (a, b) {
        (_, 0) => SRC_GAP,
        (0, _) => TGT_GAP,
        _ => PAIR,
    }
}

/// True when a bead leading to state `to` after state `from` continues a
/// run of omissions on the same side.
fn continues(from: usize, to: usize) -> bool {
    to != PAIR && from == to
}

/// Runs the DP over `band` with the bead costs of `table` (see
/// [`cost_table`]); an omission that continues a run of omissions on the
/// same side costs `discount` less. Returns `None` when no path crosses
/// the band.
///
/// # Errors
/// When the memory for the DP's tables cannot be had.
#[cfg(test)]
pub(crate) fn run(
    band: &Band,
    kinds: &[(usize, usize)],
    table: &[f64],
    long: &LongBeads,
    discount: f64,
) -> Result<Option<Path>> {
    Ok(run_from(band, kinds, table, long, discount, None, &Scratch::default())?.0)
}

/// The tables of one run of the DP, kept for a retry in a widened band
/// (see [`run_from`]).
#[derive(Debug)]
pub(crate) struct Done {
    d: Vec<f64>,
    back: Vec<(u8, u8)>,
}

impl Done {
    /// Gives the tables' memory to `scratch`.
    pub fn keep_in(self, scratch: &Scratch) {
        scratch.floats.keep(self.d);
        scratch.backs.keep(self.back);
    }
}

/// [`run`], which also returns its tables. With `earlier`, the tables of
/// a run over a band of the same rectangle and the first row `from` whose
/// columns changed since (see [`Unchanged::first_changed`]), the rows
/// before `from` are taken as they are: the DP goes row by row, and those
/// rows have the same cells, bead costs and long beads as before (a retry
/// prices again only the rows that changed and those that reach into
/// them), so the DP would compute the same values again, operation for
/// operation.
///
/// # Errors
/// When the memory for the DP's tables cannot be had.
pub(crate) fn run_from(
    band: &Band,
    kinds: &[(usize, usize)],
    table: &[f64],
    long: &LongBeads,
    discount: f64,
    earlier: Option<(Done, usize)>,
    scratch: &Scratch,
) -> Result<(Option<Path>, Done)> {
    let what = "the dynamic program's table";
    let r = band.rect();
    let (mut done, from) = match earlier {
        Some((mut done, from)) if from > r.i0 => {
            // the cells of the rows before `from` come first, at the same
            // indices in both bands
            let keep = band.index(from, band.cols(from).start).map_or(band.cells(), |c| c);
            let grow = |len: usize| Error::out_of_memory::<f64>(what, len, band.cells());
            done.d.truncate(keep * STATES);
            done.back.truncate(keep * STATES);
            let more = (band.cells() - keep) * STATES;
            done.d.try_reserve_exact(more).map_err(|_| grow(band.cells() * STATES))?;
            done.back.try_reserve_exact(more).map_err(|_| grow(band.cells() * STATES))?;
            done.d.resize(band.cells() * STATES, f64::INFINITY);
            done.back.resize(band.cells() * STATES, (u8::MAX, u8::MAX));
            (done, from)
        }
        other => {
            // nothing to keep (the first row changed): the earlier tables'
            // memory goes to the shelf, which may give it back at once
            if let Some((done, _)) = other {
                done.keep_in(scratch);
            }
            let d = scratch.floats.table_of(band.cells(), STATES, f64::INFINITY, what)?;
            let back = scratch.backs.table_of(band.cells(), STATES, (u8::MAX, u8::MAX), what)?;
            (Done { d, back }, r.i0)
        }
    };
    let path = best_path(band, kinds, table, long, discount, from, &mut done);
    Ok((path, done))
}

/// [`run_from`] in the tables it allocated (or kept), from row `from` on
/// (the rows before it already done).
fn best_path(
    band: &Band,
    kinds: &[(usize, usize)],
    table: &[f64],
    long: &LongBeads,
    discount: f64,
    from: usize,
    done: &mut Done,
) -> Option<Path> {
    let r = band.rect();
    assert!(kinds.len() + MAX_LONG * 2 < usize::from(u8::MAX), "bead numbers fit a byte");
    let dp = Least { band, kinds, table, long, discount };
    let Done { d, back } = done;
    // d[cell * STATES + s]: the least cost of a path into the cell whose
    // last bead leads to state s; back: the bead kind and the state before
    d[band.index(r.i0, r.j0)? * STATES + PAIR] = 0.0;
    // the dense kinds by the state they lead to, in their order, and the
    // long beads' rows by how many rows they reach back: made again for
    // each row in the same vectors
    let mut reach: [Vec<Reach>; STATES] = std::array::from_fn(|_| Vec::with_capacity(kinds.len()));
    let mut far = [Reach::NONE; MAX_LONG + 1];
    for i in from..=r.i1 {
        reach.iter_mut().for_each(Vec::clear);
        for (k, &kind) in kinds.iter().enumerate() {
            if let Some(from) = Reach::of(band, i, k, kind) {
                reach[state_of(kind)].push(from);
            }
        }
        if !long.end_start.is_empty() {
            for (a, f) in far.iter_mut().enumerate() {
                *f = Reach::of(band, i, usize::MAX, (a, 0)).unwrap_or(Reach::NONE);
            }
        }
        let first = band.index(i, band.cols(i).start).expect("row start");
        for (here, j) in (first..).zip(band.cols(i)) {
            if i == r.i0 && j == r.j0 {
                continue;
            }
            let (best, came) = dp.cell(&reach, &far, j, here, d, back);
            d[here * STATES..here * STATES + STATES].copy_from_slice(&best);
            back[here * STATES..here * STATES + STATES].copy_from_slice(&came);
        }
    }
    dp.traceback(d, back)
}

/// What the best-path DP reads in every cell of a band: the bead kinds,
/// their costs, the long beads, and the discount of an omission that
/// continues a run.
struct Least<'a> {
    band: &'a Band,
    kinds: &'a [(usize, usize)],
    table: &'a [f64],
    long: &'a LongBeads,
    discount: f64,
}

/// Where the beads of one kind that end in a row start: in column `j`
/// of the row, the bead starts in cell `j + delta` (in wrapping
/// arithmetic) when `j - lo` (wrapping too) is below `len`, that is when
/// its first cell is in the band.
#[derive(Clone, Copy, Debug)]
struct Reach {
    /// The bead kind's number.
    k: usize,
    lo: usize,
    len: usize,
    delta: usize,
}

impl Reach {
    /// No column of the row: a bead that would start above the
    /// rectangle.
    const NONE: Reach = Reach { k: 0, lo: 0, len: 0, delta: 0 };

    /// Where the beads of kind `k`, `(a, b)`, that end in row `i` start
    /// (`None` when row `i - a` is above the rectangle).
    fn of(band: &Band, i: usize, k: usize, (a, b): (usize, usize)) -> Option<Reach> {
        if i < band.rect.i0 + a {
            return None;
        }
        let cols = band.cols(i - a);
        let row = band.offset[i - a - band.rect.i0];
        // column j starts at j - b, which is cell row + (j - b - cols.start)
        let lo = cols.start + b;
        Some(Reach { k, lo, len: cols.len(), delta: row.wrapping_sub(lo) })
    }

    /// The cell where the bead that ends in column `j` starts, if it is
    /// in the band.
    #[inline]
    fn from(&self, j: usize) -> Option<usize> {
        (j.wrapping_sub(self.lo) < self.len).then(|| j.wrapping_add(self.delta))
    }
}

/// The first least of three costs, and where it is.
#[inline]
fn least(x: [f64; STATES]) -> (f64, usize) {
    let (mut m, mut at) = (x[0], 0);
    if x[1] < m {
        (m, at) = (x[1], 1);
    }
    if x[2] < m {
        (m, at) = (x[2], 2);
    }
    (m, at)
}

/// The least costs of one cell by state, and their back pointers (see
/// [`Least::cell`]).
type Best = ([f64; STATES], [(u8, u8); STATES]);

impl Least<'_> {
    /// The least costs of cell `here`, in column `j`, by state, and their
    /// back pointers, starting from what `d` and `back` hold for it:
    /// lowered by the beads of the dense kinds that end there, from each
    /// state of the cell they start in (`reach`: for each state, where
    /// the kinds leading to it start, in the order of the kinds), then by
    /// the long beads that end there (`far[a]`: where those of `a`
    /// sources start; they lead to [`PAIR`], and come after the dense
    /// kinds in the back pointers). The kinds of one state lower only its
    /// value, so the states can be taken one after the other, each with
    /// no test of where its beads lead. The cell's values are kept in
    /// registers until the end: no bead starts in the cell it ends in, so
    /// `d` is only read.
    #[inline]
    fn cell(
        &self,
        reach: &[Vec<Reach>; STATES],
        far: &[Reach; MAX_LONG + 1],
        j: usize,
        here: usize,
        d: &[f64],
        back: &[(u8, u8)],
    ) -> Best {
        let nk = self.kinds.len();
        let mut best: [f64; STATES] = std::array::from_fn(|s| d[here * STATES + s]);
        let mut came: [(u8, u8); STATES] = std::array::from_fn(|s| back[here * STATES + s]);
        let costs = &self.table[here * nk..here * nk + nk];
        self.lower::<PAIR>(&mut best[PAIR], &mut came[PAIR], &reach[PAIR], costs, j, d);
        self.lower::<SRC_GAP>(&mut best[SRC_GAP], &mut came[SRC_GAP], &reach[SRC_GAP], costs, j, d);
        self.lower::<TGT_GAP>(&mut best[TGT_GAP], &mut came[TGT_GAP], &reach[TGT_GAP], costs, j, d);
        for (k, lb) in self.long.ending(here).iter().enumerate() {
            let Some(p) = far[usize::from(lb.a)].from(j - usize::from(lb.b)) else { continue };
            let before: [f64; STATES] = d[p * STATES..p * STATES + STATES].try_into().expect("a cell's states");
            let (x, from) = least(before.map(|v| v + lb.cost));
            if x < best[PAIR] {
                best[PAIR] = x;
                came[PAIR] = ((nk + k) as u8, from as u8);
            }
        }
        (best, came)
    }

    /// Lowers `best`, the least cost of a cell in state `TO`, and `came`,
    /// its back pointer, by the beads of the kinds of `reach` (all leading
    /// to `TO`) that end in the cell, in column `j`, with the costs of
    /// `costs`, the cell's.
    #[inline(always)]
    fn lower<const TO: usize>(
        &self,
        best: &mut f64,
        came: &mut (u8, u8),
        reach: &[Reach],
        costs: &[f64],
        j: usize,
        d: &[f64],
    ) {
        for r in reach {
            let c = costs[r.k];
            if !c.is_finite() {
                continue;
            }
            let Some(p) = r.from(j) else { continue };
            let before: [f64; STATES] = d[p * STATES..p * STATES + STATES].try_into().expect("a cell's states");
            let costs: [f64; STATES] =
                std::array::from_fn(|from| before[from] + if continues(from, TO) { c - self.discount } else { c });
            // the first least of the three, then against the cell's: as
            // lowering the cell by each in turn would
            let (x, from) = least(costs);
            if x < *best {
                *best = x;
                *came = (r.k as u8, from as u8);
            }
        }
    }

    /// The kind `(a, b)` of bead number `k` of a back pointer of cell
    /// `here`: a dense kind, or a long bead ending there after them.
    fn kind_of(&self, here: usize, k: u8) -> (usize, usize) {
        match self.kinds.get(usize::from(k)) {
            Some(&kind) => kind,
            None => {
                let lb = self.long.ending(here)[usize::from(k) - self.kinds.len()];
                (usize::from(lb.a), usize::from(lb.b))
            }
        }
    }

    /// Follows the back pointers from the bottom-right corner, in the
    /// state of least cost, to the top-left corner: `None` when no path
    /// reaches the corner.
    fn traceback(&self, d: &[f64], back: &[(u8, u8)]) -> Option<Path> {
        let (band, r) = (self.band, self.band.rect());
        let end = band.index(r.i1, r.j1)?;
        let mut state = (0..STATES).min_by(|&x, &y| d[end * STATES + x].total_cmp(&d[end * STATES + y]))?;
        if !d[end * STATES + state].is_finite() {
            return None;
        }
        let mut cells = vec![(r.i1, r.j1)];
        let mut total = vec![d[end * STATES + state]];
        let mut continued = Vec::new();
        let (mut i, mut j) = (r.i1, r.j1);
        while i > r.i0 || j > r.j0 {
            let here = band.index(i, j).expect("path stays in band");
            let (k, from) = back[here * STATES + state];
            let (a, b) = self.kind_of(here, k);
            continued.push(continues(usize::from(from), state));
            (i, j, state) = (i - a, j - b, usize::from(from));
            cells.push((i, j));
            total.push(d[band.index(i, j).expect("path stays in band") * STATES + state]);
        }
        cells.reverse();
        total.reverse();
        continued.reverse();
        Some(Path { cells, total, continued })
    }
}

/// Divides the sums of row `i` (`STATES` a cell) by `top`, the largest,
/// and returns the logarithm to add to the row's scale; a row of zeros, or
/// one that overflowed, is left as it is.
fn rescale(band: &Band, i: usize, sums: &mut [f64], top: f64) -> f64 {
    if !(top > 0.0 && top.is_finite()) {
        return 0.0;
    }
    let cols = band.cols(i);
    let start = band.index(i, cols.start).expect("row start") * STATES;
    sums[start..start + cols.len() * STATES].iter_mut().for_each(|v| *v /= top);
    top.ln()
}

/// Posterior probabilities of the beads of `path`: the forward-backward
/// sums over every path in the band, with bead probabilities
/// `exp(-cost / temperature)` (an omission that continues a run costing
/// `discount` less, as in [`run`]). A bead that most alternative paths
/// also take gets a value near 1; one that a slightly worse path avoids
/// gets less.
///
/// The sums are kept as plain numbers, not logarithms (one exponential per
/// bead of the band, none per sum), each row rescaled so that its largest
/// value is 1, with the logarithm of the scale kept per row. Their tables
/// are made in memory that `scratch` kept, and given back to it.
///
/// # Errors
/// When the memory for the sums cannot be had.
#[allow(clippy::too_many_arguments)]
pub(crate) fn posteriors(
    band: &Band,
    kinds: &[(usize, usize)],
    table: &[f64],
    long: &LongBeads,
    path: &[(usize, usize)],
    temperature: f64,
    discount: f64,
    scratch: &Scratch,
) -> Result<Vec<f64>> {
    let weights = Weights::new(band, kinds, table, long, temperature, discount, scratch)?;
    assert!(kinds.iter().all(|k| k.0 <= MAX_SIDE), "beads have at most {MAX_SIDE} sentences a side");
    let fwd = weights.forward(scratch)?;
    let bwd = weights.backward(scratch)?;
    let r = band.rect();
    let z = band.index(r.i1, r.j1).map_or(0.0, |k| {
        ln_or_minus_infinity(fwd.sums[k * STATES..k * STATES + STATES].iter().sum::<f64>()) + fwd.scale[r.rows()]
    });
    let post = path.windows(2).map(|w| weights.posterior(&fwd, &bwd, z, w[0], w[1])).collect();
    for v in [weights.w, fwd.sums, bwd.sums] {
        scratch.floats.keep(v);
    }
    Ok(post)
}

/// `ln(x)`, and minus infinity for 0 (or less).
#[inline]
fn ln_or_minus_infinity(x: f64) -> f64 {
    if x > 0.0 {
        x.ln()
    } else {
        f64::NEG_INFINITY
    }
}

/// Sums of the forward-backward pass, `STATES` a cell, each row rescaled:
/// `sums[cell * STATES + s] * exp(scale[row])` is the true sum, `row`
/// counted from the rectangle's first.
struct Scaled {
    sums: Vec<f64>,
    scale: Vec<f64>,
}

/// The weights of the beads of a band, `exp(-cost / temperature)`, and
/// what the forward and backward sums read with them.
struct Weights<'a> {
    band: &'a Band,
    kinds: &'a [(usize, usize)],
    /// The state that the beads of each kind lead to.
    states: Vec<usize>,
    table: &'a [f64],
    /// `w[cell * K + k]`: the weight of the bead of kind `kinds[k]` that
    /// ends in the cell (0: not allowed).
    w: Vec<f64>,
    long: &'a LongBeads,
    /// `long_w[k]`: the weight of the long bead `long.beads[k]`.
    long_w: Vec<f64>,
    temperature: f64,
    /// How much more likely a continued run of omissions is.
    run_factor: f64,
}

/// One row of the forward (or backward) sums: where the beads of each
/// dense kind ending (starting) in row `i` start (end), and the factors
/// that bring the rows they reach to the row's scale: `shift[a]` for a
/// bead of `a` sources, `shift_of(a)` for the long beads, which reach
/// further (their factors are computed when needed).
struct RowSums<F> {
    i: usize,
    ranges: Vec<Option<(std::ops::Range<usize>, usize)>>,
    shift: [f64; MAX_SIDE + 1],
    shift_of: F,
}

impl<F: Fn(usize) -> f64> RowSums<F> {
    /// `shift_of(a)`, the factor of a long bead of `a` sources: from
    /// `shift` up to `MAX_SIDE` (the same values, computed already).
    #[inline]
    fn far(&self, a: usize) -> f64 {
        if a <= MAX_SIDE {
            self.shift[a]
        } else {
            (self.shift_of)(a)
        }
    }
}

impl<'a> Weights<'a> {
    /// The weights of the beads of `table` (see [`cost_table`]), computed
    /// in parallel by rows.
    fn new(
        band: &'a Band,
        kinds: &'a [(usize, usize)],
        table: &'a [f64],
        long: &'a LongBeads,
        temperature: f64,
        discount: f64,
        scratch: &Scratch,
    ) -> Result<Self> {
        let nk = kinds.len();
        let states: Vec<usize> = kinds.iter().map(|&k| state_of(k)).collect();
        let run_factor = (discount / temperature).exp();
        let mut w = scratch.floats.table_of(band.cells(), nk, 0.0f64, "the bead weights of the confidences")?;
        // a row at a time, four exponentials at once where the CPU can
        let exp = super::vexp::Exp::detect();
        band.fill_rows(
            &mut w,
            nk,
            || (),
            |_, i, row| {
                let from = band.index(i, band.cols(i).start).expect("row start") * nk;
                exp.weights(row, &table[from..from + row.len()], temperature);
            },
        );
        // the long beads' weights once, rather than in both passes
        let costs: Vec<f64> = long.beads.iter().map(|lb| lb.cost).collect();
        let mut long_w = table_of(costs.len(), 1, 0.0f64, "the long bead weights of the confidences")?;
        // a long bead is kept only when its cost is finite (see
        // `BeadCosts::long_row`), so no weight here is a non-finite cost's 0
        debug_assert!(costs.iter().all(|c| c.is_finite()), "long beads have finite costs");
        exp.weights(&mut long_w, &costs, temperature);
        Ok(Weights { band, kinds, states, table, w, long, long_w, temperature, run_factor })
    }

    /// The factor of a bead leading to state `to` after state `from`.
    #[inline]
    fn factor(&self, from: usize, to: usize) -> f64 {
        if continues(from, to) {
            self.run_factor
        } else {
            1.0
        }
    }

    /// The sum over the states `from` of `s[from] * factor(from, to)`,
    /// added in order: the same value, without the multiplications by 1
    /// (`x * 1 = x` exactly, and adding to the sum's first term, zero, is
    /// exact too), which the forward sums wait on from cell to cell.
    #[inline]
    fn into(&self, s: &[f64], to: usize) -> f64 {
        match to {
            PAIR => s[0] + s[1] + s[2],
            SRC_GAP => s[0] + s[1] * self.run_factor + s[2],
            _ => s[0] + s[1] + s[2] * self.run_factor,
        }
    }

    /// The long beads that end in cell `c`, with their weights.
    #[inline]
    fn long_ending(&self, c: usize) -> impl Iterator<Item = (&LongBead, f64)> + '_ {
        let long = self.long;
        let range =
            if long.end_start.is_empty() { 0..0 } else { long.end_start[c] as usize..long.end_start[c + 1] as usize };
        long.beads[range.clone()].iter().zip(&self.long_w[range]).map(|(lb, &x)| (lb, x))
    }

    /// The long beads that start in cell `c`, with the cell each ends in
    /// and their weights.
    #[inline]
    fn long_starting(&self, c: usize) -> impl Iterator<Item = (usize, &LongBead, f64)> + '_ {
        self.long.starting(c).map(|(q, k)| (q, &self.long.beads[k], self.long_w[k]))
    }

    /// The forward sums: `sums[cell * STATES + s] * exp(scale[row])` is
    /// the total weight of the paths from the top-left corner to the cell
    /// whose last bead leads to state `s`.
    fn forward(&self, scratch: &Scratch) -> Result<Scaled> {
        let (band, r) = (self.band, self.band.rect());
        let mut fwd = scratch.floats.table_of(band.cells(), STATES, 0.0f64, "the forward sums of the confidences")?;
        let mut fscale = vec![0.0f64; r.rows() + 1];
        if let Some(k) = band.index(r.i0, r.j0) {
            fwd[k * STATES + PAIR] = 1.0;
        }
        for i in r.i0..=r.i1 {
            let row_of = |i: usize| i - r.i0;
            // the row is summed relative to the scale of the row above
            let reference = if i > r.i0 { fscale[row_of(i) - 1] } else { 0.0 };
            // the factor that brings row i - a to the reference scale
            let shift_of =
                |a: usize| if a == 0 || a > row_of(i) { 1.0 } else { (fscale[row_of(i) - a] - reference).exp() };
            let row = RowSums { i, ranges: band.starts(i, self.kinds), shift: std::array::from_fn(shift_of), shift_of };
            let top = self.forward_row(&mut fwd, &row);
            fscale[row_of(i)] = reference + rescale(band, i, &mut fwd, top);
        }
        Ok(Scaled { sums: fwd, scale: fscale })
    }

    /// The forward sums of the cells of `row`, into `fwd` (zeros there
    /// before, but for the top-left corner's 1), and the largest of them:
    /// the sums of the cells where the beads ending in each cell start,
    /// each times the bead's weight, brought to the row's scale.
    ///
    /// Each sum gets its terms in the order of the bead kinds, then the
    /// long beads, but a kind at a time over the whole row: the beads
    /// from the rows above (which lead to [`PAIR`] or [`SRC_GAP`]) first,
    /// cell after cell with no test of range inside; then the long beads;
    /// then the omissions within the row (`0:b`, the only beads that lead
    /// to [`TGT_GAP`]), cell after cell, since each reads the sums of the
    /// cell before it as they end.
    fn forward_row<F: Fn(usize) -> f64>(&self, fwd: &mut [f64], row: &RowSums<F>) -> f64 {
        let (band, nk, i) = (self.band, self.kinds.len(), row.i);
        let cols = band.cols(i);
        let first = band.index(i, cols.start).expect("row start");
        // the cells of the row where beads of kind k end and start in the
        // band, and where they start: the cell `start + j` for column j
        let reach = |k: usize| {
            let (from, from_first) = row.ranges[k].clone()?;
            let js = cols.start.max(from.start)..cols.end.min(from.end);
            Some((first + js.start - cols.start..first + js.end - cols.start, from_first, from.start))
        };
        for (k, &(a, _)) in self.kinds.iter().enumerate().filter(|&(_, &(a, _))| a > 0) {
            let Some((cells, from_first, from_start)) = reach(k) else { continue };
            let to = self.states[k];
            for here in cells {
                let x = self.w[here * nk + k];
                if x == 0.0 {
                    continue;
                }
                let p = from_first + (here - first + cols.start) - from_start;
                let v = self.into(&fwd[p * STATES..p * STATES + STATES], to) * x * row.shift[a];
                fwd[here * STATES + to] += v;
            }
        }
        for (here, j) in (first..).zip(cols.clone()) {
            for (lb, x) in self.long_ending(here) {
                let (a, b) = (usize::from(lb.a), usize::from(lb.b));
                let Some(p) = band.index(i - a, j - b) else { continue };
                let into: f64 = (0..STATES).map(|from| fwd[p * STATES + from]).sum();
                fwd[here * STATES + PAIR] += into * x * row.far(a);
            }
        }
        let within: Vec<_> = (0..nk).filter(|&k| self.kinds[k].0 == 0).filter_map(|k| Some((k, reach(k)?))).collect();
        for here in first..first + cols.len() {
            for (k, (cells, from_first, from_start)) in &within {
                if !cells.contains(&here) {
                    continue;
                }
                let x = self.w[here * nk + k];
                if x == 0.0 {
                    continue;
                }
                // a bead within the row needs no shift (a factor 1)
                let p = from_first + (here - first + cols.start) - from_start;
                let v = self.into(&fwd[p * STATES..p * STATES + STATES], self.states[*k]) * x;
                fwd[here * STATES + self.states[*k]] += v;
            }
        }
        fwd[first * STATES..(first + cols.len()) * STATES].iter().fold(0.0f64, |t, &v| t.max(v))
    }

    /// The backward sums: `sums[cell * STATES + s] * exp(scale[row])` is
    /// the total weight of the paths from the cell, entered in state `s`,
    /// to the bottom-right corner.
    fn backward(&self, scratch: &Scratch) -> Result<Scaled> {
        let (band, r) = (self.band, self.band.rect());
        let mut bwd = scratch.floats.table_of(band.cells(), STATES, 0.0f64, "the backward sums of the confidences")?;
        let mut bscale = vec![0.0f64; r.rows() + 1];
        let corner = band.index(r.i1, r.j1);
        if let Some(k) = corner {
            bwd[k * STATES..k * STATES + STATES].fill(1.0);
        }
        for i in (r.i0..=r.i1).rev() {
            let row_of = |i: usize| i - r.i0;
            let reference = if i < r.i1 { bscale[row_of(i) + 1] } else { 0.0 };
            let shift_of =
                |a: usize| if a == 0 || i + a > r.i1 { 1.0 } else { (bscale[row_of(i + a)] - reference).exp() };
            let row = RowSums { i, ranges: band.ends(i, self.kinds), shift: std::array::from_fn(shift_of), shift_of };
            let top = self.backward_row(&mut bwd, &row, corner);
            bscale[row_of(i)] = reference + rescale(band, i, &mut bwd, top);
        }
        Ok(Scaled { sums: bwd, scale: bscale })
    }

    /// Adds `on`, the weight of the paths through a bead leading to state
    /// `to`, to the backward sums of the cell it starts in, by the state
    /// the cell is entered in (a continued run of omissions weighs more).
    #[inline]
    fn add_back(&self, sums: &mut [f64], on: f64, to: usize) {
        let f = self.run_factor;
        match to {
            PAIR => sums.iter_mut().for_each(|sum| *sum += on),
            SRC_GAP => (sums[PAIR], sums[SRC_GAP], sums[TGT_GAP]) = (sums[0] + on, sums[1] + on * f, sums[2] + on),
            _ => (sums[PAIR], sums[SRC_GAP], sums[TGT_GAP]) = (sums[0] + on, sums[1] + on, sums[2] + on * f),
        }
    }

    /// The backward sums of the cells of `row`, into `bwd` (zeros there
    /// before, but for the bottom-right corner's, `corner`, which stay
    /// 1), and the largest of them: the sums of the cells where the beads
    /// starting in each cell end, each times the bead's weight (and
    /// factor), brought to the row's scale.
    ///
    /// As in the forward sums, a kind at a time over the whole row: the
    /// beads that end in the rows below first, cell after cell with no
    /// test of range inside; then, from the last cell to the first, the
    /// long beads and the omissions within the row (`0:b`), which read
    /// the sums of the cells after them as they end. (The terms of each
    /// sum are added in that order, not in the order of the kinds: the
    /// same sums but for rounding.)
    fn backward_row<F: Fn(usize) -> f64>(&self, bwd: &mut [f64], row: &RowSums<F>, corner: Option<usize>) -> f64 {
        let (band, nk, i) = (self.band, self.kinds.len(), row.i);
        let cols = band.cols(i);
        let first = band.index(i, cols.start).expect("row start");
        // the columns j of the row whose beads of kind k end in the band,
        // and where they end: the cell `to_first + j + b - to_start`
        let reach = |k: usize| {
            let (to, to_first) = row.ranges[k].clone()?;
            let b = self.kinds[k].1;
            let js = cols.start.max(to.start.saturating_sub(b))..cols.end.min(to.end.saturating_sub(b));
            Some((js, to_first, b, to.start))
        };
        for (k, &(a, _)) in self.kinds.iter().enumerate().filter(|&(_, &(a, _))| a > 0) {
            let Some((js, to_first, b, to_start)) = reach(k) else { continue };
            let to = self.states[k];
            for j in js {
                let q = to_first + j + b - to_start;
                let x = self.w[q * nk + k];
                if x == 0.0 {
                    continue;
                }
                let on = bwd[q * STATES + to] * x * row.shift[a];
                let here = first + j - cols.start;
                self.add_back(&mut bwd[here * STATES..here * STATES + STATES], on, to);
            }
        }
        let within: Vec<_> = (0..nk).filter(|&k| self.kinds[k].0 == 0).filter_map(|k| Some((k, reach(k)?))).collect();
        let mut top = 0.0f64;
        for j in cols.clone().rev() {
            let here = first + j - cols.start;
            if corner == Some(here) {
                top = top.max(1.0);
                continue;
            }
            let mut sums = [0.0f64; STATES];
            sums.copy_from_slice(&bwd[here * STATES..here * STATES + STATES]);
            for (q, lb, x) in self.long_starting(here) {
                let on = bwd[q * STATES + PAIR] * x * row.far(usize::from(lb.a));
                for sum in sums.iter_mut() {
                    *sum += on;
                }
            }
            for (k, (js, to_first, b, to_start)) in &within {
                if !js.contains(&j) {
                    continue;
                }
                let q = to_first + j + b - to_start;
                let x = self.w[q * nk + k];
                if x == 0.0 {
                    continue;
                }
                // a bead within the row needs no shift (a factor 1)
                let to = self.states[*k];
                self.add_back(&mut sums, bwd[q * STATES + to] * x, to);
            }
            bwd[here * STATES..here * STATES + STATES].copy_from_slice(&sums);
            top = sums.iter().fold(top, |t, &v| t.max(v));
        }
        top
    }

    /// The posterior probability of the bead from cell `(i0, j0)` to cell
    /// `(i1, j1)`, given the forward and backward sums and `z`, the
    /// logarithm of the total weight of all paths (0 when the bead is not
    /// one of the band's).
    fn posterior(&self, fwd: &Scaled, bwd: &Scaled, z: f64, (i0, j0): (usize, usize), (i1, j1): (usize, usize)) -> f64 {
        let (band, r, nk) = (self.band, self.band.rect(), self.kinds.len());
        let kind = (i1 - i0, j1 - j0);
        let (Some(p), Some(q)) = (band.index(i0, j0), band.index(i1, j1)) else { return 0.0 };
        let (to, cost) = match self.kinds.iter().position(|&k| k == kind) {
            Some(k) => (self.states[k], self.table[q * nk + k]),
            None => match self.long.ending(q).iter().find(|lb| (usize::from(lb.a), usize::from(lb.b)) == kind) {
                Some(lb) => (PAIR, lb.cost),
                None => return 0.0,
            },
        };
        // every way into the bead's first cell, weighed by whether the
        // bead continues it
        let into: f64 = (0..STATES).map(|from| fwd.sums[p * STATES + from] * self.factor(from, to)).sum();
        let lp = ln_or_minus_infinity(into) + fwd.scale[i0 - r.i0] - cost / self.temperature
            + ln_or_minus_infinity(bwd.sums[q * STATES + to])
            + bwd.scale[i1 - r.i0]
            - z;
        if lp.is_nan() {
            return 0.0;
        }
        lp.exp().clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The straightforward version, in logarithms: the reference that the
    // rescaled sums must agree with.
    /// `ln(sum(exp(x)))` of the terms, with one logarithm.
    fn logsumexp(terms: &[f64]) -> f64 {
        let m = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if m == f64::NEG_INFINITY || !m.is_finite() {
            return m;
        }
        m + terms.iter().map(|&x| (x - m).exp()).sum::<f64>().ln()
    }

    /// Posterior probabilities of the beads of `path`: the forward-backward
    /// sums over every path in the band, with bead probabilities
    /// `exp(-cost / temperature)`. A bead that most alternative paths also
    /// take gets a value near 1; one that a slightly worse path avoids gets
    /// less.
    fn posteriors_in_logs(
        band: &Band,
        kinds: &[(usize, usize)],
        table: &[f64],
        path: &[(usize, usize)],
        temperature: f64,
    ) -> Vec<f64> {
        let r = band.rect();
        let nk = kinds.len();
        let mut fwd = vec![f64::NEG_INFINITY; band.cells()];
        let mut bwd = vec![f64::NEG_INFINITY; band.cells()];
        if let Some(k) = band.index(r.i0, r.j0) {
            fwd[k] = 0.0;
        }
        let mut terms = Vec::with_capacity(nk);
        for i in r.i0..=r.i1 {
            for j in band.cols(i) {
                if i == r.i0 && j == r.j0 {
                    continue;
                }
                let here = band.index(i, j).expect("in band");
                terms.clear();
                for (k, &(a, b)) in kinds.iter().enumerate() {
                    let c = table[here * nk + k];
                    if !c.is_finite() {
                        continue;
                    }
                    let Some(p) = band.index(i - a, j - b) else { continue };
                    if fwd[p] > f64::NEG_INFINITY {
                        terms.push(fwd[p] - c / temperature);
                    }
                }
                fwd[here] = logsumexp(&terms);
            }
        }
        if let Some(k) = band.index(r.i1, r.j1) {
            bwd[k] = 0.0;
        }
        for i in (r.i0..=r.i1).rev() {
            for j in band.cols(i).rev() {
                if i == r.i1 && j == r.j1 {
                    continue;
                }
                terms.clear();
                for (k, &(a, b)) in kinds.iter().enumerate() {
                    if i + a > r.i1 || j + b > r.j1 {
                        continue;
                    }
                    let Some(q) = band.index(i + a, j + b) else { continue };
                    let c = table[q * nk + k];
                    if c.is_finite() && bwd[q] > f64::NEG_INFINITY {
                        terms.push(bwd[q] - c / temperature);
                    }
                }
                bwd[band.index(i, j).expect("in band")] = logsumexp(&terms);
            }
        }
        let z = band.index(r.i1, r.j1).map_or(0.0, |k| fwd[k]);
        path.windows(2)
            .map(|w| {
                let ((i0, j0), (i1, j1)) = (w[0], w[1]);
                let k = kinds.iter().position(|&kind| kind == (i1 - i0, j1 - j0));
                let (Some(p), Some(q), Some(k)) = (band.index(i0, j0), band.index(i1, j1), k) else { return 0.0 };
                let lp = fwd[p] - table[q * nk + k] / temperature + bwd[q] - z;
                lp.exp().clamp(0.0, 1.0)
            })
            .collect()
    }

    /// A number in [0, 1) made from a bead's corners and a seed: costs that
    /// look random, the same in every run.
    fn bead_hash(seed: u64, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let mut h = seed;
        for x in [i0, i1, j0, j1] {
            h = (h ^ x as u64).wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        }
        (h >> 33) as f64 / (1u64 << 31) as f64
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The index of the long beads by end cell and by start cell holds
        /// what a plain walk over them finds, in their order, for bands of
        /// several widths (up to the whole rectangle) and rows of many
        /// beads, few or none (some starting before the band); and a retry
        /// that copies the rows its widening did not reach holds what one
        /// that prices every row holds.
        #[test]
        fn long_beads_are_indexed_by_their_cells(
            seed in 0u64..1 << 20,
            half in 0usize..30,
            (rows, cols) in (1usize..120, 1usize..120),
            keep in 0u64..8,
            (row, add, radius) in (0usize..120, 1usize..8, 0usize..30),
        ) {
            let r = Rect { i0: 3, i1: 3 + rows, j0: 2, j1: 2 + cols };
            // beads of 3 to 6 sentences on one side, a share of them kept
            let beads = |band: &Band, i: usize| -> Vec<(usize, LongBead)> {
                let mut out = Vec::new();
                for j in band.cols(i) {
                    for (a, b) in [(1, 3), (3, 1), (1, 6), (5, 1)] {
                        let h = bead_hash(seed, i - a.min(i), i, j - b.min(j), j);
                        if i >= r.i0 + a && j >= r.j0 + b && h * 8.0 < keep as f64 {
                            out.push((j, LongBead { a: a as u8, b: b as u8, cost: h }));
                        }
                    }
                }
                out
            };
            let narrow = Band::diagonal(r, half);
            let long = LongBeads::new(&narrow, |i| Ok(beads(&narrow, i))).expect("memory");
            let mut all = Vec::new();
            for i in r.i0..=r.i1 {
                all.extend(beads(&narrow, i).into_iter().map(|(j, bead)| (i, j, bead)));
            }
            proptest::prop_assert_eq!(long.len(), all.len());
            let cell = |i: usize, j: usize| narrow.index(i, j);
            for i in r.i0..=r.i1 {
                for j in narrow.cols(i) {
                    let c = cell(i, j).expect("a cell");
                    let ending: Vec<LongBead> = all.iter().filter(|b| (b.0, b.1) == (i, j)).map(|b| b.2).collect();
                    proptest::prop_assert_eq!(long.ending(c), &ending[..]);
                    let starting: Vec<(usize, usize)> = all
                        .iter()
                        .enumerate()
                        .filter(|(_, &(p, q, b))| cell(p - usize::from(b.a), q - usize::from(b.b)) == Some(c))
                        .map(|(k, &(p, q, _))| (cell(p, q).expect("a cell"), k))
                        .collect();
                    proptest::prop_assert_eq!(long.starting(c).collect::<Vec<_>>(), starting);
                }
            }
            // a retry, widened around a row
            let row = r.i0 + row % (rows + 1);
            let wide = narrow.widened(&[(row, narrow.cols(row).start)], 1, add, radius);
            let unchanged = wide.unchanged_since(&narrow);
            let copied = LongBeads::again(&wide, Some((&narrow, &long)), |i, out| {
                let priced = !unchanged.rows(i, 6);
                if priced {
                    out.extend(beads(&wide, i));
                }
                Ok(priced)
            })
            .expect("memory");
            proptest::prop_assert_eq!(copied, LongBeads::new(&wide, |i| Ok(beads(&wide, i))).expect("memory"));
        }
    }

    #[test]
    fn rescaled_posteriors_equal_those_in_logarithms() {
        // costs from a small generator: negative and large ones, and some
        // beads that are not allowed
        let hash = |i0: usize, i1: usize, j0: usize, j1: usize| bead_hash(7, i0, i1, j0, j1);
        for (rows, cols, half) in [(12, 15, 100), (40, 37, 6), (90, 100, 12), (3, 1, 100)] {
            let r = Rect { i0: 5, i1: 5 + rows, j0: 9, j1: 9 + cols };
            let band = if half >= 100 { Band::full(r) } else { Band::diagonal(r, half) };
            let kinds = bead_kinds(3);
            let cost = |i0, i1, j0, j1| {
                let x = hash(i0, i1, j0, j1);
                if x < 0.05 {
                    f64::INFINITY
                } else {
                    (x - 0.3) * 30.0 + (i1 - i0 + j1 - j0) as f64
                }
            };
            let table = cost_table(&band, &kinds, by_bead(&band, &kinds, cost), &Scratch::default()).expect("memory");
            let path = run(&band, &kinds, &table, &LongBeads::default(), 0.0).expect("memory").expect("a path").cells;
            for t in [1.0, 0.3] {
                let fast = posteriors(&band, &kinds, &table, &LongBeads::default(), &path, t, 0.0, &Scratch::default())
                    .expect("memory");
                let reference = posteriors_in_logs(&band, &kinds, &table, &path, t);
                assert_eq!(fast.len(), reference.len());
                for (a, b) in fast.iter().zip(&reference) {
                    assert!((a - b).abs() < 1e-9, "{a} vs {b} ({rows}x{cols}, temperature {t})");
                }
                assert!(fast.iter().any(|&p| p > 0.0 && p < 1.0) || rows < 5, "{fast:?}");
            }
        }
    }

    #[test]
    fn a_retry_from_the_first_changed_row_equals_a_fresh_run() {
        let hash = |i0: usize, i1: usize, j0: usize, j1: usize| bead_hash(3, i0, i1, j0, j1) * 10.0 - 2.0;
        let r = Rect { i0: 4, i1: 124, j0: 7, j1: 140 };
        let kinds = bead_kinds(3);
        // the long beads that end in row i (they reach four rows up)
        let long_row = |band: &Band, i: usize| {
            let mut out = Vec::new();
            for j in band.cols(i) {
                for (a, b) in [(1, 4), (4, 1), (1, 6)] {
                    if i >= r.i0 + a && j >= r.j0 + b && band.index(i - a, j - b).is_some() {
                        out.push((j, LongBead { a: a as u8, b: b as u8, cost: hash(i - a, i, j - b, j) + 1.0 }));
                    }
                }
            }
            out
        };
        let priced = |band: &Band| {
            let table = cost_table(band, &kinds, by_bead(band, &kinds, hash), &Scratch::default()).expect("memory");
            (table, LongBeads::new(band, |i| Ok(long_row(band, i))).expect("memory"))
        };
        let narrow = Band::diagonal(r, 5);
        let (table, long) = priced(&narrow);
        // widened around a row in the middle, near the end, and everywhere
        for (row, radius) in [(60, 8), (118, 4), (20, 200)] {
            let (_, done) = run_from(&narrow, &kinds, &table, &long, 1.5, None, &Scratch::default()).expect("memory");
            let near_edge = [(row, narrow.cols(row).start)];
            let wide = narrow.widened(&near_edge, 2, 6, radius);
            let unchanged = wide.unchanged_since(&narrow);
            let from = unchanged.first_changed();
            assert!(from <= row.saturating_sub(radius).max(r.i0), "{from}");
            // the long beads of the rows they did not reach, copied
            let again = |i, out: &mut Vec<_>| {
                let priced = !unchanged.rows(i, 4);
                if priced {
                    out.extend(long_row(&wide, i));
                }
                Ok(priced)
            };
            let copied = LongBeads::again(&wide, Some((&narrow, &long)), again).expect("memory");
            let (table, long) = priced(&wide);
            assert_eq!(copied, long, "long beads, widened at row {row}");
            let fresh = run(&wide, &kinds, &table, &long, 1.5).expect("memory").expect("a path");
            let (again, _) =
                run_from(&wide, &kinds, &table, &long, 1.5, Some((done, from)), &Scratch::default()).expect("memory");
            let again = again.expect("a path");
            assert_eq!(fresh.cells, again.cells, "widened at row {row}");
            assert_eq!(fresh.total, again.total, "widened at row {row}");
            assert_eq!(fresh.continued, again.continued, "widened at row {row}");
        }
    }

    #[test]
    fn a_table_too_large_for_memory_is_an_error_naming_the_limit() {
        // more bytes than any allocator gives, and a size that overflows
        for (cells, per_cell) in [(usize::MAX / 64, 3), (usize::MAX / 2, 3)] {
            let err = table_of(cells, per_cell, 0.0f64, "the test table").expect_err("cannot be had");
            assert!(err.is_out_of_memory(), "{err}");
            let err = err.with_cell_limit(1234);
            let msg = err.to_string();
            assert!(msg.starts_with("out of memory: the test table of "), "{msg}");
            assert!(msg.contains("--max-cells") && msg.contains("now 1234"), "{msg}");
        }
        assert_eq!(table_of(4, 3, 1u8, "a small table").expect("memory"), vec![1u8; 12]);
        // so is one from a shelf, which keeps what it had
        let shelf = Shelf::default();
        shelf.keep(vec![2.0f64; 64]);
        for (cells, per_cell) in [(usize::MAX / 64, 3), (usize::MAX / 2, 3)] {
            let err = shelf.table_of(cells, per_cell, 0.0f64, "the test table").expect_err("cannot be had");
            assert!(err.is_out_of_memory(), "{err}");
        }
        assert_eq!(shelf.table_of(4, 3, 1.0, "a small table").expect("memory"), vec![1.0; 12]);
    }

    proptest::proptest! {
        /// A shelf's tables are those of `table_of` whatever memory they
        /// are made in, it keeps at most `SPARES` vectors, and it gives
        /// the memory of a vector kept back when it holds the table.
        #[test]
        fn tables_from_a_shelf_are_fresh_tables(
            tries in proptest::collection::vec((0usize..400, 1usize..12, -3i32..3, 0u8..4), 1..60),
        ) {
            let shelf = Shelf::default();
            let mut held: Vec<Vec<f64>> = Vec::new();
            for (cells, per_cell, value, give_back) in tries {
                let value = f64::from(value) / 2.0;
                let table = shelf.table_of(cells, per_cell, value, "a test table").expect("memory");
                proptest::prop_assert_eq!(&table, &table_of(cells, per_cell, value, "a test table").expect("memory"));
                held.push(table);
                // give back none, the newest, the oldest or all
                let back: Vec<Vec<f64>> = match give_back {
                    0 => Vec::new(),
                    1 => held.pop().into_iter().collect(),
                    2 => vec![held.remove(0)],
                    _ => std::mem::take(&mut held),
                };
                for v in back {
                    let (at, room) = (v.as_ptr(), v.capacity());
                    shelf.keep(v);
                    let kept: Vec<*const f64> = shelf.0.lock().expect("a shelf").iter().map(|v| v.as_ptr()).collect();
                    proptest::prop_assert!(kept.len() <= SPARES, "{} kept", kept.len());
                    // a vector kept holds a table of its size: one kept is used
                    if room > 0 && kept.contains(&at) {
                        let again = shelf.table_of(room, 1, value, "a test table").expect("memory");
                        proptest::prop_assert!(kept.contains(&again.as_ptr()), "the memory of a vector kept");
                        shelf.keep(again);
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The DP's lookup of where a bead starts, made once for a row, is
        /// `Band::index` of the bead's first cell, in bands along a
        /// wandering path, for dense and long kinds alike.
        #[test]
        fn a_rows_reach_is_the_index_of_the_first_cell(
            (rows, cols) in (1usize..60, 1usize..60),
            half in 0usize..8,
            points in proptest::collection::vec((0usize..60, 0usize..60), 0..6),
            (a, b) in (0usize..=MAX_LONG, 0usize..=MAX_LONG),
        ) {
            let r = Rect { i0: 5, i1: 5 + rows, j0: 9, j1: 9 + cols };
            let mut points: Vec<(usize, usize)> = points.iter().map(|&(i, j)| (r.i0 + i % rows, r.j0 + j % cols)).collect();
            points.sort_unstable();
            points.dedup_by_key(|p| p.0);
            let increasing = points.windows(2).all(|w| w[0].1 <= w[1].1);
            let band = if increasing { Band::along(r, &points, half) } else { Band::diagonal(r, half) };
            for i in r.i0..=r.i1 {
                let reach = Reach::of(&band, i, 0, (a, b));
                for j in r.j0..=r.j1 + 2 {
                    let index = (i >= a && j >= b).then(|| band.index(i - a, j - b)).flatten();
                    let found = reach.and_then(|reach| reach.from(j));
                    proptest::prop_assert_eq!(found, index, "row {} column {} kind {:?}", i, j, (a, b));
                }
            }
        }
    }

    proptest::proptest! {
        /// Rows filled two at a time are the rows filled one at a time:
        /// every row once, with its own cells, the first alone and each
        /// other one either the first of a pair or the row below one, and
        /// each block's pairs in order.
        #[test]
        fn rows_filled_in_pairs_are_the_rows(
            (rows, cols) in (0usize..90, 1usize..40),
            half in 0usize..6,
            block in 1usize..8,
        ) {
            let r = Rect { i0: 3, i1: 3 + rows, j0: 7, j1: 7 + cols };
            let band = Band::diagonal(r, half);
            // each cell written with its row number, and each row once
            let mut once = vec![(0usize, 0usize); band.cells()];
            band.fill_rows(&mut once, 1, || (), |_, i, row| row.iter_mut().for_each(|c| *c = (i, 1)));
            let mut paired = vec![(0usize, 0usize); band.cells()];
            let seen = std::sync::Mutex::new(Vec::new());
            band.fill_row_pairs(&mut paired, 1, block, Vec::new, |last: &mut Vec<usize>, i, row, below| {
                if let Some(&before) = last.last() {
                    assert!(before < i, "a block's pairs in order");
                }
                last.push(i);
                assert_eq!(below.is_none(), i == r.i0 || i == r.i1, "row {} alone", i);
                for c in row.iter_mut() {
                    c.0 = i;
                    c.1 += 1;
                }
                if let Some(below) = below {
                    below.iter_mut().for_each(|c| *c = (i + 1, c.1 + 1));
                }
                seen.lock().expect("lock").push(i);
            });
            proptest::prop_assert_eq!(&paired, &once);
            let mut firsts = seen.into_inner().expect("lock");
            firsts.sort_unstable();
            let want: Vec<usize> = std::iter::once(r.i0).chain((r.i0 + 1..=r.i1).step_by(2)).collect();
            proptest::prop_assert_eq!(firsts, want);
        }
    }

    /// Every path from the top-left to the bottom-right corner of a full
    /// band, as its cells and the state of each bead.
    fn all_paths(r: Rect, kinds: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
        let mut out = Vec::new();
        let mut stack = vec![vec![(r.i0, r.j0)]];
        while let Some(path) = stack.pop() {
            let (i, j) = *path.last().expect("a cell");
            if (i, j) == (r.i1, r.j1) {
                out.push(path);
                continue;
            }
            for &(a, b) in kinds {
                if i + a <= r.i1 && j + b <= r.j1 {
                    let mut next = path.clone();
                    next.push((i + a, j + b));
                    stack.push(next);
                }
            }
        }
        out
    }

    #[test]
    fn runs_of_omissions_cost_and_weigh_as_the_sum_over_every_path_says() {
        let r = Rect { i0: 2, i1: 6, j0: 3, j1: 7 };
        let band = Band::full(r);
        let kinds = bead_kinds(2);
        let cost = |i0: usize, i1: usize, j0: usize, j1: usize| {
            let mut h = 11u64;
            for x in [i0, i1, j0, j1] {
                h = (h ^ x as u64).wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            }
            (h >> 33) as f64 / (1u64 << 31) as f64 * 12.0 - 3.0
        };
        let table = cost_table(&band, &kinds, by_bead(&band, &kinds, cost), &Scratch::default()).expect("memory");
        // long beads: 1:3, 3:1, 1:4 and 4:1, those whose cost is odd left out
        let long_kinds = [(1, 3), (3, 1), (1, 4), (4, 1)];
        let long = LongBeads::new(&band, |i| {
            let mut out = Vec::new();
            for j in band.cols(i) {
                for &(a, b) in &long_kinds {
                    if i >= r.i0 + a && j >= r.j0 + b && (i + j) % 5 != 0 {
                        out.push((j, LongBead { a: a as u8, b: b as u8, cost: cost(i - a, i, j - b, j) }));
                    }
                }
            }
            Ok(out)
        })
        .expect("memory");
        assert!(long.len() > 4, "{}", long.len());
        let allowed = |(i0, j0): (usize, usize), (i1, j1): (usize, usize)| {
            let kind = (i1 - i0, j1 - j0);
            kinds.contains(&kind) || (long_kinds.contains(&kind) && (i1 + j1) % 5 != 0)
        };
        let every: Vec<(usize, usize)> = kinds.iter().chain(&long_kinds).copied().collect();
        let paths: Vec<_> =
            all_paths(r, &every).into_iter().filter(|p| p.windows(2).all(|w| allowed(w[0], w[1]))).collect();
        assert!(paths.len() > 500, "{}", paths.len());
        for (discount, temperature) in [(0.0, 1.0), (2.5, 1.0), (4.0, 0.5)] {
            // the cost of a path, each omission that continues a run on
            // its side discounted
            let price = |path: &[(usize, usize)]| -> f64 {
                let mut last = PAIR;
                path.windows(2)
                    .map(|w| {
                        let kind = (w[1].0 - w[0].0, w[1].1 - w[0].1);
                        let state = state_of(kind);
                        let c =
                            cost(w[0].0, w[1].0, w[0].1, w[1].1) - if continues(last, state) { discount } else { 0.0 };
                        last = state;
                        c
                    })
                    .sum()
            };
            let best = paths.iter().map(|p| price(p)).fold(f64::INFINITY, f64::min);
            let found = run(&band, &kinds, &table, &long, discount).expect("memory").expect("a path");
            assert!((found.total.last().expect("total") - best).abs() < 1e-9, "discount {discount}");
            assert!((price(&found.cells) - best).abs() < 1e-9, "the path found costs what the DP says");
            // the posterior of each bead of the best path: the weight of
            // the paths through it over the weight of all paths
            let weight = |p: &Vec<(usize, usize)>| (-price(p) / temperature).exp();
            let all: f64 = paths.iter().map(weight).sum();
            let post =
                posteriors(&band, &kinds, &table, &long, &found.cells, temperature, discount, &Scratch::default())
                    .expect("memory");
            for (w, &p) in found.cells.windows(2).zip(&post) {
                let through: f64 = paths.iter().filter(|q| q.windows(2).any(|x| x == w)).map(weight).sum();
                assert!((through / all - p).abs() < 1e-9, "bead {w:?}: {p} vs {} (discount {discount})", through / all);
            }
        }
    }

    /// How many doubles apart `a` and `b` are (0 for two NaNs), for two
    /// numbers of the same sign; `u64::MAX` otherwise.
    fn ulps_apart(a: f64, b: f64) -> u64 {
        if a == b || (a.is_nan() && b.is_nan()) {
            return 0;
        }
        if a.is_nan() || b.is_nan() || a.is_sign_negative() != b.is_sign_negative() {
            return u64::MAX;
        }
        a.to_bits().abs_diff(b.to_bits())
    }

    /// The exponentials of the bead weights, four at a time, stay within
    /// 1 ulp of `f64::exp`: over the whole range (results that overflow,
    /// are subnormal or 0, and every size between), around 0, at the edges
    /// and for infinities and NaN. On a CPU without AVX2 and FMA this
    /// checks the scalar version against itself.
    #[test]
    fn four_exponentials_at_once_are_within_an_ulp() {
        let exp = super::super::vexp::Exp::detect();
        if !exp.is_wide() {
            eprintln!("no AVX2 and FMA here: the scalar exp is used");
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut uniform = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut xs: Vec<f64> = Vec::new();
        for (lo, hi) in [(-760.0, 720.0), (-60.0, 10.0), (-1.0, 1.0), (-1e-6, 1e-6), (-750.0, -700.0), (700.0, 712.0)] {
            xs.extend((0..200_000).map(|_| lo + (hi - lo) * uniform()));
        }
        // every 1/64 from -800 to 800, and the multiples of ln(2)/2, where
        // the reduction changes its integer, with the numbers either side
        xs.extend((-51_200..=51_200).map(|k| f64::from(k) / 64.0));
        xs.extend((-2200..=2100).flat_map(|k| {
            let x = f64::from(k) * std::f64::consts::LN_2 / 2.0;
            [x, x * (1.0 + f64::EPSILON), x * (1.0 - f64::EPSILON)]
        }));
        xs.extend([
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e-300,
            -708.396_418_532_264_1,
            -708.4,
            -744.44,
            -745.133_219_101_941_1,
            -745.133_219_101_941_2,
            -745.2,
            -746.0,
            -1e4,
            -f64::MAX,
            709.782_712_893_384,
            709.782_712_893_384_1,
            710.0,
            1e4,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]);
        let mut out = vec![0.0; xs.len()];
        exp.exp(&mut out, &xs);
        let mut off = 0usize;
        for (&x, &y) in xs.iter().zip(&out) {
            let apart = ulps_apart(y, x.exp());
            assert!(apart <= 1, "exp({x:e}) = {y:e}, not {:e}: {apart} ulps apart", x.exp());
            off += usize::from(apart > 0);
        }
        // below 0 the results are 0 or subnormal; NaN, infinities and 0 exactly
        for (x, y) in [(-746.0, 0.0), (f64::NEG_INFINITY, 0.0), (f64::INFINITY, f64::INFINITY), (0.0, 1.0)] {
            let mut z = [f64::NAN];
            exp.exp(&mut z, &[x]);
            assert_eq!(z[0].to_bits(), f64::to_bits(y), "exp({x})");
        }
        let mut z = [0.0];
        exp.exp(&mut z, &[f64::NAN]);
        assert!(z[0].is_nan(), "exp(NaN) is NaN");
        // most are the same as f64::exp's
        assert!(off < xs.len() / 5, "{off} of {} off by an ulp", xs.len());
    }

    /// The weights computed four at a time are those of the scalar
    /// version to within an ulp, 0 for every cost that is not finite, in
    /// slices of every length (the last values of a slice go in a lane of
    /// their own), for temperatures that are powers of two (multiplied by
    /// the reciprocal) and others (divided).
    #[test]
    fn bead_weights_four_at_a_time_are_those_of_the_scalar_exp() {
        use super::super::vexp::Exp;
        let costs: Vec<f64> = (0..997)
            .map(|k| match k % 50 {
                0 => f64::INFINITY,
                1 => f64::NEG_INFINITY,
                2 => f64::NAN,
                3 => 800.0,
                4 => -50.0,
                _ => f64::from(k) * 0.037 - 3.0,
            })
            .collect();
        for temperature in [1.0, 0.5, 2.0, 0.3, 1.7, 1e-3] {
            for len in [0, 1, 2, 3, 4, 5, 7, 8, 9, 64, 997] {
                let (mut wide, mut scalar) = (vec![f64::NAN; len], vec![f64::NAN; len]);
                Exp::detect().weights(&mut wide, &costs[..len], temperature);
                Exp::scalar().weights(&mut scalar, &costs[..len], temperature);
                for ((&a, &b), &c) in wide.iter().zip(&scalar).zip(&costs) {
                    assert!(ulps_apart(a, b) <= 1, "cost {c}, temperature {temperature}: {a:e} vs {b:e}");
                    if !c.is_finite() {
                        assert_eq!(a.to_bits(), 0, "cost {c}: weight 0");
                    }
                }
            }
        }
    }
}
