//! Readings: every figure of every indicator as pages show it (reported,
//! derived from a stated change, or a rate computed from its parts), sorted,
//! fingerprinted and indexed by indicator, locality and month.

use super::index::Ix;
use crate::common::calendar::Month;
use crate::common::format;
use crate::model::dataset::{Figure, MonthReport};
use crate::model::rate::rate_agrees;
use crate::model::records::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// How one figure reads: its value text and what kind of value it is.
#[derive(Debug, Clone)]
pub struct Reading<'a> {
    /// Month.
    pub month: Month,
    /// Locality slug (the figure's).
    pub locality: &'a str,
    /// Whether the locality is top-level (the province of a provincial portal,
    /// the provinces of a national one), looked up once, not by every page listing readings.
    pub top_level: bool,
    /// The locality's place among the dataset's slugs in sorted order (`u32::MAX` if
    /// not among them): ordering and grouping readings by it reads no string.
    pub(crate) locality_rank: u32,
    /// The number, when there is one (reported, derived, or computed rate).
    pub number: Option<f64>,
    /// reported | lower_bound | range | none | derived | rate. A range has no
    /// `number` (it is not a point: nothing ranks, sums or joins it as one); its
    /// bounds are its figure's, read with [`Reading::bounds`].
    pub kind: &'static str,
    /// For rates: the printed rate.
    pub stated: Option<f64>,
    /// The figure's record (for derived values, the record it was derived from;
    /// for rates computed without a figure of their own, a copy of the numerator's
    /// under the rate's id). Borrowed from the dataset: a national portal has
    /// nearly a million readings.
    pub source: FigureRef<'a>,
}

impl Reading<'_> {
    /// Display text, made when shown (a national portal has a million readings,
    /// a few thousand shown on the pages a rebuild makes).
    pub fn text(&self, ds: &Ix) -> String {
        let in_its_unit = |x: f64| match ds
            .indicator_by_id
            .get(self.source.record.indicator.as_str())
        {
            Some(ind) => in_unit(ind, x),
            None => format::number(x),
        };
        match (self.kind, self.number) {
            ("none", _) => "Không phát sinh".into(),
            ("rate", n) => n.map(format::percent).unwrap_or_default(),
            ("lower_bound", Some(x)) => format!("trên {}", in_its_unit(x)),
            ("range", _) => self
                .bounds()
                .map(|(a, b)| format::range(in_its_unit(a), in_its_unit(b)))
                .unwrap_or_default(),
            (_, Some(x)) => in_its_unit(x),
            (_, None) => String::new(),
        }
    }

    /// The bounds of a range figure (from, to), as written; `None` for any other kind.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        if self.kind != "range" {
            return None;
        }
        self.source.record.range.and_then(|r| r.both())
    }

    /// A rate whose printed value disagrees with the one computed from its parts.
    pub(crate) fn stated_differs(&self) -> bool {
        matches!((self.kind, self.stated, self.number), ("rate", Some(s), Some(c)) if !rate_agrees(s, c))
    }

    /// The change the document states, signed (a derived value has none of its own).
    pub(crate) fn delta_text(&self) -> Option<String> {
        if self.kind == "derived" {
            return None;
        }
        self.source
            .record
            .delta
            .as_ref()
            .map(|d| format::signed(d.by))
    }
}

/// A value as its indicator reads it: a percentage or a plain number, in Vietnamese form.
pub(crate) fn in_unit(ind: &Indicator, x: f64) -> String {
    if ind.unit == Unit::Percent {
        format::percent(x)
    } else {
        format::number(x)
    }
}

/// The figure behind a reading: the dataset's own, or (rarely) a copy made for it.
/// A pointer either way: a national portal has a million readings, and a
/// `Cow<Figure>` would be as large as a figure in each of them.
#[derive(Debug, Clone)]
pub enum FigureRef<'a> {
    /// The dataset's figure.
    Borrowed(&'a Figure),
    /// A figure made for a computed reading.
    Owned(Box<Figure>),
}

impl std::ops::Deref for FigureRef<'_> {
    type Target = Figure;
    fn deref(&self) -> &Figure {
        match self {
            FigureRef::Borrowed(f) => f,
            FigureRef::Owned(f) => f,
        }
    }
}

/// Every reading of every indicator: reported figures, values derived from
/// stated deltas, and rates computed from their parts; sorted by
/// (indicator, locality, month). With each one's fingerprint (see
/// [`reading_fingerprint`]), in the same order.
pub(crate) fn readings<'a>(ds: &Ix<'a>) -> (Readings<'a>, Vec<u128>) {
    // The rates each indicator is the numerator of, in the dataset's order.
    let mut rates_of: HashMap<&str, Vec<&Indicator>> = HashMap::default();
    for ind in &ds.indicators {
        if let Some(n) = &ind.numerator {
            rates_of.entry(n.as_str()).or_default().push(ind);
        }
    }
    let lk = Lookups {
        ds,
        indicator_rank: ranks(ds.ds.indicators.iter().map(|i| i.id.as_str())),
        locality_rank: ranks(ds.ds.localities.iter().map(|l| l.slug.as_str())),
        rates_of,
    };
    // Each month's readings on its own core, put into one list per indicator (by rank);
    // each indicator's lists are then joined in report order and sorted on its own core,
    // so that the sort moves readings within a few megabytes, not across all of them.
    let per_report: Vec<Vec<(Vec<Reading>, Vec<u128>)>> = ds
        .ds
        .reports
        .par_iter()
        .map(|r| report_readings(&lk, r))
        .collect();
    join_and_sort(per_report, lk.indicator_rank.len())
}

/// Ranks of names in sorted order: readings are ordered by the ranks of their
/// names rather than by comparing strings (an eighth of a national build's
/// assemble stage); the order is the same.
fn ranks<'n>(names: impl Iterator<Item = &'n str>) -> HashMap<&'n str, u32> {
    let mut v: Vec<&str> = names.collect();
    v.sort_unstable();
    v.dedup();
    v.into_iter().zip(0..).collect()
}

/// What the readings of every report are made with, looked up once.
struct Lookups<'x, 'a> {
    ds: &'x Ix<'a>,
    indicator_rank: HashMap<&'x str, u32>,
    locality_rank: HashMap<&'x str, u32>,
    /// The rates each indicator is the numerator of, in the dataset's order.
    rates_of: HashMap<&'x str, Vec<&'x Indicator>>,
}

impl Lookups<'_, '_> {
    /// Whether a locality is top-level (or unknown).
    fn top_level(&self, slug: &str) -> bool {
        self.ds
            .locality_by_slug
            .get(slug)
            .is_none_or(|l| l.record.parent.is_none())
    }
}

/// The readings of one report, in one list per indicator (by rank), with their fingerprints.
fn report_readings<'a>(
    lk: &Lookups<'_, 'a>,
    r: &'a MonthReport,
) -> Vec<(Vec<Reading<'a>>, Vec<u128>)> {
    let mut out: Vec<(Vec<Reading>, Vec<u128>)> =
        vec![(Vec::new(), Vec::new()); lk.indicator_rank.len()];
    // Fingerprinted as made, while its figure is in the cache: afterwards,
    // reading each reading's figure again was 7 % of a one-figure national rebuild.
    let mut buf = Vec::new();
    // Every indicator has a rank: the ranks are of the dataset's indicators.
    let mut push = |ind: &Indicator, x: Reading<'a>| {
        if let Some(&k) = lk.indicator_rank.get(ind.id.as_str()) {
            let (list, fps) = &mut out[k as usize];
            fps.push(reading_fingerprint(&x, &mut buf));
            list.push(x);
        }
    };
    let month = r.report.month;
    // (indicator, locality) → figure of this month, for computing rates without a scan.
    let mut by_key: HashMap<(&str, &str), &Figure> =
        HashMap::with_capacity_and_hasher(r.values.len(), Default::default());
    for f in r.values.iter().rev() {
        by_key.insert((f.record.indicator.as_str(), f.locality()), f);
    }
    let rate = |ind: &Indicator, locality: &str| -> Option<f64> {
        let part = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| by_key.get(&(id, locality)))
                .and_then(|f| f.record.value)
        };
        match (part(&ind.numerator), part(&ind.denominator)) {
            (Some(n), Some(d)) if d > 0.0 => Some(n * 100.0 / d),
            _ => None,
        }
    };
    // A report lists a locality's figures together: its lookups are kept for the next figure.
    let mut last: Option<(&str, bool, u32)> = None;
    let mut place = |slug: &'a str| match last {
        Some((s, t, k)) if s == slug => (t, k),
        _ => {
            let t = lk.top_level(slug);
            let k = lk.locality_rank.get(slug).copied().unwrap_or(u32::MAX);
            last = Some((slug, t, k));
            (t, k)
        }
    };
    let mut have: rustc_hash::FxHashSet<(&str, &str)> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(r.values.len() / 8, Default::default());
    for f in &r.values {
        let v = &f.record;
        let Some(ind) = lk.ds.indicator_by_id.get(v.indicator.as_str()) else {
            continue;
        };
        let (top_level, locality_rank) = place(f.locality());
        let base = Reading {
            month,
            locality: f.locality(),
            top_level,
            locality_rank,
            number: None,
            kind: "reported",
            stated: v.stated,
            source: FigureRef::Borrowed(f),
        };
        if ind.numerator.is_some() {
            have.insert((ind.id.as_str(), f.locality()));
            let computed = rate(ind, f.locality());
            push(
                ind,
                Reading {
                    number: computed.or(v.stated),
                    kind: "rate",
                    ..base
                },
            );
        } else {
            let (x, derived) = own_readings(base);
            push(ind, x);
            if let Some(d) = derived {
                push(ind, d);
            }
        }
    }
    // Rates with no figure of their own (676/683 printed without a percentage) are computed
    // too, found from their numerators' figures in one pass over the month: a scan of
    // the month per rate compared every figure's indicator id with each numerator's.
    for f in &r.values {
        let Some(rates) = lk.rates_of.get(f.record.indicator.as_str()) else {
            continue;
        };
        for ind in rates {
            if have.contains(&(ind.id.as_str(), f.locality())) {
                continue;
            }
            if let Some(x) = rate(ind, f.locality()) {
                let (top_level, locality_rank) = place(f.locality());
                let mut source = f.clone();
                source.record.indicator = ind.id.clone();
                push(
                    ind,
                    Reading {
                        month,
                        locality: f.locality(),
                        top_level,
                        locality_rank,
                        number: Some(x),
                        kind: "rate",
                        stated: None,
                        source: FigureRef::Owned(Box::new(source)),
                    },
                );
            }
        }
    }
    out
}

/// The readings of a figure of an indicator that is not a rate: its value (and
/// the value derived for the month before from the change it states), its
/// lower bound, its range, or none.
fn own_readings(base: Reading<'_>) -> (Reading<'_>, Option<Reading<'_>>) {
    let v = &base.source.record;
    if let Some(x) = v.value {
        let derived = match v.delta {
            Some(Delta { by, on: Some(prev) }) => {
                let x0 = x - by;
                Some(Reading {
                    month: prev,
                    number: Some(x0),
                    kind: "derived",
                    ..base.clone()
                })
            }
            _ => None,
        };
        return (
            Reading {
                number: Some(x),
                ..base
            },
            derived,
        );
    }
    if v.range.is_some() {
        return (
            Reading {
                kind: "range",
                ..base
            },
            None,
        );
    }
    if let Some(x) = v.lower_bound {
        return (
            Reading {
                number: Some(x),
                kind: "lower_bound",
                ..base
            },
            None,
        );
    }
    (
        Reading {
            kind: "none",
            ..base
        },
        None,
    )
}

/// Each indicator's readings, made report by report, joined and sorted.
fn join_and_sort<'a>(
    per_report: Vec<Vec<(Vec<Reading<'a>>, Vec<u128>)>>,
    indicators: usize,
) -> (Readings<'a>, Vec<u128>) {
    // Each indicator's lists joined on its own core and sorted where they lie: a
    // copy of the readings is into new memory the kernel must clear, and that
    // was a fifth of this stage when it was one list made on one core.
    let mut by_indicator: Vec<Vec<(Vec<Reading>, Vec<u128>)>> = (0..indicators)
        .map(|_| Vec::with_capacity(per_report.len()))
        .collect();
    for report in per_report {
        for (k, list) in report.into_iter().enumerate() {
            by_indicator[k].push(list);
        }
    }
    let (lists, fps): (Vec<Vec<Reading>>, Vec<Vec<u128>>) = by_indicator
        .into_par_iter()
        .map(|lists| {
            let n = lists.iter().map(|(l, _)| l.len()).sum();
            let (mut list, mut fps) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for (l, f) in lists {
                list.extend(l);
                fps.extend(f);
            }
            sort_by_locality_and_month(&mut list, &mut fps);
            (list, fps)
        })
        .unzip();
    let mut starts = Vec::with_capacity(lists.len());
    let mut at = 0u32;
    for l in &lists {
        starts.push(at);
        at += l.len() as u32;
    }
    (Readings { lists, starts }, fps.concat())
}

/// Every reading, sorted by (indicator, locality, month), in one list per
/// indicator; a reading's position counts through the lists in order.
#[derive(Default)]
pub struct Readings<'a> {
    lists: Vec<Vec<Reading<'a>>>,
    /// The position of each list's first reading.
    starts: Vec<u32>,
}

impl<'a> Readings<'a> {
    /// The reading at position `i` (a position from the [`ReadingIndex`]).
    pub(crate) fn get(&self, i: u32) -> &Reading<'a> {
        let k = self.starts.partition_point(|&s| s <= i) - 1;
        &self.lists[k][(i - self.starts[k]) as usize]
    }

    /// Every reading with its position, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &Reading<'a>)> {
        (0..).zip(self.lists.iter().flatten())
    }
}

/// Sorts one indicator's readings by (locality, month), equal keys in their given
/// order, and their fingerprints `fps` along with them.
pub(crate) fn sort_by_locality_and_month(list: &mut [Reading], fps: &mut [u128]) {
    let known = list.iter().all(|x| x.locality_rank != u32::MAX);
    // Position i takes the reading at order[i].
    let order: Vec<u32> = if known {
        let mut keys: Vec<(u32, Month, u32)> = list
            .iter()
            .zip(0..)
            .map(|(x, k)| (x.locality_rank, x.month, k))
            .collect();
        // The position in the key makes every key distinct: an unstable sort keeps equal names in order.
        keys.sort_unstable();
        keys.into_iter().map(|(_, _, k)| k).collect()
    } else {
        // A locality not in the dataset (validation keeps them out): by the strings.
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        order.sort_by_key(|&k| (list[k as usize].locality, list[k as usize].month));
        order
    };
    // Each cycle of that permutation is followed with swaps, so that the
    // readings move within the list, into no new memory.
    let mut placed = vec![false; list.len()];
    for start in 0..list.len() {
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let from = order[i] as usize;
            if from == start {
                break;
            }
            list.swap(i, from);
            fps.swap(i, from);
            i = from;
        }
    }
}

/// Fingerprint of a reading: its figure's record and what was computed from
/// it (the month a value was derived for; a rate, from its parts, which are
/// figures of other indicators). Its text follows from these and the rest.
pub(crate) fn reading_fingerprint(x: &Reading, buf: &mut Vec<u8>) -> u128 {
    let opt = |buf: &mut Vec<u8>, v: Option<f64>| match v {
        Some(v) => {
            buf.push(1);
            buf.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        None => buf.push(0),
    };
    buf.clear();
    buf.extend_from_slice(&x.source.fingerprint.to_le_bytes());
    for s in [x.source.record.indicator.as_str(), x.locality, x.kind] {
        buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
        buf.extend_from_slice(s.as_bytes());
    }
    buf.extend_from_slice(&x.month.year.to_le_bytes());
    buf.extend_from_slice(&x.month.month.to_le_bytes());
    opt(buf, x.number);
    opt(buf, x.stated);
    // One call of the hash over the fields, not a streamed update per field.
    xxhash_rust::xxh3::xxh3_128(buf)
}

/// Readings indexed once: by indicator, by locality and by month (positions in
/// the sorted readings, so each list keeps (indicator, locality, month) order),
/// so that every page takes its own rows directly.
#[derive(Default)]
pub(crate) struct ReadingIndex {
    pub(crate) by_indicator: HashMap<String, Vec<u32>>,
    pub(crate) by_locality: HashMap<String, Vec<u32>>,
    pub(crate) by_month: HashMap<Month, Vec<u32>>,
}

impl ReadingIndex {
    /// Indexes sorted readings.
    pub(crate) fn new(readings: &Readings) -> Self {
        // Sorted readings come in runs of one locality within their indicator's list:
        // one probe of the table per run, not per reading. A run ends where the
        // rank changes (or the slug, for slugs without one), not read from the figure.
        fn by_runs<'r, 'a: 'r>(
            readings: &'r Readings<'a>,
            key: impl Fn(&'r Reading<'a>) -> &'r str,
            same: impl Fn(&Reading, &Reading) -> bool,
        ) -> HashMap<String, Vec<u32>> {
            let mut table: HashMap<String, Vec<u32>> = HashMap::default();
            for (list, &first) in readings.lists.iter().zip(&readings.starts) {
                let mut start = 0;
                while start < list.len() {
                    let k = key(&list[start]);
                    let end = start
                        + list[start..]
                            .iter()
                            .take_while(|x| same(x, &list[start]))
                            .count();
                    let run = first + start as u32..first + end as u32;
                    match table.get_mut(k) {
                        Some(v) => v.extend(run),
                        None => {
                            table.insert(k.to_string(), run.collect());
                        }
                    }
                    start = end;
                }
            }
            table
        }
        let by_month = || {
            let mut by_month: HashMap<Month, Vec<u32>> = HashMap::default();
            for (i, x) in readings.iter() {
                by_month.entry(x.month).or_default().push(i);
            }
            by_month
        };
        let ((by_indicator, by_locality), by_month) = rayon::join(
            || {
                rayon::join(
                    // Each list holds one indicator.
                    || {
                        by_runs(
                            readings,
                            |x| x.source.record.indicator.as_str(),
                            |_, _| true,
                        )
                    },
                    || {
                        by_runs(
                            readings,
                            |x| x.locality,
                            |a, b| match (a.locality_rank, b.locality_rank) {
                                (u32::MAX, _) | (_, u32::MAX) => a.locality == b.locality,
                                (p, q) => p == q,
                            },
                        )
                    },
                )
            },
            by_month,
        );
        ReadingIndex {
            by_indicator,
            by_locality,
            by_month,
        }
    }
}

/// The figures of a month as reported (without the values derived for the month before).
pub(crate) fn month_reported<'a>(
    ds: &super::scope::Scope<'a>,
    month: Month,
) -> Vec<&'a Reading<'a>> {
    ds.of_month(month)
        .into_iter()
        .filter(|x| as_reported(x))
        .collect()
}

/// Whether a reading is a month's own figure, not one derived for the month before.
pub(crate) fn as_reported(x: &Reading) -> bool {
    x.kind != "derived"
}
