//! Files made of parts: where each part of a large data file was written, so that
//! a rebuild copies the parts made from unchanged inputs from the current output
//! instead of making them again (the manifest keeps these records).

use crate::common::fingerprint::Fp;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::PathBuf;

/// Where one part of a file made of parts was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRecord {
    /// Fingerprint of what the part was made from.
    pub input: Fp,
    /// Its first byte's offset in the file.
    pub start: u64,
    /// Its length.
    pub len: u64,
    /// xxh3 of its bytes: a part is copied only as it was written.
    pub sum: u64,
}

impl PartRecord {
    /// The record of `bytes`, made from `input` and written at `start`.
    pub fn of(input: &str, start: u64, bytes: &[u8]) -> PartRecord {
        PartRecord {
            input: input.to_string(),
            start,
            len: bytes.len() as u64,
            sum: xxhash_rust::xxh3::xxh3_64(bytes),
        }
    }
}

/// The parts of a file of the current output, as the last build wrote them:
/// a part made from the same inputs is copied from there, not made again.
pub struct EarlierParts<'m> {
    path: PathBuf,
    parts: std::collections::HashMap<&'m str, &'m PartRecord>,
}

impl<'m> EarlierParts<'m> {
    /// The parts of `path`, a file of the current output still as the manifest's `parts` say.
    pub fn new(path: PathBuf, parts: &'m [PartRecord]) -> Option<EarlierParts<'m>> {
        (!parts.is_empty()).then(|| EarlierParts {
            path,
            parts: parts.iter().map(|p| (p.input.as_str(), p)).collect(),
        })
    }

    /// Reads the part made from `input` into the empty `bytes`; false (and
    /// `bytes` empty) if there is none or it does not read as written.
    pub fn read_into(&self, input: &str, bytes: &mut Vec<u8>) -> bool {
        let mut read = || -> Option<()> {
            use std::io::{Read, Seek};
            let p = self.parts.get(input)?;
            let mut file = fs::File::open(&self.path).ok()?;
            file.seek(io::SeekFrom::Start(p.start)).ok()?;
            bytes.resize(usize::try_from(p.len).ok()?, 0);
            file.read_exact(bytes).ok()?;
            (xxhash_rust::xxh3::xxh3_64(bytes) == p.sum).then_some(())
        };
        let ok = read().is_some();
        if !ok {
            bytes.clear();
        }
        ok
    }
}
