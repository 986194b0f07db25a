//! Editors' translations of data text (`data/translations/<language>.toml`):
//! the names, titles and units of records, always unofficial.
//!
//! The Vietnamese text in `data/` is the one the documents print; a translation
//! is an editor's reading of it, published as such (the file says who made it),
//! never a source. Figures are not text and are never translated.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a translated data text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Subject {
    /// A model of the catalogue; id: its number as text (`"1"`).
    Model,
    /// A group of models; id: its numeral (`"I"`).
    ModelGroup,
    /// An indicator; id: its `id`.
    Indicator,
    /// A row of a services table; id: `"{appendix}.{number}"` (`"I.2"`, `"II.5b"`).
    Service,
    /// A group of a services table; id: `"{appendix}.{id}"` (`"II.I"`).
    ServiceGroup,
    /// A locality; id: its slug.
    Locality,
    /// A cited document; id: its `id`.
    Source,
}

impl Subject {
    /// Every subject, in the order a translations file lists them.
    pub const ALL: [Subject; 7] = [
        Subject::ModelGroup,
        Subject::Model,
        Subject::Indicator,
        Subject::ServiceGroup,
        Subject::Service,
        Subject::Source,
        Subject::Locality,
    ];

    /// The header of its records in a translations file (`[[model]]` → `"model"`).
    pub fn key(self) -> &'static str {
        match self {
            Subject::Model => "model",
            Subject::ModelGroup => "model_group",
            Subject::Indicator => "indicator",
            Subject::Service => "service",
            Subject::ServiceGroup => "service_group",
            Subject::Locality => "locality",
            Subject::Source => "source",
        }
    }

    /// What a reader calls one ("model", "service group").
    pub fn noun(self) -> &'static str {
        match self {
            Subject::Model => "model",
            Subject::ModelGroup => "model group",
            Subject::Indicator => "indicator",
            Subject::Service => "service",
            Subject::ServiceGroup => "service group",
            Subject::Locality => "locality",
            Subject::Source => "source",
        }
    }

    /// The fields of its text that may be translated, as the data names them.
    ///
    /// A service's sub-rows are translated too, as `row1`, `row2`, … in the order
    /// of its `[[service.row]]` (see [`Subject::row_field`]).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Subject::Model => &["title", "goal", "note"],
            Subject::ModelGroup => &["name", "note"],
            Subject::Indicator => &["name", "counted", "description", "note"],
            Subject::Service => &["name"],
            Subject::ServiceGroup => &["name"],
            Subject::Locality => &["name", "note"],
            Subject::Source => &["title", "issuer", "note"],
        }
    }

    /// The field of a service's sub-row `n` (counted from 1): `row1`, `row2`, …
    pub fn row_field(n: usize) -> String {
        format!("row{n}")
    }

    /// The fields whose translation `check` expects once the language has a file:
    /// what a reader needs to follow the page. Notes and place names are optional
    /// (a place keeps its name in English).
    pub fn expected(self, field: &str) -> bool {
        match self {
            Subject::Locality => false,
            _ => field != "note",
        }
    }
}

/// The header of a translations file: who made the translations, and that they are unofficial.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationHeader {
    /// Who made the translations (a person, an office or a project).
    pub translator: String,
    /// Must be `true`: the Vietnamese text is the authoritative one.
    pub unofficial: bool,
    /// How they were made or reviewed, in the file's language.
    #[serde(default)]
    pub note: Option<String>,
}

/// One language's translations.
#[derive(Debug, Clone, Default)]
pub struct Language {
    /// Who made them.
    pub translator: String,
    /// How they were made or reviewed.
    pub note: Option<String>,
    /// Text by subject, id and field.
    texts: BTreeMap<Subject, BTreeMap<String, BTreeMap<String, String>>>,
}

/// Editors' (unofficial) translations of data text, by language.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    languages: BTreeMap<String, Language>,
}

impl Translations {
    /// The translation into `lang` of `field` ("name", "unit", "title", …) of the record
    /// `id` of kind `subject`, if an editor supplied one.
    pub fn get(&self, lang: &str, subject: Subject, id: &str, field: &str) -> Option<&str> {
        self.languages
            .get(lang)?
            .texts
            .get(&subject)?
            .get(id)?
            .get(field)
            .map(String::as_str)
    }

    /// The languages that have translations, by code.
    pub fn languages(&self) -> impl Iterator<Item = (&str, &Language)> {
        self.languages.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// One language's translations, if it has any.
    pub fn language(&self, lang: &str) -> Option<&Language> {
        self.languages.get(lang)
    }

    /// Adds a language, made by `header`'s translator.
    pub fn add_language(&mut self, lang: &str, header: &TranslationHeader) {
        let l = self.languages.entry(lang.to_string()).or_default();
        l.translator = header.translator.clone();
        l.note = header.note.clone();
    }

    /// Adds the translation of one field (the language is added if it was not).
    pub fn insert(&mut self, lang: &str, subject: Subject, id: &str, field: &str, text: &str) {
        self.languages
            .entry(lang.to_string())
            .or_default()
            .texts
            .entry(subject)
            .or_default()
            .entry(id.to_string())
            .or_default()
            .insert(field.to_string(), text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_finds_only_what_was_inserted() {
        let mut t = Translations::default();
        t.insert(
            "en",
            Subject::Model,
            "1",
            "title",
            "Deploying 53 essential services",
        );
        assert_eq!(
            t.get("en", Subject::Model, "1", "title"),
            Some("Deploying 53 essential services")
        );
        assert_eq!(t.get("en", Subject::Model, "1", "goal"), None);
        assert_eq!(t.get("en", Subject::Model, "2", "title"), None);
        assert_eq!(t.get("en", Subject::Indicator, "1", "title"), None);
        assert_eq!(t.get("fr", Subject::Model, "1", "title"), None);
    }

    #[test]
    fn every_subject_has_its_own_header_and_translatable_fields() {
        let keys: std::collections::BTreeSet<_> = Subject::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys.len(), Subject::ALL.len());
        assert!(Subject::ALL.iter().all(|s| !s.fields().is_empty()));
        assert!(!Subject::Locality.expected("name"));
        assert!(Subject::Model.expected("title") && !Subject::Model.expected("note"));
    }
}
