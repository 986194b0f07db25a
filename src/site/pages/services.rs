//! The latest month's online public services.

use crate::format;
use crate::paths as url;
use crate::site::charts;
use crate::site::json::*;
use crate::site::{Context, Graph, PageSpec};
use serde_json::json;

/// Adds the services page of the latest month, if any.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let latest = ds.reports.last();
    if let Some(r) = latest {
        g.pages.push(PageSpec {
            path: url::SERVICES.into(),
            template: "services.html",
            title: g.labels.services.clone(),
            context: Context::Ready(json!({ "month_label": format::month(r.report.month), "report_url": url::report(&r.report.month), "services": services_json(r, ds, &g.labels),
                "charts": charts::services_parts(r).into_iter().chain(["I", "II"].iter().filter_map(|a| charts::services_ranking(r, a))).map(|c| g.charts.add(c)).collect::<Vec<_>>() })),
            markdown: None,
            in_sitemap: true,
        });
    }
}
