//! Speaker labels at the start of a paragraph (or line), in the two
//! conventions of printed trial records:
//!
//! * colon style: `VYSHINSKY: ...`, `THE PRESIDENT: ...`, `Rykov: ...`,
//!   `VYSHINSKY (to Bukharin): ...`;
//! * period style: `Вышинский. ...`, `Комендант суда. ...`,
//!   `Вышинский (к Рыкову). ...`.
//!
//! A single line cannot tell `Да. Я признаю.` from `Рыков. Я признаю.`, so
//! labels are decided from evidence across the document: a candidate
//! becomes a label when it recurs at paragraph starts (or carries an aside),
//! is shaped like a name or title, is not one of the language's short
//! answer words, and the document as a whole reads like a transcript:
//! labels open a good share of its paragraphs and no title stands between
//! every few turns. A magazine page whose info boxes read `STARRING: ...`
//! and `PLOT: ...` among paragraphs of prose is no transcript.
//!
//! Everything here reads the text's normalised view (the segmenter hands it
//! over; see [`crate::Normalized`]): `Буха́рин.` pools its evidence with
//! `Бухарин.`, a `Крестинский.` written with `и` + U+0306 for `й` with
//! `Крестинский.`, and a name is the name as matched. Lines end at `\n`, `\r\n` or a lone `\r`.

use std::collections::HashMap;

use super::rules::LangRules;

/// The two label conventions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Colon,
    Period,
}

/// A possible label at the start of a line.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// The name, with its inner whitespace as written.
    pub name_end: usize,
    /// Byte range of the aside in parentheses, if any (without the parentheses).
    pub aside: Option<(usize, usize)>,
    /// Offset just past the label's final `:` or `.`.
    pub label_end: usize,
    pub style: Style,
    /// True when every letter of the name is upper case.
    pub all_caps: bool,
    /// True when every word of the name starts with a capital.
    pub title_case: bool,
    /// Number of words in the name.
    pub words: usize,
    /// True when the text after the label starts with a lower-case letter.
    pub lower_body: bool,
}

const MAX_NAME_BYTES: usize = 80;
const MAX_WORDS_COLON: usize = 6;
const MAX_WORDS_PERIOD: usize = 4;

/// Connector words allowed in lower case inside a title ("Commandant of the
/// Court", "Комендант суда" has its own rule: any lower-case word after a
/// capitalised first one).
const CONNECTORS: &[&str] = &["of", "the", "for", "de", "von", "van", "la", "le", "du", "des"];

/// Parses a label candidate at the start of `s` (which starts at byte
/// `base` of the document). Returns `None` when `s` does not start with
/// something label-shaped followed by text.
pub(crate) fn candidate(s: &str, base: usize) -> Option<Candidate> {
    let name = &s[..name_len(s)?];
    let name_end = name.len();
    // Optional aside: " (к Рыкову)" / " (to Bukharin)".
    let (aside, rest_at) = match aside_after(s, name_end)? {
        Some((open, close)) => (Some((base + open + 1, base + close)), close + 1),
        None => (None, name_end),
    };
    let rest = &s[rest_at..];
    let style = match rest.chars().next()? {
        ':' => Style::Colon,
        '.' => Style::Period,
        _ => return None,
    };
    let label_len = rest_at + 1;
    // Something must follow, after whitespace, and it must not continue the name.
    let after = &s[label_len..];
    let body = after.trim_start();
    if body.is_empty() || body.len() == after.len() {
        return None;
    }
    // "Ms. Smith" / "т. е." style: a period label followed by lower case is
    // no label (the sentence goes on).
    if style == Style::Period && body.chars().next().is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    let dashes = role_dashes(name)?;
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty() && !dashes.contains(w)).collect();
    let max_words = if style == Style::Colon { MAX_WORDS_COLON } else { MAX_WORDS_PERIOD };
    if words.is_empty() || words.len() > max_words {
        return None;
    }
    let first = words[0].chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let all_caps = name.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    if !all_caps && !title_case(&words[1..], style)? {
        return None;
    }
    Some(Candidate {
        name_end: base + name_end,
        aside,
        label_end: base + label_len,
        style,
        all_caps,
        title_case: words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)),
        words: words.len(),
        lower_body: body.chars().next().is_some_and(char::is_lowercase),
    })
}

/// The length of the name at the start of `s` (letters, spaces, hyphens,
/// apostrophes, dashes), without the spaces after it; `None` when there is
/// none, or when it runs past [`MAX_NAME_BYTES`].
fn name_len(s: &str) -> Option<usize> {
    let mut name_end = 0;
    for (i, c) in s.char_indices() {
        if super::is_letter(c) || matches!(c, ' ' | '-' | '\'' | '’' | '—' | '–') {
            name_end = i + c.len_utf8();
            if name_end > MAX_NAME_BYTES {
                return None;
            }
        } else {
            break;
        }
    }
    let name = s[..name_end].trim_end();
    (!name.is_empty()).then_some(name.len())
}

/// The aside in parentheses after the name that ends at `name_end` of `s`
/// (after spaces): `Some(Some((open, close)))`, the offsets of its
/// parentheses; `Some(None)` when no parenthesis opens there; `None` when
/// one does but holds no aside (no label then): empty, longer than a name,
/// with a sentence's stop or a line break inside, or not closed within the
/// length of a name.
fn aside_after(s: &str, name_end: usize) -> Option<Option<(usize, usize)>> {
    let rest = &s[name_end..];
    let after_space = rest.trim_start_matches(' ');
    if !after_space.starts_with('(') {
        return Some(None);
    }
    let open = name_end + (rest.len() - after_space.len());
    // an aside longer than a name is no aside: look no further, so that
    // lines opening with `Name (` cost no more than their start
    let close_rel = after_space
        .char_indices()
        .take_while(|&(i, _)| i <= MAX_NAME_BYTES + 1)
        .find(|&(_, c)| c == ')')
        .map(|(i, _)| i)?;
    let inner = &after_space[1..close_rel];
    if inner.is_empty() || inner.len() > MAX_NAME_BYTES || inner.contains(['.', '!', '?', '\n', '\r']) {
        return None;
    }
    Some(Some((open, open + close_rel)))
}

/// The dashes standing as words of `name`: a dash between words joins a
/// role and a name (`Председательствующий — Ульрих`), when it is one, and
/// capitalised names follow it; elsewhere (`Рыков — это`, inside a word,
/// twice) it makes no label, and the answer is `None`.
fn role_dashes(name: &str) -> Option<Vec<&str>> {
    let dashes: Vec<&str> = name.split(' ').filter(|w| w.contains(['—', '–'])).collect();
    if dashes.len() > 1 || dashes.iter().any(|&w| w != "—" && w != "–") {
        return None;
    }
    if let Some(&d) = dashes.first() {
        let (_, after) = name.split_once(d)?;
        let mut names = after.split(' ').filter(|w| !w.is_empty()).peekable();
        names.peek()?;
        if !names.all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
            return None;
        }
    }
    Some(dashes)
}

/// True when the words after the first of a name not in capitals make a
/// title: each capitalised, or a connector, or (period style, Russian
/// titles such as "Комендант суда") in lower case. `None` for an empty word.
fn title_case(later: &[&str], style: Style) -> Option<bool> {
    for w in later {
        let c = w.chars().next()?;
        let ok = c.is_uppercase() || CONNECTORS.contains(&w.to_lowercase().as_str()) || style == Style::Period;
        if !ok {
            return Some(false);
        }
    }
    Some(true)
}

/// What a paragraph is, as far as the transcript decision goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Running text (or speech).
    Text,
    /// A short line without closing punctuation: a session heading, a
    /// title.
    Heading,
    /// A separator, a stage direction or the heading of a record's part
    /// (a session, an examination): neither opens nor breaks a turn.
    Aside,
}

/// The beginnings of the words that make a heading the heading of a
/// record's part: a session, an examination, a speech (`Утреннее заседание
/// 7 марта`, `Допрос подсудимого Бухарина`, `Morning Session`,
/// `Interrogation of the Accused Bukharin`, `Vernehmung`, `Séance`).
const RECORD_HEADING_WORDS: &[&str] = &[
    "заседани",
    "допрос",
    "показани",
    "речь",
    "последнее",
    "session",
    "sitting",
    "interrogation",
    "examination",
    "cross-examination",
    "evidence",
    "speech",
    "sitzung",
    "vernehmung",
    "verhör",
    "séance",
    "audience",
    "interrogatoire",
];

/// True when heading `p` heads a part of a record (see
/// [`RECORD_HEADING_WORDS`]): such headings belong to the record, and do
/// not speak against a document being one.
pub(crate) fn record_heading(p: &str) -> bool {
    p.split(|c: char| !c.is_alphabetic() && c != '-').any(|w| {
        let w = w.to_lowercase();
        RECORD_HEADING_WORDS.iter().any(|k| w.starts_with(k))
    })
}

/// A candidate label where it was found.
#[derive(Clone, Debug)]
pub(crate) struct Found<'t> {
    pub cand: Candidate,
    /// The name as written.
    pub name: &'t str,
    /// The paragraph it is in.
    pub para: usize,
    /// True when it opens its paragraph (not a later line of it).
    pub opens_para: bool,
}

/// Evidence about one candidate name across the document.
#[derive(Default, Debug)]
struct Evidence {
    count: usize,
    asides: usize,
}

/// Decides which candidates are labels. `found` holds the candidates at
/// line starts, in document order; `shapes` tells what each paragraph is.
/// Returns one flag per entry of `found`.
///
/// The document is a transcript when its regular labels (names that
/// recur or carry an aside, and names in capitals before a colon)
///
/// * are at least two, and open most of the paragraphs of text, or open at
///   least a third of them with some name heard twice;
/// * make the turn structure: no more than one heading for every eight
///   labels stands between the first label and the last (a record has a
///   heading a session, after dozens of turns; a catalogue has a title an
///   entry, after two or three boxes).
///
/// Then every recurring, plausible name is a label, and a name heard once
/// when it is shaped like one (see [`heard_once`] and
/// [`heard_once_in_record`]).
///
/// A document without regular labels is a record too when labels heard
/// once open most of its paragraphs (at least three of them, with the
/// same limit on headings): the opening of a session, where the
/// commandant, the president and a defendant each speak once. `common`
/// tells a capitalised word that the document also writes in lower case.
pub(crate) fn decide(
    found: &[Found<'_>],
    shapes: &[Shape],
    rules: &LangRules,
    common: impl Fn(&str) -> bool,
    heard_elsewhere: impl Fn(&str) -> bool,
) -> Vec<bool> {
    let mut ev: HashMap<(&str, Style), Evidence> = HashMap::new();
    for f in found {
        let e = ev.entry((normalize_key(f.name), f.cand.style)).or_default();
        e.count += 1;
        e.asides += usize::from(f.cand.aside.is_some());
    }
    let plausible = |c: &Candidate, name: &str| -> bool {
        let lower = name.to_lowercase();
        let first = lower.split(' ').next().unwrap_or("");
        if rules.not_speakers.contains(&lower.as_str()) || rules.not_speakers.contains(&first) {
            return false;
        }
        // A period-style one-letter "name" is an initial or a pronoun.
        !(c.style == Style::Period && name.chars().count() < 2)
    };
    // Recurring, plausible candidates: the document's regular speakers; a
    // name that another edition of the text gives a speaker, opening its
    // paragraph, is heard there.
    let recurring = |f: &Found<'_>| -> bool {
        let e = &ev[&(normalize_key(f.name), f.cand.style)];
        let elsewhere = || f.opens_para && !f.cand.lower_body && heard_elsewhere(f.name);
        plausible(&f.cand, f.name) && (e.count >= 2 || e.asides > 0 || elsewhere())
    };
    // A name in capitals before a colon is a label on its own evidence.
    let strong = |f: &Found<'_>| {
        let c = &f.cand;
        c.style == Style::Colon && c.all_caps && f.name.chars().filter(|c| c.is_alphabetic()).count() >= 2
    };
    let regular: Vec<&Found<'_>> = found.iter().filter(|f| recurring(f) || strong(f)).collect();
    if is_transcript(&regular, shapes, |f| recurring(f)) {
        // `Рыков сказал правду.` speaks of a speaker: no title of its own
        let speakers: std::collections::HashSet<&str> =
            regular.iter().filter(|f| f.cand.words == 1).map(|f| normalize_key(f.name)).collect();
        let once = |f: &Found<'_>| {
            let first = f.name.split(' ').next().unwrap_or("");
            heard_once_in_record(f, rules, &common) && (f.cand.words == 1 || !speakers.contains(first))
        };
        return found
            .iter()
            .map(|f| plausible(&f.cand, f.name) && (recurring(f) || heard_once(&f.cand, f.name) || once(f)))
            .collect();
    }
    // No regular speakers, yet the document may be a record by its shape:
    // most paragraphs open with a label, each heard once (the opening of a
    // session: the commandant, the president, a defendant).
    let shaped = |f: &Found<'_>| {
        f.opens_para
            && plausible(&f.cand, f.name)
            && (heard_once(&f.cand, f.name) || heard_once_in_record(f, rules, &common))
    };
    let by_shape: Vec<&Found<'_>> = found.iter().filter(|f| shaped(f)).collect();
    let record = by_shape.len() >= 3 && is_transcript(&by_shape, shapes, |_| false);
    found.iter().map(|f| record && shaped(f)).collect()
}

/// True when a period-style label heard once is a label in a document that
/// is a record: a name or title of up to four words (`Шарангович`,
/// `Комендант суда`, `Член суда Матулевич`) whose first word is no
/// function word and no common word of the document (one it also writes
/// in lower case, as `Слушаю` / `слушаю`) unless a later word is a name,
/// opening its paragraph.
/// The language's answer words are ruled out before (`Да.`, `Так.`).
fn heard_once_in_record(f: &Found<'_>, rules: &LangRules, common: &impl Fn(&str) -> bool) -> bool {
    let c = &f.cand;
    // a later line of a paragraph is too often the speech after a label
    // on a line of its own (`Орлов.` / `Соседи. Они ...`)
    if !f.opens_para || c.style != Style::Period || c.lower_body || c.words > MAX_WORDS_PERIOD {
        return false;
    }
    let mut words = f.name.split(' ').filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let lower = first.to_lowercase();
    if rules.sentence_starters.contains(&lower.as_str()) || rules.one_letter_words.contains(&first) {
        return false;
    }
    let named = words.any(|w| w.chars().next().is_some_and(char::is_uppercase));
    named || c.all_caps || !common(first)
}

/// The document-wide test of [`decide`], over the regular labels (in
/// document order); `recurs` tells a name heard more than once.
fn is_transcript(regular: &[&Found<'_>], shapes: &[Shape], recurs: impl Fn(&Found<'_>) -> bool) -> bool {
    let (Some(first), Some(last)) = (regular.first(), regular.last()) else {
        return false;
    };
    let n = regular.len();
    if n < 2 {
        return false;
    }
    // The units a label could open: paragraphs of text and headings, and
    // the later lines of a paragraph that carry a label.
    let units =
        shapes.iter().filter(|&&s| s != Shape::Aside).count() + regular.iter().filter(|f| !f.opens_para).count();
    let share = if 2 * n > units { true } else { 3 * n >= units && regular.iter().any(|f| recurs(f)) };
    if !share {
        return false;
    }
    // Headings standing between turns (a labelled paragraph is no heading,
    // however short).
    let opened: Vec<usize> = regular.iter().filter(|f| f.opens_para).map(|f| f.para).collect();
    let headings = (first.para..last.para)
        .filter(|&p| shapes.get(p) == Some(&Shape::Heading) && opened.binary_search(&p).is_err())
        .count();
    headings * 8 <= n
}

/// True when a label heard once in a transcript is shaped like one: with a
/// colon, a name in capitals, or a name whose hyphenated words are names
/// too (`Jean-Pierre`, not `Sword-and-sandal`) before a sentence that
/// starts as one (not `Cross-examination: the defence ...`); with a period, a name of several
/// capitalised words. A lone word or a phrase in sentence case before a
/// period ("Да.", "Встреча состоялась.") is too often an ordinary sentence.
fn heard_once(c: &Candidate, name: &str) -> bool {
    match c.style {
        Style::Colon => c.all_caps || (!c.lower_body && name.split(' ').all(name_like_word)),
        Style::Period => c.words >= 2 && c.title_case,
    }
}

/// A word of a name: its hyphenated parts after the first are capitalised
/// (`Jean-Pierre`, `Римский-Корсаков`) or short particles (`г-н`).
fn name_like_word(w: &str) -> bool {
    w.split(['-', '‐']).skip(1).all(|part| {
        part.chars().next().is_none_or(char::is_uppercase) || part.chars().filter(|c| c.is_alphabetic()).count() <= 2
    })
}

/// The key under which evidence for a name is pooled: the name with its
/// inner whitespace collapsed (as written, case kept).
fn normalize_key(name: &str) -> &str {
    name.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(line: &str) -> (Candidate, &str) {
        let c = candidate(line, 0).expect("a candidate");
        let name = &line[..c.name_end];
        (c, name)
    }

    #[test]
    fn a_name_heard_once_must_look_like_one() {
        for line in [
            "Jean-Pierre Dubois: Good evening.",
            "Римский-Корсаков: Начнём.",
            "Г-н Петров: Слушаю.",
            "NOTE: see below.",
        ] {
            let (c, name) = cand(line);
            assert!(heard_once(&c, name), "{line}");
        }
        for line in ["Sword-and-sandal: A genre.", "Cross-examination: the defence rests.", "Summary: it rained."] {
            let (c, name) = cand(line);
            assert!(!heard_once(&c, name), "{line}");
        }
    }

    #[test]
    fn a_dash_joins_a_role_and_a_name_only() {
        let (c, name) = cand("Председательствующий — Ульрих. Садитесь.");
        assert_eq!((name, c.words), ("Председательствующий — Ульрих", 2));
        for line in ["Рыков — это был он. Я видел.", "Рыков — Бухарин — Томский. Все трое.", "Рыков —. Да."]
        {
            assert!(candidate(line, 0).is_none(), "{line}");
        }
    }

    /// Whether labels opening the paragraphs `at` (every name heard twice)
    /// make a transcript of paragraphs shaped as `shapes`.
    fn transcript(at: &[usize], shapes: &[Shape]) -> bool {
        let (c, name) = cand("SMITH: Yes.");
        let found: Vec<Found<'_>> =
            at.iter().map(|&para| Found { cand: c.clone(), name, para, opens_para: true }).collect();
        let refs: Vec<&Found<'_>> = found.iter().collect();
        is_transcript(&refs, shapes, |_| true)
    }

    #[test]
    fn labels_must_open_a_share_of_paragraphs_and_make_the_turns() {
        use Shape::{Aside, Heading, Text};
        // a third of the paragraphs, a name heard twice
        assert!(transcript(&[0, 3], &[Text, Text, Text, Text, Text, Text]));
        // a quarter is too few
        assert!(!transcript(&[0, 4], &[Text; 8]));
        // separators and stage directions do not count
        assert!(transcript(&[0, 4], &[Text, Aside, Aside, Text, Text, Text, Aside]));
        // a title between every two labels: a catalogue
        assert!(!transcript(&[1, 2, 4, 5], &[Heading, Text, Text, Heading, Text, Text]));
        // a session heading among many turns; one every few turns is too many
        let mut shapes = vec![Text; 20];
        shapes[6] = Heading;
        assert!(transcript(&(0..20).filter(|&p| p != 6).collect::<Vec<_>>(), &shapes));
        shapes[10] = Heading;
        shapes[14] = Heading;
        let between: Vec<usize> = (0..20).filter(|p| ![6, 10, 14].contains(p)).collect();
        assert!(!transcript(&between, &shapes));
        // one label is no record
        assert!(!transcript(&[0], &[Text]));
    }
}
