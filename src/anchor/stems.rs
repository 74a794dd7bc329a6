//! A bilingual dictionary over stems, made once for many document pairs.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::Lang;

use super::dict_store::{Core, Strings};
use super::*;

/// In [`WordStems`], a word that has no stem on that side.
pub(crate) const NO_STEM: u32 = u32::MAX;

/// The stems of the words of a dictionary's single-word pairs: each source
/// word stemmed (after [`fold`]) in the source language, each target word
/// in the target language, every word once. Both sides' stems are sorted
/// string tables, so that the stems of a word are ids.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct WordStems {
    /// The stems of the source words.
    pub src: Strings,
    /// The stems of the target words.
    pub tgt: Strings,
    /// By word id: the id of its stem in `src`, or [`NO_STEM`] when the
    /// word is the source of no single-word pair.
    pub src_of: Vec<u32>,
    /// By word id: the id of its stem in `tgt`, or [`NO_STEM`].
    pub tgt_of: Vec<u32>,
}

impl WordStems {
    /// Stems the words of the single-word pairs of `core`.
    pub fn new(core: &Core) -> WordStems {
        let n = core.words.len();
        let (mut as_src, mut as_tgt) = (vec![false; n], vec![false; n]);
        for &(s, t) in &core.by_src {
            if !core.word(s).contains(' ') && !core.word(t).contains(' ') {
                as_src[s as usize] = true;
                as_tgt[t as usize] = true;
            }
        }
        let (src, src_of) = stem_side(core, &as_src, core.src);
        let (tgt, tgt_of) = stem_side(core, &as_tgt, core.tgt);
        WordStems { src, tgt, src_of, tgt_of }
    }
}

/// The stems, in `lang`, of the words marked in `used`: their table, and
/// for every word the id of its stem (or [`NO_STEM`]).
fn stem_side(core: &Core, used: &[bool], lang: Lang) -> (Strings, Vec<u32>) {
    let stemmer = lang.stemmer();
    let stems: Vec<Option<String>> = used
        .iter()
        .enumerate()
        .map(|(id, &u)| u.then(|| stemmer.stem(&fold(core.word(id as u32), lang)).into_owned()))
        .collect();
    let mut sorted: Vec<&str> = stems.iter().flatten().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let table = Strings::from_sorted(sorted.iter().copied());
    let of = stems.iter().map(|s| s.as_deref().and_then(|s| table.find(s)).unwrap_or(NO_STEM)).collect();
    (table, of)
}

/// A map from ids to lists of ids, in one array: the list of key `k` is
/// `values[starts[k]..starts[k + 1]]`.
#[derive(Debug, PartialEq, Eq)]
struct Lists {
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl Lists {
    /// The lists of `keys` keys from `(key, value)` items: each value once
    /// in its key's list, in the order of its first item.
    fn new(keys: usize, items: impl Iterator<Item = (u32, u32)> + Clone) -> Lists {
        let mut starts = vec![0u32; keys + 1];
        for (k, _) in items.clone() {
            starts[k as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut all = vec![0u32; starts[keys] as usize];
        // (the buffer is filled below, every slot once)
        for (k, v) in items {
            all[next[k as usize] as usize] = v;
            next[k as usize] += 1;
        }
        // the first of every value in each list (the lists are short)
        let mut values = Vec::with_capacity(all.len());
        let mut out = vec![0u32; keys + 1];
        for k in 0..keys {
            let begin = values.len();
            for &v in &all[starts[k] as usize..starts[k + 1] as usize] {
                if !values[begin..].contains(&v) {
                    values.push(v);
                }
            }
            out[k + 1] = values.len() as u32;
        }
        Lists { starts: out, values }
    }

    fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        &self.values[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// The two maps of a [`StemDictionary`], for one direction of a
/// dictionary's core, each made on first use (an alignment needs one).
#[derive(Debug)]
pub(crate) struct StemTables {
    stems: Arc<WordStems>,
    /// True when the direction is the core's reversed.
    turned: bool,
    /// (source stem, target stem) of every single-word pair, in the order
    /// of the pairs in this direction.
    items: Vec<(u32, u32)>,
    /// By target stem: its source stems.
    tgt_to_src: OnceLock<Lists>,
    /// By source stem: its target stems.
    src_to_tgt: OnceLock<Lists>,
}

/// The same maps (both made, if they were not yet).
impl PartialEq for StemTables {
    fn eq(&self, other: &StemTables) -> bool {
        (self.turned, &self.items, &*self.stems) == (other.turned, &other.items, &*other.stems)
            && self.tgt_to_src() == other.tgt_to_src()
            && self.src_to_tgt() == other.src_to_tgt()
    }
}

impl std::fmt::Debug for WordStems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordStems").field("src", &self.src.len()).field("tgt", &self.tgt.len()).finish()
    }
}

impl StemTables {
    /// The maps of `core` read in the direction of `turned`, each list in
    /// the order of the pairs in that direction.
    pub fn new(core: &Core, turned: bool) -> StemTables {
        let stems = Arc::clone(core.stems());
        let ws = &*stems;
        let (a_of, b_of) = if turned { (&ws.tgt_of, &ws.src_of) } else { (&ws.src_of, &ws.tgt_of) };
        let items = core
            .ordered(turned)
            .iter()
            .filter_map(|&(a, b)| {
                let (sa, sb) = (a_of[a as usize], b_of[b as usize]);
                (sa != NO_STEM && sb != NO_STEM).then_some((sa, sb))
            })
            .collect();
        StemTables { stems, turned, items, tgt_to_src: OnceLock::new(), src_to_tgt: OnceLock::new() }
    }

    /// The stems of the source and target languages, in this direction.
    fn sides(&self) -> (&Strings, &Strings) {
        if self.turned {
            (&self.stems.tgt, &self.stems.src)
        } else {
            (&self.stems.src, &self.stems.tgt)
        }
    }

    /// The target stems that the source stem `stem` may translate to, in
    /// the order of the pairs (none for a stem the dictionary lacks).
    pub fn translations_of<'s>(&'s self, stem: &str) -> impl Iterator<Item = &'s str> + 's {
        let (src, tgt) = self.sides();
        let ids = src.find(stem).map_or(&[][..], |id| self.src_to_tgt().get(id));
        ids.iter().map(move |&t| tgt.get(t))
    }

    /// By target stem: its source stems.
    fn tgt_to_src(&self) -> &Lists {
        self.tgt_to_src.get_or_init(|| Lists::new(self.sides().1.len(), self.items.iter().map(|&(s, t)| (t, s))))
    }

    /// By source stem: its target stems.
    fn src_to_tgt(&self) -> &Lists {
        self.src_to_tgt.get_or_init(|| Lists::new(self.sides().0.len(), self.items.iter().copied()))
    }
}

/// A bilingual dictionary over stems, ready for any document pair of its
/// languages, in either direction: for every stem of one language, the
/// stems of the other it may translate.
#[derive(Debug, Default)]
pub(crate) struct StemDictionary {
    pub src: Option<Lang>,
    pub tgt: Option<Lang>,
    tables: Option<Arc<StemTables>>,
}

impl StemDictionary {
    /// Stems both sides of every single-word pair of `dict` (once for a
    /// dictionary and its clones, and not at all for one from the cache).
    pub fn new(dict: &dict::Dictionary) -> StemDictionary {
        StemDictionary { src: Some(dict.src_lang()), tgt: Some(dict.tgt_lang()), tables: Some(dict.stem_tables()) }
    }

    /// The dictionary's pairs among the stems of a document pair in
    /// languages `langs` (source, target), the dictionary read in whichever
    /// direction they need; `None` for other languages.
    pub fn lexicon_for(&self, langs: (Lang, Lang), src: &Side, tgt: &Side) -> Option<Lexicon> {
        let pair = (Some(langs.0), Some(langs.1));
        let tables = self.tables.as_deref()?;
        let (src_stems, tgt_stems) = tables.sides();
        if pair == (self.src, self.tgt) {
            Some(lexicon(tables.tgt_to_src(), tgt_stems, src_stems, src, tgt))
        } else if pair == (self.tgt, self.src) {
            Some(lexicon(tables.src_to_tgt(), src_stems, tgt_stems, src, tgt))
        } else {
            None
        }
    }

    /// The number of target stems with translations.
    pub fn len(&self) -> usize {
        self.tables.as_deref().map_or(0, |t| t.sides().1.len())
    }
}

/// The pairs of `lists` (key stem -> value stems, their strings in `keys`
/// and `values`) among the stems of one document pair: keys are stems of
/// `tgt`, values of `src`.
fn lexicon(lists: &Lists, keys: &Strings, values: &Strings, src: &Side, tgt: &Side) -> Lexicon {
    let src_ids: HashMap<&str, u32> = src.stem_names.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
    let mut lex = Lexicon::empty(tgt.stem_names.len());
    for (t, name) in tgt.stem_names.iter().enumerate() {
        if let Some(key) = keys.find(name) {
            for &s in lists.get(key) {
                if let Some(&id) = src_ids.get(values.get(s)) {
                    lex.add(id, t as u32);
                }
            }
        }
    }
    lex
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dictionary;

    /// The maps as they were made before the stems were cached: a hash map
    /// a direction, filled in the order of the dictionary's pairs.
    fn reference(dict: &Dictionary) -> (HashMap<String, Vec<String>>, HashMap<String, Vec<String>>) {
        let (sl, tl) = (dict.src_lang(), dict.tgt_lang());
        let (ss, ts) = (sl.stemmer(), tl.stemmer());
        let mut tgt_to_src: HashMap<String, Vec<String>> = HashMap::new();
        let mut src_to_tgt: HashMap<String, Vec<String>> = HashMap::new();
        let add = |map: &mut HashMap<String, Vec<String>>, key: &str, value: &str| {
            let v = map.entry(key.to_string()).or_default();
            if !v.iter().any(|x| x == value) {
                v.push(value.to_string());
            }
        };
        for (a, b) in dict.pairs() {
            if a.contains(' ') || b.contains(' ') {
                continue;
            }
            let sa = ss.stem(&fold(a, sl)).into_owned();
            let tb = ts.stem(&fold(b, tl)).into_owned();
            add(&mut tgt_to_src, &tb, &sa);
            add(&mut src_to_tgt, &sa, &tb);
        }
        (tgt_to_src, src_to_tgt)
    }

    /// The maps of `tables` as strings.
    fn maps(tables: &StemTables) -> (HashMap<String, Vec<String>>, HashMap<String, Vec<String>>) {
        let (src, tgt) = tables.sides();
        let read = |lists: &Lists, keys: &Strings, values: &Strings| {
            (0..keys.len() as u32)
                .map(|k| (keys.get(k).to_string(), lists.get(k).iter().map(|&v| values.get(v).to_string()).collect()))
                .collect()
        };
        (read(tables.tgt_to_src(), tgt, src), read(tables.src_to_tgt(), src, tgt))
    }

    #[test]
    fn the_stem_maps_are_those_of_the_pairs_in_either_direction() {
        let en_ru = Dictionary::from_pairs(
            Lang::English,
            Lang::Russian,
            [
                ("house", "дом"),
                ("houses", "дома"),
                ("housing", "жильё"),
                ("home", "дом"),
                ("home", "домашний"),
                ("court", "суд"),
                ("court", "двор"),
                ("courts", "суды"),
                ("bering sea", "берингово"),
                ("sea", "море"),
                ("sea", "морской путь"),
                ("yard", "двор"),
                ("ёлка", "ёлка"),
            ],
        );
        for d in [en_ru.clone(), en_ru.reversed(), en_ru.reversed().reversed()] {
            let mine = StemDictionary::new(&d);
            let (tgt_to_src, src_to_tgt) = reference(&d);
            assert_eq!(maps(mine.tables.as_deref().unwrap()), (tgt_to_src.clone(), src_to_tgt));
            assert_eq!(mine.len(), tgt_to_src.len());
            assert_eq!((mine.src, mine.tgt), (Some(d.src_lang()), Some(d.tgt_lang())));
        }
        // the lists keep the order of the pairs: "двор" comes before "суд"
        let mine = StemDictionary::new(&en_ru);
        let (_, src_to_tgt) = maps(mine.tables.as_deref().unwrap());
        assert_eq!(src_to_tgt["court"], ["двор", "суд"]);
    }
}
