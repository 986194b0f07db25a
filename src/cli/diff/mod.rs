//! `minhbach diff`: what changed in the data between two revisions, in an editor's terms.
//!
//! Each revision is checked out of git into a temporary folder (the working
//! tree is read in place), loaded and validated like any build; the two
//! [`Dataset`]s are then compared record by record: figures, model statuses,
//! plan items and localities. Large or suspicious moves are flagged for a
//! second look. How a comparison is shown: [`show`] (terminal) and [`markdown`]
//! (a pull-request comment).

use crate::common::calendar::Month;
use crate::common::diagnostic::Diagnostic;
use crate::common::format;
use crate::model::dataset::Dataset;
use crate::model::records::{ServiceFigures, Status, Unit};
use crate::validate;

pub mod markdown;
pub mod show;

pub use show::md_escape;
use std::collections::BTreeMap;
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
    /// The number, for a plain value.
    pub fn number(self) -> Option<f64> {
        match self {
            Amount::Value(v) => Some(v),
            _ => None,
        }
    }

    /// As the site shows it (the document's words for "trên" and "không phát sinh").
    pub fn show(self, unit: Unit) -> String {
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
    /// The measure and the place.
    pub subject: Subject,
}

/// The measure and place of a figure, by the ids of the data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An indicator's figure for a locality.
    Indicator {
        /// The indicator's id.
        indicator: String,
        /// The locality's slug.
        locality: String,
    },
    /// A cell of a public-service table.
    Service {
        /// The appendix, as printed (`I`).
        appendix: String,
        /// The row number, as printed (`2`).
        number: String,
        /// A sub-row's name, if the cell is in one.
        row: Option<String>,
        /// The column: `total`, `online`, `stated_rate`, `on_time` or `overdue`.
        field: &'static str,
    },
}

impl std::fmt::Display for Subject {
    /// `indicator @ locality`, or `Phụ lục I, STT 2 · total`: the ids, for a terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Indicator {
                indicator,
                locality,
            } => write!(f, "{indicator} @ {locality}"),
            Subject::Service {
                appendix,
                number,
                row,
                field,
            } => {
                write!(f, "Phụ lục {appendix}, STT {number}")?;
                if let Some(r) = row {
                    write!(f, " / {r}")?;
                }
                write!(f, " · {field}")
            }
        }
    }
}

/// Why a figure deserves a second look.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// Corrected between the revisions by more than the threshold (in percent).
    Corrected {
        /// Before and after.
        old: f64,
        /// After.
        new: f64,
        /// The change, in percent.
        percent: f64,
    },
    /// A count lower than in the latest earlier month.
    Falls {
        /// That month.
        month: Month,
        /// Its value.
        old: f64,
        /// The new value.
        new: f64,
    },
    /// A change from the latest earlier month over the threshold.
    Jump {
        /// That month.
        month: Month,
        /// Its value.
        old: f64,
        /// The new value.
        new: f64,
        /// The change, in percent.
        percent: f64,
    },
}

/// A figure flagged for a second look.
#[derive(Debug, Clone)]
pub struct SecondLook {
    /// Which figure.
    pub key: FigureKey,
    /// Why.
    pub flag: Flag,
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
    pub old: Option<Assessed>,
    /// The status now.
    pub new: Option<Assessed>,
    /// Whether `old` is the previous month's status (a new month) rather than the same month's in REV_A.
    pub month_on_month: Option<Month>,
}

/// A model's assessment: its status and, where the words say two things, the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessed {
    /// The primary status.
    pub status: Status,
    /// The secondary status, if any.
    pub secondary: Option<Status>,
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
    /// Figures flagged for a second look.
    pub second_look: Vec<SecondLook>,
    /// The threshold of the flags, in percent.
    pub threshold: f64,
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
                    subject: Subject::Indicator {
                        indicator: v.indicator.clone(),
                        locality: f.locality().to_string(),
                    },
                },
                (unit, amount, better),
            );
        }
        for s in &r.services {
            let mut rows = vec![(None, s.figures())];
            rows.extend(s.rows.iter().map(|x| (Some(x.name.clone()), x.figures())));
            for (row, f) in rows {
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
                            subject: Subject::Service {
                                appendix: s.appendix.clone(),
                                number: s.number.clone(),
                                row: row.clone(),
                                field,
                            },
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

/// The change from `old` to `new` in percent of `old`; None from 0.
pub fn pct(old: f64, new: f64) -> Option<f64> {
    (old != 0.0).then(|| (new - old) / old.abs() * 100.0)
}

/// A percentage with its sign: `+50 %`, `−25 %`.
pub fn show_pct(p: f64) -> String {
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
        threshold: options.threshold * 100.0,
    }
}

/// Figures added, changed and removed, and the changes over `limit` percent
/// (or counts that fall) that deserve a second look.
fn figure_changes(a: &Dataset, b: &Dataset, limit: f64) -> (Vec<FigureChange>, Vec<SecondLook>) {
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
            second_look.push(SecondLook {
                key: key.clone(),
                flag: Flag::Corrected {
                    old: o,
                    new: n,
                    percent: p,
                },
            });
        }
        // Against the latest earlier month of the new revision.
        let earlier = fb
            .iter()
            .rfind(|(k, _)| k.subject == key.subject && k.month < key.month);
        if let Some((ek, (_, prev, _))) = earlier
            && let (Some(p0), Some(n)) = (prev.number(), new.number())
        {
            if *unit == Unit::Count && n < p0 && *better != Some(false) {
                second_look.push(SecondLook {
                    key: key.clone(),
                    flag: Flag::Falls {
                        month: ek.month,
                        old: p0,
                        new: n,
                    },
                });
            } else if let Some(p) = pct(p0, n)
                && p.abs() > limit
            {
                second_look.push(SecondLook {
                    key: key.clone(),
                    flag: Flag::Jump {
                        month: ek.month,
                        old: p0,
                        new: n,
                        percent: p,
                    },
                });
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
    let statuses = |ds: &Dataset| -> BTreeMap<(Month, u32), Assessed> {
        ds.reports
            .iter()
            .flat_map(|r| {
                r.statuses.iter().map(move |s| {
                    let assessed = Assessed {
                        status: s.status,
                        secondary: s.secondary_status,
                    };
                    ((r.report.month, s.model), assessed)
                })
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
