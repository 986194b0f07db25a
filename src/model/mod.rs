//! The site's data as the program understands it: the records of the data files,
//! the validated dataset made of them, the rules every stage applies to them
//! (the rate rule), the readings derived from its figures and the index over them.

pub mod dataset;
pub mod deadline;
pub mod index;
pub mod rate;
pub mod readings;
pub mod records;
