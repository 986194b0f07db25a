//! reviewdog's Diagnostic Result format (`reviewdog -f=rdjson`).

use super::{Range, to_json};
use crate::common::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Result {
    source: Source,
    diagnostics: Vec<Item>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
}

#[derive(Serialize)]
struct Item {
    message: String,
    location: Location,
    severity: &'static str,
    source: Source,
    code: Code,
}

#[derive(Serialize)]
struct Location {
    path: String,
    range: Span,
}

#[derive(Serialize)]
struct Span {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    /// In bytes of UTF-8, as reviewdog counts (absent when not known).
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
}

/// The 1-based byte column of the 1-based character column `col` in `line`.
fn byte_column(line: &str, col: usize) -> usize {
    line.char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
        + 1
}

/// The rdjson document of `diags`.
pub fn result(diags: &[Diagnostic]) -> String {
    let diagnostics = diags
        .iter()
        .map(|d| {
            let r = Range::of(d);
            // Only the first line's text is known: a range's end on another line keeps its line alone.
            let start = byte_column(&d.snippet, r.column);
            let end = (r.end_line == r.line).then(|| byte_column(&d.snippet, r.end_column));
            Item {
                message: super::full_message(d),
                location: Location {
                    path: d.file.clone(),
                    range: Span {
                        start: Position {
                            line: r.line,
                            column: Some(start),
                        },
                        end: Position {
                            line: r.end_line,
                            column: end,
                        },
                    },
                },
                severity: match d.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                },
                source: Source { name: "minhbach" },
                code: Code { value: d.rule.id() },
            }
        })
        .collect();
    to_json(&Result {
        source: Source { name: "minhbach" },
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::byte_column;

    #[test]
    fn columns_count_bytes() {
        assert_eq!(byte_column("a = \"Hóa\" x", 11), 12);
        assert_eq!(byte_column("abc", 1), 1);
        assert_eq!(byte_column("abc", 4), 4);
    }
}
