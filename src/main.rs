//! The `minhbach` command.

use clap::{Parser, Subcommand, ValueEnum};
use minhbach::cli::check::Format;
use minhbach::cli::messages::Messages;
use minhbach::common::diagnostic::{Diagnostic, Severity};
use minhbach::validate::Options;
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering allocates and frees many small JSON values and strings on every
// thread; glibc's allocator spent about a third of a national build in
// malloc/free (perf), mimalloc much less.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (mimalloc.h), from the library the `mimalloc` crate links.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t`.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keeps freed memory in the process instead of returning it to the system after 10 ms:
/// a build frees and allocates again hundreds of megabytes between its stages, and every
/// page given back was faulted and zeroed again by the kernel. A national full build is
/// about 6 % faster for 8–10 % more peak memory (the figures are in the commit messages).
/// A build is a short process: what it keeps is freed at exit.
fn keep_freed_memory() {
    // SAFETY: a plain setter of an integer option, called before any other thread exists.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Turns transparent huge pages off for this process (Linux): mimalloc asks for them on
/// its memory, and a page fault on such memory zeroes 2 MiB at once and, on a machine
/// whose free memory is fragmented (any machine that has been building sites for a
/// while), first compacts memory to find them, in the faulting thread. On the national
/// benchmark's one-figure change that was half of the system time and a quarter of the
/// wall time, and it varied from run to run with the host's memory (see the commit).
/// mimalloc's own `allow_thp` option does this with the same call, but only when it is
/// set before the allocator starts, which a program cannot do for itself.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with an integer flag; it touches no memory of ours. A refusal (an
    // old kernel, a sandbox) leaves the default, which is only slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Static site generator for public transparency portals"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate data/ and content/ and report every problem
    Check {
        /// The site's folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Output format of the diagnostics (github, sarif, rdjson, gitlab: for CI)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat this date (YYYY-MM-DD) as today, for the "month in the future" check
        #[arg(long)]
        today: Option<String>,
        /// Language of the messages: vi or en (default: the site's language)
        #[arg(long)]
        lang: Option<String>,
        /// Append a Markdown summary to this file (with --format github, default $GITHUB_STEP_SUMMARY)
        #[arg(long)]
        summary: Option<PathBuf>,
        /// Put this folder before every file path (the site's folder inside the repository)
        #[arg(long)]
        path_prefix: Option<String>,
    },
    /// Build the static site into public/ (or --output)
    Build(BuildArgs),
    /// Build into a temporary folder, serve on 127.0.0.1, rebuild and reload on every change
    Serve {
        /// The site's folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Port on 127.0.0.1 (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Treat this date (YYYY-MM-DD) as today
        #[arg(long)]
        today: Option<String>,
        /// No progress output
        #[arg(long, short)]
        quiet: bool,
    },
    /// What changed in the data between two git revisions, for an editor's review
    Diff {
        /// The revision before (a commit, branch or tag)
        rev_a: String,
        /// The revision after; the working tree when absent
        rev_b: Option<String>,
        /// The site's folder (inside the git repository)
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// text for a terminal, markdown for a pull-request comment
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Flag a change larger than this for a second look
        #[arg(long, default_value = "50%")]
        threshold: String,
        /// Language of the comment and messages: vi or en (default: the site's language)
        #[arg(long)]
        lang: Option<String>,
        /// Link each figure, indicator and locality to its page under this URL
        /// (default: the site's base_url when it is absolute)
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Scaffold something new to fill in
    #[command(subcommand)]
    New(New),
    // --- portal (issue 29): import and init ---
    /// Fill the month's figures from a spreadsheet (CSV, XLSX, ODS) of Appendix I/II and figures
    Import(ImportArgs),
    /// Create a new portal in an empty folder
    Init(InitArgs),
}

/// `import`'s arguments.
#[derive(clap::Args)]
struct ImportArgs {
    /// The spreadsheet: .csv, .xlsx, .xls or .ods
    file: PathBuf,
    /// The site's folder
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// The month to fill, YYYY-MM (default: the latest in data/reports/)
    #[arg(long)]
    month: Option<String>,
    /// Replace values already filled in (never done otherwise)
    #[arg(long)]
    overwrite: bool,
    /// How numbers written as text are read: vi (3.182.603 and 25,87) or en; default: the site's language
    #[arg(long, value_enum)]
    numbers: Option<Numbers>,
    /// Report what would be filled, and write nothing
    #[arg(long)]
    dry_run: bool,
}

/// A number convention, for `import --numbers`.
#[derive(Clone, Copy, ValueEnum)]
enum Numbers {
    Vi,
    En,
}

/// `init`'s arguments.
#[derive(clap::Args)]
struct InitArgs {
    /// The new portal's folder (created; must be empty if it exists)
    dir: PathBuf,
    /// The portal's title (asked on a terminal when absent)
    #[arg(long)]
    title: Option<String>,
    /// The pages' language, e.g. vi (asked on a terminal when absent)
    #[arg(long)]
    lang: Option<String>,
}

/// What `new` scaffolds.
#[derive(Subcommand)]
enum New {
    /// A month's report: data/reports/YYYY-MM/ and content/reports/YYYY-MM.md,
    /// with the previous month's structure and every value still to fill in
    Report {
        /// The month, YYYY-MM
        month: String,
        /// The site's folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Language of the messages: vi or en (default: the site's language)
        #[arg(long)]
        lang: Option<String>,
    },
}

/// `build`'s arguments.
#[derive(clap::Args)]
struct BuildArgs {
    /// The site's folder
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// Where to write the site
    #[arg(long, default_value = "public")]
    output: PathBuf,
    /// The URL the site will be served from, e.g. https://example.org/de-an-06/
    #[arg(long)]
    base_url: Option<String>,
    /// Treat this date (YYYY-MM-DD) as today
    #[arg(long)]
    today: Option<String>,
    /// No progress output (only diagnostics and the summary)
    #[arg(long, short)]
    quiet: bool,
    /// Also build draft reports (for a preview; never for the public site)
    #[arg(long)]
    drafts: bool,
    /// Render and write every file, ignoring what the previous build left in its cache
    #[arg(long)]
    full: bool,
    /// Language of the messages: vi or en (default: the site's language)
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
}

fn options(today: Option<String>) -> Result<Options, String> {
    let mut o = Options::default();
    if let Some(t) = today {
        o.today = t.parse().map_err(|e| format!("--today: {e}"))?;
    }
    Ok(o)
}

/// Shows diagnostics to a person, on standard error.
fn print(diags: &[Diagnostic], m: &Messages) {
    eprint!("{}", minhbach::cli::check::text(diags, m));
}

/// The messages of `--lang`, or of the site's language; exits 2 on an unknown language.
fn messages(lang: Option<&str>, site: &std::path::Path) -> Result<Messages, ExitCode> {
    minhbach::cli::check::messages(lang, site).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

fn main() -> ExitCode {
    keep_freed_memory();
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            site,
            format,
            today,
            lang,
            summary,
            path_prefix,
        } => check(
            &site,
            format,
            today,
            lang.as_deref(),
            summary,
            path_prefix.as_deref(),
        ),
        Command::Build(args) => build(args),
        Command::New(New::Report { month, site, lang }) => {
            new_report(&month, &site, lang.as_deref())
        }
        Command::Serve {
            site,
            port,
            today,
            quiet,
        } => serve(&site, port, today, quiet),
        Command::Diff {
            rev_a,
            rev_b,
            site,
            format,
            threshold,
            lang,
            base_url,
        } => diff(
            &rev_a,
            rev_b.as_deref(),
            &site,
            format,
            &threshold,
            DiffLook {
                lang: lang.as_deref(),
                base_url: base_url.as_deref(),
            },
        ),
        Command::Import(args) => import(args),
        Command::Init(args) => init(args),
    }
}

// --- portal (issue 29): import and init ---

fn import(args: ImportArgs) -> ExitCode {
    use minhbach::cli::import::{self, ImportOptions, number::Convention};
    let month = match args.month.as_deref().map(str::parse).transpose() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: --month: {e} (expected YYYY-MM)");
            return ExitCode::from(2);
        }
    };
    let opts = ImportOptions {
        month,
        overwrite: args.overwrite,
        convention: args.numbers.map(|n| match n {
            Numbers::Vi => Convention::Vietnamese,
            Numbers::En => Convention::English,
        }),
        dry_run: args.dry_run,
    };
    let m = match messages(None, &args.site) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let name = args.file.display().to_string();
    match import::import(&args.site, &args.file, &opts) {
        Ok(done) => {
            import::report::done(&name, &done, args.dry_run, &m);
            // The month is checked as usual: what is still to fill, and every other rule.
            check(&args.site, Format::Text, None, None, None, None)
        }
        Err(e) => {
            import::report::failed(&name, &e, &m);
            ExitCode::FAILURE
        }
    }
}

fn init(args: InitArgs) -> ExitCode {
    ExitCode::from(minhbach::cli::init::run(&args.dir, args.title, args.lang))
}

fn check(
    site: &std::path::Path,
    format: Format,
    today: Option<String>,
    lang: Option<&str>,
    summary: Option<PathBuf>,
    path_prefix: Option<&str>,
) -> ExitCode {
    use minhbach::cli::check as out;
    let options = match options(today) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let m = match messages(lang, site) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (dataset, diags) = minhbach::check(site, options);
    let (errors, warnings) = diags.counts();
    let diags = out::with_prefix(diags.sorted(), path_prefix);
    if format == Format::Text {
        print(&diags, &m);
        match &dataset {
            Some(d) => eprintln!(
                "{}",
                m.fill(
                    "check.ok",
                    &[
                        ("sources", &d.sources.len()),
                        ("localities", &d.localities.len()),
                        ("models", &d.models.len()),
                        ("indicators", &d.indicators.len()),
                        ("plans", &d.plans.len()),
                        ("reports", &d.reports.len()),
                        ("warnings", &warnings),
                    ]
                )
            ),
            None => eprintln!(
                "{}",
                m.fill(
                    "check.failed",
                    &[("errors", &errors), ("warnings", &warnings)]
                )
            ),
        }
    } else {
        use std::io::Write;
        // A closed pipe (`| head`) is not an error worth a panic.
        let _ = write!(std::io::stdout(), "{}", out::machine(&diags, format));
    }
    let summary = summary.or_else(|| {
        (format == Format::Github)
            .then(|| std::env::var_os("GITHUB_STEP_SUMMARY"))
            .flatten()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    });
    if let Some(path) = summary
        && let Err(e) = out::append_summary(&path, &diags, &m)
    {
        let path = path.display();
        eprintln!(
            "{}: {}",
            m.level(minhbach::common::diagnostic::Severity::Error),
            m.fill("check.summary_failed", &[("path", &path), ("error", &e)])
        );
        return ExitCode::from(2);
    }
    if dataset.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn serve(site: &std::path::Path, port: u16, today: Option<String>, quiet: bool) -> ExitCode {
    let validate = match options(today) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = minhbach::cli::serve::ServeOptions {
        port,
        build: minhbach::BuildOptions {
            validate,
            base_url: None,
            full: false,
        },
        quiet,
    };
    match minhbach::cli::serve::serve(site, opts, minhbach::cli::serve::announce) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How `diff` speaks and links: `--lang` and `--base-url`.
struct DiffLook<'a> {
    lang: Option<&'a str>,
    base_url: Option<&'a str>,
}

fn diff(
    rev_a: &str,
    rev_b: Option<&str>,
    site: &std::path::Path,
    format: DiffFormat,
    threshold: &str,
    look: DiffLook<'_>,
) -> ExitCode {
    use minhbach::cli::diff;
    let threshold = match diff::parse_threshold(threshold) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: --threshold {e}");
            return ExitCode::from(2);
        }
    };
    let m = match messages(look.lang, site) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let name = |rev: Option<&str>| {
        rev.map_or(m.get("diff.working_tree").to_string(), |r| {
            diff::short_name(site, r)
        })
    };
    let mut datasets = Vec::new();
    for rev in [Some(rev_a), rev_b] {
        match diff::load_revision(site, rev) {
            Ok(ds) => datasets.push(ds),
            Err(diff::RevisionError::Git(e)) => {
                eprintln!("{}: {e}", m.level(Severity::Error));
                return ExitCode::from(2);
            }
            Err(diff::RevisionError::Invalid(diags)) => {
                print(&diags, &m);
                let rev = name(rev);
                eprintln!(
                    "{}: {}",
                    m.level(Severity::Error),
                    m.fill("diff.invalid", &[("rev", &rev), ("count", &diags.len())])
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let d = diff::compare(&datasets[0], &datasets[1], diff::DiffOptions { threshold });
    let (from, to) = (name(Some(rev_a)), name(rev_b));
    let text = match format {
        DiffFormat::Text => d.to_text(&from, &to, &m),
        DiffFormat::Markdown => {
            let settings = minhbach::cli::check::site_settings(site);
            let base = look.base_url.unwrap_or(&settings.base_url);
            let names = diff::markdown::Names::new(&[&datasets[1], &datasets[0]], Some(base));
            d.to_markdown(&from, &to, &m, &names)
        }
    };
    use std::io::Write;
    let _ = write!(std::io::stdout(), "{text}");
    ExitCode::SUCCESS
}

fn new_report(month: &str, site: &std::path::Path, lang: Option<&str>) -> ExitCode {
    let m = match messages(lang, site) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let error = m.level(Severity::Error);
    let month: minhbach::common::calendar::Month = match month.parse() {
        Ok(mo) => mo,
        Err(e) => {
            eprintln!(
                "{error}: {}",
                m.fill("new.bad_month", &[("month", &month), ("error", &e)])
            );
            return ExitCode::from(2);
        }
    };
    match minhbach::cli::new::new_report(site, month) {
        Ok(done) => {
            for f in &done.files {
                eprintln!("  {}", f.display());
            }
            eprintln!(
                "{}",
                m.fill(
                    "new.scaffolded",
                    &[
                        ("month", &month),
                        ("from", &done.from),
                        ("count", &done.to_fill)
                    ]
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let minhbach::cli::new::ScaffoldError::Invalid(diags) = &e {
                print(diags, &m);
            }
            eprintln!("{error}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let validate = match options(args.today) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let m = match messages(args.lang.as_deref(), &args.site) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    let opts = minhbach::BuildOptions {
        validate,
        base_url: args.base_url,
        full: args.full,
    };
    let progress = minhbach::common::progress::for_stderr(args.quiet);
    let run = minhbach::BuildRun {
        progress: progress.as_ref(),
        drafts: args.drafts,
        exits_after: true,
    };
    let (summary, diags) = minhbach::build_with(&args.site, &args.output, &opts, &run);
    let (errors, warnings) = diags.counts();
    print(&diags.sorted(), &m);
    let output = args.output.display();
    match summary {
        Some(s) => {
            let seconds = format!("{:.2}", started.elapsed().as_secs_f64());
            eprintln!(
                "{}",
                m.fill(
                    "build.done",
                    &[
                        ("pages", &s.pages),
                        ("files", &s.files),
                        ("bytes", &s.bytes),
                        ("written", &s.written),
                        ("seconds", &seconds),
                        ("output", &output),
                        ("warnings", &warnings),
                    ]
                )
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "{}",
                m.fill("build.failed", &[("errors", &errors), ("output", &output)])
            );
            ExitCode::FAILURE
        }
    }
}
