//! UTF-8 validation of whole input files, faster than `std::str::from_utf8`
//! on text in a non-Latin alphabet.
//!
//! The standard check has a fast path for ASCII only: Cyrillic or Greek
//! text, where every other byte is a lead byte or a continuation byte, goes
//! one character at a time (about 1 GB/s, 16 % of `bitext segment` on a
//! Russian book). Such text is mostly ASCII and two-byte characters, which
//! eight bytes at a time can be checked with a few bit operations; anything
//! else (a dash, a quotation mark, a CJK character) is checked one
//! character at a time by the rules of the Unicode standard (Table 3-7,
//! well-formed byte sequences). Only the answer "valid" is ever taken from
//! this check: on any doubt the standard check runs and gives its own
//! answer and error (the offset of the first bad byte), so errors read as
//! they always have.

/// `bytes` as text, or the standard library's error for them.
pub(crate) fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    if is_valid_in_pieces(bytes, PIECE) {
        // SAFETY: `is_valid_in_pieces` accepts only well-formed UTF-8: each
        // piece by `is_valid`, and no character across two pieces (see the
        // tests, which compare both, in pieces of every small size, with
        // the standard check)
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        std::str::from_utf8(bytes)
    }
}

/// Bytes checked by one task: a book is checked on all the cores (a 13
/// MB Russian file took 5 ms on one).
const PIECE: usize = 1 << 20;

/// [`is_valid`] on pieces of about `piece` bytes, in parallel. Each piece
/// but the first starts at a byte that is not a continuation byte, so a
/// character never spans two pieces: one that would is cut short, and the
/// piece that holds its start is not valid, as the whole is not. (Valid
/// text has at most three continuation bytes in a row; a piece cut at the
/// fourth starts with one and is not valid either.)
fn is_valid_in_pieces(b: &[u8], piece: usize) -> bool {
    use rayon::prelude::*;
    if b.len() <= 2 * piece {
        return is_valid(b);
    }
    cuts(b, piece).par_windows(2).all(|w| is_valid(&b[w[0]..w[1]]))
}

/// Where [`is_valid_in_pieces`] cuts `b`: 0, the starts of the pieces
/// after the first, and the end.
fn cuts(b: &[u8], piece: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut at = piece;
    while at < b.len() {
        let mut cut = at;
        while cut < b.len() && cut < at + 4 && b[cut] & 0xc0 == 0x80 {
            cut += 1;
        }
        cuts.push(cut);
        at = cut + piece;
    }
    cuts.push(b.len());
    cuts
}

/// The high bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// True when `b` is well-formed UTF-8.
fn is_valid(b: &[u8]) -> bool {
    let n = b.len();
    let mut i = 0;
    // `i` is always at the start of a character
    while i + 8 <= n {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        if w & HIGH == 0 {
            i += 8;
            continue;
        }
        // for each byte, its bits 7, 6 and 5 moved to bit 7
        let (b7, b6, b5) = (w & HIGH, (w << 1) & HIGH, (w << 2) & HIGH);
        let cont = b7 & !b6; // 10xx_xxxx
        let lead2 = b7 & b6 & !b5; // 110x_xxxx
        let longer = b7 & b6 & b5; // 111x_xxxx: a lead of three or four bytes, or invalid
                                   // a two-byte lead must not be 0xC0 or 0xC1 (overlong): one of its
                                   // bits 4 to 1 is set; `x + 0x7f` carries into bit 7 of a byte when
                                   // the byte (without its bit 7) is not zero
        let low = w & 0x1e1e_1e1e_1e1e_1e1e;
        let nonzero = (low + 0x7f7f_7f7f_7f7f_7f7f) & HIGH;
        // every continuation byte follows a two-byte lead and every two-byte
        // lead but one in the last byte is followed by a continuation byte
        let paired = cont == (lead2 << 8);
        if longer == 0 && lead2 & !nonzero == 0 && paired {
            // a lead in the last byte is checked with the next word
            i += if lead2 >> 56 != 0 { 7 } else { 8 };
            continue;
        }
        // one character, then words again
        match char_len(b, i) {
            Some(k) => i += k,
            None => return false,
        }
    }
    while i < n {
        match char_len(b, i) {
            Some(k) => i += k,
            None => return false,
        }
    }
    true
}

/// The length of the well-formed character that starts at `b[i]`, `None`
/// when there is none.
fn char_len(b: &[u8], i: usize) -> Option<usize> {
    let at = |k: usize| b.get(i + k).copied();
    let cont = |k: usize| at(k).is_some_and(|c| c & 0xc0 == 0x80);
    let within = |k: usize, lo: u8, hi: u8| at(k).is_some_and(|c| (lo..=hi).contains(&c));
    match b[i] {
        0x00..=0x7f => Some(1),
        0xc2..=0xdf => cont(1).then_some(2),
        0xe0 => (within(1, 0xa0, 0xbf) && cont(2)).then_some(3),
        0xe1..=0xec | 0xee..=0xef => (cont(1) && cont(2)).then_some(3),
        0xed => (within(1, 0x80, 0x9f) && cont(2)).then_some(3),
        0xf0 => (within(1, 0x90, 0xbf) && cont(2) && cont(3)).then_some(4),
        0xf1..=0xf3 => (cont(1) && cont(2) && cont(3)).then_some(4),
        0xf4 => (within(1, 0x80, 0x8f) && cont(2) && cont(3)).then_some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so that failures repeat.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn agrees(bytes: &[u8]) {
        let std = std::str::from_utf8(bytes);
        assert_eq!(is_valid(bytes), std.is_ok(), "{bytes:x?}");
        assert_eq!(from_utf8(bytes), std, "{bytes:x?}");
        // in pieces of every small size, cut anywhere in a character
        for piece in 1..12 {
            let in_pieces = cuts(bytes, piece).windows(2).all(|w| is_valid(&bytes[w[0]..w[1]]));
            assert_eq!(in_pieces, std.is_ok(), "pieces of {piece}: {bytes:x?}");
        }
        assert_eq!(is_valid_in_pieces(bytes, 3), std.is_ok(), "in parallel: {bytes:x?}");
    }

    #[test]
    fn agrees_with_the_standard_check_on_text() {
        for s in [
            "",
            "plain ASCII text, long enough for several words",
            "Павел, волею Божиею призванный Апостол — «Иисуса» Христа…",
            "Ѐ ѝ é ü ß Ω ω 我们走了一整夜。 私たちは 😀 \u{10ffff} \u{ffff} \u{d7ff} \u{e000}",
            "ab\u{80}\u{7ff}\u{800}\u{fff}\u{1000}\u{10000}\u{3ffff}\u{40000}",
        ] {
            agrees(s.as_bytes());
            // every cut, which leaves a character unfinished at the end
            for k in 0..=s.len() {
                agrees(&s.as_bytes()[..k]);
                agrees(&s.as_bytes()[k..]);
            }
        }
    }

    #[test]
    fn agrees_with_the_standard_check_on_bad_bytes() {
        // overlong forms, surrogates, code points past U+10FFFF, lone and
        // stray continuation bytes, at every position in a word
        let bad: [&[u8]; 12] = [
            &[0xc0, 0x80],
            &[0xc1, 0xbf],
            &[0xe0, 0x80, 0x80],
            &[0xe0, 0x9f, 0xbf],
            &[0xed, 0xa0, 0x80],
            &[0xf0, 0x80, 0x80, 0x80],
            &[0xf4, 0x90, 0x80, 0x80],
            &[0xf5, 0x80, 0x80, 0x80],
            &[0xff],
            &[0x80],
            &[0xd0],
            &[0xd0, 0xd0, 0xb0],
        ];
        for b in bad {
            for pad in 0..17 {
                // `pad` bytes of two-byte letters, and an ASCII one when odd
                let mut v = format!("{}{}", "ж".repeat(pad / 2), "a".repeat(pad % 2)).into_bytes();
                v.extend_from_slice(b);
                v.extend_from_slice("дом и сад".as_bytes());
                agrees(&v);
            }
        }
    }

    #[test]
    fn agrees_with_the_standard_check_on_random_bytes() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // bytes drawn mostly from those of Cyrillic text, so that valid
        // stretches are long and the rare bad byte lands anywhere
        let pool: Vec<u8> =
            "а яЖ —ё«»é😀\u{800}".bytes().chain([0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf4, 0xf5]).collect();
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let v: Vec<u8> = (0..len).map(|_| pool[(rng.next() % pool.len() as u64) as usize]).collect();
            agrees(&v);
        }
        // valid text with one byte changed
        let text = "Непрестанно благодарю Бога моего за вас — ради «благодати» Божией, 我们 ü.".as_bytes();
        for _ in 0..20_000 {
            let mut v = text.to_vec();
            let k = (rng.next() % v.len() as u64) as usize;
            v[k] = rng.next() as u8;
            agrees(&v);
        }
    }
}
