//! The alphabetical index (`muc-luc/`): every locality, model and indicator
//! of the shipped portal under its initial letter, in Vietnamese order, each
//! link leading to a page that exists.

use crate::common;
use std::path::Path;

/// The index's letters in page order, each with its entries (link, label, kind).
type Letters = Vec<(String, Vec<(String, String, String)>)>;

fn letters(out: &Path) -> Letters {
    let html = std::fs::read_to_string(out.join("muc-luc/index.html")).expect("muc-luc/ built");
    let heading = regex::Regex::new(r#"<h2 id="?chu-[^ >"]*"?>([^<]+)</h2>"#).expect("regex");
    let entry = regex::Regex::new(
        r#"<li><a href="?([^" >]+)"?>([^<]+)</a> <span class="?meta"?>([^<]+)</span></li>"#,
    )
    .expect("regex");
    let starts: Vec<_> = heading.captures_iter(&html).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let from = c.get(0).expect("match").end();
            let to = starts
                .get(i + 1)
                .map_or(html.len(), |n| n.get(0).expect("match").start());
            let entries = entry
                .captures_iter(&html[from..to])
                .map(|e| (e[1].to_string(), e[2].to_string(), e[3].to_string()))
                .collect();
            (c[1].to_string(), entries)
        })
        .collect()
}

fn shipped() -> (tempfile::TempDir, Letters) {
    let out = tempfile::TempDir::new().expect("temporary folder");
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    let l = letters(out.path());
    (out, l)
}

fn under<'a>(letters: &'a Letters, letter: &str) -> &'a [(String, String, String)] {
    &letters
        .iter()
        .find(|(l, _)| l == letter)
        .unwrap_or_else(|| panic!("no letter {letter}"))
        .1
}

#[test]
fn localities_are_filed_under_their_names_letter() {
    let (_out, letters) = shipped();
    let has = |letter: &str, label: &str, kind: &str| {
        assert!(
            under(&letters, letter)
                .iter()
                .any(|(_, l, k)| l == label && k == kind),
            "{label} ({kind}) not under {letter}: {:?}",
            under(&letters, letter)
        );
    };
    has("B", "Thị xã Bỉm Sơn", "địa phương");
    has("Q", "Huyện Quan Hóa", "địa phương");
    // Đ is a letter of its own, after D.
    has("Đ", "Huyện Đức Thọ", "địa phương");
    assert!(
        letters
            .iter()
            .filter(|(l, _)| l == "D")
            .all(|(_, e)| e.iter().all(|(_, l, _)| !l.contains("Đức"))),
    );
    // Models as the models page names them, with their number; indicators by name.
    has("C", "Chuẩn hóa xác thực tập trung (SSO)", "mô hình 25");
    has("M", "Mô hình 2", "mô hình");
    assert!(
        letters
            .iter()
            .flat_map(|(_, e)| e)
            .any(|(_, _, k)| k == "chỉ số")
    );
}

#[test]
fn every_locality_model_and_indicator_is_listed_once_and_links_to_its_page() {
    let (out, letters) = shipped();
    let entries: Vec<_> = letters.iter().flat_map(|(_, e)| e).collect();
    let data = common::shipped_root().join("data");
    let count = |file: &str, table: &str| {
        let text = std::fs::read_to_string(data.join(file)).expect("data file");
        text.lines().filter(|l| l.trim() == table).count()
    };
    let kind = |k: &str| entries.iter().filter(|(_, _, x)| x.starts_with(k)).count();
    assert_eq!(kind("địa phương"), count("localities.toml", "[[locality]]"));
    assert_eq!(kind("mô hình"), 44);
    assert_eq!(kind("chỉ số"), count("indicators.toml", "[[indicator]]"));
    let mut urls: Vec<&String> = entries.iter().map(|(u, _, _)| u).collect();
    let n = urls.len();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), n, "an entry is listed twice");
    for u in urls {
        let rel = u.strip_prefix('/').expect("a site-absolute link");
        assert!(
            out.path().join(rel).join("index.html").is_file(),
            "{u} does not exist"
        );
    }
    // Its letter links lead to its headings; the page is in the sitemap and linked from the home page.
    let html = std::fs::read_to_string(out.path().join("muc-luc/index.html")).expect("page");
    for (letter, _) in &letters {
        assert!(
            html.contains(&format!(">{letter}</a></li>")),
            "no jump link to {letter}"
        );
    }
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>/muc-luc/</loc>"));
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home");
    assert!(home.contains("href=/muc-luc/>Mục lục A–Z</a>"));
}

#[test]
fn letters_follow_the_vietnamese_alphabet() {
    let (_out, letters) = shipped();
    const ALPHABET: &str = "AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ";
    let rank = |l: &str| ALPHABET.chars().position(|c| c.to_string() == l);
    let ranks: Vec<_> = letters.iter().map(|(l, _)| rank(l).expect(l)).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{letters:?}");
    // Within a letter: Quan Hóa before Quan Sơn before Quảng Xương.
    let q: Vec<&str> = under(&letters, "Q")
        .iter()
        .map(|(_, l, _)| l.as_str())
        .filter(|l| l.starts_with("Huyện"))
        .collect();
    assert_eq!(q, ["Huyện Quan Hóa", "Huyện Quan Sơn", "Huyện Quảng Xương"]);
}

#[test]
fn a_theme_without_the_template_builds_without_the_page() {
    let site = common::Site::shipped_buildable();
    site.remove("themes/default/templates/index_az.html");
    let out = site.build();
    assert!(!out.join("muc-luc").exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(!sitemap.contains("muc-luc"));
}
