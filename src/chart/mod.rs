//! Charts. [`ChartSpec`] says what a chart shows (assemble decides which
//! charts a page has and computes their figures); [`draw()`] turns a spec into
//! an accessible inline SVG with plotters. Drawing is a pure function of the
//! spec, so identical charts are drawn once and drawing can run in parallel.

mod draw;
pub mod shortcode;
mod text;

pub use draw::draw;
/// The site's font (Noto Sans, Latin + Vietnamese subset) and the family name charts ask for.
pub(crate) use text::{FAMILY as FONT_FAMILY, FONT, wrap_text};

use serde::Serialize;

/// What kind of chart a spec is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Months on x, one line per series; gaps for missing months.
    #[default]
    Line,
    /// Horizontal bars of one series, sorted largest first, value at each bar.
    Ranking,
    /// One bar per category, split into its parts (series), as shares of the whole.
    PartOfWhole,
    /// Per category (a group of models), one bar per status (series) with its count.
    Status,
    /// A small line without axes, for a headline figure.
    Sparkline,
}

/// What kind of value a point is: decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// Transcribed from a source.
    Reported,
    /// Computed by the program from a stated change: drawn hollow and dashed.
    Derived,
    /// "Over N": drawn at N, labelled as a lower bound.
    LowerBound,
    /// "From N to M": drawn as an interval from `value` to `upper`, never as a point
    /// (no line runs through it).
    Range,
    /// The source says nothing arose this month: no value, labelled as such.
    NoneThisMonth,
    /// No figure for this category: a gap, never a zero.
    Missing,
}

/// One value of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// What kind of value it is.
    pub kind: PointKind,
    /// The number, when there is one (for a range, its lower bound).
    pub value: Option<f64>,
    /// For a range, its upper bound.
    pub upper: Option<f64>,
    /// How the value reads (Vietnamese format), as written next to it and in the table.
    pub text: String,
}

impl Point {
    /// A point with no figure.
    pub fn missing() -> Point {
        Point {
            kind: PointKind::Missing,
            value: None,
            upper: None,
            text: String::new(),
        }
    }
}

/// A named row of values, one per category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Its name (a locality, a status, a part).
    pub name: String,
    /// One point per category of the chart.
    pub points: Vec<Point>,
}

/// Everything a chart shows; its drawing depends on nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ChartSpec {
    /// How it is drawn.
    pub kind: Kind,
    /// The SVG `<title>` and figure caption.
    pub title: String,
    /// The SVG `<desc>`: what the chart shows, in one or two sentences.
    pub description: String,
    /// Values are percentages (axis 0–100 %).
    pub percent: bool,
    /// Categories: month labels (`T9/2024`) for lines, bar labels otherwise.
    pub categories: Vec<String>,
    /// The series; each has one point per category.
    pub series: Vec<Series>,
    /// Names what it shows, unique on its page (`duong-ty-le-x`): the anchor of its
    /// permalink and the name of its files, the same whatever its figures.
    pub slug: String,
    /// The path of the page showing it: its permalink is on that page's chart page.
    pub page: String,
    /// The ids of the sources of its figures, each once, in the order met.
    pub sources: Vec<String>,
    /// The month of its latest figure, as pages print it: the date of its data.
    pub as_of: String,
    /// Whether a PNG of it is made: not for the charts of a national portal's communes,
    /// tens of thousands of images (see the README, "Chart URLs and embedding").
    /// Not what it shows, so not in its key.
    #[serde(skip)]
    pub png: bool,
}

impl ChartSpec {
    /// A key that is the same for identical charts and differs otherwise (64-bit XXH3 of the
    /// spec as JSON). Every chart of every page is keyed (some 200.000 in a national build):
    /// the JSON is written into a buffer kept by the thread, and hashed many bytes at a time
    /// (FNV-1a, a byte at a time, was most of the cost).
    pub fn key(&self) -> String {
        thread_local! {
            static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let h = JSON.with_borrow_mut(|json| {
            json.clear();
            if serde_json::to_writer(&mut *json, self).is_err() {
                json.clear();
            }
            xxhash_rust::xxh3::xxh3_64(json)
        });
        format!("{h:016x}")
    }

    /// Whether any point is a range (the chart then explains the interval bars).
    pub fn has_range(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.points.iter().any(|p| p.kind == PointKind::Range))
    }

    /// Whether any point is of `kind` (the chart page then explains that kind).
    pub fn has(&self, kind: PointKind) -> bool {
        self.series
            .iter()
            .any(|s| s.points.iter().any(|p| p.kind == kind))
    }

    /// Whether any point is derived (the chart then explains the hollow markers).
    pub fn has_derived(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.points.iter().any(|p| p.kind == PointKind::Derived))
    }
}

/// How the placeholder of a chart begins: then come the chart's key and [`PLACEHOLDER_END`].
pub const PLACEHOLDER_START: &str = "@@minhbach-chart-";
/// How the placeholder of a chart ends.
pub const PLACEHOLDER_END: &str = "@@";

/// The text that stands for a chart in rendered Markdown until render puts the SVG there.
pub fn placeholder(key: &str) -> String {
    format!("{PLACEHOLDER_START}{key}{PLACEHOLDER_END}")
}

/// The keys of the chart placeholders in `text`, in order, repeats included.
pub fn placeholder_keys(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices(PLACEHOLDER_START).filter_map(|(i, _)| {
        let rest = &text[i + PLACEHOLDER_START.len()..];
        let end = rest.find(PLACEHOLDER_END)?;
        Some(&rest[..end])
    })
}
