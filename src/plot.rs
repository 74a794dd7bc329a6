//! A picture of an alignment: source sentence index across, target
//! sentence index up, the beads as a path from corner to corner, coloured
//! by how sure the aligner is of them.
//!
//! ```
//! use bitext::{plot_svg, AlignConfig, Aligner, Document, Lang, PlotGrid, PlotOptions};
//!
//! let ru = Document::segment("Где вы были в 1928 году? Отвечайте. Я был в Москве.\n", Lang::Russian);
//! let en = Document::segment("Where were you in 1928? Answer. I was in Moscow.\n", Lang::English);
//! let alignment = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
//!
//! // The matrix behind the picture, for plots of one's own.
//! let grid = PlotGrid::new(&alignment, 600)?;
//! assert_eq!(grid.mass().dim(), (3, 3));
//! assert_eq!(grid.mass().sum(), 6.0); // every sentence of both editions once
//!
//! // The picture itself.
//! let svg = plot_svg(&alignment, &ru, &en, &PlotOptions::default())?;
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`PlotGrid`] is the matrix behind the picture (its docs say how beads
//! are laid on it); [`plot_svg`] draws it (its docs say what is drawn and
//! why the size is bounded).

use std::fmt::Write as _;
use std::ops::Range;

use ndarray::{Array2, Zip};

use crate::audit::{audit, Audit, AuditOptions, Finding, Issue};
use crate::export::{escape, finding_label};
use crate::{Alignment, Bead, Document, Error, Result, UtteranceKind};

/// The most rows or columns a [`PlotGrid`] may have.
pub const MAX_RESOLUTION: usize = 4096;

/// The most finding markers [`plot_svg`] draws.
pub const MAX_MARKERS: usize = 120;

/// The default resolution of the picture: rows and columns of its grid.
const DEFAULT_RESOLUTION: usize = 600;

/// Confidence from which a bead is drawn as sure (as the HTML page shades
/// its rows).
const SURE: f64 = 0.9;

/// The matrix behind the picture of an alignment ([`plot_svg`]): a grid of
/// source runs (rows) against target runs (columns), each cell with the
/// mass, the confidence and the omissions of the beads that pass through
/// it, as `ndarray` arrays for plots of one's own.
///
/// A dense table of source sentences against target sentences would have
/// ten billion cells for two editions of 100,000 sentences. The grid
/// downsamples instead: at most `resolution` rows (source) and columns
/// (target), each row standing for a run of consecutive source sentences
/// and each column for a run of target sentences (one sentence each when
/// an edition has no more sentences than the resolution). Each bead lays
/// its sentences (`a + b` for an `a`:`b` bead) evenly over the cells its
/// rectangle touches (a 1:0 or 0:1 bead sits in the column, or row, of the
/// next sentence of the edition that lacks it), so the grid's total mass
/// is the number of sentences of both editions. Beside the mass, each cell
/// keeps the mean confidence of what lies in it (weighted by mass), the
/// lowest confidence of a bead that touches it, and the mass of omissions.
/// Building it reads each bead once; its memory is four `f64` tables of at
/// most `resolution`² cells (11.5 MB at the default 600 of [`plot_svg`]).
///
/// ```
/// use bitext::{AlignConfig, Aligner, Document, Lang, PlotGrid};
/// let ru = Document::segment("Суд идет. Прошу встать. Садитесь.\n", Lang::Russian);
/// let en = Document::segment("The Court is coming. Please rise. Be seated.\n", Lang::English);
/// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
/// // two rows at most: the three source sentences fall into runs of 1 and 2
/// let grid = PlotGrid::new(&a, 2)?;
/// assert_eq!(grid.mass().dim(), (2, 2));
/// assert_eq!((grid.src_sentences(0), grid.src_sentences(1)), (0..2, 2..3));
/// // 1:1 beads on the diagonal, with confidences in [0, 1]
/// assert!(grid.mass()[[0, 0]] > 0.0 && grid.mass()[[0, 1]] == 0.0);
/// assert!((0.0..=1.0).contains(&grid.confidence()[[1, 1]]));
/// assert!(grid.confidence()[[1, 0]].is_nan()); // no bead there
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PlotGrid {
    src_len: usize,
    tgt_len: usize,
    mass: Array2<f64>,
    confidence: Array2<f64>,
    lowest: Array2<f64>,
    omitted: Array2<f64>,
}

impl PlotGrid {
    /// Lays the beads of `alignment` on a grid of at most `resolution`
    /// rows and columns (fewer for an edition with fewer sentences; one row
    /// or column for an empty one).
    ///
    /// # Errors
    /// When `resolution` is 0 or above [`MAX_RESOLUTION`].
    pub fn new(alignment: &Alignment, resolution: usize) -> Result<PlotGrid> {
        if resolution == 0 || resolution > MAX_RESOLUTION {
            return Err(Error::invalid(format!(
                "plot resolution {resolution} is out of range: give 1 to {MAX_RESOLUTION} rows and columns"
            )));
        }
        let (n, m) = (alignment.src_len(), alignment.tgt_len());
        let shape = (n.clamp(1, resolution), m.clamp(1, resolution));
        let mut grid = PlotGrid {
            src_len: n,
            tgt_len: m,
            mass: Array2::zeros(shape),
            confidence: Array2::zeros(shape),
            lowest: Array2::from_elem(shape, f64::NAN),
            omitted: Array2::zeros(shape),
        };
        for b in alignment.beads() {
            let (rows, cols) = grid.cells(b);
            let share = (b.src().len() + b.tgt().len()) as f64 / (rows.len() * cols.len()) as f64;
            let c = b.confidence();
            for i in rows {
                for j in cols.clone() {
                    grid.mass[[i, j]] += share;
                    grid.confidence[[i, j]] += share * c;
                    let low = &mut grid.lowest[[i, j]];
                    if low.is_nan() || c < *low {
                        *low = c;
                    }
                    if b.is_omission() {
                        grid.omitted[[i, j]] += share;
                    }
                }
            }
        }
        Zip::from(&mut grid.confidence).and(&grid.mass).and(&grid.lowest).for_each(|c, &w, &low| {
            *c = if w > 0.0 { (*c / w).clamp(low, 1.0) } else { f64::NAN };
        });
        Ok(grid)
    }

    /// The rows and the columns of the cells that `bead` touches. A bead
    /// with an empty side touches one row (or column): that of the next
    /// sentence of that side, or of the last one at the end. Positions
    /// past the documents' ends are taken as their ends, so the ranges are
    /// always inside the grid.
    pub fn cells(&self, bead: &Bead) -> (Range<usize>, Range<usize>) {
        let (rows, cols) = self.mass.dim();
        (bins(bead.src(), self.src_len, rows), bins(bead.tgt(), self.tgt_len, cols))
    }

    /// The number of source sentences of the alignment.
    pub fn src_len(&self) -> usize {
        self.src_len
    }

    /// The number of target sentences of the alignment.
    pub fn tgt_len(&self) -> usize {
        self.tgt_len
    }

    /// The source sentences of row `row` (empty past the last row or for an
    /// empty edition).
    pub fn src_sentences(&self, row: usize) -> Range<usize> {
        run(row, self.src_len, self.mass.nrows())
    }

    /// The target sentences of column `col`.
    pub fn tgt_sentences(&self, col: usize) -> Range<usize> {
        run(col, self.tgt_len, self.mass.ncols())
    }

    /// Sentences per cell: each bead spreads its sentences (both sides)
    /// evenly over the cells it touches, so the total is the number of
    /// sentences of both editions. The shape is (rows, columns): source
    /// runs down, target runs across.
    pub fn mass(&self) -> &Array2<f64> {
        &self.mass
    }

    /// The mean confidence of each cell, weighted by mass; NaN where no
    /// bead passes.
    pub fn confidence(&self) -> &Array2<f64> {
        &self.confidence
    }

    /// The lowest confidence of a bead touching each cell; NaN where no
    /// bead passes.
    pub fn lowest(&self) -> &Array2<f64> {
        &self.lowest
    }

    /// The part of each cell's mass that is in 1:0 and 0:1 beads
    /// (sentences present in one edition only).
    pub fn omitted(&self) -> &Array2<f64> {
        &self.omitted
    }
}

/// The bins of `len` items cut into `bins` runs that the items `r` fall in
/// (the bin of the next item, or of the last one, for an empty `r`).
fn bins(r: Range<usize>, len: usize, bins: usize) -> Range<usize> {
    if len == 0 {
        return 0..1;
    }
    let bin = |i: usize| (i.min(len - 1) as u128 * bins as u128 / len as u128) as usize;
    let first = bin(r.start);
    let last = if r.start < r.end { bin(r.end - 1) } else { first };
    first..last.max(first) + 1
}

/// The items of bin `k` when `len` items are cut into `bins` runs.
fn run(k: usize, len: usize, bins: usize) -> Range<usize> {
    if k >= bins || len == 0 {
        return len..len;
    }
    let start = |k: usize| ((k as u128 * len as u128).div_ceil(bins as u128)) as usize;
    start(k)..start(k + 1)
}

/// Settings of [`plot_svg`].
///
/// ```
/// use bitext::{AuditOptions, PlotOptions};
/// // a coarser grid, beads below 0.8 drawn as doubtful, findings linked
/// // to the rows of the page `bitext align --format html -o trial.html` writes
/// let options = PlotOptions::default()
///     .resolution(300)
///     .audit(AuditOptions::default().min_confidence(0.8))
///     .links("trial.html");
/// assert_eq!(options.links.as_deref(), Some("trial.html"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PlotOptions {
    /// Rows and columns of the grid ([`PlotGrid::new`]); default 600, the
    /// size of the plot area in SVG pixels.
    pub resolution: usize,
    /// The title (default: the two languages, `ru ~ en`); the numbers of
    /// sentences and beads follow it in the picture.
    pub title: Option<String>,
    /// The audit whose findings are marked; its `min_confidence` is also
    /// the threshold of the low-confidence colour and shading.
    pub audit: AuditOptions,
    /// Makes each finding marker a link to `LINKS#bN`, N its first bead:
    /// `""` for the rows of the HTML page the picture is part of, or a
    /// page's name (`align.html`). Default: no links.
    pub links: Option<String>,
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions { resolution: DEFAULT_RESOLUTION, title: None, audit: AuditOptions::default(), links: None }
    }
}

impl PlotOptions {
    /// Sets [`resolution`](Self::resolution).
    pub fn resolution(mut self, resolution: usize) -> Self {
        self.resolution = resolution;
        self
    }
    /// Sets [`title`](Self::title).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
    /// Sets [`audit`](Self::audit).
    pub fn audit(mut self, audit: AuditOptions) -> Self {
        self.audit = audit;
        self
    }
    /// Sets [`links`](Self::links).
    pub fn links(mut self, page: impl Into<String>) -> Self {
        self.links = Some(page.into());
        self
    }
}

/// Draws the alignment of `src` and `tgt` as an SVG image: a complete
/// `<svg>` element, fit to stand alone or inside an HTML page, with source
/// sentences across and target sentences up. It draws the [`PlotGrid`] of
/// the alignment at [`PlotOptions::resolution`]:
/// * the path of the beads on the grid's lines: bead ends are rounded to
///   the nearest grid line, and the beads between two successive points
///   make one step. A step is dashed purple when at least half of its
///   sentences are in one edition only, else coloured by the mean
///   confidence of its beads (weighted by their sentences): blue from 0.9,
///   amber from the audit's threshold
///   ([`AuditOptions::min_confidence`](crate::AuditOptions::min_confidence)),
///   red below it. Consecutive steps of one kind in one direction are one
///   line, and each kind is one `<path>` element;
/// * the sentences of each edition that the other lacks, as marks beside
///   its axis, so that one omitted sentence among a thousand still shows
///   where the path cannot show it;
/// * speaker-turn boundaries as ticks along the axes;
/// * low-confidence regions shaded: the cells whose lowest confidence is
///   below the threshold, each widened by 4 pixels on every side;
/// * the audit's findings as marks in a strip above the plot, coloured by
///   their kind, at most [`MAX_MARKERS`] (findings close along the path
///   share one, whose tooltip lists them), each a link to its first bead's
///   row of the HTML page when [`PlotOptions::links`] is set.
///
/// So the number of elements is bounded by a constant and the path data
/// by the resolution, whatever the number of sentences: 42 KB for the New
/// Testament repeated to about 100,000 sentences a side (see the README).
///
/// ```
/// use bitext::{plot_svg, AlignConfig, Aligner, Document, Lang, PlotOptions};
/// let ru = Document::segment("Суд идет. Прошу встать.\n", Lang::Russian);
/// let en = Document::segment("The Court is coming. Please rise.\n", Lang::English);
/// let a = Aligner::new(AlignConfig::default()).align(&ru, &en)?;
/// let svg = plot_svg(&a, &ru, &en, &PlotOptions::default().title("Trial"))?;
/// assert!(svg.contains("<title>Trial</title>"));
/// // documents that are not the ones aligned are refused
/// let other = Document::segment("One. Two. Three.\n", Lang::English);
/// assert!(plot_svg(&a, &ru, &other, &PlotOptions::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the documents do not have the numbers of sentences the alignment
/// has (they are not the documents that were aligned), or the resolution
/// is out of range.
pub fn plot_svg(a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, options: &PlotOptions) -> Result<String> {
    a.check_documents(src, tgt)?;
    let report = audit(a, src, tgt, &options.audit)?;
    svg_with_audit(a, src, tgt, &report, options)
}

/// [`plot_svg`] with an audit already made (by the HTML page).
pub(crate) fn svg_with_audit(
    a: &Alignment,
    src: &Document<'_>,
    tgt: &Document<'_>,
    report: &Audit,
    options: &PlotOptions,
) -> Result<String> {
    a.check_documents(src, tgt)?;
    let grid = PlotGrid::new(a, options.resolution)?;
    let canvas = Canvas::new(&grid);
    let mut svg = String::with_capacity(64 * 1024);
    canvas.open(&mut svg, a, src, tgt, options);
    canvas.regions(&mut svg, &grid, options.audit.min_confidence);
    canvas.path(&mut svg, a, src, tgt, options.audit.min_confidence);
    canvas.axes(&mut svg, src, tgt);
    canvas.turns(&mut svg, src, tgt);
    canvas.omissions(&mut svg, a, src, tgt);
    canvas.markers(&mut svg, &report.findings, src, tgt, options.links.as_deref());
    canvas.legend(&mut svg, options.audit.min_confidence);
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// Left edge of the plot area.
const LEFT: f64 = 76.0;
/// Top edge of the plot area (room for the title and the findings).
const TOP: f64 = 52.0;
/// Width and height of the plot area.
const SIDE: f64 = 600.0;
/// Room right of the plot area.
const RIGHT: f64 = 20.0;
/// Room below the plot area (ticks, labels, legend).
const BOTTOM: f64 = 104.0;

/// How a step of the path is drawn, from the best to the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Sure,
    Fair,
    Low,
    Omitted,
}

impl Class {
    const ALL: [Class; 4] = [Class::Sure, Class::Fair, Class::Low, Class::Omitted];

    fn name(self) -> &'static str {
        match self {
            Class::Sure => "sure",
            Class::Fair => "fair",
            Class::Low => "low",
            Class::Omitted => "omitted",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Class::Sure => "#1a5fb4",
            Class::Fair => "#d38b00",
            Class::Low => "#c01c28",
            Class::Omitted => "#813d9c",
        }
    }

    fn stroke(self) -> &'static str {
        match self {
            Class::Omitted => r#" stroke-width="2.5" stroke-dasharray="3 2""#,
            Class::Low => r#" stroke-width="2.5""#,
            _ => r#" stroke-width="1.5""#,
        }
    }
}

/// The mapping from the grid to the image.
struct Canvas {
    rows: usize,
    cols: usize,
    src_len: usize,
    tgt_len: usize,
}

impl Canvas {
    fn new(grid: &PlotGrid) -> Canvas {
        let (rows, cols) = grid.mass().dim();
        Canvas { rows, cols, src_len: grid.src_len(), tgt_len: grid.tgt_len() }
    }

    /// The grid line nearest to source boundary `i` (0 to `rows`).
    fn qx(&self, i: usize) -> usize {
        nearest_line(i, self.src_len, self.rows)
    }

    fn qy(&self, j: usize) -> usize {
        nearest_line(j, self.tgt_len, self.cols)
    }

    /// The x of grid line `q`.
    fn x(&self, q: f64) -> f64 {
        LEFT + q / self.rows as f64 * SIDE
    }

    /// The y of grid line `q` (target indices go up).
    fn y(&self, q: f64) -> f64 {
        TOP + SIDE - q / self.cols as f64 * SIDE
    }

    /// The x of source position `i` (a sentence boundary, fractional).
    fn sx(&self, i: f64) -> f64 {
        LEFT + if self.src_len == 0 { 0.0 } else { i / self.src_len as f64 * SIDE }
    }

    fn ty(&self, j: f64) -> f64 {
        TOP + SIDE - if self.tgt_len == 0 { 0.0 } else { j / self.tgt_len as f64 * SIDE }
    }

    fn open(&self, svg: &mut String, a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, options: &PlotOptions) {
        let (w, h) = (LEFT + SIDE + RIGHT, TOP + SIDE + BOTTOM);
        let (sl, tl) = (src.lang().code(), tgt.lang().code());
        let title = options.title.clone().unwrap_or_else(|| format!("{sl} ~ {tl}"));
        let sizes = format!(
            "{sl} {} and {tl} {} sentences, {} beads",
            thousands(src.len()),
            thousands(tgt.len()),
            thousands(a.beads().len())
        );
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="bitext-plot" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" font-family="system-ui, sans-serif" font-size="11" data-x0="{LEFT}" data-width="{SIDE}""#
        );
        if options.links.is_some() {
            // the first bead of each row, for a page that maps a click to its rows
            let mut first = vec![usize::MAX; self.rows];
            for (k, b) in a.beads().iter().enumerate() {
                for r in bins(b.src(), self.src_len, self.rows) {
                    if first[r] == usize::MAX {
                        first[r] = k;
                    }
                }
            }
            let list: Vec<String> =
                first.iter().map(|k| if *k == usize::MAX { "0".into() } else { k.to_string() }).collect();
            let _ = write!(svg, r#" data-beads="{}""#, list.join(" "));
        }
        svg.push('>');
        let _ = write!(svg, "<title>{}</title>", escape(&title));
        let _ = write!(svg, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
        let _ = write!(
            svg,
            r##"<text x="{LEFT}" y="{}" font-size="13" font-weight="600" fill="#1c1c1c">{}<tspan font-weight="400" fill="#4a4a4a"> · {sizes}</tspan></text>"##,
            TOP - 28.0,
            escape(&title)
        );
        let _ = write!(
            svg,
            r##"<rect x="{LEFT}" y="{TOP}" width="{SIDE}" height="{SIDE}" fill="none" stroke="#c8c8c8"/>"##
        );
        // the diagonal: where two editions of equal sentences would run
        let _ = write!(
            svg,
            r##"<path d="M{LEFT} {} L{} {TOP}" stroke="#e2e2e2" stroke-dasharray="2 4" fill="none"/>"##,
            TOP + SIDE,
            LEFT + SIDE
        );
    }

    /// Shades the cells whose lowest confidence is below `min_confidence`,
    /// each widened by 4 pixels on every side so that one cell shows.
    fn regions(&self, svg: &mut String, grid: &PlotGrid, min_confidence: f64) {
        let mut d = String::new();
        let pad = 4.0;
        let low = |v: f64| v < min_confidence;
        for (i, row) in grid.lowest().outer_iter().enumerate() {
            let mut j = 0;
            while j < row.len() {
                if !low(row[j]) {
                    j += 1;
                    continue;
                }
                let start = j;
                while j < row.len() && low(row[j]) {
                    j += 1;
                }
                let (x0, x1) = (self.x(i as f64) - pad, self.x(i as f64 + 1.0) + pad);
                let (y0, y1) = (self.y(j as f64) - pad, self.y(start as f64) + pad);
                let _ = write!(d, "M{} {}h{}v{}h-{}z", f(x0), f(y0), f(x1 - x0), f(y1 - y0), f(x1 - x0));
            }
        }
        if !d.is_empty() {
            let _ = write!(svg, r##"<path class="regions" d="{d}" fill="#c01c28" fill-opacity="0.14"/>"##);
        }
    }

    /// The beads as a path on the grid lines, one `<path>` per class;
    /// successive steps of a class in one direction are one line.
    fn path(&self, svg: &mut String, a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, min_confidence: f64) {
        let steps = self.steps(a, src, tgt, min_confidence);
        for class in Class::ALL {
            let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
            for s in steps.iter().filter(|s| s.class == class) {
                match lines.last_mut() {
                    Some(line) if line.last() == Some(&s.from) => {
                        let n = line.len();
                        if n >= 2 && same_direction(line[n - 2], s.from, s.to) {
                            line[n - 1] = s.to;
                        } else {
                            line.push(s.to);
                        }
                    }
                    _ => lines.push(vec![s.from, s.to]),
                }
            }
            if lines.is_empty() {
                continue;
            }
            let mut d = String::new();
            for line in &lines {
                for (k, &(i, j)) in line.iter().enumerate() {
                    let _ =
                        write!(d, "{}{} {}", if k == 0 { 'M' } else { 'L' }, f(self.x(i as f64)), f(self.y(j as f64)));
                }
            }
            let _ = write!(
                svg,
                r#"<path class="beads {}" d="{d}" fill="none" stroke="{}"{} stroke-linejoin="round" stroke-linecap="round"/>"#,
                class.name(),
                class.colour(),
                class.stroke()
            );
        }
    }

    /// The path's steps between successive distinct grid points. A step
    /// is of class [`Class::Omitted`] when at least half of its sentences
    /// are in one edition only, else of the class of its beads' mean
    /// confidence, weighted by their sentences.
    fn steps(&self, a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, min_confidence: f64) -> Vec<Step> {
        let mut steps: Vec<Step> = Vec::new();
        let mut from = (0, 0);
        // sentences, sentences in omissions, confidence times sentences
        let (mut sentences, mut omitted, mut weighted) = (0usize, 0usize, 0.0);
        let class_of = |sentences: usize, omitted: usize, weighted: f64| {
            let mean = if sentences > 0 { weighted / sentences as f64 } else { 1.0 };
            match mean {
                _ if sentences > 0 && 2 * omitted >= sentences => Class::Omitted,
                c if c < min_confidence => Class::Low,
                c if c < SURE => Class::Fair,
                _ => Class::Sure,
            }
        };
        for b in a.beads() {
            let k = b.src().len() + b.tgt().len();
            let blank = b.src().all(|i| src.is_blank(i)) && b.tgt().all(|j| tgt.is_blank(j));
            sentences += k;
            weighted += k as f64 * b.confidence();
            if b.is_omission() && !blank {
                omitted += k;
            }
            let to = (self.qx(b.src().end), self.qy(b.tgt().end));
            if to != from {
                steps.push(Step { from, to, class: class_of(sentences, omitted, weighted) });
                from = to;
                (sentences, omitted, weighted) = (0, 0, 0.0);
            }
        }
        // beads after the last step that did not move: the last step
        // shows them when they are worse
        if let Some(last) = steps.last_mut() {
            if sentences > 0 {
                last.class = last.class.max(class_of(sentences, omitted, weighted));
            }
        }
        steps
    }

    /// Ticks with sentence numbers and the axes' titles.
    fn axes(&self, svg: &mut String, src: &Document<'_>, tgt: &Document<'_>) {
        let (bottom, left) = (TOP + SIDE, LEFT);
        let mut ticks = String::new();
        let mut labels = String::new();
        for v in nice_ticks(self.src_len) {
            let x = self.sx(v as f64);
            let _ = write!(ticks, "M{} {}v4", f(x), f(bottom + 14.0));
            let _ = write!(labels, r#"<tspan x="{}" y="{}">{}</tspan>"#, f(x), f(bottom + 28.0), thousands(v));
        }
        let mut ylabels = String::new();
        for v in nice_ticks(self.tgt_len) {
            let y = self.ty(v as f64);
            let _ = write!(ticks, "M{} {}h-4", f(left - 14.0), f(y));
            let _ = write!(ylabels, r#"<tspan x="{}" y="{}">{}</tspan>"#, f(left - 20.0), f(y + 3.5), thousands(v));
        }
        let _ = write!(svg, r##"<path class="ticks" d="{ticks}" stroke="#6a6a6a" fill="none"/>"##);
        let _ = write!(svg, r##"<text class="xlabels" text-anchor="middle" fill="#4a4a4a">{labels}</text>"##);
        let _ = write!(svg, r##"<text class="ylabels" text-anchor="end" fill="#4a4a4a">{ylabels}</text>"##);
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#1c1c1c">{} sentence (source) →</text>"##,
            f(LEFT + SIDE / 2.0),
            f(bottom + 44.0),
            src.lang().code()
        );
        let _ = write!(
            svg,
            r##"<text transform="translate(14 {}) rotate(-90)" text-anchor="middle" fill="#1c1c1c">{} sentence (target) →</text>"##,
            f(TOP + SIDE / 2.0),
            tgt.lang().code()
        );
    }

    /// Speaker turns: a tick just outside each axis at each turn's start.
    fn turns(&self, svg: &mut String, src: &Document<'_>, tgt: &Document<'_>) {
        let (bottom, left) = (TOP + SIDE, LEFT);
        let src_turns = turn_starts(src);
        let tgt_turns = turn_starts(tgt);
        let mut d = String::new();
        for q in dedup(src_turns.iter().map(|&i| self.sx(i as f64).round() as i64)) {
            let _ = write!(d, "M{q} {}v5", f(bottom));
        }
        for q in dedup(tgt_turns.iter().map(|&j| self.ty(j as f64).round() as i64)) {
            let _ = write!(d, "M{} {q}h-5", f(left));
        }
        if !d.is_empty() {
            let _ = write!(svg, r##"<path class="turns" d="{d}" stroke="#6a6a6a" stroke-width="1" fill="none"/>"##);
        }
    }

    /// The sentences each edition has alone: marks in a strip beside its
    /// axis, at least a pixel wide.
    fn omissions(&self, svg: &mut String, a: &Alignment, src: &Document<'_>, tgt: &Document<'_>) {
        let (bottom, left) = (TOP + SIDE, LEFT);
        let mut d = String::new();
        for r in merged(self.only(a, src, tgt, true).into_iter().map(|i| (self.sx(i as f64), self.sx(i as f64 + 1.0))))
        {
            let _ = write!(d, "M{} {}h{}v5h-{}z", f(r.0), f(bottom + 7.0), f(r.1 - r.0), f(r.1 - r.0));
        }
        for r in
            merged(self.only(a, src, tgt, false).into_iter().map(|j| (-self.ty(j as f64), -self.ty(j as f64 + 1.0))))
        {
            let _ = write!(d, "M{} {}h5v{}h-5z", f(left - 12.0), f(-r.1), f(r.1 - r.0));
        }
        if !d.is_empty() {
            let _ = write!(svg, r##"<path class="omissions" d="{d}" fill="#813d9c"/>"##);
        }
    }

    /// The sentences of the source (`source` true) or target edition that
    /// the other lacks (blank lines aside), the first of each cell only.
    fn only(&self, a: &Alignment, src: &Document<'_>, tgt: &Document<'_>, source: bool) -> Vec<usize> {
        let (doc, len, bins_) = if source { (src, self.src_len, self.rows) } else { (tgt, self.tgt_len, self.cols) };
        let mut out = Vec::new();
        let mut last_bin = None;
        for b in a.beads().iter().filter(|b| b.is_omission()) {
            for i in if source { b.src() } else { b.tgt() } {
                let bin = bins(i..i + 1, len, bins_).start;
                if last_bin != Some(bin) && !doc.is_blank(i) {
                    out.push(i);
                    last_bin = Some(bin);
                }
            }
        }
        out
    }

    /// The audit's findings as marks in a strip above the plot area, at
    /// their source position: findings close along the path (in the same
    /// of [`MAX_MARKERS`] stretches of it) share one, whose tooltip lists
    /// them and whose colour is that of the first kind among them in
    /// [`Issue`]'s order.
    fn markers(
        &self,
        svg: &mut String,
        findings: &[Finding],
        src: &Document<'_>,
        tgt: &Document<'_>,
        links: Option<&str>,
    ) {
        let (sl, tl) = (src.lang().code(), tgt.lang().code());
        let total = (self.src_len + self.tgt_len).max(1) as u128;
        let stretch = |f: &Finding| {
            let pos = (f.src.sentences.start + f.tgt.sentences.start) as u128;
            (pos * MAX_MARKERS as u128 / total).min(MAX_MARKERS as u128 - 1)
        };
        let mut k = 0;
        while k < findings.len() {
            let first = &findings[k];
            let here = stretch(first);
            let mut end = k + 1;
            while end < findings.len() && stretch(&findings[end]) == here {
                end += 1;
            }
            let group = &findings[k..end];
            k = end;
            let r = &first.src.sentences;
            let x = self.sx((r.start + r.end) as f64 / 2.0);
            let mut tip = String::new();
            for g in group.iter().take(4) {
                let _ = writeln!(tip, "bead {}: {}", g.beads.start, finding_label(g, sl, tl).0);
            }
            if group.len() > 4 {
                let _ = write!(tip, "and {} more", group.len() - 4);
            }
            let colour =
                group.iter().map(|g| issue_rank(&g.issue)).min().map_or(ISSUE_COLOURS[0], |r| ISSUE_COLOURS[r]);
            let mark = format!(
                r#"<rect x="{}" y="{}" width="5" height="10" rx="1" fill="{colour}"/><title>{}</title>"#,
                f(x - 2.5),
                f(TOP - 13.0),
                escape(tip.trim_end())
            );
            match links {
                Some(page) => {
                    let _ =
                        write!(svg, r#"<a class="finding" href="{}#b{}">{mark}</a>"#, escape(page), first.beads.start);
                }
                None => {
                    let _ = write!(svg, r#"<g class="finding">{mark}</g>"#);
                }
            }
        }
    }

    /// What the colours and marks mean, below the axes.
    fn legend(&self, svg: &mut String, min_confidence: f64) {
        let y = TOP + SIDE + 68.0;
        let mut x = LEFT;
        let _ = write!(svg, r##"<g class="legend" fill="#4a4a4a">"##);
        let threshold = f2(min_confidence);
        for class in Class::ALL {
            let label = match class {
                Class::Sure => format!("≥ {}", f2(SURE)),
                Class::Fair => format!("{threshold}–{}", f2(SURE)),
                Class::Low => format!("< {threshold}"),
                Class::Omitted => "one edition only".to_string(),
            };
            let _ = write!(
                svg,
                r#"<path d="M{} {}h18" stroke="{}"{}/><text x="{}" y="{}">{}</text>"#,
                f(x),
                f(y),
                class.colour(),
                class.stroke(),
                f(x + 22.0),
                f(y + 4.0),
                escape(&label)
            );
            x += 30.0 + 6.5 * label.chars().count() as f64;
        }
        // the findings' colours, on a second line
        let (mut fx, fy) = (LEFT, y + 18.0);
        let _ = write!(svg, r#"<text x="{}" y="{}">findings (strip above the plot):</text>"#, f(fx), f(fy + 4.0));
        fx += 176.0;
        for (colour, label) in ISSUE_COLOURS.iter().zip(["one edition only", "low confidence", "speakers", "numbers"]) {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="5" height="10" rx="1" fill="{colour}"/><text x="{}" y="{}">{label}</text>"#,
                f(fx),
                f(fy - 5.0),
                f(fx + 9.0),
                f(fy + 4.0)
            );
            fx += 20.0 + 6.5 * label.len() as f64;
        }
        let _ = write!(
            svg,
            r##"<path d="M{} {}v10" stroke="#6a6a6a"/><text x="{}" y="{}">turn</text>"##,
            f(x),
            f(y - 5.0),
            f(x + 6.0),
            f(y + 4.0)
        );
        x += 44.0;
        let _ = write!(
            svg,
            r##"<rect x="{}" y="{}" width="14" height="10" fill="#c01c28" fill-opacity="0.14"/><text x="{}" y="{}">low region</text>"##,
            f(x),
            f(y - 5.0),
            f(x + 18.0),
            f(y + 4.0)
        );
        svg.push_str("</g>");
    }
}

/// The colours of the finding marks, by [`issue_rank`].
const ISSUE_COLOURS: [&str; 4] = ["#813d9c", "#c01c28", "#2a7b7b", "#865e3c"];

/// The place of an issue in [`Issue`]'s order.
fn issue_rank(issue: &Issue) -> usize {
    match issue {
        Issue::OneEditionOnly { .. } => 0,
        Issue::LowConfidence => 1,
        Issue::SpeakerMismatch { .. } => 2,
        _ => 3,
    }
}

/// One step of the drawn path, between two grid points.
#[derive(Clone, Copy, Debug)]
struct Step {
    from: (usize, usize),
    to: (usize, usize),
    class: Class,
}

/// True when `b` - `a` and `c` - `b` point the same way.
fn same_direction(a: (usize, usize), b: (usize, usize), c: (usize, usize)) -> bool {
    let d1 = (b.0 as i128 - a.0 as i128, b.1 as i128 - a.1 as i128);
    let d2 = (c.0 as i128 - b.0 as i128, c.1 as i128 - b.1 as i128);
    d1.0 * d2.1 == d1.1 * d2.0 && d1.0 * d2.0 + d1.1 * d2.1 > 0
}

/// The grid line (0 to `bins`) nearest to boundary `i` of `len` items cut
/// into `bins` runs.
fn nearest_line(i: usize, len: usize, bins: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let i = i.min(len) as u128;
    ((2 * i * bins as u128 + len as u128) / (2 * len as u128)) as usize
}

/// The first sentences of the speaker turns of `doc`.
fn turn_starts(doc: &Document<'_>) -> Vec<usize> {
    doc.utterances()
        .iter()
        .filter(|u| u.kind() == UtteranceKind::Turn && !u.sentences().is_empty())
        .map(|u| u.sentences().start)
        .collect()
}

/// The values of a sorted sequence without repeats.
fn dedup(v: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut out: Vec<i64> = v.collect();
    out.dedup();
    out
}

/// Sorted intervals, those that touch or overlap (or lie within a pixel
/// of each other) merged, each at least a pixel wide.
fn merged(v: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in v {
        let (a, b) = (a.min(b), a.max(b).max(a.min(b) + 1.0));
        match out.last_mut() {
            Some(last) if a <= last.1 + 1.0 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// About five round tick values from 0 to `len`.
fn nice_ticks(len: usize) -> Vec<usize> {
    if len == 0 {
        return vec![0];
    }
    let raw = len as f64 / 5.0;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|k| k * pow).find(|s| *s >= raw).unwrap_or(10.0 * pow);
    let step = (step.round() as usize).max(1);
    (0..=len / step).map(|k| k * step).collect()
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A threshold with two decimals at most (`0.5`, `0.25`).
fn f2(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A coordinate with one decimal at most.
fn f(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_and_runs_agree() {
        for len in 1..40 {
            for nb in 1..=len {
                for i in 0..len {
                    let b = bins(i..i + 1, len, nb);
                    assert_eq!(b.len(), 1);
                    assert!(run(b.start, len, nb).contains(&i), "{len} {nb} {i}");
                }
                assert_eq!(nearest_line(len, len, nb), nb);
                assert_eq!(nearest_line(0, len, nb), 0);
            }
        }
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(7020), [0, 2000, 4000, 6000]);
        assert_eq!(nice_ticks(3), [0, 1, 2, 3]);
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(f(12.04), "12");
        assert_eq!(f(-3.24), "-3.2");
    }
}
