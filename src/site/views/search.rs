//! The view of `search.html`, the search page.

use super::Link;
use serde::Serialize;

/// `search.html`: the search form, where its script shows the results, and
/// the lists a reader without JavaScript browses instead.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// The search index's table (a script), relative to the site root.
    pub index: &'static str,
    /// How many documents the index holds.
    pub count: usize,
    /// The alphabetical index (`muc-luc/`), the search without JavaScript.
    pub index_az_url: &'static str,
    /// The letters of the alphabetical index, each linking to its part of it.
    pub letters: Vec<Link>,
    /// The lists of localities, models and indicators, each with its title.
    pub lists: Vec<Link>,
}
