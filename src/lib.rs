//! minhbach: a static site generator for public transparency portals.
//!
//! Data flows one way through five stages, each a module:
//!
//! 1. [`load`]: read `site.toml`, `data/` and `content/` into records that remember their spans;
//! 2. [`validate`]: check schema and cross-references, reporting every problem, into a [`validate::Dataset`];
//! 3. [`assemble`]: compute the page graph: every page, its URL and its context;
//! 4. [`render`]: turn pages into HTML (templates, charts, minification);
//! 5. [`write`]: put the site in place atomically.
//!
//! [`check`] runs stages 1–2; [`build`] runs all five.

pub mod assemble;
pub mod calendar;
pub mod chart;
pub mod config;
pub mod deadline;
pub mod diagnostic;
pub mod diff;
pub mod feed;
pub mod format;
pub mod load;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod text;
pub mod validate;
pub mod write;

use diagnostic::Diagnostics;
use std::path::Path;

/// Loads and validates a site: the `minhbach check` of a pull request.
pub fn check(root: &Path, options: validate::Options) -> (Option<validate::Dataset>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = load::load(root, &mut diags);
    let dataset = validate::validate(loaded, options, &mut diags);
    let ok = !diags.has_errors();
    (ok.then_some(dataset), diags)
}

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Validation options.
    pub validate: validate::Options,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
}

/// What a successful build produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildSummary {
    /// HTML pages.
    pub pages: usize,
    /// Other files (CSV, JSON, static, sitemap).
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
}

/// Checks, assembles, renders and writes a site into `output`; on any error nothing is written.
pub fn build(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
) -> (Option<BuildSummary>, Diagnostics) {
    let run = BuildRun {
        progress: &progress::Quiet,
        drafts: false,
    };
    build_with(root, output, options, &run)
}

/// How a build runs, beyond what it builds (for the command line and `serve`).
pub struct BuildRun<'a> {
    /// Receives the stages and the pages rendered.
    pub progress: &'a dyn progress::Progress,
    /// Publish draft reports too (a preview); a build for the public leaves them out.
    pub drafts: bool,
}

/// [`build`], with progress reports and, for previews, draft reports.
pub fn build_with(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    run: &BuildRun<'_>,
) -> (Option<BuildSummary>, Diagnostics) {
    let result = build_stages(root, output, options, run);
    run.progress.finish();
    result
}

fn build_stages(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    run: &BuildRun<'_>,
) -> (Option<BuildSummary>, Diagnostics) {
    let progress = run.progress;
    let mut diags = Diagnostics::default();
    progress.stage("load", None);
    let mut loaded = load::load(root, &mut diags);
    if let Some(b) = &options.base_url {
        loaded.config.base_url = b.clone();
    }
    let config = loaded.config.clone();
    progress.stage("validate", None);
    let mut dataset = validate::validate(loaded, options.validate, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    if !run.drafts {
        // Nothing half-done is published: a draft month is checked but not built.
        dataset
            .reports
            .retain(|r| r.report.status == schema::ReportStatus::Final);
    }
    let Some(theme) = render::Theme::load(root, &config.theme, &config.language, &mut diags) else {
        return (None, diags);
    };
    progress.stage("assemble", None);
    let site = assemble::assemble(&dataset, &config);
    progress.stage("render", Some(site.pages.len()));
    let outputs = render::render_with(&site, &theme, &mut diags, &|| progress.tick());
    if diags.has_errors() {
        return (None, diags);
    }
    progress.stage("write", None);
    if let Err(e) = write::write_site(output, &outputs) {
        diags.file_error(output, format!("cannot write the site: {e}"), None);
        return (None, diags);
    }
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    let bytes = outputs.iter().map(|o| o.bytes.len()).sum();
    (
        Some(BuildSummary {
            pages,
            files: outputs.len() - pages,
            bytes,
        }),
        diags,
    )
}
