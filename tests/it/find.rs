//! Finding quotes: `bitext::find` and `bitext find` on the sample editions
//! and on a Chekhov story of ../shared/data.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use bitext::{find, AlignConfig, Aligner, Alignment, Dictionary, Document, Edition, FindOptions, Lang, Via};

/// The sample editions of `data/`, aligned once for all tests (with the
/// installed Debian dictionary, as the command does).
pub struct Sample {
    pub ru: Document<'static>,
    pub en: Document<'static>,
    pub alignment: Alignment,
    pub dict: Option<Dictionary>,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file for the life of the test binary.
pub fn leak(path: &std::path::Path) -> &'static str {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Box::leak(text.into_boxed_str())
}

pub fn align(ru: &Document<'_>, en: &Document<'_>, dict: Option<&Dictionary>) -> Alignment {
    let mut aligner = Aligner::new(AlignConfig::default());
    if let Some(d) = dict {
        aligner = aligner.with_dictionary(d);
    }
    aligner.align(ru, en).expect("align")
}

pub fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let ru = Document::segment(leak(&root().join("data/trial.ru.txt")), Lang::Russian);
        let en = Document::segment(leak(&root().join("data/trial.en.txt")), Lang::English);
        let dict = Dictionary::auto(Lang::Russian, Lang::English).expect("installed dictionary reads").map(|(d, _)| d);
        let alignment = align(&ru, &en, dict.as_ref());
        Sample { ru, en, alignment, dict }
    })
}

pub fn bitext(args: &[&str]) -> std::process::Output {
    Command::new(crate::common::bin()).args(args).output().expect("run bitext")
}

pub fn data(name: &str) -> String {
    root().join("data").join(name).to_string_lossy().into_owned()
}

const PIOUS_RU: &str = "Незачем делать здесь благочестивое лицо, обвиняемый Бухарин.";
const PIOUS_EN: &str = "There is no point in making a pious face here, accused Bukharin.";

#[test]
fn pious_face_gives_its_russian_original_speakers_and_context() {
    let s = sample();
    let hits = find(&s.alignment, &s.ru, &s.en, "pious face", &FindOptions::default().exact(true))
        .expect("the documents aligned");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let h = &hits[0];
    assert_eq!(h.edition, Edition::Target);
    assert_eq!(s.en.sentence_text(h.sentence), PIOUS_EN);
    assert_eq!(h.pair.src.text, PIOUS_RU);
    assert_eq!(h.pair.tgt.text, PIOUS_EN);
    assert_eq!(h.found().text, PIOUS_EN);
    assert_eq!(h.counterpart().text, PIOUS_RU);
    assert_eq!(h.pair.src.speaker.as_deref(), Some("Вышинский"));
    assert_eq!(h.pair.tgt.speaker.as_deref(), Some("VYSHINSKY"));
    assert!(h.pair.confidence > 0.9, "confidence {}", h.pair.confidence);
    // the matched words, as byte spans into the English file
    let words: Vec<&str> = h.matched.iter().map(|r| &s.en.text()[r.clone()]).collect();
    assert_eq!(words, ["pious", "face"]);
    // the pair's spans point at the sentences in the files
    assert_eq!(&s.ru.text()[h.pair.src.span.clone().expect("src span")], PIOUS_RU);
    // one bead of context each side, the neighbours of the hit's bead
    assert_eq!(h.before.len(), 1);
    assert_eq!(h.after.len(), 1);
    assert_eq!(h.before[0].bead + 1, h.pair.bead);
    assert_eq!(h.after[0].bead, h.pair.bead + 1);
    assert_eq!(h.after[0].src.text, "Признайте лучше то, что есть.");
    assert_eq!(h.after[0].tgt.text, "You had better admit what exists.");
}

#[test]
fn queries_are_stem_case_quote_and_yo_insensitive() {
    let s = sample();
    let opts = FindOptions::default().exact(true);
    for q in ["pious faces", "PIOUS FACE", "“pious” — face", "Pious, faces!"] {
        let hits = find(&s.alignment, &s.ru, &s.en, q, &opts).expect("the documents aligned");
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].pair.src.text, PIOUS_RU, "{q}");
    }
    // a Russian query searches the Russian edition, whatever the ending
    for q in ["благочестивую", "«Благочестивая»", "благочестивое лицо"] {
        let hits = find(&s.alignment, &s.ru, &s.en, q, &opts).expect("the documents aligned");
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].edition, Edition::Source, "{q}");
        assert_eq!(hits[0].found().text, PIOUS_RU, "{q}");
        assert_eq!(hits[0].counterpart().text, PIOUS_EN, "{q}");
    }
    // ё is read as е: «Кёлер» is found by «Келер»
    let hits = find(&s.alignment, &s.ru, &s.en, "Келер", &opts).expect("the documents aligned");
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h.found().text.contains("Кёлер")));
    assert!(hits.iter().all(|h| h.counterpart().text.contains("Köhler")));
}

#[test]
fn words_must_come_in_order_and_consecutive_asks_for_neighbours() {
    let s = sample();
    assert!(find(&s.alignment, &s.ru, &s.en, "face pious", &FindOptions::default().exact(true))
        .expect("the documents aligned")
        .is_empty());
    // "making ... face": in order with a gap
    let gap = find(&s.alignment, &s.ru, &s.en, "making face", &FindOptions::default().exact(true))
        .expect("the documents aligned");
    assert_eq!(gap.len(), 1);
    assert!(find(&s.alignment, &s.ru, &s.en, "making face", &FindOptions::default().exact(true).consecutive(true))
        .expect("the documents aligned")
        .is_empty());
    assert_eq!(
        find(&s.alignment, &s.ru, &s.en, "pious face", &FindOptions::default().exact(true).consecutive(true))
            .expect("the documents aligned")
            .len(),
        1
    );
    // a query never spans two sentences
    assert!(find(&s.alignment, &s.ru, &s.en, "Bukharin better admit", &FindOptions::default().exact(true))
        .expect("the documents aligned")
        .is_empty());
}

#[test]
fn context_and_edition_options() {
    let s = sample();
    let hits = find(&s.alignment, &s.ru, &s.en, "pious face", &FindOptions::default().exact(true).context(0))
        .expect("the documents aligned");
    assert!(hits[0].before.is_empty() && hits[0].after.is_empty());
    let hits = find(&s.alignment, &s.ru, &s.en, "pious face", &FindOptions::default().exact(true).context(3))
        .expect("the documents aligned");
    let b = hits[0].pair.bead;
    assert_eq!(hits[0].before.iter().map(|p| p.bead).collect::<Vec<_>>(), [b - 3, b - 2, b - 1]);
    assert_eq!(hits[0].after.iter().map(|p| p.bead).collect::<Vec<_>>(), [b + 1, b + 2, b + 3]);
    // forcing the wrong edition finds nothing
    let opts = FindOptions::default().exact(true).edition(Some(Edition::Source));
    assert!(find(&s.alignment, &s.ru, &s.en, "pious face", &opts).expect("the documents aligned").is_empty());
}

#[test]
fn numbers_match_by_value_in_both_editions_and_highlight_their_counterpart() {
    let s = sample();
    // written 250 000 in Russian and 250,000 in English: one bead, reported once
    for q in ["250 000", "250,000", "250000"] {
        let hits =
            find(&s.alignment, &s.ru, &s.en, q, &FindOptions::default().exact(true)).expect("the documents aligned");
        assert_eq!(hits.len(), 1, "{q}: {hits:#?}");
        let h = &hits[0];
        assert_eq!(h.edition, Edition::Source);
        assert!(h.found().text.contains("250 000 марок"));
        assert!(h.counterpart().text.contains("250,000 marks"));
        let marked: Vec<(&str, Via)> = h.highlights.iter().map(|m| (&s.en.text()[m.span.clone()], m.via)).collect();
        assert!(marked.contains(&("250,000", Via::Number)), "{marked:?}");
    }
}

#[test]
fn highlights_mark_the_russian_words_for_pious_face() {
    let s = sample();
    let Some(dict) = &s.dict else {
        eprintln!("SKIP highlights_mark_the_russian_words_for_pious_face: no Debian dictionary for ru-en (apt-get install mueller7-dict)");
        return;
    };
    let opts = FindOptions::default().exact(true).dictionary(Some(dict));
    let hits = find(&s.alignment, &s.ru, &s.en, "pious face", &opts).expect("the documents aligned");
    let h = &hits[0];
    let words: Vec<&str> = h.highlights.iter().map(|m| &s.ru.text()[m.span.clone()]).collect();
    assert!(words.contains(&"благочестивое") || words.contains(&"лицо"), "{words:?}");
    assert_eq!(words, ["благочестивое", "лицо"]);
    for m in &h.highlights {
        assert_eq!(m.word, &s.ru.text()[m.span.clone()]);
        assert!(h.pair.src.span.clone().expect("span").contains(&m.span.start));
    }
    assert_eq!(h.highlights[0].query_word, "pious");
    assert_eq!(h.highlights[1].query_word, "face");
    // the other way: the English words for «благочестивое лицо»
    let hits = find(&s.alignment, &s.ru, &s.en, "благочестивое лицо", &opts).expect("the documents aligned");
    let words: Vec<&str> = hits[0].highlights.iter().map(|m| &s.en.text()[m.span.clone()]).collect();
    assert_eq!(words, ["pious", "face"]);
}

#[test]
fn names_are_highlighted_across_scripts() {
    let s = sample();
    let hits = find(&s.alignment, &s.ru, &s.en, "Krestinsky", &FindOptions::default().exact(true))
        .expect("the documents aligned");
    assert!(hits.len() >= 3);
    for h in &hits {
        assert!(
            h.highlights.iter().any(|m| m.via == Via::Name && m.word.starts_with("Крестинск")),
            "{:?} in {}",
            h.highlights,
            h.counterpart().text
        );
    }
}

#[test]
fn cli_find_text_and_json() {
    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), "pious faces", "--exact"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Вышинский: Незачем делать здесь"), "{text}");
    assert!(text.contains("VYSHINSKY: There is no point in making a pious face here"), "{text}");
    assert!(text.contains("confidence"), "{text}");
    if sample().dict.is_some() {
        assert!(text.contains("[благочестивое] [лицо]"), "{text}");
    }

    let out =
        bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), "pious face", "--format", "json", "--exact"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h["edition"], "tgt");
    assert_eq!(h["pair"]["src_text"], PIOUS_RU);
    assert_eq!(h["pair"]["src_speaker"], "Вышинский");
    assert_eq!(h["pair"]["tgt_speaker"], "VYSHINSKY");
    assert!(h["pair"]["score"].as_f64().expect("score") > 0.9);
    assert_eq!(h["before"].as_array().expect("before").len(), 1);
    // byte spans into the files as given
    let ru = std::fs::read(data("trial.ru.txt")).expect("read");
    let en = std::fs::read(data("trial.en.txt")).expect("read");
    let at = |bytes: &[u8], v: &serde_json::Value| -> String {
        let (a, b) = (v["start"].as_u64().expect("start") as usize, v["end"].as_u64().expect("end") as usize);
        String::from_utf8(bytes[a..b].to_vec()).expect("utf-8")
    };
    for m in h["matched"].as_array().expect("matched") {
        assert_eq!(at(&en, m), m["text"].as_str().expect("text"));
    }
    for m in h["highlights"].as_array().expect("highlights") {
        assert_eq!(at(&ru, m), m["text"].as_str().expect("text"));
    }
    if sample().dict.is_some() {
        let marked: Vec<&str> =
            h["highlights"].as_array().expect("highlights").iter().map(|m| m["text"].as_str().expect("text")).collect();
        assert_eq!(marked, ["благочестивое", "лицо"]);
    }
}

#[test]
fn cli_find_reports_errors_without_panicking() {
    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), "«»"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no word or number"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let out = bitext(&["find", &data("trial.ru.txt"), "/nonexistent/en.txt", "pious"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/en.txt"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // no match is an answer, not an error
    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), "xylophone", "--exact"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("no sentence"));
}

/// The Chekhov story of ../shared/data: find a name in Russian and get the
/// English sentence that spells it in Latin letters.
#[test]
fn find_in_a_chekhov_story() {
    let dir = shared_data!().join("ru-en/chekhov");
    let ru = Document::segment(leak(&dir.join("lit-khameleon.ru.txt")), Lang::Russian);
    let en = Document::segment(leak(&dir.join("lit-khameleon.en.txt")), Lang::English);
    let a = align(&ru, &en, None);
    let hits = find(&a, &ru, &en, "Хрюкин", &FindOptions::default().exact(true)).expect("the documents aligned");
    assert!(hits.len() >= 2, "{}", hits.len());
    let with_name = hits.iter().filter(|h| h.counterpart().text.contains("Hryukin")).count();
    assert!(with_name * 10 >= hits.len() * 7, "{with_name} of {} counterparts name Hryukin", hits.len());
    for h in &hits {
        assert_eq!(h.edition, Edition::Source);
        assert!(h.found().text.contains("Хрюкин"));
        for m in &h.highlights {
            assert_eq!(m.word, &en.text()[m.span.clone()]);
        }
    }
    // and the other way, stem-aware: "chameleons" finds the title
    let hits = find(&a, &ru, &en, "chameleons", &FindOptions::default().exact(true)).expect("the documents aligned");
    assert!(hits.iter().any(|h| h.counterpart().text.contains("Хамелеон")), "{hits:#?}");
}
