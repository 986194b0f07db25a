//! Scopes: the readings an output may read, and the fingerprint of exactly those.
//!
//! A page or file made on demand (a deferred page, a streamed readings CSV) is
//! skipped by an incremental build when the fingerprint of its inputs is
//! unchanged. The readings it depends on are therefore *declared*, and the rule
//! is that the declaration and the reading are one thing:
//!
//! - it gets a [`Scope`] built from its declared [`Key`]s (the readings of an
//!   indicator, of a locality, of a month, with an optional keep-filter);
//! - [`Scope::fingerprint`] hashes exactly the readings that the scope's
//!   accessors ([`Scope::of_indicator`], [`Scope::of_locality`],
//!   [`Scope::of_month`], [`Scope::each`]) can return;
//! - an accessor asked for a key that was not declared panics, naming the output
//!   and the key: a programming error, caught by every test that builds a site;
//! - while a scope is [entered](Scope::enter) (a deferred page being made, a
//!   CSV being streamed), reading through any other scope panics too, so a
//!   builder cannot reach around its own scope (say, through one captured
//!   from the page graph, or through [`Ix::everything`]).
//!
//! The index's own reading accessors are private to `model`: outside it,
//! readings are read through a scope only. Everything else in the dataset
//! (indicators, localities, sources, plans, reports' statuses…) is covered by
//! the fingerprint common to every output (the program, the rest of the data,
//! the settings), so a scope gives it freely: it dereferences to the [`Ix`].
//! A report's raw figures (`MonthReport::values`) are the readings' sources:
//! read them only for indicators the scope declares, checked by [`Scope::require`].
//!
//! Pages computed with the page graph (ready pages) read through
//! [`Ix::everything`]: their fingerprint is their rendered context.

use super::index::Ix;
use super::readings::Reading;
use crate::common::calendar::Month;
use std::cell::RefCell;

/// A set of readings an output may declare: those of one indicator, one locality or one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'k> {
    /// The readings of an indicator (by id).
    Indicator(&'k str),
    /// The readings of a locality (by slug).
    Locality(&'k str),
    /// The readings of a month.
    Month(Month),
}

impl std::fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Indicator(id) => write!(f, "the readings of indicator `{id}`"),
            Key::Locality(slug) => write!(f, "the readings of locality `{slug}`"),
            Key::Month(m) => write!(f, "the readings of month {m}"),
        }
    }
}

/// What a scope may read.
#[derive(Debug, Clone)]
enum Declared<'a> {
    /// The readings of these keys, in this order (the order they are fingerprinted in).
    Keys(Vec<Key<'a>>),
    /// Every reading (ready pages, see [`Ix::everything`]).
    Everything,
}

/// The readings an output may read, and the fingerprint of exactly those (see the module doc).
/// A clone reads the same (for a page showing another page's charts, see `site::Deferred`).
#[derive(Clone)]
pub struct Scope<'a> {
    ix: &'a Ix<'a>,
    /// What reads through the scope (a page's or file's path), for messages.
    of: String,
    declared: Declared<'a>,
    /// Which of the declared readings are given (and fingerprinted).
    keep: fn(&Reading) -> bool,
}

impl std::fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scope")
            .field("of", &self.of)
            .field("declared", &self.declared)
            .finish_non_exhaustive()
    }
}

thread_local! {
    /// The scopes entered on this thread (address and name), innermost last.
    static ENTERED: RefCell<Vec<(usize, String)>> = const { RefCell::new(Vec::new()) };
}

/// Leaves the scope entered last, even when the output being made panics.
struct Leave;

impl Drop for Leave {
    fn drop(&mut self) {
        ENTERED.with(|e| e.borrow_mut().pop());
    }
}

/// Every reading is kept.
fn all(_: &Reading) -> bool {
    true
}

impl<'a> Scope<'a> {
    /// The scope of the output `of` (a page's or file's path), which reads the readings of `keys`.
    pub fn new(
        ix: &'a Ix<'a>,
        of: impl Into<String>,
        keys: impl IntoIterator<Item = Key<'a>>,
    ) -> Self {
        Scope {
            ix,
            of: of.into(),
            declared: Declared::Keys(keys.into_iter().collect()),
            keep: all,
        }
    }

    /// The same scope giving (and fingerprinting) only the readings that `keep` keeps.
    #[must_use]
    pub fn keeping(self, keep: fn(&Reading) -> bool) -> Self {
        Scope { keep, ..self }
    }

    /// The readings of one indicator, in (locality, month) order.
    pub fn of_indicator(&self, id: &str) -> Vec<&'a Reading<'a>> {
        self.read(Key::Indicator(id))
    }

    /// The readings of one locality, in (indicator, month) order.
    pub fn of_locality(&self, slug: &str) -> Vec<&'a Reading<'a>> {
        self.read(Key::Locality(slug))
    }

    /// The readings of one month, in (indicator, locality) order.
    pub fn of_month(&self, month: Month) -> Vec<&'a Reading<'a>> {
        self.read(Key::Month(month))
    }

    /// Panics unless the scope may read `key`: for an output about to read the
    /// raw figures its readings are made from (a report's `values`).
    pub fn require(&self, key: Key) {
        self.check(Some(key));
    }

    /// Every reading of the scope with its fingerprint, key after key in the
    /// order declared: what [`Scope::fingerprint`] hashes.
    pub fn each(&self) -> Vec<(&'a Reading<'a>, u128)> {
        self.check(None);
        let ix = self.ix;
        self.positions()
            .map(|i| (ix.readings.get(i), ix.reading_fps[i as usize]))
            .collect()
    }

    /// Fingerprint of an output made from `common` (the program, the rest of the
    /// data, the settings) and the readings of this scope.
    pub fn fingerprint(&self, common: &str) -> crate::common::fingerprint::Fp {
        // The fingerprints gathered, then hashed in one call: a locality, indicator or
        // report page has thousands, and a streamed update each was a third of assemble.
        let declared: usize = match &self.declared {
            Declared::Keys(keys) => keys.iter().map(|&k| list(self.ix, k).len()).sum(),
            Declared::Everything => self.ix.reading_fps.len(),
        };
        let mut fps = Vec::with_capacity(16 * declared);
        for i in self.positions() {
            fps.extend_from_slice(&self.ix.reading_fps[i as usize].to_le_bytes());
        }
        let mut h = crate::common::fingerprint::Hasher::new();
        h.add(common.as_bytes()).add(&fps);
        h.finish()
    }

    /// Whether the scope declares no readings at all.
    pub fn declares_nothing(&self) -> bool {
        matches!(&self.declared, Declared::Keys(keys) if keys.is_empty())
    }

    /// The index, for what the common fingerprint covers (see the module doc),
    /// as long as the dataset lives: a streamed file's parts outlive the scope.
    pub fn index(&self) -> &'a Ix<'a> {
        self.ix
    }

    /// What reads through the scope (a page's or file's path).
    pub fn of(&self) -> &str {
        &self.of
    }

    /// Runs `f` (the making of this scope's output) with this scope entered:
    /// until it returns, reading through any other scope on this thread panics.
    pub fn enter<R>(&self, f: impl FnOnce() -> R) -> R {
        ENTERED.with(|e| e.borrow_mut().push((self.address(), self.of.clone())));
        let _leave = Leave;
        f()
    }

    /// The scope's address, which tells it from the others while it is entered.
    fn address(&self) -> usize {
        std::ptr::from_ref(self) as usize
    }

    /// The positions of the scope's readings, key after key in the order declared, kept ones only.
    fn positions(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        let ix = self.ix;
        let keep = self.keep;
        let kept = move |&i: &u32| keep(ix.readings.get(i));
        match &self.declared {
            Declared::Everything => {
                let all = ix.reading_fps.len() as u32;
                Box::new((0..all).filter(kept))
            }
            Declared::Keys(keys) => Box::new(
                keys.iter()
                    .flat_map(move |&k| list(ix, k).iter().copied())
                    .filter(kept),
            ),
        }
    }

    /// The kept readings of a key, which must be declared.
    fn read(&self, key: Key) -> Vec<&'a Reading<'a>> {
        self.check(Some(key));
        let ix = self.ix;
        list(ix, key)
            .iter()
            .map(|&i| ix.readings.get(i))
            .filter(|x| (self.keep)(x))
            .collect()
    }

    /// Panics unless the scope may read `key` (any of its readings when `None`)
    /// and no other scope is entered on this thread.
    fn check(&self, key: Option<Key>) {
        let what = key.map_or_else(|| "its readings".to_string(), |k| k.to_string());
        ENTERED.with(|e| {
            if let Some((at, making)) = e.borrow().last()
                && *at != self.address()
            {
                panic!(
                    "{making} is being made from its declared inputs, but reads {what} through the scope of {}: read through its own scope only",
                    self.of
                );
            }
        });
        if let (Some(key), Declared::Keys(keys)) = (key, &self.declared)
            && !keys.contains(&key)
        {
            panic!(
                "{} reads {key}, which it did not declare: add the key to its scope",
                self.of
            );
        }
    }
}

/// The positions of a key's readings (none if it has none).
fn list<'x>(ix: &'x Ix, key: Key) -> &'x [u32] {
    let rix = &ix.rix;
    match key {
        Key::Indicator(id) => rix.by_indicator.get(id),
        Key::Locality(slug) => rix.by_locality.get(slug),
        Key::Month(m) => rix.by_month.get(&m),
    }
    .map_or(&[][..], Vec::as_slice)
}

impl<'a> std::ops::Deref for Scope<'a> {
    type Target = Ix<'a>;
    fn deref(&self) -> &Ix<'a> {
        self.ix
    }
}

impl<'a> Ix<'a> {
    /// A scope that reads every reading, for outputs computed with the page
    /// graph, whose fingerprint is what they render. Not for a deferred page or
    /// file: reading through it while one is made panics.
    pub fn everything(&'a self) -> Scope<'a> {
        Scope {
            ix: self,
            of: "a page made with the page graph".into(),
            declared: Declared::Everything,
            keep: all,
        }
    }
}
