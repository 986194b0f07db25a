//! A plan item and its deadline, as the model, deadline and locality pages show them.

use super::{CiteView, ConflictView, conflicts};
use crate::common::format;
use crate::model::index::{Ix, locality_name};
use crate::model::records::*;
use crate::paths as url;
use serde::Serialize;

/// One part of a deadline.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlinePartView {
    /// As written.
    pub text: String,
    /// What it means ("trước 31/12/2025").
    pub reading: String,
    /// The day it falls due, if it has one.
    pub due: Option<String>,
}

/// A plan item's deadline: as written, its parts, and when it is due.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// Exactly as the document writes it (pages show this, never the parts' pieces).
    pub text: String,
    /// How the portal reads it, its parts' readings joined by "; " ("năm 2024; thường
    /// xuyên"); `None` when that says nothing the text does not ("Quý I/2024").
    pub reading: Option<String>,
    /// Its parts, read from the text.
    pub parts: Vec<DeadlinePartView>,
    /// The day it falls due, if it has one.
    pub due: Option<String>,
}

impl DeadlineView {
    /// The view of a deadline.
    pub fn new(d: &crate::model::deadline::Deadline) -> DeadlineView {
        let reading = d
            .parts
            .iter()
            .map(|p| crate::model::deadline::deadline_value(&p.value))
            .collect::<Vec<_>>()
            .join("; ");
        DeadlineView {
            text: d.text(),
            reading: (reading.to_lowercase() != d.text.trim().to_lowercase()).then_some(reading),
            parts: d
                .parts
                .iter()
                .map(|p| DeadlinePartView {
                    text: p.text.clone(),
                    reading: crate::model::deadline::deadline_value(&p.value),
                    due: p.value.due().map(format::date),
                })
                .collect(),
            due: d.due().map(format::date),
        }
    }
}

/// A link to a model's page, from a plan item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemModel {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: Option<String>,
    /// URL of its page.
    pub url: String,
}

/// A plan item, with its model and its locality.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItemView<'a> {
    /// Its number in the plan.
    pub number: String,
    /// Its group's number.
    pub group: Option<String>,
    /// The model it adopts.
    pub model: Option<ItemModel>,
    /// Its title.
    pub title: String,
    /// Its goal.
    pub goal: Option<String>,
    /// What is assigned.
    pub assignment: Option<String>,
    /// Units in charge.
    pub lead: Vec<String>,
    /// Units coordinating.
    pub coordinating: Vec<String>,
    /// Units supporting.
    pub support: Vec<String>,
    /// Units implementing.
    pub implementers: Vec<String>,
    /// Its deadline.
    pub deadline: Option<DeadlineView>,
    /// Platforms used.
    pub platforms: Vec<String>,
    /// An editor's note.
    pub note: Option<String>,
    /// Values other documents give.
    pub conflicts: Vec<ConflictView<'a>>,
    /// Where it is written.
    pub cite: CiteView<'a>,
    /// The plan's locality's slug.
    pub locality: String,
    /// The plan's locality's name.
    pub locality_name: String,
    /// URL of the locality's page.
    pub locality_url: String,
}

impl<'a> PlanItemView<'a> {
    /// The view of an item of `plan`.
    pub fn new(item: &'a PlanItem, plan: &Plan, ds: &'a Ix) -> PlanItemView<'a> {
        let model = item
            .model
            .and_then(|n| ds.models.iter().find(|m| m.number == n));
        PlanItemView {
            number: item.number.clone(),
            group: item.group.clone(),
            model: model.map(|m| ItemModel {
                number: m.number,
                title: m.title.clone(),
                url: url::model(m.number),
            }),
            title: item.title.clone(),
            goal: item.goal.clone(),
            assignment: item.assignment.clone(),
            lead: item.lead.clone(),
            coordinating: item.coordinating.clone(),
            support: item.support.clone(),
            implementers: item.implementers.clone(),
            deadline: item.deadline.as_ref().map(DeadlineView::new),
            platforms: item.platforms.clone(),
            note: item.note.clone(),
            conflicts: conflicts(&item.conflicts, ds),
            cite: CiteView::new(&item.cite, ds),
            locality: plan.locality.clone(),
            locality_name: locality_name(ds, &plan.locality),
            locality_url: url::locality(&plan.locality),
        }
    }
}
