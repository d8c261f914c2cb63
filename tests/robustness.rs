//! Hostile and broken input (issue #9): the committed corpus in tests/fixtures/bad, large and
//! binary inputs generated here, CSV injection, path-like outlet names, unwritable output, and
//! interrupted runs. Nothing lost (every file has an ingest row), nothing leaked (no live
//! formulas, no file outside the report), no half-written report.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::Path;

const GOOD: &str = "Harbour talks resume after strike\n\nCoastal Courier\n\ndate 2031-03-03\n\nThe commander was killed, officials said. Talks on the harbour resumed on Monday.\n";

/// (file name, line, article id, status, reason) of each ingest.csv row.
fn log_rows(report: &Path) -> Vec<(String, String, String, String, String)> {
    csv_rows(&report.join("ingest.csv"))
        .into_iter()
        .map(|r| {
            let file = r["path"].rsplit('/').next().unwrap().to_string();
            (file, r["line"].clone(), r["article_id"].clone(), r["status"].clone(), r["reason"].clone())
        })
        .collect()
}

fn row(file: &str, line: &str, id: &str, status: &str, reason: &str) -> (String, String, String, String, String) {
    (file.into(), line.into(), id.into(), status.into(), reason.into())
}

fn article_ids(report: &Path) -> Vec<String> {
    csv_rows(&report.join("tables/articles.csv")).into_iter().map(|a| a["article_id"].clone()).collect()
}

#[test]
fn committed_bad_corpus_finishes_with_exit_2_and_a_row_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad");
    let run = run_study(&["tests/fixtures/bad"], &out, &[]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    let logged: BTreeSet<String> = log_rows(&out).into_iter().map(|r| r.0).collect();
    let files: BTreeSet<String> = fs::read_dir(repo("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(logged, files);
    // With the default 2 GB limit the zstd file (4 MB expanded) is read to the end.
    let ids = article_ids(&out);
    assert!(ids.iter().any(|id| id == "zst-3"), "{ids:?}");
}

#[test]
fn committed_bad_corpus_exact_statuses_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad");
    // 12-bomb.jsonl.zst is 361 bytes expanding to 4.2 MB: over a 1 MB limit.
    let run = run_study(&["tests/fixtures/bad"], &out, &["--max-decompressed-bytes", "1000000"]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    let mut want = vec![
        row("01-good.txt", "", "01-good", "accepted", ""),
        // Not UTF-8: read as windows-1252 ("Café owners protest"), with a note.
        row("02-invalid-utf8.txt", "", "02-invalid-utf8", "accepted", "decoded from windows-1252 (not UTF-8: invalid byte at offset 3)"),
        row("03-utf16-bom.txt", "", "03-utf16-bom", "accepted", ""),
        row("04-nul-binary.txt", "", "", "rejected", "binary file (contains NUL bytes)"),
        row("05-empty.txt", "", "", "rejected", "empty file"),
        row("06-nested.jsonl", "1", "nest-1", "accepted", ""),
        // serde_json stops at 128 levels of nesting instead of overflowing the stack.
        row("06-nested.jsonl", "2", "", "rejected", "malformed JSON: recursion limit exceeded at line 1 column 128"),
        row("06-nested.jsonl", "3", "nest-3", "accepted", ""),
        row("07-mixed.jsonl", "1", "mixed-1", "accepted", ""),
        row(
            "07-mixed.jsonl",
            "2",
            "",
            "rejected",
            "malformed JSON: control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0",
        ),
        row("07-mixed.jsonl", "3", "mixed-3", "accepted", ""),
        // The unclosed quote of row csv-1 runs to the end of the file, taking csv-2 with it.
        row(
            "08-unbalanced-quotes.csv",
            "2",
            "",
            "rejected",
            "CSV error: a quoted field opened in the row at line 2 is never closed; the rest of the file was read into it",
        ),
        row("09-no-text-column.csv", "", "", "rejected", "no text column (expected one of: text, content, maintext, body)"),
        // HTML is not a supported format on this branch (another branch adds it).
        row("10-no-body.html", "", "", "rejected", "empty text"),
    ];
    // The gzip file is cut at 3/4 of its 730 bytes: the first 26 of its 40 lines decode.
    for i in 1..=26 {
        want.push(row("11-truncated.jsonl.gz", &i.to_string(), &format!("gz-{i}"), "accepted", ""));
    }
    want.push(row("11-truncated.jsonl.gz", "", "", "rejected", "read failed after line 26: incomplete deflate stream"));
    want.extend([
        row("12-bomb.jsonl.zst", "1", "zst-1", "accepted", ""),
        row("12-bomb.jsonl.zst", "2", "zst-2", "accepted", ""),
        row(
            "12-bomb.jsonl.zst",
            "",
            "",
            "rejected",
            "tests/fixtures/bad/12-bomb.jsonl.zst expands to more than 1000000 bytes (--max-decompressed-bytes); reading stopped there",
        ),
        row("13-punctuation.txt", "", "", "rejected", "text has no words"),
        row("14-long-title.txt", "", "14-long-title", "accepted", ""),
        row("15-rtl-combining.txt", "", "15-rtl-combining", "accepted", ""),
        row("16-feb31.txt", "", "16-feb31", "accepted", "date line: 2031-02-31 is not a calendar date"),
        row("17-passwd-outlet.jsonl", "1", "passwd-1", "accepted", "date field: 2031-02-31 is not a calendar date"),
        row("README.md", "", "", "skipped", "documentation file, not an article"),
    ]);
    let got = log_rows(&out);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "row {i}");
    }
    assert_eq!(got.len(), want.len());

    // Every accepted record was analysed, in input order.
    let accepted: Vec<String> = want.iter().filter(|r| r.3 == "accepted").map(|r| r.2.clone()).collect();
    assert_eq!(article_ids(&out), accepted);
    let articles = csv_rows(&out.join("tables/articles.csv"));
    let by_id = |id: &str| articles.iter().find(|a| a["article_id"] == id).unwrap().clone();
    assert_eq!(by_id("03-utf16-bom")["outlet"], "Tide Gazette");
    assert_eq!(by_id("14-long-title")["title"].chars().count(), 10_000);
    let rtl = by_id("15-rtl-combining");
    assert_eq!(rtl["outlet"], "Tide Gazette");
    assert_eq!(rtl["title"], "Harbour talks: \u{202e}evil\u{202c} \u{5e9}\u{5dc}\u{5d5}\u{5dd} e\u{301}le\u{300}ve");
    let feb31 = by_id("16-feb31");
    assert_eq!((feb31["date"].as_str(), feb31["date_source"].as_str()), ("", "missing"));
    assert_eq!(by_id("passwd-1")["outlet"], "../../etc/passwd");
}

#[test]
fn generated_huge_line_deep_nesting_and_bomb() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a-good.txt"), GOOD).unwrap();
    // A 50 MB single line: one sentence repeated, no line break.
    let sentence = "The harbour reopened and the minister said talks would go on. ";
    let mut huge = sentence.repeat(50 * 1024 * 1024 / sentence.len() + 1);
    huge.truncate(50 * 1024 * 1024);
    fs::write(input.join("b-huge-line.txt"), &huge).unwrap();
    // 100,000 opening brackets, between two good records.
    let good_json = |id: &str| format!("{{\"id\":\"{id}\",\"source\":\"Wire\",\"text\":\"Officials denied the report on {id}.\"}}\n");
    fs::write(input.join("c-deep.jsonl"), format!("{}{}\n{}", good_json("deep-1"), "[".repeat(100_000), good_json("deep-3"))).unwrap();
    // A zstd bomb: 64 MB of spaces after one good record compress to a few kilobytes.
    let mut plain = good_json("bomb-1").into_bytes();
    plain.extend(std::iter::repeat_n(b' ', 64 * 1024 * 1024));
    let bomb = zstd::encode_all(plain.as_slice(), 19).unwrap();
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    fs::write(input.join("d-bomb.jsonl.zst"), bomb).unwrap();

    let out = dir.path().join("report");
    // A 1 MB article limit keeps the debug-build test quick; the default is 5 MB.
    let limits = ["--max-article-bytes", "1000000", "--max-decompressed-bytes", "16000000"];
    let run = run_study(&[input.to_str().unwrap()], &out, &limits);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    let bomb_path = format!("{}/d-bomb.jsonl.zst", input.display());
    assert_eq!(
        log_rows(&out),
        vec![
            row("a-good.txt", "", "a-good", "accepted", ""),
            // 1,000,000 is a character boundary (the text is ASCII), so exactly that much is kept.
            row("b-huge-line.txt", "", "b-huge-line", "accepted", "text truncated from 52428800 to 1000000 bytes (--max-article-bytes 1000000)"),
            row("c-deep.jsonl", "1", "deep-1", "accepted", ""),
            row("c-deep.jsonl", "2", "", "rejected", "malformed JSON: recursion limit exceeded at line 1 column 128"),
            row("c-deep.jsonl", "3", "deep-3", "accepted", ""),
            row("d-bomb.jsonl.zst", "1", "bomb-1", "accepted", ""),
            row(
                "d-bomb.jsonl.zst",
                "",
                "",
                "rejected",
                &format!("{bomb_path} expands to more than 16000000 bytes (--max-decompressed-bytes); reading stopped there"),
            ),
        ]
    );
    assert_eq!(article_ids(&out), ["a-good", "b-huge-line", "deep-1", "deep-3", "bomb-1"]);
    let articles = csv_rows(&out.join("tables/articles.csv"));
    // The headline is the whole line, cut at the same limit.
    assert_eq!(articles[1]["title"].len(), 1_000_000);
}

#[test]
fn oversize_reject_rejects_instead_of_truncating() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let long = "Officials said the harbour would reopen. ".repeat(10); // 410 bytes
    let lines = [
        serde_json::json!({"id": "short", "source": "Wire", "text": "The port reopened."}),
        serde_json::json!({"id": "long", "source": "Wire", "text": long.trim_end()}),
    ];
    fs::write(&input, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let out = dir.path().join("report");
    let run = run_study(&[input.to_str().unwrap()], &out, &["--max-article-bytes", "100", "--oversize", "reject"]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    assert_eq!(
        log_rows(&out),
        vec![
            row("in.jsonl", "1", "short", "accepted", ""),
            row("in.jsonl", "2", "", "rejected", "text is 409 bytes, over --max-article-bytes 100"),
        ]
    );
    let run = slant(&["run", input.to_str().unwrap(), "--oversize", "shorten"]);
    assert_eq!(code(&run), 1, "an unknown --oversize value is a usage error");
}

#[test]
fn csv_cells_that_start_a_formula_are_neutralised_and_parquet_keeps_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let records = [
        serde_json::json!({"id": "=1+1", "source": "=HYPERLINK(\"http://evil.invalid\",\"click\")", "title": "+cmd|' /C calc'!A0", "text": "The commander was killed, officials said."}),
        serde_json::json!({"id": "@x", "source": "@SUM(A1:A9)", "title": "-2+3 harbour", "text": "Officials denied that the port was closed."}),
        serde_json::json!({"id": "plain", "source": "Plain Wire", "title": "Talks", "text": "The talks went on, the minister said."}),
    ];
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    fs::write(&input, text).unwrap();
    let out = dir.path().join("report");
    let run = run_study(&[input.to_str().unwrap()], &out, &[]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));

    let mut csvs = vec![out.join("ingest.csv")];
    csvs.extend(fs::read_dir(out.join("tables")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().unwrap() == "csv"));
    assert!(csvs.len() > 10);
    for path in &csvs {
        for r in csv_rows(path) {
            for (column, cell) in &r {
                // Numbers (-0.33) are numbers in a spreadsheet too; text must not start a formula.
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                    "{}: column {column} holds a live formula {cell:?}",
                    path.display()
                );
            }
        }
    }
    let articles = csv_rows(&out.join("tables/articles.csv"));
    let cells: Vec<(&str, &str, &str)> =
        articles.iter().map(|a| (a["article_id"].as_str(), a["outlet"].as_str(), a["title"].as_str())).collect();
    assert_eq!(
        cells,
        [
            ("'=1+1", "'=HYPERLINK(\"http://evil.invalid\",\"click\")", "'+cmd|' /C calc'!A0"),
            ("'@x", "'@SUM(A1:A9)", "'-2+3 harbour"),
            ("plain", "Plain Wire", "Talks"),
        ]
    );
    let log = csv_rows(&out.join("ingest.csv"));
    assert_eq!(log[0]["article_id"], "'=1+1");
    // Parquet keeps the true values.
    use polars::prelude::*;
    let file = fs::File::open(out.join("tables/articles.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    let outlets: Vec<&str> = df.column("outlet").unwrap().str().unwrap().iter().map(|v| v.unwrap()).collect();
    assert_eq!(outlets, ["=HYPERLINK(\"http://evil.invalid\",\"click\")", "@SUM(A1:A9)", "Plain Wire"]);
}

#[test]
fn an_outlet_named_like_a_path_writes_nothing_outside_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a/b/c");
    fs::create_dir_all(&work).unwrap();
    let input = work.join("in.jsonl");
    let rec = |id: &str, outlet: &str, text: &str| serde_json::json!({"id": id, "source": outlet, "text": text}).to_string();
    fs::write(
        &input,
        [
            rec("p1", "../../etc/passwd", "The commander was killed in the strike, officials said."),
            rec("p2", "../../../x", "Officials denied that the harbour was closed."),
            rec("p3", "/abs/olute", "The minister said talks on the harbour would go on."),
        ]
        .join("\n"),
    )
    .unwrap();
    let out = work.join("report");
    let run = run_study(&[input.to_str().unwrap()], &out, &[]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { all_files(&p, out) } else { out.push(p) }
        }
    }
    let mut files = Vec::new();
    all_files(dir.path(), &mut files);
    let outside: Vec<_> = files.iter().filter(|f| !f.starts_with(&out) && **f != input).collect();
    assert!(outside.is_empty(), "files written outside the report: {outside:?}");
    // Chart file names are slugs: lowercase letters, digits and single dashes.
    let charts: Vec<String> =
        fs::read_dir(out.join("charts")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!charts.is_empty());
    for name in &charts {
        let stem = name.strip_suffix(".svg").or_else(|| name.strip_suffix(".png")).unwrap_or_else(|| panic!("{name}"));
        assert!(stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !stem.contains("--"), "{name}");
    }
    assert_eq!(slant::render::slug("../../etc/passwd"), "etc-passwd");
    assert_eq!(slant::render::slug("/abs/olute"), "abs-olute");
}

#[test]
fn a_finished_run_leaves_nothing_beside_its_report() {
    // The analysed texts are spilled to a temporary file beside the report (src/spill.rs) while
    // the tables are compared and written; it must be gone with the run.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, GOOD).unwrap();
    let run = run_study(&[input.to_str().unwrap()], &dir.path().join("report"), &[]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let left: BTreeSet<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, BTreeSet::from(["a.txt".to_string(), "report".to_string()]));
    // The spilled text came back for the evidence: the hit's sentence is in the hits table.
    let hits = csv_rows(&dir.path().join("report/tables/hits.csv"));
    assert!(hits.iter().any(|h| h["surface"] == "killed" && h["post"].starts_with(", officials said")), "{hits:?}");
}

#[test]
fn unwritable_output_is_a_clear_error_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, GOOD).unwrap();
    // A regular file where a folder is needed: refused even for root, unlike a read-only folder.
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("report");
    let run = run_study(&[input.to_str().unwrap()], &out, &[]);
    assert_eq!(code(&run), 1);
    let message = stderr(&run);
    assert!(message.contains(&blocker.display().to_string()), "{message}");
    let left: BTreeSet<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, BTreeSet::from(["a.txt".to_string(), "blocker".to_string()]));
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");

    // A read-only folder, where the permission is enforced (not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(locked.join("probe"), "").is_err() {
            let run = run_study(&[input.to_str().unwrap()], &locked.join("report"), &[]);
            assert_eq!(code(&run), 1);
            assert!(stderr(&run).contains(&locked.display().to_string()), "{}", stderr(&run));
            assert_eq!(fs::read_dir(&locked).unwrap().count(), 0);
        } else {
            eprintln!("running as root: the read-only folder case cannot be checked here");
        }
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Ctrl-C while the report is being written: no report, no staging folder, exit 130.
#[cfg(unix)]
#[test]
fn interrupted_run_leaves_no_report_and_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let mut f = fs::File::create(&input).unwrap();
    let outlets = ["North Wire", "South Post", "East Daily", "West Herald", "Central News", "Harbor Herald"];
    for i in 0..600 {
        let text = format!(
            "The commander was killed in strike {i}, officials said. Militia fighters denied it. \"We will respond,\" the minister said on day {i}. The harbour stayed closed."
        );
        writeln!(f, "{}", serde_json::json!({"id": format!("a{i}"), "source": outlets[i % 6], "date": format!("2031-03-{:02}", i % 28 + 1), "text": text})).unwrap();
    }
    drop(f);
    let out = dir.path().join("report");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(["run", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let staging = dir.path().join(format!(".report.partial-{}", child.id()));
    // Wait for the staging folder to hold some tables, then interrupt.
    let start = std::time::Instant::now();
    while !staging.join("tables").is_dir() {
        assert!(child.try_wait().unwrap().is_none(), "the run finished before it could be interrupted");
        assert!(start.elapsed().as_secs() < 300, "no staging folder appeared");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted: removed the unfinished report"));
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("in.jsonl")], "no report and no staging folder");
}

/// Output piped into a reader that stops early (`slant kwic … | head -1`) ends slant quietly, as it
/// ends grep, instead of a panic on the closed pipe.
#[test]
#[cfg(unix)]
fn a_reader_that_stops_early_ends_slant_without_a_panic() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    // "the" occurs thousands of times in the sample: far more than a pipe's buffer holds.
    let mut child = Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(["kwic", "the", "data/sample", "--window", "20"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // the pipe closes here
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success() || out.status.signal() == Some(libc::SIGPIPE), "{:?}: {err}", out.status);
}
