//! The services table of a month (`services.toml`): its groups, rows and their figures.

use super::checker::{Checker, Keys, conflicts};
use crate::common::diagnostic::{Loc, Rule};
use crate::load::Located;
use crate::model::rate::{rate_agrees, rate_of};
use crate::model::records::{Service, ServiceFigures, ServiceGroup};

/// Checks the month's service groups and rows.
pub(super) fn check(
    c: &mut Checker<'_>,
    groups: &[Located<ServiceGroup>],
    services: &[Located<Service>],
    doc_ids: &Keys<String>,
) {
    c.unique(groups, "service group", "id", |g| {
        format!("{}/{}", g.appendix, g.id)
    });
    for g in groups {
        if let Some(cite) = &g.cite {
            c.cite(cite, || g.at("cite"), doc_ids);
        }
    }
    let service_groups: Keys<String> = groups
        .iter()
        .map(|g| format!("{}/{}", g.appendix, g.id))
        .collect();
    c.unique(services, "service row", "number", |s| {
        format!("Phụ lục {}, STT {}", s.appendix, s.number)
    });
    for s in services {
        if let Some(g) = &s.group {
            c.reference(
                || s.at("group"),
                "service group",
                &format!("{}/{}", s.appendix, g),
                &service_groups,
                "the [[group]]s of this services.toml",
            );
        }
        c.cite(&s.cite, || s.at("cite"), doc_ids);
        check_row(c, &s.figures(), &|f| s.at(f), &format!("STT {}", s.number));
        for (i, r) in s.rows.iter().enumerate() {
            check_row(
                c,
                &r.figures(),
                &|f| s.at(&format!("row[{i}].{f}")),
                &format!("STT {} / {}", s.number, r.name),
            );
        }
        conflicts(c, &s.conflicts, || s.at("conflict"), doc_ids);
    }
}

/// Checks the figures of one row (`row` names it in messages): counts, and the printed rate of online services.
fn check_row(c: &mut Checker<'_>, f: &ServiceFigures, at: &dyn Fn(&str) -> Loc, row: &str) {
    for (name, x) in [
        ("total", f.total),
        ("online", f.online),
        ("on_time", f.on_time),
        ("overdue", f.overdue),
    ] {
        if let Some(x) = x.filter(|&x| x < 0) {
            c.error(
                Rule::ServiceCounts,
                &at(name),
                format!("{row}: negative count {name} = {x}"),
                Some("a count ≥ 0".into()),
            );
        }
    }
    if let (Some(t), Some(o)) = (f.total, f.online)
        && o > t
    {
        c.error(
            Rule::ServiceCounts,
            &at("online"),
            format!("{row}: online {o} is greater than total {t}"),
            Some("online ≤ total".into()),
        );
    }
    if let Some(t) = f.total {
        // Saturating: absurd counts must be reported, not overflow.
        let done = f
            .on_time
            .unwrap_or(0)
            .saturating_add(f.overdue.unwrap_or(0));
        if done > t {
            c.error(
                Rule::ServiceCounts,
                &at(if f.overdue.is_some() {
                    "overdue"
                } else {
                    "on_time"
                }),
                format!("{row}: on time + overdue = {done} is greater than total {t}"),
                Some("on_time + overdue ≤ total".into()),
            );
        }
    }
    if let (Some(o), Some(t), Some(s)) = (f.online, f.total, f.stated_rate)
        && let Some((computed, _, _)) = rate_of(Some(o as f64), Some(t as f64))
        && !rate_agrees(s, computed)
    {
        c.warn(Rule::StatedRateDiffers, &at("stated_rate"), format!("{row}: the printed rate {s} % differs from online/total = {o}/{t} = {computed:.2} %"), Some("both are shown on the site".into()));
    }
}
