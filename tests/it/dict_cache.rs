//! The dictionary cache seen from the command: a run that reads the cache
//! writes what a run that parses the dictionary writes. Every run here has
//! its own cache folder (`BITEXT_CACHE_DIR` set for the child process
//! only), never the user's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::bin;
use crate::dict::b64;

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-it-dict-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name).to_string_lossy().into_owned()
}

/// Runs the command with the cache folder `cache` (`off`: no cache).
fn run(cache: &Path, args: &[&str]) -> Output {
    let out = Command::new(bin()).env("BITEXT_CACHE_DIR", cache).args(args).output().expect("run bitext");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The cache files in `cache`.
fn cache_files(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// `n` written in the letters `alphabet`.
fn spelled(mut n: usize, alphabet: &[char]) -> String {
    let mut out = Vec::new();
    loop {
        out.push(alphabet[n % alphabet.len()]);
        n /= alphabet.len();
        if n == 0 {
            break;
        }
    }
    out.into_iter().rev().collect()
}

/// A Russian → English dictd dictionary (FreeDict layout) big enough to be
/// cached: words of the sample transcripts, then made-up entries.
fn write_big_dictionary(dir: &Path) -> PathBuf {
    let real = [
        ("суд", "court, tribunal"),
        ("обвиняемый", "accused, defendant"),
        ("прокурор", "prosecutor"),
        ("вопрос", "question"),
        ("ответ", "answer, reply"),
        ("признавать", "admit, confess"),
        ("виновный", "guilty"),
        ("заговор", "conspiracy, plot"),
        ("показание", "testimony, evidence"),
        ("председатель", "president, chairman"),
    ];
    let mut entries: Vec<(String, String)> =
        real.iter().map(|(ru, en)| (ru.to_string(), format!("{} /x/ <n>\n{en}\n", ru))).collect();
    let cyrillic: Vec<char> = ('а'..='я').collect();
    let latin: Vec<char> = ('a'..='z').collect();
    for i in 0..9000 {
        let (ru, en) = (spelled(i + 1000, &cyrillic), spelled(i + 1000, &latin));
        entries.push((format!("слово{ru}"), format!("слово{ru} /x/ <n>\nword{en}, term{en}\n")));
    }
    let (mut data, mut index) = (String::new(), String::new());
    for (head, text) in &entries {
        index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len() as u64), b64(text.len() as u64)));
        data.push_str(text);
    }
    assert!(index.len() + data.len() > 256 * 1024, "big enough to be cached");
    std::fs::write(dir.join("ru-en.dict"), data).expect("write data");
    let path = dir.join("ru-en.index");
    std::fs::write(&path, index).expect("write index");
    path
}

#[test]
fn a_cached_dictionary_aligns_as_the_parsed_one() {
    let dir = temp_dir("file");
    let index = write_big_dictionary(&dir);
    let index = index.to_string_lossy().into_owned();
    let (ru, en) = (sample("trial.ru.txt"), sample("trial.en.txt"));
    let args = ["align", &ru, &en, "--format", "json", "--dict", &index];
    let parsed = run(Path::new("off"), &args);
    let cache = dir.join("cache");
    let first = run(&cache, &args);
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("dictd-") && files[0].ends_with(".bin"), "{files:?}");
    let again = run(&cache, &args);
    assert_eq!(cache_files(&cache), files);
    assert_eq!(String::from_utf8_lossy(&first.stdout), String::from_utf8_lossy(&parsed.stdout));
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&parsed.stdout));
    // the dictionary is used: without it the costs differ
    let none = run(&cache, &["align", &ru, &en, "--format", "json", "--dict", "none"]);
    assert_ne!(none.stdout, parsed.stdout);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_installed_dictionary_aligns_and_finds_the_same_from_the_cache() {
    let mueller = Path::new("/usr/share/dictd/mueller7.index");
    if !mueller.is_file() {
        eprintln!("skipped: {} is not installed (apt-get install mueller7-dict)", mueller.display());
        return;
    }
    let dir = temp_dir("mueller");
    let cache = dir.join("cache");
    let (ru, en) = (sample("trial.ru.txt"), sample("trial.en.txt"));
    let commands: [&[&str]; 2] =
        [&["align", &ru, &en, "--format", "json"], &["find", &ru, &en, "признаю себя виновным", "--format", "json"]];
    for args in commands {
        let parsed = run(Path::new("off"), args);
        let first = run(&cache, args);
        let again = run(&cache, args);
        assert_eq!(cache_files(&cache).len(), 1);
        for out in [&first, &again] {
            assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&parsed.stdout), "{args:?}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
