//! Charts: every SVG the build writes is well-formed and accessible, and the
//! drawing keeps its promises (gaps stay gaps, the longest bar is the largest
//! value, Vietnamese number format, Vietnamese text kept exactly). Specs built
//! here are SYNTHETIC test figures, never shown on the portal.

use crate::common;

use minhbach::chart::{ChartSpec, Kind, Point, PointKind, Series, draw};
use minhbach::{BuildOptions, build, validate::Options};
use std::path::{Path, PathBuf};

fn build_shipped(out: &Path) {
    let (summary, diags) = build(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        out,
        &BuildOptions {
            validate: Options {
                today: "2026-11-23".parse().unwrap(),
            },
            base_url: None,
            full: false,
        },
    );
    assert!(summary.is_some(), "build failed: {:?}", diags.sorted());
}

/// Every `<svg>...</svg>` in a text.
fn svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let Some(j) = rest[i..].find("</svg>") else {
            break;
        };
        out.push(rest[i..i + j + 6].to_string());
        rest = &rest[i + j + 6..];
    }
    out
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn title_and_desc(svg: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"), "{svg}");
    assert!(root.attribute("viewBox").is_some(), "{svg}");
    assert!(
        root.attribute("width").is_none(),
        "scales to its container: {svg}"
    );
    let child = |name: &str| {
        root.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    (child("title"), child("desc"))
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

/// The site's page graph, as the build assembles it, given to `f` with every
/// chart of the site: those of the ready pages and those the deferred pages make.
fn with_assembled<R>(
    f: impl FnOnce(&minhbach::site::Site, &std::collections::BTreeMap<String, ChartSpec>) -> R,
) -> R {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diags = minhbach::common::diagnostic::Diagnostics::default();
    let loaded = minhbach::load::load(root, &mut diags);
    let config = loaded.config.clone();
    let options = Options {
        today: "2026-11-23".parse().unwrap(),
    };
    let dataset = minhbach::validate::validate(loaded, options, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let ix = minhbach::model::index::Ix::new(&dataset);
    let strings =
        minhbach::load::i18n::Strings::load(root, &config.theme, &config.language).unwrap();
    let site = minhbach::site::assemble(&ix, &config, &strings).unwrap();
    let mut all: std::collections::BTreeMap<String, ChartSpec> = site
        .charts
        .specs
        .iter()
        .map(|(k, (spec, _))| (k.clone(), spec.clone()))
        .collect();
    for p in &site.pages {
        for (k, (spec, _)) in p.made().charts {
            all.entry(k).or_insert(spec);
        }
    }
    f(&site, &all)
}

#[test]
fn every_chart_of_the_build_is_xml_with_a_title_and_a_description() {
    let specs = with_assembled(|_, all| all.clone());
    assert!(specs.len() > 10, "{} charts", specs.len());
    for spec in specs.values() {
        let svg = draw(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.title));
        let (title, desc) = title_and_desc(&svg);
        assert_eq!(title, spec.title);
        assert!(desc.chars().count() > 30, "{title}: {desc}");
        assert!(desc.ends_with('.'), "a sentence: {desc}");
    }
}

#[test]
fn the_pages_carry_their_charts_with_data_and_csv() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("public");
    build_shipped(&out);
    let mut pages_with_charts = Vec::new();
    for f in html_files(&out) {
        let html = std::fs::read_to_string(&f).unwrap();
        let found = svgs(&html);
        if !found.is_empty() {
            pages_with_charts.push(f.strip_prefix(&out).unwrap().to_path_buf());
        }
        for svg in found {
            // Charts come unminified (quoted attributes); minified markup around them has no quotes.
            assert!(
                svg.contains("role=\"img\"") || svg.contains("role=img"),
                "{}: {svg}",
                f.display()
            );
            assert!(
                svg.contains("<title>") && svg.contains("<desc>"),
                "{}: {svg}",
                f.display()
            );
        }
    }
    for page in [
        "index.html",
        "chi-so/bhyt-cccd-synced/index.html",
        "dia-phuong/thanh-hoa/index.html",
        "mo-hinh/index.html",
        "bao-cao/2024-09/index.html",
    ] {
        assert!(
            pages_with_charts.iter().any(|p| p == Path::new(page)),
            "{page} has no chart; pages with charts: {pages_with_charts:?}"
        );
    }
    // The press update embeds a chart through the shortcode.
    let report = std::fs::read_to_string(out.join("bao-cao/2024-09/index.html")).unwrap();
    assert!(!report.contains("{{ chart"), "shortcode left as text");
    assert!(
        !report.contains("@@minhbach-chart"),
        "placeholder left as text"
    );
    let prose = &report[report.find("class=prose").expect("prose")..];
    let first = svgs(prose).into_iter().next().expect("chart in the prose");
    assert!(first.contains("3.182.603"), "{first}");
    assert!(prose.contains("<details"), "the chart's data table");
    // Each chart links its CSV, which exists.
    let csv_links: Vec<&str> = report
        .match_indices("du-lieu/bieu-do/")
        .map(|(i, _)| {
            let rest = &report[i..];
            &rest[..rest.find(['"', ' ', '>']).unwrap()]
        })
        .collect();
    assert!(!csv_links.is_empty());
    for l in csv_links {
        let csv = std::fs::read_to_string(out.join(l)).unwrap_or_else(|e| panic!("{l}: {e}"));
        assert!(csv.starts_with("\"category\",\"series\""), "{csv}");
    }
}

pub(crate) fn pt(kind: PointKind, v: Option<f64>) -> Point {
    Point {
        kind,
        value: v,
        upper: None,
        text: v.map(minhbach::common::format::number).unwrap_or_default(),
    }
}

/// A SYNTHETIC line chart of one series, one month per point.
pub(crate) fn line_spec(points: Vec<Point>) -> ChartSpec {
    ChartSpec {
        kind: Kind::Line,
        title: "SYNTHETIC".into(),
        description: "Dữ liệu thử nghiệm (SYNTHETIC), không phải số liệu thật.".into(),
        percent: false,
        categories: (1..=points.len()).map(|m| format!("T{m}/2024")).collect(),
        series: vec![Series {
            name: "Bỉm Sơn".into(),
            points,
        }],
        ..Default::default()
    }
}

/// The polylines of the series colour (plotters draws each segment as a `<polyline>`).
pub(crate) fn segments(svg: &str) -> Vec<Vec<(f64, f64)>> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "polyline")
        .filter(|n| n.attribute("stroke") == Some("#0072B2"))
        .map(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_missing_month_is_a_gap_in_the_line_not_a_zero() {
    use PointKind::*;
    let full = draw(&line_spec(vec![
        pt(Reported, Some(10.0)),
        pt(Reported, Some(20.0)),
        pt(Reported, Some(30.0)),
        pt(Reported, Some(40.0)),
    ]))
    .unwrap();
    let gap = draw(&line_spec(vec![
        pt(Reported, Some(10.0)),
        pt(Reported, Some(20.0)),
        Point::missing(),
        pt(Reported, Some(40.0)),
    ]))
    .unwrap();
    let xs = |s: &[Vec<(f64, f64)>]| -> Vec<f64> {
        let mut v: Vec<f64> = s.iter().flatten().map(|p| p.0).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    let full_segs = segments(&full);
    assert_eq!(full_segs.len(), 3, "{full}");
    let gap_segs = segments(&gap);
    // Only month 1–2 is joined: months 2–3 and 3–4 have no segment, and nothing drops to the axis.
    assert_eq!(gap_segs.len(), 1, "{gap}");
    let third_x = xs(&full_segs)[2];
    assert!(
        gap_segs
            .iter()
            .flatten()
            .all(|p| (p.0 - third_x).abs() > 0.5),
        "the missing month is not drawn: {gap}"
    );
    let zero_y = gap_segs
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(f64::MIN, f64::max);
    let lowest_full = full_segs
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(f64::MIN, f64::max);
    assert!(
        zero_y <= lowest_full,
        "no point was drawn below the smallest value"
    );
}

#[test]
fn a_derived_value_is_drawn_hollow_and_dashed_and_explained() {
    use PointKind::*;
    let svg = draw(&line_spec(vec![
        pt(Derived, Some(3_182_009.0)),
        pt(Reported, Some(3_182_603.0)),
    ]))
    .unwrap();
    // A dashed segment is several short polylines; a solid one would be one.
    assert!(segments(&svg).len() > 3, "{svg}");
    assert!(svg.contains("fill=\"#FFFFFF\""), "hollow marker: {svg}");
    assert!(
        texts(&svg).iter().any(|t| t.contains("tính từ mức tăng")),
        "{svg}"
    );
}

#[test]
fn none_this_month_is_written_not_drawn_as_zero() {
    use PointKind::*;
    let mut none = pt(NoneThisMonth, None);
    none.text = "Không phát sinh".into();
    let svg = draw(&line_spec(vec![pt(Reported, Some(5.0)), none])).unwrap();
    assert!(texts(&svg).iter().any(|t| t.contains("phát sinh")), "{svg}");
    assert!(segments(&svg).is_empty(), "{svg}");
}

#[test]
fn the_longest_bar_belongs_to_the_largest_value() {
    let values = [12.5, 97.25, 40.0, 63.0];
    let names = ["Quan Hóa", "Bỉm Sơn", "Đức Thọ", "Vạn Sơn"];
    let spec = ChartSpec {
        kind: Kind::Ranking,
        title: "SYNTHETIC ranking".into(),
        description: "Dữ liệu thử nghiệm (SYNTHETIC).".into(),
        percent: true,
        categories: names.iter().map(|s| s.to_string()).collect(),
        series: vec![Series {
            name: "Tỷ lệ".into(),
            points: values
                .iter()
                .map(|v| Point {
                    kind: PointKind::Reported,
                    value: Some(*v),
                    upper: None,
                    text: minhbach::common::format::percent(*v),
                })
                .collect(),
        }],
        ..Default::default()
    };
    let svg = draw(&spec).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let bars: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "rect")
        .map(|n| {
            let f = |a: &str| n.attribute(a).unwrap_or("0").parse::<f64>().unwrap();
            (f("y"), f("width"))
        })
        .collect();
    assert_eq!(bars.len(), 4, "{svg}");
    let longest = bars.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    // The first (topmost) bar is the longest: sorted largest first.
    assert_eq!(longest.0, bars.iter().map(|b| b.0).fold(f64::MAX, f64::min));
    let all = texts(&svg);
    let label_pos = |s: &str| all.iter().position(|t| t == s).unwrap();
    assert!(label_pos("Bỉm Sơn") < label_pos("Vạn Sơn"));
    assert!(all.iter().any(|t| t == "97,25\u{a0}%"), "{all:?}");
    // Lengths are proportional to the values.
    let mut widths: Vec<f64> = bars.iter().map(|b| b.1).collect();
    widths.sort_by(f64::total_cmp);
    assert!(
        (widths[3] / widths[0] - 97.25 / 12.5).abs() < 0.2,
        "{widths:?}"
    );
}

#[test]
fn axis_labels_are_in_vietnamese_format() {
    use PointKind::*;
    let mut spec = line_spec(vec![
        pt(Reported, Some(1_250_000.0)),
        pt(Reported, Some(3_182_603.0)),
    ]);
    spec.categories = vec!["T8/2024".into(), "T9/2024".into()];
    let all = texts(&draw(&spec).unwrap());
    assert!(all.iter().any(|t| t == "1.000.000"), "{all:?}");
    assert!(all.iter().any(|t| t == "3.182.603"), "{all:?}");
    assert!(all.iter().any(|t| t == "T9/2024"), "{all:?}");
    assert!(
        !all.iter()
            .any(|t| t.contains("1000000") || t.contains("1,000,000")),
        "{all:?}"
    );
    spec.percent = true;
    spec.series[0].points = vec![pt(Reported, Some(23.79)), pt(Reported, Some(98.99))];
    let all = texts(&draw(&spec).unwrap());
    assert!(all.iter().any(|t| t == "50\u{a0}%"), "{all:?}");
}

#[test]
fn vietnamese_text_is_kept_exactly() {
    let title = "Đề án 06: Bỉm Sơn và Quan Hóa — số hồ sơ trực tuyến";
    let spec = ChartSpec {
        kind: Kind::Status,
        title: title.into(),
        description: "Dữ liệu thử nghiệm (SYNTHETIC) của thị xã Bỉm Sơn và huyện Quan Hóa.".into(),
        percent: false,
        categories: vec!["Bỉm Sơn".into(), "Quan Hóa".into()],
        series: vec![Series {
            name: "Đúng tiến độ".into(),
            points: vec![
                pt(PointKind::Reported, Some(3.0)),
                pt(PointKind::Reported, Some(1.0)),
            ],
        }],
        ..Default::default()
    };
    let svg = draw(&spec).unwrap();
    let (t, d) = title_and_desc(&svg);
    assert_eq!(t, title);
    assert!(d.contains("Bỉm Sơn") && d.contains("Quan Hóa"));
    let all = texts(&svg);
    for s in ["Bỉm Sơn", "Quan Hóa", "Đúng tiến độ"] {
        assert!(all.iter().any(|t| t == s), "{s} in {all:?}");
    }
    // Text stays text, in the site's font.
    assert!(svg.contains("font-family=\"Noto Sans\""), "{svg}");
}

#[test]
fn identical_charts_are_drawn_once() {
    // A chart is drawn once however many times its page, chart page and embed show it;
    // one CSV per chart of a page (the status chart of the home, models, locality and
    // report pages has a permalink on each, see the `permalinks` module).
    let (keys, specs) = with_assembled(|site, all| {
        let keys: Vec<String> = site
            .pages
            .iter()
            .flat_map(|p| {
                let mut v = Vec::new();
                collect_keys(&p.made().context, &mut v);
                v
            })
            .collect();
        (keys, all.len())
    });
    let distinct: std::collections::BTreeSet<&String> = keys.iter().collect();
    assert!(
        keys.len() > distinct.len(),
        "some chart is shown on several pages"
    );
    assert_eq!(distinct.len(), specs);
    // In the built site: one CSV file per distinct chart (of the Vietnamese pages assembled
    // above: the English edition, issue 28, is left out of the copy built).
    let out = tempfile::tempdir().unwrap();
    let site = crate::common::Site::shipped_buildable();
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &toml[..toml.find("[languages.").unwrap_or(toml.len())],
    );
    let (summary, diags) = build(site.root(), out.path(), &BuildOptions::default());
    assert!(summary.is_some(), "{:?}", diags.sorted());
    // Files are named by page and what the chart shows (issue 28), so in folders.
    let csvs = walkdir::WalkDir::new(out.path().join("du-lieu/bieu-do"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .count();
    assert_eq!(csvs, distinct.len());
}

fn collect_keys(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(k) = o.get("chart_key").and_then(|k| k.as_str()) {
                out.push(k.to_string());
            }
            o.values().for_each(|x| collect_keys(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
        _ => {}
    }
}

#[test]
fn a_wrong_shortcode_argument_fails_naming_file_line_and_column() {
    let site = common::Site::shipped();
    let rel = "content/reports/2024-09.md";
    site.replace(
        rel,
        "localities=[\"thanh-hoa\"]",
        "localities=[\"thanh-hoa\"], colour=\"đỏ\"",
    );
    let (line, column) = site.pos_of(rel, "colour=");
    let out = site.check();
    out.assert_fails();
    out.error_at(rel, line, column, "unknown argument `colour`");

    let site = common::Site::shipped();
    site.replace(
        rel,
        "indicator=\"bhyt-cccd-synced\"",
        "indicator=\"khong-co\"",
    );
    let line = site.line_of(rel, "indicator=\"khong-co\"");
    let out = site.check();
    out.assert_fails();
    out.error(rel, line, "unknown indicator `khong-co`");

    let site = common::Site::shipped();
    site.replace(
        rel,
        "localities=[\"thanh-hoa\"]",
        "localities=[\"bim-son\", \"ha-noi\"]",
    );
    let out = site.check();
    out.assert_fails();
    out.error(
        rel,
        site.line_of(rel, "\"ha-noi\""),
        "unknown locality `ha-noi`",
    );

    // Arguments that name things that exist but select no figure.
    let site = common::Site::shipped();
    site.replace(
        rel,
        "from=\"2024-08\", to=\"2024-09\"",
        "from=\"2023-01\", to=\"2023-06\"",
    );
    let out = site.check();
    out.assert_fails();
    out.error(
        rel,
        site.line_of(rel, "from=\"2023-01\""),
        "no figure of `bhyt-cccd-synced`",
    );

    let site = common::Site::shipped();
    site.replace(
        rel,
        "to=\"2024-09\") }}",
        "to=\"2024-09\", kind=\"bars\") }}",
    );
    let out = site.check();
    out.assert_fails();
    out.error(
        rel,
        site.line_of(rel, "kind=\"bars\""),
        "needs figures of two localities",
    );

    let site = common::Site::shipped();
    site.replace(rel, "to=\"2024-09\"", "to=\"2024-13\"");
    let out = site.check();
    out.assert_fails();
    out.error(rel, site.line_of(rel, "to=\"2024-13\""), "not a month");
}

#[test]
fn blank_cells_are_never_summed_as_zero() {
    let specs = with_assembled(|_, all| all.clone());
    let ds_has_overdue = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/reports/2024-09/services.toml"),
    )
    .unwrap()
    .contains("overdue");
    let timely = specs.values().any(|s| s.title.contains("quá hạn"));
    // The September 2024 tables state no overdue count: no chart may show "0 overdue".
    assert_eq!(timely, ds_has_overdue);
    for spec in specs.values() {
        for s in &spec.series {
            for p in &s.points {
                if p.kind == PointKind::Missing || p.kind == PointKind::NoneThisMonth {
                    assert!(p.value.is_none(), "{}: {p:?}", spec.title);
                }
            }
        }
    }
}

#[test]
fn localities_with_figures_in_one_month_are_ranked_largest_first() {
    let site = common::Site::shipped();
    // SYNTHETIC district figures, generated here for the test only.
    let synthetic = [
        ("bim-son", 1200.0),
        ("quan-hoa", 5300.0),
        ("trieu-son", 2750.0),
    ];
    let mut extra = String::new();
    for (slug, v) in synthetic {
        extra.push_str(&format!(
            "\n[[value]]\nindicator = \"bhyt-cccd-synced\"\nlocality = \"{slug}\"\nvalue = {v}\nnote = \"SYNTHETIC\"\ncite = {{ source = \"bc-thanh-hoa-2024-09\", at = \"SYNTHETIC\" }}\n"
        ));
    }
    site.append("data/reports/2024-09/indicators.toml", &extra);
    site.append(
        "content/reports/2024-09.md",
        "{{ chart(indicator=\"bhyt-cccd-synced\", localities=[\"bim-son\", \"quan-hoa\", \"trieu-son\"], kind=\"bars\", to=\"2024-09\") }}\n",
    );
    let out = site.build();
    for rel in [
        "chi-so/bhyt-cccd-synced/index.html",
        "bao-cao/2024-09/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        let ranking = svgs(&html)
            .into_iter()
            .find(|s| s.contains("xếp hạng"))
            .unwrap_or_else(|| panic!("{rel}: no ranking chart"));
        // Labels in order of appearance: Quan Hóa (5.300) before Triệu Sơn (2.750) before Bỉm Sơn (1.200).
        let at = |s: &str| {
            ranking
                .find(s)
                .unwrap_or_else(|| panic!("{s} in {ranking}"))
        };
        assert!(
            at("Quan Hóa") < at("Triệu Sơn") && at("Triệu Sơn") < at("Bỉm Sơn"),
            "{ranking}"
        );
        assert!(ranking.contains("5.300"), "{ranking}");
    }
}
