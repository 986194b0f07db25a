//! Figures read by an earlier build, kept so that a rebuild parses only the
//! figure files whose text changed.
//!
//! Figure files (`indicators.toml`, `indicators/*.toml`) are nearly all the
//! text of a national portal, and parsing them was a quarter of a one-figure
//! rebuild. Each is kept in its own file of the output's cache folder, in
//! postcard's compact binary form (already built for minify-html).
//!
//! An entry is used only for a file of the same kind whose text (after NFC)
//! hashes to what it was, written by the same program; a file that gave any
//! diagnostic is never kept, so its messages always come from parsing it.
//! Entries are written only once the build has succeeded (a failed build
//! writes nothing), each to a new name then renamed, and carry a checksum: a
//! build killed while writing one, or a damaged disk, costs a parse, never a
//! wrong figure.

use super::files::Kind;
use super::toml_file::{FieldSpan, Located, struct_fields};
use crate::common::diagnostic::Loc;
use crate::model::records::Value;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

/// The kept figures of one output's builds.
pub struct ParseCache {
    dir: PathBuf,
    /// Whether entries may be used (not with `--full`); they are written either way.
    use_entries: bool,
    /// Names of the entries of this build's files, so that the others can be removed.
    current: Mutex<HashSet<String>>,
    /// Entries to write if the build succeeds: name and bytes.
    pending: Mutex<Vec<(String, Vec<u8>)>>,
}

/// One figure file, as kept; written from borrowed records (`R` = `&Value`),
/// read into owned ones (the bytes are the same either way).
#[derive(Serialize, Deserialize)]
struct Entry<R> {
    program: String,
    path: String,
    kind: u8,
    text: u128,
    values: Vec<KeptValue<R>>,
}

/// One `[[value]]` record with where it was written: its byte range, and each
/// key's value range by the index of the key among [`Value`]'s field names.
#[derive(Serialize, Deserialize)]
struct KeptValue<R> {
    start: u32,
    end: u32,
    fields: Vec<(u8, u32, u32)>,
    record: R,
}

impl ParseCache {
    /// The cache in `dir`; with `use_entries` false, entries are only written.
    pub fn new(dir: PathBuf, use_entries: bool) -> ParseCache {
        ParseCache {
            dir,
            use_entries,
            current: Mutex::new(HashSet::new()),
            pending: Mutex::new(Vec::new()),
        }
    }

    /// The name of the entry of the file at `path`, noted as one of this build's.
    fn entry_name(&self, path: &str) -> String {
        let name = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(path.as_bytes()));
        if let Ok(mut c) = self.current.lock() {
            c.insert(name.clone());
        }
        name
    }

    /// The figures of the file at `path` (relative to the site), if kept for this text;
    /// their locations point into file number `file` of the sources.
    pub(super) fn get(
        &self,
        path: &str,
        kind: Kind,
        text: &str,
        file: usize,
    ) -> Option<Vec<Located<Value>>> {
        let name = self.entry_name(path);
        if !self.use_entries {
            return None;
        }
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
        if xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() != *sum {
            return None;
        }
        let entry: Entry<Value> = postcard::from_bytes(body).ok()?;
        if entry.program != crate::common::fingerprint::program_fingerprint()
            || entry.path != path
            || entry.kind != kind as u8
            || entry.text != xxhash_rust::xxh3::xxh3_128(text.as_bytes())
        {
            return None;
        }
        let names = struct_fields::<Value>();
        // Sized at once: a collect into `Option<Vec<_>>` cannot know its length and
        // grew by reallocating, a copy of every figure (6 % of a one-figure national rebuild).
        let mut located = Vec::with_capacity(entry.values.len());
        for v in entry.values {
            let mut fields = Vec::with_capacity(v.fields.len());
            for &(k, start, end) in &v.fields {
                fields.push(FieldSpan {
                    key: Cow::Borrowed(*names.get(k as usize)?),
                    start,
                    end,
                });
            }
            located.push(Located {
                record: v.record,
                loc: Loc {
                    file,
                    span: v.start as usize..v.end as usize,
                },
                fields: fields.into_boxed_slice(),
            });
        }
        Some(located)
    }

    /// Keeps the figures read from the file at `path` for the next build (see [`ParseCache::commit`]).
    pub(super) fn put(&self, path: &str, kind: Kind, text: &str, values: &[Located<Value>]) {
        let name = self.entry_name(path);
        let names = struct_fields::<Value>();
        let kept: Option<Vec<KeptValue<&Value>>> = values
            .iter()
            .map(|v| {
                let fields = v
                    .fields
                    .iter()
                    .map(|f| {
                        let k = names.iter().position(|n| *n == f.key)?;
                        Some((u8::try_from(k).ok()?, f.start, f.end))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(KeptValue {
                    start: u32::try_from(v.loc.span.start).ok()?,
                    end: u32::try_from(v.loc.span.end).ok()?,
                    fields,
                    record: &v.record,
                })
            })
            .collect();
        let Some(values) = kept else {
            return;
        };
        let entry = Entry {
            program: crate::common::fingerprint::program_fingerprint().to_string(),
            path: path.to_string(),
            kind: kind as u8,
            text: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
            values,
        };
        let Ok(mut bytes) = postcard::to_allocvec(&entry) else {
            return;
        };
        let sum = xxhash_rust::xxh3::xxh3_128(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        if let Ok(mut p) = self.pending.lock() {
            p.push((name, bytes));
        }
    }

    /// After a successful build: writes the entries kept by `ParseCache::put` and
    /// removes those of files this build did not read (deleted or renamed ones).
    /// A failure to write only costs the next build a parse, so it is not reported.
    pub fn commit(&self) {
        use rayon::prelude::*;
        let (Ok(current), Ok(mut pending)) = (self.current.lock(), self.pending.lock()) else {
            return;
        };
        let pending = std::mem::take(&mut *pending);
        if !pending.is_empty() && std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        pending.par_iter().for_each(|(name, bytes)| {
            let tmp = self.dir.join(format!("{name}.{}.tmp", std::process::id()));
            let written = std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::rename(&tmp, self.dir.join(name)));
            if written.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        });
        let Ok(list) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in list.flatten() {
            let name = e.file_name();
            if !current.contains(name.to_string_lossy().as_ref()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}
