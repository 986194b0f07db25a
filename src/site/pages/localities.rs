//! The tree of localities and each locality's page (made when rendered) and plan CSV.

use crate::common::calendar::Month;
use crate::common::format;
use crate::model::dataset::{Place, PlanEntry};
use crate::model::index::{Ix, locality_name};
use crate::model::readings::Reading;
use crate::model::records::*;
use crate::model::scope::{Key, Scope};
use crate::output::content::DataFile;
use crate::output::csv::*;
use crate::paths as url;
use crate::site::charts;
use crate::site::labels::Labels;
use crate::site::views::pages::{
    EarlierReading, EndedChild, LocalitiesView, LocalityChild, LocalityDetail, LocalityNode,
    LocalityReading, LocalityTree, LocalityView, PlanGroupView, PlanRow, PlanView, ShortCite,
};
use crate::site::views::{CiteView, Link, NamedLink, PlanItemView, carry, conflicts, context};
use crate::site::{Context, Deferred, Graph, Made, PageSpec};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Adds the tree of localities, a page per locality and its plan's CSV.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let common = &g.common;
    // Localities.
    let localities: Vec<LocalityNode> = ds
        .localities
        .iter()
        .map(|l| locality_node(ds, &g.labels, l))
        .collect();
    let trees = trees(ds, &localities);
    g.pages.push(PageSpec::new(
        url::LOCALITIES,
        "localities.html",
        g.labels.localities.clone(),
        Context::Ready(context(LocalitiesView { localities, trees })),
    ));
    // A locality page's context is made when it is rendered (a national portal has
    // ten thousand of them); their plans' CSV files are small and made here, on every core.
    // A page shows the locality's own readings and, from the rest, its plan, report and neighbours.
    let labels = &g.labels;
    let plan_files: Vec<(Option<DataFile>, Deferred)> = ds
        .localities
        .par_iter()
        .map(|l| {
            let plan_file = ds.plan_of.get(l.slug.as_str()).map(|p| DataFile {
                path: url::plan_csv(&l.slug),
                content: plan_csv(p).into(),
            });
            let scope = Scope::new(ds, url::locality(&l.slug), [Key::Locality(&l.slug)]);
            let labels = labels.clone();
            let context = Deferred::new(scope, common, move |scope| {
                locality_context(scope, l, &labels)
            });
            (plan_file, context)
        })
        .collect();
    for (l, (plan_file, context)) in ds.localities.iter().zip(plan_files) {
        g.pages.push(PageSpec::new(
            url::locality(&l.slug),
            "locality.html",
            g.labels.named(l.record.kind, &l.record.name),
            Context::Deferred(context),
        ));
        g.files.extend(plan_file);
    }
}

/// A locality as the tree shows it, with where its territory came from and went.
fn locality_node(ds: &Ix, labels: &Labels, l: &Place) -> LocalityNode {
    let depth = {
        let mut d = 0;
        let mut p = l.record.parent.clone();
        while let Some(slug) = p {
            d += 1;
            p = ds
                .locality_by_slug
                .get(slug.as_str())
                .and_then(|x| x.record.parent.clone());
            if d > 8 {
                break;
            }
        }
        d
    };
    LocalityNode {
        slug: l.slug.clone(),
        name: l.record.name.clone(),
        kind: labels.kind(l.record.kind).to_string(),
        named: labels.named(l.record.kind, &l.record.name),
        url: url::locality(&l.slug),
        depth,
        valid_from: l.record.valid_from.map(format::date),
        valid_to: l.record.valid_to.map(format::date),
        successors: successor_links(ds, labels, l),
        predecessors: predecessor_links(ds, labels, &l.slug),
        has_plan: ds.plan_of.contains_key(l.slug.as_str()),
    }
}

/// The tree before and after the latest date on which units began or ended (the
/// reform a reader now lives after), or the one tree when no unit has a date.
fn trees(ds: &Ix, nodes: &[LocalityNode]) -> Vec<LocalityTree> {
    let places = || ds.localities.iter().zip(nodes);
    let latest = ds
        .localities
        .iter()
        .flat_map(|l| [l.record.valid_from, l.record.valid_to])
        .flatten()
        .max();
    let Some(date) = latest else {
        return vec![LocalityTree {
            when: "all",
            date: None,
            localities: nodes.to_vec(),
        }];
    };
    let before = places()
        .filter(|(l, _)| l.record.valid_from.is_none_or(|f| f < date))
        .map(|(_, n)| n.clone())
        .collect();
    let after = places()
        .filter(|(l, _)| l.record.valid_to.is_none_or(|t| t > date))
        .map(|(_, n)| n.clone())
        .collect();
    [("before", before), ("after", after)]
        .into_iter()
        .map(|(when, localities)| LocalityTree {
            when,
            date: Some(format::date(date)),
            localities,
        })
        .collect()
}

/// A unit as a link named with its kind ("Phường Bỉm Sơn"), its slug if unknown.
fn unit_link(ds: &Ix, labels: &Labels, slug: &str) -> NamedLink {
    let name = ds.locality_by_slug.get(slug).map_or_else(
        || slug.to_string(),
        |l| labels.named(l.record.kind, &l.record.name),
    );
    NamedLink {
        name,
        url: url::locality(slug),
    }
}

/// The units that took over a locality's territory.
fn successor_links(ds: &Ix, labels: &Labels, l: &Place) -> Vec<NamedLink> {
    l.record
        .successors
        .iter()
        .map(|s| unit_link(ds, labels, s))
        .collect()
}

/// The units whose territory a locality took over; one that bears the locality's own
/// kind and name (xã Trung Thành became xã Trung Thành) is told apart by its parent.
fn predecessor_links(ds: &Ix, labels: &Labels, slug: &str) -> Vec<NamedLink> {
    let own = unit_link(ds, labels, slug).name;
    ds.predecessors_of
        .get(slug)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|p| {
            let mut link = unit_link(ds, labels, &p.slug);
            if let Some(parent) = p.record.parent.as_deref().filter(|_| link.name == own) {
                link.name = format!("{} ({})", link.name, locality_name(ds, parent));
            }
            link
        })
        .collect()
}

/// The units below a locality that no longer exist, with where their territory went.
fn ended_children<'a>(ds: &'a Ix, labels: &Labels, slug: &str) -> Vec<EndedChild<'a>> {
    ds.children_of
        .get(slug)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|c| {
            Some(EndedChild {
                valid_to: format::date(c.record.valid_to?),
                unit: unit_link(ds, labels, &c.slug),
                successors: successor_links(ds, labels, c),
                cite: c
                    .record
                    .validity_cite
                    .as_ref()
                    .map(|v| CiteView::new(v, ds)),
            })
        })
        .collect()
}

/// A place in a document ("Mục II.10", "Phụ lục IV, 2") as a key that orders
/// sections as the document does: numbers, Arabic or Roman, by value, so that
/// II.2 comes before II.10 and IX before X.
pub(crate) fn section_key(at: &str) -> Vec<(u64, String)> {
    let roman = |w: &str| -> Option<u64> {
        let v: Vec<i64> = w
            .chars()
            .map(|c| match c {
                'I' => Some(1),
                'V' => Some(5),
                'X' => Some(10),
                'L' => Some(50),
                'C' => Some(100),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let n: i64 = v
            .iter()
            .enumerate()
            .map(|(k, &x)| {
                if v.get(k + 1).is_some_and(|&n| n > x) {
                    -x
                } else {
                    x
                }
            })
            .sum();
        u64::try_from(n).ok()
    };
    at.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w.parse::<u64>().ok().or_else(|| roman(w)) {
            Some(n) => (n, String::new()),
            None => (u64::MAX, w.to_lowercase()),
        })
        .collect()
}

/// The rows of a locality's readings table: one per indicator, in the order of
/// the documents' sections (by its latest reading's place in them), with its
/// latest reading in full and the earlier ones in short, each with its source.
/// `by_indicator` holds each indicator's readings in month order. Only what the
/// page shows: a commune of a national portal has a hundred readings.
pub(crate) fn locality_readings<'a>(
    ds: &'a Ix,
    mut by_indicator: Vec<Vec<&'a Reading>>,
) -> Vec<LocalityReading<'a>> {
    by_indicator.retain(|rs| !rs.is_empty());
    let latest_at = |rs: &Vec<&Reading>| rs.last().map(|x| section_key(&x.source.record.cite.at));
    by_indicator.sort_by_cached_key(latest_at);
    by_indicator
        .iter()
        .filter_map(|rs| {
            let (latest, earlier) = rs.split_last()?;
            let v = &latest.source.record;
            let name = ds
                .indicator_by_id
                .get(v.indicator.as_str())
                .map_or(v.indicator.as_str(), |i| i.name.as_str());
            let earlier = earlier
                .iter()
                .map(|x| {
                    let c = &x.source.record.cite;
                    // Only what changes the figure's meaning: a printed rate that disagrees,
                    // a period other than the latest's, a correction.
                    EarlierReading {
                        month: format::month(x.month),
                        text: x.text(ds),
                        kind: x.kind,
                        cite: ShortCite {
                            url: url::source(&c.source),
                            at: &c.at,
                        },
                        stated: x.stated.filter(|_| x.stated_differs()).map(format::percent),
                        period: x
                            .source
                            .record
                            .period
                            .as_deref()
                            .filter(|p| v.period.as_deref() != Some(*p)),
                        corrected: x.correction(ds).map(|k| k.url),
                    }
                })
                .collect();
            Some(LocalityReading {
                name,
                url: url::indicator(&v.indicator),
                period: v.period.as_deref(),
                month: format::month(latest.month),
                kind: latest.kind,
                text: latest.text(ds),
                stated: latest.stated.map(format::percent),
                stated_differs: latest.stated_differs(),
                delta: latest.delta_text(),
                delta_on: v.delta.as_ref().and_then(|d| d.on).map(format::month),
                correction: latest.correction(ds),
                cite: CiteView::new(&v.cite, ds),
                earlier,
            })
        })
        .collect()
}

/// The context of a locality's page, with its charts: made when the page is
/// rendered, one page at a time (see [`Context::Deferred`]).
pub(crate) fn locality_context(ds: &Scope, l: &Place, labels: &Labels) -> Made<'static> {
    let loc_name = |slug: &str| locality_name(ds, slug);
    let page = url::locality(&l.slug);
    let png = charts::depth(ds, &l.slug) < charts::PNG_LEVELS;
    let carry = |prepared: &mut Vec<_>, page: &str, mut c: crate::chart::ChartSpec| {
        c.png = png;
        carry(prepared, page, c)
    };
    let mut prepared = Vec::new();
    // Charts: each indicator with figures in more than one month, then the latest report's.
    let mut locality_charts = Vec::new();
    let mut by_indicator: std::collections::BTreeMap<&str, Vec<&Reading>> = Default::default();
    let own = ds.of_locality(&l.slug);
    for x in own.iter().copied() {
        by_indicator
            .entry(x.source.record.indicator.as_str())
            .or_default()
            .push(x);
    }
    // The indicators with the longest runs of months first, in data order among equals;
    // a page of a commune in a national portal keeps a phone-sized number of charts.
    let mut runs: Vec<(usize, usize, &Indicator)> = ds
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(k, i)| {
            let rs = by_indicator.get(i.id.as_str())?;
            let months = rs
                .iter()
                .map(|x| x.month)
                .collect::<BTreeSet<Month>>()
                .len();
            (months >= 2).then_some((months, k, i))
        })
        .collect();
    runs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, i) in runs.into_iter().take(charts::MAX_LOCALITY_LINES) {
        let rs = by_indicator
            .get(i.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        if let Some(c) =
            charts::indicator_line(ds, i, rs, std::slice::from_ref(&l.slug), None, None)
        {
            locality_charts.push(carry(&mut prepared, &page, c));
        }
    }
    if let Some(r) = ds
        .reports
        .iter()
        .rev()
        .find(|r| r.report.locality == l.slug)
    {
        if let Some(c) = charts::status_by_group(ds, r) {
            locality_charts.push(carry(&mut prepared, &page, c));
        }
        for c in charts::services_parts(r) {
            locality_charts.push(carry(&mut prepared, &page, c));
        }
    }
    let plan = ds.plan_of.get(l.slug.as_str()).map(|p| plan_view(ds, l, p));
    let readings = locality_readings(ds, by_indicator.into_values().collect());
    let children = ds
        .children_of
        .get(l.slug.as_str())
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|c| LocalityChild {
            name: c.record.name.clone(),
            kind: labels.kind(c.record.kind).to_string(),
            named: labels.named(c.record.kind, &c.record.name),
            url: url::locality(&c.slug),
            valid_to: c.record.valid_to.map(format::date),
        })
        .collect();
    let parent = l.record.parent.as_ref().map(|p| NamedLink {
        name: loc_name(p),
        url: url::locality(p),
    });
    let reports = ds
        .reports
        .iter()
        .filter(|r| r.report.locality == l.slug)
        .map(|r| Link {
            label: format::month(r.report.month),
            url: url::report(&r.report.month),
        })
        .collect();
    let around = labels.around_name(l.record.kind);
    let view = LocalityView {
        locality: LocalityDetail {
            slug: l.slug.clone(),
            name: l.record.name.clone(),
            kind: labels.kind(l.record.kind).to_string(),
            named: labels.named(l.record.kind, &l.record.name),
            before_name: around.0,
            after_name: around.1,
            valid_from: l.record.valid_from.map(format::date),
            valid_to: l.record.valid_to.map(format::date),
            validity_cite: l
                .record
                .validity_cite
                .as_ref()
                .map(|v| CiteView::new(v, ds)),
            note: l.record.note.clone(),
            cite: CiteView::new(&l.record.cite, ds),
        },
        parent,
        children,
        successors: successor_links(ds, labels, l),
        predecessors: predecessor_links(ds, labels, &l.slug),
        ended_children: ended_children(ds, labels, &l.slug),
        plan,
        readings,
        reading_count: own.len(),
        charts: locality_charts,
        reports,
        compare: super::compare::links_for(ds, l, labels),
    };
    Made {
        context: std::borrow::Cow::Owned(context(view)),
        charts: prepared,
    }
}

/// A locality's plan as its page shows it.
fn plan_view<'a>(ds: &'a Ix, l: &Place, p: &'a PlanEntry) -> PlanView<'a> {
    // Each row's units joined and its long cells marked here, once, not by filters in the template.
    let row = |i: &'a PlanItem| {
        let item = PlanItemView::new(i, &p.plan, ds);
        let lead_text = i.lead.join("; ");
        let coordinating_text = i.coordinating.join("; ");
        let deadline_long = i
            .deadline
            .as_ref()
            .is_some_and(|d| d.text().chars().count() > 32);
        PlanRow {
            item,
            lead_long: lead_text.chars().count() > 40,
            coordinating_long: coordinating_text.chars().count() > 40,
            deadline_long,
            lead_text,
            coordinating_text,
        }
    };
    let groups = if p.groups.is_empty() {
        vec![PlanGroupView {
            number: None,
            title: None,
            note: None,
            items: p.items.iter().map(row).collect(),
        }]
    } else {
        p.groups
            .iter()
            .map(|g| PlanGroupView {
                number: Some(g.number.clone()),
                title: Some(g.title.clone()),
                note: Some(g.note.clone()),
                items: p
                    .items
                    .iter()
                    .filter(|i| i.group.as_deref() == Some(g.number.as_str()))
                    .map(row)
                    .collect(),
            })
            .collect()
    };
    PlanView {
        title: p.plan.title.clone(),
        kind: p.plan.kind,
        period: p.plan.period.clone(),
        stated_count: p.plan.stated_count,
        count: p.items.len(),
        note: p.plan.note.clone(),
        cite: CiteView::new(&p.plan.cite, ds),
        conflicts: conflicts(&p.plan.conflicts, ds),
        groups,
        csv: url::plan_csv(&l.slug),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_order_as_in_the_document() {
        let mut at = vec![
            "Phụ lục IV, 10",
            "Mục II.10",
            "Phụ lục IV, 2",
            "Mục IX.1",
            "Mục II.2",
            "Mục X",
            "Mục II.4.1",
            "Mục I.5",
        ];
        at.sort_by_key(|a| section_key(a));
        assert_eq!(
            at,
            [
                "Mục I.5",
                "Mục II.2",
                "Mục II.4.1",
                "Mục II.10",
                "Mục IX.1",
                "Mục X",
                "Phụ lục IV, 2",
                "Phụ lục IV, 10"
            ]
        );
    }
}
