//! Finding the appendix tables in a sheet: the header row (one or two rows, as the
//! documents print them, "Số hồ sơ" over "Tổng | Trực tuyến | Tỷ lệ"), which column is
//! which, and each data row's cells read into typed fields.

use super::number::{self, Convention, Kind};
use super::sheet::{Cell, Pos, Sheet};
use super::{Problem, Problems};
use crate::common::text::slugify;

/// A value to write into the month's TOML.
#[derive(Debug, Clone, PartialEq)]
pub enum Fig {
    /// A whole number.
    Int(i64),
    /// A number with decimals.
    Float(f64),
    /// A flag (`none_this_month`).
    Bool(bool),
    /// Text, as written.
    Text(String),
    /// A range, from–to, as written ("3–5", "từ 03 đến 05").
    Range(f64, f64),
}

impl Fig {
    fn number(x: f64) -> Fig {
        if x.fract() == 0.0 && x.abs() < 9e15 {
            Fig::Int(x as i64)
        } else {
            Fig::Float(x)
        }
    }
}

/// One TOML key to fill, and the cell it comes from.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key, as in data/README.md.
    pub key: &'static str,
    /// Its value.
    pub value: Fig,
    /// The cell.
    pub at: Pos,
}

/// A row of an Appendix I or II table.
#[derive(Debug)]
pub struct ServiceLine {
    /// "I" or "II".
    pub appendix: String,
    /// STT as written, if any.
    pub number: Option<String>,
    /// The service's (or sub-row's) name.
    pub name: String,
    /// The name's cell.
    pub name_at: Pos,
    /// A sub-row ("- Cấp giấy giới thiệu …") of the service above.
    pub sub: bool,
    /// The figures and text read.
    pub fields: Vec<Field>,
}

/// A row of the narrative figures table.
#[derive(Debug)]
pub struct FigureLine {
    /// Indicator id or name, as written.
    pub indicator: String,
    /// Whether `indicator` came from the id column.
    pub by_id: bool,
    /// Its cell.
    pub indicator_at: Pos,
    /// Locality slug or name, if given.
    pub locality: Option<(String, Pos)>,
    /// The figures read.
    pub fields: Vec<Field>,
}

/// What a sheet holds.
#[derive(Debug, Default)]
pub struct Tables {
    /// Rows of service tables, in sheet order.
    pub services: Vec<ServiceLine>,
    /// Rows of figure tables.
    pub figures: Vec<FigureLine>,
}

/// Column indexes of a header.
#[derive(Debug, Default, Clone)]
struct Columns {
    stt: Option<usize>,
    name: Option<usize>,
    connection: Option<usize>,
    total: Option<usize>,
    online: Option<usize>,
    rate: Option<usize>,
    on_time: Option<usize>,
    overdue: Option<usize>,
    difficulties: Option<usize>,
    id: Option<usize>,
    locality: Option<usize>,
    value: Option<usize>,
    stated: Option<usize>,
    as_written: Option<usize>,
}

/// The first column whose label contains one of `words` (slugs), skipping `taken`.
fn find(labels: &[String], words: &[&str], taken: &[Option<usize>]) -> Option<usize> {
    labels.iter().enumerate().position(|(i, l)| {
        !taken.contains(&Some(i))
            && words
                .iter()
                .any(|w| format!("-{l}-").contains(&format!("-{w}-")))
    })
}

fn service_columns(labels: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    c.total = find(labels, &["tong", "tong-so", "tong-ho-so"], &[]);
    c.online = find(labels, &["truc-tuyen"], &[c.total]);
    c.total?;
    c.online?;
    c.stt = find(labels, &["stt", "tt", "so-tt"], &[c.total, c.online]);
    c.name = find(
        labels,
        &["ten", "dich-vu", "thu-tuc"],
        &[c.total, c.online, c.stt],
    );
    c.name?;
    let t = [c.total, c.online, c.stt, c.name];
    c.connection = find(labels, &["ket-noi"], &t);
    c.rate = find(labels, &["ty-le"], &t);
    c.on_time = find(labels, &["dung-han"], &t);
    c.overdue = find(labels, &["qua-han"], &t);
    c.difficulties = find(labels, &["kho-khan", "vuong-mac"], &t);
    Some(c)
}

fn figure_columns(labels: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    c.id = find(labels, &["ma-chi-so", "ma"], &[]);
    c.value = find(labels, &["gia-tri", "so-lieu"], &[c.id]);
    c.stated = find(labels, &["ty-le-in", "ty-le"], &[c.id, c.value]);
    let t = [c.id, c.value, c.stated];
    c.name = find(labels, &["chi-so", "ten-chi-so", "ten"], &t);
    let t = [c.id, c.value, c.stated, c.name];
    c.locality = find(labels, &["dia-ban", "dia-phuong", "don-vi"], &t);
    c.as_written = find(labels, &["nguyen-van"], &t);
    (c.id.is_some() || c.name.is_some()).then_some(())?;
    (c.value.is_some() || c.stated.is_some()).then_some(c)
}

/// The appendix named by a text ("Phụ lục I", "PL2"), as a Roman numeral.
fn appendix_in(text: &str) -> Option<String> {
    let slug = slugify(text);
    let parts: Vec<&str> = slug.split('-').collect();
    for (i, p) in parts.iter().enumerate() {
        let next = if *p == "luc" && i > 0 && parts[i - 1] == "phu" || *p == "pl" {
            parts.get(i + 1).copied()
        } else {
            p.strip_prefix("pl").filter(|r| !r.is_empty())
        };
        let roman = match next {
            Some("i" | "1") => "I",
            Some("ii" | "2") => "II",
            Some("iii" | "3") => "III",
            _ => continue,
        };
        return Some(roman.to_string());
    }
    None
}

/// Reads the tables of `sheet`; problems found on the way go into `problems`.
pub fn read(sheet: &Sheet, convention: Convention, problems: &mut Problems) -> Tables {
    let mut tables = Tables::default();
    let labels = |r: usize| -> Vec<String> {
        let n = sheet.rows.get(r).map_or(0, Vec::len);
        (0..n)
            .map(|c| {
                sheet
                    .cell(r, c)
                    .text()
                    .map(|t| slugify(&t))
                    .unwrap_or_default()
            })
            .collect()
    };
    let joined = |r: usize| -> Vec<String> {
        let (a, b) = (labels(r), labels(r + 1));
        (0..a.len().max(b.len()))
            .map(|i| {
                format!(
                    "{}-{}",
                    a.get(i).map_or("", String::as_str),
                    b.get(i).map_or("", String::as_str)
                )
            })
            .collect()
    };
    let mut r = 0;
    while r < sheet.rows.len() {
        for (header, used) in [(labels(r), 1), (joined(r), 2)] {
            if let Some(c) = service_columns(&header) {
                let appendix = appendix_for(sheet, r);
                let Some(appendix) = appendix else {
                    problems.error(
                        sheet.pos(r, c.name.unwrap_or(0)),
                        "a public-service table, but which appendix it is cannot be told",
                        "the sheet named \"Phụ lục I\" or \"Phụ lục II\", or a title row above the header saying so",
                    );
                    return tables;
                };
                let end = services(
                    sheet,
                    r + used,
                    &c,
                    &appendix,
                    convention,
                    problems,
                    &mut tables,
                );
                r = end;
                break;
            }
            if let Some(c) = figure_columns(&header) {
                r = figures(sheet, r + used, &c, convention, problems, &mut tables);
                break;
            }
        }
        r += 1;
    }
    tables
}

/// The appendix of a table whose header is at row `header`: a title row above it, else the sheet's name.
fn appendix_for(sheet: &Sheet, header: usize) -> Option<String> {
    (0..header)
        .rev()
        .flat_map(|r| sheet.rows[r].iter().filter_map(Cell::text))
        .find_map(|t| appendix_in(&t))
        .or_else(|| appendix_in(&sheet.name))
}

/// Whether `s` is a Roman numeral (the group rows of Appendix II: "I", "II").
fn roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Reads service rows from `start` until a blank row or another header; returns the row it stopped at.
fn services(
    sheet: &Sheet,
    start: usize,
    c: &Columns,
    appendix: &str,
    conv: Convention,
    problems: &mut Problems,
    out: &mut Tables,
) -> usize {
    let mut r = start;
    while r < sheet.rows.len() {
        let text = |col: Option<usize>| col.and_then(|i| sheet.cell(r, i).text());
        let (stt, name) = (text(c.stt), text(c.name));
        let figure_cols = [c.total, c.online, c.rate, c.on_time, c.overdue];
        let blank = name.is_none()
            && figure_cols
                .iter()
                .all(|i| i.is_none_or(|i| *sheet.cell(r, i) == Cell::Empty));
        if blank {
            r += 1;
            continue;
        }
        let Some(name) = name else {
            r += 1;
            continue;
        };
        let name_slug = slugify(&name);
        if name_slug.starts_with("tong-cong") || stt.as_deref().is_some_and(roman) {
            r += 1; // a total or a group row: the program computes totals; groups are in the TOML
            continue;
        }
        let sub = stt.is_none()
            || name.starts_with(['-', '+', '–'])
            || stt.as_deref().is_some_and(|s| s.contains('.'));
        let clean = name
            .trim_start_matches(['-', '+', '–', ' '])
            .trim()
            .to_string();
        let fields = service_fields(sheet, r, c, conv, problems);
        out.services.push(ServiceLine {
            appendix: appendix.to_string(),
            number: stt,
            name: clean,
            name_at: sheet.pos(r, c.name.unwrap_or(0)),
            sub,
            fields,
        });
        r += 1;
    }
    r
}

/// The numeric cells and text of one service row.
fn service_fields(
    sheet: &Sheet,
    r: usize,
    c: &Columns,
    conv: Convention,
    problems: &mut Problems,
) -> Vec<Field> {
    let mut fields = Vec::new();
    let numeric = [
        ("total", c.total, Kind::Count),
        ("online", c.online, Kind::Count),
        ("stated_rate", c.rate, Kind::Percent),
        ("on_time", c.on_time, Kind::Count),
        ("overdue", c.overdue, Kind::Count),
    ];
    let mut any_number = false;
    for (key, col, kind) in numeric {
        let Some(col) = col else { continue };
        let cell = sheet.cell(r, col);
        if *cell == Cell::Empty {
            continue;
        }
        any_number = true;
        if let Some(v) = read_number(cell, kind, conv, sheet.pos(r, col), key, problems) {
            fields.push(Field {
                key,
                value: Fig::number(v),
                at: sheet.pos(r, col),
            });
        }
    }
    let get = |k: &str| fields.iter().find(|f| f.key == k).map(|f| &f.value);
    if let (Some(Fig::Int(total)), Some(Fig::Int(online))) = (get("total"), get("online"))
        && online > total
    {
        let (total, online) = (*total, *online);
        problems.error(
            sheet.pos(r, c.online.unwrap_or(0)),
            &format!("online {online} is more than the total {total} of the same row"),
            "online (Trực tuyến) ≤ total (Tổng hồ sơ); check both cells against the document",
        );
    }
    for (key, col) in [
        ("connection", c.connection),
        ("difficulties", c.difficulties),
    ] {
        if let Some(t) = col.and_then(|i| sheet.cell(r, i).text()) {
            let nothing = slugify(&t).contains("khong-phat-sinh");
            if nothing && !any_number {
                let at = sheet.pos(r, col.unwrap_or(0));
                fields.push(Field {
                    key: "none_this_month",
                    value: Fig::Bool(true),
                    at,
                });
            } else {
                fields.push(Field {
                    key,
                    value: Fig::Text(t),
                    at: sheet.pos(r, col.unwrap_or(0)),
                });
            }
        }
    }
    fields
}

/// Reads a number, reporting an error or an unsure reading at `at`.
fn read_number(
    cell: &Cell,
    kind: Kind,
    conv: Convention,
    at: Pos,
    key: &str,
    problems: &mut Problems,
) -> Option<f64> {
    let expected = match kind {
        Kind::Count => "a whole number, e.g. 3.182.603 or 3182603",
        Kind::Percent => "a rate in percent as printed, e.g. 25,87",
        Kind::Any => "a number, e.g. 3.182.603 or 25,87",
    };
    match number::read(cell, kind, conv) {
        Ok(read) => {
            if let Some(u) = read.unsure {
                problems.push(Problem::warning(
                    at,
                    &format!("{key}: {u}"),
                    "check the cell against the document",
                ));
            }
            Some(read.value)
        }
        Err(e) => {
            problems.error(at, &format!("{key}: {e}"), expected);
            None
        }
    }
}

/// Reads figure rows from `start` until the end of the sheet; returns the row it stopped at.
fn figures(
    sheet: &Sheet,
    start: usize,
    c: &Columns,
    conv: Convention,
    problems: &mut Problems,
    out: &mut Tables,
) -> usize {
    let mut r = start;
    while r < sheet.rows.len() {
        let text = |col: Option<usize>| col.and_then(|i| sheet.cell(r, i).text());
        let (id, name) = (text(c.id), text(c.name));
        let (indicator, by_id, col) = match (id, name) {
            (Some(id), _) => (id, true, c.id),
            (None, Some(name)) => (name, false, c.name),
            (None, None) => {
                r += 1;
                continue;
            }
        };
        let mut fields = Vec::new();
        if let Some(vc) = c.value {
            figure_value(sheet, r, vc, conv, problems, &mut fields);
        }
        if let Some(sc) = c.stated
            && *sheet.cell(r, sc) != Cell::Empty
            && let Some(v) = read_number(
                sheet.cell(r, sc),
                Kind::Percent,
                conv,
                sheet.pos(r, sc),
                "stated",
                problems,
            )
        {
            fields.push(Field {
                key: "stated",
                value: Fig::number(v),
                at: sheet.pos(r, sc),
            });
        }
        if let Some(t) = text(c.as_written) {
            fields.push(Field {
                key: "as_written",
                value: Fig::Text(t),
                at: sheet.pos(r, c.as_written.unwrap_or(0)),
            });
        }
        out.figures.push(FigureLine {
            indicator,
            by_id,
            indicator_at: sheet.pos(r, col.unwrap_or(0)),
            locality: text(c.locality).map(|l| (l, sheet.pos(r, c.locality.unwrap_or(0)))),
            fields,
        });
        r += 1;
    }
    r
}

/// A narrative figure's value cell: a number, "Không phát sinh", "trên 307.500", or a
/// range "3–5" / "từ 03 đến 05".
fn figure_value(
    sheet: &Sheet,
    r: usize,
    col: usize,
    conv: Convention,
    problems: &mut Problems,
    fields: &mut Vec<Field>,
) {
    let cell = sheet.cell(r, col);
    let at = sheet.pos(r, col);
    let (key, cell) = match cell {
        Cell::Empty => return,
        Cell::Text(t) if slugify(t).contains("khong-phat-sinh") => {
            fields.push(Field {
                key: "none_this_month",
                value: Fig::Bool(true),
                at,
            });
            return;
        }
        Cell::Text(t) if range_bounds(t).is_some() => {
            let Some((from, to)) = range_bounds(t) else {
                return;
            };
            let read = |side: &str, problems: &mut Problems| {
                let side = Cell::Text(side.to_string());
                read_number(&side, Kind::Any, conv, at.clone(), "range", problems)
            };
            if let (Some(a), Some(b)) = (read(from, problems), read(to, problems)) {
                fields.push(Field {
                    key: "range",
                    value: Fig::Range(a, b),
                    at,
                });
            }
            return;
        }
        Cell::Text(t) => {
            let lower = t.to_lowercase();
            match ["trên ", "hơn ", ">"]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
            {
                Some(rest) => ("lower_bound", Cell::Text(rest.trim().to_string())),
                None => ("value", cell.clone()),
            }
        }
        Cell::Number(_) => ("value", cell.clone()),
    };
    if let Some(v) = read_number(&cell, Kind::Any, conv, at.clone(), key, problems) {
        fields.push(Field {
            key,
            value: Fig::number(v),
            at,
        });
    }
}

/// The two sides of a range cell: "3–5" (en dash, or a hyphen between digits) or
/// "từ 03 đến 05"; `None` for anything else.
fn range_bounds(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let t = t
        .strip_prefix("từ ")
        .or_else(|| t.strip_prefix("Từ "))
        .unwrap_or(t);
    let (a, b) = t
        .split_once(" đến ")
        .or_else(|| t.split_once('–'))
        .or_else(|| t.split_once('-'))?;
    let numeric = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    (numeric(a) && numeric(b)).then(|| (a.trim(), b.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_written() {
        assert_eq!(range_bounds("3–5"), Some(("3", "5")));
        assert_eq!(range_bounds("từ 03 đến 05"), Some(("03", "05")));
        assert_eq!(range_bounds("3 - 5"), Some(("3", "5")));
        assert_eq!(range_bounds("trên 3"), None);
        assert_eq!(range_bounds("-5"), None);
        assert_eq!(range_bounds("0-6 tuổi"), None);
    }

    #[test]
    fn appendices_are_found_in_titles_and_sheet_names() {
        assert_eq!(appendix_in("Phụ lục I").as_deref(), Some("I"));
        assert_eq!(
            appendix_in("MẪU — PHỤ LỤC II: dịch vụ công").as_deref(),
            Some("II")
        );
        assert_eq!(appendix_in("PL2").as_deref(), Some("II"));
        assert_eq!(appendix_in("Chỉ số"), None);
    }

    #[test]
    fn headers_are_recognised_by_their_words() {
        let l = |v: &[&str]| v.iter().map(|s| slugify(s)).collect::<Vec<_>>();
        let c = service_columns(&l(&[
            "STT",
            "Tên dịch vụ công",
            "Kết nối",
            "Tổng hồ sơ",
            "Trực tuyến",
            "Tỷ lệ (%)",
            "Đúng hạn",
            "Quá hạn",
            "Khó khăn, vướng mắc",
        ]))
        .unwrap();
        assert_eq!(
            (c.stt, c.name, c.total, c.online, c.rate, c.overdue),
            (Some(0), Some(1), Some(3), Some(4), Some(5), Some(7))
        );
        let f = figure_columns(&l(&[
            "Mã chỉ số",
            "Chỉ số",
            "Địa bàn",
            "Giá trị",
            "Tỷ lệ in",
            "Nguyên văn",
        ]))
        .unwrap();
        assert_eq!(
            (f.id, f.name, f.locality, f.value, f.stated, f.as_written),
            (Some(0), Some(1), Some(2), Some(3), Some(4), Some(5))
        );
    }
}
