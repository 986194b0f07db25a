//! "What changed since the previous month", computed for a report page:
//! the figures that moved most, the models whose status changed, and the plan
//! deadlines that fell in the month.
//!
//! The previous month's figure is the previous report's where there is one,
//! and otherwise the value derived from the change the report states
//! ("tăng 594 so với tháng 8"); a derived basis is marked as such.

use crate::common::format;
use crate::model::dataset::MonthReport;
use crate::model::index::{Ix, locality_name};
use crate::model::readings::Reading;
use crate::model::records::{Correction, Unit};
use crate::paths as url;
use crate::site::PageSpec;
use crate::site::labels::Labels;
use crate::site::views::models::ModelNumber;
use crate::site::views::pages::{
    ChangesView, CorrectionView, CorrectionsView, DueItem, MovedFigure, MovedIndicator,
    PathChangeView, StatusChange,
};
use crate::site::views::{CiteView, CorrectionRef, Link, ModelRef, NamedLink, context};
use rustc_hash::FxHashMap as HashMap;

/// How many moved figures a report page lists.
const MOST_MOVED: usize = 6;

/// The change-since-last-month context of the report `r`, whose readings are `this`;
/// `before` are the readings of the month before (reported or derived), `prev` the previous report.
pub fn since_previous(
    ds: &Ix,
    r: &MonthReport,
    this: &[&Reading],
    before: &[&Reading],
    prev: Option<&MonthReport>,
    l: &Labels,
) -> ChangesView {
    let month = r.report.month;
    let figures = moved(ds, this, before, l);
    let statuses: Option<Vec<StatusChange>> = prev.map(|p| {
        r.statuses
            .iter()
            .filter_map(|s| {
                let old = p.statuses.iter().find(|o| o.model == s.model)?;
                ((old.status, old.secondary_status) != (s.status, s.secondary_status)).then(|| {
                    StatusChange {
                        model: ModelRef::new(s.model, ds),
                        old: l.model_status_view(old),
                        new: l.model_status_view(s),
                    }
                })
            })
            .collect()
    });
    let mut deadlines = Vec::new();
    for plan in &ds.plans {
        for item in &plan.items {
            let Some(due) = item.deadline.as_ref().and_then(|d| d.due()) else {
                continue;
            };
            if due.month() != month {
                continue;
            }
            let status = item
                .model
                .and_then(|n| r.statuses.iter().find(|s| s.model == n))
                .map(|s| l.model_status_view(s));
            deadlines.push(DueItem {
                locality_name: locality_name(ds, &plan.plan.locality),
                locality_url: url::locality(&plan.plan.locality),
                title: item.title.clone(),
                deadline: item.deadline.as_ref().map(|d| d.text()),
                model: item.model.map(|n| ModelNumber {
                    number: n,
                    url: url::model(n),
                }),
                status,
            });
        }
    }
    ChangesView {
        prev_label: format::month(month.previous()),
        prev_report: prev.map(|p| Link {
            label: format::month(p.report.month),
            url: url::report(&p.report.month),
        }),
        derived: figures.iter().any(|m| m.derived),
        figures,
        statuses,
        deadlines,
    }
}

/// The figures of `this` that moved most since their basis in `before`.
fn moved(ds: &Ix, this: &[&Reading], before: &[&Reading], l: &Labels) -> Vec<MovedFigure> {
    // A reported figure of the month before wins over one derived from a stated change.
    let mut basis: HashMap<(&str, &str), &Reading> = HashMap::default();
    for derived in [true, false] {
        for x in before
            .iter()
            .filter(|x| x.number.is_some() && (x.kind == "derived") == derived)
        {
            basis.insert((x.source.record.indicator.as_str(), x.locality), *x);
        }
    }
    let mut moved: Vec<(f64, MovedFigure)> = Vec::new();
    for x in this
        .iter()
        .filter(|x| x.kind == "reported" || x.kind == "rate")
    {
        let (Some(new), Some(old)) = (
            x.number,
            basis
                .get(&(x.source.record.indicator.as_str(), x.locality))
                .and_then(|b| b.number.map(|n| (n, b.kind == "derived"))),
        ) else {
            continue;
        };
        let (old, derived) = old;
        let Some(ind) = ds.indicator_by_id.get(x.source.record.indicator.as_str()) else {
            continue;
        };
        let diff = new - old;
        if diff == 0.0 {
            continue;
        }
        let show = |v: f64| crate::model::readings::in_unit(ind, v);
        let pct = (old != 0.0).then(|| diff / old.abs() * 100.0);
        // Rates move in points; counts are ranked by their relative change.
        let rank = if ind.unit == Unit::Percent {
            diff.abs()
        } else {
            pct.map_or(f64::INFINITY, f64::abs)
        };
        let diff_text = if ind.unit == Unit::Percent {
            l.points.replace("{diff}", &format::signed(diff))
        } else {
            format::signed(diff)
        };
        moved.push((
            rank,
            MovedFigure {
                indicator: MovedIndicator {
                    name: ind.name.clone(),
                    url: url::indicator(&ind.id),
                    counted: ind.counted.clone(),
                },
                locality_name: locality_name(ds, x.locality),
                old: show(old),
                new: show(new),
                diff: diff_text,
                up: diff > 0.0,
                pct: pct.filter(|_| ind.unit != Unit::Percent).map(|p| {
                    format!(
                        "{}{}\u{a0}%",
                        if p < 0.0 { "−" } else { "+" },
                        format::number_with(p.abs(), if p.abs() < 0.1 { 2 } else { 1 })
                    )
                }),
                derived,
            },
        ));
    }
    moved.sort_by(|a, b| b.0.total_cmp(&a.0));
    moved.into_iter().take(MOST_MOVED).map(|m| m.1).collect()
}

/// The anchor of a correction on the changelog page.
fn anchor(k: &Correction) -> String {
    format!(
        "{}-{}-{}-{}",
        k.date,
        k.month,
        k.indicator,
        k.locality.as_deref().unwrap_or("")
    )
}

fn show(ds: &Ix, indicator: &str, v: f64) -> String {
    ds.indicator_by_id.get(indicator).map_or_else(
        || format::number(v),
        |i| crate::model::readings::in_unit(i, v),
    )
}

/// The latest correction of a reported figure, for a note beside it.
pub fn correction_of(ds: &Ix, x: &Reading) -> Option<CorrectionRef> {
    let k = ds.corrections.iter().find(|k| {
        k.month == x.month
            && k.indicator == x.source.record.indicator
            && k.locality.as_deref() == Some(x.locality)
    })?;
    Some(CorrectionRef {
        date: format::date(k.date),
        old: show(ds, &k.indicator, k.old),
        url: format!("{}#{}", url::corrections(), anchor(k)),
    })
}

/// The changelog page: every correction of a published figure, newest first, and
/// every change to a published path.
pub fn changelog_page(ds: &Ix, l: &Labels) -> PageSpec<'static> {
    let corrections = ds
        .corrections
        .iter()
        .map(|k| {
            let ind = ds.indicator_by_id.get(k.indicator.as_str());
            let locality = k.locality.as_deref().unwrap_or("");
            CorrectionView {
                anchor: anchor(k),
                date: format::date(k.date),
                iso_date: k.date.to_string(),
                month: format::month(k.month),
                report_url: url::report(&k.month),
                indicator: NamedLink {
                    name: ind.map_or(k.indicator.clone(), |i| i.name.clone()),
                    url: url::indicator(&k.indicator),
                },
                locality_name: locality_name(ds, locality),
                old: show(ds, &k.indicator, k.old),
                new: show(ds, &k.indicator, k.new),
                diff: format::signed(k.new - k.old),
                reason: k.reason.clone(),
                note: k.note.clone(),
                cite: CiteView::new(&k.cite, ds),
            }
        })
        .collect();
    PageSpec::new(
        url::corrections(),
        "corrections.html",
        l.corrections.clone(),
        crate::site::Context::Ready(context(CorrectionsView {
            corrections,
            path_changes: path_changes(),
            path_changes_anchor: url::CHANGED_PATHS_ANCHOR,
        })),
    )
}

/// The changes to published paths, for the changelog page.
fn path_changes() -> Vec<PathChangeView> {
    url::PATH_CHANGES
        .iter()
        .map(|c| PathChangeView {
            since: c
                .since
                .parse()
                .map_or_else(|_| c.since.to_string(), format::date),
            iso_since: c.since,
            old: c.old,
            new: c.new,
            key: c.key,
        })
        .collect()
}

impl Reading<'_> {
    /// The correction of a reported figure, if the corrections file has one.
    pub(crate) fn correction(&self, ds: &Ix) -> Option<CorrectionRef> {
        (self.kind == "reported")
            .then(|| correction_of(ds, self))
            .flatten()
    }
}
