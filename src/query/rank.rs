//! Ranked passage search: an inverted index of one edition's sentences and
//! the score of a passage (a window of consecutive sentences) for a query.
//! The formula and its constants are documented on [`crate::query`]
//! ("How passages are ranked").

use std::collections::{HashMap, HashSet};
use std::ops::Range;

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

/// An inverted index of one edition: stem (or number) -> the sentences
/// holding it, in order, each once.
#[derive(Debug)]
pub(crate) struct Index {
    postings: HashMap<String, Vec<u32>>,
    /// Sentences with at least one word or number.
    sentences: usize,
}

impl Index {
    /// Indexes the tokens of every sentence of an edition.
    pub(crate) fn new(tokens: &[Vec<Token>]) -> Index {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        let mut sentences = 0;
        for (i, st) in tokens.iter().enumerate() {
            if !st.is_empty() {
                sentences += 1;
            }
            for t in st {
                // looked up before inserting: a key is copied once
                let list = match postings.get_mut(t.key.as_str()) {
                    Some(list) => list,
                    None => postings.entry(t.key.clone()).or_default(),
                };
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        Index { postings, sentences }
    }

    /// How many sentences hold `key`.
    pub(crate) fn df(&self, key: &str) -> usize {
        self.postings.get(key).map_or(0, Vec::len)
    }

    /// The word's weight: `ln(1 + N / (df + 0.5))`, N the sentences with
    /// text. A word the edition never uses weighs most.
    pub(crate) fn idf(&self, key: &str) -> f64 {
        (1.0 + self.sentences as f64 / (self.df(key) as f64 + 0.5)).ln()
    }

    fn postings(&self, key: &str) -> &[u32] {
        self.postings.get(key).map_or(&[], Vec::as_slice)
    }
}

/// A scored window of consecutive sentences of one edition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Passage {
    pub sentences: Range<usize>,
    pub score: f64,
    /// Per query token: found in the passage.
    pub found: Vec<bool>,
    /// Byte spans of the passage's tokens whose key is a query key.
    pub spans: Vec<Range<usize>>,
}

/// The query's distinct keys in order of first occurrence, with weights.
struct QueryKeys {
    keys: Vec<String>,
    at: HashMap<String, usize>,
    weights: Vec<f64>,
    total: f64,
}

impl QueryKeys {
    fn new(q: &[Token], index: &Index) -> QueryKeys {
        let mut keys: Vec<String> = Vec::new();
        let mut at = HashMap::new();
        for t in q {
            if !at.contains_key(&t.key) {
                at.insert(t.key.clone(), keys.len());
                keys.push(t.key.clone());
            }
        }
        let weights: Vec<f64> = keys.iter().map(|k| index.idf(k)).collect();
        let total = weights.iter().sum();
        QueryKeys { keys, at, weights, total }
    }

    /// The index of `key` among the query's keys.
    fn position(&self, key: &str) -> Option<usize> {
        self.at.get(key).copied()
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
fn score_window(qk: &QueryKeys, tokens: &[Vec<Token>], range: Range<usize>, q_sentences: usize) -> (f64, Vec<bool>) {
    let mut first: Vec<Option<usize>> = vec![None; qk.keys.len()];
    let mut pos = 0;
    for st in &tokens[range.clone()] {
        for t in st {
            if let Some(k) = qk.position(&t.key) {
                first[k].get_or_insert(pos);
            }
            pos += 1;
        }
    }
    let held: Vec<bool> = first.iter().map(Option::is_some).collect();
    if qk.total <= 0.0 {
        return (0.0, held);
    }
    let matched: f64 = qk.weights.iter().zip(&held).filter(|(_, &h)| h).map(|(w, _)| w).sum();
    let positions: Vec<usize> = first.iter().flatten().copied().collect();
    let order = if positions.len() <= 1 { 1.0 } else { lis(&positions) as f64 / positions.len() as f64 };
    let n = range.len();
    let cost = SENTENCE_COST * n.saturating_sub(1) as f64 + EXTRA_SENTENCE_COST * n.saturating_sub(q_sentences) as f64;
    let score = matched / qk.total * (1.0 - ORDER_WEIGHT * (1.0 - order)) - cost;
    (score.max(0.0), held)
}

/// The best passages of `doc` for the query tokens `q`: windows of 1 to
/// `q_sentences + 1` consecutive sentences (at most [`MAX_WINDOW`]), inside one utterance when the
/// query is one sentence, best first, no two overlapping, none holding a
/// sentence of `taken` (the exact matches), at most `limit`.
/// Candidates come from the postings of the query's rarer keys.
pub(crate) fn passages(
    q: &[Token],
    q_sentences: usize,
    tokens: &[Vec<Token>],
    index: &Index,
    doc: &Document<'_>,
    taken: &HashSet<usize>,
    limit: usize,
) -> Vec<Passage> {
    if q.is_empty() || limit == 0 {
        return Vec::new();
    }
    let qk = QueryKeys::new(q, index);
    let frequent = (index.sentences / 10).max(2);
    let present: Vec<usize> = (0..qk.keys.len()).filter(|&k| index.df(&qk.keys[k]) > 0).collect();
    let rare: Vec<usize> = present.iter().copied().filter(|&k| index.df(&qk.keys[k]) <= frequent).collect();
    let seeds_from = if rare.is_empty() { &present } else { &rare };
    let mut weight: HashMap<u32, f64> = HashMap::new();
    for &k in seeds_from {
        for &i in index.postings(&qk.keys[k]) {
            *weight.entry(i).or_default() += qk.weights[k];
        }
    }
    let mut seeds: Vec<(u32, f64)> = weight.into_iter().collect();
    seeds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    seeds.truncate(MAX_SEEDS);

    let q_sentences = q_sentences.max(1);
    let longest = (q_sentences + 1).min(MAX_WINDOW);
    let sentences = doc.sentences();
    let n = tokens.len().min(sentences.len());
    let same_turn = |a: usize, b: usize| sentences[a].utterance() == sentences[b].utterance();
    let holds_any = |i: usize| tokens[i].iter().any(|t| qk.position(&t.key).is_some());
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
                let (score, held) = score_window(&qk, tokens, a..b + 1, q_sentences);
                if score <= 0.0 {
                    continue;
                }
                let found = q.iter().map(|t| qk.position(&t.key).is_some_and(|k| held[k])).collect();
                scored.push(Passage { sentences: a..b + 1, score, found, spans: Vec::new() });
            }
        }
    }
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
    for p in &mut out {
        p.spans = tokens[p.sentences.clone()]
            .iter()
            .flatten()
            .filter(|t| qk.position(&t.key).is_some())
            .map(|t| t.span.clone())
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::document_tokens;
    use crate::Lang;

    #[test]
    fn lis_counts_the_longest_rising_run() {
        assert_eq!(lis(&[]), 0);
        assert_eq!(lis(&[0, 1, 2]), 3);
        assert_eq!(lis(&[2, 1, 0]), 1);
        assert_eq!(lis(&[0, 5, 1, 2, 9, 3]), 4);
    }

    #[test]
    fn rare_words_weigh_more_and_the_index_lists_each_sentence_once() {
        let doc = Document::segment("The cat. The dog and the dog. The owl.", Lang::English);
        let toks = document_tokens(&doc);
        let index = Index::new(&toks);
        assert_eq!(index.postings("dog"), [1]);
        assert_eq!(index.df("the"), 3);
        assert!(index.idf("owl") > index.idf("the"));
        assert!(index.idf("yak") > index.idf("owl"));
    }

    #[test]
    fn a_window_covers_two_sentences_and_order_counts() {
        let doc = Document::segment("Alpha beta gamma. Delta epsilon. Zeta eta.", Lang::English);
        let toks = document_tokens(&doc);
        let index = Index::new(&toks);
        let st = Lang::English.stemmer();
        let q = crate::query::tokens("gamma delta epsilon", 0, Lang::English, &st);
        let best = passages(&q, 1, &toks, &index, &doc, &HashSet::new(), 3);
        assert_eq!(best[0].sentences, 0..2, "{best:?}");
        assert_eq!(best[0].found, [true, true, true]);
        let in_order = score_window(&QueryKeys::new(&q, &index), &toks, 0..2, 1).0;
        let q2 = crate::query::tokens("epsilon delta gamma", 0, Lang::English, &st);
        let scrambled = score_window(&QueryKeys::new(&q2, &index), &toks, 0..2, 1).0;
        assert!(in_order > scrambled, "{in_order} vs {scrambled}");
        // the cost of a sentence: one sentence beats two with the same words
        let q3 = crate::query::tokens("delta epsilon", 0, Lang::English, &st);
        assert_eq!(passages(&q3, 1, &toks, &index, &doc, &HashSet::new(), 1)[0].sentences, 1..2);
        // a sentence taken by an exact match is in no passage
        let taken: HashSet<usize> = [1].into();
        let q4 = crate::query::tokens("gamma delta zeta", 0, Lang::English, &st);
        let rest = passages(&q4, 1, &toks, &index, &doc, &taken, 3);
        assert_eq!(rest.iter().map(|p| p.sentences.clone()).collect::<Vec<_>>(), [0..1, 2..3]);
    }
}
