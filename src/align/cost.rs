//! The cost of a bead.

use crate::Document;

use super::AlignConfig;

/// Everything needed to price any bead of one document pair.
#[derive(Debug)]
pub struct BeadCosts {
    src_chars: Vec<f64>,
    tgt_chars: Vec<f64>,
    ratio: f64,
    variance: f64,
}

impl BeadCosts {
    pub(crate) fn new(src: &Document<'_>, tgt: &Document<'_>, _config: &AlignConfig) -> BeadCosts {
        let src_chars: Vec<f64> = src.sentences().iter().map(|s| s.chars() as f64).collect();
        let tgt_chars: Vec<f64> = tgt.sentences().iter().map(|s| s.chars() as f64).collect();
        let (s, t): (f64, f64) = (src_chars.iter().sum(), tgt_chars.iter().sum());
        let ratio = if s > 0.0 && t > 0.0 { t / s } else { 1.0 };
        BeadCosts { src_chars, tgt_chars, ratio, variance: 6.8 }
    }

    /// The cost of joining `src[i0..i1]` with `tgt[j0..j1]`.
    pub fn cost(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let a = i1 - i0;
        let b = j1 - j0;
        let prior = prior(a, b);
        if a == 0 || b == 0 {
            return prior;
        }
        let ls: f64 = self.src_chars[i0..i1].iter().sum();
        let lt: f64 = self.tgt_chars[j0..j1].iter().sum();
        prior + length_cost(ls, lt, self.ratio, self.variance)
    }
}

/// -log of the prior probability of a bead kind (Gale & Church 1993, table 5).
fn prior(a: usize, b: usize) -> f64 {
    let p = match (a, b) {
        (1, 1) => 0.89,
        (1, 0) | (0, 1) => 0.0099 / 2.0,
        (2, 1) | (1, 2) => 0.089 / 2.0,
        (2, 2) => 0.011,
        _ => 0.0005,
    };
    -f64::ln(p)
}

/// Gale & Church's length cost: -log P(delta) for a two-sided normal.
pub(crate) fn length_cost(ls: f64, lt: f64, ratio: f64, variance: f64) -> f64 {
    let mean = (ls + lt / ratio) / 2.0;
    if mean <= 0.0 {
        return 0.0;
    }
    let z = (ls * ratio - lt).abs() / (mean * ratio * variance).sqrt();
    let p = 2.0 * (1.0 - norm_cdf(z));
    -p.max(1e-12).ln()
}

/// The standard normal distribution function (Abramowitz & Stegun 26.2.17).
fn norm_cdf(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.2316419 * z.abs());
    let d = 0.398_942_280_4 * (-z * z / 2.0).exp();
    let p = d * t * (0.319_381_53 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    if z >= 0.0 {
        1.0 - p
    } else {
        p
    }
}
