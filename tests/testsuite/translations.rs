//! Translations of data text (`data/translations/<language>.toml`): what `check`
//! reports about them (file, line and column), what reaches the Dataset, and that
//! an incremental build sees a change to them. Edits are made to a scratch copy
//! of the shipped site; lines and columns are computed from the edited text.

use crate::common::{Site, TODAY};
use minhbach::model::translations::Subject;

const EN: &str = "data/translations/en.toml";

fn options() -> minhbach::validate::Options {
    minhbach::validate::Options {
        today: TODAY.parse().expect("a date"),
    }
}

fn dataset(site: &Site) -> minhbach::model::dataset::Dataset {
    let (data, diags) = minhbach::check(site.root(), options());
    let errors: Vec<String> = diags.errors().iter().map(|d| d.to_string()).collect();
    data.filter(|_| errors.is_empty())
        .unwrap_or_else(|| panic!("check failed: {errors:?}"))
}

/// The dataset validation makes even when it reports errors (the parts without them).
fn dataset_despite_errors(site: &Site) -> minhbach::model::dataset::Dataset {
    let mut diags = minhbach::common::diagnostic::Diagnostics::default();
    let loaded = minhbach::load::load(site.root(), &mut diags);
    minhbach::validate::validate(loaded, options(), &mut diags)
}

#[test]
fn the_shipped_english_texts_are_complete_and_reach_the_dataset() {
    let site = Site::shipped();
    let outcome = site.check();
    outcome.assert_passes();
    let untranslated: Vec<String> = outcome
        .warnings()
        .filter(|d| d.rule == "MB1103")
        .map(|d| d.show())
        .collect();
    assert!(untranslated.is_empty(), "{untranslated:#?}");

    let data = dataset(&site);
    let t = &data.translations;
    let en = t.language("en").expect("English translations");
    assert!(!en.translator.trim().is_empty());
    assert_eq!(
        t.get("en", Subject::Model, "1", "title"),
        Some("Deploying 53 essential public services")
    );
    assert_eq!(
        t.get("en", Subject::Service, "II.6", "row2"),
        Some("Capacity increase")
    );
    assert_eq!(
        t.get("en", Subject::ServiceGroup, "II.I", "name"),
        Some("Essential public services for individuals")
    );
    // Every model that has a title, every indicator and every service has its English.
    for m in data.models.iter().filter(|m| m.title.is_some()) {
        let id = m.number.to_string();
        assert!(
            t.get("en", Subject::Model, &id, "title").is_some(),
            "model {id}"
        );
    }
    for i in &data.indicators {
        assert!(
            t.get("en", Subject::Indicator, &i.id, "name").is_some(),
            "{}",
            i.id
        );
    }
    for s in data.reports.iter().flat_map(|r| &r.services) {
        let id = format!("{}.{}", s.appendix, s.number);
        assert!(
            t.get("en", Subject::Service, &id, "name").is_some(),
            "service {id}"
        );
    }
    // A figure in a translated text is the one of the Vietnamese (Decision numbers as written).
    let qd = t.get("en", Subject::Indicator, "essential-services-qd06", "name");
    assert!(
        qd.is_some_and(|n| n.contains("Decision No. 06/QĐ-TTg")),
        "{qd:?}"
    );
}

#[test]
fn an_unknown_id_is_an_error_at_its_place_naming_the_ids_that_exist() {
    let site = Site::shipped();
    site.append(
        EN,
        "[[model]]\nid = \"45\"\ntitle = \"A model that is not there\"\n",
    );
    site.append(
        EN,
        "[[indicator]]\nid = \"eid-accounts-activatd\"\nname = \"Typo\"\n",
    );
    let outcome = site.check();
    outcome.assert_fails();

    let (line, column) = site.pos_of(EN, "\"45\"");
    let d = outcome.error_at(EN, line, column, "no model `45`");
    assert_eq!(d.rule, "MB1102");
    let expected = d.expected.as_deref().unwrap_or_default();
    assert!(
        expected.contains("1, 2, 3"),
        "the ids that exist: {expected}"
    );

    let (line, column) = site.pos_of(EN, "\"eid-accounts-activatd\"");
    let d = outcome.error_at(EN, line, column, "no indicator `eid-accounts-activatd`");
    let expected = d.expected.as_deref().unwrap_or_default();
    assert!(
        expected.contains("did you mean `eid-accounts-activated`?"),
        "{expected}"
    );
    // The rest of the file still loads: one bad record hides nothing.
    let data = dataset_despite_errors(&site);
    assert!(
        data.translations
            .get("en", Subject::Model, "1", "title")
            .is_some()
    );
    assert!(
        data.translations
            .get("en", Subject::Model, "45", "title")
            .is_none()
    );
}

#[test]
fn a_text_the_record_does_not_have_or_cannot_have_is_an_error_at_its_key() {
    let site = Site::shipped();
    // Model 2 has no title in any document; `unit` is not a text of an indicator.
    site.replace(
        EN,
        "id = \"2\"\nnote",
        "id = \"2\"\ntitle = \"Invented\"\nnote",
    );
    site.replace(
        EN,
        "id = \"tax-id-records\"\n",
        "id = \"tax-id-records\"\nnmae = \"Typo\"\n",
    );
    let outcome = site.check();
    outcome.assert_fails();
    let (line, column) = site.pos_of(EN, "\"Invented\"");
    let d = outcome.error_at(EN, line, column, "model `2` has no `title` to translate");
    assert_eq!(d.rule, "MB1102");
    let (line, column) = site.pos_of(EN, "\"Typo\"");
    let d = outcome.error_at(EN, line, column, "`nmae` is not a translatable text");
    assert!(
        d.expected
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `name`?"),
        "{}",
        d.show()
    );
}

#[test]
fn untranslated_text_is_a_warning_at_the_untranslated_record() {
    let site = Site::shipped();
    site.replace(
        EN,
        "title = \"Providing online public services on VNeID\"\n",
        "",
    );
    site.replace(
        EN,
        "[[service]]\nid = \"I.9\"\nname = \"Birth registration\"\n",
        "",
    );
    let outcome = site.check();
    outcome.assert_passes();
    let line = site.line_of("data/models.toml", "[[model]]\nnumber = 5\n");
    let d = outcome.warning(
        "data/models.toml",
        line,
        "model `5` has no `en` translation of title",
    );
    assert_eq!(d.rule, "MB1103");
    assert!(
        !d.message.contains("goal"),
        "the goal is translated: {}",
        d.show()
    );
    let services = "data/reports/2024-09/services.toml";
    let line = site.line_of(services, "[[service]]\nappendix = \"I\"\nnumber = \"9\"\n");
    outcome.warning(
        services,
        line,
        "service `I.9` has no `en` translation of name",
    );
    let warned: Vec<_> = outcome.warnings().filter(|d| d.rule == "MB1103").collect();
    assert_eq!(warned.len(), 2, "{}", outcome.dump());
}

#[test]
fn a_file_says_who_made_it_and_that_it_is_unofficial() {
    let site = Site::shipped();
    site.replace(EN, "unofficial = true", "unofficial = false");
    let outcome = site.check();
    outcome.assert_fails();
    let (line, column) = site.pos_of(EN, "false");
    let d = outcome.error_at(EN, line, column, "published as unofficial");
    assert_eq!(d.rule, "MB1101");
    // Texts not marked unofficial are not published.
    let data = dataset_despite_errors(&site);
    assert!(data.translations.language("en").is_none());
    assert!(
        data.translations
            .get("en", Subject::Model, "1", "title")
            .is_none()
    );

    let site = Site::shipped();
    let text = site.read(EN);
    let body = &text[text.find("[[model_group]]").expect("a group")..];
    site.write(EN, body);
    site.write(
        "data/translations/vi.toml",
        "[translation]\ntranslator = \"x\"\nunofficial = true\n",
    );
    let outcome = site.check();
    outcome.assert_fails();
    outcome.error(EN, 1, "does not say who made the translations");
    outcome.error("data/translations/vi.toml", 1, "the site's own language");
}

#[test]
fn a_changed_translation_is_seen_by_an_incremental_build() {
    let site = Site::shipped_buildable();
    let out = site.path("public");
    let build = |full: bool, to: &std::path::Path| {
        let options = minhbach::BuildOptions {
            validate: options(),
            base_url: None,
            full,
        };
        let (summary, diags) = minhbach::build(site.root(), to, &options);
        let errors: Vec<String> = diags.errors().iter().map(|d| d.to_string()).collect();
        summary.unwrap_or_else(|| panic!("build failed: {errors:?}"))
    };
    build(false, &out);
    let before = dataset(&site);
    site.replace(
        EN,
        "title = \"Analysis of the labour situation\"",
        "title = \"Analysing the labour situation\"",
    );
    let after = dataset(&site);
    assert_eq!(
        after.translations.get("en", Subject::Model, "39", "title"),
        Some("Analysing the labour situation")
    );
    // The fingerprint every output's is made from changes, so nothing made from the
    // data is taken from the last build unchanged ...
    assert_ne!(before.rest_fingerprint, after.rest_fingerprint);
    // ... and the incremental build equals a clean one.
    build(false, &out);
    let clean = site.path("clean");
    build(true, &clean);
    let files = |dir: &std::path::Path| -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
                (rel, std::fs::read(e.path()).expect("readable"))
            })
            .collect()
    };
    let (a, b) = (files(&out), files(&clean));
    let differ: Vec<_> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    assert!(differ.is_empty(), "differ from a clean build: {differ:?}");
}
