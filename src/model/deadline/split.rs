//! The parts of a deadline, read from its text as written.
//!
//! A plan writes "Trong năm 2024 và thực hiện thường xuyên" or "+ Trong năm 2024
//! đối với …;\n+ Giai đoạn 2023 -2025 đối với …": one cell, several times. The text is
//! kept whole; this module finds the pieces that each name a time, so that the whole
//! text never has to be cut into pieces by hand (which loses the words in between).

use super::{DeadlinePart, DeadlineValue, read};

/// A piece of the text between two separators: its byte range and its reading.
struct Piece {
    start: usize,
    end: usize,
    value: DeadlineValue,
}

/// The parts of `text`: each separator-delimited piece that names a time starts a part;
/// a piece that names none (or the same time again) belongs to the part before it
/// ("Theo tiến độ, lộ trình của Bộ Lao động, Thương binh và Xã hội" is one part).
/// A text in which nothing names a time is one `Unknown` part.
pub(super) fn parts(text: &str) -> Vec<DeadlinePart> {
    let mut merged: Vec<Piece> = Vec::new();
    // Leading pieces naming no time join the first part that does.
    let mut pending_start: Option<usize> = None;
    for (start, end) in pieces(text) {
        let value = outer_reading(&text[start..end]);
        match merged.last_mut() {
            Some(last) if value == DeadlineValue::Unknown || value == last.value => {
                last.end = end;
            }
            _ if value == DeadlineValue::Unknown => {
                pending_start.get_or_insert(start);
            }
            _ => merged.push(Piece {
                start: pending_start.take().unwrap_or(start),
                end,
                value,
            }),
        }
    }
    if merged.is_empty() {
        // Nothing outside brackets names a time: read the whole text as one.
        return vec![DeadlinePart {
            text: text.trim().to_string(),
            value: read(text),
        }];
    }
    merged
        .into_iter()
        .map(|p| DeadlinePart {
            text: text[p.start..p.end].to_string(),
            value: p.value,
        })
        .collect()
}

/// What a piece means, leaving out what it says in brackets: "(theo hướng dẫn tại
/// Công văn … năm học 2022 - 2023)" qualifies a deadline, it is not one.
fn outer_reading(piece: &str) -> DeadlineValue {
    let mut depth = 0usize;
    let outer: String = piece
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    read(&outer)
}

/// The byte ranges of the pieces of `text`, split (outside brackets) at line breaks,
/// ";", ", " and " và ", each trimmed of spaces, list marks ("+ ", "- ") and closing
/// punctuation.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let sep = if depth > 0 {
            0
        } else if c == '\n' || c == ';' {
            1
        } else if rest.starts_with(", ") {
            2
        } else if rest.starts_with(" và ") {
            " và ".len()
        } else {
            0
        };
        if sep > 0 {
            out.extend(trimmed(text, start, i));
            start = i + sep;
            i += sep;
        } else {
            i += c.len_utf8();
        }
    }
    out.extend(trimmed(text, start, text.len()));
    out
}

/// `text[start..end]` without surrounding spaces, list marks and closing punctuation;
/// `None` when nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let piece = &text[start..end];
    let body = piece
        .trim_start()
        .trim_start_matches(['+', '-', '–'])
        .trim_start();
    let from = start + piece.len() - body.len();
    let body = body.trim_end().trim_end_matches([';', ',', '.']).trim_end();
    (!body.is_empty()).then_some((from, from + body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::calendar::Month;

    fn parts_of(text: &str) -> Vec<(String, DeadlineValue)> {
        parts(text).into_iter().map(|p| (p.text, p.value)).collect()
    }

    #[test]
    fn a_year_and_ongoing_are_two_parts_of_one_text() {
        assert_eq!(
            parts_of("Trong năm 2024 và thực hiện thường xuyên"),
            vec![
                ("Trong năm 2024".into(), DeadlineValue::Year { year: 2024 }),
                ("thực hiện thường xuyên".into(), DeadlineValue::Ongoing),
            ]
        );
        assert_eq!(
            parts_of("Quý I/2024 và thực hiện thường xuyên")[0].1,
            DeadlineValue::Quarter {
                year: 2024,
                quarter: 1
            }
        );
    }

    #[test]
    fn list_lines_are_parts_and_their_words_stay_together() {
        let p = parts_of(
            "+ Trong năm 2024 đối với cấp tài khoản VNeID và tài khoản thanh toán điện tử;\n+ Giai đoạn 2023 -2025 đối với địa chỉ số, chữ ký số",
        );
        assert_eq!(
            p,
            vec![
                (
                    "Trong năm 2024 đối với cấp tài khoản VNeID và tài khoản thanh toán điện tử"
                        .into(),
                    DeadlineValue::Year { year: 2024 }
                ),
                (
                    "Giai đoạn 2023 -2025 đối với địa chỉ số, chữ ký số".into(),
                    DeadlineValue::Phase {
                        from: 2023,
                        to: 2025
                    }
                ),
            ]
        );
    }

    #[test]
    fn words_naming_no_time_join_their_part() {
        let text = "Theo tiến độ, lộ trình của Bộ Lao động, Thương binh và Xã hội.";
        assert_eq!(
            parts_of(text),
            vec![(
                "Theo tiến độ, lộ trình của Bộ Lao động, Thương binh và Xã hội".into(),
                DeadlineValue::Schedule
            )]
        );
        assert_eq!(parts_of("Năm 2024: cấp xã 100%; cấp xã 90%").len(), 1);
        assert_eq!(
            parts_of("Trong năm 2024 và 2025"),
            vec![
                ("Trong năm 2024".into(), DeadlineValue::Year { year: 2024 }),
                ("2025".into(), DeadlineValue::Year { year: 2025 }),
            ]
        );
    }

    #[test]
    fn brackets_qualify_a_deadline_and_are_not_split() {
        assert_eq!(
            parts_of("Dự kiến trong tháng 6/2024 (theo lộ trình của Bộ Giáo dục và Đào tạo)"),
            vec![(
                "Dự kiến trong tháng 6/2024 (theo lộ trình của Bộ Giáo dục và Đào tạo)".into(),
                DeadlineValue::Month {
                    month: Month {
                        year: 2024,
                        month: 6
                    }
                }
            )]
        );
        // A school year in a cited letter is not a phase of the deadline.
        let p = parts_of(
            "Các cơ sở giáo dục tiếp tục sử dụng các phần mềm đang quản lý hiện nay và sẽ chuyển sang dùng phần mềm quản trị theo tiến độ triển khai của Bộ Giáo dục và Đào tạo (theo hướng dẫn tại Công văn số 4267/BGDĐT-CNTT ngày 31/8/2022 về thống kê giáo dục năm học 2022 - 2023)",
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, DeadlineValue::Schedule);
        assert_eq!(parts_of("sớm nhất có thể")[0].1, DeadlineValue::Unknown);
    }
}
