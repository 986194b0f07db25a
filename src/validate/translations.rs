//! Translations of data text (`data/translations/<language>.toml`): each file says
//! who made it and that it is unofficial, each record names a text that exists,
//! and the texts a reader needs are translated into every language the site has.

use super::checker::Checker;
use super::suggest::distance;
use crate::common::diagnostic::{Loc, Rule};
use crate::load::translations::{TextRecord, TranslationFile};
use crate::load::{Located, ReportDir};
use crate::model::dataset::Place;
use crate::model::records::{Indicator, Model, ModelGroup, Source};
use crate::model::translations::{Subject, Translations};
use rustc_hash::FxHashMap as HashMap;

/// A record of `data/` whose text may be translated.
struct Original {
    subject: Subject,
    id: String,
    /// Where it is written; none for a locality, whose name needs no translation.
    loc: Option<Loc>,
    /// Its fields that hold text, as the translations file names them.
    fields: Vec<String>,
}

/// The translatable records of `data/`, in the order of the data.
pub(super) struct Originals {
    list: Vec<Original>,
    by_key: HashMap<(Subject, String), usize>,
}

/// The records whose text may be translated, as loaded.
pub(super) struct Data<'a> {
    /// sources.toml.
    pub(super) documents: &'a [Located<Source>],
    /// Localities with their resolved slugs.
    pub(super) places: &'a [Place],
    /// models.toml groups.
    pub(super) groups: &'a [Located<ModelGroup>],
    /// models.toml models.
    pub(super) models: &'a [Located<Model>],
    /// indicators.toml.
    pub(super) indicators: &'a [Located<Indicator>],
    /// The report folders (their services tables).
    pub(super) reports: &'a [ReportDir],
}

/// The names of the fields of `pairs` that hold text.
fn present<'s>(pairs: impl IntoIterator<Item = (&'s str, bool)>) -> Vec<String> {
    pairs
        .into_iter()
        .filter(|(_, has)| *has)
        .map(|(f, _)| f.to_string())
        .collect()
}

impl Originals {
    /// Lists the translatable records of the data; a service or service group
    /// found in several months counts once, at its first.
    pub(super) fn new(d: &Data<'_>) -> Originals {
        let mut o = Originals {
            list: Vec::new(),
            by_key: HashMap::default(),
        };
        for g in d.groups {
            o.add(
                Subject::ModelGroup,
                &g.id,
                Some(&g.loc),
                present([("name", true), ("note", g.note.is_some())]),
            );
        }
        for m in d.models {
            let fields = [
                ("title", m.title.is_some()),
                ("goal", m.goal.is_some()),
                ("note", m.note.is_some()),
            ];
            o.add(
                Subject::Model,
                &m.number.to_string(),
                Some(&m.loc),
                present(fields),
            );
        }
        for i in d.indicators {
            let fields = [
                ("name", true),
                ("counted", i.counted.is_some()),
                ("description", i.description.is_some()),
                ("note", i.note.is_some()),
            ];
            o.add(Subject::Indicator, &i.id, Some(&i.loc), present(fields));
        }
        for dir in d.reports {
            for g in &dir.service_groups {
                let id = format!("{}.{}", g.appendix, g.id);
                o.add(
                    Subject::ServiceGroup,
                    &id,
                    Some(&g.loc),
                    present([("name", true)]),
                );
            }
            for s in &dir.services {
                let mut fields = vec!["name".to_string()];
                fields.extend((1..=s.rows.len()).map(Subject::row_field));
                let id = format!("{}.{}", s.appendix, s.number);
                o.add(Subject::Service, &id, Some(&s.loc), fields);
            }
        }
        for s in d.documents {
            let fields = [
                ("title", true),
                ("issuer", true),
                ("note", s.note.is_some()),
            ];
            o.add(Subject::Source, &s.id, Some(&s.loc), present(fields));
        }
        for p in d.places {
            let fields = present([("name", true), ("note", p.record.note.is_some())]);
            o.add(Subject::Locality, &p.slug, None, fields);
        }
        o
    }

    /// Adds a record unless one of the same subject and id is known already.
    fn add(&mut self, subject: Subject, id: &str, loc: Option<&Loc>, fields: Vec<String>) {
        let key = (subject, id.to_string());
        if self.by_key.contains_key(&key) {
            return;
        }
        self.by_key.insert(key, self.list.len());
        self.list.push(Original {
            subject,
            id: id.to_string(),
            loc: loc.cloned(),
            fields,
        });
    }

    fn get(&self, subject: Subject, id: &str) -> Option<&Original> {
        let i = self.by_key.get(&(subject, id.to_string()))?;
        self.list.get(*i)
    }

    /// The ids of a subject, in the order of the data.
    fn ids(&self, subject: Subject) -> impl Iterator<Item = &str> {
        self.list
            .iter()
            .filter(move |o| o.subject == subject)
            .map(|o| o.id.as_str())
    }
}

/// Where the records of a subject are written, for messages.
fn data_file(subject: Subject) -> &'static str {
    match subject {
        Subject::Model | Subject::ModelGroup => "data/models.toml",
        Subject::Indicator => "data/indicators.toml",
        Subject::Service | Subject::ServiceGroup => "data/reports/*/services.toml",
        Subject::Locality => "data/localities.toml",
        Subject::Source => "data/sources.toml",
    }
}

/// Whether a language code is usable in a file name and a URL (`en`, `pt-BR`).
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Checks the translations files against the data; returns the translations of the
/// files whose header is sound. `default_language` is the site's own (`vi`);
/// `languages` those whose untranslated texts are reported.
pub(super) fn check(
    c: &mut Checker<'_>,
    files: &[TranslationFile],
    originals: &Originals,
    default_language: &str,
    languages: &[String],
) -> Translations {
    let mut out = Translations::default();
    for f in files {
        let sound = header(c, f, default_language);
        for subject in Subject::ALL {
            let of_subject = f
                .records
                .iter()
                .filter(|(s, _)| *s == subject)
                .map(|(_, r)| r);
            c.unique(
                of_subject,
                &format!("{} translation", subject.noun()),
                "id",
                |r| r.get("id").cloned().unwrap_or_default(),
            );
        }
        for (subject, r) in &f.records {
            record(c, f, *subject, r, originals, sound.then_some(&mut out));
        }
        if sound && let Some(h) = &f.header {
            out.add_language(&f.language, h);
        }
    }
    for lang in languages {
        untranslated(c, originals, &out, lang, files);
    }
    out
}

/// Checks a file's language and `[translation]` header; whether its texts may be published.
fn header(c: &mut Checker<'_>, f: &TranslationFile, default_language: &str) -> bool {
    let name = c.sources.get(f.file).name.clone();
    let file_start = Loc {
        file: f.file,
        span: 0..0,
    };
    if c.unread.contains(&name) {
        return false;
    }
    let mut sound = true;
    if !is_language_code(&f.language) {
        c.error(
            Rule::TranslationFile,
            &file_start,
            format!("`{}` is not a language code", f.language),
            Some("a file named by its language code, such as data/translations/en.toml".into()),
        );
        sound = false;
    } else if f.language == default_language {
        c.error(
            Rule::TranslationFile,
            &file_start,
            format!(
                "`{}` is the site's own language: its text is the data itself",
                f.language
            ),
            Some("a file for another language, such as data/translations/en.toml".into()),
        );
        sound = false;
    }
    let expected = "[translation] with translator = \"who made them\" and unofficial = true";
    let Some(h) = &f.header else {
        c.error(
            Rule::TranslationFile,
            &file_start,
            "the file does not say who made the translations and that they are unofficial",
            Some(expected.into()),
        );
        return false;
    };
    if !h.unofficial {
        c.error(
            Rule::TranslationFile,
            &h.at("unofficial"),
            "translations of data text are published as unofficial: the Vietnamese text is the authoritative one",
            Some("unofficial = true".into()),
        );
        sound = false;
    }
    if h.translator.trim().is_empty() {
        c.error(
            Rule::TranslationFile,
            &h.at("translator"),
            "the translator is blank",
            Some(expected.into()),
        );
        sound = false;
    }
    sound
}

/// Checks one record of a translations file, adding its texts to `out` when given.
fn record(
    c: &mut Checker<'_>,
    f: &TranslationFile,
    subject: Subject,
    r: &Located<TextRecord>,
    originals: &Originals,
    mut out: Option<&mut Translations>,
) {
    let header = format!("[[{}]]", subject.key());
    let Some(id) = r.get("id") else {
        c.error(
            Rule::InvalidRecord,
            &r.loc,
            format!("a {header} record without `id`"),
            Some(format!(
                "id = \"…\", the id of an existing {} of {}",
                subject.noun(),
                data_file(subject)
            )),
        );
        return;
    };
    let Some(original) = originals.get(subject, id) else {
        unknown_id(c, subject, id, r, originals);
        return;
    };
    for (field, text) in r.iter().filter(|(k, _)| k.as_str() != "id") {
        let translatable = subject.fields().contains(&field.as_str())
            || (subject == Subject::Service && original.fields.contains(field));
        if !translatable {
            let allowed = subject.fields().join(", ");
            let rows = if subject == Subject::Service {
                ", row1, row2, … (its sub-rows)"
            } else {
                ""
            };
            c.error(
                Rule::InvalidRecord,
                &r.at(field),
                format!(
                    "`{field}` is not a translatable text of a {}",
                    subject.noun()
                ),
                Some(format!(
                    "one of {allowed}{rows}{}",
                    did_you_mean(field, subject.fields().iter().copied())
                )),
            );
        } else if !original.fields.contains(field) {
            c.error(
                Rule::UnknownTranslation,
                &r.at(field),
                format!("{} `{id}` has no `{field}` to translate", subject.noun()),
                Some(format!(
                    "one of the texts it has in {}: {}",
                    data_file(subject),
                    original.fields.join(", ")
                )),
            );
        } else if text.trim().is_empty() {
            c.error(
                Rule::InvalidRecord,
                &r.at(field),
                format!("the translation of `{field}` is blank"),
                Some(format!(
                    "the text in `{}`, or no `{field}` key at all",
                    f.language
                )),
            );
        } else if let Some(out) = out.as_deref_mut() {
            out.insert(&f.language, subject, id, field, text);
        }
    }
}

/// Reports a translation of a record that does not exist, with the ids that do.
fn unknown_id(
    c: &mut Checker<'_>,
    subject: Subject,
    id: &str,
    r: &Located<TextRecord>,
    originals: &Originals,
) {
    let file = data_file(subject);
    // A data file that could not be read has its own error; its ids are unknown, not wrong.
    let unread = match subject {
        Subject::Service | Subject::ServiceGroup => {
            c.unread.iter().any(|f| f.ends_with("services.toml"))
        }
        _ => c.unread.contains(file),
    };
    if unread {
        return;
    }
    let ids: Vec<&str> = originals.ids(subject).collect();
    const SHOWN: usize = 12;
    let mut listed = ids
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        listed.push_str(&format!(", … ({} in all)", ids.len()));
    }
    let known = if ids.is_empty() {
        "none".to_string()
    } else {
        listed
    };
    c.error(
        Rule::UnknownTranslation,
        &r.at("id"),
        format!(
            "no {} `{id}`{} in {file} to translate",
            subject.noun(),
            parts(subject, id)
        ),
        Some(format!(
            "an existing {} id ({known}){}",
            subject.noun(),
            did_you_mean(id, ids.iter().copied())
        )),
    );
}

/// The keys a services table's id is made of, as its file writes them
/// (" (appendix `II`, number `5b`)"); nothing for the other subjects, whose id is one key.
fn parts(subject: Subject, id: &str) -> String {
    let second = match subject {
        Subject::Service => "number",
        Subject::ServiceGroup => "id",
        _ => return String::new(),
    };
    match id.split_once('.') {
        Some((appendix, rest)) => format!(" (appendix `{appendix}`, {second} `{rest}`)"),
        None => String::new(),
    }
}

/// "; did you mean `x`?" when a known key is close to `key`, else nothing.
fn did_you_mean<'k>(key: &str, known: impl Iterator<Item = &'k str>) -> String {
    known
        .map(|k| (distance(key, k), k))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default()
}

/// Warns of each record whose text a reader needs has no translation into `lang`.
fn untranslated(
    c: &mut Checker<'_>,
    originals: &Originals,
    t: &Translations,
    lang: &str,
    files: &[TranslationFile],
) {
    let file = files.iter().find(|f| f.language == lang).map_or_else(
        || format!("data/translations/{lang}.toml"),
        |f| f.path.display().to_string(),
    );
    for o in &originals.list {
        let Some(loc) = &o.loc else { continue };
        let missing: Vec<&str> = o
            .fields
            .iter()
            .map(String::as_str)
            .filter(|f| o.subject.expected(f) && t.get(lang, o.subject, &o.id, f).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        c.warn(
            Rule::Untranslated,
            loc,
            format!(
                "{} `{}` has no `{lang}` translation of {}",
                o.subject.noun(),
                o.id,
                missing.join(", ")
            ),
            Some(format!(
                "a [[{}]] record with id = \"{}\" in {file}",
                o.subject.key(),
                o.id
            )),
        );
    }
}
