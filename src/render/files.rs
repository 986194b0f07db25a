//! The files of a site that are not pages: the theme's static files, sitemap.xml and robots.txt.

use super::Output;
use super::minify::minify_css;
use super::theme::Theme;
use crate::common::diagnostic::{Diagnostics, Severity};
use crate::common::escape::xml_escape;
use crate::paths::absolute_base;
use crate::site::Site;

/// The theme's static files, sitemap.xml and robots.txt (the data files are
/// [`Site::files`], made when written).
pub fn other_files(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (name, path) in &theme.statics {
        match std::fs::read(path) {
            Ok(bytes) => {
                let bytes = if name.ends_with(".css") {
                    minify_css(&bytes)
                } else {
                    bytes
                };
                out.push(Output {
                    path: format!("static/{name}"),
                    bytes,
                });
            }
            Err(e) => diags.push(crate::common::diagnostic::Diagnostic::whole_file(
                crate::common::diagnostic::Rule::Theme,
                Severity::Error,
                crate::common::diagnostic::display_path(path),
                format!("cannot read static file: {e}"),
                None,
            )),
        }
    }
    out.push(Output {
        path: crate::paths::SITEMAP.into(),
        bytes: sitemap(site).into_bytes(),
    });
    let base_url = site.globals["site"]["base_url"].as_str().unwrap_or("/");
    out.push(Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            absolute_base(base_url)
        )
        .into_bytes(),
    });
    out
}

/// The sitemap of the pages marked for it.
fn sitemap(site: &Site) -> String {
    let base = absolute_base(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in site.pages.iter().filter(|p| p.in_sitemap) {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{}", p.path))
        ));
    }
    s.push_str("</urlset>\n");
    s
}
