//! Staging, the last step of a build: put the rendered site in place so that a reader never
//! sees a half-written site. The new site is written into a sibling folder
//! and swapped with the old one at the end; a failure or a kill at any point
//! leaves the previous site as it was.
//!
//! An incremental build does not make that folder from nothing. The site
//! before the current one is kept in the cache folder (`prev`), and the
//! manifest says where it differs from the current one; the next build
//! starts from it, so that it touches only the files that changed in the last
//! two builds, not every file of the site (sixty thousand links made, then
//! sixty thousand removed, at national scale). Files are never changed in
//! place, only replaced, so the two trees share every file that did not change.

use super::safety::is_safe_path;
use super::stamps::{Stamp, stamps};
use crate::render::Output;
use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// Removes staging folders left by builds that were killed (restoring the output if a kill left none).
pub fn clean_stale(output: &Path) {
    let (Some(name), Some(parent)) = (output.file_name(), output.parent()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let prefixes = [
        format!(".{name}.minhbach-new-"),
        format!(".{name}.minhbach-old-"),
        format!(".{name}.minhbach-copy-"),
    ];
    if let Ok(entries) = fs::read_dir(parent) {
        let mut entries: Vec<_> = entries.flatten().collect();
        // A build killed between the two renames of `swap_in` left no output
        // and the previous site under the `old` name: put it back first.
        if !output.exists()
            && let Some(i) = entries
                .iter()
                .position(|e| e.file_name().to_string_lossy().starts_with(&prefixes[1]))
            && fs::rename(entries[i].path(), output).is_ok()
        {
            entries.remove(i);
        }
        for e in entries {
            let file = e.file_name();
            let file = file.to_string_lossy();
            if prefixes.iter().any(|p| file.starts_with(p.as_str())) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// A new site being put together beside the output folder. Files are added
/// from any thread; [`Staging::commit`] swaps it in; dropping it uncommitted
/// removes it, leaving the output as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Folders made so far: each is made once, not tried again for each of its
    /// files (a `mkdir` that fails because the folder exists still locks its
    /// parent, and was an eighth of a national rebuild).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// When the folder was started from the previous site ([`Reuse`]): the
    /// files in it that are already those of the current output, with the
    /// stamps they were found with.
    present: rustc_hash::FxHashMap<String, Stamp>,
    /// A copy of the new site made of links ([`Staging::copy_for_next`]), kept
    /// in its place on commit.
    copy: Option<PathBuf>,
}

/// What the site kept before the current one holds, from the last build's manifest.
pub struct Reuse<'m> {
    /// (device, inode) of that site's folder.
    pub id: (u64, u64),
    /// Its files that are not those of the current output (changed or removed since).
    pub stale: &'m [String],
    /// Every file of the current output.
    pub files: Vec<&'m str>,
}

/// Where the site before the current one is kept: in the cache folder, never deployed.
fn previous_dir(output: &Path) -> Option<PathBuf> {
    super::manifest::cache_dir(output).map(|c| c.join("prev"))
}

/// Removes a file, then the folders it leaves empty up to `root`.
fn remove_with_empty_parents(root: &Path, path: &str) {
    let file = root.join(path);
    if fs::remove_file(&file).is_err() {
        return;
    }
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Creates `target` as a new file: never opens one that exists, which in a
/// folder started from the previous site could be shared with the current output.
fn create_new(target: &Path) -> io::Result<fs::File> {
    let new = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
    };
    match new() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(target)?;
            new()
        }
        r => r,
    }
}

/// Whether two files have the same bytes (read in blocks: data files reach tens of megabytes).
pub fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    use io::Read;
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

impl Staging {
    /// Starts a new site for `output`, removing what killed builds left behind.
    pub fn new(output: &Path) -> io::Result<Staging> {
        if output.exists() && !output.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                output.display()
            )));
        }
        clean_stale(output);
        let dir = staging_name(output, "new")?;
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            made: Default::default(),
            present: Default::default(),
            copy: None,
        })
    }

    /// Starts a new site for `output` from the one kept before it, if `reuse`
    /// describes it and it is there; otherwise from nothing, as [`Staging::new`].
    pub fn reusing(output: &Path, reuse: Option<Reuse<'_>>) -> io::Result<Staging> {
        let kept = previous_dir(output);
        let usable = match (&reuse, &kept) {
            (Some(r), Some(k)) => fs::symlink_metadata(k)
                .is_ok_and(|m| m.is_dir() && super::manifest::file_id(&m) == r.id),
            _ => false,
        };
        let mut staging = Staging::new(output)?;
        let (Some(r), Some(kept), true) = (reuse, kept, usable) else {
            return Ok(staging);
        };
        // The empty folder just made gives way to the kept site.
        fs::remove_dir(&staging.dir)?;
        if fs::rename(&kept, &staging.dir).is_err() {
            fs::create_dir_all(&staging.dir)?;
            return Ok(staging);
        }
        let dir = &staging.dir;
        r.stale
            .par_iter()
            .filter(|p| is_safe_path(p))
            .for_each(|p| remove_with_empty_parents(dir, p));
        let stale: std::collections::HashSet<&str> = r.stale.iter().map(String::as_str).collect();
        let files: Vec<&str> = r.files.into_iter().filter(|p| !stale.contains(p)).collect();
        let found = stamps(&staging.dir, &files);
        staging.present = files
            .into_iter()
            .zip(found)
            .filter_map(|(p, s)| Some((p.to_string(), s?)))
            .collect();
        Ok(staging)
    }

    /// Removes what a folder started from the previous site holds beyond `outputs`
    /// (files of pages and downloads that are no more).
    pub fn remove_others(&self, outputs: &std::collections::HashSet<&str>) {
        let gone: Vec<&String> = self
            .present
            .keys()
            .filter(|p| !outputs.contains(p.as_str()))
            .collect();
        gone.par_iter()
            .for_each(|p| remove_with_empty_parents(&self.dir, p));
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        if !is_safe_path(path) {
            return Err(io::Error::other(format!(
                "refusing to write outside the output folder: {path}"
            )));
        }
        let target = self.dir.join(path);
        if let Some(dir) = target.parent().filter(|d| *d != self.dir) {
            let made = |m: &std::sync::Mutex<std::collections::HashSet<PathBuf>>| {
                m.lock().is_ok_and(|m| m.contains(dir))
            };
            if !made(&self.made) {
                fs::create_dir_all(dir)?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(dir.to_path_buf());
                }
            }
        }
        Ok(target)
    }

    /// Makes the folders of `paths` in a folder started from nothing, in order
    /// and from one core, before the files are written from every core: made
    /// as the files come, two cores adding folders to one parent wait on its lock.
    pub fn make_folders<'p>(&self, paths: impl Iterator<Item = &'p str>) -> io::Result<()> {
        if !self.present.is_empty() {
            return Ok(());
        }
        let mut dirs: Vec<&str> = paths
            .filter(|p| is_safe_path(p))
            .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        let Ok(mut made) = self.made.lock() else {
            return Ok(());
        };
        for d in dirs {
            let dir = self.dir.join(d);
            fs::create_dir_all(&dir)?;
            made.insert(dir);
        }
        Ok(())
    }

    /// Writes a new file; returns its stamp.
    pub fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Stamp> {
        let mut file = create_new(&self.target(path)?)?;
        io::Write::write_all(&mut file, bytes)?;
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Writes a new file as `write` makes it (a large file need not be held in memory); returns its stamp.
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<Stamp> {
        let mut file = io::BufWriter::new(create_new(&self.target(path)?)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Carries `path` over unchanged from the current output: a hard link,
    /// which keeps its bytes and modification time (a copy where links are not
    /// supported); returns its stamp.
    ///
    /// `recorded` is the stamp the file was found with: a link is the same
    /// file, so it is not looked up again. (Should the file change in between,
    /// the stamp is wrong, the next build sees it and remakes the file.)
    pub fn keep(&self, path: &str, recorded: Stamp) -> io::Result<Stamp> {
        // Started from the previous site, where it should be the current output's
        // file already: trusted when it was found as recorded.
        if self.present.get(path) == Some(&recorded) {
            return Ok(recorded);
        }
        self.link_from_output(path, recorded)
    }

    /// Puts the current output's file at `path` here, in place of any file
    /// there (one just written with the same bytes, say); returns its stamp.
    pub fn link_from_output(&self, path: &str, recorded: Stamp) -> io::Result<Stamp> {
        let target = self.target(path)?;
        let from = self.output.join(path);
        match fs::hard_link(&from, &target) {
            Ok(()) => return Ok(recorded),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                fs::remove_file(&target)?;
                if fs::hard_link(&from, &target).is_ok() {
                    return Ok(recorded);
                }
            }
            Err(_) => {}
        }
        // Copied into a new file, never over one that may be shared with the output.
        let mut file = create_new(&target)?;
        io::copy(&mut fs::File::open(&from)?, &mut file)?;
        drop(file);
        Ok(Stamp::of(&fs::symlink_metadata(&target)?))
    }

    /// Makes a second folder of the new site, every file a link to its file
    /// here, for the next build to start from; returns its (device, inode).
    ///
    /// For a build with no site before it to keep (a first build, or one
    /// whose cache was lost): without it, the next build, a one-figure change,
    /// would link the whole site one file at a time (at national scale 61.000
    /// links and 11.000 folders, a quarter of that rebuild). Making them here
    /// costs this long build about as much and spares the next, short one.
    /// [`Staging::commit`] keeps it in place of the old site.
    pub fn copy_for_next(&mut self, files: &[&str]) -> io::Result<(u64, u64)> {
        let copy = staging_name(&self.output, "copy")?;
        fs::create_dir_all(&copy)?;
        self.copy = Some(copy.clone());
        let made = self.link_into(&copy, files);
        if made.is_err() {
            remove_tree(&copy);
            self.copy = None;
        }
        made
    }

    /// Links `files` of the new site into `copy`; returns its (device, inode).
    fn link_into(&self, copy: &Path, files: &[&str]) -> io::Result<(u64, u64)> {
        let files: Vec<&str> = files.iter().copied().filter(|p| is_safe_path(p)).collect();
        // Folders first, in order, from one core: two cores making entries in one folder wait on its lock.
        let mut dirs: Vec<&str> = files
            .iter()
            .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        for d in dirs {
            fs::create_dir_all(copy.join(d))?;
        }
        let linked = files
            .par_iter()
            .try_for_each(|p| fs::hard_link(self.dir.join(p), copy.join(p)))
            .and_then(|()| fs::symlink_metadata(copy));
        linked.map(|m| super::manifest::file_id(&m))
    }

    /// Swaps the new site in. The old one is then kept for the next build to
    /// start from (`keep_previous`: the manifest says how it differs), or
    /// removed; a copy made by [`Staging::copy_for_next`] is kept instead.
    pub fn commit(mut self, keep_previous: bool) -> io::Result<()> {
        self.committed = true;
        let copy = self.copy.take();
        let result = swap_in(&self.dir, &self.output);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
            if let Some(c) = &copy {
                remove_tree(c);
            }
            return result;
        }
        // A site kept from before that was not started from is of no more use.
        let kept = previous_dir(&self.output);
        if let Some(k) = &kept
            && k.exists()
        {
            remove_tree(k);
        }
        if let Some(c) = &copy {
            let parent = kept.as_ref().and_then(|k| k.parent());
            let placed = kept.as_ref().is_some_and(|k| {
                parent.is_none_or(|p| fs::create_dir_all(p).is_ok()) && fs::rename(c, k).is_ok()
            });
            if !placed {
                remove_tree(c);
            }
        }
        // `swap_in` left the old site, if there was one, under the staging name.
        if !self.dir.exists() {
            return Ok(());
        }
        match kept {
            Some(k) if keep_previous && copy.is_none() => {
                if let Some(parent) = k.parent() {
                    fs::create_dir_all(parent)?;
                }
                if fs::rename(&self.dir, &k).is_err() {
                    remove_tree(&self.dir);
                }
            }
            _ => remove_tree(&self.dir),
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
            if let Some(c) = &self.copy {
                let _ = fs::remove_dir_all(c);
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
    let staging = Staging::new(output)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes).map(|_| ()))?;
    staging.commit(false)
}

/// Swaps two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the current directory.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere there is no atomic exchange: the two renames below are used.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
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
    // One atomic exchange where the system has it: at every instant the output
    // path holds a whole site, the old or the new; the old one is left under
    // the staging name for the caller (a kill before it is moved leaves it to `clean_stale`).
    if exchange(staging, output).is_ok() {
        return Ok(());
    }
    let old = staging_name(output, "old")?;
    // Two renames: between them the output path is briefly absent, never
    // half-written; a build killed there is undone by `clean_stale`.
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::rename(&old, staging)
}

/// Removes a folder and everything in it, its top-level entries on every
/// core; links are removed, never followed.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries
            .par_iter()
            .for_each(|p| match fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => {
                    let _ = fs::remove_dir_all(p);
                }
                _ => {
                    let _ = fs::remove_file(p);
                }
            });
    }
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_kill_between_the_two_renames_is_undone() {
        // The state a build killed inside the fallback swap leaves: no output,
        // the previous site under the `old` name, a half-made new one.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.minhbach-old-4242");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("a.html"), b"previous").unwrap();
        fs::create_dir_all(dir.path().join(".public.minhbach-new-4242")).unwrap();
        fs::create_dir_all(dir.path().join(".public.minhbach-copy-4242/a")).unwrap();
        clean_stale(&out);
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"previous");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_whole_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), b"a").unwrap();
        fs::write(b.join("x"), b"b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read(a.join("x")).unwrap(), b"b");
        assert_eq!(fs::read(b.join("x")).unwrap(), b"a");
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
