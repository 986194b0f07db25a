//! The sources and what each document contributed.

use crate::format;
use crate::model::index::locality_name;
use crate::paths as url;
use crate::site::{Context, Graph, PageSpec};
use serde_json::{Value as Json, json};

/// Adds the sources page.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let loc_name = |slug: &str| locality_name(ds, slug);
    // Sources: what each document contributed.
    let contributions: Vec<Json> = ds
        .sources
        .iter()
        .map(|s| {
            let plans = ds.plans.iter().filter(|p| p.plan.cite.source == s.id).map(|p| json!({ "title": p.plan.title, "items": p.items.len(), "url": url::locality(&p.plan.locality) })).collect::<Vec<_>>();
            let reports = ds.reports.iter().filter(|r| r.report.source == s.id).map(|r| json!({ "label": format::month(r.report.month), "url": url::report(&r.report.month), "values": r.values.len(), "statuses": r.statuses.len(), "services": r.services.len() })).collect::<Vec<_>>();
            let models = ds.models.iter().filter(|m| m.cite.as_ref().is_some_and(|c| c.source == s.id) || m.variants.iter().any(|v| v.cite.source == s.id)).count();
            json!({ "id": s.id, "kind": s.kind, "issuer": s.issuer, "number": s.number, "date": s.date, "title": s.title, "file": s.file, "locality": loc_name(&s.locality), "locality_url": url::locality(&s.locality), "note": s.note, "plans": plans, "reports": reports, "models": models })
        })
        .collect();
    g.pages.push(PageSpec {
        path: url::SOURCES.into(),
        template: "sources.html",
        title: g.labels.sources.clone(),
        context: Context::Ready(object!({ "sources": contributions })),
        markdown: None,
        in_sitemap: true,
    });
}
