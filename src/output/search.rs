//! The search index, written with the site: the documents a reader can find
//! (localities, models, indicators, reports, services, pages) and an inverted
//! index of their folded words, each part a script the search page loads when
//! a query needs it.
//!
//! Why scripts and not JSON: `fetch()` of a `file://` URL fails in Chromium,
//! and the portal must search when opened from a folder too; a `<script>`
//! loads there. Why this layout: a national portal's index is megabytes, and
//! one query must not load more than [`QUERY_BYTES`] of it. Each document's
//! row is written once, in a document script of consecutive numbers; the word
//! shards, split by the words' first letters, hold for each word only the
//! numbers of its documents. A query word needs only the shards whose keys
//! start with it (and the one leaf whose key it starts with); the page ranks
//! the numbers it finds there and loads the rows of the results it shows.
//!
//! Documents are numbered in the order the ranking breaks its ties (kind, then
//! shorter titles), so that the first numbers of a common word's thousands of
//! documents are also its first results, and a few document scripts show them.

use super::content::DataFile;
use crate::common::text::fold_words;
use crate::paths as url;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A shard is split by the next letter of its words while it is larger than
/// this (bytes of its script); a shipped portal's whole word index is one shard.
pub const SHARD_BYTES: usize = 64 * 1024;
/// The most a query loads (bytes of shard and document scripts, uncompressed):
/// the search script loads up to it and says when the answer is partial.
pub const QUERY_BYTES: usize = 300 * 1024;
/// The most of [`QUERY_BYTES`] a query spends on word shards: the rest is left
/// for the document scripts of the results it shows.
pub const QUERY_SHARD_BYTES: usize = QUERY_BYTES / 2;
/// A document script holds consecutive documents up to this many bytes: small,
/// because the 20 results a page shows may lie in 20 different scripts.
pub const DOCUMENT_BYTES: usize = 8 * 1024;
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

    /// Its weight in the ranking: `KIND_WEIGHT` of search.js, which ranks by it
    /// after the matched words (the index numbers documents by it).
    pub fn weight(self) -> u8 {
        match self {
            Kind::Locality | Kind::Indicator => 3,
            Kind::Model | Kind::Service => 2,
            Kind::Report | Kind::Page => 1,
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
    /// Shown after the title and not searched, where the language puts the kind
    /// there ("Thanh Hóa Province"); empty in Vietnamese.
    pub after: String,
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
    /// Word shard scripts.
    pub shards: usize,
    /// Document scripts.
    pub document_files: usize,
    /// Bytes of the table, every shard and every document script.
    pub total_bytes: usize,
    /// Bytes of the largest shard.
    pub largest_shard: usize,
}

/// The index's files: the table ([`url::SEARCH_INDEX`]) of the word shards and
/// of the document scripts, then those, with their sizes.
pub fn index_files(docs: &[Doc]) -> (Vec<DataFile<'static>>, IndexSize) {
    let order = ranked_order(docs);
    let words = postings(docs, &order);
    let mut shards = Vec::new();
    partition("", 0, &words, &mut shards);
    let mut files = Vec::new();
    let mut size = IndexSize {
        docs: docs.len(),
        shards: shards.len(),
        ..IndexSize::default()
    };
    let mut shard_table = Vec::new();
    for shard in shards {
        let entries: Vec<&str> = shard.words.iter().map(|w| w.entry.as_str()).collect();
        let body = format!(
            "minhbachSearch.shard({},[{}]);\n",
            json(shard.key),
            entries.join(",")
        );
        let path = url::search_shard(shard.key, &short_hash(&body));
        size.largest_shard = size.largest_shard.max(body.len());
        shard_table.push(format!(
            "[{},{},{},{}]",
            json(shard.key),
            json(&path),
            body.len(),
            u8::from(shard.exact)
        ));
        size.total_bytes += body.len();
        files.push(DataFile {
            path,
            content: body.into(),
        });
    }
    let mut doc_table = Vec::new();
    for (first, rows) in document_scripts(docs, &order) {
        let body = format!("minhbachSearch.docs({first},[{}]);\n", rows.join(","));
        let path = url::search_documents(first, &short_hash(&body));
        doc_table.push(format!("[{first},{},{}]", json(&path), body.len()));
        size.document_files += 1;
        size.total_bytes += body.len();
        files.push(DataFile {
            path,
            content: body.into(),
        });
    }
    let manifest = format!(
        "minhbachSearch.manifest({{\"query_bytes\":{QUERY_BYTES},\"shard_bytes\":{QUERY_SHARD_BYTES},\"docs\":{},\"shards\":[{}],\"documents\":[{}]}});\n",
        docs.len(),
        shard_table.join(","),
        doc_table.join(",")
    );
    size.total_bytes += manifest.len();
    files.push(DataFile {
        path: url::SEARCH_INDEX.into(),
        content: manifest.into(),
    });
    (files, size)
}

/// The first letters of a script's hash, for its name.
fn short_hash(body: &str) -> String {
    let hash = crate::common::fingerprint::hash(body.as_bytes());
    hash.get(..10).unwrap_or(&hash).to_string()
}

/// The documents (positions in `docs`) in the order they are numbered: the
/// order in which the ranking breaks ties between equal matches (heavier kinds,
/// then shorter titles, measured as search.js does, in UTF-16 units), the
/// given order after that.
fn ranked_order(docs: &[Doc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        let d = &docs[i];
        (
            std::cmp::Reverse(d.kind.weight()),
            d.title.encode_utf16().count(),
        )
    });
    order
}

/// How many leading positions of a title a word's entry tells apart (later
/// ones are one, "at 5 or later"): enough for most titles' phrases.
const TITLE_POSITIONS: usize = 5;

/// A folded word and its entry in a shard: `["word",[n, …]]`, each `n` a
/// document (the difference from the previous one's number) times 256 plus
/// where the word is in it: bit 0 in its text, bit 1 its title's last word,
/// bits 2–6 the title's words 0–4, bit 7 a title word from the 5th on (what
/// the ranking asks of titles: their phrases, first and last words).
struct Word {
    word: String,
    entry: String,
}

/// Where a document's words are, as their entries tell it (see [`Word`]), in the words' order.
fn places(d: &Doc) -> Vec<(String, u32)> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    let title = fold_words(&d.title);
    let last = title.len().saturating_sub(1);
    for (p, w) in title.into_iter().enumerate() {
        let bits = (4 << p.min(TITLE_POSITIONS)) | if p == last { 2 } else { 0 };
        *out.entry(w).or_insert(0) |= bits;
    }
    for w in fold_words(&d.text) {
        *out.entry(w).or_insert(0) |= 1;
    }
    out.into_iter().collect()
}

/// Every folded word of the documents, in order, with its entry.
///
/// Folding the words is most of the work (a Markdown site's pages each bring
/// an excerpt), so each document's are found on every core; only the merge,
/// in document order, is on one.
fn postings(docs: &[Doc], order: &[usize]) -> Vec<Word> {
    let found: Vec<Vec<(String, u32)>> = order.par_iter().map(|&i| places(&docs[i])).collect();
    let mut map: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    for (n, words) in found.into_iter().enumerate() {
        let id = u32::try_from(n).unwrap_or(u32::MAX);
        for (w, bits) in words {
            map.entry(w).or_default().push((id, bits));
        }
    }
    let mut words: Vec<(String, Vec<(u32, u32)>)> = map.into_iter().collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words
        .into_par_iter()
        .map(|(word, ids)| {
            let mut entry = format!("[{},[", json(&word));
            let mut last = 0;
            for (k, (id, bits)) in ids.into_iter().enumerate() {
                if k > 0 {
                    entry.push(',');
                }
                let code = u64::from(id - last) * 256 + u64::from(bits);
                entry.push_str(&code.to_string());
                last = id;
            }
            entry.push_str("]]");
            Word { word, entry }
        })
        .collect()
}

/// The document scripts' rows, consecutive numbers up to [`DOCUMENT_BYTES`]
/// each, with the number of each script's first document.
fn document_scripts(docs: &[Doc], order: &[usize]) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    let mut bytes = 0;
    for (n, &i) in order.iter().enumerate() {
        let r = row(&docs[i]);
        // Its bytes with the comma before it.
        let len = r.len() + 1;
        match out.last_mut() {
            Some((_, rows)) if bytes + len <= DOCUMENT_BYTES => {
                bytes += len;
                rows.push(r);
            }
            _ => {
                bytes = len;
                out.push((n, vec![r]));
            }
        }
    }
    out
}

/// A JSON string (serde_json cannot fail on one).
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A document as a document script lists it: `[kind, before, title, url, text, context]`,
/// and `after` last when there is one (so that a Vietnamese index is as it was).
fn row(d: &Doc) -> String {
    let fields = [
        d.kind.code(),
        &d.before,
        &d.title,
        &d.url,
        &d.text,
        &d.context,
        &d.after,
    ];
    let n = if d.after.is_empty() { 6 } else { 7 };
    format!(
        "[{}]",
        fields[..n]
            .iter()
            .map(|f| json(f))
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// A shard as made: its key, whether it holds only the word equal to its key
/// (what stays when a key is split), and its words.
struct Shard<'a> {
    key: &'a str,
    exact: bool,
    words: &'a [Word],
}

/// Splits `words` (in order, all starting with `key`, of `depth` letters) into
/// shards of at most [`SHARD_BYTES`] by the words' next letter; the word equal
/// to `key` stays in a shard of its own ("exact").
fn partition<'a>(key: &'a str, depth: usize, words: &'a [Word], out: &mut Vec<Shard<'a>>) {
    let bytes: usize = words.iter().map(|w| w.entry.len() + 1).sum();
    let longer = words.iter().any(|w| w.word.chars().nth(depth).is_some());
    if bytes <= SHARD_BYTES || depth >= MAX_KEY || !longer {
        out.push(Shard {
            key,
            exact: false,
            words,
        });
        return;
    }
    // In order, the word equal to the key comes first, and the words sharing
    // their next letter are consecutive.
    let mut rest = words;
    if let Some(w) = rest.first().filter(|w| w.word.chars().nth(depth).is_none()) {
        out.push(Shard {
            key,
            exact: true,
            words: std::slice::from_ref(w),
        });
        rest = &rest[1..];
    }
    while let Some(first) = rest.first() {
        let c = first.word.chars().nth(depth);
        let len = rest
            .iter()
            .take_while(|w| w.word.chars().nth(depth) == c)
            .count();
        let (group, tail) = rest.split_at(len);
        let end = first
            .word
            .char_indices()
            .nth(depth + 1)
            .map_or(first.word.len(), |(i, _)| i);
        partition(&first.word[..end], depth + 1, group, out);
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str) -> Doc {
        Doc {
            kind: Kind::Locality,
            before: "Xã".into(),
            after: String::new(),
            title: title.into(),
            url: format!("dia-phuong/{}/", crate::common::text::slugify(title)),
            text: String::new(),
            context: "Huyện Đức Thọ".into(),
        }
    }

    /// The text of a file made here.
    fn text<'a>(f: &'a DataFile<'static>) -> &'a str {
        match &f.content {
            super::super::content::Content::Ready(t) => t,
            _ => panic!("{} is made when written", f.path),
        }
    }

    #[test]
    fn a_small_index_is_one_shard_and_a_large_one_is_split_by_letters() {
        let (files, size) = index_files(&[doc("Đức Thọ"), doc("Quan Hóa")]);
        assert_eq!((size.shards, size.document_files), (1, 1));
        assert_eq!(files.len(), 3);
        assert!(files[0].path.starts_with("tim-kiem/chi-muc/tat-ca-"));
        let syllables = ["Thanh", "Tân", "An", "Đức", "Hòa", "Bình", "Sơn", "Phú"];
        let many: Vec<Doc> = (0..60_000)
            .map(|i| {
                let a = syllables[i % 8];
                let b = syllables[(i / 8) % 8];
                doc(&format!("{a} {b} {i}"))
            })
            .collect();
        let (files, size) = index_files(&many);
        assert!(size.shards > 8, "{size:?}");
        assert!(size.largest_shard <= QUERY_SHARD_BYTES, "{size:?}");
        assert!(files.iter().any(|f| f.path.contains("/k-d-")));
        assert!(
            files.iter().any(|f| f.path.contains("/k-12-")),
            "numbers split further"
        );
    }

    #[test]
    fn every_document_is_written_once_and_its_words_list_its_number() {
        let titles = ["Đức Thọ", "Quan Hóa", "Thọ Xuân", "Đức"];
        let docs: Vec<Doc> = titles.iter().map(|t| doc(t)).collect();
        let (files, _) = index_files(&docs);
        for t in titles {
            let n = files.iter().filter(|f| text(f).contains(&json(t))).count();
            assert_eq!(n, 1, "{t} is in {n} files");
        }
        // Numbered by title length: 0 "Đức" (title word 0, the last: 4 + 2),
        // 1 "Đức Thọ" (word 0: 4; word 1, the last: 8 + 2), 2 "Quan Hóa",
        // 3 "Thọ Xuân" (word 0: 4); each number as the difference from the
        // previous one, times 256.
        let shard = text(&files[0]);
        assert!(shard.contains(r#"["duc",[6,260]]"#), "{shard}");
        assert!(shard.contains(r#"["tho",[266,516]]"#), "{shard}");
    }
}
