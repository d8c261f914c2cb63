//! Render stage: a `Comparison` (with the ingest log and lexicons) in, the report folder's files
//! out: charts (SVG + PNG), `report.html` (self-contained, works offline), `report.md`.

pub mod charts;
mod html;
mod markdown;

use crate::compare::{CategoryUse, Comparison, KeyTerm};
use crate::error::Result;
use crate::ingest::{Ingested, Status};
use crate::lexicon::Lexicon;
use crate::model::Kwic;
use charts::{DivergingBars, Heatmap, Intervals, StackedShares};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the report shows.
pub struct Report<'a> {
    pub name: &'a str,
    pub comparison: &'a Comparison,
    pub ingested: &'a Ingested,
    pub lexicons: &'a [Lexicon],
    /// Evidence sentences of distinctive terms, by (outlet, term).
    pub term_evidence: &'a BTreeMap<(String, String), Vec<Kwic>>,
    /// How many distinctive terms per outlet to chart and list.
    pub top_terms: usize,
    /// The gazetteer files used, as "name vversion (location)".
    pub gazetteer: Vec<String>,
}

/// A chart as written: file stem (in `charts/`), SVG text, and a one-line caption.
pub struct RenderedChart {
    pub stem: String,
    pub svg: String,
}

/// Charts of the report, grouped by section.
pub struct ChartSet {
    /// One per outlet, in outlet order (absent where an outlet has no scored terms).
    pub distinctive: Vec<Option<RenderedChart>>,
    /// Per lexicon: heatmap and intervals.
    pub lexicons: Vec<(RenderedChart, RenderedChart)>,
    /// Each outlet's sourcing profile (absent when nothing is attributed).
    pub sourcing: Option<RenderedChart>,
}

/// How many entities the report's label matrix shows.
pub const TOP_ENTITIES: usize = 12;

/// Names of the source types for people, in `SourceType::ALL` order.
pub const SOURCE_TYPE_NAMES: [&str; 5] = ["named person", "named organisation", "anonymous", "other media", "unattributed"];

/// A file-name-safe form of a name: lowercase ASCII letters, digits and dashes only.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "unnamed".to_string() } else { s }
}

impl Report<'_> {
    /// The outlet's distinctive terms to show: the `top_terms` highest z and the `top_terms / 2`
    /// lowest, in z order.
    pub fn shown_terms(&self, outlet: &str) -> Vec<&KeyTerm> {
        let rows: Vec<&KeyTerm> = self.comparison.keyness.iter().filter(|k| k.outlet == outlet).collect();
        let top: Vec<&KeyTerm> = rows.iter().filter(|k| k.z > 0.0).take(self.top_terms).copied().collect();
        let bottom_n = self.top_terms / 2;
        let negatives: Vec<&KeyTerm> = rows.iter().filter(|k| k.z < 0.0).copied().collect();
        let bottom = &negatives[negatives.len().saturating_sub(bottom_n)..];
        top.into_iter().chain(bottom.iter().copied()).collect()
    }

    /// The categories of one lexicon, each with its per-outlet uses (outlet order).
    pub fn lexicon_uses(&self, lexicon: &str) -> Vec<(&str, Vec<&CategoryUse>)> {
        let mut out: Vec<(&str, Vec<&CategoryUse>)> = Vec::new();
        for u in self.comparison.categories.iter().filter(|u| u.lexicon == lexicon) {
            match out.last_mut() {
                Some((cat, list)) if *cat == u.category => list.push(u),
                _ => out.push((u.category.as_str(), vec![u])),
            }
        }
        out
    }

    /// The entities the report shows: the most mentioned people and organisations.
    pub fn shown_entities(&self) -> Vec<&crate::compare::entities::Entity> {
        self.comparison
            .entities
            .entities
            .iter()
            .filter(|e| e.kind == "person" || e.kind == "organisation")
            .take(TOP_ENTITIES)
            .collect()
    }

    /// One outlet's labels for one entity, most used first (up to `limit`), as "label ×n".
    pub fn label_cell(&self, entity: &str, outlet: &str, limit: usize) -> Vec<(String, u64)> {
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for l in self.comparison.entities.labels.iter().filter(|l| l.entity == entity && l.outlet == outlet) {
            *counts.entry(l.label.as_str()).or_default() += l.count;
        }
        let mut v: Vec<(String, u64)> = counts.into_iter().map(|(l, n)| (l.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(limit);
        v
    }

    /// One outlet's spellings of one entity, most used first, as "name ×n".
    pub fn spellings(&self, entity: &crate::compare::entities::Entity, outlet: &str) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> =
            entity.names.iter().filter(|((o, _), _)| o == outlet).map(|((_, n), c)| (n.clone(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Plain-language findings for the summary.
    pub fn findings(&self) -> Vec<String> {
        let c = self.comparison;
        let mut out = Vec::new();
        let n_articles: usize = c.outlets.iter().map(|o| o.articles).sum();
        let dates: Vec<_> = c.outlets.iter().flat_map(|o| [o.first_date, o.last_date]).flatten().collect();
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => format!(", dated {a} to {b}"),
            _ => String::new(),
        };
        out.push(format!(
            "{n_articles} articles from {} outlets{span}; {} input records rejected, {} duplicates set aside.",
            c.outlets.len(),
            self.ingested.count(Status::Rejected),
            self.ingested.count(Status::Duplicate)
        ));
        for lex in self.lexicons {
            for outlet in &c.outlets {
                let uses: Vec<&CategoryUse> = c
                    .categories
                    .iter()
                    .filter(|u| u.lexicon == lex.meta.name && u.outlet == outlet.name && u.rate.hits > 0)
                    .collect();
                let Some(top) = uses.iter().max_by(|a, b| a.rate.rate.total_cmp(&b.rate.rate).then(b.category.cmp(&a.category))) else {
                    continue;
                };
                let forms: Vec<String> = top.forms.iter().take(3).map(|(f, n)| format!("“{f}” ×{n}")).collect();
                out.push(format!(
                    "{}: in {} terms, {} is most often {} ({:.2} per 1,000 words: {}).",
                    outlet.name,
                    lex.meta.name,
                    outlet.name,
                    top.category.replace('_', " "),
                    top.rate.rate,
                    forms.join(", ")
                ));
            }
        }
        for outlet in &c.outlets {
            let top: Vec<String> = c
                .keyness
                .iter()
                .filter(|k| k.outlet == outlet.name && k.z > 0.0)
                .take(5)
                .map(|k| format!("“{}” ({} vs {} elsewhere)", k.term, k.count, k.count_rest))
                .collect();
            if !top.is_empty() {
                out.push(format!("{} uses more than the other outlets: {}.", outlet.name, top.join(", ")));
            }
        }
        for s in c.entities.sourcing.iter().filter(|s| s.total() > 0) {
            let share = |k: usize| 100.0 * s.counts[k] as f64 / s.total() as f64;
            out.push(format!(
                "{} attributes {} quotes and statements: {:.0}% to named people, {:.0}% to named organisations, {:.0}% to anonymous sources, {:.0}% to other media, {:.0}% unattributed.",
                s.outlet,
                s.total(),
                share(0),
                share(1),
                share(2),
                share(3),
                share(4)
            ));
        }
        let thin: Vec<&str> = c.outlets.iter().filter(|o| o.descriptive_only).map(|o| o.name.as_str()).collect();
        if !thin.is_empty() {
            out.push(format!(
                "Descriptive only: {} ha{} fewer than {} articles, so differences involving {} describe these texts and do not support claims about the outlet{}.",
                thin.join(", "),
                if thin.len() == 1 { "s" } else { "ve" },
                c.options.min_articles,
                if thin.len() == 1 { "it" } else { "them" },
                if thin.len() == 1 { "" } else { "s" },
            ));
        }
        out
    }

    /// Draws every chart into `dir` (SVG + PNG).
    pub fn draw_charts(&self, dir: &Path) -> Result<ChartSet> {
        let c = self.comparison;
        let mut distinctive = Vec::new();
        for outlet in &c.outlets {
            let shown = self.shown_terms(&outlet.name);
            if shown.is_empty() {
                distinctive.push(None);
                continue;
            }
            let chart = DivergingBars {
                title: format!("{}: distinctive terms", outlet.name),
                subtitle: format!(
                    "Weighted log-odds z vs all other outlets (Monroe et al. 2008), n = {} articles; labels: count here vs elsewhere",
                    outlet.articles
                ),
                axis_label: "z-score (positive: used more by this outlet)".into(),
                labels: shown.iter().map(|k| k.term.clone()).collect(),
                values: shown.iter().map(|k| k.z).collect(),
                notes: shown.iter().map(|k| format!("{} vs {}", k.count, k.count_rest)).collect(),
            };
            let stem = format!("distinctive-{}", slug(&outlet.name));
            let svg = charts::save(&chart, dir, &stem)?;
            distinctive.push(Some(RenderedChart { stem, svg }));
        }
        let mut lexicons = Vec::new();
        let outlets: Vec<String> = c.outlets.iter().map(|o| format!("{} (n={})", o.name, o.articles)).collect();
        for lex in self.lexicons {
            let uses = self.lexicon_uses(&lex.meta.name);
            let heat = Heatmap {
                title: format!("{}: hits per 1,000 words, by outlet", lex.meta.name),
                subtitle: format!("Lexicon {} v{}; n = articles of the outlet", lex.meta.name, lex.meta.version),
                rows: uses.iter().map(|(cat, _)| cat.replace('_', " ")).collect(),
                columns: outlets.clone(),
                values: uses.iter().map(|(_, list)| list.iter().map(|u| u.rate.rate).collect()).collect(),
            };
            let heat_stem = format!("frames-heatmap-{}", slug(&lex.meta.name));
            let heat_svg = charts::save(&heat, dir, &heat_stem)?;
            let intervals = Intervals {
                title: format!("{}: rates with 95% bootstrap intervals", lex.meta.name),
                subtitle: format!(
                    "Hits per 1,000 words; intervals resample articles ({} replicates, seed {})",
                    c.options.bootstrap.replicates, c.options.bootstrap.seed
                ),
                axis_label: "hits per 1,000 words".into(),
                categories: uses.iter().map(|(cat, _)| cat.replace('_', " ")).collect(),
                series: outlets.iter().enumerate().map(|(i, o)| (o.clone(), i)).collect(),
                points: uses
                    .iter()
                    .map(|(_, list)| list.iter().map(|u| (u.rate.rate, u.rate.ci_low, u.rate.ci_high)).collect())
                    .collect(),
            };
            let int_stem = format!("frames-intervals-{}", slug(&lex.meta.name));
            let int_svg = charts::save(&intervals, dir, &int_stem)?;
            lexicons.push((RenderedChart { stem: heat_stem, svg: heat_svg }, RenderedChart { stem: int_stem, svg: int_svg }));
        }
        let sourcing = &c.entities.sourcing;
        let sourcing = if sourcing.iter().any(|s| s.total() > 0) {
            let chart = StackedShares {
                title: "Whose voice: sources of quotes and reported statements".into(),
                subtitle: "Share of each outlet's attributions by source type; n = attributions".into(),
                rows: sourcing.iter().map(|s| format!("{} (n={})", s.outlet, s.total())).collect(),
                categories: SOURCE_TYPE_NAMES.iter().map(|s| s.to_string()).collect(),
                shares: sourcing
                    .iter()
                    .map(|s| s.counts.iter().map(|&n| if s.total() > 0 { n as f64 / s.total() as f64 } else { 0.0 }).collect())
                    .collect(),
            };
            let stem = "sourcing".to_string();
            let svg = charts::save(&chart, dir, &stem)?;
            Some(RenderedChart { stem, svg })
        } else {
            None
        };
        Ok(ChartSet { distinctive, lexicons, sourcing })
    }

    /// Writes charts, report.html and report.md into `dir`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let chart_dir = dir.join("charts");
        std::fs::create_dir_all(&chart_dir).map_err(|e| crate::error::Error::io(&chart_dir, e))?;
        let charts = self.draw_charts(&chart_dir)?;
        let write = |name: &str, text: String| {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| crate::error::Error::io(&path, e))
        };
        write("report.html", html::render(self, &charts))?;
        write("report.md", markdown::render(self, &charts))?;
        Ok(())
    }
}

/// Formats a p- or q-value for people: three significant digits, or "< 0.001".
pub fn fmt_p(p: f64) -> String {
    if p.is_nan() {
        "–".into()
    } else if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// The method section's paragraphs (shared by HTML and Markdown).
pub fn method_paragraphs(report: &Report) -> Vec<String> {
    let o = &report.comparison.options;
    vec![
        "Text: articles are split into sentences (a rule-based splitter that knows titles such as “Gen.” and initials) and Unicode word tokens (UAX #29); words are lowercased, typographic apostrophes folded and a possessive ’s removed. The headline is analysed with the body. Terms are tokens of two or more characters with a letter, less a stopword list (acronyms such as “US” are kept).".to_string(),
        format!(
            "Distinctive terms: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, Political Analysis 16:372–403, eqs. 16–22), each outlet against all other outlets pooled. The prior is α_w = α₀·π_w with π_w the term's share of the whole corpus and α₀ = {}. Terms seen fewer than {} times in the corpus are not scored. z = δ/σ; p two-sided from the normal distribution; q = Benjamini–Hochberg (1995) adjusted p over the whole keyness table. Raw counts (here vs elsewhere) are shown beside every score.",
            o.log_odds.prior_strength, o.log_odds.min_count
        ),
        format!(
            "Framing lexicons: each lexicon's patterns (words, prefix globs such as assassinat*, multi-word phrases) are matched over the token stream; at each position the longest pattern wins and a match never crosses a sentence. Rates are hits per 1,000 word tokens of an outlet's articles, with a 95% percentile bootstrap interval from {} resamples of the outlet's articles (seed {}), so that the interval reflects how hits cluster within articles.",
            o.bootstrap.replicates, o.bootstrap.seed
        ),
        format!(
            "Entities: names are found by capitalisation, name particles (al-, bin, van, …), titles and ranks (stripped from the name and kept as labels) and a gazetteer of places, organisations, media and aliases ({}); a capital at the start of a sentence counts only if the article also writes the word capitalised mid-sentence. Within an article a short form (“Soleimani”, “Gen. Soleimani”) resolves to the full name whose last words it repeats. Across articles, names in the gazetteer group by entry; other names fold to a transliteration key (lowercase; particles dropped; final h after a vowel dropped; q→k, ck→k, ph→f; o→u, e and y→i; double letters collapsed) and two names of two or more words are one person when their keys are equal, or their surnames' keys have a Jaro–Winkler similarity (Winkler 1990) of at least {} and their given names are equal, initials or at least {} similar. A one-word name joins the only group whose surname matches it. A --entities file can merge or split names.",
            report.gazetteer.join(", "),
            crate::compare::entities::SURNAME_THRESHOLD,
            crate::compare::entities::GIVEN_NAME_THRESHOLD
        ),
        "Labels (after Hamborg et al. 2019, word choice and labelling): the titles before a name, the other words of its noun phrase (premodifiers such as “Quds Force commander”), an apposition set off by commas, a copular description (“X was the head of …”), and the words of the actors lexicon's delegitimising, armed-group, legitimising and regime categories inside those phrases.".to_string(),
        "Sources: direct quotes (straight or curly double quotation marks, never crossing a paragraph) and reported speech (“X said that …”, “according to X”, “was claimed by X”) are attributed to the noun phrase before or after the speech verb. A source is a named person or a named organisation when that phrase ends in a name (by the name's kind), anonymous when its head is a word such as sources, officials, residents or a role without a name, other media for report, media, newspaper, and unattributed when there is none. “He” and “she” are the last named speaker of the three sentences before, else the last person named. The verb's stance follows the attribution lexicon (neutral said/told; assertive claimed/insisted; denial denied/rejected; factive confirmed/admitted); a neutrally reported negation (“not aware of any plans”, “no decision”) counts as a denial.".to_string(),
        format!(
            "Evidence threshold: an outlet with fewer than {} articles is marked descriptive only: its numbers describe these texts, not the outlet's habits.",
            o.min_articles
        ),
    ]
}

pub const LIMITATIONS: &[&str] = &[
    "Lexicon matching counts words, not meanings: “strike” may be a labour strike, “forces” a verb. Every count links to its sentences so that a reader can check.",
    "Outlet and date found in a text (a credit line, a dateline, a date line) are marked text-heuristic in the articles table; a manifest overrides them.",
    "Exact duplicates (same text up to case and spacing) are counted once; near-copies such as syndicated wire stories are not yet detected and count for each outlet that ran them.",
    "Names are found by capitalisation and a gazetteer, not by a trained recogniser: a capitalised common word mid-sentence can be taken for a name, and a name that never appears mid-sentence can be missed. Spellings are grouped by rule; check the entities table, and use --entities to merge or split.",
    "Attribution is rule-based: a pronoun may resolve to the wrong speaker, a source far from its verb is missed, and a stance is the verb's class, not a reading of the claim.",
    "Page furniture an outlet repeats (newsletter lines, copyright notices) is not yet removed and may appear among an outlet's distinctive terms.",
];
