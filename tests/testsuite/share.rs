//! Link previews (issue 28): every page's Open Graph and Twitter card tags, absolute
//! where they must be, left out with a path-only base_url (the build warns once), the
//! site card PNG, and incremental = clean when the card's title changes.

use crate::common::{Site, TODAY, tools};
use minhbach::common::rule::Rule;
use minhbach::{BuildOptions, build, validate::Options};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::Path;

const BASE: &str = "https://example.org/de-an-06/";

fn options(base_url: Option<&str>, full: bool) -> BuildOptions {
    BuildOptions {
        validate: Options {
            today: TODAY.parse().unwrap(),
        },
        base_url: base_url.map(str::to_string),
        full,
    }
}

/// Builds `root` into `out`; returns the rules of its warnings (in order).
fn build_ok(root: &Path, out: &Path, base_url: Option<&str>, full: bool) -> Vec<Rule> {
    let (summary, diags) = build(root, out, &options(base_url, full));
    let warnings = diags.iter().map(|d| d.rule).collect();
    let errors: Vec<String> = diags.errors().iter().map(|d| d.to_string()).collect();
    assert!(summary.is_some(), "build failed: {errors:?}");
    warnings
}

/// The `property`/`name` → `content` of a page's head's `<meta>` tags, plus `canonical`
/// for its canonical link (minified HTML: quotes may be gone).
fn head_tags(html: &str) -> BTreeMap<String, String> {
    let head = &html[..html.find("</head>").expect("a head")];
    let tag = Regex::new(r"<(meta|link)\s([^>]*)>").unwrap();
    let attr = Regex::new(r#"([a-z:-]+)=("[^"]*"|'[^']*'|[^\s>]+)"#).unwrap();
    let mut out = BTreeMap::new();
    for t in tag.captures_iter(head) {
        let attrs: BTreeMap<&str, String> = attr
            .captures_iter(&t[2])
            .map(|a| {
                let v = a.get(2).unwrap().as_str().trim_matches(['"', '\'']);
                (a.get(1).unwrap().as_str(), v.replace("&amp;", "&"))
            })
            .collect();
        let key = if &t[1] == "link" {
            (attrs.get("rel").map(String::as_str) == Some("canonical")).then(|| "canonical".into())
        } else {
            attrs.get("property").or(attrs.get("name")).cloned()
        };
        if let (Some(k), Some(v)) = (key, attrs.get("content").or(attrs.get("href"))) {
            out.insert(k, v.clone());
        }
    }
    out
}

/// Pages by URL path, each with its head's tags.
type Pages = BTreeMap<String, BTreeMap<String, String>>;

/// Every HTML page of a built site: its URL path (as pages are linked) → its head's tags.
fn pages(out: &Path) -> Pages {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| !e.path().starts_with(out.join("static")))
        // A chart's embed page (issue 28) is the inside of someone else's iframe, not a page
        // to share (noindex, no frame): its chart page, shared, has the preview.
        .filter(|e| !e.path().to_string_lossy().ends_with("/nhung.html"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
            let path = rel.strip_suffix("index.html").unwrap_or(&rel).to_string();
            let html = std::fs::read_to_string(e.path()).unwrap();
            (path, head_tags(&html))
        })
        .collect()
}

fn png_size(file: &Path) -> (u32, u32) {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let p = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG that decodes");
    (p.width(), p.height())
}

#[test]
fn an_absolute_base_gives_every_page_its_preview() {
    let site = Site::shipped_buildable();
    let out = site.path("public");
    let warnings = build_ok(site.root(), &out, Some(BASE), true);
    assert!(!warnings.contains(&Rule::ShareBaseUrl), "{warnings:?}");
    let pages = pages(&out);
    every_page_has_the_preview_tags_with_absolute_urls(&pages);
    a_page_shares_its_own_summary_else_the_sites(&site, &pages);
    the_site_card_is_a_1200_by_630_png(&out, &pages);
    the_absolute_tags_are_valid_html(&out, &pages);
}

/// The validity module checks every page as built with the shipped path-only base; these are
/// the tags only an absolute base writes (`property` on `<meta>` is RDFa Lite, which the
/// Nu checker knows).
fn the_absolute_tags_are_valid_html(out: &Path, pages: &Pages) {
    let files: Vec<std::path::PathBuf> = ["", "mo-hinh/1/", "bao-cao/2024-09/", "404.html"]
        .iter()
        .inspect(|p| assert!(pages.contains_key(**p)))
        .map(|p| {
            out.join(format!(
                "{p}{}",
                if p.ends_with(".html") {
                    ""
                } else {
                    "index.html"
                }
            ))
        })
        .collect();
    let jar = tools::npm_package("vnu-jar").join("build/dist/vnu.jar");
    let run = std::process::Command::new(tools::program("java"))
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("run the Nu HTML Checker");
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && !report.contains("error"),
        "{report}"
    );
}

fn every_page_has_the_preview_tags_with_absolute_urls(pages: &Pages) {
    // Every kind of page, not only some.
    for kind in [
        "",
        "mo-hinh/",
        "mo-hinh/1/",
        "dia-phuong/quan-hoa/",
        "chi-so/",
        "bao-cao/2024-09/",
        "dich-vu-cong/",
        "nguon/",
        "du-lieu/",
        "muc-luc/",
        "tim-kiem/",
        "gioi-thieu/",
        "404.html",
    ] {
        assert!(pages.contains_key(kind), "no page {kind}");
    }
    assert!(pages.len() > 100, "{}", pages.len());
    for (path, tags) in pages {
        for key in [
            "og:title",
            "og:description",
            "og:type",
            "og:site_name",
            "og:locale",
            "og:image",
            "og:image:alt",
            "twitter:card",
        ] {
            let v = tags
                .get(key)
                .unwrap_or_else(|| panic!("/{path}: no {key}: {tags:?}"));
            assert!(!v.trim().is_empty(), "/{path}: empty {key}");
        }
        // The English edition (issue 28) shares in its own language and name.
        let (locale, name) = if path.starts_with("en/") {
            ("en_US", "Project 06 transparency portal — Thanh Hóa")
        } else {
            ("vi_VN", "Minh bạch Đề án 06 — Thanh Hóa")
        };
        assert_eq!(tags["og:locale"], locale, "/{path}");
        assert_eq!(tags["og:site_name"], name, "/{path}");
        assert_eq!(tags["twitter:card"], "summary_large_image", "/{path}");
        assert!(
            tags["og:image"].starts_with(BASE),
            "/{path}: {}",
            tags["og:image"]
        );
        if path == "404.html" {
            // Served at any missing address: it has no URL of its own to claim.
            assert!(!tags.contains_key("og:url") && !tags.contains_key("canonical"));
        } else {
            let own = format!("{BASE}{path}");
            assert_eq!(tags.get("og:url"), Some(&own), "/{path}");
            assert_eq!(tags.get("canonical"), Some(&own), "/{path}");
        }
    }
}

/// The `description = "…"` line of a TOML text.
fn description_in(toml: &str) -> String {
    Regex::new(r#"(?m)^description = "(.*)"$"#)
        .unwrap()
        .captures(toml)
        .expect("a description line")[1]
        .to_string()
}

fn a_page_shares_its_own_summary_else_the_sites(site: &Site, pages: &Pages) {
    let about = &pages["gioi-thieu/"];
    let description = description_in(&site.read("content/gioi-thieu.md"));
    assert_eq!(about["og:description"], description);
    assert_eq!(about["description"], description);
    assert_eq!(about["og:type"], "article");
    assert_eq!(about["og:title"], "Giới thiệu");
    let site_description = description_in(&site.read("site.toml"));
    let locality = &pages["dia-phuong/quan-hoa/"];
    assert_eq!(locality["og:description"], site_description);
    assert_eq!(locality["og:type"], "website");
    assert_ne!(
        pages["mo-hinh/1/"]["og:description"], site_description,
        "a model shares its goal"
    );
    assert_eq!(pages[""]["og:title"], "Minh bạch Đề án 06 — Thanh Hóa");
    // The English page shares the editor's translation of the goal, not the Vietnamese.
    assert!(
        pages["en/mo-hinh/1/"]["og:description"]
            .starts_with("Essential public services are deployed"),
        "{:?}",
        pages["en/mo-hinh/1/"]
    );
}

fn the_site_card_is_a_1200_by_630_png(out: &Path, pages: &Pages) {
    let home = &pages[""];
    let card = home["og:image"].strip_prefix(BASE).expect("under the base");
    assert_eq!(png_size(&out.join(card)), (1200, 630));
    assert_eq!(home["og:image:width"], "1200");
    assert_eq!(home["og:image:height"], "630");
    assert_eq!(home["og:image:type"], "image/png");
    assert_eq!(home["og:image:alt"], "Minh bạch Đề án 06 — Thanh Hóa");
}

#[test]
fn a_path_only_base_leaves_absolute_tags_out_and_warns_once() {
    let site = Site::shipped_buildable();
    assert!(site.read("site.toml").contains("base_url = \"/\""));
    let out = site.path("public");
    let warnings = build_ok(site.root(), &out, None, true);
    let said = warnings
        .iter()
        .filter(|r| **r == Rule::ShareBaseUrl)
        .count();
    assert_eq!(said, 1, "{warnings:?}");
    let pages = pages(&out);
    assert!(pages.len() > 100);
    for (path, tags) in &pages {
        for key in ["og:url", "og:image", "canonical"] {
            assert!(
                !tags.contains_key(key),
                "/{path}: {key} = {:?}",
                tags.get(key)
            );
        }
        assert_eq!(tags["twitter:card"], "summary", "/{path}");
        assert!(tags.contains_key("og:title") && tags.contains_key("og:description"));
    }
    assert!(
        !out.join("anh-chia-se.png").exists(),
        "no page could point to the card"
    );
    // Said again by a build with nothing to do (from the last build's manifest), once.
    let again = build_ok(site.root(), &out, None, false);
    assert_eq!(
        again.iter().filter(|r| **r == Rule::ShareBaseUrl).count(),
        1
    );
    // `check` reads no deployment's base URL (that is given to `build --base-url`): silent.
    let check = site.check();
    assert!(
        check.diags.iter().all(|d| d.rule != "MB1003"),
        "{}",
        check.dump()
    );
}

#[test]
fn a_new_title_redraws_the_card_as_a_clean_build_does() {
    let site = Site::shipped_buildable();
    let (inc, clean) = (site.path("inc"), site.path("clean"));
    build_ok(site.root(), &inc, Some(BASE), true);
    let before = std::fs::read(inc.join("anh-chia-se.png")).unwrap();
    site.replace(
        "site.toml",
        "title = \"Minh bạch Đề án 06 — Thanh Hóa\"",
        "title = \"Đề án 06 tỉnh Thanh Hóa: tiến độ\"",
    );
    build_ok(site.root(), &inc, Some(BASE), false);
    build_ok(site.root(), &clean, Some(BASE), true);
    let after = std::fs::read(inc.join("anh-chia-se.png")).unwrap();
    assert_ne!(before, after, "the card shows the title");
    assert_eq!(after, std::fs::read(clean.join("anh-chia-se.png")).unwrap());
    assert_eq!(
        pages(&inc)[""]["og:title"],
        "Đề án 06 tỉnh Thanh Hóa: tiến độ"
    );
}
