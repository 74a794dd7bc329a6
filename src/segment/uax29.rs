//! The sentence boundaries of UAX #29 exactly as `unicode-segmentation`
//! finds them (`split_sentence_bound_indices`), found faster.
//!
//! That crate reads every character through a binary search of its tables
//! and steps a state machine on each. Yet a boundary can only follow a
//! sentence terminator (`.`, `!`, `?`, ... : `ATerm`, `STerm`) or a
//! paragraph separator (`CR`, `LF`, `Sep`): after any other character (but
//! closing punctuation and spaces, which carry a terminator on) the machine
//! is *disarmed*, and nothing it has seen before can make a boundary until
//! the next terminator or separator. So [`sentence_ends`] runs the same
//! machine (the same rules in the same order, [`Machine::step`]) only from
//! each terminator or separator until it is disarmed again, and passes over
//! the text between them 16 bytes at a time. The categories of the
//! characters it reads come from a table of U+0000..U+053F (Latin, Greek,
//! Cyrillic) and of the general punctuation, copied from the crate's own
//! tables; the tests check every character of them against the crate (so
//! that a crate with newer tables fails them), and random text too. A text
//! with any other character is handed to the crate.

use unicode_segmentation::UnicodeSegmentation;

/// The sentence-break category of a character (UAX #29).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cat {
    Any,
    CR,
    LF,
    Sep,
    Sp,
    Lower,
    Upper,
    OLetter,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
}

// The categories of U+0000..U+053F and U+2000..U+207F, a byte a character
// (`.` Any, `C` CR, `L` LF, `P` Sep, `s` Sp, `l` Lower, `u` Upper, `o`
// OLetter, `n` Numeric, `A` ATerm, `S` STerm, `c` Close, `k` SContinue,
// `e` Extend, `f` Format), 64 characters a line, from the sentence table of
// unicode-segmentation 1.13 (Unicode 17).
const LOW: &[u8; 0x540] = b"\
    .........sLssC..................sSc....ccc..kkA.nnnnnnnnnnkk...S\
    .uuuuuuuuuuuuuuuuuuuuuuuuuuc.c...llllllllllllllllllllllllllc.c..\
    .....P..........................s.........lc.f.......l....lc....\
    uuuuuuuuuuuuuuuuuuuuuuu.uuuuuuullllllllllllllllllllllll.llllllll\
    ulululululululululululululululululululululululululululullulululu\
    lulululullulululululululululululululululululululululululuululull\
    luululuuluuulluuuuluuluuullluuluulululuululluluuluuululuulloulll\
    oooouuluuluululululululululullulululululululululluululuuulululul\
    ulululululululululululululululululululululululululullllllluuluul\
    luluuuulululululllllllllllllllllllllllllllllllllllllllllllllllll\
    lllllllllllllllllllloolllllllllllllllllllllllllllllllllllooooooo\
    ll....oooooooooooo..............lllll.......o.o.................\
    eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\
    eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeululo.ul..llllku\
    ......u.uuu.u.uuluuuuuuuuuuuuuuuuu.uuuuuuuuullllllllllllllllllll\
    lllllllllllllllulluuulllululululululululululululllllul.uluulluuu\
    uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuullllllllllllllll\
    llllllllllllllllllllllllllllllllulululululululululululululululul\
    ul.eeeeeeeululululululululululululululululululululululululululul\
    uululululululullulululululululululululululululululululululululul\
    ulululululululululululululululululululululululul.uuuuuuuuuuuuuuu\
";
const PUNCT: &[u8; 0x80] = b"\
    sssssssssssfeeff...kk...cccccccc....A...PPfffffs.........cc.SS..\
    .....ccSSS.....................sfffff.ffffffffff.l...........ccl\
";

/// The category of code letter `b` of the tables above.
const fn decode(b: u8) -> Cat {
    match b {
        b'.' => Cat::Any,
        b'C' => Cat::CR,
        b'L' => Cat::LF,
        b'P' => Cat::Sep,
        b's' => Cat::Sp,
        b'l' => Cat::Lower,
        b'u' => Cat::Upper,
        b'o' => Cat::OLetter,
        b'n' => Cat::Numeric,
        b'A' => Cat::ATerm,
        b'S' => Cat::STerm,
        b'c' => Cat::Close,
        b'k' => Cat::SContinue,
        b'e' => Cat::Extend,
        b'f' => Cat::Format,
        _ => panic!("not a category code"),
    }
}

const fn expand<const N: usize>(codes: &[u8; N]) -> [Cat; N] {
    let mut out = [Cat::Any; N];
    let mut i = 0;
    while i < N {
        out[i] = decode(codes[i]);
        i += 1;
    }
    out
}

static LOW_CATS: [Cat; 0x540] = expand(LOW);
static PUNCT_CATS: [Cat; 0x80] = expand(PUNCT);

/// The category of `c`, when it is in the tables.
fn cat(c: char) -> Option<Cat> {
    let u = c as usize;
    if u < LOW_CATS.len() {
        Some(LOW_CATS[u])
    } else {
        PUNCT_CATS.get(u.wrapping_sub(0x2000)).copied()
    }
}

/// A character the tables do not know: the text goes to the crate.
#[derive(Debug)]
struct Unknown;

/// One part of the machine's memory (the crate's `StatePart`): runs of
/// closing punctuation and of spaces are one part each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    CR,
    LF,
    Sep,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts, the latest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct State([Part; 4]);

impl State {
    const INITIAL: State = State([Part::Sot; 4]);

    fn next(self, cat: Cat) -> State {
        let p = self.0;
        match (p[3], cat) {
            (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => self,
            _ => State([p[1], p[2], p[3], part(cat)]),
        }
    }

    /// True when no character to come can make a boundary before the next
    /// terminator or separator: the latest part is a letter or anything
    /// but a terminator, a separator, closing punctuation or a space.
    fn disarmed(self) -> bool {
        matches!(self.0[3], Part::Other | Part::UpperLower)
    }

    /// Where `SATerm Close* Sp*` would have its terminator: past one run of
    /// spaces and one of closing punctuation.
    fn term_index(self) -> usize {
        let p = self.0;
        let mut idx = if p[3] == Part::SpPlus { 2 } else { 3 };
        if p[idx] == Part::ClosePlus {
            idx -= 1;
        }
        idx
    }

    /// SB8a: `SATerm Close* Sp*`.
    fn sb8a(self) -> bool {
        matches!(self.0[self.term_index()], Part::STerm | Part::ATerm)
    }

    /// SB9: `SATerm Close*`.
    fn sb9(self) -> bool {
        let p = self.0;
        let idx = if p[3] == Part::ClosePlus { 2 } else { 3 };
        matches!(p[idx], Part::STerm | Part::ATerm)
    }

    /// SB11: `SATerm Close* Sp* ParaSep?`.
    fn sb11(self) -> bool {
        let p = self.0;
        let mut idx = if matches!(p[3], Part::Sep | Part::CR | Part::LF) { 2 } else { 3 };
        if p[idx] == Part::SpPlus {
            idx -= 1;
        }
        if p[idx] == Part::ClosePlus {
            idx -= 1;
        }
        matches!(p[idx], Part::STerm | Part::ATerm)
    }

    /// SB8: `ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep |
    /// SATerm))* Lower`, `ahead` starting with the character in question.
    fn sb8(self, ahead: &str) -> Result<bool, Unknown> {
        if self.0[self.term_index()] != Part::ATerm {
            return Ok(false);
        }
        for c in ahead.chars() {
            match cat(c).ok_or(Unknown)? {
                Cat::Lower => return Ok(true),
                Cat::OLetter | Cat::Upper | Cat::Sep | Cat::CR | Cat::LF | Cat::STerm | Cat::ATerm => return Ok(false),
                _ => {}
            }
        }
        Ok(false)
    }
}

fn part(cat: Cat) -> Part {
    match cat {
        Cat::CR => Part::CR,
        Cat::LF => Part::LF,
        Cat::Sep => Part::Sep,
        Cat::ATerm => Part::ATerm,
        Cat::Upper | Cat::Lower => Part::UpperLower,
        Cat::Close => Part::ClosePlus,
        Cat::Sp => Part::SpPlus,
        Cat::STerm => Part::STerm,
        _ => Part::Other,
    }
}

/// The crate's machine over one text.
struct Machine<'s> {
    s: &'s str,
    state: State,
}

impl Machine<'_> {
    /// Reads the character at byte `pos`, of category `cat`; true when a
    /// boundary stands before it. The rules of UAX #29 in the crate's order.
    fn step(&mut self, pos: usize, cat: Cat) -> Result<bool, Unknown> {
        let before = self.state;
        self.state = before.next(cat);
        let last = before.0[3];
        // SB1, SB3, SB4
        if last == Part::Sot {
            return Ok(true);
        }
        if cat == Cat::LF && last == Part::CR {
            return Ok(false);
        }
        if matches!(last, Part::Sep | Part::CR | Part::LF) {
            return Ok(true);
        }
        // SB5: extending characters belong to the one before
        if matches!(cat, Cat::Extend | Cat::Format) {
            self.state = before;
            return Ok(false);
        }
        // SB6, SB7
        if cat == Cat::Numeric && last == Part::ATerm {
            return Ok(false);
        }
        if cat == Cat::Upper && before.0[2] == Part::UpperLower && last == Part::ATerm {
            return Ok(false);
        }
        // SB8, SB8a, SB9, SB10
        if before.sb8(&self.s[pos..])? {
            return Ok(false);
        }
        if matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm) && before.sb8a() {
            return Ok(false);
        }
        if matches!(cat, Cat::Close | Cat::Sp | Cat::Sep | Cat::CR | Cat::LF) && before.sb9() {
            return Ok(false);
        }
        if matches!(cat, Cat::Sp | Cat::Sep | Cat::CR | Cat::LF) && before.sb8a() {
            return Ok(false);
        }
        // SB11, SB998
        Ok(before.sb11())
    }
}

/// The first offset from `from` on where `hit` holds for the byte of `b`:
/// 16 bytes are tested at a time (`hit` should be a few comparisons joined
/// with `|`, which the compiler runs on all 16 at once) before the byte is
/// looked for in them.
pub(super) fn find_byte(b: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    const W: usize = 16;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + W) {
        if chunk.iter().fold(false, |acc, &x| acc | hit(x)) {
            break;
        }
        i += W;
    }
    (i..b.len()).find(|&k| hit(b[k]))
}

/// The byte offset of the next terminator or separator in `s` from `from`
/// (`s.len()` when there is none): `.`, `!`, `?`, `\n`, `\r`, U+0085
/// (lead byte 0xC2), or one of U+2000..U+207F (lead byte 0xE2; the rest of
/// 0xE2.. is not in the tables, nor are 0xD5..0xDF).
fn next_special(s: &str, from: usize) -> Result<usize, Unknown> {
    let b = s.as_bytes();
    let hit = |x: u8| (x == b'.') | (x == b'!') | (x == b'?') | (x == b'\n') | (x == b'\r') | (x == 0xC2) | (x >= 0xD5);
    let mut i = from;
    while let Some(k) = find_byte(b, i, hit) {
        match b[k] {
            0xC2 if b[k + 1] != 0x85 => {}
            0xE2 if matches!(b[k + 1], 0x80 | 0x81) => {
                let c = s[k..].chars().next().ok_or(Unknown)?;
                if matches!(cat(c), Some(Cat::ATerm | Cat::STerm | Cat::Sep)) {
                    return Ok(k);
                }
            }
            0xD5.. => return Err(Unknown),
            _ => return Ok(k),
        }
        i = k + 1;
    }
    Ok(b.len())
}

/// The ends of the sentences UAX #29 finds in `s` (the ends of
/// `s.split_sentence_bound_indices()`, the last one `s.len()`), through
/// the tables when they know every character of `s`.
pub(crate) fn sentence_ends(s: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    if fast_ends(s, &mut ends).is_err() {
        ends.clear();
        ends.extend(s.split_sentence_bound_indices().map(|(off, seg)| off + seg.len()));
    }
    ends
}

/// [`sentence_ends`] through the tables.
fn fast_ends(s: &str, ends: &mut Vec<usize>) -> Result<(), Unknown> {
    let mut m = Machine { s, state: State::INITIAL };
    let mut pos = 0;
    while pos < s.len() {
        if m.state.disarmed() {
            let q = next_special(s, pos)?;
            if q == s.len() {
                break;
            }
            // the machine as it stands before the terminator: of what it
            // has read since it was disarmed (no terminator, no separator)
            // only the part of the last character that is not an extending
            // one tells; none, and it stands as it was
            let between = s[pos..q].chars().rev().map(|c| cat(c).ok_or(Unknown));
            for c in between {
                let c = c?;
                if !matches!(c, Cat::Extend | Cat::Format) {
                    m.state = State([Part::Other, Part::Other, Part::Other, part(c)]);
                    break;
                }
            }
            pos = q;
        }
        let c = s[pos..].chars().next().ok_or(Unknown)?;
        if m.step(pos, cat(c).ok_or(Unknown)?)? && pos > 0 {
            ends.push(pos);
        }
        pos += c.len_utf8();
    }
    if !s.is_empty() {
        ends.push(s.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The crate's sentence ends.
    fn crate_ends(s: &str) -> Vec<usize> {
        s.split_sentence_bound_indices().map(|(off, seg)| off + seg.len()).collect()
    }

    /// The ends through the tables, or `None` when they do not know a character.
    fn table_ends(s: &str) -> Option<Vec<usize>> {
        let mut ends = Vec::new();
        fast_ends(s, &mut ends).ok().map(|()| ends)
    }

    /// Texts around one character `c` that the crate splits differently
    /// for each category: between them they tell every category from
    /// every other (Extend from Format excepted: the rules treat them alike).
    const PROBES: &[&str] = &[
        "a. {}b",
        "a.{})B",
        "a.{} B",
        "x.{}B",
        "A.{}",
        "a. {}",
        "A{}1",
        "x{} A",
        "a.{}1",
        "{}\n",
        "\r{}",
        "a{}\nb",
        "Ab. {} c. D",
        "{}",
        "a? {} b",
    ];

    #[test]
    fn the_tables_are_the_crates() {
        let chars = (0..0x540u32).chain(0x2000..0x2080).filter_map(char::from_u32);
        for c in chars {
            for probe in PROBES {
                let s = probe.replace("{}", &c.to_string());
                assert_eq!(table_ends(&s).as_deref(), Some(&crate_ends(&s)[..]), "{c:?} (U+{:04X}) in {s:?}", c as u32);
            }
        }
    }

    #[test]
    fn other_characters_go_to_the_crate() {
        for s in ["a. 中文. B", "ok 👍 Fine. Yes", "x\u{2116}5. Y", "a\u{3002}b"] {
            assert!(table_ends(s).is_none(), "{s:?}");
            assert_eq!(sentence_ends(s), crate_ends(s), "{s:?}");
        }
        assert_eq!(sentence_ends(""), Vec::<usize>::new());
    }

    /// Text made of the characters the rules care about.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "B", "я", "Д", "1", ".", "!", "?", "…", " ", "  ", "\n", "\r", "\r\n", ")", "»", "\"", "«", "(", ",",
            ";", ":", "-", "—", "\u{301}", "\u{AD}", "\u{200B}", "\u{85}", "\u{2028}", "\u{2024}", "\u{203C}",
            "\u{2047}", "\u{A0}", "ß", "Ω", "ω", "\t", "'", "’", "_", "%", "\u{483}", "\u{2060}", "\u{207F}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn the_ends_are_the_crates(s in text()) {
            prop_assert_eq!(table_ends(&s), Some(crate_ends(&s)));
        }

        #[test]
        fn find_byte_finds_the_first(b in prop::collection::vec(prop::sample::select(vec![b'a', b'.', 0xC2, 0xE2]), 0..80), from in 0usize..80) {
            let from = from.min(b.len());
            let hit = |x: u8| (x == b'.') | (x == 0xE2);
            prop_assert_eq!(find_byte(&b, from, hit), (from..b.len()).find(|&k| hit(b[k])));
        }

        #[test]
        fn the_ends_are_the_crates_for_any_text(s in any::<String>()) {
            prop_assert_eq!(sentence_ends(&s), crate_ends(&s));
        }
    }
}
