//! `du-lieu.json`: the whole validated dataset as JSON, written month by month.

use super::content::{Content, Part};
use crate::model::dataset::{Dataset, Place, PlanEntry};
use crate::model::records::*;

/// `du-lieu.json`, the whole dataset: the bytes of `serde_json::to_writer(dataset)`,
/// made one report at a time so that a rebuild copies the months whose figures
/// did not change from the last build's file (219 MB at national scale, nearly
/// all of it the reports).
pub(crate) fn dataset_json<'a>(ds: &'a Dataset, common: &str) -> Content<'a> {
    use std::io::Write;
    /// The fields of [`Dataset`] before `reports`, in its order (a test holds the
    /// two to the same bytes).
    #[derive(serde::Serialize)]
    struct Head<'d> {
        sources: &'d [Source],
        localities: &'d [Place],
        groups: &'d [ModelGroup],
        models: &'d [Model],
        indicators: &'d [Indicator],
        plans: &'d [PlanEntry],
    }
    fn json<T: serde::Serialize + ?Sized>(w: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
        serde_json::to_writer(w, value).map_err(std::io::Error::other)
    }
    let mut whole = crate::common::fingerprint::Hasher::new();
    let fps: Vec<u8> = ds
        .reports
        .iter()
        .flat_map(|r| &r.values)
        .flat_map(|f| f.fingerprint.to_le_bytes())
        .collect();
    whole.add(common.as_bytes()).add(&fps);
    let common = common.to_string();
    Content::parted(whole.finish(), move || {
        let mut parts = vec![Part::fresh(move |w| {
            let head = Head {
                sources: &ds.sources,
                localities: &ds.localities,
                groups: &ds.groups,
                models: &ds.models,
                indicators: &ds.indicators,
                plans: &ds.plans,
            };
            json(w, &head)?;
            // The object stays open for the reports.
            w.pop();
            w.extend_from_slice(b",\"reports\":[");
            Ok(())
        })];
        for (i, r) in ds.reports.iter().enumerate() {
            // A month's part is its report, with the comma before it: everything it
            // shows comes from its own figures and from what `common` covers.
            let mut h = crate::common::fingerprint::Hasher::new();
            h.add(common.as_bytes())
                .add(r.report.month.to_string().as_bytes())
                .add(if i == 0 { b"first" } else { b"next" });
            for f in &r.values {
                h.add_u128(f.fingerprint);
            }
            parts.push(Part::of(h.finish(), move |w| {
                if i > 0 {
                    w.push(b',');
                }
                json(w, r)
            }));
        }
        parts.push(Part::fresh(move |w| {
            w.extend_from_slice(b"],\"corrections\":");
            json(w, &ds.corrections)?;
            w.write_all(b"}")
        }));
        parts
    })
}
