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
//! answer words, and the document as a whole reads like a transcript.

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
}

const MAX_NAME_BYTES: usize = 80;
const MAX_WORDS_COLON: usize = 6;
const MAX_WORDS_PERIOD: usize = 3;

/// Connector words allowed in lower case inside a title ("Commandant of the
/// Court", "Комендант суда" has its own rule: any lower-case word after a
/// capitalised first one).
const CONNECTORS: &[&str] = &["of", "the", "for", "de", "von", "van", "la", "le", "du", "des"];

/// Parses a label candidate at the start of `s` (which starts at byte
/// `base` of the document). Returns `None` when `s` does not start with
/// something label-shaped followed by text.
pub(crate) fn candidate(s: &str, base: usize) -> Option<Candidate> {
    // The name: letters, spaces, hyphens, apostrophes, dots inside initials.
    let mut name_end = 0;
    for (i, c) in s.char_indices() {
        if c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '’' {
            name_end = i + c.len_utf8();
            if name_end > MAX_NAME_BYTES {
                return None;
            }
        } else {
            break;
        }
    }
    let name = s[..name_end].trim_end();
    if name.is_empty() {
        return None;
    }
    let name_end = name.len();
    let mut rest = &s[name_end..];
    let mut aside = None;
    // Optional aside: " (к Рыкову)" / " (to Bukharin)".
    let after_space = rest.trim_start_matches(' ');
    if after_space.starts_with('(') {
        let open = name_end + (rest.len() - after_space.len());
        // an aside longer than a name is no aside: look no further, so that
        // lines opening with `Name (` cost no more than their start
        let close_rel = after_space
            .char_indices()
            .take_while(|&(i, _)| i <= MAX_NAME_BYTES + 1)
            .find(|&(_, c)| c == ')')
            .map(|(i, _)| i)?;
        let inner = &after_space[1..close_rel];
        if inner.is_empty() || inner.len() > MAX_NAME_BYTES || inner.contains(['.', '!', '?', '\n']) {
            return None;
        }
        aside = Some((base + open + 1, base + open + close_rel));
        rest = &s[open + close_rel + 1..];
    }
    let style = match rest.chars().next()? {
        ':' => Style::Colon,
        '.' => Style::Period,
        _ => return None,
    };
    let label_len = s.len() - rest.len() + 1;
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
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let max_words = if style == Style::Colon { MAX_WORDS_COLON } else { MAX_WORDS_PERIOD };
    if words.is_empty() || words.len() > max_words {
        return None;
    }
    let first = words[0].chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let all_caps = name.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    if !all_caps {
        // Title case: later words capitalised, or connectors, or (period
        // style, Russian titles such as "Комендант суда") lower case.
        for w in &words[1..] {
            let c = w.chars().next()?;
            let ok = c.is_uppercase() || CONNECTORS.contains(&w.to_lowercase().as_str()) || style == Style::Period;
            if !ok {
                return None;
            }
        }
    }
    Some(Candidate {
        name_end: base + name_end,
        aside,
        label_end: base + label_len,
        style,
        all_caps,
        title_case: words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)),
        words: words.len(),
    })
}

/// Evidence about one candidate name across the document.
#[derive(Default, Debug)]
struct Evidence {
    count: usize,
    asides: usize,
}

/// Decides which candidates are labels. `found` holds, for each line start
/// that had a candidate, the candidate and its name text. Returns one flag
/// per entry of `found`.
pub(crate) fn decide(found: &[(Candidate, &str)], paragraphs: usize, rules: &LangRules) -> Vec<bool> {
    let mut ev: HashMap<(&str, Style), Evidence> = HashMap::new();
    for (c, name) in found {
        let e = ev.entry((normalize_key(name), c.style)).or_default();
        e.count += 1;
        e.asides += usize::from(c.aside.is_some());
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
    // Recurring, plausible candidates: the document's regular speakers.
    let recurring = |c: &Candidate, name: &str| -> bool {
        let e = &ev[&(normalize_key(name), c.style)];
        plausible(c, name) && (e.count >= 2 || e.asides > 0)
    };
    // A name in capitals before a colon is a label on its own evidence.
    let strong = |c: &Candidate, name: &str| {
        c.style == Style::Colon && c.all_caps && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
    };
    let regular: usize = found.iter().filter(|(c, n)| recurring(c, n) || strong(c, n)).count();
    // A transcript: labels open a good share of the paragraphs.
    let transcript = regular >= 2 && regular * 10 >= paragraphs.max(1);
    found
        .iter()
        .map(|(c, name)| {
            if !transcript || !plausible(c, name) {
                return false;
            }
            if recurring(c, name) {
                return true;
            }
            // A speaker heard once: accept any name with a colon, and names
            // of several capitalised words with a period; a lone word or a
            // phrase in sentence case before a period ("Да.", "Встреча
            // состоялась.") is too often an ordinary sentence.
            match c.style {
                Style::Colon => true,
                Style::Period => c.words >= 2 && c.title_case,
            }
        })
        .collect()
}

/// The key under which evidence for a name is pooled: the name with its
/// inner whitespace collapsed (as written, case kept).
fn normalize_key(name: &str) -> &str {
    name.trim()
}
