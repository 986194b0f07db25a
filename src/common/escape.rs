//! Escaping of text for the formats the site writes: XML (sitemap, feed, SVG) and HTML (templates).

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Tera's HTML escaping but for `/`, copying the runs between special
/// characters at once instead of pushing one `char` at a time (tera escapes a
/// whole page's content just to test `{% if content %}`).
///
/// `/` needs no escape in text or in a quoted attribute, and a part of a page
/// that is not minified (a theme's compact part) would show `&#x2F;` for every one.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        // The special characters are ASCII: `i` is a character boundary.
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_is_teras_but_for_slashes() {
        for s in [
            "",
            "plain",
            "<a href=\"/x/\">Hòa & Thủy's</a>",
            "&&<<>>\"\"''//",
            "đ/ư<ơ>ạ&",
            "tail&",
        ] {
            assert_eq!(
                escape_html(s),
                tera::escape_html(s).replace("&#x2F;", "/"),
                "{s}"
            );
        }
    }

    #[test]
    fn xml_escape_covers_the_five_entities() {
        assert_eq!(
            xml_escape("<a href=\"x\">Hòa & Thủy's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Hòa &amp; Thủy&apos;s&lt;/a&gt;"
        );
    }
}
