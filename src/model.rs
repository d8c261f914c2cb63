//! The types that flow through the pipeline: `Article` (ingest's output), `Doc` (annotate's output)
//! and the spans, tokens and hits a `Doc` owns. Every span is a byte range into `Article::text`,
//! so every number the tool prints can be traced back to the words that produced it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a piece of article metadata came from. Recorded beside every inferred field so that a
/// reader can tell a fact stated by the data from one guessed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// Taken from the domain of the article's URL (canonical link, `og:url` or a URL field), for
    /// want of a named outlet.
    Url,
    /// Resolved from partial evidence: a weekday and day in the text ("Friday 3 January") given a
    /// year by the article's other dates or its outlet's neighbouring articles.
    Inferred,
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
            Provenance::Url => "url",
            Provenance::Inferred => "inferred",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The outlet name as found, when the alias table changed it ("Fox Online News" → "Fox News").
    pub outlet_raw: Option<String>,
    /// Detected language (ISO 639-1 where one exists, else ISO 639-3), or "und" when unreliable.
    pub language: String,
}

impl Article {
    /// An article with only an id, an outlet (as if read from a field) and a text: no date, title,
    /// URL or group, language undetermined, and the id as its origin. For tests and for tools that
    /// build articles by hand.
    pub fn new(id: &str, outlet: &str, text: &str) -> Article {
        Article {
            id: id.to_string(),
            outlet: Sourced::new(outlet.to_string(), Provenance::Field),
            outlet_raw: None,
            language: "und".to_string(),
            date: Sourced::new(None, Provenance::Missing),
            title: Sourced::new(String::new(), Provenance::Missing),
            url: None,
            group: Sourced::new(None, Provenance::Missing),
            text: text.to_string(),
            origin: Origin { path: id.to_string(), record: None },
        }
    }
}

/// Serialises an `f64` as its bit pattern, for state written by one run and read by another
/// (`shard`): a decimal round trip through JSON is not guaranteed to give back the same bits.
pub mod exact_f64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(value.to_bits())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        u64::deserialize(d).map(f64::from_bits)
    }
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
    /// The normalised form (`text::normalise`), held inline when it is 24 bytes or shorter.
    pub norm: compact_str::CompactString,
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

/// What kind of thing a name names. From the gazetteer where the name is listed there, otherwise
/// guessed from titles (a person) and head words such as "Ministry" or "Brigades" (an
/// organisation); `Unknown` when neither says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
    Media,
    Unknown,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
            EntityKind::Media => "media",
            EntityKind::Unknown => "unknown",
        }
    }
}

/// A name in the text: its span (titles and a possessive ’s excluded), what it names, and which
/// mention of the same article gives its fullest form ("Soleimani" → "Qassem Soleimani").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub sentence: u32,
    pub kind: EntityKind,
    /// Index of the gazetteer entry the name (or its full form) is listed under.
    pub gazetteer: Option<u32>,
    /// Index (into `Doc::mentions`) of the mention holding this name's fullest form in the article;
    /// its own index when it is the fullest.
    pub full: u32,
}

/// How a label was attached to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LabelKind {
    /// A title or rank written before the name ("Brig. Gen.", "Prime Minister").
    Title,
    /// Words before the name in the same noun phrase ("Quds Force commander").
    Premodifier,
    /// A noun phrase set off by commas after the name ("…, the defence ministry spokesman,").
    Apposition,
    /// "X was the head of …".
    Copular,
    /// A word of an actors-lexicon category inside one of the phrases above; the category index.
    Lexicon(u16),
}

/// A word or phrase an article attaches to a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// Index into `Doc::mentions`.
    pub mention: u32,
    pub span: Span,
    pub kind: LabelKind,
}

/// Who a quote or a reported statement is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceType {
    NamedPerson,
    NamedOrganisation,
    Anonymous,
    OtherMedia,
    Unattributed,
}

impl SourceType {
    pub const ALL: [SourceType; 5] = [
        SourceType::NamedPerson,
        SourceType::NamedOrganisation,
        SourceType::Anonymous,
        SourceType::OtherMedia,
        SourceType::Unattributed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::NamedPerson => "named-person",
            SourceType::NamedOrganisation => "named-organisation",
            SourceType::Anonymous => "anonymous",
            SourceType::OtherMedia => "other-media",
            SourceType::Unattributed => "unattributed",
        }
    }
}

/// The stance a speech verb takes toward what it reports (classes of the `attribution` lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Neutral,
    Assertive,
    Denial,
    Factive,
    /// No speech verb (an unattributed quote).
    None,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Neutral => "neutral",
            Stance::Assertive => "assertive",
            Stance::Denial => "denial",
            Stance::Factive => "factive",
            Stance::None => "none",
        }
    }
}

/// A quote or a reported statement and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// What was said: the quoted words, or the reported clause.
    pub content: Span,
    /// Whether `content` is a direct quote (inside quotation marks).
    pub quoted: bool,
    /// The source as written ("informed military sources", "Brig. Gen. Seeley"); `None` when
    /// unattributed.
    pub source: Option<Span>,
    /// The mention the source resolves to, if it is a name (index into `Doc::mentions`).
    pub mention: Option<u32>,
    pub source_type: SourceType,
    /// The speech verb ("said", "denied", "according to"); `None` for an unattributed quote.
    pub verb: Option<Span>,
    pub stance: Stance,
    pub sentence: u32,
}

/// How a sentence treats a claim the study names (see `annotate::claims`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStance {
    /// Stated without a denial or hedge (by the outlet or by the source it reports).
    Asserted,
    /// Denied, rejected or negated ("denies that it plans to withdraw", "no decision to leave").
    Denied,
    /// Stated with a hedge or a distancing word ("reportedly", "may", "alleged", "claims that").
    Hedged,
}

impl ClaimStance {
    pub const ALL: [ClaimStance; 3] = [ClaimStance::Asserted, ClaimStance::Denied, ClaimStance::Hedged];
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStance::Asserted => "asserted",
            ClaimStance::Denied => "denied",
            ClaimStance::Hedged => "hedged",
        }
    }
}

/// A sentence stating one of the study's claims: which claim, the words that matched, the stance,
/// the cue that decided it, and the attribution that carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimStatement {
    /// Index of the claim in the study's claim list.
    pub claim: u16,
    /// The first match of the claim's patterns in the sentence.
    pub span: Span,
    pub sentence: u32,
    pub stance: ClaimStance,
    /// The words that made the stance denied or hedged; `None` when asserted.
    pub cue: Option<Span>,
    /// The attribution carrying the claim (index into `Doc::attributions`); `None` when the
    /// outlet states it in its own voice.
    pub attribution: Option<u32>,
}

/// An annotated article. The `Doc` owns its article; annotators add tokens, sentences, hits,
/// mentions of names with their labels, attributions, and the sentences stating a study's claims.
#[derive(Debug, Clone)]
pub struct Doc {
    pub article: Article,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
    pub hits: Vec<Hit>,
    /// VADER compound score of each sentence, in sentence order.
    pub tone: Vec<f64>,
    pub mentions: Vec<Mention>,
    pub labels: Vec<Label>,
    pub attributions: Vec<Attribution>,
    /// Sentences stating a claim named by the study, in text order (empty without claims).
    pub claims: Vec<ClaimStatement>,
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
