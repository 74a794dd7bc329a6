//! The `bitext` command line.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use bitext::{export, AlignConfig, Aligner, Dictionary, Document, InputMode, Lang, Segmenter};
use clap::{Parser, Subcommand, ValueEnum};

// Pieces of the command line that are not alignment: reading the files the
// user names, writing outputs safely, keeping the terminal clean.
#[cfg(test)]
#[path = "../../tests/it/shared_data.rs"]
#[macro_use]
mod shared_data;
mod batch;
mod eval;
// the command allocates from many threads at once (batch, the aligner)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `purge_delay` (its number in `mi_option_t`, the same
/// in its versions 2 and 3): how many milliseconds freed memory waits
/// before it goes back to the system.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// mimalloc's option `arena_eager_commit` (its number in `mi_option_t`,
/// the same in its versions 2 and 3): whether the memory it reserves for an
/// arena is committed (and cleared by the kernel) at once.
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

unsafe extern "C" {
    /// Sets one of mimalloc's options (`mi_option_set` of its C API, in
    /// the allocator linked above).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Freed memory goes back to the system after 10 ms, not mimalloc 3's one
/// second: the stages of a long alignment each free hundreds of megabytes
/// that the next would otherwise add to (a million sentences a side: 1.07
/// GB peak with the default, 0.99 GB with this, before the aligner itself
/// held less). Only for long inputs: on Text+Berg x10 to x40 the memory
/// given back and touched again cost 5 to 10 % more CPU time. The
/// environment's `MIMALLOC_PURGE_DELAY` still wins.
fn purge_freed_memory_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an option of the allocator, which any thread may do
        // at any time; the number is a valid option
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

/// Arena memory is committed as it is used, not all at once: a small run
/// no longer pays the kernel for clearing pages it never touches. Measured
/// on this machine, means of 4 to 5 runs, `--dict none`: NT x2 peak 123 ->
/// 60 MB and system time 0.072 -> 0.040 s; Text+Berg x20 peak 119 -> 48
/// MB, system time 0.048 -> 0.017 s; NT x19 the same within noise. The
/// environment's `MIMALLOC_ARENA_EAGER_COMMIT` still wins.
///
/// It runs before `main` (from `.init_array`, as C constructors do): the
/// allocator reserves its first arena at the first allocation, which
/// comes before `main`, so it must not allocate itself (it reads the
/// environment with `getenv`).
extern "C" fn commit_arenas_lazily() {
    unsafe extern "C" {
        fn getenv(name: *const std::ffi::c_char) -> *const std::ffi::c_char;
    }
    // SAFETY: `getenv` reads the environment with a NUL-terminated name
    // and allocates nothing; `mi_option_set` sets an option of the
    // allocator, which any thread may do at any time, with a valid number
    unsafe {
        if getenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr()).is_null() {
            mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        }
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_ARENAS_LAZILY: extern "C" fn() = commit_arenas_lazily;

mod input;
mod output;
mod terminal;

use input::{read_input, MB};
use output::Output;

#[derive(Parser)]
#[command(name = "bitext", version, about = "Line up two editions of a text, sentence by sentence and turn by turn")]
struct Cli {
    /// Worker threads (default: one per core; at most 8 times the cores,
    /// or 64 when that is more). Results are identical whatever the number.
    #[arg(long, global = true, value_parser = thread_count)]
    threads: Option<usize>,
    /// The largest input, in megabytes (after decompression, for a gzip
    /// file): a bigger one is refused before it is read.
    #[arg(long, global = true, default_value_t = 1024, value_parser = at_least_one)]
    max_input_mb: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split one edition into speaker turns and sentences.
    Segment {
        /// The file to segment (UTF-8).
        file: PathBuf,
        /// Language: any ISO 639-1 code (ru, en, de, fr, he, ar, el, zh,
        /// ja, ko, ...) or English name; detected from the script when
        /// absent. Words are stemmed in ar da de el en es fi fr hu it nl no
        /// pt ro ru sv ta tr; ru, en, de, fr and el have rules of their own;
        /// any other language is segmented by the generic Unicode rules.
        #[arg(long, value_parser = lang_code)]
        lang: Option<String>,
        /// `text`: running text; `lines`: one sentence a line.
        #[arg(long, default_value = "text", value_parser = input_mode)]
        input: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
        format: SegmentFormat,
        /// The longest sentence, in characters: longer ones are cut at
        /// whitespace (with `--input lines`, a longer line is an error).
        #[arg(long, default_value_t = Segmenter::DEFAULT_MAX_SENTENCE_CHARS, value_parser = at_least_one)]
        max_sentence_chars: usize,
    },
    /// Align two editions sentence by sentence.
    Align {
        /// The source edition (for example the Russian original).
        src: PathBuf,
        /// The target edition (for example the English translation).
        tgt: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AlignFormat::Json)]
        format: AlignFormat,
        /// Largest bead side (2 or 3).
        #[arg(long, default_value_t = 2)]
        max_bead: usize,
        /// Write here instead of standard output: to a temporary file beside
        /// it, renamed over it once all is written (a failed or interrupted
        /// run leaves an older file as it was); never one of the inputs.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Find a quote in either edition and show it with its aligned counterpart.
    Find {
        /// The source edition (for example the Russian original).
        src: PathBuf,
        /// The target edition (for example the English translation).
        tgt: PathBuf,
        /// The words to find (case, ё/е, quotes, dashes and word endings do not matter).
        query: String,
        /// Pairs of context before and after each hit.
        #[arg(long, default_value_t = 1)]
        context: usize,
        /// Search only this edition (default: the one written in the query's script, else both).
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
        /// The query's words must be next to each other (default: in order, anywhere in the sentence).
        #[arg(long)]
        consecutive: bool,
        /// Only exact matches: every word of the query, in order, inside one sentence (default: exact
        /// matches first, then the passages that come closest, ranked).
        #[arg(long)]
        exact: bool,
        /// At most this many ranked passages (exact matches are all shown); 0 shows only exact matches.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Search only with the query's own words (default: also the edition in the other language,
        /// with the query's words translated through the dictionary and the alignment).
        #[arg(long)]
        no_translate: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Show where two editions diverge: passages in one edition only, unsure
    /// beads, speaker and number mismatches.
    Audit {
        /// The source edition (for example the Russian original).
        src: PathBuf,
        /// The target edition (for example the English translation).
        tgt: PathBuf,
        /// Beads below this confidence are flagged.
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Draw the alignment as an SVG picture: source sentences across,
    /// target sentences up, the beads as a path coloured by confidence,
    /// with passages in one edition only, speaker turns, low-confidence
    /// regions and the audit's findings marked. Its size is bounded (42
    /// KB for the New Testament repeated to 100,000 sentences a side).
    Plot {
        /// The source edition (for example the Russian original).
        src: PathBuf,
        /// The target edition (for example the English translation).
        tgt: PathBuf,
        /// Write here instead of standard output, as `align -o` does.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Beads below this confidence are drawn as doubtful and flagged.
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f64,
        /// Rows and columns of the grid the picture is drawn on (1 to 4096):
        /// each stands for a run of consecutive sentences of its edition.
        #[arg(long, default_value_t = 600)]
        resolution: usize,
        /// Make each finding a link to its row of this HTML page (as
        /// written by `bitext align --format html -o PAGE`).
        #[arg(long, value_name = "PAGE")]
        links: Option<String>,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Align a corpus: many document pairs, one JSON object a line
    /// (`{"id", "src", "tgt"}`, optional `src_lang`, `tgt_lang`, `input`;
    /// other fields passed through), aligned on all cores and written in
    /// input order, one line a document. A bad line or a document that
    /// fails gives `{"id", "line", "error"}` and the run goes on.
    Batch {
        /// The JSON Lines file (gzip-compressed or not); standard input when
        /// absent or `-`.
        file: Option<PathBuf>,
        /// Output format: `json` (JSON Lines: each document's `src`, `tgt`
        /// and `pairs` as `bitext align --format json`), `tsv` (id, source,
        /// target, confidence, a bead a line) or `tmx` (the id in
        /// `x-document`).
        #[arg(long, default_value = "json", value_parser = batch_format)]
        format: bitext::batch::Format,
        /// Largest bead side (2 or 3).
        #[arg(long, default_value_t = 2)]
        max_bead: usize,
        /// Write here instead of standard output (to a temporary file
        /// renamed over it once all is written).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// `text`: running text; `lines`: one sentence a line (a record's
        /// `input` field overrides it).
        #[arg(long, default_value = "text", value_parser = input_mode)]
        input: String,
        /// `auto`: an installed Debian dictionary for each language pair;
        /// `none`; or files (TSV or dictd `.index`), repeated to combine.
        /// Loaded once for the whole run, shared by all threads.
        #[arg(long = "dict", default_value = "auto")]
        dict: Vec<String>,
        /// The most documents read and not yet written (memory is bounded
        /// by this many documents); default 128 per thread.
        #[arg(long, value_parser = at_least_one)]
        window: Option<usize>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Score the aligner against the gold alignments of a data folder.
    Eval {
        /// The folder with `textberg-dev/` and `ru-en/` (as in ../shared/data).
        #[arg(default_value = "../shared/data")]
        data: PathBuf,
        /// Only these sets (textberg-dev, wmt21, wmt23, bible-nt, chekhov); all when absent.
        #[arg(long = "set")]
        sets: Vec<String>,
        /// A floors file (`set label F1` a line; the set may be a domain row such as
        /// wmt23/review): exit non-zero when a set falls below its floor.
        #[arg(long)]
        floors: Option<PathBuf>,
        /// The label of this run in the floors file (default: `dict` with a
        /// dictionary, `nodict` without).
        #[arg(long)]
        label: Option<String>,
        /// `auto` (installed Debian dictionaries) or `none`.
        #[arg(long, default_value = "auto")]
        dict: String,
        /// Write every predicted bead scored wrong to this file, with its
        /// sentences and the gold blocks they belong to (one `## ` line a bead).
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        /// Aligner settings to try, as JSON (the fields of `AlignConfig`,
        /// such as `{"max_long_bead": 3}`; a missing field keeps its default).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Exit non-zero when the bead confidences of a ru-en set (a whole
        /// set, not a domain row) have an expected calibration error above this.
        #[arg(long, value_name = "ECE")]
        max_ece: Option<f64>,
        /// Exit non-zero when fewer than this share of a ru-en set's beads
        /// with confidence 0.9 or more are correct.
        #[arg(long, value_name = "SHARE")]
        min_confident_accuracy: Option<f64>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AlignFormat {
    Json,
    Tsv,
    Vecalign,
    Jsonl,
    Tmx,
    Html,
}

/// Caps that keep memory and time bounded on bad input.
#[derive(clap::Args, Clone, Copy)]
struct LimitArgs {
    /// The longest sentence, in characters: longer ones are cut at
    /// whitespace (with `--input lines`, a longer line is an error).
    #[arg(long, default_value_t = Segmenter::DEFAULT_MAX_SENTENCE_CHARS, value_parser = at_least_one)]
    max_sentence_chars: usize,
    /// The most dynamic-programming cells one piece of the alignment may
    /// fill (about 120 bytes each); beyond it the command stops with an error
    /// before allocating.
    #[arg(long, default_value_t = AlignConfig::default().max_cells, value_parser = at_least_one)]
    max_cells: usize,
}

/// A language code, checked while the command line is read (a wrong one is
/// a usage error: exit 2, with the valid codes).
fn lang_code(code: &str) -> Result<String, String> {
    code.parse::<Lang>().map(|_| code.to_string()).map_err(|e| e.to_string())
}

/// A format of `bitext batch`, checked while the command line is read.
fn batch_format(format: &str) -> Result<bitext::batch::Format, String> {
    format.parse().map_err(|e: bitext::Error| e.to_string())
}

/// An input mode, checked while the command line is read.
fn input_mode(mode: &str) -> Result<String, String> {
    mode.parse::<InputMode>().map(|_| mode.to_string()).map_err(|e| e.to_string())
}

/// A count that must be at least 1 (a limit), checked while the command
/// line is read.
fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// The most worker threads `--threads` accepts: 8 times the cores, and
/// never less than 64.
fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).saturating_mul(8).max(64)
}

/// A thread count between 1 and [`max_threads`], checked while the command
/// line is read.
fn thread_count(value: &str) -> Result<usize, String> {
    let n = at_least_one(value)?;
    let limit = max_threads();
    if n > limit {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        return Err(format!(
            "must be at most {limit} (8 times the {cores} cores of this machine, and never less than 64)"
        ));
    }
    Ok(n)
}

/// How `align`, `find`, `audit` and `plot` read and align the two editions.
#[derive(clap::Args)]
struct PairArgs {
    /// Language of SRC: any ISO 639-1 code (ru, en, he, zh, ...) or
    /// English name; detected from the script when absent (see `bitext
    /// segment --help` for what each language gets).
    #[arg(long, value_parser = lang_code)]
    src_lang: Option<String>,
    /// Language of TGT, as for --src-lang; detected when absent.
    #[arg(long, value_parser = lang_code)]
    tgt_lang: Option<String>,
    /// `text`: running text; `lines`: one sentence a line.
    #[arg(long, default_value = "text", value_parser = input_mode)]
    input: String,
    /// `auto`: an installed Debian dictionary for the pair (mueller7,
    /// FreeDict); `none`: no dictionary; or a file (TSV `source<TAB>target`,
    /// or a dictd `.index`). Repeat to combine files. `find` also uses it
    /// for its word highlights.
    #[arg(long = "dict", default_value = "auto")]
    dict: Vec<String>,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum EditionArg {
    Src,
    Tgt,
}

#[derive(Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    MAX_INPUT_BYTES.get_or_init(|| (cli.max_input_mb as u64).saturating_mul(MB));
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n).build_global() {
            eprintln!("bitext: cannot start {n} threads: {e}");
            return ExitCode::FAILURE;
        }
    }
    let result = match cli.command {
        Command::Segment { file, lang, input, format, max_sentence_chars } => {
            segment(&file, lang.as_deref(), &input, format, max_sentence_chars)
        }
        Command::Align { src, tgt, format, max_bead, output, pair } => {
            let opts = AlignOpts { format, max_bead, output, pair };
            align(&src, &tgt, &opts)
        }
        Command::Find { src, tgt, query, context, edition, consecutive, exact, limit, no_translate, format, pair } => {
            let edition = edition.map(|e| match e {
                EditionArg::Src => bitext::Edition::Source,
                EditionArg::Tgt => bitext::Edition::Target,
            });
            let translate = !no_translate;
            find(&src, &tgt, &query, &pair, FindArgs { context, edition, consecutive, exact, limit, translate, format })
        }
        Command::Audit { src, tgt, min_confidence, format, pair } => audit(&src, &tgt, &pair, min_confidence, format),
        Command::Plot { src, tgt, output, min_confidence, resolution, links, pair } => {
            let options = bitext::PlotOptions::default()
                .resolution(resolution)
                .title(format!("{} ~ {}", file_name(&src), file_name(&tgt)))
                .audit(bitext::AuditOptions::default().min_confidence(min_confidence));
            let options = match links {
                Some(page) => options.links(page),
                None => options,
            };
            plot(&src, &tgt, &pair, output.as_deref(), &options)
        }
        Command::Batch { file, format, max_bead, output, input, dict, window, limits } => {
            batch::batch(batch::BatchArgs {
                file,
                output,
                format,
                max_bead,
                input,
                dict,
                max_sentence_chars: limits.max_sentence_chars,
                max_cells: limits.max_cells,
                window,
                max_line_bytes: (cli.max_input_mb as u64).saturating_mul(MB),
            })
        }
        Command::Eval { data, sets, floors, label, dict, errors, config, max_ece, min_confident_accuracy } => {
            let opts = EvalOpts {
                floors: floors.as_deref(),
                label,
                dict: &dict,
                errors: errors.as_deref(),
                config: config.as_deref(),
                calibration: (max_ece, min_confident_accuracy),
            };
            eval(&data, &sets, opts)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // a closed pipe (`bitext ... | head`) is not an error
            let pipe = e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
                || e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
                    == Some(io::ErrorKind::BrokenPipe);
            if pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("bitext: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// `--max-input-mb` in bytes, set once the command line is read.
static MAX_INPUT_BYTES: OnceLock<u64> = OnceLock::new();

/// Reads a whole input file (decompressed, when gzip-compressed); the error
/// says which file and what to do.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    read_input(path, MAX_INPUT_BYTES.get().copied().unwrap_or(1024 * MB))
}

/// Reads the two editions at the same time (copying and decompressing a
/// large file is work the main thread would otherwise do alone); a
/// failure of the source is the one reported when both fail.
fn read_both(src_path: &Path, tgt_path: &Path) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (src, tgt) = rayon::join(|| read(src_path), || read(tgt_path));
    Ok((src?, tgt?))
}

/// Standard output, buffered, with control characters made visible when it
/// is a terminal (see [`terminal`]).
fn stdout_writer() -> io::BufWriter<Box<dyn Write>> {
    let stdout = io::stdout().lock();
    let inner: Box<dyn Write> =
        if terminal::stdout_is_terminal() { Box::new(terminal::Visible::new(stdout)) } else { Box::new(stdout) };
    io::BufWriter::new(inner)
}

/// The language of a file's text, given by `flag` or detected: `None`
/// for a blank text without a given language (for `segment`).
fn pick_lang(
    given: Option<&str>,
    text: &str,
    path: &Path,
    flag: &str,
) -> Result<Option<Lang>, Box<dyn std::error::Error>> {
    let given = given.map(str::parse::<Lang>).transpose()?;
    if given.is_none() && text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Ok(None);
    }
    match bitext::pair_langs(text, "", (given, None)) {
        Ok((lang, _)) => Ok(Some(lang)),
        Err(_) => Err(no_letters(path, flag).into()),
    }
}

/// The error for a text whose language cannot be told.
fn no_letters(path: &Path, flag: &str) -> String {
    format!("cannot tell the language of {} (no letters); give it with {flag}", path.display())
}

/// Two editions read from `src_path` and `tgt_path`, checked, segmented
/// (at the same time, by [`bitext::segment_pair`]) with the warnings a
/// person should see: an empty edition, both editions in one language, one
/// much longer than the other.
fn segment_pair<'a>(
    (src_path, src_bytes): (&Path, &'a [u8]),
    (tgt_path, tgt_bytes): (&Path, &'a [u8]),
    (src_lang, tgt_lang): (Option<&str>, Option<&str>),
    input: &str,
    limits: LimitArgs,
) -> Result<(Document<'a>, Document<'a>), Box<dyn std::error::Error>> {
    // checked at the same time, the source's error first
    let (src_text, tgt_text) = rayon::join(|| bitext::check_text(src_bytes), || bitext::check_text(tgt_bytes));
    let src_text = src_text.map_err(|e| format!("{}: {e}", src_path.display()))?;
    let tgt_text = tgt_text.map_err(|e| format!("{}: {e}", tgt_path.display()))?;
    let mode: InputMode = input.parse()?;
    let given = (src_lang.map(str::parse::<Lang>).transpose()?, tgt_lang.map(str::parse::<Lang>).transpose()?);
    let (sl, tl) = bitext::pair_langs(src_text, tgt_text, given).map_err(|e| match e {
        bitext::Edition::Source => no_letters(src_path, "--src-lang"),
        bitext::Edition::Target => no_letters(tgt_path, "--tgt-lang"),
    })?;
    let (src, tgt) =
        bitext::segment_pair((src_text, tgt_text), (sl, tl), mode, limits.max_sentence_chars).map_err(|(e, err)| {
            let path = if e == bitext::Edition::Source { src_path } else { tgt_path };
            format!("{}: {err}", path.display())
        })?;
    let (sn, tn) = (src_path.display(), tgt_path.display());
    // blank lines (`--input lines`) are sentences without text
    let has_text = |d: &Document<'_>| (0..d.len()).any(|i| !d.is_blank(i));
    let texts = |d: &Document<'_>| (0..d.len()).filter(|&i| !d.is_blank(i)).count();
    for (doc, path, other, other_doc) in [(&src, &sn, &tn, &tgt), (&tgt, &tn, &sn, &src)] {
        if !has_text(doc) {
            let rest = if !has_text(other_doc) {
                "the alignment is empty".to_string()
            } else {
                format!("each of the {} sentences of {other} comes out unaligned", texts(other_doc))
            };
            eprintln!("bitext: warning: {path} holds no text (it is empty or blank); {rest}");
        }
    }
    if sl == tl && has_text(&src) && has_text(&tgt) {
        let how = if src_lang.is_some() && tgt_lang.is_some() { "are given as" } else { "both look like" };
        eprintln!(
            "bitext: warning: the two editions {how} {} ({}); bitext aligns a text with its translation, \
             so check that {sn} and {tn} are the editions you meant (or give --src-lang and --tgt-lang); \
             aligning anyway",
            lang_name(sl),
            sl.code()
        );
    }
    let chars = |d: &Document<'_>| d.sentences().iter().map(|s| s.chars()).sum::<usize>();
    let (sc, tc) = (chars(&src), chars(&tgt));
    if sc > 0 && tc > 0 && sc.max(tc) >= 4 * sc.min(tc) {
        let (long, short, ratio) =
            if sc > tc { (&sn, &tn, sc as f64 / tc as f64) } else { (&tn, &sn, tc as f64 / sc as f64) };
        eprintln!(
            "bitext: note: {long} is {ratio:.1} times as long as {short}; the text of one edition \
             without a counterpart in the other comes out as unaligned beads (1:0 or 0:1)"
        );
    }
    Ok((src, tgt))
}

/// The English name of a language, for messages.
fn lang_name(lang: Lang) -> &'static str {
    lang.name()
}

struct AlignOpts {
    format: AlignFormat,
    max_bead: usize,
    output: Option<PathBuf>,
    pair: PairArgs,
}

/// The dictionary that `--dict` asks for, oriented `src` → `tgt`.
fn dictionary(choices: &[String], src: Lang, tgt: Lang) -> Result<Option<Dictionary>, Box<dyn std::error::Error>> {
    let wants = |w: &str| choices.len() == 1 && choices[0] == w;
    if choices.is_empty() || wants("auto") {
        return match Dictionary::auto(src, tgt).transpose() {
            Some(Ok((d, path))) => {
                eprintln!(
                    "bitext: using the dictionary {} ({} pairs) for {src}-{tgt}; --dict none turns it off",
                    path.display(),
                    d.len()
                );
                Ok(Some(d))
            }
            Some(Err(e)) => Err(e.into()),
            None => Ok(None),
        };
    }
    if wants("none") {
        return Ok(None);
    }
    if let Some(c) = choices.iter().find(|c| *c == "auto" || *c == "none") {
        return Err(format!("--dict {c} cannot be combined with other --dict values").into());
    }
    let paths: Vec<&Path> = choices.iter().map(Path::new).collect();
    for path in &paths {
        check_dictionary_path(path)?;
    }
    // a Debian dictionary says its direction by its name; anything else is
    // read as SRC -> TGT
    let d = Dictionary::from_files(&paths, src, tgt)?;
    eprintln!("bitext: using the dictionary {} ({} pairs)", choices.join(", "), d.len());
    Ok(Some(d))
}

/// What `--dict` takes, for messages.
const DICT_KINDS: &str = "a dictionary file is a TSV of word pairs (`source<TAB>target` a line) or a dictd \
                          `.index` with its `.dict` or `.dict.dz` beside it; `--dict auto` and `--dict none` \
                          also work";

/// Checks that a `--dict` file exists and is a file, with a message that
/// names the option and says what a dictionary file is.
fn check_dictionary_path(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(format!("--dict {}: it is a folder; {DICT_KINDS}", path.display())),
        Ok(_) => Ok(()),
        // a dictd dictionary may be named without its ending
        Err(e) if e.kind() == io::ErrorKind::NotFound && !path.with_extension("index").is_file() => {
            Err(format!("--dict {}: no such file; {DICT_KINDS}", path.display()))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("--dict {}: cannot read it: {e}; {DICT_KINDS}", path.display())),
    }
}

fn align(src_path: &Path, tgt_path: &Path, o: &AlignOpts) -> CliResult {
    let start = std::time::Instant::now();
    if !(2..=3).contains(&o.max_bead) {
        return Err(format!("--max-bead must be 2 or 3, not {}", o.max_bead).into());
    }
    let (src_bytes, tgt_bytes) = read_both(src_path, tgt_path)?;
    let output = checked_output(o.output.as_deref(), src_path, tgt_path, &o.pair)?;
    align_to(src_path, tgt_path, (&src_bytes, &tgt_bytes), o, start, output.as_ref())
}

/// The output of a command that reads `src_path`, `tgt_path` and the
/// dictionaries of `pair`, checked before the work (a folder, a missing
/// folder, one of the inputs) so that it is written only once everything
/// has succeeded.
fn checked_output(
    output: Option<&Path>,
    src_path: &Path,
    tgt_path: &Path,
    pair: &PairArgs,
) -> Result<Option<Output>, String> {
    let Some(path) = output else { return Ok(None) };
    let dicts = dictionary_files(&pair.dict);
    let mut inputs = vec![("the source edition", src_path), ("the target edition", tgt_path)];
    inputs.extend(dicts.iter().map(|d| ("the dictionary", d.as_path())));
    Output::check(path, &inputs).map(Some)
}

/// The files that `--dict` values name (a dictd `.index` with its `.dict`
/// and `.dict.dz`), for the check that an output does not replace one.
fn dictionary_files(choices: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for c in choices.iter().filter(|c| *c != "auto" && *c != "none") {
        let stem = c.strip_suffix(".index").or_else(|| c.strip_suffix(".dict.dz")).or_else(|| c.strip_suffix(".dict"));
        let stem = stem.unwrap_or(c);
        out.extend([".index", ".dict", ".dict.dz"].map(|end| PathBuf::from(format!("{stem}{end}"))));
        out.push(PathBuf::from(c));
    }
    out
}

/// Two editions of this many bytes or more (a few hundred thousand
/// sentences) are aligned with the allocator set for memory rather than
/// speed (see [`without_huge_pages`] and [`purge_freed_memory_soon`]).
const LONG_INPUT: usize = 32 << 20;

/// Asks Linux for no more transparent huge pages in this process: a 2 MiB
/// page for every partly used region of the allocator made a
/// million-sentence alignment 1.09 GB at its peak instead of 0.91 GB. Small
/// inputs keep them: with 4 KiB pages, Text+Berg x10 took 10 times as many
/// page faults and 12 % more CPU time.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::{c_int, c_ulong};
        /// `prctl`'s option that sets the process's "no THP" flag.
        const PR_SET_THP_DISABLE: c_int = 41;
        unsafe extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        // SAFETY: a process-wide flag with plain integer arguments; a
        // kernel without it answers EINVAL, which changes nothing
        unsafe { prctl(PR_SET_THP_DISABLE, 1 as c_ulong, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong) };
    }
}

fn align_to(
    src_path: &Path,
    tgt_path: &Path,
    (src_bytes, tgt_bytes): (&[u8], &[u8]),
    o: &AlignOpts,
    start: std::time::Instant,
    output: Option<&Output>,
) -> CliResult {
    if src_bytes.len() + tgt_bytes.len() >= LONG_INPUT {
        without_huge_pages();
        purge_freed_memory_soon();
    }
    let (src, tgt) = segment_pair(
        (src_path, src_bytes),
        (tgt_path, tgt_bytes),
        (o.pair.src_lang.as_deref(), o.pair.tgt_lang.as_deref()),
        &o.pair.input,
        o.pair.limits,
    )?;
    let (src_lang, tgt_lang) = (src.lang(), tgt.lang());
    let config = AlignConfig::default().max_bead(o.max_bead).max_cells(o.pair.limits.max_cells);
    let mut aligner = Aligner::new(config);
    // progress on stderr for long runs, when a person watches it
    let progress = std::io::IsTerminal::is_terminal(&io::stderr()) || std::env::var_os("BITEXT_PROGRESS").is_some();
    if progress && src.len() + tgt.len() > 20_000 {
        eprintln!("bitext: {} + {} sentences segmented ({:.1} s)", src.len(), tgt.len(), start.elapsed().as_secs_f64());
        aligner =
            aligner.with_progress(move |stage| eprintln!("bitext: {:>6.1} s  {stage}", start.elapsed().as_secs_f64()));
    }
    if let Some(d) = dictionary(&o.pair.dict, src_lang, tgt_lang)? {
        aligner = aligner.with_dictionary(&d);
    }
    let alignment = aligner.align(&src, &tgt)?;
    match output {
        Some(output) => {
            Ok(output.write(|out| write_alignment(&alignment, &src, &tgt, (src_path, tgt_path), o.format, out))?)
        }
        None => {
            let mut out = stdout_writer();
            write_alignment(&alignment, &src, &tgt, (src_path, tgt_path), o.format, &mut out)?;
            Ok(out.flush()?)
        }
    }
}

/// Writes `alignment` in `format`.
fn write_alignment(
    alignment: &bitext::Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    (src_path, tgt_path): (&Path, &Path),
    format: AlignFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        AlignFormat::Json => export::write_json(alignment, src, tgt, out),
        AlignFormat::Tsv => export::write_tsv(alignment, src, tgt, out),
        AlignFormat::Vecalign => export::write_vecalign(alignment, out),
        AlignFormat::Jsonl => export::write_jsonl(alignment, src, tgt, out),
        AlignFormat::Tmx => export::write_tmx(alignment, src, tgt, out),
        AlignFormat::Html => {
            let title = format!("{} ~ {}", file_name(src_path), file_name(tgt_path));
            let options = export::HtmlOptions::default().title(title);
            export::write_html_with(alignment, src, tgt, &options, out)
        }
    }
}

/// The last part of a path, for titles.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Two editions read, segmented and aligned, for `find` and `audit`.
struct Loaded<'a> {
    src: Document<'a>,
    tgt: Document<'a>,
    dict: Option<Dictionary>,
    alignment: bitext::Alignment,
}

/// Reads, segments and aligns the two editions of `find` and `audit`.
fn read_pair<'a>(
    src_path: &Path,
    tgt_path: &Path,
    src_bytes: &'a [u8],
    tgt_bytes: &'a [u8],
    p: &PairArgs,
) -> Result<Loaded<'a>, Box<dyn std::error::Error>> {
    let (src, tgt) = segment_pair(
        (src_path, src_bytes),
        (tgt_path, tgt_bytes),
        (p.src_lang.as_deref(), p.tgt_lang.as_deref()),
        &p.input,
        p.limits,
    )?;
    let dict = dictionary(&p.dict, src.lang(), tgt.lang())?;
    let mut aligner = Aligner::new(AlignConfig::default().max_cells(p.limits.max_cells));
    if let Some(d) = &dict {
        aligner = aligner.with_dictionary(d);
    }
    let alignment = aligner.align(&src, &tgt)?;
    Ok(Loaded { src, tgt, dict, alignment })
}

struct FindArgs {
    context: usize,
    edition: Option<bitext::Edition>,
    consecutive: bool,
    exact: bool,
    limit: usize,
    translate: bool,
    format: ReportFormat,
}

fn find(src_path: &Path, tgt_path: &Path, query: &str, p: &PairArgs, f: FindArgs) -> CliResult {
    if !query.chars().any(char::is_alphanumeric) {
        return Err(format!("the query {query:?} has no word or number to find").into());
    }
    let (sb, tb) = read_both(src_path, tgt_path)?;
    let Loaded { src, tgt, dict, alignment } = read_pair(src_path, tgt_path, &sb, &tb, p)?;
    let options = bitext::FindOptions::default()
        .context(f.context)
        .edition(f.edition)
        .consecutive(f.consecutive)
        .exact(f.exact)
        .limit(f.limit)
        .translate(f.translate)
        .dictionary(dict.as_ref());
    let hits = bitext::find(&alignment, &src, &tgt, query, &options)?;
    // on a terminal, text with control characters is filtered (see
    // `terminal`), which would take the colours' escapes too: it gets brackets
    let terminal = terminal::stdout_is_terminal();
    let controls = terminal::has_controls(src.text()) || terminal::has_controls(tgt.text());
    let colours = terminal && !controls && std::env::var_os("NO_COLOR").is_none();
    let mut out: io::BufWriter<Box<dyn Write>> =
        if colours { io::BufWriter::new(Box::new(io::stdout().lock())) } else { stdout_writer() };
    match f.format {
        ReportFormat::Json => {
            export::write_hits_json(query, &hits, &src, &tgt, &mut out)?;
        }
        ReportFormat::Text => {
            let (sl, tl) = (src.lang(), tgt.lang());
            let count = |e| hits.iter().filter(|h| h.edition == e && h.is_match).count();
            let (ns, nt) = (count(bitext::Edition::Source), count(bitext::Edition::Target));
            let names = (file_name(src_path), file_name(tgt_path));
            let matches = hits.iter().filter(|h| h.is_match).count();
            if hits.is_empty() {
                let what = if f.exact { "sentence" } else { "passage" };
                writeln!(out, "no {what} of {} ({sl}) or {} ({tl}) matches {query:?}", names.0, names.1)?;
            } else {
                if matches == 0 {
                    writeln!(
                        out,
                        "no passage of {} ({sl}) or {} ({tl}) matches {query:?} (score {} or more); the closest:\n",
                        names.0,
                        names.1,
                        bitext::query::MATCH_THRESHOLD
                    )?;
                } else {
                    let exact = hits.iter().filter(|h| h.exact).count();
                    let s = if matches == 1 { "" } else { "es" };
                    writeln!(
                        out,
                        "{matches} match{s} for {query:?}: {ns} in {sl}, {nt} in {tl} ({exact} exact, {} ranked)\n",
                        matches - exact
                    )?;
                }
                let marks = if colours { bitext::export::Marks::Colours } else { bitext::export::Marks::Brackets };
                bitext::export::write_hits(&hits, &src, &tgt, marks, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn audit(src_path: &Path, tgt_path: &Path, p: &PairArgs, min_confidence: f64, format: ReportFormat) -> CliResult {
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(format!("--min-confidence must lie in [0, 1], not {min_confidence}").into());
    }
    let (sb, tb) = read_both(src_path, tgt_path)?;
    let Loaded { src, tgt, alignment, .. } = read_pair(src_path, tgt_path, &sb, &tb, p)?;
    let options = bitext::AuditOptions::default().min_confidence(min_confidence);
    let report = bitext::audit(&alignment, &src, &tgt, &options)?;
    let mut out = stdout_writer();
    match format {
        ReportFormat::Json => {
            export::write_audit_json(&report, &src, &tgt, &mut out)?;
        }
        ReportFormat::Text => {
            let names = (file_name(src_path), file_name(tgt_path));
            bitext::export::write_report(&report, &src, &tgt, (&names.0, &names.1), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn plot(
    src_path: &Path,
    tgt_path: &Path,
    p: &PairArgs,
    output: Option<&Path>,
    options: &bitext::PlotOptions,
) -> CliResult {
    let min_confidence = options.audit.min_confidence;
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(format!("--min-confidence must lie in [0, 1], not {min_confidence}").into());
    }
    if !(1..=bitext::MAX_RESOLUTION).contains(&options.resolution) {
        return Err(
            format!("--resolution must lie in 1..={}, not {}", bitext::MAX_RESOLUTION, options.resolution).into()
        );
    }
    let output = checked_output(output, src_path, tgt_path, p)?;
    let (sb, tb) = read_both(src_path, tgt_path)?;
    let Loaded { src, tgt, alignment, .. } = read_pair(src_path, tgt_path, &sb, &tb, p)?;
    let svg = bitext::plot_svg(&alignment, &src, &tgt, options)?;
    match output {
        Some(output) => Ok(output.write(|out| out.write_all(svg.as_bytes()))?),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(svg.as_bytes())?;
            Ok(out.flush()?)
        }
    }
}

/// The options of `bitext eval` besides the data and the sets.
struct EvalOpts<'a> {
    floors: Option<&'a Path>,
    label: Option<String>,
    dict: &'a str,
    errors: Option<&'a Path>,
    config: Option<&'a Path>,
    /// Most ECE and least accuracy of confident beads, for ru-en sets.
    calibration: (Option<f64>, Option<f64>),
}

fn eval(data: &Path, sets: &[String], o: EvalOpts<'_>) -> CliResult {
    let EvalOpts { floors, label, dict, errors, config, calibration } = o;
    let config_path = config;
    let config: AlignConfig = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: not aligner settings: {e}", path.display()))?
        }
        None => AlignConfig::default(),
    };
    if dict != "auto" && dict != "none" {
        return Err(format!("bitext eval takes --dict auto or --dict none, not {dict}").into());
    }
    // one aligner a language pair of the data, with its dictionary if asked
    let mut aligners: Vec<((Lang, Lang), Aligner)> = Vec::new();
    let mut with_dict = false;
    for pair in [(Lang::German, Lang::French), (Lang::Russian, Lang::English)] {
        let mut a = Aligner::new(config.clone());
        if let Some(d) = dictionary(&[dict.to_string()], pair.0, pair.1)? {
            a = a.with_dictionary(&d);
            with_dict = true;
        }
        aligners.push((pair, a));
    }
    let label = label.unwrap_or_else(|| if with_dict { "dict" } else { "nodict" }.to_string());
    let label = label.as_str();
    let plain = Aligner::new(config);
    let aligner_for = |s: &Document<'_>, t: &Document<'_>| -> &Aligner {
        aligners.iter().find(|(p, _)| *p == (s.lang(), t.lang())).map_or(&plain, |(_, a)| a)
    };
    // the errors file is checked first, so that a bad path fails before
    // the work, and written whole once the work is done
    let errors = match errors {
        Some(path) => {
            let inputs: Vec<(&str, &Path)> = [("the floors file", floors), ("the settings file", config_path)]
                .into_iter()
                .flat_map(|(w, p)| p.map(|p| (w, p)))
                .collect();
            Some(Output::check(path, &inputs)?)
        }
        None => None,
    };
    let evaluation = eval::evaluate(data, sets, |s, t| aligner_for(s, t).align(s, t))?;
    let reports = &evaluation.reports;
    if let Some(output) = errors {
        output.write(|file| eval::write_errors(&evaluation.wrong, file))?;
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "aligner: bitext {} ({label})", env!("CARGO_PKG_VERSION"))?;
    eval::write_table(reports, &mut out)?;
    if let Some(path) = floors {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let floors = eval::read_floors(&text, &path.to_string_lossy())?;
        let failed = eval::check_floors(reports, label, &floors);
        if !failed.is_empty() {
            return Err(format!("below the floor:\n  {}", failed.join("\n  ")).into());
        }
        writeln!(out, "all sets at or above their {label} floors ({})", path.display())?;
    }
    if let (None, None) = calibration {
        return Ok(());
    }
    let failed = eval::check_calibration(reports, calibration.0, calibration.1);
    if !failed.is_empty() {
        return Err(format!("calibration:\n  {}", failed.join("\n  ")).into());
    }
    writeln!(out, "ru-en confidences calibrated within the limits")?;
    Ok(())
}

fn segment(path: &Path, lang: Option<&str>, input: &str, format: SegmentFormat, max_chars: usize) -> CliResult {
    let bytes = read(path)?;
    let text = bitext::check_text(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mode: InputMode = input.parse()?;
    let lang = pick_lang(lang, text, path, "--lang")?;
    if lang.is_none() {
        eprintln!("bitext: warning: {} holds no text (it is empty or blank)", path.display());
    }
    let lang = lang.unwrap_or(Lang::English);
    let doc = Segmenter::new(lang)
        .input(mode)
        .max_sentence_chars(max_chars)
        .try_segment(text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = stdout_writer();
    match format {
        SegmentFormat::Json => export::write_document_json(&doc, &mut out)?,
        SegmentFormat::Text => write_turns(&mut out, &doc)?,
    }
    out.flush()?;
    Ok(())
}

fn write_turns(out: &mut impl Write, doc: &Document<'_>) -> io::Result<()> {
    for (ui, u) in doc.utterances().iter().enumerate() {
        let who = match (u.speaker(), u.aside()) {
            (Some(s), Some(a)) => format!("{s} ({})", &doc.text()[a]),
            (Some(s), None) => s.to_string(),
            (None, _) => format!("[{:?}]", u.kind()).to_lowercase(),
        };
        writeln!(out, "{ui:>4}  {who}")?;
        for si in u.sentences() {
            writeln!(out, "      {si:>5}  {}", doc.sentence_clean_text(si))?;
        }
    }
    // page numbers and footnote marks, left out of the sentences' words
    for m in doc.marks() {
        let span = m.span();
        writeln!(out, "[{}]  {}..{}  {}", m.kind().as_str(), span.start, span.end, &doc.text()[span.clone()])?;
    }
    Ok(())
}
