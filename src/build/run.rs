//! Carrying out a [`Plan`]: rendering and writing the planned files into the
//! staging folder, then saving the manifest and swapping the new site in.
//!
//! Pages whose context is deferred are made, rendered and written one at a
//! time on every core, so that memory holds the page graph and a few pages,
//! not the whole site.

use super::BuildSummary;
use super::manifest::{FileRecord, Manifest, PreviousSite, file_id};
use super::plan::{Action, Plan, Previous, Step};
use super::staging::{Reuse, Staging, same_bytes};
use super::stamps::Stamp;
use crate::common::diagnostic::{Diagnostic, Diagnostics, Rule};
use crate::common::fingerprint::Fp;
use crate::common::progress::Progress;
use crate::output::parts::EarlierParts;
use crate::render::{Drawn, PageRenderer, Theme};
use crate::site::{self, Made, PageSpec, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// A file a step left in the new site.
pub struct Placed {
    /// Its path in the output folder.
    pub path: String,
    /// What the manifest remembers of it.
    pub record: FileRecord,
    /// Written by this build, rather than carried over from the current output.
    pub written: bool,
}

/// Every file of the new site, once every step is done.
pub struct Placements {
    /// What the manifest remembers of each file, by path.
    pub files: BTreeMap<String, FileRecord>,
    /// The paths written by this build (not carried over).
    pub written: Vec<String>,
}

/// Why a step did not place its files.
pub enum StepError {
    /// The staging folder could not be written: the build stops.
    Io(io::Error),
    /// A page could not be rendered: reported, and the build writes nothing.
    Page {
        /// The file to blame (a content page, a template), when known.
        file: Option<String>,
        /// What went wrong.
        message: String,
    },
}

impl From<io::Error> for StepError {
    fn from(e: io::Error) -> Self {
        StepError::Io(e)
    }
}

impl StepError {
    /// The diagnostic of a page error; a theme's when no file is named.
    fn report(file: Option<String>, message: String, diags: &mut Diagnostics) {
        let file = file.as_deref().unwrap_or("themes");
        diags.file_error(Rule::Theme, Path::new(file), message, None);
    }
}

/// Renders and writes the planned files into a staging folder.
pub struct Writer<'s, 'a> {
    site: &'s Site<'a>,
    previous: Previous<'s>,
    staging: Staging,
    renderer: PageRenderer<'s>,
    progress: &'s dyn Progress,
    /// The chart CSV files written so far: a chart shown on several pages has
    /// one file, written by whichever page comes first.
    claimed: Mutex<HashSet<String>>,
}

impl<'s, 'a: 's> Writer<'s, 'a> {
    /// A writer into a new staging folder, started from the site kept before
    /// the current output when there is one.
    pub fn new(
        site: &'s Site<'a>,
        theme: &'s Theme,
        drawn: &'s Drawn,
        previous: Previous<'s>,
        progress: &'s dyn Progress,
    ) -> io::Result<Writer<'s, 'a>> {
        let reuse = previous.manifest.and_then(|m| {
            m.previous.as_ref().map(|p| Reuse {
                id: p.id,
                stale: &p.stale,
                files: m.files.keys().map(String::as_str).collect(),
            })
        });
        let staging = Staging::reusing(previous.output, reuse)?;
        Ok(Writer {
            site,
            previous,
            staging,
            renderer: PageRenderer::new(site, theme, drawn),
            progress,
            claimed: Mutex::new(HashSet::new()),
        })
    }

    /// Whether this page is the first to claim the chart CSV file `path`.
    fn claim(&self, path: &str) -> bool {
        self.claimed
            .lock()
            .map(|mut c| c.insert(path.to_string()))
            .unwrap_or(false)
    }

    /// Puts a page (or its chart's CSV) made again; when it has the bytes of the
    /// current output's file, that file is kept, modification time and all, so
    /// that a deploy by rsync or to object storage sends nothing for it.
    /// Returns the stamp and whether it was written.
    fn put_unless_same(&self, path: &str, bytes: &[u8]) -> io::Result<(Stamp, bool)> {
        let output = self.previous.output;
        if let Some(old) = self.previous.still_there(path)
            && old.len == bytes.len() as u64
            && std::fs::read(output.join(path)).is_ok_and(|b| b == bytes)
        {
            return Ok((self.staging.keep(path, old.stamp())?, false));
        }
        Ok((self.staging.put(path, bytes)?, true))
    }

    /// Carries out one step; returns the files it placed.
    pub fn run(&self, step: &Step<'s, 'a>) -> Result<Vec<Placed>, StepError> {
        let (path, input) = (&step.path, &step.input);
        match step.action {
            Action::Keep(kept) => Ok(self.keep(path, input, kept)?),
            Action::Write(bytes) => Ok(vec![Placed {
                path: path.clone(),
                record: FileRecord::new(input, self.staging.put(path, bytes)?),
                written: true,
            }]),
            Action::Make(content) => Ok(vec![self.make(path, input, content)?]),
            Action::Render(page) => self.render(path, input, page),
        }
    }

    /// Carries a file over unchanged, with the chart CSV files of a page.
    fn keep(&self, path: &str, input: &Fp, kept: &FileRecord) -> io::Result<Vec<Placed>> {
        let mut files = Vec::new();
        let mut r = FileRecord::new(input, self.staging.keep(path, kept.stamp())?);
        for (csv, key) in &kept.charts {
            // Found unchanged when planned, so recorded.
            if self.claim(csv)
                && let Some(c) = self.previous.manifest.and_then(|m| m.files.get(csv))
            {
                files.push(Placed {
                    path: csv.clone(),
                    record: FileRecord::new(key, self.staging.keep(csv, c.stamp())?),
                    written: false,
                });
            }
        }
        r.charts = kept.charts.clone();
        r.parts = kept.parts.clone();
        files.push(Placed {
            path: path.to_string(),
            record: r,
            written: false,
        });
        Ok(files)
    }

    /// Makes and writes a data file.
    fn make(
        &self,
        path: &str,
        input: &Fp,
        content: &crate::output::content::Content,
    ) -> io::Result<Placed> {
        // What it has in common with the current output's file is copied from there.
        let earlier = self
            .previous
            .still_there(path)
            .and_then(|r| EarlierParts::new(self.previous.output.join(path), &r.parts));
        let mut parts = Vec::new();
        let stamp = self.staging.put_with(path, |w| {
            parts = content.write_to(w, earlier.as_ref())?;
            Ok(())
        })?;
        // Made again with the bytes it had (a new program, or an input changed
        // back), the current output's file is kept, as `put_unless_same` keeps a page's.
        let output = self.previous.output;
        let (stamp, written) = match self.previous.still_there(path) {
            Some(old)
                if old.len == stamp.len
                    && same_bytes(&output.join(path), &self.staging.dir().join(path))
                        .unwrap_or(false) =>
            {
                (self.staging.link_from_output(path, old.stamp())?, false)
            }
            _ => (stamp, true),
        };
        let mut r = FileRecord::new(input, stamp);
        r.parts = parts;
        Ok(Placed {
            path: path.to_string(),
            record: r,
            written,
        })
    }

    /// Makes, renders and writes a page, and the chart CSV files it carries itself, with
    /// numbers and dates in the page's language.
    fn render(&self, path: &str, input: &Fp, page: &PageSpec) -> Result<Vec<Placed>, StepError> {
        let locale = self.renderer.locale_of(page);
        crate::common::format::with_locale(locale, || self.render_page(path, input, page))
    }

    /// [`Writer::render`] in the page's locale.
    fn render_page(
        &self,
        path: &str,
        input: &Fp,
        page: &PageSpec,
    ) -> Result<Vec<Placed>, StepError> {
        let Made { context, charts } = page.made();
        let rendered = self.renderer.render(page, context, &charts);
        self.progress.tick();
        let ((stamp, page_written), mut svgs) = match rendered {
            Ok((o, svgs)) => (self.put_unless_same(&o.path, &o.bytes)?, svgs),
            Err((file, message)) => return Err(StepError::Page { file, message }),
        };
        let mut files = Vec::new();
        // The chart CSV files the page carries itself (those of the ready pages are data files).
        // Only the default language writes them: another language's page has the same chart
        // at the same path and links the default's files (two writers would race).
        let default_language = self.site.edition_of(&page.path).0 == 0;
        let mut own = Vec::new();
        for (key, (spec, csv)) in &charts {
            if !default_language || self.site.charts.specs.contains_key(key) {
                continue;
            }
            // Its CSV, SVG and PNG (issue 28), each kept while the chart is the same; the SVG
            // is the one the page shows (drawn in the same locale).
            let mut maker = site::charts::ChartFileMaker::drawn(svgs.remove(key));
            for path in site::charts::chart_files(spec, csv) {
                own.push((path.clone(), key.clone()));
                if !self.claim(&path) {
                    continue;
                }
                let (s, written) = match self.previous.unchanged(&path, key) {
                    Some(c) => (self.staging.keep(&path, c.stamp())?, false),
                    None => {
                        let bytes =
                            maker
                                .bytes(spec, &path)
                                .map_err(|message| StepError::Page {
                                    file: None,
                                    message,
                                })?;
                        self.put_unless_same(&path, &bytes)?
                    }
                };
                files.push(Placed {
                    path,
                    record: FileRecord::new(key, s),
                    written,
                });
            }
        }
        let mut r = FileRecord::new(input, stamp);
        r.charts = own;
        files.push(Placed {
            path: path.to_string(),
            record: r,
            written: page_written,
        });
        Ok(files)
    }

    /// Carries out every step of `plan`; returns every file placed. Page errors are reported; `Ok(None)` then.
    pub fn run_all(
        &self,
        plan: &Plan<'s, 'a>,
        diags: &mut Diagnostics,
    ) -> io::Result<Option<Placements>>
    where
        'a: 's,
    {
        self.staging
            .make_folders(plan.steps.iter().map(|s| s.path.as_str()))?;
        let (first, late) = plan.in_order();
        let mut results: Vec<Result<Vec<Placed>, StepError>> =
            first.into_par_iter().map(|s| self.run(s)).collect();
        results.par_extend(late.into_par_iter().map(|s| self.run(s)));
        let mut records = Vec::with_capacity(plan.steps.len());
        let mut written = Vec::new();
        for r in results {
            match r {
                Ok(files) => {
                    written.extend(files.iter().filter(|f| f.written).map(|f| f.path.clone()));
                    records.extend(files.into_iter().map(|f| (f.path, f.record)));
                }
                Err(StepError::Io(e)) => return Err(e),
                Err(StepError::Page { file, message }) => StepError::report(file, message, diags),
            }
        }
        if diags.has_errors() {
            return Ok(None);
        }
        Ok(Some(Placements {
            files: records.into_iter().collect(),
            written,
        }))
    }

    /// Saves the manifest of the new site and swaps it in; returns the summary.
    ///
    /// The manifest describes the staging folder (sizes and times as each file
    /// was written), and is saved before the swap: a build killed in between
    /// leaves a manifest that matches no output.
    pub fn commit(
        mut self,
        placed: Placements,
        inputs: Fp,
        warnings: Vec<Diagnostic>,
        pages: usize,
    ) -> io::Result<BuildSummary> {
        let Placements { files, mut written } = placed;
        self.staging
            .remove_others(&files.keys().map(String::as_str).collect());
        // After the swap, the current output is the site before this one: where it
        // differs from this one is what this build wrote and what it no longer has.
        let written_count = written.len();
        let kept = match self.previous.manifest {
            Some(m) => {
                written.extend(m.files.keys().filter(|p| !files.contains_key(*p)).cloned());
                Some(PreviousSite {
                    id: m.output_id,
                    stale: written.clone(),
                })
            }
            // No site before this one to keep: a copy of this one, which differs from it in nothing.
            None => {
                let paths: Vec<&str> = files.keys().map(String::as_str).collect();
                // Where links cannot be made there is no copy, and the next build starts from nothing.
                self.staging
                    .copy_for_next(&paths)
                    .ok()
                    .map(|id| PreviousSite {
                        id,
                        stale: Vec::new(),
                    })
            }
        };
        let mut manifest = Manifest {
            inputs,
            files,
            diagnostics: warnings,
            pages,
            previous: kept,
            ..Default::default()
        };
        let id = file_id(&std::fs::metadata(self.staging.dir())?);
        self.progress.stage("write", None);
        let output = self.previous.output;
        manifest.save(output, id)?;
        let Writer { staging, .. } = self;
        staging.commit(manifest.previous.is_some())?;
        Ok(BuildSummary::of(&manifest, written_count))
    }
}
