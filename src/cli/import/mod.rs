//! `minhbach import FILE`: the appendix tables of a spreadsheet (CSV, XLSX, ODS) into
//! the month's TOML that `new report` scaffolded.
//!
//! Read every sheet ([`sheet`]), find its tables and read each cell by the document's
//! number convention ([`number`], [`table`]), match each row to its record and fill it
//! ([`fill`]). Every problem is reported with the sheet, row and column; if there is an
//! error, nothing is written. The files are replaced whole (a temporary file renamed),
//! so an interrupted import leaves them as they were.

pub mod fill;
pub mod number;
pub mod report;
pub mod sheet;
pub mod table;

use crate::common::calendar::Month;
use crate::common::diagnostic::Severity;
use number::Convention;
use sheet::Pos;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the spreadsheet or in matching it to the month's records.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Error (nothing is written) or warning (worth a look).
    pub severity: Severity,
    /// The cell.
    pub at: Pos,
    /// What is wrong.
    pub message: String,
    /// What was expected instead.
    pub expected: String,
}

impl Problem {
    /// A warning at `at`.
    pub fn warning(at: Pos, message: &str, expected: &str) -> Problem {
        Problem {
            severity: Severity::Warning,
            at,
            message: message.into(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}: {}", self.at, self.message)?;
        if !self.expected.is_empty() {
            writeln!(f, "  = expected: {}", self.expected)?;
        }
        Ok(())
    }
}

/// The problems found, in the order found.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Adds a problem.
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    /// Adds an error at `at`.
    pub fn error(&mut self, at: Pos, message: &str, expected: &str) {
        self.0.push(Problem {
            severity: Severity::Error,
            at,
            message: message.into(),
            expected: expected.into(),
        });
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|p| p.severity == Severity::Error)
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The month to fill; the latest in data/reports/ when absent.
    pub month: Option<Month>,
    /// Replace values already filled in.
    pub overwrite: bool,
    /// The document's number convention; the site's language decides when absent.
    pub convention: Option<Convention>,
    /// Read and match everything, report, and write nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// The month filled.
    pub month: Month,
    /// Files changed (relative to the site).
    pub files: Vec<PathBuf>,
    /// Rows read from the spreadsheet.
    pub rows: usize,
    /// Keys written.
    pub written: usize,
    /// Records no longer marked `to_fill`.
    pub completed: usize,
    /// Warnings.
    pub warnings: Vec<Problem>,
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// The spreadsheet or the site could not be read, or a file written.
    Io(String),
    /// Errors (and warnings) in the spreadsheet or in matching it; nothing was written.
    Problems(Vec<Problem>),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io(e) => write!(f, "{e}"),
            ImportError::Problems(p) => {
                let n = p.iter().filter(|p| p.severity == Severity::Error).count();
                write!(f, "{n} error(s) in the spreadsheet; nothing was written")
            }
        }
    }
}

/// The latest month folder under data/reports/.
fn latest_month(root: &Path) -> Option<Month> {
    let dir = std::fs::read_dir(root.join("data/reports")).ok()?;
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .max()
}

fn io(path: &Path, e: impl fmt::Display) -> ImportError {
    ImportError::Io(format!("{}: {e}", path.display()))
}

/// A month's TOML file, parsed for editing.
struct Target {
    rel: PathBuf,
    text: String,
    doc: toml_edit::DocumentMut,
}

fn target(root: &Path, rel: PathBuf) -> Result<Option<Target>, ImportError> {
    let path = root.join(&rel);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
    let doc = text
        .parse::<toml_edit::DocumentMut>()
        .map_err(|e| io(&path, format!("not valid TOML ({e}); run `minhbach check`")))?;
    Ok(Some(Target { rel, text, doc }))
}

/// What the site knows, from a checked dataset: indicators, localities, the month's locality.
fn known(root: &Path, month: Month) -> Result<(fill::Known, String), ImportError> {
    let (ds, diags) = crate::check(root, crate::validate::Options::default());
    let Some(ds) = ds else {
        let n = diags.errors().len();
        return Err(ImportError::Io(format!(
            "the site's data has {n} error(s); fix them (`minhbach check`) before importing"
        )));
    };
    let Some(report) = ds.reports.iter().find(|r| r.report.month == month) else {
        return Err(ImportError::Io(format!(
            "no report for {month} in data/reports/; scaffold it first with `minhbach new report {month}`"
        )));
    };
    let known = fill::Known {
        indicators: ds
            .indicators
            .iter()
            .map(|i| fill::KnownIndicator {
                id: i.id.clone(),
                name: i.name.clone(),
                computed: i.numerator.is_some(),
            })
            .collect(),
        localities: ds
            .localities
            .iter()
            .map(|p| (p.slug.clone(), p.record.name.clone()))
            .collect(),
        default_locality: report.report.locality.clone(),
    };
    // The language is read leniently: `check` above has already judged site.toml.
    let language = std::fs::read_to_string(root.join("site.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("language")?.as_str().map(str::to_string))
        .unwrap_or_else(|| "vi".into());
    Ok((known, language))
}

/// Imports the spreadsheet at `file` into the month's TOML of the site at `root`.
pub fn import(root: &Path, file: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let month = opts
        .month
        .or_else(|| latest_month(root))
        .ok_or_else(|| ImportError::Io("no month in data/reports/ to import into".into()))?;
    let (known, language) = known(root, month)?;
    let convention = opts.convention.unwrap_or(if language == "en" {
        Convention::English
    } else {
        Convention::Vietnamese
    });
    let sheets = sheet::read(file).map_err(ImportError::Io)?;
    let mut problems = Problems::default();
    let mut tables = table::Tables::default();
    for s in &sheets {
        let t = table::read(s, convention, &mut problems);
        tables.services.extend(t.services);
        tables.figures.extend(t.figures);
    }
    let rows = tables.services.len() + tables.figures.len();
    if rows == 0 {
        return Err(ImportError::Io(format!(
            "{}: no appendix table found; expected a header row with \"Tên dịch vụ\", \"Tổng hồ sơ\" and \"Trực tuyến\" (Phụ lục I, II) or \"Mã chỉ số\"/\"Chỉ số\" and \"Giá trị\" (figures)",
            file.display()
        )));
    }
    let dir = PathBuf::from(format!("data/reports/{month}"));
    let mut filler = fill::Filler {
        overwrite: opts.overwrite,
        problems,
        ..Default::default()
    };
    let mut targets = Vec::new();
    for (name, has) in [
        ("services.toml", !tables.services.is_empty()),
        ("indicators.toml", !tables.figures.is_empty()),
    ] {
        if !has {
            continue;
        }
        let Some(mut t) = target(root, dir.join(name))? else {
            return Err(ImportError::Io(format!(
                "{} does not exist; the spreadsheet has rows for it",
                dir.join(name).display()
            )));
        };
        filler.file = t.rel.display().to_string();
        if name == "services.toml" {
            fill::services(&mut t.doc, &tables.services, &mut filler);
        } else {
            fill::figures(&mut t.doc, &tables.figures, &known, &mut filler);
        }
        targets.push(t);
    }
    // In the spreadsheet's order: sheet by sheet, row by row.
    let order = |p: &Problem| {
        let sheet = sheets.iter().position(|s| s.name == p.at.sheet);
        (sheet, p.at.row, p.at.col)
    };
    filler.problems.0.sort_by_key(order);
    if filler.problems.has_errors() {
        return Err(ImportError::Problems(filler.problems.0));
    }
    let changed: Vec<&Target> = targets
        .iter()
        .filter(|t| t.doc.to_string() != t.text)
        .collect();
    if !opts.dry_run {
        write_all(root, &changed)?;
    }
    Ok(Imported {
        month,
        files: changed.iter().map(|t| t.rel.clone()).collect(),
        rows,
        written: filler.counts.written,
        completed: filler.counts.completed,
        warnings: filler.problems.0,
    })
}

/// Writes every changed file to a temporary file beside it, then renames them all:
/// a failure before the renames leaves every file as it was.
fn write_all(root: &Path, targets: &[&Target]) -> Result<(), ImportError> {
    let mut staged = Vec::new();
    for t in targets {
        let path = root.join(&t.rel);
        let dir = path.parent().unwrap_or(root);
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io(&path, e))?;
        std::io::Write::write_all(&mut tmp, t.doc.to_string().as_bytes())
            .map_err(|e| io(&path, e))?;
        staged.push((tmp, path));
    }
    for (tmp, path) in staged {
        tmp.persist(&path).map_err(|e| io(&path, e.error))?;
    }
    Ok(())
}
