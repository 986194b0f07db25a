//! Progress of a long run: a bar with counts on a terminal, one line per
//! stage otherwise (CI logs), nothing with `--quiet`.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::Instant;

/// Receives the stages of a build and the pages rendered.
pub trait Progress: Sync {
    /// A stage begins; `total` is the number of steps when known.
    fn stage(&self, name: &str, total: Option<usize>);
    /// One step of the current stage is done (safe from several threads).
    fn tick(&self);
    /// The run is over.
    fn finish(&self);
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &str, _: Option<usize>) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// One line per stage on stderr, with its elapsed time: readable in a log.
pub struct Lines {
    started: Instant,
}

impl Progress for Lines {
    fn stage(&self, name: &str, total: Option<usize>) {
        let t = self.started.elapsed().as_secs_f64();
        match total {
            Some(n) => eprintln!("[{t:6.2} s] {name} ({n})"),
            None => eprintln!("[{t:6.2} s] {name}"),
        }
    }
    fn tick(&self) {}
    fn finish(&self) {}
}

/// A progress bar with counts, for a terminal. It appears only after a second,
/// so that short builds stay quiet.
pub struct Bar {
    bar: indicatif::ProgressBar,
    counted: Option<indicatif::ProgressStyle>,
    spinner: Option<indicatif::ProgressStyle>,
    started: Instant,
    shown: Mutex<bool>,
}

impl Progress for Bar {
    fn stage(&self, name: &str, total: Option<usize>) {
        self.bar.set_message(name.to_string());
        let style = if total.is_some() {
            &self.counted
        } else {
            &self.spinner
        };
        if let Some(style) = style {
            self.bar.set_style(style.clone());
        }
        self.bar.set_position(0);
        self.bar.set_length(total.unwrap_or(0) as u64);
        self.reveal();
    }
    fn tick(&self) {
        self.bar.inc(1);
        self.reveal();
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Bar {
    fn reveal(&self) {
        if self.started.elapsed().as_secs_f64() < 1.0 {
            return;
        }
        if let Ok(mut shown) = self.shown.lock()
            && !*shown
        {
            *shown = true;
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

/// The right reporter: none if `quiet`, a bar on a terminal, lines otherwise.
pub fn for_stderr(quiet: bool) -> Box<dyn Progress> {
    if quiet {
        return Box::new(Quiet);
    }
    if std::io::stderr().is_terminal() {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Box::new(Bar {
            bar,
            counted: indicatif::ProgressStyle::with_template(
                "{spinner} {msg:10} [{bar:30}] {pos}/{len} pages ({elapsed})",
            )
            .ok()
            .map(|s| s.progress_chars("=> ")),
            spinner: indicatif::ProgressStyle::with_template("{spinner} {msg:10} ({elapsed})").ok(),
            started: Instant::now(),
            shown: Mutex::new(false),
        })
    } else {
        Box::new(Lines {
            started: Instant::now(),
        })
    }
}
