//! The sample transcripts in `data/`: every speaker turn found, with the
//! right speaker, against hand-written lists in `tests/fixtures/`.

use bitext::{Document, Lang, UtteranceKind};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One line a unit, in the fixture's notation.
fn units(doc: &Document<'_>) -> Vec<String> {
    doc.utterances()
        .iter()
        .map(|u| match u.kind() {
            UtteranceKind::Turn => format!("speaker\t{}", u.speaker().unwrap_or("?")),
            UtteranceKind::Heading => "heading".to_string(),
            UtteranceKind::Separator => "separator".to_string(),
            UtteranceKind::StageDirection => "stage".to_string(),
            UtteranceKind::Prose => format!("prose\t{}", &doc.text()[u.start()..u.end()]),
        })
        .collect()
}

fn check(name: &str, lang: Lang) {
    let text = std::fs::read_to_string(root().join("data").join(format!("{name}.txt"))).expect("sample");
    let want = std::fs::read_to_string(root().join("tests/fixtures").join(format!("{name}.turns"))).expect("fixture");
    let want: Vec<&str> = want.lines().collect();
    let doc = Document::segment(&text, lang);
    let got = units(&doc);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}: unit {i} differs");
    }
    assert_eq!(got.len(), want.len(), "{name}: unit count");
    let turns = doc.utterances().iter().filter(|u| u.kind() == UtteranceKind::Turn).count();
    assert!(turns >= 150, "{name}: only {turns} turns");
}

#[test]
fn russian_sample_turns_and_speakers() {
    check("trial.ru", Lang::Russian);
}

#[test]
fn english_sample_turns_and_speakers() {
    check("trial.en", Lang::English);
}

#[test]
fn pious_face_line_is_one_sentence_of_vyshinsky() {
    let text = std::fs::read_to_string(root().join("data/trial.en.txt")).expect("sample");
    let doc = Document::segment(&text, Lang::English);
    let hits: Vec<usize> = (0..doc.len()).filter(|&i| doc.sentence_text(i).contains("pious face")).collect();
    assert_eq!(hits.len(), 1);
    let i = hits[0];
    assert_eq!(doc.speaker(i), Some("VYSHINSKY"));
    assert!(doc.sentence_text(i).ends_with("Bukharin."), "{}", doc.sentence_text(i));
    assert!(doc.sentence_text(i + 1).contains("admit what exists"));
}
