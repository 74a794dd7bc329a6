//! Segmentation quality on real news text: WMT21 gold segments are real
//! sentence boundaries, so a sentence must (almost) never run across two.

use bitext::{Document, Lang};

use crate::common::{read_blocks, ru_en_docs};

/// Counts gold segments that share a sentence with another segment.
/// Returns (joined segments, all non-empty segments).
fn joined(doc: &Document<'_>, spans: &[(usize, usize)], examples: &mut Vec<String>) -> (usize, usize) {
    let text = doc.text().as_bytes();
    let mut joined = vec![false; spans.len()];
    for s in doc.sentences() {
        // Segments that hold a non-whitespace byte of this sentence.
        let hit: Vec<usize> = spans
            .iter()
            .enumerate()
            .filter(|(_, &(a, b))| {
                let (lo, hi) = (a.max(s.start()), b.min(s.end()));
                lo < hi && text[lo..hi].iter().any(|c| !c.is_ascii_whitespace())
            })
            .map(|(i, _)| i)
            .collect();
        if hit.len() > 1 {
            examples.push(doc.text()[s.span()].chars().take(160).collect());
            for i in hit {
                joined[i] = true;
            }
        }
    }
    (joined.iter().filter(|&&j| j).count(), spans.len())
}

#[test]
fn wmt21_sentences_do_not_cross_gold_segments() {
    let _ = shared_data!();
    let (mut bad, mut all) = (0, 0);
    let mut report = Vec::new();
    for (ru, en, gold) in ru_en_docs("wmt21") {
        let blocks = read_blocks(&gold);
        for (path, lang, side) in [(&ru, Lang::Russian, 0), (&en, Lang::English, 2)] {
            let text = std::fs::read_to_string(path).expect("read");
            let doc = Document::segment(&text, lang);
            let spans: Vec<(usize, usize)> =
                blocks.iter().map(|b| (b[side], b[side + 1])).filter(|(a, b)| a < b).collect();
            let (j, n) = joined(&doc, &spans, &mut report);
            bad += j;
            all += n;
        }
    }
    let rate = bad as f64 / all as f64;
    eprintln!("wmt21: {bad} of {all} gold segments joined ({:.3} %)", rate * 100.0);
    for r in report.iter().take(40) {
        eprintln!("  joined: {r}");
    }
    assert!(all > 3000, "expected the whole wmt21 set, found {all} segments");
    assert!(rate <= 0.005, "join rate {:.3} % is above 0.5 %", rate * 100.0);
}
