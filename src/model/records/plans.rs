//! The records of a plan file (`data/plans/<locality>.toml`).

use super::{Cite, Conflict};
use crate::model::deadline::Deadline;
use serde::{Deserialize, Serialize};

/// The header of a plan file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Slug of the locality whose plan it is.
    pub locality: String,
    /// Whether its items are models or tasks.
    pub kind: PlanKind,
    /// Title as written.
    pub title: String,
    /// Period as written.
    #[serde(default)]
    pub period: Option<String>,
    /// The count the text announces.
    #[serde(default)]
    pub stated_count: Option<u32>,
    /// The plan document.
    pub cite: Cite,
    /// Disagreeing places.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Kinds of plans.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// A list of adopted models.
    Models,
    /// A list of tasks (commune plans).
    Tasks,
}

/// A group of items in a plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanGroup {
    /// Number as printed.
    pub number: String,
    /// Title as written.
    pub title: String,
    /// The count printed in the header.
    #[serde(default)]
    pub stated_count: Option<u32>,
    /// Where it is.
    #[serde(default)]
    pub cite: Option<Cite>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A model adopted by, or a task of, a locality's plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The plan's own number, as printed.
    pub number: String,
    /// The [`PlanGroup`] it belongs to.
    #[serde(default)]
    pub group: Option<String>,
    /// The provincial model number, where the titles clearly match.
    #[serde(default)]
    pub model: Option<u32>,
    /// Title or task text.
    pub title: String,
    /// Mục tiêu.
    #[serde(default)]
    pub goal: Option<String>,
    /// Phân công nhiệm vụ.
    #[serde(default)]
    pub assignment: Option<String>,
    /// Chủ trì.
    #[serde(default)]
    pub lead: Vec<String>,
    /// Phối hợp.
    #[serde(default)]
    pub coordinating: Vec<String>,
    /// Đơn vị hỗ trợ.
    #[serde(default)]
    pub support: Vec<String>,
    /// Đơn vị thực hiện.
    #[serde(default)]
    pub implementers: Vec<String>,
    /// Thời gian hoàn thành.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// Nền tảng / công cụ triển khai.
    #[serde(default)]
    pub platforms: Vec<String>,
    /// Where it is.
    pub cite: Cite,
    /// Disagreeing places.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}
