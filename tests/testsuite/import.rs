//! `minhbach import`: the sample spreadsheet (made from September 2024) round-trips into a
//! scaffolded October, in XLSX, ODS and CSV; a filled value is never replaced without
//! `--overwrite`; every error names sheet, row and column, and nothing is written.

use crate::common::{Site, shipped_root};
use crate::import_sample::{self as sample, C, SampleSheet};
use std::path::{Path, PathBuf};
use std::process::Command;
use toml::Value;

const MONTH: &str = "2024-10";

/// The shipped site with October scaffolded by `new report`.
fn october() -> Site {
    let site = Site::shipped();
    minhbach::cli::new::new_report(site.root(), MONTH.parse().expect("month")).expect("scaffold");
    site
}

/// Runs `minhbach import`; (success, stderr).
fn import(site: &Site, file: &Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .arg("import")
        .arg(file)
        .arg("--site")
        .arg(site.root())
        .args(["--month", MONTH])
        .args(extra)
        .output()
        .expect("run minhbach import");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn records<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default()
}

fn parse(site: &Site, rel: &str) -> toml::Table {
    site.read(rel).parse().expect(rel)
}

/// A key's value as a number or text, for comparing 100 with 100.0.
fn norm(v: Option<&Value>) -> Option<String> {
    v.map(|v| match v {
        Value::Integer(i) => format!("{}", *i as f64),
        Value::Float(x) => format!("{x}"),
        other => other.to_string(),
    })
}

const SERVICE_KEYS: [&str; 8] = [
    "total",
    "online",
    "stated_rate",
    "on_time",
    "overdue",
    "none_this_month",
    "connection",
    "difficulties",
];
const VALUE_KEYS: [&str; 5] = ["value", "lower_bound", "range", "none_this_month", "stated"];

fn same_keys(a: &toml::Table, b: &toml::Table, keys: &[&str], what: &str) {
    for k in keys {
        assert_eq!(norm(a.get(*k)), norm(b.get(*k)), "{what}: `{k}` differs");
    }
}

/// October, filled from the sample, has September's figures, and nothing left to fill
/// in services.toml and indicators.toml; the scaffold's comments are still there.
fn assert_round_trip(site: &Site) {
    let (sep, oct) = ("data/reports/2024-09", "data/reports/2024-10");
    let (a, b) = (
        parse(site, &format!("{sep}/services.toml")),
        parse(site, &format!("{oct}/services.toml")),
    );
    let (sa, sb) = (records(&a, "service"), records(&b, "service"));
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        let what = format!("Phụ lục {}, STT {}", x["appendix"], x["number"]);
        same_keys(x, y, &SERVICE_KEYS, &what);
        for (rx, ry) in records(x, "row").iter().zip(records(y, "row")) {
            same_keys(rx, ry, &SERVICE_KEYS, &format!("{what}, {}", rx["name"]));
        }
    }
    let (a, b) = (
        parse(site, &format!("{sep}/indicators.toml")),
        parse(site, &format!("{oct}/indicators.toml")),
    );
    let (va, vb) = (records(&a, "value"), records(&b, "value"));
    assert_eq!(va.len(), vb.len());
    for (x, y) in va.iter().zip(&vb) {
        same_keys(x, y, &VALUE_KEYS, &format!("value {}", x["indicator"]));
    }
    for f in ["services.toml", "indicators.toml"] {
        let text = site.read(&format!("{oct}/{f}"));
        let marked = text
            .lines()
            .filter(|l| l.trim_start().starts_with("to_fill"))
            .count();
        assert_eq!(marked, 0, "{f} still has records to fill:\n{text}");
        assert!(
            text.contains("khung do `minhbach new report 2024-10`"),
            "{f} lost its header comment"
        );
        assert!(
            !text.contains("= … |"),
            "{f} kept a hint comment of the scaffold"
        );
    }
}

fn sheets() -> Vec<SampleSheet> {
    sample::sheets(&shipped_root())
}

fn temp_file(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

#[test]
fn committed_csv_sample_is_made_by_the_code() {
    let dir = shipped_root().join("tests/fixtures/import");
    for s in sheets() {
        let name = format!(
            "mau-2024-09-{}.csv",
            minhbach::common::text::slugify(&s.name)
        );
        let made = sample::csv(&s);
        if std::env::var_os("MINHBACH_REGENERATE").is_some() {
            std::fs::create_dir_all(&dir).expect("fixtures folder");
            std::fs::write(dir.join(&name), &made).expect("write sample");
        }
        let committed = std::fs::read_to_string(dir.join(&name))
            .unwrap_or_else(|e| panic!("{name}: {e}; make it with MINHBACH_REGENERATE=1 cargo test --test testsuite import::"));
        assert_eq!(
            committed, made,
            "{name} is not what the code makes; MINHBACH_REGENERATE=1 remakes it"
        );
        assert!(
            made.starts_with("MẪU (sample)"),
            "{name} is not labelled a sample"
        );
    }
}

#[test]
fn xlsx_sample_round_trips_and_a_second_import_changes_nothing() {
    let site = october();
    let dir = tempfile::TempDir::new().expect("temp");
    let book = temp_file(&dir, "mau.xlsx");
    sample::write_xlsx(&sheets(), &book);
    let (ok, err) = import(&site, &book, &[]);
    assert!(ok, "{err}");
    assert!(
        // In the site's language: the shipped portal's is Vietnamese ("đạt" = ok).
        err.contains("check: đạt"),
        "check did not run after import:\n{err}"
    );
    assert_round_trip(&site);
    let before = site.read("data/reports/2024-10/services.toml");
    let (ok, err) = import(&site, &book, &[]);
    // The summary is in the site's language: "ghi 0 giá trị" = 0 values written.
    assert!(ok && err.contains("ghi 0 giá trị"), "{err}");
    assert_eq!(before, site.read("data/reports/2024-10/services.toml"));
}

#[test]
fn ods_sample_round_trips() {
    let site = october();
    let dir = tempfile::TempDir::new().expect("temp");
    let book = temp_file(&dir, "mau.ods");
    sample::write_ods(&sheets(), &book);
    let (ok, err) = import(&site, &book, &[]);
    assert!(ok, "{err}");
    assert_round_trip(&site);
}

#[test]
fn csv_sample_with_vietnamese_numbers_round_trips() {
    let site = october();
    let fixtures = shipped_root().join("tests/fixtures/import");
    for name in [
        "mau-2024-09-phu-luc-i.csv",
        "mau-2024-09-phu-luc-ii.csv",
        "mau-2024-09-chi-so.csv",
    ] {
        let (ok, err) = import(&site, &fixtures.join(name), &[]);
        assert!(ok, "{name}: {err}");
    }
    assert_round_trip(&site);
}

/// The sample with one cell of a sheet changed.
fn edited(edits: &[(&str, usize, usize, C)]) -> Vec<SampleSheet> {
    let mut s = sheets();
    for (sheet, row, col, cell) in edits {
        let sh = s.iter_mut().find(|x| x.name == *sheet).expect("sheet");
        sh.rows[row - 1][*col] = cell.clone();
    }
    s
}

fn text(s: &str) -> C {
    C::T(s.to_string())
}

#[test]
fn a_filled_value_is_replaced_only_with_overwrite() {
    let site = october();
    let dir = tempfile::TempDir::new().expect("temp");
    let book = temp_file(&dir, "mau.xlsx");
    sample::write_xlsx(&sheets(), &book);
    assert!(import(&site, &book, &[]).0);
    let filled = site.read("data/reports/2024-10/services.toml");
    // Phụ lục I, STT 2 is on row 5 (title, blank line, header, STT 1); total is column D.
    sample::write_xlsx(&edited(&[("Phụ lục I", 5, 3, C::N(229_047.0))]), &book);
    let (ok, err) = import(&site, &book, &[]);
    assert!(!ok, "a filled value was replaced:\n{err}");
    assert!(
        err.contains("sheet \"Phụ lục I\", row 5, column D: Phụ lục I, STT 2 in data/reports/2024-10/services.toml already has `total = 229046`; the sheet says 229047"),
        "{err}"
    );
    assert_eq!(
        filled,
        site.read("data/reports/2024-10/services.toml"),
        "a failed import wrote"
    );
    let (ok, err) = import(&site, &book, &["--overwrite"]);
    assert!(ok, "{err}");
    let now = parse(&site, "data/reports/2024-10/services.toml");
    assert_eq!(
        records(&now, "service")[1]["total"].as_integer(),
        Some(229_047)
    );
}

#[test]
fn every_error_names_sheet_row_and_column_and_nothing_is_written() {
    let site = october();
    let before = site.read("data/reports/2024-10/services.toml");
    let dir = tempfile::TempDir::new().expect("temp");
    let book = temp_file(&dir, "mau.xlsx");
    sample::write_xlsx(
        &edited(&[
            ("Phụ lục I", 6, 3, text("hai mươi")), // STT 3 total: not a number
            ("Phụ lục I", 7, 3, text("2,186")), // STT 4 total: 2,186 by the Vietnamese convention
            ("Phụ lục I", 8, 1, text("Khai báo tạm vắngg")), // STT 5: no such service
            ("Phụ lục I", 9, 4, C::N(6000.0)),  // STT 6: online 6000 > total 5929
            ("Chỉ số", 4, 0, text("departments-inspectd")), // first figure: no such indicator
        ]),
        &book,
    );
    let (ok, err) = import(&site, &book, &[]);
    assert!(!ok, "{err}");
    for expected in [
        "sheet \"Phụ lục I\", row 6, column D: total: \"hai mươi\" is not a number",
        "sheet \"Phụ lục I\", row 7, column D: total: \"2,186\" is ambiguous: 2.186 by the document's Vietnamese",
        "sheet \"Phụ lục I\", row 8, column B: no service named \"Khai báo tạm vắngg\" in Phụ lục I of data/reports/2024-10/services.toml",
        "= cần: did you mean STT 5 \"Khai báo tạm vắng\"?",
        "sheet \"Phụ lục I\", row 9, column E: online 6000 is more than the total 5929 of the same row",
        "sheet \"Chỉ số\", row 4, column A: no indicator \"departments-inspectd\" in data/indicators.toml",
        "= cần: did you mean `departments-inspected`?",
        "lỗi: 5 error(s) in the spreadsheet; nothing was written",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert_eq!(
        before,
        site.read("data/reports/2024-10/services.toml"),
        "a failed import wrote"
    );
}

#[test]
fn an_english_number_is_read_and_reported() {
    let site = october();
    let dir = tempfile::TempDir::new().expect("temp");
    let csv = temp_file(&dir, "phu-luc-i.csv");
    // Phụ lục I, STT 2: the rate 25,87 written the English way (a `.` before two digits
    // cannot be a Vietnamese thousands mark).
    let mut s = edited(&[("Phụ lục I", 5, 5, text("25.87"))]);
    s.retain(|x| x.name == "Phụ lục I");
    std::fs::write(&csv, sample::csv(&s[0])).expect("write csv");
    let (ok, err) = import(&site, &csv, &[]);
    assert!(ok, "{err}");
    assert!(
        err.contains("cảnh báo: sheet \"phu-luc-i.csv\", row 5, column F: stated_rate: \"25.87\" is written in the English"),
        "{err}"
    );
    let now = parse(&site, "data/reports/2024-10/services.toml");
    assert_eq!(
        records(&now, "service")[1]["stated_rate"].as_float(),
        Some(25.87)
    );
}
