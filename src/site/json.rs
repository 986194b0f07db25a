//! JSON pieces shared by several page contexts: cites, conflicts, readings,
//! indicators, plan items, model statuses and service tables.

use super::labels::Labels;
use crate::calendar::Month;
use crate::format;
use crate::model::index::{Ix, locality_name};
use crate::model::readings::Reading;
use crate::paths as url;
use crate::schema::*;
use crate::validate::{MonthReport, rate_agrees};
use serde_json::{Value as Json, json};

/// A cite as templates show it: link to the source, with where in it.
pub(crate) fn cite(c: &Cite, ds: &Ix) -> Json {
    let title = ds
        .source_by_id
        .get(c.source.as_str())
        .map_or(c.source.clone(), |s| s.title.clone());
    json!({ "url": url::source(&c.source), "at": c.at, "source": c.source, "title": title })
}

/// Conflicting values between sources, as templates show them.
pub(crate) fn conflicts(list: &[Conflict], ds: &Ix) -> Json {
    Json::Array(
        list.iter()
            .map(|k| {
                json!({ "field": k.field, "value": conflict_value(&k.value), "cite": cite(&k.cite, ds), "note": k.note })
            })
            .collect(),
    )
}

/// A conflicting value as a reader sees it: text as written, lists joined, numbers in Vietnamese form.
pub(crate) fn conflict_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => crate::format::number(*n as f64),
        toml::Value::Float(x) => crate::format::number(*x),
        toml::Value::Array(items) => items
            .iter()
            .map(conflict_value)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// A reading in full, as indicator, report and home pages list it.
pub(crate) fn reading_json(x: &Reading, ds: &Ix) -> Json {
    let v = &x.source.record;
    let indicator = ds.indicator_by_id.get(v.indicator.as_str()).map(|i| {
        json!({ "id": i.id, "name": i.name, "url": url::indicator(&i.id), "counted": i.counted })
    });
    object!({
        "indicator": indicator,
        "month": x.month.to_string(),
        "month_label": format::month(x.month),
        "locality": x.locality,
        "locality_name": locality_name(ds, x.locality),
        "kind": x.kind,
        "text": x.text(ds),
        "number": x.number,
        "stated": x.stated.map(format::percent),
        "stated_differs": x.stated_differs(),
        "delta": x.delta_text(),
        "delta_on": v.delta.as_ref().and_then(|d| d.on).map(format::month),
        "period": v.period.as_deref(),
        "as_written": v.as_written.as_deref(),
        "note": v.note.as_deref(),
        "cite": cite(&v.cite, ds),
        "correction": x.correction(ds),
    })
}

/// An indicator, with links to its parts and its cite.
pub(crate) fn indicator_json(i: &Indicator, ds: &Ix) -> Json {
    let name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| ds.indicator_by_id.get(id.as_str()))
            .map(|x| json!({ "id": x.id, "name": x.name, "url": url::indicator(&x.id) }))
    };
    json!({
        "id": i.id,
        "name": i.name,
        "url": url::indicator(&i.id),
        "unit": i.unit,
        "counted": i.counted,
        "higher_is_better": i.higher_is_better,
        "numerator": name(&i.numerator),
        "denominator": name(&i.denominator),
        "part_of": name(&i.part_of),
        "description": i.description,
        "note": i.note,
        "cite": cite(&i.cite, ds),
    })
}

/// A plan item's deadline: as written, its parts, and when it is due.
pub(crate) fn deadline_json(d: &Option<crate::deadline::Deadline>) -> Json {
    match d {
        None => Json::Null,
        Some(d) => json!({
            "text": d.text(),
            "parts": d.parts.iter().map(|p| json!({ "text": p.text, "reading": format::deadline_value(&p.value), "due": p.value.due().map(format::date) })).collect::<Vec<_>>(),
            "due": d.due().map(format::date),
        }),
    }
}

/// A plan item, with its model and its locality.
pub(crate) fn item_json(item: &PlanItem, plan: &Plan, ds: &Ix) -> Json {
    let model = item
        .model
        .and_then(|n| ds.models.iter().find(|m| m.number == n));
    json!({
        "number": item.number,
        "group": item.group,
        "model": model.map(|m| json!({ "number": m.number, "title": m.title, "url": url::model(m.number) })),
        "title": item.title,
        "goal": item.goal,
        "assignment": item.assignment,
        "lead": item.lead,
        "coordinating": item.coordinating,
        "support": item.support,
        "implementers": item.implementers,
        "deadline": deadline_json(&item.deadline),
        "platforms": item.platforms,
        "note": item.note,
        "conflicts": conflicts(&item.conflicts, ds),
        "cite": cite(&item.cite, ds),
        "locality": plan.locality,
        "locality_name": locality_name(ds, &plan.locality),
        "locality_url": url::locality(&plan.locality),
    })
}

/// A model's status in a month's report.
pub(crate) fn status_entry_json(s: &ModelStatus, month: Month, ds: &Ix, l: &Labels) -> Json {
    json!({
        "month": month.to_string(),
        "month_label": format::month(month),
        "report_url": url::report(&month),
        "row": s.row,
        "title": s.title,
        "assessment": s.assessment,
        "status": l.status_json(s.status),
        "results": s.results,
        "difficulties": s.difficulties,
        "effectiveness": s.effectiveness,
        "funding": s.funding,
        "scale_up": s.scale_up,
        "note": s.note,
        "conflicts": conflicts(&s.conflicts, ds),
        "cite": cite(&s.cite, ds),
    })
}

/// A service's figures, with the online rate computed and compared with the stated one.
pub(crate) fn figures_json(f: &ServiceFigures) -> Json {
    let rate = match (f.total, f.online) {
        (Some(t), Some(o)) if t > 0 => Some(o as f64 * 100.0 / t as f64),
        _ => None,
    };
    let differs = matches!((f.stated_rate, rate), (Some(s), Some(c)) if !rate_agrees(s, c));
    let n = |x: Option<i64>| x.map(|x| format::number(x as f64));
    json!({
        "total": n(f.total),
        "online": n(f.online),
        "rate": rate.map(format::percent),
        "rate_number": rate,
        "stated_rate": f.stated_rate.map(format::percent),
        "stated_differs": differs,
        "on_time": n(f.on_time),
        "overdue": n(f.overdue),
        "none_this_month": f.none_this_month,
    })
}

/// A month's services by appendix and group, with each appendix's CSV.
pub(crate) fn services_json(r: &MonthReport, ds: &Ix, l: &Labels) -> Json {
    let mut appendices = Vec::new();
    for (appendix, title) in &l.appendices {
        let appendix = *appendix;
        let rows: Vec<&Service> = r
            .services
            .iter()
            .filter(|s| s.appendix == appendix)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut groups: Vec<Json> = Vec::new();
        let mut order: Vec<Option<String>> = Vec::new();
        for s in &rows {
            if !order.contains(&s.group) {
                order.push(s.group.clone());
            }
        }
        for g in order {
            let name = g
                .as_ref()
                .and_then(|g| {
                    r.service_groups
                        .iter()
                        .find(|x| x.appendix == appendix && &x.id == g)
                })
                .map(|x| x.name.clone());
            let services: Vec<Json> = rows
                .iter()
                .filter(|s| s.group == g)
                .map(|s| {
                    json!({
                        "number": s.number,
                        "name": s.name,
                        "connection": s.connection,
                        "connected": s.connection.as_deref().map(|c| c.to_lowercase().starts_with("đã")),
                        "figures": figures_json(&s.figures()),
                        "difficulties": s.difficulties,
                        "note": s.note,
                        "rows": s.rows.iter().map(|x| json!({ "name": x.name, "connection": x.connection, "figures": figures_json(&x.figures()), "difficulties": x.difficulties, "note": x.note })).collect::<Vec<_>>(),
                        "conflicts": conflicts(&s.conflicts, ds),
                        "cite": cite(&s.cite, ds),
                    })
                })
                .collect();
            groups.push(object!({ "id": g, "name": name, "services": services }));
        }
        appendices.push(object!({
            "id": appendix,
            "title": title.as_str(),
            "groups": groups,
            "csv": url::services_csv(&r.report.month, appendix),
        }));
    }
    Json::Array(appendices)
}

/// How many models have each status, for the statuses present.
pub(crate) fn status_counts(statuses: &[ModelStatus], l: &Labels) -> Json {
    Json::Array(
        Status::ALL
            .iter()
            .map(|s| (s, statuses.iter().filter(|x| x.status == *s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| json!({ "status": l.status_json(*s), "count": n }))
            .collect(),
    )
}
