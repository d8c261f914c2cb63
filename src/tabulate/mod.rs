//! Tabulate stage: `Doc`s in, long (tidy) polars `Tables` out. A `Tabulator` aggregates documents
//! as they stream past, so memory grows with vocabulary × outlets and with the number of lexicon
//! hits kept as evidence, not with the corpus text.
//!
//! Tables (columns in `columns`, documented in README.md):
//! - `articles`: one row per accepted article, with the provenance of its metadata and its tone
//!   (mean VADER compound over its sentences, negative and positive sentences);
//! - `terms`: per outlet and term, its count and the number of articles using it; held as counts
//!   over one vocabulary until it is written (`TermCounts`);
//! - `frames`: per article and lexicon category, the number of hits (zeros included) and of
//!   negated hits, which are not in `hits`; held as numbers until it is written (`CategoryCounts`);
//! - `hits`: every lexicon hit, with its byte span and its sentence as key-word-in-context, held
//!   as spans into the articles' texts until it is written (`Hits`);
//! - `mentions`: every name mentioned, with its fullest form in the article and its gazetteer entry;
//!   held compactly until it is written (`Mentions`).
//!
//! More is kept for the compare stage but not written, because compare writes it with the
//! corpus-wide entity resolved: the labels of names (`Labels`, → `labels`) and the attributions
//! (`Attributions`, → `sources`), both held compactly with their sentences as spans into the
//! texts; the frame `claim_statements` (→ `claims`); and the tone of each mention's sentence
//! (→ `entity_tone`).

pub mod columns;
mod attributions;
mod counts;
mod frame;
mod hits;
mod interner;
mod labels;
mod mentions;
mod parquet;
mod terms;
pub mod safe_csv;

pub use attributions::{Attribution, AttributionRow, Attributions};
pub use counts::CategoryCounts;
pub use frame::{
    ArticlePositions, CHUNK_ROWS, FrameBuilder, Strings, TableDir, TableFormat, TableWriter, bools, cell, dates, f64s, offset, squashed_span, stored_offset, stored_span, str_column,
    str_values, strs, u64_values, u64s, write_in_chunks, write_parquet, write_table,
};
pub use hits::{HitNames, HitRow, Hits};
pub use interner::Interner;
pub use labels::{LabelRow, Labels};
pub use mentions::{MentionRow, Mentions, Place};
pub use terms::{Cell, TermCounter, TermCounts};

use crate::annotate::{Gazetteer, tone};
use crate::error::Result;
use std::path::Path;
use crate::lexicon::{Lexicon, Matcher};
use crate::model::{Doc, LabelKind, SourceType};
use crate::text::{is_stopword, squash};
use chrono::NaiveDate;
use columns as col;
use polars::prelude::DataFrame;

/// The tables of a study.
pub struct Tables {
    pub articles: DataFrame,
    pub terms: TermCounts,
    pub frames: CategoryCounts,
    pub hits: Hits,
    pub mentions: Mentions,
    /// Labels per mention with the mention's in-article full name (not written; see above).
    pub labels: Labels,
    /// Quotes and reported statements with their sources (written as the `sources` table, with
    /// each source's entity, by the comparison; see above).
    pub attributions: Attributions,
    /// Sentences stating a claim of the study, with stance and source (not written; see above).
    pub claim_statements: DataFrame,
}

/// The name a label or an attribution refers to: the in-article full name and gazetteer entry.
#[derive(Default)]
struct NameRows {
    full_name: Strings,
    gazetteer: Strings,
}

#[derive(Default)]
struct ClaimRows {
    claim: Strings,
    article: Strings,
    outlet: Strings,
    sentence: Vec<u64>,
    stance: Strings,
    cue: Strings,
    surface: Strings,
    source: Strings,
    names: NameRows,
    source_type: Strings,
    start: Vec<u64>,
    end: Vec<u64>,
    context: Strings,
}

/// Whether a token counts as a term: not a stopword (acronyms such as "US" exempt), at least two
/// characters, at least one letter.
pub fn is_term(norm: &str, acronym: bool) -> bool {
    norm.chars().nth(1).is_some() && norm.chars().any(char::is_alphabetic) && (acronym || !is_stopword(norm))
}

#[derive(Default)]
struct ArticleRows {
    id: Vec<String>,
    outlet: Vec<String>,
    outlet_source: Vec<String>,
    outlet_raw: Vec<Option<String>>,
    language: Vec<String>,
    group: Vec<Option<String>>,
    group_source: Vec<String>,
    date: Vec<Option<NaiveDate>>,
    date_source: Vec<String>,
    title: Vec<String>,
    title_source: Vec<String>,
    url: Vec<Option<String>>,
    path: Vec<String>,
    line: Vec<Option<u64>>,
    n_tokens: Vec<u64>,
    n_sentences: Vec<u64>,
    mean_compound: Vec<f64>,
    n_negative: Vec<u64>,
    n_positive: Vec<u64>,
}

/// Aggregates documents into tables as they stream past.
pub struct Tabulator<'a> {
    lexicons: &'a [Lexicon],
    articles: ArticleRows,
    terms: TermCounter,
    frames: CategoryCounts,
    hits: Hits,
    gazetteer: &'a Gazetteer,
    mentions: Mentions,
    labels: Labels,
    attributions: Attributions,
    /// Names of the study's claims, indexed by `ClaimStatement::claim`.
    claim_names: Vec<String>,
    claims: ClaimRows,
}

/// A label's kind as written in the tables: title, premodifier, apposition, copular, or
/// `lexicon:<category>`.
fn label_kind(kind: LabelKind, lexicons: &[Lexicon]) -> String {
    match kind {
        LabelKind::Title => "title".into(),
        LabelKind::Premodifier => "premodifier".into(),
        LabelKind::Apposition => "apposition".into(),
        LabelKind::Copular => "copular".into(),
        LabelKind::Lexicon(c) => {
            let actors = lexicons.iter().find(|l| l.meta.name == "actors");
            format!("lexicon:{}", actors.and_then(|l| l.categories.get(c as usize)).map_or("?", |c| c.name.as_str()))
        }
    }
}

/// A label as counted: words lowercased except acronyms ("US", "IRGC"), so that "Commander" and
/// "commander" are one label.
fn lower_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 2 && w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) { w.to_string() } else { w.to_lowercase() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a span joined by single spaces, punctuation between them dropped, so that a cue
/// reads "no decision" whether or not a quotation mark sits inside it ("no “decision").
fn words_in(doc: &Doc, span: crate::model::Span) -> String {
    let first = doc.tokens.partition_point(|t| t.span.start < span.start);
    doc.tokens[first..]
        .iter()
        .take_while(|t| t.span.end <= span.end)
        .map(|t| t.span.slice(&doc.article.text))
        .collect::<Vec<_>>()
        .join(" ")
}

impl<'a> Tabulator<'a> {
    pub fn new(lexicons: &'a [Lexicon], matcher: &'a Matcher, gazetteer: &'a Gazetteer) -> Self {
        let hits = Hits::new(lexicons, matcher);
        Tabulator {
            lexicons,
            articles: ArticleRows::default(),
            terms: TermCounter::default(),
            frames: CategoryCounts::new(hits.names.category_keys()),
            hits,
            gazetteer,
            mentions: Mentions::default(),
            labels: Labels::default(),
            attributions: Attributions::default(),
            claim_names: Vec::new(),
            claims: ClaimRows::default(),
        }
    }

    /// Keeps the rows of the lexicon hits, mentions, labels and attributions, the tables that
    /// grow with the corpus, in temporary files in `dir` as they are added (`spill::Rows`).
    pub fn spill_in(mut self, dir: &Path) -> Result<Self> {
        self.hits.spill_in(dir)?;
        self.mentions.spill_in(dir)?;
        self.labels.spill_in(dir)?;
        self.attributions.spill_in(dir)?;
        Ok(self)
    }

    /// Names the study's claims (in `Claims::names` order) so that claim statements can be tabulated.
    pub fn with_claims(self, names: &[String]) -> Self {
        Tabulator { claim_names: names.to_vec(), ..self }
    }

    /// The full name (whitespace squashed) and gazetteer entry ("" when none) of mention `m` of
    /// `doc`.
    fn names_of(&self, doc: &Doc, m: u32) -> (String, &'a str) {
        let full = &doc.mentions[doc.mentions[m as usize].full as usize];
        let entry = full.gazetteer.or(doc.mentions[m as usize].gazetteer);
        let gazetteer: &'a Gazetteer = self.gazetteer;
        (squash(full.span.slice(&doc.article.text)), entry.map_or("", |g| gazetteer.entries[g as usize].name.as_str()))
    }

    /// Pushes the full name and gazetteer entry of mention `m` of `doc`.
    fn push_name(&self, rows: &mut NameRows, doc: &Doc, m: Option<u32>) {
        let (full, gazetteer) = m.map_or((String::new(), ""), |m| self.names_of(doc, m));
        rows.full_name.push(full);
        rows.gazetteer.push(gazetteer);
    }

    /// Adds the mentions, labels and attributions of one document, the study's `index`-th.
    fn add_entities(&mut self, doc: &Doc, index: usize) -> Result<()> {
        let a = &doc.article;
        for (i, m) in doc.mentions.iter().enumerate() {
            let (full, gazetteer) = self.names_of(doc, i as u32);
            let kind = doc.mentions[m.full as usize].kind.as_str();
            let tone = doc.tone.get(m.sentence as usize).copied().unwrap_or(0.0);
            let place = Place { start: m.span.start, end: m.span.end, sentence: m.sentence, tone };
            self.mentions.push(index, &squash(m.span.slice(&a.text)), &full, gazetteer, kind, place)?;
        }
        for l in &doc.labels {
            let (full, gazetteer) = self.names_of(doc, l.mention);
            let sentence = doc.sentences[doc.mentions[l.mention as usize].sentence as usize];
            let label = lower_words(l.span.slice(&a.text));
            self.labels.push(index, &full, gazetteer, &label, &label_kind(l.kind, self.lexicons), sentence)?;
        }
        for at in &doc.attributions {
            let (full_name, gazetteer) = at.mention.map_or((String::new(), ""), |m| self.names_of(doc, m));
            let attribution = Attribution {
                source: &at.source.map_or(String::new(), |s| squash(s.slice(&a.text))),
                full_name: &full_name,
                gazetteer,
                source_type: at.source_type.as_str(),
                verb: &at.verb.map_or(String::new(), |v| v.slice(&a.text).to_lowercase()),
                stance: at.stance.as_str(),
                quoted: at.quoted,
                content: at.content,
                sentence: at.sentence,
                sentence_span: doc.sentences[at.sentence as usize],
            };
            self.attributions.push(index, attribution)?;
        }
        let mut names = std::mem::take(&mut self.claims.names);
        for c in &doc.claims {
            let at = c.attribution.and_then(|i| doc.attributions.get(i as usize));
            let r = &mut self.claims;
            r.claim.push(self.claim_names.get(c.claim as usize).cloned().unwrap_or_default());
            r.article.push(&a.id);
            r.outlet.push(&a.outlet.value);
            r.sentence.push(u64::from(c.sentence));
            r.stance.push(c.stance.as_str());
            r.cue.push(c.cue.map_or(String::new(), |s| words_in(doc, s)));
            r.surface.push(squash(c.span.slice(&a.text)));
            r.source.push(at.and_then(|t| t.source).map_or(String::new(), |s| squash(s.slice(&a.text))));
            r.source_type.push(at.map_or(SourceType::Unattributed, |t| t.source_type).as_str());
            r.start.push(c.span.start as u64);
            r.end.push(c.span.end as u64);
            r.context.push(squash(doc.sentence_text(c.sentence)));
            self.push_name(&mut names, doc, at.and_then(|t| t.mention));
        }
        self.claims.names = names;
        Ok(())
    }

    /// Adds one document. Documents must be added in a fixed order for the tables to be
    /// reproducible. Fails only when spilled rows cannot be written (`spill_in`).
    pub fn add(&mut self, doc: &Doc) -> Result<()> {
        let a = &doc.article;
        let index = self.articles.id.len();
        let rows = &mut self.articles;
        rows.id.push(a.id.clone());
        rows.outlet.push(a.outlet.value.clone());
        rows.outlet_source.push(a.outlet.provenance.to_string());
        rows.outlet_raw.push(a.outlet_raw.clone());
        rows.language.push(a.language.clone());
        rows.group.push(a.group.value.clone());
        rows.group_source.push(a.group.provenance.to_string());
        rows.date.push(a.date.value);
        rows.date_source.push(a.date.provenance.to_string());
        rows.title.push(a.title.value.clone());
        rows.title_source.push(a.title.provenance.to_string());
        rows.url.push(a.url.clone());
        rows.path.push(a.origin.path.clone());
        rows.line.push(a.origin.record);
        rows.n_tokens.push(doc.tokens.len() as u64);
        rows.n_sentences.push(doc.sentences.len() as u64);
        let n = doc.tone.len();
        rows.mean_compound.push(if n == 0 { 0.0 } else { doc.tone.iter().sum::<f64>() / n as f64 });
        rows.n_negative.push(doc.tone.iter().filter(|&&c| c <= tone::NEGATIVE_AT).count() as u64);
        rows.n_positive.push(doc.tone.iter().filter(|&&c| c >= tone::POSITIVE_AT).count() as u64);

        let tokens = doc.tokens.iter().map(|t| (t.norm.as_str(), t.acronym));
        self.terms.add(&a.outlet.value, a.group.value.as_deref().unwrap_or(""), tokens)?;

        let offsets = self.category_offsets();
        let mut counts = vec![(0u32, 0u32); self.frames.keys().len()];
        for hit in &doc.hits {
            let count = &mut counts[offsets[hit.lexicon as usize] + hit.category as usize];
            // A negated hit is counted apart, not in the category's rate.
            if hit.negated {
                count.1 += 1;
            } else {
                count.0 += 1;
            }
            self.hits.push(index, hit, doc.sentences[hit.sentence as usize])?;
        }
        self.frames.push(&counts);
        self.add_entities(doc, index)
    }

    /// Start of each lexicon's categories in a flattened per-article count vector; the last entry
    /// is the total number of categories.
    fn category_offsets(&self) -> Vec<usize> {
        let mut offsets = vec![0];
        for lex in self.lexicons {
            offsets.push(offsets.last().unwrap() + lex.categories.len());
        }
        offsets
    }

    pub fn finish(self) -> Result<Tables> {
        let a = self.articles;
        let c = self.claims;
        let claim_statements = FrameBuilder::new("claim_statements")
            .strings(col::CLAIM, c.claim)
            .strings(col::ARTICLE_ID, c.article)
            .strings(col::OUTLET, c.outlet)
            .u64(col::SENTENCE, c.sentence)
            .strings(col::STANCE, c.stance)
            .strings(col::CUE, c.cue)
            .strings(col::SURFACE, c.surface)
            .strings(col::SOURCE, c.source)
            .strings(col::FULL_NAME, c.names.full_name)
            .strings(col::GAZETTEER, c.names.gazetteer)
            .strings(col::SOURCE_TYPE, c.source_type)
            .u64(col::START, c.start)
            .u64(col::END, c.end)
            .strings(col::CONTEXT, c.context)
            .build()?;
        let articles = FrameBuilder::new("articles")
            .str(col::ARTICLE_ID, a.id)
            .str(col::OUTLET, a.outlet)
            .str(col::OUTLET_SOURCE, a.outlet_source)
            .opt_str(col::OUTLET_RAW, a.outlet_raw)
            .opt_str(col::GROUP, a.group)
            .str(col::GROUP_SOURCE, a.group_source)
            .date(col::DATE, a.date)?
            .str(col::DATE_SOURCE, a.date_source)
            .str(col::TITLE, a.title)
            .str(col::TITLE_SOURCE, a.title_source)
            .opt_str(col::URL, a.url)
            .str(col::PATH, a.path)
            .opt_u64(col::LINE, a.line)
            .str(col::LANGUAGE, a.language)
            .u64(col::N_TOKENS, a.n_tokens)
            .u64(col::N_SENTENCES, a.n_sentences)
            .f64(col::MEAN_COMPOUND, a.mean_compound)
            .u64(col::N_NEGATIVE, a.n_negative)
            .u64(col::N_POSITIVE, a.n_positive)
            .build()?;
        Ok(Tables {
            articles,
            terms: self.terms.finish(),
            frames: self.frames,
            hits: self.hits,
            mentions: self.mentions,
            labels: self.labels,
            attributions: self.attributions,
            claim_statements,
        })
    }
}
