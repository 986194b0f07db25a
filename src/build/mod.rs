//! The build engine: the steps of a build, in order, each a function below
//! (load → validate → assemble → render → write), and the modules they use:
//! the [`plan`] of what becomes of each output file, its [`run`], the
//! [`manifest`] of the last build, the [`staging`] folder and the one path
//! [`safety`] rule.
//!
//! Incremental: files whose inputs did not change since the last build are
//! carried over (see [`manifest`]); a build with nothing changed writes nothing.

pub mod manifest;
pub mod plan;
pub mod run;
pub mod safety;
pub mod staging;
pub mod stamps;

use crate::common::diagnostic::{Diagnostic, Diagnostics, Rule, Severity};
use crate::common::fingerprint::Fp;
use crate::common::progress::Progress;
use crate::model::index::Ix;
use crate::model::records::ReportStatus;
use crate::{load, render, site, validate};
use manifest::Manifest;
use plan::{Plan, Previous};
use std::io;
use std::path::Path;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Validation options.
    pub validate: crate::validate::Options,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Ignore the cache of the previous build: render and write every file.
    pub full: bool,
}

/// What a successful build produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildSummary {
    /// HTML pages.
    pub pages: usize,
    /// Other files (CSV, JSON, static, sitemap).
    pub files: usize,
    /// Bytes of the whole site.
    pub bytes: usize,
    /// Files rendered and written by this build (the others were carried over unchanged).
    pub written: usize,
}

/// How a build runs, beyond what it builds (for the command line and `serve`).
pub struct BuildRun<'a> {
    /// Receives the stages and the pages rendered.
    pub progress: &'a dyn crate::common::progress::Progress,
    /// Publish draft reports too (a preview); a build for the public leaves them out.
    pub drafts: bool,
    /// The process exits after the build (the command line): the data and
    /// page graph are left to the operating system, not freed piece by piece
    /// (a million readings and their pages took 0,4 s to free at national scale).
    pub exits_after: bool,
}

impl BuildSummary {
    /// The summary of the site `manifest` describes, `written` files of it by this build.
    pub(crate) fn of(manifest: &Manifest, written: usize) -> BuildSummary {
        let pages = manifest.pages;
        BuildSummary {
            pages,
            files: manifest.files.len() - pages,
            bytes: manifest.files.values().map(|f| f.len as usize).sum(),
            written,
        }
    }
}

/// Every step of a build, in order; on any error nothing is written.
pub(crate) fn build(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    run: &BuildRun<'_>,
) -> (Option<BuildSummary>, Diagnostics) {
    let progress = run.progress;
    let mut diags = Diagnostics::default();
    let inputs = fingerprint_inputs(root, options, run);
    let previous = last_build(output, options);
    if let Some(m) = &previous
        && let Some(summary) = nothing_changed(m, &inputs, output, &mut diags)
    {
        return (Some(summary), diags);
    }
    progress.stage("load", None);
    let cache = parse_cache(output, options);
    let loaded = load(root, cache.as_ref(), options, &mut diags);
    let config = loaded.config.clone();
    progress.stage("validate", None);
    let Some(dataset) = validate(loaded, options, run, &mut diags) else {
        return (None, diags);
    };
    let Some(theme) = load_theme(root, &config, &mut diags) else {
        return (None, diags);
    };
    progress.stage("readings", None);
    let ix = Ix::new(&dataset);
    progress.stage("assemble", None);
    let Some(mut site) = assemble(root, &ix, &config, &mut diags) else {
        return (None, diags);
    };
    leave_out_untemplated(&mut site, &theme, &config.theme, &mut diags);
    if let Some(warning) = site::share::base_url_warning(&config) {
        diags.push(warning);
    }
    if !safety::site_paths_are_safe(&site, &mut diags) {
        return (None, diags);
    }
    let previous = Previous {
        output,
        manifest: previous.as_ref(),
    };
    let written = write(&site, &theme, previous, inputs, progress, &mut diags);
    if run.exits_after {
        std::mem::forget(site);
        std::mem::forget(ix);
        std::mem::forget(dataset);
    }
    let summary = conclude(written, cache.as_ref(), output, &mut diags);
    (summary, diags)
}

/// The theme, with the UI strings of every language of the site.
fn load_theme(
    root: &Path,
    config: &load::config::SiteConfig,
    diags: &mut Diagnostics,
) -> Option<render::Theme> {
    let mut theme = render::Theme::load(root, &config.theme, &config.language, diags)?;
    for code in config.languages.keys() {
        if !theme.add_language(root, &config.theme, code, diags) {
            return None;
        }
    }
    Some(theme)
}

/// Step 3: the page graph in every language of the site; `None` when a UI string is
/// missing or a page of the default language is in another language's tree.
fn assemble<'a>(
    root: &Path,
    ix: &'a Ix<'a>,
    config: &load::config::SiteConfig,
    diags: &mut Diagnostics,
) -> Option<site::Site<'a>> {
    let strings = config
        .language_codes()
        .into_iter()
        .map(|code| load::i18n::Strings::load(root, &config.theme, code))
        .collect::<Result<Vec<_>, _>>();
    let site = match strings.and_then(|s| site::editions::assemble_all(ix, config, &s)) {
        Ok(site) => site,
        Err(e) => {
            diags.file_error(Rule::Theme, Path::new(&e.file), e.message, None);
            return None;
        }
    };
    for path in &site.clashes {
        diags.file_error(
            Rule::SiteConfig,
            Path::new("content"),
            format!("the page /{path} is in the tree of another language of the site"),
            Some("a content folder named other than a language code of site.toml".into()),
        );
    }
    (!diags.has_errors()).then_some(site)
}

/// Leaves out the pages of a kind added after a theme was written
/// ([`site::OPTIONAL_TEMPLATES`]) when the theme has no template for them, with a
/// warning: a site with a theme of its own still builds as it did.
fn leave_out_untemplated(
    site: &mut site::Site<'_>,
    theme: &render::Theme,
    name: &str,
    diags: &mut Diagnostics,
) {
    site.pages.retain(|p| {
        let keep =
            !site::OPTIONAL_TEMPLATES.contains(&p.template) || theme.has_template(p.template);
        if !keep {
            diags.push(Diagnostic::whole_file(
                Rule::Theme,
                Severity::Warning,
                format!("themes/{name}/templates/{}", p.template),
                format!(
                    "the theme has no template `{}`: page /{} left out",
                    p.template, p.path
                ),
                Some(format!(
                    "copy it from themes/default/templates/{}",
                    p.template
                )),
            ));
        }
        keep
    });
}

/// Fingerprint of every input and option: taken before anything is read, so
/// that an edit made during the build is seen by the next one.
fn fingerprint_inputs(root: &Path, options: &BuildOptions, run: &BuildRun<'_>) -> Fp {
    manifest::inputs_fingerprint(
        root,
        &format!(
            "{:?} {:?} drafts={}",
            options.validate, options.base_url, run.drafts
        ),
    )
}

/// The manifest of the last build into `output`, unless the build is `--full`.
fn last_build(output: &Path, options: &BuildOptions) -> Option<Manifest> {
    if options.full {
        None
    } else {
        Manifest::load(output)
    }
}

/// When nothing changed since the last build and its output is intact: its
/// summary and warnings, and nothing to do.
fn nothing_changed(
    m: &Manifest,
    inputs: &Fp,
    output: &Path,
    diags: &mut Diagnostics,
) -> Option<BuildSummary> {
    if m.inputs != *inputs || !m.output_intact() {
        return None;
    }
    // A build killed after its swap is complete but may have left the old site beside it.
    staging::clean_stale(output);
    for d in &m.diagnostics {
        diags.push(d.clone());
    }
    Some(BuildSummary::of(m, 0))
}

/// Figures of unchanged files as the last build read them; `--full` reads every file again.
fn parse_cache(output: &Path, options: &BuildOptions) -> Option<load::ParseCache> {
    manifest::cache_dir(output).map(|d| load::ParseCache::new(d.join("parsed"), !options.full))
}

/// Step 1: reads the site's files, with the base URL of the options.
fn load(
    root: &Path,
    cache: Option<&load::ParseCache>,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> load::Loaded {
    let mut loaded = load::load_with(root, cache, diags);
    if let Some(b) = &options.base_url {
        loaded.config.base_url = b.clone();
    }
    loaded
}

/// Step 2: checks what was read; the dataset to build, or `None` on an error.
fn validate(
    loaded: load::Loaded,
    options: &BuildOptions,
    run: &BuildRun<'_>,
    diags: &mut Diagnostics,
) -> Option<crate::model::dataset::Dataset> {
    let mut dataset = validate::validate(loaded, options.validate, diags);
    if diags.has_errors() {
        return None;
    }
    if !run.drafts {
        // Nothing half-done is published: a draft month is checked but not built.
        dataset
            .reports
            .retain(|r| r.report.status == ReportStatus::Final);
    }
    Some(dataset)
}

/// Steps 4 and 5: renders what changed and writes the site through a staging
/// folder; `Ok(None)` when rendering failed (the diagnostics say why).
fn write(
    site: &site::Site,
    theme: &render::Theme,
    previous: Previous<'_>,
    inputs: Fp,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> io::Result<Option<BuildSummary>> {
    let globals = render::globals_fingerprint(site);
    progress.stage("fingerprint", None);
    let others = render::other_files(site, theme, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    let plan = Plan::new(site, theme, &others, previous, &globals);
    plan.check_unique(diags);
    if diags.has_errors() {
        return Ok(None);
    }
    let warnings: Vec<Diagnostic> = diags.iter().cloned().collect();
    if let Some(m) = previous.manifest
        && plan.keeps_exactly(m)
    {
        return keep_everything(m, inputs, warnings, previous.output).map(Some);
    }
    // The charts of the ready pages are drawn once each, and only those of the pages to render.
    let to_render = plan.to_render();
    progress.stage("charts", None);
    let drawn = render::draw_charts_for(site, &to_render, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    progress.stage("render", Some(to_render.len()));
    drop(to_render);
    let writer = run::Writer::new(site, theme, &drawn, previous, progress)?;
    let Some(placed) = writer.run_all(&plan, diags)? else {
        return Ok(None);
    };
    writer
        .commit(placed, inputs, warnings, plan.pages())
        .map(Some)
}

/// Nothing to write: only the manifest learns the new input fingerprint.
fn keep_everything(
    m: &Manifest,
    inputs: Fp,
    warnings: Vec<Diagnostic>,
    output: &Path,
) -> io::Result<BuildSummary> {
    let mut m = m.clone();
    m.inputs = inputs;
    m.diagnostics = warnings;
    let id = manifest::file_id(&std::fs::metadata(output)?);
    m.save(output, id)?;
    Ok(BuildSummary::of(&m, 0))
}

/// Last step: a build that succeeded keeps what it parsed; the summary, or the
/// error that stopped the write.
fn conclude(
    written: io::Result<Option<BuildSummary>>,
    cache: Option<&load::ParseCache>,
    output: &Path,
    diags: &mut Diagnostics,
) -> Option<BuildSummary> {
    match written {
        Ok(Some(s)) => {
            // Only a build that succeeded keeps what it parsed: a failed one writes nothing.
            if let Some(c) = cache {
                c.commit();
            }
            Some(s)
        }
        Ok(None) => None,
        Err(e) => {
            diags.file_error(
                Rule::Output,
                output,
                format!("cannot write the site: {e}"),
                None,
            );
            None
        }
    }
}
