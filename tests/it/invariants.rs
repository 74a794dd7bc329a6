//! Properties of segmentation and alignment that hold for any input.

use bitext::{AlignConfig, Aligner, Alignment, Document, InputMode, Lang, Segmenter};

use crate::common::{check_beads, check_cover};
use proptest::prelude::*;

/// Text made of the pieces that matter to the rules.
fn transcript_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Вышинский. ",
        "Бухарин (к Рыкову). ",
        "VYSHINSKY: ",
        "THE PRESIDENT (to Rykov): ",
        "Да. ",
        "Mr. ",
        "т. е. ",
        "И. В. Сталин ",
        "1937 г. ",
        "3.5 ",
        "… ",
        "... ",
        "«Да.» ",
        "— Кто? — спросил он. ",
        "(No reply.) ",
        "(Молчит.)",
        "\n",
        "\n\n",
        "\r\n",
        "* * *",
        "Morning Session, March 7",
        "word ",
        "органи-\nзация ",
        "? ",
        "! ",
        ". ",
        ": ",
        "\"",
        "» ",
        "( ",
        ") ",
        "p. 5 ",
        "A. I. Rykov ",
        "\u{feff}",
        "\u{a0}",
        "x",
        "Я",
        "é",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

const LANGS: [Lang; 5] = [Lang::Russian, Lang::English, Lang::German, Lang::French, Lang::Spanish];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn sentences_cover_arbitrary_text(text in any::<String>(), li in 0..LANGS.len()) {
        let doc = Document::segment(&text, LANGS[li]);
        check_cover(&text, &doc);
    }

    #[test]
    fn sentences_cover_transcript_like_text(text in transcript_like(), li in 0..LANGS.len()) {
        let doc = Document::segment(&text, LANGS[li]);
        check_cover(&text, &doc);
    }

    #[test]
    fn lines_mode_covers_and_counts_lines(text in transcript_like()) {
        let doc = Segmenter::new(Lang::English).input(InputMode::Lines).segment(&text);
        check_cover(&text, &doc);
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines = body.split('\n').count() - usize::from(body.ends_with('\n'));
        prop_assert_eq!(doc.len(), if body.is_empty() { 0 } else { lines });
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With any cap, no sentence is longer than the cap and the sentences
    /// still cover the input exactly.
    #[test]
    fn the_sentence_cap_holds_and_loses_nothing(
        text in prop_oneof![transcript_like(), any::<String>(), "[a-zЯ .\n]{0,300}"],
        cap in 1usize..60,
        li in 0..LANGS.len(),
    ) {
        let doc = Segmenter::new(LANGS[li]).max_sentence_chars(cap).segment(&text);
        check_cover(&text, &doc);
        for s in doc.sentences() {
            prop_assert!(s.chars() <= cap, "{} chars, cap {}", s.chars(), cap);
        }
    }
}

// ---------------------------------------------------------------------------
// Alignments
// ---------------------------------------------------------------------------

/// Russian-like and English-like sentences made of anchors and filler.
fn edition() -> impl Strategy<Value = String> {
    crate::common::sentences_of(
        &[
            "Суд",
            "идет",
            "1937",
            "Рыков",
            "Rykov",
            "court",
            "the",
            "и",
            "в",
            "да",
            "No",
            "Yes",
            "3.5",
            "?",
            "!",
            "—",
            "Moscow",
            "Москва",
            "слово",
            "word",
            "\n\n",
            "VYSHINSKY:",
            "Вышинский.",
        ],
        1..10,
        0..30,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every alignment covers every sentence of both sides once, in order,
    /// with finite costs whose sum is the reported total; the same input
    /// gives the same alignment, bead for bead; and the alignment survives a
    /// round trip through JSON unchanged. (Re-scoring every bead of the best
    /// path against the DP's own increments is checked inside the aligner
    /// in debug builds, so these tests and the fuzzers check it too.)
    #[test]
    fn alignments_cover_add_up_repeat_and_round_trip(a in edition(), b in edition(), max in 2usize..=3) {
        let src = Document::segment(&a, Lang::Russian);
        let tgt = Document::segment(&b, Lang::English);
        let aligner = Aligner::new(AlignConfig::default().max_bead(max));
        let al = aligner.align(&src, &tgt).expect("align");
        check_beads(&al, src.len(), tgt.len());
        let sum: f64 = al.beads().iter().map(|b| b.cost()).sum();
        prop_assert!(al.total_cost().is_finite());
        prop_assert!((al.total_cost() - sum).abs() <= 1e-9 * (1.0 + sum.abs()));
        prop_assert_eq!(&aligner.align(&src, &tgt).expect("align"), &al);
        let json = serde_json::to_string(&al).expect("to json");
        let back: Alignment = serde_json::from_str(&json).expect("from json");
        prop_assert_eq!(&back, &al);
        prop_assert_eq!(serde_json::to_string(&back).expect("to json"), json);
    }
}
