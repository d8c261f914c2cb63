//! Lexicon tools end to end: dictionary import (each format's fixture matches the words its
//! original semantics match), `slant lexicon import/check/list` and `slant kwic` on real files.

mod common;

use common::*;
use slant::lexicon::{Lexicon, Matcher, import};
use slant::text::segment;
use std::collections::BTreeSet;

const TEXT: &str = "The budget raised taxes. Interest rates fell after the drone strike killed two. \
                    Killers attacked a rally. The interest in drones grew.";

/// (matched text, category) of every match of `lex` in TEXT, sorted.
fn matched(lex: &Lexicon) -> BTreeSet<(String, String)> {
    let (_, tokens) = segment(TEXT);
    Matcher::new(std::slice::from_ref(lex))
        .find(&tokens)
        .into_iter()
        .map(|m| {
            let surface = &TEXT[tokens[m.first].span.start..tokens[m.last].span.end];
            (surface.to_string(), lex.categories[m.category as usize].name.clone())
        })
        .collect()
}

/// The words each fixture's own tool would code in TEXT, worked out by hand from the fixtures:
/// economy = budget, tax*, interest rate*; violence = kill*, drone strike, attack*; negemo = kill*,
/// attack*. "interest" alone and "drones" match nothing.
fn expected(economy: &str, violence: &str, negemo: &str) -> BTreeSet<(String, String)> {
    [
        ("budget", economy),
        ("taxes", economy),
        ("Interest rates", economy),
        ("drone strike", violence),
        ("killed", violence),
        ("killed", negemo),
        ("Killers", violence),
        ("Killers", negemo),
        ("attacked", violence),
        ("attacked", negemo),
    ]
    .into_iter()
    .map(|(w, c)| (w.to_string(), c.to_string()))
    .collect()
}

#[test]
fn each_format_imports_the_same_dictionary() {
    let cases = [
        ("fixture.dic", expected("economy", "violence", "negemo"), 2),
        ("fixture.yml", expected("economy", "conflict.violence", "conflict.negemo"), 1),
        ("fixture.lc3", expected("economy", "violence", "negemo"), 0),
        ("fixture.cat", expected("ECONOMY", "CONFLICT.VIOLENCE", "CONFLICT.NEGEMO"), 0),
    ];
    for (file, want, unrepresentable) in cases {
        let path = repo("tests/fixtures/lexicons").join(file);
        let (lex, problems) = import::read_lenient(&path).unwrap();
        assert_eq!(matched(&lex), want, "{file}");
        assert_eq!(problems.len(), unrepresentable, "{file}: {problems:?}");
        assert_eq!((lex.meta.name.as_str(), lex.meta.version.as_str()), ("fixture", "imported"));
        assert_eq!(lex.meta.licence, "unknown (see the original dictionary)");
        assert_eq!(lex.meta.source, path.display().to_string());
    }
}

#[test]
fn strict_loading_refuses_what_cannot_be_represented_naming_file_and_line() {
    let err = Lexicon::load(&repo("tests/fixtures/lexicons/fixture.dic")).unwrap_err().to_string();
    assert!(err.contains("fixture.dic: line 12") && err.contains("conditional entry"), "{err}");
    let err = Lexicon::load(&repo("tests/fixtures/lexicons/fixture.yml")).unwrap_err().to_string();
    assert!(err.contains("fixture.yml: line 14") && err.contains("*ism"), "{err}");
    assert!(Lexicon::load(&repo("tests/fixtures/lexicons/fixture.lc3")).is_ok());
}

#[test]
fn import_writes_toml_that_reads_back_to_the_same_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["fixture.dic", "fixture.yml", "fixture.lc3", "fixture.cat"] {
        let input = repo("tests/fixtures/lexicons").join(file);
        let out = dir.path().join(format!("{file}.toml"));
        let run = slant(&["lexicon", "import", input.to_str().unwrap(), "--to", out.to_str().unwrap()]);
        assert_eq!(code(&run), 0, "{}", stderr(&run));
        let (imported, _) = import::read_lenient(&input).unwrap();
        let written = Lexicon::load(&out).unwrap();
        assert_eq!(written.categories, imported.categories, "{file}");
        assert_eq!(written.meta, imported.meta, "{file}");
        // And the written lexicon works in a study.
        assert_eq!(matched(&written), matched(&imported));
    }
}

#[test]
fn check_lists_every_problem_and_exits_2() {
    let run = slant(&["lexicon", "check", "tests/fixtures/lexicons/problems.toml", "tests/fixtures/lexicons/fixture.lc3"]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    let out = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("problems.toml: ")).collect();
    assert_eq!(lines.len(), 5, "{out}");
    for want in [
        "line 12, category \"violence\", pattern \"killing\": redundant",
        "line 13, category \"violence\", pattern \"self-defence\"",
        "line 14, category \"violence\", pattern \"kill*\": listed twice",
        "line 19, category \"military\", pattern \"killing\": appears twice",
        "3 errors, 1 warnings",
    ] {
        assert!(out.contains(want), "{want} missing from:\n{out}");
    }
    let ok = slant(&["lexicon", "check", "tests/fixtures/lexicons/fixture.lc3"]);
    assert_eq!(code(&ok), 0);
    // --lexicon refuses the file with errors.
    let dir = tempfile::tempdir().unwrap();
    let refused = run_study(&["data/sample"], &dir.path().join("r"), &["--lexicon", "tests/fixtures/lexicons/problems.toml"]);
    assert_eq!(code(&refused), 1);
    assert!(stderr(&refused).contains("problems.toml: line 13"), "{}", stderr(&refused));
}

#[test]
fn list_shows_every_built_in_lexicon_with_counts() {
    let run = slant(&["lexicon", "list"]);
    assert_eq!(code(&run), 0);
    let out = String::from_utf8_lossy(&run.stdout);
    for lex in Lexicon::built_in() {
        let head = format!("{} {} (built-in:{}.toml; {} patterns", lex.meta.name, lex.meta.version, lex.meta.name, lex.pattern_count());
        assert!(out.contains(&head), "{head} missing:\n{out}");
    }
    assert!(Lexicon::built_in().iter().all(|l| l.pattern_count() > 0));
}

#[test]
fn kwic_finds_a_pattern_in_the_sample_with_its_outlet() {
    let run = slant(&["kwic", "assassinat*", "data/sample", "--format", "csv", "--window", "3"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let mut reader = csv::Reader::from_reader(run.stdout.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["outlet", "article_id", "left", "keyword", "right"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Independent count: case-insensitive "assassinat" at a word start in the sample texts.
    let re = regex::Regex::new(r"(?i)\bassassinat").unwrap();
    let want = count_in_files(&repo("data/sample"), &re);
    assert!(want > 0);
    assert_eq!(rows.len(), want);
    assert!(rows.iter().all(|r| r[3].to_lowercase().starts_with("assassinat") && !r[0].is_empty()));
}

/// Matches of `re` in every .txt/.md/.jsonl file below `dir` (for JSON Lines, in the text fields).
pub fn count_in_files(dir: &std::path::Path, re: &regex::Regex) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            n += count_in_files(&path, re);
        } else if path.file_name().unwrap() != "README.md" {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            n += re.find_iter(&text).count();
        }
    }
    n
}
