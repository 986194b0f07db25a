//! GitHub Actions: workflow commands that annotate the lines of a pull request,
//! and a Markdown summary for the job's page (`$GITHUB_STEP_SUMMARY`).

use super::{Range, full_message, rule_title};
use crate::cli::messages::Messages;
use crate::common::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes a command's message as the runner reads it back: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: as [`escape_data`], and `:` and `,`, which
/// separate properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error …::message` (or `::warning`) line per diagnostic.
pub fn commands(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let r = Range::of(d);
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.file),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            escape_property(&rule_title(d)),
            escape_data(&full_message(d))
        );
    }
    out
}

/// The job summary: the counts, a table of rules, then every problem with its place.
pub fn summary(diags: &[Diagnostic], m: &Messages) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let mut s = format!("## {}\n\n", m.get("ci.summary_title"));
    if diags.is_empty() {
        let _ = writeln!(s, "{}", m.get("ci.no_problem"));
        return s;
    }
    let _ = writeln!(
        s,
        "{}\n",
        m.fill("ci.counts", &[("errors", &errors), ("warnings", &warnings)])
    );
    let mut by_rule: BTreeMap<_, usize> = BTreeMap::new();
    for d in diags {
        *by_rule.entry(d.rule).or_default() += 1;
    }
    let _ = writeln!(
        s,
        "| {} | {} | {} |\n| --- | --- | ---: |",
        m.get("ci.rule"),
        m.get("ci.what"),
        m.get("ci.count")
    );
    for (rule, n) in &by_rule {
        let _ = writeln!(
            s,
            "| `{}` {} | {} | {n} |",
            rule.id(),
            rule.info().name,
            md_cell(&m.rule_title(*rule))
        );
    }
    let _ = writeln!(
        s,
        "\n<details><summary>{}</summary>\n",
        m.fill("ci.all_problems", &[("count", &diags.len())])
    );
    for d in diags {
        let level = m.level(d.severity);
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        let _ = write!(
            s,
            "- **{level}** `{}` {}: {}",
            d.rule.id(),
            md_cell(&place),
            md_cell(&d.message)
        );
        if let Some(e) = &d.expected {
            let _ = write!(s, " ({}: {})", m.get("check.expected"), md_cell(e));
        }
        s.push('\n');
    }
    s.push_str("\n</details>\n");
    s
}

/// Text safe in a Markdown table cell or list item: no line breaks, no markup.
fn md_cell(s: &str) -> String {
    crate::cli::diff::md_escape(&s.replace(['\r', '\n'], " "))
}
