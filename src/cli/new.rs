//! `minhbach new report YYYY-MM`: the skeleton of a month to fill in.
//!
//! The new month gets the structure of the latest earlier month (the same
//! figures, models and service rows) with every value left out and each
//! record marked `to_fill = true`, so that `check` lists what is still to do
//! and no figure of the old month can pass for a new one.

use crate::common::calendar::Month;
use crate::common::diagnostic::Diagnostic;
use crate::common::format;
use crate::model::dataset::{Dataset, MonthReport};
use crate::validate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why a month could not be scaffolded.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The month already has a report folder or a content page; nothing was written.
    Exists(PathBuf),
    /// The site's data does not check, so its structure cannot be copied.
    Invalid(Vec<Diagnostic>),
    /// No report earlier than the month exists to copy the structure from.
    NoEarlierMonth(Month),
    /// A file could not be written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(p) => write!(
                f,
                "{} already exists; `new` never overwrites a month (edit it, or delete it first)",
                p.display()
            ),
            ScaffoldError::Invalid(d) => write!(
                f,
                "the site's data has {} error(s); fix them (`minhbach check`) before scaffolding a month",
                d.len()
            ),
            ScaffoldError::NoEarlierMonth(m) => write!(
                f,
                "no report earlier than {m} in data/reports/ to copy the structure from"
            ),
            ScaffoldError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

/// What `new report` created.
#[derive(Debug)]
pub struct Scaffolded {
    /// The month whose structure was copied.
    pub from: Month,
    /// Files created or appended to, relative to the site.
    pub files: Vec<PathBuf>,
    /// Records marked `to_fill = true`.
    pub to_fill: usize,
}

/// A TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn cite(source: &str, at: &str) -> String {
    format!("cite = {{ source = {}, at = {} }}", q(source), q(at))
}

/// The id of the new month's document: the previous id with its month replaced, if it names one.
fn source_id(previous: &str, from: Month, to: Month) -> String {
    let old = from.to_string();
    if previous.contains(&old) {
        previous.replace(&old, &to.to_string())
    } else {
        format!("{previous}-{to}")
    }
}

/// The files of a new month, as text: (path relative to the site, text, records to fill).
fn render(
    ds: &Dataset,
    prev: &MonthReport,
    month: Month,
    source: &str,
) -> Vec<(PathBuf, String, usize)> {
    let label = format::month(month);
    let from = format::month(prev.report.month);
    let header = format!(
        "# {label}: khung do `minhbach new report {month}` tạo từ cấu trúc {from}.\n\
         # Mỗi bản ghi `to_fill = true` còn phải điền số liệu từ văn bản nguồn; điền xong thì xoá dòng\n\
         # `to_fill = true` và kiểm tra lại `at` (vị trí trong văn bản). `minhbach check` liệt kê những gì còn thiếu.\n\
         # Không chép số liệu của {from} vào đây.\n"
    );
    let dir = PathBuf::from(format!("data/reports/{month}"));
    let r = &prev.report;
    let report = format!(
        "{header}\n[report]\nmonth = {}\nlocality = {}\nsource = {}\nstatus = \"draft\"                      # draft | final: đổi thành final khi đã điền đủ\ntitle = \"\"                            # tiêu đề văn bản, nguyên văn\n",
        q(&month.to_string()),
        q(&r.locality),
        q(source),
    );

    let values = values_file(ds, prev, &header, source);
    let statuses = statuses_file(prev, &header, source);
    let (services, service_count) = services_file(prev, &header, source);

    let mut files = vec![(dir.join("report.toml"), report, 1)];
    if !prev.values.is_empty() {
        files.push((dir.join("indicators.toml"), values, prev.values.len()));
    }
    if !prev.statuses.is_empty() {
        files.push((dir.join("models.toml"), statuses, prev.statuses.len()));
    }
    if !prev.services.is_empty() || !prev.service_groups.is_empty() {
        files.push((dir.join("services.toml"), services, service_count));
    }
    files.push((
        PathBuf::from(format!("content/reports/{month}.md")),
        format!(
            "+++\ntitle = {}\n# description = \"Một câu tóm tắt cho danh sách báo cáo\"\ndraft = true                          # xoá dòng này khi đăng\n+++\n\n## Tóm tắt\n\nViết tóm tắt báo cáo {label}; mỗi số liệu ghi kèm vị trí trong văn bản, ví dụ [Mục II.4.2].\n",
            q(&format!("Đề án 06 {label}"))
        ),
        0,
    ));
    files
}

/// The new month's indicators.toml: a record to fill for each figure of the previous month.
fn values_file(ds: &Dataset, prev: &MonthReport, header: &str, source: &str) -> String {
    let mut values = header.to_string();
    for f in &prev.values {
        let v = &f.record;
        let _ = write!(
            values,
            "\n[[value]]\nto_fill = true\nindicator = {}\n",
            q(&v.indicator)
        );
        if f.locality() != prev.report.locality {
            let _ = writeln!(values, "locality = {}", q(f.locality()));
        }
        let hint = match ds.indicators.iter().find(|i| i.id == v.indicator) {
            Some(i) if i.numerator.is_some() => "# stated = … (tỷ lệ in trong văn bản, nếu có)",
            _ => {
                "# value = … | lower_bound = … | range = { from = …, to = … } | none_this_month = true"
            }
        };
        let _ = writeln!(values, "{hint}\n{}", cite(source, &v.cite.at));
    }
    values
}

/// The new month's models.toml: a record to fill for each status of the previous month.
fn statuses_file(prev: &MonthReport, header: &str, source: &str) -> String {
    let mut statuses = header.to_string();
    for s in &prev.statuses {
        let _ = write!(
            statuses,
            "\n[[status]]\nto_fill = true\nmodel = {}\n",
            s.model
        );
        if let Some(row) = &s.row {
            let _ = writeln!(statuses, "row = {}", q(row));
        }
        if let Some(t) = &s.title {
            let _ = writeln!(statuses, "title = {}", q(t));
        }
        let _ = writeln!(
            statuses,
            "# status = … | secondary_status = … (nếu câu đánh giá nêu hai tình trạng) | assessment = … | results = …\n{}",
            cite(source, &s.cite.at)
        );
    }
    statuses
}

/// The new month's services.toml, with the previous month's groups, and the
/// number of records to fill in it.
fn services_file(prev: &MonthReport, header: &str, source: &str) -> (String, usize) {
    let mut services = header.to_string();
    for g in &prev.service_groups {
        let _ = write!(
            services,
            "\n[[group]]\nappendix = {}\nid = {}\nname = {}\n",
            q(&g.appendix),
            q(&g.id),
            q(&g.name)
        );
        if let Some(c) = &g.cite {
            let _ = writeln!(services, "{}", cite(source, &c.at));
        }
    }
    let mut service_count = 0;
    for s in &prev.services {
        service_count += 1 + s.rows.len();
        let _ = write!(
            services,
            "\n[[service]]\nto_fill = true\nappendix = {}\n",
            q(&s.appendix)
        );
        if let Some(g) = &s.group {
            let _ = writeln!(services, "group = {}", q(g));
        }
        let _ = writeln!(
            services,
            "number = {}\nname = {}\n# connection = … | total = … | online = … | stated_rate = … | on_time = … | overdue = … | none_this_month = true\n{}",
            q(&s.number),
            q(&s.name),
            cite(source, &s.cite.at)
        );
        for row in &s.rows {
            let _ = writeln!(
                services,
                "\n[[service.row]]\nto_fill = true\nname = {}",
                q(&row.name)
            );
        }
    }
    (services, service_count)
}

/// The `[[source]]` to append to data/sources.toml for a document not described yet.
fn pending_source(ds: &Dataset, previous: &str, id: &str, month: Month) -> String {
    let prev = ds.sources.iter().find(|s| s.id == previous);
    let kind = prev.map_or("report".to_string(), |s| {
        serde_json::to_value(s.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "report".into())
    });
    let issuer = prev.map_or(String::new(), |s| s.issuer.clone());
    let locality = prev.map_or(String::new(), |s| s.locality.clone());
    format!(
        "\n# Văn bản báo cáo {}: do `minhbach new report {month}` thêm vào. Điền số, ngày, tiêu đề và tệp\n# của văn bản, rồi xoá `to_fill = true`.\n[[source]]\nto_fill = true\nid = {}\nkind = {}\nissuer = {}\nnumber = \"\"\ndate = \"\"\ntitle = \"\"\nfile = \"\"\nlocality = {}\n",
        format::month(month),
        q(id),
        q(&kind),
        q(&issuer),
        q(&locality)
    )
}

/// Scaffolds `month` in the site at `root` from the latest earlier month; writes nothing on error.
pub fn new_report(root: &Path, month: Month) -> Result<Scaffolded, ScaffoldError> {
    let dir = root.join(format!("data/reports/{month}"));
    let page = root.join(format!("content/reports/{month}.md"));
    for p in [&dir, &page] {
        if p.exists() {
            return Err(ScaffoldError::Exists(p.clone()));
        }
    }
    let options = validate::Options::default();
    let (ds, diags) = crate::check(root, options);
    let Some(ds) = ds else {
        let errors = diags.errors();
        return Err(ScaffoldError::Invalid(errors));
    };
    let Some(prev) = ds.reports.iter().rev().find(|r| r.report.month < month) else {
        return Err(ScaffoldError::NoEarlierMonth(month));
    };
    let source = source_id(&prev.report.source, prev.report.month, month);
    let files = render(&ds, prev, month, &source);
    let mut to_fill: usize = files.iter().map(|f| f.2).sum();
    let mut written = Vec::new();
    let io = |p: &Path, e| ScaffoldError::Io(p.to_path_buf(), e);
    let result = (|| {
        std::fs::create_dir_all(root.join("content/reports")).map_err(|e| io(&page, e))?;
        std::fs::create_dir(&dir).map_err(|e| io(&dir, e))?;
        for (rel, text, _) in &files {
            let path = root.join(rel);
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
            written.push(rel.clone());
        }
        Ok(())
    })();
    if let Err(e) = result {
        // Leave the site as it was.
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&page);
        return Err(e);
    }
    if !ds.sources.iter().any(|s| s.id == source) {
        let path = root.join("data/sources.toml");
        let block = pending_source(&ds, &prev.report.source, &source, month);
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, block.as_bytes()));
        if let Err(e) = appended {
            let _ = std::fs::remove_dir_all(&dir);
            let _ = std::fs::remove_file(&page);
            return Err(io(&path, e));
        }
        written.push(PathBuf::from("data/sources.toml"));
        to_fill += 1;
    }
    Ok(Scaffolded {
        from: prev.report.month,
        files: written,
        to_fill,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_ids_follow_the_month() {
        let (a, b) = ("2024-09".parse().unwrap(), "2024-10".parse().unwrap());
        assert_eq!(
            source_id("bc-thanh-hoa-2024-09", a, b),
            "bc-thanh-hoa-2024-10"
        );
        assert_eq!(source_id("bc-thanh-hoa", a, b), "bc-thanh-hoa-2024-10");
    }
}
