//! Charts in pages: which charts the pages show, drawing them, and putting each SVG (and each
//! chart shortcode's figure) in its place after minifying.

use super::minify::{minify_cfg, minify_except};
use super::theme::{Theme, error_chain};
use crate::common::diagnostic::{Diagnostics, Rule};
use crate::common::escape::xml_escape;
use crate::common::format::{Locale, with_locale};
use crate::site::charts::{SVG_CLOSE, SVG_OPEN};
use crate::site::{PageSpec, Site};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Drawn charts: key → SVG.
pub type Drawn = BTreeMap<String, String>;

/// Draws the charts of the site's ready pages that `pages` show (an incremental
/// build renders only some pages; deferred pages draw their own).
pub fn draw_charts_for(site: &Site, pages: &[&PageSpec], diags: &mut Diagnostics) -> Drawn {
    let mut keys = std::collections::BTreeSet::new();
    for p in pages {
        keys.extend(p.charts.iter().cloned());
        if let Some((_, md, _)) = &p.markdown {
            keys.extend(crate::chart::placeholder_keys(md).map(str::to_string));
        }
    }
    let results: Vec<(String, Result<String, String>)> = site
        .charts
        .specs
        .par_iter()
        .filter(|(key, _)| keys.contains(*key))
        .map(|(key, (spec, _))| {
            // A chart first shown by another language's pages is drawn in its number format.
            let code = site
                .chart_languages
                .get(key)
                .or(site.editions.first().map(|e| &e.code));
            let locale = code.map_or_else(Locale::default, |c| Locale::of(c));
            let svg = with_locale(locale, || crate::chart::draw(spec))
                .map_err(|e| format!("{e} ({})", spec.title));
            (key.clone(), svg)
        })
        .collect();
    let mut drawn = BTreeMap::new();
    for (key, r) in results {
        match r {
            Ok(svg) => {
                drawn.insert(key, svg);
            }
            Err(e) => diags.file_error(Rule::Output, Path::new("data"), e, None),
        }
    }
    drawn
}

/// Puts each chart's SVG into its slot (a slot whose chart is unknown is left empty).
///
/// Works on the bytes: the slots and the SVGs are ASCII-delimited UTF-8, so splicing them
/// needs no check of the page's UTF-8 (the minifier wrote it), and pages without a chart
/// are returned as they are after one fast search.
pub(super) fn fill_svg_slots<'d>(
    html: Vec<u8>,
    svg_of: impl Fn(&str) -> Option<&'d str>,
) -> Vec<u8> {
    let (open, close) = (
        memchr::memmem::Finder::new(SVG_OPEN),
        memchr::memmem::Finder::new(SVG_CLOSE),
    );
    let Some(first) = open.find(&html) else {
        return html;
    };
    let mut out = Vec::with_capacity(html.len() * 2);
    let mut rest = &html[..];
    let mut at = Some(first);
    while let Some(i) = at {
        out.extend_from_slice(&rest[..i]);
        let after = &rest[i + SVG_OPEN.len()..];
        let Some(end) = close.find(after) else {
            rest = &rest[i..];
            break;
        };
        let key = std::str::from_utf8(&after[..end]).unwrap_or_default();
        out.extend_from_slice(svg_of(key).unwrap_or("").as_bytes());
        rest = &after[end + SVG_CLOSE.len()..];
        at = open.find(rest);
    }
    out.extend_from_slice(rest);
    out
}

/// Puts the figure of each chart shortcode (trusted SVG, drawn by us) where Markdown left its placeholder.
pub(super) fn fill_chart_placeholders(
    html: String,
    site: &Site,
    theme: &Theme,
    t: &serde_json::Value,
    base: &str,
) -> String {
    if !html.contains(crate::chart::PLACEHOLDER_START) {
        return html;
    }
    // Find the placeholders in the page rather than trying every chart of the site.
    let mut keys: Vec<&str> = crate::chart::placeholder_keys(&html).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut figures = Vec::new();
    for key in keys {
        let Some((spec, csv)) = site.charts.specs.get(key) else {
            continue;
        };
        let chart = crate::site::charts::chart_ref(key, spec, csv);
        let mut ctx = tera::Context::new();
        ctx.insert("chart", &chart);
        ctx.insert("t", t);
        ctx.insert("base", base);
        // Downloads are the site's, not a language's: from its root.
        let root =
            crate::paths::base_path(site.globals["site"]["base_url"].as_str().unwrap_or("/"));
        ctx.insert("root", &root);
        let figure = theme
            .tera
            .render("chart.html", &ctx)
            .unwrap_or_else(|e| format!("<p>{}</p>", xml_escape(&error_chain(&e))));
        // Minified here (its compact parts and their marks too): the page's
        // minifier leaves its Markdown content alone.
        let figure = minify_except(figure.as_bytes(), None, &minify_cfg());
        let figure = String::from_utf8_lossy(&figure).into_owned();
        figures.push((crate::chart::placeholder(key), figure));
    }
    let mut html = html;
    for (token, figure) in figures {
        html = html
            .replace(&format!("<p>{token}</p>"), &figure)
            .replace(&token, &figure);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::charts::svg_slot;

    #[test]
    fn svg_slots_survive_the_minifier_and_take_their_chart() {
        let slot = svg_slot("abc");
        // A slot between elements, as templates put it, and text that only looks like one (escaped).
        let page = format!(
            "<figure><figcaption>T</figcaption>{slot}</figure><p>&lt;minhbach-svg&gt;abc&lt;/minhbach-svg&gt;</p>"
        );
        let min = minify_html::minify(page.as_bytes(), &minify_cfg());
        let svg = "<svg viewBox=\"0 0 1 1\"><title>T</title></svg>";
        let out = String::from_utf8(fill_svg_slots(min, |k| (k == "abc").then_some(svg))).unwrap();
        assert!(
            out.contains(&format!("</figcaption>{svg}</figure>")),
            "{out}"
        );
        assert_eq!(
            out.matches(svg).count(),
            1,
            "escaped text is not a slot: {out}"
        );
        // A slot whose chart is unknown is left empty, never shown as a tag.
        let out = fill_svg_slots(svg_slot("zzz").into_bytes(), |_| None);
        assert!(out.is_empty());
    }
}
