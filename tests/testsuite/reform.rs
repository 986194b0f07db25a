//! Localities after the 2025 reform of administrative units: the checks of
//! validity and successors, and what the built site shows of a unit that no
//! longer exists and of the units that took over its territory.

use crate::common::{self, Site};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shipped portal, built once for the page tests of this module.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::TempDir::new().expect("temporary folder");
        let errors = common::build_site(&common::shipped_root(), out.path());
        assert!(errors.is_empty(), "{errors:#?}");
        out
    })
    .path()
}

fn page(rel: &str) -> String {
    let path: PathBuf = built().join(rel).join("index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page's text as a reader sees it: tags dropped, spaces collapsed.
fn text(html: &str) -> String {
    let tags = regex::Regex::new(r"<[^>]*>").expect("regex");
    let spaced = tags.replace_all(html, " ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The links (`href`) inside the first element that starts with `start`, up to `end`.
fn links_between(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in page"));
    let rest = &html[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    let href = regex::Regex::new(r#"href="?([^" >]+)"?"#).expect("regex");
    href.captures_iter(&rest[..to])
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn a_dissolved_commune_says_since_when_and_links_its_successor_and_keeps_its_plan() {
    let html = page("dia-phuong/van-son");
    let t = text(&html);
    assert!(
        t.contains("Xã Vân Sơn không còn là đơn vị hành chính từ ngày 1/7/2025."),
        "{t}"
    );
    let banner = links_between(&html, "reform-ended", "</div>");
    assert!(
        banner.iter().any(|h| h.ends_with("dia-phuong/tan-ninh/")),
        "{banner:?}"
    );
    assert!(
        banner
            .iter()
            .any(|h| h.ends_with("nguon/#nq-1686-2025-ubtvqh15")),
        "the banner cites the resolution: {banner:?}"
    );
    assert!(t.contains("Điều 1 khoản 70; Điều 2 khoản 2, 3"), "{t}");
    // The 2024 plan and its figures stay where they are.
    assert!(html.contains("id=ke-hoach") || html.contains("id=\"ke-hoach\""));
    assert!(t.contains("72 nhiệm vụ"), "{t}");
}

#[test]
fn a_successor_links_back_to_the_units_it_took_over() {
    let html = page("dia-phuong/phuong-bim-son");
    let t = text(&html);
    assert!(
        t.contains("Phường Bỉm Sơn là đơn vị hành chính hình thành từ ngày 1/7/2025."),
        "{t}"
    );
    assert!(t.contains("Gồm địa bàn của:"), "{t}");
    let banner = links_between(&html, "reform-formed", "</div>");
    for old in ["ba-dinh-bim-son", "dong-son-bim-son", "lam-son-bim-son"] {
        assert!(
            banner
                .iter()
                .any(|h| h.ends_with(&format!("dia-phuong/{old}/"))),
            "{old} not linked: {banner:?}"
        );
    }
    assert!(
        !banner.iter().any(|h| h.contains("bac-son-bim-son")),
        "phường Bắc Sơn went to phường Quang Trung (khoản 137): {banner:?}"
    );
}

#[test]
fn a_town_lists_its_ended_wards_with_their_successors_and_keeps_its_plan() {
    let html = page("dia-phuong/bim-son");
    let t = text(&html);
    assert!(t.contains("Các đơn vị trực thuộc không còn"), "{t}");
    let table = links_between(&html, "reform-table", "</table>");
    let rows = table
        .iter()
        .filter(|h| h.contains("-bim-son/") && !h.contains("phuong-bim-son"))
        .count();
    assert_eq!(
        rows, 7,
        "six wards and one commune (khoản 136, 137): {table:?}"
    );
    assert!(
        table
            .iter()
            .any(|h| h.ends_with("dia-phuong/phuong-quang-trung/"))
    );
    // The town itself has no end date: the text that would give one was not found.
    assert!(!html.contains("reform-ended"), "no banner for the town");
    assert!(
        html.contains("id=ke-hoach") || html.contains("id=\"ke-hoach\""),
        "the town's 2024 plan stays on its page"
    );
}

#[test]
fn the_tree_shows_the_units_before_and_after_the_reform() {
    let html = page("dia-phuong");
    let before = links_between(&html, "id=cay-before", "</section>");
    let after = links_between(&html, "id=cay-after", "</section>");
    let has = |list: &[String], slug: &str| {
        list.iter()
            .any(|h| h.ends_with(&format!("dia-phuong/{slug}/")))
    };
    assert!(has(&before, "van-son") && has(&before, "dong-son-bim-son"));
    // A unit that ended is only in the first tree, except as a link from its successor.
    let after_nodes = text(&html[html.find("id=cay-after").expect("after tree")..]);
    assert!(
        !after_nodes.contains("Xã Vân Sơn có kế hoạch"),
        "{after_nodes}"
    );
    assert!(has(&after, "tan-ninh") && has(&after, "phuong-bim-son"));
    let before_text = text(
        &html[html.find("id=cay-before").expect("before")
            ..html.find("id=cay-after").expect("after")],
    );
    assert!(
        !before_text.contains("Phường Quang Trung (từ"),
        "a unit formed on the date is not in the tree before it: {before_text}"
    );
    assert!(
        before_text.contains("không còn từ 1/7/2025; nay thuộc Xã Tân Ninh"),
        "{before_text}"
    );
}

#[test]
fn the_sources_page_says_where_a_legal_text_can_be_read() {
    let t = text(&page("nguon"));
    assert!(t.contains("Nghị quyết — Ủy ban Thường vụ Quốc hội"), "{t}");
    assert!(
        t.contains("sources/legal/nq-1686-2025-ubtvqh15-thanh-hoa.md"),
        "{t}"
    );
    assert!(
        t.contains("https://github.com/dvhcvn/20250701/blob/"),
        "{t}"
    );
}

#[test]
fn the_json_dataset_carries_validity_and_successors() {
    let json =
        std::fs::read_to_string(built().join(minhbach::paths::DATASET_JSON)).expect("dataset");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let localities = v["localities"].as_array().expect("localities");
    let find = |slug: &str| {
        localities
            .iter()
            .find(|l| l["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let van_son = find("van-son");
    assert_eq!(van_son["valid_until"], "2025-07-01");
    assert_eq!(van_son["successors"], serde_json::json!(["tan-ninh"]));
    assert_eq!(van_son["validity_cite"]["source"], "nq-1686-2025-ubtvqh15");
    assert_eq!(find("tan-ninh")["valid_from"], "2025-07-01");
}

/// A cite line for appended records.
fn cite(source: &str, field: &str) -> String {
    format!("{field} = {{ source = \"{source}\", at = \"Thử nghiệm\" }}")
}

#[test]
fn validity_and_successors_are_checked_with_file_line_and_column() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    let c = cite("nq-1686-2025-ubtvqh15", "cite");
    let v = cite("nq-1686-2025-ubtvqh15", "validity_cite");
    site.append(
        file,
        &format!(
            "\n[[locality]]\nname = \"Không Căn Cứ\"\nkind = \"commune\"\nparent = \"thanh-hoa\"\n\
             valid_until = \"2025-07-01\" # thiếu căn cứ\nsuccessors = [\"tan-ninh\"]\n{c}\n\n\
             [[locality]]\nname = \"Kế Thừa Lạ\"\nkind = \"commune\"\nparent = \"thanh-hoa\"\n\
             valid_until = \"2025-07-01\"\nsuccessors = [\"khong-co\"] # không có\n{c}\n{v}\n\n\
             [[locality]]\nname = \"Lệch Ngày\"\nkind = \"commune\"\nparent = \"thanh-hoa\"\n\
             valid_until = \"2025-06-01\"\nsuccessors = [\"tan-ninh\"] # lệch ngày\n{c}\n{v}\n\n\
             [[locality]]\nname = \"Còn Tồn Tại\"\nkind = \"commune\"\nparent = \"thanh-hoa\"\n\
             successors = [\"tan-ninh\"] # chưa kết thúc\n{c}\n{v}\n\n\
             [[locality]]\nname = \"Sống Lâu Hơn\"\nkind = \"commune\"\nparent = \"van-son\" # cha đã hết\n{c}\n\n\
             [[locality]]\nname = \"Căn Cứ Thừa\"\nkind = \"commune\"\nparent = \"thanh-hoa\"\n{c}\n\
             validity_cite = {{ source = \"nq-1686-2025-ubtvqh15\", at = \"x\" }} # thừa\n"
        ),
    );
    let out = site.check();
    out.assert_fails();
    let line = |needle: &str| site.line_of(file, needle);
    out.error_at(
        file,
        line("# thiếu căn cứ"),
        15,
        "`valid_until` without `validity_cite`",
    );
    out.error(file, line("# không có"), "khong-co");
    let d = out.error_at(
        file,
        line("# lệch ngày"),
        14,
        "successor `tan-ninh` begins on 2025-07-01 but `lech-ngay` ends on 2025-06-01",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("valid_from")),
        "{}",
        d.show()
    );
    out.error_at(
        file,
        line("# chưa kết thúc"),
        14,
        "successors without valid_until",
    );
    out.error(
        file,
        line("# cha đã hết"),
        "`song-lau-hon` outlives its parent `van-son`, which ends on 2025-07-01",
    );
    out.error(file, line("# thừa"), "`validity_cite` cites nothing");
}

#[test]
fn a_successor_must_begin_the_day_its_predecessor_ends() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    // Tân Ninh loses its valid_from: Vân Sơn's successor no longer begins on 1/7/2025.
    site.replace(
        file,
        "slug = \"tan-ninh\"\nvalid_from = \"2025-07-01\"",
        "slug = \"tan-ninh\"",
    );
    site.replace(
        file,
        "validity_cite = { source = \"nq-1686-2025-ubtvqh15\", at = \"Điều 1 khoản 70; Điều 2 khoản 2\" }",
        "",
    );
    let out = site.check();
    out.assert_fails();
    let d = out.error(
        file,
        site.line_of(file, "successors = [\"tan-ninh\"]"),
        "successor `tan-ninh` has no valid_from",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("valid_from = \"2025-07-01\"")),
        "{}",
        d.show()
    );
}

#[test]
fn a_legal_text_says_where_it_can_be_read_and_has_its_passages_in_the_site() {
    let site = Site::shipped();
    let file = "data/sources.toml";
    site.replace(
        file,
        "url = \"https://github.com/dvhcvn/20250701/blob/1fe34bb35376aaad83e1179df87a6a92c33c3410/input/docs/1665_NQ-UBTVQH15.md\"\n",
        "",
    );
    site.remove("sources/legal/nq-1686-2025-ubtvqh15-thanh-hoa.md");
    let out = site.check();
    out.assert_fails();
    out.error(
        file,
        site.line_of(file, "number = \"1665/NQ-UBTVQH15\"") - 2,
        "legal text `nq-1665-2025-ubtvqh15` does not say where it can be read",
    );
    out.error_at(
        file,
        site.line_of(file, "file = \"sources/legal/nq-1686"),
        8,
        "is not a file of transcribed passages in the site",
    );
}

#[test]
fn the_reform_pages_pass_axe_at_phone_and_desktop_widths() {
    let out = built();
    let pages = [
        "dia-phuong/index.html",
        "dia-phuong/van-son/index.html",
        "dia-phuong/bim-son/index.html",
        "dia-phuong/phuong-bim-son/index.html",
        "nguon/index.html",
    ];
    let mut args: Vec<&std::ffi::OsStr> = vec!["axe".as_ref(), out.as_os_str()];
    args.extend(pages.iter().map(|p| std::ffi::OsStr::new(*p)));
    let (ok, stdout, stderr) = common::tools::node("check-pages.mjs", &args);
    assert!(ok, "axe-core in Chromium:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("\"pages\":{}", 2 * pages.len())),
        "{stdout}"
    );
}
