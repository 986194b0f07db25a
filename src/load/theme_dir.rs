//! Where a site's theme is: `themes/<name>/` in the site, or, for the default theme,
//! the copy built into the program.
//!
//! A portal made by `minhbach init` references the default theme instead of copying
//! it, so that a new version of minhbach brings its fixes to every portal. The theme
//! is built into the binary (include_dir) rather than looked up beside it, because an
//! installed binary (`cargo install`, a container image, a release download) has no
//! source tree and no agreed share folder. The rest of the program reads a theme from
//! files, so the built-in one is written once to a cache folder named after its
//! contents, and read from there.

use include_dir::{Dir, include_dir};
use std::io;
use std::path::{Path, PathBuf};

/// The default theme, as it was when the program was compiled.
static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme built into the program.
pub const BUILT_IN: &str = "default";

/// The folder of theme `name` for the site at `root`: the site's own `themes/<name>/`,
/// else, for the default theme, the built-in copy. `None` if neither exists.
pub fn locate(root: &Path, name: &str) -> Option<PathBuf> {
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    (name == BUILT_IN).then(built_in).and_then(Result::ok)
}

/// Every file of the built-in theme: (path relative to the theme, bytes).
fn files() -> Vec<(&'static Path, &'static [u8])> {
    fn walk(d: &'static Dir<'static>, out: &mut Vec<(&'static Path, &'static [u8])>) {
        for f in d.files() {
            out.push((f.path(), f.contents()));
        }
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT, &mut out);
    out.sort();
    out
}

/// The user's cache folder for minhbach.
fn cache_base() -> PathBuf {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from("MINHBACH_CACHE_DIR") {
        return dir;
    }
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|h| h.join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("minhbach")
}

/// Whether `dir` holds exactly the built-in theme's files (a cache folder someone edited is made again).
fn up_to_date(dir: &Path, files: &[(&Path, &[u8])]) -> bool {
    files
        .iter()
        .all(|(rel, bytes)| std::fs::read(dir.join(rel)).is_ok_and(|b| b == *bytes))
}

/// The built-in default theme, written to the cache folder if it is not there yet.
pub fn built_in() -> io::Result<PathBuf> {
    let files = files();
    let mut h = crate::common::fingerprint::Hasher::new();
    for (rel, bytes) in &files {
        h.add(rel.to_string_lossy().as_bytes()).add(bytes);
    }
    let parent = cache_base().join("themes");
    let dir = parent.join(format!("default-{}", h.finish()));
    if up_to_date(&dir, &files) {
        return Ok(dir);
    }
    std::fs::create_dir_all(&parent)?;
    // Written beside its place and renamed in, so that two builds at once never see half a theme.
    let tmp = tempfile::Builder::new()
        .prefix(".default-")
        .tempdir_in(&parent)?;
    for (rel, bytes) in &files {
        let path = tmp.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(path, bytes)?;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    match std::fs::rename(tmp.path(), &dir) {
        Ok(()) => {
            let _ = tmp.keep();
            Ok(dir)
        }
        // Another process put it there first.
        Err(_) if up_to_date(&dir, &files) => Ok(dir),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_the_default_theme() {
        let dir = built_in().expect("built-in theme");
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for f in ["templates/base.html", "i18n/vi.toml", "static/style.css"] {
            assert_eq!(
                std::fs::read(dir.join(f)).expect(f),
                std::fs::read(shipped.join(f)).expect(f),
                "{f}"
            );
        }
        let empty = tempfile::TempDir::new().expect("temp");
        assert_eq!(locate(empty.path(), "default"), Some(dir));
        assert_eq!(locate(empty.path(), "other"), None);
    }
}
