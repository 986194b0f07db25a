//! Writing what was read into the month's TOML with toml_edit: comments, order and
//! formatting of everything else stay as they were; `to_fill` records get their
//! figures; a filled value is replaced only with `--overwrite`.

use super::Problems;
use super::table::{Field, Fig, FigureLine, ServiceLine};
use crate::common::text::identity_key;
use crate::validate::suggest::distance;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// What filling changed.
#[derive(Debug, Default)]
pub struct Counts {
    /// Keys written (new or replaced).
    pub written: usize,
    /// Records whose `to_fill` marker was removed.
    pub completed: usize,
}

/// Where filled values go, and what filling found.
#[derive(Debug, Default)]
pub struct Filler {
    /// The TOML file, relative to the site, for messages.
    pub file: String,
    /// Replace values already filled in.
    pub overwrite: bool,
    /// Problems found.
    pub problems: Problems,
    /// What changed.
    pub counts: Counts,
}

/// What the site knows that figure rows are matched against.
pub struct Known {
    /// The indicators of data/indicators.toml.
    pub indicators: Vec<KnownIndicator>,
    /// (slug, name) of every locality.
    pub localities: Vec<(String, String)>,
    /// The report's locality, the default of a figure.
    pub default_locality: String,
}

fn same(fig: &Fig, v: &Value) -> bool {
    match (fig, v) {
        (Fig::Int(a), Value::Integer(b)) => *a == *b.value(),
        (Fig::Int(a), Value::Float(b)) => (*a as f64) == *b.value(),
        (Fig::Float(a), Value::Float(b)) => a == b.value(),
        (Fig::Float(a), Value::Integer(b)) => *a == *b.value() as f64,
        (Fig::Bool(a), Value::Boolean(b)) => a == b.value(),
        (Fig::Text(a), Value::String(b)) => a == b.value(),
        (Fig::Range(a, b), Value::InlineTable(t)) => {
            let bound = |k: &str| {
                t.get(k)
                    .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            };
            bound("from") == Some(*a) && bound("to") == Some(*b)
        }
        _ => false,
    }
}

fn item(fig: &Fig) -> Item {
    match fig {
        Fig::Int(i) => toml_edit::value(*i),
        Fig::Float(x) => toml_edit::value(*x),
        Fig::Bool(b) => toml_edit::value(*b),
        Fig::Text(t) => toml_edit::value(t.clone()),
        Fig::Range(a, b) => {
            let mut t = toml_edit::InlineTable::new();
            t.insert("from", bound(*a));
            t.insert("to", bound(*b));
            toml_edit::value(t)
        }
    }
}

/// A range's bound as the document writes it: whole when it is whole.
fn bound(x: f64) -> toml_edit::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        (x as i64).into()
    } else {
        x.into()
    }
}

/// Keys of which a record has at most one (data/README.md: "exactly one of").
const EXCLUSIVE: [&[&str]; 2] = [
    &["value", "lower_bound", "range", "none_this_month"],
    &["total", "none_this_month"],
];

/// Fills one record; returns whether it now holds figures from the sheet.
fn fill(table: &mut Table, fields: &[Field], label: &str, out: &mut Filler) -> bool {
    let Filler {
        file,
        overwrite,
        problems,
        counts,
    } = out;
    let overwrite = *overwrite;
    let before: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let mut touched = false;
    for f in fields {
        let rivals: Vec<&str> = EXCLUSIVE
            .iter()
            .filter(|set| set.contains(&f.key))
            .flat_map(|set| set.iter().copied())
            .filter(|k| *k != f.key && table.contains_key(k))
            .collect();
        let existing = table.get(f.key).and_then(Item::as_value);
        if existing.is_some_and(|v| same(&f.value, v)) && rivals.is_empty() {
            touched = true;
            continue;
        }
        let filled = existing
            .map(|v| format!("`{} = {}`", f.key, v.to_string().trim()))
            .or_else(|| rivals.first().map(|k| format!("`{k}`")));
        if let Some(filled) = filled {
            if !overwrite {
                problems.error(
                    f.at.clone(),
                    &format!(
                        "{label} in {file} already has {filled}; the sheet says {}",
                        show(&f.value)
                    ),
                    "the same value, or `--overwrite` to replace values already filled in",
                );
                continue;
            }
            for k in &rivals {
                table.remove(k);
            }
        }
        table.insert(f.key, item(&f.value));
        counts.written += 1;
        touched = true;
    }
    order_keys(table, &before);
    touched
}

/// The order of keys in data/README.md's examples.
const ORDER: [&str; 23] = [
    "appendix",
    "group",
    "number",
    "indicator",
    "locality",
    "name",
    "connection",
    "value",
    "lower_bound",
    "range",
    "none_this_month",
    "total",
    "online",
    "stated_rate",
    "on_time",
    "overdue",
    "delta",
    "stated",
    "period",
    "as_written",
    "difficulties",
    "note",
    "cite",
];

/// Puts each new key before the first key that follows it in [`ORDER`]; the keys that
/// were there keep their order, and sub-tables stay last.
fn order_keys(table: &mut Table, before: &[String]) {
    let canonical = |k: &str| ORDER.iter().position(|o| *o == k);
    let rank = |k: &str, v: &Item| -> (usize, usize) {
        if matches!(v, Item::ArrayOfTables(_)) {
            return (usize::MAX, 0);
        }
        if let Some(p) = before.iter().position(|b| b == k) {
            return (2 * p + 1, 0);
        }
        let c = canonical(k).unwrap_or(ORDER.len());
        let next = before
            .iter()
            .position(|b| canonical(b).is_some_and(|cb| cb > c));
        (next.map_or(usize::MAX - 1, |p| 2 * p), c)
    };
    table.sort_values_by(|k1, v1, k2, v2| rank(k1.get(), v1).cmp(&rank(k2.get(), v2)));
}

fn show(f: &Fig) -> String {
    match f {
        Fig::Int(i) => i.to_string(),
        Fig::Float(x) => x.to_string(),
        Fig::Bool(b) => b.to_string(),
        Fig::Text(t) => format!("\"{t}\""),
        Fig::Range(a, b) => format!("{a}–{b}"),
    }
}

/// Removes `to_fill` and the hint comments `new report` wrote.
fn complete(table: &mut Table, counts: &mut Counts) {
    if table.remove("to_fill").is_some() {
        counts.completed += 1;
    }
    for (mut key, _) in table.iter_mut() {
        let decor = key.leaf_decor_mut();
        if let Some(prefix) = decor.prefix().and_then(|p| p.as_str()).map(str::to_string) {
            let kept: Vec<&str> = prefix
                .split_inclusive('\n')
                .filter(|l| !(l.trim_start().starts_with('#') && l.contains("= …")))
                .collect();
            decor.set_prefix(kept.concat());
        }
    }
}

fn text_of<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Item::as_str)
}

/// The closest of `names` to `name`, for "did you mean".
fn closest<'a>(name: &str, names: impl Iterator<Item = (String, &'a str)>) -> Option<String> {
    let key = identity_key(name);
    names
        .map(|(label, n)| (distance(&key, &identity_key(n)), label))
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l)
}

/// Fills services.toml from the service rows of the sheets.
pub fn services(doc: &mut DocumentMut, lines: &[ServiceLine], out: &mut Filler) {
    let file = out.file.clone();
    let file = file.as_str();
    let Some(services) = doc
        .get_mut("service")
        .and_then(Item::as_array_of_tables_mut)
    else {
        if let Some(l) = lines.first() {
            out.problems.error(
                l.name_at.clone(),
                &format!("{file} has no [[service]] records to fill"),
                "a month scaffolded by `minhbach new report` from a month with services",
            );
        }
        return;
    };
    let mut parent: Option<usize> = None;
    let mut seen = std::collections::HashMap::new();
    for line in lines {
        if line.sub {
            if let Some(p) = parent
                && let Some(s) = services.get_mut(p)
            {
                sub_row(s, line, out);
            }
            continue;
        }
        parent = find_service(services, line, file, &mut out.problems);
        let Some(i) = parent else { continue };
        if let Some(first) = seen.insert(i, line.name_at.row) {
            out.problems.error(
                line.name_at.clone(),
                &format!("this service is also on row {first}"),
                "each service once",
            );
            parent = None;
            continue;
        }
        let Some(t) = services.get_mut(i) else {
            continue;
        };
        let label = format!(
            "Phụ lục {}, STT {}",
            line.appendix,
            text_of(t, "number").unwrap_or("?")
        );
        let has_rows = t.get("row").is_some();
        let touched = fill(t, &line.fields, &label, out);
        if touched || has_rows {
            complete(t, &mut out.counts);
        }
    }
}

/// The index of the service `line` names, or an error with the closest name.
fn find_service(
    services: &ArrayOfTables,
    line: &ServiceLine,
    file: &str,
    problems: &mut Problems,
) -> Option<usize> {
    let key = identity_key(&line.name);
    let in_appendix = || {
        services
            .iter()
            .enumerate()
            .filter(|(_, t)| text_of(t, "appendix") == Some(line.appendix.as_str()))
    };
    if let Some((i, _)) =
        in_appendix().find(|(_, t)| text_of(t, "name").is_some_and(|n| identity_key(n) == key))
    {
        return Some(i);
    }
    let names = in_appendix().filter_map(|(_, t)| {
        let n = text_of(t, "name")?;
        Some((
            format!("STT {} \"{n}\"", text_of(t, "number").unwrap_or("?")),
            n,
        ))
    });
    let hint = closest(&line.name, names).map_or_else(
        || format!("a service of Phụ lục {} in {file}", line.appendix),
        |c| format!("did you mean {c}?"),
    );
    problems.error(
        line.name_at.clone(),
        &format!(
            "no service named \"{}\" in Phụ lục {} of {file}",
            line.name, line.appendix
        ),
        &hint,
    );
    None
}

fn sub_row(service: &mut Table, line: &ServiceLine, out: &mut Filler) {
    let file = out.file.clone();
    let number = text_of(service, "number").unwrap_or("?").to_string();
    let Some(rows) = service
        .get_mut("row")
        .and_then(Item::as_array_of_tables_mut)
    else {
        out.problems.error(
            line.name_at.clone(),
            &format!(
                "Phụ lục {}, STT {number} has no sub-rows ([[service.row]]) in {file}",
                line.appendix
            ),
            "a sub-row only under a service that has them",
        );
        return;
    };
    let key = identity_key(&line.name);
    let Some(row) = rows
        .iter_mut()
        .find(|t| text_of(t, "name").is_some_and(|n| identity_key(n) == key))
    else {
        let names = rows
            .iter()
            .filter_map(|t| text_of(t, "name").map(|n| (format!("\"{n}\""), n)));
        let hint =
            closest(&line.name, names).map_or_else(String::new, |c| format!("did you mean {c}?"));
        out.problems.error(
            line.name_at.clone(),
            &format!(
                "no sub-row named \"{}\" under Phụ lục {}, STT {number} in {file}",
                line.name, line.appendix
            ),
            &hint,
        );
        return;
    };
    let label = format!("Phụ lục {}, STT {number}, \"{}\"", line.appendix, line.name);
    if fill(row, &line.fields, &label, out) {
        complete(row, &mut out.counts);
    }
}

/// An indicator known to the site: id, name, whether it is a computed rate.
pub struct KnownIndicator {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// A rate computed from a numerator and denominator (never typed as `value`).
    pub computed: bool,
}

/// Fills indicators.toml from the figure rows of the sheets.
pub fn figures(doc: &mut DocumentMut, lines: &[FigureLine], known: &Known, out: &mut Filler) {
    let file = out.file.clone();
    let (localities, default_locality) = (&known.localities, known.default_locality.as_str());
    let Some(values) = doc.get_mut("value").and_then(Item::as_array_of_tables_mut) else {
        if let Some(l) = lines.first() {
            out.problems.error(
                l.indicator_at.clone(),
                &format!("{file} has no [[value]] records to fill"),
                "a month scaffolded by `minhbach new report`",
            );
        }
        return;
    };
    for line in lines {
        let Some(ind) = find_indicator(line, &known.indicators, &mut out.problems) else {
            continue;
        };
        let locality = match &line.locality {
            None => default_locality.to_string(),
            Some((l, at)) => match localities
                .iter()
                .find(|(slug, name)| slug == l || identity_key(name) == identity_key(l))
            {
                Some((slug, _)) => slug.clone(),
                None => {
                    let hint = closest(
                        l,
                        localities
                            .iter()
                            .map(|(s, n)| (format!("`{s}` ({n})"), n.as_str())),
                    );
                    out.problems.error(
                        at.clone(),
                        &format!("no locality \"{l}\" in data/localities.toml"),
                        &hint.map_or_else(String::new, |h| format!("did you mean {h}?")),
                    );
                    continue;
                }
            },
        };
        if ind.computed && line.fields.iter().any(|f| f.key == "value") {
            let at = line
                .fields
                .iter()
                .find(|f| f.key == "value")
                .map_or(line.indicator_at.clone(), |f| f.at.clone());
            out.problems.error(
                at,
                &format!(
                    "`{}` is a rate the program computes from its numerator and denominator",
                    ind.id
                ),
                "the printed rate in the \"Tỷ lệ in\" column, and the two counts on their own rows",
            );
            continue;
        }
        let record = values.iter_mut().find(|t| {
            text_of(t, "indicator") == Some(ind.id.as_str())
                && text_of(t, "locality").unwrap_or(default_locality) == locality
        });
        let Some(record) = record else {
            out.problems.error(line.indicator_at.clone(), &format!("{file} has no [[value]] for indicator `{}` at `{locality}`", ind.id), "a record scaffolded by `minhbach new report`, or one added by hand with its `cite`");
            continue;
        };
        let label = format!("indicator `{}` at `{locality}`", ind.id);
        if fill(record, &line.fields, &label, out) {
            complete(record, &mut out.counts);
        }
    }
}

fn find_indicator<'a>(
    line: &FigureLine,
    known: &'a [KnownIndicator],
    problems: &mut Problems,
) -> Option<&'a KnownIndicator> {
    let key = identity_key(&line.indicator);
    let found = known.iter().find(|k| {
        if line.by_id {
            k.id == line.indicator
        } else {
            identity_key(&k.name) == key
        }
    });
    if found.is_none() {
        let names = known.iter().map(|k| {
            if line.by_id {
                (format!("`{}`", k.id), k.id.as_str())
            } else {
                (format!("\"{}\" (`{}`)", k.name, k.id), k.name.as_str())
            }
        });
        let hint = closest(&line.indicator, names)
            .map_or_else(String::new, |c| format!("did you mean {c}?"));
        problems.error(
            line.indicator_at.clone(),
            &format!(
                "no indicator \"{}\" in data/indicators.toml",
                line.indicator
            ),
            &hint,
        );
    }
    found
}
