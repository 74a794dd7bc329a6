//! The `bitext` command line, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bitext(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bitext")).args(args).output().expect("run bitext")
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(name).to_string_lossy().into_owned()
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
