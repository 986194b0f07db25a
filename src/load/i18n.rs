//! The UI strings of the site (`i18n/<language>.toml`), as the site stage
//! reads them: page titles and the labels of statuses and kinds of locality.
//!
//! The file is resolved as the theme resolves it for templates: the site's own
//! `i18n/<language>.toml` if there is one (it replaces the theme's whole file),
//! else the theme's. A key that file lacks (a theme or a site's file made
//! before the key existed) is taken from the default theme's Vietnamese
//! strings, built into the program, so that such a site builds as before.

use std::path::{Path, PathBuf};

/// The catalogue of UI strings of one language.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Strings {
    /// The file the strings come from, relative to the site root (for messages).
    #[serde(skip)]
    file: String,
    /// The file's table of strings.
    table: toml::Table,
    /// The default theme's strings, for the keys the file lacks.
    #[serde(skip)]
    defaults: toml::Table,
}

/// The default theme's strings, the fallback of every catalogue.
const DEFAULTS: &str = include_str!("../../themes/default/i18n/vi.toml");

/// The built-in strings as a table (empty if they were unreadable, which a test rules out).
fn defaults() -> toml::Table {
    toml::from_str(DEFAULTS).unwrap_or_default()
}

/// A UI string the site needs that its i18n file does not have, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsError {
    /// The i18n file, relative to the site root.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for StringsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for StringsError {}

impl Strings {
    /// The i18n file of `language` for the theme `theme` of the site at `root`.
    pub fn path(root: &Path, theme: &str, language: &str) -> Option<PathBuf> {
        let name = format!("{language}.toml");
        [
            root.join("i18n").join(&name),
            crate::load::theme_dir::locate(root, theme)
                .unwrap_or_else(|| root.join("themes").join(theme))
                .join("i18n")
                .join(&name),
        ]
        .into_iter()
        .find(|p| p.is_file())
    }

    /// Reads the i18n file of `language` (see [`Strings::path`]); no file gives an empty catalogue.
    pub fn load(root: &Path, theme: &str, language: &str) -> Result<Strings, StringsError> {
        let Some(path) = Strings::path(root, theme, language) else {
            return Ok(Strings {
                file: format!("themes/{theme}/i18n/{language}.toml"),
                table: toml::Table::new(),
                defaults: defaults(),
            });
        };
        let file =
            crate::common::diagnostic::display_path(path.strip_prefix(root).unwrap_or(&path));
        let error = |message: String| StringsError {
            file: file.clone(),
            message,
        };
        let text =
            std::fs::read_to_string(&path).map_err(|e| error(format!("cannot read: {e}")))?;
        let table = toml::from_str::<toml::Table>(&text)
            .map_err(|e| error(format!("translation table: {}", e.message())))?;
        Ok(Strings {
            file,
            table,
            defaults: defaults(),
        })
    }

    /// The default theme's strings, built into the program (for stages that have no site).
    pub fn built_in() -> Strings {
        Strings {
            file: "themes/default/i18n/vi.toml (built in)".into(),
            table: defaults(),
            defaults: toml::Table::new(),
        }
    }

    /// A catalogue of the given table (for tests and tools), said to come from `file`.
    pub fn from_table(file: &str, table: toml::Table) -> Strings {
        Strings {
            file: file.into(),
            table,
            defaults: toml::Table::new(),
        }
    }

    /// The string at `key`, a dotted path into the file's tables (`labels.status.paused`),
    /// or the default theme's if the file lacks it.
    pub fn get(&self, key: &str) -> Result<&str, StringsError> {
        find(&self.table, key).or_else(|| find(&self.defaults, key)).ok_or_else(|| StringsError {
            file: self.file.clone(),
            message: format!("no UI string `{key}` (a key the site's pages need; the theme's i18n file has it)"),
        })
    }
}

/// The string at the dotted path `key` of `table`.
fn find<'t>(table: &'t toml::Table, key: &str) -> Option<&'t str> {
    let mut parts = key.split('.');
    let mut value = table.get(parts.next()?);
    for part in parts {
        value = value?.get(part);
    }
    value?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_names_the_file_and_the_key() {
        let s = Strings::from_table(
            "i18n/vi.toml",
            toml::from_str("[labels.status]\npaused = \"Tạm dừng\"").unwrap(),
        );
        assert_eq!(s.get("labels.status.paused"), Ok("Tạm dừng"));
        let e = s.get("labels.status.ended").unwrap_err();
        assert!(e.to_string().contains("i18n/vi.toml"));
        assert!(e.to_string().contains("labels.status.ended"));
    }

    #[test]
    fn the_built_in_strings_parse_and_fill_in_what_a_file_lacks() {
        assert!(toml::from_str::<toml::Table>(DEFAULTS).is_ok());
        let s = Strings {
            defaults: defaults(),
            ..Strings::from_table("i18n/vi.toml", toml::Table::new())
        };
        assert_eq!(s.get("labels.status.paused"), Ok("Tạm dừng"));
    }
}
