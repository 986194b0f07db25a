//! Reading a site's files as text: inside the site folder, not too large,
//! UTF-8, and normalised to NFC.

use crate::common::diagnostic::{Diagnostics, Rule, Severity, SourceText, display_path, relative};
use crate::common::text::nfc;
use std::path::{Path, PathBuf};

/// Where a path leads if it is (or passes through) a symbolic link leaving the site root.
///
/// Links inside the site are fine; one leading out could publish any file of
/// the machine that builds the site (a CI runner's secrets, say), so it is refused.
pub fn outside_target(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let target = std::fs::canonicalize(path).ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// Largest data or content file read; a larger one is refused, not loaded into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a file as UTF-8 text normalised to NFC, reporting why it cannot be read.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
    if let Some(target) = outside_target(root, path) {
        diags.file_error(
            Rule::FileUnreadable,
            &relative(root, path),
            format!(
                "is a link to {}, outside the site folder; it is not read",
                target.display()
            ),
            Some("a file inside the site folder (copy it in instead of linking to it)".into()),
        );
        return None;
    }
    read_text_inside(root, path, diags)
}

/// [`read_text`] of a file known to be inside the site folder (no link is followed to reach it).
pub fn read_text_inside(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
    let name = display_path(&relative(root, path));
    let cannot_read = |e: std::io::Error, diags: &mut Diagnostics| {
        diags.file_error(
            Rule::FileUnreadable,
            &relative(root, path),
            format!("cannot read file: {e}"),
            None,
        );
    };
    // The open file's own length: no second look-up of the path.
    let (file, len) = match std::fs::File::open(path).and_then(|f| Ok((f.metadata()?.len(), f))) {
        Ok((len, f)) => (f, len),
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    if len > MAX_FILE_BYTES {
        diags.file_error(
            Rule::FileUnreadable,
            &relative(root, path),
            format!("file is {len} bytes, too large to be a data file"),
            Some(format!("at most {MAX_FILE_BYTES} bytes")),
        );
        return None;
    }
    // Read at most one byte past the limit: a file that grew since, or a device
    // that never ends, is refused without holding more than the limit in memory.
    // Sized from the file's length (plus the byte that tells a file that grew): one allocation, no copies.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map(|_| bytes);
    let bytes = match read {
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
            diags.file_error(
                Rule::FileUnreadable,
                &relative(root, path),
                format!("file is more than {MAX_FILE_BYTES} bytes, too large to be a data file"),
                Some(format!("at most {MAX_FILE_BYTES} bytes")),
            );
            return None;
        }
        Ok(b) => b,
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    // Checked with SIMD: Vietnamese text has a multi-byte letter in almost every
    // word, where the standard check goes a character at a time.
    let checked = simdutf8::basic::from_utf8(&bytes).is_ok();
    let text = match checked {
        // SAFETY: the bytes were just checked to be UTF-8.
        true => unsafe { String::from_utf8_unchecked(bytes) },
        false => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // Locate the bad byte in the part that is valid, so line and column are right.
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let src = SourceText::new(name, prefix);
                let mut d = src.diagnostic(
                    Rule::InvalidUtf8,
                    Severity::Error,
                    valid..valid,
                    format!("invalid UTF-8 byte 0x{:02x}", bytes[valid]),
                );
                d.expected = Some("text encoded as UTF-8".into());
                diags.push(d);
                return None;
            }
        },
    };
    // Almost every file is NFC already, which a quick scan proves without building a copy.
    if is_nfc_already(&text) {
        return Some(SourceText::new(name, text));
    }
    let normal = nfc(&text);
    if normal != text {
        let first = text
            .char_indices()
            .zip(normal.chars())
            .find(|((_, a), b)| a != b)
            .map_or(0, |((i, _), _)| i);
        let src = SourceText::new(name.clone(), text);
        let mut d = src.diagnostic(
            Rule::NotNfc,
            Severity::Warning,
            first..first,
            "text in decomposed Unicode form; read as NFC (composed)",
        );
        d.expected = Some("composed (NFC) characters, as most editors type them".into());
        diags.push(d);
    }
    Some(SourceText::new(name, normal))
}

/// Whether `text` is certainly in NFC (a "maybe" is settled by normalising it).
fn is_nfc_already(text: &str) -> bool {
    only_plain_letters(text)
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Whether every character is below U+0300 or in Latin Extended Additional
/// (U+1E00..U+1EFF, the precomposed Vietnamese letters): all of them are NFC
/// as they stand and combine with nothing before them (quick check "yes",
/// combining class 0), so a text made of them is NFC. Read as UTF-8 bytes:
/// the per-character look-ups of the full quick check cost more than reading the file.
fn only_plain_letters(text: &str) -> bool {
    let b = text.as_bytes();
    // Continuation bytes are below 0xC0, so a byte of 0xCC or more leads a
    // character of U+0300 or more; of those only E1 B8..BB (U+1E00..U+1EFF) is
    // plain. Each byte is judged with the next, without branches, 64 at a
    // time: Vietnamese has such a letter in most words, and a branch per
    // character was as slow as reading the file.
    let plain = |x: u8, next: u8| (x < 0xcc) | ((x == 0xe1) & (next.wrapping_sub(0xb8) < 4));
    let (Some(&last), Some(rest)) = (b.last(), b.get(1..)) else {
        return true;
    };
    last < 0xcc
        && b.chunks(64).zip(rest.chunks(64)).all(|(bytes, next)| {
            bytes
                .iter()
                .zip(next)
                .fold(true, |ok, (&x, &n)| ok & plain(x, n))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_letters_are_what_the_quick_check_says() {
        use unicode_normalization::{IsNormalized, char::canonical_combining_class, is_nfc_quick};
        // Every character the fast path accepts is NFC alone and combines with nothing.
        let plain = (0..0x300u32)
            .chain(0x1e00..0x1f00)
            .filter_map(char::from_u32);
        for c in plain {
            let s = c.to_string();
            assert!(only_plain_letters(&s), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
        }
        // Everything else goes to the full check.
        for s in ["a\u{300}", "\u{1f00}", "\u{1dff}", "\u{2000}", "中", "😀"] {
            assert!(!only_plain_letters(s), "{s:?}");
        }
        assert!(only_plain_letters("Thanh Hóa: Đề án 06, nghiệp vụ ưu tiên"));
        // Read in blocks of bytes: a letter astride two blocks, or anywhere in a long text, is judged as alone.
        let by_chars = |s: &str| {
            s.chars()
                .all(|c| (c as u32) < 0x300 || (0x1e00..0x1f00).contains(&(c as u32)))
        };
        for at in 0..140 {
            for c in ["ệ", "\u{300}", "\u{1f00}", "中", "ư"] {
                let s = format!("{}{c}{}", "a".repeat(at), "b".repeat(at % 7));
                assert_eq!(only_plain_letters(&s), by_chars(&s), "{c:?} at {at}");
            }
        }
        // Decomposed Vietnamese is not NFC and is seen as such.
        assert!(!is_nfc_already("Ho\u{301}a"));
        assert!(is_nfc_already("Hóa"));
    }

    #[test]
    fn a_file_without_end_is_refused_at_the_limit() {
        // /dev/zero says it is empty and never ends: the read stops one byte past the limit.
        let mut diags = Diagnostics::default();
        let root = Path::new("/");
        assert!(read_text(root, Path::new("/dev/zero"), &mut diags).is_none());
        let d: Vec<_> = diags.iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("too large"), "{d:?}");
    }
}
