//! The shipped data checks clean and holds what the five source documents hold.

use minhbach::model::dataset::Dataset;
use minhbach::model::records::Status;
use minhbach::validate::Options;
use std::path::PathBuf;

fn dataset() -> Dataset {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (ds, diags) = minhbach::check(
        &root,
        Options {
            today: "2026-11-23".parse().unwrap(),
        },
    );
    let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    ds.expect("checks clean")
}

fn plan_items(ds: &Dataset, slug: &str) -> usize {
    ds.plans
        .iter()
        .find(|p| p.plan.locality == slug)
        .map_or(0, |p| p.items.len())
}

#[test]
fn catalogue_has_44_numbers_in_five_groups() {
    let ds = dataset();
    let numbers: Vec<u32> = ds.models.iter().map(|m| m.number).collect();
    assert_eq!(numbers, (1..=44).collect::<Vec<_>>());
    assert_eq!(
        ds.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["I", "II", "III", "IV", "V"]
    );
    // Numbers no document names stay untitled rather than invented.
    let untitled: Vec<u32> = ds
        .models
        .iter()
        .filter(|m| m.title.is_none())
        .map(|m| m.number)
        .collect();
    assert_eq!(untitled, [2, 4, 12, 16, 19, 21, 22, 23]);
}

#[test]
fn plans_have_the_documents_item_counts() {
    let ds = dataset();
    assert_eq!(plan_items(&ds, "bim-son"), 11);
    assert_eq!(plan_items(&ds, "quan-hoa"), 21);
    assert_eq!(plan_items(&ds, "duc-tho"), 23);
    assert_eq!(plan_items(&ds, "van-son"), 72);
    let van_son = ds
        .plans
        .iter()
        .find(|p| p.plan.locality == "van-son")
        .unwrap();
    assert_eq!(van_son.groups.len(), 10);
    // Bỉm Sơn announces 9 models and lists 11: both are kept.
    let bim_son = ds
        .plans
        .iter()
        .find(|p| p.plan.locality == "bim-son")
        .unwrap();
    assert_eq!(bim_son.plan.stated_count, Some(9));
    // Đức Thọ keeps its own numbering 1..23.
    let duc_tho = ds
        .plans
        .iter()
        .find(|p| p.plan.locality == "duc-tho")
        .unwrap();
    let own: Vec<String> = duc_tho.items.iter().map(|i| i.number.clone()).collect();
    assert_eq!(own, (1..=23).map(|n| n.to_string()).collect::<Vec<_>>());
    // Its "Mô hình 3: DVC trực tuyến trên VNeID" is the province's model 5.
    assert_eq!(duc_tho.items[2].model, Some(5));
}

#[test]
fn september_report_has_every_appendix_row() {
    let ds = dataset();
    let r = ds
        .reports
        .iter()
        .find(|r| r.report.month.to_string() == "2024-09")
        .expect("September 2024");
    assert_eq!(r.services.iter().filter(|s| s.appendix == "I").count(), 25);
    let ii: Vec<_> = r.services.iter().filter(|s| s.appendix == "II").collect();
    assert_eq!(
        ii.len(),
        22,
        "22 of Decision 422's 28 services are run locally"
    );
    assert_eq!(
        ii.iter().map(|s| s.rows.len()).sum::<usize>(),
        7,
        "sub-rows of STT 5 and 6"
    );
    assert_eq!(r.statuses.len(), 36, "Appendix III rows");
    assert!(
        r.statuses
            .iter()
            .any(|s| s.model == 6 && s.status == Status::Maintaining)
    );
}

#[test]
fn narrative_figures_are_exact() {
    let ds = dataset();
    let r = &ds.reports[0];
    let value = |id: &str| {
        r.values
            .iter()
            .find(|v| v.record.indicator == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .record
            .clone()
    };
    assert_eq!(value("bhyt-cccd-synced").value, Some(3_182_603.0));
    assert_eq!(value("bhyt-cccd-synced").delta.map(|d| d.by), Some(594.0));
    assert_eq!(value("pension-cashless-registered").value, Some(39_102.0));
    assert_eq!(value("pension-recipients").value, Some(164_331.0));
    assert_eq!(value("pension-cashless-rate").stated, Some(23.03));
    assert_eq!(
        value("pension-cashless-rate").value,
        None,
        "the rate is computed, never typed"
    );
    assert_eq!(
        value("digital-signatures-issued").lower_bound,
        Some(307_500.0)
    );
    assert_eq!(value("banking-utilities").none_this_month, Some(true));
}
