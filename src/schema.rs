//! The records of `data/`, exactly as an editor writes them (see `data/README.md`).
//!
//! Each struct rejects unknown keys, so that a typo is an error rather than a
//! silently ignored field. Cross-references between records are checked by
//! [`crate::validate`], not here.

use crate::calendar::{Date, Month};
use crate::deadline::Deadline;
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
    /// File name in the seeds.
    pub file: String,
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
    /// First day of validity.
    #[serde(default)]
    pub valid_from: Option<Date>,
    /// Last day of validity (e.g. districts abolished on 1 July 2025).
    #[serde(default)]
    pub valid_to: Option<Date>,
    /// Slugs of the units it became.
    #[serde(default)]
    pub successors: Vec<String>,
    /// Where it is named.
    pub cite: Cite,
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

/// The header of a monthly report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The month reported on.
    pub month: Month,
    /// Slug of the reporting locality.
    pub locality: String,
    /// The report document.
    pub source: String,
    /// Draft or final.
    pub status: ReportStatus,
    /// Title as written.
    pub title: String,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Whether a report may be published.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Still being filled in.
    Draft,
    /// Complete and published.
    Final,
}

/// A stated change on an earlier period.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Delta {
    /// The change (negative for a fall).
    pub by: f64,
    /// The month compared with, when the basis is a month.
    #[serde(default)]
    pub on: Option<Month>,
}

/// One figure of a monthly report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Value {
    /// The indicator measured.
    pub indicator: String,
    /// The locality; the report's own when absent.
    #[serde(default)]
    pub locality: Option<String>,
    /// The figure.
    #[serde(default)]
    pub value: Option<f64>,
    /// "over N": a lower bound.
    #[serde(default)]
    pub lower_bound: Option<f64>,
    /// "Nothing arose this month": no data, not zero.
    #[serde(default)]
    pub none_this_month: Option<bool>,
    /// A stated change on an earlier period.
    #[serde(default)]
    pub delta: Option<Delta>,
    /// For rates: the rate as printed, in percent.
    #[serde(default)]
    pub stated: Option<f64>,
    /// The period or date the figure covers, as written.
    #[serde(default)]
    pub period: Option<String>,
    /// The document's words for this figure.
    #[serde(default)]
    pub as_written: Option<String>,
    /// Where it is.
    pub cite: Cite,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Normalised progress of a model.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Đã hoàn thành.
    Completed,
    /// Hoàn thành, đang duy trì.
    Maintaining,
    /// Đúng tiến độ.
    OnTrack,
    /// Đang triển khai.
    InProgress,
    /// Chưa có kết quả.
    NoResults,
    /// Tạm dừng.
    Paused,
    /// Kết thúc.
    Ended,
    /// Chưa triển khai.
    NotStarted,
    /// Chờ Trung ương triển khai.
    WaitingCentral,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 9] = [
        Status::Completed,
        Status::Maintaining,
        Status::OnTrack,
        Status::InProgress,
        Status::WaitingCentral,
        Status::NoResults,
        Status::NotStarted,
        Status::Paused,
        Status::Ended,
    ];

    /// The code used in data files and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Maintaining => "maintaining",
            Status::OnTrack => "on_track",
            Status::InProgress => "in_progress",
            Status::NoResults => "no_results",
            Status::Paused => "paused",
            Status::Ended => "ended",
            Status::NotStarted => "not_started",
            Status::WaitingCentral => "waiting_central",
        }
    }
}

/// A model's status in a monthly report (Appendix III).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelStatus {
    /// Provincial model number.
    pub model: u32,
    /// Row number as printed.
    #[serde(default)]
    pub row: Option<String>,
    /// The row's title as written.
    #[serde(default)]
    pub title: Option<String>,
    /// The assessment as written.
    #[serde(default)]
    pub assessment: Option<String>,
    /// The normalised status.
    pub status: Status,
    /// Kết quả triển khai.
    #[serde(default)]
    pub results: Option<String>,
    /// Khó khăn, vướng mắc.
    #[serde(default)]
    pub difficulties: Option<String>,
    /// Đánh giá hiệu quả.
    #[serde(default)]
    pub effectiveness: Option<String>,
    /// Kinh phí.
    #[serde(default)]
    pub funding: Option<String>,
    /// Đề xuất nhân rộng.
    #[serde(default)]
    pub scale_up: Option<String>,
    /// Where it is.
    pub cite: Cite,
    /// Disagreeing places.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A group row of a services table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceGroup {
    /// I or II.
    pub appendix: String,
    /// The group's numeral.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// Where it is.
    #[serde(default)]
    pub cite: Option<Cite>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// The figures of a services-table row, as read from its cells.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct ServiceFigures {
    /// Tổng hồ sơ.
    pub total: Option<i64>,
    /// Trực tuyến.
    pub online: Option<i64>,
    /// Tỷ lệ as printed, in percent.
    pub stated_rate: Option<f64>,
    /// Đúng hạn.
    pub on_time: Option<i64>,
    /// Quá hạn.
    pub overdue: Option<i64>,
    /// "Trong tháng không phát sinh".
    pub none_this_month: bool,
}

// serde cannot combine `flatten` with `deny_unknown_fields`, so the figure
// cells are declared inline in both row types by this macro.
macro_rules! with_figures {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Tổng hồ sơ.
            #[serde(default)]
            pub total: Option<i64>,
            /// Trực tuyến.
            #[serde(default)]
            pub online: Option<i64>,
            /// Tỷ lệ as printed, in percent.
            #[serde(default)]
            pub stated_rate: Option<f64>,
            /// Đúng hạn.
            #[serde(default)]
            pub on_time: Option<i64>,
            /// Quá hạn.
            #[serde(default)]
            pub overdue: Option<i64>,
            /// "Trong tháng không phát sinh".
            #[serde(default)]
            pub none_this_month: Option<bool>,
        }

        impl $name {
            /// The row's figure cells.
            pub fn figures(&self) -> ServiceFigures {
                ServiceFigures {
                    total: self.total,
                    online: self.online,
                    stated_rate: self.stated_rate,
                    on_time: self.on_time,
                    overdue: self.overdue,
                    none_this_month: self.none_this_month.unwrap_or(false),
                }
            }
        }
    };
}

with_figures! {
/// A public service row (Appendix I or II).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// I or II.
    pub appendix: String,
    /// Appendix II group.
    #[serde(default)]
    pub group: Option<String>,
    /// STT as printed.
    pub number: String,
    /// Name as written.
    pub name: String,
    /// Connection to the national portal, as written.
    #[serde(default)]
    pub connection: Option<String>,
    /// Khó khăn, vướng mắc.
    #[serde(default)]
    pub difficulties: Option<String>,
    /// Sub-rows.
    #[serde(default, rename = "row")]
    pub rows: Vec<ServiceRow>,
    /// Where it is.
    pub cite: Cite,
    /// Disagreeing places.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}
}

with_figures! {
/// A sub-row of a service.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRow {
    /// Name as written.
    pub name: String,
    /// Connection, when the sub-row states its own.
    #[serde(default)]
    pub connection: Option<String>,
    /// Khó khăn, vướng mắc.
    #[serde(default)]
    pub difficulties: Option<String>,
    /// An editor's note.
    #[serde(default)]
    pub note: Option<String>,
}
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
