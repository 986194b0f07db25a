//! The `{{ chart(...) }}` shortcode of Markdown pages, e.g.
//! `{{ chart(indicator="bhyt-cccd-synced", localities=["thanh-hoa"], from="2024-08", to="2024-09") }}`.
//!
//! Shortcodes are found before Markdown is parsed (a pass of their own):
//! validate checks their arguments against the dataset, assemble replaces each
//! with a placeholder, and render puts the drawn chart there.

use crate::common::calendar::Month;
use std::ops::Range;

/// An argument's value: a string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// `"..."`
    Str(String),
    /// `["...", "..."]`
    List(Vec<String>),
}

/// One `name=value` argument, with the byte offset of its name in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: ArgValue,
    /// Where it starts in the text.
    pub offset: usize,
}

/// A shortcode found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    /// Bytes of the whole `{{ ... }}`.
    pub range: Range<usize>,
    /// The function name (`chart`).
    pub name: String,
    /// Its arguments in order.
    pub args: Vec<Arg>,
}

/// A problem with a shortcode, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected.
    pub expected: String,
}

/// A chart request whose arguments are well-formed (not yet checked against the data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartRequest {
    /// Indicator id, and where it was written.
    pub indicator: (String, usize),
    /// Locality slugs (empty: every locality with figures), each with where it was written.
    pub localities: Vec<(String, usize)>,
    /// First month shown.
    pub from: Option<Month>,
    /// Last month shown.
    pub to: Option<Month>,
    /// `line` (months) or `bars` (localities in the last month).
    pub bars: bool,
}

const ARGS: &str = "indicator=\"id\", localities=[\"slug\", ...], from=\"YYYY-MM\", to=\"YYYY-MM\", kind=\"line\"|\"bars\"";

/// Finds every shortcode in `text`, outside fenced code blocks.
pub fn find(text: &str) -> Vec<Result<Shortcode, Problem>> {
    let mut out = Vec::new();
    // Most pages have no shortcode: one vectorised search of the whole text proves it.
    if !text.contains("{{") {
        return out;
    }
    let mut fence: Option<&str> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => {
                let mut from = 0;
                while let Some(i) = line[from..].find("{{") {
                    // Inside an inline code span (odd number of backticks before it): shown, not run.
                    if line[..from + i].matches('`').count() % 2 == 1 {
                        from += i + 2;
                        continue;
                    }
                    let start = line_start + from + i;
                    match parse_at(text, start) {
                        Ok(sc) => {
                            from = sc.range.end - line_start;
                            out.push(Ok(sc));
                        }
                        Err(p) => {
                            out.push(Err(p));
                            from += i + 2;
                        }
                    }
                    if from >= line.len() {
                        break;
                    }
                }
            }
            _ => {}
        }
        line_start += line.len();
    }
    out
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        while let Some(c) = self.text[self.pos..].chars().next() {
            if c == ' ' || c == '\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }
    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<String> {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let n = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        (n > 0).then(|| {
            self.pos += n;
            rest[..n].to_string()
        })
    }
    fn string(&mut self) -> Result<String, Problem> {
        self.skip_ws();
        let start = self.pos;
        if !self.eat("\"") {
            return Err(self.problem(start, "expected a quoted string", "\"...\""));
        }
        let rest = &self.text[self.pos..];
        match rest.find(['"', '\n']) {
            Some(i) if rest[i..].starts_with('"') => {
                self.pos += i + 1;
                Ok(rest[..i].to_string())
            }
            _ => Err(self.problem(
                start,
                "unterminated string",
                "a closing `\"` on the same line",
            )),
        }
    }
    fn problem(&self, offset: usize, message: &str, expected: &str) -> Problem {
        Problem {
            offset,
            message: format!("shortcode: {message}"),
            expected: expected.to_string(),
        }
    }
}

fn parse_at(text: &str, start: usize) -> Result<Shortcode, Problem> {
    let mut c = Cursor {
        text,
        pos: start + 2,
    };
    let name_at = {
        c.skip_ws();
        c.pos
    };
    let name = c.ident().ok_or_else(|| {
        c.problem(
            name_at,
            "expected a shortcode name after `{{`",
            "chart(...)",
        )
    })?;
    if !c.eat("(") {
        return Err(c.problem(c.pos, &format!("expected `(` after `{name}`"), "chart(...)"));
    }
    let mut args = Vec::new();
    loop {
        if c.eat(")") {
            break;
        }
        if !args.is_empty() && !c.eat(",") {
            return Err(c.problem(c.pos, "expected `,` or `)`", ARGS));
        }
        c.skip_ws();
        let offset = c.pos;
        let Some(arg) = c.ident() else {
            return Err(c.problem(offset, "expected an argument name", ARGS));
        };
        if !c.eat("=") {
            return Err(c.problem(c.pos, &format!("expected `=` after `{arg}`"), ARGS));
        }
        c.skip_ws();
        let value = if c.eat("[") {
            let mut items = Vec::new();
            loop {
                if c.eat("]") {
                    break;
                }
                if !items.is_empty() && !c.eat(",") {
                    return Err(c.problem(
                        c.pos,
                        "expected `,` or `]` in a list",
                        "[\"a\", \"b\"]",
                    ));
                }
                items.push(c.string()?);
            }
            ArgValue::List(items)
        } else {
            ArgValue::Str(c.string()?)
        };
        args.push(Arg {
            name: arg,
            value,
            offset,
        });
    }
    if !c.eat("}}") {
        return Err(c.problem(
            c.pos,
            "expected `}}` after the arguments",
            "{{ chart(...) }}",
        ));
    }
    Ok(Shortcode {
        range: start..c.pos,
        name,
        args,
    })
}

/// Checks a shortcode's form: a `chart` with known arguments of the right type.
pub fn chart_request(sc: &Shortcode) -> Result<ChartRequest, Problem> {
    let problem = |offset: usize, message: String, expected: &str| Problem {
        offset,
        message: format!("shortcode: {message}"),
        expected: expected.to_string(),
    };
    if sc.name != "chart" {
        return Err(problem(
            sc.range.start,
            format!("unknown shortcode `{}`", sc.name),
            "chart(...)",
        ));
    }
    let mut indicator = None;
    let mut localities = Vec::new();
    let (mut from, mut to, mut bars) = (None, None, false);
    let month = |a: &Arg, s: &str| {
        s.parse::<Month>().map_err(|_| {
            problem(
                a.offset,
                format!("`{}` is not a month: \"{s}\"", a.name),
                "a month as \"YYYY-MM\", e.g. \"2024-09\"",
            )
        })
    };
    for a in &sc.args {
        match (a.name.as_str(), &a.value) {
            ("indicator", ArgValue::Str(s)) => indicator = Some((s.clone(), a.offset)),
            ("localities", ArgValue::List(l)) => {
                localities = l.iter().map(|s| (s.clone(), a.offset)).collect()
            }
            ("localities", ArgValue::Str(s)) => localities = vec![(s.clone(), a.offset)],
            ("from", ArgValue::Str(s)) => from = Some(month(a, s)?),
            ("to", ArgValue::Str(s)) => to = Some(month(a, s)?),
            ("kind", ArgValue::Str(s)) if s == "line" || s == "bars" => bars = s == "bars",
            ("kind", _) => {
                return Err(problem(
                    a.offset,
                    "unknown chart kind".into(),
                    "kind=\"line\" or kind=\"bars\"",
                ));
            }
            ("indicator" | "from" | "to", ArgValue::List(_)) => {
                return Err(problem(
                    a.offset,
                    format!("`{}` takes one value, not a list", a.name),
                    ARGS,
                ));
            }
            (other, _) => {
                return Err(problem(
                    a.offset,
                    format!("unknown argument `{other}`"),
                    ARGS,
                ));
            }
        }
    }
    let Some(indicator) = indicator else {
        return Err(problem(
            sc.range.start,
            "`chart` needs an `indicator`".into(),
            ARGS,
        ));
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(problem(
            sc.range.start,
            format!("`from` ({f}) is after `to` ({t})"),
            "from ≤ to",
        ));
    }
    Ok(ChartRequest {
        indicator,
        localities,
        from,
        to,
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_outside_code() {
        let text = "Viết `{{ chart(indicator=\"x\") }}` để chèn.\n\n{{ chart(indicator=\"a\", localities=[\"bim-son\", \"quan-hoa\"], from=\"2024-01\", to=\"2024-09\") }}\n\n```\n{{ chart(indicator=\"b\") }}\n```\n";
        let found = find(text);
        assert_eq!(found.len(), 1, "{found:?}");
        let sc = found[0].clone().unwrap();
        assert_eq!(&text[sc.range.clone()][..8], "{{ chart");
        let req = chart_request(&sc).unwrap();
        assert_eq!(req.indicator.0, "a");
        assert_eq!(req.localities.len(), 2);
        assert_eq!(req.from.map(|m| m.to_string()).as_deref(), Some("2024-01"));
    }

    #[test]
    fn reports_where_an_argument_is_wrong() {
        let text = "x {{ chart(indicator=\"a\", colour=\"red\") }}";
        let sc = find(text)[0].clone().unwrap();
        let p = chart_request(&sc).unwrap_err();
        assert_eq!(&text[p.offset..p.offset + 6], "colour");
        assert!(p.message.contains("colour"), "{p:?}");
        let bad = find("{{ chart(indicator=\"a\", to=\"2024-13\") }}")[0]
            .clone()
            .unwrap();
        assert!(chart_request(&bad).unwrap_err().message.contains("month"));
        assert!(find("{{ chart(indicator=\"a\" }}")[0].is_err());
    }
}
