//! The home page and the 404 page.

use crate::format;
use crate::model::index::Ix;
use crate::model::readings::Reading;
use crate::paths as url;
use crate::schema::*;
use crate::site::charts;
use crate::site::json::*;
use crate::site::labels::Labels;
use crate::site::{Context, Graph, PageSpec};
use serde_json::{Value as Json, json};

/// Adds the home page, or its figures to the content page at the root.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    // Home: headline figures of the latest month with their change, models by status.
    let home = home_context(ds, &mut g.charts, &g.labels);
    if let Some(idx) = g.pages.iter().position(|p| p.path.is_empty()) {
        if let Json::Object(extra) = home
            && let Context::Ready(Json::Object(ctx)) = &mut g.pages[idx].context
        {
            ctx.extend(extra);
        }
    } else {
        g.pages.push(PageSpec {
            path: String::new(),
            template: "index.html",
            title: g.config.title.clone(),
            context: Context::Ready(home),
            markdown: None,
            in_sitemap: true,
        });
    }
}

/// Adds the page served for a missing path.
pub(crate) fn not_found(g: &mut Graph<'_, '_>) {
    g.pages.push(PageSpec {
        path: url::NOT_FOUND.into(),
        template: "404.html",
        title: g.labels.not_found.clone(),
        context: Context::Ready(json!({})),
        markdown: None,
        in_sitemap: false,
    });
}

/// The home page's figures: the latest month's headline figures with their
/// change and sparkline, and the models by status.
pub(crate) fn home_context(ds: &Ix, charts: &mut charts::Charts, l: &Labels) -> Json {
    let Some(latest) = ds.reports.last() else {
        return json!({ "headline": [], "status_counts": [] });
    };
    let month = latest.report.month;
    // Headline figures: the province's reported counts that state a change on the previous month.
    let headline: Vec<Json> = ds
        .of_month(month)
        .into_iter()
        .filter(|x| {
            x.month == month
                && x.locality == latest.report.locality
                && x.kind == "reported"
                && x.source.record.delta.is_some()
        })
        .map(|x| {
            let mut j = reading_json(x, ds);
            let ind = x.source.record.indicator.as_str();
            let mine: Vec<&Reading> = ds
                .of_indicator(ind)
                .into_iter()
                .filter(|r| r.locality == x.locality)
                .collect();
            if let Some(c) = ds
                .indicator_by_id
                .get(ind)
                .and_then(|i| charts::sparkline(ds, i, &mine, x.locality))
            {
                j["sparkline"] = charts.add(c);
            }
            j
        })
        .collect();
    let status_chart = charts::status_by_group(ds, latest).map(|c| charts.add(c));
    let by_group: Vec<Json> = ds
        .groups
        .iter()
        .map(|g| {
            let in_group: Vec<ModelStatus> = latest.statuses.iter().filter(|s| ds.models.iter().any(|m| m.number == s.model && m.group.as_deref() == Some(g.id.as_str()))).cloned().collect();
            json!({ "id": g.id, "name": g.name, "counts": status_counts(&in_group, l), "total": in_group.len() })
        })
        .collect();
    json!({
        "month_label": format::month(month),
        "report_url": url::report(&month),
        "headline": headline,
        "status_counts": status_counts(&latest.statuses, l),
        "status_by_group": by_group,
        "status_chart": status_chart,
        "model_count": ds.models.len(),
        "reported_models": latest.statuses.len(),
        "plan_count": ds.plans.len(),
        "locality_count": ds.localities.len(),
    })
}
