//! Hostile input: classic injection payloads written into EVERY string of the
//! data files and of the content pages' front matter (and into the Markdown
//! bodies), then a build, then a scan of every output file (HTML, SVG, XML,
//! JSON, CSV) for a payload that survived unescaped.
//!
//! Fields are found by walking the TOML, not listed by hand, so a field added
//! to the schema is attacked too. A field that is an identifier or a reference
//! (an id, a slug, a month) rejects the payload: that must be a clean
//! validation error at the field's line, and the field is then left as it was
//! so that the build can go on with the others.

use crate::common;

use common::{Site, build_site};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Each payload, where `N` is its number (the browser test looks for `window.__pwned`).
pub const PAYLOADS: &[&str] = &[
    "<script>window.__pwned=N</script>",
    "\"><img src=x onerror=window.__pwned=N>",
    "'><svg onload=window.__pwned=N>",
    "javascript:window.__pwned=N",
    "</title><script>window.__pwned=N</script>",
    "</textarea></style></script><script>window.__pwned=N</script>",
    "{{ \"PWNED\" ~ \"EVAL\" }}{% if true %}PWNED{% endif %}EVAL{# c #}",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "]]></loc><script>window.__pwned=N</script><![CDATA[",
    "<a href=\"javascript:window.__pwned=N\">x</a><a href=\" jav&#x09;ascript:window.__pwned=N\">y</a>",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "<!--<math><mi xlink:href=\"javascript:window.__pwned=N\">x</mi></math>-->",
    "\u{2028}\u{2029}</script><script>window.__pwned=N</script>",
    "&lt;script&gt;window.__pwned=N&lt;/script&gt;",
    "<style>*{display:none!important}</style><link rel=stylesheet href=//evil.example/x.css>",
    "<iframe srcdoc=\"<script>parent.__pwned=N</script>\"></iframe><object data=x></object>",
    "<meta http-equiv=refresh content=\"0;url=javascript:window.__pwned=N\">",
];

/// Payloads that would run script if they survived (loaded in Chromium; the others are spreadsheet or template text).
const RUNS_SCRIPT: &[usize] = &[1, 2, 3, 5, 6, 11, 12, 14, 15, 16, 17, 18, 19];

/// The payload number `n` (1-based), with a marker naming the field it went into.
fn payload(n: usize, field: usize) -> String {
    format!(
        "{} Zq{field}Zq",
        PAYLOADS[n - 1].replace("=N", &format!("={n}"))
    )
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string value in a file: where it is and what key path leads to it.
#[derive(Debug, Clone)]
struct Field {
    file: String,
    /// The value as shipped.
    original: String,
    key: String,
    span: Range<usize>,
    line: usize,
}

fn walk(
    value: &DeValue,
    span: Range<usize>,
    key: String,
    offset: usize,
    out: &mut Vec<(String, Range<usize>)>,
) {
    match value {
        DeValue::String(_) => out.push((key, offset + span.start..offset + span.end)),
        DeValue::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk(v.get_ref(), v.span(), format!("{key}[{i}]"), offset, out);
            }
        }
        DeValue::Table(t) => walk_table(t, key, offset, out),
        _ => {}
    }
}

fn walk_table(t: &DeTable, key: String, offset: usize, out: &mut Vec<(String, Range<usize>)>) {
    for (k, v) in t.iter() {
        let key = if key.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{key}.{}", k.get_ref())
        };
        walk(v.get_ref(), v.span(), key, offset, out);
    }
}

/// Every string field of a TOML text (at `offset` in its file).
fn toml_fields(file: &str, text: &str, offset: usize, whole: &str) -> Vec<Field> {
    let table = DeTable::parse(text).unwrap_or_else(|e| panic!("{file} should parse: {e}"));
    let mut spans = Vec::new();
    walk_table(table.get_ref(), String::new(), offset, &mut spans);
    spans
        .into_iter()
        .map(|(key, span)| {
            let quoted = &whole[span.clone()];
            assert!(
                quoted.starts_with(['"', '\'']),
                "{file} {key}: span {quoted:?} is not a string literal"
            );
            let original = toml::from_str::<toml::Table>(&format!("v = {quoted}"))
                .ok()
                .and_then(|t| t.get("v").and_then(|v| v.as_str()).map(str::to_string))
                .unwrap_or_default();
            Field {
                original,
                file: file.to_string(),
                line: whole[..span.start].matches('\n').count() + 1,
                key,
                span,
            }
        })
        .collect()
}

/// Every string field of the site: data/*.toml and the front matter of content/*.md.
fn fields(site: &Site) -> Vec<Field> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site.root())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e
            .path()
            .strip_prefix(site.root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("data/") && rel.ends_with(".toml") {
            let text = site.read(&rel);
            out.extend(toml_fields(&rel, &text, 0, &text));
        } else if rel.starts_with("content/") && rel.ends_with(".md") {
            let text = site.read(&rel);
            let start = text.find("+++\n").expect("front matter") + 4;
            let end = start + text[start..].find("\n+++").expect("closed front matter") + 1;
            out.extend(toml_fields(&rel, &text[start..end], start, &text));
        }
    }
    out
}

/// Writes payload `n` into the chosen fields (and every Markdown body), restoring the others.
fn inject(
    site: &Site,
    originals: &BTreeMap<String, String>,
    all: &[Field],
    chosen: &BTreeSet<usize>,
    n: usize,
    body: bool,
) {
    for (file, text) in originals {
        let mut text = text.clone();
        let mut spans: Vec<(usize, &Field)> = all
            .iter()
            .enumerate()
            .filter(|(i, f)| &f.file == file && chosen.contains(i))
            .collect();
        spans.sort_by_key(|(_, f)| std::cmp::Reverse(f.span.start));
        for (i, f) in spans {
            text.replace_range(f.span.clone(), &toml_string(&payload(n, i)));
        }
        if body && file.ends_with(".md") {
            text.push_str(&format!(
                "\n\n{}\n\n[liên kết]({}) ![ảnh]({})\n",
                payload(n, all.len()),
                PAYLOADS[3].replace("=N", &format!("={n}")),
                PAYLOADS[12]
            ));
        }
        site.write(file, text);
    }
}

/// One HTML/XML/SVG tag: name, attributes, and for `script`/`style` the text inside.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    inner: String,
}

/// A small tokenizer, enough to see tags and attributes as a browser would split them.
fn tags(text: &str) -> Vec<Tag> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if text[i..].starts_with("<!--") {
            i = text[i..].find("-->").map_or(b.len(), |j| i + j + 3);
            continue;
        }
        if text[i..].starts_with("<![CDATA[") {
            i = text[i..].find("]]>").map_or(b.len(), |j| i + j + 3);
            continue;
        }
        if i + 1 < b.len() && (b[i + 1] == b'!' || b[i + 1] == b'?' || b[i + 1] == b'/') {
            i = text[i..].find('>').map_or(b.len(), |j| i + j + 1);
            continue;
        }
        if i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = text[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let s = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let an = text[s..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let e = b[j + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| j + 1 + p);
                    value = text[j + 1..e.min(b.len())].to_string();
                    j = e + 1;
                } else {
                    let s = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = text[s..j].to_string();
                }
            }
            attrs.push((an, value));
        }
        let mut inner = String::new();
        // Raw text (script, style) and escapable raw text (title, textarea) end only at their closing tag.
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let close = format!("</{name}");
            let e = text[j.min(b.len())..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |p| j + p);
            inner = text[j.min(b.len())..e].to_string();
            j = e;
        }
        out.push(Tag { name, attrs, inner });
        i = j;
    }
    out
}

/// What a browser would see in a URL attribute: entities decoded, blanks and controls dropped.
fn url_scheme_view(v: &str) -> String {
    let mut s = v.to_string();
    for (e, c) in [
        ("&colon;", ":"),
        ("&#x09;", ""),
        ("&#9;", ""),
        ("&tab;", ""),
        ("&#58;", ":"),
        ("&#x3a;", ":"),
        ("&newline;", ""),
    ] {
        s = s.replace(e, c).replace(&e.to_ascii_uppercase(), c);
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Problems in one markup file (HTML, SVG, XML).
fn markup_problems(rel: &str, text: &str) -> Vec<String> {
    let mut p = Vec::new();
    for t in tags(text) {
        // The theme's own language alternates (issue 28): a page of the site, its path a slug
        // (a payload in a locality's name becomes `…-evil-example-…` in its URL, harmless).
        let own_alternate = t.attrs.iter().any(|(k, v)| k == "rel" && v == "alternate")
            && t.attrs.iter().any(|(k, _)| k == "hreflang")
            && t.attrs.iter().any(|(k, v)| {
                k == "href"
                    && v.starts_with('/')
                    && !v.starts_with("//")
                    && v.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "/-".contains(c))
            });
        let foreign_link =
            t.name == "link" && !own_alternate && t.attrs.iter().any(|(_, v)| v.contains("evil"));
        // The theme's own search boxes (issue 27): GET forms, role=search, to the search page.
        let search_form = t.name == "form"
            && t.attrs.iter().any(|(k, v)| k == "role" && v == "search")
            && t.attrs
                .iter()
                .any(|(k, v)| k == "action" && v.ends_with("/tim-kiem/"))
            && !t.attrs.iter().any(|(k, _)| k == "method");
        if foreign_link
            || (matches!(
                t.name.as_str(),
                "iframe" | "object" | "embed" | "frame" | "base" | "form"
            ) && !search_form)
        {
            p.push(format!("{rel}: <{}> element {:?}", t.name, t.attrs));
        }
        if (t.name == "script" || t.name == "style")
            && (t.inner.contains("pwned")
                || t.inner.contains("display:none!important")
                || t.inner.contains("Zq"))
        {
            p.push(format!(
                "{rel}: <{}> holding a payload: {}",
                t.name, t.inner
            ));
        }
        if t.name == "meta" && t.attrs.iter().any(|(k, _)| k == "http-equiv") {
            p.push(format!("{rel}: <meta http-equiv> {:?}", t.attrs));
        }
        for (k, v) in &t.attrs {
            if k.starts_with("on") {
                p.push(format!("{rel}: event handler {k}={v:?} on <{}>", t.name));
            }
            if matches!(
                k.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "srcdoc"
            ) || k.ends_with(":href")
            {
                let u = url_scheme_view(v);
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| u.starts_with(s))
                {
                    p.push(format!("{rel}: {k}={v:?} on <{}>", t.name));
                }
            }
        }
    }
    p
}

/// Every problem in a built site, and the text of all its files together.
fn scan(out: &Path) -> (Vec<String>, String) {
    let mut problems = Vec::new();
    let mut all = String::new();
    let mut kinds = BTreeSet::new();
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(e.path()).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let ext = rel.rsplit('.').next().unwrap_or("").to_string();
        kinds.insert(ext.clone());
        if text.contains("PWNEDEVAL") {
            problems.push(format!("{rel}: template syntax in data was evaluated"));
        }
        match ext.as_str() {
            "html" | "svg" | "xml" => problems.extend(markup_problems(&rel, &text)),
            "json" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(format!("{rel}: not valid JSON: {e}"));
                }
            }
            "csv" => {
                for f in common::csv_rows(&text).concat() {
                    if f.starts_with(['=', '+', '-', '@', '\t', '\r']) && f.parse::<f64>().is_err()
                    {
                        problems.push(format!("{rel}: spreadsheet formula {f:?}"));
                    }
                }
            }
            _ => {}
        }
        all.push_str(&text);
    }
    for k in ["html", "csv", "json", "xml"] {
        assert!(kinds.contains(k), "the build wrote no .{k} file to scan");
    }
    (problems, all)
}

/// One run of the suite: the site under attack, its string fields, and where the builds go.
struct Attack {
    site: Site,
    /// Every string field of the data files and front matter.
    all: Vec<Field>,
    /// The shipped text of every file that has a field, restored before each injection.
    originals: BTreeMap<String, String>,
    /// Shipped values and their slugs, to recognise a reference left dangling by an injected definition.
    by_original: BTreeMap<String, Vec<usize>>,
    /// The marker `ZqNZq` naming field `N`.
    marker: regex::Regex,
    /// One output directory per payload, `p<n>`, kept for the browser.
    out_dir: tempfile::TempDir,
}

impl Attack {
    /// The shipped site with `raw_html` set, and its fields found.
    fn new(raw_html: &str) -> Attack {
        let site = Site::shipped_buildable();
        site.replace(
            "site.toml",
            "raw_html = \"escape\"",
            &format!("raw_html = \"{raw_html}\""),
        );
        let all = fields(&site);
        let originals: BTreeMap<String, String> = all
            .iter()
            .map(|f| f.file.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|f| {
                let t = site.read(&f);
                (f, t)
            })
            .collect();
        let mut by_original: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, f) in all.iter().enumerate() {
            by_original.entry(f.original.clone()).or_default().push(i);
            let slug = minhbach::common::text::slugify(&f.original);
            if slug != f.original {
                by_original.entry(slug).or_default().push(i);
            }
        }
        Attack {
            site,
            all,
            originals,
            by_original,
            marker: regex::Regex::new(r"Zq(\d+)Zq").unwrap(),
            out_dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Where payload `n` is built.
    fn out(&self, n: usize) -> std::path::PathBuf {
        self.out_dir.path().join(format!("p{n}"))
    }

    /// Builds with payload `n` until the build has no error, leaving out each field that
    /// rejects it; returns the fields that kept the payload and whether the Markdown body did.
    fn build_until_clean(&self, n: usize) -> (BTreeSet<usize>, bool) {
        let all = &self.all;
        let mut chosen: BTreeSet<usize> = (0..all.len()).collect();
        let out = self.out(n);
        // A field that rejects the payload gets a clean error at its own line; it is then left out.
        let mut rounds = 0;
        // The Markdown body takes the payload too, unless it is shortcode syntax the build rejects.
        let mut body = true;
        loop {
            let t0 = std::time::Instant::now();
            inject(&self.site, &self.originals, all, &chosen, n, body);
            let errors = build_site(self.site.root(), &out);
            if std::env::var_os("HOSTILE_TRACE").is_some() {
                eprintln!(
                    "payload {n} round {rounds}: {} errors in {:?}",
                    errors.len(),
                    t0.elapsed()
                );
            }
            if errors.is_empty() {
                return (chosen, body);
            }
            rounds += 1;
            let mut dropped = 0;
            let injected = chosen.clone();
            let body_marker = format!("Zq{}Zq", all.len());
            let body_injected = body;
            for d in &errors {
                if body_injected && d.to_string().contains(&body_marker) {
                    if body {
                        body = false;
                        dropped += 1;
                    }
                    continue;
                }
                assert!(d.line > 0, "payload {n}: an error without a line: {d}");
                let here = self.culprits(d, &injected);
                assert!(
                    !here.is_empty() || rounds > 1,
                    "payload {n}: an error that names no injected field: {d}"
                );
                for i in here {
                    if chosen.remove(&i) {
                        dropped += 1;
                    }
                }
            }
            assert!(
                dropped > 0 && rounds < 6,
                "payload {n}: errors that no injected field explains:\n{}",
                errors
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }

    /// The injected fields that error `d` is about: those it names, else those whose
    /// shipped definition it refers to, else those on its line.
    fn culprits(
        &self,
        d: &minhbach::common::diagnostic::Diagnostic,
        injected: &BTreeSet<usize>,
    ) -> Vec<usize> {
        // The error names the bad value (its marker) or points at its line.
        let named: Vec<usize> = self
            .marker
            .captures_iter(&d.message)
            .filter_map(|c| c[1].parse().ok())
            .filter(|i| injected.contains(i))
            .collect();
        // Or it is a reference to a definition the payload replaced: `...` names the shipped value.
        let quoted: BTreeSet<&str> = d.message.split('`').skip(1).step_by(2).collect();
        let defined: Vec<usize> = quoted
            .iter()
            .filter_map(|q| self.by_original.get(*q))
            .flatten()
            .copied()
            .filter(|i| injected.contains(i))
            .collect();
        let named = if named.is_empty() { defined } else { named };
        if named.is_empty() {
            injected
                .iter()
                .copied()
                .filter(|&i| self.all[i].file == d.file && self.all[i].line == d.line)
                .collect()
        } else {
            named
        }
    }

    /// What a browser does with the pages of the payloads that would run script: none may run.
    /// Returns the number of pages loaded.
    fn browse(&self) -> u64 {
        let roots: Vec<std::ffi::OsString> = std::iter::once("xss".into())
            .chain(
                (1..=PAYLOADS.len())
                    .filter(|n| RUNS_SCRIPT.contains(n))
                    .map(|n| self.out(n).into_os_string()),
            )
            .collect();
        let args: Vec<&std::ffi::OsStr> = roots.iter().map(|s| s.as_os_str()).collect();
        let (ok, stdout, stderr) = common::tools::node("check-pages.mjs", &args);
        let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!("check-pages.mjs printed no report ({e}):\n{stdout}\n{stderr}")
        });
        let browsed = report["pages"].as_u64().unwrap_or(0);
        assert!(ok && browsed > 0, "in Chromium: {report:#}\n{stderr}");
        browsed
    }
}

/// Runs every payload through every field; returns (payloads, fields tried, rejected, reached output).
fn attack(raw_html: &str) -> (usize, usize, usize, usize) {
    let attack = Attack::new(raw_html);
    let all = &attack.all;
    let (mut tried, mut rejected, mut reached) = (0, 0, 0);
    let mut failures = Vec::new();
    for n in 1..=PAYLOADS.len() {
        let (chosen, body) = attack.build_until_clean(n);
        let (problems, text) = scan(&attack.out(n));
        failures.extend(problems.into_iter().map(|p| format!("payload {n}: {p}")));
        tried += all.len()
            + attack
                .originals
                .keys()
                .filter(|f| f.ends_with(".md"))
                .count();
        rejected += all.len() - chosen.len();
        let seen: BTreeSet<usize> = attack
            .marker
            .captures_iter(&text)
            .filter_map(|c| c[1].parse().ok())
            .collect();
        reached += chosen.iter().filter(|i| seen.contains(i)).count();
        assert!(
            !body || seen.contains(&all.len()),
            "payload {n}: the Markdown body's payload reached no output"
        );
    }
    let browsed = attack.browse();
    assert!(
        failures.is_empty(),
        "{} payload(s) survived:\n{}",
        failures.len(),
        failures[..failures.len().min(60)].join("\n")
    );
    // A suite whose payloads never reach a page proves nothing.
    let accepted = PAYLOADS.len() * all.len() - rejected;
    assert!(
        reached * 10 >= accepted * 8,
        "only {reached} of {accepted} accepted payload fields reached an output file"
    );
    eprintln!(
        "hostile ({raw_html}): {} payloads × {} string fields ({} field kinds) = {tried} injections (Markdown bodies included); \
         {rejected} rejected with a clean error, {reached} reached an output file; none survived; \
         {browsed} pages loaded in Chromium, no payload ran",
        PAYLOADS.len(),
        all.len(),
        all.iter()
            .map(|f| (&f.file, f.key.split('[').next().unwrap_or("")))
            .collect::<BTreeSet<_>>()
            .len()
    );
    (PAYLOADS.len(), tried, rejected, reached)
}

#[test]
fn payloads_in_every_field_are_escaped_with_raw_html_escaped() {
    attack("escape");
}

#[test]
fn payloads_in_every_field_are_escaped_with_raw_html_sanitized() {
    attack("sanitize");
}

#[test]
fn the_scanner_sees_what_it_is_looking_for() {
    // The checks above can fail: unescaped payloads are caught.
    assert!(markup_problems("x.html", "<title><script>x</script></title>").is_empty());
    assert!(
        !markup_problems("x.html", "<title></title><script>window.__pwned=5</script>").is_empty()
    );
    for n in [1, 2, 3, 5, 6, 11, 12, 15, 17, 18, 19] {
        let html = format!("<p>{}</p>", payload(n, 0));
        assert!(
            !markup_problems("x.html", &html).is_empty(),
            "payload {n} unseen in {html}"
        );
    }
    assert!(!markup_problems("x.html", "<a href=\"javascript:x\">").is_empty());
    assert!(!markup_problems("x.html", "<a href=\"&#x09;JaVa&#x09;script&colon;x\">").is_empty());
    assert!(
        markup_problems(
            "x.html",
            "<p title=\"&quot;&gt;&lt;img src=x onerror=window.__pwned=2&gt;\">&lt;script&gt;</p>"
        )
        .is_empty()
    );
    assert_eq!(
        common::csv_rows("\"a\",\"=1+\"\"x\"\"\"\r\n\"b\""),
        [vec!["a", "=1+\"x\""], vec!["b"]]
    );
}

#[test]
fn the_browser_check_sees_a_payload_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=vi><title>x</title><p>x</p><script>window.__pwned=1</script>",
    )
    .unwrap();
    let (ok, stdout, _) =
        common::tools::node("check-pages.mjs", &["xss".as_ref(), dir.path().as_os_str()]);
    assert!(!ok && stdout.contains("ran on index.html"), "{stdout}");
}
