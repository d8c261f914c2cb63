//! Compare stage: `Tables` and study options in, a `Comparison` out: each outlet's summary, its
//! distinctive terms (weighted log-odds, `log_odds`), its frame rates with bootstrap intervals
//! (`rates`), and the word-choice evidence behind them. Every score keeps its raw counts.

pub mod entities;
pub mod log_odds;
pub mod rates;
pub mod rng;
pub mod stats;

pub use entities::{Entities, compare_entities};
pub use log_odds::{KeyTerm, LogOddsOptions, TermCounts, log_odds};
pub use rates::{BootstrapOptions, OutletHits, Rate, frame_rates};

use crate::error::Result;
use crate::model::Kwic;
use crate::tabulate::{FrameBuilder, Tables, columns as col, dates, strs, u64s};
use chrono::NaiveDate;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Options of the comparisons, recorded in run.json and the report's method section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CompareOptions {
    pub log_odds: LogOddsOptions,
    pub bootstrap: BootstrapOptions,
    /// Outlets with fewer articles than this are described, not used for inference.
    pub min_articles: usize,
    /// How many evidence sentences to keep per outlet and category.
    pub evidence_per_category: usize,
}

/// One outlet of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletSummary {
    pub name: String,
    pub articles: usize,
    pub tokens: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub undated: usize,
    /// How the outlet was known, e.g. "field" or "text-heuristic" (several joined by "+").
    pub provenance: String,
    pub descriptive_only: bool,
}

/// One lexicon category's use in one outlet: its rate and interval, the forms used, and examples.
#[derive(Debug, Clone)]
pub struct CategoryUse {
    pub outlet: String,
    pub lexicon: String,
    pub category: String,
    pub n_articles: usize,
    pub rate: Rate,
    /// (surface form lowercased, count), most used first.
    pub forms: Vec<(String, u64)>,
    pub evidence: Vec<Kwic>,
    pub descriptive_only: bool,
}

/// The outputs of the compare stage.
pub struct Comparison {
    pub outlets: Vec<OutletSummary>,
    pub keyness: Vec<KeyTerm>,
    /// By lexicon, then category (lexicon order), then outlet (sorted).
    pub categories: Vec<CategoryUse>,
    /// Entities across outlets and spellings, their labels, and who each outlet quotes.
    pub entities: Entities,
    pub options: CompareOptions,
}

/// Runs every comparison on the tables.
pub fn compare(tables: &Tables, options: &CompareOptions) -> Result<Comparison> {
    let outlets = summarise_outlets(&tables.articles, options.min_articles)?;
    let keyness = keyness(&tables.terms, &options.log_odds)?;
    let categories = category_uses(tables, &outlets, options)?;
    let entities = compare_entities(tables)?;
    Ok(Comparison { outlets, keyness, categories, entities, options: options.clone() })
}

fn summarise_outlets(articles: &DataFrame, min_articles: usize) -> Result<Vec<OutletSummary>> {
    let t = "articles";
    let outlet = strs(articles, t, col::OUTLET)?;
    let provenance = strs(articles, t, col::OUTLET_SOURCE)?;
    let tokens = u64s(articles, t, col::N_TOKENS)?;
    let date = dates(articles, t, col::DATE)?;
    let mut by_name: BTreeMap<&str, OutletSummary> = BTreeMap::new();
    let mut sources: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for i in 0..outlet.len() {
        let s = by_name.entry(outlet[i]).or_insert_with(|| OutletSummary {
            name: outlet[i].to_string(),
            articles: 0,
            tokens: 0,
            first_date: None,
            last_date: None,
            undated: 0,
            provenance: String::new(),
            descriptive_only: false,
        });
        s.articles += 1;
        s.tokens += tokens[i];
        match date[i] {
            Some(d) => {
                s.first_date = Some(s.first_date.map_or(d, |f| f.min(d)));
                s.last_date = Some(s.last_date.map_or(d, |l| l.max(d)));
            }
            None => s.undated += 1,
        }
        let seen = sources.entry(outlet[i]).or_default();
        if !seen.contains(&provenance[i]) {
            seen.push(provenance[i]);
        }
    }
    Ok(by_name
        .into_iter()
        .map(|(name, mut s)| {
            let mut p = sources.remove(name).unwrap_or_default();
            p.sort_unstable();
            s.provenance = p.join("+");
            s.descriptive_only = s.articles < min_articles;
            s
        })
        .collect())
}

/// Log-odds of every outlet against the rest, with BH q-values over the whole table.
fn keyness(terms: &DataFrame, options: &LogOddsOptions) -> Result<Vec<KeyTerm>> {
    let t = "terms";
    let counts = TermCounts::from_long(&strs(terms, t, col::OUTLET)?, &strs(terms, t, col::TERM)?, &u64s(terms, t, col::COUNT)?);
    let mut rows: Vec<KeyTerm> =
        (0..counts.outlets.len()).into_par_iter().map(|i| log_odds(&counts, i, options)).flatten().collect();
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    for (row, q) in rows.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        row.q = q;
    }
    Ok(rows)
}

fn category_uses(tables: &Tables, outlets: &[OutletSummary], options: &CompareOptions) -> Result<Vec<CategoryUse>> {
    // Per outlet, per article: tokens and hits per category, from the long frames table.
    let t = "frames";
    let f = &tables.frames;
    let (article, outlet, lexicon, category) =
        (strs(f, t, col::ARTICLE_ID)?, strs(f, t, col::OUTLET)?, strs(f, t, col::LEXICON)?, strs(f, t, col::CATEGORY)?);
    let (hits, tokens) = (u64s(f, t, col::HITS)?, u64s(f, t, col::N_TOKENS)?);
    let mut keys: Vec<(&str, &str)> = Vec::new();
    let mut key_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut per_outlet: BTreeMap<&str, (OutletHits, HashMap<&str, usize>)> = BTreeMap::new();
    for i in 0..article.len() {
        let k = *key_index.entry((lexicon[i], category[i])).or_insert_with(|| {
            keys.push((lexicon[i], category[i]));
            keys.len() - 1
        });
        let (o, articles) = per_outlet.entry(outlet[i]).or_insert_with(|| {
            (OutletHits { outlet: outlet[i].to_string(), ..Default::default() }, HashMap::new())
        });
        let a = *articles.entry(article[i]).or_insert_with(|| {
            o.tokens.push(tokens[i]);
            o.hits.iter_mut().for_each(|h| h.push(0));
            o.tokens.len() - 1
        });
        while o.hits.len() <= k {
            o.hits.push(vec![0; o.tokens.len()]);
        }
        o.hits[k][a] += hits[i];
    }
    for (o, _) in per_outlet.values_mut() {
        let n = o.tokens.len();
        o.hits.resize(keys.len(), vec![0; n]);
    }
    let rates: BTreeMap<&str, Vec<Rate>> =
        per_outlet.par_iter().map(|(name, (o, _))| (*name, frame_rates(o, &options.bootstrap))).collect();

    // Forms and evidence from the hits table.
    let t = "hits";
    let h = &tables.hits;
    let (h_outlet, h_lexicon, h_category, h_surface, h_pre, h_post, h_article) = (
        strs(h, t, col::OUTLET)?,
        strs(h, t, col::LEXICON)?,
        strs(h, t, col::CATEGORY)?,
        strs(h, t, col::SURFACE)?,
        strs(h, t, col::PRE)?,
        strs(h, t, col::POST)?,
        strs(h, t, col::ARTICLE_ID)?,
    );
    let mut grouped: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for i in 0..h_outlet.len() {
        grouped.entry((h_lexicon[i], h_category[i], h_outlet[i])).or_default().push(i);
    }

    let mut out = Vec::new();
    for &(lex, cat) in &keys {
        for summary in outlets {
            let Some((o, _)) = per_outlet.get(summary.name.as_str()) else { continue };
            let rate = rates[summary.name.as_str()][key_index[&(lex, cat)]].clone();
            let rows = grouped.get(&(lex, cat, summary.name.as_str())).map(Vec::as_slice).unwrap_or(&[]);
            let mut form_counts: BTreeMap<String, (u64, usize)> = BTreeMap::new();
            for &i in rows {
                let e = form_counts.entry(h_surface[i].to_lowercase()).or_insert((0, i));
                e.0 += 1;
            }
            let mut forms: Vec<(String, u64, usize)> = form_counts.into_iter().map(|(f, (c, first))| (f, c, first)).collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            // Evidence: the first example of each form (most used first), then more in corpus order.
            let mut chosen: Vec<usize> = forms.iter().map(|f| f.2).take(options.evidence_per_category).collect();
            for &i in rows {
                if chosen.len() >= options.evidence_per_category {
                    break;
                }
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            let evidence = chosen
                .into_iter()
                .map(|i| Kwic {
                    article_id: h_article[i].to_string(),
                    outlet: h_outlet[i].to_string(),
                    pre: h_pre[i].to_string(),
                    keyword: h_surface[i].to_string(),
                    post: h_post[i].to_string(),
                })
                .collect();
            out.push(CategoryUse {
                outlet: summary.name.clone(),
                lexicon: lex.to_string(),
                category: cat.to_string(),
                n_articles: o.tokens.len(),
                rate,
                forms: forms.into_iter().map(|(f, c, _)| (f, c)).collect(),
                evidence,
                descriptive_only: summary.descriptive_only,
            });
        }
    }
    Ok(out)
}

impl Comparison {
    /// The comparison's tables: `keyness` and `frame_rates`.
    pub fn tables(&self) -> Result<Vec<(&'static str, DataFrame)>> {
        let k = &self.keyness;
        let keyness = FrameBuilder::new("keyness")
            .str(col::OUTLET, k.iter().map(|r| r.outlet.clone()).collect())
            .str(col::TERM, k.iter().map(|r| r.term.clone()).collect())
            .u64(col::COUNT, k.iter().map(|r| r.count).collect())
            .u64(col::COUNT_REST, k.iter().map(|r| r.count_rest).collect())
            .u64(col::TOTAL, k.iter().map(|r| r.total).collect())
            .u64(col::TOTAL_REST, k.iter().map(|r| r.total_rest).collect())
            .f64(col::DELTA, k.iter().map(|r| r.delta).collect())
            .f64(col::SE, k.iter().map(|r| r.se).collect())
            .f64(col::Z, k.iter().map(|r| r.z).collect())
            .f64(col::P, k.iter().map(|r| r.p).collect())
            .f64(col::Q, k.iter().map(|r| r.q).collect())
            .build()?;
        let c = &self.categories;
        let frame_rates = FrameBuilder::new("frame_rates")
            .str(col::OUTLET, c.iter().map(|r| r.outlet.clone()).collect())
            .str(col::LEXICON, c.iter().map(|r| r.lexicon.clone()).collect())
            .str(col::CATEGORY, c.iter().map(|r| r.category.clone()).collect())
            .u64(col::N_ARTICLES, c.iter().map(|r| r.n_articles as u64).collect())
            .u64(col::HITS, c.iter().map(|r| r.rate.hits).collect())
            .u64(col::N_TOKENS, c.iter().map(|r| r.rate.tokens).collect())
            .f64(col::RATE_PER_1000, c.iter().map(|r| r.rate.rate).collect())
            .f64(col::CI_LOW, c.iter().map(|r| r.rate.ci_low).collect())
            .f64(col::CI_HIGH, c.iter().map(|r| r.rate.ci_high).collect())
            .bool(col::DESCRIPTIVE_ONLY, c.iter().map(|r| r.descriptive_only).collect())
            .build()?;
        let e = &self.entities;
        let rows: Vec<(&entities::Entity, &(String, String), &u64)> =
            e.entities.iter().flat_map(|x| x.names.iter().map(move |(k, n)| (x, k, n))).collect();
        let entity_table = FrameBuilder::new("entities")
            .str(col::ENTITY, rows.iter().map(|r| r.0.name.clone()).collect())
            .str(col::ENTITY_KIND, rows.iter().map(|r| r.0.kind.clone()).collect())
            .str(col::OUTLET, rows.iter().map(|r| r.1.0.clone()).collect())
            .str(col::NAME, rows.iter().map(|r| r.1.1.clone()).collect())
            .u64(col::MENTIONS, rows.iter().map(|r| *r.2).collect())
            .build()?;
        let l = &e.labels;
        let labels = FrameBuilder::new("labels")
            .str(col::ENTITY, l.iter().map(|r| r.entity.clone()).collect())
            .str(col::OUTLET, l.iter().map(|r| r.outlet.clone()).collect())
            .str(col::LABEL, l.iter().map(|r| r.label.clone()).collect())
            .str(col::KIND, l.iter().map(|r| r.kind.clone()).collect())
            .u64(col::COUNT, l.iter().map(|r| r.count).collect())
            .str(col::ARTICLE_ID, l.iter().map(|r| r.article_id.clone()).collect())
            .str(col::CONTEXT, l.iter().map(|r| r.context.clone()).collect())
            .build()?;
        let s = &e.sources;
        let sources = FrameBuilder::new("sources")
            .str(col::ARTICLE_ID, s.iter().map(|r| r.article_id.clone()).collect())
            .str(col::OUTLET, s.iter().map(|r| r.outlet.clone()).collect())
            .str(col::SOURCE, s.iter().map(|r| r.source.clone()).collect())
            .str(col::SOURCE_TYPE, s.iter().map(|r| r.source_type.clone()).collect())
            .str(col::ENTITY, s.iter().map(|r| r.entity.clone()).collect())
            .str(col::VERB, s.iter().map(|r| r.verb.clone()).collect())
            .str(col::STANCE, s.iter().map(|r| r.stance.clone()).collect())
            .str(col::QUOTE, s.iter().map(|r| r.quote.clone()).collect())
            .bool(col::QUOTED, s.iter().map(|r| r.quoted).collect())
            .u64(col::START, s.iter().map(|r| r.start).collect())
            .u64(col::END, s.iter().map(|r| r.end).collect())
            .u64(col::SENTENCE, s.iter().map(|r| r.sentence).collect())
            .str(col::CONTEXT, s.iter().map(|r| r.context.clone()).collect())
            .build()?;
        let p = &e.sourcing;
        let (mut outlet, mut ty, mut count, mut share) = (vec![], vec![], vec![], vec![]);
        for o in p {
            for (k, t) in crate::model::SourceType::ALL.iter().enumerate() {
                outlet.push(o.outlet.clone());
                ty.push(t.as_str().to_string());
                count.push(o.counts[k]);
                share.push(if o.total() > 0 { o.counts[k] as f64 / o.total() as f64 } else { 0.0 });
            }
        }
        let sourcing = FrameBuilder::new("sourcing")
            .str(col::OUTLET, outlet)
            .str(col::SOURCE_TYPE, ty)
            .u64(col::COUNT, count)
            .f64(col::SHARE, share)
            .build()?;
        Ok(vec![
            ("keyness", keyness),
            ("frame_rates", frame_rates),
            ("entities", entity_table),
            ("labels", labels),
            ("sources", sources),
            ("sourcing", sourcing),
        ])
    }
}
