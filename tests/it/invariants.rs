//! Properties of segmentation that hold for any input.

use bitext::{Document, InputMode, Lang, Segmenter};
use proptest::prelude::*;

/// Checks that the sentences cover every non-whitespace byte of `text`
/// (after a byte-order mark) exactly once, in order, on char boundaries,
/// and that their bookkeeping is consistent.
fn check_cover(text: &str, doc: &Document<'_>) {
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut covered = vec![false; text.len()];
    let mut last_end = from;
    for (i, s) in doc.sentences().iter().enumerate() {
        assert!(s.start() >= last_end, "sentence {i} out of order");
        assert!(s.start() <= s.body_start() && s.body_start() <= s.end());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        assert!(text.is_char_boundary(s.body_start()));
        assert_eq!(s.chars(), text[s.body()].chars().count());
        let u = &doc.utterances()[s.utterance()];
        assert!(u.sentences().contains(&i), "sentence {i} not in its utterance");
        for b in s.span() {
            covered[b] = true;
        }
        last_end = s.end();
    }
    for (b, &c) in covered.iter().enumerate().skip(from) {
        if !c && text.is_char_boundary(b) {
            let ch = text[b..].chars().next().expect("char");
            assert!(ch.is_whitespace(), "byte {b} ({ch:?}) is in no sentence");
        }
    }
    let mut next = 0;
    for u in doc.utterances() {
        assert_eq!(u.sentences().start, next, "utterances must tile the sentences");
        next = u.sentences().end;
    }
    assert_eq!(next, doc.len());
}

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
