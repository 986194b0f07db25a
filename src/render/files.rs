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

/// The sitemap of the pages marked for it; in a site of several languages each page
/// lists its translations (`xhtml:link` alternates, as search engines read them).
fn sitemap(site: &Site) -> String {
    let base = absolute_base(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
    let several = site.editions.len() > 1;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    s.push_str(if several {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        ">\n"
    });
    let paths: std::collections::HashSet<&str> = if several {
        site.pages.iter().map(|p| p.path.as_str()).collect()
    } else {
        Default::default()
    };
    for p in site.pages.iter().filter(|p| p.in_sitemap) {
        s.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{base}{}", p.path))
        ));
        if several {
            s.push_str(&alternates(site, &paths, &p.path));
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// The `xhtml:link` alternates of a page: the page in every language it exists in,
/// and the default language's as `x-default`.
fn alternates(site: &Site, paths: &std::collections::HashSet<&str>, path: &str) -> String {
    let (_, local) = site.edition_of(path);
    let mut links = Vec::new();
    for e in &site.editions {
        if paths.contains(format!("{}{local}", e.prefix).as_str()) {
            let base = absolute_base(e.globals["site"]["base_url"].as_str().unwrap_or("/"));
            links.push((e.code.as_str(), format!("{base}{local}")));
        }
    }
    if links.len() < 2 {
        return String::new();
    }
    let default = links[0].1.clone();
    links.push(("x-default", default));
    links
        .iter()
        .map(|(lang, href)| {
            format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                xml_escape(href)
            )
        })
        .collect()
}
