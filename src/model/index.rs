//! The lookup index over a validated dataset: every lookup by slug, id or
//! (indicator, locality, month) is a hash probe.

use super::readings::{ReadingIndex, Readings, readings};
use crate::model::dataset::{Dataset, Place, PlanEntry};
use crate::model::records::*;
use rustc_hash::FxHashMap as HashMap;

/// The dataset with lookup tables built once, so that assembling a national
/// portal stays linear in its size: every lookup by slug, id or
/// (indicator, locality, month) is a hash probe, not a scan.
///
/// It also holds every [`Reading`](super::readings::Reading), indexed by indicator, locality and month,
/// so that pages made one at a time during rendering share them. They are
/// read through a [`Scope`](super::scope::Scope) only.
pub struct Ix<'a> {
    pub(crate) ds: &'a Dataset,
    pub(crate) locality_by_slug: HashMap<&'a str, &'a Place>,
    pub(crate) children_of: HashMap<&'a str, Vec<&'a Place>>,
    /// The units whose territory a unit took over (the reverse of `successors`), in data order.
    pub(crate) predecessors_of: HashMap<&'a str, Vec<&'a Place>>,
    pub(crate) plan_of: HashMap<&'a str, &'a PlanEntry>,
    pub(crate) source_by_id: HashMap<&'a str, &'a Source>,
    pub(crate) indicator_by_id: HashMap<&'a str, &'a Indicator>,
    // The readings are read through a scope only (see [`super::scope`]).
    pub(in crate::model) readings: Readings<'a>,
    pub(in crate::model) rix: ReadingIndex,
    /// Each reading's fingerprint (see [`super::readings::reading_fingerprint`]), by position in `readings`.
    pub(in crate::model) reading_fps: Vec<u128>,
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
        let mut predecessors: HashMap<&str, Vec<&Place>> = HashMap::default();
        for l in &ds.localities {
            for s in &l.record.successors {
                predecessors.entry(s.as_str()).or_default().push(l);
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
            predecessors_of: predecessors,
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
