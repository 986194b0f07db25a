//! The views of chart pages and embeds (issue 28): every chart a page shows, with its
//! table, sources, notes, date, downloads, embed snippet and citation.

use super::{ChartRef, Link, NamedLink};
use crate::chart::{ChartSpec, PointKind};
use crate::model::index::Ix;
use crate::paths as url;
use serde::Serialize;

/// `chart_page.html` and `embed.html`: the charts of one page.
#[derive(Debug, Clone, Serialize)]
pub struct ChartPageView {
    /// The page showing the charts (its URL and title).
    pub page: Link,
    /// Its charts, in the order the page shows them.
    pub charts: Vec<ChartDetail>,
    /// URL of the chart page (the embed links back to it).
    pub chart_page: String,
    /// Width in pixels of the charts' PNG files.
    pub png_width: u32,
}

/// One chart with everything needed to reuse it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartDetail {
    /// The chart: title, description, table, CSV and permalink.
    pub chart: ChartRef,
    /// Its anchor on the chart page and the embed (names what it shows).
    pub anchor: String,
    /// The sources of its figures, each linked to the sources page.
    pub sources: Vec<NamedLink>,
    /// The month of its latest figure.
    pub as_of: String,
    /// Some points are derived from a stated change.
    pub derived: bool,
    /// Some points are lower bounds ("over N").
    pub lower_bound: bool,
    /// Some points are ranges ("from N to M").
    pub range: bool,
    /// Some months the source says nothing arose ("không phát sinh").
    pub none: bool,
    /// Some categories have no figure (gaps).
    pub missing: bool,
    /// URL of its SVG.
    pub svg_file: String,
    /// URL of its PNG, if one is made (see [`crate::site::charts::has_png`]).
    pub png_file: Option<String>,
    /// URL of its embed page (with its anchor).
    pub embed: String,
    /// The embed URL as another site must write it (absolute when `base_url` is).
    pub embed_absolute: String,
    /// The permalink as a citation gives it (absolute when `base_url` is).
    pub permalink_absolute: String,
}

impl ChartDetail {
    /// The detail of a chart of the site, `base` being the site's base (absolute or a path).
    pub fn new(key: &str, spec: &ChartSpec, csv: &str, ds: &Ix, base: &str) -> ChartDetail {
        let chart = crate::site::charts::chart_ref(key, spec, csv);
        let sources = spec
            .sources
            .iter()
            .map(|id| NamedLink {
                name: ds
                    .source_by_id
                    .get(id.as_str())
                    .map_or_else(|| id.clone(), |s| s.title.clone()),
                url: url::source(id),
            })
            .collect();
        let embed = url::chart_embed_of(&spec.page, &spec.slug);
        ChartDetail {
            anchor: spec.slug.clone(),
            sources,
            as_of: spec.as_of.clone(),
            derived: spec.has(PointKind::Derived),
            lower_bound: spec.has(PointKind::LowerBound),
            range: spec.has(PointKind::Range),
            none: spec.has(PointKind::NoneThisMonth),
            missing: spec.has(PointKind::Missing),
            svg_file: url::chart_file(&spec.page, &spec.slug, "svg"),
            png_file: crate::site::charts::has_png(spec)
                .then(|| url::chart_file(&spec.page, &spec.slug, "png")),
            embed_absolute: format!("{base}{embed}"),
            embed,
            permalink_absolute: format!("{base}{}", chart.url),
            chart,
        }
    }
}
