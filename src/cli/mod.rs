//! What the command line offers beside `check` and `build`: comparing two
//! months ([`diff`]), scaffolding a new month's report ([`new`]) and a
//! preview server that rebuilds on every edit ([`serve`]); how diagnostics are
//! shown ([`check`], in the formats of CI services: [`ci`]) and the message
//! catalogues of the terminal ([`messages`]); filling a month from the
//! spreadsheets departments send ([`import`]) and a new portal ([`init`]).

pub mod check;
pub mod ci;
pub mod diff;
pub mod import;
pub mod init;
pub mod messages;
pub mod new;
pub mod serve;
