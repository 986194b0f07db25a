//! The records of `data/`, exactly as an editor writes them (see `data/README.md`).
//!
//! Each struct rejects unknown keys, so that a typo is an error rather than a
//! silently ignored field. Cross-references between records are checked by
//! [`crate::validate`], not here.

//!
//! The records of plans and of report folders are in `plans` and `reports`,
//! re-exported here so that every record is `crate::model::records::Name`.

mod pages;
mod plans;
mod reports;

pub use pages::*;
pub use plans::*;
pub use reports::*;

use crate::common::calendar::{Date, Month};
use serde::{Deserialize, Serialize};

/// Where in a source document a record comes from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// Id of a [`Source`].
    pub source: String,
    /// Section, appendix or row, as the document numbers it.
    pub at: String,
}

/// Another place that says something different for one field of a record.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The field the other place disagrees on.
    pub field: String,
    /// What the other place says, as written.
    pub value: toml::Value,
    /// The other place.
    pub cite: Cite,
    /// An editor's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A cited document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id used in cites.
    pub id: String,
    /// plan | report | letter.
    pub kind: SourceKind,
    /// Who issued it.
    pub issuer: String,
    /// Its number as printed ("" when blank).
    pub number: String,
    /// Its date, as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD.
    pub date: String,
    /// Its title.
    pub title: String,
    /// File name in the seeds; for a legal text, the path of the transcribed
    /// passages relied on, under `sources/legal/` of the site.
    pub file: String,
    /// Where the text can be read (required for a legal text: `resolution` or `law`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The locality it is about.
    pub locality: String,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Kinds of documents.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Kế hoạch.
    Plan,
    /// Báo cáo.
    Report,
    /// Công văn.
    Letter,
    /// Nghị quyết (a legal text, e.g. of the National Assembly Standing Committee).
    Resolution,
    /// Luật.
    Law,
}

impl SourceKind {
    /// A legal text: cited with where it can be read and its passages transcribed in the site.
    pub fn is_legal(self) -> bool {
        matches!(self, SourceKind::Resolution | SourceKind::Law)
    }
}

/// A unit of territory.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Locality {
    /// Name without the kind word ("Bỉm Sơn").
    pub name: String,
    /// Administrative kind.
    pub kind: LocalityKind,
    /// Slug of the parent unit.
    #[serde(default)]
    pub parent: Option<String>,
    /// Explicit slug; derived from the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
    /// The first day it exists as a unit (e.g. a commune formed on 1 July 2025).
    #[serde(default)]
    pub valid_from: Option<Date>,
    /// The first day it no longer exists (`valid_until` in the data, an exclusive end:
    /// the day its successors take over, so that the date is the one the text states).
    #[serde(default, rename = "valid_until")]
    pub valid_to: Option<Date>,
    /// Slugs of the units that took over its territory.
    #[serde(default)]
    pub successors: Vec<String>,
    /// Where it is named.
    pub cite: Cite,
    /// Where its `valid_from`, `valid_until` and `successors` are stated (required with any of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_cite: Option<Cite>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Administrative kinds of [`Locality`].
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LocalityKind {
    /// Tỉnh.
    Province,
    /// Thành phố (trực thuộc tỉnh).
    City,
    /// Huyện.
    District,
    /// Thị xã.
    Town,
    /// Xã.
    Commune,
    /// Phường.
    Ward,
    /// Thị trấn.
    Township,
}

/// A group (I–V) of the model catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelGroup {
    /// Roman numeral.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// The count printed in the group's header.
    #[serde(default)]
    pub stated_count: Option<u32>,
    /// Where it is named.
    pub cite: Cite,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A model (mô hình) of the provincial catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Provincial number 1..44.
    pub number: u32,
    /// Group id, when a document places it.
    #[serde(default)]
    pub group: Option<String>,
    /// Title, when a document names it.
    #[serde(default)]
    pub title: Option<String>,
    /// Goal (Mục tiêu).
    #[serde(default)]
    pub goal: Option<String>,
    /// Where the goal is stated, when not where the title is.
    #[serde(default)]
    pub goal_cite: Option<Cite>,
    /// Other wordings of the title.
    #[serde(default, rename = "variant")]
    pub variants: Vec<TitleVariant>,
    /// Where it is named.
    #[serde(default)]
    pub cite: Option<Cite>,
    /// Disagreeing sources.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Another wording of a model's title.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleVariant {
    /// The wording.
    pub title: String,
    /// Where it appears.
    pub cite: Cite,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// What an indicator measures.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Kebab-case id.
    pub id: String,
    /// Name as the document words it.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// What is counted (người, hồ sơ, thẻ...).
    #[serde(default)]
    pub counted: Option<String>,
    /// Whether a larger value is better.
    #[serde(default)]
    pub higher_is_better: Option<bool>,
    /// For rates: the indicator counted on top.
    #[serde(default)]
    pub numerator: Option<String>,
    /// For rates: the indicator counted below.
    #[serde(default)]
    pub denominator: Option<String>,
    /// For breakdowns: the indicator this is part of.
    #[serde(default)]
    pub part_of: Option<String>,
    /// Longer explanation.
    #[serde(default)]
    pub description: Option<String>,
    /// Where it is defined.
    pub cite: Cite,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Units of indicators.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count of things.
    Count,
    /// A percentage.
    Percent,
    /// An amount of money (đồng).
    Money,
}

/// A published figure corrected later (data/corrections.toml): the changelog's record.
///
/// The figure in the report folder holds the corrected value; the correction
/// keeps what was published before, when and why it changed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// When the correction was made public.
    pub date: Date,
    /// The report month of the corrected figure.
    pub month: Month,
    /// The corrected figure's indicator.
    pub indicator: String,
    /// Its locality; the report's own when absent.
    #[serde(default)]
    pub locality: Option<String>,
    /// The value as first published.
    pub old: f64,
    /// The value now in the data (must equal the figure's `value`).
    pub new: f64,
    /// Why it changed, in plain words.
    pub reason: String,
    /// The document that gives the corrected value.
    pub cite: Cite,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}
