//! Plans and statuses kept as the documents write them (issue 25).
//!
//! A deadline is the document's text, once: its parts ("Trong năm 2024" and "thực hiện
//! thường xuyên") are read from it by the program, never typed as pieces (which lost the
//! "và" between them). A model's status never says more than its assessment: where the
//! words give two states, the second is kept as `secondary_status` and shown.
//!
//! The checks run `minhbach check` on broken copies of the shipped site (as
//! `check_errors` does); the pages are those of the shipped portal, built in-process.

use crate::common;

use common::{Facts, Site, csv_rows, page_text};
use std::path::Path;

/// A cite of a source that exists.
fn cite(f: &Facts) -> String {
    format!(
        "cite = {{ source = \"{}\", at = \"Thử nghiệm\" }}",
        f.source()
    )
}

/// Appends an `[[item]]` to the first plan with `deadline_line` and then `more`;
/// returns the plan's path and the line of the first line marked `# thử`.
fn append_item(site: &Site, deadline_line: &str, more: &str) -> (String, usize) {
    let f = site.facts();
    let plan = f.plan().to_string();
    site.append(
        &plan,
        &format!(
            "[[item]]\nnumber = \"9902\"\ntitle = \"Thử thời hạn\"\n{deadline_line}\n{}\n{more}",
            cite(&f)
        ),
    );
    let line = site.line_of(&plan, "# thử");
    (plan, line)
}

#[test]
fn a_deadline_written_in_pieces_is_refused_where_it_is() {
    let site = Site::shipped();
    let (plan, line) = append_item(
        &site,
        "deadline = [\"Trong năm 2024\", \"thực hiện thường xuyên\"] # thử",
        "",
    );
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&plan, line, 12, "a deadline is kept as written, once");
    assert!(
        d.message.contains("as one string") && d.message.contains("2 pieces"),
        "the message says what to write instead: {}",
        d.show()
    );
}

#[test]
fn a_deadline_of_several_times_is_one_string_and_checks_clean() {
    let site = Site::shipped();
    append_item(
        &site,
        "deadline = \"Trong năm 2024 và thực hiện thường xuyên\" # thử",
        "",
    );
    let out = site.check();
    out.assert_passes();
    out.assert_none("Thử thời hạn");
}

#[test]
fn another_places_deadline_in_pieces_is_refused_too() {
    let site = Site::shipped();
    let f = site.facts();
    let (plan, _) = append_item(
        &site,
        "deadline = \"Quý I/2024\"",
        &format!(
            "[[item.conflict]]\nfield = \"deadline\"\nvalue = [\"Quý I/2024\", \"thường xuyên\"] # thử\n{}\n",
            cite(&f)
        ),
    );
    let line = site.line_of(&plan, "# thử");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        &plan,
        line,
        9,
        "the other place's deadline is not one string",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("kept as written, once")),
        "{}",
        d.show()
    );
}

/// The shipped September report's models file.
const MODELS: &str = "data/reports/2024-09/models.toml";
/// Model 1's status lines in the shipped data.
const MODEL_1_STATUS: &str = "status = \"in_progress\"\nsecondary_status = \"waiting_central\"\n";

#[test]
fn a_secondary_status_that_repeats_the_status_is_refused() {
    let site = Site::shipped();
    site.replace(
        MODELS,
        MODEL_1_STATUS,
        "status = \"in_progress\"\nsecondary_status = \"in_progress\" # thử\n",
    );
    let line = site.line_of(MODELS, "# thử");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        MODELS,
        line,
        20,
        "model 1: secondary_status repeats status `in_progress`",
    );
}

#[test]
fn a_secondary_status_needs_the_assessment_it_is_read_from() {
    let site = Site::shipped();
    site.replace(
        MODELS,
        "assessment = \"Đang triển khai theo lộ trình của Bộ, ngành.\"\n",
        "",
    );
    site.replace(
        MODELS,
        MODEL_1_STATUS,
        "status = \"in_progress\"\nsecondary_status = \"waiting_central\" # thử\n",
    );
    let line = site.line_of(MODELS, "# thử");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        MODELS,
        line,
        20,
        "model 1: a secondary_status without the assessment",
    );
}

/// The raw HTML of a built page.
fn html(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The row of a plan's CSV whose `number` column is `number`, as column → value.
fn plan_row(out: &Path, slug: &str, number: &str) -> std::collections::BTreeMap<String, String> {
    let rows = csv_rows(&html(out, &format!("du-lieu/ke-hoach-{slug}.csv")));
    let header = rows[0].clone();
    let row = rows
        .iter()
        .find(|r| r[0] == number)
        .unwrap_or_else(|| panic!("no item {number} in the plan of {slug}"));
    header.into_iter().zip(row.iter().cloned()).collect()
}

#[test]
fn plans_show_each_deadline_as_written_and_sort_by_its_parts() {
    let out = tempfile::TempDir::new().expect("temporary folder");
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    let out = out.path();
    // Vân Sơn task 11: the "và" between the two times is on the page, once.
    let van_son = page_text(out, "dia-phuong/van-son/index.html");
    assert!(
        van_son.contains("Trong năm 2024 và thực hiện thường xuyên (năm 2024; thường xuyên)"),
        "the text as written, then its reading"
    );
    // Bỉm Sơn item 3: both "+" lines of Mục III.3, with the ";" between them.
    let bim_son = page_text(out, "dia-phuong/bim-son/index.html");
    assert!(bim_son.contains(
        "+ Trong năm 2024 đối với cấp tài khoản VNeID và tài khoản thanh toán điện tử; + Giai đoạn 2023 -2025 đối với địa chỉ số, chữ ký số"
    ));
    // The CSV keeps the text; the due date comes from the last part ("và 2025").
    let row = plan_row(out, "van-son", "10");
    assert_eq!(row["deadline_as_written"], "Trong năm 2024 và 2025");
    assert_eq!(row["deadline_due"], "2025-12-31");
    // Đức Thọ item 10: the lead as the table writes it.
    assert_eq!(
        plan_row(out, "duc-tho", "10")["lead"],
        "Đề nghị Cục CS QLHC về TTXH"
    );
}

#[test]
fn a_models_second_status_and_the_reports_anomalies_are_shown() {
    let out = tempfile::TempDir::new().expect("temporary folder");
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    let out = out.path();
    let both = regex::Regex::new(
        r#"status-in_progress"?>Đang triển khai</span>(?:\s|<span class="?visually-hidden"?>;</span>)*<span class="status status-also status-waiting_central"?>Chờ Trung ương triển khai</span>"#,
    )
    .expect("regex");
    let model_1 = html(out, "mo-hinh/1/index.html");
    assert!(both.is_match(&model_1), "model 1's page shows both states");
    assert!(!model_1.contains("status-on_track"), "no longer “on track”");
    assert!(
        both.is_match(&html(out, "mo-hinh/index.html")),
        "the list of models shows both states"
    );
    let csv = csv_rows(&html(out, "du-lieu/mo-hinh.csv"));
    let col = |name: &str| csv[0].iter().position(|c| c == name).expect(name);
    let one = csv.iter().find(|r| r[0] == "1").expect("model 1");
    assert_eq!(one[col("latest_status")], "in_progress");
    assert_eq!(one[col("latest_secondary_status")], "waiting_central");
    // What the document says against itself is on the model's page.
    for (model, words) in [
        (20, "65.001 người hưởng chính sách người có công"),
        (9, "tổng số cơ sở đã TBLL qua ASM là 94"),
        (
            32,
            "100% cơ sở giáo dục trên địa bàn tỉnh đã sử dụng phần mềm",
        ),
        (24, "“đạt 132%”, một tỷ lệ trên 100%"),
        (30, "“đạt tỷ lệ 10,58%” mà không nói"),
        (18, "“Đến ngày 31/3/2023” (năm 2023)"),
    ] {
        let page = page_text(out, &format!("mo-hinh/{model}/index.html"));
        assert!(page.contains(words), "model {model}'s page says {words:?}");
    }
    // The results are two lines in the report; minifying the page kept them two.
    assert!(
        model_1.contains("trên địa bàn tỉnh Thanh Hóa.\n- Địa phương có 22/28 DVC"),
        "model 1's results keep their line break"
    );
    let bim_son = html(out, "dia-phuong/bim-son/index.html");
    for kept in [
        "điện tử;\n+ Giai đoạn 2023 -2025 đối với địa chỉ số",
        "tài khoản định danh điện tử đối với người dân đủ điều kiện trên địa bàn thị xã);\n+ Các phòng, ban",
    ] {
        assert!(
            bim_son.contains(kept),
            "Bỉm Sơn's plan keeps its line break: {kept:?}"
        );
    }
}
