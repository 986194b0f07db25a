//! The JSON dataset: an index, `du-lieu.json`, with everything the dataset has but
//! the monthly reports and where each month is, and one file per month holding
//! that month's report (at national scale the index is 3 MB and a month 9 MB:
//! a corrected figure rewrites one month, not 208 MB).

use super::content::{Content, DataFile, Part};
use crate::common::calendar::Month;
use crate::model::dataset::{Dataset, MonthReport, Place, PlanEntry};
use crate::model::records::*;

/// A published month as the index lists it.
#[derive(serde::Serialize)]
struct MonthEntry {
    month: Month,
    status: ReportStatus,
    /// Its file, relative to the index (see [`crate::paths::dataset_month_from_index`]).
    url: String,
}

/// The index: the fields of [`Dataset`] in its order, `months` in the place of `reports`
/// (a new name, so that a reader of the old whole file fails rather than finds no figures).
#[derive(serde::Serialize)]
struct Index<'d> {
    sources: &'d [Source],
    localities: &'d [Place],
    groups: &'d [ModelGroup],
    models: &'d [Model],
    indicators: &'d [Indicator],
    plans: &'d [PlanEntry],
    months: Vec<MonthEntry>,
    corrections: &'d [Correction],
}

/// The index and the month files of `ds`, each its own data file made when written.
///
/// The index holds no month's size: sizes are known only once the months are
/// written, and depending on them would rewrite the index with every figure (the
/// data page shows them). So it depends only on `common` (what every output depends
/// on besides its figures, which covers the months published and their status),
/// and a month's file on `common` and its own figures.
pub(crate) fn dataset_files<'a>(
    ds: &'a Dataset,
    common: &str,
) -> (DataFile<'a>, Vec<DataFile<'a>>) {
    let mut h = crate::common::fingerprint::Hasher::new();
    h.add(common.as_bytes()).add(b"dataset index");
    let index = Content::parted(h.finish(), move || {
        vec![Part::fresh(move |w| {
            let months = ds
                .reports
                .iter()
                .map(|r| MonthEntry {
                    month: r.report.month,
                    status: r.report.status,
                    url: crate::paths::dataset_month_from_index(&r.report.month),
                })
                .collect();
            json(
                w,
                &Index {
                    sources: &ds.sources,
                    localities: &ds.localities,
                    groups: &ds.groups,
                    models: &ds.models,
                    indicators: &ds.indicators,
                    plans: &ds.plans,
                    months,
                    corrections: &ds.corrections,
                },
            )
        })]
    });
    let index = DataFile {
        path: crate::paths::DATASET_JSON.into(),
        content: index,
    };
    (
        index,
        ds.reports.iter().map(|r| month_file(r, common)).collect(),
    )
}

/// A month's file: its report as `serde_json` writes it, made from `common` and its figures.
fn month_file<'a>(r: &'a MonthReport, common: &str) -> DataFile<'a> {
    let mut h = crate::common::fingerprint::Hasher::new();
    h.add(common.as_bytes())
        .add(b"dataset month")
        .add(r.report.month.to_string().as_bytes());
    for f in &r.values {
        h.add_u128(f.fingerprint);
    }
    DataFile {
        path: crate::paths::dataset_month(&r.report.month),
        content: Content::parted(h.finish(), move || vec![Part::fresh(move |w| json(w, r))]),
    }
}

/// Appends `value` as JSON.
fn json<T: serde::Serialize + ?Sized>(w: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(w, value).map_err(std::io::Error::other)
}
