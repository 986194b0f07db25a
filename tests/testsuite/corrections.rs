//! Corrections of published figures: data/corrections.toml, checked against
//! the data, shown on the changelog page and beside the corrected figure.
//! The correction used here is SYNTHETIC: the shipped data has none.

use crate::common;

use common::Site;

const NINE: &str = "data/reports/2024-09/indicators.toml";

/// A site whose 676 (Mục II.4.2) was corrected to 680 on 5 November 2024 (SYNTHETIC).
fn corrected() -> Site {
    let site = Site::shipped();
    site.replace(NINE, "value = 676\n", "value = 680\n");
    site.write(
        "data/corrections.toml",
        "[[correction]]\ndate = \"2024-11-05\"\nmonth = \"2024-09\"\nindicator = \"bhyt-facilities-with-lookups\"\nold = 676\nnew = 680\nreason = \"SYNTHETIC: đính chính thử nghiệm\"\ncite = { source = \"bc-thanh-hoa-2024-09\", at = \"Mục II.4.2\" }\n",
    );
    site
}

#[test]
fn the_shipped_changelog_says_there_is_no_correction() {
    let site = Site::shipped();
    let out = site.build();
    let page = common::page_text(&out, "dinh-chinh/index.html");
    assert!(
        page.contains("Chưa có số liệu nào được đính chính sau khi công bố."),
        "{page}"
    );
    assert!(!common::page_text(&out, "bao-cao/2024-09/index.html").contains("đã đính chính"));
    // Every page links the changelog.
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("/dinh-chinh/"));
}

#[test]
fn a_correction_is_shown_on_the_changelog_and_beside_the_figure() {
    let site = corrected();
    site.check().assert_passes();
    let out = site.build();
    let page = common::page_text(&out, "dinh-chinh/index.html");
    assert!(
        page.contains("5/11/2024 Số cơ sở ký hợp đồng KCB BHYT có phát sinh tra cứu"),
        "{page}"
    );
    assert!(
        page.contains("676 680 (+4) SYNTHETIC: đính chính thử nghiệm"),
        "{page}"
    );
    assert!(!page.contains("Chưa có số liệu nào được đính chính"));
    let report = common::page_text(&out, "bao-cao/2024-09/index.html");
    assert!(
        report.contains("680 đã đính chính 5/11/2024, trước đây công bố 676"),
        "{report}"
    );
    // The province's page shows it beside its latest figure too.
    let province = common::page_text(&out, "dia-phuong/thanh-hoa/index.html");
    assert!(
        province.contains("680 đã đính chính 5/11/2024, trước đây công bố 676"),
        "{province}"
    );
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<published>2024-09-30T00:00:00+07:00</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2024-11-05T00:00:00+07:00</updated>"),
        "the correction updates the entry"
    );
    let html = std::fs::read_to_string(out.join("bao-cao/2024-09/index.html")).unwrap();
    assert!(
        html.contains("/dinh-chinh/#2024-11-05-2024-09-bhyt-facilities-with-lookups-thanh-hoa")
    );
}

#[test]
fn a_correction_must_match_the_data() {
    let site = corrected();
    let file = "data/corrections.toml";
    site.replace(file, "new = 680", "new = 681");
    let out = site.check();
    out.assert_fails();
    out.error(
        file,
        site.line_of(file, "new = 681"),
        "`new = 681` but the figure in data/reports/2024-09/indicators.toml is 680",
    );

    site.replace(file, "new = 681", "new = 680");
    site.replace(file, "bhyt-facilities-with-lookups", "no-such-indicator");
    let out = site.check();
    out.error(
        file,
        site.line_of(file, "no-such-indicator"),
        "has no figure `no-such-indicator`",
    );

    site.replace(file, "no-such-indicator", "bhyt-facilities-with-lookups");
    site.replace(file, "2024-11-05", "2030-01-01");
    site.replace(file, "month = \"2024-09\"", "month = \"2024-08\"");
    let out = site.check();
    out.error(file, site.line_of(file, "date = "), "is in the future");
    out.error(
        file,
        site.line_of(file, "month = "),
        "no report for 2024-08 to correct",
    );
}
