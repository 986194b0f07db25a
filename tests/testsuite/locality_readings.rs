//! The "Chỉ số" table of a locality's page: one row per indicator with its
//! latest reading in full and the earlier ones in a short list. Every reading
//! of the locality (as the indicator's CSV lists them) appears on the page,
//! in its month, with its value and its own source link; the page's count of
//! readings is right. Checked on the shipped portal and on a small SYNTHETIC one.

use crate::common;
use crate::synth;

use std::collections::BTreeMap;
use std::path::Path;

/// One reading as the page or the CSV shows it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    indicator: String,
    /// `tháng 9/2024`.
    month: String,
    kind: String,
    /// The number, if any (rates rounded as the page shows them).
    value: Option<f64>,
    source: String,
    at: String,
}

/// `2024-09` → `tháng 9/2024`.
fn month_label(iso: &str) -> String {
    let (y, m) = iso.split_once('-').expect("YYYY-MM");
    format!("tháng {}/{y}", m.trim_start_matches('0'))
}

/// Every reading of every indicator, by locality, from the indicators' CSV files.
fn expected(out: &Path) -> BTreeMap<String, Vec<Seen>> {
    let mut by_locality: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    for e in std::fs::read_dir(out.join("du-lieu")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !name.starts_with("chi-so-") || !name.ends_with(".csv") {
            continue;
        }
        let rows =
            common::csv_rows(&std::fs::read_to_string(out.join("du-lieu").join(&name)).unwrap());
        let head = &rows[0];
        let col = |k: &str| {
            head.iter()
                .position(|h| h == k)
                .unwrap_or_else(|| panic!("{name}: no column {k}"))
        };
        let (ind, loc, month, kind, value, source, at) = (
            col("indicator"),
            col("locality"),
            col("month"),
            col("kind"),
            col("value"),
            col("source"),
            col("at"),
        );
        for r in &rows[1..] {
            by_locality.entry(r[loc].clone()).or_default().push(Seen {
                indicator: r[ind].clone(),
                month: month_label(&r[month]),
                kind: r[kind].clone(),
                value: r[value].parse().ok(),
                source: r[source].clone(),
                at: r[at].clone(),
            });
        }
    }
    by_locality
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A figure as the page prints it (`1.234`, `86,99 %`, `trên 10`) as a number.
fn number(text: &str) -> Option<f64> {
    let t = text
        .trim()
        .trim_start_matches("trên ")
        .trim_end_matches('%')
        .trim()
        .replace('.', "")
        .replace(',', ".");
    t.parse().ok()
}

/// The source link of a piece of the table: (source id, place in it); its href must point to that source.
fn cite_of(piece: &str, what: &str) -> (String, String) {
    let a = regex::Regex::new(r#"<a ([^>]*\bclass="?cite"?[^>]*)>\[([^\]]*)\]</a>"#).unwrap();
    let caps = a
        .captures(piece)
        .unwrap_or_else(|| panic!("{what}: no source link in {piece}"));
    let attr = |name: &str| {
        regex::Regex::new(&format!(r#"\b{name}=(?:"([^"]*)"|([^\s>"]+))"#))
            .unwrap()
            .captures(&caps[1])
            .and_then(|c| c.get(1).or(c.get(2)))
            .map(|m| unescape(m.as_str()))
            .unwrap_or_else(|| panic!("{what}: a source link without {name}: {}", &caps[0]))
    };
    // The link goes to its source on the sources page; the full cite names it too.
    let href = attr("href");
    let source = href
        .strip_prefix("/nguon/#")
        .unwrap_or_else(|| panic!("{what}: a source link to {href}"))
        .to_string();
    if caps[1].contains("data-src") {
        assert_eq!(attr("data-src"), source, "{what}");
    }
    (source, unescape(&caps[2]))
}

/// The readings a locality page shows in its "Chỉ số" table, and its "N số liệu" fact.
fn on_page(out: &Path, slug: &str) -> (Vec<Seen>, Option<usize>) {
    let html = std::fs::read_to_string(out.join(format!("dia-phuong/{slug}/index.html"))).unwrap();
    let count = regex::Regex::new(r#"href="?#chi-so"?>(\d+) số liệu<"#)
        .unwrap()
        .captures(&html)
        .map(|c| c[1].parse().unwrap());
    let Some(start) = html.find(r#"<table class="stack readings">"#) else {
        return (Vec::new(), count);
    };
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").expect("tbody")..];
    let indicator = regex::Regex::new(r#"<th scope="?row"?><a href="?/chi-so/([^/"]+)/"#).unwrap();
    let month = regex::Regex::new(r"^(tháng \d+/\d{4})").unwrap();
    let latest_month =
        regex::Regex::new(r#"<td [^>]*class="?month"?[^>]*><span class="?cv"?>(tháng \d+/\d{4})<"#)
            .unwrap();
    let latest_fig = regex::Regex::new(r#"<span class="fig fig-(\w+)">([^<]*)</span>"#).unwrap();
    let earlier_fig = regex::Regex::new(r"<b>([^<]*)</b>").unwrap();
    let mut seen = Vec::new();
    for row in body.split("<tr>").skip(1) {
        let ind = indicator
            .captures(row)
            .unwrap_or_else(|| panic!("{slug}: a row without its indicator link: {row}"))[1]
            .to_string();
        let mut pieces = row.split("<li>");
        let latest = pieces.next().unwrap();
        let what = format!("{slug} {ind} latest");
        let m = latest_month
            .captures(latest)
            .unwrap_or_else(|| panic!("{what}: no month in {latest}"));
        let f = latest_fig
            .captures(latest)
            .unwrap_or_else(|| panic!("{what}: no figure in {latest}"));
        // The source of the latest figure is in its own cell, after the value.
        let (source, at) = cite_of(&latest[f.get(0).unwrap().end()..], &what);
        seen.push(Seen {
            indicator: ind.clone(),
            month: m[1].to_string(),
            kind: f[1].to_string(),
            value: number(&unescape(&f[2])),
            source,
            at,
        });
        for li in pieces {
            let li = &li[..li.find("</li>").expect("</li>")];
            let what = format!("{slug} {ind} earlier: {li}");
            let m = month
                .captures(li)
                .unwrap_or_else(|| panic!("{what}: no month"));
            let text = unescape(
                &earlier_fig
                    .captures(li)
                    .unwrap_or_else(|| panic!("{what}: no figure"))[1],
            );
            let (source, at) = cite_of(li, &what);
            // The kind shows in short: derived and "nothing arose" by a tag, a lower bound by its text.
            let kind = if li.contains("tính từ mức tăng") {
                "derived"
            } else if text == "Không phát sinh" {
                assert!(
                    li.contains("không phải số 0"),
                    "{what}: none without its tag"
                );
                "none"
            } else if text.starts_with("trên ") {
                "lower_bound"
            } else {
                // Reported or computed: the short list does not say which.
                "number"
            };
            seen.push(Seen {
                indicator: ind.clone(),
                month: m[1].to_string(),
                kind: kind.into(),
                value: number(&text),
                source,
                at,
            });
        }
    }
    (seen, count)
}

fn same(page: &Seen, csv: &Seen) -> bool {
    let value = match (page.value, csv.value) {
        (Some(a), Some(b)) => (a - b).abs() < 0.006,
        (None, None) => true,
        _ => false,
    };
    page.indicator == csv.indicator
        && page.month == csv.month
        && (page.kind == csv.kind
            || page.kind == "number" && (csv.kind == "reported" || csv.kind == "rate"))
        && page.source == csv.source
        && page.at == csv.at
        && value
}

/// Every reading of every locality is on its page, once, and nothing else is.
fn assert_every_reading_on_its_page(out: &Path) -> usize {
    let expected = expected(out);
    let mut checked = 0;
    for e in std::fs::read_dir(out.join("dia-phuong")).unwrap() {
        let e = e.unwrap();
        if !e.file_type().unwrap().is_dir() {
            continue;
        }
        let slug = e.file_name().to_string_lossy().into_owned();
        let want = expected.get(&slug).cloned().unwrap_or_default();
        let (mut got, count) = on_page(out, &slug);
        assert_eq!(
            count,
            (!want.is_empty()).then_some(want.len()),
            "{slug}: the page's count of readings"
        );
        assert_eq!(
            got.len(),
            want.len(),
            "{slug}: readings on the page\n{got:#?}\nin the CSV\n{want:#?}"
        );
        for w in &want {
            let i = got.iter().position(|g| same(g, w)).unwrap_or_else(|| {
                panic!("{slug}: {w:?} is not on the page; the page has {got:#?}")
            });
            got.swap_remove(i);
        }
        checked += want.len();
    }
    checked
}

/// Rows are one per indicator, the latest reading first in its row.
fn assert_one_row_per_indicator_latest_first(out: &Path, slug: &str) {
    let (seen, _) = on_page(out, slug);
    let mut rows: Vec<(&str, &str)> = Vec::new();
    let mut latest_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut months_of: BTreeMap<&str, Vec<(u32, u32)>> = BTreeMap::new();
    for s in &seen {
        let (m, y) = s.month["tháng ".len()..].split_once('/').unwrap();
        months_of
            .entry(&s.indicator)
            .or_default()
            .push((y.parse().unwrap(), m.parse().unwrap()));
        if !latest_of.contains_key(s.indicator.as_str()) {
            latest_of.insert(&s.indicator, &s.month);
            rows.push((&s.indicator, &s.month));
        }
    }
    let mut ids: Vec<&str> = rows.iter().map(|r| r.0).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rows.len(), "{slug}: one row per indicator");
    for (ind, months) in months_of {
        let (latest, earlier) = months.split_first().unwrap();
        assert!(
            earlier.iter().all(|m| m <= latest),
            "{slug} {ind}: the row's month is its latest: {months:?}",
            months = (latest, earlier)
        );
        assert!(
            earlier.windows(2).all(|w| w[0] <= w[1]),
            "{slug} {ind}: earlier months in order: {earlier:?}"
        );
    }
}

#[test]
fn every_reading_of_the_shipped_portal_is_on_its_locality_page_with_its_source() {
    let site = common::Site::shipped();
    let out = site.build();
    let n = assert_every_reading_on_its_page(&out);
    assert!(n >= 60, "the province's readings are checked ({n})");
    assert_one_row_per_indicator_latest_first(&out, "thanh-hoa");
    // August's BHYT-synced figure is derived from September's stated change: an earlier reading, tagged.
    let page = common::page_text(&out, "dia-phuong/thanh-hoa/index.html");
    assert!(
        page.contains("tháng 8/2024: 3.182.009 tính từ mức tăng [Mục II.4.2]"),
        "{page}"
    );
}

#[test]
fn every_reading_of_a_synthetic_portal_is_on_its_locality_page_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = dir.path().join("public");
    let generated = synth::generate(&root, &synth::Params::small()).unwrap();
    synth::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &root.join("themes"),
    )
    .unwrap();
    let errors = common::build_site(&root, &out);
    assert!(errors.is_empty(), "{errors:?}");
    let n = assert_every_reading_on_its_page(&out);
    assert!(n > 100, "readings checked: {n}");
    let with_earlier = generated
        .places
        .iter()
        .filter(|p| {
            let html =
                std::fs::read_to_string(out.join(format!("dia-phuong/{}/index.html", p.slug)))
                    .unwrap();
            html.contains("Các tháng trước (")
        })
        .count();
    assert!(with_earlier > 0, "some locality has earlier months");
    for p in &generated.places {
        assert_one_row_per_indicator_latest_first(&out, &p.slug);
    }

    // A correction of an earlier month's figure (SYNTHETIC) shows, in short, in that month's line.
    let all = expected(&out);
    let (slug, w) = all
        .iter()
        .find_map(|(slug, list)| {
            let w = list.iter().find(|w| {
                w.kind == "reported"
                    && w.value.is_some_and(|v| v.fract() == 0.0)
                    && list.iter().any(|x| {
                        x.indicator == w.indicator && x.month != w.month && {
                            let later = |m: &str| {
                                let (mo, y) = m["tháng ".len()..].split_once('/').unwrap();
                                (y.parse::<u32>().unwrap(), mo.parse::<u32>().unwrap())
                            };
                            later(&x.month) > later(&w.month)
                        }
                    })
            })?;
            Some((slug.clone(), w.clone()))
        })
        .expect("a reported figure with a later month");
    let (mo, y) = w.month["tháng ".len()..].split_once('/').unwrap();
    let month = format!("{y}-{mo:0>2}");
    let value = w.value.unwrap();
    std::fs::write(
        root.join("data/corrections.toml"),
        format!(
            "[[correction]]\ndate = \"2025-06-01\"\nmonth = \"{month}\"\nindicator = \"{}\"\nlocality = \"{slug}\"\nold = {}\nnew = {value}\nreason = \"SYNTHETIC: đính chính thử nghiệm\"\ncite = {{ source = \"{}\", at = \"{}\" }}\n",
            w.indicator,
            value + 1.0,
            w.source,
            w.at
        ),
    )
    .unwrap();
    let uncorrected =
        std::fs::read_to_string(out.join(format!("dia-phuong/{slug}/index.html"))).unwrap();
    assert!(
        !uncorrected.contains("đã đính chính"),
        "{slug}: no correction yet"
    );
    let errors = common::build_site(&root, &out);
    assert!(errors.is_empty(), "{errors:?}");
    let html = std::fs::read_to_string(out.join(format!("dia-phuong/{slug}/index.html"))).unwrap();
    let row = html
        .split("<tr>")
        .find(|r| r.contains(&format!("/chi-so/{}/", w.indicator)))
        .unwrap_or_else(|| panic!("{slug}: no row for {}", w.indicator));
    let line = row
        .split("<li>")
        .skip(1)
        .map(|li| &li[..li.find("</li>").unwrap()])
        .find(|li| li.starts_with(&format!("{}:", w.month)))
        .unwrap_or_else(|| panic!("{slug}: no line for {w:?} in {row}"));
    assert!(
        line.contains("đã đính chính") && line.contains("/dinh-chinh/#"),
        "{slug}: {line}"
    );
    assert_eq!(assert_every_reading_on_its_page(&out), n);
}
