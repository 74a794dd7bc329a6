//! The dictionary cache: a dictd dictionary, once read, parsed and
//! stemmed, is kept as one binary file in the user's cache folder, so that
//! later runs read that file instead (a few milliseconds instead of half a
//! second for Debian's `mueller7`).
//!
//! * Where: `$BITEXT_CACHE_DIR` if set (`off` turns the cache off), else
//!   `$XDG_CACHE_HOME/bitext`, else `~/.cache/bitext`. A folder that cannot
//!   be made or written is no error: the dictionary is parsed each time.
//! * One file a dictionary and direction, `dictd-<hash>.bin`, named by the
//!   hash of the index's full path and the languages. It holds the key it
//!   was made for: the paths, sizes and modification times of the index
//!   and the data file, the languages, the file format and a fingerprint of
//!   this program's reading code. A file whose key differs is made again.
//! * The file is written to a temporary name in the same folder, then
//!   renamed over the old one, so that a reader sees a whole file or
//!   none, and two runs making it at once both end with a good one.
//! * Its header holds its length and a checksum of its contents; a file
//!   that is truncated or damaged, or whose tables do not hold together
//!   (ids out of range, strings out of order), is made again, never read.
//!
//! Layout (little-endian): the magic `BTXDICT\0`, the format (u32), the
//! key's length (u32), the body's length (u64), the checksum of key and
//! body (u64), the key, then the body: the words (a string table), the
//! pairs in source order and in target order, the source and target stem
//! tables and the stem of every word on each side. A string table is its
//! text (length, bytes) then the end of every string (count, u32 each).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use crate::error::Result;
use crate::Lang;

use super::dict::Dictionary;
use super::dict_store::{Core, Strings, MAX_TABLE};
use super::stems::{WordStems, NO_STEM};

/// The environment variable naming the cache folder (`off`: no cache).
pub(crate) const ENV: &str = "BITEXT_CACHE_DIR";

const MAGIC: &[u8; 8] = b"BTXDICT\0";

/// The version of the layout: raise it when the layout changes.
const FORMAT: u32 = 1;

/// The header's length: magic, format, key length, body length, checksum.
const HEADER: usize = 8 + 4 + 4 + 8 + 8;

/// Dictionaries whose index and data together are smaller than this are
/// parsed every time (in a few milliseconds) rather than cached, unless a
/// cache folder is given explicitly.
pub(crate) const MIN_CACHED_BYTES: u64 = 256 * 1024;

/// The cache folder that the environment names (see the module's
/// documentation); `None` when the cache is off or no folder is known.
pub(crate) fn default_dir() -> Option<PathBuf> {
    dir_from(|name| std::env::var_os(name))
}

/// [`default_dir`] with the environment variables read by `var`.
fn dir_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    match var(ENV) {
        Some(v) if v == "off" => return None,
        Some(v) if !v.is_empty() => return Some(PathBuf::from(v)),
        _ => {}
    }
    if let Some(xdg) = var("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Some(xdg.join("bitext"));
    }
    #[cfg(windows)]
    if let Some(local) = var("LOCALAPPDATA").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(local).join("bitext").join("cache"));
    }
    var("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".cache").join("bitext"))
}

/// A fingerprint of the code that reads dictionaries: the crate version,
/// the layout's version and the source text of the modules whose behaviour
/// decides the pairs and the stems. A build that reads dictionaries
/// differently does not take another build's cache files for its own.
/// (A module of the list that moves fails to compile here: follow it.)
fn fingerprint() -> u64 {
    static FINGERPRINT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let sources = [
            env!("CARGO_PKG_VERSION"),
            include_str!("dict.rs"),
            include_str!("dict_cache.rs"),
            include_str!("dict_store.rs"),
            include_str!("stems.rs"),
            include_str!("words.rs"),
            include_str!("../lang.rs"),
            include_str!("../text.rs"),
            include_str!("../furniture.rs"),
        ];
        let mut h = u64::from(FORMAT);
        for s in sources {
            h = h.rotate_left(17) ^ checksum(s.as_bytes());
        }
        h
    })
}

/// A 64-bit checksum of `bytes`: four lanes over 8-byte words, each step
/// a bijection of a lane's state for a given word, and the lanes mixed the
/// same way at the end, so that a change of any one word, or of the
/// length, always changes the result.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    let mut lanes = [0x243f_6a88_85a3_08d3 ^ (bytes.len() as u64).wrapping_mul(K), 1, 2, 3];
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = step(*lane, word(&b[8 * i..8 * i + 8]));
        }
    }
    let mut h = lanes.into_iter().fold(0, step);
    let mut words = blocks.remainder().chunks_exact(8);
    for c in &mut words {
        h = step(h, word(c));
    }
    for &b in words.remainder() {
        h = step(h, u64::from(b));
    }
    h ^ (h >> 31)
}

/// The key of a cache file: what the dictionary was made from, and how.
/// `None` when the files cannot be looked at (then there is no cache).
fn source_key(index: &Path, data: &Path, src: Lang, tgt: Lang) -> Option<Vec<u8>> {
    let mut key = Vec::with_capacity(256);
    key.extend_from_slice(&fingerprint().to_le_bytes());
    for part in [src.code(), "\0", tgt.code(), "\0"] {
        key.extend_from_slice(part.as_bytes());
    }
    for path in [index, data] {
        let full = std::fs::canonicalize(path).ok()?;
        let meta = std::fs::metadata(&full).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        key.extend_from_slice(full.to_string_lossy().as_bytes());
        key.push(0);
        key.extend_from_slice(&meta.len().to_le_bytes());
        key.extend_from_slice(&modified.as_secs().to_le_bytes());
        key.extend_from_slice(&modified.subsec_nanos().to_le_bytes());
    }
    Some(key)
}

/// The name of the cache file of the dictionary `index` read `src` →
/// `tgt`.
fn file_name(index: &Path, src: Lang, tgt: Lang) -> String {
    let full = std::fs::canonicalize(index).unwrap_or_else(|_| index.to_path_buf());
    let mut named = full.to_string_lossy().into_owned().into_bytes();
    named.extend_from_slice(format!("\0{}\0{}", src.code(), tgt.code()).as_bytes());
    format!("dictd-{:016x}.bin", checksum(&named))
}

/// How [`read`] got its dictionary (for the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Read from a good cache file.
    Hit,
    /// Parsed, and the cache file written.
    Stored,
    /// Parsed; no cache file could be written (or the source changed while
    /// it was read).
    Parsed,
}

/// The dictd dictionary `index` (with its data file `data`) read `src` →
/// `tgt` through the cache folder `dir`: from its cache file when that is
/// good, else by `parse`, after which the cache file is written (best
/// effort: a failure to write is no error).
///
/// # Errors
/// Those of `parse`.
pub(crate) fn read(
    dir: &Path,
    index: &Path,
    data: &Path,
    src: Lang,
    tgt: Lang,
    parse: impl FnOnce() -> Result<Dictionary>,
) -> Result<(Dictionary, Outcome)> {
    let Some(key) = source_key(index, data, src, tgt) else {
        return Ok((parse()?, Outcome::Parsed));
    };
    let file = dir.join(file_name(index, src, tgt));
    if let Ok(bytes) = std::fs::read(&file) {
        if let Some(core) = decode(&bytes, &key, src, tgt) {
            return Ok((Dictionary::from_core(Arc::new(core)), Outcome::Hit));
        }
    }
    let dict = parse()?;
    // a source that changed while it was read may not match the key
    if source_key(index, data, src, tgt).as_ref() != Some(&key) {
        return Ok((dict, Outcome::Parsed));
    }
    let (core, turned) = dict.core();
    if turned || (core.src, core.tgt) != (src, tgt) {
        return Ok((dict, Outcome::Parsed));
    }
    let outcome = match store(dir, &file, &encode(core, &key)) {
        Ok(()) => Outcome::Stored,
        Err(_) => Outcome::Parsed,
    };
    Ok((dict, outcome))
}

/// Writes `bytes` to `file` in `dir` through a temporary file renamed over
/// it.
fn store(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::fs::create_dir_all(dir)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nanos = std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp =
        dir.join(format!(".{name}.{}-{nanos}-{}.tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let written = std::fs::File::create_new(&temp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// The cache file of `core` with key `key`.
fn encode(core: &Core, key: &[u8]) -> Vec<u8> {
    let stems = core.stems();
    let mut body = Vec::new();
    put_strings(&mut body, &core.words);
    put_pairs(&mut body, &core.by_src);
    put_pairs(&mut body, core.ordered(true));
    put_strings(&mut body, &stems.src);
    put_strings(&mut body, &stems.tgt);
    put_u32s(&mut body, &stems.src_of);
    put_u32s(&mut body, &stems.tgt_of);

    let mut sum = key.to_vec();
    sum.extend_from_slice(&body);
    let mut out = Vec::with_capacity(HEADER + key.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(key.len() as u32).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&sum).to_le_bytes());
    out.extend_from_slice(&sum);
    out
}

fn put_u32s(out: &mut Vec<u8>, values: &[u32]) {
    out.extend_from_slice(&(values.len() as u64).to_le_bytes());
    out.reserve(values.len() * 4);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn put_pairs(out: &mut Vec<u8>, pairs: &[(u32, u32)]) {
    out.extend_from_slice(&(pairs.len() as u64).to_le_bytes());
    out.reserve(pairs.len() * 8);
    for (a, b) in pairs {
        out.extend_from_slice(&a.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
}

fn put_strings(out: &mut Vec<u8>, strings: &Strings) {
    out.extend_from_slice(&(strings.text().len() as u64).to_le_bytes());
    out.extend_from_slice(strings.text().as_bytes());
    put_u32s(out, strings.ends());
}

/// The core that the cache file `bytes` holds, if it is whole, made for
/// `key`, and holds together. Never panics, whatever the bytes.
fn decode(bytes: &[u8], key: &[u8], src: Lang, tgt: Lang) -> Option<Core> {
    let mut r = Reader { bytes };
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    let key_len = r.u32()? as usize;
    let body_len = usize::try_from(r.u64()?).ok()?;
    let sum = r.u64()?;
    if key_len != key.len() || r.bytes.len() != key_len.checked_add(body_len)? || checksum(r.bytes) != sum {
        return None;
    }
    if r.take(key_len)? != key {
        return None;
    }
    let words = r.strings()?;
    let n = words.len();
    let by_src = r.pairs(n)?;
    let by_tgt = r.pairs(n)?;
    let src_stems = r.strings()?;
    let tgt_stems = r.strings()?;
    let src_of = r.stem_ids(n, src_stems.len())?;
    let tgt_of = r.stem_ids(n, tgt_stems.len())?;
    if !r.bytes.is_empty() || by_tgt.len() != by_src.len() {
        return None;
    }
    let stems = WordStems { src: src_stems, tgt: tgt_stems, src_of, tgt_of };
    Some(Core::from_parts(src, tgt, words, by_src).with_cached(by_tgt, stems))
}

/// Reads a cache file's body, checking every length against what is left.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items of `size` bytes, if that many are left.
    fn count(&mut self, size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= MAX_TABLE && n.checked_mul(size)? <= self.bytes.len()).then_some(n)
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.count(4)?;
        let raw = self.take(n * 4)?;
        Some(raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn strings(&mut self) -> Option<Strings> {
        let len = self.count(1)?;
        let text = String::from_utf8(self.take(len)?.to_vec()).ok()?;
        Strings::from_parts(text, self.u32s()?)
    }

    /// Pairs of ids below `n`, sorted and distinct.
    fn pairs(&mut self, n: usize) -> Option<Vec<(u32, u32)>> {
        let count = self.count(8)?;
        let raw = self.take(count * 8)?;
        let pairs: Vec<(u32, u32)> = raw
            .chunks_exact(8)
            .map(|c| (u32::from_le_bytes([c[0], c[1], c[2], c[3]]), u32::from_le_bytes([c[4], c[5], c[6], c[7]])))
            .collect();
        let in_range = pairs.iter().all(|&(a, b)| (a as usize) < n && (b as usize) < n);
        (in_range && pairs.windows(2).all(|w| w[0] < w[1])).then_some(pairs)
    }

    /// A stem id (below `stems`, or [`NO_STEM`]) for each of `n` words.
    fn stem_ids(&mut self, n: usize, stems: usize) -> Option<Vec<u32>> {
        let ids = self.u32s()?;
        (ids.len() == n && ids.iter().all(|&s| s == NO_STEM || (s as usize) < stems)).then_some(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty folder for one test.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bitext-dict-cache-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        dir
    }

    /// A number in dictd's base64.
    fn b64(mut n: usize) -> String {
        const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        loop {
            out.push(DIGITS[n % 64]);
            n /= 64;
            if n == 0 {
                break;
            }
        }
        out.reverse();
        String::from_utf8(out).expect("ascii")
    }

    /// Letters for `n`: `a`, `b`, ..., `z`, `ba`, ...
    fn letters(mut n: usize) -> String {
        let mut out = Vec::new();
        loop {
            out.push(b'a' + (n % 26) as u8);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        out.reverse();
        String::from_utf8(out).expect("ascii")
    }

    /// A German → French FreeDict dictionary in `dir`: a few real entries
    /// (a two-word headword, inflected forms sharing a stem, multi-word
    /// translations) and `extra` made-up ones. Returns the index's path.
    fn write_fixture(dir: &Path, extra: usize) -> PathBuf {
        let mut entries: Vec<(String, String)> = vec![
            ("00databaseshort".into(), "00-database-short\nGerman-French FreeDict Dictionary\n".into()),
            ("haus".into(), "Haus /haʊ̯s/ <n, neut>\n1. maison\n2. chambre, palais de justice\n".into()),
            ("hauser".into(), "Häuser /h/ <n>\nmaisons, foyers\n".into()),
            ("gericht".into(), "Gericht /g/ <n>\ntribunal, cour\n".into()),
            ("bona fide".into(), "bona fide /b/\nde bonne foi\n".into()),
            ("treppe".into(), "Treppe /t/ <n, fem>\nescalier, marches d'escalier\n".into()),
        ];
        for i in 0..extra {
            let w = letters(i);
            entries.push((format!("wort{w}"), format!("Wort{w} /v/ <n>\nmot{w}, terme{w}, le vocable{w}\n")));
        }
        let (mut data, mut index) = (String::new(), String::new());
        for (head, text) in &entries {
            index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len()), b64(text.len())));
            data.push_str(text);
        }
        std::fs::write(dir.join("freedict-deu-fra.dict"), data).expect("write data");
        let index_path = dir.join("freedict-deu-fra.index");
        std::fs::write(&index_path, index).expect("write index");
        index_path
    }

    fn read_in(index: &Path, dir: Option<&Path>) -> (Dictionary, Outcome) {
        Dictionary::read_dictd_in(index, Lang::German, Lang::French, dir).expect("reads")
    }

    /// Asserts that `a` and `b` are the same dictionary to every reader:
    /// pairs, look-ups, the reversal and the stems.
    fn assert_same(a: &Dictionary, b: &Dictionary) {
        assert_eq!(a, b);
        assert_eq!(a.pairs().collect::<Vec<_>>(), b.pairs().collect::<Vec<_>>());
        assert_eq!(a.source_words(), b.source_words());
        for (s, t) in a.pairs() {
            assert_eq!(a.translations(s).collect::<Vec<_>>(), b.translations(s).collect::<Vec<_>>(), "{s}");
            assert!(b.contains(s, t), "{s} {t}");
            assert!(b.reversed().contains(t, s), "{t} {s}");
        }
        assert_eq!(a.reversed(), b.reversed());
        let ((ca, _), (cb, _)) = (a.core(), b.core());
        assert_eq!(**ca.stems(), **cb.stems());
        assert_eq!(ca.ordered(true), cb.ordered(true));
    }

    #[test]
    fn a_cached_dictionary_is_the_parsed_one() {
        let dir = temp_dir("round-trip");
        let index = write_fixture(&dir, 300);
        let cache = dir.join("cache");
        let (parsed, outcome) = read_in(&index, None);
        assert_eq!(outcome, Outcome::Parsed);
        assert!(parsed.len() > 600, "{}", parsed.len());
        assert_eq!(parsed.translations("haus").collect::<Vec<_>>(), ["chambre", "justice", "maison", "palais"]);
        assert!(parsed.contains("bona fide", "foi"));

        let (stored, outcome) = read_in(&index, Some(&cache));
        assert_eq!(outcome, Outcome::Stored);
        assert_same(&parsed, &stored);
        let files: Vec<_> = std::fs::read_dir(&cache).expect("cache made").flatten().map(|e| e.file_name()).collect();
        assert_eq!(files.len(), 1, "{files:?}");

        let (cached, outcome) = read_in(&index, Some(&cache));
        assert_eq!(outcome, Outcome::Hit);
        assert_same(&parsed, &cached);
        // the stems of a cached dictionary are those of the parsed one, in
        // both directions (the aligner's maps come from them)
        for d in [&cached, &cached.reversed()] {
            let other = if d.src_lang() == Lang::German { parsed.clone() } else { parsed.reversed() };
            let (mine, theirs) = (d.stem_tables(), other.stem_tables());
            assert!(*mine == *theirs);
        }
        // the other direction has a file of its own
        let (_, outcome) = Dictionary::read_dictd_in(&index, Lang::French, Lang::German, Some(&cache)).expect("reads");
        assert_eq!(outcome, Outcome::Stored);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_changed_source_is_read_again() {
        let dir = temp_dir("changed");
        let index = write_fixture(&dir, 20);
        let cache = dir.join("cache");
        assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Stored);
        assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Hit);

        // another size
        let index = write_fixture(&dir, 30);
        let (d, outcome) = read_in(&index, Some(&cache));
        assert_eq!(outcome, Outcome::Stored);
        assert_same(&d, &read_in(&index, None).0);
        assert!(d.contains("wortbd", "motbd"));
        assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Hit);

        // the same size, another modification time, of the index or the data
        for name in ["freedict-deu-fra.index", "freedict-deu-fra.dict"] {
            let file = std::fs::File::options().write(true).open(dir.join(name)).expect("open");
            let later = std::fs::metadata(dir.join(name)).and_then(|m| m.modified()).expect("mtime")
                + std::time::Duration::from_secs(5);
            file.set_modified(later).expect("set mtime");
            drop(file);
            assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Stored, "{name}");
            assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Hit, "{name}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_damaged_cache_file_is_made_again() {
        let dir = temp_dir("damaged");
        let index = write_fixture(&dir, 40);
        let cache = dir.join("cache");
        let (parsed, _) = read_in(&index, None);
        assert_eq!(read_in(&index, Some(&cache)).1, Outcome::Stored);
        let file = cache.join(file_name(&index, Lang::German, Lang::French));
        let good = std::fs::read(&file).expect("cache file");

        let mut damaged: Vec<Vec<u8>> =
            vec![Vec::new(), good[..good.len() / 2].to_vec(), good[..good.len() - 1].to_vec()];
        damaged.push([&good[..], b"x"].concat());
        damaged.push(b"not a cache file at all".to_vec());
        for at in [0, 9, 13, 20, 30, HEADER + 3, good.len() / 3, good.len() - 1] {
            let mut d = good.clone();
            d[at] ^= 0x20;
            damaged.push(d);
        }
        for (i, bytes) in damaged.iter().enumerate() {
            std::fs::write(&file, bytes).expect("damage");
            let (d, outcome) = read_in(&index, Some(&cache));
            assert_eq!(outcome, Outcome::Stored, "damage {i}");
            assert_same(&parsed, &d);
            assert_eq!(std::fs::read(&file).expect("cache file"), good, "damage {i}: made again");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn no_damage_is_read_and_none_panics() {
        let dir = temp_dir("no-panic");
        let index = write_fixture(&dir, 10);
        let (parsed, _) = read_in(&index, None);
        let key = source_key(&index, &dir.join("freedict-deu-fra.dict"), Lang::German, Lang::French).expect("key");
        let good = encode(parsed.core().0, &key);
        assert!(decode(&good, &key, Lang::German, Lang::French).is_some());
        // every truncation and every flipped byte is caught by the length
        // or the checksum
        for len in 0..good.len() {
            assert!(decode(&good[..len], &key, Lang::German, Lang::French).is_none(), "cut at {len}");
        }
        for at in 0..good.len() {
            for bit in [0x01, 0x80] {
                let mut d = good.clone();
                d[at] ^= bit;
                assert!(decode(&d, &key, Lang::German, Lang::French).is_none(), "byte {at} bit {bit}");
            }
        }
        // another key (another source, another build) is not taken
        let mut other = key.clone();
        other[0] ^= 1;
        assert!(decode(&good, &other, Lang::German, Lang::French).is_none());
        // a body that is damaged but carries a right checksum (made on
        // purpose) is read without a panic, and a table out of order or
        // out of range is refused
        let body_start = HEADER + key.len();
        let mut refused = 0;
        for at in body_start..good.len() {
            for value in [0x00, 0x7f, 0xff] {
                let mut d = good.clone();
                d[at] = value;
                let sum = checksum(&d[HEADER..]);
                d[24..32].copy_from_slice(&sum.to_le_bytes());
                match decode(&d, &key, Lang::German, Lang::French) {
                    None => refused += 1,
                    // what is read must hold together: every word, pair and stem look-up works
                    Some(core) => {
                        let d = Dictionary::from_core(Arc::new(core));
                        let _ = (d.pairs().count(), d.reversed().pairs().count(), d.stem_tables());
                        let _ = d.reversed().stem_tables();
                    }
                }
            }
        }
        assert!(refused > 0);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn two_readers_making_the_cache_at_once_both_end_well() {
        let dir = temp_dir("race");
        let index = write_fixture(&dir, 500);
        let cache = dir.join("cache");
        let (parsed, _) = read_in(&index, None);
        let start = std::sync::Barrier::new(4);
        let got: Vec<(Dictionary, Outcome)> = std::thread::scope(|s| {
            let readers: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        read_in(&index, Some(&cache))
                    })
                })
                .collect();
            readers.into_iter().map(|r| r.join().expect("reader")).collect()
        });
        for (d, _) in &got {
            assert_same(&parsed, d);
        }
        assert!(got.iter().any(|(_, o)| *o == Outcome::Stored));
        let names: Vec<String> = std::fs::read_dir(&cache)
            .expect("cache")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [file_name(&index, Lang::German, Lang::French)], "no temporary file left");
        let (d, outcome) = read_in(&index, Some(&cache));
        assert_eq!(outcome, Outcome::Hit);
        assert_same(&parsed, &d);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_cache_folder_that_cannot_be_written_is_no_error() {
        let dir = temp_dir("unwritable");
        let index = write_fixture(&dir, 10);
        let (parsed, _) = read_in(&index, None);
        // a file where the folder should be: it can be neither made nor
        // written (whoever runs the test, root too)
        let blocked = dir.join("blocked");
        std::fs::write(&blocked, "a file").expect("write");
        for cache in [blocked.clone(), blocked.join("bitext")] {
            let (d, outcome) = read_in(&index, Some(&cache));
            assert_eq!(outcome, Outcome::Parsed);
            assert_same(&parsed, &d);
        }
        assert_eq!(std::fs::read(&blocked).expect("still a file"), b"a file");
        // a missing dictionary is still the reader's error, cache or not
        let missing = dir.join("missing.index");
        let err = Dictionary::read_dictd_in(&missing, Lang::German, Lang::French, Some(&dir.join("c"))).unwrap_err();
        assert!(err.is_io(), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_cache_folder_follows_the_environment() {
        use std::ffi::OsString;
        fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
            move |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| OsString::from(v))
        }
        let home = [("HOME", "/home/u")];
        assert_eq!(dir_from(env(&home)), Some(PathBuf::from("/home/u/.cache/bitext")));
        let xdg = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "/var/cache/u")];
        assert_eq!(dir_from(env(&xdg)), Some(PathBuf::from("/var/cache/u/bitext")));
        // a relative XDG_CACHE_HOME is ignored, as the specification says
        let relative = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "cache")];
        assert_eq!(dir_from(env(&relative)), Some(PathBuf::from("/home/u/.cache/bitext")));
        let own = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "/var/cache/u"), (ENV, "/tmp/mine")];
        assert_eq!(dir_from(env(&own)), Some(PathBuf::from("/tmp/mine")));
        let off = [("HOME", "/home/u"), (ENV, "off")];
        assert_eq!(dir_from(env(&off)), None);
        if cfg!(unix) {
            assert_eq!(dir_from(env(&[])), None);
        }
    }
}
