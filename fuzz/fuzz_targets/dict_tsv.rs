//! The TSV dictionary reader on any text: a dictionary of normalised,
//! non-empty pairs, or a parse error naming the file and a line.

#![no_main]

use bitext::{Dictionary, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Dictionary::read_tsv(text, "fuzz.tsv", Lang::Russian, Lang::English) {
        Ok(d) => {
            let lines = text.lines().count();
            assert!(d.len() <= lines);
            for (s, t) in d.pairs() {
                assert!(!s.is_empty() && !t.is_empty());
                assert_eq!(s, s.trim());
                assert!(d.contains(s, t));
                assert!(d.translations(s).any(|x| x == t));
            }
            let r = d.reversed();
            assert_eq!(r.len(), d.len());
            assert_eq!(r.reversed(), d);
        }
        Err(e) => {
            let msg = e.to_string();
            let line: usize = msg
                .strip_prefix("fuzz.tsv:")
                .and_then(|m| m.split(':').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no file and line in {msg:?}"));
            assert!(line >= 1 && line <= text.lines().count(), "{msg}");
        }
    }
});
