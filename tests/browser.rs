//! The HTML report in a real browser: headless Chromium opens it offline, reports no console
//! messages, and the page it builds has every section with its charts. Ignored by a plain
//! `cargo test` (it needs /usr/bin/chromium); `.ci/run` installs Chromium and runs it.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Opens `page` in headless Chromium; returns (DOM after load, console lines) and writes a screenshot.
fn open(page: &Path, screenshot: &Path) -> (String, Vec<String>) {
    assert!(Path::new(CHROMIUM).exists(), "{CHROMIUM} is missing: install Debian's chromium package");
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let user_data = format!("--user-data-dir={}", profile.path().display());
    let dom = Command::new(CHROMIUM).args(flags).arg(&user_data).arg("--dump-dom").arg(&url).output().unwrap();
    assert!(dom.status.success(), "chromium failed: {}", String::from_utf8_lossy(&dom.stderr));
    let shot = Command::new(CHROMIUM)
        .args(flags)
        .arg(&user_data)
        .arg("--window-size=1280,4000")
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(shot.status.success());
    let console: Vec<String> = [&dom.stderr, &shot.stderr]
        .iter()
        .flat_map(|e| String::from_utf8_lossy(e).lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect::<Vec<_>>())
        .collect();
    (String::from_utf8_lossy(&dom.stdout).into_owned(), console)
}

fn check_report(report: &Path, sections: &[&str]) {
    let shot = report.parent().unwrap().join("screenshot.png");
    let (dom, console) = open(&report.join("report.html"), &shot);
    assert!(console.is_empty(), "console messages: {console:#?}");
    for id in sections {
        assert!(dom.contains(&format!("<h2 id=\"{id}\">")), "section {id} missing from the rendered page");
    }
    // Every section's content follows its heading; count the charts the browser built.
    let charts = dom.matches("<svg").count();
    let files = std::fs::read_dir(report.join("charts")).unwrap().filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "svg").count();
    assert_eq!(charts, files, "every chart file is inlined in the page");
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1280, "screenshot width");
}

const SECTIONS: &[&str] =
    &["summary", "corpus", "framing", "tone", "distinctive", "entities", "sources", "comparisons", "similarity", "time", "method", "limitations"];

#[test]
#[ignore = "needs /usr/bin/chromium"]
fn sample_report_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    let run = run_study(&["data/sample"], &out, &["--pair", "Korvan State Broadcaster", "Alliance Tribune", "--replicates", "100"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    check_report(&out, SECTIONS);
}

#[test]
#[ignore = "needs /usr/bin/chromium and ../shared/seeds"]
fn seeds_report_in_chromium() {
    let seeds = repo("../shared/seeds");
    assert!(seeds.exists(), "../shared/seeds is missing");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds");
    let run = run_study(&[seeds.to_str().unwrap()], &out, &["--replicates", "100"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    check_report(&out, SECTIONS);
}
