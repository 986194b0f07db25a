//! The views of `compare.html`: localities' plans side by side (issue 27).

use super::{ChartRef, IndicatorLink, Link, NamedLink, ReadingView};
use serde::Serialize;

/// `compare.html`: the plans of some localities side by side, with their figures.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView<'a> {
    /// `all` (every locality with a plan), `within` (those under one parent) or `pair`.
    pub kind: &'static str,
    /// The parent of the localities compared (`within` and sibling pairs under one).
    pub parent: Option<NamedLink>,
    /// The month deadlines are counted at, as readers read it (the latest report's,
    /// as on the deadlines page); absent without a report.
    pub as_of: Option<String>,
    /// The localities compared, one per matrix column and summary row.
    pub columns: Vec<CompareColumn>,
    /// The model groups I–V (and the models in none), each with its models as matrix rows;
    /// empty when there are more localities than [`CompareView::max_columns`].
    pub groups: Vec<MatrixGroup>,
    /// The ids of the groups (empty for the models in no group), heading the summary's counts.
    pub group_ids: Vec<String>,
    /// The matrix is left out: too many localities for one table.
    pub matrix_omitted: bool,
    /// The most localities a matrix shows.
    pub max_columns: usize,
    /// Per locality, its plan items that name no model of the catalogue.
    pub unmapped: Vec<UnmappedList>,
    /// For localities of one level (a pair, those of one parent): per indicator, the
    /// latest month in which at least two of them have a figure, ranked.
    pub indicators: Vec<IndicatorComparison<'a>>,
    /// Indicators whose page ranks localities in their latest month.
    pub rankings: Vec<IndicatorLink>,
    /// The other comparison pages (pairs, localities of one parent).
    pub others: Vec<Link>,
    /// URL of the page of every comparison.
    pub all_url: &'static str,
    /// URL of the deadlines page.
    pub deadlines_url: &'static str,
    /// URL of the models page.
    pub models_url: &'static str,
}

/// A locality compared: its plan in figures.
#[derive(Debug, Clone, Serialize)]
pub struct CompareColumn {
    /// Its slug (the picker's key).
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its kind's label.
    pub kind: String,
    /// Its name with its kind's label, in the language's order.
    pub named: String,
    /// URL of its page.
    pub url: String,
    /// Its parent's name, if any.
    pub parent: Option<String>,
    /// `models` or `tasks`.
    pub plan_kind: &'static str,
    /// How many items its plan lists.
    pub items: usize,
    /// How many of them name a model of the catalogue.
    pub mapped: usize,
    /// How many distinct models of the catalogue it adopted.
    pub models: usize,
    /// Distinct models adopted per group, in the order of [`CompareView::group_ids`].
    pub per_group: Vec<usize>,
    /// Items whose deadline passed by the end of the month of [`CompareView::as_of`].
    pub passed: usize,
    /// Items due in the three months after it.
    pub upcoming: usize,
    /// URL of its plan's CSV.
    pub csv: String,
}

/// A group of models, as matrix rows.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixGroup {
    /// Its id (`I` … `V`), empty for the models in no group.
    pub id: String,
    /// Its name; absent for the models in no group.
    pub name: Option<String>,
    /// Per column, how many of the group's models it adopted.
    pub counts: Vec<MatrixCount>,
    /// Its models.
    pub models: Vec<MatrixRow>,
}

/// A model of the catalogue, and what each locality's plan says of it.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// Its provincial number.
    pub number: u32,
    /// Its title, if a document names it.
    pub title: Option<String>,
    /// URL of its page.
    pub url: String,
    /// How many of the localities compared adopted it.
    pub adopted_by: usize,
    /// Per column, the plan's items naming it.
    pub cells: Vec<MatrixCell>,
}

/// A count of a group's row, in one column.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCount {
    /// The column's locality.
    pub slug: String,
    /// The count.
    pub count: usize,
}

/// A matrix cell: one locality's items naming one model.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// The column's locality.
    pub slug: String,
    /// The items (usually one, none when the model is not adopted).
    pub items: Vec<CellItem>,
}

/// A plan item in a matrix cell.
#[derive(Debug, Clone, Serialize)]
pub struct CellItem {
    /// Its number in the locality's own plan, as printed.
    pub number: String,
    /// Its deadline as written.
    pub deadline: Option<String>,
    /// `passed`, `upcoming` or absent (see [`CompareView::as_of`]).
    pub due: Option<&'static str>,
    /// URL of the item's row on the locality's page.
    pub url: String,
}

/// A locality's plan items that name no model of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct UnmappedList {
    /// The locality's slug.
    pub slug: String,
    /// The locality's name.
    pub name: String,
    /// URL of its page.
    pub url: String,
    /// `models` or `tasks`.
    pub plan_kind: &'static str,
    /// How many items its plan lists.
    pub total: usize,
    /// The items.
    pub items: Vec<UnmappedItem>,
}

/// A plan item that names no model of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct UnmappedItem {
    /// Its number in the plan.
    pub number: String,
    /// Its title or task, as written.
    pub title: String,
    /// Its deadline as written.
    pub deadline: Option<String>,
    /// URL of its row on the locality's page.
    pub url: String,
}

/// The figures of an indicator for the localities compared, in one month.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorComparison<'a> {
    /// The indicator.
    pub indicator: IndicatorLink,
    /// The month, as readers read it.
    pub month: String,
    /// The figures, highest first.
    pub readings: Vec<ReadingView<'a>>,
    /// The ranking chart.
    pub chart: Option<ChartRef>,
}
