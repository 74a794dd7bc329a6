//! The tokenizer's tests: cases by hand, and the fast path against the
//! tokenizer it replaced ([`oracle`]) on random text and on the real texts
//! of `../shared/data`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::oracle;
use super::*;

#[allow(unused_macros)]
#[path = "../../../tests/it/shared_data.rs"]
mod shared_data;

fn read(text: &str, lang: Lang) -> Vec<(String, bool, &str)> {
    let mut buf = String::new();
    words(text)
        .map(|w| {
            lower_into(&mut buf, &text[w.span.clone()], w.joined, lang);
            (buf.clone(), w.name, &text[w.span])
        })
        .collect()
}

#[test]
fn words_with_letters_names_and_folds() {
    let got = read("Её 3 Ёлки, 1938 — и «Мир»!", Lang::Russian);
    let lower: Vec<&str> = got.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(lower, ["ее", "елки", "и", "мир"]);
    // the first word is no name; a capital after a number is
    let names: Vec<bool> = got.iter().map(|(_, n, _)| *n).collect();
    assert_eq!(names, [false, true, false, true]);
    let got = read("God’s word and God's word", Lang::English);
    assert_eq!(got[0].0, got[3].0, "the typographic apostrophe folds to the straight one");
    assert_eq!(got[0].0, "god's");
    assert_eq!(read("ΟΔΟΣ", Lang::Greek)[0].0, "οδος");
}

#[test]
fn a_word_hyphenated_across_a_line_break_is_one_word() {
    let text = "органи-\n  зация и органи- зация, Jean-\nPaul";
    let got = read(text, Lang::Russian);
    let lower: Vec<&str> = got.iter().map(|(l, _, _)| l.as_str()).collect();
    // joined only across a break, and only before a lower-case letter
    assert_eq!(lower, ["организация", "и", "органи", "зация", "jean", "paul"]);
    assert_eq!(got[0].2, "органи-\n  зация", "the span covers both parts");
    let w = words("a-\r\nb").collect::<Vec<_>>();
    assert_eq!((w.len(), w[0].joined, w[0].span.clone()), (1, true, 0..5));
}

/// A word as both tokenizers give it: span, name, joined.
type Seen = (Range<usize>, bool, bool);

fn new_words(text: &str) -> Vec<Seen> {
    words(text).map(|w| (w.span, w.name, w.joined)).collect()
}

fn old_words(text: &str) -> Vec<Seen> {
    oracle::words(text).map(|w| (w.span, w.name, w.joined)).collect()
}

/// What [`scan`] reports: each word with its name flag, and the counts.
fn scanned(text: &str, lang: Lang, old: bool) -> (Vec<(String, bool)>, [u8; 5]) {
    let mut seen = Vec::new();
    let mut buf = String::new();
    let punct = if old {
        oracle::scan(text, lang, &mut buf, |w, name| seen.push((w.to_string(), name)))
    } else {
        scan(text, lang, &mut buf, |w, name| seen.push((w.to_string(), name)))
    };
    (seen, punct)
}

/// Pieces of text the fast segmenter reads: letters of the scripts and
/// blocks of its table, digits, the punctuation the rules name (joiners
/// and not), spaces and line breaks, hyphens for the joined words.
const FAST: &[&str] = &[
    "a",
    "Z",
    "é",
    "Ö",
    "ß",
    "ł",
    "Ő",
    "ǅ",
    "Ÿ",
    "İ",
    "Œ",
    "ŉ",
    "ſ",
    "Ĺ",
    "×",
    "Ä",
    "ü",
    "я",
    "Д",
    "ё",
    "Ё",
    "ї",
    "Ѣ",
    "ab",
    "Word",
    "слово",
    "Иван",
    "1",
    "0",
    "42",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "-",
    "-\n",
    "-\r\n  ",
    "- \n",
    "'",
    "’",
    "‘",
    ":",
    ".",
    ",",
    ";",
    "_",
    "«",
    "»",
    "“",
    "”",
    "„",
    "—",
    "–",
    "…",
    "(",
    ")",
    "?",
    "!",
    "\"",
    "²",
    "½",
    "¸",
    "·",
    "µ",
    "ª",
    "\u{A0}",
    "\u{202F}",
    "\u{2044}",
    "\u{2024}",
    "\u{2027}",
    "\u{203F}",
    "№",
    "−",
    "€",
    "\u{2028}",
    "\u{85}",
];

/// Pieces the fast segmenter does not know: the text goes to the crate.
const SLOW: &[&str] = &[
    "\u{301}",
    "\u{AD}",
    "😀",
    "👍🏻",
    "中",
    "文",
    "α",
    "Σ",
    "ς",
    "Ω",
    "\u{200D}",
    "\u{200B}",
    "\u{2060}",
    "\u{1F1E9}\u{1F1EA}",
    "ア",
    "א",
    "\u{5F3}",
    "\u{FF0C}",
    "\u{2116}\u{301}",
    "ΟΔΟΣ",
];

/// Text of fast pieces only, or of fast pieces with a few slow ones.
fn text() -> impl Strategy<Value = String> {
    let fast = prop::sample::select(FAST);
    let slow = prop::sample::select(SLOW);
    let mixed = prop_oneof![12 => fast.clone(), 1 => slow];
    prop_oneof![
        prop::collection::vec(fast, 0..50).prop_map(|v| v.concat()),
        prop::collection::vec(mixed, 0..50).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_words_are_the_old_ones(s in text()) {
        prop_assert_eq!(new_words(&s), old_words(&s));
    }

    #[test]
    fn the_scan_is_the_old_one(s in text(), russian in any::<bool>()) {
        let lang = if russian { Lang::Russian } else { Lang::English };
        prop_assert_eq!(scanned(&s, lang, false), scanned(&s, lang, true));
    }

    #[test]
    fn the_lower_case_is_the_old_one(s in text(), joined in any::<bool>(), russian in any::<bool>()) {
        let lang = if russian { Lang::Russian } else { Lang::Greek };
        let (mut new, mut old) = (String::new(), String::new());
        lower_into(&mut new, &s, joined, lang);
        oracle::lower_into(&mut old, &s, joined, lang);
        prop_assert_eq!(new, old);
    }

    /// The marks the fast segmenter counts as it reads (a colon inside a
    /// word too) are those [`punctuation`] counts in the bytes.
    #[test]
    fn the_marks_counted_while_reading_are_the_bytes(s in text()) {
        prop_assert_eq!(scan_spans(&s, |_, _, _| {}), punctuation(&s));
        let joined = format!("a:b {s} x:y:z");
        prop_assert_eq!(scan_spans(&joined, |_, _, _| {}), punctuation(&joined));
    }

    #[test]
    fn the_words_are_the_old_ones_for_any_text(s in any::<String>()) {
        prop_assert_eq!(new_words(&s), old_words(&s));
    }
}

/// Every text of up to four characters drawn from one of each kind the
/// rules tell apart (letters upper and lower, Latin and Cyrillic, a digit,
/// the joiners, a connector, spaces and breaks, the hyphen, a number that
/// is no digit, the ALetter that is no letter, and characters that go to
/// the crate): the same words as before.
#[test]
fn every_short_text_reads_as_before() {
    let kinds = ["a", "A", "я", "Ж", "1", "_", ":", ".", ",", "'", " ", "\n", "-", "²", "¸", "\u{301}", "😀", "α"];
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = texts.iter().flat_map(|t| kinds.iter().map(move |k| format!("{t}{k}"))).collect();
        for text in &longer {
            assert_eq!(new_words(text), old_words(text), "{text:?}");
        }
        texts = longer;
    }
    assert_eq!(texts.len(), kinds.len().pow(4));
}

/// The marks counted at every offset from the start, so that each falls
/// in a 16-byte stretch [`punctuation`] passes over, at its start, at its
/// end and across two of them.
#[test]
fn the_punctuation_is_counted_wherever_it_stands() {
    let marks = "«x» “y” „z“ (q)? !: \"w\" я — ё…";
    for pad in 0..40 {
        for filler in ["a", "ж", " "] {
            let text = format!("{}{marks}{}", filler.repeat(pad), filler.repeat(pad % 7));
            let (mut old, mut new) = (String::new(), String::new());
            let want = oracle::scan(&text, Lang::Russian, &mut old, |_, _| {});
            assert_eq!(scan(&text, Lang::Russian, &mut new, |_, _| {}), want, "{text:?}");
            assert_eq!(want, [1, 1, 8, 2, 1], "{text:?}");
        }
    }
}

/// The files under `dir`, in order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read the folder").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every file of `../shared/data` read both ways, whole and line by line:
/// the same words, and the same scan of each line.
#[test]
fn the_real_texts_read_as_before() {
    let Some(dir) = shared_data::shared_data_if_present() else {
        return;
    };
    let files = files_under(&dir);
    assert!(!files.is_empty(), "no files in {}", dir.display());
    for path in files {
        let bytes = std::fs::read(&path).expect("read a file");
        let text = String::from_utf8_lossy(&bytes);
        let name = path.display().to_string();
        assert_eq!(new_words(&text), old_words(&text), "{name}");
        let lang = if name.contains(".ru") { Lang::Russian } else { Lang::English };
        for line in text.lines() {
            assert_eq!(scanned(line, lang, false), scanned(line, lang, true), "{name}: {line:?}");
        }
    }
}

/// How much faster the tokenizer is than the one it replaced: every line
/// of `../shared/data` read as the aligner reads a sentence, its words
/// only and its whole [`scan`]. Run with
/// `cargo test --release --lib tokenizer_speed -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn tokenizer_speed() {
    let Some(dir) = shared_data::shared_data_if_present() else {
        return;
    };
    let texts: Vec<String> = files_under(&dir)
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("read")).into_owned())
        .collect();
    let lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let counts: Vec<usize> = lines.iter().map(|l| oracle::words(l).count()).collect();
    let expected: usize = counts.iter().sum();
    let mut buf = String::new();
    let mut time = |label: &str, f: &mut dyn FnMut(usize, &str, &mut String) -> usize| {
        let start = std::time::Instant::now();
        const ROUNDS: usize = 5;
        for _ in 0..ROUNDS {
            let count: usize = lines.iter().enumerate().map(|(i, l)| f(i, l, &mut buf)).sum();
            // a broken fast path must not look fast
            assert_eq!(count, expected, "{label}");
        }
        let secs = start.elapsed().as_secs_f64() / ROUNDS as f64;
        println!("{label:>10}: {:7.1} MB/s ({:.2} ms a round)", bytes as f64 / secs / 1e6, secs * 1e3);
    };
    for _ in 0..2 {
        time("old words", &mut |_, l, _| oracle::words(l).count());
        time("new words", &mut |_, l, _| words(l).count());
        time("punct", &mut |i, l, _| {
            std::hint::black_box(punctuation(l));
            counts[i]
        });
        time("old scan", &mut |_, l, buf| {
            let mut n = 0;
            oracle::scan(l, Lang::Russian, buf, |_, _| n += 1);
            n
        });
        time("new scan", &mut |_, l, buf| {
            let mut n = 0;
            scan(l, Lang::Russian, buf, |_, _| n += 1);
            n
        });
    }
}

/// A hyphen with an extending character after it is a segment of its own
/// (WB4), which the crate yields when that character is alphabetic: then
/// no gap stands between the word and the next, and nothing is joined.
#[test]
fn a_hyphen_can_start_the_next_segment() {
    let text = "\u{C46}-\u{A3E}";
    assert_eq!(new_words(text), old_words(text));
    assert_eq!(new_words(text).len(), 2);
}

/// The lower case found without a table search ([`lower_fast`]) is
/// `char::to_lowercase`, and the characters [`lower_folded_into`] copies
/// as they are ([`unchanged`]) lower-case and fold to themselves, for
/// every character of Latin (U+0000..U+024F) and Cyrillic (..U+04FF); the
/// letters of Latin-1 and Latin Extended-A are all found without the table
/// but `İ`, which lower-cases to two characters.
#[test]
fn the_fast_lower_case_is_the_tables() {
    for c in (0..0x500).filter_map(char::from_u32) {
        let want: Vec<char> = c.to_lowercase().collect();
        if let Some(l) = lower_fast(c) {
            assert_eq!(vec![l], want, "U+{:04X}", c as u32);
        }
        for (russian, lang) in [(false, Lang::English), (true, Lang::Russian)] {
            if unchanged(c, russian) {
                assert_eq!(want, [c], "U+{:04X}", c as u32);
                assert_eq!(fold(&c.to_string(), lang), c.to_string(), "U+{:04X}", c as u32);
            }
        }
    }
    for c in ('\0'..='\u{17f}').filter(|&c| c != 'İ') {
        assert!(lower_fast(c).is_some(), "U+{:04X}", c as u32);
    }
    for c in ['ä', 'ö', 'ü', 'ß', 'é', 'è', 'à', 'ç', 'ÿ', 'µ', '\u{a0}'] {
        assert!(unchanged(c, false) && unchanged(c, true), "{c}");
    }
}
