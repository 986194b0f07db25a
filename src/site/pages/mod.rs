//! One module per kind of page: each adds its pages (and the data files they
//! link to) to the graph.

pub mod changes;
pub mod chart_pages;
pub mod compare;
pub mod content;
pub mod data;
pub mod deadlines;
pub mod home;
pub mod index_az;
pub mod indicators;
pub mod localities;
pub mod models;
pub mod reports;
pub mod search;
pub mod services;
pub mod sources;
