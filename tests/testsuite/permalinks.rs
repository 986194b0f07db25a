//! Chart permalinks, chart pages and embeds (issue 28): every chart on a page links to
//! its permalink; a permalink and its downloads keep their URL when the figures change;
//! every chart page and embed has its downloads and resolves its links; an embed asks
//! nothing of another site.

use crate::common;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

/// Every `.html` file of a built site, as (path relative to it, text).
fn pages(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The site-root-relative targets of a page's `href` and `src` attributes (the shipped
/// site's base path is `/`), with their anchors.
fn local_links(html: &str) -> Vec<String> {
    let re = Regex::new(r#"(?:href|src)="?/([^" >]*)"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

/// The permalinks the pages of a built site link their charts to.
fn permalinks(out: &Path) -> BTreeSet<String> {
    pages(out)
        .iter()
        .flat_map(|(_, html)| local_links(html))
        .filter(|l| {
            l.trim_start_matches("en/").starts_with("bieu-do/")
                && l.contains('#')
                && !l.contains("nhung.html")
        })
        .collect()
}

/// Whether `link` (a path, maybe with an anchor) resolves in the built site `out`.
fn resolves(out: &Path, link: &str) -> bool {
    let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
    let file = if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    };
    if !file.is_file() {
        return false;
    }
    anchor.is_empty()
        || std::fs::read_to_string(&file).is_ok_and(|t| {
            t.contains(&format!("id={anchor}>"))
                || t.contains(&format!("id=\"{anchor}\""))
                || t.contains(&format!("id={anchor} "))
        })
}

#[test]
fn every_chart_on_a_page_links_to_its_permalink_which_has_every_download() {
    let out = tempfile::tempdir().unwrap();
    let diags = common::build_site(&common::shipped_root(), out.path());
    assert!(diags.is_empty(), "{diags:?}");
    let all = pages(out.path());
    let mut charts_seen = 0;
    for (rel, html) in &all {
        // The English edition's pages (issue 28) are under en/, chart pages too.
        if rel.trim_start_matches("en/").starts_with("bieu-do/") {
            continue;
        }
        // Each chart figure of a page carries the link to its permalink.
        let figures = html.matches("<figure class=\"chart chart-").count();
        let links = html.matches("chart-permalink-link").count();
        assert_eq!(
            figures, links,
            "{rel}: {figures} charts, {links} permalinks"
        );
        charts_seen += figures;
    }
    assert!(
        charts_seen > 20,
        "the shipped portal shows its charts ({charts_seen})"
    );
    let links = permalinks(out.path());
    assert!(!links.is_empty());
    let hash = Regex::new(r"^[0-9a-f]{16}$").unwrap();
    for link in &links {
        assert!(
            resolves(out.path(), link),
            "permalink {link} does not resolve"
        );
        // The URL says which page shows the chart, and what it shows; never a hash.
        let anchor = link.split_once('#').unwrap().1;
        assert!(!hash.is_match(anchor), "{link}");
    }
    // Each chart page: per chart its CSV, SVG (and PNG when made) and embed, all there;
    // every link of the page resolves.
    let snippet =
        Regex::new(r#"<textarea[^>]*><iframe src="[^"]+nhung\.html#[^"]+" title="[^"]+""#).unwrap();
    for (rel, html) in all
        .iter()
        .filter(|(r, _)| r.trim_start_matches("en/").starts_with("bieu-do/"))
    {
        for link in local_links(html) {
            assert!(
                resolves(out.path(), &link),
                "{rel}: link {link} does not resolve"
            );
        }
        if rel.ends_with("nhung.html") {
            continue;
        }
        let sections: Vec<&str> = html.split("class=chart-permalink ").skip(1).collect();
        for section in &sections {
            let files = local_links(section);
            for ext in [".csv", ".svg"] {
                assert!(
                    files
                        .iter()
                        .any(|l| l.starts_with("du-lieu/bieu-do/") && l.ends_with(ext)),
                    "{rel}: a chart without its {ext}"
                );
            }
            // The snippet, text in a <textarea> to copy, embeds the chart with a title.
            assert_eq!(snippet.find_iter(section).count(), 1, "{rel}: {section}");
            assert!(section.contains("-cite"), "{rel}: how to cite");
        }
    }
}

#[test]
fn an_embed_needs_no_script_and_nothing_outside_the_portal() {
    let out = tempfile::tempdir().unwrap();
    let diags = common::build_site(&common::shipped_root(), out.path());
    assert!(diags.is_empty(), "{diags:?}");
    let embeds: Vec<(String, String)> = pages(out.path())
        .into_iter()
        .filter(|(r, _)| r.ends_with("nhung.html"))
        .collect();
    assert!(!embeds.is_empty());
    let outside =
        Regex::new(r#"(?i)(?:src|href|action)=["']?(?:https?:)?//|url\(|@import"#).unwrap();
    for (rel, html) in &embeds {
        assert!(!html.contains("<script"), "{rel} has a script");
        assert!(
            !outside.is_match(html),
            "{rel} asks for something outside the portal"
        );
        // Its images are the charts' SVG files of the portal, which exist.
        for link in local_links(html) {
            assert!(resolves(out.path(), &link), "{rel}: {link}");
        }
        // Only the chart the URL names is shown, and each links back to its permalink.
        assert!(html.contains(":target"), "{rel}");
        let figures = html.matches("class=embed-chart").count();
        let back = local_links(html)
            .iter()
            .filter(|l| {
                l.trim_start_matches("en/").starts_with("bieu-do/")
                    && l.contains('#')
                    && !l.contains("nhung")
            })
            .count();
        assert_eq!(figures, back, "{rel}");
    }
}

#[test]
fn permalinks_and_downloads_keep_their_url_when_a_figure_changes() {
    let site = common::Site::shipped_buildable();
    let before = tempfile::tempdir().unwrap();
    let diags = common::build_site(site.root(), before.path());
    assert!(diags.is_empty(), "{diags:?}");
    let rel = "data/reports/2024-09/indicators.toml";
    site.replace(rel, "value = 3182603", "value = 3182613");
    site.replace(rel, "\"3.182.603 thẻ,", "\"3.182.613 thẻ,");
    let after = tempfile::tempdir().unwrap();
    let diags = common::build_site(site.root(), after.path());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(permalinks(before.path()), permalinks(after.path()));
    let files = |out: &Path| -> BTreeSet<String> {
        walkdir::WalkDir::new(out.join("du-lieu/bieu-do"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(files(before.path()), files(after.path()));
    // The province's line of that indicator: same URL, new figures.
    let csv = "du-lieu/bieu-do/dia-phuong/thanh-hoa/duong-bhyt-cccd-synced-thanh-hoa.csv";
    let old = std::fs::read_to_string(before.path().join(csv)).unwrap();
    let new = std::fs::read_to_string(after.path().join(csv)).unwrap();
    assert!(
        old.contains("3182603") && new.contains("3182613"),
        "{old}\n{new}"
    );
    let svg = csv.replace(".csv", ".svg");
    assert_ne!(
        std::fs::read(before.path().join(&svg)).unwrap(),
        std::fs::read(after.path().join(&svg)).unwrap()
    );
}

#[test]
fn pngs_decode_at_the_chart_width_with_the_drawings_aspect() {
    let out = tempfile::tempdir().unwrap();
    let diags = common::build_site(&common::shipped_root(), out.path());
    assert!(diags.is_empty(), "{diags:?}");
    // The province's chart page offers a PNG of each chart.
    let page = std::fs::read_to_string(out.path().join("bieu-do/dia-phuong/thanh-hoa/index.html"))
        .unwrap();
    let sections: Vec<&str> = page.split("class=chart-permalink ").skip(1).collect();
    assert!(!sections.is_empty());
    let view_box = Regex::new(r#"viewBox="0 0 (\d+) (\d+)""#).unwrap();
    for section in sections {
        let png = local_links(section)
            .into_iter()
            .find(|l| l.ends_with(".png"))
            .unwrap_or_else(|| panic!("no PNG in {section}"));
        let bytes = std::fs::read(out.path().join(&png)).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes)
            .unwrap_or_else(|e| panic!("{png} does not decode: {e}"));
        let svg = std::fs::read_to_string(out.path().join(png.replace(".png", ".svg"))).unwrap();
        let c = view_box.captures(&svg).expect("the SVG's viewBox");
        let (w, h): (f64, f64) = (c[1].parse().unwrap(), c[2].parse().unwrap());
        assert_eq!(pixmap.width(), 1080, "{png}");
        let expected = (1080.0 * h / w).round() as i64;
        assert!(
            (i64::from(pixmap.height()) - expected).abs() <= 1,
            "{png}: {}×{}, expected 1080×{expected}",
            pixmap.width(),
            pixmap.height()
        );
        // Drawn, not blank: more than one colour.
        let first = pixmap.pixels()[0];
        assert!(
            pixmap.pixels().iter().any(|p| *p != first),
            "{png} is blank"
        );
    }
}
