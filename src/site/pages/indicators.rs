//! The list of indicators and each indicator's page (made when rendered) and readings CSV.

use crate::model::readings::Reading;
use crate::model::records::*;
use crate::model::scope::{Key, Scope};
use crate::output::content::DataFile;
use crate::output::csv::*;
use crate::paths as url;
use crate::site::charts;
use crate::site::views::carry;
use crate::site::views::pages::{IndicatorListed, IndicatorPageView, IndicatorsView};
use crate::site::views::{IndicatorLink, IndicatorView, ReadingView, context};
use crate::site::{Context, Deferred, Graph, Made, PageSpec};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Adds the list of indicators, a page and a readings CSV per indicator.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let common = &g.common;
    // Indicators. A page's context is made when it is rendered, from the readings of
    // the indicator and of its parts (a rate's chart shows them), so that a rebuild
    // makes only the pages whose readings changed.
    // On every core: each scans its indicator's readings (a million at national scale).
    let per_indicator: Vec<(IndicatorListed, DataFile, PageSpec)> = ds
        .indicators
        .par_iter()
        .map(|i| {
            let path = url::indicator(&i.id);
            // The page's chart of a rate shows its parts: their readings are declared too.
            let shown = [Some(&i.id), i.numerator.as_ref(), i.denominator.as_ref()]
                .into_iter()
                .flatten()
                .map(|id| Key::Indicator(id.as_str()));
            let scope = Scope::new(ds, path.clone(), shown);
            let latest_reading = scope
                .of_indicator(&i.id)
                .into_iter()
                .filter(|x| x.kind != "derived")
                .max_by_key(|x| x.month);
            let listed = IndicatorListed {
                indicator: IndicatorView::new(i, ds),
                latest: latest_reading.map(|x| ReadingView::new(x, ds)),
            };
            let csv_path = url::indicator_csv(&i.id);
            let csv = DataFile {
                content: readings_csv(
                    Scope::new(ds, csv_path.clone(), [Key::Indicator(&i.id)]),
                    common,
                ),
                path: csv_path,
            };
            let page = PageSpec {
                summary: crate::site::views::translation(
                    ds,
                    crate::model::translations::Subject::Indicator,
                    &i.id,
                    "description",
                )
                .or_else(|| i.description.clone()),
                ..PageSpec::new(
                    path,
                    "indicator.html",
                    // In another language, an editor's translation where there is one.
                    listed
                        .indicator
                        .name_tr
                        .clone()
                        .unwrap_or_else(|| i.name.clone()),
                    Context::Deferred(Deferred::new(scope, common, move |scope| {
                        indicator_context(scope, i)
                    })),
                )
            };
            (listed, csv, page)
        })
        .collect();
    let mut indicator_list = Vec::new();
    for (listed, csv, page) in per_indicator {
        indicator_list.push(listed);
        g.files.push(csv);
        g.pages.push(page);
    }
    g.pages.push(PageSpec::new(
        url::INDICATORS,
        "indicators.html",
        g.labels.indicators.clone(),
        Context::Ready(context(IndicatorsView {
            indicators: indicator_list,
        })),
    ));
}

/// The context of an indicator's page, with its charts: made when the page is
/// rendered (see [`Context::Deferred`]). It lists the figures of top-level localities.
pub(crate) fn indicator_context(ds: &Scope, i: &Indicator) -> Made<'static> {
    let mine = &ds.of_indicator(&i.id)[..];
    let latest_reading = mine
        .iter()
        .filter(|x| x.kind != "derived")
        .max_by_key(|x| x.month);
    let parts = ds
        .indicators
        .iter()
        .filter(|x| x.part_of.as_deref() == Some(i.id.as_str()))
        .map(IndicatorLink::new)
        .collect();
    let page = url::indicator(&i.id);
    let mut prepared = Vec::new();
    // Charts of the top-level localities (the province; the provinces of a national portal).
    let shown: Vec<&Reading> = mine.iter().copied().filter(|x| x.top_level).collect();
    let mut indicator_charts = Vec::new();
    let lines = shown
        .iter()
        .map(|x| x.locality)
        .collect::<BTreeSet<_>>()
        .len();
    if lines <= charts::MAX_LINES
        && let Some(c) = charts::indicator_line(ds, i, &shown, &[], None, None)
    {
        indicator_charts.push(carry(&mut prepared, &page, c));
    }
    if let Some(c) = latest_reading.and_then(|x| {
        let level = charts::ranking_level(ds, mine, x.month);
        charts::indicator_ranking(ds, i, &level, x.month, &[])
    }) {
        indicator_charts.push(carry(&mut prepared, &page, c));
    }
    if let Some(c) = latest_reading
        .and_then(|x| ds.reports.iter().find(|r| r.report.month == x.month))
        .and_then(|r| charts::rate_parts(ds, i, r))
    {
        indicator_charts.push(carry(&mut prepared, &page, c));
    }
    let view = IndicatorPageView {
        indicator: IndicatorView::new(i, ds),
        readings: shown.iter().map(|x| ReadingView::new(x, ds)).collect(),
        other_readings: mine.len() - shown.len(),
        parts,
        csv: url::indicator_csv(&i.id),
        charts: indicator_charts,
    };
    Made {
        context: std::borrow::Cow::Owned(context(view)),
        charts: prepared,
    }
}
