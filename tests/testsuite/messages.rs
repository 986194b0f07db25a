//! Terminal messages in the site's language (Vietnamese for the shipped portal) or
//! `--lang`, from the catalogues `src/cli/messages/{en,vi}.toml`.

use crate::common::{self, Site};
use minhbach::cli::messages::{CATALOGUES, flatten};

/// Runs `minhbach ARGS --site <site>`: exit code and stderr, where the messages go.
fn run(site: &Site, args: &[&str]) -> (Option<i32>, String) {
    let (code, _, err) = super::diff::minhbach(site, args);
    (code, err)
}

/// The shipped site with one negative count (a SYNTHETIC edit of this test).
fn broken() -> Site {
    let site = Site::shipped();
    site.replace(
        "data/reports/2024-09/indicators.toml",
        "value = 676\n",
        "value = -676\n",
    );
    site
}

#[test]
fn check_speaks_the_sites_language_and_english_on_request() {
    let site = broken();
    let (code, vi) = run(&site, &["check", "--today", common::TODAY]);
    assert_eq!(code, Some(1));
    assert!(
        vi.lines().any(
            |l| l.starts_with("lỗi: data/reports/2024-09/indicators.toml:")
                && l.contains("negative count: -676")
        ),
        "a Vietnamese label, the place, the message:\n{vi}"
    );
    assert!(vi.contains("  = cần: a number ≥ 0"), "{vi}");
    assert!(
        vi.contains("  = quy tắc: MB0306 negative-value (Giá trị âm)"),
        "{vi}"
    );
    assert!(
        vi.contains("cảnh báo: data/reports/2024-09/services.toml:"),
        "{vi}"
    );
    assert!(vi.lines().any(|l| l == "check: 1 lỗi, 3 cảnh báo"), "{vi}");
    // The offending value is underlined whole.
    assert!(vi.contains(" | value = -676\n    |         ^^^^\n"), "{vi}");

    let (_, en) = run(&site, &["check", "--today", common::TODAY, "--lang", "en"]);
    assert!(
        en.contains("error: data/reports/2024-09/indicators.toml:"),
        "{en}"
    );
    assert!(
        en.contains("  = rule: MB0306 negative-value (Negative value)"),
        "{en}"
    );
    assert!(
        en.lines().any(|l| l == "check: 1 error(s), 3 warning(s)"),
        "{en}"
    );

    let (code, bad) = run(&site, &["check", "--lang", "fr"]);
    assert_eq!(code, Some(2), "an unknown language is a usage error");
    assert!(bad.contains("--lang `fr`"), "{bad}");
}

#[test]
fn a_site_in_another_language_gets_english_messages() {
    let site = broken();
    site.replace("site.toml", "language = \"vi\"", "language = \"fr\"");
    let (_, out) = run(&site, &["check", "--today", common::TODAY]);
    assert!(
        out.lines().any(|l| l == "check: 1 error(s), 3 warning(s)"),
        "{out}"
    );
}

#[test]
fn build_and_new_report_in_vietnamese() {
    let site = Site::shipped();
    site.copy_theme();
    let out_dir = site.path("public");
    let (code, err) = run(
        &site,
        &[
            "build",
            "--quiet",
            "--today",
            common::TODAY,
            "--output",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("build: ")
            && l.contains(" trang, ")
            && l.contains(" cảnh báo)")),
        "{err}"
    );
    let (code, err) = run(&site, &["new", "report", "2024-10"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("new: đã tạo khung tháng 2024-10 từ 2024-09: "),
        "{err}"
    );
    let (code, err) = run(&site, &["new", "report", "2024-13"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("lỗi: tháng `2024-13`: "), "{err}");
}

/// Every `"section.key"` the program asks a catalogue for is in the English one (the
/// Vietnamese one has every English key: a unit test), so no message shows as `{?}`.
#[test]
fn every_message_the_code_names_is_in_the_catalogues() {
    let en = flatten(CATALOGUES[0].1);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let key = regex::Regex::new(r#""((?:level|check|build|new|ci|diff)\.[a-z_]+)""#).unwrap();
    // Keys made from a word: `format!("diff.{field}")`, `format!("diff.{verb}")`, `format!("diff.{k}")`.
    let words = [
        "added",
        "removed",
        "changed",
        "deadline",
        "retired",
        "total",
        "online",
        "stated_rate",
        "on_time",
        "overdue",
    ];
    let mut named = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for c in key.captures_iter(&text) {
            named += 1;
            assert!(
                en.contains_key(&c[1]),
                "{} names {} that en.toml lacks",
                entry.path().display(),
                &c[1]
            );
        }
    }
    assert!(named > 40, "the scan finds the keys ({named})");
    for w in words {
        assert!(en.contains_key(&format!("diff.{w}")), "diff.{w}");
    }
}
