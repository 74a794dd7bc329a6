//! A bilingual dictionary over stems, made once for many document pairs.

use std::collections::HashMap;

use crate::Lang;

use super::*;

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
