//! The search index, written with the site: the documents a reader can find
//! (localities, models, indicators, reports, services, pages), split into
//! shards by the first letters of their folded words, each a script the
//! search page loads when a query needs it.
//!
//! Why scripts and not JSON: `fetch()` of a `file://` URL fails in Chromium,
//! and the portal must search when opened from a folder too; a `<script>`
//! loads there. Why shards: a national portal's index is megabytes, and one
//! query must not load more than [`QUERY_BYTES`] of it. A shard holds every
//! document with a word starting with its key: a query word needs only the
//! shards whose keys start with it (and the one leaf whose key it starts
//! with), and the reader's other words are matched in those documents.

use super::content::DataFile;
use crate::common::text::fold_words;
use crate::paths as url;
use std::collections::BTreeMap;

/// A shard is split by the next letter of its words while it is larger than
/// this (bytes of its script); a shipped portal's whole index is one shard.
pub const SHARD_BYTES: usize = 64 * 1024;
/// The most a query loads (bytes of shard scripts, uncompressed); the search
/// script loads shards up to it and asks for more letters beyond.
pub const QUERY_BYTES: usize = 300 * 1024;
/// Words are split into shards by at most this many leading letters: a longer
/// key would only tell apart documents sharing that many letters, rare words.
const MAX_KEY: usize = 8;

/// What a search result is (the search page names it in the reader's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A locality's page.
    Locality,
    /// A model's page.
    Model,
    /// An indicator's page.
    Indicator,
    /// A month's report.
    Report,
    /// A row of the online public services tables.
    Service,
    /// Any other page (lists, Markdown pages).
    Page,
}

impl Kind {
    /// Its one-letter code in the index (`data-kind-<code>` names it on the search page).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Locality => "l",
            Kind::Model => "m",
            Kind::Indicator => "i",
            Kind::Report => "r",
            Kind::Service => "s",
            Kind::Page => "p",
        }
    }
}

/// One thing a reader can find.
#[derive(Debug, Clone)]
pub struct Doc {
    /// What it is.
    pub kind: Kind,
    /// Shown before the title and not searched ("Huyện": every locality of a
    /// kind shares it, and a national portal's "xã" would be 10.000 documents).
    pub before: String,
    /// Its title, searched.
    pub title: String,
    /// Its page (with an anchor, if any), relative to the site root.
    pub url: String,
    /// More text searched and shown as the snippet around a match (a goal, a description).
    pub text: String,
    /// Shown under the title and not searched (the parent locality, the model's group).
    pub context: String,
}

/// The sizes of a written index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexSize {
    /// Documents indexed.
    pub docs: usize,
    /// Shard scripts.
    pub shards: usize,
    /// Bytes of the table of shards and every shard.
    pub total_bytes: usize,
    /// Bytes of the largest shard.
    pub largest_shard: usize,
}

/// The index's files: the table of shards ([`url::SEARCH_INDEX`]) and the
/// shards, with their sizes.
pub fn index_files(docs: &[Doc]) -> (Vec<DataFile<'static>>, IndexSize) {
    let rows: Vec<String> = docs.iter().map(row).collect();
    let sizes: Vec<usize> = rows.iter().map(|r| r.len() + 1).collect();
    let words: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            let mut w = fold_words(&format!("{} {}", d.title, d.text));
            w.sort();
            w.dedup();
            w
        })
        .collect();
    let pairs: Vec<(&str, u32)> = words
        .iter()
        .enumerate()
        .flat_map(|(i, ws)| ws.iter().map(move |w| (w.as_str(), doc_id(i))))
        .collect();
    let mut shards = Vec::new();
    partition(String::new(), 0, pairs, &sizes, &mut shards);
    let mut files = Vec::new();
    let mut table = Vec::new();
    let mut size = IndexSize {
        docs: docs.len(),
        shards: shards.len(),
        ..IndexSize::default()
    };
    for shard in shards {
        let mut body = format!("minhbachSearch.shard({},[", json(&shard.key));
        for (n, &d) in shard.docs.iter().enumerate() {
            if n > 0 {
                body.push(',');
            }
            body.push_str(&rows[d as usize]);
        }
        body.push_str("]);\n");
        let hash = crate::common::fingerprint::hash(body.as_bytes());
        let path = url::search_shard(&shard.key, hash.get(..10).unwrap_or(&hash));
        size.total_bytes += body.len();
        size.largest_shard = size.largest_shard.max(body.len());
        table.push(format!(
            "[{},{},{},{}]",
            json(&shard.key),
            json(&path),
            body.len(),
            u8::from(shard.exact)
        ));
        files.push(DataFile {
            path,
            content: body.into(),
        });
    }
    let manifest = format!(
        "minhbachSearch.manifest({{\"query_bytes\":{QUERY_BYTES},\"docs\":{},\"shards\":[{}]}});\n",
        docs.len(),
        table.join(",")
    );
    size.total_bytes += manifest.len();
    files.push(DataFile {
        path: url::SEARCH_INDEX.into(),
        content: manifest.into(),
    });
    (files, size)
}

/// A document's position, as the shards list it.
fn doc_id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A JSON string (serde_json cannot fail on one).
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A document as a shard lists it: `[kind, before, title, url, text, context]`.
fn row(d: &Doc) -> String {
    let fields = [
        d.kind.code(),
        &d.before,
        &d.title,
        &d.url,
        &d.text,
        &d.context,
    ];
    format!(
        "[{}]",
        fields.iter().map(|f| json(f)).collect::<Vec<_>>().join(",")
    )
}

/// A shard as made: its key, whether it holds only the words equal to its key
/// (what stays when a key is split), and its documents in index order.
struct Shard {
    key: String,
    exact: bool,
    docs: Vec<u32>,
}

/// Splits the (word, document) pairs whose words start with `key` (of `depth`
/// letters) into shards of at most [`SHARD_BYTES`], by the words' next letter;
/// the words equal to `key` stay in a shard of their own ("exact").
fn partition(
    key: String,
    depth: usize,
    pairs: Vec<(&str, u32)>,
    sizes: &[usize],
    out: &mut Vec<Shard>,
) {
    let docs = distinct(pairs.iter().map(|p| p.1));
    let bytes: usize = docs.iter().map(|&d| sizes[d as usize]).sum();
    let longer = pairs.iter().any(|(w, _)| w.chars().nth(depth).is_some());
    if bytes <= SHARD_BYTES || depth >= MAX_KEY || !longer {
        out.push(Shard {
            key,
            exact: false,
            docs,
        });
        return;
    }
    let mut exact = Vec::new();
    let mut next: BTreeMap<char, Vec<(&str, u32)>> = BTreeMap::new();
    for (w, d) in pairs {
        match w.chars().nth(depth) {
            Some(c) => next.entry(c).or_default().push((w, d)),
            None => exact.push(d),
        }
    }
    if !exact.is_empty() {
        out.push(Shard {
            key: key.clone(),
            exact: true,
            docs: distinct(exact.into_iter()),
        });
    }
    for (c, p) in next {
        partition(format!("{key}{c}"), depth + 1, p, sizes, out);
    }
}

/// The documents once each, in index order.
fn distinct(docs: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut v: Vec<u32> = docs.collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str) -> Doc {
        Doc {
            kind: Kind::Locality,
            before: "Xã".into(),
            title: title.into(),
            url: format!("dia-phuong/{}/", crate::common::text::slugify(title)),
            text: String::new(),
            context: "Huyện Đức Thọ".into(),
        }
    }

    #[test]
    fn a_small_index_is_one_shard_and_a_large_one_is_split_by_letters() {
        let (files, size) = index_files(&[doc("Đức Thọ"), doc("Quan Hóa")]);
        assert_eq!(size.shards, 1);
        assert_eq!(files.len(), 2);
        assert!(files[0].path.starts_with("tim-kiem/chi-muc/tat-ca-"));
        let syllables = ["Thanh", "Tân", "An", "Đức", "Hòa", "Bình", "Sơn", "Phú"];
        let many: Vec<Doc> = (0..6000)
            .map(|i| {
                let a = syllables[i % 8];
                let b = syllables[(i / 8) % 8];
                doc(&format!("{a} {b} {i}"))
            })
            .collect();
        let (files, size) = index_files(&many);
        assert!(size.shards > 8, "{size:?}");
        assert!(size.largest_shard <= QUERY_BYTES, "{size:?}");
        assert!(files.iter().any(|f| f.path.contains("/k-duc-")));
    }
}
