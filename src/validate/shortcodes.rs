//! The chart shortcodes of content pages: well-formed, naming an indicator and
//! localities that exist, and drawing something.

use super::checker::{Checker, Keys};
use crate::common::calendar::Month;
use crate::common::diagnostic::{Loc, Rule};
use crate::load::Located;
use crate::model::dataset::MonthReport;
use crate::model::records::{Indicator, Page};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// Checks the shortcodes of the published (not draft) pages.
pub(super) fn check(
    c: &mut Checker<'_>,
    pages: &[Page],
    indicators: &[Located<Indicator>],
    slugs: &Keys<String>,
    month_reports: &[MonthReport],
) {
    let indicator_ids: BTreeSet<&str> = indicators.iter().map(|i| i.record.id.as_str()).collect();
    // Indexed only when a page has a shortcode to check against the figures.
    let figures = std::cell::OnceCell::new();
    let figures_at = || figures.get_or_init(|| FiguresAt::new(month_reports, indicators));
    for p in pages.iter().filter(|p| !p.front.draft) {
        check_page(c, p, &indicator_ids, slugs, &figures_at);
    }
}

/// Which (indicator, locality, month) have a figure, counting months derived from a stated
/// change, and for a rate the figures of its numerator (the rate is computed from them).
struct FiguresAt<'a> {
    /// By indicator: the (locality, month) pairs with a figure.
    at: HashMap<&'a str, BTreeSet<(&'a str, Month)>>,
    numerator: HashMap<&'a str, &'a str>,
}

impl<'a> FiguresAt<'a> {
    /// Indexes the figures of the validated reports.
    fn new(reports: &'a [MonthReport], indicators: &'a [Located<Indicator>]) -> FiguresAt<'a> {
        let mut at: HashMap<&str, BTreeSet<(&str, Month)>> = HashMap::default();
        for r in reports {
            for f in &r.values {
                let set = at.entry(f.record.indicator.as_str()).or_default();
                set.insert((f.locality(), r.report.month));
                if let Some(on) = f.record.delta.as_ref().and_then(|d| d.on) {
                    set.insert((f.locality(), on));
                }
            }
        }
        let numerator = indicators
            .iter()
            .filter_map(|i| Some((i.record.id.as_str(), i.record.numerator.as_deref()?)))
            .collect();
        FiguresAt { at, numerator }
    }

    /// (locality, month) pairs with a figure of `indicator` among `localities` (all if empty) in `from..=to`.
    fn of(
        &self,
        indicator: &str,
        localities: &[(String, usize)],
        from: Option<Month>,
        to: Option<Month>,
    ) -> BTreeSet<(&'a str, Month)> {
        let mut ids = vec![indicator];
        ids.extend(self.numerator.get(indicator).copied());
        ids.dedup();
        ids.iter()
            .filter_map(|i| self.at.get(i))
            .flatten()
            .filter(|(l, m)| {
                (localities.is_empty() || localities.iter().any(|x| x.0 == *l))
                    && from.is_none_or(|f| *m >= f)
                    && to.is_none_or(|t| *m <= t)
            })
            .copied()
            .collect()
    }
}

/// Checks the shortcodes of one page.
fn check_page<'f>(
    c: &mut Checker<'_>,
    page: &Page,
    indicators: &BTreeSet<&str>,
    localities: &Keys<String>,
    figures: &dyn Fn() -> &'f FiguresAt<'f>,
) {
    use crate::chart::shortcode;
    let at = |offset: usize| Loc {
        file: page.loc.file,
        span: page.body_offset + offset..page.body_offset + offset + 1,
    };
    for found in shortcode::find(&page.body) {
        let req = match found.and_then(|sc| shortcode::chart_request(&sc)) {
            Ok(r) => r,
            Err(p) => {
                c.error(Rule::Shortcode, &at(p.offset), p.message, Some(p.expected));
                continue;
            }
        };
        if !indicators.contains(req.indicator.0.as_str())
            && !c.unread.contains("data/indicators.toml")
        {
            c.error(
                Rule::Shortcode,
                &at(req.indicator.1),
                format!("shortcode: unknown indicator `{}`", req.indicator.0),
                Some("an indicator id from data/indicators.toml".into()),
            );
        }
        let mut known = indicators.contains(req.indicator.0.as_str());
        for (slug, offset) in &req.localities {
            if !localities.contains(slug) {
                known = false;
                if c.unread.contains("data/localities.toml") {
                    continue;
                }
                c.error(
                    Rule::Shortcode,
                    &at(*offset),
                    format!("shortcode: unknown locality `{slug}`"),
                    Some("a locality slug from data/localities.toml".into()),
                );
            }
        }
        if !known {
            continue;
        }
        // A chart with nothing to draw is a mistake the press office should see before publishing.
        let (id, where_) = (&req.indicator.0, req.indicator.1);
        let found = figures().of(id, &req.localities, req.from, req.to);
        if found.is_empty() {
            c.error(
                Rule::ShortcodeNoData,
                &at(where_),
                format!("shortcode: no figure of `{id}` for these localities and months"),
                Some(
                    "an indicator, localities and months that have figures in data/reports/".into(),
                ),
            );
        } else if req.bars
            && let Some(month) = req.to.or_else(|| found.iter().map(|x| x.1).max())
        {
            let n = found.iter().filter(|x| x.1 == month).count();
            if n < 2 {
                c.error(
                    Rule::ShortcodeNoData,
                    &at(where_),
                    format!("shortcode: a ranking of `{id}` needs figures of two localities or more in {month}; there are {n}"),
                    Some("kind=\"line\", or a month and localities with several figures".into()),
                );
            }
        }
    }
}
