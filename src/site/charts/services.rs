//! The charts of the public-service tables and of the models' statuses.

use crate::chart::{ChartSpec, Kind, Point, PointKind, Series};
use crate::common::format;
use crate::model::dataset::MonthReport;
use crate::model::index::{Ix, locality_name};
use crate::model::records::{Service, ServiceFigures, Status};
use crate::site::labels::status_label;

/// Figure cells of a service: its own, or the sum of its rows.
fn service_figures(s: &Service) -> Vec<(String, ServiceFigures)> {
    if s.rows.is_empty() {
        vec![(s.name.clone(), s.figures())]
    } else {
        s.rows
            .iter()
            .map(|r| (format!("{} — {}", s.name, r.name), r.figures()))
            .collect()
    }
}

/// Categories and the two parts of a part-of-whole chart.
type Parts = (Vec<String>, Vec<Point>, Vec<Point>);

/// Online vs not online, and on time vs overdue, for each appendix of a report's service tables.
pub fn services_parts(report: &MonthReport) -> Vec<ChartSpec> {
    let month = report.report.month;
    let mut online = (Vec::new(), Vec::new(), Vec::new());
    let mut timely = (Vec::new(), Vec::new(), Vec::new());
    for appendix in ["I", "II"] {
        let figs: Vec<ServiceFigures> = report
            .services
            .iter()
            .filter(|s| s.appendix == appendix)
            .flat_map(|s| service_figures(s).into_iter().map(|x| x.1))
            .collect();
        if figs.is_empty() {
            continue;
        }
        // Only rows that state both numbers count: a blank cell is unknown, never zero.
        let pairs = |a: fn(&ServiceFigures) -> Option<i64>,
                     b: fn(&ServiceFigures) -> Option<i64>| {
            figs.iter()
                .filter_map(|f| Some((a(f)?, b(f)?)))
                .fold((0i64, 0i64, 0usize), |(x, y, n), (p, q)| {
                    (x + p, y + q, n + 1)
                })
        };
        let (total, on, with_online) = pairs(|f| f.total, |f| f.online);
        let (ok, late, with_overdue) = pairs(|f| f.on_time, |f| f.overdue);
        let n = |x: i64| Point {
            kind: PointKind::Reported,
            value: Some(x as f64),
            upper: None,
            text: format::number(x as f64),
        };
        if with_online > 0 && total > 0 {
            online.0.push(format!("Phụ lục {appendix}"));
            online.1.push(n(on));
            online.2.push(n((total - on).max(0)));
        }
        if with_overdue > 0 && ok + late > 0 {
            timely.0.push(format!("Phụ lục {appendix}"));
            timely.1.push(n(ok));
            timely.2.push(n(late));
        }
    }
    let month_label = format::month(month);
    let mut out = Vec::new();
    let mut part = |slug: &str,
                    title: &str,
                    what: &str,
                    (cats, first, rest): Parts,
                    names: [&str; 2]| {
        if cats.is_empty() {
            return;
        }
        out.push(ChartSpec {
            slug: slug.into(),
            page: String::new(),
            png: true,
            sources: vec![report.report.source.clone()],
            as_of: month_label.clone(),
            kind: Kind::PartOfWhole,
            title: format!("{title} — {month_label}"),
            description: format!(
                "Biểu đồ thanh tỷ lệ: {what} của các dịch vụ công thiết yếu ({}), {month_label}; cộng các dòng ghi đủ cả hai số, tỷ lệ tính từ các số đó.",
                cats.join(", ")
            ),
            percent: false,
            categories: cats,
            series: vec![
                Series { name: names[0].into(), points: first },
                Series { name: names[1].into(), points: rest },
            ],
        });
    };
    part(
        "dvc-truc-tuyen",
        "Hồ sơ dịch vụ công nộp trực tuyến",
        "số hồ sơ nộp trực tuyến và không trực tuyến",
        online,
        ["Trực tuyến", "Không trực tuyến"],
    );
    part(
        "dvc-dung-han",
        "Hồ sơ giải quyết đúng hạn và quá hạn",
        "số hồ sơ giải quyết đúng hạn và quá hạn",
        timely,
        ["Đúng hạn", "Quá hạn"],
    );
    out
}

/// Services of one appendix ranked by their online rate, computed from dossier counts.
pub fn services_ranking(report: &MonthReport, appendix: &str) -> Option<ChartSpec> {
    let mut rows: Vec<(String, f64)> = report
        .services
        .iter()
        .filter(|s| s.appendix == appendix)
        .flat_map(|s| {
            service_figures(s)
                .into_iter()
                .map(move |(name, f)| (format!("{}. {name}", s.number), f))
        })
        .filter_map(|(name, f)| match (f.total, f.online) {
            (Some(t), Some(o)) if t > 0 => Some((name, o as f64 * 100.0 / t as f64)),
            _ => None,
        })
        .collect();
    if rows.len() < 2 {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let month = report.report.month;
    let low = rows
        .last()
        .map(|r| format!("{} ({})", r.0, format::percent(r.1)));
    Some(ChartSpec {
        slug: format!("dvc-xep-hang-phu-luc-{}", appendix.to_lowercase()),
        page: String::new(),
        png: true,
        sources: vec![report.report.source.clone()],
        as_of: format::month(month),
        kind: Kind::Ranking,
        title: format!(
            "Tỷ lệ hồ sơ trực tuyến theo dịch vụ, Phụ lục {appendix} — {}",
            format::month(month)
        ),
        description: format!(
            "Biểu đồ cột xếp hạng {} dịch vụ công theo tỷ lệ hồ sơ nộp trực tuyến (tính từ số hồ sơ), {}. Thấp nhất: {}.",
            rows.len(),
            format::month(month),
            low.unwrap_or_default()
        ),
        percent: true,
        categories: rows.iter().map(|r| r.0.clone()).collect(),
        series: vec![Series {
            name: "Tỷ lệ trực tuyến".into(),
            points: rows
                .iter()
                .map(|r| Point {
                    kind: PointKind::Reported,
                    value: Some(r.1),
                    upper: None,
                    text: format::percent(r.1),
                })
                .collect(),
        }],
    })
}

/// Models by status in each group, from one month's report.
pub fn status_by_group(ds: &Ix, report: &MonthReport) -> Option<ChartSpec> {
    if report.statuses.is_empty() {
        return None;
    }
    let group_of = |n: u32| {
        ds.models
            .iter()
            .find(|m| m.number == n)
            .and_then(|m| m.group.clone())
    };
    let mut cats: Vec<(Option<String>, String)> = ds
        .groups
        .iter()
        .map(|g| (Some(g.id.clone()), format!("{}. {}", g.id, g.name)))
        .collect();
    if report
        .statuses
        .iter()
        .any(|s| group_of(s.model).is_none_or(|g| !ds.groups.iter().any(|x| x.id == g)))
    {
        cats.push((None, "Chưa rõ nhóm".into()));
    }
    let in_cat = |s: &crate::model::records::ModelStatus, cat: &Option<String>| {
        let g = group_of(s.model).filter(|g| ds.groups.iter().any(|x| &x.id == g));
        &g == cat
    };
    let used: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|st| report.statuses.iter().any(|s| s.status == *st))
        .collect();
    let series: Vec<Series> = used
        .iter()
        .map(|st| Series {
            name: status_label(*st).into(),
            points: cats
                .iter()
                .map(|(id, _)| {
                    let n = report
                        .statuses
                        .iter()
                        .filter(|s| s.status == *st && in_cat(s, id))
                        .count();
                    Point {
                        kind: PointKind::Reported,
                        value: Some(n as f64),
                        upper: None,
                        text: format::number(n as f64),
                    }
                })
                .collect(),
        })
        .collect();
    let month = report.report.month;
    let summary: Vec<String> = used
        .iter()
        .map(|st| {
            let n = report.statuses.iter().filter(|s| s.status == *st).count();
            format!(
                "{} {}",
                format::number(n as f64),
                status_label(*st).to_lowercase()
            )
        })
        .collect();
    Some(ChartSpec {
        slug: "tinh-trang-mo-hinh".into(),
        page: String::new(),
        png: true,
        sources: vec![report.report.source.clone()],
        as_of: format::month(month),
        kind: Kind::Status,
        title: format!(
            "Tình trạng các mô hình theo nhóm — {}",
            format::month(month)
        ),
        description: format!(
            "Biểu đồ cột: số mô hình theo tình trạng trong từng nhóm, theo báo cáo {} của {}. Tổng {} mô hình: {}.",
            format::month(month),
            locality_name(ds, &report.report.locality),
            report.statuses.len(),
            summary.join(", ")
        ),
        percent: false,
        categories: cats.into_iter().map(|c| c.1).collect(),
        series,
    })
}
