//! Typed views: what each template receives, as `#[derive(Serialize)]`
//! structs (as Zola's `SerializingPage`), so that a theme author reads a page's
//! fields here rather than in the code that fills them.
//!
//! Every page also receives the [globals](pages::Globals) and the UI strings
//! as `t`. Each page kind's view is in [`pages`] and names its template; the
//! pieces several pages share are here: a cite, a status, a chart, a reading,
//! an indicator, a plan item, a model's status in a report and the services.
//!
//! A field whose value may be missing is `null` in the template unless its
//! doc says the key is absent.
//!
//! | Template | View |
//! |---|---|
//! | every template | [`Globals`](pages::Globals) (and `t`, the i18n file; `base`, the path of its language's tree; `root`, of the site's; `alternates`, a list of [`AlternateView`] in a site of several languages; `fallback_lang`, the language of a content page shown untranslated) |
//! | every template (`base.html`'s head) | `share`: a [`ShareView`](share::ShareView) |
//! | `index.html` | [`HomeView`](pages::HomeView) (with [`ContentView`](pages::ContentView) if `content/_index.md` exists) |
//! | `page.html` | [`ContentView`](pages::ContentView) |
//! | `404.html` | [`NotFoundView`](pages::NotFoundView) |
//! | `models.html` | [`ModelsView`](models::ModelsView) |
//! | `model.html` | [`ModelView`](models::ModelView) |
//! | `indicators.html` | [`IndicatorsView`](pages::IndicatorsView) |
//! | `indicator.html` | [`IndicatorPageView`](pages::IndicatorPageView) |
//! | `localities.html` | [`LocalitiesView`](pages::LocalitiesView) |
//! | `locality.html` | [`LocalityView`](pages::LocalityView) |
//! | `reports.html` | [`ReportsView`](pages::ReportsView) |
//! | `report.html` | [`ReportView`](pages::ReportView) |
//! | `corrections.html` | [`CorrectionsView`](pages::CorrectionsView) |
//! | `services.html` | [`ServicesView`](pages::ServicesView) |
//! | `deadlines.html` | [`DeadlinesView`](pages::DeadlinesView) |
//! | `sources.html` | [`SourcesView`](pages::SourcesView) |
//! | `data.html` | [`DataView`](pages::DataView) |
//! | `index_az.html` | [`IndexAzView`](index_az::IndexAzView) |
//! | `search.html` | [`SearchView`](search::SearchView) |
//! | `compare.html` | [`CompareView`](compare::CompareView) |
//! | `report_changes.html` (in `report.html`) | `changes`: [`ChangesView`](pages::ChangesView) |
//! | `services_table.html` (in `services.html`, `report.html`) | `services`: a list of [`AppendixView`] |
//! | `service_figures.html` | `f`: a [`FiguresView`] |
//! | `chart.html` (a chart placed by a shortcode), `macros.html`'s `chart` | a [`ChartRef`] |

pub mod charts;
pub mod compare;
pub mod index_az;
pub mod models;
pub mod pages;
mod plans;
pub mod search;
mod services;
pub mod share;

pub use plans::{DeadlinePartView, DeadlineView, PlanItemView};
pub(crate) use services::services;
pub use services::{AppendixView, FiguresView, ServiceGroupView, ServiceRowView, ServiceView};

use super::labels::Labels;
use crate::common::calendar::Month;
use crate::common::format;
use crate::model::index::{Ix, locality_name};
use crate::model::readings::Reading;
use crate::model::records::*;
use crate::model::translations::Subject;
use crate::paths as url;
use serde::Serialize;
use serde_json::Value as Json;

/// A page context as render takes it: the view made a JSON value.
pub(crate) fn context(view: impl Serialize) -> Json {
    // A view is plain data (strings, numbers, lists, maps with string keys): it always serializes.
    serde_json::to_value(view).unwrap_or(Json::Null)
}

/// A link to a page: its URL and what it is called.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// What the link says (a month, a locality's name).
    pub label: String,
    /// URL of the page, relative to the site root.
    pub url: String,
}

/// The same page in one of the site's languages (issue 28): for the language
/// switcher and the `hreflang` alternates; every page of a site in several
/// languages gets them as `alternates`, its own language among them.
#[derive(Debug, Clone, Serialize)]
pub struct AlternateView {
    /// The language's code (`vi`, `en`), for `hreflang` and `lang`.
    pub lang: String,
    /// The language's name in itself ("Tiếng Việt", "English"), from its i18n file.
    pub name: String,
    /// The page's path in that language, from the server's root (`/en/mo-hinh/1/`).
    pub url: String,
    /// The page's full URL with an absolute `base_url`, else the same as `url`.
    pub href: String,
    /// The page being shown is this one.
    pub current: bool,
}

/// An editor's (unofficial) translation of a data text (`field` of the record `id` of kind
/// `subject`) into the language of the page being made; none on the pages of the data's
/// own language (Vietnamese), or when no editor supplied one.
pub(crate) fn translation(
    ds: &Ix,
    subject: crate::model::translations::Subject,
    id: &str,
    field: &str,
) -> Option<String> {
    let locale = crate::common::format::locale();
    if locale == crate::common::format::Locale::Vi {
        return None;
    }
    ds.translations
        .get(locale.code(), subject, id, field)
        .map(str::to_string)
}

/// A link to a locality or another page named by `name`.
#[derive(Debug, Clone, Serialize)]
pub struct NamedLink {
    /// The page's name.
    pub name: String,
    /// URL of the page.
    pub url: String,
}

/// A cite as templates show it: a link to the source, with where in it.
#[derive(Debug, Clone, Serialize)]
pub struct CiteView<'a> {
    /// URL of the source on the sources page.
    pub url: String,
    /// Where in the source ("Mục II.3").
    pub at: &'a str,
    /// The source's id.
    pub source: &'a str,
    /// The source's title (its id if unknown).
    pub title: &'a str,
}

impl<'a> CiteView<'a> {
    /// The view of a cite.
    pub fn new(c: &'a Cite, ds: &'a Ix) -> CiteView<'a> {
        let title = ds
            .source_by_id
            .get(c.source.as_str())
            .map_or(c.source.as_str(), |s| s.title.as_str());
        CiteView {
            url: url::source(&c.source),
            at: &c.at,
            source: &c.source,
            title,
        }
    }
}

/// A value on which the documents disagree.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictView<'a> {
    /// The field in question (its label is `t.field_names[field]`).
    pub field: String,
    /// The other document's value as a reader sees it.
    pub value: String,
    /// The other document.
    pub cite: CiteView<'a>,
    /// An editor's note.
    pub note: Option<String>,
}

/// The conflicts of a record.
pub fn conflicts<'a>(list: &'a [Conflict], ds: &'a Ix) -> Vec<ConflictView<'a>> {
    list.iter()
        .map(|k| ConflictView {
            field: k.field.clone(),
            value: conflict_value(&k.value),
            cite: CiteView::new(&k.cite, ds),
            note: k.note.clone(),
        })
        .collect()
}

/// A conflicting value as a reader sees it: text as written, lists joined, numbers in Vietnamese form.
pub(crate) fn conflict_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => format::number(*n as f64),
        toml::Value::Float(x) => format::number(*x),
        toml::Value::Array(items) => items
            .iter()
            .map(conflict_value)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// A model's status: its code (for styling) and label.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// `completed`, `on_track`, … (a CSS class).
    pub code: &'static str,
    /// The label, from `t.labels.status`.
    pub label: String,
    /// The second state the same assessment gives, if any (a model's own status only;
    /// counts of statuses count the first).
    pub also: Option<SecondaryStatusView>,
}

/// The second state of a model's status.
#[derive(Debug, Clone, Serialize)]
pub struct SecondaryStatusView {
    /// Its code (a CSS class).
    pub code: &'static str,
    /// Its label.
    pub label: String,
}

impl Labels {
    /// A status as templates show it.
    pub fn status_view(&self, s: Status) -> StatusView {
        StatusView {
            code: s.code(),
            label: self.status(s).to_string(),
            also: None,
        }
    }

    /// A model's status as templates show it: the status and its second state, if any.
    pub fn model_status_view(&self, s: &ModelStatus) -> StatusView {
        StatusView {
            also: s.secondary_status.map(|x| SecondaryStatusView {
                code: x.code(),
                label: self.status(x).to_string(),
            }),
            ..self.status_view(s.status)
        }
    }
}

/// How many models have a status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// The status.
    pub status: StatusView,
    /// How many models have it.
    pub count: usize,
}

/// How many models have each status, for the statuses present.
pub fn status_counts(statuses: &[ModelStatus], l: &Labels) -> Vec<StatusCount> {
    Status::ALL
        .iter()
        .map(|s| (s, statuses.iter().filter(|x| x.status == *s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| StatusCount {
            status: l.status_view(*s),
            count: n,
        })
        .collect()
}

/// A row of a chart's table (the text alternative of its drawing).
#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    /// The category (a month, a locality).
    pub label: String,
    /// One cell per series.
    pub cells: Vec<String>,
}

/// A chart as templates see it: its figures, and `svg`, the slot render fills with its drawing.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    /// The chart's key (the hash of its spec).
    pub chart_key: String,
    /// `line`, `bar`, … (see [`crate::chart::Kind`]).
    pub kind: crate::chart::Kind,
    /// Its title.
    pub title: String,
    /// What it shows, in a sentence.
    pub description: String,
    /// URL of its CSV.
    pub csv: String,
    /// Its series' names.
    pub columns: Vec<String>,
    /// Its table, one row per category.
    pub rows: Vec<ChartRow>,
    /// Some of its points are derived from a stated change.
    pub derived: bool,
    /// Where its SVG goes (see [`super::charts::svg_slot`]); render puts the drawing there.
    pub svg: String,
    /// Its permalink: its place on the chart page of the page showing it.
    pub url: String,
}

impl ChartRef {
    /// Adds a chart of a ready page to the site's charts and its key to the
    /// charts the page shows (see [`super::PageSpec::charts`]).
    pub(crate) fn add(
        charts: &mut super::charts::Charts,
        shown: &mut Vec<String>,
        page: &str,
        spec: crate::chart::ChartSpec,
    ) -> ChartRef {
        let chart = charts.add(page, spec);
        shown.push(chart.chart_key.clone());
        chart
    }
}

/// Prepares a chart that the page being made carries itself (see [`super::Made::charts`]).
pub(crate) fn carry(
    prepared: &mut Vec<super::Prepared>,
    page: &str,
    spec: crate::chart::ChartSpec,
) -> ChartRef {
    super::charts::carry(prepared, page, spec)
}

/// A link to an indicator's page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLink {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// URL of its page.
    pub url: String,
}

impl IndicatorLink {
    /// The link to an indicator.
    pub fn new(i: &Indicator) -> IndicatorLink {
        IndicatorLink {
            id: i.id.clone(),
            name: i.name.clone(),
            url: url::indicator(&i.id),
        }
    }
}

/// An indicator as a reading names it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// URL of its page.
    pub url: String,
    /// What it counts ("hồ sơ"), if a count.
    pub counted: Option<String>,
}

/// The latest correction of a reported figure.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionRef {
    /// When it was corrected.
    pub date: String,
    /// The figure as first published.
    pub old: String,
    /// Its entry in the changelog.
    pub url: String,
}

/// A reading in full, as indicator, report and home pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingView<'a> {
    /// Its indicator.
    pub indicator: Option<IndicatorRef>,
    /// Its month, `YYYY-MM`.
    pub month: String,
    /// Its month as readers read it.
    pub month_label: String,
    /// Its locality's slug.
    pub locality: &'a str,
    /// Its locality's name.
    pub locality_name: String,
    /// `reported`, `rate` or `derived`.
    pub kind: &'static str,
    /// The figure as shown, with its unit.
    pub text: String,
    /// The figure as a number.
    pub number: Option<f64>,
    /// The rate printed in the document, if any.
    pub stated: Option<String>,
    /// The printed rate disagrees with the one computed from its parts.
    pub stated_differs: bool,
    /// The change on an earlier month the document states, signed.
    pub delta: Option<String>,
    /// The month that change is on.
    pub delta_on: Option<String>,
    /// The period the figure covers, if not the month.
    pub period: Option<&'a str>,
    /// The figure as the document writes it.
    pub as_written: Option<&'a str>,
    /// An editor's note.
    pub note: Option<&'a str>,
    /// Where it is written.
    pub cite: CiteView<'a>,
    /// Its latest correction.
    pub correction: Option<CorrectionRef>,
    /// The home page's sparkline of the figure (the key is absent elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sparkline: Option<ChartRef>,
}

impl<'a> ReadingView<'a> {
    /// The view of a reading.
    pub fn new(x: &'a Reading, ds: &'a Ix) -> ReadingView<'a> {
        let v = &x.source.record;
        let indicator = ds
            .indicator_by_id
            .get(v.indicator.as_str())
            .map(|i| IndicatorRef {
                id: i.id.clone(),
                name: i.name.clone(),
                url: url::indicator(&i.id),
                counted: i.counted.clone(),
            });
        ReadingView {
            indicator,
            month: x.month.to_string(),
            month_label: format::month(x.month),
            locality: x.locality,
            locality_name: locality_name(ds, x.locality),
            kind: x.kind,
            text: x.text(ds),
            number: x.number,
            stated: x.stated.map(format::percent),
            stated_differs: x.stated_differs(),
            delta: x.delta_text(),
            delta_on: v.delta.as_ref().and_then(|d| d.on).map(format::month),
            period: v.period.as_deref(),
            as_written: v.as_written.as_deref(),
            note: v.note.as_deref(),
            cite: CiteView::new(&v.cite, ds),
            correction: x.correction(ds),
            sparkline: None,
        }
    }
}

/// An indicator, with links to its parts and its cite.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView<'a> {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// An editor's unofficial translation of its name into the page's language (issue 28).
    pub name_tr: Option<String>,
    /// URL of its page.
    pub url: String,
    /// Its unit.
    pub unit: Unit,
    /// What it counts, if a count.
    pub counted: Option<String>,
    /// Whether more is better.
    pub higher_is_better: Option<bool>,
    /// A rate's numerator.
    pub numerator: Option<IndicatorLink>,
    /// A rate's denominator.
    pub denominator: Option<IndicatorLink>,
    /// The indicator it is a part of.
    pub part_of: Option<IndicatorLink>,
    /// What it measures.
    pub description: Option<String>,
    /// An editor's note.
    pub note: Option<String>,
    /// Where it is defined.
    pub cite: CiteView<'a>,
}

impl<'a> IndicatorView<'a> {
    /// The view of an indicator.
    pub fn new(i: &'a Indicator, ds: &'a Ix) -> IndicatorView<'a> {
        let link = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| ds.indicator_by_id.get(id.as_str()))
                .map(|x| IndicatorLink::new(x))
        };
        IndicatorView {
            id: i.id.clone(),
            name: i.name.clone(),
            name_tr: translation(ds, Subject::Indicator, &i.id, "name"),
            url: url::indicator(&i.id),
            unit: i.unit,
            counted: i.counted.clone(),
            higher_is_better: i.higher_is_better,
            numerator: link(&i.numerator),
            denominator: link(&i.denominator),
            part_of: link(&i.part_of),
            description: i.description.clone(),
            note: i.note.clone(),
            cite: CiteView::new(&i.cite, ds),
        }
    }
}

/// A link to a model's page.
#[derive(Debug, Clone, Serialize)]
pub struct ModelRef {
    /// Its number.
    pub number: u32,
    /// Its title, if known.
    pub title: Option<String>,
    /// URL of its page.
    pub url: String,
}

impl ModelRef {
    /// The link to model `n`, with its title from the list of models.
    pub fn new(n: u32, ds: &Ix) -> ModelRef {
        ModelRef {
            number: n,
            url: url::model(n),
            title: ds
                .models
                .iter()
                .find(|m| m.number == n)
                .and_then(|m| m.title.clone()),
        }
    }
}

/// A model's status in a month's report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusEntry<'a> {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The month as readers read it.
    pub month_label: String,
    /// URL of the month's report.
    pub report_url: String,
    /// The row of the report's table.
    pub row: Option<String>,
    /// The model's title in the report.
    pub title: Option<String>,
    /// The report's assessment of its progress.
    pub assessment: Option<String>,
    /// Its status.
    pub status: StatusView,
    /// Results.
    pub results: Option<String>,
    /// Difficulties.
    pub difficulties: Option<String>,
    /// Effectiveness.
    pub effectiveness: Option<String>,
    /// Funding.
    pub funding: Option<String>,
    /// Whether to scale it up.
    pub scale_up: Option<String>,
    /// An editor's note.
    pub note: Option<String>,
    /// Values other documents give.
    pub conflicts: Vec<ConflictView<'a>>,
    /// Where it is written.
    pub cite: CiteView<'a>,
    /// The model (on a report page; the key is absent on a model's page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
}

impl<'a> StatusEntry<'a> {
    /// A model's status in the report of `month`.
    pub fn new(s: &'a ModelStatus, month: Month, ds: &'a Ix, l: &Labels) -> StatusEntry<'a> {
        StatusEntry {
            month: month.to_string(),
            month_label: format::month(month),
            report_url: url::report(&month),
            row: s.row.clone(),
            title: s.title.clone(),
            assessment: s.assessment.clone(),
            status: l.model_status_view(s),
            results: s.results.clone(),
            difficulties: s.difficulties.clone(),
            effectiveness: s.effectiveness.clone(),
            funding: s.funding.clone(),
            scale_up: s.scale_up.clone(),
            note: s.note.clone(),
            conflicts: conflicts(&s.conflicts, ds),
            cite: CiteView::new(&s.cite, ds),
            model: None,
        }
    }
}
