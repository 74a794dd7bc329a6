//! English.

use super::LangRules;

/// English abbreviations and words that are never speaker labels.
pub(crate) const RULES: LangRules = LangRules {
    non_final: &[
        // titles, always followed by a name
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "St", "Mt", "Rev", "Gen", "Col", "Capt", "Lt", "Sgt", "Gov", "Sen",
        "Rep", "Hon", "Jr", "Sr", // Latin abbreviations that continue the sentence
        "i.e", "e.g", "i. e", "e. g", "cf", "viz", "approx", "ca",
        // references followed by a number or a name ("No. 5" is caught by the number rule)
        "vol", "Vol", "vols", "ch", "Ch", "art", "Art", "fig", "Fig", "para", "sec", "Sec", "op", "cit", "ibid",
        "Ibid", // months before a day, streets
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd",
    ],
    before_number: &[
        "p", "pp", "No", "Nos", "no", "nos", "vol", "Vol", "vols", "ch", "Ch", "art", "Art", "fig", "Fig", "para",
        "sec", "Sec", "sect", "approx", "ca", "c", "v", "vs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
        "Sept", "Oct", "Nov", "Dec",
    ],
    mid_sentence: &[
        "etc", "approx", "sq", "ft", "oz", "lb", "lbs", "min", "mins", "sec", "hr", "hrs", "km", "kg", "Inc", "Ltd",
        "Co", "Corp", "dept", "govt", "misc", "yr", "yrs", "wk", "pcs", "incl", "max",
    ],
    one_letter_words: &["I", "A"],
    not_speakers: &[
        "yes",
        "no",
        "well",
        "right",
        "correct",
        "true",
        "quite",
        "exactly",
        "certainly",
        "indeed",
        "so",
        "then",
        "now",
        "good",
        "very",
        "thanks",
        "sorry",
        "never",
        "perhaps",
    ],
    sentence_starters: &[
        "the", "a", "an", "this", "that", "these", "those", "there", "here", "it", "its", "i", "we", "you", "he",
        "she", "they", "my", "our", "your", "his", "her", "their", "in", "on", "at", "for", "from", "with", "by",
        "after", "before", "during", "when", "while", "if", "but", "and", "or", "so", "then", "as", "also", "however",
        "yet", "now", "today", "what", "why", "how", "where", "who", "which", "all", "some", "every", "each", "many",
        "most", "both", "to", "of", "is", "was", "are", "were", "do", "does", "did", "let", "please", "thanks",
        "thank",
    ],
    question_semicolon: false,
};
