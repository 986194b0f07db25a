//! Nothing in content/ or data/ can make the build write outside the output
//! folder or read outside the site, and two pages never share a URL.

use crate::common;

use common::{Site, build_site};
use std::path::Path;

/// Every file under `dir`, relative.
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// Builds into `<tmp>/box/public` and asserts that the build failed with an error
/// containing every one of `needles`, and that nothing was written in `<tmp>/box`.
fn assert_refused(site: &Site, needles: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let sandbox = tmp.path().join("box");
    std::fs::create_dir_all(&sandbox).unwrap();
    let errors = build_site(site.root(), &sandbox.join("public"));
    let shown: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert!(
        shown.iter().any(|e| needles.iter().all(|n| e.contains(n))),
        "no error containing {needles:?}; errors:\n{}",
        shown.join("\n")
    );
    assert_eq!(
        files(&sandbox),
        Vec::<String>::new(),
        "a failed build wrote files"
    );
}

#[test]
fn a_data_file_linking_out_of_the_site_is_refused() {
    let site = Site::shipped_buildable();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "SECRET = \"ci-token\"\n").unwrap();
    let plan = site.facts().plan().to_string();
    site.remove(&plan);
    std::os::unix::fs::symlink(outside.path(), site.path(&plan)).unwrap();
    assert_refused(&site, &[&plan, "outside the site folder"]);
    let out = site.check();
    out.assert_fails();
    assert!(
        !out.stdout.contains("ci-token"),
        "the linked file was read: {}",
        out.stdout
    );
}

#[test]
fn a_content_page_linking_out_of_the_site_is_refused() {
    let site = Site::shipped_buildable();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "+++\ntitle = \"ci-token\"\n+++\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/lien-ket.md")).unwrap();
    assert_refused(&site, &["content/lien-ket.md", "outside the site folder"]);
}

#[test]
fn a_link_inside_the_site_is_read() {
    let site = Site::shipped_buildable();
    site.write(
        "notes/trang.md",
        "+++\ntitle = \"Trang liên kết\"\n+++\nNội dung.\n",
    );
    std::os::unix::fs::symlink(site.path("notes/trang.md"), site.path("content/trang.md")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let errors = build_site(site.root(), &out.path().join("public"));
    assert!(errors.is_empty(), "{errors:?}");
    let page = std::fs::read_to_string(out.path().join("public/trang/index.html")).unwrap();
    assert!(page.contains("Trang liên kết"));
}

#[test]
fn two_content_pages_with_one_url_is_an_error_naming_both() {
    let site = Site::shipped_buildable();
    site.write(
        "content/gioi-thieu/index.md",
        "+++\ntitle = \"Bản khác\"\n+++\nTrùng địa chỉ.\n",
    );
    assert_refused(
        &site,
        &[
            "gioi-thieu/index.md",
            "gioi-thieu.md",
            "same URL `/gioi-thieu/`",
        ],
    );
}

#[test]
fn a_content_page_over_a_generated_page_is_an_error_naming_both() {
    let site = Site::shipped_buildable();
    site.write(
        "content/mo-hinh/index.md",
        "+++\ntitle = \"Giả mạo danh sách mô hình\"\n+++\nx\n",
    );
    assert_refused(
        &site,
        &[
            "mo-hinh/index.md",
            "same URL `/mo-hinh/`",
            "made from data/",
        ],
    );
}

#[test]
fn slugs_that_climb_out_are_rejected_at_their_line() {
    for evil in [
        "../../../tmp/pwned",
        "/etc/cron.d/x",
        "..",
        "a/../../b",
        "C:\\x",
    ] {
        let site = Site::shipped_buildable();
        let f = site.facts();
        let (name, slug, _) = f.localities.last().unwrap().clone();
        let from = match &slug {
            Some(s) => format!("slug = \"{s}\""),
            None => format!("name = \"{name}\""),
        };
        let to = format!("{from}\nslug = \"{}\"", evil.replace('\\', "\\\\"));
        let to = if slug.is_some() {
            to.replacen(&from, "", 1)
        } else {
            to
        };
        site.replace("data/localities.toml", &from, to.trim_start());
        let line = site.line_of(
            "data/localities.toml",
            &format!("slug = \"{}\"", evil.replace('\\', "\\\\")),
        );
        let out = site.check();
        out.assert_fails();
        out.error("data/localities.toml", line, "not a usable slug");
        assert_refused(&site, &["data/localities.toml", "not a usable slug"]);
    }
}

#[test]
fn the_default_theme_links_to_the_sections_by_their_urls_from_paths() {
    use minhbach::paths as url;
    let sections = [
        url::MODELS,
        url::LOCALITIES,
        url::INDICATORS,
        url::SERVICES,
        url::DEADLINES,
        url::REPORTS,
        url::SOURCES,
        url::DATA,
        &url::corrections(),
    ]
    .map(str::to_string);
    let dir = common::shipped_root().join("themes/default/templates");
    let mut written_by_hand = Vec::new();
    for file in files(&dir) {
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        for s in &sections {
            // `{{ base }}mo-hinh/`: a URL that would not follow a change in paths.rs.
            for base in ["{{ base }}", "{{ root }}"] {
                if text.contains(&format!("{base}{s}")) {
                    written_by_hand.push(format!("{file}: {base}{s}"));
                }
            }
        }
    }
    assert!(
        written_by_hand.is_empty(),
        "use `section_urls` instead: {written_by_hand:#?}"
    );
}
