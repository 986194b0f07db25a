//! What the command line offers beside `check` and `build`: comparing two
//! months ([`diff`]), scaffolding a new month's report ([`new`]) and a
//! preview server that rebuilds on every edit ([`serve`]).

pub mod diff;
pub mod new;
pub mod serve;
