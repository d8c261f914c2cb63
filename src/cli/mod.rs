//! Command-line interface: arguments in, a subcommand run out. Each subcommand is one file with
//! its `Args` and `run()`; the work is done by the library.

mod bench;
mod kwic;
mod lexicon;
mod merge;
mod run;
mod signals;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// slant: compare how news outlets tell the same story: word choice, labels, sources, frames.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a whole study: read articles, annotate, tabulate, compare, and write the report folder.
    Run(Box<run::Args>),
    /// Join the shards of a study (`slant run --shard i/n`) into its report: the same report one
    /// run over the whole input writes. Give the shard folders and the shards' study options.
    Merge(Box<run::Args>),
    /// Key words in context: every occurrence of a pattern, with its outlet and article. The texts
    /// wait in a temporary file in $TMPDIR (or /tmp) while the inputs are read.
    Kwic(kwic::Args),
    /// Lexicon tools: import dictionaries, check files, list built-ins, score against BABE.
    Lexicon(lexicon::Args),
    /// Measure ingest throughput and peak memory on a corpus (run by hand).
    #[command(hide = true)]
    BenchIngest(bench::Args),
}

impl Cli {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        signals::install();
        match self.command {
            Command::Run(args) => run::run(*args),
            Command::Merge(args) => merge::run(*args),
            Command::Kwic(args) => kwic::run(args),
            Command::Lexicon(args) => lexicon::run(args),
            Command::BenchIngest(args) => bench::run(args),
        }
    }
}
