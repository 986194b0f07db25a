//! The page graph, now in [`crate::site`].
// MOVED: shim until the redesign merge
pub use crate::site::*;
// MOVED: shim until the redesign merge
pub use crate::paths as url;
// MOVED: shim until the redesign merge
pub use crate::paths::content_url;
// MOVED: shim until the redesign merge
pub use crate::model::index::Ix;
// MOVED: shim until the redesign merge
pub use crate::model::readings::{FigureRef, Reading, Readings};
// MOVED: shim until the redesign merge
pub use crate::output::content::{Content, DataFile, Part, Streamed};
// MOVED: shim until the redesign merge
pub use crate::output::csv::csv_field;
// MOVED: shim until the redesign merge
pub use crate::site::labels::status_label;
