//! Diagnostics: what is wrong, where (file, line, column), and what was expected.
//!
//! Every stage reports problems as [`Diagnostic`]s into a [`Diagnostics`]
//! collector instead of stopping at the first one, so that an editor sees all
//! the problems of a pull request in one run of `minhbach check`.

pub use super::rule::Rule;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail `check` and `build`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data cannot be published as it is.
    Error,
    /// Worth a second look; the build goes on.
    Warning,
}

/// One problem found in the site's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule it is reported under (serialized as its stable id, `MB0306`).
    pub rule: Rule,
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when the problem concerns the whole file.
    pub column: usize,
    /// 1-based line where the offending text ends (the value, key or record); 0 for a whole file.
    #[serde(default)]
    pub end_line: usize,
    /// 1-based column just past the offending text, in characters (as editors and
    /// SARIF count an exclusive end); equal to `column` when no span is known.
    #[serde(default)]
    pub end_column: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected instead, when that can be said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The source line the problem is on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub snippet: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line > 0 {
            writeln!(
                f,
                "{level}: {}:{}:{}: {} [{}]",
                self.file, self.line, self.column, self.message, self.rule
            )?;
        } else {
            writeln!(
                f,
                "{level}: {}: {} [{}]",
                self.file, self.message, self.rule
            )?;
        }
        if !self.snippet.is_empty() {
            let gutter = self.line.to_string();
            writeln!(f, " {gutter} | {}", self.snippet)?;
            let pad: String = " ".repeat(gutter.len());
            let caret_pad: String = " ".repeat(self.column.saturating_sub(1));
            writeln!(f, " {pad} | {caret_pad}^")?;
        }
        if let Some(expected) = &self.expected {
            writeln!(f, "  = expected: {expected}")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// A problem concerning a whole file (line and column 0).
    pub fn whole_file(
        rule: Rule,
        severity: Severity,
        file: String,
        message: impl Into<String>,
        expected: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            file,
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            message: message.into(),
            expected,
            snippet: String::new(),
        }
    }
}

/// A file's text with an index of its line starts, to turn byte offsets into lines and columns.
#[derive(Debug)]
pub struct SourceText {
    /// Path relative to the site root, `/`-separated, as shown in diagnostics.
    pub name: String,
    /// The text, normalised to NFC.
    pub text: String,
    /// Made when a diagnostic first needs it: nearly every file of a national
    /// portal is read without one (the synthetic one: 116 MB in 4,9 million lines).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceText {
    /// Wraps a file's text; `name` is the path shown to the user.
    pub fn new(name: impl Into<String>, text: String) -> Self {
        SourceText {
            name: name.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Where a span ends, trailing line breaks and spaces left out (a record's span
    /// runs to the next header); the start when the span is empty.
    fn span_end(&self, line: usize, column: usize, span: &Range<usize>) -> (usize, usize) {
        let end = span.end.min(self.text.len());
        let text = self.text.get(span.start..end).unwrap_or("");
        let trimmed = span.start + text.trim_end().len();
        if trimmed <= span.start {
            return (line, column);
        }
        self.line_col(trimmed)
    }

    /// A diagnostic under `rule` located at a byte span of this file.
    pub fn diagnostic(
        &self,
        rule: Rule,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.span_end(line, column, &span);
        Diagnostic {
            rule,
            severity,
            file: self.name.clone(),
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
            expected: None,
            snippet: self.line_text(line).to_string(),
        }
    }
}

/// A place in a source file: which file and which bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// Index of the file in the [`crate::load::Sources`] it was loaded into.
    pub file: usize,
    /// Byte range in that file's text.
    pub span: Range<usize>,
}

/// Collects diagnostics from every stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds the diagnostics of `other` after these (work done in parallel, merged in order).
    pub fn append(&mut self, mut other: Diagnostics) {
        self.items.append(&mut other.items);
    }

    /// A problem concerning a whole file (unreadable, unexpected), under `rule`.
    pub fn file_error(
        &mut self,
        rule: Rule,
        file: &Path,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        self.items.push(Diagnostic::whole_file(
            rule,
            Severity::Error,
            display_path(file),
            message,
            expected,
        ));
    }

    /// The errors alone (no warnings), in file and line order.
    pub fn errors(self) -> Vec<Diagnostic> {
        self.sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.items.len() - errors)
    }

    /// The diagnostics in a stable order: by file, line, column, then message.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// All diagnostics so far, unsorted.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// A relative path shown with `/` separators on every platform.
pub fn display_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Relative path of `path` under `root`, for display.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
