//! Ranked passage search: circulating variants of a quote find their
//! passage first, unrelated queries fall under the threshold.
//!
//! The variants are written for these tests; the passage is the "pious
//! face" exchange of the sample editions in `data/` (invented for this
//! project).

use bitext::{find, Edition, FindOptions, Hit, Route, MATCH_THRESHOLD};

use crate::find::{bitext, data, sample};

const PIOUS_EN: &str = "There is no point in making a pious face here, accused Bukharin.";
const ADMIT_EN: &str = "You had better admit what exists.";
const PIOUS_RU: &str = "Незачем делать здесь благочестивое лицо, обвиняемый Бухарин.";
const ADMIT_RU: &str = "Признайте лучше то, что есть.";

/// English variants of the quote that name the "pious face" sentence:
/// (query, what changed).
const ONE_SENTENCE: &[(&str, &str)] = &[
    ("no point making a pious face", "words dropped"),
    ("There is really no point at all in making such a pious face here", "words added"),
    ("there was no point in makes pious faces", "word forms"),
    ("making a pious face here, there is no point", "order changed"),
    ("Accused Bukharin, there is no point making a pious face here", "order changed, the address first"),
    ("There is no sense in making a pious face here", "a synonym: sense for point"),
    ("There is no point in putting on a pious face, accused Bukharin", "a synonym: putting on for making"),
    ("No point in making a sanctimonious face here, accused Bukharin", "a synonym for the rarest word"),
    ("Vyshinsky: There's no point in making a pious face here, Accused Bukharin!", "a speaker, a contraction"),
    ("It is no use making a pious face here, Bukharin", "an idiom for no point"),
];

/// Variants that carry both sentences of the exchange.
const TWO_SENTENCES: &[(&str, &str)] = &[
    ("There is no point in making a pious face, accused Bukharin. Better admit what exists", "the issue's quote"),
    ("No point in making a pious face, you had better admit what exists", "two sentences joined into one"),
    ("Bukharin, stop making a pious face and admit what exists", "a paraphrase joining the two"),
    ("You had better admit what exists, there is no point in a pious face", "the two in the other order"),
    ("Don't make a pious face here, accused Bukharin. Just admit what exists.", "both reworded"),
];

/// Queries that have nothing to do with the sample editions.
const UNRELATED: &[&str] = &[
    "The weather in Paris was lovely in the spring",
    "She sold seashells by the seashore",
    "The quarterly revenue of the company grew by four percent",
    "Please bring me a cup of tea and two biscuits",
    "Our football team lost the match on penalties",
    "A recipe for apple pie with cinnamon and butter",
    // of the trial's world, but said nowhere in the editions
    "The prosecutor demanded the death penalty for all the accused",
    "I never met Trotsky in Berlin",
    "Bukharin admitted his guilt",
    // written after the route through translation and its constants were
    // chosen, to check them
    "The train to Leningrad leaves at seven in the morning",
    "Children were playing in the snow outside the school",
    "He bought a new car and drove it to the sea",
    "The orchestra played Tchaikovsky late into the night",
    "Radek wrote the article for Izvestia",
    "The harvest was poor that year in the Ukraine",
    "Vyshinsky smoked a pipe during the break",
    "Stalin's portrait hung above the judges",
    "Krestinsky withdrew his confession",
];

/// Paraphrases too loose to count as the quote (their rare words are not
/// the edition's): no match, but the closest passage is the right one.
const LOOSE: &[&str] =
    &["Stop pretending to be pious, Bukharin", "Why pull such a holy face, Bukharin? Admit the truth"];

fn ranked(query: &str) -> Vec<Hit> {
    let s = sample();
    find(&s.alignment, &s.ru, &s.en, query, &FindOptions::default().dictionary(s.dict.as_ref()))
        .expect("the documents aligned")
}

fn texts(s: &bitext::Document<'_>, h: &Hit) -> Vec<String> {
    h.sentences.clone().map(|i| s.sentence_text(i).to_string()).collect()
}

#[test]
fn variants_of_one_sentence_rank_its_passage_first() {
    let s = sample();
    for (q, what) in ONE_SENTENCE {
        let hits = ranked(q);
        let top = hits.first().unwrap_or_else(|| panic!("{q:?} ({what}): nothing"));
        eprintln!("{:.3}  {q}", top.score);
        assert_eq!(top.edition, Edition::Target, "{q:?} ({what})");
        assert!(texts(&s.en, top).iter().any(|t| t == PIOUS_EN), "{q:?} ({what}): {:?}", texts(&s.en, top));
        assert!(top.is_match, "{q:?} ({what}) scores {:.3}, under the threshold", top.score);
        // the Russian counterpart comes with it
        assert!(top.counterpart().text.contains(PIOUS_RU), "{q:?}: {}", top.counterpart().text);
    }
}

#[test]
fn variants_of_both_sentences_rank_the_passage_of_both_first() {
    let s = sample();
    for (q, what) in TWO_SENTENCES {
        let hits = ranked(q);
        let top = hits.first().unwrap_or_else(|| panic!("{q:?} ({what}): nothing"));
        eprintln!("{:.3}  {q}", top.score);
        assert!(top.is_match, "{q:?} ({what}) scores {:.3}", top.score);
        assert_eq!(texts(&s.en, top), [PIOUS_EN, ADMIT_EN], "{q:?} ({what})");
        assert_eq!(top.counterpart().text, format!("{PIOUS_RU} {ADMIT_RU}"), "{q:?} ({what})");
    }
}

#[test]
fn unrelated_queries_fall_under_the_threshold_and_still_show_the_closest() {
    for q in UNRELATED {
        let hits = ranked(q);
        if let Some(h) = hits.first() {
            eprintln!("{:.3}  {q}", h.score);
        }
        assert!(hits.len() <= 1, "{q:?}: {} hits", hits.len());
        for h in &hits {
            assert!(!h.is_match && !h.exact, "{q:?}: {:.3} {:?}", h.score, h.found().text);
            assert!(h.score < MATCH_THRESHOLD, "{q:?}: {:.3}", h.score);
            assert!(!h.found_words.is_empty(), "{q:?}: the closest passage shares a word");
        }
    }
    // a query that shares words with the editions gets its closest passage
    let hits = ranked("The weather in Paris was lovely in the spring");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(hits[0].score > 0.0);
}

#[test]
fn loose_paraphrases_are_no_match_but_show_the_right_passage() {
    for q in LOOSE {
        let hits = ranked(q);
        assert_eq!(hits.len(), 1, "{q:?}");
        let h = &hits[0];
        eprintln!("{:.3}  {q}", h.score);
        assert!(!h.is_match && h.score < MATCH_THRESHOLD && h.score > 0.0, "{q:?}: {:.3}", h.score);
        // reached in either edition: the English passage, or the Russian
        // one through translation
        assert!(h.pair.tgt.text.contains(PIOUS_EN), "{q:?}: {:?}", h.pair.tgt.text);
        assert!(!h.missing_words.is_empty());
    }
}

/// Other English translations of the Russian exchange, written for this
/// test: more words differ than in a circulating variant, so they score
/// near the threshold (0.48 and 0.44 when this was written), but the
/// passage ranks first either way.
const OTHER_TRANSLATIONS: &[&str] = &[
    "It makes no sense to put on a pious expression here, defendant Bukharin. You would do better to admit what is.",
    "There's no use pulling a pious face, Bukharin; you'd better own up to what exists",
];

#[test]
fn another_translation_of_the_russian_ranks_the_passage_first() {
    let s = sample();
    for q in OTHER_TRANSLATIONS {
        let hits = ranked(q);
        let top = &hits[0];
        eprintln!("{:.3}  {q}", top.score);
        assert_eq!(texts(&s.en, top), [PIOUS_EN, ADMIT_EN], "{q:?}");
        assert!(top.score > 0.3, "{q:?}: {:.3}", top.score);
        assert!(top.missing_words.len() >= 5, "{q:?}: {:?}", top.missing_words);
    }
}

/// A reader's own translation whose rare words are not the English
/// edition's ("devout", "defendant", "confess" for "pious", "accused",
/// "admit"), written for this test: through the dictionary and the
/// alignment they are the Russian edition's words, so the Russian passage
/// ranks first, reached through translation, above what the English words
/// alone find.
#[test]
fn a_second_translation_reaches_the_russian_passage_through_translation() {
    let s = sample();
    if s.dict.is_none() {
        eprintln!("skipped: no Russian-English dictionary installed (CI installs mueller7-dict)");
        return;
    }
    let q = "Do not put on a devout face, defendant Bukharin; confess what is";
    let hits = ranked(q);
    let top = &hits[0];
    eprintln!("{:.3} {:?} {q}", top.score, top.route);
    assert_eq!((top.edition, top.route), (Edition::Source, Route::Translated), "{top:#?}");
    assert_eq!(texts(&s.ru, top), [PIOUS_RU, ADMIT_RU]);
    for w in ["devout", "defendant", "confess", "Bukharin"] {
        assert!(top.found_words.iter().any(|f| f == w), "{w}: {:?}", top.found_words);
    }
    // the matched words are the Russian passage's
    let matched: Vec<&str> = top.matched.iter().map(|r| &s.ru.text()[r.clone()]).collect();
    for w in ["благочестивое", "обвиняемый", "Бухарин", "Признайте"] {
        assert!(matched.contains(&w), "{w}: {matched:?}");
    }
    // the counterpart is the English edition: its words that are the
    // query's are marked, its words the query lacks listed
    assert!(top.counterpart().text.contains(PIOUS_EN));
    assert!(top.highlights.iter().any(|h| h.word == "face" && h.via == bitext::Via::Same), "{:?}", top.highlights);
    assert!(top.extra_words.iter().any(|w| w == "pious"), "{:?}", top.extra_words);
    // the English words alone find the passage less surely
    let opts = FindOptions::default().dictionary(s.dict.as_ref());
    let direct = find(&s.alignment, &s.ru, &s.en, q, &opts.clone().translate(false)).expect("the documents aligned");
    assert!(direct.iter().all(|h| h.route == Route::Direct));
    assert!(direct[0].score < top.score, "{} vs {}", direct[0].score, top.score);
    // a forced edition in the other language is searched through translation
    let forced =
        find(&s.alignment, &s.ru, &s.en, q, &opts.edition(Some(Edition::Source))).expect("the documents aligned");
    assert!(forced.iter().all(|h| h.edition == Edition::Source && h.route == Route::Translated));
    assert_eq!(forced[0].sentences, top.sentences);
}

/// Names and numbers cross to the other edition without a dictionary.
#[test]
fn names_and_numbers_cross_without_a_dictionary() {
    let s = sample();
    // the Russian edition only, with an English query: through translation
    let q = "Yagoda covered up the Rights from 1929 until his arrest";
    let hits = find(&s.alignment, &s.ru, &s.en, q, &FindOptions::default().edition(Some(Edition::Source)))
        .expect("the documents aligned");
    let top = &hits[0];
    assert_eq!((top.edition, top.route), (Edition::Source, Route::Translated));
    assert!(top.found().text.contains("Ягоды") && top.found().text.contains("1929"), "{}", top.found().text);
    assert!(top.found_words.iter().any(|w| w == "Yagoda") && top.found_words.iter().any(|w| w == "1929"));
}

#[test]
fn the_issues_quote_lists_found_missing_and_extra_words() {
    let s = sample();
    let q = "There is no point in making a pious face, accused Bukharin. Better admit what exists";
    let hits = ranked(q);
    let top = &hits[0];
    assert!(!top.exact && top.is_match);
    assert_eq!(top.found().text, format!("{PIOUS_EN} {ADMIT_EN}"));
    assert!(top.missing_words.is_empty(), "{:?}", top.missing_words);
    assert_eq!(top.found_words.len(), 15, "{:?}", top.found_words);
    assert_eq!(top.extra_words, ["here", "You", "had"]);
    assert_eq!(top.sentences.len(), 2);
    assert_eq!(top.beads.len(), 2);
    assert_eq!(top.pair.bead, top.beads.start);
    // context around the two beads
    assert_eq!(top.before.last().map(|p| p.bead + 1), Some(top.beads.start));
    assert_eq!(top.after.first().map(|p| p.bead), Some(top.beads.end));
    // matched spans are words of the passage, in the English file
    for r in &top.matched {
        let w = &s.en.text()[r.clone()];
        assert!(top.found().text.contains(w), "{w}");
    }
    if s.dict.is_some() {
        let words: Vec<&str> = top.highlights.iter().map(|m| m.word.as_str()).collect();
        assert!(words.contains(&"благочестивое") && words.contains(&"лицо"), "{words:?}");
    }
    // a word the passage lacks is listed as missing, and costs
    let hits = ranked("There is no point in making a pious face, accused Bukharin. Better confess what exists");
    assert_eq!(hits[0].sentences, top.sentences);
    assert_eq!(hits[0].missing_words, ["confess"]);
    assert!(hits[0].score < top.score);
}

#[test]
fn exact_matches_come_first_and_exact_keeps_only_them() {
    let s = sample();
    let hits = ranked("pious face");
    assert!(hits[0].exact && hits[0].score == 1.0 && hits[0].is_match);
    assert_eq!(s.en.sentence_text(hits[0].sentence), PIOUS_EN);
    assert!(hits.iter().skip(1).all(|h| !h.exact && h.score < 1.0));
    assert!(hits.windows(2).skip(1).all(|w| w[0].score >= w[1].score), "ranked best first");
    // passages never overlap
    for (k, a) in hits.iter().enumerate() {
        for b in &hits[k + 1..] {
            let apart =
                a.edition != b.edition || a.sentences.end <= b.sentences.start || b.sentences.end <= a.sentences.start;
            assert!(apart, "{:?} {:?}", a.sentences, b.sentences);
        }
    }
    let opts = FindOptions::default().dictionary(s.dict.as_ref());
    let exact =
        find(&s.alignment, &s.ru, &s.en, "pious face", &opts.clone().exact(true)).expect("the documents aligned");
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0], hits[0]);
    // the limit bounds the ranked passages, not the exact matches
    let one = find(&s.alignment, &s.ru, &s.en, "pious face", &opts.clone().limit(0)).expect("the documents aligned");
    assert_eq!(one.len(), 1);
    assert!(one[0].exact);
    let quote = "There is no point in making a pious face, accused Bukharin. Better admit what exists";
    assert!(find(&s.alignment, &s.ru, &s.en, quote, &opts.clone().limit(0)).expect("the documents aligned").is_empty());
    assert_eq!(
        find(&s.alignment, &s.ru, &s.en, "admit", &opts.clone().limit(1))
            .expect("the documents aligned")
            .iter()
            .filter(|h| !h.exact)
            .count(),
        0
    );
    let two = find(&s.alignment, &s.ru, &s.en, "admit what did exist", &opts.limit(2)).expect("the documents aligned");
    assert_eq!(two.iter().filter(|h| !h.exact).count(), 2, "{two:#?}");
}

#[test]
fn a_russian_paraphrase_finds_the_russian_passage() {
    let s = sample();
    let hits = ranked("Незачем делать благочестивое лицо, Бухарин. Признайте то, что есть");
    let top = &hits[0];
    assert_eq!(top.edition, Edition::Source);
    assert_eq!(texts(&s.ru, top), [PIOUS_RU, ADMIT_RU]);
    assert!(top.counterpart().text.contains(PIOUS_EN));
}

#[test]
fn a_one_sentence_query_stays_inside_one_turn_a_longer_one_may_cross() {
    let s = sample();
    let turn = |i: usize| s.en.sentences()[i].utterance();
    // Vyshinsky's "You had better admit what exists." then Bukharin's "I
    // admit what exists.": one sentence of query stays in one turn
    let hits = ranked("you had better admit what exists I admit");
    assert_eq!(texts(&s.en, &hits[0]), [ADMIT_EN], "{:?}", hits[0].sentences);
    for h in &hits {
        assert!(h.sentences.clone().all(|i| turn(i) == turn(h.sentence)), "{:?}", h.sentences);
    }
    // two sentences of query: the question and its answer together
    let hits = ranked("You had better admit what exists. I admit it.");
    assert_eq!(texts(&s.en, &hits[0]), [ADMIT_EN, "I admit what exists."]);
    assert_ne!(turn(hits[0].sentences.start), turn(hits[0].sentences.end - 1));
}

#[test]
fn cli_find_ranks_passages_and_says_when_nothing_matches() {
    let quote = "There is no point in making a pious face, accused Bukharin. Better admit what exists";
    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), quote]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let first = text.split("\n\n2.").next().unwrap_or(&text);
    assert!(first.contains("1. en sentences"), "{text}");
    assert!(first.contains("· score 0."), "{text}");
    assert!(first.contains("missing: none"), "{text}");
    assert!(first.contains("not in the query: here, You, had"), "{text}");
    assert!(first.contains("> en  VYSHINSKY: There is no point in making a pious face here, accused Bukharin. You had better admit what exists."), "{text}");
    assert!(first.contains("благочестивое"), "{text}");
    if sample().dict.is_some() {
        assert!(first.contains("[благочестивое] [лицо]"), "{text}");
    }

    let out = bitext(&[
        "find",
        &data("trial.ru.txt"),
        &data("trial.en.txt"),
        "The weather in Paris was lovely in the spring",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("no passage of trial.ru.txt (ru) or trial.en.txt (en) matches"), "{text}");
    assert!(text.contains("the closest:\n\n1. "), "{text}");
    assert!(text.contains(" sentence") && text.contains(" · score 0."), "{text}");

    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), quote, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let h = &v["hits"][0];
    assert_eq!(h["exact"], false);
    assert_eq!(h["match"], true);
    assert_eq!(h["route"], "direct");
    assert!(h["score"].as_f64().expect("score") > MATCH_THRESHOLD);
    assert_eq!(h["sentences"][1].as_u64().expect("end") - h["sentences"][0].as_u64().expect("start"), 2);
    assert_eq!(h["extra_words"], serde_json::json!(["here", "You", "had"]));
    assert_eq!(h["missing_words"], serde_json::json!([]));

    // a passage across two turns names both speakers
    let out = bitext(&[
        "find",
        &data("trial.ru.txt"),
        &data("trial.en.txt"),
        "You had better admit what exists. I admit it.",
    ]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("> en  VYSHINSKY: You had better admit what exists. BUKHARIN: I admit what exists.\n"),
        "{text}"
    );
    let plain = text.replace(['[', ']'], "");
    assert!(
        plain.contains("> ru  Вышинский: Признайте лучше то, что есть. Бухарин: Я признаю то, что есть.\n"),
        "{text}"
    );

    // --exact keeps only exact matches, as before
    let out = bitext(&["find", &data("trial.ru.txt"), &data("trial.en.txt"), quote, "--exact"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("no sentence of"), "{text}");
}

#[test]
fn a_query_as_long_as_the_edition_is_answered_without_panicking() {
    let s = sample();
    // the first 3,000 bytes of the English edition as the query, on a char boundary
    let text = s.en.text();
    let cut = (0..=3000.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let hits = find(&s.alignment, &s.ru, &s.en, &text[..cut], &FindOptions::default()).expect("the documents aligned");
    assert!(!hits.is_empty() && hits.len() <= 10);
    for h in &hits {
        assert!(h.sentences.len() <= 8, "{:?}", h.sentences);
        assert!((0.0..=1.0).contains(&h.score));
        assert!(h.found_words.len() + h.missing_words.len() > 100);
    }
    // nothing but punctuation and a number the editions lack
    assert!(find(&s.alignment, &s.ru, &s.en, "«…» 987654321", &FindOptions::default())
        .expect("the documents aligned")
        .is_empty());
}

/// Every sentence of either edition of six words or more, with one word
/// dropped and the first two swapped, finds a passage holding that
/// sentence (or one worded the same) first: tied for first, or first after
/// exact matches of other sentences.
#[test]
fn every_long_sentence_with_a_word_dropped_and_two_swapped_ranks_first() {
    let s = sample();
    for edition in [Edition::Target, Edition::Source] {
        let doc = edition.pick(&s.ru, &s.en);
        let (mut tried, mut first) = (0, 0);
        let mut misses = Vec::new();
        for i in 0..doc.len() {
            let text = doc.sentence_clean_text(i);
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() < 6 {
                continue;
            }
            let mut variant: Vec<&str> = words.clone();
            variant.remove(words.len() / 2);
            variant.swap(0, 1);
            let q = variant.join(" ");
            tried += 1;
            let hits = find(&s.alignment, &s.ru, &s.en, &q, &FindOptions::default().edition(Some(edition)))
                .expect("the documents aligned");
            let holds = |h: &Hit| h.is_match && h.sentences.clone().any(|j| doc.sentence_clean_text(j) == text);
            // first, or tied for first (a dropped word can make two
            // sentences alike), or after exact matches of other sentences
            // (those come first by design)
            let top = hits.first().map_or(0.0, |h| h.score);
            let ok = hits.iter().take_while(|h| h.score >= top - 1e-9).any(holds)
                || hits.first().is_some_and(|h| h.exact) && hits.iter().skip_while(|h| h.exact).take(1).any(holds);
            if ok {
                first += 1;
            } else {
                misses.push(q);
            }
        }
        assert!(tried > 100, "{edition}: {tried}");
        assert_eq!(first, tried, "{edition}: {} of {tried} missed: {misses:#?}", tried - first);
    }
}

/// Words for generated queries: some of the English edition's, common and
/// rare, a Russian one, a number and words the editions lack.
const VOCABULARY: &[&str] = &[
    "the",
    "a",
    "I",
    "you",
    "admit",
    "exists",
    "pious",
    "face",
    "Bukharin",
    "accused",
    "Rykov",
    "Berlin",
    "court",
    "did",
    "not",
    "point",
    "1932",
    "250,000",
    "лицо",
    "xylophone",
    "banana",
    ".",
    "?",
    "—",
    "«",
    "»",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever the query: scores in [0, 1], exact matches first and
    /// scoring 1, ranked passages best first, no two hits overlapping, a
    /// hit that is no match only alone, matched words inside the passage.
    #[test]
    fn hits_keep_their_invariants(words in proptest::collection::vec(0..VOCABULARY.len(), 1..14), exact in proptest::bool::ANY) {
        let s = sample();
        let q: Vec<&str> = words.iter().map(|&k| VOCABULARY[k]).collect();
        let q = q.join(" ");
        let hits = find(&s.alignment, &s.ru, &s.en, &q, &FindOptions::default().exact(exact)).expect("the documents aligned");
        let ranked_from = hits.iter().position(|h| !h.exact).unwrap_or(hits.len());
        for (k, h) in hits.iter().enumerate() {
            proptest::prop_assert!((0.0..=1.0).contains(&h.score), "{}", h.score);
            proptest::prop_assert_eq!(h.exact, k < ranked_from, "exact hits first");
            proptest::prop_assert!(!exact || h.exact);
            if h.exact {
                proptest::prop_assert!(h.score == 1.0 && h.is_match && h.missing_words.is_empty());
            }
            if !h.is_match {
                proptest::prop_assert_eq!(hits.len(), 1);
                proptest::prop_assert!(h.score < MATCH_THRESHOLD);
            }
            proptest::prop_assert!(!h.sentences.is_empty() && h.sentences.len() <= 8 && !h.beads.is_empty());
            proptest::prop_assert_eq!(h.sentence, h.sentences.start);
            proptest::prop_assert!(!h.found_words.is_empty(), "a hit holds a word of the query");
            let doc = h.edition.pick(&s.ru, &s.en);
            let span = doc.sentences()[h.sentences.start].start()..doc.sentences()[h.sentences.end - 1].end();
            for r in &h.matched {
                proptest::prop_assert!(span.start <= r.start && r.end <= span.end);
            }
            for other in &hits[k + 1..] {
                let apart = h.edition != other.edition
                    || h.sentences.end <= other.sentences.start
                    || other.sentences.end <= h.sentences.start;
                proptest::prop_assert!(apart || (h.exact && other.exact), "{:?} {:?}", h.sentences, other.sentences);
            }
        }
        for w in hits[ranked_from..].windows(2) {
            proptest::prop_assert!(w[0].score >= w[1].score, "ranked best first");
        }
    }
}
