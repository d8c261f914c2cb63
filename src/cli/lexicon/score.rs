//! `slant lexicon score-babe PATH`: score a lexicon against BABE's expert labels, on all sentences
//! and on the even (tuning) and odd (held-out) lines.

use slant::evaluate::{Half, read_babe, score};
use slant::lexicon::Lexicon;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// BABE's sentences.jsonl (e.g. ../shared/data/babe/sentences.jsonl).
    path: PathBuf,
    /// A built-in lexicon's name or a lexicon file.
    #[arg(long, default_value = "loaded")]
    lexicon: String,
    /// Also print the N expert words most often missed (on even lines only, to keep the odd lines
    /// held out).
    #[arg(long, default_value_t = 0)]
    misses: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = match Lexicon::built_in().into_iter().find(|l| l.meta.name == args.lexicon) {
        Some(l) => l,
        None => Lexicon::load(std::path::Path::new(&args.lexicon))?,
    };
    let sentences = read_babe(&args.path)?;
    println!("lexicon {} {} on {}", lexicon.meta.name, lexicon.meta.version, args.path.display());
    println!("{:<6} {:>9} {:>7} {:>7} {:>9} {:>10}", "lines", "sentences", "biased", "ROC-AUC", "coverage", "precision");
    for (label, half) in [("all", Half::All), ("even", Half::Even), ("odd", Half::Odd)] {
        let s = score(&sentences, &lexicon, half);
        println!(
            "{label:<6} {:>9} {:>7} {:>7.3} {:>9.3} {:>10.3}   ({}/{} expert words flagged, {}/{} flagged words marked)",
            s.sentences,
            s.biased,
            s.auc,
            s.coverage(),
            s.precision(),
            s.expert_words_flagged,
            s.expert_words,
            s.flagged_expert,
            s.flagged
        );
    }
    if args.misses > 0 {
        let even = score(&sentences, &lexicon, Half::Even);
        let shown: Vec<String> = even.missed.iter().take(args.misses).map(|(w, n)| format!("{w} ({n})")).collect();
        println!("most missed on even lines: {}", shown.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
