//! Fingerprints: what the incremental build compares to tell an output
//! unchanged, and what the parse cache keys its entries by.

use std::io;
use xxhash_rust::xxh3::Xxh3;

/// A 128-bit fingerprint, as 32 hex digits.
pub type Fp = String;

/// Accumulates a fingerprint. xxh3-128: fast enough to hash every output
/// byte of a national portal in well under a second; the fingerprints guard
/// against accidents, not adversaries (the cache only ever saves work).
#[derive(Default)]
pub struct Hasher(Xxh3);

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds bytes, length-prefixed so that concatenations cannot collide.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }
    /// Adds a 128-bit fingerprint kept as a number (a figure's, a reading's).
    pub fn add_u128(&mut self, x: u128) -> &mut Self {
        self.0.update(&x.to_le_bytes());
        self
    }
    /// The fingerprint.
    pub fn finish(&self) -> Fp {
        format!("{:032x}", self.0.digest128())
    }
    /// The fingerprint as a number: for the million figures of a national
    /// portal, where a string each would cost an allocation.
    pub fn finish_u128(&self) -> u128 {
        self.0.digest128()
    }
}

/// Fingerprint of some bytes.
pub fn hash(bytes: &[u8]) -> Fp {
    Hasher::new().add(bytes).finish()
}

impl io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Raw bytes (no length prefix): a streamed document is one value.
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Fingerprint of the running program's own bytes, read once.
///
/// Part of every output file's fingerprint: a page judged unchanged from its
/// inputs must not survive an upgrade that changes how it is made. (The
/// version string alone would miss every change between two releases.)
pub fn program_fingerprint() -> &'static str {
    static FP: std::sync::OnceLock<Fp> = std::sync::OnceLock::new();
    FP.get_or_init(|| {
        let mut h = Hasher::new();
        h.add(env!("CARGO_PKG_VERSION").as_bytes());
        // Streamed through a small buffer, not read whole into tens of megabytes of new memory.
        let streamed = std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(|mut f| io::copy(&mut f, &mut h));
        if streamed.is_err() {
            // Unreadable: a fingerprint of this run alone, so nothing is carried over on a guess.
            h.add(&std::process::id().to_le_bytes())
                .add(&mtime_ns_now().to_le_bytes());
        }
        h.finish()
    })
}

/// The time now, in nanoseconds since the epoch: makes a fingerprint unique to this run.
pub fn mtime_ns_now() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}
