//! The models and their groups (`data/models.toml`).

use super::checker::{Checker, Keys, conflicts};
use crate::common::diagnostic::Rule;
use crate::load::Located;
use crate::model::records::{Model, ModelGroup};

/// Checks the groups and the models; returns the known model numbers.
pub(super) fn check(
    c: &mut Checker<'_>,
    groups: &[Located<ModelGroup>],
    models: &[Located<Model>],
    doc_ids: &Keys<String>,
) -> Keys<u32> {
    c.identifiers(groups, "group", |g| &g.id);
    c.unique(groups, "group", "id", |g| g.id.clone());
    let group_ids: Keys<String> = groups.iter().map(|g| g.id.clone()).collect();
    for g in groups {
        c.cite(&g.cite, || g.at("cite"), doc_ids);
    }
    c.unique(models, "model number", "number", |m| m.number);
    let numbers: Keys<u32> = models.iter().map(|m| m.number).collect();
    for m in models {
        if m.number == 0 {
            c.error(
                Rule::ModelDefinition,
                &m.at("number"),
                "model numbers start at 1",
                Some("a number from 1".into()),
            );
        }
        if let Some(g) = &m.group {
            c.reference(|| m.at("group"), "group", g, &group_ids, "data/models.toml");
        }
        if let Some(cite) = &m.cite {
            c.cite(cite, || m.at("cite"), doc_ids);
        } else if m.title.is_some() || m.goal.is_some() {
            c.error(
                Rule::ModelDefinition,
                &m.at("number"),
                format!("model {} has a title or goal but no cite", m.number),
                Some("cite = { source = \"...\", at = \"...\" }".into()),
            );
        }
        if let Some(cite) = &m.goal_cite {
            c.cite(cite, || m.at("goal_cite"), doc_ids);
        }
        for v in &m.variants {
            c.cite(&v.cite, || m.at("variant"), doc_ids);
        }
        conflicts(c, &m.conflicts, || m.at("conflict"), doc_ids);
    }
    numbers
}
