//! `share`: what every page's `<head>` says to the apps that preview a shared link
//! (Open Graph, read by Facebook, Zalo, LinkedIn, X and most chat apps; see `base.html`).

use serde::Serialize;

/// The Open Graph and Twitter card fields of one page (`share` in every template).
///
/// `url` and `image` need an absolute `base_url` (`https://host/path/`): a preview
/// fetches them from another server, where a path means nothing. With a path-only
/// base they are absent, and the build warns once (rule `share-base-url`).
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// The title a preview shows: the page's, or the site's on the home page.
    pub title: String,
    /// The page's own summary where it has one (a content page's or monthly update's
    /// `description`, an indicator's description, a model's goal), else the site's description.
    pub description: String,
    /// Absolute URL of the page (`og:url` and the canonical link); absent without an
    /// absolute base, and on the 404 page, which is served at any address.
    pub url: Option<String>,
    /// `og:type`: `article` for content pages and monthly reports, `website` otherwise.
    pub kind: &'static str,
    /// `og:locale`, such as `vi_VN`.
    pub locale: String,
    /// The image; absent without an absolute base.
    pub image: Option<ShareImageView>,
}

/// The image of a preview: the page's main chart, or the site card.
#[derive(Debug, Clone, Serialize)]
pub struct ShareImageView {
    /// Its absolute URL.
    pub url: String,
    /// Width in pixels, where known (the site card's; a chart's PNG says its own).
    pub width: Option<u32>,
    /// Height in pixels, where known.
    pub height: Option<u32>,
    /// Whether it is the site card (its text is the site's title) rather than a chart
    /// of the page (the template then describes it as the chart of the page's title).
    pub card: bool,
}
