//! Bad input and bad usage: clear errors naming the file, exit codes 1 and 2, nothing lost.

mod common;

use common::*;
use std::fs;

const GOOD: &str = "Drone strike kills militia commander\n\nCoastal Courier\n\ndate 2031-03-03\n\nThe commander was killed, officials said.\n";

#[test]
fn corrupt_inputs_are_logged_and_the_run_finishes_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a-good.txt"), GOOD).unwrap();
    // Saved in windows-1252: read as such, and the log says so.
    fs::write(input.join("b-latin1.txt"), b"Caf\xe9 society\n\nHarbor Herald\n\nThe caf\xe9 reopened, its owner said.").unwrap();
    fs::write(input.join("c-empty.txt"), b"").unwrap();
    fs::write(
        input.join("d-mixed.jsonl"),
        "{\"id\":\"ok1\",\"source\":\"Wire\",\"text\":\"Troops were killed.\"}\n{\"id\":\"bad\",\"text\":\n{\"id\":\"ok2\",\"source\":\"Wire\",\"text\":\"Officials denied it.\"}\n",
    )
    .unwrap();
    fs::write(input.join("e-photo.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    let out = dir.path().join("report");
    let run = run_study(&[input.to_str().unwrap()], &out, &[]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));

    let log = csv_rows(&out.join("ingest.csv"));
    let rows: Vec<(String, String, String, String)> = log
        .iter()
        .map(|r| {
            let file = r["path"].rsplit('/').next().unwrap().to_string();
            (file, r["line"].clone(), r["status"].clone(), r["reason"].clone())
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| (a.to_string(), b.to_string(), c.to_string(), d.to_string());
    assert_eq!(rows[0], s("a-good.txt", "", "accepted", ""));
    assert_eq!(rows[1], s("b-latin1.txt", "", "accepted", "decoded from windows-1252 (not UTF-8: invalid byte at offset 3)"));
    assert_eq!(rows[2], s("c-empty.txt", "", "rejected", "empty file"));
    assert_eq!(rows[3], s("d-mixed.jsonl", "1", "accepted", ""));
    assert_eq!((rows[4].0.as_str(), rows[4].1.as_str(), rows[4].2.as_str()), ("d-mixed.jsonl", "2", "rejected"));
    assert!(rows[4].3.starts_with("malformed JSON: "), "{:?}", rows[4]);
    assert_eq!(rows[5], s("d-mixed.jsonl", "3", "accepted", ""));
    assert_eq!(rows[6], s("e-photo.jpg", "", "skipped", "unsupported file type \"jpg\""));
    assert_eq!(rows.len(), 7);

    // The rest of the run was analysed: four articles from three outlets.
    let articles = csv_rows(&out.join("tables/articles.csv"));
    let outlets: Vec<(&str, &str)> = articles.iter().map(|a| (a["outlet"].as_str(), a["title"].as_str())).collect();
    assert_eq!(
        outlets,
        [("Coastal Courier", "Drone strike kills militia commander"), ("Harbor Herald", "Café society"), ("Wire", ""), ("Wire", "")]
    );
    assert!(stderr(&slant(&["run", input.to_str().unwrap(), "--out", out.to_str().unwrap()])).contains("ingest.csv"));
}

#[test]
fn usage_errors_exit_1_with_a_message_naming_the_problem() {
    let run = slant(&["run"]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("no inputs"), "{}", stderr(&run));

    let run = slant(&["run", "no/such/folder"]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("no/such/folder"), "{}", stderr(&run));

    let run = slant(&["run", "data/sample", "--replicates", "many"]);
    assert_eq!(code(&run), 1);

    assert_eq!(code(&slant(&["--help"])), 0);
    assert!(String::from_utf8_lossy(&slant(&["run", "--help"]).stdout).contains("--manifest"));
}

#[test]
fn nothing_readable_is_an_error_not_an_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.txt"), b"").unwrap();
    let out = dir.path().join("report");
    let run = run_study(&[dir.path().join("x.txt").to_str().unwrap()], &out, &[]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("no article could be read"), "{}", stderr(&run));
    assert!(!out.exists(), "no report folder is left behind");
}

#[test]
fn never_replaces_a_folder_that_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, GOOD).unwrap();
    let precious = dir.path().join("thesis");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("chapter1.tex"), "keep me").unwrap();
    let run = run_study(&[input.to_str().unwrap()], &precious, &[]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("is not a slant report"), "{}", stderr(&run));
    assert_eq!(fs::read_to_string(precious.join("chapter1.tex")).unwrap(), "keep me");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folder left: {leftovers:?}");
}

#[test]
fn article_text_cannot_inject_markup_into_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let hostile = serde_json::json!({
        "id": "x1",
        "source": "Evil <b>Outlet</b>",
        "title": "<script>alert(1)</script> strike",
        "text": "The commander was assassinated. \"><img src=x onerror=alert(2)> Officials denied it.",
        "url": "javascript:alert(3)"
    });
    let other = serde_json::json!({"id": "x2", "source": "Plain", "text": "The commander was killed. Officials said so."});
    fs::write(&input, format!("{hostile}\n{other}\n")).unwrap();
    let out = dir.path().join("report");
    assert_eq!(code(&run_study(&[input.to_str().unwrap()], &out, &[])), 0);
    for file in ["report.html", "report.md"] {
        let text = fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.contains("<script"), "{file}: live script tag");
        assert!(!text.contains("<img"), "{file}: live img tag");
        assert!(!text.contains("<b>Outlet"), "{file}: live markup from the outlet name");
        assert!(!text.contains("href=\"javascript"), "{file}: live javascript: link");
    }
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Evil &lt;b&gt;Outlet&lt;/b&gt;"), "the outlet name is shown, escaped");
}

#[test]
fn a_malformed_or_invalid_claim_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, GOOD).unwrap();
    // (--claim argument, words the error must contain)
    let cases: &[(&str, &str)] = &[
        ("withdrawal", "NAME=PATTERN"),
        ("withdrawal=", "NAME=PATTERN"),
        ("withdrawal=self-defence", "claim \"withdrawal\""),
        ("withdrawal=* out", "cannot start with"),
    ];
    for (arg, want) in cases {
        let out = dir.path().join("report");
        let run = run_study(&[input.to_str().unwrap()], &out, &["--claim", arg]);
        assert_eq!(code(&run), 1, "{arg}: {}", stderr(&run));
        assert!(stderr(&run).contains(want), "{arg}: {}", stderr(&run));
        assert!(!out.exists(), "{arg}: no report is written");
    }
}
