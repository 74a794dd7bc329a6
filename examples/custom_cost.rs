//! Plugs a cost of one's own into the aligner through the public
//! [`bitext::ExtraCost`] trait: a glossary of names and terms that the
//! reader knows correspond (`Кёлер` ~ `Köhler`, `рейхсвер` ~ `Reichswehr`).
//! A bead whose two sides share a glossary entry costs less; a bead where
//! an entry occurs on one side only costs more.
//!
//! The aligner calls `cost` for every candidate bead, so the example does
//! the text work once, up front: it records which glossary entries each
//! sentence holds, and `cost` only compares bit masks.
//!
//! Run with `cargo run --release --example custom_cost`.

use std::ops::Range;
use std::path::Path;

use bitext::{pairs, AlignConfig, Aligner, Document, ExtraCost, Lang};

/// Glossary entries (source word start, target word start), matched as the
/// start of a word, case-insensitively.
const GLOSSARY: &[(&str, &str)] = &[
    ("кёлер", "köhler"),
    ("зауэр", "sauer"),
    ("рейхсвер", "reichswehr"),
    ("серебрян", "serebryany"),
    ("пятаков", "pyatakov"),
    ("троцк", "trotsk"),
];

/// The glossary cost: which entries each sentence holds, as bit masks.
struct Glossary {
    src: Vec<u64>,
    tgt: Vec<u64>,
    /// Cost removed per shared entry, added per entry on one side only.
    weight: f64,
}

impl Glossary {
    fn new(src: &Document<'_>, tgt: &Document<'_>, weight: f64) -> Glossary {
        let masks = |doc: &Document<'_>, side: fn(&(&'static str, &'static str)) -> &'static str| -> Vec<u64> {
            (0..doc.len())
                .map(|i| {
                    let text = doc.sentence_text(i).to_lowercase();
                    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
                    GLOSSARY.iter().enumerate().fold(0u64, |m, (k, entry)| {
                        if words.iter().any(|w| w.starts_with(side(entry))) {
                            m | 1 << k
                        } else {
                            m
                        }
                    })
                })
                .collect()
        };
        Glossary { src: masks(src, |e| e.0), tgt: masks(tgt, |e| e.1), weight }
    }
}

impl ExtraCost for Glossary {
    fn cost(&self, _src: &Document<'_>, s: Range<usize>, _tgt: &Document<'_>, t: Range<usize>) -> f64 {
        if s.is_empty() || t.is_empty() {
            return 0.0; // no opinion on text present in one edition only
        }
        let a = self.src[s].iter().fold(0, |m, x| m | x);
        let b = self.tgt[t].iter().fold(0, |m, x| m | x);
        let shared = (a & b).count_ones() as f64;
        let alone = (a ^ b).count_ones() as f64;
        self.weight * (alone - shared)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let ru_text = std::fs::read_to_string(data.join("trial.ru.txt"))?;
    let en_text = std::fs::read_to_string(data.join("trial.en.txt"))?;
    let ru = Document::segment(&ru_text, Lang::Russian);
    let en = Document::segment(&en_text, Lang::English);

    // The full aligner gets the sample right; lengths alone (Gale & Church,
    // no lexical evidence, no speaker turns) do not. How much does the
    // glossary give back?
    let reference = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
    let lengths_only = AlignConfig::default().lex_weight(0.0).learn_lexicon(false).turns_first(false);
    let plain = Aligner::new(lengths_only.clone()).align(&ru, &en)?;
    let glossary = Glossary::new(&ru, &en, 2.0);
    let marked = glossary.src.iter().filter(|&&m| m != 0).count();
    let with = Aligner::new(lengths_only).with_extra_cost(glossary).align(&ru, &en)?;
    let agree = |a: &bitext::Alignment| {
        a.beads().iter().filter(|b| reference.beads().iter().any(|r| r.src() == b.src() && r.tgt() == b.tgt())).count()
    };
    println!("{marked} Russian sentences hold a glossary entry");
    println!("full aligner:                    {} beads", reference.beads().len());
    println!("lengths only:                    {} beads, {} as the full aligner", plain.beads().len(), agree(&plain));
    println!("lengths only, with the glossary: {} beads, {} as the full aligner", with.beads().len(), agree(&with));

    println!("\nThe beads the glossary speaks for:");
    for p in pairs(&with, &ru, &en)?.filter(|p| p.src.text.to_lowercase().contains("кёлер")) {
        println!("  {:.2}  {}\n        {}", p.confidence, p.src.text, p.tgt.text);
    }

    // A closure with the trait's signature works too.
    let questions = |s: &Document<'_>, sr: Range<usize>, t: &Document<'_>, tr: Range<usize>| -> f64 {
        let q = |d: &Document<'_>, r: Range<usize>| r.filter(|&i| d.sentence_text(i).ends_with('?')).count();
        if sr.is_empty() || tr.is_empty() {
            0.0
        } else {
            q(s, sr).abs_diff(q(t, tr)) as f64
        }
    };
    let by_questions = Aligner::new(AlignConfig::default()).with_extra_cost(questions).align(&ru, &en)?;
    println!("\nwith a closure that pairs questions with questions: {} beads", by_questions.beads().len());
    Ok(())
}
