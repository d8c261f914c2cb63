//! Fuzzing entry points: arbitrary bytes or strings in, nothing out but a panic when a parser
//! breaks an invariant. Used by the cargo-fuzz targets in `fuzz/` and by the randomized tests in
//! `tests/random_input.rs`; not a stable API.
//!
//! Each function feeds one parser the way the pipeline does and checks what the rest of slant
//! relies on: no panic, spans on character boundaries inside the text, escaped output free of
//! markup.

use crate::annotate::{Annotator, Gazetteer, quotes};
use crate::ingest::{self, Format, Ingested, Limits, ReadOptions, Status};
use crate::lexicon::{Lexicon, Matcher};
use crate::model::{Article, Origin, Span};
use crate::render::{html, markdown, slug};
use std::sync::OnceLock;

/// Small limits so that fuzzed inputs exercise truncation.
const FUZZ_LIMITS: Limits =
    Limits { max_article_bytes: 4096, oversize: ingest::Oversize::Truncate, max_decompressed_bytes: 1 << 20 };

fn read(format: Format, data: &[u8]) -> Ingested {
    let mut out = Ingested::default();
    let options = ReadOptions { limits: FUZZ_LIMITS, ..ReadOptions::default() };
    let mut shelf = ingest::Shelf::new(&options, None).expect("a shelf in memory opens no file");
    if let Err(reason) = ingest::read_records(format, data, "fuzz", "fuzz", &options, &mut out, &mut shelf) {
        // As `read_file` does: a failure of the file as a whole is one more row.
        let origin = Origin { path: "fuzz".into(), record: None };
        out.log.push(ingest::LogEntry { origin, article_id: None, status: Status::Rejected, reason, meta: None });
    }
    for (article, entry) in out.articles.iter().zip(out.log.iter().filter(|e| e.status == Status::Accepted)) {
        assert_eq!(entry.article_id.as_deref(), Some(article.id.as_str()));
        assert!(article.text.len() <= FUZZ_LIMITS.max_article_bytes, "limit not applied");
        assert!(article.text.chars().any(char::is_alphanumeric), "an article without words was accepted");
    }
    out
}

/// A plain-text or Markdown file: decoding, headline/outlet/date heuristics, limits.
pub fn text_file(data: &[u8]) {
    let out = read(Format::Text, data);
    assert_eq!(out.log.len(), 1, "a text file is exactly one ingest record");
}

/// An HTML page: decoding, metadata (JSON-LD, meta tags, `<time>`) and main-text extraction.
pub fn html_page(data: &[u8]) {
    let out = read(Format::Html, data);
    assert_eq!(out.log.len(), 1, "an HTML page is exactly one ingest record");
}

/// A JSON Lines file: every non-blank line is one record, accepted or rejected.
pub fn jsonl(data: &[u8]) {
    let out = read(Format::JsonLines, data);
    let records = data.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    assert_eq!(out.log.len(), records, "one ingest row per non-blank line");
}

/// A CSV file: header mapping and row errors.
pub fn csv(data: &[u8]) {
    read(Format::Csv, data);
}

/// A date string: whatever it is, the answer is a date in range, a reason, or not a date.
pub fn date(s: &str) {
    use chrono::Datelike;
    if let ingest::dates::Parsed::Date(d) = ingest::dates::parse(s) {
        assert!((ingest::dates::EARLIEST_YEAR..=ingest::dates::LATEST_YEAR).contains(&d.year()));
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && text.get(span.start..span.end).is_some(), "{what} {span:?} is not a slice of the text");
}

/// Quote extraction: spans in order, non-overlapping, on character boundaries.
pub fn quotes(text: &str) {
    let spans = quotes::find_quotes(text);
    let mut last = 0;
    for span in spans {
        check_span(text, span, "quote");
        assert!(span.start >= last, "quotes out of order");
        last = span.end;
    }
}

/// The whole annotation of one article (sentences, tokens, lexicon hits, entities, labels,
/// quotes and attributions, tone) with the built-in lexicons and gazetteer.
pub fn annotate(text: &str) {
    static SETUP: OnceLock<(Vec<Lexicon>, Gazetteer)> = OnceLock::new();
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    let (lexicons, gazetteer) = SETUP.get_or_init(|| (Lexicon::built_in(), Gazetteer::built_in()));
    let matcher = MATCHER.get_or_init(|| Matcher::new(lexicons));
    let annotator = Annotator::new(lexicons, matcher, gazetteer);
    let article = Article::new("fuzz", "Fuzz", text);
    let doc = annotator.annotate(article);
    let text = doc.article.text.as_str();
    doc.sentences.iter().for_each(|s| check_span(text, *s, "sentence"));
    doc.tokens.iter().for_each(|t| check_span(text, t.span, "token"));
    doc.hits.iter().for_each(|h| check_span(text, h.span, "hit"));
    doc.mentions.iter().for_each(|m| check_span(text, m.span, "mention"));
    doc.labels.iter().for_each(|l| check_span(text, l.span, "label"));
    for a in &doc.attributions {
        check_span(text, a.content, "attribution content");
        a.source.iter().for_each(|s| check_span(text, *s, "attribution source"));
        a.verb.iter().for_each(|s| check_span(text, *s, "attribution verb"));
    }
    assert_eq!(doc.tone.len(), doc.sentences.len());
}

/// Lexicon TOML: parsed and validated, then compiled and run over its own text.
pub fn lexicon(toml_text: &str) {
    if let Ok(lexicon) = Lexicon::parse(toml_text, "fuzz.toml") {
        let lexicons = [lexicon];
        let matcher = Matcher::new(&lexicons);
        let (_, tokens) = crate::text::segment(toml_text);
        for m in matcher.find(&tokens) {
            assert!(m.first <= m.last && m.last < tokens.len());
        }
    }
}

/// Escaping of hostile strings for HTML (text and attributes), Markdown, and file names.
pub fn escaping(s: &str) {
    let h = html::escape(s);
    assert!(!h.contains(['<', '>', '"', '\'']), "HTML escape left markup: {h:?}");
    assert_eq!(unescape_html(&h), s, "HTML escape is not reversible");
    let m = markdown::md(s);
    assert!(!m.contains(['<', '>', '\n', '\r']), "Markdown escape left markup or a line break: {m:?}");
    let mut prev = None;
    for c in m.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '|' | '`' | '#' | '!') {
            assert_eq!(prev, Some('\\'), "Markdown escape left {c:?} unescaped: {m:?}");
        }
        prev = if prev == Some('\\') && c == '\\' { None } else { Some(c) };
    }
    let name = slug(s);
    assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    assert!(!name.starts_with('-') && !name.ends_with('-'), "slug {name:?}");
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
