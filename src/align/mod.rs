//! Alignment: which sentences of one edition translate which sentences of
//! the other.
//!
//! ```
//! use bitext::{Aligner, AlignConfig, Document, Lang};
//!
//! let ru = Document::segment("Где вы были в 1928 году? Отвечайте. Я был в Москве.\n", Lang::Russian);
//! let en = Document::segment("Where were you in 1928? Answer. I was in Moscow.\n", Lang::English);
//! let alignment = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//! let pairs: Vec<_> = alignment.beads().iter().map(|b| (b.src(), b.tgt())).collect();
//! assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The model
//! A bead joins `a` source sentences to `b` target sentences: 1:1, 1:0,
//! 0:1, 2:1, 1:2, 2:2 (optionally 3:1, 1:3, 3:2, 2:3:
//! [`AlignConfig::max_bead`]), and one sentence to up to 16 of the other
//! (1:k, k:1: [`AlignConfig::max_long_bead`]), the long ones priced only
//! where their lengths agree. The alignment is the monotone sequence of
//! beads of least total cost, found by dynamic programming:
//!
//! ```text
//! D(0, 0) = 0
//! D(i, j) = min over beads (a, b) of  D(i - a, j - b) + cost(src[i-a..i], tgt[j-b..j])
//! ```
//!
//! The cost of a bead adds the Gale & Church (1993) length cost, the
//! bead's prior, and a lexical cost in which each sentence of the bead
//! pays or earns by how much of its anchor weight (numbers, names and
//! cognates through transliteration, dictionary and learned word pairs)
//! the other side of the bead explains, against what as many unrelated
//! sentences would explain by chance: the evidence of a bead is the sum
//! of its sentences', so a merge never hides a sentence that nothing
//! supports. An omission (1:0 or 0:1) that continues a run of omissions on
//! its side costs [`AlignConfig::omission_run_discount`] less, so the DP
//! keeps, for each cell, the best path ending in each of the three bead
//! types.
//!
//! A first pass teaches the second: a lexicon (word pairs whose
//! co-occurrence chance cannot explain), the length model and the bead
//! priors, each estimate shrunk towards its starting value by the amount
//! of evidence behind it.

mod alignment;
mod chunk;
mod config;
mod cost;
mod dp;
mod estimate;
mod search;
mod turns;
mod vexp;

use std::ops::Range;
use std::sync::Arc;

use crate::anchor::{Concepts, Lexicon, Shared, Side, StemDictionary};
use crate::error::Result;
use crate::{Dictionary, Document};

use cost::Problem;
use dp::Rect;
use estimate::{bead_priors, length_model, paragraph_agreement, paragraph_ends};
use search::Pass;

pub use alignment::{Alignment, Bead};
pub use config::{AlignConfig, ExtraCost, Priors};

/// Most pairs of speaker names (source names times target names) for which
/// the turns of a transcript are aligned first.
const MAX_SPEAKER_PAIRS: usize = 1_000_000;

/// Aligns documents. Immutable and `Send + Sync`: one aligner can serve
/// many threads.
#[derive(Clone)]
pub struct Aligner {
    config: AlignConfig,
    dictionary: Option<Arc<StemDictionary>>,
    extra: Option<Arc<dyn ExtraCost>>,
    progress: Option<Arc<ProgressFn>>,
}

/// A progress callback: called with the name of each stage as it starts.
type ProgressFn = dyn Fn(&str) + Send + Sync;

impl std::fmt::Debug for Aligner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("config", &self.config)
            .field("dictionary_size", &self.dictionary_size())
            .field("extra_cost", &self.extra.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Default for Aligner {
    /// An aligner with the default settings ([`AlignConfig::default`]) and
    /// no dictionary.
    fn default() -> Aligner {
        Aligner::new(AlignConfig::default())
    }
}

impl Aligner {
    /// An aligner with `config` and no dictionary.
    pub fn new(config: AlignConfig) -> Aligner {
        Aligner { config, dictionary: None, extra: None, progress: None }
    }

    /// Calls `report` with the name of each stage of an alignment as it
    /// starts (analysing, aligning turns, first pass, learning the lexicon,
    /// second pass), for progress displays on long runs; a stage that
    /// aligns many pieces also reports each tenth of them done (`40 % of
    /// 362 pieces`). Reports may come from any thread; the alignment does
    /// not depend on them.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use bitext::{AlignConfig, Aligner, Document, Lang};
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let aligner = Aligner::new(AlignConfig::default())
    ///     .with_progress(move |stage| log.lock().unwrap().push(stage.to_string()));
    /// let ru = Document::segment("Где вы были? Дома.\n", Lang::Russian);
    /// let en = Document::segment("Where were you? At home.\n", Lang::English);
    /// aligner.align(&ru, &en)?;
    /// assert_eq!(seen.lock().unwrap()[0], "analysing words");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_progress(mut self, report: impl Fn(&str) + Send + Sync + 'static) -> Aligner {
        self.progress = Some(Arc::new(report));
        self
    }

    fn report(&self, stage: &str) {
        trace_memory(stage);
        if let Some(p) = &self.progress {
            p(stage);
        }
    }

    /// Adds a cost of one's own to every sentence bead (see [`ExtraCost`]).
    pub fn with_extra_cost(mut self, cost: impl ExtraCost + 'static) -> Aligner {
        self.extra = Some(Arc::new(cost));
        self
    }

    /// Uses `dict` as a bilingual lexicon for document pairs in its
    /// languages, in either direction (a German-French dictionary serves a
    /// French-German alignment too). Other language pairs ignore it.
    ///
    /// ```
    /// use bitext::{AlignConfig, Aligner, Dictionary, Lang};
    /// let dict = Dictionary::from_pairs(Lang::Russian, Lang::English, [("суд", "court")]);
    /// let aligner = Aligner::new(AlignConfig::default()).with_dictionary(&dict);
    /// assert_eq!(aligner.dictionary_size(), 1);
    /// ```
    pub fn with_dictionary(mut self, dict: &Dictionary) -> Aligner {
        self.dictionary = Some(Arc::new(StemDictionary::new(dict)));
        self
    }

    /// The number of target stems the dictionary translates (0 without one).
    pub fn dictionary_size(&self) -> usize {
        self.dictionary.as_ref().map_or(0, |d| d.len())
    }

    /// The settings.
    pub fn config(&self) -> &AlignConfig {
        &self.config
    }

    /// The same aligner with long beads (1:k, k:1) turned off.
    fn without_long_beads(&self) -> Aligner {
        Aligner { config: self.config.clone().max_long_bead(0), ..self.clone() }
    }

    /// Aligns the sentences of `src` with those of `tgt`.
    ///
    /// When both documents have speaker turns (and `turns_first` is on),
    /// the turns are aligned first and sentences only within aligned turns.
    ///
    /// Blank sentences (the blank lines of [`InputMode::Lines`](crate::InputMode::Lines),
    /// see [`Document::is_blank`]) take no part in the search: the other
    /// sentences are aligned as if they were absent, and each blank one is
    /// then put back as a bead of its own, before the next bead that has a
    /// sentence on its side, paired 1:1 with a blank sentence of the other
    /// edition at the same place when there is one, else an omission (1:0
    /// or 0:1); a blank line between two sentences of one bead joins that
    /// bead. These beads cost 0 and have confidence 1. So thousands of blank
    /// lines cost no more than their count, and indices stay line indices.
    ///
    /// ```
    /// use bitext::{AlignConfig, Aligner, InputMode, Lang, Segmenter};
    /// let lines = |lang| Segmenter::new(lang).input(InputMode::Lines);
    /// let ru = lines(Lang::Russian).segment("Суд идет.\n\n\nПрошу встать.\n");
    /// let en = lines(Lang::English).segment("The Court is coming.\n\nPlease rise.\n");
    /// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
    /// let beads: Vec<_> = a.beads().iter().map(|b| (b.src(), b.tgt())).collect();
    /// assert_eq!(beads, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..3)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When a setting is out of its range ([`AlignConfig::validate`]), when
    /// the band would need more cells than `max_cells`, when the memory
    /// for its tables cannot be had, or when a cost of one's own
    /// ([`ExtraCost`]) is not a finite number.
    pub fn align(&self, src: &Document<'_>, tgt: &Document<'_>) -> Result<Alignment> {
        self.config.validate()?;
        let (sb, tb) = (src.without_blanks(), tgt.without_blanks());
        if sb.is_none() && tb.is_none() {
            return self.align_units(src, tgt, None);
        }
        let all = |d: &Document<'_>| (0..d.len()).collect::<Vec<usize>>();
        let (s, skeep) = sb.unwrap_or_else(|| (src.clone(), all(src)));
        let (t, tkeep) = tb.unwrap_or_else(|| (tgt.clone(), all(tgt)));
        let originals = Originals { src, tgt, src_keep: &skeep, tgt_keep: &tkeep };
        let inner = self.align_units(&s, &t, Some(&originals))?;
        let beads = restore_blanks(&inner.beads, (&skeep, &tkeep), (src.len(), tgt.len()));
        Ok(Alignment { beads, src_len: src.len(), tgt_len: tgt.len(), word_pairs: inner.word_pairs })
    }

    /// Aligns the sentences of `src` with those of `tgt`, all of them.
    /// When the two are `originals` without their blank sentences, a cost of
    /// one's own ([`ExtraCost`]) sees the original documents and indices.
    fn align_units(
        &self,
        src: &Document<'_>,
        tgt: &Document<'_>,
        originals: Option<&Originals<'_>>,
    ) -> Result<Alignment> {
        let (n, m) = (src.len(), tgt.len());
        let mut shared = Shared::default();
        self.report("analysing words");
        let (mut src_side, mut tgt_side) = Side::analyse_pair(src, tgt, &mut shared);
        self.report("building anchor concepts");
        let lengths = |d: &Document<'_>| d.sentences().iter().map(|s| s.chars()).collect();
        let mut problem = Problem::units(
            (lengths(src), lengths(tgt)),
            (src_side.punct.clone(), tgt_side.punct.clone()),
            Concepts::build(&src_side, &tgt_side, &shared, &Lexicon::empty(0)),
        );
        (problem.src_para_end, problem.tgt_para_end) = (paragraph_ends(src), paragraph_ends(tgt));
        trace_memory(&format!(
            "concepts built ({n} + {m} sentences, sides {} + {} MB, concepts {} MB)",
            src_side.heap_bytes() >> 20,
            tgt_side.heap_bytes() >> 20,
            problem.concepts.heap_bytes() >> 20
        ));
        let dict_lex =
            self.dictionary.as_ref().and_then(|d| d.lexicon_for((src.lang(), tgt.lang()), &src_side, &tgt_side));
        if let Some(lex) = &dict_lex {
            problem.concepts = Concepts::build(&src_side, &tgt_side, &shared, lex);
        }
        let mut variance = 6.8;
        let mut ratio = self.length_ratio(&problem, variance)?;
        if self.config.turns_first && src.has_speakers() && tgt.has_speakers() {
            self.report("aligning speaker turns");
            problem.groups = Some(self.turn_groups(src, tgt, &problem.concepts, ratio)?);
        }
        let passes = if self.config.learn_lexicon { 2 } else { 1 };
        // the sides' words are read only to build concepts: once the last
        // concepts are built, a long book need not hold them any more
        if passes == 1 {
            src_side.drop_words();
            tgt_side.drop_words();
        }
        let mut beads = Vec::new();
        let mut used = dict_lex.clone().unwrap_or_default();
        // the second pass prices bead kinds by how often the first found them
        let mut tuned = self.clone();
        let own = self.extra.as_deref().map(|cost| OwnCost::new(cost, src, tgt, originals));
        let own_fn = own.as_ref().map(|o| move |i0: usize, i1: usize, j0: usize, j1: usize| o.cost(i0, i1, j0, j1));
        let extra: Option<&search::ExtraFn<'_>> = own_fn.as_ref().map(|f| f as &search::ExtraFn<'_>);
        for pass in 0..passes {
            self.report(if pass == 0 { "aligning sentences (first pass)" } else { "aligning sentences (second pass)" });
            let kind = if pass + 1 == passes { Pass::Scored } else { Pass::Draft };
            let pieces = tuned.search(&problem, ratio, variance, extra, kind);
            if pass + 1 == passes {
                // the last search is done: its concepts go before its
                // pieces are joined, which a long book holds twice
                problem.concepts = Concepts::default();
            }
            let joined = pieces.map(search::join_pieces);
            beads = match &own {
                Some(own) => own.check(joined)?,
                None => joined?,
            };
            if pass + 1 < passes {
                let sides = (&mut src_side, &mut tgt_side);
                let draft = std::mem::take(&mut beads);
                let lesson = self.learn_from_draft(draft, sides, &shared, &dict_lex, &mut problem, (ratio, variance));
                tuned.config.priors = lesson.priors;
                (ratio, variance) = lesson.length;
                used = lesson.lexicon;
            }
        }
        trace_memory("aligned");
        let word_pairs = word_pairs(&used, &src_side, &tgt_side);
        Ok(Alignment { beads, src_len: n, tgt_len: m, word_pairs })
    }

    /// What the first pass (a draft) teaches the second: bead priors, a
    /// lexicon learned from its 1:1 beads (with the dictionary's pairs), the
    /// length model (from `length`: ratio and variance) and the paragraph
    /// weight. The concepts of `problem` are built again with that lexicon,
    /// and the sides' words let go.
    fn learn_from_draft(
        &self,
        draft: Vec<Bead>,
        (src_side, tgt_side): (&mut Side, &mut Side),
        shared: &Shared,
        dict_lex: &Option<Lexicon>,
        problem: &mut Problem,
        length: (f64, f64),
    ) -> Lesson {
        self.report("learning a lexicon from the first pass");
        // the lexicon, and the priors and paragraph agreement beside it
        // (they allocate nothing)
        let learn = || {
            let ones: Vec<(usize, usize)> =
                draft.iter().filter(|b| b.kind() == (1, 1)).map(|b| (b.src.start, b.tgt.start)).collect();
            let mut lexicon = Lexicon::learn(src_side, tgt_side, &ones, 2, 0.3, 3);
            if let Some(d) = dict_lex {
                lexicon.merge(d);
            }
            lexicon
        };
        let rest = || {
            let priors =
                Priors::from_array(bead_priors(&draft, &self.config.priors.to_array(), self.config.prior_strength));
            (priors, paragraph_agreement(&draft, problem))
        };
        let (lexicon, (priors, agreement)) = rayon::join(learn, rest);
        problem.para_weight = self.config.paragraph_weight * agreement;
        // after the lexicon, whose tables are gone: on a long book, a copy
        // of the 1:1 beads' lengths beside them raised the peak
        let length = length_model(&draft, &problem.src_chars, &problem.tgt_chars, length.0, length.1);
        // the draft's beads and the old concepts go before the new
        // concepts are built: a long book must not hold both
        drop(draft);
        problem.concepts = Concepts::default();
        problem.concepts = Concepts::build(src_side, tgt_side, shared, &lexicon);
        src_side.drop_words();
        tgt_side.drop_words();
        trace_memory(&format!("concepts rebuilt ({} MB)", problem.concepts.heap_bytes() >> 20));
        Lesson { priors, lexicon, length }
    }

    /// The ratio of target to source length that the length cost expects.
    ///
    /// One edition with many more sentences than the other: the ratio of
    /// the total lengths is wrong when the surplus is text present in one
    /// edition only (one edition five times longer), and the ratio of the
    /// mean sentence lengths is wrong when the same text is split into
    /// more sentences. The one whose alignment costs less is kept.
    fn length_ratio(&self, problem: &Problem, variance: f64) -> Result<f64> {
        let (n, m) = (problem.n(), problem.m());
        let (ls, lt): (usize, usize) = (problem.src_chars.iter().sum(), problem.tgt_chars.iter().sum());
        let ratio = if ls > 0 && lt > 0 { lt as f64 / ls as f64 } else { 1.0 };
        let per_sentence = if n > 0 && m > 0 { ratio * n as f64 / m as f64 } else { ratio };
        if (per_sentence / ratio).max(ratio / per_sentence) <= 1.5 {
            return Ok(ratio);
        }
        self.report("estimating the length ratio");
        // without long beads, which would let the wrong ratio join the
        // surplus to the sentences it lengthens
        let short = self.without_long_beads();
        let cost = |r: f64| -> Result<f64> {
            Ok(search::join_pieces(short.search(problem, r, variance, None, Pass::Draft)?).iter().map(|b| b.cost).sum())
        };
        Ok(if cost(per_sentence)? < cost(ratio)? { per_sentence } else { ratio })
    }

    /// Aligns the speaker turns (all utterances) of two transcripts and
    /// returns the sentence groups they make.
    fn turn_groups(
        &self,
        src: &Document<'_>,
        tgt: &Document<'_>,
        concepts: &Concepts,
        ratio: f64,
    ) -> Result<Vec<Rect>> {
        let units = |d: &Document<'_>| -> Vec<std::ops::Range<usize>> {
            d.utterances().iter().map(|u| u.sentences()).collect()
        };
        let (su, tu) = (units(src), units(tgt));
        let chars = |d: &Document<'_>, us: &[std::ops::Range<usize>]| -> Vec<usize> {
            us.iter().map(|r| d.sentences()[r.clone()].iter().map(|s| s.chars()).sum()).collect()
        };
        let (sn, tn) = (turns::names(src), turns::names(tgt));
        // the speaker relation has a cell for each pair of names: with too
        // many names (a glossary in capitals reads like a transcript), the
        // sentences are aligned without turns
        if sn.names.len().saturating_mul(tn.names.len()) > MAX_SPEAKER_PAIRS {
            return Ok(vec![Rect { i0: 0, i1: src.len(), j0: 0, j1: tgt.len() }]);
        }
        // turns are not priced by their punctuation
        let punct = (vec![[0u8; 5]; su.len()], vec![[0u8; 5]; tu.len()]);
        let mut problem = Problem::units((chars(src, &su), chars(tgt, &tu)), punct, concepts.grouped(&su, &tu));
        problem.speakers = Some(turns::speakers(&sn, &tn, &[]));
        let first = search::join_pieces(self.search(&problem, ratio, 6.8, None, Pass::Draft)?);
        let learned = turns::learn_map(&first, &sn, &tn);
        problem.speakers = Some(turns::speakers(&sn, &tn, &learned));
        let beads = search::join_pieces(self.search(&problem, ratio, 6.8, None, Pass::Exact)?);
        Ok(turns::groups(&beads, &su, &tu))
    }
}

/// When the environment variable `BITEXT_TRACE_MEMORY` is set, prints the
/// process's resident memory now and at its peak (Linux's `VmRSS` and
/// `VmHWM`) at `stage` to standard error, with the seconds since the first
/// stage and the process's CPU time so far (clock ticks, all threads): where
/// the memory and the time of a long alignment go, measured rather than
/// guessed.
pub(crate) fn trace_memory(stage: &str) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("BITEXT_TRACE_MEMORY").is_some()) {
        return;
    }
    static FIRST: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let wall = FIRST.get_or_init(std::time::Instant::now).elapsed().as_secs_f64();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> String {
        status.lines().find_map(|l| l.strip_prefix(name)).map_or_else(|| "?".into(), |v| v.trim().to_string())
    };
    // the process's CPU time (user and system, all threads), in clock ticks
    // (fields 14 and 15 of /proc/self/stat, after the command's name)
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let ticks: u64 = stat
        .rsplit(')')
        .next()
        .map_or(0, |rest| rest.split_whitespace().skip(11).take(2).filter_map(|x| x.parse::<u64>().ok()).sum());
    eprintln!("memory: {wall:7.2} s, CPU {ticks:6} ticks: {stage}: now {}, peak {}", field("VmRSS:"), field("VmHWM:"));
}

/// What a draft alignment teaches the next pass
/// ([`Aligner::learn_from_draft`]).
struct Lesson {
    /// Bead priors from the draft's bead kinds.
    priors: Priors,
    /// Word pairs learned from the draft's 1:1 beads, with the dictionary's.
    lexicon: Lexicon,
    /// The length model: ratio and variance.
    length: (f64, f64),
}

/// A cost of one's own that is not a finite number: the cost, and the
/// source and target sentences it was asked about.
type NotFinite = (f64, Range<usize>, Range<usize>);

/// A cost of one's own ([`ExtraCost`]) as the search asks it, over the
/// sentences aligned (`originals` maps them back when blank sentences were
/// left out), watched for values that are not numbers.
struct OwnCost<'a> {
    cost: &'a dyn ExtraCost,
    docs: (&'a Document<'a>, &'a Document<'a>),
    originals: Option<&'a Originals<'a>>,
    /// The first cost that was not finite.
    not_finite: std::sync::Mutex<Option<NotFinite>>,
}

impl<'a> OwnCost<'a> {
    fn new(
        cost: &'a dyn ExtraCost,
        src: &'a Document<'a>,
        tgt: &'a Document<'a>,
        originals: Option<&'a Originals<'a>>,
    ) -> OwnCost<'a> {
        OwnCost { cost, docs: (src, tgt), originals, not_finite: std::sync::Mutex::new(None) }
    }

    /// The cost of the bead of sentences `i0..i1` and `j0..j1`.
    fn cost(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (s, t, c) = match self.originals {
            Some(o) => {
                let (s, t) = (o.src_range(i0..i1), o.tgt_range(j0..j1));
                let c = self.cost.cost(o.src, s.clone(), o.tgt, t.clone());
                (s, t, c)
            }
            None => (i0..i1, j0..j1, self.cost.cost(self.docs.0, i0..i1, self.docs.1, j0..j1)),
        };
        if !c.is_finite() {
            let mut first = self.not_finite.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            first.get_or_insert((c, s, t));
        }
        c
    }

    /// `result`, or the error that names the cost when it was NaN or
    /// -inf (which break the search), or +inf where no path was left
    /// (+inf forbids a bead).
    fn check(&self, result: Result<Vec<Bead>>) -> Result<Vec<Bead>> {
        match self.not_finite.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            Some((c, s, t)) if c.is_nan() || c < 0.0 || result.is_err() => Err(crate::error::Error::invalid(format!(
                "the cost of one's own (ExtraCost) is {c} for source sentences {s:?} and target sentences {t:?}; \
                 it must be a number (+inf forbids a bead, but here no path was left)"
            ))),
            _ => result,
        }
    }
}

/// The lexicon's pairs as (source stem, target stem), sorted.
fn word_pairs(lex: &Lexicon, src: &Side, tgt: &Side) -> Vec<(String, String)> {
    let (ss, ts) = (&src.stem_names, &tgt.stem_names);
    let mut pairs: Vec<(String, String)> = lex
        .tgt_to_src
        .iter()
        .enumerate()
        .flat_map(|(t, srcs)| srcs.iter().map(move |&s| (ss[s as usize].clone(), ts[t].clone())))
        .collect();
    pairs.sort();
    pairs
}

/// Two documents whose blank sentences were left out of the alignment:
/// the originals, and the index there of each sentence kept.
struct Originals<'a> {
    src: &'a Document<'a>,
    tgt: &'a Document<'a>,
    src_keep: &'a [usize],
    tgt_keep: &'a [usize],
}

impl Originals<'_> {
    /// The original source indices of kept sentences `r`.
    fn src_range(&self, r: Range<usize>) -> Range<usize> {
        original_range(self.src_keep, self.src.len(), r)
    }
    /// The original target indices of kept sentences `r`.
    fn tgt_range(&self, r: Range<usize>) -> Range<usize> {
        original_range(self.tgt_keep, self.tgt.len(), r)
    }
}

/// The original indices of kept sentences `r` (`keep[k]` is the original
/// index of kept sentence `k`, of `len` in all): from the first to the last,
/// blank ones between included; an empty range stands before the next kept
/// sentence.
fn original_range(keep: &[usize], len: usize, r: Range<usize>) -> Range<usize> {
    if r.is_empty() {
        let at = keep.get(r.start).copied().unwrap_or(len);
        return at..at;
    }
    keep[r.start]..keep[r.end - 1] + 1
}

/// The beads of an alignment of documents without their blank sentences,
/// with the blank ones put back (see [`Aligner::align`]): `keep` holds the
/// original index of each sentence kept, `len` the original lengths.
fn restore_blanks(beads: &[Bead], keep: (&[usize], &[usize]), len: (usize, usize)) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len() + len.0 - keep.0.len() + len.1 - keep.1.len());
    // the blank sentences src[i..i1] and tgt[j..j1], as beads of their own
    let blanks = |out: &mut Vec<Bead>, (i, i1): (usize, usize), (j, j1): (usize, usize)| {
        let paired = (i1 - i).min(j1 - j);
        let bead = |src: Range<usize>, tgt: Range<usize>| Bead { src, tgt, cost: 0.0, confidence: 1.0 };
        out.extend((0..paired).map(|k| bead(i + k..i + k + 1, j + k..j + k + 1)));
        out.extend((i + paired..i1).map(|a| bead(a..a + 1, j1..j1)));
        out.extend((j + paired..j1).map(|b| bead(i1..i1, b..b + 1)));
    };
    let (mut i, mut j) = (0, 0);
    for b in beads {
        let s = if b.src.is_empty() { i..i } else { original_range(keep.0, len.0, b.src.clone()) };
        let t = if b.tgt.is_empty() { j..j } else { original_range(keep.1, len.1, b.tgt.clone()) };
        blanks(&mut out, (i, s.start), (j, t.start));
        (i, j) = (s.end, t.end);
        out.push(Bead { src: s, tgt: t, ..b.clone() });
    }
    blanks(&mut out, (i, len.0), (j, len.1));
    out
}
