//! The theme: its templates, static files and UI strings, with the site's own overrides.

use crate::common::diagnostic::{Diagnostics, Rule};
use crate::common::escape::escape_html;
use crate::common::fingerprint::{Fp, Hasher};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The theme in use, with the site's own overrides layered on top.
pub struct Theme {
    pub(super) tera: tera::Tera,
    pub(super) statics: BTreeMap<String, PathBuf>,
    pub(super) strings: Json,
    /// The UI strings of the site's other languages, by code (issue 28).
    pub(super) other_strings: BTreeMap<String, Json>,
    /// Fingerprint of the templates and UI strings: part of every page's fingerprint.
    pub fingerprint: Fp,
}

/// Files of a folder, relative `/`-separated names → paths, sorted.
fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((
                crate::common::diagnostic::display_path(rel),
                e.path().to_path_buf(),
            ))
        })
        .collect()
}

impl Theme {
    /// Loads `themes/<name>/` under the site root (the default theme is built in); the site's `templates/`, `static/` and `i18n/` override it file by file.
    pub fn load(root: &Path, name: &str, lang: &str, diags: &mut Diagnostics) -> Option<Theme> {
        // The site's themes/<name>/, or the default theme built into the program.
        let Some(theme_dir) = crate::load::theme_dir::locate(root, name) else {
            diags.file_error(
                Rule::Theme,
                Path::new("site.toml"),
                format!("theme `{name}` not found"),
                Some(format!(
                    "a folder themes/{name}/, or theme = \"{}\" (built in)",
                    crate::load::theme_dir::BUILT_IN
                )),
            );
            return None;
        };
        let mut templates = files_under(&theme_dir.join("templates"));
        templates.extend(files_under(&root.join("templates")));
        let mut statics = files_under(&theme_dir.join("static"));
        statics.extend(files_under(&root.join("static")));
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        // Anchors in templates use the same slugs as the rest of the site (đ → d).
        tera.register_filter(
            "slugify",
            |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
                let s = match v {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Ok(tera::Value::String(crate::common::text::slugify(&s)))
            },
        );
        let mut raw = Vec::new();
        let mut fp = Hasher::new();
        for (name, path) in &templates {
            match std::fs::read_to_string(path) {
                Ok(t) => {
                    fp.add(name.as_bytes()).add(t.as_bytes());
                    raw.push((name.clone(), t))
                }
                Err(e) => diags.file_error(
                    Rule::Theme,
                    path,
                    format!("cannot read template: {e}"),
                    None,
                ),
            }
        }
        if let Err(e) = tera.add_raw_templates(raw) {
            diags.file_error(
                Rule::Theme,
                &theme_dir,
                format!("template error: {}", error_chain(&e)),
                None,
            );
            return None;
        }
        let strings = read_strings(root, &theme_dir, lang, diags)?
            .unwrap_or_else(|| Json::Object(Default::default()));
        fp.add(strings.to_string().as_bytes());
        Some(Theme {
            tera,
            statics,
            strings,
            other_strings: BTreeMap::new(),
            fingerprint: fp.finish(),
        })
    }

    /// Adds the UI strings of another language of the site; a language with no i18n file
    /// is an error (its pages would show the default language's words).
    pub fn add_language(
        &mut self,
        root: &Path,
        name: &str,
        code: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        let theme_dir = crate::load::theme_dir::locate(root, name)
            .unwrap_or_else(|| root.join("themes").join(name));
        let Some(found) = read_strings(root, &theme_dir, code, diags) else {
            return false;
        };
        let Some(strings) = found else {
            diags.file_error(
                Rule::Theme,
                Path::new("site.toml"),
                format!("no UI strings for the language `{code}`"),
                Some(format!(
                    "i18n/{code}.toml in the site or the theme (copy themes/default/i18n/en.toml)"
                )),
            );
            return false;
        };
        let mut fp = Hasher::new();
        fp.add(self.fingerprint.as_bytes())
            .add(code.as_bytes())
            .add(strings.to_string().as_bytes());
        self.fingerprint = fp.finish();
        self.other_strings.insert(code.to_string(), strings);
        true
    }

    /// The UI strings of the language `code` (the default language's for any other code).
    pub(super) fn strings_for(&self, code: &str) -> &Json {
        self.other_strings.get(code).unwrap_or(&self.strings)
    }
}

/// The i18n file of `lang` (the site's, else the theme's) as JSON: `Some(None)` when
/// there is none, `None` (reported) when it cannot be read.
fn read_strings(
    root: &Path,
    theme_dir: &Path,
    lang: &str,
    diags: &mut Diagnostics,
) -> Option<Option<Json>> {
    let path = [
        root.join("i18n").join(format!("{lang}.toml")),
        theme_dir.join("i18n").join(format!("{lang}.toml")),
    ]
    .into_iter()
    .find(|p| p.is_file());
    let Some(path) = path else {
        return Some(None);
    };
    let parsed = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|text| {
            toml::from_str::<toml::Table>(&text)
                .map_err(|e| format!("translation table: {}", e.message()))
        });
    match parsed {
        Ok(t) => Some(Some(serde_json::to_value(t).unwrap_or(Json::Null))),
        Err(message) => {
            diags.file_error(Rule::Theme, &path, message, None);
            None
        }
    }
}

impl Theme {
    /// Whether the theme (or the site) has the template `name`.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

/// An error with its causes, `: `-separated.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
