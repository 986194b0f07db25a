//! The view of each kind of page: the context its template receives (besides
//! the [`Globals`], `t`, `title`, `path`, `base` and `content`).

use super::models::ModelNumber;
use super::{
    ChartRef, CiteView, ConflictView, CorrectionRef, IndicatorLink, IndicatorView, Link, ModelRef,
    NamedLink, PlanItemView, ReadingView, StatusCount, StatusEntry, StatusView,
};
use crate::model::records::{PlanKind, ReportStatus, SourceKind};
use serde::Serialize;

/// What every template receives.
#[derive(Debug, Clone, Serialize)]
pub struct Globals<'c> {
    /// URL of the Atom feed.
    pub feed: String,
    /// The site's settings (`site.toml`).
    pub site: &'c crate::load::config::SiteConfig,
    /// The search page, where the header's search box sends its query.
    pub search: &'static str,
    /// The latest report.
    pub latest: Option<Link>,
    /// The content pages with a `weight`, in its order.
    pub menu: Vec<MenuEntry>,
    /// The site's sections, which the header's menu and the footer link to.
    pub section_urls: Sections,
}

/// URLs of the site's sections (from [`crate::paths`]), for the menus of every page.
#[derive(Debug, Clone, Serialize)]
pub struct Sections {
    /// The list of models.
    pub models: &'static str,
    /// The tree of localities.
    pub localities: &'static str,
    /// The list of indicators.
    pub indicators: &'static str,
    /// The latest month's online public services.
    pub services: &'static str,
    /// The plan's deadlines.
    pub deadlines: &'static str,
    /// The monthly reports.
    pub reports: &'static str,
    /// The sources.
    pub sources: &'static str,
    /// The open data page.
    pub data: &'static str,
    /// The changelog of corrected figures.
    pub corrections: String,
}

impl Default for Sections {
    /// The sections where [`crate::paths`] puts them.
    fn default() -> Sections {
        use crate::paths as url;
        Sections {
            models: url::MODELS,
            localities: url::LOCALITIES,
            indicators: url::INDICATORS,
            services: url::SERVICES,
            deadlines: url::DEADLINES,
            reports: url::REPORTS,
            sources: url::SOURCES,
            data: url::DATA,
            corrections: url::corrections(),
        }
    }
}

/// An entry of the menu.
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    /// The page's title.
    pub title: String,
    /// URL of the page.
    pub url: String,
}

/// `index.html` (and the content page at the root): the latest month's headline
/// figures and the models by status. With no report, only `headline` and
/// `status_counts`, empty, are there.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView<'a> {
    /// The province's reported figures of the latest month that state a change, each with its `sparkline`.
    pub headline: Vec<ReadingView<'a>>,
    /// How many models have each status in the latest report.
    pub status_counts: Vec<StatusCount>,
    /// URL of the alphabetical index (linked among the ways in).
    pub index_az_url: &'static str,
    /// The rest, when there is a report.
    #[serde(flatten)]
    pub latest: Option<HomeLatest>,
}

/// The home page's fields that need a report.
#[derive(Debug, Clone, Serialize)]
pub struct HomeLatest {
    /// The latest month.
    pub month_label: String,
    /// URL of its report.
    pub report_url: String,
    /// The statuses of each group of models.
    pub status_by_group: Vec<GroupStatus>,
    /// The chart of statuses by group.
    pub status_chart: Option<ChartRef>,
    /// How many models there are.
    pub model_count: usize,
    /// How many the latest report gives a status.
    pub reported_models: usize,
    /// How many plans there are.
    pub plan_count: usize,
    /// How many localities there are.
    pub locality_count: usize,
}

/// The statuses of a group of models.
#[derive(Debug, Clone, Serialize)]
pub struct GroupStatus {
    /// The group's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many of its models have each status.
    pub counts: Vec<StatusCount>,
    /// How many of its models the report gives a status.
    pub total: usize,
}

/// `page.html` (and `index.html` for the content page at the root): a Markdown page.
#[derive(Debug, Clone, Serialize)]
pub struct ContentView {
    /// Its front matter's `description`.
    pub description: Option<String>,
    /// Its front matter's `date`, as readers read it.
    pub date: Option<String>,
}

/// `404.html`: nothing besides the globals.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {}

/// `services.html`: the latest month's online public services.
#[derive(Debug, Clone, Serialize)]
pub struct ServicesView<'a> {
    /// The month.
    pub month_label: String,
    /// URL of its report.
    pub report_url: String,
    /// The services by appendix and group.
    pub services: Vec<super::AppendixView<'a>>,
    /// The charts of the services' figures.
    pub charts: Vec<ChartRef>,
}

/// `sources.html`: the sources and what each contributed.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesView {
    /// Every source.
    pub sources: Vec<SourceView>,
}

/// A source and what it contributed.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Its id.
    pub id: String,
    /// Its kind (`t.source_kind[kind]`).
    pub kind: SourceKind,
    /// Who issued it.
    pub issuer: String,
    /// Its number.
    pub number: String,
    /// Its date, as written.
    pub date: String,
    /// Its title.
    pub title: String,
    /// Its file (for a legal text: the transcribed passages, under `sources/legal/`).
    pub file: String,
    /// Where it can be read (legal texts).
    pub url: Option<String>,
    /// A legal text: its file holds the passages relied on, transcribed.
    pub legal: bool,
    /// How many localities cite it, for being named or for their validity and successors.
    pub localities: usize,
    /// Its locality's name.
    pub locality: String,
    /// URL of its locality's page.
    pub locality_url: String,
    /// An editor's note.
    pub note: Option<String>,
    /// The plans it holds.
    pub plans: Vec<SourcePlan>,
    /// The reports it holds.
    pub reports: Vec<SourceReport>,
    /// How many models cite it.
    pub models: usize,
}

/// A plan of a source.
#[derive(Debug, Clone, Serialize)]
pub struct SourcePlan {
    /// Its title.
    pub title: String,
    /// How many items it has.
    pub items: usize,
    /// URL of its locality's page.
    pub url: String,
}

/// A report of a source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    /// Its month.
    pub label: String,
    /// URL of its page.
    pub url: String,
    /// How many figures it gives.
    pub values: usize,
    /// How many statuses of models.
    pub statuses: usize,
    /// How many services.
    pub services: usize,
}

/// `data.html`: the downloads, with their sizes.
#[derive(Debug, Clone, Serialize)]
pub struct DataView {
    /// Every CSV file, by path.
    pub downloads: Vec<Download>,
    /// The JSON dataset's index.
    pub json: Download,
    /// The JSON dataset's months, oldest first.
    pub months: Vec<Download>,
    /// URL of the changelog's list of published paths that changed.
    pub changed_paths: String,
}

/// A download.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// Its path under the site root.
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// `deadlines.html`: the plan items due.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlinesView<'a> {
    /// The month the deadlines are judged at (the latest report's).
    pub as_of: Option<String>,
    /// Passed (`da-den-han`) and coming (`sap-den-han`).
    pub sections: Vec<DeadlineSection<'a>>,
    /// URL of the CSV.
    pub csv: &'static str,
}

/// A section of the deadlines page.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineSection<'a> {
    /// Its anchor.
    pub id: &'static str,
    /// Its heading.
    pub title: String,
    /// Its items, by due date, locality and number.
    pub items: Vec<DeadlineItem<'a>>,
}

/// A plan item due, with the status its model reached.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineItem<'a> {
    /// The item.
    #[serde(flatten)]
    pub item: PlanItemView<'a>,
    /// The latest status of its model.
    pub reached: Option<Reached>,
    /// Its due date, `YYYY-MM-DD` (for sorting).
    pub due_sort: String,
}

/// A status a model reached, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Reached {
    /// The status.
    pub status: StatusView,
    /// The month of the report.
    pub month: String,
}

/// `indicators.html`: every indicator with its latest figure.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorsView<'a> {
    /// Every indicator.
    pub indicators: Vec<IndicatorListed<'a>>,
}

/// An indicator in the list.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorListed<'a> {
    /// The indicator.
    pub indicator: IndicatorView<'a>,
    /// Its latest reported figure.
    pub latest: Option<ReadingView<'a>>,
}

/// `indicator.html`: an indicator and the figures of the top-level localities.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorPageView<'a> {
    /// The indicator.
    pub indicator: IndicatorView<'a>,
    /// The figures of the top-level localities.
    pub readings: Vec<ReadingView<'a>>,
    /// How many other figures the CSV has.
    pub other_readings: usize,
    /// The indicators that are its parts.
    pub parts: Vec<IndicatorLink>,
    /// URL of its CSV.
    pub csv: String,
    /// Its charts.
    pub charts: Vec<ChartRef>,
}

/// `reports.html`: the monthly reports, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ReportsView {
    /// Every report.
    pub reports: Vec<ReportListed>,
}

/// A report in the list.
#[derive(Debug, Clone, Serialize)]
pub struct ReportListed {
    /// URL of its page.
    pub url: String,
    /// Its month.
    pub label: String,
    /// Its title.
    pub title: String,
    /// `final` or `draft`.
    pub status: ReportStatus,
    /// Its update's description.
    pub summary: Option<String>,
}

/// `report.html`: a month's report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView<'a> {
    /// The report.
    pub report: ReportHead<'a>,
    /// The figures of the top-level localities.
    pub figures: Vec<ReadingView<'a>>,
    /// How many other figures the CSV has.
    pub other_figures: usize,
    /// The models' statuses, each with its `model`.
    pub statuses: Vec<StatusEntry<'a>>,
    /// How many models have each status.
    pub status_counts: Vec<StatusCount>,
    /// The services by appendix and group.
    pub services: Vec<super::AppendixView<'a>>,
    /// The report before.
    pub prev: Option<Link>,
    /// The report after.
    pub next: Option<Link>,
    /// URL of its CSV.
    pub csv: String,
    /// Its charts.
    pub charts: Vec<ChartRef>,
    /// What changed since the month before.
    pub changes: ChangesView,
}

/// A report's heading.
#[derive(Debug, Clone, Serialize)]
pub struct ReportHead<'a> {
    /// Its month, `YYYY-MM`.
    pub month: String,
    /// Its month as readers read it.
    pub label: String,
    /// Its title.
    pub title: String,
    /// `final` or `draft`.
    pub status: ReportStatus,
    /// Its document.
    pub source: CiteView<'a>,
    /// Its locality's name.
    pub locality_name: String,
    /// URL of its locality's page.
    pub locality_url: String,
}

/// What changed since the previous month, on a report page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// The month before.
    pub prev_label: String,
    /// The previous report.
    pub prev_report: Option<Link>,
    /// The figures that moved most.
    pub figures: Vec<MovedFigure>,
    /// Some of those are compared with a value derived from a stated change.
    pub derived: bool,
    /// The models whose status changed (null without a previous report).
    pub statuses: Option<Vec<StatusChange>>,
    /// The plan items due in the month.
    pub deadlines: Vec<DueItem>,
}

/// A figure that moved.
#[derive(Debug, Clone, Serialize)]
pub struct MovedFigure {
    /// Its indicator.
    pub indicator: MovedIndicator,
    /// Its locality's name.
    pub locality_name: String,
    /// The value before.
    pub old: String,
    /// The value now.
    pub new: String,
    /// The change, signed (in points for a rate).
    pub diff: String,
    /// It went up.
    pub up: bool,
    /// The relative change of a count.
    pub pct: Option<String>,
    /// The value before is derived from a stated change.
    pub derived: bool,
}

/// An indicator named by a moved figure.
#[derive(Debug, Clone, Serialize)]
pub struct MovedIndicator {
    /// Its name.
    pub name: String,
    /// URL of its page.
    pub url: String,
    /// What it counts.
    pub counted: Option<String>,
}

/// A model whose status changed.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    /// The model.
    pub model: ModelRef,
    /// Its status before.
    pub old: StatusView,
    /// Its status now.
    pub new: StatusView,
}

/// A plan item due in a report's month.
#[derive(Debug, Clone, Serialize)]
pub struct DueItem {
    /// Its plan's locality's name.
    pub locality_name: String,
    /// URL of that locality's page.
    pub locality_url: String,
    /// Its title.
    pub title: String,
    /// Its deadline as written.
    pub deadline: Option<String>,
    /// The model it adopts.
    pub model: Option<ModelNumber>,
    /// That model's status in the report.
    pub status: Option<StatusView>,
}

/// `corrections.html`: every correction of a published figure.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionsView<'a> {
    /// Every correction.
    pub corrections: Vec<CorrectionView<'a>>,
    /// Every change to a published path, newest first ([`crate::paths::PATH_CHANGES`]).
    pub path_changes: Vec<PathChangeView>,
    /// The anchor of their section.
    pub path_changes_anchor: &'static str,
}

/// A published path that changed.
#[derive(Debug, Clone, Serialize)]
pub struct PathChangeView {
    /// The day minhbach changed it, as readers read it.
    pub since: String,
    /// The same, `YYYY-MM-DD`.
    pub iso_since: &'static str,
    /// The path (or pattern) as published before.
    pub old: &'static str,
    /// Where its content is now.
    pub new: &'static [&'static str],
    /// The key of its explanation in `[path_changes]`.
    pub key: &'static str,
}

/// A correction.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView<'a> {
    /// Its anchor on the page.
    pub anchor: String,
    /// When, as readers read it.
    pub date: String,
    /// When, `YYYY-MM-DD`.
    pub iso_date: String,
    /// The month of the figure.
    pub month: String,
    /// URL of that month's report.
    pub report_url: String,
    /// The figure's indicator.
    pub indicator: NamedLink,
    /// The figure's locality's name.
    pub locality_name: String,
    /// The figure as first published.
    pub old: String,
    /// The figure corrected.
    pub new: String,
    /// The difference, signed.
    pub diff: String,
    /// Why.
    pub reason: String,
    /// An editor's note.
    pub note: Option<String>,
    /// The document that corrects it.
    pub cite: CiteView<'a>,
}

/// `localities.html`: the tree of localities.
#[derive(Debug, Clone, Serialize)]
pub struct LocalitiesView {
    /// Every locality, parents before children.
    pub localities: Vec<LocalityNode>,
    /// The tree as it stood before and after the latest change of units (one tree,
    /// without a date, when no locality has a validity).
    pub trees: Vec<LocalityTree>,
}

/// The localities as they stood on one side of a date.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityTree {
    /// `before`, `after` or `all` (the tree's heading is `t.pages.reform.tree_<when>`).
    pub when: &'static str,
    /// The date that divides the trees, as shown ("1/7/2025").
    pub date: Option<String>,
    /// The localities that existed then, parents before children.
    pub localities: Vec<LocalityNode>,
}

/// A locality in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityNode {
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its kind's label (`t.labels.locality_kind`).
    pub kind: String,
    /// Its name with its kind's label, in the language's order.
    pub named: String,
    /// URL of its page.
    pub url: String,
    /// How many steps below the top it is.
    pub depth: usize,
    /// Since when it exists.
    pub valid_from: Option<String>,
    /// The first day it no longer exists (`valid_until` in the data).
    pub valid_to: Option<String>,
    /// The units that took over its territory.
    pub successors: Vec<NamedLink>,
    /// The units whose territory it took over.
    pub predecessors: Vec<NamedLink>,
    /// It has a plan.
    pub has_plan: bool,
}

/// `locality.html`: a locality, its plan, its figures and its neighbours.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityView<'a> {
    /// The locality.
    pub locality: LocalityDetail<'a>,
    /// The locality above it.
    pub parent: Option<NamedLink>,
    /// The localities below it.
    pub children: Vec<LocalityChild>,
    /// The units that took over its territory ("Phường Bỉm Sơn"), kind and name.
    pub successors: Vec<NamedLink>,
    /// The units whose territory it took over ("gồm địa bàn của …"), kind and name.
    pub predecessors: Vec<NamedLink>,
    /// The units below it that no longer exist, each with its successors.
    pub ended_children: Vec<EndedChild<'a>>,
    /// Its plan.
    pub plan: Option<PlanView<'a>>,
    /// One row per indicator, in the documents' order.
    pub readings: Vec<LocalityReading<'a>>,
    /// How many figures it has.
    pub reading_count: usize,
    /// Its charts.
    pub charts: Vec<ChartRef>,
    /// Its reports.
    pub reports: Vec<Link>,
    /// The comparisons of plans it is in (issue 27), the page of all last.
    pub compare: Vec<Link>,
}

/// A locality in full.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityDetail<'a> {
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its kind's label.
    pub kind: String,
    /// Its name with its kind's label, in the language's order.
    pub named: String,
    /// What comes before its name when it is named with its kind ("Tỉnh ").
    pub before_name: String,
    /// What comes after its name when it is named with its kind (" Province").
    pub after_name: String,
    /// Since when it exists.
    pub valid_from: Option<String>,
    /// The first day it no longer exists (`valid_until` in the data).
    pub valid_to: Option<String>,
    /// Where its validity and successors are stated.
    pub validity_cite: Option<CiteView<'a>>,
    /// An editor's note.
    pub note: Option<String>,
    /// Where it is defined.
    pub cite: CiteView<'a>,
}

/// A locality below another.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityChild {
    /// Its name.
    pub name: String,
    /// Its kind's label.
    pub kind: String,
    /// Its name with its kind's label, in the language's order.
    pub named: String,
    /// URL of its page.
    pub url: String,
    /// The first day it no longer exists.
    pub valid_to: Option<String>,
}

/// A unit below a locality that no longer exists, and where its territory went.
#[derive(Debug, Clone, Serialize)]
pub struct EndedChild<'a> {
    /// The unit, kind and name.
    pub unit: NamedLink,
    /// The first day it no longer exists.
    pub valid_to: String,
    /// The units that took over its territory.
    pub successors: Vec<NamedLink>,
    /// Where that is stated.
    pub cite: Option<CiteView<'a>>,
}

/// A row of a locality's readings table: an indicator's latest figure and the earlier ones.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityReading<'a> {
    /// The indicator's name.
    pub name: &'a str,
    /// URL of its page.
    pub url: String,
    /// The period of the latest figure.
    pub period: Option<&'a str>,
    /// The month of the latest figure.
    pub month: String,
    /// `reported`, `rate` or `derived`.
    pub kind: &'static str,
    /// The latest figure as shown.
    pub text: String,
    /// The rate printed in the document.
    pub stated: Option<String>,
    /// The printed rate disagrees with the computed one.
    pub stated_differs: bool,
    /// The change the document states.
    pub delta: Option<String>,
    /// The month of that change.
    pub delta_on: Option<String>,
    /// The latest figure's correction.
    pub correction: Option<CorrectionRef>,
    /// Where it is written.
    pub cite: CiteView<'a>,
    /// The earlier figures, in short.
    pub earlier: Vec<EarlierReading<'a>>,
}

/// An earlier figure of a locality's indicator.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierReading<'a> {
    /// Its month.
    pub month: String,
    /// The figure as shown.
    pub text: String,
    /// `reported`, `rate` or `derived`.
    pub kind: &'static str,
    /// Where it is written.
    pub cite: ShortCite<'a>,
    /// A printed rate that disagrees (the key is absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<String>,
    /// A period other than the latest figure's (the key is absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<&'a str>,
    /// URL of its correction (the key is absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
}

/// A cite in short: a link and where.
#[derive(Debug, Clone, Serialize)]
pub struct ShortCite<'a> {
    /// URL of the source.
    pub url: String,
    /// Where in it.
    pub at: &'a str,
}

/// A locality's plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView<'a> {
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: PlanKind,
    /// The period it covers.
    pub period: Option<String>,
    /// How many items the document says it has.
    pub stated_count: Option<u32>,
    /// How many it has in the data.
    pub count: usize,
    /// An editor's note.
    pub note: Option<String>,
    /// Where it is written.
    pub cite: CiteView<'a>,
    /// Values other documents give.
    pub conflicts: Vec<ConflictView<'a>>,
    /// Its groups of items (one without number or title if it has none).
    pub groups: Vec<PlanGroupView<'a>>,
    /// URL of its CSV.
    pub csv: String,
}

/// A group of a plan's items.
#[derive(Debug, Clone, Serialize)]
pub struct PlanGroupView<'a> {
    /// Its number.
    pub number: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// An editor's note (the key is absent for a plan without groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Option<String>>,
    /// Its items.
    pub items: Vec<PlanRow<'a>>,
}

/// A plan item as a locality's plan lists it: its units joined and its long cells marked.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow<'a> {
    /// The item (its deadline as written, with its reading where that says more).
    #[serde(flatten)]
    pub item: PlanItemView<'a>,
    /// The units in charge, joined.
    pub lead_text: String,
    /// The coordinating units, joined.
    pub coordinating_text: String,
    /// `lead_text` is long.
    pub lead_long: bool,
    /// `coordinating_text` is long.
    pub coordinating_long: bool,
    /// The deadline is long.
    pub deadline_long: bool,
}
