//! The plan deadlines passed and coming, with their CSV.

use crate::common::calendar::Month;
use crate::common::format;
use crate::model::index::Ix;
use crate::output::content::DataFile;
use crate::output::csv::*;
use crate::paths as url;
use crate::site::labels::Labels;
use crate::site::views::pages::{DeadlineItem, DeadlineSection, DeadlinesView, Reached};
use crate::site::views::{PlanItemView, context};
use crate::site::{Context, Graph, PageSpec};
use serde_json::Value as Json;

/// Adds the deadlines page and its CSV.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let latest = ds.reports.last();
    let as_of = latest.map(|r| r.report.month);
    let (passed, upcoming) = deadlines(ds, as_of, &g.labels);
    let rows = |items: &[DeadlineItem]| items.iter().map(context).collect::<Vec<Json>>();
    g.files.push(DataFile {
        path: url::DEADLINES_CSV.into(),
        content: deadlines_csv(&rows(&passed), &rows(&upcoming)).into(),
    });
    g.pages.push(PageSpec::new(
        url::DEADLINES,
        "deadlines.html",
        g.labels.deadlines.clone(),
        Context::Ready(context(DeadlinesView {
            as_of: as_of.map(format::month),
            sections: vec![
                DeadlineSection {
                    id: "da-den-han",
                    title: g.labels.deadlines_passed.clone(),
                    items: passed,
                },
                DeadlineSection {
                    id: "sap-den-han",
                    title: g.labels.deadlines_upcoming.clone(),
                    items: upcoming,
                },
            ],
            csv: url::DEADLINES_CSV,
        })),
    ));
}

/// The plan items due by the end of the month `as_of` (passed) and in the three
/// months after (upcoming), each sorted by due date, locality and number.
pub(crate) fn deadlines<'a>(
    ds: &'a Ix,
    as_of: Option<Month>,
    l: &Labels,
) -> (Vec<DeadlineItem<'a>>, Vec<DeadlineItem<'a>>) {
    let Some(as_of) = as_of else {
        return (Vec::new(), Vec::new());
    };
    let end = as_of.last_day();
    let horizon = as_of.plus(3).last_day();
    let mut passed = Vec::new();
    let mut upcoming = Vec::new();
    for p in &ds.plans {
        for item in &p.items {
            let Some(due) = item.deadline.as_ref().and_then(|d| d.due()) else {
                continue;
            };
            let status = item.model.and_then(|n| {
                ds.reports.iter().rev().find_map(|r| {
                    r.statuses
                        .iter()
                        .find(|s| s.model == n)
                        .map(|s| (r.report.month, s))
                })
            });
            let row = DeadlineItem {
                item: PlanItemView::new(item, &p.plan, ds),
                reached: status.map(|(m, s)| Reached {
                    status: l.model_status_view(s),
                    month: format::month(m),
                }),
                due_sort: due.to_string(),
            };
            if due <= end {
                passed.push(row);
            } else if due <= horizon {
                upcoming.push(row);
            }
        }
    }
    let key = |j: &DeadlineItem| {
        (
            j.due_sort.clone(),
            j.item.locality.clone(),
            j.item.number.clone(),
        )
    };
    passed.sort_by_key(key);
    upcoming.sort_by_key(key);
    (passed, upcoming)
}
