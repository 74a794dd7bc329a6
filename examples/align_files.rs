//! Aligns any two files and writes every export format into a folder.
//!
//! ```sh
//! cargo run --release --example align_files -- data/trial.ru.txt data/trial.en.txt out/
//! ```
//!
//! The languages are detected from the texts; an installed Debian
//! dictionary for the pair is used when there is one. The folder (created
//! when missing; a fresh one under the system's temporary folder when not
//! given) receives `NAME.json`, `NAME.jsonl`, `NAME.tsv`, `NAME.txt`
//! (the Vecalign ladder), `NAME.tmx`, `NAME.html`, `NAME.audit.txt` and
//! `NAME.svg` (the picture of the alignment, its findings linked to the
//! rows of `NAME.html`), where NAME is the source file's name without its
//! extensions.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bitext::export::{self, Format, HtmlOptions};
use bitext::{audit, AlignConfig, Aligner, AuditOptions, Dictionary, Document, Lang};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 || args.iter().any(|a| a == "-h" || a == "--help") {
        eprintln!("usage: align_files SRC TGT [OUT_DIR]");
        return ExitCode::from(2);
    }
    let out_dir = match args.get(2) {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir().join(format!("bitext-align_files-{}", std::process::id())),
    };
    match run(Path::new(&args[0]), Path::new(&args[1]), &out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("align_files: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(src_path: &Path, tgt_path: &Path, out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (src_bytes, tgt_bytes) = (read(src_path)?, read(tgt_path)?);
    let src_text = bitext::check_text(&src_bytes).map_err(|e| format!("{}: {e}", src_path.display()))?;
    let tgt_text = bitext::check_text(&tgt_bytes).map_err(|e| format!("{}: {e}", tgt_path.display()))?;
    let lang = |text: &str, p: &Path| {
        Lang::detect(text).ok_or_else(|| format!("cannot tell the language of {} (no letters)", p.display()))
    };
    let src = Document::segment(src_text, lang(src_text, src_path)?);
    let tgt = Document::segment(tgt_text, lang(tgt_text, tgt_path)?);

    let mut aligner = Aligner::new(AlignConfig::default());
    if let Ok(Some((dict, path))) = Dictionary::auto(src.lang(), tgt.lang()) {
        println!("dictionary {} ({} pairs)", path.display(), dict.len());
        aligner = aligner.with_dictionary(&dict);
    }
    let alignment = aligner.align(&src, &tgt)?;
    println!(
        "{} ({}, {} sentences) ~ {} ({}, {} sentences): {} beads",
        src_path.display(),
        src.lang(),
        src.len(),
        tgt_path.display(),
        tgt.lang(),
        tgt.len(),
        alignment.beads().len()
    );

    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let name = file_name(src_path);
    let name = name.split('.').next().filter(|n| !n.is_empty()).unwrap_or("alignment").to_string();
    let create = |file: String| -> Result<(PathBuf, BufWriter<File>), String> {
        let path = out_dir.join(file);
        let f = File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok((path, BufWriter::new(f)))
    };
    for format in Format::ALL {
        let (path, mut out) = create(format!("{name}.{}", format.extension()))?;
        match format {
            Format::Html => {
                let title = format!("{} ~ {}", file_name(src_path), file_name(tgt_path));
                export::write_html_with(&alignment, &src, &tgt, &HtmlOptions::default().title(title), &mut out)?
            }
            f => export::write(f, &alignment, &src, &tgt, &mut out)?,
        }
        out.flush()?;
        println!("  {:<9} {}", format.as_str(), path.display());
    }
    let (path, mut out) = create(format!("{name}.audit.txt"))?;
    let report = audit(&alignment, &src, &tgt, &AuditOptions::default())?;
    let names = (file_name(src_path), file_name(tgt_path));
    bitext::export::write_report(&report, &src, &tgt, (&names.0, &names.1), &mut out)?;
    out.flush()?;
    println!("  {:<9} {}", "audit", path.display());
    let (path, mut out) = create(format!("{name}.svg"))?;
    let options = bitext::PlotOptions::default().links(format!("{name}.html"));
    out.write_all(bitext::plot_svg(&alignment, &src, &tgt, &options)?.as_bytes())?;
    out.flush()?;
    println!("  {:<9} {}", "plot", path.display());
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}
