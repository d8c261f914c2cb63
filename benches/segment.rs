//! Benchmark: the annotation sub-stages on one core. A JSON-lines corpus in (each record's
//! `text`), the MB/s of text of sentence splitting, tokenising, the two together (`segment`, what
//! the run's `annotate_cpu_seconds.segment` times) and lexicon matching out, then of every
//! sub-stage of the whole annotator as the run's `annotate_cpu_seconds` name them (segment,
//! lexicon, entities, quotes, tone, claims) and of tabulating the documents (`tabulate`), best
//! of a number of rounds, with the texts warm in memory. Not a test: the figures depend on the
//! machine and are printed for the reader, never asserted. A run's own `timings.json` gives the
//! same sub-stages inside the pipeline, texts cold and other stages beside them.
//!
//! ```sh
//! zstd -d ../shared/data/abp/articles.jsonl.zst -o /tmp/abp.jsonl
//! cargo bench --bench segment -- /tmp/abp.jsonl        # best of 5 rounds
//! cargo bench --bench segment -- /tmp/abp.jsonl 3      # best of 3
//! ```

use slant::annotate::{Annotator, Gazetteer};
use slant::lexicon::{Lexicon, Matcher};
use slant::model::Article;
use slant::tabulate::Tabulator;
use std::io::BufRead;
use std::time::Instant;

/// The outlets the texts are dealt to in turn for tabulation: a run's term counts are kept per
/// outlet, so one outlet alone would understate the counting's memory traffic.
const OUTLETS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let path = args.next().ok_or("usage: cargo bench --bench segment -- CORPUS.jsonl [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let mut texts = Vec::new();
    for (i, line) in std::io::BufReader::new(std::fs::File::open(&path)?).lines().enumerate() {
        let record: serde_json::Value = serde_json::from_str(&line?).map_err(|e| format!("{path}: line {}: {e}", i + 1))?;
        texts.push(record["text"].as_str().unwrap_or("").to_string());
    }
    let megabytes = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let lexicons = Lexicon::built_in();
    let matcher = Matcher::new(&lexicons);
    const STAGES: [&str; 4] = ["sentences", "tokens", "segment", "lexicon"];
    let mut best = [f64::MAX; 4];
    let mut found = 0;
    for _ in 0..rounds {
        let mut seconds = [0.0; 4];
        for text in &texts {
            let mut lap = |stage: usize, since: Instant| seconds[stage] += since.elapsed().as_secs_f64();
            let t = Instant::now();
            let sentences = slant::text::split_sentences(text);
            lap(0, t);
            let t = Instant::now();
            let tokens = slant::text::tokenize(text);
            lap(1, t);
            drop((sentences, tokens));
            let t = Instant::now();
            let (sentences, tokens) = slant::text::segment(text);
            lap(2, t);
            let t = Instant::now();
            let matches = matcher.find(&tokens);
            lap(3, t);
            found += sentences.len() + matches.len();
        }
        for (b, s) in best.iter_mut().zip(seconds) {
            *b = b.min(s);
        }
    }
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("{megabytes:.1} MB of text in {} articles, one core, best of {rounds} rounds ({profile} build)", texts.len());
    for (stage, seconds) in STAGES.iter().zip(best) {
        println!("  {stage:<10} {seconds:>6.2} s  {:>6.1} MB/s", megabytes / seconds);
    }
    println!("  segment + lexicon       {:>6.1} MB/s  ({found} sentences and matches)", megabytes / (best[2] + best[3]));

    // The whole annotator, timed by its own clock: the article is built before its clock starts.
    // Then each document is tabulated, as a run does beside the annotation of the next batch
    // (its `annotate_cpu_seconds.tabulate`), but with the growing tables in memory, not spilled.
    let gazetteer = Gazetteer::built_in();
    let mut best: Vec<(&str, f64)> = Vec::new();
    for _ in 0..rounds {
        let annotator = Annotator::new(&lexicons, &matcher, &gazetteer);
        let mut tabulator = Tabulator::new(&lexicons, &matcher, &gazetteer);
        let mut tabulating = 0.0;
        for (i, text) in texts.iter().enumerate() {
            let doc = annotator.annotate(Article::new(&i.to_string(), OUTLETS[i % OUTLETS.len()], text));
            let t = Instant::now();
            tabulator.add(&doc)?;
            tabulating += t.elapsed().as_secs_f64();
        }
        drop(tabulator);
        let mut seconds = annotator.clock.seconds();
        seconds.push(("tabulate", tabulating));
        if best.is_empty() {
            best = seconds;
        } else {
            for ((_, b), (_, s)) in best.iter_mut().zip(seconds) {
                *b = b.min(s);
            }
        }
    }
    println!("annotator, one core, best of {rounds} rounds");
    for (stage, seconds) in &best {
        println!("  {stage:<10} {seconds:>6.2} s  {:>6.1} MB/s", megabytes / seconds);
    }
    let total: f64 = best.iter().map(|(_, s)| s).sum();
    println!("  all        {total:>6.2} s  {:>6.1} MB/s", megabytes / total);
    Ok(())
}
