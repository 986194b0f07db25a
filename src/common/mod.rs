//! What every stage shares: small pure helpers that import nothing else of ours.

pub mod escape;
