//! The view of `index_az.html`, the alphabetical index.

use serde::Serialize;

/// `index_az.html`: every locality, model and indicator, each linked, filed
/// under its initial letter in Vietnamese alphabetical order.
#[derive(Debug, Clone, Serialize)]
pub struct IndexAzView {
    /// The letters that have entries, in alphabetical order.
    pub letters: Vec<AzLetter>,
    /// How many entries there are in all.
    pub count: usize,
}

/// One letter of the index and what is filed under it.
#[derive(Debug, Clone, Serialize)]
pub struct AzLetter {
    /// The letter, upper-case, without tone ("A", "Â", "Đ"; a digit for text starting with one).
    pub letter: String,
    /// The id of its heading, ASCII (the letter in Telex: `a`, `aa`, `dd`, `ow` …).
    pub id: String,
    /// Its entries, in alphabetical order.
    pub entries: Vec<AzEntry>,
}

/// What kind of thing an entry is (`t.pages.index_az.kinds[kind]`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AzKind {
    /// A locality.
    Locality,
    /// A model of the province's catalogue.
    Model,
    /// An indicator.
    Indicator,
}

/// One entry of the index.
#[derive(Debug, Clone, Serialize)]
pub struct AzEntry {
    /// What the link says: a locality's kind and name ("Huyện Quan Hóa"), a
    /// model's title, an indicator's name.
    pub label: String,
    /// The text it is filed by (a locality's name without its kind; the label otherwise).
    pub sort_name: String,
    /// URL of its page.
    pub url: String,
    /// What it is.
    pub kind: AzKind,
    /// A model's number; a model without a title is labelled by it alone.
    pub number: Option<u32>,
}
