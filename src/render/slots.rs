//! Charts in pages: which charts the pages show, drawing them, and putting each SVG (and each
//! chart shortcode's figure) in its place after minifying.

use super::minify::{minify_cfg, minify_except};
use super::theme::{Theme, error_chain};
use crate::common::diagnostic::Diagnostics;
use crate::common::escape::xml_escape;
use crate::site::{Context, PageSpec, Site};
use rayon::prelude::*;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;

/// Where a chart's SVG goes in a page until the page is minified: an element
/// that no data string can produce (text is escaped) and that the minifier keeps.
const SVG_OPEN: &str = "<minhbach-svg>";
const SVG_CLOSE: &str = "</minhbach-svg>";

/// Drawn charts: key → SVG.
pub type Drawn = BTreeMap<String, String>;

/// Draws the charts of the site's ready pages that `pages` show (an incremental
/// build renders only some pages; deferred pages draw their own).
pub fn draw_charts_for(site: &Site, pages: &[&PageSpec], diags: &mut Diagnostics) -> Drawn {
    let mut keys = std::collections::BTreeSet::new();
    for p in pages {
        if let Context::Ready(c) = &p.context {
            chart_keys(c, &mut keys);
        }
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
            let svg = crate::chart::draw(spec).map_err(|e| format!("{e} ({})", spec.title));
            (key.clone(), svg)
        })
        .collect();
    let mut drawn = BTreeMap::new();
    for (key, r) in results {
        match r {
            Ok(svg) => {
                drawn.insert(key, svg);
            }
            Err(e) => diags.file_error(Path::new("data"), e, None),
        }
    }
    drawn
}

fn chart_keys(v: &Json, keys: &mut std::collections::BTreeSet<String>) {
    match v {
        Json::Object(o) => {
            if let Some(k) = o.get("chart_key").and_then(Json::as_str) {
                keys.insert(k.to_string());
            }
            o.values().for_each(|x| chart_keys(x, keys));
        }
        Json::Array(a) => a.iter().for_each(|x| chart_keys(x, keys)),
        _ => {}
    }
}

/// The slot of a chart's SVG, filled in by [`fill_svg_slots`] after minifying.
pub(super) fn svg_slot(key: &str) -> String {
    format!("{SVG_OPEN}{key}{SVG_CLOSE}")
}

/// Gives every chart of a page context (an object with `chart_key`) its `svg` slot.
pub(super) fn put_svg_slots(v: &mut Json) {
    match v {
        Json::Object(o) => {
            let slot = o.get("chart_key").and_then(Json::as_str).map(svg_slot);
            o.values_mut().for_each(put_svg_slots);
            if let Some(slot) = slot {
                o.insert("svg".into(), Json::String(slot));
            }
        }
        Json::Array(a) => a.iter_mut().for_each(put_svg_slots),
        _ => {}
    }
}

/// Puts each chart's SVG into its slot (a slot whose chart is unknown is left empty).
pub(super) fn fill_svg_slots<'d>(
    html: Vec<u8>,
    svg_of: impl Fn(&str) -> Option<&'d str>,
) -> Vec<u8> {
    let open = SVG_OPEN.as_bytes();
    if !html.windows(open.len()).any(|w| w == open) {
        return html;
    }
    let text = String::from_utf8_lossy(&html);
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(SVG_OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + SVG_OPEN.len()..];
        let Some(end) = after.find(SVG_CLOSE) else {
            rest = &rest[i..];
            break;
        };
        out.push_str(svg_of(&after[..end]).unwrap_or(""));
        rest = &after[end + SVG_CLOSE.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Puts the figure of each chart shortcode (trusted SVG, drawn by us) where Markdown left its placeholder.
pub(super) fn fill_chart_placeholders(
    html: String,
    site: &Site,
    theme: &Theme,
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
        let mut chart = crate::site::charts::chart_json(key, spec, csv);
        chart["svg"] = Json::String(svg_slot(key));
        let mut ctx = tera::Context::new();
        ctx.insert("chart", &chart);
        ctx.insert("t", &theme.strings);
        ctx.insert("base", base);
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

    #[test]
    fn svg_slots_survive_the_minifier_and_take_their_chart() {
        let mut ctx =
            serde_json::json!({ "charts": [{ "chart_key": "abc", "title": "T" }], "x": 1 });
        put_svg_slots(&mut ctx);
        let slot = ctx["charts"][0]["svg"].as_str().unwrap().to_string();
        assert_eq!(ctx["x"], 1);
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
