//! Permutation tests: the articles of two units (outlets or groups) in, for each lexicon category
//! the difference of their rates per 1,000 words and its permutation p-value out. Articles, not
//! tokens, are exchanged between the two sides, since hits cluster within articles.

use super::rates::{UnitHits, per_thousand as rate};
use super::rng::SplitMix64;

/// Difference of rates (target − reference) and its two-sided permutation p-value, per category.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub rate_target: f64,
    pub rate_reference: f64,
    pub diff: f64,
    pub p: f64,
}

/// Tests each category's difference with `permutations` random relabellings of the pooled
/// articles; p = (1 + #{|d*| ≥ |d|}) / (permutations + 1), which is never 0 (Phipson & Smyth 2010).
/// The random stream depends only on `seed` and `key`, so results are reproducible.
pub fn permutation_test(target: &UnitHits, reference: &UnitHits, permutations: usize, seed: u64, key: &str) -> Vec<Difference> {
    let n_a = target.tokens.len();
    let tokens: Vec<u64> = target.tokens.iter().chain(&reference.tokens).copied().collect();
    let n = tokens.len();
    let categories = target.hits.len();
    let hits: Vec<Vec<u64>> =
        (0..categories).map(|c| target.hits[c].iter().chain(&reference.hits[c]).copied().collect()).collect();
    let total_tokens: u64 = tokens.iter().sum();
    let observed: Vec<Difference> = (0..categories)
        .map(|c| {
            let (ha, ta): (u64, u64) = (hits[c][..n_a].iter().sum(), tokens[..n_a].iter().sum());
            let hb: u64 = hits[c][n_a..].iter().sum();
            let (ra, rb) = (rate(ha, ta), rate(hb, total_tokens - ta));
            Difference { rate_target: ra, rate_reference: rb, diff: ra - rb, p: 1.0 }
        })
        .collect();
    if n_a == 0 || n_a == n {
        return observed;
    }
    let total_hits: Vec<u64> = hits.iter().map(|h| h.iter().sum()).collect();
    let mut extreme = vec![0usize; categories];
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::for_key(seed, key);
    for _ in 0..permutations {
        // A partial Fisher–Yates shuffle: the first n_a places are a uniform random subset.
        for i in 0..n_a {
            let j = i + rng.below(n - i);
            order.swap(i, j);
        }
        let ta: u64 = order[..n_a].iter().map(|&a| tokens[a]).sum();
        for c in 0..categories {
            let ha: u64 = order[..n_a].iter().map(|&a| hits[c][a]).sum();
            let d = rate(ha, ta) - rate(total_hits[c] - ha, total_tokens - ta);
            // A small tolerance so that ties with the observed value count as extreme.
            if d.abs() >= observed[c].diff.abs() - 1e-9 {
                extreme[c] += 1;
            }
        }
    }
    observed
        .into_iter()
        .zip(extreme)
        .map(|(d, k)| Difference { p: (1 + k) as f64 / (permutations + 1) as f64, ..d })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, tokens: Vec<u64>, hits: Vec<u64>) -> UnitHits {
        UnitHits { name: name.into(), tokens, hits: vec![hits] }
    }

    #[test]
    fn identical_sides_are_not_different() {
        let a = unit("A", vec![100; 5], vec![1, 2, 3, 4, 5]);
        let b = unit("B", vec![100; 5], vec![1, 2, 3, 4, 5]);
        let d = permutation_test(&a, &b, 500, 0, "A vs B")[0];
        assert_eq!(d.diff, 0.0);
        assert_eq!(d.p, 1.0, "every relabelling is at least as extreme as 0");
    }

    #[test]
    fn exact_p_for_complete_separation() {
        // 4 + 4 articles, all of A's with 5 hits and none of B's: only the 2 labellings of 70 that
        // put the four hit-bearing articles on one side are as extreme, so p ≈ 2/70 ≈ 0.029
        // (plus Monte Carlo error and the +1 of Phipson & Smyth).
        let a = unit("A", vec![100; 4], vec![5; 4]);
        let b = unit("B", vec![100; 4], vec![0; 4]);
        let d = permutation_test(&a, &b, 20_000, 0, "sep")[0];
        assert_eq!((d.rate_target, d.rate_reference, d.diff), (50.0, 0.0, 50.0));
        assert!((d.p - 2.0 / 70.0).abs() < 0.006, "{d:?}");
    }

    #[test]
    fn reproducible_with_its_seed_and_key() {
        let a = unit("A", vec![120, 80, 100], vec![3, 0, 2]);
        let b = unit("B", vec![90, 110], vec![0, 1]);
        assert_eq!(permutation_test(&a, &b, 300, 7, "k"), permutation_test(&a, &b, 300, 7, "k"));
    }
}
