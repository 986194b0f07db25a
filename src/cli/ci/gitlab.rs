//! GitLab's Code Quality report (`artifacts:reports:codequality`), shown on merge requests.

use super::{Range, to_json};
use crate::common::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

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

/// The report of `diags`, each with its [`super::fingerprints`].
pub fn report(diags: &[Diagnostic]) -> String {
    let issues: Vec<Issue> = diags
        .iter()
        .zip(super::fingerprints(diags))
        .map(|(d, fingerprint)| {
            let r = Range::of(d);
            Issue {
                description: super::full_message(d),
                check_name: d.rule.id(),
                fingerprint,
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
