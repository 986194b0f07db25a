//! The data model as pages read it.

pub mod index;
pub mod readings;
pub mod scope;
