//! Tiny inputs: a handful of clean sentence pairs, where a length-only
//! aligner gets everything right, must come out 1:1, with and without the
//! lexicon learned from the pair, and whether or not long beads are on.

use bitext::{AlignConfig, Aligner, Document, Lang};

/// Sentence pairs: a sentence and its translation.
type Pairs = &'static [(&'static str, &'static str)];

/// Clean translations, one sentence a line on each side, written for
/// this test.
const CASES: &[(Lang, Lang, Pairs)] = &[
    (
        Lang::German,
        Lang::French,
        &[
            ("Der Zug fährt um acht Uhr ab.", "Le train part à huit heures."),
            ("Wir haben die Fahrkarten gestern gekauft.", "Nous avons acheté les billets hier."),
            ("Der Bahnhof liegt in der Nähe des Marktes.", "La gare se trouve près du marché."),
            ("Im Winter ist der Pass oft gesperrt.", "En hiver, le col est souvent fermé."),
            ("Die Hütte hat zwanzig Betten und eine Küche.", "Le refuge a vingt lits et une cuisine."),
            ("Am Abend regnete es stark.", "Le soir, il a beaucoup plu."),
        ],
    ),
    (
        Lang::Russian,
        Lang::English,
        &[
            ("Магазин открывается в девять.", "The shop opens at nine."),
            (
                "Доставку обещали через два дня, но привезли через неделю.",
                "Delivery was promised in two days, but it came a week later.",
            ),
            ("Курьер был вежлив.", "The courier was polite."),
            ("Цена оказалась выше, чем на сайте.", "The price turned out higher than on the website."),
            ("Больше я здесь ничего не закажу.", "I will not order anything here again."),
            ("Спасибо за внимание!", "Thank you for your attention!"),
        ],
    ),
    (
        Lang::English,
        Lang::Spanish,
        &[
            ("The museum is closed on Mondays.", "El museo cierra los lunes."),
            ("We walked along the river for an hour.", "Caminamos junto al río durante una hora."),
            ("My sister lives in Valencia with her two children.", "Mi hermana vive en Valencia con sus dos hijos."),
            ("Dinner was excellent.", "La cena fue excelente."),
            ("Tomorrow we leave for the mountains.", "Mañana salimos hacia las montañas."),
            ("Nobody knew the answer.", "Nadie sabía la respuesta."),
        ],
    ),
];

#[test]
fn a_few_clean_pairs_come_out_one_to_one() {
    for &(sl, tl, pairs) in CASES {
        for count in 2..=pairs.len() {
            let src: String = pairs[..count].iter().map(|p| format!("{}\n", p.0)).collect();
            let tgt: String = pairs[..count].iter().map(|p| format!("{}\n", p.1)).collect();
            let (s, t) = (Document::segment(&src, sl), Document::segment(&tgt, tl));
            assert_eq!((s.len(), t.len()), (count, count), "{sl:?}-{tl:?}: one sentence a line");
            for learn_lexicon in [true, false] {
                for max_long_bead in [0, 16] {
                    let config = AlignConfig::default().learn_lexicon(learn_lexicon).max_long_bead(max_long_bead);
                    let a = Aligner::new(config).align(&s, &t).expect("align");
                    let kinds: Vec<(usize, usize)> = a.beads().iter().map(|b| b.kind()).collect();
                    assert_eq!(
                        kinds,
                        vec![(1, 1); count],
                        "{sl:?}-{tl:?}, {count} pairs, learn_lexicon {learn_lexicon}, max_long_bead {max_long_bead}"
                    );
                }
            }
        }
    }
}
