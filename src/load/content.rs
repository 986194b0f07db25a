//! Markdown pages under `content/`, each with TOML front matter between `+++` lines.

use crate::common::diagnostic::{Diagnostics, Loc, Rule, Severity, SourceText, relative};
use crate::load::{Sources, read_text, read_text_inside, split_expected};
use crate::model::records::{FrontMatter, Page};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads every `.md` file under `content/`.
pub fn load(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> Vec<Page> {
    let dir = root.join("content");
    // (path, whether it is a link)
    let mut paths: Vec<(PathBuf, bool)> = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        // A link is read like a file (read_text refuses one leading out of the site).
        .filter(|e| {
            (e.file_type().is_file() || e.path_is_symlink())
                && e.path().extension().is_some_and(|x| x == "md")
        })
        .map(|e| {
            let link = e.path_is_symlink();
            (e.into_path(), link)
        })
        .collect();
    paths.sort();
    // The walk follows no link below `content/`: a file that is not itself a
    // link is inside the site when `content/` is, and need not be resolved.
    let dir_inside = crate::load::outside_target(root, &dir).is_none();
    // Files are read and their front matter parsed on every core; sources,
    // pages and diagnostics are then put together in path order, as if read one by one.
    let read: Vec<(Option<SourceText>, Diagnostics)> = paths
        .par_iter()
        .map(|(path, link)| {
            let mut d = Diagnostics::default();
            let text = if dir_inside && !link {
                read_text_inside(root, path, &mut d)
            } else {
                read_text(root, path, &mut d)
            };
            (text, d)
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    let mut read_diags = Vec::with_capacity(read.len());
    for ((src, d), (path, _)) in read.into_iter().zip(&paths) {
        read_diags.push(d);
        let rel = crate::common::diagnostic::display_path(&relative(&dir, path));
        files.push(src.map(|src| (sources.add(src), rel)));
    }
    let sources = &*sources;
    let parsed: Vec<(Option<Page>, Diagnostics)> = files
        .into_par_iter()
        .map(|f| {
            let mut d = Diagnostics::default();
            let page = f.and_then(|(file, rel)| parse(sources, file, rel, &mut d));
            (page, d)
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (read, (page, parsed)) in read_diags.into_iter().zip(parsed) {
        diags.append(read);
        diags.append(parsed);
        pages.extend(page);
    }
    pages
}

fn parse(sources: &Sources, file: usize, path: String, diags: &mut Diagnostics) -> Option<Page> {
    let text = &sources.get(file).text;
    let whole = Loc { file, span: 0..0 };
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - rest.len();
    let Some(after) = rest
        .strip_prefix("+++\n")
        .or_else(|| rest.strip_prefix("+++\r\n"))
    else {
        sources.report(
            diags,
            Rule::FrontMatter,
            Severity::Error,
            &whole,
            "the page has no front matter",
            Some("a first line `+++`, TOML such as title = \"...\", and a closing `+++`".into()),
        );
        return None;
    };
    let fm_start = text.len() - after.len();
    let Some(end) = after.find("\n+++").map(|i| i + 1) else {
        sources.report(
            diags,
            Rule::FrontMatter,
            Severity::Error,
            &Loc {
                file,
                span: bom..bom + 3,
            },
            "the front matter is not closed",
            Some("a line `+++` after the front matter".into()),
        );
        return None;
    };
    let fm = &after[..end];
    let close_line_end = after[end..].find('\n').map_or(after.len(), |i| end + i + 1);
    let body_offset = fm_start + close_line_end;
    let front = match toml::from_str::<FrontMatter>(fm) {
        Ok(f) => f,
        Err(e) => {
            let span = e
                .span()
                .map_or(fm_start..fm_start, |s| fm_start + s.start..fm_start + s.end);
            let (message, expected) = split_expected(e.message());
            sources.report(
                diags,
                Rule::FrontMatter,
                Severity::Error,
                &Loc { file, span },
                format!("front matter: {message}"),
                expected,
            );
            return None;
        }
    };
    Some(Page {
        path,
        front,
        loc: Loc {
            file,
            span: 0..text.len(),
        },
        body: text[body_offset.min(text.len())..].to_string(),
        body_offset,
    })
}
