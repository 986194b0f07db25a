//! `minhbach init DIR`: a new portal that checks and builds at once.
//!
//! It writes `site.toml`, an empty data skeleton whose files show a commented example of
//! each record, one content page, a README for the portal's editors and the CI files
//! (the same ones the minhbach repository ships). The default theme is referenced, not
//! copied: it is built into the program (`load::theme_dir`), so a portal gets its fixes
//! with a new minhbach, and overrides only the templates it changes.

use crate::cli::messages::{Lang, Messages};
use crate::load::theme_dir;
use std::path::{Path, PathBuf};

/// What the new portal is called and in which language its pages are.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The portal's title.
    pub title: String,
    /// The pages' language (`vi` …).
    pub language: String,
}

/// Why no portal was made.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and is not empty; nothing was written.
    NotEmpty(PathBuf),
    /// A title or language that cannot be used.
    Invalid(String),
    /// A file could not be written; the folder was removed again.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(p) => write!(
                f,
                "{} is not empty; `init` makes a portal only in a new or empty folder",
                p.display()
            ),
            InitError::Invalid(m) => write!(f, "{m}"),
            InitError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Initialised {
    /// Files written, relative to the portal.
    pub files: Vec<PathBuf>,
    /// Set when the default theme has no UI strings for the language: the file made to translate.
    pub to_translate: Option<PathBuf>,
}

/// The CI files, the same bytes as the minhbach repository's own.
const GITHUB_WORKFLOW: &str = include_str!("../../.github/workflows/minhbach.yml");
const GITLAB_CI: &str = include_str!("../../.gitlab-ci.yml");

/// A TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn site_toml(o: &InitOptions) -> String {
    format!(
        "# The portal's settings (see the minhbach README, \"Themes\" and \"Commands\").\n\
         title = {}\n\
         description = \"\"                      # one sentence, shown under the title and to search engines\n\
         base_url = \"/\"                        # or --base-url when building for a sub-path\n\
         language = {}\n\
         # The default theme is built into minhbach and is not copied here. To change one\n\
         # template, put your version at the same path in this folder: templates/<name>.html\n\
         # (start from the default theme's file; README.md says where to find it).\n\
         theme = \"default\"\n\
         publisher = \"\"                        # who publishes the portal, shown in the footer\n\
         \n\
         [markdown]\n\
         raw_html = \"escape\"                   # or \"sanitize\" to allow safe HTML in content/*.md\n",
        q(&o.title),
        q(&o.language)
    )
}

const SOURCES: &str =
    "# The documents every figure is transcribed from; each record of data/ cites one by its id.
# Uncomment and fill in (see data/README.md of minhbach for every field):
#
# [[source]]
# id = \"bc-tinh-2024-09\"                # stable id used in every cite
# kind = \"report\"                       # plan | report | letter
# issuer = \"Tổ công tác Đề án 06 tỉnh …\"
# number = \"123/BC-UBND\"                # as printed
# date = \"2024-09-30\"                   # as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD
# title = \"Kết quả triển khai … tháng 9/2024\"
# file = \"bc-2024-09.pdf\"               # the document's file, kept with the portal's sources
# locality = \"tinh\"                     # whose document it is (a locality slug)
";

const LOCALITIES: &str = "# The places the portal follows: province → district / town → commune.
#
# [[locality]]
# name = \"Tên tỉnh\"                     # as written; the slug is made from it (or set `slug`)
# kind = \"province\"                     # province | city | district | town | commune | ward | township
# cite = { source = \"bc-tinh-2024-09\", at = \"Tiêu đề\" }
#
# [[locality]]
# name = \"Tên huyện\"
# kind = \"district\"
# parent = \"ten-tinh\"                   # the parent's slug
# cite = { source = \"bc-tinh-2024-09\", at = \"Mục I.2\" }
";

const MODELS: &str = "# The catalogue of models (mô hình), in groups.
#
# [[group]]
# id = \"I\"                              # I..V
# name = \"Nhóm …, nguyên văn\"
# stated_count = 3                      # the count printed in the header, e.g. \"(03 MÔ HÌNH)\"
# cite = { source = \"bc-tinh-2024-09\", at = \"Phụ lục III, nhóm I\" }
#
# [[model]]
# number = 3                            # provincial number
# group = \"I\"
# title = \"Tên mô hình, nguyên văn\"
# cite = { source = \"bc-tinh-2024-09\", at = \"Phụ lục III, STT 2\" }
";

const INDICATORS: &str = "# What each monthly figure measures; the figures themselves are in reports/YYYY-MM/indicators.toml.
#
# [[indicator]]
# id = \"bhyt-cccd-synced\"               # English id, stable
# name = \"Số thẻ BHYT đã đồng bộ với CCCD\"   # the document's own words
# unit = \"count\"                        # count | percent | …
# counted = \"thẻ\"
# cite = { source = \"bc-tinh-2024-09\", at = \"Mục II.4.2\" }
";

const PLANS: &str = "# One file per locality with a plan: data/plans/<locality slug>.toml.
# Example (save as data/plans/ten-huyen.toml, without the leading `# `):
#
# [plan]
# locality = \"ten-huyen\"
# kind = \"models\"                       # models (adopted models) | tasks (commune task list)
# title = \"Kế hoạch triển khai …, nguyên văn\"
# cite = { source = \"kh-ten-huyen-2024\", at = \"Mục II.1\" }
#
# [[item]]
# number = \"1\"                          # the plan's own number, as printed
# model = 3                             # provincial number, only where the titles clearly match
# title = \"Nhiệm vụ, nguyên văn\"
# lead = [\"Văn phòng UBND huyện\"]
# deadline = \"30/9/2024\"                # exactly as written
# cite = { source = \"kh-ten-huyen-2024\", at = \"Mục III.1\" }
";

const REPORTS: &str =
    "# One folder per month: data/reports/YYYY-MM/ with report.toml, indicators.toml,
# models.toml and services.toml. Write the first month by hand (see data/README.md of
# minhbach); every later one starts with `minhbach new report YYYY-MM` and is filled
# from the department's spreadsheet with `minhbach import FILE`.
";

fn page(o: &InitOptions) -> String {
    format!(
        "+++\ntitle = \"Giới thiệu\"\ndescription = \"Cổng thông tin này là gì và số liệu lấy từ đâu.\"\nweight = 1\n+++\n\n\
         {} công bố tiến độ theo các kế hoạch và báo cáo chính thức. Mỗi số liệu ghi rõ văn bản và vị trí\n\
         trong văn bản mà nó được chép từ.\n\n\
         Sửa trang này trong `content/gioi-thieu.md`; mỗi tệp Markdown trong `content/` là một trang.\n",
        o.title
    )
}

fn readme(o: &InitOptions) -> String {
    format!(
        "# {title}\n\n\
A transparency portal built with minhbach from the data in `data/` and the pages\n\
in `content/`. Every figure is transcribed from an official document and cites it.\n\n\
## For editors\n\n\
```sh\n\
minhbach check            # every problem, with file, line and column\n\
minhbach serve            # the site at http://127.0.0.1:1111/, reloaded on every save\n\
minhbach build            # the site in public/\n\
```\n\n\
A month: `minhbach new report YYYY-MM` scaffolds it; `minhbach import bang.xlsx` fills the\n\
Appendix I/II tables and the figures from the department's spreadsheet (CSV, XLSX or ODS);\n\
`minhbach check` lists what is still to fill in. Open a pull request: CI checks it and comments\n\
what changed (`minhbach diff`); once merged, the site is deployed.\n\n\
## Files\n\n\
- `site.toml`: title, language ({lang}), theme.\n\
- `data/`: sources, localities, models, indicators, plans and monthly reports; each file shows a\n\
  commented example of its records (the schema is minhbach's `data/README.md`).\n\
- `content/`: Markdown pages (front matter in TOML between `+++` lines; `weight` puts a page in the menu).\n\
- `.github/workflows/minhbach.yml`, `.gitlab-ci.yml`: CI for GitHub or GitLab (delete the other).\n\
  Set the variable `MINHBACH_IMAGE` to the minhbach container image to use.\n\n\
## Changing the look\n\n\
The theme is minhbach's default theme, built into the program: it is not copied here, so a new\n\
minhbach brings its fixes. To change one template, put your own at the same path in this folder,\n\
e.g. `templates/page.html`, starting from the default theme's file (`themes/default/templates/` in\n\
the minhbach repository); `static/` and `i18n/` work the same way. Everything else stays the theme's.\n",
        title = o.title,
        lang = o.language
    )
}

/// The files of a new portal: (path, text).
fn files(o: &InitOptions) -> Vec<(String, String)> {
    let files: Vec<(&str, String)> = vec![
        ("site.toml", site_toml(o)),
        ("data/sources.toml", SOURCES.into()),
        ("data/localities.toml", LOCALITIES.into()),
        ("data/models.toml", MODELS.into()),
        ("data/indicators.toml", INDICATORS.into()),
        (
            "data/README.md",
            format!(
                "# data/\n\nEach file of this folder shows a commented example of its records. Two kinds of file\nare added as the portal grows:\n\n## plans/\n\n```toml\n{PLANS}```\n\n## reports/\n\n```toml\n{REPORTS}```\n"
            ),
        ),
        ("content/gioi-thieu.md", page(o)),
        ("README.md", readme(o)),
        (".github/workflows/minhbach.yml", GITHUB_WORKFLOW.into()),
        (".gitlab-ci.yml", GITLAB_CI.into()),
        (".gitignore", "public/\n.public.minhbach-cache/\n".into()),
    ];
    files.into_iter().map(|(p, t)| (p.to_string(), t)).collect()
}

/// Whether `lang` looks like a language tag (`vi`, `en`, `pt-BR`).
fn valid_language(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 12
        && lang
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Creates a new portal in `dir` (new, or existing and empty); writes nothing if it cannot.
pub fn init(dir: &Path, o: &InitOptions) -> Result<Initialised, InitError> {
    if o.title.trim().is_empty() {
        return Err(InitError::Invalid("the title is empty".into()));
    }
    if !valid_language(&o.language) {
        return Err(InitError::Invalid(format!(
            "language `{}` is not a language tag such as vi or en",
            o.language
        )));
    }
    let existed = dir.exists();
    if existed {
        let mut entries = std::fs::read_dir(dir).map_err(|e| InitError::Io(dir.into(), e))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.into()));
        }
    }
    let mut to_write = files(o);
    let to_translate = strings_to_translate(&o.language).map(|text| {
        let rel = format!("i18n/{}.toml", o.language);
        to_write.push((rel.clone(), text));
        PathBuf::from(rel)
    });
    let result = to_write.iter().try_for_each(|(rel, text)| {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| InitError::Io(p.into(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| InitError::Io(path, e))
    });
    if let Err(e) = result {
        // Leave the folder as it was: absent, or empty.
        if existed {
            for (rel, _) in &to_write {
                let _ = std::fs::remove_file(dir.join(rel));
            }
        } else {
            let _ = std::fs::remove_dir_all(dir);
        }
        return Err(e);
    }
    Ok(Initialised {
        files: to_write.iter().map(|(rel, _)| PathBuf::from(rel)).collect(),
        to_translate,
    })
}

/// For a language the default theme has no UI strings for: its Vietnamese strings, to translate.
fn strings_to_translate(language: &str) -> Option<String> {
    let theme = theme_dir::built_in().ok()?;
    if theme
        .join("i18n")
        .join(format!("{language}.toml"))
        .is_file()
    {
        return None;
    }
    let vi = std::fs::read_to_string(theme.join("i18n/vi.toml")).ok()?;
    Some(format!(
        "# UI strings for `{language}`: a copy of the default theme's Vietnamese strings (vi.toml).\n\
         # Translate the values; keep the keys and the {{placeholders}}.\n{vi}"
    ))
}

/// Asks `question` on the terminal; an empty answer takes `default`.
fn ask(question: &str, default: Option<&str>) -> Option<String> {
    eprint!(
        "{question}{}: ",
        default.map_or(String::new(), |d| format!(" [{d}]"))
    );
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).ok()?;
    let answer = line.trim();
    Some(if answer.is_empty() {
        default?.to_string()
    } else {
        answer.to_string()
    })
}

/// `minhbach init DIR`: asks on a terminal for what the flags leave out, makes the portal
/// and tells what it wrote; returns the exit code (2: a missing answer, 1: not made).
pub fn run(dir: &Path, title: Option<String>, lang: Option<String>) -> u8 {
    use std::io::IsTerminal;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    // Questions in the language asked for, else the default theme's (Vietnamese).
    let m = Messages::new(lang.as_deref().map_or(Lang::Vi, Lang::for_site));
    let error = |e: &dyn std::fmt::Display| {
        eprintln!(
            "{}: {e}",
            m.level(crate::common::diagnostic::Severity::Error)
        )
    };
    let title = match title {
        Some(t) => t,
        None if terminal => match ask(m.get("init.ask_title"), None) {
            Some(t) => t,
            None => {
                error(&m.get("init.title_needed"));
                return 2;
            }
        },
        None => {
            error(&m.get("init.title_flag_needed"));
            return 2;
        }
    };
    let language = match lang {
        Some(l) => l,
        None if terminal => {
            ask(m.get("init.ask_language"), Some("vi")).unwrap_or_else(|| "vi".into())
        }
        None => "vi".into(),
    };
    let m = Messages::new(Lang::for_site(&language));
    match init(dir, &InitOptions { title, language }) {
        Ok(done) => {
            for f in &done.files {
                eprintln!("  {}", f.display());
            }
            if let Some(f) = &done.to_translate {
                let w = m.fill("init.to_translate", &[("file", &f.display())]);
                eprintln!(
                    "{}: {w}",
                    m.level(crate::common::diagnostic::Severity::Warning)
                );
            }
            eprintln!("{}", m.fill("init.done", &[("dir", &dir.display())]));
            0
        }
        Err(e) => {
            error(&e);
            1
        }
    }
}
