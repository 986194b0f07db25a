//! The site's data as the program understands it: the records of the data files,
//! the validated dataset made of them and the rules every stage applies to them.

pub mod dataset;
pub mod rate;
pub mod records;
