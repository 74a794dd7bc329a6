//! Exports: JSON Lines, TMX (read back by a real XML parser), HTML, the
//! `pairs` iterator, and `bitext align --format` for every format.

use bitext::export::{self, Format};
use bitext::{pairs, Document, Lang};
use serde_json::json;

use crate::find::{align, bitext, data, leak, sample};

fn written(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).expect("write");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn pairs_iterate_beads_with_texts_speakers_and_confidence() {
    let s = sample();
    let all: Vec<_> = pairs(&s.alignment, &s.ru, &s.en).expect("the documents aligned").collect();
    assert_eq!(all.len(), s.alignment.beads().len());
    assert_eq!(pairs(&s.alignment, &s.ru, &s.en).expect("the documents aligned").len(), all.len());
    let last = pairs(&s.alignment, &s.ru, &s.en).expect("the documents aligned").next_back().expect("last");
    assert_eq!(&last, all.last().expect("last"));
    for (p, b) in all.iter().zip(s.alignment.beads()) {
        assert_eq!(p.src.sentences, b.src());
        assert_eq!(p.tgt.sentences, b.tgt());
        assert_eq!(p.confidence, b.confidence());
        assert_eq!(p.is_omission(), b.is_omission());
        let joined: Vec<String> = b.src().map(|i| s.ru.sentence_clean_text(i).into_owned()).collect();
        assert_eq!(p.src.text, joined.join(" "));
        assert_eq!(p.src.speaker.as_deref(), b.src().next().and_then(|i| s.ru.speaker(i)));
    }
    let pious = all.iter().find(|p| p.tgt.text.contains("pious face")).expect("the pious face pair");
    assert_eq!(pious.src.speaker.as_deref(), Some("Вышинский"));
    assert_eq!(pious.tgt.speaker.as_deref(), Some("VYSHINSKY"));
}

#[test]
fn jsonl_has_one_parsable_line_per_bead_with_the_pair_fields() {
    let s = sample();
    let text = written(|o| export::write_jsonl(&s.alignment, &s.ru, &s.en, o));
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), s.alignment.beads().len());
    let full = alignment_value(&s.alignment, &s.ru, &s.en);
    for (k, (line, pair)) in lines.iter().zip(full["pairs"].as_array().expect("pairs")).enumerate() {
        for key in ["src", "tgt", "score", "cost", "kind"] {
            assert_eq!(line[key], pair[key], "bead {k}, {key}");
        }
        assert_eq!(line["bead"], k);
        let texts: Vec<&str> = pair["src"]
            .as_array()
            .expect("src")
            .iter()
            .map(|i| full["src"]["sentences"][i.as_u64().expect("index") as usize]["text"].as_str().expect("text"))
            .collect();
        // the JSON Lines give each sentence on one line
        assert_eq!(line["src_text"], texts.join(" ").replace('\n', " "), "bead {k}");
    }
    let pious = lines.iter().find(|l| l["tgt_text"].as_str().is_some_and(|t| t.contains("pious face"))).expect("pious");
    assert_eq!(pious["src_text"], "Незачем делать здесь благочестивое лицо, обвиняемый Бухарин.");
    assert_eq!(pious["src_speaker"], "Вышинский");
    let start = pious["src_start"].as_u64().expect("start") as usize;
    let end = pious["src_end"].as_u64().expect("end") as usize;
    assert_eq!(&s.ru.text()[start..end], pious["src_text"].as_str().expect("text"));
}

/// The JSON of one side as it was built before the writers streamed it:
/// one `serde_json::Value`, the reference the streamed bytes must equal.
fn side_value(doc: &Document<'_>) -> serde_json::Value {
    let sentences: Vec<_> = (0..doc.len())
        .map(|i| {
            let s = &doc.sentences()[i];
            json!({
                "start": s.start(),
                "end": s.end(),
                "body_start": s.body_start(),
                "chars": s.chars(),
                "speaker": doc.speaker(i),
                "kind": s.kind().as_str(),
                "utterance": s.utterance(),
                "paragraph": s.paragraph(),
                "text": doc.sentence_text(i),
            })
        })
        .collect();
    json!({ "lang": doc.lang().code(), "sentences": sentences })
}

/// `bitext segment --format json` as it was built before it was streamed.
fn document_value(doc: &Document<'_>) -> serde_json::Value {
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
    // page numbers and footnote marks, each with its span and kind
    let marks: Vec<_> = doc
        .marks()
        .iter()
        .map(|m| json!({"start": m.span().start, "end": m.span().end, "kind": m.kind().as_str(), "text": &doc.text()[m.span()]}))
        .collect();
    let mut v = side_value(doc);
    v["utterances"] = json!(utterances);
    v["marks"] = json!(marks);
    v
}

/// The alignment's JSON as it was built before it was streamed.
fn alignment_value(a: &bitext::Alignment, src: &Document<'_>, tgt: &Document<'_>) -> serde_json::Value {
    let round = |x: f64| (x * 1e6).round() / 1e6;
    let pairs: Vec<_> = a
        .beads()
        .iter()
        .map(|b| {
            json!({
                "src": b.src().collect::<Vec<_>>(),
                "tgt": b.tgt().collect::<Vec<_>>(),
                "score": round(b.confidence()),
                "cost": round(b.cost()),
                "kind": format!("{}:{}", b.src().len(), b.tgt().len()),
            })
        })
        .collect();
    json!({ "src": side_value(src), "tgt": side_value(tgt), "pairs": pairs })
}

/// The pretty form of `v`, as the writers used to print it.
fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON") + "\n"
}

#[test]
fn streamed_json_is_byte_for_byte_the_value_it_replaces() {
    // a transcript (speakers, asides, stage directions), and one-a-line
    // input with omissions (empty index lists) and blank lines
    let s = sample();
    let lines = |lang| bitext::Segmenter::new(lang).input(bitext::InputMode::Lines);
    let ru = lines(Lang::Russian).segment("Суд идет.\n\nПрошу встать.\nЛишняя строка, которой нет в переводе.\n");
    let en = lines(Lang::English).segment("The Court is coming.\nPlease rise.\n\n");
    let short = align(&ru, &en, None);
    assert!(short.beads().iter().any(|b| b.is_omission()), "an omission, written with an empty list");
    for (a, src, tgt) in [(&s.alignment, &s.ru, &s.en), (&short, &ru, &en)] {
        let reference = alignment_value(a, src, tgt);
        let streamed = written(|o| export::write_json(a, src, tgt, o));
        assert_eq!(streamed, pretty(&reference));
        let parsed: serde_json::Value = serde_json::from_str(&streamed).expect("streamed JSON parses");
        assert_eq!(parsed["pairs"].as_array().expect("pairs").len(), a.beads().len());
        for doc in [src, tgt] {
            let streamed = written(|o| export::write_document_json(doc, o));
            assert_eq!(streamed, pretty(&document_value(doc)));
            let parsed: serde_json::Value = serde_json::from_str(&streamed).expect("streamed JSON parses");
            assert_eq!(parsed["sentences"].as_array().expect("sentences").len(), doc.len());
        }
    }
    assert!(s.ru.utterances().iter().any(|u| u.aside().is_some()), "the sample has an aside");
    assert!(!s.ru.marks().is_empty(), "the sample has a page number");
    // and through the command, which reads the files itself
    let out = bitext(&["segment", &data("trial.ru.txt"), "--format", "json"]);
    assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), pretty(&document_value(&s.ru)));
    let out = bitext(&["align", &data("trial.ru.txt"), &data("trial.en.txt"), "--dict", "none"]);
    let dict_free = align(&s.ru, &s.en, None);
    assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), pretty(&alignment_value(&dict_free, &s.ru, &s.en)));
}

/// Reads TMX with roxmltree and checks it against the alignment.
fn check_tmx(xml: &str, a: &bitext::Alignment, src: &Document<'_>, tgt: &Document<'_>) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let tmx = doc.root_element();
    assert_eq!(tmx.tag_name().name(), "tmx");
    assert_eq!(tmx.attribute("version"), Some("1.4"));
    let header = tmx.children().find(|n| n.has_tag_name("header")).expect("header");
    assert_eq!(header.attribute("srclang"), Some(src.lang().code()));
    for attr in ["creationtool", "creationtoolversion", "datatype", "segtype", "adminlang", "o-tmf"] {
        assert!(header.attribute(attr).is_some(), "header lacks {attr}");
    }
    let body = tmx.children().find(|n| n.has_tag_name("body")).expect("body");
    let units: Vec<_> = body.children().filter(|n| n.has_tag_name("tu")).collect();
    assert_eq!(units.len(), a.beads().len(), "one <tu> per bead");
    let xml_ns = "http://www.w3.org/XML/1998/namespace";
    for (k, (tu, p)) in units.iter().zip(pairs(a, src, tgt).expect("the documents aligned")).enumerate() {
        assert_eq!(tu.attribute("tuid"), Some(k.to_string().as_str()));
        let variants: Vec<_> = tu.children().filter(|n| n.has_tag_name("tuv")).collect();
        let mut expected = Vec::new();
        if !p.src.is_empty() {
            expected.push((src.lang().code(), p.src.text.clone()));
        }
        if !p.tgt.is_empty() {
            expected.push((tgt.lang().code(), p.tgt.text.clone()));
        }
        let got: Vec<(&str, String)> = variants
            .iter()
            .map(|v| {
                let lang = v.attribute((xml_ns, "lang")).expect("xml:lang");
                let seg = v.children().find(|n| n.has_tag_name("seg")).expect("seg");
                (lang, seg.text().unwrap_or("").to_string())
            })
            .collect();
        let expected: Vec<(&str, String)> = expected.into_iter().map(|(l, t)| (l, clean_xml(&t))).collect();
        assert_eq!(got, expected, "bead {k}");
        let props: Vec<(&str, &str)> = tu
            .children()
            .filter(|n| n.has_tag_name("prop"))
            .map(|n| (n.attribute("type").expect("type"), n.text().unwrap_or("")))
            .collect();
        assert!(props.iter().any(|&(t, _)| t == "x-confidence"));
        let missing = props.iter().find(|&&(t, _)| t == "x-missing").map(|&(_, v)| v);
        let expected_missing = if p.src.is_empty() {
            Some(src.lang().code())
        } else if p.tgt.is_empty() {
            Some(tgt.lang().code())
        } else {
            None
        };
        assert_eq!(missing, expected_missing, "bead {k}");
    }
}

/// What XML 1.0 keeps of a text.
fn clean_xml(s: &str) -> String {
    s.chars().filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')).collect()
}

#[test]
fn tmx_is_well_formed_with_one_unit_per_bead_and_language_codes() {
    let s = sample();
    let xml = written(|o| export::write_tmx(&s.alignment, &s.ru, &s.en, o));
    check_tmx(&xml, &s.alignment, &s.ru, &s.en);
    assert!(xml.contains(r#"<tuv xml:lang="ru">"#) && xml.contains(r#"<tuv xml:lang="en">"#));
    // the sample has text in one edition only: units with one variant
    assert!(xml.contains(r#"<prop type="x-missing">en</prop>"#));
    assert!(xml.contains(r#"<prop type="x-missing">ru</prop>"#));
}

#[test]
fn tmx_and_html_escape_markup_and_drop_control_characters() {
    let ru = Document::segment("Он сказал: «<b>Суд & Ко</b>».\u{1} Да \"да\".\n", Lang::Russian);
    let en = Document::segment("He said: \"<b>Court & Co</b>\".\u{1} Yes 'yes'.\n", Lang::English);
    let a = align(&ru, &en, None);
    let xml = written(|o| export::write_tmx(&a, &ru, &en, o));
    check_tmx(&xml, &a, &ru, &en);
    let html = written(|o| export::write_html(&a, &ru, &en, o));
    assert!(!html.contains("<b>Court"), "markup in the text must be escaped");
    assert!(without_word_spans(&html).contains("&lt;b&gt;Court &amp; Co&lt;/b&gt;"));
}

#[test]
fn html_is_one_self_contained_page_with_a_row_per_bead() {
    let s = sample();
    let html = written(|o| export::write_html(&s.alignment, &s.ru, &s.en, o));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<div class=\"row ").count(), s.alignment.beads().len());
    assert_eq!(html.matches(" data-bead=\"").count(), s.alignment.beads().len());
    for (k, _) in s.alignment.beads().iter().enumerate() {
        assert!(html.contains(&format!("id=\"b{k}\" data-bead=\"{k}\"")), "row {k}");
    }
    // nothing fetched: no external scripts, styles, images or fonts
    for bad in ["<link", " src=", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(bad), "the page holds {bad:?}");
    }
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media (max-width:"), "responsive CSS");
    assert!(html.contains("<input id=\"q\" type=\"search\""));
    // the picture of the alignment heads the page, its findings linked to rows
    let svg = &html[html.find("<svg ").expect("picture")..html.find("</svg>").expect("picture's end") + 6];
    assert!(html.find("<svg ") < html.find("<div class=\"row "));
    assert!(svg.contains("class=\"beads ") && svg.contains("<a class=\"finding\" href=\"#b"));
    // the audit's flags are on the rows: the Russian-only exchange of 4 turns
    let report =
        bitext::audit(&s.alignment, &s.ru, &s.en, &bitext::AuditOptions::default()).expect("the documents aligned");
    let ru4 = report
        .findings
        .iter()
        .find(|f| matches!(f.issue, bitext::Issue::OneEditionOnly { turns: 4, .. }))
        .expect("4-turn passage");
    for b in ru4.beads.clone() {
        assert!(html.contains(&format!("data-bead=\"{b}\" data-flags=\"f-only\"")), "bead {b}");
    }
    let flagged = html.matches("data-flags=\"f-").count();
    let flagged_beads: std::collections::BTreeSet<usize> =
        report.findings.iter().flat_map(|f| f.beads.clone()).collect();
    assert_eq!(flagged, flagged_beads.len());
    assert!(without_word_spans(&html).contains("благочестивое лицо"));
    // every word of the rows is a span with its key's id, which the page's
    // word list names
    assert!(html.contains("<span data-k=\"") && html.contains("<script type=\"application/json\" id=\"words\">"));
    let open = "<script type=\"application/json\" id=\"words\">";
    let data = &html[html.find(open).expect("word list") + open.len()..];
    let data: serde_json::Value =
        serde_json::from_str(&data[..data.find("</script>").expect("its end")]).expect("json");
    let keys = data["keys"].as_array().expect("keys").len();
    assert!(keys > 500 && data["forms"].as_object().expect("forms").len() >= keys);
    assert!(data["names"].as_array().expect("names").iter().any(|g| g.as_array().is_some_and(|g| g.len() >= 2)));
}

/// The page's text without the spans that mark its words.
fn without_word_spans(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<span data-k=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let open_end = after.find('>').expect("tag end") + 1;
        let close = after.find("</span>").expect("span end");
        out.push_str(&after[open_end..close]);
        rest = &after[close + "</span>".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn formats_parse_and_list_the_valid_ones() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().expect("parses"), f);
    }
    let err = "docx".parse::<Format>().expect_err("unknown");
    assert!(err.to_string().contains("json, jsonl, tsv, vecalign, tmx, html"), "{err}");
}

#[test]
fn cli_align_writes_every_format() {
    let dir = std::env::temp_dir().join(format!("bitext-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let s = sample();
    let n = s.alignment.beads().len();
    for f in Format::ALL {
        let path = dir.join(format!("trial.{}", f.extension()));
        let p = path.to_str().expect("path");
        let out = bitext(&["align", &data("trial.ru.txt"), &data("trial.en.txt"), "--format", f.as_str(), "-o", p]);
        assert!(out.status.success(), "{f}: {}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(&path).expect("output");
        match f {
            Format::Json => {
                let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                assert_eq!(v["pairs"].as_array().expect("pairs").len(), n);
            }
            Format::Jsonl => assert_eq!(text.lines().count(), n),
            Format::Tsv | Format::Vecalign => assert_eq!(text.lines().count(), n),
            Format::Tmx => assert_eq!(
                roxmltree::Document::parse(&text).expect("xml").descendants().filter(|d| d.has_tag_name("tu")).count(),
                n
            ),
            Format::Html => {
                assert_eq!(text.matches(" data-bead=\"").count(), n);
                assert!(text.contains("<title>trial.ru.txt ~ trial.en.txt</title>"));
            }
        }
    }
    let out = bitext(&["align", &data("trial.ru.txt"), &data("trial.en.txt"), "--format", "xlsx"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for name in ["json", "jsonl", "tsv", "vecalign", "tmx", "html"] {
        assert!(err.contains(name), "{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn exports_of_a_chekhov_story() {
    let dir = shared_data!().join("ru-en/chekhov");
    let ru = Document::segment(leak(&dir.join("lit-khameleon.ru.txt")), Lang::Russian);
    let en = Document::segment(leak(&dir.join("lit-khameleon.en.txt")), Lang::English);
    let a = align(&ru, &en, None);
    let n = a.beads().len();
    let xml = written(|o| export::write_tmx(&a, &ru, &en, o));
    check_tmx(&xml, &a, &ru, &en);
    let jsonl = written(|o| export::write_jsonl(&a, &ru, &en, o));
    assert_eq!(jsonl.lines().filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()).count(), n);
    let html = written(|o| export::write_html(&a, &ru, &en, o));
    assert_eq!(html.matches(" data-bead=\"").count(), n);
    assert!(html.contains("Очумелов") && html.contains("Otchumyelov"));
}

/// The JSON contract, byte for byte: `bitext align --format json` (the
/// default) on the sample editions without a dictionary writes exactly
/// `tests/fixtures/trial.align.json`, as the library's `write_json` does.
/// A change to a field name, an order or a number's form shows here.
#[test]
fn align_json_is_the_golden_file_byte_for_byte() {
    let golden =
        std::fs::read_to_string(crate::find::root().join("tests/fixtures/trial.align.json")).expect("golden file");
    let out = bitext(&["align", &data("trial.ru.txt"), &data("trial.en.txt"), "--dict", "none"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).expect("utf-8") == golden, "bitext align differs from the golden file");
    let s = sample();
    let dict_free = align(&s.ru, &s.en, None);
    let written = written(|o| export::write_json(&dict_free, &s.ru, &s.en, o));
    assert!(written == golden, "write_json differs from the golden file");
}
