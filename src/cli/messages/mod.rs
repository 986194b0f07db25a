//! Message catalogues: the words of the terminal messages of `check`, `build`, `new`
//! and `diff`, of the CI summary and of diff's pull-request comment, one TOML file per
//! language (`en.toml`, `vi.toml`, compiled in). Code names a message by its key
//! (`check.expected`); a `{name}` in a message is filled by [`Messages::fill`].
//!
//! What stays English: the detailed check messages (`unknown locality `x``), which
//! embed data and are written where each check is; their rule's title is translated.

use crate::common::diagnostic::{Diagnostic, Severity};
use crate::common::rule::Rule;
use std::collections::HashMap;
use std::fmt::Display;

/// A language the catalogues have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// The language of a code such as `vi` or `en-GB`; None for one without a catalogue.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The site's language if a catalogue has it, else English.
    pub fn for_site(language: &str) -> Lang {
        Lang::parse(language).unwrap_or(Lang::En)
    }
}

/// The catalogue of one language, falling back to English for a missing key.
#[derive(Debug)]
pub struct Messages {
    lang: Lang,
    own: HashMap<String, String>,
    english: HashMap<String, String>,
}

const EN: &str = include_str!("en.toml");
const VI: &str = include_str!("vi.toml");

/// Flattens a catalogue into `section.key` → message.
pub fn flatten(text: &str) -> HashMap<String, String> {
    // The catalogues are compiled in and parsed by a test: a broken one fails the tests.
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    let mut out = HashMap::new();
    for (section, value) in table {
        if let toml::Value::Table(t) = value {
            for (k, v) in t {
                if let toml::Value::String(s) = v {
                    out.insert(format!("{section}.{k}"), s);
                }
            }
        }
    }
    out
}

/// The text of each catalogue, for tests: (language code, TOML).
pub const CATALOGUES: [(&str, &str); 2] = [("en", EN), ("vi", VI)];

impl Messages {
    /// The catalogue of `lang`.
    pub fn new(lang: Lang) -> Messages {
        let english = flatten(EN);
        let own = match lang {
            Lang::En => HashMap::new(),
            Lang::Vi => flatten(VI),
        };
        Messages { lang, own, english }
    }

    /// The language of this catalogue.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message with this key (`{?}` if no catalogue has it, so that a mistake
    /// shows instead of vanishing; a test reads every key the code asks for).
    pub fn get(&self, key: &str) -> &str {
        self.own
            .get(key)
            .or_else(|| self.english.get(key))
            .map_or("{?}", String::as_str)
    }

    /// The message with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn Display)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), &value.to_string());
        }
        s
    }

    /// "error" or "warning".
    pub fn level(&self, s: Severity) -> &str {
        match s {
            Severity::Error => self.get("level.error"),
            Severity::Warning => self.get("level.warning"),
        }
    }

    /// A rule's title in this language.
    pub fn rule_title(&self, rule: Rule) -> String {
        let i = rule.info();
        match self.own.get(&format!("rules.{}", i.name)) {
            Some(t) => t.clone(),
            None => i.title.to_string(),
        }
    }

    /// A diagnostic for the terminal, as [`Diagnostic`]'s `Display` in English: the
    /// label, place and message, the line with a caret under the column, what was
    /// expected, and the rule.
    pub fn diagnostic(&self, d: &Diagnostic) -> String {
        use std::fmt::Write as _;
        let level = self.level(d.severity);
        let mut f = String::new();
        if d.line > 0 {
            let _ = writeln!(
                f,
                "{level}: {}:{}:{}: {}",
                d.file, d.line, d.column, d.message
            );
        } else {
            let _ = writeln!(f, "{level}: {}: {}", d.file, d.message);
        }
        if !d.snippet.is_empty() {
            let gutter = d.line.to_string();
            let _ = writeln!(f, " {gutter} | {}", d.snippet);
            let pad = " ".repeat(gutter.len());
            let caret_pad = " ".repeat(d.column.saturating_sub(1));
            // Underline the whole offending value when it is on this line.
            let width = if d.end_line == d.line && d.end_column > d.column {
                d.end_column - d.column
            } else {
                1
            };
            let _ = writeln!(f, " {pad} | {caret_pad}{}", "^".repeat(width));
        }
        if let Some(expected) = &d.expected {
            let _ = writeln!(f, "  = {}: {expected}", self.get("check.expected"));
        }
        let _ = writeln!(
            f,
            "  = {}: {} {} ({})",
            self.get("check.rule"),
            d.rule.id(),
            d.rule.info().name,
            self.rule_title(d.rule)
        );
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_has_every_english_key_and_its_placeholders() {
        let en = flatten(EN);
        assert!(en.len() > 50, "the English catalogue parses");
        let vi = flatten(VI);
        for (k, v) in &en {
            let t = vi.get(k).unwrap_or_else(|| panic!("vi.toml lacks {k}"));
            let holes = |s: &str| {
                let mut h: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|x| x.0.to_string()))
                    .collect();
                h.sort();
                h
            };
            assert_eq!(holes(v), holes(t), "placeholders of {k}");
        }
        for r in Rule::ALL {
            assert!(
                vi.contains_key(&format!("rules.{}", r.info().name)),
                "vi.toml has no title for rule {}",
                r.info().name
            );
        }
    }

    #[test]
    fn fill_replaces_named_values() {
        let m = Messages::new(Lang::Vi);
        assert_eq!(
            m.fill("check.failed", &[("errors", &3), ("warnings", &0)]),
            "check: 3 lỗi, 0 cảnh báo"
        );
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::for_site("fr"), Lang::En);
    }
}
