//! The one rule that keeps every written file inside the output folder.
//!
//! Slugs are validated where they are written, so this is the last line of
//! defence: whatever a data or content file says, nothing is written outside
//! the output folder. [`site_paths_are_safe`] applies the rule to the page
//! graph before anything is rendered (with a message naming the source), and
//! [`is_safe_path`] again to each file as the staging folder writes it;
//! the preview server resolves request paths with [`join_inside`].

use crate::common::diagnostic::{Diagnostics, Rule};
use crate::site::Site;
use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};
use std::path::{Component, Path, PathBuf};

/// Whether a file path, relative to the output folder, stays inside it:
/// made of plain names only (no root, `..` or leading `.`).
pub fn is_safe_path(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// `root` joined with a requested path (`.` segments allowed, as a browser
/// may send them), or `None` if a part of it leads outside `root`: `..`, a
/// root or a drive prefix, `\` or NUL. For the preview server.
pub fn join_inside(root: &Path, rel: &str) -> Option<PathBuf> {
    if rel.contains(['\\', '\0']) {
        return None;
    }
    let mut file = root.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(file)
}

/// The file a page URL is written to: a folder's URL is its `index.html`.
fn url_file(path: &str) -> Cow<'_, str> {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html").into()
    } else {
        path.into()
    }
}

/// Whether a page or file URL stays inside the output folder on every system:
/// [`is_safe_path`] for its file, and none of the parts that a URL must not
/// have or that lead elsewhere on another system (`\`, `:`, NUL, a `.` segment).
fn is_safe_url(path: &str) -> bool {
    is_safe_path(&url_file(path))
        && !path.contains(['\\', '\0', ':'])
        && !path.split('/').any(|seg| seg == ".")
}

/// Every page and file stays inside the output folder and has a URL of its own.
pub fn site_paths_are_safe(site: &Site, diags: &mut Diagnostics) -> bool {
    // Where the page or file at position `i` comes from, for a message (made only then).
    let origin = |i: usize| match site.pages.get(i) {
        Some(p) => match &p.markdown {
            Some((file, _, _)) => file.clone(),
            None => format!(
                "the {} page made from data/",
                p.template.trim_end_matches(".html")
            ),
        },
        None => "a download made from data/".to_string(),
    };
    let named = site
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(site.files.iter().map(|f| f.path.as_str()));
    let mut seen: HashMap<Cow<str>, usize> =
        HashMap::with_capacity(site.pages.len() + site.files.len());
    let mut ok = true;
    for (i, path) in named.enumerate() {
        if !is_safe_url(path) {
            diags.file_error(
                Rule::Output,
                Path::new(&origin(i)),
                format!("the page URL `/{path}` would be written outside the output folder"),
                Some(
                    "a path made of plain names, without `..`, `.`, `\\`, `:` or a leading `/`"
                        .into(),
                ),
            );
            ok = false;
            continue;
        }
        match seen.entry(url_file(path)) {
            Entry::Occupied(first) => {
                diags.file_error(
                    Rule::Output,
                    Path::new(&origin(i)),
                    format!(
                        "this page has the same URL `/{path}` as {}",
                        origin(*first.get())
                    ),
                    Some("one page per URL: rename or move one of the two files".into()),
                );
                ok = false;
            }
            Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_safe_path("mo-hinh/1/index.html"));
        assert!(!is_safe_path("../etc/passwd"));
        assert!(!is_safe_path("/etc/passwd"));
        assert!(!is_safe_path("a/../../b"));
        assert!(!is_safe_path(""));
    }

    #[test]
    fn urls_must_stay_inside_on_every_system() {
        for good in ["", "mo-hinh/1/", "du-lieu/a.csv"] {
            assert!(is_safe_url(good), "{good}");
        }
        for bad in [
            "/x/", "a/../b/", "./a/", "a/./b", "a\\b", "c:/x", "a\0b", "..",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
    }
}
