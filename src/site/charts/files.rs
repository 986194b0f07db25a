//! The files of a chart (CSV, SVG, PNG), named by what it shows, and the PNG rule.

use super::chart_csv;
use crate::chart::ChartSpec;

/// The files of a chart, by path: its CSV (at `csv`), its SVG and, if it has one, its PNG,
/// all named by what the chart shows (see [`crate::paths::chart_file`]).
pub fn chart_files(spec: &ChartSpec, csv: &str) -> Vec<String> {
    let mut out = vec![
        csv.to_string(),
        crate::paths::chart_file(&spec.page, &spec.slug, "svg"),
    ];
    if has_png(spec) {
        out.push(crate::paths::chart_file(&spec.page, &spec.slug, "png"));
    }
    out
}

/// Makes the files of a chart (see [`chart_files`]), drawing it at most once.
#[derive(Default)]
pub struct ChartFileMaker {
    svg: Option<String>,
}

impl ChartFileMaker {
    /// The bytes of the file of `spec` at `path` (one of [`chart_files`]); on failure, why.
    pub fn bytes(&mut self, spec: &ChartSpec, path: &str) -> Result<Vec<u8>, String> {
        if path.ends_with(".csv") {
            return Ok(chart_csv(spec).into_bytes());
        }
        if self.svg.is_none() {
            let svg = crate::chart::draw(spec)
                .map_err(|e| format!("cannot draw chart {}: {e}", spec.title))?;
            self.svg = Some(standalone_svg(&svg));
        }
        let svg = self.svg.as_deref().unwrap_or_default();
        if path.ends_with(".png") {
            return png(svg);
        }
        Ok(svg.as_bytes().to_vec())
    }
}

/// A chart's SVG as a file of its own: an XML declaration, and the size it is drawn at,
/// which an inline chart takes from the page.
fn standalone_svg(svg: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}")
}

/// Width in pixels of a chart's PNG: three times the width charts are drawn at (360),
/// sharp on a phone's screen and in print.
pub const PNG_WIDTH: u32 = 1080;

/// A chart's PNG, rasterised with the site's own font.
fn png(svg: &str) -> Result<Vec<u8>, String> {
    crate::output::png::svg_to_png(svg, PNG_WIDTH).map_err(|e| e.to_string())
}

/// Whether a chart has a PNG (see [`ChartSpec::png`]).
pub fn has_png(spec: &ChartSpec) -> bool {
    spec.png
}

/// How many levels of the locality tree, from the top, have PNGs of their charts: the top
/// level only (the province; a national portal's 63 provinces). Drawing a PNG costs far
/// more than the SVG: a national portal's districts would add some 9.000, its communes 40.000.
pub const PNG_LEVELS: usize = 1;
