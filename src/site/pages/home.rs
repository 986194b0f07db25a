//! The home page and the 404 page.

use crate::common::format;
use crate::model::index::Ix;
use crate::model::readings::Reading;
use crate::model::records::*;
use crate::paths as url;
use crate::site::charts;
use crate::site::labels::Labels;
use crate::site::views::pages::{GroupStatus, HomeLatest, HomeView, NotFoundView};
use crate::site::views::{ChartRef, ReadingView, context, status_counts};
use crate::site::{Context, Graph, PageSpec};
use serde_json::Value as Json;

/// Adds the home page, or its figures to the content page at the root.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    // Home: headline figures of the latest month with their change, models by status.
    let mut shown = Vec::new();
    let home = home_context(ds, &mut g.charts, &mut shown, &g.labels);
    if let Some(idx) = g.pages.iter().position(|p| p.path.is_empty()) {
        let page = &mut g.pages[idx];
        if let Json::Object(extra) = home
            && let Context::Ready(Json::Object(ctx)) = &mut page.context
        {
            ctx.extend(extra);
            page.charts.extend(shown);
        }
    } else {
        g.pages.push(PageSpec {
            path: String::new(),
            template: "index.html",
            title: g.config.title.clone(),
            context: Context::Ready(home),
            markdown: None,
            in_sitemap: true,
            charts: shown,
            summary: None,
            share_image: None,
        });
    }
}

/// Adds the page served for a missing path.
pub(crate) fn not_found(g: &mut Graph<'_, '_>) {
    g.pages.push(PageSpec {
        path: url::NOT_FOUND.into(),
        template: "404.html",
        title: g.labels.not_found.clone(),
        context: Context::Ready(context(NotFoundView {})),
        markdown: None,
        in_sitemap: false,
        charts: Vec::new(),
        summary: None,
        share_image: None,
    });
}

/// The home page's figures: the latest month's headline figures with their
/// change and sparkline, and the models by status.
pub(crate) fn home_context(
    ds: &Ix,
    charts: &mut charts::Charts,
    shown: &mut Vec<String>,
    l: &Labels,
) -> Json {
    let ds = &ds.everything(); // a ready page: its fingerprint is its rendered context
    let Some(latest) = ds.reports.last() else {
        return context(HomeView {
            headline: Vec::new(),
            status_counts: Vec::new(),
            index_az_url: url::INDEX_AZ,
            latest: None,
        });
    };
    let month = latest.report.month;
    // Headline figures: the province's reported counts that state a change on the previous month.
    let headline = ds
        .of_month(month)
        .into_iter()
        .filter(|x| {
            x.month == month
                && x.locality == latest.report.locality
                && x.kind == "reported"
                && x.source.record.delta.is_some()
        })
        .map(|x| {
            let mut view = ReadingView::new(x, ds);
            let ind = x.source.record.indicator.as_str();
            let mine: Vec<&Reading> = ds
                .of_indicator(ind)
                .into_iter()
                .filter(|r| r.locality == x.locality)
                .collect();
            view.sparkline = ds
                .indicator_by_id
                .get(ind)
                .and_then(|i| charts::sparkline(ds, i, &mine, x.locality))
                .map(|c| ChartRef::add(charts, shown, "", c));
            view
        })
        .collect();
    let status_chart =
        charts::status_by_group(ds, latest).map(|c| ChartRef::add(charts, shown, "", c));
    let status_by_group = ds
        .groups
        .iter()
        .map(|g| {
            let in_group: Vec<ModelStatus> = latest
                .statuses
                .iter()
                .filter(|s| {
                    ds.models
                        .iter()
                        .any(|m| m.number == s.model && m.group.as_deref() == Some(g.id.as_str()))
                })
                .cloned()
                .collect();
            GroupStatus {
                id: g.id.clone(),
                name: g.name.clone(),
                counts: status_counts(&in_group, l),
                total: in_group.len(),
            }
        })
        .collect();
    context(HomeView {
        headline,
        status_counts: status_counts(&latest.statuses, l),
        index_az_url: url::INDEX_AZ,
        latest: Some(HomeLatest {
            month_label: format::month(month),
            report_url: url::report(&month),
            status_by_group,
            status_chart,
            model_count: ds.models.len(),
            reported_models: latest.statuses.len(),
            plan_count: ds.plans.len(),
            locality_count: ds.localities.len(),
        }),
    })
}
