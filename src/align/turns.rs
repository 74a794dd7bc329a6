//! Transcripts: speaker turns are aligned first, then the sentences inside
//! each aligned group of turns.
//!
//! Speakers correspond when their names meet through transliteration
//! (`Вышинский` ~ `VYSHINSKY`) or when the pair learns it: after a first
//! turn alignment, a source speaker whose 1:1 turns mostly face one target
//! speaker is mapped to it (`Председательствующий` ~ `THE PRESIDENT`).

use std::collections::HashMap;
use std::ops::Range;

use crate::anchor::translit::name_keys;
use crate::{Document, UtteranceKind};

use super::cost::Speakers;
use super::dp::Rect;
use super::Bead;

/// Speaker ids of one side: names interned in order of appearance.
pub(crate) struct Names {
    pub of_unit: Vec<u32>,
    pub names: Vec<String>,
    pub kinds: Vec<u8>,
}

pub(crate) fn names(doc: &Document<'_>) -> Names {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names = Vec::new();
    let mut of_unit = Vec::new();
    let mut kinds = Vec::new();
    for u in doc.utterances() {
        kinds.push(match u.kind() {
            UtteranceKind::Turn => 0,
            UtteranceKind::Prose => 1,
            UtteranceKind::StageDirection => 2,
            UtteranceKind::Heading => 3,
            UtteranceKind::Separator => 4,
        });
        // one speaker however the edition spells the label (`BUKHARIN:`
        // and `Bukharin:`), named as first written
        of_unit.push(match u.speaker() {
            Some(s) => *ids.entry(s.to_lowercase()).or_insert_with(|| {
                names.push(s.to_string());
                (names.len() - 1) as u32
            }),
            None => u32::MAX,
        });
    }
    Names { of_unit, names, kinds }
}

/// The speaker relation from names alone, or from names plus a learned map.
pub(crate) fn speakers(src: &Names, tgt: &Names, learned: &[(u32, u32)]) -> Speakers {
    let mut relation = vec![vec![0i8; tgt.names.len()]; src.names.len()];
    let mut known_src = vec![false; src.names.len()];
    let mut known_tgt = vec![false; tgt.names.len()];
    let mut pairs: Vec<(usize, usize)> = learned.iter().map(|&(s, t)| (s as usize, t as usize)).collect();
    // keys computed once a name, not once a pair of names
    let tgt_keys: Vec<Vec<String>> = tgt.names.iter().map(|b| name_keys(b)).collect();
    for (s, a) in src.names.iter().enumerate() {
        let ka = name_keys(a);
        for (t, kb) in tgt_keys.iter().enumerate() {
            if ka.iter().any(|k| kb.contains(k)) {
                pairs.push((s, t));
            }
        }
    }
    let pairs: std::collections::HashSet<(usize, usize)> = pairs.into_iter().collect();
    for &(s, t) in &pairs {
        known_src[s] = true;
        known_tgt[t] = true;
    }
    for (s, row) in relation.iter_mut().enumerate() {
        for (t, r) in row.iter_mut().enumerate() {
            *r = if pairs.contains(&(s, t)) {
                1
            } else if known_src[s] || known_tgt[t] {
                -1
            } else {
                0
            };
        }
    }
    Speakers {
        src: src.of_unit.clone(),
        tgt: tgt.of_unit.clone(),
        src_kind: src.kinds.clone(),
        tgt_kind: tgt.kinds.clone(),
        relation,
    }
}

/// Learns speaker pairs from 1:1 turn beads: a source speaker maps to the
/// target speaker it faces in at least two beads and in most of its beads,
/// and the other way round.
pub(crate) fn learn_map(beads: &[Bead], src: &Names, tgt: &Names) -> Vec<(u32, u32)> {
    let mut count: HashMap<(u32, u32), usize> = HashMap::new();
    let mut cs: HashMap<u32, usize> = HashMap::new();
    let mut ct: HashMap<u32, usize> = HashMap::new();
    for b in beads.iter().filter(|b| b.kind() == (1, 1)) {
        let (s, t) = (src.of_unit[b.src.start], tgt.of_unit[b.tgt.start]);
        if s == u32::MAX || t == u32::MAX {
            continue;
        }
        *count.entry((s, t)).or_default() += 1;
        *cs.entry(s).or_default() += 1;
        *ct.entry(t).or_default() += 1;
    }
    let mut map: Vec<(u32, u32)> =
        count.into_iter().filter(|&((s, t), c)| c >= 2 && 2 * c > cs[&s] && 2 * c > ct[&t]).map(|(k, _)| k).collect();
    map.sort_unstable();
    map
}

/// Turns turn beads into sentence rectangles.
pub(crate) fn groups(beads: &[Bead], src_units: &[Range<usize>], tgt_units: &[Range<usize>]) -> Vec<Rect> {
    let mut rects = Vec::with_capacity(beads.len());
    let (mut i, mut j) = (0, 0);
    for b in beads {
        let i1 = b.src.clone().last().map_or(i, |u| src_units[u].end);
        let j1 = b.tgt.clone().last().map_or(j, |u| tgt_units[u].end);
        rects.push(Rect { i0: i, i1, j0: j, j1 });
        i = i1;
        j = j1;
    }
    rects
}
