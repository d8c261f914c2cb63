//! Render stage: a `Comparison` (with the ingest log and lexicons) in, the report folder's files
//! out: charts (SVG + PNG), `report.html` (self-contained, works offline), `report.md`.

pub mod charts;
pub(crate) mod html;
pub(crate) mod markdown;

use crate::clean::Cleaning;
use crate::compare::{CategoryUse, Comparison, KeyTerm, Keyness, Level, Measure};
use crate::error::Result;
use crate::ingest::{Ingested, Status};
use crate::lexicon::Lexicon;
use crate::model::Kwic;
use crate::study::{Bucket, Contrast, Side};
use crate::tabulate::TableFormat;
use charts::{DivergingBars, Heatmap, Intervals, Lines, ShareBars, StackedBars, StackedShares, TermMap};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the report shows.
pub struct Report<'a> {
    pub name: &'a str,
    pub comparison: &'a Comparison,
    pub ingested: &'a Ingested,
    pub lexicons: &'a [Lexicon],
    /// Page furniture removed before analysis.
    pub cleaning: &'a Cleaning,
    /// Evidence sentences of distinctive terms, by (outlet, term).
    pub term_evidence: &'a BTreeMap<(String, String), Vec<Kwic>>,
    /// Distinctive terms per outlet and time bucket (`compare::timeline::timeline_terms`).
    pub timeline_terms: &'a [Keyness],
    /// How many distinctive terms per contrast to chart and list.
    pub top_terms: usize,
    /// The gazetteer files used, as "name vversion (location)".
    pub gazetteer: Vec<String>,
    /// The files the tables were written as, so that the report names ones that exist.
    pub tables: TableFormat,
}

impl Report<'_> {
    /// The path, relative to the report, of the table `name` as a reader would open it: its CSV
    /// unless only Parquet was written.
    pub fn table_file(&self, name: &str) -> String {
        format!("tables/{name}.{}", self.tables.extension())
    }
}

/// A chart as written: file stem (in `charts/`) and SVG text.
pub struct RenderedChart {
    pub stem: String,
    pub svg: String,
}

/// Charts of the report, grouped by section.
pub struct ChartSet {
    /// One per contrast, in `Comparison::contrasts` order (absent where nothing was scored).
    pub distinctive: Vec<Option<RenderedChart>>,
    /// Per lexicon: heatmap, intervals and the word-choice ladder (shares of categories).
    pub lexicons: Vec<(RenderedChart, RenderedChart, RenderedChart)>,
    /// Per contrast, a term map for pairwise contrasts (None for outlet vs rest).
    pub term_maps: Vec<Option<RenderedChart>>,
    /// Term and frame similarity heatmaps (absent with fewer than two outlets).
    pub similarity: Option<(RenderedChart, RenderedChart)>,
    /// Articles per outlet over time (absent without dated articles).
    pub timeline: Option<RenderedChart>,
    /// Per lexicon, its hits per 1,000 words per outlet over time (absent without dated articles).
    pub timeline_rates: Vec<RenderedChart>,
    /// Each outlet's sourcing profile (absent when nothing is attributed).
    pub sourcing: Option<RenderedChart>,
}

/// Whether a character is a bidirectional embedding, override or isolate control (U+202A–U+202E,
/// U+2066–U+2069). Quoted into a report from an article, one of these would reorder how the rest
/// of its line displays ("Trojan Source", Boucher & Anderson 2021), so the report shows it as its
/// code point ("<U+202E>") instead.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A bidirectional control as the report shows it: its code point, "<U+202E>".
pub fn shown_bidi_control(c: char) -> String {
    format!("<U+{:04X}>", c as u32)
}

/// `shown_bidi_control`, escaped for HTML and Markdown alike.
pub fn escaped_bidi_control(c: char) -> String {
    shown_bidi_control(c).replace('<', "&lt;").replace('>', "&gt;")
}

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
    /// A contrast's distinctive terms to show: the `top_terms` highest scores and the
    /// `top_terms / 2` lowest, in score order.
    pub fn shown_terms(&self, contrast: &Contrast) -> Vec<&KeyTerm> {
        let Some(scored) = self.comparison.keyness_of(contrast) else {
            return Vec::new();
        };
        let rows = &scored.terms;
        let top = rows.iter().filter(|k| k.score > 0.0).take(self.top_terms);
        let negatives: Vec<&KeyTerm> = rows.iter().filter(|k| k.score < 0.0).collect();
        let bottom = &negatives[negatives.len().saturating_sub(self.top_terms / 2)..];
        top.chain(bottom.iter().copied()).collect()
    }

    /// The evidence sentences found for a distinctive term of a contrast, if any
    /// (`term_evidence`).
    pub fn evidence_of(&self, contrast: &Contrast, k: &KeyTerm) -> Option<&Vec<Kwic>> {
        let scored = self.comparison.keyness_of(contrast)?;
        self.term_evidence.get(&scored.evidence_key(k))
    }

    /// The categories of one lexicon, each with its per-outlet uses (outlet order).
    pub fn lexicon_uses(&self, lexicon: &str, level: Level) -> Vec<(&str, Vec<&CategoryUse>)> {
        let mut out: Vec<(&str, Vec<&CategoryUse>)> = Vec::new();
        for u in self.comparison.uses(level).filter(|u| u.lexicon == lexicon) {
            match out.last_mut() {
                Some((cat, list)) if *cat == u.category => list.push(u),
                _ => out.push((u.category.as_str(), vec![u])),
            }
        }
        out
    }

    /// The measure's name and unit as shown to readers.
    pub fn measure_label(&self) -> &'static str {
        match self.comparison.options.keyness.measure {
            Measure::LogOdds => "log-odds z",
            Measure::G2 => "signed G²",
            Measure::Chi2 => "signed χ²",
        }
    }

    /// The entities the report shows: the most mentioned people and organisations.
    pub fn shown_entities(&self) -> Vec<&crate::compare::entities::Entity> {
        crate::compare::entities::reported(&self.comparison.entities.entities).collect()
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

    /// The tone of one outlet's sentences naming one entity.
    pub fn entity_tone(&self, entity: &str, outlet: &str) -> Option<&crate::compare::entities::EntityTone> {
        self.comparison.entities.tone_of(entity, outlet)
    }

    /// One outlet's spellings of one entity, most used first, as "name ×n".
    pub fn spellings(&self, entity: &crate::compare::entities::Entity, outlet: &str) -> Vec<(String, u64)> {
        let names = &self.comparison.entities;
        let mut v: Vec<(String, u64)> =
            entity.spellings.iter().filter(|s| names.name(s.outlet) == outlet).map(|s| (names.name(s.name).to_string(), s.mentions)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Plain-language findings for the summary.
    pub fn findings(&self) -> Vec<String> {
        let c = self.comparison;
        let mut out = Vec::new();
        let n_articles: usize = c.all_outlets.iter().map(|o| o.articles).sum();
        let dates: Vec<_> = c.all_outlets.iter().flat_map(|o| [o.first_date, o.last_date]).flatten().collect();
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => format!(", dated {a} to {b}"),
            _ => String::new(),
        };
        out.push(format!(
            "{n_articles} articles from {} outlets{span}; {} input records rejected, {} duplicates set aside.",
            c.all_outlets.len(),
            self.ingested.count(Status::Rejected),
            self.ingested.count(Status::Duplicate)
        ));
        for lex in self.lexicons {
            let mut parts = Vec::new();
            for (outlet, uses) in group_by_unit(self.comparison.uses(Level::Outlet).filter(|u| u.lexicon == lex.meta.name)) {
                let Some(top) = uses
                    .iter()
                    .filter(|u| u.rate.hits > 0)
                    .max_by(|a, b| a.rate.rate.total_cmp(&b.rate.rate).then(b.category.cmp(&a.category)))
                else {
                    continue;
                };
                let forms: Vec<String> = top.forms.iter().take(3).map(|(f, n)| format!("“{f}” ×{n}")).collect();
                parts.push(format!(
                    "{outlet} mostly {} ({:.2} per 1,000 words: {})",
                    top.category.replace('_', " "),
                    top.rate.rate,
                    forms.join(", ")
                ));
            }
            if !parts.is_empty() {
                out.push(format!("{}: {}.", lex.meta.name, parts.join("; ")));
            }
        }
        for contrast in &c.contrasts {
            // An outlet's own name ("Meridian Wire" in its datelines, "ABC News" in its credit
            // lines) is its most distinctive word and says nothing of how it tells a story: the
            // summary leaves those words out, and says so; the section and the table keep them.
            // The name's words as terms are: the tokens' forms.
            let own: Vec<String> = match &contrast.target {
                Side::Outlet(name) => crate::text::tokenize(name).into_iter().map(|t| t.norm.to_string()).collect(),
                _ => Vec::new(),
            };
            let (mut top, mut skipped) = (Vec::new(), false);
            for k in self.shown_terms(contrast).into_iter().filter(|k| k.score > 0.0) {
                if top.len() == 5 {
                    break;
                }
                if own.iter().any(|w| **w == *k.term) {
                    skipped = true;
                } else {
                    top.push(format!("“{}” ({} vs {})", k.term, k.count, k.count_ref));
                }
            }
            let aside = if skipped { " (its own name's words aside)" } else { "" };
            if !top.is_empty() {
                out.push(format!("{} uses more than {}{aside}: {}.", contrast.target, contrast.reference, top.join(", ")));
            }
        }
        for t in c.frame_tests.iter().filter(|t| t.q < 0.05) {
            out.push(format!(
                "{}: {} {} differs ({:.2} vs {:.2} per 1,000 words, permutation q = {}).",
                t.contrast,
                t.lexicon,
                t.category.replace('_', " "),
                t.rate,
                t.rate_ref,
                fmt_p(t.q)
            ));
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
        for claim in c.options.claims.keys() {
            out.push(claim_finding(c, claim));
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
        for contrast in &c.contrasts {
            let shown = self.shown_terms(contrast);
            if shown.is_empty() {
                distinctive.push(None);
                continue;
            }
            let n = |side: &Side| match side {
                Side::Outlet(o) => c.outlets.iter().find(|u| u.name == *o).map_or(0, |u| u.articles),
                Side::Group(g) => c.groups.iter().find(|u| u.name == *g).map_or(0, |u| u.articles),
                Side::Rest => c.all_outlets.iter().map(|u| u.articles).sum::<usize>() - n_of(c, &contrast.target),
            };
            let chart = DivergingBars {
                title: format!("{}: distinctive terms", contrast.label()),
                subtitle: format!(
                    "{} (n = {} vs {} articles); labels: count in {} vs count in {}",
                    self.measure_label(),
                    n(&contrast.target),
                    n(&contrast.reference),
                    contrast.target,
                    contrast.reference
                ),
                axis_label: format!("{} (positive: used more by {})", self.measure_label(), contrast.target),
                labels: shown.iter().map(|k| k.term.to_string()).collect(),
                values: shown.iter().map(|k| k.score).collect(),
                notes: shown.iter().map(|k| format!("{} vs {}", k.count, k.count_ref)).collect(),
            };
            let stem = format!("distinctive-{}", slug(&contrast_slug(contrast)));
            let svg = charts::save(&chart, dir, &stem)?;
            distinctive.push(Some(RenderedChart { stem, svg }));
        }
        let mut lexicons = Vec::new();
        let outlets: Vec<String> = c.outlets.iter().map(|o| format!("{} (n={})", o.name, o.articles)).collect();
        for lex in self.lexicons {
            let uses = self.lexicon_uses(&lex.meta.name, Level::Outlet);
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
            let ladder = ShareBars {
                title: format!("{}: word choice by outlet", lex.meta.name),
                subtitle: "Share of each outlet's lexicon hits by category, in the lexicon's order; n = hits".into(),
                rows: c.outlets.iter().map(|o| format!("{} ({} art.)", o.name, o.articles)).collect(),
                categories: lex.categories.iter().map(|k| k.name.replace('_', " ")).collect(),
                counts: c
                    .outlets
                    .iter()
                    .map(|o| {
                        uses.iter()
                            .map(|(_, list)| list.iter().find(|u| u.unit == o.name).map_or(0, |u| u.rate.hits))
                            .collect()
                    })
                    .collect(),
            };
            let ladder_stem = format!("word-choice-{}", slug(&lex.meta.name));
            let ladder_svg = charts::save(&ladder, dir, &ladder_stem)?;
            lexicons.push((
                RenderedChart { stem: heat_stem, svg: heat_svg },
                RenderedChart { stem: int_stem, svg: int_svg },
                RenderedChart { stem: ladder_stem, svg: ladder_svg },
            ));
        }
        let similarity = if c.similarity.outlets.len() >= 2 {
            let s = &c.similarity;
            let mut pair = Vec::new();
            for (what, m) in [("terms", &s.terms), ("frames", &s.frames)] {
                let chart = Heatmap {
                    title: format!("Outlet similarity: {what}"),
                    subtitle: format!(
                        "Jensen–Shannon divergence of {} (bits; 0 = identical, 1 = disjoint); ordered by average-linkage clustering",
                        if what == "terms" { "term distributions" } else { "hit distributions over lexicon categories" }
                    ),
                    rows: s.outlets.clone(),
                    columns: s.outlets.clone(),
                    values: m.clone(),
                };
                let stem = format!("similarity-{what}");
                let svg = charts::save(&chart, dir, &stem)?;
                pair.push(RenderedChart { stem, svg });
            }
            let frames = pair.pop();
            pair.pop().zip(frames)
        } else {
            None
        };
        let timeline = if c.timeline.is_empty() {
            None
        } else {
            // Every bucket from the first to the last, so gaps in coverage show as gaps.
            let buckets = {
                let first = c.timeline.iter().map(|r| r.bucket).min().expect("non-empty");
                let last = c.timeline.iter().map(|r| r.bucket).max().expect("non-empty");
                crate::compare::timeline::buckets_between(first, last, c.bucket)
            };
            let articles: BTreeMap<(&str, chrono::NaiveDate), usize> =
                c.timeline.iter().map(|r| ((r.outlet.as_str(), r.bucket), r.n_articles)).collect();
            let series: Vec<(String, usize, Vec<f64>)> = c
                .outlets
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let counts =
                        buckets.iter().map(|b| articles.get(&(o.name.as_str(), *b)).map_or(0.0, |&n| n as f64)).collect();
                    (o.name.clone(), i, counts)
                })
                .collect();
            let undated: usize = c.outlets.iter().map(|o| o.undated).sum();
            let chart = StackedBars {
                title: format!("Articles per {} and outlet", bucket_noun(c.bucket)),
                subtitle: format!("n = {} dated articles; {} undated not shown", c.outlets.iter().map(|o| o.articles).sum::<usize>() - undated, undated),
                axis_label: "articles".into(),
                x_labels: buckets.iter().map(|b| b.to_string()).collect(),
                series,
            };
            Some(RenderedChart { stem: "timeline-articles".into(), svg: charts::save(&chart, dir, "timeline-articles")? })
        };
        let mut timeline_rates = Vec::new();
        if !c.timeline.is_empty() {
            let first = c.timeline.iter().map(|r| r.bucket).min().expect("non-empty");
            let last = c.timeline.iter().map(|r| r.bucket).max().expect("non-empty");
            let buckets = crate::compare::timeline::buckets_between(first, last, c.bucket);
            for lex in self.lexicons {
                // A lexicon's hits over all its categories, per outlet and bucket; no point where
                // an outlet published nothing that bucket.
                let mut cells: BTreeMap<(&str, chrono::NaiveDate), (u64, u64)> = BTreeMap::new();
                for r in c.timeline.iter().filter(|r| r.lexicon == lex.meta.name) {
                    let cell = cells.entry((r.outlet.as_str(), r.bucket)).or_default();
                    cell.0 += r.hits;
                    cell.1 = r.tokens;
                }
                let series = c
                    .outlets
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let values = buckets
                            .iter()
                            .map(|b| cells.get(&(o.name.as_str(), *b)).map(|&(h, t)| crate::compare::per_thousand(h, t)))
                            .collect();
                        (o.name.clone(), i, values)
                    })
                    .collect();
                let chart = Lines {
                    title: format!("{}: hits per 1,000 words over time", lex.meta.name),
                    subtitle: format!("All categories of the lexicon, per outlet and {}; gaps where an outlet published nothing", bucket_noun(c.bucket)),
                    axis_label: "hits per 1,000 words".into(),
                    x_labels: buckets.iter().map(|b| b.to_string()).collect(),
                    series,
                };
                let stem = format!("timeline-{}", slug(&lex.meta.name));
                let svg = charts::save(&chart, dir, &stem)?;
                timeline_rates.push(RenderedChart { stem, svg });
            }
        }
        let mut term_maps = Vec::new();
        for contrast in &c.contrasts {
            if !contrast.is_pairwise() {
                term_maps.push(None);
                continue;
            }
            let label = contrast.label();
            let Some(scored) = c.keyness_of(contrast).filter(|s| !s.terms.is_empty()) else {
                term_maps.push(None);
                continue;
            };
            let rows = &scored.terms;
            // Label the most distinctive terms on each side.
            let n_label = self.top_terms.max(1);
            let mut labelled: std::collections::BTreeSet<&str> = rows.iter().take(n_label).map(|k| &*k.term).collect();
            labelled.extend(rows.iter().rev().take(n_label).filter(|k| k.score < 0.0).map(|k| &*k.term));
            let rate = crate::compare::per_thousand;
            let chart = TermMap {
                title: format!("{label}: term map"),
                subtitle: format!("Each term by its rate in each (log scales; a term absent from one side sits on that axis's floor); labelled: the {n_label} most distinctive each way ({})", self.measure_label()),
                x_label: format!("per 1,000 words in {}", contrast.target),
                y_label: format!("per 1,000 words in {}", contrast.reference),
                points: rows
                    .iter()
                    .map(|k| (k.term.to_string(), rate(k.count, scored.total), rate(k.count_ref, scored.total_ref), k.score, labelled.contains(&*k.term)))
                    .collect(),
            };
            let stem = format!("term-map-{}", slug(&label));
            let svg = charts::save(&chart, dir, &stem)?;
            term_maps.push(Some(RenderedChart { stem, svg }));
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
        Ok(ChartSet { distinctive, lexicons, term_maps, similarity, timeline, timeline_rates, sourcing })
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

fn n_of(c: &Comparison, side: &Side) -> usize {
    match side {
        Side::Outlet(o) => c.outlets.iter().find(|u| u.name == *o).map_or(0, |u| u.articles),
        Side::Group(g) => c.groups.iter().find(|u| u.name == *g).map_or(0, |u| u.articles),
        Side::Rest => 0,
    }
}

/// A contrast's name in file names: "press-tv" for Press TV vs the rest, "press-tv-vs-iran-press".
pub fn contrast_slug(contrast: &Contrast) -> String {
    if contrast.is_pairwise() { contrast.label() } else { contrast.target.to_string() }
}

pub fn bucket_noun(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Day | Bucket::Auto => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

/// Consecutive uses of the same unit, in order.
fn group_by_unit<'a>(uses: impl Iterator<Item = &'a CategoryUse>) -> Vec<(&'a str, Vec<&'a CategoryUse>)> {
    let mut by: BTreeMap<&str, Vec<&CategoryUse>> = BTreeMap::new();
    for u in uses {
        by.entry(u.unit.as_str()).or_default().push(u);
    }
    by.into_iter().collect()
}

/// One claim in plain words: how many sentences assert, deny and hedge it, in which outlets.
fn claim_finding(c: &Comparison, claim: &str) -> String {
    let cells: Vec<(&str, crate::compare::claims::ClaimCell)> =
        c.outlets.iter().map(|o| (o.name.as_str(), crate::compare::claims::claim_cell(&c.entities.claims, claim, &o.name))).collect();
    let mut parts = Vec::new();
    // (plural, singular) verbs in `ClaimStance::ALL` order.
    for (k, (many, one)) in [("assert", "asserts"), ("deny", "denies"), ("hedge", "hedges")].iter().enumerate() {
        let n: u64 = cells.iter().map(|(_, cell)| cell.counts[k]).sum();
        if n == 0 {
            continue;
        }
        let by: Vec<String> = cells.iter().filter(|(_, cell)| cell.counts[k] > 0).map(|(o, cell)| format!("{o} {}", cell.counts[k])).collect();
        parts.push(format!("{n} {} it ({})", if n == 1 { format!("sentence {one}") } else { format!("sentences {many}") }, by.join(", ")));
    }
    if parts.is_empty() {
        format!("Claim “{claim}”: no sentence states it.")
    } else {
        format!("Claim “{claim}”: {}.", parts.join("; "))
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
    let k = &o.keyness;
    let measure = match k.measure {
        Measure::LogOdds => format!(
            "Distinctive terms are scored by the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, Political Analysis 16:372–403, eqs. 16–22): δ_w = ln[(y_wi+α_w)/(n_i+α₀−y_wi−α_w)] − ln[(y_wj+α_w)/(n_j+α₀−y_wj−α_w)], σ²(δ_w) ≈ 1/(y_wi+α_w) + 1/(y_wj+α_w), z = δ/σ, with the prior α_w = α₀·π_w, π_w the term's share of the whole corpus and α₀ = {}. p is two-sided from the normal distribution.",
            k.prior_strength
        ),
        Measure::G2 => format!(
            "Distinctive terms are scored by the log-likelihood G² = 2 Σ O ln(O/E) of the 2×2 table (term vs other terms, target vs reference; Dunning 1993), signed positive when the target uses the term more than expected, as quanteda's textstat_keyness computes it; correction: {:?} (Williams 1976 divides G² by q = 1 + (N/R₁ + N/R₂ − 1)(N/C₁ + N/C₂ − 1)/(6N)). p from χ² with 1 degree of freedom.",
            k.correction
        ),
        Measure::Chi2 => format!(
            "Distinctive terms are scored by Pearson's χ² = N(ad − bc)²/((a+b)(c+d)(a+c)(b+d)) of the 2×2 table, signed positive when the target uses the term more than expected, as quanteda's textstat_keyness computes it; correction: {:?} (Yates: |ad − bc| − N/2). p from χ² with 1 degree of freedom.",
            k.correction
        ),
    };
    let mut paragraphs = vec![
        "Text: articles are split into sentences (a rule-based splitter that knows titles such as “Gen.” and initials) and Unicode word tokens (UAX #29); words are lowercased, typographic apostrophes folded and a possessive ’s removed. The headline is analysed with the body. Terms are tokens of two or more characters with a letter, less a stopword list (acronyms such as “US” are kept).".to_string(),
        format!(
            "{measure} Each outlet is compared with all other outlets pooled; chosen pairs and groups are compared directly. Terms seen fewer than {} times on the two sides together, or used in fewer than {} of the target's articles (a word one article repeats belongs to that article), are not scored. q is the Benjamini–Hochberg (1995) adjusted p over the whole keyness table. Raw counts are shown beside every score.",
            k.min_count, k.min_docs
        ),
        format!(
            "Framing lexicons: each lexicon's patterns (words, prefix globs such as assassinat*, multi-word phrases) are matched over the token stream; at each position the longest pattern wins and a match never crosses a sentence. Rates are hits per 1,000 word tokens of an outlet's articles, with a 95% percentile bootstrap interval from {} resamples of the outlet's articles (seed {}), so that the interval reflects how hits cluster within articles.",
            o.bootstrap.replicates, o.bootstrap.seed
        ),
        format!(
            "Differences between the two sides of a chosen pair or groups are tested per lexicon category by permutation: articles are relabelled {} times (seed {}), p = (1 + #{{|d*| ≥ |d|}})/(permutations + 1) (Phipson & Smyth 2010), and q is Benjamini–Hochberg over the categories of each comparison.",
            o.permutations, o.bootstrap.seed
        ),
        format!(
            "Outlet similarity is the Jensen–Shannon divergence (Lin 1991; base 2, from 0 for identical to 1 for disjoint distributions) between outlets' term distributions and between their distributions of lexicon hits over categories, for the {} outlets with the most articles; outlets are ordered by average-linkage (UPGMA) clustering of the term divergences. The timeline counts articles and hits per outlet per {}.",
            o.similarity_outlets,
            bucket_noun(report.comparison.bucket)
        ),
        format!(
            "Tone: each sentence is scored with VADER (Hutto & Gilbert 2014, ICWSM; the rules and lexicon of the reference implementation, vaderSentiment 3.3.2, whose scores slant reproduces); an article's tone is the mean compound of its sentences, an outlet's the mean over its articles, with a 95% percentile bootstrap interval from {} resamples of its articles (seed {}). VADER was built for social-media text: it reads words such as “killed” or “attack” as negative whoever is described, so tone says how negative the story's vocabulary is, not whom an outlet favours.",
            o.bootstrap.replicates, o.bootstrap.seed
        ),
        format!(
            "Entities: names are found by capitalisation, name particles (al-, bin, van, …), titles, ranks and offices (“Senate Majority Leader”; stripped from the name and kept as labels) and a gazetteer of places, organisations, media and aliases ({}); a capital at the start of a sentence counts only if the article also writes the word capitalised mid-sentence. Within an article a short form (“Soleimani”, “Gen. Soleimani”) resolves to the full name whose last words it repeats. Across articles, names in the gazetteer group by entry; other names fold to a transliteration key (accents off; lowercase; particles dropped; final h after a vowel dropped; q→k, ck→k, ph→f; o→u, e and y→i; double letters collapsed) and two names of two or more words typed person are one person when their keys are equal, or their surnames' keys have a Jaro–Winkler similarity (Winkler 1990) of at least {}, are at most {} edit apart and at least {} letters long (“Gadhafi” and “Gaddafi”, not “Kerry” and “Kirby”), their given names are equal, initials or at least {} similar, and their middle initials agree where both have them (“George H.W. Bush” and “George Herbert Walker Bush”, not “George W. Bush”). A less specific name (“J. Smith”, “George Bush”), or the less mentioned of two given names only alike, joins only the one person it can be, or the one mentioned at least {} times as often as the next, else it stays apart; a nickname (Steve, Stephen) is its name's. A run ending in a word such as Act, County or Foundation is a thing, a place or an organisation, not a person unless a title goes before it. A one-word name joins the only group whose surname is written as it is (accents and case aside), or, when several match, the one whose longer names are mentioned at least {} times as often as the next one's (else it stays apart); never a group whose longer names it outnumbers more than {} times (the city “Washington” beside George Washington), and only if at least one in {} of its mentions carries a title (“Mr Carson”), which words and places (“Capital”, “Madison”) seldom do. A --entities file can merge or split names.",
            report.gazetteer.join(", "),
            crate::compare::entities::SURNAME_THRESHOLD,
            crate::compare::entities::SURNAME_MAX_EDITS,
            crate::compare::entities::SURNAME_MIN_LETTERS,
            crate::compare::entities::GIVEN_NAME_THRESHOLD,
            crate::compare::entities::ONE_WORD_DOMINANCE,
            crate::compare::entities::ONE_WORD_DOMINANCE,
            crate::compare::entities::ONE_WORD_MAX_RATIO,
            crate::compare::entities::ONE_WORD_TITLED_ONE_IN
        ),
        "Labels (after Hamborg et al. 2019, word choice and labelling): the titles before a name, the other words of its noun phrase (premodifiers such as “Quds Force commander”, and a party word written before the name, “Republican Mitt Romney”), an apposition set off by commas, a copular description (“X was the head of …”), and the words of the actors lexicon's delegitimising, armed-group, legitimising and regime categories inside those phrases. A phrase ends at a verb (the verbs-en list), a preposition or a negator, so that “Americans now see Trump” gives Trump no label; “autocrats like Putin” gives Putin the label “autocrats”. An apposition must close (a comma, dash or the sentence's end) or go on in a relative clause before any verb, and after “the” not be a name itself: “At the White House, the president will speak” and “Congress, the White House and the courts” describe nothing. A copular description is the subject's, never that of a name after a preposition (“leaks out of the White House are …”); and the words before a name that modifies a noun describe the noun (“senior Trump administration officials”).".to_string(),
        "Entity tone: for each entity and outlet, the mean VADER compound of the outlet's sentences naming the entity (a sentence naming it twice counts once), with the number of sentences. VADER scores the words of the whole sentence, not the stance towards the entity: “Soleimani was killed in a strike” is negative whoever the outlet sides with.".to_string(),
        "Sources: direct quotes (straight or curly double quotation marks, never crossing a paragraph) and reported speech (“X said that …”, “according to X”, “was claimed by X”) are attributed to the noun phrase before or after the speech verb. A source is a named person or a named organisation when that phrase ends in a name (by the name's kind), anonymous when its head is a word such as sources, officials, residents or a role without a name, other media for report, media, newspaper, and unattributed when there is none. “He” and “she” are the last named speaker of the three sentences before, else the last person named. The verb's stance follows the attribution lexicon (neutral said/told; assertive claimed/insisted; denial denied/rejected; factive confirmed/admitted); a neutrally reported negation (“not aware of any plans”, “no decision”) counts as a denial.".to_string(),
        format!(
            "Evidence threshold: an outlet with fewer than {} articles is marked descriptive only: its numbers describe these texts, not the outlet's habits.",
            o.min_articles
        ),
    ];
    if !o.claims.is_empty() {
        let named: Vec<String> = o.claims.iter().map(|(n, p)| format!("“{n}” = {}", p.join(", "))).collect();
        paragraphs.push(format!(
            "Claims ({}): a sentence states a claim when one of its patterns matches (words, prefix globs, phrases, as for lexicons); a sentence counts once per claim. It is denied when it holds a denial word of the attribution lexicon (deny, reject, dismiss, baseless, …) or a denial phrase (not aware, no plans, no decision, no intention, not true), when a negator (not, no, never, n't, …) stands within {} words before the claim's words (“will not withdraw”), or when the quote containing it is a denial; else hedged when a hedge or distancing word of the attribution lexicon (may, might, could, reportedly, alleged, claims, …) stands before the claim's words in the sentence (one after them does not govern them: “…pulling its troops out, despite claims to the contrary”); else asserted. It is linked to the sentence's attribution (or the quote containing it): for a denial, the source that denies; else a source reported after the claim across a comma (“…, informed sources told …”, “…, according to a report”); else the narrowest attribution whose reported words contain the claim; else the outlet states it in its own voice. The words match whatever their sense, and the rule reads words, not meaning: a sentence that only mentions the claim (“talks about the withdrawal”) counts as asserting it. Check the sentences.",
            named.join("; "),
            crate::annotate::claims::NEGATION_WINDOW
        ));
    }
    paragraphs
}

pub const LIMITATIONS: &[&str] = &[
    "Lexicon matching counts words, not meanings: “strike” may be a labour strike, “forces” a verb. Every count links to its sentences so that a reader can check.",
    "Outlet and date found in a text (a credit line, a dateline, a date line) are marked text-heuristic in the articles table; a manifest overrides them.",
    "Exact duplicates (same text up to case and spacing) are counted once; near-copies such as syndicated wire stories are not yet detected and count for each outlet that ran them.",
    "Page furniture is found as lines an outlet repeats across many of its articles, and photo credits by their form; furniture that varies from article to article (a caption's own words) stays, and a sentence an outlet genuinely repeats in several stories is removed with it (the removed lines are listed).",
    "Names are found by capitalisation and a gazetteer, not by a trained recogniser: a capitalised common word mid-sentence can be taken for a name, and a name that never appears mid-sentence can be missed. Spellings are grouped by rule; check the entities table, and use --entities to merge or split.",
    "Attribution is rule-based: a pronoun may resolve to the wrong speaker, a source far from its verb is missed, and a stance is the verb's class, not a reading of the claim.",
];

/// Sentences on languages, outlet aliasing and syndicated copies for the corpus section.
pub fn ingest_summary(ing: &Ingested) -> Vec<String> {
    let mut out = Vec::new();
    if !ing.languages.is_empty() {
        let langs: Vec<String> = ing
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        out.push(format!(
            "Languages detected (articles analysed): {}.",
            langs.join(", ")
        ));
    }
    out.extend(ing.language_notes.iter().cloned());
    let aliased: Vec<String> = ing
        .outlet_names
        .iter()
        .filter(|(raw, o)| raw != o)
        .map(|(raw, o)| format!("{raw} → {o}"))
        .collect();
    if !aliased.is_empty() {
        let outlets: std::collections::BTreeSet<&String> = ing.outlet_names.values().collect();
        out.push(format!(
            "Outlet names: {} spellings read as {} outlets by the alias table ({}).",
            ing.outlet_names.len(),
            outlets.len(),
            aliased.join("; ")
        ));
    }
    let syndicated = ing.syndicated();
    if !syndicated.is_empty() {
        let parts: Vec<String> = syndicated.iter().map(|(o, n)| format!("{o} {n}")).collect();
        out.push(format!(
            "Syndicated copies (duplicates of another outlet's article, counted once): {}.",
            parts.join(", ")
        ));
    }
    out
}
