//! Range figures ("thường từ 03 đến 05 ngày") and the other figures of issue 25:
//! `check` refuses a malformed range naming file, line and column; the pages write a
//! range as `3–5 ngày`, never as a lower bound; charts draw it as an interval that no
//! line runs through; the CSV files give its bounds in columns of their own and the
//! JSON dataset keeps it as written; a printed service rate that agrees with the
//! computed one only to its printed precision is shown beside it. Chart specs made
//! here are SYNTHETIC test figures.

use crate::common;

use crate::charts::{line_spec, segments as polylines};
use crate::check_errors::figure;
use common::Site;
use minhbach::chart::{ChartSpec, Kind, Point, PointKind, Series, draw};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shipped range figure.
const RANGE_INDICATOR: &str = "vneid-level1-approval-days";

/// Checks a copy of the shipped site with one range figure of a count indicator
/// written as `range_line` (which carries the marker `# khoảng`); returns the
/// outcome, the file and the 1-based line and column of the `{` of the range.
fn check_range(range_line: &str) -> (common::Outcome, String, usize, usize) {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(&site, &f, f.count_indicator(), range_line);
    let (line, _) = site.pos_of(&file, "# khoảng");
    let text = site.read(&file);
    let at = text.lines().nth(line - 1).expect("the line");
    let column = at.find('{').expect("a range table") + 1;
    (site.check(), file, line, column)
}

#[test]
fn a_range_without_its_upper_bound_is_an_error_at_its_line_and_column() {
    let (out, file, line, column) = check_range("range = { from = 3 } # khoảng");
    out.assert_fails();
    let d = out.error_at(&file, line, column, "has no `to` bound");
    assert_eq!(
        d.expected.as_deref(),
        Some("both bounds as written: range = { from = N, to = M }")
    );
}

#[test]
fn a_range_without_its_lower_bound_is_an_error() {
    let (out, file, line, column) = check_range("range = { to = 5 } # khoảng");
    out.assert_fails();
    out.error_at(&file, line, column, "has no `from` bound");
}

#[test]
fn a_range_that_runs_backwards_is_an_error() {
    let (out, file, line, column) = check_range("range = { from = 5, to = 3 } # khoảng");
    out.assert_fails();
    let d = out.error_at(&file, line, column, "runs backwards: from 5 to 3");
    assert_eq!(
        d.expected.as_deref(),
        Some("from ≤ to, the lower bound first")
    );
}

#[test]
fn a_range_of_equal_bounds_is_accepted() {
    let (out, _, _, _) = check_range("range = { from = 4, to = 4 } # khoảng");
    out.assert_passes();
}

#[test]
fn a_range_with_a_fraction_of_a_count_or_below_zero_is_an_error() {
    let (out, file, line, column) = check_range("range = { from = 2.5, to = 5 } # khoảng");
    out.assert_fails();
    out.error_at(&file, line, column, "has a fraction: 2.5");
    let (out, file, line, column) = check_range("range = { from = -1, to = 5 } # khoảng");
    out.assert_fails();
    out.error_at(&file, line, column, "negative count: -1");
}

#[test]
fn a_range_and_a_value_in_one_figure_is_an_error() {
    let site = Site::shipped();
    let f = site.facts();
    let file = figure(
        &site,
        &f,
        f.count_indicator(),
        "value = 4\nrange = { from = 3, to = 5 } # khoảng",
    );
    let out = site.check();
    out.assert_fails();
    let (line, _) = site.pos_of(&file, "# bản ghi thử");
    out.error_at(
        &file,
        line,
        1,
        "a figure has more than one of value, lower_bound, range and none_this_month",
    );
}

#[test]
fn a_rate_cannot_be_a_range() {
    let site = Site::shipped();
    let f = site.facts();
    let (rate, _, _) = f.rate_indicator();
    let rate = rate.to_string();
    let file = figure(&site, &f, &rate, "range = { from = 3, to = 5 } # khoảng");
    let (line, column) = site.pos_of(&file, "{ from = 3, to = 5 } # khoảng");
    let out = site.check();
    out.assert_fails();
    out.error_at(
        &file,
        line,
        column,
        &format!("`{rate}` is a rate computed from its numerator and denominator"),
    );
}

#[test]
fn an_unknown_key_in_a_range_is_an_error_at_its_line() {
    let (out, file, line, _) = check_range("range = { from = 3, upto = 5 } # khoảng");
    out.assert_fails();
    out.error(&file, line, "upto");
}

// ---------------------------------------------------------------- the built portal

/// The shipped portal, built once for the tests below.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::TempDir::new().expect("temporary folder").keep();
        let out = dir.join("public");
        let errors = common::build_site(&common::shipped_root(), &out);
        assert!(errors.is_empty(), "{errors:?}");
        out
    })
}

/// The fields of one CSV line (quoted fields, `""` for a quote inside one), each without its quotes.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(built().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_indicator_page_writes_the_range_with_its_unit_never_as_a_lower_bound() {
    let page = format!("{}index.html", minhbach::paths::indicator(RANGE_INDICATOR));
    let text = common::page_text(built(), &page);
    assert!(text.contains("3–5 ngày khoảng"), "{text}");
    assert!(!text.contains("giới hạn dưới"), "{text}");
    assert!(!text.contains("trên 3"), "{text}");
    assert!(text.contains("thường từ 03 đến 05 ngày"), "{text}");
    assert!(
        text.contains("thường mất 3-5 ngày"),
        "the note on Mục III.2: {text}"
    );
}

#[test]
fn the_indicator_chart_draws_the_range_as_an_interval() {
    let page = read(&format!(
        "{}index.html",
        minhbach::paths::indicator(RANGE_INDICATOR)
    ));
    let start = page.find("<svg").expect("a chart");
    let end = page[start..].find("</svg>").expect("its end") + start + 6;
    let svg = &page[start..end];
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"3–5"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("Khoảng giá trị")),
        "the legend: {texts:?}"
    );
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "circle"),
        "no marker: {svg}"
    );
}

#[test]
fn the_readings_csv_gives_the_bounds_in_columns_of_their_own() {
    let csv = read(&minhbach::paths::indicator_csv(RANGE_INDICATOR));
    let mut lines = csv.lines();
    let header = fields(lines.next().expect("a header"));
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
    };
    let row = fields(lines.next().expect("a row"));
    assert_eq!(row[col("kind")], "range");
    assert_eq!(row[col("value")], "", "a range has no single value");
    assert_eq!(row[col("range_from")], "3");
    assert_eq!(row[col("range_to")], "5");
    // Every other figure leaves the two columns empty.
    let other = read(&minhbach::paths::indicator_csv("departments-inspected"));
    let row = fields(other.lines().nth(1).expect("a row"));
    assert_eq!(
        (
            row[col("value")].as_str(),
            row[col("range_from")].as_str(),
            row[col("range_to")].as_str()
        ),
        ("7", "", "")
    );
}

#[test]
fn the_chart_csv_and_the_json_dataset_keep_the_range() {
    let page = read(&format!(
        "{}index.html",
        minhbach::paths::indicator(RANGE_INDICATOR)
    ));
    // Minified: attribute values without quotes.
    let csv_path = regex::Regex::new(r#"href="?/(du-lieu/bieu-do/[^" >]+\.csv)"#)
        .unwrap()
        .captures(&page)
        .expect("a chart CSV link")[1]
        .to_string();
    let csv = read(&csv_path);
    assert!(
        csv.starts_with(
            "\"category\",\"series\",\"kind\",\"value\",\"range_from\",\"range_to\",\"text\""
        ),
        "{csv}"
    );
    assert!(csv.contains("\"range\",\"\",\"3\",\"5\",\"3–5\""), "{csv}");
    let index: serde_json::Value =
        serde_json::from_str(&read(minhbach::paths::DATASET_JSON)).expect("JSON");
    let month = index["months"][0]["month"].as_str().expect("a month");
    let report: serde_json::Value = serde_json::from_str(&read(&minhbach::paths::dataset_month(
        &month.parse().unwrap(),
    )))
    .expect("JSON");
    let figure = report["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|f| f.get("record").unwrap_or(f))
        .find(|v| v["indicator"] == RANGE_INDICATOR)
        .expect("the range figure");
    assert_eq!(figure["range"]["from"], 3.0);
    assert_eq!(figure["range"]["to"], 5.0);
    assert!(figure["lower_bound"].is_null(), "{figure}");
    assert!(figure["value"].is_null(), "{figure}");
}

#[test]
fn a_printed_rate_rounded_differently_is_shown_beside_the_computed_one() {
    let text = common::page_text(built(), &format!("{}index.html", minhbach::paths::SERVICES));
    // Phụ lục I, STT 10: 1.880/1.898 = 99,05 %, printed 99,06 %; STT 18: 3.726/3.741 = 99,599… %
    // (shown 99,6 %), printed 99,59 %.
    for (computed, printed) in [
        ("99,05 %", "99,06 %"),
        ("99,6 %", "99,59 %"),
        // Phụ lục II, STT 5, second row: 7/128 = 5,47 %, printed 5,46 %.
        ("5,47 %", "5,46 %"),
    ] {
        let shown = format!("{computed} văn bản ghi {printed}");
        assert!(text.contains(&shown), "{shown:?} not in the services page");
        assert!(
            !text.contains(&format!("{shown} ⚠")),
            "no warning for {shown}"
        );
    }
    // A real disagreement keeps its warning (Phụ lục I, STT 22).
    assert!(text.contains("82,09 % văn bản ghi 77,49 % ⚠"), "{text}");
}

#[test]
fn the_eid_anomaly_is_told_on_the_indicator_page() {
    let page = format!(
        "{}index.html",
        minhbach::paths::indicator("eid-accounts-activated")
    );
    let text = common::page_text(built(), &page);
    assert!(text.contains("32.251"), "{text}");
    assert!(
        text.contains("lớn hơn số hồ sơ định danh điện tử thu nhận"),
        "{text}"
    );
    // The month's report page tells it beside the figure too.
    let month: minhbach::common::calendar::Month = "2024-09".parse().expect("a month");
    let report = common::page_text(
        built(),
        &format!("{}index.html", minhbach::paths::report(&month)),
    );
    assert!(
        report.contains(
            "Số tài khoản kích hoạt (32.251) lớn hơn số hồ sơ định danh điện tử thu nhận"
        ),
        "the note is not on the report page"
    );
}

// ---------------------------------------------------------------- drawing (SYNTHETIC)

fn pt(kind: PointKind, v: Option<f64>, upper: Option<f64>) -> Point {
    let n = minhbach::common::format::number;
    Point {
        kind,
        value: v,
        upper,
        text: match (v, upper) {
            (Some(a), Some(b)) => minhbach::common::format::range(n(a), n(b)),
            (Some(a), None) => n(a),
            _ => String::new(),
        },
    }
}

#[test]
fn no_line_runs_through_a_range_and_the_range_is_a_vertical_interval() {
    use PointKind::*;
    let svg = draw(&line_spec(vec![
        pt(Reported, Some(10.0), None),
        pt(Range, Some(20.0), Some(30.0)),
        pt(Reported, Some(40.0), None),
    ]))
    .unwrap();
    let lines = polylines(&svg);
    // No polyline spans two months: the points on either side are not joined to the range.
    let xs: Vec<f64> = lines.iter().flat_map(|l| l.iter().map(|p| p.0)).collect();
    let span = |l: &Vec<(f64, f64)>| {
        let min = l.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let max = l.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        max - min
    };
    assert!(lines.iter().all(|l| span(l) <= 12.0), "{lines:?} ({xs:?})");
    // One vertical bar, from the lower bound up to the upper (y grows downwards).
    let vertical: Vec<&Vec<(f64, f64)>> = lines
        .iter()
        .filter(|l| span(l) == 0.0 && l.len() >= 2 && l[0].1 != l[l.len() - 1].1)
        .collect();
    assert_eq!(vertical.len(), 1, "{lines:?}");
    let bar = vertical[0];
    assert!(bar[0].1 > bar[bar.len() - 1].1, "from 20 up to 30: {bar:?}");
    // The same chart with the range replaced by a value joins all three points.
    let joined = draw(&line_spec(vec![
        pt(Reported, Some(10.0), None),
        pt(Reported, Some(20.0), None),
        pt(Reported, Some(40.0), None),
    ]))
    .unwrap();
    assert!(polylines(&joined).iter().any(|l| span(l) > 12.0));
    assert!(svg.contains("20–30"), "{svg}");
}

#[test]
fn a_range_reaches_the_axis_by_its_upper_bound() {
    use PointKind::*;
    // Only a range: the axis must reach 30, the upper bound, not stop at 20.
    let svg = draw(&line_spec(vec![pt(Range, Some(20.0), Some(30.0))])).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let ticks: Vec<f64> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .filter_map(|t| t.trim().replace('.', "").parse().ok())
        .collect();
    let top = ticks.iter().copied().fold(0.0, f64::max);
    assert!(top >= 30.0, "{ticks:?}");
}

#[test]
fn a_range_in_a_ranking_is_a_hollow_bar_between_its_bounds() {
    use PointKind::*;
    let spec = ChartSpec {
        kind: Kind::Ranking,
        title: "SYNTHETIC".into(),
        description: "Dữ liệu thử nghiệm (SYNTHETIC).".into(),
        percent: false,
        categories: vec!["Xã A".into(), "Xã B".into()],
        series: vec![Series {
            name: "SYNTHETIC".into(),
            points: vec![
                pt(Reported, Some(10.0), None),
                pt(Range, Some(4.0), Some(8.0)),
            ],
        }],
        ..Default::default()
    };
    let svg = draw(&spec).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let rects: Vec<(f64, f64, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "rect")
        .filter(|n| {
            n.attribute("fill") == Some("#0072B2") || n.attribute("stroke") == Some("#0072B2")
        })
        .map(|n| {
            let x: f64 = n.attribute("x").unwrap_or("0").parse().unwrap_or(0.0);
            let w: f64 = n.attribute("width").unwrap_or("0").parse().unwrap_or(0.0);
            (x, w, n.attribute("fill"))
        })
        .collect();
    assert_eq!(rects.len(), 2, "{svg}");
    let (full, range) = (rects[0], rects[1]);
    assert!(
        range.0 > full.0,
        "the range starts at its lower bound: {rects:?}"
    );
    assert_eq!(range.2, Some("none"), "hollow: {rects:?}");
    assert!(svg.contains("4–8"), "{svg}");
}
