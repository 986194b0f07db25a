//! Numbers written as text in a spreadsheet, read by the document's convention.
//!
//! Vietnamese documents write `3.182.603` (`.` groups thousands) and `25,87` (`,` is
//! the decimal mark); English ones the other way round. A number that only one
//! convention can read is read by it (and reported when it is not the document's);
//! one that both can read ("1,898": 1.898 or 1898?) is read by the document's
//! convention and reported as unsure.

use super::sheet::Cell;

/// Which mark groups thousands and which separates decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `3.182.603`, `25,87`.
    Vietnamese,
    /// `3,182,603`, `25.87`.
    English,
}

impl Convention {
    /// (thousands mark, decimal mark).
    fn marks(self) -> (char, char) {
        match self {
            Convention::Vietnamese => ('.', ','),
            Convention::English => (',', '.'),
        }
    }

    fn other(self) -> Convention {
        match self {
            Convention::Vietnamese => Convention::English,
            Convention::English => Convention::Vietnamese,
        }
    }

    /// The convention's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Convention::Vietnamese => "Vietnamese (`.` thousands, `,` decimals)",
            Convention::English => "English (`,` thousands, `.` decimals)",
        }
    }
}

/// What a column holds, which decides what a number must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count: a whole number, not negative.
    Count,
    /// A rate in percent, as printed (`25,87`, `25,87%`).
    Percent,
    /// Any number (a narrative figure).
    Any,
}

/// A number read from a cell, with a remark when the reading is not certain.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The value.
    pub value: f64,
    /// Why the reading deserves a look, if it does.
    pub unsure: Option<String>,
}

/// The value of `s` under one convention, if it is a well-formed number in it.
fn under(s: &str, c: Convention) -> Option<f64> {
    let (thousands, decimal) = c.marks();
    let (int, frac) = match s.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = int.split(thousands).collect();
    let digits_ok = |g: &str| !g.is_empty() && g.chars().all(|ch| ch.is_ascii_digit());
    if !groups.iter().all(|g| digits_ok(g)) {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let plain = format!("{}.{}", groups.concat(), frac.unwrap_or("0"));
    plain.parse().ok()
}

/// Whether `s` has exactly one mark, followed by exactly three digits ("1,898", "3.182"):
/// a thousands group in one convention and three decimals in the other.
fn one_mark_three_digits(s: &str) -> bool {
    let marks: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| *c == '.' || *c == ',')
        .collect();
    matches!(marks.as_slice(), [(i, _)] if s.len() - i - 1 == 3)
}

/// Reads a cell as a number of `kind` under the document's convention `c`.
pub fn read(cell: &Cell, kind: Kind, c: Convention) -> Result<Read, String> {
    let (value, unsure) = match cell {
        Cell::Number(x) => (*x, None),
        Cell::Empty => return Err("the cell is empty".into()),
        Cell::Text(t) => read_text(t, kind, c)?,
    };
    if kind == Kind::Count && (value.fract() != 0.0 || value < 0.0) {
        return Err(format!(
            "{} is not a whole number of items{}",
            show(value),
            unsure.map_or(String::new(), |u| format!(" ({u})"))
        ));
    }
    Ok(Read { value, unsure })
}

/// A number in messages: plain digits, `.` before decimals, as in the TOML it goes into.
fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn read_text(t: &str, kind: Kind, c: Convention) -> Result<(f64, Option<String>), String> {
    let mut s: String = t.chars().filter(|ch| !ch.is_whitespace()).collect();
    if kind == Kind::Percent && s.ends_with('%') {
        s.pop();
    }
    let mine = under(&s, c);
    let theirs = under(&s, c.other());
    match (mine, theirs) {
        (Some(v), Some(w)) if v != w && one_mark_three_digits(&s) => {
            // Both readings are numbers: the document's convention decides. A count must be
            // whole; a figure read as a fraction where the other reading is whole, or a rate
            // (where three decimals are plausible), is reported for a reader to confirm.
            let whole = |x: f64| x.fract() == 0.0;
            if kind == Kind::Count && !whole(v) {
                return Err(format!(
                    "\"{t}\" is ambiguous: {} by the document's {} convention, not a whole number; {} in the other",
                    show(v),
                    c.name(),
                    show(w)
                ));
            }
            let unsure = (kind == Kind::Percent || (kind == Kind::Any && !whole(v) && whole(w))).then(|| {
                format!(
                    "\"{t}\" read as {} by the document's {} convention; in the other convention it is {}",
                    show(v),
                    c.name(),
                    show(w)
                )
            });
            Ok((v, unsure))
        }
        (Some(v), _) => Ok((v, None)),
        (None, Some(w)) => Ok((
            w,
            Some(format!(
                "\"{t}\" is written in the {} convention, not the document's {}; read as {}",
                c.other().name(),
                c.name(),
                show(w)
            )),
        )),
        (None, None) => Err(format!("\"{t}\" is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi(s: &str, kind: Kind) -> Result<Read, String> {
        read(&Cell::Text(s.into()), kind, Convention::Vietnamese)
    }

    #[test]
    fn vietnamese_numbers_read_plainly() {
        assert_eq!(vi("3.182.603", Kind::Count).unwrap().value, 3_182_603.0);
        assert_eq!(vi("3.182", Kind::Count).unwrap().unsure, None);
        assert_eq!(vi("307.500", Kind::Any).unwrap().unsure, None);
        assert!(vi("1,898", Kind::Any).unwrap().unsure.is_some());
        assert_eq!(vi("25,87", Kind::Percent).unwrap().value, 25.87);
        assert_eq!(vi("25,87 %", Kind::Percent).unwrap().value, 25.87);
        assert_eq!(vi("172", Kind::Count).unwrap().value, 172.0);
    }

    #[test]
    fn english_numbers_read_with_a_remark() {
        let r = vi("3,182,603", Kind::Count).unwrap();
        assert_eq!(r.value, 3_182_603.0);
        assert!(r.unsure.unwrap().contains("English"));
        let r = vi("99.81", Kind::Percent).unwrap();
        assert_eq!(r.value, 99.81);
        assert!(r.unsure.is_some());
    }

    #[test]
    fn ambiguous_numbers_follow_the_convention_or_fail() {
        let e = vi("1,898", Kind::Count).unwrap_err();
        assert!(e.contains("ambiguous") && e.contains("1898"), "{e}");
        let r = vi("1,898", Kind::Percent).unwrap();
        assert_eq!(r.value, 1.898);
        assert!(r.unsure.unwrap().contains("1898"));
        let en = read(
            &Cell::Text("1,898".into()),
            Kind::Count,
            Convention::English,
        )
        .unwrap();
        assert_eq!(en.value, 1898.0);
    }

    #[test]
    fn words_and_fractions_are_not_counts() {
        assert!(vi("abc", Kind::Count).unwrap_err().contains("not a number"));
        assert!(vi("12,5", Kind::Count).is_err());
        assert!(vi("1.23.4", Kind::Any).is_err());
        assert!(read(&Cell::Number(-1.0), Kind::Count, Convention::Vietnamese).is_err());
    }
}
