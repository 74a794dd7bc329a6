//! Anchor points that cut a long bitext into independent chunks.
//!
//! As hunalign's partial alignment and Bleualign's hard delimiters do, the
//! aligner first finds places it is sure of: a rare anchor (a number, a
//! name, a cognate, a dictionary pair) that occurs exactly once in a window
//! around the expected position on each side pairs its two sentences. The
//! heaviest chain of such pairs that is increasing on both sides is kept,
//! and two consecutive pairs of the chain (`p ~ q` and `p + 1 ~ q + 1`)
//! make a cut between them: the DP then runs on each chunk on its own, in
//! parallel, and beads never cross a cut.

use super::cost::Problem;
use super::dp::Rect;

/// What the anchors say about a rectangle: where to cut it, and the chain
/// of anchor pairs that the band of each piece follows.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Cut points `(i, j)` strictly inside the rectangle, increasing.
    pub cuts: Vec<(usize, usize)>,
    /// The heaviest increasing chain of anchor pairs `(i, j)`: sentence `i`
    /// of the source likely translates sentence `j` of the target.
    pub chain: Vec<(usize, usize)>,
}

/// Finds the anchor chain of `r` and cut points about `target` rows apart.
pub(crate) fn plan(p: &Problem, r: Rect, target: usize) -> Plan {
    let (n, m) = (r.rows(), r.cols());
    if n < 2 * target || m < 2 || n == 0 {
        return Plan::default();
    }
    // expected target position of each source position: equal shares of
    // the characters of the rectangle
    let cum = |chars: &[usize]| -> Vec<f64> {
        let mut v = Vec::with_capacity(chars.len() + 1);
        let mut acc = 0.0;
        v.push(0.0);
        for &c in chars {
            acc += c as f64 + 1.0;
            v.push(acc);
        }
        v
    };
    let cs = cum(&p.src_chars[r.i0..r.i1]);
    let ct = cum(&p.tgt_chars[r.j0..r.j1]);
    let expect = expected_positions(&cs, &ct, r.j0);
    // inverted lists of the concepts of the rectangle: (concept, sentence)
    let c = &p.concepts;
    let max_df = ((n + m) / 400).max(8);
    // over a whole side, the document frequencies are the concepts' own
    let whole = |span: std::ops::Range<usize>, len: usize, df: &[u32]| span == (0..len) && df.len() == c.weight.len();
    let src_df = whole(r.i0..r.i1, p.n(), &c.src_df).then_some(&c.src_df[..]);
    let tgt_df = whole(r.j0..r.j1, p.m(), &c.tgt_df).then_some(&c.tgt_df[..]);
    let (src_at, tgt_at) = rayon::join(
        || inverted(|i| c.src.concept_ids(i), r.i0..r.i1, (c.weight.len(), src_df), max_df),
        || inverted(|j| c.tgt.concept_ids(j), r.j0..r.j1, (c.weight.len(), tgt_df), max_df),
    );
    let lists = Lists { src: &src_at, tgt: &tgt_at, weight: &c.weight, max_df, i0: r.i0 };
    // First round: positions expected from the lengths alone, in a window
    // wide enough for the drift of a long text. Second round: positions
    // expected from the first chain, in a narrow window, where many more
    // concepts are alone, so the chain is as dense in a long book as in a
    // short one.
    let chain = heaviest_chain(&lists.pairs(&expect, (n / 50).clamp(50, 500)));
    drop(expect);
    let knots: Vec<(usize, usize)> =
        std::iter::once((r.i0, r.j0)).chain(confirmed(&chain)).chain(std::iter::once((r.i1, r.j1))).collect();
    let chain =
        if knots.len() > 2 { heaviest_chain(&lists.pairs(&on_path(&knots, r.i0..r.i1), LOCAL_WINDOW)) } else { chain };
    // cuts where two chain pairs lie on one diagonal a few sentences apart
    // (p ~ q, p + k ~ q + k, k <= 3: the sentences between pair one to
    // one, so a bead boundary lies before p + k on both sides), about
    // `target` rows apart
    let mut cuts = Vec::new();
    let mut last = r.i0;
    for w in chain.windows(2) {
        let ((p0, q0), (p1, q1)) = (w[0], w[1]);
        let k = p1 - p0;
        if k <= 3 && q1 == q0 + k && p1 >= last + target && p1 + target / 2 <= r.i1 && q1 < r.j1 {
            cuts.push((p1, q1));
            last = p1;
        }
    }
    // the band follows only pairs confirmed by a diagonal neighbour
    let chain: Vec<(usize, usize)> = confirmed(&chain).collect();
    Plan { cuts, chain }
}

/// The target position expected of each source sentence of a rectangle
/// whose first target sentence is `j0`, from the cumulative shares `cs` and
/// `ct` of the two sides (one more than the sentences of each, from 0,
/// increasing): the first target share not below the source sentence's
/// share scaled to the target side. Found for each sentence in one walk
/// (the scaled shares grow, so each sentence's target share is never
/// before the last one's), not searched for again for each anchor of a
/// sentence.
fn expected_positions(cs: &[f64], ct: &[f64], j0: usize) -> Vec<usize> {
    let (n, m) = (cs.len() - 1, ct.len() - 1);
    let scale = ct[m] / cs[n];
    let mut expect = Vec::with_capacity(n);
    let mut k = 0;
    for &c in &cs[..n] {
        let x = c * scale;
        while k < ct.len() && ct[k] < x {
            k += 1;
        }
        expect.push(j0 + k.min(m));
    }
    expect
}

/// The target position on the path of `knots` (increasing in both
/// coordinates, at least two) of each source sentence of `rows`: on the
/// line between the last knot at or before it and the next, in one walk
/// along the knots.
fn on_path(knots: &[(usize, usize)], rows: std::ops::Range<usize>) -> Vec<usize> {
    let mut follow = Vec::with_capacity(rows.len());
    let mut k = 0;
    for i in rows {
        while k < knots.len() && knots[k].0 <= i {
            k += 1;
        }
        let at = k.clamp(1, knots.len() - 1);
        let ((a0, b0), (a1, b1)) = (knots[at - 1], knots[at]);
        follow.push(b0 + ((i - a0) * (b1 - b0)).checked_div(a1 - a0).unwrap_or(0));
    }
    follow
}

/// Half width, in sentences, of the window of the second round of anchor
/// search, around the path of the first round's chain.
const LOCAL_WINDOW: usize = 40;

/// The pairs of a chain confirmed by a diagonal neighbour (`p ~ q` next to
/// `p + k ~ q + k`, `k <= 3`): the chain minus most of its noise.
fn confirmed(chain: &[(usize, usize)]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let near = move |k: usize, o: usize| {
        let ((p, q), (a, b)) = (chain[k], chain[o]);
        a.abs_diff(p) <= 3 && (a as isize - p as isize) == (b as isize - q as isize)
    };
    (0..chain.len())
        .filter(move |&k| (k > 0 && near(k, k - 1)) || (k + 1 < chain.len() && near(k, k + 1)))
        .map(|k| chain[k])
}

/// The inverted lists of the concepts of `sentences` found in at most
/// `max_df` of them (the others are too common to anchor anything): for
/// each concept `x` of the `ids` concept ids, the sentences that hold it
/// are `sentences[start[x]..start[x + 1]]`, increasing, each once (a
/// counting sort; 4 bytes an entry, which a million sentences a side can
/// afford). In how many of the sentences each concept is (`counted`, when
/// known) is counted here otherwise.
fn inverted<'a>(
    concept_ids: impl Fn(usize) -> &'a [u32],
    sentences: std::ops::Range<usize>,
    (ids, counted): (usize, Option<&[u32]>),
    max_df: usize,
) -> Inverted {
    let mut last = vec![u32::MAX; ids];
    let df = match counted {
        Some(df) => std::borrow::Cow::Borrowed(df),
        None => {
            // in how many sentences each concept is, counting a sentence once
            let mut df = vec![0u32; ids];
            for i in sentences.clone() {
                for &x in concept_ids(i) {
                    if last[x as usize] != i as u32 {
                        last[x as usize] = i as u32;
                        df[x as usize] += 1;
                    }
                }
            }
            last.fill(u32::MAX);
            std::borrow::Cow::Owned(df)
        }
    };
    let mut start = vec![0u32; ids + 1];
    for x in 0..ids {
        let kept = if df[x] as usize <= max_df { df[x] } else { 0 };
        start[x + 1] = start[x] + kept;
    }
    drop(df);
    let mut out = vec![0u32; start[ids] as usize];
    let mut fill = start[..ids].to_vec();
    for i in sentences {
        for &x in concept_ids(i) {
            let k = x as usize;
            if fill[k] < start[k + 1] && last[k] != i as u32 {
                last[k] = i as u32;
                out[fill[k] as usize] = i as u32;
                fill[k] += 1;
            }
        }
    }
    Inverted { start, sentences: out }
}

/// Inverted lists of concepts (see [`inverted`]).
struct Inverted {
    start: Vec<u32>,
    sentences: Vec<u32>,
}

impl Inverted {
    /// The sentences that hold concept `x`, increasing.
    fn of(&self, x: usize) -> &[u32] {
        &self.sentences[self.start[x] as usize..self.start[x + 1] as usize]
    }
}

/// Sorted inverted lists of the concepts of both sides of a rectangle.
struct Lists<'a> {
    src: &'a Inverted,
    tgt: &'a Inverted,
    weight: &'a [f32],
    /// Concepts found in more sentences than this (both sides) are too
    /// common to anchor anything.
    max_df: usize,
    /// The first source sentence of the rectangle.
    i0: usize,
}

impl Lists<'_> {
    /// Candidate anchor pairs `(i, j, weight)`, sorted: a rare concept
    /// alone within `window` sentences on the source side at `i`, and
    /// found exactly once within `window` of `expect(i)` on the target
    /// side, at `j`. The weights of the concepts a pair shares are added.
    /// `expect[i - i0]` is the target position expected of source sentence
    /// `i`.
    fn pairs(&self, expect: &[usize], window: usize) -> Vec<(u32, u32, f32)> {
        use rayon::prelude::*;
        // concepts in runs, in parallel (the rest of the plan is short,
        // and the main thread alone would wait for this); the runs' pairs
        // joined in the order of the concepts, as one pass would find them
        let runs: Vec<Vec<(u32, u32, f32)>> = (0..self.weight.len())
            .into_par_iter()
            .with_min_len(1 << 9)
            .fold(Vec::new, |mut cand, x| {
                self.candidates(x, expect, window, &mut cand);
                cand
            })
            .collect();
        let mut cand = Vec::with_capacity(runs.iter().map(Vec::len).sum());
        for run in runs {
            cand.extend(run);
        }
        // pool the evidence for each pair; keep every pair: the chain
        // filters the noise
        cand.sort_unstable_by_key(|x| (x.0, x.1));
        let mut pairs: Vec<(u32, u32, f32)> = Vec::new();
        for (pi, qi, w) in cand {
            match pairs.last_mut() {
                Some(last) if (last.0, last.1) == (pi, qi) => last.2 += w,
                _ => pairs.push((pi, qi, w)),
            }
        }
        pairs
    }

    /// The candidate pairs of concept `x` (see [`pairs`](Self::pairs)),
    /// pushed onto `cand`.
    fn candidates(&self, x: usize, expect: &[usize], window: usize, cand: &mut Vec<(u32, u32, f32)>) {
        let (ps, qs) = (self.src.of(x), self.tgt.of(x));
        if ps.is_empty() || qs.is_empty() || ps.len() + qs.len() > self.max_df {
            return;
        }
        let w = self.weight[x];
        for (k, &pi) in ps.iter().enumerate() {
            let pi = pi as usize;
            // alone on its side within the window
            let alone =
                (k == 0 || pi - ps[k - 1] as usize > window) && (k + 1 == ps.len() || ps[k + 1] as usize - pi > window);
            if !alone {
                continue;
            }
            let e = expect[pi - self.i0];
            let lo = qs.partition_point(|&q| (q as usize) + window < e);
            let hi = qs.partition_point(|&q| (q as usize) <= e + window);
            if hi == lo + 1 {
                cand.push((pi as u32, qs[lo], w));
            }
        }
    }
}

/// The chain of pairs, increasing in both coordinates, of greatest total
/// weight (a weighted longest increasing subsequence, with a Fenwick tree
/// of prefix maxima over the target positions).
fn heaviest_chain(pairs: &[(u32, u32, f32)]) -> Vec<(usize, usize)> {
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut qs: Vec<u32> = pairs.iter().map(|p| p.1).collect();
    qs.sort_unstable();
    qs.dedup();
    // each target position's rank read from a table over the span of the
    // positions, not searched for twice a pair
    let mut ranks = vec![0u32; (qs[qs.len() - 1] - qs[0]) as usize + 1];
    for (k, &q) in qs.iter().enumerate() {
        ranks[(q - qs[0]) as usize] = k as u32;
    }
    let rank = |q: u32| ranks[(q - qs[0]) as usize] as usize;
    // tree[k]: best (weight, index) of a chain ending at a target rank <= k
    let mut tree: Vec<(f32, usize)> = vec![(0.0, usize::MAX); qs.len() + 1];
    let mut best_prev = vec![usize::MAX; pairs.len()];
    let mut score = vec![0.0f32; pairs.len()];
    // pairs are sorted by source position; equal source positions must not
    // chain, so a group of equal sources is scored before it is inserted
    let mut k = 0;
    while k < pairs.len() {
        let mut e = k;
        while e < pairs.len() && pairs[e].0 == pairs[k].0 {
            e += 1;
        }
        for t in k..e {
            let (mut i, mut best) = (rank(pairs[t].1), (0.0f32, usize::MAX));
            while i > 0 {
                if tree[i].0 > best.0 {
                    best = tree[i];
                }
                i &= i - 1;
            }
            score[t] = best.0 + pairs[t].2;
            best_prev[t] = best.1;
        }
        for t in k..e {
            let mut i = rank(pairs[t].1) + 1;
            while i < tree.len() {
                if score[t] > tree[i].0 {
                    tree[i] = (score[t], t);
                }
                i += i & i.wrapping_neg();
            }
        }
        k = e;
    }
    let mut t = (0..pairs.len()).max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a))).expect("non-empty");
    let mut chain = Vec::new();
    loop {
        chain.push((pairs[t].0 as usize, pairs[t].1 as usize));
        if best_prev[t] == usize::MAX {
            break;
        }
        t = best_prev[t];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::{expected_positions, heaviest_chain, inverted, on_path};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn walks_find_what_searches_find(
            src in prop::collection::vec(0usize..200, 1..60),
            tgt in prop::collection::vec(0usize..200, 1..60),
            j0 in 0usize..50,
            steps in prop::collection::vec((0usize..5, 0usize..5), 0..12),
        ) {
            let cum = |chars: &[usize]| -> Vec<f64> {
                std::iter::once(0.0).chain(chars.iter().scan(0.0, |acc, &c| { *acc += c as f64 + 1.0; Some(*acc) })).collect()
            };
            let (cs, ct) = (cum(&src), cum(&tgt));
            let (n, m) = (src.len(), tgt.len());
            let scale = ct[m] / cs[n];
            let searched: Vec<usize> = (0..n).map(|i| j0 + ct.partition_point(|&c| c < cs[i] * scale).min(m)).collect();
            prop_assert_eq!(expected_positions(&cs, &ct, j0), searched);
            // knots from (i0, j0), increasing (ties in i allowed, as the
            // search allows them), to the rectangle's far corner
            let i0 = 3;
            let mut knots = vec![(i0, j0)];
            for (a, b) in steps {
                let &(p, q) = knots.last().unwrap();
                knots.push((p + a, q + b + 1));
            }
            let &(p, q) = knots.last().unwrap();
            knots.push((p + 4, q + 2));
            let rows = i0..p + 4;
            let searched: Vec<usize> = rows
                .clone()
                .map(|i| {
                    let k = knots.partition_point(|&(a, _)| a <= i).clamp(1, knots.len() - 1);
                    let ((a0, b0), (a1, b1)) = (knots[k - 1], knots[k]);
                    b0 + ((i - a0) * (b1 - b0)).checked_div(a1 - a0).unwrap_or(0)
                })
                .collect();
            prop_assert_eq!(on_path(&knots, rows), searched);
        }
    }

    #[test]
    fn inverted_lists_hold_the_rare_concepts_sorted_once_per_sentence() {
        // concept ids of 40 sentences, with repeats inside sentences
        let bags: Vec<Vec<u32>> = (0..40u32)
            .map(|i| vec![i % 7, (i * 3) % 11, i % 7, 20 + i % 3, if i % 10 == 0 { 30 } else { 31 }])
            .collect();
        // the document frequencies as the concepts count them, for the
        // lists given them rather than counted
        let df: Vec<u32> = (0..32u32).map(|x| (5..37).filter(|&i| bags[i].contains(&x)).count() as u32).collect();
        for (max_df, counted) in [0, 3, 4, 6, 14, 40].into_iter().flat_map(|m| [(m, None), (m, Some(&df[..]))]) {
            let lists = inverted(|i| bags[i].as_slice(), 5..37, (32, counted), max_df);
            let fast: Vec<(u32, u32)> = (0..32).flat_map(|x| lists.of(x).iter().map(move |&i| (x as u32, i))).collect();
            let mut all: Vec<(u32, u32)> = (5..37).flat_map(|i| bags[i].iter().map(move |&x| (x, i as u32))).collect();
            all.sort_unstable();
            all.dedup();
            let expected: Vec<(u32, u32)> =
                all.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() <= max_df).flatten().copied().collect();
            assert_eq!(fast, expected, "max_df {max_df}, counted {}", counted.is_some());
        }
    }

    #[test]
    fn chain_is_increasing_and_heaviest() {
        let pairs = [(1, 1, 1.0), (2, 5, 1.0), (3, 2, 1.0), (4, 3, 1.0), (5, 4, 1.0), (6, 6, 1.0), (6, 7, 5.0)];
        assert_eq!(heaviest_chain(&pairs), [(1, 1), (3, 2), (4, 3), (5, 4), (6, 7)]);
        assert!(heaviest_chain(&[]).is_empty());
    }
}
