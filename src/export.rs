//! Writing alignments: JSON, TSV and the Vecalign ladder.
//!
//! ```
//! use bitext::{export, Aligner, AlignConfig, Document, Lang};
//! let ru = Document::segment("Суд идет. Прошу встать.\n", Lang::Russian);
//! let en = Document::segment("The Court is coming. Please rise.\n", Lang::English);
//! let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//! let mut out = Vec::new();
//! export::write_vecalign(&a, &mut out)?;
//! assert!(String::from_utf8(out)?.starts_with("[0]:[0]:"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};

use serde_json::json;

use crate::{Alignment, Document};

/// The JSON form of one side: its language and sentences. Field names are
/// a contract: `start`/`end` are byte offsets into the input as given.
pub fn side_json(doc: &Document<'_>) -> serde_json::Value {
    let sentences: Vec<_> = doc
        .sentences()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "start": s.start(),
                "end": s.end(),
                "body_start": s.body_start(),
                "speaker": doc.speaker(i),
                "kind": s.kind().as_str(),
                "utterance": s.utterance(),
                "paragraph": s.paragraph(),
                "text": doc.sentence_text(i),
            })
        })
        .collect();
    json!({ "lang": doc.lang().code(), "sentences": sentences })
}

/// The JSON form of an alignment: `{"src": ..., "tgt": ..., "pairs": [...]}`
/// with every bead in order; `src` and `tgt` of a pair list sentence
/// indices (empty for an omission), `score` is the bead's confidence.
pub fn alignment_json(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>) -> serde_json::Value {
    let pairs: Vec<_> = a
        .beads()
        .iter()
        .map(|b| {
            json!({
                "src": b.src().collect::<Vec<_>>(),
                "tgt": b.tgt().collect::<Vec<_>>(),
                "score": round(b.confidence()),
                "cost": round(b.cost()),
                "kind": format!("{}:{}", b.src().len(), b.tgt().len()),
            })
        })
        .collect();
    json!({ "src": side_json(src), "tgt": side_json(tgt), "pairs": pairs })
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Writes the alignment as pretty JSON (see [`alignment_json`]).
///
/// # Errors
/// When writing fails.
pub fn write_json(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &alignment_json(a, src, tgt))?;
    writeln!(out)
}

/// Writes one bead a line: source text, target text, confidence, separated
/// by tabs (tabs and line breaks inside the texts become spaces).
///
/// # Errors
/// When writing fails.
pub fn write_tsv(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, out: &mut impl Write) -> io::Result<()> {
    for b in a.beads() {
        let s = joined(src, b.src());
        let t = joined(tgt, b.tgt());
        writeln!(out, "{s}\t{t}\t{:.4}", b.confidence())?;
    }
    Ok(())
}

fn joined(doc: &Document<'_>, r: std::ops::Range<usize>) -> String {
    let parts: Vec<String> = r.map(|i| doc.sentence_clean_text(i).replace('\t', " ")).collect();
    parts.join(" ")
}

/// Writes the Vecalign ladder: one bead a line, `[0, 1]:[2]:0.871234`,
/// 0-based sentence indices and the bead's confidence.
///
/// # Errors
/// When writing fails.
pub fn write_vecalign(a: &Alignment, out: &mut impl Write) -> io::Result<()> {
    for b in a.beads() {
        let s: Vec<String> = b.src().map(|i| i.to_string()).collect();
        let t: Vec<String> = b.tgt().map(|i| i.to_string()).collect();
        writeln!(out, "[{}]:[{}]:{:.6}", s.join(", "), t.join(", "), b.confidence())?;
    }
    Ok(())
}
