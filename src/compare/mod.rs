//! Compare stage: `Tables` and study options in, a `Comparison` out: each outlet's (and group's)
//! summary; keyness for every contrast (each outlet against the rest, chosen pairs, group against
//! group); frame rates with bootstrap intervals; permutation tests of frame differences for pairs;
//! Jensen–Shannon similarity of outlets; a timeline. Every score keeps its raw counts.

pub mod association;
pub mod claims;
pub mod keyness;
pub mod entities;
pub mod log_odds;
pub mod permutation;
pub mod rates;
pub mod rng;
pub mod similarity;
pub mod stats;
pub mod timeline;
pub mod tone;

pub use association::Correction;
pub use keyness::{KeyTerm, Keyness, KeynessOptions, Measure, TermCounts, keyness};
pub use rates::{BootstrapOptions, Rate, UnitHits, frame_rates, per_thousand};
pub use tone::{OutletArticles, OutletTone, outlet_tone};
pub use entities::{Entities, compare_entities};

use crate::error::{Error, Result};
use crate::model::Kwic;
use crate::spill::Analysed;
use crate::study::{Bucket, Contrast, Side};
use crate::tabulate::{CHUNK_ROWS, FrameBuilder, HitRow, Hits, Interner, TableDir, Tables, columns as col, dates, f64s, strs, u64s, write_in_chunks, write_table};
use chrono::NaiveDate;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use crate::hash::HashMap;

/// Options of the comparisons, recorded in run.json and the report's method section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CompareOptions {
    pub keyness: KeynessOptions,
    pub bootstrap: BootstrapOptions,
    /// Relabellings in each permutation test.
    pub permutations: usize,
    /// Pairwise contrasts besides each outlet against the rest.
    pub contrasts: Vec<Contrast>,
    pub bucket: Bucket,
    /// Outlets with fewer articles than this are described, not used for inference.
    pub min_articles: usize,
    /// How many evidence sentences to keep per outlet and category.
    pub evidence_per_category: usize,
    /// The similarity matrix covers at most this many outlets (those with the most articles).
    pub similarity_outlets: usize,
    /// Term frequencies of a background corpus for the log-odds prior (`--prior-file`); the
    /// corpus's own frequencies when absent.
    #[serde(skip)]
    pub background: Option<std::sync::Arc<BTreeMap<String, u64>>>,
    /// Claims the study names: name → patterns (lexicon pattern syntax).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub claims: BTreeMap<String, Vec<String>>,
}

/// Whether a row is about an outlet or a group of outlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Outlet,
    Group,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Outlet => "outlet",
            Level::Group => "group",
        }
    }
}

/// One outlet or group of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    pub level: Level,
    pub name: String,
    pub articles: usize,
    pub tokens: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub undated: usize,
    /// How the outlet (or group) was known, e.g. "field" or "text-heuristic" (several joined by "+").
    pub provenance: String,
    pub descriptive_only: bool,
}

/// One lexicon category's use in one outlet or group: its rate and interval, the forms used, and
/// examples.
#[derive(Debug, Clone)]
pub struct CategoryUse {
    pub level: Level,
    pub unit: String,
    pub lexicon: String,
    pub category: String,
    pub n_articles: usize,
    pub rate: Rate,
    /// (surface form lowercased, count), most used first.
    pub forms: Vec<(String, u64)>,
    pub evidence: Vec<Kwic>,
    pub descriptive_only: bool,
}

/// A permutation test of one category's rate between the two sides of a pairwise contrast.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameTest {
    pub contrast: String,
    pub lexicon: String,
    pub category: String,
    pub n_articles: usize,
    pub n_articles_ref: usize,
    pub rate: f64,
    pub rate_ref: f64,
    pub diff: f64,
    pub p: f64,
    /// Benjamini–Hochberg over the contrast's categories.
    pub q: f64,
}

/// Jensen–Shannon divergences between outlets, ordered by clustering.
#[derive(Debug, Clone, Default)]
pub struct Similarity {
    /// Outlets in clustering order.
    pub outlets: Vec<String>,
    /// Term distributions: `terms[a][b]` in bits.
    pub terms: Vec<Vec<f64>>,
    /// Distributions of lexicon hits over categories.
    pub frames: Vec<Vec<f64>>,
    /// Outlets left out (the matrix covers those with the most articles).
    pub left_out: usize,
}

/// One outlet's articles and frame hits in one time bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub outlet: String,
    pub bucket: NaiveDate,
    pub n_articles: usize,
    pub lexicon: String,
    pub category: String,
    pub hits: u64,
    pub tokens: u64,
}

/// The outputs of the compare stage.
#[derive(Clone)]
pub struct Comparison {
    /// The outlets compared (in a report view, those shown).
    pub outlets: Vec<UnitSummary>,
    /// Every outlet of the corpus, also in a report view.
    pub all_outlets: Vec<UnitSummary>,
    pub groups: Vec<UnitSummary>,
    /// Every contrast run: each outlet against the rest, then the pairwise ones.
    pub contrasts: Vec<Contrast>,
    /// One per contrast, in `contrasts` order.
    pub keyness: Vec<Keyness>,
    /// By lexicon, then category (lexicon order), then outlets (sorted) and groups (sorted).
    pub categories: Vec<CategoryUse>,
    pub frame_tests: Vec<FrameTest>,
    pub similarity: Similarity,
    pub timeline: Vec<TimelineRow>,
    /// The bucket used (after resolving `auto`).
    pub bucket: Bucket,
    /// Tone per outlet (sorted by outlet).
    pub tone: Vec<OutletTone>,
    /// Entities across outlets and spellings, their labels, and who each outlet quotes.
    pub entities: Entities,
    pub options: CompareOptions,
}

/// Per-article data read back from the tables.
struct Corpus<'a> {
    outlet: Vec<&'a str>,
    group: Vec<&'a str>,
    date: Vec<Option<NaiveDate>>,
    tokens: Vec<u64>,
    /// (lexicon, category) in lexicon order.
    keys: Vec<(&'a str, &'a str)>,
    /// `hits[key][article]`
    hits: Vec<Vec<u64>>,
}

impl<'a> Corpus<'a> {
    fn read(tables: &'a Tables) -> Result<Corpus<'a>> {
        let counts = &tables.frames;
        let n = counts.articles();
        if n != tables.articles.height() {
            return Err(Error::Input(format!("frames: counts for {n} articles, a study of {}", tables.articles.height())));
        }
        let keys: Vec<(&str, &str)> = counts.keys().iter().map(|(l, c)| (l.as_str(), c.as_str())).collect();
        let matrix: Vec<Vec<u64>> = (0..keys.len()).map(|k| (0..n).map(|a| u64::from(counts.get(a, k).0)).collect()).collect();
        let (a, t) = (&tables.articles, "articles");
        Ok(Corpus {
            outlet: strs(a, t, col::OUTLET)?,
            group: strs(a, t, col::GROUP)?,
            date: dates(a, t, col::DATE)?,
            tokens: u64s(a, t, col::N_TOKENS)?,
            keys,
            hits: matrix,
        })
    }

    fn members(&self, side: &Side) -> Vec<usize> {
        (0..self.outlet.len())
            .filter(|&i| match side {
                Side::Outlet(o) => self.outlet[i] == o,
                Side::Group(g) => self.group[i] == g,
                Side::Rest => false,
            })
            .collect()
    }

    fn unit_hits(&self, name: &str, members: &[usize]) -> UnitHits {
        UnitHits {
            name: name.to_string(),
            tokens: members.iter().map(|&i| self.tokens[i]).collect(),
            hits: self.hits.iter().map(|h| members.iter().map(|&i| h[i]).collect()).collect(),
        }
    }
}

/// Runs every comparison on the tables; `articles` are the study's analysed articles, in the
/// order of the `articles` table, whose texts the evidence is taken from.
pub fn compare(tables: &Tables, articles: &Analysed, options: &CompareOptions) -> Result<Comparison> {
    if articles.len() != tables.articles.height() {
        return Err(Error::Input(format!(
            "compare: {} texts for a study of {} articles",
            articles.len(),
            tables.articles.height()
        )));
    }
    let corpus = Corpus::read(tables)?;
    let outlets = summarise(tables, Level::Outlet, options.min_articles)?;
    let groups = summarise(tables, Level::Group, options.min_articles)?;
    for contrast in &options.contrasts {
        for side in [&contrast.target, &contrast.reference] {
            let known = match side {
                Side::Outlet(o) => outlets.iter().any(|u| u.name == *o),
                Side::Group(g) => groups.iter().any(|u| u.name == *g),
                Side::Rest => true,
            };
            if !known {
                let names: Vec<&str> = match side {
                    Side::Group(_) => groups.iter().map(|u| u.name.as_str()).collect(),
                    _ => outlets.iter().map(|u| u.name.as_str()).collect(),
                };
                return Err(Error::Input(format!(
                    "comparison {:?}: {side} has no articles (known: {})",
                    contrast.label(),
                    if names.is_empty() { "none".to_string() } else { names.join(", ") }
                )));
            }
        }
    }
    let mut contrasts: Vec<Contrast> = outlets.iter().map(|o| Contrast::vs_rest(&o.name)).collect();
    contrasts.extend(options.contrasts.iter().cloned());

    let side_articles = |side: &Side| -> u64 {
        let list = match side {
            Side::Outlet(o) => outlets.iter().find(|u| u.name == *o),
            Side::Group(g) => groups.iter().find(|u| u.name == *g),
            Side::Rest => None,
        };
        list.map_or(0, |u| u.articles as u64)
    };
    let sized: Vec<(Contrast, u64)> = contrasts.iter().map(|c| (c.clone(), side_articles(&c.target))).collect();
    // The entity comparison reads only the entity tables and runs mostly on one thread (about half
    // of the stage on a large corpus), so it runs beside the frame comparisons. Keyness, which
    // uses both threads, runs after it: its rows side by side with the entity comparison's
    // working set added about 80 MB to the full ABP run's peak.
    let (entities, rest) = rayon::join(
        || compare_entities(tables, articles),
        || -> Result<_> {
            let categories = category_uses(&tables.hits, articles, &corpus, &outlets, &groups, options)?;
            let frame_tests = frame_tests(&corpus, &options.contrasts, options);
            let similarity = similarity(tables, &corpus, &outlets, options.similarity_outlets)?;
            let tone = tones(&tables.articles, &options.bootstrap)?;
            Ok((categories, frame_tests, similarity, tone))
        },
    );
    // The frame comparisons' error first, then the entities', then keyness's.
    let (categories, frame_tests, similarity, tone) = rest?;
    let entities = entities?;
    let keyness = keyness_table(tables, &sized, options)?;
    let first = outlets.iter().filter_map(|o| o.first_date).min();
    let last = outlets.iter().filter_map(|o| o.last_date).max();
    let bucket = timeline::resolve(options.bucket, first, last);
    let timeline = timeline_rows(&corpus, bucket);
    Ok(Comparison {
        all_outlets: outlets.clone(),
        outlets,
        groups,
        contrasts,
        keyness,
        categories,
        frame_tests,
        similarity,
        timeline,
        bucket,
        tone,
        entities,
        options: options.clone(),
    })
}

/// Each outlet's tone from the per-article tone columns of the articles table.
fn tones(articles: &DataFrame, bootstrap: &BootstrapOptions) -> Result<Vec<OutletTone>> {
    let t = "articles";
    let outlet = strs(articles, t, col::OUTLET)?;
    let mean = f64s(articles, t, col::MEAN_COMPOUND)?;
    let (sentences, negative, positive) =
        (u64s(articles, t, col::N_SENTENCES)?, u64s(articles, t, col::N_NEGATIVE)?, u64s(articles, t, col::N_POSITIVE)?);
    let mut by_outlet: BTreeMap<&str, OutletArticles> = BTreeMap::new();
    for i in 0..outlet.len() {
        let a = by_outlet.entry(outlet[i]).or_insert_with(|| OutletArticles { outlet: outlet[i].to_string(), ..Default::default() });
        a.mean_compound.push(mean[i]);
        a.n_sentences.push(sentences[i]);
        a.n_negative.push(negative[i]);
        a.n_positive.push(positive[i]);
    }
    Ok(by_outlet.values().collect::<Vec<_>>().par_iter().map(|a| outlet_tone(a, bootstrap)).collect())
}

fn summarise(tables: &Tables, level: Level, min_articles: usize) -> Result<Vec<UnitSummary>> {
    let (a, t) = (&tables.articles, "articles");
    let (name, provenance) = match level {
        Level::Outlet => (strs(a, t, col::OUTLET)?, strs(a, t, col::OUTLET_SOURCE)?),
        Level::Group => (strs(a, t, col::GROUP)?, strs(a, t, col::GROUP_SOURCE)?),
    };
    let tokens = u64s(a, t, col::N_TOKENS)?;
    let date = dates(a, t, col::DATE)?;
    let mut by_name: BTreeMap<&str, (UnitSummary, Vec<&str>)> = BTreeMap::new();
    for i in 0..name.len() {
        if name[i].is_empty() {
            continue; // no group
        }
        let (s, sources) = by_name.entry(name[i]).or_insert_with(|| {
            let s = UnitSummary {
                level,
                name: name[i].to_string(),
                articles: 0,
                tokens: 0,
                first_date: None,
                last_date: None,
                undated: 0,
                provenance: String::new(),
                descriptive_only: false,
            };
            (s, Vec::new())
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
        if !sources.contains(&provenance[i]) {
            sources.push(provenance[i]);
        }
    }
    Ok(by_name
        .into_values()
        .map(|(mut s, mut sources)| {
            sources.sort_unstable();
            s.provenance = sources.join("+");
            s.descriptive_only = s.articles < min_articles;
            s
        })
        .collect())
}

/// Keyness of every contrast, with BH q-values over the whole table.
fn keyness_table(tables: &Tables, contrasts: &[(Contrast, u64)], options: &CompareOptions) -> Result<Vec<Keyness>> {
    // A background list replaces the corpus's own prior: a copy of the counts with it.
    let with_background;
    let counts = match &options.background {
        Some(background) => {
            with_background = tables.terms.clone().with_background(background);
            &with_background
        }
        None => &tables.terms,
    };
    let k = &options.keyness;
    let mut scored: Vec<Keyness> = contrasts.par_iter().map(|(c, n)| keyness(counts, c, k, *n)).collect();
    let p: Vec<f64> = scored.iter().flat_map(|s| &s.terms).map(|r| r.p).collect();
    for (row, q) in scored.iter_mut().flat_map(|s| &mut s.terms).zip(stats::benjamini_hochberg(&p)) {
        row.q = q;
    }
    Ok(scored)
}

fn category_uses(
    hits: &Hits,
    articles: &Analysed,
    corpus: &Corpus,
    outlets: &[UnitSummary],
    groups: &[UnitSummary],
    options: &CompareOptions,
) -> Result<Vec<CategoryUse>> {
    let units: Vec<&UnitSummary> = outlets.iter().chain(groups).collect();
    // The forms' tally, which streams the hits on one thread, beside the units' bootstraps. It
    // goes first: the entity comparison holds the other thread, and a tally left for later ran
    // alone at the end (a quarter of the comparison's time at a million articles). The units are
    // bootstrapped largest first, so that none is left to run alone at the end either.
    let mut largest_first: Vec<usize> = (0..units.len()).collect();
    largest_first.sort_by_key(|&u| std::cmp::Reverse(units[u].articles));
    let (tallies, rated) = rayon::join(
        // Forms and evidence from the hits, by (lexicon, category) and outlet or group, tallied as
        // the hits stream past with their texts.
        || tally_forms(hits, articles, corpus, &units, options.evidence_per_category),
        || {
            largest_first
                .par_iter()
                .map(|&u| {
                    let side = match units[u].level {
                        Level::Outlet => Side::Outlet(units[u].name.clone()),
                        Level::Group => Side::Group(units[u].name.clone()),
                    };
                    // Groups' random streams are keyed apart from outlets' of the same name.
                    let key = format!("{}:{}", units[u].level.as_str(), units[u].name);
                    (u, frame_rates(&corpus.unit_hits(&key, &corpus.members(&side)), &options.bootstrap))
                })
                .collect::<Vec<_>>()
        },
    );
    let tallies = tallies?;
    let mut rates: Vec<Vec<Rate>> = vec![Vec::new(); units.len()];
    for (u, unit_rates) in rated {
        rates[u] = unit_rates;
    }
    let mut out = Vec::new();
    for (k, &(lex, cat)) in corpus.keys.iter().enumerate() {
        for (u, unit) in units.iter().enumerate() {
            let tally = &tallies.units[u * corpus.keys.len() + k];
            let mut forms: Vec<(&str, u64, usize)> = tally.forms.iter().map(|(&f, &(c, first))| (tallies.forms.get(f), c, first)).collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            // Evidence: the first example of each form (most used first), then more in corpus order.
            let mut chosen: Vec<usize> = forms.iter().map(|f| f.2).take(options.evidence_per_category).collect();
            for &i in &tally.first {
                if chosen.len() >= options.evidence_per_category {
                    break;
                }
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            let evidence = chosen.into_iter().map(|i| hit_context(&hits.rows.get(i)?, articles)).collect::<Result<_>>()?;
            out.push(CategoryUse {
                level: unit.level,
                unit: unit.name.clone(),
                lexicon: lex.to_string(),
                category: cat.to_string(),
                n_articles: unit.articles,
                rate: rates[u][k].clone(),
                forms: forms.into_iter().map(|(f, c, _)| (f.to_string(), c)).collect(),
                evidence,
                descriptive_only: unit.descriptive_only,
            });
        }
    }
    Ok(out)
}

/// The counted hits of one category in one outlet or group, as `tally_forms` keeps them.
#[derive(Debug, Default)]
struct FormTally {
    /// Form (index into `FormTallies::forms`) → (hits, its first hit's row).
    forms: HashMap<u32, (u64, usize)>,
    /// The rows of the first hits, in corpus order, as many as evidence may need.
    first: Vec<usize>,
}

struct FormTallies {
    /// The hits' words, lowercased.
    forms: Interner,
    /// Per unit (outlet or group, in the order given) and category (`Corpus::keys` order).
    units: Vec<FormTally>,
}

/// Tallies each counted hit's form (its words, lowercased) by category and unit, reading the
/// texts from the spill a batch of articles at a time (the hits are in article order). What is
/// kept is per (category, unit, form), not per hit: a list of hits per category and unit, and a
/// form per hit, were 110 MB of the full ABP comparison. Negated hits are not counted, so they
/// are neither forms nor evidence of their category.
fn tally_forms(hits: &Hits, articles: &Analysed, corpus: &Corpus, units: &[&UnitSummary], evidence: usize) -> Result<FormTallies> {
    let n_keys = corpus.keys.len();
    // Each hit's (lexicon, category) indices → its key's place, a table looked up per hit where
    // a map keyed by the two names hashed both strings for each of the hundred million hits of a
    // million-article study.
    let key_of_names: HashMap<(&str, &str), usize> = corpus.keys.iter().enumerate().map(|(k, &key)| (key, k)).collect();
    let key_of: Vec<Vec<Option<usize>>> = (hits.names.lexicons.iter().zip(&hits.names.categories))
        .map(|(lexicon, categories)| categories.iter().map(|c| key_of_names.get(&(lexicon.as_str(), c.as_str())).copied()).collect())
        .collect();
    let unit_of: HashMap<(Level, &str), usize> = units.iter().enumerate().map(|(u, unit)| ((unit.level, unit.name.as_str()), u)).collect();
    let mut out = FormTallies { forms: Interner::default(), units: (0..units.len() * n_keys).map(|_| FormTally::default()).collect() };
    let mut texts = articles.texts.cursor();
    let mut article = None;
    let mut sides: [Option<usize>; 2] = [None, None];
    let mut lower = String::new();
    hits.rows.for_each_chunk(|first, chunk| {
        for (i, hit) in (first..).zip(chunk) {
            let Some(k) = key_of[hit.lexicon as usize][hit.category as usize].filter(|_| !hit.negated) else {
                continue;
            };
            let a = hit.article as usize;
            if article != Some(a) {
                article = Some(a);
                let outlet = articles.articles.get(a).map_or("", |r| r.outlet.value.as_str());
                sides = [unit_of.get(&(Level::Outlet, outlet)).copied(), unit_of.get(&(Level::Group, corpus.group[a])).copied()];
            }
            crate::text::lowercase_into(hit.surface(texts.text(a)?), &mut lower);
            let form = out.forms.intern(&lower);
            for u in sides.iter().flatten() {
                let tally = &mut out.units[u * n_keys + k];
                tally.forms.entry(form).or_insert((0, i)).0 += 1;
                if tally.first.len() < evidence {
                    tally.first.push(i);
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// A hit in its sentence, its article's text read from the spill.
fn hit_context(hit: &HitRow, articles: &Analysed) -> Result<Kwic> {
    let a = hit.article as usize;
    let batch = articles.texts.read(a..a + 1)?;
    let (record, text) = (&articles.articles[a], batch.get(a));
    Ok(Kwic {
        article_id: record.id.clone(),
        outlet: record.outlet.value.clone(),
        pre: hit.pre(text).to_string(),
        keyword: hit.surface(text).to_string(),
        post: hit.post(text).to_string(),
    })
}

fn frame_tests(corpus: &Corpus, contrasts: &[Contrast], options: &CompareOptions) -> Vec<FrameTest> {
    contrasts
        .par_iter()
        .map(|contrast| {
            let label = contrast.label();
            let (a, b) = (corpus.members(&contrast.target), corpus.members(&contrast.reference));
            let diffs = permutation::permutation_test(
                &corpus.unit_hits("", &a),
                &corpus.unit_hits("", &b),
                options.permutations,
                options.bootstrap.seed,
                &label,
            );
            let q = stats::benjamini_hochberg(&diffs.iter().map(|d| d.p).collect::<Vec<_>>());
            diffs
                .iter()
                .zip(q)
                .zip(&corpus.keys)
                .map(|((d, q), (lex, cat))| FrameTest {
                    contrast: label.clone(),
                    lexicon: lex.to_string(),
                    category: cat.to_string(),
                    n_articles: a.len(),
                    n_articles_ref: b.len(),
                    rate: d.rate_target,
                    rate_ref: d.rate_reference,
                    diff: d.diff,
                    p: d.p,
                    q,
                })
                .collect::<Vec<_>>()
        })
        .flatten()
        .collect()
}

fn similarity(tables: &Tables, corpus: &Corpus, outlets: &[UnitSummary], max: usize) -> Result<Similarity> {
    // The outlets with the most articles (ties by name), so the matrix stays readable and cheap.
    let mut chosen: Vec<&UnitSummary> = outlets.iter().collect();
    chosen.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
    chosen.truncate(max);
    chosen.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = chosen.iter().map(|o| o.name.as_str()).collect();

    let counts = &tables.terms;
    let term_dists: Vec<Vec<(u32, f64)>> = names
        .iter()
        .map(|name| {
            let mut merged: BTreeMap<u32, f64> = BTreeMap::new();
            for cell in counts.cells.iter().filter(|c| c.outlet == *name) {
                for &(t, c) in &cell.counts {
                    *merged.entry(t).or_default() += c as f64;
                }
            }
            merged.into_iter().collect()
        })
        .collect();
    let frame_dists: Vec<Vec<(u32, f64)>> = names
        .iter()
        .map(|name| {
            let members = corpus.members(&Side::Outlet(name.to_string()));
            corpus.hits.iter().enumerate().map(|(k, h)| (k as u32, members.iter().map(|&i| h[i] as f64).sum())).collect()
        })
        .collect();
    let matrix = |dists: &[Vec<(u32, f64)>]| -> Vec<Vec<f64>> {
        (0..dists.len()).into_par_iter().map(|a| (0..dists.len()).map(|b| similarity::jsd(&dists[a], &dists[b])).collect()).collect()
    };
    let (term_m, frame_m) = (matrix(&term_dists), matrix(&frame_dists));
    let order = similarity::cluster_order(&term_m);
    let reorder = |m: &[Vec<f64>]| -> Vec<Vec<f64>> { order.iter().map(|&a| order.iter().map(|&b| m[a][b]).collect()).collect() };
    Ok(Similarity {
        outlets: order.iter().map(|&i| names[i].to_string()).collect(),
        terms: reorder(&term_m),
        frames: reorder(&frame_m),
        left_out: outlets.len() - names.len(),
    })
}

fn timeline_rows(corpus: &Corpus, bucket: Bucket) -> Vec<TimelineRow> {
    // (outlet, bucket) → (articles, tokens, hits per key)
    let mut cells: BTreeMap<(&str, NaiveDate), (usize, u64, Vec<u64>)> = BTreeMap::new();
    for i in 0..corpus.outlet.len() {
        let Some(date) = corpus.date[i] else { continue };
        let cell = cells
            .entry((corpus.outlet[i], timeline::bucket_start(date, bucket)))
            .or_insert_with(|| (0, 0, vec![0; corpus.keys.len()]));
        cell.0 += 1;
        cell.1 += corpus.tokens[i];
        for (k, h) in corpus.hits.iter().enumerate() {
            cell.2[k] += h[i];
        }
    }
    let mut rows = Vec::new();
    for ((outlet, start), (n, tokens, hits)) in cells {
        for ((lex, cat), h) in corpus.keys.iter().zip(hits) {
            rows.push(TimelineRow {
                outlet: outlet.to_string(),
                bucket: start,
                n_articles: n,
                lexicon: lex.to_string(),
                category: cat.to_string(),
                hits: h,
                tokens,
            });
        }
    }
    rows
}

impl Comparison {
    /// The comparison as a report shows it: limited to the `max_outlets` outlets with the most
    /// articles (ties by name), with everything about other outlets left out, so that a corpus of
    /// hundreds of outlets gives a report a person can read. The tables keep every outlet, so they
    /// are written before the comparison becomes its view, in place: a copy of its keyness rows
    /// and entities would add to the run's peak memory. Of the entities it keeps the spellings
    /// and tone of those the report shows (`entities::reported`), and none of the tables already
    /// written (`label_table`, `source_entities`), which would otherwise be held through the
    /// evidence pass.
    pub fn into_view(mut self, max_outlets: usize) -> Comparison {
        self.entities.keep_reported();
        if self.outlets.len() <= max_outlets {
            return self;
        }
        let mut ranked: Vec<&UnitSummary> = self.outlets.iter().collect();
        ranked.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
        let shown: std::collections::BTreeSet<String> = ranked.iter().take(max_outlets).map(|o| o.name.clone()).collect();
        let keep = |name: &str| shown.contains(name);
        self.contrasts.retain(|c| c.is_pairwise() || matches!(&c.target, Side::Outlet(o) if keep(o)));
        let labels: std::collections::BTreeSet<String> = self.contrasts.iter().map(Contrast::label).collect();
        self.entities.labels.retain(|l| keep(&l.outlet));
        self.entities.sourcing.retain(|s| keep(&s.outlet));
        self.outlets.retain(|o| keep(&o.name));
        self.keyness.retain(|k| labels.contains(&k.contrast));
        self.categories.retain(|u| u.level == Level::Group || keep(&u.unit));
        self.timeline.retain(|r| keep(&r.outlet));
        self.tone.retain(|t| keep(&t.outlet));
        self
    }
}

/// Rows `rows` of the table that has a row per item of `inner(o)` for each `o` of `outer`, in
/// order: each row as (outer, item).
fn nested<'a, O, I>(outer: &'a [O], inner: impl Fn(&'a O) -> &'a [I], rows: Range<usize>) -> Vec<(&'a O, &'a I)> {
    let mut out = Vec::with_capacity(rows.len());
    let mut first = 0;
    for o in outer {
        let items = inner(o);
        let (from, to) = (rows.start.max(first), rows.end.min(first + items.len()));
        out.extend(items.get(from.saturating_sub(first)..to.saturating_sub(first)).unwrap_or(&[]).iter().map(|i| (o, i)));
        first += items.len();
        if first >= rows.end {
            break;
        }
    }
    out
}

/// Writes a keyness table (`keyness_frame`) as `<dir>/<table>.parquet` and `.csv`, a chunk of
/// rows at a time: the full ABP corpus's 789,000 keyness rows as one frame were the peak of the
/// run's table writing.
pub fn write_keyness(dir: &TableDir, table: &'static str, scored: &[Keyness], measure: Measure) -> Result<()> {
    let rows = scored.iter().map(|s| s.terms.len()).sum();
    write_in_chunks(dir, table, rows, CHUNK_ROWS, |range| keyness_frame(table, scored, measure, range))
}

/// Rows `rows` of a keyness table: one row per contrast and term.
pub fn keyness_frame(table: &'static str, scored: &[Keyness], measure: Measure, rows: Range<usize>) -> Result<DataFrame> {
    let picked = nested(scored, |s| &s.terms, rows);
    let rows = || picked.iter().copied();
    FrameBuilder::new(table)
        .str_iter(col::CONTRAST, rows().map(|(s, _)| s.contrast.as_str()))
        .str_iter(col::TARGET, rows().map(|(s, _)| s.target.as_str()))
        .str_iter(col::REFERENCE, rows().map(|(s, _)| s.reference.as_str()))
        .str_iter(col::TERM, rows().map(|(_, r)| &*r.term))
        .u64(col::COUNT, rows().map(|(_, r)| r.count).collect())
        .u64(col::COUNT_REF, rows().map(|(_, r)| r.count_ref).collect())
        .u64(col::TOTAL, rows().map(|(s, _)| s.total).collect())
        .u64(col::TOTAL_REF, rows().map(|(s, _)| s.total_ref).collect())
        .str_iter(col::MEASURE, rows().map(|_| measure.as_str()))
        .f64(col::SCORE, rows().map(|(_, r)| r.score).collect())
        .f64(col::DELTA, rows().map(|(_, r)| r.delta).collect())
        .f64(col::SE, rows().map(|(_, r)| r.se).collect())
        .f64(col::P, rows().map(|(_, r)| r.p).collect())
        .f64(col::Q, rows().map(|(_, r)| r.q).collect())
        .build()
}

impl Comparison {
    /// The keyness of one of the contrasts run.
    pub fn keyness_of(&self, contrast: &Contrast) -> Option<&Keyness> {
        let label = contrast.label();
        self.keyness.iter().find(|k| k.contrast == label)
    }

    /// The categories of one level (outlets or groups).
    pub fn uses(&self, level: Level) -> impl Iterator<Item = &CategoryUse> {
        self.categories.iter().filter(move |u| u.level == level)
    }

    /// Writes the comparison's tables into `dir`, each as soon as it is built (so that one at a
    /// time is in memory) and the largest a chunk of rows at a time: keyness, frame_rates,
    /// frame_tests, similarity, timeline, tone, entities, sourcing, entity_tone, and claims when
    /// the study names any.
    pub fn write_tables(&self, dir: &TableDir) -> Result<()> {
        let write = |name: &str, mut df: DataFrame| write_table(&mut df, dir, name);
        write_keyness(dir, "keyness", &self.keyness, self.options.keyness.measure)?;
        let c = &self.categories;
        write(
            "frame_rates",
            FrameBuilder::new("frame_rates")
                .str(col::LEVEL, c.iter().map(|r| r.level.as_str().to_string()).collect())
                .str(col::UNIT, c.iter().map(|r| r.unit.clone()).collect())
                .str(col::LEXICON, c.iter().map(|r| r.lexicon.clone()).collect())
                .str(col::CATEGORY, c.iter().map(|r| r.category.clone()).collect())
                .u64(col::N_ARTICLES, c.iter().map(|r| r.n_articles as u64).collect())
                .u64(col::HITS, c.iter().map(|r| r.rate.hits).collect())
                .u64(col::N_TOKENS, c.iter().map(|r| r.rate.tokens).collect())
                .f64(col::RATE_PER_1000, c.iter().map(|r| r.rate.rate).collect())
                .f64(col::CI_LOW, c.iter().map(|r| r.rate.ci_low).collect())
                .f64(col::CI_HIGH, c.iter().map(|r| r.rate.ci_high).collect())
                .bool(col::DESCRIPTIVE_ONLY, c.iter().map(|r| r.descriptive_only).collect())
                .build()?,
        )?;
        let f = &self.frame_tests;
        write(
            "frame_tests",
            FrameBuilder::new("frame_tests")
                .str(col::CONTRAST, f.iter().map(|r| r.contrast.clone()).collect())
                .str(col::LEXICON, f.iter().map(|r| r.lexicon.clone()).collect())
                .str(col::CATEGORY, f.iter().map(|r| r.category.clone()).collect())
                .u64(col::N_ARTICLES, f.iter().map(|r| r.n_articles as u64).collect())
                .u64(col::N_ARTICLES_REF, f.iter().map(|r| r.n_articles_ref as u64).collect())
                .f64(col::RATE_PER_1000, f.iter().map(|r| r.rate).collect())
                .f64(col::RATE_REF, f.iter().map(|r| r.rate_ref).collect())
                .f64(col::DIFF, f.iter().map(|r| r.diff).collect())
                .u64(col::PERMUTATIONS, vec![self.options.permutations as u64; f.len()])
                .f64(col::P, f.iter().map(|r| r.p).collect())
                .f64(col::Q, f.iter().map(|r| r.q).collect())
                .build()?,
        )?;
        let s = &self.similarity;
        let (mut measure_col, mut a_col, mut b_col, mut jsd_col) = (vec![], vec![], vec![], vec![]);
        for (name, m) in [("terms", &s.terms), ("frames", &s.frames)] {
            for (i, a) in s.outlets.iter().enumerate() {
                for (j, b) in s.outlets.iter().enumerate() {
                    measure_col.push(name.to_string());
                    a_col.push(a.clone());
                    b_col.push(b.clone());
                    jsd_col.push(m[i][j]);
                }
            }
        }
        write(
            "similarity",
            FrameBuilder::new("similarity")
                .str(col::MEASURE, measure_col)
                .str(col::OUTLET_A, a_col)
                .str(col::OUTLET_B, b_col)
                .f64(col::JSD, jsd_col)
                .build()?,
        )?;
        let t = &self.timeline;
        write(
            "timeline",
            FrameBuilder::new("timeline")
                .str(col::OUTLET, t.iter().map(|r| r.outlet.clone()).collect())
                .date(col::BUCKET, t.iter().map(|r| Some(r.bucket)).collect())?
                .u64(col::N_ARTICLES, t.iter().map(|r| r.n_articles as u64).collect())
                .str(col::LEXICON, t.iter().map(|r| r.lexicon.clone()).collect())
                .str(col::CATEGORY, t.iter().map(|r| r.category.clone()).collect())
                .u64(col::HITS, t.iter().map(|r| r.hits).collect())
                .u64(col::N_TOKENS, t.iter().map(|r| r.tokens).collect())
                .f64(col::RATE_PER_1000, t.iter().map(|r| per_thousand(r.hits, r.tokens)).collect())
                .build()?,
        )?;
        let t = &self.tone;
        write(
            "tone",
            FrameBuilder::new("tone")
                .str(col::OUTLET, t.iter().map(|r| r.outlet.clone()).collect())
                .u64(col::N_ARTICLES, t.iter().map(|r| r.n_articles as u64).collect())
                .u64(col::N_SENTENCES, t.iter().map(|r| r.n_sentences).collect())
                .f64(col::MEAN_COMPOUND, t.iter().map(|r| r.mean_compound).collect())
                .f64(col::CI_LOW, t.iter().map(|r| r.ci_low).collect())
                .f64(col::CI_HIGH, t.iter().map(|r| r.ci_high).collect())
                .f64(col::SHARE_NEGATIVE, t.iter().map(|r| r.share_negative).collect())
                .f64(col::SHARE_POSITIVE, t.iter().map(|r| r.share_positive).collect())
                .build()?,
        )?;
        let e = &self.entities;
        let spellings = e.entities.iter().map(|x| x.spellings.len()).sum();
        write_in_chunks(dir, "entities", spellings, CHUNK_ROWS, |range| {
            let picked = nested(&e.entities, |x| &x.spellings, range);
            let rows = || picked.iter().copied();
            FrameBuilder::new("entities")
                .str_iter(col::ENTITY, rows().map(|(x, _)| x.name.as_str()))
                .str_iter(col::ENTITY_KIND, rows().map(|(x, _)| x.kind.as_str()))
                .str_iter(col::OUTLET, rows().map(|(_, s)| e.name(s.outlet)))
                .str_iter(col::NAME, rows().map(|(_, s)| e.name(s.name)))
                .u64(col::MENTIONS, rows().map(|(_, s)| s.mentions).collect())
                .build()
        })?;
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
        write(
            "sourcing",
            FrameBuilder::new("sourcing")
                .str(col::OUTLET, outlet)
                .str(col::SOURCE_TYPE, ty)
                .u64(col::COUNT, count)
                .f64(col::SHARE, share)
                .build()?,
        )?;
        write_in_chunks(dir, "entity_tone", e.tone.len(), CHUNK_ROWS, |range| {
            let t = &e.tone[range];
            FrameBuilder::new("entity_tone")
                .str_iter(col::ENTITY, t.iter().map(|r| e.entities[r.entity as usize].name.as_str()))
                .str_iter(col::OUTLET, t.iter().map(|r| e.name(r.outlet)))
                .u64(col::N_SENTENCES, t.iter().map(|r| r.n_sentences).collect())
                .f64(col::MEAN_COMPOUND, t.iter().map(|r| r.mean_compound).collect())
                .build()
        })?;
        // Written only when the study names claims, so a study without them is unchanged.
        if !self.options.claims.is_empty() {
            let c = &e.claims;
            let claims = FrameBuilder::new("claims")
                .str(col::CLAIM, c.iter().map(|r| r.claim.clone()).collect())
                .str(col::ARTICLE_ID, c.iter().map(|r| r.article_id.clone()).collect())
                .str(col::OUTLET, c.iter().map(|r| r.outlet.clone()).collect())
                .u64(col::SENTENCE, c.iter().map(|r| r.sentence).collect())
                .str(col::STANCE, c.iter().map(|r| r.stance.clone()).collect())
                .str(col::CUE, c.iter().map(|r| r.cue.clone()).collect())
                .str(col::SURFACE, c.iter().map(|r| r.surface.clone()).collect())
                .str(col::SOURCE, c.iter().map(|r| r.source.clone()).collect())
                .str(col::SOURCE_TYPE, c.iter().map(|r| r.source_type.clone()).collect())
                .str(col::ENTITY, c.iter().map(|r| r.entity.clone()).collect())
                .u64(col::START, c.iter().map(|r| r.start).collect())
                .u64(col::END, c.iter().map(|r| r.end).collect())
                .str(col::CONTEXT, c.iter().map(|r| r.context.clone()).collect())
                .build()?;
            write("claims", claims)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_rows_are_cut_across_their_outer_items() {
        let outer: [&[char]; 3] = [&['a', 'b'], &[], &['c', 'd', 'e']];
        // Rows: a b | (none) | c d e.
        let cases: [(Range<usize>, &str, &str); 6] = [
            (0..5, "abcde", "00222"),
            (1..4, "bcd", "022"),
            (0..1, "a", "0"),
            (4..5, "e", "2"),
            (2..2, "", ""),
            (5..5, "", ""),
        ];
        for (range, items, of) in cases {
            let got = nested(&outer, |o| o, range.clone());
            let position = |o: &&[char]| outer.iter().position(|x| std::ptr::eq(*x, *o)).unwrap().to_string();
            assert_eq!(got.iter().map(|(_, i)| **i).collect::<String>(), items, "{range:?}");
            assert_eq!(got.iter().map(|(o, _)| position(o)).collect::<String>(), of, "{range:?}");
        }
    }

    #[test]
    fn a_keyness_table_chunk_names_each_rows_contrast() {
        let term = |t: &str, count| KeyTerm { term: t.into(), count, count_ref: 1, score: 2.0, delta: 0.5, se: 0.25, p: 0.04, q: 0.08 };
        let scored = |contrast: &str, terms| Keyness { contrast: contrast.into(), target: "A".into(), reference: "B".into(), total: 10, total_ref: 20, terms };
        let scored = [scored("A vs B", vec![term("war", 3), term("strike", 2)]), scored("B vs A", vec![term("peace", 4)])];
        let df = keyness_frame("keyness", &scored, Measure::LogOdds, 1..3).unwrap();
        assert_eq!(strs(&df, "keyness", col::CONTRAST).unwrap(), ["A vs B", "B vs A"]);
        assert_eq!(strs(&df, "keyness", col::TERM).unwrap(), ["strike", "peace"]);
        assert_eq!(u64s(&df, "keyness", col::COUNT).unwrap(), [2, 4]);
        assert_eq!(u64s(&df, "keyness", col::TOTAL_REF).unwrap(), [20, 20]);
    }
}
