//! `check`'s diagnostics in the formats CI services read: GitHub workflow commands
//! (and a step summary), SARIF 2.1.0, reviewdog's rdjson and GitLab Code Quality.
//!
//! Each format is a pure function of the sorted diagnostics, so that tests parse the
//! output back and compare it with them. Positions: 1-based lines, columns in
//! characters; a problem with a whole file (line 0) is put on line 1, column 1,
//! because these formats need a line to attach it to.

pub mod github;
pub mod gitlab;
pub mod rdjson;
pub mod sarif;

use crate::common::diagnostic::Diagnostic;

/// A diagnostic's range as the CI formats need it: never line or column 0, and an end
/// not before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First line, 1-based.
    pub line: usize,
    /// First column, 1-based, in characters.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just past the end (exclusive), in characters.
    pub end_column: usize,
}

impl Range {
    /// The range of `d`.
    pub fn of(d: &Diagnostic) -> Range {
        let line = d.line.max(1);
        let column = d.column.max(1);
        let (end_line, end_column) = if d.end_line < line {
            (line, column)
        } else if d.end_line == line {
            (line, d.end_column.max(column))
        } else {
            (d.end_line, d.end_column.max(1))
        };
        Range {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The message with what was expected, on a second line, as the formats show one text.
pub fn full_message(d: &Diagnostic) -> String {
    match &d.expected {
        Some(e) => format!("{}\nexpected: {e}", d.message),
        None => d.message.clone(),
    }
}

/// `MB0306 negative-value`: the id and name shown as a title.
pub fn rule_title(d: &Diagnostic) -> String {
    let i = d.rule.info();
    format!("{} {}", i.id, i.name)
}

/// A fingerprint of each diagnostic, made of its rule, file and message (and the number
/// of the same before it), not its line: a problem that moves down when lines are added
/// above it keeps its fingerprint, so a CI service does not show it as fixed and new again.
pub fn fingerprints(diags: &[Diagnostic]) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> =
        std::collections::HashMap::new();
    diags
        .iter()
        .map(|d| {
            let n = seen
                .entry((d.rule.id(), d.file.as_str(), d.message.as_str()))
                .or_default();
            *n += 1;
            let key = format!("{}\u{0}{}\u{0}{}\u{0}{n}", d.rule.id(), d.file, d.message);
            format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes()))
        })
        .collect()
}

/// Writes JSON, pretty-printed and ending with a line break.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}
