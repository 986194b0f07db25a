//! Editors' (unofficial) translations of data text, by language.
//!
//! STUB written by the English-edition branch so that it compiles against the
//! interface agreed with the translations branch (TEAM.md); that branch's file
//! replaces this one at merge. It knows no translation: every text shows in the
//! language of the data, marked with its language.

/// What a translated data text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Subject {
    /// A model of the catalogue (id: its number as text, "1").
    Model,
    /// A group of models (id: the group's id).
    ModelGroup,
    /// An indicator (id: its `id`).
    Indicator,
    /// A service (id: `"{appendix}.{number}"`, "I.2").
    Service,
    /// A group of services (id: as the data has it).
    ServiceGroup,
    /// A locality (id: its slug).
    Locality,
    /// A source document (id: its id).
    Source,
}

/// Editors' (unofficial) translations of data text, by language.
#[derive(Debug, Clone, Default)]
pub struct Translations {}

impl Translations {
    /// The translation into `lang` of `field` ("name", "unit", "title", …) of the record
    /// `id` of kind `subject`, if an editor supplied one.
    pub fn get(&self, lang: &str, subject: Subject, id: &str, field: &str) -> Option<&str> {
        let _ = (lang, subject, id, field);
        None
    }
}
