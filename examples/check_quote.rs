//! The README's main command: segments the two sample editions of the
//! trial record in `data/` and prints their speaker turns side by side,
//! then shows where the "pious face" line stands in the English edition.
//!
//! Run with `cargo run --release --example check_quote`.

use std::collections::BTreeMap;
use std::path::Path;

use bitext::{Document, Lang, UtteranceKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let ru_text = std::fs::read_to_string(data.join("trial.ru.txt"))?;
    let en_text = std::fs::read_to_string(data.join("trial.en.txt"))?;
    let ru = Document::segment(&ru_text, Lang::Russian);
    let en = Document::segment(&en_text, Lang::English);

    for (name, doc) in [("Russian", &ru), ("English", &en)] {
        let mut per_speaker: BTreeMap<&str, usize> = BTreeMap::new();
        let mut turns = 0;
        for u in doc.utterances() {
            if u.kind() == UtteranceKind::Turn {
                turns += 1;
                *per_speaker.entry(u.speaker().unwrap_or("?")).or_default() += 1;
            }
        }
        println!(
            "{name} edition: {} sentences, {} utterances, {turns} speaker turns",
            doc.len(),
            doc.utterances().len()
        );
        for (speaker, n) in per_speaker {
            println!("  {n:>4}  {speaker}");
        }
    }

    println!("\nThe first turns of each edition:");
    let turns = |doc: &Document<'_>| -> Vec<String> {
        doc.utterances()
            .iter()
            .take(12)
            .map(|u| match u.speaker() {
                Some(s) => format!("{s}: {}", doc.sentence_text(u.sentences().start)),
                None => format!("[{:?}] {}", u.kind(), doc.sentence_text(u.sentences().start)),
            })
            .map(|s| s.chars().take(58).collect())
            .collect()
    };
    for (r, e) in turns(&ru).iter().zip(turns(&en)) {
        println!("  {r:<60} | {e}");
    }

    let quote = "pious face";
    println!("\nSentences of the English edition that contain {quote:?}:");
    for i in (0..en.len()).filter(|&i| en.sentence_text(i).contains(quote)) {
        let s = &en.sentences()[i];
        println!(
            "  sentence {i}, bytes {}..{}, turn {} of {}: {}",
            s.start(),
            s.end(),
            s.utterance(),
            en.speaker(i).unwrap_or("-"),
            en.sentence_text(i)
        );
    }
    println!("(Aligning it with its Russian original is the aligner's job; see the README.)");
    Ok(())
}
