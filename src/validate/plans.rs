//! The plans (`data/plans/*.toml`): one per locality, its groups and items.

use super::checker::{Checker, Keys, conflicts};
use crate::common::diagnostic::{Loc, Rule, display_path};
use crate::load::{Located, PlanFile};
use crate::model::dataset::PlanEntry;
use crate::model::records::Plan;
use std::collections::BTreeMap;

/// What a plan's records refer to.
pub(super) struct Known<'a> {
    /// Locality slugs.
    pub(super) slugs: &'a Keys<String>,
    /// Model numbers.
    pub(super) numbers: &'a Keys<u32>,
    /// Ids of cited documents.
    pub(super) doc_ids: &'a Keys<String>,
}

/// Checks every plan file; returns the plans that have a header, by locality.
pub(super) fn check(c: &mut Checker<'_>, plans: Vec<PlanFile>, k: &Known<'_>) -> Vec<PlanEntry> {
    let mut plan_entries = Vec::new();
    // Where each locality's first plan names it, to point at it from a second one.
    let mut plan_localities: BTreeMap<String, Loc> = BTreeMap::new();
    for file in plans {
        let Some(plan) = file.plan else {
            if !c.diags.iter().any(|d| d.file == display_path(&file.path)) {
                c.diags.file_error(
                    Rule::PlanStructure,
                    &file.path,
                    "the plan file has no [plan] table",
                    Some("[plan] with locality, kind, title and cite".into()),
                );
            }
            continue;
        };
        check_header(c, &plan, &mut plan_localities, k);
        check_items(c, &file.path, &file.groups, &file.items, k);
        plan_entries.push(PlanEntry {
            plan: plan.record,
            groups: file.groups.into_iter().map(|g| g.record).collect(),
            items: file.items.into_iter().map(|i| i.record).collect(),
        });
    }
    plan_entries.sort_by(|a, b| a.plan.locality.cmp(&b.plan.locality));
    plan_entries
}

/// Checks a plan's `[plan]` header: its locality (one plan each), cite and conflicts.
fn check_header(
    c: &mut Checker<'_>,
    plan: &Located<Plan>,
    plan_localities: &mut BTreeMap<String, Loc>,
    k: &Known<'_>,
) {
    if c.reference(
        || plan.at("locality"),
        "locality",
        &plan.locality,
        k.slugs,
        "data/localities.toml",
    ) {
        if let Some(first) = plan_localities.get(&plan.locality) {
            let line = c.sources.get(first.file).line_col(first.span.start).0;
            let other = c.sources.get(first.file).name.clone();
            c.error(
                Rule::PlanStructure,
                &plan.at("locality"),
                format!("a second plan for `{}`", plan.locality),
                Some(format!(
                    "one plan per locality (the other is {other}:{line})"
                )),
            );
        }
        plan_localities.insert(plan.locality.clone(), plan.at("locality"));
    }
    c.cite(&plan.cite, || plan.at("cite"), k.doc_ids);
    conflicts(c, &plan.conflicts, || plan.at("conflict"), k.doc_ids);
}

/// Checks a plan's groups and items: unique numbers, the group and model each item names, cites.
fn check_items(
    c: &mut Checker<'_>,
    path: &std::path::Path,
    groups: &[Located<crate::model::records::PlanGroup>],
    items: &[Located<crate::model::records::PlanItem>],
    k: &Known<'_>,
) {
    c.unique(groups, "plan group", "number", |g| g.number.clone());
    c.unique(items, "item number", "number", |i| i.number.clone());
    let plan_groups: Keys<String> = groups.iter().map(|g| g.number.clone()).collect();
    for g in groups {
        if let Some(cite) = &g.cite {
            c.cite(cite, || g.at("cite"), k.doc_ids);
        }
    }
    for item in items {
        if let Some(g) = &item.group {
            c.reference(
                || item.at("group"),
                "plan group",
                g,
                &plan_groups,
                &display_path(path),
            );
        }
        if let Some(m) = item.model {
            c.reference(
                || item.at("model"),
                "model number",
                &m,
                k.numbers,
                "data/models.toml",
            );
        }
        c.cite(&item.cite, || item.at("cite"), k.doc_ids);
        conflicts(c, &item.conflicts, || item.at("conflict"), k.doc_ids);
        deadline_conflicts(c, item);
    }
}

/// Another place's deadline is kept as written, once, like the item's own: a list of
/// pieces loses the words between them (see `model::deadline::LIST_ERROR`).
fn deadline_conflicts(c: &mut Checker<'_>, item: &Located<crate::model::records::PlanItem>) {
    for (i, k) in item.conflicts.iter().enumerate() {
        if k.field == "deadline" && !k.value.is_str() {
            c.error(
                Rule::DeadlineAsWritten,
                &item.at(&format!("conflict[{i}].value")),
                "the other place's deadline is not one string",
                Some(crate::model::deadline::LIST_ERROR.to_string()),
            );
        }
    }
}
