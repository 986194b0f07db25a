//! Vietnamese text helpers: Unicode normalisation and URL slugs.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The NFC form of `s`, so that text typed composed or decomposed is one identity.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A URL slug from a Vietnamese name: lower case ASCII, words joined by `-`.
///
/// Diacritics are dropped (decomposing first, so composed and decomposed input
/// give the same slug) and `đ`/`Đ` become `d`, which Unicode does not decompose.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_diacritics_and_map_d_stroke() {
        assert_eq!(slugify("Bỉm Sơn"), "bim-son");
        assert_eq!(slugify("Đức Thọ"), "duc-tho");
        assert_eq!(slugify("Quan Hóa"), "quan-hoa");
        assert_eq!(slugify("  Thanh   Hóa! "), "thanh-hoa");
    }

    #[test]
    fn composed_and_decomposed_names_are_one_identity() {
        let composed = "B\u{1ec9}m S\u{01a1}n";
        let decomposed = "Bi\u{0309}m So\u{031b}n";
        assert_ne!(composed, decomposed);
        assert_eq!(nfc(composed), nfc(decomposed));
        assert_eq!(slugify(composed), slugify(decomposed));
    }
}
