//! Robustness fuzz: the loader and validator never panic on any input, and
//! every error they report is located (a file, and a line ≥ 1 unless it is
//! about the whole file); a Markdown page always renders.
//!
//! Inputs are arbitrary bytes, arbitrary strings, TOML-looking token soup
//! and, most useful, mutations of the shipped valid files (byte flips,
//! truncations, duplicated, deleted and swapped lines, huge numbers, deep
//! nesting, long strings). The correction file fuzzed is SYNTHETIC (the
//! shipped data has none).
//!
//! Bounded for CI: `MINHBACH_FUZZ_CASES` cases per target (default 24) from a
//! fixed seed (`MINHBACH_FUZZ_SEED`, default below), so a CI run is
//! deterministic. For a longer local run:
//! `MINHBACH_FUZZ_CASES=2000 MINHBACH_FUZZ_SEED=$RANDOM cargo test --release --test testsuite fuzz::`.

use crate::common;

use common::{Site, TODAY};
use minhbach::common::diagnostic::Severity;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

/// A SYNTHETIC correction, valid against the shipped data.
const CORRECTION: &str = "[[correction]]\ndate = \"2024-11-05\"\nmonth = \"2024-09\"\nindicator = \"bhyt-facilities-with-lookups\"\nold = 676\nnew = 680\nreason = \"SYNTHETIC: đính chính thử nghiệm\"\ncite = { source = \"bc-thanh-hoa-2024-09\", at = \"Mục II.4.2\" }\n";

/// Every kind of input file: data files of each kind, report folder files, corrections, pages.
const TARGETS: &[&str] = &[
    "site.toml",
    "data/localities.toml",
    "data/models.toml",
    "data/indicators.toml",
    "data/sources.toml",
    "data/plans/bim-son.toml",
    "data/reports/2024-09/report.toml",
    "data/reports/2024-09/indicators.toml",
    "data/reports/2024-09/models.toml",
    "data/reports/2024-09/services.toml",
    "data/corrections.toml",
    "content/gioi-thieu.md",
    "content/reports/2024-09.md",
];

const MARKDOWN: &[&str] = &["content/gioi-thieu.md", "content/reports/2024-09.md"];

fn config() -> Config {
    let cases = std::env::var("MINHBACH_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    let seed = std::env::var("MINHBACH_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6d69_6e68_6261_6368);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // Failures found are kept as named regression tests below, not in a side file.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 256,
        ..Config::default()
    }
}

/// One scratch copy of the shipped site (plus the synthetic correction), shared by the cases of a test.
struct Scratch {
    site: Site,
    originals: Vec<(String, Vec<u8>)>,
}

impl Scratch {
    fn new() -> Scratch {
        let site = Site::shipped();
        site.replace(
            "data/reports/2024-09/indicators.toml",
            "value = 676\n",
            "value = 680\n",
        );
        site.write("data/corrections.toml", CORRECTION);
        let originals = TARGETS
            .iter()
            .map(|t| (t.to_string(), std::fs::read(site.path(t)).expect("target")))
            .collect();
        let scratch = Scratch { site, originals };
        let diags = scratch.run().expect("the unchanged site does not panic");
        assert!(
            !diags.iter().any(|d| d.severity == Severity::Error),
            "the unchanged scratch site has errors: {diags:?}"
        );
        scratch
    }

    fn original(&self, target: &str) -> &[u8] {
        &self
            .originals
            .iter()
            .find(|(t, _)| t == target)
            .expect("known target")
            .1
    }

    /// Runs the checker in-process; `Err` carries a panic message.
    fn run(&self) -> Result<Vec<minhbach::common::diagnostic::Diagnostic>, String> {
        let options = minhbach::validate::Options {
            today: TODAY.parse().expect("date"),
        };
        let root = self.site.root().to_path_buf();
        catch_unwind(AssertUnwindSafe(|| {
            minhbach::check(&root, options).1.sorted()
        }))
        .map_err(|p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into())
        })
    }

    /// Writes `bytes` as `target`, checks, restores the file and asserts the outcome is sound.
    fn try_input(&self, target: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
        self.site.write(target, bytes);
        let result = self.run();
        self.site.write(target, self.original(target));
        let diags = result
            .map_err(|p| TestCaseError::fail(format!("the checker panicked on {target}: {p}")))?;
        for d in &diags {
            prop_assert!(!d.file.is_empty(), "diagnostic without a file: {d:?}");
            if d.file == target && d.severity == Severity::Error {
                // Only problems of the whole file (too large, unreadable) have no line.
                prop_assert!(
                    d.line >= 1 || d.message.starts_with("file is"),
                    "error without a line in {target}: {d:?}"
                );
            }
            if d.line >= 1 && d.file == target {
                let lines = String::from_utf8_lossy(bytes).split('\n').count();
                prop_assert!(
                    d.line <= lines,
                    "line {} is past the end ({lines} lines): {d:?}",
                    d.line
                );
                prop_assert!(d.column >= 1, "line without a column: {d:?}");
            }
        }
        if target.ends_with(".md") {
            // Whatever the front matter, the Markdown body renders.
            let text = String::from_utf8_lossy(bytes);
            let body = text.rsplit("+++").next().unwrap_or("");
            let html = catch_unwind(|| minhbach::render::markdown(body, "/"))
                .map_err(|_| TestCaseError::fail("Markdown rendering panicked"))?;
            prop_assert!(
                body.trim().is_empty() || !html.is_empty(),
                "a non-empty body rendered to nothing"
            );
        }
        Ok(())
    }
}

fn scratch() -> &'static std::sync::Mutex<Scratch> {
    static S: OnceLock<std::sync::Mutex<Scratch>> = OnceLock::new();
    S.get_or_init(|| std::sync::Mutex::new(Scratch::new()))
}

fn with_scratch<T>(f: impl FnOnce(&Scratch) -> T) -> T {
    let guard = scratch().lock().unwrap_or_else(|e| e.into_inner());
    f(&guard)
}

/// One edit of a valid file.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte {
        at: usize,
        mask: u8,
    },
    Truncate {
        at: usize,
    },
    DuplicateLine {
        line: usize,
    },
    DeleteLine {
        line: usize,
    },
    SwapLines {
        a: usize,
        b: usize,
    },
    HugeNumber {
        nth: usize,
        number: &'static str,
    },
    DeepNesting {
        line: usize,
        depth: usize,
        open: &'static str,
    },
    LongString {
        line: usize,
        len: usize,
    },
    Insert {
        at: usize,
        token: &'static str,
    },
}

const HUGE: &[&str] = &[
    "99999999999999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "-9223372036854775808",
    "1e400",
    "-0",
    "nan",
    "inf",
    "0x7fffffffffffffff",
    "1_000_000_000_000_000_000",
    "18446744073709551616",
    "4294967296",
    "-1",
    "0.000000000000000000000000001",
];

const TOKENS: &[&str] = &[
    "[[", "]]", "[", "]", "{", "}", "=", "\"", "'''", "\"\"\"", "#", "\n", ",", ".", "\\", "\\u{",
    "+++", "\u{301}", "\u{309}", "đ", "\u{feff}", "\r", "\t", "\0", "*", "<", "_", "[^1]", "|",
    "---", "`", "```", "> ", "# ", "{{", "}}", "{%", "%}",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, mask)| Mutation::FlipByte { at, mask }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (any::<usize>(), proptest::sample::select(HUGE))
            .prop_map(|(nth, number)| Mutation::HugeNumber { nth, number }),
        (
            any::<usize>(),
            1usize..3000,
            proptest::sample::select(&["[", "{ a = ", "x = [", "[[", "> "][..])
        )
            .prop_map(|(line, depth, open)| Mutation::DeepNesting { line, depth, open }),
        (any::<usize>(), 1usize..200_000)
            .prop_map(|(line, len)| Mutation::LongString { line, len }),
        (any::<usize>(), proptest::sample::select(TOKENS))
            .prop_map(|(at, token)| Mutation::Insert { at, token }),
    ]
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match *m {
        Mutation::FlipByte { at, mask } => {
            if !bytes.is_empty() {
                bytes[at % n] ^= mask;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::DuplicateLine { line } => {
            let mut lines = lines_of(bytes);
            let i = line % lines.len();
            lines.insert(i, lines[i].clone());
            *bytes = join(&lines);
        }
        Mutation::DeleteLine { line } => {
            let mut lines = lines_of(bytes);
            lines.remove(line % lines.len());
            *bytes = join(&lines);
        }
        Mutation::SwapLines { a, b } => {
            let mut lines = lines_of(bytes);
            let len = lines.len();
            lines.swap(a % len, b % len);
            *bytes = join(&lines);
        }
        Mutation::HugeNumber { nth, number } => {
            // Replace the nth run of digits.
            let text = String::from_utf8_lossy(bytes).into_owned();
            let runs: Vec<(usize, usize)> = regex::Regex::new(r"\d+")
                .expect("regex")
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            if let Some(&(s, e)) = runs.get(nth % runs.len().max(1)) {
                *bytes = format!("{}{number}{}", &text[..s], &text[e..]).into_bytes();
            }
        }
        Mutation::DeepNesting { line, depth, open } => {
            let mut lines = lines_of(bytes);
            let i = line % (lines.len() + 1);
            lines.insert(i, open.repeat(depth).into_bytes());
            *bytes = join(&lines);
        }
        Mutation::LongString { line, len } => {
            let mut lines = lines_of(bytes);
            let i = line % (lines.len() + 1);
            lines.insert(
                i,
                format!("title = \"{}\"", "Hóa ".repeat(len / 5)).into_bytes(),
            );
            *bytes = join(&lines);
        }
        Mutation::Insert { at, token } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, token.bytes());
        }
    }
}

fn run(test: impl Fn(&Scratch) -> Result<(), TestCaseError>) -> Result<(), TestCaseError> {
    with_scratch(|s| test(s))
}

proptest! {
    #![proptest_config(config())]

    /// Mutations of the shipped valid files: the most useful inputs.
    #[test]
    fn mutated_valid_files(
        target in proptest::sample::select(TARGETS),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        run(|s| {
            let mut bytes = s.original(target).to_vec();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            s.try_input(target, &bytes)
        })?;
    }

    /// Arbitrary bytes, mostly not UTF-8.
    #[test]
    fn arbitrary_bytes(
        target in proptest::sample::select(TARGETS),
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        run(|s| s.try_input(target, &bytes))?;
    }

    /// Arbitrary Unicode strings.
    #[test]
    fn arbitrary_strings(target in proptest::sample::select(TARGETS), text in ".{0,2000}") {
        run(|s| s.try_input(target, text.as_bytes()))?;
    }

    /// TOML- and Markdown-looking token soup with schema words.
    #[test]
    fn token_soup(
        target in proptest::sample::select(TARGETS),
        words in proptest::collection::vec(
            proptest::sample::select(&[
                "[[locality]]", "[[model]]", "[[indicator]]", "[[source]]", "[[value]]",
                "[[service]]", "[[status]]", "[[correction]]", "[report]", "[plan]", "[[item]]",
                "name", "kind", "parent", "number", "title", "cite", "source", "at", "value",
                "month", "delta", "by", "on", "status", "locality", "indicator", "unit",
                "\"2024-09\"", "\"2024-02-30\"", "\"bim-son\"", "\"Thanh Hóa\"", "= ", " = ",
                "\n", "[", "]", "{", "}", ",", "\"", "1", "-1", "1e999", "true", "+++",
                "title = \"x\"\n", "date = 2024-09-30\n", "draft = true\n",
            ][..]),
            0..200,
        ),
    ) {
        let text: String = words.concat();
        run(|s| s.try_input(target, text.as_bytes()))?;
    }

    /// Markdown pages: arbitrary front matter and bodies.
    #[test]
    fn markdown_pages(
        target in proptest::sample::select(MARKDOWN),
        front in "[a-z_ =\"0-9\\-\\[\\]{}\n]{0,200}",
        body in "[#*_`>|\\-\\[\\]()!<a-zA-Z0-9:/. \nđạọ\\\\{}%^]{0,3000}",
    ) {
        let text = format!("+++\n{front}\n+++\n{body}");
        run(|s| s.try_input(target, text.as_bytes()))?;
    }
}

/// The harness accepts located errors and restores the site after each case.
#[test]
fn harness_restores_the_site() {
    with_scratch(|s| {
        // A broken file gives located errors; the harness passes it...
        s.try_input("data/models.toml", b"[[model]\n")
            .expect("located errors pass");
        // ...and the unchanged site is restored afterwards.
        let diags = s.run().expect("no panic");
        assert!(!diags.iter().any(|d| d.severity == Severity::Error));
    });
}
