//! The segmenter on any bytes: `check_text` never panics, and on text the
//! sentences cover every non-whitespace character exactly once, in order,
//! within the sentence length cap (running text), and the utterances tile
//! the sentences.
//!
//! The first byte chooses the language, the input mode and the cap.

#![no_main]

use bitext::{InputMode, Lang, Segmenter};
use libfuzzer_sys::fuzz_target;

const LANGS: [Lang; 6] = [Lang::Russian, Lang::English, Lang::German, Lang::French, Lang::Spanish, Lang::Greek];

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else { return };
    let Ok(text) = bitext::check_text(rest) else { return };
    let lang = LANGS[usize::from(ctl & 7) % LANGS.len()];
    let lines = ctl & 0x80 != 0;
    let cap = if ctl & 0x40 != 0 { 1 + usize::from(ctl >> 3 & 7) * 5 } else { Segmenter::DEFAULT_MAX_SENTENCE_CHARS };
    let mode = if lines { InputMode::Lines } else { InputMode::Text };
    let seg = Segmenter::new(lang).input(mode).max_sentence_chars(cap);
    let doc = seg.segment(text);
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut covered = vec![false; text.len()];
    // page furniture belongs to no sentence's words
    for m in doc.marks() {
        covered[m.span()].iter_mut().for_each(|c| *c = true);
    }
    // lengths are counted in the normalised view (stress marks, NFD,
    // furniture): exactly per sentence when the text is its own view,
    // summed over the document otherwise (a cut inside a character that
    // normalises to several may move one to the next piece)
    let changed = bitext::Normalized::new(&text[from..]).is_changed();
    let (mut chars, mut seen_chars) = (0, 0);
    let mut last_end = from;
    for (i, s) in doc.sentences().iter().enumerate() {
        assert!(s.start() >= last_end, "sentence {i} out of order");
        assert!(s.start() <= s.body_start() && s.body_start() <= s.end());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        assert!(text.is_char_boundary(s.body_start()));
        let seen = bitext::Normalized::new(&text[s.body()]).as_str().chars().count();
        assert!(changed || s.chars() == seen, "sentence {i}: {} chars, {seen} in its span", s.chars());
        (chars, seen_chars) = (chars + s.chars(), seen_chars + seen);
        if !lines {
            assert!(s.chars() <= cap, "sentence {i}: {} chars, cap {cap}", s.chars());
        }
        assert!(doc.utterances()[s.utterance()].sentences().contains(&i));
        covered[s.start()..s.end()].iter_mut().for_each(|c| *c = true);
        last_end = s.end();
        let _ = doc.sentence_clean_text(i);
        let _ = doc.speaker(i);
    }
    assert_eq!(chars, seen_chars, "characters lost or gained");
    for (b, c) in text.char_indices().skip_while(|&(b, _)| b < from) {
        assert!(covered[b] || c.is_whitespace(), "byte {b} ({c:?}) is in no sentence");
    }
    let mut next = 0;
    for u in doc.utterances() {
        assert_eq!(u.sentences().start, next, "utterances must tile the sentences");
        next = u.sentences().end;
        assert!(u.start() <= u.end() && u.end() <= text.len());
        if let Some(a) = u.aside() {
            let _ = &text[a];
        }
    }
    assert_eq!(next, doc.len());
    if lines {
        let over = doc.sentences().iter().any(|s| s.chars() > cap);
        assert_eq!(seg.try_segment(text).is_err(), over);
    }
    let _ = Lang::detect(text);
});
