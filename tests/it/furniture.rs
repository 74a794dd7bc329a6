//! What a copy from a book site carries besides the text: page numbers on
//! lines of their own and footnote marks. They never become sentences,
//! turns or words, a turn or a sentence broken by a page goes on after it,
//! and the alignment does not change when one edition has them.

use std::ops::Range;

use bitext::{Alignment, Document, Lang, MarkKind, Normalized};

use crate::common::check_cover;
use crate::find::{align, root};

fn trial(lang: &str) -> String {
    let path = root().join(format!("data/trial.{lang}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn beads(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
    a.beads().iter().map(|b| (b.src(), b.tgt())).collect()
}

/// Every utterance's kind, speaker and sentences, and every sentence's
/// kind, utterance and length.
fn shape(doc: &Document<'_>) -> Vec<String> {
    let utts = doc.utterances().iter().map(|u| format!("{:?} {:?} {:?}", u.kind(), u.speaker(), u.sentences()));
    let sents = doc.sentences().iter().map(|s| format!("{:?} u{} {}", s.kind(), s.utterance(), s.chars()));
    utts.chain(sents).collect()
}

/// The sample with page furniture put in the places a copy has it, and
/// the marks put in, in file order.
fn furnished(ru: &str) -> (String, Vec<(&'static str, MarkKind)>) {
    use MarkKind::{Footnote, Page};
    let mut text = ru.to_string();
    let mut put = Vec::new();
    let mut replace_once = |text: &mut String, from: &str, to: &str, marks: &[(&'static str, MarkKind)]| {
        let at = text.find(from).unwrap_or_else(|| panic!("{from:?} not in the sample"));
        text.replace_range(at..at + from.len(), to);
        put.extend_from_slice(marks);
    };
    // a page number between two turns, in a paragraph of its own
    replace_once(&mut text, "\n\nВышинский. Где?", "\n\n— 71 —\n\nВышинский. Где?", &[("— 71 —", Page)]);
    // on its own line inside a sentence of a turn
    replace_once(&mut text, "Переходим к допросу", "Переходим к\n[стр. 58]\nдопросу", &[("[стр. 58]", Page)]);
    // a turn cut mid-sentence by a page, the page between blank lines
    replace_once(&mut text, "встретились с Рыковым", "встретились\n\n— 73 —\n\nс Рыковым", &[("— 73 —", Page)]);
    // a bare page number that cuts a sentence
    replace_once(&mut text, "в июле 1928 г. присутствовали", "в июле 1928 г.\n417\nприсутствовали", &[("417", Page)]);
    // footnote marks after a full stop, after a word and with a star
    replace_once(&mut text, "летом 1928 г., кажется", "летом 1928 г.,¹ кажется", &[("¹", Footnote)]);
    replace_once(&mut text, "«платформу правых»?", "«платформу правых»?[2]", &[("[2]", Footnote)]);
    replace_once(&mut text, "На квартире у Рыкова.", "На квартире у Рыкова.*", &[("*", Footnote)]);
    // in file order
    let mut order: Vec<(usize, (&'static str, MarkKind))> =
        put.iter().map(|&(m, k)| (text.find(m).unwrap_or(usize::MAX), (m, k))).collect();
    order.sort_by_key(|&(at, _)| at);
    (text, order.into_iter().map(|(_, m)| m).collect())
}

#[test]
fn page_numbers_and_footnote_marks_join_no_sentence_or_turn_and_change_no_alignment() {
    let (ru, en) = (trial("ru"), trial("en"));
    let en_doc = Document::segment(&en, Lang::English);
    let plain = Document::segment(&ru, Lang::Russian);
    let (text, mut put) = furnished(&ru);
    // and the sample's own
    put.extend(plain.marks().iter().map(|m| (&ru[m.span()], m.kind())));
    put.sort_by_key(|&(m, _)| text.find(m));
    let doc = Document::segment(&text, Lang::Russian);
    check_cover(&text, &doc);
    // each mark found, with its kind, and nothing else
    let found: Vec<(&str, MarkKind)> = doc.marks().iter().map(|m| (&text[m.span()], m.kind())).collect();
    assert_eq!(found, put);
    // the same turns, speakers and sentences, of the same lengths
    assert_eq!(shape(&doc), shape(&plain));
    // no sentence reads a mark as its words (marks the sample has as text
    // of its own, such as `*` of `* * *`, aside)
    for i in 0..doc.len() {
        let seen = Normalized::new(doc.sentence_text(i)).as_str().to_string();
        for (m, _) in put.iter().filter(|(m, _)| !ru.contains(m)) {
            assert!(!seen.contains(m), "sentence {i} reads {m:?}: {seen:?}");
        }
    }
    // and the alignment against the plain English is the plain one's
    assert_eq!(beads(&align(&doc, &en_doc, None)), beads(&align(&plain, &en_doc, None)));
}

#[test]
fn a_page_number_between_finished_paragraphs_keeps_them_apart_and_a_chapter_number_stays_text() {
    let text = "Вышинский. Так было?\n\n— 12 —\n\nБухарин. Так.\n\nВышинский. Хорошо.\n\nБухарин. Да.\n\n2\n\nГлава вторая начинается здесь.\n";
    let doc = Document::segment(text, Lang::Russian);
    let marks: Vec<&str> = doc.marks().iter().map(|m| &text[m.span()]).collect();
    assert_eq!(marks, ["— 12 —"]);
    // the bare `2` between finished paragraphs is no page: it stays text
    assert!((0..doc.len()).any(|i| doc.sentence_text(i) == "2"));
    let speakers: Vec<Option<&str>> = doc.utterances().iter().map(|u| u.speaker()).collect();
    assert_eq!(&speakers[..4], [Some("Вышинский"), Some("Бухарин"), Some("Вышинский"), Some("Бухарин")]);
}

#[test]
fn a_text_read_a_line_a_sentence_keeps_its_page_lines() {
    let text = "Erste Zeile.\n— 3 —\nZweite Zeile[1].\n";
    let doc = bitext::Segmenter::new(Lang::German).input(bitext::InputMode::Lines).segment(text);
    // every line is a unit; only the footnote mark is furniture
    assert_eq!(doc.len(), 3);
    let marks: Vec<(&str, MarkKind)> = doc.marks().iter().map(|m| (&text[m.span()], m.kind())).collect();
    assert_eq!(marks, [("[1]", MarkKind::Footnote)]);
}
