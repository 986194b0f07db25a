//! Shared helpers for the integration tests: a scratch copy of the shipped
//! site, mutations of its files, and a run of `minhbach check --format json`.
//!
//! Expected lines and columns are always computed from the mutated text itself
//! (see [`Site::line_of`] and [`Site::pos_of`]), never hard-coded, so that the
//! tests survive edits of the shipped data.

#![allow(dead_code)]

use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date passed as `--today` unless a test says otherwise.
pub const TODAY: &str = "2026-11-23";

/// The repository root (where site.toml, data/ and content/ live).
pub fn shipped_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// One diagnostic as printed by `--format json`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Diag {
    /// The rule's stable id (`MB0306`).
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Where the offending text ends (column exclusive).
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    #[serde(default)]
    pub expected: Option<String>,
    #[serde(default)]
    pub snippet: Option<String>,
}

impl Diag {
    /// `file:line:column: severity: message (expected: ...)`, for failure messages.
    pub fn show(&self) -> String {
        let mut s = format!(
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.severity, self.message
        );
        if let Some(e) = &self.expected {
            let _ = write!(s, " (expected: {e})");
        }
        s
    }
}

/// The result of one run of `minhbach check`.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The parsed JSON array.
    pub diags: Vec<Diag>,
}

impl Outcome {
    /// Every diagnostic, one a line, for failure messages (at most 60 lines).
    pub fn dump(&self) -> String {
        let mut s = String::new();
        for d in self.diags.iter().take(60) {
            let _ = writeln!(s, "  {}", d.show());
        }
        if self.diags.len() > 60 {
            let _ = writeln!(s, "  ... and {} more", self.diags.len() - 60);
        }
        s
    }

    /// The errors (not warnings).
    pub fn errors(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter().filter(|d| d.severity == "error")
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter().filter(|d| d.severity == "warning")
    }

    /// Asserts that the check failed the ordinary way: exit status 1, no panic.
    pub fn assert_fails(&self) {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit status 1; stderr:\n{}\ndiagnostics:\n{}",
            self.stderr,
            self.dump()
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the checker panicked:\n{}",
            self.stderr
        );
        assert!(
            self.errors().next().is_some(),
            "exit 1 but no error was printed"
        );
    }

    /// Asserts that the check passed: exit status 0 and no error.
    pub fn assert_passes(&self) {
        let errors: Vec<String> = self.errors().map(Diag::show).collect();
        assert!(
            errors.is_empty(),
            "expected no errors, got:\n  {}",
            errors.join("\n  ")
        );
        assert_eq!(
            self.code,
            Some(0),
            "expected exit status 0; stderr:\n{}",
            self.stderr
        );
    }

    /// The diagnostics of one severity in `file` at `line` whose message contains `message`.
    pub fn matching(&self, severity: &str, file: &str, line: usize, message: &str) -> Vec<&Diag> {
        self.diags
            .iter()
            .filter(|d| {
                d.severity == severity
                    && d.file == file
                    && d.line == line
                    && d.message.contains(message)
            })
            .collect()
    }

    fn find(&self, severity: &str, file: &str, line: usize, message: &str) -> &Diag {
        let found = self.matching(severity, file, line, message);
        match found.first() {
            Some(d) => d,
            None => {
                let nearby: String = self
                    .diags
                    .iter()
                    .filter(|d| d.file == file)
                    .take(40)
                    .map(|d| format!("  {}\n", d.show()))
                    .collect();
                panic!(
                    "no {severity} at {file}:{line} containing {message:?}\n\
                     diagnostics in {file}:\n{nearby}all diagnostics:\n{}",
                    self.dump()
                )
            }
        }
    }

    /// The error at `file:line` whose message contains `message`; panics with every diagnostic if none.
    pub fn error(&self, file: &str, line: usize, message: &str) -> &Diag {
        self.find("error", file, line, message)
    }

    /// Like [`Outcome::error`], and also checks the column.
    pub fn error_at(&self, file: &str, line: usize, column: usize, message: &str) -> &Diag {
        let d = self.error(file, line, message);
        assert_eq!(d.column, column, "wrong column for {}", d.show());
        d
    }

    /// The warning at `file:line` whose message contains `message`.
    pub fn warning(&self, file: &str, line: usize, message: &str) -> &Diag {
        self.find("warning", file, line, message)
    }

    /// Asserts that no diagnostic at all mentions `message`.
    pub fn assert_none(&self, message: &str) {
        let hits: Vec<String> = self
            .diags
            .iter()
            .filter(|d| d.message.contains(message))
            .map(Diag::show)
            .collect();
        assert!(
            hits.is_empty(),
            "unexpected diagnostics:\n  {}",
            hits.join("\n  ")
        );
    }
}

/// A scratch copy of the shipped site.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// Copies site.toml, data/, content/ and sources/ (if present) of the repository into a
    /// temporary folder (sources/ holds the legal texts' passages that data/ cites).
    pub fn shipped() -> Site {
        let dir = tempfile::TempDir::new().expect("temporary folder");
        let from = shipped_root();
        std::fs::copy(from.join("site.toml"), dir.path().join("site.toml"))
            .expect("copy site.toml");
        copy_dir(&from.join("data"), &dir.path().join("data"));
        if from.join("content").is_dir() {
            copy_dir(&from.join("content"), &dir.path().join("content"));
        }
        if from.join("sources").is_dir() {
            copy_dir(&from.join("sources"), &dir.path().join("sources"));
        }
        Site { dir }
    }

    /// Like [`Site::shipped`], with the themes too, so that the copy can be built.
    pub fn shipped_buildable() -> Site {
        let site = Site::shipped();
        site.copy_theme();
        site
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Absolute path of a file given relative to the site.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The text of a file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file (creating its folder).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir for {rel}: {e}"));
        }
        std::fs::write(&p, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Appends `text` to a file after a blank line.
    pub fn append(&self, rel: &str, text: &str) {
        let mut old = self.read(rel);
        if !old.is_empty() && !old.ends_with('\n') {
            old.push('\n');
        }
        old.push('\n');
        old.push_str(text);
        self.write(rel, old);
    }

    /// Replaces the one occurrence of `from` in a file by `to`.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let old = self.read(rel);
        assert_eq!(
            old.matches(from).count(),
            1,
            "{rel} should contain {from:?} exactly once"
        );
        self.write(rel, old.replacen(from, to, 1));
    }

    /// Deletes a file.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    /// 1-based line and column (in characters) of the one occurrence of `needle` in a file.
    pub fn pos_of(&self, rel: &str, needle: &str) -> (usize, usize) {
        pos_in(&self.read(rel), needle, rel)
    }

    /// 1-based line of the one occurrence of `needle` in a file.
    pub fn line_of(&self, rel: &str, needle: &str) -> usize {
        self.pos_of(rel, needle).0
    }

    /// Runs `minhbach check --site DIR --format json --today TODAY`.
    pub fn check(&self) -> Outcome {
        self.check_today(TODAY)
    }

    /// Runs the check with another `--today`.
    pub fn check_today(&self, today: &str) -> Outcome {
        run_check(self.root(), today)
    }

    /// Facts about the (possibly already mutated) data, to build mutations that fit it.
    pub fn facts(&self) -> Facts {
        Facts::read(self)
    }
}

/// 1-based line and column (in characters) of the only occurrence of `needle` in `text`.
pub fn pos_in(text: &str, needle: &str, what: &str) -> (usize, usize) {
    let hits: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    assert_eq!(
        hits.len(),
        1,
        "{what} should contain {needle:?} exactly once (found {})",
        hits.len()
    );
    let at = hits[0];
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    (line, column)
}

/// Runs the binary on a site folder and parses its JSON output.
pub fn run_check(root: &Path, today: &str) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .arg("check")
        .arg("--site")
        .arg(root)
        .args(["--format", "json", "--today", today])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run minhbach");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(
        out.status.code(),
        Some(101),
        "minhbach check panicked (exit 101):\n{stderr}"
    );
    let diags: Vec<Diag> = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON array of diagnostics ({e}); exit {:?}\nstdout:\n{}\nstderr:\n{stderr}",
            out.status.code(),
            &stdout[..stdout.len().min(2000)]
        )
    });
    Outcome {
        code: out.status.code(),
        stdout,
        stderr,
        diags,
    }
}

/// One indicator of data/indicators.toml.
#[derive(Debug, Clone)]
pub struct IndicatorFact {
    pub id: String,
    pub unit: String,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
}

/// Facts about the data, read with the `toml` crate, so that mutations refer to ids that exist.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Every source id, in file order.
    pub sources: Vec<String>,
    /// Every locality: (name as written, explicit slug, resolved slug).
    pub localities: Vec<(String, Option<String>, String)>,
    /// Every model number, in file order.
    pub models: Vec<u32>,
    /// Every indicator, in file order.
    pub indicators: Vec<IndicatorFact>,
    /// The plan files, `data/plans/<name>.toml`, sorted.
    pub plans: Vec<String>,
    /// The report folders, `data/reports/<name>`, sorted.
    pub reports: Vec<String>,
}

fn table(site: &Site, rel: &str) -> toml::Table {
    site.read(rel)
        .parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("the shipped {rel} should parse: {e}"))
}

fn array<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn string(t: &toml::Table, key: &str) -> Option<String> {
    t.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn listing(site: &Site, rel: &str, dirs: bool) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(site.path(rel)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() == dirs))
        .map(|e| format!("{rel}/{}", e.file_name().to_string_lossy()))
        .filter(|p| dirs || p.ends_with(".toml"))
        .collect();
    out.sort();
    out
}

impl Facts {
    fn read(site: &Site) -> Facts {
        let sources = array(&table(site, "data/sources.toml"), "source")
            .iter()
            .filter_map(|s| string(s, "id"))
            .collect();
        let localities = array(&table(site, "data/localities.toml"), "locality")
            .iter()
            .map(|l| {
                let name = string(l, "name").unwrap_or_default();
                let slug = string(l, "slug");
                let resolved = slug
                    .clone()
                    .unwrap_or_else(|| minhbach::common::text::slugify(&name));
                (name, slug, resolved)
            })
            .collect();
        let models = array(&table(site, "data/models.toml"), "model")
            .iter()
            .filter_map(|m| m.get("number").and_then(|n| n.as_integer()))
            .map(|n| n as u32)
            .collect();
        let indicators = array(&table(site, "data/indicators.toml"), "indicator")
            .iter()
            .map(|i| IndicatorFact {
                id: string(i, "id").unwrap_or_default(),
                unit: string(i, "unit").unwrap_or_default(),
                numerator: string(i, "numerator"),
                denominator: string(i, "denominator"),
            })
            .collect();
        Facts {
            sources,
            localities,
            models,
            indicators,
            plans: listing(site, "data/plans", false),
            reports: listing(site, "data/reports", true),
        }
    }

    /// A source id to cite in new records.
    pub fn source(&self) -> &str {
        self.sources.first().expect("at least one source")
    }

    /// Every resolved locality slug.
    pub fn slugs(&self) -> Vec<&str> {
        self.localities.iter().map(|(_, _, s)| s.as_str()).collect()
    }

    /// A plain count indicator (not a rate).
    pub fn count_indicator(&self) -> &str {
        &self
            .indicators
            .iter()
            .find(|i| i.unit == "count" && i.numerator.is_none())
            .expect("a count indicator")
            .id
    }

    /// A rate indicator whose numerator and denominator are plain indicators: (rate, numerator, denominator).
    pub fn rate_indicator(&self) -> (&str, &str, &str) {
        let plain = |id: &str| {
            self.indicators
                .iter()
                .any(|i| i.id == id && i.unit != "percent" && i.numerator.is_none())
        };
        let rate = self
            .indicators
            .iter()
            .find(|i| match (&i.numerator, &i.denominator) {
                (Some(n), Some(d)) => plain(n) && plain(d),
                _ => false,
            })
            .expect("a rate indicator with plain numerator and denominator");
        (
            &rate.id,
            rate.numerator.as_deref().unwrap_or_default(),
            rate.denominator.as_deref().unwrap_or_default(),
        )
    }

    /// The first report folder, e.g. `data/reports/2024-09`.
    pub fn report(&self) -> &str {
        self.reports.first().expect("at least one report folder")
    }

    /// The first plan file, e.g. `data/plans/bim-son.toml`.
    pub fn plan(&self) -> &str {
        self.plans.first().expect("at least one plan file")
    }
}

/// Reads `[report]` of a report folder: (month, locality, source).
pub fn report_header(site: &Site, folder: &str) -> (String, String, String) {
    let t = table(site, &format!("{folder}/report.toml"));
    let r = t
        .get("report")
        .and_then(|v| v.as_table())
        .expect("a [report] table");
    (
        string(r, "month").expect("month"),
        string(r, "locality").expect("locality"),
        string(r, "source").expect("source"),
    )
}

/// A locality slug that no figure of the report folder names explicitly, for new figures that
/// must not collide with shipped ones.
pub fn spare_locality(site: &Site, facts: &Facts, folder: &str) -> String {
    let (_, own, _) = report_header(site, folder);
    let values = std::fs::read_to_string(site.path(&format!("{folder}/indicators.toml")))
        .unwrap_or_default();
    facts
        .slugs()
        .into_iter()
        .find(|s| *s != own && !values.contains(&format!("\"{s}\"")))
        .expect("a locality without figures")
        .to_string()
}

/// A deterministic pseudo-random byte stream (xorshift64*), for fuzz-like inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 56) as u8).collect()
    }
}

impl Site {
    /// Copies the repository's themes/ into the site, for tests that build it.
    pub fn copy_theme(&self) {
        let from = shipped_root().join("themes");
        copy_dir(&from, &self.path("themes"));
    }

    /// Runs `minhbach ARGS --site <the site>`.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(args)
            .arg("--site")
            .arg(self.root())
            .output()
            .expect("run minhbach")
    }

    /// Builds the site quietly into `public/` of its folder (its theme copied first); panics if the build fails.
    pub fn build(&self) -> PathBuf {
        self.build_with(&[])
    }

    /// [`Site::build`] with more arguments (`--drafts`).
    pub fn build_with(&self, more: &[&str]) -> PathBuf {
        if !self.path("themes").exists() {
            self.copy_theme();
        }
        let out = self.path("public");
        let out_arg = out.to_string_lossy();
        let mut args = vec!["build", "--quiet", "--today", TODAY, "--output", &out_arg];
        args.extend_from_slice(more);
        let o = self.run(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    }

    /// Fills in a record scaffolded by `new`: drops its `to_fill = true` (the line
    /// before `key_line`) and writes `filled` after `key_line`.
    pub fn fill_in(&self, rel: &str, key_line: &str, filled: &str) {
        self.replace(
            rel,
            &format!("to_fill = true\n{key_line}\n"),
            &format!("{key_line}\n{filled}\n"),
        );
    }
}

/// The text of a built page: tags removed, white space collapsed.
pub fn page_text(out: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let text = regex::Regex::new(r"<[^>]*>")
        .expect("regex")
        .replace_all(&html, " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
/// Builds a site folder in-process into `out`; returns the error diagnostics (empty on success).
pub fn build_site(root: &Path, out: &Path) -> Vec<minhbach::common::diagnostic::Diagnostic> {
    let options = minhbach::BuildOptions {
        validate: minhbach::validate::Options {
            today: TODAY.parse().expect("a date"),
        },
        base_url: None,
        full: true,
    };
    let (summary, diags) = minhbach::build(root, out, &options);
    let errors = diags.errors();
    assert!(
        summary.is_some() || !errors.is_empty(),
        "a build that failed must say why"
    );
    errors
}

/// Tools installed by `scripts/install-test-tools.sh`: a missing one fails the test and says so.
pub mod tools {
    use std::path::PathBuf;

    const INSTALL: &str =
        "run scripts/install-test-tools.sh (scripts/test does it before cargo test)";

    /// tests/browser/, where the npm packages are installed.
    pub fn browser_dir() -> PathBuf {
        super::shipped_root().join("tests").join("browser")
    }

    /// Headless Chromium: $CHROMIUM or Debian's /usr/bin/chromium.
    pub fn chromium() -> PathBuf {
        let p = std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
        assert!(
            p.is_file(),
            "Chromium not found at {}: {INSTALL}",
            p.display()
        );
        p
    }

    /// An npm package of tests/browser/, by name.
    pub fn npm_package(name: &str) -> PathBuf {
        let p = browser_dir().join("node_modules").join(name);
        assert!(
            p.is_dir(),
            "npm package {name} not installed in tests/browser/: {INSTALL}"
        );
        p
    }

    /// A program on PATH.
    pub fn program(name: &str) -> PathBuf {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{name} not found on PATH: {INSTALL}"))
    }

    /// Runs a Node script of tests/browser/ with arguments: (success, stdout, stderr).
    pub fn node(script: &str, args: &[&std::ffi::OsStr]) -> (bool, String, String) {
        npm_package("puppeteer-core");
        npm_package("axe-core");
        let out = std::process::Command::new(program("node"))
            .arg(browser_dir().join(script))
            .args(args)
            .env("CHROMIUM", chromium())
            .output()
            .expect("run node");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// The rows of a CSV (RFC 4180 quoting: `""` inside a quoted field).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The JSON dataset of a built site as one document, made from the index
/// (`du-lieu.json`) and the month files it lists, each found at its `url` relative
/// to the index, as a data user would: the index's bytes with the months' reports
/// in the place of its `months` field. Before the split this was the whole file.
pub fn reassembled_dataset(out: &Path) -> Vec<u8> {
    let index_path = out.join(minhbach::paths::DATASET_JSON);
    let index = std::fs::read(&index_path).unwrap_or_else(|e| panic!("the index: {e}"));
    let parsed: serde_json::Value = serde_json::from_slice(&index).expect("the index is JSON");
    assert!(parsed.get("reports").is_none(), "the index has no reports");
    let months = parsed["months"].as_array().expect("the index lists months");
    // `,"` is never inside a JSON string (its quotes are escaped), so these are the fields.
    let find = |key: &str| {
        let pat = format!(",\"{key}\":");
        index
            .windows(pat.len())
            .position(|w| w == pat.as_bytes())
            .unwrap_or_else(|| panic!("no {key} in the index"))
    };
    let (start, end) = (find("months"), find("corrections"));
    let mut whole = index[..start].to_vec();
    whole.extend_from_slice(b",\"reports\":[");
    for (i, m) in months.iter().enumerate() {
        let url = m["url"].as_str().expect("a month's url");
        let file = index_path.parent().unwrap().join(url);
        let report = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        let r: serde_json::Value = serde_json::from_slice(&report).expect("a month is JSON");
        assert_eq!(r["month"], m["month"], "{url} holds its month");
        assert_eq!(r["status"], m["status"], "{url} has the index's status");
        if i > 0 {
            whole.push(b',');
        }
        whole.extend_from_slice(&report);
    }
    whole.push(b']');
    whole.extend_from_slice(&index[end..]);
    whole
}
