//! Presentation of numbers, months and dates: the one place that decides how a
//! figure looks, in the language of the page being made (Vietnamese: 3.182.603;
//! 23,03 %; tháng 9/2024; quý II/2024. English: 3,182,603; 23.03 %; September 2024).
//!
//! The language is the current thread's [`Locale`], set by [`with_locale`] around
//! the making of a page of another language, so that every function here keeps
//! its signature and each caller formats for the page it makes without passing
//! the language down (Vietnamese unless set).

use super::calendar::{Date, Month};
use std::cell::Cell;

/// How numbers and dates are written in one language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// Vietnamese: `3.182.603`, `23,03 %`, `tháng 9/2024` (the default).
    #[default]
    Vi,
    /// English: `3,182,603`, `23.03 %`, `September 2024`.
    En,
}

impl Locale {
    /// The locale of a language code (`vi`, `en`, `en-GB` …); a language with no
    /// rules of its own is written the English way (the more widely read of the two).
    pub fn of(language: &str) -> Locale {
        if language == "vi" || language.starts_with("vi-") {
            Locale::Vi
        } else {
            Locale::En
        }
    }

    /// The language code of the locale (`vi`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    /// The thousands separator and the decimal mark.
    fn marks(self) -> (char, char) {
        match self {
            Locale::Vi => ('.', ','),
            Locale::En => (',', '.'),
        }
    }
}

thread_local! {
    /// The locale of the page this thread is making.
    static LOCALE: Cell<Locale> = const { Cell::new(Locale::Vi) };
}

/// The locale this thread formats in.
pub fn locale() -> Locale {
    LOCALE.with(Cell::get)
}

/// Sets the locale this thread formats in until it is set again (for the threads of a
/// pool that makes one language's pages; elsewhere [`with_locale`] scopes it).
pub fn set_locale(locale: Locale) {
    LOCALE.with(|l| l.set(locale));
}

/// Runs `f` with this thread formatting in `locale`, then restores the thread's locale
/// (also when `f` panics, so a caught panic leaves no page in the wrong language).
pub fn with_locale<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
    struct Restore(Locale);
    impl Drop for Restore {
        fn drop(&mut self) {
            LOCALE.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LOCALE.with(|l| l.replace(locale)));
    f()
}

/// English month names, for [`month`] and [`date`].
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month `m` (1–12).
fn month_name(m: u32) -> &'static str {
    MONTHS_EN
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// A number with `.` between thousands and `,` before decimals (in English `,` and `.`);
/// at most `max_decimals` decimals, trailing zeros dropped.
pub fn number_with(x: f64, max_decimals: usize) -> String {
    let (thousands, decimal) = locale().marks();
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
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// A number as the documents print it: 3.182.603, or 23,03 (English 3,182,603, 23.03).
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

/// `tháng 9/2024` (English `September 2024`).
pub fn month(m: Month) -> String {
    match locale() {
        Locale::Vi => format!("tháng {}/{}", m.month, m.year),
        Locale::En => format!("{} {}", month_name(m.month), m.year),
    }
}

/// `T9/2024` (English `Sep 2024`), for chart axes and narrow tables.
pub fn month_short(m: Month) -> String {
    match locale() {
        Locale::Vi => format!("T{}/{}", m.month, m.year),
        Locale::En => format!("{:.3} {}", month_name(m.month), m.year),
    }
}

/// `30/9/2024` (English `30 September 2024`: an all-number date reads differently in
/// British and American English).
pub fn date(d: Date) -> String {
    match locale() {
        Locale::Vi => format!("{}/{}/{}", d.day, d.month, d.year),
        Locale::En => format!("{} {} {}", d.day, month_name(d.month), d.year),
    }
}

/// `quý II/2024` (English `Q2 2024`).
pub fn quarter(year: i32, q: u32) -> String {
    if locale() == Locale::En {
        return format!("Q{q} {year}");
    }
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

    #[test]
    fn english_numbers_and_periods_and_the_locale_is_restored() {
        let m = Month {
            year: 2024,
            month: 9,
        };
        with_locale(Locale::En, || {
            assert_eq!(number(3_182_603.0), "3,182,603");
            assert_eq!(percent(23.03), "23.03\u{a0}%");
            assert_eq!(number(-1234.5), "-1,234.5");
            assert_eq!(signed(-2956.0), "−2,956");
            assert_eq!(range(number(3000.0), number(5000.0)), "3,000–5,000");
            assert_eq!(month(m), "September 2024");
            assert_eq!(month_short(m), "Sep 2024");
            assert_eq!(quarter(2024, 2), "Q2 2024");
            assert_eq!(date(Date::new(2024, 9, 30).unwrap()), "30 September 2024");
        });
        // Outside, and after a panic inside, the thread formats in Vietnamese again.
        assert_eq!(number(3_182_603.0), "3.182.603");
        let _ = std::panic::catch_unwind(|| with_locale(Locale::En, || panic!("page failed")));
        assert_eq!(number(23.03), "23,03");
        assert_eq!(Locale::of("en-GB"), Locale::En);
        assert_eq!(Locale::of("vi"), Locale::Vi);
    }
}
