//! The lookup index over a validated dataset: every lookup by slug, id or
//! (indicator, locality, month) is a hash probe.

use super::readings::{Reading, ReadingIndex, Readings, readings};
use crate::common::calendar::Month;
use crate::model::dataset::{Dataset, Place, PlanEntry};
use crate::model::records::*;
use rustc_hash::FxHashMap as HashMap;

/// The dataset with lookup tables built once, so that assembling a national
/// portal stays linear in its size: every lookup by slug, id or
/// (indicator, locality, month) is a hash probe, not a scan.
///
/// It also holds every [`Reading`], indexed by indicator, locality and month,
/// so that pages made one at a time during rendering (see `site::Context`) share them.
pub struct Ix<'a> {
    pub(crate) ds: &'a Dataset,
    pub(crate) locality_by_slug: HashMap<&'a str, &'a Place>,
    pub(crate) children_of: HashMap<&'a str, Vec<&'a Place>>,
    pub(crate) plan_of: HashMap<&'a str, &'a PlanEntry>,
    pub(crate) source_by_id: HashMap<&'a str, &'a Source>,
    pub(crate) indicator_by_id: HashMap<&'a str, &'a Indicator>,
    pub(crate) readings: Readings<'a>,
    pub(crate) rix: ReadingIndex,
    /// Each reading's fingerprint (see [`reading_fingerprint`]), by position in `readings`.
    pub(crate) reading_fps: Vec<u128>,
}

impl<'a> Ix<'a> {
    /// Indexes a dataset.
    pub fn new(ds: &'a Dataset) -> Ix<'a> {
        let mut children: HashMap<&str, Vec<&Place>> = HashMap::default();
        for l in &ds.localities {
            if let Some(p) = &l.record.parent {
                children.entry(p.as_str()).or_default().push(l);
            }
        }
        let mut plans = HashMap::default();
        for p in &ds.plans {
            // The first plan of a locality is the one shown, as before indexing.
            plans.entry(p.plan.locality.as_str()).or_insert(p);
        }
        let mut ix = Ix {
            ds,
            readings: Readings::default(),
            rix: ReadingIndex::default(),
            reading_fps: Vec::new(),
            locality_by_slug: ds
                .localities
                .iter()
                .rev()
                .map(|l| (l.slug.as_str(), l))
                .collect(),
            children_of: children,
            plan_of: plans,
            source_by_id: ds
                .sources
                .iter()
                .rev()
                .map(|s| (s.id.as_str(), s))
                .collect(),
            indicator_by_id: ds
                .indicators
                .iter()
                .rev()
                .map(|i| (i.id.as_str(), i))
                .collect(),
        };
        let (readings, fps) = readings(&ix);
        ix.readings = readings;
        ix.rix = ReadingIndex::new(&ix.readings);
        ix.reading_fps = fps;
        ix
    }

    /// Fingerprint of an output made from `common` (the program, the rest of
    /// the data, the settings) and the readings of these lists that it keeps.
    pub(crate) fn fingerprint_of(
        &self,
        common: &str,
        lists: &[Option<&Vec<u32>>],
        keep: impl Fn(&Reading) -> bool,
    ) -> crate::common::fingerprint::Fp {
        // The fingerprints gathered, then hashed in one call: a locality, indicator or
        // report page has thousands, and a streamed update each was a third of assemble.
        let mut fps =
            Vec::with_capacity(16 * lists.iter().flatten().map(|l| l.len()).sum::<usize>());
        for list in lists {
            for &i in list.map_or(&[][..], Vec::as_slice) {
                if keep(self.readings.get(i)) {
                    fps.extend_from_slice(&self.reading_fps[i as usize].to_le_bytes());
                }
            }
        }
        let mut h = crate::common::fingerprint::Hasher::new();
        h.add(common.as_bytes()).add(&fps);
        h.finish()
    }

    /// The readings at the positions of `list`, in its order.
    pub(crate) fn picked(&self, list: Option<&Vec<u32>>) -> Vec<&Reading<'a>> {
        list.map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| self.readings.get(i))
            .collect()
    }

    /// The readings of one indicator, in (locality, month) order.
    pub(crate) fn of_indicator(&self, id: &str) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_indicator.get(id))
    }

    /// The readings of one locality, in (indicator, month) order.
    pub(crate) fn of_locality(&self, slug: &str) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_locality.get(slug))
    }

    /// The readings of one month, in (indicator, locality) order.
    pub(crate) fn of_month(&self, month: Month) -> Vec<&Reading<'a>> {
        self.picked(self.rix.by_month.get(&month))
    }
}

impl std::ops::Deref for Ix<'_> {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        self.ds
    }
}

/// A locality's name, or its slug if unknown.
pub(crate) fn locality_name(ds: &Ix, slug: &str) -> String {
    ds.locality_by_slug
        .get(slug)
        .map_or_else(|| slug.to_string(), |l| l.record.name.clone())
}
