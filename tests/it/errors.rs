//! Errors a program can match: each kind, with the path and line where
//! they help, and the same messages as before.

use bitext::{check_text, AlignConfig, Aligner, Dictionary, Document, ErrorKind, InputMode, Lang};

#[test]
fn every_kind_is_matchable() {
    // encoding, with the byte it is about
    let e = check_text(b"ab\0c").unwrap_err();
    assert_eq!((e.kind(), e.byte_offset()), (ErrorKind::Encoding, Some(2)));

    // a dictionary line that does not parse: the file and the line
    let e = Dictionary::read_tsv("суд\tcourt\nно без перевода\n", "my.tsv", Lang::Russian, Lang::English).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
    assert_eq!((e.path().and_then(|p| p.to_str()), e.line()), (Some("my.tsv"), Some(2)));
    assert!(e.to_string().starts_with("my.tsv:2: "), "{e}");

    // a file that cannot be read: its path
    let missing = std::path::Path::new("/nonexistent/bitext/dict.tsv");
    let e = Dictionary::load(missing, Lang::Russian, Lang::English).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Io, Some(missing)), "{e}");

    // names bitext does not know
    let e = "klingon".parse::<Lang>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unknown, "{e}");
    let e = "paragraphs".parse::<InputMode>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unknown, "{e}");

    // a limit
    let ru = Document::segment("Один. Два. Три. Четыре.", Lang::Russian);
    let en = Document::segment("One. Two. Three. Four.", Lang::English);
    let tiny = AlignConfig::default().max_cells(3);
    let e = Aligner::new(tiny).align(&ru, &en).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
    assert!(e.is_limit());

    // documents that are not the ones aligned
    let a = Aligner::new(AlignConfig::default()).align(&ru, &en).expect("aligns");
    let other = Document::segment("One. Two.", Lang::English);
    let e = a.check_documents(&ru, &other).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MismatchedDocuments);
    assert!(e.to_string().contains("target document has 2 sentences, the alignment 4"), "{e}");
}

/// Settings out of their range, and a cost of one's own that is not a
/// number, are errors that name them, not overflows or "no path".
#[test]
fn absurd_settings_and_costs_are_named() {
    let ru = Document::segment("Один. Два. Три.", Lang::Russian);
    let en = Document::segment("One. Two. Three.", Lang::English);
    // a band of usize::MAX is the full table, not an overflow
    let wide = AlignConfig::default().band_min(usize::MAX).band_max(usize::MAX).chunk_rows(usize::MAX);
    assert_eq!(Aligner::new(wide).align(&ru, &en).expect("aligns").beads().len(), 3);
    for (config, name) in [
        (AlignConfig::default().temperature(0.0), "temperature"),
        (AlignConfig::default().lex_weight(f64::NAN), "lex_weight"),
        (AlignConfig::default().priors([0.0; 5].into()), "priors"),
        (AlignConfig::default().max_bead(7), "max_bead"),
        (AlignConfig::default().chunk_rows(0), "chunk_rows"),
    ] {
        let e = Aligner::new(config).align(&ru, &en).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert!(e.to_string().contains(name), "{name}: {e}");
    }
    let nan = |_: &Document<'_>, _: std::ops::Range<usize>, _: &Document<'_>, _: std::ops::Range<usize>| f64::NAN;
    let e = Aligner::default().with_extra_cost(nan).align(&ru, &en).unwrap_err();
    assert!(e.to_string().contains("ExtraCost") && e.to_string().contains("NaN"), "{e}");
    // +inf forbids a bead; forbidding all of them is named too
    let no_omissions = |_: &Document<'_>, s: std::ops::Range<usize>, _: &Document<'_>, t: std::ops::Range<usize>| {
        if s.is_empty() || t.is_empty() {
            f64::INFINITY
        } else {
            0.0
        }
    };
    let a = Aligner::default().with_extra_cost(no_omissions).align(&ru, &en).expect("aligns");
    assert!(a.beads().iter().all(|b| !b.is_omission()));
    let never =
        |_: &Document<'_>, _: std::ops::Range<usize>, _: &Document<'_>, _: std::ops::Range<usize>| f64::INFINITY;
    let e = Aligner::default().with_extra_cost(never).align(&ru, &en).unwrap_err();
    assert!(e.to_string().contains("ExtraCost") && e.to_string().contains("inf"), "{e}");
}

/// Every function that reads an alignment with its documents refuses
/// documents that are not the ones aligned, with an error instead of a
/// panic (an index out of bounds).
#[test]
fn documents_that_are_not_the_ones_aligned_are_errors() {
    use bitext::{audit, export, find, pairs, AuditOptions, FindOptions, Finder};
    let ru = Document::segment("Один. Два. Три. Четыре.", Lang::Russian);
    let en = Document::segment("One. Two. Three. Four.", Lang::English);
    let a = Aligner::default().align(&ru, &en).expect("aligns");
    let short = Document::segment("One.", Lang::English);
    let mismatched = |e: bitext::Error| assert_eq!(e.kind(), ErrorKind::MismatchedDocuments, "{e}");
    mismatched(pairs(&a, &ru, &short).expect_err("pairs"));
    mismatched(find(&a, &ru, &short, "two", &FindOptions::default()).unwrap_err());
    mismatched(Finder::new(&a, &short, &en).expect_err("finder"));
    mismatched(audit(&a, &ru, &short, &AuditOptions::default()).unwrap_err());
    mismatched(bitext::plot_svg(&a, &short, &en, &bitext::PlotOptions::default()).unwrap_err());
    for format in export::Format::ALL {
        let mut out = Vec::new();
        if let Err(e) = export::write(format, &a, &ru, &short, &mut out) {
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{format:?}: {e}");
            assert!(e.to_string().contains("the alignment"), "{format:?}: {e}");
        } else {
            // only the ladder, which reads no text, may be written
            assert_eq!(format, export::Format::Vecalign, "{format:?} wrote mismatched documents");
        }
    }
    // a context of usize::MAX beads is all of them, not an overflow
    let hits = find(&a, &ru, &en, "two", &FindOptions::default().context(usize::MAX)).expect("aligned");
    assert_eq!(hits[0].before.len() + hits[0].after.len() + hits[0].beads.len(), a.beads().len());
}
