//! Numbers as anchors: the same value however an edition writes it.

use std::ops::Range;

/// The separator that may join digit groups at byte `j` of `text`, with its
/// length: a space (also no-break and thin spaces), a comma or a period.
fn digit_separator(text: &str, j: usize) -> Option<(char, usize)> {
    let c = text[j..].chars().next()?;
    match c {
        ' ' | ',' | '.' => Some((c, 1)),
        '\u{a0}' | '\u{202f}' | '\u{2009}' => Some((' ', c.len_utf8())),
        _ => None,
    }
}

/// The numbers written in `text`: byte spans and normalised values.
///
/// Digits grouped by threes after a space, comma or period are one number
/// (`250 000`, `250,000`, `1.000.000`; the first group has at most three
/// digits and every group uses the same separator); a comma or period
/// followed by other than three digits starts decimals (`3,5` = `3.5` =
/// `3.50`). A dotted date (`26.04.1937`) gives its parts. Values have no
/// leading zeros and no trailing decimal zeros.
pub(crate) fn numbers(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for_each_number(text, |span, value| out.push((span, value.to_string())));
    out
}

/// Calls `number` with each of the [`numbers`] of `text`, its value written
/// in a buffer that is reused: the aligner reads the numbers of every
/// sentence, and a new string for each one's digits and value cost more
/// than finding them.
pub(crate) fn for_each_number(text: &str, mut number: impl FnMut(Range<usize>, &str)) {
    let b = text.as_bytes();
    let digits_at = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    // the digits of the integer part (groups joined), and the value
    let (mut int, mut value) = (String::new(), String::new());
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            // most text holds no digit: stretches of 16 bytes without one
            // are passed over at once (the test is branch-free, so it
            // vectorises), then the bytes up to the next digit
            i += 1;
            while b.get(i..i + 16).is_some_and(|c| !c.iter().fold(false, |d, x| d | x.is_ascii_digit())) {
                i += 16;
            }
            while i < b.len() && !b[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let lead = digits_at(i);
        int.clear();
        int.push_str(&text[i..i + lead]);
        // the decimals: a span of the text
        let mut frac = 0..0;
        let mut j = i + lead;
        let mut group_sep: Option<char> = None;
        let mut dotted = false;
        while let Some((sep, len)) = digit_separator(text, j) {
            let k = j + len;
            let n = digits_at(k);
            if n == 0 {
                break;
            }
            if n == 3 && lead <= 3 && frac.is_empty() && group_sep.is_none_or(|g| g == sep) {
                int.push_str(&text[k..k + 3]);
                group_sep = Some(sep);
                j = k + 3;
                continue;
            }
            if sep != ' ' && frac.is_empty() && group_sep != Some(sep) && n != 3 {
                // a second dot after decimals: a date such as 26.04.1937
                if let Some((next, _)) = digit_separator(text, k + n) {
                    if next == sep && group_sep.is_none() && digits_at(k + n + 1) > 0 {
                        dotted = true;
                        break;
                    }
                }
                frac = k..k + n;
                j = k + n;
            }
            break;
        }
        if dotted {
            // every part of the date is a number of its own
            let mut p = i;
            loop {
                let n = digits_at(p);
                normalise_number(&mut value, &text[p..p + n], "");
                number(p..p + n, &value);
                match digit_separator(text, p + n) {
                    Some(('.' | ',', 1)) if digits_at(p + n + 1) > 0 => p += n + 1,
                    _ => {
                        i = p + n;
                        break;
                    }
                }
            }
            continue;
        }
        normalise_number(&mut value, &int, &text[frac]);
        number(i..j, &value);
        i = j;
    }
}

/// Writes in `out` the value of a number of integer digits `int` and
/// decimals `frac`: no leading zeros, no trailing decimal zeros.
fn normalise_number(out: &mut String, int: &str, frac: &str) {
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    out.clear();
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use proptest::prelude::*;

    use super::{digit_separator, numbers};

    /// [`numbers`] as it was before [`super::for_each_number`] reused its
    /// buffers.
    fn old_numbers(text: &str) -> Vec<(Range<usize>, String)> {
        let b = text.as_bytes();
        let digits_at = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                // most text holds no digit: stretches of 16 bytes without one
                // are passed over at once (the test is branch-free, so it
                // vectorises), then the bytes up to the next digit
                i += 1;
                while b.get(i..i + 16).is_some_and(|c| !c.iter().fold(false, |d, x| d | x.is_ascii_digit())) {
                    i += 16;
                }
                while i < b.len() && !b[i].is_ascii_digit() {
                    i += 1;
                }
                continue;
            }
            let lead = digits_at(i);
            let mut int = text[i..i + lead].to_string();
            let mut frac = String::new();
            let mut j = i + lead;
            let mut group_sep: Option<char> = None;
            let mut dotted = false;
            while let Some((sep, len)) = digit_separator(text, j) {
                let k = j + len;
                let n = digits_at(k);
                if n == 0 {
                    break;
                }
                if n == 3 && lead <= 3 && frac.is_empty() && group_sep.is_none_or(|g| g == sep) {
                    int.push_str(&text[k..k + 3]);
                    group_sep = Some(sep);
                    j = k + 3;
                    continue;
                }
                if sep != ' ' && frac.is_empty() && group_sep != Some(sep) && n != 3 {
                    // a second dot after decimals: a date such as 26.04.1937
                    if let Some((next, _)) = digit_separator(text, k + n) {
                        if next == sep && group_sep.is_none() && digits_at(k + n + 1) > 0 {
                            dotted = true;
                            break;
                        }
                    }
                    frac = text[k..k + n].to_string();
                    j = k + n;
                }
                break;
            }
            if dotted {
                // every part of the date is a number of its own
                let mut p = i;
                loop {
                    let n = digits_at(p);
                    out.push((p..p + n, old_normalise(&text[p..p + n], "")));
                    match digit_separator(text, p + n) {
                        Some(('.' | ',', 1)) if digits_at(p + n + 1) > 0 => p += n + 1,
                        _ => {
                            i = p + n;
                            break;
                        }
                    }
                }
                continue;
            }
            out.push((i..j, old_normalise(&int, &frac)));
            i = j;
        }
        out
    }

    fn old_normalise(int: &str, frac: &str) -> String {
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Digits, the separators of groups and decimals, and dates: the
        /// same numbers as before.
        #[test]
        fn the_numbers_are_the_old_ones(pieces in prop::collection::vec(prop::sample::select(&[
            "0", "1", "7", "12", "250", "000", "1937", "04", "3", "50", " ", ",", ".", "\u{a0}", "\u{202f}",
            "\u{2009}", "a", "я", "-", "\n",
        ][..]), 0..40)) {
            let text = pieces.concat();
            prop_assert_eq!(numbers(&text), old_numbers(&text));
        }
    }

    fn values(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn numbers_are_compared_by_value() {
        assert_eq!(values("250 000 марок"), ["250000"]);
        assert_eq!(values("250,000 marks"), ["250000"]);
        assert_eq!(values("3,5 млн. и 3.5 million, 3.50"), ["3.5", "3.5", "3.5"]);
        assert_eq!(values("1,000,000 and 1 000 000"), ["1000000", "1000000"]);
        assert_eq!(values("in 1930 200 people"), ["1930", "200"]);
        assert_eq!(values("1928, 1929 and pp. 44–46"), ["1928", "1929", "44", "46"]);
        assert_eq!(values("26.04.1937"), ["26", "4", "1937"]);
        assert_eq!(values("007"), ["7"]);
        assert_eq!(values("vol. 5, p. 118."), ["5", "118"]);
        // digits after and across stretches of 16 bytes without one
        assert_eq!(values("no digit in these words, 17 and then a longer stretch 2024"), ["17", "2024"]);
        assert_eq!(values("абвгдежзийклмно9пр"), ["9"]);
    }

    #[test]
    fn numbers_from_both_editions_meet() {
        assert_eq!(values("250 000 марок и 3,5 млн"), ["250000", "3.5"]);
        assert_eq!(values("250,000 marks and 3.5 million"), ["250000", "3.5"]);
        assert_eq!(values("в 1937 г., т. 5, л. 118"), ["1937", "5", "118"]);
        assert_eq!(values("1928, 1929 and 07"), ["1928", "1929", "7"]);
    }
}
