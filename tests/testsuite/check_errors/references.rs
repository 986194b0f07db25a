//! References that do not resolve, and duplicate ids.

use super::*;
use unicode_normalization::UnicodeNormalization;

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
            .is_some_and(|e| e.starts_with("an indicator defined in")
                && e.contains(&format!("did you mean `{real}`?"))),
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
