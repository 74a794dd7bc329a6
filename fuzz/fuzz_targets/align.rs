//! The aligner on two arbitrary texts (at most 3 KB each), and everything
//! that reads an alignment: pairs, find, audit and every export format.
//! Checks that the beads cover both documents once, in order, with finite
//! costs and confidences in [0, 1] (debug assertions also re-score every
//! bead of the best path).
//!
//! The input is `control byte, source, 0xFF, target` (0xFF never occurs in
//! UTF-8); the control byte chooses the languages, the input mode, the
//! largest bead with several sentences on both sides, and the largest long
//! bead (1:k, k:1).

#![no_main]

use bitext::{export, AlignConfig, Aligner, AuditOptions, FindOptions, InputMode, Lang, Segmenter};
use libfuzzer_sys::fuzz_target;

const MAX: usize = 3 * 1024;
const LANGS: [Lang; 4] = [Lang::Russian, Lang::English, Lang::German, Lang::French];

/// `bytes` cut to at most `MAX` bytes, at a char boundary, if UTF-8 text.
fn text(bytes: &[u8]) -> Option<&str> {
    let t = bitext::check_text(bytes).ok()?;
    let mut end = t.len().min(MAX);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    Some(&t[..end])
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else { return };
    let (a, b) = match rest.iter().position(|&x| x == 0xff) {
        Some(p) => (&rest[..p], &rest[p + 1..]),
        None => rest.split_at(rest.len() / 2),
    };
    let (Some(a), Some(b)) = (text(a), text(b)) else { return };
    let (sl, tl) = (LANGS[usize::from(ctl & 3)], LANGS[usize::from(ctl >> 2 & 3)]);
    let mode = if ctl & 0x10 != 0 { InputMode::Lines } else { InputMode::Text };
    let max_bead = if ctl & 0x20 != 0 { 3 } else { 2 };
    let src = Segmenter::new(sl).input(mode).segment(a);
    let tgt = Segmenter::new(tl).input(mode).segment(b);
    let max_long_bead = if ctl & 0x40 != 0 { 0 } else { 16 };
    let config = AlignConfig::default().max_bead(max_bead).max_long_bead(max_long_bead);
    let alignment = Aligner::new(config).align(&src, &tgt).expect("small inputs align");
    let (mut i, mut j) = (0, 0);
    for bead in alignment.beads() {
        assert_eq!((bead.src().start, bead.tgt().start), (i, j), "gap or overlap");
        assert!(!bead.src().is_empty() || !bead.tgt().is_empty(), "empty bead");
        // blank lines (`--input lines`) join the bead they stand in: the
        // limits are on the sentences with text
        let texts = |d: &bitext::Document<'_>, r: std::ops::Range<usize>| r.filter(|&k| !d.is_blank(k)).count();
        let (a, b) = (texts(&src, bead.src()), texts(&tgt, bead.tgt()));
        let dense = a <= max_bead && b <= max_bead;
        let long = a.min(b) == 1 && a.max(b) <= max_long_bead;
        assert!(dense || long, "a {a}:{b} bead (max_bead {max_bead}, max_long_bead {max_long_bead})");
        assert!(bead.cost().is_finite(), "cost {}", bead.cost());
        assert!((0.0..=1.0).contains(&bead.confidence()), "confidence {}", bead.confidence());
        (i, j) = (bead.src().end, bead.tgt().end);
    }
    assert_eq!((i, j), (src.len(), tgt.len()));
    assert_eq!(bitext::pairs(&alignment, &src, &tgt).count(), alignment.beads().len());
    // a query made of the first words of either side
    let query: String = a.split_whitespace().chain(b.split_whitespace()).take(2).collect::<Vec<_>>().join(" ");
    if query.chars().any(char::is_alphanumeric) {
        let _ = bitext::find(&alignment, &src, &tgt, &query, &FindOptions::default().context(2));
        let _ = bitext::find(&alignment, &src, &tgt, &query, &FindOptions::default().consecutive(true));
    }
    let audit = bitext::audit(&alignment, &src, &tgt, &AuditOptions::default());
    let _ = export::audit_json(&audit, &src, &tgt);
    let mut sink = std::io::sink();
    export::write_json(&alignment, &src, &tgt, &mut sink).expect("json");
    export::write_jsonl(&alignment, &src, &tgt, &mut sink).expect("jsonl");
    export::write_tsv(&alignment, &src, &tgt, &mut sink).expect("tsv");
    export::write_vecalign(&alignment, &mut sink).expect("vecalign");
    export::write_tmx(&alignment, &src, &tgt, &mut sink).expect("tmx");
    export::write_html(&alignment, &src, &tgt, &mut sink).expect("html");
});
