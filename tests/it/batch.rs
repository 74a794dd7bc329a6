//! `bitext batch` and `bitext::batch`: one output line a document, in
//! input order whatever the threads, errors as lines, the same JSON as
//! `bitext align --format json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::common::{bin, ru_en_docs};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-batch-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs the command with `stdin` as its standard input.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bitext");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for bitext");
    writer.join().expect("writer");
    out
}

fn lines(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// The wmt21 and wmt23 documents of ../shared/data as JSON Lines.
fn wmt_corpus() -> (Vec<(PathBuf, PathBuf)>, String) {
    let mut docs = Vec::new();
    let mut text = String::new();
    for set in ["wmt21", "wmt23"] {
        for (ru, en, _) in ru_en_docs(set) {
            let id = format!("{set}/{}", ru.file_name().and_then(|n| n.to_str()).unwrap_or(""));
            let record = json!({
                "id": id,
                "src": std::fs::read_to_string(&ru).expect("ru"),
                "tgt": std::fs::read_to_string(&en).expect("en"),
            });
            text.push_str(&record.to_string());
            text.push('\n');
            docs.push((ru, en));
        }
    }
    (docs, text)
}

#[test]
fn each_line_is_what_align_writes_for_the_pair() {
    let (docs, corpus) = wmt_corpus();
    assert!(docs.len() > 250, "the wmt21 and wmt23 documents of ../shared/data");
    let out = lines(&run(&["batch", "--dict", "none"], corpus.as_bytes()));
    assert_eq!(out.len(), docs.len());
    // every tenth document against its own `bitext align` run
    for (i, (ru, en)) in docs.iter().enumerate().step_by(10) {
        let one = Command::new(bin())
            .args(["align", "--dict", "none", "--format", "json"])
            .args([ru, en])
            .output()
            .expect("run align");
        assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
        let expected: Value = serde_json::from_slice(&one.stdout).expect("align's JSON");
        let mut got = out[i].clone();
        let id = got.as_object_mut().and_then(|o| o.shift_remove("id")).expect("an id");
        assert!(id.as_str().is_some_and(|s| s.ends_with(ru.file_name().and_then(|n| n.to_str()).unwrap_or("?"))));
        // field order too: the same keys in the same order
        assert_eq!(got.to_string(), expected.to_string(), "document {i} ({})", ru.display());
    }
}

#[test]
fn order_and_output_do_not_depend_on_threads_or_window() {
    let (_, corpus) = wmt_corpus();
    // errors among the documents, which keep their place too
    let mut mixed = String::new();
    for (i, line) in corpus.lines().enumerate() {
        mixed.push_str(line);
        mixed.push('\n');
        if i % 37 == 5 {
            mixed.push_str(&format!("{{\"id\": \"bad{i}\", \"src\": 1}}\n"));
        }
    }
    let one = run(&["--threads", "1", "batch", "--dict", "none"], mixed.as_bytes());
    let reference = lines(&one);
    for args in
        [["--threads", "2", "--window", "1"], ["--threads", "2", "--window", "3"], ["--threads", "4", "--window", "64"]]
    {
        let out = run(&[args[0], args[1], "batch", "--dict", "none", args[2], args[3]], mixed.as_bytes());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, one.stdout, "{args:?}");
    }
    let input_ids: Vec<Value> =
        mixed.lines().map(|l| serde_json::from_str::<Value>(l).expect("json")["id"].clone()).collect();
    let output_ids: Vec<Value> = reference.iter().map(|v| v["id"].clone()).collect();
    assert_eq!(output_ids, input_ids);
}

#[test]
fn bad_lines_and_failing_documents_are_output_lines() {
    let long_line = "Строка без конца ".repeat(200);
    let input = [
        r#"{"id": "ok1", "src": "Суд идет. Прошу встать.", "tgt": "The Court is coming. Please rise.", "source": "trial"}"#.to_string(),
        "not json at all".to_string(),
        r#"[1, 2]"#.to_string(),
        r#"{"id": "no-tgt", "src": "Да."}"#.to_string(),
        r#"{"id": 7, "src": 5, "tgt": "x"}"#.to_string(),
        r#"{"id": "lang", "src": "Да.", "tgt": "Yes.", "src_lang": "klingon"}"#.to_string(),
        r#"{"id": "nul", "src": "Да.\u0000", "tgt": "Yes."}"#.to_string(),
        r#"{"id": "surrogate", "src": "\ud800", "tgt": "Yes."}"#.to_string(),
        r#"{"id": "digits", "src": "1937", "tgt": "Yes."}"#.to_string(),
        json!({"id": "cap", "src": long_line, "tgt": "Yes.", "input": "lines"}).to_string(),
        r#"{"id": "clash", "src": "Да.", "tgt": "Yes.", "pairs": []}"#.to_string(),
        String::new(),
        r#"{"id": "ok2", "src": "Нет.", "tgt": "No."}"#.to_string(),
    ]
    .join("\n");
    let out = run(&["batch", "--dict", "none", "--max-sentence-chars", "500"], input.as_bytes());
    let got = lines(&out);
    let errors: Vec<(Value, Value, String)> = got
        .iter()
        .filter_map(|v| {
            v.get("error").map(|e| (v["id"].clone(), v["line"].clone(), e.as_str().unwrap_or("").to_string()))
        })
        .collect();
    // 12 documents (the blank line is none), 10 of them bad
    assert_eq!(got.len(), 12, "{got:?}");
    assert_eq!(got[0]["id"], "ok1");
    assert_eq!(got[0]["source"], "trial", "other fields are passed through");
    assert_eq!(got[11]["id"], "ok2");
    assert_eq!(got[11]["pairs"][0]["kind"], "1:1");
    let expect = [
        (json!(null), 2, "not JSON"),
        (json!(null), 3, "must be a JSON object, not an array"),
        (json!("no-tgt"), 4, "no `tgt` field"),
        (json!(7), 5, "`src` must be a string"),
        (json!("lang"), 6, "src_lang: unknown language `klingon`"),
        (json!("nul"), 7, "src: input looks binary (NUL byte at byte offset 5)"),
        (json!(null), 8, "not JSON"),
        (json!("digits"), 9, "cannot tell the language of `src`"),
        (json!("cap"), 10, "limit exceeded"),
        (json!("clash"), 11, "the field `pairs` has the name of an output field"),
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:?}");
    for ((id, line, message), (want_id, want_line, want)) in errors.iter().zip(expect) {
        assert_eq!((id, line.as_u64()), (&want_id, Some(want_line)), "{message}");
        assert!(message.contains(want), "line {want_line}: {message:?} should say {want:?}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("12 documents") && stderr.contains("10 errors"), "{stderr}");
    assert!(stderr.contains("documents/s"), "{stderr}");
}

#[test]
fn a_line_over_the_input_limit_is_an_error_line_and_is_not_kept() {
    let big = json!({"id": "big", "src": "Да. ".repeat(400_000), "tgt": "Yes."}).to_string();
    let input = format!("{big}\n{{\"id\": \"after\", \"src\": \"Да.\", \"tgt\": \"Yes.\"}}\n");
    let out = lines(&run(&["--max-input-mb", "1", "batch", "--dict", "none"], input.as_bytes()));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["line"], 1);
    assert!(out[0]["error"].as_str().is_some_and(|e| e.contains("longer than 1048576 bytes")), "{:?}", out[0]);
    assert_eq!(out[1]["id"], "after");
}

#[test]
fn an_unreadable_input_stops_the_run_and_names_the_line() {
    let dir = temp_dir("unreadable");
    // a gzip file cut short: its first lines read, then the stream breaks
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(gz, "{{\"id\": {i}, \"src\": \"Да. Нет.\", \"tgt\": \"Yes. No.\"}}").expect("gzip");
    }
    let bytes = gz.finish().expect("gzip");
    let cut = dir.join("cut.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() - 30]).expect("write");
    let out = Command::new(bin()).args(["batch", "--dict", "none"]).arg(&cut).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cut.jsonl.gz, line "), "{stderr}");
    // what was read before is written
    let written = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(written > 100, "{written} lines written");
    // the whole file, compressed, reads as the plain one
    let whole = dir.join("whole.jsonl.gz");
    std::fs::write(&whole, &bytes).expect("write");
    let out = Command::new(bin()).args(["batch", "--dict", "none"]).arg(&whole).output().expect("run");
    assert_eq!(lines(&out).len(), 200);
    let folder = Command::new(bin()).args(["batch"]).arg(&dir).output().expect("run");
    assert_eq!(folder.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&folder.stderr).contains("is a folder"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tsv_and_tmx_carry_the_document_id() {
    let input = concat!(
        r#"{"id": "a", "src": "Суд идет. Прошу встать.", "tgt": "The Court is coming. Please rise."}"#,
        "\n",
        r#"{"id": "b", "src": 1}"#,
        "\n",
        r#"{"id": "c&d", "src": "Да.", "tgt": "Yes."}"#,
        "\n"
    );
    let tsv = run(&["batch", "--dict", "none", "--format", "tsv"], input.as_bytes());
    assert!(tsv.status.success());
    let rows: Vec<Vec<String>> =
        String::from_utf8_lossy(&tsv.stdout).lines().map(|l| l.split('\t').map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..3], ["a", "Суд идет.", "The Court is coming."]);
    assert_eq!(rows[2][..3], ["c&d", "Да.", "Yes."]);
    assert!(String::from_utf8_lossy(&tsv.stderr).contains("line 2 (id b)"));
    let tmx = run(&["batch", "--dict", "none", "--format", "tmx"], input.as_bytes());
    assert!(tmx.status.success());
    let text = String::from_utf8(tmx.stdout).expect("utf-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed TMX");
    let units: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("tu")).collect();
    assert_eq!(units.len(), 3);
    let documents: Vec<&str> = units
        .iter()
        .filter_map(|u| u.children().find(|c| c.attribute("type") == Some("x-document")).and_then(|c| c.text()))
        .collect();
    assert_eq!(documents, ["a", "a", "c&d"]);
    assert_eq!(units[2].attribute("tuid"), Some("c&d:0"));
}

#[test]
fn ordered_keeps_order_and_its_window() {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (f, m) = (Arc::clone(&in_flight), Arc::clone(&most));
    let mut work = bitext::batch::Ordered::new(5, move |x: u64| {
        let now = f.fetch_add(1, Ordering::SeqCst) + 1;
        m.fetch_max(now, Ordering::SeqCst);
        // later items finish first
        std::thread::sleep(std::time::Duration::from_micros(200 * (x % 7)));
        f.fetch_sub(1, Ordering::SeqCst);
        x * 3
    });
    let mut out = Vec::new();
    for x in 0..300 {
        if work.is_full() {
            out.push(work.pop().expect("in flight").expect("no panic"));
        }
        work.push(x);
        assert!(work.len() <= 5);
    }
    while let Some(r) = work.pop() {
        out.push(r.expect("no panic"));
    }
    assert_eq!(out, (0..300).map(|x| x * 3).collect::<Vec<_>>());
    assert!(most.load(Ordering::SeqCst) <= 5);
    // a panic is a result, not the end of the run
    let mut boom = bitext::batch::Ordered::new(2, |x: u32| if x == 1 { panic!("boom {x}") } else { x });
    for x in 0..3 {
        boom.push(x);
    }
    let results: Vec<_> = std::iter::from_fn(|| boom.pop()).collect();
    assert_eq!(results[0], Ok(0));
    assert!(results[1].as_ref().is_err_and(|e| e.contains("boom 1")));
    assert_eq!(results[2], Ok(2));
}

#[test]
fn the_library_writes_the_same_line_as_the_command() {
    use bitext::batch::{Aligners, Batch, DictChoice};
    let batch = Batch::new(Aligners::new(bitext::AlignConfig::default(), DictChoice::None));
    let line = r#"{"id": "x", "src": "Суд идет. Прошу встать.", "tgt": "The Court is coming. Please rise."}"#;
    let done = batch.process(1, line.as_bytes());
    assert!(done.error.is_none());
    assert_eq!(done.sentences, 4);
    let out = run(&["batch", "--dict", "none"], format!("{line}\n").as_bytes());
    assert_eq!(String::from_utf8_lossy(&done.output), String::from_utf8_lossy(&out.stdout));
}
