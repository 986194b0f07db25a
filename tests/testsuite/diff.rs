//! `minhbach diff` against a temporary git repository with two commits.
//!
//! The second commit is a SYNTHETIC edit of the shipped data, made by this test
//! only: a corrected figure, a removed figure, a moved deadline, an added
//! (synthetic) commune and a new draft month with three figures filled in.

use crate::common;

use common::Site;
use std::process::Command;

fn git(site: &Site, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(site.root())
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `minhbach ARGS --site <site>`: exit code, stdout, stderr.
pub(crate) fn minhbach(site: &Site, args: &[&str]) -> (Option<i32>, String, String) {
    let out = site.run(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A repository whose first commit is the shipped site and second the edits above.
pub(crate) fn two_commits() -> Site {
    let site = Site::shipped();
    git(&site, &["init", "-q", "-b", "main"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "shipped"]);
    git(&site, &["tag", "before"]);
    let nine = "data/reports/2024-09/indicators.toml";
    site.replace(nine, "value = 676\n", "value = 680\n");
    site.replace(
        nine,
        "[[value]]\nindicator = \"banking-utilities\"\nnone_this_month = true\nas_written = \"Lĩnh vực Ngân hàng: Không phát sinh.\"\ncite = { source = \"bc-thanh-hoa-2024-09\", at = \"Mục II.4.1\" }\n",
        "",
    );
    site.replace(
        "data/plans/bim-son.toml",
        "implementers = [\"Các phòng, ban UBND thị xã\", \"UBND các phường, xã\"]\ndeadline = \"30/9/2024\"",
        "implementers = [\"Các phòng, ban UBND thị xã\", \"UBND các phường, xã\"]\ndeadline = \"31/12/2024\"",
    );
    site.append(
        "data/localities.toml",
        "\n[[locality]]\nname = \"SYNTHETIC Thử nghiệm\"\nkind = \"commune\"\nparent = \"bim-son\"\ncite = { source = \"kh-bim-son-2024\", at = \"SYNTHETIC\" }\n",
    );
    let (code, _, err) = minhbach(&site, &["new", "report", "2024-10"]);
    assert_eq!(code, Some(0), "{err}");
    let ten = "data/reports/2024-10/indicators.toml";
    site.fill_in(ten, "indicator = \"departments-inspected\"", "value = 21");
    site.fill_in(ten, "indicator = \"bhyt-cccd-synced\"", "value = 3100000");
    site.fill_in(
        ten,
        "indicator = \"bhyt-contracted-facilities\"",
        "value = 690",
    );
    site.fill_in(
        "data/reports/2024-10/models.toml",
        "model = 1",
        "status = \"completed\"",
    );
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "synthetic edits"]);
    site
}

const TEXT: &str = "\
For a second look (2):
  ! 2024-10 bhyt-cccd-synced @ thanh-hoa: a count that falls, 3.182.603 in 2024-09 → 3.100.000 (−82.603)
  ! 2024-10 departments-inspected @ thanh-hoa: 7 in 2024-09 → 21 (+200\u{a0}%), over the 50\u{a0}% threshold

Figures: 3 added, 1 changed, 1 removed
  removed  2024-09 banking-utilities @ thanh-hoa: was không phát sinh
  changed  2024-09 bhyt-facilities-with-lookups @ thanh-hoa: 676 → 680 (+4; +0,6\u{a0}%)
  added    2024-10 bhyt-cccd-synced @ thanh-hoa: 3.100.000
  added    2024-10 bhyt-contracted-facilities @ thanh-hoa: 690
  added    2024-10 departments-inspected @ thanh-hoa: 21

Model statuses: 1 moved
  2024-10 model 1: Đang triển khai; Chờ Trung ương triển khai (2024-09) → Đã hoàn thành

Plans: 1 change(s)
  deadline bim-son item 1 \"Xây dựng tối thiểu 20 DVC không sử dụng hồ sơ giấy\": \"30/9/2024\" → \"31/12/2024\"

Localities: 1 change(s)
  added    synthetic-thu-nghiem (SYNTHETIC Thử nghiệm)

3 figure(s) added, 1 changed, 1 removed; 1 status(es) moved; 1 plan change(s); 1 locality change(s); 2 for a second look
";

#[test]
fn diff_between_two_commits_reports_each_change() {
    let site = two_commits();
    let (code, out, err) = minhbach(&site, &["diff", "before", "HEAD", "--lang", "en"]);
    assert_eq!(code, Some(0), "{err}");
    let (head, body) = out.split_once('\n').expect("a heading line");
    assert!(head.starts_with("Data changes from before ("), "{head}");
    assert_eq!(body.trim_start_matches('\n'), TEXT, "\n{out}");

    // The working tree is the default second revision; it equals HEAD here.
    let (_, same, _) = minhbach(&site, &["diff", "HEAD", "--lang", "en"]);
    assert!(same.contains("No change in the data."), "{same}");

    // A higher threshold drops the +200 % flag but keeps the falling count.
    let (_, high, _) = minhbach(
        &site,
        &[
            "diff",
            "before",
            "HEAD",
            "--threshold",
            "250%",
            "--lang",
            "en",
        ],
    );
    assert!(high.contains("For a second look (1):"), "{high}");
    assert!(high.contains("a count that falls"), "{high}");
}

#[test]
fn a_change_of_the_secondary_status_alone_is_a_move() {
    let site = two_commits();
    site.replace(
        "data/reports/2024-09/models.toml",
        "secondary_status = \"waiting_central\"\nresults = \"- Tỉnh Thanh Hóa",
        "secondary_status = \"delayed\"\nresults = \"- Tỉnh Thanh Hóa",
    );
    let (code, out, err) = minhbach(&site, &["diff", "HEAD", "--lang", "en"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(
            "2024-09 model 1: Đang triển khai; Chờ Trung ương triển khai → Đang triển khai; Chậm tiến độ"
        ),
        "{out}"
    );
}

// The Markdown comment is tested in `diff_markdown.rs`.

#[test]
fn diff_names_a_revision_whose_data_does_not_check() {
    let site = two_commits();
    site.replace(
        "data/reports/2024-09/indicators.toml",
        "value = 680\n",
        "value = \"680\"\n",
    );
    let (code, _, err) = minhbach(&site, &["diff", "HEAD", "--lang", "en"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("data/reports/2024-09/indicators.toml:"),
        "{err}"
    );
    assert!(
        err.contains("the data of the working tree does not check"),
        "{err}"
    );

    let (code, _, err) = minhbach(&site, &["diff", "no-such-rev"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no-such-rev"), "{err}");
}
