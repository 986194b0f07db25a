//! The rules every diagnostic is reported under: one table, with each rule's stable
//! id, short name, default severity, title and help.
//!
//! Ids are `MB` and four digits (`MB0301`), numbered by subject (01 files and syntax,
//! 02 references and ids, 03 figures, 04 indicators, 05 services, 06 reports,
//! 07 localities, plans and models, 08 content pages, 09 corrections, 10 theme and
//! output, 11 translations). A number, not the name alone, is the stable key: code scanning (SARIF),
//! GitLab's fingerprints and a reviewer's memory of "MB0306" must survive a better
//! name or title, as rustc's `E0308` and ShellCheck's `SC2086` do. The kebab-case name
//! beside it is for people (`MB0306 negative-value`).
//!
//! A new check picks the rule that says what it finds, or adds one line here (the next
//! free number of its subject; never reuse or renumber one). The README's rule table is
//! generated from this one and a test fails when it differs.

use super::diagnostic::Severity;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What is known of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable id, `MB` and four digits.
    pub id: &'static str,
    /// A short kebab-case name.
    pub name: &'static str,
    /// The severity it is reported with (a few rules say in their help when it differs).
    pub severity: Severity,
    /// What it finds, in a few words (English; translations in the message catalogues).
    pub title: &'static str,
    /// How to fix it.
    pub help: &'static str,
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = ($id:literal, $name:literal, $sev:ident, $title:literal, $help:literal), )*) => {
        /// A rule a diagnostic is reported under (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in id order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The rule's id, name, severity, title and help.
            pub const fn info(self) -> &'static RuleInfo {
                match self {
                    $( Rule::$variant => &RuleInfo {
                        id: $id,
                        name: $name,
                        severity: Severity::$sev,
                        title: $title,
                        help: $help,
                    }, )*
                }
            }
        }
    };
}

rules! {
    /// A file that cannot be read (missing, unreadable, a link outside the site, too large).
    FileUnreadable = ("MB0101", "file-unreadable", Error, "File missing or unreadable",
        "Check that the file exists inside the site folder, is readable and is at most 16 MB; copy a linked file in instead of linking to it."),
    /// Bytes that are not UTF-8.
    InvalidUtf8 = ("MB0102", "invalid-utf8", Error, "Text is not UTF-8",
        "Save the file as UTF-8 (most editors: \"Save with encoding\", UTF-8)."),
    /// Decomposed Unicode, read as NFC.
    NotNfc = ("MB0103", "not-nfc", Warning, "Text in decomposed Unicode",
        "The text was read as composed (NFC) characters; save it composed so that searches and comparisons find it."),
    /// A TOML syntax error.
    TomlSyntax = ("MB0104", "toml-syntax", Error, "TOML syntax error",
        "Fix the syntax at the place shown: quotes, brackets, `=` between key and value, one key per line."),
    /// A record whose fields do not have the expected names or types.
    InvalidRecord = ("MB0105", "invalid-record", Error, "Record does not fit the schema",
        "Compare the record with the schema in data/README.md: field names, types (number, text, date) and required fields."),
    /// A top-level key no part of the site reads.
    UnknownKey = ("MB0106", "unknown-key", Error, "Unknown top-level key",
        "Use one of the tables the file may have (listed in the message); a misspelt header would otherwise be ignored."),
    /// A file under data/ that nothing reads.
    UnexpectedFile = ("MB0107", "unexpected-file", Error, "Unexpected file in data/",
        "Rename or move the file to where the site reads it, or remove it: a misnamed file would otherwise be ignored."),
    /// A content page's front matter is missing or wrong.
    FrontMatter = ("MB0108", "front-matter", Error, "Front matter missing or invalid",
        "Start the page with a line `+++`, TOML such as title = \"...\", and a closing `+++`."),
    /// site.toml is missing or has a wrong setting.
    SiteConfig = ("MB0109", "site-config", Error, "Site settings invalid",
        "Fix site.toml: at least title = \"...\", and a theme that is a folder under themes/."),
    /// A reference to a key defined nowhere.
    UnknownReference = ("MB0201", "unknown-reference", Error, "Unknown reference",
        "Use a key defined in the file named in `expected` (the closest one is suggested), or define it there."),
    /// A key that repeats one defined before.
    DuplicateKey = ("MB0202", "duplicate-key", Error, "Duplicate key",
        "Each id, slug or month is defined once: remove or rename the second record."),
    /// An id that cannot be used in a URL or file name.
    InvalidId = ("MB0203", "invalid-id", Error, "Id not usable in URLs",
        "Ids and slugs are ASCII letters and digits joined by single dashes (slugs lower-case), such as `eid-accounts-activated`."),
    /// A cite that does not say where in its source.
    CiteWithoutPlace = ("MB0204", "cite-without-place", Error, "Cite does not say where",
        "Every cite names the place in the source: at = \"Mục II.4\" or \"Phụ lục I, STT 2\"."),
    /// A legal source that cannot be checked offline.
    LegalSource = ("MB0205", "legal-source", Error, "Legal text not checkable offline",
        "A legal source says where it can be read (url = \"https://…\") and names the file of its transcribed passages under sources/legal/."),
    /// A record still marked `to_fill`.
    StillToFill = ("MB0301", "still-to-fill", Error, "Value still to fill in",
        "Fill in the value from the source document and delete `to_fill = true`. A warning while the report is a draft, an error once it is final."),
    /// A figure with none, or more than one, of its value forms.
    FigureValueForm = ("MB0302", "figure-value-form", Error, "Figure has no value or several",
        "A figure has exactly one of value = N, lower_bound = N, range = { from = N, to = M } or none_this_month = true."),
    /// A value given for a rate the program computes.
    ComputedRateGiven = ("MB0303", "computed-rate-given", Error, "Rate given instead of computed",
        "A rate with a numerator and denominator is computed: record the two counts; the printed rate goes in `stated`."),
    /// `stated` on a figure that is not a percent.
    StatedNotRate = ("MB0304", "stated-not-rate", Error, "Printed rate on a non-rate",
        "`stated` holds the printed rate of a percent indicator; remove it from other figures."),
    /// A number that is not finite, or a count with a fraction.
    InvalidNumber = ("MB0305", "invalid-number", Error, "Number not valid for its unit",
        "Write a finite number, a whole one for counts, as the document prints it (1234 or 23.03)."),
    /// A negative figure or count.
    NegativeValue = ("MB0306", "negative-value", Error, "Negative value",
        "Counts and rates are zero or more; check the sign against the document."),
    /// A stated change dated another month than the report.
    DeltaMonth = ("MB0307", "delta-month", Error, "Change on the wrong month",
        "A `delta` compares with the previous month of its own report: check its `on` month."),
    /// A printed rate that differs from the one computed.
    StatedRateDiffers = ("MB0308", "stated-rate-differs", Warning, "Printed rate differs from computed",
        "Nothing to fix if the document prints it so: both values are shown on the site. Check the two counts against the document."),
    /// A range figure without both bounds, backwards, or of a computed rate.
    RangeBounds = ("MB0309", "range-bounds", Error, "Range incomplete or backwards",
        "A range has both bounds as the document writes them, the lower first: range = { from = N, to = M }; a rate is computed from its counts, never given as a range."),
    /// An indicator referring to itself.
    IndicatorSelfReference = ("MB0401", "indicator-self-reference", Error, "Indicator refers to itself",
        "A rate's numerator and denominator are other indicators."),
    /// A rate without both parts, or a rate whose unit is not percent.
    RateDefinition = ("MB0402", "rate-definition", Error, "Rate defined incompletely",
        "A rate has both numerator and denominator, and unit = \"percent\"."),
    /// A service row whose counts do not add up.
    ServiceCounts = ("MB0501", "service-counts", Error, "Service counts do not add up",
        "Online ≤ total and on time + overdue ≤ total; counts are zero or more. Check the row against the appendix."),
    /// A report folder or month that does not fit.
    ReportMonth = ("MB0601", "report-month", Error, "Report month does not fit",
        "A report is in data/reports/YYYY-MM/ named after its own month, one per month, and not in the future."),
    /// A second status that repeats the first or has no words to be read from.
    SecondaryStatus = ("MB0602", "secondary-status", Error, "Second status repeats or lacks its words",
        "A secondary_status is a different state the same assessment also states; keep the row's assessment as written beside both."),
    /// A plan file or plan that does not fit.
    PlanStructure = ("MB0701", "plan-structure", Error, "Plan file incomplete",
        "A plan file has one [plan] table (locality, kind, title, cite); one plan per locality."),
    /// A locality tree or validity period that does not hold.
    LocalityTree = ("MB0702", "locality-tree", Error, "Locality tree or validity invalid",
        "Parents lead up to a province without cycles; a locality is not its own parent and does not outlive it."),
    /// A model numbered or cited wrongly.
    ModelDefinition = ("MB0703", "model-definition", Error, "Model definition invalid",
        "Models are numbered from 1, and a model with a title or goal cites where they are written."),
    /// A deadline not kept as one string, as written.
    DeadlineAsWritten = ("MB0704", "deadline-as-written", Error, "Deadline not kept as written",
        "Write a deadline once, as one string, exactly as the document writes it; its parts are read from it."),
    /// A locality's validity, successors or their citation that do not hold together.
    LocalityValidity = ("MB0705", "locality-validity", Error, "Validity or successors invalid",
        "valid_until is the first day a unit no longer exists, equal to each successor's valid_from; dates and successors cite the legal text (validity_cite)."),
    /// A shortcode that cannot be read or names something unknown.
    Shortcode = ("MB0801", "shortcode", Error, "Shortcode invalid",
        "Write {{ chart(indicator=\"...\", localities=[...], from=\"YYYY-MM\", to=\"YYYY-MM\", kind=\"line\") }} with known ids and slugs."),
    /// A shortcode that selects no data.
    ShortcodeNoData = ("MB0802", "shortcode-no-data", Error, "Chart selects no figures",
        "Choose an indicator, localities and months that have figures (a ranking needs two localities or more in its month)."),
    /// A correction that does not match the data.
    Correction = ("MB0901", "correction", Error, "Correction does not match the data",
        "A correction names a published month and figure, its reason and date, and its `new` value is the one now in the data."),
    /// A theme problem: template, translation table, missing template.
    Theme = ("MB1001", "theme", Error, "Theme problem",
        "Fix the template or translation file named; a site overrides a theme file by putting its own at the same path."),
    /// The site cannot be written (unsafe or repeated path, write error).
    Output = ("MB1002", "output", Error, "Site cannot be written",
        "Each page needs its own safe URL (plain names, no `..`); check the output folder can be written."),
    /// A build whose base URL cannot make the absolute URLs of link previews.
    ShareBaseUrl = ("MB1003", "share-base-url", Warning, "Link previews without absolute URLs",
        "Build with an absolute base URL (base_url = \"https://host/path/\" in site.toml, or --base-url) so that shared links get og:url, og:image and the canonical link."),
    /// A translations file that does not say who made it and that it is unofficial, or is not named by a language.
    TranslationFile = ("MB1101", "translation-file", Error, "Translations file without its header",
        "Name the file by its language (data/translations/en.toml) and begin it with [translation], translator = \"who made them\" and unofficial = true."),
    /// A translation of a record or text that the data does not have.
    UnknownTranslation = ("MB1102", "unknown-translation", Error, "Translation of unknown text",
        "Give the id of an existing record (a model's number, an indicator's id, a service's \"I.2\") and only the texts it has."),
    /// Data text a reader needs, left untranslated in one of the site's languages.
    Untranslated = ("MB1103", "untranslated", Warning, "Text left untranslated",
        "Add the record's translation to data/translations/<language>.toml; until then the page shows the Vietnamese text."),
}

impl Rule {
    /// The stable id, such as `MB0306`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule with this id, if any.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Serialized as its id, the stable part.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Rule::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule {id}")))
    }
}

/// The README's table of rules, generated from [`Rule::ALL`].
pub fn markdown_table() -> String {
    let mut out = String::from("| id | name | severity | what it finds | how to fix it |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for r in Rule::ALL {
        let i = r.info();
        let sev = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let help = i.help.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | `{}` | {sev} | {} | {help} |\n",
            i.id, i.name, i.title
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_in_order() {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "ids must be unique and listed in order");
        for r in Rule::ALL {
            let i = r.info();
            assert!(
                i.id.len() == 6
                    && i.id.starts_with("MB")
                    && i.id[2..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                i.id
            );
            assert!(
                i.name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{}",
                i.name
            );
            assert_eq!(Rule::from_id(i.id), Some(*r));
        }
    }
}
