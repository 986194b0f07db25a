//! The Atom feed of the monthly updates: it parses and follows RFC 4287.

use crate::common;

use minhbach::{BuildOptions, build, validate::Options};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn build_site(root: &Path, out: &Path, base_url: Option<&str>) {
    let opts = BuildOptions {
        validate: Options {
            today: "2026-11-23".parse().unwrap(),
        },
        base_url: base_url.map(str::to_string),
        full: false,
    };
    let (summary, diags) = build(root, out, &opts);
    assert!(summary.is_some(), "build failed: {:?}", diags.sorted());
}

fn rfc3339(s: &str) -> bool {
    regex::Regex::new(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$")
        .unwrap()
        .is_match(s)
}

fn absolute_iri(s: &str) -> bool {
    regex::Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
        .unwrap()
        .is_match(s)
}

/// The one child `name` of `node`, asserting there is exactly one.
fn one<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = node
        .children()
        .filter(|c| c.has_tag_name((ATOM, name)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "<{}> needs exactly one <{name}>",
        node.tag_name().name()
    );
    found[0]
}

/// Checks the Atom rules on `text`; returns (feed id, [(entry id, alternate href)]).
fn check_atom(text: &str) -> (String, Vec<(String, String)>) {
    let doc = roxmltree::Document::parse(text).expect("feed.xml is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "root is not atom:feed");
    let feed_id = one(feed, "id").text().unwrap_or("").to_string();
    assert!(
        absolute_iri(&feed_id),
        "feed id {feed_id:?} is not an absolute IRI"
    );
    assert!(!one(feed, "title").text().unwrap_or("").trim().is_empty());
    let updated = one(feed, "updated").text().unwrap_or("").to_string();
    assert!(
        rfc3339(&updated),
        "feed updated {updated:?} is not RFC 3339"
    );
    let feed_author = feed.children().any(|c| c.has_tag_name((ATOM, "author")));
    let selfs: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
        .collect();
    assert_eq!(selfs.len(), 1, "the feed links to itself once");
    let mut ids = BTreeSet::from([feed_id.clone()]);
    let mut entries = Vec::new();
    for e in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
        let id = one(e, "id").text().unwrap_or("").to_string();
        assert!(absolute_iri(&id), "entry id {id:?} is not an absolute IRI");
        assert!(ids.insert(id.clone()), "id {id} is not unique");
        assert!(!one(e, "title").text().unwrap_or("").trim().is_empty());
        let u = one(e, "updated").text().unwrap_or("").to_string();
        assert!(rfc3339(&u), "entry updated {u:?} is not RFC 3339");
        assert!(u <= updated, "an entry is newer than the feed");
        for p in e.children().filter(|c| c.has_tag_name((ATOM, "published"))) {
            assert!(rfc3339(p.text().unwrap_or("")));
        }
        assert!(
            feed_author || e.children().any(|c| c.has_tag_name((ATOM, "author"))),
            "an entry without an author in a feed without one"
        );
        // Without <content>, an entry must have an alternate link (RFC 4287 §4.1.2).
        let alternates: Vec<_> = e
            .children()
            .filter(|c| {
                c.has_tag_name((ATOM, "link"))
                    && c.attribute("rel").is_none_or(|r| r == "alternate")
                    && c.attribute("type").is_none_or(|t| t == "text/html")
            })
            .collect();
        assert_eq!(alternates.len(), 1, "one alternate link per entry");
        let href = alternates[0].attribute("href").unwrap_or("").to_string();
        assert!(!href.is_empty());
        entries.push((id, href));
    }
    (feed_id, entries)
}

#[test]
fn the_feed_is_valid_atom_and_every_page_links_it() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&root, &out, None);
    let text = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let (feed_id, entries) = check_atom(&text);
    assert!(feed_id.starts_with("urn:uuid:"), "{feed_id}");
    // One final report ships (2024-09): one entry, linking its page.
    assert_eq!(entries.len(), 1, "{text}");
    assert_eq!(entries[0].1, "/bao-cao/2024-09/");
    assert!(out.join("bao-cao/2024-09/index.html").is_file());
    assert!(text.contains("<updated>2024-09-30T00:00:00+07:00</updated>"));

    // Ids do not change from build to build.
    let again = dir.path().join("again");
    build_site(&root, &again, None);
    assert_eq!(
        check_atom(&std::fs::read_to_string(again.join("feed.xml")).unwrap()).0,
        feed_id
    );

    // English pages (issue 28) link the English feed, en/feed.xml.
    let link = regex::Regex::new(r#"<link [^>]*href="?/(en/)?feed\.xml"?[^>]*>"#).unwrap();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        // A chart's embed (issue 28) is the inside of another site's iframe, not a page.
        if e.path().extension().is_some_and(|x| x == "html") && e.file_name() != "nhung.html" {
            pages += 1;
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                link.is_match(&html) && html.contains("application/atom+xml"),
                "{} does not link the feed",
                e.path().display()
            );
        }
    }
    assert!(pages > 100);
}

#[test]
fn an_absolute_base_url_gives_tag_ids_and_absolute_links() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&root, &out, Some("https://example.org/de-an-06/"));
    let text = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let (feed_id, entries) = check_atom(&text);
    assert_eq!(feed_id, "tag:example.org,2024:/de-an-06/");
    assert_eq!(
        entries,
        vec![(
            "tag:example.org,2024:/de-an-06/bao-cao/2024-09/".to_string(),
            "https://example.org/de-an-06/bao-cao/2024-09/".to_string()
        )]
    );
    assert!(text.contains("href=\"https://example.org/de-an-06/feed.xml\""));
}

#[test]
fn a_draft_month_is_not_in_the_feed() {
    let site = common::Site::shipped();
    let o = site.run(&["new", "report", "2024-10"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = site.build();
    let text = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let (_, entries) = check_atom(&text);
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["/bao-cao/2024-09/"],
        "only the final report is an update"
    );
    // A build for the public leaves the draft month out altogether.
    assert!(!out.join("bao-cao/2024-10").exists());
}
