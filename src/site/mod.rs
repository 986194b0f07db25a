//! Stage 3, **site**: the page graph. Every page of the site, its URL,
//! its template and its context are computed here, once, from the validated
//! [`Dataset`](crate::model::dataset::Dataset). Rendering only fills templates with what this stage decided.
//!
//! A page made on demand ([`Deferred`]) reads the readings it shows through its
//! [`Scope`](crate::model::scope::Scope), which is also what fingerprints them:
//! what it declares is what it reads (see [`crate::model::scope`]).

pub mod charts;
mod deferred;
pub mod editions;
pub mod labels;
pub mod pages;
pub mod share;
pub mod views;

use crate::common::format;
use crate::load::config::SiteConfig;
use crate::load::i18n::{Strings, StringsError};
use crate::model::index::Ix;
use crate::output::content::DataFile;
use crate::paths as url;
pub use deferred::Deferred;
use serde_json::Value as Json;

/// Templates of kinds of page added after themes were written: a theme without
/// one leaves that page out (with a warning) instead of failing the build.
pub const OPTIONAL_TEMPLATES: &[&str] = &[
    "index_az.html",
    "search.html",
    "compare.html",
    // Chart permalinks (issue 28).
    "chart_page.html",
    "embed.html",
];

/// One page to render.
#[derive(Debug)]
pub struct PageSpec<'a> {
    /// Path under the site root, `""` for the home page, always ending in `/` otherwise
    /// (pretty URLs), or a file name such as `404.html`.
    pub path: String,
    /// Template file name in the theme.
    pub template: &'static str,
    /// Page title (the `h1`).
    pub title: String,
    /// Template context specific to the page.
    pub context: Context<'a>,
    /// Markdown to render into the page, if any, with where it came from (file name, byte offset);
    /// borrowed from the loaded page unless a shortcode was expanded.
    pub markdown: Option<(String, std::borrow::Cow<'a, str>, usize)>,
    /// Listed in sitemap.xml.
    pub in_sitemap: bool,
    /// The keys of the charts of [`Site::charts`] that its ready context shows (a deferred
    /// page carries its own: see [`Made::charts`]); filled by [`views::ChartRef::add`].
    pub charts: Vec<String>,
    /// One or two sentences on the page for `<meta name="description">` and link previews
    /// (see [`share`]), where the data has them; the site's description otherwise.
    pub summary: Option<String>,
    /// The image a shared link to the page shows: the site path of a PNG of its main chart
    /// (`du-lieu/…png`, made beside the page), or `None` for the site card.
    pub share_image: Option<String>,
}

/// A chart prepared for a page: its key, its spec and the path of its CSV.
pub type Prepared = (String, (crate::chart::ChartSpec, String));

/// A page's context as made: the template context and the charts the page
/// itself prepared (those of ready pages are in [`Site::charts`]).
pub struct Made<'p> {
    /// The template context.
    pub context: std::borrow::Cow<'p, Json>,
    /// Charts of this page not in [`Site::charts`].
    pub charts: Vec<Prepared>,
}

/// The context of a page: ready, or made on demand.
pub enum Context<'a> {
    /// Computed with the page graph.
    Ready(Json),
    /// Made when the page is rendered, one page at a time, and dropped once
    /// written: the locality pages of a national portal would not fit in memory together.
    Deferred(Deferred<'a>),
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Context::Ready(j) => f.debug_tuple("Ready").field(j).finish(),
            Context::Deferred(d) => f.debug_tuple("Deferred").field(&d.inputs()).finish(),
        }
    }
}

impl<'a> PageSpec<'a> {
    /// A page made from the data alone: no Markdown, listed in the sitemap, showing
    /// no chart of [`Site::charts`] (set the fields for a page that differs).
    pub(crate) fn new(
        path: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
        context: Context<'a>,
    ) -> Self {
        PageSpec {
            path: path.into(),
            template,
            title: title.into(),
            context,
            markdown: None,
            in_sitemap: true,
            charts: Vec::new(),
            summary: None,
            share_image: None,
        }
    }

    /// The page's context and own charts (made now if deferred).
    pub fn made(&self) -> Made<'_> {
        match &self.context {
            Context::Ready(j) => Made {
                context: std::borrow::Cow::Borrowed(j),
                charts: Vec::new(),
            },
            Context::Deferred(d) => d.make(),
        }
    }

    /// Whether the page shows the sizes of data files (see [`Deferred::after_files`]).
    pub fn after_files(&self) -> bool {
        matches!(&self.context, Context::Deferred(d) if d.shows_file_sizes())
    }
}

/// The whole site as the page graph.
#[derive(Debug)]
pub struct Site<'a> {
    /// Every page.
    pub pages: Vec<PageSpec<'a>>,
    /// Every data file.
    pub files: Vec<DataFile<'a>>,
    /// Context shared by every page (site settings, navigation).
    pub globals: Json,
    /// Every distinct chart of the ready pages, drawn once by render whatever the number of pages showing it.
    pub charts: charts::Charts,
    /// The site's languages, the default first (issue 28): one for a site in one language.
    pub editions: Vec<editions::Edition>,
    /// The charts of [`Site::charts`] first shown by another language's pages, with that
    /// language's code: drawn with its number format.
    pub chart_languages: std::collections::BTreeMap<String, String>,
    /// Default-language pages whose path starts with another language's prefix (an error).
    pub clashes: Vec<String>,
    /// Paths of this pass's pages whose Markdown is the default language's (see [`editions::Edition::fallback`]).
    fallback_paths: std::collections::BTreeSet<String>,
    /// What the pages' link previews share (see [`share`]).
    pub share: share::Share,
}

/// The page graph as the kinds of page add to it.
pub(crate) struct Graph<'a, 'c> {
    /// The indexed dataset.
    pub(crate) ds: &'a Ix<'a>,
    /// The site's settings.
    pub(crate) config: &'c SiteConfig,
    /// What every output made from the data depends on besides its figures: the
    /// program, the rest of the data, the settings, and which months are published.
    pub(crate) common: crate::common::fingerprint::Fp,
    /// The pages so far.
    pub(crate) pages: Vec<PageSpec<'a>>,
    /// The data files so far.
    pub(crate) files: Vec<DataFile<'a>>,
    /// The charts of the ready pages so far.
    pub(crate) charts: charts::Charts,
    /// The UI strings of the pages (shared with the contexts made when rendered).
    pub(crate) labels: std::sync::Arc<labels::Labels>,
    /// The language this graph is made in, and the site's others.
    pub(crate) pass: editions::Pass,
    /// Paths of pages whose Markdown is the default language's (no translation).
    pub(crate) fallback: std::collections::BTreeSet<String>,
}

/// Builds the page graph of a validated dataset in its default language, with the UI
/// strings of `strings` (a site in several languages: [`editions::assemble_all`]).
pub fn assemble<'a>(
    ds: &'a Ix<'a>,
    config: &SiteConfig,
    strings: &Strings,
) -> Result<Site<'a>, StringsError> {
    let single = SiteConfig {
        languages: Default::default(),
        ..config.clone()
    };
    editions::assemble_all(ds, &single, std::slice::from_ref(strings))
}

/// Builds the page graph of one language of the site (see [`editions`]).
fn assemble_pass<'a>(
    ds: &'a Ix<'a>,
    config: &SiteConfig,
    strings: &Strings,
    pass: editions::Pass,
) -> Result<Site<'a>, StringsError> {
    let mut g = Graph::new(ds, config, strings, pass)?;
    pages::models::add(&mut g);
    pages::indicators::add(&mut g);
    pages::localities::add(&mut g);
    pages::reports::add(&mut g);
    pages::services::add(&mut g);
    pages::deadlines::add(&mut g);
    pages::sources::add(&mut g);
    pages::data::add(&mut g);
    pages::index_az::add(&mut g);
    pages::compare::add(&mut g);
    let menu = pages::content::add(&mut g);
    pages::home::add(&mut g);
    pages::home::not_found(&mut g);
    // Last: it indexes the pages the others added.
    pages::search::add(&mut g);
    // After search: chart pages are permalinks of charts, found through the pages showing them.
    pages::chart_pages::add(&mut g);
    g.files.extend(share::card(config, strings));
    Ok(g.finish(menu))
}

impl<'a, 'c> Graph<'a, 'c> {
    /// An empty graph of the dataset.
    fn new(
        ds: &'a Ix<'a>,
        config: &'c SiteConfig,
        strings: &Strings,
        pass: editions::Pass,
    ) -> Result<Self, StringsError> {
        let labels = std::sync::Arc::new(labels::Labels::new(strings)?);
        let common = {
            let mut h = crate::common::fingerprint::Hasher::new();
            h.add(crate::common::fingerprint::program_fingerprint().as_bytes())
                .add(ds.rest_fingerprint.as_bytes());
            let _ = serde_json::to_writer(&mut h, config);
            // The labels are written into data files too.
            let _ = serde_json::to_writer(&mut h, strings);
            for r in &ds.reports {
                h.add(r.report.month.to_string().as_bytes());
            }
            h.finish()
        };
        Ok(Graph {
            ds,
            config,
            common,
            pages: Vec::new(),
            files: Vec::new(),
            charts: charts::Charts::default(),
            labels,
            pass,
            fallback: Default::default(),
        })
    }

    /// The site: the graph with the feed and the chart files, in path order, and the globals.
    fn finish(mut self, menu: Vec<(i64, views::pages::MenuEntry)>) -> Site<'a> {
        let (ds, config) = (self.ds, self.config);
        let latest = ds.reports.last();
        self.files.push(DataFile {
            path: url::feed(),
            content: crate::output::feed::feed(ds, config, &self.labels.report).into(),
        });
        self.files.extend(self.charts.files());
        self.pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        let globals = views::context(views::pages::Globals {
            feed: url::feed(),
            site: config,
            search: url::SEARCH,
            latest: latest.map(|r| views::Link {
                label: format::month(r.report.month),
                url: url::report(&r.report.month),
            }),
            menu: menu.into_iter().map(|(_, m)| m).collect(),
            section_urls: views::pages::Sections::default(),
        });
        Site {
            pages: self.pages,
            files: self.files,
            globals,
            charts: self.charts,
            editions: Vec::new(),
            chart_languages: Default::default(),
            clashes: Vec::new(),
            fallback_paths: self.fallback,
            share: share::Share::new(config),
        }
    }
}
