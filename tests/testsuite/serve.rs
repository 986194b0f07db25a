//! `minhbach serve` on an ephemeral port: answers pages, rebuilds after a
//! change, and keeps serving the last good build after a broken edit.
//!
//! Every wait is a bounded poll of the server, never a fixed sleep.

use crate::common;

use common::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process, stopped when the test ends however it ends.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--today", common::TODAY, "--site"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start minhbach serve");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the URL");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "serves on 127.0.0.1 only: {addr}"
    );
    Server { child, addr }
}

/// A raw GET: (status, body).
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
    (status, body)
}

fn status(server: &Server) -> serde_json::Value {
    let (code, body) = get(server, "/__minhbach/status");
    assert_eq!(code, 200);
    serde_json::from_str(&body).expect("status is JSON")
}

/// Polls `done` until it holds, for at most a minute (builds are slow on a busy machine).
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_answers_rebuilds_and_keeps_the_last_good_build() {
    let site = Site::shipped();
    site.copy_theme();
    let server = start(&site);

    let (code, page) = get(&server, "/bao-cao/2024-09/");
    assert_eq!(code, 200);
    assert!(
        page.contains("3.182.603"),
        "the report page shows its figures"
    );
    assert!(
        page.contains("/__minhbach/status"),
        "serve injects the reload script"
    );
    let (code, css) = get(&server, "/static/style.css");
    assert_eq!(code, 200);
    assert!(!css.contains("__minhbach"), "only HTML gets the script");
    assert_eq!(get(&server, "/khong-co-trang-nay/").0, 404);
    // Path traversal, plain and encoded, never leaves the build.
    for bad in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/static/..%2f..%2fsite.toml",
    ] {
        let (code, body) = get(&server, bad);
        assert_eq!(code, 400, "{bad} answered {code}: {body}");
    }
    let first = status(&server)["generation"].as_u64().expect("generation");

    // An edit of a content page is rebuilt and served.
    site.replace(
        "content/gioi-thieu.md",
        "+++\n\n",
        "+++\n\nSYNTHETIC-EDIT-ONE\n\n",
    );
    wait_for("the edit to be served", || {
        get(&server, "/gioi-thieu/")
            .1
            .contains("SYNTHETIC-EDIT-ONE")
    });

    // A broken data file: the error is reported, the last good build stays.
    let good = site.read("data/indicators.toml");
    site.append("data/indicators.toml", "\n[[indicator]]\nid = 42\n");
    let mut error = String::new();
    wait_for("the failed rebuild to be reported", || {
        let s = status(&server);
        error = s["error"].as_str().unwrap_or("").to_string();
        !error.is_empty()
    });
    assert!(error.contains("data/indicators.toml"), "{error}");
    assert!(status(&server)["generation"].as_u64().unwrap() > first);
    let (code, page) = get(&server, "/gioi-thieu/");
    assert_eq!(code, 200);
    assert!(
        page.contains("SYNTHETIC-EDIT-ONE"),
        "the last good build is still served"
    );

    // Fixing it clears the error.
    site.write("data/indicators.toml", good);
    wait_for("the error to clear", || status(&server)["error"].is_null());
}

#[test]
fn serve_shows_the_errors_until_a_broken_site_first_builds() {
    let site = Site::shipped();
    site.copy_theme();
    let good = site.read("data/indicators.toml");
    site.append("data/indicators.toml", "\n[[indicator]]\nid = 42\n");
    let server = start(&site);
    let (code, page) = get(&server, "/");
    assert_eq!(code, 500, "no good build to serve yet");
    assert!(
        page.contains("data/indicators.toml"),
        "the errors are the page: {page}"
    );
    assert!(
        page.contains("/__minhbach/status"),
        "and it reloads when fixed"
    );
    site.write("data/indicators.toml", good);
    wait_for("the first good build", || {
        status(&server)["error"].is_null()
    });
    assert_eq!(get(&server, "/").0, 200);
}
