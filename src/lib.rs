//! minhbach: a static site generator for public transparency portals.
//!
//! Data flows one way through five stages, each a module:
//!
//! 1. [`load`]: read `site.toml`, `data/` and `content/` into records that remember their spans;
//! 2. [`validate`]: check schema and cross-references, reporting every problem, into a [`validate::Dataset`];
//! 3. [`assemble`]: compute the page graph: every page, its URL and its context;
//! 4. [`render`]: turn pages into HTML (templates, charts, minification);
//! 5. [`write`]: put the site in place atomically.
//!
//! [`check`] runs stages 1–2; [`build`] runs all five.

pub mod assemble;
pub mod calendar;
pub mod config;
pub mod deadline;
pub mod diagnostic;
pub mod format;
pub mod load;
pub mod schema;
pub mod text;
pub mod validate;

use diagnostic::Diagnostics;
use std::path::Path;

/// Loads and validates a site: the `minhbach check` of a pull request.
pub fn check(root: &Path, options: validate::Options) -> (Option<validate::Dataset>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = load::load(root, &mut diags);
    let config_ok = !diags.has_errors();
    let dataset = validate::validate(loaded, options, &mut diags);
    let ok = config_ok && !diags.has_errors();
    (ok.then_some(dataset), diags)
}
