//! The figures of a month (`indicators.toml`, `indicators/*.toml`): references,
//! the form of each value, its numbers, and printed rates against computed ones.

use super::checker::Checker;
use super::reports::Known;
use crate::common::calendar::Month;
use crate::common::diagnostic::Rule;
use crate::load::Located;
use crate::model::rate::{rate_agrees, rate_of};
use crate::model::records::{Indicator, Unit, Value};
use rustc_hash::FxHashMap as HashMap;

/// Checks one figure; returns whether it may be used.
pub(super) fn check_value(
    c: &mut Checker<'_>,
    v: &Located<Value>,
    k: &Known<'_>,
    month: Month,
) -> bool {
    let ok = check_form(c, v, k);
    let Some(indicator) = k.by_id.get(v.indicator.as_str()) else {
        return false;
    };
    let numbers_ok = check_numbers(c, v, indicator, month);
    let range_ok = check_range(c, v, indicator);
    ok && numbers_ok && range_ok
}

/// Checks what a figure refers to and that it has exactly one form of value; returns whether it may be used.
fn check_form(c: &mut Checker<'_>, v: &Located<Value>, k: &Known<'_>) -> bool {
    let mut ok = c.reference(
        || v.at("indicator"),
        "indicator",
        &v.indicator,
        k.indicator_ids,
        "data/indicators.toml",
    );
    if let Some(l) = &v.locality {
        ok &= c.reference(
            || v.at("locality"),
            "locality",
            l,
            k.slugs,
            "data/localities.toml",
        );
    }
    c.cite(&v.cite, || v.at("cite"), k.doc_ids);
    let forms = [
        v.value.is_some(),
        v.lower_bound.is_some(),
        v.range.is_some(),
        v.none_this_month == Some(true),
    ];
    let is_rate = k
        .by_id
        .get(v.indicator.as_str())
        .is_some_and(|i| i.numerator.is_some());
    let count = forms.iter().filter(|&&f| f).count();
    if count > 1 {
        c.error(
            Rule::FigureValueForm,
            &v.loc,
            "a figure has more than one of value, lower_bound, range and none_this_month",
            Some("exactly one of them".into()),
        );
        ok = false;
    } else if count == 0 && !(is_rate && v.stated.is_some()) {
        c.error(
            Rule::FigureValueForm,
            &v.loc,
            format!("the figure for `{}` has no value", v.indicator),
            Some(
                "value = N, lower_bound = N, range = { from = N, to = M } or none_this_month = true"
                    .into(),
            ),
        );
        ok = false;
    }
    if v.none_this_month == Some(false) {
        c.error(
            Rule::FigureValueForm,
            &v.at("none_this_month"),
            "none_this_month = false says nothing",
            Some("none_this_month = true, or leave it out".into()),
        );
    }
    ok
}

/// Checks a figure's numbers against its indicator's unit, and its stated change; returns whether it may be used.
fn check_numbers(
    c: &mut Checker<'_>,
    v: &Located<Value>,
    indicator: &Indicator,
    month: Month,
) -> bool {
    let is_rate = indicator.numerator.is_some();
    let mut ok = true;
    if is_rate && v.value.is_some() {
        c.error(
            Rule::ComputedRateGiven,
            &v.at("value"),
            format!(
                "`{}` is a rate computed from its numerator and denominator",
                v.indicator
            ),
            Some(
                "the numerator's and denominator's figures, and the printed rate as stated = N"
                    .into(),
            ),
        );
        ok = false;
    }
    if v.stated.is_some() && indicator.unit != Unit::Percent {
        c.error(
            Rule::StatedNotRate,
            &v.at("stated"),
            format!(
                "`stated` is for rates, and `{}` is not a percent",
                v.indicator
            ),
            Some("value = N".into()),
        );
    }
    let (from, to) = (v.range.and_then(|r| r.from), v.range.and_then(|r| r.to));
    for (field, x) in [
        ("value", v.value),
        ("lower_bound", v.lower_bound),
        ("range", from),
        ("range", to),
        ("stated", v.stated),
        ("delta", v.delta.as_ref().map(|d| d.by)),
    ] {
        if x.is_some_and(|x| !x.is_finite()) {
            c.error(
                Rule::InvalidNumber,
                &v.at(field),
                format!("{field} is not a finite number"),
                Some("a number such as 1234 or 23.03".into()),
            );
            ok = false;
        } else if indicator.unit == Unit::Count
            && field != "stated"
            && x.is_some_and(|x| x.fract() != 0.0)
        {
            c.error(
                Rule::InvalidNumber,
                &v.at(field),
                format!(
                    "a count of `{}` has a fraction: {}",
                    v.indicator,
                    x.unwrap_or_default()
                ),
                Some("a whole number".into()),
            );
            ok = false;
        }
    }
    if indicator.unit != Unit::Percent {
        for (field, x) in [
            ("value", v.value),
            ("lower_bound", v.lower_bound),
            ("range", from),
            ("range", to),
        ] {
            if x.is_some_and(|x| x < 0.0) {
                c.error(
                    Rule::NegativeValue,
                    &v.at(field),
                    format!(
                        "negative {}: {}",
                        if indicator.unit == Unit::Count {
                            "count"
                        } else {
                            "amount"
                        },
                        x.unwrap_or_default()
                    ),
                    Some("a number ≥ 0".into()),
                );
                ok = false;
            }
        }
    }
    if let Some(d) = &v.delta
        && d.on.is_some_and(|on| on >= month)
    {
        c.error(
            Rule::DeltaMonth,
            &v.at("delta"),
            format!(
                "a change on {} in the report of {month}",
                d.on.map(|m| m.to_string()).unwrap_or_default()
            ),
            Some("`on` = an earlier month".into()),
        );
    }
    ok
}

/// Checks a range figure ("từ 03 đến 05 ngày"): both bounds written, the lower one first,
/// and not of a rate (a rate is computed from its parts); returns whether it may be used.
fn check_range(c: &mut Checker<'_>, v: &Located<Value>, indicator: &Indicator) -> bool {
    let Some(r) = v.range else { return true };
    let mut ok = true;
    for (name, bound) in [("from", r.from), ("to", r.to)] {
        if bound.is_none() {
            c.error(
                Rule::RangeBounds,
                &v.at("range"),
                format!("the range of `{}` has no `{name}` bound", v.indicator),
                Some("both bounds as written: range = { from = N, to = M }".into()),
            );
            ok = false;
        }
    }
    if indicator.numerator.is_some() {
        c.error(
            Rule::RangeBounds,
            &v.at("range"),
            format!(
                "`{}` is a rate computed from its numerator and denominator",
                v.indicator
            ),
            Some("the numerator's and denominator's figures".into()),
        );
        ok = false;
    }
    if let Some((from, to)) = r.both()
        && from.is_finite()
        && to.is_finite()
        && from > to
    {
        c.error(
            Rule::RangeBounds,
            &v.at("range"),
            format!(
                "the range of `{}` runs backwards: from {from} to {to}",
                v.indicator
            ),
            Some("from ≤ to, the lower bound first".into()),
        );
        ok = false;
    }
    ok
}

/// Warns of printed rates that differ from the rate computed from the month's usable
/// figures of its numerator and denominator (`usable` in the order of `values` flattened).
pub(super) fn stated_rates(
    c: &mut Checker<'_>,
    values: &[Vec<Located<Value>>],
    usable: &[bool],
    default_locality: &str,
    by_id: &HashMap<&str, &Indicator>,
) {
    // The month's usable figures by (indicator, locality), the first of a repeated pair
    // winning, as [`crate::model::rate::computed_rate`] finds them.
    let mut index: HashMap<(&str, &str), Option<f64>> = HashMap::default();
    for (v, _) in values.iter().flatten().zip(usable).filter(|(_, ok)| **ok) {
        let locality = v.locality.as_deref().unwrap_or(default_locality);
        index
            .entry((v.indicator.as_str(), locality))
            .or_insert(v.value);
    }
    for v in values.iter().flatten() {
        let (Some(stated), Some(ind)) = (v.stated, by_id.get(v.indicator.as_str())) else {
            continue;
        };
        let locality = v.locality.as_deref().unwrap_or(default_locality);
        let part = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| index.get(&(id, locality)).copied().flatten())
        };
        if let Some((computed, n, d)) = rate_of(part(&ind.numerator), part(&ind.denominator))
            && !rate_agrees(stated, computed)
        {
            c.warn(
                Rule::StatedRateDiffers,
                &v.at("stated"),
                format!(
                    "the printed rate {stated} % of `{}` differs from {n}/{d} = {computed:.2} %",
                    v.indicator
                ),
                Some("both are shown on the site".into()),
            );
        }
    }
}
