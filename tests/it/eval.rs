//! Scoring against gold: ladder parsing, strict/lax scores computed by hand,
//! block consistency on tiny hand-made documents, the corpus runner and
//! floors.

use bitext::eval::{
    alignment_from_ladder, check_floors, domain, evaluate, format_ladder, judge_blocks, ladder_from_alignment,
    read_blocks, read_floors, read_ladder, run, score_blocks, score_ladder, write_errors, Block, Calibration, Ladder,
    SetReport,
};
use bitext::{Alignment, Document, Edition, Error, InputMode, Lang, Segmenter};

use std::path::{Path, PathBuf};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn ladder(text: &str) -> Ladder {
    read_ladder(text, "test").expect("valid ladder")
}

// ---------------------------------------------------------------------------
// Ladder format
// ---------------------------------------------------------------------------

#[test]
fn ladder_parser_reads_good_lines() {
    let text = "[0]:[0]\n[1, 2]:[1]\n\n[]:[2]\n  [3]:[]  \n[4,5,6]:[3, 4]:0.8734\n[7]:[5]: -1.5e-3\n";
    let l = ladder(text);
    assert_eq!(
        l,
        vec![
            (vec![0], vec![0]),
            (vec![1, 2], vec![1]),
            (vec![], vec![2]),
            (vec![3], vec![]),
            (vec![4, 5, 6], vec![3, 4]),
            (vec![7], vec![5]),
        ]
    );
    // writing and reading again gives the same ladder
    assert_eq!(ladder(&format_ladder(&l)), l);
    assert!(ladder("").is_empty());
}

#[test]
fn ladder_parser_names_the_bad_line() {
    let cases = [
        ("[0]:[0]\n[1]:[x]\n", 2),
        ("[0]:[0]\n[1]:[1]\n[2] [2]\n", 3),
        ("[0]-[0]\n", 1),
        ("[0]:[0]\n\n0:1\n", 3),
        ("[0]:[0]:high\n", 1),
        ("[0]:[0] trailing\n", 1),
        ("[0:[0]\n", 1),
        ("[-1]:[0]\n", 1),
        ("[0,]:[0]\n", 1),
    ];
    for (text, line) in cases {
        let err = read_ladder(text, "gold.defr").expect_err(text);
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("gold.defr:{line}: ")), "{text:?} gave {msg:?}");
    }
}

// ---------------------------------------------------------------------------
// Strict and lax scores, computed by hand
// ---------------------------------------------------------------------------

#[test]
fn exact_match_scores_one() {
    let gold = ladder("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[]\n[4]:[3, 4]\n");
    let s = score_ladder(&gold, &gold);
    for p in [s.strict, s.lax] {
        assert_eq!((p.precision, p.recall, p.f1), (1.0, 1.0, 1.0));
    }
    // precision over the 5 beads, recall over the 3 with both sides
    assert_eq!((s.predicted, s.gold), (5, 3));
}

#[test]
fn omissions_and_two_to_one_beads_by_hand() {
    let gold = ladder("[0]:[0]\n[1]:[]\n[2, 3]:[1]\n[4]:[2]\n[]:[3]\n[5]:[4]\n");
    let pred = ladder("[0]:[0]\n[1]:[]\n[2]:[1]\n[3]:[]\n[4]:[2, 3]\n[5]:[4]\n");
    let s = score_ladder(&pred, &gold);
    // Precision over the 6 predicted beads:
    //   [0]:[0] strict; [1]:[] strict (a gold omission);
    //   [2]:[1] lax (2 is in gold [2,3]:[1]); [3]:[] no hit (no target side);
    //   [4]:[2,3] lax (gold [4]:[2]); [5]:[4] strict.
    assert_eq!(s.predicted, 6);
    assert!(close(s.strict.precision, 3.0 / 6.0));
    assert!(close(s.lax.precision, 5.0 / 6.0));
    // Recall over the 4 gold beads with both sides, against the 4 predicted
    // ones with both sides: [0]:[0] strict, [2,3]:[1] lax, [4]:[2] lax,
    // [5]:[4] strict. The gold omissions play no part.
    assert_eq!(s.gold, 4);
    assert!(close(s.strict.recall, 0.5));
    assert!(close(s.lax.recall, 1.0));
    assert!(close(s.strict.f1, 0.5));
    assert!(close(s.lax.f1, 10.0 / 11.0));
}

#[test]
fn all_omissions_score_zero() {
    let gold = ladder("[0]:[0]\n[1]:[1]\n");
    let pred = ladder("[0]:[]\n[]:[0]\n[1]:[]\n[]:[1]\n");
    let s = score_ladder(&pred, &gold);
    assert_eq!((s.predicted, s.gold), (4, 2));
    for p in [s.strict, s.lax] {
        assert_eq!((p.precision, p.recall, p.f1), (0.0, 0.0, 0.0));
    }
    // an empty prediction: zero denominators give 0, not NaN
    let s = score_ladder(&[], &gold);
    assert_eq!((s.strict.precision, s.strict.recall, s.strict.f1), (0.0, 0.0, 0.0));
}

#[test]
fn a_missed_gold_omission_costs_precision_only() {
    // gold: sentence 1 has no counterpart; predicted: glued into a 2:1
    let gold = ladder("[0]:[0]\n[1]:[]\n[2]:[1]\n");
    let pred = ladder("[0, 1]:[0]\n[2]:[1]\n");
    let s = score_ladder(&pred, &gold);
    assert!(close(s.strict.precision, 0.5));
    assert!(close(s.lax.precision, 1.0));
    assert!(close(s.strict.recall, 0.5));
    assert!(close(s.lax.recall, 1.0));
    // the other way round: a spurious omission is a miss even for lax
    let s = score_ladder(&gold, &pred);
    assert!(close(s.lax.precision, 2.0 / 3.0));
    assert!(close(s.strict.precision, 1.0 / 3.0));
}

#[test]
fn gold_ladder_against_itself_is_perfect() {
    let dir = shared_data!().join("textberg-dev");
    let text = std::fs::read_to_string(dir.join("dev.defr")).expect("dev.defr");
    let gold = read_ladder(&text, "dev.defr").expect("the gold parses");
    assert_eq!(gold.len(), 422);
    let s = score_ladder(&gold, &gold);
    assert_eq!(s.strict.f1, 1.0);
    assert_eq!(s.lax.f1, 1.0);
    assert_eq!(s.predicted, 422);
    // beads with both sides: all but the 40 0:1 and the one 1:0
    assert_eq!(s.gold, 422 - 41);
}

#[test]
fn the_textberg_gold_is_not_a_monotone_alignment() {
    // The gold has beads with gaps (`[250]:[291, 293, 294]` around
    // `[]:[292]`) and leaves French lines 94 and 371 out, so it cannot be
    // turned into an Alignment; the error says where.
    let dir = shared_data!().join("textberg-dev");
    let text = std::fs::read_to_string(dir.join("dev.defr")).expect("dev.defr");
    let gold = read_ladder(&text, "dev.defr").expect("the gold parses");
    let de = std::fs::read_to_string(dir.join("dev.de")).expect("dev.de");
    let fr = std::fs::read_to_string(dir.join("dev.fr")).expect("dev.fr");
    let src = Segmenter::new(Lang::German).input(InputMode::Lines).segment(&de);
    let tgt = Segmenter::new(Lang::French).input(InputMode::Lines).segment(&fr);
    assert_eq!((src.len(), tgt.len()), (468, 554));
    let err = alignment_from_ladder(&gold, src.len(), tgt.len()).unwrap_err();
    assert!(err.to_string().contains("target sentence 95 where 94 was expected"), "{err}");
}

#[test]
fn alignment_from_ladder_round_trips_and_checks() {
    let l = ladder("[0]:[0]\n[1, 2]:[]\n[]:[1]\n[3]:[2, 3]\n");
    let a = alignment_from_ladder(&l, 4, 4).expect("valid");
    assert_eq!((a.src_len(), a.tgt_len()), (4, 4));
    assert_eq!(a.beads()[1].kind(), (2, 0));
    assert_eq!(ladder_from_alignment(&a), l);
    // `[]:[]` rungs are dropped
    let with_empty = ladder("[0]:[0]\n[]:[]\n[1]:[1]\n");
    let a = alignment_from_ladder(&with_empty, 2, 2).expect("valid");
    assert_eq!(a.beads().len(), 2);

    let bad = [
        ("[0]:[0]\n[1]:[1]\n", 3, 2),    // source sentence 2 left out
        ("[0]:[0]\n[1]:[1]\n", 2, 1),    // target sentence 1 is past the end
        ("[1]:[0]\n[0]:[1]\n", 2, 2),    // not monotone
        ("[0, 2]:[0]\n[1]:[1]\n", 3, 2), // a gap inside a bead
    ];
    for (text, n, m) in bad {
        assert!(alignment_from_ladder(&ladder(text), n, m).is_err(), "{text:?} accepted over {n}×{m}");
    }
    // a sentence twice (which `read_ladder` refuses already)
    let twice = vec![(vec![0], vec![0]), (vec![0], vec![1]), (vec![1], vec![])];
    assert!(alignment_from_ladder(&twice, 2, 2).is_err());
}

// ---------------------------------------------------------------------------
// Block consistency
// ---------------------------------------------------------------------------

/// The byte range of `needle` in `hay` (first occurrence).
fn span(hay: &str, needle: &str) -> std::ops::Range<usize> {
    let at = hay.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {hay:?}"));
    at..at + needle.len()
}

fn block(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> Block {
    Block { src, tgt }
}

fn align(l: &str, src: &Document<'_>, tgt: &Document<'_>) -> Alignment {
    alignment_from_ladder(&ladder(l), src.len(), tgt.len()).expect("valid ladder")
}

const RU: &str = "Он пришёл домой. Было поздно.\n\nЭтого абзаца нет в переводе.\n\nУтром он ушёл.\n";
const EN: &str = "He came home. It was late.\n\nIn the morning he left.\n";

fn two_docs() -> (Document<'static>, Document<'static>, Vec<Block>) {
    let src = Document::segment(RU, Lang::Russian);
    let tgt = Document::segment(EN, Lang::English);
    assert_eq!((src.len(), tgt.len()), (4, 3), "the test texts segment as meant");
    let gap = span(EN, "\n\nIn").start + 2; // an empty target range between the paragraphs
    let blocks = vec![
        block(span(RU, "Он пришёл домой. Было поздно."), span(EN, "He came home. It was late.")),
        block(span(RU, "Этого абзаца нет в переводе."), gap..gap),
        block(span(RU, "Утром он ушёл."), span(EN, "In the morning he left.")),
    ];
    (src, tgt, blocks)
}

#[test]
fn block_scores_of_the_right_alignment() {
    let (src, tgt, blocks) = two_docs();
    let a = align("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads), (4, 4));
    assert_eq!((s.blocks, s.correct_blocks), (3, 3));
    assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
    assert_eq!((s.joined, s.outside), (0, 0));
    // coarser beads inside a block are fine too
    let a = align("[0, 1]:[0, 1]\n[2]:[]\n[3]:[2]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.precision, s.recall), (1.0, 1.0));
}

#[test]
fn block_scores_of_wrong_alignments_by_hand() {
    let (src, tgt, blocks) = two_docs();
    // The untranslated paragraph glued to the next one: the 2:1 bead
    // crosses a block boundary. Beads: 1:1 ok, 1:1 ok, 2:1 wrong.
    // Blocks: the first is recalled, the other two are not.
    let a = align("[0]:[0]\n[1]:[1]\n[2, 3]:[2]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads), (3, 2));
    assert_eq!((s.blocks, s.correct_blocks), (3, 1));
    assert!(close(s.precision, 2.0 / 3.0));
    assert!(close(s.recall, 1.0 / 3.0));
    assert!(close(s.f1, 2.0 * (2.0 / 9.0) / 1.0));

    // A 1:0 bead in a block that has a translation is wrong: beads
    // [0]:[0] ok, [1]:[] wrong (block 1 has English text), []:[1] wrong,
    // [2]:[] ok, [3]:[2] ok. Blocks: 1 not recalled, 2 and 3 recalled.
    let a = align("[0]:[0]\n[1]:[]\n[]:[1]\n[2]:[]\n[3]:[2]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads), (5, 3));
    assert_eq!((s.blocks, s.correct_blocks), (3, 2));
    // the same bead by bead, with the blocks each sentence lies in
    let j = judge_blocks(&src, &tgt, &a, &blocks);
    assert_eq!(j.scores, s);
    assert_eq!(j.correct, [true, false, false, true, true]);
    assert_eq!(j.src_blocks, [vec![0], vec![0], vec![1], vec![2]]);
    assert_eq!(j.tgt_blocks, [vec![0], vec![0], vec![2]]);

    // The untranslated paragraph glued to the sentence before it.
    let a = align("[0]:[0]\n[1, 2]:[1]\n[3]:[2]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads), (3, 2));
    assert_eq!((s.blocks, s.correct_blocks), (3, 1));
}

#[test]
fn a_sentence_across_two_blocks_joins_them() {
    // The gold splits the English sentence in two (as if the segmenter had
    // missed a boundary): blocks A and B are joined into one.
    let ru = "Он пришёл. Он ушёл. Пока.\n";
    let en = "He came and he left. Bye.\n";
    let src = Document::segment(ru, Lang::Russian);
    let tgt = Document::segment(en, Lang::English);
    assert_eq!((src.len(), tgt.len()), (3, 2));
    let blocks = vec![
        block(span(ru, "Он пришёл."), span(en, "He came ")),
        block(span(ru, "Он ушёл."), span(en, "and he left.")),
        block(span(ru, "Пока."), span(en, "Bye.")),
    ];
    let a = align("[0, 1]:[0]\n[2]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!(s.joined, 2);
    assert_eq!(s.blocks, 2, "A and B count as one block");
    assert_eq!((s.precision, s.recall), (1.0, 1.0));
    // the finer 1:1 + 1:0 inside the joined block: the 1:0 is wrong, since
    // the joined block has English text
    let a = align("[0]:[0]\n[1]:[]\n[2]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads, s.blocks, s.correct_blocks), (3, 2, 2, 1));
    assert_eq!(s.joined, 2);

    // joins are transitive and count every block once: one Russian
    // sentence across A and B, one English across B and C
    let ru = "Он пришёл и ушёл. Пока.\n";
    let en = "He came. He left and said bye.\n";
    let src = Document::segment(ru, Lang::Russian);
    let tgt = Document::segment(en, Lang::English);
    assert_eq!((src.len(), tgt.len()), (2, 2));
    let blocks = vec![
        block(span(ru, "Он пришёл "), span(en, "He came.")),
        block(span(ru, "и ушёл."), span(en, "He left ")),
        block(span(ru, "Пока."), span(en, "and said bye.")),
    ];
    let a = align("[0]:[0, 1]\n[1]:[]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.joined, s.blocks), (3, 1));
    assert_eq!((s.beads, s.correct_beads, s.correct_blocks), (2, 1, 0));
    // a sentence lists every block it overlaps, not only the first
    let j = judge_blocks(&src, &tgt, &a, &blocks);
    assert_eq!(j.correct, [true, false]);
    assert_eq!(j.src_blocks, [vec![0, 1], vec![2]]);
    assert_eq!(j.tgt_blocks, [vec![0], vec![1, 2]]);
}

#[test]
fn whitespace_does_not_join_blocks() {
    // Block ranges that run into the whitespace around a sentence, and
    // blocks of whitespace alone (even one inside a sentence's span), join
    // nothing; the whitespace blocks have no sentence and are not counted.
    let ru = "Он пришёл.\n\nОн ушёл.\n";
    let en = "He came.\n\nHe left.\n";
    let src = Document::segment(ru, Lang::Russian);
    let tgt = Document::segment(en, Lang::English);
    let (r, e) = (span(ru, "Он ушёл.").start, span(en, "He left.").start);
    let space = span(ru, " пришёл").start; // inside the first sentence
    let blocks = vec![
        block(0..r - 1, 0..e - 1), // the first paragraph and one newline
        block(r - 2..r, e - 2..e), // two newlines, overlapping both
        block(r - 1..ru.len(), e - 1..en.len()),
        block(space..space + 1, 0..0), // a space inside a sentence
    ];
    let a = align("[0]:[0]\n[1]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.joined, s.blocks, s.outside), (0, 2, 0));
    assert_eq!((s.precision, s.recall), (1.0, 1.0));
}

#[test]
fn sentences_outside_every_block() {
    // The gold leaves the last sentence of each text out.
    let ru = "Он пришёл. Конец.\n";
    let en = "He came. The end.\n";
    let src = Document::segment(ru, Lang::Russian);
    let tgt = Document::segment(en, Lang::English);
    let blocks = vec![block(span(ru, "Он пришёл."), span(en, "He came."))];
    // left unpaired: correct
    let a = align("[0]:[0]\n[1]:[]\n[]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!(s.outside, 2);
    assert_eq!((s.beads, s.correct_beads, s.blocks, s.correct_blocks), (3, 3, 1, 1));
    // paired with each other: the gold says nothing of it, counted wrong
    let a = align("[0]:[0]\n[1]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads, s.blocks, s.correct_blocks), (2, 1, 1, 1));
    // glued to a block's sentence: wrong, and the block is not recalled
    let a = align("[0, 1]:[0]\n[]:[1]\n", &src, &tgt);
    let s = score_blocks(&src, &tgt, &a, &blocks);
    assert_eq!((s.beads, s.correct_beads, s.blocks, s.correct_blocks), (2, 1, 1, 0));
}

#[test]
fn block_reader_checks_its_input() {
    let text = "# ru_start\tru_end\ten_start\ten_end\n0\t10\t0\t8\n\n12 12 10 20\n";
    let blocks = read_blocks(text, "x.gold.tsv").expect("valid");
    assert_eq!(blocks, vec![block(0..10, 0..8), block(12..12, 10..20)]);
    for (text, line) in [
        ("0 10 0 8\n0 10 0\n", 2),
        ("0 10 0 8\n# c\n10 x 8 9\n", 3),
        ("10 5 0 8\n", 1),
        ("0 5 9 8\n", 1),
        ("0 5 0 8 1\n", 1),
    ] {
        let msg = read_blocks(text, "x.gold.tsv").unwrap_err().to_string();
        assert!(msg.starts_with(&format!("x.gold.tsv:{line}: ")), "{text:?}: {msg}");
    }
}

// ---------------------------------------------------------------------------
// Calibration
// ---------------------------------------------------------------------------

#[test]
fn calibration_by_hand() {
    let mut c = Calibration::default();
    assert_eq!((c.beads(), c.ece(), c.confident(), c.confident_accuracy()), (0, 0.0, 0, None));
    // bin 9: 0.95 x4, 3 correct; bin 5: 0.55 x2, 1 correct; bin 0: 0.05 x4, none
    for (conf, correct) in [(0.95, 4, 3), (0.55, 2, 1), (0.05, 4, 0)]
        .into_iter()
        .flat_map(|(conf, n, ok)| (0..n).map(move |k| (conf, k < ok)))
    {
        c.add(conf, correct);
    }
    assert_eq!(c.beads(), 10);
    // 0.4 * |0.95 - 0.75| + 0.2 * |0.55 - 0.5| + 0.4 * |0.05 - 0|
    assert!(close(c.ece(), 0.4 * 0.2 + 0.2 * 0.05 + 0.4 * 0.05), "{}", c.ece());
    assert_eq!((c.confident(), c.confident_accuracy()), (4, Some(0.75)));
    // bins add up; a perfectly calibrated pool has ECE 0
    let mut twice = c;
    twice.merge(&c);
    assert!(close(twice.ece(), c.ece()));
    assert_eq!(twice.confident(), 8);
    let mut perfect = Calibration::default();
    for k in 0..4 {
        perfect.add(0.5, k % 2 == 0);
    }
    perfect.add(1.0, true);
    assert!(close(perfect.ece(), 0.0));
    // the edges: k/10 opens bin k, 0.9 counts as confident, 1.0 is in the last bin
    for k in 0..10 {
        assert_eq!(Calibration::bin(k as f64 / 10.0), k);
        assert_eq!(Calibration::bin(k as f64 / 10.0 + 0.05), k);
    }
    assert_eq!((Calibration::bin(1.0), Calibration::bin(0.8999999)), (9, 8));
}

/// A data folder written for one test, under the system's temp folder.
fn temp_data(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-eval-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Appends a paragraph to `text` (a blank line before it) and returns its
/// byte range; an empty paragraph adds nothing and gives an empty range.
fn push_paragraph(text: &mut String, para: &str) -> std::ops::Range<usize> {
    if para.is_empty() {
        return text.len()..text.len();
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let start = text.len();
    text.push_str(para);
    start..text.len()
}

/// Writes `NAME.{ru.txt,en.txt,gold.tsv}` in `dir`: one paragraph a side
/// for each pair, and the pair as a gold block ("" for no counterpart).
fn write_block_doc(dir: &Path, name: &str, pairs: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).expect("set dir");
    let (mut ru, mut en, mut gold) = (String::new(), String::new(), String::new());
    for (r, e) in pairs {
        let (r, e) = (push_paragraph(&mut ru, r), push_paragraph(&mut en, e));
        gold.push_str(&format!("{} {} {} {}\n", r.start, r.end, e.start, e.end));
    }
    std::fs::write(dir.join(format!("{name}.ru.txt")), ru + "\n").expect("write");
    std::fs::write(dir.join(format!("{name}.en.txt")), en + "\n").expect("write");
    std::fs::write(dir.join(format!("{name}.gold.tsv")), gold).expect("write");
}

/// The confidence a test sentence carries: the number it starts with, in
/// hundredths (`95 Один.` → 0.95); 1 when it starts with none.
fn stated_confidence(doc: &Document<'_>, i: usize) -> f64 {
    doc.sentence_text(i).split_whitespace().next().and_then(|w| w.parse::<f64>().ok()).map_or(1.0, |c| c / 100.0)
}

/// An "aligner" for hand-made cases: 1:1 beads down the diagonal, then the
/// sentences left over on the longer side alone; each bead has the
/// confidence its first sentence states.
fn diagonal(src: &Document<'_>, tgt: &Document<'_>) -> bitext::Result<Alignment> {
    let (n, m) = (src.len(), tgt.len());
    let bead = |s: std::ops::Range<usize>, t: std::ops::Range<usize>| {
        let confidence = if s.is_empty() { stated_confidence(tgt, t.start) } else { stated_confidence(src, s.start) };
        serde_json::json!({
            "src": { "start": s.start, "end": s.end },
            "tgt": { "start": t.start, "end": t.end },
            "cost": 0.0,
            "confidence": confidence,
        })
    };
    let k = n.min(m);
    let mut beads: Vec<_> = (0..k).map(|i| bead(i..i + 1, i..i + 1)).collect();
    beads.extend((k..n).map(|i| bead(i..i + 1, m..m)));
    beads.extend((k..m).map(|j| bead(n..n, j..j + 1)));
    let json = serde_json::json!({ "beads": beads, "src_len": n, "tgt_len": m });
    Ok(serde_json::from_value(json).expect("a valid alignment"))
}

#[test]
fn calibration_of_a_ladder_set_by_hand() {
    // Ten lines a side, aligned 1:1 down the diagonal with the stated
    // confidences; the gold keeps lines 3, 5 and 6..10 apart (each in a
    // 1:0 and a 0:1 bead), so those 1:1 beads are strict misses.
    let data = temp_data("ladder-calibration");
    let dir = data.join("textberg-dev");
    std::fs::create_dir_all(&dir).expect("dir");
    let stated = [95, 95, 95, 95, 55, 55, 5, 5, 5, 5];
    let de: String = stated.iter().enumerate().map(|(i, c)| format!("{c} Zeile {i}\n")).collect();
    let fr: String = (0..10).map(|i| format!("Ligne {i}\n")).collect();
    let mut gold = String::new();
    for i in 0..10 {
        if [3, 5, 6, 7, 8, 9].contains(&i) {
            gold.push_str(&format!("[{i}]:[]\n[]:[{i}]\n"));
        } else {
            gold.push_str(&format!("[{i}]:[{i}]\n"));
        }
    }
    for (file, text) in [("tiny.de", de), ("tiny.fr", fr), ("tiny.defr", gold)] {
        std::fs::write(dir.join(file), text).expect("write");
    }
    let reports = run(&data, &[], diagonal).expect("run");
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!((r.beads, r.documents), (10, 1));
    assert!(close(r.precision, 0.4));
    // bins: 9 holds 4 beads (confidence sum 3.8, 3 correct), 5 holds 2
    // (1.1, 1 correct), 0 holds 4 (0.2, none correct)
    assert!(close(r.ece, (0.8 + 0.1 + 0.2) / 10.0), "ECE {}", r.ece);
    assert_eq!((r.confident, r.confident_accuracy), (4, Some(0.75)));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn calibration_of_a_block_set_by_hand() {
    // A paragraph without a translation in the middle: the diagonal pairs
    // it with the next English paragraph (wrong, 0.55) and leaves the
    // last Russian paragraph alone although its block has English (wrong,
    // 0.95); the first bead is right (0.95).
    let data = temp_data("block-calibration");
    let pairs = [("95 Один.", "One."), ("55 Лишний.", ""), ("95 Два.", "Two.")];
    write_block_doc(&data.join("ru-en").join("tiny"), "lenta.ru.1", &pairs);
    let r = &run(&data, &[], diagonal).expect("run")[0];
    assert_eq!((r.name.as_str(), r.beads, r.blocks), ("tiny", 3, 3));
    assert!(close(r.precision, 1.0 / 3.0));
    // bin 9: 2 beads, confidence sum 1.9, 1 correct; bin 5: 0.55, none
    assert!(close(r.ece, (0.9 + 0.55) / 3.0), "ECE {}", r.ece);
    assert_eq!((r.confident, r.confident_accuracy), (2, Some(0.5)));
    let _ = std::fs::remove_dir_all(&data);
}

// ---------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------

#[test]
fn domain_of_document_names() {
    let cases = [
        ("review_0", "review"),
        ("review_92", "review"),
        ("em1-0", "em"),
        ("em2-2", "em"),
        ("championships-1", "championships"),
        // outlets whose names hold a dash are still news
        ("armenpress-ru.63060", "news"),
        ("sport-express.ru.219853", "news"),
        ("rt-russian.115491", "news"),
        ("lenta.ru.258396", "news"),
        ("aif.143903", "news"),
        ("bible-Luk", "bible"),
        ("bible-1Co", "bible"),
        ("lit-khameleon", "lit"),
        ("tsuite-tedtalks-enru-rev-enru-talk-3", "tsuite"),
        ("dev", "news"),
        ("12-3", "news"),
        ("_x", "news"),
    ];
    for (name, want) in cases {
        assert_eq!(domain(name), want, "{name}");
    }
}

#[test]
fn wmt23_splits_into_its_four_domains() {
    // every document aligned as omissions: quick, and the counts are what
    // is checked here
    let sets = ["wmt23", "chekhov", "bible-nt"].map(String::from);
    let reports = run(&shared_data!(), &sets, all_omissions).expect("run");
    let rows: Vec<(&str, Option<&str>, usize)> =
        reports.iter().map(|r| (r.name.as_str(), r.domain.as_deref(), r.documents)).collect();
    assert_eq!(
        rows,
        [
            ("wmt23", None, 162),
            ("wmt23/review", Some("review"), 93),
            ("wmt23/news", Some("news"), 54),
            ("wmt23/em", Some("em"), 13),
            ("wmt23/championships", Some("championships"), 2),
            ("chekhov", None, 2),
            ("bible-nt", None, 23),
        ]
    );
    // the domain rows share out the set's beads and blocks
    let (set, parts) = (&reports[0], &reports[1..5]);
    assert_eq!(parts.iter().map(|r| r.beads).sum::<usize>(), set.beads);
    assert_eq!(parts.iter().map(|r| r.blocks).sum::<usize>(), set.blocks);
    assert_eq!(parts.iter().map(|r| r.joined.unwrap_or(0)).sum::<usize>(), set.joined.unwrap_or(0));
}

#[test]
fn domain_rows_by_hand_and_their_floors() {
    // Set `mix`: two reviews (one with an untranslated paragraph, which the
    // diagonal gets wrong twice), a film-magazine text and a news article;
    // set `single`: two documents of one domain, so no domain rows.
    let data = temp_data("domains");
    let mix = data.join("ru-en").join("mix");
    write_block_doc(&mix, "review_1", &[("95 Хорошо.", "Good.")]);
    write_block_doc(&mix, "review_2", &[("95 Плохо.", "Bad."), ("55 Лишний.", ""), ("95 Конец.", "The end.")]);
    write_block_doc(&mix, "em1-0", &[("95 Фильм.", "A film.")]);
    write_block_doc(&mix, "lenta.ru.5", &[("95 Новость.", "News."), ("Ещё.", "More.")]);
    let single = data.join("ru-en").join("single");
    write_block_doc(&single, "lit-a", &[("Раз.", "One.")]);
    write_block_doc(&single, "lit-b", &[("Два.", "Two.")]);

    let reports = run(&data, &[], diagonal).expect("run");
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    // the biggest domain first, then by name
    assert_eq!(names, ["mix", "mix/review", "mix/em", "mix/news", "single"]);
    let (set, review) = (&reports[0], &reports[1]);
    assert_eq!((set.domain.as_deref(), review.domain.as_deref()), (None, Some("review")));
    // the set: 7 beads, 5 correct; 7 blocks, 5 recalled
    assert_eq!((set.documents, set.beads, set.blocks), (4, 7, 7));
    assert!(close(set.precision, 5.0 / 7.0) && close(set.recall, 5.0 / 7.0));
    // the reviews alone: 4 beads, 2 correct; 4 blocks, 2 recalled; beads
    // at 0.95 (right), 0.95 (right), 0.55 (wrong), 0.95 (wrong)
    assert_eq!((review.documents, review.beads, review.blocks), (2, 4, 4));
    assert!(close(review.precision, 0.5) && close(review.recall, 0.5) && close(review.f1, 0.5));
    assert!(close(review.ece, (0.85 + 0.55) / 4.0), "ECE {}", review.ece);
    assert_eq!((review.confident, review.confident_accuracy), (3, Some(2.0 / 3.0)));
    for r in &reports[2..4] {
        assert_eq!((r.documents, r.f1), (1, 1.0), "{}", r.name);
    }

    // a floor can name a domain row
    let floors = read_floors("mix nodict 0.6\nmix/review nodict 0.6\nmix/em nodict 0.99\n", "floors").expect("valid");
    assert_eq!(check_floors(&reports, "nodict", &floors), ["mix/review: F1 0.500 is below the nodict floor 0.600"]);
    let floors = read_floors("mix/review nodict 0.5\n", "floors").expect("valid");
    assert!(check_floors(&reports, "nodict", &floors).is_empty());

    // the table indents the domain rows under their set
    let mut out = Vec::new();
    bitext::eval::write_table(&reports, &mut out).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let starts: Vec<&str> = text.lines().skip(1).map(|l| l.split("  ").next().unwrap_or("")).collect();
    assert_eq!(starts, ["mix", "", "", "", "single"], "{text}");
    assert!(text.lines().nth(2).unwrap().starts_with("  mix/review "), "{text}");
    let _ = std::fs::remove_dir_all(&data);
}

// ---------------------------------------------------------------------------
// The beads scored wrong
// ---------------------------------------------------------------------------

#[test]
fn wrong_beads_by_hand() {
    // A block document where the diagonal goes wrong at beads 1 and 2 (an
    // untranslated paragraph), and a ladder document where it goes wrong
    // at bead 1 (the gold leaves line 1 unpaired on both sides).
    let data = temp_data("wrong");
    let pairs = [("95 Хорошо.", "Good."), ("55 Лишний.", ""), ("95 Конец.", "The end.")];
    write_block_doc(&data.join("ru-en").join("tiny"), "review_2", &pairs);
    let tb = data.join("textberg-dev");
    std::fs::create_dir_all(&tb).expect("dir");
    std::fs::write(tb.join("d.de"), "Eins.\n40 Zwei.\nDrei.\n").expect("write");
    std::fs::write(tb.join("d.fr"), "Un.\nDeux.\nTrois.\n").expect("write");
    std::fs::write(tb.join("d.defr"), "[0]:[0]\n[1]:[]\n[]:[1]\n[2]:[2]\n").expect("write");

    let e = evaluate(&data, &[], diagonal).expect("evaluate");
    let heads: Vec<String> =
        e.wrong.iter().map(|w| format!("{} {} {} {:?} {}", w.set, w.document, w.bead, w.kind, w.confidence)).collect();
    assert_eq!(heads, ["textberg-dev d 1 (1, 1) 0.4", "tiny review_2 1 (1, 1) 0.55", "tiny review_2 2 (1, 0) 0.95"]);
    // as many as the precision leaves out
    for r in &e.reports {
        let wrong = e.wrong.iter().filter(|w| w.set == r.name).count();
        assert!(close(wrong as f64, r.beads as f64 * (1.0 - r.precision)), "{}", r.name);
    }
    let s = &e.wrong[1].sentences;
    assert_eq!(
        (s[0].edition, s[0].lang, s[0].index, s[0].text.as_str()),
        (Edition::Source, Lang::Russian, 1, "55 Лишний.")
    );
    assert_eq!((s[1].edition, s[1].index, s[1].text.as_str()), (Edition::Target, 1, "The end."));
    assert_eq!(
        (s[0].gold.as_slice(), s[1].gold.as_slice()),
        (&["block 1".to_string()][..], &["block 2".to_string()][..])
    );

    let mut out = Vec::new();
    write_errors(&e.wrong, &mut out).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let records: Vec<&str> = text.split("\n\n").filter(|r| r.starts_with("## ")).collect();
    assert_eq!(
        records,
        [
            "## textberg-dev d bead 1 1:1 confidence 0.400\nde 1 ([1]:[]) 40 Zwei.\nfr 1 ([]:[1]) Deux.",
            "## tiny review_2 bead 1 1:1 confidence 0.550\nru 1 (block 1) 55 Лишний.\nen 1 (block 2) The end.",
            "## tiny review_2 bead 2 1:0 confidence 0.950\nru 2 (block 2) 95 Конец.",
        ],
        "{text}"
    );
    // right beads do not appear
    assert!(!text.contains("Хорошо") && !text.contains("Eins"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("## ")).count(), 3);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn eval_cli_writes_the_wrong_beads() {
    // the command line's file lists what the library finds with the same
    // aligner (no dictionary)
    let path = std::env::temp_dir().join(format!("bitext-eval-{}-errors.txt", std::process::id()));
    let data = shared_data!();
    let out = std::process::Command::new(crate::common::bin())
        .args(["eval", data.to_str().expect("path"), "--set", "textberg-dev", "--dict", "none", "--errors"])
        .arg(&path)
        .output()
        .expect("run bitext");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&path).expect("the errors file");
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    let aligner = bitext::Aligner::new(Default::default());
    let e = evaluate(&data, &["textberg-dev".to_string()], |s, t| aligner.align(s, t)).expect("evaluate");
    assert!(!e.wrong.is_empty(), "textberg-dev has no wrong bead: nothing is tested");
    assert_eq!(heads.len(), e.wrong.len());
    for (head, w) in heads.iter().zip(&e.wrong) {
        assert!(head.starts_with(&format!("## textberg-dev {} bead {} ", w.document, w.bead)), "{head}");
    }
    let _ = std::fs::remove_file(&path);

    // a file that cannot be written is an error that names it
    let out = std::process::Command::new(crate::common::bin())
        .args(["eval", data.to_str().expect("path"), "--set", "chekhov", "--dict", "none", "--errors"])
        .arg(&data)
        .output()
        .expect("run bitext");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn eval_cli_reads_settings_and_checks_calibration() {
    let data = shared_data!();
    let dir = std::env::temp_dir().join(format!("bitext-eval-{}-config", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |args: &[&str]| {
        std::process::Command::new(crate::common::bin())
            .args(["eval", data.to_str().expect("path"), "--set", "chekhov", "--dict", "none"])
            .args(args)
            .output()
            .expect("run bitext")
    };
    let f1 = |out: &std::process::Output| -> f64 {
        let text = String::from_utf8_lossy(&out.stdout);
        let row = text.lines().find(|l| l.starts_with("chekhov")).expect("the chekhov row").to_string();
        row.split_whitespace().nth(4).expect("F1").parse().expect("a number")
    };
    // settings change the result: pure Gale-Church lengths align worse
    let lengths = dir.join("lengths.json");
    std::fs::write(&lengths, r#"{"lex_weight": 0.0, "learn_lexicon": false}"#).expect("write");
    let (default, plain) = (run(&[]), run(&["--config", lengths.to_str().expect("path")]));
    assert!(default.status.success() && plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    assert!(f1(&plain) < f1(&default), "{} vs {}", f1(&plain), f1(&default));
    // settings that are not settings are an error that names the file
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"max_bead": "two"}"#).expect("write");
    let out = run(&["--config", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json") && err.contains("not aligner settings"), "{err}");
    // calibration limits: met with room, and failed when impossible
    assert!(run(&["--max-ece", "0.5", "--min-confident-accuracy", "0.5"]).status.success());
    let out = run(&["--max-ece", "0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("chekhov: ECE"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// The runner, the table and the floors
// ---------------------------------------------------------------------------

/// Every sentence in a bead of its own: 1:0 then 0:1.
fn all_omissions(src: &Document<'_>, tgt: &Document<'_>) -> bitext::Result<Alignment> {
    let mut l: Ladder = (0..src.len()).map(|i| (vec![i], vec![])).collect();
    l.extend((0..tgt.len()).map(|j| (vec![], vec![j])));
    alignment_from_ladder(&l, src.len(), tgt.len())
}

#[test]
fn runner_with_an_oracle_on_textberg() {
    // The "aligner" returns the gold itself, made monotone and complete
    // where the gold is not (see above), so strict F1 is close to 1.
    let dir = shared_data!().join("textberg-dev");
    let text = std::fs::read_to_string(dir.join("dev.defr")).expect("dev.defr");
    let gold = read_ladder(&text, "dev.defr").expect("gold");
    let oracle = |src: &Document<'_>, tgt: &Document<'_>| {
        // cut the target side at each bead's largest index
        let mut l: Ladder = Vec::new();
        let mut j = 0;
        for (s, t) in &gold {
            let end = t.iter().map(|&x| x + 1).max().unwrap_or(j).max(j);
            l.push((s.clone(), (j..end).collect()));
            j = end;
        }
        alignment_from_ladder(&l, src.len(), tgt.len())
    };
    let reports = run(&shared_data!(), &["textberg-dev".to_string()], oracle).expect("run");
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!((r.name.as_str(), r.documents), ("textberg-dev", 1));
    assert!(r.f1 > 0.97 && r.f1 < 1.0, "oracle strict F1 {}", r.f1);
    let lax = r.lax.expect("lax scores for a ladder set");
    assert!(lax.f1 > r.f1);
    assert_eq!(r.joined, None);
    assert_eq!(r.blocks, 381);
    // every oracle bead has confidence 1: all are "confident", and the
    // calibration error is the share of strict misses
    assert_eq!(r.confident, r.beads);
    assert!(close(r.confident_accuracy.expect("confident beads"), r.precision));
    assert!(close(r.ece, 1.0 - r.precision));
}

#[test]
fn runner_on_a_block_set_is_deterministic() {
    let sets = ["chekhov".to_string()];
    let reports = run(&shared_data!(), &sets, all_omissions).expect("run");
    let r = &reports[0];
    assert_eq!((r.name.as_str(), r.documents), ("chekhov", 2));
    assert!(r.blocks > 90 && r.blocks <= 103, "{} blocks", r.blocks);
    assert!(r.beads > 2 * r.blocks);
    assert_eq!(r.lax, None);
    assert!(r.joined.is_some());
    // every chekhov paragraph has both sides: no omission bead is right
    assert_eq!((r.precision, r.recall, r.f1), (0.0, 0.0, 0.0));
    // sure of every bead and wrong on each
    assert_eq!((r.ece, r.confident, r.confident_accuracy), (1.0, r.beads, Some(0.0)));
    let again = run(&shared_data!(), &sets, all_omissions).expect("run");
    assert_eq!((again[0].beads, again[0].blocks, again[0].joined), (r.beads, r.blocks, r.joined));
}

#[test]
fn runner_with_the_aligner_on_chekhov() {
    let aligner = bitext::Aligner::new(Default::default());
    let reports = run(&shared_data!(), &["chekhov".to_string()], |s, t| aligner.align(s, t)).expect("run");
    let r = &reports[0];
    assert!(r.f1 > 0.0 && r.f1 <= 1.0, "F1 {}", r.f1);
    assert!(r.precision > 0.0 && r.recall > 0.0);
}

#[test]
fn runner_errors() {
    let err = run(&shared_data!(), &["klingon".to_string()], all_omissions).unwrap_err();
    assert!(err.to_string().contains("klingon"), "{err}");
    assert!(err.to_string().contains("wmt21"), "lists the valid sets: {err}");
    let err = run(&shared_data!().join("no-such-folder"), &[], all_omissions).unwrap_err();
    assert!(err.to_string().contains("no-such-folder"), "{err}");
    // an aligner's error comes through
    let err = run(&shared_data!(), &["chekhov".to_string()], |_, _| Err::<Alignment, _>(boom())).unwrap_err();
    assert!(err.to_string().contains("boom"), "{err}");
    // an alignment that does not fit the documents is refused
    let err = run(&shared_data!(), &["chekhov".to_string()], |_, _| alignment_from_ladder(&[(vec![0], vec![0])], 1, 1))
        .unwrap_err();
    assert!(err.to_string().contains("the alignment is over 1×1"), "{err}");
}

/// An aligner error from outside the crate: a failed ladder parse.
fn boom() -> Error {
    read_ladder("boom", "boom").unwrap_err()
}

fn report(name: &str, f1: f64) -> SetReport {
    SetReport {
        name: name.to_string(),
        domain: None,
        documents: 1,
        precision: f1,
        recall: f1,
        f1,
        lax: None,
        joined: Some(0),
        blocks: 10,
        beads: 10,
        seconds: 0.5,
        ece: 0.0,
        confident: 0,
        confident_accuracy: None,
    }
}

#[test]
fn table_has_aligned_columns() {
    let mut a = report("textberg-dev", 0.66666);
    a.lax = Some(bitext::eval::PrfScores::new(0.9, 0.8));
    a.joined = None;
    a.seconds = 12.346;
    (a.ece, a.confident, a.confident_accuracy) = (0.12345, 40, Some(0.95));
    let b = report("wmt21", 0.99);
    let mut out = Vec::new();
    bitext::eval::write_table(&[a, b], &mut out).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let cells: Vec<Vec<&str>> = lines.iter().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        cells[1],
        ["textberg-dev", "1", "0.667", "0.667", "0.667", "0.847", "-", "0.123", "0.950", "(40)", "12.35"]
    );
    // no bead with confidence 0.9 or more: a dash
    assert_eq!(cells[2], ["wmt21", "1", "0.990", "0.990", "0.990", "-", "0", "0.000", "-", "0.50"]);
    // right-aligned numbers: every line ends at the same column
    let width = lines[0].chars().count();
    assert!(lines.iter().all(|l| l.chars().count() == width), "{text}");
    assert!(lines[0].starts_with("set "));
}

#[test]
fn floors_are_read_and_checked() {
    let text = "# set label floor\n\ntextberg-dev nodict 0.60\nwmt21\tnodict\t0.98 # a bug below\nwmt21 dict 0.99\nbible-nt nodict 0.80\n";
    let floors = read_floors(text, "floors").expect("valid");
    assert_eq!(floors.len(), 4);
    assert_eq!(floors[1], ("wmt21".to_string(), "nodict".to_string(), 0.98));

    let reports = [report("textberg-dev", 0.61), report("wmt21", 0.985)];
    assert!(check_floors(&reports, "nodict", &floors).is_empty());
    let msgs = check_floors(&reports, "dict", &floors);
    assert_eq!(msgs, ["wmt21: F1 0.985 is below the dict floor 0.990"]);
    // a floor exactly met passes; NaN fails
    assert!(check_floors(&[report("wmt21", 0.98)], "nodict", &floors).is_empty());
    assert_eq!(check_floors(&[report("wmt21", f64::NAN)], "nodict", &floors).len(), 1);

    for (bad, line) in [
        ("wmt21 nodict\n", 1),
        ("wmt21 nodict 0.9 extra\n", 1),
        ("# c\nwmt21 nodict 1.5\n", 2),
        ("wmt21 nodict x\n", 1),
        ("wmt21 nodict 0.9\nwmt21 nodict 0.8\n", 2),
    ] {
        let msg = read_floors(bad, "floors").unwrap_err().to_string();
        assert!(msg.starts_with(&format!("floors:{line}: ")), "{bad:?}: {msg}");
    }
}
