//! The `bitext` command line.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bitext::{export, AlignConfig, Aligner, Dictionary, Document, InputMode, Lang, Segmenter};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "bitext", version, about = "Line up two editions of a text, sentence by sentence and turn by turn")]
struct Cli {
    /// Worker threads (default: one per core). Results are identical
    /// whatever the number.
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split one edition into speaker turns and sentences.
    Segment {
        /// The file to segment (UTF-8).
        file: PathBuf,
        /// Language code (ru, en, de, fr, ...); detected from the script when absent.
        #[arg(long)]
        lang: Option<String>,
        /// `text`: running text; `lines`: one sentence a line.
        #[arg(long, default_value = "text")]
        input: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
        format: SegmentFormat,
    },
    /// Align two editions sentence by sentence.
    Align {
        /// The source edition (for example the Russian original).
        src: PathBuf,
        /// The target edition (for example the English translation).
        tgt: PathBuf,
        /// Language of SRC; detected when absent.
        #[arg(long)]
        src_lang: Option<String>,
        /// Language of TGT; detected when absent.
        #[arg(long)]
        tgt_lang: Option<String>,
        /// `text`: running text; `lines`: one sentence a line.
        #[arg(long, default_value = "text")]
        input: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AlignFormat::Json)]
        format: AlignFormat,
        /// Largest bead side (2 or 3).
        #[arg(long, default_value_t = 2)]
        max_bead: usize,
        /// `auto`: an installed Debian dictionary for the pair (mueller7,
        /// FreeDict); `none`: no dictionary; or a file (TSV `source<TAB>target`,
        /// or a dictd `.index`). Repeat to combine files.
        #[arg(long = "dict", default_value = "auto")]
        dict: Vec<String>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
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
    /// Score the aligner against the gold alignments of a data folder.
    Eval {
        /// The folder with `textberg-dev/` and `ru-en/` (as in ../shared/data).
        #[arg(default_value = "../shared/data")]
        data: PathBuf,
        /// Only these sets (textberg-dev, wmt21, bible-nt, chekhov); all when absent.
        #[arg(long = "set")]
        sets: Vec<String>,
        /// A floors file (`set label F1` a line): exit non-zero when a set falls below its floor.
        #[arg(long)]
        floors: Option<PathBuf>,
        /// The label of this run in the floors file (default: `dict` with a
        /// dictionary, `nodict` without).
        #[arg(long)]
        label: Option<String>,
        /// `auto` (installed Debian dictionaries) or `none`.
        #[arg(long, default_value = "auto")]
        dict: String,
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

/// How `find` and `audit` read and align the two editions.
#[derive(clap::Args)]
struct PairArgs {
    /// Language of SRC; detected when absent.
    #[arg(long)]
    src_lang: Option<String>,
    /// Language of TGT; detected when absent.
    #[arg(long)]
    tgt_lang: Option<String>,
    /// `text`: running text; `lines`: one sentence a line.
    #[arg(long, default_value = "text")]
    input: String,
    /// `auto`, `none` or a file, as for `bitext align`; also used for the word highlights of `find`.
    #[arg(long = "dict", default_value = "auto")]
    dict: Vec<String>,
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
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("bitext: --threads must be at least 1");
            return ExitCode::FAILURE;
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n).build_global() {
            eprintln!("bitext: cannot start {n} threads: {e}");
            return ExitCode::FAILURE;
        }
    }
    let result = match cli.command {
        Command::Segment { file, lang, input, format } => segment(&file, lang.as_deref(), &input, format),
        Command::Align { src, tgt, src_lang, tgt_lang, input, format, max_bead, dict, output } => {
            let opts = AlignOpts { src_lang, tgt_lang, input, format, max_bead, dict, output };
            align(&src, &tgt, &opts)
        }
        Command::Find { src, tgt, query, context, edition, consecutive, format, pair } => {
            let edition = edition.map(|e| match e {
                EditionArg::Src => bitext::Edition::Source,
                EditionArg::Tgt => bitext::Edition::Target,
            });
            find(&src, &tgt, &query, &pair, FindArgs { context, edition, consecutive, format })
        }
        Command::Audit { src, tgt, min_confidence, format, pair } => audit(&src, &tgt, &pair, min_confidence, format),
        Command::Eval { data, sets, floors, label, dict } => eval(&data, &sets, floors.as_deref(), label, &dict),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // a closed pipe (`bitext ... | head`) is not an error
            if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            eprintln!("bitext: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn pick_lang(given: Option<&str>, text: &str, path: &Path) -> Result<Lang, Box<dyn std::error::Error>> {
    match given {
        Some(code) => Ok(code.parse()?),
        None => Lang::detect(text).ok_or_else(|| {
            format!("cannot tell the language of {} (no letters); give it with --lang", path.display()).into()
        }),
    }
}

struct AlignOpts {
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    input: String,
    format: AlignFormat,
    max_bead: usize,
    dict: Vec<String>,
    output: Option<PathBuf>,
}

/// The dictionary that `--dict` asks for, oriented `src` → `tgt`.
fn dictionary(choices: &[String], src: Lang, tgt: Lang) -> Result<Option<Dictionary>, Box<dyn std::error::Error>> {
    let wants = |w: &str| choices.len() == 1 && choices[0] == w;
    if choices.is_empty() || wants("auto") {
        return match Dictionary::auto(src, tgt) {
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
    let mut pairs = Vec::new();
    for c in choices {
        if c == "auto" || c == "none" {
            return Err(format!("--dict {c} cannot be combined with other --dict values").into());
        }
        let path = Path::new(c);
        // a Debian dictionary says its direction by its name; anything else
        // is read as SRC -> TGT
        let (fs, ft) = path
            .parent()
            .and_then(|dir| Dictionary::find_installed(dir, src, tgt).filter(|(p, _, _)| same_dict(p, path)))
            .map_or((src, tgt), |(_, a, b)| (a, b));
        let d = Dictionary::load(path, fs, ft)?;
        let d = if (fs, ft) == (src, tgt) { d } else { d.reversed() };
        eprintln!("bitext: using the dictionary {c} ({} pairs)", d.len());
        pairs.extend(d.pairs().map(|(a, b)| (a.to_string(), b.to_string())));
    }
    Ok(Some(Dictionary::from_pairs(src, tgt, pairs)))
}

/// True when two paths name the same dictd dictionary (`x.index`, `x.dict.dz`, `x`).
fn same_dict(a: &Path, b: &Path) -> bool {
    let stem = |p: &Path| -> String {
        let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        n.trim_end_matches(".dz").trim_end_matches(".dict").trim_end_matches(".index").to_string()
    };
    stem(a) == stem(b)
}

fn align(src_path: &Path, tgt_path: &Path, o: &AlignOpts) -> CliResult {
    let start = std::time::Instant::now();
    if !(2..=3).contains(&o.max_bead) {
        return Err(format!("--max-bead must be 2 or 3, not {}", o.max_bead).into());
    }
    let src_bytes = read(src_path)?;
    let tgt_bytes = read(tgt_path)?;
    let src_text = bitext::check_text(&src_bytes).map_err(|e| format!("{}: {e}", src_path.display()))?;
    let tgt_text = bitext::check_text(&tgt_bytes).map_err(|e| format!("{}: {e}", tgt_path.display()))?;
    let mode: InputMode = o.input.parse()?;
    let src_lang = pick_lang(o.src_lang.as_deref(), src_text, src_path)?;
    let tgt_lang = pick_lang(o.tgt_lang.as_deref(), tgt_text, tgt_path)?;
    // the two editions are segmented at the same time
    let (src, tgt) = rayon::join(
        || Segmenter::new(src_lang).input(mode).segment(src_text),
        || Segmenter::new(tgt_lang).input(mode).segment(tgt_text),
    );
    let config = AlignConfig { max_bead: o.max_bead, ..AlignConfig::default() };
    let mut aligner = Aligner::new(config);
    // progress on stderr for long runs, when a person watches it
    let progress = std::io::IsTerminal::is_terminal(&io::stderr()) || std::env::var_os("BITEXT_PROGRESS").is_some();
    if progress && src.len() + tgt.len() > 20_000 {
        eprintln!("bitext: {} + {} sentences segmented ({:.1} s)", src.len(), tgt.len(), start.elapsed().as_secs_f64());
        aligner =
            aligner.with_progress(move |stage| eprintln!("bitext: {:>6.1} s  {stage}", start.elapsed().as_secs_f64()));
    }
    if let Some(d) = dictionary(&o.dict, src_lang, tgt_lang)? {
        aligner = aligner.with_dictionary(&d);
    }
    let alignment = aligner.align(&src, &tgt)?;
    let mut out: Box<dyn Write> = match &o.output {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot write {}: {e}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    match o.format {
        AlignFormat::Json => export::write_json(&alignment, &src, &tgt, &mut out)?,
        AlignFormat::Tsv => export::write_tsv(&alignment, &src, &tgt, &mut out)?,
        AlignFormat::Vecalign => export::write_vecalign(&alignment, &mut out)?,
        AlignFormat::Jsonl => export::write_jsonl(&alignment, &src, &tgt, &mut out)?,
        AlignFormat::Tmx => export::write_tmx(&alignment, &src, &tgt, &mut out)?,
        AlignFormat::Html => {
            let title = format!("{} ~ {}", file_name(src_path), file_name(tgt_path));
            let options = export::HtmlOptions::default().title(title);
            export::write_html_with(&alignment, &src, &tgt, &options, &mut out)?
        }
    }
    out.flush()?;
    Ok(())
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
    let src_text = bitext::check_text(src_bytes).map_err(|e| format!("{}: {e}", src_path.display()))?;
    let tgt_text = bitext::check_text(tgt_bytes).map_err(|e| format!("{}: {e}", tgt_path.display()))?;
    let mode: InputMode = p.input.parse()?;
    let src_lang = pick_lang(p.src_lang.as_deref(), src_text, src_path)?;
    let tgt_lang = pick_lang(p.tgt_lang.as_deref(), tgt_text, tgt_path)?;
    let src = Segmenter::new(src_lang).input(mode).segment(src_text);
    let tgt = Segmenter::new(tgt_lang).input(mode).segment(tgt_text);
    let dict = dictionary(&p.dict, src_lang, tgt_lang)?;
    let mut aligner = Aligner::new(AlignConfig::default());
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
    format: ReportFormat,
}

fn find(src_path: &Path, tgt_path: &Path, query: &str, p: &PairArgs, f: FindArgs) -> CliResult {
    if !query.chars().any(char::is_alphanumeric) {
        return Err(format!("the query {query:?} has no word or number to find").into());
    }
    let (sb, tb) = (read(src_path)?, read(tgt_path)?);
    let Loaded { src, tgt, dict, alignment } = read_pair(src_path, tgt_path, &sb, &tb, p)?;
    let options = bitext::FindOptions::default()
        .context(f.context)
        .edition(f.edition)
        .consecutive(f.consecutive)
        .dictionary(dict.as_ref());
    let hits = bitext::find(&alignment, &src, &tgt, query, &options);
    let stdout = io::stdout();
    let terminal = io::IsTerminal::is_terminal(&stdout) && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(stdout.lock());
    match f.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &export::hits_json(query, &hits, &src, &tgt))?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            let (sl, tl) = (src.lang(), tgt.lang());
            let count = |e| hits.iter().filter(|h| h.edition == e).count();
            let (ns, nt) = (count(bitext::Edition::Source), count(bitext::Edition::Target));
            if hits.is_empty() {
                writeln!(
                    out,
                    "no sentence of {} ({sl}) or {} ({tl}) matches {query:?}",
                    file_name(src_path),
                    file_name(tgt_path)
                )?;
            } else {
                let s = if hits.len() == 1 { "" } else { "es" };
                writeln!(out, "{} match{s} for {query:?}: {ns} in {sl}, {nt} in {tl}\n", hits.len())?;
                let marks = if terminal { bitext::query::Marks::Colours } else { bitext::query::Marks::Brackets };
                bitext::query::write_hits(&hits, &src, &tgt, marks, &mut out)?;
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
    let (sb, tb) = (read(src_path)?, read(tgt_path)?);
    let Loaded { src, tgt, alignment, .. } = read_pair(src_path, tgt_path, &sb, &tb, p)?;
    let options = bitext::AuditOptions::default().min_confidence(min_confidence);
    let report = bitext::audit(&alignment, &src, &tgt, &options);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &export::audit_json(&report, &src, &tgt))?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            let names = (file_name(src_path), file_name(tgt_path));
            bitext::audit::write_report(&report, &src, &tgt, (&names.0, &names.1), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn eval(data: &Path, sets: &[String], floors: Option<&Path>, label: Option<String>, dict: &str) -> CliResult {
    if dict != "auto" && dict != "none" {
        return Err(format!("bitext eval takes --dict auto or --dict none, not {dict}").into());
    }
    // one aligner a language pair of the data, with its dictionary if asked
    let mut aligners: Vec<((Lang, Lang), Aligner)> = Vec::new();
    let mut with_dict = false;
    for pair in [(Lang::German, Lang::French), (Lang::Russian, Lang::English)] {
        let mut a = Aligner::new(AlignConfig::default());
        if let Some(d) = dictionary(&[dict.to_string()], pair.0, pair.1)? {
            a = a.with_dictionary(&d);
            with_dict = true;
        }
        aligners.push((pair, a));
    }
    let label = label.unwrap_or_else(|| if with_dict { "dict" } else { "nodict" }.to_string());
    let label = label.as_str();
    let plain = Aligner::new(AlignConfig::default());
    let aligner_for = |s: &Document<'_>, t: &Document<'_>| -> &Aligner {
        aligners.iter().find(|(p, _)| *p == (s.lang(), t.lang())).map_or(&plain, |(_, a)| a)
    };
    let reports = bitext::eval::run(data, sets, |s, t| aligner_for(s, t).align(s, t))?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "aligner: bitext {} ({label})", env!("CARGO_PKG_VERSION"))?;
    bitext::eval::write_table(&reports, &mut out)?;
    if let Some(path) = floors {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let floors = bitext::eval::read_floors(&text, &path.to_string_lossy())?;
        let failed = bitext::eval::check_floors(&reports, label, &floors);
        if !failed.is_empty() {
            return Err(format!("below the floor:\n  {}", failed.join("\n  ")).into());
        }
        writeln!(out, "all sets at or above their {label} floors ({})", path.display())?;
    }
    Ok(())
}

fn segment(path: &Path, lang: Option<&str>, input: &str, format: SegmentFormat) -> CliResult {
    let bytes = read(path)?;
    let text = bitext::check_text(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let lang = pick_lang(lang, text, path)?;
    let mode: InputMode = input.parse()?;
    let doc = Segmenter::new(lang).input(mode).segment(text);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        SegmentFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &document_json(&doc))?;
            writeln!(out)?;
        }
        SegmentFormat::Text => write_turns(&mut out, &doc)?,
    }
    out.flush()?;
    Ok(())
}

/// The JSON form of a document; field names are a contract.
fn document_json(doc: &Document<'_>) -> serde_json::Value {
    use serde_json::json;
    let sentences: Vec<_> = doc
        .sentences()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "start": s.start(),
                "end": s.end(),
                "body_start": s.body_start(),
                "chars": s.chars(),
                "utterance": s.utterance(),
                "paragraph": s.paragraph(),
                "speaker": doc.speaker(i),
                "kind": s.kind().as_str(),
                "text": doc.sentence_text(i),
            })
        })
        .collect();
    let utterances: Vec<_> = doc
        .utterances()
        .iter()
        .map(|u| {
            json!({
                "start": u.start(),
                "end": u.end(),
                "kind": format!("{:?}", u.kind()).to_lowercase(),
                "speaker": u.speaker(),
                "aside": u.aside().map(|r| &doc.text()[r]),
                "sentences": [u.sentences().start, u.sentences().end],
                "paragraphs": [u.paragraphs().start, u.paragraphs().end],
            })
        })
        .collect();
    json!({ "lang": doc.lang().code(), "sentences": sentences, "utterances": utterances })
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
    Ok(())
}
