//! Rendering one page: its context in the theme's template, its Markdown, its charts, minified.

use super::Output;
use super::markdown::markdown_with;
use super::minify::{minify_cfg, minify_except};
use super::slots::{Drawn, fill_chart_placeholders, fill_svg_slots};
use super::theme::{Theme, error_chain};
use crate::load::config::RawHtml;
use crate::paths::{base_path, page_file};
use crate::site::{PageSpec, Prepared, Site};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::BTreeMap;

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
        // The page's context (a copy only if it is shared; its charts carry their SVG slots),
        // moved into tera's context as it is (inserting key by key would copy it again).
        let mut keys = match context.into_owned() {
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
        // Link previews (issue 28): Open Graph fields in base.html's head.
        keys.insert(
            "share".into(),
            crate::site::views::context(site.share.view(page)),
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
