//! `cargo run --release --example synth -- OUT [options]`: writes a SYNTHETIC
//! national portal (or a plain Markdown corpus) for benchmarks. See
//! benches/synth/mod.rs for what is generated and why.

#[path = "mod.rs"]
mod synth;
use synth::*;

fn usage() -> ! {
    eprintln!(
        "usage: synth OUT [--preset national|post-2025|small] [--pages N] [--seed N]
             [--provinces N] [--districts N] [--communes N] [--months N]
             [--indicators N] [--models N] [--theme-from REPO]
       synth OUT --markdown N [--seed N]     (a minhbach site of N Markdown pages)
       synth OUT --hugo N [--seed N]         (the same pages as a Hugo site)"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().filter(|a| !a.starts_with("--")) else {
        usage()
    };
    let out = std::path::PathBuf::from(out);
    let mut p = Params::national();
    let mut markdown = None;
    let mut hugo = None;
    let mut theme_from = None;
    let mut pages = None;
    let mut i = 1;
    while i < args.len() {
        let val = args.get(i + 1).cloned().unwrap_or_else(|| usage());
        let num = || val.parse::<usize>().unwrap_or_else(|_| usage());
        match args[i].as_str() {
            "--preset" => {
                p = match val.as_str() {
                    "national" => Params::national(),
                    "post-2025" => Params::post_2025(),
                    "small" => Params::small(),
                    _ => usage(),
                }
            }
            "--pages" => pages = Some(num()),
            "--seed" => p.seed = num() as u64,
            "--provinces" => p.provinces = num(),
            "--districts" => p.districts_per_province = num(),
            "--communes" => p.communes_per_parent = num(),
            "--months" => p.months = num(),
            "--indicators" => p.indicators = num().max(3),
            "--models" => p.models = num().max(1),
            "--markdown" => markdown = Some(num()),
            "--hugo" => hugo = Some(num()),
            "--theme-from" => theme_from = Some(std::path::PathBuf::from(&val)),
            _ => usage(),
        }
        i += 2;
    }
    if let Some(n) = pages {
        p = p.with_pages(n);
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("synth: {}: {e}", out.display());
        std::process::exit(1);
    }
    let result = match (markdown, hugo) {
        (Some(n), _) => markdown_site(&out, n, p.seed).map(|_| format!("{n} Markdown pages")),
        (_, Some(n)) => hugo_site(&out, n, p.seed).map(|_| format!("{n} Markdown pages for Hugo")),
        _ => generate(&out, &p).map(|g| {
            format!(
                "{} localities, {} months, {} values, about {} pages",
                g.places.len(),
                g.months.len(),
                g.values,
                p.pages()
            )
        }),
    };
    let result = result.and_then(|msg| {
        if let Some(repo) = &theme_from {
            copy_dir(&repo.join("themes"), &out.join("themes"))?;
        }
        Ok(msg)
    });
    match result {
        Ok(msg) => eprintln!("synth: {msg} -> {}", out.display()),
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    }
}
