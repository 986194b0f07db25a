//! The comparison of localities (issue 27): their plans side by side as a matrix of the
//! catalogue's models (grouped I–V) by locality, with counts and deadlines, and their
//! figures ranked indicator by indicator.
//!
//! Pages, all static (a picker filters the matrix in place where JavaScript runs):
//! - `so-sanh/`: every locality with a plan;
//! - `so-sanh/<a>/<b>/`: every pair of siblings (same parent, or both top-level) that both
//!   have a plan, while the parent has at most [`MAX_PAIR_SIBLINGS`] such children;
//! - `so-sanh/<parent>/`: the localities with a plan under one parent, when there are three or more.
//!
//! So a site of `n` localities with a plan gets at most `1 + n + 4.5·n` comparison pages
//! (a parent with `k ≤ 10` such children gives `k(k-1)/2 ≤ 4.5·k` pairs), whatever the
//! size of the country: a parent with more children is compared on its own page, whose picker
//! makes any pair of them.

use crate::common::format;
use crate::common::text::sort_key;
use crate::model::dataset::{Place, PlanEntry};
use crate::model::index::Ix;
use crate::model::readings::Reading;
use crate::model::records::PlanKind;
use crate::paths as url;
use crate::site::views::compare::*;
use crate::site::views::{ChartRef, IndicatorLink, Link, NamedLink, ReadingView, context};
use crate::site::{Context, Graph, PageSpec, charts};
use rustc_hash::FxHashSet as HashSet;

/// The most siblings with a plan whose every pair gets a page (45 pairs).
pub const MAX_PAIR_SIBLINGS: usize = 10;
/// The most localities one matrix shows; beyond, the summary table alone (and the parents' pages).
pub const MAX_MATRIX_COLUMNS: usize = 40;

/// One comparison page: which localities it compares.
struct Selection<'a> {
    path: String,
    kind: &'static str,
    parent: Option<&'a str>,
    places: Vec<&'a Place>,
}

/// Adds the comparison pages.
pub(crate) fn add(g: &mut Graph<'_, '_>) {
    let ds = g.ds;
    let selections = selections(ds);
    if selections.is_empty() {
        return;
    }
    let due = Due::new(g);
    let others: Vec<Link> = selections
        .iter()
        .filter(|s| s.kind != "all")
        .map(|s| Link {
            label: selection_title(g, s),
            url: s.path.clone(),
        })
        .collect();
    let rankings = rankings(ds);
    for s in &selections {
        let mut shown = Vec::new();
        let indicators = if s.kind == "all" {
            Vec::new()
        } else {
            indicator_comparisons(ds, &s.places, &mut g.charts, &mut shown, &s.path)
        };
        let view = view(g, s, &due, indicators);
        let view = CompareView {
            rankings: rankings.clone(),
            others: if s.kind == "all" {
                others.clone()
            } else {
                Vec::new()
            },
            ..view
        };
        let mut page = PageSpec::new(
            s.path.clone(),
            "compare.html",
            selection_title(g, s),
            Context::Ready(context(view)),
        );
        page.charts = shown;
        g.pages.push(page);
    }
}

/// Every comparison page of the site, the page of all first.
fn selections<'a>(ds: &'a Ix<'a>) -> Vec<Selection<'a>> {
    let mut planned: Vec<&Place> = ds
        .localities
        .iter()
        .filter(|l| ds.plan_of.contains_key(l.slug.as_str()))
        .collect();
    // Columns in Vietnamese alphabetical order of the names (Đ after D), as the A–Z index.
    planned.sort_by_cached_key(|l| (sort_key(&l.record.name), l.slug.clone()));
    if planned.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Selection {
        path: url::COMPARE.into(),
        kind: "all",
        parent: None,
        places: planned.clone(),
    }];
    // Siblings by parent, parents in the order they first appear (parents before children).
    let mut parents: Vec<Option<&str>> = Vec::new();
    for l in &planned {
        let p = l.record.parent.as_deref();
        if !parents.contains(&p) {
            parents.push(p);
        }
    }
    for p in parents {
        let kids: Vec<&Place> = planned
            .iter()
            .copied()
            .filter(|l| l.record.parent.as_deref() == p)
            .collect();
        if let Some(p) = p
            && kids.len() >= 3
        {
            out.push(Selection {
                path: url::compare_within(p),
                kind: "within",
                parent: Some(p),
                places: kids.clone(),
            });
        }
        if kids.len() <= MAX_PAIR_SIBLINGS {
            for (i, a) in kids.iter().enumerate() {
                for b in &kids[i + 1..] {
                    let mut pair = [*a, *b];
                    pair.sort_by(|x, y| x.slug.cmp(&y.slug));
                    out.push(Selection {
                        path: url::compare_pair(&a.slug, &b.slug),
                        kind: "pair",
                        parent: p,
                        places: pair.to_vec(),
                    });
                }
            }
        }
    }
    out
}

/// The comparisons a locality's page links to: those it is in (or its children are in),
/// then the page of all. Empty when the site has no plan.
pub(crate) fn links_for(ds: &Ix, l: &Place, labels: &crate::site::labels::Labels) -> Vec<Link> {
    let has_plan = |p: &&Place| ds.plan_of.contains_key(p.slug.as_str());
    let mut out = Vec::new();
    let siblings: Vec<&Place> = match l.record.parent.as_deref() {
        Some(p) => ds.children_of.get(p).cloned().unwrap_or_default(),
        None => ds
            .localities
            .iter()
            .filter(|x| x.record.parent.is_none())
            .collect(),
    };
    let siblings: Vec<&Place> = siblings.into_iter().filter(has_plan).collect();
    if has_plan(&l) {
        if let Some(p) = l.record.parent.as_deref()
            && siblings.len() >= 3
        {
            out.push(within_link(ds, p, labels));
        }
        if siblings.len() <= MAX_PAIR_SIBLINGS {
            for s in siblings.iter().filter(|s| s.slug != l.slug) {
                out.push(Link {
                    label: labels
                        .compare_pair
                        .replace("{a}", &l.record.name)
                        .replace("{b}", &s.record.name),
                    url: url::compare_pair(&l.slug, &s.slug),
                });
            }
        }
    }
    let kids: Vec<&Place> = ds
        .children_of
        .get(l.slug.as_str())
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .copied()
        .filter(has_plan)
        .collect();
    match kids.as_slice() {
        [a, b] => out.push(Link {
            label: labels
                .compare_pair
                .replace("{a}", &a.record.name)
                .replace("{b}", &b.record.name),
            url: url::compare_pair(&a.slug, &b.slug),
        }),
        k if k.len() >= 3 => out.push(within_link(ds, &l.slug, labels)),
        _ => {}
    }
    if !ds.plan_of.is_empty() {
        out.push(Link {
            label: labels.compare_all.clone(),
            url: url::COMPARE.into(),
        });
    }
    out
}

/// The link to the comparison of the localities under `parent`.
fn within_link(ds: &Ix, parent: &str, labels: &crate::site::labels::Labels) -> Link {
    Link {
        label: labels
            .compare_within
            .replace("{name}", &crate::model::index::locality_name(ds, parent)),
        url: url::compare_within(parent),
    }
}

/// A comparison page's title.
fn selection_title(g: &Graph, s: &Selection) -> String {
    match (s.kind, s.places.as_slice()) {
        ("pair", [a, b]) => g
            .labels
            .compare_pair
            .replace("{a}", &a.record.name)
            .replace("{b}", &b.record.name),
        ("within", _) => g.labels.compare_within.replace(
            "{name}",
            &crate::model::index::locality_name(g.ds, s.parent.unwrap_or_default()),
        ),
        _ => g.labels.compare_all.clone(),
    }
}

/// Which plan items are due: those the deadlines page lists as passed or upcoming.
struct Due {
    as_of: Option<crate::common::calendar::Month>,
    passed: HashSet<(String, String)>,
    upcoming: HashSet<(String, String)>,
}

impl Due {
    /// The items due at the latest report's month, by (locality, item number).
    fn new(g: &Graph) -> Due {
        let as_of = g.ds.reports.last().map(|r| r.report.month);
        // The deadlines page's own rule, so the two pages never disagree.
        let (passed, upcoming) = super::deadlines::deadlines(g.ds, as_of, &g.labels);
        let keys = |v: Vec<crate::site::views::pages::DeadlineItem>| {
            v.into_iter()
                .map(|d| (d.item.locality, d.item.number))
                .collect()
        };
        Due {
            as_of,
            passed: keys(passed),
            upcoming: keys(upcoming),
        }
    }

    /// `passed`, `upcoming` or none, for item `number` of `locality`'s plan.
    fn of(&self, locality: &str, number: &str) -> Option<&'static str> {
        let k = (locality.to_string(), number.to_string());
        if self.passed.contains(&k) {
            Some("passed")
        } else if self.upcoming.contains(&k) {
            Some("upcoming")
        } else {
            None
        }
    }
}

/// The view of one comparison (its figures made by the caller).
fn view<'a>(
    g: &Graph<'a, '_>,
    s: &Selection<'a>,
    due: &Due,
    indicators: Vec<IndicatorComparison<'a>>,
) -> CompareView<'a> {
    let ds = g.ds;
    let plans: Vec<&PlanEntry> = s
        .places
        .iter()
        .filter_map(|l| ds.plan_of.get(l.slug.as_str()).copied())
        .collect();
    let groups = matrix(ds, &plans, due);
    let columns = s
        .places
        .iter()
        .zip(&plans)
        .enumerate()
        .map(|(k, (l, p))| column(g, l, p, due, &groups, k))
        .collect();
    let omitted = s.places.len() > MAX_MATRIX_COLUMNS;
    CompareView {
        kind: s.kind,
        parent: s.parent.map(|p| NamedLink {
            name: crate::model::index::locality_name(ds, p),
            url: url::locality(p),
        }),
        as_of: due.as_of.map(format::month),
        columns,
        group_ids: groups.iter().map(|gr| gr.id.clone()).collect(),
        groups: if omitted { Vec::new() } else { groups },
        matrix_omitted: omitted,
        max_columns: MAX_MATRIX_COLUMNS,
        unmapped: plans.iter().filter_map(|p| unmapped(ds, p)).collect(),
        indicators,
        rankings: Vec::new(),
        others: Vec::new(),
        all_url: url::COMPARE,
        deadlines_url: url::DEADLINES,
        models_url: url::MODELS,
    }
}

/// A locality's summary: its plan in counts.
fn column(
    g: &Graph,
    l: &Place,
    p: &PlanEntry,
    due: &Due,
    groups: &[MatrixGroup],
    k: usize,
) -> CompareColumn {
    let mapped = p.items.iter().filter(|i| i.model.is_some()).count();
    let models = p
        .items
        .iter()
        .filter_map(|i| i.model)
        .collect::<HashSet<u32>>()
        .len();
    let count = |state| {
        p.items
            .iter()
            .filter(|i| due.of(&l.slug, &i.number) == Some(state))
            .count()
    };
    CompareColumn {
        slug: l.slug.clone(),
        name: l.record.name.clone(),
        kind: g.labels.kind(l.record.kind).to_string(),
        named: g.labels.named(l.record.kind, &l.record.name),
        url: url::locality(&l.slug),
        parent: l
            .record
            .parent
            .as_deref()
            .map(|p| crate::model::index::locality_name(g.ds, p)),
        plan_kind: plan_kind(p),
        items: p.items.len(),
        mapped,
        models,
        per_group: groups
            .iter()
            .map(|gr| gr.counts.get(k).map_or(0, |c| c.count))
            .collect(),
        passed: count("passed"),
        upcoming: count("upcoming"),
        csv: url::plan_csv(&l.slug),
    }
}

/// `models` or `tasks`.
fn plan_kind(p: &PlanEntry) -> &'static str {
    match p.plan.kind {
        PlanKind::Models => "models",
        PlanKind::Tasks => "tasks",
    }
}

/// The URL of an item's row on its locality's page (the row ids of `locality.html`).
fn item_url(locality: &str, number: &str) -> String {
    format!(
        "{}#muc-{}",
        url::locality(locality),
        crate::common::text::slugify(number)
    )
}

/// The matrix: the catalogue's groups (then the models in none), each model a row with,
/// per plan, the items naming it.
fn matrix(ds: &Ix, plans: &[&PlanEntry], due: &Due) -> Vec<MatrixGroup> {
    let mut ids: Vec<Option<&str>> = ds.groups.iter().map(|g| Some(g.id.as_str())).collect();
    if ds.models.iter().any(|m| m.group.is_none()) {
        ids.push(None);
    }
    ids.into_iter()
        .map(|id| {
            let models: Vec<MatrixRow> = ds
                .models
                .iter()
                .filter(|m| m.group.as_deref() == id)
                .map(|m| {
                    let cells: Vec<MatrixCell> = plans
                        .iter()
                        .map(|p| MatrixCell {
                            slug: p.plan.locality.clone(),
                            items: p
                                .items
                                .iter()
                                .filter(|i| i.model == Some(m.number))
                                .map(|i| CellItem {
                                    number: i.number.clone(),
                                    deadline: i.deadline.as_ref().map(|d| d.text()),
                                    due: due.of(&p.plan.locality, &i.number),
                                    url: item_url(&p.plan.locality, &i.number),
                                })
                                .collect(),
                        })
                        .collect();
                    MatrixRow {
                        number: m.number,
                        title: m.title.clone(),
                        url: url::model(m.number),
                        adopted_by: cells.iter().filter(|c| !c.items.is_empty()).count(),
                        cells,
                    }
                })
                .collect();
            let counts = plans
                .iter()
                .enumerate()
                .map(|(k, p)| MatrixCount {
                    slug: p.plan.locality.clone(),
                    count: models
                        .iter()
                        .filter(|r| r.cells.get(k).is_some_and(|c| !c.items.is_empty()))
                        .count(),
                })
                .collect();
            MatrixGroup {
                id: id.unwrap_or_default().to_string(),
                name: id.and_then(|id| {
                    ds.groups
                        .iter()
                        .find(|g| g.id == id)
                        .map(|g| g.name.clone())
                }),
                counts,
                models,
            }
        })
        .collect()
}

/// A plan's items that name no model of the catalogue, if any.
fn unmapped(ds: &Ix, p: &PlanEntry) -> Option<UnmappedList> {
    let items: Vec<UnmappedItem> = p
        .items
        .iter()
        .filter(|i| i.model.is_none())
        .map(|i| UnmappedItem {
            number: i.number.clone(),
            title: i.title.clone(),
            deadline: i.deadline.as_ref().map(|d| d.text()),
            url: item_url(&p.plan.locality, &i.number),
        })
        .collect();
    (!items.is_empty()).then(|| UnmappedList {
        slug: p.plan.locality.clone(),
        name: crate::model::index::locality_name(ds, &p.plan.locality),
        url: url::locality(&p.plan.locality),
        plan_kind: plan_kind(p),
        total: p.items.len(),
        items,
    })
}

/// Indicators whose page ranks localities in its latest month (see [`charts::ranking_level`]).
fn rankings(ds: &Ix) -> Vec<IndicatorLink> {
    let sc = ds.everything();
    ds.indicators
        .iter()
        .filter(|i| {
            let mine = sc.of_indicator(&i.id);
            mine.iter()
                .filter(|x| x.kind != "derived")
                .map(|x| x.month)
                .max()
                .is_some_and(|m| charts::ranking_level(ds, &mine, m).len() >= 2)
        })
        .map(IndicatorLink::new)
        .collect()
}

/// Per indicator, the latest month in which two or more of `places` have a figure: the
/// figures ranked, with their chart.
fn indicator_comparisons<'a>(
    ds: &'a Ix<'a>,
    places: &[&Place],
    all_charts: &mut charts::Charts,
    shown: &mut Vec<String>,
    page: &str,
) -> Vec<IndicatorComparison<'a>> {
    let sc = ds.everything();
    let slugs: Vec<String> = places.iter().map(|l| l.slug.clone()).collect();
    // Read by locality (a few hundred readings each), not by indicator (a whole country's).
    let mut by_indicator: rustc_hash::FxHashMap<&str, Vec<&Reading>> = Default::default();
    for slug in &slugs {
        for x in sc.of_locality(slug) {
            if x.kind != "derived" && x.number.is_some() {
                by_indicator
                    .entry(x.source.record.indicator.as_str())
                    .or_default()
                    .push(x);
            }
        }
    }
    let mut out = Vec::new();
    for i in &ds.indicators {
        let Some(mine) = by_indicator.get(i.id.as_str()) else {
            continue;
        };
        let Some(month) = mine
            .iter()
            .map(|x| x.month)
            .filter(|m| mine.iter().filter(|x| x.month == *m).count() >= 2)
            .max()
        else {
            continue;
        };
        let mut of_month: Vec<&Reading> =
            mine.iter().copied().filter(|x| x.month == month).collect();
        of_month.sort_by(|a, b| b.number.unwrap_or(0.0).total_cmp(&a.number.unwrap_or(0.0)));
        let chart: Option<ChartRef> = charts::indicator_ranking(ds, i, &of_month, month, &slugs)
            .map(|mut spec| {
                // Comparison pages number in the thousands at national scale: no PNG (issue 28).
                spec.png = false;
                ChartRef::add(all_charts, shown, page, spec)
            });
        out.push(IndicatorComparison {
            indicator: IndicatorLink::new(i),
            month: format::month(month),
            readings: of_month.iter().map(|x| ReadingView::new(x, ds)).collect(),
            chart,
        });
    }
    out
}
