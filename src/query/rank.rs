//! Ranked passage search: an inverted index of one edition's sentences and
//! the score of a passage (a window of consecutive sentences) for a query.
//! The formula and its constants are documented on [`crate::query`]
//! ("How passages are ranked").

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::words::Words;
use super::Token;
use crate::Document;

/// Weight of the order of the query's words in a passage's score: a
/// passage holding the matched words in scrambled order keeps
/// `1 - ORDER_WEIGHT` of its coverage.
pub(crate) const ORDER_WEIGHT: f64 = 0.2;
/// Cost of every sentence of a passage beyond its first.
pub(crate) const SENTENCE_COST: f64 = 0.02;
/// Further cost of every sentence beyond the query's own sentence count.
pub(crate) const EXTRA_SENTENCE_COST: f64 = 0.05;
/// At most this many sentences seed windows (those with the most weight of
/// rare query words), so that a query over a large edition scores a
/// bounded number of windows.
const MAX_SEEDS: usize = 500;
/// The longest window, in sentences, whatever the query's length.
pub(crate) const MAX_WINDOW: usize = 8;

/// A scored window of consecutive sentences of one edition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Passage {
    pub sentences: Range<usize>,
    pub score: f64,
    /// Per query key ([`QueryKeys`] group): found in the passage.
    pub held: Vec<bool>,
}

/// What a passage is scored against: the query's distinct keys, in order of
/// first occurrence, each with its weight and the key ids of the edition
/// searched that count as it (its own id; or, through translation, the ids
/// of its translations).
#[derive(Debug)]
pub(crate) struct QueryKeys {
    weights: Vec<f64>,
    /// Per query key: the share of its weight that finding it earns (1 for
    /// the key itself; less for a translation, which may be wrong).
    credit: Vec<f64>,
    /// Key id of the edition -> the query keys it counts as.
    at: HashMap<u32, Vec<usize>>,
    /// Per query key: the sentences holding it (the sum over its ids).
    df: Vec<usize>,
    /// Per query key: its ids.
    ids: Vec<Vec<u32>>,
    total: f64,
}

impl QueryKeys {
    /// Query keys `ids[k]` (the edition's ids that count as key `k`) with
    /// weights `weights[k]`, of which finding one earns `credit[k]`.
    pub(crate) fn new(ids: Vec<Vec<u32>>, weights: Vec<f64>, credit: Vec<f64>, words: &Words) -> QueryKeys {
        let mut at: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, list) in ids.iter().enumerate() {
            for &id in list {
                let groups = at.entry(id).or_default();
                if groups.last() != Some(&k) {
                    groups.push(k);
                }
            }
        }
        let df = ids.iter().map(|list| list.iter().map(|&id| words.df(Some(id))).sum()).collect();
        let total = weights.iter().sum();
        QueryKeys { weights, credit, at, df, ids, total }
    }

    /// The query keys of `q` as words of the edition itself: each distinct
    /// key weighs its rarity there. Also gives, per token of `q`, its key.
    pub(crate) fn direct(q: &[Token], words: &Words) -> (QueryKeys, Vec<usize>) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut of_token = Vec::with_capacity(q.len());
        let (mut ids, mut weights) = (Vec::new(), Vec::new());
        for t in q {
            let k = *first.entry(t.key.as_str()).or_insert_with(|| {
                let id = words.id(&t.key);
                ids.push(id.into_iter().collect());
                weights.push(words.idf(id));
                ids.len() - 1
            });
            of_token.push(k);
        }
        let credit = vec![1.0; ids.len()];
        (QueryKeys::new(ids, weights, credit, words), of_token)
    }

    /// How many query keys.
    pub(crate) fn len(&self) -> usize {
        self.weights.len()
    }

    /// The query keys that `id` counts as.
    fn keys_of(&self, id: u32) -> &[usize] {
        self.at.get(&id).map_or(&[], Vec::as_slice)
    }

    /// True when `id` counts as a query key.
    pub(crate) fn holds(&self, id: u32) -> bool {
        self.at.contains_key(&id)
    }
}

/// Length of the longest strictly increasing subsequence.
pub(crate) fn lis(xs: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &x in xs {
        match tails.binary_search(&x) {
            Ok(_) => {}
            Err(at) if at == tails.len() => tails.push(x),
            Err(at) => tails[at] = x,
        }
    }
    tails.len()
}

/// The score of the window `range` (see the module docs of
/// [`crate::query`]) and the query keys it holds.
fn score_window(qk: &QueryKeys, words: &Words, range: Range<usize>, q_sentences: usize) -> (f64, Vec<bool>) {
    let mut first: Vec<Option<usize>> = vec![None; qk.len()];
    let mut pos = 0;
    for i in range.clone() {
        for &id in words.sentence(i) {
            for &k in qk.keys_of(id) {
                first[k].get_or_insert(pos);
            }
            pos += 1;
        }
    }
    let held: Vec<bool> = first.iter().map(Option::is_some).collect();
    if qk.total <= 0.0 {
        return (0.0, held);
    }
    let matched: f64 = (0..qk.len()).filter(|&k| held[k]).map(|k| qk.weights[k] * qk.credit[k]).sum();
    let positions: Vec<usize> = first.iter().flatten().copied().collect();
    let order = if positions.len() <= 1 { 1.0 } else { lis(&positions) as f64 / positions.len() as f64 };
    let n = range.len();
    let cost = SENTENCE_COST * n.saturating_sub(1) as f64 + EXTRA_SENTENCE_COST * n.saturating_sub(q_sentences) as f64;
    let score = matched / qk.total * (1.0 - ORDER_WEIGHT * (1.0 - order)) - cost;
    (score.max(0.0), held)
}

/// The best passages of `doc` for the query keys `qk`: windows of 1 to
/// `q_sentences + 1` consecutive sentences (at most [`MAX_WINDOW`]), inside
/// one utterance when the query is one sentence, best first, no two
/// overlapping, none holding a sentence of `taken` (the exact matches), at
/// most `limit`. Candidates come from the postings of the query's rarer keys.
pub(crate) fn passages(
    qk: &QueryKeys,
    q_sentences: usize,
    words: &Words,
    doc: &Document<'_>,
    taken: &HashSet<usize>,
    limit: usize,
) -> Vec<Passage> {
    if qk.len() == 0 || limit == 0 {
        return Vec::new();
    }
    let seeds = seeds(qk, words);

    let q_sentences = q_sentences.max(1);
    let longest = (q_sentences + 1).min(MAX_WINDOW);
    let sentences = doc.sentences();
    let n = words.len().min(sentences.len());
    let same_turn = |a: usize, b: usize| sentences[a].utterance() == sentences[b].utterance();
    let holds_any = |i: usize| words.sentence(i).iter().any(|&id| qk.holds(id));
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut scored: Vec<Passage> = Vec::new();
    for &(s, _) in &seeds {
        let s = s as usize;
        if s >= n {
            continue;
        }
        for a in s.saturating_sub(longest - 1)..=s {
            for b in s..(a + longest).min(n) {
                if (q_sentences == 1 && !same_turn(a, b)) || !seen.insert((a, b)) {
                    continue;
                }
                if (a..=b).any(|i| taken.contains(&i)) {
                    continue;
                }
                // a window whose first or last sentence holds no query word
                // scores below the window without it
                if !holds_any(a) || !holds_any(b) {
                    continue;
                }
                let (score, held) = score_window(qk, words, a..b + 1, q_sentences);
                if score <= 0.0 {
                    continue;
                }
                scored.push(Passage { sentences: a..b + 1, score, held });
            }
        }
    }
    best_apart(scored, limit)
}

/// The sentences that seed windows: those holding the query's rarer keys
/// (in at most one sentence in ten; all keys when none is rarer), with the
/// weight of the keys each holds, the heaviest first, at most
/// [`MAX_SEEDS`].
fn seeds(qk: &QueryKeys, words: &Words) -> Vec<(u32, f64)> {
    let frequent = (words.with_words() / 10).max(2);
    let present: Vec<usize> = (0..qk.len()).filter(|&k| qk.df[k] > 0).collect();
    let rare: Vec<usize> = present.iter().copied().filter(|&k| qk.df[k] <= frequent).collect();
    let seeds_from = if rare.is_empty() { &present } else { &rare };
    let mut weight: HashMap<u32, f64> = HashMap::new();
    for &k in seeds_from {
        let mut sentences: Vec<u32> = qk.ids[k].iter().flat_map(|&id| words.postings(id)).copied().collect();
        if qk.ids[k].len() > 1 {
            sentences.sort_unstable();
            sentences.dedup();
        }
        for i in sentences {
            *weight.entry(i).or_default() += qk.weights[k];
        }
    }
    let mut seeds: Vec<(u32, f64)> = weight.into_iter().collect();
    seeds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    seeds.truncate(MAX_SEEDS);
    seeds
}

/// The best of `scored`, best first (then shorter, then earlier), no two
/// overlapping, at most `limit`.
fn best_apart(mut scored: Vec<Passage>, limit: usize) -> Vec<Passage> {
    scored.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.sentences.len().cmp(&y.sentences.len()))
            .then(x.sentences.start.cmp(&y.sentences.start))
    });
    let mut out: Vec<Passage> = Vec::new();
    for p in scored {
        if out.iter().any(|o| o.sentences.start < p.sentences.end && p.sentences.start < o.sentences.end) {
            continue;
        }
        out.push(p);
        if out.len() == limit {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn lis_counts_the_longest_rising_run() {
        assert_eq!(lis(&[]), 0);
        assert_eq!(lis(&[0, 1, 2]), 3);
        assert_eq!(lis(&[2, 1, 0]), 1);
        assert_eq!(lis(&[0, 5, 1, 2, 9, 3]), 4);
    }

    #[test]
    fn a_window_covers_two_sentences_and_order_counts() {
        let doc = Document::segment("Alpha beta gamma. Delta epsilon. Zeta eta.", Lang::English);
        let words = Words::new(&doc);
        let st = Lang::English.stemmer();
        let keys = |q: &str| QueryKeys::direct(&crate::query::tokens(q, 0, Lang::English, &st), &words).0;
        let best = passages(&keys("gamma delta epsilon"), 1, &words, &doc, &HashSet::new(), 3);
        assert_eq!(best[0].sentences, 0..2, "{best:?}");
        assert_eq!(best[0].held, [true, true, true]);
        let in_order = score_window(&keys("gamma delta epsilon"), &words, 0..2, 1).0;
        let scrambled = score_window(&keys("epsilon delta gamma"), &words, 0..2, 1).0;
        assert!(in_order > scrambled, "{in_order} vs {scrambled}");
        // the cost of a sentence: one sentence beats two with the same words
        assert_eq!(passages(&keys("delta epsilon"), 1, &words, &doc, &HashSet::new(), 1)[0].sentences, 1..2);
        // a sentence taken by an exact match is in no passage
        let taken: HashSet<usize> = [1].into();
        let rest = passages(&keys("gamma delta zeta"), 1, &words, &doc, &taken, 3);
        assert_eq!(rest.iter().map(|p| p.sentences.clone()).collect::<Vec<_>>(), [0..1, 2..3]);
    }

    #[test]
    fn a_key_may_count_through_several_ids() {
        // through translation, a query key counts as any of its ids
        let doc = Document::segment("Red house. Rouge maison. Nothing here.", Lang::English);
        let words = Words::new(&doc);
        let id = |k: &str| words.id(k).expect(k);
        let qk = QueryKeys::new(
            vec![vec![id("red"), id("roug")], vec![id("hous"), id("maison")]],
            vec![1.0, 2.0],
            vec![1.0; 2],
            &words,
        );
        let best = passages(&qk, 1, &words, &doc, &HashSet::new(), 3);
        let found: Vec<_> = best.iter().map(|p| (p.sentences.clone(), p.score)).collect();
        assert_eq!(found, [(0..1, 1.0), (1..2, 1.0)]);
    }
}
