//! Many errors at once, and the text and JSON outputs.

use super::figures::service;
use super::*;

/// A site broken in many places at once.
fn broken_everywhere() -> (Site, Vec<(String, usize, String)>) {
    let site = Site::shipped();
    let f = site.facts();
    let c = cite(&f);
    let mut want = Vec::new();

    let file = "data/localities.toml".to_string();
    let parent = f.slugs()[0].to_string();
    let typo = format!("{parent}x");
    site.append(
        &file,
        &format!(
            "[[locality]]\nname = \"Xã Thử Nghiệm\"\nkind = \"commune\"\nparent = \"{typo}\"\n{c}\n"
        ),
    );
    want.push((
        file.clone(),
        site.line_of(&file, &typo),
        format!("unknown locality `{typo}`"),
    ));

    let file = "data/indicators.toml".to_string();
    let id = f.indicators[0].id.clone();
    site.append(
        &file,
        &format!("[[indicator]]\nid = \"{id}\" # trùng\nname = \"x\"\nunit = \"count\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# trùng"),
        format!("duplicate indicator `{id}`"),
    ));

    let file = "data/models.toml".to_string();
    site.append(
        &file,
        &format!("[[model]]\nnumber = 9901\ngroup = \"XLII\" # nhóm lạ\ntitle = \"x\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# nhóm lạ"),
        "unknown group `XLII`".into(),
    ));

    let file = f.plan().to_string();
    site.append(
        &file,
        &format!("[[item]]\nnumber = \"9901\"\nmodel = 99999 # mô hình lạ\ntitle = \"x\"\n{c}\n"),
    );
    want.push((
        file.clone(),
        site.line_of(&file, "# mô hình lạ"),
        "unknown model number `99999`".into(),
    ));

    let file = figure(&site, &f, f.count_indicator(), "value = -1 # âm");
    want.push((
        file.clone(),
        site.line_of(&file, "# âm"),
        "negative count: -1".into(),
    ));

    let file = service(&site, &f, "total = 1\nonline = 2 # trực tuyến");
    want.push((
        file.clone(),
        site.line_of(&file, "# trực tuyến"),
        "online 2 is greater than total 1".into(),
    ));

    site.write("data/plans/ghi-chu.md", "không đọc\n");
    want.push(("data/plans/ghi-chu.md".into(), 0, "unexpected file".into()));

    site.append("site.toml", "titel = \"x\"\n");
    want.push((
        "site.toml".into(),
        site.line_of("site.toml", "titel"),
        "unknown field `titel`".into(),
    ));

    (site, want)
}

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let (site, want) = broken_everywhere();
    let out = site.check();
    out.assert_fails();
    for (file, line, message) in &want {
        out.error(file, *line, message);
    }
    let files: std::collections::BTreeSet<&str> = out.errors().map(|d| d.file.as_str()).collect();
    assert!(files.len() >= 3, "errors in only {files:?}");
    assert!(files.len() >= want.len(), "errors in only {files:?}");
}

#[test]
fn json_output_is_valid_and_well_formed() {
    let (site, _) = broken_everywhere();
    let out = site.check();
    out.assert_fails();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    let items = value.as_array().expect("a JSON array");
    assert_eq!(items.len(), out.diags.len());
    assert!(
        out.stderr.trim().is_empty(),
        "JSON mode prints nothing on stderr: {}",
        out.stderr
    );
    let allowed = [
        "rule",
        "severity",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "expected",
        "snippet",
    ];
    let root = site.root().to_string_lossy().into_owned();
    for item in items {
        let obj = item.as_object().expect("each diagnostic is an object");
        for k in obj.keys() {
            assert!(allowed.contains(&k.as_str()), "unknown key {k} in {item}");
        }
        for k in ["rule", "severity", "file", "message"] {
            assert!(obj[k].is_string(), "{k} is a string in {item}");
        }
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(obj[k].is_u64(), "{k} is a number in {item}");
        }
        for k in ["expected", "snippet"] {
            assert!(
                obj.get(k).is_none_or(|v| v.is_string()),
                "{k} is a string in {item}"
            );
        }
    }
    for d in &out.diags {
        assert!(
            matches!(d.severity.as_str(), "error" | "warning"),
            "{}",
            d.show()
        );
        assert!(!d.message.is_empty(), "{}", d.show());
        assert!(
            !d.file.starts_with('/') && !d.file.contains('\\') && !d.file.contains(&root),
            "file is relative with / separators: {}",
            d.show()
        );
        assert_eq!(d.line == 0, d.column == 0, "{}", d.show());
        if d.line > 0 {
            // The snippet is the very line pointed at.
            let text = std::fs::read_to_string(site.path(&d.file)).expect("utf-8 file");
            let line = text
                .lines()
                .nth(d.line - 1)
                .unwrap_or_else(|| panic!("line past end: {}", d.show()));
            assert_eq!(
                d.snippet.as_deref(),
                Some(line.trim_end_matches('\r')),
                "{}",
                d.show()
            );
            assert!(
                d.column <= line.chars().count() + 1,
                "column past the end: {}",
                d.show()
            );
        } else {
            assert!(d.snippet.is_none(), "{}", d.show());
        }
    }
    let keys: Vec<(&str, usize, usize)> = out
        .diags
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "diagnostics are sorted by file, line, column");
}

#[test]
fn text_output_lists_every_error_on_stderr() {
    let (site, want) = broken_everywhere();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .arg("check")
        .arg("--site")
        .arg(site.root())
        .args(["--today", common::TODAY, "--lang", "en"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run minhbach");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "text mode prints nothing on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (file, line, message) in &want {
        let head = if *line > 0 {
            format!("error: {file}:{line}:")
        } else {
            format!("error: {file}: ")
        };
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&head) && l.contains(message.as_str())),
            "no line starting {head:?} with {message:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("check: ") && l.contains("error(s)")),
        "a summary line:\n{stderr}"
    );
}
