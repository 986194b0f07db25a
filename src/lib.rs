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
pub use output::feed; // MOVED: shim until the redesign merge
pub mod format;
pub mod incremental;
pub mod load;
pub mod model;
pub mod output;
pub mod paths;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod text;
pub mod validate;
pub mod write;

use diagnostic::Diagnostics;
use incremental::Manifest;
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
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Validation options.
    pub validate: validate::Options,
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

fn summary(manifest: &Manifest, written: usize) -> BuildSummary {
    let pages = manifest.pages;
    BuildSummary {
        pages,
        files: manifest.files.len() - pages,
        bytes: manifest.files.values().map(|f| f.len as usize).sum(),
        written,
    }
}

/// Checks, assembles, renders and writes a site into `output`; on any error nothing is written.
///
/// Incremental: files whose inputs did not change since the last build are
/// carried over (see [`incremental`]); a build with nothing changed writes nothing.
pub fn build(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
) -> (Option<BuildSummary>, Diagnostics) {
    let run = BuildRun {
        progress: &progress::Quiet,
        drafts: false,
        exits_after: false,
    };
    build_with(root, output, options, &run)
}

/// How a build runs, beyond what it builds (for the command line and `serve`).
pub struct BuildRun<'a> {
    /// Receives the stages and the pages rendered.
    pub progress: &'a dyn progress::Progress,
    /// Publish draft reports too (a preview); a build for the public leaves them out.
    pub drafts: bool,
    /// The process exits after the build (the command line): the data and
    /// page graph are left to the operating system, not freed piece by piece
    /// (a million readings and their pages took 0,4 s to free at national scale).
    pub exits_after: bool,
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
    // Fingerprinted before anything is read, so that an edit made during the build is seen by the next one.
    let inputs = incremental::inputs_fingerprint(
        root,
        &format!(
            "{:?} {:?} drafts={}",
            options.validate, options.base_url, run.drafts
        ),
    );
    let previous = if options.full {
        None
    } else {
        Manifest::load(output)
    };
    if let Some(m) = &previous
        && m.inputs == inputs
        && m.output_intact(output)
    {
        // A build killed after its swap is complete but may have left the old site beside it.
        write::clean_stale(output);
        for d in &m.diagnostics {
            diags.push(d.clone());
        }
        return (Some(summary(m, 0)), diags);
    }
    progress.stage("load", None);
    // Figures of unchanged files as the last build read them; `--full` reads every file again.
    let cache = incremental::cache_dir(output)
        .map(|d| load::ParseCache::new(d.join("parsed"), !options.full));
    let mut loaded = load::load_with(root, cache.as_ref(), &mut diags);
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
    progress.stage("readings", None);
    let ix = assemble::Ix::new(&dataset);
    progress.stage("assemble", None);
    let site = match load::i18n::Strings::load(root, &config.theme, &config.language)
        .and_then(|strings| site::assemble(&ix, &config, &strings))
    {
        Ok(site) => site,
        Err(e) => {
            diags.file_error(Path::new(&e.file), e.message, None);
            return (None, diags);
        }
    };
    if !paths_are_safe(&site, &mut diags) {
        return (None, diags);
    }
    let written = write_incremental(
        &site,
        &theme,
        output,
        previous.as_ref(),
        inputs,
        progress,
        &mut diags,
    );
    if run.exits_after {
        std::mem::forget(site);
        std::mem::forget(ix);
        std::mem::forget(dataset);
    }
    match written {
        Ok(Some(s)) => {
            // Only a build that succeeded keeps what it parsed: a failed one writes nothing.
            if let Some(c) = &cache {
                c.commit();
            }
            (Some(s), diags)
        }
        Ok(None) => (None, diags),
        Err(e) => {
            diags.file_error(output, format!("cannot write the site: {e}"), None);
            (None, diags)
        }
    }
}

/// What becomes of one output file.
enum Plan<'s, 'a> {
    /// Unchanged since the last build (its record there): carried over, with a page's chart CSV files.
    Keep(&'s incremental::FileRecord),
    /// A page to render.
    Render(&'s assemble::PageSpec<'a>),
    /// A data file to make and write.
    Make(&'s assemble::Content<'a>),
    /// Other bytes to write.
    Write(&'s [u8]),
}

/// An output file of the plan: its path, the fingerprint of what it is made
/// from, and what becomes of it.
type Step<'s, 'a> = (String, incremental::Fp, Plan<'s, 'a>);

/// Renders what changed and writes the site through a staging folder;
/// `Ok(None)` when rendering failed (the diagnostics say why).
///
/// Every output is fingerprinted from its inputs without being made (see
/// [`render::page_fingerprint`] and [`assemble::Content::fingerprint`]), and
/// only those whose fingerprint changed are rendered. Pages whose context is
/// deferred are made, rendered and written one at a time on every core, so
/// that memory holds the page graph and a few pages, not the whole site.
fn write_incremental(
    site: &assemble::Site,
    theme: &render::Theme,
    output: &Path,
    previous: Option<&Manifest>,
    inputs: incremental::Fp,
    progress: &dyn progress::Progress,
    diags: &mut Diagnostics,
) -> std::io::Result<Option<BuildSummary>> {
    use rayon::prelude::*;
    let globals = render::globals_fingerprint(site);
    progress.stage("fingerprint", None);
    let others = render::other_files(site, theme, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    // The last build's record of a file, if the file is still as it left it and was made from the same inputs.
    let unchanged = |path: &str, fp: &str| {
        previous
            .and_then(|m| m.still_there(output, path))
            .filter(|r| r.input == fp)
    };
    // Decide first, with fingerprints only, so that a build with nothing to do touches nothing.
    let mut plan: Vec<Step> = site
        .files
        .par_iter()
        .map(|f| {
            let fp = f.content.fingerprint();
            let what = match unchanged(&f.path, &fp) {
                Some(r) => {
                    // The data page shows its length.
                    f.content.kept(r.len as usize);
                    Plan::Keep(r)
                }
                None => Plan::Make(&f.content),
            };
            (f.path.clone(), fp, what)
        })
        .collect();
    plan.par_extend(others.par_iter().map(|o| {
        let fp = incremental::hash(&o.bytes);
        let what = match unchanged(&o.path, &fp) {
            Some(r) => Plan::Keep(r),
            None => Plan::Write(&o.bytes),
        };
        (o.path.clone(), fp, what)
    }));
    let files_end = plan.len();
    plan.par_extend(site.pages.par_iter().map(|page| {
        let path = render::page_file(&page.path);
        let fp = render::page_fingerprint(page, &globals, theme);
        let kept = unchanged(&path, &fp)
            .filter(|r| r.charts.iter().all(|(p, k)| unchanged(p, k).is_some()));
        let what = match kept {
            Some(r) => Plan::Keep(r),
            None => Plan::Render(page),
        };
        (path, fp, what)
    }));
    let pages = plan.len() - files_end;
    let mut seen = std::collections::HashSet::new();
    for (path, _, _) in &plan {
        if !seen.insert(path.as_str()) {
            diags.file_error(
                Path::new("content"),
                format!("two pages would be written to the same file {path}"),
                Some("one source per URL".into()),
            );
        }
    }
    if diags.has_errors() {
        return Ok(None);
    }
    let warnings: Vec<diagnostic::Diagnostic> = diags.iter().cloned().collect();
    if let Some(m) = previous
        && plan.iter().all(|(_, _, w)| matches!(w, Plan::Keep(_)))
    {
        let mut files: std::collections::HashSet<&str> =
            plan.iter().map(|(p, _, _)| p.as_str()).collect();
        for (_, _, w) in &plan {
            if let Plan::Keep(r) = w {
                files.extend(r.charts.iter().map(|(p, _)| p.as_str()));
            }
        }
        if m.files.len() == files.len() && files.iter().all(|p| m.files.contains_key(*p)) {
            // Nothing to write: only the manifest learns the new input fingerprint.
            let mut m = m.clone();
            m.inputs = inputs;
            m.diagnostics = warnings;
            let id = incremental::file_id(&std::fs::metadata(output)?);
            m.save(output, id)?;
            return Ok(Some(summary(&m, 0)));
        }
    }

    // The charts of the ready pages are drawn once each, and only those of the pages to render.
    let to_render: Vec<&assemble::PageSpec> = plan
        .iter()
        .filter_map(|(_, _, w)| match w {
            Plan::Render(p) => Some(*p),
            _ => None,
        })
        .collect();
    progress.stage("charts", None);
    let drawn = render::draw_charts_for(site, &to_render, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    progress.stage("render", Some(to_render.len()));
    drop(to_render);
    let reuse = previous.and_then(|m| {
        m.previous.as_ref().map(|p| write::Reuse {
            id: p.id,
            stale: &p.stale,
            files: m.files.keys().map(String::as_str).collect(),
        })
    });
    let mut staging = write::Staging::reusing(output, reuse)?;
    let renderer = render::PageRenderer::new(site, theme, &drawn);
    // A chart shown on several pages has one CSV file, written by whichever page comes first.
    let claimed = std::sync::Mutex::new(std::collections::HashSet::<String>::new());
    let claim = |path: &str| {
        claimed
            .lock()
            .map(|mut c| c.insert(path.to_string()))
            .unwrap_or(false)
    };
    let stamp_of = |r: &incremental::FileRecord| write::Stamp {
        len: r.len,
        mtime_ns: r.mtime_ns,
    };
    let record = |input: &incremental::Fp, stamp: write::Stamp| incremental::FileRecord {
        input: input.clone(),
        len: stamp.len,
        mtime_ns: stamp.mtime_ns,
        charts: Vec::new(),
        parts: Vec::new(),
    };
    // A page (or its chart's CSV) made again with the bytes of the current output's file:
    // that file is kept, modification time and all, so that a deploy by rsync or to
    // object storage sends nothing for it. Returns the stamp and whether it was written.
    let put_unless_same = |path: &str, bytes: &[u8]| -> std::io::Result<(write::Stamp, bool)> {
        if let Some(old) = previous.and_then(|m| m.still_there(output, path))
            && old.len == bytes.len() as u64
            && std::fs::read(output.join(path)).is_ok_and(|b| b == bytes)
        {
            return Ok((staging.keep(path, stamp_of(old))?, false));
        }
        Ok((staging.put(path, bytes)?, true))
    };
    // The files an output step leaves (path, record, whether written rather than kept),
    // and the error that stopped it.
    type Done = (
        Vec<(String, incremental::FileRecord, bool)>,
        Option<(Option<String>, String)>,
    );
    let step = |(path, fp, what): &Step| -> std::io::Result<Done> {
        let mut files = Vec::new();
        match what {
            Plan::Keep(kept) => {
                let mut r = record(fp, staging.keep(path, stamp_of(kept))?);
                for (csv, key) in &kept.charts {
                    // Found unchanged when planned, so recorded.
                    if claim(csv)
                        && let Some(c) = previous.and_then(|m| m.files.get(csv))
                    {
                        files.push((
                            csv.clone(),
                            record(key, staging.keep(csv, stamp_of(c))?),
                            false,
                        ));
                    }
                }
                r.charts = kept.charts.clone();
                r.parts = kept.parts.clone();
                files.push((path.clone(), r, false));
            }
            Plan::Write(bytes) => {
                files.push((path.clone(), record(fp, staging.put(path, bytes)?), true))
            }
            Plan::Make(content) => {
                // What it has in common with the current output's file is copied from there.
                let earlier = previous
                    .and_then(|m| m.still_there(output, path))
                    .and_then(|r| incremental::EarlierParts::new(output.join(path), r));
                let mut parts = Vec::new();
                let stamp = staging.put_with(path, |w| {
                    parts = content.write_to(w, earlier.as_ref())?;
                    Ok(())
                })?;
                let mut r = record(fp, stamp);
                r.parts = parts;
                files.push((path.clone(), r, true));
            }
            Plan::Render(page) => {
                let assemble::Made { context, charts } = page.made();
                let r = renderer.render(page, context, &charts);
                progress.tick();
                let (stamp, page_written) = match r {
                    Ok(o) => put_unless_same(&o.path, &o.bytes)?,
                    Err(e) => return Ok((files, Some(e))),
                };
                // The chart CSV files the page carries itself (those of the ready pages are data files).
                let mut own = Vec::new();
                for (key, (spec, csv)) in &charts {
                    if site.charts.specs.contains_key(key) {
                        continue;
                    }
                    own.push((csv.clone(), key.clone()));
                    if !claim(csv) {
                        continue;
                    }
                    let (s, csv_written) = match unchanged(csv, key) {
                        Some(c) => (staging.keep(csv, stamp_of(c))?, false),
                        None => put_unless_same(csv, assemble::charts::chart_csv(spec).as_bytes())?,
                    };
                    files.push((csv.clone(), record(key, s), csv_written));
                }
                let mut r = record(fp, stamp);
                r.charts = own;
                files.push((path.clone(), r, page_written));
            }
        }
        Ok((files, None))
    };
    // The data files first, the pages alongside them (one file can take a core for a
    // third of a second), and last the pages showing the files' sizes, measured by then.
    let (data, page_steps) = plan.split_at(files_end);
    let (late, early): (Vec<&Step>, Vec<&Step>) = page_steps
        .iter()
        .partition(|(_, _, w)| matches!(w, Plan::Render(p) if p.after_files()));
    let mut results: Vec<std::io::Result<Done>> = data.par_iter().chain(early).map(step).collect();
    results.par_extend(late.into_par_iter().map(step));
    let mut records = Vec::with_capacity(plan.len());
    let mut written = Vec::new();
    for r in results {
        let (files, error) = r?;
        written.extend(files.iter().filter(|f| f.2).map(|f| f.0.clone()));
        records.extend(files.into_iter().map(|(path, record, _)| (path, record)));
        match error {
            None => {}
            Some((Some(file), message)) => diags.file_error(Path::new(&file), message, None),
            Some((None, message)) => diags.file_error(Path::new("themes"), message, None),
        }
    }
    if diags.has_errors() {
        return Ok(None);
    }
    // The manifest describes the staging folder (sizes and times as each file
    // was written), and is saved before the swap: a build killed in between
    // leaves a manifest that matches no output.
    let files: std::collections::BTreeMap<String, incremental::FileRecord> =
        records.into_iter().collect();
    staging.remove_others(&files.keys().map(String::as_str).collect());
    // After the swap, the current output is the site before this one: where it
    // differs from this one is what this build wrote and what it no longer has.
    let written_count = written.len();
    let kept = match previous {
        Some(m) => {
            written.extend(m.files.keys().filter(|p| !files.contains_key(*p)).cloned());
            Some(incremental::PreviousSite {
                id: m.output_id,
                stale: written.clone(),
            })
        }
        // No site before this one to keep: a copy of this one, which differs from it in nothing.
        None => {
            let paths: Vec<&str> = files.keys().map(String::as_str).collect();
            // Where links cannot be made there is no copy, and the next build starts from nothing.
            staging
                .copy_for_next(&paths)
                .ok()
                .map(|id| incremental::PreviousSite {
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
    let id = incremental::file_id(&std::fs::metadata(staging.dir())?);
    progress.stage("write", None);
    manifest.save(output, id)?;
    staging.commit(manifest.previous.is_some())?;
    Ok(Some(summary(&manifest, written_count)))
}

/// Every page and file stays inside the output folder and has a URL of its own.
///
/// Slugs are validated where they are written, so this is the last line of
/// defence: whatever a data or content file says, nothing is written outside
/// the output folder, and two pages never silently overwrite each other.
fn paths_are_safe(site: &assemble::Site, diags: &mut Diagnostics) -> bool {
    use std::borrow::Cow;
    use std::collections::hash_map::{Entry, HashMap};
    // Where the page or file at position `i` comes from, for a message (made only then).
    let origin = |i: usize| match site.pages.get(i) {
        Some(p) => match &p.markdown {
            Some((file, _, _)) => file.clone(),
            None => format!(
                "the {} page made from data/",
                p.template.trim_end_matches(".html")
            ),
        },
        None => "a download made from data/".to_string(),
    };
    let named = site
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(site.files.iter().map(|f| f.path.as_str()));
    let mut seen: HashMap<Cow<str>, usize> =
        HashMap::with_capacity(site.pages.len() + site.files.len());
    let mut ok = true;
    for (i, path) in named.enumerate() {
        let unsafe_part = path.starts_with('/')
            || path.contains('\\')
            || path.contains('\0')
            || path.contains(':')
            || path.split('/').any(|seg| seg == ".." || seg == ".");
        if unsafe_part {
            diags.file_error(
                Path::new(&origin(i)),
                format!("the page URL `/{path}` would be written outside the output folder"),
                Some(
                    "a path made of plain names, without `..`, `.`, `\\`, `:` or a leading `/`"
                        .into(),
                ),
            );
            ok = false;
            continue;
        }
        let key: Cow<str> = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html").into()
        } else {
            path.into()
        };
        match seen.entry(key) {
            Entry::Occupied(first) => {
                diags.file_error(
                    Path::new(&origin(i)),
                    format!(
                        "this page has the same URL `/{path}` as {}",
                        origin(*first.get())
                    ),
                    Some("one page per URL: rename or move one of the two files".into()),
                );
                ok = false;
            }
            Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    ok
}
