//! Stage 2, **validate**: check the loaded records against each other and
//! turn them into a [`Dataset`] whose references are known to resolve.
//!
//! Every problem is reported; validation never stops at the first one. The
//! checks are split by subject, one module each, and run in the order of
//! [`validate`]: the order in which their problems are listed.

mod checker;
mod corrections;
mod figures;
mod indicators;
mod localities;
mod models;
mod plans;
mod reports;
mod services;
mod shortcodes;
mod sources;
pub mod suggest;
mod translations;

use crate::common::calendar::Date;
use crate::common::diagnostic::Diagnostics;
use crate::load::Loaded;
use crate::model::dataset::Dataset;
use crate::model::records::{Indicator, Model};
use checker::Checker;
use rustc_hash::FxHashMap as HashMap;

/// Options of validation that depend on the run, not the data.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// "Today": a report month after this is in the future.
    pub today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            today: Date::today(),
        }
    }
}

/// Validates everything loaded; returns the dataset, whose parts with errors were left out.
pub fn validate(loaded: Loaded, options: Options, diags: &mut Diagnostics) -> Dataset {
    let Loaded {
        sources,
        documents,
        localities,
        groups,
        models,
        indicators,
        plans,
        reports,
        pages,
        sources_to_fill,
        corrections,
        unread,
        rest_fingerprint,
        root,
        translations: translation_files,
        config,
        ..
    } = loaded;
    let mut c = Checker {
        sources: &sources,
        diags,
        unread: &unread,
    };
    let doc_ids = sources::check(&mut c, &documents, &sources_to_fill, &reports, &root);
    let slugs = localities::check(&mut c, &localities, &documents, &doc_ids);
    let places = localities::order(&localities, &mut c);
    let numbers = models::check(&mut c, &groups, &models, &doc_ids);
    let indicator_ids = indicators::check(&mut c, &indicators, &doc_ids);
    let plan_known = plans::Known {
        slugs: &slugs,
        numbers: &numbers,
        doc_ids: &doc_ids,
    };
    let plans = plans::check(&mut c, plans, &plan_known);
    let by_id: HashMap<&str, &Indicator> = indicators
        .iter()
        .map(|i| (i.id.as_str(), &i.record))
        .collect();
    let month_known = reports::Known {
        options,
        today: options.today.month(),
        slugs: &slugs,
        doc_ids: &doc_ids,
        by_id: &by_id,
        indicator_ids: &indicator_ids,
        numbers: &numbers,
    };
    let originals = translations::Originals::new(&translations::Data {
        documents: &documents,
        places: &places,
        groups: &groups,
        models: &models,
        indicators: &indicators,
        reports: &reports,
    });
    let month_reports = reports::check(&mut c, reports, &month_known);
    let corrections =
        corrections::check(&mut c, corrections, &month_reports, &doc_ids, options.today);
    shortcodes::check(&mut c, &pages, &indicators, &slugs, &month_reports);
    // The languages whose untranslated texts are reported: the other languages site.toml
    // declares (a file for a language the site does not publish is checked, not shown).
    let languages: Vec<String> = config
        .languages
        .keys()
        .filter(|l| **l != config.language)
        .cloned()
        .collect();
    let translations = translations::check(
        &mut c,
        &translation_files,
        &originals,
        &config.language,
        &languages,
    );

    let mut models: Vec<Model> = models.into_iter().map(|m| m.record).collect();
    models.sort_by_key(|m| m.number);
    Dataset {
        sources: documents.into_iter().map(|d| d.record).collect(),
        localities: places,
        groups: groups.into_iter().map(|g| g.record).collect(),
        models,
        indicators: indicators.into_iter().map(|i| i.record).collect(),
        plans,
        reports: month_reports,
        pages: pages.into_iter().filter(|p| !p.front.draft).collect(),
        corrections,
        translations,
        // Read by load, carried through: with the figures' own, what an output made
        // from the data depends on (the options only decide errors, so they are not).
        rest_fingerprint,
    }
}
