//! `bitext eval`: runs an aligner over the evaluation sets of a data
//! folder laid out as `../shared/data` is, and reports, checks and
//! explains its scores.
//!
//! The metrics themselves (ladder and block scoring, the readers of gold
//! files, calibration) are the library's, in `bitext::eval`; this module
//! knows the folder layout, runs the documents in parallel, pools their
//! counts, writes the table and compares it with floors.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use bitext::eval::{
    format_rung, judge_blocks, ladder_from_alignment, read_blocks, read_ladder, BlockScores, Calibration, LadderCounts,
    PrfScores,
};
use bitext::{Alignment, Document, Edition, InputMode, Lang, Segmenter};
use rayon::prelude::*;

/// The harness's errors are messages for people: which file, which line,
/// what to do.
type Result<T, E = String> = std::result::Result<T, E>;

/// The message for a file that could not be read.
fn io_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

#[cfg(test)]
mod tests;
// ---------------------------------------------------------------------------
// The whole-corpus runner
// ---------------------------------------------------------------------------

/// The scores of an aligner on one evaluation set.
#[derive(Clone, Debug, PartialEq)]
pub struct SetReport {
    /// The set: `textberg-dev`, or a folder name under `ru-en/` (`wmt21`,
    /// ...); for a domain row, the set and the domain: `wmt23/review`.
    pub name: String,
    /// `None` for a whole set; for a row over the documents of one domain
    /// of a set that mixes several, the domain ([`domain`]): `review`.
    pub domain: Option<String>,
    /// Documents in the set.
    pub documents: usize,
    /// Precision: strict for a ladder set, block consistency for a block set.
    pub precision: f64,
    /// Recall, likewise.
    pub recall: f64,
    /// F1, likewise.
    pub f1: f64,
    /// Lax scores (ladder sets only).
    pub lax: Option<PrfScores>,
    /// Blocks joined by a sentence that overlaps several (block sets only).
    pub joined: Option<usize>,
    /// The recall's denominator: merged blocks (block sets) or gold beads
    /// with both sides (ladder sets), summed over documents.
    pub blocks: usize,
    /// The precision's denominator: predicted beads, summed over documents.
    pub beads: usize,
    /// Wall time for the set: reading, segmenting, aligning and scoring.
    /// For a domain row, the time of its documents, each timed on its own
    /// and summed (documents run in parallel, so domain rows can add up to
    /// more than their set's time).
    pub seconds: f64,
    /// Expected calibration error of the bead confidences ([`Calibration::ece`]),
    /// over the predicted beads, pooled over documents. A bead is correct
    /// when it equals a gold bead (ladder sets, as for strict precision) or
    /// by block consistency (block sets, as for precision).
    pub ece: f64,
    /// Predicted beads with confidence 0.9 or more.
    pub confident: usize,
    /// The share of correct beads among those (`None` when there are none).
    pub confident_accuracy: Option<f64>,
}

/// One evaluation set found in the data folder.
enum SetKind {
    /// `NAME.defr` ladders over `NAME.de` / `NAME.fr` lines.
    Ladder(std::path::PathBuf),
    /// `NAME.gold.tsv` blocks over `NAME.ru.txt` / `NAME.en.txt`.
    Blocks(std::path::PathBuf),
}

/// The sets under `data_dir`, in order: `textberg-dev`, then the folders of
/// `ru-en/` by name.
/// The evaluation sets `bitext` knows by name, for a clear message when one
/// of their folders is missing.
const KNOWN_SETS: [&str; 5] = ["textberg-dev", "wmt21", "wmt23", "bible-nt", "chekhov"];

fn find_sets(data_dir: &Path) -> Result<Vec<(String, SetKind)>> {
    if !data_dir.is_dir() {
        return Err(format!("{}: not a folder; give the data folder (`../shared/data`)", data_dir.display()));
    }
    let mut sets = Vec::new();
    let tb = data_dir.join("textberg-dev");
    if tb.is_dir() {
        sets.push(("textberg-dev".to_string(), SetKind::Ladder(tb)));
    }
    let ru_en = data_dir.join("ru-en");
    if ru_en.is_dir() {
        let mut dirs = Vec::new();
        for entry in std::fs::read_dir(&ru_en).map_err(|e| io_error(&ru_en, e))? {
            let path = entry.map_err(|e| io_error(&ru_en, e))?.path();
            if path.is_dir() {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    dirs.push((name.to_string(), SetKind::Blocks(path.clone())));
                }
            }
        }
        dirs.sort_by(|a, b| a.0.cmp(&b.0));
        sets.extend(dirs);
    }
    if sets.is_empty() {
        return Err(format!("{}: no evaluation sets (neither textberg-dev/ nor ru-en/*/)", data_dir.display()));
    }
    Ok(sets)
}

/// The stems `NAME` of the files `NAME{suffix}` in `dir`, sorted.
fn stems(dir: &Path, suffix: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        if let Some(stem) = entry.file_name().to_str().and_then(|n| n.strip_suffix(suffix)) {
            if !stem.is_empty() {
                out.push(stem.to_string());
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(format!("{}: no `*{suffix}` gold files", dir.display()));
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| io_error(path, e))
}

/// Checks that the aligner's result fits the two documents.
fn check_alignment(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, what: &str) -> Result<()> {
    if a.src_len() != src.len() || a.tgt_len() != tgt.len() {
        return Err(format!(
            "{what}: the alignment is over {}×{} sentences but the documents have {}×{}",
            a.src_len(),
            a.tgt_len(),
            src.len(),
            tgt.len()
        ));
    }
    Ok(())
}

/// The domain of an evaluation document, read from its name (the file
/// name without the `.gold.tsv` or `.defr` ending):
///
/// * a name with a dot is a news article, `OUTLET.NUMBER`
///   (`lenta.ru.258396`, `armenpress-ru.63060`): `news`;
/// * otherwise the part before the first `_` or `-`, without trailing
///   digits: `review_12` → `review`, `em1-3` → `em`,
///   `championships-0` → `championships`, `bible-Luk` → `bible`;
/// * anything else (no `_` or `-`, or only digits before it): `news`.
///
/// [`evaluate`] adds one row per domain after a set whose documents fall into
/// more than one.
pub fn domain(document: &str) -> &str {
    if document.contains('.') {
        return "news";
    }
    let Some(cut) = document.find(['_', '-']) else {
        return "news";
    };
    let prefix = document[..cut].trim_end_matches(|c: char| c.is_ascii_digit());
    if prefix.is_empty() {
        "news"
    } else {
        prefix
    }
}

/// What documents add to a report: the counts behind the scores, pooled.
#[derive(Clone, Debug, Default)]
struct Tally {
    documents: usize,
    /// Ladder sets only.
    ladder: LadderCounts,
    /// Block sets only.
    blocks: BlockScores,
    calibration: Calibration,
    /// The documents' own times, summed.
    seconds: f64,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.documents += o.documents;
        self.ladder.add(&o.ladder);
        self.blocks.add(&o.blocks);
        self.calibration.merge(&o.calibration);
        self.seconds += o.seconds;
    }

    /// The report of these counts; `ladder` tells which counts apply.
    fn report(&self, name: &str, ladder: bool) -> SetReport {
        let (precision, recall, f1, lax, joined, blocks, beads) = if ladder {
            let s = self.ladder.scores();
            (s.strict.precision, s.strict.recall, s.strict.f1, Some(s.lax), None, s.gold, s.predicted)
        } else {
            let s = self.blocks;
            (s.precision, s.recall, s.f1, None, Some(s.joined), s.blocks, s.beads)
        };
        SetReport {
            name: name.to_string(),
            domain: None,
            documents: self.documents,
            precision,
            recall,
            f1,
            lax,
            joined,
            blocks,
            beads,
            seconds: self.seconds,
            ece: self.calibration.ece(),
            confident: self.calibration.confident(),
            confident_accuracy: self.calibration.confident_accuracy(),
        }
    }
}

/// What scoring one document gives: its counts and its beads scored wrong.
type DocOutcome = (Tally, Vec<WrongBead>);

/// Scores one ladder document `dir/NAME.{de,fr,defr}` of `set`.
fn ladder_doc<F>(set: &str, dir: &Path, name: &str, align: &F) -> Result<DocOutcome>
where
    F: Fn(&Document<'_>, &Document<'_>) -> bitext::Result<Alignment> + Sync,
{
    let started = Instant::now();
    let (de_path, fr_path, gold_path) =
        (dir.join(format!("{name}.de")), dir.join(format!("{name}.fr")), dir.join(format!("{name}.defr")));
    let (de, fr, gold_text) = (read(&de_path)?, read(&fr_path)?, read(&gold_path)?);
    let gold_name = gold_path.display().to_string();
    let gold = read_ladder(&gold_text, &gold_name).map_err(|e| e.to_string())?;
    let src = Segmenter::new(Lang::German).input(InputMode::Lines).segment(&de);
    let tgt = Segmenter::new(Lang::French).input(InputMode::Lines).segment(&fr);
    for (k, (s, t)) in gold.iter().enumerate() {
        let bad = s
            .iter()
            .map(|&i| (i, src.len(), &de_path))
            .chain(t.iter().map(|&i| (i, tgt.len(), &fr_path)))
            .find(|&(i, len, _)| i >= len);
        if let Some((i, len, path)) = bad {
            return Err(format!(
                "{gold_name}: bead {} refers to line {i} but {} has {len} lines",
                k + 1,
                path.display()
            ));
        }
    }
    let alignment = align(&src, &tgt).map_err(|e| e.to_string())?;
    check_alignment(&alignment, &src, &tgt, &gold_name)?;
    let pred = ladder_from_alignment(&alignment);
    // a bead is correct when it is a gold bead, as for strict precision
    let gold_beads: HashSet<&(Vec<usize>, Vec<usize>)> = gold.iter().collect();
    let mut calibration = Calibration::default();
    let mut correct = Vec::with_capacity(pred.len());
    for (bead, rung) in alignment.beads().iter().zip(&pred) {
        let ok = gold_beads.contains(rung);
        calibration.add(bead.confidence(), ok);
        correct.push(ok);
    }
    // each sentence's gold beads, written as rungs
    let mut units = [vec![Vec::new(); src.len()], vec![Vec::new(); tgt.len()]];
    for (s, t) in &gold {
        let rung = format_rung(s, t);
        for (side, ids) in [(0, s), (1, t)] {
            for &i in ids {
                units[side][i].push(rung.clone());
            }
        }
    }
    let wrong = wrong_beads(set, name, &alignment, &correct, [&src, &tgt], &units);
    let tally = Tally {
        documents: 1,
        ladder: LadderCounts::new(&pred, &gold),
        calibration,
        seconds: started.elapsed().as_secs_f64(),
        ..Tally::default()
    };
    Ok((tally, wrong))
}

/// Scores one block document `dir/NAME.{ru.txt,en.txt,gold.tsv}` of `set`.
fn block_doc<F>(set: &str, dir: &Path, name: &str, align: &F) -> Result<DocOutcome>
where
    F: Fn(&Document<'_>, &Document<'_>) -> bitext::Result<Alignment> + Sync,
{
    let started = Instant::now();
    let (ru_path, en_path, gold_path) =
        (dir.join(format!("{name}.ru.txt")), dir.join(format!("{name}.en.txt")), dir.join(format!("{name}.gold.tsv")));
    let (ru, en, gold_text) = (read(&ru_path)?, read(&en_path)?, read(&gold_path)?);
    let gold_name = gold_path.display().to_string();
    let blocks = read_blocks(&gold_text, &gold_name).map_err(|e| e.to_string())?;
    for (k, b) in blocks.iter().enumerate() {
        if b.src.end > ru.len() || b.tgt.end > en.len() {
            return Err(format!(
                "{gold_name}: block {} ({}..{}, {}..{}) runs past the end of the texts \
                 ({} and {} bytes)",
                k + 1,
                b.src.start,
                b.src.end,
                b.tgt.start,
                b.tgt.end,
                ru.len(),
                en.len()
            ));
        }
    }
    let src = Document::segment(&ru, Lang::Russian);
    let tgt = Document::segment(&en, Lang::English);
    let alignment = align(&src, &tgt).map_err(|e| e.to_string())?;
    check_alignment(&alignment, &src, &tgt, &gold_name)?;
    let judged = judge_blocks(&src, &tgt, &alignment, &blocks);
    let mut calibration = Calibration::default();
    for (bead, &correct) in alignment.beads().iter().zip(&judged.correct) {
        calibration.add(bead.confidence(), correct);
    }
    let units = [&judged.src_blocks, &judged.tgt_blocks]
        .map(|side| side.iter().map(|bs| bs.iter().map(|b| format!("block {b}")).collect()).collect());
    let wrong = wrong_beads(set, name, &alignment, &judged.correct, [&src, &tgt], &units);
    let tally = Tally {
        documents: 1,
        blocks: judged.scores,
        calibration,
        seconds: started.elapsed().as_secs_f64(),
        ..Tally::default()
    };
    Ok((tally, wrong))
}

/// The beads of `alignment` whose verdict in `correct` is false, with
/// their sentences; `units[side][i]` names the gold units sentence `i` of
/// that side belongs to.
fn wrong_beads(
    set: &str,
    document: &str,
    alignment: &Alignment,
    correct: &[bool],
    docs: [&Document<'_>; 2],
    units: &[Vec<Vec<String>>; 2],
) -> Vec<WrongBead> {
    let mut out = Vec::new();
    for (k, (bead, &ok)) in alignment.beads().iter().zip(correct).enumerate() {
        if ok {
            continue;
        }
        let mut sentences = Vec::new();
        for (side, edition, range) in [(0, Edition::Source, bead.src()), (1, Edition::Target, bead.tgt())] {
            let doc = docs[side];
            sentences.extend(range.map(|i| BeadSentence {
                edition,
                lang: doc.lang(),
                index: i,
                text: doc.sentence_clean_text(i).into_owned(),
                gold: units[side].get(i).cloned().unwrap_or_default(),
            }));
        }
        out.push(WrongBead {
            set: set.to_string(),
            document: document.to_string(),
            bead: k,
            kind: bead.kind(),
            confidence: bead.confidence(),
            sentences,
        });
    }
    out
}

/// What [`evaluate`] finds: the scores of each set and the beads scored
/// wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// One report a set, and one a domain of a set that mixes several.
    pub reports: Vec<SetReport>,
    /// Every predicted bead scored wrong, by set (in the order run),
    /// document (by name) and position; [`write_errors`] writes them.
    pub wrong: Vec<WrongBead>,
}

/// A predicted bead scored wrong: not consistent with the gold blocks
/// (block sets), or not a gold bead (ladder sets, strict).
#[derive(Clone, Debug, PartialEq)]
pub struct WrongBead {
    /// The set (`wmt23`, `textberg-dev`, ...).
    pub set: String,
    /// The document: its file name without the ending (`review_12`).
    pub document: String,
    /// The bead's position in the alignment, from 0.
    pub bead: usize,
    /// (source sentences, target sentences), as [`bitext::Bead::kind`].
    pub kind: (usize, usize),
    /// [`bitext::Bead::confidence`].
    pub confidence: f64,
    /// The bead's sentences, source side first, in order.
    pub sentences: Vec<BeadSentence>,
}

/// One sentence of a [`WrongBead`].
#[derive(Clone, Debug, PartialEq)]
pub struct BeadSentence {
    /// The side the sentence is on.
    pub edition: Edition,
    /// That side's language.
    pub lang: Lang,
    /// The sentence's index in its document, from 0.
    pub index: usize,
    /// Its text on one line ([`Document::sentence_clean_text`]).
    pub text: String,
    /// The gold units it belongs to: `block K` for the block of gold-file
    /// line K (from 0, blank and comment lines not counted) that the
    /// sentence overlaps (block sets; a sentence can overlap several), or
    /// the gold bead holding it, written as a rung (`[3, 4]:[5]`; ladder
    /// sets). Empty when the gold leaves the sentence out.
    pub gold: Vec<String>,
}

/// Runs `align` on every document of the evaluation sets in `data_dir`
/// (the folder `../shared/data`) and scores it; `sets` names the sets to
/// run (empty: all), in the order given.
///
/// The sets:
/// * `textberg-dev`: every `NAME.defr` ladder with its `NAME.de` and
///   `NAME.fr`, one sentence a line (segmented with
///   [`InputMode::Lines`]); strict scores in `precision`/`recall`/`f1`,
///   lax scores in `lax`; counts pooled over documents as `score.py` does.
/// * every folder `ru-en/SET/`: every `NAME.gold.tsv` with `NAME.ru.txt`
///   and `NAME.en.txt`, running text segmented by
///   [`Document::segment`]; block consistency ([`bitext::eval::score_blocks`]),
///   micro-averaged: correct beads and correct blocks are summed over the
///   documents before dividing, and `joined` is summed.
///
/// Calibration ([`SetReport::ece`], [`SetReport::confident_accuracy`]) is
/// computed over the predicted beads with the bins summed over documents.
///
/// A set whose documents fall into more than one [`domain`] (`wmt23`:
/// reviews, news, film magazine, regulations) is followed by one report
/// per domain, the domain with the most documents first (ties by name),
/// named `SET/DOMAIN` and scored in the same way over its documents only.
///
/// Documents of a set are aligned in parallel (rayon); the results are
/// summed in file-name order, so the report does not depend on the
/// scheduling (except `seconds`).
///
/// # Errors
/// When `data_dir` holds no set, a named set does not exist, a file cannot
/// be read or parsed, a gold file does not fit its texts, or `align` fails
/// (the first error in document order is returned).
pub fn evaluate<F>(data_dir: &Path, sets: &[String], align: F) -> Result<Evaluation>
where
    F: Fn(&Document<'_>, &Document<'_>) -> bitext::Result<Alignment> + Sync,
{
    let found = find_sets(data_dir)?;
    let mut chosen: Vec<&(String, SetKind)> = Vec::new();
    if sets.is_empty() {
        chosen.extend(&found);
    } else {
        for name in sets {
            let set = found.iter().find(|(n, _)| n == name).ok_or_else(|| {
                let valid: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
                if KNOWN_SETS.contains(&name.as_str()) {
                    let dir =
                        if name == "textberg-dev" { data_dir.join(name) } else { data_dir.join("ru-en").join(name) };
                    format!(
                        "the evaluation set {name} is missing: there is no folder {}; the sets found are {}",
                        dir.display(),
                        valid.join(", ")
                    )
                } else {
                    format!("unknown evaluation set `{name}`; valid values: {}", valid.join(", "))
                }
            })?;
            if !chosen.iter().any(|(n, _)| n == name) {
                chosen.push(set);
            }
        }
    }

    let mut reports = Vec::with_capacity(chosen.len());
    let mut wrong = Vec::new();
    for (name, kind) in chosen {
        let started = Instant::now();
        let (docs, results): (Vec<String>, Vec<Result<DocOutcome>>) = match kind {
            SetKind::Ladder(dir) => {
                let docs = stems(dir, ".defr")?;
                let results = docs.par_iter().map(|d| ladder_doc(name, dir, d, &align)).collect();
                (docs, results)
            }
            SetKind::Blocks(dir) => {
                let docs = stems(dir, ".gold.tsv")?;
                let results = docs.par_iter().map(|d| block_doc(name, dir, d, &align)).collect();
                (docs, results)
            }
        };
        debug_assert_eq!(docs.len(), results.len());
        let ladder = matches!(kind, SetKind::Ladder(_));
        let mut total = Tally::default();
        // (domain, its documents' counts), in order of first appearance
        let mut domains: Vec<(&str, Tally)> = Vec::new();
        for (doc, r) in docs.iter().zip(results) {
            let (tally, doc_wrong) = r?;
            wrong.extend(doc_wrong);
            total.add(&tally);
            let d = domain(doc);
            match domains.iter_mut().find(|(name, _)| *name == d) {
                Some((_, sum)) => sum.add(&tally),
                None => domains.push((d, tally)),
            }
        }
        let report = total.report(name, ladder);
        reports.push(SetReport { seconds: started.elapsed().as_secs_f64(), ..report });
        if domains.len() > 1 {
            // the biggest domain first
            domains.sort_by(|a, b| b.1.documents.cmp(&a.1.documents).then(a.0.cmp(b.0)));
            for (d, tally) in domains {
                let report = tally.report(&format!("{name}/{d}"), ladder);
                reports.push(SetReport { domain: Some(d.to_string()), ..report });
            }
        }
    }
    Ok(Evaluation { reports, wrong })
}

/// Writes `wrong` for a person tuning the aligner: a few comment lines
/// (`#`), then one record a bead, each followed by a blank line. A record
/// is one header line,
///
/// ```text
/// ## SET DOCUMENT bead N KIND confidence C
/// ```
///
/// (`KIND` as `2:1`, `C` with 3 decimals), then one line a sentence of the
/// bead, source side first: its language, its index, the gold units it
/// belongs to in parentheses (see [`BeadSentence::gold`]; `no gold` when
/// none), its text. A sentence's line breaks become spaces, so
/// `grep -A3 '^## wmt23 review_'` shows the reviews' wrong beads and
/// `grep -c '^## '` counts them all.
pub fn write_errors(wrong: &[WrongBead], out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "# bitext eval: the predicted beads scored wrong ({}), one record a bead.", wrong.len())?;
    writeln!(out, "# Header: `## SET DOCUMENT bead N KIND confidence C`; then one line a sentence:")?;
    writeln!(out, "# language, sentence index, (gold units), text. Indices count from 0; `block K` is")?;
    writeln!(out, "# the K-th block of NAME.gold.tsv, `[a]:[b]` a bead of the gold ladder.")?;
    writeln!(out)?;
    for w in wrong {
        writeln!(
            out,
            "## {} {} bead {} {}:{} confidence {:.3}",
            w.set, w.document, w.bead, w.kind.0, w.kind.1, w.confidence
        )?;
        for s in &w.sentences {
            let gold = if s.gold.is_empty() { "no gold".to_string() } else { s.gold.join(", ") };
            writeln!(out, "{} {} ({gold}) {}", s.lang.code(), s.index, s.text)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes `reports` as one plain-text table with aligned columns: set (a
/// domain row indented by two spaces), documents, precision, recall, F1
/// (3 decimals), lax F1 and joined (`-` where they do not apply), ECE (3
/// decimals), the accuracy of the beads with confidence 0.9 or more with
/// their number in brackets (`-` when there are none), seconds (2
/// decimals).
pub fn write_table(reports: &[SetReport], out: &mut impl std::io::Write) -> std::io::Result<()> {
    const COLUMNS: usize = 10;
    let header = ["set", "documents", "precision", "recall", "F1", "lax F1", "joined", "ECE", "acc≥0.9", "seconds"]
        .map(String::from);
    let mut rows = vec![header];
    for r in reports {
        rows.push([
            if r.domain.is_some() { format!("  {}", r.name) } else { r.name.clone() },
            r.documents.to_string(),
            format!("{:.3}", r.precision),
            format!("{:.3}", r.recall),
            format!("{:.3}", r.f1),
            r.lax.map_or("-".to_string(), |l| format!("{:.3}", l.f1)),
            r.joined.map_or("-".to_string(), |j| j.to_string()),
            format!("{:.3}", r.ece),
            r.confident_accuracy.map_or("-".to_string(), |a| format!("{a:.3} ({})", r.confident)),
            format!("{:.2}", r.seconds),
        ]);
    }
    let mut width = [0usize; COLUMNS];
    for row in &rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (c, (cell, w)) in row.iter().zip(width).enumerate() {
            if c == 0 {
                let _ = write!(line, "{cell:<w$}");
            } else {
                let _ = write!(line, "  {cell:>w$}");
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Floors
// ---------------------------------------------------------------------------

/// A minimum F1: (set, label, floor).
pub type Floor = (String, String, f64);

/// Reads a floors file: the lowest F1 each set may score under each
/// configuration label. One floor a line, three fields separated by
/// whitespace:
///
/// ```text
/// # set          label    F1 floor
/// textberg-dev   nodict   0.60
/// wmt21          nodict   0.98    # anything below is a bug
/// bible-nt       dict     0.90
/// wmt23/review   nodict   0.95    # the reviews of wmt23 alone
/// ```
///
/// * `set`: a set name as in [`SetReport::name`], or a domain row's name
///   (`wmt23/review`);
/// * `label`: a free word naming the configuration the floor is for
///   (`nodict`, `dict`, ...), chosen by the caller of [`check_floors`];
/// * the floor: a number in [0, 1], compared with [`SetReport::f1`]
///   (strict F1 for `textberg-dev`, block F1 for the `ru-en` sets).
///
/// `#` starts a comment (whole line or after the fields); blank lines are
/// skipped.
///
/// # Errors
/// A parse error naming `path` and the line for a line without exactly
/// three fields, a floor that is not a number in [0, 1], or a (set, label)
/// pair given twice.
pub fn read_floors(text: &str, path: &str) -> Result<Vec<Floor>> {
    let mut out: Vec<Floor> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| format!("{path}:{}: {msg}", n + 1);
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [set, label, value] = fields[..] else {
            return Err(err(format!("expected `set label floor`, found {} fields", fields.len())));
        };
        let floor: f64 = value
            .parse()
            .ok()
            .filter(|f| (0.0..=1.0).contains(f))
            .ok_or_else(|| err(format!("the floor `{value}` is not a number in [0, 1]")))?;
        if out.iter().any(|(s, l, _)| s == set && l == label) {
            return Err(err(format!("a second floor for {set} {label}")));
        }
        out.push((set.to_string(), label.to_string(), floor));
    }
    Ok(out)
}

/// Checks the calibration of the bead confidences of every block set
/// (`ru-en/*`, whole sets only, not domain rows): an expected calibration
/// error of at most `max_ece`, and at least `min_accuracy` of the beads
/// with confidence 0.9 or more correct. Returns a message for each set that
/// fails; a limit that is `None` is not checked.
pub fn check_calibration(reports: &[SetReport], max_ece: Option<f64>, min_accuracy: Option<f64>) -> Vec<String> {
    let mut out = Vec::new();
    for r in reports.iter().filter(|r| r.joined.is_some() && r.domain.is_none()) {
        if let Some(max) = max_ece {
            if r.ece > max || r.ece.is_nan() {
                out.push(format!("{}: ECE {:.4} is above {max}", r.name, r.ece));
            }
        }
        if let (Some(min), Some(acc)) = (min_accuracy, r.confident_accuracy) {
            if acc < min || acc.is_nan() {
                out.push(format!(
                    "{}: {:.4} of the {} beads with confidence >= 0.9 are right, less than {min}",
                    r.name, acc, r.confident
                ));
            }
        }
    }
    out
}

/// Compares `reports` with the `floors` of configuration `label`: one
/// message for each report (a set or a domain row, matched by
/// [`SetReport::name`]) whose F1 is below its floor (none: all good).
/// Floors of other labels, and floors of sets not in `reports` (a run of
/// some sets only), are ignored; a set without a floor passes.
pub fn check_floors(reports: &[SetReport], label: &str, floors: &[Floor]) -> Vec<String> {
    let mut out = Vec::new();
    for r in reports {
        for (set, l, floor) in floors {
            // a NaN F1 fails too
            if set == &r.name && l == label && (r.f1 < *floor || r.f1.is_nan()) {
                out.push(format!("{}: F1 {:.3} is below the {label} floor {floor:.3}", r.name, r.f1));
            }
        }
    }
    out
}
