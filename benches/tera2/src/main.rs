//! tera 1 against tera 2 on the default theme's indicator and locality pages (issue 26).
//!
//! `tera2-bench CONTEXTS [ROUNDS]`: CONTEXTS holds `<template>[-<what>].json` files
//! (`indicator.json`, `locality-commune.json` …), each the whole template context of
//! one page as minhbach renders it (the
//! typed views with the globals and UI strings; see benches/tera2/README.md for how
//! they are dumped). The theme's `base.html`, `macros.html`, `indicator.html` and
//! `locality.html` are read from themes/default/templates and given to tera 1 as they
//! are, and to tera 2 after a mechanical port ([`port`]: macros become components,
//! tests take keyword arguments), so the two render the same templates.
//!
//! For each page and engine it prints the median time of one render (context
//! conversion from JSON apart, as minhbach makes one context per page) and whether
//! the two outputs are the same bytes.

use std::path::{Path, PathBuf};
use std::time::Instant;

const TEMPLATES: [&str; 4] = [
    "base.html",
    "macros.html",
    "indicator.html",
    "locality.html",
];

/// minhbach's escaping (common::escape): tera's without escaping `/`.
fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The same escaping, as tera 2 calls it.
fn escape2(input: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(escape(input).as_bytes())
}

/// A stand-in for minhbach's slugify (the same in both engines; its cost is not tera's).
fn slugify(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A tera 1 template in tera 2's syntax: `{% macro %}` → `{% component %}`, a call
/// `{{ m::name(a=x, b=y) }}` → `{{<name a={x} b={y} />}}`, no import, and the
/// `starting_with` test with its keyword argument.
fn port(text: &str) -> String {
    let import = regex::Regex::new(r#"\{% import "macros.html" as m -?%\}"#).unwrap();
    let def = regex::Regex::new(r"\{%(-?) macro ").unwrap();
    let end = regex::Regex::new(r"endmacro").unwrap();
    let call = regex::Regex::new(r"\{\{-?\s*(?:m|self)::(\w+)\(([^)]*)\)\s*-?\}\}").unwrap();
    let starts = regex::Regex::new(r#"is starting_with\(("[^"]*")\)"#).unwrap();
    let text = import.replace_all(text, "");
    let text = def.replace_all(&text, "{%$1 component ");
    let text = end.replace_all(&text, "endcomponent");
    let text = call.replace_all(&text, |c: &regex::Captures| {
        let args: Vec<String> = c[2]
            .split(',')
            .filter_map(|a| a.split_once('='))
            .map(|(k, v)| format!("{}={{{}}}", k.trim(), v.trim()))
            .collect();
        format!("{{{{<{} {} />}}}}", &c[1], args.join(" "))
    });
    starts
        .replace_all(&text, "is starting_with(pat=$1)")
        .into_owned()
}

/// The median of `rounds` timings of `f`, in microseconds (after one untimed run).
fn median_us(rounds: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t: Vec<f64> = (0..rounds)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("tera2-bench: {what}: {e}");
    std::process::exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: tera2-bench CONTEXTS [ROUNDS]");
        std::process::exit(2)
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(200);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
    let raw: Vec<(&str, String)> = TEMPLATES
        .iter()
        .map(|n| match std::fs::read_to_string(theme.join(n)) {
            Ok(t) => (*n, t),
            Err(e) => fail(n, e),
        })
        .collect();

    let mut t1 = tera1::Tera::default();
    t1.autoescape_on(vec![".html"]);
    t1.set_escape_fn(escape);
    t1.register_filter(
        "slugify",
        |v: &tera1::Value, _: &std::collections::HashMap<String, tera1::Value>| {
            Ok(tera1::Value::String(slugify(
                v.as_str().unwrap_or_default(),
            )))
        },
    );
    t1.add_raw_templates(raw.iter().map(|(n, t)| (*n, t.as_str())))
        .unwrap_or_else(|e| fail("tera 1", e));

    let mut t2 = tera2::Tera::new();
    t2.autoescape_on([".html"]);
    t2.set_escape_fn(escape2);
    t2.register_filter("slugify", |v: &str, _: tera2::Kwargs, _: &tera2::State| {
        slugify(v)
    });
    let ported: Vec<(&str, String)> = raw.iter().map(|(n, t)| (*n, port(t))).collect();
    if let Ok(d) = std::env::var("TERA2_PORTED") {
        for (n, t) in &ported {
            let _ = std::fs::write(Path::new(&d).join(n), t);
        }
    }
    t2.add_raw_templates(ported.iter().map(|(n, t)| (*n, t.as_str())))
        .unwrap_or_else(|e| fail("tera 2", e));

    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&dir.display().to_string(), e))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    pages.sort();
    for path in &pages {
        let page = &*path.file_stem().unwrap_or_default().to_string_lossy();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(page, e));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| fail(page, e));
        // `locality-commune.json` is a context of locality.html.
        let name = format!("{}.html", page.split('-').next().unwrap_or(page));
        let c1 = tera1::Context::from_value(json.clone()).unwrap_or_else(|e| fail(page, e));
        let c2 = tera2::Context::from_serialize(&json).unwrap_or_else(|e| fail(page, e));
        let out1 = t1
            .render(&name, &c1)
            .unwrap_or_else(|e| fail(&format!("tera 1 {page}"), e));
        let out2 = t2
            .render(&name, &c2)
            .unwrap_or_else(|e| fail(&format!("tera 2 {page}"), e));
        if let Ok(d) = std::env::var("TERA2_PORTED") {
            let _ = std::fs::write(Path::new(&d).join(format!("{page}.1.html")), &out1);
            let _ = std::fs::write(Path::new(&d).join(format!("{page}.2.html")), &out2);
        }
        let r1 = median_us(rounds, || {
            std::hint::black_box(t1.render(&name, &c1).ok());
        });
        let r2 = median_us(rounds, || {
            std::hint::black_box(t2.render(&name, &c2).ok());
        });
        let k1 = median_us(rounds, || {
            std::hint::black_box(tera1::Context::from_value(json.clone()).ok());
        });
        let k2 = median_us(rounds, || {
            std::hint::black_box(tera2::Context::from_serialize(&json).ok());
        });
        println!(
            "{page}: bytes={} tera1_render_us={r1:.0} tera2_render_us={r2:.0} speedup={:.2} \
             tera1_context_us={k1:.0} tera2_context_us={k2:.0} same_output={}",
            out1.len(),
            r1 / r2,
            out1 == out2
        );
    }
}
