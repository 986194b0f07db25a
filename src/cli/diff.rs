//! `minhbach diff`: what changed in the data between two revisions, in an editor's terms.
//!
//! Each revision is checked out of git into a temporary folder (the working
//! tree is read in place), loaded and validated like any build; the two
//! [`Dataset`]s are then compared record by record: figures, model statuses,
//! plan items and localities. Large or suspicious moves are flagged for a
//! second look.

use crate::common::calendar::Month;
use crate::common::diagnostic::Diagnostic;
use crate::common::format;
use crate::model::dataset::Dataset;
use crate::model::records::{ServiceFigures, Status, Unit};
use crate::validate;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// A figure's value, as the data states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// A figure.
    Value(f64),
    /// "trên N": at least N.
    AtLeast(f64),
    /// "không phát sinh".
    NoneThisMonth,
    /// "từ N đến M": a range, both bounds as written.
    Range(f64, f64),
}

impl Amount {
    fn number(self) -> Option<f64> {
        match self {
            Amount::Value(v) => Some(v),
            _ => None,
        }
    }

    fn show(self, unit: Unit) -> String {
        let n = |x: f64| match unit {
            Unit::Percent => format::percent(x),
            _ => format::number(x),
        };
        match self {
            Amount::Value(v) => n(v),
            Amount::AtLeast(v) => format!("trên {}", n(v)),
            Amount::NoneThisMonth => "không phát sinh".into(),
            Amount::Range(a, b) => format::range(n(a), n(b)),
        }
    }
}

/// What a figure is: which month, which measure, where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FigureKey {
    /// The report's month.
    pub month: Month,
    /// `indicator @ locality`, or `Phụ lục I, STT 2 · total`.
    pub label: String,
}

/// One figure added, changed or removed.
#[derive(Debug, Clone)]
pub struct FigureChange {
    /// Which figure.
    pub key: FigureKey,
    /// Its unit.
    pub unit: Unit,
    /// Before (None: added).
    pub old: Option<Amount>,
    /// After (None: removed).
    pub new: Option<Amount>,
}

/// A model's status that moved.
#[derive(Debug, Clone)]
pub struct StatusChange {
    /// The month of the status.
    pub month: Month,
    /// Model number.
    pub model: u32,
    /// The status it moved from: in REV_A for the same month, or the previous month's for a new month.
    pub old: Option<Status>,
    /// The status now.
    pub new: Option<Status>,
    /// Whether `old` is the previous month's status (a new month) rather than the same month's in REV_A.
    pub month_on_month: Option<Month>,
}

/// A change to a plan.
#[derive(Debug, Clone)]
pub struct PlanChange {
    /// Locality of the plan.
    pub locality: String,
    /// Item number as printed.
    pub number: String,
    /// Item title.
    pub title: String,
    /// What happened.
    pub what: PlanChangeKind,
}

/// Kinds of [`PlanChange`].
#[derive(Debug, Clone)]
pub enum PlanChangeKind {
    /// A new item.
    Added,
    /// An item removed.
    Removed,
    /// The deadline moved (texts as written; "" when absent).
    DeadlineMoved(String, String),
}

/// A locality added or retired.
#[derive(Debug, Clone)]
pub struct LocalityChange {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Added (true) or retired/removed (false).
    pub added: bool,
    /// For a retirement: the last day of validity, if given.
    pub valid_to: Option<String>,
}

/// Everything that changed, and what deserves a second look.
#[derive(Debug, Default)]
pub struct DataDiff {
    /// Figures added, changed, removed.
    pub figures: Vec<FigureChange>,
    /// Model statuses that moved.
    pub statuses: Vec<StatusChange>,
    /// Plan items added, removed, or with a moved deadline.
    pub plans: Vec<PlanChange>,
    /// Localities added or retired.
    pub localities: Vec<LocalityChange>,
    /// Flags for a second look, one a line.
    pub second_look: Vec<String>,
}

/// Options of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    /// A change larger than this fraction (0.5 = 50 %) is flagged.
    pub threshold: f64,
}

fn figures(ds: &Dataset) -> BTreeMap<FigureKey, (Unit, Amount, Option<bool>)> {
    let mut out = BTreeMap::new();
    for r in &ds.reports {
        let month = r.report.month;
        for f in &r.values {
            let v = &f.record;
            let amount = match (v.value, v.lower_bound, v.none_this_month) {
                _ if v.range.is_some() => match v.range.and_then(|r| r.both()) {
                    Some((a, b)) => Amount::Range(a, b),
                    None => continue,
                },
                (Some(x), _, _) => Amount::Value(x),
                (_, Some(x), _) => Amount::AtLeast(x),
                (_, _, Some(true)) => Amount::NoneThisMonth,
                // A rate given only as printed has no figure of its own.
                _ => match v.stated {
                    Some(x) => Amount::Value(x),
                    None => continue,
                },
            };
            let ind = ds.indicators.iter().find(|i| i.id == v.indicator);
            let unit = ind.map_or(Unit::Count, |i| i.unit);
            let better = ind.and_then(|i| i.higher_is_better);
            out.insert(
                FigureKey {
                    month,
                    label: format!("{} @ {}", v.indicator, f.locality()),
                },
                (unit, amount, better),
            );
        }
        for s in &r.services {
            let mut rows = vec![(String::new(), s.figures())];
            rows.extend(
                s.rows
                    .iter()
                    .map(|x| (format!(" / {}", x.name), x.figures())),
            );
            for (row, f) in rows {
                let base = format!("Phụ lục {}, STT {}{row}", s.appendix, s.number);
                for (field, value) in service_cells(&f) {
                    let amount = if f.none_this_month {
                        Amount::NoneThisMonth
                    } else if let Some(v) = value {
                        Amount::Value(v)
                    } else {
                        continue;
                    };
                    let unit = if field == "stated_rate" {
                        Unit::Percent
                    } else {
                        Unit::Count
                    };
                    out.insert(
                        FigureKey {
                            month,
                            label: format!("{base} · {field}"),
                        },
                        (unit, amount, None),
                    );
                }
            }
        }
    }
    out
}

fn service_cells(f: &ServiceFigures) -> [(&'static str, Option<f64>); 5] {
    [
        ("total", f.total.map(|x| x as f64)),
        ("online", f.online.map(|x| x as f64)),
        ("stated_rate", f.stated_rate),
        ("on_time", f.on_time.map(|x| x as f64)),
        ("overdue", f.overdue.map(|x| x as f64)),
    ]
}

fn pct(old: f64, new: f64) -> Option<f64> {
    (old != 0.0).then(|| (new - old) / old.abs() * 100.0)
}

fn show_pct(p: f64) -> String {
    let sign = if p < 0.0 { "−" } else { "+" };
    format!("{sign}{}\u{a0}%", format::number_with(p.abs(), 1))
}

/// Compares two datasets: `a` before, `b` after.
pub fn compare(a: &Dataset, b: &Dataset, options: DiffOptions) -> DataDiff {
    let (figures, second_look) = figure_changes(a, b, options.threshold * 100.0);
    DataDiff {
        figures,
        statuses: status_changes(a, b),
        plans: plan_changes(a, b),
        localities: locality_changes(a, b),
        second_look,
    }
}

/// Figures added, changed and removed, and the changes over `limit` percent
/// (or counts that fall) that deserve a second look.
fn figure_changes(a: &Dataset, b: &Dataset, limit: f64) -> (Vec<FigureChange>, Vec<String>) {
    let mut changes = Vec::new();
    let mut second_look = Vec::new();
    let (fa, fb) = (figures(a), figures(b));
    for (key, (unit, new, better)) in &fb {
        let old = fa.get(key).map(|x| x.1);
        if old == Some(*new) {
            continue;
        }
        changes.push(FigureChange {
            key: key.clone(),
            unit: *unit,
            old,
            new: Some(*new),
        });
        // Against the revision before: a large correction deserves a look.
        if let (Some(o), Some(n)) = (old.and_then(Amount::number), new.number())
            && let Some(p) = pct(o, n)
            && p.abs() > limit
        {
            second_look.push(format!(
                "{} {}: {} → {} ({}) between the revisions, over the {} threshold",
                key.month,
                key.label,
                format::number(o),
                format::number(n),
                show_pct(p),
                show_pct(limit).trim_start_matches('+')
            ));
        }
        // Against the latest earlier month of the new revision.
        let earlier = fb
            .iter()
            .rfind(|(k, _)| k.label == key.label && k.month < key.month);
        if let Some((ek, (_, prev, _))) = earlier
            && let (Some(p0), Some(n)) = (prev.number(), new.number())
        {
            if *unit == Unit::Count && n < p0 && *better != Some(false) {
                second_look.push(format!(
                    "{} {}: a count that falls, {} in {} → {} ({})",
                    key.month,
                    key.label,
                    format::number(p0),
                    ek.month,
                    format::number(n),
                    format::signed(n - p0)
                ));
            } else if let Some(p) = pct(p0, n)
                && p.abs() > limit
            {
                second_look.push(format!(
                    "{} {}: {} in {} → {} ({}), over the {} threshold",
                    key.month,
                    key.label,
                    format::number(p0),
                    ek.month,
                    format::number(n),
                    show_pct(p),
                    show_pct(limit).trim_start_matches('+')
                ));
            }
        }
    }
    for (key, (unit, old, _)) in &fa {
        if !fb.contains_key(key) {
            changes.push(FigureChange {
                key: key.clone(),
                unit: *unit,
                old: Some(*old),
                new: None,
            });
        }
    }
    changes.sort_by(|x, y| x.key.cmp(&y.key));

    (changes, second_look)
}

/// Model statuses that moved.
fn status_changes(a: &Dataset, b: &Dataset) -> Vec<StatusChange> {
    let mut changes = Vec::new();
    // Statuses: the same month across revisions; a new month against its previous month.
    let statuses = |ds: &Dataset| -> BTreeMap<(Month, u32), Status> {
        ds.reports
            .iter()
            .flat_map(|r| {
                r.statuses
                    .iter()
                    .map(move |s| ((r.report.month, s.model), s.status))
            })
            .collect()
    };
    let (sa, sb) = (statuses(a), statuses(b));
    let months_a: Vec<Month> = a.reports.iter().map(|r| r.report.month).collect();
    for (&(month, model), &new) in &sb {
        if months_a.contains(&month) {
            let old = sa.get(&(month, model)).copied();
            if old != Some(new) {
                changes.push(StatusChange {
                    month,
                    model,
                    old,
                    new: Some(new),
                    month_on_month: None,
                });
            }
        } else if let Some((&(pm, _), &old)) = sb
            .range(
                (
                    Month {
                        year: i32::MIN,
                        month: 1,
                    },
                    model,
                )..(month, model),
            )
            .rfind(|((_, m), _)| *m == model)
            && old != new
        {
            changes.push(StatusChange {
                month,
                model,
                old: Some(old),
                new: Some(new),
                month_on_month: Some(pm),
            });
        }
    }
    for (&(month, model), &old) in &sa {
        if !sb.contains_key(&(month, model)) {
            changes.push(StatusChange {
                month,
                model,
                old: Some(old),
                new: None,
                month_on_month: None,
            });
        }
    }
    changes.sort_by_key(|s| (s.month, s.model));
    changes
}

/// Plan items added, removed, or with a moved deadline.
fn plan_changes(a: &Dataset, b: &Dataset) -> Vec<PlanChange> {
    let mut changes = Vec::new();
    // Plans: items by (locality, number).
    let items = |ds: &Dataset| -> BTreeMap<(String, String), (String, String)> {
        ds.plans
            .iter()
            .flat_map(|p| {
                p.items.iter().map(|i| {
                    (
                        (p.plan.locality.clone(), i.number.clone()),
                        (
                            i.title.clone(),
                            i.deadline.as_ref().map(|x| x.text()).unwrap_or_default(),
                        ),
                    )
                })
            })
            .collect()
    };
    let (pa, pb) = (items(a), items(b));
    for ((loc, number), (title, deadline)) in &pb {
        let what = match pa.get(&(loc.clone(), number.clone())) {
            None => PlanChangeKind::Added,
            Some((_, old)) if old != deadline => {
                PlanChangeKind::DeadlineMoved(old.clone(), deadline.clone())
            }
            Some(_) => continue,
        };
        changes.push(PlanChange {
            locality: loc.clone(),
            number: number.clone(),
            title: title.clone(),
            what,
        });
    }
    for ((loc, number), (title, _)) in &pa {
        if !pb.contains_key(&(loc.clone(), number.clone())) {
            changes.push(PlanChange {
                locality: loc.clone(),
                number: number.clone(),
                title: title.clone(),
                what: PlanChangeKind::Removed,
            });
        }
    }
    changes
}

/// Localities added or retired.
fn locality_changes(a: &Dataset, b: &Dataset) -> Vec<LocalityChange> {
    let mut changes = Vec::new();
    // Localities: new slugs; slugs gone, or given an end of validity.
    for l in &b.localities {
        match a.localities.iter().find(|x| x.slug == l.slug) {
            None => changes.push(LocalityChange {
                slug: l.slug.clone(),
                name: l.record.name.clone(),
                added: true,
                valid_to: None,
            }),
            Some(old) if old.record.valid_to.is_none() && l.record.valid_to.is_some() => changes
                .push(LocalityChange {
                    slug: l.slug.clone(),
                    name: l.record.name.clone(),
                    added: false,
                    valid_to: l.record.valid_to.map(|t| t.to_string()),
                }),
            Some(_) => {}
        }
    }
    for l in &a.localities {
        if !b.localities.iter().any(|x| x.slug == l.slug) {
            changes.push(LocalityChange {
                slug: l.slug.clone(),
                name: l.record.name.clone(),
                added: false,
                valid_to: None,
            });
        }
    }
    changes
}

impl DataDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
            && self.statuses.is_empty()
            && self.plans.is_empty()
            && self.localities.is_empty()
    }

    fn counts(&self) -> (usize, usize, usize) {
        let added = self.figures.iter().filter(|f| f.old.is_none()).count();
        let removed = self.figures.iter().filter(|f| f.new.is_none()).count();
        (added, self.figures.len() - added - removed, removed)
    }

    /// A one-line summary.
    pub fn summary(&self) -> String {
        let (added, changed, removed) = self.counts();
        format!(
            "{added} figure(s) added, {changed} changed, {removed} removed; {} status(es) moved; {} plan change(s); {} locality change(s); {} for a second look",
            self.statuses.len(),
            self.plans.len(),
            self.localities.len(),
            self.second_look.len()
        )
    }

    fn figure_line(f: &FigureChange) -> String {
        let head = format!("{} {}", f.key.month, f.key.label);
        match (f.old, f.new) {
            (None, Some(n)) => format!("added    {head}: {}", n.show(f.unit)),
            (Some(o), None) => format!("removed  {head}: was {}", o.show(f.unit)),
            (Some(o), Some(n)) => {
                let mut s = format!("changed  {head}: {} → {}", o.show(f.unit), n.show(f.unit));
                if let (Some(a), Some(b)) = (o.number(), n.number()) {
                    let _ = write!(s, " ({}", format::signed(b - a));
                    if let Some(p) = pct(a, b) {
                        let _ = write!(s, "; {}", show_pct(p));
                    }
                    s.push(')');
                }
                s
            }
            (None, None) => head,
        }
    }

    fn status_line(s: &StatusChange) -> String {
        let label = |x: Option<Status>| x.map_or("—", crate::site::labels::status_label);
        match s.month_on_month {
            Some(pm) => format!(
                "{} model {}: {} ({pm}) → {}",
                s.month,
                s.model,
                label(s.old),
                label(s.new)
            ),
            None => format!(
                "{} model {}: {} → {}",
                s.month,
                s.model,
                label(s.old),
                label(s.new)
            ),
        }
    }

    fn plan_line(p: &PlanChange) -> String {
        let head = format!("{} item {} \"{}\"", p.locality, p.number, p.title);
        match &p.what {
            PlanChangeKind::Added => format!("added    {head}"),
            PlanChangeKind::Removed => format!("removed  {head}"),
            PlanChangeKind::DeadlineMoved(o, n) => {
                format!("deadline {head}: \"{o}\" → \"{n}\"")
            }
        }
    }

    fn locality_line(l: &LocalityChange) -> String {
        match (l.added, &l.valid_to) {
            (true, _) => format!("added    {} ({})", l.slug, l.name),
            (false, Some(t)) => format!("retired  {} ({}), valid to {t}", l.slug, l.name),
            (false, None) => format!("removed  {} ({})", l.slug, l.name),
        }
    }

    fn sections(&self) -> Vec<(String, Vec<String>)> {
        let (added, changed, removed) = self.counts();
        vec![
            (
                format!("Figures: {added} added, {changed} changed, {removed} removed"),
                self.figures.iter().map(Self::figure_line).collect(),
            ),
            (
                format!("Model statuses: {} moved", self.statuses.len()),
                self.statuses.iter().map(Self::status_line).collect(),
            ),
            (
                format!("Plans: {} change(s)", self.plans.len()),
                self.plans.iter().map(Self::plan_line).collect(),
            ),
            (
                format!("Localities: {} change(s)", self.localities.len()),
                self.localities.iter().map(Self::locality_line).collect(),
            ),
        ]
    }

    /// Plain text for a terminal.
    pub fn to_text(&self, from: &str, to: &str) -> String {
        let mut s = format!("Data changes from {from} to {to}\n");
        if self.is_empty() {
            s.push_str("No change in the data.\n");
            return s;
        }
        if !self.second_look.is_empty() {
            let _ = writeln!(s, "\nFor a second look ({}):", self.second_look.len());
            for l in &self.second_look {
                let _ = writeln!(s, "  ! {l}");
            }
        }
        for (title, lines) in self.sections() {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n{title}");
            for l in lines {
                let _ = writeln!(s, "  {l}");
            }
        }
        let _ = writeln!(s, "\n{}", self.summary());
        s
    }

    /// Markdown for a pull-request comment.
    pub fn to_markdown(&self, from: &str, to: &str) -> String {
        let mut s = format!("## Data changes from `{from}` to `{to}`\n\n");
        if self.is_empty() {
            s.push_str("No change in the data.\n");
            return s;
        }
        let _ = writeln!(s, "{}\n", self.summary());
        if !self.second_look.is_empty() {
            let _ = writeln!(s, "### ⚠️ For a second look ({})\n", self.second_look.len());
            for l in &self.second_look {
                let _ = writeln!(s, "- {}", md_escape(l));
            }
            s.push('\n');
        }
        for (title, lines) in self.sections() {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(s, "### {title}\n");
            for l in lines {
                let (verb, rest) = l.split_once(' ').unwrap_or(("", &l));
                match verb {
                    "added" | "removed" | "changed" | "deadline" | "retired" => {
                        let _ = writeln!(s, "- **{verb}** {}", md_escape(rest.trim_start()));
                    }
                    _ => {
                        let _ = writeln!(s, "- {}", md_escape(&l));
                    }
                }
            }
            s.push('\n');
        }
        s
    }
}

/// Escapes the characters that Markdown would read as markup in a list item.
fn md_escape(s: &str) -> String {
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

/// Why a revision's data could not be compared.
#[derive(Debug)]
pub enum RevisionError {
    /// git failed (unknown revision, not a repository...).
    Git(String),
    /// The revision's data does not check.
    Invalid(Vec<Diagnostic>),
}

/// Loads and validates the site at `site` as of git revision `rev` (None: the working tree).
pub fn load_revision(site: &Path, rev: Option<&str>) -> Result<Dataset, RevisionError> {
    let options = validate::Options::default();
    let checked = |root: &Path| {
        let (ds, diags) = crate::check(root, options);
        ds.ok_or_else(|| RevisionError::Invalid(diags.errors()))
    };
    let Some(rev) = rev else {
        return checked(site);
    };
    let tmp =
        tempfile::tempdir().map_err(|e| RevisionError::Git(format!("temporary folder: {e}")))?;
    let tar = tmp.path().join("rev.tar");
    let tree = tmp.path().join("tree");
    std::fs::create_dir(&tree).map_err(|e| RevisionError::Git(e.to_string()))?;
    // Run from the site's folder, `git archive` holds that folder, paths relative to it.
    let out = Command::new("git")
        .arg("-C")
        .arg(site)
        .args(["archive", "--format=tar", "-o"])
        .arg(&tar)
        .arg(rev)
        .output()
        .map_err(|e| RevisionError::Git(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(RevisionError::Git(format!(
            "git archive {rev}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let out = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&tree)
        .output()
        .map_err(|e| RevisionError::Git(format!("cannot run tar: {e}")))?;
    if !out.status.success() {
        return Err(RevisionError::Git(format!(
            "unpacking {rev}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    checked(&tree)
}

/// A short name of a revision for headings (`abc1234`), or the name as given if git cannot say.
pub fn short_name(site: &Path, rev: &str) -> String {
    Command::new("git")
        .arg("-C")
        .arg(site)
        .args(["rev-parse", "--short", &format!("{rev}^{{commit}}")])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| format!("{rev} ({})", String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_else(|| rev.to_string())
}

/// Reads a threshold in percent (`50%`, `50`, `12,5 %`) as a fraction: `50%` is 0.5.
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let v: f64 = t
        .parse()
        .map_err(|_| format!("`{s}` is not a percentage (expected e.g. 50%)"))?;
    if !(v.is_finite() && v > 0.0) {
        return Err(format!("`{s}`: the threshold must be above 0 %"));
    }
    Ok(v / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_percentages() {
        assert_eq!(parse_threshold("50%").unwrap(), 0.5);
        assert_eq!(parse_threshold("12,5 %").unwrap(), 0.125);
        assert!(parse_threshold("abc").is_err());
        assert!(parse_threshold("0").is_err());
    }

    #[test]
    fn percent_changes_show_a_sign() {
        assert_eq!(show_pct(pct(200.0, 300.0).unwrap()), "+50\u{a0}%");
        assert_eq!(show_pct(pct(200.0, 150.0).unwrap()), "−25\u{a0}%");
        assert_eq!(pct(0.0, 5.0), None);
    }
}
