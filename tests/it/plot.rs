//! The picture of an alignment: the grid behind it and the SVG.

use bitext::{
    plot_svg, AlignConfig, Aligner, Alignment, Bead, Document, InputMode, Lang, PlotGrid, PlotOptions, Segmenter,
};
use std::ops::Range;

use proptest::prelude::*;

/// An alignment of `beads` as (source count, target count, confidence),
/// laid end to end.
fn alignment(beads: &[(usize, usize, f64)]) -> Alignment {
    let (mut i, mut j) = (0, 0);
    let mut list = Vec::new();
    for &(a, b, c) in beads {
        list.push(Bead::new(i..i + a, j..j + b, 1.0, c));
        (i, j) = (i + a, j + b);
    }
    Alignment::from_beads(list, i, j).expect("a valid alignment")
}

/// `n` lines, one sentence each, numbered so that the audit finds number
/// mismatches wherever the numbers of a bead's sides differ.
fn lines(n: usize, word: &str) -> String {
    (0..n).map(|k| format!("{word} {k}.\n")).collect()
}

fn bead_kinds() -> impl Strategy<Value = Vec<(usize, usize, f64)>> {
    let kind =
        prop::sample::select(vec![(1, 1), (1, 1), (1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 7), (5, 1)]);
    prop::collection::vec((kind, 0.0..=1.0f64).prop_map(|((a, b), c)| (a, b, c)), 0..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every bead's cells are inside the grid, each carries mass, the mass
    /// of all cells is the number of sentences of both editions, the
    /// omitted mass that of the omissions, and each cell's mean confidence
    /// lies between its lowest and 1.
    #[test]
    fn grid_keeps_every_sentence(beads in bead_kinds(), resolution in 1usize..40) {
        let a = alignment(&beads);
        let grid = PlotGrid::new(&a, resolution).unwrap();
        let (rows, cols) = grid.mass().dim();
        prop_assert!(rows >= 1 && rows <= resolution && cols >= 1 && cols <= resolution);
        for b in a.beads() {
            let (r, c) = grid.cells(b);
            prop_assert!(!r.is_empty() && r.end <= rows && !c.is_empty() && c.end <= cols, "{:?} {:?}", r, c);
            for i in r {
                for j in c.clone() {
                    prop_assert!(grid.mass()[[i, j]] > 0.0);
                    prop_assert!(grid.lowest()[[i, j]] <= b.confidence());
                }
            }
            // a bead's sentences are in the rows and columns of its cells
            let (r, c) = grid.cells(b);
            for s in b.src() {
                prop_assert!(r.clone().any(|row| grid.src_sentences(row).contains(&s)));
            }
            for t in b.tgt() {
                prop_assert!(c.clone().any(|col| grid.tgt_sentences(col).contains(&t)));
            }
        }
        let total = (a.src_len() + a.tgt_len()) as f64;
        prop_assert!((grid.mass().sum() - total).abs() < 1e-9 * total.max(1.0));
        let omitted: usize = a.beads().iter().filter(|b| b.is_omission()).map(|b| b.src().len() + b.tgt().len()).sum();
        prop_assert!((grid.omitted().sum() - omitted as f64).abs() < 1e-9 * total.max(1.0));
        for ((w, c), low) in grid.mass().iter().zip(grid.confidence()).zip(grid.lowest()) {
            if *w > 0.0 {
                prop_assert!(*low <= *c && *c <= 1.0, "{} {} {}", w, c, low);
            } else {
                prop_assert!(c.is_nan() && low.is_nan());
            }
        }
        // the rows cut the source into consecutive runs, in order
        let runs: Vec<_> = (0..rows).map(|r| grid.src_sentences(r)).collect();
        prop_assert_eq!(runs.first().map_or(0, |r| r.start), 0);
        prop_assert_eq!(runs.last().map_or(0, |r| r.end), a.src_len());
        prop_assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
    }

    /// The SVG is well-formed XML for any alignment, and its element count
    /// does not depend on the number of sentences.
    #[test]
    fn svg_is_well_formed(beads in bead_kinds(), resolution in 1usize..40) {
        let a = alignment(&beads);
        let (ru, en) = (lines(a.src_len(), "Строка"), lines(a.tgt_len(), "Line"));
        let seg = |lang, text| Segmenter::new(lang).input(InputMode::Lines).segment(text);
        let (src, tgt) = (seg(Lang::Russian, &ru), seg(Lang::English, &en));
        let svg = plot_svg(&a, &src, &tgt, &PlotOptions::default().resolution(resolution).links("")).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        prop_assert!(doc.descendants().filter(|n| n.is_element()).count() <= MAX_ELEMENTS);
    }
}

/// The most elements a picture has: the frame, axes, labels and legend,
/// up to four paths of beads, and three elements for each finding marker.
const MAX_ELEMENTS: usize = 60 + 3 * bitext::MAX_MARKERS;

fn trial() -> (String, String) {
    let read = |p| std::fs::read_to_string(p).expect("data/trial");
    (read("data/trial.ru.txt"), read("data/trial.en.txt"))
}

#[test]
fn trial_picture() {
    let (ru, en) = trial();
    let (src, tgt) = (Document::segment(&ru, Lang::Russian), Document::segment(&en, Lang::English));
    let a = Aligner::new(AlignConfig::default()).align(&src, &tgt).unwrap();
    let svg = plot_svg(&a, &src, &tgt, &PlotOptions::default().links("")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let beads: Vec<_> =
        doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("beads "))).collect();
    assert!(!beads.is_empty() && beads.len() <= 4);
    assert!(beads.iter().all(|p| p.tag_name().name() == "path" && p.attribute("d").is_some_and(|d| d.len() > 10)));
    // the path runs from the bottom-left corner of the plot area to the top-right one
    let points: Vec<(f64, f64)> = beads
        .iter()
        .flat_map(|p| p.attribute("d").unwrap_or("").split(['M', 'L']).filter(|s| !s.is_empty()).map(str::to_string))
        .map(|xy| {
            let v: Vec<f64> = xy.split(' ').map(|n| n.parse().expect("a number")).collect();
            (v[0], v[1])
        })
        .collect();
    let frame = doc
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("none"))
        .expect("the plot area's frame");
    let num = |k| frame.attribute(k).and_then(|v: &str| v.parse::<f64>().ok()).expect("a number");
    let (x0, y0, w, h) = (num("x"), num("y"), num("width"), num("height"));
    assert!(points.contains(&(x0, y0 + h)) && points.contains(&(x0 + w, y0)), "{points:?}");
    assert!(points.iter().all(|&(x, y)| (x0..=x0 + w).contains(&x) && (y0..=y0 + h).contains(&y)));
    // the transcript's turns and the audit's findings, each a link to a bead
    assert!(doc.descendants().any(|n| n.attribute("class") == Some("turns")));
    let links: Vec<usize> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|n| n.attribute("href").and_then(|h| h.strip_prefix("#b")).unwrap().parse().unwrap())
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|&b| b < a.beads().len()));
    // without links the markers stay, with their tooltips
    let plain = plot_svg(&a, &src, &tgt, &PlotOptions::default()).unwrap();
    assert!(!plain.contains("<a ") && plain.matches("class=\"finding\"").count() == links.len());
}

#[test]
fn element_count_and_size_do_not_grow_with_sentences() {
    let mut counts = Vec::new();
    for n in [50, 20_000] {
        // a path with an omission, a 2:1 and a doubtful bead every few beads
        let pattern = [(1, 1, 0.99), (1, 0, 0.7), (1, 1, 0.3), (2, 1, 0.8), (0, 1, 0.95), (1, 1, 0.6)];
        let beads: Vec<_> = pattern.iter().cycle().take(n).copied().collect();
        let a = alignment(&beads);
        let (ru, en) = (lines(a.src_len(), "Строка"), lines(a.tgt_len(), "Line"));
        let seg = |lang, text| Segmenter::new(lang).input(InputMode::Lines).segment(text);
        let (src, tgt) = (seg(Lang::Russian, &ru), seg(Lang::English, &en));
        let svg = plot_svg(&a, &src, &tgt, &PlotOptions::default().links("")).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let elements = doc.descendants().filter(|n| n.is_element()).count();
        assert!(elements <= MAX_ELEMENTS, "{n} beads: {elements} elements");
        assert!(svg.len() < 200_000, "{n} beads: {} bytes", svg.len());
        counts.push((elements, svg.len()));
    }
    // the large input has every kind of mark the small one has, no more
    assert!(counts[1].0 <= MAX_ELEMENTS && counts[0].0 > 20, "{counts:?}");
}

#[test]
fn misuse_is_an_error() {
    let (ru, en) = trial();
    let (src, tgt) = (Document::segment(&ru, Lang::Russian), Document::segment(&en, Lang::English));
    let a = Aligner::new(AlignConfig::default()).align(&src, &tgt).unwrap();
    // swapped documents, or documents of another alignment
    assert!(plot_svg(&a, &tgt, &src, &PlotOptions::default()).is_err());
    let short = Document::segment("Одно. Два.\n", Lang::Russian);
    let err = plot_svg(&a, &short, &tgt, &PlotOptions::default()).unwrap_err();
    assert!(err.to_string().contains("documents that were aligned"), "{err}");
    // a bead of one's own past the documents' ends stays in the grid
    let grid = PlotGrid::new(&a, 50).unwrap();
    for bead in [
        Bead::new(9_000..9_005, 0..0, 0.0, 1.0),
        Bead::new(Range { start: 7, end: 3 }, usize::MAX - 1..usize::MAX, 0.0, 0.5),
    ] {
        let (r, c) = grid.cells(&bead);
        assert!(r.end <= 50 && c.end <= 50 && !r.is_empty() && !c.is_empty(), "{r:?} {c:?}");
    }
    // resolutions out of range
    assert!(PlotGrid::new(&a, 0).is_err());
    assert!(PlotGrid::new(&a, bitext::MAX_RESOLUTION + 1).is_err());
    assert!(plot_svg(&a, &src, &tgt, &PlotOptions::default().resolution(0)).is_err());
}

#[test]
fn empty_editions() {
    for (ru, en) in [("", ""), ("Да.\n", ""), ("", "Yes. No.\n")] {
        let (src, tgt) = (Document::segment(ru, Lang::Russian), Document::segment(en, Lang::English));
        let a = Aligner::new(AlignConfig::default()).align(&src, &tgt).unwrap();
        let grid = PlotGrid::new(&a, 600).unwrap();
        assert_eq!(grid.mass().sum(), (src.len() + tgt.len()) as f64);
        let svg = plot_svg(&a, &src, &tgt, &PlotOptions::default()).unwrap();
        roxmltree::Document::parse(&svg).unwrap();
    }
}

#[test]
fn titles_are_escaped() {
    let (src, tgt) = (Document::segment("Да.\n", Lang::Russian), Document::segment("Yes.\n", Lang::English));
    let a = Aligner::new(AlignConfig::default()).align(&src, &tgt).unwrap();
    let svg = plot_svg(&a, &src, &tgt, &PlotOptions::default().title("<b> & \"q\"").links("a\"b.html")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()), Some("<b> & \"q\""));
}

#[test]
fn cli_plot_writes_the_picture() {
    use crate::find::{bitext, data};
    let dir = std::env::temp_dir().join(format!("bitext-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("trial.svg");
    let p = path.to_str().expect("path");
    let (ru, en) = (data("trial.ru.txt"), data("trial.en.txt"));
    let out = bitext(&["plot", &ru, &en, "-o", p, "--links", "trial.html", "--dict", "none"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = std::fs::read_to_string(&path).expect("the picture");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(doc.descendants().any(|n| n.attribute("href").is_some_and(|h| h.starts_with("trial.html#b"))));
    assert!(svg.contains("<title>trial.ru.txt ~ trial.en.txt</title>"));
    // standard output without -o
    let out = bitext(&["plot", &ru, &en, "--dict", "none"]);
    assert!(out.status.success() && out.stdout.starts_with(b"<svg"));
    // refused before the work: an input as the output, a resolution out of range
    for args in [vec!["-o", ru.as_str()], vec!["--resolution", "0"], vec!["--min-confidence", "2"]] {
        let mut all = vec!["plot", ru.as_str(), en.as_str()];
        all.extend(args.iter().copied());
        let out = bitext(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && !err.contains("panicked"), "{args:?}: {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
