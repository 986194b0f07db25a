//! The site's data as the program understands it: the records of the data files,
//! the validated dataset made of them, the rules every stage applies to them
//! (the rate rule), the readings derived from its figures, the index over them and the
//! scope through which a page made on demand reads them, and editors' translations of its text.

pub mod dataset;
pub mod deadline;
pub mod index;
pub mod rate;
pub mod readings;
pub mod records;
pub mod scope;
pub mod translations;
