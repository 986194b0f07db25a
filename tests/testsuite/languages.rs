//! The English edition (issue 28): every page in both languages with its `lang`, the
//! switcher and `hreflang` alternates (head and sitemap), one feed per language, numbers
//! in each language's format, untranslated content marked, the i18n files with the
//! same keys, a site in one language unchanged, and English pages axe-clean in Chromium.

use crate::common;

use common::{build_site, shipped_root, tools};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The shipped portal (Vietnamese and English), built once per test that needs it.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let errors = build_site(&shipped_root(), &out);
    assert!(
        errors.is_empty(),
        "the shipped portal does not build: {errors:?}"
    );
    (dir, out)
}

/// Every `.html` file under `out`, relative and `/`-separated.
fn pages(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The URL path of a page file: `mo-hinh/1/index.html` → `/mo-hinh/1/`.
fn url_of(rel: &str) -> String {
    format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

#[test]
fn every_page_exists_in_both_languages_with_its_lang_switcher_and_hreflang() {
    let (_dir, out) = built();
    let all = pages(&out);
    let vi: Vec<&String> = all.iter().filter(|p| !p.starts_with("en/")).collect();
    assert!(vi.len() > 100, "only {} Vietnamese pages", vi.len());
    // A chart's embed (nhung.html) is the inside of another site's iframe: it has its
    // English twin but no switcher or alternates.
    for p in vi.iter().filter(|p| p.ends_with("nhung.html")) {
        assert!(
            all.contains(&format!("en/{p}")),
            "/{p} has no English embed"
        );
    }
    for p in vi.iter().filter(|p| !p.ends_with("nhung.html")) {
        let en = format!("en/{p}");
        assert!(all.contains(&en), "/{p} has no English page /{en}");
        let (vi_html, en_html) = (read(&out, p), read(&out, &en));
        assert!(vi_html.contains("<html lang=vi>"), "/{p}: not lang=vi");
        assert!(en_html.contains("<html lang=en>"), "/{en}: not lang=en");
        let (vi_url, en_url) = (url_of(p), url_of(&en));
        for (html, page) in [(&vi_html, p.as_str()), (&en_html, en.as_str())] {
            for (lang, url) in [("vi", &vi_url), ("en", &en_url), ("x-default", &vi_url)] {
                assert!(
                    html.contains(&format!("<link href={url} hreflang={lang} rel=alternate>")),
                    "/{page}: no hreflang={lang} alternate {url}"
                );
            }
        }
        // The switcher leads to the same page in the other language, named in that language.
        assert!(
            vi_html.contains(&format!("<a href={en_url} hreflang=en lang=en>English</a>")),
            "/{p}: no switcher to {en_url}"
        );
        assert!(
            en_html.contains(&format!(
                "<a href={vi_url} hreflang=vi lang=vi>Tiếng Việt</a>"
            )),
            "/{en}: no switcher to {vi_url}"
        );
    }
    // Links inside the English tree stay in it; downloads and styles are the site's.
    let home = read(&out, "en/index.html");
    assert!(
        home.contains("href=/en/mo-hinh/"),
        "English home links out of its tree"
    );
    assert!(
        home.contains("href=/static/style.css"),
        "English pages lose the stylesheet"
    );
    assert!(!out.join("en/static").exists() && !out.join("en/du-lieu/chi-so-").exists());
    // Untranslated data text is inside lang="vi" on English pages, and only there.
    let models = read(&out, "en/mo-hinh/index.html");
    assert!(
        models.contains("Group I. <span lang=vi>Nhóm"),
        "model groups not marked"
    );
    assert!(!read(&out, "mo-hinh/index.html").contains("<span lang=vi>"));
}

#[test]
fn numbers_and_months_are_written_in_each_languages_format() {
    let (_dir, out) = built();
    let vi = common::page_text(&out, "dia-phuong/thanh-hoa/index.html");
    let en = common::page_text(&out, "en/dia-phuong/thanh-hoa/index.html");
    // The pension rate 39.102/164.331 is printed as 23,03 % (Thanh Hóa's September report),
    // shown beside the computed one (a space or a no-break space before the sign).
    for (text, number, percent, month) in [
        (&vi, "3.182.603", r"văn bản ghi 23,03\s%", "tháng 9/2024"),
        (
            &en,
            "3,182,603",
            r"document says 23\.03\s%",
            "September 2024",
        ),
    ] {
        assert!(text.contains(number), "no {number}");
        let percent = regex::Regex::new(percent).unwrap();
        assert!(percent.is_match(text), "no {percent}");
        assert!(text.contains(month), "no {month}");
    }
    assert!(!en.contains("3.182.603"), "a Vietnamese number in English");
    // The same figures: never a translated value, only its format.
    assert!(vi.matches("3.182.603").count() == en.matches("3,182,603").count());
}

/// A locality is named with its kind in each language's order ("Tỉnh Thanh Hóa",
/// "Thanh Hóa Province"): in its heading and title, the tree, the A–Z index and its children's links.
#[test]
fn localities_are_named_with_their_kind_in_each_languages_order() {
    let (_dir, out) = built();
    // Links and list items, each one name: `>Tỉnh Thanh Hóa<`.
    for (page, named, wrong) in [
        ("dia-phuong/index.html", "Tỉnh Thanh Hóa", "Thanh Hóa Tỉnh"),
        ("muc-luc/index.html", "Tỉnh Thanh Hóa", "Thanh Hóa Tỉnh"),
        (
            "dia-phuong/thanh-hoa/index.html",
            "Huyện Bá Thước",
            "Bá Thước Huyện",
        ),
        (
            "en/dia-phuong/index.html",
            "Thanh Hóa Province",
            "Province Thanh Hóa",
        ),
        (
            "en/muc-luc/index.html",
            "Thanh Hóa Province",
            "Province Thanh Hóa",
        ),
        (
            "en/dia-phuong/thanh-hoa/index.html",
            "Bá Thước District",
            "District Bá Thước",
        ),
    ] {
        let html = read(&out, page);
        assert!(html.contains(&format!(">{named}<")), "{page}: no {named:?}");
        assert!(!html.contains(&format!(">{wrong}<")), "{page}: {wrong:?}");
    }
    let vi = read(&out, "dia-phuong/thanh-hoa/index.html");
    let en = read(&out, "en/dia-phuong/thanh-hoa/index.html");
    assert!(vi.contains("<title>Tỉnh Thanh Hóa"), "the page's title");
    assert!(
        en.contains("<title>Thanh Hóa Province"),
        "the English page's title"
    );
    let heading = regex::Regex::new(r#"<h1>Tỉnh Thanh Hóa</h1>"#).unwrap();
    assert!(heading.is_match(&vi), "the heading");
    let heading =
        regex::Regex::new(r#"<h1><span lang="?vi"?>Thanh Hóa</span> Province</h1>"#).unwrap();
    assert!(
        heading.is_match(&en),
        "the English heading marks the name as Vietnamese"
    );
    // The search results: the kind before the name in Vietnamese, after it in English
    // (search.js shows a document's `before`, its title, then its `after`, when it has one).
    let documents = |index: &str| -> String {
        let dir = out.join(index).join("tai-lieu");
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| fs::read_to_string(f).unwrap())
            .collect()
    };
    let (vi, en) = (documents("tim-kiem"), documents("en/tim-kiem"));
    assert!(
        vi.contains(r#"["l","Tỉnh","Thanh Hóa","dia-phuong/thanh-hoa/","",""]"#),
        "the Vietnamese search document of the province"
    );
    assert!(
        en.contains(r#"["l","","Thanh Hóa","dia-phuong/thanh-hoa/","","","Province"]"#),
        "the English search document of the province"
    );
    assert!(
        en.contains(
            r#"["l","","Bá Thước","dia-phuong/ba-thuoc/","","Thanh Hóa Province","District"]"#
        ),
        "a district, with its province named in English order"
    );
}

#[test]
fn source_locators_on_english_pages_are_marked_as_vietnamese() {
    // "[Mục II.3]", "[Tiêu đề]": the place in the source, in the source's own words.
    let (_dir, out) = built();
    let cite = regex::Regex::new(r#"<a [^>]*class="?cite[^>]*>"#).unwrap();
    let marked = regex::Regex::new(r#" lang="?vi"?[ >]"#).unwrap();
    let mut seen = 0;
    for page in [
        "dia-phuong/thanh-hoa/index.html",
        "mo-hinh/1/index.html",
        "index.html",
        "dinh-chinh/index.html",
    ] {
        let vi = read(&out, page);
        let en = read(&out, &format!("en/{page}"));
        for a in cite.find_iter(&vi) {
            assert!(!marked.is_match(a.as_str()), "{page}: {}", a.as_str());
        }
        for a in cite.find_iter(&en) {
            assert!(marked.is_match(a.as_str()), "en/{page}: {}", a.as_str());
            seen += 1;
        }
    }
    assert!(seen > 10, "only {seen} source links on the English pages");
}

#[test]
fn one_feed_per_language_and_the_sitemap_lists_the_alternates() {
    let (_dir, out) = built();
    let vi = read(&out, "feed.xml");
    let en = read(&out, "en/feed.xml");
    assert!(vi.contains("xml:lang=\"vi\"") && en.contains("xml:lang=\"en\""));
    assert!(
        en.contains("href=\"/en/bao-cao/2024-09/\""),
        "English feed links Vietnamese pages"
    );
    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    assert!(urls.len() > 200, "only {} URLs", urls.len());
    for u in urls {
        let links: Vec<(&str, &str)> = u
            .children()
            .filter(|c| c.has_tag_name((xhtml, "link")))
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap(),
                    c.attribute("href").unwrap(),
                )
            })
            .collect();
        let hreflangs: Vec<&str> = links.iter().map(|l| l.0).collect();
        assert_eq!(hreflangs, ["vi", "en", "x-default"], "{:?}", u.text());
    }
}

#[test]
fn an_untranslated_content_page_is_shown_in_vietnamese_marked_and_a_translation_replaces_it() {
    let site = common::Site::shipped_buildable();
    site.write(
        "content/thu-nghiem.md",
        "+++\ntitle = \"Trang thử nghiệm\"\ndescription = \"Chỉ có tiếng Việt.\"\n+++\nNội dung tiếng Việt.\n",
    );
    site.write(
        "content/hai-thu-tieng.md",
        "+++\ntitle = \"Hai thứ tiếng\"\n+++\nBản tiếng Việt.\n",
    );
    site.write(
        "content/hai-thu-tieng.en.md",
        "+++\ntitle = \"Two languages\"\n+++\nThe English text.\n",
    );
    let out = site.build();
    let fallback = read(&out, "en/thu-nghiem/index.html");
    assert!(
        fallback.contains("<h1 lang=vi>Trang thử nghiệm</h1>"),
        "{fallback}"
    );
    assert!(fallback.contains("class=\"note fallback\">This page has not been translated yet"));
    assert!(fallback.contains("<div class=prose lang=vi><p>Nội dung tiếng Việt."));
    assert!(fallback.contains("<p class=lead lang=vi>Chỉ có tiếng Việt.</p>"));
    let translated = read(&out, "en/hai-thu-tieng/index.html");
    assert!(
        translated.contains("<h1>Two languages</h1>") && translated.contains("The English text.")
    );
    assert!(!translated.contains("fallback") && !translated.contains("Bản tiếng Việt"));
    // The translation is a page of its language only: no /hai-thu-tieng.en/ anywhere.
    let vi = read(&out, "hai-thu-tieng/index.html");
    assert!(vi.contains("Bản tiếng Việt.") && !vi.contains("The English text."));
    assert!(!out.join("hai-thu-tieng.en").exists() && !out.join("en/hai-thu-tieng.en").exists());
    assert!(!read(&out, "thu-nghiem/index.html").contains("fallback"));
}

#[test]
fn a_site_in_one_language_has_no_other_tree_switcher_or_alternates() {
    let site = common::Site::shipped_buildable();
    let toml = site.read("site.toml");
    let cut = toml
        .find("[languages.en]")
        .expect("the shipped site has English");
    site.write("site.toml", &toml[..cut]);
    let out = site.build();
    assert!(
        !out.join("en").exists(),
        "an English tree without [languages.en]"
    );
    for p in pages(&out) {
        let html = read(&out, &p);
        assert!(
            !html.contains("hreflang") && !html.contains("class=languages"),
            "/{p}"
        );
    }
    assert!(!read(&out, "sitemap.xml").contains("xhtml"));
}

#[test]
fn a_language_code_that_is_not_one_is_an_error_at_its_line() {
    let site = common::Site::shipped_buildable();
    site.append("site.toml", "\n[languages.\"en us\"]\ntitle = \"x\"\n");
    let errors = build_site(site.root(), &site.path("public"));
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("`en us` is not a language code")
                && e.file.ends_with("site.toml")),
        "{errors:?}"
    );
}

#[test]
fn the_i18n_files_of_the_theme_have_the_same_keys() {
    fn keys(t: &toml::Table, prefix: &str, out: &mut BTreeSet<String>) {
        for (k, v) in t {
            match v {
                toml::Value::Table(sub) => keys(sub, &format!("{prefix}{k}."), out),
                _ => {
                    out.insert(format!("{prefix}{k}"));
                }
            }
        }
    }
    let dir = shipped_root().join("themes/default/i18n");
    let mut sets = Vec::new();
    for lang in ["vi", "en"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.toml"))).unwrap();
        let mut set = BTreeSet::new();
        keys(&toml::from_str(&text).unwrap(), "", &mut set);
        sets.push(set);
    }
    let (vi, en) = (&sets[0], &sets[1]);
    assert!(vi.len() > 400, "only {} keys", vi.len());
    assert_eq!(
        vi.difference(en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in en.toml"
    );
    assert_eq!(
        en.difference(vi).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in vi.toml"
    );
}

#[test]
fn english_pages_pass_axe_at_phone_and_desktop_widths() {
    let (_dir, out) = built();
    let pages = [
        "en/index.html",
        "en/dia-phuong/thanh-hoa/index.html",
        "en/mo-hinh/1/index.html",
        "en/chi-so/index.html",
        "en/bao-cao/2024-09/index.html",
        "en/gioi-thieu/index.html",
        "en/du-lieu/index.html",
        "en/tim-kiem/index.html",
    ];
    let mut args: Vec<std::ffi::OsString> = vec!["axe".into(), out.clone().into_os_string()];
    args.extend(pages.iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (ok, stdout, stderr) = tools::node("check-pages.mjs", &args);
    assert!(
        ok,
        "axe-core in Chromium on English pages:\n{stdout}\n{stderr}"
    );
}
