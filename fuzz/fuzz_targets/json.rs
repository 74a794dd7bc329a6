//! Reading an `Alignment` from JSON (serde_json, the `serde` feature) on any
//! bytes: an error, or an alignment whose invariants hold, that every
//! reader of alignments accepts (with documents of its size), and that
//! writes back to the same value.

#![no_main]

use bitext::{export, Alignment, AuditOptions, InputMode, Lang, Segmenter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(a) = serde_json::from_slice::<Alignment>(data) else { return };
    let (mut i, mut j) = (0, 0);
    for b in a.beads() {
        assert_eq!((b.src().start, b.tgt().start), (i, j), "gap or overlap");
        assert!(!b.src().is_empty() || !b.tgt().is_empty(), "empty bead");
        assert!(b.cost().is_finite());
        assert!((0.0..=1.0).contains(&b.confidence()));
        (i, j) = (b.src().end, b.tgt().end);
    }
    assert_eq!((i, j), (a.src_len(), a.tgt_len()));
    let json = serde_json::to_string(&a).expect("write");
    assert_eq!(serde_json::from_str::<Alignment>(&json).expect("read back"), a);
    // documents of the alignment's size, one sentence a line
    if a.src_len() > 5_000 || a.tgt_len() > 5_000 {
        return;
    }
    let (st, tt) = ("Слово.\n".repeat(a.src_len()), "Word.\n".repeat(a.tgt_len()));
    let src = Segmenter::new(Lang::Russian).input(InputMode::Lines).segment(&st);
    let tgt = Segmenter::new(Lang::English).input(InputMode::Lines).segment(&tt);
    assert_eq!(bitext::pairs(&a, &src, &tgt).count(), a.beads().len());
    let audit = bitext::audit(&a, &src, &tgt, &AuditOptions::default());
    let _ = export::audit_json(&audit, &src, &tgt);
    let _ = bitext::find(&a, &src, &tgt, "word", &bitext::FindOptions::default());
    let mut sink = std::io::sink();
    export::write_json(&a, &src, &tgt, &mut sink).expect("json");
    export::write_tmx(&a, &src, &tgt, &mut sink).expect("tmx");
    export::write_html(&a, &src, &tgt, &mut sink).expect("html");
    let _ = bitext::eval::ladder_from_alignment(&a);
});
