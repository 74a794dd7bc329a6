//! The dynamic program over a band of cells, and its traceback.
//!
//! Cell `(i, j)` stands for "the first `i` source and `j` target sentences
//! are aligned". A DP runs inside one rectangle of the table, from its
//! top-left corner `(row0, col0)` to its bottom-right corner `(row1,
//! col1)`, over a band: for every row `i`, the columns `lo..hi`. Only the
//! band is stored, so memory grows with rows × band width, never with the
//! square of the length.

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
        (r.rows() + 1) * (2 * half + 1).min(r.cols() + 1)
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

/// The best path: its cells, from the rectangle's top-left corner to its
/// bottom-right corner, and the total cost at each.
pub(crate) struct Path {
    pub cells: Vec<(usize, usize)>,
    pub total: Vec<f64>,
}

/// Runs the DP over `band` with bead costs from `cost(i0, i1, j0, j1)`.
/// Returns `None` when no path crosses the band.
pub(crate) fn run<F>(band: &Band, kinds: &[(usize, usize)], cost: F) -> Option<Path>
where
    F: Fn(usize, usize, usize, usize) -> f64,
{
    let r = band.rect();
    let mut d = vec![f64::INFINITY; band.cells()];
    let mut back = vec![u8::MAX; band.cells()];
    d[band.index(r.i0, r.j0)?] = 0.0;
    for i in r.i0..=r.i1 {
        for j in band.cols(i) {
            if i == r.i0 && j == r.j0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(a, b)) in kinds.iter().enumerate() {
                if i < r.i0 + a || j < r.j0 + b {
                    continue;
                }
                let Some(p) = band.index(i - a, j - b) else { continue };
                let prev = d[p];
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + cost(i - a, i, j - b, j);
                if c < best {
                    best = c;
                    arg = k as u8;
                }
            }
            let here = band.index(i, j).expect("cell in band");
            d[here] = best;
            back[here] = arg;
        }
    }
    let end = band.index(r.i1, r.j1)?;
    if !d[end].is_finite() {
        return None;
    }
    let mut cells = vec![(r.i1, r.j1)];
    let mut total = vec![d[end]];
    let (mut i, mut j) = (r.i1, r.j1);
    while i > r.i0 || j > r.j0 {
        let here = band.index(i, j).expect("path stays in band");
        let (a, b) = kinds[back[here] as usize];
        i -= a;
        j -= b;
        cells.push((i, j));
        total.push(d[band.index(i, j).expect("path stays in band")]);
    }
    cells.reverse();
    total.reverse();
    Some(Path { cells, total })
}

fn logsumexp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Posterior probabilities of the beads of `path`: the forward-backward
/// sums over every path in the band, with bead probabilities
/// `exp(-cost / temperature)`. A bead that most alternative paths also
/// take gets a value near 1; one that a slightly worse path avoids gets
/// less.
pub(crate) fn posteriors<F>(
    band: &Band,
    kinds: &[(usize, usize)],
    path: &[(usize, usize)],
    temperature: f64,
    cost: F,
) -> Vec<f64>
where
    F: Fn(usize, usize, usize, usize) -> f64,
{
    let r = band.rect();
    let mut fwd = vec![f64::NEG_INFINITY; band.cells()];
    let mut bwd = vec![f64::NEG_INFINITY; band.cells()];
    if let Some(k) = band.index(r.i0, r.j0) {
        fwd[k] = 0.0;
    }
    for i in r.i0..=r.i1 {
        for j in band.cols(i) {
            if i == r.i0 && j == r.j0 {
                continue;
            }
            let mut acc = f64::NEG_INFINITY;
            for &(a, b) in kinds {
                if i < r.i0 + a || j < r.j0 + b {
                    continue;
                }
                let Some(p) = band.index(i - a, j - b) else { continue };
                if fwd[p] == f64::NEG_INFINITY {
                    continue;
                }
                acc = logsumexp(acc, fwd[p] - cost(i - a, i, j - b, j) / temperature);
            }
            fwd[band.index(i, j).expect("in band")] = acc;
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
            let mut acc = f64::NEG_INFINITY;
            for &(a, b) in kinds {
                if i + a > r.i1 || j + b > r.j1 {
                    continue;
                }
                let Some(p) = band.index(i + a, j + b) else { continue };
                if bwd[p] == f64::NEG_INFINITY {
                    continue;
                }
                acc = logsumexp(acc, bwd[p] - cost(i, i + a, j, j + b) / temperature);
            }
            bwd[band.index(i, j).expect("in band")] = acc;
        }
    }
    let z = band.index(r.i1, r.j1).map_or(0.0, |k| fwd[k]);
    path.windows(2)
        .map(|w| {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            let (Some(p), Some(q)) = (band.index(i0, j0), band.index(i1, j1)) else { return 0.0 };
            let lp = fwd[p] - cost(i0, i1, j0, j1) / temperature + bwd[q] - z;
            lp.exp().clamp(0.0, 1.0)
        })
        .collect()
}
