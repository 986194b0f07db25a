//! The validated data of a site: what [`crate::validate`] makes of the records,
//! every reference in it known to resolve.

use super::records::{
    Correction, Indicator, Locality, Model, ModelGroup, ModelStatus, Page, Plan, PlanGroup,
    PlanItem, Report, Service, ServiceGroup, Source, Value,
};
// The fingerprint type is the build's today; it moves to a shared module in the redesign.
use crate::common::fingerprint::Fp;

/// A locality with its resolved slug.
///
/// Serialized as its record alone, whose `slug` is the resolved one too (see [`Figure`]).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Place {
    /// URL slug, unique in the site.
    #[serde(skip)]
    pub slug: String,
    /// The record, its `slug` filled in when derived from the name.
    pub record: Locality,
}

/// A validated plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanEntry {
    /// The header.
    #[serde(flatten)]
    pub plan: Plan,
    /// Groups of items.
    pub groups: Vec<PlanGroup>,
    /// Items in document order.
    pub items: Vec<PlanItem>,
}

/// A figure of a month, with its locality resolved.
///
/// Serialized as its record alone, whose `locality` is the resolved one too: a
/// JSON object with the key twice (`"locality":"x",…,"locality":null`) reads as
/// null in most parsers.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Figure {
    /// The record, its `locality` filled in from the report's when absent.
    pub record: Value,
    /// Fingerprint of the record's text (see [`crate::load::inputs::split_inputs`]).
    #[serde(skip)]
    pub fingerprint: u128,
}

impl Figure {
    /// Locality slug (the report's when the record names none).
    pub fn locality(&self) -> &str {
        self.record.locality.as_deref().unwrap_or_default()
    }
}

/// A validated monthly report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MonthReport {
    /// The header.
    #[serde(flatten)]
    pub report: Report,
    /// Figures of the month.
    pub values: Vec<Figure>,
    /// Model statuses, by model number.
    pub statuses: Vec<ModelStatus>,
    /// Service table groups.
    pub service_groups: Vec<ServiceGroup>,
    /// Service rows.
    pub services: Vec<Service>,
}

/// The whole validated data of a site.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dataset {
    /// Cited documents.
    pub sources: Vec<Source>,
    /// Localities, parents before children.
    pub localities: Vec<Place>,
    /// Model groups.
    pub groups: Vec<ModelGroup>,
    /// Models by number.
    pub models: Vec<Model>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// Plans.
    pub plans: Vec<PlanEntry>,
    /// Reports, oldest first.
    pub reports: Vec<MonthReport>,
    /// Corrections of published figures, newest first.
    pub corrections: Vec<Correction>,
    /// Content pages (not drafts).
    #[serde(skip)]
    pub pages: Vec<Page>,
    /// Editors' unofficial translations of data text (`data/translations/`).
    #[serde(skip)]
    pub translations: super::translations::Translations,
    /// Fingerprint of everything read but the figures' own records (see
    /// [`crate::load::inputs::split_inputs`]): with the figures' fingerprints,
    /// what an output made from the data depends on.
    #[serde(skip)]
    pub rest_fingerprint: Fp,
}
