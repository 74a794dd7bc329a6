//! The `bitext` command line, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bitext(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bitext")).args(args).output().expect("run bitext")
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data").join(name).to_string_lossy().into_owned()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

#[test]
fn segment_json_detects_russian_and_gives_byte_offsets() {
    let path = sample("trial.ru.txt");
    let out = bitext(&["segment", &path, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["lang"], "ru");
    let text = std::fs::read(&path).expect("read");
    let sentences = v["sentences"].as_array().expect("sentences");
    assert!(sentences.len() > 300);
    // the first turn's first sentence starts at its label
    let first_turn = sentences.iter().find(|s| s["kind"] == "speech").expect("a speech sentence");
    let (start, end) = (first_turn["start"].as_u64().unwrap() as usize, first_turn["end"].as_u64().unwrap() as usize);
    let span = std::str::from_utf8(&text[start..end]).expect("utf-8 span");
    assert!(span.starts_with(first_turn["speaker"].as_str().expect("speaker")), "{span}");
    for key in ["start", "end", "utterance", "paragraph", "speaker", "kind"] {
        assert!(first_turn.get(key).is_some(), "missing {key}");
    }
    assert!(v["utterances"].as_array().expect("utterances").len() >= 150);
}

#[test]
fn segment_text_lists_speaker_turns() {
    let out = bitext(&["segment", &sample("trial.en.txt")]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let turns = stdout.lines().filter(|l| l.split_whitespace().nth(1) == Some("VYSHINSKY")).count();
    assert!(turns >= 80, "found {turns} Vyshinsky turns");
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let bad = temp_file("bad.txt", b"Hello \xc3\x28 world");
    let out = bitext(&["segment", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("byte offset 6"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let out = bitext(&["segment", "/no/such/file.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));

    let out = bitext(&["segment", &sample("trial.en.txt"), "--lang", "klingon"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("klingon") && err.contains("ru"), "{err}");

    let out = bitext(&["segment", &sample("trial.en.txt"), "--input", "xml"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("text, lines"));
}

#[test]
fn lines_input_gives_one_sentence_a_line() {
    let f = temp_file("lines.txt", "Der Weg ist steil. Die Hütte liegt auf dem Grat.\nDas ist nicht weit\n".as_bytes());
    let out = bitext(&["segment", f.to_str().expect("path"), "--input", "lines", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["lang"], "de");
    assert_eq!(v["sentences"].as_array().expect("sentences").len(), 2);
}

/// Runs bitext as if its standard output were a terminal (`BITEXT_TERMINAL=1`), or a pipe.
fn bitext_on(terminal: bool, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(args)
        .env("BITEXT_TERMINAL", if terminal { "1" } else { "0" })
        .env_remove("NO_COLOR")
        .output()
        .expect("run bitext")
}

#[test]
fn control_characters_are_made_visible_on_a_terminal_only() {
    // a window title, the clipboard, a clear screen, a C1 CSI, a bell
    let en = "The court \x1b]0;pwned\x07resumed. The \x1b]52;c;ZWNobyBoaQ==\x07witness was called. \
              He \x1b[2Jconfirmed \u{9b}31m his testimony.\n";
    let ru = "Суд продолжил заседание. Вызвали свидетеля. Он подтвердил свои показания.\n";
    let (en, ru) = (temp_file("escapes.en.txt", en.as_bytes()), temp_file("escapes.ru.txt", ru.as_bytes()));
    let (en, ru) = (en.to_str().expect("path"), ru.to_str().expect("path"));
    let clean = |out: &Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
        assert!(!text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')), "{text:?}");
        text
    };
    for args in [
        vec!["segment", en],
        vec!["find", ru, en, "witness", "--dict", "none"],
        vec!["find", ru, en, "свидетеля", "--dict", "none"],
        vec!["audit", ru, en, "--dict", "none", "--min-confidence", "1"],
        vec!["align", ru, en, "--format", "tsv", "--dict", "none"],
    ] {
        let text = clean(&bitext_on(true, &args));
        assert!(text.contains("\u{fffd}"), "{args:?}: {text}");
    }
    assert!(clean(&bitext_on(true, &["segment", en])).contains("\u{fffd}]0;pwned\u{fffd}resumed"));
    // a pipe and a file get the text as it is
    let piped = bitext_on(false, &["align", ru, en, "--format", "tsv", "--dict", "none"]);
    assert!(String::from_utf8_lossy(&piped.stdout).contains("\x1b]0;pwned\x07"));
    let out = temp_file("escapes.tsv", b"");
    let o = out.to_str().expect("path");
    assert!(bitext_on(true, &["align", ru, en, "--format", "tsv", "--dict", "none", "-o", o]).status.success());
    assert!(std::fs::read_to_string(&out).expect("tsv").contains("\x1b[2Jconfirmed \u{9b}31m"));
    // clean text keeps find's colours on a terminal
    let plain = temp_file("plain.en.txt", b"The court resumed. The witness was called. He confirmed his testimony.\n");
    let colours = bitext_on(true, &["find", ru, plain.to_str().expect("path"), "witness", "--dict", "none"]);
    assert!(colours.stdout.contains(&0x1b), "{}", String::from_utf8_lossy(&colours.stdout));
}
