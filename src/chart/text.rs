//! Text in charts: the site's font compiled in, and labels measured and wrapped with it.
//!
//! Widths are measured with the Noto Sans subset compiled into the binary, so layout needs
//! no system font, and exactly as plotters' own `box_size` measures them, so the SVG is the
//! same whichever of the two measured a label.

use plotters::prelude::*;

/// The family name the SVG asks for; the theme's CSS serves it as a web font.
pub(crate) const FAMILY: &str = "Noto Sans";
/// The site's font as TrueType; output::png draws text with it too.
pub(crate) static FONT: &[u8] = include_bytes!("fonts/NotoSans-Regular-vi.ttf");
/// Noto Sans: (ascender − descender) / units per em = (1069 + 293) / 1000.
/// ab_glyph scales by that height, plotters assumes 1.24; this corrects measured widths.
const HEIGHT_PER_EM: f64 = 1.362;
/// plotters writes `font-size = size / 1.24`.
const PLOTTERS_EM: f64 = 1.24;

/// Registers the site's font with plotters, once.
pub(super) fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; failing to parse it is a build defect, caught by every chart test.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, FONT);
    });
}

/// The site's font at `px`, as plotters sizes it.
pub(super) fn font(px: f64) -> FontDesc<'static> {
    (FAMILY, px * PLOTTERS_EM).into_font()
}

/// The site's font, parsed once: plotters' own measuring looks it up in a locked table and
/// copies it for every label (a national build measures millions of them).
fn face() -> Option<&'static ab_glyph::FontRef<'static>> {
    static FACE: std::sync::OnceLock<Option<ab_glyph::FontRef<'static>>> =
        std::sync::OnceLock::new();
    FACE.get_or_init(|| ab_glyph::FontRef::try_from_slice(FONT).ok())
        .as_ref()
}

/// Width in whole pixels of `text` at plotters' font size `size`, as plotters' `box_size`
/// measures it (the same sums in the same order, so the same widths and the same SVG).
fn advance(face: &ab_glyph::FontRef<'static>, size: f64, text: &str) -> u32 {
    use ab_glyph::{Font, ScaleFont};
    let font = face.as_scaled(size as f32);
    let mut x = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        x += font.h_advance(id);
        if let Some(p) = prev {
            x += font.kern(p, id);
        }
        prev = Some(id);
    }
    (x as i32).unsigned_abs()
}

/// Width in pixels of `text` at font size `px`.
pub(super) fn measure(text: &str, px: f64) -> i32 {
    let w = face().map_or_else(
        || text.chars().count() as f64 * px * 0.55,
        |f| f64::from(advance(f, px * PLOTTERS_EM, text)),
    );
    (w * HEIGHT_PER_EM / PLOTTERS_EM).ceil() as i32
}

/// Splits text into lines no wider than `width`.
pub(super) fn wrap(text: &str, px: f64, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && measure(&candidate, px) > width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Splits `text` into lines no wider than `width` px at font size `px`, measured with the
/// site's font: the share card (site::share) lays its title out as the charts do.
pub(crate) fn wrap_text(text: &str, px: f64, width: i32) -> Vec<String> {
    register_font();
    wrap(text, px, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_compiled_font() {
        register_font();
        // Proportional metrics: a wide letter is wider than a narrow one.
        assert!(measure("MMMMMMMMMM", 15.0) > measure("iiiiiiiiii", 15.0) * 2);
        let w = measure("Quan Hóa", 15.0);
        assert!((45..=80).contains(&w), "{w}");
    }

    #[test]
    fn measures_as_plotters_does() {
        register_font();
        let texts = [
            "",
            "AVAVA Tỷ lệ",
            "Quảng Xương",
            "T9/2024",
            "Đề án 06: 1.234.567 (92,5 %)",
            "Khoảng giá trị văn bản nêu (từ … đến …)",
            "漢字 ☃",
        ];
        for text in texts {
            for px in [14.0, 16.0, 15.0] {
                let size = px * PLOTTERS_EM;
                let (w, _) = font(px).box_size(text).unwrap();
                assert_eq!(advance(face().unwrap(), size, text), w, "{text} at {px}");
            }
        }
    }

    #[test]
    fn wraps_long_labels() {
        register_font();
        let lines = wrap(
            "Thu tiền nộp phạt xử lý vi phạm hành chính trong lĩnh vực giao thông đường bộ qua thiết bị ghi hình",
            14.0,
            300,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| measure(l, 14.0) <= 300), "{lines:?}");
    }
}
