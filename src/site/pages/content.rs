//! The content pages written in Markdown, and the menu.

use crate::common::format;
use crate::paths as url;
use crate::site::charts;
use crate::site::views::context;
use crate::site::views::pages::{ContentView, MenuEntry};
use crate::site::{Context, Graph, PageSpec};

/// Adds a page per Markdown page (the monthly updates aside); returns the menu.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) -> Vec<(i64, MenuEntry)> {
    let ds = g.ds;
    // The monthly updates are merged into their report pages (see `reports`).
    let mut menu = Vec::new();
    for c in g
        .pass
        .content_pages(&ds.pages)
        .into_iter()
        .filter(|c| !c.path.starts_with(url::REPORT_CONTENT_DIR))
    {
        let (p, path) = (c.page, c.url());
        if c.fallback {
            g.fallback.insert(path.clone());
        }
        // The menu is opt-in, as in Zola and Hugo: a page with a `weight` is in it.
        // (Every page in it would put every page into every page: quadratic for a large site.)
        if let Some(w) = p.front.weight
            && !path.is_empty()
        {
            menu.push((
                w,
                MenuEntry {
                    title: p.front.title.clone(),
                    url: path.clone(),
                },
            ));
        }
        g.pages.push(PageSpec {
            path: path.clone(),
            template: if path.is_empty() {
                "index.html"
            } else {
                "page.html"
            },
            title: p.front.title.clone(),
            context: Context::Ready(context(ContentView {
                description: p.front.description.clone(),
                date: p.front.date.map(format::date),
            })),
            markdown: Some((
                format!("content/{}", p.path),
                charts::expand_shortcodes(&p.body, ds, &mut g.charts, &path),
                p.body_offset,
            )),
            in_sitemap: true,
            charts: Vec::new(),
            summary: p.front.description.clone(),
            share_image: None,
        });
    }
    menu.sort_by_key(|(w, _)| *w);
    menu
}
