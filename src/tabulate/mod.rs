//! Tabulate stage: `Doc`s in, long (tidy) polars `Tables` out. A `Tabulator` aggregates documents
//! as they stream past, so memory grows with vocabulary × outlets and with the number of lexicon
//! hits kept as evidence, not with the corpus text.
//!
//! Tables (columns in `columns`, documented in README.md):
//! - `articles`: one row per accepted article, with the provenance of its metadata and its tone
//!   (mean VADER compound over its sentences, negative and positive sentences);
//! - `terms`: per outlet and term, its count and the number of articles using it;
//! - `frames`: per article and lexicon category, the number of hits (zeros included) and of
//!   negated hits, which are not in `hits`;
//! - `hits`: every lexicon hit, with its byte span and its sentence as key-word-in-context.

pub mod columns;
mod frame;

pub use frame::{FrameBuilder, bools, dates, f64s, strs, u64s, write_table};

use crate::error::Result;
use crate::annotate::tone;
use crate::lexicon::{Lexicon, Matcher};
use crate::model::Doc;
use crate::text::is_stopword;
use chrono::NaiveDate;
use columns as col;
use polars::prelude::DataFrame;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The tables of a study.
pub struct Tables {
    pub articles: DataFrame,
    pub terms: DataFrame,
    pub frames: DataFrame,
    pub hits: DataFrame,
}

impl Tables {
    /// (file stem, frame) for every table, in the order they are written.
    pub fn named_mut(&mut self) -> [(&'static str, &mut DataFrame); 4] {
        [
            ("articles", &mut self.articles),
            ("terms", &mut self.terms),
            ("frames", &mut self.frames),
            ("hits", &mut self.hits),
        ]
    }
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

#[derive(Default)]
struct HitRows {
    article: Vec<String>,
    outlet: Vec<String>,
    lexicon: Vec<String>,
    category: Vec<String>,
    pattern: Vec<String>,
    surface: Vec<String>,
    start: Vec<u64>,
    end: Vec<u64>,
    sentence: Vec<u64>,
    pre: Vec<String>,
    post: Vec<String>,
    negated: Vec<bool>,
}

/// Aggregates documents into tables as they stream past.
pub struct Tabulator<'a> {
    lexicons: &'a [Lexicon],
    matcher: &'a Matcher,
    articles: ArticleRows,
    /// (outlet, group) → term → (count, articles using it)
    terms: BTreeMap<(String, String), HashMap<String, (u64, u64)>>,
    /// per article: (hits, negated hits) per (lexicon, category), flattened in lexicon order
    frame_hits: Vec<Vec<(u64, u64)>>,
    hits: HitRows,
}

impl<'a> Tabulator<'a> {
    pub fn new(lexicons: &'a [Lexicon], matcher: &'a Matcher) -> Self {
        Tabulator {
            lexicons,
            matcher,
            articles: ArticleRows::default(),
            terms: BTreeMap::new(),
            frame_hits: Vec::new(),
            hits: HitRows::default(),
        }
    }

    /// Adds one document. Documents must be added in a fixed order for the tables to be
    /// reproducible.
    pub fn add(&mut self, doc: &Doc) {
        let a = &doc.article;
        let rows = &mut self.articles;
        rows.id.push(a.id.clone());
        rows.outlet.push(a.outlet.value.clone());
        rows.outlet_source.push(a.outlet.provenance.to_string());
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

        let group = a.group.value.clone().unwrap_or_default();
        let outlet_terms = self.terms.entry((a.outlet.value.clone(), group)).or_default();
        let mut seen: HashSet<&str> = HashSet::new();
        for token in &doc.tokens {
            if !is_term(&token.norm, token.acronym) {
                continue;
            }
            let first = seen.insert(token.norm.as_str());
            let entry = match outlet_terms.get_mut(token.norm.as_str()) {
                Some(e) => e,
                None => outlet_terms.entry(token.norm.clone()).or_default(),
            };
            entry.0 += 1;
            entry.1 += u64::from(first);
        }

        let offsets = self.category_offsets();
        let mut counts = vec![(0u64, 0u64); *offsets.last().unwrap_or(&0)];
        for hit in &doc.hits {
            let count = &mut counts[offsets[hit.lexicon as usize] + hit.category as usize];
            // A negated hit is counted apart, not in the category's rate.
            if hit.negated {
                count.1 += 1;
            } else {
                count.0 += 1;
            }
            let lexicon = &self.lexicons[hit.lexicon as usize];
            let sentence = doc.sentences[hit.sentence as usize];
            let h = &mut self.hits;
            h.article.push(a.id.clone());
            h.outlet.push(a.outlet.value.clone());
            h.lexicon.push(lexicon.meta.name.clone());
            h.category.push(lexicon.categories[hit.category as usize].name.clone());
            h.pattern.push(self.matcher.patterns(hit.lexicon)[hit.pattern as usize].1.clone());
            h.surface.push(hit.span.slice(&a.text).to_string());
            h.start.push(hit.span.start as u64);
            h.end.push(hit.span.end as u64);
            h.sentence.push(u64::from(hit.sentence));
            h.pre.push(a.text[sentence.start..hit.span.start].to_string());
            h.post.push(a.text[hit.span.end..sentence.end].to_string());
            h.negated.push(hit.negated);
        }
        self.frame_hits.push(counts);
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
        let frames = {
            let (mut article, mut outlet, mut group, mut lexicon, mut category, mut hits, mut negated, mut tokens) =
                (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
            for (i, counts) in self.frame_hits.iter().enumerate() {
                let mut k = 0;
                for lex in self.lexicons {
                    for cat in &lex.categories {
                        article.push(a.id[i].clone());
                        outlet.push(a.outlet[i].clone());
                        group.push(a.group[i].clone());
                        lexicon.push(lex.meta.name.clone());
                        category.push(cat.name.clone());
                        hits.push(counts[k].0);
                        negated.push(counts[k].1);
                        tokens.push(a.n_tokens[i]);
                        k += 1;
                    }
                }
            }
            FrameBuilder::new("frames")
                .str(col::ARTICLE_ID, article)
                .str(col::OUTLET, outlet)
                .opt_str(col::GROUP, group)
                .str(col::LEXICON, lexicon)
                .str(col::CATEGORY, category)
                .u64(col::HITS, hits)
                .u64(col::NEGATED, negated)
                .u64(col::N_TOKENS, tokens)
                .build()?
        };
        let terms = {
            let (mut outlet, mut group, mut term, mut count, mut doc_freq) = (vec![], vec![], vec![], vec![], vec![]);
            for ((name, g), counts) in self.terms {
                let mut sorted: Vec<(String, (u64, u64))> = counts.into_iter().collect();
                sorted.sort_unstable_by(|x, y| x.0.cmp(&y.0));
                for (t, (c, d)) in sorted {
                    outlet.push(name.clone());
                    group.push((!g.is_empty()).then(|| g.clone()));
                    term.push(t);
                    count.push(c);
                    doc_freq.push(d);
                }
            }
            FrameBuilder::new("terms")
                .str(col::OUTLET, outlet)
                .opt_str(col::GROUP, group)
                .str(col::TERM, term)
                .u64(col::COUNT, count)
                .u64(col::DOC_FREQ, doc_freq)
                .build()?
        };
        let h = self.hits;
        let hits = FrameBuilder::new("hits")
            .str(col::ARTICLE_ID, h.article)
            .str(col::OUTLET, h.outlet)
            .str(col::LEXICON, h.lexicon)
            .str(col::CATEGORY, h.category)
            .str(col::PATTERN, h.pattern)
            .str(col::SURFACE, h.surface)
            .u64(col::START, h.start)
            .u64(col::END, h.end)
            .u64(col::SENTENCE, h.sentence)
            .str(col::PRE, h.pre)
            .str(col::POST, h.post)
            .bool(col::NEGATED, h.negated)
            .build()?;
        let articles = FrameBuilder::new("articles")
            .str(col::ARTICLE_ID, a.id)
            .str(col::OUTLET, a.outlet)
            .str(col::OUTLET_SOURCE, a.outlet_source)
            .opt_str(col::GROUP, a.group)
            .str(col::GROUP_SOURCE, a.group_source)
            .date(col::DATE, a.date)?
            .str(col::DATE_SOURCE, a.date_source)
            .str(col::TITLE, a.title)
            .str(col::TITLE_SOURCE, a.title_source)
            .opt_str(col::URL, a.url)
            .str(col::PATH, a.path)
            .opt_u64(col::LINE, a.line)
            .u64(col::N_TOKENS, a.n_tokens)
            .u64(col::N_SENTENCES, a.n_sentences)
            .f64(col::MEAN_COMPOUND, a.mean_compound)
            .u64(col::N_NEGATIVE, a.n_negative)
            .u64(col::N_POSITIVE, a.n_positive)
            .build()?;
        Ok(Tables { articles, terms, frames, hits })
    }
}

