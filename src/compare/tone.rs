//! Outlet tone: per-article tone (mean VADER compound of its sentences, negative and positive
//! sentence counts) in, each outlet's mean compound with a 95% percentile bootstrap interval and
//! its shares of negative and positive sentences out. The mean is over articles (each article
//! weighs the same, whatever its length), and the bootstrap resamples articles within the outlet,
//! as for frame rates (Efron & Tibshirani 1993, ch. 13).

use super::rates::BootstrapOptions;
use super::rng::SplitMix64;
use super::stats::quantile_sorted;

/// One outlet's articles: mean compound and sentence counts per article.
#[derive(Debug, Clone, Default)]
pub struct OutletArticles {
    pub outlet: String,
    pub mean_compound: Vec<f64>,
    pub n_sentences: Vec<u64>,
    pub n_negative: Vec<u64>,
    pub n_positive: Vec<u64>,
}

/// An outlet's tone.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletTone {
    pub outlet: String,
    pub n_articles: usize,
    pub n_sentences: u64,
    /// Mean over articles of their mean sentence compound.
    pub mean_compound: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Shares of all the outlet's sentences with compound ≤ −0.05 and ≥ 0.05.
    pub share_negative: f64,
    pub share_positive: f64,
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// The outlet's tone with its bootstrap interval. Random numbers depend only on the seed and the
/// outlet's name (a stream apart from the frame rates', keyed "tone:<outlet>").
pub fn outlet_tone(a: &OutletArticles, options: &BootstrapOptions) -> OutletTone {
    let n = a.mean_compound.len();
    let point = mean(a.mean_compound.iter().copied());
    let mut reps = Vec::with_capacity(options.replicates);
    if n > 0 {
        let mut rng = SplitMix64::for_key(options.seed, &format!("tone:{}", a.outlet));
        for _ in 0..options.replicates {
            reps.push(mean((0..n).map(|_| a.mean_compound[rng.below(n)])));
        }
    }
    reps.sort_by(f64::total_cmp);
    let tail = (1.0 - options.level) / 2.0;
    let (ci_low, ci_high) =
        if reps.is_empty() { (point, point) } else { (quantile_sorted(&reps, tail), quantile_sorted(&reps, 1.0 - tail)) };
    let sentences: u64 = a.n_sentences.iter().sum();
    let share = |counts: &[u64]| if sentences == 0 { 0.0 } else { counts.iter().sum::<u64>() as f64 / sentences as f64 };
    OutletTone {
        outlet: a.outlet.clone(),
        n_articles: n,
        n_sentences: sentences,
        mean_compound: point,
        ci_low,
        ci_high,
        share_negative: share(&a.n_negative),
        share_positive: share(&a.n_positive),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> BootstrapOptions {
        BootstrapOptions { replicates: 2000, seed: 0, level: 0.95 }
    }

    #[test]
    fn mean_is_over_articles_and_shares_over_sentences() {
        // Articles with means 0.5 and −0.1 → outlet mean 0.2 (not weighted by their 2 and 8
        // sentences). Negative sentences 0 + 4 of 10, positive 2 + 1 of 10.
        let a = OutletArticles {
            outlet: "A".into(),
            mean_compound: vec![0.5, -0.1],
            n_sentences: vec![2, 8],
            n_negative: vec![0, 4],
            n_positive: vec![2, 1],
        };
        let t = outlet_tone(&a, &opts());
        assert_eq!((t.n_articles, t.n_sentences), (2, 10));
        assert!((t.mean_compound - 0.2).abs() < 1e-12);
        assert_eq!((t.share_negative, t.share_positive), (0.4, 0.3));
        // Every replicate mixes the two articles: its mean lies in [−0.1, 0.5].
        assert!(t.ci_low >= -0.1 - 1e-12 && t.ci_high <= 0.5 + 1e-12 && t.ci_low < t.ci_high, "{t:?}");
    }

    #[test]
    fn one_article_or_none_gives_a_degenerate_interval() {
        let one = OutletArticles { outlet: "A".into(), mean_compound: vec![-0.3], n_sentences: vec![3], n_negative: vec![2], n_positive: vec![0] };
        let t = outlet_tone(&one, &opts());
        assert_eq!((t.mean_compound, t.ci_low, t.ci_high), (-0.3, -0.3, -0.3));
        let none = outlet_tone(&OutletArticles::default(), &opts());
        assert_eq!((none.mean_compound, none.share_negative, none.n_articles), (0.0, 0.0, 0));
    }

    #[test]
    fn interval_covers_known_sampling_spread() {
        // 40 articles, half at −0.5 and half at +0.5: mean 0, sd of the bootstrap mean ≈ 0.5/√40
        // ≈ 0.079, so the 95% interval is about ±0.155.
        let means: Vec<f64> = (0..40).map(|i| if i % 2 == 0 { -0.5 } else { 0.5 }).collect();
        let a = OutletArticles { outlet: "A".into(), mean_compound: means, n_sentences: vec![1; 40], n_negative: vec![0; 40], n_positive: vec![0; 40] };
        let t = outlet_tone(&a, &opts());
        assert!(t.mean_compound.abs() < 1e-12);
        assert!((t.ci_low + 0.155).abs() < 0.03 && (t.ci_high - 0.155).abs() < 0.03, "{t:?}");
    }
}
