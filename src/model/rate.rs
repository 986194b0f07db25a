//! The one rate rule: a rate is its numerator's figure over its denominator's, in
//! percent, and a printed rate agrees with it to the precision it was printed with.

use super::dataset::Figure;
use super::records::Indicator;

/// Decimal places of a number as typed: `23.03` → 2, `100` → 0.
pub fn decimals(x: f64) -> usize {
    let s = format!("{x}");
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

/// A rate indicator's value for one locality in one month's figures, computed from its
/// numerator and denominator: `(rate in percent, numerator, denominator)`.
pub fn computed_rate(
    figures: &[Figure],
    indicator: &Indicator,
    locality: &str,
) -> Option<(f64, f64, f64)> {
    let part = |id: &Option<String>| {
        figures
            .iter()
            .find(|f| Some(&f.record.indicator) == id.as_ref() && f.locality() == locality)
            .and_then(|f| f.record.value)
    };
    rate_of(part(&indicator.numerator), part(&indicator.denominator))
}

/// A rate in percent from its numerator's and denominator's figures: `(rate, numerator, denominator)`.
pub fn rate_of(n: Option<f64>, d: Option<f64>) -> Option<(f64, f64, f64)> {
    match (n, d) {
        (Some(n), Some(d)) if d > 0.0 => Some((n * 100.0 / d, n, d)),
        _ => None,
    }
}

/// Whether a printed rate agrees with the computed one to the precision it was printed with.
pub fn rate_agrees(stated: f64, computed: f64) -> bool {
    let unit = 10f64.powi(-(decimals(stated) as i32));
    (stated - computed).abs() < unit + 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_agree_to_printed_precision() {
        assert!(rate_agrees(87.0, 346_363.0 * 100.0 / 398_168.0));
        assert!(!rate_agrees(23.03, 39_102.0 * 100.0 / 164_331.0));
        assert!(rate_agrees(5.46, 7.0 * 100.0 / 128.0));
        assert!(rate_agrees(100.0, 100.0));
        assert_eq!(decimals(23.03), 2);
        assert_eq!(decimals(100.0), 0);
    }
}
