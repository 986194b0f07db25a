//! Every page and file path of the site, relative to the site root: the only
//! module that knows the URL scheme.

/// A model's page.
pub fn model(n: u32) -> String {
    format!("mo-hinh/{n}/")
}
/// A locality's page.
pub fn locality(slug: &str) -> String {
    format!("dia-phuong/{slug}/")
}
/// An indicator's page.
pub fn indicator(id: &str) -> String {
    format!("chi-so/{id}/")
}
/// A month's report page.
pub fn report(month: &crate::common::calendar::Month) -> String {
    format!("bao-cao/{month}/")
}
/// The changelog of corrected figures.
pub fn corrections() -> String {
    "dinh-chinh/".into()
}
/// The anchor of the changelog's section on published paths that changed ([`PATH_CHANGES`]).
pub const CHANGED_PATHS_ANCHOR: &str = "dia-chi-da-doi";
/// That section of the changelog.
pub fn changed_paths() -> String {
    format!("{}#{CHANGED_PATHS_ANCHOR}", corrections())
}
/// The Atom feed of the monthly updates.
pub fn feed() -> String {
    "feed.xml".into()
}
/// A source's anchor on the sources page.
pub fn source(id: &str) -> String {
    format!("nguon/#{id}")
}

/// The list of models.
pub const MODELS: &str = "mo-hinh/";
/// The list of indicators.
pub const INDICATORS: &str = "chi-so/";
/// The list of localities.
pub const LOCALITIES: &str = "dia-phuong/";
/// The list of monthly reports.
pub const REPORTS: &str = "bao-cao/";
/// The latest month's online public services.
pub const SERVICES: &str = "dich-vu-cong/";
/// The plan deadlines passed and coming.
pub const DEADLINES: &str = "han-hoan-thanh/";
/// The sources and what each contributed.
pub const SOURCES: &str = "nguon/";
/// The alphabetical index of localities, models and indicators.
pub const INDEX_AZ: &str = "muc-luc/";
/// The open data page (the downloads).
pub const DATA: &str = "du-lieu/";
/// The page served for a missing path.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap of the pages marked for it.
pub const SITEMAP: &str = "sitemap.xml";

/// The comparison of every locality with a plan (issue 27).
pub const COMPARE: &str = "so-sanh/";
/// The comparison of two sibling localities, in slug order whichever is given first,
/// so that a pair has one URL: `so-sanh/bim-son/quan-hoa/`.
pub fn compare_pair(a: &str, b: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    format!("so-sanh/{x}/{y}/")
}
/// The comparison of the localities with a plan under one parent: `so-sanh/thanh-hoa/`.
pub fn compare_within(parent: &str) -> String {
    format!("so-sanh/{parent}/")
}

/// The models CSV.
pub const MODELS_CSV: &str = "du-lieu/mo-hinh.csv";
/// The deadlines CSV.
pub const DEADLINES_CSV: &str = "du-lieu/han-hoan-thanh.csv";
/// The JSON dataset's index: everything the dataset has but the monthly reports,
/// and where each month's report is ([`dataset_month`]).
pub const DATASET_JSON: &str = "du-lieu/du-lieu.json";
/// A month's report of the JSON dataset: `du-lieu/thang/2025-12.json`.
pub fn dataset_month(month: &crate::common::calendar::Month) -> String {
    format!("du-lieu/{}", dataset_month_from_index(month))
}
/// [`dataset_month`] relative to the index, as the index gives it: resolved against
/// the index's own URL, it finds the month wherever the site is served.
pub fn dataset_month_from_index(month: &crate::common::calendar::Month) -> String {
    format!("thang/{month}.json")
}

/// A published address that changed, as the changelog page lists it (newest first in
/// [`PATH_CHANGES`]): the next change of a published path adds one entry there.
#[derive(Debug, Clone, Copy)]
pub struct PathChange {
    /// The day minhbach changed it (`YYYY-MM-DD`).
    pub since: &'static str,
    /// The address, or the pattern of addresses, as published before.
    pub old: &'static str,
    /// Where what it held is now (patterns: `<…>` stands for a part that varies).
    pub new: &'static [&'static str],
    /// Its explanation: the key of a string in the theme's `[path_changes]`.
    pub key: &'static str,
}

/// Every change to a published path, newest first.
pub const PATH_CHANGES: &[PathChange] = &[
    PathChange {
        since: "2026-12-07",
        old: DATASET_JSON,
        new: &[DATASET_JSON, "du-lieu/thang/<YYYY-MM>.json"],
        key: "dataset_by_month",
    },
    PathChange {
        since: "2026-12-07",
        old: "du-lieu/bieu-do/<hash>.csv",
        new: &[
            "bieu-do/<page>/#<chart>",
            "du-lieu/bieu-do/<page>/<chart>.csv",
        ],
        key: "chart_csv",
    },
];

/// An indicator's readings CSV.
pub fn indicator_csv(id: &str) -> String {
    format!("du-lieu/chi-so-{id}.csv")
}
/// A locality's plan CSV.
pub fn plan_csv(slug: &str) -> String {
    format!("du-lieu/ke-hoach-{slug}.csv")
}
/// A month's readings CSV.
pub fn report_csv(month: &crate::common::calendar::Month) -> String {
    format!("du-lieu/bao-cao-{month}.csv")
}
/// A month's services CSV of one appendix (`I`, `II`).
pub fn services_csv(month: &crate::common::calendar::Month, appendix: &str) -> String {
    format!(
        "du-lieu/dich-vu-cong-{month}-phu-luc-{}.csv",
        appendix.to_lowercase()
    )
}
/// A chart's data CSV as published before issue 28, named by a hash of the chart's
/// figures (it changed whenever they did); charts now have [`chart_file`].
pub fn chart_csv(key: &str) -> String {
    format!("du-lieu/bieu-do/{key}.csv")
}
// Search (issue 27).
/// The search page (the header's search box sends its query here as `?q=`).
pub const SEARCH: &str = "tim-kiem/";
/// The search index's table of word shards and document scripts, a script the search page loads.
pub const SEARCH_INDEX: &str = "tim-kiem/chi-muc.js";
/// A shard of the search index: the words starting with `key` and their documents' numbers
/// (folded, see [`crate::common::text::fold`]), its name ending in a hash of its
/// bytes so that a browser never keeps a stale copy.
pub fn search_shard(key: &str, hash: &str) -> String {
    let name = if key.is_empty() {
        "tat-ca".to_string()
    } else if key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        format!("k-{key}")
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("x-{hex}")
    };
    format!("tim-kiem/chi-muc/{name}-{hash}.js")
}
/// A document script of the search index: the rows of the documents numbered from
/// `first` on, its name ending in a hash of its bytes.
pub fn search_documents(first: usize, hash: &str) -> String {
    format!("tim-kiem/tai-lieu/{first}-{hash}.js")
}

// Languages (issue 28).
/// The prefix of the pages of a language other than the site's default: `en/`
/// (its tree mirrors the default language's, same slugs: `en/mo-hinh/1/`).
pub fn language_prefix(code: &str) -> String {
    format!("{code}/")
}

/// The folder (under `content/`) of the monthly updates.
pub const REPORT_CONTENT_DIR: &str = "reports/";
/// The content file (under `content/`) of a month's update, merged into its report page.
pub fn report_content(month: &crate::common::calendar::Month) -> String {
    format!("reports/{month}.md")
}

/// URL of a content page: `about.md` → `about/`, `_index.md` → the home page.
pub fn content_url(path: &str) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    match stem {
        "_index" | "index" => String::new(),
        s => format!(
            "{}/",
            s.strip_suffix("/_index")
                .or_else(|| s.strip_suffix("/index"))
                .unwrap_or(s)
        ),
    }
}

/// The file a page is written to: pretty URLs end in `index.html`.
pub fn page_file(path: &str) -> String {
    if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}index.html")
    }
}

/// `base_url` with a trailing slash, for joining page paths to it.
pub fn absolute_base(base_url: &str) -> String {
    if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    }
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

// Chart permalinks and embeds (issue 28): named by the page showing the chart and what it
// shows, never by its figures, so that they stay the same when the figures change.
/// The chart page of the charts a page shows: `bieu-do/dia-phuong/bim-son/`
/// (the home page's: `bieu-do/trang-chu/`).
pub fn chart_page(page: &str) -> String {
    if page.is_empty() {
        "bieu-do/trang-chu/".into()
    } else {
        format!("bieu-do/{page}")
    }
}
/// A chart's permalink: its chart page and its anchor there.
pub fn chart(page: &str, slug: &str) -> String {
    format!("{}#{slug}", chart_page(page))
}
/// The embed page of a page's charts: it shows the one its URL's anchor names.
pub fn chart_embed(page: &str) -> String {
    format!("{}nhung.html", chart_page(page))
}
/// A chart's embed URL: [`chart_embed`] with its anchor.
pub fn chart_embed_of(page: &str, slug: &str) -> String {
    format!("{}#{slug}", chart_embed(page))
}
/// A chart's download, `ext` being `csv`, `svg` or `png`:
/// `du-lieu/bieu-do/dia-phuong/bim-son/duong-ty-le-x.csv`.
pub fn chart_file(page: &str, slug: &str, ext: &str) -> String {
    format!("du-lieu/{}{slug}.{ext}", chart_page(page))
}

// Share previews (issue 28).
/// The site card: the image a shared link shows for a page without a chart of its own.
pub const SHARE_CARD: &str = "anh-chia-se.png";
/// `base_url` with a trailing slash when it is an absolute `http(s)://host/…` URL, which link
/// previews need (og:url, og:image, the canonical link); `None` for a path (`/`) or another scheme.
pub fn absolute_web_base(base_url: &str) -> Option<String> {
    let (scheme, rest) = base_url.split_once("://")?;
    let host = rest.split('/').next().unwrap_or("");
    let web = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    (web && !host.is_empty()).then(|| absolute_base(base_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_has_one_comparison_url_whatever_the_order() {
        assert_eq!(
            compare_pair("quan-hoa", "bim-son"),
            "so-sanh/bim-son/quan-hoa/"
        );
        assert_eq!(
            compare_pair("bim-son", "quan-hoa"),
            "so-sanh/bim-son/quan-hoa/"
        );
        assert_eq!(compare_within("thanh-hoa"), "so-sanh/thanh-hoa/");
    }

    #[test]
    fn chart_urls_name_the_page_and_what_the_chart_shows() {
        assert_eq!(
            chart("dia-phuong/bim-son/", "duong-x"),
            "bieu-do/dia-phuong/bim-son/#duong-x"
        );
        assert_eq!(chart_page(""), "bieu-do/trang-chu/");
        assert_eq!(
            chart_file("chi-so/x/", "xep-hang-x", "png"),
            "du-lieu/bieu-do/chi-so/x/xep-hang-x.png"
        );
        assert_eq!(
            chart_embed_of("bao-cao/2025-03/", "tinh-trang-mo-hinh"),
            "bieu-do/bao-cao/2025-03/nhung.html#tinh-trang-mo-hinh"
        );
    }

    #[test]
    fn a_months_json_is_found_from_the_index_and_from_the_root() {
        let month: crate::common::calendar::Month = "2025-12".parse().unwrap();
        assert_eq!(dataset_month(&month), "du-lieu/thang/2025-12.json");
        let dir = DATASET_JSON.rsplit_once('/').unwrap().0;
        assert_eq!(
            format!("{dir}/{}", dataset_month_from_index(&month)),
            dataset_month(&month)
        );
        for c in PATH_CHANGES {
            assert!(
                c.since.parse::<crate::common::calendar::Date>().is_ok(),
                "{}: {}",
                c.key,
                c.since
            );
        }
        // The changelog's pattern names the same files.
        assert_eq!(
            dataset_month(&month).replace("2025-12", "<YYYY-MM>"),
            PATH_CHANGES[0].new[1]
        );
    }

    #[test]
    fn content_urls_are_pretty() {
        assert_eq!(content_url("gioi-thieu.md"), "gioi-thieu/");
        assert_eq!(content_url("_index.md"), "");
        assert_eq!(content_url("huong-dan/_index.md"), "huong-dan/");
    }

    #[test]
    fn only_a_web_url_with_a_host_is_an_absolute_base() {
        assert_eq!(
            absolute_web_base("https://example.org/de-an-06").as_deref(),
            Some("https://example.org/de-an-06/")
        );
        assert_eq!(
            absolute_web_base("http://localhost:1111/").as_deref(),
            Some("http://localhost:1111/")
        );
        for path_only in ["/", "/de-an-06/", "", "file:///srv/public/", "https:///x/"] {
            assert_eq!(absolute_web_base(path_only), None, "{path_only}");
        }
    }
}
