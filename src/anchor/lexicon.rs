//! Word pairs over stems: from a dictionary, or learned from a document
//! pair (log-likelihood association over the confident beads of a first
//! pass).

use rayon::prelude::*;

use super::*;

/// Sentence pairs a lexicon is learned from, at most.
pub(super) const LEARN_PAIRS: usize = 20_000;

/// Word pairs over stems: for every target stem, the source stems it may
/// translate.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    /// Indexed by target stem id.
    pub tgt_to_src: Vec<Vec<u32>>,
}

impl Lexicon {
    pub fn empty(tgt_stems: usize) -> Lexicon {
        Lexicon { tgt_to_src: vec![Vec::new(); tgt_stems] }
    }

    /// Adds every pair of `other`.
    pub fn merge(&mut self, other: &Lexicon) {
        for (t, srcs) in other.tgt_to_src.iter().enumerate() {
            for &s in srcs {
                self.add(s, t as u32);
            }
        }
    }

    pub fn add(&mut self, src: u32, tgt: u32) {
        let v = &mut self.tgt_to_src[tgt as usize];
        if !v.contains(&src) {
            v.push(src);
        }
    }

    /// Learns pairs from sentence pairs believed to be translations: the
    /// Dice coefficient of co-occurrence, `2 c(s, t) / (c(s) + c(t))`,
    /// keeping pairs seen at least `min_count` times with Dice at least
    /// `min_dice`, at most `per_word` source stems per target stem, and
    /// only pairs whose co-occurrence chance cannot explain: Dunning's
    /// (1993) log-likelihood ratio of the 2×2 table at least
    /// [`MIN_ASSOCIATION`] (p < 0.001 for one degree of freedom). A few
    /// sentence pairs prove nothing (two words seen twice together in five
    /// pairs, or a function word in every sentence of both sides, have a
    /// Dice near 1 but no significance); a long book proves much.
    pub fn learn(
        src: &Side,
        tgt: &Side,
        pairs: &[(usize, usize)],
        min_count: u32,
        min_dice: f64,
        per_word: usize,
    ) -> Lexicon {
        // an even sample of at most LEARN_PAIRS pairs bounds time and memory
        // on long books; a lexicon needs no more
        let step = pairs.len().div_ceil(LEARN_PAIRS).max(1);
        let pairs: Vec<(usize, usize)> = pairs.iter().copied().step_by(step).collect();
        let table = Cooccurrences::count(src, tgt, &pairs);
        let mut cand = table.associated(min_count, min_dice);
        // deterministic order: best first, ties by ids
        cand.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let mut lex = Lexicon::empty(tgt.stem_names.len());
        for (s, t, _) in cand {
            if lex.tgt_to_src[t as usize].len() < per_word {
                lex.add(s, t);
            }
        }
        lex
    }
}

/// Stem co-occurrences over sentence pairs: how often each source stem,
/// each target stem and each (source, target) pair occur.
struct Cooccurrences {
    /// Sentence pairs counted.
    pairs: u32,
    /// Pairs in which each source stem occurs (once per sentence).
    src: Vec<u32>,
    /// Likewise for each target stem.
    tgt: Vec<u32>,
    /// The target stems co-occurring with each source stem `s`, one entry
    /// per co-occurrence, at `joint[start[s]..start[s + 1]]`.
    joint: Vec<u32>,
    start: Vec<usize>,
}

impl Cooccurrences {
    /// Counts `pairs` of sentences (`src` index, `tgt` index). The
    /// co-occurrences are bucketed by source stem (a counting sort: one
    /// pass to size the buckets, one to fill them), which is cheaper than
    /// sorting the millions of pairs of a long book.
    fn count(src: &Side, tgt: &Side, pairs: &[(usize, usize)]) -> Cooccurrences {
        let mut cs = vec![0u32; src.stem_names.len()];
        let mut ct = vec![0u32; tgt.stem_names.len()];
        let mut start = vec![0usize; cs.len() + 1];
        for &(i, j) in pairs {
            let nt = tgt.stems(j).count();
            for t in tgt.stems(j) {
                ct[t as usize] += 1;
            }
            for s in src.stems(i) {
                cs[s as usize] += 1;
                start[s as usize + 1] += nt;
            }
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut joint = vec![0u32; start[cs.len()]];
        let mut fill = start.clone();
        let mut tstems: Vec<u32> = Vec::new();
        for &(i, j) in pairs {
            tstems.clear();
            tstems.extend(tgt.stems(j));
            for s in src.stems(i) {
                let f = &mut fill[s as usize];
                joint[*f..*f + tstems.len()].copy_from_slice(&tstems);
                *f += tstems.len();
            }
        }
        Cooccurrences { pairs: pairs.len() as u32, src: cs, tgt: ct, joint, start }
    }

    /// The (source stem, target stem, Dice) of the pairs seen together at
    /// least `min_count` times with a Dice of at least `min_dice` and a
    /// significant association; each source stem's bucket is counted in
    /// parallel, in no particular order.
    fn associated(&self, min_count: u32, min_dice: f64) -> Vec<(u32, u32, f64)> {
        let (cs, ct, n) = (&self.src, &self.tgt, self.pairs);
        let buckets: Vec<(u32, &[u32])> = (0..cs.len())
            .map(|s| (s as u32, &self.joint[self.start[s]..self.start[s + 1]]))
            .filter(|(_, bucket)| bucket.len() >= min_count as usize)
            .collect();
        // each bucket counted in a dense table of the target stems, with
        // the stems it touched (cheaper than sorting the bucket); the
        // caller sorts the pairs, so their order here does not matter
        let fresh = || (vec![0u32; ct.len()], Vec::new());
        let per_bucket = buckets.into_par_iter().map_init(fresh, |(counts, touched), (s, bucket)| {
            for &t in bucket {
                let c = &mut counts[t as usize];
                if *c == 0 {
                    touched.push(t);
                }
                *c += 1;
            }
            let mut out = Vec::new();
            for t in touched.drain(..) {
                let c = std::mem::take(&mut counts[t as usize]);
                if c >= min_count {
                    let (a, b) = (cs[s as usize], ct[t as usize]);
                    let d = 2.0 * f64::from(c) / f64::from(a + b);
                    if d >= min_dice && association(c, a, b, n) >= MIN_ASSOCIATION {
                        out.push((s, t, d));
                    }
                }
            }
            out
        });
        per_bucket.flatten_iter().collect()
    }
}

/// The least log-likelihood ratio of a learned word pair: the 0.1 %
/// point of a chi-square with one degree of freedom.
pub(crate) const MIN_ASSOCIATION: f64 = 10.83;

/// Dunning's log-likelihood ratio (G²) of a word pair seen together in
/// `both` of `n` sentence pairs, the source word in `a` and the target
/// word in `b` of them; 0 when they meet less often than chance predicts.
pub(crate) fn association(both: u32, a: u32, b: u32, n: u32) -> f64 {
    let (k11, a, b, n) = (f64::from(both), f64::from(a), f64::from(b), f64::from(n));
    let cells = [(k11, a, b), (a - k11, a, n - b), (b - k11, n - a, b), (n - a - b + k11, n - a, n - b)];
    if n <= 0.0 || k11 * n <= a * b {
        return 0.0;
    }
    2.0 * cells.iter().filter(|c| c.0 > 0.0).map(|&(k, row, col)| k * (k * n / (row * col)).ln()).sum::<f64>()
}
