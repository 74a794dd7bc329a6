//! Auditing two editions: `bitext::audit` and `bitext audit` on the sample
//! editions (whose divergences are listed in tests/fixtures), on edited
//! copies of them, and on a Chekhov story.

use std::collections::{BTreeSet, HashMap};

use bitext::{audit, AuditOptions, Document, Edition, Issue, Lang};

use crate::find::{align, bitext, data, leak, root, sample};

/// The 0-based utterances present in one edition only, from the fixture.
fn only_units() -> HashMap<String, BTreeSet<usize>> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/trial.only")).expect("fixture");
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut f = line.split_whitespace();
        let side = f.next().expect("side").to_string();
        out.insert(side, f.map(|x| x.parse::<usize>().expect("unit") - 1).collect());
    }
    out
}

#[test]
fn sample_passages_in_one_edition_only_are_flagged() {
    let s = sample();
    let report = audit(&s.alignment, &s.ru, &s.en, &AuditOptions::default()).expect("the documents aligned");
    let fixture = only_units();
    let mut covered: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    let mut passages = Vec::new();
    for f in &report.findings {
        let Issue::OneEditionOnly { edition, sentences, chars, turns } = &f.issue else { continue };
        let (doc, side, name) = match edition {
            Edition::Source => (&s.ru, &f.src, "ru"),
            Edition::Target => (&s.en, &f.tgt, "en"),
        };
        assert!(edition.other().pick(&f.src, &f.tgt).is_empty(), "the other edition has nothing there");
        assert_eq!(side.sentences.len(), *sentences);
        assert_eq!(*chars, side.sentences.clone().map(|i| doc.sentences()[i].chars()).sum::<usize>());
        let units: BTreeSet<usize> = side.sentences.clone().map(|i| doc.sentences()[i].utterance()).collect();
        for &u in &units {
            // a unit of the fixture, or a stage direction only one edition has inside a turn
            let stage =
                side.sentences.clone().all(|i| doc.sentences()[i].kind() == bitext::SentenceKind::StageDirection);
            assert!(fixture[name].contains(&u) || stage, "{name} unit {} flagged: {}", u + 1, side.text);
        }
        covered.entry(name).or_default().extend(units.iter().copied());
        passages.push((name, *sentences, *turns, side.text.clone()));
    }
    for name in ["ru", "en"] {
        assert!(
            fixture[name].is_subset(&covered[name]),
            "{name}: fixture {:?}, flagged {:?}",
            fixture[name],
            covered[name]
        );
    }
    // the Russian-only exchange of 4 turns, and the English-only one of 2
    let ru4 = passages.iter().find(|p| p.0 == "ru" && p.2 == 4).expect("the 4-turn Russian-only exchange");
    assert_eq!(ru4.1, 4);
    assert!(ru4.3.starts_with("Обвиняемый Рыков, вы хотите что-то сказать?"), "{}", ru4.3);
    assert!(ru4.3.ends_with("Слушаю."), "{}", ru4.3);
    let en2 = passages.iter().find(|p| p.0 == "en" && p.2 == 2).expect("the 2-turn English-only exchange");
    assert!(en2.3.starts_with("Accused Yagoda, turn to the Court when you answer."), "{}", en2.3);
    // the summary adds them up
    let sum = |name: &str| passages.iter().filter(|p| p.0 == name).map(|p| p.1).sum::<usize>();
    assert_eq!(report.summary.src_only.sentences, sum("ru"));
    assert_eq!(report.summary.tgt_only.sentences, sum("en"));
    assert_eq!(report.summary.src_only.passages, passages.iter().filter(|p| p.0 == "ru").count());
}

#[test]
fn sample_numbers_agree_and_speakers_correspond() {
    let s = sample();
    let report = audit(&s.alignment, &s.ru, &s.en, &AuditOptions::default()).expect("the documents aligned");
    // 250 000 ~ 250,000, 3,5 ~ 3.5 and the dates agree in value
    let numbers: Vec<_> = report.findings.iter().filter(|f| matches!(f.issue, Issue::NumberMismatch { .. })).collect();
    assert!(numbers.is_empty(), "{numbers:#?}");
    assert_eq!(report.summary.number_mismatches, 0);
    assert_eq!(report.summary.speaker_mismatches, 0);
    // the speaker map is learned from the alignment
    let map: HashMap<&str, &str> = report.speakers.iter().map(|p| (p.src.as_str(), p.tgt.as_str())).collect();
    assert_eq!(map.get("Вышинский"), Some(&"VYSHINSKY"));
    assert_eq!(map.get("Председательствующий"), Some(&"THE PRESIDENT"));
    assert_eq!(map.get("Комендант суда"), Some(&"COMMANDANT OF THE COURT"));
    // reading order
    assert!(report.findings.windows(2).all(|w| w[0].beads.start <= w[1].beads.start));
}

/// The sample editions with the English edited: a year changed, a speaker
/// label changed.
fn edited(en_edit: impl Fn(&str) -> String) -> (Document<'static>, Document<'static>, bitext::Alignment) {
    let s = sample();
    let en_text: &'static str = Box::leak(en_edit(s.en.text()).into_boxed_str());
    let en = Document::segment(en_text, Lang::English);
    let ru = s.ru.clone();
    let a = align(&ru, &en, s.dict.as_ref());
    (ru, en, a)
}

#[test]
fn a_changed_year_is_a_number_mismatch() {
    let (ru, en, a) = edited(|t| {
        assert!(t.contains("That was in the summer of 1932."));
        t.replace("That was in the summer of 1932.", "That was in the summer of 1933.")
    });
    let report = audit(&a, &ru, &en, &AuditOptions::default()).expect("the documents aligned");
    let found: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| match &f.issue {
            Issue::NumberMismatch { src_only, tgt_only } => Some((f, src_only, tgt_only)),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let (f, src_only, tgt_only) = found[0];
    assert_eq!(src_only.iter().map(|n| n.value.as_str()).collect::<Vec<_>>(), ["1932"]);
    assert_eq!(tgt_only.iter().map(|n| n.value.as_str()).collect::<Vec<_>>(), ["1933"]);
    assert_eq!(&en.text()[tgt_only[0].span.clone()], "1933");
    assert_eq!(&ru.text()[src_only[0].span.clone()], "1932");
    assert!(f.src.text.contains("это было летом 1932 г."), "{}", f.src.text);
    assert!(f.tgt.text.contains("That was in the summer of 1933."), "{}", f.tgt.text);
    assert_eq!(report.summary.number_mismatches, 1);
}

#[test]
fn a_changed_speaker_is_a_speaker_mismatch() {
    let (ru, en, a) = edited(|t| {
        assert!(t.contains("\nRYKOV: Bukharin's.\n"));
        t.replace("\nRYKOV: Bukharin's.\n", "\nBUKHARIN: Bukharin's.\n")
    });
    let report = audit(&a, &ru, &en, &AuditOptions::default()).expect("the documents aligned");
    let found: Vec<_> = report.findings.iter().filter(|f| matches!(f.issue, Issue::SpeakerMismatch { .. })).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let Issue::SpeakerMismatch { src_speaker, tgt_speaker, expected_tgt, expected_src } = &found[0].issue else {
        unreachable!()
    };
    assert_eq!((src_speaker.as_str(), tgt_speaker.as_str()), ("Рыков", "BUKHARIN"));
    assert_eq!(expected_tgt.as_deref(), Some("RYKOV"));
    assert_eq!(expected_src.as_deref(), Some("Бухарин"));
    assert_eq!(found[0].tgt.text, "Bukharin's.");

    // switched off, nothing is flagged
    let report = audit(&a, &ru, &en, &AuditOptions::default().speakers(false)).expect("the documents aligned");
    assert_eq!(report.summary.speaker_mismatches, 0);
}

#[test]
fn the_confidence_threshold_decides_what_is_low() {
    let s = sample();
    for threshold in [0.5, 0.9, 0.99999] {
        let report = audit(&s.alignment, &s.ru, &s.en, &AuditOptions::default().min_confidence(threshold))
            .expect("the documents aligned");
        let expected = s.alignment.beads().iter().filter(|b| !b.is_omission() && b.confidence() < threshold).count();
        assert_eq!(report.summary.low_confidence, expected, "threshold {threshold}");
        let listed = report.findings.iter().filter(|f| matches!(f.issue, Issue::LowConfidence)).count();
        assert_eq!(listed, expected);
        for f in report.findings.iter().filter(|f| matches!(f.issue, Issue::LowConfidence)) {
            assert!(f.confidence < threshold);
        }
    }
}

#[test]
fn cli_audit_prints_the_summary_first_then_the_list() {
    let out = bitext(&["audit", &data("trial.ru.txt"), &data("trial.en.txt")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("trial.ru.txt (ru, "), "{text}");
    // the four turns, «(Пауза.)» inside a turn, «(Оживление в зале.)»
    assert!(lines[1].starts_with("  only in ru: 3 passages, 6 sentences"), "{text}");
    assert!(lines[2].starts_with("  only in en: 2 passages, 3 sentences"), "{text}");
    let list = text.find("In reading order:").expect("the list");
    assert!(text[list..].contains("only in ru: 4 sentences, 4 turns"), "{text}");
    assert!(text[list..].contains("Председательствующий: Обвиняемый Рыков, вы хотите что-то сказать?"), "{text}");
    assert!(text[list..].contains("only in en: 2 sentences, 2 turns"), "{text}");
    assert!(text[list..].contains("Ягода: (Пауза.)"), "{text}");

    let out = bitext(&["audit", &data("trial.ru.txt"), &data("trial.en.txt"), "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["src_only"]["passages"], 3);
    let findings = v["findings"].as_array().expect("findings");
    let ru4 = findings.iter().find(|f| f["kind"] == "one_edition_only" && f["turns"] == 4).expect("4 turns");
    assert_eq!(ru4["edition"], "src");
    assert_eq!(ru4["lang"], "ru");
    assert_eq!(ru4["sentences"], 4);
    assert_eq!(ru4["tgt"].as_array().expect("tgt").len(), 0);

    let out = bitext(&["audit", &data("trial.ru.txt"), &data("trial.en.txt"), "--min-confidence", "2"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--min-confidence") && !err.contains("panicked"), "{err}");
}

#[test]
fn audit_of_a_chekhov_story() {
    let dir = shared_data!().join("ru-en/chekhov");
    let ru = Document::segment(leak(&dir.join("lit-khameleon.ru.txt")), Lang::Russian);
    let en = Document::segment(leak(&dir.join("lit-khameleon.en.txt")), Lang::English);
    let a = align(&ru, &en, None);
    let report = audit(&a, &ru, &en, &AuditOptions::default()).expect("the documents aligned");
    assert_eq!(report.summary.beads, a.beads().len());
    assert_eq!((report.summary.src_sentences, report.summary.tgt_sentences), (ru.len(), en.len()));
    // every omission bead is in exactly one passage
    let omitted = a.beads().iter().filter(|b| b.is_omission()).count();
    let in_passages: usize =
        report.findings.iter().filter(|f| matches!(f.issue, Issue::OneEditionOnly { .. })).map(|f| f.beads.len()).sum();
    assert_eq!(omitted, in_passages);
    assert!(report.findings.windows(2).all(|w| w[0].beads.start <= w[1].beads.start));
    // no speakers in a story
    assert!(report.speakers.is_empty());
    // the command agrees
    let (r, e) = (dir.join("lit-khameleon.ru.txt"), dir.join("lit-khameleon.en.txt"));
    let out =
        bitext(&["audit", r.to_str().expect("path"), e.to_str().expect("path"), "--dict", "none", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["beads"], a.beads().len());
    assert_eq!(v["findings"].as_array().expect("findings").len(), report.findings.len());
}
