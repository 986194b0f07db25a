//! The sources and what each document contributed.

use crate::common::format;
use crate::model::index::locality_name;
use crate::paths as url;
use crate::site::views::context;
use crate::site::views::pages::{SourcePlan, SourceReport, SourceView, SourcesView};
use crate::site::{Context, Graph, PageSpec};

/// Adds the sources page.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let loc_name = |slug: &str| locality_name(ds, slug);
    // Sources: what each document contributed.
    let sources = ds
        .sources
        .iter()
        .map(|s| {
            let plans = ds
                .plans
                .iter()
                .filter(|p| p.plan.cite.source == s.id)
                .map(|p| SourcePlan {
                    title: p.plan.title.clone(),
                    items: p.items.len(),
                    url: url::locality(&p.plan.locality),
                })
                .collect();
            let reports = ds
                .reports
                .iter()
                .filter(|r| r.report.source == s.id)
                .map(|r| SourceReport {
                    label: format::month(r.report.month),
                    url: url::report(&r.report.month),
                    values: r.values.len(),
                    statuses: r.statuses.len(),
                    services: r.services.len(),
                })
                .collect();
            let models = ds
                .models
                .iter()
                .filter(|m| {
                    m.cite.as_ref().is_some_and(|c| c.source == s.id)
                        || m.variants.iter().any(|v| v.cite.source == s.id)
                })
                .count();
            SourceView {
                id: s.id.clone(),
                kind: s.kind,
                issuer: s.issuer.clone(),
                number: s.number.clone(),
                date: s.date.clone(),
                title: s.title.clone(),
                file: s.file.clone(),
                url: s.url.clone(),
                legal: s.kind.is_legal(),
                localities: ds
                    .localities
                    .iter()
                    .filter(|l| {
                        l.record.cite.source == s.id
                            || l.record
                                .validity_cite
                                .as_ref()
                                .is_some_and(|c| c.source == s.id)
                    })
                    .count(),
                locality: loc_name(&s.locality),
                locality_url: url::locality(&s.locality),
                note: s.note.clone(),
                plans,
                reports,
                models,
            }
        })
        .collect();
    g.pages.push(PageSpec::new(
        url::SOURCES,
        "sources.html",
        g.labels.sources.clone(),
        Context::Ready(context(SourcesView { sources })),
    ));
}
