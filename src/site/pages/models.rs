//! The list of models and each model's page.

use crate::common::calendar::Month;
use crate::common::format;
use crate::model::index::Ix;
use crate::model::records::*;
use crate::model::translations::Subject;
use crate::paths as url;
use crate::site::labels::Labels;
use crate::site::views::models::{
    GroupRef, ModelDetail, ModelGroupView, ModelNumber, ModelSummary, ModelView, ModelsView,
    VariantView,
};
use crate::site::views::{
    ChartRef, CiteView, PlanItemView, StatusEntry, conflicts, context, translation,
};
use crate::site::{Context, Graph, PageSpec};

/// Adds the list of models and a page per model.
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let latest = ds.reports.last();
    let labels = &*g.labels;
    // Models.
    let groups = ds
        .groups
        .iter()
        .map(|g| {
            let models: Vec<ModelSummary> = ds
                .models
                .iter()
                .filter(|m| m.group.as_deref() == Some(g.id.as_str()))
                .map(|m| model_summary(ds, m, labels))
                .collect();
            ModelGroupView {
                id: g.id.clone(),
                name: g.name.clone(),
                stated_count: g.stated_count,
                count: models.len(),
                note: g.note.clone(),
                cite: CiteView::new(&g.cite, ds),
                models,
            }
        })
        .collect();
    let ungrouped = ds
        .models
        .iter()
        .filter(|m| {
            m.group
                .as_ref()
                .is_none_or(|g| !ds.groups.iter().any(|x| &x.id == g))
        })
        .map(|m| model_summary(ds, m, labels))
        .collect();
    let mut shown = Vec::new();
    let charts = latest
        .and_then(|r| crate::site::charts::status_by_group(ds, r))
        .map(|c| ChartRef::add(&mut g.charts, &mut shown, url::MODELS, c))
        .into_iter()
        .collect();
    g.pages.push(PageSpec {
        path: url::MODELS.into(),
        template: "models.html",
        title: g.labels.models.clone(),
        context: Context::Ready(context(ModelsView {
            groups,
            ungrouped,
            csv: url::MODELS_CSV,
            charts,
        })),
        markdown: None,
        in_sitemap: true,
        charts: shown,
        summary: None,
        share_image: None,
    });
    for m in &ds.models {
        g.pages.push(model_page(ds, m, &g.labels));
    }
}

/// A model's page: its history of statuses and who adopted it.
fn model_page(ds: &Ix, m: &Model, l: &Labels) -> PageSpec<'static> {
    let history = ds
        .reports
        .iter()
        .filter_map(|r| {
            r.statuses
                .iter()
                .find(|s| s.model == m.number)
                .map(|s| StatusEntry::new(s, r.report.month, ds, l))
        })
        .collect();
    let group = m
        .group
        .as_ref()
        .and_then(|g| ds.groups.iter().find(|x| &x.id == g))
        .map(|g| GroupRef {
            id: g.id.clone(),
            name: g.name.clone(),
        });
    let title_tr = translation(ds, Subject::Model, &m.number.to_string(), "title");
    let title = match title_tr.as_ref().or(m.title.as_ref()) {
        Some(t) => l
            .model_titled
            .replace("{number}", &m.number.to_string())
            .replace("{title}", t),
        None => l.model.replace("{number}", &m.number.to_string()),
    };
    let link = |x: &Model| ModelNumber {
        url: url::model(x.number),
        number: x.number,
    };
    let prev = ds
        .models
        .iter()
        .rev()
        .find(|x| x.number < m.number)
        .map(link);
    let next = ds.models.iter().find(|x| x.number > m.number).map(link);
    let model = ModelDetail {
        number: m.number,
        title: m.title.clone(),
        title_tr: translation(ds, Subject::Model, &m.number.to_string(), "title"),
        goal: m.goal.clone(),
        goal_cite: m.goal_cite.as_ref().map(|c| CiteView::new(c, ds)),
        group,
        variants: m
            .variants
            .iter()
            .map(|v| VariantView {
                title: v.title.clone(),
                cite: CiteView::new(&v.cite, ds),
                note: v.note.clone(),
            })
            .collect(),
        cite: m.cite.as_ref().map(|c| CiteView::new(c, ds)),
        conflicts: conflicts(&m.conflicts, ds),
        note: m.note.clone(),
    };
    PageSpec {
        // A model's goal, as its document words it (or an editor translates it), is what
        // the page is about.
        summary: super::super::views::translation(
            ds,
            crate::model::translations::Subject::Model,
            &m.number.to_string(),
            "goal",
        )
        .or_else(|| m.goal.clone()),
        ..PageSpec::new(
            url::model(m.number),
            "model.html",
            title,
            Context::Ready(context(ModelView {
                model,
                history,
                adopters: adopters(ds, m.number),
                prev,
                next,
            })),
        )
    }
}

/// Latest status of a model, with its month.
fn latest_status<'d>(ds: &'d Ix, n: u32) -> Option<(Month, &'d ModelStatus)> {
    ds.reports.iter().rev().find_map(|r| {
        r.statuses
            .iter()
            .find(|s| s.model == n)
            .map(|s| (r.report.month, s))
    })
}

/// The plan items that adopt a model.
fn adopters<'a>(ds: &'a Ix, n: u32) -> Vec<PlanItemView<'a>> {
    ds.plans
        .iter()
        .flat_map(|p| {
            p.items
                .iter()
                .filter(move |i| i.model == Some(n))
                .map(move |i| PlanItemView::new(i, &p.plan, ds))
        })
        .collect()
}

/// How many plan items adopt a model.
fn adopter_count(ds: &Ix, n: u32) -> usize {
    ds.plans
        .iter()
        .map(|p| p.items.iter().filter(|i| i.model == Some(n)).count())
        .sum()
}

/// A model as the list of models shows it.
fn model_summary(ds: &Ix, m: &Model, l: &Labels) -> ModelSummary {
    let st = latest_status(ds, m.number);
    ModelSummary {
        number: m.number,
        title: m.title.clone(),
        title_tr: translation(ds, Subject::Model, &m.number.to_string(), "title"),
        group: m.group.clone(),
        url: url::model(m.number),
        status: st.map(|(_, s)| l.model_status_view(s)),
        status_month: st.map(|(mo, _)| format::month(mo)),
        adopters: adopter_count(ds, m.number),
    }
}
