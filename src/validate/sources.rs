//! The cited documents (`data/sources.toml`).

use super::checker::{Checker, Keys};
use crate::load::{Located, ReportDir, ToFill};
use crate::model::records::{ReportStatus, Source};

/// Checks the documents' ids and lists those still to fill in; returns the ids that may be cited.
pub(super) fn check(
    c: &mut Checker<'_>,
    documents: &[Located<Source>],
    sources_to_fill: &[(String, ToFill)],
    reports: &[ReportDir],
) -> Keys<String> {
    c.identifiers(documents, "source", |s| &s.id);
    c.unique(documents, "source id", "id", |s| s.id.clone());
    let mut doc_ids: Keys<String> = documents.iter().map(|d| d.id.clone()).collect();
    // A document still to fill in may be cited already; `check` lists it below.
    doc_ids.extend(sources_to_fill.iter().map(|(id, _)| id.clone()));
    for (id, pending) in sources_to_fill {
        // Only a draft report may rest on a document not yet described.
        let draft_only = reports
            .iter()
            .filter_map(|r| r.report.as_ref())
            .all(|r| r.source != *id || r.status == ReportStatus::Draft);
        c.pending(
            pending,
            draft_only,
            "the document's number, date, title and file, then delete `to_fill = true`",
        );
    }
    doc_ids
}
