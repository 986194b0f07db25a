//! Minification of rendered pages and style sheets, keeping a page's Markdown and a theme's
//! compact parts as they were made.

use std::borrow::Cow;

/// The minifier settings of every page.
pub fn minify_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        ..minify_html::Cfg::new()
    }
}

/// Where a part of a page kept as made goes until the page is minified (as a chart's SVG slot).
const KEPT_SLOT: &str = "<minhbach-content></minhbach-content>";

/// Marks a part of a template that the theme writes compact: it is not
/// minified, and the marks are taken out (see the README's "Themes").
const COMPACT_OPEN: &str = "<minhbach-compact>";
const COMPACT_CLOSE: &str = "</minhbach-compact>";

/// Minifies a rendered page, except where it shows `content` (its Markdown) as
/// it came and the parts its template marks compact ([`COMPACT_OPEN`]).
///
/// pulldown-cmark's HTML is within about 1 % of minified, and minifying it
/// cost seven times as much as making it. A locality page's table of
/// readings, month by month, is two thirds of its HTML; written compact by
/// its template, minifying it saved little and was a fifth of a national
/// build. A page that shows its content otherwise (filtered, in a comment)
/// is minified whole; so is one whose marks the minifier would move or drop.
pub(super) fn minify_except(html: &[u8], content: Option<&str>, cfg: &minify_html::Cfg) -> Vec<u8> {
    let whole = || minify_html::minify(&without_compact_marks(html), cfg);
    let Some(mut kept) = compact_parts(html) else {
        return whole();
    };
    if let Some(content) = content.filter(|c| c.len() > KEPT_SLOT.len()) {
        let content = content.as_bytes();
        // Found by its first bytes, then compared whole: a searcher for the whole
        // content costs more to build than the search.
        let head = memchr::memmem::Finder::new(&content[..content.len().min(64)]);
        let mut at = 0;
        let mut found = Vec::new();
        while let Some(i) = html.get(at..).and_then(|h| head.find(h)) {
            let start = at + i;
            let end = start + content.len();
            // Inside a compact part, it is kept with that part.
            let free = !kept.iter().any(|c| c.start < end && start < c.end);
            if free && html[start..].starts_with(content) {
                found.push(Kept {
                    start,
                    end,
                    bytes: Cow::Borrowed(content),
                });
                at = end;
            } else {
                at = start + 1;
            }
        }
        kept.extend(found);
        kept.sort_by_key(|k| k.start);
    }
    if kept.is_empty() {
        return whole();
    }
    let slot = KEPT_SLOT.as_bytes();
    let mut sliced = Vec::with_capacity(html.len());
    let mut from = 0;
    for k in &kept {
        sliced.extend_from_slice(&html[from..k.start]);
        sliced.extend_from_slice(slot);
        from = k.end;
    }
    sliced.extend_from_slice(&html[from..]);
    let min = minify_html::minify(&sliced, cfg);
    let slots: Vec<usize> = memchr::memmem::find_iter(&min, slot).collect();
    if slots.len() != kept.len() {
        return whole();
    }
    let mut out = Vec::with_capacity(min.len() + kept.iter().map(|k| k.bytes.len()).sum::<usize>());
    let mut from = 0;
    for (i, k) in slots.iter().zip(&kept) {
        out.extend_from_slice(&min[from..*i]);
        out.extend_from_slice(&k.bytes);
        from = i + slot.len();
    }
    out.extend_from_slice(&min[from..]);
    out
}

/// A part of a rendered page kept as made: where it is, and what goes back in its place.
struct Kept<'a> {
    start: usize,
    end: usize,
    bytes: Cow<'a, [u8]>,
}

/// The parts of `html` marked compact, in order, each without its marks; `None`
/// if a mark is unpaired (the page is then minified whole).
fn compact_parts(html: &[u8]) -> Option<Vec<Kept<'_>>> {
    let (open, close) = (COMPACT_OPEN.as_bytes(), COMPACT_CLOSE.as_bytes());
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&html[at..], open) {
        let start = at + i;
        let inner = start + open.len();
        let j = memchr::memmem::find(&html[inner..], close)? + inner;
        // A part marked inside another is part of it.
        let bytes = without_compact_marks(&html[inner..j]);
        at = j + close.len();
        parts.push(Kept {
            start,
            end: at,
            bytes,
        });
    }
    let stray = memchr::memmem::find(&html[at..], close).is_some();
    (!stray).then_some(parts)
}

/// `html` without the marks of compact parts.
fn without_compact_marks(html: &[u8]) -> Cow<'_, [u8]> {
    let (open, close) = (COMPACT_OPEN.as_bytes(), COMPACT_CLOSE.as_bytes());
    if memchr::memmem::find(html, b"minhbach-compact>").is_none() {
        return Cow::Borrowed(html);
    }
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = memchr::memchr(b'<', rest) {
        out.extend_from_slice(&rest[..i]);
        let tail = &rest[i..];
        match [open, close].into_iter().find(|m| tail.starts_with(m)) {
            Some(mark) => rest = &tail[mark.len()..],
            None => {
                out.push(b'<');
                rest = &tail[1..];
            }
        }
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

/// A style sheet minified as the pages' `<style>` would be.
pub(super) fn minify_css(bytes: &[u8]) -> Vec<u8> {
    // minify-html minifies CSS inside <style>; wrapping a stylesheet reuses that without another crate.
    let mut wrapped = b"<style>".to_vec();
    wrapped.extend_from_slice(bytes);
    wrapped.extend_from_slice(b"</style>");
    let min = minify_html::minify(&wrapped, &minify_cfg());
    let s = String::from_utf8_lossy(&min);
    match s
        .strip_prefix("<style>")
        .and_then(|x| x.strip_suffix("</style>"))
    {
        Some(css) => css.as_bytes().to_vec(),
        None => bytes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_parts_are_kept_as_written_without_their_marks() {
        let cfg = minify_cfg();
        let minified =
            |html: &str| String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap();
        let out = |html: &str, content: Option<&str>| {
            String::from_utf8(minify_except(html.as_bytes(), content, &cfg)).unwrap()
        };
        // Kept byte for byte (quotes the minifier would take off stay), the rest minified.
        let rows = "<tr><td class=\"num\" title=\"a b\">1</td></tr>\n<tr><td class=num>2</td></tr>";
        let page = format!(
            "<main class=\"a\">\n  <table><tbody><minhbach-compact>{rows}</minhbach-compact></tbody></table>\n  <p class=\"b\">x</p>\n</main>"
        );
        let got = out(&page, None);
        assert!(got.contains(&format!("<tbody>{rows}</tbody>")), "{got}");
        assert!(
            got.starts_with("<main class=a><table>") && got.ends_with("<p class=b>x</p></main>"),
            "{got}"
        );
        assert!(!got.contains("minhbach-"), "{got}");
        // Two parts, and Markdown content beside them and inside one (kept once, with its part).
        let content = "<p>Một đoạn văn bản đủ dài của trang, như pulldown-cmark viết.</p>\n";
        let page = format!(
            "<div>\n {content}</div><ul><minhbach-compact><li>a</li></minhbach-compact></ul><ol><minhbach-compact><li>{content}</li></minhbach-compact></ol>"
        );
        let got = out(&page, Some(content));
        assert_eq!(
            got,
            format!("<div>{content}</div><ul><li>a</li></ul><ol><li>{content}</li></ol>")
        );
        // A part marked inside another is part of it; its marks go too.
        let got = out(
            "<ul><minhbach-compact><li>a</li><minhbach-compact><li>b</li></minhbach-compact></ul>",
            None,
        );
        assert_eq!(got, "<ul><li>a</li><li>b</li></ul>");
        // An unpaired mark: the page minified whole, without marks.
        let plain = "<p class=\"x\">a</p>\n<p class=\"y\">b</p>";
        for page in [
            "<p class=\"x\">a</p>\n<minhbach-compact><p class=\"y\">b</p>",
            "<p class=\"x\">a</p>\n<p class=\"y\">b</p></minhbach-compact>",
        ] {
            assert_eq!(out(page, None), minified(plain), "{page}");
        }
    }

    #[test]
    fn a_pages_markdown_is_kept_as_made_and_the_rest_minified() {
        let content = "<h2 id=\"muc\">Mục</h2>\n<p>Một đoạn văn bản đủ dài để được giữ nguyên, <em>như</em> pulldown-cmark viết.</p>\n";
        let cfg = minify_cfg();
        let minified =
            |html: &str| String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap();
        let kept = |html: &str| {
            String::from_utf8(minify_except(html.as_bytes(), Some(content), &cfg)).unwrap()
        };
        // Shown as it is (`| safe`), once or twice: the content verbatim, the page around it minified.
        let page = format!("<main class=\"a\">\n  <h1>T</h1>\n  {content}\n</main>");
        let out = kept(&page);
        assert!(out.contains(content), "{out}");
        assert_eq!(
            out.replace(content, KEPT_SLOT),
            minified(&page.replace(content, KEPT_SLOT))
        );
        assert!(out.starts_with("<main class=a><h1>T</h1>"), "{out}");
        let twice = format!("<div>{content}</div>  <aside>{content}</aside>");
        assert_eq!(kept(&twice).matches(content).count(), 2);
        // Shown otherwise (filtered, or in a comment the minifier drops): the page minified whole.
        for page in [
            "<main>\n  <p>Mục: một đoạn</p>\n</main>".to_string(),
            format!("<main><!-- {content} --></main>"),
        ] {
            assert_eq!(kept(&page), minified(&page), "{page}");
        }
        // A page without Markdown is minified whole.
        let page = "<main>\n  <p>x</p>\n</main>";
        assert_eq!(
            String::from_utf8(minify_except(page.as_bytes(), None, &cfg)).unwrap(),
            minified(page)
        );
    }
}
