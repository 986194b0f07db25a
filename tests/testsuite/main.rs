//! minhbach's integration tests, linked as one binary (as mdBook's
//! `tests/testsuite/`): one module per subject. Seventeen binaries that each
//! linked the whole crate made linking most of a clean test build.
//!
//! Run one subject with `cargo test --test testsuite <module>::`, for
//! example `cargo test --test testsuite fuzz::`.
//!
//! Tests share one process, so none may change process-wide state (the
//! current directory, environment variables, the panic hook) or rely on a
//! fixed port; the programs they start (`minhbach`, `node`, `git`) get
//! their settings as arguments or per-command environment.

mod common;
#[path = "../../benches/synth/mod.rs"]
mod synth;

mod architecture;
mod build;
mod charts;
mod check_errors;
mod ci_formats;
mod compare;
mod corrections;
mod diff;
mod diff_markdown;
mod feed;
mod fuzz;
mod hostile;
// portal (issue 29)
mod ci;
mod import;
mod import_sample;
mod incremental;
mod index_az;
mod init;
mod kill;
mod languages;
mod locality_readings;
mod messages;
mod paths;
mod permalinks;
mod press;
mod ranges;
mod reform;
mod search;
mod serve;
mod shipped_data;
// link previews (issue 28)
mod share;
mod unicode;
mod validity;
mod verbatim;
// translations of data text (issue 28)
mod translations;
