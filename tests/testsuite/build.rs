//! Integration tests of `minhbach build` on the shipped portal.

use crate::common;
use minhbach::{BuildOptions, build, validate::Options};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn site_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(base_url: Option<&str>) -> BuildOptions {
    BuildOptions {
        validate: Options {
            today: "2026-11-23".parse().unwrap(),
        },
        base_url: base_url.map(str::to_string),
        full: false,
    }
}

fn build_into(out: &Path, base_url: Option<&str>) {
    let (summary, diags) = build(&site_root(), out, &options(base_url));
    let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
    assert!(summary.is_some(), "build failed: {errors:?}");
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// Data of the shipped site, read the same way the build reads it.
fn dataset() -> minhbach::model::dataset::Dataset {
    let (ds, diags) = minhbach::check(
        &site_root(),
        Options {
            today: "2026-11-23".parse().unwrap(),
        },
    );
    ds.unwrap_or_else(|| panic!("shipped data does not check: {:?}", diags.sorted()))
}

#[test]
fn every_model_locality_and_indicator_has_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let ds = dataset();
    assert_eq!(ds.models.len(), 44);
    for m in &ds.models {
        let page = read(&out, &format!("mo-hinh/{}/index.html", m.number));
        assert!(
            page.contains(&format!("Mô hình {}", m.number)),
            "model {} page lacks its number",
            m.number
        );
        if let Some(t) = &m.title {
            assert!(
                page.contains(&t.replace('"', "&quot;")) || page.contains(t.as_str()),
                "model {} page lacks its title",
                m.number
            );
        }
    }
    for l in &ds.localities {
        let page = read(&out, &format!("dia-phuong/{}/index.html", l.slug));
        assert!(
            page.contains(&l.record.name),
            "{} page lacks its name",
            l.slug
        );
    }
    for i in &ds.indicators {
        assert!(
            out.join(format!("chi-so/{}/index.html", i.id)).is_file(),
            "no page for indicator {}",
            i.id
        );
    }
    for p in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "mo-hinh/index.html",
        "dia-phuong/index.html",
        "chi-so/index.html",
        "dich-vu-cong/index.html",
        "han-hoan-thanh/index.html",
        "bao-cao/index.html",
        "bao-cao/2024-09/index.html",
        "nguon/index.html",
        "du-lieu/index.html",
        "du-lieu/du-lieu.json",
        "du-lieu/thang/2024-09.json",
        "static/style.css",
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }
}

#[test]
fn key_figures_appear_in_vietnamese_form_on_the_right_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let synced = read(&out, "chi-so/bhyt-cccd-synced/index.html");
    assert!(synced.contains("3.182.603"), "BHYT-synced figure");
    assert!(synced.contains("+594"), "its change on August");
    // August is derived from the stated change: 3.182.603 − 594.
    assert!(synced.contains("3.182.009"), "derived August value");
    let pension = read(&out, "chi-so/pension-cashless-rate/index.html");
    assert!(pension.contains("23,79\u{a0}%"), "computed pension rate");
    assert!(
        pension.contains("23,03\u{a0}%"),
        "printed pension rate kept beside it"
    );
    let services = read(&out, "dich-vu-cong/index.html");
    assert!(
        services.contains("229.046")
            && services.contains("59.257")
            && services.contains("25,87\u{a0}%"),
        "Appendix I row 2"
    );
    assert!(
        services.contains("82,09\u{a0}%") && services.contains("77,49\u{a0}%"),
        "row 22 computed and printed rates"
    );
    let home = read(&out, "index.html");
    assert!(home.contains("tháng 9/2024"), "home names the latest month");
    let model6 = read(&out, "mo-hinh/6/index.html");
    assert!(
        model6.contains("Quan Hóa"),
        "model 6 lists its adopting locality"
    );
    let van_son = read(&out, "dia-phuong/van-son/index.html");
    let tasks = regex::Regex::new(r#"<tr id="?muc-"#).unwrap();
    assert_eq!(
        tasks.find_iter(&van_son).count(),
        72,
        "the commune plan's 72 tasks"
    );
}

/// Every internal link and asset of the output resolves to a file.
#[test]
fn conflicts_between_documents_read_as_vietnamese_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let bim_son = read(&out, "dia-phuong/bim-son/index.html");
    // The plan says "gồm 09" where its appendix title says 11: the field is named for readers.
    assert!(
        bim_son.contains("Số lượng ghi trong văn bản"),
        "stated_count is labelled in Vietnamese"
    );
    let conflict = regex::Regex::new(r"Tài liệu ghi khác nhau(?s:.*?)</ul>").unwrap();
    for file in all_files(&out) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).unwrap();
        for block in conflict.find_iter(&html) {
            let block = block.as_str();
            assert!(
                !block.contains("[&quot;")
                    && !block.contains("[\"")
                    && !block.contains("<b>stated_count"),
                "{}: a conflict shows code, not text: {block}",
                file.display()
            );
        }
    }
}

fn check_links(out: &Path, prefix: &str) {
    // minify-html drops the quotes of attribute values that do not need them.
    let re = regex::Regex::new(r#"\s(?:href|src)=(?:"([^"]*)"|([^\s>"]+))"#).unwrap();
    let mut broken = BTreeSet::new();
    let mut checked = 0;
    for file in all_files(out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = fs::read_to_string(&file).unwrap();
        for cap in re.captures_iter(&html) {
            let link = cap
                .get(1)
                .or(cap.get(2))
                .map_or("", |m| m.as_str())
                .replace("&amp;", "&");
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            assert!(
                link.starts_with(prefix),
                "{}: link {link} does not start with the base path {prefix}",
                file.display()
            );
            let path = link[prefix.len()..]
                .split('#')
                .next()
                .unwrap_or("")
                .to_string();
            let target = if path.is_empty() || path.ends_with('/') {
                out.join(&path).join("index.html")
            } else {
                out.join(&path)
            };
            checked += 1;
            if !target.is_file() {
                broken.insert(format!(
                    "{} -> {link}",
                    file.strip_prefix(out).unwrap().display()
                ));
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn every_internal_link_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    check_links(&out, "/");
}

#[test]
fn a_sub_path_build_links_under_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, Some("https://example.org/de-an-06/"));
    check_links(&out, "/de-an-06/");
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/de-an-06/mo-hinh/24/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_into(&a, None);
    build_into(&b, None);
    let files_a: Vec<_> = all_files(&a)
        .iter()
        .map(|p| p.strip_prefix(&a).unwrap().to_path_buf())
        .collect();
    let files_b: Vec<_> = all_files(&b)
        .iter()
        .map(|p| p.strip_prefix(&b).unwrap().to_path_buf())
        .collect();
    assert_eq!(files_a, files_b);
    for f in files_a {
        assert!(
            fs::read(a.join(&f)).unwrap() == fs::read(b.join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

#[test]
fn a_build_with_a_data_error_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let before: Vec<(PathBuf, Vec<u8>)> = all_files(&out)
        .into_iter()
        .map(|p| (p.clone(), fs::read(&p).unwrap()))
        .collect();

    // A copy of the site with one broken figure.
    let site = copy_site(dir.path());
    let values = site.join("data/reports/2024-09/indicators.toml");
    let text =
        fs::read_to_string(&values)
            .unwrap()
            .replacen("value = 3182603", "value = \"many\"", 1);
    fs::write(&values, text).unwrap();
    let (summary, diags) = build(&site, &out, &options(None));
    assert!(summary.is_none());
    assert!(diags.has_errors());
    let after: Vec<(PathBuf, Vec<u8>)> = all_files(&out)
        .into_iter()
        .map(|p| (p.clone(), fs::read(&p).unwrap()))
        .collect();
    assert!(before == after, "the previous site changed");
    let siblings: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // The build cache (.public.minhbach-cache) stays; staging folders must not.
    assert!(
        siblings
            .iter()
            .all(|n| !n.contains("minhbach-new-") && !n.contains("minhbach-old-")),
        "staging folders left behind: {siblings:?}"
    );
}

/// A copy of the shipped site (sources, data, content, theme) under `dir`.
fn copy_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let skip = |e: &walkdir::DirEntry| {
        matches!(
            e.file_name().to_str(),
            Some("target" | ".git" | "public" | "node_modules")
        )
    };
    for entry in walkdir::WalkDir::new(site_root())
        .into_iter()
        .filter_entry(|e| !skip(e))
    {
        let entry = entry.unwrap();
        let dest = site.join(entry.path().strip_prefix(site_root()).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    site
}

#[test]
fn a_site_overrides_theme_templates_static_files_and_strings() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_site(dir.path());
    for d in ["templates", "static", "i18n"] {
        fs::create_dir_all(site.join(d)).unwrap();
    }
    fs::write(
        site.join("templates/404.html"),
        "<!DOCTYPE html><html lang=vi><title>x</title><p>Trang riêng của cổng</p></html>",
    )
    .unwrap();
    fs::write(site.join("static/style.css"), "body{color:#123456}").unwrap();
    let strings = fs::read_to_string(site.join("themes/default/i18n/vi.toml")).unwrap();
    let strings: Vec<&str> = strings
        .lines()
        .map(|l| {
            if l.starts_with("models = ") {
                "models = \"Các mô hình điểm\""
            } else {
                l
            }
        })
        .collect();
    fs::write(site.join("i18n/vi.toml"), strings.join("\n")).unwrap();
    let out = dir.path().join("public");
    let (summary, diags) = build(&site, &out, &options(None));
    assert!(summary.is_some(), "{:?}", diags.sorted());
    assert!(read(&out, "404.html").contains("Trang riêng của cổng"));
    assert!(read(&out, "static/style.css").contains("#123456"));
    assert!(
        read(&out, "index.html").contains("Các mô hình điểm"),
        "the site's translation table wins"
    );
    // Templates the site does not override still come from the theme.
    assert!(read(&out, "mo-hinh/24/index.html").contains("Mô hình 24"));
}

#[test]
fn csv_downloads_exist_for_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let csv = read(&out, "du-lieu/dich-vu-cong-2024-09-phu-luc-i.csv");
    assert_eq!(csv.lines().count(), 26, "header + 25 essential services");
    assert!(csv.contains("\"229046\",\"59257\""));
    let plan = read(&out, "du-lieu/ke-hoach-van-son.csv");
    assert_eq!(plan.lines().count(), 73, "header + 72 tasks");
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "du-lieu/du-lieu.json")).unwrap();
    assert_eq!(json["models"].as_array().unwrap().len(), 44);
}

/// The JSON dataset is an index and a file per month (a data user fetches the months
/// needed, and a rebuild rewrites the months that changed): together they are still
/// the published data serialized whole, as the single file was.
#[test]
fn the_json_index_and_months_are_the_published_data_serialized_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let mut published = dataset();
    published
        .reports
        .retain(|r| r.report.status == minhbach::model::records::ReportStatus::Final);
    assert!(!published.reports.is_empty());
    assert!(
        common::reassembled_dataset(&out) == serde_json::to_vec(&published).unwrap(),
        "the index and its months are not the published data serialized"
    );
    // Each month's file at its path, holding that month's report alone.
    for r in &published.reports {
        let path = minhbach::paths::dataset_month(&r.report.month);
        assert_eq!(
            read(&out, &path),
            serde_json::to_string(r).unwrap(),
            "{path}"
        );
    }
    let index: serde_json::Value =
        serde_json::from_str(&read(&out, minhbach::paths::DATASET_JSON)).unwrap();
    assert_eq!(
        index["months"],
        serde_json::json!([{"month": "2024-09", "status": "final", "url": "thang/2024-09.json"}])
    );
}

/// The data page lists the index and each month's file with its size and says how
/// to get the whole data; the changelog says that `du-lieu.json` lost the reports and where they are.
#[test]
fn the_data_page_and_the_changelog_show_the_json_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let data = read(&out, "du-lieu/index.html");
    for path in [
        minhbach::paths::DATASET_JSON.to_string(),
        minhbach::paths::dataset_month(&"2024-09".parse().unwrap()),
    ] {
        let bytes = fs::metadata(out.join(&path)).unwrap().len();
        let kb = ((bytes as f64 / 1024.0 * 10.0).ceil() / 10.0)
            .to_string()
            .replace('.', ",");
        let at = data
            .find(&format!("href=/{path}>"))
            .unwrap_or_else(|| panic!("no link to {path}"));
        let shown = &data[at..at + data[at..].find(" KB").expect("a size")];
        assert!(
            shown.ends_with(&format!(">{kb}")),
            "{path} is {kb} KB: {shown}"
        );
    }
    let text = common::page_text(&out, "du-lieu/index.html");
    assert!(
        text.contains("Để có toàn bộ dữ liệu: tải tệp chỉ mục"),
        "how to get the whole data: {text}"
    );
    let changes = common::page_text(&out, "dinh-chinh/index.html");
    let listed = changes
        .find("du-lieu/du-lieu.json → du-lieu/du-lieu.json , du-lieu/thang/&lt;YYYY-MM>.json")
        .unwrap_or_else(|| panic!("the change of du-lieu.json: {changes}"));
    assert!(changes[listed..].contains("(mảng reports)"), "{changes}");
}

/// A JSON document whose objects never repeat a key (most parsers keep the last silently).
struct NoRepeatedKey;

impl<'de> serde::Deserialize<'de> for NoRepeatedKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = NoRepeatedKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = m.next_key::<String>()? {
                    if !seen.insert(k.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "key `{k}` twice in one object"
                        )));
                    }
                    m.next_value::<NoRepeatedKey>()?;
                }
                Ok(NoRepeatedKey)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<Self::Value, A::Error> {
                while s.next_element::<NoRepeatedKey>()?.is_some() {}
                Ok(NoRepeatedKey)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(NoRepeatedKey)
            }
        }
        d.deserialize_any(V)
    }
}

#[test]
fn the_json_dataset_names_each_figures_locality_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&out, None);
    let text = String::from_utf8(common::reassembled_dataset(&out)).unwrap();
    // `"locality":"thanh-hoa", …, "locality":null` read as null: the figure lost its place.
    if let Err(e) = serde_json::from_str::<NoRepeatedKey>(&text) {
        panic!("the JSON dataset: {e}");
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let figures: Vec<&serde_json::Value> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["values"].as_array().unwrap())
        .collect();
    assert!(figures.len() > 50, "the shipped reports have 69 figures");
    for f in figures {
        assert!(
            f["locality"].is_string(),
            "a figure without its locality: {f}"
        );
    }
    for l in json["localities"].as_array().unwrap() {
        assert!(l["slug"].is_string(), "a locality without its slug: {l}");
    }
}
