//! The storage behind a [`Dictionary`](super::dict::Dictionary): its words
//! once each in one sorted string table, its pairs as pairs of word ids in
//! both orders, and the stems of its words, all in a few flat arrays that
//! the dictionary cache ([`super::dict_cache`]) writes and reads as they
//! are.

use std::sync::{Arc, OnceLock};

use crate::Lang;

use super::stems::{StemTables, WordStems};

/// The largest number of strings or bytes a table holds: ids and offsets
/// are `u32`.
pub(crate) const MAX_TABLE: usize = u32::MAX as usize - 1;

/// A sorted table of distinct strings, stored end to end in one string:
/// string `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first). The
/// id of a string is its rank, so ids compare as the strings do.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// The table of `sorted`, which must be sorted and distinct.
    ///
    /// # Panics
    /// When the strings are more than [`MAX_TABLE`] bytes or strings.
    pub fn from_sorted<'a>(sorted: impl IntoIterator<Item = &'a str>) -> Strings {
        let mut t = Strings::default();
        for s in sorted {
            debug_assert!(t.ends.is_empty() || t.get(t.len() as u32 - 1) < s);
            t.text.push_str(s);
            assert!(t.text.len() <= MAX_TABLE && t.ends.len() < MAX_TABLE, "dictionary too large");
            t.ends.push(t.text.len() as u32);
        }
        t
    }

    /// A table from its parts, when they are one: `ends` non-decreasing up
    /// to `text.len()`, each end on a character boundary, and the strings
    /// sorted and distinct. `None` otherwise (a damaged cache file).
    pub fn from_parts(text: String, ends: Vec<u32>) -> Option<Strings> {
        if text.len() > MAX_TABLE || ends.len() > MAX_TABLE {
            return None;
        }
        let mut start = 0usize;
        let mut previous: Option<&str> = None;
        for &end in &ends {
            let end = end as usize;
            if end < start || end > text.len() || !text.is_char_boundary(end) {
                return None;
            }
            let s = &text[start..end];
            if previous.is_some_and(|p| p >= s) {
                return None;
            }
            previous = Some(s);
            start = end;
        }
        if start != text.len() {
            return None;
        }
        Some(Strings { text, ends })
    }

    /// The number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `id`.
    ///
    /// # Panics
    /// When `id` is not below [`len`](Strings::len).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The id of `s`, if the table holds it.
    pub fn find(&self, s: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid as u32).cmp(s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The characters, end to end.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The end of every string in [`text`](Strings::text).
    pub fn ends(&self) -> &[u32] {
        &self.ends
    }
}

/// The pairs of a dictionary in its own direction (source → target),
/// shared by its clones and by its reversal.
pub(crate) struct Core {
    pub src: Lang,
    pub tgt: Lang,
    /// Every word of either side.
    pub words: Strings,
    /// `(source id, target id)`, sorted and distinct: in the order of the
    /// words themselves, since ids are ranks.
    pub by_src: Vec<(u32, u32)>,
    /// `(target id, source id)`, sorted: the pairs of the reversed
    /// dictionary. Made on first use.
    by_tgt: OnceLock<Vec<(u32, u32)>>,
    /// The stems of the words. Made on first use.
    stems: OnceLock<Arc<WordStems>>,
    /// The stem maps of the core's direction and of its reversal. Made on
    /// first use.
    tables: [OnceLock<Arc<StemTables>>; 2],
}

impl Core {
    /// The core of `pairs`, which are normalised but in any order, with
    /// duplicates.
    pub fn new(src: Lang, tgt: Lang, pairs: &[(Box<str>, Box<str>)]) -> Core {
        let mut all: Vec<&str> = pairs.iter().flat_map(|(s, t)| [&**s, &**t]).collect();
        all.sort_unstable();
        all.dedup();
        let words = Strings::from_sorted(all.iter().copied());
        let ids: rustc_hash::FxHashMap<&str, u32> = all.iter().enumerate().map(|(i, &w)| (w, i as u32)).collect();
        let mut by_src: Vec<(u32, u32)> = pairs.iter().map(|(s, t)| (ids[&**s], ids[&**t])).collect();
        by_src.sort_unstable();
        by_src.dedup();
        by_src.shrink_to_fit();
        Core::from_parts(src, tgt, words, by_src)
    }

    /// A core from its checked parts.
    pub fn from_parts(src: Lang, tgt: Lang, words: Strings, by_src: Vec<(u32, u32)>) -> Core {
        Core { src, tgt, words, by_src, by_tgt: OnceLock::new(), stems: OnceLock::new(), tables: Default::default() }
    }

    /// Gives the core the other order of its pairs and the stems of its
    /// words, as a cache file holds them.
    pub fn with_cached(self, by_tgt: Vec<(u32, u32)>, stems: WordStems) -> Core {
        let _ = self.by_tgt.set(by_tgt);
        let _ = self.stems.set(Arc::new(stems));
        self
    }

    /// The pairs in the order of `turned` (false: the core's own order).
    pub fn ordered(&self, turned: bool) -> &[(u32, u32)] {
        if !turned {
            return &self.by_src;
        }
        self.by_tgt.get_or_init(|| {
            let mut v: Vec<(u32, u32)> = self.by_src.iter().map(|&(s, t)| (t, s)).collect();
            v.sort_unstable();
            v
        })
    }

    /// The stems of the words, made on first use.
    pub fn stems(&self) -> &Arc<WordStems> {
        self.stems.get_or_init(|| Arc::new(WordStems::new(self)))
    }

    /// The stem maps in the direction of `turned`, made on first use.
    pub fn stem_tables(&self, turned: bool) -> Arc<StemTables> {
        Arc::clone(self.tables[usize::from(turned)].get_or_init(|| Arc::new(StemTables::new(self, turned))))
    }

    /// The string of word `id`.
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id)
    }
}
