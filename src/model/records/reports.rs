//! The records of a report folder (`data/reports/YYYY-MM/`): the report, its
//! figures, the models' statuses and the services table.

use super::{Cite, Conflict};
use crate::common::calendar::Month;
use serde::{Deserialize, Serialize};

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

/// The two bounds of a figure written as a range ("thường từ 03 đến 05 ngày"),
/// each optional so that `check` can say which one is missing.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// The lower bound, as written.
    #[serde(default)]
    pub from: Option<f64>,
    /// The upper bound, as written.
    #[serde(default)]
    pub to: Option<f64>,
}

impl Bounds {
    /// Both bounds, when both are written.
    pub fn both(&self) -> Option<(f64, f64)> {
        Some((self.from?, self.to?))
    }
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
    /// "from N to M" ("3-5 ngày"): both bounds as written.
    #[serde(default)]
    pub range: Option<Bounds>,
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
    /// Cơ bản đúng tiến độ ("Cơ bản đã triển khai đúng tiến độ"): less than on track.
    MostlyOnTrack,
    /// Chậm tiến độ ("đã bị chậm tiến độ").
    Delayed,
    /// Kết quả chưa rõ nét ("kết quả thực hiện chưa rõ nét"): less than no results.
    UnclearResults,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 12] = [
        Status::Completed,
        Status::Maintaining,
        Status::OnTrack,
        Status::MostlyOnTrack,
        Status::InProgress,
        Status::Delayed,
        Status::WaitingCentral,
        Status::UnclearResults,
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
            Status::MostlyOnTrack => "mostly_on_track",
            Status::Delayed => "delayed",
            Status::UnclearResults => "unclear_results",
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
    /// The normalised status: what the assessment says of the model as a whole, never more.
    pub status: Status,
    /// A second state the same assessment also gives (for part of the model, or as a
    /// qualification: "Đang triển khai nhưng chưa có kết quả cụ thể"), kept rather than
    /// dropped by choosing one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_status: Option<Status>,
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
