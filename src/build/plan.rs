//! The plan of a build: what becomes of each output file, decided from
//! fingerprints alone, before anything is made, so that a build with nothing
//! to do touches nothing.
//!
//! Every output is fingerprinted from its inputs without being made (see
//! [`crate::render::page_fingerprint`] and [`crate::output::content::Content::fingerprint`]);
//! one whose fingerprint is the one the last build recorded, and whose file is
//! still as that build left it, is kept.

use super::manifest::{FileRecord, Manifest};
use crate::common::diagnostic::{Diagnostics, Rule};
use crate::common::fingerprint::{Fp, hash};
use crate::output::content::Content;
use crate::render::{self, Output, Theme};
use crate::site::{PageSpec, Site};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// What becomes of one output file.
pub enum Action<'s, 'a> {
    /// Unchanged since the last build (its record there): carried over, with a page's chart CSV files.
    Keep(&'s FileRecord),
    /// A page to render.
    Render(&'s PageSpec<'a>),
    /// A data file to make and write.
    Make(&'s Content<'a>),
    /// Other bytes to write.
    Write(&'s [u8]),
}

/// One output file of the plan.
pub struct Step<'s, 'a> {
    /// Its path in the output folder.
    pub path: String,
    /// The fingerprint of what it is made from.
    pub input: Fp,
    /// What becomes of it.
    pub action: Action<'s, 'a>,
}

/// The last build, as far as this one can start from it.
#[derive(Clone, Copy)]
pub struct Previous<'m> {
    /// The output folder.
    pub output: &'m Path,
    /// The last build's manifest, if it describes that folder.
    pub manifest: Option<&'m Manifest>,
}

impl<'m> Previous<'m> {
    /// The last build's record of a file, if the file is still as it left it.
    pub fn still_there(&self, path: &str) -> Option<&'m FileRecord> {
        self.manifest.and_then(|m| m.still_there(path))
    }

    /// The last build's record of a file, if the file is still as it left it
    /// and was made from the same inputs.
    pub fn unchanged(&self, path: &str, input: &str) -> Option<&'m FileRecord> {
        self.still_there(path).filter(|r| r.input == input)
    }
}

/// Every output file of a build and what becomes of it: the data and other
/// files first, then the pages.
pub struct Plan<'s, 'a> {
    /// The files, in that order.
    pub steps: Vec<Step<'s, 'a>>,
    /// Where the pages start in `steps`.
    pub pages_start: usize,
}

impl<'s, 'a> Plan<'s, 'a> {
    /// Plans the data files and pages of `site` and the `others` files.
    pub fn new(
        site: &'s Site<'a>,
        theme: &Theme,
        others: &'s [Output],
        previous: Previous<'s>,
        globals: &Fp,
    ) -> Plan<'s, 'a> {
        let mut steps: Vec<Step> = site
            .files
            .par_iter()
            .map(|f| {
                let input = f.content.fingerprint();
                let action = match previous.unchanged(&f.path, &input) {
                    Some(r) => {
                        // The data page shows its length.
                        f.content.kept(r.len as usize);
                        Action::Keep(r)
                    }
                    None => Action::Make(&f.content),
                };
                Step {
                    path: f.path.clone(),
                    input,
                    action,
                }
            })
            .collect();
        steps.par_extend(others.par_iter().map(|o| {
            let input = hash(&o.bytes);
            let action = match previous.unchanged(&o.path, &input) {
                Some(r) => Action::Keep(r),
                None => Action::Write(&o.bytes),
            };
            Step {
                path: o.path.clone(),
                input,
                action,
            }
        }));
        let pages_start = steps.len();
        steps.par_extend(site.pages.par_iter().map(|page| {
            let path = crate::paths::page_file(&page.path);
            let input = render::page_fingerprint(page, globals, theme);
            let kept = previous.unchanged(&path, &input).filter(|r| {
                r.charts
                    .iter()
                    .all(|(p, k)| previous.unchanged(p, k).is_some())
            });
            let action = match kept {
                Some(r) => Action::Keep(r),
                None => Action::Render(page),
            };
            Step {
                path,
                input,
                action,
            }
        }));
        Plan { steps, pages_start }
    }

    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.steps.len() - self.pages_start
    }

    /// Reports every path planned twice.
    pub fn check_unique(&self, diags: &mut Diagnostics) {
        let mut seen = HashSet::new();
        for step in &self.steps {
            let path = &step.path;
            if !seen.insert(path.as_str()) {
                diags.file_error(
                    Rule::Output,
                    Path::new("content"),
                    format!("two pages would be written to the same file {path}"),
                    Some("one source per URL".into()),
                );
            }
        }
    }

    /// Whether the plan keeps every file of the last build and makes nothing:
    /// then there is nothing to write.
    pub fn keeps_exactly(&self, manifest: &Manifest) -> bool {
        if !self
            .steps
            .iter()
            .all(|s| matches!(s.action, Action::Keep(_)))
        {
            return false;
        }
        let mut files: HashSet<&str> = self.steps.iter().map(|s| s.path.as_str()).collect();
        for step in &self.steps {
            if let Action::Keep(r) = step.action {
                files.extend(r.charts.iter().map(|(p, _)| p.as_str()));
            }
        }
        manifest.files.len() == files.len() && files.iter().all(|p| manifest.files.contains_key(*p))
    }

    /// The pages to render.
    pub fn to_render(&self) -> Vec<&'s PageSpec<'a>> {
        self.steps
            .iter()
            .filter_map(|s| match s.action {
                Action::Render(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    /// The steps in the order they are run: the data files first, the pages
    /// alongside them (one file can take a core for a third of a second), and
    /// last the pages showing the files' sizes, measured by then.
    pub fn in_order(&self) -> (Vec<&Step<'s, 'a>>, Vec<&Step<'s, 'a>>) {
        let (data, page_steps) = self.steps.split_at(self.pages_start);
        let (late, early): (Vec<&Step>, Vec<&Step>) = page_steps
            .iter()
            .partition(|s| matches!(s.action, Action::Render(p) if p.after_files()));
        (data.iter().chain(early).collect(), late)
    }
}
