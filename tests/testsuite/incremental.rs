//! Incremental builds on a small SYNTHETIC portal generated here: the result
//! equals a clean build byte for byte, a build with nothing changed writes
//! nothing, and a change of one locality's figures rewrites only the pages
//! that show them.

use crate::synth;

use minhbach::{BuildOptions, BuildSummary, build, validate::Options};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

fn options(full: bool) -> BuildOptions {
    BuildOptions {
        validate: Options {
            today: "2026-11-23".parse().unwrap(),
        },
        base_url: None,
        full,
    }
}

fn build_ok(root: &Path, out: &Path, full: bool) -> BuildSummary {
    let (summary, diags) = build(root, out, &options(full));
    let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
    summary.unwrap_or_else(|| panic!("build failed: {errors:?}"))
}

/// A fresh small synthetic site with the shipped theme.
fn site() -> (tempfile::TempDir, synth::Generated) {
    let dir = tempfile::tempdir().unwrap();
    let generated = synth::generate(dir.path(), &synth::Params::small()).unwrap();
    synth::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &dir.path().join("themes"),
    )
    .unwrap();
    (dir, generated)
}

/// The files of a folder as [`snapshot`] reads them.
type Snapshot = BTreeMap<PathBuf, (Vec<u8>, u64, i128)>;

/// Every file of a folder: relative path → (bytes, inode, mtime in ns).
fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let mtime = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (fs::read(e.path()).unwrap(), m.ino(), mtime),
            )
        })
        .collect()
}

fn bytes_only(s: &Snapshot) -> BTreeMap<&PathBuf, &Vec<u8>> {
    s.iter().map(|(k, v)| (k, &v.0)).collect()
}

/// A commune of the synthetic site, and the file of the last month that holds its figures.
fn a_commune<'g>(root: &Path, generated: &'g synth::Generated) -> (&'g synth::Place, PathBuf) {
    let commune = generated
        .places
        .iter()
        .find(|p| p.level == 2)
        .expect("a commune");
    let province = &generated.places[commune.province];
    let month = generated.months.last().expect("a month");
    let file = root.join(format!(
        "data/reports/{month}/indicators/{}.toml",
        province.slug
    ));
    (commune, file)
}

/// Sets the first value of `slug` in a figures file.
fn set_first_value(file: &Path, slug: &str, value: u64) {
    let text = fs::read_to_string(file).unwrap();
    let marker = format!("locality = \"{slug}\"\nvalue = ");
    let at = text.find(&marker).expect("a value of the locality") + marker.len();
    let end = at + text[at..].find('\n').unwrap();
    fs::write(file, format!("{}{value}{}", &text[..at], &text[end..])).unwrap();
}

#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    let (dir, _) = site();
    let out = dir.path().join("public");
    let first = build_ok(dir.path(), &out, false);
    assert!(first.pages > 20 && first.written == first.pages + first.files);
    let before = snapshot(&out);
    let out_inode = fs::metadata(&out).unwrap().ino();

    let again = build_ok(dir.path(), &out, false);
    assert_eq!(again.written, 0);
    assert_eq!(
        (again.pages, again.files, again.bytes),
        (first.pages, first.files, first.bytes)
    );
    assert_eq!(
        fs::metadata(&out).unwrap().ino(),
        out_inode,
        "the output folder was replaced"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "a file changed (bytes, inode or mtime)"
    );

    // Touching an input without changing it loads the data again, and still writes nothing.
    let any = dir.path().join("data/models.toml");
    let text = fs::read(&any).unwrap();
    fs::write(&any, text).unwrap();
    let touched = build_ok(dir.path(), &out, false);
    assert_eq!(touched.written, 0);
    assert_eq!(fs::metadata(&out).unwrap().ino(), out_inode);
    assert_eq!(snapshot(&out), before);
}

#[test]
fn one_locality_changes_only_its_pages_and_equals_a_clean_build() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let before = snapshot(&out);

    // Change one figure of one commune in the last month.
    let (commune, file) = a_commune(dir.path(), &generated);
    set_first_value(&file, &commune.slug, 987_654_321);

    let summary = build_ok(dir.path(), &out, false);
    let after = snapshot(&out);

    // Byte for byte what a clean build of the changed data gives.
    let clean = dir.path().join("clean");
    build_ok(dir.path(), &clean, true);
    assert_eq!(bytes_only(&after), bytes_only(&snapshot(&clean)));

    let rewritten: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, (_, ino, mtime))| {
            before
                .get(*p)
                .is_none_or(|(_, ino0, mtime0)| ino0 != ino || mtime0 != mtime)
        })
        .map(|(p, _)| p)
        .collect();
    let names: Vec<String> = rewritten.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(summary.written, rewritten.len(), "{names:?}");
    // The commune's own page shows the figure; so do the CSV of its indicator,
    // the month's CSV and the month's JSON file.
    let own = format!("dia-phuong/{}/index.html", commune.slug);
    assert!(names.contains(&own), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".csv")), "{names:?}");
    let month = generated.months.last().unwrap();
    let month_json = minhbach::paths::dataset_month(&month.parse().unwrap());
    assert!(names.contains(&month_json), "{names:?}");
    // Not the JSON index (no figure is in it) nor the other months' files.
    let json: Vec<&String> = names.iter().filter(|n| n.ends_with(".json")).collect();
    assert_eq!(json, [&month_json], "JSON files rewritten");
    assert!(generated.months.len() > 1 && before.contains_key(Path::new(&month_json)));
    // Pages that do not show commune figures are not rewritten: other localities, models,
    // sources; nor the month's report and the indicator pages, which list the figures of
    // provinces only (made again, since their inputs changed, but with the same bytes).
    let other = generated
        .places
        .iter()
        .find(|p| p.level == 2 && p.slug != commune.slug)
        .unwrap();
    for untouched in [
        format!("dia-phuong/{}/index.html", other.slug),
        format!(
            "dia-phuong/{}/index.html",
            generated.places[commune.province].slug
        ),
        "mo-hinh/1/index.html".to_string(),
        "nguon/index.html".to_string(),
        format!("bao-cao/{month}/index.html"),
        "static/style.css".to_string(),
    ] {
        assert!(
            !names.contains(&untouched),
            "{untouched} rewritten: {names:?}"
        );
    }
    assert!(
        !names.iter().any(|n| n.starts_with("chi-so/")),
        "an indicator page rewritten: {names:?}"
    );
    // Its charts and their CSVs, the indicator page and the downloads list
    // (which gives file sizes) may follow; most of the site may not.
    assert!(
        rewritten.len() * 5 < after.len(),
        "a one-figure change rewrote {} of {} files: {names:?}",
        rewritten.len(),
        after.len()
    );
}

#[test]
fn a_clean_build_after_a_killed_one_trusts_nothing() {
    // A manifest that describes another folder (as after a build killed
    // between saving it and swapping the folder in) is ignored.
    let (dir, _) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let reference = snapshot(&out);
    // Replace the output by a copy: same bytes, another folder.
    let copy = dir.path().join("copy");
    fs::create_dir_all(&copy).unwrap();
    synth::copy_dir(&out, &copy).unwrap();
    fs::write(copy.join("index.html"), "stale").unwrap();
    fs::remove_dir_all(&out).unwrap();
    fs::rename(&copy, &out).unwrap();
    let summary = build_ok(dir.path(), &out, false);
    assert_eq!(summary.written, summary.pages + summary.files);
    assert_eq!(bytes_only(&snapshot(&out)), bytes_only(&reference));
}

/// Builds incrementally after `edit`, then from nothing, and asserts the two are equal byte for byte.
/// Returns the incremental build's files.
fn equals_a_clean_build_after(
    dir: &Path,
    out: &Path,
    what: &str,
    edit: impl FnOnce(&Path),
) -> Snapshot {
    edit(dir);
    build_ok(dir, out, false);
    let clean = dir.join(format!("clean-{}", what.replace(' ', "-")));
    build_ok(dir, &clean, true);
    let (a, b) = (snapshot(out), snapshot(&clean));
    let differ: Vec<&PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p).map(|x| &x.0) != b.get(*p).map(|x| &x.0))
        .collect();
    assert!(
        differ.is_empty(),
        "after {what}, these differ from a clean build: {differ:?}"
    );
    a
}

/// As [`equals_a_clean_build_after`], for an edit the site shows: one that
/// changed no file would prove nothing.
fn shown_and_equals_a_clean_build_after(
    dir: &Path,
    out: &Path,
    what: &str,
    edit: impl FnOnce(&Path),
) {
    let before = snapshot(out);
    let after = equals_a_clean_build_after(dir, out, what, edit);
    assert!(
        bytes_only(&before) != bytes_only(&after),
        "{what} changed no file of the site"
    );
}

/// Pages are told unchanged from the fingerprints of their inputs (the data
/// outside the figures, and the figures they show), not by making them: every
/// kind of edit must still give what a clean build gives.
#[test]
fn every_kind_of_edit_equals_a_clean_build() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let (commune, figures) = a_commune(dir.path(), &generated);
    let rewrite = |path: &Path, f: &dyn Fn(&str) -> String| {
        let text = fs::read_to_string(path).unwrap();
        let changed = f(&text);
        assert_ne!(
            changed,
            text,
            "the edit of {} changed nothing",
            path.display()
        );
        fs::write(path, changed).unwrap();
    };

    // Every value of a locality in a file, changed by `f`.
    let each_value = |t: &str, slug: &str, f: &dyn Fn(f64) -> f64| {
        let marker = format!("locality = \"{slug}\"\nvalue = ");
        let mut s = String::new();
        let mut rest = t;
        while let Some(i) = rest.find(&marker) {
            let at = i + marker.len();
            let end = at + rest[at..].find('\n').unwrap();
            let v: f64 = rest[at..end].trim().parse().unwrap();
            s.push_str(&rest[..at]);
            s.push_str(&format!("{}", f(v)));
            rest = &rest[end..];
        }
        s.push_str(rest);
        s
    };
    // Every value of the commune in the month, so that the parts of its rates change too.
    shown_and_equals_a_clean_build_after(dir.path(), &out, "the commune's values", |_| {
        rewrite(&figures, &|t| each_value(t, &commune.slug, &|v| v + 1.0))
    });
    // The province's values doubled: its rates stay, the parts shown beside them do not.
    let province = &generated.places[commune.province];
    shown_and_equals_a_clean_build_after(dir.path(), &out, "the province's parts", |_| {
        rewrite(&figures, &|t| each_value(t, &province.slug, &|v| v * 2.0))
    });
    // The month before: the last month's report says what changed since.
    let before = &generated.months[generated.months.len() - 2];
    let earlier = figures
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .with_file_name(before)
        .join("indicators")
        .join(figures.file_name().unwrap());
    shown_and_equals_a_clean_build_after(dir.path(), &out, "the month before", |_| {
        rewrite(&earlier, &|t| each_value(t, &province.slug, &|v| v + 7.0))
    });
    // A text of a figure, outside its number.
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a figure's citation", |_| {
        rewrite(&figures, &|t| t.replacen("at = \"", "at = \"Mục 9, ", 1))
    });
    // A figure taken out.
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a figure removed", |_| {
        rewrite(&figures, &|t| {
            let last = t.rfind("[[value]]").unwrap();
            t[..last].to_string()
        })
    });
    // Outside the figures: a locality's citation, shown on its page only.
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a locality's citation", |d| {
        rewrite(&d.join("data/localities.toml"), &|t| {
            t.replacen("at = \"", "at = \"Phụ lục 9, ", 1)
        })
    });
    // Outside the data: the theme, the site's own overrides, Markdown, settings.
    let theme = dir.path().join("themes/default");
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a theme template", |_| {
        rewrite(&theme.join("templates/locality.html"), &|t| {
            t.replacen(
                "{% block content %}",
                "{% block content %}<p>Đã sửa mẫu.</p>",
                1,
            )
        })
    });
    shown_and_equals_a_clean_build_after(dir.path(), &out, "the style sheet", |_| {
        rewrite(&theme.join("static/style.css"), &|t| {
            format!("{t}\n.da-sua{{color:#123456}}\n")
        })
    });
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a site's own template", |d| {
        let page = fs::read_to_string(theme.join("templates/page.html")).unwrap();
        fs::create_dir_all(d.join("templates")).unwrap();
        fs::write(
            d.join("templates/page.html"),
            page.replacen(
                "{% block content %}",
                "{% block content %}<p>Mẫu riêng.</p>",
                1,
            ),
        )
        .unwrap();
    });
    shown_and_equals_a_clean_build_after(dir.path(), &out, "a Markdown page", |d| {
        rewrite(&d.join("content/gioi-thieu.md"), &|t| {
            format!("{t}\nMột đoạn mới.\n")
        })
    });
    shown_and_equals_a_clean_build_after(dir.path(), &out, "the site's settings", |d| {
        rewrite(&d.join("site.toml"), &|t| {
            t.replacen("title = \"", "title = \"Đã sửa: ", 1)
        })
    });
}

/// An incremental build starts from the site before the current one, kept in
/// the cache folder; a file of that copy removed or replaced in between is
/// noticed, and the output is still what a clean build gives.
#[test]
fn a_first_build_keeps_a_copy_of_links_for_the_next_to_start_from() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    // The kept site is the output itself, file for file: the same inodes, nothing more.
    let kept = dir.path().join(".public.minhbach-cache/prev");
    let (site, copy) = (snapshot(&out), snapshot(&kept));
    assert!(site.len() > 100, "{} files", site.len());
    let inodes = |s: &Snapshot| -> BTreeMap<PathBuf, u64> {
        s.iter().map(|(p, (_, ino, _))| (p.clone(), *ino)).collect()
    };
    assert_eq!(inodes(&copy), inodes(&site));
    // No folder of a build's making is left beside the output.
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("minhbach-") && !n.ends_with("minhbach-cache"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    // The first change starts from it: the kept site's unchanged files are the
    // output's again (not new links), and the result equals a clean build.
    let (commune, figures) = a_commune(dir.path(), &generated);
    set_first_value(&figures, &commune.slug, 424_242);
    build_ok(dir.path(), &out, false);
    let after = inodes(&snapshot(&out));
    let same = after
        .iter()
        .filter(|(p, ino)| site.get(*p).is_some_and(|s| s.1 == **ino))
        .count();
    assert!(
        same * 10 > after.len() * 9,
        "{same} of {} files kept",
        after.len()
    );
    let clean = dir.path().join("clean");
    build_ok(dir.path(), &clean, true);
    assert_eq!(bytes_only(&snapshot(&out)), bytes_only(&snapshot(&clean)));
}

#[test]
fn the_site_kept_for_the_next_build_is_checked_before_use() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let (commune, figures) = a_commune(dir.path(), &generated);
    let set_value = |v: u64| set_first_value(&figures, &commune.slug, v);
    // Two changes: the second build keeps the site before it.
    set_value(111_111);
    build_ok(dir.path(), &out, false);
    set_value(222_222);
    build_ok(dir.path(), &out, false);
    let kept = dir.path().join(".public.minhbach-cache/prev");
    assert!(
        kept.join("index.html").is_file(),
        "no site kept in {}",
        kept.display()
    );

    // One file of the kept site removed, another replaced by a new file (not changed in place).
    fs::remove_file(kept.join("mo-hinh/1/index.html")).unwrap();
    let other = kept.join("nguon/index.html");
    let replacement = kept.join("nguon/replacement");
    fs::write(&replacement, "stale").unwrap();
    fs::rename(&replacement, &other).unwrap();

    equals_a_clean_build_after(dir.path(), &out, "the kept site was tampered with", |_| {
        set_value(333_333)
    });
    // The output itself was never touched through the kept site.
    let clean = dir.path().join("clean-last");
    build_ok(dir.path(), &clean, true);
    assert_eq!(bytes_only(&snapshot(&out)), bytes_only(&snapshot(&clean)));
}

/// Files removed from the output, or changed in it by hand, are made again by the
/// next build even when no input changed, and the output equals a clean build.
#[test]
fn files_removed_or_edited_in_the_output_are_made_again() {
    let (dir, _) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    fs::remove_file(out.join("mo-hinh/1/index.html")).unwrap();
    // Changed in place, same length: only its modification time tells.
    let edited = out.join("nguon/index.html");
    let mut bytes = fs::read(&edited).unwrap();
    bytes[0] = if bytes[0] == b'x' { b'y' } else { b'x' };
    fs::write(&edited, &bytes).unwrap();

    let again = build_ok(dir.path(), &out, false);
    assert!(again.written >= 2, "written: {}", again.written);
    let clean = dir.path().join("clean");
    build_ok(dir.path(), &clean, true);
    assert_eq!(bytes_only(&snapshot(&out)), bytes_only(&snapshot(&clean)));
}

/// An input that every file's fingerprint takes in (the site's settings,
/// as a new program version is) but that most files do not show: the files
/// made again with the bytes they had are kept, inode and modification time,
/// so that a deploy sends only what changed.
#[test]
fn files_made_again_with_the_same_bytes_are_kept() {
    let (dir, _) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let before = snapshot(&out);
    let settings = dir.path().join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let (head, rest) = text.split_once("description = \"").expect("a description");
    fs::write(&settings, format!("{head}description = \"Đã đổi. {rest}")).unwrap();

    let again = build_ok(dir.path(), &out, false);
    let after = snapshot(&out);
    let kept_data = before
        .iter()
        .filter(|(p, _)| p.starts_with("du-lieu") && p.extension().is_some_and(|e| e == "csv"))
        .count();
    assert!(kept_data > 10, "data files: {kept_data}");
    let rewritten: Vec<&PathBuf> = before
        .iter()
        .filter(|(p, (bytes, ..))| {
            after
                .get(*p)
                .is_some_and(|a| &a.0 == bytes && *a != before[*p])
        })
        .map(|(p, _)| p)
        .collect();
    assert!(
        rewritten.is_empty(),
        "same bytes, written again: {rewritten:?}"
    );
    let changed = after
        .iter()
        .filter(|(p, (bytes, ..))| before.get(*p).is_none_or(|b| &b.0 != bytes))
        .count();
    assert_eq!(
        again.written, changed,
        "the summary counts the files whose bytes changed"
    );
    assert!(changed > 0, "the description is shown somewhere");
    let clean = dir.path().join("clean");
    build_ok(dir.path(), &clean, true);
    assert_eq!(bytes_only(&after), bytes_only(&snapshot(&clean)));
}

/// The day of the build only decides what is an error (a month in the
/// future): a build on another day of the same data rewrites nothing.
#[test]
fn a_build_on_another_day_writes_nothing() {
    let (dir, _) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let before = snapshot(&out);
    let next_day = BuildOptions {
        validate: Options {
            today: "2026-11-24".parse().unwrap(),
        },
        base_url: None,
        full: false,
    };
    let (summary, diags) = build(dir.path(), &out, &next_day);
    let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
    let summary = summary.unwrap_or_else(|| panic!("build failed: {errors:?}"));
    assert_eq!(summary.written, 0);
    assert_eq!(
        snapshot(&out),
        before,
        "a file changed (bytes, inode or mtime)"
    );
}

/// The figure files of a site (what the parse cache keeps).
fn figure_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("data/reports"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && (p.ends_with("indicators.toml")
                    || p.parent().is_some_and(|d| d.ends_with("indicators")))
        })
        .collect()
}

/// A rebuild takes the figures of unchanged files from the cache folder; an
/// entry damaged, or kept for another file, is not used, and an entry of a
/// file that is gone is removed.
#[test]
fn figures_kept_by_the_last_build_are_checked_before_use() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let parsed = dir.path().join(".public.minhbach-cache/parsed");
    let entries = || -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(&parsed)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    let figures = figure_files(dir.path());
    assert_eq!(entries().len(), figures.len(), "one entry per figure file");

    // Entries swapped (each intact, for another file), and one cut short.
    let e = entries();
    let (a, b) = (fs::read(&e[0]).unwrap(), fs::read(&e[1]).unwrap());
    fs::write(&e[0], &b).unwrap();
    fs::write(&e[1], &a).unwrap();
    fs::write(&e[2], &a[..a.len() / 2]).unwrap();
    let (commune, file) = a_commune(dir.path(), &generated);
    equals_a_clean_build_after(dir.path(), &out, "damaged parse cache", |_| {
        set_first_value(&file, &commune.slug, 424_242)
    });

    // A figure file renamed: its old entry goes, the new name gets one.
    let renamed = file.with_file_name("renamed.toml");
    fs::rename(&file, &renamed).unwrap();
    build_ok(dir.path(), &out, false);
    assert_eq!(entries().len(), figure_files(dir.path()).len());
}

/// A figure file with a problem is never kept: every build reports it, at its
/// line and column, however many builds ago it was written.
#[test]
fn a_broken_figure_file_is_reported_by_every_build() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let (commune, file) = a_commune(dir.path(), &generated);
    let good = fs::read_to_string(&file).unwrap();
    let marker = format!("locality = \"{}\"\nvalue = ", commune.slug);
    fs::write(
        &file,
        good.replacen(&marker, &format!("{marker}\"many\"\n#"), 1),
    )
    .unwrap();
    let line = good[..good.find(&marker).unwrap()].lines().count() + 2;
    let name = file.strip_prefix(dir.path()).unwrap().display().to_string();
    for attempt in 1..=2 {
        let (summary, diags) = build(dir.path(), &out, &options(false));
        assert!(summary.is_none(), "build {attempt} passed a broken file");
        let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("{name}:{line}:"))),
            "build {attempt} did not point at {name}:{line}: {errors:?}"
        );
    }
    equals_a_clean_build_after(dir.path(), &out, "the file mended", |_| {
        fs::write(&file, &good).unwrap()
    });
}

/// Large data files are made of parts, and a rebuild copies the parts whose
/// inputs did not change from the current output's file. A part is copied only
/// as it was written: a file changed in place (its size and time kept, so it
/// looks untouched) must not carry wrong figures into the next build.
#[test]
fn parts_copied_from_the_last_build_are_checked_before_use() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let (commune, file) = a_commune(dir.path(), &generated);
    // The files the edit below makes again: its month's JSON file, its month's and its indicator's CSV.
    let text = fs::read_to_string(&file).unwrap();
    let marker = format!("locality = \"{}\"\nvalue = ", commune.slug);
    let before = &text[..text.find(&marker).unwrap()];
    let indicator = before[before.rfind("indicator = \"").unwrap() + 13..]
        .split('"')
        .next()
        .unwrap();
    let month = generated.months.last().unwrap();
    let remade = [
        minhbach::paths::dataset_month(&month.parse().unwrap()),
        format!("du-lieu/bao-cao-{month}.csv"),
        format!("du-lieu/chi-so-{indicator}.csv"),
    ];
    for name in &remade {
        let path = out.join(name);
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        // Every digit changed, in place: any part copied as it now is shows wrong figures.
        let damaged: Vec<u8> = fs::read(&path)
            .unwrap()
            .into_iter()
            .map(|b| match b {
                b'0'..=b'8' => b + 1,
                b'9' => b'0',
                _ => b,
            })
            .collect();
        fs::write(&path, damaged).unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
    }
    equals_a_clean_build_after(dir.path(), &out, "parts damaged in place", |_| {
        set_first_value(&file, &commune.slug, 424_242)
    });
    // Made a month at a time, the index and its months are still the published data serialized whole.
    let (data, _) = minhbach::check(dir.path(), options(false).validate);
    let mut published = data.expect("the synthetic data checks");
    published
        .reports
        .retain(|r| r.report.status == minhbach::model::records::ReportStatus::Final);
    assert!(published.reports.len() > 1);
    assert!(
        crate::common::reassembled_dataset(&out) == serde_json::to_vec(&published).unwrap(),
        "the JSON index and months are not the published data serialized"
    );
}

/// The validated dataset of a site.
fn dataset(root: &Path) -> minhbach::model::dataset::Dataset {
    let (data, diags) = minhbach::check(root, options(false).validate);
    let errors: Vec<String> = diags.errors().into_iter().map(|d| d.to_string()).collect();
    data.unwrap_or_else(|| panic!("check failed: {errors:?}"))
}

/// The message of a panic caught from `f`, if it panicked.
fn panic_of<R>(f: impl FnOnce() -> R) -> Option<String> {
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).err()?;
    Some(
        caught
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| caught.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    )
}

/// Two communes of the synthetic site: the one whose figures [`a_commune`] edits, and another.
fn two_communes(generated: &synth::Generated) -> (&str, &str) {
    let mut communes = generated.places.iter().filter(|p| p.level == 2);
    let first = communes.next().expect("a commune");
    let other = communes.next().expect("another commune");
    (&first.slug, &other.slug)
}

#[test]
fn a_scope_refuses_what_it_did_not_declare() {
    use minhbach::model::index::Ix;
    use minhbach::model::scope::{Key, Scope};
    let (dir, generated) = site();
    let data = dataset(dir.path());
    let ix = Ix::new(&data);
    let (mine, other) = two_communes(&generated);
    let page = Scope::new(&ix, "dia-phuong/mine/", [Key::Locality(mine)]);
    assert!(
        !page.of_locality(mine).is_empty(),
        "a declared key gives its readings"
    );
    let refused = panic_of(|| page.of_locality(other)).expect("an undeclared locality is refused");
    assert!(
        refused.contains("dia-phuong/mine/") && refused.contains(other),
        "the message names the page and the key: {refused}"
    );
    let month = page.of_locality(mine)[0].month;
    assert!(
        panic_of(|| page.of_month(month)).is_some(),
        "an undeclared month is refused"
    );
    let indicator = page.of_locality(mine)[0].source.record.indicator.clone();
    assert!(
        panic_of(|| page.of_indicator(&indicator)).is_some(),
        "an undeclared indicator is refused"
    );
    // While a page is made, it reads through its own scope only: not through
    // another one captured from the page graph, nor through everything.
    let elsewhere = Scope::new(&ix, "dia-phuong/other/", [Key::Locality(other)]);
    let everything = ix.everything();
    page.enter(|| {
        assert!(!page.of_locality(mine).is_empty());
        let reached = panic_of(|| elsewhere.of_locality(other)).expect("another scope is refused");
        assert!(reached.contains("dia-phuong/mine/"), "{reached}");
        assert!(panic_of(|| everything.of_locality(mine)).is_some());
        assert!(panic_of(|| everything.each()).is_some());
    });
    assert!(
        !elsewhere.of_locality(other).is_empty(),
        "once left, the others read again"
    );
}

#[test]
fn a_scope_fingerprints_its_declared_readings_and_no_other() {
    use minhbach::model::index::Ix;
    use minhbach::model::scope::{Key, Scope};
    let (dir, generated) = site();
    let (commune, file) = a_commune(dir.path(), &generated);
    let (mine, other) = two_communes(&generated);
    assert_eq!(mine, commune.slug, "the edited commune is the first");
    let fingerprints = || {
        let data = dataset(dir.path());
        let ix = Ix::new(&data);
        let of = |slug| Scope::new(&ix, "test", [Key::Locality(slug)]).fingerprint("common");
        let mine_each: Vec<u128> = Scope::new(&ix, "test", [Key::Locality(mine)])
            .each()
            .into_iter()
            .map(|(_, fp)| fp)
            .collect();
        (of(mine), of(other), mine_each)
    };
    let before = fingerprints();
    set_first_value(&file, mine, 987_654);
    let after = fingerprints();
    assert_ne!(before.0, after.0, "a declared reading changed");
    assert_ne!(before.2, after.2, "what the scope gives changed with it");
    assert_eq!(before.1, after.1, "no declared reading changed");
}

#[test]
fn a_deferred_page_is_made_from_the_scope_it_is_fingerprinted_by() {
    use minhbach::model::index::Ix;
    use minhbach::model::scope::{Key, Scope};
    use minhbach::site::{Deferred, Made};
    let (dir, generated) = site();
    let data = dataset(dir.path());
    let ix = Ix::new(&data);
    let (mine, other) = two_communes(&generated);
    let made = |count: usize| Made {
        context: std::borrow::Cow::Owned(serde_json::json!({ "count": count })),
        charts: Vec::new(),
    };
    let page = |reads: &'static str| {
        let scope = Scope::new(&ix, "dia-phuong/mine/", [Key::Locality(mine)]);
        let inputs = scope.fingerprint("common");
        let page = Deferred::new(scope, "common", move |s| {
            made(
                s.of_locality(if reads == "mine" { mine } else { other })
                    .len(),
            )
        });
        assert_eq!(
            page.inputs(),
            &inputs,
            "the inputs are the scope's fingerprint"
        );
        page
    };
    assert_eq!(
        page("mine").make().context["count"],
        ix.everything().of_locality(mine).len()
    );
    let refused = panic_of(|| page("other").make()).expect("an undeclared read fails the build");
    assert!(
        refused.contains("dia-phuong/mine/") && refused.contains(other),
        "{refused}"
    );
}

/// The labels the site writes into pages (kinds of locality, statuses) come
/// from the i18n file: a site's own file that renames one rebuilds every page
/// and file showing it, as a clean build would.
#[test]
fn a_label_edited_in_a_sites_i18n_file_equals_a_clean_build() {
    let (dir, generated) = site();
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, false);
    let (commune, _) = a_commune(dir.path(), &generated);
    let page = PathBuf::from(format!("dia-phuong/{}/index.html", commune.slug));
    let strings = fs::read_to_string(dir.path().join("themes/default/i18n/vi.toml")).unwrap();
    let (head, kinds) = strings
        .split_once("[labels.locality_kind]")
        .expect("the labels of the kinds of locality");
    let key = format!("\n{} = \"", commune.kind);
    assert!(kinds.contains(&key), "a label for `{}`", commune.kind);
    let edited = format!(
        "{head}[labels.locality_kind]{}",
        kinds.replacen(&key, &format!("{key}Đã đổi: "), 1)
    );
    let after = equals_a_clean_build_after(dir.path(), &out, "a label", |d| {
        fs::create_dir_all(d.join("i18n")).unwrap();
        fs::write(d.join("i18n/vi.toml"), edited).unwrap();
    });
    let shown = String::from_utf8_lossy(&after[&page].0).into_owned();
    assert!(
        shown.contains("Đã đổi: "),
        "the commune's page shows the new label"
    );
    let tree =
        String::from_utf8_lossy(&after[&PathBuf::from("dia-phuong/index.html")].0).into_owned();
    assert!(
        tree.contains("Đã đổi: "),
        "the tree of localities shows it too"
    );
}
