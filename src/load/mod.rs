//! Stage 1, **load**: read the site's files and parse them into records that
//! remember where they were written.
//!
//! Every TOML file is parsed with error recovery, and every record
//! (`[[model]]`, `[[value]]`, ...) is deserialized on its own, so that one bad
//! record does not hide the problems of the others. Problems go to a
//! [`Diagnostics`]; what could be read is returned all the same.

pub mod cache;
pub mod content;
pub mod i18n;

pub use cache::ParseCache;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostics, Loc, Severity, SourceText, display_path, relative};
use crate::schema::*;
use crate::text::nfc;
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeArray, DeTable, DeValue};

/// Where a path leads if it is (or passes through) a symbolic link leaving the site root.
///
/// Links inside the site are fine; one leading out could publish any file of
/// the machine that builds the site (a CI runner's secrets, say), so it is refused.
pub fn outside_target(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let target = std::fs::canonicalize(path).ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// Largest data or content file read; a larger one is refused, not loaded into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The text of every file read, indexed by [`Loc::file`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceText>,
}

impl Sources {
    /// Adds a file and returns its index.
    pub fn add(&mut self, file: SourceText) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    /// Number of files added.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file at an index.
    pub fn get(&self, index: usize) -> &SourceText {
        &self.files[index]
    }

    /// Reports a problem at a location.
    pub fn report(
        &self,
        diags: &mut Diagnostics,
        severity: Severity,
        loc: &Loc,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        let mut d = self.files[loc.file].diagnostic(severity, loc.span.clone(), message);
        d.expected = expected;
        diags.push(d);
    }
}

/// A record together with where it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The record.
    pub record: T,
    /// The whole record.
    pub loc: Loc,
    /// Each key's value span, for pointing at one field.
    fields: Box<[FieldSpan]>,
}

/// Where the value of one key of a record is.
#[derive(Debug, Clone)]
struct FieldSpan {
    /// The key: one of the record type's field names (not allocated for each record),
    /// or a path such as `row[1].total`.
    key: Cow<'static, str>,
    start: u32,
    end: u32,
}

impl<T> Located<T> {
    /// The location of one field's value, or of the whole record if the field is absent.
    pub fn at(&self, field: &str) -> Loc {
        let find = |f: &str| {
            self.fields
                .iter()
                .find(|s| s.key == f)
                .map(|s| s.start as usize..s.end as usize)
        };
        // `row[1].overdue` absent → the row `row[1]` → the whole record.
        let parent = field.rsplit_once('.').map(|(p, _)| p);
        let span = find(field)
            .or_else(|| parent.and_then(find))
            .unwrap_or_else(|| self.loc.span.clone());
        Loc {
            file: self.loc.file,
            span,
        }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}

/// One plan file.
#[derive(Debug)]
pub struct PlanFile {
    /// Path relative to the site.
    pub path: PathBuf,
    /// Its `[plan]` header, if it could be read.
    pub plan: Option<Located<Plan>>,
    /// Its groups.
    pub groups: Vec<Located<PlanGroup>>,
    /// Its items.
    pub items: Vec<Located<PlanItem>>,
}

/// One report folder.
#[derive(Debug)]
pub struct ReportDir {
    /// The folder's name (should be the month).
    pub name: String,
    /// Path of the folder relative to the site.
    pub path: PathBuf,
    /// Location of the folder's report.toml, or of nothing if it is missing.
    pub report: Option<Located<Report>>,
    /// The figures of indicators.toml, then of each indicators/*.toml in name order:
    /// one list per file, kept apart so that a national month's are not copied into one.
    pub values: Vec<Vec<Located<Value>>>,
    /// models.toml.
    pub statuses: Vec<Located<ModelStatus>>,
    /// services.toml groups.
    pub service_groups: Vec<Located<ServiceGroup>>,
    /// services.toml.
    pub services: Vec<Located<Service>>,
    /// Records marked `to_fill = true`: left out of the data, listed by `check`.
    pub to_fill: Vec<ToFill>,
}

/// A record scaffolded by `minhbach new` and not filled in yet (`to_fill = true`).
#[derive(Debug, Clone)]
pub struct ToFill {
    /// Where the record is.
    pub loc: Loc,
    /// What is to be filled in, in an editor's words ("figure `x` of thanh-hoa").
    pub what: String,
}

/// Everything read from a site, before validation.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The site's root folder.
    pub root: PathBuf,
    /// site.toml.
    pub config: SiteConfig,
    /// The text of every file read.
    pub sources: Sources,
    /// sources.toml.
    pub documents: Vec<Located<Source>>,
    /// localities.toml.
    pub localities: Vec<Located<Locality>>,
    /// models.toml groups.
    pub groups: Vec<Located<ModelGroup>>,
    /// models.toml models.
    pub models: Vec<Located<Model>>,
    /// indicators.toml.
    pub indicators: Vec<Located<Indicator>>,
    /// plans/*.toml.
    pub plans: Vec<PlanFile>,
    /// reports/*/.
    pub reports: Vec<ReportDir>,
    /// content/**/*.md.
    pub pages: Vec<content::Page>,
    /// corrections.toml (optional).
    pub corrections: Vec<Located<Correction>>,
    /// `[[source]]` records of sources.toml still marked `to_fill = true`: their ids may be cited.
    pub sources_to_fill: Vec<(String, ToFill)>,
    /// Data files whose records could not be read at all (missing, unreadable or not valid TOML):
    /// references into them are not checked, so one typo does not bury its own error under hundreds.
    pub unread: BTreeSet<String>,
}

/// Reads a file as UTF-8 text normalised to NFC, reporting why it cannot be read.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
    if let Some(target) = outside_target(root, path) {
        diags.file_error(
            &relative(root, path),
            format!(
                "is a link to {}, outside the site folder; it is not read",
                target.display()
            ),
            Some("a file inside the site folder (copy it in instead of linking to it)".into()),
        );
        return None;
    }
    read_text_inside(root, path, diags)
}

/// [`read_text`] of a file known to be inside the site folder (no link is followed to reach it).
pub fn read_text_inside(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
    let name = display_path(&relative(root, path));
    let cannot_read = |e: std::io::Error, diags: &mut Diagnostics| {
        diags.file_error(
            &relative(root, path),
            format!("cannot read file: {e}"),
            None,
        );
    };
    // The open file's own length: no second look-up of the path.
    let (file, len) = match std::fs::File::open(path).and_then(|f| Ok((f.metadata()?.len(), f))) {
        Ok((len, f)) => (f, len),
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    if len > MAX_FILE_BYTES {
        diags.file_error(
            &relative(root, path),
            format!("file is {len} bytes, too large to be a data file"),
            Some(format!("at most {MAX_FILE_BYTES} bytes")),
        );
        return None;
    }
    // Read at most one byte past the limit: a file that grew since, or a device
    // that never ends, is refused without holding more than the limit in memory.
    // Sized from the file's length (plus the byte that tells a file that grew): one allocation, no copies.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map(|_| bytes);
    let bytes = match read {
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
            diags.file_error(
                &relative(root, path),
                format!("file is more than {MAX_FILE_BYTES} bytes, too large to be a data file"),
                Some(format!("at most {MAX_FILE_BYTES} bytes")),
            );
            return None;
        }
        Ok(b) => b,
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    // Checked with SIMD: Vietnamese text has a multi-byte letter in almost every
    // word, where the standard check goes a character at a time.
    let checked = simdutf8::basic::from_utf8(&bytes).is_ok();
    let text = match checked {
        // SAFETY: the bytes were just checked to be UTF-8.
        true => unsafe { String::from_utf8_unchecked(bytes) },
        false => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // Locate the bad byte in the part that is valid, so line and column are right.
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let src = SourceText::new(name, prefix);
                let mut d = src.diagnostic(
                    Severity::Error,
                    valid..valid,
                    format!("invalid UTF-8 byte 0x{:02x}", bytes[valid]),
                );
                d.expected = Some("text encoded as UTF-8".into());
                diags.push(d);
                return None;
            }
        },
    };
    // Almost every file is NFC already, which a quick scan proves without building a copy.
    if is_nfc_already(&text) {
        return Some(SourceText::new(name, text));
    }
    let normal = nfc(&text);
    if normal != text {
        let first = text
            .char_indices()
            .zip(normal.chars())
            .find(|((_, a), b)| a != b)
            .map_or(0, |((i, _), _)| i);
        let src = SourceText::new(name.clone(), text);
        let mut d = src.diagnostic(
            Severity::Warning,
            first..first,
            "text in decomposed Unicode form; read as NFC (composed)",
        );
        d.expected = Some("composed (NFC) characters, as most editors type them".into());
        diags.push(d);
    }
    Some(SourceText::new(name, normal))
}

/// Whether `text` is certainly in NFC (a "maybe" is settled by normalising it).
fn is_nfc_already(text: &str) -> bool {
    only_plain_letters(text)
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Whether every character is below U+0300 or in Latin Extended Additional
/// (U+1E00..U+1EFF, the precomposed Vietnamese letters): all of them are NFC
/// as they stand and combine with nothing before them (quick check "yes",
/// combining class 0), so a text made of them is NFC. Read as UTF-8 bytes:
/// the per-character look-ups of the full quick check cost more than reading the file.
fn only_plain_letters(text: &str) -> bool {
    let b = text.as_bytes();
    // Continuation bytes are below 0xC0, so a byte of 0xCC or more leads a
    // character of U+0300 or more; of those only E1 B8..BB (U+1E00..U+1EFF) is
    // plain. Each byte is judged with the next, without branches, 64 at a
    // time: Vietnamese has such a letter in most words, and a branch per
    // character was as slow as reading the file.
    let plain = |x: u8, next: u8| (x < 0xcc) | ((x == 0xe1) & (next.wrapping_sub(0xb8) < 4));
    let (Some(&last), Some(rest)) = (b.last(), b.get(1..)) else {
        return true;
    };
    last < 0xcc
        && b.chunks(64).zip(rest.chunks(64)).all(|(bytes, next)| {
            bytes
                .iter()
                .zip(next)
                .fold(true, |ok, (&x, &n)| ok & plain(x, n))
        })
}

/// Reports a problem at a byte span of a file.
fn report(
    src: &SourceText,
    diags: &mut Diagnostics,
    severity: Severity,
    span: Range<usize>,
    message: impl Into<String>,
    expected: Option<String>,
) {
    let mut d = src.diagnostic(severity, span, message);
    d.expected = expected;
    diags.push(d);
}

/// A parsed TOML file whose top-level keys are taken out one by one.
pub struct TomlFile<'t> {
    file: usize,
    src: &'t SourceText,
    root: Option<DeTable<'t>>,
}

impl<'t> TomlFile<'t> {
    /// Parses the text of `src`, the file whose index in [`Sources`] is (or will be) `file`, reporting every syntax error.
    pub fn parse(src: &'t SourceText, file: usize, diags: &mut Diagnostics) -> TomlFile<'t> {
        let (root, errors) = DeTable::parse_recoverable(&src.text);
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            let (message, expected) = split_expected(e.message());
            let mut d = src.diagnostic(Severity::Error, span, format!("TOML syntax: {message}"));
            d.expected = expected;
            diags.push(d);
        }
        let root = root.into_inner();
        TomlFile {
            file,
            src,
            root: errors.is_empty().then_some(root),
        }
    }

    /// Whether the file parsed.
    pub fn ok(&self) -> bool {
        self.root.is_some()
    }

    /// Takes the records under `key` (`[[key]]` or `[key]`), each deserialized on its own.
    pub fn records<T: DeserializeOwned>(
        &mut self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Located<T>> {
        let src = self.src;
        let Some(root) = self.root.as_mut() else {
            return Vec::new();
        };
        let Some(value) = root.remove(key) else {
            return Vec::new();
        };
        let span = value.span();
        let (tables, header): (Vec<Spanned<DeValue<'t>>>, String) = match value.into_inner() {
            DeValue::Array(items) => (items.into_iter().collect(), format!("[[{key}]]")),
            table @ DeValue::Table(_) => {
                (vec![Spanned::new(span.clone(), table)], format!("[{key}]"))
            }
            other => {
                report(
                    src,
                    diags,
                    Severity::Error,
                    span,
                    format!("`{key}` is a {}", other.type_str()),
                    Some(format!("[[{key}]] tables")),
                );
                return Vec::new();
            }
        };
        let names = struct_fields::<T>();
        let mut out = Vec::with_capacity(tables.len());
        for item in tables {
            let span = item.span();
            let loc = Loc {
                file: self.file,
                span: span.clone(),
            };
            let DeValue::Table(table) = item.into_inner() else {
                report(
                    src,
                    diags,
                    Severity::Error,
                    span,
                    format!("an entry of `{key}` is not a table"),
                    Some(format!("[[{key}]] tables")),
                );
                continue;
            };
            let fields = field_spans(&table, names);
            match T::deserialize(toml::de::Deserializer::from(Spanned::new(
                span.clone(),
                table,
            ))) {
                Ok(record) => out.push(Located {
                    record,
                    loc,
                    fields,
                }),
                Err(e) => {
                    let (message, expected) = split_expected(e.message());
                    report(
                        src,
                        diags,
                        Severity::Error,
                        e.span().unwrap_or(span),
                        format!("in {header}: {message}"),
                        expected,
                    );
                }
            }
        }
        out
    }

    /// Takes out of `[[key]]` the records marked `to_fill = true` (and, in the others,
    /// the sub-tables of `[[key.row]]` so marked), describing each with `describe`.
    ///
    /// A scaffolded record has no figures yet, so it is not deserialized: it is
    /// kept out of the data and listed by `check` instead.
    pub fn take_to_fill(
        &mut self,
        key: &str,
        describe: impl Fn(&DeTable<'_>) -> String,
    ) -> Vec<ToFill> {
        let mut out = Vec::new();
        let Some(root) = self.root.as_mut() else {
            return out;
        };
        let Some(value) = root.get_mut(key) else {
            return out;
        };
        let DeValue::Array(items) = value.get_mut() else {
            return out;
        };
        let file = self.file;
        let marked = |t: &DeTable<'_>| {
            t.get("to_fill")
                .is_some_and(|v| matches!(v.get_ref(), DeValue::Boolean(true)))
        };
        let row_loc = |t: &DeTable<'_>, span: Range<usize>, parent: &str, out: &mut Vec<ToFill>| {
            if let Some(rows) = t.get("row")
                && let DeValue::Array(rows) = rows.get_ref()
            {
                for r in rows.iter() {
                    if let DeValue::Table(rt) = r.get_ref()
                        && marked(rt)
                    {
                        out.push(ToFill {
                            loc: Loc {
                                file,
                                span: r.span(),
                            },
                            what: format!("{parent} / {}", describe_name(rt)),
                        });
                    }
                }
            }
            let _ = span;
        };
        let mut kept = Vec::new();
        for item in std::mem::replace(items, DeArray::new()) {
            let span = item.span();
            let DeValue::Table(t) = item.get_ref() else {
                kept.push(item);
                continue;
            };
            if marked(t) {
                let what = describe(t);
                out.push(ToFill {
                    loc: Loc {
                        file,
                        span: span.clone(),
                    },
                    what: what.clone(),
                });
                row_loc(t, span, &what, &mut out);
                continue;
            }
            // A filled record may still hold sub-rows to fill: take those out of it.
            let (mut item, span) = (item, span);
            if let DeValue::Table(t) = item.get_mut() {
                let what = describe(t);
                row_loc(t, span.clone(), &what, &mut out);
                if let Some(rows) = t.get_mut("row")
                    && let DeValue::Array(rows) = rows.get_mut()
                {
                    let all = std::mem::replace(rows, DeArray::new());
                    *rows = all
                        .into_iter()
                        .filter(|r| !matches!(r.get_ref(), DeValue::Table(rt) if marked(rt)))
                        .collect();
                }
            }
            kept.push(item);
        }
        *items = kept.into_iter().collect();
        out
    }

    /// Reports every top-level key not taken by [`TomlFile::records`]; `expected` lists the headers the file may have, as written (`[plan]`, `[[item]]`).
    pub fn finish(self, expected: &[&str], diags: &mut Diagnostics) {
        let Some(root) = self.root else { return };
        for (k, v) in root.iter() {
            let list = expected.join(", ");
            report(
                self.src,
                diags,
                Severity::Error,
                k.span().start..v.span().end.max(k.span().end),
                format!("unknown key `{}` at the top of the file", k.get_ref()),
                Some(list),
            );
        }
    }
}

/// Spans of a record's keys, and of nested array-of-table entries as `row[1].total`, to point at one field.
///
/// `names` are the record type's field names: a key that is one of them is
/// not copied, which matters with a million records.
fn field_spans(table: &DeTable<'_>, names: &'static [&'static str]) -> Box<[FieldSpan]> {
    // Files are at most MAX_FILE_BYTES long, so offsets fit in 32 bits.
    let span = |key: Cow<'static, str>, s: Range<usize>| FieldSpan {
        key,
        start: s.start as u32,
        end: s.end as u32,
    };
    let mut out = Vec::with_capacity(table.len());
    for (k, v) in table.iter() {
        let key = k.get_ref();
        if let DeValue::Array(items) = v.get_ref() {
            for (i, item) in items.iter().enumerate() {
                out.push(span(format!("{key}[{i}]").into(), item.span()));
                if let DeValue::Table(t) = item.get_ref() {
                    out.extend(t.iter().map(|(sk, sv)| {
                        span(format!("{key}[{i}].{}", sk.get_ref()).into(), sv.span())
                    }));
                }
            }
        }
        let name = match names.iter().find(|n| **n == key.as_ref()) {
            Some(n) => Cow::Borrowed(*n),
            None => Cow::Owned(key.to_string()),
        };
        out.push(span(name, v.span()));
    }
    out.into_boxed_slice()
}

/// The field names of a struct as serde knows them (empty for other types).
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Deserializer, Visitor};
    /// Asked for a struct, remembers its field names and stops.
    struct Names(std::cell::Cell<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("field names read")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &Names {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.set(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let names = Names(std::cell::Cell::new(&[]));
    let _ = T::deserialize(&names);
    names.0.get()
}

/// A string field of a table, for describing a record to fill.
pub fn field_str(t: &DeTable<'_>, key: &str) -> Option<String> {
    match t.get(key)?.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        _ => None,
    }
}

fn describe_name(t: &DeTable<'_>) -> String {
    field_str(t, "name").unwrap_or_else(|| "?".into())
}

/// Splits serde's "…, expected …" messages into what is wrong and what was expected.
pub fn split_expected(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    match message
        .split_once(", expected ")
        .or_else(|| message.split_once(": expected "))
    {
        Some((what, expected)) => (what.to_string(), Some(expected.to_string())),
        None => (message.to_string(), None),
    }
}

/// What a data file holds, known from where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
    Problem(Vec<crate::diagnostic::Diagnostic>),
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
    d.file_error(&relative(root, path), message, expected);
    Step::Problem(d.iter().cloned().collect())
}

/// Loads every file of the site at `root`.
///
/// The data files are read and parsed in parallel, each on its own; their
/// records, texts and diagnostics are then put together in the order of a
/// sequential read (files by name), so that the result does not depend on
/// which thread finished first.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_with(root, None, diags)
}

/// [`load`], with the figures of unchanged figure files taken from `cache` (see [`ParseCache`]).
pub fn load_with(root: &Path, cache: Option<&ParseCache>, diags: &mut Diagnostics) -> Loaded {
    use rayon::prelude::*;
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Default::default()
    };
    loaded.config = crate::config::load(root, &mut loaded.sources, diags);
    let data = root.join("data");
    if !data.is_dir() {
        diags.file_error(
            Path::new("data"),
            "the site has no data folder",
            Some("a folder data/ with sources.toml, models.toml, ...".into()),
        );
        return loaded;
    }
    let (steps, dirs) = plan_data(root, &data, &mut loaded);
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
        let rep = reports.get_mut(dir);
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
    loaded.reports = reports;
    unexpected_files(root, &data, diags);
    loaded.pages = content::load(root, &mut loaded.sources, diags);
    loaded
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
            2 if parts[0] == "reports" => entry.file_type().is_dir(),
            3 if parts[0] == "reports" && name == "indicators" => entry.file_type().is_dir(),
            3 if parts[0] == "reports" => known_report.contains(&name.as_str()),
            4 if parts[0] == "reports" && parts[2] == "indicators" => name.ends_with(".toml"),
            _ => false,
        };
        if !ok {
            let expected = match parts.first().map(String::as_str) {
                Some("plans") => "plans/<locality>.toml".to_string(),
                Some("reports") => format!(
                    "reports/YYYY-MM/ holding {} and optionally indicators/<name>.toml",
                    known_report.join(", ")
                ),
                _ => known_top.join(", "),
            };
            diags.file_error(
                &relative(root, entry.path()),
                "unexpected file in data/: no part of the site reads it",
                Some(expected),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_record_type() {
        let names = struct_fields::<Value>();
        assert!(
            names.contains(&"indicator") && names.contains(&"cite"),
            "{names:?}"
        );
        assert!(struct_fields::<String>().is_empty());
    }

    #[test]
    fn plain_letters_are_what_the_quick_check_says() {
        use unicode_normalization::{IsNormalized, char::canonical_combining_class, is_nfc_quick};
        // Every character the fast path accepts is NFC alone and combines with nothing.
        let plain = (0..0x300u32)
            .chain(0x1e00..0x1f00)
            .filter_map(char::from_u32);
        for c in plain {
            let s = c.to_string();
            assert!(only_plain_letters(&s), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
        }
        // Everything else goes to the full check.
        for s in ["a\u{300}", "\u{1f00}", "\u{1dff}", "\u{2000}", "中", "😀"] {
            assert!(!only_plain_letters(s), "{s:?}");
        }
        assert!(only_plain_letters("Thanh Hóa: Đề án 06, nghiệp vụ ưu tiên"));
        // Read in blocks of bytes: a letter astride two blocks, or anywhere in a long text, is judged as alone.
        let by_chars = |s: &str| {
            s.chars()
                .all(|c| (c as u32) < 0x300 || (0x1e00..0x1f00).contains(&(c as u32)))
        };
        for at in 0..140 {
            for c in ["ệ", "\u{300}", "\u{1f00}", "中", "ư"] {
                let s = format!("{}{c}{}", "a".repeat(at), "b".repeat(at % 7));
                assert_eq!(only_plain_letters(&s), by_chars(&s), "{c:?} at {at}");
            }
        }
        // Decomposed Vietnamese is not NFC and is seen as such.
        assert!(!is_nfc_already("Ho\u{301}a"));
        assert!(is_nfc_already("Hóa"));
    }

    #[test]
    fn a_file_without_end_is_refused_at_the_limit() {
        // /dev/zero says it is empty and never ends: the read stops one byte past the limit.
        let mut diags = Diagnostics::default();
        let root = Path::new("/");
        assert!(read_text(root, Path::new("/dev/zero"), &mut diags).is_none());
        let d: Vec<_> = diags.iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("too large"), "{d:?}");
    }
}
