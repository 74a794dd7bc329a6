//! The dictd dictionary reader (Mueller and FreeDict layouts) on any bytes,
//! through real files in a temporary folder (the reader takes a path).
//!
//! The first byte chooses the layout (a `mueller7` or a `freedict-eng-rus`
//! name), plain or gzip data, and how the rest is used:
//! * raw: the rest is `index bytes, 0xFF, data bytes`, both as given;
//! * entries: the rest is the data, its entries separated by NUL bytes, and
//!   a valid index is written for them (so that the fuzzer explores the
//!   entry parsers rather than the index syntax).

#![no_main]

use std::io::Write;
use std::path::PathBuf;

use bitext::{Dictionary, Lang};
use libfuzzer_sys::fuzz_target;

fn b64(mut n: u64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 64) as usize]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("bitext-fuzz-dictd-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else { return };
    let name = if ctl & 1 != 0 { "mueller7" } else { "freedict-eng-rus" };
    let gzip = ctl & 2 != 0;
    let (index, dict): (Vec<u8>, Vec<u8>) = if ctl & 4 != 0 {
        match rest.iter().position(|&b| b == 0xff) {
            Some(p) => (rest[..p].to_vec(), rest[p + 1..].to_vec()),
            None => (rest.to_vec(), Vec::new()),
        }
    } else {
        let mut index = String::new();
        let mut offset = 0u64;
        for (k, entry) in rest.split(|&b| b == 0).enumerate() {
            index.push_str(&format!("w{k}\t{}\t{}\n", b64(offset), b64(entry.len() as u64)));
            offset += entry.len() as u64 + 1;
        }
        (index.into_bytes(), rest.to_vec())
    };
    let dir = dir();
    let _ = std::fs::remove_file(dir.join(format!("{name}.dict")));
    let _ = std::fs::remove_file(dir.join(format!("{name}.dict.dz")));
    let index_path = dir.join(format!("{name}.index"));
    std::fs::write(&index_path, &index).expect("write index");
    if gzip {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&dict).expect("gzip");
        std::fs::write(dir.join(format!("{name}.dict.dz")), gz.finish().expect("gzip")).expect("write");
    } else {
        std::fs::write(dir.join(format!("{name}.dict")), &dict).expect("write");
    }
    match Dictionary::read_dictd(&index_path, Lang::English, Lang::Russian) {
        Ok(d) => {
            for (s, t) in d.pairs() {
                assert!(!s.is_empty() && !t.is_empty());
                assert_eq!(s.to_lowercase(), s);
                assert_eq!(t.to_lowercase(), t);
            }
            let _ = d.reversed();
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(&*dir.to_string_lossy()), "the error names no file: {msg}");
        }
    }
});
