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
    let tiny = AlignConfig { max_cells: 3, ..AlignConfig::default() };
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
