//! The site in each of its languages (issue 28): one page graph per language, made
//! by the same kinds of page with that language's UI strings and number format,
//! merged into one [`Site`] whose other languages' pages live under their prefix
//! (`en/…`), as in Zola and Hugo.
//!
//! The default language's pass is the site as it was: a site in one language is
//! made exactly as before, byte for byte. Another language's pass sees the settings
//! of [`SiteConfig::for_language`] (its base URL ends in its prefix, so every link
//! a template writes with `base` stays in its tree) and the content pages of its
//! language (`about.en.md`), falling back to the default language's, marked.
//! Its data files are the default pass's (the same figures), linked through `root`;
//! its own are its Atom feed and search index (under its prefix) and the CSV of
//! any chart whose text differs in its language.

use super::Site;
use crate::common::format::{Locale, with_locale};
use crate::load::config::SiteConfig;
use crate::load::i18n::{Strings, StringsError};
use crate::model::index::Ix;
use crate::model::records::Page;
use crate::paths as url;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// One language of the site, as rendering needs it.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Its language code (`vi`, `en`).
    pub code: String,
    /// The prefix of its pages' paths: `""` for the default language, `en/` for English.
    pub prefix: String,
    /// Context shared by its pages (its settings, navigation).
    pub globals: Json,
    /// Paths (without the prefix) of its pages whose Markdown is the default
    /// language's, shown marked as such.
    pub fallback: BTreeSet<String>,
}

/// Which language a pass of the page graph makes, and the site's others.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pass {
    /// The language of this pass.
    pub(crate) code: String,
    /// The site's default language.
    pub(crate) default: String,
    /// The site's languages other than the default.
    pub(crate) others: Vec<String>,
}

/// A content page as a pass sees it.
#[derive(Debug, Clone)]
pub(crate) struct ContentPage<'a> {
    /// The page read (`about.en.md`, or `about.md` when falling back).
    pub(crate) page: &'a Page,
    /// Its path as the default language names it (`about.md`): what its URL is made from.
    pub(crate) path: String,
    /// Its Markdown is the default language's: this pass has no translation of it.
    pub(crate) fallback: bool,
}

impl Pass {
    /// The other language a content file is written in (`about.en.md` → `en`), if any.
    fn language_of(&self, path: &str) -> Option<&str> {
        self.others
            .iter()
            .find(|code| path.ends_with(&format!(".{code}.md")))
            .map(String::as_str)
    }

    /// The content pages of this pass: the default language's pages, each replaced by its
    /// translation into this language where there is one, and this language's own pages.
    pub(crate) fn content_pages<'a>(&self, pages: &'a [Page]) -> Vec<ContentPage<'a>> {
        let own: BTreeSet<String> = pages
            .iter()
            .filter(|p| self.language_of(&p.path) == Some(self.code.as_str()))
            .map(|p| default_path(&p.path, &self.code))
            .collect();
        let mut out = Vec::new();
        for p in pages {
            match self.language_of(&p.path) {
                None if self.code == self.default || !own.contains(&p.path) => {
                    out.push(ContentPage {
                        page: p,
                        path: p.path.clone(),
                        fallback: self.code != self.default,
                    })
                }
                Some(code) if code == self.code => out.push(ContentPage {
                    page: p,
                    path: default_path(&p.path, code),
                    fallback: false,
                }),
                _ => {}
            }
        }
        out
    }
}

/// `about.en.md` → `about.md`.
fn default_path(path: &str, code: &str) -> String {
    path.strip_suffix(&format!(".{code}.md"))
        .map_or_else(|| path.to_string(), |stem| format!("{stem}.md"))
}

impl ContentPage<'_> {
    /// The page's URL, the same in every language (`about/`).
    pub(crate) fn url(&self) -> String {
        url::content_url(&self.path)
    }

    /// Whether the page is the monthly update of `month` (merged into its report page).
    pub(crate) fn is_report_content(&self, month: &crate::common::calendar::Month) -> bool {
        self.path == url::report_content(month)
    }
}

/// Builds the page graph of every language of the site: `strings` holds the UI strings
/// of each language of [`SiteConfig::language_codes`], in that order.
pub fn assemble_all<'a>(
    ds: &'a Ix<'a>,
    config: &SiteConfig,
    strings: &[Strings],
) -> Result<Site<'a>, StringsError> {
    let codes: Vec<String> = config
        .language_codes()
        .into_iter()
        .map(String::from)
        .collect();
    let pass = |code: &str| Pass {
        code: code.to_string(),
        default: config.language.clone(),
        others: codes[1..].to_vec(),
    };
    let first = strings.first().cloned().unwrap_or_default();
    let mut site = with_locale(Locale::of(&config.language), || {
        super::assemble_pass(ds, config, &first, pass(&config.language))
    })?;
    // A default-language page under another language's prefix (a folder content/en/)
    // would be taken for that language's: the build refuses it (see `Site::clashes`).
    for code in &codes[1..] {
        let prefix = url::language_prefix(code);
        site.clashes.extend(
            site.pages
                .iter()
                .filter(|p| p.path.starts_with(&prefix))
                .map(|p| p.path.clone()),
        );
    }
    // The language of data text (`data_lang`, for the `dt` macro): none on the default
    // language's pages, where the data is in its own language.
    if let Json::Object(g) = &mut site.globals {
        g.insert("data_lang".into(), Json::Null);
    }
    site.editions.push(Edition {
        code: config.language.clone(),
        prefix: String::new(),
        globals: site.globals.clone(),
        fallback: BTreeSet::new(),
    });
    for (code, strings) in codes.iter().skip(1).zip(strings.iter().skip(1)) {
        let mut cfg = config.for_language(code);
        let prefix = url::language_prefix(code);
        cfg.base_url = format!("{}{prefix}", url::absolute_base(&config.base_url));
        let mut other = in_locale(Locale::of(code), || {
            super::assemble_pass(ds, &cfg, strings, pass(code))
        })?;
        if let Json::Object(g) = &mut other.globals {
            g.insert("data_lang".into(), Json::String(config.language.clone()));
        }
        merge(&mut site, other, code, &prefix);
    }
    site.pages.sort_by(|a, b| a.path.cmp(&b.path));
    site.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(site)
}

/// Runs `f` with this thread and the threads of its parallel loops formatting in `locale`
/// (the kinds of page make their views on every core): in a pool of threads set to it.
fn in_locale<R: Send>(locale: Locale, f: impl FnOnce() -> R + Send) -> R {
    if locale == Locale::default() {
        return f();
    }
    match rayon::ThreadPoolBuilder::new()
        .start_handler(move |_| crate::common::format::set_locale(locale))
        .build()
    {
        Ok(pool) => pool.install(|| with_locale(locale, f)),
        // The system gave no threads (the build would fail further on anyway): the
        // parallel loops then run on the global pool and format the default way.
        Err(_) => with_locale(locale, f),
    }
}

/// Adds the pages of another language's pass to `site`, under `prefix`, with the files
/// that are its own (see the module's doc).
fn merge<'a>(site: &mut Site<'a>, other: Site<'a>, code: &str, prefix: &str) {
    let fallback = other.fallback_paths.clone();
    let mut files: BTreeSet<String> = site.files.iter().map(|f| f.path.clone()).collect();
    // The folder of the charts' CSV files (`du-lieu/bieu-do/`).
    let chart_csv = url::chart_csv("");
    let chart_dir = chart_csv.trim_end_matches(".csv");
    for (key, spec) in other.charts.specs {
        if !site.charts.specs.contains_key(&key) {
            site.chart_languages.insert(key.clone(), code.to_string());
            site.charts.specs.insert(key, spec);
        }
    }
    for mut f in other.files {
        if f.path == url::feed() || f.path.starts_with(url::SEARCH) {
            f.path = format!("{prefix}{}", f.path);
            site.files.push(f);
        } else if f.path.starts_with(chart_dir) && files.insert(f.path.clone()) {
            site.files.push(f);
        }
    }
    for mut p in other.pages {
        p.path = format!("{prefix}{}", p.path);
        site.pages.push(p);
    }
    site.editions.push(Edition {
        code: code.to_string(),
        prefix: prefix.to_string(),
        globals: other.globals,
        fallback,
    });
}

impl Site<'_> {
    /// The edition (language) a page path belongs to, and the path without its prefix.
    pub fn edition_of<'p>(&self, path: &'p str) -> (usize, &'p str) {
        for (i, e) in self.editions.iter().enumerate().skip(1) {
            if let Some(rest) = path.strip_prefix(e.prefix.as_str()) {
                return (i, rest);
            }
        }
        (0, path)
    }
}
