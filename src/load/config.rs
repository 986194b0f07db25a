//! `site.toml`: the settings of one portal.

use crate::common::diagnostic::{Diagnostics, Loc, Rule, Severity};
use crate::load::{Sources, TomlFile, read_text};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Settings of a site, from `site.toml` at its root.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The portal's name.
    pub title: String,
    /// One sentence on what it is.
    #[serde(default)]
    pub description: String,
    /// Where it will be served; pages link relative to its path.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Language of the pages (`vi`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Whose portal it is (shown in the footer).
    #[serde(default)]
    pub publisher: String,
    /// Marks a portal built from generated data: every page says so.
    #[serde(default)]
    pub synthetic: bool,
    /// How content pages' Markdown is turned into HTML.
    #[serde(default)]
    pub markdown: MarkdownConfig,
}

/// `[markdown]` of site.toml.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What happens to raw HTML written in a content page.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// Treatment of raw HTML inside content Markdown. Data strings (TOML) never become HTML, whatever this says.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text, tags and all (the default: nothing an author types can become markup).
    #[default]
    Escape,
    /// Kept, through the allow-list of [`crate::render::sanitize`]: formatting, tables, links and
    /// images with safe URLs; no script, style, event handler, form, frame or embedded object.
    Sanitize,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "vi".into()
}
fn default_theme() -> String {
    "default".into()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "minhbach".into(),
            description: String::new(),
            base_url: default_base_url(),
            language: default_language(),
            theme: default_theme(),
            publisher: String::new(),
            synthetic: false,
            markdown: MarkdownConfig::default(),
        }
    }
}

/// Reads `site.toml`; a missing file is an error, and defaults stand in so that checking goes on.
pub fn load(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> SiteConfig {
    let path = root.join("site.toml");
    if !path.is_file() {
        diags.file_error(
            Rule::SiteConfig,
            Path::new("site.toml"),
            "missing file",
            Some("site.toml with at least title = \"...\"".into()),
        );
        return SiteConfig::default();
    }
    let Some(src) = read_text(root, &path, diags) else {
        return SiteConfig::default();
    };
    let file = sources.add(src);
    if !TomlFile::parse(sources.get(file), file, diags).ok() {
        return SiteConfig::default();
    }
    match toml::from_str::<SiteConfig>(&sources.get(file).text) {
        Ok(c) => {
            if c.theme.contains(['/', '\\']) || c.theme.starts_with('.') {
                let loc = Loc { file, span: 0..0 };
                sources.report(
                    diags,
                    Rule::SiteConfig,
                    Severity::Error,
                    &loc,
                    format!("theme `{}` is not a folder name", c.theme),
                    Some("a folder under themes/".into()),
                );
            }
            c
        }
        Err(e) => {
            let (message, expected) = crate::load::split_expected(e.message());
            let loc = Loc {
                file,
                span: e.span().unwrap_or(0..0),
            };
            sources.report(
                diags,
                Rule::SiteConfig,
                Severity::Error,
                &loc,
                message,
                expected,
            );
            SiteConfig::default()
        }
    }
}
