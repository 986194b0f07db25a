//! TOML syntax errors and schema errors (unknown keys, wrong types, missing fields).

use super::*;

// ---------------------------------------------------------------- TOML syntax

#[test]
fn toml_unclosed_string() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    let broken = "title = \"Nhiệm vụ thử, chuỗi chưa đóng";
    site.append(
        plan,
        &format!("[[item]]\nnumber = \"9901\"\n{broken}\n{}\n", cite(&f)),
    );
    let (line, _) = site.pos_of(plan, broken);
    let out = site.check();
    out.assert_fails();
    // The string runs to the end of the line: the parser stops there.
    let d = out.error_at(plan, line, broken.chars().count() + 1, "TOML syntax");
    assert!(d.message.contains("string"), "{}", d.show());
    assert_eq!(d.snippet.as_deref(), Some(broken));
}

#[test]
fn syntax_error_in_localities_is_the_only_error() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    let broken = "name = \"Chuỗi chưa đóng";
    site.append(file, &format!("[[locality]]\n{broken}\n"));
    let out = site.check();
    out.assert_fails();
    let (line, _) = site.pos_of(file, broken);
    out.error(file, line, "TOML syntax");
    // Every reference to a locality fails while the file does not parse; those
    // would bury the one real mistake, so they are not reported.
    out.assert_none("unknown locality");
    assert_eq!(out.errors().count(), 1, "{}", out.dump());
}

#[test]
fn unknown_top_level_key_of_a_single_table_file_shows_its_header() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    site.append(plan, "[[plans]] # bảng lạ\n");
    let (line, _) = site.pos_of(plan, "# bảng lạ");
    let d = site
        .check()
        .error(plan, line, "unknown key `plans`")
        .clone();
    let expected = d.expected.clone().unwrap_or_default();
    assert!(
        expected.contains("[plan]") && !expected.contains("[[plan]]"),
        "{}",
        d.show()
    );
}

#[test]
fn toml_duplicate_key() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "models.toml");
    site.append(
        &file,
        &format!(
            "[[status]]\nmodel = {}\nstatus = \"completed\"\nstatus = \"paused\" # khóa lặp\n{}\n",
            f.models[0],
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "status = \"paused\" # khóa lặp");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 1, "TOML syntax: duplicate key");
}

#[test]
fn toml_missing_value_in_site_toml() {
    let site = Site::shipped();
    site.append("site.toml", "publisher_note =   # thiếu giá trị\n");
    let (line, _) = site.pos_of("site.toml", "publisher_note");
    let out = site.check();
    out.assert_fails();
    out.error("site.toml", line, "TOML syntax");
}

// ---------------------------------------------------------------- schema

#[test]
fn unknown_key_typo_modle() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    site.append(
        plan,
        &format!(
            "[[item]]\nnumber = \"9901\"\nmodle = {} # lỗi gõ\ntitle = \"Thử\"\n{}\n",
            f.models[0],
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(plan, "# lỗi gõ");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(plan, line, 1, "unknown field `modle`");
    assert!(d.message.starts_with("in [[item]]"), "{}", d.show());
    assert!(
        d.expected.as_deref().is_some_and(|e| e.contains("`model`")),
        "the expected fields should list `model`: {}",
        d.show()
    );
}

#[test]
fn wrong_type_number_as_string() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "services.toml");
    site.append(
        &file,
        &format!(
            "[[service]]\nappendix = \"I\"\nnumber = \"9901\"\nname = \"Thử\"\ntotal = \"229046\" # chuỗi\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "# chuỗi");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 9, "invalid type: string \"229046\"");
    assert!(d.message.starts_with("in [[service]]"), "{}", d.show());
}

#[test]
fn missing_required_field_cite() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "indicators.toml");
    let spare = spare_locality(&site, &f, f.report());
    site.append(
        &file,
        &format!(
            "[[value]] # không có cite\nindicator = \"{}\"\nlocality = \"{spare}\"\nvalue = 1\n",
            f.count_indicator()
        ),
    );
    let (line, _) = site.pos_of(&file, "# không có cite");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 1, "in [[value]]: missing field `cite`");
}

#[test]
fn unknown_enum_variant() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "models.toml");
    site.append(
        &file,
        &format!(
            "[[status]]\nmodel = {}\nstatus = \"done\" # trạng thái lạ\n{}\n",
            f.models[0],
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "# trạng thái lạ");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 10, "unknown variant `done`");
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("`completed`")),
        "{}",
        d.show()
    );
}

#[test]
fn unknown_top_level_table() {
    let site = Site::shipped();
    let file = "data/sources.toml";
    site.append(file, "[[sources]] # bảng lạ\nid = \"thu\"\n");
    let (line, _) = site.pos_of(file, "# bảng lạ");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        file,
        line,
        3,
        "unknown key `sources` at the top of the file",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("[[source]]")),
        "{}",
        d.show()
    );
    // The real [[source]] records still load: no cite anywhere becomes unknown.
    out.assert_none("unknown source");
}

#[test]
fn unknown_key_inside_cite() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"{}\"\ncite = {{ source = \"{}\", at = \"x\", page = 3 }}\n",
            f.slugs()[0],
            f.source()
        ),
    );
    let (line, col) = site.pos_of(file, "page = 3");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, line, col, "unknown field `page`");
}

#[test]
fn site_toml_unknown_field() {
    let site = Site::shipped();
    site.append("site.toml", "titel = \"Lỗi gõ\"\n");
    let (line, _) = site.pos_of("site.toml", "titel");
    let out = site.check();
    out.assert_fails();
    out.error_at("site.toml", line, 1, "unknown field `titel`");
}

#[test]
fn missing_required_data_file() {
    let site = Site::shipped();
    site.remove("data/indicators.toml");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at("data/indicators.toml", 0, 0, "missing file");
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("[[indicator]]")),
        "{}",
        d.show()
    );
}
