//! The dynamic program and its traceback.

use super::{Bead, BeadCosts};

/// The bead kinds allowed with beads of at most `max` sentences a side.
pub(crate) fn bead_kinds(max: usize) -> Vec<(usize, usize)> {
    let mut kinds = vec![(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
    if max >= 3 {
        kinds.extend([(3, 1), (1, 3), (3, 2), (2, 3)]);
    }
    kinds
}

/// The full DP over all (n + 1) × (m + 1) cells.
pub(crate) fn align_full(n: usize, m: usize, costs: &BeadCosts, max: usize) -> Vec<Bead> {
    let kinds = bead_kinds(max);
    let w = m + 1;
    let mut d = vec![f64::INFINITY; (n + 1) * w];
    let mut back = vec![u8::MAX; (n + 1) * w];
    d[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(a, b)) in kinds.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let prev = d[(i - a) * w + (j - b)];
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + costs.cost(i - a, i, j - b, j);
                if c < best {
                    best = c;
                    arg = k as u8;
                }
            }
            d[i * w + j] = best;
            back[i * w + j] = arg;
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = kinds[back[i * w + j] as usize];
        let cost = d[i * w + j] - d[(i - a) * w + (j - b)];
        beads.push(Bead { src: i - a..i, tgt: j - b..j, cost, confidence: (-cost / 10.0).exp() });
        i -= a;
        j -= b;
    }
    beads.reverse();
    beads
}
