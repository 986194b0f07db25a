//! The localities (`data/localities.toml`): slugs, parents, validity and
//! successors, and their order on the site.

use super::checker::{Checker, Keys};
use crate::common::diagnostic::Rule;
use crate::common::text::slugify;
use crate::load::Located;
use crate::model::dataset::Place;
use crate::model::records::{Locality, Source};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
        c.cite(&l.cite, || l.at("cite"), doc_ids);
    }
    validity::check(c, localities, doc_ids);
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

/// The validity of localities: dates, successors and the text that states them.
mod validity {
    use super::{BTreeSet, HashMap};
    use super::{Checker, Keys, Locality, Located, Rule, slug_of};

    /// Checks every locality's validity against its citation, its successors and its parent.
    pub(super) fn check(
        c: &mut Checker<'_>,
        localities: &[Located<Locality>],
        doc_ids: &Keys<String>,
    ) {
        let by_slug: HashMap<String, &Located<Locality>> =
            localities.iter().map(|l| (slug_of(l), l)).collect();
        for l in localities {
            cited(c, l, doc_ids);
            if let (Some(a), Some(b)) = (l.valid_from, l.valid_to)
                && a >= b
            {
                c.error(
                    Rule::LocalityValidity,
                    &l.at("valid_until"),
                    format!("valid_until {b} is not after valid_from {a}"),
                    Some(
                        "valid_until: the first day the unit no longer exists, after valid_from"
                            .into(),
                    ),
                );
            }
            successors(c, l, &by_slug);
            if let Some(p) = l.parent.as_ref().and_then(|p| by_slug.get(p)) {
                within_parent(c, l, p);
            }
        }
    }

    /// Dates and successors need the text that states them; a citation needs something to cite.
    fn cited(c: &mut Checker<'_>, l: &Located<Locality>, doc_ids: &Keys<String>) {
        let field = if l.valid_from.is_some() {
            Some("valid_from")
        } else if l.valid_to.is_some() {
            Some("valid_until")
        } else if !l.successors.is_empty() {
            Some("successors")
        } else {
            None
        };
        match (&l.validity_cite, field) {
            (Some(cite), Some(_)) => c.cite(cite, || l.at("validity_cite"), doc_ids),
            (Some(_), None) => c.error(
                Rule::LocalityValidity,
                &l.at("validity_cite"),
                "`validity_cite` cites nothing: the locality has no valid_from, valid_until or successors",
                Some("remove it, or add the dates and successors the text states".into()),
            ),
            (None, Some(field)) => c.error(
                Rule::LocalityValidity,
                &l.at(field),
                format!("`{field}` without `validity_cite`: a unit's dates and successors cite the text that states them"),
                Some("validity_cite = { source = \"<legal text id>\", at = \"<article, clause>\" }".into()),
            ),
            (None, None) => {}
        }
    }

    /// A successor is another unit, named once, that begins the day this one ends.
    fn successors(
        c: &mut Checker<'_>,
        l: &Located<Locality>,
        by_slug: &HashMap<String, &Located<Locality>>,
    ) {
        let slug = slug_of(l);
        if !l.successors.is_empty() && l.valid_to.is_none() {
            c.error(
                Rule::LocalityValidity,
                &l.at("successors"),
                "successors without valid_until: a unit that still exists has no successors",
                Some("valid_until = \"YYYY-MM-DD\", the day its successors took over".into()),
            );
        }
        let mut seen = BTreeSet::new();
        for s in &l.successors {
            if !seen.insert(s) {
                c.error(
                    Rule::LocalityValidity,
                    &l.at("successors"),
                    format!("successor `{s}` is named twice"),
                    None,
                );
            }
            if *s == slug {
                c.error(
                    Rule::LocalityValidity,
                    &l.at("successors"),
                    "a locality cannot be its own successor",
                    None,
                );
            }
            // An unknown slug is reported by the reference check.
            let Some(next) = by_slug.get(s) else { continue };
            match (l.valid_to, next.valid_from) {
                (Some(end), Some(start)) if end != start => c.error(
                    Rule::LocalityValidity,
                    &l.at("successors"),
                    format!("successor `{s}` begins on {start} but `{slug}` ends on {end}"),
                    Some("the successor's valid_from equal to this valid_until: the day it took over".into()),
                ),
                (Some(end), None) => c.error(
                    Rule::LocalityValidity,
                    &l.at("successors"),
                    format!("successor `{s}` has no valid_from"),
                    Some(format!("valid_from = \"{end}\" on `{s}`, with its validity_cite")),
                ),
                _ => {}
            }
        }
    }

    /// A unit exists only while its parent does.
    fn within_parent(c: &mut Checker<'_>, l: &Located<Locality>, p: &Located<Locality>) {
        let parent = slug_of(p);
        if let Some(end) = p.valid_to {
            if l.valid_to.is_none_or(|e| e > end) {
                c.error(
                    Rule::LocalityValidity,
                    &l.at(if l.valid_to.is_some() {
                        "valid_until"
                    } else {
                        "parent"
                    }),
                    format!(
                        "`{}` outlives its parent `{parent}`, which ends on {end}",
                        slug_of(l)
                    ),
                    Some(format!(
                        "valid_until = \"{end}\" or earlier, or a parent that still exists"
                    )),
                );
            }
            if let Some(start) = l.valid_from.filter(|s| *s >= end) {
                c.error(
                    Rule::LocalityValidity,
                    &l.at("valid_from"),
                    format!("begins on {start}, when its parent `{parent}` no longer exists (from {end})"),
                    Some("a parent that exists on the unit's valid_from".into()),
                );
            }
        }
        if let (Some(ps), Some(s)) = (p.valid_from, l.valid_from)
            && s < ps
        {
            c.error(
                Rule::LocalityValidity,
                &l.at("valid_from"),
                format!("begins on {s}, before its parent `{parent}` (from {ps})"),
                Some("a valid_from on or after the parent's".into()),
            );
        }
    }
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
