//! Service counts, indicator figures and plan deadlines.

use super::*;

// ---------------------------------------------------------------- services

/// Appends a `[[service]]` with the given figure lines (last, so that they may end in
/// `[[service.row]]` sub-tables) to the first report's services.toml.
pub(super) fn service(site: &Site, f: &Facts, figures: &str) -> String {
    let file = report_file(f, "services.toml");
    site.append(
        &file,
        &format!(
            "[[service]]\nappendix = \"I\"\nnumber = \"9901\"\nname = \"Dịch vụ thử\"\n{}\n{figures}\n",
            cite(f)
        ),
    );
    file
}

#[test]
fn online_greater_than_total() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(
        &site,
        &f,
        "total = 10\nonline = 20 # trực tuyến\non_time = 10",
    );
    // The error points at the figure that breaks the rule.
    let (line, _) = site.pos_of(&file, "# trực tuyến");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        &file,
        line,
        10,
        "STT 9901: online 20 is greater than total 10",
    );
    assert_eq!(d.expected.as_deref(), Some("online ≤ total"));
}

#[test]
fn on_time_plus_overdue_greater_than_total() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(
        &site,
        &f,
        "total = 10\nonline = 5\non_time = 8\noverdue = 3 # quá hạn",
    );
    let (line, _) = site.pos_of(&file, "# quá hạn");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        11,
        "STT 9901: on time + overdue = 11 is greater than total 10",
    );
}

#[test]
fn negative_service_count() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(&site, &f, "total = -3 # âm");
    let (line, _) = site.pos_of(&file, "# âm");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 9, "STT 9901: negative count total = -3");
}

#[test]
fn negative_overdue_points_at_overdue() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(
        &site,
        &f,
        "total = 10\nonline = 5\non_time = 5\noverdue = -1 # âm",
    );
    let (line, _) = site.pos_of(&file, "# âm");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 11, "STT 9901: negative count overdue = -1");
}

#[test]
fn sub_row_errors_point_at_their_own_row() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(
        &site,
        &f,
        "total = 10\nonline = 5\n\n[[service.row]]\nname = \"Dòng một\"\ntotal = 3\nonline = 2\n\n\
         [[service.row]] # dòng hai\nname = \"Dòng hai\"\ntotal = 3\nonline = 4 # lớn hơn tổng",
    );
    let first = site.line_of(&file, "# dòng hai");
    let last = site.line_of(&file, "# lớn hơn tổng");
    let out = site.check();
    out.assert_fails();
    let d = out
        .errors()
        .find(|d| {
            d.message
                .contains("STT 9901 / Dòng hai: online 4 is greater than total 3")
        })
        .unwrap_or_else(|| panic!("no sub-row error:\n{}", out.dump()));
    assert_eq!(d.file, file);
    assert!(
        (first..=last).contains(&d.line),
        "the error should be inside the second sub-row (lines {first}..={last}): {}",
        d.show()
    );
}

#[test]
fn huge_counts_do_not_overflow() {
    let site = Site::shipped();
    let f = site.facts();
    let file = service(
        &site,
        &f,
        "total = 5\nonline = 1\non_time = 9223372036854775807\noverdue = 1 # quá hạn",
    );
    let (line, _) = site.pos_of(&file, "# quá hạn");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 11, "is greater than total 5");
}

// ---------------------------------------------------------------- figures

/// Appends a `[[value]]` for `indicator` at a locality without shipped figures; `body` holds
/// the figure lines. Returns the file.
pub(crate) fn figure(site: &Site, f: &Facts, indicator: &str, body: &str) -> String {
    let file = report_file(f, "indicators.toml");
    let spare = spare_locality(site, f, f.report());
    site.append(
        &file,
        &format!(
            "[[value]] # bản ghi thử\nindicator = \"{indicator}\"\nlocality = \"{spare}\"\n{body}\n{}\n",
            cite(f)
        ),
    );
    file
}

#[test]
fn negative_indicator_value() {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(&site, &f, f.count_indicator(), "value = -5 # âm");
    let (line, _) = site.pos_of(&file, "# âm");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 9, "negative count: -5");
    assert_eq!(d.expected.as_deref(), Some("a number ≥ 0"));
}

#[test]
fn value_and_none_this_month() {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(
        &site,
        &f,
        f.count_indicator(),
        "value = 5\nnone_this_month = true",
    );
    let (line, _) = site.pos_of(&file, "# bản ghi thử");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        1,
        "a figure has more than one of value, lower_bound, range and none_this_month",
    );
}

#[test]
fn figure_without_any_value() {
    let site = Site::shipped();
    let f = site.facts();
    let id = f.count_indicator().to_string();
    let file = figure(&site, &f, &id, "as_written = \"không ghi số\"");
    let (line, _) = site.pos_of(&file, "# bản ghi thử");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        1,
        &format!("the figure for `{id}` has no value"),
    );
}

#[test]
fn value_typed_on_a_computed_rate() {
    let site = Site::shipped();
    let f = site.facts();
    let (rate, _, _) = f.rate_indicator();
    let rate = rate.to_string();
    let file = figure(&site, &f, &rate, "value = 87.5 # tỷ lệ gõ tay");
    let (line, _) = site.pos_of(&file, "# tỷ lệ gõ tay");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        9,
        &format!("`{rate}` is a rate computed from its numerator and denominator"),
    );
}

#[test]
fn stated_on_a_count_indicator() {
    let site = Site::shipped();
    let f = site.facts();
    let id = f.count_indicator().to_string();
    let file = figure(&site, &f, &id, "value = 5\nstated = 50 # không phải tỷ lệ");
    let (line, _) = site.pos_of(&file, "# không phải tỷ lệ");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        10,
        &format!("`stated` is for rates, and `{id}` is not a percent"),
    );
}

#[test]
fn none_this_month_false_says_nothing() {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(
        &site,
        &f,
        f.count_indicator(),
        "value = 5\nnone_this_month = false # vô nghĩa",
    );
    let (line, _) = site.pos_of(&file, "# vô nghĩa");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 19, "none_this_month = false says nothing");
}

#[test]
fn non_finite_values_are_rejected() {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(
        &site,
        &f,
        f.count_indicator(),
        "value = nan # không phải số",
    );
    let (line, _) = site.pos_of(&file, "# không phải số");
    let out = site.check();
    out.assert_fails();
    let d = out
        .errors()
        .find(|d| d.file == file && d.line == line)
        .unwrap_or_else(|| panic!("no error at {file}:{line}:\n{}", out.dump()));
    assert_eq!(d.column, 9, "{}", d.show());
}

#[test]
fn disagreeing_stated_rate_is_only_a_warning() {
    let site = Site::shipped();
    let f = site.facts();
    let (rate, num, den) = f.rate_indicator();
    let (rate, num, den) = (rate.to_string(), num.to_string(), den.to_string());
    let file = report_file(&f, "indicators.toml");
    let spare = spare_locality(&site, &f, f.report());
    let c = cite(&f);
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"{num}\"\nlocality = \"{spare}\"\nvalue = 50\n{c}\n\n\
             [[value]]\nindicator = \"{den}\"\nlocality = \"{spare}\"\nvalue = 200\n{c}\n\n\
             [[value]]\nindicator = \"{rate}\"\nlocality = \"{spare}\"\nstated = 75 # tỷ lệ in sai\n{c}\n"
        ),
    );
    let (line, _) = site.pos_of(&file, "# tỷ lệ in sai");
    let out = site.check();
    let d = out.warning(
        &file,
        line,
        &format!("the printed rate 75 % of `{rate}` differs from 50/200 = 25.00 %"),
    );
    assert_eq!(d.column, 10, "{}", d.show());
    assert_eq!(d.expected.as_deref(), Some("both are shown on the site"));
    out.assert_passes();
}

// ---------------------------------------------------------------- deadlines

/// Appends a plan `[[item]]` with the given deadline line to the first plan.
fn item_with_deadline(site: &Site, f: &Facts, deadline: &str) -> (String, usize) {
    let plan = f.plan().to_string();
    site.append(
        &plan,
        &format!(
            "[[item]]\nnumber = \"9901\"\ntitle = \"Thử thời hạn\"\n{deadline} # thời hạn thử\n{}\n",
            cite(f)
        ),
    );
    let line = site.line_of(&plan, "# thời hạn thử");
    (plan, line)
}

#[test]
fn unreadable_deadline() {
    let site = Site::shipped();
    let f = site.facts();
    let (plan, line) = item_with_deadline(&site, &f, "deadline = \"khi nào xong thì thôi\"");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        &plan,
        line,
        12,
        "cannot read the deadline \"khi nào xong thì thôi\"",
    );
    assert!(
        d.message.contains("value = \"...\""),
        "the message shows the explicit form: {}",
        d.show()
    );
}

#[test]
fn explicit_deadline_with_bad_value() {
    let site = Site::shipped();
    let f = site.facts();
    let (plan, line) = item_with_deadline(
        &site,
        &f,
        "deadline = { text = \"quý năm\", value = \"2024-Q5\" }",
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(&plan, line, 12, "\"2024-Q5\" is not a quarter");
}

#[test]
fn impossible_deadline_date_is_reported() {
    let site = Site::shipped();
    let f = site.facts();
    let (plan, line) = item_with_deadline(&site, &f, "deadline = \"31/6/2024\"");
    let out = site.check();
    out.assert_fails();
    let d = out
        .errors()
        .find(|d| d.file == plan && d.line == line)
        .unwrap_or_else(|| panic!("no error at {plan}:{line}:\n{}", out.dump()));
    assert!(d.message.contains("31/6/2024"), "{}", d.show());
}
