//! Stage 4, **render**: fill the theme's templates with the page graph,
//! turn Markdown into HTML, and minify. Produces bytes in memory; writing
//! them is [`crate::write`]'s job.

use crate::assemble::{Context, PageSpec, Prepared, Site};
use crate::config::RawHtml;
use crate::diagnostic::{Diagnostics, Severity};
use crate::incremental::{Fp, Hasher};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A rendered file: path under the output root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// The theme in use, with the site's own overrides layered on top.
pub struct Theme {
    tera: tera::Tera,
    statics: BTreeMap<String, PathBuf>,
    strings: Json,
    /// Fingerprint of the templates and UI strings: part of every page's fingerprint.
    pub fingerprint: Fp,
}

/// Files of a folder, relative `/`-separated names → paths, sorted.
fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((crate::diagnostic::display_path(rel), e.path().to_path_buf()))
        })
        .collect()
}

impl Theme {
    /// Loads `themes/<name>/` under the site root; the site's `templates/`, `static/` and `i18n/` override it file by file.
    pub fn load(root: &Path, name: &str, lang: &str, diags: &mut Diagnostics) -> Option<Theme> {
        let theme_dir = root.join("themes").join(name);
        if !theme_dir.is_dir() {
            diags.file_error(
                Path::new("site.toml"),
                format!("theme `{name}` not found"),
                Some(format!("a folder themes/{name}/")),
            );
            return None;
        }
        let mut templates = files_under(&theme_dir.join("templates"));
        templates.extend(files_under(&root.join("templates")));
        let mut statics = files_under(&theme_dir.join("static"));
        statics.extend(files_under(&root.join("static")));
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        // Anchors in templates use the same slugs as the rest of the site (đ → d).
        tera.register_filter(
            "slugify",
            |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
                let s = match v {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Ok(tera::Value::String(crate::text::slugify(&s)))
            },
        );
        let mut raw = Vec::new();
        let mut fp = Hasher::new();
        for (name, path) in &templates {
            match std::fs::read_to_string(path) {
                Ok(t) => {
                    fp.add(name.as_bytes()).add(t.as_bytes());
                    raw.push((name.clone(), t))
                }
                Err(e) => diags.file_error(path, format!("cannot read template: {e}"), None),
            }
        }
        if let Err(e) = tera.add_raw_templates(raw) {
            diags.file_error(
                &theme_dir,
                format!("template error: {}", error_chain(&e)),
                None,
            );
            return None;
        }
        let strings_path = [
            root.join("i18n").join(format!("{lang}.toml")),
            theme_dir.join("i18n").join(format!("{lang}.toml")),
        ]
        .into_iter()
        .find(|p| p.is_file());
        let strings = match strings_path.map(|p| (std::fs::read_to_string(&p), p)) {
            Some((Ok(text), p)) => match toml::from_str::<toml::Table>(&text) {
                Ok(t) => serde_json::to_value(t).unwrap_or(Json::Null),
                Err(e) => {
                    diags.file_error(&p, format!("translation table: {}", e.message()), None);
                    return None;
                }
            },
            _ => Json::Object(Default::default()),
        };
        fp.add(strings.to_string().as_bytes());
        Some(Theme {
            tera,
            statics,
            strings,
            fingerprint: fp.finish(),
        })
    }
}

/// Tera's HTML escaping but for `/`, copying the runs between special
/// characters at once instead of pushing one `char` at a time (tera escapes a
/// whole page's content just to test `{% if content %}`).
///
/// `/` needs no escape in text or in a quoted attribute, and a part of a page
/// that is not minified ([`COMPACT_OPEN`]) would show `&#x2F;` for every one.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        // The special characters are ASCII: `i` is a character boundary.
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// The path part of the base URL, always starting and ending with `/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    let trimmed = after_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

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
        let base = id
            .as_ref()
            .map_or_else(|| crate::text::slugify(&title), |s| crate::text::slugify(s));
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

/// The minifier settings of every page.
pub fn minify_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        ..minify_html::Cfg::new()
    }
}

/// What every page of a build shares, prepared once: the globals and UI strings
/// already in a template context, the base path, the minifier and the drawn charts.
pub struct PageRenderer<'a> {
    site: &'a Site<'a>,
    theme: &'a Theme,
    drawn: &'a Drawn,
    base: String,
    cfg: minify_html::Cfg,
    raw_html: RawHtml,
    shared: tera::Context,
    /// Copies of `shared` lent to pages one at a time and given back as they
    /// were (about one per core): a page does not copy the globals and UI strings.
    spare: std::sync::Mutex<Vec<tera::Context>>,
}

/// Where a chart's SVG goes in a page until the page is minified: an element
/// that no data string can produce (text is escaped) and that the minifier keeps.
const SVG_OPEN: &str = "<minhbach-svg>";
const SVG_CLOSE: &str = "</minhbach-svg>";

impl<'a> PageRenderer<'a> {
    /// Prepares the rendering of `site`'s pages with `theme` and the charts in `drawn`.
    pub fn new(site: &'a Site<'a>, theme: &'a Theme, drawn: &'a Drawn) -> PageRenderer<'a> {
        let base = base_path(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
        let mut shared = tera::Context::new();
        if let Json::Object(g) = &site.globals {
            for (k, v) in g {
                shared.insert(k, v);
            }
        }
        shared.insert("t", &theme.strings);
        shared.insert("base", &base);
        let raw_html = serde_json::from_value(site.globals["site"]["markdown"]["raw_html"].clone())
            .unwrap_or_default();
        PageRenderer {
            site,
            theme,
            drawn,
            base,
            cfg: minify_cfg(),
            raw_html,
            shared,
            spare: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with the shared context plus the page's own keys `own` (which
    /// win over shared ones of the same name), then gives the shared context back as it was.
    fn with_context<R>(
        &self,
        own: serde_json::Map<String, Json>,
        f: impl FnOnce(&tera::Context) -> R,
    ) -> R {
        let spare = self.spare.lock().ok().and_then(|mut s| s.pop());
        let mut ctx = spare.unwrap_or_else(|| self.shared.clone());
        let keys: Vec<String> = own.keys().cloned().collect();
        // Shared values a page key hides, put back afterwards.
        let mut hidden = serde_json::Map::new();
        for k in &keys {
            if let Some(v) = ctx.remove(k) {
                hidden.insert(k.clone(), v);
            }
        }
        if let Ok(own) = tera::Context::from_value(Json::Object(own)) {
            ctx.extend(own);
        }
        let r = f(&ctx);
        for k in &keys {
            ctx.remove(k);
        }
        if !hidden.is_empty()
            && let Ok(hidden) = tera::Context::from_value(Json::Object(hidden))
        {
            ctx.extend(hidden);
        }
        if let Ok(mut s) = self.spare.lock() {
            s.push(ctx);
        }
        r
    }

    /// Renders one page with its context and own charts (see [`PageSpec::made`])
    /// to minified HTML; on failure, the file to blame (its Markdown, if any) and why.
    ///
    /// The page's own charts (those not in `drawn`) are drawn here. SVGs are put
    /// in after minifying: they come compact from [`crate::chart::draw`], and the
    /// minifier would only spend time on them.
    pub fn render(
        &self,
        page: &PageSpec,
        context: Cow<'_, Json>,
        charts: &[Prepared],
    ) -> Result<Output, (Option<String>, String)> {
        let (site, theme, base) = (self.site, self.theme, self.base.as_str());
        let mut own: Drawn = BTreeMap::new();
        for (key, (spec, _)) in charts {
            if !self.drawn.contains_key(key) && !own.contains_key(key) {
                let svg = crate::chart::draw(spec)
                    .map_err(|e| (None, format!("cannot draw chart {}: {e}", spec.title)))?;
                own.insert(key.clone(), svg);
            }
        }
        // The page's context (a copy only if it is shared), with the SVG slots put in,
        // moved into tera's context as it is (inserting key by key would copy it again).
        let mut context = context.into_owned();
        put_svg_slots(&mut context);
        let mut keys = match context {
            // The page's own `path` or `title`, if it has one, wins as before.
            Json::Object(mut o) => {
                o.entry("path")
                    .or_insert_with(|| Json::String(page.path.clone()));
                o.entry("title")
                    .or_insert_with(|| Json::String(page.title.clone()));
                o
            }
            _ => serde_json::Map::from_iter([
                ("path".into(), Json::String(page.path.clone())),
                ("title".into(), Json::String(page.title.clone())),
            ]),
        };
        let content = page.markdown.as_ref().map(|(_, md, _)| {
            fill_chart_placeholders(markdown_with(md, base, self.raw_html), site, theme, base)
        });
        keys.insert(
            "content".into(),
            content.clone().map_or(Json::Null, Json::String),
        );
        // Rendered as bytes: the minifier reads bytes, so no check of the UTF-8 is needed.
        let mut html = Vec::with_capacity(16 * 1024);
        let rendered = self.with_context(keys, |ctx| {
            theme.tera.render_to(page.template, ctx, &mut html)
        });
        match rendered {
            Ok(()) => {
                let bytes = minify_except(&html, content.as_deref(), &self.cfg);
                Ok(Output {
                    path: page_file(&page.path),
                    bytes: fill_svg_slots(bytes, |k| {
                        self.drawn.get(k).or_else(|| own.get(k)).map(String::as_str)
                    }),
                })
            }
            Err(e) => Err((
                page.markdown.as_ref().map(|(file, _, _)| file.clone()),
                format!(
                    "cannot render page /{} with template {}: {}",
                    page.path,
                    page.template,
                    error_chain(&e)
                ),
            )),
        }
    }
}

/// Where a part of a page kept as made goes until the page is minified (as [`SVG_OPEN`]).
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
fn minify_except(html: &[u8], content: Option<&str>, cfg: &minify_html::Cfg) -> Vec<u8> {
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

/// Drawn charts: key → SVG.
pub type Drawn = BTreeMap<String, String>;

/// Draws the charts of the site's ready pages that `pages` show (an incremental
/// build renders only some pages; deferred pages draw their own).
pub fn draw_charts_for(site: &Site, pages: &[&PageSpec], diags: &mut Diagnostics) -> Drawn {
    let mut keys = std::collections::BTreeSet::new();
    for p in pages {
        if let Context::Ready(c) = &p.context {
            chart_keys(c, &mut keys);
        }
        if let Some((_, md, _)) = &p.markdown
            && md.contains("@@minhbach-chart-")
        {
            for (i, _) in md.match_indices("@@minhbach-chart-") {
                let rest = &md[i + "@@minhbach-chart-".len()..];
                if let Some(end) = rest.find("@@") {
                    keys.insert(rest[..end].to_string());
                }
            }
        }
    }
    let results: Vec<(String, Result<String, String>)> = site
        .charts
        .specs
        .par_iter()
        .filter(|(key, _)| keys.contains(*key))
        .map(|(key, (spec, _))| {
            let svg = crate::chart::draw(spec).map_err(|e| format!("{e} ({})", spec.title));
            (key.clone(), svg)
        })
        .collect();
    let mut drawn = BTreeMap::new();
    for (key, r) in results {
        match r {
            Ok(svg) => {
                drawn.insert(key, svg);
            }
            Err(e) => diags.file_error(Path::new("data"), e, None),
        }
    }
    drawn
}

fn chart_keys(v: &Json, keys: &mut std::collections::BTreeSet<String>) {
    match v {
        Json::Object(o) => {
            if let Some(k) = o.get("chart_key").and_then(Json::as_str) {
                keys.insert(k.to_string());
            }
            o.values().for_each(|x| chart_keys(x, keys));
        }
        Json::Array(a) => a.iter().for_each(|x| chart_keys(x, keys)),
        _ => {}
    }
}

/// The slot of a chart's SVG, filled in by [`fill_svg_slots`] after minifying.
fn svg_slot(key: &str) -> String {
    format!("{SVG_OPEN}{key}{SVG_CLOSE}")
}

/// Gives every chart of a page context (an object with `chart_key`) its `svg` slot.
fn put_svg_slots(v: &mut Json) {
    match v {
        Json::Object(o) => {
            let slot = o.get("chart_key").and_then(Json::as_str).map(svg_slot);
            o.values_mut().for_each(put_svg_slots);
            if let Some(slot) = slot {
                o.insert("svg".into(), Json::String(slot));
            }
        }
        Json::Array(a) => a.iter_mut().for_each(put_svg_slots),
        _ => {}
    }
}

/// Puts each chart's SVG into its slot (a slot whose chart is unknown is left empty).
fn fill_svg_slots<'d>(html: Vec<u8>, svg_of: impl Fn(&str) -> Option<&'d str>) -> Vec<u8> {
    let open = SVG_OPEN.as_bytes();
    if !html.windows(open.len()).any(|w| w == open) {
        return html;
    }
    let text = String::from_utf8_lossy(&html);
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(SVG_OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + SVG_OPEN.len()..];
        let Some(end) = after.find(SVG_CLOSE) else {
            rest = &rest[i..];
            break;
        };
        out.push_str(svg_of(&after[..end]).unwrap_or(""));
        rest = &after[end + SVG_CLOSE.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Puts the figure of each chart shortcode (trusted SVG, drawn by us) where Markdown left its placeholder.
fn fill_chart_placeholders(html: String, site: &Site, theme: &Theme, base: &str) -> String {
    if !html.contains("@@minhbach-chart-") {
        return html;
    }
    // Find the placeholders in the page rather than trying every chart of the site.
    let prefix = crate::chart::placeholder("");
    let prefix = prefix.trim_end_matches('@');
    let mut keys: Vec<&str> = html
        .match_indices(prefix)
        .filter_map(|(i, _)| {
            let rest = &html[i + prefix.len()..];
            let end = rest.find("@@")?;
            Some(&rest[..end])
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut figures = Vec::new();
    for key in keys {
        let Some((spec, csv)) = site.charts.specs.get(key) else {
            continue;
        };
        let mut chart = crate::assemble::charts::chart_json(key, spec, csv);
        chart["svg"] = Json::String(svg_slot(key));
        let mut ctx = tera::Context::new();
        ctx.insert("chart", &chart);
        ctx.insert("t", &theme.strings);
        ctx.insert("base", base);
        let figure = theme
            .tera
            .render("chart.html", &ctx)
            .unwrap_or_else(|e| format!("<p>{}</p>", xml_escape(&error_chain(&e))));
        // Minified here (its compact parts and their marks too): the page's
        // minifier leaves its Markdown content alone.
        let figure = minify_except(figure.as_bytes(), None, &minify_cfg());
        let figure = String::from_utf8_lossy(&figure).into_owned();
        figures.push((crate::chart::placeholder(key), figure));
    }
    let mut html = html;
    for (token, figure) in figures {
        html = html
            .replace(&format!("<p>{token}</p>"), &figure)
            .replace(&token, &figure);
    }
    html
}

/// The file a page is written to: pretty URLs end in `index.html`.
pub fn page_file(path: &str) -> String {
    if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}index.html")
    }
}

/// The theme's static files, sitemap.xml and robots.txt (the data files are
/// [`Site::files`], made when written).
pub fn other_files(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (name, path) in &theme.statics {
        match std::fs::read(path) {
            Ok(bytes) => {
                let bytes = if name.ends_with(".css") {
                    minify_css(&bytes)
                } else {
                    bytes
                };
                out.push(Output {
                    path: format!("static/{name}"),
                    bytes,
                });
            }
            Err(e) => diags.push(crate::diagnostic::Diagnostic {
                severity: Severity::Error,
                file: crate::diagnostic::display_path(path),
                line: 0,
                column: 0,
                message: format!("cannot read static file: {e}"),
                expected: None,
                snippet: String::new(),
            }),
        }
    }
    out.push(Output {
        path: "sitemap.xml".into(),
        bytes: sitemap(site).into_bytes(),
    });
    let base_url = site.globals["site"]["base_url"].as_str().unwrap_or("/");
    out.push(Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            absolute_base(base_url)
        )
        .into_bytes(),
    });
    out
}

/// Fingerprint of everything a page's bytes depend on: the program, the
/// theme, the globals and the page's own spec (its context, or for a deferred
/// one the fingerprint of what it is made from, without making it). Equal
/// fingerprints give equal bytes, which is what lets an incremental build skip the page.
pub fn page_fingerprint(page: &PageSpec, globals: &Fp, theme: &Theme) -> Fp {
    let mut h = Hasher::new();
    h.add(crate::incremental::program_fingerprint().as_bytes())
        .add(theme.fingerprint.as_bytes())
        .add(globals.as_bytes())
        .add(page.path.as_bytes())
        .add(page.template.as_bytes())
        .add(page.title.as_bytes());
    match &page.markdown {
        Some((file, md, offset)) => {
            h.add(file.as_bytes())
                .add(md.as_bytes())
                .add(&offset.to_le_bytes());
        }
        None => {
            h.add(b"");
        }
    }
    match &page.context {
        // Streamed into the hasher: no copy of the context is made.
        Context::Ready(context) => {
            h.add(b"ready");
            let _ = serde_json::to_writer(&mut h, context);
        }
        Context::Deferred(d) => {
            h.add(b"deferred").add(d.inputs().as_bytes());
        }
    }
    h.add(&[page.in_sitemap as u8]);
    h.finish()
}

/// Fingerprint of the globals shared by every page.
pub fn globals_fingerprint(site: &Site) -> Fp {
    let mut h = Hasher::new();
    let _ = serde_json::to_writer(&mut h, &site.globals);
    h.finish()
}

/// `base_url` with a trailing slash, for joining page paths to it.
pub fn absolute_base(base_url: &str) -> String {
    if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    }
}

fn minify_css(bytes: &[u8]) -> Vec<u8> {
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

fn sitemap(site: &Site) -> String {
    let base = absolute_base(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in site.pages.iter().filter(|p| p.in_sitemap) {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{}", p.path))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

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
                  | a | b |\n|:-:|--|\n| 1 | 2 |\n\n[y](/mo-hinh/1/)";
        let html = markdown_with(md, "/de-an-06/", RawHtml::Sanitize);
        for kept in [
            "<h2 id=\"tieu-de\">",
            "class=\"anchor\"",
            "<strong>đậm</strong>",
            "<abbr title=\"Căn cước công dân\">",
            "href=\"https://a.vn/\"",
            "href=\"/de-an-06/mo-hinh/1/\"",
            "style=\"text-align: center\"",
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
    fn escape_html_is_teras_but_for_slashes() {
        for s in [
            "",
            "plain",
            "<a href=\"/x/\">Hòa & Thủy's</a>",
            "&&<<>>\"\"''//",
            "đ/ư<ơ>ạ&",
            "tail&",
        ] {
            assert_eq!(
                escape_html(s),
                tera::escape_html(s).replace("&#x2F;", "/"),
                "{s}"
            );
        }
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

    #[test]
    fn svg_slots_survive_the_minifier_and_take_their_chart() {
        let mut ctx =
            serde_json::json!({ "charts": [{ "chart_key": "abc", "title": "T" }], "x": 1 });
        put_svg_slots(&mut ctx);
        let slot = ctx["charts"][0]["svg"].as_str().unwrap().to_string();
        assert_eq!(ctx["x"], 1);
        // A slot between elements, as templates put it, and text that only looks like one (escaped).
        let page = format!(
            "<figure><figcaption>T</figcaption>{slot}</figure><p>&lt;minhbach-svg&gt;abc&lt;/minhbach-svg&gt;</p>"
        );
        let min = minify_html::minify(page.as_bytes(), &minify_cfg());
        let svg = "<svg viewBox=\"0 0 1 1\"><title>T</title></svg>";
        let out = String::from_utf8(fill_svg_slots(min, |k| (k == "abc").then_some(svg))).unwrap();
        assert!(
            out.contains(&format!("</figcaption>{svg}</figure>")),
            "{out}"
        );
        assert_eq!(
            out.matches(svg).count(),
            1,
            "escaped text is not a slot: {out}"
        );
        // A slot whose chart is unknown is left empty, never shown as a tag.
        let out = fill_svg_slots(svg_slot("zzz").into_bytes(), |_| None);
        assert!(out.is_empty());
    }

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
