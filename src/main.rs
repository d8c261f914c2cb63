//! The `slant` command: parse arguments, run, exit with 0 (ok), 1 (usage or fatal error) or
//! 2 (finished, but some inputs were rejected: see ingest.csv).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_sigpipe();
    let parsed = match cli::Cli::try_parse() {
        Ok(p) => p,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match parsed.run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Rust starts programs with SIGPIPE ignored, so a write to a closed pipe (`slant kwic … | head`)
/// fails and `println!` panics. With the default action the program ends quietly when its reader
/// has gone, as `grep` and `cut` do.
#[cfg(unix)]
fn restore_sigpipe() {
    // SAFETY: sets one signal's disposition to the default, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}
