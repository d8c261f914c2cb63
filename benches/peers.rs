//! Benchmark: slant against the peers in ../shared/bench, on the same corpus in the same run.
//! Corpus paths in, a table of wall time, CPU time and peak memory out, with slant's stages and
//! the ratios peer / slant. Not a test: timings depend on the machine, so the figures are printed
//! for the reader (and the README), never asserted.
//!
//! ```sh
//! python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install -r ../shared/bench/requirements.txt
//! zstd -d ../shared/data/abp/articles.jsonl.zst -o /tmp/abp.jsonl
//! cargo bench --bench peers -- /tmp/abp.jsonl                      # slant, scikit-learn, scattertext
//! cargo bench --bench peers -- /tmp/abp.jsonl --peers sklearn      # only some peers
//! cargo bench --bench peers -- --scale 200000 /tmp/abp.jsonl       # builds a 200k corpus with make_scale.py first
//! cargo bench --bench peers -- --scale 1000000 /tmp/abp.jsonl --tables parquet   # 1M: Parquet tables only (disk)
//! ```
//!
//! Needs GNU time (`/usr/bin/time`, Debian package `time`) for CPU time and peak resident memory.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::Command;

const SHARED_BENCH: &str = "../shared/bench";

struct Measure {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// Runs a command under GNU time; returns its wall time, user+system CPU time and peak RSS.
fn measure(label: &str, program: &str, args: &[String]) -> Option<Measure> {
    let marker = "SLANT-BENCH";
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg(format!("{marker} %e %U %S %M"))
        .arg(program)
        .args(args)
        .output()
        .map_err(|e| eprintln!("{label}: cannot run /usr/bin/time: {e}"))
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && out.status.code() != Some(2) {
        eprintln!("{label} failed ({}):\n{}", out.status, stderr.lines().rev().take(15).collect::<Vec<_>>().join("\n"));
        return None;
    }
    let line = stderr.lines().rev().find(|l| l.starts_with(marker));
    let f: Vec<f64> = line.map_or(Vec::new(), |l| l.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect());
    if f.len() != 4 {
        eprintln!("{label}: no figures from /usr/bin/time ({}):\n{}", out.status, stderr.lines().rev().take(15).collect::<Vec<_>>().join("\n"));
        return None;
    }
    Some(Measure { wall: f[0], cpu: f[1] + f[2], peak_mb: f[3] / 1024.0 })
}

fn arg_value(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    (i < args.len()).then(|| args.remove(i))
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let python = arg_value(&mut args, "--python").unwrap_or_else(|| "/tmp/peers-venv/bin/python".into());
    let peers = arg_value(&mut args, "--peers").unwrap_or_else(|| "sklearn,scattertext".into());
    let scale = arg_value(&mut args, "--scale");
    let threads = arg_value(&mut args, "--threads");
    let tables = arg_value(&mut args, "--tables");
    let work = PathBuf::from(arg_value(&mut args, "--work").unwrap_or_else(|| "/tmp/slant-bench".into()));
    let Some(corpus) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench peers -- CORPUS.jsonl [--peers sklearn,scattertext] [--scale N] [--threads N] [--tables FORMAT]");
        std::process::exit(1);
    };
    std::fs::create_dir_all(&work).expect("work folder");
    let corpus = match scale {
        Some(n) => {
            let scaled = work.join(format!("scaled-{n}.jsonl"));
            if !scaled.exists() {
                let script = format!("{SHARED_BENCH}/make_scale.py");
                let ok = Command::new("python3").args([script.as_str(), &n, scaled.to_str().unwrap(), corpus.to_str().unwrap()]).status();
                assert!(ok.is_ok_and(|s| s.success()), "make_scale.py failed");
            }
            scaled
        }
        None => corpus,
    };
    let bytes = std::fs::metadata(&corpus).map(|m| m.len()).unwrap_or(0);
    let records = std::fs::File::open(&corpus)
        .map(|f| std::io::BufReader::new(f).lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).count())
        .unwrap_or(0);
    println!("corpus: {} ({records} records, {:.1} MB)", corpus.display(), bytes as f64 / 1e6);
    println!("machine: {} cores; {}", std::thread::available_parallelism().map_or(0, |n| n.get()), cpu_model());

    let slant = env!("CARGO_BIN_EXE_slant");
    let out = work.join("slant-report");
    let mut slant_args = vec!["run".to_string(), corpus.display().to_string(), "--out".into(), out.display().to_string(), "-q".into()];
    if let Some(t) = threads {
        slant_args.extend(["--threads".into(), t]);
    }
    let mut label = "slant run (all analyses)".to_string();
    if let Some(format) = tables {
        label = format!("slant run (all analyses, --tables {format})");
        slant_args.extend(["--tables".into(), format]);
    }
    // A run that fails must not show the stages of the run before it in the same folder.
    let _ = std::fs::remove_file(out.join("timings.json"));
    let mut rows: Vec<(String, Measure)> = Vec::new();
    let base = measure("slant", slant, &slant_args).map(|m| {
        let base = (m.wall, m.cpu);
        rows.push((label, m));
        base
    });
    let stages = std::fs::read_to_string(out.join("timings.json")).unwrap_or_default();
    for peer in peers.split(',').filter(|p| !p.is_empty()) {
        let script = match peer {
            "sklearn" => "peer_sklearn.py",
            "scattertext" => "peer_scattertext.py",
            other => {
                eprintln!("unknown peer {other}");
                continue;
            }
        };
        let peer_out = work.join(format!("{peer}-out"));
        let args = vec![format!("{SHARED_BENCH}/{script}"), corpus.display().to_string(), peer_out.display().to_string()];
        if let Some(m) = measure(peer, &python, &args) {
            rows.push((format!("{peer} ({script})"), m));
        }
    }

    println!("\n| tool | wall s | CPU s | peak RSS MB | wall ratio (tool / slant) | CPU ratio |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, m) in &rows {
        // Without slant's own figures (it failed) there is nothing to take a ratio to.
        let ratio = |of: f64, to: Option<f64>| to.map_or("–".to_string(), |to| format!("{:.1}×", of / to));
        let (rw, rc) = (ratio(m.wall, base.map(|b| b.0)), ratio(m.cpu, base.map(|b| b.1)));
        println!("| {name} | {:.2} | {:.2} | {:.0} | {rw} | {rc} |", m.wall, m.cpu, m.peak_mb);
    }
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&stages) {
        print_stages(&map, bytes as f64 / 1e6);
    }
}

/// Prints slant's stages from timings.json: wall seconds and input MB/s per pipeline stage, then
/// the CPU seconds and text MB/s per core of each annotation sub-stage, so the slowest shows.
fn print_stages(map: &serde_json::Map<String, serde_json::Value>, input_mb: f64) {
    println!("\nslant stages (wall; MB/s of input file):");
    for stage in ["ingest", "clean", "annotate", "tabulate", "compare", "evidence", "render"] {
        if let Some(s) = map.get(&format!("{stage}_seconds")).and_then(|v| v.as_f64()) {
            println!("  {stage:12} {s:8.3} s   {:8.1} MB/s", input_mb / s.max(1e-9));
        }
    }
    if let Some(serde_json::Value::Object(peaks)) = map.get("peak_rss_megabytes") {
        let at: Vec<String> = ["ingest", "clean", "annotate", "tabulate", "compare", "evidence", "render"]
            .iter()
            .filter_map(|s| peaks.get(*s).and_then(|v| v.as_u64()).map(|mb| format!("{s} {mb}")))
            .collect();
        println!("peak resident MB at the end of each stage: {}", at.join(", "));
    }
    let text_mb = map.get("text_megabytes").and_then(|v| v.as_f64()).unwrap_or(0.0);
    if let Some(serde_json::Value::Object(cpu)) = map.get("annotate_cpu_seconds") {
        println!("annotate sub-stages (CPU summed over threads; {text_mb:.1} MB of article text; MB/s per core):");
        for k in slant::annotate::STAGES {
            if let Some(s) = cpu.get(k).and_then(|v| v.as_f64()) {
                println!("  {k:12} {s:8.3} s   {:8.1} MB/s", text_mb / s.max(1e-9));
            }
        }
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into())
}
