//! Every CSV file of the site: the field quoting, the readings files (streamed
//! in parts), and the services, plan, models and deadlines tables.

use super::content::{Content, Part};
use crate::model::index::Ix;
use crate::model::readings::Reading;
use crate::model::records::*;
use crate::model::scope::Scope;
use serde_json::Value as Json;

/// One CSV field, quoted, with spreadsheet formula triggers neutralised.
pub fn csv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_csv_field(&mut out, s);
    out
}

/// [`csv_field`], written onto the end of `out` (a national portal's CSV files have millions of fields).
pub(crate) fn push_csv_field(out: &mut String, s: &str) {
    out.push('"');
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        out.push('\'');
    }
    if s.contains('"') {
        out.push_str(&s.replace('"', "\"\""));
    } else {
        out.push_str(s);
    }
    out.push('"');
}

/// A CSV file of `header` and `rows`, in memory (small files).
pub(crate) fn csv<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_csv(&mut out, header, rows);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a CSV file line by line: a national portal's large files are never held whole.
pub(crate) fn write_csv<R, F>(
    w: &mut dyn std::io::Write,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> std::io::Result<()>
where
    R: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut line = String::new();
    let mut put = |w: &mut dyn std::io::Write, fields: &mut dyn Iterator<Item = &str>| {
        line.clear();
        for (i, f) in fields.enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_csv_field(&mut line, f);
        }
        line.push_str("\r\n");
        w.write_all(line.as_bytes())
    };
    put(w, &mut header.iter().copied())?;
    for r in rows {
        let fields: Vec<F> = r.into_iter().collect();
        put(w, &mut fields.iter().map(AsRef::as_ref))?;
    }
    Ok(())
}

/// An optional text as a CSV field: empty when absent.
fn opt(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

/// An optional number as a CSV field: empty when absent.
fn num(x: Option<f64>) -> String {
    x.map(|x| format!("{x}")).unwrap_or_default()
}

/// A CSV file of the readings of `scope` (the file's declared inputs, see
/// [`Scope`]), in its order, made of parts: the header, then runs of rows, a run
/// ending where a locality begins whose slug hashes to a multiple of `every`. A
/// figure corrected makes one part again (tens of megabytes are a few hundred
/// kilobytes), and a row added or removed moves no cut but its own.
pub(crate) fn readings_csv<'a>(scope: Scope<'a>, common: &str) -> Content<'a> {
    let whole = scope.fingerprint(common);
    let common = common.to_string();
    Content::parted(whole, move || {
        let rows: std::sync::Arc<Vec<(&Reading, u128)>> = scope.enter(|| scope.each()).into();
        let ds = scope.index();
        let locality = |k: usize| rows[k].0.locality;
        let new_locality = |k: usize| k == 0 || locality(k) != locality(k - 1);
        // A few hundred parts a file, however long (the largest is a few times the mean).
        let runs = (0..rows.len()).filter(|&k| new_locality(k)).count();
        let every = (runs / 256).max(1).next_power_of_two() as u64;
        let mut cuts: Vec<usize> = (1..rows.len())
            .filter(|&k| {
                new_locality(k)
                    && xxhash_rust::xxh3::xxh3_64(locality(k).as_bytes()).is_multiple_of(every)
            })
            .collect();
        cuts.insert(0, 0);
        cuts.push(rows.len());
        let mut parts = vec![Part::fresh(|w| {
            write_readings_header(w);
            Ok(())
        })];
        for run in cuts.windows(2).filter(|c| c[0] < c[1]) {
            let range = run[0]..run[1];
            let mut h = crate::common::fingerprint::Hasher::new();
            h.add(common.as_bytes()).add(b"readings csv");
            for &(_, fp) in &rows[range.clone()] {
                h.add_u128(fp);
            }
            let rows = rows.clone();
            parts.push(Part::of(h.finish(), move |w| {
                let list = rows[range.clone()].iter().map(|&(x, _)| x);
                write_reading_rows(w, list, ds);
                Ok(())
            }));
        }
        parts
    })
}

/// The header line of a readings CSV.
pub(crate) fn write_readings_header(w: &mut Vec<u8>) {
    const HEADER: [&str; 15] = [
        "indicator",
        "indicator_name",
        "locality",
        "month",
        "kind",
        "value",
        "range_from",
        "range_to",
        "stated_rate",
        "delta",
        "delta_on",
        "period",
        "as_written",
        "source",
        "at",
    ];
    let mut line = String::new();
    for h in HEADER {
        if !line.is_empty() {
            line.push(',');
        }
        push_csv_field(&mut line, h);
    }
    line.push_str("\r\n");
    w.extend_from_slice(line.as_bytes());
}

/// The lines of a readings CSV, one per reading.
pub(crate) fn write_reading_rows<'r, 'a: 'r>(
    w: &mut Vec<u8>,
    list: impl Iterator<Item = &'r Reading<'a>>,
    ds: &Ix,
) {
    use std::fmt::Write as _;
    // Each line made in one buffer, numbers and months formatted into another: these files
    // have a row per reading (tens of thousands), and a String per field was most of their cost.
    let mut line = String::new();
    let mut scratch = String::new();
    let field = |line: &mut String, s: &str| {
        if !line.is_empty() {
            line.push(',');
        }
        push_csv_field(line, s);
    };
    for x in list {
        let v = &x.source.record;
        let name = ds
            .indicator_by_id
            .get(v.indicator.as_str())
            .map_or("", |i| i.name.as_str());
        line.clear();
        let mut formatted = |line: &mut String, f: &dyn Fn(&mut String) -> std::fmt::Result| {
            scratch.clear();
            let _ = f(&mut scratch);
            field(line, &scratch);
        };
        let num = |x: Option<f64>| move |s: &mut String| x.map_or(Ok(()), |x| write!(s, "{x}"));
        field(&mut line, &v.indicator);
        field(&mut line, name);
        field(&mut line, x.locality);
        formatted(&mut line, &|s| write!(s, "{}", x.month));
        field(&mut line, x.kind);
        formatted(&mut line, &num(x.number));
        // A range's bounds in columns of their own, its `value` empty: no reader of the
        // file takes one bound for the figure.
        let bounds = x.bounds();
        formatted(&mut line, &num(bounds.map(|b| b.0)));
        formatted(&mut line, &num(bounds.map(|b| b.1)));
        formatted(&mut line, &num(x.stated));
        let delta = v.delta.as_ref().filter(|_| x.kind != "derived");
        formatted(&mut line, &num(delta.map(|d| d.by)));
        let on = v.delta.as_ref().and_then(|d| d.on);
        formatted(&mut line, &|s| on.map_or(Ok(()), |m| write!(s, "{m}")));
        field(&mut line, v.period.as_deref().unwrap_or(""));
        field(&mut line, v.as_written.as_deref().unwrap_or(""));
        field(&mut line, &v.cite.source);
        field(&mut line, &v.cite.at);
        line.push_str("\r\n");
        w.extend_from_slice(line.as_bytes());
    }
}

/// A month's services CSV of one appendix: one line per service or per row of one.
pub(crate) fn services_csv(rows: &[&Service]) -> String {
    let mut out = Vec::new();
    for s in rows {
        let line = |name: &str, f: &ServiceFigures, diff: &Option<String>| {
            let rate = match (f.total, f.online) {
                (Some(t), Some(o)) if t > 0 => format!("{:.4}", o as f64 * 100.0 / t as f64),
                _ => String::new(),
            };
            let n = |x: Option<i64>| x.map(|x| x.to_string()).unwrap_or_default();
            vec![
                s.appendix.clone(),
                opt(&s.group),
                s.number.clone(),
                name.to_string(),
                opt(&s.connection),
                n(f.total),
                n(f.online),
                rate,
                num(f.stated_rate),
                n(f.on_time),
                n(f.overdue),
                f.none_this_month.to_string(),
                opt(diff),
                s.cite.at.clone(),
            ]
        };
        if s.rows.is_empty() {
            out.push(line(&s.name, &s.figures(), &s.difficulties));
        }
        for r in &s.rows {
            out.push(line(
                &format!("{} — {}", s.name, r.name),
                &r.figures(),
                &r.difficulties,
            ));
        }
    }
    csv(
        &[
            "appendix",
            "group",
            "number",
            "service",
            "connection",
            "total",
            "online",
            "online_rate_computed",
            "online_rate_stated",
            "on_time",
            "overdue",
            "none_this_month",
            "difficulties",
            "at",
        ],
        out,
    )
}

/// A locality's plan CSV: one line per item.
pub(crate) fn plan_csv(p: &crate::model::dataset::PlanEntry) -> String {
    csv(
        &[
            "number",
            "group",
            "model",
            "title",
            "lead",
            "coordinating",
            "support",
            "implementers",
            "deadline_as_written",
            "deadline_due",
            "platforms",
            "source",
            "at",
        ],
        p.items.iter().map(|i| {
            vec![
                i.number.clone(),
                opt(&i.group),
                i.model.map(|m| m.to_string()).unwrap_or_default(),
                i.title.clone(),
                i.lead.join("; "),
                i.coordinating.join("; "),
                i.support.join("; "),
                i.implementers.join("; "),
                i.deadline.as_ref().map(|d| d.text()).unwrap_or_default(),
                i.deadline
                    .as_ref()
                    .and_then(|d| d.due())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                i.platforms.join("; "),
                i.cite.source.clone(),
                i.cite.at.clone(),
            ]
        }),
    )
}

/// The models CSV: each model with its latest status and who adopted it.
pub(crate) fn models_csv(ds: &Ix) -> String {
    csv(
        &[
            "number",
            "group",
            "title",
            "latest_month",
            "latest_status",
            "assessment",
            "adopted_by",
            // Issue 25 (plans): the second state the assessment gives, if any.
            "latest_secondary_status",
        ],
        ds.models.iter().map(|m| {
            let st = ds.reports.iter().rev().find_map(|r| {
                r.statuses
                    .iter()
                    .find(|s| s.model == m.number)
                    .map(|s| (r.report.month, s))
            });
            let adopters: Vec<String> = ds
                .plans
                .iter()
                .filter(|p| p.items.iter().any(|i| i.model == Some(m.number)))
                .map(|p| p.plan.locality.clone())
                .collect();
            vec![
                m.number.to_string(),
                opt(&m.group),
                opt(&m.title),
                st.map(|(mo, _)| mo.to_string()).unwrap_or_default(),
                st.map(|(_, s)| s.status.code().to_string())
                    .unwrap_or_default(),
                st.and_then(|(_, s)| s.assessment.clone())
                    .unwrap_or_default(),
                adopters.join("; "),
                st.and_then(|(_, s)| s.secondary_status)
                    .map(|x| x.code().to_string())
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// The deadlines CSV: the items passed, then those coming.
pub(crate) fn deadlines_csv(passed: &[Json], upcoming: &[Json]) -> String {
    let row = |j: &Json, which: &str| {
        let s = |v: &Json| v.as_str().unwrap_or("").to_string();
        vec![
            which.to_string(),
            s(&j["locality"]),
            s(&j["number"]),
            s(&j["title"]),
            s(&j["deadline"]["text"]),
            s(&j["due_sort"]),
            s(&j["reached"]["status"]["code"]),
        ]
    };
    csv(
        &[
            "which",
            "locality",
            "number",
            "title",
            "deadline_as_written",
            "due",
            "model_status",
        ],
        passed
            .iter()
            .map(|j| row(j, "passed"))
            .chain(upcoming.iter().map(|j| row(j, "upcoming"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_field("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
        assert_eq!(csv_field("-12"), "\"-12\"");
        assert_eq!(csv_field("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
