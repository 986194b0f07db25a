//! A comparison as a pull-request comment: in the site's language, records named as
//! the site names them (with the id in a code span), each linked to its page when a
//! base URL is known; a summary table first, the details folded in `<details>`.

use super::show::{change, counts, flag_text, headings, md_escape, status_label};
use super::{DataDiff, FigureChange, FigureKey, LocalityChange, PlanChange, PlanChangeKind};
use super::{StatusChange, Subject};
use crate::cli::messages::{Lang, Messages};
use crate::common::calendar::Month;
use crate::common::format;
use crate::model::dataset::Dataset;
use crate::paths;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A section with more rows than this is folded closed; one with fewer is shown open.
const OPEN_ROWS: usize = 10;
/// Rows shown per section at most: a comment stays within what a git host accepts
/// (GitHub: 65.536 characters); the rest is counted.
const MAX_ROWS: usize = 200;

/// What the site calls each record, and where its page is.
#[derive(Debug, Default)]
pub struct Names {
    indicators: HashMap<String, String>,
    localities: HashMap<String, String>,
    models: HashMap<u32, String>,
    services: HashMap<(String, String), String>,
    /// The absolute base URL pages are linked under, ending with `/`; None: no links.
    base: Option<String>,
}

impl Names {
    /// The names of the records of `datasets` (the first that has a record names it:
    /// pass the later revision first) and links under `base_url` when it is absolute.
    pub fn new(datasets: &[&Dataset], base_url: Option<&str>) -> Names {
        let mut n = Names {
            base: base_url
                .filter(|b| b.starts_with("http://") || b.starts_with("https://"))
                .map(|b| format!("{}/", b.trim_end_matches('/'))),
            ..Names::default()
        };
        for ds in datasets {
            for i in &ds.indicators {
                n.indicators.entry(i.id.clone()).or_insert(i.name.clone());
            }
            for l in &ds.localities {
                n.localities
                    .entry(l.slug.clone())
                    .or_insert(l.record.name.clone());
            }
            for m in &ds.models {
                if let Some(t) = &m.title {
                    n.models.entry(m.number).or_insert(t.clone());
                }
            }
            for r in &ds.reports {
                for s in &r.services {
                    n.services
                        .entry((s.appendix.clone(), s.number.clone()))
                        .or_insert(s.name.clone());
                }
            }
        }
        n
    }

    /// `text` linked to the page at `path` when there is a base URL.
    fn link(&self, text: &str, path: &str) -> String {
        match &self.base {
            Some(b) => format!("[{}]({b}{path})", md_escape(text)),
            None => md_escape(text),
        }
    }

    /// `[Name](url) `id``: a record as the site names it, with its id.
    fn named(&self, name: Option<&String>, id: &str, path: &str) -> String {
        match name {
            Some(n) if n != id => format!("{} `{id}`", self.link(n, path)),
            _ => format!("`{id}`"),
        }
    }

    fn indicator(&self, id: &str) -> String {
        self.named(self.indicators.get(id), id, &paths::indicator(id))
    }

    fn locality(&self, slug: &str) -> String {
        self.named(self.localities.get(slug), slug, &paths::locality(slug))
    }

    fn month(&self, m: Month, lang: Lang) -> String {
        self.link(&month_label(m, lang), &paths::report(&m))
    }
}

fn month_label(m: Month, lang: Lang) -> String {
    match lang {
        Lang::Vi => format::month(m),
        Lang::En => m.to_string(),
    }
}

/// The figure's measure and place: two cells.
fn subject_cells(key: &FigureKey, n: &Names, m: &Messages) -> (String, String) {
    match &key.subject {
        Subject::Indicator {
            indicator,
            locality,
        } => (n.indicator(indicator), n.locality(locality)),
        Subject::Service {
            appendix,
            number,
            row,
            field,
        } => {
            let name = n
                .services
                .get(&(appendix.clone(), number.clone()))
                .map_or(String::new(), |s| md_escape(s));
            let mut what = format!("{name} · {}", m.get(&format!("diff.{field}")));
            if let Some(r) = row {
                what = format!(
                    "{name} / {} · {}",
                    md_escape(r),
                    m.get(&format!("diff.{field}"))
                );
            }
            let place = m.fill(
                "diff.service_row",
                &[("appendix", appendix), ("number", number)],
            );
            (what, n.link(&place, &paths::report(&key.month)))
        }
    }
}

fn figure_row(f: &FigureChange, n: &Names, m: &Messages) -> String {
    let (what, place) = subject_cells(&f.key, n, m);
    let show =
        |a: Option<super::Amount>| a.map_or("—".to_string(), |a| md_escape(&a.show(f.unit)));
    format!(
        "| {} | {what} | {place} | {} | {} | {} |",
        n.month(f.key.month, m.lang()),
        show(f.old),
        show(f.new),
        change(f).unwrap_or_default()
    )
}

fn status_row(s: &StatusChange, n: &Names, m: &Messages) -> String {
    let label = m.fill("diff.model", &[("number", &s.model)]);
    let model = match n.models.get(&s.model) {
        Some(t) => format!(
            "{}: {}",
            n.link(&label, &paths::model(s.model)),
            md_escape(t)
        ),
        None => n.link(&label, &paths::model(s.model)),
    };
    let old = match s.month_on_month {
        Some(pm) => format!("{} ({})", status_label(s.old), month_label(pm, m.lang())),
        None => status_label(s.old),
    };
    format!(
        "| {} | {model} | {old} | {} |",
        n.month(s.month, m.lang()),
        status_label(s.new)
    )
}

fn plan_row(p: &PlanChange, n: &Names, m: &Messages) -> String {
    let (verb, old, new) = match &p.what {
        PlanChangeKind::Added => ("added", String::new(), String::new()),
        PlanChangeKind::Removed => ("removed", String::new(), String::new()),
        PlanChangeKind::DeadlineMoved(o, x) => ("deadline", md_escape(o), md_escape(x)),
    };
    format!(
        "| {} | {} | {}: {} | {old} | {new} |",
        m.get(&format!("diff.{verb}")),
        n.locality(&p.locality),
        m.fill("diff.item", &[("number", &p.number)]),
        md_escape(&p.title)
    )
}

fn locality_row(l: &LocalityChange, n: &Names, m: &Messages) -> String {
    let verb = match (l.added, &l.valid_to) {
        (true, _) => m.get("diff.added").to_string(),
        (false, Some(t)) => format!(
            "{}, {}",
            m.get("diff.retired"),
            m.fill("diff.valid_to", &[("date", t)])
        ),
        (false, None) => m.get("diff.removed").to_string(),
    };
    // A removed locality has no page any more: named, not linked.
    let name = if l.added || l.valid_to.is_some() {
        n.locality(&l.slug)
    } else {
        format!("{} `{}`", md_escape(&l.name), l.slug)
    };
    format!("| {verb} | {name} |")
}

/// One folded section: its heading as the summary, a table of its rows.
fn section(s: &mut String, title: &str, header: &[&str], rows: Vec<String>) {
    if rows.is_empty() {
        return;
    }
    let open = if rows.len() <= OPEN_ROWS { " open" } else { "" };
    let _ = writeln!(
        s,
        "<details{open}><summary><strong>{}</strong></summary>\n",
        md_escape(title)
    );
    // Columns whose heading ends with a space are numbers, aligned right.
    let align: String = header
        .iter()
        .map(|h| {
            if h.ends_with(' ') {
                " ---: |"
            } else {
                " --- |"
            }
        })
        .collect();
    let header: Vec<&str> = header.iter().map(|h| h.trim_end()).collect();
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{align}");
    let total = rows.len();
    for r in rows.into_iter().take(MAX_ROWS) {
        let _ = writeln!(s, "{r}");
    }
    if total > MAX_ROWS {
        let _ = writeln!(s, "\n… +{}", total - MAX_ROWS);
    }
    s.push_str("\n</details>\n\n");
}

impl DataDiff {
    /// Markdown for a pull-request comment, in the language of `m`.
    pub fn to_markdown(&self, from: &str, to: &str, m: &Messages, n: &Names) -> String {
        // A revision in a code span; the working tree, which is no revision, in words.
        let rev = |r: &str| match r == m.get("diff.working_tree") {
            true => r.to_string(),
            false => format!("`{r}`"),
        };
        let mut s = format!(
            "## {}\n\n",
            m.fill("diff.title", &[("from", &rev(from)), ("to", &rev(to))])
        );
        if self.is_empty() {
            let _ = writeln!(s, "{}", m.get("diff.no_change"));
            return s;
        }
        self.summary_table(&mut s, m);
        if !self.second_look.is_empty() {
            let title = m.fill("diff.second_look", &[("count", &self.second_look.len())]);
            let _ = writeln!(s, "### ⚠️ {title}\n");
            for l in &self.second_look {
                let (what, place) = subject_cells(&l.key, n, m);
                let why = flag_text(&l.flag, self.threshold, m, |mo| month_label(mo, m.lang()));
                let _ = writeln!(
                    s,
                    "- {} · {what} · {place}: {}",
                    n.month(l.key.month, m.lang()),
                    md_escape(&why)
                );
            }
            s.push('\n');
        }
        self.details(&mut s, m, n);
        s
    }

    fn summary_table(&self, s: &mut String, m: &Messages) {
        let (added, changed, removed) = counts(self);
        let figures = m.fill(
            "diff.figure_counts",
            &[
                ("added", &added),
                ("changed", &changed),
                ("removed", &removed),
            ],
        );
        let _ = writeln!(
            s,
            "| {} | {} |\n| --- | --- |",
            m.get("diff.kind"),
            m.get("diff.count")
        );
        // Only the kinds that changed: the table is the comment's first glance.
        for (key, n, count) in [
            ("diff.kind_figures", figures, self.figures.len()),
            (
                "diff.kind_statuses",
                self.statuses.len().to_string(),
                self.statuses.len(),
            ),
            (
                "diff.kind_plans",
                self.plans.len().to_string(),
                self.plans.len(),
            ),
            (
                "diff.kind_localities",
                self.localities.len().to_string(),
                self.localities.len(),
            ),
            (
                "diff.kind_second_look",
                self.second_look.len().to_string(),
                self.second_look.len(),
            ),
        ] {
            if count > 0 {
                let _ = writeln!(s, "| {} | {n} |", m.get(key));
            }
        }
        s.push('\n');
    }

    fn details(&self, s: &mut String, m: &Messages, n: &Names) {
        let [figures, statuses, plans, localities] = headings(self, m);
        let g = |k: &str| m.get(k);
        section(
            s,
            &figures,
            &[
                g("diff.col_month"),
                g("diff.col_figure"),
                g("diff.col_where"),
                &format!("{} ", g("diff.col_before")),
                &format!("{} ", g("diff.col_after")),
                &format!("{} ", g("diff.col_change")),
            ],
            self.figures.iter().map(|f| figure_row(f, n, m)).collect(),
        );
        section(
            s,
            &statuses,
            &[
                g("diff.col_month"),
                g("diff.col_model"),
                g("diff.col_before"),
                g("diff.col_after"),
            ],
            self.statuses.iter().map(|x| status_row(x, n, m)).collect(),
        );
        section(
            s,
            &plans,
            &[
                g("diff.kind"),
                g("diff.col_locality"),
                g("diff.col_item"),
                g("diff.col_before"),
                g("diff.col_after"),
            ],
            self.plans.iter().map(|p| plan_row(p, n, m)).collect(),
        );
        section(
            s,
            &localities,
            &[g("diff.kind"), g("diff.col_locality")],
            self.localities
                .iter()
                .map(|l| locality_row(l, n, m))
                .collect(),
        );
    }
}
