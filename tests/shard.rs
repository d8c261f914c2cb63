//! Sharded runs: `slant run --shard i/n` on each shard, then `slant merge`, must write the same
//! report as one run over the whole input; and merge must refuse an incomplete or mixed set.

mod common;

use common::{code, run_study, slant, stderr, tree};
use std::path::{Path, PathBuf};

/// Runs every shard of `inputs` split `n` ways into `dir/shard-i`, returning the folders.
fn run_shards(inputs: &[&str], n: usize, dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            let out = dir.join(format!("shard-{i}"));
            let shard = format!("{i}/{n}");
            let mut args = vec!["--shard", shard.as_str()];
            args.extend_from_slice(extra);
            let run = run_study(inputs, &out, &args);
            assert_eq!(code(&run), 0, "shard {shard}: {}", stderr(&run));
            out
        })
        .collect()
}

fn merge(shards: &[PathBuf], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&str> = vec!["merge"];
    args.extend(shards.iter().map(|p| p.to_str().unwrap()));
    args.extend_from_slice(&["--out", out.to_str().unwrap(), "-q"]);
    args.extend_from_slice(extra);
    slant(&args)
}

fn articles_in(shard: &Path) -> usize {
    let text = std::fs::read_to_string(shard.join("partial/shard.json")).unwrap();
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    record["shard_articles"].as_u64().unwrap() as usize
}

/// Splits `inputs` `n` ways, merges, and compares every file with one run's (timings aside).
fn assert_merge_equals_one_run(inputs: &[&str], n: usize, extra: &[&str]) {
    assert_merge_writes_as_one_run(inputs, n, extra, &[]);
}

/// `assert_merge_equals_one_run`, with `output` options given to the merge and the one run only
/// (how the report is written, which the shards leave to the merge).
fn assert_merge_writes_as_one_run(inputs: &[&str], n: usize, extra: &[&str], output: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single");
    let run = run_study(inputs, &single, &[extra, output].concat());
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let shards = run_shards(inputs, n, tmp.path(), extra);
    let counts: Vec<usize> = shards.iter().map(|s| articles_in(s)).collect();
    let accepted = common::csv_rows(&single.join("ingest.csv")).iter().filter(|r| r["status"] == "accepted").count();
    assert_eq!(counts.iter().sum::<usize>(), accepted, "shards split the articles: {counts:?}");
    assert!(counts.iter().filter(|&&c| c > 0).count() >= 2, "work is spread over shards: {counts:?}");

    let merged = tmp.path().join("merged");
    let out = merge(&shards, &merged, &[extra, output].concat());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (want, got) = (tree(&single), tree(&merged));
    assert_eq!(want.keys().collect::<Vec<_>>(), got.keys().collect::<Vec<_>>());
    for (path, bytes) in &want {
        assert!(&got[path] == bytes, "{} differs between one run and the merged shards", path.display());
    }
}

#[test]
fn three_shards_of_the_sample_merge_into_the_single_run_report() {
    assert_merge_equals_one_run(&["data/sample"], 3, &[]);
}

#[test]
#[ignore = "needs ../shared/data (run by .ci/run)"]
fn shards_of_the_abp_sample_merge_into_the_single_run_report() {
    // 470 real articles with near-duplicates across outlets, so copies and their originals can
    // fall in different shards.
    assert_merge_equals_one_run(&["../shared/data/abp/sample.jsonl"], 4, &["--min-articles", "5"]);
}

#[test]
fn a_merge_writes_its_tables_in_the_format_it_is_given() {
    // The shards ran with the default (both formats); the merge writes CSV only, as one run would.
    assert_merge_writes_as_one_run(&["data/sample"], 2, &[], &["--tables", "csv"]);
}

#[test]
fn merge_refuses_a_missing_shard_and_other_options() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = run_shards(&["data/sample"], 3, tmp.path(), &[]);

    let out = merge(&shards[..2], &tmp.path().join("two"), &[]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("shard(s) 3/3 missing"), "{}", stderr(&out));
    assert!(!tmp.path().join("two").exists(), "no report from an incomplete set");

    let out = merge(&[shards[0].clone(), shards[0].clone(), shards[2].clone()], &tmp.path().join("twice"), &[]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("both are shard 1/3"), "{}", stderr(&out));

    let out = merge(&shards, &tmp.path().join("other"), &["--top", "5"]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("other study options (compare, top_terms)"), "{}", stderr(&out));

    let out = merge(&[PathBuf::from("data/sample")], &tmp.path().join("not"), &[]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("not a shard folder"), "{}", stderr(&out));
}
