//! Anchors: what two sentences in different languages can share as
//! evidence that one translates the other.
//!
//! * numbers, with digits normalised (`250 000`, `250,000` → `250000`;
//!   `3,5`, `3.5` → `3.5`);
//! * names and cognates, compared through a romanised spelling skeleton
//!   ([`translit`]): `Вышинский` ~ `Vyshinsky`, `организация` ~
//!   `organization`;
//! * word pairs from a bilingual lexicon over stems: a dictionary the user
//!   has, and pairs learned from the document pair itself (Dice over the
//!   confident 1:1 beads of a first pass, as Moore 2002 and hunalign's
//!   realign do).
//!
//! Every anchor becomes a *concept* id shared by both sides; a sentence is a
//! set of concepts, and two groups of sentences are compared by the
//! idf-weighted Dice coefficient of their concept sets.

mod concepts;
pub mod dict;
mod dict_cache;
mod dict_store;
mod lexicon;
mod number;
mod side;
mod stems;
pub(crate) mod translit;
mod words;

pub(crate) use concepts::*;
pub(crate) use lexicon::*;
pub(crate) use side::*;
pub(crate) use stems::*;
pub(crate) use words::{fold, is_letter, lower_into, words};

pub(crate) use number::numbers;

#[cfg(test)]
mod tests {
    #[test]
    fn association_needs_more_than_a_few_pairs() {
        use super::{association, MIN_ASSOCIATION};
        // seen together twice in five pairs: Dice 1, but chance explains it
        assert!(association(2, 2, 2, 5) < MIN_ASSOCIATION);
        // a word of every sentence on both sides: no association at all
        assert_eq!(association(5, 5, 5, 5), 0.0);
        // three times together, never apart, in twenty pairs: significant
        assert!(association(3, 3, 3, 20) > MIN_ASSOCIATION);
        // less often together than chance: 0
        assert_eq!(association(1, 10, 10, 20), 0.0);
        // the value of a table worked by hand: k = [[2, 0], [0, 3]]
        let expected = 2.0 * (2.0 * (2.0f64 * 5.0 / 4.0).ln() + 3.0 * (3.0f64 * 5.0 / 9.0).ln());
        assert!((association(2, 2, 2, 5) - expected).abs() < 1e-12);
    }

    #[test]
    fn fast_letter_and_lower_case_agree_with_std() {
        let ranges = [0u32..0x250, 0x370..0x3ff, 0x400..0x530, 0x1e00..0x1f00, 0x2c00..0x2c60];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(super::words::is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::words::is_upper(c), c.is_uppercase(), "{c:?}");
            let mut buf = String::new();
            super::words::push_lower(&mut buf, c);
            assert_eq!(buf, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }
}
