//! The press office's month: `minhbach new report`, and `check` of a month to fill in.

use crate::common;

use common::Site;
use std::process::Command;

fn minhbach(site: &Site, args: &[&str]) -> std::process::Output {
    site.run(args)
}

/// The shipped September 2024 report: 69 figures, 36 model statuses, 47 service
/// rows with 7 sub-rows; plus the new document and the report's title.
const TO_FILL_IN_OCTOBER: usize = 69 + 36 + 47 + 7 + 1 + 1;

#[test]
fn new_report_scaffolds_every_value_to_fill_in_and_check_lists_them() {
    let site = Site::shipped();
    let out = minhbach(&site, &["new", "report", "2024-10", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "new failed: {stderr}");
    assert!(
        stderr.contains(&format!("{TO_FILL_IN_OCTOBER} value(s) to fill in")),
        "{stderr}"
    );
    for f in [
        "data/reports/2024-10/report.toml",
        "data/reports/2024-10/indicators.toml",
        "data/reports/2024-10/models.toml",
        "data/reports/2024-10/services.toml",
        "content/reports/2024-10.md",
    ] {
        assert!(site.path(f).is_file(), "{f} not created");
    }
    // No figure of September is carried over: the scaffold has no number-valued figure keys.
    let values = site.read("data/reports/2024-10/indicators.toml");
    let figure =
        regex::Regex::new(r"(?m)^(value|lower_bound|stated|delta|as_written)\s*=").unwrap();
    assert!(!figure.is_match(&values), "a figure was copied:\n{values}");
    let services = site.read("data/reports/2024-10/services.toml");
    let cells = regex::Regex::new(r"(?m)^(total|online|stated_rate|on_time|overdue)\s*=").unwrap();
    assert!(!cells.is_match(&services), "a service figure was copied");
    assert!(
        site.read("data/reports/2024-10/report.toml")
            .contains("status = \"draft\"")
    );

    // Draft: every value to fill in is a warning, and the check passes.
    let draft = site.check();
    draft.assert_passes();
    let listed: Vec<_> = draft
        .warnings()
        .filter(|d| d.message.starts_with("still to fill in:"))
        .collect();
    assert_eq!(listed.len(), TO_FILL_IN_OCTOBER, "{}", draft.dump());
    let line = site.line_of(
        "data/reports/2024-10/indicators.toml",
        "indicator = \"bhyt-cccd-synced\"",
    ) - 2;
    draft.warning(
        "data/reports/2024-10/indicators.toml",
        line,
        "still to fill in: figure `bhyt-cccd-synced` (the report is a draft)",
    );

    // Filling one in (and removing its marker) takes it off the list.
    site.replace(
        "data/reports/2024-10/indicators.toml",
        "to_fill = true\nindicator = \"departments-inspected\"\n",
        "indicator = \"departments-inspected\"\nvalue = 7\n",
    );
    let one_less = site.check();
    one_less.assert_passes();
    assert_eq!(
        one_less
            .warnings()
            .filter(|d| d.message.starts_with("still to fill in:"))
            .count(),
        TO_FILL_IN_OCTOBER - 1
    );

    // Final: the same list are errors and the check fails.
    site.replace(
        "data/reports/2024-10/report.toml",
        "status = \"draft\"",
        "status = \"final\"",
    );
    let fin = site.check();
    fin.assert_fails();
    assert_eq!(
        fin.errors()
            .filter(|d| d.message.starts_with("still to fill in:"))
            .count(),
        TO_FILL_IN_OCTOBER - 1,
        "{}",
        fin.dump()
    );
}

#[test]
fn new_report_refuses_to_overwrite_a_month() {
    let site = Site::shipped();
    let before = site.read("data/reports/2024-09/indicators.toml");
    let out = minhbach(&site, &["new", "report", "2024-09"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(site.read("data/reports/2024-09/indicators.toml"), before);

    // A month whose content page alone exists is refused too, and nothing is created.
    site.write("content/reports/2024-11.md", "+++\ntitle = \"x\"\n+++\n");
    let sources = site.read("data/sources.toml");
    let out = minhbach(&site, &["new", "report", "2024-11"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.path("data/reports/2024-11").exists());
    assert_eq!(site.read("data/sources.toml"), sources);

    let out = minhbach(&site, &["new", "report", "2024-13"]);
    assert_eq!(out.status.code(), Some(2), "a bad month is a usage error");
}

#[test]
fn new_report_needs_an_earlier_month() {
    let site = Site::shipped();
    let out = minhbach(&site, &["new", "report", "2024-08"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no report earlier than 2024-08"));
    assert!(!site.path("data/reports/2024-08").exists());
}

#[test]
fn the_shipped_report_opens_with_what_changed_on_a_derived_basis() {
    let site = Site::shipped();
    let out = site.build();
    let text = common::page_text(&out, "bao-cao/2024-09/index.html");
    let at = text
        .find("Thay đổi so với tháng 8/2024")
        .expect("the section");
    assert!(
        at < text.find("Số liệu trong tháng").unwrap(),
        "it opens the page"
    );
    // The largest relative move comes first; tháng 8 is derived from the stated change.
    assert!(
        text.contains("Số giấy chứng sinh được liên thông : 26.567 * → 31.598 (+5.031; +18,9 %)"),
        "{}",
        &text[at..at + 600]
    );
    assert!(text.contains("được suy ra từ mức tăng, giảm mà báo cáo này nêu"));
    assert!(text.contains("Cổng chưa có báo cáo tháng trước để so sánh tình trạng"));
    assert!(text.contains("Hạn hoàn thành trong tháng Xây dựng tối thiểu 20 DVC không sử dụng hồ sơ giấy ( Bỉm Sơn , hạn “30/9/2024”)"));
}

#[test]
fn a_second_month_compares_with_the_first() {
    let site = Site::shipped();
    assert!(
        minhbach(&site, &["new", "report", "2024-10"])
            .status
            .success()
    );
    let ten = "data/reports/2024-10/indicators.toml";
    site.fill_in(ten, "indicator = \"departments-inspected\"", "value = 21");
    site.fill_in(
        "data/reports/2024-10/models.toml",
        "model = 1",
        "status = \"completed\"",
    );
    // October is a draft: only a preview build (--drafts, as serve does) shows it.
    let public = site.build();
    assert!(
        !public.join("bao-cao/2024-10").exists(),
        "a draft is not published"
    );
    let out = site.build_with(&["--drafts"]);
    let text = common::page_text(&out, "bao-cao/2024-10/index.html");
    assert!(text.contains("Bản nháp"), "the preview says it is a draft");
    assert!(text.contains("Thay đổi so với tháng 9/2024"), "{text}");
    // SYNTHETIC: 7 in the shipped September report, 21 in this test's October.
    assert!(text.contains(": 7 → 21 (+14; +200 %)"), "{text}");
    assert!(
        !text.contains("được suy ra từ mức tăng"),
        "a reported basis is not derived"
    );
    assert!(
        text.contains(
            "Mô hình 1: Triển khai 53 dịch vụ công thiết yếu : Đang triển khai ; Chờ Trung ương triển khai → Đã hoàn thành"
        ),
        "{text}"
    );
}

#[test]
fn progress_is_line_oriented_off_a_terminal_and_silent_when_quiet() {
    let run = |quiet: bool| {
        let site = Site::shipped();
        site.copy_theme();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_minhbach"));
        cmd.args(["build", "--today", common::TODAY, "--site"])
            .arg(site.root())
            .arg("--output")
            .arg(site.path("public"));
        if quiet {
            cmd.arg("--quiet");
        }
        let o = cmd.output().expect("run build");
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let stage =
        regex::Regex::new(r"(?m)^\[ *\d+\.\d\d s\] (load|validate|assemble|render \(\d+\)|write)$")
            .unwrap();
    let lines = run(false);
    let stages: Vec<&str> = stage.find_iter(&lines).map(|m| m.as_str()).collect();
    assert_eq!(stages.len(), 5, "{lines}");
    assert!(
        !lines.contains('\r'),
        "no terminal control characters in a log"
    );
    assert!(!lines.contains('\u{1b}'), "no terminal escapes in a log");
    let quiet = run(true);
    assert!(!stage.is_match(&quiet), "{quiet}");
    assert!(quiet.contains("build: "), "the summary stays");
}
