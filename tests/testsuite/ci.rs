//! The shipped CI files (GitHub Actions, GitLab CI) and the container image: the YAML
//! parses, the jobs are there, and every `minhbach` command they run passes on a git
//! copy of the shipped site, as the job would run it.

use crate::common::{Site, shipped_root};
use std::path::Path;
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

/// Output formats that the "review" branch adds (issue 29): until it is merged, a command
/// using one is expected to be refused by the argument parser. After the merge, remove
/// them from this list: every command must then pass.
fn load(rel: &str) -> Yaml {
    let text = std::fs::read_to_string(shipped_root().join(rel)).expect(rel);
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(docs.len(), 1, "{rel}: one YAML document");
    docs.remove(0)
}

/// The `minhbach …` commands in a shell script, with the variables a job would have.
fn commands(script: &str) -> Vec<String> {
    let vars = [
        (
            "${{ steps.pages.outputs.base_url }}",
            "https://example.org/cong",
        ),
        ("$CI_PAGES_URL", "https://example.org/cong"),
        ("$GITHUB_BASE_REF", "main"),
        ("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
    ];
    script
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("minhbach "))
        .map(|l| {
            let mut l = l.to_string();
            for (k, v) in vars {
                l = l.replace(k, v);
            }
            // The command itself: before a redirection or a fallback.
            let end = [" > ", " >> ", " || ", " | "]
                .iter()
                .filter_map(|s| l.find(s))
                .min()
                .unwrap_or(l.len());
            l[..end].replace('"', "")
        })
        .collect()
}

fn github_commands(wf: &Yaml) -> Vec<String> {
    let jobs = wf["jobs"].as_hash().expect("jobs");
    let mut out = Vec::new();
    for (_, job) in jobs {
        for step in job["steps"].as_vec().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                out.extend(commands(run));
            }
        }
    }
    out
}

fn gitlab_commands(ci: &Yaml) -> Vec<String> {
    let mut out = Vec::new();
    for (_, job) in ci.as_hash().expect("jobs") {
        if let Some(lines) = job["script"].as_vec() {
            for l in lines {
                out.extend(commands(l.as_str().expect("a script line")));
            }
        }
    }
    out
}

/// A git repository holding the shipped site, with `origin/main` at its commit.
fn git_site() -> Site {
    let site = Site::shipped();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(site.root())
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "--quiet",
        "-m",
        "site",
    ]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    site
}

fn run_all(cmds: &[String]) {
    assert!(!cmds.is_empty());
    let site = git_site();
    let cache = tempfile::TempDir::new().expect("temp");
    for c in cmds {
        let args: Vec<&str> = c.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(&args)
            .current_dir(site.root())
            .env("MINHBACH_CACHE_DIR", cache.path())
            .output()
            .expect("run minhbach");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`{c}` failed on the shipped site:\n{err}"
        );
    }
}

#[test]
fn github_workflow_checks_pull_requests_and_deploys_main() {
    let wf = load(".github/workflows/minhbach.yml");
    assert!(!wf["on"]["pull_request"].is_badvalue());
    assert_eq!(wf["on"]["push"]["branches"][0].as_str(), Some("main"));
    let uses: Vec<&str> = wf["jobs"]
        .as_hash()
        .expect("jobs")
        .values()
        .flat_map(|j| {
            j["steps"]
                .as_vec()
                .expect("steps")
                .iter()
                .filter_map(|s| s["uses"].as_str())
        })
        .collect();
    for action in [
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
        "marocchino/sticky-pull-request-comment@v2",
    ] {
        assert!(uses.contains(&action), "{action} missing");
    }
    let cmds = github_commands(&wf);
    for expected in [
        "minhbach check --format github",
        "minhbach diff origin/main --format markdown",
        "minhbach build --quiet --base-url https://example.org/cong/ --output public",
    ] {
        assert!(
            cmds.iter().any(|c| c == expected),
            "`{expected}` not in {cmds:?}"
        );
    }
    run_all(&cmds);
    // The image workflow builds the Containerfile shipped beside it.
    let image = load(".github/workflows/image.yml");
    let steps = image["jobs"]["image"]["steps"].as_vec().expect("steps");
    assert!(
        steps
            .iter()
            .any(|s| s["with"]["file"].as_str() == Some("Containerfile"))
    );
}

#[test]
fn gitlab_pipeline_checks_merge_requests_and_publishes_pages() {
    let ci = load(".gitlab-ci.yml");
    assert_eq!(
        ci["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public"),
        "GitLab Pages publishes public/"
    );
    assert_eq!(
        ci["check"]["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
    let cmds = gitlab_commands(&ci);
    for expected in [
        "minhbach check --format gitlab",
        "minhbach check",
        "minhbach diff origin/main --format markdown",
    ] {
        assert!(
            cmds.iter().any(|c| c == expected),
            "`{expected}` not in {cmds:?}"
        );
    }
    run_all(&cmds);
}

#[test]
fn the_container_builds_the_binary_once_and_ships_it_alone() {
    let root = shipped_root();
    let text = std::fs::read_to_string(root.join("Containerfile")).expect("Containerfile");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let froms: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(
        froms.len(),
        2,
        "a build stage and a small final stage: {froms:?}"
    );
    assert!(
        froms[0].ends_with(" AS build") && froms[1].contains("-slim"),
        "{froms:?}"
    );
    assert!(lines.contains(&"RUN cargo build --release --locked --bin minhbach"));
    assert!(
        lines.contains(&"COPY --from=build /src/target/release/minhbach /usr/local/bin/minhbach")
    );
    // What the build stage copies exists and is not excluded from the build context.
    let ignored = std::fs::read_to_string(root.join(".dockerignore")).expect(".dockerignore");
    let ignored: Vec<&str> = ignored
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    for l in lines
        .iter()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let parts: Vec<&str> = l.split_whitespace().collect();
        for src in &parts[1..parts.len() - 1] {
            assert!(root.join(src).exists(), "{src} copied but absent");
            assert!(!ignored.contains(src), "{src} copied but in .dockerignore");
        }
    }
    // The tools the CI jobs call are in the final image, and its default command runs.
    assert!(text.contains("git curl ca-certificates"));
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("init"));
    assert!(Path::new(&root.join(".github/workflows/minhbach.yml")).is_file());
}
