//! Sentence boundaries inside one stretch of text (a paragraph's body).
//!
//! The Unicode sentence rules (UAX #29, through `unicode-segmentation`)
//! propose the boundaries; the language's rules then take back those that
//! follow an abbreviation, an initial or a word with inner periods (unless
//! the word after it starts sentences, by the document's own spelling:
//! [`Orthography`]), that come before a lower-case continuation (Russian
//! dialogue: `— Кто там? — спросил он.`), that follow a `!` or `?` inside
//! a short quoted name (`телеканал "Матч! Футбол 2".`), or that would leave
//! a fragment without a letter or digit, and add the ones that UAX #29 does
//! not know (after an ellipsis `…` before a capital, after a smiley such as
//! `)` or `:)` before a word).
//!
//! Text that starts its sentences in lower case (user reviews: `... ни
//! ногой. покупали ...`) is told by its own full stops ([`Starts`]); in
//! such text a lower-case word after `.`, `!` or `?` starts a sentence too,
//! unless the period is an abbreviation's or an initial's.

use std::cell::{OnceCell, RefCell};

use super::rules::LangRules;
use rustc_hash::{FxHashMap, FxHashSet};

/// Opening punctuation skipped when looking at how a sentence starts.
fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '«' | '"' | '“' | '„' | '\'' | '‘' | '‚' | '—' | '–' | '-' | '−' | '‹' | '¡' | '¿')
        || c.is_whitespace()
}

/// Closing punctuation skipped when looking at how a sentence ends.
fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '»' | '"' | '”' | '\'' | '’' | '›')
}

/// How a text starts its sentences, read from its own full stops: how
/// often a period that ends a word (not an abbreviation of the language's
/// lists, an initial, a number or a word with inner periods such as
/// `т.е`) is followed by a lower-case word, and how often by a capital.
/// Question and exclamation marks are no evidence: a lower-case word after
/// them goes on with the sentence in edited text too (`Ура! кричали все`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Starts {
    lower: usize,
    upper: usize,
}

impl Starts {
    /// Counts the sentence starts after the full stops of `s`.
    #[cfg(test)]
    pub(crate) fn of(s: &str, rules: &LangRules) -> Starts {
        Starts { lower: Self::count(s, rules, char::is_lowercase), upper: Self::count(s, rules, char::is_uppercase) }
    }

    /// How many sentence starts after the full stops of `s` open with a
    /// letter that `case` accepts, in one pass; the lists of abbreviations
    /// are read only at those.
    fn count(s: &str, rules: &LangRules, case: fn(char) -> bool) -> usize {
        let mut n = 0;
        for (i, _) in s.match_indices('.') {
            let rest = &s[i + 1..];
            let after = rest.trim_start();
            if after.len() == rest.len() || s[..i].ends_with('.') {
                continue; // no whitespace after it, or the end of an ellipsis
            }
            let Some(next) = after.chars().find(|&c| !is_opening(c) || is_dash(c)) else {
                continue;
            };
            if !case(next) {
                continue;
            }
            // the word before the period, after one space at most (`грузят . когда`)
            let before = &s[..i];
            let before = before.strip_suffix(' ').unwrap_or(before);
            if word_before(before).is_some_and(|w| !abbreviation(w, rules)) {
                n += 1;
            }
        }
        n
    }

    /// True when `s` starts its sentences in lower case: at least twice,
    /// and more often than with a capital. The capitals are counted only
    /// when the lower-case starts could win (in most text they are rare).
    pub(crate) fn lower_case_in(s: &str, rules: &LangRules) -> bool {
        let lower = Self::count(s, rules, char::is_lowercase);
        lower >= 2 && lower > Self::count(s, rules, char::is_uppercase)
    }
}

/// What a document says about the case of its own words, the orthographic
/// evidence of Kiss & Strunk's Punkt (2006): which words it writes in lower
/// case somewhere, and which it capitalises in the middle of a sentence.
/// After a period that may be an abbreviation's (see [`keep_boundary`]), a
/// capitalised word starts a new sentence only when it is a common word of
/// the document ([`Orthography::common_word`]): `The` after `10 P.M.` does,
/// `Moscow` does not.
///
/// The first [`DIRECT_QUESTIONS`] words asked about are looked up in the
/// text one by one (a substring search each); past them, the word lists of
/// the whole document are read once. Text without such periods pays
/// nothing, and text with many pays one pass.
pub(crate) struct Orthography<'t> {
    text: &'t str,
    words: OnceCell<Words<'t>>,
    /// The answers found by searching, by word.
    answers: RefCell<FxHashMap<String, bool>>,
}

/// How many words [`Orthography`] looks up one by one before it reads the
/// word lists of the whole document.
const DIRECT_QUESTIONS: usize = 24;

/// The word forms of a document, as written (see [`Orthography`]).
#[derive(Default)]
struct Words<'t> {
    /// Words that start with a lower-case letter.
    lower: FxHashSet<&'t str>,
    /// Capitalised words (not in capitals throughout) that follow a word,
    /// a number or a comma on the same line, with no opening punctuation
    /// of their own: capitals that no sentence start explains.
    mid_capital: FxHashSet<&'t str>,
}

impl<'t> Orthography<'t> {
    /// The evidence of `text` (read when first needed).
    pub(crate) fn new(text: &'t str) -> Orthography<'t> {
        Orthography { text, words: OnceCell::new(), answers: RefCell::new(FxHashMap::default()) }
    }

    fn words(&self) -> &Words<'t> {
        self.words.get_or_init(|| {
            let mut words = Words::default();
            // does the token before go on with a sentence (a word, a number, a comma)?
            let mut continues = false;
            let mut line_break = false;
            let mut rest = self.text;
            loop {
                let token_start = rest.len() - rest.trim_start().len();
                line_break |= rest[..token_start].contains(['\n', '\r']);
                rest = &rest[token_start..];
                if rest.is_empty() {
                    break;
                }
                let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let token = &rest[..token_len];
                rest = &rest[token_len..];
                let bare = token.trim_start_matches(is_opening);
                let word = leading_word(bare);
                if let Some(first) = word.chars().next() {
                    if first.is_lowercase() {
                        words.lower.insert(word);
                    } else if first.is_uppercase()
                        && continues
                        && !line_break
                        && bare.len() == token.len()
                        && word.chars().any(char::is_lowercase)
                    {
                        words.mid_capital.insert(word);
                    }
                }
                continues = token.ends_with(|c: char| c.is_alphanumeric() || c == ',' || c == ';');
                line_break = false;
            }
            words
        })
    }

    /// True when the capitalised `word` is a common word of the document,
    /// capitalised only because it starts a sentence: the document also
    /// writes it in lower case, and never capitalises it in the middle of
    /// a sentence. A word in capitals throughout (`NASA`) and a word the
    /// document never writes in lower case count as names (`Moscow`): a
    /// function word that starts sentences (`The`, `We`, `И`) is nearly
    /// always found in lower case somewhere else in the same text, while a
    /// name seldom is, so a word without evidence leaves the abbreviation
    /// in its sentence.
    pub(crate) fn common_word(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() || (word.chars().count() > 1 && !word.chars().any(char::is_lowercase)) {
            return false;
        }
        let lower: String = first.to_lowercase().chain(chars).collect();
        if self.words.get().is_none() {
            let mut answers = self.answers.borrow_mut();
            if let Some(&a) = answers.get(word) {
                return a;
            }
            if answers.len() < DIRECT_QUESTIONS {
                let a = self.written_lower(&lower) && !self.capitalised_mid_sentence(word);
                answers.insert(word.to_string(), a);
                return a;
            }
        }
        let words = self.words();
        words.lower.contains(lower.as_str()) && !words.mid_capital.contains(word)
    }

    /// The places where `word` stands in the text and ends where
    /// [`leading_word`] would end it (not followed by a letter, nor by a
    /// hyphen and a letter).
    fn ends_of<'s>(&'s self, word: &'s str) -> impl Iterator<Item = usize> + 's {
        let text = self.text;
        memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).filter(move |&at| {
            let mut next = text[at + word.len()..].chars();
            match (next.next(), next.next()) {
                (Some(c), _) if c.is_alphabetic() => false,
                (Some('-'), Some(c)) if c.is_alphabetic() => false,
                _ => true,
            }
        })
    }

    /// True when the document writes `lower` as a word of its own.
    fn written_lower(&self, lower: &str) -> bool {
        let text = self.text;
        self.ends_of(lower).any(|at| {
            let token_start = text[..at]
                .rfind(char::is_whitespace)
                .map_or(0, |k| k + text[k..].chars().next().map_or(1, char::len_utf8));
            text[token_start..at].chars().all(is_opening)
        })
    }

    /// True when the document capitalises `word` right after a word, a
    /// number, a comma or a semicolon on the same line (without opening
    /// punctuation of its own): a capital that no sentence start explains.
    fn capitalised_mid_sentence(&self, word: &str) -> bool {
        if !word.chars().any(char::is_lowercase) {
            return false;
        }
        let text = self.text;
        self.ends_of(word).any(|at| {
            let before = &text[..at];
            let token = before.trim_end_matches(|c: char| c.is_whitespace());
            if token.len() == before.len() || token.is_empty() {
                // inside a token (opening punctuation or more), or first
                return false;
            }
            let gap = &before[token.len()..];
            !gap.contains(['\n', '\r']) && token.ends_with(|c: char| c.is_alphanumeric() || c == ',' || c == ';')
        })
    }
}

/// The word at the start of `s`: letters, with hyphens between them
/// (`из-за`), up to an apostrophe (`There` of `There's`); empty when `s`
/// does not start with a letter.
fn leading_word(s: &str) -> &str {
    let mut end = 0;
    let mut inner = false; // the last character was a hyphen
    for (i, c) in s.char_indices() {
        if super::is_letter(c) {
            end = i + c.len_utf8();
            inner = false;
        } else if c == '-' && end > 0 && !inner {
            inner = true;
        } else {
            break;
        }
    }
    &s[..end]
}

/// The word at the end of `s` when it is a word of two letters or more
/// (hyphens allowed), after any opening punctuation; `None` for numbers,
/// one-letter words and initials, words with inner periods (`т.е`, `a.m`),
/// words in scripts without case, and anything longer than a word gets
/// (looked for no further). Letters are told by their case: cheaper than
/// the alphabetic property, and it is case that the caller reads.
fn word_before(s: &str) -> Option<&str> {
    const LONGEST: usize = 40;
    let mut start = s.len();
    for (k, (i, c)) in s.char_indices().rev().enumerate() {
        if c.is_whitespace() {
            break;
        }
        if k == LONGEST {
            return None;
        }
        start = i;
    }
    // letters with case (the only scripts where case tells anything)
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    let word = s[start..].trim_start_matches(is_opening);
    let plain = word.chars().all(|c| cased(c) || c == '-');
    (plain && word.chars().filter(|&c| cased(c)).count() >= 2).then_some(word)
}

/// True when `word` (before a period) is one of the language's
/// abbreviations that stand before a lower-case word or a name.
fn abbreviation(word: &str, rules: &LangRules) -> bool {
    rules.mid_sentence.contains(&word) || rules.non_final.contains(&word)
}

/// Pushes the byte ranges (relative to `s`) of the sentences of `s` into
/// `out`. Each range starts at a non-whitespace character and ends after
/// the last non-whitespace character of the sentence; together they cover
/// every non-whitespace character of `s` exactly once. With `lower_starts`,
/// `s` is text that starts sentences in lower case (see [`Starts`]);
/// `orth` is the evidence of the document `s` belongs to.
pub(crate) fn split(
    s: &str,
    rules: &LangRules,
    lower_starts: bool,
    orth: &Orthography<'_>,
    out: &mut Vec<(usize, usize)>,
) {
    let first = out.len();
    // UAX #29 boundaries, further cut where it misses one (see `extra_cuts`)
    let (cuts, smileys) = extra_cuts(s, lower_starts, rules.question_semicolon);
    let mut next_cut = 0;
    let mut off = 0;
    for end in super::uax29::sentence_ends(s) {
        let mut from = off;
        while next_cut < cuts.len() && cuts[next_cut] < end {
            let cut = cuts[next_cut];
            if cut > from {
                push_trimmed(s, from, cut, out);
                from = cut;
            }
            next_cut += 1;
        }
        push_trimmed(s, from, end, out);
        off = end;
    }
    // Take back boundaries that the language's rules reject. Whether the
    // sentence built so far holds a letter or digit is carried along, so
    // that a long run of fragments without one (`? ? ? ...`) is not scanned
    // again at every boundary.
    let mut w = first;
    let mut w_alnum = false;
    for r in first..out.len() {
        let cur = out[r];
        let cur_alnum = s[cur.0..cur.1].chars().any(super::is_letter_or_digit);
        let ends = if w > first && smileys.binary_search(&out[w - 1].1).is_ok() {
            End::Smiley
        } else if lower_starts {
            End::LowerStarts
        } else {
            End::Edited
        };
        if w > first && !keep_boundary(s, (out[w - 1], w_alnum), (cur, cur_alnum), rules, orth, ends) {
            out[w - 1].1 = cur.1;
            w_alnum |= cur_alnum;
        } else {
            out[w] = cur;
            w += 1;
            w_alnum = cur_alnum;
        }
    }
    out.truncate(w);
}

/// Cuts `s[from..]` (which starts and ends with a non-whitespace
/// character) into pieces of at most `max` characters and pushes their byte
/// ranges (relative to `s`) into `out`. A piece ends at the last whitespace
/// that keeps it within `max` characters, or, when the next `max` characters
/// hold no whitespace, after the `max`-th character, moved back to the
/// grapheme boundary before it (see [`hard_cut`]). Pieces are trimmed;
/// together they cover every non-whitespace character of `s[from..]`
/// exactly once. Linear time: a window of `max` characters is scanned per
/// piece, and two consecutive pieces consume at least `max` characters
/// between them (the second window starts past the last whitespace of the
/// first).
pub(crate) fn cut_long(s: &str, from: usize, max: usize, out: &mut Vec<(usize, usize)>) {
    let max = max.max(1);
    let mut a = from;
    loop {
        let rest = &s[a..];
        a += rest.len() - rest.trim_start().len();
        if a >= s.len() {
            return;
        }
        let piece = &s[a..];
        let mut last_ws = None;
        let mut cut = None;
        for (k, (i, c)) in piece.char_indices().enumerate() {
            if k == max {
                // the first `max` characters are `piece[..i]`
                cut = Some(if c.is_whitespace() { i } else { last_ws.unwrap_or_else(|| hard_cut(piece, i)) });
                break;
            }
            if c.is_whitespace() {
                last_ws = Some(i);
            }
        }
        let Some(cut) = cut else {
            out.push((a, s.len()));
            return;
        };
        // `cut` > 0: the piece starts with a non-whitespace character
        let head = piece[..cut].trim_end();
        out.push((a, a + head.len()));
        a += cut;
    }
}

/// Where a piece of `piece[..i]` with no whitespace to cut at ends: at
/// the last grapheme boundary, so that a letter keeps its combining marks
/// and a character that normalises to several (`ਸ਼`, `שׁ`) is not cut
/// between a span and the next; and not after what reads as a footnote
/// mark on its own (`word*` of `word****x`), which the piece's own view
/// would drop and the text's keeps. Falls back to `i` when either would
/// leave the piece empty (a cluster or a run of marks longer than the cap).
fn hard_cut(piece: &str, i: usize) -> usize {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(i, piece.len(), true);
    let g = match cursor.is_boundary(piece, 0) {
        Ok(false) => cursor.prev_boundary(piece, 0).ok().flatten().filter(|&g| g > 0).unwrap_or(i),
        _ => i,
    };
    match piece[..g].trim_end_matches(crate::furniture::may_end_mark).len() {
        0 => g,
        m => m,
    }
}

fn push_trimmed(s: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &s[a..b];
    let t = piece.trim_start();
    let start = a + (piece.len() - t.len());
    let end = start + t.trim_end().len();
    if end > start {
        out.push((start, end));
    }
}

/// Offsets (relative to `s`, ascending) where UAX #29 misses a boundary:
/// * after an ellipsis `…` followed by whitespace and a capital or a digit,
///   and so after `;` in a language that asks questions with it (Greek:
///   `question_semicolon`);
/// * after a period followed by whitespace and a number, or an amount
///   with its currency sign first (UAX #29 joins `... permit. 46 ships
///   took part` and `... Boracho. ₽420 for a pint` because a lower-case
///   word follows the number);
/// * after `.`, `?`, `!` followed by a dash and a capital (`МВД. - С
///   травмами`: UAX #29 treats the hyphen as a continuation);
/// * after a smiley followed by whitespace and a word (`кальянов)
///   Постоянно`, `store :) We buy`, `доставка ))) когда`): a run of `)`
///   that closes no bracket and ends no list marker (`а)`), or `:)`, `;)`,
///   `:-)`, `:(`, `((`;
/// * with `lower_starts`, after a period followed by whitespace and a
///   lower-case word (UAX #29 never ends a sentence at a period before a
///   lower-case word).
///
/// Also returns the offsets among them that follow a smiley.
fn extra_cuts(s: &str, lower_starts: bool, question_semicolon: bool) -> (Vec<usize>, Vec<usize>) {
    let mut cuts = Vec::new();
    let mut smileys = Vec::new();
    let mut depth = 0usize; // brackets open
    let mut i = 0;
    while let Some(k) = next_mark(s.as_bytes(), i, question_semicolon) {
        i = k;
        let c = s[i..].chars().next().expect("found");
        let len = c.len_utf8();
        if c == '(' || c == ')' {
            // a run of the same bracket
            let run = s[i..].len() - s[i..].trim_start_matches(c).len();
            let end = i + run;
            let eyes = ends_with_smiley_eyes(&s[..i]);
            let smiley = if c == '(' {
                // `:(` or `((` before whitespace: a sad smiley, not brackets
                let sad = (eyes || run >= 2) && s[end..].chars().next().is_none_or(char::is_whitespace);
                if !sad {
                    depth += run;
                }
                sad
            } else {
                // brackets that close open ones (`(... Давида:)` too); the
                // rest of the run is a smiley, unless it ends a list marker
                // (`а)`, `2)`)
                let closed = run.min(depth);
                depth -= closed;
                closed < run && (eyes || closed > 0 || !list_marker(&s[..i]))
            };
            if smiley {
                if let Some(cut) = cut_after_smiley(s, end) {
                    cuts.push(cut);
                    smileys.push(cut);
                }
            }
            i = end;
            continue;
        }
        i += len;
        let at = i - len;
        if s[i..].starts_with(['.', '?', '!']) || (c == '.' && s[..at].ends_with('.')) {
            continue; // cut after the last of a run; "..." is cut by UAX #29 already
        }
        let mut j = i;
        // closing quotes and brackets stay with the sentence they close
        // (a bracket run is looked at on its own, above)
        while let Some(c) = s[j..].chars().next().filter(|&c| is_closing(c) && c != ')') {
            j += c.len_utf8();
        }
        let rest = &s[j..];
        let next = rest.trim_start();
        let dash = next.starts_with(['-', '–', '—', '−']) && starts_like_sentence(next);
        let next_ok = match c {
            '…' | ';' => starts_like_sentence(next),
            '.' => dash || starts_with_number(next) || (lower_starts && starts_lower(next)),
            _ => dash,
        };
        if next.len() < rest.len() && next_ok && j < s.len() {
            cuts.push(j);
        }
    }
    (cuts, smileys)
}

/// The offset of the first of `…`, `.`, `?`, `!`, `)`, `(` (and `;` with
/// `semicolon`) in `b[from..]`, the bytes of a string: a byte at a time
/// (`…` is the only one of more than one byte).
fn next_mark(b: &[u8], from: usize, semicolon: bool) -> Option<usize> {
    let hit = |x: u8| {
        (x == b'.') | (x == b'?') | (x == b'!') | (x == b')') | (x == b'(') | ((x == b';') & semicolon) | (x == 0xE2)
    };
    let mut i = from;
    while let Some(k) = super::uax29::find_byte(b, i, hit) {
        if b[k] != 0xE2 || b[k..].starts_with("…".as_bytes()) {
            return Some(k);
        }
        i = k + 1;
    }
    None
}

/// True when `s` starts with a digit, or with a currency sign and a digit
/// (`$5`, `₽ 420`).
fn starts_with_number(s: &str) -> bool {
    let amount = s.trim_start_matches(['$', '€', '£', '¥', '₽', '₴', '₸', '₹']);
    let amount = if amount.len() < s.len() { amount.trim_start() } else { amount };
    amount.starts_with(|c: char| c.is_ascii_digit())
}

/// True when `s` ends with the eyes of a smiley: `:`, `;`, `:-`.
fn ends_with_smiley_eyes(s: &str) -> bool {
    s.ends_with([':', ';']) || s.ends_with(":-") || s.ends_with(";-")
}

/// True when `s` ends with a list marker before `)`, standing after
/// whitespace, a bracket or the start: one letter (`а`, `b`), up to three
/// digits (`12`) or a small Roman numeral in lower case (`iv`). Not a word
/// of two letters: `да)` is a smiley.
fn list_marker(s: &str) -> bool {
    // looked for no further than a marker reaches: five characters make
    // no marker
    let marker = s.chars().rev().take(5).take_while(|&c| !c.is_whitespace() && c != '(');
    let (mut n, mut letters, mut digits, mut roman) = (0, 0, 0, 0);
    for c in marker {
        n += 1;
        letters += usize::from(c.is_alphabetic());
        digits += usize::from(c.is_ascii_digit());
        roman += usize::from(matches!(c, 'i' | 'v' | 'x'));
    }
    (n == 1 && letters == 1) || (1..=3).contains(&n) && digits == n || (1..=4).contains(&n) && roman == n
}

/// The cut at `at` (just past a smiley) when whitespace and a word follow
/// (in either case: a smiley ends a sentence as a full stop does, `вкусно)
/// вообще сказка`), after opening quotes or brackets but not after a dash.
fn cut_after_smiley(s: &str, at: usize) -> Option<usize> {
    let rest = &s[at..];
    let next = rest.trim_start();
    let word = next.chars().find(|&c| !is_opening(c) || is_dash(c)).is_some_and(char::is_alphabetic);
    (next.len() < rest.len() && word).then_some(at)
}

/// True when `s` starts with a lower-case letter, after opening quotes or
/// brackets (not after a dash: `? — спросил он` goes on).
fn starts_lower(s: &str) -> bool {
    s.chars().find(|&c| !is_opening(c) || is_dash(c)).is_some_and(char::is_lowercase)
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '−')
}

/// True when `s` (after opening punctuation) starts with a capital letter
/// or a digit.
fn starts_like_sentence(s: &str) -> bool {
    s.chars().find(|&c| !is_opening(c)).is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// What ends a sentence before a lower-case word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// Nothing: in edited text a lower-case word goes on with the sentence.
    Edited,
    /// In text that starts sentences in lower case: `.`, `!`, `?`, as in
    /// [`ends_before_lower_case`].
    LowerStarts,
    /// A smiley, in any text (the boundary is one just past a smiley).
    Smiley,
}

/// In text that starts sentences in lower case, true when `p` ends a
/// sentence before the lower-case `n`: `p` ends with `!` or `?` (a run of
/// them too), or with a period that is not an abbreviation's (of the
/// language's lists), an initial's or a one-letter word's (`г.`, `т. е.`),
/// or one of a word with inner periods (`a.m.`), or a number's; and `n`
/// does not open with a dash (`? — спросил он` goes on).
fn ends_before_lower_case(p: &str, n: &str, rules: &LangRules) -> bool {
    if n.starts_with(is_dash) {
        return false;
    }
    let core = p.trim_end_matches(is_closing).trim_end();
    if core.ends_with("..") || core.ends_with('…') {
        return false;
    }
    if core.ends_with(['!', '?']) {
        return true;
    }
    let Some(before) = core.strip_suffix('.') else {
        return false;
    };
    let before = before.trim_end();
    if rules.non_final.iter().any(|abbr| inside_abbreviation(before, n, abbr)) {
        return false;
    }
    let word = last_word(before);
    !abbreviation(word, rules) && !word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Decides whether the boundary between `prev` and `next` (ranges in `s`,
/// each with whether it holds a letter or digit) stands.
fn keep_boundary(
    s: &str,
    (prev, prev_alnum): ((usize, usize), bool),
    (next, next_alnum): ((usize, usize), bool),
    rules: &LangRules,
    orth: &Orthography<'_>,
    ends: End,
) -> bool {
    let p = &s[prev.0..prev.1];
    let n = &s[next.0..next.1];
    // Fragments without a letter or digit ("—", "***", "...") join a neighbour.
    if !prev_alnum || !next_alnum {
        return false;
    }
    // `!` or `?` inside a short quoted name: телеканал "Матч! Футбол 2".
    if in_quoted_name(s, prev, next.0) {
        return false;
    }
    // A continuation in lower case is the same sentence: dialogue
    // attributions after ?/!, or text after an abbreviation; unless the
    // text starts its sentences in lower case.
    let Some(next_first) = n.chars().find(|&c| !is_opening(c)) else {
        return false;
    };
    if next_first.is_lowercase() {
        return match ends {
            End::Edited => false,
            End::Smiley => true,
            End::LowerStarts => ends_before_lower_case(p, n, rules),
        };
    }
    let core = p.trim_end_matches(is_closing);
    if core.ends_with("..") || core.ends_with('…') || !core.ends_with('.') || core.len() < p.len() {
        // Not a bare period (or the period sits inside quotes/brackets):
        // only ?, !, ellipses and closed quotations end here.
        return true;
    }
    let before = &core[..core.len() - 1];
    // After a period that may be an abbreviation's, a capitalised word
    // starts a sentence only when the document writes it in lower case
    // elsewhere (`10 P.M. The`, not `10 P.M. Moscow`).
    // An initial (`тов. И. В. Сталину`) is no sentence starter, even when
    // its letter is a word of its own (`И`, `A`).
    let starts_sentence = || {
        let next_word = leading_word(n.trim_start_matches(is_opening));
        next_first.is_uppercase() && !is_initial(n) && starts_sentence(next_word, rules, orth)
    };
    match period_after(before, n, next_first, rules) {
        Period::Continues => false,
        Period::Abbreviation => starts_sentence(),
        Period::Ends => true,
    }
}

/// What a period does, by the words around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    /// The sentence goes on: an inner period of an abbreviation (`z. B.`),
    /// an initial before another, an abbreviation before a number.
    Continues,
    /// An abbreviation's or an initial's: the sentence ends only when the
    /// next word starts sentences.
    Abbreviation,
    /// A full stop.
    Ends,
}

/// What the period after `before` does before the text `n`, whose first
/// character after opening punctuation is `next_first` (not in lower case).
fn period_after(before: &str, n: &str, next_first: char, rules: &LangRules) -> Period {
    // The language's abbreviations: inside one (`z. B.`) the sentence goes
    // on; after one (`Dr.`, `St.`, `т. е.`) it does unless the next word
    // starts sentences.
    if rules.non_final.iter().any(|abbr| inner_period(before, n, abbr)) {
        return Period::Continues;
    }
    if rules.non_final.iter().any(|abbr| ends_with_word(before, abbr)) {
        return Period::Abbreviation;
    }
    let word = last_word(before);
    let mut chars = word.chars();
    let (c0, c1) = (chars.next(), chars.next());
    // Initials: "И. В. Сталин", "A. I. Rykov".
    if let (Some(c), None) = (c0, c1) {
        if c.is_uppercase() {
            // Roman numerals ("Пётр I.") behave like one-letter words.
            let pronoun = rules.one_letter_words.contains(&word) || matches!(c, 'I' | 'V' | 'X');
            let next_is_initial = is_initial(n);
            let prev_is_initial = is_initial(last_word_with_dot(&before[..before.len() - word.len()]));
            if next_is_initial {
                return Period::Continues;
            }
            if !pronoun || prev_is_initial {
                return Period::Abbreviation;
            }
        }
    }
    // Words with inner periods: `P.M`, `U.S`, `т.е`.
    if next_first.is_uppercase() && dotted_abbreviation(word) {
        return Period::Abbreviation;
    }
    // An abbreviation before a number: "p. 118", "No. 5", "т. 5, л. 118".
    if next_first.is_numeric() && (c1.is_none() || rules.before_number.contains(&word)) {
        return Period::Continues;
    }
    Period::Ends
}

/// True when the capitalised `word`, after a period that may be an
/// abbreviation's, starts a new sentence: it is one of the language's
/// sentence starters (`The`, `И`), or a common word of the document (see
/// [`Orthography::common_word`]).
fn starts_sentence(word: &str, rules: &LangRules, orth: &Orthography<'_>) -> bool {
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    rules.sentence_starters.contains(&lower.as_str()) || orth.common_word(word)
}

/// True when `word` is letters with inner periods, one or two letters
/// between them, each part opening in the same case (`P.M`, `a.m`,
/// `U.S.A`, `Ph.D`, `т.е`, `г.о`), as abbreviations are written; not a
/// domain name (`matchtv.ru`, `KP.ru`, `NHL.Com`) or a number.
fn dotted_abbreviation(word: &str) -> bool {
    let upper = word.starts_with(char::is_uppercase);
    word.contains('.')
        && word.split('.').all(|part| {
            (1..=2).contains(&part.chars().count())
                && part.chars().all(char::is_alphabetic)
                && part.starts_with(char::is_uppercase) == upper
        })
}

/// The most words a quotation may hold for a `!` or `?` inside it to be
/// part of a name or title ([`in_quoted_name`]).
const QUOTED_NAME_WORDS: usize = 6;

/// How a quotation mark at byte `i` of `s` works: `Some(true)` when it
/// opens a quotation, `Some(false)` when it closes one, `None` when it is
/// no quotation mark. A straight `"` opens when it follows the start,
/// whitespace, a bracket or a dash and comes before a non-space; else it
/// closes.
fn quote_at(s: &str, i: usize) -> Option<bool> {
    let c = s[i..].chars().next()?;
    match c {
        '«' | '“' | '„' => Some(true),
        '»' | '”' => Some(false),
        '"' => {
            let before = s[..i].chars().next_back();
            let after = s[i + 1..].chars().next();
            let opens = before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[') || is_dash(b))
                && after.is_some_and(|a| !a.is_whitespace());
            Some(opens)
        }
        _ => None,
    }
}

/// True when the sentence `s[prev.0..prev.1]` ends with `!` or `?` (a run
/// of them) inside a short quotation that is still open and that words of
/// the sentence come before, the quotation closes in `s` after `next` (the
/// start of the next piece) within [`QUOTED_NAME_WORDS`] words in all, and
/// the closing mark is followed by more of the same sentence: a comma,
/// semicolon or colon, a lower-case word, or the sentence's own final `.`,
/// `!`, `?`, `…`. Then the mark belongs to a name or title (`телеканал
/// "Матч! Футбол 2".`, `игра «Что? Где? Когда?», в которой`) and ends no
/// sentence. A quotation that closes right after the mark (`«Стой!» Он
/// обернулся.`), that opens the sentence (speech: `“What? Who is there?”
/// she heard`), or that a capitalised word or the end of the paragraph
/// follows, keeps its boundary.
fn in_quoted_name(s: &str, prev: (usize, usize), next: usize) -> bool {
    let p = &s[prev.0..prev.1];
    let body = p.trim_end_matches(['!', '?']);
    if body.len() == p.len() || !s[next..].starts_with(|c: char| !is_closing(c)) {
        return false;
    }
    // back to the opening mark, inside this sentence
    let mut words = 1;
    let mut opened = false;
    for (i, c) in body.char_indices().rev() {
        if c.is_whitespace() {
            if !body[i + c.len_utf8()..].starts_with(char::is_whitespace) {
                words += 1;
            }
            if words > QUOTED_NAME_WORDS {
                return false;
            }
        } else if let Some(opens) = quote_at(s, prev.0 + i) {
            // an opening mark after words of the sentence
            if !opens || !body[..i].contains(char::is_alphanumeric) {
                return false;
            }
            opened = true;
            break;
        }
    }
    if !opened {
        return false;
    }
    // on to the closing mark
    let rest = &s[next..];
    words += 1;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() {
            if !rest[i + c.len_utf8()..].starts_with(char::is_whitespace) {
                words += 1;
            }
            if words > QUOTED_NAME_WORDS {
                return false;
            }
        } else if c == '.' && rest[i + 1..].starts_with(char::is_whitespace) {
            return false; // a full stop inside: more than a name
        } else if let Some(opens) = quote_at(s, next + i) {
            if opens {
                return false;
            }
            close = Some(i + c.len_utf8());
            break;
        }
    }
    let Some(end) = close else {
        return false;
    };
    // what follows the quotation (after further closing marks)
    let after = rest[end..].trim_start_matches(is_closing);
    if after.starts_with([',', ';', ':', '.', '!', '?', '…']) {
        return true;
    }
    let word = after.trim_start();
    word.len() < after.len() && starts_lower(word)
}

/// The last whitespace-separated word of `s`, without opening punctuation.
fn last_word(s: &str) -> &str {
    let w = s.rsplit(char::is_whitespace).next().unwrap_or("");
    w.trim_start_matches(is_opening)
}

/// The last word of `s` including a final period, for the initial test.
fn last_word_with_dot(s: &str) -> &str {
    last_word(s.trim_end())
}

/// True when `s` starts with (or is) an initial: one capital and a period.
fn is_initial(s: &str) -> bool {
    let s = s.trim_start_matches(is_opening);
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), Some('.')) if c.is_uppercase())
}

/// True when `s` ends with `word` and `word` starts at a word boundary.
fn ends_with_word(s: &str, word: &str) -> bool {
    // the last byte first: this runs for every abbreviation at every boundary
    s.as_bytes().last().is_some_and(|b| word.as_bytes().last() == Some(b))
        && s.ends_with(word)
        && s[..s.len() - word.len()].chars().next_back().is_none_or(|c| c.is_whitespace() || is_opening(c))
}

/// The end (relative to `s`) of a headline run into the first sentence of
/// a paragraph without punctuation, as news sites print them:
/// `Тревога из-за урагана "Ханна" Мексиканское управление объявило ...`.
/// Only a closing quotation mark or a colon followed by a capitalised word
/// can end such a headline, and only when what comes before it is 3 to 15
/// words with no punctuation that could end a sentence.
pub(crate) fn run_in_headline(s: &str) -> Option<usize> {
    let mut quotes = 0usize;
    let mut words = 1usize;
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        match c {
            // an initial ("М. Помпео") does not end the headline
            '.' if is_initial_before(&s[..i]) => {}
            ':' => {
                // "Путин переговорил с Шойгу в каюте: Президент России ..."
                let rest = &s[i + 1..];
                let first = rest.trim_start().chars().next();
                if words >= 3 && rest.starts_with(' ') && first.is_some_and(char::is_uppercase) {
                    return Some(i + 1);
                }
                return None;
            }
            '.' | '!' | '?' | '…' | ';' | '\n' | '\r' => return None,
            ' ' => {
                if !prev_space {
                    words += 1;
                }
                if words > 15 {
                    return None;
                }
            }
            '"' | '»' | '”' => {
                if c == '"' {
                    quotes += 1;
                }
                let closes = c != '"' || quotes % 2 == 0;
                let rest = &s[i + c.len_utf8()..];
                if closes && words >= 3 && rest.starts_with(' ') && starts_like_sentence(rest.trim_start()) {
                    let first = rest.trim_start().chars().next();
                    if first.is_some_and(char::is_uppercase) {
                        return Some(i + c.len_utf8());
                    }
                }
            }
            _ => {}
        }
        prev_space = c == ' ';
    }
    None
}

/// True when `s` ends with a one-letter capitalised word (an initial).
fn is_initial_before(s: &str) -> bool {
    let w = last_word(s);
    let mut it = w.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_uppercase())
}

/// True when a period between `before` and `next` is one of the periods of
/// `abbr`: its final one (`Mr` + `.`) or an inner one (`z` + `.` + ` B` of
/// `z. B`).
fn inside_abbreviation(before: &str, next: &str, abbr: &str) -> bool {
    ends_with_word(before, abbr) || inner_period(before, next, abbr)
}

/// True when a period between `before` and `next` is an inner period of
/// `abbr` (`z` + `.` + ` B` of `z. B`).
fn inner_period(before: &str, next: &str, abbr: &str) -> bool {
    // (a byte loop: this runs for every abbreviation at every boundary)
    abbr.bytes().enumerate().filter(|&(_, b)| b == b'.').any(|(k, _)| {
        let rest = abbr[k + 1..].trim_start();
        next.starts_with(rest) && ends_with_word(before, &abbr[..k])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::rules::{en, ru};

    fn starts(s: &str, rules: &LangRules) -> (usize, usize) {
        let st = Starts::of(s, rules);
        (st.lower, st.upper)
    }

    #[test]
    fn starts_count_full_stops_after_words() {
        // words before a period, also after a space; not abbreviations,
        // initials, one-letter words, numbers or ellipses
        assert_eq!(starts("ни ногой. покупали сами . потом", &ru::RULES), (2, 0));
        assert_eq!(starts("5 тыс. рублей, т. е. много, в 2023. потом... ну и г. москва", &ru::RULES), (0, 0));
        assert_eq!(starts("Было. Стало. «Цитата». Ура! кричали", &ru::RULES), (0, 2));
        assert_eq!(starts("at 10 a.m. the Mr. Smith e.g. here. see", &en::RULES), (1, 0));
        assert!(!Starts::lower_case_in("done. then. Then. Next.", &en::RULES));
        assert!(Starts::lower_case_in("done. then. ok. Next.", &en::RULES));
        assert!(!Starts::lower_case_in("only once. then", &en::RULES));
    }

    #[test]
    fn orthography_of_a_document() {
        let text = "The game starts at 10 P.M. Moscow time. We watch it, the whole family. \
                    Then we ask Mr. Black, our neighbour: is the black cat yours? No, said Black, and \
                    then he left.\nBlack Sea NASA news";
        let orth = Orthography::new(text);
        // written in lower case elsewhere: a common word
        assert!(orth.common_word("We") && orth.common_word("The") && orth.common_word("Then"));
        // only ever capitalised: a name; never seen: no evidence
        assert!(!orth.common_word("Moscow") && !orth.common_word("Kazan"));
        // in lower case too, but capitalised after a word (`said`): a name as well
        assert!(!orth.common_word("Black"));
        // capitals throughout, lower case, empty: no sentence start
        assert!(!orth.common_word("NEWS") && !orth.common_word("time") && !orth.common_word(""));
        // after a line break or opening punctuation a capital proves nothing
        let orth = Orthography::new("the sea\nSea shore, «Sea» the end");
        assert!(orth.common_word("Sea"));
    }

    #[test]
    fn words_and_dotted_abbreviations() {
        assert_eq!(leading_word("There's more"), "There");
        assert_eq!(leading_word("Из-за дождя"), "Из-за");
        assert_eq!(leading_word("Blanc-, then"), "Blanc");
        assert_eq!(leading_word("42 ways"), "");
        for w in ["P.M", "a.m", "U.S.A", "Ph.D", "т.е", "г.о", "L.A"] {
            assert!(dotted_abbreviation(w), "{w}");
        }
        for w in ["matchtv.ru", "KP.ru", "NHL.Com", "3.5", "P.M.", "Mr", "a..m"] {
            assert!(!dotted_abbreviation(w), "{w}");
        }
    }

    fn pieces<'a>(s: &'a str, rules: &LangRules) -> Vec<&'a str> {
        let mut out = Vec::new();
        split(s, rules, false, &Orthography::new(s), &mut out);
        out.iter().map(|&(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn quotation_marks_and_quoted_names() {
        let s = "a \"b\" «c» (\"d\") x\"y";
        let at = |sub: &str| quote_at(s, s.find(sub).expect("in s"));
        assert_eq!(
            [at("\"b"), at("\" «"), at("«"), at("»"), at("\"d"), at("\")"), at("\"y")],
            [Some(true), Some(false), Some(true), Some(false), Some(true), Some(false), Some(false)]
        );
        assert_eq!(quote_at(s, 0), None);
        // a name of a few words; a quotation too long for one; a quotation
        // that no word of the sentence comes before
        assert_eq!(pieces("Смотрите «Матч! Премьер» сегодня.", &ru::RULES), ["Смотрите «Матч! Премьер» сегодня."]);
        assert_eq!(
            pieces("Он прочёл «Беги! Спасайся от всех, кто тебя ищет» вслух.", &ru::RULES),
            ["Он прочёл «Беги!", "Спасайся от всех, кто тебя ищет» вслух."]
        );
        assert_eq!(pieces("«Беги! Спасайся», сказал он.", &ru::RULES), ["«Беги!", "Спасайся», сказал он."]);
        // spaces of more than one byte
        let s = "Канал «Матч\u{a0}! Премьер\u{2003}ТВ» сегодня.";
        assert_eq!(pieces(s, &ru::RULES), [s]);
    }

    #[test]
    fn smileys_and_list_markers() {
        assert!(list_marker("выбор: а") && list_marker("(b") && list_marker(" 12") && list_marker("iv"));
        assert!(!list_marker("магазин") && !list_marker("да") && !list_marker("x:") && !list_marker(""));
        let text = "да :( нет (так) Да) а) Бе ок))) ну";
        let (cuts, smileys) = extra_cuts(text, false, false);
        assert_eq!(cuts, smileys);
        let at: Vec<&str> = cuts.iter().map(|&c| &text[..c]).collect();
        assert_eq!(at, ["да :(", "да :( нет (так) Да)", "да :( нет (так) Да) а) Бе ок)))"]);
    }
}
