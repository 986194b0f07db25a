//! `minhbach init`: a new portal checks and builds at once, with the default theme
//! built into the program (the portal has no themes/ folder); a non-empty folder is refused.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary with `args` in `cwd`, with its own cache folder for the built-in theme.
fn minhbach(cwd: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .current_dir(cwd)
        .env("MINHBACH_CACHE_DIR", cache)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run minhbach")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_new_portal_checks_and_builds_at_once() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cache = tempfile::TempDir::new().expect("temp");
    let out = minhbach(
        tmp.path(),
        cache.path(),
        &[
            "init",
            "cong",
            "--title",
            "Minh bạch Đề án 06 — Tỉnh Mẫu",
            "--lang",
            "vi",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("cong");
    for f in [
        "site.toml",
        "data/sources.toml",
        "data/localities.toml",
        "data/models.toml",
        "data/indicators.toml",
        "content/gioi-thieu.md",
        "README.md",
        ".github/workflows/minhbach.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(
        !site.join("themes").exists(),
        "the theme was copied, not referenced"
    );
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    assert!(
        toml.contains("title = \"Minh bạch Đề án 06 — Tỉnh Mẫu\"")
            && toml.contains("language = \"vi\""),
        "{toml}"
    );
    assert!(
        std::fs::read_to_string(site.join("data/sources.toml"))
            .expect("sources")
            .contains("# [[source]]")
    );
    // The CI files are the repository's own.
    let shipped = crate::common::shipped_root();
    assert_eq!(
        std::fs::read(site.join(".gitlab-ci.yml")).ok(),
        std::fs::read(shipped.join(".gitlab-ci.yml")).ok()
    );
    let check = minhbach(&site, cache.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = minhbach(&site, cache.path(), &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("home page");
    assert!(
        home.contains("Minh bạch Đề án 06 — Tỉnh Mẫu"),
        "the title is not on the home page"
    );
    assert!(
        home.contains("lang=vi") || home.contains("lang=\"vi\""),
        "the language is not on the home page"
    );
    assert!(
        site.join("public/gioi-thieu/index.html").is_file(),
        "the content page was not built"
    );
    assert!(
        site.join("public/static/style.css").is_file(),
        "the built-in theme's static files were not copied"
    );
}

#[test]
fn a_language_the_theme_lacks_gets_strings_to_translate() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cache = tempfile::TempDir::new().expect("temp");
    let out = minhbach(
        tmp.path(),
        cache.path(),
        &["init", "fr", "--title", "Sample portal", "--lang", "fr"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("i18n/fr.toml"), "{}", stderr(&out));
    let build = minhbach(&tmp.path().join("fr"), cache.path(), &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn a_non_empty_folder_is_refused_and_left_alone() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cache = tempfile::TempDir::new().expect("temp");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let out = minhbach(tmp.path(), cache.path(), &["init", ".", "--title", "X"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("notes.txt")]);
}

#[test]
fn without_a_terminal_the_title_must_be_given() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cache = tempfile::TempDir::new().expect("temp");
    let out = minhbach(tmp.path(), cache.path(), &["init", "cong"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--title"));
    assert!(!tmp.path().join("cong").exists());
}
