//! The types that flow through the pipeline: `Article` (ingest's output), `Doc` (annotate's output)
//! and the spans, tokens and hits a `Doc` owns. Every span is a byte range into `Article::text`,
//! so every number the tool prints can be traced back to the words that produced it.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// Where a piece of article metadata came from. Recorded beside every inferred field so that a
/// reader can tell a fact stated by the data from one guessed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Given by the user's `--manifest` file.
    Manifest,
    /// Read from a named field of a structured record (JSON, CSV, front matter).
    Field,
    /// Inferred from the article text (a credit line, a dateline, a date line).
    TextHeuristic,
    /// Given by the study configuration (e.g. its outlet → group table).
    Study,
    /// Not found anywhere.
    Missing,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Manifest => "manifest",
            Provenance::Field => "field",
            Provenance::TextHeuristic => "text-heuristic",
            Provenance::Study => "study",
            Provenance::Missing => "missing",
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A metadata value together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub provenance: Provenance,
}

impl<T> Sourced<T> {
    pub fn new(value: T, provenance: Provenance) -> Self {
        Sourced { value, provenance }
    }
}

/// The outlet name used when no outlet could be found: never a guess presented as fact.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// Where a record was read from: a file, and for multi-record files the 1-based line or row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub path: String,
    /// 1-based line (JSON Lines) or data row (CSV); `None` for one-article files.
    pub record: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(r) => write!(f, "{}:{}", self.path, r),
            None => f.write_str(&self.path),
        }
    }
}

/// One news article as ingested: metadata with provenance, and the text that is analysed.
///
/// `text` is the headline paragraph followed by the body (metadata lines such as a credit line or a
/// date line are not part of it). All spans produced later are byte ranges into this string.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub outlet: Sourced<String>,
    pub date: Sourced<Option<NaiveDate>>,
    pub title: Sourced<String>,
    pub url: Option<String>,
    /// The article's group for group comparisons (e.g. an outlet's leaning), from a data field
    /// named by the study, the manifest, or the study's outlet → group table.
    pub group: Sourced<Option<String>>,
    pub text: String,
    pub origin: Origin,
}

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// A word token: its span in the text and its normalised form (lowercase, typographic
/// apostrophes folded, possessive `'s` removed), which is what lexicons and term counts see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub norm: String,
    /// Index of the sentence holding the token.
    pub sentence: u32,
    /// Written in capitals throughout (an acronym such as "US" or "ISIS"): exempt from stopwords,
    /// so that "US" is not mistaken for the pronoun "us".
    pub acronym: bool,
}

/// A lexicon match: which pattern of which category of which lexicon matched where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub lexicon: u16,
    pub category: u16,
    pub pattern: u32,
    /// The matched words, from the first token's start to the last token's end.
    pub span: Span,
    pub sentence: u32,
    /// Preceded by a negator within the category's negation window: reported, not counted.
    pub negated: bool,
}

/// An annotated article. The `Doc` owns its article; annotators add tokens, sentences and hits.
#[derive(Debug, Clone)]
pub struct Doc {
    pub article: Article,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
    pub hits: Vec<Hit>,
    /// VADER compound score of each sentence, in sentence order.
    pub tone: Vec<f64>,
}

impl Doc {
    /// The text of the sentence holding a span (the key-word-in-context evidence for a hit).
    pub fn sentence_text(&self, sentence: u32) -> &str {
        self.sentences[sentence as usize].slice(&self.article.text)
    }
}

/// A key word in context: one piece of evidence, the sentence split around the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kwic {
    pub article_id: String,
    pub outlet: String,
    pub pre: String,
    pub keyword: String,
    pub post: String,
}
