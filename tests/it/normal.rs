//! Text that looks the same but is not: decomposed Unicode, stress marks,
//! soft hyphens, zero-width characters and old Mac line endings read as
//! the plain text does, while every span indexes the bytes as given.

use std::ops::Range;

use bitext::{find, Alignment, Document, Edition, FindOptions, Lang, Normalized};
use unicode_normalization::UnicodeNormalization;

use crate::common::check_cover;
use crate::find::{align, bitext, root};

fn trial(lang: &str) -> String {
    let path = root().join(format!("data/trial.{lang}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Puts an acute stress mark after the `nth` vowel (from 0) of `word`.
fn stress(word: &str, nth: usize) -> String {
    let mut out = String::new();
    let mut seen = 0;
    for c in word.chars() {
        out.push(c);
        if "аеиоуыэюяАЕИОУЫЭЮЯ".contains(c) {
            if seen == nth {
                out.push('\u{301}');
            }
            seen += 1;
        }
    }
    out
}

/// The Russian sample in the shapes copies take.
fn variants(ru: &str) -> Vec<(&'static str, String)> {
    let mut stressed = ru.to_string();
    for (word, nth) in [("Бухарин", 1), ("Вышинский", 0), ("Председательствующий", 2), ("благочестивое", 4)]
    {
        stressed = stressed.replace(word, &stress(word, nth));
    }
    let invisible = ru
        .replace("Рыков", "Ры\u{AD}ков")
        .replace("показал", "по\u{200B}ка\u{2060}зал")
        .replace("\nВышинский", "\n\u{FEFF}Вышинский");
    // every label on a line of its own, the speech on the next line
    let plain = Document::segment(ru, Lang::Russian);
    let mut own_line = ru.to_string();
    let mut ends: Vec<usize> = plain.utterances().iter().filter_map(|u| u.label()).map(|l| l.end).collect();
    ends.sort_unstable();
    for &e in ends.iter().rev() {
        if own_line[e..].starts_with(' ') {
            own_line.replace_range(e..e + 1, "\n");
        }
    }
    vec![
        ("own line", own_line),
        ("nfd", ru.nfd().collect()),
        ("stressed", stressed),
        ("cr", ru.replace("\r\n", "\n").replace('\n', "\r")),
        ("invisible", invisible),
        ("all", ru.nfd().collect::<String>().replace("Бу", "Бу\u{301}").replace('\n', "\r")),
    ]
}

/// What must not change between a text and its variants: every utterance's
/// kind, speaker and sentences, every sentence's kind, paragraph and length.
fn shape(doc: &Document<'_>) -> Vec<String> {
    let utts = doc.utterances().iter().map(|u| format!("{:?} {:?} {:?}", u.kind(), u.speaker(), u.sentences()));
    let sents =
        doc.sentences().iter().map(|s| format!("{:?} p{} u{} {}", s.kind(), s.paragraph(), s.utterance(), s.chars()));
    utts.chain(sents).collect()
}

fn beads(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
    a.beads().iter().map(|b| (b.src(), b.tgt())).collect()
}

/// The view a sentence is matched in, each run of whitespace (a line
/// break where a copy has one) as one space.
fn seen(text: &str) -> String {
    Normalized::new(text).as_str().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn copies_in_nfd_with_stress_marks_invisible_characters_or_mac_lines_segment_and_align_alike() {
    let (ru, en) = (trial("ru"), trial("en"));
    let en_doc = Document::segment(&en, Lang::English);
    let plain = Document::segment(&ru, Lang::Russian);
    assert!(plain.has_speakers());
    let plain_beads = beads(&align(&plain, &en_doc, None));
    for (name, text) in variants(&ru) {
        assert_ne!(text, ru, "{name}");
        let doc = Document::segment(&text, Lang::Russian);
        assert_eq!(shape(&doc), shape(&plain), "{name}: turns, speakers or sentences differ");
        check_cover(&text, &doc);
        for (i, (s, p)) in doc.sentences().iter().zip(plain.sentences()).enumerate() {
            for at in [s.start(), s.body_start(), s.end()] {
                assert!(text.is_char_boundary(at), "{name}: sentence {i} at byte {at}");
            }
            // the span holds the same sentence, as this copy writes it
            assert_eq!(seen(doc.sentence_span_text(i)), seen(&ru[p.span()]), "{name}: sentence {i}");
        }
        for (u, p) in doc.utterances().iter().zip(plain.utterances()) {
            if let (Some(l), Some(pl)) = (u.label(), p.label()) {
                assert_eq!(seen(&text[l]), seen(&ru[pl]), "{name}: label");
            }
        }
        assert_eq!(beads(&align(&doc, &en_doc, None)), plain_beads, "{name}: the alignment differs");
    }
}

#[test]
fn a_stressed_label_heard_in_a_short_record_names_the_speaker_unstressed() {
    // stress marks, and `й` written as `и` + U+0306
    let text = "Вы\u{301}шинский. Вы подтверждаете?\n\nКрестинский. Да.\n\n\
                Вышинский. Когда это было?\n\nКрестинскии\u{306}. Летом.\n\n\
                Буха\u{301}рин. Я подтверждаю.\n\nБухарин. Да, так.\n";
    let doc = Document::segment(text, Lang::Russian);
    let speakers: Vec<_> = doc.utterances().iter().map(|u| u.speaker()).collect();
    let names = ["Вышинский", "Крестинский", "Вышинский", "Крестинский", "Бухарин", "Бухарин"];
    assert_eq!(speakers, names.map(Some));
    // the label span is the label as written, stress mark included
    assert_eq!(&text[doc.utterances()[4].label().expect("label")], "Буха\u{301}рин.");
    assert_eq!(&text[doc.utterances()[3].label().expect("label")], "Крестинскии\u{306}.");
    check_cover(text, &doc);
}

#[test]
fn mac_line_endings_give_paragraphs_and_turns() {
    let text = "VYSHINSKY: Do you confirm it?\r\rBUKHARIN: I do.\r\rVYSHINSKY: When?\r\rBUKHARIN: In the summer.\r";
    let doc = Document::segment(text, Lang::English);
    assert_eq!(doc.paragraph_count(), 4);
    let speakers: Vec<_> = doc.utterances().iter().map(|u| u.speaker()).collect();
    assert_eq!(speakers, [Some("VYSHINSKY"), Some("BUKHARIN"), Some("VYSHINSKY"), Some("BUKHARIN")]);
    // one sentence a line with --input lines too
    let lines = bitext::Segmenter::new(Lang::English).input(bitext::InputMode::Lines).segment("a\rb\r\nc\n");
    assert_eq!(lines.len(), 3);
}

/// The sample editions with the hidden characters of copies in two words,
/// aligned.
struct Copied {
    ru: Document<'static>,
    en: Document<'static>,
    alignment: Alignment,
}

fn copied() -> Copied {
    let ru = leak_str(trial("ru").replace("благочестивое", "благочести\u{301}вое"));
    let en = leak_str(trial("en").replace("pious", "pi\u{AD}ous"));
    let ru = Document::segment(ru, Lang::Russian);
    let en = Document::segment(en, Lang::English);
    let alignment = align(&ru, &en, None);
    Copied { ru, en, alignment }
}

fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn find_reads_through_soft_hyphens_stress_marks_and_zero_width_spaces() {
    let c = copied();
    let opts = FindOptions::default().exact(true);
    // `pious` in `pi\u{AD}ous`: the highlight is the word as written
    let hits = find(&c.alignment, &c.ru, &c.en, "pious face", &opts).expect("the documents aligned");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].edition, Edition::Target);
    let words: Vec<&str> = hits[0].matched.iter().map(|r| &c.en.text()[r.clone()]).collect();
    assert_eq!(words, ["pi\u{AD}ous", "face"]);
    // `благочестивое` in a stressed `благочести́вое`
    let hits = find(&c.alignment, &c.ru, &c.en, "благочестивое", &opts).expect("the documents aligned");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].edition, Edition::Source);
    let words: Vec<&str> = hits[0].matched.iter().map(|r| &c.ru.text()[r.clone()]).collect();
    assert_eq!(words, ["благочести\u{301}вое"]);
    // a stressed query finds the plain word, a query with hidden characters too
    let plain = crate::find::sample();
    for q in ["благочести\u{301}вое", "pi\u{200B}ous face", "pi\u{AD}ous\u{200D} face", "\u{FEFF}pious"] {
        assert_eq!(
            find(&plain.alignment, &plain.ru, &plain.en, q, &opts).expect("the documents aligned").len(),
            1,
            "{q:?}"
        );
        assert_eq!(find(&c.alignment, &c.ru, &c.en, q, &opts).expect("the documents aligned").len(), 1, "{q:?}");
    }
}

#[test]
fn cli_find_matches_a_query_with_a_zero_width_space() {
    let ru = root().join("data/trial.ru.txt");
    let en = root().join("data/trial.en.txt");
    let out = bitext(&["find", &ru.to_string_lossy(), &en.to_string_lossy(), "pi\u{200B}ous face"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("making a pious face"), "{text}");
}
