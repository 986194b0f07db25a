//! The translations files of `data/translations/<language>.toml`: a header saying
//! who made the translations, then records of translated text by subject.

use super::toml_file::{Located, TomlFile};
use crate::common::diagnostic::Diagnostics;
use crate::model::translations::{Subject, TranslationHeader};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The top-level table of a translations file holding its [`TranslationHeader`].
pub const HEADER: &str = "translation";

/// The headers a translations file may have, as written.
pub(super) const HEADERS: &[&str] = &[
    "[translation]",
    "[[model_group]]",
    "[[model]]",
    "[[indicator]]",
    "[[service_group]]",
    "[[service]]",
    "[[source]]",
    "[[locality]]",
];

/// One record of a translations file: its `id`, then translated fields, all text.
///
/// Kept as text by key: which keys a subject may have is checked by
/// [`crate::validate`], which can point at the key and say what was expected.
pub type TextRecord = BTreeMap<String, String>;

/// One translations file, as read.
#[derive(Debug)]
pub struct TranslationFile {
    /// Its index in the [`Sources`](crate::load::Sources).
    pub file: usize,
    /// Path relative to the site (`data/translations/en.toml`).
    pub path: PathBuf,
    /// The language it translates into: the file's name without `.toml`.
    pub language: String,
    /// Its `[translation]` header, if it could be read.
    pub header: Option<Located<TranslationHeader>>,
    /// Its records, by subject, in file order within each subject.
    pub records: Vec<(Subject, Located<TextRecord>)>,
}

/// What a translations file holds: its header and its records.
pub(super) struct Contents {
    pub(super) header: Option<Located<TranslationHeader>>,
    pub(super) records: Vec<(Subject, Located<TextRecord>)>,
}

/// Takes the header and records out of a parsed translations file.
pub(super) fn records(t: &mut TomlFile<'_>, diags: &mut Diagnostics) -> Contents {
    let header = t.records(HEADER, diags).into_iter().next();
    let mut records = Vec::new();
    for subject in Subject::ALL {
        let found: Vec<Located<TextRecord>> = t.records(subject.key(), diags);
        records.extend(found.into_iter().map(|r| (subject, r)));
    }
    Contents { header, records }
}
