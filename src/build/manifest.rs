//! Incremental builds: what the last build was made from and what it wrote.
//!
//! A build keeps a *manifest* in a cache folder beside the output
//! (`.<output>.minhbach-cache/manifest.bin`, never deployed):
//!
//! - a fingerprint of every input (paths, sizes and modification times of
//!   `site.toml`, `data/`, `content/`, the theme and the site's overrides, the
//!   binary itself and the build options). When it matches, nothing changed
//!   and the build writes nothing, without even loading the data;
//! - for every output file, the fingerprint of what it was made from (for a
//!   page: template set, globals, its own context, title and Markdown) and the
//!   size and modification time it was written with. A page whose
//!   fingerprint is unchanged is not rendered again: its file is hard-linked
//!   from the current output into the new one, keeping its bytes *and* its
//!   modification time, so an rsync or object-storage deploy uploads only
//!   what changed.
//!
//! The manifest names the output folder it describes by device and inode.
//! It is written before the new folder is swapped in, so a build killed
//! between the two leaves a manifest that matches no folder: the next build
//! then trusts nothing and renders everything.
//!
//! It is postcard's binary form with an xxh3 checksum, not JSON: at national
//! scale it records 143.000 files, and reading them as 31 MB of JSON was a
//! third of a no-op build. Loading it also looks every recorded file up (see
//! [`super::stamps`]), once, for the whole build.

use super::stamps::{Stamp, mtime_ns, stamps};
use crate::common::fingerprint::mtime_ns_now;
use crate::common::fingerprint::{Fp, Hasher};
use crate::output::parts::PartRecord;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bumped when the manifest's meaning changes.
const FORMAT: u32 = 4;

/// The manifest's file in the cache folder.
const FILE: &str = "manifest.bin";

/// What the manifest remembers of one output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Fingerprint of what the file was made from (for other files: of its bytes).
    pub input: Fp,
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// For a page, the chart CSV files it carries (path, chart key): a page
    /// kept without being made keeps them too.
    pub charts: Vec<(String, Fp)>,
    /// For a file made of parts, where each part is (see [`crate::output::parts::EarlierParts`]).
    pub parts: Vec<PartRecord>,
}

impl FileRecord {
    /// The record of a file made from `input`, written as `stamp` says.
    pub fn new(input: &Fp, stamp: Stamp) -> FileRecord {
        FileRecord {
            input: input.clone(),
            len: stamp.len,
            mtime_ns: stamp.mtime_ns,
            charts: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// The stamp the file was recorded with.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            len: self.len,
            mtime_ns: self.mtime_ns,
        }
    }
}

/// The cache of one output folder.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// `FORMAT`.
    pub format: u32,
    /// Fingerprint of all inputs of the build.
    pub inputs: Fp,
    /// (device, inode) of the output folder this manifest describes.
    pub output_id: (u64, u64),
    /// Every output file by path.
    pub files: BTreeMap<String, FileRecord>,
    /// Diagnostics (warnings) of the build, repeated when nothing changed. As
    /// JSON inside: their form leaves out empty fields, which postcard cannot.
    #[serde(with = "as_json")]
    pub diagnostics: Vec<crate::common::diagnostic::Diagnostic>,
    /// The summary of the build, repeated when nothing changed.
    pub pages: usize,
    /// The site before this one, kept for the next build to start from (see [`super::staging`]).
    pub previous: Option<PreviousSite>,
    /// The recorded files not found as recorded when the manifest was loaded
    /// (missing, or changed since): never saved.
    #[serde(skip)]
    pub(super) lost: FxHashSet<String>,
}

/// (De)serializes a value as a JSON string.
mod as_json {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::DeserializeOwned};

    /// Writes `value` as one JSON string.
    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        let json = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
        json.serialize(s)
    }

    /// Reads a value from one JSON string.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        let json = String::deserialize(d)?;
        serde_json::from_str(&json).map_err(serde::de::Error::custom)
    }
}

/// The site kept before the current output, and where it differs from it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PreviousSite {
    /// (device, inode) of its folder.
    pub id: (u64, u64),
    /// Its files that are not the current output's: written by the current
    /// build, or no longer in the site.
    pub stale: Vec<String>,
}

/// The cache folder of an output folder: a hidden sibling, never deployed.
pub fn cache_dir(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(parent.join(format!(".{}.minhbach-cache", name.to_string_lossy())))
}

/// (device, inode) of a file or folder.
#[cfg(unix)]
pub fn file_id(m: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

/// (device, inode) of a file or folder; without inodes, incremental builds are off.
#[cfg(not(unix))]
pub fn file_id(_: &fs::Metadata) -> (u64, u64) {
    (0, 0)
}

impl Manifest {
    /// The manifest of `output`, if there is one and it describes the folder
    /// now at `output`, with every recorded file looked up there.
    pub fn load(output: &Path) -> Option<Manifest> {
        let dir = cache_dir(output)?;
        let bytes = fs::read(dir.join(FILE)).ok()?;
        let (body, sum) = bytes.split_last_chunk::<16>()?;
        if xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() != *sum {
            return None;
        }
        let mut m: Manifest = postcard::from_bytes(body).ok()?;
        let out = fs::metadata(output).ok()?;
        let id = file_id(&out);
        if m.format != FORMAT || !cfg!(unix) || !out.is_dir() || id != m.output_id {
            return None;
        }
        let paths: Vec<&str> = m.files.keys().map(String::as_str).collect();
        let found = stamps(output, &paths);
        m.lost = m
            .files
            .iter()
            .zip(found)
            .filter(|((_, r), s)| *s != Some(r.stamp()))
            .map(|((p, _), _)| p.clone())
            .collect();
        Some(m)
    }

    /// The record of `path`, if its file was found as recorded.
    pub fn still_there(&self, path: &str) -> Option<&FileRecord> {
        self.files.get(path).filter(|_| !self.lost.contains(path))
    }

    /// Whether every recorded file is still in place (a no-change build then has nothing to do).
    pub fn output_intact(&self) -> bool {
        self.lost.is_empty()
    }

    /// Writes the manifest atomically, for the output folder with id `output_id`.
    pub fn save(&mut self, output: &Path, output_id: (u64, u64)) -> io::Result<()> {
        self.format = FORMAT;
        self.output_id = output_id;
        let dir = cache_dir(output)
            .ok_or_else(|| io::Error::other(format!("{} has no folder name", output.display())))?;
        fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!("{FILE}.{}", std::process::id()));
        let mut bytes = postcard::to_allocvec(self).map_err(io::Error::other)?;
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(&bytes).to_le_bytes());
        fs::write(&tmp, bytes)?;
        fs::rename(&tmp, dir.join(FILE))?;
        // Left by versions that kept it as JSON.
        let _ = fs::remove_file(dir.join("manifest.json"));
        Ok(())
    }

    /// Forgets the cache: used before a build whose output cannot be described.
    pub fn remove(output: &Path) {
        if let Some(dir) = cache_dir(output) {
            let _ = fs::remove_file(dir.join(FILE));
        }
    }
}

/// Fingerprint of every input of a build, from file metadata only (no file is read):
/// the site's `site.toml`, `data/`, `content/`, `themes/`, and override folders,
/// the running binary, and `extra` (the build options).
pub fn inputs_fingerprint(root: &Path, extra: &str) -> Fp {
    let mut h = Hasher::new();
    h.add(env!("CARGO_PKG_VERSION").as_bytes());
    h.add(extra.as_bytes());
    if let Some(m) = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
    {
        h.add(&m.len().to_le_bytes())
            .add(&mtime_ns(&m).to_le_bytes());
    }
    for top in [
        "site.toml",
        "data",
        "content",
        "themes",
        "templates",
        "static",
        "i18n",
    ] {
        let path = root.join(top);
        h.add(top.as_bytes());
        if fs::symlink_metadata(&path).is_err() {
            h.add(b"absent");
            continue;
        }
        for entry in walkdir::WalkDir::new(&path)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) => {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    h.add(rel.as_os_str().as_encoded_bytes());
                    if let Ok(m) = e.metadata() {
                        h.add(&[m.is_dir() as u8])
                            .add(&m.len().to_le_bytes())
                            .add(&mtime_ns(&m).to_le_bytes());
                    }
                }
                // An unreadable entry makes the fingerprint unique: the build then runs in full and reports it.
                Err(e) => {
                    h.add(e.to_string().as_bytes())
                        .add(&std::process::id().to_le_bytes())
                        .add(&mtime_ns_now().to_le_bytes());
                }
            }
        }
    }
    h.finish()
}
