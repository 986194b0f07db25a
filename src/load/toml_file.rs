//! TOML files parsed with error recovery into records that remember where each
//! of their fields was written.

use super::ToFill;
use crate::common::diagnostic::{Diagnostics, Loc, Rule, Severity, SourceText};
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use std::borrow::Cow;
use std::ops::Range;
use toml::de::{DeArray, DeTable, DeValue};

/// A record together with where it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The record.
    pub record: T,
    /// The whole record.
    pub loc: Loc,
    /// Each key's value span, for pointing at one field.
    pub(super) fields: Box<[FieldSpan]>,
}

/// Where the value of one key of a record is.
#[derive(Debug, Clone)]
pub(super) struct FieldSpan {
    /// The key: one of the record type's field names (not allocated for each record),
    /// or a path such as `row[1].total`.
    pub(super) key: Cow<'static, str>,
    pub(super) start: u32,
    pub(super) end: u32,
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

/// Reports a problem at a byte span of a file.
fn report(
    src: &SourceText,
    diags: &mut Diagnostics,
    rule: Rule,
    severity: Severity,
    span: Range<usize>,
    message: impl Into<String>,
    expected: Option<String>,
) {
    let mut d = src.diagnostic(rule, severity, span, message);
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
    /// Parses the text of `src`, the file whose index in [`Sources`](crate::load::Sources) is (or will be) `file`, reporting every syntax error.
    pub fn parse(src: &'t SourceText, file: usize, diags: &mut Diagnostics) -> TomlFile<'t> {
        let (root, errors) = DeTable::parse_recoverable(&src.text);
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            let (message, expected) = split_expected(e.message());
            let mut d = src.diagnostic(
                Rule::TomlSyntax,
                Severity::Error,
                span,
                format!("TOML syntax: {message}"),
            );
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
                    Rule::InvalidRecord,
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
                    Rule::InvalidRecord,
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
                        Rule::InvalidRecord,
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
                Rule::UnknownKey,
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
pub(super) fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
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

pub(super) fn describe_name(t: &DeTable<'_>) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::Value;

    #[test]
    fn field_names_come_from_the_record_type() {
        let names = struct_fields::<Value>();
        assert!(
            names.contains(&"indicator") && names.contains(&"cite"),
            "{names:?}"
        );
        assert!(struct_fields::<String>().is_empty());
    }
}
