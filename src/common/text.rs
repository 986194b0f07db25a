//! Vietnamese text helpers: Unicode normalisation, search folding, URL slugs and alphabetical order.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The NFC form of `s`, so that text typed composed or decomposed is one identity.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng), as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The identity of a name: two names with the same key are the same thing.
///
/// Case, spacing, composed or decomposed input and the placement of the tone
/// mark ("Hoà"/"Hòa", "Thuỷ"/"Thủy", "Khoẻ"/"Khỏe", "Qúy"/"Quý") do not change
/// it; the letters and which tone it is do ("Hòa" and "Hóa" differ). The key is
/// lower-case NFC text with each syllable's tone on one canonical vowel (the
/// traditional placement); display text keeps what the author typed.
pub fn identity_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut word = String::new();
    for c in lower.nfd() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&place_tone(&word));
                word.clear();
            }
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
    }
    if !word.is_empty() {
        out.push_str(&place_tone(&word));
    }
    out.truncate(out.trim_end().len());
    out.nfc().collect()
}

/// One decomposed, lower-case syllable with its tone mark moved to the canonical vowel.
fn place_tone(syllable: &str) -> String {
    // Letters with the marks that are part of them (circumflex, breve, horn); the tone aside.
    let mut letters: Vec<(char, Vec<char>)> = Vec::new();
    let mut tone = None;
    for c in syllable.chars() {
        if TONES.contains(&c) {
            if tone.is_some() {
                // Two tones is not a Vietnamese syllable: leave it as typed.
                return syllable.to_string();
            }
            tone = Some(c);
        } else if is_combining_mark(c) {
            match letters.last_mut() {
                Some((_, marks)) => marks.push(c),
                None => return syllable.to_string(),
            }
        } else {
            letters.push((c, Vec::new()));
        }
    }
    let Some(tone) = tone else {
        return syllable.to_string();
    };
    let is_vowel = |(c, _): &(char, Vec<char>)| "aeiouy".contains(*c);
    let Some(first) = letters.iter().position(is_vowel) else {
        return syllable.to_string();
    };
    let mut start = first;
    let end = first + letters[first..].iter().take_while(|l| is_vowel(l)).count();
    // The u of "qu" and the i of "gi" (before another vowel) belong to the consonant.
    if start > 0 && end - start > 1 {
        let (prev, cur) = (letters[start - 1].0, letters[start].0);
        if (prev == 'q' && cur == 'u') || (prev == 'g' && cur == 'i') {
            start += 1;
        }
    }
    let modified = (start..end).rev().find(|&i| !letters[i].1.is_empty());
    let at = match modified {
        // ê, ô, ơ, â, ă, ư carry the tone (the ơ of ươ).
        Some(i) => i,
        None if end - start == 1 => start,
        // A closed syllable: the last vowel ("toán", "quyết").
        None if end < letters.len() => end - 1,
        // Open, three vowels: the middle one ("ngoài", "khuỷu").
        None if end - start >= 3 => start + 1,
        // Open, two vowels: the first ("hòa", "thủy", "khỏe", "múa").
        None => start,
    };
    let mut out = String::with_capacity(syllable.len());
    for (i, (c, marks)) in letters.iter().enumerate() {
        out.push(*c);
        out.extend(marks.iter());
        if i == at {
            out.push(tone);
        }
    }
    out
}

/// Text as a search compares it: tone marks and every other diacritic dropped
/// (decomposing first, so composed and decomposed input fold alike), `đ`/`Đ`
/// mapped to `d` (Unicode does not decompose them), then lower case
/// ("Đức Thọ" → "duc tho", "QUAN HÓA" → "quan hoa").
///
/// The site's search script (`themes/default/static/search.js`, `fold`) does
/// exactly this in the reader's browser (NFD, drop `\p{M}`, `đ`/`Đ` → `d`,
/// `toLowerCase`); a test holds the two to the same output. URL slugs are made
/// from it too.
pub fn fold(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect();
    // The whole string, as JavaScript's `toLowerCase` does (a final sigma differs).
    stripped.to_lowercase()
}

/// The words of a text as a search indexes them: its [`fold`]ed runs of
/// letters and digits ("Số 39.102 (CCCD)" → `so`, `39`, `102`, `cccd`).
pub fn fold_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A URL slug from a Vietnamese name: lower case ASCII, words joined by `-`.
///
/// Diacritics are dropped and `đ`/`Đ` become `d`, as [`fold`] does; anything
/// but ASCII letters and digits separates words.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in fold(name).chars() {
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

/// The Vietnamese alphabet in its order (with the Latin letters it lacks in their places).
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// A letter without its tone, lower-case and composed ("Ố" → "ô", "Đ" → "đ"), and its tone
/// (0 none, then huyền, hỏi, ngã, sắc, nặng as dictionaries order them).
fn letter_and_tone(c: char) -> (String, u8) {
    let mut letter = String::new();
    let mut tone = 0;
    for d in c.to_lowercase().flat_map(|l| l.nfd()) {
        match d {
            '\u{300}' => tone = 1,
            '\u{309}' => tone = 2,
            '\u{303}' => tone = 3,
            '\u{301}' => tone = 4,
            '\u{323}' => tone = 5,
            _ => letter.push(d),
        }
    }
    (letter.nfc().collect(), tone)
}

/// A key that orders text as a Vietnamese dictionary does: by letters in the
/// Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), the tone marks only
/// breaking ties; case and composed or decomposed input do not matter.
/// Words compare before their continuations ("Quan Hóa" before "Quang").
pub fn sort_key(s: &str) -> (Vec<u32>, Vec<u8>) {
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    for c in s.nfc() {
        let (letter, tone) = letter_and_tone(c);
        let rank = match ALPHABET.iter().position(|a| *a == letter) {
            Some(i) => 1000 + u32::try_from(i).unwrap_or(0),
            None if c.is_whitespace() => 0,
            None => c.to_digit(10).map_or(2000 + u32::from(c), |d| 100 + d),
        };
        letters.push(rank);
        tones.push(tone);
    }
    (letters, tones)
}

/// The letter a text is filed under in an alphabetical index: its first letter
/// or digit, upper-case, without its tone but with the marks that make it a
/// letter of its own ("Đức Thọ" → "Đ", "Ông" → "Ô", "Ấp" → "Â", "Ủy" → "U").
/// `None` if it has no letter or digit.
pub fn initial(s: &str) -> Option<String> {
    let c = s.nfc().find(|c| c.is_alphanumeric())?;
    Some(letter_and_tone(c).0.to_uppercase())
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
    fn folding_drops_marks_maps_d_stroke_and_ignores_case_and_form() {
        assert_eq!(fold("Đức Thọ"), "duc tho");
        assert_eq!(fold("QUAN HÓA"), "quan hoa");
        assert_eq!(fold("Bỉm Sơn"), "bim son");
        assert_eq!(fold("lương hưu"), "luong huu");
        assert_eq!(fold("Bi\u{0309}m So\u{031b}n"), "bim son");
        assert_eq!(fold("ĐĂNG KÝ"), "dang ky");
        assert_eq!(
            fold_words("Số 39.102 (CCCD), Đề án 06"),
            ["so", "39", "102", "cccd", "de", "an", "06"]
        );
    }

    #[test]
    fn composed_and_decomposed_names_are_one_identity() {
        let composed = "B\u{1ec9}m S\u{01a1}n";
        let decomposed = "Bi\u{0309}m So\u{031b}n";
        assert_ne!(composed, decomposed);
        assert_eq!(nfc(composed), nfc(decomposed));
        assert_eq!(slugify(composed), slugify(decomposed));
        assert_eq!(identity_key(composed), identity_key(decomposed));
    }

    #[test]
    fn tone_placement_variants_are_one_identity_and_slug() {
        for (a, b) in [
            ("Hoà", "Hòa"),
            ("Thuỷ", "Thủy"),
            ("Hoá", "Hóa"),
            ("Khoẻ", "Khỏe"),
            ("Qúy", "Quý"),
            ("Thanh Hoá", "thanh  hóa"),
            ("Nông Cống, Thiệu Hoá", "Nông Cống,  Thiệu Hóa"),
            ("Ngoài", "Ngòai"),
            ("Khuỷu", "Khủyu"),
            ("Huế", "Hue\u{302}\u{301}"),
            ("Hoàn", "Hòan"),
            ("Quyết", "Qúyêt"),
            ("Già", "Gìa"),
        ] {
            assert_eq!(identity_key(a), identity_key(b), "{a} / {b}");
            assert_eq!(slugify(a), slugify(b), "{a} / {b}");
        }
        // Decomposed with the tone typed before the vowel's own mark.
        assert_eq!(identity_key("Nguye\u{301}\u{302}n"), identity_key("Nguyến"));
    }

    #[test]
    fn different_tones_or_letters_are_different_identities() {
        assert_ne!(identity_key("Hòa"), identity_key("Hóa"));
        assert_ne!(identity_key("Hòa"), identity_key("Hoa"));
        assert_ne!(identity_key("Đức"), identity_key("Dức"));
        assert_ne!(identity_key("Thủy"), identity_key("Thùy"));
        assert_eq!(identity_key("  Quý I  năm 2025 "), "quý i năm 2025");
        assert_eq!(identity_key("Thường xuyên"), "thường xuyên");
        assert_eq!(identity_key("Ngày"), "ngày");
    }

    #[test]
    fn sort_key_follows_the_vietnamese_alphabet() {
        let mut words = vec![
            "Yên Định",
            "Đức Thọ",
            "Ông",
            "Ơn",
            "Dương",
            "Bỉm Sơn",
            "Ấp",
            "Ăn",
            "An",
            "Ô tô",
            "Quang",
            "Quan Hóa",
            "Ước",
            "Uy",
            "Eo",
            "Êm",
            "Zeta",
            "Đa",
            "123",
        ];
        words.sort_by_key(|w| sort_key(w));
        assert_eq!(
            words,
            [
                "123",
                "An",
                "Ăn",
                "Ấp",
                "Bỉm Sơn",
                "Dương",
                "Đa",
                "Đức Thọ",
                "Eo",
                "Êm",
                "Ô tô",
                "Ông",
                "Ơn",
                "Quan Hóa",
                "Quang",
                "Uy",
                "Ước",
                "Yên Định",
                "Zeta",
            ]
        );
    }

    #[test]
    fn tones_only_break_ties() {
        // Tones order ngang, huyền, hỏi, ngã, sắc, nặng; a later letter wins over any tone.
        let mut words = vec!["mạ", "má", "mã", "mả", "mà", "ma", "mai"];
        words.sort_by_key(|w| sort_key(w));
        assert_eq!(words, ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]);
        assert!(sort_key("Hóa") < sort_key("Hoai"));
        // Case and decomposed input do not matter.
        assert_eq!(sort_key("ĐỨC THỌ"), sort_key("đức thọ"));
        assert_eq!(sort_key("Đu\u{31b}\u{301}c"), sort_key("Đức"));
    }

    #[test]
    fn initial_keeps_the_letter_and_drops_the_tone() {
        assert_eq!(initial("Đức Thọ").as_deref(), Some("Đ"));
        assert_eq!(initial("đức thọ").as_deref(), Some("Đ"));
        assert_eq!(initial("Dương").as_deref(), Some("D"));
        assert_eq!(initial("Ống").as_deref(), Some("Ô"));
        assert_eq!(initial("Ở").as_deref(), Some("Ơ"));
        assert_eq!(initial("ấp").as_deref(), Some("Â"));
        assert_eq!(initial("Ủy ban").as_deref(), Some("U"));
        assert_eq!(initial("Bỉm Sơn").as_deref(), Some("B"));
        assert_eq!(initial("“Quan” Hóa").as_deref(), Some("Q"));
        assert_eq!(initial("U\u{31b}\u{300}").as_deref(), Some("Ư"));
        assert_eq!(initial(" – "), None);
    }
}
