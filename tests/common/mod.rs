//! Helpers shared by the integration tests: run the real `slant` binary and read its outputs.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn slant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("slant binary runs")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `slant run INPUTS --out DIR -q` and returns the output.
pub fn run_study(inputs: &[&str], out: &Path, extra: &[&str]) -> Output {
    let out_s = out.to_str().unwrap();
    let mut args = vec!["run"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--out", out_s, "-q"]);
    args.extend_from_slice(extra);
    slant(&args)
}

/// Rows of a CSV file as maps from column name to value.
pub fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader
        .records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect())
        .collect()
}

/// Every file below `dir` (relative path → bytes), except timings.json.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.file_name().unwrap() != "timings.json" {
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The project folder: cargo's runtime CARGO_MANIFEST_DIR (so that a test binary reused from
/// another checkout still reads this checkout's files), else the one it was compiled in.
pub fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}
