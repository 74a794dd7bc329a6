//! Cyrillic to Latin, and a spelling skeleton that makes the usual
//! romanisations meet: Вышинский, Vyshinsky, Wyschinski and Vyšinskij all
//! become `visinski`.

/// Romanises one Cyrillic letter (lower case); other characters pass through.
fn romanise(c: char, out: &mut String) {
    let s = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' | 'і' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        'є' => "ye",
        'ї' => "yi",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// Letter groups that romanisation schemes spell differently, longest
/// first (each starts with one of `s t c k z p q`: see [`skeleton_prefix`]).
const DIGRAPHS: &[(&str, &str)] = &[
    ("shch", "s"),
    ("tsch", "c"),
    ("sch", "s"),
    ("tch", "c"),
    ("sh", "s"),
    ("ch", "c"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("zh", "z"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("qu", "k"),
];

/// Letters of the skeleton in a name's key: two spellings of a name meet
/// when their keys do (speaker names, names in `find`).
pub(crate) const NAME_KEY_LETTERS: usize = 5;

/// The key of a name's word: the first [`NAME_KEY_LETTERS`] letters of its
/// skeleton.
pub(crate) fn name_key(word: &str) -> String {
    skeleton_prefix(word, NAME_KEY_LETTERS)
}

/// The keys of a speaker name: those of its words of four letters or more;
/// two names (`SHARANGOVICH`, `Шарангович`) meet when they share a key.
pub(crate) fn name_keys(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 4).map(name_key).collect()
}

/// The spelling skeleton of a word (any script): lower case, Cyrillic
/// romanised, Latin diacritics dropped, and the letters that romanisation
/// schemes disagree on merged (y/j/i, w/v, sh/sch/š, ch/tsch/č, kh/h/ch,
/// ts/tz/c, doubled letters), final `-iy`/`-ij`/`-y` endings unified;
/// its first `letters` characters, read no further than they need: a key
/// (a cognate's, a name's) is a few letters of a word's skeleton, and the
/// rest of a long word is not romanised.
pub(crate) fn skeleton_prefix(word: &str, letters: usize) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    push_skeleton_prefix(word, letters, &mut String::new(), &mut out);
    out
}

/// [`skeleton_prefix`] appended to `out`, with `roman` a buffer to reuse
/// (a cognate key is made for every distinct word of a text: two fewer
/// allocations each).
pub(crate) fn push_skeleton_prefix(word: &str, letters: usize, roman: &mut String, out: &mut String) {
    // lower-cased as `char::to_lowercase`, most characters without its
    // table search
    let mut chars = word.chars().flat_map(|c| {
        let fast = super::words::lower_fast(c);
        let slow = fast.is_none().then(|| c.to_lowercase());
        fast.into_iter().chain(slow.into_iter().flatten())
    });
    roman.clear();
    roman.reserve(word.len() + 4);
    // where the skeleton starts in `out`
    let base = out.len();
    // the characters of the skeleton, and where `roman` is read
    let (mut count, mut at) = (0, 0);
    while count < letters {
        // a letter group is at most 4 bytes: romanised that far ahead
        while roman.len() - at < 4 {
            let Some(c) = chars.next() else { break };
            push_roman(c, roman);
        }
        let rest = &roman[at..];
        let Some(c) = rest.chars().next() else { break };
        // every letter group starts with one of these letters
        let group = matches!(c, 's' | 't' | 'c' | 'k' | 'z' | 'p' | 'q');
        let digraph = DIGRAPHS.iter().find(|(d, _)| group && starts_with(rest.as_bytes(), d.as_bytes()));
        let (piece, used) = match digraph {
            Some(&(d, p)) => (p, d.len()),
            None => match c {
                'y' | 'j' => ("i", 1),
                'w' => ("v", 1),
                'x' => ("ks", 1),
                'q' => ("k", 1),
                _ => (&rest[..c.len_utf8()], c.len_utf8()),
            },
        };
        // doubled letters collapse
        if !ends_with(&out.as_bytes()[base..], piece.as_bytes()) {
            out.push_str(piece);
            count += piece.chars().count();
        }
        at += used;
    }
    if count > letters {
        let cut = out[base..].char_indices().nth(letters).map_or(out.len(), |(i, _)| base + i);
        out.truncate(cut);
    }
}

/// `a.starts_with(b)` for the few bytes of a letter group, without a call
/// to `memcmp`.
#[inline]
fn starts_with(a: &[u8], b: &[u8]) -> bool {
    a.len() >= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// `a.ends_with(b)`, likewise.
#[inline]
fn ends_with(a: &[u8], b: &[u8]) -> bool {
    a.len() >= b.len() && a[a.len() - b.len()..].iter().zip(b).all(|(x, y)| x == y)
}

/// Appends lower-case `c` romanised, Latin diacritics dropped.
fn push_roman(c: char, roman: &mut String) {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => roman.push('a'),
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => roman.push('e'),
        'í' | 'ì' | 'î' | 'ï' => roman.push('i'),
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => roman.push('o'),
        'ú' | 'ù' | 'û' | 'ü' | 'ů' => roman.push('u'),
        'ç' | 'č' | 'ć' => roman.push_str("ch"),
        'š' | 'ś' | 'ß' => roman.push_str("sh"),
        'ž' | 'ź' | 'ż' => roman.push_str("zh"),
        'ñ' | 'ń' | 'ň' => roman.push('n'),
        'ý' | 'ÿ' => roman.push('y'),
        'ł' => roman.push('l'),
        'ř' => roman.push('r'),
        _ => romanise(c, roman),
    }
}

#[cfg(test)]
mod tests {
    use super::{push_roman, skeleton_prefix, DIGRAPHS};

    /// The whole skeleton of `word`.
    fn skeleton(word: &str) -> String {
        skeleton_prefix(word, usize::MAX)
    }

    /// The skeleton as it was first written: the whole word romanised,
    /// then its letter groups merged.
    fn skeleton_whole(word: &str) -> String {
        // romanising a character has not changed: merging the groups has
        let mut roman = String::with_capacity(word.len() + 4);
        for c in word.chars().flat_map(char::to_lowercase) {
            push_roman(c, &mut roman);
        }
        let mut out = String::with_capacity(roman.len());
        let mut rest: &str = &roman;
        while let Some(c) = rest.chars().next() {
            let (piece, used) = match DIGRAPHS.iter().find(|(d, _)| rest.starts_with(d)) {
                Some(&(d, p)) => (p, d.len()),
                None => match c {
                    'y' | 'j' => ("i", 1),
                    'w' => ("v", 1),
                    'x' => ("ks", 1),
                    'q' => ("k", 1),
                    _ => (&rest[..c.len_utf8()], c.len_utf8()),
                },
            };
            // doubled letters collapse
            if !out.ends_with(piece) {
                out.push_str(piece);
            }
            rest = &rest[used..];
        }
        out
    }

    #[test]
    fn a_prefix_is_the_start_of_the_skeleton() {
        let words = [
            "",
            "a",
            "ъ",
            "Щёткин",
            "shchukin",
            "tschaikowsky",
            "Чайковский",
            "aaaaaab",
            "xxq",
            "straße",
            "Łódź",
            "Vyšinskij",
            "zzzzhhh",
            "ъъъъа",
            "quatsch",
            "日本語",
            "Σίσυφος",
            "Wyschinski",
        ];
        for (d, _) in DIGRAPHS {
            assert!(d.starts_with(['s', 't', 'c', 'k', 'z', 'p', 'q']), "{d}");
        }
        for w in words {
            let full = skeleton_whole(w);
            assert_eq!(skeleton(w), full, "{w:?}");
            for n in 0..12 {
                let want: String = full.chars().take(n).collect();
                assert_eq!(skeleton_prefix(w, n), want, "{w:?}, {n} letters");
            }
        }
    }

    #[test]
    fn romanisations_meet() {
        for (a, b) in [
            ("Вышинский", "Vyshinsky"),
            ("Рыков", "Rykov"),
            ("Червяков", "Chervyakov"),
            ("Бухарин", "Bukharin"),
            ("Ягода", "Yagoda"),
            ("Крестинский", "Krestinsky"),
            ("Хабаровск", "Khabarovsk"),
            ("Шойгу", "Shoigu"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        assert!(skeleton("организация").starts_with(&skeleton("organization")[..5]));
        assert_ne!(skeleton("Рыков"), skeleton("Ягода"));
    }
}
