//! The cited documents (`data/sources.toml`).

use super::checker::{Checker, Keys};
use crate::common::diagnostic::Rule;
use crate::load::{Located, ReportDir, ToFill};
use crate::model::records::{ReportStatus, Source};
use std::path::Path;

/// Where a site keeps the transcribed passages of the legal texts it cites.
const LEGAL_DIR: &str = "sources/legal/";

/// Checks the documents' ids and lists those still to fill in; returns the ids that may be cited.
pub(super) fn check(
    c: &mut Checker<'_>,
    documents: &[Located<Source>],
    sources_to_fill: &[(String, ToFill)],
    reports: &[ReportDir],
    root: &Path,
) -> Keys<String> {
    for d in documents.iter().filter(|d| d.kind.is_legal()) {
        legal(c, d, root);
    }
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

/// A legal text says where it can be read, and its passages relied on are in the site,
/// so that every citation of it can be checked without the internet.
fn legal(c: &mut Checker<'_>, d: &Located<Source>, root: &Path) {
    if d.url.as_deref().is_none_or(|u| !u.starts_with("https://")) {
        c.error(
            Rule::LegalSource,
            &d.at(if d.url.is_some() { "url" } else { "kind" }),
            format!("legal text `{}` does not say where it can be read", d.id),
            Some("url = \"https://…\": the page where the text was read".into()),
        );
    }
    let transcribed =
        d.file.starts_with(LEGAL_DIR) && !d.file.contains("..") && root.join(&d.file).is_file();
    if !transcribed {
        c.error(
            Rule::LegalSource,
            &d.at("file"),
            format!(
                "`{}` is not a file of transcribed passages in the site",
                d.file
            ),
            Some(format!(
                "the path of the passages relied on, under {LEGAL_DIR}"
            )),
        );
    }
}
