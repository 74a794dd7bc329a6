//! Sentence boundaries inside one stretch of text (a paragraph's body).
//!
//! The Unicode sentence rules (UAX #29, through `unicode-segmentation`)
//! propose the boundaries; the language's rules then take back those that
//! follow an abbreviation or an initial, that come before a lower-case
//! continuation (Russian dialogue: `— Кто там? — спросил он.`), or that
//! would leave a fragment without a letter or digit, and add the ones that
//! UAX #29 does not know (after an ellipsis `…` before a capital).

use unicode_segmentation::UnicodeSegmentation;

use super::rules::LangRules;

/// Opening punctuation skipped when looking at how a sentence starts.
fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '«' | '"' | '“' | '„' | '\'' | '‘' | '‚' | '—' | '–' | '-' | '−' | '‹' | '¡' | '¿')
        || c.is_whitespace()
}

/// Closing punctuation skipped when looking at how a sentence ends.
fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '»' | '"' | '”' | '\'' | '’' | '›')
}

/// Pushes the byte ranges (relative to `s`) of the sentences of `s` into
/// `out`. Each range starts at a non-whitespace character and ends after
/// the last non-whitespace character of the sentence; together they cover
/// every non-whitespace character of `s` exactly once.
pub(crate) fn split(s: &str, rules: &LangRules, out: &mut Vec<(usize, usize)>) {
    let first = out.len();
    for (off, seg) in s.split_sentence_bound_indices() {
        // UAX #29 boundaries, further cut after an ellipsis before a capital.
        let mut from = 0;
        for cut in extra_cuts(seg) {
            push_trimmed(s, off + from, off + cut, out);
            from = cut;
        }
        push_trimmed(s, off + from, off + seg.len(), out);
    }
    // Take back boundaries that the language's rules reject. Whether the
    // sentence built so far holds a letter or digit is carried along, so
    // that a long run of fragments without one (`? ? ? ...`) is not scanned
    // again at every boundary.
    let mut w = first;
    let mut w_alnum = false;
    for r in first..out.len() {
        let cur = out[r];
        let cur_alnum = s[cur.0..cur.1].chars().any(char::is_alphanumeric);
        if w > first && !keep_boundary(s, (out[w - 1], w_alnum), (cur, cur_alnum), rules) {
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
/// hold no whitespace, after the `max`-th character. Pieces are trimmed;
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
                cut = Some(if c.is_whitespace() { i } else { last_ws.unwrap_or(i) });
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

fn push_trimmed(s: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &s[a..b];
    let t = piece.trim_start();
    let start = a + (piece.len() - t.len());
    let end = start + t.trim_end().len();
    if end > start {
        out.push((start, end));
    }
}

/// Offsets (relative to `seg`) where UAX #29 misses a boundary:
/// * after an ellipsis `…` followed by whitespace and a capital or a digit;
/// * after a period followed by whitespace and a digit (UAX #29 joins
///   `... permit. 46 ships took part` because a lower-case word follows
///   the number);
/// * after `.`, `?`, `!` followed by a dash and a capital (`МВД. - С
///   травмами`: UAX #29 treats the hyphen as a continuation).
fn extra_cuts(seg: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    if !seg.contains(['…', '.', '?', '!']) {
        return cuts;
    }
    for (i, m) in seg.match_indices(['…', '.', '?', '!']) {
        if seg[i + m.len()..].starts_with(['.', '?', '!']) || (m == "." && seg[..i].ends_with('.')) {
            continue; // cut after the last of a run; "..." is cut by UAX #29 already
        }
        let mut j = i + m.len();
        // closing quotes and brackets stay with the sentence they close
        while let Some(c) = seg[j..].chars().next().filter(|&c| is_closing(c)) {
            j += c.len_utf8();
        }
        let rest = &seg[j..];
        let next = rest.trim_start();
        let dash = next.starts_with(['-', '–', '—', '−']) && starts_like_sentence(next);
        let next_ok = match m {
            "…" => starts_like_sentence(next),
            "." => dash || next.chars().next().is_some_and(|c| c.is_ascii_digit()),
            _ => dash,
        };
        if next.len() < rest.len() && next_ok && j < seg.len() {
            cuts.push(j);
        }
    }
    cuts
}

/// True when `s` (after opening punctuation) starts with a capital letter
/// or a digit.
fn starts_like_sentence(s: &str) -> bool {
    s.chars().find(|&c| !is_opening(c)).is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Decides whether the boundary between `prev` and `next` (ranges in `s`,
/// each with whether it holds a letter or digit) stands.
fn keep_boundary(
    s: &str,
    (prev, prev_alnum): ((usize, usize), bool),
    (next, next_alnum): ((usize, usize), bool),
    rules: &LangRules,
) -> bool {
    let p = &s[prev.0..prev.1];
    let n = &s[next.0..next.1];
    // Fragments without a letter or digit ("—", "***", "...") join a neighbour.
    if !prev_alnum || !next_alnum {
        return false;
    }
    // A continuation in lower case is the same sentence: dialogue
    // attributions after ?/!, or text after an abbreviation.
    let Some(next_first) = n.chars().find(|&c| !is_opening(c)) else {
        return false;
    };
    if next_first.is_lowercase() {
        return false;
    }
    let core = p.trim_end_matches(is_closing);
    if core.ends_with("..") || core.ends_with('…') || !core.ends_with('.') || core.len() < p.len() {
        // Not a bare period (or the period sits inside quotes/brackets):
        // only ?, !, ellipses and closed quotations end here.
        return true;
    }
    let before = &core[..core.len() - 1];
    // Abbreviations that never end a sentence.
    if rules.non_final.iter().any(|abbr| inside_abbreviation(before, n, abbr)) {
        return false;
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
            if !pronoun || next_is_initial || prev_is_initial {
                return false;
            }
        }
    }
    // An abbreviation before a number: "p. 118", "No. 5", "т. 5, л. 118".
    if next_first.is_numeric() && (c1.is_none() || rules.before_number.contains(&word)) {
        return false;
    }
    true
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
    s.ends_with(word)
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
            '.' | '!' | '?' | '…' | ';' | '\n' => return None,
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
    if ends_with_word(before, abbr) {
        return true;
    }
    abbr.match_indices('.').any(|(k, _)| {
        let rest = abbr[k + 1..].trim_start();
        ends_with_word(before, &abbr[..k]) && next.starts_with(rest)
    })
}
