//! Stage 4, **render**: fill the theme's templates with the page graph,
//! turn Markdown into HTML, and minify. Produces bytes in memory; writing
//! them is [`crate::build::staging`]'s job.
//!
//! `theme` loads the templates, `page` renders a page with them, `markdown`
//! makes (and sanitises) its content, `minify` shrinks it, `slots` draws its
//! charts and puts them in; `fingerprint` says when a page can be kept from the
//! last build, and `files` makes the files that are not pages.

mod files;
mod fingerprint;
mod markdown;
mod minify;
mod page;
mod slots;
mod theme;

pub use files::other_files;
pub use fingerprint::{globals_fingerprint, page_fingerprint};
pub use markdown::{markdown, markdown_with, safe_url, sanitize};
pub use minify::minify_cfg;
pub use page::PageRenderer;
pub use slots::{Drawn, draw_charts_for};
pub use theme::Theme;

/// A rendered file: path under the output root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}
