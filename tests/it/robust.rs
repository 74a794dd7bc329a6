//! Bad input: every case gets a sensible result or a clear error (what,
//! where, what to do) with the right exit status, never a panic, a hang or
//! silent loss of text. Inputs are generated; the fuzzers' crash inputs
//! are kept at the end as regression tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use bitext::{AlignConfig, Aligner, Dictionary, Document, InputMode, Lang, Segmenter};

use crate::common::{check_beads, check_cover};

fn bitext(args: &[&str]) -> Output {
    Command::new(crate::common::bin()).args(args).output().expect("run bitext")
}

/// A fresh folder for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-robust-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p.to_string_lossy().into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit status and that stderr holds every one of `parts`.
fn expect(out: &Output, code: i32, parts: &[&str]) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for p in parts {
        assert!(err.contains(p), "stderr lacks {p:?}: {err}");
    }
    err
}

/// `n` Russian sentences and their English translations, told apart by
/// their numbers (numbers are anchors for the aligner).
fn parallel(range: std::ops::Range<usize>) -> (Vec<String>, Vec<String>) {
    let ru = range
        .clone()
        .map(|k| format!("Свидетель номер {k} подтвердил показания, данные на допросе {k} марта."))
        .collect();
    let en = range
        .map(|k| format!("Witness number {k} confirmed the testimony given at the interrogation of March {k}."))
        .collect();
    (ru, en)
}

const EN: &str = "The court resumed its session in the morning. The witness was called. He confirmed his testimony.\n";
const RU: &str = "Суд продолжил заседание утром. Вызвали свидетеля. Он подтвердил свои показания.\n";

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_names_the_file_and_byte_offset() {
    let dir = temp_dir("utf8");
    // "Суд" in cp1251 after 6 ASCII bytes
    let bad = write(&dir, "cp1251.txt", b"Hello \xd1\xf3\xe4 world.\n");
    let good = write(&dir, "en.txt", EN);
    for args in [vec!["segment", &bad], vec!["align", &good, &bad], vec!["audit", &bad, &good]] {
        let err = expect(&bitext(&args), 1, &[&bad, "not valid UTF-8 at byte offset 6", "iconv"]);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let e = Segmenter::new(Lang::English).segment_bytes(b"Hello \xd1\xf3\xe4").unwrap_err();
    assert_eq!((e.byte_offset(), e.is_encoding()), (Some(6), true));
}

#[test]
fn binary_files_are_refused_with_the_nul_offset() {
    let dir = temp_dir("binary");
    let mut bytes = b"%!PS-Adobe-3.0\n%\xe2\xe3\xcf\xd3\n".to_vec();
    bytes.retain(|&b| b < 0x80); // valid UTF-8, so that the NUL byte is what tells
    bytes.extend_from_slice(b"1 0 obj\0<< /Type /Catalog >>\n");
    let nul = bytes.iter().position(|&b| b == 0).expect("a NUL byte");
    let bin = write(&dir, "scan.ps", &bytes);
    let good = write(&dir, "en.txt", EN);
    let offset = format!("NUL byte at byte offset {nul}");
    expect(&bitext(&["segment", &bin]), 1, &[&bin, "binary", &offset, "convert"]);
    expect(&bitext(&["align", &good, &bin]), 1, &[&bin, "binary", &offset]);
}

#[test]
fn utf16_files_are_told_apart_from_binary_ones() {
    let dir = temp_dir("utf16");
    let utf16 = |bom: bool| {
        let mut v: Vec<u8> = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        v.extend(EN.encode_utf16().flat_map(u16::to_le_bytes));
        v
    };
    for (name, bom) in [("bom.txt", true), ("nobom.txt", false)] {
        let f = write(&dir, name, utf16(bom));
        expect(&bitext(&["segment", &f]), 1, &[&f, "UTF-16", "iconv -f utf-16 -t utf-8"]);
    }
    let e = bitext::check_text(&utf16(false)).unwrap_err();
    assert_eq!(e.byte_offset(), Some(1));
    assert!(e.is_encoding());
    // Russian, without a byte-order mark, in both byte orders: the high
    // byte of a Cyrillic letter is 0x04, not NUL
    let ru = "Вышинский. Где вы были в 1928 году — отвечайте? Бухарин. Я был в Москве.\n".repeat(3);
    for little_endian in [true, false] {
        let bytes: Vec<u8> =
            ru.encode_utf16().flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
        let e = bitext::check_text(&bytes).unwrap_err();
        assert!(e.is_encoding(), "{e}");
        assert!(e.to_string().contains("UTF-16"), "{e}");
    }
    // binary data with NUL bytes stays binary
    let mut noise: Vec<u8> = (0u32..600).map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    noise[7] = 0;
    let e = bitext::check_text(&noise).unwrap_err();
    assert!(!e.to_string().contains("UTF-16"), "{e}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

#[test]
fn files_that_are_not_text_say_what_they_are() {
    let dir = temp_dir("magic");
    let good = write(&dir, "en.txt", EN);
    let pdf = write(&dir, "scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    expect(&bitext(&["segment", &pdf]), 1, &[&format!("{pdf}: this is a PDF document, not text"), "pdftotext"]);
    let zip = write(&dir, "book.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    expect(&bitext(&["align", &good, &zip]), 1, &[&format!("{zip}: this is a zip archive"), ".docx"]);
    let xz = write(&dir, "en.txt.xz", b"\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4\x46");
    expect(&bitext(&["find", &xz, &good, "court"]), 1, &["this is xz-compressed", "unxz"]);
    // UTF-32, with a byte-order mark and without one
    let utf32 = |bom: bool, le: bool| -> Vec<u8> {
        let bom = bom.then_some('\u{feff}');
        bom.into_iter()
            .chain(EN.chars())
            .flat_map(|c| if le { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() })
            .collect()
    };
    for (bom, le) in [(true, true), (true, false), (false, true), (false, false)] {
        let f = write(&dir, "utf32.txt", utf32(bom, le));
        let order = if le { "little-endian" } else { "big-endian" };
        expect(&bitext(&["segment", &f]), 1, &[&format!("this is UTF-32 text ({order})"), "iconv -f utf-32"]);
    }
    // a text that starts as a magic number does is still text
    expect(&bitext(&["segment", &write(&dir, "bzh.txt", "BZh is a name. It is short.\n")]), 0, &[]);
}

#[test]
fn gzip_compressed_editions_are_read_directly_within_a_limit() {
    let dir = temp_dir("gzip");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    let (ru_gz, en_gz) = (write(&dir, "ru.txt.gz", gzip(RU.as_bytes())), write(&dir, "en.txt.gz", gzip(EN.as_bytes())));
    let plain = bitext(&["align", &ru, &en, "--dict", "none", "--format", "tsv"]);
    let packed = bitext(&["align", &ru_gz, &en_gz, "--dict", "none", "--format", "tsv"]);
    expect(&packed, 0, &[]);
    assert_eq!(plain.stdout, packed.stdout);
    // the gzip magic tells, not the name
    let hidden = write(&dir, "ru-packed.txt", gzip(RU.as_bytes()));
    expect(&bitext(&["segment", &hidden]), 0, &[]);
    // bigger than the limit once decompressed: an error, never a cut text
    let big = EN.repeat((1 << 20) / EN.len() + 1);
    let big_gz = write(&dir, "big.txt.gz", gzip(big.as_bytes()));
    assert!(std::fs::metadata(&big_gz).expect("meta").len() < 1 << 20);
    expect(
        &bitext(&["--max-input-mb", "1", "segment", &big_gz]),
        1,
        &[&format!("{big_gz}: decompressed, the file holds more than 1 MB, the input limit"), "--max-input-mb"],
    );
    expect(&bitext(&["--max-input-mb", "2", "segment", &big_gz]), 0, &[]);
    let big_txt = write(&dir, "big.txt", &big);
    expect(&bitext(&["--max-input-mb", "1", "align", &big_txt, &en]), 1, &["more than 1 MB, the input limit"]);
    // a broken or cut gzip stream, and what it holds when that is not text
    let mut cut = gzip(RU.as_bytes());
    cut.truncate(cut.len() / 2);
    let cut = write(&dir, "cut.txt.gz", cut);
    expect(&bitext(&["segment", &cut]), 1, &[&format!("{cut}: starts as a gzip-compressed file does, but cannot be")]);
    let pdf_gz = write(&dir, "scan.pdf.gz", gzip(b"%PDF-1.7\n"));
    expect(&bitext(&["segment", &pdf_gz]), 1, &["decompressed, this is a PDF document"]);
    let bad = write(&dir, "bad.txt.gz", gzip(b"Hello \xd1\xf3\xe4 world.\n"));
    expect(&bitext(&["segment", &bad]), 1, &["not valid UTF-8 at byte offset 6"]);
}

// ---------------------------------------------------------------------------
// Editions that are empty, in one language, or of very different lengths
// ---------------------------------------------------------------------------

#[test]
fn an_empty_side_warns_and_leaves_the_other_unaligned() {
    let dir = temp_dir("empty");
    let en = write(&dir, "en.txt", EN);
    for (name, content) in [("empty.txt", ""), ("blank.txt", " \n\n\t\r\n"), ("bom.txt", "\u{feff}\n")] {
        let empty = write(&dir, name, content);
        let out = bitext(&["align", &empty, &en, "--dict", "none"]);
        expect(&out, 0, &["warning", &format!("{empty} holds no text"), "each of the 3 sentences of", "unaligned"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let pairs = v["pairs"].as_array().expect("pairs");
        assert_eq!(pairs.len(), 3);
        for (k, p) in pairs.iter().enumerate() {
            assert_eq!(p["src"], serde_json::json!([]));
            assert_eq!(p["tgt"], serde_json::json!([k]));
        }
        // the other way round, and in the other commands
        let out = bitext(&["align", &en, &empty, "--format", "tsv", "--dict", "none"]);
        expect(&out, 0, &["warning", &format!("{empty} holds no text")]);
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.contains("\t\t")).count(), 3);
        expect(&bitext(&["audit", &en, &empty, "--dict", "none"]), 0, &["holds no text"]);
        expect(&bitext(&["segment", &empty]), 0, &["holds no text"]);
    }
    // both empty: an empty alignment
    let (a, b) = (write(&dir, "a.txt", ""), write(&dir, "b.txt", "\n"));
    let out = bitext(&["align", &a, &b, "--dict", "none"]);
    expect(&out, 0, &["the alignment is empty"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["pairs"], serde_json::json!([]));
}

#[test]
fn the_same_language_on_both_sides_warns_and_still_aligns() {
    let dir = temp_dir("same");
    let a = write(&dir, "a.txt", EN);
    let b = write(&dir, "b.txt", EN.replace("morning", "afternoon"));
    let out = bitext(&["align", &a, &b, "--format", "vecalign", "--dict", "none"]);
    expect(&out, 0, &["warning", "both look like English (en)", "aligning anyway"]);
    let lines: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| l.rsplit_once(':').unwrap().0.into()).collect();
    assert_eq!(lines, ["[0]:[0]", "[1]:[1]", "[2]:[2]"]);
    let out = bitext(&["align", &a, &b, "--src-lang", "en", "--tgt-lang", "en", "--dict", "none"]);
    expect(&out, 0, &["are given as English (en)"]);
    // no warning for a real pair
    let ru = write(&dir, "ru.txt", RU);
    let err = expect(&bitext(&["align", &ru, &a, "--dict", "none"]), 0, &[]);
    assert!(!err.contains("warning"), "{err}");
}

/// One edition holds the other plus `extra` times as much text of its own,
/// at the start, in the middle and at the end: what corresponds is aligned
/// 1:1 and the rest comes out as 0:1 beads, without an error.
fn check_longer(extra: usize) {
    let n = 40;
    let (ru, en) = parallel(0..n);
    let (_, other) = parallel(1000..1000 + extra * n);
    let third = other.len() / 3;
    let mut long: Vec<String> = other[..third].to_vec();
    long.extend(en[..n / 2].iter().cloned());
    long.extend(other[third..2 * third].iter().cloned());
    long.extend(en[n / 2..].iter().cloned());
    long.extend(other[2 * third..].iter().cloned());
    let (ru_text, en_text) = (ru.join(" ") + "\n", long.join(" ") + "\n");
    let src = Document::segment(&ru_text, Lang::Russian);
    let tgt = Document::segment(&en_text, Lang::English);
    assert_eq!((src.len(), tgt.len()), (n, n * (extra + 1)));
    let a = Aligner::new(AlignConfig::default()).align(&src, &tgt).expect("no error");
    check_beads(&a, src.len(), tgt.len());
    let position = |k: usize| -> usize {
        let e = &en[k];
        (0..tgt.len()).find(|&j| tgt.sentence_text(j) == e).expect("sentence")
    };
    let mut paired = 0;
    for b in a.beads() {
        if b.src().is_empty() {
            continue;
        }
        assert_eq!(b.kind(), (1, 1), "{extra}x: bead {:?} ~ {:?}", b.src(), b.tgt());
        assert_eq!(b.tgt().start, position(b.src().start), "{extra}x: sentence {}", b.src().start);
        paired += 1;
    }
    assert_eq!(paired, n);
}

#[test]
fn one_side_five_times_longer() {
    check_longer(4);
}

#[test]
fn one_side_ten_times_longer() {
    check_longer(9);
}

#[test]
fn the_command_notes_a_much_longer_edition() {
    let dir = temp_dir("longer");
    let (ru, en) = parallel(0..10);
    let (_, other) = parallel(100..190);
    let src = write(&dir, "ru.txt", ru.join(" "));
    let tgt = write(&dir, "en.txt", en.join(" ") + " " + &other.join(" "));
    let out = bitext(&["align", &src, &tgt, "--format", "vecalign", "--dict", "none"]);
    expect(&out, 0, &["note", "times as long as", "unaligned"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 100);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("[]:")).count(), 90);
}

// ---------------------------------------------------------------------------
// Huge paragraphs and lines
// ---------------------------------------------------------------------------

/// `bytes` of words without any punctuation, in one paragraph.
fn unpunctuated(bytes: usize) -> String {
    let words = ["война", "и", "мир", "word", "x", "длинноеслово", "a", "1937"];
    let mut s = String::with_capacity(bytes + 16);
    let mut k = 0usize;
    while s.len() < bytes {
        s.push_str(words[k % words.len()]);
        s.push(if k % 97 == 96 { '\n' } else { ' ' });
        k = k.wrapping_mul(31).wrapping_add(7) % 1_000_003;
    }
    s
}

#[test]
fn a_huge_paragraph_without_punctuation_is_cut_in_linear_time() {
    // 5 MB here; the 50 MB case is measured by hand (see the report)
    let small = unpunctuated(1 << 20);
    let big = unpunctuated(5 << 20);
    let seg = Segmenter::new(Lang::Russian);
    fn time<'t>(seg: &Segmenter, text: &'t str) -> (f64, Document<'t>) {
        let t = Instant::now();
        let doc = seg.segment(text);
        (t.elapsed().as_secs_f64(), doc)
    }
    let (t1, d1) = time(&seg, &small);
    let (t5, d5) = time(&seg, &big);
    for (text, doc) in [(&small, &d1), (&big, &d5)] {
        check_cover(text, doc);
        assert!(doc.sentences().iter().all(|s| s.chars() <= Segmenter::DEFAULT_MAX_SENTENCE_CHARS));
        // no piece is needlessly short: cuts fall at the last space that fits
        let short = doc.sentences().iter().filter(|s| s.chars() < 1_900).count();
        assert!(short <= 1, "{short} short pieces");
    }
    // linear: five times the text takes about five times as long
    // (quadratic would be 25 times), with room for a busy machine
    assert!(t5 < 12.0 * t1 + 0.5, "1 MB: {t1:.2} s, 5 MB: {t5:.2} s");
}

#[test]
fn pathological_runs_stay_linear() {
    // fragments without a letter join their neighbour; a speaker label's
    // aside is looked for only as far as a name reaches; text in lower case
    // and smileys are read in one pass
    for (piece, reps) in [
        ("? ", 400_000),
        ("— ", 300_000),
        ("Name (x\n", 100_000),
        ("A. ", 300_000),
        ("«» ", 200_000),
        ("ab. т. ", 200_000),
        ("x) ((", 200_000),
        (":-) a", 200_000),
    ] {
        let text = piece.repeat(reps);
        let t = Instant::now();
        let doc = Document::segment(&text, Lang::English);
        let secs = t.elapsed().as_secs_f64();
        check_cover(&text, &doc);
        assert!(secs < 20.0, "{piece:?} x {reps}: {secs:.1} s");
    }
}

#[test]
fn text_without_whitespace_is_cut_anywhere() {
    for text in ["x".repeat(5_000), "Я".repeat(4_001), format!("{}.{}", "y".repeat(3_000), "z".repeat(10))] {
        let doc = Document::segment(&text, Lang::Russian);
        check_cover(&text, &doc);
        let lens: Vec<usize> = doc.sentences().iter().map(|s| s.chars()).collect();
        assert!(lens.iter().all(|&l| l <= 2_000), "{lens:?}");
        assert_eq!(lens.iter().sum::<usize>(), text.chars().count());
    }
}

/// A cut with no whitespace to go to stops at a grapheme boundary: a
/// letter keeps its marks, and a character that normalises to two
/// (U+0A36, Gurmukhi `ਸ਼`, is U+0A38 U+0A3C in NFC) is not split between
/// two sentences, one of which would count a character its span lacks.
#[test]
fn a_cut_inside_a_word_keeps_graphemes_whole() {
    for (text, cap, want) in [
        ("ab\u{0A36}cd", 3, vec!["ab", "\u{0A36}c", "d"]),
        (":*\u{0A36}", 3, vec![":", "*\u{0A36}"]),
        ("xyq\u{301}z", 3, vec!["xy", "q\u{301}z"]),
        ("q\u{301}\u{302}\u{303}", 2, vec!["q\u{301}", "\u{302}\u{303}"]),
    ] {
        let doc = Segmenter::new(Lang::English).max_sentence_chars(cap).segment(text);
        check_cover(text, &doc);
        let got: Vec<&str> = doc.sentences().iter().map(|s| &text[s.span()]).collect();
        assert_eq!(got, want, "{text:?}, cap {cap}");
        for s in doc.sentences() {
            assert_eq!(s.chars(), bitext::Normalized::new(&text[s.span()]).as_str().chars().count(), "{text:?}");
        }
    }
}

#[test]
fn the_sentence_cap_is_configurable_and_applies_to_every_kind() {
    let text = "VYSHINSKY: one two three four five six seven.\n\n(Commotion in the court room for a while.)\n\n\
                BUKHARIN: nine ten.\n\nMorning Session of the Court\n\n* * * * * * * *\n";
    for cap in [1, 3, 7, 12, 40] {
        let doc = Segmenter::new(Lang::English).max_sentence_chars(cap).segment(text);
        check_cover(text, &doc);
        assert!(doc.sentences().iter().all(|s| s.chars() <= cap), "cap {cap}");
        assert_eq!(doc.speaker(0), Some("VYSHINSKY"));
    }
    let doc = Segmenter::new(Lang::English).max_sentence_chars(0).segment("ab");
    assert_eq!(doc.len(), 2, "a cap of 0 counts as 1");
}

#[test]
fn lines_of_a_megabyte() {
    let dir = temp_dir("lines");
    let line = unpunctuated(1 << 20).replace('\n', " ");
    let text = format!("{line}\n{line}\n{line}\n");
    let f = write(&dir, "huge-lines.txt", &text);
    // running text: one paragraph (single line breaks are soft), cut
    let doc = Document::segment(&text, Lang::Russian);
    check_cover(&text, &doc);
    assert!(doc.sentences().iter().all(|s| s.chars() <= 2_000));
    // one sentence a line: a line is never cut, so it is an error
    let chars = line.trim().chars().count();
    let out = bitext(&["segment", &f, "--input", "lines"]);
    let needs = format!("needs {chars}, limit is 2000");
    expect(
        &out,
        1,
        &[&f, "line 1: sentence length (characters) limit exceeded", &needs, "--max-sentence-chars", "--input text"],
    );
    let e = Segmenter::new(Lang::Russian).input(InputMode::Lines).try_segment(&text).unwrap_err();
    assert!(e.is_limit());
    // ... unless the limit is raised
    let out = bitext(&["segment", &f, "--input", "lines", "--max-sentence-chars", "2000000", "--format", "json"]);
    expect(&out, 0, &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sentences"].as_array().expect("sentences").len(), 3);
    // and the whole pair aligns as running text
    let en = write(&dir, "en.txt", unpunctuated(1 << 20));
    let out = bitext(&["align", &f, &en, "--format", "vecalign", "--dict", "none"]);
    expect(&out, 0, &[]);
    // every piece of both sides in a bead, in order
    let en_text = std::fs::read_to_string(&en).expect("en");
    let en_doc = Document::segment(&en_text, Lang::English);
    let (mut src, mut tgt) = (0usize, 0usize);
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut sides = line.split(':');
        let mut take = |next: &mut usize| {
            let list = sides.next().expect("a side").trim_matches(|c| c == '[' || c == ']');
            for x in list.split(',').map(str::trim).filter(|x| !x.is_empty()) {
                assert_eq!(x.parse::<usize>().expect("an index"), *next, "{line}");
                *next += 1;
            }
        };
        take(&mut src);
        take(&mut tgt);
    }
    assert_eq!((src, tgt), (doc.len(), en_doc.len()));
}

/// A glossary in capitals (`TERM: definition.`) reads like a transcript
/// with thousands of speakers: it must align as fast as prose, not in time
/// quadratic in the number of names.
#[test]
fn thousands_of_speaker_names_do_not_hang() {
    let name = |k: usize| -> String {
        let mut n = k * 7919 + 17;
        (0..7)
            .map(|_| {
                let c = (b'A' + (n % 26) as u8) as char;
                n /= 26;
                c
            })
            .collect()
    };
    let gloss = |from: usize| -> String {
        (from..from + 1_500).map(|k| format!("{}: the definition number {k} of a term.\n\n", name(k))).collect()
    };
    let (a, b) = (gloss(0), gloss(100_000));
    let src = Document::segment(&a, Lang::English);
    let tgt = Document::segment(&b, Lang::English);
    assert_eq!(src.utterances().iter().filter(|u| u.speaker().is_some()).count(), 1_500);
    let t = Instant::now();
    let al = Aligner::new(AlignConfig::default()).align(&src, &tgt).expect("align");
    check_beads(&al, src.len(), tgt.len());
    assert!(t.elapsed().as_secs_f64() < 60.0, "{:.1} s", t.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------
// Files the user names: dictionaries, inputs, outputs
// ---------------------------------------------------------------------------

#[test]
fn a_malformed_dictionary_names_its_file_and_line() {
    let dir = temp_dir("dict");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    let tsv = write(&dir, "ru-en.tsv", "# ru\ten\nсуд\tcourt\nсвидетель witness\n");
    let out = bitext(&["align", &ru, &en, "--dict", &tsv]);
    expect(&out, 1, &[&format!("{tsv}:3: expected `source<TAB>target`, found no tab")]);
    let tsv = write(&dir, "bad-utf8.tsv", b"\xd1\xf3\xe4\tcourt\n");
    expect(&bitext(&["find", &ru, &en, "court", "--dict", &tsv]), 1, &[&format!("{tsv}:1: not valid UTF-8")]);
    // dictd: a bad index line
    write(&dir, "x.dict", "court\nсуд\n");
    let index = write(&dir, "x.index", "court\tA\tL\nbad line\n");
    expect(
        &bitext(&["align", &ru, &en, "--dict", &index]),
        1,
        &[&format!("{index}:2: expected `headword<TAB>offset<TAB>length`")],
    );
    let index = write(&dir, "y.index", "court\tA\tZZZZ\n");
    write(&dir, "y.dict", "court\n");
    expect(&bitext(&["audit", &ru, &en, "--dict", &index]), 1, &[&format!("{index}:1: "), "past the end"]);
    let missing = dir.join("none.tsv").to_string_lossy().into_owned();
    // a dictionary that is not there: the option, and what a dictionary is
    expect(
        &bitext(&["align", &ru, &en, "--dict", &missing]),
        1,
        &[&format!("--dict {missing}: no such file"), "TSV of word pairs", "dictd `.index`"],
    );
    expect(&bitext(&["find", &ru, &en, "court", "--dict", "/nonexistent"]), 1, &["--dict /nonexistent: no such file"]);
    let folder = dir.to_string_lossy().into_owned();
    expect(&bitext(&["audit", &ru, &en, "--dict", &folder]), 1, &[&format!("--dict {folder}: it is a folder")]);
    // the library says the same
    let e = Dictionary::read_tsv("a\tb\nc\n", "d.tsv", Lang::English, Lang::Russian).unwrap_err();
    assert_eq!(e.to_string(), "d.tsv:2: expected `source<TAB>target`, found no tab");
}

#[test]
fn unreadable_inputs_and_unwritable_outputs() {
    let dir = temp_dir("paths");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    let missing = dir.join("missing.txt").to_string_lossy().into_owned();
    let folder = dir.to_string_lossy().into_owned();
    expect(
        &bitext(&["align", &ru, &missing]),
        1,
        &[&format!("cannot read {missing}"), "No such file", "check the path"],
    );
    expect(&bitext(&["find", &missing, &en, "court"]), 1, &[&format!("cannot read {missing}")]);
    expect(&bitext(&["segment", &folder]), 1, &[&format!("cannot read {folder}: it is a folder")]);
    // outputs: a folder that does not exist, a full device, a folder
    let nowhere = dir.join("no/such/dir/out.json").to_string_lossy().into_owned();
    let out = bitext(&["align", &ru, &en, "--dict", "none", "-o", &nowhere]);
    expect(&out, 1, &[&format!("cannot write {nowhere}"), "the folder does not exist"]);
    if Path::new("/dev/full").exists() {
        let out = bitext(&["align", &ru, &en, "--dict", "none", "-o", "/dev/full"]);
        expect(&out, 1, &["cannot write /dev/full", "No space left"]);
        assert!(Path::new("/dev/full").exists());
    }
    expect(&bitext(&["align", &ru, &en, "--dict", "none", "-o", &folder]), 1, &[&format!("cannot write {folder}")]);
    // an output is not created when the alignment fails
    let out_path = dir.join("out.json");
    let out = bitext(&["align", &ru, &en, "--dict", "none", "--max-cells", "1", "-o", out_path.to_str().unwrap()]);
    expect(&out, 1, &["DP cell limit exceeded"]);
    assert!(!out_path.exists());
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

/// Temporary files that `-o` left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bitext-"))
        .collect()
}

#[test]
fn an_output_never_replaces_an_input() {
    let dir = temp_dir("same-file");
    let (ru, en) = (write(&dir, "x.txt", RU), write(&dir, "en.txt", EN));
    // the source itself, with and without a dictionary that does not exist
    for dict in ["none", "/no/such"] {
        let out = bitext(&["align", &ru, &en, "-o", &ru, "--dict", dict]);
        expect(&out, 1, &[&format!("refusing to write {ru}: it is the source edition {ru}"), "name another output"]);
        assert_eq!(std::fs::read_to_string(&ru).expect("x.txt is still there"), RU);
    }
    expect(&bitext(&["align", &ru, &en, "-o", &en, "--dict", "none"]), 1, &["it is the target edition"]);
    // a symbolic link to the input, a path through `..`, a hard link
    #[cfg(unix)]
    {
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&ru, &link).expect("symlink");
        let link = link.to_string_lossy().into_owned();
        let out = bitext(&["align", &ru, &en, "-o", &link, "--dict", "none"]);
        expect(&out, 1, &[&format!("refusing to write {link}: it is the source edition {ru}")]);
        let hard = dir.join("hard.txt");
        std::fs::hard_link(&en, &hard).expect("hard link");
        let out = bitext(&["align", &ru, &en, "-o", hard.to_str().expect("path"), "--dict", "none"]);
        expect(&out, 1, &["it is the target edition"]);
    }
    let dotted = dir.join("sub/../x.txt");
    std::fs::create_dir_all(dir.join("sub")).expect("sub");
    expect(&bitext(&["align", &ru, &en, "-o", dotted.to_str().expect("path"), "--dict", "none"]), 1, &["refusing"]);
    // the dictionary is an input too
    let tsv = write(&dir, "ru-en.tsv", "суд\tcourt\n");
    expect(&bitext(&["align", &ru, &en, "-o", &tsv, "--dict", &tsv]), 1, &["it is the dictionary"]);
    assert_eq!(std::fs::read_to_string(&tsv).expect("tsv"), "суд\tcourt\n");
    assert_eq!(std::fs::read_to_string(&ru).expect("x.txt"), RU);
    assert_eq!(std::fs::read_to_string(&en).expect("en.txt"), EN);
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn a_failed_run_leaves_an_older_output_as_it_was() {
    let dir = temp_dir("failed-run");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    let old = write(&dir, "out.json", "older output\n");
    let cases: [(&[&str], &str); 4] = [
        (&["--dict", "/no/such"], "--dict /no/such: no such file"),
        (&["--dict", "none", "--max-cells", "5"], "DP cell limit exceeded"),
        (
            &["--dict", "none", "--src-lang", "en", "--input", "lines", "--max-sentence-chars", "3"],
            "--max-sentence-chars",
        ),
        (&["--dict", "none", "--max-input-mb", "1", "--threads", "1"], ""),
    ];
    for (extra, message) in &cases[..3] {
        let mut args = vec!["align", &ru, &en, "-o", &old];
        args.extend_from_slice(extra);
        expect(&bitext(&args), 1, &[message]);
        assert_eq!(std::fs::read_to_string(&old).expect("out.json"), "older output\n", "{extra:?}");
    }
    // an unreadable input
    let missing = dir.join("missing.txt").to_string_lossy().into_owned();
    expect(&bitext(&["align", &ru, &missing, "-o", &old]), 1, &["cannot read"]);
    assert_eq!(std::fs::read_to_string(&old).expect("out.json"), "older output\n");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    // a run that succeeds replaces it, keeping its permissions
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let mut args = vec!["align", &ru, &en, "-o", &old];
    args.extend_from_slice(cases[3].0);
    expect(&bitext(&args), 0, &[]);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&old).expect("out.json")).expect("json");
    assert_eq!(v["pairs"].as_array().expect("pairs").len(), 3);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&old).expect("meta").permissions().mode() & 0o777, 0o640);
    }
    // through a symbolic link: the file it names is replaced, the link stays
    #[cfg(unix)]
    {
        let link = dir.join("latest.tsv");
        std::os::unix::fs::symlink("out.json", &link).expect("symlink");
        let link = link.to_string_lossy().into_owned();
        expect(&bitext(&["align", &ru, &en, "-o", &link, "--format", "tsv", "--dict", "none"]), 0, &[]);
        assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
        assert!(std::fs::read_to_string(&old).expect("out.json").starts_with("Суд продолжил"));
    }
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

/// A run killed while it works leaves an older output as it was.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_an_older_output_as_it_was() {
    let dir = temp_dir("killed-run");
    let (ru, en) = parallel(0..20_000);
    let (ru, en) = (write(&dir, "ru.txt", ru.join(" ")), write(&dir, "en.txt", en.join(" ")));
    let old = write(&dir, "out.json", "older output\n");
    for signal in ["INT", "TERM"] {
        let mut child = Command::new(crate::common::bin())
            .args(["align", &ru, &en, "-o", &old, "--dict", "none"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run bitext");
        std::thread::sleep(std::time::Duration::from_millis(300));
        let killed = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
        let status = child.wait().expect("wait");
        if killed.is_ok_and(|s| s.success()) && !status.success() {
            // the older file as it was, or (when the signal came after the
            // new output was in place, as the run ended) the whole new one
            let now = std::fs::read_to_string(&old).expect("out.json");
            if now != "older output\n" {
                let v: serde_json::Value = serde_json::from_str(&now).expect("a whole output, never half of one");
                assert!(v["pairs"].is_array(), "SIG{signal}");
            }
        }
    }
}

#[test]
fn eval_names_a_missing_set_folder_and_a_gold_line_given_twice() {
    let dir = temp_dir("eval-gold");
    let set = dir.join("ru-en/wmt21");
    std::fs::create_dir_all(&set).expect("set folder");
    write(&set, "a.ru.txt", RU);
    write(&set, "a.en.txt", EN);
    let gold = set.join("a.gold.tsv").to_string_lossy().into_owned();
    let data = dir.to_string_lossy().into_owned();
    let eval = |sets: &[&str]| {
        let mut args = vec!["eval", &data, "--dict", "none"];
        for s in sets {
            args.extend(["--set", s]);
        }
        bitext(&args)
    };
    // ru: 0..56 57..91 92..147 (bytes); en: 0..45 46..69 70..97
    std::fs::write(&gold, "0\t56\t0\t45\n57\t147\t46\t97\n").expect("gold");
    expect(&eval(&["wmt21"]), 0, &[]);
    let missing = dir.join("ru-en/bible-nt").display().to_string();
    expect(
        &eval(&["wmt21", "bible-nt"]),
        1,
        &[&format!("the evaluation set bible-nt is missing: there is no folder {missing}"), "found are wmt21"],
    );
    expect(&eval(&["textberg"]), 1, &["unknown evaluation set `textberg`"]);
    // a line given twice, blocks that share text: file and line
    std::fs::write(&gold, "# ru en\n0\t56\t0\t45\n57\t147\t46\t97\n0\t56\t0\t45\n").expect("gold");
    expect(&eval(&[]), 1, &[&format!("{gold}:4: the same block as line 2")]);
    std::fs::write(&gold, "0\t91\t0\t69\n57\t147\t70\t97\n").expect("gold");
    expect(&eval(&[]), 1, &[&format!("{gold}:2: its source bytes 57..147 overlap those of line 1 (0..91)")]);
    std::fs::write(&gold, "0\t56\t0\t69\n57\t147\t46\t97\n").expect("gold");
    expect(&eval(&[]), 1, &[&format!("{gold}:2: its target bytes 46..97 overlap those of line 1 (0..69)")]);
    // ladders: a sentence in two beads
    let e = bitext::eval::read_ladder("[0]:[0]\n[1, 2]:[1]\n[2]:[2]\n", "x.defr").unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.defr:3: source sentence 2 in `[2]:[2]` is already in a bead on line 2; each sentence belongs to one bead"
    );
    let e = bitext::eval::read_ladder("[0]:[0, 0]\n", "x.defr").unwrap_err();
    assert!(e.to_string().starts_with("x.defr:1: target sentence 0"), "{e}");
    assert!(e.to_string().contains("earlier in this line"), "{e}");
}

#[test]
fn unknown_formats_languages_and_modes_list_the_valid_ones() {
    let dir = temp_dir("names");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    // clap's usage errors exit with 2
    expect(
        &bitext(&["align", &ru, &en, "--format", "xml"]),
        2,
        &["invalid value 'xml' for '--format <FORMAT>'", "json, tsv, vecalign, jsonl, tmx, html"],
    );
    expect(&bitext(&["segment", &ru, "--format", "csv"]), 2, &["invalid value 'csv'", "text, json"]);
    expect(&bitext(&["audit", &ru, &en, "--format", "html"]), 2, &["invalid value 'html'", "text, json"]);
    // so do language codes and input modes, checked as the command line is read
    expect(
        &bitext(&["align", &ru, &en, "--src-lang", "klingon"]),
        2,
        &["invalid value 'klingon' for '--src-lang", "unknown language `klingon`; valid values: ", "ru", "en", "de"],
    );
    expect(&bitext(&["segment", &ru, "--lang", "xx"]), 2, &["unknown language `xx`; valid values: "]);
    expect(&bitext(&["find", &ru, &en, "x", "--tgt-lang", "xx"]), 2, &["unknown language `xx`"]);
    expect(
        &bitext(&["align", &ru, &en, "--input", "xml"]),
        2,
        &["invalid value 'xml' for '--input", "unknown input mode `xml`; valid values: text, lines"],
    );
    // text with no letters: the language must be given, with the right flag
    let digits = write(&dir, "digits.txt", "1938 — 42\n");
    expect(&bitext(&["align", &ru, &digits]), 1, &["cannot tell the language of", "--tgt-lang"]);
}

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

#[test]
fn the_cell_limit_names_itself_and_how_to_raise_it() {
    let dir = temp_dir("cells");
    let (ru, en) = (write(&dir, "ru.txt", RU), write(&dir, "en.txt", EN));
    let out = bitext(&["align", &ru, &en, "--dict", "none", "--max-cells", "5"]);
    expect(&out, 1, &["DP cell limit exceeded: needs 16, limit is 5", "--max-cells", "AlignConfig::max_cells"]);
    expect(&bitext(&["align", &ru, &en, "--dict", "none", "--max-cells", "16"]), 0, &[]);
    expect(&bitext(&["audit", &ru, &en, "--dict", "none", "--max-cells", "5"]), 1, &["DP cell limit exceeded"]);
    expect(&bitext(&["align", &ru, &en, "--max-cells", "0"]), 2, &["'0' for '--max-cells", "must be at least 1"]);
    expect(&bitext(&["align", &ru, &en, "--max-sentence-chars", "0"]), 2, &["--max-sentence-chars", "at least 1"]);
    expect(&bitext(&["segment", &ru, "--max-sentence-chars", "0"]), 2, &["--max-sentence-chars", "at least 1"]);
    expect(&bitext(&["--threads", "0", "segment", &ru]), 2, &["'0' for '--threads", "at least 1"]);
    // thousands of threads would stall the machine: refused as the command line is read
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let limit = (8 * cores).max(64);
    let over = (limit + 1).to_string();
    let out = bitext(&["--threads", &over, "segment", &ru]);
    expect(
        &out,
        2,
        &[&format!("'{over}' for '--threads"), &format!("must be at most {limit} (8 times the {cores} cores")],
    );
    expect(&bitext(&["--threads", "100000", "align", &ru, &en, "--dict", "none"]), 2, &["must be at most"]);
    expect(&bitext(&["--threads", &limit.to_string(), "segment", &ru]), 0, &[]);
    let help = String::from_utf8(bitext(&["--help"]).stdout).expect("utf-8");
    assert!(help.contains("at most 8 times the cores"), "{help}");
    let src = Document::segment(RU, Lang::Russian);
    let tgt = Document::segment(EN, Lang::English);
    let e = Aligner::new(AlignConfig::default().max_cells(15)).align(&src, &tgt).unwrap_err();
    assert!(e.is_limit(), "{e}");
}

#[test]
fn blank_lines_do_not_cost_like_sentences() {
    // 50 lines a side; 5,000 blank lines in the source (1,000 after every
    // tenth line), 2 in the target after the tenth line and one of spaces
    // after the 31st
    let (ru, en) = parallel(0..50);
    let mut src_text = String::new();
    for (k, line) in ru.iter().enumerate() {
        src_text += &format!("{line}\n");
        if k % 10 == 9 {
            src_text += &"\n".repeat(1000);
        }
    }
    let mut tgt_text = String::new();
    for (k, line) in en.iter().enumerate() {
        tgt_text += &format!("{line}\n");
        match k {
            9 => tgt_text += "\n\n",
            30 => tgt_text += " \t \n",
            _ => {}
        }
    }
    let lines = |lang| Segmenter::new(lang).input(InputMode::Lines);
    let (src, tgt) = (lines(Lang::Russian).segment(&src_text), lines(Lang::English).segment(&tgt_text));
    // every line is a sentence, blank or not: indices are line indices
    assert_eq!((src.len(), tgt.len()), (5050, 53));
    let blank = |d: &Document<'_>| (0..d.len()).filter(|&i| d.is_blank(i)).count();
    assert_eq!((blank(&src), blank(&tgt)), (5000, 3));
    for (k, line) in src_text.lines().enumerate() {
        assert_eq!(src.sentence_text(k), line.trim(), "line {k}");
    }
    // a band over 5,050 by 53 sentences needs hundreds of thousands of
    // cells; without the blank lines the whole table has 51 x 51
    let aligner = Aligner::new(AlignConfig::default().max_cells(20_000));
    let a = aligner.align(&src, &tgt).expect("blank lines stay cheap");
    check_beads(&a, src.len(), tgt.len());
    let mut pairs = 0;
    for b in a.beads() {
        let blanks = b.src().all(|i| src.is_blank(i)) && b.tgt().all(|j| tgt.is_blank(j));
        if blanks {
            assert!(b.kind() == (1, 1) || b.kind() == (1, 0) || b.kind() == (0, 1), "{b:?}");
            assert_eq!((b.cost(), b.confidence()), (0.0, 1.0), "{b:?}");
            continue;
        }
        // each line with text is paired with its translation
        assert_eq!(b.kind(), (1, 1), "{b:?}");
        let k = pairs;
        assert!(src.sentence_text(b.src().start).contains(&format!("номер {k} ")), "{b:?}");
        assert!(tgt.sentence_text(b.tgt().start).contains(&format!("number {k} ")), "{b:?}");
        pairs += 1;
    }
    assert_eq!(pairs, 50);
    // the target's two blank lines after its tenth line pair with two of the
    // source's; the other blank lines stand alone
    let both_blank = a.beads().iter().filter(|b| b.kind() == (1, 1) && src.is_blank(b.src().start)).count();
    assert_eq!(both_blank, 2);
    assert_eq!(a.beads().len(), 50 + 2 + (5000 - 2) + 1);
    // and the audit finds no passage in one edition only
    let report = bitext::audit(&a, &src, &tgt, &bitext::AuditOptions::default()).expect("the documents aligned");
    assert!(report.findings.iter().all(|f| !matches!(f.issue, bitext::Issue::OneEditionOnly { .. })));
    assert_eq!((report.summary.src_only.sentences, report.summary.tgt_only.sentences), (0, 0));
    // a file of blank lines only is a file without text, said so
    let dir = temp_dir("blank-lines");
    let (blank_file, en_file) = (write(&dir, "blank.txt", "\n".repeat(5000)), write(&dir, "en.txt", &tgt_text));
    let out = bitext(&["align", &blank_file, &en_file, "--input", "lines", "--dict", "none", "--max-cells", "20000"]);
    expect(&out, 0, &["blank.txt holds no text", "each of the 50 sentences of"]);
    assert!(!stderr(&out).contains("both look like"), "{}", stderr(&out));
}

/// A band too large for the memory there is ends with bitext's error, not
/// an abort: 468 lines against 5,000 short ones need a band of hundreds of
/// thousands of cells with millions of long beads, within the default cell
/// limit, and the process is given 300 MB of address space (`ulimit -v`).
#[cfg(target_os = "linux")]
#[test]
fn a_band_larger_than_memory_is_an_error_not_an_abort() {
    let dir = temp_dir("memory");
    let (ru, _) = parallel(0..468);
    let src = write(&dir, "src.txt", ru.join("\n") + "\n");
    let tgt = write(&dir, "tgt.txt", "a.\n".repeat(5000));
    let script = format!(
        "ulimit -v 300000 && exec {} --threads 2 align {src} {tgt} --input lines --tgt-lang en --dict none \
         --format vecalign -o {}",
        crate::common::bin().display(),
        dir.join("out.txt").display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().expect("run sh");
    expect(&out, 1, &["out of memory: ", "DP cells needs", "--max-cells", "now 50000000", "smaller pieces"]);
    assert!(!dir.join("out.txt").exists(), "no output is left behind");
}

// ---------------------------------------------------------------------------
// Scripts and languages without rules of their own
// ---------------------------------------------------------------------------

/// The same five sentences (one long, one very short) in English, and in
/// Greek, Hebrew, Arabic, Chinese, Japanese and Korean with the code the
/// script should be detected as.
const SCRIPT_EN: &str = "The road to the village was long. We walked all night without stopping, through the rain \
    and the wind, past the old mill and over the river. Where is your house? Here. We finally found it in the morning!\n";
const SCRIPTS: [(&str, &str); 6] = [
    ("el", "Ο δρόμος προς το χωριό ήταν μακρύς. Περπατήσαμε όλη τη νύχτα χωρίς να σταματήσουμε, μέσα στη βροχή \
            και τον άνεμο, δίπλα στον παλιό μύλο και πάνω από το ποτάμι. Πού είναι το σπίτι σου; Εδώ. \
            Το βρήκαμε τελικά το πρωί!\n"),
    ("he", "הדרך אל הכפר הייתה ארוכה. הלכנו כל הלילה בלי לעצור, בגשם וברוח, ליד הטחנה הישנה ומעל הנהר. \
            איפה הבית שלך? כאן. מצאנו אותו לבסוף בבוקר!\n"),
    ("ar", "كان الطريق إلى القرية طويلا. مشينا طوال الليل دون توقف، تحت المطر والريح، بجانب الطاحونة القديمة \
            وفوق النهر. أين بيتك؟ هنا. وجدناه أخيرا في الصباح!\n"),
    ("zh", "去村子的路很长。我们走了一整夜，没有停下来，冒着风雨，经过老磨坊，越过了那条河。你的家在哪里？这里。早上我们终于找到了！\n"),
    ("ja", "村への道は長かった。私たちは雨と風の中、古い水車小屋のそばを通り、川を越えて、一晩中休まずに歩いた。\
            あなたの家はどこですか？ここです。朝になってやっと見つけた！\n"),
    ("ko", "마을로 가는 길은 멀었다. 우리는 비와 바람 속에서 낡은 방앗간을 지나 강을 건너 밤새 쉬지 않고 걸었다. \
            당신의 집은 어디입니까? 여기. 아침에 마침내 찾았다!\n"),
];

#[test]
fn every_script_is_detected_segmented_and_aligned() {
    let en = Document::segment(SCRIPT_EN, Lang::English);
    assert_eq!(en.len(), 5);
    for (code, text) in SCRIPTS {
        let lang = Lang::detect(text).unwrap_or_else(|| panic!("{code}: letters, so a language"));
        assert_eq!(lang.code(), code);
        assert_eq!(code.parse::<Lang>().expect("a code"), lang);
        let doc = Document::segment(text, lang);
        let sentences: Vec<&str> = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
        assert_eq!(sentences.len(), 5, "{code}: {sentences:?}");
        assert!(sentences[3].chars().count() <= 5, "{code}: {sentences:?}");
        let a = Aligner::new(AlignConfig::default()).align(&doc, &en).expect("align");
        check_beads(&a, doc.len(), en.len());
        let beads: Vec<_> = a.beads().iter().map(|b| (b.src(), b.tgt())).collect();
        let one_to_one: Vec<_> = (0..5).map(|i| (i..i + 1, i..i + 1)).collect();
        assert_eq!(beads, one_to_one, "{code}");
    }
    // the command: detected, or named with --lang / --src-lang
    let dir = temp_dir("scripts");
    let en_file = write(&dir, "en.txt", SCRIPT_EN);
    for (code, text) in SCRIPTS {
        let file = write(&dir, &format!("{code}.txt"), text);
        let out = bitext(&["segment", &file, "--format", "json"]);
        expect(&out, 0, &[]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!((v["lang"].as_str(), v["sentences"].as_array().map(Vec::len)), (Some(code), Some(5)));
        expect(&bitext(&["segment", &file, "--lang", code]), 0, &[]);
        let out = bitext(&["align", &file, &en_file, "--src-lang", code, "--dict", "none", "--format", "vecalign"]);
        expect(&out, 0, &[]);
        let rungs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.rsplit_once(':').expect("a rung").0.to_string())
            .collect();
        assert_eq!(rungs, ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"], "{code}");
    }
    // any ISO 639-1 code, or an English name; an unknown one lists what is accepted
    for (given, code) in [("he", "he"), ("HE", "he"), ("Hebrew", "he"), ("pl", "pl"), ("und", "und")] {
        assert_eq!(given.parse::<Lang>().expect(given).code(), code);
    }
    let he = write(&dir, "he.txt", SCRIPTS[1].1);
    let out = bitext(&["segment", &he, "--lang", "xx"]);
    expect(&out, 2, &["unknown language `xx`", "any ISO 639-1 code", "he", "zh", "words are stemmed in", "ru"]);
    let help = String::from_utf8(bitext(&["segment", "--help"]).stdout).expect("utf-8");
    assert!(help.contains("any ISO 639-1 code") && help.contains("generic Unicode rules"), "{help}");
    // letters of a script bitext does not know are still letters
    assert_eq!(Lang::detect("ᚠᚢᚦᚨᚱᚲ ᚷᚹ").map(Lang::code), Some("und"));
}

// ---------------------------------------------------------------------------
// No silent loss, on all of ../shared/data
// ---------------------------------------------------------------------------

/// Every non-whitespace byte of every document of `../shared/data` is in
/// exactly one sentence, and every sentence in exactly one bead.
#[test]
fn no_text_is_lost_on_the_shared_data() {
    let data = shared_data!();
    let aligner = Aligner::new(AlignConfig::default());
    let check = |src: &Document<'_>, tgt: &Document<'_>| {
        check_cover(src.text(), src);
        check_cover(tgt.text(), tgt);
        let a = aligner.align(src, tgt).expect("align");
        check_beads(&a, src.len(), tgt.len());
    };
    // Text+Berg: one sentence a line
    let read = |p: std::path::PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let tb = data.join("textberg-dev");
    let (de, fr) = (read(tb.join("dev.de")), read(tb.join("dev.fr")));
    let lines = |lang| Segmenter::new(lang).input(InputMode::Lines);
    check(&lines(Lang::German).segment(&de), &lines(Lang::French).segment(&fr));
    // ru-en: running text, every set
    let mut docs = 1;
    for set in std::fs::read_dir(data.join("ru-en")).expect("ru-en").flatten().filter(|e| e.path().is_dir()) {
        let set = set.file_name().into_string().expect("a set name");
        let found = crate::common::ru_en_docs(&set);
        found.iter().for_each(|(ru, en, _)| {
            let (ru, en) = (read(ru.clone()), read(en.clone()));
            check(&Document::segment(&ru, Lang::Russian), &Document::segment(&en, Lang::English));
        });
        docs += found.len();
    }
    assert!(docs >= 140, "{docs} documents");
}

// ---------------------------------------------------------------------------
// Fuzz findings (fuzz/README.md): each crash input, kept as a test
// ---------------------------------------------------------------------------

/// `fuzz/artifacts/json/crash-f9c254a8...`: an alignment read from JSON (in
/// serde's sequence form) whose beads cover none of its 5 source sentences,
/// which every reader of alignments would silently drop (and beads past the
/// lengths make `pairs` panic). Reading now checks the invariants, so that
/// `pairs`, `audit` and the exports never see such a value.
#[test]
fn fuzz_json_alignment_must_cover_its_sentences() {
    let e = serde_json::from_str::<bitext::Alignment>("[[]  , 5  , 0  ] ").unwrap_err();
    assert!(e.to_string().contains("cover 0 source and 0 target sentences, not the 5 and 0"), "{e}");
    let bad = [
        // overlap, gap, an empty bead, a confidence out of range, a cost out of range
        r#"{"beads":[{"src":{"start":0,"end":1},"tgt":{"start":0,"end":1},"cost":0,"confidence":1},{"src":{"start":0,"end":1},"tgt":{"start":1,"end":1},"cost":0,"confidence":1}],"src_len":1,"tgt_len":1}"#,
        r#"{"beads":[{"src":{"start":1,"end":2},"tgt":{"start":0,"end":1},"cost":0,"confidence":1}],"src_len":2,"tgt_len":1}"#,
        r#"{"beads":[{"src":{"start":0,"end":0},"tgt":{"start":0,"end":0},"cost":0,"confidence":1}],"src_len":0,"tgt_len":0}"#,
        r#"{"beads":[{"src":{"start":0,"end":1},"tgt":{"start":0,"end":0},"cost":0,"confidence":1.5}],"src_len":1,"tgt_len":0}"#,
        r#"{"beads":[{"src":{"start":0,"end":1},"tgt":{"start":0,"end":0},"cost":1e999,"confidence":1}],"src_len":1,"tgt_len":0}"#,
        r#"{"beads":[{"src":{"start":3,"end":1},"tgt":{"start":0,"end":0},"cost":0,"confidence":1}],"src_len":1,"tgt_len":0}"#,
    ];
    for json in bad {
        assert!(serde_json::from_str::<bitext::Alignment>(json).is_err(), "{json}");
    }
    let good = r#"{"beads":[{"src":{"start":0,"end":1},"tgt":{"start":0,"end":0},"cost":0.5,"confidence":1}],"src_len":1,"tgt_len":0}"#;
    let a: bitext::Alignment = serde_json::from_str(good).expect("a valid alignment");
    assert_eq!(a.beads().len(), 1);
    assert!(a.word_pairs().is_empty());
}
