//! MOVED: shim until the redesign merge. The presentation of numbers and dates is
//! [`crate::common::format`]; what is left here reads a deadline, which belongs with
//! [`crate::deadline`] (it is not shared by every stage).

// MOVED: shim until the redesign merge
pub use crate::common::format::*;
use crate::deadline::DeadlineValue;

/// What a typed deadline means, in words: `đến 30/9/2024`, `thường xuyên`.
pub fn deadline_value(v: &DeadlineValue) -> String {
    match *v {
        DeadlineValue::Date { date: d } => date(d),
        DeadlineValue::Month { month: m } => month(m),
        DeadlineValue::Quarter { year, quarter: q } => quarter(year, q),
        DeadlineValue::Year { year } => format!("năm {year}"),
        DeadlineValue::Phase { from, to } => format!("giai đoạn {from}–{to}"),
        DeadlineValue::Ongoing => "thường xuyên".into(),
        DeadlineValue::Schedule => "theo lộ trình của cấp trên".into(),
        DeadlineValue::Unknown => "không xác định".into(),
    }
}
