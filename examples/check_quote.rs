//! The README's main command: takes a quote as it circulates in English
//! (a reader's wording of two sentences, not the edition's), finds the
//! passage it comes from, what the Russian record said there, who said it,
//! how close the wording is and how sure the alignment is, and what
//! surrounds it; then tells where the two editions diverge.
//!
//! It aligns the two sample editions of an interrogation in `data/`
//! (`trial.ru.txt`, the Russian record, and `trial.en.txt`, its English
//! translation), with Debian's Russian-English dictionary when it is
//! installed (`apt-get install mueller7-dict`).
//!
//! Run with `cargo run --release --example check_quote`.

use std::path::Path;
use std::process::ExitCode;

use bitext::export::{write_hits, Marks};
use bitext::{audit, find, AlignConfig, Aligner, AuditOptions, Dictionary, Document, FindOptions, Lang};

/// The quote as it circulates: the edition says "making a pious face
/// here" and "You had better admit what exists".
const QUOTE: &str = "There is no point in making a pious face, accused Bukharin. Better admit what exists";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("check_quote: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let read = |name: &str| {
        let path = data.join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let (ru_text, en_text) = (read("trial.ru.txt")?, read("trial.en.txt")?);
    let ru = Document::segment(&ru_text, Lang::Russian);
    let en = Document::segment(&en_text, Lang::English);

    let dict = match Dictionary::auto(Lang::Russian, Lang::English).transpose() {
        Some(Ok((d, path))) => {
            println!("dictionary: {} ({} word pairs)", path.display(), d.len());
            Some(d)
        }
        Some(Err(e)) => {
            eprintln!("check_quote: the installed dictionary cannot be read ({e}); going on without it");
            None
        }
        None => {
            println!("dictionary: none (apt-get install mueller7-dict adds one)");
            None
        }
    };
    let mut aligner = Aligner::new(AlignConfig::default());
    if let Some(d) = &dict {
        aligner = aligner.with_dictionary(d);
    }
    let alignment = aligner.align(&ru, &en)?;
    println!(
        "aligned data/trial.ru.txt ({} sentences) with data/trial.en.txt ({} sentences): {} beads\n",
        ru.len(),
        en.len(),
        alignment.beads().len()
    );

    let hits = find(&alignment, &ru, &en, QUOTE, &FindOptions::default().dictionary(dict.as_ref()))?;
    let Some(hit) = hits.first() else {
        return Err(format!("no passage of the sample editions is near {QUOTE:?}").into());
    };
    let who = |s: &Option<String>| s.clone().unwrap_or_else(|| "(no speaker)".to_string());
    println!("The quote, {QUOTE:?}:");
    println!("  English  {}: {}", who(&hit.found().speaker), hit.found().text);
    println!("  Russian  {}: {}", who(&hit.counterpart().speaker), hit.counterpart().text);
    let (a, b) = hit.pair.kind();
    let (s, c) = (&hit.sentences, &hit.counterpart().sentences);
    println!(
        "  English sentences {}-{}, Russian sentences {}-{}, beads {}-{} ({a}:{b}), confidence {:.2}",
        s.start,
        s.end - 1,
        c.start,
        c.end.saturating_sub(1),
        hit.beads.start,
        hit.beads.end - 1,
        hit.pair.confidence
    );
    let how = if hit.exact { "exact".to_string() } else { format!("score {:.2}", hit.score) };
    println!(
        "  wording: {how}; {} of {} words of the quote found; missing: {}; not in the quote: {}",
        hit.found_words.len(),
        hit.found_words.len() + hit.missing_words.len(),
        list(&hit.missing_words),
        list(&hit.extra_words)
    );
    if !hit.highlights.is_empty() {
        let words: Vec<String> =
            hit.highlights.iter().map(|h| format!("{} ~ {} ({})", h.query_word, h.word, h.via.as_str())).collect();
        println!("  word for word: {}", words.join(", "));
    }
    if hits.len() > 1 {
        println!("  ({} more passages come close)", hits.len() - 1);
    }

    println!("\nIn context ([brackets]: the Russian words for the quote):");
    let mut out = std::io::stdout().lock();
    write_hits(&hits[..1], &ru, &en, Marks::Brackets, &mut out)?;

    println!("\nWhere the editions diverge (`bitext audit data/trial.ru.txt data/trial.en.txt` lists them):");
    let report = audit(&alignment, &ru, &en, &AuditOptions::default())?;
    bitext::export::write_summary(&report, &ru, &en, ("trial.ru.txt", "trial.en.txt"), &mut out)?;
    Ok(())
}

/// Words as a comma-separated list, or "none".
fn list(words: &[String]) -> String {
    if words.is_empty() {
        "none".to_string()
    } else {
        words.join(", ")
    }
}
