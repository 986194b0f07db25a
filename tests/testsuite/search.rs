//! Site search (issue 27): the folding of the Rust side and of the browser's
//! script agree; the shipped portal's index holds what a reader looks for, each
//! document once, in a few small files; a national synthetic portal's index is
//! split so that no query loads more than the budget, and a word of thousands of
//! documents finds its first results within it, as scoring every document would
//! (the index made in Rust, read by the page's script); and in headless Chromium the reader's
//! queries (accents or none, any case, composed or decomposed, typed key by
//! key) find the expected first result at phone and desktop widths, also from
//! a `file://` copy of the site.

use crate::common::{self, tools};
use crate::synth;
use minhbach::common::text::{fold, fold_words};
use minhbach::output::content::Content;
use minhbach::output::search::{Doc, Kind, QUERY_BYTES, index_files};
use std::ffi::OsStr;
use std::path::Path;

/// Runs `tests/browser/search.mjs` with `args`, returning its JSON report.
fn search_mjs(args: &[&OsStr]) -> (bool, serde_json::Value, String) {
    let (ok, stdout, stderr) = tools::node("search.mjs", args);
    let report = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("search.mjs printed no report ({e}):\n{stdout}\n{stderr}"));
    (ok, report, stderr)
}

#[test]
fn rust_and_the_search_script_fold_alike() {
    let strings = [
        "Đức Thọ",
        "ĐỨC THỌ",
        "Đu\u{31b}\u{301}c Tho\u{323}",
        "Quan Hóa",
        "Quan Hoá",
        "Bỉm Sơn",
        "lương hưu",
        "CCCD gắn chip",
        "Số 39.102/164.331 (23,03 %)",
        "Thị xã Nghi Sơn – “Khu kinh tế”",
        "ΟΔΟΣ",
        "İstanbul Straße",
        "ﬁle Ωhm K",
        "Ấp Ông Ịch Ửng Ỹ",
        "日本 2025",
        "",
    ];
    let args: Vec<&OsStr> = std::iter::once(OsStr::new("fold"))
        .chain(strings.iter().map(OsStr::new))
        .collect();
    let (ok, report, stderr) = search_mjs(&args);
    assert!(ok, "{stderr}");
    let rust: Vec<(String, Vec<String>)> =
        strings.iter().map(|s| (fold(s), fold_words(s))).collect();
    let js: Vec<(String, Vec<String>)> = serde_json::from_value(report).expect("pairs");
    for ((s, r), j) in strings.iter().zip(&rust).zip(&js) {
        assert_eq!(
            r, j,
            "“{s}”: Rust (left) and search.js (right) fold differently"
        );
    }
    assert_eq!(rust[0].0, "duc tho");
    assert_eq!(rust[1].0, rust[2].0);
    assert_eq!(rust[3].0, rust[4].0);
}

/// The arguments of the `minhbachSearch.<name>(…)` call of an index script.
fn call(text: &str, name: &str) -> serde_json::Value {
    let open = format!("minhbachSearch.{name}(");
    let start = text.find(&open).expect("a call") + open.len();
    let args = &text[start..text.rfind(");").expect("closed")];
    serde_json::from_str(&format!("[{args}]")).expect("JSON")
}

/// A built site's index: its table, the rows of its document scripts (in number
/// order), and the text of each of its files (the table's sizes checked).
fn index_of(out: &Path) -> (serde_json::Value, Vec<serde_json::Value>, Vec<String>) {
    let table = std::fs::read_to_string(out.join("tim-kiem/chi-muc.js")).expect("the index");
    let table = call(&table, "manifest")[0].clone();
    let mut rows = Vec::new();
    let mut texts = Vec::new();
    let parts = ["shards", "documents"].map(|p| table[p].as_array().expect(p).clone());
    for (n, part) in parts.iter().enumerate() {
        for s in part {
            let text =
                std::fs::read_to_string(out.join(s[1].as_str().expect("file"))).expect("script");
            assert_eq!(
                s[2].as_u64(),
                Some(text.len() as u64),
                "the table gives its size"
            );
            if n == 1 {
                let args = call(&text, "docs");
                assert_eq!(args[0], rows.len(), "{}: consecutive numbers", s[1]);
                rows.extend(args[1].as_array().expect("rows").iter().cloned());
            }
            texts.push(text);
        }
    }
    assert_eq!(table["docs"].as_u64(), Some(rows.len() as u64));
    (table, rows, texts)
}

/// Asserts that no document's row is in more than one file of an index: the
/// document scripts hold each once, and the word shards none (only words and
/// numbers).
fn rows_once(table: &serde_json::Value, rows: &[serde_json::Value], texts: &[String]) {
    let distinct: std::collections::HashSet<String> = rows.iter().map(|r| r.to_string()).collect();
    assert_eq!(distinct.len(), rows.len(), "a row in two document scripts");
    let shards = table["shards"].as_array().expect("shards").len();
    for text in &texts[..shards] {
        for entry in call(text, "shard")[1].as_array().expect("entries") {
            let ok = entry[0].is_string()
                && entry[1]
                    .as_array()
                    .is_some_and(|n| n.iter().all(|n| n.is_u64()))
                && entry.as_array().map(Vec::len) == Some(2);
            assert!(ok, "a shard holds {entry}, not a word and numbers");
        }
    }
}

/// Writes an index's files under `out`.
fn write_index(out: &Path, docs: &[Doc]) -> minhbach::output::search::IndexSize {
    let (files, size) = index_files(docs);
    for f in &files {
        let Content::Ready(text) = &f.content else {
            panic!("{} is made when written", f.path)
        };
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("written");
    }
    size
}

/// Asserts, by `search.mjs agree`, that each query loads at most the budget and
/// that its first results and their number are those of scoring every document.
fn finds_as_scoring_everything(out: &Path, queries: &[String]) -> serde_json::Value {
    let mut args: Vec<&OsStr> = vec![OsStr::new("agree"), out.as_os_str()];
    args.extend(queries.iter().map(OsStr::new));
    let (ok, report, stderr) = search_mjs(&args);
    assert!(ok, "{stderr}");
    for q in report.as_array().expect("queries") {
        assert!(
            q["bytes"].as_u64().expect("bytes") <= QUERY_BYTES as u64,
            "{q}"
        );
        if q["partial"] == false {
            assert_eq!(q["hits"], q["all_hits"], "{q}");
            assert_eq!(q["keys"], q["all_keys"], "{q}");
        }
    }
    report
}

#[test]
fn the_shipped_index_holds_what_readers_look_for_each_once_in_small_files() {
    let out = tempfile::TempDir::new().expect("temporary folder");
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    let (table, rows, texts) = index_of(out.path());
    let shards = table["shards"].as_array().expect("shards");
    assert_eq!(shards.len(), 1, "the shipped portal's words are one shard");
    let bytes: usize = texts.iter().map(String::len).sum();
    assert!(
        bytes <= 100 * 1024,
        "{bytes} bytes, even before compression"
    );
    rows_once(&table, &rows, &texts);
    let find = |kind: &str, url: &str| rows.iter().find(|r| r[0] == kind && r[3] == url);
    let duc_tho = find("l", "dia-phuong/duc-tho/").expect("Đức Thọ indexed");
    assert_eq!(
        (duc_tho[1].as_str(), duc_tho[2].as_str()),
        (Some("Huyện"), Some("Đức Thọ"))
    );
    assert!(find("m", "mo-hinh/1/").is_some() && find("m", "mo-hinh/44/").is_some());
    assert!(find("i", "chi-so/pension-recipients/").is_some());
    assert!(find("r", "bao-cao/2024-09/").is_some());
    assert!(rows.iter().any(|r| r[0] == "s" && r[3] == "dich-vu-cong/"));
    assert!(find("p", "muc-luc/").is_some() && find("p", "nguon/").is_some());
    assert!(
        !rows
            .iter()
            .any(|r| r[3] == "tim-kiem/" || r[3] == "404.html"),
        "neither the search page nor the missing page is a result"
    );
    // Each document linking to a page that was built.
    for r in &rows {
        let url = r[3].as_str().expect("url");
        let path = url.split('#').next().unwrap_or(url);
        assert!(
            out.path().join(path).join("index.html").exists(),
            "{url} not built"
        );
    }
    // The header's box on every page is a GET form to the search page; the page leads
    // to the A–Z index without JavaScript.
    for page in [
        "index.html",
        "mo-hinh/index.html",
        "dia-phuong/duc-tho/index.html",
    ] {
        let html = std::fs::read_to_string(out.path().join(page)).expect("page");
        // (The minifier drops `method=get`, the default: the form is sent as `?q=`.)
        let form = html
            .split("<form ")
            .nth(1)
            .and_then(|f| f.split('>').next())
            .unwrap_or_default();
        assert!(
            form.contains("action=/tim-kiem/")
                && form.contains("role=search")
                && !form.contains("post")
                && html.contains("name=q"),
            "{page} has no search box: <form {form}>"
        );
    }
    let search = std::fs::read_to_string(out.path().join("tim-kiem/index.html")).expect("page");
    assert!(search.contains("href=/muc-luc/") && search.contains("<noscript>"));
    assert!(
        !search.contains("id=site-search-q"),
        "one search box on the search page"
    );
}

/// The localities of a national synthetic portal as the site indexes them.
fn national_docs() -> Vec<Doc> {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let params = synth::Params {
        months: 1,
        indicators: 6,
        ..synth::Params::national()
    };
    let generated = synth::generate(dir.path(), &params).expect("generated");
    let name = |slug: &str| {
        generated
            .places
            .iter()
            .find(|p| p.slug == slug)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    generated
        .places
        .iter()
        .map(|p| Doc {
            kind: Kind::Locality,
            before: p.kind.to_string(),
            after: String::new(),
            title: p.name.clone(),
            url: format!("dia-phuong/{}/", p.slug),
            text: String::new(),
            context: p.parent.as_deref().map(name).unwrap_or_default(),
        })
        .collect()
}

#[test]
fn a_national_index_is_split_so_that_no_query_loads_more_than_the_budget() {
    let docs = national_docs();
    assert!(docs.len() > 10_000, "{} localities", docs.len());
    let out = tempfile::TempDir::new().expect("temporary folder");
    let size = write_index(out.path(), &docs);
    assert!(
        size.total_bytes > 3 * QUERY_BYTES,
        "{size:?}: a whole index that needs splitting"
    );
    assert!(size.largest_shard <= QUERY_BYTES, "{size:?}");
    // What the search page finds for these queries, with the same script.
    let first = &docs[docs.len() / 2];
    let queries = [
        first.title.clone(),
        fold(&first.title),
        "t".into(),
        "th".into(),
        "thanh".into(),
        "thanh hoa".into(),
        "a".into(),
        "xa".into(),
        "1".into(),
    ];
    let report = finds_as_scoring_everything(out.path(), &queries);
    // A whole name finds its locality, with or without its marks.
    for q in &report.as_array().expect("queries")[..2] {
        assert!(q["hits"].as_u64() > Some(0), "{q}");
        assert_eq!(q["partial"], false, "{q}");
    }
    eprintln!("national synthetic index: {size:?}; queries: {report}");
}

#[test]
fn a_word_of_every_document_finds_its_first_results_within_the_budget() {
    // SYNTHETIC: 6.000 pages with one word ("trang") in every title and text, and rows
    // long enough (a 240-character text) that all of them are 2 MB.
    let filler = "Nội dung mẫu của trang để thử chỉ mục tìm kiếm ".repeat(5);
    let docs: Vec<Doc> = (0..6000)
        .map(|i| Doc {
            kind: if i % 7 == 0 { Kind::Report } else { Kind::Page },
            before: String::new(),
            after: String::new(),
            title: format!("Trang {i} mục {}", i % 10),
            url: format!("muc-{}/trang-{i}/", i % 10),
            text: filler.chars().take(230).collect(),
            context: String::new(),
        })
        .collect();
    let out = tempfile::TempDir::new().expect("temporary folder");
    let size = write_index(out.path(), &docs);
    assert!(size.total_bytes > 6 * QUERY_BYTES, "{size:?}");
    let queries = ["trang", "trang ", "trang 12", "muc 3", "12", "noi dung"].map(String::from);
    let report = finds_as_scoring_everything(out.path(), &queries);
    let first = &report[0];
    assert_eq!(first["partial"], false, "{first}");
    assert_eq!(first["hits"], 6000, "{first}");
    assert_eq!(
        first["keys"].as_array().map(Vec::len),
        Some(20),
        "a first page of results: {first}"
    );
    // Every document's row in one file.
    let (table, rows, texts) = index_of(out.path());
    assert_eq!(rows.len(), 6000);
    rows_once(&table, &rows, &texts);
}

/// The reader's queries and their expected first result.
const CASES: &str = r#"[
  {"q": "duc tho", "url": "dia-phuong/duc-tho/"},
  {"q": "quan hoa", "url": "dia-phuong/quan-hoa/"},
  {"q": "bim son", "url": "dia-phuong/bim-son/"},
  {"q": "luong huu", "kind": "chỉ số", "title": "lương hưu"},
  {"q": "cccd", "kind": "chỉ số", "title": "CCCD"},
  {"q": "Đức Thọ", "url": "dia-phuong/duc-tho/"},
  {"q": "ĐỨC THỌ", "url": "dia-phuong/duc-tho/"},
  {"q": "Đu\u031b\u0301c Tho\u0323", "url": "dia-phuong/duc-tho/"},
  {"q": "Quan Hoá", "url": "dia-phuong/quan-hoa/"},
  {"q": "thanh hoa", "url": "dia-phuong/thanh-hoa/"},
  {"q": "mo hinh 12", "url": "mo-hinh/12/"},
  {"q": "nguon", "url": "nguon/"},
  {"q": "muc luc", "url": "muc-luc/"},
  {"q": "bim", "url": "dia-phuong/bim-son/"}
]"#;

#[test]
fn readers_queries_find_the_expected_first_result_in_chromium() {
    let out = tempfile::TempDir::new().expect("temporary folder");
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    let args = [
        OsStr::new("queries"),
        out.path().as_os_str(),
        OsStr::new(CASES),
    ];
    let (ok, report, stderr) = search_mjs(&args);
    assert!(ok, "{report:#}\n{stderr}");
    let cases: Vec<serde_json::Value> = serde_json::from_str(CASES).expect("JSON");
    assert_eq!(report["checked"].as_u64(), Some(2 * cases.len() as u64));
}

#[test]
fn the_search_works_from_a_file_url() {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let out = dir.path().join("public");
    let base = format!("file://{}/", out.display());
    let options = minhbach::BuildOptions {
        validate: minhbach::validate::Options {
            today: common::TODAY.parse().expect("a date"),
        },
        base_url: Some(base.clone()),
        full: true,
    };
    let (summary, diags) = minhbach::build(&common::shipped_root(), &out, &options);
    assert!(summary.is_some(), "{:?}", diags.errors());
    let page = format!("{base}tim-kiem/index.html");
    let cases =
        r#"[{"q": "duc tho", "url": "dia-phuong/duc-tho/"}, {"q": "cccd", "kind": "chỉ số"}]"#;
    let args = [OsStr::new("file"), OsStr::new(&page), OsStr::new(cases)];
    let (ok, report, stderr) = search_mjs(&args);
    assert!(ok, "{report:#}\n{stderr}");
    assert_eq!(report["checked"].as_u64(), Some(2));
    // The English search names a locality in English order, its kind after the name.
    let page = format!("{base}en/tim-kiem/index.html");
    let cases =
        r#"[{"q": "ba thuoc", "url": "dia-phuong/ba-thuoc/", "title": "Bá Thước District"}]"#;
    let args = [OsStr::new("file"), OsStr::new(&page), OsStr::new(cases)];
    let (ok, report, stderr) = search_mjs(&args);
    assert!(ok, "{report:#}\n{stderr}");
    assert_eq!(report["checked"].as_u64(), Some(1));
}
