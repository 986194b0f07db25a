//! Every built page is valid HTML (the Nu HTML Checker, as used by the W3C) and
//! every kind of page passes axe-core at WCAG 2.2 AA in headless Chromium at
//! phone and desktop widths, with a visible keyboard focus; the sitemap and the
//! Atom feed are well-formed XML of their formats.

use crate::common;

use common::{build_site, shipped_root, tools};
use std::path::{Path, PathBuf};

fn built_portal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let errors = build_site(&shipped_root(), &out);
    assert!(
        errors.is_empty(),
        "the shipped portal does not build: {errors:?}"
    );
    (dir, out)
}

fn files_with(out: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let (_dir, out) = built_portal();
    let pages = files_with(&out, "html");
    assert!(pages.len() > 100, "only {} pages built", pages.len());
    let jar = tools::npm_package("vnu-jar").join("build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} missing: run scripts/install-test-tools.sh",
        jar.display()
    );
    let run = std::process::Command::new(tools::program("java"))
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("run the Nu HTML Checker");
    let report = String::from_utf8_lossy(&run.stderr);
    let errors: Vec<&str> = report.lines().filter(|l| l.contains("error")).collect();
    assert!(
        run.status.success() && errors.is_empty(),
        "{} validation errors in {} pages, e.g.:\n{}",
        errors.len(),
        pages.len(),
        errors
            .iter()
            .take(30)
            .copied()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("Nu HTML Checker: {} pages, no errors", pages.len());
}

#[test]
fn the_checker_reports_an_invalid_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(&page, "<!doctype html><html lang=vi><title>x</title><table><tr role=row><td role=cell>1</td></tr></table><div><p></div>").unwrap();
    let jar = tools::npm_package("vnu-jar").join("build/dist/vnu.jar");
    let run = std::process::Command::new(tools::program("java"))
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .arg(&page)
        .output()
        .expect("run the Nu HTML Checker");
    assert!(
        !run.status.success(),
        "the checker accepted an invalid page"
    );
}

/// One page of each kind (same folder and depth share a template), relative `/`-separated.
fn one_page_of_each_kind(out: &Path) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::new();
    for p in files_with(out, "html") {
        let rel = p
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = rel.split('/').collect();
        let kind = format!(
            "{}/{}",
            if parts.len() > 1 { parts[0] } else { &rel },
            parts.len()
        );
        seen.entry(kind).or_insert(rel);
    }
    seen.into_values().collect()
}

#[test]
fn every_kind_of_page_passes_axe_at_phone_and_desktop_widths() {
    let (_dir, out) = built_portal();
    let mut pages = one_page_of_each_kind(&out);
    // The first locality page has no figures: the province's has the readings table and charts.
    let province = "dia-phuong/thanh-hoa/index.html".to_string();
    // Chart pages and embeds (issue 28): the province's, which has charts of every kind
    // of point, and its embed, a standalone page of a kind of its own.
    for p in [
        province,
        "bieu-do/dia-phuong/thanh-hoa/index.html".to_string(),
        "bieu-do/dia-phuong/thanh-hoa/nhung.html".to_string(),
    ] {
        if !pages.contains(&p) {
            pages.push(p);
        }
    }
    let mut args: Vec<std::ffi::OsString> = vec!["axe".into(), out.clone().into_os_string()];
    args.extend(pages.iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (ok, stdout, stderr) = tools::node("check-pages.mjs", &args);
    let report: serde_json::Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("check-pages.mjs printed no report ({e}):\n{stdout}\n{stderr}"));
    assert!(ok, "axe-core in Chromium:\n{report:#}\n{stderr}");
    assert_eq!(report["pages"].as_u64(), Some(2 * pages.len() as u64));
    eprintln!(
        "axe-core WCAG 2.2 AA: {} kinds of page × 360 and 1280 px, no violations: {pages:?}",
        pages.len()
    );
}

#[test]
fn axe_reports_an_inaccessible_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html><title>x</title><img src=a.png><a href=#></a><p style=\"color:#eee;background:#fff\">mờ</p>",
    )
    .unwrap();
    let (ok, stdout, _) = tools::node(
        "check-pages.mjs",
        &[
            "axe".as_ref(),
            dir.path().as_os_str(),
            "index.html".as_ref(),
        ],
    );
    assert!(!ok && stdout.contains("image-alt"), "{stdout}");
}

#[test]
fn sitemap_and_feed_are_well_formed_xml_of_their_formats() {
    let (_dir, out) = built_portal();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert!(!urls.is_empty());
    for u in &urls {
        assert_eq!(u.tag_name().name(), "url");
        let loc = u
            .children()
            .find(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
            .and_then(|n| n.text())
            .expect("<url> has a <loc>");
        assert!(loc.len() < 2048 && !loc.contains(' '), "bad <loc> {loc}");
    }
    let feeds = files_with(&out, "xml")
        .into_iter()
        .filter(|p| !p.ends_with("sitemap.xml"))
        .collect::<Vec<_>>();
    for feed in &feeds {
        let text = std::fs::read_to_string(feed).unwrap();
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", feed.display()));
        let root = doc.root_element();
        const ATOM: &str = "http://www.w3.org/2005/Atom";
        if root.tag_name().name() == "feed" {
            assert_eq!(root.tag_name().namespace(), Some(ATOM));
            // RFC 4287: a feed has id, title and updated; every entry has id, title, updated and a link or content.
            for required in ["id", "title", "updated"] {
                assert!(
                    root.children().any(|n| n.has_tag_name((ATOM, required))),
                    "feed lacks <{required}>"
                );
            }
            for entry in root.children().filter(|n| n.has_tag_name((ATOM, "entry"))) {
                for required in ["id", "title", "updated"] {
                    assert!(
                        entry.children().any(|n| n.has_tag_name((ATOM, required))),
                        "entry lacks <{required}>"
                    );
                }
            }
        }
    }
    eprintln!(
        "sitemap: {} URLs; {} other XML file(s) well-formed",
        urls.len(),
        feeds.len()
    );
}
