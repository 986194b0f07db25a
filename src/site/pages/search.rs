//! Site search: the documents a reader can find, the index written with the
//! site (see [`crate::output::search`]) and the search page.
//!
//! Our own index rather than Pagefind: Pagefind's folding leaves `đ` as it is
//! (so "duc tho" misses Đức Thọ), it needs an npm step after every build, and
//! its files would sit outside the incremental build; ours is a few dozen
//! lines of data written through the same machinery as every other file, and
//! folds as [`crate::common::text::fold`] does, in Rust and in the browser.

use crate::output::search::{Doc, Kind, index_files};
use crate::paths as url;
use crate::site::views::search::SearchView;
use crate::site::views::{Link, context};
use crate::site::{Context, Graph, PageSpec};
use rayon::prelude::*;

/// The most characters of text a document carries for its snippet.
const TEXT_CHARS: usize = 240;

/// Adds the search index (after every other page: it indexes their titles) and the search page.
pub(crate) fn add(g: &mut Graph<'_, '_>) {
    let docs = documents(g);
    let (files, _) = index_files(&docs);
    g.files.extend(files);
    let lists = [
        (url::LOCALITIES, &g.labels.localities),
        (url::MODELS, &g.labels.models),
        (url::INDICATORS, &g.labels.indicators),
    ]
    .into_iter()
    .map(|(u, label)| Link {
        label: label.clone(),
        url: u.to_string(),
    })
    .collect();
    // The letters of the A–Z index, each a link into it: the search without JavaScript.
    let letters = super::index_az::letters(g)
        .into_iter()
        .map(|l| Link {
            url: format!("{}#{}", url::INDEX_AZ, l.id),
            label: l.letter,
        })
        .collect();
    let mut page = PageSpec::new(
        url::SEARCH,
        "search.html",
        g.labels.search.clone(),
        Context::Ready(context(SearchView {
            index: url::SEARCH_INDEX,
            count: docs.len(),
            index_az_url: url::INDEX_AZ,
            letters,
            lists,
        })),
    );
    // A page of results is not content for a search engine to list.
    page.in_sitemap = false;
    g.pages.push(page);
}

/// Every document of the index: localities, models, indicators, reports, the
/// latest month's services, then the other pages by their titles.
fn documents(g: &Graph<'_, '_>) -> Vec<Doc> {
    let ds = g.ds;
    let labels = &g.labels;
    let title_of = |path: &str| {
        g.pages
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.title.clone())
    };
    let mut docs: Vec<Doc> = ds
        .localities
        .iter()
        .map(|l| {
            let (before, after) = labels.around_name(l.record.kind);
            Doc {
                kind: Kind::Locality,
                before: before.trim_end().to_string(),
                after: after.trim_start().to_string(),
                title: l.record.name.clone(),
                url: url::locality(&l.slug),
                text: String::new(),
                context: l
                    .record
                    .parent
                    .as_deref()
                    .and_then(|p| ds.locality_by_slug.get(p))
                    .map(|p| labels.named(p.record.kind, &p.record.name))
                    .unwrap_or_default(),
            }
        })
        .collect();
    docs.extend(ds.models.iter().map(|m| {
        let path = url::model(m.number);
        Doc {
            kind: Kind::Model,
            before: String::new(),
            after: String::new(),
            title: title_of(&path).unwrap_or_else(|| m.number.to_string()),
            url: path,
            text: excerpt(m.goal.as_deref().unwrap_or_default()),
            context: m
                .group
                .as_ref()
                .and_then(|id| ds.groups.iter().find(|x| &x.id == id))
                .map(|x| x.name.clone())
                .unwrap_or_default(),
        }
    }));
    docs.extend(ds.indicators.iter().map(|i| Doc {
        kind: Kind::Indicator,
        before: String::new(),
        after: String::new(),
        title: i.name.clone(),
        url: url::indicator(&i.id),
        text: excerpt(i.description.as_deref().unwrap_or_default()),
        context: String::new(),
    }));
    docs.extend(reports(g));
    docs.extend(services(g));
    docs.extend(other_pages(g));
    docs
}

/// A document per month's report, its text the start of the month's update.
fn reports(g: &Graph<'_, '_>) -> Vec<Doc> {
    g.ds.reports
        .iter()
        .map(|r| {
            let month = r.report.month;
            let path = url::report(&month);
            let update = g
                .pass
                .content_pages(&g.ds.pages)
                .into_iter()
                .find(|c| c.is_report_content(&month))
                .map(|c| c.page);
            Doc {
                kind: Kind::Report,
                before: String::new(),
                after: String::new(),
                title: r.report.title.clone(),
                url: path,
                text: update.map_or_else(String::new, |p| markdown_excerpt(&p.body)),
                context: crate::common::format::month(month),
            }
        })
        .collect()
}

/// A document per public service of the latest month (the services page shows that month).
fn services(g: &Graph<'_, '_>) -> Vec<Doc> {
    let Some(r) = g.ds.reports.last() else {
        return Vec::new();
    };
    r.services
        .iter()
        .map(|s| Doc {
            kind: Kind::Service,
            before: String::new(),
            after: String::new(),
            title: s.name.clone(),
            url: url::SERVICES.to_string(),
            text: excerpt(
                &s.rows
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            context: g
                .labels
                .appendices
                .iter()
                .find(|(a, _)| *a == s.appendix)
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The pages not indexed above: the lists, the Markdown pages (with the start of their text).
fn other_pages(g: &Graph<'_, '_>) -> Vec<Doc> {
    const INDEXED: [&str; 6] = [
        "locality.html",
        "model.html",
        "indicator.html",
        "report.html",
        "index.html",
        "404.html",
    ];
    // Each excerpt parses the start of a page's Markdown: thousands of pages, on every core.
    g.pages
        .par_iter()
        .filter(|p| !INDEXED.contains(&p.template))
        .map(|p| Doc {
            kind: Kind::Page,
            before: String::new(),
            after: String::new(),
            title: p.title.clone(),
            url: p.path.clone(),
            text: p
                .markdown
                .as_ref()
                .map_or_else(String::new, |(_, md, _)| markdown_excerpt(md)),
            context: String::new(),
        })
        .collect()
}

/// The start of a text, at most [`TEXT_CHARS`] characters, cut at a space.
fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= TEXT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(TEXT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

/// The start of a Markdown text as plain text (shortcode lines left out).
fn markdown_excerpt(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    // Only the first lines are parsed: pulldown-cmark reads a whole text's blocks
    // before the first event, and a page is parsed once already to render it.
    let mut head = 0;
    for line in md.split_inclusive('\n') {
        if head > TEXT_CHARS * 8 {
            break;
        }
        head += line.len();
    }
    let mut text = String::new();
    for event in Parser::new(&md[..head]) {
        match event {
            Event::Text(t) if !t.trim_start().starts_with("{{") => {
                text.push_str(&t);
            }
            Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end with a space; inline marks (links, emphasis) leave the text as is.
            Event::End(t)
                if !matches!(
                    t,
                    TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough
                ) =>
            {
                text.push(' ');
            }
            _ => {}
        }
        if text.len() > TEXT_CHARS * 4 {
            break;
        }
    }
    excerpt(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_text_cut_at_a_space() {
        let md = "# Giới thiệu\n\nCổng **minh bạch** của [Đề án 06](https://x).\n\n{{ chart(indicator=\"a\") }}\n";
        assert_eq!(
            markdown_excerpt(md),
            "Giới thiệu Cổng minh bạch của Đề án 06."
        );
        let long = "chữ ".repeat(200);
        let e = excerpt(&long);
        assert!(
            e.ends_with(" …") && e.chars().count() <= TEXT_CHARS + 2,
            "{e}"
        );
        assert!(markdown_excerpt(&format!("{}\n", "dòng dài\n".repeat(2000))).ends_with(" …"));
    }
}
