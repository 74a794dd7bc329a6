//! Helpers shared by the integration tests.

use std::path::PathBuf;

use bitext::{Alignment, Document};

/// The `bitext` command of the workspace's `cli` member, as built by
/// `cargo test` at the workspace root (which builds every default member).
pub fn bin() -> PathBuf {
    // found and checked once for all the tests
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(find_bin).clone()
}

/// [`bin`], found and checked against the sources.
fn find_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/it-<hash> -> target/<profile>/bitext
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("the test binary sits in target/<profile>/deps");
    let bin = dir.join(format!("bitext{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is not built: run the tests from the workspace root (`cargo test`), which builds the command, \
         or build it first with `cargo build -p bitext-cli`",
        bin.display()
    );
    // `cargo test --test it` builds the library but not the command: a
    // command older than the sources would test older code
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    fn newest(dir: &std::path::Path, out: &mut Option<std::time::SystemTime>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                newest(&p, out);
            } else if p.file_name().is_some_and(|n| n == "tests.rs") {
                // unit tests only: not part of the command
            } else if let Ok(t) = entry.metadata().and_then(|m| m.modified()) {
                *out = (*out).max(Some(t));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = None;
    newest(&root.join("src"), &mut sources);
    newest(&root.join("cli/src"), &mut sources);
    if let (Some(src), Some(cmd)) = (sources, modified(&bin)) {
        assert!(
            cmd >= src,
            "{} is older than the sources: build it again (`cargo build -p bitext-cli`), or run `cargo test`",
            bin.display()
        );
    }
    bin
}

pub use crate::shared_data::shared_data_if_present;

/// Reads a gold block file: `ru_start ru_end en_start en_end` a line.
pub fn read_blocks(path: &std::path::Path) -> Vec<[usize; 4]> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let v: Vec<usize> = l.split_whitespace().map(|x| x.parse().expect("number")).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

/// Documents `NAME` in a `ru-en` folder: (ru path, en path, gold path).
pub fn ru_en_docs(set: &str) -> Vec<(PathBuf, PathBuf, PathBuf)> {
    let Some(data) = shared_data_if_present() else {
        return Vec::new();
    };
    let dir = data.join("ru-en").join(set);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = entry.expect("dir entry").path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if let Some(stem) = name.strip_suffix(".gold.tsv") {
            out.push((dir.join(format!("{stem}.ru.txt")), dir.join(format!("{stem}.en.txt")), p.clone()));
        }
    }
    out.sort();
    out
}

/// Checks that the sentences cover every non-whitespace byte of `text`
/// (after a byte-order mark) exactly once, in order, on char boundaries,
/// and that their bookkeeping is consistent.
pub fn check_cover(text: &str, doc: &Document<'_>) {
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut covered = vec![false; text.len()];
    let mut last_end = from;
    let changed = bitext::Normalized::new(text).is_changed();
    let (mut chars, mut seen_chars, mut lent) = (0, 0, 0);
    for (i, s) in doc.sentences().iter().enumerate() {
        assert!(s.start() >= last_end, "sentence {i} out of order");
        assert!(s.start() <= s.body_start() && s.body_start() <= s.end());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        assert!(text.is_char_boundary(s.body_start()));
        // characters are counted in the text as matched; only a cut inside
        // one character that normalises to several (`ﬕ`, `क़`) can move
        // one from a piece to the next, so they are summed over the document
        let seen = bitext::Normalized::new(&text[s.body()]).as_str().chars().count();
        assert!(changed || s.chars() == seen, "sentence {i}: {} chars, {seen} in its span", s.chars());
        // page furniture inside a sentence is found in the whole text's
        // lines, which the sentence's text alone may not show as furniture:
        // its characters count in the text but not in the sentence. A cut
        // inside the character right after a span lends the sentence that
        // character's first normalised pieces, so a sentence that lent to
        // a broken one is left out of the sums with it
        let broken = lent > 0 || doc.marks().iter().any(|m| m.span().start < s.end() && s.start() < m.span().end);
        lent = text[s.end()..]
            .chars()
            .next()
            .map_or(0, |c| bitext::Normalized::new(c.encode_utf8(&mut [0; 4])).as_str().chars().count() - 1);
        if broken {
            assert!(s.chars() <= seen + lent, "sentence {i}: {} chars, {seen} in its span", s.chars());
        } else {
            (chars, seen_chars) = (chars + s.chars(), seen_chars + seen);
            lent = 0;
        }
        let u = &doc.utterances()[s.utterance()];
        assert!(u.sentences().contains(&i), "sentence {i} not in its utterance");
        for b in s.span() {
            covered[b] = true;
        }
        last_end = s.end();
    }
    assert_eq!(chars, seen_chars, "characters lost or gained");
    // page furniture belongs to no sentence's words (a page number may
    // still stand inside the span of a sentence it breaks)
    for m in doc.marks() {
        for b in m.span() {
            covered[b] = true;
        }
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

/// Checks that the beads are monotone and cover every sentence of both
/// sides exactly once, with finite costs and confidences in [0, 1].
pub fn check_beads(a: &Alignment, n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for (k, b) in a.beads().iter().enumerate() {
        assert_eq!((b.src().start, b.tgt().start), (i, j), "bead {k}: gap or overlap");
        assert!(!(b.src().is_empty() && b.tgt().is_empty()), "bead {k} is empty");
        assert!((0.0..=1.0).contains(&b.confidence()), "bead {k}: confidence {}", b.confidence());
        assert!(b.cost().is_finite(), "bead {k}: cost {}", b.cost());
        i = b.src().end;
        j = b.tgt().end;
    }
    assert_eq!((i, j), (n, m), "the beads end before the documents do");
    assert_eq!((a.src_len(), a.tgt_len()), (n, m));
}

/// Texts of `sentences` sentences, each `words` words drawn from `vocab`
/// and ended by a period: the raw material of the property tests.
pub fn sentences_of(
    vocab: &[&'static str],
    words: std::ops::Range<usize>,
    sentences: std::ops::Range<usize>,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let w = prop::sample::select(vocab.to_vec());
    prop::collection::vec(prop::collection::vec(w, words).prop_map(|v| v.join(" ") + "."), sentences)
        .prop_map(|v| v.join(" "))
}
