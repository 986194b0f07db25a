//! Failure safety: a build killed with SIGKILL at any point leaves the output
//! folder exactly as the last complete build made it (or, if the kill came
//! after the swap, exactly the new complete build), never a mix; the next
//! build succeeds, clears what the killed one left beside the output, and
//! writes what a clean build writes.
//!
//! Black box: only the binary and the folders are looked at, so this holds
//! whatever the write stage does (staging, hard links, cache). The extra
//! pages are SYNTHETIC, generated here to make a build take long enough to be
//! killed part-way.

use crate::common;

use common::{Site, TODAY};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// SYNTHETIC pages added to the shipped site.
const PAGES: usize = 200;

fn synthetic_pages(site: &Site, version: &str) {
    for i in 0..PAGES {
        let body: String = (0..12)
            .map(|p| format!("Đoạn {p} của trang thử nghiệm {i}, phiên bản {version}. Nội dung SYNTHETIC, không phải số liệu thật.\n\n"))
            .collect();
        site.write(
            &format!("content/thu-nghiem-{i:03}.md"),
            format!(
                "+++\ntitle = \"Trang thử nghiệm {i} (SYNTHETIC, {version})\"\nweight = {}\n+++\n\n## Phiên bản {version}\n\n{body}",
                100 + i
            ),
        );
    }
}

fn start_build(site: &Site, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "--quiet", "--today", TODAY, "--site"])
        .arg(site.root())
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minhbach build")
}

fn build(site: &Site, out: &Path) {
    let o = start_build(site, out).wait_with_output().expect("build");
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file of a folder (relative path → contents); folders show as empty entries.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display()));
        let rel = e
            .path()
            .strip_prefix(dir)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        let bytes = if e.file_type().is_file() {
            std::fs::read(e.path()).unwrap_or_else(|err| panic!("read {rel}: {err}"))
        } else {
            Vec::new()
        };
        files.insert(rel, bytes);
    }
    files
}

fn describe_mix(
    got: &BTreeMap<String, Vec<u8>>,
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> String {
    let differs = |x: &BTreeMap<String, Vec<u8>>| {
        got.keys()
            .chain(x.keys())
            .filter(|k| got.get(*k) != x.get(*k))
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
    };
    format!(
        "{} files; differs from the old site in {:?}, from the new one in {:?}",
        got.len(),
        differs(a),
        differs(b)
    )
}

/// What a killed or finished build left beside the output, apart from the cache.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(out.parent().expect("parent"))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with(&format!(".{name}.")) && !f.ends_with("-cache"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let site = Site::shipped();
    site.copy_theme();
    let out = site.path("public");

    // The two versions of the site, each built clean into its own folder.
    synthetic_pages(&site, "A");
    let started = Instant::now();
    build(&site, &site.path("ref-a"));
    let duration = started.elapsed();
    let a = tree(&site.path("ref-a"));
    synthetic_pages(&site, "B");
    build(&site, &site.path("ref-b"));
    let b = tree(&site.path("ref-b"));
    assert_ne!(a, b, "the two versions must differ");
    assert!(a.len() > PAGES, "the synthetic pages are built");

    synthetic_pages(&site, "A");
    build(&site, &out);
    assert!(tree(&out) == a, "{}", describe_mix(&tree(&out), &a, &b));

    // Kill points: before and during the stages that read and render (spread
    // over the length of a build), then at increasing delays after the staging
    // folder appears: while files are written, during the swap, after it.
    // Timing only chooses where to kill; nothing is asserted about time.
    let mut points: Vec<(bool, Duration)> = vec![(false, Duration::ZERO), (false, duration / 2)];
    points.extend(
        [0.0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2].map(|f| (true, duration.mul_f64(f))),
    );
    let (mut current, mut other) = (("A", &a), ("B", &b));
    let mut killed_mid_way = 0;
    for (i, point) in points.iter().enumerate() {
        synthetic_pages(&site, other.0);
        let mut child = start_build(&site, &out);
        let (after_staging, delay) = *point;
        if after_staging {
            // Wait for the new site to be in the making beside the output.
            let deadline = Instant::now() + duration * 20;
            while leftovers(&out).is_empty()
                && child.try_wait().expect("poll").is_none()
                && Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        std::thread::sleep(delay);
        let finished = child.try_wait().expect("poll").is_some();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("reap");
        if !finished && !status.success() {
            killed_mid_way += 1;
        }

        eprintln!(
            "kill point {i} {point:?}: killed part-way: {}",
            !finished && !status.success()
        );
        assert!(
            out.is_dir(),
            "kill point {i} ({point:?}) left no output folder"
        );
        let got = tree(&out);
        let whole = if got == *current.1 {
            current.0
        } else if got == *other.1 {
            other.0
        } else {
            panic!(
                "kill point {i} ({point:?}): the output is a mix: {}",
                describe_mix(&got, current.1, other.1)
            );
        };
        if status.success() {
            assert_eq!(whole, other.0, "a finished build must leave its own site");
        }

        // The next build finishes the job and clears the leftovers.
        build(&site, &out);
        let got = tree(&out);
        assert!(
            got == *other.1,
            "after kill point {i}, the next build differs from a clean build: {}",
            describe_mix(&got, current.1, other.1)
        );
        assert!(
            leftovers(&out).is_empty(),
            "left beside the output: {:?}",
            leftovers(&out)
        );
        std::mem::swap(&mut current, &mut other);
    }
    eprintln!(
        "{killed_mid_way} of {} builds killed part-way (SYNTHETIC site of {} files)",
        points.len(),
        a.len()
    );
    // The test can only show something if some kills landed part-way.
    assert!(
        killed_mid_way >= 3,
        "only {killed_mid_way} of {} builds were killed part-way",
        points.len()
    );
}
