//! `floor SRC DST`: the time this disk takes to write the files of a built site
//! from memory, the floor under any build of it (benches/national.sh prints it
//! beside `full_s`).
//!
//! Every file of SRC is read into memory first (not timed); then, timed, the
//! folders are made and the files written into DST, which must not exist, on
//! every core as the build writes its pages (rayon's pool), without `fsync`, as
//! the build does. What a build adds to this number is its own work: loading,
//! checking, rendering and deciding what to write.
//!
//! Prints `floor: files=N bytes=B write_s=S`.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The folders of a tree, parents first, and its files with their bytes; paths relative to its root.
type Tree = (Vec<PathBuf>, Vec<(PathBuf, Vec<u8>)>);

/// Every folder and file under `src`.
fn read_tree(src: &Path) -> std::io::Result<Tree> {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(src).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(src)
            .map_err(std::io::Error::other)?
            .to_path_buf();
        if entry.file_type().is_dir() {
            dirs.push(rel);
        } else if entry.file_type().is_file() {
            files.push((rel, std::fs::read(entry.path())?));
        }
    }
    Ok((dirs, files))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dst] = args.as_slice() else {
        eprintln!("usage: floor SRC DST   (DST must not exist)");
        std::process::exit(2);
    };
    let (src, dst) = (Path::new(src), Path::new(dst));
    if dst.exists() {
        eprintln!("floor: {} exists; it must be a new folder", dst.display());
        std::process::exit(2);
    }
    let (dirs, files) = read_tree(src).unwrap_or_else(|e| {
        eprintln!("floor: reading {}: {e}", src.display());
        std::process::exit(1);
    });
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let t0 = Instant::now();
    let written = std::fs::create_dir_all(dst)
        .and_then(|()| {
            // Parents come before children in a walk, so each folder's parent exists.
            dirs.iter()
                .try_for_each(|d| std::fs::create_dir(dst.join(d)))
        })
        .and_then(|()| {
            files
                .par_iter()
                .try_for_each(|(p, b)| std::fs::write(dst.join(p), b))
        });
    let secs = t0.elapsed().as_secs_f64();
    if let Err(e) = written {
        eprintln!("floor: writing {}: {e}", dst.display());
        std::process::exit(1);
    }
    println!(
        "floor: files={} bytes={bytes} write_s={secs:.2}",
        files.len()
    );
}
