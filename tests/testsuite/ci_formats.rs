//! `check --format github|sarif|rdjson|gitlab`: each output parsed back and held
//! against the diagnostics of a broken site; the README's rule table against the rules.

use minhbach::common::rule::{Rule, markdown_table};

/// The README's rule table is the one generated from `src/common/rule.rs`.
#[test]
fn readme_rule_table_is_generated_from_the_rules() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let from = readme.find(start).expect("rules:start marker") + start.len();
    let to = readme.find(end).expect("rules:end marker");
    let table = markdown_table();
    assert!(
        readme[from..to] == table,
        "README's rule table differs from src/common/rule.rs; put this between the markers:\n{table}"
    );
    assert_eq!(table.lines().count(), Rule::ALL.len() + 2);
}

use crate::common::{self, Site};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The shipped site with a negative count, an unknown indicator and a file nothing
/// reads, named with a `,` and a `:` that GitHub's properties must escape (SYNTHETIC
/// edits of this test); its three warnings (printed rates) stay.
fn broken() -> Site {
    let site = Site::shipped();
    let nine = "data/reports/2024-09/indicators.toml";
    site.replace(nine, "value = 676\n", "value = -676 # âm\n");
    site.replace(
        nine,
        "indicator = \"departments-inspected\"",
        "indicator = \"departments-inspectd\"",
    );
    site.write("data/ghi chú, tạm: 1.toml", "x = 1\n");
    site
}

/// Runs `check --format FORMAT` (and more arguments): exit code and stdout.
fn check(site: &Site, format: &str, more: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["check", "--format", format, "--today", common::TODAY])
        .args(more)
        .arg("--site")
        .arg(site.root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run minhbach");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

/// The diagnostics as `--format json` gives them: the reference for every format.
fn reference(site: &Site) -> Vec<Value> {
    let (code, out) = check(site, "json", &[]);
    assert_eq!(code, Some(1));
    let v: Vec<Value> = serde_json::from_str(&out).expect("JSON array");
    assert!(v.len() >= 6, "three errors and three warnings: {out}");
    v
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v}"))
}

fn n(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number {key} in {v}"))
}

/// The message with what was expected on a second line, as every CI format shows it.
fn full_message(d: &Value) -> String {
    match d["expected"].as_str() {
        Some(e) => format!("{}\nexpected: {e}", s(d, "message")),
        None => s(d, "message").to_string(),
    }
}

#[test]
fn json_carries_rule_ids_and_the_span_of_the_offending_value() {
    let site = broken();
    let diags = reference(&site);
    let find = |rule: &str| {
        diags
            .iter()
            .find(|d| s(d, "rule") == rule)
            .unwrap_or_else(|| panic!("no {rule} in {diags:?}"))
    };
    let negative = find("MB0306");
    let (line, col) = site.pos_of("data/reports/2024-09/indicators.toml", "-676 # âm");
    assert_eq!(
        (n(negative, "line"), n(negative, "column")),
        (line as u64, col as u64)
    );
    assert_eq!(n(negative, "end_line"), line as u64);
    assert_eq!(
        n(negative, "end_column"),
        (col + "-676".len()) as u64,
        "the range ends just after the value, before its comment"
    );
    let unknown = find("MB0201");
    assert_eq!(
        n(unknown, "end_column") - n(unknown, "column"),
        "\"departments-inspectd\"".len() as u64
    );
    let unread = find("MB0107");
    assert_eq!(s(unread, "file"), "data/ghi chú, tạm: 1.toml");
    assert_eq!((n(unread, "line"), n(unread, "end_line")), (0, 0));
    assert!(
        diags
            .iter()
            .any(|d| s(d, "rule") == "MB0308" && s(d, "severity") == "warning")
    );
}

/// Reads GitHub's escaping back.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_workflow_commands_annotate_each_diagnostic() {
    let site = broken();
    let diags = reference(&site);
    let (code, out) = check(&site, "github", &[]);
    assert_eq!(code, Some(1), "the same exit status as text mode");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len(), "{out}");
    let re = regex::Regex::new(r"^::(error|warning) ([^:]*)::(.*)$").unwrap();
    for (line, d) in lines.iter().zip(&diags) {
        let c = re
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        assert_eq!(&c[1], s(d, "severity"));
        // A property value never holds a raw `,` or `:`; a message never a line break.
        let props: BTreeMap<&str, String> = c[2]
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("key=value");
                (k, unescape(v))
            })
            .collect();
        assert_eq!(props["file"], s(d, "file"));
        let at_least_1 = |k: &str| n(d, k).max(1).to_string();
        assert_eq!(props["line"], at_least_1("line"), "{line}");
        assert_eq!(props["col"], at_least_1("column"), "{line}");
        assert_eq!(props["endLine"], at_least_1("end_line"), "{line}");
        assert!(props["endColumn"].parse::<u64>().unwrap() >= n(d, "column").max(1));
        assert!(props["title"].starts_with(s(d, "rule")), "{line}");
        assert_eq!(unescape(&c[3]), full_message(d));
    }
    // The escapes themselves: `%`, line breaks, and `,` `:` in a property.
    assert!(
        out.contains("::error file=data/ghi chú%2C tạm%3A 1.toml,line=1,col=1,"),
        "{out}"
    );
    assert!(out.contains(" %25 "), "a literal % is escaped: {out}");
    assert!(out.contains("%0Aexpected: "), "{out}");
}

#[test]
fn github_step_summary_is_appended_to_the_file_github_names() {
    let site = broken();
    let summary = site.path("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args([
            "check",
            "--format",
            "github",
            "--lang",
            "en",
            "--today",
            common::TODAY,
        ])
        .arg("--site")
        .arg(site.root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run minhbach");
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n## minhbach check\n"),
        "appended:\n{text}"
    );
    assert!(text.contains("**3** error(s), **3** warning(s)."), "{text}");
    assert!(
        text.contains("| `MB0306` negative-value | Negative value | 1 |"),
        "{text}"
    );
    assert!(
        text.contains("| `MB0308` stated-rate-differs | Printed rate differs from computed | 3 |"),
        "{text}"
    );
    assert!(
        text.contains("<details><summary>All 6 problem(s)</summary>"),
        "{text}"
    );

    // In Vietnamese, to a file named on the command line.
    let vi = site.path("tom-tat.md");
    let (_, _) = check(
        &site,
        "sarif",
        &["--summary", vi.to_str().unwrap(), "--lang", "vi"],
    );
    let text = std::fs::read_to_string(&vi).unwrap();
    assert!(text.contains("**3** lỗi, **3** cảnh báo."), "{text}");
    assert!(
        text.contains("| `MB0306` negative-value | Giá trị âm | 1 |"),
        "{text}"
    );
}

/// The keys SARIF 2.1.0's schema allows on each object this output writes (its
/// objects have `additionalProperties: false`), and those it requires.
const SARIF_OBJECTS: &[(&str, &[&str], &[&str])] = &[
    (
        "log",
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
        &["version", "runs"],
    ),
    (
        "run",
        &[
            "tool",
            "invocations",
            "conversion",
            "language",
            "versionControlProvenance",
            "originalUriBaseIds",
            "artifacts",
            "logicalLocations",
            "graphs",
            "results",
            "automationDetails",
            "runAggregates",
            "baselineGuid",
            "redactionTokens",
            "defaultEncoding",
            "defaultSourceLanguage",
            "newlineSequences",
            "columnKind",
            "externalPropertyFileReferences",
            "threadFlowLocations",
            "taxonomies",
            "addresses",
            "translations",
            "policies",
            "webRequests",
            "webResponses",
            "specialLocations",
            "properties",
        ],
        &["tool"],
    ),
    (
        "driver",
        &[
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "shortDescription",
            "fullDescription",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "globalMessageStrings",
            "notifications",
            "rules",
            "taxa",
            "locations",
            "language",
            "contents",
            "isComprehensive",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
            "associatedComponent",
            "translationMetadata",
            "supportedTaxonomies",
            "properties",
        ],
        &["name"],
    ),
    (
        "rule",
        &[
            "id",
            "deprecatedIds",
            "guid",
            "deprecatedGuids",
            "name",
            "deprecatedNames",
            "shortDescription",
            "fullDescription",
            "messageStrings",
            "defaultConfiguration",
            "helpUri",
            "help",
            "relationships",
            "properties",
        ],
        &["id"],
    ),
    (
        "result",
        &[
            "ruleId",
            "ruleIndex",
            "rule",
            "kind",
            "level",
            "message",
            "analysisTarget",
            "locations",
            "guid",
            "correlationGuid",
            "occurrenceCount",
            "partialFingerprints",
            "fingerprints",
            "stacks",
            "codeFlows",
            "graphs",
            "graphTraversals",
            "relatedLocations",
            "suppressions",
            "baselineState",
            "rank",
            "attachments",
            "hostedViewerUri",
            "workItemUris",
            "provenance",
            "fixes",
            "taxa",
            "webRequest",
            "webResponse",
            "properties",
        ],
        &["message"],
    ),
    (
        "region",
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
            "byteOffset",
            "byteLength",
            "snippet",
            "message",
            "sourceLanguage",
            "properties",
        ],
        &[],
    ),
];

fn sarif_object(kind: &str, v: &Value) {
    let (_, allowed, required) = SARIF_OBJECTS.iter().find(|o| o.0 == kind).unwrap();
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{kind} is not an object: {v}"));
    for k in obj.keys() {
        assert!(allowed.contains(&k.as_str()), "{kind} may not have `{k}`");
    }
    for k in *required {
        assert!(obj.contains_key(*k), "{kind} needs `{k}`");
    }
}

#[test]
fn sarif_log_lists_every_rule_and_locates_every_result() {
    let site = broken();
    let diags = reference(&site);
    let (code, out) = check(&site, "sarif", &[]);
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    sarif_object("log", &log);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    sarif_object("run", run);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    sarif_object("driver", driver);
    assert_eq!(driver["name"], "minhbach");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| s(r, "id")).collect();
    let all: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(ids, all, "every rule, in order, with its stable id");
    for r in rules {
        sarif_object("rule", r);
        assert!(!s(&r["shortDescription"], "text").is_empty());
        assert!(["error", "warning"].contains(&s(&r["defaultConfiguration"], "level")));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    for (r, d) in results.iter().zip(&diags) {
        sarif_object("result", r);
        assert_eq!(s(r, "ruleId"), s(d, "rule"));
        assert_eq!(ids[n(r, "ruleIndex") as usize], s(d, "rule"));
        assert_eq!(s(r, "level"), s(d, "severity"));
        assert_eq!(s(&r["message"], "text"), full_message(d));
        assert_eq!(s(&r["partialFingerprints"], "minhbach/v1").len(), 32);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = s(&loc["artifactLocation"], "uri");
        assert!(!uri.contains([' ', ',', ':']), "a URI reference: {uri}");
        let region = &loc["region"];
        sarif_object("region", region);
        assert_eq!(n(region, "startLine"), n(d, "line").max(1));
        assert_eq!(n(region, "startColumn"), n(d, "column").max(1));
        assert_eq!(n(region, "endLine"), n(d, "end_line").max(1));
        assert!(n(region, "endColumn") >= 1);
        if n(d, "line") > 0 && n(d, "end_line") == n(d, "line") {
            assert_eq!(n(region, "endColumn"), n(d, "end_column"));
        }
    }
    assert!(
        out.contains("\"uri\": \"data/ghi%20ch%C3%BA%2C%20t%E1%BA%A1m%3A%201.toml\""),
        "{out}"
    );
}

#[test]
fn rdjson_counts_columns_in_bytes_for_reviewdog() {
    let site = broken();
    let diags = reference(&site);
    let (code, out) = check(&site, "rdjson", &[]);
    assert_eq!(code, Some(1));
    let doc: Value = serde_json::from_str(&out).expect("rdjson is JSON");
    assert_eq!(doc["source"]["name"], "minhbach");
    let items = doc["diagnostics"].as_array().unwrap();
    assert_eq!(items.len(), diags.len());
    for (r, d) in items.iter().zip(&diags) {
        assert_eq!(s(r, "message"), full_message(d));
        assert_eq!(s(&r["code"], "value"), s(d, "rule"));
        assert_eq!(s(r, "severity"), s(d, "severity").to_uppercase());
        let loc = &r["location"];
        assert_eq!(s(loc, "path"), s(d, "file"));
        let start = &loc["range"]["start"];
        assert_eq!(n(start, "line"), n(d, "line").max(1));
        // The byte column of the character column, on the diagnostic's own line.
        let snippet = d["snippet"].as_str().unwrap_or("");
        let chars = n(d, "column").max(1) as usize - 1;
        let bytes: usize = snippet.chars().take(chars).map(char::len_utf8).sum();
        assert_eq!(n(start, "column") as usize, bytes + 1, "{r}");
    }
}

#[test]
fn gitlab_code_quality_fingerprints_survive_lines_added_above() {
    let site = broken();
    let diags = reference(&site);
    let (code, out) = check(&site, "gitlab", &[]);
    assert_eq!(code, Some(1));
    let report: Vec<Value> = serde_json::from_str(&out).expect("a JSON array");
    assert_eq!(report.len(), diags.len());
    for (r, d) in report.iter().zip(&diags) {
        assert_eq!(s(r, "description"), full_message(d));
        assert_eq!(s(r, "check_name"), s(d, "rule"));
        let want = if s(d, "severity") == "error" {
            "major"
        } else {
            "minor"
        };
        assert_eq!(s(r, "severity"), want);
        assert_eq!(s(&r["location"], "path"), s(d, "file"));
        assert_eq!(n(&r["location"]["lines"], "begin"), n(d, "line").max(1));
    }
    let prints = |report: &[Value]| -> BTreeSet<String> {
        report
            .iter()
            .map(|r| s(r, "fingerprint").to_string())
            .collect()
    };
    let before = prints(&report);
    assert_eq!(before.len(), report.len(), "fingerprints are unique");

    // Three lines added at the top of the figures' file move its problems down, and
    // change neither their fingerprints nor anyone else's.
    let nine = "data/reports/2024-09/indicators.toml";
    let text = site.read(nine);
    site.write(nine, format!("# một\n# hai\n# ba\n{text}"));
    let (_, moved) = check(&site, "gitlab", &[]);
    let moved: Vec<Value> = serde_json::from_str(&moved).unwrap();
    assert_eq!(prints(&moved), before);
    let line = |rep: &[Value]| {
        rep.iter()
            .find(|r| s(r, "check_name") == "MB0306")
            .map(|r| n(&r["location"]["lines"], "begin"))
            .unwrap()
    };
    assert_eq!(line(&moved), line(&report) + 3);
}
