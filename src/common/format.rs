//! Vietnamese presentation of numbers, months and dates: the one place that
//! decides how a figure looks (3.182.603; 23,03 %; tháng 9/2024; quý II/2024).

use super::calendar::{Date, Month};

/// A number with `.` between thousands and `,` before decimals; at most `max_decimals` decimals, trailing zeros dropped.
pub fn number_with(x: f64, max_decimals: usize) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    // Whole numbers (most figures) without the float formatter, which was a
    // twentieth of a national rebuild; the digits are the same.
    let s = if x.fract() == 0.0 && x.abs() < 1e15 {
        (x.abs() as u64).to_string()
    } else {
        format!("{:.*}", max_decimals, x.abs())
    };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(s.len() + 4);
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A number as the documents print it: 3.182.603, or 23,03.
pub fn number(x: f64) -> String {
    number_with(x, 2)
}

/// A percentage: `23,03 %` (no-break space before the sign, so it never wraps alone).
pub fn percent(x: f64) -> String {
    format!("{}\u{a0}%", number_with(x, 2))
}

/// A range with its bounds already formatted: `3–5` (an en dash, as Vietnamese print sets
/// a span of numbers; "3-5" with a hyphen would read as a date or a code).
pub fn range(from: String, to: String) -> String {
    format!("{from}\u{2013}{to}")
}

/// A signed change: `+594`, `−1.200` (true minus sign).
pub fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("−{}", number(-x))
    } else {
        format!("+{}", number(x))
    }
}

/// `tháng 9/2024`.
pub fn month(m: Month) -> String {
    format!("tháng {}/{}", m.month, m.year)
}

/// `T9/2024`, for chart axes and narrow tables.
pub fn month_short(m: Month) -> String {
    format!("T{}/{}", m.month, m.year)
}

/// `30/9/2024`.
pub fn date(d: Date) -> String {
    format!("{}/{}/{}", d.day, d.month, d.year)
}

/// `quý II/2024`.
pub fn quarter(year: i32, q: u32) -> String {
    let roman = ["I", "II", "III", "IV"]
        .get(q.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("quý {roman}/{year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_vietnamese() {
        assert_eq!(number(3_182_603.0), "3.182.603");
        assert_eq!(number(23.03), "23,03");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1000.0), "1.000");
        assert_eq!(number(-1234.5), "-1.234,5");
        // Whole numbers take a shorter path; these cross its edges.
        assert_eq!(number(-7.0), "-7");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(123_456_789_012.0), "123.456.789.012");
        assert_eq!(number(999_999_999_999_999.0), "999.999.999.999.999");
        assert_eq!(number(1e15), "1.000.000.000.000.000");
        assert_eq!(percent(39_102.0 * 100.0 / 164_331.0), "23,79\u{a0}%");
        assert_eq!(signed(-2956.0), "−2.956");
        assert_eq!(signed(594.0), "+594");
    }

    #[test]
    fn periods_are_vietnamese() {
        let m = Month {
            year: 2024,
            month: 9,
        };
        assert_eq!(month(m), "tháng 9/2024");
        assert_eq!(month_short(m), "T9/2024");
        assert_eq!(quarter(2024, 2), "quý II/2024");
        assert_eq!(date(Date::new(2024, 9, 30).unwrap()), "30/9/2024");
    }
}
