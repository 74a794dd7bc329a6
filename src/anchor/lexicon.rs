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
        // deterministic order: best first, ties by ids (a pair is there
        // once, so no two are equal and the unstable sort keeps no order
        // that matters), sorted by one number: a Dice is positive, and
        // positive floats order as their bits do
        debug_assert!(cand.iter().all(|c| c.2 > 0.0));
        cand.sort_unstable_by_key(|&(s, t, d)| {
            (u128::from(!d.to_bits()) << 64) | (u128::from(s) << 32) | u128::from(t)
        });
        let mut lex = Lexicon::empty(tgt.stem_names.len());
        for (s, t, _) in cand {
            if lex.tgt_to_src[t as usize].len() < per_word {
                lex.add(s, t);
            }
        }
        lex
    }
}

/// Stem co-occurrences over sentence pairs: how often each source stem
/// and each target stem occur, and for each source stem the pairs it
/// occurs in, so that its co-occurrences are counted from the target
/// stems of those pairs. (Listing every co-occurrence instead, one entry
/// per source stem, target stem and pair, costs the product of the
/// sentence lengths in memory: megabytes of fresh pages on long
/// sentences, for entries read once.)
struct Cooccurrences {
    /// Sentence pairs counted.
    pairs: u32,
    /// Pairs in which each source stem occurs (once per sentence).
    src: Vec<u32>,
    /// Likewise for each target stem.
    tgt: Vec<u32>,
    /// The distinct target stems of pair `p`, at
    /// `tgt_stems[tgt_start[p]..tgt_start[p + 1]]`.
    tgt_stems: Vec<u32>,
    tgt_start: Vec<usize>,
    /// The pairs each source stem `s` occurs in, increasing, at
    /// `with[start[s]..start[s + 1]]`.
    with: Vec<u32>,
    start: Vec<usize>,
}

impl Cooccurrences {
    /// Counts `pairs` of sentences (`src` index, `tgt` index). The pairs
    /// are bucketed by source stem (a counting sort: one pass to size the
    /// buckets, one to fill them).
    fn count(src: &Side, tgt: &Side, pairs: &[(usize, usize)]) -> Cooccurrences {
        // the two sides at the same time: they share nothing
        let target_side = || {
            let mut ct = vec![0u32; tgt.stem_names.len()];
            let mut tgt_stems = Vec::new();
            let mut tgt_start = Vec::with_capacity(pairs.len() + 1);
            tgt_start.push(0);
            for &(_, j) in pairs {
                tgt_stems.extend(tgt.stems(j));
                tgt_start.push(tgt_stems.len());
            }
            for &t in &tgt_stems {
                ct[t as usize] += 1;
            }
            (ct, tgt_stems, tgt_start)
        };
        let source_side = || {
            let mut cs = vec![0u32; src.stem_names.len()];
            for &(i, _) in pairs {
                for s in src.stems(i) {
                    cs[s as usize] += 1;
                }
            }
            let mut start = Vec::with_capacity(cs.len() + 1);
            start.push(0);
            for &c in &cs {
                start.push(start[start.len() - 1] + c as usize);
            }
            let mut with = vec![0u32; start[cs.len()]];
            let mut fill = start.clone();
            for (p, &(i, _)) in pairs.iter().enumerate() {
                for s in src.stems(i) {
                    with[fill[s as usize]] = p as u32;
                    fill[s as usize] += 1;
                }
            }
            (cs, start, with)
        };
        let ((ct, tgt_stems, tgt_start), (cs, start, with)) = rayon::join(target_side, source_side);
        Cooccurrences { pairs: pairs.len() as u32, src: cs, tgt: ct, tgt_stems, tgt_start, with, start }
    }

    /// The (source stem, target stem, Dice) of the pairs seen together at
    /// least `min_count` times with a Dice of at least `min_dice` and a
    /// significant association; each source stem is counted in parallel,
    /// in no particular order.
    fn associated(&self, min_count: u32, min_dice: f64) -> Vec<(u32, u32, f64)> {
        let (cs, ct, n) = (&self.src, &self.tgt, self.pairs);
        // a stem in fewer than min_count pairs meets no stem that often
        let buckets: Vec<(u32, &[u32])> = (0..cs.len())
            .filter(|&s| cs[s] >= min_count)
            .map(|s| (s as u32, &self.with[self.start[s]..self.start[s + 1]]))
            .collect();
        // each source stem's co-occurrences counted in a dense table of
        // the target stems, with the stems it touched (cheaper than
        // sorting them); the caller sorts the pairs, so their order here
        // does not matter
        let fresh = || (vec![0u32; ct.len()], Vec::new(), Vec::new());
        let per_run = buckets.into_par_iter().fold(fresh, |(mut counts, mut touched, mut out), (s, with)| {
            for &p in with {
                let p = p as usize;
                for &t in &self.tgt_stems[self.tgt_start[p]..self.tgt_start[p + 1]] {
                    let c = &mut counts[t as usize];
                    if *c == 0 {
                        touched.push(t);
                    }
                    *c += 1;
                }
            }
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
            (counts, touched, out)
        });
        // one list of pairs for each run of stems a thread counted, not one
        // for each stem
        per_run.flat_map_iter(|(_, _, out)| out).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InputMode, Lang, Segmenter};

    /// The lexicon of [`Lexicon::learn`] read straight from its definition:
    /// every (source stem, target stem) counted over the pairs that hold
    /// both.
    fn learn_by_definition(
        src: &Side,
        tgt: &Side,
        pairs: &[(usize, usize)],
        min: u32,
        dice: f64,
        per: usize,
    ) -> Lexicon {
        let (ns, nt) = (src.stem_names.len() as u32, tgt.stem_names.len() as u32);
        let in_src = |i: usize, s: u32| src.stems(i).any(|x| x == s);
        let in_tgt = |j: usize, t: u32| tgt.stems(j).any(|x| x == t);
        let mut cand = Vec::new();
        for s in 0..ns {
            for t in 0..nt {
                let a = pairs.iter().filter(|&&(i, _)| in_src(i, s)).count() as u32;
                let b = pairs.iter().filter(|&&(_, j)| in_tgt(j, t)).count() as u32;
                let c = pairs.iter().filter(|&&(i, j)| in_src(i, s) && in_tgt(j, t)).count() as u32;
                let d = 2.0 * f64::from(c) / f64::from(a + b);
                if c >= min && d >= dice && association(c, a, b, pairs.len() as u32) >= MIN_ASSOCIATION {
                    cand.push((s, t, d));
                }
            }
        }
        cand.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let mut lex = Lexicon::empty(nt as usize);
        for (s, t, _) in cand {
            if lex.tgt_to_src[t as usize].len() < per {
                lex.add(s, t);
            }
        }
        lex
    }

    #[test]
    fn learned_pairs_are_those_of_the_definition() {
        // sentences of a small vocabulary, each word's translation mostly
        // on the other side, with noise words on both
        let mut state = 7u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let (mut src_text, mut tgt_text) = (String::new(), String::new());
        for _ in 0..300 {
            for _ in 0..1 + next(8) {
                let w = next(40);
                src_text.push_str(&format!("alpha{w} "));
                if next(10) < 8 {
                    tgt_text.push_str(&format!("beta{w} "));
                }
                if next(4) == 0 {
                    tgt_text.push_str(&format!("noise{} ", next(20)));
                }
            }
            src_text.push_str(".\n");
            tgt_text.push_str(".\n");
        }
        let seg = Segmenter::new(Lang::English).input(InputMode::Lines);
        let (sd, td) = (seg.segment(&src_text), seg.segment(&tgt_text));
        let mut shared = Shared::default();
        let (src, tgt) = Side::analyse_pair(&sd, &td, &mut shared);
        let pairs: Vec<(usize, usize)> = (0..src.len()).map(|i| (i, i)).collect();
        for (min, dice, per) in [(2, 0.3, 3), (5, 0.5, 1), (0, 0.0, 2)] {
            let got = Lexicon::learn(&src, &tgt, &pairs, min, dice, per);
            let want = learn_by_definition(&src, &tgt, &pairs, min, dice, per);
            assert_eq!(got.tgt_to_src, want.tgt_to_src, "min {min}, dice {dice}, per word {per}");
            assert!(got.tgt_to_src.iter().any(|v| !v.is_empty()), "some pairs learned");
        }
    }
}
