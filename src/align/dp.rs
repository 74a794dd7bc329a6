//! The dynamic program over a band of cells, and its traceback.
//!
//! Cell `(i, j)` stands for "the first `i` source and `j` target sentences
//! are aligned". The band keeps, for every row `i`, the columns
//! `lo[i]..hi[i]`; the full DP is the band that holds every column.

/// The bead kinds allowed with beads of at most `max` sentences a side.
pub(crate) fn bead_kinds(max: usize) -> Vec<(usize, usize)> {
    let mut kinds = vec![(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
    if max >= 3 {
        kinds.extend([(3, 1), (1, 3), (3, 2), (2, 3)]);
    }
    kinds
}

/// The cells searched: for each row, a range of columns.
#[derive(Clone, Debug)]
pub(crate) struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

impl Band {
    /// Every cell of an `(n + 1) × (m + 1)` table.
    #[allow(dead_code)]
    pub fn full(n: usize, m: usize) -> Band {
        Band::from_ranges(vec![0; n + 1], vec![m + 1; n + 1])
    }

    /// The cells within `half` columns of the diagonal from (0, 0) to (n, m).
    pub fn diagonal(n: usize, m: usize, half: usize) -> Band {
        let center = |i: usize| (i * m + n / 2).checked_div(n).unwrap_or(0);
        let lo = (0..=n).map(|i| center(i).saturating_sub(half)).collect();
        let hi = (0..=n).map(|i| (center(i) + half + 1).min(m + 1)).collect();
        Band::from_ranges(lo, hi)
    }

    pub fn from_ranges(mut lo: Vec<usize>, mut hi: Vec<usize>) -> Band {
        let n = lo.len() - 1;
        lo[0] = 0;
        let m1 = *hi.iter().max().unwrap_or(&1);
        hi[n] = m1;
        let mut offset = Vec::with_capacity(n + 2);
        let mut cells = 0;
        for i in 0..=n {
            if hi[i] <= lo[i] {
                hi[i] = lo[i] + 1;
            }
            offset.push(cells);
            cells += hi[i] - lo[i];
        }
        offset.push(cells);
        Band { lo, hi, offset, cells }
    }

    /// The number of cells.
    pub fn cells(&self) -> usize {
        self.cells
    }

    /// The columns of row `i`.
    pub fn cols(&self, i: usize) -> std::ops::Range<usize> {
        self.lo[i]..self.hi[i]
    }

    /// The index of cell `(i, j)`, if it is in the band.
    #[inline]
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if j >= self.lo[i] && j < self.hi[i] {
            Some(self.offset[i] + j - self.lo[i])
        } else {
            None
        }
    }

    /// The half width to try next, and whether the band is already full.
    pub fn is_full(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m + 1)
    }

    /// True when the path passes within `margin` columns of an edge of the
    /// band that is not an edge of the table: a wider band might find a
    /// better path.
    pub fn touches_edge(&self, path: &[(usize, usize)], m: usize, margin: usize) -> bool {
        path.iter().any(|&(i, j)| {
            (self.lo[i] > 0 && j < self.lo[i] + margin) || (self.hi[i] < m + 1 && j + margin >= self.hi[i])
        })
    }
}

/// The result of the DP: the cells on the best path, from (0, 0) to (n, m),
/// and the bead kind taken into each.
pub(crate) struct Path {
    pub cells: Vec<(usize, usize)>,
    pub total: Vec<f64>,
}

/// Runs the DP over `band` with bead costs from `cost(i0, i1, j0, j1)`.
/// Returns `None` when no path reaches (n, m) inside the band.
pub(crate) fn run<F>(n: usize, m: usize, band: &Band, kinds: &[(usize, usize)], cost: F) -> Option<Path>
where
    F: Fn(usize, usize, usize, usize) -> f64,
{
    let mut d = vec![f64::INFINITY; band.cells()];
    let mut back = vec![u8::MAX; band.cells()];
    d[band.index(0, 0)?] = 0.0;
    for i in 0..=n {
        for j in band.cols(i) {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(a, b)) in kinds.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(p) = band.index(i - a, j - b) else {
                    continue;
                };
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
    let end = band.index(n, m)?;
    if !d[end].is_finite() {
        return None;
    }
    let mut cells = vec![(n, m)];
    let mut total = vec![d[end]];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
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
    n: usize,
    m: usize,
    band: &Band,
    kinds: &[(usize, usize)],
    path: &[(usize, usize)],
    temperature: f64,
    cost: F,
) -> Vec<f64>
where
    F: Fn(usize, usize, usize, usize) -> f64,
{
    let mut fwd = vec![f64::NEG_INFINITY; band.cells()];
    let mut bwd = vec![f64::NEG_INFINITY; band.cells()];
    if let Some(k) = band.index(0, 0) {
        fwd[k] = 0.0;
    }
    for i in 0..=n {
        for j in band.cols(i) {
            if i == 0 && j == 0 {
                continue;
            }
            let mut acc = f64::NEG_INFINITY;
            for &(a, b) in kinds {
                if a > i || b > j {
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
    if let Some(k) = band.index(n, m) {
        bwd[k] = 0.0;
    }
    for i in (0..=n).rev() {
        for j in band.cols(i).rev() {
            if i == n && j == m {
                continue;
            }
            let mut acc = f64::NEG_INFINITY;
            for &(a, b) in kinds {
                if i + a > n || j + b > m {
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
    let z = band.index(n, m).map_or(0.0, |k| fwd[k]);
    path.windows(2)
        .map(|w| {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            let (Some(p), Some(q)) = (band.index(i0, j0), band.index(i1, j1)) else { return 0.0 };
            let lp = fwd[p] - cost(i0, i1, j0, j1) / temperature + bwd[q] - z;
            lp.exp().clamp(0.0, 1.0)
        })
        .collect()
}
