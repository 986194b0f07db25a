//! A spreadsheet read into plain grids: CSV (one sheet, named after the file), XLSX,
//! XLS and ODS (every sheet, through calamine), each cell remembering where it was.

use std::fmt;
use std::path::Path;

/// One cell's content, as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (or only spaces).
    Empty,
    /// A numeric cell of a workbook (never from CSV, whose cells are all text).
    Number(f64),
    /// Text, trimmed.
    Text(String),
}

impl Cell {
    /// The cell as text, for names and notes (a number as the spreadsheet would show it plainly).
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => Some(format!("{}", *x as i64)),
            Cell::Number(x) => Some(x.to_string()),
            Cell::Text(t) => Some(t.clone()),
        }
    }
}

/// Where a cell is: the sheet, and the row and column as the spreadsheet numbers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    /// The sheet's name (for CSV, the file's name).
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
    /// 0-based column (shown as a letter).
    pub col: u32,
}

/// A column's letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "sheet \"{}\", row {}, column {}",
            self.sheet,
            self.row,
            column_letter(self.col)
        )
    }
}

/// One sheet: its rows of cells, and where its first cell is.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells, from the sheet's first used row and column.
    pub rows: Vec<Vec<Cell>>,
    /// 0-based (row, column) of `rows[0][0]` in the sheet.
    pub origin: (u32, u32),
}

impl Sheet {
    /// The position of `rows[r][c]`.
    pub fn pos(&self, r: usize, c: usize) -> Pos {
        Pos {
            sheet: self.name.clone(),
            row: self.origin.0 + r as u32 + 1,
            col: self.origin.1 + c as u32,
        }
    }

    /// The cell at `rows[r][c]`, empty past the end of a short row.
    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }
}

fn text_cell(s: &str) -> Cell {
    let t = s.trim();
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t.to_string())
    }
}

/// Reads every sheet of the file at `path`, by its extension.
pub fn read(path: &Path) -> Result<Vec<Sheet>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => read_csv(path).map(|s| vec![s]),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        _ => Err(format!(
            "cannot read `{}`: expected a .csv, .xlsx, .xls or .ods file",
            path.display()
        )),
    }
}

/// A CSV file: `;`-separated when its first lines have more `;` than `,` (spreadsheets set to
/// Vietnamese write `;`, since `,` is their decimal mark), tab-separated for .tsv.
/// The first ten lines are counted, since a title line may hold a comma.
fn read_csv(path: &Path) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text; save it as \"CSV UTF-8\"",
            path.display()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first: String = text.lines().take(10).collect();
    let is_tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = if is_tsv {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // The csv reader skips blank lines, which a spreadsheet shows as empty rows: put them
    // back, so that row numbers are the ones the editor sees.
    let mut next_line = 1;
    for record in reader.records() {
        let record =
            record.map_err(|e| format!("{}, row {}: {e}", path.display(), rows.len() + 1))?;
        let line = record.position().map_or(next_line, |p| p.line());
        for _ in next_line..line {
            rows.push(Vec::new());
        }
        let newlines: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        next_line = line + 1 + newlines as u64;
        rows.push(record.iter().map(text_cell).collect());
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Sheet {
        name,
        rows,
        origin: (0, 0),
    })
}

fn read_workbook(path: &Path) -> Result<Vec<Sheet>, String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{}, sheet \"{name}\": {e}", path.display()))?;
        let origin = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Data::Empty => Cell::Empty,
                        Data::Int(i) => Cell::Number(*i as f64),
                        Data::Float(x) => Cell::Number(*x),
                        Data::String(s) => text_cell(s),
                        other => text_cell(&other.to_string()),
                    })
                    .collect()
            })
            .collect();
        sheets.push(Sheet { name, rows, origin });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(4), "E");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
