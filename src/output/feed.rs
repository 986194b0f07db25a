//! The Atom 1.0 feed (RFC 4287) of the monthly updates: `feed.xml`.
//!
//! Atom needs every `id` to be an absolute IRI that never changes. A portal
//! built with an absolute `base_url` (`https://host/path/`) uses `tag:` URIs
//! on that host (`tag:host,2024:/path/bao-cao/2024-09/`). A portal built with
//! a path only (`/`, the default) has no host to name, so its ids are
//! name-based `urn:uuid:` URIs computed from the site's title and the page
//! path: stable from build to build, the same wherever the site is served.
//! Links (`href`) are absolute when the base is, and otherwise relative to
//! the site root, which feed readers resolve against the feed's own address.

use crate::common::escape::xml_escape;
use crate::common::format;
use crate::load::config::SiteConfig;
use crate::model::dataset::Dataset;
use crate::paths as url;
use crate::paths::absolute_base;

/// One update in the feed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Page path under the site root (`bao-cao/2024-09/`).
    pub path: String,
    /// Title.
    pub title: String,
    /// One paragraph of plain text.
    pub summary: String,
    /// When the entry last changed, RFC 3339 (`2024-09-30T00:00:00+07:00`).
    pub updated: String,
    /// When it was first published, RFC 3339.
    pub published: String,
}

/// The host and path of an absolute base URL, if it has a scheme.
fn host_and_path(base_url: &str) -> Option<(&str, &str)> {
    let (_, rest) = base_url.split_once("://")?;
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    (!host.is_empty()).then_some((host, path))
}

/// A name-based UUID (RFC 9562 version 8) from `name`: two 64-bit FNV-1a hashes, so it is stable across builds and platforms.
fn uuid_of(name: &str) -> String {
    let fnv = |seed: u64| {
        name.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The permanent id of the page at `path` (`""` for the feed itself).
pub fn id(config: &SiteConfig, path: &str, year: i32) -> String {
    match host_and_path(&config.base_url) {
        Some((host, base)) => {
            let base = base.trim_end_matches('/');
            let sep = if base.is_empty() { "" } else { "/" };
            format!("tag:{host},{year}:/{base}{sep}{path}")
        }
        None => uuid_of(&format!("minhbach\u{0}{}\u{0}{path}", config.title)),
    }
}

/// The link to a page: absolute when the base URL is.
fn href(config: &SiteConfig, path: &str) -> String {
    format!("{}{path}", absolute_base(&config.base_url))
}

/// The feed's text; `entries` newest first. `feed_path` is the feed's own path (`feed.xml`).
pub fn atom(config: &SiteConfig, feed_path: &str, entries: &[Entry], year: i32) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z");
    let x = xml_escape;
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        x(&config.language)
    ));
    let title = if config.synthetic {
        format!("[SYNTHETIC] {}", config.title)
    } else {
        config.title.clone()
    };
    s.push_str(&format!("  <title>{}</title>\n", x(&title)));
    if !config.description.is_empty() {
        s.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            x(&config.description)
        ));
    }
    s.push_str(&format!("  <id>{}</id>\n", x(&id(config, "", year))));
    s.push_str(&format!("  <updated>{updated}</updated>\n"));
    s.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        x(&href(config, feed_path))
    ));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        x(&href(config, ""))
    ));
    let author = if config.publisher.is_empty() {
        &config.title
    } else {
        &config.publisher
    };
    s.push_str(&format!("  <author><name>{}</name></author>\n", x(author)));
    s.push_str("  <generator>minhbach</generator>\n");
    for e in entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <title>{}</title>\n", x(&e.title)));
        s.push_str(&format!("    <id>{}</id>\n", x(&id(config, &e.path, year))));
        s.push_str(&format!("    <published>{}</published>\n", e.published));
        s.push_str(&format!("    <updated>{}</updated>\n", e.updated));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            x(&href(config, &e.path))
        ));
        s.push_str(&format!("    <summary>{}</summary>\n", x(&e.summary)));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// The Atom feed: one entry per final monthly report, newest first.
///
/// An entry is dated by its content page's `date`, or else by the last day of
/// its month (the data holds no publication time), at midnight in Vietnam; it
/// is updated on the date of the latest correction of one of its figures.
/// `report_title` titles a month without a content page (`{month}`, from the i18n file).
pub(crate) fn feed(ds: &Dataset, config: &SiteConfig, report_title: &str) -> String {
    let entries: Vec<Entry> = ds
        .reports
        .iter()
        .rev()
        .filter(|r| r.report.status == crate::model::records::ReportStatus::Final)
        .map(|r| {
            let month = r.report.month;
            let page = ds
                .pages
                .iter()
                .find(|p| p.path == url::report_content(&month));
            let date = page
                .and_then(|p| p.front.date)
                .unwrap_or_else(|| month.last_day());
            let when = format!("{date}T00:00:00+07:00");
            // A correction of one of the month's figures updates its entry.
            let corrected = ds
                .corrections
                .iter()
                .filter(|k| k.month == month)
                .map(|k| k.date)
                .max()
                .filter(|d| *d > date);
            let updated = corrected.map_or_else(|| when.clone(), |d| format!("{d}T00:00:00+07:00"));
            Entry {
                path: url::report(&month),
                title: page.map_or_else(
                    || report_title.replace("{month}", &format::month(month)),
                    |p| p.front.title.clone(),
                ),
                summary: page
                    .and_then(|p| p.front.description.clone())
                    .unwrap_or_else(|| r.report.title.clone()),
                updated,
                published: when,
            }
        })
        .collect();
    let year = ds.reports.first().map_or(2024, |r| r.report.month.year);
    atom(config, &url::feed(), &entries, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_absolute_and_stable() {
        let mut c = SiteConfig::default();
        let a = id(&c, "bao-cao/2024-09/", 2024);
        assert!(a.starts_with("urn:uuid:"), "{a}");
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(a, id(&c, "bao-cao/2024-09/", 2024));
        assert_ne!(a, id(&c, "bao-cao/2024-10/", 2024));
        c.base_url = "https://example.org/de-an-06/".into();
        assert_eq!(
            id(&c, "bao-cao/2024-09/", 2024),
            "tag:example.org,2024:/de-an-06/bao-cao/2024-09/"
        );
        c.base_url = "https://example.org".into();
        assert_eq!(id(&c, "", 2024), "tag:example.org,2024:/");
    }
}
