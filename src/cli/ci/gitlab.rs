//! GitLab's Code Quality report (`artifacts:reports:codequality`), shown on merge requests.

use super::{Range, to_json};
use crate::common::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The report of `diags`. The fingerprint is made of the rule, file and message (and
/// the number of the same before it), not the line: a problem that moves down when
/// lines are added above it keeps its fingerprint, so GitLab does not show it as fixed
/// and new again.
pub fn report(diags: &[Diagnostic]) -> String {
    let mut seen: HashMap<(String, String, &str), usize> = HashMap::new();
    let issues: Vec<Issue> = diags
        .iter()
        .map(|d| {
            let r = Range::of(d);
            let n = seen
                .entry((d.file.clone(), d.message.clone(), d.rule.id()))
                .or_default();
            *n += 1;
            let key = format!("{}\u{0}{}\u{0}{}\u{0}{n}", d.rule.id(), d.file, d.message);
            Issue {
                description: super::full_message(d),
                check_name: d.rule.id(),
                fingerprint: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes())),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: d.file.clone(),
                    lines: Lines {
                        begin: r.line,
                        end: r.end_line,
                    },
                },
            }
        })
        .collect();
    to_json(&issues)
}
