//! SARIF 2.1.0, the format of GitHub code scanning and other static-analysis viewers:
//! every rule in `tool.driver.rules`, one result per diagnostic.

use super::{Range, to_json};
use crate::common::diagnostic::{Diagnostic, Severity};
use crate::common::rule::Rule;
use serde::Serialize;

/// The log: one run of minhbach.
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    /// Columns count characters (Unicode code points), as minhbach's do.
    column_kind: &'static str,
    results: Vec<Finding>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Finding {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    /// Stable when lines move (see [`super::fingerprints`]), for code scanning to
    /// follow an alert from one commit to the next.
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "minhbach/v1")]
    minhbach: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    /// Relative to the checked-out repository, as code scanning resolves it.
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file path as a relative URI reference: each segment percent-encoded where needed.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF log of `diags`.
pub fn log(diags: &[Diagnostic]) -> String {
    let rules = Rule::ALL
        .iter()
        .map(|r| {
            let i = r.info();
            RuleDescriptor {
                id: i.id,
                name: i.name,
                short_description: Text {
                    text: i.title.into(),
                },
                full_description: Text {
                    text: i.help.into(),
                },
                help: Text {
                    text: i.help.into(),
                },
                default_configuration: Configuration {
                    level: level(i.severity),
                },
            }
        })
        .collect();
    let results = diags
        .iter()
        .zip(super::fingerprints(diags))
        .map(|(d, f)| finding(d, f))
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    to_json(&Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "minhbach",
                    version,
                    semantic_version: version,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    })
}

fn finding(d: &Diagnostic, fingerprint: String) -> Finding {
    let r = Range::of(d);
    Finding {
        rule_id: d.rule.id(),
        rule_index: Rule::ALL.iter().position(|x| *x == d.rule).unwrap_or(0),
        partial_fingerprints: Fingerprints {
            minhbach: fingerprint,
        },
        level: level(d.severity),
        message: Text {
            text: super::full_message(d),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&d.file),
                    uri_base_id: "%SRCROOT%",
                },
                region: Region {
                    start_line: r.line,
                    start_column: r.column,
                    end_line: r.end_line,
                    end_column: r.end_column,
                    snippet: (!d.snippet.is_empty()).then(|| Text {
                        text: d.snippet.clone(),
                    }),
                },
            },
        }],
    }
}
