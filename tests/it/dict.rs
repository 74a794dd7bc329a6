//! Bilingual dictionaries: TSV, dictd (Mueller and FreeDict layouts),
//! discovery of installed dictionaries.

use std::io::Write;
use std::path::{Path, PathBuf};

use bitext::{AlignConfig, Aligner, Dictionary, Document, Lang};
use proptest::prelude::*;

/// A fresh, empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitext-dict-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// A number in dictd's base64, most significant digit first.
pub(crate) fn b64(mut n: u64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 64) as usize]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// Writes `NAME.index` and `NAME.dict.dz` (gzip) for `entries`
/// (index headword, entry text) in `dir`; returns the index path.
fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let mut data = Vec::new();
    let mut index = String::new();
    for (head, text) in entries {
        index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len() as u64), b64(text.len() as u64)));
        data.extend_from_slice(text);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&data).expect("gzip");
    std::fs::write(dir.join(format!("{name}.dict.dz")), gz.finish().expect("gzip")).expect("write");
    let index_path = dir.join(format!("{name}.index"));
    std::fs::write(&index_path, index).expect("write index");
    index_path
}

fn pairs(d: &Dictionary) -> Vec<(String, String)> {
    d.pairs().map(|(s, t)| (s.to_string(), t.to_string())).collect()
}

fn words(d: &Dictionary, src: &str) -> Vec<String> {
    d.translations(src).map(String::from).collect()
}

#[test]
fn tsv_is_parsed_normalised_and_deduplicated() {
    let text = "\u{FEFF}# Russian → English\n\nДом\tHouse\n  # an indented comment\nсуд\tcourt\r\nдом\thouse\nкто‐то\tsomebody\n";
    let d = Dictionary::read_tsv(text, "ru-en.tsv", Lang::Russian, Lang::English).expect("parses");
    assert_eq!((d.src_lang(), d.tgt_lang()), (Lang::Russian, Lang::English));
    assert_eq!(
        pairs(&d),
        [("дом", "house"), ("кто-то", "somebody"), ("суд", "court")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(d.len(), 3);
    assert!(!d.is_empty());
    assert!(d.contains("суд", "court"));
    assert!(!d.contains("court", "суд"));
}

#[test]
fn tsv_errors_name_the_file_and_line() {
    let cases = [
        ("дом\thouse\n# comment\nсуд court\n", 3, "no tab"),
        ("дом\thouse\tдом\n", 1, "2 tabs"),
        ("\n\nдом\t  \n", 3, "empty target"),
        ("\tcourt\n", 1, "empty source"),
    ];
    for (text, line, what) in cases {
        let err = Dictionary::read_tsv(text, "dir/ru-en.tsv", Lang::Russian, Lang::English).expect_err(what);
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("dir/ru-en.tsv:{line}: ")), "{what}: {msg}");
        assert!(msg.contains(what), "{what}: {msg}");
    }
}

#[test]
fn load_reads_tsv_files_and_reports_bad_utf8_with_its_line() {
    let dir = temp_dir("load-tsv");
    let good = dir.join("de-fr.tsv");
    std::fs::write(&good, "Haus\tmaison\n").expect("write");
    let d = Dictionary::load(&good, Lang::German, Lang::French).expect("loads");
    assert_eq!(words(&d, "haus"), ["maison"]);

    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, b"Haus\tmaison\nGericht\ttribunal\nK\xe4se\tfromage\n").expect("write");
    let msg = Dictionary::load(&bad, Lang::German, Lang::French).expect_err("not UTF-8").to_string();
    assert!(msg.contains("bad.tsv:3: "), "{msg}");

    let missing = Dictionary::load(&dir.join("missing.tsv"), Lang::German, Lang::French).expect_err("missing file");
    assert!(missing.is_io());
    assert!(missing.to_string().contains("missing.tsv"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dictd_numbers_decode_known_values() {
    // Values checked against Debian's mueller7.index: `abandon Glt Fm`,
    // `house O3MQ vK`.
    let known = [
        ("A", 0),
        ("B", 1),
        ("Z", 25),
        ("a", 26),
        ("z", 51),
        ("0", 52),
        ("9", 61),
        ("+", 62),
        ("/", 63),
        ("BA", 64),
        ("Fm", 358),
        ("Glt", 26989),
        ("vK", 3018),
        ("O3MQ", 3896080),
        ("//////////", (1u64 << 60) - 1),
    ];
    for (digits, value) in known {
        assert_eq!(Dictionary::dictd_number(digits), Some(value), "{digits}");
    }
    for bad in ["", "A=", "-1", " A", "///////////"] {
        // 66 bits do not fit a u64; leading zeros do not count.
        assert_eq!(Dictionary::dictd_number(bad), None, "{bad:?}");
    }
    assert_eq!(Dictionary::dictd_number("AAAAAAAAAAAAB/"), Some(127));
    // Every value round-trips through the encoder used by these tests.
    for n in [0, 1, 63, 64, 4095, 4096, 123_456_789, u64::MAX] {
        assert_eq!(Dictionary::dictd_number(&b64(n)), Some(n));
    }
}

const MUELLER_SHORT: &[u8] = b"00-database-short\n     Mueller English-Russian Dictionary\n";

/// Entries in the layout of Debian's `mueller7`.
fn mueller_entries() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("00-database-short", MUELLER_SHORT),
        (
            "house",
            "house\n   1. _n. [haʊs], _pl. [↗haʊzɪz]\n      1) дом; жилище\n      2) _разг. (лондонская) биржа; to keep house вести\n      хозяйство\n   2. _v. [haʊz] поселить(ся)\n".as_bytes(),
        ),
        (
            "court",
            "court\n   [kɘ:t]\n   1. _n.\n      1) двор; _ам. тж. судья\n      2) суд; to hold a court устраивать\n         а) приём при дворе;\n         б) аудиенцию\n      3) площадка для игр\n".as_bytes(),
        ),
        ("courthouse", "courthouse\n   [↗kɘ:thaʊs] = court 2\n".as_bytes()),
        (
            "loathe",
            "loathe\n   [lɜʊð] _v.\n   1) ненавидеть\n   2) _разг. не любить\n".as_bytes(),
        ),
        ("apple pie bed", "apple pie bed\n   _n. постель\n".as_bytes()),
        (
            "a",
            "A\n   _I  [ɛɪ] (_pl. As)\n      1) 1-я буква англ. алфавита\n   _II [ɜ]\n      1) один\n".as_bytes(),
        ),
    ]
}

#[test]
fn a_mueller_dictd_loads_with_the_expected_pairs() {
    let dir = temp_dir("mueller");
    let index = write_dictd(&dir, "mueller7", &mueller_entries());
    let d = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect("loads");
    assert_eq!((d.src_lang(), d.tgt_lang()), (Lang::English, Lang::Russian));
    // Senses split on `;` and `,`; labels, transcriptions and parenthesised
    // parts dropped; the example `to keep house вести хозяйство` skipped.
    assert_eq!(words(&d, "house"), ["биржа", "дом", "жилище", "поселить"]);
    // The lettered sub-senses of an example are not translations of the
    // headword; function words leave multi-word translations.
    assert_eq!(words(&d, "court"), ["двор", "игр", "площадка", "суд", "судья"]);
    // A cross-reference borrows the translations of its target.
    assert_eq!(words(&d, "courthouse"), words(&d, "court"));
    // Three-word headwords are skipped; a description with a digit too.
    assert_eq!(words(&d, "apple pie bed").len(), 0);
    assert_eq!(words(&d, "a"), ["один"]);
    // A negated translation means the opposite: skipped whole.
    assert_eq!(words(&d, "loathe"), ["ненавидеть"]);
    // dictd's own entries give nothing.
    assert!(d.pairs().all(|(s, _)| !s.starts_with("00")));
    assert_eq!(d.len(), 16);

    // `load` finds the index from the data file or the bare name too.
    for path in [dir.join("mueller7.dict.dz"), dir.join("mueller7"), index.clone()] {
        let again = Dictionary::load(&path, Lang::English, Lang::Russian).expect("loads");
        assert_eq!(again, d, "{}", path.display());
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_mueller_family_is_told_by_content_when_the_name_does_not_say() {
    let dir = temp_dir("mueller-renamed");
    let index = write_dictd(&dir, "en-ru", &mueller_entries());
    let d = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect("loads");
    assert!(d.contains("house", "дом"));
    assert!(!d.contains("house", "хозяйство"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_freedict_dictd_loads_translations_not_glosses() {
    let dir = temp_dir("freedict");
    let entries: Vec<(&str, &[u8])> = vec![
        ("00databaseshort", b"00-database-short\nGerman-French FreeDict Dictionary\n"),
        (
            "haus",
            "Haus /haʊ̯s/ <n, neut>\n1. maison 2.\nzu einem bestimmten Zweck erbautes Gebäude\n 3.\nWohnung\n2. chambre, palais de justice\ngesetzgebende Körperschaft\n".as_bytes(),
        ),
        (
            "akkusativ",
            "Akkusativ /ˈakuzaˌtiːf/ <n, masc>\naccusatif\n4. Fall (Kasus) der Deklination\n".as_bytes(),
        ),
        ("emailadresse", "E‐Mail‐Adresse /ˈiːmeɪ̯lʔaˌdʁɛsə/ <n, fem>\nadresse électronique, adresse e‑mail, mél\n".as_bytes()),
        ("treppauf treppab", "treppauf, treppab /tʁɛpˈʔaʊ̯f/\nen haut et en bas\n".as_bytes()),
    ];
    let index = write_dictd(&dir, "freedict-deu-fra", &entries);
    let d = Dictionary::read_dictd(&index, Lang::German, Lang::French).expect("loads");
    assert_eq!(words(&d, "haus"), ["chambre", "justice", "maison", "palais"]);
    assert_eq!(words(&d, "akkusativ"), ["accusatif"]);
    // The headword comes from the entry (the index drops the hyphens).
    assert_eq!(words(&d, "e-mail-adresse"), ["adresse", "e-mail", "mél", "électronique"]);
    assert_eq!(words(&d, "emailadresse").len(), 0);
    // A headword with punctuation is no word.
    assert_eq!(d.len(), 9);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_plain_dict_file_and_bad_utf8_inside_an_entry_are_read() {
    let dir = temp_dir("plain");
    let entries: [(&str, &[u8]); 3] =
        [("haus", b"Haus /ha/\nmaison\n"), ("kase", b"K\xe4se /k/\nfromage\n"), ("brot", b"Brot /b/\nm\xe9l, pain\n")];
    let (mut data, mut index) = (Vec::new(), String::new());
    for (head, text) in entries {
        index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len() as u64), b64(text.len() as u64)));
        data.extend_from_slice(text);
    }
    std::fs::write(dir.join("freedict-deu-fra.dict"), data).expect("write");
    std::fs::write(dir.join("freedict-deu-fra.index"), index).expect("write");
    let d = Dictionary::read_dictd(&dir.join("freedict-deu-fra.index"), Lang::German, Lang::French).expect("loads");
    // `K\xe4se` is no UTF-8 word: skipped, and so is `m\xe9l`.
    assert_eq!(pairs(&d), [("brot", "pain"), ("haus", "maison")].map(|(a, b)| (a.to_string(), b.to_string())));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_index_lines_are_errors_naming_the_file_and_line() {
    let dir = temp_dir("bad-index");
    std::fs::write(dir.join("x.dict"), "house\nдом\n").expect("write");
    let cases: [(&str, &str); 5] = [
        ("house\tA\tL\nhome\tA\n", "found 2 field(s)"),
        ("house\tA\tL\nhome\tA=\tL\n", "invalid base64 offset `A=`"),
        ("house\tA\tL\nhome\tA\t\n", "invalid base64 length ``"),
        ("house\tA\tL\nhome\tA\tO\n", "ends past the end"),
        ("house\tA\tL\nhome\t//////////\t//////////\n", "ends past the end"),
    ];
    let index = dir.join("x.index");
    for (text, what) in cases {
        std::fs::write(&index, text).expect("write");
        let msg = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect_err(what).to_string();
        assert!(msg.starts_with(&format!("{}:2: ", index.display())), "{msg}");
        assert!(msg.contains(what), "{what}: {msg}");
    }
    std::fs::write(&index, b"house\tA\tL\nh\xffuse\tA\tL\n").expect("write");
    let msg = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect_err("not UTF-8").to_string();
    assert!(msg.contains("x.index:2: "), "{msg}");

    // A missing data file is an I/O error naming it.
    std::fs::remove_file(dir.join("x.dict")).expect("remove");
    std::fs::write(&index, "house\tA\tL\n").expect("write");
    let err = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect_err("no data");
    assert!(err.is_io());
    assert!(err.to_string().contains("x.dict.dz"), "{err}");

    // A corrupt gzip file is an I/O error too, not a panic.
    std::fs::write(dir.join("x.dict.dz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]).expect("write");
    let err = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect_err("bad gzip");
    assert!(err.is_io(), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn reversed_swaps_sides_and_languages() {
    let en_ru =
        Dictionary::from_pairs(Lang::English, Lang::Russian, [("house", "дом"), ("home", "дом"), ("court", "суд")]);
    let ru_en = en_ru.reversed();
    assert_eq!((ru_en.src_lang(), ru_en.tgt_lang()), (Lang::Russian, Lang::English));
    assert_eq!(ru_en.len(), 3);
    assert_eq!(words(&ru_en, "дом"), ["home", "house"]);
    assert_eq!(words(&ru_en, "суд"), ["court"]);
    assert_eq!(words(&ru_en, "house").len(), 0);
    assert_eq!(ru_en.reversed(), en_ru);
}

#[test]
fn find_installed_picks_known_names_in_order() {
    let dir = temp_dir("find");
    let touch = |name: &str| std::fs::write(dir.join(name), b"").expect("write");
    assert_eq!(Dictionary::find_installed(&dir, Lang::German, Lang::French), None);

    touch("freedict-deu-fra.index");
    // An index without its data does not count.
    assert_eq!(Dictionary::find_installed(&dir, Lang::German, Lang::French), None);
    touch("freedict-deu-fra.dict.dz");
    let found = Some((dir.join("freedict-deu-fra.index"), Lang::German, Lang::French));
    assert_eq!(Dictionary::find_installed(&dir, Lang::German, Lang::French), found);
    // Either direction; the file's own direction is returned.
    assert_eq!(Dictionary::find_installed(&dir, Lang::French, Lang::German), found);
    // The asked direction wins when both are there.
    touch("freedict-fra-deu.index");
    touch("freedict-fra-deu.dict");
    assert_eq!(
        Dictionary::find_installed(&dir, Lang::French, Lang::German),
        Some((dir.join("freedict-fra-deu.index"), Lang::French, Lang::German))
    );
    assert_eq!(Dictionary::find_installed(&dir, Lang::German, Lang::French), found);
    assert_eq!(Dictionary::find_installed(&dir, Lang::German, Lang::German), None);
    assert_eq!(Dictionary::find_installed(&dir, Lang::English, Lang::Russian), None);

    // English and Russian: FreeDict when alone, Mueller before it.
    touch("freedict-rus-eng.index");
    touch("freedict-rus-eng.dict.dz");
    assert_eq!(
        Dictionary::find_installed(&dir, Lang::English, Lang::Russian),
        Some((dir.join("freedict-rus-eng.index"), Lang::Russian, Lang::English))
    );
    touch("freedict-eng-rus.index");
    touch("freedict-eng-rus.dict.dz");
    assert_eq!(
        Dictionary::find_installed(&dir, Lang::English, Lang::Russian),
        Some((dir.join("freedict-eng-rus.index"), Lang::English, Lang::Russian))
    );
    touch("mueller24.index");
    touch("mueller24.dict.dz");
    touch("mueller7.index");
    touch("mueller7.dict.dz");
    let mueller = Some((dir.join("mueller7.index"), Lang::English, Lang::Russian));
    assert_eq!(Dictionary::find_installed(&dir, Lang::Russian, Lang::English), mueller);
    assert_eq!(Dictionary::find_installed(&dir, Lang::English, Lang::Russian), mueller);

    // Other ISO 639-3 names map too.
    touch("freedict-spa-ita.index");
    touch("freedict-spa-ita.dict.dz");
    assert_eq!(
        Dictionary::find_installed(&dir, Lang::Italian, Lang::Spanish),
        Some((dir.join("freedict-spa-ita.index"), Lang::Spanish, Lang::Italian))
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_installed_mueller_dictionary_loads() {
    let index = Path::new("/usr/share/dictd/mueller7.index");
    if !index.exists() {
        eprintln!("skipped: {} is not installed (apt-get install mueller7-dict)", index.display());
        return;
    }
    let d = Dictionary::read_dictd(index, Lang::English, Lang::Russian).expect("mueller7 loads");
    assert!(d.len() > 20_000, "only {} pairs", d.len());
    for (en, ru) in [
        ("house", "дом"),
        ("court", "суд"),
        ("table", "стол"),
        ("war", "война"),
        ("water", "вода"),
        ("dog", "собака"),
        ("abandon", "покидать"),
    ] {
        assert!(d.contains(en, ru), "missing ({en}, {ru})");
    }
    // Examples are not mistaken for translations.
    assert!(!d.contains("house", "вести"));
    assert!(d.pairs().all(|(_, ru)| ru.chars().all(|c| !c.is_ascii_alphabetic())));

    let Some((ru_en, path)) = Dictionary::auto(Lang::Russian, Lang::English).expect("auto loads") else {
        panic!("mueller7 is installed but auto found nothing");
    };
    assert_eq!(path, index);
    assert_eq!((ru_en.src_lang(), ru_en.tgt_lang()), (Lang::Russian, Lang::English));
    assert!(ru_en.contains("дом", "house"));
    assert_eq!(ru_en.len(), d.len());
}

#[test]
fn the_installed_freedict_dictionaries_load() {
    let dir = Path::new("/usr/share/dictd");
    let cases = [
        ("freedict-deu-fra", Lang::German, Lang::French, 20_000, ("haus", "maison")),
        ("freedict-eng-rus", Lang::English, Lang::Russian, 1_000, ("house", "дом")),
    ];
    for (name, src, tgt, at_least, (a, b)) in cases {
        let index = dir.join(format!("{name}.index"));
        if !index.exists() {
            eprintln!("skipped: {} is not installed", index.display());
            continue;
        }
        let d = Dictionary::read_dictd(&index, src, tgt).expect("loads");
        assert!(d.len() > at_least, "{name}: only {} pairs", d.len());
        assert!(d.contains(a, b), "{name}: missing ({a}, {b})");
    }
}

/// Pieces of real entries, so that random entries hit the extractors' paths.
const PIECES: &[&str] = &[
    "house",
    "дом",
    "1.",
    "2. ",
    "1)",
    "10)",
    "а)",
    "б) ",
    "_I",
    "_II[",
    "_n.",
    "_разг.",
    "[haʊs]",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    ",",
    " ",
    "\n",
    "   ",
    "= court 2",
    "=",
    "to keep house",
    "вести хозяйство",
    "/pron/",
    "<n, fem>",
    "maison",
    "palais de justice",
    "кто‐то",
    "’",
    "-",
    "'",
    "1. soir 2.",
    " 3.",
    "тж.",
    "кого-л.",
    "\u{301}",
    "é",
    "ß",
    "\t",
    "\u{FFFD}",
    "Ä",
    "I",
];

fn entry_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random entries in either family never panic, and every pair they give
    /// is lower-case and non-empty.
    #[test]
    fn random_dictd_entries_never_panic(
        entries in prop::collection::vec(entry_text(), 1..8),
        mueller in any::<bool>(),
    ) {
        let dir = temp_dir(&format!("prop-{}", if mueller { "m" } else { "f" }));
        let named: Vec<(&str, &[u8])> = entries.iter().map(|e| ("x", e.as_bytes())).collect();
        let name = if mueller { "mueller7" } else { "freedict-eng-rus" };
        let index = write_dictd(&dir, name, &named);
        let d = Dictionary::read_dictd(&index, Lang::English, Lang::Russian).expect("valid index");
        for (s, t) in d.pairs() {
            prop_assert!(!s.is_empty() && !t.is_empty());
            prop_assert_eq!(s.to_lowercase(), s);
            prop_assert_eq!(t.to_lowercase(), t);
            prop_assert!(t.chars().all(|c| !c.is_ascii_alphabetic()), "{} {}", s, t);
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Arbitrary index and data bytes give a dictionary or an error, never a panic.
    #[test]
    fn arbitrary_dictd_files_never_panic(
        index in prop::collection::vec(any::<u8>(), 0..200),
        data in prop::collection::vec(any::<u8>(), 0..200),
        gzip in any::<bool>(),
    ) {
        let dir = temp_dir("prop-bytes");
        if gzip {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&data).expect("gzip");
            std::fs::write(dir.join("d.dict.dz"), gz.finish().expect("gzip")).expect("write");
        } else {
            std::fs::write(dir.join("d.dict"), &data).expect("write");
        }
        std::fs::write(dir.join("d.index"), &index).expect("write");
        let _ = Dictionary::read_dictd(&dir.join("d.index"), Lang::German, Lang::French);
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Any text gives a TSV dictionary or a parse error naming the file.
    #[test]
    fn arbitrary_tsv_never_panics(text in "[a-zд\\t #\\n\\r ‐’]{0,80}") {
        match Dictionary::read_tsv(&text, "p.tsv", Lang::English, Lang::Russian) {
            Ok(d) => prop_assert!(d.pairs().all(|(s, t)| !s.is_empty() && !t.is_empty())),
            Err(e) => prop_assert!(e.to_string().starts_with("p.tsv:")),
        }
    }
}

/// A dictionary given in the other direction (Russian-English for an
/// English-Russian alignment) is read backwards, not ignored.
#[test]
fn a_dictionary_serves_the_other_direction_too() {
    let ru = Document::segment("Суд идет. Прошу встать.", Lang::Russian);
    let en = Document::segment("The court is coming. Please rise.", Lang::English);
    let dict = Dictionary::from_pairs(Lang::Russian, Lang::English, [("суд", "court")]);
    let aligner = Aligner::new(AlignConfig::default().learn_lexicon(false)).with_dictionary(&dict);
    let forward = aligner.align(&ru, &en).expect("ru-en");
    assert!(forward.word_pairs().contains(&("суд".to_string(), "court".to_string())), "{:?}", forward.word_pairs());
    let backward = aligner.align(&en, &ru).expect("en-ru");
    assert!(backward.word_pairs().contains(&("court".to_string(), "суд".to_string())), "{:?}", backward.word_pairs());
    // other languages still ignore it
    let de = Document::segment("Das Gericht tagt.", Lang::German);
    assert!(aligner.align(&de, &en).expect("de-en").word_pairs().is_empty());
}
