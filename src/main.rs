//! The `bitext` command line.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bitext::{export, AlignConfig, Aligner, Document, InputMode, Lang, Segmenter};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "bitext", version, about = "Line up two editions of a text, sentence by sentence and turn by turn")]
struct Cli {
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
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
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
        /// The label of this run in the floors file.
        #[arg(long, default_value = "nodict")]
        label: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AlignFormat {
    Json,
    Tsv,
    Vecalign,
}

#[derive(Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Segment { file, lang, input, format } => segment(&file, lang.as_deref(), &input, format),
        Command::Align { src, tgt, src_lang, tgt_lang, input, format, max_bead, output } => {
            let opts = AlignOpts { src_lang, tgt_lang, input, format, max_bead, output };
            align(&src, &tgt, &opts)
        }
        Command::Eval { data, sets, floors, label } => eval(&data, &sets, floors.as_deref(), &label),
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
    output: Option<PathBuf>,
}

fn align(src_path: &Path, tgt_path: &Path, o: &AlignOpts) -> CliResult {
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
    let src = Segmenter::new(src_lang).input(mode).segment(src_text);
    let tgt = Segmenter::new(tgt_lang).input(mode).segment(tgt_text);
    let config = AlignConfig { max_bead: o.max_bead, ..AlignConfig::default() };
    let alignment = Aligner::new(config).align(&src, &tgt)?;
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
    }
    out.flush()?;
    Ok(())
}

fn eval(data: &Path, sets: &[String], floors: Option<&Path>, label: &str) -> CliResult {
    let aligner = Aligner::new(AlignConfig::default());
    let reports = bitext::eval::run(data, sets, |s, t| aligner.align(s, t))?;
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
