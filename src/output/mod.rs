//! Bytes that are not templates: the CSV files, the JSON dataset, the Atom
//! feed, and the streamed, part-wise file content they are written as.

pub mod content;
pub mod csv;
pub mod dataset;
pub mod feed;
pub mod parts;
pub mod png;
pub mod search;
