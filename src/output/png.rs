//! SVG to PNG, for the images a shared link shows and the charts' PNG downloads.
//!
//! resvg draws the SVG as the chart module writes it (plotters' `<text>` labels
//! included) with the site's own font only, compiled into the binary: no system font is
//! ever looked up, so the same SVG gives the same bytes on every machine, and a label in
//! Vietnamese is drawn with the font that laid it out.

use crate::chart::{FONT, FONT_FAMILY};
use crate::common::fingerprint::{Fp, Hasher, program_fingerprint};
use crate::output::content::{Content, Part};
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The widest PNG drawn: far above any sharing size (1200 px) and a safe allocation.
pub const MAX_WIDTH: u32 = 4096;

/// Why an SVG could not be drawn as PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PngError {
    /// The SVG does not parse (usvg's message).
    Svg(String),
    /// The requested width, or the height it gives, is zero or too large.
    Size {
        /// The width asked for, in pixels.
        width: u32,
        /// The height the SVG's aspect ratio gives at that width.
        height: u32,
    },
    /// The pixels could not be encoded as PNG.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Svg(e) => write!(f, "cannot read the SVG to draw it as PNG: {e}"),
            PngError::Size { width, height } => write!(
                f,
                "cannot draw a PNG of {width}×{height} px: expected 1 to {MAX_WIDTH} px on each side"
            ),
            PngError::Encode(e) => write!(f, "cannot encode the PNG: {e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// The site's font as the only font resvg knows, loaded once per process.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            // The bytes are 'static: fontdb keeps a reference, not a copy.
            db.load_font_source(fontdb::Source::Binary(Arc::new(FONT)));
            // Generic families (`sans-serif`, a theme's `system-ui` fallback) resolve to it too.
            db.set_sans_serif_family(FONT_FAMILY);
            db.set_serif_family(FONT_FAMILY);
            db.set_monospace_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// How usvg reads our SVGs: the site's font, and no file or image looked up outside the SVG.
fn options() -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    // An `<image href>` could read any file of the machine building the site; ours have none.
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    opt
}

/// Draws `svg` as a PNG `width_px` wide (height from its `viewBox`), on white.
///
/// White, not transparent: a preview is shown on the sharing app's own background, often dark.
pub fn svg_to_png(svg: &str, width_px: u32) -> Result<Vec<u8>, PngError> {
    encode(&pixmap(svg, width_px)?).map_err(|e| PngError::Encode(e.to_string()))
}

/// The pixels of `svg` drawn `width_px` wide on white (see [`svg_to_png`]).
fn pixmap(svg: &str, width_px: u32) -> Result<Pixmap, PngError> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height = (size.height() * scale).round() as u32;
    let too_big = |n: u32| n == 0 || n > MAX_WIDTH;
    if too_big(width_px) || too_big(height) {
        return Err(PngError::Size {
            width: width_px,
            height,
        });
    }
    let mut pixmap = Pixmap::new(width_px, height).ok_or(PngError::Size {
        width: width_px,
        height,
    })?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// How the chart PNGs are compressed (measured on a national portal's 822 chart PNGs: see
/// the commit that chose them).
const DEFLATE: png::DeflateCompression = png::DeflateCompression::Level(3);
/// How each row is filtered before compressing.
const FILTER: png::Filter = png::Filter::Sub;

/// `pixmap` as PNG. Drawn on white, every pixel is opaque, so it is written as RGB: the
/// same pixels decoded, a quarter less to filter and compress, and no copy to undo
/// premultiplied alpha (tiny-skia's own `encode_png` writes RGBA from such a copy, which it
/// is left to for a pixmap with any transparency).
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgba = pixmap.data();
    if rgba.chunks_exact(4).any(|p| p[3] != u8::MAX) {
        return pixmap.encode_png();
    }
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(DEFLATE);
    encoder.set_filter(FILTER);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// A PNG file of `svg` drawn `width_px` wide when the file is written, and only then: its
/// fingerprint is that of the SVG and the program (the renderer and the font are in it), so an
/// incremental build keeps the last one without drawing while the SVG is unchanged.
pub fn png_file<'a>(svg: String, width_px: u32) -> Content<'a> {
    let inputs: Fp = Hasher::new()
        .add(program_fingerprint().as_bytes())
        .add(&width_px.to_le_bytes())
        .add(svg.as_bytes())
        .finish();
    let svg = std::sync::Arc::new(svg);
    Content::parted(inputs, move || {
        let svg = svg.clone();
        vec![Part::fresh(move |w| {
            w.extend_from_slice(&svg_to_png(&svg, width_px).map_err(std::io::Error::other)?);
            Ok(())
        })]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSpec, Kind, Point, PointKind, Series};
    use resvg::tiny_skia::Pixmap;

    fn decode(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).expect("a PNG that decodes")
    }

    /// Pixels that are not white: ink drawn.
    fn ink(p: &Pixmap) -> usize {
        p.pixels()
            .iter()
            .filter(|c| (c.red(), c.green(), c.blue()) != (255, 255, 255))
            .count()
    }

    fn text_svg(family: &str, text: &str) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 40"><text x="10" y="10" dy="0.76em" font-family="{family}" font-size="20" fill="#0B0C0C">{text}</text></svg>"##
        )
    }

    #[test]
    fn draws_at_the_width_asked_with_the_svgs_aspect_ratio() {
        let png = svg_to_png(&text_svg("Noto Sans", "Thanh Hóa"), 600).unwrap();
        let p = decode(&png);
        assert_eq!((p.width(), p.height()), (600, 80));
        assert!(ink(&p) > 200, "the text is drawn");
    }

    #[test]
    fn vietnamese_marks_are_drawn_with_the_sites_font() {
        let plain = decode(&svg_to_png(&text_svg("Noto Sans", "De an 06 Thanh Hoa"), 300).unwrap());
        let marked =
            decode(&svg_to_png(&text_svg("Noto Sans", "Đề án 06 Thanh Hóa"), 300).unwrap());
        // The diacritics (and the bar of Đ) are extra ink; a missing glyph would be a box
        // or nothing, and a missing font no ink at all.
        assert!(ink(&plain) > 200);
        assert!(
            ink(&marked) > ink(&plain) + 20,
            "{} vs {}",
            ink(&marked),
            ink(&plain)
        );
    }

    #[test]
    fn generic_and_unknown_families_fall_back_to_the_sites_font() {
        let named = svg_to_png(&text_svg("Noto Sans", "Quảng Xương"), 300).unwrap();
        for family in ["sans-serif", "Arial", "system-ui, sans-serif"] {
            let other = svg_to_png(&text_svg(family, "Quảng Xương"), 300).unwrap();
            assert_eq!(other, named, "{family} is drawn with Noto Sans");
        }
    }

    #[test]
    fn draws_a_chart_as_the_chart_module_writes_it() {
        let point = |v: f64, text: &str| Point {
            kind: PointKind::Reported,
            value: Some(v),
            upper: None,
            text: text.to_string(),
        };
        let spec = ChartSpec {
            kind: Kind::Ranking,
            title: "Tỷ lệ cấp căn cước".to_string(),
            description: "Xếp hạng các huyện".to_string(),
            percent: true,
            categories: vec!["Quan Hóa".to_string(), "Mường Lát".to_string()],
            series: vec![Series {
                name: "Tỷ lệ".to_string(),
                points: vec![point(92.5, "92,5 %"), point(81.0, "81 %")],
            }],
            ..ChartSpec::default()
        };
        let svg = crate::chart::draw(&spec).unwrap();
        let p = decode(&svg_to_png(&svg, 720).unwrap());
        assert_eq!(p.width(), 720);
        assert!(p.height() > 40, "{}", p.height());
        assert!(ink(&p) > 1000);
    }

    #[test]
    fn encodes_the_pixels_tiny_skia_encodes() {
        let svg = text_svg("Noto Sans", "Đề án 06 <Thanh Hóa>").replace("<T", "&lt;T");
        let drawn = pixmap(&svg, 600).unwrap();
        let ours = decode(&encode(&drawn).unwrap());
        let theirs = decode(&drawn.encode_png().unwrap());
        assert!(ink(&ours) > 200);
        assert_eq!(
            (ours.width(), ours.height()),
            (theirs.width(), theirs.height())
        );
        assert!(ours.pixels() == theirs.pixels(), "the same pixels");
        // With transparency, tiny-skia's own encoding (RGBA) is kept.
        let clear = Pixmap::new(4, 4).unwrap();
        assert_eq!(encode(&clear).unwrap(), clear.encode_png().unwrap());
    }

    #[test]
    fn same_svg_same_bytes() {
        let svg = text_svg("Noto Sans", "Nông Cống");
        assert_eq!(
            svg_to_png(&svg, 300).unwrap(),
            svg_to_png(&svg, 300).unwrap()
        );
    }

    #[test]
    fn refuses_bad_svg_and_sizes_with_an_error() {
        assert!(matches!(svg_to_png("<svg", 100), Err(PngError::Svg(_))));
        let svg = text_svg("Noto Sans", "x");
        assert!(matches!(svg_to_png(&svg, 0), Err(PngError::Size { .. })));
        assert!(matches!(
            svg_to_png(&svg, MAX_WIDTH + 1),
            Err(PngError::Size { .. })
        ));
    }
}
