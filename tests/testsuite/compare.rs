//! The comparison of localities (`so-sanh/`, issue 27): on the shipped portal the matrix
//! says, for every plan, which catalogue model each item adopts, with the plan's own number
//! and deadline, and lists the items that match none; the pages made are the page of all
//! and the pairs of siblings with a plan; locality pages link to them. On SYNTHETIC sites:
//! the rankings are reachable from the comparison, and the number of pages stays bounded.
//! In headless Chromium: the picker and the sortable tables (tests/browser/compare.mjs).

use crate::common;
use crate::synth;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The matrix of a comparison page: (model number, locality slug) → the cell's text, for
/// every cell (an empty string where the locality did not adopt the model).
fn matrix(html: &str) -> BTreeMap<(u32, String), String> {
    let start = regex::Regex::new(r#"<table[^>]*class="?matrix"?[ >]"#)
        .unwrap()
        .find(html)
        .expect("a matrix")
        .end();
    let table = html[start..]
        .split_once("</table>")
        .expect("the matrix ends")
        .0;
    let model = regex::Regex::new(r#"<th scope=row><a href="?[^" >]*/mo-hinh/(\d+)/"?>"#).unwrap();
    let cell = regex::Regex::new(r#"<td data-col="?([a-z0-9-]+)"?>(.*?)</td>"#).unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    let mut out = BTreeMap::new();
    for row in table.split("<tr").skip(1) {
        let Some(n) = model.captures(row) else {
            continue;
        };
        let n: u32 = n[1].parse().unwrap();
        for c in cell.captures_iter(row) {
            let text = if c[2].contains("cell-item") {
                tags.replace_all(&c[2], " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            out.insert((n, c[1].to_string()), text);
        }
    }
    out
}

/// The items of a plan file: (number, provincial model, deadline as written).
fn plan_items(slug: &str) -> Vec<(String, Option<u32>, String)> {
    let path = common::shipped_root().join(format!("data/plans/{slug}.toml"));
    let doc: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let deadline = |d: Option<&toml::Value>| match d {
        Some(toml::Value::String(s)) => s.clone(),
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        Some(toml::Value::Table(t)) => t["text"].as_str().unwrap_or_default().to_string(),
        _ => String::new(),
    };
    doc["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["number"].as_str().unwrap().to_string(),
                i.get("model")
                    .and_then(|m| m.as_integer())
                    .map(|m| m as u32),
                deadline(i.get("deadline")),
            )
        })
        .collect()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every comparison page of a built site, as paths relative to it.
fn compare_pages(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out.join("so-sanh"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn shipped() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let errors = common::build_site(&common::shipped_root(), out.path());
    assert!(errors.is_empty(), "{errors:#?}");
    out
}

#[test]
fn the_shipped_matrix_shows_each_plans_items_as_numbered_and_dated() {
    let out = shipped();
    let m = matrix(&read(out.path(), "so-sanh/index.html"));
    // Bỉm Sơn's 11 models, as its plan numbers them (Mục III.1 … III.11), read by hand.
    let bim_son: Vec<u32> = m
        .iter()
        .filter(|((_, l), t)| l == "bim-son" && !t.is_empty())
        .map(|((n, _), _)| *n)
        .collect();
    assert_eq!(bim_son, [3, 5, 24, 27, 30, 31, 34, 35, 37, 42, 44]);
    assert_eq!(m[&(3, "bim-son".into())], "Mục 1 30/9/2024 đã đến hạn");
    assert_eq!(m[&(37, "bim-son".into())], "Mục 9 Quý II/2024 đã đến hạn");
    assert!(m[&(5, "bim-son".into())].starts_with("Mục 2 Theo tiến độ triển khai của Bộ Công an"));
    assert_eq!(m[&(1, "bim-son".into())], "");
    // Every plan: each item naming a model is in that model's row under its own number and
    // deadline as written, and no cell holds anything else.
    for slug in ["bim-son", "quan-hoa", "duc-tho", "van-son"] {
        let items = plan_items(slug);
        for (n, model, deadline) in &items {
            if let Some(model) = model {
                let cell = &m[&(*model, slug.to_string())];
                assert!(
                    // The cell's text is read with its whitespace collapsed, as the page shows it.
                    cell.contains(&format!(
                        "Mục {n} {}",
                        deadline.split_whitespace().collect::<Vec<_>>().join(" ")
                    )),
                    "{slug} item {n} (model {model}, {deadline:?}) not in its cell: {cell:?}"
                );
            }
        }
        let adopted: BTreeSet<u32> = items.iter().filter_map(|i| i.1).collect();
        let shown: BTreeSet<u32> = m
            .iter()
            .filter(|((_, l), t)| l == slug && !t.is_empty())
            .map(|((n, _), _)| *n)
            .collect();
        assert_eq!(adopted, shown, "{slug}: models in the matrix");
    }
}

#[test]
fn the_shipped_comparison_lists_what_matches_no_model_and_counts_deadlines() {
    let out = shipped();
    let html = read(out.path(), "so-sanh/index.html");
    // Vân Sơn's 72 tasks and Đức Thọ's items without a provincial model are listed, not dropped.
    let unmatched = |slug: &str| plan_items(slug).iter().filter(|i| i.1.is_none()).count();
    assert_eq!(unmatched("van-son"), 72);
    assert!(
        html.contains("Xã Vân Sơn: 72/72 mục") || html.contains("Vân Sơn: 72/72 mục"),
        "Vân Sơn's tasks listed"
    );
    let duc_tho = unmatched("duc-tho");
    assert!(duc_tho > 0);
    assert!(
        html.contains(&format!("Đức Thọ: {duc_tho}/23 mục")),
        "Đức Thọ's unmatched items listed"
    );
    // The summary row of Bỉm Sơn: 11 items, 11 matching, 11 models; 2 due by September 2024
    // (items 1, "30/9/2024", and 9, "Quý II/2024"), none in the three months after.
    let row = html
        .split("<tr data-col=bim-son>")
        .nth(1)
        .expect("Bỉm Sơn's summary row")
        .split("</tr>")
        .next()
        .unwrap();
    let nums: Vec<&str> = regex::Regex::new(r"<td class=num>(\d+)</td>")
        .unwrap()
        .captures_iter(row)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(nums.first().copied(), Some("11"), "{row}");
    assert_eq!(&nums[..3], ["11", "11", "11"], "{row}");
    assert_eq!(&nums[nums.len() - 2..], ["2", "0"], "{row}");
    assert!(html.contains("Hạn được tính đến hết tháng 9/2024"));
}

#[test]
fn the_shipped_pages_are_the_page_of_all_and_pairs_of_siblings_with_a_plan() {
    let out = shipped();
    let pages = compare_pages(out.path());
    // Bỉm Sơn and Quan Hóa are the only siblings (under Thanh Hóa) that both have a plan.
    assert_eq!(
        pages,
        BTreeSet::from([
            "so-sanh/index.html".to_string(),
            "so-sanh/bim-son/quan-hoa/index.html".to_string()
        ])
    );
    let pair = read(out.path(), "so-sanh/bim-son/quan-hoa/index.html");
    assert!(pair.contains("So sánh Bỉm Sơn và Quan Hóa"));
    let m = matrix(&pair);
    assert!(m.keys().all(|(_, l)| l == "bim-son" || l == "quan-hoa"));
    // Locality pages link to the comparisons they are in; the page of all lists the pair.
    let link = |rel: &str, target: &str| {
        read(out.path(), rel).contains(&format!("href=/{target}>"))
            || read(out.path(), rel).contains(&format!("href=\"/{target}\""))
    };
    assert!(link(
        "dia-phuong/bim-son/index.html",
        "so-sanh/bim-son/quan-hoa/"
    ));
    assert!(link(
        "dia-phuong/quan-hoa/index.html",
        "so-sanh/bim-son/quan-hoa/"
    ));
    assert!(link(
        "dia-phuong/thanh-hoa/index.html",
        "so-sanh/bim-son/quan-hoa/"
    ));
    assert!(link("dia-phuong/duc-tho/index.html", "so-sanh/"));
    assert!(!link(
        "dia-phuong/duc-tho/index.html",
        "so-sanh/bim-son/quan-hoa/"
    ));
    assert!(link("so-sanh/index.html", "so-sanh/bim-son/quan-hoa/"));
}

/// A SYNTHETIC site with the shipped theme.
fn synthetic(p: &synth::Params) -> (tempfile::TempDir, synth::Generated) {
    let dir = tempfile::tempdir().unwrap();
    let generated = synth::generate(dir.path(), p).unwrap();
    synth::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &dir.path().join("themes"),
    )
    .unwrap();
    (dir, generated)
}

#[test]
fn synthetic_rankings_are_reachable_from_the_comparison() {
    let (dir, _) = synthetic(&synth::Params::small());
    let out = dir.path().join("public");
    let errors = common::build_site(dir.path(), &out);
    assert!(errors.is_empty(), "{errors:#?}");
    let all = read(&out, "so-sanh/index.html");
    let ranked: Vec<String> = regex::Regex::new(r#"href="?/(chi-so/[a-z0-9-]+/)#bieu-do"?>"#)
        .unwrap()
        .captures_iter(&all)
        .map(|c| c[1].to_string())
        .collect();
    assert!(!ranked.is_empty(), "no ranking linked from so-sanh/");
    for page in &ranked {
        let html = read(&out, &format!("{page}index.html"));
        assert!(
            html.contains("chart-ranking"),
            "{page} has no ranking chart"
        );
    }
    // The two provinces (top-level siblings, both with a plan) have a pair page whose figures
    // are ranked indicator by indicator, with a chart and a sortable table.
    let pair = compare_pages(&out)
        .into_iter()
        .find(|p| p.matches('/').count() == 3)
        .expect("a pair page");
    let html = read(&out, &pair);
    assert!(html.contains("id=so-lieu"), "{pair}: no figures section");
    assert!(html.contains("chart-ranking"), "{pair}: no ranking chart");
    assert!(
        html.contains("<table data-sortable>"),
        "{pair}: no sortable table"
    );
}

#[test]
fn a_parent_with_many_children_with_plans_gets_one_page_not_every_pair() {
    let p = synth::Params {
        provinces: 1,
        districts_per_province: 14,
        communes_per_parent: 1,
        months: 2,
        indicators: 6,
        models: 6,
        ..synth::Params::small()
    };
    let (dir, generated) = synthetic(&p);
    // A plan for every district: copy the province's, as theirs.
    let province = &generated.places[0].slug;
    let plan =
        std::fs::read_to_string(dir.path().join(format!("data/plans/{province}.toml"))).unwrap();
    let districts: Vec<&synth::Place> = generated.places.iter().filter(|l| l.level == 1).collect();
    assert_eq!(districts.len(), 14);
    for d in &districts {
        std::fs::write(
            dir.path().join(format!("data/plans/{}.toml", d.slug)),
            plan.replace(
                &format!("locality = \"{province}\""),
                &format!("locality = \"{}\"", d.slug),
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("public");
    let errors = common::build_site(dir.path(), &out);
    assert!(errors.is_empty(), "{errors:#?}");
    let pages = compare_pages(&out);
    // 15 localities with a plan: the page of all and the page of the province's districts,
    // no pair of its 14 districts (91 pairs); at most 1 + 5.5 n in any case.
    assert_eq!(
        pages,
        BTreeSet::from([
            "so-sanh/index.html".to_string(),
            format!("so-sanh/{province}/index.html"),
        ])
    );
    assert!(pages.len() as f64 <= 1.0 + 5.5 * 15.0);
    let within = read(&out, &format!("so-sanh/{province}/index.html"));
    assert_eq!(
        within.matches("name=dp ").count(),
        14,
        "the picker offers every district"
    );
    let district = read(
        &out,
        &format!("dia-phuong/{}/index.html", districts[0].slug),
    );
    assert!(
        district.contains(&format!("/so-sanh/{province}/")),
        "a district links to its parent's comparison"
    );
}

#[test]
fn the_picker_and_sorting_work_in_chromium_with_the_keyboard() {
    let out = shipped();
    let (ok, stdout, stderr) = common::tools::node("compare.mjs", &[out.path().as_os_str()]);
    let report: serde_json::Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("compare.mjs printed no report ({e}):\n{stdout}\n{stderr}"));
    assert!(ok, "{report:#}\n{stderr}");
    assert!(report["checks"].as_u64().unwrap_or(0) >= 40, "{report:#}");
}
