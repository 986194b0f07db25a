//! Vietnamese labels of statuses and kinds of locality.

use crate::model::records::*;
use serde_json::{Value as Json, json};

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

/// A status as templates show it: its code and label.
pub(crate) fn status_json(s: Status) -> Json {
    json!({ "code": s.code(), "label": status_label(s) })
}

/// Vietnamese label of a kind of locality.
pub(crate) fn kind_label(k: LocalityKind) -> &'static str {
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
