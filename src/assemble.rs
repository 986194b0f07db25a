//! Stage 3, **assemble**: the page graph. Every page of the site, its URL,
//! its template and its context are computed here, once, from the validated
//! [`Dataset`]. Rendering only fills templates with what this stage decided.

use crate::calendar::Month;
use crate::config::SiteConfig;
use crate::format;
use crate::schema::*;
use crate::validate::{Dataset, Figure, MonthReport, Place, PlanEntry, rate_agrees};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

/// A JSON object whose values are moved in (each through `Json::from`).
///
/// `json!` serializes a reference to every value it is given, so a list of
/// readings placed in a context was copied once per level of nesting: a
/// tenth of a rebuild. Lists go in through this macro; small fields may stay in `json!`.
macro_rules! object {
    ({ $($key:literal: $value:expr),* $(,)? }) => {
        Json::Object(serde_json::Map::from_iter([$(($key.to_string(), Json::from($value))),*]))
    };
}

pub mod charts;

/// One page to render.
#[derive(Debug)]
pub struct PageSpec<'a> {
    /// Path under the site root, `""` for the home page, always ending in `/` otherwise
    /// (pretty URLs), or a file name such as `404.html`.
    pub path: String,
    /// Template file name in the theme.
    pub template: &'static str,
    /// Page title (the `h1`).
    pub title: String,
    /// Template context specific to the page.
    pub context: Context<'a>,
    /// Markdown to render into the page, if any, with where it came from (file name, byte offset);
    /// borrowed from the loaded page unless a shortcode was expanded.
    pub markdown: Option<(String, std::borrow::Cow<'a, str>, usize)>,
    /// Listed in sitemap.xml.
    pub in_sitemap: bool,
}

/// A chart prepared for a page: its key, its spec and the path of its CSV.
pub type Prepared = (String, (crate::chart::ChartSpec, String));

/// A page's context as made: the template context and the charts the page
/// itself prepared (those of ready pages are in [`Site::charts`]).
pub struct Made<'p> {
    /// The template context.
    pub context: std::borrow::Cow<'p, Json>,
    /// Charts of this page not in [`Site::charts`].
    pub charts: Vec<Prepared>,
}

/// The context of a page: ready, or made on demand.
pub enum Context<'a> {
    /// Computed with the page graph.
    Ready(Json),
    /// Made when the page is rendered, one page at a time, and dropped once
    /// written: the locality pages of a national portal would not fit in memory together.
    Deferred(Deferred<'a>),
}

/// A context made on demand, with the fingerprint of everything it is made
/// from (the program, the rest of the data and the figures it shows), so that
/// an incremental build tells the page unchanged without making it.
pub struct Deferred<'a> {
    /// Makes the context.
    pub make: Box<dyn Fn() -> Made<'static> + Send + Sync + 'a>,
    /// Fingerprint of the inputs of `make`.
    pub inputs: crate::incremental::Fp,
    /// The context shows the sizes of data files: it is made once they are
    /// written (the others are made alongside them).
    pub after_files: bool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Context::Ready(j) => f.debug_tuple("Ready").field(j).finish(),
            Context::Deferred(d) => f.debug_tuple("Deferred").field(&d.inputs).finish(),
        }
    }
}

impl PageSpec<'_> {
    /// The page's context and own charts (made now if deferred).
    pub fn made(&self) -> Made<'_> {
        match &self.context {
            Context::Ready(j) => Made {
                context: std::borrow::Cow::Borrowed(j),
                charts: Vec::new(),
            },
            Context::Deferred(d) => (d.make)(),
        }
    }

    /// Whether the page shows the sizes of data files (see [`Deferred::after_files`]).
    pub fn after_files(&self) -> bool {
        matches!(&self.context, Context::Deferred(d) if d.after_files)
    }
}

/// A file of data published beside the pages (CSV downloads, the JSON dataset).
#[derive(Debug)]
pub struct DataFile<'a> {
    /// Path under the site root.
    pub path: String,
    /// The bytes.
    pub content: Content<'a>,
}

/// The bytes of a data file: ready, or made when written.
pub enum Content<'a> {
    /// Small files, made with the page graph.
    Ready(String),
    /// Large files (a national portal's CSV files run to tens of megabytes each,
    /// its JSON dataset to hundreds), written out as they are made, never held whole.
    Deferred(std::sync::Arc<Streamed<'a>>),
}

/// A file made when written. Its fingerprint is that of its inputs, known
/// without making it; its length is learnt when it is written (or, when an
/// incremental build keeps it, from the last build's manifest).
pub struct Streamed<'a> {
    /// Its parts, listed when it is made (most builds make few of the files).
    parts: PartsFn<'a>,
    inputs: crate::incremental::Fp,
    len: std::sync::OnceLock<usize>,
}

/// Lists the parts of a deferred file, handing them to the function it is given
/// (which makes and writes them). A callback rather than a returned list keeps
/// [`Streamed`] covariant in `'a`, as borrowed data must be.
type PartsFn<'a> = Box<dyn Fn(&mut EmitParts<'_>) -> std::io::Result<()> + Send + Sync + 'a>;

/// Makes and writes the parts listed by a [`PartsFn`].
type EmitParts<'e> = dyn FnMut(Vec<Part<'_>>) -> std::io::Result<()> + 'e;

/// A stretch of a file made of parts: one month of `du-lieu.json`, a run of
/// rows of a readings CSV.
///
/// A part with a fingerprint of its inputs is copied from the current output's
/// file when the last build wrote one with the same fingerprint there (see
/// [`crate::incremental::EarlierParts`]): a figure changed in one month makes
/// that month's part again, not the 24 others. A part without one is always made.
pub struct Part<'a> {
    input: Option<crate::incremental::Fp>,
    make: MakePart<'a>,
}

/// Appends a part's bytes.
type MakePart<'a> = Box<dyn Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a>;

impl<'a> Part<'a> {
    /// A part made by `make` on every build (small ones).
    fn fresh(make: impl Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a) -> Self {
        Part {
            input: None,
            make: Box::new(make),
        }
    }

    /// A part whose bytes depend on nothing but the inputs fingerprinted `input`.
    fn of(
        input: crate::incremental::Fp,
        make: impl Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Part {
            input: Some(input),
            make: Box::new(make),
        }
    }
}

impl std::fmt::Debug for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Ready(s) => write!(f, "Ready({} bytes)", s.len()),
            Content::Deferred(d) => write!(f, "Deferred({}, {:?} bytes)", d.inputs, d.len.get()),
        }
    }
}

impl From<String> for Content<'_> {
    fn from(s: String) -> Self {
        Content::Ready(s)
    }
}

/// Counts bytes written to it, passing them on to `out` if any.
struct Count<'w> {
    len: usize,
    out: Option<&'w mut dyn std::io::Write>,
}

impl std::io::Write for Count<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(out) = &mut self.out {
            out.write_all(buf)?;
        }
        self.len += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.as_mut().map_or(Ok(()), |o| o.flush())
    }
}

impl Streamed<'_> {
    /// Length, made now (into nothing) if never written nor kept.
    fn len(&self) -> usize {
        *self.len.get_or_init(|| {
            let mut c = Count { len: 0, out: None };
            // Counting cannot fail; a maker's own error leaves what it wrote counted.
            let _ = self.make_into(&mut c, None);
            c.len
        })
    }

    /// Writes the bytes, counting them on the way if they never were; returns where its parts are.
    fn write_to(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::incremental::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::incremental::PartRecord>> {
        let mut c = Count {
            len: 0,
            out: Some(w),
        };
        let parts = self.make_into(&mut c, earlier)?;
        let _ = self.len.set(c.len);
        Ok(parts)
    }

    /// Makes the parts into `w`, copying those `earlier` has; returns where the
    /// parts with inputs are, for the next build.
    fn make_into(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::incremental::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::incremental::PartRecord>> {
        let mut records = Vec::new();
        let mut at = 0u64;
        (self.parts)(&mut |parts: Vec<Part<'_>>| {
            // As many at a time as there are cores: memory holds those, not the whole file.
            // Their buffers are used again by the next ones: parts run to megabytes, and
            // new memory costs the kernel's clearing it.
            let mut buffers: Vec<Vec<u8>> = Vec::new();
            for chunk in parts.chunks(rayon::current_num_threads().max(1)) {
                buffers.resize_with(chunk.len(), Vec::new);
                let made: Vec<std::io::Result<()>> = chunk
                    .par_iter()
                    .zip(buffers.par_iter_mut())
                    .map(|(p, bytes)| {
                        bytes.clear();
                        if let (Some(input), Some(e)) = (&p.input, earlier)
                            && e.read_into(input, bytes)
                        {
                            return Ok(());
                        }
                        (p.make)(bytes)
                    })
                    .collect();
                for ((p, made), bytes) in chunk.iter().zip(made).zip(&buffers) {
                    made?;
                    w.write_all(bytes)?;
                    if let Some(input) = &p.input {
                        records.push(crate::incremental::PartRecord::of(input, at, bytes));
                    }
                    at += bytes.len() as u64;
                }
            }
            Ok(())
        })?;
        Ok(records)
    }
}

impl<'a> Content<'a> {
    /// A file written out part after part (see [`Part`]) when needed, from inputs fingerprinted `inputs`.
    fn parted(
        inputs: crate::incremental::Fp,
        parts: impl Fn() -> Vec<Part<'a>> + Send + Sync + 'a,
    ) -> Self {
        let parts = move |emit: &mut EmitParts<'_>| emit(parts());
        Content::Deferred(std::sync::Arc::new(Streamed {
            parts: Box::new(parts),
            inputs,
            len: std::sync::OnceLock::new(),
        }))
    }

    /// Length in bytes (made now if deferred and neither written nor kept).
    pub fn len(&self) -> usize {
        match self {
            Content::Ready(s) => s.len(),
            Content::Deferred(d) => d.len(),
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fingerprint: of the bytes when ready, of the inputs when deferred (nothing is made).
    pub fn fingerprint(&self) -> crate::incremental::Fp {
        match self {
            Content::Ready(s) => crate::incremental::hash(s.as_bytes()),
            Content::Deferred(d) => d.inputs.clone(),
        }
    }

    /// Writes the bytes (made now if deferred), taking what parts it can from
    /// `earlier`; returns where its parts are, for the next build.
    pub fn write_to(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::incremental::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::incremental::PartRecord>> {
        match self {
            Content::Ready(s) => w.write_all(s.as_bytes()).map(|()| Vec::new()),
            Content::Deferred(d) => d.write_to(w, earlier),
        }
    }

    /// The file was carried over from the last build, whose manifest gives its length.
    pub fn kept(&self, len: usize) {
        if let Content::Deferred(d) = self {
            let _ = d.len.set(len);
        }
    }

    /// Its length, known now or once the bytes are made: for a page that shows it.
    fn size(&self) -> Size<'a> {
        match self {
            Content::Ready(s) => Size::Known(s.len()),
            Content::Deferred(d) => Size::Later(d.clone()),
        }
    }
}

/// The length of a data file, as a page made later reads it.
enum Size<'a> {
    Known(usize),
    Later(std::sync::Arc<Streamed<'a>>),
}

impl Size<'_> {
    fn bytes(&self) -> usize {
        match self {
            Size::Known(n) => *n,
            Size::Later(d) => d.len(),
        }
    }
}

/// The whole site as the page graph.
#[derive(Debug)]
pub struct Site<'a> {
    /// Every page.
    pub pages: Vec<PageSpec<'a>>,
    /// Every data file.
    pub files: Vec<DataFile<'a>>,
    /// Context shared by every page (site settings, navigation).
    pub globals: Json,
    /// Every distinct chart of the ready pages, drawn once by render whatever the number of pages showing it.
    pub charts: charts::Charts,
}

mod changes;

/// URL paths, relative to the site root: the only place that knows the URL scheme.
pub mod url {
    /// A model's page.
    pub fn model(n: u32) -> String {
        format!("mo-hinh/{n}/")
    }
    /// A locality's page.
    pub fn locality(slug: &str) -> String {
        format!("dia-phuong/{slug}/")
    }
    /// An indicator's page.
    pub fn indicator(id: &str) -> String {
        format!("chi-so/{id}/")
    }
    /// A month's report page.
    pub fn report(month: &crate::calendar::Month) -> String {
        format!("bao-cao/{month}/")
    }
    /// The changelog of corrected figures.
    pub fn corrections() -> String {
        "dinh-chinh/".into()
    }
    /// The Atom feed of the monthly updates.
    pub fn feed() -> String {
        "feed.xml".into()
    }
    /// A source's anchor on the sources page.
    pub fn source(id: &str) -> String {
        format!("nguon/#{id}")
    }
}

/// The dataset with lookup tables built once, so that assembling a national
/// portal stays linear in its size: every lookup by slug, id or
/// (indicator, locality, month) is a hash probe, not a scan.
///
/// It also holds every [`Reading`], indexed by indicator, locality and month,
/// so that pages made one at a time during rendering (see [`Context`]) share them.
pub struct Ix<'a> {
    ds: &'a Dataset,
    locality_by_slug: HashMap<&'a str, &'a Place>,
    children_of: HashMap<&'a str, Vec<&'a Place>>,
    plan_of: HashMap<&'a str, &'a PlanEntry>,
    source_by_id: HashMap<&'a str, &'a Source>,
    indicator_by_id: HashMap<&'a str, &'a Indicator>,
    readings: Readings<'a>,
    rix: ReadingIndex,
    /// Each reading's fingerprint (see [`reading_fingerprint`]), by position in `readings`.
    reading_fps: Vec<u128>,
}

impl<'a> Ix<'a> {
    /// Indexes a dataset.
    pub fn new(ds: &'a Dataset) -> Ix<'a> {
        let mut children: HashMap<&str, Vec<&Place>> = HashMap::default();
        for l in &ds.localities {
            if let Some(p) = &l.record.parent {
                children.entry(p.as_str()).or_default().push(l);
            }
        }
        let mut plans = HashMap::default();
        for p in &ds.plans {
            // The first plan of a locality is the one shown, as before indexing.
            plans.entry(p.plan.locality.as_str()).or_insert(p);
        }
        let mut ix = Ix {
            ds,
            readings: Readings::default(),
            rix: ReadingIndex::default(),
            reading_fps: Vec::new(),
            locality_by_slug: ds
                .localities
                .iter()
                .rev()
                .map(|l| (l.slug.as_str(), l))
                .collect(),
            children_of: children,
            plan_of: plans,
            source_by_id: ds
                .sources
                .iter()
                .rev()
                .map(|s| (s.id.as_str(), s))
                .collect(),
            indicator_by_id: ds
                .indicators
                .iter()
                .rev()
                .map(|i| (i.id.as_str(), i))
                .collect(),
        };
        let (readings, fps) = readings(&ix);
        ix.readings = readings;
        ix.rix = ReadingIndex::new(&ix.readings);
        ix.reading_fps = fps;
        ix
    }

    /// Fingerprint of an output made from `common` (the program, the rest of
    /// the data, the settings) and the readings of these lists that it keeps.
    fn fingerprint_of(
        &self,
        common: &str,
        lists: &[Option<&Vec<u32>>],
        keep: impl Fn(&Reading) -> bool,
    ) -> crate::incremental::Fp {
        // The fingerprints gathered, then hashed in one call: a locality, indicator or
        // report page has thousands, and a streamed update each was a third of assemble.
        let mut fps =
            Vec::with_capacity(16 * lists.iter().flatten().map(|l| l.len()).sum::<usize>());
        for list in lists {
            for &i in list.map_or(&[][..], Vec::as_slice) {
                if keep(self.readings.get(i)) {
                    fps.extend_from_slice(&self.reading_fps[i as usize].to_le_bytes());
                }
            }
        }
        let mut h = crate::incremental::Hasher::new();
        h.add(common.as_bytes()).add(&fps);
        h.finish()
    }

    fn picked(&self, list: Option<&Vec<u32>>) -> Vec<&Reading<'a>> {
        list.map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| self.readings.get(i))
            .collect()
    }

    /// The readings of one indicator, in (locality, month) order.
    fn of_indicator(&self, id: &str) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_indicator.get(id))
    }

    /// The readings of one locality, in (indicator, month) order.
    fn of_locality(&self, slug: &str) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_locality.get(slug))
    }

    /// The readings of one month, in (indicator, locality) order.
    fn of_month(&self, month: Month) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_month.get(&month))
    }
}

impl std::ops::Deref for Ix<'_> {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        self.ds
    }
}

/// A locality's name, or its slug if unknown.
fn locality_name(ds: &Ix, slug: &str) -> String {
    ds.locality_by_slug
        .get(slug)
        .map_or_else(|| slug.to_string(), |l| l.record.name.clone())
}

/// A cite as templates show it: link to the source, with where in it.
fn cite(c: &Cite, ds: &Ix) -> Json {
    let title = ds
        .source_by_id
        .get(c.source.as_str())
        .map_or(c.source.clone(), |s| s.title.clone());
    json!({ "url": url::source(&c.source), "at": c.at, "source": c.source, "title": title })
}

fn conflicts(list: &[Conflict], ds: &Ix) -> Json {
    Json::Array(
        list.iter()
            .map(|k| {
                json!({ "field": k.field, "value": conflict_value(&k.value), "cite": cite(&k.cite, ds), "note": k.note })
            })
            .collect(),
    )
}

/// A conflicting value as a reader sees it: text as written, lists joined, numbers in Vietnamese form.
fn conflict_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => crate::format::number(*n as f64),
        toml::Value::Float(x) => crate::format::number(*x),
        toml::Value::Array(items) => items
            .iter()
            .map(conflict_value)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Vietnamese label of a status, and its code for styling.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Completed => "Đã hoàn thành",
        Status::Maintaining => "Hoàn thành, đang duy trì",
        Status::OnTrack => "Đúng tiến độ",
        Status::InProgress => "Đang triển khai",
        Status::NoResults => "Chưa có kết quả",
        Status::Paused => "Tạm dừng",
        Status::Ended => "Đã kết thúc",
        Status::NotStarted => "Chưa triển khai",
        Status::WaitingCentral => "Chờ Trung ương triển khai",
    }
}

fn status_json(s: Status) -> Json {
    json!({ "code": s.code(), "label": status_label(s) })
}

fn kind_label(k: LocalityKind) -> &'static str {
    match k {
        LocalityKind::Province => "Tỉnh",
        LocalityKind::City => "Thành phố",
        LocalityKind::District => "Huyện",
        LocalityKind::Town => "Thị xã",
        LocalityKind::Commune => "Xã",
        LocalityKind::Ward => "Phường",
        LocalityKind::Township => "Thị trấn",
    }
}

/// How one figure reads: its value text and what kind of value it is.
#[derive(Debug, Clone)]
pub struct Reading<'a> {
    /// Month.
    pub month: Month,
    /// Locality slug (the figure's).
    pub locality: &'a str,
    /// Whether the locality is top-level (the province of a provincial portal,
    /// the provinces of a national one), looked up once, not by every page listing readings.
    pub top_level: bool,
    /// The locality's place among the dataset's slugs in sorted order (`u32::MAX` if
    /// not among them): ordering and grouping readings by it reads no string.
    locality_rank: u32,
    /// The number, when there is one (reported, derived, or computed rate).
    pub number: Option<f64>,
    /// reported | lower_bound | none | derived | rate.
    pub kind: &'static str,
    /// For rates: the printed rate.
    pub stated: Option<f64>,
    /// The figure's record (for derived values, the record it was derived from;
    /// for rates computed without a figure of their own, a copy of the numerator's
    /// under the rate's id). Borrowed from the dataset: a national portal has
    /// nearly a million readings.
    pub source: FigureRef<'a>,
}

impl Reading<'_> {
    /// Display text, made when shown (a national portal has a million readings,
    /// a few thousand shown on the pages a rebuild makes).
    pub fn text(&self, ds: &Ix) -> String {
        let in_its_unit = |x: f64| match ds
            .indicator_by_id
            .get(self.source.record.indicator.as_str())
        {
            Some(ind) => in_unit(ind, x),
            None => format::number(x),
        };
        match (self.kind, self.number) {
            ("none", _) => "Không phát sinh".into(),
            ("rate", n) => n.map(format::percent).unwrap_or_default(),
            ("lower_bound", Some(x)) => format!("trên {}", in_its_unit(x)),
            (_, Some(x)) => in_its_unit(x),
            (_, None) => String::new(),
        }
    }

    /// A rate whose printed value disagrees with the one computed from its parts.
    fn stated_differs(&self) -> bool {
        matches!((self.kind, self.stated, self.number), ("rate", Some(s), Some(c)) if !rate_agrees(s, c))
    }

    /// The change the document states, signed (a derived value has none of its own).
    fn delta_text(&self) -> Option<String> {
        if self.kind == "derived" {
            return None;
        }
        self.source
            .record
            .delta
            .as_ref()
            .map(|d| format::signed(d.by))
    }

    /// The correction of a reported figure, if the corrections file has one.
    fn correction(&self, ds: &Ix) -> Option<Json> {
        (self.kind == "reported")
            .then(|| changes::correction_of(ds, self))
            .flatten()
    }
}

/// A value as its indicator reads it: a percentage or a plain number, in Vietnamese form.
pub(crate) fn in_unit(ind: &Indicator, x: f64) -> String {
    if ind.unit == Unit::Percent {
        format::percent(x)
    } else {
        format::number(x)
    }
}

/// The figure behind a reading: the dataset's own, or (rarely) a copy made for it.
/// A pointer either way: a national portal has a million readings, and a
/// `Cow<Figure>` would be as large as a figure in each of them.
#[derive(Debug, Clone)]
pub enum FigureRef<'a> {
    /// The dataset's figure.
    Borrowed(&'a Figure),
    /// A figure made for a computed reading.
    Owned(Box<Figure>),
}

impl std::ops::Deref for FigureRef<'_> {
    type Target = Figure;
    fn deref(&self) -> &Figure {
        match self {
            FigureRef::Borrowed(f) => f,
            FigureRef::Owned(f) => f,
        }
    }
}

/// Every reading of every indicator: reported figures, values derived from
/// stated deltas, and rates computed from their parts; sorted by
/// (indicator, locality, month). With each one's fingerprint (see
/// [`reading_fingerprint`]), in the same order.
fn readings<'a>(ds: &Ix<'a>) -> (Readings<'a>, Vec<u128>) {
    // Ordered by the ranks of the names in sorted order rather than by comparing strings
    // (an eighth of a national build's assemble stage); the order is the same.
    fn ranks<'n>(names: impl Iterator<Item = &'n str>) -> HashMap<&'n str, u32> {
        let mut v: Vec<&str> = names.collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().zip(0..).collect()
    }
    let indicator_rank = ranks(ds.ds.indicators.iter().map(|i| i.id.as_str()));
    let locality_rank = ranks(ds.ds.localities.iter().map(|l| l.slug.as_str()));
    let units = &ds.indicator_by_id;
    let top_level = |slug: &str| {
        ds.locality_by_slug
            .get(slug)
            .is_none_or(|l| l.record.parent.is_none())
    };
    // The rates each indicator is the numerator of, in the dataset's order.
    let mut rates_of: HashMap<&str, Vec<&Indicator>> = HashMap::default();
    for ind in &ds.indicators {
        if let Some(n) = &ind.numerator {
            rates_of.entry(n.as_str()).or_default().push(ind);
        }
    }
    // Each month's readings on its own core, put into one list per indicator (by rank);
    // each indicator's lists are then joined in report order and sorted on its own core,
    // so that the sort moves readings within a few megabytes, not across all of them.
    let per_report: Vec<Vec<(Vec<Reading>, Vec<u128>)>> = ds
        .ds
        .reports
        .par_iter()
        .map(|r| {
            let mut out: Vec<(Vec<Reading>, Vec<u128>)> =
                vec![(Vec::new(), Vec::new()); indicator_rank.len()];
            // Fingerprinted as made, while its figure is in the cache: afterwards,
            // reading each reading's figure again was 7 % of a one-figure national rebuild.
            let mut buf = Vec::new();
            // Every indicator has a rank: the ranks are of the dataset's indicators.
            let mut push = |ind: &Indicator, x: Reading<'a>| {
                if let Some(&k) = indicator_rank.get(ind.id.as_str()) {
                    let (list, fps) = &mut out[k as usize];
                    fps.push(reading_fingerprint(&x, &mut buf));
                    list.push(x);
                }
            };
            let month = r.report.month;
            // (indicator, locality) → figure of this month, for computing rates without a scan.
            let mut by_key: HashMap<(&str, &str), &Figure> =
                HashMap::with_capacity_and_hasher(r.values.len(), Default::default());
            for f in r.values.iter().rev() {
                by_key.insert((f.record.indicator.as_str(), f.locality()), f);
            }
            let rate = |ind: &Indicator, locality: &str| -> Option<f64> {
                let part = |id: &Option<String>| {
                    id.as_deref()
                        .and_then(|id| by_key.get(&(id, locality)))
                        .and_then(|f| f.record.value)
                };
                match (part(&ind.numerator), part(&ind.denominator)) {
                    (Some(n), Some(d)) if d > 0.0 => Some(n * 100.0 / d),
                    _ => None,
                }
            };
            // A report lists a locality's figures together: its lookups are kept for the next figure.
            let mut last: Option<(&str, bool, u32)> = None;
            let mut place = |slug: &'a str| match last {
                Some((s, t, k)) if s == slug => (t, k),
                _ => {
                    let t = top_level(slug);
                    let k = locality_rank.get(slug).copied().unwrap_or(u32::MAX);
                    last = Some((slug, t, k));
                    (t, k)
                }
            };
            let mut have: rustc_hash::FxHashSet<(&str, &str)> =
                rustc_hash::FxHashSet::with_capacity_and_hasher(
                    r.values.len() / 8,
                    Default::default(),
                );
            for f in &r.values {
                let v = &f.record;
                let Some(ind) = units.get(v.indicator.as_str()) else {
                    continue;
                };
                let (top_level, locality_rank) = place(f.locality());
                let base = Reading {
                    month,
                    locality: f.locality(),
                    top_level,
                    locality_rank,
                    number: None,
                    kind: "reported",
                    stated: v.stated,
                    source: FigureRef::Borrowed(f),
                };
                if ind.numerator.is_some() {
                    have.insert((ind.id.as_str(), f.locality()));
                    let computed = rate(ind, f.locality());
                    push(
                        ind,
                        Reading {
                            number: computed.or(v.stated),
                            kind: "rate",
                            ..base
                        },
                    );
                } else if let Some(x) = v.value {
                    push(
                        ind,
                        Reading {
                            number: Some(x),
                            ..base.clone()
                        },
                    );
                    if let Some(Delta { by, on: Some(prev) }) = v.delta {
                        let x0 = x - by;
                        push(
                            ind,
                            Reading {
                                month: prev,
                                number: Some(x0),
                                kind: "derived",
                                ..base
                            },
                        );
                    }
                } else if let Some(x) = v.lower_bound {
                    push(
                        ind,
                        Reading {
                            number: Some(x),
                            kind: "lower_bound",
                            ..base
                        },
                    );
                } else {
                    push(
                        ind,
                        Reading {
                            kind: "none",
                            ..base
                        },
                    );
                }
            }
            // Rates with no figure of their own (676/683 printed without a percentage) are computed
            // too, found from their numerators' figures in one pass over the month: a scan of
            // the month per rate compared every figure's indicator id with each numerator's.
            for f in &r.values {
                let Some(rates) = rates_of.get(f.record.indicator.as_str()) else {
                    continue;
                };
                for ind in rates {
                    if have.contains(&(ind.id.as_str(), f.locality())) {
                        continue;
                    }
                    if let Some(x) = rate(ind, f.locality()) {
                        let (top_level, locality_rank) = place(f.locality());
                        let mut source = f.clone();
                        source.record.indicator = ind.id.clone();
                        push(
                            ind,
                            Reading {
                                month,
                                locality: f.locality(),
                                top_level,
                                locality_rank,
                                number: Some(x),
                                kind: "rate",
                                stated: None,
                                source: FigureRef::Owned(Box::new(source)),
                            },
                        );
                    }
                }
            }
            out
        })
        .collect();
    // Each indicator's lists joined on its own core and sorted where they lie: a
    // copy of the readings is into new memory the kernel must clear, and that
    // was a fifth of this stage when it was one list made on one core.
    let mut by_indicator: Vec<Vec<(Vec<Reading>, Vec<u128>)>> = (0..indicator_rank.len())
        .map(|_| Vec::with_capacity(per_report.len()))
        .collect();
    for report in per_report {
        for (k, list) in report.into_iter().enumerate() {
            by_indicator[k].push(list);
        }
    }
    let (lists, fps): (Vec<Vec<Reading>>, Vec<Vec<u128>>) = by_indicator
        .into_par_iter()
        .map(|lists| {
            let n = lists.iter().map(|(l, _)| l.len()).sum();
            let (mut list, mut fps) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for (l, f) in lists {
                list.extend(l);
                fps.extend(f);
            }
            sort_by_locality_and_month(&mut list, &mut fps);
            (list, fps)
        })
        .unzip();
    let mut starts = Vec::with_capacity(lists.len());
    let mut at = 0u32;
    for l in &lists {
        starts.push(at);
        at += l.len() as u32;
    }
    (Readings { lists, starts }, fps.concat())
}

/// Every reading, sorted by (indicator, locality, month), in one list per
/// indicator; a reading's position counts through the lists in order.
#[derive(Default)]
pub struct Readings<'a> {
    lists: Vec<Vec<Reading<'a>>>,
    /// The position of each list's first reading.
    starts: Vec<u32>,
}

impl<'a> Readings<'a> {
    /// The reading at position `i` (a position from the [`ReadingIndex`]).
    fn get(&self, i: u32) -> &Reading<'a> {
        let k = self.starts.partition_point(|&s| s <= i) - 1;
        &self.lists[k][(i - self.starts[k]) as usize]
    }

    /// Every reading with its position, in order.
    fn iter(&self) -> impl Iterator<Item = (u32, &Reading<'a>)> {
        (0..).zip(self.lists.iter().flatten())
    }
}

/// Sorts one indicator's readings by (locality, month), equal keys in their given
/// order, and their fingerprints `fps` along with them.
fn sort_by_locality_and_month(list: &mut [Reading], fps: &mut [u128]) {
    let known = list.iter().all(|x| x.locality_rank != u32::MAX);
    // Position i takes the reading at order[i].
    let order: Vec<u32> = if known {
        let mut keys: Vec<(u32, Month, u32)> = list
            .iter()
            .zip(0..)
            .map(|(x, k)| (x.locality_rank, x.month, k))
            .collect();
        // The position in the key makes every key distinct: an unstable sort keeps equal names in order.
        keys.sort_unstable();
        keys.into_iter().map(|(_, _, k)| k).collect()
    } else {
        // A locality not in the dataset (validation keeps them out): by the strings.
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        order.sort_by_key(|&k| (list[k as usize].locality, list[k as usize].month));
        order
    };
    // Each cycle of that permutation is followed with swaps, so that the
    // readings move within the list, into no new memory.
    let mut placed = vec![false; list.len()];
    for start in 0..list.len() {
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let from = order[i] as usize;
            if from == start {
                break;
            }
            list.swap(i, from);
            fps.swap(i, from);
            i = from;
        }
    }
}

/// Fingerprint of a reading: its figure's record and what was computed from
/// it (the month a value was derived for; a rate, from its parts, which are
/// figures of other indicators). Its text follows from these and the rest.
fn reading_fingerprint(x: &Reading, buf: &mut Vec<u8>) -> u128 {
    let opt = |buf: &mut Vec<u8>, v: Option<f64>| match v {
        Some(v) => {
            buf.push(1);
            buf.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        None => buf.push(0),
    };
    buf.clear();
    buf.extend_from_slice(&x.source.fingerprint.to_le_bytes());
    for s in [x.source.record.indicator.as_str(), x.locality, x.kind] {
        buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
        buf.extend_from_slice(s.as_bytes());
    }
    buf.extend_from_slice(&x.month.year.to_le_bytes());
    buf.extend_from_slice(&x.month.month.to_le_bytes());
    opt(buf, x.number);
    opt(buf, x.stated);
    // One call of the hash over the fields, not a streamed update per field.
    xxhash_rust::xxh3::xxh3_128(buf)
}

/// Readings indexed once: by indicator, by locality and by month (positions in
/// the sorted readings, so each list keeps (indicator, locality, month) order),
/// so that every page takes its own rows directly.
#[derive(Default)]
struct ReadingIndex {
    by_indicator: HashMap<String, Vec<u32>>,
    by_locality: HashMap<String, Vec<u32>>,
    by_month: HashMap<Month, Vec<u32>>,
}

impl ReadingIndex {
    fn new(readings: &Readings) -> Self {
        // Sorted readings come in runs of one locality within their indicator's list:
        // one probe of the table per run, not per reading. A run ends where the
        // rank changes (or the slug, for slugs without one), not read from the figure.
        fn by_runs<'r, 'a: 'r>(
            readings: &'r Readings<'a>,
            key: impl Fn(&'r Reading<'a>) -> &'r str,
            same: impl Fn(&Reading, &Reading) -> bool,
        ) -> HashMap<String, Vec<u32>> {
            let mut table: HashMap<String, Vec<u32>> = HashMap::default();
            for (list, &first) in readings.lists.iter().zip(&readings.starts) {
                let mut start = 0;
                while start < list.len() {
                    let k = key(&list[start]);
                    let end = start
                        + list[start..]
                            .iter()
                            .take_while(|x| same(x, &list[start]))
                            .count();
                    let run = first + start as u32..first + end as u32;
                    match table.get_mut(k) {
                        Some(v) => v.extend(run),
                        None => {
                            table.insert(k.to_string(), run.collect());
                        }
                    }
                    start = end;
                }
            }
            table
        }
        let by_month = || {
            let mut by_month: HashMap<Month, Vec<u32>> = HashMap::default();
            for (i, x) in readings.iter() {
                by_month.entry(x.month).or_default().push(i);
            }
            by_month
        };
        let ((by_indicator, by_locality), by_month) = rayon::join(
            || {
                rayon::join(
                    // Each list holds one indicator.
                    || {
                        by_runs(
                            readings,
                            |x| x.source.record.indicator.as_str(),
                            |_, _| true,
                        )
                    },
                    || {
                        by_runs(
                            readings,
                            |x| x.locality,
                            |a, b| match (a.locality_rank, b.locality_rank) {
                                (u32::MAX, _) | (_, u32::MAX) => a.locality == b.locality,
                                (p, q) => p == q,
                            },
                        )
                    },
                )
            },
            by_month,
        );
        ReadingIndex {
            by_indicator,
            by_locality,
            by_month,
        }
    }
}

fn reading_json(x: &Reading, ds: &Ix) -> Json {
    let v = &x.source.record;
    let indicator = ds.indicator_by_id.get(v.indicator.as_str()).map(|i| {
        json!({ "id": i.id, "name": i.name, "url": url::indicator(&i.id), "counted": i.counted })
    });
    object!({
        "indicator": indicator,
        "month": x.month.to_string(),
        "month_label": format::month(x.month),
        "locality": x.locality,
        "locality_name": locality_name(ds, x.locality),
        "kind": x.kind,
        "text": x.text(ds),
        "number": x.number,
        "stated": x.stated.map(format::percent),
        "stated_differs": x.stated_differs(),
        "delta": x.delta_text(),
        "delta_on": v.delta.as_ref().and_then(|d| d.on).map(format::month),
        "period": v.period.as_deref(),
        "as_written": v.as_written.as_deref(),
        "note": v.note.as_deref(),
        "cite": cite(&v.cite, ds),
        "correction": x.correction(ds),
    })
}

fn indicator_json(i: &Indicator, ds: &Ix) -> Json {
    let name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| ds.indicator_by_id.get(id.as_str()))
            .map(|x| json!({ "id": x.id, "name": x.name, "url": url::indicator(&x.id) }))
    };
    json!({
        "id": i.id,
        "name": i.name,
        "url": url::indicator(&i.id),
        "unit": i.unit,
        "counted": i.counted,
        "higher_is_better": i.higher_is_better,
        "numerator": name(&i.numerator),
        "denominator": name(&i.denominator),
        "part_of": name(&i.part_of),
        "description": i.description,
        "note": i.note,
        "cite": cite(&i.cite, ds),
    })
}

fn deadline_json(d: &Option<crate::deadline::Deadline>) -> Json {
    match d {
        None => Json::Null,
        Some(d) => json!({
            "text": d.text(),
            "parts": d.parts.iter().map(|p| json!({ "text": p.text, "reading": format::deadline_value(&p.value), "due": p.value.due().map(format::date) })).collect::<Vec<_>>(),
            "due": d.due().map(format::date),
        }),
    }
}

fn item_json(item: &PlanItem, plan: &Plan, ds: &Ix) -> Json {
    let model = item
        .model
        .and_then(|n| ds.models.iter().find(|m| m.number == n));
    json!({
        "number": item.number,
        "group": item.group,
        "model": model.map(|m| json!({ "number": m.number, "title": m.title, "url": url::model(m.number) })),
        "title": item.title,
        "goal": item.goal,
        "assignment": item.assignment,
        "lead": item.lead,
        "coordinating": item.coordinating,
        "support": item.support,
        "implementers": item.implementers,
        "deadline": deadline_json(&item.deadline),
        "platforms": item.platforms,
        "note": item.note,
        "conflicts": conflicts(&item.conflicts, ds),
        "cite": cite(&item.cite, ds),
        "locality": plan.locality,
        "locality_name": locality_name(ds, &plan.locality),
        "locality_url": url::locality(&plan.locality),
    })
}

fn status_entry_json(s: &ModelStatus, month: Month, ds: &Ix) -> Json {
    json!({
        "month": month.to_string(),
        "month_label": format::month(month),
        "report_url": url::report(&month),
        "row": s.row,
        "title": s.title,
        "assessment": s.assessment,
        "status": status_json(s.status),
        "results": s.results,
        "difficulties": s.difficulties,
        "effectiveness": s.effectiveness,
        "funding": s.funding,
        "scale_up": s.scale_up,
        "note": s.note,
        "conflicts": conflicts(&s.conflicts, ds),
        "cite": cite(&s.cite, ds),
    })
}

fn figures_json(f: &ServiceFigures) -> Json {
    let rate = match (f.total, f.online) {
        (Some(t), Some(o)) if t > 0 => Some(o as f64 * 100.0 / t as f64),
        _ => None,
    };
    let differs = matches!((f.stated_rate, rate), (Some(s), Some(c)) if !rate_agrees(s, c));
    let n = |x: Option<i64>| x.map(|x| format::number(x as f64));
    json!({
        "total": n(f.total),
        "online": n(f.online),
        "rate": rate.map(format::percent),
        "rate_number": rate,
        "stated_rate": f.stated_rate.map(format::percent),
        "stated_differs": differs,
        "on_time": n(f.on_time),
        "overdue": n(f.overdue),
        "none_this_month": f.none_this_month,
    })
}

fn services_json(r: &MonthReport, ds: &Ix) -> Json {
    let mut appendices = Vec::new();
    for (appendix, title) in [
        (
            "I",
            "Phụ lục I — 25 dịch vụ công trực tuyến thiết yếu (Quyết định 06/QĐ-TTg)",
        ),
        (
            "II",
            "Phụ lục II — Dịch vụ công thiết yếu theo Quyết định 422/QĐ-TTg",
        ),
    ] {
        let rows: Vec<&Service> = r
            .services
            .iter()
            .filter(|s| s.appendix == appendix)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut groups: Vec<Json> = Vec::new();
        let mut order: Vec<Option<String>> = Vec::new();
        for s in &rows {
            if !order.contains(&s.group) {
                order.push(s.group.clone());
            }
        }
        for g in order {
            let name = g
                .as_ref()
                .and_then(|g| {
                    r.service_groups
                        .iter()
                        .find(|x| x.appendix == appendix && &x.id == g)
                })
                .map(|x| x.name.clone());
            let services: Vec<Json> = rows
                .iter()
                .filter(|s| s.group == g)
                .map(|s| {
                    json!({
                        "number": s.number,
                        "name": s.name,
                        "connection": s.connection,
                        "connected": s.connection.as_deref().map(|c| c.to_lowercase().starts_with("đã")),
                        "figures": figures_json(&s.figures()),
                        "difficulties": s.difficulties,
                        "note": s.note,
                        "rows": s.rows.iter().map(|x| json!({ "name": x.name, "connection": x.connection, "figures": figures_json(&x.figures()), "difficulties": x.difficulties, "note": x.note })).collect::<Vec<_>>(),
                        "conflicts": conflicts(&s.conflicts, ds),
                        "cite": cite(&s.cite, ds),
                    })
                })
                .collect();
            groups.push(object!({ "id": g, "name": name, "services": services }));
        }
        appendices.push(object!({
            "id": appendix,
            "title": title,
            "groups": groups,
            "csv": format!("du-lieu/dich-vu-cong-{}-phu-luc-{}.csv", r.report.month, appendix.to_lowercase()),
        }));
    }
    Json::Array(appendices)
}

/// `du-lieu.json`, the whole dataset: the bytes of `serde_json::to_writer(dataset)`,
/// made one report at a time so that a rebuild copies the months whose figures
/// did not change from the last build's file (219 MB at national scale, nearly
/// all of it the reports).
fn dataset_json<'a>(ds: &'a Dataset, common: &str) -> Content<'a> {
    use std::io::Write;
    /// The fields of [`Dataset`] before `reports`, in its order (a test holds the
    /// two to the same bytes).
    #[derive(serde::Serialize)]
    struct Head<'d> {
        sources: &'d [Source],
        localities: &'d [Place],
        groups: &'d [ModelGroup],
        models: &'d [Model],
        indicators: &'d [Indicator],
        plans: &'d [PlanEntry],
    }
    fn json<T: serde::Serialize + ?Sized>(w: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
        serde_json::to_writer(w, value).map_err(std::io::Error::other)
    }
    let mut whole = crate::incremental::Hasher::new();
    let fps: Vec<u8> = ds
        .reports
        .iter()
        .flat_map(|r| &r.values)
        .flat_map(|f| f.fingerprint.to_le_bytes())
        .collect();
    whole.add(common.as_bytes()).add(&fps);
    let common = common.to_string();
    Content::parted(whole.finish(), move || {
        let mut parts = vec![Part::fresh(move |w| {
            let head = Head {
                sources: &ds.sources,
                localities: &ds.localities,
                groups: &ds.groups,
                models: &ds.models,
                indicators: &ds.indicators,
                plans: &ds.plans,
            };
            json(w, &head)?;
            // The object stays open for the reports.
            w.pop();
            w.extend_from_slice(b",\"reports\":[");
            Ok(())
        })];
        for (i, r) in ds.reports.iter().enumerate() {
            // A month's part is its report, with the comma before it: everything it
            // shows comes from its own figures and from what `common` covers.
            let mut h = crate::incremental::Hasher::new();
            h.add(common.as_bytes())
                .add(r.report.month.to_string().as_bytes())
                .add(if i == 0 { b"first" } else { b"next" });
            for f in &r.values {
                h.add_u128(f.fingerprint);
            }
            parts.push(Part::of(h.finish(), move |w| {
                if i > 0 {
                    w.push(b',');
                }
                json(w, r)
            }));
        }
        parts.push(Part::fresh(move |w| {
            w.extend_from_slice(b"],\"corrections\":");
            json(w, &ds.corrections)?;
            w.write_all(b"}")
        }));
        parts
    })
}

/// Builds the page graph of a validated dataset.
pub fn assemble<'a>(ds: &'a Ix<'a>, config: &SiteConfig) -> Site<'a> {
    let latest = ds.reports.last();
    // What every output made from the data depends on besides its figures: the
    // program, the rest of the data, the settings, and which months are published.
    let common = {
        let mut h = crate::incremental::Hasher::new();
        h.add(crate::incremental::program_fingerprint().as_bytes())
            .add(ds.rest_fingerprint.as_bytes());
        let _ = serde_json::to_writer(&mut h, config);
        for r in &ds.reports {
            h.add(r.report.month.to_string().as_bytes());
        }
        h.finish()
    };
    let common = &common;
    let mut pages = Vec::new();
    let mut files = Vec::new();
    let loc_name = |slug: &str| locality_name(ds, slug);
    let mut charts = charts::Charts::default();

    // Latest status of every model, and who adopted it.
    let latest_status = |n: u32| {
        ds.reports.iter().rev().find_map(|r| {
            r.statuses
                .iter()
                .find(|s| s.model == n)
                .map(|s| (r.report.month, s))
        })
    };
    let adopters = |n: u32| -> Vec<Json> {
        ds.plans
            .iter()
            .flat_map(|p| {
                p.items
                    .iter()
                    .filter(move |i| i.model == Some(n))
                    .map(move |i| item_json(i, &p.plan, ds))
            })
            .collect()
    };
    let model_summary = |m: &Model| {
        let st = latest_status(m.number);
        json!({
            "number": m.number,
            "title": m.title,
            "group": m.group,
            "url": url::model(m.number),
            "status": st.map(|(_, s)| status_json(s.status)),
            "status_month": st.map(|(mo, _)| format::month(mo)),
            "adopters": adopters(m.number).len(),
        })
    };

    // Models.
    let groups_json: Vec<Json> = ds
        .groups
        .iter()
        .map(|g| {
            let models: Vec<Json> = ds.models.iter().filter(|m| m.group.as_deref() == Some(g.id.as_str())).map(model_summary).collect();
            json!({ "id": g.id, "name": g.name, "stated_count": g.stated_count, "count": models.len(), "note": g.note, "cite": cite(&g.cite, ds), "models": models })
        })
        .collect();
    let ungrouped: Vec<Json> = ds
        .models
        .iter()
        .filter(|m| {
            m.group
                .as_ref()
                .is_none_or(|g| !ds.groups.iter().any(|x| &x.id == g))
        })
        .map(model_summary)
        .collect();
    pages.push(PageSpec {
        path: "mo-hinh/".into(),
        template: "models.html",
        title: "Các mô hình Đề án 06".into(),
        context: Context::Ready(object!({ "groups": groups_json, "ungrouped": ungrouped, "csv": "du-lieu/mo-hinh.csv",
            "charts": latest.and_then(|r| charts::status_by_group(ds, r)).map(|c| charts.add(c)).into_iter().collect::<Vec<_>>() })),
        markdown: None,
        in_sitemap: true,
    });
    for m in &ds.models {
        let history: Vec<Json> = ds
            .reports
            .iter()
            .filter_map(|r| {
                r.statuses
                    .iter()
                    .find(|s| s.model == m.number)
                    .map(|s| status_entry_json(s, r.report.month, ds))
            })
            .collect();
        let group = m
            .group
            .as_ref()
            .and_then(|g| ds.groups.iter().find(|x| &x.id == g))
            .map(|g| json!({ "id": g.id, "name": g.name }));
        let title = match &m.title {
            Some(t) => format!("Mô hình {}: {}", m.number, t),
            None => format!("Mô hình {}", m.number),
        };
        let prev = ds
            .models
            .iter()
            .rev()
            .find(|x| x.number < m.number)
            .map(|x| json!({ "url": url::model(x.number), "number": x.number }));
        let next = ds
            .models
            .iter()
            .find(|x| x.number > m.number)
            .map(|x| json!({ "url": url::model(x.number), "number": x.number }));
        pages.push(PageSpec {
            path: url::model(m.number),
            template: "model.html",
            title,
            context: Context::Ready(json!({
                "model": {
                    "number": m.number,
                    "title": m.title,
                    "goal": m.goal,
                    "goal_cite": m.goal_cite.as_ref().map(|c| cite(c, ds)),
                    "group": group,
                    "variants": m.variants.iter().map(|v| json!({ "title": v.title, "cite": cite(&v.cite, ds), "note": v.note })).collect::<Vec<_>>(),
                    "cite": m.cite.as_ref().map(|c| cite(c, ds)),
                    "conflicts": conflicts(&m.conflicts, ds),
                    "note": m.note,
                },
                "history": history,
                "adopters": adopters(m.number),
                "prev": prev,
                "next": next,
            })),
            markdown: None,
            in_sitemap: true,
        });
    }

    // Indicators. A page's context is made when it is rendered, from the readings of
    // the indicator and of its parts (a rate's chart shows them), so that a rebuild
    // makes only the pages whose readings changed.
    // On every core: each scans its indicator's readings (a million at national scale).
    let per_indicator: Vec<(Json, DataFile, PageSpec)> = ds
        .indicators
        .par_iter()
        .map(|i| {
            let latest_reading = ds
                .of_indicator(&i.id)
                .into_iter()
                .filter(|x| x.kind != "derived")
                .max_by_key(|x| x.month);
            let listed = object!({ "indicator": indicator_json(i, ds), "latest": latest_reading.map(|x| reading_json(x, ds)) });
            let shown = [Some(&i.id), i.numerator.as_ref(), i.denominator.as_ref()]
                .map(|id| id.and_then(|id| ds.rix.by_indicator.get(id.as_str())));
            let csv = DataFile {
                path: format!("du-lieu/chi-so-{}.csv", i.id),
                content: readings_csv(ds, common, ds.rix.by_indicator.get(i.id.as_str()), |_| true),
            };
            let page = PageSpec {
                path: url::indicator(&i.id),
                template: "indicator.html",
                title: i.name.clone(),
                context: Context::Deferred(Deferred {
                    make: Box::new(move || indicator_context(ds, i)),
                    inputs: ds.fingerprint_of(common, &shown, |_| true),
                    after_files: false,
                }),
                markdown: None,
                in_sitemap: true,
            };
            (listed, csv, page)
        })
        .collect();
    let mut indicator_list = Vec::new();
    for (listed, csv, page) in per_indicator {
        indicator_list.push(listed);
        files.push(csv);
        pages.push(page);
    }
    pages.push(PageSpec {
        path: "chi-so/".into(),
        template: "indicators.html",
        title: "Các chỉ số".into(),
        context: Context::Ready(object!({ "indicators": indicator_list })),
        markdown: None,
        in_sitemap: true,
    });

    // Localities.
    let tree: Vec<Json> = ds
        .localities
        .iter()
        .map(|l| {
            let depth = {
                let mut d = 0;
                let mut p = l.record.parent.clone();
                while let Some(slug) = p {
                    d += 1;
                    p = ds
                        .locality_by_slug
                        .get(slug.as_str())
                        .and_then(|x| x.record.parent.clone());
                    if d > 8 {
                        break;
                    }
                }
                d
            };
            json!({
                "slug": l.slug,
                "name": l.record.name,
                "kind": kind_label(l.record.kind),
                "url": url::locality(&l.slug),
                "depth": depth,
                "valid_from": l.record.valid_from.map(format::date),
                "valid_to": l.record.valid_to.map(format::date),
                "has_plan": ds.plan_of.contains_key(l.slug.as_str()),
            })
        })
        .collect();
    pages.push(PageSpec {
        path: "dia-phuong/".into(),
        template: "localities.html",
        title: "Địa phương".into(),
        context: Context::Ready(object!({ "localities": tree })),
        markdown: None,
        in_sitemap: true,
    });
    // A locality page's context is made when it is rendered (a national portal has
    // ten thousand of them); their plans' CSV files are small and made here, on every core.
    // A page shows the locality's own readings and, from the rest, its plan, report and neighbours.
    let plan_files: Vec<(Option<DataFile>, crate::incremental::Fp)> = ds
        .localities
        .par_iter()
        .map(|l| {
            let plan_file = ds.plan_of.get(l.slug.as_str()).map(|p| DataFile {
                path: format!("du-lieu/ke-hoach-{}.csv", l.slug),
                content: plan_csv(p).into(),
            });
            let inputs =
                ds.fingerprint_of(common, &[ds.rix.by_locality.get(l.slug.as_str())], |_| true);
            (plan_file, inputs)
        })
        .collect();
    for (l, (plan_file, inputs)) in ds.localities.iter().zip(plan_files) {
        pages.push(PageSpec {
            path: url::locality(&l.slug),
            template: "locality.html",
            title: format!("{} {}", kind_label(l.record.kind), l.record.name),
            context: Context::Deferred(Deferred {
                make: Box::new(move || locality_context(ds, l)),
                inputs,
                after_files: false,
            }),
            markdown: None,
            in_sitemap: true,
        });
        files.extend(plan_file);
    }

    // Reports, services, deadlines.
    let mut report_list = Vec::new();
    // What each month's page and CSV are made from, on every core: each hashes
    // two months of readings (tens of thousands at national scale).
    let per_month: Vec<(crate::incremental::Fp, Content)> = ds
        .reports
        .par_iter()
        .map(|r| {
            let month = r.report.month;
            let page = ds.fingerprint_of(
                common,
                &[
                    ds.rix.by_month.get(&month),
                    ds.rix.by_month.get(&month.previous()),
                ],
                |_| true,
            );
            let csv = readings_csv(ds, common, ds.rix.by_month.get(&month), as_reported);
            (page, csv)
        })
        .collect();
    for ((idx, r), (page_inputs, csv)) in ds.reports.iter().enumerate().zip(per_month) {
        let month = r.report.month;
        let content = ds
            .pages
            .iter()
            .find(|p| p.path == format!("reports/{month}.md"));
        for appendix in ["I", "II"] {
            let rows: Vec<&Service> = r
                .services
                .iter()
                .filter(|s| s.appendix == appendix)
                .collect();
            if !rows.is_empty() {
                files.push(DataFile {
                    path: format!(
                        "du-lieu/dich-vu-cong-{month}-phu-luc-{}.csv",
                        appendix.to_lowercase()
                    ),
                    content: services_csv(&rows).into(),
                });
            }
        }
        report_list.push(json!({ "url": url::report(&month), "label": format::month(month), "title": r.report.title, "status": r.report.status, "summary": content.and_then(|c| c.front.description.clone()) }));
        pages.push(PageSpec {
            path: url::report(&month),
            template: "report.html",
            title: content.map_or_else(
                || format!("Báo cáo {}", format::month(month)),
                |c| c.front.title.clone(),
            ),
            context: Context::Deferred(Deferred {
                make: Box::new(move || report_context(ds, idx, r)),
                inputs: page_inputs,
                after_files: false,
            }),
            markdown: content.map(|c| {
                (
                    format!("content/{}", c.path),
                    charts::expand_shortcodes(&c.body, ds, &mut charts),
                    c.body_offset,
                )
            }),
            in_sitemap: true,
        });
        files.push(DataFile {
            path: format!("du-lieu/bao-cao-{month}.csv"),
            content: csv,
        });
    }
    report_list.reverse();
    pages.push(changes::changelog_page(ds));
    pages.push(PageSpec {
        path: "bao-cao/".into(),
        template: "reports.html",
        title: "Báo cáo hằng tháng".into(),
        context: Context::Ready(object!({ "reports": report_list })),
        markdown: None,
        in_sitemap: true,
    });

    if let Some(r) = latest {
        pages.push(PageSpec {
            path: "dich-vu-cong/".into(),
            template: "services.html",
            title: "Dịch vụ công trực tuyến".into(),
            context: Context::Ready(json!({ "month_label": format::month(r.report.month), "report_url": url::report(&r.report.month), "services": services_json(r, ds),
                "charts": charts::services_parts(r).into_iter().chain(["I", "II"].iter().filter_map(|a| charts::services_ranking(r, a))).map(|c| charts.add(c)).collect::<Vec<_>>() })),
            markdown: None,
            in_sitemap: true,
        });
    }

    let as_of = latest.map(|r| r.report.month);
    let (passed, upcoming) = deadlines(ds, as_of);
    files.push(DataFile {
        path: "du-lieu/han-hoan-thanh.csv".into(),
        content: deadlines_csv(&passed, &upcoming).into(),
    });
    pages.push(PageSpec {
        path: "han-hoan-thanh/".into(),
        template: "deadlines.html",
        title: "Hạn hoàn thành".into(),
        context: Context::Ready(json!({
            "as_of": as_of.map(format::month),
            "sections": [
                { "id": "da-den-han", "title": "Đã đến hạn", "items": passed },
                { "id": "sap-den-han", "title": "Đến hạn trong ba tháng tới", "items": upcoming },
            ],
            "csv": "du-lieu/han-hoan-thanh.csv",
        })),
        markdown: None,
        in_sitemap: true,
    });

    // Sources: what each document contributed.
    let contributions: Vec<Json> = ds
        .sources
        .iter()
        .map(|s| {
            let plans = ds.plans.iter().filter(|p| p.plan.cite.source == s.id).map(|p| json!({ "title": p.plan.title, "items": p.items.len(), "url": url::locality(&p.plan.locality) })).collect::<Vec<_>>();
            let reports = ds.reports.iter().filter(|r| r.report.source == s.id).map(|r| json!({ "label": format::month(r.report.month), "url": url::report(&r.report.month), "values": r.values.len(), "statuses": r.statuses.len(), "services": r.services.len() })).collect::<Vec<_>>();
            let models = ds.models.iter().filter(|m| m.cite.as_ref().is_some_and(|c| c.source == s.id) || m.variants.iter().any(|v| v.cite.source == s.id)).count();
            json!({ "id": s.id, "kind": s.kind, "issuer": s.issuer, "number": s.number, "date": s.date, "title": s.title, "file": s.file, "locality": loc_name(&s.locality), "locality_url": url::locality(&s.locality), "note": s.note, "plans": plans, "reports": reports, "models": models })
        })
        .collect();
    pages.push(PageSpec {
        path: "nguon/".into(),
        template: "sources.html",
        title: "Nguồn tài liệu".into(),
        context: Context::Ready(object!({ "sources": contributions })),
        markdown: None,
        in_sitemap: true,
    });

    // Open data.
    files.push(DataFile {
        path: "du-lieu/mo-hinh.csv".into(),
        content: models_csv(ds).into(),
    });
    files.push(DataFile {
        path: "du-lieu/du-lieu.json".into(),
        content: dataset_json(ds.ds, common),
    });
    // The data page gives each download's size. A large file is measured as it is written
    // (see `Streamed`): the page is made when rendered, after the files (see `lib::write_incremental`).
    let mut downloads: Vec<(String, Size<'a>)> = files
        .iter()
        .filter(|f| f.path.ends_with(".csv"))
        .map(|f| (f.path.clone(), f.content.size()))
        .collect();
    downloads.sort_by(|a, b| a.0.cmp(&b.0));
    // Equal fingerprints of the files give equal bytes, hence equal sizes.
    let downloads_inputs = {
        let mut h = crate::incremental::Hasher::new();
        h.add(common.as_bytes());
        for f in files.iter().filter(|f| f.path.ends_with(".csv")) {
            h.add(f.path.as_bytes())
                .add(f.content.fingerprint().as_bytes());
        }
        h.finish()
    };
    pages.push(PageSpec {
        path: "du-lieu/".into(),
        template: "data.html",
        title: "Dữ liệu mở".into(),
        context: Context::Deferred(Deferred {
            inputs: downloads_inputs,
            after_files: true,
            make: Box::new(move || {
                let list: Vec<Json> = downloads
                    .iter()
                    .map(|(path, size)| json!({ "path": path, "bytes": size.bytes() }))
                    .collect();
                Made {
                    context: std::borrow::Cow::Owned(
                        json!({ "downloads": list, "json": "du-lieu/du-lieu.json" }),
                    ),
                    charts: Vec::new(),
                }
            }),
        }),
        markdown: None,
        in_sitemap: true,
    });

    // Content pages (the monthly updates are merged into their report pages above).
    let mut menu = Vec::new();
    for p in ds.pages.iter().filter(|p| !p.path.starts_with("reports/")) {
        let path = content_url(&p.path);
        // The menu is opt-in, as in Zola and Hugo: a page with a `weight` is in it.
        // (Every page in it would put every page into every page: quadratic for a large site.)
        if let Some(w) = p.front.weight
            && !path.is_empty()
        {
            menu.push((w, json!({ "title": p.front.title, "url": path })));
        }
        pages.push(PageSpec {
            path: path.clone(),
            template: if path.is_empty() { "index.html" } else { "page.html" },
            title: p.front.title.clone(),
            context: Context::Ready(json!({ "description": p.front.description, "date": p.front.date.map(format::date) })),
            markdown: Some((format!("content/{}", p.path), charts::expand_shortcodes(&p.body, ds, &mut charts), p.body_offset)),
            in_sitemap: true,
        });
    }
    menu.sort_by_key(|(w, _)| *w);

    // Home: headline figures of the latest month with their change, models by status.
    let home = home_context(ds, &mut charts);
    if let Some(idx) = pages.iter().position(|p| p.path.is_empty()) {
        if let Json::Object(extra) = home
            && let Context::Ready(Json::Object(ctx)) = &mut pages[idx].context
        {
            ctx.extend(extra);
        }
    } else {
        pages.push(PageSpec {
            path: String::new(),
            template: "index.html",
            title: config.title.clone(),
            context: Context::Ready(home),
            markdown: None,
            in_sitemap: true,
        });
    }
    pages.push(PageSpec {
        path: "404.html".into(),
        template: "404.html",
        title: "Không tìm thấy trang".into(),
        context: Context::Ready(json!({})),
        markdown: None,
        in_sitemap: false,
    });

    files.push(DataFile {
        path: url::feed(),
        content: feed(ds, config).into(),
    });
    files.extend(charts.files());
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let globals = json!({
        "feed": url::feed(),
        "site": config,
        "latest": latest.map(|r| json!({ "label": format::month(r.report.month), "url": url::report(&r.report.month) })),
        "menu": menu.into_iter().map(|(_, m)| m).collect::<Vec<_>>(),
    });
    Site {
        pages,
        files,
        globals,
        charts,
    }
}

/// A place in a document ("Mục II.10", "Phụ lục IV, 2") as a key that orders
/// sections as the document does: numbers, Arabic or Roman, by value, so that
/// II.2 comes before II.10 and IX before X.
fn section_key(at: &str) -> Vec<(u64, String)> {
    let roman = |w: &str| -> Option<u64> {
        let v: Vec<i64> = w
            .chars()
            .map(|c| match c {
                'I' => Some(1),
                'V' => Some(5),
                'X' => Some(10),
                'L' => Some(50),
                'C' => Some(100),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let n: i64 = v
            .iter()
            .enumerate()
            .map(|(k, &x)| {
                if v.get(k + 1).is_some_and(|&n| n > x) {
                    -x
                } else {
                    x
                }
            })
            .sum();
        u64::try_from(n).ok()
    };
    at.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w.parse::<u64>().ok().or_else(|| roman(w)) {
            Some(n) => (n, String::new()),
            None => (u64::MAX, w.to_lowercase()),
        })
        .collect()
}

/// The rows of a locality's readings table: one per indicator, in the order of
/// the documents' sections (by its latest reading's place in them), with its
/// latest reading in full and the earlier ones in short, each with its source.
/// `by_indicator` holds each indicator's readings in month order. Only what the
/// page shows: a commune of a national portal has a hundred readings.
fn locality_readings(ds: &Ix, mut by_indicator: Vec<Vec<&Reading>>) -> Vec<Json> {
    by_indicator.retain(|rs| !rs.is_empty());
    let latest_at = |rs: &Vec<&Reading>| rs.last().map(|x| section_key(&x.source.record.cite.at));
    by_indicator.sort_by_cached_key(latest_at);
    by_indicator
        .iter()
        .filter_map(|rs| {
            let (latest, earlier) = rs.split_last()?;
            let v = &latest.source.record;
            let name = ds
                .indicator_by_id
                .get(v.indicator.as_str())
                .map_or(v.indicator.as_str(), |i| i.name.as_str());
            let earlier: Vec<Json> = earlier
                .iter()
                .map(|x| {
                    let c = &x.source.record.cite;
                    let mut e = serde_json::Map::with_capacity(6);
                    e.insert("month".into(), format::month(x.month).into());
                    e.insert("text".into(), x.text(ds).into());
                    e.insert("kind".into(), x.kind.into());
                    e.insert(
                        "cite".into(),
                        json!({ "url": url::source(&c.source), "at": c.at }),
                    );
                    // Only what changes the figure's meaning: a printed rate that disagrees,
                    // a period other than the latest's, a correction.
                    if let (true, Some(s)) = (x.stated_differs(), x.stated) {
                        e.insert("stated".into(), format::percent(s).into());
                    }
                    if let Some(p) = &x.source.record.period
                        && v.period.as_ref() != Some(p)
                    {
                        e.insert("period".into(), p.as_str().into());
                    }
                    if let Some(k) = x.correction(ds) {
                        e.insert("corrected".into(), k["url"].clone());
                    }
                    Json::Object(e)
                })
                .collect();
            Some(object!({
                "name": name,
                "url": url::indicator(&v.indicator),
                "period": v.period.as_deref(),
                "month": format::month(latest.month),
                "kind": latest.kind,
                "text": latest.text(ds),
                "stated": latest.stated.map(format::percent),
                "stated_differs": latest.stated_differs(),
                "delta": latest.delta_text(),
                "delta_on": v.delta.as_ref().and_then(|d| d.on).map(format::month),
                "correction": latest.correction(ds),
                "cite": cite(&v.cite, ds),
                "earlier": earlier,
            }))
        })
        .collect()
}

/// Prepares a chart that the page being made carries itself (see [`Made::charts`]).
fn carry(prepared: &mut Vec<Prepared>, spec: crate::chart::ChartSpec) -> Json {
    let (key, j, entry) = charts::Charts::prepare(spec);
    prepared.push((key, entry));
    j
}

/// The context of a month's report page (the report at `idx`), with its charts: made
/// when the page is rendered (see [`Context::Deferred`]), from the month's readings and
/// the month before's (what changed since).
fn report_context(ds: &Ix, idx: usize, r: &MonthReport) -> Made<'static> {
    // Indicator and report pages list the figures of top-level localities (the
    // province of a provincial portal, the provinces of a national one); figures
    // of districts and communes are on their own pages and in the CSV files, so
    // that no page grows with the number of communes.
    let top_level = |x: &&&Reading| x.top_level;
    let loc_name = |slug: &str| locality_name(ds, slug);
    let month = r.report.month;
    let month_readings = month_reported(ds, month);
    let figures: Vec<Json> = month_readings
        .iter()
        .filter(top_level)
        .map(|x| reading_json(x, ds))
        .collect();
    let other_figures = month_readings.len() - figures.len();
    let statuses: Vec<Json> = r.statuses.iter().map(|s| {
        let mut j = status_entry_json(s, month, ds);
        j["model"] = json!({ "number": s.model, "url": url::model(s.model), "title": ds.models.iter().find(|m| m.number == s.model).and_then(|m| m.title.clone()) });
        j
    }).collect();
    let counts = status_counts(&r.statuses);
    let mut prepared = Vec::new();
    let mut report_charts = Vec::new();
    if let Some(c) = charts::status_by_group(ds, r) {
        report_charts.push(carry(&mut prepared, c));
    }
    for c in charts::services_parts(r) {
        report_charts.push(carry(&mut prepared, c));
    }
    for appendix in ["I", "II"] {
        if let Some(c) = charts::services_ranking(r, appendix) {
            report_charts.push(carry(&mut prepared, c));
        }
    }
    let prev = idx.checked_sub(1).and_then(|i| ds.reports.get(i)).map(
        |p| json!({ "url": url::report(&p.report.month), "label": format::month(p.report.month) }),
    );
    let next = ds.reports.get(idx + 1).map(
        |p| json!({ "url": url::report(&p.report.month), "label": format::month(p.report.month) }),
    );
    let context = object!({
        "report": json!({ "month": month.to_string(), "label": format::month(month), "title": r.report.title, "status": r.report.status, "source": cite(&Cite { source: r.report.source.clone(), at: "toàn văn".into() }, ds), "locality_name": loc_name(&r.report.locality), "locality_url": url::locality(&r.report.locality) }),
        "figures": figures,
        "other_figures": other_figures,
        "statuses": statuses,
        "status_counts": counts,
        "services": services_json(r, ds),
        "prev": prev,
        "next": next,
        "csv": format!("du-lieu/bao-cao-{month}.csv"),
        "charts": report_charts,
        "changes": changes::since_previous(
            ds,
            r,
            &month_readings.iter().filter(top_level).copied().collect::<Vec<_>>(),
            // Only the top-level figures are compared.
            &ds.of_month(month.previous()).into_iter().filter(|x| x.top_level).collect::<Vec<_>>(),
            idx.checked_sub(1).and_then(|i| ds.reports.get(i)),
        ),
    });
    Made {
        context: std::borrow::Cow::Owned(context),
        charts: prepared,
    }
}

/// The context of an indicator's page, with its charts: made when the page is
/// rendered (see [`Context::Deferred`]). It lists the figures of top-level localities.
fn indicator_context(ds: &Ix, i: &Indicator) -> Made<'static> {
    let mine = &ds.of_indicator(&i.id)[..];
    let latest_reading = mine
        .iter()
        .filter(|x| x.kind != "derived")
        .max_by_key(|x| x.month);
    let parts: Vec<Json> = ds
        .indicators
        .iter()
        .filter(|x| x.part_of.as_deref() == Some(i.id.as_str()))
        .map(|x| json!({ "id": x.id, "name": x.name, "url": url::indicator(&x.id) }))
        .collect();
    let mut prepared = Vec::new();
    // Charts of the top-level localities (the province; the provinces of a national portal).
    let shown: Vec<&Reading> = mine.iter().copied().filter(|x| x.top_level).collect();
    let mut indicator_charts = Vec::new();
    let lines = shown
        .iter()
        .map(|x| x.locality)
        .collect::<BTreeSet<_>>()
        .len();
    if lines <= charts::MAX_LINES
        && let Some(c) = charts::indicator_line(ds, i, &shown, &[], None, None)
    {
        indicator_charts.push(carry(&mut prepared, c));
    }
    if let Some(c) = latest_reading.and_then(|x| {
        let level = charts::ranking_level(ds, mine, x.month);
        charts::indicator_ranking(ds, i, &level, x.month, &[])
    }) {
        indicator_charts.push(carry(&mut prepared, c));
    }
    if let Some(c) = latest_reading
        .and_then(|x| ds.reports.iter().find(|r| r.report.month == x.month))
        .and_then(|r| charts::rate_parts(ds, i, r))
    {
        indicator_charts.push(carry(&mut prepared, c));
    }
    let context = object!({
        "indicator": indicator_json(i, ds),
        "readings": shown.iter().map(|x| reading_json(x, ds)).collect::<Vec<_>>(),
        "other_readings": mine.len() - shown.len(),
        "parts": parts,
        "csv": format!("du-lieu/chi-so-{}.csv", i.id),
        "charts": indicator_charts,
    });
    Made {
        context: std::borrow::Cow::Owned(context),
        charts: prepared,
    }
}

/// The context of a locality's page, with its charts: made when the page is
/// rendered, one page at a time (see [`Context::Deferred`]).
fn locality_context(ds: &Ix, l: &Place) -> Made<'static> {
    let loc_name = |slug: &str| locality_name(ds, slug);
    let mut prepared = Vec::new();
    // Charts: each indicator with figures in more than one month, then the latest report's.
    let mut locality_charts = Vec::new();
    let mut by_indicator: std::collections::BTreeMap<&str, Vec<&Reading>> = Default::default();
    let own = ds.of_locality(&l.slug);
    for x in own.iter().copied() {
        by_indicator
            .entry(x.source.record.indicator.as_str())
            .or_default()
            .push(x);
    }
    // The indicators with the longest runs of months first, in data order among equals;
    // a page of a commune in a national portal keeps a phone-sized number of charts.
    let mut runs: Vec<(usize, usize, &Indicator)> = ds
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(k, i)| {
            let rs = by_indicator.get(i.id.as_str())?;
            let months = rs
                .iter()
                .map(|x| x.month)
                .collect::<BTreeSet<Month>>()
                .len();
            (months >= 2).then_some((months, k, i))
        })
        .collect();
    runs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, i) in runs.into_iter().take(charts::MAX_LOCALITY_LINES) {
        let rs = by_indicator
            .get(i.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        if let Some(c) =
            charts::indicator_line(ds, i, rs, std::slice::from_ref(&l.slug), None, None)
        {
            locality_charts.push(carry(&mut prepared, c));
        }
    }
    if let Some(r) = ds
        .reports
        .iter()
        .rev()
        .find(|r| r.report.locality == l.slug)
    {
        if let Some(c) = charts::status_by_group(ds, r) {
            locality_charts.push(carry(&mut prepared, c));
        }
        for c in charts::services_parts(r) {
            locality_charts.push(carry(&mut prepared, c));
        }
    }
    let plan = ds.plan_of.get(l.slug.as_str()).map(|p| {
        // Each row's units joined and its long cells marked here, once, not by filters in the template.
        let row = |i: &PlanItem| {
            let mut j = item_json(i, &p.plan, ds);
            let lead = i.lead.join("; ");
            let coordinating = i.coordinating.join("; ");
            let deadline_long = i.deadline.as_ref().is_some_and(|d| d.text().chars().count() > 32);
            if let Json::Object(o) = &mut j {
                o.insert("lead_long".into(), (lead.chars().count() > 40).into());
                o.insert("coordinating_long".into(), (coordinating.chars().count() > 40).into());
                o.insert("deadline_long".into(), deadline_long.into());
                o.insert("lead_text".into(), lead.into());
                o.insert("coordinating_text".into(), coordinating.into());
                // A part's reading is shown only when it says more than the text.
                if let Some(Json::Array(parts)) = o.get_mut("deadline").and_then(|d| d.get_mut("parts")) {
                    for part in parts.iter_mut() {
                        let says_more = match (part.get("text"), part.get("reading")) {
                            (Some(Json::String(t)), Some(Json::String(r))) => t.to_lowercase() != r.to_lowercase(),
                            _ => false,
                        };
                        if let Json::Object(po) = part {
                            po.insert("reading_differs".into(), says_more.into());
                        }
                    }
                }
            }
            j
        };
        let groups: Vec<Json> = if p.groups.is_empty() {
            vec![json!({ "number": null, "title": null, "items": p.items.iter().map(row).collect::<Vec<_>>() })]
        } else {
            p.groups
                .iter()
                .map(|g| json!({ "number": g.number, "title": g.title, "note": g.note, "items": p.items.iter().filter(|i| i.group.as_deref() == Some(g.number.as_str())).map(row).collect::<Vec<_>>() }))
                .collect()
        };
        json!({
            "title": p.plan.title,
            "kind": p.plan.kind,
            "period": p.plan.period,
            "stated_count": p.plan.stated_count,
            "count": p.items.len(),
            "note": p.plan.note,
            "cite": cite(&p.plan.cite, ds),
            "conflicts": conflicts(&p.plan.conflicts, ds),
            "groups": groups,
            "csv": format!("du-lieu/ke-hoach-{}.csv", l.slug),
        })
    });
    let readings = locality_readings(ds, by_indicator.into_values().collect());
    let children: Vec<Json> = ds.children_of.get(l.slug.as_str()).map_or(&[][..], Vec::as_slice).iter().map(|c| json!({ "name": c.record.name, "kind": kind_label(c.record.kind), "url": url::locality(&c.slug) })).collect();
    let parent = l
        .record
        .parent
        .as_ref()
        .map(|p| json!({ "name": loc_name(p), "url": url::locality(p) }));
    let reports: Vec<Json> = ds.reports.iter().filter(|r| r.report.locality == l.slug).map(|r| json!({ "label": format::month(r.report.month), "url": url::report(&r.report.month) })).collect();
    let successors: Vec<Json> = l
        .record
        .successors
        .iter()
        .map(|s| json!({ "name": loc_name(s), "url": url::locality(s) }))
        .collect();
    let context = object!({
        "locality": json!({
            "slug": l.slug, "name": l.record.name, "kind": kind_label(l.record.kind),
            "valid_from": l.record.valid_from.map(format::date), "valid_to": l.record.valid_to.map(format::date),
            "note": l.record.note, "cite": cite(&l.record.cite, ds),
        }),
        "parent": parent,
        "children": children,
        "successors": successors,
        "plan": plan,
        "readings": readings,
        "reading_count": own.len(),
        "charts": locality_charts,
        "reports": reports,
    });
    Made {
        context: std::borrow::Cow::Owned(context),
        charts: prepared,
    }
}

/// The figures of a month as reported (without the values derived for the month before).
fn month_reported<'r, 'a>(ds: &'r Ix<'a>, month: Month) -> Vec<&'r Reading<'a>> {
    ds.of_month(month)
        .into_iter()
        .filter(|x| as_reported(x))
        .collect()
}

/// Whether a reading is a month's own figure, not one derived for the month before.
fn as_reported(x: &Reading) -> bool {
    x.kind != "derived"
}

/// The Atom feed: one entry per final monthly report, newest first.
///
/// An entry is dated by its content page's `date`, or else by the last day of
/// its month (the data holds no publication time), at midnight in Vietnam; it
/// is updated on the date of the latest correction of one of its figures.
fn feed(ds: &Dataset, config: &SiteConfig) -> String {
    let entries: Vec<crate::feed::Entry> = ds
        .reports
        .iter()
        .rev()
        .filter(|r| r.report.status == crate::schema::ReportStatus::Final)
        .map(|r| {
            let month = r.report.month;
            let page = ds
                .pages
                .iter()
                .find(|p| p.path == format!("reports/{month}.md"));
            let date = page
                .and_then(|p| p.front.date)
                .unwrap_or_else(|| month.last_day());
            let when = format!("{date}T00:00:00+07:00");
            // A correction of one of the month's figures updates its entry.
            let corrected = ds
                .corrections
                .iter()
                .filter(|k| k.month == month)
                .map(|k| k.date)
                .max()
                .filter(|d| *d > date);
            let updated = corrected.map_or_else(|| when.clone(), |d| format!("{d}T00:00:00+07:00"));
            crate::feed::Entry {
                path: url::report(&month),
                title: page.map_or_else(
                    || format!("Báo cáo {}", format::month(month)),
                    |p| p.front.title.clone(),
                ),
                summary: page
                    .and_then(|p| p.front.description.clone())
                    .unwrap_or_else(|| r.report.title.clone()),
                updated,
                published: when,
            }
        })
        .collect();
    let year = ds.reports.first().map_or(2024, |r| r.report.month.year);
    crate::feed::atom(config, &url::feed(), &entries, year)
}

/// URL of a content page: `about.md` → `about/`, `_index.md` → the home page.
pub fn content_url(path: &str) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    match stem {
        "_index" | "index" => String::new(),
        s => format!(
            "{}/",
            s.strip_suffix("/_index")
                .or_else(|| s.strip_suffix("/index"))
                .unwrap_or(s)
        ),
    }
}

fn status_counts(statuses: &[ModelStatus]) -> Json {
    Json::Array(
        Status::ALL
            .iter()
            .map(|s| (s, statuses.iter().filter(|x| x.status == *s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| json!({ "status": status_json(*s), "count": n }))
            .collect(),
    )
}

fn home_context(ds: &Ix, charts: &mut charts::Charts) -> Json {
    let Some(latest) = ds.reports.last() else {
        return json!({ "headline": [], "status_counts": [] });
    };
    let month = latest.report.month;
    // Headline figures: the province's reported counts that state a change on the previous month.
    let headline: Vec<Json> = ds
        .of_month(month)
        .into_iter()
        .filter(|x| {
            x.month == month
                && x.locality == latest.report.locality
                && x.kind == "reported"
                && x.source.record.delta.is_some()
        })
        .map(|x| {
            let mut j = reading_json(x, ds);
            let ind = x.source.record.indicator.as_str();
            let mine: Vec<&Reading> = ds
                .of_indicator(ind)
                .into_iter()
                .filter(|r| r.locality == x.locality)
                .collect();
            if let Some(c) = ds
                .indicator_by_id
                .get(ind)
                .and_then(|i| charts::sparkline(ds, i, &mine, x.locality))
            {
                j["sparkline"] = charts.add(c);
            }
            j
        })
        .collect();
    let status_chart = charts::status_by_group(ds, latest).map(|c| charts.add(c));
    let by_group: Vec<Json> = ds
        .groups
        .iter()
        .map(|g| {
            let in_group: Vec<ModelStatus> = latest.statuses.iter().filter(|s| ds.models.iter().any(|m| m.number == s.model && m.group.as_deref() == Some(g.id.as_str()))).cloned().collect();
            json!({ "id": g.id, "name": g.name, "counts": status_counts(&in_group), "total": in_group.len() })
        })
        .collect();
    json!({
        "month_label": format::month(month),
        "report_url": url::report(&month),
        "headline": headline,
        "status_counts": status_counts(&latest.statuses),
        "status_by_group": by_group,
        "status_chart": status_chart,
        "model_count": ds.models.len(),
        "reported_models": latest.statuses.len(),
        "plan_count": ds.plans.len(),
        "locality_count": ds.localities.len(),
    })
}

fn deadlines(ds: &Ix, as_of: Option<Month>) -> (Vec<Json>, Vec<Json>) {
    let Some(as_of) = as_of else {
        return (Vec::new(), Vec::new());
    };
    let end = as_of.last_day();
    let horizon = as_of.plus(3).last_day();
    let mut passed = Vec::new();
    let mut upcoming = Vec::new();
    for p in &ds.plans {
        for item in &p.items {
            let Some(due) = item.deadline.as_ref().and_then(|d| d.due()) else {
                continue;
            };
            let mut j = item_json(item, &p.plan, ds);
            let status = item.model.and_then(|n| {
                ds.reports.iter().rev().find_map(|r| {
                    r.statuses
                        .iter()
                        .find(|s| s.model == n)
                        .map(|s| (r.report.month, s.status))
                })
            });
            j["reached"] = status.map_or(
                Json::Null,
                |(m, s)| json!({ "status": status_json(s), "month": format::month(m) }),
            );
            j["due_sort"] = json!(due.to_string());
            if due <= end {
                passed.push(j);
            } else if due <= horizon {
                upcoming.push(j);
            }
        }
    }
    let key = |j: &Json| {
        (
            j["due_sort"].as_str().unwrap_or("").to_string(),
            j["locality"].as_str().unwrap_or("").to_string(),
            j["number"].as_str().unwrap_or("").to_string(),
        )
    };
    passed.sort_by_key(key);
    upcoming.sort_by_key(key);
    (passed, upcoming)
}

/// One CSV field, quoted, with spreadsheet formula triggers neutralised.
pub fn csv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_csv_field(&mut out, s);
    out
}

/// [`csv_field`], written onto the end of `out` (a national portal's CSV files have millions of fields).
fn push_csv_field(out: &mut String, s: &str) {
    out.push('"');
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        out.push('\'');
    }
    if s.contains('"') {
        out.push_str(&s.replace('"', "\"\""));
    } else {
        out.push_str(s);
    }
    out.push('"');
}

fn csv<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_csv(&mut out, header, rows);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a CSV file line by line: a national portal's large files are never held whole.
fn write_csv<R, F>(
    w: &mut dyn std::io::Write,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> std::io::Result<()>
where
    R: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut line = String::new();
    let mut put = |w: &mut dyn std::io::Write, fields: &mut dyn Iterator<Item = &str>| {
        line.clear();
        for (i, f) in fields.enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_csv_field(&mut line, f);
        }
        line.push_str("\r\n");
        w.write_all(line.as_bytes())
    };
    put(w, &mut header.iter().copied())?;
    for r in rows {
        let fields: Vec<F> = r.into_iter().collect();
        put(w, &mut fields.iter().map(AsRef::as_ref))?;
    }
    Ok(())
}

fn opt(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

fn num(x: Option<f64>) -> String {
    x.map(|x| format!("{x}")).unwrap_or_default()
}

/// A CSV file of the readings of `list` that `keep` keeps (positions in [`Readings`], in the file's order),
/// made of parts: the header, then runs of rows, a run ending where a locality
/// begins whose slug hashes to a multiple of `every`. A figure corrected makes
/// one part again (tens of megabytes are a few hundred kilobytes), and a row
/// added or removed moves no cut but its own.
fn readings_csv<'a>(
    ds: &'a Ix<'a>,
    common: &str,
    list: Option<&'a Vec<u32>>,
    keep: fn(&Reading) -> bool,
) -> Content<'a> {
    let whole = ds.fingerprint_of(common, &[list], keep);
    let common = common.to_string();
    Content::parted(whole, move || {
        let rows: std::sync::Arc<Vec<u32>> = list
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&i| keep(ds.readings.get(i)))
            .collect::<Vec<u32>>()
            .into();
        let locality = |i: u32| ds.readings.get(i).locality;
        let new_locality = |k: usize| k == 0 || locality(rows[k]) != locality(rows[k - 1]);
        // A few hundred parts a file, however long (the largest is a few times the mean).
        let runs = (0..rows.len()).filter(|&k| new_locality(k)).count();
        let every = (runs / 256).max(1).next_power_of_two() as u64;
        let mut cuts: Vec<usize> = (1..rows.len())
            .filter(|&k| {
                new_locality(k)
                    && xxhash_rust::xxh3::xxh3_64(locality(rows[k]).as_bytes())
                        .is_multiple_of(every)
            })
            .collect();
        cuts.insert(0, 0);
        cuts.push(rows.len());
        let mut parts = vec![Part::fresh(|w| {
            write_readings_header(w);
            Ok(())
        })];
        for run in cuts.windows(2).filter(|c| c[0] < c[1]) {
            let range = run[0]..run[1];
            let mut h = crate::incremental::Hasher::new();
            h.add(common.as_bytes()).add(b"readings csv");
            for &i in &rows[range.clone()] {
                h.add_u128(ds.reading_fps[i as usize]);
            }
            let rows = rows.clone();
            parts.push(Part::of(h.finish(), move |w| {
                let list = rows[range.clone()].iter().map(|&i| ds.readings.get(i));
                write_reading_rows(w, list, ds);
                Ok(())
            }));
        }
        parts
    })
}

/// The header line of a readings CSV.
fn write_readings_header(w: &mut Vec<u8>) {
    const HEADER: [&str; 13] = [
        "indicator",
        "indicator_name",
        "locality",
        "month",
        "kind",
        "value",
        "stated_rate",
        "delta",
        "delta_on",
        "period",
        "as_written",
        "source",
        "at",
    ];
    let mut line = String::new();
    for h in HEADER {
        if !line.is_empty() {
            line.push(',');
        }
        push_csv_field(&mut line, h);
    }
    line.push_str("\r\n");
    w.extend_from_slice(line.as_bytes());
}

/// The lines of a readings CSV, one per reading.
fn write_reading_rows<'r, 'a: 'r>(
    w: &mut Vec<u8>,
    list: impl Iterator<Item = &'r Reading<'a>>,
    ds: &Ix,
) {
    use std::fmt::Write as _;
    // Each line made in one buffer, numbers and months formatted into another: these files
    // have a row per reading (tens of thousands), and a String per field was most of their cost.
    let mut line = String::new();
    let mut scratch = String::new();
    let field = |line: &mut String, s: &str| {
        if !line.is_empty() {
            line.push(',');
        }
        push_csv_field(line, s);
    };
    for x in list {
        let v = &x.source.record;
        let name = ds
            .indicator_by_id
            .get(v.indicator.as_str())
            .map_or("", |i| i.name.as_str());
        line.clear();
        let mut formatted = |line: &mut String, f: &dyn Fn(&mut String) -> std::fmt::Result| {
            scratch.clear();
            let _ = f(&mut scratch);
            field(line, &scratch);
        };
        let num = |x: Option<f64>| move |s: &mut String| x.map_or(Ok(()), |x| write!(s, "{x}"));
        field(&mut line, &v.indicator);
        field(&mut line, name);
        field(&mut line, x.locality);
        formatted(&mut line, &|s| write!(s, "{}", x.month));
        field(&mut line, x.kind);
        formatted(&mut line, &num(x.number));
        formatted(&mut line, &num(x.stated));
        let delta = v.delta.as_ref().filter(|_| x.kind != "derived");
        formatted(&mut line, &num(delta.map(|d| d.by)));
        let on = v.delta.as_ref().and_then(|d| d.on);
        formatted(&mut line, &|s| on.map_or(Ok(()), |m| write!(s, "{m}")));
        field(&mut line, v.period.as_deref().unwrap_or(""));
        field(&mut line, v.as_written.as_deref().unwrap_or(""));
        field(&mut line, &v.cite.source);
        field(&mut line, &v.cite.at);
        line.push_str("\r\n");
        w.extend_from_slice(line.as_bytes());
    }
}

fn services_csv(rows: &[&Service]) -> String {
    let mut out = Vec::new();
    for s in rows {
        let line = |name: &str, f: &ServiceFigures, diff: &Option<String>| {
            let rate = match (f.total, f.online) {
                (Some(t), Some(o)) if t > 0 => format!("{:.4}", o as f64 * 100.0 / t as f64),
                _ => String::new(),
            };
            let n = |x: Option<i64>| x.map(|x| x.to_string()).unwrap_or_default();
            vec![
                s.appendix.clone(),
                opt(&s.group),
                s.number.clone(),
                name.to_string(),
                opt(&s.connection),
                n(f.total),
                n(f.online),
                rate,
                num(f.stated_rate),
                n(f.on_time),
                n(f.overdue),
                f.none_this_month.to_string(),
                opt(diff),
                s.cite.at.clone(),
            ]
        };
        if s.rows.is_empty() {
            out.push(line(&s.name, &s.figures(), &s.difficulties));
        }
        for r in &s.rows {
            out.push(line(
                &format!("{} — {}", s.name, r.name),
                &r.figures(),
                &r.difficulties,
            ));
        }
    }
    csv(
        &[
            "appendix",
            "group",
            "number",
            "service",
            "connection",
            "total",
            "online",
            "online_rate_computed",
            "online_rate_stated",
            "on_time",
            "overdue",
            "none_this_month",
            "difficulties",
            "at",
        ],
        out,
    )
}

fn plan_csv(p: &crate::validate::PlanEntry) -> String {
    csv(
        &[
            "number",
            "group",
            "model",
            "title",
            "lead",
            "coordinating",
            "support",
            "implementers",
            "deadline_as_written",
            "deadline_due",
            "platforms",
            "source",
            "at",
        ],
        p.items.iter().map(|i| {
            vec![
                i.number.clone(),
                opt(&i.group),
                i.model.map(|m| m.to_string()).unwrap_or_default(),
                i.title.clone(),
                i.lead.join("; "),
                i.coordinating.join("; "),
                i.support.join("; "),
                i.implementers.join("; "),
                i.deadline.as_ref().map(|d| d.text()).unwrap_or_default(),
                i.deadline
                    .as_ref()
                    .and_then(|d| d.due())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                i.platforms.join("; "),
                i.cite.source.clone(),
                i.cite.at.clone(),
            ]
        }),
    )
}

fn models_csv(ds: &Ix) -> String {
    csv(
        &[
            "number",
            "group",
            "title",
            "latest_month",
            "latest_status",
            "assessment",
            "adopted_by",
        ],
        ds.models.iter().map(|m| {
            let st = ds.reports.iter().rev().find_map(|r| {
                r.statuses
                    .iter()
                    .find(|s| s.model == m.number)
                    .map(|s| (r.report.month, s))
            });
            let adopters: Vec<String> = ds
                .plans
                .iter()
                .filter(|p| p.items.iter().any(|i| i.model == Some(m.number)))
                .map(|p| p.plan.locality.clone())
                .collect();
            vec![
                m.number.to_string(),
                opt(&m.group),
                opt(&m.title),
                st.map(|(mo, _)| mo.to_string()).unwrap_or_default(),
                st.map(|(_, s)| s.status.code().to_string())
                    .unwrap_or_default(),
                st.and_then(|(_, s)| s.assessment.clone())
                    .unwrap_or_default(),
                adopters.join("; "),
            ]
        }),
    )
}

fn deadlines_csv(passed: &[Json], upcoming: &[Json]) -> String {
    let row = |j: &Json, which: &str| {
        let s = |v: &Json| v.as_str().unwrap_or("").to_string();
        vec![
            which.to_string(),
            s(&j["locality"]),
            s(&j["number"]),
            s(&j["title"]),
            s(&j["deadline"]["text"]),
            s(&j["due_sort"]),
            s(&j["reached"]["status"]["code"]),
        ]
    };
    csv(
        &[
            "which",
            "locality",
            "number",
            "title",
            "deadline_as_written",
            "due",
            "model_status",
        ],
        passed
            .iter()
            .map(|j| row(j, "passed"))
            .chain(upcoming.iter().map(|j| row(j, "upcoming"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_order_as_in_the_document() {
        let mut at = vec![
            "Phụ lục IV, 10",
            "Mục II.10",
            "Phụ lục IV, 2",
            "Mục IX.1",
            "Mục II.2",
            "Mục X",
            "Mục II.4.1",
            "Mục I.5",
        ];
        at.sort_by_key(|a| section_key(a));
        assert_eq!(
            at,
            [
                "Mục I.5",
                "Mục II.2",
                "Mục II.4.1",
                "Mục II.10",
                "Mục IX.1",
                "Mục X",
                "Phụ lục IV, 2",
                "Phụ lục IV, 10"
            ]
        );
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_field("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
        assert_eq!(csv_field("-12"), "\"-12\"");
        assert_eq!(csv_field("a \"b\""), "\"a \"\"b\"\"\"");
    }

    #[test]
    fn content_urls_are_pretty() {
        assert_eq!(content_url("gioi-thieu.md"), "gioi-thieu/");
        assert_eq!(content_url("_index.md"), "");
        assert_eq!(content_url("huong-dan/_index.md"), "huong-dan/");
    }
}
