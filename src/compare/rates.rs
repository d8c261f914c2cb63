//! Frame rates: per-article hit counts in, each outlet's hits per 1,000 tokens per category with a
//! 95% percentile bootstrap interval out. The bootstrap resamples whole articles within the outlet
//! (Efron & Tibshirani 1993, ch. 13), because hits cluster within articles: resampling tokens
//! would understate the uncertainty.

use super::rng::SplitMix64;
use super::stats::quantile_sorted;

/// The articles of one unit (an outlet or a group): token counts and, per category, hit counts
/// (`hits[c][a]`). `name` keys its random stream.
#[derive(Debug, Clone, Default)]
pub struct UnitHits {
    pub name: String,
    pub tokens: Vec<u64>,
    pub hits: Vec<Vec<u64>>,
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct BootstrapOptions {
    pub replicates: usize,
    pub seed: u64,
    /// Coverage of the interval, e.g. 0.95.
    pub level: f64,
}

/// A category's rate in one outlet, with the counts it comes from and its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub hits: u64,
    pub tokens: u64,
    /// Hits per 1,000 tokens.
    pub rate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Hits per 1,000 tokens (0 for no tokens): the rate every frame statistic reports.
pub fn per_thousand(hits: u64, tokens: u64) -> f64 {
    if tokens == 0 { 0.0 } else { 1000.0 * hits as f64 / tokens as f64 }
}

/// Rates per category for one outlet, each with its percentile bootstrap interval. The same
/// resampled articles serve every category of a replicate. The stream of random numbers depends
/// only on the seed and the outlet's name, so results do not change with thread count or with
/// which other outlets are in the study.
pub fn frame_rates(outlet: &UnitHits, options: &BootstrapOptions) -> Vec<Rate> {
    let n = outlet.tokens.len();
    let total_tokens: u64 = outlet.tokens.iter().sum();
    let categories = outlet.hits.len();
    let mut replicates = vec![Vec::with_capacity(options.replicates); categories];
    if n > 0 {
        // Each article's tokens and hits side by side, so that a draw reads one run of memory
        // and not one cache line per category: the draws are replicates × articles × categories
        // additions, 3.5 CPU s of a full ABP run with the hits held a category at a time.
        let width = categories + 1;
        let mut by_article = vec![0u64; n * width];
        for (a, row) in by_article.chunks_exact_mut(width).enumerate() {
            row[0] = outlet.tokens[a];
            for (cell, hits) in row[1..].iter_mut().zip(&outlet.hits) {
                *cell = hits[a];
            }
        }
        let mut rng = SplitMix64::for_key(options.seed, &outlet.name);
        let mut sums = vec![0u64; categories];
        for _ in 0..options.replicates {
            sums.iter_mut().for_each(|s| *s = 0);
            let mut tokens = 0u64;
            for _ in 0..n {
                let a = rng.below(n);
                let row = &by_article[a * width..(a + 1) * width];
                tokens += row[0];
                for (sum, hits) in sums.iter_mut().zip(&row[1..]) {
                    *sum += hits;
                }
            }
            for (rep, &sum) in replicates.iter_mut().zip(&sums) {
                rep.push(per_thousand(sum, tokens));
            }
        }
    }
    let tail = (1.0 - options.level) / 2.0;
    outlet
        .hits
        .iter()
        .zip(replicates)
        .map(|(hits, mut reps)| {
            let total: u64 = hits.iter().sum();
            reps.sort_by(f64::total_cmp);
            let rate = per_thousand(total, total_tokens);
            let (ci_low, ci_high) =
                if reps.is_empty() { (rate, rate) } else { (quantile_sorted(&reps, tail), quantile_sorted(&reps, 1.0 - tail)) };
            Rate { hits: total, tokens: total_tokens, rate, ci_low, ci_high }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(replicates: usize) -> BootstrapOptions {
        BootstrapOptions { replicates, seed: 0, level: 0.95 }
    }

    #[test]
    fn rate_is_hits_per_thousand_tokens_over_all_articles() {
        // 3 + 1 hits over 1000 + 3000 tokens = 1 per 1,000 (not the mean of 3 and 0.33).
        let o = UnitHits { name: "A".into(), tokens: vec![1000, 3000], hits: vec![vec![3, 1]] };
        let r = &frame_rates(&o, &opts(200))[0];
        assert_eq!((r.hits, r.tokens), (4, 4000));
        assert_eq!(r.rate, 1.0);
        // Every replicate is a mix of the two articles: its rate lies between 1/3 and 3.
        assert!(r.ci_low >= 1.0 / 3.0 - 1e-12 && r.ci_high <= 3.0 + 1e-12, "{r:?}");
        assert!(r.ci_low < r.rate && r.rate < r.ci_high, "{r:?}");
    }

    #[test]
    fn one_article_has_a_degenerate_interval() {
        let o = UnitHits { name: "A".into(), tokens: vec![500], hits: vec![vec![2], vec![0]] };
        let r = frame_rates(&o, &opts(100));
        assert_eq!((r[0].rate, r[0].ci_low, r[0].ci_high), (4.0, 4.0, 4.0));
        assert_eq!((r[1].rate, r[1].ci_low, r[1].ci_high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn identical_articles_give_no_spread_and_seed_fixes_the_result() {
        let o = UnitHits { name: "A".into(), tokens: vec![100; 5], hits: vec![vec![1; 5]] };
        let r = &frame_rates(&o, &opts(50))[0];
        assert_eq!((r.ci_low, r.ci_high), (10.0, 10.0));
        let varied = UnitHits { name: "A".into(), tokens: vec![100; 6], hits: vec![vec![0, 1, 2, 3, 4, 5]] };
        assert_eq!(frame_rates(&varied, &opts(500)), frame_rates(&varied, &opts(500)));
    }

    #[test]
    fn interval_covers_known_sampling_spread() {
        // 40 articles of 100 tokens, half with 0 hits and half with 2: rate 10 per 1,000.
        // The bootstrap distribution of the mean rate has sd ≈ 10/√40 ≈ 1.58, so the 95% interval
        // is about 10 ± 3.1; allow for Monte Carlo error with 2,000 replicates.
        let hits: Vec<u64> = (0..40).map(|i| if i % 2 == 0 { 0 } else { 2 }).collect();
        let o = UnitHits { name: "A".into(), tokens: vec![100; 40], hits: vec![hits] };
        let r = &frame_rates(&o, &opts(2000))[0];
        assert_eq!(r.rate, 10.0);
        assert!((r.ci_low - 6.9).abs() < 0.5 && (r.ci_high - 13.1).abs() < 0.5, "{r:?}");
    }
}
