//! Localities, months and report folders.

use super::*;

// ---------------------------------------------------------------- localities

#[test]
fn locality_cannot_be_its_own_parent() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Vòng Lặp\"\nkind = \"commune\"\nparent = \"vong-lap\" # chính nó\n{}\n",
            cite(&site.facts())
        ),
    );
    let (line, _) = site.pos_of(file, "# chính nó");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, line, 10, "a locality cannot be its own parent");
}

#[test]
fn locality_parent_cycle() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    let c = cite(&site.facts());
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Vòng Một\"\nkind = \"commune\"\nparent = \"vong-hai\" # vòng 1\n{c}\n\n\
             [[locality]]\nname = \"Vòng Hai\"\nkind = \"commune\"\nparent = \"vong-mot\" # vòng 2\n{c}\n"
        ),
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(
        file,
        site.line_of(file, "# vòng 1"),
        10,
        "locality `vong-mot` is inside a cycle of parents",
    );
    out.error_at(
        file,
        site.line_of(file, "# vòng 2"),
        10,
        "locality `vong-hai` is inside a cycle of parents",
    );
}

#[test]
fn invalid_date_and_reversed_validity() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    let parent = f.slugs()[0].to_string();
    let c = cite(&f);
    let v = c.replace("cite =", "validity_cite =");
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Ngày Sai\"\nkind = \"commune\"\nparent = \"{parent}\"\nvalid_from = \"2024-02-30\"\n{c}\n\n\
             [[locality]]\nname = \"Ngược Thời Gian\"\nkind = \"commune\"\nparent = \"{parent}\"\n\
             valid_from = \"2025-07-01\"\nvalid_until = \"2025-06-30\" # kết thúc trước\n{c}\n{v}\n"
        ),
    );
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        file,
        site.line_of(file, "2024-02-30"),
        14,
        "\"2024-02-30\": no such day",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("YYYY-MM-DD")),
        "{}",
        d.show()
    );
    out.error_at(
        file,
        site.line_of(file, "# kết thúc trước"),
        15,
        "valid_until 2025-06-30 is not after valid_from 2025-07-01",
    );
}

#[test]
fn cite_without_place_and_model_number_zero() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/models.toml";
    site.append(
        file,
        &format!(
            "[[model]]\nnumber = 0 # số không\ntitle = \"Thử\"\ncite = {{ source = \"{}\", at = \"  \" }} # không nói ở đâu\n",
            f.source()
        ),
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(
        file,
        site.line_of(file, "# số không"),
        10,
        "model numbers start at 1",
    );
    out.error_at(
        file,
        site.line_of(file, "# không nói ở đâu"),
        8,
        "the cite does not say where in the source",
    );
}

// ---------------------------------------------------------------- months and report folders

#[test]
fn malformed_month_in_report() {
    let site = Site::shipped();
    let f = site.facts();
    let (month, _, _) = report_header(&site, f.report());
    let file = report_file(&f, "report.toml");
    site.replace(
        &file,
        &format!("month = \"{month}\""),
        "month = \"2024-13\"",
    );
    let (line, _) = site.pos_of(&file, "2024-13");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 9, "\"2024-13\": month 13 does not exist");
    assert!(d.message.starts_with("in [report]"), "{}", d.show());
    assert!(
        d.expected.as_deref().is_some_and(|e| e.contains("YYYY-MM")),
        "{}",
        d.show()
    );
}

#[test]
fn malformed_month_in_delta() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "indicators.toml");
    let spare = spare_locality(&site, &f, f.report());
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"{}\"\nlocality = \"{spare}\"\nvalue = 5\ndelta = {{ by = 1, on = \"2024-9\" }}\n{}\n",
            f.count_indicator(),
            cite(&f)
        ),
    );
    let (line, col) = site.pos_of(&file, "\"2024-9\"");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, col, "\"2024-9\" is not a month");
}

#[test]
fn report_month_in_the_future() {
    let site = Site::shipped();
    let f = site.facts();
    let (_, locality, source) = report_header(&site, f.report());
    let file = "data/reports/2027-01/report.toml";
    site.write(
        file,
        format!(
            "[report]\nmonth = \"2027-01\"\nlocality = \"{locality}\"\nsource = \"{source}\"\nstatus = \"draft\"\ntitle = \"Tháng sau\"\n"
        ),
    );
    let (line, _) = site.pos_of(file, "2027-01");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        file,
        line,
        9,
        "month 2027-01 is in the future (today is 2026-11-23)",
    );
    assert_eq!(d.expected.as_deref(), Some("a month that has begun"));
    // Once the month has begun, the same report is fine.
    let later = site.check_today("2027-01-01");
    later.assert_none("in the future");
}

#[test]
fn report_folder_name_does_not_match_month() {
    let site = Site::shipped();
    let f = site.facts();
    let (_, locality, source) = report_header(&site, f.report());
    let file = "data/reports/2019-01/report.toml";
    site.write(
        file,
        format!(
            "[report]\nmonth = \"2019-02\"\nlocality = \"{locality}\"\nsource = \"{source}\"\nstatus = \"draft\"\ntitle = \"Sai thư mục\"\n"
        ),
    );
    let (line, _) = site.pos_of(file, "2019-02");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        file,
        line,
        9,
        "the report for 2019-02 is in folder `2019-01`",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("data/reports/2019-02/")),
        "{}",
        d.show()
    );
}

#[test]
fn second_report_for_the_same_month() {
    let site = Site::shipped();
    let f = site.facts();
    let (_, locality, source) = report_header(&site, f.report());
    let header = |month: &str| {
        format!(
            "[report]\nmonth = \"{month}\"\nlocality = \"{locality}\"\nsource = \"{source}\"\nstatus = \"draft\"\ntitle = \"Thử\"\n"
        )
    };
    site.write("data/reports/2019-03/report.toml", header("2019-03"));
    // Sorted after "2019-03", so this is the second one seen.
    site.write("data/reports/2019-3/report.toml", header("2019-03"));
    let out = site.check();
    out.assert_fails();
    let file = "data/reports/2019-3/report.toml";
    out.error_at(file, 2, 9, "a second report for 2019-03");
    out.error_at(file, 2, 9, "the report for 2019-03 is in folder `2019-3`");
}

#[test]
fn missing_report_toml() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "report.toml");
    site.remove(&file);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, 0, 0, "missing file: every report folder needs one");
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("[report]")),
        "{}",
        d.show()
    );
}

#[test]
fn missing_report_toml_does_not_hide_other_errors() {
    let site = Site::shipped();
    let f = site.facts();
    site.remove(&report_file(&f, "report.toml"));
    let file = report_file(&f, "indicators.toml");
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"khong-co-chi-so\"\nvalue = 1\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "khong-co-chi-so");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 13, "unknown indicator `khong-co-chi-so`");
}

#[test]
fn delta_on_the_report_month() {
    let site = Site::shipped();
    let f = site.facts();
    let (month, _, _) = report_header(&site, f.report());
    let file = report_file(&f, "indicators.toml");
    let spare = spare_locality(&site, &f, f.report());
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"{}\"\nlocality = \"{spare}\"\nvalue = 5\ndelta = {{ by = 1, on = \"{month}\" }} # cùng tháng\n{}\n",
            f.count_indicator(),
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "# cùng tháng");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        9,
        &format!("a change on {month} in the report of {month}"),
    );
}
