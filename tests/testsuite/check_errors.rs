//! `minhbach check` on deliberately broken copies of the shipped site.
//!
//! Each test copies site.toml, data/ and content/ into a temporary folder,
//! breaks one thing (or a few), runs
//! `minhbach check --site DIR --format json --today 2026-11-23`
//! and asserts the exit status and the exact file, line (and column, where it
//! means something) and a distinctive part of the message of the diagnostic.
//!
//! Expected lines are computed from the mutated text itself: every inserted
//! line that a test points at carries a unique marker (usually a trailing TOML
//! comment), found with `Site::pos_of`, so the tests survive edits of the data.

use crate::common;

use common::{Facts, Rng, Site, pos_in, report_header, spare_locality};
use unicode_normalization::UnicodeNormalization;

/// A cite of a source that exists.
fn cite(f: &Facts) -> String {
    format!(
        "cite = {{ source = \"{}\", at = \"Thử nghiệm\" }}",
        f.source()
    )
}

/// 1-based line of the first line of `text` that starts with `prefix` followed by
/// the end of the line, a space or a comment (so `number = 1` does not match `number = 12`).
fn first_line_starting(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '#', '\r']))
        })
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

/// `services.toml`, `indicators.toml`, ... of the first report folder.
fn report_file(f: &Facts, name: &str) -> String {
    format!("{}/{name}", f.report())
}

// ---------------------------------------------------------------- baseline

#[test]
fn shipped_data_checks_clean() {
    let out = common::run_check(&common::shipped_root(), common::TODAY);
    out.assert_passes();
}

#[test]
fn unchanged_copy_checks_clean() {
    // The copy itself must not introduce problems, or every other test proves little.
    let site = Site::shipped();
    site.check().assert_passes();
}

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

// ---------------------------------------------------------------- references

#[test]
fn unknown_source_near_miss_suggests_the_source() {
    let site = Site::shipped();
    let f = site.facts();
    let real = f.source().to_string();
    let typo = format!("{real}z");
    let file = "data/localities.toml";
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"{}\"\ncite = {{ source = \"{typo}\", at = \"Tiêu đề\" }} # nguồn gõ sai\n",
            f.slugs()[0]
        ),
    );
    let (line, _) = site.pos_of(file, "# nguồn gõ sai");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 8, &format!("unknown source `{typo}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("did you mean `{real}`?"))),
        "{}",
        d.show()
    );
}

#[test]
fn unknown_source_far_miss_has_no_suggestion() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"{}\"\ncite = {{ source = \"zzzz-khong-co-van-ban-nay\", at = \"Tiêu đề\" }}\n",
            f.slugs()[0]
        ),
    );
    let (line, _) = site.pos_of(file, "zzzz-khong-co-van-ban-nay");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 8, "unknown source `zzzz-khong-co-van-ban-nay`");
    let e = d.expected.as_deref().unwrap_or_default();
    assert!(e.contains("data/sources.toml"), "{}", d.show());
    assert!(
        !e.contains("did you mean"),
        "no near source, no hint: {}",
        d.show()
    );
}

#[test]
fn unknown_locality_near_miss_suggests_the_slug() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "indicators.toml");
    let real = spare_locality(&site, &f, f.report());
    let typo = format!("{real}n");
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"{}\"\nlocality = \"{typo}\" # địa phương gõ sai\nvalue = 1\n{}\n",
            f.count_indicator(),
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "# địa phương gõ sai");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 12, &format!("unknown locality `{typo}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("did you mean `{real}`?"))),
        "{}",
        d.show()
    );
}

#[test]
fn unknown_parent_locality() {
    let site = Site::shipped();
    let file = "data/localities.toml";
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"khong-co-huyen-nay\"\n{}\n",
            cite(&site.facts())
        ),
    );
    let (line, _) = site.pos_of(file, "khong-co-huyen-nay");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, line, 10, "unknown locality `khong-co-huyen-nay`");
}

#[test]
fn unknown_model_number() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    let missing = f.models.iter().max().copied().unwrap_or(0) + 1000;
    site.append(
        plan,
        &format!(
            "[[item]]\nnumber = \"9901\"\nmodel = {missing} # số mô hình lạ\ntitle = \"Thử\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(plan, "# số mô hình lạ");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(plan, line, 9, &format!("unknown model number `{missing}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("data/models.toml")),
        "{}",
        d.show()
    );
}

#[test]
fn unknown_indicator_near_miss_suggests_the_id() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "indicators.toml");
    let real = f.count_indicator().to_string();
    let typo = real[..real.len() - 1].to_string();
    assert!(
        !f.indicators.iter().any(|i| i.id == typo),
        "the typo should not be an id"
    );
    let spare = spare_locality(&site, &f, f.report());
    site.append(
        &file,
        &format!(
            "[[value]]\nindicator = \"{typo}\" # chỉ số gõ sai\nlocality = \"{spare}\"\nvalue = 1\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "# chỉ số gõ sai");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 13, &format!("unknown indicator `{typo}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("did you mean `{real}`?"))),
        "{}",
        d.show()
    );
}

#[test]
fn unknown_plan_group() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    site.append(
        plan,
        &format!(
            "[[item]]\nnumber = \"9901\"\ngroup = \"ZZ-404\"\ntitle = \"Thử\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(plan, "ZZ-404");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(plan, line, 9, "unknown plan group `ZZ-404`");
    assert!(
        d.expected.as_deref().is_some_and(|e| e.contains(plan)),
        "the hint should name the plan file: {}",
        d.show()
    );
}

#[test]
fn unknown_service_group() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "services.toml");
    site.append(
        &file,
        &format!(
            "[[service]]\nappendix = \"II\"\ngroup = \"ZZ-404\"\nnumber = \"9901\"\nname = \"Thử\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(&file, "ZZ-404");
    let out = site.check();
    out.assert_fails();
    out.error_at(&file, line, 9, "unknown service group `II/ZZ-404`");
}

#[test]
fn report_header_unknown_source_and_locality() {
    let site = Site::shipped();
    let f = site.facts();
    let (month, locality, source) = report_header(&site, f.report());
    let file = report_file(&f, "report.toml");
    site.replace(
        &file,
        &format!("source = \"{source}\""),
        "source = \"khong-co-bao-cao\"",
    );
    site.replace(
        &file,
        &format!("locality = \"{locality}\""),
        "locality = \"khong-co-tinh\"",
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        site.line_of(&file, "khong-co-bao-cao"),
        10,
        "unknown source `khong-co-bao-cao`",
    );
    out.error_at(
        &file,
        site.line_of(&file, "khong-co-tinh"),
        12,
        "unknown locality `khong-co-tinh`",
    );
    // The month itself is fine.
    out.assert_none(&format!("month {month}"));
}

// ---------------------------------------------------------------- duplicates

#[test]
fn duplicate_model_number() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/models.toml";
    let n = f.models[0];
    let first = first_line_starting(&site.read(file), &format!("number = {n}"));
    site.append(
        file,
        &format!("[[model]]\nnumber = {n} # số trùng\nnote = \"Bản sao\"\n"),
    );
    let (line, _) = site.pos_of(file, "# số trùng");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 10, &format!("duplicate model number `{n}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("data/models.toml:{first}"))),
        "the hint should point at the first definition (line {first}): {}",
        d.show()
    );
}

#[test]
fn duplicate_indicator_id() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/indicators.toml";
    let id = f.indicators[0].id.clone();
    let first = first_line_starting(&site.read(file), &format!("id = \"{id}\""));
    site.append(
        file,
        &format!(
            "[[indicator]]\nid = \"{id}\" # mã trùng\nname = \"Bản sao\"\nunit = \"count\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(file, "# mã trùng");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 6, &format!("duplicate indicator `{id}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("data/indicators.toml:{first}"))),
        "the hint should point at the first definition (line {first}): {}",
        d.show()
    );
}

/// A locality named without an explicit slug, whose name has diacritics and is written once.
fn locality_with_diacritics(site: &Site, f: &Facts) -> (String, String, usize) {
    let text = site.read("data/localities.toml");
    f.localities
        .iter()
        .find(|(name, slug, _)| {
            slug.is_none()
                && !name.is_ascii()
                && text.matches(&format!("name = \"{name}\"")).count() == 1
                && name.nfd().collect::<String>() != *name
        })
        .map(|(name, _, slug)| {
            let line = site.line_of("data/localities.toml", &format!("name = \"{name}\""));
            (name.clone(), slug.clone(), line)
        })
        .expect("a locality with diacritics in its name")
}

#[test]
fn duplicate_locality_same_name() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    let (name, slug, first) = locality_with_diacritics(&site, &f);
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"{name}\" # tên trùng\nkind = \"district\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(file, "# tên trùng");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 8, &format!("duplicate locality `{slug}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("data/localities.toml:{first}"))),
        "{}",
        d.show()
    );
}

#[test]
fn duplicate_locality_typed_in_decomposed_unicode() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    let (name, slug, first) = locality_with_diacritics(&site, &f);
    let nfd: String = name.nfd().collect();
    assert_ne!(nfd, name, "the NFD form must differ in bytes");
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"{nfd}\" # tên NFD\nkind = \"district\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(file, "# tên NFD");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(file, line, 8, &format!("duplicate locality `{slug}`"));
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains(&format!("data/localities.toml:{first}"))),
        "{}",
        d.show()
    );
    // The decomposed text itself is pointed out as well (a warning).
    out.warning(file, line, "decomposed Unicode");
}

#[test]
fn duplicate_locality_explicit_slug_points_at_the_slug() {
    let site = Site::shipped();
    let f = site.facts();
    let file = "data/localities.toml";
    let (_, slug, _) = locality_with_diacritics(&site, &f);
    site.append(
        file,
        &format!(
            "[[locality]]\nname = \"Tên Khác Hẳn\"\nslug = \"{slug}\" # slug trùng\nkind = \"district\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(file, "# slug trùng");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, line, 8, &format!("duplicate locality `{slug}`"));
}

#[test]
fn duplicate_plan_item_number() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    let t: toml::Table = site.read(plan).parse().expect("plan parses");
    let number = t["item"].as_array().expect("items")[0]["number"]
        .as_str()
        .expect("item number")
        .to_string();
    site.append(
        plan,
        &format!(
            "[[item]]\nnumber = \"{number}\" # số trùng\ntitle = \"Thử\"\n{}\n",
            cite(&f)
        ),
    );
    let (line, _) = site.pos_of(plan, "# số trùng");
    let out = site.check();
    out.assert_fails();
    out.error_at(plan, line, 10, &format!("duplicate item number `{number}`"));
}

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

// ---------------------------------------------------------------- services

/// Appends a `[[service]]` with the given figure lines (last, so that they may end in
/// `[[service.row]]` sub-tables) to the first report's services.toml.
fn service(site: &Site, f: &Facts, figures: &str) -> String {
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

// ---------------------------------------------------------------- files

#[test]
fn invalid_utf8_byte_is_located() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    let mut bytes = std::fs::read(site.path(plan)).expect("read plan");
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let prefix = "# Ghi chú: Bỉm Sơn, ";
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.extend_from_slice(prefix.as_bytes());
    bytes.extend_from_slice(b"\xff\xfe h\xe1\xbb\x8fng\n");
    site.write(plan, &bytes);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        plan,
        line,
        prefix.chars().count() + 1,
        "invalid UTF-8 byte 0xff",
    );
    assert_eq!(d.expected.as_deref(), Some("text encoded as UTF-8"));
}

#[test]
fn stray_file_in_data() {
    let site = Site::shipped();
    site.write("data/ghi-chu.txt", "ghi chú của biên tập viên\n");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at("data/ghi-chu.txt", 0, 0, "unexpected file in data/");
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("sources.toml")),
        "{}",
        d.show()
    );
}

#[test]
fn misnamed_file_in_a_report_folder() {
    let site = Site::shipped();
    let f = site.facts();
    let wrong = report_file(&f, "service.toml");
    site.write(&wrong, site.read(&report_file(&f, "services.toml")));
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        &wrong,
        0,
        0,
        "unexpected file in data/: no part of the site reads it",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("services.toml")),
        "{}",
        d.show()
    );
}

#[test]
fn random_bytes_file() {
    let site = Site::shipped();
    let file = "data/plans/ngau-nhien.toml";
    let bytes = Rng::new(42).bytes(64 * 1024);
    // Where the first bad byte is, computed independently of the checker.
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => panic!("the random bytes happen to be UTF-8; pick another seed"),
        Err(e) => e.valid_up_to(),
    };
    let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid prefix");
    let (line, column) = (
        prefix.matches('\n').count() + 1,
        prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1,
    );
    site.write(file, &bytes);
    let out = site.check();
    out.assert_fails();
    out.error_at(
        file,
        line,
        column,
        &format!("invalid UTF-8 byte 0x{:02x}", bytes[valid]),
    );
}

#[test]
fn random_bytes_replacing_a_core_file() {
    let site = Site::shipped();
    site.write("data/models.toml", Rng::new(7).bytes(100_000));
    let out = site.check();
    out.assert_fails();
    assert!(
        out.errors()
            .any(|d| d.file == "data/models.toml" && d.message.contains("invalid UTF-8")),
        "{}",
        out.dump()
    );
}

/// TOML-looking garbage: fragments of the schema, of TOML syntax and of Vietnamese text.
fn garbage(rng: &mut Rng, tokens: &[&str], n: usize) -> String {
    (0..n).map(|_| tokens[rng.below(tokens.len())]).collect()
}

const SYNTAX: &[&str] = &[
    "\n",
    "\n",
    "\n",
    " ",
    " = ",
    "=",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\r\n",
    "\t",
    "\\",
    "\\u00e1",
    "\\uD800",
    "-",
    "+",
    "_",
    "0x",
    "1e400",
    "nan",
    "-inf",
    "true",
    "1979-05-27T07:32:00Z",
    "2024-13",
    "2024-09",
    "0",
    "-1",
    "42",
    "4294967296",
    "9223372036854775808",
    "ỉ",
    "\u{0309}",
    "đ",
    "Đức Thọ",
    "\u{feff}",
];

const PLAN_WORDS: &[&str] = &[
    "[plan]\n",
    "[[item]]\n",
    "[[group]]\n",
    "[[item.conflict]]\n",
    "locality = \"bim-son\"\n",
    "kind = \"models\"\n",
    "number = \"1\"\n",
    "group = \"1\"\n",
    "model = 3\n",
    "title = \"Thử\"\n",
    "deadline = \"Quý II/2024\"\n",
    "deadline = \"tháng 13/2024\"\n",
    "deadline = \"31/2/2024\"\n",
    "deadline = [\"Năm 2024\", \"Giai đoạn 2025-2023\"]\n",
    "deadline = { text = \"x\", value = \"2024..2023\" }\n",
    "deadline = []\n",
    "deadline = { text = \"x\", value = \"9999999999\" }\n",
    "deadline = \"Quý V/2024\"\n",
    "cite = { source = \"kh-bim-son-2024\", at = \"Mục\" }\n",
    "lead = [\"A\", 1]\n",
    "number",
    "deadline",
];

const SERVICE_WORDS: &[&str] = &[
    "[[service]]\n",
    "[[group]]\n",
    "[[service.row]]\n",
    "appendix = \"I\"\n",
    "appendix = \"II\"\n",
    "group = \"I\"\n",
    "number = \"1\"\n",
    "name = \"Dịch vụ\"\n",
    "total = 10\n",
    "total = 0\n",
    "online = 11\n",
    "on_time = 3\n",
    "overdue = -2\n",
    "stated_rate = 1e-300\n",
    "stated_rate = 100\n",
    "none_this_month = true\n",
    "cite = { source = \"bc\", at = \"\" }\n",
];

fn fuzz(file: &str, words: &[&str], seeds: std::ops::Range<u64>) {
    let tokens: Vec<&str> = SYNTAX.iter().chain(words).copied().collect();
    for seed in seeds {
        let site = Site::shipped();
        let mut rng = Rng::new(seed);
        let text = garbage(&mut rng, &tokens, 400);
        site.write(file, &text);
        let out = site.check(); // asserts no panic and valid JSON
        assert!(
            matches!(out.code, Some(0 | 1)),
            "seed {seed}: exit {:?}\n{}",
            out.code,
            out.stderr
        );
        let lines = text.matches('\n').count() + 1;
        for d in out.diags.iter().filter(|d| d.file == file) {
            assert!(
                d.line <= lines,
                "seed {seed}: line past the end: {}",
                d.show()
            );
        }
    }
}

#[test]
fn garbage_plan_file_does_not_panic() {
    fuzz("data/plans/rac.toml", PLAN_WORDS, 0..25);
}

#[test]
fn garbage_services_file_does_not_panic() {
    let f = Site::shipped().facts();
    fuzz(&report_file(&f, "services.toml"), SERVICE_WORDS, 100..125);
}

#[test]
fn twenty_megabyte_file() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "services.toml");
    let size: usize = 20 * 1024 * 1024;
    let mut big = Vec::with_capacity(size);
    let line = format!("# {}\n", "x".repeat(97));
    while big.len() + line.len() <= size {
        big.extend_from_slice(line.as_bytes());
    }
    big.resize(size, b'\n');
    site.write(&file, &big);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, 0, 0, &format!("file is {size} bytes, too large"));
    assert_eq!(
        d.expected.as_deref(),
        Some(format!("at most {} bytes", minhbach::load::MAX_FILE_BYTES).as_str())
    );
}

#[test]
fn fifty_megabyte_data_file() {
    // A sparse file: 50 MB long without writing 50 MB; refused before it is read.
    let site = Site::shipped();
    let file = "data/plans/lon.toml";
    let size: u64 = 50 * 1000 * 1000;
    std::fs::File::create(site.path(file))
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, 0, 0, &format!("file is {size} bytes, too large"));
}

#[test]
fn deeply_nested_value_does_not_crash() {
    let site = Site::shipped();
    let file = "data/plans/long-nhau.toml";
    let depth = 200_000;
    site.write(
        file,
        format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    let out = site.check();
    out.assert_fails();
    let d = out
        .errors()
        .find(|d| d.file == file)
        .unwrap_or_else(|| panic!("no error in {file}:\n{}", out.dump()));
    assert_eq!(d.line, 1, "{}", d.show());
    assert!(d.message.contains("TOML syntax"), "{}", d.show());
}

#[test]
fn crlf_line_endings_keep_lines_and_columns() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "models.toml");
    site.append(
        &file,
        &format!(
            "[[status]]\nmodel = {}\nstatus = \"done\" # crlf\n{}\n",
            f.models[0],
            cite(&f)
        ),
    );
    let lf = site.read(&file);
    site.write(&file, lf.replace("\r\n", "\n").replace('\n', "\r\n"));
    let (line, _) = pos_in(&lf, "# crlf", &file);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 10, "unknown variant `done`");
    assert_eq!(
        d.snippet.as_deref(),
        Some("status = \"done\" # crlf"),
        "no \\r in the snippet"
    );
}

#[test]
fn content_page_without_front_matter() {
    let site = Site::shipped();
    site.write(
        "content/thu-nghiem.md",
        "# Chỉ có nội dung\n\nKhông có phần đầu.\n",
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(
        "content/thu-nghiem.md",
        1,
        1,
        "the page has no front matter",
    );
}

// ---------------------------------------------------------------- output

/// A site broken in many places at once.
fn broken_everywhere() -> (Site, Vec<(String, usize, String)>) {
    let site = Site::shipped();
    let f = site.facts();
    let c = cite(&f);
    let mut want = Vec::new();

    let file = "data/localities.toml".to_string();
    let parent = f.slugs()[0].to_string();
    let typo = format!("{parent}x");
    site.append(
        &file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"{typo}\"\n{c}\n"
        ),
    );
    want.push((
        file.clone(),
        site.line_of(&file, &typo),
        format!("unknown locality `{typo}`"),
    ));

    let file = "data/indicators.toml".to_string();
    let id = f.indicators[0].id.clone();
    site.append(
        &file,
        &format!("[[indicator]]\nid = \"{id}\" # trùng\nname = \"x\"\nunit = \"count\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# trùng"),
        format!("duplicate indicator `{id}`"),
    ));

    let file = "data/models.toml".to_string();
    site.append(
        &file,
        &format!("[[model]]\nnumber = 9901\ngroup = \"XLII\" # nhóm lạ\ntitle = \"x\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# nhóm lạ"),
        "unknown group `XLII`".into(),
    ));

    let file = f.plan().to_string();
    site.append(
        &file,
        &format!("[[item]]\nnumber = \"9901\"\nmodel = 99999 # mô hình lạ\ntitle = \"x\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# mô hình lạ"),
        "unknown model number `99999`".into(),
    ));

    let file = figure(&site, &f, f.count_indicator(), "value = -1 # âm");
    want.push((
        file.clone(),
        site.line_of(&file, "# âm"),
        "negative count: -1".into(),
    ));

    let file = service(&site, &f, "total = 1\nonline = 2 # trực tuyến");
    want.push((
        file.clone(),
        site.line_of(&file, "# trực tuyến"),
        "online 2 is greater than total 1".into(),
    ));

    site.write("data/plans/ghi-chu.md", "không đọc\n");
    want.push(("data/plans/ghi-chu.md".into(), 0, "unexpected file".into()));

    site.append("site.toml", "titel = \"x\"\n");
    want.push((
        "site.toml".into(),
        site.line_of("site.toml", "titel"),
        "unknown field `titel`".into(),
    ));

    (site, want)
}

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let (site, want) = broken_everywhere();
    let out = site.check();
    out.assert_fails();
    for (file, line, message) in &want {
        out.error(file, *line, message);
    }
    let files: std::collections::BTreeSet<&str> = out.errors().map(|d| d.file.as_str()).collect();
    assert!(files.len() >= 3, "errors in only {files:?}");
    assert!(files.len() >= want.len(), "errors in only {files:?}");
}

#[test]
fn json_output_is_valid_and_well_formed() {
    let (site, _) = broken_everywhere();
    let out = site.check();
    out.assert_fails();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    let items = value.as_array().expect("a JSON array");
    assert_eq!(items.len(), out.diags.len());
    assert!(
        out.stderr.trim().is_empty(),
        "JSON mode prints nothing on stderr: {}",
        out.stderr
    );
    let allowed = [
        "rule",
        "severity",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "expected",
        "snippet",
    ];
    let root = site.root().to_string_lossy().into_owned();
    for item in items {
        let obj = item.as_object().expect("each diagnostic is an object");
        for k in obj.keys() {
            assert!(allowed.contains(&k.as_str()), "unknown key {k} in {item}");
        }
        for k in ["rule", "severity", "file", "message"] {
            assert!(obj[k].is_string(), "{k} is a string in {item}");
        }
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(obj[k].is_u64(), "{k} is a number in {item}");
        }
        for k in ["expected", "snippet"] {
            assert!(
                obj.get(k).is_none_or(|v| v.is_string()),
                "{k} is a string in {item}"
            );
        }
    }
    for d in &out.diags {
        assert!(
            matches!(d.severity.as_str(), "error" | "warning"),
            "{}",
            d.show()
        );
        assert!(!d.message.is_empty(), "{}", d.show());
        assert!(
            !d.file.starts_with('/') && !d.file.contains('\\') && !d.file.contains(&root),
            "file is relative with / separators: {}",
            d.show()
        );
        assert_eq!(d.line == 0, d.column == 0, "{}", d.show());
        if d.line > 0 {
            // The snippet is the very line pointed at.
            let text = std::fs::read_to_string(site.path(&d.file)).expect("utf-8 file");
            let line = text
                .lines()
                .nth(d.line - 1)
                .unwrap_or_else(|| panic!("line past end: {}", d.show()));
            assert_eq!(
                d.snippet.as_deref(),
                Some(line.trim_end_matches('\r')),
                "{}",
                d.show()
            );
            assert!(
                d.column <= line.chars().count() + 1,
                "column past the end: {}",
                d.show()
            );
        } else {
            assert!(d.snippet.is_none(), "{}", d.show());
        }
    }
    let keys: Vec<(&str, usize, usize)> = out
        .diags
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "diagnostics are sorted by file, line, column");
}

#[test]
fn text_output_lists_every_error_on_stderr() {
    let (site, want) = broken_everywhere();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .arg("check")
        .arg("--site")
        .arg(site.root())
        .args(["--today", common::TODAY, "--lang", "en"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run minhbach");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "text mode prints nothing on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (file, line, message) in &want {
        let head = if *line > 0 {
            format!("error: {file}:{line}:")
        } else {
            format!("error: {file}: ")
        };
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&head) && l.contains(message.as_str())),
            "no line starting {head:?} with {message:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("check: ") && l.contains("error(s)")),
        "a summary line:\n{stderr}"
    );
}
