//! The data files of `data/`: which files there are, what each kind holds, and
//! reading them in parallel into [`Loaded`] in the order of a sequential read.

use super::read::read_text;
use super::toml_file::{Located, TomlFile, describe_name, field_str};
use super::translations::{Contents, TranslationFile};
use super::{Loaded, ParseCache, PlanFile, ReportDir, ToFill};
use crate::common::diagnostic::{Diagnostics, Rule, SourceText, display_path, relative};
use crate::model::records::*;
use std::path::{Path, PathBuf};

/// What a data file holds, known from where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// data/sources.toml.
    Sources,
    /// data/localities.toml.
    Localities,
    /// data/models.toml.
    Models,
    /// data/indicators.toml.
    Indicators,
    /// data/plans/*.toml.
    Plan,
    /// data/corrections.toml.
    Corrections,
    /// data/translations/<language>.toml.
    Translations,
    /// reports/*/report.toml.
    Report,
    /// reports/*/indicators.toml.
    Values,
    /// reports/*/indicators/*.toml (no records to fill there).
    ValuesPart,
    /// reports/*/models.toml.
    Statuses,
    /// reports/*/services.toml.
    Services,
}

impl Kind {
    /// The headers a file of this kind may have, as written.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Kind::Sources => &["[[source]]"],
            Kind::Localities => &["[[locality]]"],
            Kind::Models => &["[[group]]", "[[model]]"],
            Kind::Indicators => &["[[indicator]]"],
            Kind::Plan => &["[plan]", "[[group]]", "[[item]]"],
            Kind::Corrections => &["[[correction]]"],
            Kind::Translations => super::translations::HEADERS,
            Kind::Report => &["[report]"],
            Kind::Values | Kind::ValuesPart => &["[[value]]"],
            Kind::Statuses => &["[[status]]"],
            Kind::Services => &["[[group]]", "[[service]]"],
        }
    }
}

/// The records of one data file, by kind.
enum Records {
    Sources(Vec<(String, ToFill)>, Vec<Located<Source>>),
    Localities(Vec<Located<Locality>>),
    Models(Vec<Located<ModelGroup>>, Vec<Located<Model>>),
    Indicators(Vec<Located<Indicator>>),
    Plan(
        Option<Located<Plan>>,
        Vec<Located<PlanGroup>>,
        Vec<Located<PlanItem>>,
    ),
    Corrections(Vec<Located<Correction>>),
    Translations(Contents),
    Report(Option<Located<Report>>),
    Values(Vec<ToFill>, Vec<Located<Value>>),
    Statuses(Vec<ToFill>, Vec<Located<ModelStatus>>),
    Services(
        Vec<Located<ServiceGroup>>,
        Vec<ToFill>,
        Vec<Located<Service>>,
    ),
}

/// One step of loading data/, in the order a sequential reader would take them.
enum Step {
    /// Problems found while listing the folders (a missing file, an unlistable folder).
    Problem(Vec<crate::common::diagnostic::Diagnostic>),
    /// A data file to read; `dir` is its report folder's index for the kinds of reports/.
    File {
        path: PathBuf,
        kind: Kind,
        dir: usize,
    },
}

/// What reading one data file gave: its text, its records and its own diagnostics.
struct Parsed {
    src: Option<SourceText>,
    /// Whether its records could be read at all (it was read and is valid TOML).
    read: bool,
    records: Option<Records>,
    diags: Diagnostics,
}

/// Reads and parses the data files of `data` in parallel, and puts their records,
/// texts and diagnostics into `loaded` in the order of a sequential read.
pub(super) fn load_data(
    root: &Path,
    data: &Path,
    cache: Option<&ParseCache>,
    loaded: &mut Loaded,
    diags: &mut Diagnostics,
) {
    use rayon::prelude::*;
    let (steps, dirs) = plan_data(root, data, loaded);
    let files: Vec<(&Path, Kind, usize)> = steps
        .iter()
        .filter_map(|s| match s {
            Step::File { path, kind, dir } => Some((path.as_path(), *kind, *dir)),
            Step::Problem(_) => None,
        })
        .collect();
    let base = loaded.sources.len();
    let parsed: Vec<Parsed> = files
        .par_iter()
        .enumerate()
        .map(|(i, &(path, kind, _))| parse_file(root, path, kind, base + i, cache))
        .collect();
    let mut reports: Vec<ReportDir> = dirs;
    let mut parsed = parsed.into_iter().zip(files.iter());
    for step in &steps {
        let (p, &(path, kind, dir)) = match step {
            Step::Problem(found) => {
                for d in found {
                    diags.push(d.clone());
                }
                continue;
            }
            Step::File { .. } => match parsed.next() {
                Some(x) => x,
                None => break,
            },
        };
        for d in p.diags.iter() {
            diags.push(d.clone());
        }
        if !p.read {
            loaded.unread.insert(display_path(&relative(root, path)));
        }
        // An unread file keeps its place among the sources, so that the numbers given out stay right.
        let name = display_path(&relative(root, path));
        loaded.sources.add(
            p.src
                .unwrap_or_else(|| SourceText::new(name, String::new())),
        );
        let Some(records) = p.records else {
            if kind == Kind::Plan {
                loaded.plans.push(PlanFile {
                    path: relative(root, path),
                    plan: None,
                    groups: Vec::new(),
                    items: Vec::new(),
                });
            }
            continue;
        };
        store(records, reports.get_mut(dir), root, path, loaded);
    }
    loaded.reports = reports;
    unexpected_files(root, data, diags);
}

/// Puts the records of one data file where [`Loaded`] keeps them (a report folder's in `rep`).
fn store(
    records: Records,
    rep: Option<&mut ReportDir>,
    root: &Path,
    path: &Path,
    loaded: &mut Loaded,
) {
    match (records, rep) {
        (Records::Sources(pending, documents), _) => {
            loaded.sources_to_fill = pending;
            loaded.documents = documents;
        }
        (Records::Localities(l), _) => loaded.localities = l,
        (Records::Models(g, m), _) => {
            loaded.groups = g;
            loaded.models = m;
        }
        (Records::Indicators(i), _) => loaded.indicators = i,
        (Records::Plan(plan, groups, items), _) => loaded.plans.push(PlanFile {
            path: relative(root, path),
            plan,
            groups,
            items,
        }),
        (Records::Corrections(c), _) => loaded.corrections = c,
        (Records::Translations(Contents { header, records }), _) => {
            loaded.translations.push(TranslationFile {
                // Stored right after its text was added to the sources.
                file: loaded.sources.len().saturating_sub(1),
                path: relative(root, path),
                language: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                header,
                records,
            })
        }
        (Records::Report(r), Some(rep)) => rep.report = r,
        (Records::Values(pending, values), Some(rep)) => {
            rep.to_fill.extend(pending);
            rep.values.push(values);
        }
        (Records::Statuses(pending, statuses), Some(rep)) => {
            rep.to_fill.extend(pending);
            rep.statuses = statuses;
        }
        (Records::Services(groups, pending, services), Some(rep)) => {
            rep.service_groups = groups;
            rep.to_fill.extend(pending);
            rep.services = services;
        }
        (_, None) => {}
    }
}

/// Reads and parses one data file on its own, as file number `file` of the sources;
/// the figures of a figure file come from `cache` when its text is as it was.
fn parse_file(
    root: &Path,
    path: &Path,
    kind: Kind,
    file: usize,
    cache: Option<&ParseCache>,
) -> Parsed {
    let mut diags = Diagnostics::default();
    let Some(src) = read_text(root, path, &mut diags) else {
        return Parsed {
            src: None,
            read: false,
            records: None,
            diags,
        };
    };
    let figures = matches!(kind, Kind::Values | Kind::ValuesPart);
    let name = display_path(&relative(root, path));
    let cache = cache.filter(|_| figures);
    if let Some(values) = cache.and_then(|c| c.get(&name, kind, &src.text, file)) {
        return Parsed {
            src: Some(src),
            read: true,
            records: Some(Records::Values(Vec::new(), values)),
            diags,
        };
    }
    let d = &mut diags;
    let mut t = TomlFile::parse(&src, file, d);
    let read = t.ok();
    let records = match kind {
        Kind::Sources => {
            let pending = t.take_to_fill("source", |v| {
                field_str(v, "id").unwrap_or_else(|| "?".into())
            });
            let pending = pending
                .into_iter()
                .map(|p| {
                    let what = format!("document `{}`", p.what);
                    (p.what, ToFill { what, ..p })
                })
                .collect();
            Records::Sources(pending, t.records("source", d))
        }
        Kind::Localities => Records::Localities(t.records("locality", d)),
        Kind::Models => {
            let groups = t.records("group", d);
            Records::Models(groups, t.records("model", d))
        }
        Kind::Indicators => Records::Indicators(t.records("indicator", d)),
        Kind::Plan => {
            let plan = t.records("plan", d).into_iter().next();
            let groups = t.records("group", d);
            Records::Plan(plan, groups, t.records("item", d))
        }
        Kind::Corrections => Records::Corrections(t.records("correction", d)),
        Kind::Translations => Records::Translations(super::translations::records(&mut t, d)),
        Kind::Report => Records::Report(t.records("report", d).into_iter().next()),
        Kind::Values => {
            let pending = t.take_to_fill("value", |v| {
                let ind = field_str(v, "indicator").unwrap_or_else(|| "?".into());
                match field_str(v, "locality") {
                    Some(l) => format!("figure `{ind}` of {l}"),
                    None => format!("figure `{ind}`"),
                }
            });
            Records::Values(pending, t.records("value", d))
        }
        Kind::ValuesPart => Records::Values(Vec::new(), t.records("value", d)),
        Kind::Statuses => {
            let pending = t.take_to_fill("status", |v| {
                format!(
                    "status of model {}",
                    field_str(v, "model").unwrap_or_else(|| "?".into())
                )
            });
            Records::Statuses(pending, t.records("status", d))
        }
        Kind::Services => {
            let groups = t.records("group", d);
            let pending = t.take_to_fill("service", |v| {
                format!(
                    "service Phụ lục {}, STT {} ({})",
                    field_str(v, "appendix").unwrap_or_else(|| "?".into()),
                    field_str(v, "number").unwrap_or_else(|| "?".into()),
                    describe_name(v)
                )
            });
            Records::Services(groups, pending, t.records("service", d))
        }
    };
    t.finish(kind.headers(), d);
    if let (Some(c), Records::Values(pending, values)) = (cache, &records)
        && pending.is_empty()
        && diags.iter().next().is_none()
    {
        c.put(&name, kind, &src.text, values);
    }
    Parsed {
        src: Some(src),
        read,
        records: Some(records),
        diags,
    }
}

/// A problem concerning a whole file, as a step to keep in order.
fn file_problem(
    root: &Path,
    path: &Path,
    message: impl Into<String>,
    expected: Option<String>,
) -> Step {
    let mut d = Diagnostics::default();
    d.file_error(
        Rule::FileUnreadable,
        &relative(root, path),
        message,
        expected,
    );
    Step::Problem(d.iter().cloned().collect())
}

/// Lists the data files to read, in the order a sequential reader would take them,
/// and the report folders they fill.
fn plan_data(root: &Path, data: &Path, loaded: &mut Loaded) -> (Vec<Step>, Vec<ReportDir>) {
    let mut steps = Vec::new();
    let mut listing = Diagnostics::default();
    let required: [(&str, Kind); 4] = [
        ("sources.toml", Kind::Sources),
        ("localities.toml", Kind::Localities),
        ("models.toml", Kind::Models),
        ("indicators.toml", Kind::Indicators),
    ];
    for (name, kind) in required {
        let path = data.join(name);
        if !path.is_file() {
            loaded.unread.insert(display_path(&relative(root, &path)));
            steps.push(file_problem(
                root,
                &path,
                "missing file",
                Some(format!("{} with {}", name, kind.headers().join(" and "))),
            ));
            continue;
        }
        steps.push(Step::File { path, kind, dir: 0 });
    }
    let plans = list(&data.join("plans"), root, &mut listing, |p| {
        p.extension().is_some_and(|e| e == "toml")
    });
    drain_problems(&mut listing, &mut steps);
    for path in plans {
        steps.push(Step::File {
            path,
            kind: Kind::Plan,
            dir: 0,
        });
    }
    let corrections = data.join("corrections.toml");
    if corrections.is_file() {
        steps.push(Step::File {
            path: corrections,
            kind: Kind::Corrections,
            dir: 0,
        });
    }
    let translations = list(&data.join("translations"), root, &mut listing, |p| {
        p.is_file() && p.extension().is_some_and(|e| e == "toml")
    });
    drain_problems(&mut listing, &mut steps);
    for path in translations {
        steps.push(Step::File {
            path,
            kind: Kind::Translations,
            dir: 0,
        });
    }
    let report_dirs = list(&data.join("reports"), root, &mut listing, |p| p.is_dir());
    drain_problems(&mut listing, &mut steps);
    let mut dirs = Vec::new();
    for dir in report_dirs {
        let index = dirs.len();
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dirs.push(ReportDir {
            name,
            path: relative(root, &dir),
            report: None,
            values: Vec::new(),
            statuses: Vec::new(),
            service_groups: Vec::new(),
            services: Vec::new(),
            to_fill: Vec::new(),
            fingerprints: Vec::new(),
        });
        let file = |path: PathBuf, kind: Kind| Step::File {
            path,
            kind,
            dir: index,
        };
        let report_toml = dir.join("report.toml");
        if report_toml.is_file() {
            steps.push(file(report_toml, Kind::Report));
        } else {
            steps.push(file_problem(
                root,
                &report_toml,
                "missing file: every report folder needs one",
                Some("report.toml with a [report] table".into()),
            ));
        }
        let optional = dir.join("indicators.toml");
        if optional.is_file() {
            steps.push(file(optional, Kind::Values));
        }
        // A national portal splits a month's figures into one file per province:
        // indicators/<name>.toml, each holding [[value]] records, read in name order.
        let parts = list(&dir.join("indicators"), root, &mut listing, |p| {
            p.is_file() && p.extension().is_some_and(|e| e == "toml")
        });
        drain_problems(&mut listing, &mut steps);
        for path in parts {
            steps.push(file(path, Kind::ValuesPart));
        }
        let optional = dir.join("models.toml");
        if optional.is_file() {
            steps.push(file(optional, Kind::Statuses));
        }
        let optional = dir.join("services.toml");
        if optional.is_file() {
            steps.push(file(optional, Kind::Services));
        }
    }
    (steps, dirs)
}

/// Moves the problems found while listing a folder into the steps, in order.
fn drain_problems(listing: &mut Diagnostics, steps: &mut Vec<Step>) {
    let found = std::mem::take(listing);
    steps.push(Step::Problem(found.iter().cloned().collect()));
}

/// The entries of a folder that pass `keep`, sorted by name; a missing folder is empty.
fn list(
    dir: &Path,
    root: &Path,
    diags: &mut Diagnostics,
    keep: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in read {
        match entry {
            Ok(e) if keep(&e.path()) => out.push(e.path()),
            Ok(_) => {}
            Err(e) => diags.file_error(
                Rule::FileUnreadable,
                &relative(root, dir),
                format!("cannot list folder: {e}"),
                None,
            ),
        }
    }
    out.sort();
    out
}

/// Files under data/ that no loader reads are errors: a misnamed file would otherwise be silently ignored.
fn unexpected_files(root: &Path, data: &Path, diags: &mut Diagnostics) {
    let known_top = [
        "README.md",
        "sources.toml",
        "localities.toml",
        "models.toml",
        "indicators.toml",
        "corrections.toml",
        "plans",
        "reports",
        "translations",
    ];
    let known_report = [
        "report.toml",
        "indicators.toml",
        "models.toml",
        "services.toml",
    ];
    for entry in walkdir::WalkDir::new(data).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let rel = entry.path().strip_prefix(data).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().cloned().unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let ok = match parts.len() {
            1 => known_top.contains(&name.as_str()),
            2 if parts[0] == "plans" => name.ends_with(".toml"),
            2 if parts[0] == "translations" => name.ends_with(".toml"),
            2 if parts[0] == "reports" => entry.file_type().is_dir(),
            3 if parts[0] == "reports" && name == "indicators" => entry.file_type().is_dir(),
            3 if parts[0] == "reports" => known_report.contains(&name.as_str()),
            4 if parts[0] == "reports" && parts[2] == "indicators" => name.ends_with(".toml"),
            _ => false,
        };
        if !ok {
            let expected = match parts.first().map(String::as_str) {
                Some("plans") => "plans/<locality>.toml".to_string(),
                Some("translations") => "translations/<language>.toml".to_string(),
                Some("reports") => format!(
                    "reports/YYYY-MM/ holding {} and optionally indicators/<name>.toml",
                    known_report.join(", ")
                ),
                _ => known_top.join(", "),
            };
            diags.file_error(
                Rule::UnexpectedFile,
                &relative(root, entry.path()),
                "unexpected file in data/: no part of the site reads it",
                Some(expected),
            );
        }
    }
}
