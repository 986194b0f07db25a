//! `diff --format markdown`: the pull-request comment in the site's language (Vietnamese
//! for the shipped portal, English with `--lang en`), records named as the site names
//! them with their ids in code spans, linked under a base URL, folded when long.
//! The repository and its SYNTHETIC edits are those of `diff.rs`.

use crate::diff::{minhbach, two_commits};

const BASE: &str = "https://example.org/de-an-06/";

#[test]
fn markdown_comment_is_in_vietnamese_and_names_records_as_the_site_does() {
    let site = two_commits();
    let (code, out, err) = minhbach(
        &site,
        &[
            "diff",
            "before",
            "HEAD",
            "--format",
            "markdown",
            "--base-url",
            BASE,
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("## Thay đổi dữ liệu từ `before ("),
        "a Vietnamese heading:\n{out}"
    );
    for line in [
        // The summary table: the kinds that changed.
        "| Loại | Số lượng |",
        "| Số liệu | 3 thêm, 1 sửa, 1 bỏ |",
        "| Tình trạng mô hình | 1 |",
        "| Cần xem lại | 2 |",
        "### ⚠️ Cần xem lại (2)",
        // A figure: its month, indicator and locality by name, linked, with ids in code spans.
        "| [tháng 9/2024](https://example.org/de-an-06/bao-cao/2024-09/) | [Số cơ sở ký hợp đồng KCB BHYT có phát sinh tra cứu](https://example.org/de-an-06/chi-so/bhyt-facilities-with-lookups/) `bhyt-facilities-with-lookups` | [Thanh Hóa](https://example.org/de-an-06/dia-phuong/thanh-hoa/) `thanh-hoa` | 676 | 680 | +4; +0,6\u{a0}% |",
        // A figure removed: the document's words, as the site shows them.
        "| [tháng 9/2024](https://example.org/de-an-06/bao-cao/2024-09/) | [Lĩnh vực Ngân hàng](https://example.org/de-an-06/chi-so/banking-utilities/) `banking-utilities` | [Thanh Hóa](https://example.org/de-an-06/dia-phuong/thanh-hoa/) `thanh-hoa` | không phát sinh | — |  |",
        // A plan item's deadline, as written.
        "| thời hạn | [Bỉm Sơn](https://example.org/de-an-06/dia-phuong/bim-son/) `bim-son` | mục 1: Xây dựng tối thiểu 20 DVC không sử dụng hồ sơ giấy | 30/9/2024 | 31/12/2024 |",
        "| thêm | [SYNTHETIC Thử nghiệm](https://example.org/de-an-06/dia-phuong/synthetic-thu-nghiem/) `synthetic-thu-nghiem` |",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing line {line:?} in\n{out}"
        );
    }
    // A flag names the figure as the site does and gives the month in words.
    let flag = out
        .lines()
        .find(|l| l.starts_with("- ") && l.contains("`departments-inspected`"))
        .unwrap_or_else(|| panic!("the +200 % flag in\n{out}"));
    assert!(
        flag.contains("tháng 9/2024 → 21 (+200\u{a0}%), vượt ngưỡng 50\u{a0}%"),
        "{flag}"
    );
    // Small sections are open; every section is a <details> with its heading.
    assert!(
        out.contains(
            "<details open><summary><strong>Số liệu: 3 thêm, 1 sửa, 1 bỏ</strong></summary>"
        ),
        "{out}"
    );
    assert!(
        !out.contains("{?}"),
        "every message is in the catalogue:\n{out}"
    );
    tables_are_well_formed(&out);
}

/// Every table is a header row, then its delimiter row, then rows of as many cells:
/// otherwise a git host shows the lines as text.
fn tables_are_well_formed(md: &str) {
    let lines: Vec<&str> = md.lines().collect();
    let cells = |l: &str| l.trim_matches('|').replace("\\|", "").split('|').count();
    let mut i = 0;
    let mut tables = 0;
    while i < lines.len() {
        if !lines[i].starts_with('|') {
            i += 1;
            continue;
        }
        tables += 1;
        let width = cells(lines[i]);
        let delimiter = lines.get(i + 1).copied().unwrap_or("");
        let is_delimiter = delimiter
            .trim_matches('|')
            .split('|')
            .all(|c| c.trim().trim_end_matches(':') == "---");
        assert!(
            is_delimiter,
            "a delimiter row after the header {:?}, not {delimiter:?}",
            lines[i]
        );
        assert_eq!(cells(delimiter), width, "{delimiter}");
        i += 2;
        while i < lines.len() && lines[i].starts_with('|') {
            assert_eq!(cells(lines[i]), width, "row {:?}", lines[i]);
            i += 1;
        }
    }
    assert!(
        tables >= 3,
        "the summary and the sections are tables ({tables})"
    );
}

#[test]
fn markdown_comment_in_english_and_without_links_when_no_absolute_base_url() {
    let site = two_commits();
    // The shipped base_url is `/`: not absolute, so nothing is linked.
    let (code, out, err) = minhbach(
        &site,
        &["diff", "before", "--format", "markdown", "--lang", "en"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("## Data changes from `before ("), "{out}");
    assert!(out.contains("to the working tree\n"), "{out}");
    assert!(
        !out.contains("](http"),
        "no links without a base URL:\n{out}"
    );
    for line in [
        "| Figures | 3 added, 1 changed, 1 removed |",
        "| 2024-09 | Số cơ sở ký hợp đồng KCB BHYT có phát sinh tra cứu `bhyt-facilities-with-lookups` | Thanh Hóa `thanh-hoa` | 676 | 680 | +4; +0,6\u{a0}% |",
        "| deadline | Bỉm Sơn `bim-son` | item 1: Xây dựng tối thiểu 20 DVC không sử dụng hồ sơ giấy | 30/9/2024 | 31/12/2024 |",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing line {line:?} in\n{out}"
        );
    }
    tables_are_well_formed(&out);
}

#[test]
fn a_large_change_is_summarised_first_and_folded() {
    let site = two_commits();
    // SYNTHETIC: every figure of September changed by one, in the working tree.
    let nine = "data/reports/2024-09/indicators.toml";
    let text = site.read(nine);
    let re = regex::Regex::new(r"(?m)^value = (\d+)$").unwrap();
    let bumped = re.replace_all(&text, |c: &regex::Captures| {
        format!("value = {}", c[1].parse::<u64>().unwrap() + 1)
    });
    let changed = re.find_iter(&text).count();
    assert!(changed > 10, "enough figures to fold ({changed})");
    site.write(nine, bumped.as_bytes());
    let (code, out, err) = minhbach(
        &site,
        &["diff", "HEAD", "--format", "markdown", "--lang", "en"],
    );
    assert_eq!(code, Some(0), "{err}");
    let summary = out.find("| Figures |").expect("summary table");
    let details = out
        .find("<details><summary>")
        .expect("a folded (closed) section");
    assert!(summary < details, "the summary comes before the details");
    let rows = out.lines().filter(|l| l.starts_with("| 2024-09 |")).count();
    assert_eq!(rows, changed, "one row per changed figure");
}
