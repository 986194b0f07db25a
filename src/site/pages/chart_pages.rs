//! The chart page and the embed page of every page that shows charts (issue 28).
//!
//! A chart's permalink is its anchor on the chart page of the page showing it
//! (`bieu-do/dia-phuong/bim-son/#duong-ty-le-x`): the path names the page (a locality, an
//! indicator, a month's report), the anchor what the chart shows, and neither its figures,
//! so the link stays the same when they change. One chart page per page, not one per
//! chart, keeps a national portal's 49.000 charts within the build's budget (see the
//! README, "Chart URLs and embedding"). The embed page shows only the chart its URL's
//! anchor names (CSS `:target`, no script).
//!
//! A page made when rendered gets a chart page made from the same context (see
//! [`Deferred::derived`]): it reads the same readings and is fingerprinted as the page.

use crate::chart::ChartSpec;
use crate::model::index::Ix;
use crate::paths as url;
use crate::site::views::charts::{ChartDetail, ChartPageView};
use crate::site::views::{Link, context};
use crate::site::{Context, Graph, Made, PageSpec};
use std::borrow::Cow;

/// A chart made with the page graph: its key, spec and CSV path.
type ReadyChart = (String, ChartSpec, String);

/// Adds a chart page and an embed page for every page showing charts (every page
/// made when rendered, which may show some). Called once every other page is added.
pub(crate) fn add(g: &mut Graph<'_, '_>) {
    let ds = g.ds;
    let base = public_base(&g.config.base_url);
    let mut added = Vec::new();
    for page in &g.pages {
        let ready = ready_charts(g, page);
        let deferred = matches!(&page.context, Context::Deferred(d) if !d.shows_file_sizes());
        if ready.is_empty() && !deferred {
            continue;
        }
        let link = Link {
            label: page.title.clone(),
            url: page.path.clone(),
        };
        let title = g.labels.chart_page.replace("{title}", &page.title);
        for (template, path) in [
            ("chart_page.html", url::chart_page(&page.path)),
            ("embed.html", url::chart_embed(&page.path)),
        ] {
            let context = match &page.context {
                Context::Deferred(d) if deferred => {
                    let extra: String = ready.iter().map(|c| c.0.as_str()).collect();
                    let (ready, link, base) = (ready.clone(), link.clone(), base.clone());
                    Context::Deferred(d.derived(&extra, move |made| Made {
                        context: Cow::Owned(context(view(ds, &link, &made, &ready, &base))),
                        // The page showing them writes their files.
                        charts: Vec::new(),
                    }))
                }
                _ => {
                    let none = Made {
                        context: Cow::Owned(serde_json::Value::Null),
                        charts: Vec::new(),
                    };
                    Context::Ready(context(view(ds, &link, &none, &ready, &base)))
                }
            };
            let mut spec = PageSpec::new(path, template, title.clone(), context);
            // Permalinks, not pages to find by search engines: the pages showing the charts are.
            spec.in_sitemap = false;
            added.push(spec);
        }
    }
    g.pages.extend(added);
}

/// The charts made with the page graph that `page` shows, in the order it shows them
/// (its context's, then its Markdown's).
fn ready_charts(g: &Graph, page: &PageSpec) -> Vec<ReadyChart> {
    let in_markdown = page
        .markdown
        .iter()
        .flat_map(|(_, md, _)| crate::chart::placeholder_keys(md));
    let mut out: Vec<ReadyChart> = Vec::new();
    for key in page.charts.iter().map(String::as_str).chain(in_markdown) {
        if out.iter().any(|c| c.0 == key) {
            continue;
        }
        if let Some((spec, csv)) = g.charts.specs.get(key) {
            out.push((key.to_string(), spec.clone(), csv.clone()));
        }
    }
    out
}

/// The view of a page's chart page: the charts it made itself, then those of the page graph.
fn view(ds: &Ix, page: &Link, made: &Made, ready: &[ReadyChart], base: &str) -> ChartPageView {
    let own = made.charts.iter().map(|(k, (s, c))| (k, s, c));
    let graph = ready.iter().map(|(k, s, c)| (k, s, c));
    ChartPageView {
        chart_page: url::chart_page(&page.url),
        png_width: crate::site::charts::PNG_WIDTH,
        page: page.clone(),
        charts: own
            .chain(graph)
            .map(|(key, spec, csv)| ChartDetail::new(key, spec, csv, ds, base))
            .collect(),
    }
}

/// The base other sites link to: `base_url` with its trailing slash when it is absolute,
/// else its path (an embed snippet then needs the portal's address put in front).
fn public_base(base_url: &str) -> String {
    if base_url.contains("://") {
        url::absolute_base(base_url)
    } else {
        url::base_path(base_url)
    }
}
