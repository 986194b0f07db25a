//! The alphabetical index: every locality, model and indicator, each linked,
//! under its initial letter in Vietnamese alphabetical order (the page that
//! helps without JavaScript; issue 27's search is to put its box on top).

use crate::common::text::{initial, sort_key};
use crate::model::index::locality_name;
use crate::paths as url;
use crate::site::views::context;
use crate::site::views::index_az::{AzEntry, AzKind, AzLetter, IndexAzView};
use crate::site::{Context, Graph, PageSpec};

/// Adds the alphabetical index.
pub(crate) fn add(g: &mut Graph<'_, '_>) {
    let letters = letters(g);
    let count = letters.iter().map(|l| l.entries.len()).sum();
    g.pages.push(PageSpec::new(
        url::INDEX_AZ,
        "index_az.html",
        g.labels.index_az.clone(),
        Context::Ready(context(IndexAzView { letters, count })),
    ));
}

/// Every locality, model and indicator under its letter, in alphabetical order
/// (the search page links to the letters too).
pub(crate) fn letters(g: &Graph<'_, '_>) -> Vec<AzLetter> {
    let ds = g.ds;
    let named = |l: &crate::model::dataset::Place| g.labels.named(l.record.kind, &l.record.name);
    // Units of one kind and name (an old and a new "Xã Trung Thành") are told apart by their parent.
    let mut same: std::collections::HashMap<String, usize> = Default::default();
    for l in &ds.localities {
        *same.entry(named(l)).or_default() += 1;
    }
    let localities = ds.localities.iter().map(|l| AzEntry {
        label: match &l.record.parent {
            Some(p) if same.get(&named(l)).is_some_and(|n| *n > 1) => {
                format!("{} ({})", named(l), locality_name(ds, p))
            }
            _ => named(l),
        },
        sort_name: l.record.name.clone(),
        url: url::locality(&l.slug),
        kind: AzKind::Locality,
        number: None,
    });
    let models = ds.models.iter().map(|m| AzEntry {
        label: m.title.clone().unwrap_or_default(),
        sort_name: m.title.clone().unwrap_or_default(),
        url: url::model(m.number),
        kind: AzKind::Model,
        number: Some(m.number),
    });
    let indicators = ds.indicators.iter().map(|i| AzEntry {
        label: i.name.clone(),
        sort_name: i.name.clone(),
        url: url::indicator(&i.id),
        kind: AzKind::Indicator,
        number: None,
    });
    let mut entries: Vec<AzEntry> = localities.chain(models).chain(indicators).collect();
    // A model without a title is filed by what it is called then, "Mô hình {number}":
    // under the words, then by its number (2 before 12).
    let model_n = g.labels.model.replace("{number}", "").trim().to_string();
    let filed = |e: &AzEntry| match (e.kind, e.sort_name.is_empty()) {
        (AzKind::Model, true) => model_n.clone(),
        _ => e.sort_name.clone(),
    };
    entries.sort_by_cached_key(|e| (sort_key(&filed(e)), e.kind as u8, e.number, e.url.clone()));
    let mut letters: Vec<AzLetter> = Vec::new();
    for e in entries {
        let letter = initial(&filed(&e)).unwrap_or_else(|| "#".into());
        match letters.last_mut() {
            Some(l) if l.letter == letter => l.entries.push(e),
            _ => letters.push(AzLetter {
                id: telex(&letter),
                letter,
                entries: vec![e],
            }),
        }
    }
    letters
}

/// A letter as an ASCII id, written as Telex types it ("Â" → `aa`, "Đ" → `dd`, "Ư" → `uw`).
fn telex(letter: &str) -> String {
    let id = match letter {
        "Ă" => "aw",
        "Â" => "aa",
        "Đ" => "dd",
        "Ê" => "ee",
        "Ô" => "oo",
        "Ơ" => "ow",
        "Ư" => "uw",
        other => return format!("chu-{}", crate::common::text::slugify(other)),
    };
    format!("chu-{id}")
}
