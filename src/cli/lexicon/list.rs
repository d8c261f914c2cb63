//! `slant lexicon list`: the built-in lexicons, their versions, categories and pattern counts.

use slant::lexicon::Lexicon;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<ExitCode> {
    for lex in Lexicon::built_in() {
        println!(
            "{} {} ({}; {} patterns, {}): {}",
            lex.meta.name,
            lex.meta.version,
            lex.location,
            lex.pattern_count(),
            lex.meta.licence,
            lex.meta.description
        );
        for c in &lex.categories {
            println!("  {:<40} {:>4} patterns", c.name, c.patterns.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
