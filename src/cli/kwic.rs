//! `slant kwic PATTERN INPUTS...`: every occurrence of a lexicon pattern in the articles, with its
//! outlet, article and context, as aligned text or CSV.

use slant::ingest;
use slant::kwic::{KwicOptions, pattern_contexts_spilled};
use slant::lexicon::Lexicon;
use slant::tabulate::columns as col;
use std::path::PathBuf;
use std::process::ExitCode;

/// How to print the occurrences.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One line per occurrence: outlet, article, left context right-aligned, [keyword], right context.
    Text,
    /// CSV with columns outlet, article_id, left, keyword, right.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A pattern as in lexicons: a word, a prefix glob (`assassinat*`), a phrase (`drone strike`),
    /// `*` for any one word inside a phrase.
    pattern: String,
    /// Files or directories of articles, read as `slant run` reads them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Words of context on each side.
    #[arg(long, default_value_t = 8)]
    window: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::from_pattern(&args.pattern)?;
    // The texts are spilled as they are read, as `slant run` does, so that a large corpus's
    // concordance takes the memory of its records, not of its texts.
    let (ingested, texts) = ingest::read_spilled(&args.inputs, &ingest::ReadOptions::default(), &std::env::temp_dir())?;
    let lines = pattern_contexts_spilled(&ingested.articles, &texts, &lexicon, &KwicOptions { window: args.window })?;
    match args.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout().lock());
            w.write_record([col::OUTLET, col::ARTICLE_ID, col::LEFT, col::KEYWORD, col::RIGHT])?;
            for k in &lines {
                let cells = [&k.outlet, &k.article_id, &k.pre, &k.keyword, &k.post];
                w.write_record(cells.map(|c| slant::tabulate::safe_csv::neutralise(c).into_owned()))?;
            }
            w.flush()?;
        }
        Format::Text => {
            let width = lines.iter().map(|k| k.pre.chars().count()).max().unwrap_or(0);
            for k in &lines {
                println!("{}\t{}\t{:>width$} [{}] {}", k.outlet, k.article_id, k.pre, k.keyword, k.post);
            }
        }
    }
    let rejected = ingested.count(ingest::Status::Rejected);
    if rejected > 0 {
        eprintln!("{rejected} input records were rejected (run `slant run` for the ingest log)");
    }
    Ok(ExitCode::from(if rejected > 0 { 2 } else { 0 }))
}
