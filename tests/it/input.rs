//! Input handling: encodings, byte-order marks, line endings, empty input.

use bitext::{check_text, Document, InputMode, Lang, Segmenter};

#[test]
fn invalid_utf8_names_the_offset() {
    let bytes = b"\xd0\x92\xd1\x8b\xd1\x88\xd0\xb8\xd0\xbd\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9. \xff\xfe";
    let err = Segmenter::new(Lang::Russian).segment_bytes(bytes).unwrap_err();
    assert_eq!(err.byte_offset(), Some(20));
    assert!(err.is_encoding());
    assert!(err.to_string().contains("byte offset 20"), "{err}");
}

#[test]
fn nul_bytes_are_binary() {
    let err = check_text(b"abc\0def").unwrap_err();
    assert_eq!(err.byte_offset(), Some(3));
    assert!(err.to_string().contains("binary"), "{err}");
}

#[test]
fn bom_is_skipped_but_offsets_count_from_the_first_byte() {
    let text = "\u{feff}VYSHINSKY: Sit down. Now.\n\nBUKHARIN: Yes.\n\nVYSHINSKY: Good.\n";
    let doc = Document::segment(text, Lang::English);
    assert_eq!(doc.sentences()[0].start(), 3);
    assert_eq!(doc.utterances()[0].speaker(), Some("VYSHINSKY"));
    assert_eq!(doc.sentence_text(0), "Sit down.");
    assert_eq!(&text[doc.sentences()[0].span()], "VYSHINSKY: Sit down.");
}

#[test]
fn crlf_works_like_lf() {
    let lf = "VYSHINSKY: Sit down.\n\nBUKHARIN: Yes. I\nwill.\n\nVYSHINSKY: Good.\n";
    let crlf = lf.replace('\n', "\r\n");
    let a = Document::segment(lf, Lang::English);
    let b = Document::segment(&crlf, Lang::English);
    let ta: Vec<String> = (0..a.len()).map(|i| a.sentence_clean_text(i).into_owned()).collect();
    let tb: Vec<String> = (0..b.len()).map(|i| b.sentence_clean_text(i).into_owned()).collect();
    assert_eq!(ta, tb);
    assert_eq!(ta, ["Sit down.", "Yes.", "I will.", "Good."]);
    for s in b.sentences() {
        assert!(!crlf[s.span()].ends_with('\r'));
    }
}

#[test]
fn empty_and_blank_input_give_empty_documents() {
    for text in ["", "\n\n  \r\n", "\u{feff}"] {
        let doc = Document::segment(text, Lang::Russian);
        assert!(doc.is_empty());
        assert!(doc.utterances().is_empty());
    }
    assert!(Segmenter::new(Lang::English).segment_bytes(b"").expect("empty is fine").is_empty());
}

#[test]
fn lines_mode_keeps_line_indices() {
    let doc = Segmenter::new(Lang::German).input(InputMode::Lines).segment("Ein Satz. Zwei.\n\nDrei\n");
    assert_eq!(doc.len(), 3);
    assert_eq!(doc.sentence_text(0), "Ein Satz. Zwei.");
    assert_eq!(doc.sentence_text(1), "");
    assert_eq!(doc.sentence_text(2), "Drei");
}

#[test]
fn hyphenated_word_across_a_line_break_is_one_word() {
    let doc = Document::segment("Это была контрреволюционная органи-\nзация правых.\n", Lang::Russian);
    assert_eq!(doc.len(), 1);
    assert_eq!(doc.sentence_clean_text(0), "Это была контрреволюционная организация правых.");
}

#[test]
fn hard_wrapped_prose_is_one_paragraph() {
    let text =
        "The accused were brought in at ten\nin the morning. The court\nopened the session.\n\nA second paragraph.\n";
    let doc = Document::segment(text, Lang::English);
    assert_eq!(doc.paragraph_count(), 2);
    assert_eq!(doc.len(), 3);
    assert_eq!(doc.utterances().len(), 2);
}

/// Sentences one already has stay whole, line breaks and all, and align
/// as a document of them.
#[test]
fn sentences_one_has_stay_whole_and_round_trip() {
    use bitext::{join_sentences, AlignConfig, Aligner, Document, Lang};
    let ru = ["Суд идет.", "Прошу\nвстать.", "", "Заседание открыто."];
    let en = ["The Court is coming.", "Please rise.", "", "The session is open."];
    let (rt, rs) = join_sentences(ru);
    let (et, es) = join_sentences(en);
    let rd = Document::from_sentences(&rt, &rs, Lang::Russian).expect("spans in order");
    let ed = Document::from_sentences(&et, &es, Lang::English).expect("spans in order");
    assert_eq!(rd.len(), ru.len(), "never re-split: the line break stays inside");
    for (i, s) in ru.iter().enumerate() {
        assert_eq!(rd.sentence_text(i), *s);
    }
    assert!(rd.is_blank(2) && !rd.is_blank(1));
    let a = Aligner::new(AlignConfig::default()).align(&rd, &ed).expect("aligns");
    let beads: Vec<_> = a.beads().iter().map(|b| (b.src(), b.tgt())).collect();
    assert_eq!(beads, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3), (3..4, 3..4)]);
    // bad spans are errors, not panics
    // overlapping, past the end, cutting a character
    let bad = [vec![0..3, 2..5], vec![0..5, 6..1000], vec![0..5, 7..8]];
    for spans in bad {
        assert!(Document::from_sentences(&rt, &spans, Lang::Russian).is_err(), "{spans:?}");
    }
}
