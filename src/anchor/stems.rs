//! A bilingual dictionary over stems, made once for many document pairs.

use std::collections::HashMap;

use crate::Lang;

use super::*;

/// A bilingual dictionary over stems, ready for any document pair of its
/// languages, in either direction: for every stem of one language, the
/// stems of the other it may translate.
#[derive(Debug, Default)]
pub(crate) struct StemDictionary {
    pub src: Option<Lang>,
    pub tgt: Option<Lang>,
    tgt_to_src: HashMap<String, Vec<String>>,
    src_to_tgt: HashMap<String, Vec<String>>,
}

impl StemDictionary {
    /// Stems both sides of every single-word pair of `dict`.
    pub fn new(dict: &dict::Dictionary) -> StemDictionary {
        let (sl, tl) = (dict.src_lang(), dict.tgt_lang());
        let ss = sl.stemmer();
        let ts = tl.stemmer();
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
        StemDictionary { src: Some(sl), tgt: Some(tl), tgt_to_src, src_to_tgt }
    }

    /// The dictionary's pairs among the stems of a document pair in
    /// languages `langs` (source, target), the dictionary read in whichever
    /// direction they need; `None` for other languages.
    pub fn lexicon_for(&self, langs: (Lang, Lang), src: &Side, tgt: &Side) -> Option<Lexicon> {
        let pair = (Some(langs.0), Some(langs.1));
        if pair == (self.src, self.tgt) {
            Some(lexicon(&self.tgt_to_src, src, tgt))
        } else if pair == (self.tgt, self.src) {
            Some(lexicon(&self.src_to_tgt, src, tgt))
        } else {
            None
        }
    }

    /// The number of target stems with translations.
    pub fn len(&self) -> usize {
        self.tgt_to_src.len()
    }
}

/// The pairs of `map` (target stem -> source stems) among the stems of one
/// document pair.
fn lexicon(map: &HashMap<String, Vec<String>>, src: &Side, tgt: &Side) -> Lexicon {
    let src_ids: HashMap<&str, u32> = src.stem_names.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
    let mut lex = Lexicon::empty(tgt.stem_names.len());
    for (t, name) in tgt.stem_names.iter().enumerate() {
        if let Some(srcs) = map.get(name) {
            for s in srcs {
                if let Some(&id) = src_ids.get(s.as_str()) {
                    lex.add(id, t as u32);
                }
            }
        }
    }
    lex
}
