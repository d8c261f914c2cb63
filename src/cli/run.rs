//! `slant run`: parse the study options, call `pipeline::run`, print a summary.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant::compare::{BootstrapOptions, CompareOptions, LogOddsOptions};
use slant::pipeline::{self, StudyOptions};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories of articles: .txt/.md, .jsonl (also .gz/.zst), .csv. Directories are
    /// read recursively in sorted order.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the report [default: reports/<name>].
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Name of the study [default: the first input's folder or file name].
    #[arg(long)]
    name: Option<String>,
    /// CSV with columns path_or_id, outlet, date, title: overrides what was read or inferred.
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// An extra lexicon file (TOML, see data/lexicons/README.md); may be repeated.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// A gazetteer file (TOML, see data/gazetteer/README.md) of entities and their aliases, to
    /// merge spellings slant keeps apart or split names it merges; may be repeated.
    #[arg(long = "entities", value_name = "FILE")]
    entities: Vec<PathBuf>,
    /// Use only the lexicons given with --lexicon, not the built-in ones.
    #[arg(long)]
    no_builtin_lexicons: bool,
    /// Terms seen fewer times than this in the whole corpus are not scored.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
    /// Strength α₀ of the informative Dirichlet prior of the log-odds, in pseudo-counts.
    #[arg(long, default_value_t = 1000.0)]
    prior: f64,
    /// Bootstrap replicates for frame-rate intervals.
    #[arg(long, default_value_t = 2000)]
    replicates: usize,
    /// Random seed of the bootstrap.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Outlets with fewer articles are marked "descriptive only" in the report.
    #[arg(long, default_value_t = 10)]
    min_articles: usize,
    /// Distinctive terms per outlet shown in charts and the report.
    #[arg(long, default_value_t = 15)]
    top: usize,
    /// Worker threads [default: one per core]. Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting --threads")?;
    }
    let name = args.name.clone().unwrap_or_else(|| default_name(&args.inputs[0]));
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(slant::render::slug(&name)));
    let options = StudyOptions {
        name,
        inputs: args.inputs,
        manifest: args.manifest,
        lexicons: args.lexicons,
        builtin_lexicons: !args.no_builtin_lexicons,
        entities: args.entities,
        compare: CompareOptions {
            log_odds: LogOddsOptions { prior_strength: args.prior, min_count: args.min_count, under_used: args.top },
            bootstrap: BootstrapOptions { replicates: args.replicates, seed: args.seed, level: 0.95 },
            min_articles: args.min_articles,
            evidence_per_category: 5,
        },
        top_terms: args.top,
        out: out.clone(),
    };
    let progress = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:12} {bar:40} {pos}/{len} articles ({per_sec}, {eta})")
                .expect("valid template"),
        );
        bar
    };
    let outcome = pipeline::run(&options, &progress)?;
    if !args.quiet {
        eprintln!(
            "{} articles from {} outlets ({} duplicates, {} rejected, {} files skipped) → {}",
            outcome.accepted,
            outcome.outlets,
            outcome.duplicates,
            outcome.rejected,
            outcome.skipped,
            out.join("report.html").display()
        );
        if outcome.rejected > 0 {
            eprintln!("some inputs were rejected: see {}", out.join("ingest.csv").display());
        }
    }
    Ok(ExitCode::from(if outcome.rejected > 0 { 2 } else { 0 }))
}

/// The study's default name: the input folder's name, or the input file's stem.
fn default_name(input: &std::path::Path) -> String {
    let path = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let name = if path.is_dir() { path.file_name() } else { path.file_stem() };
    name.map(|n| n.to_string_lossy().split('.').next().unwrap_or("").to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "study".to_string())
}
