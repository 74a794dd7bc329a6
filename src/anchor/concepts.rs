//! Anchors as concepts: each sentence a bag of concept ids with idf
//! weights, and the overlap kernel that says how much of one sentence's
//! weight another explains.

use rayon::prelude::*;

use super::*;

/// The anchors of every sentence (or turn) of one side for one pass,
/// stored flat: each sentence a run of words, each word a few alternative
/// concept ids (a number; a cognate key; a stem the lexicon knows, or on
/// the target side the source stems it may translate). A word weighs the
/// most of its concepts, read from the concepts' weights when asked: a
/// word costs 4 bytes an alternative and a bit, which is what a million
/// sentences a side can afford.
#[derive(Debug, Clone, Default)]
pub(crate) struct Part {
    /// Concept ids, word after word.
    ids: Vec<u32>,
    /// Bit `k` set: `ids[k]` is the last alternative of its word.
    word_last: Vec<u64>,
    /// Where each sentence's ids end in `ids`.
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

/// The weight of a word of alternatives `ids`: the most of theirs.
#[inline]
fn word_weight(ids: &[u32], weight: &[f32]) -> f32 {
    ids.iter().map(|&x| weight[x as usize]).fold(0.0, f32::max)
}

impl Bags {
    fn single(part: Part) -> Bags {
        Bags { per_part: part.len().max(1), parts: vec![part] }
    }

    #[inline]
    fn locate(&self, i: usize) -> (&Part, usize) {
        let (p, k) = self.place(i);
        (&self.parts[p], k)
    }

    /// The part that holds sentence `i`, and where in it.
    #[inline]
    fn place(&self, i: usize) -> (usize, usize) {
        (i / self.per_part, i % self.per_part)
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Part::len).sum()
    }

    /// Every concept id of sentence `i` (a word's alternatives included).
    pub fn concept_ids(&self, i: usize) -> &[u32] {
        let (p, k) = self.locate(i);
        &p.ids[p.id_range(k)]
    }

    /// Calls `f` with each word of sentence `i`, as its concept ids (its
    /// weight is [`word_weight`] of them, read only where it is needed).
    #[inline]
    fn each_word(&self, i: usize, mut f: impl FnMut(&[u32])) {
        let (p, k) = self.locate(i);
        let ids = p.id_range(k);
        let mut start = ids.start;
        for e in ids {
            if p.ends_word(e) {
                f(&p.ids[start..=e]);
                start = e + 1;
            }
        }
    }

    /// The total word weight of each sentence.
    fn masses(&self, weight: &[f32]) -> Vec<f32> {
        (0..self.len())
            .into_par_iter()
            .map(|i| {
                let mut mass = 0.0;
                self.each_word(i, |ids| mass += word_weight(ids, weight));
                mass
            })
            .collect()
    }

    /// The bytes the bags hold on the heap.
    fn heap_bytes(&self) -> usize {
        self.parts.iter().map(Part::heap_bytes).sum()
    }
}

impl Part {
    /// Appends a word with the alternatives that weigh something, by
    /// their compact numbers; a word with none is dropped. (The bags of
    /// [`Concepts::build`] are written by [`SideWords::push_sentence`].)
    #[cfg(test)]
    fn push_word(&mut self, alts: impl Iterator<Item = u32>, compact: &[u32]) {
        let start = self.ids.len();
        self.ids.extend(alts.map(|x| compact[x as usize]).filter(|&x| x != DROPPED));
        if self.ids.len() > start {
            self.end_word();
        }
    }

    /// Marks the last id pushed as the end of its word.
    fn end_word(&mut self) {
        let last = self.ids.len() - 1;
        // a word ends in the last block or in one after it: grown by
        // pushes, not by a resize call a word
        while self.word_last.len() <= last / 64 {
            self.word_last.push(0);
        }
        self.word_last[last / 64] |= 1 << (last % 64);
    }

    /// True when `ids[k]` is the last alternative of its word.
    #[inline]
    fn ends_word(&self, k: usize) -> bool {
        self.word_last[k / 64] >> (k % 64) & 1 != 0
    }

    fn end_sentence(&mut self) {
        self.sent_ends.push(self.ids.len() as u32);
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sent_ends.len()
    }

    /// Where the ids of sentence `i` are in `ids`.
    #[inline]
    fn id_range(&self, i: usize) -> std::ops::Range<usize> {
        (if i == 0 { 0 } else { self.sent_ends[i - 1] as usize })..self.sent_ends[i] as usize
    }

    /// The bytes the part holds on the heap.
    fn heap_bytes(&self) -> usize {
        4 * (self.ids.capacity() + self.sent_ends.capacity()) + 8 * self.word_last.capacity()
    }

    fn shrink(&mut self) {
        self.ids.shrink_to_fit();
        self.word_last.shrink_to_fit();
        self.sent_ends.shrink_to_fit();
    }
}

/// The anchors of both sides for one pass, with idf weights.
#[derive(Debug, Default)]
pub(crate) struct Concepts {
    pub src: Bags,
    pub tgt: Bags,
    /// Weight of each concept, by the compact numbers the bags hold (only
    /// concepts that weigh something are numbered).
    pub weight: Vec<f32>,
    /// Total word weight of each sentence.
    pub src_mass: Vec<f32>,
    pub tgt_mass: Vec<f32>,
    /// In how many sentences of each side each concept is, by the compact
    /// numbers (as the weights were found from them), for the anchor
    /// search of a whole side ([`crate::align`]'s chunks), which need not
    /// count them again; empty when they were not counted.
    pub src_df: Vec<u32>,
    pub tgt_df: Vec<u32>,
}

impl Concepts {
    /// The bytes the bags, weights, masses and document frequencies hold
    /// on the heap (for the memory trace).
    pub fn heap_bytes(&self) -> usize {
        let fours = self.weight.capacity() + self.src_mass.capacity() + self.tgt_mass.capacity();
        self.src.heap_bytes() + self.tgt.heap_bytes() + 4 * (fours + self.src_df.capacity() + self.tgt_df.capacity())
    }

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
        // the stems' concepts listed once for each stem, not looked up
        // again for each of its words
        let src_stems = StemConcepts::collect((0..known.len()).map(|s| known[s].then_some(base + s as u32)));
        drop(known);
        let tgt_stems = StemConcepts::collect(lex.tgt_to_src.iter().map(|v| v.iter().map(|&s| base + s)));
        let (ns, nt) = (src.len(), tgt.len());
        let src_words = SideWords { side: src, stems: &src_stems, numbering: AsTheyAre };
        let tgt_words = SideWords { side: tgt, stems: &tgt_stems, numbering: AsTheyAre };
        let (df_src, df_tgt) = rayon::join(
            || document_frequencies(ns, &src_words.by_kind(), n_ids),
            || document_frequencies(nt, &tgt_words.by_kind(), n_ids),
        );
        let weight = idf_weights(&df_src, &df_tgt, shared, ns + nt);
        // the concepts that weigh something, numbered anew in the same
        // order: the overlap kernel's marks then fit a small table
        let mut compact = vec![DROPPED; weight.len()];
        let mut kept = Vec::new();
        let (mut src_df, mut tgt_df) = (Vec::new(), Vec::new());
        for (x, &w) in weight.iter().enumerate() {
            if w > 0.0 {
                compact[x] = kept.len() as u32;
                kept.push(w);
                src_df.push(df_src[x]);
                tgt_df.push(df_tgt[x]);
            }
        }
        drop((weight, df_src, df_tgt));
        let weight = kept;
        // the bags read the stems' concepts by their compact numbers, those
        // that weigh nothing already left out
        let (src_stems, tgt_stems) = (src_stems.renumbered(&compact), tgt_stems.renumbered(&compact));
        let numbering = Compact(&compact);
        let src_words = SideWords { side: src, stems: &src_stems, numbering };
        let tgt_words = SideWords { side: tgt, stems: &tgt_stems, numbering };
        let ((src_bags, src_mass), (tgt_bags, tgt_mass)) =
            rayon::join(|| build_bags(ns, &src_words, &weight), || build_bags(nt, &tgt_words, &weight));
        Concepts { src_mass, tgt_mass, src: src_bags, tgt: tgt_bags, weight, src_df, tgt_df }
    }

    /// The bags of groups of consecutive sentences (turns, blocks): each
    /// group's bag holds the words of its sentences.
    pub fn grouped(&self, src: &[std::ops::Range<usize>], tgt: &[std::ops::Range<usize>]) -> Concepts {
        let join = |bags: &Bags, groups: &[std::ops::Range<usize>]| -> Bags {
            let mut out = Part::default();
            for r in groups {
                for i in r.clone() {
                    bags.each_word(i, |ids| {
                        out.ids.extend_from_slice(ids);
                        out.end_word();
                    });
                }
                out.end_sentence();
            }
            Bags::single(out)
        };
        let (s, t) = (join(&self.src, src), join(&self.tgt, tgt));
        let weight = self.weight.clone();
        let (src_df, tgt_df) = (Vec::new(), Vec::new());
        Concepts { src_mass: s.masses(&weight), tgt_mass: t.masses(&weight), src: s, tgt: t, weight, src_df, tgt_df }
    }

    /// For source sentence `i` and each target sentence `j` of `js`, the
    /// weight of the words of each that find a counterpart in the other
    /// (a word counts once however many of its concepts match), as
    /// [`Overlap`] values: the kernel for a single row (see
    /// [`overlap_in`](Self::overlap_in)).
    #[cfg(test)]
    pub fn overlap(&self, i: usize, js: std::ops::Range<usize>, scratch: &mut Scratch, out: &mut [Overlap]) {
        let mut columns = Columns::default();
        self.columns(&[(i, js.clone())], scratch, &mut columns);
        self.overlap_in(i, js, &columns, scratch, out);
    }

    /// Fills `columns` with the target sentences that `rows` read, each
    /// row a source sentence and the target sentences it reads (the
    /// source sentences consecutive and increasing, their ranges of target
    /// sentences in any order), for [`overlap_in`](Self::overlap_in).
    ///
    /// A concept of target sentence `j` adds something only where a row
    /// that reads `j` marks it, as a concept of its source sentence or of
    /// the one before: the others are left out of `j`, so that the kernel
    /// reads each target sentence's concepts once per stretch of rows
    /// rather than once a row (a target word often carries many source
    /// stems it may translate, and few of them are near). What is left
    /// keeps its order, its word numbers and its words' weights: the
    /// kernel finds the same concepts in the same order, so its sums are
    /// the same to the bit.
    ///
    /// Sentence `j` keeps the concepts of the source sentences from the
    /// one before the first row that may read it to the last that may: a
    /// window that moves forward with `j` (however unevenly the rows'
    /// ranges move), whose concepts are counted in the scratch's marks as
    /// it moves, each source sentence added and taken away once.
    pub fn columns(&self, rows: &[(usize, std::ops::Range<usize>)], scratch: &mut Scratch, columns: &mut Columns) {
        columns.ends.clear();
        columns.ids.clear();
        columns.each.clear();
        let reads = rows.iter().map(|(_, js)| js).filter(|js| !js.is_empty());
        let (Some(lo), Some(hi)) = (reads.clone().map(|js| js.start).min(), reads.map(|js| js.end).max()) else {
            columns.first = 0;
            return;
        };
        columns.first = lo;
        debug_assert!(rows.windows(2).all(|w| w[1].0 == w[0].0 + 1), "consecutive source sentences");
        let mark = &mut scratch.mark;
        mark.resize(self.weight.len(), 0);
        // the least start of each row's range and those after it: the last
        // row that may read `j` is the last whose least is at most `j`
        // (an empty range starts nowhere)
        let least = &mut scratch.least;
        least.clear();
        least.resize(rows.len() + 1, usize::MAX);
        for (k, (_, js)) in rows.iter().enumerate().rev() {
            least[k] = least[k + 1].min(if js.is_empty() { usize::MAX } else { js.start });
        }
        let s0 = rows[0].0;
        let count = |mark: &mut [u32], s: usize, add: bool| {
            for &x in self.src.concept_ids(s) {
                let m = &mut mark[x as usize];
                *m = if add { *m + 1 } else { *m - 1 };
            }
        };
        // the rows that may read `j`: from `first`, the first whose range
        // or one before it ends after `j`, to `last`; the source sentences
        // counted in the marks: `held`
        let (mut first, mut last, mut most_end) = (0, 0, rows[0].1.end);
        let mut held = s0.saturating_sub(1)..s0.saturating_sub(1);
        let (mut part, mut k) = self.tgt.place(lo);
        for j in lo..hi {
            while most_end <= j {
                first += 1;
                most_end = most_end.max(rows[first].1.end);
            }
            while last + 1 < rows.len() && least[last + 1] <= j {
                last += 1;
            }
            // (none in a gap between the rows' ranges: then nothing)
            let start = (s0 + first).saturating_sub(1);
            let want = start..(s0 + last + 1).max(start);
            for s in held.start..want.start.min(held.end) {
                count(mark, s, false);
            }
            for s in held.end.max(want.start)..want.end {
                count(mark, s, true);
            }
            held = want;
            // sentence j's concepts that the window holds, with their
            // words' numbers and weights
            while k == self.tgt.parts[part].len() {
                (part, k) = (part + 1, 0);
            }
            let p = &self.tgt.parts[part];
            let ids = p.id_range(k);
            // every concept written, those the window holds kept: no
            // branch that a concept could mispredict
            let mut n = columns.ids.len();
            columns.ids.resize(n + ids.len(), 0);
            columns.each.resize(n + ids.len(), (0, 0.0));
            let (mut start, mut word) = (ids.start, 0);
            for e in ids {
                if p.ends_word(e) {
                    let alts = &p.ids[start..=e];
                    let ww = word_weight(alts, &self.weight);
                    for &x in alts {
                        columns.ids[n] = x;
                        columns.each[n] = (word, ww);
                        n += usize::from(mark[x as usize] != 0);
                    }
                    (start, word) = (e + 1, word + 1);
                }
            }
            columns.ids.truncate(n);
            columns.each.truncate(n);
            columns.ends.push(n as u32);
            k += 1;
        }
        for s in held {
            count(mark, s, false);
        }
    }

    /// For source sentence `i` and each target sentence `j` of `js`, the
    /// weight of the words of each that find a counterpart in the other
    /// (a word counts once however many of its concepts match), as
    /// [`Overlap`] values. `columns` holds the target sentences of a
    /// stretch of rows of which this row (`i` reading `js`) is one (see
    /// [`columns`](Self::columns)). The scratch's marks must be all 0 and
    /// are left so.
    pub fn overlap_in(
        &self,
        i: usize,
        js: std::ops::Range<usize>,
        columns: &Columns,
        scratch: &mut Scratch,
        out: &mut [Overlap],
    ) {
        if self.src.concept_ids(i).is_empty() {
            // nothing of sentence i can be found anywhere
            out.iter_mut().take(js.len()).for_each(|o| *o = Overlap::default());
            return;
        }
        let Scratch { mark, words, hits, .. } = scratch;
        self.mark_row(i, mark, words);
        for (j, slot) in js.zip(out) {
            let (ids, each) = columns.of(j);
            *slot = found_in(ids, each, j, mark, words, hits);
        }
        self.unmark_row(i, mark);
    }

    /// [`overlap_in`](Self::overlap_in) for two source sentences at once,
    /// `i` reading the target sentences `js.0` into `out.0` and `i + 1`
    /// reading `js.1` into `out.1`: the same values, to the bit, with each
    /// target sentence that both read looked up once for the two. The
    /// lookups are the kernel's cost in a second pass, where a target word
    /// carries every source stem it may translate.
    pub fn overlap_in_two(
        &self,
        i: usize,
        js: (std::ops::Range<usize>, std::ops::Range<usize>),
        columns: &Columns,
        scratch: &mut Scratch,
        out: (&mut [Overlap], &mut [Overlap]),
    ) {
        let (lo, hi) = (js.0.start.max(js.1.start), js.0.end.min(js.1.end));
        if lo >= hi || self.src.concept_ids(i).is_empty() || self.src.concept_ids(i + 1).is_empty() {
            self.overlap_in(i, js.0, columns, scratch, out.0);
            self.overlap_in(i + 1, js.1, columns, scratch, out.1);
            return;
        }
        let Scratch { mark, words, hits, second, .. } = scratch;
        let Second { mark: mark_b, words: words_b, hits: hits_b } = second;
        self.mark_row(i, mark, words);
        self.mark_row(i + 1, mark_b, words_b);
        // each row's cells in order: those before the columns both read,
        // those both read, those after
        let (a0, b0) = (js.0.start, js.1.start);
        for j in a0..lo {
            let (ids, each) = columns.of(j);
            out.0[j - a0] = found_in(ids, each, j, mark, words, hits);
        }
        for j in b0..lo {
            let (ids, each) = columns.of(j);
            out.1[j - b0] = found_in(ids, each, j, mark_b, words_b, hits);
        }
        for j in lo..hi {
            let (ids, each) = columns.of(j);
            let rows = [(&mark[..], &mut words[..]), (&mark_b[..], &mut words_b[..])];
            (out.0[j - a0], out.1[j - b0]) = found_in_two(ids, each, j, rows, (hits, hits_b));
        }
        for j in hi..js.0.end {
            let (ids, each) = columns.of(j);
            out.0[j - a0] = found_in(ids, each, j, mark, words, hits);
        }
        for j in hi..js.1.end {
            let (ids, each) = columns.of(j);
            out.1[j - b0] = found_in(ids, each, j, mark_b, words_b, hits);
        }
        self.unmark_row(i, mark);
        self.unmark_row(i + 1, mark_b);
    }

    /// Marks each concept of source sentence `i - 1` with [`BEFORE`] and
    /// each of sentence `i` with its word's number in `words` (which
    /// start at 1: a mark of 0 is no word), for [`found_in`].
    fn mark_row(&self, i: usize, mark: &mut Vec<u32>, words: &mut Vec<SourceWord>) {
        mark.resize(self.weight.len(), 0);
        words.clear();
        words.push(SourceWord { last: NEVER, weight: 0.0 });
        let before = if i > 0 { self.src.concept_ids(i - 1) } else { &[] };
        for &x in before {
            mark[x as usize] = BEFORE;
        }
        self.src.each_word(i, |ids| {
            let w = words.len() as u32;
            debug_assert!(w < BEFORE, "word numbers stay clear of the BEFORE bit");
            words.push(SourceWord { last: NEVER, weight: word_weight(ids, &self.weight) });
            for &x in ids {
                let m = &mut mark[x as usize];
                *m = (*m & BEFORE) | w;
            }
        });
    }

    /// Sets back to 0 the marks [`mark_row`](Self::mark_row) made for
    /// source sentence `i`.
    fn unmark_row(&self, i: usize, mark: &mut [u32]) {
        for &x in self.src.concept_ids(i) {
            mark[x as usize] = 0;
        }
        if i > 0 {
            for &x in self.src.concept_ids(i - 1) {
                mark[x as usize] = 0;
            }
        }
    }
}

/// The [`Overlap`]s of target sentence `j` with two source sentences, as
/// two calls of [`found_in`] would give them: the concepts either marks
/// are found in one pass, and each sentence's sums read all of them. A hit
/// of the other sentence only adds zeros (`x + 0.0` is `x`) and closes a
/// target word early, which then adds its weight if it was found, as it
/// would have at the next hit: each sum adds the same terms in the same
/// order.
#[inline]
fn found_in_two(
    ids: &[u32],
    each: &[(u32, f32)],
    j: usize,
    [(mark_a, words_a), (mark_b, words_b)]: [(&[u32], &mut [SourceWord]); 2],
    (hits, hits_b): (&mut Hits, &mut [u32; HITS]),
) -> (Overlap, Overlap) {
    let (mut a, mut b) = (Sums::new(j), Sums::new(j));
    for (run, from) in ids.chunks(HITS).zip((0u64..).step_by(HITS)) {
        let n = marked_two(run, from, (mark_a, mark_b), hits, hits_b);
        Sums::add_two((&mut a, &mut b), (&hits[..n], &hits_b[..n]), each, (words_a, words_b));
    }
    (a.end(), b.end())
}

/// [`marked`] for two sentences' marks at once: the concepts of `run`
/// that either marks, each as its place and its mark in `mark.0` (in
/// `hits`) and its mark in `mark.1` (in `hits_b`); their number.
#[inline(never)]
fn marked_two(run: &[u32], from: u64, mark: (&[u32], &[u32]), hits: &mut Hits, hits_b: &mut [u32; HITS]) -> usize {
    let mut n = 0;
    for (e, &x) in (from << 32..).step_by(1 << 32).zip(run) {
        let (ma, mb) = (mark.0[x as usize], mark.1[x as usize]);
        hits[n % HITS] = e | u64::from(ma);
        hits_b[n % HITS] = mb;
        n += usize::from(ma | mb != 0);
    }
    n
}

/// The [`Overlap`] of a target sentence `j`, of which `ids` are the
/// concepts that may be marked and `each` their words' numbers and
/// weights, with the source sentence whose concepts `mark` marks (see
/// [`Concepts::overlap_in`]).
#[inline]
fn found_in(
    ids: &[u32],
    each: &[(u32, f32)],
    j: usize,
    mark: &[u32],
    words: &mut [SourceWord],
    hits: &mut Hits,
) -> Overlap {
    let mut sums = Sums::new(j);
    // the concepts of sentence j that sentence i or i - 1 holds, found
    // without a branch (many are not, and only those add anything), each
    // as its place and its mark, a run of concepts at a time
    for (run, from) in ids.chunks(HITS).zip((0u64..).step_by(HITS)) {
        let n = marked(run, from, mark, hits);
        sums.add(&hits[..n], each, words);
    }
    sums.end()
}

/// The target sentences of a stretch of rows of the kernel, each with only
/// the concepts that a source sentence of those rows may mark (see
/// [`Concepts::columns`]).
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// The first target sentence held.
    first: usize,
    /// Where each sentence's concepts end in `ids` and `each`.
    ends: Vec<u32>,
    /// The concepts kept, sentence after sentence.
    ids: Vec<u32>,
    /// For each concept kept, the number of its word in its sentence and
    /// the word's weight.
    each: Vec<(u32, f32)>,
}

impl Columns {
    /// The concepts kept of target sentence `j`, and their words.
    #[inline]
    fn of(&self, j: usize) -> (&[u32], &[(u32, f32)]) {
        let k = j - self.first;
        let range = if k == 0 { 0 } else { self.ends[k - 1] as usize }..self.ends[k] as usize;
        (&self.ids[range.clone()], &self.each[range])
    }
}

/// The concepts of a target sentence that [`Concepts::overlap_in`] looks up
/// at once, at most: its hits fit a table whose every index the compiler
/// knows to be in bounds.
const HITS: usize = 64;

/// The hits of a run of concepts: where each is in its sentence (the high
/// half) and its mark.
pub(super) type Hits = [u64; HITS];

/// Finds the concepts of `run` (at most [`HITS`], the first `from` in its
/// sentence) that `mark` marks, and puts them in `hits`: their number.
/// Not inlined: the loop gets the registers to itself.
#[inline(never)]
fn marked(run: &[u32], from: u64, mark: &[u32], hits: &mut Hits) -> usize {
    let mut n = 0;
    for (e, &x) in (from << 32..).step_by(1 << 32).zip(run) {
        let m = mark[x as usize];
        hits[n % HITS] = e | u64::from(m);
        n += usize::from(m != 0);
    }
    n
}

/// The sums of [`found_in`] while its hits are added: the
/// [`Overlap`]'s fields (in their order, each its own sum in the order of
/// the hits), and the word of the target sentence the last hit is
/// in: whether a hit finds a word of sentence i in it and whether one is
/// in i - 1 (as masks), and its weight, which counts once the next hit is
/// in another word, or at the end.
struct Sums {
    o: [f32; 4],
    j: u32,
    previous: u32,
    word: u32,
    found: u32,
    before: u32,
    weight: f32,
}

/// A mask of all ones where `b` holds, else 0.
#[inline]
fn all(b: bool) -> u32 {
    0u32.wrapping_sub(u32::from(b))
}

/// `w` where `mask` is all ones, else 0 (adding 0 leaves a sum as it is):
/// a choice without a branch that a hit could mispredict.
#[inline]
fn keep(w: f32, mask: u32) -> f32 {
    f32::from_bits(w.to_bits() & mask)
}

impl Sums {
    /// Nothing added yet for target sentence `j`.
    #[inline]
    fn new(j: usize) -> Sums {
        let previous = j.checked_sub(1).map_or(NEVER - 1, |p| p as u32);
        Sums { o: [0.0; 4], j: j as u32, previous, word: NEVER, found: 0, before: 0, weight: 0.0 }
    }

    /// Adds `hits`, in their order: `each` gives each concept's word and
    /// its weight, `words` the source words. The sums of the source words
    /// and those of the target words are two loops: each carries half the
    /// state, which then stays in registers, and each sum still adds in
    /// the hits' order.
    #[inline]
    fn add(&mut self, hits: &[u64], each: &[(u32, f32)], words: &mut [SourceWord]) {
        let [mut src, mut tgt, mut src_both, mut tgt_both] = self.o;
        // a word of sentence i counts once per sentence j (word 0, which a
        // concept of i - 1 only finds, weighs 0); one found in j - 1 too
        // counts in src_both
        let (j, previous) = (self.j, self.previous);
        for &h in hits {
            let s = &mut words[(h as u32 & !BEFORE) as usize];
            src += keep(s.weight, all(s.last != j));
            src_both += keep(s.weight, all(s.last == previous));
            s.last = j;
        }
        // a word of sentence j counts once, when the next hit is in
        // another word, if one of its concepts is in sentence i
        let (mut word, mut weight, mut found, mut before) = (self.word, self.weight, self.found, self.before);
        for &h in hits {
            let (m, (at, w)) = (h as u32, each[(h >> 32) as usize]);
            let next = all(at != word);
            tgt += keep(weight, next & found);
            tgt_both += keep(weight, next & found & before);
            (word, weight) = (at, w);
            found = (found & !next) | all(m & !BEFORE != 0);
            before = (before & !next) | all(m & BEFORE != 0);
        }
        self.o = [src, tgt, src_both, tgt_both];
        (self.word, self.weight, self.found, self.before) = (word, weight, found, before);
    }

    /// [`add`](Self::add) for the sums of two source sentences over the
    /// same hits, each with its own marks (`hits.0` holds the places and
    /// the first's marks, `hits.1` the second's) and source words: the
    /// target words and their weights are the same for both.
    #[inline]
    fn add_two(
        (a, b): (&mut Sums, &mut Sums),
        hits: (&[u64], &[u32]),
        each: &[(u32, f32)],
        words: (&mut [SourceWord], &mut [SourceWord]),
    ) {
        let [mut src_a, mut tgt_a, mut src_both_a, mut tgt_both_a] = a.o;
        let [mut src_b, mut tgt_b, mut src_both_b, mut tgt_both_b] = b.o;
        let (j, previous) = (a.j, a.previous);
        for (&h, &mb) in hits.0.iter().zip(hits.1) {
            let s = &mut words.0[(h as u32 & !BEFORE) as usize];
            src_a += keep(s.weight, all(s.last != j));
            src_both_a += keep(s.weight, all(s.last == previous));
            s.last = j;
            let s = &mut words.1[(mb & !BEFORE) as usize];
            src_b += keep(s.weight, all(s.last != j));
            src_both_b += keep(s.weight, all(s.last == previous));
            s.last = j;
        }
        let (mut word, mut weight) = (a.word, a.weight);
        let (mut found_a, mut before_a, mut found_b, mut before_b) = (a.found, a.before, b.found, b.before);
        for (&h, &mb) in hits.0.iter().zip(hits.1) {
            let (ma, (at, w)) = (h as u32, each[(h >> 32) as usize]);
            let next = all(at != word);
            tgt_a += keep(weight, next & found_a);
            tgt_both_a += keep(weight, next & found_a & before_a);
            tgt_b += keep(weight, next & found_b);
            tgt_both_b += keep(weight, next & found_b & before_b);
            (word, weight) = (at, w);
            found_a = (found_a & !next) | all(ma & !BEFORE != 0);
            before_a = (before_a & !next) | all(ma & BEFORE != 0);
            found_b = (found_b & !next) | all(mb & !BEFORE != 0);
            before_b = (before_b & !next) | all(mb & BEFORE != 0);
        }
        a.o = [src_a, tgt_a, src_both_a, tgt_both_a];
        b.o = [src_b, tgt_b, src_both_b, tgt_both_b];
        (a.word, a.weight, a.found, a.before) = (word, weight, found_a, before_a);
        (b.word, b.weight, b.found, b.before) = (word, weight, found_b, before_b);
    }

    /// The sums, the last word's weight added.
    #[inline]
    fn end(mut self) -> Overlap {
        self.o[1] += keep(self.weight, self.found);
        self.o[3] += keep(self.weight, self.found & self.before);
        Overlap { src: self.o[0], tgt: self.o[1], src_both: self.o[2], tgt_both: self.o[3] }
    }
}

/// The concepts of the words of one side's sentences, as the count of
/// document frequencies reads them (the bags are written by
/// [`SideWords::push_sentence`]), compiled for each numbering so that a
/// word costs no call through a pointer.
trait WordConcepts: Sync {
    /// Calls `f` with each alternative of each word of sentence `i`
    /// (numbers first, then words), the words' bounds not told: a count
    /// of the sentences that hold each concept needs none.
    fn each_id(&self, i: usize, f: impl FnMut(u32));
}

/// How a pass over the words numbers the concepts of numbers and cognate
/// keys: as they are (document frequencies), or by their compact numbers
/// (bags), where [`DROPPED`] ones are left out.
trait Numbering: Sync + Copy {
    fn of(self, x: u32) -> u32;
}

/// Concepts as they are.
#[derive(Clone, Copy)]
struct AsTheyAre;

impl Numbering for AsTheyAre {
    #[inline]
    fn of(self, x: u32) -> u32 {
        x
    }
}

/// Concepts by the compact numbers of those that weigh something.
#[derive(Clone, Copy)]
struct Compact<'a>(&'a [u32]);

impl Numbering for Compact<'_> {
    #[inline]
    fn of(self, x: u32) -> u32 {
        self.0[x as usize]
    }
}

/// The concepts each stem of one side stands for, numbered as the pass
/// that reads them wants: on the source side the stem itself (concept
/// `base + stem`) if the lexicon knows it, on the target side the source
/// stems it may translate. Stem `s`'s are `ids[start[s]..start[s + 1]]`;
/// a stem past the end has none. One list a stem, read for each of its
/// words, is cheaper than the lexicon and the numbering looked up again
/// for every word (a target word often carries several source stems).
struct StemConcepts {
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl StemConcepts {
    /// The lists of stems 0, 1, ... in turn.
    fn collect<L: IntoIterator<Item = u32>>(lists: impl Iterator<Item = L>) -> StemConcepts {
        let mut start = vec![0u32];
        let mut ids = Vec::new();
        for list in lists {
            ids.extend(list);
            start.push(ids.len() as u32);
        }
        StemConcepts { start, ids }
    }

    /// The concepts of stem `s`.
    #[inline]
    fn of(&self, s: u32) -> &[u32] {
        let s = s as usize;
        if s + 1 < self.start.len() {
            &self.ids[self.start[s] as usize..self.start[s + 1] as usize]
        } else {
            &[]
        }
    }

    /// The same lists by their `compact` numbers, each keeping its order,
    /// the concepts that weigh nothing left out.
    fn renumbered(&self, compact: &[u32]) -> StemConcepts {
        let stems = self.start.len() - 1;
        StemConcepts::collect(
            (0..stems as u32).map(|s| self.of(s).iter().map(|&x| compact[x as usize]).filter(|&x| x != DROPPED)),
        )
    }
}

impl SideWords<'_, Compact<'_>> {
    /// The ids and weight of each kind of word of the side (see
    /// [`KindConcepts`]): a word's alternatives are its cognate key, unless
    /// it weighs nothing, then its stem's concepts; it weighs the most of
    /// its cognate key's weight and `stem_weight` of its stem (the most of
    /// the stem's concepts, found once a stem; the most of weights is the
    /// same whichever way they are grouped).
    fn kind_concepts(&self, weight: &[f32], stem_weight: &[f32]) -> KindConcepts {
        let most = self
            .side
            .kinds()
            .map(|(stem, cog)| {
                let mut w = 0.0f32;
                if let Some(y) = cog.map(|c| self.numbering.of(c)).filter(|&y| y != DROPPED) {
                    w = w.max(weight[y as usize]);
                }
                if !self.stems.of(stem).is_empty() {
                    w = w.max(stem_weight[stem as usize]);
                }
                w
            })
            .collect();
        KindConcepts { lists: self.kind_lists(), weight: most }
    }

    /// Appends the words of sentence `i` to `part` and ends the sentence,
    /// each word's alternatives (`kinds`, of [`SideWords::kind_concepts`])
    /// written straight into the part (a word with none dropped), and
    /// returns the sentence's total word weight, as [`Bags::masses`] adds
    /// it up.
    #[inline]
    fn push_sentence(&self, i: usize, part: &mut Part, weight: &[f32], kinds: &KindConcepts) -> f32 {
        let mut mass = 0.0;
        for &x in self.side.numbers(i) {
            let y = self.numbering.of(x);
            if y != DROPPED {
                part.ids.push(y);
                part.end_word();
                mass += 0.0f32.max(weight[y as usize]);
            }
        }
        for &k in self.side.kinds_of(i) {
            let ids = kinds.lists.of(k);
            if !ids.is_empty() {
                part.ids.extend_from_slice(ids);
                part.end_word();
                mass += kinds.weight[k as usize];
            }
        }
        part.end_sentence();
        mass
    }
}

/// The alternatives and the weight of each kind of word of a side (a
/// (stem, cognate key) pair, see [`Side`]), found once a kind, not for
/// each word: a side has several times fewer kinds than words.
struct KindConcepts {
    /// The ids of kind `k`, by their compact numbers.
    lists: StemConcepts,
    /// The weight of a word of kind `k`: the most of its ids'.
    weight: Vec<f32>,
}

impl<N: Numbering> SideWords<'_, N> {
    /// The ids that [`SideWords::push_sentence`] writes for `sentences`,
    /// `per_kind` how many ids a word of each kind writes.
    fn ids_of(&self, sentences: std::ops::Range<usize>, per_kind: &[u32]) -> usize {
        sentences
            .map(|i| {
                let numbers = self.side.numbers(i).iter().filter(|&&x| self.numbering.of(x) != DROPPED).count();
                let words: u32 = self.side.kinds_of(i).iter().map(|&k| per_kind[k as usize]).sum();
                numbers + words as usize
            })
            .sum()
    }
}

/// The words of one side: numbers, cognate keys, and the concepts of
/// their stems (see [`StemConcepts`]), numbered by `numbering`.
struct SideWords<'a, N> {
    side: &'a Side,
    stems: &'a StemConcepts,
    numbering: N,
}

impl<'a, N: Numbering> SideWords<'a, N> {
    /// The alternatives of each kind of word of the side (a (stem,
    /// cognate key) pair, see [`Side`]): its cognate key, unless it weighs
    /// nothing, then its stem's concepts.
    fn kind_lists(&self) -> StemConcepts {
        StemConcepts::collect(self.side.kinds().map(|(stem, cog)| {
            let cog = cog.map(|c| self.numbering.of(c)).filter(|&y| y != DROPPED);
            cog.into_iter().chain(self.stems.of(stem).iter().copied())
        }))
    }

    /// The side's words as the lists of their kinds (see
    /// [`SideWords::kind_lists`]): found once a kind, not looked up again
    /// for each word.
    fn by_kind(&self) -> ByKind<'a, N> {
        ByKind { side: self.side, numbering: self.numbering, lists: self.kind_lists() }
    }
}

/// The words of one side: numbers, by `numbering`, and for each word the
/// alternatives of its kind, `lists` (see [`SideWords::kind_lists`]).
struct ByKind<'a, N> {
    side: &'a Side,
    numbering: N,
    lists: StemConcepts,
}

impl<N: Numbering> WordConcepts for ByKind<'_, N> {
    #[inline]
    fn each_id(&self, i: usize, mut f: impl FnMut(u32)) {
        for &x in self.side.numbers(i) {
            let y = self.numbering.of(x);
            if y != DROPPED {
                f(y);
            }
        }
        for &k in self.side.kinds_of(i) {
            for &x in self.lists.of(k) {
                f(x);
            }
        }
    }
}

/// In how many of the `count` sentences of one side each of the `ids`
/// concepts is (`words` gives each sentence's words' alternatives),
/// counted by batches in parallel, each thread in its own dense table
/// (with the last sentence that counted each concept, so that a sentence
/// counts a concept once).
fn document_frequencies(count: usize, words: &impl WordConcepts, ids: usize) -> Vec<u32> {
    let starts: Vec<usize> = (0..count).step_by(BATCH).collect();
    let (df, _) = starts
        .into_par_iter()
        .fold(
            || (vec![0u32; ids], vec![u32::MAX; ids]),
            |(mut df, mut last), start| {
                for k in start..(start + BATCH).min(count) {
                    words.each_id(k, |x| {
                        if last[x as usize] != k as u32 {
                            last[x as usize] = k as u32;
                            df[x as usize] += 1;
                        }
                    });
                }
                (df, last)
            },
        )
        .reduce(
            || (vec![0u32; ids], Vec::new()),
            |(mut a, _), (b, _)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                (a, Vec::new())
            },
        );
    df
}

/// The weight of each concept: its inverse document frequency over the
/// `sentences` of both sides, from its document frequencies on each.
/// A number found on one side only still counts, against the pairs that
/// hold it: a year 1932 facing no 1932 is evidence of a mismatch. Other
/// one-sided concepts can never match and weigh 0 (they are dropped).
fn idf_weights(df_src: &[u32], df_tgt: &[u32], shared: &Shared, sentences: usize) -> Vec<f32> {
    let n = sentences.max(1) as f32;
    (0..df_src.len())
        .map(|x| {
            let number = shared.numbers.get(x).copied().unwrap_or(false);
            if df_src[x] + df_tgt[x] == 0 || (!number && (df_src[x] == 0 || df_tgt[x] == 0)) {
                0.0
            } else {
                (1.0 + n / (df_src[x] + df_tgt[x]) as f32).ln()
            }
        })
        .collect()
}

/// The bags of the `count` sentences of one side (`words` gives each
/// sentence's words' alternatives, by their compact numbers, those that
/// weigh nothing left out), with the total word weight of each sentence
/// (as [`Bags::masses`] adds it up, without a second pass over the bags):
/// built by batches in parallel, kept as the batches' parts.
fn build_bags(count: usize, words: &SideWords<'_, Compact<'_>>, weight: &[f32]) -> (Bags, Vec<f32>) {
    // the weight of each stem's concepts, the most of them, found once
    let stem_weight: Vec<f32> =
        (0..words.stems.start.len() - 1).map(|s| word_weight(words.stems.of(s as u32), weight)).collect();
    let kinds = words.kind_concepts(weight, &stem_weight);
    drop(stem_weight);
    // how many ids each kind of word writes: a part's ids are counted
    // before they are written, so that the part is sized once, not grown by
    // doubling (which copies, and touches twice the pages it keeps)
    let per_kind: Vec<u32> = kinds.lists.start.windows(2).map(|w| w[1] - w[0]).collect();
    let starts: Vec<usize> = (0..count).step_by(BATCH).collect();
    let parts: Vec<(Part, Vec<f32>)> = starts
        .into_par_iter()
        .map(|start| {
            let end = (start + BATCH).min(count);
            let ids = words.ids_of(start..end, &per_kind);
            let mut part = Part {
                ids: Vec::with_capacity(ids),
                word_last: Vec::with_capacity(ids.div_ceil(64)),
                sent_ends: Vec::with_capacity(end - start),
            };
            let mut masses = Vec::with_capacity(end - start);
            for k in start..end {
                masses.push(words.push_sentence(k, &mut part, weight, &kinds));
            }
            debug_assert_eq!(part.ids.len(), ids, "the ids were counted as they are written");
            part.shrink();
            (part, masses)
        })
        .collect();
    let mut masses = Vec::with_capacity(count);
    let parts = parts
        .into_iter()
        .map(|(part, m)| {
            masses.extend(m);
            part
        })
        .collect();
    (Bags { parts, per_part: BATCH }, masses)
}

/// How much of the anchor weight of source sentence `i` and target
/// sentence `j` the other explains (see [`Concepts::overlap_in`]), with what
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
pub(super) const BEFORE: u32 = 1 << 31;

/// Scratch memory for [`Concepts::columns`] and [`Concepts::overlap_in`],
/// one per thread.
#[derive(Debug)]
pub(crate) struct Scratch {
    /// A number for each concept: 0 but while a row or a stretch of rows
    /// is read.
    mark: Vec<u32>,
    words: Vec<SourceWord>,
    /// The marked concepts of a run of a target sentence's.
    hits: Hits,
    /// The least start of the ranges of a stretch's rows from each on.
    least: Vec<usize>,
    /// The second row of [`Concepts::overlap_in_two`].
    second: Second,
}

/// The marks, the source words and the marks of the hits of the second
/// row that [`Concepts::overlap_in_two`] reads.
#[derive(Debug)]
struct Second {
    mark: Vec<u32>,
    words: Vec<SourceWord>,
    hits: [u32; HITS],
}

impl Default for Scratch {
    fn default() -> Scratch {
        let second = Second { mark: Vec::new(), words: Vec::new(), hits: [0; HITS] };
        Scratch { mark: Vec::new(), words: Vec::new(), hits: [0; HITS], least: Vec::new(), second }
    }
}

/// A word of the source sentence in [`Concepts::overlap_in`]: the last target
/// sentence that found it, and its weight.
#[derive(Debug, Clone, Copy)]
pub(super) struct SourceWord {
    last: u32,
    weight: f32,
}

/// The compact number of a concept that weighs nothing (see
/// [`Concepts::build`]).
const DROPPED: u32 = u32::MAX;

/// No target sentence (yet).
pub(super) const NEVER: u32 = u32::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sentences, each its words, each its concept ids.
    type Sentences = [Vec<Vec<u32>>];

    /// Sentences of words of concept ids, as bags (every concept kept).
    fn bags(sentences: &Sentences, concepts: usize) -> Bags {
        let all: Vec<u32> = (0..concepts as u32).collect();
        let mut part = Part::default();
        for s in sentences {
            for w in s {
                part.push_word(w.iter().copied(), &all);
            }
            part.end_sentence();
        }
        Bags::single(part)
    }

    /// What [`Concepts::overlap`] computes, straight from its definition:
    /// a word counts when one of its concepts is in the other sentence (a
    /// concept that several words of sentence `i` hold speaks for the last
    /// of them); `src_both` counts the words of `i` found in `j` and in
    /// `j - 1` (0 in the first column, whose `j - 1` the row does not
    /// read), `tgt_both` the words of `j` found in `i` of which a concept
    /// is in `i - 1`.
    fn by_definition(
        src: &[Vec<Vec<u32>>],
        tgt: &[Vec<Vec<u32>>],
        weight: &[f32],
        i: usize,
        j: usize,
        first: bool,
    ) -> [f32; 4] {
        let holds = |s: &Vec<Vec<u32>>, w: &Vec<u32>| w.iter().any(|x| s.iter().flatten().any(|y| y == x));
        let weight_of = |w: &Vec<u32>| w.iter().map(|&x| weight[x as usize]).fold(0.0, f32::max);
        let words_of = |s: &Vec<Vec<u32>>| -> Vec<Vec<u32>> { s.iter().filter(|w| !w.is_empty()).cloned().collect() };
        let (mut o, none) = ([0.0f32; 4], Vec::new());
        let before_tgt = if j > 0 && !first { &tgt[j - 1] } else { &none };
        let before_src = if i > 0 { &src[i - 1] } else { &none };
        let own = words_of(&src[i]);
        for (k, w) in own.iter().enumerate() {
            // the concepts this word speaks for
            let mine: Vec<u32> = w.iter().copied().filter(|x| !own[k + 1..].iter().any(|v| v.contains(x))).collect();
            if holds(&tgt[j], &mine) {
                o[0] += weight_of(w);
                if holds(before_tgt, &mine) {
                    o[2] += weight_of(w);
                }
            }
        }
        for w in words_of(&tgt[j]) {
            if holds(&src[i], &w) {
                o[1] += weight_of(&w);
                if holds(before_src, &w) {
                    o[3] += weight_of(&w);
                }
            }
        }
        o
    }

    /// The sums of [`by_definition`] added in the order the kernel adds
    /// them (the source words by the first concept of `j` that finds
    /// each, the target words in their order), so that they must agree to
    /// the bit: a changed kernel that adds in another order changes the
    /// aligner's output.
    fn in_kernel_order(
        src: &[Vec<Vec<u32>>],
        tgt: &[Vec<Vec<u32>>],
        weight: &[f32],
        i: usize,
        j: usize,
        first: bool,
    ) -> [f32; 4] {
        let weight_of = |w: &Vec<u32>| w.iter().map(|&x| weight[x as usize]).fold(0.0, f32::max);
        let own: Vec<&Vec<u32>> = src[i].iter().filter(|w| !w.is_empty()).collect();
        // the word of i a concept speaks for: the last that holds it
        let word_of = |x: u32| own.iter().rposition(|w| w.contains(&x));
        let found = |t: &Vec<Vec<u32>>| -> Vec<usize> {
            let mut ws = Vec::new();
            for x in t.iter().flatten() {
                if let Some(k) = word_of(*x).filter(|k| !ws.contains(k)) {
                    ws.push(k);
                }
            }
            ws
        };
        let before: Vec<usize> = if j > 0 && !first { found(&tgt[j - 1]) } else { Vec::new() };
        let mut o = [0.0f32; 4];
        for k in found(&tgt[j]) {
            o[0] += weight_of(own[k]);
            if before.contains(&k) {
                o[2] += weight_of(own[k]);
            }
        }
        let in_src = |s: &Vec<Vec<u32>>, w: &Vec<u32>| w.iter().any(|x| s.iter().flatten().any(|y| y == x));
        for w in tgt[j].iter().filter(|w| !w.is_empty() && in_src(&src[i], w)) {
            o[1] += weight_of(w);
            if i > 0 && in_src(&src[i - 1], w) {
                o[3] += weight_of(w);
            }
        }
        o
    }

    /// Runs the kernel for source sentence `i` against target sentences
    /// `js` and checks each value against [`by_definition`] and, to the
    /// bit, against [`in_kernel_order`].
    fn check(
        concepts: &Concepts,
        (src, tgt): (&Sentences, &Sentences),
        i: usize,
        js: std::ops::Range<usize>,
        scratch: &mut Scratch,
    ) -> Result<(), TestCaseError> {
        let mut out = vec![Overlap::default(); js.len()];
        concepts.overlap(i, js.clone(), scratch, &mut out);
        check_values(concepts, (src, tgt), i, js, &out)
    }

    /// Checks the kernel's values `out` for source sentence `i` against
    /// target sentences `js` (see [`check`]).
    fn check_values(
        concepts: &Concepts,
        (src, tgt): (&Sentences, &Sentences),
        i: usize,
        js: std::ops::Range<usize>,
        out: &[Overlap],
    ) -> Result<(), TestCaseError> {
        let weight = &concepts.weight;
        for (j, o) in js.clone().zip(out) {
            let want = by_definition(src, tgt, weight, i, j, j == js.start);
            let got = [o.src, o.tgt, o.src_both, o.tgt_both];
            for (g, w) in got.iter().zip(want) {
                prop_assert!((g - w).abs() <= 1e-4 * (1.0 + w), "i {i} j {j} {js:?}: {got:?} against {want:?}");
            }
            let ordered = in_kernel_order(src, tgt, weight, i, j, j == js.start);
            prop_assert_eq!(got.map(f32::to_bits), ordered.map(f32::to_bits), "i {} j {} {:?}", i, j, js);
        }
        Ok(())
    }

    /// Sentences of words of concept ids, as bags of parts of `per_part`
    /// sentences each, as [`build_bags`] makes them.
    fn bags_in_parts(sentences: &Sentences, concepts: usize, per_part: usize) -> Bags {
        let parts = sentences.chunks(per_part).map(|c| bags(c, concepts).parts.remove(0)).collect();
        Bags { parts, per_part }
    }

    /// Concepts of the sentences `src` and `tgt` (every concept kept), the
    /// target bags in parts of `per_part` sentences, as they are built.
    fn concepts_in_parts(src: &Sentences, tgt: &Sentences, weight: &[f32], per_part: usize) -> Concepts {
        Concepts { tgt: bags_in_parts(tgt, weight.len(), per_part), ..concepts_of(src, &[], weight) }
    }

    /// Rows of consecutive source sentences from `s0` (as many as `spans`,
    /// up to the `n` sentences of the source side), each reading the
    /// target sentences of its span `(start, width)`: from `start` (modulo
    /// the target side's `m`) for `width` of them, up to the last.
    fn rows_from(
        s0: usize,
        (n, m): (usize, usize),
        spans: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<(usize, std::ops::Range<usize>)> {
        spans
            .zip(s0..n)
            .map(|((start, width), i)| {
                let start = start % m;
                (i, start..(start + width).min(m))
            })
            .collect()
    }

    /// Concepts of the sentences `src` and `tgt` (every concept kept).
    fn concepts_of(src: &[Vec<Vec<u32>>], tgt: &[Vec<Vec<u32>>], weight: &[f32]) -> Concepts {
        Concepts {
            src: bags(src, weight.len()),
            tgt: bags(tgt, weight.len()),
            weight: weight.to_vec(),
            src_mass: Vec::new(),
            tgt_mass: Vec::new(),
            src_df: Vec::new(),
            tgt_df: Vec::new(),
        }
    }

    fn sentences(concepts: u32, count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Vec<Vec<u32>>>> {
        long_sentences(concepts, count, 0..7)
    }

    fn long_sentences(
        concepts: u32,
        count: std::ops::Range<usize>,
        words: std::ops::Range<usize>,
    ) -> impl Strategy<Value = Vec<Vec<Vec<u32>>>> {
        let word = prop::collection::vec(0..concepts, 1..4);
        prop::collection::vec(prop::collection::vec(word, words), count)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The overlap kernel (marks, hits, words found once) agrees with
        /// the definition on random bags, every source sentence against
        /// every range of target sentences.
        #[test]
        fn overlap_is_its_definition(
            src in sentences(10, 1..6),
            tgt in sentences(10, 1..6),
            weight in prop::collection::vec(0.1f32..3.0, 10),
        ) {
            let concepts = concepts_of(&src, &tgt, &weight);
            let mut scratch = Scratch::default();
            for i in 0..src.len() {
                for from in 0..tgt.len() {
                    check(&concepts, (&src, &tgt), i, from..tgt.len(), &mut scratch)?;
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// Target sentences of more concepts than the kernel looks up at
        /// once ([`HITS`]): the runs' hits add up in the sentence's order.
        #[test]
        fn overlap_of_long_sentences_is_its_definition(
            src in long_sentences(40, 2..5, 10..40),
            tgt in long_sentences(40, 2..5, 15..60),
            weight in prop::collection::vec(0.1f32..3.0, 40),
        ) {
            let concepts = concepts_of(&src, &tgt, &weight);
            let mut scratch = Scratch::default();
            for i in 0..src.len() {
                check(&concepts, (&src, &tgt), i, 0..tgt.len(), &mut scratch)?;
            }
        }

        /// Rows as a band has them, each a window of columns a little
        /// further on than the last; one scratch serves the rows of two
        /// pairs of sides in turn, so that nothing it kept of one pair's
        /// sentences may be taken for the other's.
        #[test]
        fn overlap_in_bands_is_its_definition(
            src in sentences(12, 20..30),
            tgt in sentences(12, 40..70),
            other in sentences(12, 40..70),
            width in 1usize..24,
            weight in prop::collection::vec(0.1f32..3.0, 12),
        ) {
            let pairs = [concepts_of(&src, &tgt, &weight), concepts_of(&src, &other, &weight)];
            let mut scratch = Scratch::default();
            for i in 0..src.len() {
                let (concepts, t) = if i % 5 == 4 { (&pairs[1], &other) } else { (&pairs[0], &tgt) };
                let from = (2 * i).min(t.len() - 1);
                check(concepts, (&src, t), i, from..(from + width).min(t.len()), &mut scratch)?;
            }
        }

        /// Stretches of rows as the table of costs reads them: the target
        /// sentences of a stretch's rows, each row's range of its own width
        /// and place (a band widened here and there, or no band at all),
        /// left with the concepts those rows may mark; then each row, and
        /// a part of it (what a retry computes again), read from them. The
        /// target bags come in parts, as they are built.
        #[test]
        fn overlap_in_stretches_is_its_definition(
            src in sentences(12, 2..30),
            tgt in sentences(12, 2..50),
            per_part in 1usize..9,
            spans in prop::collection::vec((0usize..50, 0usize..14, 0usize..4, 0usize..4), 1..14),
            first in 0usize..30,
            weight in prop::collection::vec(0.1f32..3.0, 12),
        ) {
            let concepts = concepts_in_parts(&src, &tgt, &weight, per_part);
            let rows = rows_from(first % src.len(), (src.len(), tgt.len()), spans.iter().map(|s| (s.0, s.1)));
            let mut scratch = Scratch::default();
            let mut columns = Columns::default();
            concepts.columns(&rows, &mut scratch, &mut columns);
            prop_assert!(scratch.mark.iter().all(|&m| m == 0), "the marks are left 0");
            for ((i, js), &(_, _, a, b)) in rows.iter().zip(&spans) {
                let part = (js.start + a).min(js.end)..js.end.saturating_sub(b).max(js.start + a).min(js.end);
                for js in [js.clone(), part] {
                    let mut out = vec![Overlap::default(); js.len()];
                    concepts.overlap_in(*i, js.clone(), &columns, &mut scratch, &mut out);
                    check_values(&concepts, (&src, &tgt), *i, js, &out)?;
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Two rows at a time, as a first try of the table of costs reads
        /// them: each row's values are the definition's, to the bit,
        /// whether the two rows' ranges overlap, nest, touch or lie apart,
        /// and whichever of them starts first. Breaking the kernel on
        /// purpose (the second row's hits added to the first's sums, or a
        /// target word closed without its weight) fails it.
        #[test]
        fn overlap_two_rows_at_once_is_its_definition(
            src in sentences(12, 2..30),
            tgt in sentences(12, 2..50),
            per_part in 1usize..9,
            spans in prop::collection::vec((0usize..50, 0usize..14), 2..16),
            first in 0usize..30,
            weight in prop::collection::vec(0.1f32..3.0, 12),
        ) {
            let concepts = concepts_in_parts(&src, &tgt, &weight, per_part);
            let rows = rows_from(first % src.len(), (src.len(), tgt.len()), spans.iter().copied());
            let mut scratch = Scratch::default();
            let mut columns = Columns::default();
            concepts.columns(&rows, &mut scratch, &mut columns);
            for pair in rows.chunks(2) {
                let [(i, a), (_, b)] = pair else { continue };
                let (mut out_a, mut out_b) = (vec![Overlap::default(); a.len()], vec![Overlap::default(); b.len()]);
                concepts.overlap_in_two(*i, (a.clone(), b.clone()), &columns, &mut scratch, (&mut out_a, &mut out_b));
                check_values(&concepts, (&src, &tgt), *i, a.clone(), &out_a)?;
                check_values(&concepts, (&src, &tgt), *i + 1, b.clone(), &out_b)?;
                prop_assert!(scratch.mark.iter().chain(&scratch.second.mark).all(|&m| m == 0), "the marks are left 0");
            }
        }
    }

    /// Concepts by definition: the source and target sentences' words'
    /// compact ids, the weights, the source and target masses.
    type Built = (Vec<Vec<Vec<u32>>>, Vec<Vec<Vec<u32>>>, Vec<f32>, Vec<f32>, Vec<f32>);

    /// The concepts of [`Concepts::build`] read straight from its
    /// definition: each word's alternatives (a number; its cognate key,
    /// then on the source side its stem if the lexicon knows it, on the
    /// target side the source stems the lexicon gives it), their document
    /// frequencies and weights, the bags by the compact numbers of the
    /// concepts that weigh something, and each sentence's mass.
    fn build_by_definition(src: &Side, tgt: &Side, shared: &Shared, lex: &Lexicon) -> Built {
        let base = shared.len() as u32;
        let n_ids = base as usize + src.stem_names.len();
        let known = |s: u32| lex.tgt_to_src.iter().any(|v| v.contains(&s));
        let words = |side: &Side, i: usize, source: bool| -> Vec<Vec<u32>> {
            let mut out: Vec<Vec<u32>> = side.numbers(i).iter().map(|&x| vec![x]).collect();
            for (stem, cog) in side.words(i) {
                let mut w: Vec<u32> = cog.into_iter().collect();
                if source {
                    if known(stem) {
                        w.push(base + stem);
                    }
                } else if let Some(v) = lex.tgt_to_src.get(stem as usize) {
                    w.extend(v.iter().map(|&s| base + s));
                }
                out.push(w);
            }
            out
        };
        let src_words: Vec<_> = (0..src.len()).map(|i| words(src, i, true)).collect();
        let tgt_words: Vec<_> = (0..tgt.len()).map(|j| words(tgt, j, false)).collect();
        let df = |sents: &[Vec<Vec<u32>>]| -> Vec<u32> {
            let mut df = vec![0u32; n_ids];
            for s in sents {
                let mut ids: Vec<u32> = s.iter().flatten().copied().collect();
                ids.sort_unstable();
                ids.dedup();
                for x in ids {
                    df[x as usize] += 1;
                }
            }
            df
        };
        let weight = idf_weights(&df(&src_words), &df(&tgt_words), shared, src.len() + tgt.len());
        let mut compact = vec![DROPPED; weight.len()];
        let kept: Vec<f32> = weight.iter().copied().filter(|&w| w > 0.0).collect();
        let mut k = 0;
        for (x, &w) in weight.iter().enumerate() {
            if w > 0.0 {
                compact[x] = k;
                k += 1;
            }
        }
        let bags = |sents: Vec<Vec<Vec<u32>>>| -> (Vec<Vec<Vec<u32>>>, Vec<f32>) {
            let bags: Vec<Vec<Vec<u32>>> = sents
                .into_iter()
                .map(|s| {
                    s.into_iter()
                        .map(|w| {
                            w.into_iter().map(|x| compact[x as usize]).filter(|&x| x != DROPPED).collect::<Vec<u32>>()
                        })
                        .filter(|w| !w.is_empty())
                        .collect()
                })
                .collect();
            let masses = bags.iter().map(|s| s.iter().map(|w| word_weight(w, &kept)).fold(0.0, |a, b| a + b)).collect();
            (bags, masses)
        };
        let (sb, sm) = bags(src_words);
        let (tb, tm) = bags(tgt_words);
        (sb, tb, kept, sm, tm)
    }

    /// Each sentence's words, as the bags hold them.
    fn words_of(bags: &Bags) -> Vec<Vec<Vec<u32>>> {
        (0..bags.len())
            .map(|i| {
                let mut words = Vec::new();
                bags.each_word(i, |ids| words.push(ids.to_vec()));
                words
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn built_concepts_are_those_of_the_definition(
            src_words in prop::collection::vec(prop::collection::vec(0u32..30, 0..8), 1..40),
            tgt_words in prop::collection::vec(prop::collection::vec(0u32..30, 0..8), 1..40),
            pairs in prop::collection::vec((0u32..40, 0u32..40), 0..60),
        ) {
            use crate::{InputMode, Lang, Segmenter};
            // words of a small vocabulary, some numbers and some shared
            // names (cognates) among them
            let text = |sents: &[Vec<u32>], prefix: &str| -> String {
                let mut t = String::new();
                for s in sents {
                    for &w in s {
                        match w % 5 {
                            0 => t.push_str(&format!("{} ", 1900 + w)),
                            1 => t.push_str(&format!("Name{w} ")),
                            _ => t.push_str(&format!("{prefix}{w} ")),
                        }
                    }
                    t.push_str("end.\n");
                }
                t
            };
            let seg = Segmenter::new(Lang::English).input(InputMode::Lines);
            let (st, tt) = (text(&src_words, "alpha"), text(&tgt_words, "beta"));
            let (sd, td) = (seg.segment(&st), seg.segment(&tt));
            let mut shared = Shared::default();
            let (src, tgt) = Side::analyse_pair(&sd, &td, &mut shared);
            let (ns, nt) = (src.stem_names.len() as u32, tgt.stem_names.len() as u32);
            let mut lex = Lexicon::empty(nt as usize);
            for (s, t) in pairs {
                if ns > 0 && nt > 0 {
                    lex.add(s % ns, t % nt);
                }
            }
            for lex in [Lexicon::empty(0), lex] {
                let got = Concepts::build(&src, &tgt, &shared, &lex);
                let (sb, tb, weight, sm, tm) = build_by_definition(&src, &tgt, &shared, &lex);
                prop_assert_eq!(words_of(&got.src), sb);
                prop_assert_eq!(words_of(&got.tgt), tb);
                prop_assert_eq!(got.weight.iter().map(|w| w.to_bits()).collect::<Vec<_>>(), weight.iter().map(|w| w.to_bits()).collect::<Vec<_>>());
                prop_assert_eq!(got.src_mass.iter().map(|w| w.to_bits()).collect::<Vec<_>>(), sm.iter().map(|w| w.to_bits()).collect::<Vec<_>>());
                prop_assert_eq!(got.tgt_mass.iter().map(|w| w.to_bits()).collect::<Vec<_>>(), tm.iter().map(|w| w.to_bits()).collect::<Vec<_>>());
                // each concept's document frequency: the sentences whose
                // bag holds it
                for (bags, df) in [(&got.src, &got.src_df), (&got.tgt, &got.tgt_df)] {
                    let holding: Vec<u32> = (0..got.weight.len() as u32)
                        .map(|x| (0..bags.len()).filter(|&i| bags.concept_ids(i).contains(&x)).count() as u32)
                        .collect();
                    prop_assert_eq!(df, &holding);
                }
            }
        }
    }
}
