//! `slant run`: parse the study options (a study.toml and/or flags), call `pipeline::run`, print
//! a summary.

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant::clean::BoilerplateOptions;
use slant::compare::{BootstrapOptions, CompareOptions, Correction, KeynessOptions, Measure};
use slant::ingest::{FieldMap, Outlets, Preset, dates::DateOrder};
use slant::pipeline::{self, StudyOptions};
use slant::study::{Bucket, Contrast, Groups, Side, StudyFile};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Files or directories of articles: .txt/.md, .html/.htm, .jsonl, .json (an array of
    /// objects), .csv, .tsv, .parquet, each also gzip- (.gz) or zstd-compressed (.zst).
    /// Directories are read recursively in sorted order. May be omitted when --study lists inputs.
    pub inputs: Vec<PathBuf>,
    /// A study.toml with inputs, groups, comparisons and settings; flags given here override it.
    #[arg(long)]
    study: Option<PathBuf>,
    /// Where to write the report [default: reports/<name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Name of the study [default: the study file's name, or the first input's folder or file name].
    #[arg(long)]
    pub name: Option<String>,
    /// CSV with columns path_or_id, outlet, date, title, group: overrides what was read or inferred.
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
    /// A field of the input records (JSON key, CSV column, front-matter key) holding each
    /// article's group, e.g. "label" for an outlet's leaning.
    #[arg(long, value_name = "FIELD")]
    group_field: Option<String>,
    /// Read an article role from a named field of JSON, CSV/TSV and Parquet records, e.g.
    /// `--field outlet=source_name --field text=maintext`; roles: id, outlet, date, title, text,
    /// url, group. May be repeated; overrides --preset and the study's [fields].
    #[arg(long = "field", value_name = "ROLE=FIELD")]
    fields: Vec<String>,
    /// Field names of a known export format.
    #[arg(long, value_enum)]
    preset: Option<Preset>,
    /// An outlet alias file (TOML like data/outlets/aliases.toml) extending the built-in table.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Count an outlet's sections ("New York Times - News" / "- Opinion") as one outlet.
    #[arg(long)]
    merge_sections: bool,
    /// Read ambiguous numeric dates such as 01/05/2020 day first (1 May), not month first.
    #[arg(long)]
    day_first: bool,
    /// A later article whose word 5-shingles overlap an earlier one's by at least this Jaccard
    /// similarity is a near-duplicate, counted once; 0 turns the search off [default: 0.8]. A wire story
    /// with a rewritten lede and a few edited words scores about 0.65 on a 300-word article: lower
    /// the threshold to catch such copies.
    #[arg(long, value_name = "SIMILARITY")]
    near_duplicate: Option<f64>,
    /// Analyse exact and near duplicates too, instead of counting each story once (they are
    /// still marked as duplicates in ingest.csv).
    #[arg(long)]
    keep_duplicates: bool,
    /// Compare two outlets directly (besides each outlet against the rest); may be repeated.
    #[arg(long, num_args = 2, value_names = ["A", "B"], action = clap::ArgAction::Append)]
    pair: Vec<String>,
    /// Compare two groups (from --group-field or the study's [groups]); may be repeated.
    #[arg(long = "groups", num_args = 2, value_names = ["A", "B"], action = clap::ArgAction::Append)]
    group_pair: Vec<String>,
    /// A claim to follow across outlets, as NAME=PATTERN,PATTERN,… (lexicon pattern syntax:
    /// words, prefix globs such as withdraw*, `*` for any one word, phrases), e.g.
    /// 'withdrawal=withdraw*,pull* out,leave iraq'. Each sentence stating it is marked asserted,
    /// denied or hedged and linked to its source. May be repeated; replaces a claim of the same
    /// name in the study file.
    #[arg(long = "claim", value_name = "NAME=PATTERNS")]
    claims: Vec<String>,
    /// Keyness measure.
    #[arg(long, value_enum, default_value_t = Measure::LogOdds)]
    measure: Measure,
    /// Continuity correction for the g2 and chi2 measures.
    #[arg(long, value_enum, default_value_t = Correction::Default)]
    correction: Correction,
    /// Terms seen fewer times than this on the two sides of a comparison are not scored [default: 5].
    #[arg(long)]
    min_count: Option<u64>,
    /// Terms the outlet (or side) uses in fewer of its articles are not scored: a word that one
    /// article repeats is that article's, not the outlet's [default: 2].
    #[arg(long)]
    min_docs: Option<u64>,
    /// Strength α₀ of the informative Dirichlet prior of the log-odds, in pseudo-counts [default: 1000].
    #[arg(long)]
    prior: Option<f64>,
    /// A background frequency list (CSV or TSV with `term` and `count` columns) to use as the
    /// log-odds prior instead of the corpus's own frequencies.
    #[arg(long, value_name = "FILE")]
    prior_file: Option<PathBuf>,
    /// Bootstrap replicates for frame-rate intervals [default: 2000].
    #[arg(long)]
    replicates: Option<usize>,
    /// Relabellings in each permutation test of frame differences [default: 2000].
    #[arg(long)]
    permutations: Option<usize>,
    /// Random seed of the bootstrap and permutation tests [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    /// Time buckets of the timeline [default: auto].
    #[arg(long, value_enum)]
    bucket: Option<Bucket>,
    /// Outlets with fewer articles are marked "descriptive only" in the report [default: 10].
    #[arg(long)]
    min_articles: Option<usize>,
    /// The report's charts and sections show this many outlets, those with the most articles
    /// (the tables keep every outlet).
    #[arg(long, default_value_t = 25)]
    report_outlets: usize,
    /// Distinctive terms per outlet shown in charts and the report.
    #[arg(long, default_value_t = 15)]
    top: usize,
    /// Keep lines an outlet repeats across its articles (captions, newsletter and copyright
    /// lines) instead of removing them before analysis.
    #[arg(long)]
    keep_boilerplate: bool,
    /// A line is page furniture when it appears in at least this share of an outlet's articles…
    #[arg(long, default_value_t = 0.05)]
    boilerplate_share: f64,
    /// …and in at least this many of them.
    #[arg(long, default_value_t = 3)]
    boilerplate_articles: usize,
    /// Longest article text read, in bytes; longer records are truncated at a character
    /// boundary (noted in ingest.csv) or rejected, as --oversize says.
    #[arg(long, default_value_t = slant::ingest::limits::DEFAULT_MAX_ARTICLE_BYTES, value_name = "BYTES")]
    max_article_bytes: usize,
    /// What to do with an article longer than --max-article-bytes.
    #[arg(long, value_enum, default_value_t = slant::ingest::Oversize::Truncate)]
    oversize: slant::ingest::Oversize,
    /// Most bytes a compressed input (.gz, .zst) may expand to; reading a file stops there with
    /// a rejection in ingest.csv, and the records before it are kept. Guards against
    /// compression bombs.
    #[arg(long, default_value_t = slant::ingest::limits::DEFAULT_MAX_DECOMPRESSED_BYTES, value_name = "BYTES")]
    max_decompressed_bytes: u64,
    /// The files each table in the report's tables/ folder is written as [default: both].
    #[arg(long, value_enum, value_name = "FORMAT")]
    tables: Option<slant::tabulate::TableFormat>,
    /// Analyse only shard I of N (1 ≤ I ≤ N): every shard reads the whole input, then cleans,
    /// annotates and tabulates only the outlets whose name hashes to it, and writes a partial
    /// study to --out for `slant merge`. Run the N shards anywhere, with the same options.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<slant::shard::Shard>,
    /// Worker threads [default: one per core]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    set_threads(args.threads)?;
    let options = study_options(&args)?;
    let outcome = pipeline::run(&options, &progress_bar(args.quiet))?;
    if let Some(shard) = options.shard {
        if !args.quiet {
            eprintln!(
                "shard {shard}: {} articles from {} outlets → {} (join the shards with slant merge)",
                outcome.accepted, outcome.outlets, options.out.display()
            );
        }
        return Ok(ExitCode::from(if outcome.rejected > 0 { 2 } else { 0 }));
    }
    Ok(summarise(&outcome, &options.out, args.quiet))
}

/// Sets the number of worker threads, when given.
pub fn set_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting --threads")?;
    }
    Ok(())
}

/// The study's options from its file and the flags (flags win).
pub fn study_options(args: &Args) -> anyhow::Result<StudyOptions> {
    let file = match &args.study {
        Some(path) => StudyFile::load(path)?,
        None => StudyFile::default(),
    };
    let inputs = if args.inputs.is_empty() { file.inputs.clone() } else { args.inputs.clone() };
    if inputs.is_empty() {
        bail!("no inputs: give files or folders of articles, or a --study file that lists them");
    }
    let name = args.name.clone().or(file.name.clone()).unwrap_or_else(|| {
        match &args.study {
            Some(p) if args.inputs.is_empty() => default_name(p.parent().unwrap_or(p)),
            _ => default_name(&inputs[0]),
        }
    });
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(slant::render::slug(&name)));
    let mut contrasts = file.contrasts()?;
    contrasts.extend(args.pair.chunks(2).map(|p| Contrast {
        target: Side::Outlet(p[0].clone()),
        reference: Side::Outlet(p[1].clone()),
    }));
    contrasts.extend(args.group_pair.chunks(2).map(|p| Contrast {
        target: Side::Group(p[0].clone()),
        reference: Side::Group(p[1].clone()),
    }));
    let group_field = args.group_field.clone().or(file.group_field.clone());
    let day_first = args.day_first || file.day_first.unwrap_or(false);
    let date_order = if day_first {
        DateOrder::DayFirst
    } else {
        DateOrder::MonthFirst
    };
    let fields = FieldMap::new(
        args.preset.or(file.preset),
        &file.fields,
        &args.fields,
        group_field.as_deref(),
        date_order,
    )
    .map_err(anyhow::Error::msg)?;
    let mut outlets = Outlets::built_in();
    for path in file.outlets.file.iter().chain(&args.aliases) {
        outlets.load(path)?;
    }
    for (raw, outlet) in &file.outlets.aliases {
        outlets.add_alias(raw, outlet);
    }
    outlets.merge_sections = args.merge_sections || file.outlets.merge_sections.unwrap_or(false);
    let near_duplicate = args
        .near_duplicate
        .or(file.near_duplicate)
        .unwrap_or(slant::ingest::dedup::DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&near_duplicate) {
        bail!(
            "--near-duplicate {near_duplicate}: give a Jaccard similarity between 0 and 1 (0 turns it off)"
        );
    }
    let mut claims = file.claims.clone();
    for arg in &args.claims {
        let (name, patterns) = slant::study::parse_claim(arg)?;
        claims.insert(name, patterns);
    }
    let mut lexicons = file.lexicons.clone();
    lexicons.extend(args.lexicons.iter().cloned());
    let options = StudyOptions {
        name,
        inputs,
        manifest: args.manifest.clone().or(file.manifest.clone()),
        lexicons,
        builtin_lexicons: !args.no_builtin_lexicons,
        group_field,
        fields,
        outlets,
        near_duplicate: (near_duplicate > 0.0).then_some(near_duplicate),
        keep_duplicates: args.keep_duplicates || file.keep_duplicates.unwrap_or(false),
        groups: Groups::new(&file.groups)?,
        boilerplate: BoilerplateOptions {
            enabled: !args.keep_boilerplate,
            min_share: args.boilerplate_share,
            min_articles: args.boilerplate_articles,
        },
        entities: args.entities.clone(),
        compare: CompareOptions {
            keyness: KeynessOptions {
                measure: args.measure,
                correction: args.correction,
                prior_strength: args.prior.or(file.prior).unwrap_or(1000.0),
                min_count: args.min_count.or(file.min_count).unwrap_or(5),
                min_docs: args.min_docs.or(file.min_docs).unwrap_or(2),
                under_used: args.top,
            },
            bootstrap: BootstrapOptions {
                replicates: args.replicates.or(file.replicates).unwrap_or(2000),
                seed: args.seed.or(file.seed).unwrap_or(0),
                level: 0.95,
            },
            permutations: args.permutations.or(file.permutations).unwrap_or(2000),
            contrasts,
            bucket: args.bucket.or(file.bucket).unwrap_or(Bucket::Auto),
            min_articles: args.min_articles.or(file.min_articles).unwrap_or(10),
            evidence_per_category: 5,
            similarity_outlets: 40,
            background: match args.prior_file.as_deref().or(file.prior_file.as_deref()) {
                Some(path) => Some(std::sync::Arc::new(slant::study::read_background(path)?)),
                None => None,
            },
            claims,
        },
        prior_file: args.prior_file.clone().or(file.prior_file.clone()),
        report_outlets: args.report_outlets.max(1),
        top_terms: args.top,
        limits: slant::ingest::Limits {
            max_article_bytes: args.max_article_bytes,
            oversize: args.oversize,
            max_decompressed_bytes: args.max_decompressed_bytes,
        },
        tables: args.tables.or(file.tables).unwrap_or_default(),
        shard: args.shard,
        out,
    };
    Ok(options)
}
/// A progress bar on stderr when it is a terminal and the run is not quiet.
pub fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:12} {bar:40} {pos}/{len} articles ({per_sec}, {eta})").expect("valid template"),
    );
    bar
}

/// Prints what a finished study did; exit code 2 when some input was rejected.
pub fn summarise(outcome: &pipeline::Outcome, out: &std::path::Path, quiet: bool) -> ExitCode {
    if !quiet {
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
    ExitCode::from(if outcome.rejected > 0 { 2 } else { 0 })
}

/// The study's default name: the input folder's name, or the input file's stem.
fn default_name(input: &std::path::Path) -> String {
    let path = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let name = if path.is_dir() { path.file_name() } else { path.file_stem() };
    name.map(|n| n.to_string_lossy().split('.').next().unwrap_or("").to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "study".to_string())
}
