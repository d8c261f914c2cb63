//! `slant lexicon check FILE...`: validate lexicon files and print every problem.

use slant::lexicon::{Severity, import};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon files in any format slant reads (.toml, .dic, .yml/.yaml, .lc3, .cat).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for file in &args.files {
        if !file.is_file() {
            anyhow::bail!("{}: no such file", file.display());
        }
        match import::read_lenient(file) {
            Ok((lexicon, problems)) => {
                for p in &problems {
                    println!("{p}");
                }
                let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
                failed |= errors > 0;
                println!(
                    "{}: {} categories, {} patterns: {errors} errors, {} warnings",
                    file.display(),
                    lexicon.categories.len(),
                    lexicon.pattern_count(),
                    problems.len() - errors
                );
            }
            Err(e) => {
                println!("{e}");
                failed = true;
            }
        }
    }
    Ok(ExitCode::from(if failed { 2 } else { 0 }))
}
