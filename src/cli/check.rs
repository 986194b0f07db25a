//! How `check` (and `build`, `new`, `diff`) show diagnostics: for a person in the
//! site's language, or in a format a CI service reads ([`super::ci`]).

use super::ci;
use super::messages::{Lang, Messages};
use crate::common::diagnostic::Diagnostic;
use crate::load::config::SiteConfig;
use std::path::Path;

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a person, on standard error, in the site's language.
    Text,
    /// A JSON array of the diagnostics.
    Json,
    /// GitHub Actions workflow commands (annotations), and a step summary.
    Github,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// reviewdog's Diagnostic Result format.
    Rdjson,
    /// GitLab Code Quality report.
    Gitlab,
}

/// The site's settings as far as they can be read, for the language of the messages
/// and the base URL of links; defaults when site.toml is missing or broken (`check`
/// reports that).
pub fn site_settings(root: &Path) -> SiteConfig {
    let mut sources = crate::load::Sources::default();
    let mut ignored = crate::common::diagnostic::Diagnostics::default();
    crate::load::config::load(root, &mut sources, &mut ignored)
}

/// The messages in `--lang`, else in the site's language, else English.
pub fn messages(lang: Option<&str>, root: &Path) -> Result<Messages, String> {
    let lang = match lang {
        Some(code) => Lang::parse(code).ok_or_else(|| {
            format!("--lang `{code}`: no messages in this language (expected vi or en)")
        })?,
        None => Lang::for_site(&site_settings(root).language),
    };
    Ok(Messages::new(lang))
}

/// Every diagnostic for a person, in the catalogue's language.
pub fn text(diags: &[Diagnostic], m: &Messages) -> String {
    diags.iter().map(|d| m.diagnostic(d)).collect()
}

/// The machine-readable output of `format` (not [`Format::Text`], which [`text`] makes).
pub fn machine(diags: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Text => String::new(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(diags).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => ci::github::commands(diags),
        Format::Sarif => ci::sarif::log(diags),
        Format::Rdjson => ci::rdjson::result(diags),
        Format::Gitlab => ci::gitlab::report(diags),
    }
}

/// Diagnostics with `prefix` (the site's folder inside the repository, as CI services
/// resolve paths from the repository's root) before each file.
pub fn with_prefix(diags: Vec<Diagnostic>, prefix: Option<&str>) -> Vec<Diagnostic> {
    let Some(p) = prefix
        .map(|p| p.trim_end_matches('/'))
        .filter(|p| !p.is_empty() && *p != ".")
    else {
        return diags;
    };
    diags
        .into_iter()
        .map(|mut d| {
            d.file = format!("{p}/{}", d.file);
            d
        })
        .collect()
}

/// Appends the Markdown summary to `path` (GitHub's `$GITHUB_STEP_SUMMARY` is a file
/// each step appends to).
pub fn append_summary(path: &Path, diags: &[Diagnostic], m: &Messages) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(ci::github::summary(diags, m).as_bytes())
}
