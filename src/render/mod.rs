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
use charts::{DivergingBars, Heatmap, Intervals};
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
}

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
        Ok(ChartSet { distinctive, lexicons })
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
            "Tone: each sentence is scored with VADER (Hutto & Gilbert 2014, ICWSM; the vader-parity implementation, which reproduces vaderSentiment 3.3.2); an article's tone is the mean compound of its sentences, an outlet's the mean over its articles, with a 95% percentile bootstrap interval from {} resamples of its articles (seed {}). VADER was built for social-media text: it reads words such as “killed” or “attack” as negative whoever is described, so tone says how negative the story's vocabulary is, not whom an outlet favours.",
            o.bootstrap.replicates, o.bootstrap.seed
        ),
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
    "Page furniture an outlet repeats (newsletter lines, copyright notices) is not yet removed and may appear among an outlet's distinctive terms.",
];
