//! Log-odds: per-outlet term counts in, each term's weighted log-odds ratio with an informative
//! Dirichlet prior out (Monroe, Colaresi & Quinn 2008, Political Analysis 16:372–403, eqs. 16–22),
//! for one outlet against all others pooled.

use super::stats::two_sided_p;

/// Term counts of a corpus, by outlet, with the vocabulary shared.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    pub outlets: Vec<String>,
    pub terms: Vec<String>,
    /// Per outlet: (term index, count), sorted by term index.
    pub counts: Vec<Vec<(u32, u64)>>,
    /// Per term: its count over the whole corpus.
    pub corpus: Vec<u64>,
}

impl TermCounts {
    /// Builds counts from the long `terms` table's columns (outlet, term, count).
    pub fn from_long(outlet: &[&str], term: &[&str], count: &[u64]) -> TermCounts {
        use std::collections::BTreeMap;
        let vocab: BTreeMap<&str, u32> = {
            let mut v: Vec<&str> = term.to_vec();
            v.sort_unstable();
            v.dedup();
            v.into_iter().enumerate().map(|(i, t)| (t, i as u32)).collect()
        };
        let mut by_outlet: BTreeMap<&str, Vec<(u32, u64)>> = BTreeMap::new();
        let mut corpus = vec![0u64; vocab.len()];
        for ((o, t), c) in outlet.iter().zip(term).zip(count) {
            let id = vocab[t];
            corpus[id as usize] += c;
            by_outlet.entry(o).or_default().push((id, *c));
        }
        let mut counts = Vec::with_capacity(by_outlet.len());
        let mut outlets = Vec::with_capacity(by_outlet.len());
        for (o, mut c) in by_outlet {
            c.sort_unstable();
            outlets.push(o.to_string());
            counts.push(c);
        }
        TermCounts { outlets, terms: vocab.into_keys().map(str::to_string).collect(), counts, corpus }
    }

    pub fn total(&self, outlet: usize) -> u64 {
        self.counts[outlet].iter().map(|(_, c)| c).sum()
    }
}

/// Settings of the log-odds comparison.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct LogOddsOptions {
    /// α₀, the prior's total pseudo-count; α_w = α₀·π_w with π_w the term's corpus share.
    pub prior_strength: f64,
    /// Terms seen fewer times than this in the whole corpus are not scored (rare-word artefacts).
    pub min_count: u64,
    /// How many of the outlet's most under-used terms (count 0 in the outlet) are kept.
    pub under_used: usize,
}

/// One term's score for one outlet against the rest, with the counts it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTerm {
    pub outlet: String,
    pub term: String,
    /// y_wi: the term's count in the outlet.
    pub count: u64,
    /// y_wj: the term's count in all other outlets.
    pub count_rest: u64,
    /// n_i: all term tokens of the outlet.
    pub total: u64,
    /// n_j: all term tokens of the other outlets.
    pub total_rest: u64,
    pub delta: f64,
    pub se: f64,
    pub z: f64,
    pub p: f64,
    /// Benjamini–Hochberg adjusted p over the whole keyness table; filled by the caller.
    pub q: f64,
}

/// Weighted log-odds of every scored term for outlet `target` against all other outlets pooled:
///
/// δ_w = ln[(y_wi+α_w)/(n_i+α₀−y_wi−α_w)] − ln[(y_wj+α_w)/(n_j+α₀−y_wj−α_w)]  (eq. 16)
/// σ²(δ_w) ≈ 1/(y_wi+α_w) + 1/(y_wj+α_w)                                       (eq. 20)
/// z_w = δ_w/σ(δ_w)                                                              (eq. 22)
///
/// Returns rows for the terms the outlet used plus its `under_used` most negative unused terms,
/// most distinctive first.
pub fn log_odds(counts: &TermCounts, target: usize, options: &LogOddsOptions) -> Vec<KeyTerm> {
    let n_corpus: u64 = counts.corpus.iter().sum();
    let n_i = counts.total(target);
    let n_j = n_corpus - n_i;
    if n_corpus == 0 || n_j == 0 {
        return Vec::new();
    }
    let mut y_i = vec![0u64; counts.terms.len()];
    for &(t, c) in &counts.counts[target] {
        y_i[t as usize] = c;
    }
    let a0 = options.prior_strength;
    let (ni, nj) = (n_i as f64, n_j as f64);
    let mut used = Vec::new();
    let mut unused = Vec::new();
    for (w, &y_w) in counts.corpus.iter().enumerate() {
        if y_w < options.min_count {
            continue;
        }
        let a_w = a0 * y_w as f64 / n_corpus as f64;
        let yi = y_i[w] as f64;
        let yj = (y_w - y_i[w]) as f64;
        let delta = ((yi + a_w) / (ni + a0 - yi - a_w)).ln() - ((yj + a_w) / (nj + a0 - yj - a_w)).ln();
        let se = (1.0 / (yi + a_w) + 1.0 / (yj + a_w)).sqrt();
        let z = delta / se;
        let row = KeyTerm {
            outlet: counts.outlets[target].clone(),
            term: counts.terms[w].clone(),
            count: y_i[w],
            count_rest: y_w - y_i[w],
            total: n_i,
            total_rest: n_j,
            delta,
            se,
            z,
            p: two_sided_p(z),
            q: f64::NAN,
        };
        if y_i[w] > 0 { used.push(row) } else { unused.push(row) }
    }
    let by_z = |a: &KeyTerm, b: &KeyTerm| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term));
    unused.sort_by(by_z);
    let keep_from = unused.len().saturating_sub(options.under_used);
    used.extend(unused.drain(keep_from..));
    used.sort_by(by_z);
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> TermCounts {
        // Outlet A: martyr 8, killed 2, other 90 (n=100); outlet B: martyr 0, killed 10, other 90.
        TermCounts::from_long(
            &["A", "A", "A", "B", "B"],
            &["martyr", "killed", "other", "killed", "other"],
            &[8, 2, 90, 10, 90],
        )
    }

    #[test]
    fn builds_shared_vocabulary() {
        let c = counts();
        assert_eq!(c.outlets, ["A", "B"]);
        assert_eq!(c.terms, ["killed", "martyr", "other"]);
        assert_eq!(c.corpus, [12, 8, 180]);
        assert_eq!((c.total(0), c.total(1)), (100, 100));
    }

    #[test]
    fn matches_monroe_formula_worked_by_hand() {
        // α₀ = 200, N = 200: α_w = y_w. For "martyr" in A: y_i = 8, y_j = 0, α_w = 8,
        // δ = ln(16/(100+200−8−8)) − ln(8/(100+200−0−8)) = ln(16/284) − ln(8/292) = 0.7209…
        // σ² = 1/16 + 1/8 = 0.1875, z = δ/0.4330 = 1.6648…
        let opts = LogOddsOptions { prior_strength: 200.0, min_count: 1, under_used: 0 };
        let rows = log_odds(&counts(), 0, &opts);
        let martyr = rows.iter().find(|r| r.term == "martyr").unwrap();
        let delta = (16.0f64 / 284.0).ln() - (8.0f64 / 292.0).ln();
        assert!((martyr.delta - delta).abs() < 1e-12);
        assert!((martyr.delta - 0.720_92).abs() < 1e-4, "{}", martyr.delta);
        assert!((martyr.se - 0.1875f64.sqrt()).abs() < 1e-12);
        assert!((martyr.z - 1.6649).abs() < 1e-3, "{}", martyr.z);
        assert_eq!((martyr.count, martyr.count_rest, martyr.total, martyr.total_rest), (8, 0, 100, 100));
        // killed: A under-uses it (2 vs 10), so its z is negative; rows are sorted by z.
        let zs: Vec<(&str, bool)> = rows.iter().map(|r| (r.term.as_str(), r.z > 0.0)).collect();
        assert_eq!(zs[0], ("martyr", true));
        assert_eq!(zs.last().unwrap(), &("killed", false));
    }

    #[test]
    fn min_count_and_under_used_rows() {
        // B never says "martyr": with under_used = 1 it is kept as B's most under-used term.
        let opts = LogOddsOptions { prior_strength: 200.0, min_count: 1, under_used: 1 };
        let rows = log_odds(&counts(), 1, &opts);
        let last = rows.last().unwrap();
        assert_eq!((last.term.as_str(), last.count), ("martyr", 0));
        assert!(last.z < 0.0);
        let opts = LogOddsOptions { prior_strength: 200.0, min_count: 9, under_used: 1 };
        let terms: Vec<String> = log_odds(&counts(), 1, &opts).into_iter().map(|r| r.term).collect();
        assert_eq!(terms.len(), 2, "martyr (8 < 9) is not scored: {terms:?}");
        assert!(!terms.contains(&"martyr".to_string()));
    }

    #[test]
    fn a_single_outlet_has_nothing_to_compare() {
        let c = TermCounts::from_long(&["A"], &["x"], &[3]);
        let opts = LogOddsOptions { prior_strength: 1000.0, min_count: 1, under_used: 5 };
        assert!(log_odds(&c, 0, &opts).is_empty());
    }
}
