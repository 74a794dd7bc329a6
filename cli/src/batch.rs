//! `bitext batch`: a corpus of document pairs, one JSON object a line,
//! aligned on all cores by [`bitext::batch`], written in input order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bitext::batch::{Aligners, Batch, DictChoice, Format, RunOptions, Summary};
use bitext::{AlignConfig, InputMode};

use crate::output::Output;
use crate::CliResult;

/// What `bitext batch` was asked.
pub struct BatchArgs {
    pub file: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub format: Format,
    pub max_bead: usize,
    pub input: String,
    pub dict: Vec<String>,
    pub max_sentence_chars: usize,
    pub max_cells: usize,
    pub window: Option<usize>,
    pub max_line_bytes: u64,
}

/// The input: a file (gzip-compressed or not) or standard input.
fn open(file: Option<&Path>) -> Result<(Box<dyn BufRead>, String), String> {
    let (reader, name): (Box<dyn Read>, String) = match file {
        None => (Box::new(io::stdin().lock()), "standard input".to_string()),
        Some(p) if p == Path::new("-") => (Box::new(io::stdin().lock()), "standard input".to_string()),
        Some(p) => {
            let f = File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            if f.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(format!("{} is a folder; bitext batch reads a JSON Lines file", p.display()));
            }
            (Box::new(f), p.display().to_string())
        }
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let head = reader.fill_buf().map_err(|e| format!("cannot read {name}: {e}"))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(reader);
        return Ok((Box::new(BufReader::with_capacity(1 << 16, gz)), name));
    }
    Ok((Box::new(reader), name))
}

pub fn batch(a: BatchArgs) -> CliResult {
    if !(2..=3).contains(&a.max_bead) {
        return Err(format!("--max-bead must be 2 or 3, not {}", a.max_bead).into());
    }
    let dict = DictChoice::from_values(&a.dict)?;
    if let DictChoice::Files(paths) = &dict {
        for p in paths {
            crate::check_dictionary_path(p)?;
        }
    }
    let mode: InputMode = a.input.parse()?;
    let output = output_file(&a)?;
    let (reader, name) = open(a.file.as_deref())?;
    let config = AlignConfig::default().max_bead(a.max_bead).max_cells(a.max_cells);
    let batch = Arc::new(
        Batch::new(Aligners::new(config, dict)).input(mode).max_sentence_chars(a.max_sentence_chars).format(a.format),
    );
    let mut options = RunOptions::default();
    if let Some(w) = a.window {
        options.window = w;
    }
    options.max_line_bytes = usize::try_from(a.max_line_bytes).unwrap_or(usize::MAX);
    let progress = io::stderr().is_terminal() || std::env::var_os("BITEXT_PROGRESS").is_some();
    let mut last = Instant::now();
    let mut shown = false;
    let mut report = |s: &Summary| {
        if progress && last.elapsed().as_millis() >= 500 {
            last = Instant::now();
            shown = true;
            eprint!(
                "\rbitext: {} documents, {} errors, {:.0} documents/s   ",
                s.documents,
                s.errors,
                s.documents_per_second()
            );
        }
    };
    let mut failure = None;
    let mut summary = None;
    let run = |mut w: &mut dyn Write| -> io::Result<()> {
        match batch.run(reader, &mut w, &name, &options, &mut report) {
            Ok(s) => {
                summary = Some(s);
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                failure = Some(e);
                Err(io::Error::other(message))
            }
        }
    };
    let written = match &output {
        Some(out) => out.write(|w| run(w)),
        None => {
            let stdout = io::stdout();
            let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            // the error is in `failure`
            let _ = run(&mut w);
            Ok(())
        }
    };
    if shown {
        eprintln!();
    }
    if let Some(e) = failure {
        // a closed pipe (`bitext batch ... | head`) is not an error
        let pipe = std::error::Error::source(&e)
            .and_then(|s| s.downcast_ref::<io::Error>())
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
        if pipe {
            return Ok(());
        }
        return Err(e.into());
    }
    written?;
    tell_the_end(&batch, summary);
    Ok(())
}

/// The `--output` file, checked before any work (it must not be the input
/// or a dictionary); `None` for standard output.
fn output_file(a: &BatchArgs) -> Result<Option<Output>, Box<dyn std::error::Error>> {
    let Some(path) = &a.output else {
        return Ok(None);
    };
    let mut inputs = Vec::new();
    if let Some(f) = a.file.as_deref().filter(|f| *f != Path::new("-")) {
        inputs.push(("the input", f));
    }
    let dicts = crate::dictionary_files(&a.dict);
    inputs.extend(dicts.iter().map(|d| ("the dictionary", d.as_path())));
    Ok(Some(Output::check(path, &inputs)?))
}

/// Tells on standard error which dictionaries the run used and what it did:
/// documents, errors, the last errors.
fn tell_the_end(batch: &Batch, summary: Option<Summary>) {
    for ((s, t), p) in batch.aligners().built() {
        if let Some(source) = p.dictionary_source() {
            let n = p.dictionary().map_or(0, |d| d.len());
            eprintln!("bitext: {s}-{t}: the dictionary {source} ({n} pairs)");
        }
    }
    if let Some(s) = summary {
        eprintln!("bitext: batch: {s}");
        if s.errors > 0 {
            let last: Vec<String> = s.last_errors.iter().map(|(l, id, e)| format!("line {l} (id {id}): {e}")).collect();
            eprintln!("bitext: the last errors:\n  {}", last.join("\n  "));
        }
    }
}
