//! Fingerprints of what a page's bytes depend on, for the incremental build.

use super::theme::Theme;
use crate::common::fingerprint::{Fp, Hasher};
use crate::site::{Context, PageSpec, Site};

/// Fingerprint of everything a page's bytes depend on: the program, the
/// theme, the globals and the page's own spec (its context, or for a deferred
/// one the fingerprint of what it is made from, without making it). Equal
/// fingerprints give equal bytes, which is what lets an incremental build skip the page.
pub fn page_fingerprint(page: &PageSpec, globals: &Fp, theme: &Theme) -> Fp {
    let mut h = Hasher::new();
    h.add(crate::common::fingerprint::program_fingerprint().as_bytes())
        .add(theme.fingerprint.as_bytes())
        .add(globals.as_bytes())
        .add(page.path.as_bytes())
        .add(page.template.as_bytes())
        .add(page.title.as_bytes());
    match &page.markdown {
        Some((file, md, offset)) => {
            h.add(file.as_bytes())
                .add(md.as_bytes())
                .add(&offset.to_le_bytes());
        }
        None => {
            h.add(b"");
        }
    }
    match &page.context {
        // Streamed into the hasher: no copy of the context is made.
        Context::Ready(context) => {
            h.add(b"ready");
            let _ = serde_json::to_writer(&mut h, context);
        }
        Context::Deferred(d) => {
            h.add(b"deferred").add(d.inputs().as_bytes());
        }
    }
    h.add(&[page.in_sitemap as u8]);
    // Read by the page's link preview (site::share).
    h.add(page.summary.as_deref().unwrap_or("").as_bytes())
        .add(page.share_image.as_deref().unwrap_or("").as_bytes());
    h.finish()
}

/// Fingerprint of the globals shared by every page.
pub fn globals_fingerprint(site: &Site) -> Fp {
    let mut h = Hasher::new();
    let _ = serde_json::to_writer(&mut h, &site.globals);
    h.finish()
}
