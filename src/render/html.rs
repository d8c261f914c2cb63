//! The HTML report: a `Report` in, one self-contained HTML page out (inline CSS and SVG, no
//! scripts, nothing fetched). Every string that comes from an article is escaped.

use super::{ChartSet, LIMITATIONS, Report, SOURCE_TYPE_NAMES, contrast_slug, fmt_p, method_paragraphs, slug};
use crate::compare::Level;
use crate::compare::claims::claim_cell;
use crate::compare::entities::OUTLET_DENIALS_SHOWN;
use crate::study::Contrast;
use crate::ingest::Status;
use crate::model::Kwic;
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if super::is_bidi_control(c) => out.push_str(&super::escaped_bidi_control(c)),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:0 auto;padding:1.5em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.25em .55em;text-align:left;vertical-align:top}
th{background:#f3f6f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff6e0;border-left:4px solid #E69F00;padding:.5em .8em}
.chart{overflow-x:auto;margin:.8em 0}.chart svg{max-width:100%;height:auto}
details{margin:.2em 0}summary{cursor:pointer;color:#0072B2}
ul.kwic{list-style:none;padding-left:.5em;margin:.3em 0}ul.kwic li{margin:.25em 0;font-size:.92em}
mark{background:#ffe08a;padding:0 .1em}.src{color:#666;font-size:.85em}
nav a{margin-right:.8em}
";

fn kwic_list(out: &mut String, evidence: &[Kwic]) {
    out.push_str("<ul class=\"kwic\">");
    for k in evidence {
        let _ = write!(
            out,
            "<li>{}<mark>{}</mark>{} <span class=\"src\">— {}, {}</span></li>",
            escape(&k.pre),
            escape(&k.keyword),
            escape(&k.post),
            escape(&k.outlet),
            escape(&k.article_id)
        );
    }
    out.push_str("</ul>");
}

/// Inline SVG without an XML declaration.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// The report's sections in order: (anchor, title in the navigation, writer, whether it is shown).
type Section = (&'static str, &'static str, fn(&mut String, &Report, &ChartSet), fn(&Report) -> bool);
const SECTIONS: &[Section] = &[
    ("summary", "Summary", summary, always),
    ("corpus", "Corpus", corpus, always),
    ("framing", "Word choice &amp; framing", framing, always),
    ("tone", "Tone", tone, always),
    ("distinctive", "Distinctive terms", distinctive, always),
    ("entities", "Who is named, and how", entities, always),
    ("sources", "Whose voice", sources, always),
    ("claims", "Claims", claims, has_claims),
    ("comparisons", "Comparisons", comparisons, always),
    ("similarity", "Outlet similarity", similarity, always),
    ("time", "Time", time, always),
    ("method", "Method", method, always),
    ("limitations", "Limitations", limitations, always),
];

fn always(_: &Report) -> bool {
    true
}

/// Claims appear only when the study names some, so a study without them reads as before.
fn has_claims(report: &Report) -> bool {
    !report.comparison.options.claims.is_empty()
}

pub fn render(report: &Report, charts: &ChartSet) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>slant report: {}</title><style>{STYLE}</style></head><body>\n",
        escape(report.name)
    );
    let _ = writeln!(h, "<h1>slant report: {}</h1>", escape(report.name));
    h.push_str("<nav>");
    for (anchor, title, _, shown) in SECTIONS {
        if shown(report) {
            let _ = write!(h, "<a href=\"#{anchor}\">{title}</a>");
        }
    }
    h.push_str("</nav>\n");
    for (anchor, title, write_section, _) in SECTIONS.iter().filter(|s| (s.3)(report)) {
        let _ = write!(h, "\n<h2 id=\"{anchor}\">{title}</h2>");
        write_section(&mut h, report, charts);
    }
    h.push_str("\n<p class=\"src\">Made with slant ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(".</p></body></html>\n");
    h
}

fn summary(h: &mut String, report: &Report, _: &ChartSet) {
    h.push_str("<ul>");
    for f in report.findings() {
        let _ = write!(h, "<li>{}</li>", escape(&f));
    }
    h.push_str("</ul>\n");
}

fn corpus(h: &mut String, report: &Report, _: &ChartSet) {
    let c = report.comparison;
    h.push_str("<table><tr><th>outlet</th><th>articles</th><th>words</th><th>first date</th><th>last date</th><th>undated</th><th>outlet known from</th><th>evidence</th></tr>");
    for o in &c.all_outlets {
        let d = |d: Option<chrono::NaiveDate>| d.map_or("–".to_string(), |d| d.to_string());
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&o.name),
            o.articles,
            o.tokens,
            d(o.first_date),
            d(o.last_date),
            o.undated,
            escape(&o.provenance),
            if o.descriptive_only { "descriptive only" } else { "sufficient" }
        );
    }
    h.push_str("</table>\n");
    if c.outlets.len() < c.all_outlets.len() {
        let _ = write!(
            h,
            "<p class=\"note\">The charts and sections below show the {} outlets with the most articles; the other {} are in every table (<code>--report-outlets</code> shows more).</p>",
            c.outlets.len(),
            c.all_outlets.len() - c.outlets.len()
        );
    }
    let ing = report.ingested;
    let _ = write!(
        h,
        "<p>Input records: {} accepted, {} duplicates, {} rejected, {} files skipped. Every record is listed in <code>ingest.csv</code>.</p>",
        ing.count(Status::Accepted),
        ing.count(Status::Duplicate),
        ing.count(Status::Rejected),
        ing.count(Status::Skipped)
    );
    let not_accepted: Vec<_> = ing.log.iter().filter(|e| e.status != Status::Accepted).collect();
    if !not_accepted.is_empty() {
        h.push_str("<table><tr><th>record</th><th>status</th><th>reason</th></tr>");
        for e in not_accepted.iter().take(200) {
            let _ = write!(h, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape(&e.origin.to_string()), e.status.as_str(), escape(&e.reason));
        }
        h.push_str("</table>");
        if not_accepted.len() > 200 {
            let _ = write!(h, "<p>… and {} more in ingest.csv.</p>", not_accepted.len() - 200);
        }
    }
    for w in &ing.warnings {
        let _ = write!(h, "<p class=\"note\">{}</p>", escape(w));
    }
    for line in crate::render::ingest_summary(ing) {
        let _ = write!(h, "<p>{}</p>", escape(&line));
    }
    furniture(h, report);
}

/// What page furniture was removed from each outlet, with the lines themselves.
fn furniture(h: &mut String, report: &Report) {
    let cleaning = report.cleaning;
    let changed: Vec<_> = cleaning.outlets.iter().filter(|o| o.lines_removed + o.phrases_removed > 0).collect();
    if changed.is_empty() {
        h.push_str("<p>Page furniture: no line repeats across enough of an outlet's articles to be removed.</p>");
        return;
    }
    h.push_str("<h3>Page furniture removed</h3><p>Lines an outlet repeats across many of its articles (captions, newsletter and copyright lines) are removed before counting.</p>");
    h.push_str("<table><tr><th>outlet</th><th>articles changed</th><th>lines removed</th><th>articles with phrases cut</th><th>share of text</th><th>what</th></tr>");
    for o in changed {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{} of {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td><td><details><summary>show</summary><ul class=\"kwic\">",
            escape(&o.outlet),
            o.articles_changed,
            o.articles,
            o.lines_removed,
            o.phrases_removed,
            100.0 * o.bytes_removed as f64 / o.bytes_before.max(1) as f64
        );
        for l in cleaning.lines.iter().filter(|l| l.outlet == o.outlet).take(10) {
            let _ = write!(h, "<li>{} <span class=\"src\">({}, {} articles)</span></li>", escape(&l.line), l.kind.as_str(), l.articles);
        }
        h.push_str("</ul></details></td></tr>");
    }
    h.push_str("</table>");
}

fn framing(h: &mut String, report: &Report, charts: &ChartSet) {
    let c = report.comparison;
    if c.outlets.iter().any(|o| o.descriptive_only) {
        let _ = write!(
            h,
            "<p class=\"note\">Outlets with fewer than {} articles are marked <em>descriptive only</em>: their rates and intervals describe these texts, not the outlet.</p>",
            c.options.min_articles
        );
    }
    for (lex, (heat, intervals, ladder)) in report.lexicons.iter().zip(&charts.lexicons) {
        let _ = write!(
            h,
            "<h3 id=\"lexicon-{}\">{}</h3><p>{} <span class=\"src\">(lexicon {} v{}, {})</span></p>",
            slug(&lex.meta.name),
            escape(&lex.meta.name),
            escape(&lex.meta.description),
            escape(&lex.meta.name),
            escape(&lex.meta.version),
            escape(&lex.meta.licence)
        );
        for chart in [ladder, heat, intervals] {
            let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&chart.svg));
        }
        for (cat, uses) in report.lexicon_uses(&lex.meta.name, Level::Outlet) {
            let description = lex.categories.iter().find(|k| k.name == cat).map_or("", |k| k.description.as_str());
            let _ = write!(h, "<h4>{}</h4><p>{}</p>", escape(&cat.replace('_', " ")), escape(description));
            h.push_str("<table><tr><th>outlet</th><th>hits</th><th>per 1,000 words (95% CI)</th><th>forms used</th><th>evidence</th></tr>");
            for u in uses {
                let forms: Vec<String> = u.forms.iter().take(8).map(|(f, n)| format!("{} ×{n}", escape(f))).collect();
                let _ = write!(
                    h,
                    "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2} ({:.2}–{:.2})</td><td>{}</td><td>",
                    escape(&u.unit),
                    if u.descriptive_only { " <span class=\"src\">(descriptive)</span>" } else { "" },
                    u.rate.hits,
                    u.rate.rate,
                    u.rate.ci_low,
                    u.rate.ci_high,
                    forms.join(", ")
                );
                if !u.evidence.is_empty() {
                    let _ = write!(h, "<details><summary>{} sentence{}</summary>", u.evidence.len(), if u.evidence.len() == 1 { "" } else { "s" });
                    kwic_list(h, &u.evidence);
                    h.push_str("</details>");
                }
                h.push_str("</td></tr>");
            }
            h.push_str("</table>\n");
        }
    }

}

fn tone(h: &mut String, report: &Report, _: &ChartSet) {
    let c = report.comparison;
    h.push_str("<p>Mean VADER compound score of the sentences of each article (−1 most negative, +1 most positive), averaged over the outlet's articles, with a 95% bootstrap interval over articles; and the share of all its sentences that VADER scores negative (≤ −0.05) or positive (≥ 0.05).</p>");
    h.push_str("<table><tr><th>outlet</th><th>articles</th><th>sentences</th><th>mean compound</th><th>95% interval</th><th>negative sentences</th><th>positive sentences</th><th>evidence</th></tr>");
    for t in &c.tone {
        let descriptive = c.outlets.iter().any(|o| o.name == t.outlet && o.descriptive_only);
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:+.3}</td><td class=\"n\">{:+.3} to {:+.3}</td><td class=\"n\">{:.0}%</td><td class=\"n\">{:.0}%</td><td>{}</td></tr>",
            escape(&t.outlet),
            t.n_articles,
            t.n_sentences,
            t.mean_compound,
            t.ci_low,
            t.ci_high,
            100.0 * t.share_negative,
            100.0 * t.share_positive,
            if descriptive { "descriptive only" } else { "sufficient" }
        );
    }
    h.push_str("</table>\n");
}

fn distinctive(h: &mut String, report: &Report, charts: &ChartSet) {
    let c = report.comparison;
    if c.outlets.len() < 2 {
        h.push_str("<p>Only one outlet: there is nothing to compare it with.</p>");
    }
    let _ = write!(h, "<p>Each outlet against all other outlets pooled, by {}. Blue: used more by the outlet; orange: used less.</p>", report.measure_label());
    for (contrast, chart) in c.contrasts.iter().zip(&charts.distinctive).filter(|(c, _)| !c.is_pairwise()) {
        contrast_terms(h, report, contrast, chart.as_ref(), 3);
    }
}

/// One contrast's chart and table of distinctive terms, with evidence where collected.
fn contrast_terms(h: &mut String, report: &Report, contrast: &Contrast, chart: Option<&super::RenderedChart>, level: u8) {
    let c = report.comparison;
    let _ = write!(h, "<h{level} id=\"terms-{}\">{}</h{level}>", slug(&contrast_slug(contrast)), escape(&contrast.label()));
    let Some(chart) = chart else {
        let _ = write!(h, "<p>No term reaches the minimum count of {}.</p>", c.options.keyness.min_count);
        return;
    };
    let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&chart.svg));
    let _ = write!(
        h,
        "<table><tr><th>term</th><th>count in {}</th><th>count in {}</th><th>{}</th><th>q (BH)</th><th>evidence</th></tr>",
        escape(&contrast.target.to_string()),
        escape(&contrast.reference.to_string()),
        report.measure_label()
    );
    for k in report.shown_terms(contrast) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{}</td><td>",
            escape(&k.term),
            k.count,
            k.count_ref,
            k.score,
            fmt_p(k.q)
        );
        if let Some(ev) = report.evidence_of(contrast, k) {
            let _ = write!(h, "<details><summary>{} sentence{}</summary>", ev.len(), if ev.len() == 1 { "" } else { "s" });
            kwic_list(h, ev);
            h.push_str("</details>");
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table>\n");
}

fn comparisons(h: &mut String, report: &Report, charts: &ChartSet) {
    let c = report.comparison;
    let pairwise: Vec<_> =
        c.contrasts.iter().zip(&charts.distinctive).zip(&charts.term_maps).filter(|((c, _), _)| c.is_pairwise()).collect();
    if pairwise.is_empty() && c.groups.is_empty() {
        h.push_str("<p>No pairs or groups were chosen. Compare two outlets with <code>--pair A B</code>, or groups with <code>--group-field FIELD --groups A B</code> (or <code>[[compare]]</code> in a study.toml).</p>");
        return;
    }
    if !c.groups.is_empty() {
        h.push_str("<h3>Groups</h3><table><tr><th>group</th><th>articles</th><th>words</th><th>group known from</th><th>evidence</th></tr>");
        for g in &c.groups {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&g.name),
                g.articles,
                g.tokens,
                escape(&g.provenance),
                if g.descriptive_only { "descriptive only" } else { "sufficient" }
            );
        }
        h.push_str("</table><table><tr><th>lexicon</th><th>category</th><th>group</th><th>hits</th><th>per 1,000 words (95% CI)</th></tr>");
        for u in c.uses(Level::Group) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2} ({:.2}–{:.2})</td></tr>",
                escape(&u.lexicon),
                escape(&u.category.replace('_', " ")),
                escape(&u.unit),
                u.rate.hits,
                u.rate.rate,
                u.rate.ci_low,
                u.rate.ci_high
            );
        }
        h.push_str("</table>");
    }
    for ((contrast, chart), map) in pairwise {
        contrast_terms(h, report, contrast, chart.as_ref(), 3);
        if let Some(map) = map {
            let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&map.svg));
        }
        let label = contrast.label();
        let tests: Vec<_> = c.frame_tests.iter().filter(|t| t.contrast == label).collect();
        let _ = write!(
            h,
            "<p>Frame rates compared by permutation ({} relabellings of {} + {} articles):</p><table><tr><th>lexicon</th><th>category</th><th>{}</th><th>{}</th><th>difference</th><th>p</th><th>q (BH)</th></tr>",
            c.options.permutations,
            tests.first().map_or(0, |t| t.n_articles),
            tests.first().map_or(0, |t| t.n_articles_ref),
            escape(&contrast.target.to_string()),
            escape(&contrast.reference.to_string())
        );
        for t in tests {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{:.2}</td><td class=\"n\">{:+.2}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&t.lexicon),
                escape(&t.category.replace('_', " ")),
                t.rate,
                t.rate_ref,
                t.diff,
                fmt_p(t.p),
                fmt_p(t.q)
            );
        }
        h.push_str("</table>\n");
    }
}

fn similarity(h: &mut String, report: &Report, charts: &ChartSet) {
    let s = &report.comparison.similarity;
    let Some((terms, frames)) = &charts.similarity else {
        h.push_str("<p>Fewer than two outlets: nothing to compare.</p>");
        return;
    };
    h.push_str("<p>How alike outlets' vocabularies and framing are: Jensen–Shannon divergence, 0 for identical distributions and 1 for disjoint ones. Outlets are ordered so that similar ones sit together.</p>");
    if s.left_out > 0 {
        let _ = write!(h, "<p class=\"note\">{} outlets with the fewest articles are left out of the matrix (see tables/similarity for those shown).</p>", s.left_out);
    }
    let _ = write!(h, "<div class=\"chart\">{}</div><div class=\"chart\">{}</div>", inline_svg(&terms.svg), inline_svg(&frames.svg));
}

fn time(h: &mut String, report: &Report, charts: &ChartSet) {
    let Some(chart) = &charts.timeline else {
        h.push_str("<p>No dated articles.</p>");
        return;
    };
    let noun = super::bucket_noun(report.comparison.bucket);
    let _ = write!(
        h,
        "<p>Articles per {noun} and outlet, and each lexicon's hits per 1,000 words per {noun}; the rates by category are in <code>tables/timeline</code>.</p><div class=\"chart\">{}</div>",
        inline_svg(&chart.svg)
    );
    for c in &charts.timeline_rates {
        let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&c.svg));
    }
    if report.timeline_terms.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>What each outlet wrote about, {noun} by {noun}</h3><p>Each {noun}'s articles against the same outlet's other {noun}s ({}; raw counts in <code>tables/timeline_terms</code>).</p><table><tr><th>outlet</th><th>{noun}</th><th>distinctive terms (count this {noun} vs the outlet's other {noun}s)</th></tr>",
        report.measure_label()
    );
    let mut rows: std::collections::BTreeMap<(&str, &str), Vec<String>> = std::collections::BTreeMap::new();
    for scored in report.timeline_terms {
        let outlet = scored.reference.trim_end_matches(", other buckets");
        let terms = rows.entry((outlet, scored.target.as_str())).or_default();
        terms.extend(scored.terms.iter().map(|k| format!("{} ({} vs {})", escape(&k.term), k.count, k.count_ref)));
    }
    for ((outlet, bucket), terms) in rows {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape(outlet), escape(bucket), terms.join(", "));
    }
    h.push_str("</table>");
}

fn entities(h: &mut String, report: &Report, _: &ChartSet) {
    let c = report.comparison;
    let shown = report.shown_entities();
    if shown.is_empty() {
        h.push_str("<p>No person or organisation is named.</p>");
        return;
    }
    let _ = write!(
        h,
        "<p>The people and organisations mentioned most, grouped across outlets and spellings (see Method), with the labels each outlet attaches to them: titles, the words before the name, appositions, descriptions, and actors-lexicon words among them; and the mean VADER tone of the outlet's sentences naming them (the tone of the words around the name, not a stance towards it). Every entity and label is in <code>{}</code>, <code>{}</code> and <code>{}</code> with an example sentence.</p>",
        report.table_file("entities"),
        report.table_file("labels"),
        report.table_file("entity_tone")
    );
    h.push_str("<table><tr><th>entity</th>");
    for o in &c.outlets {
        let _ = write!(h, "<th>{}</th>", escape(&o.name));
    }
    h.push_str("</tr>");
    for e in &shown {
        let _ = write!(h, "<tr><td><strong>{}</strong><br><span class=\"src\">{}, {} mentions</span></td>", escape(&e.name), escape(&e.kind), e.mentions);
        for o in &c.outlets {
            let names: Vec<String> = report.spellings(e, &o.name).iter().map(|(n, k)| format!("{} ×{k}", escape(n))).collect();
            let labels: Vec<String> = report.label_cell(&e.name, &o.name, 5).iter().map(|(l, k)| format!("{} ×{k}", escape(l))).collect();
            if names.is_empty() {
                h.push_str("<td>–</td>");
            } else {
                let tone = report
                    .entity_tone(&e.name, &o.name)
                    .map(|t| format!("<br><span class=\"src\">tone {:+.2} over {} sentence{}</span>", t.mean_compound, t.n_sentences, if t.n_sentences == 1 { "" } else { "s" }))
                    .unwrap_or_default();
                let _ = write!(h, "<td><span class=\"src\">{}</span><br>{}{tone}</td>", names.join(", "), labels.join("; "));
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>\n");
    for e in &shown {
        let examples: Vec<_> = c.entities.labels.iter().filter(|l| l.entity == e.name).take(6).collect();
        if examples.is_empty() {
            continue;
        }
        let _ = write!(h, "<details><summary>{}: labels in their sentences</summary><ul class=\"kwic\">", escape(&e.name));
        for l in examples {
            let _ = write!(
                h,
                "<li><mark>{}</mark> <span class=\"src\">({}, ×{})</span> {} <span class=\"src\">— {}, {}</span></li>",
                escape(&l.label),
                escape(&l.kind),
                l.count,
                escape(&l.context),
                escape(&l.outlet),
                escape(&l.article_id)
            );
        }
        h.push_str("</ul></details>");
    }
}

fn sources(h: &mut String, report: &Report, charts: &ChartSet) {
    let c = report.comparison;
    let Some(chart) = &charts.sourcing else {
        h.push_str("<p>No quote or reported statement was found.</p>");
        return;
    };
    let _ = write!(
        h,
        "<p>Who each outlet lets speak: every direct quote and reported statement, by the type of its source. All of them are in <code>{}</code>, with the speech verb, its stance and the words reported.</p>",
        report.table_file("sources")
    );
    let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&chart.svg));
    h.push_str("<table><tr><th>outlet</th>");
    for t in SOURCE_TYPE_NAMES {
        let _ = write!(h, "<th>{t}</th>");
    }
    h.push_str("<th>denials</th><th>evidence</th></tr>");
    for s in &c.entities.sourcing {
        let _ = write!(h, "<tr><td>{}</td>", escape(&s.outlet));
        for &n in &s.counts {
            let share = if s.total() > 0 { 100.0 * n as f64 / s.total() as f64 } else { 0.0 };
            let _ = write!(h, "<td class=\"n\">{n} ({share:.0}%)</td>");
        }
        let _ = write!(h, "<td class=\"n\">{}</td><td>", s.denials);
        // Evidence: the denials first, then one example of each source type.
        let rows = &s.examples;
        let mut chosen: Vec<_> = rows.iter().filter(|r| r.is_denial()).take(OUTLET_DENIALS_SHOWN).collect();
        for t in ["named-person", "named-organisation", "anonymous", "other-media", "unattributed"] {
            if let Some(r) = rows.iter().find(|r| r.source_type == t && !chosen.iter().any(|c| c.row == r.row)) {
                chosen.push(r);
            }
        }
        if !chosen.is_empty() {
            let _ = write!(h, "<details><summary>{} examples</summary><ul class=\"kwic\">", chosen.len());
            for r in chosen {
                let _ = write!(
                    h,
                    "<li><mark>{}</mark> <span class=\"src\">({}{}{})</span> {} <span class=\"src\">— {}</span></li>",
                    escape(r.shown_source()),
                    escape(&r.source_type),
                    if r.verb.is_empty() { String::new() } else { format!(", {}", escape(&r.verb)) },
                    if r.stance == "none" { String::new() } else { format!(", {}", escape(&r.stance)) },
                    escape(&r.context),
                    escape(&r.article_id)
                );
            }
            h.push_str("</ul></details>");
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table>\n");
}

/// Stance words for people, in `ClaimStance::ALL` order.
const STANCE_VERBS: [&str; 3] = ["asserting", "denying", "hedging"];

fn claims(h: &mut String, report: &Report, _: &ChartSet) {
    let c = report.comparison;
    let _ = write!(
        h,
        "<p>Each sentence stating a claim the study names, by outlet: how many assert it, deny it or hedge it, and who stands behind them (the source the sentence reports, or the outlet itself). The rule is in the Method section; every sentence is in <code>{}</code> with the cue that decided its stance.</p>",
        report.table_file("claims")
    );
    h.push_str("<table><tr><th>claim</th>");
    for o in &c.outlets {
        let _ = write!(h, "<th>{}</th>", escape(&o.name));
    }
    h.push_str("</tr>");
    for (claim, patterns) in &c.options.claims {
        let _ = write!(h, "<tr><td><strong>{}</strong><br><span class=\"src\">{}</span></td>", escape(claim), escape(&patterns.join(", ")));
        for o in &c.outlets {
            let cell = claim_cell(&c.entities.claims, claim, &o.name);
            if cell.total() == 0 {
                h.push_str("<td>–</td>");
                continue;
            }
            let _ = write!(h, "<td>{} asserted · {} denied · {} hedged", cell.counts[0], cell.counts[1], cell.counts[2]);
            for (verb, speakers) in STANCE_VERBS.iter().zip(&cell.speakers) {
                if !speakers.is_empty() {
                    let list: Vec<String> = speakers.iter().map(|(s, n)| format!("{} ×{n}", escape(s))).collect();
                    let _ = write!(h, "<br><span class=\"src\">{verb}:</span> {}", list.join("; "));
                }
            }
            let rows: Vec<_> = c.entities.claims.iter().filter(|r| r.claim == *claim && r.outlet == o.name).collect();
            let _ = write!(h, "<details><summary>{} sentence{}</summary><ul class=\"kwic\">", rows.len(), if rows.len() == 1 { "" } else { "s" });
            for r in rows.iter().take(10) {
                let (pre, post) = r.context.split_once(r.surface.as_str()).unwrap_or((r.context.as_str(), ""));
                let marked = if r.context.contains(r.surface.as_str()) { format!("<mark>{}</mark>", escape(&r.surface)) } else { String::new() };
                let cue = if r.cue.is_empty() { String::new() } else { format!("<span class=\"src\">: “{}”</span>", escape(&r.cue)) };
                let _ = write!(
                    h,
                    "<li><strong>{}</strong>{cue} {}{marked}{} <span class=\"src\">— {}, {}</span></li>",
                    escape(&r.stance),
                    escape(pre),
                    escape(post),
                    escape(&r.speaker()),
                    escape(&r.article_id)
                );
            }
            h.push_str("</ul></details></td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>\n");
}

fn method(h: &mut String, report: &Report, _: &ChartSet) {
    for p in method_paragraphs(report) {
        let _ = write!(h, "<p>{}</p>", escape(&p));
    }
    h.push_str("<table><tr><th>lexicon</th><th>version</th><th>source</th><th>licence</th><th>SHA-256</th></tr>");
    for l in report.lexicons {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&l.meta.name),
            escape(&l.meta.version),
            escape(&l.meta.source),
            escape(&l.meta.licence),
            &l.sha256[..16]
        );
    }
    let _ = write!(h, "</table><p>Tables ({}) are in <code>tables/</code>; options, inputs and hashes in <code>run.json</code>.</p>", report.tables.name());
}

fn limitations(h: &mut String, _: &Report, _: &ChartSet) {
    h.push_str("<ul>");
    for l in LIMITATIONS {
        let _ = write!(h, "<li>{}</li>", escape(l));
    }
    h.push_str("</ul>");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("\"><img onerror='x'>"), "&quot;&gt;&lt;img onerror=&#39;x&#39;&gt;");
        assert_eq!(escape("A & B"), "A &amp; B");
        // A right-to-left override quoted from an article is shown, not obeyed.
        assert_eq!(escape("said \u{202E}deined\u{202C} it"), "said &lt;U+202E&gt;deined&lt;U+202C&gt; it");
        assert_eq!(escape("\u{2067}x\u{2069}"), "&lt;U+2067&gt;x&lt;U+2069&gt;");
        // Arabic and Hebrew text and the marks that order it are left alone.
        assert_eq!(escape("قاسم سليماني \u{200F}"), "قاسم سليماني \u{200F}");
    }
}
