//! A month's services by appendix and group, as the services and report pages show them.

use super::{CiteView, ConflictView, conflicts, translation};
use crate::common::format;
use crate::model::dataset::MonthReport;
use crate::model::index::Ix;
use crate::model::rate::rate_agrees;
use crate::model::records::*;
use crate::model::translations::Subject;
use crate::paths as url;
use crate::site::labels::Labels;
use serde::Serialize;

/// A service's figures, with the online rate computed and compared with the stated one.
#[derive(Debug, Clone, Serialize)]
pub struct FiguresView {
    /// Applications received.
    pub total: Option<String>,
    /// Of which online.
    pub online: Option<String>,
    /// The online rate computed, as shown.
    pub rate: Option<String>,
    /// The online rate computed, as a number.
    pub rate_number: Option<f64>,
    /// The rate the document states.
    pub stated_rate: Option<String>,
    /// The stated rate disagrees with the computed one.
    pub stated_differs: bool,
    /// The stated rate agrees with the computed one to its printed precision but reads
    /// differently (99,06 % printed, 99,05 % computed): shown beside it, without a warning.
    pub stated_rounded: bool,
    /// Settled on time.
    pub on_time: Option<String>,
    /// Overdue.
    pub overdue: Option<String>,
    /// The report says there were none this month.
    pub none_this_month: bool,
}

impl FiguresView {
    /// The view of a service's figures.
    pub fn new(f: &ServiceFigures) -> FiguresView {
        let rate = match (f.total, f.online) {
            (Some(t), Some(o)) if t > 0 => Some(o as f64 * 100.0 / t as f64),
            _ => None,
        };
        let differs = matches!((f.stated_rate, rate), (Some(s), Some(c)) if !rate_agrees(s, c));
        let rounded = matches!((f.stated_rate, rate), (Some(s), Some(c))
            if !differs && format::percent(s) != format::percent(c));
        let n = |x: Option<i64>| x.map(|x| format::number(x as f64));
        FiguresView {
            total: n(f.total),
            online: n(f.online),
            rate: rate.map(format::percent),
            rate_number: rate,
            stated_rate: f.stated_rate.map(format::percent),
            stated_differs: differs,
            stated_rounded: rounded,
            on_time: n(f.on_time),
            overdue: n(f.overdue),
            none_this_month: f.none_this_month,
        }
    }
}

/// A row of a service (a locality or a unit).
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRowView {
    /// Its name.
    pub name: String,
    /// An editor's (unofficial) translation of its name into the page's language.
    pub name_tr: Option<String>,
    /// Its connection to the national portal, as written.
    pub connection: Option<String>,
    /// Its figures.
    pub figures: FiguresView,
    /// Difficulties.
    pub difficulties: Option<String>,
    /// An editor's note.
    pub note: Option<String>,
}

/// A service of a month's report.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView<'a> {
    /// Its number in the appendix.
    pub number: String,
    /// Its name.
    pub name: String,
    /// An editor's (unofficial) translation of its name into the page's language.
    pub name_tr: Option<String>,
    /// Its connection to the national portal, as written.
    pub connection: Option<String>,
    /// Whether that says it is connected.
    pub connected: Option<bool>,
    /// Its figures (its rows' sum, or its own).
    pub figures: FiguresView,
    /// Difficulties.
    pub difficulties: Option<String>,
    /// An editor's note.
    pub note: Option<String>,
    /// Its rows.
    pub rows: Vec<ServiceRowView>,
    /// Values other documents give.
    pub conflicts: Vec<ConflictView<'a>>,
    /// Where it is written.
    pub cite: CiteView<'a>,
}

/// A group of services in an appendix.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceGroupView<'a> {
    /// The group's id (null for services outside a group).
    pub id: Option<String>,
    /// The group's name.
    pub name: Option<String>,
    /// An editor's (unofficial) translation of the group's name into the page's language.
    pub name_tr: Option<String>,
    /// Its services.
    pub services: Vec<ServiceView<'a>>,
}

/// An appendix of services.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixView<'a> {
    /// `I` or `II`.
    pub id: &'static str,
    /// Its title, from `t.labels.appendix_i` / `appendix_ii`.
    pub title: String,
    /// Its groups, in the report's order.
    pub groups: Vec<ServiceGroupView<'a>>,
    /// URL of its CSV.
    pub csv: String,
}

/// The view of a service.
fn service<'a>(s: &'a Service, ds: &'a Ix) -> ServiceView<'a> {
    // Translations name a service `appendix.number` ("I.2") and its rows row1, row2, ….
    let id = format!("{}.{}", s.appendix, s.number);
    ServiceView {
        number: s.number.clone(),
        name: s.name.clone(),
        name_tr: translation(ds, Subject::Service, &id, "name"),
        connection: s.connection.clone(),
        connected: s
            .connection
            .as_deref()
            .map(|c| c.to_lowercase().starts_with("đã")),
        figures: FiguresView::new(&s.figures()),
        difficulties: s.difficulties.clone(),
        note: s.note.clone(),
        rows: s
            .rows
            .iter()
            .enumerate()
            .map(|(i, x)| ServiceRowView {
                name: x.name.clone(),
                name_tr: translation(ds, Subject::Service, &id, &format!("row{}", i + 1)),
                connection: x.connection.clone(),
                figures: FiguresView::new(&x.figures()),
                difficulties: x.difficulties.clone(),
                note: x.note.clone(),
            })
            .collect(),
        conflicts: conflicts(&s.conflicts, ds),
        cite: CiteView::new(&s.cite, ds),
    }
}

/// A month's services by appendix and group, with each appendix's CSV.
pub(crate) fn services<'a>(r: &'a MonthReport, ds: &'a Ix, l: &Labels) -> Vec<AppendixView<'a>> {
    let mut appendices = Vec::new();
    for (appendix, title) in &l.appendices {
        let rows: Vec<&Service> = r
            .services
            .iter()
            .filter(|s| s.appendix == *appendix)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut order: Vec<Option<String>> = Vec::new();
        for s in &rows {
            if !order.contains(&s.group) {
                order.push(s.group.clone());
            }
        }
        let groups = order
            .into_iter()
            .map(|g| {
                let name = g
                    .as_ref()
                    .and_then(|g| {
                        r.service_groups
                            .iter()
                            .find(|x| x.appendix == *appendix && &x.id == g)
                    })
                    .map(|x| x.name.clone());
                let services = rows
                    .iter()
                    .filter(|s| s.group == g)
                    .map(|s| service(s, ds))
                    .collect();
                let name_tr = g.as_ref().and_then(|g| {
                    translation(
                        ds,
                        Subject::ServiceGroup,
                        &format!("{appendix}.{g}"),
                        "name",
                    )
                });
                ServiceGroupView {
                    id: g,
                    name,
                    name_tr,
                    services,
                }
            })
            .collect();
        appendices.push(AppendixView {
            id: appendix,
            title: title.clone(),
            groups,
            csv: url::services_csv(&r.report.month, appendix),
        });
    }
    appendices
}
