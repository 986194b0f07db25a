//! The localities (`data/localities.toml`): slugs, parents and successors, and
//! their order on the site.

use super::checker::{Checker, Keys};
use crate::common::diagnostic::Rule;
use crate::common::text::slugify;
use crate::load::Located;
use crate::model::dataset::Place;
use crate::model::records::{Locality, Source};
use std::collections::{BTreeMap, BTreeSet};

/// A locality's slug: derived from its (NFC) name unless given, so a name typed either way is one identity.
pub(super) fn slug_of(l: &Locality) -> String {
    l.slug.clone().unwrap_or_else(|| slugify(&l.name))
}

/// Where a slug's problem is shown: at the slug if given, otherwise at the name it was made from.
fn slug_field(l: &Locality) -> &'static str {
    if l.slug.is_some() { "slug" } else { "name" }
}

/// Checks the localities and the documents' localities; returns the known slugs.
pub(super) fn check(
    c: &mut Checker<'_>,
    localities: &[Located<Locality>],
    documents: &[Located<Source>],
    doc_ids: &Keys<String>,
) -> Keys<String> {
    c.unique_at(localities, "locality", slug_field, slug_of);
    let slugs: Keys<String> = localities.iter().map(|l| slug_of(l)).collect();
    for l in localities {
        let slug = slug_of(l);
        if slug.is_empty() || slug != slugify(&slug) {
            c.error(
                Rule::InvalidId,
                &l.at(slug_field(l)),
                format!("`{slug}` is not a usable slug"),
                Some("lower-case letters, digits and single dashes".into()),
            );
        }
        if let Some(p) = &l.parent
            && c.reference(
                || l.at("parent"),
                "locality",
                p,
                &slugs,
                "data/localities.toml",
            )
            && *p == slug
        {
            c.error(
                Rule::LocalityTree,
                &l.at("parent"),
                "a locality cannot be its own parent",
                None,
            );
        }
        for s in &l.successors {
            c.reference(
                || l.at("successors"),
                "locality",
                s,
                &slugs,
                "data/localities.toml",
            );
        }
        if let (Some(a), Some(b)) = (l.valid_from, l.valid_to)
            && a > b
        {
            c.error(
                Rule::LocalityTree,
                &l.at("valid_to"),
                format!("valid_to {b} is before valid_from {a}"),
                Some("a validity period that ends after it starts".into()),
            );
        }
        c.cite(&l.cite, || l.at("cite"), doc_ids);
    }
    for d in documents {
        c.reference(
            || d.at("locality"),
            "locality",
            &d.locality,
            &slugs,
            "data/localities.toml",
        );
    }
    slugs
}

/// Orders localities parents first (then by kind and name) and reports cycles.
pub(super) fn order(list: &[Located<Locality>], c: &mut Checker<'_>) -> Vec<Place> {
    let mut by_parent: BTreeMap<Option<String>, Vec<&Located<Locality>>> = BTreeMap::new();
    for l in list {
        by_parent.entry(l.parent.clone()).or_default().push(l);
    }
    for kids in by_parent.values_mut() {
        kids.sort_by_key(|a| (a.kind, slug_of(a)));
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Located<Locality>> = by_parent.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(l) = stack.pop() {
        let slug = slug_of(l);
        if !seen.insert(slug.clone()) {
            continue;
        }
        if let Some(kids) = by_parent.get(&Some(slug.clone())) {
            stack.extend(kids.iter().rev());
        }
        let mut record = l.record.clone();
        record.slug = Some(slug.clone());
        out.push(Place { slug, record });
    }
    for l in list {
        let slug = slug_of(l);
        if !seen.contains(&slug)
            && l.parent
                .as_deref()
                .is_some_and(|p| list.iter().any(|x| slug_of(x) == p))
        {
            c.error(
                Rule::LocalityTree,
                &l.at("parent"),
                format!("locality `{slug}` is inside a cycle of parents"),
                Some("parents that lead up to a province".into()),
            );
        }
    }
    out
}
