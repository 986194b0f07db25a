//! Stage 1, **load**: read the site's files and parse them into records that
//! remember where they were written.
//!
//! Every TOML file is parsed with error recovery, and every record
//! (`[[model]]`, `[[value]]`, ...) is deserialized on its own, so that one bad
//! record does not hide the problems of the others. Problems go to a
//! [`Diagnostics`]; what could be read is returned all the same.

//!
//! The work is split by subject: [`read`] reads a file's text, [`toml_file`]
//! parses TOML into located records, `files` knows the data files and reads
//! them in parallel, [`translations`] holds the records of the translations files, [`config`] reads `site.toml`, [`content`] the Markdown pages
//! and [`i18n`] the theme's UI strings that the site stage writes into pages.

pub mod cache;
pub mod config;
pub mod content;
mod files;
pub mod i18n;
pub mod inputs;
pub mod read;
pub mod theme_dir;
pub mod toml_file;
pub mod translations;

pub use cache::ParseCache;
pub use read::{MAX_FILE_BYTES, outside_target, read_text, read_text_inside};
pub use toml_file::{Located, TomlFile, field_str, split_expected};

use crate::common::diagnostic::{Diagnostics, Loc, Rule, Severity, SourceText};
use crate::model::records::*;
use config::SiteConfig;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The text of every file read, indexed by [`Loc::file`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceText>,
}

impl Sources {
    /// Adds a file and returns its index.
    pub fn add(&mut self, file: SourceText) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    /// Number of files added.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file at an index.
    pub fn get(&self, index: usize) -> &SourceText {
        &self.files[index]
    }

    /// Reports a problem at a location.
    pub fn report(
        &self,
        diags: &mut Diagnostics,
        rule: Rule,
        severity: Severity,
        loc: &Loc,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        let mut d = self.files[loc.file].diagnostic(rule, severity, loc.span.clone(), message);
        d.expected = expected;
        diags.push(d);
    }
}

/// One plan file.
#[derive(Debug)]
pub struct PlanFile {
    /// Path relative to the site.
    pub path: PathBuf,
    /// Its `[plan]` header, if it could be read.
    pub plan: Option<Located<Plan>>,
    /// Its groups.
    pub groups: Vec<Located<PlanGroup>>,
    /// Its items.
    pub items: Vec<Located<PlanItem>>,
}

/// One report folder.
#[derive(Debug)]
pub struct ReportDir {
    /// The folder's name (should be the month).
    pub name: String,
    /// Path of the folder relative to the site.
    pub path: PathBuf,
    /// Location of the folder's report.toml, or of nothing if it is missing.
    pub report: Option<Located<Report>>,
    /// The figures of indicators.toml, then of each indicators/*.toml in name order:
    /// one list per file, kept apart so that a national month's are not copied into one.
    pub values: Vec<Vec<Located<Value>>>,
    /// models.toml.
    pub statuses: Vec<Located<ModelStatus>>,
    /// services.toml groups.
    pub service_groups: Vec<Located<ServiceGroup>>,
    /// services.toml.
    pub services: Vec<Located<Service>>,
    /// Records marked `to_fill = true`: left out of the data, listed by `check`.
    pub to_fill: Vec<ToFill>,
    /// Fingerprint of each figure's record text, in the order of `values` flattened
    /// (see [`crate::load::inputs::split_inputs`]); filled in once the whole site is read.
    pub fingerprints: Vec<u128>,
}

/// A record scaffolded by `minhbach new` and not filled in yet (`to_fill = true`).
#[derive(Debug, Clone)]
pub struct ToFill {
    /// Where the record is.
    pub loc: Loc,
    /// What is to be filled in, in an editor's words ("figure `x` of thanh-hoa").
    pub what: String,
}

/// Everything read from a site, before validation.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The site's root folder.
    pub root: PathBuf,
    /// site.toml.
    pub config: SiteConfig,
    /// The text of every file read.
    pub sources: Sources,
    /// sources.toml.
    pub documents: Vec<Located<Source>>,
    /// localities.toml.
    pub localities: Vec<Located<Locality>>,
    /// models.toml groups.
    pub groups: Vec<Located<ModelGroup>>,
    /// models.toml models.
    pub models: Vec<Located<Model>>,
    /// indicators.toml.
    pub indicators: Vec<Located<Indicator>>,
    /// plans/*.toml.
    pub plans: Vec<PlanFile>,
    /// reports/*/.
    pub reports: Vec<ReportDir>,
    /// content/**/*.md.
    pub pages: Vec<crate::model::records::Page>,
    /// corrections.toml (optional).
    pub corrections: Vec<Located<Correction>>,
    /// translations/*.toml (optional), by file name.
    pub translations: Vec<translations::TranslationFile>,
    /// `[[source]]` records of sources.toml still marked `to_fill = true`: their ids may be cited.
    pub sources_to_fill: Vec<(String, ToFill)>,
    /// Data files whose records could not be read at all (missing, unreadable or not valid TOML):
    /// references into them are not checked, so one typo does not bury its own error under hundreds.
    pub unread: BTreeSet<String>,
    /// Fingerprint of everything read but the figures' own records (see
    /// [`crate::load::inputs::split_inputs`]).
    pub rest_fingerprint: crate::common::fingerprint::Fp,
}

/// Loads every file of the site at `root`.
///
/// The data files are read and parsed in parallel, each on its own; their
/// records, texts and diagnostics are then put together in the order of a
/// sequential read (files by name), so that the result does not depend on
/// which thread finished first.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_with(root, None, diags)
}

/// [`load`], with the figures of unchanged figure files taken from `cache` (see [`ParseCache`]).
pub fn load_with(root: &Path, cache: Option<&ParseCache>, diags: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Default::default()
    };
    loaded.config = config::load(root, &mut loaded.sources, diags);
    let data = root.join("data");
    if data.is_dir() {
        files::load_data(root, &data, cache, &mut loaded, diags);
        loaded.pages = content::load(root, &mut loaded.sources, diags);
    } else {
        diags.file_error(
            Rule::FileUnreadable,
            Path::new("data"),
            "the site has no data folder",
            Some("a folder data/ with sources.toml, models.toml, ...".into()),
        );
    }
    fingerprint_inputs(&mut loaded);
    loaded
}

/// Records the fingerprints of what was read, for an incremental build to tell which
/// outputs are unchanged (see [`crate::load::inputs::split_inputs`]).
///
/// The one place that computes them: validation only carries them into the dataset.
fn fingerprint_inputs(loaded: &mut Loaded) {
    let inputs = crate::load::inputs::split_inputs(&loaded.sources, &loaded.reports);
    loaded.rest_fingerprint = inputs.rest;
    for (dir, figures) in loaded.reports.iter_mut().zip(inputs.figures) {
        dir.fingerprints = figures;
    }
}
