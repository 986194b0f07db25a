//! Stage 5, **write**: put the rendered site in place so that a reader never
//! sees a half-written site. The new site is written into a fresh sibling
//! folder and swapped with the old one at the end; a failure or a kill at any
//! point leaves the previous site as it was.

use crate::render::Output;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Whether a rendered path stays inside the output folder.
pub fn is_safe_path(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn staging_name(output: &Path, what: &str) -> io::Result<PathBuf> {
    let name = output.file_name().ok_or_else(|| {
        io::Error::other(format!("output {} has no folder name", output.display()))
    })?;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(parent.join(format!(
        ".{}.minhbach-{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Removes staging folders left by builds that were killed.
fn clean_stale(output: &Path) {
    let (Some(name), Some(parent)) = (output.file_name(), output.parent()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.minhbach-", name.to_string_lossy());
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Writes `files` as the complete new contents of `output`, atomically replacing what was there.
pub fn write_site(output: &Path, files: &[Output]) -> io::Result<()> {
    for f in files {
        if !is_safe_path(&f.path) {
            return Err(io::Error::other(format!(
                "refusing to write outside the output folder: {}",
                f.path
            )));
        }
    }
    clean_stale(output);
    let staging = staging_name(output, "new")?;
    fs::create_dir_all(&staging)?;
    let result = (|| {
        for f in files {
            let target = staging.join(&f.path);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&target, &f.bytes)?;
        }
        swap_in(&staging, output)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Moves `staging` to `output`; the old `output`, if any, is removed only after the new one is in place.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    if !output.is_dir() {
        return Err(io::Error::other(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    let old = staging_name(output, "old")?;
    // Two renames: between them the output path is briefly absent, never half-written.
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_safe_path("mo-hinh/1/index.html"));
        assert!(!is_safe_path("../etc/passwd"));
        assert!(!is_safe_path("/etc/passwd"));
        assert!(!is_safe_path("a/../../b"));
        assert!(!is_safe_path(""));
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                Output {
                    path: "a.html".into(),
                    bytes: b"1".to_vec(),
                },
                Output {
                    path: "old.html".into(),
                    bytes: b"x".to_vec(),
                },
            ],
        )
        .unwrap();
        write_site(
            &out,
            &[Output {
                path: "a.html".into(),
                bytes: b"2".to_vec(),
            }],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"2");
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn refuses_paths_outside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write_site(
            &out,
            &[Output {
                path: "../x".into(),
                bytes: vec![],
            }],
        )
        .unwrap_err();
        assert!(err.to_string().contains("outside"));
        assert!(!out.exists());
    }
}
