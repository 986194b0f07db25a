//! The report folders (`data/reports/YYYY-MM/`): each month's report, figures,
//! model statuses and services table, checked in parallel.

use super::Options;
use super::checker::{At, Checker, Keys, conflicts};
use super::figures::{check_value, stated_rates};
use super::services;
use crate::common::calendar::Month;
use crate::common::diagnostic::{Diagnostics, Rule};
use crate::load::{Located, ReportDir, ToFill};
use crate::model::dataset::{Figure, MonthReport};
use crate::model::records::{Indicator, ModelStatus, ReportStatus, Value};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// What every month's check refers to.
pub(super) struct Known<'a> {
    /// The run's options.
    pub(super) options: Options,
    /// The month of "today": a later report month is in the future.
    pub(super) today: Month,
    /// Locality slugs.
    pub(super) slugs: &'a Keys<String>,
    /// Ids of cited documents.
    pub(super) doc_ids: &'a Keys<String>,
    /// Indicators by id.
    pub(super) by_id: &'a HashMap<&'a str, &'a Indicator>,
    /// Indicator ids.
    pub(super) indicator_ids: &'a Keys<String>,
    /// Model numbers.
    pub(super) numbers: &'a Keys<u32>,
}

/// Checks every report folder; returns the months' reports, oldest first.
///
/// Each month is checked on its own, in parallel; its diagnostics are then
/// added in folder order, as a sequential check would have added them.
pub(super) fn check(
    c: &mut Checker<'_>,
    reports: Vec<ReportDir>,
    k: &Known<'_>,
) -> Vec<MonthReport> {
    let mut months_seen = BTreeSet::new();
    let second: Vec<bool> = reports
        .iter()
        .map(|d| {
            d.report
                .as_ref()
                .is_some_and(|r| !months_seen.insert(r.month))
        })
        .collect();
    let (sources_ref, unread_ref) = (c.sources, c.unread);
    let checked: Vec<(Diagnostics, Option<MonthReport>)> = {
        use rayon::prelude::*;
        reports
            .into_par_iter()
            .zip(second)
            .map(|(dir, second)| {
                let mut diags = Diagnostics::default();
                let mut c = Checker {
                    sources: sources_ref,
                    diags: &mut diags,
                    unread: unread_ref,
                };
                let report = check_month(&mut c, dir, second, k);
                (diags, report)
            })
            .collect()
    };
    let mut month_reports = Vec::new();
    for (diags, report) in checked {
        for d in diags.iter() {
            c.diags.push(d.clone());
        }
        month_reports.extend(report);
    }
    month_reports.sort_by_key(|r| r.report.month);
    month_reports
}

/// Checks one report folder; `second` when an earlier folder has a report for the same month.
/// Returns the month's report, with the figures that may be used, if it has one.
fn check_month(
    c: &mut Checker<'_>,
    dir: ReportDir,
    second: bool,
    k: &Known<'_>,
) -> Option<MonthReport> {
    let month = check_header(c, &dir, second, k)?;
    let default_locality = dir
        .report
        .as_ref()
        .map(|r| r.locality.clone())
        .unwrap_or_default();
    let figures = check_figures(c, dir.values, dir.fingerprints, &default_locality, month, k);
    check_statuses(c, &dir.statuses, k);
    services::check(c, &dir.service_groups, &dir.services, k.doc_ids);
    let mut statuses: Vec<ModelStatus> = dir.statuses.into_iter().map(|s| s.record).collect();
    statuses.sort_by_key(|s| s.model);
    let report = dir.report?;
    Some(MonthReport {
        report: report.record,
        values: figures,
        statuses,
        service_groups: dir.service_groups.into_iter().map(|g| g.record).collect(),
        services: dir.services.into_iter().map(|s| s.record).collect(),
    })
}

/// Lists the folder's records to fill in and checks its report.toml; returns the month
/// its files are checked against (the report's, else the folder's name), if there is one.
fn check_header(
    c: &mut Checker<'_>,
    dir: &ReportDir,
    second: bool,
    k: &Known<'_>,
) -> Option<Month> {
    let draft = dir
        .report
        .as_ref()
        .is_some_and(|r| r.status == ReportStatus::Draft);
    for pending in &dir.to_fill {
        c.pending(
            pending,
            draft,
            "the value from the source document, then delete `to_fill = true`",
        );
    }
    if let Some(r) = &dir.report
        && r.title.trim().is_empty()
    {
        let pending = ToFill {
            loc: r.at("title"),
            what: "the report's title".into(),
        };
        c.pending(&pending, draft, "the title as the document prints it");
    }
    // Without a readable report.toml the folder's other files are still checked (against the folder's month).
    let Some(month) = dir
        .report
        .as_ref()
        .map(|r| r.month)
        .or_else(|| dir.name.parse().ok())
    else {
        c.diags.file_error(
            Rule::ReportMonth,
            &dir.path,
            format!("report folder `{}` is not named after a month", dir.name),
            Some("data/reports/YYYY-MM/".into()),
        );
        return None;
    };
    if let Some(report) = &dir.report {
        if dir.name != report.month.to_string() {
            c.error(
                Rule::ReportMonth,
                &report.at("month"),
                format!(
                    "the report for {} is in folder `{}`",
                    report.month, dir.name
                ),
                Some(format!("the folder data/reports/{}/", report.month)),
            );
        }
        if report.month > k.today {
            c.error(
                Rule::ReportMonth,
                &report.at("month"),
                format!(
                    "month {} is in the future (today is {})",
                    report.month, k.options.today
                ),
                Some("a month that has begun".into()),
            );
        }
        if second {
            c.error(
                Rule::ReportMonth,
                &report.at("month"),
                format!("a second report for {}", report.month),
                Some("one report folder per month".into()),
            );
        }
        c.reference(
            || report.at("locality"),
            "locality",
            &report.locality,
            k.slugs,
            "data/localities.toml",
        );
        c.reference(
            || report.at("source"),
            "source",
            &report.source,
            k.doc_ids,
            "data/sources.toml",
        );
    }
    Some(month)
}

/// Checks the month's figures (one list per file, with each record's fingerprint in
/// order); returns those that may be used, their locality filled in.
fn check_figures(
    c: &mut Checker<'_>,
    values: Vec<Vec<Located<Value>>>,
    fingerprints: Vec<u128>,
    default_locality: &str,
    month: Month,
    k: &Known<'_>,
) -> Vec<Figure> {
    c.unique(
        values.iter().flatten(),
        "figure for indicator and locality",
        "indicator",
        |v| {
            At(
                &v.indicator,
                v.locality.as_deref().unwrap_or(default_locality),
            )
        },
    );
    let usable: Vec<bool> = values
        .iter()
        .flatten()
        .map(|v| check_value(c, v, k, month))
        .collect();
    stated_rates(c, &values, &usable, default_locality, k.by_id);
    // Sized at once: a national month holds tens of thousands of figures.
    let mut figures: Vec<Figure> = Vec::with_capacity(usable.iter().filter(|ok| **ok).count());
    figures.extend(
        values
            .into_iter()
            .flatten()
            .zip(usable)
            .zip(fingerprints)
            .filter(|((_, ok), _)| *ok)
            .map(|((v, _), fingerprint)| {
                let mut record = v.record;
                record
                    .locality
                    .get_or_insert_with(|| default_locality.to_string());
                Figure {
                    record,
                    fingerprint,
                }
            }),
    );
    figures
}

/// Checks the month's model statuses (models.toml).
fn check_statuses(c: &mut Checker<'_>, statuses: &[Located<ModelStatus>], k: &Known<'_>) {
    c.unique(statuses, "status for model", "model", |s| s.model);
    for s in statuses {
        c.reference(
            || s.at("model"),
            "model number",
            &s.model,
            k.numbers,
            "data/models.toml",
        );
        c.cite(&s.cite, || s.at("cite"), k.doc_ids);
        conflicts(c, &s.conflicts, || s.at("conflict"), k.doc_ids);
        check_secondary(c, s);
    }
}

/// A second status is a second state the assessment's words give: it differs from the
/// first, and there are words to read it from.
fn check_secondary(c: &mut Checker<'_>, s: &Located<ModelStatus>) {
    let Some(second) = s.secondary_status else {
        return;
    };
    if second == s.status {
        c.error(
            Rule::SecondaryStatus,
            &s.at("secondary_status"),
            format!(
                "model {}: secondary_status repeats status `{}`",
                s.model,
                second.code()
            ),
            Some(
                "a second, different state the assessment also gives, or no secondary_status"
                    .into(),
            ),
        );
    } else if s.assessment.is_none() {
        c.error(
            Rule::SecondaryStatus,
            &s.at("secondary_status"),
            format!(
                "model {}: a secondary_status without the assessment it is read from",
                s.model
            ),
            Some("the row's `assessment`, as written, beside both statuses".into()),
        );
    }
}
