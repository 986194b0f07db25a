//! What the command line offers beside `check` and `build`: comparing two
//! months ([`diff`]), scaffolding a new month's report ([`new`]) and a
//! preview server that rebuilds on every edit ([`serve`]), and filling a month from
//! the spreadsheets departments send ([`import`]).

pub mod diff;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
