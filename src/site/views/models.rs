//! The views of the models' pages: the list by group (`models.html`) and a
//! model's own page (`model.html`).

use super::{ChartRef, CiteView, ConflictView, PlanItemView, StatusEntry, StatusView};
use serde::Serialize;

/// `models.html`: the models by group.
#[derive(Debug, Clone, Serialize)]
pub struct ModelsView<'a> {
    /// The groups of models, each with its models.
    pub groups: Vec<ModelGroupView<'a>>,
    /// The models in no known group.
    pub ungrouped: Vec<ModelSummary>,
    /// URL of the models' CSV.
    pub csv: &'static str,
    /// The chart of the latest statuses by group, if any.
    pub charts: Vec<ChartRef>,
}

/// A group of models.
#[derive(Debug, Clone, Serialize)]
pub struct ModelGroupView<'a> {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many models the document says it has.
    pub stated_count: Option<u32>,
    /// How many it has in the data.
    pub count: usize,
    /// An editor's note.
    pub note: Option<String>,
    /// Where it is defined.
    pub cite: CiteView<'a>,
    /// Its models.
    pub models: Vec<ModelSummary>,
}

/// A model as the list of models shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSummary {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: Option<String>,
    /// An editor's unofficial translation of its title into the page's language (issue 28).
    pub title_tr: Option<String>,
    /// Its group's id.
    pub group: Option<String>,
    /// URL of its page.
    pub url: String,
    /// Its latest status.
    pub status: Option<StatusView>,
    /// The month of that status.
    pub status_month: Option<String>,
    /// How many plan items adopt it.
    pub adopters: usize,
}

/// `model.html`: a model, its history of statuses and who adopted it.
#[derive(Debug, Clone, Serialize)]
pub struct ModelView<'a> {
    /// The model.
    pub model: ModelDetail<'a>,
    /// Its status in each report that gives one, oldest first.
    pub history: Vec<StatusEntry<'a>>,
    /// The plan items that adopt it.
    pub adopters: Vec<PlanItemView<'a>>,
    /// The model before.
    pub prev: Option<ModelNumber>,
    /// The model after.
    pub next: Option<ModelNumber>,
}

/// A model in full.
#[derive(Debug, Clone, Serialize)]
pub struct ModelDetail<'a> {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: Option<String>,
    /// An editor's unofficial translation of its title into the page's language (issue 28).
    pub title_tr: Option<String>,
    /// Its goal.
    pub goal: Option<String>,
    /// Where the goal is written.
    pub goal_cite: Option<CiteView<'a>>,
    /// Its group.
    pub group: Option<GroupRef>,
    /// Other wordings of its title.
    pub variants: Vec<VariantView<'a>>,
    /// Where it is defined.
    pub cite: Option<CiteView<'a>>,
    /// Values other documents give.
    pub conflicts: Vec<ConflictView<'a>>,
    /// An editor's note.
    pub note: Option<String>,
}

/// A group of models, named.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// Another wording of a model's title.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView<'a> {
    /// The wording.
    pub title: String,
    /// Where it appears.
    pub cite: CiteView<'a>,
    /// An editor's note.
    pub note: Option<String>,
}

/// A link to a model by its number.
#[derive(Debug, Clone, Serialize)]
pub struct ModelNumber {
    /// URL of its page.
    pub url: String,
    /// Its number.
    pub number: u32,
}
