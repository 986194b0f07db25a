//! The monthly report pages (made when rendered), their CSV files, the changelog and the list of reports.

use crate::common::format;
use crate::model::dataset::MonthReport;
use crate::model::index::locality_name;
use crate::model::readings::{Reading, as_reported, month_reported};
use crate::model::records::*;
use crate::model::scope::{Key, Scope};
use crate::output::content::{Content, DataFile};
use crate::output::csv::*;
use crate::paths as url;
use crate::site::charts;
use crate::site::labels::Labels;
use crate::site::pages::changes;
use crate::site::views::pages::{ReportHead, ReportListed, ReportView, ReportsView};
use crate::site::views::{
    CiteView, Link, ModelRef, ReadingView, StatusEntry, carry, context, services, status_counts,
};
use crate::site::{Context, Deferred, Graph, Made, PageSpec};
use rayon::prelude::*;

/// Adds a page, a readings CSV and services CSVs per month, the changelog and the list of reports.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let common = &g.common;
    // Reports, services, deadlines.
    let mut report_list = Vec::new();
    // What each month's page and CSV are made from, on every core: each hashes
    // two months of readings (tens of thousands at national scale).
    let labels = &g.labels;
    let per_month: Vec<(Deferred, Content)> = ds
        .reports
        .par_iter()
        .enumerate()
        .map(|(idx, r)| {
            let month = r.report.month;
            let page = Scope::new(
                ds,
                url::report(&month),
                [Key::Month(month), Key::Month(month.previous())],
            );
            let labels = labels.clone();
            let page = Deferred::new(page, common, move |scope| {
                report_context(scope, idx, r, &labels)
            });
            let csv = Scope::new(ds, url::report_csv(&month), [Key::Month(month)]);
            (page, readings_csv(csv.keeping(as_reported), common))
        })
        .collect();
    for (r, (page_context, csv)) in ds.reports.iter().zip(per_month) {
        let month = r.report.month;
        let content = g
            .pass
            .content_pages(&ds.pages)
            .into_iter()
            .find(|c| c.is_report_content(&month));
        if content.as_ref().is_some_and(|c| c.fallback) {
            g.fallback.insert(url::report(&month));
        }
        let content = content.map(|c| c.page);
        for appendix in ["I", "II"] {
            let rows: Vec<&Service> = r
                .services
                .iter()
                .filter(|s| s.appendix == appendix)
                .collect();
            if !rows.is_empty() {
                g.files.push(DataFile {
                    path: url::services_csv(&month, appendix),
                    content: services_csv(&rows).into(),
                });
            }
        }
        report_list.push(ReportListed {
            url: url::report(&month),
            label: format::month(month),
            title: r.report.title.clone(),
            status: r.report.status,
            summary: content.and_then(|c| c.front.description.clone()),
        });
        g.pages.push(PageSpec {
            path: url::report(&month),
            template: "report.html",
            title: content.map_or_else(
                || g.labels.report.replace("{month}", &format::month(month)),
                |c| c.front.title.clone(),
            ),
            context: Context::Deferred(page_context),
            markdown: content.map(|c| {
                (
                    format!("content/{}", c.path),
                    charts::expand_shortcodes(&c.body, ds, &mut g.charts, &url::report(&month)),
                    c.body_offset,
                )
            }),
            in_sitemap: true,
            charts: Vec::new(),
            summary: content.and_then(|c| c.front.description.clone()),
            share_image: None,
        });
        g.files.push(DataFile {
            path: url::report_csv(&month),
            content: csv,
        });
    }
    report_list.reverse();
    g.pages.push(changes::changelog_page(ds, &g.labels));
    g.pages.push(PageSpec::new(
        url::REPORTS,
        "reports.html",
        g.labels.reports.clone(),
        Context::Ready(context(ReportsView {
            reports: report_list,
        })),
    ));
}

/// The context of a month's report page (the report at `idx`), with its charts: made
/// when the page is rendered (see [`Context::Deferred`]), from the month's readings and
/// the month before's (what changed since).
pub(crate) fn report_context(ds: &Scope, idx: usize, r: &MonthReport, l: &Labels) -> Made<'static> {
    // Indicator and report pages list the figures of top-level localities (the
    // province of a provincial portal, the provinces of a national one); figures
    // of districts and communes are on their own pages and in the CSV files, so
    // that no page grows with the number of communes.
    let top_level = |x: &&&Reading| x.top_level;
    let loc_name = |slug: &str| locality_name(ds, slug);
    let month = r.report.month;
    let month_readings = month_reported(ds, month);
    let figures: Vec<ReadingView> = month_readings
        .iter()
        .filter(top_level)
        .map(|x| ReadingView::new(x, ds))
        .collect();
    let other_figures = month_readings.len() - figures.len();
    let statuses = r
        .statuses
        .iter()
        .map(|s| StatusEntry {
            model: Some(ModelRef::new(s.model, ds)),
            ..StatusEntry::new(s, month, ds, l)
        })
        .collect();
    let counts = status_counts(&r.statuses, l);
    let page = url::report(&month);
    let mut prepared = Vec::new();
    let mut report_charts = Vec::new();
    if let Some(c) = charts::status_by_group(ds, r) {
        report_charts.push(carry(&mut prepared, &page, c));
    }
    for c in charts::services_parts(r) {
        report_charts.push(carry(&mut prepared, &page, c));
    }
    for appendix in ["I", "II"] {
        if let Some(c) = charts::services_ranking(r, appendix) {
            report_charts.push(carry(&mut prepared, &page, c));
        }
    }
    let link = |p: &MonthReport| Link {
        url: url::report(&p.report.month),
        label: format::month(p.report.month),
    };
    let prev = idx.checked_sub(1).and_then(|i| ds.reports.get(i)).map(link);
    let next = ds.reports.get(idx + 1).map(link);
    let source = Cite {
        source: r.report.source.clone(),
        at: l.report_cite.clone(),
    };
    let view = ReportView {
        report: ReportHead {
            month: month.to_string(),
            label: format::month(month),
            title: r.report.title.clone(),
            status: r.report.status,
            source: CiteView::new(&source, ds),
            locality_name: loc_name(&r.report.locality),
            locality_url: url::locality(&r.report.locality),
        },
        figures,
        other_figures,
        statuses,
        status_counts: counts,
        services: services(r, ds, l),
        prev,
        next,
        csv: url::report_csv(&month),
        charts: report_charts,
        changes: changes::since_previous(
            ds,
            r,
            &month_readings
                .iter()
                .filter(top_level)
                .copied()
                .collect::<Vec<_>>(),
            // Only the top-level figures are compared.
            &ds.of_month(month.previous())
                .into_iter()
                .filter(|x| x.top_level)
                .collect::<Vec<_>>(),
            idx.checked_sub(1).and_then(|i| ds.reports.get(i)),
            l,
        ),
    };
    Made {
        context: std::borrow::Cow::Owned(context(view)),
        charts: prepared,
    }
}
