//! What every stage shares, importing nothing else of ours: calendar months and
//! dates, diagnostics, escaping for XML/HTML, fingerprints, the Vietnamese
//! presentation of figures, progress reports and text normalisation.

pub mod calendar;
pub mod diagnostic;
pub mod escape;
pub mod fingerprint;
pub mod format;
pub mod progress;
pub mod rule;
pub mod text;
