//! The latest month's online public services.

use crate::common::format;
use crate::paths as url;
use crate::site::charts;
use crate::site::views::pages::ServicesView;
use crate::site::views::{ChartRef, context, services};
use crate::site::{Context, Graph, PageSpec};

/// Adds the services page of the latest month, if any.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let latest = ds.reports.last();
    if let Some(r) = latest {
        let mut shown = Vec::new();
        let charts = charts::services_parts(r)
            .into_iter()
            .chain(
                ["I", "II"]
                    .iter()
                    .filter_map(|a| charts::services_ranking(r, a)),
            )
            .map(|c| ChartRef::add(&mut g.charts, &mut shown, url::SERVICES, c))
            .collect();
        g.pages.push(PageSpec {
            path: url::SERVICES.into(),
            template: "services.html",
            title: g.labels.services.clone(),
            context: Context::Ready(context(ServicesView {
                month_label: format::month(r.report.month),
                report_url: url::report(&r.report.month),
                services: services(r, ds, &g.labels),
                charts,
            })),
            markdown: None,
            in_sitemap: true,
            charts: shown,
            summary: None,
            share_image: None,
        });
    }
}
