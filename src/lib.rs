//! minhbach: a static site generator for public transparency portals.
//!
//! Data flows one way through five stages, each a module:
//!
//! 1. [`load`]: read `site.toml`, `data/` and `content/` into records that remember their spans;
//! 2. [`validate`]: check schema and cross-references, reporting every problem, into a [`model::dataset::Dataset`];
//! 3. [`site`]: compute the page graph: every page, its URL and its context;
//! 4. [`render`]: turn pages into HTML (templates, charts, minification);
//! 5. [`build`](mod@build): the engine that runs them, and writes the site in place atomically.
//!
//! [`check()`] runs stages 1–2; [`build()`] runs all five. Beside them: [`common`]
//! (shared by all), [`paths`] (every URL), [`model`] (the data and what is derived
//! from it), [`chart`], [`output`] (files that are not templates) and [`cli`] (the
//! other commands). A module imports only those before it in this order:
//! common < paths < model < chart < load < validate < output < site < render < build < cli
//! (`tests/testsuite/architecture.rs` enforces it).

pub mod build;
pub mod chart;
pub mod cli;
pub mod common;
pub mod load;
pub mod model;
pub mod output;
pub mod paths;
pub mod render;
pub mod site;
pub mod validate;

pub use build::{BuildOptions, BuildRun, BuildSummary};
use common::diagnostic::Diagnostics;
use std::path::Path;

/// Loads and validates a site: the `minhbach check` of a pull request.
pub fn check(
    root: &Path,
    options: validate::Options,
) -> (Option<model::dataset::Dataset>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = load::load(root, &mut diags);
    let dataset = validate::validate(loaded, options, &mut diags);
    let ok = !diags.has_errors();
    (ok.then_some(dataset), diags)
}

/// Checks, assembles, renders and writes a site into `output`; on any error nothing is written.
///
/// Incremental: files whose inputs did not change since the last build are
/// carried over (see [`build::manifest`]); a build with nothing changed writes nothing.
pub fn build(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
) -> (Option<BuildSummary>, Diagnostics) {
    let run = BuildRun {
        progress: &common::progress::Quiet,
        drafts: false,
        exits_after: false,
    };
    build_with(root, output, options, &run)
}

/// [`build()`], with progress reports and, for previews, draft reports.
pub fn build_with(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    run: &BuildRun<'_>,
) -> (Option<BuildSummary>, Diagnostics) {
    let result = build::build(root, output, options, run);
    run.progress.finish();
    result
}
