//! Stage 2, **validate**: check the loaded records against each other and
//! turn them into a [`Dataset`] whose references are known to resolve.
//!
//! Every problem is reported; validation never stops at the first one.

use crate::calendar::{Date, Month};
use crate::diagnostic::{Diagnostics, Loc, Severity};
use crate::load::{Loaded, Located, Sources, content::Page};
use crate::schema::*;
use crate::text::slugify;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hash;

/// Known keys that records refer to: probed once per reference (a national
/// month has tens of thousands of figures, each naming an indicator, a locality
/// and a source), so hashed rather than ordered.
type Keys<K> = rustc_hash::FxHashSet<K>;

/// A figure's (indicator, locality), shown as `indicator @ locality`.
#[derive(PartialEq, Eq, Hash)]
struct At<'a>(&'a str, &'a str);

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} @ {}", self.0, self.1)
    }
}

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
    /// Fingerprint of the record's text (see [`crate::incremental::split_inputs`]).
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
    /// Fingerprint of everything read but the figures' own records (see
    /// [`crate::incremental::split_inputs`]): with the figures' fingerprints,
    /// what an output made from the data depends on.
    #[serde(skip)]
    pub rest_fingerprint: crate::incremental::Fp,
}

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

struct Checker<'a> {
    sources: &'a Sources,
    diags: &'a mut Diagnostics,
    /// Files that could not be read: references into them are not reported.
    unread: &'a BTreeSet<String>,
}

impl Checker<'_> {
    fn error(&mut self, loc: &Loc, message: impl Into<String>, expected: Option<String>) {
        self.sources
            .report(self.diags, Severity::Error, loc, message, expected);
    }

    fn warn(&mut self, loc: &Loc, message: impl Into<String>, expected: Option<String>) {
        self.sources
            .report(self.diags, Severity::Warning, loc, message, expected);
    }

    /// Lists a record still to fill in: a warning while its report is a draft, an error once final.
    fn pending(&mut self, pending: &crate::load::ToFill, draft: bool, expected: &str) {
        let (severity, why) = if draft {
            (Severity::Warning, "the report is a draft")
        } else {
            (Severity::Error, "a final report must be complete")
        };
        self.sources.report(
            self.diags,
            severity,
            &pending.loc,
            format!("still to fill in: {} ({why})", pending.what),
            Some(expected.to_string()),
        );
    }

    /// Reports a reference to an unknown key, suggesting the closest known one.
    /// The location is found only then: most references are to known keys, and
    /// a national data set has hundreds of thousands of them.
    fn reference<K: Hash + Eq + std::fmt::Display>(
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
            Some((d, k)) if d <= 3 => format!("a {what} defined in {file}; did you mean `{k}`?"),
            _ => format!("a {what} defined in {file}"),
        };
        self.error(&loc(), format!("unknown {what} `{key_s}`"), Some(expected));
        false
    }

    fn cite(&mut self, cite: &Cite, loc: impl Fn() -> Loc, docs: &Keys<String>) {
        self.reference(&loc, "source", &cite.source, docs, "data/sources.toml");
        if cite.at.trim().is_empty() {
            self.error(
                &loc(),
                "the cite does not say where in the source",
                Some("at = \"Mục ...\" or \"Phụ lục ..., STT ...\"".into()),
            );
        }
    }

    /// Reports records whose key repeats one seen before.
    /// Ids end up in URLs and file names (`/chi-so/<id>/`, `chi-so-<id>.csv`): only
    /// ASCII letters and digits, joined by single dashes, so that no id can spell a path.
    fn identifiers<T>(&mut self, items: &[Located<T>], what: &str, key: impl Fn(&T) -> &str) {
        for item in items {
            let id = key(&item.record);
            let ok = !id.is_empty()
                && id
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
            if !ok {
                self.error(
                    &item.at("id"),
                    format!("{what} `{id}` is not a usable id"),
                    Some("ASCII letters and digits joined by single dashes, such as `eid-accounts-activated`".into()),
                );
            }
        }
    }

    fn unique<'i, T: 'i, K: Hash + Eq + std::fmt::Display>(
        &mut self,
        items: impl IntoIterator<Item = &'i Located<T>>,
        what: &str,
        field: &str,
        key: impl Fn(&'i T) -> K,
    ) {
        self.unique_at(items, what, |_| field, key);
    }

    /// Like [`Checker::unique`], with the field to point at chosen per record.
    fn unique_at<'i, 'f, T: 'i, K: Hash + Eq + std::fmt::Display>(
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
                    &item.at(field(&item.record)),
                    format!("duplicate {what} `{k}`"),
                    Some(format!(
                        "a {what} not already defined at {first_file}:{first_line}"
                    )),
                );
            } else {
                seen.insert(k, item);
            }
        }
    }
}

/// Levenshtein distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Decimal places of a number as typed: `23.03` → 2, `100` → 0.
pub fn decimals(x: f64) -> usize {
    let s = format!("{x}");
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

/// A rate indicator's value for one locality in one month's figures, computed from its
/// numerator and denominator: `(rate in percent, numerator, denominator)`.
pub fn computed_rate(
    figures: &[Figure],
    indicator: &Indicator,
    locality: &str,
) -> Option<(f64, f64, f64)> {
    let part = |id: &Option<String>| {
        figures
            .iter()
            .find(|f| Some(&f.record.indicator) == id.as_ref() && f.locality() == locality)
            .and_then(|f| f.record.value)
    };
    rate_of(part(&indicator.numerator), part(&indicator.denominator))
}

/// A rate in percent from its numerator's and denominator's figures: `(rate, numerator, denominator)`.
fn rate_of(n: Option<f64>, d: Option<f64>) -> Option<(f64, f64, f64)> {
    match (n, d) {
        (Some(n), Some(d)) if d > 0.0 => Some((n * 100.0 / d, n, d)),
        _ => None,
    }
}

/// Whether a printed rate agrees with the computed one to the precision it was printed with.
pub fn rate_agrees(stated: f64, computed: f64) -> bool {
    let unit = 10f64.powi(-(decimals(stated) as i32));
    (stated - computed).abs() < unit + 1e-9
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
        ..
    } = loaded;
    // The options (today) only decide errors: a build that passes makes the same data
    // whatever they are, so they are not an input of what it makes.
    let inputs = crate::incremental::split_inputs(&sources, &reports);
    let mut c = Checker {
        sources: &sources,
        diags,
        unread: &unread,
    };

    c.identifiers(&documents, "source", |s| &s.id);
    c.unique(&documents, "source id", "id", |s| s.id.clone());
    let mut doc_ids: Keys<String> = documents.iter().map(|d| d.id.clone()).collect();
    // A document still to fill in may be cited already; `check` lists it below.
    doc_ids.extend(sources_to_fill.iter().map(|(id, _)| id.clone()));
    for (id, pending) in &sources_to_fill {
        // Only a draft report may rest on a document not yet described.
        let draft_only = reports
            .iter()
            .filter_map(|r| r.report.as_ref())
            .all(|r| r.source != *id || r.status == crate::schema::ReportStatus::Draft);
        c.pending(
            pending,
            draft_only,
            "the document's number, date, title and file, then delete `to_fill = true`",
        );
    }

    // Localities: slugs derived from the (NFC) names, so a name typed either way is one identity.
    let slug_of = |l: &Locality| l.slug.clone().unwrap_or_else(|| slugify(&l.name));
    // A clash of explicit slugs is shown at the slug; otherwise at the name it was made from.
    let slug_field = |l: &Locality| if l.slug.is_some() { "slug" } else { "name" };
    c.unique_at(&localities, "locality", slug_field, slug_of);
    let slugs: Keys<String> = localities.iter().map(|l| slug_of(l)).collect();
    for l in &localities {
        let slug = slug_of(l);
        if slug.is_empty() || slug != slugify(&slug) {
            c.error(
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
            c.error(&l.at("parent"), "a locality cannot be its own parent", None);
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
                &l.at("valid_to"),
                format!("valid_to {b} is before valid_from {a}"),
                Some("a validity period that ends after it starts".into()),
            );
        }
        c.cite(&l.cite, || l.at("cite"), &doc_ids);
    }
    for d in &documents {
        c.reference(
            || d.at("locality"),
            "locality",
            &d.locality,
            &slugs,
            "data/localities.toml",
        );
    }
    let places = order_localities(&localities, slug_of, &mut c);

    c.identifiers(&groups, "group", |g| &g.id);
    c.unique(&groups, "group", "id", |g| g.id.clone());
    let group_ids: Keys<String> = groups.iter().map(|g| g.id.clone()).collect();
    for g in &groups {
        c.cite(&g.cite, || g.at("cite"), &doc_ids);
    }
    c.unique(&models, "model number", "number", |m| m.number);
    let numbers: Keys<u32> = models.iter().map(|m| m.number).collect();
    for m in &models {
        if m.number == 0 {
            c.error(
                &m.at("number"),
                "model numbers start at 1",
                Some("a number from 1".into()),
            );
        }
        if let Some(g) = &m.group {
            c.reference(|| m.at("group"), "group", g, &group_ids, "data/models.toml");
        }
        if let Some(cite) = &m.cite {
            c.cite(cite, || m.at("cite"), &doc_ids);
        } else if m.title.is_some() || m.goal.is_some() {
            c.error(
                &m.at("number"),
                format!("model {} has a title or goal but no cite", m.number),
                Some("cite = { source = \"...\", at = \"...\" }".into()),
            );
        }
        if let Some(cite) = &m.goal_cite {
            c.cite(cite, || m.at("goal_cite"), &doc_ids);
        }
        for v in &m.variants {
            c.cite(&v.cite, || m.at("variant"), &doc_ids);
        }
        conflicts(&mut c, &m.conflicts, || m.at("conflict"), &doc_ids);
    }

    c.identifiers(&indicators, "indicator", |i| &i.id);
    c.unique(&indicators, "indicator", "id", |i| i.id.clone());
    let indicator_ids: Keys<String> = indicators.iter().map(|i| i.id.clone()).collect();
    let by_id: HashMap<&str, &Indicator> = indicators
        .iter()
        .map(|i| (i.id.as_str(), &i.record))
        .collect();
    for i in &indicators {
        c.cite(&i.cite, || i.at("cite"), &doc_ids);
        for (field, target) in [
            ("numerator", &i.numerator),
            ("denominator", &i.denominator),
            ("part_of", &i.part_of),
        ] {
            if let Some(t) = target
                && c.reference(
                    || i.at(field),
                    "indicator",
                    t,
                    &indicator_ids,
                    "data/indicators.toml",
                )
                && *t == i.id
            {
                c.error(
                    &i.at(field),
                    format!("indicator `{}` refers to itself", i.id),
                    None,
                );
            }
        }
        match (&i.numerator, &i.denominator) {
            (Some(_), None) | (None, Some(_)) => c.error(
                &i.at("numerator"),
                "a rate needs both numerator and denominator",
                Some("numerator = \"...\" and denominator = \"...\"".into()),
            ),
            (Some(_), Some(_)) if i.unit != Unit::Percent => c.error(
                &i.at("unit"),
                "an indicator with numerator and denominator is a rate",
                Some("unit = \"percent\"".into()),
            ),
            _ => {}
        }
    }

    // Plans.
    let mut plan_entries = Vec::new();
    let mut plan_localities: BTreeMap<String, Loc> = BTreeMap::new();
    for file in plans {
        let Some(plan) = file.plan else {
            if !c
                .diags
                .iter()
                .any(|d| d.file == crate::diagnostic::display_path(&file.path))
            {
                c.diags.file_error(
                    &file.path,
                    "the plan file has no [plan] table",
                    Some("[plan] with locality, kind, title and cite".into()),
                );
            }
            continue;
        };
        if c.reference(
            || plan.at("locality"),
            "locality",
            &plan.locality,
            &slugs,
            "data/localities.toml",
        ) {
            if let Some(first) = plan_localities.get(&plan.locality) {
                let line = c.sources.get(first.file).line_col(first.span.start).0;
                let other = c.sources.get(first.file).name.clone();
                c.error(
                    &plan.at("locality"),
                    format!("a second plan for `{}`", plan.locality),
                    Some(format!(
                        "one plan per locality (the other is {other}:{line})"
                    )),
                );
            }
            plan_localities.insert(plan.locality.clone(), plan.at("locality"));
        }
        c.cite(&plan.cite, || plan.at("cite"), &doc_ids);
        conflicts(&mut c, &plan.conflicts, || plan.at("conflict"), &doc_ids);
        c.unique(&file.groups, "plan group", "number", |g| g.number.clone());
        c.unique(&file.items, "item number", "number", |i| i.number.clone());
        let plan_groups: Keys<String> = file.groups.iter().map(|g| g.number.clone()).collect();
        for g in &file.groups {
            if let Some(cite) = &g.cite {
                c.cite(cite, || g.at("cite"), &doc_ids);
            }
        }
        for item in &file.items {
            if let Some(g) = &item.group {
                c.reference(
                    || item.at("group"),
                    "plan group",
                    g,
                    &plan_groups,
                    &crate::diagnostic::display_path(&file.path),
                );
            }
            if let Some(m) = item.model {
                c.reference(
                    || item.at("model"),
                    "model number",
                    &m,
                    &numbers,
                    "data/models.toml",
                );
            }
            c.cite(&item.cite, || item.at("cite"), &doc_ids);
            conflicts(&mut c, &item.conflicts, || item.at("conflict"), &doc_ids);
        }
        plan_entries.push(PlanEntry {
            plan: plan.record,
            groups: file.groups.into_iter().map(|g| g.record).collect(),
            items: file.items.into_iter().map(|i| i.record).collect(),
        });
    }
    plan_entries.sort_by(|a, b| a.plan.locality.cmp(&b.plan.locality));

    // Reports.
    let today = options.today.month();
    // Each month is checked on its own, in parallel; its diagnostics are then
    // added in folder order, as a sequential check would have added them.
    let mut months_seen = BTreeSet::new();
    let second: Vec<bool> = reports
        .iter()
        .map(|d| {
            d.report
                .as_ref()
                .is_some_and(|r| !months_seen.insert(r.month))
        })
        .collect();
    let known = Known {
        options,
        today,
        slugs: &slugs,
        doc_ids: &doc_ids,
        by_id: &by_id,
        indicator_ids: &indicator_ids,
        numbers: &numbers,
    };
    let (sources_ref, unread_ref) = (c.sources, c.unread);
    let checked: Vec<(Diagnostics, Option<MonthReport>)> = {
        use rayon::prelude::*;
        reports
            .into_par_iter()
            .zip(second)
            .zip(inputs.figures)
            .map(|((dir, second), fingerprints)| {
                let mut diags = Diagnostics::default();
                let mut c = Checker {
                    sources: sources_ref,
                    diags: &mut diags,
                    unread: unread_ref,
                };
                let report = check_month(&mut c, dir, fingerprints, second, &known);
                (diags, report)
            })
            .collect()
    };
    let mut month_reports = Vec::new();
    for (diags, report) in checked {
        for d in diags.iter() {
            c.diags.push(d.clone());
        }
        month_reports.extend(report);
    }
    month_reports.sort_by_key(|r| r.report.month);
    let corrections =
        check_corrections(&mut c, corrections, &month_reports, &doc_ids, options.today);

    // Shortcodes of content pages: well-formed, naming an indicator and localities that exist.
    let indicator_ids: BTreeSet<&str> = indicators.iter().map(|i| i.record.id.as_str()).collect();
    // Indexed only when a page has a shortcode to check against the figures.
    let figures = std::cell::OnceCell::new();
    let figures_at = || figures.get_or_init(|| FiguresAt::new(&month_reports, &indicators));
    for p in pages.iter().filter(|p| !p.front.draft) {
        check_shortcodes(&mut c, p, &indicator_ids, &slugs, &figures_at);
    }
    drop(figures);

    let mut models: Vec<Model> = models.into_iter().map(|m| m.record).collect();
    models.sort_by_key(|m| m.number);
    Dataset {
        sources: documents.into_iter().map(|d| d.record).collect(),
        localities: places,
        groups: groups.into_iter().map(|g| g.record).collect(),
        models,
        indicators: indicators.into_iter().map(|i| i.record).collect(),
        plans: plan_entries,
        reports: month_reports,
        pages: pages.into_iter().filter(|p| !p.front.draft).collect(),
        corrections,
        rest_fingerprint: inputs.rest,
    }
}

/// What every month's check refers to.
struct Known<'a> {
    options: Options,
    today: Month,
    slugs: &'a Keys<String>,
    doc_ids: &'a Keys<String>,
    by_id: &'a HashMap<&'a str, &'a Indicator>,
    indicator_ids: &'a Keys<String>,
    numbers: &'a Keys<u32>,
}

/// Checks one report folder; `second` when an earlier folder has a report for the same month.
/// Returns the month's report, with the figures that may be used, if it has one.
fn check_month(
    c: &mut Checker<'_>,
    dir: crate::load::ReportDir,
    fingerprints: Vec<u128>,
    second: bool,
    k: &Known<'_>,
) -> Option<MonthReport> {
    let draft = dir
        .report
        .as_ref()
        .is_some_and(|r| r.status == crate::schema::ReportStatus::Draft);
    for pending in &dir.to_fill {
        c.pending(
            pending,
            draft,
            "the value from the source document, then delete `to_fill = true`",
        );
    }
    if let Some(r) = &dir.report
        && r.title.trim().is_empty()
    {
        let pending = crate::load::ToFill {
            loc: r.at("title"),
            what: "the report's title".into(),
        };
        c.pending(&pending, draft, "the title as the document prints it");
    }
    // Without a readable report.toml the folder's other files are still checked (against the folder's month).
    let Some(month) = dir
        .report
        .as_ref()
        .map(|r| r.month)
        .or_else(|| dir.name.parse().ok())
    else {
        c.diags.file_error(
            &dir.path,
            format!("report folder `{}` is not named after a month", dir.name),
            Some("data/reports/YYYY-MM/".into()),
        );
        return None;
    };
    if let Some(report) = &dir.report {
        if dir.name != report.month.to_string() {
            c.error(
                &report.at("month"),
                format!(
                    "the report for {} is in folder `{}`",
                    report.month, dir.name
                ),
                Some(format!("the folder data/reports/{}/", report.month)),
            );
        }
        if report.month > k.today {
            c.error(
                &report.at("month"),
                format!(
                    "month {} is in the future (today is {})",
                    report.month, k.options.today
                ),
                Some("a month that has begun".into()),
            );
        }
        if second {
            c.error(
                &report.at("month"),
                format!("a second report for {}", report.month),
                Some("one report folder per month".into()),
            );
        }
        c.reference(
            || report.at("locality"),
            "locality",
            &report.locality,
            k.slugs,
            "data/localities.toml",
        );
        c.reference(
            || report.at("source"),
            "source",
            &report.source,
            k.doc_ids,
            "data/sources.toml",
        );
    }

    let default_locality = dir
        .report
        .as_ref()
        .map(|r| r.locality.clone())
        .unwrap_or_default();
    c.unique(
        dir.values.iter().flatten(),
        "figure for indicator and locality",
        "indicator",
        |v| {
            At(
                &v.indicator,
                v.locality.as_deref().unwrap_or(&default_locality),
            )
        },
    );
    let usable: Vec<bool> = dir
        .values
        .iter()
        .flatten()
        .map(|v| check_value(c, v, k.by_id, k.indicator_ids, k.slugs, k.doc_ids, month))
        .collect();
    {
        // The month's usable figures by (indicator, locality), the first of a repeated pair
        // winning, as [`computed_rate`] finds them.
        let mut index: HashMap<(&str, &str), Option<f64>> = HashMap::default();
        for (v, _) in dir
            .values
            .iter()
            .flatten()
            .zip(&usable)
            .filter(|(_, ok)| **ok)
        {
            let locality = v.locality.as_deref().unwrap_or(&default_locality);
            index
                .entry((v.indicator.as_str(), locality))
                .or_insert(v.value);
        }
        for v in dir.values.iter().flatten() {
            let (Some(stated), Some(ind)) = (v.stated, k.by_id.get(v.indicator.as_str())) else {
                continue;
            };
            let locality = v.locality.as_deref().unwrap_or(&default_locality);
            let part = |id: &Option<String>| {
                id.as_deref()
                    .and_then(|id| index.get(&(id, locality)).copied().flatten())
            };
            if let Some((computed, n, d)) = rate_of(part(&ind.numerator), part(&ind.denominator))
                && !rate_agrees(stated, computed)
            {
                c.warn(&v.at("stated"), format!("the printed rate {stated} % of `{}` differs from {n}/{d} = {computed:.2} %", v.indicator), Some("both are shown on the site".into()));
            }
        }
    }
    // Sized at once: a national month holds tens of thousands of figures.
    let mut figures: Vec<Figure> = Vec::with_capacity(usable.iter().filter(|ok| **ok).count());
    figures.extend(
        dir.values
            .into_iter()
            .flatten()
            .zip(usable)
            .zip(fingerprints)
            .filter(|((_, ok), _)| *ok)
            .map(|((v, _), fingerprint)| {
                let mut record = v.record;
                record
                    .locality
                    .get_or_insert_with(|| default_locality.clone());
                Figure {
                    record,
                    fingerprint,
                }
            }),
    );
    c.unique(&dir.statuses, "status for model", "model", |s| s.model);
    for s in &dir.statuses {
        c.reference(
            || s.at("model"),
            "model number",
            &s.model,
            k.numbers,
            "data/models.toml",
        );
        c.cite(&s.cite, || s.at("cite"), k.doc_ids);
        conflicts(c, &s.conflicts, || s.at("conflict"), k.doc_ids);
    }
    c.unique(&dir.service_groups, "service group", "id", |g| {
        format!("{}/{}", g.appendix, g.id)
    });
    for g in &dir.service_groups {
        if let Some(cite) = &g.cite {
            c.cite(cite, || g.at("cite"), k.doc_ids);
        }
    }
    let service_groups: Keys<String> = dir
        .service_groups
        .iter()
        .map(|g| format!("{}/{}", g.appendix, g.id))
        .collect();
    c.unique(&dir.services, "service row", "number", |s| {
        format!("Phụ lục {}, STT {}", s.appendix, s.number)
    });
    for s in &dir.services {
        if let Some(g) = &s.group {
            c.reference(
                || s.at("group"),
                "service group",
                &format!("{}/{}", s.appendix, g),
                &service_groups,
                "the [[group]]s of this services.toml",
            );
        }
        c.cite(&s.cite, || s.at("cite"), k.doc_ids);
        check_figures(c, &s.figures(), &|f| s.at(f), &format!("STT {}", s.number));
        for (i, r) in s.rows.iter().enumerate() {
            check_figures(
                c,
                &r.figures(),
                &|f| s.at(&format!("row[{i}].{f}")),
                &format!("STT {} / {}", s.number, r.name),
            );
        }
        conflicts(c, &s.conflicts, || s.at("conflict"), k.doc_ids);
    }
    let mut statuses: Vec<ModelStatus> = dir.statuses.into_iter().map(|s| s.record).collect();
    statuses.sort_by_key(|s| s.model);
    let report = dir.report?;
    Some(MonthReport {
        report: report.record,
        values: figures,
        statuses,
        service_groups: dir.service_groups.into_iter().map(|g| g.record).collect(),
        services: dir.services.into_iter().map(|s| s.record).collect(),
    })
}

fn conflicts(c: &mut Checker<'_>, list: &[Conflict], loc: impl Fn() -> Loc, docs: &Keys<String>) {
    for k in list {
        c.cite(&k.cite, &loc, docs);
    }
}

/// Corrections must name a figure that exists and whose value is now `new`.
fn check_corrections(
    c: &mut Checker<'_>,
    corrections: Vec<Located<Correction>>,
    reports: &[MonthReport],
    docs: &Keys<String>,
    today: Date,
) -> Vec<Correction> {
    let mut out = Vec::new();
    for k in corrections {
        c.cite(&k.cite, || k.at("cite"), docs);
        let mut ok = true;
        if k.date > today {
            c.error(
                &k.at("date"),
                format!("correction dated {} is in the future", k.date),
                Some("the day the correction was made public".into()),
            );
            ok = false;
        }
        if k.reason.trim().is_empty() {
            c.error(
                &k.at("reason"),
                "a correction needs its reason",
                Some("why the figure changed, in plain words".into()),
            );
            ok = false;
        }
        if k.old == k.new {
            c.error(
                &k.at("new"),
                "`old` and `new` are the same value",
                Some("the value first published as `old`, the corrected one as `new`".into()),
            );
            ok = false;
        }
        let Some(report) = reports.iter().find(|r| r.report.month == k.month) else {
            c.error(
                &k.at("month"),
                format!("no report for {} to correct", k.month),
                Some("the month of a report in data/reports/".into()),
            );
            continue;
        };
        let locality = k
            .locality
            .clone()
            .unwrap_or_else(|| report.report.locality.clone());
        let Some(figure) = report
            .values
            .iter()
            .find(|f| f.record.indicator == k.indicator && f.locality() == locality)
        else {
            c.error(
                &k.at("indicator"),
                format!(
                    "the {} report has no figure `{}` for {locality}",
                    k.month, k.indicator
                ),
                Some(format!(
                    "a [[value]] of data/reports/{}/indicators.toml",
                    k.month
                )),
            );
            continue;
        };
        if figure.record.value != Some(k.new) {
            let now = figure
                .record
                .value
                .map_or("no `value`".to_string(), |v| v.to_string());
            c.error(
                &k.at("new"),
                format!(
                    "`new = {}` but the figure in data/reports/{}/indicators.toml is {now}",
                    k.new, k.month
                ),
                Some("the data holds the corrected value: write it there and here".into()),
            );
            ok = false;
        }
        if ok {
            out.push(Correction {
                locality: Some(locality),
                ..k.record
            });
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.month.cmp(&b.month)));
    out
}

/// Checks one figure; returns whether it may be used.
fn check_value(
    c: &mut Checker<'_>,
    v: &Located<Value>,
    by_id: &HashMap<&str, &Indicator>,
    ids: &Keys<String>,
    slugs: &Keys<String>,
    docs: &Keys<String>,
    month: Month,
) -> bool {
    let mut ok = c.reference(
        || v.at("indicator"),
        "indicator",
        &v.indicator,
        ids,
        "data/indicators.toml",
    );
    if let Some(l) = &v.locality {
        ok &= c.reference(
            || v.at("locality"),
            "locality",
            l,
            slugs,
            "data/localities.toml",
        );
    }
    c.cite(&v.cite, || v.at("cite"), docs);
    let forms = [
        v.value.is_some(),
        v.lower_bound.is_some(),
        v.none_this_month == Some(true),
    ];
    let is_rate = by_id
        .get(v.indicator.as_str())
        .is_some_and(|i| i.numerator.is_some());
    let count = forms.iter().filter(|&&f| f).count();
    if count > 1 {
        c.error(
            &v.loc,
            "a figure has more than one of value, lower_bound and none_this_month",
            Some("exactly one of them".into()),
        );
        ok = false;
    } else if count == 0 && !(is_rate && v.stated.is_some()) {
        c.error(
            &v.loc,
            format!("the figure for `{}` has no value", v.indicator),
            Some("value = N, lower_bound = N or none_this_month = true".into()),
        );
        ok = false;
    }
    if v.none_this_month == Some(false) {
        c.error(
            &v.at("none_this_month"),
            "none_this_month = false says nothing",
            Some("none_this_month = true, or leave it out".into()),
        );
    }
    let Some(indicator) = by_id.get(v.indicator.as_str()) else {
        return false;
    };
    if is_rate && v.value.is_some() {
        c.error(
            &v.at("value"),
            format!(
                "`{}` is a rate computed from its numerator and denominator",
                v.indicator
            ),
            Some(
                "the numerator's and denominator's figures, and the printed rate as stated = N"
                    .into(),
            ),
        );
        ok = false;
    }
    if v.stated.is_some() && indicator.unit != Unit::Percent {
        c.error(
            &v.at("stated"),
            format!(
                "`stated` is for rates, and `{}` is not a percent",
                v.indicator
            ),
            Some("value = N".into()),
        );
    }
    for (field, x) in [
        ("value", v.value),
        ("lower_bound", v.lower_bound),
        ("stated", v.stated),
        ("delta", v.delta.as_ref().map(|d| d.by)),
    ] {
        if x.is_some_and(|x| !x.is_finite()) {
            c.error(
                &v.at(field),
                format!("{field} is not a finite number"),
                Some("a number such as 1234 or 23.03".into()),
            );
            ok = false;
        } else if indicator.unit == Unit::Count
            && field != "stated"
            && x.is_some_and(|x| x.fract() != 0.0)
        {
            c.error(
                &v.at(field),
                format!(
                    "a count of `{}` has a fraction: {}",
                    v.indicator,
                    x.unwrap_or_default()
                ),
                Some("a whole number".into()),
            );
            ok = false;
        }
    }
    if indicator.unit != Unit::Percent {
        for (field, x) in [("value", v.value), ("lower_bound", v.lower_bound)] {
            if x.is_some_and(|x| x < 0.0) {
                c.error(
                    &v.at(field),
                    format!(
                        "negative {}: {}",
                        if indicator.unit == Unit::Count {
                            "count"
                        } else {
                            "amount"
                        },
                        x.unwrap_or_default()
                    ),
                    Some("a number ≥ 0".into()),
                );
                ok = false;
            }
        }
    }
    if let Some(d) = &v.delta
        && d.on.is_some_and(|on| on >= month)
    {
        c.error(
            &v.at("delta"),
            format!(
                "a change on {} in the report of {month}",
                d.on.map(|m| m.to_string()).unwrap_or_default()
            ),
            Some("`on` = an earlier month".into()),
        );
    }
    ok
}

fn check_figures(c: &mut Checker<'_>, f: &ServiceFigures, at: &dyn Fn(&str) -> Loc, row: &str) {
    for (name, x) in [
        ("total", f.total),
        ("online", f.online),
        ("on_time", f.on_time),
        ("overdue", f.overdue),
    ] {
        if let Some(x) = x.filter(|&x| x < 0) {
            c.error(
                &at(name),
                format!("{row}: negative count {name} = {x}"),
                Some("a count ≥ 0".into()),
            );
        }
    }
    if let (Some(t), Some(o)) = (f.total, f.online)
        && o > t
    {
        c.error(
            &at("online"),
            format!("{row}: online {o} is greater than total {t}"),
            Some("online ≤ total".into()),
        );
    }
    if let Some(t) = f.total {
        // Saturating: absurd counts must be reported, not overflow.
        let done = f
            .on_time
            .unwrap_or(0)
            .saturating_add(f.overdue.unwrap_or(0));
        if done > t {
            c.error(
                &at(if f.overdue.is_some() {
                    "overdue"
                } else {
                    "on_time"
                }),
                format!("{row}: on time + overdue = {done} is greater than total {t}"),
                Some("on_time + overdue ≤ total".into()),
            );
        }
    }
    if let (Some(t), Some(o), Some(s)) = (f.total, f.online, f.stated_rate)
        && t > 0
        && !rate_agrees(s, o as f64 * 100.0 / t as f64)
    {
        let computed = o as f64 * 100.0 / t as f64;
        c.warn(&at("stated_rate"), format!("{row}: the printed rate {s} % differs from online/total = {o}/{t} = {computed:.2} %"), Some("both are shown on the site".into()));
    }
}

/// Orders localities parents first (then by kind and name) and reports cycles.
fn order_localities(
    list: &[Located<Locality>],
    slug_of: impl Fn(&Locality) -> String,
    c: &mut Checker<'_>,
) -> Vec<Place> {
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
                &l.at("parent"),
                format!("locality `{slug}` is inside a cycle of parents"),
                Some("parents that lead up to a province".into()),
            );
        }
    }
    out
}

/// Which (indicator, locality, month) have a figure, counting months derived from a stated
/// change, and for a rate the figures of its numerator (the rate is computed from them).
struct FiguresAt<'a> {
    /// By indicator: the (locality, month) pairs with a figure.
    at: HashMap<&'a str, BTreeSet<(&'a str, Month)>>,
    numerator: HashMap<&'a str, &'a str>,
}

impl<'a> FiguresAt<'a> {
    fn new(reports: &'a [MonthReport], indicators: &'a [Located<Indicator>]) -> FiguresAt<'a> {
        let mut at: HashMap<&str, BTreeSet<(&str, Month)>> = HashMap::default();
        for r in reports {
            for f in &r.values {
                let set = at.entry(f.record.indicator.as_str()).or_default();
                set.insert((f.locality(), r.report.month));
                if let Some(on) = f.record.delta.as_ref().and_then(|d| d.on) {
                    set.insert((f.locality(), on));
                }
            }
        }
        let numerator = indicators
            .iter()
            .filter_map(|i| Some((i.record.id.as_str(), i.record.numerator.as_deref()?)))
            .collect();
        FiguresAt { at, numerator }
    }

    /// (locality, month) pairs with a figure of `indicator` among `localities` (all if empty) in `from..=to`.
    fn of(
        &self,
        indicator: &str,
        localities: &[(String, usize)],
        from: Option<Month>,
        to: Option<Month>,
    ) -> BTreeSet<(&'a str, Month)> {
        let mut ids = vec![indicator];
        ids.extend(self.numerator.get(indicator).copied());
        ids.dedup();
        ids.iter()
            .filter_map(|i| self.at.get(i))
            .flatten()
            .filter(|(l, m)| {
                (localities.is_empty() || localities.iter().any(|x| x.0 == *l))
                    && from.is_none_or(|f| *m >= f)
                    && to.is_none_or(|t| *m <= t)
            })
            .copied()
            .collect()
    }
}

fn check_shortcodes<'f>(
    c: &mut Checker<'_>,
    page: &crate::load::content::Page,
    indicators: &BTreeSet<&str>,
    localities: &Keys<String>,
    figures: &dyn Fn() -> &'f FiguresAt<'f>,
) {
    use crate::chart::shortcode;
    let at = |offset: usize| Loc {
        file: page.loc.file,
        span: page.body_offset + offset..page.body_offset + offset + 1,
    };
    for found in shortcode::find(&page.body) {
        let req = match found.and_then(|sc| shortcode::chart_request(&sc)) {
            Ok(r) => r,
            Err(p) => {
                c.error(&at(p.offset), p.message, Some(p.expected));
                continue;
            }
        };
        if !indicators.contains(req.indicator.0.as_str())
            && !c.unread.contains("data/indicators.toml")
        {
            c.error(
                &at(req.indicator.1),
                format!("shortcode: unknown indicator `{}`", req.indicator.0),
                Some("an indicator id from data/indicators.toml".into()),
            );
        }
        let mut known = indicators.contains(req.indicator.0.as_str());
        for (slug, offset) in &req.localities {
            if !localities.contains(slug) {
                known = false;
                if c.unread.contains("data/localities.toml") {
                    continue;
                }
                c.error(
                    &at(*offset),
                    format!("shortcode: unknown locality `{slug}`"),
                    Some("a locality slug from data/localities.toml".into()),
                );
            }
        }
        if !known {
            continue;
        }
        // A chart with nothing to draw is a mistake the press office should see before publishing.
        let (id, where_) = (&req.indicator.0, req.indicator.1);
        let found = figures().of(id, &req.localities, req.from, req.to);
        if found.is_empty() {
            c.error(
                &at(where_),
                format!("shortcode: no figure of `{id}` for these localities and months"),
                Some(
                    "an indicator, localities and months that have figures in data/reports/".into(),
                ),
            );
        } else if req.bars
            && let Some(month) = req.to.or_else(|| found.iter().map(|x| x.1).max())
        {
            let n = found.iter().filter(|x| x.1 == month).count();
            if n < 2 {
                c.error(
                    &at(where_),
                    format!("shortcode: a ranking of `{id}` needs figures of two localities or more in {month}; there are {n}"),
                    Some("kind=\"line\", or a month and localities with several figures".into()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_agree_to_printed_precision() {
        assert!(rate_agrees(87.0, 346_363.0 * 100.0 / 398_168.0));
        assert!(!rate_agrees(23.03, 39_102.0 * 100.0 / 164_331.0));
        assert!(rate_agrees(5.46, 7.0 * 100.0 / 128.0));
        assert!(rate_agrees(100.0, 100.0));
        assert_eq!(decimals(23.03), 2);
        assert_eq!(decimals(100.0), 0);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("bim-sonn", "bim-son"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
