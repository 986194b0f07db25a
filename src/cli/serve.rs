//! `minhbach serve`: build into a temporary folder, serve it on 127.0.0.1,
//! rebuild when a source file changes and reload the open page.
//!
//! Pages are served from the last good build. Each HTML page gets a small
//! script (only here, never in `build`) that polls `/__minhbach/status`: when
//! the build generation changes it reloads; when the last rebuild failed it
//! shows the diagnostics over the page, which stays the last good one.

use crate::common::diagnostic::Diagnostics;
use crate::{BuildOptions, BuildSummary};
use notify::Watcher as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Where the reload script asks for the build's state.
pub const STATUS_PATH: &str = "/__minhbach/status";

/// The state of the served build, shared by the watcher and the HTTP workers.
#[derive(Debug, Default)]
struct State {
    /// Incremented after every rebuild, good or bad.
    generation: u64,
    /// The diagnostics of the last rebuild if it failed; `None` when it succeeded.
    error: Option<String>,
}

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The port on 127.0.0.1; 0 for any free port.
    pub port: u16,
    /// Build options (base_url is forced to `/`).
    pub build: BuildOptions,
    /// No progress output.
    pub quiet: bool,
}

/// Files and folders whose changes trigger a rebuild.
fn watched(root: &Path) -> Vec<PathBuf> {
    [
        "data",
        "content",
        "themes",
        "templates",
        "static",
        "site.toml",
    ]
    .iter()
    .map(|p| root.join(p))
    .filter(|p| p.exists())
    .collect()
}

fn diagnostics_text(diags: Diagnostics) -> String {
    diags.errors().into_iter().map(|d| d.to_string()).collect()
}

/// Builds the site into `out`; on failure returns the errors as text (the old build stays).
fn rebuild(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    quiet: bool,
) -> Result<(BuildSummary, usize), String> {
    let progress = crate::common::progress::for_stderr(quiet);
    // serve is the press office's preview: draft months are shown, marked as drafts.
    let run = crate::BuildRun {
        progress: progress.as_ref(),
        drafts: true,
        exits_after: false,
    };
    let (summary, diags) = crate::build_with(root, out, options, &run);
    let warnings = diags.counts().1;
    match summary {
        Some(s) => Ok((s, warnings)),
        None => Err(diagnostics_text(diags)),
    }
}

/// Runs the server until the process is stopped. `ready` receives the URL once the first build is served.
pub fn serve(root: &Path, options: ServeOptions, ready: impl FnOnce(&str)) -> Result<(), String> {
    let tmp = tempfile::Builder::new()
        .prefix("minhbach-serve-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let out = tmp.path().join("site");
    let mut build = options.build.clone();
    build.base_url = Some("/".into());
    let state = Arc::new(Mutex::new(State::default()));

    let started = Instant::now();
    match rebuild(root, &out, &build, options.quiet) {
        Ok((s, w)) => eprintln!(
            "serve: built {} pages in {:.2} s ({w} warning(s))",
            s.pages,
            started.elapsed().as_secs_f64()
        ),
        Err(text) => {
            // Nothing good to serve yet: show the errors until a rebuild succeeds.
            eprint!("{text}");
            eprintln!("serve: the site does not build; fix the errors above, the page will reload");
            if let Ok(mut st) = state.lock() {
                st.error = Some(text);
            }
        }
    }

    let server = tiny_http::Server::http(("127.0.0.1", options.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "the server has no IP address".to_string())?;
    let url = format!("http://{addr}/");

    // Watch, debounce, rebuild.
    let (tx, rx) = mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?;
    for p in watched(root) {
        watcher
            .watch(&p, notify::RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
    }
    {
        let (root, out, state) = (root.to_path_buf(), out.clone(), Arc::clone(&state));
        let quiet = options.quiet;
        std::thread::spawn(move || {
            let _watcher = watcher;
            watch_loop(&rx, &root, &out, &build, quiet, &state);
        });
    }

    ready(&url);
    let server = Arc::new(server);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (server, out, state) = (Arc::clone(&server), out.clone(), Arc::clone(&state));
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    handle(request, &out, &state);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    drop(tmp);
    Ok(())
}

fn watch_loop(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
    out: &Path,
    build: &BuildOptions,
    quiet: bool,
    state: &Mutex<State>,
) {
    let relevant = |e: &notify::Result<notify::Event>| match e {
        Ok(ev) => !matches!(ev.kind, notify::EventKind::Access(_)),
        Err(_) => true,
    };
    while let Ok(first) = rx.recv() {
        if !relevant(&first) {
            continue;
        }
        // Editors write a file in several steps: wait until it has been quiet for a moment.
        while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
        let started = Instant::now();
        let result = rebuild(root, out, build, quiet);
        let mut st = match state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        st.generation += 1;
        match result {
            Ok((s, w)) => {
                eprintln!(
                    "serve: rebuilt {} pages in {:.2} s ({w} warning(s))",
                    s.pages,
                    started.elapsed().as_secs_f64()
                );
                st.error = None;
            }
            Err(text) => {
                eprint!("{text}");
                eprintln!("serve: rebuild failed; still serving the last good build");
                st.error = Some(text);
            }
        }
    }
}

/// The file under `out` for a URL path, or `None` if the path tries to leave it.
pub fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = crate::build::safety::join_inside(out, decoded.trim_start_matches('/'))?;
    if file.is_dir() {
        file.push(crate::paths::page_file(""));
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The script that reloads the page after a rebuild and shows a failed rebuild's errors.
fn reload_script(generation: u64) -> String {
    format!(
        r#"<script>(function(){{var g={generation};function show(t){{var o=document.getElementById("minhbach-errors");if(!t){{if(o)o.remove();return}}if(!o){{o=document.createElement("div");o.id="minhbach-errors";o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,0,0,.92);color:#fff;padding:1rem;font:14px/1.45 monospace;white-space:pre-wrap";document.body.appendChild(o)}}o.textContent="minhbach serve: the last edit does not build; this page is the last good build.\n\n"+t}}function poll(){{fetch("{STATUS_PATH}",{{cache:"no-store"}}).then(function(r){{return r.json()}}).then(function(s){{if(s.generation!==g&&!s.error){{location.reload();return}}show(s.error);setTimeout(poll,700)}}).catch(function(){{setTimeout(poll,2000)}})}}setTimeout(poll,700)}})();</script>"#
    )
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: tiny_http::Request, status: u16, kind: &str, body: Vec<u8>) {
    let mut r = tiny_http::Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    let _ = request.respond(r);
}

fn handle(request: tiny_http::Request, out: &Path, state: &Mutex<State>) {
    let (generation, error) = match state.lock() {
        Ok(s) => (s.generation, s.error.clone()),
        Err(p) => {
            let s = p.into_inner();
            (s.generation, s.error.clone())
        }
    };
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        );
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(STATUS_PATH) {
        let body = serde_json::json!({ "generation": generation, "error": error });
        return respond(
            request,
            200,
            "application/json",
            body.to_string().into_bytes(),
        );
    }
    let Some(file) = resolve(out, &url) else {
        return respond(
            request,
            400,
            "text/plain; charset=utf-8",
            b"bad path\n".to_vec(),
        );
    };
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, out.join(crate::paths::NOT_FOUND))
    };
    let body = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) if error.is_some() || !out.exists() => {
            // No good build yet: the errors are the page.
            let text = crate::common::escape::xml_escape(error.as_deref().unwrap_or("building…"));
            let page = format!(
                "<!doctype html><meta charset=utf-8><title>minhbach serve</title><pre>{text}</pre>"
            );
            let mut b = page.into_bytes();
            b.extend_from_slice(reload_script(generation).as_bytes());
            return respond(request, 500, "text/html; charset=utf-8", b);
        }
        Err(_) => {
            return respond(
                request,
                404,
                "text/plain; charset=utf-8",
                b"not found\n".to_vec(),
            );
        }
    };
    let kind = content_type(&file);
    let body = if kind.starts_with("text/html") {
        inject(body, &reload_script(generation))
    } else {
        body
    };
    respond(request, status, kind, body);
}

/// Puts the script before `</body>`, or at the end when minification dropped that tag.
fn inject(mut html: Vec<u8>, script: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, script.bytes());
    html
}

/// Prints the URL on stdout, flushed, so that a script or a test can read it.
pub fn announce(url: &str) {
    let mut o = std::io::stdout();
    let _ = writeln!(o, "Serving {url} (127.0.0.1 only; Ctrl+C to stop)");
    let _ = o.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_build() {
        let out = Path::new("/srv/site");
        assert_eq!(resolve(out, "/../etc/passwd"), None);
        assert_eq!(resolve(out, "/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(out, "/..%2fetc"), None);
        assert_eq!(resolve(out, "/a\\..\\b"), None);
        assert_eq!(
            resolve(out, "/static/style.css?v=1"),
            Some(PathBuf::from("/srv/site/static/style.css"))
        );
        assert_eq!(
            resolve(out, "/m%C3%B4/x.csv"),
            Some(PathBuf::from("/srv/site/mô/x.csv"))
        );
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        assert_eq!(inject(b"<p>x</body>".to_vec(), "S"), b"<p>xS</body>");
        assert_eq!(inject(b"<p>x".to_vec(), "S"), b"<p>xS");
    }
}
