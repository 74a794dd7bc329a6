//! Renderers for people: the text of `find`'s hits and of an audit, as
//! the command prints them. `query` and `audit` compute; what is shown,
//! and how, is written here.

use std::io::{self, Write};
use std::ops::Range;

use crate::audit::{Audit, Issue, Number};
use crate::query::{Hit, Pair, PairSide, Route};
use crate::Document;

/// How [`write_hits`] marks words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Marks {
    /// Highlighted counterpart words in `[brackets]`; nothing else marked.
    #[default]
    Brackets,
    /// ANSI colours for a terminal: highlighted words in bold yellow,
    /// matched words underlined, context dimmed.
    Colours,
}

/// Writes hits as text for people: for each hit a header (edition,
/// sentences, beads, kind, confidence, and `exact` or the score, and
/// `through translation` for a passage found that way), for a
/// ranked passage the query words found and missing and the passage's
/// words not in the query, then the context and the hit's pair, each pair
/// as two lines, the hit's edition first, with speakers:
///
/// ```text
/// 1. en sentence 264 · bead 254 (1:1) · confidence 1.00 · exact
///      en  BUKHARIN: I do not deny it.
///      ru  Бухарин: Я этого не отрицаю.
///    > en  VYSHINSKY: There is no point in making a pious face here, accused Bukharin.
///    > ru  Вышинский: Незачем делать здесь [благочестивое] [лицо], обвиняемый Бухарин.
///      en  ...
/// ```
///
/// # Errors
/// When writing fails.
pub fn write_hits(
    hits: &[Hit],
    src: &Document<'_>,
    tgt: &Document<'_>,
    marks: Marks,
    out: &mut impl Write,
) -> io::Result<()> {
    let colour = marks == Marks::Colours;
    for (n, hit) in hits.iter().enumerate() {
        let e = hit.edition;
        let doc = e.pick(src, tgt);
        let (k1, k2) = hit.pair.kind();
        let (lang, conf) = (doc.lang(), hit.pair.confidence);
        if hit.sentences.len() == 1 && hit.beads.len() == 1 {
            write!(
                out,
                "{}. {lang} sentence {} · bead {} ({k1}:{k2}) · confidence {conf:.2}",
                n + 1,
                hit.sentence,
                hit.pair.bead
            )?;
        } else {
            let (s, b) = (&hit.sentences, &hit.beads);
            let sentences = if s.len() == 1 {
                format!("sentence {}", s.start)
            } else {
                format!("sentences {}-{}", s.start, s.end - 1)
            };
            let beads =
                if b.len() == 1 { format!("bead {}", b.start) } else { format!("beads {}-{}", b.start, b.end - 1) };
            write!(out, "{}. {lang} {sentences} · {beads} ({k1}:{k2}) · confidence {conf:.2}", n + 1)?;
        }
        if hit.exact {
            writeln!(out, " · exact")?;
        } else {
            let route = if hit.route == Route::Translated { " · through translation" } else { "" };
            writeln!(out, " · score {:.2}{route}", hit.score)?;
            let total = hit.found_words.len() + hit.missing_words.len();
            let list = |w: &[String]| if w.is_empty() { "none".to_string() } else { w.join(", ") };
            writeln!(
                out,
                "   words: {} of {total} found; missing: {}",
                hit.found_words.len(),
                list(&hit.missing_words)
            )?;
            writeln!(out, "   not in the query: {}", list(&hit.extra_words))?;
        }
        let context = |out: &mut dyn Write, p: &Pair| -> io::Result<()> {
            for side in [e, e.other()] {
                let d = side.pick(src, tgt);
                let line = side_line(p.side(side), d, &[], &[], false);
                if colour {
                    writeln!(out, "\x1b[2m     {}  {line}\x1b[0m", d.lang())?;
                } else {
                    writeln!(out, "     {}  {line}", d.lang())?;
                }
            }
            Ok(())
        };
        for p in &hit.before {
            context(out, p)?;
        }
        let spans: Vec<Range<usize>> = hit.highlights.iter().map(|h| h.span.clone()).collect();
        let found = side_line(hit.found(), doc, &hit.matched, &[], colour);
        let other = e.other().pick(src, tgt);
        let counterpart = side_line(hit.counterpart(), other, &[], &spans, colour);
        writeln!(out, "   > {}  {found}", doc.lang())?;
        writeln!(out, "   > {}  {counterpart}", other.lang())?;
        for p in &hit.after {
            context(out, p)?;
        }
        if n + 1 < hits.len() {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// One side of a pair on one line: `SPEAKER: text` (and `OTHER: text` where
/// a new turn begins inside the side), with `underline` spans
/// underlined (colour only) and `marked` spans bracketed or coloured.
fn side_line(
    side: &PairSide,
    doc: &Document<'_>,
    underline: &[Range<usize>],
    marked: &[Range<usize>],
    colour: bool,
) -> String {
    if side.is_empty() {
        return "—".to_string();
    }
    let mut line = String::new();
    if let Some(s) = &side.speaker {
        line.push_str(s);
        line.push_str(": ");
    }
    let text = doc.text();
    let turn = |i: usize| doc.sentences()[i].utterance();
    for (k, i) in side.sentences.clone().enumerate() {
        if k > 0 {
            line.push(' ');
            // a passage that crosses turns names each new speaker
            if turn(i) != turn(i - 1) {
                if let Some(s) = doc.speaker(i) {
                    line.push_str(s);
                    line.push_str(": ");
                }
            }
        }
        let body = doc.sentences()[i].body();
        let mut pos = body.start;
        let mut spans: Vec<(Range<usize>, bool)> = underline
            .iter()
            .map(|r| (r.clone(), false))
            .chain(marked.iter().map(|r| (r.clone(), true)))
            .filter(|(r, _)| r.start >= body.start && r.end <= body.end)
            .collect();
        spans.sort_by_key(|(r, _)| r.start);
        let mut piece = String::new();
        for (r, is_mark) in spans {
            if r.start < pos {
                continue;
            }
            piece.push_str(&text[pos..r.start]);
            let w = &text[r.clone()];
            match (is_mark, colour) {
                (true, false) => piece.push_str(&format!("[{w}]")),
                (true, true) => piece.push_str(&format!("\x1b[1;33m{w}\x1b[0m")),
                (false, true) => piece.push_str(&format!("\x1b[4m{w}\x1b[0m")),
                (false, false) => piece.push_str(w),
            }
            pos = r.end;
        }
        piece.push_str(&text[pos..body.end]);
        line.push_str(&crate::segment::clean(&piece));
    }
    line
}

/// Writes the audit as text for people: the summary first, then the
/// findings in reading order. `src_name` and `tgt_name` name the editions
/// (file names, say).
///
/// # Errors
/// When writing fails.
pub fn write_report(
    report: &Audit,
    src: &Document<'_>,
    tgt: &Document<'_>,
    names: (&str, &str),
    out: &mut impl Write,
) -> io::Result<()> {
    write_summary(report, src, tgt, names, out)?;
    if report.findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nIn reading order:")?;
    let (sl, tl) = (src.lang().code(), tgt.lang().code());
    for f in &report.findings {
        let at = if f.beads.len() == 1 {
            format!("bead {}", f.beads.start)
        } else {
            format!("beads {}-{}", f.beads.start, f.beads.end - 1)
        };
        let what = match &f.issue {
            Issue::OneEditionOnly { edition, sentences, chars, turns } => {
                let lang = edition.pick(sl, tl);
                let s = plural(*sentences, "sentence");
                let t = if *turns > 0 { format!(", {}", plural(*turns, "turn")) } else { String::new() };
                format!("only in {lang}: {s}{t}, {chars} characters")
            }
            Issue::LowConfidence => format!("low confidence {:.2}", f.confidence),
            Issue::SpeakerMismatch { src_speaker, tgt_speaker, expected_tgt, expected_src } => {
                let mut w = format!("speakers differ: {src_speaker} ~ {tgt_speaker}");
                let mut usual = Vec::new();
                if let Some(e) = expected_tgt {
                    usual.push(format!("{src_speaker} ~ {e}"));
                }
                if let Some(e) = expected_src {
                    usual.push(format!("{e} ~ {tgt_speaker}"));
                }
                if !usual.is_empty() {
                    w.push_str(&format!(" (usually {})", usual.join(", ")));
                }
                w
            }
            Issue::NumberMismatch { src_only, tgt_only } => {
                let list = |v: &[Number]| -> String {
                    if v.is_empty() {
                        "-".to_string()
                    } else {
                        v.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join(", ")
                    }
                };
                format!("numbers differ: {sl} {} / {tl} {}", list(src_only), list(tgt_only))
            }
        };
        writeln!(out, "  {at:<12} {what}")?;
        let lines: usize = if matches!(f.issue, Issue::OneEditionOnly { .. }) { 6 } else { 3 };
        for (side, doc) in [(&f.src, src), (&f.tgt, tgt)] {
            write_side(side, doc, lines, out)?;
        }
    }
    Ok(())
}

/// Writes the summary lines of the audit.
///
/// # Errors
/// When writing fails.
pub fn write_summary(
    report: &Audit,
    src: &Document<'_>,
    tgt: &Document<'_>,
    names: (&str, &str),
    out: &mut impl Write,
) -> io::Result<()> {
    let s = &report.summary;
    let (sl, tl) = (src.lang().code(), tgt.lang().code());
    writeln!(
        out,
        "{} ({sl}, {}) ~ {} ({tl}, {}): {}, mean confidence {:.2}",
        names.0,
        plural(s.src_sentences, "sentence"),
        names.1,
        plural(s.tgt_sentences, "sentence"),
        plural(s.beads, "bead"),
        s.mean_confidence
    )?;
    for (lang, e) in [(sl, &s.src_only), (tl, &s.tgt_only)] {
        writeln!(
            out,
            "  only in {lang}: {}, {}, {} characters",
            plural(e.passages, "passage"),
            plural(e.sentences, "sentence"),
            e.chars
        )?;
    }
    writeln!(out, "  low confidence (< {:.2}): {}", s.min_confidence, plural(s.low_confidence, "bead"))?;
    writeln!(out, "  speaker mismatches: {}", s.speaker_mismatches)?;
    writeln!(out, "  number mismatches: {}", s.number_mismatches)?;
    if !report.speakers.is_empty() {
        let shown: Vec<String> = report.speakers.iter().take(8).map(|p| format!("{} ~ {}", p.src, p.tgt)).collect();
        let more = report.speakers.len().saturating_sub(8);
        let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
        writeln!(out, "  speakers: {}{tail}", shown.join(", "))?;
    }
    Ok(())
}

fn write_side(side: &PairSide, doc: &Document<'_>, max: usize, out: &mut impl Write) -> io::Result<()> {
    let lang = doc.lang().code();
    if side.is_empty() {
        // where the passage stands in this edition
        let at = side.sentences.start;
        let place = match at {
            0 => "before its first sentence".to_string(),
            _ if at >= doc.len() => "after its last sentence".to_string(),
            _ => format!("between sentences {} and {at}", at - 1),
        };
        return writeln!(out, "      {lang}  — (nothing; {place})");
    }
    let n = side.sentences.len();
    for (k, i) in side.sentences.clone().enumerate() {
        if k == max {
            writeln!(out, "      {lang}  … and {} more", plural(n - k, "sentence"))?;
            break;
        }
        let who = doc.speaker(i).map(|s| format!("{s}: ")).unwrap_or_default();
        let text = shorten(&doc.sentence_clean_text(i), 110);
        writeln!(out, "      {lang} {i:>4}  {who}{text}")?;
    }
    Ok(())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
