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

pub(crate) mod translit;

use std::collections::HashMap;

use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use crate::{Document, Lang};

/// The words of one side, analysed once: stems (as ids into the side's own
/// stem vocabulary) and shared anchors (numbers, cognate keys).
#[derive(Debug, Default)]
pub(crate) struct Side {
    /// Per sentence: sorted, deduplicated stem ids.
    pub stems: Vec<Vec<u32>>,
    /// Per sentence: sorted, deduplicated shared ids (numbers, cognates).
    pub shared: Vec<Vec<u32>>,
    /// Per sentence: counts of ?, !, quotation marks, parentheses, colons.
    pub punct: Vec<[u8; 5]>,
    /// The stem strings, by id.
    pub stem_names: Vec<String>,
}

/// Raw tokens of one sentence, before interning.
struct Tokens {
    stems: Vec<String>,
    shared: Vec<String>,
    punct: [u8; 5],
}

/// The shared vocabulary (numbers and cognate keys) of a document pair.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    ids: HashMap<String, u32>,
}

impl Shared {
    fn intern(&mut self, key: String) -> u32 {
        let n = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(n)
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Minimum length in letters of a word that gets a cognate key; names
/// (capitalised words not at the start of a sentence) get one from 3 letters.
const COGNATE_MIN: usize = 5;
/// Letters of the skeleton kept in a cognate key.
const COGNATE_PREFIX: usize = 5;

fn tokens(text: &str, lang: Lang, stemmer: &rust_stemmers::Stemmer) -> Tokens {
    let mut stems = Vec::new();
    let mut shared = Vec::new();
    numbers(text, &mut shared);
    for (k, w) in text.unicode_words().enumerate() {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        let lower = w.to_lowercase();
        let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        if letters >= COGNATE_MIN || (capitalised && k > 0 && letters >= 3) {
            let sk = translit::skeleton(&lower);
            let key: String = sk.chars().take(COGNATE_PREFIX).collect();
            if key.chars().count() >= 3 {
                shared.push(format!("c:{key}"));
            }
        }
        stems.push(stemmer.stem(&lower).into_owned());
    }
    let _ = lang;
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
    Tokens { stems, shared, punct }
}

/// Pushes `n:<number>` keys for the numbers in `text`, normalised so that
/// the usual ways of writing the same number meet: groups of three digits
/// after a space, comma or period are thousands (`250 000`, `250,000`);
/// one or two digits after a comma or period are decimals (`3,5`, `3.5`).
fn numbers(text: &str, out: &mut Vec<String>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut num = String::new();
        let mut j = i;
        loop {
            while j < b.len() && b[j].is_ascii_digit() {
                num.push(b[j] as char);
                j += 1;
            }
            // a separator followed by digits
            let sep_len = if j < b.len() && matches!(b[j], b' ' | b',' | b'.') {
                1
            } else if text[j..].starts_with('\u{a0}') || text[j..].starts_with('\u{202f}') {
                text[j..].chars().next().map_or(1, char::len_utf8)
            } else {
                0
            };
            if sep_len == 0 {
                break;
            }
            let k = j + sep_len;
            let digits = b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 3 && !(k + 3 < b.len() && b[k + 3].is_ascii_digit()) {
                j = k; // thousands group
                continue;
            }
            if b[j] != b' ' && (1..=2).contains(&digits) && !num.contains('.') {
                num.push('.');
                j = k;
                continue;
            }
            break;
        }
        let trimmed = num.trim_start_matches('0');
        out.push(format!("n:{}", if trimmed.is_empty() { "0" } else { trimmed }));
        i = j.max(i + 1);
    }
}

impl Side {
    /// Analyses every sentence of `doc` (in parallel), interning shared keys
    /// into `shared`.
    pub fn analyse(doc: &Document<'_>, shared: &mut Shared) -> Side {
        let stemmer = rust_stemmers::Stemmer::create(doc.lang().stemmer_algorithm());
        let toks: Vec<Tokens> =
            (0..doc.len()).into_par_iter().map(|i| tokens(&doc.sentence_clean_text(i), doc.lang(), &stemmer)).collect();
        let mut stem_ids: HashMap<String, u32> = HashMap::new();
        let mut side = Side::default();
        for t in toks {
            let mut st: Vec<u32> = t
                .stems
                .into_iter()
                .map(|s| {
                    let n = stem_ids.len() as u32;
                    *stem_ids.entry(s).or_insert(n)
                })
                .collect();
            st.sort_unstable();
            st.dedup();
            let mut sh: Vec<u32> = t.shared.into_iter().map(|k| shared.intern(k)).collect();
            sh.sort_unstable();
            sh.dedup();
            side.stems.push(st);
            side.shared.push(sh);
            side.punct.push(t.punct);
        }
        side.stem_names = vec![String::new(); stem_ids.len()];
        for (s, id) in stem_ids {
            side.stem_names[id as usize] = s;
        }
        side
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

    pub fn add(&mut self, src: u32, tgt: u32) {
        let v = &mut self.tgt_to_src[tgt as usize];
        if !v.contains(&src) {
            v.push(src);
        }
    }

    /// Learns pairs from sentence pairs believed to be translations: the
    /// Dice coefficient of co-occurrence, `2 c(s, t) / (c(s) + c(t))`,
    /// keeping pairs seen at least `min_count` times with Dice at least
    /// `min_dice`, at most `per_word` source stems per target stem.
    pub fn learn(
        src: &Side,
        tgt: &Side,
        pairs: &[(usize, usize)],
        min_count: u32,
        min_dice: f64,
        per_word: usize,
    ) -> Lexicon {
        let mut cs = vec![0u32; src.stem_names.len()];
        let mut ct = vec![0u32; tgt.stem_names.len()];
        let mut joint: HashMap<(u32, u32), u32> = HashMap::new();
        for &(i, j) in pairs {
            for &s in &src.stems[i] {
                cs[s as usize] += 1;
            }
            for &t in &tgt.stems[j] {
                ct[t as usize] += 1;
            }
            for &s in &src.stems[i] {
                for &t in &tgt.stems[j] {
                    *joint.entry((s, t)).or_insert(0) += 1;
                }
            }
        }
        let mut cand: Vec<(u32, u32, f64)> = joint
            .into_iter()
            .filter(|&(_, c)| c >= min_count)
            .map(|((s, t), c)| (s, t, 2.0 * f64::from(c) / f64::from(cs[s as usize] + ct[t as usize])))
            .filter(|&(_, _, d)| d >= min_dice)
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

/// Concept sets of both sides for one pass, with idf weights.
#[derive(Debug)]
pub(crate) struct Concepts {
    pub src: Vec<Vec<u32>>,
    pub tgt: Vec<Vec<u32>>,
    /// Weight of each concept id.
    pub weight: Vec<f32>,
    /// Sum of weights of each sentence's concepts.
    pub src_mass: Vec<f32>,
    pub tgt_mass: Vec<f32>,
}

impl Concepts {
    /// Builds the concept sets: shared ids as they are, source stems that
    /// the lexicon knows, and target stems mapped to the source stems they
    /// may translate. Concepts found on one side of the pair only are
    /// dropped: they can never match.
    pub fn build(src: &Side, tgt: &Side, shared: &Shared, lex: &Lexicon) -> Concepts {
        let base = shared.len() as u32;
        let mut known = vec![false; src.stem_names.len()];
        for v in &lex.tgt_to_src {
            for &s in v {
                known[s as usize] = true;
            }
        }
        let mut src_sets: Vec<Vec<u32>> = src
            .shared
            .iter()
            .zip(&src.stems)
            .map(|(sh, st)| {
                let mut v = sh.clone();
                v.extend(st.iter().filter(|&&s| known[s as usize]).map(|&s| base + s));
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let mut tgt_sets: Vec<Vec<u32>> = tgt
            .shared
            .iter()
            .zip(&tgt.stems)
            .map(|(sh, st)| {
                let mut v = sh.clone();
                for &t in st {
                    if let Some(srcs) = lex.tgt_to_src.get(t as usize) {
                        v.extend(srcs.iter().map(|&s| base + s));
                    }
                }
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let n_ids = base as usize + src.stem_names.len();
        let mut df_src = vec![0u32; n_ids];
        let mut df_tgt = vec![0u32; n_ids];
        for v in &src_sets {
            for &x in v {
                df_src[x as usize] += 1;
            }
        }
        for v in &tgt_sets {
            for &x in v {
                df_tgt[x as usize] += 1;
            }
        }
        for v in &mut src_sets {
            v.retain(|&x| df_tgt[x as usize] > 0);
        }
        for v in &mut tgt_sets {
            v.retain(|&x| df_src[x as usize] > 0);
        }
        let n = (src_sets.len() + tgt_sets.len()).max(1) as f32;
        let weight: Vec<f32> = (0..n_ids)
            .map(|x| {
                let df = (df_src[x] + df_tgt[x]) as f32;
                if df == 0.0 {
                    0.0
                } else {
                    (1.0 + n / df).ln()
                }
            })
            .collect();
        let mass = |sets: &[Vec<u32>]| -> Vec<f32> {
            sets.iter().map(|v| v.iter().map(|&x| weight[x as usize]).sum()).collect()
        };
        Concepts { src_mass: mass(&src_sets), tgt_mass: mass(&tgt_sets), src: src_sets, tgt: tgt_sets, weight }
    }

    /// The concepts of groups of sentences (speaker turns): each group's set
    /// is the union of its sentences' sets, with the same weights.
    pub fn grouped(&self, src: &[std::ops::Range<usize>], tgt: &[std::ops::Range<usize>]) -> Concepts {
        let union = |sets: &[Vec<u32>], groups: &[std::ops::Range<usize>]| -> Vec<Vec<u32>> {
            groups
                .iter()
                .map(|r| {
                    let mut v: Vec<u32> = sets[r.clone()].iter().flatten().copied().collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                })
                .collect()
        };
        let src_sets = union(&self.src, src);
        let tgt_sets = union(&self.tgt, tgt);
        let mass = |sets: &[Vec<u32>]| -> Vec<f32> {
            sets.iter().map(|v| v.iter().map(|&x| self.weight[x as usize]).sum()).collect()
        };
        Concepts {
            src_mass: mass(&src_sets),
            tgt_mass: mass(&tgt_sets),
            src: src_sets,
            tgt: tgt_sets,
            weight: self.weight.clone(),
        }
    }

    /// The weight of the concepts that source sentence `i` and target
    /// sentence `j` share. `scratch` must be all zeros, as long as the
    /// weight table, and is left all zeros.
    pub fn overlap(&self, i: usize, js: impl Iterator<Item = usize>, scratch: &mut [f32], out: &mut Vec<f32>) {
        for &x in &self.src[i] {
            scratch[x as usize] = self.weight[x as usize];
        }
        for j in js {
            out.push(self.tgt[j].iter().map(|&x| scratch[x as usize]).sum());
        }
        for &x in &self.src[i] {
            scratch[x as usize] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numbers;

    fn nums(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        numbers(s, &mut v);
        v
    }

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(nums("250 000 марок и 3,5 млн"), ["n:250000", "n:3.5"]);
        assert_eq!(nums("250,000 marks and 3.5 million"), ["n:250000", "n:3.5"]);
        assert_eq!(nums("в 1937 г., т. 5, л. 118"), ["n:1937", "n:5", "n:118"]);
        assert_eq!(nums("1928, 1929 and 07"), ["n:1928", "n:1929", "n:7"]);
    }
}
