//! What `import` tells the terminal: each problem with its cell, the files written and a
//! summary line, in the site's language (the message catalogues of [`crate::cli::messages`]).

use super::{ImportError, Imported, Problem};
use crate::cli::messages::Messages;

/// A problem as the terminal shows it: `NAME: level: cell: message`, then what was expected.
fn problem(name: &str, p: &Problem, m: &Messages) -> String {
    let mut s = format!("{name}: {}: {}: {}\n", m.level(p.severity), p.at, p.message);
    if !p.expected.is_empty() {
        s.push_str(&format!(
            "  = {}: {}\n",
            m.get("check.expected"),
            p.expected
        ));
    }
    s
}

/// Prints what an import did to stderr: warnings, files and the summary line.
pub fn done(name: &str, done: &Imported, dry_run: bool, m: &Messages) {
    for w in &done.warnings {
        eprint!("{}", problem(name, w, m));
    }
    for f in &done.files {
        eprintln!("  {}", f.display());
    }
    let summary = m.fill(
        "import.summary",
        &[
            ("rows", &done.rows),
            ("month", &done.month),
            ("written", &done.written),
            ("completed", &done.completed),
        ],
    );
    if dry_run {
        eprintln!("{summary} {}", m.get("import.dry_run"));
    } else {
        eprintln!("{summary}");
    }
}

/// Prints why nothing was imported to stderr.
pub fn failed(name: &str, e: &ImportError, m: &Messages) {
    if let ImportError::Problems(problems) = e {
        for p in problems {
            eprint!("{}", problem(name, p, m));
        }
    }
    eprintln!(
        "{}: {e}",
        m.level(crate::common::diagnostic::Severity::Error)
    );
}
