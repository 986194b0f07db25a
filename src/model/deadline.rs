//! Deadlines as the plans write them ("30/9/2024", "Quý II/2024", "thường
//! xuyên", "Theo tiến độ của Bộ Công an"), read into a typed value that
//! always keeps the text as written.

use crate::common::calendar::{Date, Month};
use crate::common::format;
use crate::common::text::identity_key;
use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize};
use std::sync::LazyLock;

mod split;

/// What a deadline (or one part of it) means on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeadlineValue {
    /// A day: "30/9/2024".
    Date {
        /// The day.
        date: Date,
    },
    /// A month: "tháng 6/2024".
    Month {
        /// The month.
        month: Month,
    },
    /// A quarter: "Quý II/2024".
    Quarter {
        /// Year.
        year: i32,
        /// 1..=4.
        quarter: u32,
    },
    /// A year: "Năm 2024", "trong năm 2023".
    Year {
        /// Year.
        year: i32,
    },
    /// A phase: "Giai đoạn 2023-2025".
    Phase {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },
    /// "thường xuyên": continuous, no end.
    Ongoing,
    /// "Theo tiến độ của Bộ ...": follows another body's schedule.
    Schedule,
    /// The text names no time the program can read (kept as written).
    Unknown,
}

/// One part of a deadline, derived from its text: the words it covers and what they mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlinePart {
    /// The words of the deadline this part covers, a piece of [`Deadline::text`].
    pub text: String,
    /// Its reading.
    pub value: DeadlineValue,
}

/// A deadline: the text exactly as the document writes it, once, and the parts the
/// program reads from it ("Trong năm 2024 và thực hiện thường xuyên": a year, then ongoing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Exactly as written in the document.
    pub text: String,
    /// Its reading, in document order: derived from `text`, never typed by an editor
    /// (except the one `value` of the explicit form, for a text the program cannot read).
    pub parts: Vec<DeadlinePart>,
}

impl DeadlineValue {
    /// The last day this value allows, if it has one.
    pub fn due(&self) -> Option<Date> {
        match *self {
            DeadlineValue::Date { date } => Some(date),
            DeadlineValue::Month { month } => Some(month.last_day()),
            DeadlineValue::Quarter { year, quarter } => Some(
                Month {
                    year,
                    month: quarter * 3,
                }
                .last_day(),
            ),
            DeadlineValue::Year { year } | DeadlineValue::Phase { to: year, .. } => {
                Some(Month { year, month: 12 }.last_day())
            }
            DeadlineValue::Ongoing | DeadlineValue::Schedule | DeadlineValue::Unknown => None,
        }
    }

    /// Reads the explicit form of `deadline = { value = "..." }`.
    pub fn from_code(code: &str) -> Result<DeadlineValue, String> {
        let code = code.trim();
        let v = match code {
            "ongoing" => DeadlineValue::Ongoing,
            "schedule" => DeadlineValue::Schedule,
            "unknown" => DeadlineValue::Unknown,
            _ if code.contains("..") => {
                let (a, b) = code.split_once("..").unwrap_or_default();
                match (a.parse(), b.parse()) {
                    (Ok(from), Ok(to)) if from <= to => DeadlineValue::Phase { from, to },
                    _ => return Err(format!("\"{code}\" is not a phase")),
                }
            }
            _ if code.contains("-Q") => {
                let (y, q) = code.split_once("-Q").unwrap_or_default();
                match (y.parse(), q.parse()) {
                    (Ok(year), Ok(quarter @ 1..=4)) => DeadlineValue::Quarter { year, quarter },
                    _ => return Err(format!("\"{code}\" is not a quarter")),
                }
            }
            _ if code.len() == 10 => DeadlineValue::Date {
                date: code.parse()?,
            },
            _ if code.len() == 7 => DeadlineValue::Month {
                month: code.parse()?,
            },
            _ => match code.parse() {
                Ok(year) if (1000..=9999).contains(&year) => DeadlineValue::Year { year },
                _ => return Err(format!("\"{code}\" is not a deadline value")),
            },
        };
        Ok(v)
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| re(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"));
static QUARTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"quý\s+(iv|iii|ii|i|[1-4])\s*(?:/|năm)\s*(\d{4})"));
static MONTH: LazyLock<Regex> = LazyLock::new(|| re(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})"));
static PHASE: LazyLock<Regex> = LazyLock::new(|| re(r"(\d{4})\s*[-–—]\s*(\d{4})"));
// "Công văn số 4267/BGDĐT-CNTT ngày 31/8/2022": a cited document's date, not a deadline.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"số\s+\S+\s+ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4})\b"));

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a typo is caught by the unit tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("deadline pattern {pattern}: {e}"))
}

/// Reads a deadline written in Vietnamese; `Unknown` when nothing in it is a time.
pub fn read(text: &str) -> DeadlineValue {
    // The identity key: case, spacing and tone placement ("Qúy"/"Quý") do not matter.
    let lowered = identity_key(text);
    let t = REFERENCE.replace_all(&lowered, " ");
    if t.contains("thường xuyên") || t.contains("liên tục") {
        return DeadlineValue::Ongoing;
    }
    if let Some(c) = DATE.captures(&t) {
        let n = |i: usize| c[i].parse::<u32>().unwrap_or(0);
        // An impossible date ("31/6/2024") is unreadable, not "some time in 2024".
        return Date::new(n(3) as i32, n(2), n(1))
            .map_or(DeadlineValue::Unknown, |date| DeadlineValue::Date { date });
    }
    if let Some(c) = QUARTER.captures(&t) {
        let quarter = match &c[1] {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            _ => 4,
        };
        if let Ok(year) = c[2].parse() {
            return DeadlineValue::Quarter { year, quarter };
        }
    }
    if let Some(c) = MONTH.captures(&t)
        && let (Ok(year), Ok(month @ 1..=12)) = (c[2].parse(), c[1].parse())
    {
        return DeadlineValue::Month {
            month: Month { year, month },
        };
    }
    if let Some(c) = PHASE.captures(&t)
        && let (Ok(from), Ok(to)) = (c[1].parse(), c[2].parse())
        && from < to
    {
        return DeadlineValue::Phase { from, to };
    }
    const SCHEDULE: [&str; 6] = [
        "tiến độ",
        "lộ trình",
        "theo hướng dẫn",
        "theo chỉ đạo",
        "theo yêu cầu",
        "khi có",
    ];
    if SCHEDULE.iter().any(|w| t.contains(w)) {
        return DeadlineValue::Schedule;
    }
    if let Some(c) = YEAR.captures(&t)
        && let Ok(year) = c[1].parse()
    {
        return DeadlineValue::Year { year };
    }
    DeadlineValue::Unknown
}

impl Deadline {
    /// Reads a deadline's text into its parts; `None` when no part of it names a time.
    pub fn read(text: &str) -> Option<Deadline> {
        let parts = split::parts(text);
        parts
            .iter()
            .any(|p| p.value != DeadlineValue::Unknown)
            .then(|| Deadline {
                text: text.to_string(),
                parts,
            })
    }

    /// The whole deadline as written.
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The last day by which every dated part is due; `None` if any part has no end.
    pub fn due(&self) -> Option<Date> {
        self.parts
            .iter()
            .map(|p| p.value.due())
            .try_fold(None::<Date>, |acc, d| {
                d.map(|d| Some(acc.map_or(d, |a| a.max(d))))
            })?
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDeadline {
    Text(String),
    // Before `Explicit`: serde would read a struct from a list of two strings.
    List(Vec<serde::de::IgnoredAny>),
    Explicit(Explicit),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Explicit {
    text: String,
    value: String,
}

/// The error for a deadline written as a list: the words between the pieces get lost
/// ("Trong năm 2024" + "thực hiện thường xuyên" for "Trong năm 2024 và thực hiện thường xuyên").
pub const LIST_ERROR: &str = "a deadline is kept as written, once: write the document's whole \
     text as one string (its parts are read from it), not a list of pieces";

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawDeadline::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "a deadline must be the document's text as one string, or { text = \"...\", value = \"...\" }",
            )
        })?;
        match raw {
            RawDeadline::Text(text) => Deadline::read(&text).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "cannot read the deadline \"{text}\"; write it as {{ text = \"{text}\", value = \"...\" }} with value one of \
                     YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, YYYY..YYYY, ongoing, schedule, unknown"
                ))
            }),
            RawDeadline::Explicit(Explicit { text, value }) => {
                let value = DeadlineValue::from_code(&value).map_err(serde::de::Error::custom)?;
                Ok(Deadline {
                    parts: vec![DeadlinePart {
                        text: text.clone(),
                        value,
                    }],
                    text,
                })
            }
            RawDeadline::List(pieces) => Err(serde::de::Error::custom(format!(
                "{LIST_ERROR} (found a list of {} pieces)",
                pieces.len()
            ))),
        }
    }
}

/// What a typed deadline means, in words: `đến 30/9/2024`, `thường xuyên`.
pub fn deadline_value(v: &DeadlineValue) -> String {
    match *v {
        DeadlineValue::Date { date: d } => format::date(d),
        DeadlineValue::Month { month: m } => format::month(m),
        DeadlineValue::Quarter { year, quarter: q } => format::quarter(year, q),
        DeadlineValue::Year { year } => format!("năm {year}"),
        DeadlineValue::Phase { from, to } => format!("giai đoạn {from}–{to}"),
        DeadlineValue::Ongoing => "thường xuyên".into(),
        DeadlineValue::Schedule => "theo lộ trình của cấp trên".into(),
        DeadlineValue::Unknown => "không xác định".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> DeadlineValue {
        read(s)
    }

    #[test]
    fn reads_the_forms_the_plans_use() {
        assert_eq!(
            v("30/9/2024"),
            DeadlineValue::Date {
                date: Date::new(2024, 9, 30).unwrap()
            }
        );
        assert_eq!(
            v("Quý II/2024"),
            DeadlineValue::Quarter {
                year: 2024,
                quarter: 2
            }
        );
        // Tone placed on the u, as some keyboards do.
        assert_eq!(
            v("Q\u{fa}y III/2025"),
            DeadlineValue::Quarter {
                year: 2025,
                quarter: 3
            }
        );
        assert_eq!(
            v("Quý I năm 2024"),
            DeadlineValue::Quarter {
                year: 2024,
                quarter: 1
            }
        );
        assert_eq!(
            v("Tháng 6/2024"),
            DeadlineValue::Month {
                month: Month {
                    year: 2024,
                    month: 6
                }
            }
        );
        assert_eq!(v("trong năm 2023"), DeadlineValue::Year { year: 2023 });
        assert_eq!(
            v("Giai đoạn 2023 -2025 đối với địa chỉ số"),
            DeadlineValue::Phase {
                from: 2023,
                to: 2025
            }
        );
        assert_eq!(
            v("Tiếp tục thực hiện thường xuyên trong năm 2024 và các năm tiếp theo"),
            DeadlineValue::Ongoing
        );
        assert_eq!(
            v("Theo tiến độ triển khai của Bộ Công an"),
            DeadlineValue::Schedule
        );
        assert_eq!(
            v("Triển khai đồng bộ theo lộ trình Đề án 06"),
            DeadlineValue::Schedule
        );
        assert_eq!(v("sớm nhất có thể"), DeadlineValue::Unknown);
        // Dates of cited documents are not deadlines.
        assert_eq!(
            v(
                "Theo tiến độ của Bộ GD&ĐT (theo hướng dẫn tại Công văn số 4267/BGDĐT-CNTT ngày 31/8/2022)"
            ),
            DeadlineValue::Schedule
        );
    }

    #[test]
    fn due_dates_are_the_end_of_the_period() {
        assert_eq!(v("Quý II/2024").due().unwrap().to_string(), "2024-06-30");
        assert_eq!(v("Năm 2024").due().unwrap().to_string(), "2024-12-31");
        assert_eq!(v("thường xuyên").due(), None);
        let d: Deadline = toml::from_str::<std::collections::BTreeMap<String, Deadline>>(
            "d = \"Trong năm 2024 đối với VNeID; Giai đoạn 2023-2025 đối với chữ ký số\"",
        )
        .unwrap()
        .remove("d")
        .unwrap();
        assert_eq!(d.parts.len(), 2);
        assert_eq!(
            d.text,
            "Trong năm 2024 đối với VNeID; Giai đoạn 2023-2025 đối với chữ ký số"
        );
        assert_eq!(d.due().unwrap().to_string(), "2025-12-31");
    }

    #[test]
    fn a_deadline_in_pieces_is_refused() {
        let r = toml::from_str::<std::collections::BTreeMap<String, Deadline>>(
            "d = [\"Trong năm 2024\", \"thực hiện thường xuyên\"]",
        );
        let msg = r.unwrap_err().to_string();
        assert!(msg.contains("kept as written, once"), "{msg}");
    }

    #[test]
    fn unreadable_text_asks_for_the_explicit_form() {
        let r =
            toml::from_str::<std::collections::BTreeMap<String, Deadline>>("d = \"khi nào xong\"");
        let msg = r.unwrap_err().to_string();
        assert!(msg.contains("cannot read the deadline"), "{msg}");
        let ok = toml::from_str::<std::collections::BTreeMap<String, Deadline>>(
            "d = { text = \"khi nào xong\", value = \"unknown\" }",
        );
        assert!(ok.is_ok());
    }
}
