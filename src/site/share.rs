//! Previews of a shared link: each page's Open Graph and Twitter card fields
//! ([`ShareView`]), the site card drawn as PNG for pages without a chart of their own,
//! and the one warning a build gives when `base_url` is a path.
//!
//! Open Graph wants absolute URLs (`og:url`, `og:image`): the app that draws the preview
//! fetches them from its own servers. A portal built with a path-only base (`/`, as
//! the shipped `site.toml` has and `--base-url` overrides when deploying) cannot name
//! them, so those tags and the canonical link are left out rather than written wrong,
//! and no card is drawn: no page could point to it.

use super::PageSpec;
use super::views::share::{ShareImageView, ShareView};
use crate::chart::{FONT_FAMILY, wrap_text};
use crate::common::diagnostic::{Diagnostic, Rule, Severity};
use crate::common::escape::xml_escape;
use crate::load::config::SiteConfig;
use crate::load::i18n::Strings;
use crate::output::content::DataFile;
use crate::paths as url;

/// The site card's size: the 1.91:1 that Facebook, Zalo, LinkedIn and X crop to.
pub const CARD_SIZE: (u32, u32) = (1200, 630);
const CARD_PAD: i32 = 80;
const CARD_BG: &str = "#0b3d6e";
const CARD_INK: &str = "#ffffff";
const CARD_MUTED: &str = "#c9dcef";
const CARD_RULE: &str = "#5ea3e6";

/// What every page's preview shares: the site's settings, read once.
#[derive(Debug, Clone, Default)]
pub struct Share {
    /// The absolute `http(s)` base, if `base_url` is one.
    base: Option<String>,
    site_title: String,
    site_description: String,
}

impl Share {
    /// The sharing settings of a site.
    pub fn new(config: &SiteConfig) -> Share {
        Share {
            base: url::absolute_web_base(&config.base_url),
            site_title: config.title.clone(),
            site_description: config.description.clone(),
        }
    }

    /// The preview fields of `page`, a page in the language `lang`.
    pub fn view(&self, page: &PageSpec, lang: &str) -> ShareView {
        let absolute = |path: &str| self.base.as_ref().map(|b| format!("{b}{path}"));
        let image = match &page.share_image {
            Some(chart) => absolute(chart).map(|url| ShareImageView {
                url,
                width: None,
                height: None,
                card: false,
            }),
            None => absolute(url::SHARE_CARD).map(|url| ShareImageView {
                url,
                width: Some(CARD_SIZE.0),
                height: Some(CARD_SIZE.1),
                card: true,
            }),
        };
        ShareView {
            title: if page.path.is_empty() {
                self.site_title.clone()
            } else {
                page.title.clone()
            },
            description: page
                .summary
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| self.site_description.clone()),
            url: (page.path != url::NOT_FOUND)
                .then(|| absolute(&page.path))
                .flatten(),
            kind: match page.template {
                "page.html" | "report.html" => "article",
                _ => "website",
            },
            locale: og_locale(lang),
            image,
        }
    }
}

/// `og:locale` of a language tag: `vi` → `vi_VN`, `en` → `en_US`, `pt-BR` → `pt_BR`.
pub fn og_locale(lang: &str) -> String {
    match lang {
        "vi" => "vi_VN".into(),
        "en" => "en_US".into(),
        other => other.replace('-', "_"),
    }
}

/// The warning of a build whose `base_url` is not an absolute web address: said once per
/// build, not once per page.
pub fn base_url_warning(config: &SiteConfig) -> Option<Diagnostic> {
    if url::absolute_web_base(&config.base_url).is_some() {
        return None;
    }
    Some(Diagnostic::whole_file(
        Rule::ShareBaseUrl,
        Severity::Warning,
        "site.toml".into(),
        format!(
            "base_url `{}` is not an absolute web address: link previews get no og:url, og:image or canonical link",
            config.base_url
        ),
        Some("base_url = \"https://host/path/\" in site.toml, or build with --base-url https://host/path/".into()),
    ))
}

/// The site card, `anh-chia-se.png`, when there is an absolute base for pages to point to it.
pub(crate) fn card<'a>(config: &SiteConfig, strings: &Strings) -> Option<DataFile<'a>> {
    url::absolute_web_base(&config.base_url)?;
    let synthetic = config
        .synthetic
        .then(|| strings.get("synthetic").unwrap_or("SYNTHETIC").to_string());
    let svg = card_svg(&config.title, &config.publisher, synthetic.as_deref());
    Some(DataFile {
        path: url::SHARE_CARD.into(),
        content: crate::output::png::png_file(svg, CARD_SIZE.0),
    })
}

/// A line of text on the card, its top at `y`.
fn card_text(text: &str, y: i32, px: i32, fill: &str) -> String {
    format!(
        "<text x=\"{CARD_PAD}\" y=\"{y}\" dy=\"0.76em\" font-family=\"{FONT_FAMILY}\" font-size=\"{px}\" fill=\"{fill}\">{}</text>",
        xml_escape(text)
    )
}

/// `text` in as many lines as `width` needs, of even lengths (as CSS `text-wrap: balance`):
/// the narrowest width giving no more lines, so that no word is left alone on the last one.
fn balanced(text: &str, px: i32, width: i32) -> Vec<String> {
    let lines = wrap_text(text, f64::from(px), width);
    (width / 2..width)
        .step_by(16)
        .map(|w| wrap_text(text, f64::from(px), w))
        .find(|l| l.len() == lines.len())
        .unwrap_or(lines)
}

/// The card as SVG: the portal's name (its publisher) above, the site's title large, on the
/// theme's blue; a SYNTHETIC site's card says so across the top, as its pages do.
fn card_svg(title: &str, publisher: &str, synthetic: Option<&str>) -> String {
    let (w, h) = (CARD_SIZE.0 as i32, CARD_SIZE.1 as i32);
    let width = w - 2 * CARD_PAD;
    let mut body = String::new();
    let mut top = CARD_PAD;
    if let Some(note) = synthetic {
        body.push_str(&format!(
            "<rect width=\"{w}\" height=\"64\" fill=\"#ffdd00\"/>"
        ));
        body.push_str(&card_text(note, 18, 26, "#0b0c0c"));
        top += 40;
    }
    if !publisher.trim().is_empty() {
        for (i, line) in wrap_text(publisher, 34.0, width).iter().take(2).enumerate() {
            body.push_str(&card_text(line, top + 44 * i as i32, 34, CARD_MUTED));
        }
    }
    // The largest size at which the title fits in four lines.
    let (px, lines) = [72, 64, 56, 48, 40]
        .iter()
        .map(|&px| (px, balanced(title, px, width)))
        .find(|(_, lines)| lines.len() <= 4)
        .unwrap_or_else(|| (40, balanced(title, 40, width)));
    let line_height = px * 5 / 4;
    let block = line_height * lines.len() as i32;
    let title_top = ((h - block) / 2).max(top + 90);
    for (i, line) in lines.iter().enumerate() {
        body.push_str(&card_text(
            line,
            title_top + line_height * i as i32,
            px,
            CARD_INK,
        ));
    }
    body.push_str(&format!(
        "<rect x=\"{CARD_PAD}\" y=\"{}\" width=\"160\" height=\"8\" fill=\"{CARD_RULE}\"/>",
        h - CARD_PAD
    ));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\"><rect width=\"{w}\" height=\"{h}\" fill=\"{CARD_BG}\"/>{body}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_language_and_territory() {
        assert_eq!(og_locale("vi"), "vi_VN");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
    }

    #[test]
    fn the_card_carries_the_title_and_publisher_escaped() {
        let svg = card_svg("Minh bạch Đề án 06 — Thanh Hóa", "Cổng <thông tin>", None);
        assert!(svg.contains("Minh bạch"), "{svg}");
        assert!(svg.contains("Cổng &lt;thông tin&gt;"), "{svg}");
        assert!(!svg.contains("#ffdd00"));
        let synthetic = card_svg("T", "", Some("SYNTHETIC"));
        assert!(synthetic.contains(">SYNTHETIC</text>"), "{synthetic}");
    }

    #[test]
    fn a_title_is_balanced_over_its_lines() {
        // At full width: "Minh bạch Đề án 06 — Thanh" and "Hóa" alone.
        let lines = balanced("Minh bạch Đề án 06 — Thanh Hóa", 72, 1040);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].split_whitespace().count() >= 2, "{lines:?}");
        assert_eq!(balanced("Đề án 06", 72, 1040), ["Đề án 06"]);
    }

    #[test]
    fn a_long_title_is_wrapped_and_made_smaller_to_fit() {
        let long = "Cổng thông tin minh bạch về tiến độ triển khai Đề án 06 phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử trên địa bàn tỉnh Thanh Hóa";
        let svg = card_svg(long, "", None);
        let lines = svg.matches("fill=\"#ffffff\"").count();
        assert!((2..=4).contains(&lines), "{lines}: {svg}");
        assert!(!svg.contains("font-size=\"72\""), "{svg}");
        let png = crate::output::png::svg_to_png(&svg, CARD_SIZE.0).unwrap();
        let p = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((p.width(), p.height()), CARD_SIZE);
    }

    #[test]
    fn a_chart_image_is_absolute_and_the_card_stands_in_for_none() {
        let config = SiteConfig {
            base_url: "https://example.org/de-an-06".into(),
            description: "Trang".into(),
            ..SiteConfig::default()
        };
        let share = Share::new(&config);
        let mut page = PageSpec::new(
            "chi-so/x/",
            "indicator.html",
            "Chỉ số X",
            super::super::Context::Ready(serde_json::Value::Null),
        );
        let card = share.view(&page, "vi").image.unwrap();
        assert_eq!(card.url, "https://example.org/de-an-06/anh-chia-se.png");
        assert!(card.card && card.width == Some(1200) && card.height == Some(630));
        page.share_image = Some("du-lieu/bieu-do/x.png".into());
        page.summary = Some("  ".into());
        let view = share.view(&page, "vi");
        let chart = view.image.unwrap();
        assert_eq!(
            chart.url,
            "https://example.org/de-an-06/du-lieu/bieu-do/x.png"
        );
        assert!(!chart.card && chart.width.is_none());
        assert_eq!(view.description, "Trang", "a blank summary is no summary");
        assert_eq!(
            view.url.as_deref(),
            Some("https://example.org/de-an-06/chi-so/x/")
        );
        assert_eq!((view.kind, view.locale.as_str()), ("website", "vi_VN"));
        let path_only = Share::new(&SiteConfig::default()).view(&page, "vi");
        assert!(path_only.url.is_none() && path_only.image.is_none());
    }

    #[test]
    fn only_an_absolute_base_gets_a_warning_free_build() {
        let mut config = SiteConfig::default();
        let w = base_url_warning(&config).expect("a warning for /");
        assert_eq!(w.rule, Rule::ShareBaseUrl);
        assert_eq!(w.severity, Severity::Warning);
        config.base_url = "https://example.org/de-an-06/".into();
        assert!(base_url_warning(&config).is_none());
    }
}
