//! The list of models and each model's page.

use crate::calendar::Month;
use crate::format;
use crate::model::index::Ix;
use crate::paths as url;
use crate::schema::*;
use crate::site::charts;
use crate::site::json::*;
use crate::site::labels::*;
use crate::site::{Context, Graph, PageSpec};
use serde_json::{Value as Json, json};

/// Adds the list of models and a page per model.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let latest = ds.reports.last();
    let labels = &*g.labels;
    // Models.
    let groups_json: Vec<Json> = ds
        .groups
        .iter()
        .map(|g| {
            let models: Vec<Json> = ds.models.iter().filter(|m| m.group.as_deref() == Some(g.id.as_str())).map(|m| model_summary(ds, m, labels)).collect();
            json!({ "id": g.id, "name": g.name, "stated_count": g.stated_count, "count": models.len(), "note": g.note, "cite": cite(&g.cite, ds), "models": models })
        })
        .collect();
    let ungrouped: Vec<Json> = ds
        .models
        .iter()
        .filter(|m| {
            m.group
                .as_ref()
                .is_none_or(|g| !ds.groups.iter().any(|x| &x.id == g))
        })
        .map(|m| model_summary(ds, m, labels))
        .collect();
    g.pages.push(PageSpec {
        path: url::MODELS.into(),
        template: "models.html",
        title: g.labels.models.clone(),
        context: Context::Ready(object!({ "groups": groups_json, "ungrouped": ungrouped, "csv": url::MODELS_CSV,
            "charts": latest.and_then(|r| charts::status_by_group(ds, r)).map(|c| g.charts.add(c)).into_iter().collect::<Vec<_>>() })),
        markdown: None,
        in_sitemap: true,
    });
    for m in &ds.models {
        g.pages.push(model_page(ds, m, &g.labels));
    }
}

/// A model's page: its history of statuses and who adopted it.
fn model_page(ds: &Ix, m: &Model, l: &Labels) -> PageSpec<'static> {
    let history: Vec<Json> = ds
        .reports
        .iter()
        .filter_map(|r| {
            r.statuses
                .iter()
                .find(|s| s.model == m.number)
                .map(|s| status_entry_json(s, r.report.month, ds, l))
        })
        .collect();
    let group = m
        .group
        .as_ref()
        .and_then(|g| ds.groups.iter().find(|x| &x.id == g))
        .map(|g| json!({ "id": g.id, "name": g.name }));
    let title = match &m.title {
        Some(t) => l
            .model_titled
            .replace("{number}", &m.number.to_string())
            .replace("{title}", t),
        None => l.model.replace("{number}", &m.number.to_string()),
    };
    let prev = ds
        .models
        .iter()
        .rev()
        .find(|x| x.number < m.number)
        .map(|x| json!({ "url": url::model(x.number), "number": x.number }));
    let next = ds
        .models
        .iter()
        .find(|x| x.number > m.number)
        .map(|x| json!({ "url": url::model(x.number), "number": x.number }));
    PageSpec {
        path: url::model(m.number),
        template: "model.html",
        title,
        context: Context::Ready(json!({
            "model": {
                "number": m.number,
                "title": m.title,
                "goal": m.goal,
                "goal_cite": m.goal_cite.as_ref().map(|c| cite(c, ds)),
                "group": group,
                "variants": m.variants.iter().map(|v| json!({ "title": v.title, "cite": cite(&v.cite, ds), "note": v.note })).collect::<Vec<_>>(),
                "cite": m.cite.as_ref().map(|c| cite(c, ds)),
                "conflicts": conflicts(&m.conflicts, ds),
                "note": m.note,
            },
            "history": history,
            "adopters": adopters(ds, m.number),
            "prev": prev,
            "next": next,
        })),
        markdown: None,
        in_sitemap: true,
    }
}

/// Latest status of a model, with its month.
fn latest_status<'d>(ds: &'d Ix, n: u32) -> Option<(Month, &'d ModelStatus)> {
    ds.reports.iter().rev().find_map(|r| {
        r.statuses
            .iter()
            .find(|s| s.model == n)
            .map(|s| (r.report.month, s))
    })
}

/// The plan items that adopt a model.
fn adopters(ds: &Ix, n: u32) -> Vec<Json> {
    ds.plans
        .iter()
        .flat_map(|p| {
            p.items
                .iter()
                .filter(move |i| i.model == Some(n))
                .map(move |i| item_json(i, &p.plan, ds))
        })
        .collect()
}

/// A model as the list of models shows it.
fn model_summary(ds: &Ix, m: &Model, l: &Labels) -> Json {
    let st = latest_status(ds, m.number);
    json!({
        "number": m.number,
        "title": m.title,
        "group": m.group,
        "url": url::model(m.number),
        "status": st.map(|(_, s)| l.status_json(s.status)),
        "status_month": st.map(|(mo, _)| format::month(mo)),
        "adopters": adopters(ds, m.number).len(),
    })
}
