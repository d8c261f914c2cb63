//! Association tests on a 2×2 table: a term's count in the target (a) and reference (b), and all
//! other terms' counts in each (c, d), in; signed G² (log-likelihood, Dunning 1993) or χ² out, with
//! the continuity corrections quanteda's `textstat_keyness` offers, so its numbers can be checked.
//! The sign is positive when the target uses the term more than expected (a > E₁₁).

use super::stats::two_sided_p;

/// Continuity corrections for 2×2 tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// Yates for χ², Williams for G² (quanteda's default).
    Default,
    /// No correction.
    None,
    /// Yates (1934): observed counts moved 0.5 toward their expected values.
    Yates,
    /// Williams (1976): G² divided by q = 1 + (N/R₁ + N/R₂ − 1)(N/C₁ + N/C₂ − 1)/(6N). G² only.
    Williams,
}

/// The four cells and their expected values under independence.
struct Table {
    observed: [f64; 4],
    expected: [f64; 4],
    n: f64,
}

fn table(a: f64, b: f64, c: f64, d: f64) -> Table {
    let n = a + b + c + d;
    let expected = [(a + b) * (a + c) / n, (a + b) * (b + d) / n, (c + d) * (a + c) / n, (c + d) * (b + d) / n];
    Table { observed: [a, b, c, d], expected, n }
}

fn sign(t: &Table) -> f64 {
    if t.observed[0] >= t.expected[0] { 1.0 } else { -1.0 }
}

/// Signed G² = ±2 Σ O ln(O/E) (0·ln 0 = 0).
pub fn g2(a: f64, b: f64, c: f64, d: f64, correction: Correction) -> f64 {
    let t = table(a, b, c, d);
    if t.n == 0.0 {
        return 0.0;
    }
    let observed = match correction {
        // Each cell moves 0.5 toward its expected value, never past it.
        Correction::Yates => {
            let mut o = t.observed;
            for (o, e) in o.iter_mut().zip(&t.expected) {
                let shift = (*e - *o).clamp(-0.5, 0.5);
                *o += shift;
            }
            o
        }
        _ => t.observed,
    };
    let mut g = 0.0;
    for (o, e) in observed.iter().zip(&t.expected) {
        if *o > 0.0 && *e > 0.0 {
            g += o * (o / e).ln();
        }
    }
    g *= 2.0;
    if matches!(correction, Correction::Williams | Correction::Default) {
        let n = t.n;
        let q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n);
        if q.is_finite() && q > 0.0 {
            g /= q;
        }
    }
    sign(&t) * g.max(0.0)
}

/// Signed χ² = ±N(ad − bc)² / ((a+b)(c+d)(a+c)(b+d)); with Yates, |ad − bc| − N/2 in place of
/// ad − bc, as quanteda computes it.
pub fn chi2(a: f64, b: f64, c: f64, d: f64, correction: Correction) -> f64 {
    let t = table(a, b, c, d);
    let denominator = (a + b) * (c + d) * (a + c) * (b + d);
    if denominator == 0.0 {
        return 0.0;
    }
    let diff = (a * d - b * c).abs();
    let diff = match correction {
        Correction::Yates | Correction::Default => diff - t.n / 2.0,
        _ => diff,
    };
    sign(&t) * t.n * diff * diff / denominator
}

/// p-value of a χ²(1) statistic (G² and χ² are both referred to it): P(χ²₁ ≥ |x|) = P(|Z| ≥ √|x|).
pub fn chi2_p(x: f64) -> f64 {
    two_sided_p(x.abs().sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked by hand for a = 10, b = 2, c = 90, d = 98 (N = 200):
    // E = 6, 6, 94, 94.
    // G² = 2[10 ln(10/6) + 2 ln(2/6) + 90 ln(90/94) + 98 ln(98/94)] = 6.162592
    // Williams q = 1 + (200/12 + 200/188 − 1)(200/100 + 200/100 − 1)/1200 = 1.041826 → G² = 5.915182
    // Yates G²: observed 9.5, 2.5, 90.5, 97.5 → 4.614469
    // χ² = 200·(980 − 180)²/(12·188·100·100) = 5.673759; Yates: 200·(800 − 100)²/(…) = 4.343972
    const A: (f64, f64, f64, f64) = (10.0, 2.0, 90.0, 98.0);

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-5
    }

    #[test]
    fn g2_with_and_without_corrections() {
        let (a, b, c, d) = A;
        let cases = [
            (Correction::None, 6.162_592),
            (Correction::Williams, 5.915_182),
            (Correction::Default, 5.915_182),
            (Correction::Yates, 4.614_469),
        ];
        for (correction, want) in cases {
            assert!(close(g2(a, b, c, d, correction), want), "{correction:?}: {}", g2(a, b, c, d, correction));
            // The reference over-using the term flips the sign only.
            assert!(close(g2(b, a, d, c, correction), -want), "{correction:?} reversed");
        }
    }

    #[test]
    fn chi2_with_and_without_yates() {
        let (a, b, c, d) = A;
        assert!(close(chi2(a, b, c, d, Correction::None), 5.673_759));
        assert!(close(chi2(a, b, c, d, Correction::Yates), 4.343_972));
        assert!(close(chi2(a, b, c, d, Correction::Default), 4.343_972));
        assert!(close(chi2(b, a, d, c, Correction::None), -5.673_759));
    }

    #[test]
    fn p_values_of_chi2_with_one_degree_of_freedom() {
        // 1 − pchisq(5.673759, 1) = 0.017221; 3.841459 is the 5% critical value.
        assert!((chi2_p(5.673_759) - 0.017_221).abs() < 1e-5);
        assert!((chi2_p(-3.841_459) - 0.05).abs() < 1e-6);
    }

    #[test]
    fn empty_margins_do_not_divide_by_zero() {
        assert_eq!(chi2(0.0, 0.0, 5.0, 5.0, Correction::None), 0.0);
        assert_eq!(g2(0.0, 0.0, 0.0, 0.0, Correction::None), 0.0);
        assert!(g2(0.0, 0.0, 5.0, 5.0, Correction::Williams).abs() < 1e-12);
    }
}
