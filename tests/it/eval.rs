//! Scoring against gold: ladder parsing, strict/lax scores computed by hand,
//! block consistency on tiny hand-made documents, and the `bitext eval`
//! command (its harness is tested in the command's own unit tests).

use bitext::eval::{
    alignment_from_ladder, format_ladder, judge_blocks, ladder_from_alignment, read_blocks, read_ladder, score_blocks,
    score_ladder, Block, Calibration, Ladder,
};
use bitext::{Alignment, Document, InputMode, Lang, Segmenter};

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
    // the wrong beads, worked out here with the library: the aligned beads
    // that are not gold beads
    let aligner = bitext::Aligner::new(Default::default());
    let dir = data.join("textberg-dev");
    let read = |ext: &str| std::fs::read_to_string(dir.join(format!("dev.{ext}"))).expect("read");
    let (de, fr) = (read("de"), read("fr"));
    let gold = read_ladder(&read("defr"), "gold").expect("gold");
    let src = Segmenter::new(Lang::German).input(InputMode::Lines).segment(&de);
    let tgt = Segmenter::new(Lang::French).input(InputMode::Lines).segment(&fr);
    let pred = ladder_from_alignment(&aligner.align(&src, &tgt).expect("align"));
    let wrong: Vec<usize> = (0..pred.len()).filter(|&k| !gold.contains(&pred[k])).collect();
    assert!(!wrong.is_empty(), "textberg-dev has no wrong bead: nothing is tested");
    assert_eq!(heads.len(), wrong.len(), "{text}");
    for (head, k) in heads.iter().zip(&wrong) {
        assert!(head.starts_with(&format!("## textberg-dev dev bead {k} ")), "{head}");
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
