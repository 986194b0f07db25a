//! The indicators (`data/indicators.toml`): ids, and the parts a rate is computed from.

use super::checker::{Checker, Keys};
use crate::common::diagnostic::Rule;
use crate::load::Located;
use crate::model::records::{Indicator, Unit};

/// Checks the indicators; returns the known ids.
pub(super) fn check(
    c: &mut Checker<'_>,
    indicators: &[Located<Indicator>],
    doc_ids: &Keys<String>,
) -> Keys<String> {
    c.identifiers(indicators, "indicator", |i| &i.id);
    c.unique(indicators, "indicator", "id", |i| i.id.clone());
    let indicator_ids: Keys<String> = indicators.iter().map(|i| i.id.clone()).collect();
    for i in indicators {
        c.cite(&i.cite, || i.at("cite"), doc_ids);
        for (field, target) in [
            ("numerator", &i.numerator),
            ("denominator", &i.denominator),
            ("part_of", &i.part_of),
        ] {
            if let Some(t) = target
                && c.reference(
                    || i.at(field),
                    "indicator",
                    t,
                    &indicator_ids,
                    "data/indicators.toml",
                )
                && *t == i.id
            {
                c.error(
                    Rule::IndicatorSelfReference,
                    &i.at(field),
                    format!("indicator `{}` refers to itself", i.id),
                    None,
                );
            }
        }
        match (&i.numerator, &i.denominator) {
            (Some(_), None) | (None, Some(_)) => c.error(
                Rule::RateDefinition,
                &i.at("numerator"),
                "a rate needs both numerator and denominator",
                Some("numerator = \"...\" and denominator = \"...\"".into()),
            ),
            (Some(_), Some(_)) if i.unit != Unit::Percent => c.error(
                Rule::RateDefinition,
                &i.at("unit"),
                "an indicator with numerator and denominator is a rate",
                Some("unit = \"percent\"".into()),
            ),
            _ => {}
        }
    }
    indicator_ids
}
