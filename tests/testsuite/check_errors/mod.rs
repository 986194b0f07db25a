//! `minhbach check` on deliberately broken copies of the shipped site.
//!
//! Each test copies site.toml, data/ and content/ into a temporary folder,
//! breaks one thing (or a few), runs
//! `minhbach check --site DIR --format json --today 2026-11-23`
//! and asserts the exit status and the exact file, line (and column, where it
//! means something) and a distinctive part of the message of the diagnostic.
//!
//! Expected lines are computed from the mutated text itself: every inserted
//! line that a test points at carries a unique marker (usually a trailing TOML
//! comment), found with `Site::pos_of`, so the tests survive edits of the data.

use crate::common;

mod figures;
mod files;
mod output;
mod places;
mod references;
mod syntax;

pub(crate) use figures::figure;

use common::{Facts, Rng, Site, pos_in, report_header, spare_locality};

/// A cite of a source that exists.
fn cite(f: &Facts) -> String {
    format!(
        "cite = {{ source = \"{}\", at = \"Thử nghiệm\" }}",
        f.source()
    )
}

/// 1-based line of the first line of `text` that starts with `prefix` followed by
/// the end of the line, a space or a comment (so `number = 1` does not match `number = 12`).
fn first_line_starting(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '#', '\r']))
        })
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

/// `services.toml`, `indicators.toml`, ... of the first report folder.
fn report_file(f: &Facts, name: &str) -> String {
    format!("{}/{name}", f.report())
}

// ---------------------------------------------------------------- baseline

#[test]
fn shipped_data_checks_clean() {
    let out = common::run_check(&common::shipped_root(), common::TODAY);
    out.assert_passes();
}

#[test]
fn unchanged_copy_checks_clean() {
    // The copy itself must not introduce problems, or every other test proves little.
    let site = Site::shipped();
    site.check().assert_passes();
}
