//! Anchors: what two sentences in different languages can share as
//! evidence that one translates the other.
//!
//! * numbers, with digits normalised (`250 000`, `250,000` → `250000`;
//!   `3,5`, `3.5` → `3.5`);
//! * names and cognates, compared through a romanised spelling skeleton
//!   ([`translit`]): `Вышинский` ~ `Vyshinsky`, `организация` ~
//!   `organization`;
//! * word pairs from a bilingual lexicon over stems: a dictionary the user
//!   has, and pairs learned from the document pair itself (Dice over the
//!   confident 1:1 beads of a first pass, as Moore 2002 and hunalign's
//!   realign do).
//!
//! Every anchor becomes a *concept* id shared by both sides; a sentence is a
//! set of concepts, and two groups of sentences are compared by the
//! idf-weighted Dice coefficient of their concept sets.

pub mod dict;
mod number;
pub(crate) mod translit;

pub(crate) use number::numbers;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use crate::{Document, Lang};

/// The words of one side, analysed once: stems (as ids into the side's own
/// stem vocabulary) and shared anchors (numbers, cognate keys), stored
/// flat, sentence after sentence, so that a million sentences cost a few
/// hundred bytes each at most.
#[derive(Debug, Default)]
pub(crate) struct Side {
    /// Every sentence's distinct words, each a stem and a cognate key
    /// (`NONE` when the word has none), sorted by stem.
    words: Vec<(u32, u32)>,
    /// Where each sentence's words end in `words`.
    word_ends: Vec<u32>,
    /// Every sentence's numbers (shared ids).
    numbers: Vec<u32>,
    number_ends: Vec<u32>,
    /// Per sentence: counts of ?, !, quotation marks, parentheses, colons.
    pub punct: Vec<[u8; 5]>,
    /// The stem strings, by id.
    pub stem_names: Vec<String>,
}

/// No cognate key.
const NONE: u32 = u32::MAX;

impl Side {
    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.word_ends.len()
    }

    fn range(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    /// The words of sentence `i`: stem and optional cognate key.
    pub fn words(&self, i: usize) -> impl Iterator<Item = (u32, Option<u32>)> + '_ {
        self.words[Side::range(&self.word_ends, i)].iter().map(|&(s, c)| (s, (c != NONE).then_some(c)))
    }

    /// The distinct stems of sentence `i`, increasing.
    pub fn stems(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let w = &self.words[Side::range(&self.word_ends, i)];
        w.iter().enumerate().filter(move |&(k, x)| k == 0 || w[k - 1].0 != x.0).map(|(_, x)| x.0)
    }

    /// The numbers of sentence `i` (shared ids).
    pub fn numbers(&self, i: usize) -> &[u32] {
        &self.numbers[Side::range(&self.number_ends, i)]
    }
}

/// The shared vocabulary (numbers and cognate keys) of a document pair.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    ids: HashMap<String, u32>,
    /// Whether each id is a number.
    numbers: Vec<bool>,
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

/// Minimum length in letters of a word that gets a cognate key; names
/// (capitalised words not at the start of a sentence) get one from 3 letters.
const COGNATE_MIN: usize = 5;
/// Letters of the skeleton kept in a cognate key.
const COGNATE_PREFIX: usize = 4;

/// `char::is_alphabetic`, answered without a table search for the
/// letters of English and Russian (the Cyrillic block U+0400..U+045F holds
/// letters only).
#[inline]
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{400}'..='\u{45f}').contains(&c) || (!c.is_ascii() && c.is_alphabetic())
}

/// `char::is_uppercase`, without a table search for ASCII and basic
/// Cyrillic (U+0400..U+042F upper case, U+0430..U+045F lower case).
#[inline]
fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{400}'..='\u{42f}' => true,
        _ if c.is_ascii() => false,
        '\u{430}'..='\u{45f}' => false,
        _ => c.is_uppercase(),
    }
}

/// Appends `c` lower-cased (as `char::to_lowercase`), without a table
/// search for ASCII and basic Cyrillic.
#[inline]
fn push_lower(buf: &mut String, c: char) {
    let lower = match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        _ if c.is_ascii() => Some(c),
        // А..Я to а..я, Ѐ..Џ to ѐ..џ
        '\u{410}'..='\u{42f}' => char::from_u32(c as u32 + 0x20),
        '\u{400}'..='\u{40f}' => char::from_u32(c as u32 + 0x50),
        '\u{430}'..='\u{45f}' => Some(c),
        _ => None,
    };
    match lower {
        Some(l) => buf.push(l),
        None => buf.extend(c.to_lowercase()),
    }
}

/// Calls `word` with each word of `text` that holds a letter, lower-cased
/// and folded (see [`fold`]) into a reused buffer, and whether it is
/// written like a name (capitalised, not the first word); returns the
/// counts of question marks, exclamation marks, quotation marks,
/// parentheses and colons.
fn scan(text: &str, lang: Lang, buf: &mut String, mut word: impl FnMut(&str, bool)) -> [u8; 5] {
    for (k, w) in text.unicode_words().enumerate() {
        if !w.chars().any(is_letter) {
            continue;
        }
        let name = k > 0 && w.chars().next().is_some_and(is_upper);
        buf.clear();
        if w.contains('Σ') {
            // a final sigma lower-cases by its position in the word
            buf.push_str(&w.to_lowercase());
        } else {
            for c in w.chars() {
                push_lower(buf, c);
            }
        }
        if lang == Lang::Russian && buf.contains('ё') {
            *buf = buf.replace('ё', "е");
        }
        word(buf, name);
    }
    let mut punct = [0u8; 5];
    for c in text.chars() {
        let k = match c {
            '?' => 0,
            '!' => 1,
            '"' | '«' | '»' | '“' | '”' | '„' => 2,
            '(' | ')' => 3,
            ':' => 4,
            _ => continue,
        };
        punct[k] = punct[k].saturating_add(1);
    }
    punct
}

/// What a distinct word contributes: its stem, and its cognate key with
/// the number of letters it needs to count (names count from 3 letters,
/// other words from [`COGNATE_MIN`]).
fn analyse_word(lower: &str, stemmer: &crate::lang::WordStemmer) -> (String, Option<String>, usize) {
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    let key: String = translit::skeleton(lower).chars().take(COGNATE_PREFIX).collect();
    let cognate = (letters >= 3 && key.chars().count() >= 3).then(|| format!("c:{key}"));
    (stemmer.stem(lower).into_owned(), cognate, letters)
}

/// Sentence pairs a lexicon is learned from, at most.
const LEARN_PAIRS: usize = 20_000;

/// Sentences tokenised at a time: bounds the memory of raw tokens.
const BATCH: usize = 4_096;

/// Folds spellings that texts use interchangeably: Russian ё is written е
/// in most printed texts.
pub(crate) fn fold(lower: &str, lang: Lang) -> String {
    if lang == Lang::Russian && lower.contains('ё') {
        lower.replace('ё', "е")
    } else {
        lower.to_string()
    }
}

/// A bilingual dictionary over stems, ready for any document pair of its
/// languages: for every target stem, the source stems it may translate.
#[derive(Debug, Default)]
pub(crate) struct StemDictionary {
    pub src: Option<Lang>,
    pub tgt: Option<Lang>,
    tgt_to_src: HashMap<String, Vec<String>>,
}

impl StemDictionary {
    /// Stems both sides of every single-word pair of `dict`.
    pub fn new(dict: &dict::Dictionary) -> StemDictionary {
        let (sl, tl) = (dict.src_lang(), dict.tgt_lang());
        let ss = sl.stemmer();
        let ts = tl.stemmer();
        let mut tgt_to_src: HashMap<String, Vec<String>> = HashMap::new();
        for (a, b) in dict.pairs() {
            if a.contains(' ') || b.contains(' ') {
                continue;
            }
            let sa = ss.stem(&fold(a, sl)).into_owned();
            let tb = ts.stem(&fold(b, tl)).into_owned();
            let v = tgt_to_src.entry(tb).or_default();
            if !v.contains(&sa) {
                v.push(sa);
            }
        }
        StemDictionary { src: Some(sl), tgt: Some(tl), tgt_to_src }
    }

    /// The number of target stems with translations.
    pub fn len(&self) -> usize {
        self.tgt_to_src.len()
    }

    /// The dictionary's pairs among the stems of one document pair.
    pub fn lexicon(&self, src: &Side, tgt: &Side) -> Lexicon {
        let src_ids: HashMap<&str, u32> =
            src.stem_names.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
        let mut lex = Lexicon::empty(tgt.stem_names.len());
        for (t, name) in tgt.stem_names.iter().enumerate() {
            if let Some(srcs) = self.tgt_to_src.get(name) {
                for s in srcs {
                    if let Some(&id) = src_ids.get(s.as_str()) {
                        lex.add(id, t as u32);
                    }
                }
            }
        }
        lex
    }
}

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
        let (s, t) = rayon::join(|| Side::tokenise(src), || Side::tokenise(tgt));
        (s.finish(shared), t.finish(shared))
    }

    /// Tokenises `doc` and analyses its distinct words. Batches of sentences
    /// are tokenised in parallel, each with its own small vocabulary; the
    /// vocabularies are then merged in order (one look-up per distinct word
    /// of a batch, not per occurrence), and every distinct word is analysed
    /// (stemmed, romanised) once.
    fn tokenise(doc: &Document<'_>) -> Tokenised {
        let lang = doc.lang();
        let stemmer = lang.stemmer();
        let batches: Vec<Batch> = (0..doc.len())
            .step_by(BATCH)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| Batch::tokenise(doc, start..(start + BATCH).min(doc.len()), lang))
            .collect();
        let mut word_ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut distinct: Vec<&str> = Vec::new();
        let maps: Vec<Vec<u32>> = batches
            .iter()
            .map(|b| {
                b.vocab
                    .iter()
                    .map(|w| {
                        *word_ids.entry(w.as_str()).or_insert_with(|| {
                            distinct.push(w.as_str());
                            (distinct.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        drop(word_ids);
        let analysed = distinct.par_iter().map(|w| analyse_word(w, &stemmer)).collect();
        Tokenised { batches, maps, analysed }
    }
}

impl Tokenised {
    /// Interns the stems (the side's own vocabulary) and the shared keys,
    /// and lays the sentences out flat.
    fn finish(self, shared: &mut Shared) -> Side {
        let Tokenised { batches, maps, analysed } = self;
        let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
        let word_info: Vec<(u32, u32, usize)> = analysed
            .into_iter()
            .map(|(stem, cog, letters)| {
                let n = stem_ids.len() as u32;
                let id = *stem_ids.entry(stem).or_insert(n);
                (id, cog.map_or(NONE, |c| shared.intern(c)), letters)
            })
            .collect();
        let number_maps: Vec<Vec<u32>> =
            batches.iter().map(|b| b.number_keys.iter().map(|k| shared.intern(k.clone())).collect()).collect();
        // each batch's words as sorted, distinct (stem, cognate) runs;
        // each batch is dropped as soon as it is finished
        let parts: Vec<(Finished, Vec<[u8; 5]>)> = batches
            .into_par_iter()
            .zip(maps)
            .zip(number_maps)
            .map(|((b, map), nmap)| (b.finish(&map, &nmap, &word_info), b.punct))
            .collect();
        let mut side = Side::default();
        let total = |f: &dyn Fn(&Finished) -> usize| parts.iter().map(|(p, _)| f(p)).sum::<usize>();
        side.words.reserve_exact(total(&|p| p.0.len()));
        side.word_ends.reserve_exact(total(&|p| p.1.len()));
        side.numbers.reserve_exact(total(&|p| p.2.len()));
        side.number_ends.reserve_exact(total(&|p| p.3.len()));
        side.punct.reserve_exact(total(&|p| p.1.len()));
        for ((words, word_ends, numbers, number_ends), punct) in parts {
            let (wbase, nbase) = (side.words.len() as u32, side.numbers.len() as u32);
            side.words.extend(words);
            side.word_ends.extend(word_ends.into_iter().map(|e| e + wbase));
            side.numbers.extend(numbers);
            side.number_ends.extend(number_ends.into_iter().map(|e| e + nbase));
            side.punct.extend(punct);
        }
        side.stem_names = vec![String::new(); stem_ids.len()];
        for (s, id) in stem_ids {
            side.stem_names[id as usize] = s;
        }
        side
    }
}

/// Sorts `v[from..]` and drops its repeats, leaving `v[..from]` alone.
fn sort_dedup_from<T: Ord + Copy>(v: &mut Vec<T>, from: usize) {
    v[from..].sort_unstable();
    let mut kept = from;
    for r in from..v.len() {
        if kept == from || v[r] != v[kept - 1] {
            v[kept] = v[r];
            kept += 1;
        }
    }
    v.truncate(kept);
}

/// A batch's words (stem, cognate), their ends, its numbers and their ends.
type Finished = (Vec<(u32, u32)>, Vec<u32>, Vec<u32>, Vec<u32>);

/// Calls its argument with the alternatives of each word of sentence `k`.
type WordsOf<'a> = dyn Fn(usize, &mut dyn FnMut(&[u32])) + Sync + 'a;

/// The tokens of a batch of sentences, numbered in the batch's own vocabulary.
struct Batch {
    /// The distinct words of the batch.
    vocab: Vec<String>,
    /// (word, written like a name) of every sentence, flat.
    occurrences: Vec<(u32, bool)>,
    ends: Vec<u32>,
    /// The distinct number keys of the batch, and each sentence's numbers.
    number_keys: Vec<String>,
    numbers: Vec<u32>,
    number_ends: Vec<u32>,
    punct: Vec<[u8; 5]>,
}

impl Batch {
    fn tokenise(doc: &Document<'_>, range: std::ops::Range<usize>, lang: Lang) -> Batch {
        let mut b = Batch {
            vocab: Vec::new(),
            occurrences: Vec::new(),
            ends: Vec::with_capacity(range.len()),
            number_keys: Vec::new(),
            numbers: Vec::new(),
            number_ends: Vec::with_capacity(range.len()),
            punct: Vec::with_capacity(range.len()),
        };
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut nids: FxHashMap<String, u32> = FxHashMap::default();
        let mut buf = String::new();
        for i in range {
            let text = doc.sentence_match_text(i);
            let punct = scan(&text, lang, &mut buf, |w, name| {
                let id = match ids.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = b.vocab.len() as u32;
                        b.vocab.push(w.to_string());
                        ids.insert(w.to_string(), id);
                        id
                    }
                };
                b.occurrences.push((id, name));
            });
            b.ends.push(b.occurrences.len() as u32);
            for k in numbers(&text).into_iter().map(|(_, v)| format!("n:{v}")) {
                let n = nids.len() as u32;
                let id = *nids.entry(k).or_insert_with_key(|k| {
                    b.number_keys.push(k.clone());
                    n
                });
                b.numbers.push(id);
            }
            b.number_ends.push(b.numbers.len() as u32);
            b.punct.push(punct);
        }
        b
    }

    /// The batch's sentences as sorted, distinct (stem, cognate) words and
    /// sorted, distinct numbers, in global ids.
    fn finish(&self, map: &[u32], nmap: &[u32], info: &[(u32, u32, usize)]) -> Finished {
        let mut words: Vec<(u32, u32)> = Vec::with_capacity(self.occurrences.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        let mut numbers = Vec::with_capacity(self.numbers.len());
        let mut number_ends = Vec::with_capacity(self.ends.len());
        let (mut from, mut nfrom) = (0usize, 0usize);
        for (&end, &nend) in self.ends.iter().zip(&self.number_ends) {
            let first = words.len();
            for &(w, name) in &self.occurrences[from..end as usize] {
                let (stem, cog, letters) = info[map[w as usize] as usize];
                let counts = letters >= COGNATE_MIN || (name && letters >= 3);
                words.push((stem, if counts { cog } else { NONE }));
            }
            from = end as usize;
            sort_dedup_from(&mut words, first);
            ends.push(words.len() as u32);
            let nfirst = numbers.len();
            numbers.extend(self.numbers[nfrom..nend as usize].iter().map(|&x| nmap[x as usize]));
            nfrom = nend as usize;
            sort_dedup_from(&mut numbers, nfirst);
            number_ends.push(numbers.len() as u32);
        }
        (words, ends, numbers, number_ends)
    }
}

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
        let mut cs = vec![0u32; src.stem_names.len()];
        let mut ct = vec![0u32; tgt.stem_names.len()];
        // co-occurrences bucketed by source stem (a counting sort: one pass
        // to size the buckets, one to fill them), then counted in each
        // bucket; cheaper than sorting the millions of pairs of a long book
        let mut start = vec![0usize; cs.len() + 1];
        for &(i, j) in &pairs {
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
        for &(i, j) in &pairs {
            tstems.clear();
            tstems.extend(tgt.stems(j));
            for s in src.stems(i) {
                let f = &mut fill[s as usize];
                joint[*f..*f + tstems.len()].copy_from_slice(&tstems);
                *f += tstems.len();
            }
        }
        drop(fill);
        // each source stem's bucket as its own slice, counted in parallel
        let mut buckets: Vec<(u32, &mut [u32])> = Vec::with_capacity(cs.len());
        let mut rest: &mut [u32] = &mut joint;
        for s in 0..cs.len() {
            let (bucket, tail) = rest.split_at_mut(start[s + 1] - start[s]);
            rest = tail;
            if bucket.len() >= min_count as usize {
                buckets.push((s as u32, bucket));
            }
        }
        let n = pairs.len() as u32;
        let mut cand: Vec<(u32, u32, f64)> = buckets
            .into_par_iter()
            .flat_map_iter(|(s, bucket)| {
                bucket.sort_unstable();
                let mut out = Vec::new();
                for run in bucket.chunk_by(|a, b| a == b) {
                    let c = run.len() as u32;
                    let t = run[0];
                    if c >= min_count {
                        let (a, b) = (cs[s as usize], ct[t as usize]);
                        let d = 2.0 * f64::from(c) / f64::from(a + b);
                        if d >= min_dice && association(c, a, b, n) >= MIN_ASSOCIATION {
                            out.push((s, t, d));
                        }
                    }
                }
                out
            })
            .collect();
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

/// The anchors of every sentence (or turn) of one side for one pass,
/// stored flat: each sentence a run of words, each word a few alternative
/// concept ids (a number; a cognate key; a stem the lexicon knows, or on
/// the target side the source stems it may translate). A word weighs the
/// most of its concepts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Part {
    /// Concept ids, word after word.
    ids: Vec<u32>,
    /// Where each word's ids end in `ids`.
    word_ends: Vec<u32>,
    /// The weight of each word: the most of its concepts'.
    word_weights: Vec<f32>,
    /// Where each sentence's words end in `word_ends`.
    sent_ends: Vec<u32>,
}

/// The bags of one side: parts of `per_part` sentences each (the batches
/// they were built in, in parallel), so that no concatenation ever holds
/// two copies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bags {
    parts: Vec<Part>,
    per_part: usize,
}

impl Bags {
    fn single(part: Part) -> Bags {
        Bags { per_part: part.len().max(1), parts: vec![part] }
    }

    #[inline]
    fn locate(&self, i: usize) -> (&Part, usize) {
        (&self.parts[i / self.per_part], i % self.per_part)
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Part::len).sum()
    }

    /// The words of sentence `i`, each as its concept ids and its weight.
    fn words(&self, i: usize) -> impl Iterator<Item = (&[u32], f32)> + '_ {
        let (p, k) = self.locate(i);
        p.words(k)
    }

    /// Every concept id of sentence `i` (a word's alternatives included).
    pub fn concept_ids(&self, i: usize) -> &[u32] {
        let (p, k) = self.locate(i);
        p.concept_ids(k)
    }

    /// Calls `f` with each word of sentence `i`, as its concept ids and
    /// its weight ([`words`](Self::words) as a loop, for the hot path).
    #[inline]
    fn each_word(&self, i: usize, mut f: impl FnMut(&[u32], f32)) {
        let (p, k) = self.locate(i);
        let words = p.word_range(k);
        let mut start = if words.start == 0 { 0 } else { p.word_ends[words.start - 1] as usize };
        for (&end, &w) in p.word_ends[words.clone()].iter().zip(&p.word_weights[words]) {
            f(&p.ids[start..end as usize], w);
            start = end as usize;
        }
    }

    fn word_weight(ids: &[u32], weight: &[f32]) -> f32 {
        ids.iter().map(|&x| weight[x as usize]).fold(0.0, f32::max)
    }

    /// The total word weight of each sentence.
    fn masses(&self) -> Vec<f32> {
        (0..self.len()).into_par_iter().map(|i| self.words(i).map(|(_, w)| w).sum()).collect()
    }
}

impl Part {
    /// Appends a word with the alternatives that weigh something; a word
    /// with none is dropped.
    fn push_word(&mut self, alts: impl Iterator<Item = u32>, weight: &[f32]) {
        let start = self.ids.len();
        self.ids.extend(alts.filter(|&x| weight[x as usize] > 0.0));
        if self.ids.len() > start {
            self.word_ends.push(self.ids.len() as u32);
            self.word_weights.push(Bags::word_weight(&self.ids[start..], weight));
        }
    }

    fn end_sentence(&mut self) {
        self.sent_ends.push(self.word_ends.len() as u32);
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sent_ends.len()
    }

    fn word_range(&self, i: usize) -> std::ops::Range<usize> {
        (if i == 0 { 0 } else { self.sent_ends[i - 1] as usize })..self.sent_ends[i] as usize
    }

    /// The words of sentence `i`, each as its concept ids and its weight.
    fn words(&self, i: usize) -> impl Iterator<Item = (&[u32], f32)> + '_ {
        self.word_range(i).map(move |w| {
            let start = if w == 0 { 0 } else { self.word_ends[w - 1] as usize };
            (&self.ids[start..self.word_ends[w] as usize], self.word_weights[w])
        })
    }

    /// Every concept id of sentence `i` (a word's alternatives included).
    pub fn concept_ids(&self, i: usize) -> &[u32] {
        let r = self.word_range(i);
        if r.is_empty() {
            return &[];
        }
        let start = if r.start == 0 { 0 } else { self.word_ends[r.start - 1] as usize };
        &self.ids[start..self.word_ends[r.end - 1] as usize]
    }

    fn shrink(&mut self) {
        self.ids.shrink_to_fit();
        self.word_ends.shrink_to_fit();
        self.word_weights.shrink_to_fit();
        self.sent_ends.shrink_to_fit();
    }
}

/// The anchors of both sides for one pass, with idf weights.
#[derive(Debug, Default)]
pub(crate) struct Concepts {
    pub src: Bags,
    pub tgt: Bags,
    /// Weight of each concept id (0 for concepts found on one side only).
    pub weight: Vec<f32>,
    /// Total word weight of each sentence.
    pub src_mass: Vec<f32>,
    pub tgt_mass: Vec<f32>,
}

impl Concepts {
    /// Builds the bags: numbers and cognate keys as they are, source stems
    /// that the lexicon knows, and target stems mapped to the source stems
    /// they may translate. Concepts found on one side of the pair only are
    /// dropped: they can never match. A concept weighs its inverse
    /// document frequency over the sentences of both sides, a word the most
    /// of its concepts.
    pub fn build(src: &Side, tgt: &Side, shared: &Shared, lex: &Lexicon) -> Concepts {
        let base = shared.len() as u32;
        let n_ids = base as usize + src.stem_names.len();
        let mut known = vec![false; src.stem_names.len()];
        for v in &lex.tgt_to_src {
            for &s in v {
                known[s as usize] = true;
            }
        }
        let no_src: &[u32] = &[];
        let translations = |t: u32| -> &[u32] { lex.tgt_to_src.get(t as usize).map_or(no_src, Vec::as_slice) };
        // calls `f` with the alternatives of each word of sentence `i`
        let src_words = |i: usize, f: &mut dyn FnMut(&[u32])| {
            let mut v: Vec<u32> = Vec::with_capacity(4);
            for &x in src.numbers(i) {
                f(&[x]);
            }
            for (stem, cog) in src.words(i) {
                v.clear();
                v.extend(cog);
                if known[stem as usize] {
                    v.push(base + stem);
                }
                f(&v);
            }
        };
        let tgt_words = |j: usize, f: &mut dyn FnMut(&[u32])| {
            let mut v: Vec<u32> = Vec::with_capacity(4);
            for &x in tgt.numbers(j) {
                f(&[x]);
            }
            for (stem, cog) in tgt.words(j) {
                v.clear();
                v.extend(cog);
                v.extend(translations(stem).iter().map(|&s| base + s));
                f(&v);
            }
        };
        // document frequencies on each side, counted by batches in
        // parallel, each thread in its own dense table (with the last
        // sentence that counted each concept, so that a sentence counts a
        // concept once)
        let df = |count: usize, words: &WordsOf<'_>| -> Vec<u32> {
            let starts: Vec<usize> = (0..count).step_by(BATCH).collect();
            let (df, _) = starts
                .into_par_iter()
                .fold(
                    || (vec![0u32; n_ids], vec![u32::MAX; n_ids]),
                    |(mut df, mut last), start| {
                        for k in start..(start + BATCH).min(count) {
                            words(k, &mut |alts: &[u32]| {
                                for &x in alts {
                                    if last[x as usize] != k as u32 {
                                        last[x as usize] = k as u32;
                                        df[x as usize] += 1;
                                    }
                                }
                            });
                        }
                        (df, last)
                    },
                )
                .reduce(
                    || (vec![0u32; n_ids], Vec::new()),
                    |(mut a, _), (b, _)| {
                        for (x, y) in a.iter_mut().zip(b) {
                            *x += y;
                        }
                        (a, Vec::new())
                    },
                );
            df
        };
        let (ns, nt) = (src.len(), tgt.len());
        let (df_src, df_tgt) = (df(ns, &src_words), df(nt, &tgt_words));
        let n = (ns + nt).max(1) as f32;
        // A number found on one side only still counts, against the pairs
        // that hold it: a year 1932 facing no 1932 is evidence of a
        // mismatch. Other one-sided concepts can never match and are dropped.
        let weight: Vec<f32> = (0..n_ids)
            .map(|x| {
                let number = shared.numbers.get(x).copied().unwrap_or(false);
                if df_src[x] + df_tgt[x] == 0 || (!number && (df_src[x] == 0 || df_tgt[x] == 0)) {
                    0.0
                } else {
                    (1.0 + n / (df_src[x] + df_tgt[x]) as f32).ln()
                }
            })
            .collect();
        // bags built by batches in parallel, then joined in order
        let bags = |count: usize, words: &WordsOf<'_>| -> Bags {
            let starts: Vec<usize> = (0..count).step_by(BATCH).collect();
            let parts: Vec<Part> = starts
                .into_par_iter()
                .map(|start| {
                    let mut part = Part::default();
                    for k in start..(start + BATCH).min(count) {
                        words(k, &mut |alts: &[u32]| part.push_word(alts.iter().copied(), &weight));
                        part.end_sentence();
                    }
                    part.shrink();
                    part
                })
                .collect();
            Bags { parts, per_part: BATCH }
        };
        let (src_bags, tgt_bags) = (bags(ns, &src_words), bags(nt, &tgt_words));
        Concepts { src_mass: src_bags.masses(), tgt_mass: tgt_bags.masses(), src: src_bags, tgt: tgt_bags, weight }
    }

    /// The bags of groups of consecutive sentences (turns, blocks): each
    /// group's bag holds the words of its sentences.
    pub fn grouped(&self, src: &[std::ops::Range<usize>], tgt: &[std::ops::Range<usize>]) -> Concepts {
        let join = |bags: &Bags, groups: &[std::ops::Range<usize>]| -> Bags {
            let mut out = Part::default();
            for r in groups {
                for i in r.clone() {
                    for (ids, w) in bags.words(i) {
                        out.ids.extend_from_slice(ids);
                        out.word_ends.push(out.ids.len() as u32);
                        out.word_weights.push(w);
                    }
                }
                out.end_sentence();
            }
            Bags::single(out)
        };
        let (s, t) = (join(&self.src, src), join(&self.tgt, tgt));
        Concepts { src_mass: s.masses(), tgt_mass: t.masses(), src: s, tgt: t, weight: self.weight.clone() }
    }

    /// For source sentence `i` and each target sentence `j` of `js`, the
    /// weight of the words of each that find a counterpart in the other
    /// (a word counts once however many of its concepts match), as
    /// [`Overlap`] values. `scratch` must hold `weight.len()` zeros and is
    /// left so.
    pub fn overlap(&self, i: usize, js: std::ops::Range<usize>, scratch: &mut Scratch, out: &mut [Overlap]) {
        if self.src.concept_ids(i).is_empty() {
            // nothing of sentence i can be found anywhere
            out.iter_mut().take(js.len()).for_each(|o| *o = Overlap::default());
            return;
        }
        let Scratch { mark, words } = scratch;
        mark.resize(self.weight.len(), 0);
        // words[0] stands for no word (weight 0), so that the loop below
        // adds 0 for a concept the sentence lacks instead of branching
        words.clear();
        words.push(SourceWord { last: NEVER, weight: 0.0 });
        // mark each concept of sentence i - 1 with BEFORE, and each of
        // sentence i with its word number + 1
        let before = if i > 0 { self.src.concept_ids(i - 1) } else { &[] };
        for &x in before {
            mark[x as usize] = BEFORE;
        }
        for (w, (ids, ww)) in self.src.words(i).enumerate() {
            debug_assert!((w as u32) < BEFORE - 1, "word numbers stay clear of the BEFORE bit");
            words.push(SourceWord { last: NEVER, weight: ww });
            for &x in ids {
                let m = &mut mark[x as usize];
                *m = (*m & BEFORE) | (w as u32 + 1);
            }
        }
        let flag = |b: bool| f32::from(u8::from(b));
        for (j, slot) in js.zip(out) {
            let (j, previous) = (j as u32, j.checked_sub(1).map_or(NEVER - 1, |p| p as u32));
            let mut o = Overlap::default();
            self.tgt.each_word(j as usize, |ids, ww| {
                // the marks of the word's concepts, or-ed: whether any is
                // in sentence i - 1 (BEFORE) or in sentence i
                let mut any = 0;
                for &x in ids {
                    let m = mark[x as usize];
                    any |= m;
                    // a word of sentence i counts once per sentence j
                    // (adding 0 leaves a sum as it is)
                    let s = &mut words[(m & !BEFORE) as usize];
                    let new = s.last != j;
                    o.src_both += s.weight * flag(new && s.last == previous);
                    o.src += s.weight * flag(new);
                    s.last = j;
                }
                let found = any & !BEFORE != 0;
                o.tgt += ww * flag(found);
                o.tgt_both += ww * flag(found && any & BEFORE != 0);
            });
            *slot = o;
        }
        for &x in self.src.concept_ids(i) {
            mark[x as usize] = 0;
        }
        for &x in before {
            mark[x as usize] = 0;
        }
    }
}

/// How much of the anchor weight of source sentence `i` and target
/// sentence `j` the other explains (see [`Concepts::overlap`]), with what
/// is explained twice by neighbours, so that a bead of several sentences
/// counts each word once.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Overlap {
    /// Weight of the words of `i` found in `j`.
    pub src: f32,
    /// Weight of the words of `j` found in `i`.
    pub tgt: f32,
    /// Weight of the words of `i` found both in `j - 1` and in `j`.
    pub src_both: f32,
    /// Weight of the words of `j` found both in `i - 1` and in `i`.
    pub tgt_both: f32,
}

/// The mark of a concept of the sentence before, in [`Scratch`]'s marks
/// (the other bits hold a word number).
const BEFORE: u32 = 1 << 31;

/// Scratch memory for [`Concepts::overlap`], one per thread.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    mark: Vec<u32>,
    words: Vec<SourceWord>,
}

/// A word of the source sentence in [`Concepts::overlap`]: the last target
/// sentence that found it, and its weight.
#[derive(Debug, Clone, Copy)]
struct SourceWord {
    last: u32,
    weight: f32,
}

/// No target sentence (yet).
const NEVER: u32 = u32::MAX;

#[cfg(test)]
mod tests {
    #[test]
    fn association_needs_more_than_a_few_pairs() {
        use super::{association, MIN_ASSOCIATION};
        // seen together twice in five pairs: Dice 1, but chance explains it
        assert!(association(2, 2, 2, 5) < MIN_ASSOCIATION);
        // a word of every sentence on both sides: no association at all
        assert_eq!(association(5, 5, 5, 5), 0.0);
        // three times together, never apart, in twenty pairs: significant
        assert!(association(3, 3, 3, 20) > MIN_ASSOCIATION);
        // less often together than chance: 0
        assert_eq!(association(1, 10, 10, 20), 0.0);
        // the value of a table worked by hand: k = [[2, 0], [0, 3]]
        let expected = 2.0 * (2.0 * (2.0f64 * 5.0 / 4.0).ln() + 3.0 * (3.0f64 * 5.0 / 9.0).ln());
        assert!((association(2, 2, 2, 5) - expected).abs() < 1e-12);
    }

    #[test]
    fn fast_letter_and_lower_case_agree_with_std() {
        let ranges = [0u32..0x250, 0x370..0x3ff, 0x400..0x530, 0x1e00..0x1f00, 0x2c00..0x2c60];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_upper(c), c.is_uppercase(), "{c:?}");
            let mut buf = String::new();
            super::push_lower(&mut buf, c);
            assert_eq!(buf, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }
}
