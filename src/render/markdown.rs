//! The Markdown report: a `Report` in, `report.md` out, with the PNG charts, for pasting into
//! papers and issues. Article text is escaped so that it cannot become markup.

use super::{ChartSet, LIMITATIONS, Report, SOURCE_TYPE_NAMES, fmt_p, method_paragraphs};
use crate::compare::Level;
use crate::compare::claims::claim_cell;
use crate::compare::entities::DENIAL_EXAMPLES;
use crate::ingest::Status;
use crate::model::Kwic;
use std::fmt::Write;

/// Escapes text for Markdown: characters that would start markup, and `|` inside tables.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if super::is_bidi_control(c) => out.push_str(&super::escaped_bidi_control(c)),
            c => out.push(c),
        }
    }
    out
}

fn kwic_lines(out: &mut String, evidence: &[Kwic]) {
    for k in evidence {
        let _ = writeln!(out, "> {}**{}**{} — *{}, {}*  ", md(&k.pre), md(&k.keyword), md(&k.post), md(&k.outlet), md(&k.article_id));
    }
    out.push('\n');
}

pub fn render(report: &Report, charts: &ChartSet) -> String {
    let c = report.comparison;
    let mut m = String::new();
    let _ = writeln!(m, "# slant report: {}\n\n## Summary\n", md(report.name));
    for f in report.findings() {
        let _ = writeln!(m, "- {}", md(&f));
    }
    m.push_str("\n## Corpus\n\n| outlet | articles | words | first date | last date | undated | outlet known from | evidence |\n|---|---:|---:|---|---|---:|---|---|\n");
    for o in &c.all_outlets {
        let d = |d: Option<chrono::NaiveDate>| d.map_or("–".to_string(), |d| d.to_string());
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md(&o.name),
            o.articles,
            o.tokens,
            d(o.first_date),
            d(o.last_date),
            o.undated,
            md(&o.provenance),
            if o.descriptive_only { "descriptive only" } else { "sufficient" }
        );
    }
    let ing = report.ingested;
    let _ = writeln!(
        m,
        "\nInput records: {} accepted, {} duplicates, {} rejected, {} files skipped (all listed in `ingest.csv`).\n",
        ing.count(Status::Accepted),
        ing.count(Status::Duplicate),
        ing.count(Status::Rejected),
        ing.count(Status::Skipped)
    );
    let not_accepted: Vec<_> = ing.log.iter().filter(|e| e.status != Status::Accepted).collect();
    if !not_accepted.is_empty() {
        m.push_str("| record | status | reason |\n|---|---|---|\n");
        for e in not_accepted.iter().take(200) {
            let _ = writeln!(m, "| {} | {} | {} |", md(&e.origin.to_string()), e.status.as_str(), md(&e.reason));
        }
        m.push('\n');
    }
    for line in crate::render::ingest_summary(ing) {
        let _ = writeln!(m, "{}\n", md(&line));
    }

    let changed: Vec<_> = report.cleaning.outlets.iter().filter(|o| o.lines_removed + o.phrases_removed > 0).collect();
    if !changed.is_empty() {
        m.push_str("### Page furniture removed\n\n| outlet | articles changed | lines removed | share of text | most repeated line |\n|---|---:|---:|---:|---|\n");
        for o in changed {
            let line = report.cleaning.lines.iter().find(|l| l.outlet == o.outlet).map_or(String::new(), |l| md(&l.line));
            let _ = writeln!(
                m,
                "| {} | {} of {} | {} | {:.1}% | {} |",
                md(&o.outlet),
                o.articles_changed,
                o.articles,
                o.lines_removed,
                100.0 * o.bytes_removed as f64 / o.bytes_before.max(1) as f64,
                line
            );
        }
        m.push('\n');
    }
    m.push_str("## Word choice and framing\n\n");
    for (lex, (heat, intervals, ladder)) in report.lexicons.iter().zip(&charts.lexicons) {
        let _ = writeln!(m, "### {}\n\n{} (lexicon {} v{})\n", md(&lex.meta.name), md(&lex.meta.description), md(&lex.meta.name), md(&lex.meta.version));
        for chart in [ladder, heat, intervals] {
            let _ = writeln!(m, "![{}](charts/{}.png)\n", md(&lex.meta.name), chart.stem);
        }
        for (cat, uses) in report.lexicon_uses(&lex.meta.name, Level::Outlet) {
            let _ = writeln!(m, "#### {}\n\n| outlet | hits | per 1,000 words (95% CI) | forms used |\n|---|---:|---:|---|", md(&cat.replace('_', " ")));
            for u in &uses {
                let forms: Vec<String> = u.forms.iter().take(8).map(|(f, n)| format!("{} ×{n}", md(f))).collect();
                let _ = writeln!(
                    m,
                    "| {}{} | {} | {:.2} ({:.2}–{:.2}) | {} |",
                    md(&u.unit),
                    if u.descriptive_only { " (descriptive)" } else { "" },
                    u.rate.hits,
                    u.rate.rate,
                    u.rate.ci_low,
                    u.rate.ci_high,
                    forms.join(", ")
                );
            }
            m.push('\n');
            for u in uses.iter().filter(|u| !u.evidence.is_empty()) {
                let _ = writeln!(m, "Evidence, {}:\n", md(&u.unit));
                kwic_lines(&mut m, &u.evidence);
            }
        }
    }

    m.push_str("## Tone\n\nMean VADER compound of each article's sentences (−1 to +1), averaged over the outlet's articles, with a 95% bootstrap interval over articles; shares of sentences scored negative (≤ −0.05) and positive (≥ 0.05).\n\n| outlet | articles | sentences | mean compound | 95% interval | negative | positive |\n|---|---:|---:|---:|---|---:|---:|\n");
    for t in &c.tone {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {:+.3} | {:+.3} to {:+.3} | {:.0}% | {:.0}% |",
            md(&t.outlet),
            t.n_articles,
            t.n_sentences,
            t.mean_compound,
            t.ci_low,
            t.ci_high,
            100.0 * t.share_negative,
            100.0 * t.share_positive
        );
    }
    m.push('\n');

    m.push_str("## Distinctive terms\n\n");
    for ((contrast, chart), map) in c.contrasts.iter().zip(&charts.distinctive).zip(&charts.term_maps) {
        let _ = writeln!(m, "### {}\n", md(&contrast.label()));
        let Some(chart) = chart else {
            let _ = writeln!(m, "No term reaches the minimum count of {}.\n", c.options.keyness.min_count);
            continue;
        };
        let _ = writeln!(
            m,
            "![{}](charts/{}.png)\n\n| term | count in {} | count in {} | {} | q (BH) |\n|---|---:|---:|---:|---:|",
            md(&contrast.label()),
            chart.stem,
            md(&contrast.target.to_string()),
            md(&contrast.reference.to_string()),
            report.measure_label()
        );
        if let Some(map) = map {
            let _ = writeln!(m, "\n![term map](charts/{}.png)\n", map.stem);
        }
        let shown = report.shown_terms(contrast);
        for k in &shown {
            let _ = writeln!(m, "| {} | {} | {} | {:.2} | {} |", md(&k.term), k.count, k.count_ref, k.score, fmt_p(k.q));
        }
        m.push('\n');
        for k in shown.iter().filter(|k| k.score > 0.0).take(5) {
            if let Some(ev) = report.evidence_of(contrast, k) {
                let _ = writeln!(m, "Evidence, “{}”:\n", md(&k.term));
                kwic_lines(&mut m, ev);
            }
        }
        let label = contrast.label();
        let tests: Vec<_> = c.frame_tests.iter().filter(|t| t.contrast == label).collect();
        if !tests.is_empty() {
            let _ = writeln!(m, "Frame rates compared by permutation ({} relabellings):\n\n| lexicon | category | {} | {} | difference | p | q (BH) |\n|---|---|---:|---:|---:|---:|---:|", c.options.permutations, md(&contrast.target.to_string()), md(&contrast.reference.to_string()));
            for t in tests {
                let _ = writeln!(m, "| {} | {} | {:.2} | {:.2} | {:+.2} | {} | {} |", md(&t.lexicon), md(&t.category.replace('_', " ")), t.rate, t.rate_ref, t.diff, fmt_p(t.p), fmt_p(t.q));
            }
            m.push('\n');
        }
    }
    if let Some((terms, frames)) = &charts.similarity {
        let _ = writeln!(m, "## Outlet similarity\n\n![terms](charts/{}.png)\n\n![frames](charts/{}.png)\n", terms.stem, frames.stem);
    }
    if let Some(t) = &charts.timeline {
        let _ = writeln!(m, "## Time\n\n![timeline](charts/{}.png)\n", t.stem);
        for c in &charts.timeline_rates {
            let _ = writeln!(m, "![{}](charts/{}.png)\n", c.stem, c.stem);
        }
    }

    m.push_str("## Who is named, and how\n\n");
    let shown = report.shown_entities();
    if shown.is_empty() {
        m.push_str("No person or organisation is named.\n\n");
    } else {
        let _ = write!(
            m,
            "Spellings used (×mentions), labels attached (×uses) and the mean VADER tone of the sentences naming the entity (of their words, not a stance towards it), by outlet; all in `{}`, `{}` and `{}`.\n\n| entity |",
            report.table_file("entities"),
            report.table_file("labels"),
            report.table_file("entity_tone")
        );
        for o in &c.outlets {
            let _ = write!(m, " {} |", md(&o.name));
        }
        m.push_str("\n|---|");
        m.push_str(&"---|".repeat(c.outlets.len()));
        m.push('\n');
        for e in &shown {
            let _ = write!(m, "| **{}** ({}, {}) |", md(&e.name), md(&e.kind), e.mentions);
            for o in &c.outlets {
                let names: Vec<String> = report.spellings(e, &o.name).iter().map(|(n, k)| format!("{} ×{k}", md(n))).collect();
                let mut labels: Vec<String> = report.label_cell(&e.name, &o.name, 5).iter().map(|(l, k)| format!("{} ×{k}", md(l))).collect();
                if names.is_empty() {
                    m.push_str(" – |");
                } else {
                    if let Some(t) = report.entity_tone(&e.name, &o.name) {
                        labels.push(format!("tone {:+.2} (n={})", t.mean_compound, t.n_sentences));
                    }
                    let _ = write!(m, " *{}*: {} |", names.join(", "), labels.join("; "));
                }
            }
            m.push('\n');
        }
        m.push('\n');
    }
    m.push_str("## Whose voice\n\n");
    if let Some(chart) = &charts.sourcing {
        let _ = writeln!(m, "![sourcing](charts/{}.png)\n", chart.stem);
        m.push_str("| outlet |");
        for t in SOURCE_TYPE_NAMES {
            let _ = write!(m, " {t} |");
        }
        m.push_str(" denials |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for s in &c.entities.sourcing {
            let _ = write!(m, "| {} |", md(&s.outlet));
            for &n in &s.counts {
                let share = if s.total() > 0 { 100.0 * n as f64 / s.total() as f64 } else { 0.0 };
                let _ = write!(m, " {n} ({share:.0}%) |");
            }
            let _ = writeln!(m, " {} |", s.denials);
        }
        m.push('\n');
        // The first denials of the outlets shown, in corpus order: each outlet keeps its first ones.
        let mut denials: Vec<_> = c.entities.sourcing.iter().flat_map(|s| &s.examples).filter(|r| r.is_denial()).collect();
        denials.sort_by_key(|r| r.row);
        for r in denials.into_iter().take(DENIAL_EXAMPLES) {
            let _ = writeln!(m, "> **{}** ({}, {}): {} — *{}, {}*  ", md(r.shown_source()), md(&r.source_type), md(&r.verb), md(&r.context), md(&r.outlet), md(&r.article_id));
        }
        m.push('\n');
    } else {
        m.push_str("No quote or reported statement was found.\n\n");
    }

    if !c.options.claims.is_empty() {
        let _ = write!(
            m,
            "## Claims\n\nSentences asserting, denying and hedging each claim, by outlet, and who stands behind them; every sentence is in `{}`.\n\n| claim |",
            report.table_file("claims")
        );
        for o in &c.outlets {
            let _ = write!(m, " {} |", md(&o.name));
        }
        m.push_str("\n|---|");
        m.push_str(&"---|".repeat(c.outlets.len()));
        m.push('\n');
        for claim in c.options.claims.keys() {
            let _ = write!(m, "| **{}** |", md(claim));
            for o in &c.outlets {
                let cell = claim_cell(&c.entities.claims, claim, &o.name);
                if cell.total() == 0 {
                    m.push_str(" – |");
                    continue;
                }
                let _ = write!(m, " {} asserted, {} denied, {} hedged", cell.counts[0], cell.counts[1], cell.counts[2]);
                for (verb, speakers) in ["asserting", "denying", "hedging"].iter().zip(&cell.speakers) {
                    if !speakers.is_empty() {
                        let list: Vec<String> = speakers.iter().map(|(s, n)| format!("{} ×{n}", md(s))).collect();
                        let _ = write!(m, "; *{verb}*: {}", list.join(", "));
                    }
                }
                m.push_str(" |");
            }
            m.push('\n');
        }
        m.push('\n');
        for r in c.entities.claims.iter().take(20) {
            let _ = writeln!(m, "> **{}** {}: {} — *{}, {}, {}*  ", md(&r.stance), md(&r.claim), md(&r.context), md(&r.speaker()), md(&r.outlet), md(&r.article_id));
        }
        m.push('\n');
    }

    m.push_str("## Method\n\n");
    for p in method_paragraphs(report) {
        let _ = writeln!(m, "{}\n", md(&p));
    }
    m.push_str("| lexicon | version | licence |\n|---|---|---|\n");
    for l in report.lexicons {
        let _ = writeln!(m, "| {} | {} | {} |", md(&l.meta.name), md(&l.meta.version), md(&l.meta.licence));
    }
    m.push_str("\n## Limitations\n\n");
    for l in LIMITATIONS {
        let _ = writeln!(m, "- {}", md(l));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn escapes_markdown_markup_and_shows_bidi_controls() {
        let cases = [
            ("a | b", "a \\| b"),
            ("*bold* [link](x)", "\\*bold\\* \\[link\\](x)"),
            ("<b>", "&lt;b&gt;"),
            ("two\nlines", "two lines"),
            ("said \u{202E}deined", "said &lt;U+202E&gt;deined"),
            ("قاسم سليماني", "قاسم سليماني"),
        ];
        for (text, want) in cases {
            assert_eq!(md(text), want, "{text:?}");
        }
    }
}
