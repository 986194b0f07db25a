//! The sample spreadsheet ("MẪU"), made from the shipped September 2024 data, shaped like
//! the report's Appendix I and II and with a sheet of the narrative figures. It is a
//! test input, not a document: every sheet's first row says it is a sample.
//!
//! The CSV form is committed (`tests/fixtures/import/`, for the press office to open and
//! copy the layout from) and checked against this code; the XLSX and ODS forms are made
//! by the tests.

use std::io::Write as _;
use std::path::Path;
use toml::Value;

/// One cell of the sample.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    /// Nothing.
    E,
    /// A number.
    N(f64),
    /// Text.
    T(String),
}

/// A sheet: its name and rows.
pub struct SampleSheet {
    pub name: String,
    pub rows: Vec<Vec<C>>,
}

fn t(s: &str) -> C {
    C::T(s.to_string())
}

const SERVICE_HEADER: [&str; 9] = [
    "STT",
    "Tên dịch vụ công",
    "Kết nối",
    "Tổng hồ sơ",
    "Trực tuyến",
    "Tỷ lệ (%)",
    "Đúng hạn",
    "Quá hạn",
    "Khó khăn, vướng mắc",
];

fn title(what: &str) -> Vec<C> {
    vec![t(&format!(
        "MẪU (sample) — {what}, tháng 9/2024: lập bằng chương trình từ data/reports/2024-09 để thử `minhbach import`, không phải văn bản chính thức"
    ))]
}

fn figures_of(r: &toml::Table) -> Vec<C> {
    let num = |k: &str| match r.get(k) {
        Some(Value::Integer(i)) => C::N(*i as f64),
        Some(Value::Float(x)) => C::N(*x),
        _ => C::E,
    };
    let text = |k: &str| r.get(k).and_then(Value::as_str).map_or(C::E, t);
    let difficulties = if r.get("none_this_month").and_then(Value::as_bool) == Some(true) {
        t("Trong tháng không phát sinh")
    } else {
        text("difficulties")
    };
    vec![
        text("connection"),
        num("total"),
        num("online"),
        num("stated_rate"),
        num("on_time"),
        num("overdue"),
        difficulties,
    ]
}

fn load(root: &Path, rel: &str) -> toml::Table {
    let text = std::fs::read_to_string(root.join(rel)).expect(rel);
    text.parse().expect(rel)
}

fn tables<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default()
}

fn str_of<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The sample's sheets, from the September 2024 data of the site at `root`.
pub fn sheets(root: &Path) -> Vec<SampleSheet> {
    let services = load(root, "data/reports/2024-09/services.toml");
    let groups = tables(&services, "group");
    let mut out = Vec::new();
    for appendix in ["I", "II"] {
        let mut rows = vec![title(&format!("Phụ lục {appendix}")), vec![]];
        rows.push(SERVICE_HEADER.iter().map(|h| t(h)).collect());
        let mut group = "";
        for s in tables(&services, "service") {
            if str_of(s, "appendix") != appendix {
                continue;
            }
            let g = str_of(s, "group");
            if g != group {
                group = g;
                let name = groups
                    .iter()
                    .find(|x| str_of(x, "appendix") == appendix && str_of(x, "id") == g)
                    .map_or("", |x| str_of(x, "name"));
                rows.push(vec![t(g), t(name)]);
            }
            let mut row = vec![t(str_of(s, "number")), t(str_of(s, "name"))];
            row.extend(figures_of(s));
            rows.push(row);
            for sub in tables(s, "row") {
                let mut row = vec![C::E, t(&format!("- {}", str_of(sub, "name")))];
                row.extend(figures_of(sub));
                rows.push(row);
            }
        }
        out.push(SampleSheet {
            name: format!("Phụ lục {appendix}"),
            rows,
        });
    }
    out.push(figure_sheet(root));
    out
}

fn figure_sheet(root: &Path) -> SampleSheet {
    let values = load(root, "data/reports/2024-09/indicators.toml");
    let indicators = load(root, "data/indicators.toml");
    let mut rows = vec![title("Số liệu theo chỉ số (Mục I–V)"), vec![]];
    rows.push(
        ["Mã chỉ số", "Chỉ số", "Địa bàn", "Giá trị", "Tỷ lệ in"]
            .iter()
            .map(|h| t(h))
            .collect(),
    );
    for v in tables(&values, "value") {
        let id = str_of(v, "indicator");
        let name = tables(&indicators, "indicator")
            .into_iter()
            .find(|i| str_of(i, "id") == id)
            .map_or("", |i| str_of(i, "name"));
        let number = |k: &str| match v.get(k) {
            Some(Value::Integer(i)) => Some(*i as f64),
            Some(Value::Float(x)) => Some(*x),
            _ => None,
        };
        let value = if let Some(x) = number("value") {
            C::N(x)
        } else if let Some(x) = number("lower_bound") {
            t(&format!("trên {}", vi_number(x)))
        } else if let Some(r) = v.get("range").and_then(Value::as_table) {
            let side = |k: &str| match r.get(k) {
                Some(Value::Integer(i)) => vi_number(*i as f64),
                Some(Value::Float(x)) => vi_number(*x),
                _ => String::new(),
            };
            t(&format!("{}–{}", side("from"), side("to")))
        } else if v.get("none_this_month").is_some() {
            t("Không phát sinh")
        } else {
            C::E
        };
        let locality = v.get("locality").and_then(Value::as_str).map_or(C::E, t);
        rows.push(vec![
            t(id),
            t(name),
            locality,
            value,
            number("stated").map_or(C::E, C::N),
        ]);
    }
    SampleSheet {
        name: "Chỉ số".into(),
        rows,
    }
}

/// A number written as the Vietnamese documents write it: 3.182.603, 25,87.
pub fn vi_number(x: f64) -> String {
    let plain = format!("{x}");
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped},{frac}")
    }
}

/// The sheet as CSV (`;`-separated, numbers written the Vietnamese way), as a
/// spreadsheet set to Vietnamese saves it.
pub fn csv(sheet: &SampleSheet) -> String {
    let mut out = String::new();
    for row in &sheet.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                C::E => String::new(),
                C::N(x) => vi_number(*x),
                C::T(s) if s.contains([';', '"', '\n']) => {
                    format!("\"{}\"", s.replace('"', "\"\""))
                }
                C::T(s) => s.clone(),
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push('\n');
    }
    out
}

/// Writes the sheets as an XLSX workbook (numbers as numeric cells).
pub fn write_xlsx(sheets: &[SampleSheet], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).expect("sheet name");
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::E => {}
                    C::N(x) => {
                        ws.write_number(r, c, *x).expect("cell");
                    }
                    C::T(text) => {
                        ws.write_string(r, c, text).expect("cell");
                    }
                }
            }
        }
    }
    book.save(path).expect("save xlsx");
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the sheets as an OpenDocument spreadsheet (the smallest valid package:
/// mimetype, manifest, content).
pub fn write_ods(sheets: &[SampleSheet], path: &Path) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    for s in sheets {
        content.push_str(&format!(
            r#"<table:table table:name="{}">"#,
            xml_escape(&s.name)
        ));
        for row in &s.rows {
            content.push_str("<table:table-row>");
            if row.is_empty() {
                content.push_str("<table:table-cell/>");
            }
            for cell in row {
                match cell {
                    C::E => content.push_str("<table:table-cell/>"),
                    C::N(x) => content.push_str(&format!(
                        r#"<table:table-cell office:value-type="float" office:value="{x}"><text:p>{x}</text:p></table:table-cell>"#
                    )),
                    C::T(text) => content.push_str(&format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        xml_escape(text)
                    )),
                }
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).expect("create ods");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    for (name, text) in [
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("zip");
        zip.write_all(text.as_bytes()).expect("zip");
    }
    zip.finish().expect("finish ods");
}
