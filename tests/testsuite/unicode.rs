//! Unicode identity: a name typed composed or decomposed, or with the tone
//! mark on another vowel ("Hoá"/"Hóa"), is the same locality and the same
//! slug; the page shows the name as it was written.

use crate::common;

use common::Site;
use unicode_normalization::UnicodeNormalization;

const FILE: &str = "data/localities.toml";

#[test]
fn names_differing_only_by_tone_placement_are_duplicates() {
    // "Quan Hoá": the other tone placement of the shipped "Quan Hóa", typed composed and decomposed.
    for variant in [
        "Quan Hoá".nfc().collect::<String>(),
        "Quan Hoá".nfd().collect(),
    ] {
        let site = Site::shipped();
        let first = site.line_of(FILE, "name = \"Quan Hóa\"");
        site.append(
            FILE,
            &format!(
                "[[locality]]\nname = \"{variant}\" # kiểu khác\nkind = \"district\"\nparent = \"thanh-hoa\"\n\
                 cite = {{ source = \"kh-quan-hoa-2024\", at = \"Tiêu đề\" }}\n"
            ),
        );
        let (line, _) = site.pos_of(FILE, "# kiểu khác");
        let out = site.check();
        out.assert_fails();
        let d = out.error_at(FILE, line, 8, "duplicate locality `quan-hoa`");
        assert!(
            d.expected
                .as_deref()
                .is_some_and(|e| e.contains(&format!("{FILE}:{first}"))),
            "{}",
            d.show()
        );
    }
}

#[test]
fn a_name_retyped_in_another_form_keeps_its_references_and_page() {
    let site = Site::shipped();
    // Every reference to quan-hoa (parent, plan, report) still resolves after the retyping.
    site.replace(FILE, "name = \"Quan Hóa\"", "name = \"Quan Hoá\"");
    let out = site.check();
    out.assert_passes();
    let public = site.build();
    let page = common::page_text(&public, "dia-phuong/quan-hoa/index.html");
    // Display text stays as written.
    assert!(page.contains("Huyện Quan Hoá Thuộc Thanh Hóa"), "{page}");
}

/// The row of the deadlines table (CSV download) for the bim-son plan item whose deadline is set to `deadline`.
fn deadline_row(site: &Site, deadline: &str) -> String {
    let plan = "data/plans/bim-son.toml";
    let text = std::fs::read_to_string(common::shipped_root().join(plan)).expect("plan");
    let start = text
        .find("deadline = \"30/9/2024\"")
        .expect("the shipped deadline");
    let end = start + text[start..].find('\n').expect("end of line");
    site.write(
        plan,
        format!(
            "{}deadline = \"{deadline}\"{}",
            &text[..start],
            &text[end..]
        ),
    );
    site.check().assert_passes();
    let out = site.build();
    let csv = std::fs::read_to_string(out.join("du-lieu/han-hoan-thanh.csv")).expect("csv");
    let row = csv
        .lines()
        .find(|l| l.contains(&format!("\"{deadline}\"")))
        .unwrap_or_else(|| panic!("no row for {deadline} in\n{csv}"));
    row.replace(deadline, "AS WRITTEN")
}

#[test]
fn a_deadline_with_the_tone_on_the_u_of_quy_is_read() {
    let site = Site::shipped();
    let canonical = deadline_row(&site, "Quý III/2024");
    assert!(canonical.contains("\"2024-09-30\""), "{canonical}");
    let misplaced = deadline_row(&site, "Q\u{fa}y III/2024");
    assert_eq!(
        misplaced, canonical,
        "\"Qúy III/2024\" is not read as \"Quý III/2024\""
    );
}
