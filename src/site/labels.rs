//! The UI strings the site stage writes into pages: page titles and the
//! labels of statuses and kinds of locality, looked up once in the site's
//! i18n file (the `[labels]` block of `themes/default/i18n/vi.toml`).

use crate::load::i18n::{Strings, StringsError};
use crate::model::records::*;

/// The default theme's label of a status, built in (for what has no site's
/// catalogue at hand: the charts' series, the `diff` command).
pub fn status_label(s: Status) -> &'static str {
    static BUILT_IN: std::sync::OnceLock<Option<Labels>> = std::sync::OnceLock::new();
    BUILT_IN
        .get_or_init(|| Labels::new(&Strings::built_in()).ok())
        .as_ref()
        .map_or("", |l| l.status(s))
}

/// The key of a kind of locality in `[labels.locality_kind]`.
fn kind_key(k: LocalityKind) -> &'static str {
    match k {
        LocalityKind::Province => "province",
        LocalityKind::City => "city",
        LocalityKind::District => "district",
        LocalityKind::Town => "town",
        LocalityKind::Commune => "commune",
        LocalityKind::Ward => "ward",
        LocalityKind::Township => "township",
    }
}

/// Every kind of locality, for looking their labels up once.
const KINDS: [LocalityKind; 7] = [
    LocalityKind::Province,
    LocalityKind::City,
    LocalityKind::District,
    LocalityKind::Town,
    LocalityKind::Commune,
    LocalityKind::Ward,
    LocalityKind::Township,
];

/// The UI strings of the site stage, looked up in the catalogue once.
#[derive(Debug, Clone)]
pub struct Labels {
    statuses: Vec<(Status, String)>,
    kinds: Vec<(LocalityKind, String)>,
    /// How a locality is named with its kind, in the language's order: what
    /// comes before and after the name, each with `{kind}` for the kind's label.
    around_name: (String, String),
    /// Title of the list of models.
    pub models: String,
    /// Title of a model's page without a title (`{number}`).
    pub model: String,
    /// Title of a model's page (`{number}`, `{title}`).
    pub model_titled: String,
    /// Title of the list of indicators.
    pub indicators: String,
    /// Title of the tree of localities.
    pub localities: String,
    /// Title of the list of reports.
    pub reports: String,
    /// Title of a month's report without its own (`{month}`).
    pub report: String,
    /// Where a report's source is cited: the whole document.
    pub report_cite: String,
    /// Title of the changelog of corrections.
    pub corrections: String,
    /// Title of the services page.
    pub services: String,
    /// Titles of the services' appendices I and II.
    pub appendices: [(&'static str, String); 2],
    /// Title of the deadlines page.
    pub deadlines: String,
    /// Heading of the deadlines passed.
    pub deadlines_passed: String,
    /// Heading of the deadlines of the next three months.
    pub deadlines_upcoming: String,
    /// Title of the sources page.
    pub sources: String,
    /// Title of the alphabetical index.
    pub index_az: String,
    /// Title of the open data page.
    pub open_data: String,
    /// Title of the page of a missing path.
    pub not_found: String,
    /// A change of a rate (`{diff}`, in points).
    pub points: String,
    /// Title of the search page (`[pages.search]`, with the page's other strings).
    pub search: String,
    /// Title of the comparison of every locality with a plan.
    pub compare_all: String,
    /// Title of a pair's comparison, with `{a}` and `{b}`.
    pub compare_pair: String,
    /// Title of the comparison of the localities under `{name}`.
    pub compare_within: String,
    /// Title of the chart page of a page titled `{title}` (issue 28).
    pub chart_page: String,
}

impl Labels {
    /// Looks every string up in `strings`; a missing one is an error naming the file and the key.
    pub fn new(strings: &Strings) -> Result<Labels, StringsError> {
        let get = |key: &str| strings.get(&format!("labels.{key}")).map(str::to_string);
        Ok(Labels {
            statuses: Status::ALL
                .iter()
                .map(|s| Ok((*s, get(&format!("status.{}", s.code()))?)))
                .collect::<Result<_, StringsError>>()?,
            kinds: KINDS
                .iter()
                .map(|k| Ok((*k, get(&format!("locality_kind.{}", kind_key(*k)))?)))
                .collect::<Result<_, StringsError>>()?,
            around_name: match get("locality_named")?.split_once("{name}") {
                Some((before, after)) => (before.to_string(), after.to_string()),
                // A pattern without the name: the kind before it, as Vietnamese has it.
                None => ("{kind} ".to_string(), String::new()),
            },
            models: get("models")?,
            model: get("model")?,
            model_titled: get("model_titled")?,
            indicators: get("indicators")?,
            localities: get("localities")?,
            reports: get("reports")?,
            report: get("report")?,
            report_cite: get("report_cite")?,
            corrections: get("corrections")?,
            services: get("services")?,
            appendices: [("I", get("appendix_i")?), ("II", get("appendix_ii")?)],
            deadlines: get("deadlines")?,
            deadlines_passed: get("deadlines_passed")?,
            deadlines_upcoming: get("deadlines_upcoming")?,
            sources: get("sources")?,
            index_az: get("index_az")?,
            open_data: get("open_data")?,
            not_found: get("not_found")?,
            points: get("points")?,
            search: strings.get("pages.search.title")?.to_string(),
            compare_all: get("compare.all")?,
            compare_pair: get("compare.pair")?,
            compare_within: get("compare.within")?,
            chart_page: get("charts.page")?,
        })
    }

    /// The label of a status.
    pub fn status(&self, s: Status) -> &str {
        self.statuses
            .iter()
            .find(|(x, _)| *x == s)
            .map_or("", |(_, l)| l.as_str())
    }

    /// The label of a kind of locality.
    pub fn kind(&self, k: LocalityKind) -> &str {
        self.kinds
            .iter()
            .find(|(x, _)| *x == k)
            .map_or("", |(_, l)| l.as_str())
    }

    /// A locality's name with its kind's label, in the language's order:
    /// "Tỉnh Thanh Hóa", "Thanh Hóa Province".
    pub fn named(&self, k: LocalityKind, name: &str) -> String {
        let (before, after) = self.around_name(k);
        format!("{before}{name}{after}")
    }

    /// What [`Labels::named`] puts before and after the name (a heading marks
    /// the name's own language, so it writes the name itself).
    pub fn around_name(&self, k: LocalityKind) -> (String, String) {
        let kind = self.kind(k);
        (
            self.around_name.0.replace("{kind}", kind),
            self.around_name.1.replace("{kind}", kind),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_strings_have_every_label() {
        let labels =
            Labels::new(&Strings::built_in()).expect("every key in themes/default/i18n/vi.toml");
        assert_eq!(labels.kind(LocalityKind::Ward), "Phường");
        assert_eq!(
            labels.named(LocalityKind::Province, "Thanh Hóa"),
            "Tỉnh Thanh Hóa"
        );
        assert_eq!(status_label(Status::Completed), "Đã hoàn thành");
        assert_eq!(
            status_label(Status::WaitingCentral),
            "Chờ Trung ương triển khai"
        );
    }

    #[test]
    fn english_names_a_locality_before_its_kind() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let en = Strings::load(root, "default", "en").expect("the shipped English strings");
        let labels = Labels::new(&en).expect("every label in English");
        assert_eq!(
            labels.named(LocalityKind::Province, "Thanh Hóa"),
            "Thanh Hóa Province"
        );
        assert_eq!(
            labels.around_name(LocalityKind::Ward),
            (String::new(), " Ward".to_string())
        );
    }
}
