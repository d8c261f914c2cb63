//! `slant lexicon …`: tools for lexicons: import a dictionary, check files, list the built-in
//! lexicons, score a lexicon against BABE. One file per subcommand.

mod check;
mod import;
mod list;
mod score;

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Convert a dictionary (LIWC .dic, quanteda .yml/.yaml, Lexicoder .lc3, WordStat .cat, or
    /// slant .toml) into slant's TOML lexicon format.
    Import(import::Args),
    /// Check lexicon files and list every problem: invalid, unreachable, duplicate and redundant
    /// patterns. Exit code 2 when any file has errors.
    Check(check::Args),
    /// List the built-in lexicons with their version, categories and pattern counts.
    List(list::Args),
    /// Score a lexicon's loaded-language detection against the BABE expert annotations.
    ScoreBabe(score::Args),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Import(a) => import::run(a),
        Command::Check(a) => check::run(a),
        Command::List(a) => list::run(a),
        Command::ScoreBabe(a) => score::run(a),
    }
}
