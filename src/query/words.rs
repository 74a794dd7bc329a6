//! One edition's words for search, compact: every distinct key (stem or
//! number) has an id, each sentence is the run of its keys' ids, and an
//! inverted index gives the sentences holding each key. Four bytes a word
//! and one vocabulary, so that a million-sentence edition fits in a few
//! hundred megabytes; the words' spans are read again, from the few
//! sentences a hit shows.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{raw_tokens_of, Token};
use crate::Document;

/// A key that a longer stem begins with stands for it from this many
/// letters on ([`Words::id_or_shorter`]).
const MIN_SHARED: usize = 5;
/// ... when it is at most this many letters shorter.
const MAX_CUT: usize = 3;

/// Sentences per piece when an edition's words are read in parallel.
const PIECE: usize = 4096;

/// The keys of one edition's sentences and their inverted index.
#[derive(Debug, Default)]
pub(crate) struct Words {
    /// Key -> id.
    ids: HashMap<String, u32>,
    /// The key ids of all sentences, one after the other.
    keys: Vec<u32>,
    /// Sentence `i` is `keys[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// Key id -> the sentences holding it, in order, each once.
    postings: Vec<Vec<u32>>,
    /// Sentences with at least one word or number.
    with_words: usize,
}

/// The words of a run of sentences, with ids of the piece's own.
struct Piece {
    ids: HashMap<String, u32>,
    keys: Vec<u32>,
    lens: Vec<u32>,
}

impl Piece {
    fn read(doc: &Document<'_>, sentences: std::ops::Range<usize>) -> Piece {
        let (text, lang) = (doc.text(), doc.lang());
        let stemmer = lang.stemmer();
        // lower-cased word -> key id: most words recur, so each form is
        // stemmed once
        let mut forms: HashMap<String, u32> = HashMap::new();
        let mut piece = Piece { ids: HashMap::new(), keys: Vec::new(), lens: Vec::with_capacity(sentences.len()) };
        let intern = |ids: &mut HashMap<String, u32>, key: String| -> u32 {
            let next = ids.len() as u32;
            *ids.entry(key).or_insert(next)
        };
        for s in &doc.sentences()[sentences] {
            let body = &text[s.body()];
            // spans are not kept: the view's words are the same words
            let view = crate::text::Normalized::new(body);
            let before = piece.keys.len();
            for t in raw_tokens_of(view.as_str(), 0, lang) {
                let id = if t.number {
                    intern(&mut piece.ids, t.lower)
                } else if let Some(&id) = forms.get(&t.lower) {
                    id
                } else {
                    let id = intern(&mut piece.ids, stemmer.stem(&t.lower).into_owned());
                    forms.insert(t.lower, id);
                    id
                };
                piece.keys.push(id);
            }
            piece.lens.push((piece.keys.len() - before) as u32);
        }
        piece
    }
}

impl Words {
    /// Reads the words of every sentence of `doc` (own text, without
    /// labels, in the normalised view), in parallel.
    pub(crate) fn new(doc: &Document<'_>) -> Words {
        let n = doc.len();
        let pieces: Vec<Piece> = (0..n.div_ceil(PIECE))
            .into_par_iter()
            .map(|p| Piece::read(doc, p * PIECE..((p + 1) * PIECE).min(n)))
            .collect();
        let mut words = Words { starts: Vec::with_capacity(n + 1), ..Words::default() };
        words.starts.push(0);
        for piece in pieces {
            // the piece's ids -> the edition's
            let mut map = vec![0u32; piece.ids.len()];
            for (key, local) in piece.ids {
                let next = words.ids.len() as u32;
                map[local as usize] = *words.ids.entry(key).or_insert(next);
            }
            words.keys.extend(piece.keys.iter().map(|&k| map[k as usize]));
            let mut at = *words.starts.last().expect("starts at 0");
            for len in piece.lens {
                at += len as usize;
                words.starts.push(at);
            }
        }
        words.postings = vec![Vec::new(); words.ids.len()];
        for i in 0..n {
            let keys = &words.keys[words.starts[i]..words.starts[i + 1]];
            if !keys.is_empty() {
                words.with_words += 1;
            }
            for &k in keys {
                let list = &mut words.postings[k as usize];
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        words.keys.shrink_to_fit();
        words
    }

    /// The sentences read.
    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The key ids of sentence `i`, in order.
    pub(crate) fn sentence(&self, i: usize) -> &[u32] {
        &self.keys[self.starts[i]..self.starts[i + 1]]
    }

    /// The id of `key`, if the edition has it.
    pub(crate) fn id(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    /// Every key of the edition with its id.
    pub(crate) fn vocabulary(&self) -> impl Iterator<Item = (&str, u32)> {
        self.ids.iter().map(|(k, &id)| (k.as_str(), id))
    }

    /// The id of `stem`, or of the longest key of the edition that `stem`
    /// begins with, down to [`MIN_SHARED`] letters and at most
    /// [`MAX_CUT`] letters shorter: a dictionary's headword is stemmed from
    /// its dictionary form, which may keep letters that the forms in the
    /// text lack (Russian `признава(ть)` for `призна(йте)`).
    pub(crate) fn id_or_shorter(&self, stem: &str) -> Option<u32> {
        if let Some(id) = self.id(stem) {
            return Some(id);
        }
        let ends: Vec<usize> = stem.char_indices().map(|(i, _)| i).skip(MIN_SHARED).collect();
        let letters = stem.chars().count();
        ends.iter()
            .rev()
            .take_while(|&&end| letters - stem[..end].chars().count() <= MAX_CUT)
            .find_map(|&end| self.id(&stem[..end]))
    }

    /// The ids of the query tokens' keys (`None`: not in the edition).
    pub(crate) fn ids_of(&self, q: &[Token]) -> Vec<Option<u32>> {
        q.iter().map(|t| self.id(&t.key)).collect()
    }

    /// Sentences with at least one word or number.
    pub(crate) fn with_words(&self) -> usize {
        self.with_words
    }

    /// How many sentences hold the key `id` (0 for a key the edition lacks).
    pub(crate) fn df(&self, id: Option<u32>) -> usize {
        id.map_or(0, |k| self.postings[k as usize].len())
    }

    /// The key's weight: `ln(1 + N / (df + 0.5))`, N the sentences with
    /// words. A key the edition never uses weighs most.
    pub(crate) fn idf(&self, id: Option<u32>) -> f64 {
        (1.0 + self.with_words as f64 / (self.df(id) as f64 + 0.5)).ln()
    }

    /// The sentences holding the key `id`, in order.
    pub(crate) fn postings(&self, id: u32) -> &[u32] {
        &self.postings[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::document_tokens;
    use crate::Lang;

    #[test]
    fn ids_follow_the_tokens_of_every_sentence() {
        let text = "The cat. The dog and the dog. «Ещё» 250 000 owls.\n\nNo words: —.";
        let doc = Document::segment(text, Lang::English);
        let words = Words::new(&doc);
        let tokens = document_tokens(&doc);
        assert_eq!(words.len(), doc.len());
        for (i, st) in tokens.iter().enumerate() {
            let ids: Vec<Option<u32>> = st.iter().map(|t| words.id(&t.key)).collect();
            let expected: Vec<Option<u32>> = words.sentence(i).iter().map(|&k| Some(k)).collect();
            assert_eq!(ids, expected, "sentence {i}");
        }
        let dog = words.id("dog");
        assert_eq!(words.postings(dog.expect("dog")), [1]);
        assert_eq!(words.df(words.id("the")), 2);
        assert!(words.idf(words.id("owl")) > words.idf(words.id("the")));
        assert!(words.idf(None) > words.idf(words.id("owl")));
    }

    #[test]
    fn a_longer_stem_finds_the_key_it_begins_with() {
        let doc = Document::segment("Признайте лучше то, что есть.", Lang::Russian);
        let words = Words::new(&doc);
        let ids = |w: &str| words.id(w);
        assert_eq!(words.id_or_shorter("призна"), ids("призна"));
        assert_eq!(words.id_or_shorter("признава"), ids("призна"));
        // too many letters cut, or too short a key
        assert_eq!(words.id_or_shorter("признавали"), None);
        assert_eq!(words.id_or_shorter("лучшему"), None);
    }

    #[test]
    fn pieces_read_in_parallel_give_one_vocabulary() {
        // more sentences than a piece: ids must agree across pieces
        let text: String = (0..PIECE + 10).map(|i| format!("Word{} and the same words. ", i % 7)).collect();
        let doc = Document::segment(&text, Lang::English);
        let words = Words::new(&doc);
        assert_eq!(words.len(), doc.len());
        assert_eq!(words.sentence(0), words.sentence(7));
        assert_eq!(words.sentence(PIECE - 1), words.sentence(PIECE + 6));
        assert_eq!(words.df(words.id("same")), doc.len());
    }
}
