//! `slant merge`: the folders of `slant run --shard i/n` in, the whole study's report out. Takes
//! the same study options as the shards (checked against each shard's run.json) and calls
//! `pipeline::merge`.

use super::run::{self, Args};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.shard.is_some() {
        bail!("slant merge joins shards: --shard belongs to slant run");
    }
    if args.inputs.is_empty() {
        bail!("slant merge: give the folders written by slant run --shard i/n");
    }
    run::set_threads(args.threads)?;
    let shards = args.inputs.clone();
    let recorded = recorded_options(&shards[0])?;
    // The study is the shards': its inputs and (unless renamed) its name come from their run.json.
    let mut study = args.clone();
    study.inputs = recorded["inputs"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_str()).map(PathBuf::from).collect())
        .unwrap_or_default();
    if study.name.is_none() {
        study.name = recorded["name"].as_str().map(str::to_string);
    }
    let options = run::study_options(&study)?;
    let mine = serde_json::to_value(&options)?;
    for dir in &shards {
        let theirs = recorded_options(dir)?;
        let differ: Vec<&String> = mine
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, v)| theirs.get(k.as_str()) != Some(v))
            .map(|(k, _)| k)
            .collect();
        if !differ.is_empty() {
            bail!(
                "{}: this shard was run with other study options ({}): give slant merge the same options as slant run --shard",
                dir.display(),
                differ.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            );
        }
    }
    let dirs: Vec<&Path> = shards.iter().map(PathBuf::as_path).collect();
    let outcome = slant::pipeline::merge(&options, &dirs, &run::progress_bar(args.quiet))?;
    Ok(run::summarise(&outcome, &options.out, args.quiet))
}

/// A shard's study options as its run.json records them, without the shard itself.
fn recorded_options(dir: &Path) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let path = dir.join("run.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: not a shard folder (no run.json); write one with slant run --shard i/n", dir.display()))?;
    let record: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{}: not valid JSON", path.display()))?;
    let mut options = record["options"].as_object().cloned().unwrap_or_default();
    if options.remove("shard").is_none() {
        bail!("{}: not a shard of a study (run.json has no shard); write shards with slant run --shard i/n", dir.display());
    }
    Ok(options)
}
