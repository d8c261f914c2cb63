//! The CLI end to end on the bundled sample corpus (data/sample, written by the team).

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn sample_run_writes_the_whole_report_and_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    let run = run_study(&["data/sample"], &out, &[]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));

    for file in ["report.html", "report.md", "run.json", "ingest.csv", "timings.json"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    for table in [
        "articles", "terms", "frames", "hits", "mentions", "keyness", "frame_rates", "frame_tests", "similarity",
        "timeline", "tone", "boilerplate", "entities", "labels", "sources", "sourcing", "entity_tone",
    ] {
        for ext in ["parquet", "csv"] {
            assert!(out.join(format!("tables/{table}.{ext}")).is_file(), "{table}.{ext} missing");
        }
    }
    // Claims appear only when the study names some.
    assert!(!out.join("tables/claims.csv").exists());
    assert!(!std::fs::read_to_string(out.join("report.html")).unwrap().contains("id=\"claims\""));
    for chart in ["distinctive-korvan-state-broadcaster", "frames-heatmap-violence", "frames-intervals-legitimacy"] {
        for ext in ["svg", "png"] {
            assert!(out.join(format!("charts/{chart}.{ext}")).is_file(), "{chart}.{ext} missing");
        }
    }

    // Every file of the sample folder is in the ingest log: 38 articles and the README; Harbor
    // Herald's near-copy of Meridian Wire mw-005 is a duplicate, counted once.
    let log = csv_rows(&out.join("ingest.csv"));
    let files_in_sample: usize = walk_count(&repo("data/sample")) - 1 + 11; // wire.jsonl holds 11 records
    assert_eq!(log.len(), files_in_sample);
    let status: BTreeMap<&str, usize> = log.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r["status"].as_str()).or_default() += 1;
        m
    });
    assert_eq!(
        status,
        BTreeMap::from([("accepted", 37), ("duplicate", 1), ("skipped", 1)])
    );
    let copy = log.iter().find(|r| r["status"] == "duplicate").unwrap();
    assert_eq!(
        copy["path"],
        "data/sample/txt/harbor-herald/04-alliance-says-troops-staying.txt"
    );
    assert!(
        copy["reason"]
            // 0.856: worked out independently (Python, word 5-shingles of headline + body) = 0.8556.
            .starts_with("near-duplicate of mw-005 (Meridian Wire; Jaccard similarity 0.856"),
        "{copy:?}"
    );
    assert_eq!(
        (
            copy["outlet"].as_str(),
            copy["date"].as_str(),
            copy["language"].as_str()
        ),
        ("Harbor Herald", "2031-03-10", "en")
    );
    assert!(
        log.iter()
            .filter(|r| r["status"] != "skipped")
            .all(|r| r["language"] == "en")
    );

    // Outlets from three sources: credit lines, datelines ("Velmora Daily/Velmora:") and JSON fields.
    let articles = csv_rows(&out.join("tables/articles.csv"));
    let outlets: BTreeSet<(&str, &str)> =
        articles.iter().map(|a| (a["outlet"].as_str(), a["outlet_source"].as_str())).collect();
    assert_eq!(
        outlets,
        BTreeSet::from([
            ("Alliance Tribune", "field"),
            ("Alliance Tribune", "text-heuristic"),
            ("Harbor Herald", "text-heuristic"),
            ("Korvan State Broadcaster", "text-heuristic"),
            ("Meridian Wire", "field"),
            ("Velmora Daily", "text-heuristic"),
        ])
    );
    assert!(
        !articles
            .iter()
            .any(|a| a["article_id"] == "txt/harbor-herald/04-alliance-says-troops-staying")
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("Syndicated copies (duplicates of another outlet's article, counted once): Harbor Herald 1."), "report names the syndicated copy");
    let undated: Vec<&str> = articles
        .iter()
        .filter(|a| a["date_source"] == "missing")
        .map(|a| a["article_id"].as_str())
        .collect();
    assert_eq!(undated, ["txt/harbor-herald/05-opinion-our-harbour"]);
    let first = articles.iter().find(|a| a["article_id"] == "txt/velmora-daily/01-kazemzade-executed-airport-road").unwrap();
    assert_eq!((first["date"].as_str(), first["date_source"].as_str()), ("2031-03-03", "text-heuristic"));
}

/// Counts the whole words of `word` (case-insensitive) in the files of a folder: an independent
/// check of the term counts, with a regular expression instead of the tokenizer.
fn count_word(dir: &str, word: &str) -> u64 {
    let re = regex::Regex::new(&format!(r"(?i)\b{word}\b")).unwrap();
    std::fs::read_dir(repo(dir))
        .unwrap()
        .map(|e| re.find_iter(&std::fs::read_to_string(e.unwrap().path()).unwrap()).count() as u64)
        .sum()
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() { walk_count(&p) } else { 1 }
        })
        .sum()
}

#[test]
fn keyness_keeps_raw_counts_that_match_the_texts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &[])), 0);
    let keyness = csv_rows(&out.join("tables/keyness.csv"));
    let row = |outlet: &str, term: &str| {
        let contrast = format!("{outlet} vs the rest");
        keyness.iter().find(|r| r["contrast"] == contrast && r["term"] == term).unwrap_or_else(|| panic!("{outlet}/{term}"))
    };
    // Korvan State Broadcaster calls the militia a "resistance"; nobody else does.
    let korvan = "data/sample/txt/korvan-state-broadcaster";
    let r = row("Korvan State Broadcaster", "resistance");
    assert_eq!(r["count"].parse::<u64>().unwrap(), count_word(korvan, "resistance"));
    assert_eq!(r["count_ref"], "0");
    assert_eq!(r["measure"], "log-odds");
    assert!(r["score"].parse::<f64>().unwrap() > 2.0, "{r:?}");
    // Its spelling of the commander's name is its own.
    let r = row("Korvan State Broadcaster", "qazemzadeh");
    assert_eq!(r["count"].parse::<u64>().unwrap(), count_word(korvan, "qazemzadeh"));
    // Every row carries the counts its score comes from, and q ≥ p.
    for r in &keyness {
        let (p, q): (f64, f64) = (r["p"].parse().unwrap(), r["q"].parse().unwrap());
        assert!(q >= p - 1e-12 && q <= 1.0, "{r:?}");
        assert!(!r["total"].is_empty() && !r["total_ref"].is_empty());
    }
}

#[test]
fn same_bytes_every_run_and_with_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(code(&run_study(&["data/sample"], &a, &["--threads", "1"])), 0);
    assert_eq!(code(&run_study(&["data/sample"], &b, &["--threads", "2"])), 0);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    // Every file the run wrote is compared: all of the folder but timings.json, whose times differ.
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| if p.is_dir() { count(&p) } else { 1 }).sum()
    }
    assert_eq!(ta.len(), count(&a) - 1);
    for kind in ["report.html", "report.md", "run.json", "ingest.csv", "tables/", "charts/"] {
        assert!(ta.keys().any(|p| p.to_string_lossy().starts_with(kind)), "{kind} not compared");
    }
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{} differs between runs", path.display());
    }
}

#[test]
fn committed_sample_report_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    assert_eq!(code(&run_study(&["data/sample"], &out, &[])), 0);
    let (fresh, committed) = (tree(&out), tree(&repo("reports/sample")));
    let stale: Vec<_> = fresh.keys().filter(|p| committed.get(*p) != Some(&fresh[*p])).collect();
    let extra: Vec<_> = committed.keys().filter(|p| !fresh.contains_key(*p)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "reports/sample is out of date ({stale:?} differ, {extra:?} no longer written): run `cargo run -- run data/sample` and commit it"
    );
}

#[test]
fn report_links_findings_to_their_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &[])), 0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "the report needs no script");
    for fetch in ["<link", "src=", "url(", "@import", "<iframe"] {
        assert!(!html.contains(fetch), "nothing is fetched: found {fetch:?}");
    }
    assert!(html.contains("<svg"), "charts are inlined");
    // Velmora Daily's "liquidated" appears as highlighted evidence in its own sentence.
    assert!(html.contains("<mark>liquidated</mark>"), "evidence sentence with the match highlighted");
    assert!(html.contains("descriptive only"), "outlets under 10 articles are flagged");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("![") && md.contains("charts/frames-heatmap-violence.png"));
    // The summary's distinctive words of Meridian Wire leave out its own name, which its
    // datelines repeat ("VELMORA, Estavia (Meridian Wire) —"), and say so; the section keeps them.
    let line = md.lines().find(|l| l.starts_with("- Meridian Wire uses more than the rest")).expect("Meridian Wire's summary line");
    assert!(line.contains("(its own name's words aside)") && !line.contains("“meridian”") && !line.contains("“wire”"), "{line}");
    assert!(md.contains("| meridian | 9 | 0 |"), "the distinctive terms section keeps the name");
    let run: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["tool"], "slant");
    assert_eq!(run["options"]["compare"]["bootstrap"]["seed"], 0);
    assert_eq!(run["lexicons"].as_array().unwrap().len(), 6);
    assert_eq!(run["lexicons"][0]["sha256"].as_str().unwrap().len(), 64);
    // 27 text files and wire.jsonl are read and hashed; the README is skipped unread.
    assert_eq!(run["files"].as_array().unwrap().len(), 28);
}

#[test]
fn two_pairs_and_a_group_comparison_from_a_study_file() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let sample = repo("data/sample");
    std::fs::write(
        &study,
        format!(
            r#"
name = "sample pairs"
inputs = [{sample:?}]
replicates = 200
permutations = 500
[groups]
sympathetic = ["Korvan State Broadcaster", "Velmora Daily"]
hostile = ["Alliance Tribune"]
[[compare]]
pair = ["Korvan State Broadcaster", "Alliance Tribune"]
[[compare]]
groups = ["sympathetic", "hostile"]
"#
        ),
    )
    .unwrap();
    let out = dir.path().join("r");
    let run = slant(&["run", "--study", study.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q", "--pair", "Meridian Wire", "Harbor Herald"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));

    let keyness = csv_rows(&out.join("tables/keyness.csv"));
    let contrasts: BTreeSet<&str> = keyness.iter().map(|r| r["contrast"].as_str()).collect();
    for want in [
        "Korvan State Broadcaster vs Alliance Tribune",
        "Meridian Wire vs Harbor Herald",
        "group sympathetic vs group hostile",
        "Velmora Daily vs the rest",
    ] {
        assert!(contrasts.contains(want), "{want} missing from {contrasts:?}");
    }
    // A pair's counts cover only its two outlets: Korvan's "resistance" against Alliance Tribune's.
    let r = keyness
        .iter()
        .find(|r| r["contrast"] == "Korvan State Broadcaster vs Alliance Tribune" && r["term"] == "resistance")
        .unwrap();
    assert_eq!(r["count"].parse::<u64>().unwrap(), count_word("data/sample/txt/korvan-state-broadcaster", "resistance"));
    assert_eq!(r["count_ref"], "0");

    // Group rates, and permutation tests for each pairwise comparison (one row per category).
    let rates = csv_rows(&out.join("tables/frame_rates.csv"));
    let groups: BTreeSet<&str> = rates.iter().filter(|r| r["level"] == "group").map(|r| r["unit"].as_str()).collect();
    assert_eq!(groups, BTreeSet::from(["hostile", "sympathetic"]));
    let tests = csv_rows(&out.join("tables/frame_tests.csv"));
    let per_contrast: BTreeMap<&str, usize> = tests.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r["contrast"].as_str()).or_default() += 1;
        m
    });
    let categories = rates.iter().filter(|r| r["level"] == "outlet" && r["unit"] == "Meridian Wire").count();
    assert_eq!(per_contrast.len(), 3);
    assert!(per_contrast.values().all(|&n| n == categories), "{per_contrast:?}");
    // Korvan uses sacral words (martyr…) and Alliance Tribune none: that difference is the clearest.
    let sacral = tests
        .iter()
        .find(|r| r["contrast"] == "Korvan State Broadcaster vs Alliance Tribune" && r["category"] == "sacral")
        .unwrap();
    assert_eq!(sacral["rate_ref"].parse::<f64>().unwrap(), 0.0);
    assert!(sacral["p"].parse::<f64>().unwrap() < 0.01, "{sacral:?}");

    assert!(out.join("charts/distinctive-meridian-wire-vs-harbor-herald.svg").is_file());
    assert!(out.join("charts/distinctive-group-sympathetic-vs-group-hostile.png").is_file());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Frame rates compared by permutation"));
}

#[test]
fn g2_and_chi2_measures_match_quanteda_formulas_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &["--measure", "chi2", "--correction", "none", "--replicates", "50"])), 0);
    let keyness = csv_rows(&out.join("tables/keyness.csv"));
    for r in keyness.iter().take(50) {
        // Recompute χ² from the row's own four counts (a, b, c = total − a, d = total_ref − b).
        let n = |k: &str| r[k].parse::<f64>().unwrap();
        let (a, b) = (n("count"), n("count_ref"));
        let (c, d) = (n("total") - a, n("total_ref") - b);
        let nn = a + b + c + d;
        let chi = nn * (a * d - b * c).powi(2) / ((a + b) * (c + d) * (a + c) * (b + d));
        let sign = if a >= (a + b) * (a + c) / nn { 1.0 } else { -1.0 };
        assert!((n("score") - sign * chi).abs() < 1e-9, "{r:?}");
        assert_eq!(r["measure"], "chi2");
    }
}

#[test]
fn similarity_and_timeline_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &["--replicates", "50", "--bucket", "week"])), 0);
    let sim = csv_rows(&out.join("tables/similarity.csv"));
    assert_eq!(sim.len(), 2 * 5 * 5, "terms and frames, 5 × 5 outlets");
    for r in &sim {
        let jsd: f64 = r["jsd"].parse().unwrap();
        assert!((0.0..=1.0).contains(&jsd));
        assert_eq!(jsd == 0.0, r["outlet_a"] == r["outlet_b"], "{r:?}");
    }
    // Weekly buckets start on Mondays; articles per outlet add up to its dated articles.
    let timeline = csv_rows(&out.join("tables/timeline.csv"));
    let mut per_outlet: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for r in &timeline {
        let date = chrono::NaiveDate::parse_from_str(&r["bucket"], "%Y-%m-%d").unwrap();
        assert_eq!(chrono::Datelike::weekday(&date), chrono::Weekday::Mon, "{r:?}");
        per_outlet.entry(&r["outlet"]).or_default().insert(&r["bucket"], r["n_articles"].parse().unwrap());
    }
    let dated: u64 = per_outlet["Harbor Herald"].values().sum();
    assert_eq!(
        dated, 5,
        "7 Harbor Herald articles: one a near-copy counted once as Meridian Wire's, one undated"
    );
}

#[test]
fn page_furniture_is_found_removed_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &["--replicates", "50"])), 0);
    // The two footers planted in the sample (see data/sample/README.md), and nothing else.
    let lines = csv_rows(&out.join("tables/boilerplate.csv"));
    let found: Vec<(&str, &str, &str)> =
        lines.iter().map(|r| (r["outlet"].as_str(), r["line_text"].as_str(), r["n_articles"].as_str())).collect();
    assert_eq!(
        found,
        [
            ("Alliance Tribune", "Subscribe to the Tribune morning briefing.", "5"),
            ("Velmora Daily", "© 2031 Velmora Daily. All rights reserved.", "7"),
        ]
    );
    // Gone from the counts: no keyness row for the footer words.
    let keyness = csv_rows(&out.join("tables/keyness.csv"));
    for (outlet, word) in [("Alliance Tribune", "briefing"), ("Velmora Daily", "reserved")] {
        let contrast = format!("{outlet} vs the rest");
        assert!(!keyness.iter().any(|r| r["contrast"] == contrast && r["term"] == word && r["count"] != "0"), "{word}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Page furniture removed"));

    // --keep-boilerplate keeps them.
    let kept = dir.path().join("kept");
    assert_eq!(code(&run_study(&["data/sample"], &kept, &["--replicates", "50", "--keep-boilerplate"])), 0);
    let keyness = csv_rows(&kept.join("tables/keyness.csv"));
    let row = keyness.iter().find(|r| r["contrast"] == "Alliance Tribune vs the rest" && r["term"] == "briefing").unwrap();
    assert_eq!(row["count"], "5");
}

/// Issue #5 on the sample: the commander's three spellings are one entity, the Sarn Brigades
/// carry their Korvan alias, outlets differ in named vs anonymous sources, and denials are linked
/// to their sources.
#[test]
fn sample_entities_labels_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &[])), 0);
    let entities = csv_rows(&out.join("tables/entities.csv"));
    let entity_of = |name: &str| -> BTreeSet<String> {
        entities.iter().filter(|r| r["name"] == name).map(|r| r["entity"].clone()).collect()
    };
    let kazemzadeh = entity_of("Tamir Kazemzadeh");
    assert_eq!(kazemzadeh.len(), 1);
    for name in ["Tamer Kazemzade", "Tameer Qazemzadeh", "Kazemzadeh", "Kazemzade", "Qazemzadeh"] {
        assert_eq!(entity_of(name), kazemzadeh, "{name}");
    }
    // Spelled by outlet: Korvan State Broadcaster alone writes "Qazemzadeh".
    let k = kazemzadeh.iter().next().unwrap();
    let korvan: BTreeSet<&str> = entities
        .iter()
        .filter(|r| &r["entity"] == k && r["outlet"] == "Korvan State Broadcaster")
        .map(|r| r["name"].as_str())
        .collect();
    assert_eq!(korvan, BTreeSet::from(["Qazemzadeh", "Tameer Qazemzadeh"]));
    assert_eq!(entity_of("Al-Sarn Resistance"), entity_of("Sarn Brigades"));
    assert_eq!(entity_of("Sarn Brigades"), BTreeSet::from(["Sarn Brigades".to_string()]));

    // Labels: "terrorist" from Alliance Tribune, "resistance" from the Korvan broadcaster.
    let labels = csv_rows(&out.join("tables/labels.csv"));
    let label = |outlet: &str, kind: &str| -> BTreeSet<String> {
        labels.iter().filter(|l| &l["entity"] == k && l["outlet"] == outlet && l["kind"] == kind).map(|l| l["label"].clone()).collect()
    };
    assert!(label("Alliance Tribune", "lexicon:delegitimising").contains("terrorist"));
    assert!(label("Korvan State Broadcaster", "lexicon:legitimising").contains("resistance"));
    assert!(label("Korvan State Broadcaster", "title").contains("commander"));

    // Sourcing: the Korvan broadcaster leans on anonymous sources far more than Alliance Tribune.
    let sourcing = csv_rows(&out.join("tables/sourcing.csv"));
    let share = |outlet: &str, ty: &str| -> f64 {
        sourcing.iter().find(|r| r["outlet"] == outlet && r["source_type"] == ty).unwrap()["share"].parse().unwrap()
    };
    assert!(share("Korvan State Broadcaster", "anonymous") > 2.0 * share("Alliance Tribune", "anonymous"));
    assert!(share("Alliance Tribune", "named-person") > share("Korvan State Broadcaster", "named-person"));
    let sources = csv_rows(&out.join("tables/sources.csv"));
    let anonymous: Vec<&str> = sources
        .iter()
        .filter(|s| s["outlet"] == "Korvan State Broadcaster" && s["source_type"] == "anonymous")
        .map(|s| s["source"].as_str())
        .collect();
    assert!(anonymous.iter().any(|s| s.to_lowercase().starts_with("informed sources")), "{anonymous:?}");
    // The denial: the Alliance defence ministry denies it plans to withdraw; Korvan rejects the
    // rocket accusation.
    let denial = |outlet: &str, entity: &str| {
        sources.iter().any(|s| s["outlet"] == outlet && s["entity"] == entity && s["stance"] == "denial")
    };
    assert!(denial("Meridian Wire", "Alliance"), "the ministry's denial");
    assert!(denial("Meridian Wire", "Mark Hendry"), "Hendry: no decision to leave");
    assert!(denial("Korvan State Broadcaster", "Korvan Republic"));
    // Every source row points back into its article's text.
    for s in &sources {
        assert!(s["start"].parse::<u64>().unwrap() <= s["end"].parse::<u64>().unwrap());
    }
}

#[test]
fn background_prior_and_terms_per_time_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let bg = dir.path().join("background.csv");
    // A background in which "resistance" is very common: its prior α_w grows, which pulls its
    // log-odds δ towards 0 (Monroe et al. 2008, §3.5).
    std::fs::write(&bg, "term,count\nresistance,100000\nthe,500000\n").unwrap();
    let (plain, with_bg) = (dir.path().join("plain"), dir.path().join("bg"));
    assert_eq!(code(&run_study(&["data/sample"], &plain, &["--replicates", "50", "--bucket", "week"])), 0);
    let run = run_study(&["data/sample"], &with_bg, &["--replicates", "50", "--bucket", "week", "--prior-file", bg.to_str().unwrap()]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let delta = |out: &std::path::Path| -> f64 {
        let rows = csv_rows(&out.join("tables/keyness.csv"));
        let r = rows.iter().find(|r| r["contrast"] == "Korvan State Broadcaster vs the rest" && r["term"] == "resistance").unwrap();
        r["delta"].parse().unwrap()
    };
    assert!(delta(&with_bg).abs() < delta(&plain).abs(), "{} vs {}", delta(&with_bg), delta(&plain));
    let run_json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(with_bg.join("run.json")).unwrap()).unwrap();
    assert!(run_json["options"]["prior_file"].as_str().unwrap().ends_with("background.csv"));

    // Per outlet and week: each week against the outlet's other weeks; buckets are Mondays.
    let rows = csv_rows(&plain.join("tables/timeline_terms.csv"));
    assert!(!rows.is_empty());
    for r in &rows {
        let (outlet, rest) = r["contrast"].split_once(": ").unwrap();
        assert!(rest.starts_with(&r["target"]), "{r:?}");
        assert_eq!(r["reference"], format!("{outlet}, other buckets"));
        let date = chrono::NaiveDate::parse_from_str(&r["target"], "%Y-%m-%d").unwrap();
        assert_eq!(chrono::Datelike::weekday(&date), chrono::Weekday::Mon);
        assert!(r["score"].parse::<f64>().unwrap() > 0.0);
    }
    assert!(plain.join("charts/timeline-violence.svg").is_file());
}

/// Issue #5, claims: with a withdrawal claim named in a study file, the Alliance defence ministry
/// denies it and the Korvan broadcaster asserts it through anonymous informed sources.
#[test]
fn sample_withdrawal_claim_denied_by_the_ministry_asserted_by_korvan_sources() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    std::fs::write(
        &study,
        "[claims]\nwithdrawal = [\"withdraw* * troops\", \"withdraw* from estavia\", \"withdrawal\", \"pull* * troops out\", \"leave estavia\", \"pullout\"]\n",
    )
    .unwrap();
    let out = dir.path().join("r");
    let run = run_study(&["data/sample"], &out, &["--study", study.to_str().unwrap(), "--replicates", "50"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let claims = csv_rows(&out.join("tables/claims.csv"));
    let rows = |outlet: &str, stance: &str| -> Vec<&BTreeMap<String, String>> {
        claims.iter().filter(|r| r["claim"] == "withdrawal" && r["outlet"] == outlet && r["stance"] == stance).collect()
    };
    // The ministry's denial, as Meridian Wire and Alliance Tribune report it.
    for outlet in ["Meridian Wire", "Alliance Tribune"] {
        let denied = rows(outlet, "denied");
        assert!(
            denied.iter().any(|r| r["entity"] == "Alliance" && r["source"] == "The Alliance defence ministry" && r["source_type"] == "named-organisation"),
            "{outlet}: {denied:#?}"
        );
        assert!(rows(outlet, "asserted").is_empty(), "{outlet} never asserts it");
    }
    // Hendry's "no decision to leave Estavia", in the quote that carries it.
    assert!(rows("Meridian Wire", "denied").iter().any(|r| r["entity"] == "Mark Hendry" && r["cue"] == "no decision"));
    // Korvan: asserted through informed sources, in the leaked-letter story.
    let asserted = rows("Korvan State Broadcaster", "asserted");
    assert!(
        asserted.iter().any(|r| r["source"] == "informed sources" && r["source_type"] == "anonymous" && r["article_id"].contains("05-leaked-letter")),
        "{asserted:#?}"
    );
    // Velmora Daily's fighters "withdraw from the airport road" is not this claim's wording.
    assert!(claims.iter().all(|r| r["outlet"] != "Velmora Daily"));
    // Every row points at its words.
    for r in &claims {
        assert!(r["context"].contains(&r["surface"]), "{r:?}");
    }
    // The report's claim matrix names who asserts and who denies.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2 id=\"claims\">Claims</h2>"));
    // The summary, checked by hand against the texts: mw-005 headline, lede and Hendry quote; at-002
    // headline and lede; korvan 06 "continued to deny"; korvan 05 headline and lede. Harbor
    // Herald's lede and quote are in its syndicated copy of mw-005, counted once as a duplicate.
    assert!(html.contains(
        "Claim “withdrawal”: 2 sentences assert it (Korvan State Broadcaster 2); 6 sentences deny it (Alliance Tribune 2, Korvan State Broadcaster 1, Meridian Wire 3)."
    ));
    assert!(html.contains("asserting:</span> informed sources (anonymous)"), "report lacks the Korvan sources");
    assert!(html.contains("denying:</span> Alliance (named-organisation)"), "report lacks the ministry");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Claims") && md.contains("*denying*: Alliance (named-organisation)"));
}

/// Issue #5, entity tone: the mean compound of the sentences naming each entity, per outlet,
/// checked against the mentions table and each sentence's VADER score.
#[test]
fn sample_entity_tone_matches_the_sentences_naming_the_entity() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert_eq!(code(&run_study(&["data/sample"], &out, &["--replicates", "50"])), 0);
    let tone = csv_rows(&out.join("tables/entity_tone.csv"));
    assert!(!tone.is_empty());
    // Recomputed from the mentions and entities tables: Kazemzadeh in the Korvan broadcaster.
    let entities = csv_rows(&out.join("tables/entities.csv"));
    let k = entities.iter().find(|r| r["name"] == "Tameer Qazemzadeh").unwrap()["entity"].clone();
    let row = tone.iter().find(|r| r["entity"] == k && r["outlet"] == "Korvan State Broadcaster").unwrap();
    let names: BTreeSet<&str> = entities
        .iter()
        .filter(|r| r["entity"] == k && r["outlet"] == "Korvan State Broadcaster")
        .map(|r| r["name"].as_str())
        .collect();
    let mentions = csv_rows(&out.join("tables/mentions.csv"));
    let sentences: BTreeSet<(&str, &str)> = mentions
        .iter()
        .filter(|m| m["outlet"] == "Korvan State Broadcaster" && names.contains(m["name"].as_str()))
        .map(|m| (m["article_id"].as_str(), m["sentence"].as_str()))
        .collect();
    assert_eq!(row["n_sentences"], sentences.len().to_string());
    let mean: f64 = row["mean_compound"].parse().unwrap();
    assert!((-1.0..=1.0).contains(&mean));
    // The report's entity matrix carries it.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(&format!("tone {mean:+.2} over {} sentences", sentences.len())), "tone {mean:+.2}");
}

#[test]
fn tables_written_as_parquet_only_or_csv_only_are_the_default_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    let committed = tree(&repo("reports/sample"));
    // The tables of one extension, as file name → a digest of its bytes (a failure lists names).
    let tables_of = |tree: &BTreeMap<std::path::PathBuf, Vec<u8>>, ext: &str| -> BTreeMap<String, (usize, u64)> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let digest = |b: &Vec<u8>| {
            let mut h = DefaultHasher::new();
            b.hash(&mut h);
            (b.len(), h.finish())
        };
        tree.iter()
            .filter(|(p, _)| p.starts_with("tables") && p.extension().is_some_and(|e| e == ext))
            .map(|(p, b)| (p.to_string_lossy().into_owned(), digest(b)))
            .collect()
    };

    // By flag: Parquet only.
    let parquet = dir.path().join("parquet");
    let run = run_study(&["data/sample"], &parquet, &["--tables", "parquet"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let written = tree(&parquet);
    let tables: Vec<_> = written.keys().filter(|p| p.starts_with("tables")).collect();
    assert_eq!(tables.len(), 18, "{tables:?}");
    assert!(tables.iter().all(|p| p.extension().unwrap() == "parquet"), "{tables:?}");
    assert_eq!(tables_of(&written, "parquet"), tables_of(&committed, "parquet"));
    // The report names the files that exist; otherwise it is the default run's.
    let html = String::from_utf8(written[std::path::Path::new("report.html")].clone()).unwrap();
    assert!(html.contains("<code>tables/sources.parquet</code>") && html.contains("Tables (Parquet) are in"));
    let default_html = String::from_utf8(committed[std::path::Path::new("report.html")].clone()).unwrap();
    let as_default = html
        .replace("Tables (Parquet) are in", "Tables (Parquet and CSV) are in")
        .replace(".parquet</code>", ".csv</code>");
    assert_eq!(as_default, default_html);
    let md = String::from_utf8(written[std::path::Path::new("report.md")].clone()).unwrap();
    assert!(md.contains("`tables/entity_tone.parquet`"));
    assert_eq!(md.replace(".parquet`", ".csv`"), String::from_utf8(committed[std::path::Path::new("report.md")].clone()).unwrap());

    // From a study file: CSV only.
    let study = dir.path().join("study.toml");
    std::fs::write(&study, "name = \"sample\"\ntables = \"csv\"\n").unwrap();
    let csv = dir.path().join("csv");
    let run = slant(&["run", "data/sample", "--study", study.to_str().unwrap(), "--out", csv.to_str().unwrap(), "-q"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let written = tree(&csv);
    assert_eq!(written.keys().filter(|p| p.starts_with("tables")).count(), 18);
    assert!(tables_of(&written, "parquet").is_empty());
    assert_eq!(tables_of(&written, "csv"), tables_of(&committed, "csv"));
    let html = String::from_utf8(written[std::path::Path::new("report.html")].clone()).unwrap();
    assert!(html.contains("<code>tables/sources.csv</code>") && html.contains("Tables (CSV) are in"));

    // A format slant does not write is refused, naming the choices.
    let run = run_study(&["data/sample"], &dir.path().join("x"), &["--tables", "xlsx"]);
    assert_eq!(code(&run), 1, "a usage error (2 is kept for rejected records)");
    assert!(stderr(&run).contains("possible values: both, parquet, csv"), "{}", stderr(&run));
}
