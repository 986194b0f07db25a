//! Which charts the pages carry, and their figures: every [`ChartSpec`] is
//! computed here from the readings and reports; render only draws them.

use super::views::{ChartRef, ChartRow};
use crate::chart::{ChartSpec, Kind, Point, PointKind, Series};
use crate::common::calendar::Month;
use crate::common::format;
use crate::model::dataset::MonthReport;
use crate::model::index::{Ix, locality_name};
use crate::model::readings::Reading;
use crate::model::records::{Indicator, Unit};
use crate::model::scope::{Key, Scope};
use crate::output::content::{Content, DataFile, Part};
use crate::output::csv::csv;
use std::collections::{BTreeMap, BTreeSet};

mod files;
mod services;

pub use files::*;
pub use services::*;

/// Most lines a monthly chart draws; beyond that a ranking says more than a tangle.
pub const MAX_LINES: usize = 6;

/// Most monthly charts on a locality page.
pub const MAX_LOCALITY_LINES: usize = 12;

/// Every distinct chart of the site by key, with the path of its CSV.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    /// Key → (spec, CSV path).
    pub specs: BTreeMap<String, (ChartSpec, String)>,
}

impl Charts {
    /// Adds a chart of the page at `page` (once, however many times the page shows it)
    /// and returns what a template needs to show it.
    pub fn add(&mut self, page: &str, mut spec: ChartSpec) -> ChartRef {
        spec.page = page.to_string();
        let (key, chart, entry) = Charts::prepare(spec);
        self.specs.entry(key).or_insert(entry);
        chart
    }

    /// What [`Charts::add`] does, without adding, for a spec whose page is set: a page whose
    /// context is made when it is rendered carries its charts itself (see [`super::Made`]).
    pub fn prepare(spec: ChartSpec) -> (String, ChartRef, (ChartSpec, String)) {
        let key = spec.key();
        let csv_path = crate::paths::chart_file(&spec.page, &spec.slug, "csv");
        let chart = chart_ref(&key, &spec, &csv_path);
        (key, chart, (spec, csv_path))
    }

    /// The files of every chart: its CSV, and its drawings, made when written (and only
    /// when the chart changed: they are fingerprinted by its key).
    pub fn files(&self) -> Vec<DataFile<'static>> {
        let mut out = Vec::new();
        for (key, (spec, csv)) in &self.specs {
            for path in chart_files(spec, csv) {
                let content = if path == *csv {
                    chart_csv(spec).into()
                } else {
                    drawing(key, spec.clone(), path.clone())
                };
                out.push(DataFile { path, content });
            }
        }
        out
    }
}

/// A chart's SVG or PNG at `path`, made when written.
fn drawing(key: &str, spec: ChartSpec, path: String) -> Content<'static> {
    let mut h = crate::common::fingerprint::Hasher::new();
    h.add(crate::common::fingerprint::program_fingerprint().as_bytes())
        .add(key.as_bytes())
        .add(path.as_bytes());
    let spec = std::sync::Arc::new(spec);
    Content::parted(h.finish(), move || {
        let (spec, path) = (spec.clone(), path.clone());
        vec![Part::fresh(move |buf| {
            let bytes = ChartFileMaker::default()
                .bytes(&spec, &path)
                .map_err(std::io::Error::other)?;
            buf.extend_from_slice(&bytes);
            Ok(())
        })]
    })
}

/// Where a chart's SVG goes in a page until the page is minified: an element
/// that no data string can produce (text is escaped) and that the minifier keeps.
pub const SVG_OPEN: &str = "<minhbach-svg>";
/// The end of a chart's SVG slot (see [`SVG_OPEN`]).
pub const SVG_CLOSE: &str = "</minhbach-svg>";

/// The slot of a chart's SVG, filled in by render after minifying.
pub fn svg_slot(key: &str) -> String {
    format!("{SVG_OPEN}{key}{SVG_CLOSE}")
}

/// A chart as templates see it, with its SVG slot.
pub fn chart_ref(key: &str, spec: &ChartSpec, csv_path: &str) -> ChartRef {
    let rows = spec
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| ChartRow {
            label: c.clone(),
            cells: spec
                .series
                .iter()
                .map(|s| s.points.get(i).map(cell_text).unwrap_or_default())
                .collect(),
        })
        .collect();
    ChartRef {
        chart_key: key.to_string(),
        kind: spec.kind,
        title: spec.title.clone(),
        description: spec.description.clone(),
        csv: csv_path.to_string(),
        columns: spec.series.iter().map(|s| s.name.clone()).collect(),
        rows,
        derived: spec.has_derived(),
        svg: svg_slot(key),
        url: crate::paths::chart(&spec.page, &spec.slug),
    }
}

fn cell_text(p: &Point) -> String {
    match p.kind {
        PointKind::Derived => format!("{} (tính từ mức tăng đã nêu)", p.text),
        PointKind::Missing => "—".into(),
        _ => p.text.clone(),
    }
}

/// The CSV file of a chart: its figures as drawn.
pub fn chart_csv(spec: &ChartSpec) -> String {
    let mut rows = Vec::new();
    for s in &spec.series {
        for (c, p) in spec.categories.iter().zip(&s.points) {
            let kind = match p.kind {
                PointKind::Reported => "reported",
                PointKind::Derived => "derived",
                PointKind::LowerBound => "lower_bound",
                PointKind::Range => "range",
                PointKind::NoneThisMonth => "none",
                PointKind::Missing => "missing",
            };
            let num = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
            // A range's bounds have columns of their own: `value` is never one of them.
            let (value, from, to) = match p.kind {
                PointKind::Range => (String::new(), num(p.value), num(p.upper)),
                _ => (num(p.value), String::new(), String::new()),
            };
            rows.push(vec![
                c.clone(),
                s.name.clone(),
                kind.to_string(),
                value,
                from,
                to,
                p.text.clone(),
            ]);
        }
    }
    csv(
        &[
            "category",
            "series",
            "kind",
            "value",
            "range_from",
            "range_to",
            "text",
        ],
        rows,
    )
}

fn point_of(x: &Reading, ds: &Ix) -> Point {
    let kind = match x.kind {
        "derived" => PointKind::Derived,
        "lower_bound" => PointKind::LowerBound,
        "range" => PointKind::Range,
        "none" => PointKind::NoneThisMonth,
        _ if x.number.is_none() => PointKind::Missing,
        _ => PointKind::Reported,
    };
    let bounds = x.bounds();
    Point {
        kind,
        value: bounds.map(|b| b.0).or(x.number),
        upper: bounds.map(|b| b.1),
        text: x.text(ds),
    }
}

/// The ids of the sources of `readings`, each once, in the order met.
fn sources_of<'r>(readings: impl Iterator<Item = &'r Reading<'r>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in readings {
        let id = &x.source.record.cite.source;
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

fn months(from: Month, to: Month) -> Vec<Month> {
    let mut out = vec![from];
    let mut m = from;
    while m < to && out.len() < 1200 {
        m = m.next();
        out.push(m);
    }
    out
}

/// Monthly line of an indicator, one line per locality; `None` when it has no readings in range.
pub fn indicator_line(
    ds: &Ix,
    ind: &Indicator,
    mine: &[&Reading],
    localities: &[String],
    from: Option<Month>,
    to: Option<Month>,
) -> Option<ChartSpec> {
    let in_range = |m: Month| from.is_none_or(|f| m >= f) && to.is_none_or(|t| m <= t);
    let rs: Vec<&&Reading> = mine
        .iter()
        .filter(|x| in_range(x.month))
        .filter(|x| localities.is_empty() || localities.iter().any(|l| l == x.locality))
        .collect();
    let first = from.or_else(|| rs.iter().map(|x| x.month).min())?;
    let last = to.or_else(|| rs.iter().map(|x| x.month).max())?;
    let axis = months(first, last);
    let slugs: Vec<String> = if localities.is_empty() {
        rs.iter()
            .map(|x| x.locality.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    } else {
        localities.to_vec()
    };
    let series: Vec<Series> = slugs
        .iter()
        .map(|slug| Series {
            name: locality_name(ds, slug),
            points: axis
                .iter()
                .map(|m| {
                    rs.iter()
                        .filter(|x| x.locality == slug && x.month == *m)
                        // A reported figure wins over one derived for the same month.
                        .min_by_key(|x| x.kind == "derived")
                        .map_or_else(Point::missing, |x| point_of(x, ds))
                })
                .collect(),
        })
        .collect();
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let mut desc = format!(
        "Biểu đồ đường: {} của {}, {} đến {}.",
        ind.name,
        names.join(", "),
        format::month(first),
        format::month(last)
    );
    for s in &series {
        let known: Vec<String> = axis
            .iter()
            .zip(&s.points)
            .filter(|(_, p)| p.kind != PointKind::Missing)
            .map(|(m, p)| {
                let extra = match p.kind {
                    PointKind::Derived => " (tính từ mức tăng đã nêu)",
                    _ => "",
                };
                format!("{}: {}{extra}", format::month(*m), p.text)
            })
            .collect();
        if !known.is_empty() {
            let who = if series.len() > 1 {
                format!("{}: ", s.name)
            } else {
                String::new()
            };
            desc.push_str(&format!(" {who}{}.", known.join("; ")));
        }
    }
    let mut slug = format!("duong-{}", ind.id);
    for l in localities {
        slug.push_str(&format!("-{l}"));
    }
    if let Some(f) = from {
        slug.push_str(&format!("-tu-{f}"));
    }
    if let Some(t) = to {
        slug.push_str(&format!("-den-{t}"));
    }
    Some(ChartSpec {
        slug,
        page: String::new(),
        png: true,
        sources: sources_of(rs.iter().map(|x| &***x)),
        as_of: format::month(last),
        kind: Kind::Line,
        title: if series.len() == 1 {
            format!("{} — {}", ind.name, names[0])
        } else {
            ind.name.clone()
        },
        description: desc,
        percent: ind.unit == Unit::Percent || ind.numerator.is_some(),
        categories: axis.iter().map(|m| format::month_short(*m)).collect(),
        series,
    })
}

/// Localities ranked on an indicator in one month; `None` unless at least two have a value.
pub fn indicator_ranking(
    ds: &Ix,
    ind: &Indicator,
    mine: &[&Reading],
    month: Month,
    localities: &[String],
) -> Option<ChartSpec> {
    let mut rows: Vec<(&&Reading, String)> = mine
        .iter()
        .filter(|x| x.month == month && x.kind != "derived" && x.number.is_some())
        .filter(|x| localities.is_empty() || localities.iter().any(|l| l == x.locality))
        .map(|x| (x, locality_name(ds, x.locality)))
        .collect();
    if rows.len() < 2 {
        return None;
    }
    rows.sort_by(|a, b| {
        b.0.number
            .unwrap_or(0.0)
            .total_cmp(&a.0.number.unwrap_or(0.0))
            .then(a.1.cmp(&b.1))
    });
    let top = &rows[0];
    Some(ChartSpec {
        slug: format!("xep-hang-{}", ind.id),
        page: String::new(),
        png: true,
        sources: sources_of(rows.iter().map(|r| &**r.0)),
        as_of: format::month(month),
        kind: Kind::Ranking,
        title: format!("{} — {}", ind.name, format::month(month)),
        description: format!(
            "Biểu đồ cột xếp hạng {} địa phương theo {}, {}. Cao nhất: {} ({}).",
            rows.len(),
            ind.name,
            format::month(month),
            top.1,
            top.0.text(ds)
        ),
        percent: ind.unit == Unit::Percent || ind.numerator.is_some(),
        categories: rows.iter().map(|r| r.1.clone()).collect(),
        series: vec![Series {
            name: ind.name.clone(),
            points: rows.iter().map(|r| point_of(r.0, ds)).collect(),
        }],
    })
}

/// A rate as its parts: the numerator and the rest of the denominator, per locality, in one month.
pub fn rate_parts(ds: &Scope, ind: &Indicator, report: &MonthReport) -> Option<ChartSpec> {
    let num = ds
        .indicators
        .iter()
        .find(|i| Some(&i.id) == ind.numerator.as_ref())?;
    let den = ds
        .indicators
        .iter()
        .find(|i| Some(&i.id) == ind.denominator.as_ref())?;
    let mut cats = Vec::new();
    let (mut part, mut rest) = (Vec::new(), Vec::new());
    // The top-level localities only (the province; the provinces of a national portal):
    // a bar per commune would be unreadable, and the parts are looked up once, not scanned for.
    let top_level = |loc: &str| {
        ds.locality_by_slug
            .get(loc)
            .is_none_or(|l| l.record.parent.is_none())
    };
    // Per locality, the first figure of the numerator and of the denominator
    // (outer `None`: none met yet; inner: the figure's value, if it has one).
    type Firsts = (Option<Option<f64>>, Option<Option<f64>>);
    let mut parts: BTreeMap<&str, Firsts> = BTreeMap::new();
    // The report's raw figures of the parts, which the readings of the parts are made
    // from: the page showing this chart declares those (see `crate::model::scope`).
    ds.require(Key::Indicator(&num.id));
    ds.require(Key::Indicator(&den.id));
    for f in report.values.iter().filter(|f| top_level(f.locality())) {
        let entry = parts.entry(f.locality()).or_default();
        // The first figure of each part counts, as in `validate::computed_rate`.
        if f.record.indicator == num.id && entry.0.is_none() {
            entry.0 = Some(f.record.value);
        } else if f.record.indicator == den.id && entry.1.is_none() {
            entry.1 = Some(f.record.value);
        }
    }
    for (loc, p) in parts {
        let n = p.0.flatten();
        let d = p.1.flatten();
        if let (Some(n), Some(d)) = (n, d)
            && d > 0.0
        {
            cats.push(locality_name(ds, loc));
            part.push(Point {
                kind: PointKind::Reported,
                value: Some(n),
                upper: None,
                text: format::number(n),
            });
            rest.push(Point {
                kind: PointKind::Reported,
                value: Some((d - n).max(0.0)),
                upper: None,
                text: format::number((d - n).max(0.0)),
            });
        }
    }
    if cats.is_empty() {
        return None;
    }
    let month = report.report.month;
    Some(ChartSpec {
        slug: format!("co-cau-{}", ind.id),
        page: String::new(),
        png: true,
        sources: vec![report.report.source.clone()],
        as_of: format::month(month),
        kind: Kind::PartOfWhole,
        title: format!("{} — {}", ind.name, format::month(month)),
        description: format!(
            "Biểu đồ thanh tỷ lệ: trong tổng {} ({}), phần {} và phần còn lại, {}.",
            den.name.to_lowercase(),
            cats.join(", "),
            num.name.to_lowercase(),
            format::month(month)
        ),
        percent: false,
        categories: cats,
        series: vec![
            Series {
                name: "Có".into(),
                points: part,
            },
            Series {
                name: "Chưa".into(),
                points: rest,
            },
        ],
    })
}

/// A sparkline of a headline figure over the months it has values.
pub fn sparkline(ds: &Ix, ind: &Indicator, mine: &[&Reading], locality: &str) -> Option<ChartSpec> {
    let mut line = indicator_line(ds, ind, mine, &[locality.to_string()], None, None)?;
    if line.categories.len() < 2 {
        return None;
    }
    line.kind = Kind::Sparkline;
    line.slug = format!("duong-nho-{}-{locality}", ind.id);
    // A headline's decoration: no one shares its image.
    line.png = false;
    Some(line)
}

/// The chart a well-formed shortcode asks for, if the data has one.
fn requested_chart(ds: &Scope, req: &crate::chart::shortcode::ChartRequest) -> Option<ChartSpec> {
    let ind = ds.indicators.iter().find(|i| i.id == req.indicator.0)?;
    let mine: Vec<&Reading> = ds.of_indicator(&ind.id);
    let slugs: Vec<String> = req.localities.iter().map(|l| l.0.clone()).collect();
    if req.bars {
        let month = req.to.or_else(|| {
            mine.iter()
                .filter(|x| x.kind != "derived")
                .map(|x| x.month)
                .max()
        })?;
        let mut spec = indicator_ranking(ds, ind, &mine, month, &slugs)?;
        // The latest month's ranking keeps its name; one of a month named in the shortcode says it.
        for l in &slugs {
            spec.slug.push_str(&format!("-{l}"));
        }
        if let Some(to) = req.to {
            spec.slug.push_str(&format!("-{to}"));
        }
        Some(spec)
    } else {
        indicator_line(ds, ind, &mine, &slugs, req.from, req.to)
    }
}

/// Replaces each `{{ chart(...) }}` of a Markdown text by a placeholder paragraph that render fills
/// with the drawn chart. Validation has already rejected malformed shortcodes.
pub fn expand_shortcodes<'b>(
    body: &'b str,
    ds: &Ix,
    charts: &mut Charts,
    page: &str,
) -> std::borrow::Cow<'b, str> {
    let found = crate::chart::shortcode::find(body);
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(body);
    }
    // Expanded with the page graph: a chart's key, in its placeholder, fingerprints what it draws.
    let ds = &ds.everything();
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for sc in found.into_iter().flatten() {
        let Ok(req) = crate::chart::shortcode::chart_request(&sc) else {
            continue;
        };
        out.push_str(&body[last..sc.range.start]);
        out.push_str("\n\n");
        match requested_chart(ds, &req) {
            Some(spec) => {
                let chart = charts.add(page, spec);
                out.push_str(&crate::chart::placeholder(&chart.chart_key));
            }
            None => out.push_str("*(Chưa có số liệu cho biểu đồ này.)*"),
        }
        out.push_str("\n\n");
        last = sc.range.end;
    }
    out.push_str(&body[last..]);
    std::borrow::Cow::Owned(out)
}

/// How many steps a locality is below the top of the tree (the province is 0, its districts 1).
pub(crate) fn depth(ds: &Ix, slug: &str) -> usize {
    let mut d = 0;
    let mut cur = ds
        .locality_by_slug
        .get(slug)
        .and_then(|l| l.record.parent.as_deref());
    while let Some(p) = cur {
        d += 1;
        if d > 16 {
            break;
        }
        cur = ds
            .locality_by_slug
            .get(p)
            .and_then(|l| l.record.parent.as_deref());
    }
    d
}

/// The figures of one month to rank: those of the highest level of the locality tree where at
/// least two localities have a value (the districts of a province, the provinces of a country).
pub fn ranking_level<'r, 'a>(
    ds: &Ix,
    mine: &[&'r Reading<'a>],
    month: Month,
) -> Vec<&'r Reading<'a>> {
    let mut by_depth: BTreeMap<usize, Vec<&'r Reading<'a>>> = BTreeMap::new();
    for x in mine
        .iter()
        .filter(|x| x.month == month && x.kind != "derived" && x.number.is_some())
    {
        by_depth.entry(depth(ds, x.locality)).or_default().push(x);
    }
    by_depth
        .into_values()
        .find(|v| v.len() >= 2)
        .unwrap_or_default()
}

/// Prepares a chart that the page being made carries itself (see [`super::Made::charts`]).
pub(crate) fn carry(
    prepared: &mut Vec<super::Prepared>,
    page: &str,
    mut spec: ChartSpec,
) -> ChartRef {
    spec.page = page.to_string();
    let (key, chart, entry) = Charts::prepare(spec);
    prepared.push((key, entry));
    chart
}
