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
    /// A maker for a chart already drawn as `svg` (as [`crate::chart::draw`] returns it), if it was.
    pub fn drawn(svg: Option<String>) -> ChartFileMaker {
        ChartFileMaker {
            svg: svg.map(|svg| standalone_svg(&svg)),
        }
    }

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

/// A chart's PNG, rasterised with the site's own font. A chart so tall (a ranking of many
/// long names) that [`PNG_WIDTH`] would make it higher than an image may be is drawn
/// narrower, at the largest width that fits, rather than failing the build.
fn png(svg: &str) -> Result<Vec<u8>, String> {
    use crate::output::png::{MAX_WIDTH, PngError, svg_to_png};
    match svg_to_png(svg, PNG_WIDTH) {
        Err(PngError::Size { width, height }) if height > MAX_WIDTH && width > 0 => {
            let fits = u64::from(width) * u64::from(MAX_WIDTH) / u64::from(height);
            let fits = u32::try_from(fits).unwrap_or(1).max(1);
            svg_to_png(svg, fits).map_err(|e| e.to_string())
        }
        drawn => drawn.map_err(|e| e.to_string()),
    }
}

/// Whether a chart has a PNG (see [`ChartSpec::png`]).
pub fn has_png(spec: &ChartSpec) -> bool {
    spec.png
}

/// How many levels of the locality tree, from the top, have PNGs of their charts: the top
/// level only (the province; a national portal's 63 provinces). Drawing a PNG costs far
/// more than the SVG: a national portal's districts would add some 9.000, its communes 40.000.
pub const PNG_LEVELS: usize = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_too_tall_for_an_image_is_drawn_narrower_instead_of_failing() {
        // 360 wide, 2000 high: at 1080 px wide it would be 6000 px high.
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="360" height="2000" viewBox="0 0 360 2000"><rect width="360" height="2000" fill="blue"/></svg>"#;
        let bytes = png(svg).expect("drawn");
        let p = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG");
        assert!(
            p.height() <= crate::output::png::MAX_WIDTH,
            "{}",
            p.height()
        );
        assert!(p.width() < PNG_WIDTH && p.width() >= 700, "{}", p.width());
    }
}
