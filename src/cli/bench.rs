//! `slant bench-ingest` (hidden): paths in, ingest throughput (MB/s of input files, articles/s)
//! and peak memory out, with the ingest figures a corpus check needs. Not a timed test: run it by
//! hand, and say which build profile the figures come from.

use slant::ingest::{self, Outlets, ReadOptions, Status};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories of articles, as for `slant run`.
    inputs: Vec<PathBuf>,
    /// Count an outlet's sections as one outlet.
    #[arg(long)]
    merge_sections: bool,
    /// Where the texts are spilled as they are read, as `slant run` spills them beside its
    /// report folder (not the system's temporary folder, which is often memory).
    #[arg(long, default_value = ".")]
    spill_dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut outlets = Outlets::built_in();
    outlets.merge_sections = args.merge_sections;
    let options = ReadOptions {
        outlets,
        near_duplicate: Some(ingest::dedup::DEFAULT_THRESHOLD),
        ..ReadOptions::default()
    };
    let start = Instant::now();
    let (ing, texts) = ingest::read_spilled(&args.inputs, &options, &args.spill_dir)?;
    let seconds = start.elapsed().as_secs_f64();
    let bytes: u64 = ing.files.iter().map(|f| f.bytes).sum();
    let articles = ing.count(Status::Accepted) + ing.count(Status::Duplicate);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("build profile      {profile}");
    println!("input              {:.1} MB in {} files", bytes as f64 / 1e6, ing.files.len());
    println!("seconds            {seconds:.2}");
    println!("throughput         {:.2} MB/s (input bytes as stored), {:.0} articles/s", bytes as f64 / 1e6 / seconds, articles as f64 / seconds);
    println!("peak memory        {}", peak_memory().unwrap_or_else(|| "unknown".into()));
    println!("texts spilled      {:.1} MB", texts.bytes() as f64 / 1e6);
    println!("records logged     {}", ing.log.len());
    for status in [Status::Accepted, Status::Duplicate, Status::Rejected, Status::Skipped] {
        println!("  {:<16} {}", status.as_str(), ing.count(status));
    }
    let folded: std::collections::BTreeSet<&String> = ing.outlet_names.values().collect();
    println!("outlet names       {} raw → {} outlets", ing.outlet_names.len(), folded.len());
    let note = |needle: &str| ing.log.iter().filter(|e| e.reason.contains(needle)).count();
    println!("impossible dates   {} (outside 1900–2100 or not calendar dates)", note("outside 1900") + note("not a calendar date"));
    println!("far-future dates   {}", note("more than a year after"));
    println!("inferred dates     {}", note("inferred from"));
    let undated = ing.log.iter().filter_map(|e| e.meta.as_ref()).filter(|m| m.date.is_none()).count();
    println!("undated articles   {undated}");
    println!("exact duplicates   {}", note("same text as"));
    println!("near-duplicates    {}", note("near-duplicate of"));
    println!("syndicated copies  {}", ing.syndicated().values().sum::<usize>());
    let langs: Vec<String> = ing.languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!("languages          {}", langs.join(", "));
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process (Linux `VmHWM`).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}
