//! A comparison as plain text for a terminal, in the catalogue's language; records
//! named by their ids (short, exact); the words of the frame from the catalogue.

use super::{Assessed, SecondLook, StatusChange, pct, show_pct};
use super::{DataDiff, FigureChange, Flag, LocalityChange, PlanChange, PlanChangeKind};
use crate::cli::messages::Messages;
use crate::common::format;
use std::fmt::Write as _;

/// The verbs of the lines, padded to one width so that the lines align.
struct Verbs {
    width: usize,
}

impl Verbs {
    fn new(m: &Messages) -> Verbs {
        let width = ["added", "removed", "changed", "deadline", "retired"]
            .iter()
            .map(|k| m.get(&format!("diff.{k}")).chars().count())
            .max()
            .unwrap_or(8);
        Verbs { width }
    }

    fn pad(&self, m: &Messages, key: &str) -> String {
        let w = self.width;
        format!("{:<w$} ", m.get(&format!("diff.{key}")))
    }
}

/// The counts of figures added, changed and removed.
pub fn counts(d: &DataDiff) -> (usize, usize, usize) {
    let added = d.figures.iter().filter(|f| f.old.is_none()).count();
    let removed = d.figures.iter().filter(|f| f.new.is_none()).count();
    (added, d.figures.len() - added - removed, removed)
}

/// The one-line summary.
pub fn summary(d: &DataDiff, m: &Messages) -> String {
    let (added, changed, removed) = counts(d);
    m.fill(
        "diff.summary",
        &[
            ("added", &added),
            ("changed", &changed),
            ("removed", &removed),
            ("statuses", &d.statuses.len()),
            ("plans", &d.plans.len()),
            ("localities", &d.localities.len()),
            ("flags", &d.second_look.len()),
        ],
    )
}

/// Why a figure is flagged, without the figure: `a count that falls, 7 in 2024-09 → 5 (−2)`.
pub fn flag_text(
    f: &Flag,
    threshold: f64,
    m: &Messages,
    month: impl Fn(super::Month) -> String,
) -> String {
    let limit = show_pct(threshold);
    let limit = limit.trim_start_matches('+');
    match f {
        Flag::Corrected { old, new, percent } => m.fill(
            "diff.over_threshold",
            &[
                ("old", &format::number(*old)),
                ("new", &format::number(*new)),
                ("percent", &show_pct(*percent)),
                ("threshold", &limit),
            ],
        ),
        Flag::Falls {
            month: mo,
            old,
            new,
        } => m.fill(
            "diff.falls",
            &[
                ("old", &format::number(*old)),
                ("month", &month(*mo)),
                ("new", &format::number(*new)),
                ("delta", &format::signed(new - old)),
            ],
        ),
        Flag::Jump {
            month: mo,
            old,
            new,
            percent,
        } => m.fill(
            "diff.over_threshold_month",
            &[
                ("old", &format::number(*old)),
                ("month", &month(*mo)),
                ("new", &format::number(*new)),
                ("percent", &show_pct(*percent)),
                ("threshold", &limit),
            ],
        ),
    }
}

/// `+4; +0,6 %`: the difference and the change in percent, when both values are numbers.
pub fn change(f: &FigureChange) -> Option<String> {
    let (a, b) = (f.old?.number()?, f.new?.number()?);
    let mut s = format::signed(b - a);
    if let Some(p) = pct(a, b) {
        let _ = write!(s, "; {}", show_pct(p));
    }
    Some(s)
}

fn figure_line(f: &FigureChange, m: &Messages, v: &Verbs) -> String {
    let head = format!("{} {}", f.key.month, f.key.subject);
    match (f.old, f.new) {
        (None, Some(n)) => format!("{}{head}: {}", v.pad(m, "added"), n.show(f.unit)),
        (Some(o), None) => format!(
            "{}{head}: {}",
            v.pad(m, "removed"),
            m.fill("diff.was", &[("value", &o.show(f.unit))])
        ),
        (Some(o), Some(n)) => {
            let mut s = format!(
                "{}{head}: {} → {}",
                v.pad(m, "changed"),
                o.show(f.unit),
                n.show(f.unit)
            );
            if let Some(c) = change(f) {
                let _ = write!(s, " ({c})");
            }
            s
        }
        (None, None) => head,
    }
}

/// An assessment's labels as the site shows them (the secondary status after `; `), or `—`.
pub fn status_label(x: Option<Assessed>) -> String {
    let label = crate::site::labels::status_label;
    match x {
        None => "—".into(),
        Some(Assessed {
            status,
            secondary: None,
        }) => label(status).into(),
        Some(Assessed {
            status,
            secondary: Some(also),
        }) => format!("{}; {}", label(status), label(also)),
    }
}

fn status_line(s: &StatusChange, m: &Messages) -> String {
    let model = m.fill("diff.model", &[("number", &s.model)]);
    let old = status_label(s.old);
    let new = status_label(s.new);
    match s.month_on_month {
        Some(pm) => format!("{} {model}: {old} ({pm}) → {new}", s.month),
        None => format!("{} {model}: {old} → {new}", s.month),
    }
}

fn plan_line(p: &PlanChange, m: &Messages, v: &Verbs) -> String {
    let item = m.fill("diff.item", &[("number", &p.number)]);
    let head = format!("{} {item} \"{}\"", p.locality, p.title);
    match &p.what {
        PlanChangeKind::Added => format!("{}{head}", v.pad(m, "added")),
        PlanChangeKind::Removed => format!("{}{head}", v.pad(m, "removed")),
        PlanChangeKind::DeadlineMoved(o, n) => {
            format!("{}{head}: \"{o}\" → \"{n}\"", v.pad(m, "deadline"))
        }
    }
}

fn locality_line(l: &LocalityChange, m: &Messages, v: &Verbs) -> String {
    match (l.added, &l.valid_to) {
        (true, _) => format!("{}{} ({})", v.pad(m, "added"), l.slug, l.name),
        (false, Some(t)) => format!(
            "{}{} ({}), {}",
            v.pad(m, "retired"),
            l.slug,
            l.name,
            m.fill("diff.valid_to", &[("date", t)])
        ),
        (false, None) => format!("{}{} ({})", v.pad(m, "removed"), l.slug, l.name),
    }
}

/// The headings of the four kinds of change, with their counts.
pub fn headings(d: &DataDiff, m: &Messages) -> [String; 4] {
    let (added, changed, removed) = counts(d);
    [
        m.fill(
            "diff.figures",
            &[
                ("added", &added),
                ("changed", &changed),
                ("removed", &removed),
            ],
        ),
        m.fill("diff.statuses", &[("count", &d.statuses.len())]),
        m.fill("diff.plans", &[("count", &d.plans.len())]),
        m.fill("diff.localities", &[("count", &d.localities.len())]),
    ]
}

fn second_look_line(s: &SecondLook, threshold: f64, m: &Messages) -> String {
    let why = flag_text(&s.flag, threshold, m, |mo| mo.to_string());
    format!("{} {}: {why}", s.key.month, s.key.subject)
}

impl DataDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
            && self.statuses.is_empty()
            && self.plans.is_empty()
            && self.localities.is_empty()
    }

    /// Plain text for a terminal, in the language of `m`.
    pub fn to_text(&self, from: &str, to: &str, m: &Messages) -> String {
        let mut s = m.fill("diff.title", &[("from", &from), ("to", &to)]);
        s.push('\n');
        if self.is_empty() {
            let _ = writeln!(s, "{}", m.get("diff.no_change"));
            return s;
        }
        if !self.second_look.is_empty() {
            let title = m.fill("diff.second_look", &[("count", &self.second_look.len())]);
            let _ = writeln!(s, "\n{title}:");
            for l in &self.second_look {
                let _ = writeln!(s, "  ! {}", second_look_line(l, self.threshold, m));
            }
        }
        let v = Verbs::new(m);
        let [figures, statuses, plans, localities] = headings(self, m);
        let sections: [(String, Vec<String>); 4] = [
            (
                figures,
                self.figures.iter().map(|f| figure_line(f, m, &v)).collect(),
            ),
            (
                statuses,
                self.statuses.iter().map(|x| status_line(x, m)).collect(),
            ),
            (
                plans,
                self.plans.iter().map(|p| plan_line(p, m, &v)).collect(),
            ),
            (
                localities,
                self.localities
                    .iter()
                    .map(|l| locality_line(l, m, &v))
                    .collect(),
            ),
        ];
        for (title, lines) in sections {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n{title}");
            for l in lines {
                let _ = writeln!(s, "  {l}");
            }
        }
        let _ = writeln!(s, "\n{}", summary(self, m));
        s
    }
}

/// Escapes the characters that Markdown would read as markup in a list item or table cell.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
