//! Every input format and preset on small fictional fixtures (tests/fixtures/ingest): the outlet,
//! date, title and first words of the text each yields, read through the library's ingest stage;
//! and the ingest log's columns through the real binary.

mod common;

use common::*;
use slant::ingest::{self, FieldMap, Ingested, Outlets, Preset, ReadOptions, Status, dates::DateOrder};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo(&format!("tests/fixtures/ingest/{name}"))
}

fn read_with(paths: &[PathBuf], fields: FieldMap) -> Ingested {
    let options = ReadOptions { fields, outlets: Outlets::built_in(), near_duplicate: Some(0.6), ..ReadOptions::default() };
    ingest::read(paths, &options).unwrap()
}

fn fields(preset: Option<Preset>, flags: &[&str], order: DateOrder) -> FieldMap {
    let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
    FieldMap::new(preset, &Default::default(), &flags, None, order).unwrap()
}

/// (outlet, outlet source, date, title, first words of the text) of each article.
fn summary(ing: &Ingested) -> Vec<(String, String, String, String, String)> {
    ing.articles
        .iter()
        .map(|a| {
            let first: Vec<&str> = a.text.split_whitespace().take(6).collect();
            (
                a.outlet.value.clone(),
                a.outlet.provenance.to_string(),
                a.date.value.map(|d| d.to_string()).unwrap_or_default(),
                a.title.value.clone(),
                first.join(" "),
            )
        })
        .collect()
}

fn row(o: &str, src: &str, d: &str, t: &str, words: &str) -> (String, String, String, String, String) {
    (o.into(), src.into(), d.into(), t.into(), words.into())
}

#[test]
fn html_page_yields_only_the_article_body_and_json_ld_metadata() {
    let ing = read_with(&[fixture("page.html")], FieldMap::default());
    assert_eq!(
        summary(&ing),
        [row(
            "Coastline Courier",
            "field",
            "2031-04-02",
            "Lighthouse keepers strike at dawn",
            "Lighthouse keepers strike at dawn By"
        )]
    );
    let text = &ing.articles[0].text;
    assert_eq!(
        text,
        "Lighthouse keepers strike at dawn\n\nBy Mara Quell\n\nKeepers of the northern lights walked out at dawn on Tuesday, leaving the beacons to automatic timers.\n\nThe union said the strike would last three days.\n\nHarbour masters said shipping would continue with caution."
    );
    for furniture in ["cookies", "News", "Advertisement", "injected", "Related", "Share", "©", "Tracking", "display"] {
        assert!(!text.contains(furniture), "{furniture:?} leaked into the text");
    }
    assert_eq!(ing.articles[0].url.as_deref(), Some("https://www.coastlinecourier.example/news/keepers-strike"));
}

#[test]
fn html_without_a_publisher_takes_the_outlet_from_the_domain() {
    let ing = read_with(&[fixture("domain-only.htm")], FieldMap::default());
    assert_eq!(
        summary(&ing),
        [row("Fox News", "url", "2031-04-03", "Ferry service resumes", "Ferry service resumes The ferry service")]
    );
    assert_eq!(ing.articles[0].outlet_raw.as_deref(), Some("news.foxnews.com"));
}

#[test]
fn html_page_in_a_declared_legacy_encoding_is_decoded_and_the_log_says_so() {
    // Written in windows-1252, declared as ISO-8859-1 (which browsers read as windows-1252).
    let ing = read_with(&[fixture("latin1.html")], FieldMap::default());
    assert_eq!(
        summary(&ing),
        [row("Meridian Wire", "field", "2031-04-09", "Café growers protest in São Paulo", "Café growers protest in São Paulo")]
    );
    assert!(ing.articles[0].text.contains("marched through São Paulo on Monday, calling the new export levy “ruinous”."));
    assert_eq!(ing.log[0].status, Status::Accepted);
    assert_eq!(ing.log[0].reason, "decoded from windows-1252 (as the page declares)");
}

#[test]
fn csv_saved_in_windows_1252_is_decoded_and_the_log_says_so() {
    // As Excel on Windows saves a spreadsheet: windows-1252, CRLF line ends.
    let ing = read_with(&[fixture("windows-1252.csv")], FieldMap::default());
    assert_eq!(
        summary(&ing),
        [row("Meridian Wire", "field", "2031-04-10", "Café owners reject the levy", "Café owners reject the levy Café")]
    );
    assert!(ing.articles[0].text.ends_with("called the export levy “ruinous” on Thursday – and vowed to keep protesting."));
    assert_eq!((ing.log[0].status, ing.log[0].reason.as_str()), (Status::Accepted, "column \"title\", \"text\" decoded from windows-1252 (not UTF-8)"));
}

#[test]
fn json_array_with_a_bad_element_and_an_aliased_outlet() {
    let ing = read_with(&[fixture("array.json")], FieldMap::default());
    assert_eq!(
        summary(&ing),
        [
            row("Coastline Courier", "field", "2031-04-05", "Fishing quotas cut", "Fishing quotas cut Fishing quotas were"),
            row("Fox News", "field", "2031-04-06", "Quotas protest", "Quotas protest Fishermen protested the quota"),
        ]
    );
    assert_eq!(ing.articles[1].outlet_raw.as_deref(), Some("Fox Online News"));
    let statuses: Vec<(Option<u64>, Status, &str)> =
        ing.log.iter().map(|e| (e.origin.record, e.status, e.reason.as_str())).collect();
    assert_eq!(statuses[1], (Some(2), Status::Rejected, "not a JSON object"));
    assert!(statuses[0].2.starts_with("ambiguous date \"04/05/2031\" read as 2031-04-05"), "{:?}", statuses[0]);
    // Read day first, the same field is 4 May.
    let ing = read_with(&[fixture("array.json")], fields(None, &[], DateOrder::DayFirst));
    assert_eq!(ing.articles[0].date.value.unwrap().to_string(), "2031-05-04");
}

#[test]
fn field_mapping_picks_the_named_field() {
    // Map the outlet to the `id` field: a deliberate, visible choice.
    let ing = read_with(&[fixture("array.json")], fields(None, &["outlet=id", "title=maintext"], DateOrder::MonthFirst));
    assert_eq!(ing.articles[0].outlet.value, "cc-1");
    assert_eq!(ing.articles[0].title.value, "Fishing quotas were cut by a fifth on Friday, the ministry said.");
}

#[test]
fn news_please_preset() {
    let ing = read_with(&[fixture("news-please.json")], fields(Some(Preset::NewsPlease), &[], DateOrder::MonthFirst));
    assert_eq!(
        summary(&ing),
        [row("harborherald.example", "field", "2031-04-07", "Storm closes the port", "Storm closes the port The port")]
    );
}

#[test]
fn mediacloud_preset_reads_a_story_list_without_text() {
    let without = read_with(&[fixture("mediacloud.csv")], FieldMap::default());
    assert_eq!(without.count(Status::Rejected), 1, "no text column without the preset");
    let ing = read_with(&[fixture("mediacloud.csv")], fields(Some(Preset::Mediacloud), &[], DateOrder::MonthFirst));
    assert_eq!(
        summary(&ing),
        [row("Meridian Wire", "field", "2031-04-08", "Bridge reopens after repairs", "Bridge reopens after repairs")]
    );
    assert_eq!(ing.articles[0].id, "9001");
}

#[test]
fn tsv_and_compressed_csv_and_jsonl() {
    let ing = read_with(
        &[fixture("tabbed.tsv"), fixture("packed.csv.gz"), fixture("packed.jsonl.zst")],
        fields(None, &[], DateOrder::DayFirst),
    );
    assert_eq!(
        summary(&ing),
        [
            row("Velmora Daily", "field", "2031-04-09", "Market prices rise", "Market prices rise Market prices rose"),
            row("Alliance Tribune", "field", "2031-04-10", "Talks resume", "Talks resume Talks between the parties"),
            row("Korvan State Broadcaster", "field", "2031-04-11", "Parade held", "Parade held A parade was held"),
        ]
    );
}

#[test]
fn parquet_plain_and_zstd_compressed() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let mut df = df!(
        "outlet_name" => ["Coastline Courier"],
        "date" => ["2031-04-12"],
        "title" => ["Regatta cancelled"],
        "body" => ["The regatta was cancelled on Saturday because of high winds."],
    )
    .unwrap();
    let plain = dir.path().join("t.parquet");
    ParquetWriter::new(std::fs::File::create(&plain).unwrap()).finish(&mut df).unwrap();
    let packed = dir.path().join("u.parquet.zst");
    std::fs::write(&packed, zstd::encode_all(&std::fs::read(&plain).unwrap()[..], 3).unwrap()).unwrap();
    let ing = read_with(&[plain, packed], fields(None, &["outlet=outlet_name"], DateOrder::MonthFirst));
    let want = row("Coastline Courier", "field", "2031-04-12", "Regatta cancelled", "Regatta cancelled The regatta was cancelled");
    // The second file is the same text: an exact duplicate, logged and counted once.
    assert_eq!(summary(&ing), [want]);
    assert_eq!(ing.count(Status::Duplicate), 1);
    assert_eq!(ing.log[1].origin.record, Some(1));
}

#[test]
fn ingest_csv_has_one_row_per_record_with_metadata_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let run = run_study(&["tests/fixtures/ingest"], &out, &["--replicates", "10", "--permutations", "0"]);
    assert_eq!(code(&run), 2, "mediacloud.csv has no text column without --preset: {}", stderr(&run));
    let header = std::fs::read_to_string(out.join("ingest.csv")).unwrap().lines().next().unwrap().to_string();
    assert_eq!(header, "path,line,article_id,status,reason,outlet,outlet_source,outlet_raw,date,date_source,language");
    let log = csv_rows(&out.join("ingest.csv"));
    // 10 files: array.json holds 3 records, the others 1 each.
    assert_eq!(log.len(), 12);
    let fox = log.iter().find(|r| r["article_id"] == "cc-2").unwrap();
    assert_eq!(
        (fox["outlet"].as_str(), fox["outlet_source"].as_str(), fox["outlet_raw"].as_str(), fox["language"].as_str()),
        ("Fox News", "field", "Fox Online News", "und")
    );
    // One sentence is too little for a reliable guess; the HTML article is enough.
    let page = log.iter().find(|r| r["path"].ends_with("page.html")).unwrap();
    assert_eq!(page["language"], "en");
    let latin1 = log.iter().find(|r| r["path"].ends_with("latin1.html")).unwrap();
    assert_eq!((latin1["status"].as_str(), latin1["reason"].as_str()), ("accepted", "decoded from windows-1252 (as the page declares)"));
    let articles = csv_rows(&out.join("tables/articles.csv"));
    let fox = articles.iter().find(|r| r["article_id"] == "cc-2").unwrap();
    assert_eq!((fox["outlet_raw"].as_str(), fox["language"].as_str()), ("Fox Online News", "und"));
}

/// Reading with the texts spilled (as `slant run` reads) gives the study that reading them into
/// memory gives: the same log, records and texts. The corpus is the sample with an extra file
/// that exercises every step of ingest that reads texts after reading: an exact duplicate (case
/// and spacing aside), a reused id, and an undated article whose "Friday 3 January" takes its
/// year from its outlet's dated neighbour.
#[test]
fn spilled_reading_gives_what_reading_into_memory_gives() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.jsonl");
    let story = "The council met on Monday and voted to reopen the port after the storm.";
    let lines = [
        format!(r#"{{"id": "x-1", "source": "Bay Post", "date": "2019-12-30", "title": "Port", "text": "{story}"}}"#),
        format!(r#"{{"id": "x-1", "source": "Bay Post", "title": "PORT", "text": "  {} "}}"#, story.to_uppercase()),
        r#"{"id": "x-3", "source": "Bay Post", "title": "Strike", "text": "On Friday 3 January the dock workers struck for a day."}"#.to_string(),
    ];
    std::fs::write(&extra, lines.join("\n")).unwrap();
    let inputs = [repo("data/sample"), extra];
    let options = ReadOptions { outlets: Outlets::built_in(), near_duplicate: Some(0.8), ..ReadOptions::default() };
    let memory = ingest::read(&inputs, &options).unwrap();
    let (spilled, texts) = ingest::read_spilled(&inputs, &options, dir.path()).unwrap();

    let log = |ing: &Ingested| -> Vec<String> {
        ing.log.iter().map(|e| format!("{:?} {:?} {:?} {}", e.origin.record, e.article_id, e.status, e.reason)).collect()
    };
    assert_eq!(log(&spilled), log(&memory));
    let records = |ing: &Ingested| -> Vec<String> {
        ing.articles.iter().map(|a| format!("{} {} {:?} {:?} {}", a.id, a.outlet.value, a.date.value, a.date.provenance, a.language)).collect()
    };
    assert_eq!(records(&spilled), records(&memory));
    assert!(spilled.articles.iter().all(|a| a.text.is_empty()), "the spilled records hold no text");
    assert_eq!(texts.len(), memory.articles.len());
    for (i, a) in memory.articles.iter().enumerate() {
        assert_eq!(texts.get(i).unwrap(), a.text, "text of {}", a.id);
    }
    assert_eq!((spilled.copies.len(), memory.copies.len()), (2, 2), "the sample's wire copy and the exact duplicate");
    // What each step found, so that the comparison above is not of two empty results.
    let reasons: Vec<&str> = spilled.log.iter().map(|e| e.reason.as_str()).filter(|r| !r.is_empty()).collect();
    assert!(reasons.iter().any(|r| r.contains("same text as x-1") && r.contains("renamed \"x-1#2\"")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("near-duplicate of mw-005")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("date 2020-01-03 inferred from \"Friday 3 January\"")), "{reasons:?}");
}
