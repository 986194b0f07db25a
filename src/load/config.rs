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
    /// Language of the pages (`vi`): the default language, whose pages are at the root.
    #[serde(default = "default_language")]
    pub language: String,
    /// The site's other languages, as in Zola (`[languages.en]`), each with its own tree
    /// (`/en/…`); none for a site in one language.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
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

/// `[languages.<code>]` of site.toml: what a language other than the default says of the site.
/// A key left out is the default language's (a title that is a proper name stays as it is).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The portal's name in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One sentence on what it is, in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whose portal it is, in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
}

impl SiteConfig {
    /// Every language of the site, the default first, then the others in code order.
    pub fn language_codes(&self) -> Vec<&str> {
        std::iter::once(self.language.as_str())
            .chain(self.languages.keys().map(String::as_str))
            .collect()
    }

    /// The settings as the pages of `code` (a code of [`SiteConfig::languages`]) see
    /// them: its language, title, description and publisher, and no other languages.
    pub fn for_language(&self, code: &str) -> SiteConfig {
        let lang = self.languages.get(code).cloned().unwrap_or_default();
        SiteConfig {
            title: lang.title.unwrap_or_else(|| self.title.clone()),
            description: lang.description.unwrap_or_else(|| self.description.clone()),
            publisher: lang.publisher.unwrap_or_else(|| self.publisher.clone()),
            language: code.to_string(),
            languages: Default::default(),
            ..self.clone()
        }
    }
}

/// Whether `code` is a language tag a URL and `lang=""` can carry: `en`, `zh-Hant`
/// (two or three letters, then subtags of letters and digits).
fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
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
            languages: Default::default(),
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
            check_languages(&c, file, sources, diags);
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

/// Reports a language code that cannot be a language tag, or the default language listed
/// again among the others (its pages would be written twice).
fn check_languages(c: &SiteConfig, file: usize, sources: &Sources, diags: &mut Diagnostics) {
    let text = &sources.get(file).text;
    let default_again = c
        .languages
        .contains_key(&c.language)
        .then_some(c.language.as_str());
    let bad_codes = c
        .language_codes()
        .into_iter()
        .filter(|code| !is_language_tag(code));
    for code in bad_codes.chain(default_again) {
        let message = if is_language_tag(code) {
            format!("language `{code}` is the default `language` and is in [languages] too")
        } else {
            format!("language `{code}` is not a language code")
        };
        // Point at the code as written, else at the start of the file.
        let span = [format!("[languages.{code}]"), format!("\"{code}\"")]
            .iter()
            .find_map(|needle| text.find(needle.as_str()).map(|i| i..i + needle.len()))
            .unwrap_or(0..0);
        sources.report(
            diags,
            Rule::SiteConfig,
            Severity::Error,
            &Loc { file, span },
            message,
            Some("a language code such as \"en\", other than the default `language`".into()),
        );
    }
}
