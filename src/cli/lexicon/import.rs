//! `slant lexicon import FILE --to OUT.toml`: read a dictionary, report the entries that cannot be
//! represented, write the rest as a slant TOML lexicon.

use anyhow::Context;
use slant::lexicon::{Severity, import, write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dictionary: .dic (LIWC), .yml/.yaml (quanteda), .lc3 (Lexicoder), .cat (WordStat), .toml.
    file: PathBuf,
    /// Where to write the TOML lexicon.
    #[arg(long)]
    to: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (lexicon, problems) = import::read_lenient(&args.file)?;
    let dropped = problems.iter().filter(|p| p.severity == Severity::Error).count();
    for p in &problems {
        eprintln!("{p}");
    }
    std::fs::write(&args.to, write::to_toml(&lexicon)).with_context(|| format!("writing {}", args.to.display()))?;
    eprintln!(
        "{} → {}: {} categories, {} patterns ({dropped} entries left out, see above)",
        args.file.display(),
        args.to.display(),
        lexicon.categories.len(),
        lexicon.pattern_count()
    );
    Ok(ExitCode::SUCCESS)
}
