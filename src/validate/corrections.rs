//! The corrections of published figures (`data/corrections.toml`).

use super::checker::{Checker, Keys};
use crate::common::calendar::Date;
use crate::common::diagnostic::Rule;
use crate::load::Located;
use crate::model::dataset::MonthReport;
use crate::model::records::Correction;

/// Corrections must name a figure that exists and whose value is now `new`.
pub(super) fn check(
    c: &mut Checker<'_>,
    corrections: Vec<Located<Correction>>,
    reports: &[MonthReport],
    docs: &Keys<String>,
    today: Date,
) -> Vec<Correction> {
    let mut out = Vec::new();
    for k in corrections {
        c.cite(&k.cite, || k.at("cite"), docs);
        let mut ok = true;
        if k.date > today {
            c.error(
                Rule::Correction,
                &k.at("date"),
                format!("correction dated {} is in the future", k.date),
                Some("the day the correction was made public".into()),
            );
            ok = false;
        }
        if k.reason.trim().is_empty() {
            c.error(
                Rule::Correction,
                &k.at("reason"),
                "a correction needs its reason",
                Some("why the figure changed, in plain words".into()),
            );
            ok = false;
        }
        if k.old == k.new {
            c.error(
                Rule::Correction,
                &k.at("new"),
                "`old` and `new` are the same value",
                Some("the value first published as `old`, the corrected one as `new`".into()),
            );
            ok = false;
        }
        let Some(report) = reports.iter().find(|r| r.report.month == k.month) else {
            c.error(
                Rule::Correction,
                &k.at("month"),
                format!("no report for {} to correct", k.month),
                Some("the month of a report in data/reports/".into()),
            );
            continue;
        };
        let locality = k
            .locality
            .clone()
            .unwrap_or_else(|| report.report.locality.clone());
        let Some(figure) = report
            .values
            .iter()
            .find(|f| f.record.indicator == k.indicator && f.locality() == locality)
        else {
            c.error(
                Rule::Correction,
                &k.at("indicator"),
                format!(
                    "the {} report has no figure `{}` for {locality}",
                    k.month, k.indicator
                ),
                Some(format!(
                    "a [[value]] of data/reports/{}/indicators.toml",
                    k.month
                )),
            );
            continue;
        };
        if figure.record.value != Some(k.new) {
            let now = figure
                .record
                .value
                .map_or("no `value`".to_string(), |v| v.to_string());
            c.error(
                Rule::Correction,
                &k.at("new"),
                format!(
                    "`new = {}` but the figure in data/reports/{}/indicators.toml is {now}",
                    k.new, k.month
                ),
                Some("the data holds the corrected value: write it there and here".into()),
            );
            ok = false;
        }
        if ok {
            out.push(Correction {
                locality: Some(locality),
                ..k.record
            });
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.month.cmp(&b.month)));
    out
}
