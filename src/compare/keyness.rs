//! Keyness: term counts by outlet and group, and a contrast, in; each term's score for the target
//! against the reference out, by the chosen measure (weighted log-odds, G² or χ²), with the raw
//! counts beside it.

use super::association::{self, Correction};
use super::log_odds::log_odds;
use super::stats::two_sided_p;
use crate::study::Contrast;
pub use crate::tabulate::{Cell, TermCounts};
use std::sync::Arc;

/// Keyness measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Weighted log-odds ratio with an informative Dirichlet prior, as a z-score (Monroe et al. 2008).
    LogOdds,
    /// Log-likelihood G² (Dunning 1993), signed, as quanteda's textstat_keyness "lr".
    G2,
    /// Pearson's χ², signed, as quanteda's textstat_keyness "chi2".
    Chi2,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::LogOdds => "log-odds",
            Measure::G2 => "g2",
            Measure::Chi2 => "chi2",
        }
    }
}

/// Settings of keyness.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct KeynessOptions {
    pub measure: Measure,
    pub correction: Correction,
    /// α₀ of the log-odds prior; α_w = α₀·π_w with π_w the term's corpus share.
    pub prior_strength: f64,
    /// Terms seen fewer times than this on the two sides together are not scored.
    pub min_count: u64,
    /// Terms the target uses in fewer of its articles than this (or than all of them, when it has
    /// fewer) are not scored: a word one article repeats belongs to that article, not the outlet.
    pub min_docs: u64,
    /// How many of the target's most under-used terms (count 0 in the target) are kept.
    pub under_used: usize,
}

/// One contrast's keyness: its sides, their term totals, and its terms' scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyness {
    /// The contrast's label, e.g. "A vs the rest".
    pub contrast: String,
    pub target: String,
    pub reference: String,
    /// All term tokens of the target (n_i).
    pub total: u64,
    /// All term tokens of the reference (n_j).
    pub total_ref: u64,
    /// Highest score first (ties by term).
    pub terms: Vec<KeyTerm>,
}

/// One term's score in one contrast (`Keyness`), with the counts it comes from. The contrast and
/// its totals are held once per contrast, not per row: the full ABP study has 789,000 rows.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTerm {
    /// Shared with the term counts' vocabulary, not owned.
    pub term: Arc<str>,
    /// The term's count in the target (a; y_wi).
    pub count: u64,
    /// The term's count in the reference (b; y_wj).
    pub count_ref: u64,
    /// z for log-odds, signed G² or χ² otherwise.
    pub score: f64,
    /// Log-odds δ and its standard error (NaN for other measures).
    pub delta: f64,
    pub se: f64,
    pub p: f64,
    /// Benjamini–Hochberg adjusted p over the whole keyness table; filled by the caller.
    pub q: f64,
}

impl Keyness {
    /// (target, term): how the evidence pass (`kwic::TermContexts`) files a term's sentences.
    pub fn evidence_key(&self, k: &KeyTerm) -> (String, String) {
        (self.target.clone(), k.term.to_string())
    }
}

/// Scores every term of a contrast. Its rows are the terms the target used plus its `under_used`
/// lowest-scoring unused terms, highest score first; none when a side has no words.
/// `target_articles` is the number of articles on the target side (it caps `min_docs`).
pub fn keyness(counts: &TermCounts, contrast: &Contrast, options: &KeynessOptions, target_articles: u64) -> Keyness {
    let (target, reference, target_docs) = counts.sides(contrast);
    let min_docs = options.min_docs.min(target_articles).max(1);
    let n_i: u64 = target.iter().sum();
    let n_j: u64 = reference.iter().sum();
    let n_corpus: u64 = counts.corpus.iter().sum();
    let mut scored = Keyness {
        contrast: contrast.label(),
        target: contrast.target.to_string(),
        reference: contrast.reference.to_string(),
        total: n_i,
        total_ref: n_j,
        terms: Vec::new(),
    };
    if n_i == 0 || n_j == 0 {
        return scored;
    }
    let (ni, nj) = (n_i as f64, n_j as f64);
    let a0 = options.prior_strength;
    let score_of = |w: usize| -> (f64, f64, f64, f64) {
        let (yi, yj) = (target[w] as f64, reference[w] as f64);
        match options.measure {
            Measure::LogOdds => {
                let alpha_w = a0 * counts.prior_share(w, n_corpus);
                let r = log_odds(yi, yj, ni, nj, alpha_w, a0);
                (r.z, r.delta, r.se, two_sided_p(r.z))
            }
            Measure::G2 => {
                let g = association::g2(yi, yj, ni - yi, nj - yj, options.correction);
                (g, f64::NAN, f64::NAN, association::chi2_p(g))
            }
            Measure::Chi2 => {
                let x = association::chi2(yi, yj, ni - yi, nj - yj, options.correction);
                (x, f64::NAN, f64::NAN, association::chi2_p(x))
            }
        }
    };
    let row = |w: usize, (score, delta, se, p): (f64, f64, f64, f64)| KeyTerm {
        term: counts.terms[w].clone(),
        count: target[w],
        count_ref: reference[w],
        score,
        delta,
        se,
        p,
        q: f64::NAN,
    };
    // Terms the target used become rows; of the (many more) it never used, only the
    // `under_used` lowest scores do, chosen before any row is built. With none asked for, as
    // the timeline's hundreds of bucket contrasts ask, the unused are not scored at all: most of
    // an outlet's vocabulary is unused in any one week, and scoring it was most of the timeline's
    // time.
    let mut used = Vec::new();
    let mut unused: Vec<(f64, usize)> = Vec::new();
    for w in 0..counts.terms.len() {
        let (y_i, y_j) = (target[w], reference[w]);
        if y_i + y_j < options.min_count || y_i + y_j == 0 || (y_i > 0 && target_docs[w] < min_docs) {
            continue;
        }
        if y_i > 0 {
            used.push(row(w, score_of(w)));
        } else if options.under_used > 0 {
            unused.push((score_of(w).0, w));
        }
    }
    // The exact reverse of the final order (highest score first, ties by term), so that ties at
    // the cut fall as they would in one sort of every row.
    let lowest = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then_with(|| counts.terms[b.1].cmp(&counts.terms[a.1]));
    let keep = options.under_used.min(unused.len());
    if keep < unused.len() && keep > 0 {
        unused.select_nth_unstable_by(keep - 1, lowest);
    }
    unused.truncate(keep);
    used.extend(unused.into_iter().map(|(_, w)| row(w, score_of(w))));
    used.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.term.cmp(&b.term)));
    used.shrink_to_fit();
    scored.terms = used;
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Side;
    use std::collections::BTreeMap;

    /// Outlet A (group g1): martyr 8, killed 2, other 90; B (g2): killed 10, other 90;
    /// C (g2): killed 5, other 5.
    fn counts() -> TermCounts {
        TermCounts::from_long(
            &["A", "A", "A", "B", "B", "C", "C"],
            &["g1", "g1", "g1", "g2", "g2", "g2", "g2"],
            &["martyr", "killed", "other", "killed", "other", "killed", "other"],
            &[8, 2, 90, 10, 90, 5, 5],
            &[3, 1, 4, 3, 4, 2, 2],
        )
    }

    fn options(measure: Measure, min_count: u64, under_used: usize) -> KeynessOptions {
        KeynessOptions { measure, correction: Correction::None, prior_strength: 200.0, min_count, min_docs: 1, under_used }
    }

    #[test]
    fn sides_of_contrasts() {
        let c = counts();
        assert_eq!(c.terms.iter().map(|t| &**t).collect::<Vec<_>>(), ["killed", "martyr", "other"]);
        let pair = Contrast { target: Side::Outlet("A".into()), reference: Side::Outlet("B".into()) };
        assert_eq!(c.sides(&pair), (vec![2, 8, 90], vec![10, 0, 90], vec![1, 3, 4]));
        assert_eq!(c.sides(&Contrast::vs_rest("A")), (vec![2, 8, 90], vec![15, 0, 95], vec![1, 3, 4]));
        let groups = Contrast { target: Side::Group("g2".into()), reference: Side::Group("g1".into()) };
        assert_eq!(c.sides(&groups), (vec![15, 0, 95], vec![2, 8, 90], vec![5, 0, 6]));
    }

    #[test]
    fn log_odds_pair_uses_the_corpus_prior() {
        // A vs B with α₀ = 200 and the corpus (N = 210) as prior: α_martyr = 200·8/210.
        let scored = keyness(&counts(), &Contrast { target: Side::Outlet("A".into()), reference: Side::Outlet("B".into()) }, &options(Measure::LogOdds, 1, 0), 4);
        let rows = &scored.terms;
        let martyr = rows.iter().find(|r| &*r.term == "martyr").unwrap();
        let a: f64 = 200.0 * 8.0 / 210.0;
        let delta = ((8.0 + a) / (100.0 + 200.0 - 8.0 - a)).ln() - (a / (100.0 + 200.0 - a)).ln();
        assert!((martyr.delta - delta).abs() < 1e-12);
        assert_eq!((martyr.count, martyr.count_ref, scored.total, scored.total_ref), (8, 0, 100, 100));
        assert_eq!(&*rows[0].term, "martyr");
        assert_eq!(&*rows.last().unwrap().term, "killed");
        assert_eq!((&*scored.contrast, &*scored.target, &*scored.reference), ("A vs B", "A", "B"));
        assert_eq!(scored.evidence_key(martyr), ("A".to_string(), "martyr".to_string()));
    }

    #[test]
    fn a_background_list_replaces_the_corpus_prior() {
        // Background: martyr 0, killed 30, other 69 (N = 99); union vocabulary = 3 terms.
        // π_martyr = (0 + 1)/(99 + 3) = 1/102, so α_martyr = 200/102 with α₀ = 200.
        let background = BTreeMap::from([("killed".to_string(), 30), ("other".to_string(), 69)]);
        let counts = counts().with_background(&background);
        let pair = Contrast { target: Side::Outlet("A".into()), reference: Side::Outlet("B".into()) };
        let rows = keyness(&counts, &pair, &options(Measure::LogOdds, 1, 0), 4).terms;
        let martyr = rows.iter().find(|r| &*r.term == "martyr").unwrap();
        let a: f64 = 200.0 / 102.0;
        let delta = ((8.0 + a) / (100.0 + 200.0 - 8.0 - a)).ln() - (a / (100.0 + 200.0 - a)).ln();
        assert!((martyr.delta - delta).abs() < 1e-12, "{} vs {delta}", martyr.delta);
    }

    #[test]
    fn g2_and_chi2_rows_match_the_association_formulas() {
        let contrast = Contrast { target: Side::Outlet("A".into()), reference: Side::Outlet("B".into()) };
        let rows = keyness(&counts(), &contrast, &options(Measure::Chi2, 1, 0), 4).terms;
        let killed = rows.iter().find(|r| &*r.term == "killed").unwrap();
        // a = 2, b = 10, c = 98, d = 90: χ² = 200(180 − 980)²/(12·188·100·100) = 5.673759, negative.
        assert!((killed.score + 5.673_759).abs() < 1e-5, "{}", killed.score);
        assert!(killed.delta.is_nan());
        let rows = keyness(&counts(), &contrast, &options(Measure::G2, 1, 0), 4).terms;
        let killed = rows.iter().find(|r| &*r.term == "killed").unwrap();
        assert!((killed.score + 6.162_592).abs() < 1e-5, "{}", killed.score);
    }

    #[test]
    fn min_count_and_under_used_rows() {
        // B never says "martyr": kept as B's most under-used term when asked for.
        let rows = keyness(&counts(), &Contrast::vs_rest("B"), &options(Measure::LogOdds, 1, 1), 4).terms;
        let last = rows.last().unwrap();
        assert_eq!((&*last.term, last.count), ("martyr", 0));
        let rows = keyness(&counts(), &Contrast::vs_rest("B"), &options(Measure::LogOdds, 9, 1), 4).terms;
        assert!(rows.iter().all(|r| &*r.term != "martyr"), "martyr (8 < 9) is not scored");
        // "killed" is in only one of A's articles: with min_docs 2 it is not scored for A (a word
        // one article repeats is that article's), but min_docs never exceeds the side's articles.
        let strict = KeynessOptions { min_docs: 2, ..options(Measure::LogOdds, 1, 0) };
        let terms: Vec<String> = keyness(&counts(), &Contrast::vs_rest("A"), &strict, 4).terms.into_iter().map(|r| r.term.to_string()).collect();
        assert_eq!(terms, ["martyr", "other"]);
        let terms: Vec<String> = keyness(&counts(), &Contrast::vs_rest("A"), &strict, 1).terms.into_iter().map(|r| r.term.to_string()).collect();
        assert_eq!(terms.len(), 3, "a one-article outlet keeps its terms: {terms:?}");
        // A side with no words has nothing to compare.
        let nobody = Contrast { target: Side::Outlet("Z".into()), reference: Side::Rest };
        let none = keyness(&counts(), &nobody, &options(Measure::LogOdds, 1, 5), 4);
        assert!(none.terms.is_empty());
        assert_eq!((none.total, none.total_ref, &*none.contrast), (0, 210, "Z vs the rest"));
    }
}
