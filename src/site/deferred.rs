//! A page context made on demand, with the fingerprint of exactly what it is made from.
//!
//! Its fields are private to this module so that the inputs of a page that reads
//! readings cannot be declared apart from what it reads: [`Deferred::new`]
//! takes the page's [`Scope`], fingerprints it, and gives the same scope to the
//! builder, entered (see [`Scope::enter`]) while it runs.

use super::Made;
use crate::model::scope::Scope;

/// Makes a context from the page's scope (of any lifetime, so that a
/// `Deferred<'a>` stays covariant in `'a` as the site's other parts).
type Make<'a> = std::sync::Arc<dyn for<'s> Fn(&Scope<'s>) -> Made<'static> + Send + Sync + 'a>;

/// A context made on demand, with the fingerprint of everything it is made
/// from (the program, the rest of the data and the readings of its scope), so
/// that an incremental build tells the page unchanged without making it.
pub struct Deferred<'a> {
    /// What the page reads.
    scope: Scope<'a>,
    /// Makes the context.
    make: Make<'a>,
    /// Fingerprint of the inputs of `make`.
    inputs: crate::common::fingerprint::Fp,
    /// The context shows the sizes of data files: it is made once they are
    /// written (the others are made alongside them).
    after_files: bool,
    /// The number format of the language whose page graph made it (issue 28): the
    /// context is made in it, whichever thread makes it.
    locale: crate::common::format::Locale,
}

impl<'a> Deferred<'a> {
    /// A context made by `make` from the readings of `scope` and what `common`
    /// fingerprints (the program, the rest of the data, the settings).
    pub fn new(
        scope: Scope<'a>,
        common: &str,
        make: impl for<'s> Fn(&Scope<'s>) -> Made<'static> + Send + Sync + 'a,
    ) -> Self {
        Deferred {
            inputs: scope.fingerprint(common),
            scope,
            make: std::sync::Arc::new(make),
            after_files: false,
            locale: crate::common::format::locale(),
        }
    }

    /// A context that shows the sizes of data files, made once they are
    /// written, from no readings: `nothing` declares none (reading any panics),
    /// and `inputs` fingerprints the files.
    pub fn after_files(
        nothing: Scope<'a>,
        inputs: crate::common::fingerprint::Fp,
        make: impl Fn() -> Made<'static> + Send + Sync + 'a,
    ) -> Self {
        assert!(
            nothing.declares_nothing(),
            "{} shows the sizes of files, not readings: its scope declares none",
            nothing.of()
        );
        Deferred {
            inputs,
            scope: nothing,
            make: std::sync::Arc::new(move |_: &Scope<'_>| make()),
            after_files: true,
            locale: crate::common::format::locale(),
        }
    }

    /// A context made from this one's, by `then`, for another page: the chart page of
    /// a page shows the charts the page made (issue 28). It reads what this one reads;
    /// `extra` fingerprints whatever else `then` shows (charts made with the page graph).
    pub fn derived(
        &self,
        extra: &str,
        then: impl Fn(Made<'static>) -> Made<'static> + Send + Sync + 'a,
    ) -> Deferred<'a> {
        let make = self.make.clone();
        let mut h = crate::common::fingerprint::Hasher::new();
        h.add(self.inputs.as_bytes()).add(extra.as_bytes());
        Deferred {
            scope: self.scope.clone(),
            make: std::sync::Arc::new(move |scope: &Scope<'_>| then(make(scope))),
            inputs: h.finish(),
            after_files: self.after_files,
            locale: self.locale,
        }
    }

    /// Makes the context, with the page's scope entered, in its language's number format.
    pub fn make(&self) -> Made<'static> {
        crate::common::format::with_locale(self.locale, || {
            self.scope.enter(|| (self.make)(&self.scope))
        })
    }

    /// Fingerprint of the inputs of the context.
    pub fn inputs(&self) -> &crate::common::fingerprint::Fp {
        &self.inputs
    }

    /// Whether the context shows the sizes of data files (made after them).
    pub fn shows_file_sizes(&self) -> bool {
        self.after_files
    }
}
