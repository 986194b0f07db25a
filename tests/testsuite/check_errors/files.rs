//! Files that are not what they should be: bad bytes, stray names, garbage, huge sizes.

use super::*;

// ---------------------------------------------------------------- files

#[test]
fn invalid_utf8_byte_is_located() {
    let site = Site::shipped();
    let f = site.facts();
    let plan = f.plan();
    let mut bytes = std::fs::read(site.path(plan)).expect("read plan");
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let prefix = "# Ghi chú: Bỉm Sơn, ";
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.extend_from_slice(prefix.as_bytes());
    bytes.extend_from_slice(b"\xff\xfe h\xe1\xbb\x8fng\n");
    site.write(plan, &bytes);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        plan,
        line,
        prefix.chars().count() + 1,
        "invalid UTF-8 byte 0xff",
    );
    assert_eq!(d.expected.as_deref(), Some("text encoded as UTF-8"));
}

#[test]
fn stray_file_in_data() {
    let site = Site::shipped();
    site.write("data/ghi-chu.txt", "ghi chú của biên tập viên\n");
    let out = site.check();
    out.assert_fails();
    let d = out.error_at("data/ghi-chu.txt", 0, 0, "unexpected file in data/");
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("sources.toml")),
        "{}",
        d.show()
    );
}

#[test]
fn misnamed_file_in_a_report_folder() {
    let site = Site::shipped();
    let f = site.facts();
    let wrong = report_file(&f, "service.toml");
    site.write(&wrong, site.read(&report_file(&f, "services.toml")));
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(
        &wrong,
        0,
        0,
        "unexpected file in data/: no part of the site reads it",
    );
    assert!(
        d.expected
            .as_deref()
            .is_some_and(|e| e.contains("services.toml")),
        "{}",
        d.show()
    );
}

#[test]
fn random_bytes_file() {
    let site = Site::shipped();
    let file = "data/plans/ngau-nhien.toml";
    let bytes = Rng::new(42).bytes(64 * 1024);
    // Where the first bad byte is, computed independently of the checker.
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => panic!("the random bytes happen to be UTF-8; pick another seed"),
        Err(e) => e.valid_up_to(),
    };
    let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid prefix");
    let (line, column) = (
        prefix.matches('\n').count() + 1,
        prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1,
    );
    site.write(file, &bytes);
    let out = site.check();
    out.assert_fails();
    out.error_at(
        file,
        line,
        column,
        &format!("invalid UTF-8 byte 0x{:02x}", bytes[valid]),
    );
}

#[test]
fn random_bytes_replacing_a_core_file() {
    let site = Site::shipped();
    site.write("data/models.toml", Rng::new(7).bytes(100_000));
    let out = site.check();
    out.assert_fails();
    assert!(
        out.errors()
            .any(|d| d.file == "data/models.toml" && d.message.contains("invalid UTF-8")),
        "{}",
        out.dump()
    );
}

/// TOML-looking garbage: fragments of the schema, of TOML syntax and of Vietnamese text.
fn garbage(rng: &mut Rng, tokens: &[&str], n: usize) -> String {
    (0..n).map(|_| tokens[rng.below(tokens.len())]).collect()
}

const SYNTAX: &[&str] = &[
    "\n",
    "\n",
    "\n",
    " ",
    " = ",
    "=",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\r\n",
    "\t",
    "\\",
    "\\u00e1",
    "\\uD800",
    "-",
    "+",
    "_",
    "0x",
    "1e400",
    "nan",
    "-inf",
    "true",
    "1979-05-27T07:32:00Z",
    "2024-13",
    "2024-09",
    "0",
    "-1",
    "42",
    "4294967296",
    "9223372036854775808",
    "ỉ",
    "\u{0309}",
    "đ",
    "Đức Thọ",
    "\u{feff}",
];

const PLAN_WORDS: &[&str] = &[
    "[plan]\n",
    "[[item]]\n",
    "[[group]]\n",
    "[[item.conflict]]\n",
    "locality = \"bim-son\"\n",
    "kind = \"models\"\n",
    "number = \"1\"\n",
    "group = \"1\"\n",
    "model = 3\n",
    "title = \"Thử\"\n",
    "deadline = \"Quý II/2024\"\n",
    "deadline = \"tháng 13/2024\"\n",
    "deadline = \"31/2/2024\"\n",
    "deadline = [\"Năm 2024\", \"Giai đoạn 2025-2023\"]\n",
    "deadline = { text = \"x\", value = \"2024..2023\" }\n",
    "deadline = []\n",
    "deadline = { text = \"x\", value = \"9999999999\" }\n",
    "deadline = \"Quý V/2024\"\n",
    "cite = { source = \"kh-bim-son-2024\", at = \"Mục\" }\n",
    "lead = [\"A\", 1]\n",
    "number",
    "deadline",
];

const SERVICE_WORDS: &[&str] = &[
    "[[service]]\n",
    "[[group]]\n",
    "[[service.row]]\n",
    "appendix = \"I\"\n",
    "appendix = \"II\"\n",
    "group = \"I\"\n",
    "number = \"1\"\n",
    "name = \"Dịch vụ\"\n",
    "total = 10\n",
    "total = 0\n",
    "online = 11\n",
    "on_time = 3\n",
    "overdue = -2\n",
    "stated_rate = 1e-300\n",
    "stated_rate = 100\n",
    "none_this_month = true\n",
    "cite = { source = \"bc\", at = \"\" }\n",
];

fn fuzz(file: &str, words: &[&str], seeds: std::ops::Range<u64>) {
    let tokens: Vec<&str> = SYNTAX.iter().chain(words).copied().collect();
    for seed in seeds {
        let site = Site::shipped();
        let mut rng = Rng::new(seed);
        let text = garbage(&mut rng, &tokens, 400);
        site.write(file, &text);
        let out = site.check(); // asserts no panic and valid JSON
        assert!(
            matches!(out.code, Some(0 | 1)),
            "seed {seed}: exit {:?}\n{}",
            out.code,
            out.stderr
        );
        let lines = text.matches('\n').count() + 1;
        for d in out.diags.iter().filter(|d| d.file == file) {
            assert!(
                d.line <= lines,
                "seed {seed}: line past the end: {}",
                d.show()
            );
        }
    }
}

#[test]
fn garbage_plan_file_does_not_panic() {
    fuzz("data/plans/rac.toml", PLAN_WORDS, 0..25);
}

#[test]
fn garbage_services_file_does_not_panic() {
    let f = Site::shipped().facts();
    fuzz(&report_file(&f, "services.toml"), SERVICE_WORDS, 100..125);
}

#[test]
fn twenty_megabyte_file() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "services.toml");
    let size: usize = 20 * 1024 * 1024;
    let mut big = Vec::with_capacity(size);
    let line = format!("# {}\n", "x".repeat(97));
    while big.len() + line.len() <= size {
        big.extend_from_slice(line.as_bytes());
    }
    big.resize(size, b'\n');
    site.write(&file, &big);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, 0, 0, &format!("file is {size} bytes, too large"));
    assert_eq!(
        d.expected.as_deref(),
        Some(format!("at most {} bytes", minhbach::load::MAX_FILE_BYTES).as_str())
    );
}

#[test]
fn fifty_megabyte_data_file() {
    // A sparse file: 50 MB long without writing 50 MB; refused before it is read.
    let site = Site::shipped();
    let file = "data/plans/lon.toml";
    let size: u64 = 50 * 1000 * 1000;
    std::fs::File::create(site.path(file))
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
    let out = site.check();
    out.assert_fails();
    out.error_at(file, 0, 0, &format!("file is {size} bytes, too large"));
}

#[test]
fn deeply_nested_value_does_not_crash() {
    let site = Site::shipped();
    let file = "data/plans/long-nhau.toml";
    let depth = 200_000;
    site.write(
        file,
        format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    let out = site.check();
    out.assert_fails();
    let d = out
        .errors()
        .find(|d| d.file == file)
        .unwrap_or_else(|| panic!("no error in {file}:\n{}", out.dump()));
    assert_eq!(d.line, 1, "{}", d.show());
    assert!(d.message.contains("TOML syntax"), "{}", d.show());
}

#[test]
fn crlf_line_endings_keep_lines_and_columns() {
    let site = Site::shipped();
    let f = site.facts();
    let file = report_file(&f, "models.toml");
    site.append(
        &file,
        &format!(
            "[[status]]\nmodel = {}\nstatus = \"done\" # crlf\n{}\n",
            f.models[0],
            cite(&f)
        ),
    );
    let lf = site.read(&file);
    site.write(&file, lf.replace("\r\n", "\n").replace('\n', "\r\n"));
    let (line, _) = pos_in(&lf, "# crlf", &file);
    let out = site.check();
    out.assert_fails();
    let d = out.error_at(&file, line, 10, "unknown variant `done`");
    assert_eq!(
        d.snippet.as_deref(),
        Some("status = \"done\" # crlf"),
        "no \\r in the snippet"
    );
}

#[test]
fn content_page_without_front_matter() {
    let site = Site::shipped();
    site.write(
        "content/thu-nghiem.md",
        "# Chỉ có nội dung\n\nKhông có phần đầu.\n",
    );
    let out = site.check();
    out.assert_fails();
    out.error_at(
        "content/thu-nghiem.md",
        1,
        1,
        "the page has no front matter",
    );
}

// ---------------------------------------------------------------- output
