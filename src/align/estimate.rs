//! What a first pass teaches the second: the length model, the bead priors
//! and how well the two editions' paragraphs agree.

use super::cost::Problem;
use super::Bead;
use crate::Document;

/// For each sentence, whether it is the last of its paragraph.
pub(super) fn paragraph_ends(doc: &Document<'_>) -> Vec<bool> {
    let s = doc.sentences();
    (0..s.len()).map(|i| i + 1 == s.len() || s[i + 1].paragraph() != s[i].paragraph()).collect()
}

/// How well paragraph breaks agree in a first-pass alignment, in [0, 1]:
/// the share of bead ends at a source paragraph end that are also at a
/// target paragraph end, above what chance gives (the share of target
/// sentences that end a paragraph), rescaled so that chance is 0 and
/// perfect agreement 1. In a Bible whose paragraphs do not correspond
/// this is near 0; in news and stories paragraphed alike, near 1.
pub(super) fn paragraph_agreement(beads: &[Bead], p: &Problem) -> f64 {
    let ends = |v: &[bool]| v.iter().filter(|&&e| e).count();
    let (se, te) = (ends(&p.src_para_end), ends(&p.tgt_para_end));
    if se < 2 || te < 2 || p.m() == 0 {
        return 0.0;
    }
    let chance = te as f64 / p.m() as f64;
    let (mut both, mut src_only) = (0usize, 0usize);
    for b in beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()) {
        if p.src_para_end[b.src.end - 1] {
            if p.tgt_para_end[b.tgt.end - 1] {
                both += 1;
            } else {
                src_only += 1;
            }
        }
    }
    let total = both + src_only;
    if total == 0 || chance >= 1.0 {
        return 0.0;
    }
    let rate = both as f64 / total as f64;
    ((rate - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// The bead-kind priors after a first pass: the Dirichlet posterior mean
/// of the share of each class of bead (1:1, omissions, 2:1 and 1:2, 2:2,
/// three or more sentences on a side), with `prior` as its mean and
/// `strength` pseudo-beads behind it. A short document moves the priors
/// little; a long one whose editions often join sentences (or never do)
/// gets priors that say so. The total mass of the priors is kept.
pub(super) fn bead_priors(beads: &[Bead], prior: &[f64; 5], strength: f64) -> [f64; 5] {
    let class = |b: &Bead| match b.kind() {
        (1, 1) => 0,
        (0, _) | (_, 0) => 1,
        (2, 1) | (1, 2) => 2,
        (2, 2) => 3,
        _ => 4,
    };
    let mut counts = [0.0f64; 5];
    for b in beads {
        counts[class(b)] += 1.0;
    }
    // the last entry is the prior of one kind; the class holds two (3:1 and 1:3)
    let mass = [prior[0], prior[1], prior[2], prior[3], 2.0 * prior[4]];
    let total: f64 = mass.iter().sum();
    let n: f64 = counts.iter().sum();
    if total <= 0.0 || strength.is_nan() || strength <= 0.0 {
        return *prior;
    }
    let mut out = [0.0; 5];
    for c in 0..5 {
        let share = (strength * mass[c] / total + counts[c]) / (strength + n);
        out[c] = share * total;
    }
    out[4] /= 2.0;
    out
}

/// How many 1:1 beads' worth of evidence the length model's starting
/// values stand for: the ratio of the documents' total lengths, and Gale
/// & Church's variance (6.8, their estimate for English, French and
/// German).
const LENGTH_PRIOR_BEADS: f64 = 20.0;

/// Re-estimates the length ratio and variance from the 1:1 beads of a first
/// pass, shrunk towards the starting values by the amount of evidence: each
/// is the mean of the starting value (standing for
/// [`LENGTH_PRIOR_BEADS`] beads) and the estimate from the `n` beads
/// (standing for `n`), so that ten sentences move the model a little and a
/// book moves it all the way. The estimates: the ratio of the beads' total
/// lengths, and a robust variance (the median squared deviation over the
/// median of a chi-square with one degree of freedom, 0.455).
pub(super) fn length_model(beads: &[Bead], src: &[usize], tgt: &[usize], ratio: f64, variance: f64) -> (f64, f64) {
    let ones: Vec<(f64, f64)> = beads
        .iter()
        .filter(|b| b.kind() == (1, 1))
        .map(|b| (src[b.src.start] as f64, tgt[b.tgt.start] as f64))
        .filter(|&(a, b)| a > 0.0 && b > 0.0)
        .collect();
    if ones.is_empty() {
        return (ratio, variance);
    }
    let (sa, sb) = ones.iter().fold((0.0, 0.0), |(x, y), &(a, b)| (x + a, y + b));
    let n = ones.len() as f64;
    let shrink = |prior: f64, estimate: f64| (LENGTH_PRIOR_BEADS * prior + n * estimate) / (LENGTH_PRIOR_BEADS + n);
    let c = shrink(ratio, sb / sa);
    let mut dev: Vec<f64> = ones
        .iter()
        .map(|&(a, b)| {
            let mean = (a + b / c) / 2.0;
            (a * c - b).powi(2) / (mean * c)
        })
        .collect();
    dev.sort_by(f64::total_cmp);
    let med = dev[dev.len() / 2];
    let var = shrink(variance, med / 0.455).clamp(1.0, 50.0);
    (c, var)
}
