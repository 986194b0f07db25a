//! The records of a content page (`content/**/*.md`): its front matter and its Markdown.

use crate::common::calendar::Date;
use crate::common::diagnostic::Loc;
use serde::{Deserialize, Serialize};

/// The front matter of a content page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title (the page's one `h1`).
    pub title: String,
    /// One-sentence summary for the page list and `<meta name="description">`.
    #[serde(default)]
    pub description: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Order in menus and lists (smaller first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// A draft is checked but not published.
    #[serde(default)]
    pub draft: bool,
    /// A theme template other than `page.html`.
    #[serde(default)]
    pub template: Option<String>,
}

/// One Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, with `/` separators, e.g. `reports/2024-09.md`.
    pub path: String,
    /// The front matter.
    pub front: FrontMatter,
    /// Location of the whole file, for diagnostics.
    pub loc: Loc,
    /// The Markdown after the front matter.
    pub body: String,
    /// Byte offset of the body in the file, to locate problems found while rendering.
    pub body_offset: usize,
}
