//! The stage order of `src/`: a module may import only itself and the modules
//! before it in [`STAGES`], so that the folders read as a pipeline and no
//! import cycle can come back (issue 24).
//!
//! Every `crate::` path in code counts, not only `use` lines: a grouped
//! `use crate::{a, b::c}` names `a` and `b`, and an inline `crate::x::y(…)`
//! names `x`. Comments and string literals are skipped, so a doc link is not
//! an import. A name after `crate::` that is no module of `src/` is an item of
//! the crate root (lib.rs, the public entry points), which stands above the
//! engine: only `cli` may use it. lib.rs and main.rs themselves are exempt.

use std::collections::BTreeSet;
use std::path::Path;

/// The stages, lowest first: a module may import only the ones before it.
const STAGES: &[&str] = &[
    "common", "paths", "model", "chart", "load", "validate", "output", "site", "render", "build",
    ROOT, "cli",
];

/// The crate root's place in [`STAGES`]: `crate::check`, `crate::BuildOptions` and the like.
const ROOT: &str = "crate root (lib.rs)";

/// Files that may import anything: the crate root and the binary.
const EXEMPT: &[&str] = &["lib.rs", "main.rs"];

/// One import against the stage order, or from or of a module the table lacks.
#[derive(Debug, PartialEq)]
struct Violation {
    /// The file, relative to `src/`.
    file: String,
    /// 1-based.
    line: usize,
    /// The path as written, e.g. `crate::common::escape::xml_escape`.
    import: String,
    why: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "src/{}:{}: `{}`: {}",
            self.file, self.line, self.import, self.why
        )
    }
}

/// The top-level module a file belongs to (`x` for `x.rs` and for `x/…`), `None` if exempt.
fn module_of(file: &str) -> Option<&str> {
    if EXEMPT.contains(&file) {
        return None;
    }
    let first = file.split('/').next().unwrap_or(file);
    Some(first.strip_suffix(".rs").unwrap_or(first))
}

fn rank(module: &str) -> Option<usize> {
    STAGES.iter().position(|s| *s == module)
}

/// The text with comments and the contents of string and character literals
/// replaced by blanks, newlines kept, so that byte offsets and lines still match.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if let Some(end) = raw_string_end(b, i) {
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{..}', '"'); a lifetime has no closing quote.
            let close = if rest.get(1) == Some(&b'\\') {
                rest.iter().skip(2).position(|&c| c == b'\'').map(|n| n + 2)
            } else {
                let len = std::str::from_utf8(&rest[1..])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                (rest.get(1 + len) == Some(&b'\'')).then_some(1 + len)
            };
            let end = close.map_or(i + 1, |n| i + n + 1);
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br"…"`) starting at `i` ends, if one starts there.
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return None;
    }
    let mut j = i;
    if b.get(j) == Some(&b'b') {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    j += hashes;
    if b.get(j) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let from = j + 1;
    let end = b[from..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(b.len(), |n| from + n + close.len());
    Some(end)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// One name right after `crate::` (or first in a `crate::{…}` group): where it starts, the name,
/// and whether the path goes on after it (`::`) or calls it (`(`, `!`).
struct Head<'a> {
    at: usize,
    name: &'a str,
    goes_on: bool,
    called: bool,
}

/// The heads of the path that starts at `i`, just after `crate::`.
fn heads<'a>(code: &'a str, i: usize, found: &mut Vec<Head<'a>>) {
    let b = code.as_bytes();
    let i = skip_blanks(b, i);
    if b.get(i) == Some(&b'{') {
        // A group: the first name of each item at depth one.
        let mut j = i + 1;
        let mut item_start = true;
        let mut depth = 1;
        while j < b.len() && depth > 0 {
            match b[j] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b',' if depth == 1 => item_start = true,
                c if depth == 1 && item_start && is_ident(c) => {
                    item_start = false;
                    heads(code, j, found);
                    while j < b.len() && is_ident(b[j]) {
                        j += 1;
                    }
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
        return;
    }
    let end = (i..b.len()).find(|&j| !is_ident(b[j])).unwrap_or(b.len());
    if end == i {
        return;
    }
    let after = skip_blanks(b, end);
    found.push(Head {
        at: i,
        name: &code[i..end],
        goes_on: b[after..].starts_with(b"::"),
        called: matches!(b.get(after), Some(b'(' | b'!')),
    });
}

/// The path as written from `start`, for the report: up to the end of the line's path.
fn written(code: &str, start: usize) -> String {
    let rest = &code[start..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    rest[..end].trim_end_matches(':').to_string()
}

/// Every import against the stage order in `files` (path relative to `src/`, text).
fn check(files: &[(String, String)]) -> Vec<Violation> {
    let modules: BTreeSet<&str> = files.iter().filter_map(|(f, _)| module_of(f)).collect();
    let mut found = Vec::new();
    for (file, text) in files {
        let Some(own) = module_of(file) else {
            continue;
        };
        let line_of = |at: usize| text[..at].matches('\n').count() + 1;
        let Some(own_rank) = rank(own) else {
            found.push(Violation {
                file: file.clone(),
                line: 1,
                import: format!("crate::{own}"),
                why: format!("module `{own}` is not a stage: add it to the stage table"),
            });
            continue;
        };
        let code = code_only(text);
        let b = code.as_bytes();
        for (at, _) in code.match_indices("crate") {
            let before_ok = at == 0 || !(is_ident(b[at - 1]) || b[at - 1] == b'$');
            let after = skip_blanks(b, at + "crate".len());
            if !before_ok || !b[after..].starts_with(b"::") {
                continue;
            }
            let mut names = Vec::new();
            heads(&code, after + 2, &mut names);
            for head in names {
                let import = if head.at == skip_blanks(b, after + 2) {
                    written(&code, at)
                } else {
                    format!("crate::{}", written(&code, head.at))
                };
                let line = line_of(head.at);
                let target = if modules.contains(head.name) && (head.goes_on || !head.called) {
                    head.name
                } else if head.name == "self" {
                    continue;
                } else {
                    ROOT
                };
                let why = match rank(target) {
                    None => format!("module `{target}` is not a stage: add it to the stage table"),
                    Some(r) if r > own_rank => {
                        format!(
                            "`{own}` may not import `{target}`, which comes later in the stage order"
                        )
                    }
                    Some(_) => continue,
                };
                found.push(Violation {
                    file: file.clone(),
                    line,
                    import,
                    why,
                });
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, as (path relative to `root`, text).
fn read_sources(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_sources(root, &path, files);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(root).expect("inside src/");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            files.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
}

#[test]
fn src_follows_the_stage_order() {
    let src = crate::common::shipped_root().join("src");
    let mut files = Vec::new();
    read_sources(&src, &src, &mut files);
    assert!(files.len() > 10, "src/ read: {} files", files.len());
    let found = check(&files);
    let list: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        found.is_empty(),
        "{} imports against the stage order ({}):\n  {}",
        found.len(),
        STAGES.join(" < "),
        list.join("\n  ")
    );
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(f, t)| ((*f).to_string(), (*t).to_string()))
        .collect()
}

#[test]
fn checker_passes_imports_of_earlier_stages_and_of_itself() {
    let src = files(&[
        ("common/mod.rs", "pub mod escape;\n"),
        ("common/escape.rs", "pub fn xml() {}\n"),
        ("paths.rs", "use crate::common::escape;\n"),
        (
            "render/mod.rs",
            "use crate::{common::escape::xml, paths};\nuse crate::render::theme;\nfn f() { crate::chart::draw(); }\n",
        ),
        ("chart/mod.rs", "use crate::common;\n"),
        (
            "cli/serve.rs",
            "use crate::{BuildOptions, build::engine};\nfn f() { crate::build(); }\n",
        ),
        (
            "build/mod.rs",
            "pub(crate) fn f() {}\nmacro_rules! m { () => { $crate::cli::x() } }\n",
        ),
        ("lib.rs", "pub mod cli;\nuse crate::cli::x;\n"),
        ("main.rs", "use minhbach::cli;\n"),
    ]);
    assert_eq!(check(&src), vec![]);
}

#[test]
fn checker_names_file_line_and_import_of_a_backward_import() {
    let src = files(&[
        ("common/escape.rs", "//! Escaping.\n\npub fn xml() {}\n"),
        (
            "chart/draw.rs",
            "//! Drawing.\nuse crate::common::escape::xml;\n\nfn f() {\n    let s = crate::render::markdown(\"x\");\n}\n",
        ),
        ("render/mod.rs", "pub fn markdown() {}\n"),
    ]);
    let found = check(&src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].file, "chart/draw.rs");
    assert_eq!(found[0].line, 5);
    assert_eq!(found[0].import, "crate::render::markdown");
    let shown = found[0].to_string();
    assert!(
        shown.starts_with("src/chart/draw.rs:5: `crate::render::markdown`"),
        "{shown}"
    );
    assert!(shown.contains("`chart` may not import `render`"), "{shown}");
}

#[test]
fn checker_reads_every_name_of_a_grouped_import() {
    let src = files(&[
        (
            "model/mod.rs",
            "use crate::{\n    common::escape,\n    paths::{self, url},\n    site::Site,\n    load::{files::{a, b}},\n};\n",
        ),
        ("common/mod.rs", ""),
        ("paths.rs", ""),
        ("site/mod.rs", ""),
        ("load/mod.rs", ""),
    ]);
    let found: Vec<(usize, String)> = check(&src)
        .into_iter()
        .map(|v| (v.line, v.import))
        .collect();
    assert_eq!(
        found,
        vec![(4, "crate::site::Site".into()), (5, "crate::load".into())]
    );
}

#[test]
fn checker_skips_comments_strings_and_lookalikes() {
    let src = files(&[
        (
            "common/mod.rs",
            "/// See [`crate::cli::serve`].\n/* crate::site:: /* nested */ crate::site */\nconst A: &str = \"crate::site::x\";\nconst B: &str = r#\"crate::\"site\"::x\"#;\nconst C: char = '\"'; // crate::site\nfn f<'a>(x: &'a str) -> &'a str { x }\nuse mycrate::site;\n",
        ),
        ("site/mod.rs", ""),
        ("cli/mod.rs", ""),
    ]);
    assert_eq!(check(&src), vec![]);
}

#[test]
fn checker_fails_on_a_module_missing_from_the_table() {
    let src = files(&[
        ("assemble.rs", "use crate::common::escape;\n"),
        ("render/mod.rs", "use crate::search::index;\n"),
        ("search/mod.rs", ""),
        ("common/mod.rs", ""),
    ]);
    let found = check(&src);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{shown:#?}");
    assert!(
        shown.iter().any(|s| s.starts_with("src/assemble.rs:1:")
            && s.contains("`assemble` is not a stage: add it to the stage table")),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(
            |s| s.starts_with("src/render/mod.rs:1: `crate::search::index`")
                && s.contains("`search` is not a stage: add it to the stage table")
        ),
        "{shown:#?}"
    );
}

#[test]
fn checker_keeps_the_crate_root_above_the_engine() {
    let src = files(&[
        (
            "build/mod.rs",
            "use crate::BuildOptions;\nfn f() { crate::check(); }\n",
        ),
        ("lib.rs", "pub mod build;\n"),
    ]);
    let found = check(&src);
    let lines: Vec<usize> = found.iter().map(|v| v.line).collect();
    assert_eq!(lines, vec![1, 2], "{found:?}");
    assert!(found[0].why.contains("crate root (lib.rs)"), "{}", found[0]);
}
