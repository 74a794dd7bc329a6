//! One side of a document pair, analysed once: every sentence's distinct
//! words as stems and shared keys (numbers, cognates), tokenised in
//! batches in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::{Document, Lang};

use super::number::for_each_number;
use super::words::{analyse_word, scan_spans, COGNATE_MIN};
use super::*;

/// The words of one side, analysed once: stems (as ids into the side's own
/// stem vocabulary) and shared anchors (numbers, cognate keys), stored
/// flat, sentence after sentence, so that a million sentences cost a few
/// hundred bytes each at most.
#[derive(Debug, Default)]
pub(crate) struct Side {
    /// The sentences' words and numbers, [`BATCH`] sentences a part (the
    /// last may hold fewer): the batches they were tokenised in, in
    /// parallel, kept as they were finished, not copied into one.
    parts: Vec<Finished>,
    /// The distinct (stem, cognate key) pairs of the side (`NONE`: the word
    /// has no cognate key), sorted: a word costs 4 bytes, not 8.
    kinds: Vec<(u32, u32)>,
    /// Per sentence: counts of ?, !, quotation marks, parentheses, colons.
    pub punct: Vec<[u8; 5]>,
    /// The stem strings, by id.
    pub stem_names: Vec<String>,
}

/// No cognate key.
pub(super) const NONE: u32 = u32::MAX;

impl Side {
    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.1.len()).sum()
    }

    fn range(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    /// The part that holds sentence `i`, and where in it.
    #[inline]
    fn locate(&self, i: usize) -> (&Finished, usize) {
        (&self.parts[i / BATCH], i % BATCH)
    }

    /// The (stem, cognate key) pairs a word of the side can be, by the
    /// numbers [`Side::kinds_of`] gives.
    pub(super) fn kinds(&self) -> impl Iterator<Item = (u32, Option<u32>)> + '_ {
        self.kinds.iter().map(|&(s, c)| (s, (c != NONE).then_some(c)))
    }

    /// The words of sentence `i`, each as its number in `kinds`
    /// (increasing: sorted by stem, then cognate key).
    #[inline]
    pub(super) fn kinds_of(&self, i: usize) -> &[u32] {
        let ((words, ends, ..), k) = self.locate(i);
        &words[Side::range(ends, k)]
    }

    /// The words of sentence `i`: stem and optional cognate key (the
    /// concepts read them by their kinds, [`Side::kinds_of`]).
    #[cfg(test)]
    pub fn words(&self, i: usize) -> impl Iterator<Item = (u32, Option<u32>)> + '_ {
        self.kinds_of(i).iter().map(|&k| {
            let (s, c) = self.kinds[k as usize];
            (s, (c != NONE).then_some(c))
        })
    }

    /// The distinct stems of sentence `i`, increasing.
    #[inline]
    pub fn stems(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let w = self.kinds_of(i);
        let stem = |k: u32| self.kinds[k as usize].0;
        w.iter().enumerate().filter(move |&(k, &x)| k == 0 || stem(w[k - 1]) != stem(x)).map(move |(_, &x)| stem(x))
    }

    /// Lets go of the sentences' words and numbers, keeping the stem names
    /// (what the lexicon's word pairs are read from) and the punctuation:
    /// for when the last concepts have been built from them.
    pub fn drop_words(&mut self) {
        self.parts = Vec::new();
        self.kinds = Vec::new();
    }

    /// The numbers of sentence `i` (shared ids).
    #[inline]
    pub fn numbers(&self, i: usize) -> &[u32] {
        let ((.., numbers, number_ends), k) = self.locate(i);
        &numbers[Side::range(number_ends, k)]
    }

    /// The bytes the side holds on the heap (for the memory trace).
    pub fn heap_bytes(&self) -> usize {
        fn of<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let parts = self.parts.iter().map(|(w, we, n, ne)| of(w) + of(we) + of(n) + of(ne)).sum::<usize>();
        parts
            + of(&self.parts)
            + of(&self.kinds)
            + of(&self.punct)
            + of(&self.stem_names)
            + self.stem_names.iter().map(String::capacity).sum::<usize>()
    }
}

/// The shared vocabulary (numbers and cognate keys) of a document pair.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The ids by key (numbered in the order the keys came: the hasher
    /// decides nothing).
    ids: FxHashMap<String, u32>,
    /// Whether each id is a number.
    pub(super) numbers: Vec<bool>,
}

impl Shared {
    fn intern(&mut self, key: String) -> u32 {
        let n = self.ids.len() as u32;
        let number = key.starts_with("n:");
        let id = *self.ids.entry(key).or_insert(n);
        if id == n {
            self.numbers.push(number);
        }
        id
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The most sentences of a pair (both sides) whose two sides are tokenised
/// at the same time: past it the raw tokens of one side (about 4 bytes a
/// word, and each batch's vocabulary) are let go before the other side is
/// read. At 40 batches a side there are enough batches for all the cores.
const SIDE_BY_SIDE: usize = 40 * BATCH;

/// Sentences tokenised at a time: bounds the memory of raw tokens.
pub(super) const BATCH: usize = 4_096;

/// One side tokenised and its distinct words analysed, before the shared
/// keys (cognates, numbers) are interned: the part of [`Side::analyse`]
/// that two sides can do at the same time.
pub(crate) struct Tokenised {
    batches: Vec<Batch>,
    /// For each batch, its words' numbers among the side's distinct words.
    maps: Vec<Vec<u32>>,
    /// For each distinct word: stem, cognate key, letters.
    analysed: Vec<(String, Option<String>, usize)>,
}

impl Side {
    /// Analyses both documents of a pair, the two at the same time, interning
    /// the shared keys of the source first.
    pub fn analyse_pair(src: &Document<'_>, tgt: &Document<'_>, shared: &mut Shared) -> (Side, Side) {
        if src.len() + tgt.len() > SIDE_BY_SIDE {
            // a long book: one side's tokens at a time (each side's batches
            // still run in parallel), the source's keys interned first as
            // below
            let s = Side::tokenise(src).finish(shared);
            return (s, Side::tokenise(tgt).finish(shared));
        }
        // the side-local work of both sides at the same time, the shared
        // keys interned in order in between
        let (s, t) = rayon::join(|| Side::tokenise(src).stem(), || Side::tokenise(tgt).stem());
        let (s, t) = (s.intern(shared), t.intern(shared));
        rayon::join(|| s.lay_out(), || t.lay_out())
    }

    /// Tokenises `doc` and analyses its distinct words. Batches of sentences
    /// are tokenised in parallel, each with its own small vocabulary; the
    /// vocabularies are then merged in order (one look-up per distinct word
    /// of a batch, not per occurrence), and every distinct word is analysed
    /// (stemmed, romanised) once.
    fn tokenise(doc: &Document<'_>) -> Tokenised {
        let lang = doc.lang();
        let stemmer = lang.stemmer();
        // each batch with the hashes of its words, kept for the merge
        let (batches, hashes): (Vec<Batch>, Vec<Vec<u64>>) = (0..doc.len())
            .step_by(BATCH)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| Batch::tokenise(doc, start..(start + BATCH).min(doc.len()), lang))
            .unzip();
        let mut index = Index::default();
        let mut distinct: Vec<&str> = Vec::new();
        let maps: Vec<Vec<u32>> = batches
            .iter()
            .zip(&hashes)
            .map(|(b, hashes)| {
                b.vocab
                    .words()
                    .zip(hashes)
                    .map(|(w, &h)| match index.find(h, |n| same(distinct[n as usize].as_bytes(), w.as_bytes())) {
                        Some(n) => n,
                        None => {
                            let n = distinct.len() as u32;
                            distinct.push(w);
                            index.insert(h, n);
                            n
                        }
                    })
                    .collect()
            })
            .collect();
        drop((index, hashes));
        let analysed = distinct.par_iter().map_init(String::new, |roman, w| analyse_word(w, &stemmer, roman)).collect();
        Tokenised { batches, maps, analysed }
    }
}

impl Tokenised {
    /// Interns the stems (the side's own vocabulary) and the shared keys,
    /// and lays the sentences out flat.
    fn finish(self, shared: &mut Shared) -> Side {
        self.stem().intern(shared).lay_out()
    }

    /// Numbers the stems, the side's own vocabulary (in the order of the
    /// distinct words).
    fn stem(self) -> Stemmed {
        let Tokenised { batches, maps, analysed } = self;
        let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
        let words = analysed
            .into_iter()
            .map(|(stem, cog, letters)| {
                let n = stem_ids.len() as u32;
                (*stem_ids.entry(stem).or_insert(n), cog, letters)
            })
            .collect();
        Stemmed { batches, maps, words, stem_ids }
    }
}

/// A side tokenised, its stems numbered ([`Tokenised::stem`]).
struct Stemmed {
    batches: Vec<Batch>,
    maps: Vec<Vec<u32>>,
    /// For each distinct word: stem id, cognate key, letters.
    words: Vec<(u32, Option<String>, usize)>,
    stem_ids: FxHashMap<String, u32>,
}

impl Stemmed {
    /// Interns the side's shared keys: the cognate keys of its distinct
    /// words, in order, then the numbers of its batches.
    fn intern(self, shared: &mut Shared) -> Interned {
        let Stemmed { batches, maps, words, stem_ids } = self;
        let word_info = words
            .into_iter()
            .map(|(stem, cog, letters)| (stem, cog.map_or(NONE, |c| shared.intern(c)), letters))
            .collect();
        let number_maps =
            batches.iter().map(|b| b.number_keys.iter().map(|k| shared.intern(k.clone())).collect()).collect();
        Interned { batches, maps, word_info, number_maps, stem_ids }
    }
}

/// A side with its shared keys interned ([`Stemmed::intern`]).
struct Interned {
    batches: Vec<Batch>,
    maps: Vec<Vec<u32>>,
    /// For each distinct word: stem id, cognate id (or `NONE`), letters.
    word_info: Vec<(u32, u32, usize)>,
    /// For each batch, its numbers' shared ids.
    number_maps: Vec<Vec<u32>>,
    stem_ids: FxHashMap<String, u32>,
}

impl Interned {
    /// Lays the sentences out flat: the side's parts, kinds and stems.
    fn lay_out(self) -> Side {
        let Interned { batches, maps, word_info, number_maps, stem_ids } = self;
        // every (stem, cognate) a word can be, with its key or without,
        // sorted, and each distinct word's numbers among them: sorted in
        // one number with the place it came from (word, then with the key
        // or without), so that each kind's number is written as the sorted
        // run is read, with no search
        let mut order: Vec<u128> = word_info
            .iter()
            .enumerate()
            .flat_map(|(w, &(s, c, _))| {
                let kind = |c: u32, place: usize| (u128::from(s) << 64) | (u128::from(c) << 32) | place as u128;
                [kind(c, 2 * w), kind(NONE, 2 * w + 1)]
            })
            .collect();
        order.par_sort_unstable();
        let mut kinds: Vec<(u32, u32)> = Vec::new();
        let mut numbers = vec![0u32; order.len()];
        for &x in &order {
            let kind = ((x >> 64) as u32, (x >> 32) as u32);
            if kinds.last() != Some(&kind) {
                kinds.push(kind);
            }
            numbers[x as u32 as usize] = (kinds.len() - 1) as u32;
        }
        drop(order);
        let word_info: Vec<WordInfo> = word_info
            .iter()
            .enumerate()
            .map(|(w, &(_, _, letters))| WordInfo {
                with_key: numbers[2 * w],
                without_key: numbers[2 * w + 1],
                letters,
            })
            .collect();
        // each batch's words as sorted, distinct (stem, cognate) runs,
        // kept as the side's parts; each batch is dropped as soon as it is
        // finished
        let finished: Vec<(Finished, Vec<[u8; 5]>)> = batches
            .into_par_iter()
            .zip(maps)
            .zip(number_maps)
            .map(|((b, map), nmap)| b.finish(&map, &nmap, &word_info))
            .collect();
        let mut side = Side { kinds, ..Side::default() };
        side.punct.reserve_exact(finished.iter().map(|(_, punct)| punct.len()).sum());
        side.parts.reserve_exact(finished.len());
        for (part, punct) in finished {
            side.parts.push(part);
            side.punct.extend(punct);
        }
        side.stem_names = vec![String::new(); stem_ids.len()];
        for (s, id) in stem_ids {
            side.stem_names[id as usize] = s;
        }
        side
    }
}

/// Sorts `v` and moves its distinct values to the front, in order: returns
/// how many there are.
fn sort_dedup<T: Ord + Copy>(v: &mut [T]) -> usize {
    v.sort_unstable();
    let mut kept = 0;
    for r in 0..v.len() {
        if kept == 0 || v[r] != v[kept - 1] {
            v[kept] = v[r];
            kept += 1;
        }
    }
    kept
}

/// A batch's words (numbers of their kinds), their ends, its numbers and
/// their ends (counted from the batch's first sentence).
pub(super) type Finished = (Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>);

/// The bit of an occurrence (see [`Batch`]) that says it is written like a
/// name.
const NAME: u32 = 1 << 31;

/// What a distinct word of a side is: its kind (see [`Side`]) with its
/// cognate key and without, and its number of letters.
#[derive(Clone, Copy)]
pub(super) struct WordInfo {
    with_key: u32,
    without_key: u32,
    letters: usize,
}

/// The distinct words of a batch, in one buffer: a word costs its bytes and
/// 4 more, not a string of its own.
#[derive(Default)]
pub(super) struct Vocab {
    text: String,
    ends: Vec<u32>,
}

impl Vocab {
    /// Appends `w` and returns its number.
    fn push(&mut self, w: &str) -> u32 {
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// The bytes of word `n`.
    #[inline]
    fn get(&self, n: u32) -> &[u8] {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        &self.text.as_bytes()[start..self.ends[n] as usize]
    }

    /// The number of `w`, found through `index` (this vocabulary's index,
    /// `h` the hash of `w`), or `w` appended.
    #[inline]
    fn number(&mut self, index: &mut Index, w: &str, h: u64) -> u32 {
        match index.find(h, |n| same(self.get(n), w.as_bytes())) {
            Some(n) => n,
            None => {
                let n = self.push(w);
                index.insert(h, n);
                n
            }
        }
    }

    /// The words, in order.
    fn words(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.text[a as usize..b as usize])
    }
}

/// The hash of a word's bytes, computed once for each occurrence.
#[inline]
fn hash_of(w: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(w);
    h.finish()
}

/// Whether two words are the same bytes: words are short, and a byte loop
/// without branches is cheaper for them than a call to `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(true, |acc, (x, y)| acc & (x == y))
}

/// An index by their bytes of words numbered 0, 1, 2… in the order they
/// were added, the words themselves kept elsewhere (in a [`Vocab`], one
/// buffer, not a `String` each): each number's hash is kept, so that a
/// word's bytes are compared only when its hash is the one sought, and
/// growing the table hashes nothing again.
#[derive(Default)]
struct Index {
    /// The numbers, by their words' hashes.
    table: hashbrown::HashTable<u32>,
    /// The hash of each number's word.
    hashes: Vec<u64>,
}

impl Index {
    /// The number of the word of hash `h` for which `is` holds, if one was
    /// added. The kept hashes are not read here: the table's own tag of
    /// the hash (7 bits) lets through a wrong number about once in 128
    /// probes, and `is` then looks at the word's length first; what it
    /// saves is a load from a vector of the batch's size for every word
    /// read (the spelling index is looked up once per occurrence).
    #[inline]
    fn find(&self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        self.table.find(h, |&n| is(n)).copied()
    }

    /// Adds the next number, `n`, of hash `h` (a word that
    /// [`Index::find`] did not find).
    fn insert(&mut self, h: u64, n: u32) {
        debug_assert_eq!(n as usize, self.hashes.len(), "numbers come in order");
        self.hashes.push(h);
        let hashes = &self.hashes;
        self.table.insert_unique(h, n, |&m| hashes[m as usize]);
    }
}

/// The tokens of a batch of sentences, numbered in the batch's own vocabulary.
pub(super) struct Batch {
    /// The distinct words of the batch.
    vocab: Vocab,
    /// Every sentence's words, flat: the word's number in `vocab`, with
    /// [`NAME`] set when it is written like a name.
    occurrences: Vec<u32>,
    ends: Vec<u32>,
    /// The distinct number keys of the batch, and each sentence's numbers.
    number_keys: Vec<String>,
    numbers: Vec<u32>,
    number_ends: Vec<u32>,
    punct: Vec<[u8; 5]>,
}

impl Batch {
    /// The batch of sentences `range`, and the hash of each of its words.
    fn tokenise(doc: &Document<'_>, range: std::ops::Range<usize>, lang: Lang) -> (Batch, Vec<u64>) {
        // a word in about every 5 bytes (6 in German, 12 in Russian): the
        // occurrences sized once, or grown once, not by doubling from a few
        // (which copies, and touches twice the pages it keeps); what is not
        // used is let go below, in place
        let bytes: usize = doc.sentences()[range.clone()].iter().map(|s| s.end() - s.body_start()).sum();
        let mut b = Batch {
            vocab: Vocab::default(),
            occurrences: Vec::with_capacity(bytes / 5),
            ends: Vec::with_capacity(range.len()),
            number_keys: Vec::new(),
            numbers: Vec::new(),
            number_ends: Vec::with_capacity(range.len()),
            punct: Vec::with_capacity(range.len()),
        };
        // the batch's words (lower-cased and folded) by their bytes
        let mut index = Index::default();
        // the spellings met (the words as written), by their bytes, and the
        // number of each one's word: a word met again, most of a text, is
        // found without lower-casing it
        let (mut spellings, mut spelling_index, mut spelling_words) = (Vocab::default(), Index::default(), Vec::new());
        let mut nids: FxHashMap<String, u32> = FxHashMap::default();
        let (mut buf, mut key) = (String::new(), String::new());
        for i in range {
            let text = doc.sentence_match_text(i);
            let punct = scan_spans(&text, |w, joined, name| {
                let id = if joined {
                    // the span holds a hyphen and a line break: rare, and
                    // not a spelling to keep
                    lower_into(&mut buf, w, true, lang);
                    b.vocab.number(&mut index, &buf, hash_of(buf.as_bytes()))
                } else {
                    let h = hash_of(w.as_bytes());
                    match spelling_index.find(h, |n| same(spellings.get(n), w.as_bytes())) {
                        Some(n) => spelling_words[n as usize],
                        None => {
                            lower_into(&mut buf, w, false, lang);
                            // most words are written in lower case: their
                            // hash is the one at hand
                            let lower_h = if buf == w { h } else { hash_of(buf.as_bytes()) };
                            let id = b.vocab.number(&mut index, &buf, lower_h);
                            spelling_index.insert(h, spellings.push(w));
                            spelling_words.push(id);
                            id
                        }
                    }
                };
                b.occurrences.push(id | if name { NAME } else { 0 });
            });
            b.ends.push(b.occurrences.len() as u32);
            for_each_number(&text, |_, v| {
                // the key built in a reused buffer: a string is made for
                // a new number only
                key.clear();
                key.push_str("n:");
                key.push_str(v);
                let id = match nids.get(key.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = nids.len() as u32;
                        nids.insert(key.clone(), id);
                        b.number_keys.push(key.clone());
                        id
                    }
                };
                b.numbers.push(id);
            });
            b.number_ends.push(b.numbers.len() as u32);
            b.punct.push(punct);
        }
        // held until the whole side is read: no room to spare
        b.occurrences.shrink_to_fit();
        b.vocab.text.shrink_to_fit();
        b.vocab.ends.shrink_to_fit();
        (b, index.hashes)
    }

    /// The batch's sentences as sorted, distinct (stem, cognate) words and
    /// sorted, distinct numbers, in global ids, and its punctuation counts.
    /// Written over the batch's own occurrences and numbers, sentence after
    /// sentence: a sentence's words are no more than its occurrences, so
    /// each is written where the ones before have already been read, and no
    /// second buffer of the batch's size is touched.
    fn finish(self, map: &[u32], nmap: &[u32], info: &[WordInfo]) -> (Finished, Vec<[u8; 5]>) {
        let Batch { vocab, mut occurrences, mut ends, number_keys, mut numbers, mut number_ends, punct } = self;
        drop((vocab, number_keys));
        let kinds = word_kinds(map, info);
        // read from `from` and `nfrom`, written up to `to` and `nto`
        let (mut from, mut nfrom, mut to, mut nto) = (0usize, 0usize, 0usize, 0usize);
        for (end, nend) in ends.iter_mut().zip(&mut number_ends) {
            let first = to;
            for r in from..*end as usize {
                let o = occurrences[r];
                occurrences[to] = kinds[(o & !NAME) as usize][usize::from(o & NAME != 0)];
                to += 1;
            }
            from = *end as usize;
            to = first + sort_dedup(&mut occurrences[first..to]);
            *end = to as u32;
            let nfirst = nto;
            for r in nfrom..*nend as usize {
                numbers[nto] = nmap[numbers[r] as usize];
                nto += 1;
            }
            nfrom = *nend as usize;
            nto = nfirst + sort_dedup(&mut numbers[nfirst..nto]);
            *nend = nto as u32;
        }
        // kept for as long as the side is: no room to spare. Copied to
        // vectors of their length, since shrinking in place is no release:
        // an allocator may keep the whole block when asked for half of it
        // or more (mimalloc does), with `capacity` then saying the smaller
        // size; a million sentences a side kept 33 MB more at the peak so
        let occurrences = exact(occurrences, to);
        let numbers = exact(numbers, nto);
        ((occurrences, ends, numbers, number_ends), punct)
    }
}

/// For each word of a batch (`map`: its global number, `info`: what is
/// known of each), its kind written as any word and written like a name
/// (whether its cognate key counts): one look-up for an occurrence, in a
/// table of the batch's size.
fn word_kinds(map: &[u32], info: &[WordInfo]) -> Vec<[u32; 2]> {
    map.iter()
        .map(|&m| {
            let w = info[m as usize];
            let kind = |counts: bool| if counts { w.with_key } else { w.without_key };
            [kind(w.letters >= COGNATE_MIN), kind(w.letters >= COGNATE_MIN || w.letters >= 3)]
        })
        .collect()
}

/// The first `len` values of `v` in a vector that holds no more: `v`
/// itself when the room it would keep to spare is small (a sixteenth), else
/// a copy (see [`Batch::finish`]).
fn exact<T: Copy>(mut v: Vec<T>, len: usize) -> Vec<T> {
    if v.capacity() - len <= v.capacity() / 16 {
        v.truncate(len);
        v
    } else {
        v[..len].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn a_finished_vector_keeps_little_room_to_spare() {
        for (cap, len) in [(0, 0), (16, 16), (16, 15), (16, 14), (1000, 700), (1000, 999), (1000, 0)] {
            let mut v: Vec<u32> = Vec::with_capacity(cap);
            v.extend((0..cap as u32).map(|x| x * 3));
            let want = v[..len].to_vec();
            let got = super::exact(v, len);
            assert_eq!(got, want, "the first {len} of {cap}");
            assert!(got.capacity() - len <= got.capacity() / 16, "{} of room for {len}", got.capacity());
        }
    }

    use super::*;

    /// A batch's vocabulary, words and counts as they were read before the
    /// spellings were kept: every word lower-cased, then looked up.
    fn old_tokenise(doc: &Document<'_>, lang: Lang) -> (Vec<String>, Vec<u32>, Vec<u32>, Vec<[u8; 5]>) {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let (mut vocab, mut occurrences, mut ends, mut punct) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut buf = String::new();
        for i in 0..doc.len() {
            let text = doc.sentence_match_text(i);
            punct.push(super::super::words::scan(&text, lang, &mut buf, |w, name| {
                let id = *ids.entry(w.to_string()).or_insert_with(|| {
                    vocab.push(w.to_string());
                    (vocab.len() - 1) as u32
                });
                occurrences.push(id | if name { NAME } else { 0 });
            }));
            ends.push(occurrences.len() as u32);
        }
        (vocab, occurrences, ends, punct)
    }

    /// [`Batch::finish`] as it was, into buffers of its own: what the one
    /// that writes over the batch must give.
    fn finish_copied(b: &Batch, map: &[u32], nmap: &[u32], info: &[WordInfo]) -> Finished {
        let mut words: Vec<u32> = Vec::with_capacity(b.occurrences.len());
        let mut ends = Vec::with_capacity(b.ends.len());
        let mut numbers = Vec::with_capacity(b.numbers.len());
        let mut number_ends = Vec::with_capacity(b.ends.len());
        let kinds = word_kinds(map, info);
        // the values pushed from `first` on, sorted and made distinct
        let distinct_from = |v: &mut Vec<u32>, first: usize| {
            let mut run = v.split_off(first);
            run.sort_unstable();
            run.dedup();
            v.extend(run);
        };
        let (mut from, mut nfrom) = (0usize, 0usize);
        for (&end, &nend) in b.ends.iter().zip(&b.number_ends) {
            let first = words.len();
            for &o in &b.occurrences[from..end as usize] {
                let (w, name) = (o & !NAME, o & NAME != 0);
                words.push(kinds[w as usize][usize::from(name)]);
            }
            from = end as usize;
            distinct_from(&mut words, first);
            ends.push(words.len() as u32);
            let nfirst = numbers.len();
            numbers.extend(b.numbers[nfrom..nend as usize].iter().map(|&x| nmap[x as usize]));
            nfrom = nend as usize;
            distinct_from(&mut numbers, nfirst);
            number_ends.push(numbers.len() as u32);
        }
        (words, ends, numbers, number_ends)
    }

    #[test]
    fn both_sides_at_once_are_each_side_alone() {
        // three batches a side, numbers and names repeated across them
        let text = |words: [&str; 4]| -> String {
            (0..3 * BATCH)
                .map(|i| format!("{} {} {} {}. ", words[i % 4], words[(i / 4) % 4], i % 97, words[(i / 16) % 4]))
                .collect()
        };
        let (ru, en) =
            (text(["Павел", "пишет", "коринфянам", "1938"]), text(["Paul", "writes", "Corinthians", "1938"]));
        let (src, tgt) = (Document::segment(&ru, Lang::Russian), Document::segment(&en, Lang::English));
        assert!(src.len() + tgt.len() <= SIDE_BY_SIDE && src.len() > 2 * BATCH, "{} {}", src.len(), tgt.len());
        let mut at_once = Shared::default();
        let (s, t) = Side::analyse_pair(&src, &tgt, &mut at_once);
        let mut alone = Shared::default();
        let s1 = Side::tokenise(&src).finish(&mut alone);
        let t1 = Side::tokenise(&tgt).finish(&mut alone);
        // compared as their debug text, which is long: not printed
        assert!(format!("{s:?}") == format!("{s1:?}"), "the source side differs");
        assert!(format!("{t:?}") == format!("{t1:?}"), "the target side differs");
        let ids = |sh: &Shared| -> Vec<(String, u32)> {
            let mut v: Vec<(String, u32)> = sh.ids.iter().map(|(k, &v)| (k.clone(), v)).collect();
            v.sort_unstable_by_key(|x| x.1);
            v
        };
        assert_eq!(ids(&at_once), ids(&alone));
        assert_eq!(at_once.numbers, alone.numbers);
        assert!(at_once.numbers.iter().any(|&n| n) && at_once.len() > 20);
    }

    /// Spellings of the same words, in upper and lower case, with letters
    /// of Latin-1, Latin Extended-A, Cyrillic and Greek, folds, a word
    /// joined across a line break, and what stands between words.
    const PIECES: &str = "Der|der|DER|für|Für|FÜR|Ärger|ärger|Œuvre|œuvre|İstanbul|ёлка|Ёлка|елка|God’s|god's|\
        ΟΔΟΣ|οδος|органи-\nзация|органи|зация|café|CAFÉ|Straße| | | |. |, |\n|\n\n|1|« | »|? |! |(|)|: |\u{301}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn the_batch_is_read_as_before(
            pieces in prop::collection::vec(prop::sample::select(PIECES.split('|').collect::<Vec<_>>()), 0..300),
            lang in prop::sample::select(&[Lang::German, Lang::Russian, Lang::French][..]),
        ) {
            let text = pieces.concat();
            let doc = Document::segment(&text, lang);
            let (b, hashes) = Batch::tokenise(&doc, 0..doc.len(), lang);
            prop_assert_eq!(hashes, b.vocab.words().map(|w| hash_of(w.as_bytes())).collect::<Vec<_>>());
            let (vocab, occurrences, ends, punct) = old_tokenise(&doc, lang);
            prop_assert_eq!(b.vocab.words().collect::<Vec<_>>(), vocab);
            prop_assert_eq!(b.occurrences, occurrences);
            prop_assert_eq!(b.ends, ends);
            prop_assert_eq!(b.punct, punct);
        }

        #[test]
        fn the_batch_is_finished_as_before(
            pieces in prop::collection::vec(prop::sample::select(PIECES.split('|').collect::<Vec<_>>()), 0..300),
            kinds in prop::collection::vec((0u32..6, 0u32..6, 0usize..8), 1..12),
            seed in any::<u64>(),
        ) {
            let text = pieces.concat();
            let doc = Document::segment(&text, Lang::German);
            let (b, _) = Batch::tokenise(&doc, 0..doc.len(), Lang::German);
            // words and numbers sent to few kinds and ids, so that
            // sentences have repeats to drop
            let pick = |k: usize, n: usize| ((seed >> (k % 60)) as usize + k * 7) % n;
            let info: Vec<WordInfo> =
                kinds.iter().map(|&(with_key, without_key, letters)| WordInfo { with_key, without_key, letters }).collect();
            let map: Vec<u32> = (0..b.vocab.ends.len()).map(|k| pick(k, info.len()) as u32).collect();
            let nmap: Vec<u32> = (0..b.number_keys.len()).map(|k| pick(k, 3) as u32).collect();
            let before = finish_copied(&b, &map, &nmap, &info);
            let punct = b.punct.clone();
            let (after, after_punct) = b.finish(&map, &nmap, &info);
            prop_assert_eq!(after, before);
            prop_assert_eq!(after_punct, punct);
        }
    }
}
