//! What a build read, split for incremental builds: each figure's own record and
//! "the rest", fingerprinted as the files are loaded (see [`InputFingerprints`]).

use crate::common::fingerprint::{Fp, Hasher};
use rayon::prelude::*;

/// What a build read, fingerprinted in two parts: each figure's own record,
/// and everything else.
///
/// A figure's record is its text from its `[[value]]` header to the next
/// record of its file (comments and a record scaffolded `to_fill` between
/// them included). *The rest* is every other byte of every file read (the
/// name of each file, its text before its first figure, every file without
/// figures). Each byte read is counted in
/// exactly one of the two, so an output made from the rest and some figures is
/// unchanged when their fingerprints are: the pages of a locality are told
/// unchanged from its figures without being made.
pub struct InputFingerprints {
    /// Everything read that is not a figure's record.
    pub rest: Fp,
    /// For each report folder, the fingerprint of each figure, in the order of
    /// [`crate::load::ReportDir::values`] flattened.
    pub figures: Vec<Vec<u128>>,
}

/// Splits what a build read into [`InputFingerprints`].
pub fn split_inputs(
    sources: &crate::load::Sources,
    reports: &[crate::load::ReportDir],
) -> InputFingerprints {
    // Where each figure starts in its file; a record ends where the next one starts.
    let mut starts: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    for v in reports.iter().flat_map(|d| d.values.iter().flatten()) {
        if let Some(s) = starts.get_mut(v.loc.file) {
            s.push(v.loc.span.start);
        }
    }
    starts.par_iter_mut().for_each(|s| {
        s.sort_unstable();
        s.dedup();
    });
    let mut rest = Hasher::new();
    for (i, s) in starts.iter().enumerate() {
        let src = sources.get(i);
        let text = src.text.as_bytes();
        let head = s.first().map_or(text.len(), |&k| k.min(text.len()));
        rest.add(src.name.as_bytes()).add(&text[..head]);
    }
    let figure = |file: usize, start: usize| -> u128 {
        let text = sources.get(file).text.as_bytes();
        let s = &starts[file];
        let end = match s.binary_search(&start) {
            Ok(k) => s.get(k + 1).copied().unwrap_or(text.len()),
            Err(_) => text.len(),
        };
        let record = text.get(start.min(end)..end.min(text.len())).unwrap_or(&[]);
        // One call, not a streaming hasher each: a national portal has 800.000 records.
        xxhash_rust::xxh3::xxh3_128(record)
    };
    let figures = reports
        .par_iter()
        .map(|d| {
            d.values
                .iter()
                .flatten()
                .map(|v| figure(v.loc.file, v.loc.span.start))
                .collect()
        })
        .collect();
    InputFingerprints {
        rest: rest.finish(),
        figures,
    }
}
