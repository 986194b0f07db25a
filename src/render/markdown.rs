//! Markdown to HTML as the site shows it, and the sanitiser for the raw HTML a site may allow.

use crate::load::config::RawHtml;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// Markdown to HTML: tables, footnotes, heading anchors; raw HTML is shown as text, and only safe link schemes are kept.
/// Site-relative links (`/mo-hinh/1/`) are put under `base`, so content works from a sub-path too.
pub fn markdown(text: &str, base: &str) -> String {
    markdown_with(text, base, RawHtml::Escape)
}

/// Like [`markdown`], with raw HTML escaped or kept through [`sanitize`] as `raw_html` says.
pub fn markdown_with(text: &str, base: &str, raw_html: RawHtml) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events = SiteEvents {
        parser: Parser::new_ext(text, opts),
        base,
        raw_html,
        used_ids: BTreeMap::new(),
        pending: std::collections::VecDeque::new(),
    };
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    match raw_html {
        RawHtml::Escape => html,
        // The whole fragment is cleaned, not each raw piece: pieces of raw HTML
        // split across Markdown events could otherwise join into a tag.
        RawHtml::Sanitize => sanitize(&html),
    }
}

/// The Markdown events as the site renders them, streamed from the parser:
/// headings one level down with an anchor, raw HTML escaped (or left to the
/// sanitiser), unsafe link and image URLs dropped, site-relative links under the base path.
struct SiteEvents<'a> {
    parser: Parser<'a>,
    base: &'a str,
    raw_html: RawHtml,
    /// Anchors given so far, with how many headings asked for each.
    used_ids: BTreeMap<String, usize>,
    /// Events of a heading already read, still to give out.
    pending: std::collections::VecDeque<Event<'a>>,
}

impl<'a> Iterator for SiteEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        match self.parser.next()? {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Some(self.heading(level, id, classes, attrs)),
            e => Some(self.rewrite(e)),
        }
    }
}

impl<'a> SiteEvents<'a> {
    /// Reads a whole heading: its text gives its anchor, unless the author set one.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Event<'a> {
        let mut title = String::new();
        let mut inside = Vec::new();
        for e in self.parser.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &e {
                title.push_str(t);
            }
            inside.push(e);
        }
        let base = id.as_ref().map_or_else(
            || crate::common::text::slugify(&title),
            |s| crate::common::text::slugify(s),
        );
        let base = if base.is_empty() {
            "muc".to_string()
        } else {
            base
        };
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let anchor = if *n == 1 { base } else { format!("{base}-{n}") };
        // A page has one h1 (its title): Markdown headings start at h2.
        let level = if level == HeadingLevel::H1 {
            HeadingLevel::H2
        } else {
            level
        };
        // What a heading holds is rewritten like the rest: its links and raw HTML too.
        for e in inside {
            let e = self.rewrite(e);
            self.pending.push_back(e);
        }
        self.pending.push_back(Event::Html(CowStr::from(format!(
            "<a class=\"anchor\" href=\"#{anchor}\" aria-label=\"Liên kết tới mục này\">#</a>"
        ))));
        self.pending.push_back(Event::End(TagEnd::Heading(level)));
        Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(anchor)),
            classes,
            attrs,
        })
    }

    /// One event outside a heading's own start and end.
    fn rewrite(&self, e: Event<'a>) -> Event<'a> {
        match e {
            Event::Html(h) | Event::InlineHtml(h) if self.raw_html == RawHtml::Escape => {
                Event::Text(h)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if !safe_url(&dest_url) {
                    CowStr::from("#")
                } else if let Some(rest) =
                    dest_url.strip_prefix('/').filter(|r| !r.starts_with('/'))
                {
                    CowStr::from(format!("{}{rest}", self.base))
                } else {
                    dest_url
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) => Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url: if safe_url(&dest_url) {
                    dest_url
                } else {
                    CowStr::from("")
                },
                title,
                id,
            }),
            e => e,
        }
    }
}

/// Cleans an HTML fragment to a safe allow-list: ammonia's defaults (text
/// formatting, lists, tables, links, images) plus what our Markdown emits
/// (heading ids, anchor links, footnotes, table alignment), URLs limited to
/// http(s), mailto and relative ones. Scripts, styles, event handlers, forms,
/// frames and SVG are removed.
pub fn sanitize(html: &str) -> String {
    use std::collections::{HashMap, HashSet};
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("div", ["id"])
        // A section an author writes open (`<details open>`) stays open.
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .allowed_classes(HashMap::from([
            ("a", HashSet::from(["anchor"])),
            (
                "sup",
                HashSet::from(["footnote-reference", "footnote-definition-label"]),
            ),
            ("div", HashSet::from(["footnote-definition"])),
        ]))
        // Only the alignment pulldown-cmark writes on table cells survives in `style`.
        .attribute_filter(|_, attr, value| {
            if attr == "style" {
                let ok = matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                );
                return ok.then(|| value.into());
            }
            Some(value.into())
        });
    for h in ["h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.clean(html).to_string()
}

/// Links may be http(s), mailto, or relative to the site; nothing that runs code.
pub fn safe_url(url: &str) -> bool {
    let u: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match u.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::base_path;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("https://example.org/de-an-06/"), "/de-an-06/");
        assert_eq!(base_path("https://example.org/de-an-06"), "/de-an-06/");
    }

    #[test]
    fn markdown_escapes_html_and_drops_unsafe_links() {
        let html = markdown(
            "# Tiêu đề\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](/mo-hinh/1/)",
            "/de-an-06/",
        );
        assert!(html.contains("<h2 id=\"tieu-de\">"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"/de-an-06/mo-hinh/1/\""), "{html}");
    }

    #[test]
    fn sanitized_markdown_keeps_safe_html_and_drops_the_rest() {
        let md = "# Tiêu đề\n\n<p>Đoạn <strong>đậm</strong> <abbr title=\"Căn cước công dân\">CCCD</abbr></p>\n\n\
                  <script>alert(1)</script><img src=x onerror=alert(2)>\n\n\
                  <a href=\"javascript:alert(3)\">x</a> <a href=\"https://a.vn/\" onclick=\"alert(4)\">a</a>\n\n\
                  <svg onload=alert(5)><circle/></svg><iframe src=\"https://evil\"></iframe>\n\n\
                  | a | b |\n|:-:|--|\n| 1 | 2 |\n\n[y](/mo-hinh/1/)\n\n\
                  <details open><summary>Chi tiết</summary>\n\nNội dung\n\n</details>";
        let html = markdown_with(md, "/de-an-06/", RawHtml::Sanitize);
        for kept in [
            "<h2 id=\"tieu-de\">",
            "class=\"anchor\"",
            "<strong>đậm</strong>",
            "<abbr title=\"Căn cước công dân\">",
            "href=\"https://a.vn/\"",
            "href=\"/de-an-06/mo-hinh/1/\"",
            "style=\"text-align: center\"",
            "<details open=\"\"><summary>Chi tiết</summary>",
        ] {
            assert!(html.contains(kept), "{kept} missing from {html}");
        }
        for gone in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "<svg",
            "onload",
            "<iframe",
            "alert(1)",
        ] {
            assert!(!html.contains(gone), "{gone} survived in {html}");
        }
        // The same Markdown with the default setting shows every tag as text.
        let escaped = markdown(md, "/");
        assert!(escaped.contains("&lt;strong&gt;"), "{escaped}");
    }

    #[test]
    fn headings_are_rewritten_like_the_rest() {
        let html = markdown(
            "# Tiêu đề <script>alert(1)</script> [l](javascript:alert(2)) [m](/mo-hinh/1/)\n\n## Tiêu đề",
            "/de-an-06/",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"/de-an-06/mo-hinh/1/\""), "{html}");
        // Anchors still come from the heading's text alone.
        assert!(html.contains("<h2 id=\"tieu-de-alert-1-l-m\">"), "{html}");
        assert!(html.contains("<h2 id=\"tieu-de\">"), "{html}");
    }

    #[test]
    fn markdown_tables_and_footnotes() {
        let html = markdown(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nChú thích[^1].\n\n[^1]: Nguồn.",
            "/",
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("footnote"));
    }
}
