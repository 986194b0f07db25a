//! Rendering one page: its context in the theme's template, its Markdown, its charts, minified.

use super::Output;
use super::markdown::markdown_with;
use super::minify::{minify_cfg, minify_except};
use super::slots::{Drawn, fill_chart_placeholders, fill_svg_slots};
use super::theme::{Theme, error_chain};
use crate::common::format::Locale;
use crate::load::config::RawHtml;
use crate::paths::{absolute_base, base_path, page_file};
use crate::site::views::AlternateView;
use crate::site::{PageSpec, Prepared, Site};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What the pages of one language share, prepared once: its globals and UI strings
/// already in a template context, and its base path.
struct EditionContext {
    /// The language's code.
    code: String,
    /// The language's number format.
    locale: Locale,
    /// The base path of its pages (`/`, `/en/`).
    base: String,
    /// Its globals, UI strings (`t`), `base` and `root`.
    shared: tera::Context,
    /// Copies of `shared` lent to pages one at a time and given back as they
    /// were (about one per core): a page does not copy the globals and UI strings.
    spare: std::sync::Mutex<Vec<tera::Context>>,
}

/// What every page of a build shares, prepared once: each language's context, the
/// minifier and the drawn charts.
pub struct PageRenderer<'a> {
    site: &'a Site<'a>,
    theme: &'a Theme,
    drawn: &'a Drawn,
    cfg: minify_html::Cfg,
    raw_html: RawHtml,
    editions: Vec<EditionContext>,
    /// Every page path, when the site has several languages (to link only the translations that exist).
    paths: std::collections::HashSet<&'a str>,
}

impl<'a> PageRenderer<'a> {
    /// Prepares the rendering of `site`'s pages with `theme` and the charts in `drawn`.
    pub fn new(site: &'a Site<'a>, theme: &'a Theme, drawn: &'a Drawn) -> PageRenderer<'a> {
        let root = base_path(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
        let editions = site
            .editions
            .iter()
            .map(|e| {
                let base = base_path(e.globals["site"]["base_url"].as_str().unwrap_or("/"));
                let mut shared = tera::Context::new();
                if let Json::Object(g) = &e.globals {
                    for (k, v) in g {
                        shared.insert(k, v);
                    }
                }
                shared.insert("t", theme.strings_for(&e.code));
                shared.insert("base", &base);
                shared.insert("root", &root);
                EditionContext {
                    code: e.code.clone(),
                    locale: Locale::of(&e.code),
                    base,
                    shared,
                    spare: std::sync::Mutex::new(Vec::new()),
                }
            })
            .collect::<Vec<_>>();
        let paths = if editions.len() > 1 {
            site.pages.iter().map(|p| p.path.as_str()).collect()
        } else {
            Default::default()
        };
        let raw_html = serde_json::from_value(site.globals["site"]["markdown"]["raw_html"].clone())
            .unwrap_or_default();
        PageRenderer {
            site,
            theme,
            drawn,
            cfg: minify_cfg(),
            raw_html,
            editions,
            paths,
        }
    }

    /// The number format of the page's language.
    pub fn locale_of(&self, page: &PageSpec) -> Locale {
        let (i, _) = self.site.edition_of(&page.path);
        self.editions
            .get(i)
            .map_or_else(Locale::default, |e| e.locale)
    }

    /// The page in each language it exists in (none for a site in one language).
    fn alternates(&self, local: &str, current: usize) -> Vec<AlternateView> {
        let mut out = Vec::new();
        for (i, (e, ctx)) in self.site.editions.iter().zip(&self.editions).enumerate() {
            if !self.paths.contains(format!("{}{local}", e.prefix).as_str()) {
                continue;
            }
            let base_url = e.globals["site"]["base_url"].as_str().unwrap_or("/");
            let url = format!("{}{local}", ctx.base);
            out.push(AlternateView {
                lang: e.code.clone(),
                name: self.theme.strings_for(&e.code)["language"]["name"]
                    .as_str()
                    .unwrap_or(&e.code)
                    .to_string(),
                href: if base_url.contains("://") {
                    format!("{}{local}", absolute_base(base_url))
                } else {
                    url.clone()
                },
                url,
                current: i == current,
            });
        }
        if out.len() < 2 { Vec::new() } else { out }
    }

    /// Runs `f` with the shared context of edition `e` plus the page's own keys `own` (which
    /// win over shared ones of the same name), then gives the shared context back as it was.
    fn with_context<R>(
        &self,
        e: &EditionContext,
        own: serde_json::Map<String, Json>,
        f: impl FnOnce(&tera::Context) -> R,
    ) -> R {
        let spare = e.spare.lock().ok().and_then(|mut s| s.pop());
        let mut ctx = spare.unwrap_or_else(|| e.shared.clone());
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
        if let Ok(mut s) = e.spare.lock() {
            s.push(ctx);
        }
        r
    }

    /// Renders one page with its context and own charts (see [`PageSpec::made`])
    /// to minified HTML; on failure, the file to blame (its Markdown, if any) and why.
    ///
    /// The page's own charts (those not in `drawn`) are drawn here, and returned with the
    /// page: their SVG files are the same drawings (drawn once). SVGs are put in after
    /// minifying: they come compact from [`crate::chart::draw`], and the minifier would
    /// only spend time on them.
    pub fn render(
        &self,
        page: &PageSpec,
        context: Cow<'_, Json>,
        charts: &[Prepared],
    ) -> Result<(Output, Drawn), (Option<String>, String)> {
        let (site, theme) = (self.site, self.theme);
        let (idx, local) = site.edition_of(&page.path);
        let Some(edition) = self.editions.get(idx) else {
            return Err((None, format!("no language for page /{}", page.path)));
        };
        let base = edition.base.as_str();
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
                    .or_insert_with(|| Json::String(local.to_string()));
                o.entry("title")
                    .or_insert_with(|| Json::String(page.title.clone()));
                o
            }
            _ => serde_json::Map::from_iter([
                ("path".into(), Json::String(local.to_string())),
                ("title".into(), Json::String(page.title.clone())),
            ]),
        };
        if self.editions.len() > 1 {
            keys.insert(
                "alternates".into(),
                crate::site::views::context(self.alternates(local, idx)),
            );
            if site.editions[idx].fallback.contains(local) {
                keys.insert(
                    "fallback_lang".into(),
                    Json::String(self.editions[0].code.clone()),
                );
            }
        }
        let content = page.markdown.as_ref().map(|(_, md, _)| {
            let t = theme.strings_for(&edition.code);
            fill_chart_placeholders(markdown_with(md, base, self.raw_html), site, theme, t, base)
        });
        keys.insert(
            "content".into(),
            content.clone().map_or(Json::Null, Json::String),
        );
        // Link previews (issue 28): Open Graph fields in base.html's head.
        keys.insert(
            "share".into(),
            crate::site::views::context(site.share.view(page, &edition.code)),
        );
        // Rendered as bytes: the minifier reads bytes, so no check of the UTF-8 is needed.
        let mut html = Vec::with_capacity(16 * 1024);
        let rendered = self.with_context(edition, keys, |ctx| {
            theme.tera.render_to(page.template, ctx, &mut html)
        });
        match rendered {
            Ok(()) => {
                let bytes = minify_except(&html, content.as_deref(), &self.cfg);
                let output = Output {
                    path: page_file(&page.path),
                    bytes: fill_svg_slots(bytes, |k| {
                        self.drawn.get(k).or_else(|| own.get(k)).map(String::as_str)
                    }),
                };
                Ok((output, own))
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
