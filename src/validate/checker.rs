//! The checker every subject's checks report through, and the checks shared by
//! subjects: references to known keys, cites, ids and duplicate keys.

use super::suggest::distance;
use crate::common::diagnostic::{Diagnostics, Loc, Rule, Severity};
use crate::load::{Located, Sources, ToFill};
use crate::model::records::{Cite, Conflict};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::hash::Hash;

/// Known keys that records refer to: probed once per reference (a national
/// month has tens of thousands of figures, each naming an indicator, a locality
/// and a source), so hashed rather than ordered.
pub(super) type Keys<K> = rustc_hash::FxHashSet<K>;

/// A figure's (indicator, locality), shown as `indicator @ locality`.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct At<'a>(pub(super) &'a str, pub(super) &'a str);

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} @ {}", self.0, self.1)
    }
}

/// Reports problems at the records' locations.
pub(super) struct Checker<'a> {
    /// The text of every file read, to locate problems.
    pub(super) sources: &'a Sources,
    /// Where problems go.
    pub(super) diags: &'a mut Diagnostics,
    /// Files that could not be read: references into them are not reported.
    pub(super) unread: &'a BTreeSet<String>,
}

impl Checker<'_> {
    /// Reports an error under `rule` at `loc`: what is wrong, and what was expected.
    pub(super) fn error(
        &mut self,
        rule: Rule,
        loc: &Loc,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        self.sources
            .report(self.diags, rule, Severity::Error, loc, message, expected);
    }

    /// Reports a warning under `rule` at `loc`.
    pub(super) fn warn(
        &mut self,
        rule: Rule,
        loc: &Loc,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        self.sources
            .report(self.diags, rule, Severity::Warning, loc, message, expected);
    }

    /// Lists a record still to fill in: a warning while its report is a draft, an error once final.
    pub(super) fn pending(&mut self, pending: &ToFill, draft: bool, expected: &str) {
        let (severity, why) = if draft {
            (Severity::Warning, "the report is a draft")
        } else {
            (Severity::Error, "a final report must be complete")
        };
        self.sources.report(
            self.diags,
            Rule::StillToFill,
            severity,
            &pending.loc,
            format!("still to fill in: {} ({why})", pending.what),
            Some(expected.to_string()),
        );
    }

    /// Reports a reference to an unknown key, suggesting the closest known one.
    /// The location is found only then: most references are to known keys, and
    /// a national data set has hundreds of thousands of them.
    pub(super) fn reference<K: Hash + Eq + std::fmt::Display>(
        &mut self,
        loc: impl FnOnce() -> Loc,
        what: &str,
        key: &K,
        known: &Keys<K>,
        file: &str,
    ) -> bool {
        if known.contains(key) {
            return true;
        }
        if self.unread.contains(file) {
            return false;
        }
        let key_s = key.to_string();
        let closest = known
            .iter()
            .map(|k| (distance(&key_s, &k.to_string()), k.to_string()))
            .min();
        let expected = match closest {
            Some((d, k)) if d <= 3 => format!(
                "{} defined in {file}; did you mean `{k}`?",
                with_article(what)
            ),
            _ => format!("{} defined in {file}", with_article(what)),
        };
        self.error(
            Rule::UnknownReference,
            &loc(),
            format!("unknown {what} `{key_s}`"),
            Some(expected),
        );
        false
    }

    pub(super) fn cite(&mut self, cite: &Cite, loc: impl Fn() -> Loc, docs: &Keys<String>) {
        self.reference(&loc, "source", &cite.source, docs, "data/sources.toml");
        if cite.at.trim().is_empty() {
            self.error(
                Rule::CiteWithoutPlace,
                &loc(),
                "the cite does not say where in the source",
                Some("at = \"Mục ...\" or \"Phụ lục ..., STT ...\"".into()),
            );
        }
    }

    /// Reports records whose key repeats one seen before.
    /// Ids end up in URLs and file names (`/chi-so/<id>/`, `chi-so-<id>.csv`): only
    /// ASCII letters and digits, joined by single dashes, so that no id can spell a path.
    pub(super) fn identifiers<T>(
        &mut self,
        items: &[Located<T>],
        what: &str,
        key: impl Fn(&T) -> &str,
    ) {
        for item in items {
            let id = key(&item.record);
            let ok = !id.is_empty()
                && id
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
            if !ok {
                self.error(
                    Rule::InvalidId,
                    &item.at("id"),
                    format!("{what} `{id}` is not a usable id"),
                    Some("ASCII letters and digits joined by single dashes, such as `eid-accounts-activated`".into()),
                );
            }
        }
    }

    pub(super) fn unique<'i, T: 'i, K: Hash + Eq + std::fmt::Display>(
        &mut self,
        items: impl IntoIterator<Item = &'i Located<T>>,
        what: &str,
        field: &str,
        key: impl Fn(&'i T) -> K,
    ) {
        self.unique_at(items, what, |_| field, key);
    }

    /// Like [`Checker::unique`], with the field to point at chosen per record.
    pub(super) fn unique_at<'i, 'f, T: 'i, K: Hash + Eq + std::fmt::Display>(
        &mut self,
        items: impl IntoIterator<Item = &'i Located<T>>,
        what: &str,
        field: impl Fn(&T) -> &'f str,
        key: impl Fn(&'i T) -> K,
    ) {
        let items = items.into_iter();
        // The first record of each key, whose location is found only if the key repeats
        // (a national month has tens of thousands of figures, and few repeat).
        let mut seen: HashMap<K, &'i Located<T>> =
            HashMap::with_capacity_and_hasher(items.size_hint().0, Default::default());
        for item in items {
            let k = key(&item.record);
            if let Some(first) = seen.get(&k) {
                let first = first.at(field(&first.record));
                let first_line = self.sources.get(first.file).line_col(first.span.start).0;
                let first_file = self.sources.get(first.file).name.clone();
                self.error(
                    Rule::DuplicateKey,
                    &item.at(field(&item.record)),
                    format!("duplicate {what} `{k}`"),
                    Some(format!(
                        "{} not already defined at {first_file}:{first_line}",
                        with_article(what)
                    )),
                );
            } else {
                seen.insert(k, item);
            }
        }
    }
}

/// Checks the cites of the places that disagree with a record.
pub(super) fn conflicts(
    c: &mut Checker<'_>,
    list: &[Conflict],
    loc: impl Fn() -> Loc,
    docs: &Keys<String>,
) {
    for k in list {
        c.cite(&k.cite, &loc, docs);
    }
}

/// `an indicator`, `a model`: the kinds of record named in messages are plain English nouns.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}
